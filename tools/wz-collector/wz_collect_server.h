/*
 * wz_collect_server: the collector's HTTP side (libmicrohttpd), run by `wz-collector serve`.
 *
 * One polling thread does the HTTP work; stores go to one writer thread that commits every
 * queued POST in one transaction (group commit, each request under its own savepoint) and
 * only then resumes the suspended connections, so "2xx only after COMMIT" holds while many
 * kiosks share one fsync. A third thread remakes the report page from its own connection
 * when new figures arrive, so a slow report never holds an upload.
 *
 * Everything a client controls is bounded before work is done: connections, a deadline per
 * request (wz_collect_guard), header memory, the body size, then wz_collect_parse. Requests
 * with two lengths are refused (no smuggling), wrong tokens are slowed per address, TLS is
 * 1.2 or newer, and logs never carry client addresses or tokens (docs/privacy.md).
 */
#ifndef WZ_COLLECT_SERVER_H
#define WZ_COLLECT_SERVER_H

#define WZ_COLLECT_CONNECTIONS 1024  /* open connections, at most */
#define WZ_COLLECT_SOFT_LIMIT 512    /* past this, newcomers evict the slowest */
#define WZ_COLLECT_PER_ADDRESS 16    /* open connections from one client address */
#define WZ_COLLECT_IDLE_S 10         /* a silent connection is closed after this */
#define WZ_COLLECT_REPORT_EVERY_S 10 /* the report page is remade at most this often */
#define WZ_COLLECT_MIN_FREE_MB 64    /* /healthz fails with less free space for the database */
#define WZ_COLLECT_TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

typedef struct wz_collect_server_opts {
    const char *listen;             /* "ADDRESS:PORT" (IPv4; port 0: the kernel picks) */
    const char *db_path;            /* the collector's database, made 0600 when new */
    const char *token_file;         /* upload tokens (wz_collect_tokens); NULL: anyone */
    const char *report_token_file;  /* the report page's password; NULL: no page */
    const char *tls_cert, *tls_key; /* PEM files; both or neither */
    const char *port_file;          /* written with the port once listening; may be NULL */
} wz_collect_server_opts;

/* Serves until SIGINT or SIGTERM. Returns the exit status: 0 after a clean stop, 1 when
 * it could not start (said why in the log). */
int wz_collect_server_run(const wz_collect_server_opts *o);

#endif
