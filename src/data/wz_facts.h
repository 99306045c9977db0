/*
 * wz_facts: the public facts a kiosk's snapshots carry beside the counts: its site (from
 * the configuration) and each scenario's title, topic, language and audience (from the
 * scenario files). They are kept in the statistics database (table meta), written by the
 * kiosk when it loads its scenarios, and read whenever a day's document is made, so the
 * kiosk, `wz-stats` and every retry produce the same bytes for the same day. Changing them
 * never re-issues a day: a day's document picks up new facts only when its counts change.
 */
#ifndef WZ_FACTS_H
#define WZ_FACTS_H

#include "wz_totals.h"

#include <sqlite3.h>

/* Replaces the saved facts: site (NULL or "": none) and f[0..n). Writes only when they
 * differ from those saved. Returns 0, or -1 with *err. */
int wz_facts_save(sqlite3 *db, const char *site, const wz_scenario_facts *f, int n, char **err);
/* Sets the saved facts into each of tallies[0..n). Returns 0, or -1 with *err. */
int wz_facts_apply(sqlite3 *db, wz_totals **tallies, int n, char **err);

#endif
