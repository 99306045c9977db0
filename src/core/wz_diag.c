/*
 * wz_diag: a bounded list of diagnostics. Storage is bounded (WZ_DIAGS_MAX) because a
 * hostile or badly broken file could otherwise make millions of them; the counts stay
 * exact so "1,234,567 errors" is still reported truthfully.
 */
#include "wz_diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "wz_util.h"

void wz_diags_init(wz_diags *d)
{
    memset(d, 0, sizeof *d);
}

void wz_diags_free(wz_diags *d)
{
    for (int i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    wz_diags_init(d);
}

/* Stores an item without counting it (the caller counts); frees it past the bound. */
static void wz_diags_store(wz_diags *d, wz_diag item)
{
    if (d->count >= WZ_DIAGS_MAX) {
        free(item.file);
        free(item.message);
        return;
    }
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = wz_xrealloc(d->items, (size_t)d->cap * sizeof *d->items);
    }
    d->items[d->count++] = item;
}

void wz_diag_add(wz_diags *d, wz_severity sev, const char *file, int line, int column,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wz_diag item = {
        .file = wz_xstrdup(file ? file : "(input)"),
        .line = line,
        .column = column,
        .severity = sev,
        .message = wz_xvasprintf(fmt, ap),
    };
    va_end(ap);
    if (sev == WZ_ERROR)
        d->errors++;
    else
        d->warnings++;
    wz_diags_store(d, item);
}

void wz_diags_move(wz_diags *dst, wz_diags *src)
{
    for (int i = 0; i < src->count; i++)
        wz_diags_store(dst, src->items[i]);
    dst->errors += src->errors;
    dst->warnings += src->warnings;
    free(src->items);
    wz_diags_init(src);
}

/* qsort is not stable, so each item carries its original position as the last key. */
typedef struct wz_keyed_diag {
    wz_diag diag;
    int order;
} wz_keyed_diag;

static int wz_keyed_cmp(const void *pa, const void *pb)
{
    const wz_keyed_diag *a = pa, *b = pb;
    int c = strcmp(a->diag.file, b->diag.file);
    if (!c) c = (a->diag.line > b->diag.line) - (a->diag.line < b->diag.line);
    if (!c) c = (a->diag.column > b->diag.column) - (a->diag.column < b->diag.column);
    if (!c) c = (a->order > b->order) - (a->order < b->order);
    return c;
}

void wz_diags_sort(wz_diags *d)
{
    if (d->count < 2) return;
    wz_keyed_diag *k = wz_xmalloc((size_t)d->count * sizeof *k);
    for (int i = 0; i < d->count; i++) {
        k[i].diag = d->items[i];
        k[i].order = i;
    }
    qsort(k, (size_t)d->count, sizeof *k, wz_keyed_cmp);
    for (int i = 0; i < d->count; i++)
        d->items[i] = k[i].diag;
    free(k);
}

const char *wz_severity_name(wz_severity sev)
{
    return sev == WZ_ERROR ? "error" : "warning";
}

void wz_diags_print(const wz_diags *d, FILE *out)
{
    for (int i = 0; i < d->count; i++) {
        const wz_diag *x = &d->items[i];
        fprintf(out, "%s:%d:%d: %s: %s\n", x->file, x->line, x->column,
                wz_severity_name(x->severity), x->message);
    }
    int dropped = (d->errors + d->warnings) - d->count;
    if (dropped > 0) fprintf(out, "(%d more problems not shown)\n", dropped);
}
