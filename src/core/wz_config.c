/*
 * wz_config: reads kiosk.ini with inih, but feeds inih through our own line reader.
 *
 * Why the reader: Debian's libinih is built without INI_HANDLER_LINENO, so its handler
 * never learns the line it is looking at, and staff need "kiosk.ini:12:14: error: ..."
 * to find a typo. Our reader hands inih one line at a time and remembers where that
 * line starts, so the handler (called synchronously for that line) knows line and
 * column. The reader also takes away two inih surprises: an indented line would be
 * glued to the previous value (configparser "multi-line" values) and a line longer than
 * inih's buffer would be split into two lines. We strip leading white space and refuse
 * over-long lines with a clear error instead. Syntax errors are found by the reader as
 * well (inih reports only the first one).
 *
 * Every key lives in one table (section, name, kind, range, default). A bad value
 * leaves the previous value (the default) in place and adds an error diagnostic: a
 * typo must never stop a kiosk from starting. Unknown keys and sections are warnings.
 */
#include "wz_config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "wz_pin.h"
#include "wz_util.h"

#define WZ_CONFIG_MAX_BYTES (256u * 1024u)

typedef enum {
    K_SECONDS, /* integer seconds, or with a unit: 90, 90s, 2m, 1h */
    K_DAYS,    /* integer days */
    K_KIOSK_ID,
    K_LANGUAGES,
    K_ORIENTATION,
    K_TEXT, /* free text shown to visitors */
    K_PATH,
    K_PIN_HASH,
    K_URL,
    K_PROXY,
    K_SITE,    /* the kiosk's place, sent with its statistics */
    K_COMMAND, /* [alert] command: a program and its arguments, never a shell */
    K_SHARE,   /* a share of visitors: "1/3", "0.25" or "25%" (wz_config_share) */
    K_PERCENT, /* a whole number 0..100 */
    K_WORD,    /* one of a few words (check_word) */
} key_kind;

/* The kinds held in an int (the others are strings). */
#define IS_INT_KIND(kind) ((kind) == K_SECONDS || (kind) == K_DAYS || (kind) == K_PERCENT)

typedef struct key_def {
    const char *section, *name;
    key_kind kind;
    size_t offset; /* into wz_config: an int for numbers, a char * otherwise */
    int min, max;  /* numbers only */
} key_def;

#define F(field) offsetof(wz_config, field)

static const key_def keys[] = {
    {"kiosk", "id", K_KIOSK_ID, F(kiosk_id), 0, 0},
    {"kiosk", "idle_timeout", K_SECONDS, F(idle_timeout_s), 10, 3600},
    {"kiosk", "idle_countdown", K_SECONDS, F(idle_countdown_s), 3, 300},
    {"kiosk", "languages", K_LANGUAGES, F(languages), 0, 0},
    {"kiosk", "orientation", K_ORIENTATION, F(orientation), 0, 0},
    {"kiosk", "local_help", K_TEXT, F(local_help), 0, 0},
    {"kiosk", "site", K_SITE, F(site), 0, 0},
    {"kiosk", "knowledge_before_share", K_SHARE, F(knowledge_before_share), 0, 0},
    {"paths", "data_dir", K_PATH, F(data_dir), 0, 0},
    {"paths", "scenarios_dir", K_PATH, F(scenarios_dir), 0, 0},
    {"paths", "db", K_PATH, F(db_path), 0, 0},
    {"paths", "usb_mount_root", K_PATH, F(usb_mount_root), 0, 0},
    {"admin", "pin_hash", K_PIN_HASH, F(admin_pin_hash), 0, 0},
    {"admin", "timeout", K_SECONDS, F(admin_timeout_s), 15, 3600},
    {"upload", "url", K_URL, F(upload_url), 0, 0},
    {"upload", "token_file", K_PATH, F(token_file), 0, 0},
    {"upload", "ca_file", K_PATH, F(ca_file), 0, 0},
    {"upload", "proxy", K_PROXY, F(proxy), 0, 0},
    {"upload", "interval", K_SECONDS, F(upload_interval_s), 30, 86400},
    {"upload", "start_jitter", K_SECONDS, F(upload_start_jitter_s), 0, 3600},
    {"privacy", "retention_days", K_DAYS, F(retention_days), 1, 3650},
    {"alert", "command", K_COMMAND, F(alert_command), 0, 0},
    {"alert", "command_timeout", K_SECONDS, F(alert_command_timeout_s), 1, 60},
    {"alert", "url", K_URL, F(alert_url), 0, 0},
    {"alert", "token_file", K_PATH, F(alert_token_file), 0, 0},
    {"alert", "ca_file", K_PATH, F(alert_ca_file), 0, 0},
    {"alert", "timeout", K_SECONDS, F(alert_timeout_s), 2, 60},
    {"alert", "retry_window", K_SECONDS, F(alert_retry_window_s), 2, 900},
    {"alert", "safeguarding_contact", K_TEXT, F(safeguarding_contact), 0, 0},
    {"audio", "narration", K_WORD, F(audio_narration), 0, 0},
    {"audio", "autoplay", K_WORD, F(audio_autoplay), 0, 0},
    {"audio", "volume", K_PERCENT, F(audio_volume), 0, 100},
};

