/*
 * fuzz_script: libFuzzer harness for the script mode reader (wz_script_parse).
 *
 * Script files are written by hand for tests and demonstrations, so the reader must
 * survive any bytes: no crash, no leak, no read past the text (an exact-size copy, so
 * ASan sees it). Either it reports at least one error and returns nothing, or every
 * command it returns is one the kiosk can play: a known command, coordinates inside the
 * screen, times within a day, text where the command needs text, a line inside the file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wz_script.h"
#include "wz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmd_ok(const wz_script_cmd *c, int lines)
{
    if (c->line < 1 || c->line > lines || c->column < 1) return 0;
    switch (c->op) {
    case WZ_SCRIPT_TAP_XY:
        return c->x >= 0 && c->x <= 1 && c->y >= 0 && c->y <= 1;
    case WZ_SCRIPT_HOLD:
        return c->x >= 0 && c->x <= 1 && c->y >= 0 && c->y <= 1 && c->ms >= 0 &&
               c->ms <= WZ_SCRIPT_MAX_MS;
    case WZ_SCRIPT_WAIT:
    case WZ_SCRIPT_IDLE:
        return c->ms >= 0 && c->ms <= WZ_SCRIPT_MAX_MS;
    case WZ_SCRIPT_TAP_LABEL:
    case WZ_SCRIPT_SHOT:
    case WZ_SCRIPT_EXPECT:
    case WZ_SCRIPT_LANGUAGE:
        return c->text != NULL;
    case WZ_SCRIPT_QUIT:
    case WZ_SCRIPT_EXPECT_AUDIO: /* text: a recording, or NULL for none */
        return 1;
    case WZ_SCRIPT_SEED:
        return c->ms >= 0 && c->ms <= WZ_SCRIPT_MAX_SEED;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > WZ_SCRIPT_MAX_BYTES) return 0;
    char *text = wz_xmalloc(size ? size : 1);
    if (size) memcpy(text, data, size);
    int lines = 1;
    for (size_t i = 0; i < size; i++)
        if (text[i] == '\n') lines++;
    wz_diags diags;
    wz_diags_init(&diags);
    wz_script *s = wz_script_parse("fuzz.script", text, size, &diags);
    if (!s && diags.errors == 0) abort(); /* a refusal always says why */
    if (s) {
        if (s->count < 0 || s->count > WZ_SCRIPT_MAX_LINES || !s->file) abort();
        for (int i = 0; i < s->count; i++)
            if (!cmd_ok(&s->cmds[i], lines) || !wz_script_op_name(s->cmds[i].op)) abort();
    }
    for (int i = 0; i < diags.count; i++)
        if (diags.items[i].line < 0 || !diags.items[i].message) abort();
    wz_script_free(s);
    wz_diags_free(&diags);
    free(text);
    return 0;
}
