/*
 * wz_input: one pointer, act on release within a slop radius (see wz_input.h).
 *
 * Controls are rebuilt every frame, so a press remembers the control's identity
 * (action, arg), not a pointer: the same button in the next frame is the same button.
 */
#include "wz_input.h"

#include <stdlib.h>

#include "wz_util.h"

struct wz_input {
    int out_w, out_h;
    float mouse_scale;
    int rotation;
    /* the one active pointer */
    int down;
    SDL_FingerID finger; /* -1 for the mouse */
    int x0, y0, lastx, lasty;
    int dragging;
    int has_press, press_action, press_arg;
    Uint32 last_finger_ms;
    /* keyboard focus */
    int focus_shown, focus_action, focus_arg;
};

wz_input *wz_input_create(void)
{
    wz_input *in = wz_xcalloc(1, sizeof *in);
    in->mouse_scale = 1.0f;
    in->out_w = in->out_h = 1;
    return in;
}

void wz_input_destroy(wz_input *in)
{
    free(in);
}

void wz_input_set_geometry(wz_input *in, int out_w, int out_h, float mouse_scale)
{
    in->out_w = WZ_MAX(out_w, 1);
    in->out_h = WZ_MAX(out_h, 1);
    in->mouse_scale = mouse_scale > 0 ? mouse_scale : 1.0f;
}

void wz_input_set_rotation(wz_input *in, int degrees)
{
    degrees %= 360;
    if (degrees < 0) degrees += 360;
    in->rotation = (degrees / 90) * 90;
}

void wz_input_map_finger(const wz_input *in, float fx, float fy, int *x, int *y)
{
    float u = fx, v = fy;
    switch (in->rotation) {
    case 90:
        u = fy;
        v = 1.0f - fx;
        break;
    case 180:
        u = 1.0f - fx;
        v = 1.0f - fy;
        break;
    case 270:
        u = 1.0f - fy;
        v = fx;
        break;
    default:
        break;
    }
    u = u < 0 ? 0 : (u > 1 ? 1 : u);
    v = v < 0 ? 0 : (v > 1 ? 1 : v);
    *x = WZ_MIN((int)(u * (float)in->out_w), in->out_w - 1);
    *y = WZ_MIN((int)(v * (float)in->out_h), in->out_h - 1);
}

void wz_input_cancel(wz_input *in)
{
    in->down = 0;
    in->dragging = 0;
    in->has_press = 0;
}

int wz_input_pressed(const wz_input *in, int *action, int *arg)
{
    if (!in->has_press || in->dragging) return 0;
    *action = in->press_action;
    *arg = in->press_arg;
    return 1;
}

int wz_input_focus(const wz_input *in, int *action, int *arg)
{
    if (!in->focus_shown) return 0;
    *action = in->focus_action;
    *arg = in->focus_arg;
    return 1;
}

static int slop(const wz_input *in)
{
    return WZ_MAX(12, WZ_MIN(in->out_w, in->out_h) / 45);
}

static void press(wz_input *in, int x, int y, SDL_FingerID id, wz_frame *f, wz_input_result *res)
{
    /* a new press also ends any press whose release was lost */
    in->down = 1;
    in->finger = id;
    in->x0 = in->lastx = x;
    in->y0 = in->lasty = y;
    in->dragging = 0;
    const wz_control *c = wz_frame_hit(f, x, y);
    in->has_press = c != NULL;
    if (c) {
        in->press_action = c->action;
        in->press_arg = c->arg;
    }
    in->focus_shown = 0;
    res->activity = 1;
    res->dirty = 1;
}

static void move(wz_input *in, int x, int y, wz_frame *f, wz_input_result *res)
{
    if (!in->down) return;
    res->activity = 1;
    int dx = x - in->x0, dy = y - in->y0;
    if (!in->dragging && dx * dx + dy * dy > slop(in) * slop(in) &&
        wz_frame_in_scroll(f, in->x0, in->y0)) {
        in->dragging = 1;
        in->has_press = 0;
        res->dirty = 1;
    }
    if (in->dragging && wz_frame_scroll_by(f, in->lasty - y)) res->dirty = 1;
    in->lastx = x;
    in->lasty = y;
}

static void release(wz_input *in, int x, int y, wz_frame *f, wz_input_result *res)
{
    if (!in->down) return;
    res->activity = 1;
    res->dirty = 1;
    int dx = x - in->x0, dy = y - in->y0;
    int within = dx * dx + dy * dy <= slop(in) * slop(in);
    if (in->has_press && !in->dragging && within) {
        const wz_control *c = wz_frame_hit(f, x, y);
        if (c && c->action == in->press_action && c->arg == in->press_arg) {
            res->activated = 1;
            res->action = c->action;
            res->arg = c->arg;
        }
    }
    wz_input_cancel(in);
}

