/*
 * wz_text_shape: text in every script (see wz_text_int.h).
 *
 * SDL_ttf shapes a string through HarfBuzz with one font, one script and one direction, so
 * a line mixing Urdu, English words and numbers is cut here into runs: the Unicode
 * bidirectional algorithm (FriBidi) gives each character its embedding level, HarfBuzz's
 * Unicode tables its script (common characters such as spaces and digits join the run they
 * stand in), and each run takes the first font of its chain that has its characters: the
 * kiosk's own, then its script's Noto font, opened only when a text needs it. Lines break
 * at spaces (the break these scripts use; a word never splits inside a grapheme cluster,
 * and only when it is wider than the line by itself), each line's runs are put in visual
 * order (rule L2: reverse from the highest level down) and drawn side by side on their
 * common baseline. Line height is the kiosk font's, so screens lay out the same in every
 * script (the UI variants of the Noto fonts are made for that).
 */
#include <fribidi.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wz_text_int.h"
#include "wz_util.h"

#define WZ_SHAPE_MAX_CPS 8192

/* The script fonts: Debian's fonts-noto-ui-core first (small, and metrics made to sit
 * beside a Latin UI font), then fonts-noto-core's names. */
static const struct {
    hb_script_t script;
    const char *file[2][3]; /* [bold][candidate] */
} faces[] = {
    {HB_SCRIPT_INVALID, {{NULL}, {NULL}}}, /* face 0: the kiosk's own font */
    {HB_SCRIPT_ARABIC,
     {{"NotoNaskhArabicUI-Regular.ttf", "NotoNaskhArabic-Regular.ttf",
       "NotoSansArabic-Regular.ttf"},
      {"NotoNaskhArabicUI-Bold.ttf", "NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Bold.ttf"}}},
    {HB_SCRIPT_GUJARATI,
     {{"NotoSansGujaratiUI-Regular.ttf", "NotoSansGujarati-Regular.ttf"},
      {"NotoSansGujaratiUI-Bold.ttf", "NotoSansGujarati-Bold.ttf"}}},
    {HB_SCRIPT_GURMUKHI,
     {{"NotoSansGurmukhiUI-Regular.ttf", "NotoSansGurmukhi-Regular.ttf"},
      {"NotoSansGurmukhiUI-Bold.ttf", "NotoSansGurmukhi-Bold.ttf"}}},
    {HB_SCRIPT_DEVANAGARI,
     {{"NotoSansDevanagariUI-Regular.ttf", "NotoSansDevanagari-Regular.ttf"},
      {"NotoSansDevanagariUI-Bold.ttf", "NotoSansDevanagari-Bold.ttf"}}},
    {HB_SCRIPT_BENGALI,
     {{"NotoSansBengaliUI-Regular.ttf", "NotoSansBengali-Regular.ttf"},
      {"NotoSansBengaliUI-Bold.ttf", "NotoSansBengali-Bold.ttf"}}},
    {HB_SCRIPT_TAMIL,
     {{"NotoSansTamilUI-Regular.ttf", "NotoSansTamil-Regular.ttf"},
      {"NotoSansTamilUI-Bold.ttf", "NotoSansTamil-Bold.ttf"}}},
    {HB_SCRIPT_HEBREW, {{"NotoSansHebrew-Regular.ttf"}, {"NotoSansHebrew-Bold.ttf"}}},
};

static const char *const font_dirs[] = {"/usr/share/fonts/truetype/noto",
                                        "/usr/share/fonts/opentype/noto"};

const char *wz_text_face_file(wz_text_cache *tc, int face, int bold)
{
    if (face <= 0 || face >= (int)WZ_ARRAY_LEN(faces)) return NULL;
    bold = bold ? 1 : 0;
    char **slot = &tc->face_path[face][bold];
    if (!*slot) {
        *slot = wz_xstrdup("");
        for (int d = -1; d < (int)WZ_ARRAY_LEN(font_dirs) && !**slot; d++) {
            const char *dir = d < 0 ? tc->font_dir : font_dirs[d];
            for (int i = 0; i < 3 && faces[face].file[bold][i] && !**slot; i++) {
                char *path = wz_path_join(dir, faces[face].file[bold][i]);
                struct stat st;
                if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                    free(*slot);
                    *slot = path;
                } else {
                    free(path);
                }
            }
        }
    }
    return **slot ? *slot : NULL;
}

static int face_of_script(hb_script_t s)
{
    for (int i = 1; i < (int)WZ_ARRAY_LEN(faces); i++)
        if (faces[i].script == s) return i;
    return 0;
}

