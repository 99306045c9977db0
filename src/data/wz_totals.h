/*
 * wz_totals: adding up day snapshots (docs/upload-protocol.md, "Snapshot document").
 *
 * One tally type serves three jobs, so that every total in the project is computed by
 * the same code: wz_aggregate builds a day's snapshot by counting raw events into it;
 * wz-stats summary adds a kiosk's day snapshots; wz-collector report adds every kiosk's.
 * Pure C and cJSON: no SQLite, so the collector can use it on anything it receives.
 *
 * Everything is sorted on output (byte order of the UTF-8 strings, then numbers), so the
 * same inputs always render to the same bytes, in whatever order they were added.
 * Durations are kept as counts in fixed buckets (WZ_DURATION_LIMITS_S): histograms add
 * up across days and kiosks exactly, and the median is read off the sum.
 */
#ifndef WZ_TOTALS_H
#define WZ_TOTALS_H

#include "wz_util.h"

#include <cJSON.h>

#define WZ_SNAPSHOT_SCHEMA 1
/* Upper limits (seconds) of the duration buckets; the last bucket is "more than 1200". */
#define WZ_DURATION_BUCKETS 17
extern const int WZ_DURATION_LIMITS_S[WZ_DURATION_BUCKETS - 1];

/* Bounds on what a snapshot may contain (the collector's first line of defence). */
#define WZ_SNAPSHOT_MAX_BYTES (4 * 1024 * 1024)
#define WZ_SNAPSHOT_MAX_STRING 200 /* bytes of any label: ifid, passage, screen, ... */
#define WZ_SNAPSHOT_MAX_SCENARIOS 2000
#define WZ_SNAPSHOT_MAX_CHOICES 5000 /* per scenario entry */
#define WZ_SNAPSHOT_MAX_MAP 500      /* entries in help, audiences, languages, settings */
#define WZ_SNAPSHOT_MAX_COUNT 1000000000.0

typedef struct wz_totals wz_totals;

wz_totals *wz_totals_new(void);
void wz_totals_free(wz_totals *t); /* accepts NULL */

/* Checks a snapshot document against the contract (shape, types, bounds, no unknown
 * fields). Returns 0, or -1 with a new message in *err (caller frees; err may be NULL). */
int wz_snapshot_validate(const cJSON *snapshot, char **err);
/* Valid kiosk id: 1..64 of [A-Za-z0-9_-]. Valid day: a real date as YYYY-MM-DD. */
int wz_snapshot_kiosk_id_ok(const char *id);
int wz_snapshot_day_ok(const char *day);
/* The optional "instance" of a snapshot: the random id of the kiosk database file that
 * produced it (wz_db_instance), WZ_INSTANCE_HEX lower-case hex digits. A database moved
 * aside as corrupt is replaced by one with a new instance whose revisions start again at
 * 1, so snapshots are told apart by (kiosk_id, instance, day). Snapshots from kiosks
 * before the field have none: they count as instance "". */
#define WZ_INSTANCE_HEX 32
int wz_snapshot_instance_ok(const char *id);
/* The instance of a (validated) snapshot, "" when it has none; points into snapshot. */
const char *wz_snapshot_instance(const cJSON *snapshot);

/* Validates and adds one snapshot. The same (kiosk_id, instance, day) twice is refused:
 * the caller picks the highest revision first. Returns 0, or -1 with *err (nothing added). */
int wz_totals_add_snapshot(wz_totals *t, const cJSON *snapshot, char **err);

/* The totals as a new string the caller frees: format "text", "json" or "csv" (NULL is
 * "text"); NULL for an unknown format. JSON is one line plus '\n'. */
char *wz_totals_render(const wz_totals *t, const char *format);
/* Names a scenario for the text rendering only ("Title (ifid)"); JSON and CSV keep the
 * ifid alone, so every reader of them sees the same shape. Copies both strings. */
void wz_totals_set_title(wz_totals *t, const char *ifid, const char *title);
/* The JSON totals document (the caller deletes it). */
cJSON *wz_totals_to_json(const wz_totals *t);

