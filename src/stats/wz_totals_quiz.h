/*
 * wz_totals_quiz: the knowledge check in a wz_totals tally: answers and right answers per
 * (scenario, audience, question, before or after), counted from a day's events, added from
 * snapshots' "quiz" lists, and shown as shares right before and after with the difference
 * and its 95% interval (wz_interval.h), never for fewer than 10 answers.
 *
 * The same rows feed wz-stats summary (JSON, CSV, text) and the collector's report page, so
 * both show the same figures for the same snapshots.
 */
#ifndef WZ_TOTALS_QUIZ_H
#define WZ_TOTALS_QUIZ_H

#include "wz_interval.h"
#include "wz_totals.h"
#include "wz_util.h"

#include <cjson/cJSON.h>

/* Bounds of a snapshot's "quiz" list. */
#define WZ_SNAPSHOT_MAX_QUIZ 20000 /* entries */
#define WZ_SNAPSHOT_MAX_QUESTION 99

/* Counts n answers (right of them right) to question (from 0) of ifid, by audience;
 * phase is "before" or "after" (anything else is not counted). */
void wz_totals_count_quiz_n(wz_totals *t, const char *ifid, const char *audience, int question,
                            const char *phase, long long n, long long right);
/* Adds a snapshot's validated "quiz" list (NULL: none, as in older snapshots). */
void wz_totals_quiz_add_json(wz_totals *t, const cJSON *quiz);

/* One question's figures, summed over audiences (audience NULL) or for one audience.
 * Strings point into the tally. */
typedef struct wz_quiz_row {
    const char *ifid, *audience;
    int question;
    wz_before_after f;
} wz_quiz_row;
/* The rows of t sorted by ifid then question (then audience); returns how many, with a
 * new array in *rows (caller frees). */
int wz_totals_quiz_rows(const wz_totals *t, int by_audience, wz_quiz_row **rows);

/* The summary's "knowledge" object: {"suppressed_below":10, "method":..., "questions":[...]}. */
cJSON *wz_totals_quiz_json(const wz_totals *t);
/* Appends the summary's CSV rows (same columns as wz_totals_render) and its text part. */
void wz_totals_quiz_csv(const wz_totals *t, wz_buf *b);
void wz_totals_quiz_text(const wz_totals *t, wz_buf *b);

#endif
