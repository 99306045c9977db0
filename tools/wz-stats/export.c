/*
 * wz-stats export: the statistics as CSV files a spreadsheet opens, for a USB stick.
 *
 * One file per kind of row (days, hours, scenarios, choices, help, audiences, languages,
 * settings) plus totals.csv (the same as `summary --format=csv`), the Partnership's
 * report tables (report-*.csv, small figures suppressed: report.c) and README.txt saying
 * what every column means in plain words. The rows are read from the same per-day
 * snapshot documents the kiosk uploads. RFC 4180: CRLF line ends, fields quoted when
 * needed; UTF-8 with a byte-order mark so spreadsheet programs do not guess another
 * encoding. Each file is written to a temporary name and renamed, so a stick pulled out
 * half-way leaves whole files or old ones.
 */
#include "wz_stats_cmd.h"

#include "wz_aggregate.h"
#include "wz_totals.h"
#include "wz_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BOM "\xEF\xBB\xBF"

static const char README[] =
    "Warning Zone kiosk: anonymous statistics\r\n"
    "========================================\r\n"
    "\r\n"
    "These files were written by `wz-stats export`. They hold counts only: nothing in them\r\n"
    "can identify a visitor (no names, no typed text, no exact times; see docs/privacy.md).\r\n"
    "Open them in any spreadsheet program (they are UTF-8 CSV files). A \"day\" is a date\r\n"
    "(YYYY-MM-DD) and an \"hour\" is 0 to 23, both in the kiosk's local time. A \"session\" is\r\n"
    "one visit: from choosing who you are (the audience) to going back to the start screen.\r\n"
    "Scenarios are named by their ifid, the unique id written in each scenario file.\r\n"
    "\r\n"
    "days.csv - one row per day\r\n"
    "  day                 the date\r\n"
    "  sessions            visits that started that day\r\n"
    "  easy_read_sessions  of those, visits that chose easy read\r\n"
    "  median_session_s    the typical length of a visit in seconds (half were shorter);\r\n"
    "                      estimated from time bands, empty when no visit ended that day\r\n"
    "  help_opened         times the help screen was opened\r\n"
    "\r\n"
    "hours.csv - visits by hour of the day\r\n"
    "  day, hour           the date and the hour (14 means 14:00 to 14:59)\r\n"
    "  visits              visits that started in that hour\r\n"
    "\r\n"
    "scenarios.csv - one row per day, scenario and audience\r\n"
    "  day                 the date\r\n"
    "  ifid                the scenario's id\r\n"
    "  audience            the age group the visitor chose (8-11, 12-15, 16+, parents)\r\n"
    "  started             times the scenario was started\r\n"
    "  completed           times a visitor reached one of its endings\r\n"
    "  abandoned           times a visitor left it before an ending (walked away, pressed\r\n"
    "                      back or went to help)\r\n"
    "  ending_safe, ending_risky, ending_mixed\r\n"
    "                      how many of the completed plays reached an ending of that kind\r\n"
    "  median_duration_s   typical time from start to ending in seconds (half were\r\n"
    "                      quicker); estimated from time bands, empty when none completed\r\n"
    "  spot_found          warning signs visitors found in the spot-the-signs screens\r\n"
    "  spot_missed         warning signs they did not find\r\n"
    "  spot_wrong          messages tapped that were not warning signs\r\n"
    "\r\n"
    "choices.csv - how visitors chose at each decision\r\n"
    "  day, ifid, audience as above\r\n"
    "  passage             the name of the screen where the choice was offered\r\n"
    "  choice_number       which button (1 is the first)\r\n"
    "  target              the name of the screen the choice leads to\r\n"
    "  class               safe, risky or neutral, as the scenario's author marked it\r\n"
    "  count               how many times that choice was made\r\n"
    "\r\n"
    "help.csv - help screen openings\r\n"
    "  day, screen, count  the screen the help button was pressed on, and how often\r\n"
    "\r\n"
    "worried.csv - presses of \"I'm worried\" (the button that alerts staff)\r\n"
    "  day, screen, count  the screen it was pressed on, and how often\r\n"
    "\r\n"
    "groups.csv - group visits (a guide played a scenario with a group)\r\n"
    "  day, group_size, visits  the group's size band (2-5, 6-10, ...), and how many\r\n"
    "  (group visits are not in sessions: those are single visits)\r\n"
    "\r\n"
    "audiences.csv, languages.csv - visits by age group and by language\r\n"
    "  day, audience (or language), sessions\r\n"
    "\r\n"
    "settings.csv - accessibility settings changed during visits\r\n"
    "  day, setting, count  e.g. text-size=large, and how many times it was chosen\r\n"
    "\r\n"
    "totals.csv - everything added up over the whole period, one number per row\r\n"
    "  metric              what is counted (sessions, started, completed, ending, choice...)\r\n"
    "  ifid, audience      which scenario and age group, empty for the whole kiosk\r\n"
    "  key                 the ending kind, hour, screen, audience, language or setting\r\n"
    "  passage, choice_index, target, class\r\n"
    "                      for choices (choice_index counts from 0: 0 is the first button)\r\n"
    "  value               the number\r\n"
    "\r\n"
    "report-periods.csv, report-audiences.csv, report-topics.csv, report-scenarios.csv,\r\n"
    "report-choices.csv, report-spot.csv, report-ratings.csv, report-knowledge.csv\r\n"
    "  The Partnership's report tables for this kiosk, month by month: the same tables, in\r\n"
    "  the same words, as the collector's report page (docs/partnership-report.md). Scenarios\r\n"
    "  are named by title. To protect small groups, any figure about fewer than 10 visits,\r\n"
    "  plays, choices or ratings is written \"fewer than 10\", and so is a share whose part\r\n"
    "  or whole is under 10; the knowledge check's shares and differences are shown only\r\n"
    "  from 10 answers in each group. The files above keep the exact counts for the\r\n"
    "  kiosk's staff.\r\n";