/* Counting raw events into a tally (wz_aggregate.c). Strings are copied; NULL or "" is
 * counted as "unknown" where a label is needed. Unknown choice classes count as
 * "neutral"; endings whose outcome is not safe/risky/mixed count as completed only. */
void wz_totals_count_session(wz_totals *t, int hour, const char *audience, const char *language,
                             int easy_read);
void wz_totals_count_session_end(wz_totals *t, long long duration_ms);
void wz_totals_count_setting(wz_totals *t, const char *setting, const char *value);
void wz_totals_count_help(wz_totals *t, const char *screen);
void wz_totals_count_started(wz_totals *t, const char *ifid, const char *audience);
void wz_totals_count_ending(wz_totals *t, const char *ifid, const char *audience,
                            const char *outcome, long long duration_ms);
void wz_totals_count_abandon(wz_totals *t, const char *ifid, const char *audience);
void wz_totals_count_choice(wz_totals *t, const char *ifid, const char *audience,
                            const char *passage, int index, const char *target, const char *cls);
void wz_totals_count_spot(wz_totals *t, const char *ifid, const char *audience, int found,
                          int missed, int wrong);
/* The same counts for n identical events at once (added for wz_aggregate, which groups a
 * day's rows first): durations as a bucket (wz_duration_bucket), spot results as sums of
 * the events' values, each clamped at 0 as the one-event form does. */
void wz_totals_count_session_n(wz_totals *t, int hour, const char *audience, const char *language,
                               int easy_read, long long n);
void wz_totals_count_session_end_n(wz_totals *t, int bucket, long long n);
void wz_totals_count_setting_n(wz_totals *t, const char *setting, const char *value, long long n);
void wz_totals_count_help_n(wz_totals *t, const char *screen, long long n);
void wz_totals_count_started_n(wz_totals *t, const char *ifid, const char *audience, long long n);
void wz_totals_count_ending_n(wz_totals *t, const char *ifid, const char *audience,
                              const char *outcome, int bucket, long long n);
void wz_totals_count_abandon_n(wz_totals *t, const char *ifid, const char *audience, long long n);
void wz_totals_count_choice_n(wz_totals *t, const char *ifid, const char *audience,
                              const char *passage, int index, const char *target, const char *cls,
                              long long n);
void wz_totals_count_spot_sum(wz_totals *t, const char *ifid, const char *audience, long long found,
                              long long missed, long long wrong);
/* True when nothing has been counted or added. */
int wz_totals_empty(const wz_totals *t);

/* Renders the tally in snapshot shape for (kiosk_id, day, revision): only meaningful for
 * a tally of one kiosk's one day. Returns a new document the caller deletes. */
cJSON *wz_totals_to_snapshot(const wz_totals *t, const char *kiosk_id, const char *day,
                             long long revision);
/* The same with an "instance" field after kiosk_id (none when instance is NULL or ""). */
cJSON *wz_totals_to_snapshot_in(const wz_totals *t, const char *kiosk_id, const char *instance,
                                const char *day, long long revision);

/* The same document as one line of JSON (a new string the caller frees), written
 * directly: byte for byte what cJSON_PrintUnformatted gives for wz_totals_to_snapshot,
 * several times faster (a year of days is refreshed at once after a long time offline). */
char *wz_totals_snapshot_json(const wz_totals *t, const char *kiosk_id, const char *day,
                              long long revision);
char *wz_totals_snapshot_json_in(const wz_totals *t, const char *kiosk_id, const char *instance,
                                 const char *day, long long revision);

/* Median (seconds) of a duration histogram, interpolated inside its bucket with integer
 * arithmetic (so it is the same everywhere); -1 when the histogram is empty. */
long long wz_duration_median_s(const long long counts[WZ_DURATION_BUCKETS]);
int wz_duration_bucket(long long duration_ms);

/* Appends one CSV field (RFC 4180: quoted when it holds a comma, quote, CR or LF; a
 * leading = + - @ gets a ' so spreadsheets never run it as a formula). */
void wz_csv_field(wz_buf *b, const char *s);

#endif