static hb_script_t script_of(unsigned cp)
{
    return hb_unicode_script(hb_unicode_funcs_get_default(), cp);
}

static int is_rtl_cp(unsigned cp)
{
    return FRIBIDI_IS_RTL(fribidi_get_bidi_type(cp)) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200F;
}

int wz_text_shape_needed(const wz_text_cache *tc, const char *text, size_t n)
{
    /* Text with no right-to-left letter and no complex script is one left-to-right run in
     * any visit (even a right-to-left one: a paragraph without right-to-left letters is
     * left to right, see para_init), which SDL_ttf draws as well on its own. */
    const unsigned char *p = (const unsigned char *)text, *end = p + n;
    while (p < end && *p) {
        if (*p < 0xD6) { /* below U+0580: Latin, Greek, Cyrillic, Armenian */
            p++;
            continue;
        }
        unsigned cp = wz_text_utf8_next(&p);
        if ((cp >= 0x0590 && cp < 0x1E00) || is_rtl_cp(cp) || (cp >= 0xA800 && cp < 0xABFF) ||
            (cp >= 0xFB1D && cp < 0xFF00) || (cp >= 0x10800 && cp < 0x11FFF))
            return 1;
    }
    return 0;
}

int wz_text_shape_has_glyph(wz_text_cache *tc, unsigned cp, int px, int bold)
{
    int face = face_of_script(script_of(cp));
    TTF_Font *f = face ? wz_text_font(tc, face, px, bold) : NULL;
    if (f && TTF_GlyphIsProvided32(f, cp)) return 1;
    /* joiners and direction marks are kept: they steer shaping and bidi, and draw nothing */
    return cp == 0x200C || cp == 0x200D || is_rtl_cp(cp) || cp == 0x200E;
}

/* ---- a paragraph's characters and runs ---- */

typedef struct para {
    const char *text;     /* UTF-8 */
    int n;                /* code points */
    FriBidiChar *cps;     /* n */
    int *off;             /* n + 1 byte offsets */
    FriBidiLevel *levels; /* n */
    int *face;            /* n: font face of each character */
    hb_script_t *script;  /* n: resolved script */
} para;

static void para_free(para *p)
{
    free(p->cps);
    free(p->off);
    free(p->levels);
    free(p->face);
    free(p->script);
}

/* Scripts of common and inherited characters (spaces, digits, marks) become their
 * neighbour's, so that a run is never cut by a space or a digit. */
static void resolve_scripts(para *p)
{
    hb_script_t last = HB_SCRIPT_INVALID;
    for (int i = 0; i < p->n; i++) {
        hb_script_t s = script_of(p->cps[i]);
        /* an isolate (an emoticon put in for an emoji) takes its script from inside */
        if (p->cps[i] >= 0x2066 && p->cps[i] <= 0x2069) last = HB_SCRIPT_INVALID;
        if (s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN) s = last;
        p->script[i] = s;
        if (s != HB_SCRIPT_INVALID) last = s;
    }
    hb_script_t next = HB_SCRIPT_LATIN;
    for (int i = p->n - 1; i >= 0; i--) {
        if (p->script[i] == HB_SCRIPT_INVALID)
            p->script[i] = next;
        else
            next = p->script[i];
    }
}

/* A phone number such as "0800 1111" is one number to a reader, but the bidi algorithm
 * makes each group of digits its own left-to-right run, so in a right-to-left line the
 * groups would come out swapped ("1111 0800"). One space or hyphen between two digits takes
 * the digits' level, so the groups stay in their order. */
static void join_number_groups(para *p, const FriBidiCharType *types)
{
    for (int i = 1; i + 1 < p->n; i++) {
        unsigned c = p->cps[i];
        if (c != ' ' && c != 0xA0 && c != '-' && c != 0x2011) continue;
        if (types[i - 1] != FRIBIDI_TYPE_EN || types[i + 1] != FRIBIDI_TYPE_EN) continue;
        FriBidiLevel lv = WZ_MIN(p->levels[i - 1], p->levels[i + 1]);
        if (p->levels[i] < lv) p->levels[i] = lv;
    }
}