#define NKEYS ((int)WZ_ARRAY_LEN(keys))

typedef struct parse_ctx {
    wz_config *cfg;
    wz_diags *diags;
    const char *file;
    /* the reader's position */
    const char *text;
    size_t len, pos;
    int lineno;
    const char *line; /* the current raw line (not NUL-terminated) */
    size_t line_len;
    size_t skipped;                    /* bytes of leading white space the reader removed */
    int section_known;                 /* the current [section] is one of ours (or none yet) */
    int seen[NKEYS];                   /* line where each key was set, 0 = not set */
    wz_config_token_check check_token; /* NULL: the token file is only stat()ed */
} parse_ctx;

/* ---- small helpers ---- */

static char **str_field(wz_config *cfg, const key_def *k)
{
    return (char **)((char *)cfg + k->offset);
}

static int *int_field(wz_config *cfg, const key_def *k)
{
    return (int *)((char *)cfg + k->offset);
}

static void set_str(char **field, const char *value)
{
    free(*field);
    *field = value ? wz_xstrdup(value) : NULL;
}

/* Column (in characters, from 1) of byte offset off in the current raw line. */
static int column_of(const parse_ctx *c, size_t off)
{
    if (off > c->line_len) off = c->line_len;
    size_t valid = wz_utf8_check(c->line, off);
    return (int)wz_utf8_len(c->line, valid) + 1;
}

/* Byte offset in the raw line of the first non-space character at or after off. */
static size_t skip_space(const parse_ctx *c, size_t off)
{
    while (off < c->line_len && (c->line[off] == ' ' || c->line[off] == '\t'))
        off++;
    return off;
}

/* Where the value starts on the current line: after the first '=' or ':'. */
static int value_column(const parse_ctx *c)
{
    for (size_t i = 0; i < c->line_len; i++)
        if (c->line[i] == '=' || c->line[i] == ':') return column_of(c, skip_space(c, i + 1));
    return 1;
}

static int key_column(const parse_ctx *c)
{
    return column_of(c, skip_space(c, 0));
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 32 || lb > 32) return 99;
    size_t row[33];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost =
                tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static int section_is_known(const char *section)
{
    for (int i = 0; i < NKEYS; i++)
        if (wz_str_ieq(keys[i].section, section)) return 1;
    return 0;
}

/* ---- value checks: each returns NULL when fine, or a message in plain words ---- */

static const char *parse_number(const char *v, int allow_units, long *out)
{
    if (!*v) return "it is empty; write a whole number";
    errno = 0;
    char *end = NULL;
    if (!isdigit((unsigned char)v[0]) && v[0] != '-' && v[0] != '+')
        return "it is not a number; write a whole number such as 90";
    long n = strtol(v, &end, 10);
    if (errno == ERANGE || n > INT_MAX || n < INT_MIN) return "the number is far too large";
    while (*end == ' ')
        end++;
    long mult = 1;
    if (allow_units && *end) {
        if (wz_str_ieq(end, "s") || wz_str_ieq(end, "sec") || wz_str_ieq(end, "seconds"))
            mult = 1;
        else if (wz_str_ieq(end, "m") || wz_str_ieq(end, "min") || wz_str_ieq(end, "minutes"))
            mult = 60;
        else if (wz_str_ieq(end, "h") || wz_str_ieq(end, "hours"))
            mult = 3600;
        else
            return "it is not a number of seconds; write for example 90, 90s, 2m or 1h";
        end += strlen(end);
    }
    if (*end) return "it is not a whole number; write digits only, for example 90";
    if (n > INT_MAX / mult || n < INT_MIN / mult) return "the number is far too large";
    *out = n * mult;
    return NULL;
}

static const char *check_kiosk_id(const char *v)
{
    size_t n = strlen(v);
    if (n == 0) return "it is empty; give each kiosk a short name such as leics-wz-01";
    if (n > 64) return "it is longer than 64 characters";
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (!isalnum(ch) && ch != '-' && ch != '_')
            return "use only letters, digits, '-' and '_' (no spaces), for example leics-wz-01";
    }
    return NULL;
}

static const char *check_languages(const char *v)
{
    size_t n = strlen(v);
    if (n == 0) return "it is empty; write at least one language code such as en";
    if (n > 100) return "the list is too long";
    const char *p = v;
    int count = 0;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t letters = 0;
        while (islower((unsigned char)p[letters]))
            letters++;
        if (letters < 2 || letters > 3)
            return "write language codes in lower case separated by commas, for example en,cy";
        p += letters;
        if (*p == '-' || *p == '_') { /* region: en-GB */
            p++;
            size_t r = 0;
            while (isalnum((unsigned char)p[r]))
                r++;
            if (r < 2 || r > 8) return "a language region must look like en-GB";
            p += r;
        }
        while (*p == ' ')
            p++;
        count++;
        if (*p == ',') {
            p++;
            if (!*p) return "the list ends with a comma";
        } else if (*p) {
            return "write language codes in lower case separated by commas, for example en,cy";
        }
    }
    return count ? NULL : "it is empty; write at least one language code such as en";
}

