/*
 * wz_collect_backoff: wrong tokens are slowed, per client address.
 *
 * A client address that has presented a wrong token more than WZ_COLLECT_BACKOFF_FREE
 * times is made to wait before its next token is even looked at: 1 s after the first
 * failure past the free ones, doubling up to WZ_COLLECT_BACKOFF_MAX_S. The server answers
 * 429 with Retry-After meanwhile (no thread sleeps, so other clients are not held up),
 * and compares no token, so guessing goes no faster by sending more. A right token
 * forgets the address's failures; so do ten quiet minutes. IPv6 addresses count by
 * their /64 (one machine usually has the whole /64). The table has a fixed size; when
 * it is full the longest-quiet address makes room. Addresses are kept in memory only,
 * as a hash, and never logged. Safe to call from several threads.
 */
#ifndef WZ_COLLECT_BACKOFF_H
#define WZ_COLLECT_BACKOFF_H

#include <stddef.h>
#include <sys/socket.h>

#define WZ_COLLECT_BACKOFF_FREE 3       /* wrong tokens an address may send unslowed */
#define WZ_COLLECT_BACKOFF_MAX_S 60     /* the longest wait */
#define WZ_COLLECT_BACKOFF_FORGET_S 600 /* quiet time after which failures are forgotten */

typedef struct wz_collect_backoff wz_collect_backoff;

wz_collect_backoff *wz_collect_backoff_new(void);
void wz_collect_backoff_free(wz_collect_backoff *b); /* accepts NULL */
/* Seconds the address must still wait (0: its token may be checked now). */
int wz_collect_backoff_wait(wz_collect_backoff *b, const struct sockaddr *addr, long long now_ms);
/* The address presented a wrong token (or none). */
void wz_collect_backoff_failed(wz_collect_backoff *b, const struct sockaddr *addr,
                               long long now_ms);
/* The address presented a right token: its failures are forgotten. */
void wz_collect_backoff_passed(wz_collect_backoff *b, const struct sockaddr *addr);

#endif