static int para_init(wz_text_cache *tc, para *p, const char *text, size_t len, int px, int bold)
{
    memset(p, 0, sizeof *p);
    p->text = text;
    size_t cap = len + 1;
    p->cps = wz_xcalloc(cap, sizeof *p->cps);
    p->off = wz_xcalloc(cap + 1, sizeof *p->off);
    const unsigned char *s = (const unsigned char *)text, *end = s + len;
    while (s < end && p->n < WZ_SHAPE_MAX_CPS) {
        p->off[p->n] = (int)(s - (const unsigned char *)text);
        p->cps[p->n++] = wz_text_utf8_next(&s);
    }
    p->off[p->n] = (int)(s - (const unsigned char *)text);
    p->levels = wz_xcalloc(cap, sizeof *p->levels);
    p->face = wz_xcalloc(cap, sizeof *p->face);
    p->script = wz_xcalloc(cap, sizeof *p->script);
    if (p->n == 0) return 0;
    FriBidiCharType *types = wz_xcalloc(cap, sizeof *types);
    FriBidiBracketType *brackets = wz_xcalloc(cap, sizeof *brackets);
    fribidi_get_bidi_types(p->cps, p->n, types);
    fribidi_get_bracket_types(p->cps, p->n, types, brackets);
    int has_rtl = 0;
    for (int i = 0; i < p->n; i++)
        has_rtl |= FRIBIDI_IS_LETTER(types[i]) && FRIBIDI_IS_RTL(types[i]);
    /* in a right-to-left visit, a paragraph with any right-to-left letter is right to left
     * (an Urdu sentence may open with an English name); otherwise its first letter says */
    FriBidiParType base = tc->rtl ? (has_rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR) : FRIBIDI_PAR_ON;
    int ok = fribidi_get_par_embedding_levels_ex(types, brackets, p->n, &base, p->levels) != 0;
    if (ok) join_number_groups(p, types);
    free(types);
    free(brackets);
    if (!ok) return -1;
    resolve_scripts(p);
    for (int i = 0; i < p->n; i++) {
        int face = face_of_script(p->script[i]);
        TTF_Font *f = face ? wz_text_font(tc, face, px, bold) : NULL;
        if (!f || !TTF_GlyphIsProvided32(f, p->cps[i])) face = 0;
        p->face[i] = face;
    }
    return 0;
}

static int same_run(const para *p, int a, int b)
{
    return p->levels[a] == p->levels[b] && p->face[a] == p->face[b] && p->script[a] == p->script[b];
}

static int is_space(unsigned cp)
{
    return cp == ' ' || cp == 0x3000 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x205F;
}

/* Sets font's script and direction for the run at [a, b) and returns the font. */
static TTF_Font *run_font(wz_text_cache *tc, const para *p, int a, int px, int bold)
{
    TTF_Font *f = wz_text_font(tc, p->face[a], px, bold);
    if (!f) f = wz_text_font(tc, 0, px, bold);
    if (!f) return NULL;
    char tag[5];
    hb_tag_to_string(hb_script_to_iso15924_tag(p->script[a]), tag);
    tag[4] = '\0';
    TTF_SetFontScriptName(f, tag);
    TTF_SetFontDirection(f, (p->levels[a] & 1) ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    return f;
}

/* Puts a font back as SDL_ttf's own path expects it (left to right, script unknown): the
 * kiosk's font is shared with that path, which never sets them. */
static void run_done(TTF_Font *f)
{
    if (!f) return;
    TTF_SetFontScriptName(f, "Zzzz");
    TTF_SetFontDirection(f, TTF_DIRECTION_LTR);
}

/* Width of the characters [a, b), measured run by run. */
static int span_width(wz_text_cache *tc, const para *p, int a, int b, int px, int bold)
{
    int total = 0;
    char *buf = wz_xmalloc((size_t)(p->off[b] - p->off[a]) + 1);
    while (a < b) {
        int e = a + 1;
        while (e < b && same_run(p, a, e))
            e++;
        size_t len = (size_t)(p->off[e] - p->off[a]);
        memcpy(buf, p->text + p->off[a], len);
        buf[len] = '\0';
        TTF_Font *f = run_font(tc, p, a, px, bold);
        int w = 0;
        if (f && TTF_SizeUTF8(f, buf, &w, NULL) == 0) total += w;
        run_done(f);
        a = e;
    }
    free(buf);
    return total;
}

/* 1 when a line may break before character i inside a word: not inside a grapheme
 * cluster (before a mark or joiner, or after a virama or joiner). */
static int cluster_boundary(const para *p, int i)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_unicode_general_category_t gc = hb_unicode_general_category(uf, p->cps[i]);
    if (gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
        gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
        gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK || p->cps[i] == 0x200D ||
        p->cps[i] == 0x200C)
        return 0;
    unsigned prev = p->cps[i - 1];
    return prev != 0x200D &&
           hb_unicode_combining_class(uf, prev) != HB_UNICODE_COMBINING_CLASS_VIRAMA;
}