static const char *check_orientation(const char *v)
{
    if (wz_str_ieq(v, "auto") || wz_str_ieq(v, "landscape") || wz_str_ieq(v, "portrait"))
        return NULL;
    return "use auto, landscape or portrait";
}

/* [audio] narration and autoplay: the words each takes. */
static const char *check_word(const key_def *k, const char *v)
{
    if (k->offset == F(audio_narration))
        return wz_str_ieq(v, "on") || wz_str_ieq(v, "off") ? NULL : "use on or off";
    return wz_str_ieq(v, "easy-read") || wz_str_ieq(v, "always") || wz_str_ieq(v, "never")
               ? NULL
               : "use easy-read, always or never";
}

static const char *check_text(const char *v)
{
    size_t n = strlen(v);
    if (wz_utf8_check(v, n) != n) return "the text is not valid UTF-8; save the file as UTF-8";
    if (wz_utf8_len(v, n) > 160) return "the text is longer than 160 characters";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20) return "the text contains a control character";
    return NULL;
}

/* A site name goes into every snapshot, whose labels are at most 200 bytes. */
static const char *check_site(const char *v)
{
    size_t n = strlen(v);
    if (wz_utf8_check(v, n) != n) return "the name is not valid UTF-8; save the file as UTF-8";
    if (n > 200) return "the name is too long: at most 200 bytes (about 200 letters)";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] == 0x7f)
            return "the name contains a control character";
    return NULL;
}

int wz_config_share(const char *v, double *share)
{
    char *end = NULL;
    if (!v || !*v) return -1;
    errno = 0;
    double a = strtod(v, &end);
    if (end == v || errno) return -1;
    if (*end == '/') {
        const char *d = end + 1;
        double b = strtod(d, &end);
        if (end == d || b <= 0) return -1;
        a /= b;
    } else if (*end == '%') {
        end++;
        a /= 100.0;
    }
    while (*end == ' ')
        end++;
    if (*end || !(a >= 0 && a <= 1)) return -1;
    *share = a;
    return 0;
}

static const char *check_share(const char *v)
{
    double x;
    return wz_config_share(v, &x) == 0 ? NULL
                                       : "not a share of visitors from 0 to 1; write it like 1/3, "
                                         "0.25 or 25%";
}

static const char *check_path(const char *v)
{
    size_t n = strlen(v);
    if (n == 0) return "it is empty; write a folder or file path";
    if (wz_utf8_check(v, n) != n) return "the path is not valid UTF-8";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20) return "the path contains a control character";
    return NULL;
}

static const char *check_pin_hash(const char *v)
{
    size_t n = strlen(v);
    int digits = n > 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)v[i])) digits = 0;
    if (digits)
        return "this looks like a PIN, not a PIN hash; never write the PIN itself here. Run "
               "'wz-kiosk --hash-pin', type the PIN, and paste the line it prints";
    if (n >= WZ_PIN_HASH_MAX)
        return "it is too long to be a PIN hash made by 'wz-kiosk --hash-pin'";
    const char *alg = wz_pin_hash_tagged(v) ? v + strlen(WZ_PIN_HASH_TAG) : v;
    if (!wz_str_starts(alg, "$argon2id$") && !wz_str_starts(alg, "$argon2i$") &&
        !wz_str_starts(alg, "$7$"))
        return "it is not a PIN hash made by 'wz-kiosk --hash-pin' (it should start with "
               "min6$argon2id$)";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] <= 0x20 || (unsigned char)v[i] >= 0x7f)
            return "a PIN hash never contains spaces or accented letters; copy it again";
    return NULL;
}

/* Checks the host part of a URL (after "scheme://"); sets *local when it is this machine. */
static const char *check_host(const char *p, int *local)
{
    const char *end = p + strcspn(p, "/?#");
    if (end == p) return "the address has no server name after '//'";
    for (const char *q = p; q < end; q++) {
        unsigned char ch = (unsigned char)*q;
        if (ch == '@') return "do not put a user name or password in the address";
        if (!isalnum(ch) && !strchr(".-_:[]", ch))
            return "the server name contains a character that is not allowed";
    }
    size_t hl = (size_t)(end - p);
    const char *colon = NULL;
    if (*p == '[') {
        const char *rb = memchr(p, ']', hl);
        if (!rb) return "the server address starts with '[' but has no ']'";
        colon = (rb + 1 < end && rb[1] == ':') ? rb + 1 : NULL;
        *local = (size_t)(rb - p) == 4 && strncmp(p, "[::1", 4) == 0;
        hl = (size_t)(rb + 1 - p);
    } else {
        colon = memchr(p, ':', hl);
        if (colon) hl = (size_t)(colon - p);
        *local = (hl == 9 && strncmp(p, "localhost", 9) == 0) ||
                 (hl == 9 && strncmp(p, "127.0.0.1", 9) == 0);
    }
    if (hl == 0) return "the address has no server name";
    if (colon) {
        const char *d = colon + 1;
        if (d == end) return "the port after ':' is missing";
        long port = 0;
        for (; d < end; d++) {
            if (!isdigit((unsigned char)*d)) return "the port after ':' must be a number";
            port = port * 10 + (*d - '0');
            if (port > 65535) return "the port after ':' must be between 1 and 65535";
        }
        if (port == 0) return "the port after ':' must be between 1 and 65535";
    }
    return NULL;
}

