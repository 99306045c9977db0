/*
 * wz_snapshot: the snapshot document, one kiosk's totals for one day as it is uploaded
 * (docs/upload-protocol.md, "Snapshot document"): its bounds, its validation (the
 * collector's first line of defence) and its one writer.
 *
 * The writer appends to a wz_buf directly: a year of days is refreshed at once after a
 * long time offline, and that is several times faster than building a cJSON tree. The
 * cJSON form is that text parsed, so there is one serialiser and the forms cannot differ.
 * Everything is sorted on output, so the same tally always gives the same bytes.
 */
#ifndef WZ_SNAPSHOT_H
#define WZ_SNAPSHOT_H

#include <cjson/cJSON.h>

typedef struct wz_totals wz_totals;

#define WZ_SNAPSHOT_SCHEMA 1
/* Upper limits (seconds) of the duration buckets; the last bucket is "more than 1200". */
#define WZ_DURATION_BUCKETS 17
extern const int WZ_DURATION_LIMITS_S[WZ_DURATION_BUCKETS - 1];

/* Bounds on what a snapshot may contain. */
#define WZ_SNAPSHOT_MAX_BYTES (4 * 1024 * 1024)
#define WZ_SNAPSHOT_MAX_STRING 200 /* bytes of any label: ifid, passage, screen, ... */
#define WZ_SNAPSHOT_MAX_SCENARIOS 2000
#define WZ_SNAPSHOT_MAX_CHOICES 5000 /* per scenario entry */
#define WZ_SNAPSHOT_MAX_MAP 500      /* entries in help, audiences, languages, settings */
#define WZ_SNAPSHOT_MAX_COUNT 1000000000.0

/* Checks a snapshot document against the contract (shape, types, bounds, no unknown
 * fields). Returns 0, or -1 with a new message in *err (caller frees; err may be NULL). */
int wz_snapshot_validate(const cJSON *snapshot, char **err);
/* Checks only the optional public facts ("site", "scenario_info": docs/upload-protocol.md);
 * wz_snapshot_validate calls it too. 0, or -1 with *err. */
int wz_snapshot_facts_validate(const cJSON *snapshot, char **err);
/* True when two snapshot texts hold the same counts (their public facts aside). */
int wz_snapshot_same_counts(const char *a, const char *b);
/* Valid kiosk id: 1..64 of [A-Za-z0-9_-]. Valid day: a real date as YYYY-MM-DD. */
int wz_snapshot_kiosk_id_ok(const char *id);
int wz_snapshot_day_ok(const char *day);
/* The optional "instance": the random id of the kiosk database file that produced the
 * snapshot (wz_db_instance), WZ_INSTANCE_HEX lower-case hex digits. Snapshots are told
 * apart by (kiosk_id, instance, day); those without the field count as instance "". */
#define WZ_INSTANCE_HEX 32
int wz_snapshot_instance_ok(const char *id);
/* The instance of a (validated) snapshot, "" when it has none; points into snapshot. */
const char *wz_snapshot_instance(const cJSON *snapshot);

/* The tally t as the snapshot of (kiosk_id, instance, day, revision): only meaningful for
 * a tally of one kiosk's one day. instance NULL or "" leaves the field out. Returns one
 * line of JSON, a new string the caller frees. */
char *wz_snapshot_json(const wz_totals *t, const char *kiosk_id, const char *instance,
                       const char *day, long long revision);
/* The same document parsed (the caller deletes it). */
cJSON *wz_snapshot_doc(const wz_totals *t, const char *kiosk_id, const char *instance,
                       const char *day, long long revision);

#endif
