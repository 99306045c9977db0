/*
 * wz_collect_tokens: the collector's upload tokens, one per kiosk (see wz_collect_tokens.h).
 *
 * The file is small and read once at start, so it is kept as two arrays. Writing goes
 * through the whole file: read, change the lines of one kiosk, write a new file and
 * rename it over the old one, so a power cut leaves the old list or the new one, and the
 * file keeps mode 0600 (the caller's umask is tightened for the new file).
 */
#include "wz_collect_tokens.h"

#include "wz_collect.h"
#include "wz_util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TOKEN_FILE_MAX (1024u * 1024u)

struct wz_collect_tokens {
    char **token;
    char **kiosk; /* [i] NULL: shared */
    int n;
};

static void set_err(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(char **err, const char *fmt, ...)
{
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    *err = wz_xstrdup(buf);
}

int wz_collect_token_strong(const char *tok)
{
    size_t n = 0;
    int hex = 1;
    if (!tok) return 0;
    for (; tok[n]; n++) {
        unsigned char c = (unsigned char)tok[n];
        if (c <= 0x20 || c >= 0x7f) return 0;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) hex = 0;
    }
    if (n > WZ_COLLECT_TOKEN_MAX) return 0;
    return n >= (hex ? 32u : 22u);
}

/* Reads path (owner-only) into *data. Returns 0, 1 when it does not exist, -1 with *err. */
static int read_private(const char *path, char **data, char **err)
{
    struct stat st;
    size_t len;
    *data = NULL;
    if (stat(path, &st) < 0) {
        if (errno == ENOENT) return 1;
        set_err(err, "cannot read the token file %s: %s", path, strerror(errno));
        return -1;
    }
    if (st.st_mode & 077) {
        set_err(err, "the token file %s can be read by other users (mode %03o); run: chmod 600 %s",
                path, (unsigned)(st.st_mode & 0777), path);
        return -1;
    }
    int rc = wz_read_file(path, TOKEN_FILE_MAX, data, &len);
    if (rc < 0) {
        set_err(err, "cannot read the token file %s: %s", path,
                rc == -2 ? "it is too large" : strerror(errno));
        return -1;
    }
    return 0;
}

/* Splits one line into its token and kiosk id (new strings; *kiosk NULL when none).
 * Returns 0 for a token line, 1 for a blank or comment line, -1 for a bad line. */
static int split_line(const char *line, char **token, char **kiosk)
{
    char *t = wz_str_trim_dup(line, strlen(line));
    *token = *kiosk = NULL;
    if (!t[0] || t[0] == '#') {
        free(t);
        return 1;
    }
    char *sp = strpbrk(t, " \t");
    if (sp) {
        *sp = '\0';
        *kiosk = wz_str_trim_dup(sp + 1, strlen(sp + 1));
    }
    *token = t;
    return (*kiosk && !wz_collect_kiosk_id_ok(*kiosk)) ? -1 : 0;
}

void wz_collect_tokens_free(wz_collect_tokens *t)
{
    if (!t) return;
    for (int i = 0; i < t->n; i++) {
        free(t->token[i]);
        free(t->kiosk[i]);
    }
    free(t->token);
    free(t->kiosk);
    free(t);
}

/* Checks one parsed line; returns 0 or -1 with *err naming the line. */
static int line_ok(const wz_collect_tokens *t, const char *path, int lineno, int split,
                   const char *tok, char **err)
{
    if (split < 0) {
        set_err(err,
                "%s line %d: after the token comes one kiosk id (1 to 64 letters, digits, "
                "'-' or '_') or nothing",
                path, lineno);
        return -1;
    }
    if (!wz_collect_token_strong(tok)) {
        set_err(err,
                "%s line %d: the token is too short to be safe: it needs 128 bits, that is "
                "at least 32 hexadecimal digits or 22 other characters (make one with: "
                "wz-collector token add KIOSK_ID --token-file %s)",
                path, lineno, path);
        return -1;
    }
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->token[i], tok) == 0) {
            set_err(err,
                    "%s line %d: the same token is on an earlier line; every kiosk needs "
                    "its own",
                    path, lineno);
            return -1;
        }
    if (t->n >= WZ_COLLECT_TOKENS_MAX) {
        set_err(err, "%s: more than %d tokens", path, WZ_COLLECT_TOKENS_MAX);
        return -1;
    }
    return 0;
}