static const char *check_url(const char *v)
{
    size_t n = strlen(v);
    if (n > 1024) return "the address is too long";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] <= 0x20 || (unsigned char)v[i] >= 0x7f)
            return "the address contains a space or a character that is not allowed";
    int local = 0;
    if (wz_str_starts(v, "https://")) return check_host(v + 8, &local);
    if (wz_str_starts(v, "http://")) {
        const char *why = check_host(v + 7, &local);
        if (why) return why;
        if (!local)
            return "the address must start with https:// so what is sent travels encrypted "
                   "(http:// is allowed only for this machine, for tests)";
        return NULL;
    }
    return "the address must start with https://, for example "
           "https://stats.example.org/v1/snapshots";
}

/* The words of an [alert] command (see wz_config_command_split); NULL, or why not. */
static const char *split_words(const char *cmd, char ***argv, int *argc)
{
    char **v = wz_xcalloc(WZ_ALERT_MAX_ARGS + 1, sizeof *v);
    int n = 0;
    const char *p = cmd ? cmd : "";
    const char *why = NULL;
    while (!why) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p) break;
        if (n == WZ_ALERT_MAX_ARGS) {
            why = "the command has too many words (at most 32)";
            break;
        }
        wz_buf w;
        wz_buf_init(&w, 0);
        int quoted = 0;
        for (; *p && (quoted || (*p != ' ' && *p != '\t')); p++) {
            if (*p == '"')
                quoted = !quoted;
            else if (quoted && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
                wz_buf_putc(&w, *++p);
            else
                wz_buf_putc(&w, *p);
        }
        if (quoted) why = "a double quote in the command is not closed";
        v[n++] = wz_buf_steal(&w);
    }
    if (!why && n == 0) why = "the command is empty";
    if (!why && v[0][0] != '/')
        why = "the command must start with the program's full path, e.g. /usr/local/bin/chime";
    if (why) {
        wz_config_command_free(v);
        return why;
    }
    *argv = v;
    if (argc) *argc = n;
    return NULL;
}

int wz_config_command_split(const char *cmd, char ***argv, int *argc, char **err)
{
    const char *why = split_words(cmd, argv, argc);
    return why ? wz_fail(err, "%s", why) : 0;
}

void wz_config_command_free(char **argv)
{
    for (int i = 0; argv && argv[i]; i++)
        free(argv[i]);
    free(argv);
}

static const char *check_command(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return "the command contains a control character";
    char **argv = NULL;
    const char *why = split_words(v, &argv, NULL);
    wz_config_command_free(argv);
    return why;
}

static const char *check_proxy(const char *v)
{
    size_t n = strlen(v);
    if (n > 1024) return "the proxy address is too long";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] <= 0x20 || (unsigned char)v[i] >= 0x7f)
            return "the proxy address contains a space or a character that is not allowed";
    static const char *schemes[] = {"http://",    "https://",  "socks4://",
                                    "socks4a://", "socks5://", "socks5h://"};
    for (size_t i = 0; i < WZ_ARRAY_LEN(schemes); i++) {
        if (wz_str_starts(v, schemes[i])) {
            int local = 0;
            const char *host = v + strlen(schemes[i]);
            /* a proxy may carry user:password@ (we never log it) */
            const char *at = strchr(host, '@');
            if (at && at < host + strcspn(host, "/")) host = at + 1;
            return check_host(host, &local);
        }
    }
    return "write the proxy as http://host:port (or https://, socks5://)";
}

/* ---- applying one key ---- */

/* An empty value switches the setting off: no contact line, no admin mode (on purpose),
 * no uploads, no proxy, no token or CA file. The folders and the database must be named. */
static int empty_means_none(const key_def *k)
{
    switch (k->kind) {
    case K_TEXT:
    case K_SITE:
    case K_PIN_HASH:
    case K_URL:
    case K_PROXY:
    case K_COMMAND:
        return 1;
    case K_PATH:
        return k->offset != F(data_dir) && k->offset != F(scenarios_dir) &&
               k->offset != F(db_path) && k->offset != F(usb_mount_root);
    default:
        return 0;
    }
}

