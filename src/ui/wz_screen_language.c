/*
 * wz_screen_language: the language choice on "Who is playing?", a row of buttons, each
 * language named in its own script (English, Polski, اردو...), shown only when more than
 * one configured language has scenarios. Choosing sets the visit's language
 * (wz_session_set_language); the kiosk then switches its own words (wz_i18n) and the text
 * layer (wz_text_set_language) before the next frame. The next visitor starts again in the
 * first configured language.
 */
#include "wz_i18n.h"
#include "wz_screens.h"
#include "wz_util.h"

/* The languages offered, or 0 when there is no choice to make. */
static int offered(const wz_screen_ctx *sx, const char **langs)
{
    int n = wz_session_languages(sx->session, langs, WZ_SESSION_MAX_LANGUAGES);
    return n > 1 ? n : 0;
}

int wz_screen_language_row(wz_screen_ctx *sx, wz_ui *ui, int y, int dry)
{
    const wz_theme *t = &ui->th;
    const char *langs[WZ_SESSION_MAX_LANGUAGES];
    int n = offered(sx, langs);
    if (n == 0) return 0;
    int cols = WZ_MIN(n, t->portrait ? 3 : 5);
    int rows = (n + cols - 1) / cols;
    int bw = WZ_MIN(wz_px(t, 320), (t->col_w - (cols - 1) * t->gap) / cols);
    int bh = 0;
    for (int i = 0; i < n; i++)
        bh = WZ_MAX(bh, wz_button_height(ui, bw, wz_i18n_native_name(langs[i]), "tick", 0));
    int h = rows * bh + (rows - 1) * t->gap;
    if (dry) return h + t->gap * 2;
    const char *cur = wz_session_language(sx->session);
    for (int i = 0; i < n; i++) {
        int row = i / cols, in_row = WZ_MIN(cols, n - row * cols);
        int x0 = (t->w - (in_row * bw + (in_row - 1) * t->gap)) / 2;
        SDL_Rect r = {x0 + (i % cols) * (bw + t->gap), y + row * (bh + t->gap), bw, bh};
        int on = wz_i18n_same_language(langs[i], cur);
        wz_button(ui, r, wz_i18n_native_name(langs[i]), on ? "tick" : NULL,
                  on ? WZ_BTN_PRIMARY : WZ_BTN_SECONDARY, 0, WZ_ACT_LANGUAGE, i);
    }
    return h + t->gap * 2;
}

int wz_screen_language_action(wz_screen_ctx *sx, int action, int arg, long long now)
{
    if (action != WZ_ACT_LANGUAGE) return 0;
    const char *langs[WZ_SESSION_MAX_LANGUAGES];
    int n = offered(sx, langs);
    if (arg < 0 || arg >= n) return 1;
    wz_session_set_language(sx->session, langs[arg], now);
    return 1;
}
