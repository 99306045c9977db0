/*
 * wz_collect_guard: every connection to the collector has a deadline, and a full house
 * makes room for newcomers.
 *
 * libmicrohttpd's time-out counts only idle time, so a client sending one header line
 * every few seconds could hold a connection for ever. The guard knows every open
 * connection (MHD_OPTION_NOTIFY_CONNECTION) and what it is doing; a thread looks every
 * 200 ms and shuts down one whose headers are not complete WZ_COLLECT_HEADER_S after it
 * opened, or whose request is not finished WZ_COLLECT_REQUEST_S after its headers. Over the
 * soft limit, each newcomer closes the oldest connection still waiting for headers, so a
 * good client always finds a slot. The guard forgets a connection before libmicrohttpd
 * closes its descriptor, so it never touches a descriptor that was reused.
 */
#ifndef WZ_COLLECT_GUARD_H
#define WZ_COLLECT_GUARD_H

#include <microhttpd.h>

#define WZ_COLLECT_HEADER_S 10  /* from connecting (or the last answer) to complete headers */
#define WZ_COLLECT_REQUEST_S 60 /* from complete headers to the answer sent */

typedef struct wz_collect_guard wz_collect_guard;

/* soft_limit: open connections past which newcomers evict the oldest header-waiter.
 * Returns NULL with *err when its thread cannot start. */
wz_collect_guard *wz_collect_guard_start(int soft_limit, char **err);
void wz_collect_guard_stop(wz_collect_guard *g); /* accepts NULL */

/* For MHD_OPTION_NOTIFY_CONNECTION, with the guard as its closure. */
void wz_collect_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                             enum MHD_ConnectionNotificationCode code);
/* A request's headers are complete (the access handler's first call). */
void wz_collect_guard_request(wz_collect_guard *g, struct MHD_Connection *c);
/* held 1: the connection waits for the writer (no deadline); 0: it goes on. */
void wz_collect_guard_hold(wz_collect_guard *g, struct MHD_Connection *c, int held);
/* The request is over (MHD_OPTION_NOTIFY_COMPLETED): the next one's headers are awaited. */
void wz_collect_guard_done(wz_collect_guard *g, struct MHD_Connection *c);
/* Connections cut so far (deadlines and evictions). */
long long wz_collect_guard_cut(wz_collect_guard *g);

#endif
