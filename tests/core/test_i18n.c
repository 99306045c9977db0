/*
 * test_i18n: the kiosk's own words from gettext catalogues (wz_mo, wz_i18n): catalogues
 * compiled by msgfmt from po/ are read, plural forms follow each language's Plural-Forms,
 * switching language back and forth reads nothing again, and a missing or broken catalogue
 * falls back to English with a log line, never a crash.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_i18n.h"
#include "wz_log.h"
#include "wz_mo.h"
#include "wz_test.h"
#include "wz_util.h"

static char logged[2048];

static void sink(wz_log_level level, const char *module, const char *msg, void *ud)
{
    (void)ud;
    if (level <= WZ_LOG_WARN) snprintf(logged, sizeof logged, "%s: %s", module, msg ? msg : "");
}

static const char *PL = "n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2";

static void plural_rules(void)
{
    WZ_TEST("Plural-Forms expressions");
    int want[][2] = {{0, 2},  {1, 0},  {2, 1},  {4, 1},   {5, 2},  {12, 2},
                     {14, 2}, {22, 1}, {25, 2}, {104, 1}, {112, 2}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        WZ_CHECK_INT(wz_mo_plural_eval(PL, (unsigned long)want[i][0]), want[i][1]);
    WZ_CHECK_INT(wz_mo_plural_eval("(n != 1)", 0), 1);
    WZ_CHECK_INT(wz_mo_plural_eval("(n > 1)", 0), 0);
    WZ_CHECK_INT(wz_mo_plural_eval("0", 7), 0);
    WZ_CHECK_INT(wz_mo_plural_eval("n%0", 7), 0); /* no division by zero */
    WZ_CHECK_INT(wz_mo_plural_eval("!(n<=1) && n>=2", 3), 1);
    WZ_CHECK_INT(wz_mo_plural_eval("n +", 1), -1);
    WZ_CHECK_INT(wz_mo_plural_eval("(n", 1), -1);
    WZ_CHECK_INT(wz_mo_plural_eval("", 1), -1);
    WZ_CHECK_INT(wz_mo_plural_eval("n ? 1", 1), -1);
    WZ_CHECK_INT(wz_mo_plural_eval("x == 1", 1), -1);
    WZ_CHECK_INT(wz_mo_plural_eval("n*1000", 1), -1); /* more forms than any language has */
    char deep[3000];
    memset(deep, '(', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    WZ_CHECK_INT(wz_mo_plural_eval(deep, 1), -1); /* nesting is bounded */
}

static void catalogues(void)
{
    WZ_TEST("the Polish catalogue from po/pl.po");
    wz_i18n_set_dir(WZ_LOCALE_BUILD_DIR);
    WZ_CHECK_STR(wz_tr("Back"), "Back"); /* English before any choice */
    WZ_CHECK_INT(wz_i18n_set_language("pl"), 0);
    WZ_CHECK_STR(wz_i18n_language(), "pl");
    WZ_CHECK_STR(wz_tr("Back"), "Wstecz");
    WZ_CHECK_STR(wz_tr("Who is playing?"), "Kto gra?");
    WZ_CHECK_STR(wz_tr("not a message of the kiosk"), "not a message of the kiosk");
    const char *one = "You picked %d message.", *many = "You picked %d messages.";
    WZ_CHECK_STR(wz_ntr(one, many, 1), "Wybrano %d wiadomość.");
    WZ_CHECK_STR(wz_ntr(one, many, 3), "Wybrano %d wiadomości.");
    WZ_CHECK_STR(wz_ntr(one, many, 5), "Wybrano %d wiadomości.");
    const char *s1 = "Going back to the start in %d second.";
    const char *sn = "Going back to the start in %d seconds.";
    WZ_CHECK_STR(wz_ntr(s1, sn, 1), "Powrót do początku za %d sekundę.");
    WZ_CHECK_STR(wz_ntr(s1, sn, 3), "Powrót do początku za %d sekundy.");
    WZ_CHECK_STR(wz_ntr(s1, sn, 15), "Powrót do początku za %d sekund.");
    WZ_CHECK_STR(wz_ntr(s1, sn, 22), "Powrót do początku za %d sekundy.");

    WZ_TEST("Punjabi counts 0 as one, Urdu as many");
    WZ_CHECK_INT(wz_i18n_set_language("pa"), 0);
    WZ_CHECK(strcmp(wz_ntr(one, many, 0), wz_ntr(one, many, 1)) == 0);
    WZ_CHECK(strcmp(wz_ntr(one, many, 0), wz_ntr(one, many, 2)) != 0);
    WZ_CHECK_INT(wz_i18n_set_language("ur"), 0);
    WZ_CHECK(strcmp(wz_ntr(one, many, 0), wz_ntr(one, many, 2)) == 0);
    WZ_CHECK(strcmp(wz_tr("Back"), "Back") != 0);

    WZ_TEST("English is the msgid; a region falls back to its language's catalogue");
    WZ_CHECK_INT(wz_i18n_set_language("en"), 1);
    WZ_CHECK_STR(wz_tr("Back"), "Back");
    WZ_CHECK_STR(wz_ntr(one, many, 2), many);
    WZ_CHECK_INT(wz_i18n_set_language(NULL), 1);
    WZ_CHECK_INT(wz_i18n_set_language("pl-PL"), 0);
    WZ_CHECK_STR(wz_tr("Back"), "Wstecz");

    WZ_TEST("switching per visitor reads each catalogue once and keeps the strings");
    wz_i18n_set_language("pl");
    const char *first = wz_tr("Back");
    logged[0] = '\0';
    for (int i = 0; i < 3000; i++) {
        static const char *const cycle[] = {"pl", "ur", "en", "gu", "pa", "xx"};
        wz_i18n_set_language(cycle[i % 6]);
    }
    WZ_CHECK(strstr(logged, "xx") != NULL); /* the missing one is logged once ... */
    logged[0] = '\0';
    wz_i18n_set_language("xx");
    WZ_CHECK_STR(logged, ""); /* ... and never looked for again */
    wz_i18n_set_language("pl");
    WZ_CHECK(wz_tr("Back") == first);
}