static void focus_step(wz_input *in, wz_frame *f, int dir, wz_input_result *res)
{
    int n = wz_frame_control_count(f);
    if (n <= 0) return;
    int cur = -1;
    for (int i = 0; i < n; i++) {
        const wz_control *c = wz_frame_control_at(f, i);
        if (in->focus_shown && c->action == in->focus_action && c->arg == in->focus_arg) cur = i;
    }
    int next = cur < 0 ? (dir > 0 ? 0 : n - 1) : (cur + dir + n) % n;
    const wz_control *c = wz_frame_control_at(f, next);
    in->focus_shown = 1;
    in->focus_action = c->action;
    in->focus_arg = c->arg;
    wz_frame_reveal(f, c);
    res->dirty = 1;
}

static void key(wz_input *in, const SDL_KeyboardEvent *k, wz_frame *f, wz_input_result *res)
{
    res->activity = 1;
    switch (k->keysym.sym) {
    case SDLK_TAB:
        focus_step(in, f, (k->keysym.mod & KMOD_SHIFT) ? -1 : 1, res);
        break;
    case SDLK_DOWN:
    case SDLK_UP:
        focus_step(in, f, k->keysym.sym == SDLK_DOWN ? 1 : -1, res);
        break;
    case SDLK_RIGHT:
    case SDLK_LEFT: /* the reading order: right to left on a mirrored screen */
        focus_step(in, f, (k->keysym.sym == SDLK_RIGHT) != wz_frame_is_rtl(f) ? 1 : -1, res);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        if (in->focus_shown) {
            for (int i = 0; i < wz_frame_control_count(f); i++) {
                const wz_control *c = wz_frame_control_at(f, i);
                if (c->action == in->focus_action && c->arg == in->focus_arg) {
                    res->activated = 1;
                    res->action = c->action;
                    res->arg = c->arg;
                    break;
                }
            }
        } else {
            focus_step(in, f, 1, res);
        }
        break;
    case SDLK_ESCAPE:
    case SDLK_AC_BACK:
        res->back = 1;
        break;
    case SDLK_PAGEDOWN:
        if (wz_frame_scroll_by(f, in->out_h / 2)) res->dirty = 1;
        break;
    case SDLK_PAGEUP:
        if (wz_frame_scroll_by(f, -in->out_h / 2)) res->dirty = 1;
        break;
    default:
        break;
    }
}

int wz_input_handle(wz_input *in, const SDL_Event *ev, wz_frame *f, wz_input_result *res)
{
    int x, y;
    switch (ev->type) {
    case SDL_FINGERDOWN:
        in->last_finger_ms = ev->tfinger.timestamp;
        res->touch_used = 1;
        wz_input_map_finger(in, ev->tfinger.x, ev->tfinger.y, &x, &y);
        if (in->down && in->finger != ev->tfinger.fingerId && in->finger != -1) {
            /* a second finger: one pointer only, so a pinch or palm cancels the press */
            wz_input_cancel(in);
            res->dirty = 1;
            res->activity = 1;
            return 1;
        }
        press(in, x, y, ev->tfinger.fingerId, f, res);
        return 1;
    case SDL_FINGERMOTION:
        in->last_finger_ms = ev->tfinger.timestamp;
        if (!in->down || in->finger != ev->tfinger.fingerId) return 1;
        wz_input_map_finger(in, ev->tfinger.x, ev->tfinger.y, &x, &y);
        move(in, x, y, f, res);
        return 1;
    case SDL_FINGERUP:
        in->last_finger_ms = ev->tfinger.timestamp;
        if (!in->down || in->finger != ev->tfinger.fingerId) return 1;
        wz_input_map_finger(in, ev->tfinger.x, ev->tfinger.y, &x, &y);
        move(in, x, y, f, res);
        release(in, x, y, f, res);
        return 1;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT) return 0;
        if (in->last_finger_ms &&
            ev->button.timestamp - in->last_finger_ms < WZ_INPUT_MOUSE_QUIET_MS)
            return 0;
        x = (int)((float)ev->button.x * in->mouse_scale);
        y = (int)((float)ev->button.y * in->mouse_scale);
        if (ev->type == SDL_MOUSEBUTTONDOWN) {
            press(in, x, y, -1, f, res);
        } else if (in->down && in->finger == -1) {
            move(in, x, y, f, res);
            release(in, x, y, f, res);
        }
        return 1;
    case SDL_MOUSEMOTION:
        if (ev->motion.which == SDL_TOUCH_MOUSEID || !in->down || in->finger != -1) return 0;
        move(in, (int)((float)ev->motion.x * in->mouse_scale),
             (int)((float)ev->motion.y * in->mouse_scale), f, res);
        return 1;
    case SDL_MOUSEWHEEL:
        if (ev->wheel.which == SDL_TOUCH_MOUSEID) return 0;
        res->activity = 1;
        if (wz_frame_scroll_by(f, -ev->wheel.y * in->out_h / 10)) res->dirty = 1;
        return 1;
    case SDL_KEYDOWN:
        key(in, &ev->key, f, res);
        return 1;
    default:
        return 0;
    }
}
