/*
 * wz_recorder: the anonymous event log the kiosk writes while a visitor plays.
 *
 * What an event may hold is deliberately narrow (docs/privacy.md): no names, no free
 * text, nothing typed by a visitor, no device identifiers. The session id is random per
 * visit and never leaves the device; aggregates (wz_aggregate.h) are what is uploaded.
 *
 * wz_recorder is the kiosk's front door. Every record is one short transaction on the
 * UI thread. When the database cannot be written (disk full, read-only, locked, corrupt)
 * events wait in a bounded in-memory queue and are written at the next chance, oldest
 * first; the kiosk keeps playing either way.
 */
#ifndef WZ_RECORDER_H
#define WZ_RECORDER_H

#include <time.h>

typedef enum {
    WZ_EV_SESSION_START = 1, /* audience, language, easy_read */
    WZ_EV_SESSION_END,       /* duration_ms */
    WZ_EV_SCENARIO_START,    /* ifid */
    WZ_EV_CHOICE,            /* ifid, passage, choice_index, target, cls */
    WZ_EV_SPOT_RESULT,       /* ifid, passage, found, missed, wrong (not flags but tapped) */
    WZ_EV_FEEDBACK,          /* ifid, passage, cls */
    WZ_EV_ENDING,            /* ifid, passage, outcome, duration_ms (scenario) */
    WZ_EV_ABANDON,           /* ifid, passage, reason ("idle", "back", "help"), duration_ms */
    WZ_EV_HELP,              /* screen ("attract", "menu", "player", "ending", ...) */
    WZ_EV_SETTING,           /* setting ("easy-read", "text-size"), value */
    WZ_EV_RATING,            /* ifid, passage, choice_index (the message's part index),
                                value (the visitor's rating: "green", "amber", "red"),
                                cls (the model rating); agreement is value == cls */
    WZ_EV_WORRIED,           /* screen: where "I'm worried" was pressed (no visitor data) */
    WZ_EV_QUIZ, /* one answer of the knowledge check: ifid, choice_index = question (from 0),
                  value = "before" or "after" the scenario, found = 1 right / 0 wrong */
    WZ_EV_GROUP /* a guide's group visit (group mode): ifid, audience, value = the group's
                   size band ("2-5", "6-10", "11-20", "21-35", "36+"); no session start */
} wz_event_kind;

typedef struct wz_event {
    wz_event_kind kind;
    time_t at;           /* wall-clock time; 0 means now */
    const char *session; /* random id from wz_recorder_visit_id */
    /* Which fields matter depends on kind (above); unused ones are NULL / 0. */
    const char *audience; /* "8-11", "12-15", "16+", "parents" */
    const char *language;
    int easy_read;
    const char *ifid;
    const char *passage;
    int choice_index;
    const char *target;
    const char *cls;     /* "safe", "risky", "neutral", "mixed" */
    const char *outcome; /* endings: "safe", "risky", "mixed" */
    const char *screen;  /* help: where it was opened from */
    const char *reason;  /* abandon reason */
    const char *setting, *value;
    int found, missed, wrong;
    long long duration_ms;
} wz_event;

/* Writes a new random visit id (32 hex characters) into buf[33]. */
void wz_recorder_visit_id(char buf[33]);

typedef struct wz_recorder wz_recorder;

/* Opens db_path (see wz_db.h). Never NULL: when the database cannot be opened the
 * recorder starts in memory and keeps retrying. */
wz_recorder *wz_recorder_create(const char *db_path);
void wz_recorder_destroy(wz_recorder *r); /* flushes what it can; accepts NULL */
/* Records one event (copies every string). Returns 0 when committed, 1 when queued in
 * memory for later, -1 when dropped because the queue is full (logged). */
int wz_recorder_record(wz_recorder *r, const wz_event *ev);
/* Tries to write queued events; called from the main loop now and then. */
int wz_recorder_flush(wz_recorder *r);
int wz_recorder_pending(const wz_recorder *r);
/* Returns 0 while events are being written, or -1 with the last database problem in *err
 * (a new message the caller frees) while they wait in memory. */
int wz_recorder_health(const wz_recorder *r, char **err);
#define WZ_RECORDER_QUEUE_MAX 10000

/* Deletes raw events older than `days` days (aggregates are kept). Returns rows deleted
 * or -1 with *err. */
int wz_recorder_prune(const char *db_path, int days, char **err);

struct sqlite3;
/* wz_recorder_flush returns the number of events written, or -1 when the database is still
 * unavailable (nothing is lost: they stay queued). It respects the back-off: after a
 * failure the database is not touched again for 0.5 s, doubling up to 30 s. */
/* Keeps raw events for `days` days (config retention_days; 0: forever). Prunes now, then
 * at most once a day, right after a SESSION_END is recorded (between visitors) or from
 * wz_recorder_flush: deleting one day's events takes milliseconds. The kiosk calls this
 * once after create. */
void wz_recorder_set_retention(wz_recorder *r, int days);
/* Changes the back-off (tests use 0, 0 to retry at every call). */
void wz_recorder_set_backoff(wz_recorder *r, int min_ms, int max_ms);
/* Events dropped because the queue was full, since the last successful write. */
long long wz_recorder_dropped(const wz_recorder *r);
/* The recorder's connection (NULL while unavailable), for tests and diagnostics only: do
 * not close it or keep it past the next record/flush. */
struct sqlite3 *wz_recorder_db(wz_recorder *r);
/* Prunes every day before cutoff_day ("YYYY-MM-DD") in one transaction: each day's whole
 * aggregate is kept in day_base, then its raw events are deleted. Returns rows deleted or
 * -1 with *err. */
int wz_recorder_prune_before(struct sqlite3 *db, const char *cutoff_day, char **err);

#endif