wz_collect_tokens *wz_collect_tokens_load(const char *path, char **err)
{
    char *data = NULL;
    int rc = read_private(path, &data, err);
    if (rc == 1) set_err(err, "cannot read the token file %s: it does not exist", path);
    if (rc != 0) return NULL;
    wz_collect_tokens *t = wz_xcalloc(1, sizeof *t);
    t->token = wz_xcalloc(WZ_COLLECT_TOKENS_MAX, sizeof *t->token);
    t->kiosk = wz_xcalloc(WZ_COLLECT_TOKENS_MAX, sizeof *t->kiosk);
    int lineno = 0;
    for (char *line = data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        lineno++;
        char *tok, *kid;
        int split = split_line(line, &tok, &kid);
        if (split == 1) continue;
        if (line_ok(t, path, lineno, split, tok, err) < 0) {
            free(tok);
            free(kid);
            free(data);
            wz_collect_tokens_free(t);
            return NULL;
        }
        t->token[t->n] = tok;
        t->kiosk[t->n++] = kid;
    }
    free(data);
    if (t->n == 0) {
        set_err(err, "the token file %s holds no token", path);
        wz_collect_tokens_free(t);
        return NULL;
    }
    return t;
}

int wz_collect_tokens_count(const wz_collect_tokens *t)
{
    return t ? t->n : 0;
}

int wz_collect_tokens_shared(const wz_collect_tokens *t)
{
    int n = 0;
    for (int i = 0; t && i < t->n; i++)
        n += t->kiosk[i] == NULL;
    return n;
}

int wz_collect_tokens_match(const wz_collect_tokens *t, const char *presented, size_t len)
{
    int match = -1;
    for (int i = 0; t && i < t->n; i++) /* no early exit: the same time whichever matches */
        if (wz_collect_token_eq(presented, len, t->token[i])) match = i;
    return match;
}

const char *wz_collect_tokens_kiosk(const wz_collect_tokens *t, int i)
{
    return t && i >= 0 && i < t->n ? t->kiosk[i] : NULL;
}

int wz_collect_tokens_allows(const wz_collect_tokens *t, int i, const char *kiosk_id)
{
    if (!t || i < 0 || i >= t->n) return 0;
    return !t->kiosk[i] || strcmp(t->kiosk[i], kiosk_id) == 0;
}

/* Rewrites path without kiosk_id's lines, plus `add` (a line, or NULL). Sets *had when
 * kiosk_id had a line. Returns 0 or -1 with *err. */
static int rewrite(const char *path, const char *kiosk_id, const char *add, int *had, char **err)
{
    char *data = NULL;
    if (read_private(path, &data, err) < 0) return -1;
    wz_buf out;
    wz_buf_init(&out, 0);
    *had = 0;
    for (char *line = data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        char *tok, *kid;
        int split = split_line(line, &tok, &kid);
        int mine = split == 0 && kid && strcmp(kid, kiosk_id) == 0;
        *had |= mine;
        if (!mine) wz_buf_printf(&out, "%s\n", line);
        free(tok);
        free(kid);
    }
    free(data);
    if (add) wz_buf_puts(&out, add);
    mode_t old = umask(077);
    int rc = wz_write_file_atomic(path, out.data ? out.data : "", out.len);
    int e = errno;
    umask(old);
    wz_buf_free(&out);
    if (rc < 0) {
        set_err(err, "cannot write the token file %s: %s", path, strerror(e));
        return -1;
    }
    return 0;
}

char *wz_collect_tokens_add(const char *path, const char *kiosk_id, int replace, char **err)
{
    if (!wz_collect_kiosk_id_ok(kiosk_id)) {
        set_err(err, "\"%.80s\" is not a kiosk id: 1 to 64 letters, digits, '-' or '_'",
                kiosk_id ? kiosk_id : "");
        return NULL;
    }
    wz_collect_tokens *t = NULL;
    char *data = NULL;
    int rc = read_private(path, &data, err);
    free(data);
    if (rc < 0) return NULL;
    if (rc == 0 && !(t = wz_collect_tokens_load(path, err))) return NULL;
    for (int i = 0; t && i < t->n; i++)
        if (t->kiosk[i] && strcmp(t->kiosk[i], kiosk_id) == 0 && !replace) {
            set_err(err,
                    "kiosk %s already has a token in %s (to make a new one and retire the "
                    "old: wz-collector token add %s --replace)",
                    kiosk_id, path, kiosk_id);
            wz_collect_tokens_free(t);
            return NULL;
        }
    wz_collect_tokens_free(t);
    char tok[2 * WZ_COLLECT_TOKEN_BYTES + 1];
    wz_random_hex(tok, WZ_COLLECT_TOKEN_BYTES);
    char *line = wz_xasprintf("%s %s\n", tok, kiosk_id);
    int had;
    rc = rewrite(path, kiosk_id, line, &had, err);
    free(line);
    return rc < 0 ? NULL : wz_xstrdup(tok);
}

int wz_collect_tokens_remove(const char *path, const char *kiosk_id, char **err)
{
    int had = 0;
    if (rewrite(path, kiosk_id, NULL, &had, err) < 0) return -1;
    return had ? 0 : 1;
}
