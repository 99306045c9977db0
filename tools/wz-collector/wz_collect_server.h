/*
 * wz_collect_server: the collector's HTTP side (libmicrohttpd), run by `wz-collector serve`.
 *
 * One internal polling thread does the HTTP work: headers, authentication, parsing and
 * validating bodies, answering. Stores go to one writer thread with its own SQLite
 * connection: the HTTP thread suspends each valid POST's connection and queues it; the
 * writer commits everything queued so far in one transaction (group commit: one fsync for
 * many requests, each under its own savepoint) and resumes the connections, which are
 * then answered. So "2xx only after COMMIT" holds while many kiosks share the cost of
 * synchronous=FULL. The report page is made by a third thread from its own connection,
 * again whenever new figures have arrived (at most every WZ_COLLECT_REPORT_EVERY_S), and
 * served from that copy, so a slow report never holds an upload.
 *
 * Everything a client controls is bounded before work is done: connections in all and per
 * address, a deadline for each request (wz_collect_guard), header memory, the body size,
 * then wz_collect_parse. A request with both Content-Length and Transfer-Encoding (or two
 * lengths) is refused, so no second request can hide in its body. Wrong tokens are slowed
 * per address (wz_collect_backoff). TLS is 1.2 or newer. Logs never carry client
 * addresses or tokens (docs/privacy.md).
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