/* A value that cannot be used: says why and what is used instead. */
static void report_bad(parse_ctx *c, const key_def *k, int col, const char *why)
{
    /* Never echo a PIN-like value back (it could be the real PIN) or a proxy password. */
    int secret = k->kind == K_PIN_HASH || k->kind == K_PROXY;
    if (IS_INT_KIND(k->kind))
        wz_diag_add(c->diags, WZ_ERROR, c->file, c->lineno, col,
                    "[%s] %s: %s; using the default %d", k->section, k->name, why,
                    *int_field(c->cfg, k));
    else if (secret || !*str_field(c->cfg, k))
        wz_diag_add(c->diags, WZ_ERROR, c->file, c->lineno, col, "[%s] %s: %s; %s", k->section,
                    k->name, why,
                    k->kind == K_PIN_HASH ? "admin mode stays switched off"
                    : k->kind == K_URL && k->offset == F(alert_url) ? "no alert is sent there"
                    : k->kind == K_URL                              ? "uploads stay switched off"
                    : k->kind == K_PROXY                            ? "no proxy is used"
                    : k->kind == K_COMMAND                          ? "no command is run"
                                                                    : "ignoring this line");
    else
        wz_diag_add(c->diags, WZ_ERROR, c->file, c->lineno, col,
                    "[%s] %s: %s; using the default \"%s\"", k->section, k->name, why,
                    *str_field(c->cfg, k));
}

static void apply(parse_ctx *c, int ki, const char *raw_value)
{
    const key_def *k = &keys[ki];
    int col = value_column(c);
    char *v = wz_xstrdup(raw_value);
    size_t n = strlen(v);
    /* One pair of surrounding quotes is taken off: people often write "en". */
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        memmove(v, v + 1, n - 2);
        v[n - 2] = '\0';
        n -= 2;
    }
    const char *why = NULL;
    long num = 0;
    if (n == 0 && empty_means_none(k)) {
        set_str(str_field(c->cfg, k), NULL);
        goto out;
    }
    switch (k->kind) {
    case K_SECONDS:
    case K_DAYS:
    case K_PERCENT:
        why = parse_number(v, k->kind == K_SECONDS, &num);
        if (!why && (num < k->min || num > k->max)) {
            wz_diag_add(c->diags, WZ_ERROR, c->file, c->lineno, col,
                        "[%s] %s = %s is out of range: use %d to %d %s; using the default %d",
                        k->section, k->name, v, k->min, k->max,
                        k->kind == K_DAYS      ? "days"
                        : k->kind == K_PERCENT ? "(per cent)"
                                               : "seconds",
                        *int_field(c->cfg, k));
            goto out;
        }
        if (!why) *int_field(c->cfg, k) = (int)num;
        break;
    case K_KIOSK_ID:
        why = check_kiosk_id(v);
        break;
    case K_LANGUAGES:
        why = check_languages(v);
        break;
    case K_ORIENTATION:
        why = check_orientation(v);
        if (!why)
            for (char *p = v; *p; p++)
                *p = (char)tolower((unsigned char)*p);
        break;
    case K_TEXT:
        why = check_text(v);
        break;
    case K_SITE:
        why = check_site(v);
        break;
    case K_PATH:
        why = check_path(v);
        break;
    case K_PIN_HASH:
        why = check_pin_hash(v);
        if (!why && !wz_pin_hash_tagged(v))
            wz_diag_add(c->diags, WZ_WARNING, c->file, c->lineno, col,
                        "[admin] pin_hash was made before PINs needed %d digits; a shorter PIN "
                        "no longer opens admin mode. Make a new one with 'wz-kiosk --hash-pin'",
                        WZ_PIN_MIN_DIGITS);
        break;
    case K_URL:
        why = check_url(v);
        break;
    case K_PROXY:
        why = check_proxy(v);
        break;
    case K_COMMAND:
        why = check_command(v);
        break;
    case K_SHARE:
        why = check_share(v);
        break;
    case K_WORD:
        why = check_word(k, v);
        if (!why)
            for (char *p = v; *p; p++)
                *p = (char)tolower((unsigned char)*p);
        break;
    }
    if (why) {
        report_bad(c, k, col, why);
        goto out;
    }
    if (!IS_INT_KIND(k->kind)) set_str(str_field(c->cfg, k), v);