/* ---- lines ---- */

typedef struct line {
    int a, b; /* characters, trailing spaces left out */
    int w;
} line;

/* Breaks a paragraph into lines of at most wrap pixels (0: one line); returns the count. */
static int break_lines(wz_text_cache *tc, const para *p, int wrap, int px, int bold, line **out)
{
    int cap = 8, n = 0;
    line *ls = wz_xcalloc((size_t)cap, sizeof *ls);
    int i = 0;
    while (i < p->n || n == 0) {
        line l = {i, i, 0};
        int pos = i;
        while (pos < p->n) {
            int ws = pos, we = pos; /* the spaces then the word from pos */
            while (we < p->n && is_space(p->cps[we]))
                we++;
            int wa = we;
            while (we < p->n && !is_space(p->cps[we]))
                we++;
            int sp = l.b > l.a ? span_width(tc, p, ws, wa, px, bold) : 0;
            int ww = span_width(tc, p, wa, we, px, bold);
            if (wrap > 0 && l.b > l.a && l.w + sp + ww > wrap) break;
            if (wrap > 0 && l.b == l.a && ww > wrap) {
                /* a word wider than the line: as many whole clusters as fit */
                int cut = wa + 1;
                for (int k = wa + 1; k < we; k++) {
                    if (!cluster_boundary(p, k)) continue;
                    if (span_width(tc, p, wa, k, px, bold) > wrap) break;
                    cut = k;
                }
                while (cut < we && !cluster_boundary(p, cut))
                    cut++;
                l.a = wa;
                l.b = cut;
                l.w = span_width(tc, p, wa, cut, px, bold);
                pos = cut;
                break;
            }
            if (l.b == l.a) l.a = wa;
            l.w += (l.b > l.a ? sp : 0) + ww;
            l.b = we;
            pos = we;
        }
        if (n == cap) {
            cap *= 2;
            ls = wz_xrealloc(ls, (size_t)cap * sizeof *ls);
        }
        ls[n++] = l;
        while (pos < p->n && is_space(p->cps[pos]))
            pos++;
        if (pos == i && pos < p->n) pos++; /* never loop without progress */
        i = pos;
        if (i >= p->n) break;
    }
    *out = ls;
    return n;
}

/* The first character of each run of line l, in visual order (left to right) into ra
 * (room for l.b - l.a); returns the count. */
static int visual_runs(const para *p, line l, int *ra)
{
    int nruns = 0;
    for (int k = l.a; k < l.b; k++)
        if (k == l.a || !same_run(p, k - 1, k)) ra[nruns++] = k;
    /* rule L2: from the highest level down to the lowest odd one, reverse each sequence of
     * runs at that level or higher */
    int hi = 0, lo_odd = 255;
    for (int r = 0; r < nruns; r++) {
        int lv = p->levels[ra[r]];
        hi = WZ_MAX(hi, lv);
        if (lv & 1) lo_odd = WZ_MIN(lo_odd, lv);
    }
    for (int lv = hi; lv >= lo_odd && lv > 0; lv--) {
        for (int r = 0; r < nruns;) {
            if (p->levels[ra[r]] < lv) {
                r++;
                continue;
            }
            int e = r;
            while (e < nruns && p->levels[ra[e]] >= lv)
                e++;
            for (int s = r, t = e - 1; s < t; s++, t--) {
                int tmp = ra[s];
                ra[s] = ra[t];
                ra[t] = tmp;
            }
            r = e;
        }
    }
    return nruns;
}

/* End of the run that starts at a, within line l. */
static int run_end(const para *p, line l, int a)
{
    int b = a + 1;
    while (b < l.b && same_run(p, a, b))
        b++;
    return b;
}