typedef struct out {
    const char *name;
    wz_buf b;
} out;

enum {
    F_DAYS,
    F_HOURS,
    F_SCEN,
    F_CHOICES,
    F_HELP,
    F_AUD,
    F_LANG,
    F_SET,
    F_WORRIED,
    F_GROUPS,
    F_COUNT
};

static const char *const HEADERS[F_COUNT] = {
    "day,sessions,easy_read_sessions,median_session_s,help_opened",
    "day,hour,visits",
    ("day,ifid,audience,started,completed,abandoned,ending_safe,ending_risky,ending_mixed,"
     "median_duration_s,spot_found,spot_missed,spot_wrong"),
    "day,ifid,audience,passage,choice_number,target,class,count",
    "day,screen,count",
    "day,audience,sessions",
    "day,language,sessions",
    "day,setting,count",
    "day,screen,count",
    "day,group_size,visits"};

static const char *const NAMES[F_COUNT] = {
    "days.csv",      "hours.csv",     "scenarios.csv", "choices.csv", "help.csv",
    "audiences.csv", "languages.csv", "settings.csv",  "worried.csv", "groups.csv"};

static long long num(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

static void hist(const cJSON *arr, long long *counts)
{
    memset(counts, 0, WZ_DURATION_BUCKETS * sizeof *counts);
    int i = 0;
    for (const cJSON *c = arr ? arr->child : NULL; c && i < WZ_DURATION_BUCKETS; c = c->next)
        counts[i++] = (long long)c->valuedouble;
}

static void put_median(wz_buf *b, const cJSON *arr)
{
    long long counts[WZ_DURATION_BUCKETS];
    hist(arr, counts);
    long long m = wz_totals_duration_median_s(counts);
    if (m >= 0) wz_buf_printf(b, "%lld", m);
}

static void map_rows(wz_buf *b, const char *day, const cJSON *map)
{
    for (const cJSON *c = map ? map->child : NULL; c; c = c->next) {
        wz_buf_printf(b, "%s,", day);
        wz_buf_put_csv(b, c->string);
        wz_buf_printf(b, ",%lld\r\n", (long long)c->valuedouble);
    }
}

static void day_rows(out *f, const cJSON *doc, const char *day)
{
    const cJSON *help = cJSON_GetObjectItemCaseSensitive(doc, "help");
    long long help_n = 0;
    for (const cJSON *c = help ? help->child : NULL; c; c = c->next)
        help_n += (long long)c->valuedouble;
    wz_buf *b = &f[F_DAYS].b;
    wz_buf_printf(b, "%s,%lld,%lld,", day, num(doc, "sessions"), num(doc, "easy_read_sessions"));
    put_median(b, cJSON_GetObjectItemCaseSensitive(doc, "session_durations"));
    wz_buf_printf(b, ",%lld\r\n", help_n);
    int h = 0;
    for (const cJSON *c = cJSON_GetObjectItemCaseSensitive(doc, "visits_by_hour")->child; c;
         c = c->next, h++)
        wz_buf_printf(&f[F_HOURS].b, "%s,%d,%lld\r\n", day, h, (long long)c->valuedouble);
    map_rows(&f[F_HELP].b, day, help);
    map_rows(&f[F_AUD].b, day, cJSON_GetObjectItemCaseSensitive(doc, "audiences"));
    map_rows(&f[F_LANG].b, day, cJSON_GetObjectItemCaseSensitive(doc, "languages"));
    map_rows(&f[F_SET].b, day, cJSON_GetObjectItemCaseSensitive(doc, "settings"));
    map_rows(&f[F_WORRIED].b, day, cJSON_GetObjectItemCaseSensitive(doc, "worried"));
    map_rows(&f[F_GROUPS].b, day, cJSON_GetObjectItemCaseSensitive(doc, "groups"));
    for (const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "scenarios")->child; s;
         s = s->next) {
        const char *ifid = cJSON_GetObjectItemCaseSensitive(s, "ifid")->valuestring;
        const char *aud = cJSON_GetObjectItemCaseSensitive(s, "audience")->valuestring;
        const cJSON *end = cJSON_GetObjectItemCaseSensitive(s, "endings");
        const cJSON *spot = cJSON_GetObjectItemCaseSensitive(s, "spot");
        b = &f[F_SCEN].b;
        wz_buf_printf(b, "%s,", day);
        wz_buf_put_csv(b, ifid);
        wz_buf_putc(b, ',');
        wz_buf_put_csv(b, aud);
        wz_buf_printf(b, ",%lld,%lld,%lld,%lld,%lld,%lld,", num(s, "started"), num(s, "completed"),
                      num(s, "abandoned"), num(end, "safe"), num(end, "risky"), num(end, "mixed"));
        put_median(b, cJSON_GetObjectItemCaseSensitive(s, "durations"));
        wz_buf_printf(b, ",%lld,%lld,%lld\r\n", num(spot, "found"), num(spot, "missed"),
                      num(spot, "wrong"));
        for (const cJSON *c = cJSON_GetObjectItemCaseSensitive(s, "choices")->child; c;
             c = c->next) {
            b = &f[F_CHOICES].b;
            wz_buf_printf(b, "%s,", day);
            wz_buf_put_csv(b, ifid);
            wz_buf_putc(b, ',');
            wz_buf_put_csv(b, aud);
            wz_buf_putc(b, ',');
            wz_buf_put_csv(b, cJSON_GetObjectItemCaseSensitive(c, "passage")->valuestring);
            wz_buf_printf(b, ",%lld,", num(c, "index") + 1);
            wz_buf_put_csv(b, cJSON_GetObjectItemCaseSensitive(c, "target")->valuestring);
            wz_buf_putc(b, ',');
            wz_buf_put_csv(b, cJSON_GetObjectItemCaseSensitive(c, "class")->valuestring);
            wz_buf_printf(b, ",%lld\r\n", num(c, "count"));
        }
    }
}

