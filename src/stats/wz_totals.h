/*
 * wz_totals: adding up anonymous statistics, for a day, a kiosk or a whole fleet.
 *
 * One tally type serves three jobs, so every total in the project is computed by the
 * same code: wz_aggregate counts a day's raw events into one; wz-stats adds a kiosk's
 * day snapshots; the collector adds every kiosk's. Pure C and cJSON (no SQLite), so the
 * collector links it without the kiosk's database layer. Durations are counts in fixed
 * buckets (WZ_DURATION_LIMITS_S): histograms add up across days and kiosks exactly, and
 * the median is read off the sum.
 */
#ifndef WZ_TOTALS_H
#define WZ_TOTALS_H

#include "wz_snapshot.h"

#include <cjson/cJSON.h>

wz_totals *wz_totals_create(void);
void wz_totals_destroy(wz_totals *t); /* accepts NULL */
/* True when nothing has been counted or added. */
int wz_totals_empty(const wz_totals *t);

/* Validates and adds one snapshot. The same (kiosk_id, instance, day) twice is refused:
 * the caller picks the highest revision first. Returns 0, or -1 with *err (nothing added). */
int wz_totals_add_snapshot(wz_totals *t, const cJSON *snapshot, char **err);

/* Counting n identical raw events at once (wz_aggregate groups a day's rows first).
 * Strings are copied; NULL or "" counts as "unknown" where a label is needed. Unknown
 * choice classes count as "neutral"; endings whose outcome is not safe/risky/mixed count
 * as completed only. Durations go in as a bucket (wz_totals_duration_bucket); spot results
 * as sums of the events' values, each clamped at 0. */
void wz_totals_count_session_n(wz_totals *t, int hour, const char *audience, const char *language,
                               int easy_read, long long n);
void wz_totals_count_session_end_n(wz_totals *t, int bucket, long long n);
void wz_totals_count_setting_n(wz_totals *t, const char *setting, const char *value, long long n);
void wz_totals_count_help_n(wz_totals *t, const char *screen, long long n);
/* "I'm worried" presses, by the screen pressed on. */
void wz_totals_count_worried_n(wz_totals *t, const char *screen, long long n);
/* Group visits (a guide's group mode), by the group's size band ("2-5", "6-10", ...):
 * apart from the single visits counted by wz_totals_count_session_n. */
void wz_totals_count_group_n(wz_totals *t, const char *band, long long n);
void wz_totals_count_started_n(wz_totals *t, const char *ifid, const char *audience, long long n);
/* The same, and counted by the language it was played in (NULL or "": not by language). */
void wz_totals_count_started_lang_n(wz_totals *t, const char *ifid, const char *audience,
                                    const char *language, long long n);
void wz_totals_count_ending_n(wz_totals *t, const char *ifid, const char *audience,
                              const char *outcome, int bucket, long long n);
void wz_totals_count_abandon_n(wz_totals *t, const char *ifid, const char *audience, long long n);
void wz_totals_count_choice_n(wz_totals *t, const char *ifid, const char *audience,
                              const char *passage, int index, const char *target, const char *cls,
                              long long n);
void wz_totals_count_spot_sum(wz_totals *t, const char *ifid, const char *audience, long long found,
                              long long missed, long long wrong);

/* Ratings of spot-the-signs messages: n visitors rated the message at (passage, part
 * index) `given`, where the model answer is `model` (each "green", "amber" or "red";
 * anything else is not counted). Agreement is given == model. */
void wz_totals_count_rating_n(wz_totals *t, const char *ifid, const char *audience,
                              const char *passage, int index, const char *given, const char *model,
                              long long n);

/* Public facts written beside the counts of a snapshot (docs/upload-protocol.md): the
 * kiosk's site and, for each scenario counted, its title, topic, language and audience
 * from the scenario file. Facts are not counts: they never change a total, and
 * wz_totals_add_snapshot keeps the latest snapshot's (by order added). NULL or "" leaves
 * a fact out; strings are copied and cleaned like labels. */
typedef struct wz_scenario_facts {
    const char *ifid, *title, *topic, *language, *audience;
} wz_scenario_facts;
void wz_totals_set_site(wz_totals *t, const char *site);
void wz_totals_set_facts(wz_totals *t, const wz_scenario_facts *f);

/* The duration bucket of a length in milliseconds, and the median (seconds) of a
 * histogram, interpolated inside its bucket with integer arithmetic (the same
 * everywhere); -1 when the histogram is empty. */
int wz_totals_duration_bucket(long long duration_ms);
long long wz_totals_duration_median_s(const long long counts[WZ_DURATION_BUCKETS]);

/* One event at a time: the same counts with n = 1. */
static inline void wz_totals_count_session(wz_totals *t, int hour, const char *audience,
                                           const char *language, int easy_read)
{
    wz_totals_count_session_n(t, hour, audience, language, easy_read, 1);
}
static inline void wz_totals_count_session_end(wz_totals *t, long long duration_ms)
{
    wz_totals_count_session_end_n(t, wz_totals_duration_bucket(duration_ms), 1);
}
static inline void wz_totals_count_setting(wz_totals *t, const char *setting, const char *value)
{
    wz_totals_count_setting_n(t, setting, value, 1);
}
static inline void wz_totals_count_help(wz_totals *t, const char *screen)
{
    wz_totals_count_help_n(t, screen, 1);
}
static inline void wz_totals_count_started(wz_totals *t, const char *ifid, const char *audience)
{
    wz_totals_count_started_n(t, ifid, audience, 1);
}
static inline void wz_totals_count_ending(wz_totals *t, const char *ifid, const char *audience,
                                          const char *outcome, long long duration_ms)
{
    wz_totals_count_ending_n(t, ifid, audience, outcome, wz_totals_duration_bucket(duration_ms), 1);
}
static inline void wz_totals_count_abandon(wz_totals *t, const char *ifid, const char *audience)
{
    wz_totals_count_abandon_n(t, ifid, audience, 1);
}
static inline void wz_totals_count_choice(wz_totals *t, const char *ifid, const char *audience,
                                          const char *passage, int index, const char *target,
                                          const char *cls)
{
    wz_totals_count_choice_n(t, ifid, audience, passage, index, target, cls, 1);
}
static inline void wz_totals_count_spot(wz_totals *t, const char *ifid, const char *audience,
                                        int found, int missed, int wrong)
{
    wz_totals_count_spot_sum(t, ifid, audience, found, missed, wrong);
}

/* Rendering (wz_totals_render.c). The totals as a new string the caller frees: format
 * "text", "json" or "csv" (NULL is "text"); NULL for an unknown format. JSON is one line
 * plus '\n'. */
char *wz_totals_render(const wz_totals *t, const char *format);
/* Names a scenario for the text rendering only ("Title (ifid)"); JSON and CSV keep the
 * ifid alone, so every reader of them sees the same shape. Copies both strings. */
void wz_totals_set_title(wz_totals *t, const char *ifid, const char *title);
/* The JSON totals document (the caller deletes it). */
cJSON *wz_totals_to_json(const wz_totals *t);

#endif