out:
    free(v);
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    parse_ctx *c = user;
    int kcol = key_column(c);
    if (!*section) {
        const char *home = NULL;
        for (int i = 0; i < NKEYS; i++)
            if (!home && wz_str_ieq(keys[i].name, name)) home = keys[i].section; /* the first */
        if (home)
            wz_diag_add(c->diags, WZ_WARNING, c->file, c->lineno, kcol,
                        "'%s' must be inside a section: put it under [%s]; ignoring it", name,
                        home);
        else
            wz_diag_add(c->diags, WZ_WARNING, c->file, c->lineno, kcol,
                        "'%s' is outside any section and is not a known setting; ignoring it",
                        name);
        return 1;
    }
    if (!c->section_known) return 1; /* already warned once about the section */
    for (int i = 0; i < NKEYS; i++) {
        if (!wz_str_ieq(keys[i].section, section) || !wz_str_ieq(keys[i].name, name)) continue;
        if (c->seen[i])
            wz_diag_add(c->diags, WZ_WARNING, c->file, c->lineno, kcol,
                        "[%s] %s is set twice (also on line %d); the later one counts",
                        keys[i].section, keys[i].name, c->seen[i]);
        c->seen[i] = c->lineno;
        apply(c, i, value);
        return 1;
    }
    /* Unknown key: suggest the nearest one in this section, or the section it belongs to. */
    const char *best = NULL, *other = NULL;
    size_t bestd = 3;
    for (int i = 0; i < NKEYS; i++) {
        if (wz_str_ieq(keys[i].section, section)) {
            size_t d = edit_distance(keys[i].name, name);
            if (d < bestd) {
                bestd = d;
                best = keys[i].name;
            }
        } else if (!other && wz_str_ieq(keys[i].name, name)) {
            other = keys[i].section; /* url, token_file...: [upload] before [alert] */
        }
    }
    if (other)
        wz_diag_add(c->diags, WZ_WARNING, c->file, c->lineno, kcol,
                    "'%s' belongs under [%s], not [%s]; ignoring it", name, other, section);
    else if (best)
        wz_diag_add(c->diags, WZ_WARNING, c->file, c->lineno, kcol,
                    "unknown setting '%s' in [%s] (did you mean '%s'?); ignoring it", name, section,
                    best);
    else
        wz_diag_add(c->diags, WZ_WARNING, c->file, c->lineno, kcol,
                    "unknown setting '%s' in [%s]; ignoring it", name, section);
    return 1;
}

/*
 * inih's fgets-like reader: copies the next line (without leading white space) into
 * str, and checks what inih would otherwise only half-report. Returns NULL at the end.
 */
static char *reader(char *str, int num, void *stream)
{
    parse_ctx *c = stream;
    if (c->pos >= c->len || num < 2) return NULL;
    const char *start = c->text + c->pos;
    const char *nl = memchr(start, '\n', c->len - c->pos);
    size_t n = nl ? (size_t)(nl - start) : c->len - c->pos;
    c->pos += n + (nl ? 1 : 0);
    c->lineno++;
    if (n && start[n - 1] == '\r') n--;
    if (c->lineno == 1 && n >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0) { /* BOM */
        start += 3;
        n -= 3;
    }
    c->line = start;
    c->line_len = n;
    size_t off = skip_space(c, 0);
    c->skipped = off;
    const char *s = start + off;
    size_t sl = n - off;
    str[0] = '\0';

    if (wz_utf8_check(start, n) != n) {
        wz_diag_add(c->diags, WZ_ERROR, c->file, c->lineno, column_of(c, wz_utf8_check(start, n)),
                    "this line is not valid UTF-8 text; save the file as UTF-8. Line ignored");
        return str;
    }
    if (memchr(start, '\0', n)) {
        wz_diag_add(c->diags, WZ_ERROR, c->file, c->lineno, 1,
                    "this line contains a NUL byte; line ignored");
        return str;
    }
    if (sl == 0 || s[0] == ';' || s[0] == '#') return str; /* blank or comment */
    if (sl + 1 > (size_t)num) {
        wz_diag_add(c->diags, WZ_ERROR, c->file, c->lineno, column_of(c, off),
                    "this line is longer than %d characters; line ignored", num - 1);
        return str;
    }
    if (s[0] == '[') {
        const char *rb = memchr(s, ']', sl);
        if (!rb) {
            wz_diag_add(c->diags, WZ_ERROR, c->file, c->lineno, column_of(c, off),
                        "a section name must end with ']', for example [kiosk]; line ignored");
            c->section_known = 0; /* keys below it would land in the wrong section */
            return str;
        }
        char *name = wz_str_trim_dup(s + 1, (size_t)(rb - s - 1));
        c->section_known = section_is_known(name);
        if (!c->section_known)
            wz_diag_add(c->diags, WZ_WARNING, c->file, c->lineno, column_of(c, off),
                        "unknown section [%s]; the settings under it are ignored (known "
                        "sections: kiosk, paths, admin, upload, privacy, alert)",
                        name);
        free(name);
    } else if (!memchr(s, '=', sl) && !memchr(s, ':', sl)) {
        wz_diag_add(c->diags, WZ_ERROR, c->file, c->lineno, column_of(c, off),
                    "expected a setting written as 'name = value'; line ignored");
        return str;
    } else if (s[0] == '=' || s[0] == ':') {
        wz_diag_add(c->diags, WZ_ERROR, c->file, c->lineno, column_of(c, off),
                    "the setting's name is missing before '='; line ignored");
        return str;
    }
    memcpy(str, s, sl);
    str[sl] = '\0';
    return str;
}

/* ---- public ---- */

