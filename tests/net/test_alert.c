/*
 * test_alert: the staff alert without a screen: what an alert says (JSON, command words,
 * nothing about the visitor), a command run without a shell and stopped when too slow,
 * the once-a-minute rule (twenty presses, one alert), the POST's verdicts and the retry
 * window that ends in a clean give-up. The delivery through a faulty network is
 * tests/e2e/run_alert.py.
 */
#include "wz_alert.h"

#include <cjson/cJSON.h>
#include "wz_test.h"
#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

/* A command that appends its arguments, one call a line, to dir/calls. */
static char *write_recorder(void)
{
    char *path = wz_xasprintf("%s/record.sh", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "#!/bin/sh\necho \"$#|$1|$2|$3|$4\" >> %s/calls\n", dir);
    fclose(f);
    chmod(path, 0700);
    return path;
}

static int count_lines(const char *path, char *first, size_t n)
{
    char *text = NULL;
    size_t len = 0;
    if (wz_read_file(path, 1 << 16, &text, &len) != 0) return 0;
    int lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (first) snprintf(first, n, "%.*s", (int)strcspn(text, "\n"), text);
    free(text);
    return lines;
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/wz-alert-test-XXXXXX");
    WZ_CHECK(mkdtemp(dir) != NULL);
    wz_alert_facts f = {.kiosk = "leics-wz-01",
                        .site = "Zone 3; $HOME",
                        .screen = "player",
                        .at = 1796479380 /* 2026-12-05T14:03:00Z */};

    WZ_TEST("the JSON body: the facts and a sentence, nothing else");
    {
        char *j = wz_alert_json(&f);
        cJSON *o = cJSON_Parse(j);
        WZ_CHECK(o != NULL);
        WZ_CHECK_INT(cJSON_GetArraySize(o), 6);
        WZ_CHECK_STR(cJSON_GetObjectItem(o, "kind")->valuestring, "worried");
        WZ_CHECK_STR(cJSON_GetObjectItem(o, "kiosk")->valuestring, "leics-wz-01");
        WZ_CHECK_STR(cJSON_GetObjectItem(o, "site")->valuestring, "Zone 3; $HOME");
        WZ_CHECK_STR(cJSON_GetObjectItem(o, "time")->valuestring, "2026-12-05T14:03:00Z");
        WZ_CHECK_STR(cJSON_GetObjectItem(o, "screen")->valuestring, "player");
        WZ_CHECK(strstr(cJSON_GetObjectItem(o, "text")->valuestring, "story screen") != NULL);
        cJSON_Delete(o);
        free(j);
        wz_alert_facts quiz = f;
        snprintf(quiz.screen, sizeof quiz.screen, "quiz");
        j = wz_alert_json(&quiz);
        WZ_CHECK(strstr(j, ", quick questions of a story, at ") != NULL);
        free(j);
        wz_alert_facts nosite = f;
        nosite.site[0] = '\0';
        j = wz_alert_json(&nosite);
        WZ_CHECK(strstr(j, "\"site\"") == NULL);
        free(j);
    }

    WZ_TEST("command words: placeholders filled, shell characters stay plain");
    {
        char **argv =
            wz_alert_command_argv("/bin/echo --at {time} \"{site}\" {kiosk}-{screen}", &f, NULL);
        WZ_CHECK(argv != NULL);
        WZ_CHECK_STR(argv[2], "2026-12-05T14:03:00Z");
        WZ_CHECK_STR(argv[3], "Zone 3; $HOME");
        WZ_CHECK_STR(argv[4], "leics-wz-01-player");
        WZ_CHECK(argv[5] == NULL);
        wz_config_command_free(argv);
        char *err = NULL;
        WZ_CHECK(wz_alert_command_argv("echo hi", &f, &err) == NULL);
        WZ_CHECK(err && strstr(err, "full path"));
        free(err);
    }

    WZ_TEST("a command runs without a shell; a slow one is stopped; a failing one says so");
    {
        char *rec = write_recorder();
        char *calls = wz_xasprintf("%s/calls", dir);
        char w1[] = "a;b", w2[] = "$(id)";
        char *argv[] = {rec, w1, w2, NULL};
        WZ_CHECK_INT(wz_alert_run_command(argv, 3000, NULL, NULL), 0);
        char first[256] = "";
        WZ_CHECK_INT(count_lines(calls, first, sizeof first), 1);
        WZ_CHECK_STR(first, "2|a;b|$(id)||");
        unlink(calls);
        char sl[] = "/bin/sleep", ten[] = "10";
        char *slow[] = {sl, ten, NULL};
        char *err = NULL;
        long long t0 = wz_now_ms();
        WZ_CHECK_INT(wz_alert_run_command(slow, 200, NULL, &err), -1);
        WZ_CHECK(wz_now_ms() - t0 < 2000);
        WZ_CHECK(err && strstr(err, "still running"));
        free(err);
        err = NULL;
        char fa[] = "/bin/false";
        char *fails[] = {fa, NULL};
        WZ_CHECK_INT(wz_alert_run_command(fails, 2000, NULL, &err), -1);
        WZ_CHECK(err && strstr(err, "status 1"));
        free(err);
        err = NULL;
        char mi[] = "/nonexistent/chime";
        char *missing[] = {mi, NULL};
        WZ_CHECK_INT(wz_alert_run_command(missing, 2000, NULL, &err), -1);
        WZ_CHECK(err && strstr(err, "/nonexistent/chime"));
        free(err);
        free(calls);
        free(rec);
    }

    WZ_TEST("twenty presses in a minute: one alert, the command runs once with the facts");
    {
        char *rec = write_recorder();
        char *calls = wz_xasprintf("%s/calls", dir);
        unlink(calls);
        wz_config cfg;
        wz_config_defaults(&cfg);
        free(cfg.kiosk_id);
        cfg.kiosk_id = wz_xstrdup("leics-wz-01");
        cfg.site = wz_xstrdup("Zone 3");
        cfg.alert_command = wz_xasprintf("%s {kiosk} {site} {screen} {time}", rec);
        char *err = NULL;
        wz_alert *a = wz_alert_start(&cfg, &err);
        WZ_CHECK(a != NULL && err == NULL);
        int raised = 0;
        for (int i = 0; i < 20; i++)
            raised += wz_alert_raise(a, i ? "menu" : "player", 1796479380 + i, 1000 + i * 2900);
        WZ_CHECK_INT(raised, 1);
        wz_alert_status st;
        wz_alert_status_get(a, &st);
        WZ_CHECK_INT(st.presses, 20);
        WZ_CHECK_INT(st.raised, 1);
        WZ_CHECK_INT(st.command, 1);
        WZ_CHECK_INT(st.url, 0);
        WZ_CHECK(st.recent[0] == 1796479380 && st.recent[1] == 0);
        /* a minute after the first: the next press is a new alert */
        WZ_CHECK_INT(wz_alert_raise(a, "ending", 1796479441, 1000 + WZ_ALERT_REPEAT_MS), 1);
        wz_alert_status_get(a, &st);
        WZ_CHECK(st.recent[0] == 1796479441 && st.recent[1] == 1796479380);
        wz_alert_stop(a, 5000); /* both go out within the grace */
        char first[256] = "";
        WZ_CHECK_INT(count_lines(calls, first, sizeof first), 2);
        WZ_CHECK_STR(first, "4|leics-wz-01|Zone 3|player|2026-12-05T14:03:00Z");
        wz_config_free(&cfg);
        free(calls);
        free(rec);
    }

    WZ_TEST("no channel configured: no thread, the presses and their times are kept");
    {
        wz_config cfg;
        wz_config_defaults(&cfg);
        char *err = NULL;
        wz_alert *a = wz_alert_start(&cfg, &err);
        WZ_CHECK(a != NULL && err == NULL);
        WZ_CHECK_INT(wz_alert_has_channel(a), 0);
        WZ_CHECK_INT(wz_alert_raise(a, "menu", 1796479380, 0), 1);
        WZ_CHECK_INT(wz_alert_raise(a, "menu", 1796479381, 1000), 0);
        wz_alert_status st;
        wz_alert_status_get(a, &st);
        WZ_CHECK(st.presses == 2 && st.raised == 1 && st.recent[0] == 1796479380);
        WZ_CHECK(st.command == 0 && st.url == 0 && st.delivered == 0 && st.failed == 0);
        wz_alert_stop(a, 0);
        WZ_CHECK_INT(wz_alert_raise(NULL, "menu", 0, 0), 0);
        wz_alert_stop(NULL, 0);
        wz_config_free(&cfg);
    }

    WZ_TEST("the POST's verdicts: no answer is worth a retry; a bad address is not");
    {
        long status = 0;
        char *err = NULL;
        wz_alert_post_opts o = {.url = "http://127.0.0.1:1/hook", .timeout_ms = 2000};
        WZ_CHECK_INT(wz_alert_post(&o, "{}", &status, &err), WZ_ALERT_RETRY);
        WZ_CHECK(err != NULL);
        free(err);
        err = NULL;
        o.url = "http://chat.example.org/hook";
        WZ_CHECK_INT(wz_alert_post(&o, "{}", &status, &err), WZ_ALERT_REFUSED);
        WZ_CHECK(err && strstr(err, "https://"));
        free(err);
        err = NULL;
        char *tok = wz_xasprintf("%s/token", dir);
        FILE *tf = fopen(tok, "w");
        fputs("secret\n", tf);
        fclose(tf);
        chmod(tok, 0644);
        o.url = "http://127.0.0.1:1/hook";
        o.token_file = tok;
        WZ_CHECK_INT(wz_alert_post(&o, "{}", &status, &err), WZ_ALERT_REFUSED);
        WZ_CHECK(err && strstr(err, "token_file"));
        free(err);
        unlink(tok);
        free(tok);
    }

    WZ_TEST("an address that never answers: retried, then given up after the retry window");
    {
        wz_config cfg;
        wz_config_defaults(&cfg);
        cfg.alert_url = wz_xstrdup("http://127.0.0.1:1/hook");
        cfg.alert_retry_window_s = 3;
        wz_alert *a = wz_alert_start(&cfg, NULL);
        WZ_CHECK(a != NULL);
        long long t0 = wz_now_ms();
        WZ_CHECK_INT(wz_alert_reaching_staff(a), 1); /* nothing raised yet: nothing failed */
        WZ_CHECK_INT(wz_alert_raise(a, "player", time(NULL), 0), 1);
        WZ_CHECK_INT(wz_alert_reaching_staff(a), 1); /* going out */
        wz_alert_status st;
        do {
            usleep(50000);
            wz_alert_status_get(a, &st);
        } while (!st.failed && wz_now_ms() - t0 < 10000);
        long long took = wz_now_ms() - t0;
        WZ_CHECK_INT(st.failed, 1);
        WZ_CHECK_INT(st.delivered, 0);
        WZ_CHECK(strstr(st.url_result, "given up after 2 attempts") != NULL);
        WZ_CHECK(took >= 1000 && took < 4000);
        WZ_CHECK_INT(st.url_ok, 0);
        WZ_CHECK_INT(wz_alert_reaching_staff(a), 0); /* the page now says: front desk */
        wz_alert_stop(a, 1000);
        wz_config_free(&cfg);
    }

    char *calls = wz_xasprintf("%s/calls", dir), *rec = wz_xasprintf("%s/record.sh", dir);
    unlink(calls);
    unlink(rec);
    rmdir(dir);
    free(calls);
    free(rec);
    WZ_TEST_END();
}