static int write_file(const char *dir, const char *name, const char *data, size_t len, char **err)
{
    char *path = wz_path_join(dir, name);
    int rc = wz_write_file_atomic(path, data, len);
    if (rc != 0 && err) *err = wz_xasprintf("cannot write %s: %s", path, strerror(errno));
    free(path);
    return rc == 0 ? 0 : -1;
}

int wz_stats_export_dir(sqlite3 *db, const char *dir, const char *from, const char *to,
                        const char *kiosk_id, char **err)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        if (err) *err = wz_xasprintf("cannot create the folder %s: %s", dir, strerror(errno));
        return -1;
    }
    out f[F_COUNT];
    for (int i = 0; i < F_COUNT; i++) {
        f[i].name = NAMES[i];
        wz_buf_init(&f[i].b, 0);
        wz_buf_printf(&f[i].b, BOM "%s\r\n", HEADERS[i]);
    }
    wz_totals *t = wz_totals_create();
    char(*days)[11] = NULL;
    char **json = NULL;
    int rc = -1;
    int n = wz_aggregate_snapshots(db, from, to, kiosk_id, &json, &days, err);
    if (n < 0) goto out;
    for (int i = 0; i < n; i++) {
        cJSON *doc = cJSON_Parse(json[i]);
        /* validated before its fields are read */
        int bad = !doc || wz_totals_add_snapshot(t, doc, err) != 0;
        if (!bad) day_rows(f, doc, days[i]);
        cJSON_Delete(doc);
        if (bad) goto out;
    }
    for (int i = 0; i < F_COUNT; i++) {
        if (f[i].b.toobig) {
            if (err) *err = wz_xasprintf("%s would be too large", f[i].name);
            goto out;
        }
        if (write_file(dir, f[i].name, f[i].b.data, f[i].b.len, err) != 0) goto out;
    }
    char *csv = wz_totals_render(t, "csv");
    char *totals = wz_xasprintf(BOM "%s", csv);
    free(csv);
    int bad = write_file(dir, "totals.csv", totals, strlen(totals), err);
    free(totals);
    if (bad || write_file(dir, "README.txt", README, sizeof README - 1, err) != 0) goto out;
    if (wz_stats_export_report(db, dir, from, to, kiosk_id, err) != 0) goto out;
    rc = 0;
out:
    for (int i = 0; i < F_COUNT; i++)
        wz_buf_free(&f[i].b);
    wz_aggregate_snapshots_free(json, days, n > 0 ? n : 0);
    wz_totals_destroy(t);
    return rc;
}
