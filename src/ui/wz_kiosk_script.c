/*
 * wz_kiosk_script: the script mode (docs/script-mode.md): one command per loop turn,
 * taps and holds synthesised as finger events through the same handler a real finger goes
 * through, waits on the kiosk's clock (fake or real), expectations checked against the
 * texts of the frame on screen.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wz_image_lib.h"
#include "wz_kiosk_int.h"
#include "wz_narration.h"
#include "wz_util.h"

int wz_kiosk_script_shot(wz_kiosk *k, const char *name)
{
    const char *dir = k->opts.screenshot_dir ? k->opts.screenshot_dir : ".";
    mkdir(dir, 0755);
    char *file = wz_xasprintf("%s.png", name);
    char *path = wz_path_join(dir, file);
    free(file);
    SDL_Surface *s =
        SDL_CreateRGBSurfaceWithFormat(0, k->out_w, k->out_h, 32, SDL_PIXELFORMAT_ARGB8888);
    int rc = -1;
    if (s && SDL_RenderReadPixels(k->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) == 0)
        rc = wz_image_lib_save_png(s, path);
    if (rc != 0) fprintf(stderr, "wz-kiosk: cannot save %s: %s\n", path, SDL_GetError());
    SDL_FreeSurface(s);
    free(path);
    return rc;
}

void wz_kiosk_script_report_layout(wz_kiosk *k, const char *report)
{
    const wz_script_cmd *c = k->script && k->pc > 0 ? &k->script->cmds[k->pc - 1] : NULL;
    if (c)
        fprintf(stderr, "%s:%d:%d: layout check failed on the %s screen (%dx%d):\n%s",
                k->script->file, c->line, c->column,
                wz_screen_name(wz_session_screen(k->ctx.session)), k->out_w, k->out_h, report);
    else
        fprintf(stderr, "wz-kiosk: layout check failed on the %s screen (%dx%d):\n%s",
                wz_screen_name(wz_session_screen(k->ctx.session)), k->out_w, k->out_h, report);
}

static void script_fail(wz_kiosk *k, const wz_script_cmd *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void script_fail(wz_kiosk *k, const wz_script_cmd *c, const char *fmt, ...)
{
    fprintf(stderr, "%s:%d:%d: ", k->script->file, c->line, c->column);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    char *texts = wz_frame_texts(k->frame);
    fprintf(stderr, "\n  (on the %s screen; texts shown:)\n%s",
            wz_screen_name(wz_session_screen(k->ctx.session)), texts ? texts : "");
    fprintf(stderr, "  controls:");
    for (int i = 0; i < wz_frame_control_count(k->frame); i++)
        fprintf(stderr, " \"%s\"", wz_frame_control_at(k->frame, i)->label);
    fprintf(stderr, "\n");
    free(texts);
    wz_kiosk_request_quit(k, 1);
}

/* One finger event at pixel (x, y), through the same input layer as a real finger. */
static void synth_finger(wz_kiosk *k, Uint32 type, int x, int y)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    ev.tfinger.timestamp = SDL_GetTicks();
    ev.tfinger.touchId = 1;
    ev.tfinger.fingerId = 1;
    ev.tfinger.x = ((float)x + 0.5f) / (float)k->out_w;
    ev.tfinger.y = ((float)y + 0.5f) / (float)k->out_h;
    ev.tfinger.pressure = type == SDL_FINGERUP ? 0.0f : 1.0f;
    if (type == SDL_FINGERUP) wz_kiosk_bench_touch(k->bench, ev.tfinger.timestamp);
    wz_kiosk_handle_event(k, &ev);
}

/* A tap exactly as a finger makes it: down, a frame showing the press, then up. */
static void synth_tap(wz_kiosk *k, int x, int y)
{
    synth_finger(k, SDL_FINGERDOWN, x, y);
    if (k->dirty) wz_kiosk_frame(k, wz_kiosk_now(k), NULL);
    synth_finger(k, SDL_FINGERUP, x, y);
    k->dirty = 1;
}

/* The control of the frame with that action, argument and label, or NULL. */
static const wz_control *same_control(const wz_frame *f, int action, int arg, const char *label)
{
    for (int i = wz_frame_control_count(f) - 1; i >= 0; i--) {
        const wz_control *c = wz_frame_control_at(f, i);
        if (c->action == action && c->arg == arg && strcmp(c->label, label) == 0) return c;
    }
    return NULL;
}