static const char *default_data_dir(void)
{
    const char *sd = getenv("STATE_DIRECTORY"); /* systemd StateDirectory= */
    if (sd && sd[0] == '/' && !strchr(sd, ':')) return sd;
    if (access("/var/lib/wz-kiosk", W_OK) == 0) return "/var/lib/wz-kiosk";
    return "./data";
}

void wz_config_defaults(wz_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->kiosk_id = wz_xstrdup("unnamed-kiosk");
    cfg->idle_timeout_s = 90;
    cfg->idle_countdown_s = 15;
    cfg->languages = wz_xstrdup("en");
    cfg->orientation = wz_xstrdup("auto");
    cfg->local_help = NULL;
    cfg->knowledge_before_share = wz_xstrdup("1/3");
    cfg->data_dir = wz_xstrdup(default_data_dir());
    cfg->scenarios_dir = wz_path_join(cfg->data_dir, "scenarios");
    cfg->db_path = wz_path_join(cfg->data_dir, "kiosk.db");
    cfg->usb_mount_root = wz_xstrdup("/media");
    cfg->admin_pin_hash = NULL;
    cfg->admin_timeout_s = 120;
    cfg->upload_url = NULL;
    cfg->token_file = NULL;
    cfg->ca_file = NULL;
    cfg->proxy = NULL;
    cfg->upload_interval_s = 300;
    cfg->upload_start_jitter_s = 120;
    cfg->retention_days = 90;
    cfg->alert_command_timeout_s = 5;
    cfg->alert_timeout_s = 10;
    cfg->alert_retry_window_s = 180;
    cfg->audio_narration = wz_xstrdup("on");
    cfg->audio_autoplay = wz_xstrdup("easy-read");
    cfg->audio_volume = 80;
}

static int key_index(const char *section, const char *name)
{
    for (int i = 0; i < NKEYS; i++)
        if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name)) return i;
    return -1;
}

static void warn_token_mode(parse_ctx *c, const char *path, int line)
{
    struct stat st;
    if (path && stat(path, &st) == 0 && (st.st_mode & 077))
        wz_diag_add(c->diags, WZ_WARNING, c->file, line ? line : 1, 1,
                    "the token file %s can be read by other users; run: chmod 600 %s", path, path);
}

/* [alert]: the program must be there and runnable; a token needs an address. */
static void finish_alert(parse_ctx *c)
{
    wz_config *cfg = c->cfg;
    int cl = c->seen[key_index("alert", "command")];
    char **argv = NULL;
    if (cfg->alert_command && !split_words(cfg->alert_command, &argv, NULL)) {
        if (access(argv[0], X_OK) != 0)
            wz_diag_add(c->diags, WZ_WARNING, c->file, cl ? cl : 1, 1,
                        "[alert] command: %s cannot be run (%s); no command alert until it can",
                        argv[0], strerror(errno));
        wz_config_command_free(argv);
    }
    int tl = c->seen[key_index("alert", "token_file")];
    if (cfg->alert_token_file && !cfg->alert_url)
        wz_diag_add(c->diags, WZ_WARNING, c->file, tl ? tl : 1, 1,
                    "[alert] token_file is set but [alert] url is not: nothing uses the token");
    if ((cfg->alert_url || cfg->alert_command) && !cfg->safeguarding_contact)
        wz_diag_add(c->diags, WZ_WARNING, c->file, 1, 1,
                    "staff alerts are on but [alert] safeguarding_contact is not set: staff "
                    "answering an alert need to know whom to tell");
}

/* What depends on other keys: paths below data_dir, and cross-key advice. */
static void finish(parse_ctx *c)
{
    wz_config *cfg = c->cfg;
    int data_set = c->seen[key_index("paths", "data_dir")];
    int sc_set = c->seen[key_index("paths", "scenarios_dir")];
    int db_set = c->seen[key_index("paths", "db")];
    if (data_set && !sc_set) {
        free(cfg->scenarios_dir);
        cfg->scenarios_dir = wz_path_join(cfg->data_dir, "scenarios");
    }
    if (data_set && !db_set) {
        free(cfg->db_path);
        cfg->db_path = wz_path_join(cfg->data_dir, "kiosk.db");
    }
    /* Relative scenario and database paths are inside the data folder. */
    if (sc_set && cfg->scenarios_dir[0] != '/') {
        char *p = wz_path_join(cfg->data_dir, cfg->scenarios_dir);
        free(cfg->scenarios_dir);
        cfg->scenarios_dir = p;
    }
    if (db_set && cfg->db_path[0] != '/') {
        char *p = wz_path_join(cfg->data_dir, cfg->db_path);
        free(cfg->db_path);
        cfg->db_path = p;
    }
    int url_line = c->seen[key_index("upload", "url")];
    if (cfg->upload_url && url_line && !strcmp(cfg->kiosk_id, "unnamed-kiosk"))
        wz_diag_add(c->diags, WZ_WARNING, c->file, url_line, 1,
                    "uploads are on but [kiosk] id is not set: figures from this kiosk would be "
                    "mixed with other unnamed kiosks; set a unique id");
    if (cfg->upload_url && url_line && !cfg->token_file)
        wz_diag_add(c->diags, WZ_WARNING, c->file, url_line, 1,
                    "uploads are on but [upload] token_file is not set; the collector will "
                    "probably refuse the figures");
    warn_token_mode(c, cfg->token_file, c->seen[key_index("upload", "token_file")]);
    if (cfg->token_file) {
        int tl = c->seen[key_index("upload", "token_file")];
        char *why = NULL;
        if (c->check_token && cfg->upload_url && c->check_token(cfg->token_file, &why) != 0)
            wz_diag_add(c->diags, WZ_ERROR, c->file, tl ? tl : 1, 1, "[upload] token_file: %s",
                        why ? why : "the uploader cannot use it");
        free(why);
    }
    warn_token_mode(c, cfg->alert_token_file, c->seen[key_index("alert", "token_file")]);
    finish_alert(c);
    if (cfg->idle_countdown_s >= cfg->idle_timeout_s)
        wz_diag_add(c->diags, WZ_WARNING, c->file,
                    c->seen[key_index("kiosk", "idle_countdown")]
                        ? c->seen[key_index("kiosk", "idle_countdown")]
                        : 1,
                    1, "idle_countdown (%d s) is not shorter than idle_timeout (%d s)",
                    cfg->idle_countdown_s, cfg->idle_timeout_s);
}

