/*
 * wz_collect_figures: a snapshot's figures must agree with each other, and its revision
 * must be one the kiosk could have reached.
 *
 * wz_snapshot_validate checks the document's shape; this checks what the kiosk's counting
 * makes true of every honest snapshot (src/data/wz_aggregate.c says which event feeds which
 * count), so that a forged or broken one is refused with the rule it breaks. The rules are
 * listed at wz_collect_figures_check.
 */
#ifndef WZ_COLLECT_FIGURES_H
#define WZ_COLLECT_FIGURES_H

#include <cjson/cJSON.h>

#define WZ_COLLECT_CROSSING 2               /* more plays or visits ended than started */
#define WZ_COLLECT_MAX_TAPS 360000LL        /* choices + spot taps in one day */
#define WZ_COLLECT_REVISION_SLACK 100       /* revisions not caused by a new count */
#define WZ_COLLECT_MAX_REVISION 100000000LL /* any revision, whatever the counts */

/* The rules, for a snapshot that passed wz_snapshot_validate:
 *   - per scenario entry: endings (safe + risky + mixed) <= completed, and the completed
 *     plays' durations add up to completed (one ENDING event feeds all three);
 *   - plays ended (completed + abandoned) <= started + WZ_COLLECT_CROSSING, per entry and
 *     over the day: a play that crosses midnight (or a clock correction) starts on one
 *     day and ends on the next, and one kiosk has one visitor at a time;
 *   - visits ended (session_durations) <= sessions + WZ_COLLECT_CROSSING, for the same
 *     reason; audiences, languages and easy_read_sessions <= sessions;
 *   - public facts ("scenario_info") describe only scenarios the day counts;
 *   - taps: choices made, signs found and wrong taps, and messages rated, are at most
 *     WZ_COLLECT_MAX_TAPS a day (four taps a second for a 25-hour day);
 *   - revision <= 1 + WZ_COLLECT_REVISION_SLACK + the sum of every count + the number of
 *     scenario entries: a revision rises only when the day's document changes, which it
 *     does only when an event adds to a count; the slack covers upgrades that write the
 *     same counts differently. With the bounds on counts this caps a kiosk's revisions at
 *     WZ_COLLECT_MAX_REVISION, so a forged revision 2^53 cannot make real figures "older".
 * Returns 0, or -1 with a new message in *err naming the rule broken (caller frees). */
int wz_collect_figures_check(const cJSON *snapshot, char **err);

#endif