int wz_kiosk_tap_control(wz_kiosk *k, const wz_control *ctl, long long now)
{
    int action = ctl->action, arg = ctl->arg;
    char *label = wz_xstrdup(ctl->label);
    if (wz_frame_reveal(k->frame, ctl)) { /* scrolled into view first, like a visitor would */
        wz_kiosk_frame(k, now, NULL);
        ctl = same_control(k->frame, action, arg, label);
    }
    free(label);
    if (!ctl) return -1;
    SDL_Rect r = wz_frame_screen_rect(k->frame, ctl);
    int x = r.x + r.w / 2, y = r.y + r.h / 2;
    const wz_control *hit = wz_frame_hit(k->frame, x, y);
    if (!hit || hit->action != action || hit->arg != arg) return -1; /* covered */
    synth_tap(k, x, y);
    return 0;
}

/* The end of a `hold`: a frame showing the finger still down at the time reached (what
 * the loop would draw for a real finger then), then the finger up where it went down. */
static void hold_release(wz_kiosk *k)
{
    k->holding = 0;
    wz_kiosk_frame(k, wz_kiosk_now(k), NULL);
    synth_finger(k, SDL_FINGERUP, k->hold_x, k->hold_y);
    k->dirty = 1;
}

/* Lets ms pass: at once on the fake clock, else the loop waits until then. */
static void pass_time(wz_kiosk *k, long long ms, long long now)
{
    if (k->opts.fake_clock)
        k->fake_now += ms;
    else
        k->wait_until = now + ms;
}

void wz_kiosk_script_step(wz_kiosk *k)
{
    if (k->holding) { /* a hold's time has passed: lift the finger first */
        hold_release(k);
        return;
    }
    if (k->pc >= k->script->count) {
        wz_kiosk_request_quit(k, k->layout_failures ? 1 : 0);
        return;
    }
    const wz_script_cmd *c = &k->script->cmds[k->pc++];
    long long now = wz_kiosk_now(k);
    switch (c->op) {
    case WZ_SCRIPT_TAP_XY:
        synth_tap(k, WZ_MIN((int)(c->x * k->out_w), k->out_w - 1),
                  WZ_MIN((int)(c->y * k->out_h), k->out_h - 1));
        break;
    case WZ_SCRIPT_TAP_LABEL: {
        const wz_control *ctl = wz_frame_find(k->frame, c->text);
        if (!ctl || wz_kiosk_tap_control(k, ctl, now) != 0) {
            script_fail(k, c, "no control labelled \"%s\" on the screen", c->text);
            return;
        }
        break;
    }
    case WZ_SCRIPT_HOLD:
        /* down now; the loop runs (frames, deadlines) while the time passes, and the next
         * step lifts the finger */
        k->hold_x = WZ_MIN((int)(c->x * k->out_w), k->out_w - 1);
        k->hold_y = WZ_MIN((int)(c->y * k->out_h), k->out_h - 1);
        synth_finger(k, SDL_FINGERDOWN, k->hold_x, k->hold_y);
        wz_kiosk_frame(k, now, NULL);
        k->holding = 1;
        pass_time(k, c->ms, now);
        break;
    case WZ_SCRIPT_WAIT:
        pass_time(k, c->ms, now);
        break;
    case WZ_SCRIPT_IDLE:
        k->offset += c->ms;
        break;
    case WZ_SCRIPT_SHOT:
        wz_kiosk_frame(k, now, c->text);
        break;
    case WZ_SCRIPT_EXPECT:
        if (!wz_frame_has_text(k->frame, c->text))
            script_fail(k, c, "expected \"%s\" on the screen", c->text);
        break;
    case WZ_SCRIPT_QUIT:
        wz_kiosk_request_quit(k, k->layout_failures ? 1 : 0);
        break;
    case WZ_SCRIPT_SEED:
        wz_session_set_seed(wz_app_session(k->app), (unsigned long long)c->ms);
        break;
    case WZ_SCRIPT_LANGUAGE:
        wz_text_set_language(k->text, c->text);
        break;
    case WZ_SCRIPT_EXPECT_AUDIO: {
        const char *on = wz_narration_playing(k->narration);
        if (c->text ? !on || strcmp(on, c->text) != 0 : on != NULL)
            script_fail(k, c, "expected %s%s%s playing, but %s%s%s is", c->text ? "\"" : "",
                        c->text ? c->text : "no recording", c->text ? "\"" : "", on ? "\"" : "",
                        on ? on : "nothing", on ? "\"" : "");
        break;
    }
    }
}