/* Draws line l of p onto dst at (x, y), runs in visual order on the kiosk font's baseline. */
static void draw_line(wz_text_cache *tc, const para *p, line l, int px, int bold, SDL_Color ink,
                      SDL_Surface *dst, int x, int y)
{
    int *ra = wz_xcalloc((size_t)(l.b - l.a) + 1, sizeof *ra);
    int nruns = visual_runs(p, l, ra);
    TTF_Font *own = wz_text_font(tc, 0, px, bold);
    int base = own ? TTF_FontAscent(own) : px;
    char *buf = wz_xmalloc((size_t)(p->off[l.b] - p->off[l.a]) + 1);
    for (int r = 0; r < nruns; r++) {
        int a = ra[r], b = run_end(p, l, a);
        size_t len = (size_t)(p->off[b] - p->off[a]);
        memcpy(buf, p->text + p->off[a], len);
        buf[len] = '\0';
        TTF_Font *f = run_font(tc, p, a, px, bold);
        SDL_Surface *s = f ? TTF_RenderUTF8_Blended(f, buf, ink) : NULL;
        run_done(f);
        if (!s) continue;
        SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
        SDL_Rect to = {x, y + base - TTF_FontAscent(f), s->w, s->h};
        SDL_BlitSurface(s, NULL, dst, &to);
        x += s->w;
        SDL_FreeSurface(s);
    }
    free(buf);
    free(ra);
}

int wz_text_shape(wz_text_cache *tc, const char *text, int px, int bold, SDL_Color ink, int wrap,
                  int align, int *w, int *h, SDL_Surface **surf)
{
    TTF_Font *own = wz_text_font(tc, 0, px, bold);
    if (!own) return -1;
    int skip = TTF_FontLineSkip(own);
    /* paragraphs (at '\n') and their lines, laid out first to know the size */
    int np = 0, cap = 4, nlines = 0, maxw = 0;
    para *ps = wz_xcalloc((size_t)cap, sizeof *ps);
    line **pl = wz_xcalloc((size_t)cap, sizeof *pl);
    int *pn = wz_xcalloc((size_t)cap, sizeof *pn);
    for (const char *s = text;;) {
        size_t len = strcspn(s, "\n");
        if (np == cap) {
            cap *= 2;
            ps = wz_xrealloc(ps, (size_t)cap * sizeof *ps);
            pl = wz_xrealloc(pl, (size_t)cap * sizeof *pl);
            pn = wz_xrealloc(pn, (size_t)cap * sizeof *pn);
        }
        if (para_init(tc, &ps[np], s, len, px, bold) != 0) {
            para_free(&ps[np]);
            memset(&ps[np], 0, sizeof ps[np]);
        }
        pn[np] = break_lines(tc, &ps[np], wrap, px, bold, &pl[np]);
        for (int k = 0; k < pn[np]; k++)
            maxw = WZ_MAX(maxw, pl[np][k].w);
        nlines += pn[np];
        np++;
        if (!s[len]) break;
        s += len + 1;
    }
    *w = WZ_MAX(maxw, 1);
    *h = nlines * skip;
    int rc = 0;
    if (surf) {
        *surf = SDL_CreateRGBSurfaceWithFormat(0, *w, *h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!*surf) rc = -1;
    }
    int y = 0;
    for (int i = 0; i < np; i++) {
        for (int k = 0; k < pn[i]; k++) {
            line l = pl[i][k];
            int x = align == WZ_ALIGN_CENTER  ? (*w - l.w) / 2
                    : align == WZ_ALIGN_RIGHT ? *w - l.w
                                              : 0;
            if (surf && *surf && l.b > l.a) draw_line(tc, &ps[i], l, px, bold, ink, *surf, x, y);
            y += skip;
        }
        free(pl[i]);
        para_free(&ps[i]);
    }
    free(ps);
    free(pl);
    free(pn);
    return rc;
}

char *wz_text_shape_runs(wz_text_cache *tc, const char *text, int px)
{
    para p;
    wz_buf out;
    wz_buf_init(&out, WZ_TEXT_MAX_BYTES * 4);
    if (para_init(tc, &p, text, strcspn(text, "\n"), px, 0) == 0 && p.n > 0) {
        line l = {0, p.n, 0};
        int *ra = wz_xcalloc((size_t)p.n + 1, sizeof *ra);
        int nruns = visual_runs(&p, l, ra);
        for (int r = 0; r < nruns; r++) {
            int b = run_end(&p, l, ra[r]);
            char tag[5];
            hb_tag_to_string(hb_script_to_iso15924_tag(p.script[ra[r]]), tag);
            tag[4] = '\0';
            wz_buf_printf(&out, "%s[%s %s %s]", r ? " " : "", (p.levels[ra[r]] & 1) ? "rtl" : "ltr",
                          tag, p.face[ra[r]] ? "script-font" : "own-font");
            wz_buf_append(&out, p.text + p.off[ra[r]], (size_t)(p.off[b] - p.off[ra[r]]));
        }
        free(ra);
    }
    para_free(&p);
    return wz_buf_steal(&out);
}
