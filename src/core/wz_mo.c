/*
 * wz_mo: the .mo reader (see wz_mo.h for why the kiosk reads catalogues itself).
 *
 * Layout (GNU gettext manual, "The Format of GNU MO Files"): a magic number 0x950412de in
 * the file's byte order, a revision (major 0 or 1), the number of strings N, the offsets of
 * the originals' table and of the translations' table (N pairs of 32-bit length and offset
 * each), then a hash table this reader ignores. Each string is `length` bytes followed by a
 * NUL; a plural entry's msgid is "one\0many" and its translation the forms, NUL-separated.
 *
 * The whole file is copied once; entries point into that copy, so a catalogue is one
 * allocation for the bytes and one for the sorted index.
 */
#include "wz_mo.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wz_util.h"

typedef struct mo_entry {
    const char *id; /* the msgid (for plurals, the singular: the first NUL ends it) */
    const char *str;
    uint32_t str_len; /* bytes of str, NULs between plural forms included */
} mo_entry;

struct wz_mo {
    char *bytes;
    mo_entry *entries; /* sorted by id, duplicates removed (the first wins) */
    int count;
    int nplurals;
    char *plural; /* the Plural-Forms expression, NULL: the English rule */
};

static uint32_t rd32(const unsigned char *p, int swap)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    if (swap) v = (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
    return v;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const mo_entry *)a)->id, ((const mo_entry *)b)->id);
}

/* Checks one (length, offset) pair of a table: the string and its NUL lie in the file. */
static const char *table_string(const wz_mo *mo, size_t size, size_t table, uint32_t i, int swap,
                                uint32_t *len)
{
    const unsigned char *b = (const unsigned char *)mo->bytes;
    size_t at = table + (size_t)i * 8;
    if (at > size || size - at < 8) return NULL;
    uint32_t l = rd32(b + at, swap), off = rd32(b + at + 4, swap);
    if (off > size || size - off <= l || b[off + l] != '\0') return NULL;
    *len = l;
    return mo->bytes + off;
}

/* Reads "nplurals=N; plural=EXPR;" from the header entry's Plural-Forms line. */
static void read_plural_forms(wz_mo *mo, const char *header)
{
    const char *line = header;
    while (line && *line) {
        if (wz_str_starts(line, "Plural-Forms:")) break;
        line = strchr(line, '\n');
        if (line) line++;
    }
    if (!line || !*line) return;
    size_t n = strcspn(line, "\n");
    char *pf = wz_xstrndup(line, n);
    const char *np = strstr(pf, "nplurals=");
    const char *pl = strstr(pf, "plural=");
    if (np && pl) {
        long k = strtol(np + 9, NULL, 10);
        const char *e = pl + 7;
        size_t el = strcspn(e, ";");
        char *expr = wz_xstrndup(e, el);
        if (k >= 1 && k <= WZ_MO_MAX_PLURALS && wz_mo_plural_eval(expr, 1) >= 0) {
            mo->nplurals = (int)k;
            mo->plural = expr;
            expr = NULL;
        }
        free(expr);
    }
    free(pf);
}

static int build_index(wz_mo *mo, size_t size, int swap, uint32_t n, uint32_t orig, uint32_t trans,
                       char **err)
{
    mo->entries = wz_xcalloc((size_t)n + 1, sizeof *mo->entries);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t il, sl;
        const char *id = table_string(mo, size, orig, i, swap, &il);
        const char *str = table_string(mo, size, trans, i, swap, &sl);
        if (!id || !str)
            return wz_fail(err, "message %u of the catalogue points outside the file", i + 1);
        if (wz_utf8_check(id, il) != il || wz_utf8_check(str, sl) != sl)
            return wz_fail(err, "message %u of the catalogue is not UTF-8", i + 1);
        if (strchr(id, '\004')) continue; /* a message with a context: not used here */
        mo->entries[mo->count++] = (mo_entry){id, str, sl};
    }
    if (mo->count > 1) qsort(mo->entries, (size_t)mo->count, sizeof *mo->entries, cmp_entry);
    int k = 0;
    for (int i = 0; i < mo->count; i++)
        if (k == 0 || strcmp(mo->entries[k - 1].id, mo->entries[i].id) != 0)
            mo->entries[k++] = mo->entries[i];
    mo->count = k;
    return 0;
}