static void load_text(wz_config *cfg, const char *text, size_t len, const char *name,
                      wz_diags *diags, wz_config_token_check check_token)
{
    parse_ctx c;
    memset(&c, 0, sizeof(c));
    c.check_token = check_token;
    c.cfg = cfg;
    c.diags = diags;
    c.file = name ? name : "(config)";
    c.text = text;
    c.len = len;
    c.section_known = 1;
    (void)ini_parse_stream(reader, &c, handler, &c); /* every error was reported by us */
    finish(&c);
}

int wz_config_load_string(wz_config *cfg, const char *text, size_t len, const char *name,
                          wz_diags *diags)
{
    load_text(cfg, text, len, name, diags, NULL);
    return 0;
}

static int load_file(wz_config *cfg, const char *path, wz_diags *diags,
                     wz_config_token_check check_token)
{
    char *text = NULL;
    size_t len = 0;
    int rc = wz_read_file(path, WZ_CONFIG_MAX_BYTES, &text, &len);
    if (rc == -2) {
        wz_diag_add(diags, WZ_ERROR, path, 0, 0,
                    "the settings file is larger than %u KiB; it is not read, defaults are used",
                    WZ_CONFIG_MAX_BYTES / 1024);
        return -1;
    }
    if (rc != 0) {
        wz_diag_add(diags, WZ_ERROR, path, 0, 0,
                    "cannot read the settings file (%s); defaults are used", strerror(errno));
        return -1;
    }
    load_text(cfg, text, len, path, diags, check_token);
    free(text);
    return 0;
}

int wz_config_load(wz_config *cfg, const char *path, wz_diags *diags)
{
    return load_file(cfg, path, diags, NULL);
}

void wz_config_free(wz_config *cfg)
{
    if (!cfg) return;
    for (int i = 0; i < NKEYS; i++) {
        if (IS_INT_KIND(keys[i].kind)) continue;
        char **f = str_field(cfg, &keys[i]);
        free(*f);
        *f = NULL;
    }
}

void wz_config_print(const wz_config *cfg, FILE *out)
{
    const char *section = "";
    for (int i = 0; i < NKEYS; i++) {
        const key_def *k = &keys[i];
        if (strcmp(section, k->section)) {
            fprintf(out, "%s[%s]\n", i ? "\n" : "", k->section);
            section = k->section;
        }
        if (IS_INT_KIND(k->kind)) {
            fprintf(out, "%s = %d\n", k->name, *(const int *)((const char *)cfg + k->offset));
            continue;
        }
        const char *v = *(char *const *)((const char *)cfg + k->offset);
        if (k->kind == K_PROXY && v && strchr(v, '@'))
            fprintf(out, "%s = (set, contains a password: not shown)\n", k->name);
        else
            fprintf(out, "%s = %s\n", k->name, v ? v : "");
    }
}

int wz_config_check_cli(const char *path, wz_config_token_check check_token, FILE *out)
{
    if (!path) path = "/etc/wz-kiosk/kiosk.ini";
    wz_config cfg;
    wz_diags diags;
    wz_config_defaults(&cfg);
    wz_diags_init(&diags);
    int rc = load_file(&cfg, path, &diags, check_token);
    wz_diags_sort(&diags);
    wz_diags_print(&diags, out);
    fprintf(out, "%s; %d error(s), %d warning(s). Settings in effect:\n\n",
            rc == 0 ? path : "(defaults)", diags.errors, diags.warnings);
    wz_config_print(&cfg, out);
    int status = diags.errors ? 1 : 0;
    wz_diags_free(&diags);
    wz_config_free(&cfg);
    return status;
}
