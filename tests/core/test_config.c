/*
 * test_config: the settings reader keeps a kiosk starting whatever staff type.
 * Each group writes a small INI text and checks the values in effect and the
 * diagnostics (severity, line, column), including the faults: bad numbers, out of
 * range, bad kiosk ids, plain-http upload addresses, unknown keys and sections,
 * over-long lines, invalid UTF-8 and a missing file.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_config.h"
#include "wz_test.h"
#include "wz_util.h"

/* Finds the first diagnostic on `line` whose message contains `needle`, or NULL. */
static const wz_diag *find_diag(const wz_diags *d, int line, const char *needle)
{
    for (int i = 0; i < d->count; i++)
        if (d->items[i].line == line && strstr(d->items[i].message, needle)) return &d->items[i];
    return NULL;
}

static void load(wz_config *cfg, wz_diags *d, const char *text)
{
    wz_config_defaults(cfg);
    wz_diags_init(d);
    wz_config_load_string(cfg, text, strlen(text), "kiosk.ini", d);
}

static void done(wz_config *cfg, wz_diags *d)
{
    wz_config_free(cfg);
    wz_diags_free(d);
}

int main(void)
{
    wz_config cfg;
    wz_diags d;
    setenv("STATE_DIRECTORY", "/srv/wz", 1);

    WZ_TEST("defaults");
    wz_config_defaults(&cfg);
    WZ_CHECK_STR(cfg.kiosk_id, "unnamed-kiosk");
    WZ_CHECK_INT(cfg.idle_timeout_s, 90);
    WZ_CHECK_INT(cfg.idle_countdown_s, 15);
    WZ_CHECK_STR(cfg.languages, "en");
    WZ_CHECK_STR(cfg.orientation, "auto");
    WZ_CHECK(cfg.local_help == NULL);
    WZ_CHECK(cfg.site == NULL);
    WZ_CHECK_STR(cfg.data_dir, "/srv/wz");
    WZ_CHECK_STR(cfg.scenarios_dir, "/srv/wz/scenarios");
    WZ_CHECK_STR(cfg.db_path, "/srv/wz/kiosk.db");
    WZ_CHECK_STR(cfg.usb_mount_root, "/media");
    WZ_CHECK(cfg.admin_pin_hash == NULL);
    WZ_CHECK_INT(cfg.admin_timeout_s, 120);
    WZ_CHECK(cfg.upload_url == NULL);
    WZ_CHECK_INT(cfg.upload_interval_s, 300);
    WZ_CHECK_INT(cfg.upload_start_jitter_s, 120);
    WZ_CHECK_INT(cfg.retention_days, 90);
    wz_config_free(&cfg);
    WZ_CHECK(cfg.kiosk_id == NULL);
    wz_config_free(&cfg); /* twice is harmless */

    WZ_TEST("a good file sets every key, quietly");
    load(&cfg, &d,
         "; Warning Zone kiosk\n"
         "[kiosk]\n"
         "id = leics-wz-01\n"
         "idle_timeout = 2m\n"
         "idle_countdown = 20s\n"
         "languages = en,cy\n"
         "orientation = Portrait\n"
         "local_help = \"Ask at the front desk\"\n"
         "site = Leicester Central Library\n"
         "\n"
         "[paths]\n"
         "data_dir = /var/lib/wz-test\n"
         "usb_mount_root = /run/media\n"
         "[admin]\n"
         "pin_hash = min6$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA\n"
         "timeout = 60\n"
         "[upload]\n"
         "url = https://stats.example.org/v1/snapshots\n"
         "token_file = /etc/wz-kiosk/token\n"
         "proxy = http://proxy.example.org:3128\n"
         "interval = 1h\n"
         "start_jitter = 0\n"
         "[privacy]\n"
         "retention_days = 30\n");
    WZ_CHECK_INT(d.errors, 0);
    WZ_CHECK_INT(d.warnings, 0);
    if (d.count) wz_diags_print(&d, stderr);
    WZ_CHECK_STR(cfg.kiosk_id, "leics-wz-01");
    WZ_CHECK_INT(cfg.idle_timeout_s, 120);
    WZ_CHECK_INT(cfg.idle_countdown_s, 20);
    WZ_CHECK_STR(cfg.languages, "en,cy");
    WZ_CHECK_STR(cfg.orientation, "portrait");
    WZ_CHECK_STR(cfg.local_help, "Ask at the front desk");
    WZ_CHECK_STR(cfg.site, "Leicester Central Library");
    WZ_CHECK_STR(cfg.data_dir, "/var/lib/wz-test");
    WZ_CHECK_STR(cfg.scenarios_dir, "/var/lib/wz-test/scenarios"); /* follows data_dir */
    WZ_CHECK_STR(cfg.db_path, "/var/lib/wz-test/kiosk.db");
    WZ_CHECK_STR(cfg.usb_mount_root, "/run/media");
    WZ_CHECK_STR(cfg.admin_pin_hash, "min6$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA");
    WZ_CHECK_INT(cfg.admin_timeout_s, 60);
    WZ_CHECK_STR(cfg.upload_url, "https://stats.example.org/v1/snapshots");
    WZ_CHECK_STR(cfg.token_file, "/etc/wz-kiosk/token");
    WZ_CHECK_STR(cfg.proxy, "http://proxy.example.org:3128");
    WZ_CHECK_INT(cfg.upload_interval_s, 3600);
    WZ_CHECK_INT(cfg.upload_start_jitter_s, 0);
    WZ_CHECK_INT(cfg.retention_days, 30);
    done(&cfg, &d);

    WZ_TEST("bad numbers keep their defaults, with line and column");
    load(&cfg, &d,
         "[kiosk]\n"
         "idle_timeout = ninety\n"
         "idle_countdown = 5000\n"
         "[admin]\n"
         "timeout = 12x\n"
         "[upload]\n"
         "interval = 99999999999999999999\n"
         "[privacy]\n"
         "  retention_days   =   0\n");
    WZ_CHECK_INT(cfg.idle_timeout_s, 90);
    WZ_CHECK_INT(cfg.idle_countdown_s, 15);
    WZ_CHECK_INT(cfg.admin_timeout_s, 120);
    WZ_CHECK_INT(cfg.upload_interval_s, 300);
    WZ_CHECK_INT(cfg.retention_days, 90);
    WZ_CHECK_INT(d.errors, 5);
    {
        const wz_diag *x = find_diag(&d, 2, "not a number");
        WZ_CHECK(x && x->severity == WZ_ERROR && x->column == 16);
        WZ_CHECK(x && strcmp(x->file, "kiosk.ini") == 0);
        x = find_diag(&d, 3, "out of range");
        WZ_CHECK(x && strstr(x->message, "using the default 15"));
        WZ_CHECK(find_diag(&d, 5, "seconds") != NULL);
        WZ_CHECK(find_diag(&d, 7, "too large") != NULL);
        x = find_diag(&d, 9, "out of range");
        WZ_CHECK(x && x->column == 24); /* the value, past the indentation */
    }
    done(&cfg, &d);

    WZ_TEST("bad strings keep their defaults");
    load(&cfg, &d,
         "[kiosk]\n"
         "id = Leics WZ 01\n"
         "languages = English\n"
         "orientation = sideways\n"
         "[upload]\n"
         "url = http://stats.example.org/v1/snapshots\n"
         "proxy = proxy.example.org:3128\n"
         "[admin]\n"
         "pin_hash = 1234\n"
         "[kiosk]\n"
         "site = Library\x01\n");
    WZ_CHECK_STR(cfg.kiosk_id, "unnamed-kiosk");
    WZ_CHECK(cfg.site == NULL);
    WZ_CHECK(find_diag(&d, 11, "control character") != NULL);
    WZ_CHECK_STR(cfg.languages, "en");
    WZ_CHECK_STR(cfg.orientation, "auto");
    WZ_CHECK(cfg.upload_url == NULL);
    WZ_CHECK(cfg.proxy == NULL);
    WZ_CHECK(cfg.admin_pin_hash == NULL);
    WZ_CHECK_INT(d.errors, 7);
    WZ_CHECK(find_diag(&d, 2, "letters, digits") != NULL);
    WZ_CHECK(find_diag(&d, 6, "https://") != NULL);
    {
        const wz_diag *x = find_diag(&d, 9, "looks like a PIN");
        WZ_CHECK(x != NULL);
        WZ_CHECK(x && !strstr(x->message, "1234")); /* the PIN is never repeated */
    }
    done(&cfg, &d);

    WZ_TEST("upload addresses: https anywhere, http only on this machine");
    {
        static const struct {
            const char *url;
            int ok;
        } cases[] = {
            {"https://stats.example.org/v1/snapshots", 1},
            {"https://10.0.0.5:8443/v1/snapshots", 1},
            {"http://127.0.0.1:8080/v1/snapshots", 1},
            {"http://localhost:8080/v1/snapshots", 1},
            {"http://[::1]:8080/v1/snapshots", 1},
            {"http://127.0.0.1.evil.example/v1", 0},
            {"http://localhost.example.org/v1", 0},
            {"ftp://stats.example.org/", 0},
            {"https://", 0},
            {"https://user:pw@stats.example.org/", 0},
            {"https://stats.example.org:0/", 0},
            {"https://stats.example.org:99999/", 0},
            {"https://stats example.org/", 0},
        };
        for (size_t i = 0; i < WZ_ARRAY_LEN(cases); i++) {
            char *text = wz_xasprintf("[upload]\nurl = %s\n", cases[i].url);
            load(&cfg, &d, text);
            if ((cfg.upload_url != NULL) != cases[i].ok)
                fprintf(stderr, "  url case: %s\n", cases[i].url);
            WZ_CHECK_INT(cfg.upload_url != NULL, cases[i].ok);
            WZ_CHECK_INT(d.errors, cases[i].ok ? 0 : 1);
            done(&cfg, &d);
            free(text);
        }
    }

    WZ_TEST("unknown keys and sections are warnings with a suggestion");
    load(&cfg, &d,
         "idle_timeout = 30\n"
         "[kiosk]\n"
         "idle_timout = 30\n"
         "url = https://x.example.org/\n"
         "colour = blue\n"
         "[display]\n"
         "brightness = 80\n"
         "[Kiosk]\n"
         "ID = wz-02\n");
    WZ_CHECK_INT(d.errors, 0);
    WZ_CHECK_INT(d.warnings, 5);
    WZ_CHECK(find_diag(&d, 1, "put it under [kiosk]") != NULL);
    WZ_CHECK(find_diag(&d, 3, "did you mean 'idle_timeout'") != NULL);
    WZ_CHECK(find_diag(&d, 4, "belongs under [upload]") != NULL);
    WZ_CHECK(find_diag(&d, 5, "unknown setting 'colour'") != NULL);
    WZ_CHECK(find_diag(&d, 6, "unknown section [display]") != NULL);
    WZ_CHECK(find_diag(&d, 7, "") == NULL); /* one warning for the section, not per key */
    WZ_CHECK_INT(cfg.idle_timeout_s, 90);
    WZ_CHECK(cfg.upload_url == NULL);
    WZ_CHECK_STR(cfg.kiosk_id, "wz-02"); /* names are not case-sensitive */
    done(&cfg, &d);

    WZ_TEST("syntax: missing '=', unclosed section, long lines, duplicates, indentation");
    {
        char longline[400];
        memset(longline, 'a', sizeof(longline));
        memcpy(longline, "local_help = ", 13);
        longline[sizeof(longline) - 1] = '\0';
        char *text = wz_xasprintf("[kiosk]\n"
                                  "idle_timeout\n"
                                  "[upload\n"
                                  "url = https://x.example.org/\n"
                                  "[kiosk]\n"
                                  "%s\n"
                                  "id = one\n"
                                  "id = two\n"
                                  "    languages = cy\n"
                                  "  # an indented comment\n"
                                  "= 5\n",
                                  longline);
        load(&cfg, &d, text);
        free(text);
    }
    WZ_CHECK(find_diag(&d, 2, "name = value") != NULL);
    WZ_CHECK(find_diag(&d, 3, "must end with ']'") != NULL);
    WZ_CHECK(find_diag(&d, 4, "") == NULL); /* under a broken header: not applied, not noisy */
    WZ_CHECK(cfg.upload_url == NULL);
    WZ_CHECK(find_diag(&d, 6, "longer than") != NULL);
    WZ_CHECK(cfg.local_help == NULL);
    WZ_CHECK(find_diag(&d, 8, "set twice (also on line 7)") != NULL);
    WZ_CHECK_STR(cfg.kiosk_id, "two");
    WZ_CHECK_STR(cfg.languages, "cy"); /* an indented line is a setting, not a continuation */
    WZ_CHECK(find_diag(&d, 10, "") == NULL);
    WZ_CHECK(find_diag(&d, 11, "name is missing") != NULL);
    WZ_CHECK_INT(d.errors, 4);
    done(&cfg, &d);

    WZ_TEST("encoding: BOM, CRLF, invalid UTF-8, inline comments");
    load(&cfg, &d,
         "\xEF\xBB\xBF[kiosk]\r\n"
         "id = wz-03 ; the hall kiosk\r\n"
         "local_help = Caf\xC3\xA9 desk\r\n"
         "local_help = bad \xC3\x28 byte\r\n");
    WZ_CHECK_STR(cfg.kiosk_id, "wz-03");
    WZ_CHECK_STR(cfg.local_help, "Caf\xC3\xA9 desk");
    {
        const wz_diag *x = find_diag(&d, 4, "UTF-8");
        WZ_CHECK(x && x->column == 18);
    }
    WZ_CHECK_INT(d.errors, 1);
    done(&cfg, &d);

    WZ_TEST("a '#' after a value is part of the value, and says so");
    load(&cfg, &d, "[kiosk]\nid = wz-04 # hall\n");
    WZ_CHECK_STR(cfg.kiosk_id, "unnamed-kiosk");
    WZ_CHECK_INT(d.errors, 1);
    done(&cfg, &d);

    WZ_TEST("empty values switch optional things off");
    load(&cfg, &d,
         "[upload]\nurl = https://a.example.org/\nurl =\n[admin]\npin_hash =\n"
         "[kiosk]\nlocal_help =\n[paths]\ndata_dir =\n");
    WZ_CHECK(cfg.upload_url == NULL);
    WZ_CHECK(cfg.admin_pin_hash == NULL);
    WZ_CHECK(cfg.local_help == NULL);
    WZ_CHECK_STR(cfg.data_dir, "/srv/wz"); /* a required path keeps its default */
    WZ_CHECK_INT(d.errors, 1);
    done(&cfg, &d);

    WZ_TEST("relative scenario and database paths live in the data folder");
    load(&cfg, &d, "[paths]\ndata_dir = /d\nscenarios_dir = sc\ndb = /x/k.db\n");
    WZ_CHECK_STR(cfg.scenarios_dir, "/d/sc");
    WZ_CHECK_STR(cfg.db_path, "/x/k.db");
    done(&cfg, &d);

    WZ_TEST("cross-key advice");
    load(&cfg, &d, "[upload]\nurl = https://a.example.org/\n[kiosk]\nidle_countdown = 100\n");
    WZ_CHECK(find_diag(&d, 2, "id is not set") != NULL);
    WZ_CHECK(find_diag(&d, 2, "token_file") != NULL);
    WZ_CHECK(find_diag(&d, 4, "not shorter") != NULL);
    WZ_CHECK_INT(d.errors, 0);
    done(&cfg, &d);

    WZ_TEST("files: a missing file keeps defaults; a readable token file is flagged");
    {
        char dir[] = "/tmp/wz-test-config-XXXXXX";
        WZ_CHECK(mkdtemp(dir) != NULL);
        char *ini = wz_path_join(dir, "kiosk.ini");
        char *tok = wz_path_join(dir, "token");
        wz_config_defaults(&cfg);
        wz_diags_init(&d);
        WZ_CHECK_INT(wz_config_load(&cfg, ini, &d), -1);
        WZ_CHECK_INT(d.errors, 1);
        WZ_CHECK_STR(cfg.kiosk_id, "unnamed-kiosk");
        done(&cfg, &d);

        WZ_CHECK_INT(wz_write_file_atomic(tok, "secret\n", 7), 0);
        chmod(tok, 0644);
        char *text = wz_xasprintf("[kiosk]\nid = wz-05\n[upload]\nurl = https://a.example.org/\n"
                                  "token_file = %s\n",
                                  tok);
        WZ_CHECK_INT(wz_write_file_atomic(ini, text, strlen(text)), 0);
        wz_config_defaults(&cfg);
        wz_diags_init(&d);
        WZ_CHECK_INT(wz_config_load(&cfg, ini, &d), 0);
        WZ_CHECK_STR(cfg.kiosk_id, "wz-05");
        WZ_CHECK(find_diag(&d, 5, "chmod 600") != NULL);
        WZ_CHECK_STR(d.count ? d.items[0].file : NULL, ini);
        done(&cfg, &d);
        chmod(tok, 0600);
        wz_config_defaults(&cfg);
        wz_diags_init(&d);
        wz_config_load(&cfg, ini, &d);
        WZ_CHECK_INT(d.count, 0);

        WZ_TEST("printing the settings in effect");
        FILE *f = tmpfile();
        wz_config_print(&cfg, f);
        rewind(f);
        char buf[4096];
        size_t n = fread(buf, 1, sizeof(buf) - 1, f);
        buf[n] = '\0';
        fclose(f);
        WZ_CHECK(strstr(buf, "[kiosk]\nid = wz-05\n") != NULL);
        WZ_CHECK(strstr(buf, "retention_days = 90") != NULL);
        done(&cfg, &d);

        /* what print writes reads back with no diagnostics */
        wz_config_defaults(&cfg);
        wz_diags_init(&d);
        wz_config_load_string(&cfg, buf, n, "printed", &d);
        WZ_CHECK_INT(d.errors, 0);
        done(&cfg, &d);

        unlink(tok);
        unlink(ini);
        rmdir(dir);
        free(tok);
        free(ini);
        free(text);
    }

    WZ_TEST("the installed example is clean and every key is documented");
    {
        char *ex = wz_path_join(WZ_SOURCE_DIR, "deploy/kiosk.ini.example");
        wz_config_defaults(&cfg);
        wz_diags_init(&d);
        WZ_CHECK_INT(wz_config_load(&cfg, ex, &d), 0);
        if (d.count) wz_diags_print(&d, stderr);
        WZ_CHECK_INT(d.count, 0);
        char *doc = NULL, *exampl = NULL;
        size_t dl = 0, el = 0;
        char *docpath = wz_path_join(WZ_SOURCE_DIR, "docs/configuration.md");
        WZ_CHECK_INT(wz_read_file(docpath, 1 << 20, &doc, &dl), 0);
        WZ_CHECK_INT(wz_read_file(ex, 1 << 20, &exampl, &el), 0);
        FILE *f = tmpfile();
        wz_config_print(&cfg, f);
        rewind(f);
        char line[512];
        int keys = 0;
        while (fgets(line, sizeof(line), f)) {
            char *eq = strstr(line, " = ");
            if (!eq || !doc || !exampl) continue;
            *eq = '\0';
            keys++;
            char *tick = wz_xasprintf("| `%s` |", line);
            char *set = wz_xasprintf("\n%s =", line);
            if (!strstr(doc, tick)) fprintf(stderr, "  undocumented key: %s\n", line);
            if (!strstr(exampl, set)) fprintf(stderr, "  key missing from example: %s\n", line);
            WZ_CHECK(strstr(doc, tick) != NULL);
            WZ_CHECK(strstr(exampl, set) != NULL);
            free(tick);
            free(set);
        }
        WZ_CHECK_INT(keys, 32);
        fclose(f);
        free(doc);
        free(exampl);
        free(docpath);
        free(ex);
        done(&cfg, &d);
    }

    WZ_TEST("[alert]: every key, a command split into words, bad values refused");
    load(&cfg, &d,
         "[kiosk]\nsite = Warning Zone, e-safety zone\n"
         "[alert]\ncommand = /bin/echo --kiosk {kiosk} \"two words\" a;b $HOME\n"
         "command_timeout = 3\nurl = https://chat.example.org/hooks/x\n"
         "token_file = /etc/wz-kiosk/alert-token\nca_file = /etc/wz-kiosk/ca.pem\n"
         "timeout = 7\nretry_window = 2m\nsafeguarding_contact = DSL: Sam, ext. 214\n");
    WZ_CHECK_INT(d.count, 0);
    WZ_CHECK_STR(cfg.site, "Warning Zone, e-safety zone");
    WZ_CHECK_STR(cfg.alert_url, "https://chat.example.org/hooks/x");
    WZ_CHECK_STR(cfg.alert_token_file, "/etc/wz-kiosk/alert-token");
    WZ_CHECK_STR(cfg.alert_ca_file, "/etc/wz-kiosk/ca.pem");
    WZ_CHECK_INT(cfg.alert_command_timeout_s, 3);
    WZ_CHECK_INT(cfg.alert_timeout_s, 7);
    WZ_CHECK_INT(cfg.alert_retry_window_s, 120);
    WZ_CHECK_STR(cfg.safeguarding_contact, "DSL: Sam, ext. 214");
    {
        char **argv = NULL;
        int argc = 0;
        WZ_CHECK_INT(wz_config_command_split(cfg.alert_command, &argv, &argc, NULL), 0);
        WZ_CHECK_INT(argc, 6);
        WZ_CHECK_STR(argv[0], "/bin/echo");
        WZ_CHECK_STR(argv[3], "two words");
        WZ_CHECK_STR(argv[4], "a;b"); /* no shell: nothing is special */
        WZ_CHECK_STR(argv[5], "$HOME");
        WZ_CHECK(argv[6] == NULL);
        wz_config_command_free(argv);
        char *err = NULL;
        WZ_CHECK_INT(wz_config_command_split("chime --loud", &argv, &argc, &err), -1);
        WZ_CHECK(err && strstr(err, "full path"));
        free(err);
        err = NULL;
        WZ_CHECK_INT(wz_config_command_split("/bin/echo \"open", &argv, &argc, &err), -1);
        WZ_CHECK(err && strstr(err, "not closed"));
        free(err);
    }
    done(&cfg, &d);
    load(&cfg, &d,
         "[alert]\ncommand = chime\nurl = http://chat.example.org/x\nretry_window = 1h\n"
         "command = /nonexistent/chime\n");
    WZ_CHECK(find_diag(&d, 2, "full path") != NULL);
    WZ_CHECK(find_diag(&d, 3, "no alert is sent there") != NULL);
    WZ_CHECK(find_diag(&d, 4, "out of range") != NULL);
    WZ_CHECK(find_diag(&d, 5, "cannot be run") != NULL);
    WZ_CHECK(find_diag(&d, 1, "safeguarding_contact") != NULL);
    WZ_CHECK(cfg.alert_url == NULL);
    WZ_CHECK_INT(cfg.alert_retry_window_s, 180);
    done(&cfg, &d);

    WZ_TEST("--check-config exit status");
    {
        FILE *f = tmpfile();
        WZ_CHECK_INT(wz_config_check_cli("/nonexistent/kiosk.ini", NULL, f), 1);
        char *ex = wz_path_join(WZ_SOURCE_DIR, "deploy/kiosk.ini.example");
        WZ_CHECK_INT(wz_config_check_cli(ex, NULL, f), 0);
        free(ex);
        fclose(f);
    }

    WZ_TEST_END();
}