wz_mo *wz_mo_parse(const void *data, size_t size, char **err)
{
    const unsigned char *b = data;
    if (!data || size < 20) {
        wz_fail(err, "the catalogue is too short to be a .mo file");
        return NULL;
    }
    if (size > WZ_MO_MAX_BYTES) {
        wz_fail(err, "the catalogue is larger than %u bytes", WZ_MO_MAX_BYTES);
        return NULL;
    }
    int swap;
    if (rd32(b, 0) == 0x950412deu)
        swap = 0;
    else if (rd32(b, 1) == 0x950412deu)
        swap = 1;
    else {
        wz_fail(err, "this is not a .mo file (compile the .po file with msgfmt)");
        return NULL;
    }
    uint32_t rev = rd32(b + 4, swap), n = rd32(b + 8, swap);
    if ((rev >> 16) > 1) {
        wz_fail(err, "the .mo file's format revision %u is not known", rev >> 16);
        return NULL;
    }
    if (n > WZ_MO_MAX_STRINGS) {
        wz_fail(err, "the catalogue holds more than %d messages", WZ_MO_MAX_STRINGS);
        return NULL;
    }
    wz_mo *mo = wz_xcalloc(1, sizeof *mo);
    mo->bytes = wz_xmalloc(size + 1);
    memcpy(mo->bytes, data, size);
    mo->bytes[size] = '\0';
    mo->nplurals = 2;
    if (build_index(mo, size, swap, n, rd32(b + 12, swap), rd32(b + 16, swap), err) != 0) {
        wz_mo_free(mo);
        return NULL;
    }
    if (mo->count > 0 && mo->entries[0].id[0] == '\0') read_plural_forms(mo, mo->entries[0].str);
    return mo;
}