static void write_file(const char *path, const void *data, size_t n)
{
    char *dir = wz_path_dirname(path);
    char *parent = wz_path_dirname(dir);
    mkdir(parent, 0700);
    mkdir(dir, 0700);
    WZ_CHECK_INT(wz_write_file_atomic(path, data, n), 0);
    free(parent);
    free(dir);
}

static void broken(void)
{
    WZ_TEST("a missing catalogue: English and a log line");
    char dir[] = "/tmp/wz-test-i18n-XXXXXX";
    WZ_CHECK(mkdtemp(dir) != NULL);
    wz_i18n_set_dir(dir);
    logged[0] = '\0';
    WZ_CHECK_INT(wz_i18n_set_language("pl"), -1);
    WZ_CHECK_STR(wz_tr("Back"), "Back");
    WZ_CHECK(strstr(logged, "pl") != NULL && strstr(logged, "English") != NULL);

    WZ_TEST("a broken catalogue: English and a log line that says why");
    char *path = wz_xasprintf("%s/ur/LC_MESSAGES/%s.mo", dir, WZ_I18N_DOMAIN);
    write_file(path, "this is not a catalogue at all", 30);
    logged[0] = '\0';
    WZ_CHECK_INT(wz_i18n_set_language("ur"), -1);
    WZ_CHECK_STR(wz_tr("Back"), "Back");
    WZ_CHECK(strstr(logged, "not a .mo file") != NULL);

    WZ_TEST("a truncated catalogue and one whose offsets point outside are refused");
    char *good = NULL;
    size_t len = 0;
    char *pl = wz_xasprintf("%s/pl/LC_MESSAGES/%s.mo", WZ_LOCALE_BUILD_DIR, WZ_I18N_DOMAIN);
    WZ_CHECK_INT(wz_read_file(pl, WZ_MO_MAX_BYTES, &good, &len), 0);
    char *err = NULL;
    wz_mo *mo = wz_mo_parse(good, len, &err);
    WZ_CHECK(mo != NULL && wz_mo_count(mo) > 100);
    WZ_CHECK_STR(wz_mo_nget(mo, "About %d minute", 5), "Około %d minut");
    wz_mo_free(mo);
    for (size_t cut = 0; cut < len; cut += len / 97 + 1) {
        mo = wz_mo_parse(good, cut, &err);
        WZ_CHECK(mo == NULL || cut >= 28); /* never crashes; the header is always needed */
        wz_mo_free(mo);
        free(err);
        err = NULL;
    }
    mo = wz_mo_parse(good, len / 2, &err);
    WZ_CHECK(mo == NULL && err && strstr(err, "outside the file"));
    free(err);
    err = NULL;
    good[16] = (char)0xF0; /* translations table moved past the end */
    good[17] = good[18] = good[19] = (char)0x7F;
    WZ_CHECK(wz_mo_parse(good, len, &err) == NULL);
    free(err);
    free(good);
    free(pl);
    unlink(path);
    free(path);
    char *cmd = wz_xasprintf("rm -rf '%s'", dir);
    WZ_CHECK_INT(system(cmd), 0);
    free(cmd);
}

static void names(void)
{
    WZ_TEST("languages: same language, names in their own script");
    WZ_CHECK(wz_i18n_same_language("en", NULL));
    WZ_CHECK(wz_i18n_same_language("en-GB", "en"));
    WZ_CHECK(wz_i18n_same_language("PL", "pl"));
    WZ_CHECK(!wz_i18n_same_language("pl", "en"));
    WZ_CHECK(!wz_i18n_same_language("pt-BR", "pt-PT"));
    WZ_CHECK(!wz_i18n_same_language("p", "pl"));
    WZ_CHECK_STR(wz_i18n_native_name("pl"), "Polski");
    WZ_CHECK_STR(wz_i18n_native_name("ur"), "اردو");
    WZ_CHECK_STR(wz_i18n_native_name("gu"), "ગુજરાતી");
    WZ_CHECK_STR(wz_i18n_native_name("pa"), "ਪੰਜਾਬੀ");
    WZ_CHECK_STR(wz_i18n_native_name("zz"), "zz");
}

int main(void)
{
    wz_log_set_sink(sink, NULL);
    plural_rules();
    catalogues();
    broken();
    names();
    wz_i18n_shutdown();
    WZ_TEST_END();
}
