/*
 * wz_import_preview: the confirm page's words for a checked import (see the header).
 *
 * Grouped by what would happen rather than by file, because staff decide on the whole
 * set: first what is new, then what replaces a copy already there, then what stays out
 * for its errors, then what would stop playing. Each line names the scenario by title
 * (the file name when the title could not be read) so it can be found on the stick.
 */
#include "wz_import_preview.h"

#include "wz_util.h"

#include <stdlib.h>

int wz_import_preview_has_changes(const wz_import_result *res)
{
    return res && !res->error && res->imported > 0;
}

static void put_name(wz_buf *b, const char *title, const char *name)
{
    char *t = wz_str_escape_controls(title ? title : "");
    char *n = wz_str_escape_controls(name ? name : "");
    if (title)
        wz_buf_printf(b, "    \"%s\" (%s)\n", t, n);
    else
        wz_buf_printf(b, "    %s\n", n);
    free(t);
    free(n);
}

/* The first error of f (or its first warning), indented under it. */
static void put_problem(wz_buf *b, const wz_import_file *f)
{
    const wz_diag *first = NULL;
    for (int k = 0; k < f->diags.count && !first; k++)
        if (f->diags.items[k].severity == WZ_ERROR) first = &f->diags.items[k];
    if (!first && f->diags.count) first = &f->diags.items[0];
    if (!first) return;
    char *m = wz_str_escape_controls(first->message);
    wz_buf_printf(b, "        line %d: %s\n", first->line, m);
    free(m);
}

static void put_group(wz_buf *b, const wz_import_result *res, wz_import_status st, const char *head)
{
    int n = 0;
    for (int i = 0; i < res->count; i++)
        n += res->files[i].status == st;
    if (!n) return;
    wz_buf_printf(b, "%s (%d):\n", head, n);
    for (int i = 0; i < res->count; i++) {
        const wz_import_file *f = &res->files[i];
        if (f->status != st) continue;
        put_name(b, f->title, f->name);
        if (st == WZ_IMPORT_REJECTED) put_problem(b, f);
    }
    wz_buf_puts(b, "\n");
}

char *wz_import_preview(const wz_import_result *res)
{
    wz_buf b;
    wz_buf_init(&b, 256 * 1024);
    char *src = wz_str_escape_controls(res->source ? res->source : "");
    wz_buf_printf(&b,
                  "The USB stick (%s) has been checked. Nothing has been changed yet. "
                  "Importing would do this:\n\n",
                  src);
    free(src);
    put_group(&b, res, WZ_IMPORT_ADDED, "New scenarios");
    put_group(&b, res, WZ_IMPORT_REPLACED, "Replacing the copy already on the kiosk");
    put_group(&b, res, WZ_IMPORT_REJECTED, "Left out, because they have problems");
    if (res->ndropped) {
        wz_buf_printf(&b, "Taken off the kiosk, although they play now (%d):\n", res->ndropped);
        for (int i = 0; i < res->ndropped; i++)
            put_name(&b, res->dropped[i].title, res->dropped[i].name);
        wz_buf_puts(&b, "\n");
    }
    wz_buf_puts(&b, "Press \"Import these\" to make these changes, or \"Cancel\" to keep the "
                    "scenarios as they are.");
    return wz_buf_steal(&b);
}