wz_mo *wz_mo_load(const char *path, char **err)
{
    char *data = NULL;
    size_t len = 0;
    int rc = wz_read_file(path, WZ_MO_MAX_BYTES, &data, &len);
    if (rc == -2) {
        wz_fail(err, "%s is larger than %u bytes", path, WZ_MO_MAX_BYTES);
        return NULL;
    }
    if (rc != 0) {
        wz_fail(err, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    char *why = NULL;
    wz_mo *mo = wz_mo_parse(data, len, &why);
    free(data);
    if (!mo) wz_fail(err, "%s: %s", path, why ? why : "broken catalogue");
    free(why);
    return mo;
}

void wz_mo_free(wz_mo *mo)
{
    if (!mo) return;
    free(mo->entries);
    free(mo->bytes);
    free(mo->plural);
    free(mo);
}

static const mo_entry *find(const wz_mo *mo, const char *msgid)
{
    if (!mo || !msgid || !*msgid) return NULL;
    mo_entry key = {msgid, NULL, 0};
    return bsearch(&key, mo->entries, (size_t)mo->count, sizeof key, cmp_entry);
}

const char *wz_mo_get(const wz_mo *mo, const char *msgid)
{
    const mo_entry *e = find(mo, msgid);
    return e && e->str[0] ? e->str : NULL;
}

const char *wz_mo_nget(const wz_mo *mo, const char *msgid, unsigned long n)
{
    const mo_entry *e = find(mo, msgid);
    if (!e) return NULL;
    int form = mo->plural ? wz_mo_plural_eval(mo->plural, n) : (n != 1);
    if (form < 0 || form >= mo->nplurals) return NULL;
    const char *s = e->str, *end = e->str + e->str_len;
    for (int k = 0; k < form; k++) {
        s += strlen(s) + 1;
        if (s > end) return NULL;
    }
    return s < end && *s ? s : NULL;
}

int wz_mo_count(const wz_mo *mo)
{
    return mo ? mo->count : 0;
}

/* ---- Plural-Forms: a C expression of n (gettext's grammar), evaluated as it is read ---- */

typedef struct pexpr {
    const char *p;
    unsigned long n;
    int depth, bad;
} pexpr;

static unsigned long p_ternary(pexpr *x);

static void p_space(pexpr *x)
{
    while (*x->p == ' ' || *x->p == '\t')
        x->p++;
}

static int p_eat(pexpr *x, const char *tok)
{
    p_space(x);
    size_t l = strlen(tok);
    if (strncmp(x->p, tok, l) != 0) return 0;
    /* "<" must not eat the start of "<=", "!" not of "!=" */
    if (l == 1 && (tok[0] == '<' || tok[0] == '>' || tok[0] == '!' || tok[0] == '=') &&
        x->p[1] == '=')
        return 0;
    x->p += l;
    return 1;
}

static unsigned long p_primary(pexpr *x)
{
    p_space(x);
    if (++x->depth > 64) {
        x->bad = 1;
        return 0;
    }
    unsigned long v = 0;
    if (p_eat(x, "!")) {
        v = !p_primary(x);
    } else if (p_eat(x, "(")) {
        v = p_ternary(x);
        if (!p_eat(x, ")")) x->bad = 1;
    } else if (*x->p == 'n') {
        x->p++;
        v = x->n;
    } else if (*x->p >= '0' && *x->p <= '9') {
        char *end;
        v = strtoul(x->p, &end, 10);
        x->p = end;
    } else {
        x->bad = 1;
    }
    x->depth--;
    return v;
}

static unsigned long p_mul(pexpr *x)
{
    unsigned long v = p_primary(x);
    for (;;) {
        if (p_eat(x, "*"))
            v *= p_primary(x);
        else if (p_eat(x, "/") || p_eat(x, "%")) {
            int div = x->p[-1] == '/';
            unsigned long r = p_primary(x);
            v = r == 0 ? 0 : (div ? v / r : v % r);
        } else
            return v;
    }
}

static unsigned long p_add(pexpr *x)
{
    unsigned long v = p_mul(x);
    for (;;) {
        if (p_eat(x, "+"))
            v += p_mul(x);
        else if (p_eat(x, "-"))
            v -= p_mul(x);
        else
            return v;
    }
}

static unsigned long p_rel(pexpr *x)
{
    unsigned long v = p_add(x);
    for (;;) {
        if (p_eat(x, "<="))
            v = v <= p_add(x);
        else if (p_eat(x, ">="))
            v = v >= p_add(x);
        else if (p_eat(x, "<"))
            v = v < p_add(x);
        else if (p_eat(x, ">"))
            v = v > p_add(x);
        else
            return v;
    }
}

static unsigned long p_eq(pexpr *x)
{
    unsigned long v = p_rel(x);
    for (;;) {
        if (p_eat(x, "=="))
            v = v == p_rel(x);
        else if (p_eat(x, "!="))
            v = v != p_rel(x);
        else
            return v;
    }
}

static unsigned long p_and(pexpr *x)
{
    unsigned long v = p_eq(x);
    while (p_eat(x, "&&")) {
        unsigned long r = p_eq(x);
        v = v && r;
    }
    return v;
}

static unsigned long p_or(pexpr *x)
{
    unsigned long v = p_and(x);
    while (p_eat(x, "||")) {
        unsigned long r = p_and(x);
        v = v || r;
    }
    return v;
}

static unsigned long p_ternary(pexpr *x)
{
    if (++x->depth > 64) {
        x->bad = 1;
        return 0;
    }
    unsigned long c = p_or(x);
    if (p_eat(x, "?")) {
        unsigned long a = p_ternary(x);
        if (!p_eat(x, ":")) x->bad = 1;
        unsigned long b = p_ternary(x);
        c = c ? a : b;
    }
    x->depth--;
    return c;
}

int wz_mo_plural_eval(const char *expr, unsigned long n)
{
    if (!expr) return -1;
    pexpr x = {expr, n, 0, 0};
    unsigned long v = p_ternary(&x);
    p_space(&x);
    if (x.bad || *x.p != '\0' || v > WZ_MO_MAX_PLURALS) return -1;
    return (int)v;
}
