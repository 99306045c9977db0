/*
 * test_pin: PINs are checked against a salted hash and wrong ones are braked.
 * The limiter is driven with made-up monotonic times, so nothing here waits.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_config.h"
#include "wz_pin.h"
#include "wz_test.h"
#include "wz_util.h"

/* Runs wz_pin_hash_cli on `input`; returns the exit status, stdout and stderr texts. */
static int run_cli(const char *input, char *out, size_t outsz, char *err, size_t errsz)
{
    FILE *in = tmpfile(), *o = tmpfile(), *e = tmpfile();
    fputs(input, in);
    rewind(in);
    int rc = wz_pin_hash_cli(in, o, e);
    rewind(o);
    rewind(e);
    size_t n = fread(out, 1, outsz - 1, o);
    out[n] = '\0';
    n = fread(err, 1, errsz - 1, e);
    err[n] = '\0';
    fclose(in);
    fclose(o);
    fclose(e);
    return rc;
}

/* Writes text to path (for hand-made lock-out files). */
static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The lock-out across restarts: each "restart" is a new limiter loaded from the file, with
 * a monotonic clock that starts again near zero and a wall clock that moved on. */
static void test_lock_file(void)
{
    char dir[] = "/tmp/wz-test-pin-XXXXXX";
    WZ_CHECK(mkdtemp(dir) != NULL);
    char *db = wz_path_join(dir, "kiosk.db");
    char *path = wz_pin_lock_path(db);
    WZ_CHECK(wz_str_ends(path, "/kiosk.db.pin-lock"));
    char *err = NULL;
    wz_pin_limiter a, b;
    long long wall = 1796500000; /* 2026-12-05 */

    WZ_TEST("lock file: none yet is a fresh limiter");
    WZ_CHECK_INT(wz_pin_limiter_load(&b, path, 5000, wall, &err), 1);
    WZ_CHECK(err == NULL);
    WZ_CHECK_INT(b.failures, 0);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&b, 5000), 0);

    WZ_TEST("lock file: a wait survives a restart, never shorter");
    wz_pin_limiter_init(&a);
    long long t = 700000;
    for (int i = 0; i < 4; i++) /* the 4th wrong PIN: 60 s */
        wz_pin_limiter_failed(&a, t);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&a, t), 60000);
    /* saved 2.5 s after the last wrong PIN; the power goes 10 s later */
    WZ_CHECK_INT(wz_pin_limiter_save(&a, path, t + 2500, wall, &err), 0);
    struct stat st;
    WZ_CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    WZ_CHECK_INT(wz_pin_limiter_load(&b, path, 100, wall + 10, &err), 0);
    WZ_CHECK_INT(b.failures, 4);
    /* 12.5 s really passed; the file knows 12 s (rounded towards a longer wait) */
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&b, 100), 48000);
    /* the next wrong PIN after the restart doubles on from the saved count */
    wz_pin_limiter_failed(&b, 100 + 48000);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&b, 100 + 48000), 120000);
    /* after the wait has passed in wall time, a restart finds no wait but the count stays */
    WZ_CHECK_INT(wz_pin_limiter_load(&b, path, 100, wall + 3600, &err), 0);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&b, 100), 0);
    WZ_CHECK_INT(b.failures, 4);
    wz_pin_limiter_failed(&b, 200);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&b, 200), 120000);

    WZ_TEST("lock file: a clock set back restarts the whole wait, never less");
    WZ_CHECK_INT(wz_pin_limiter_load(&b, path, 100, wall - 86400, &err), 0);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&b, 100), 60000);

    WZ_TEST("lock file: free tries are remembered too; a right PIN clears the file");
    wz_pin_limiter_init(&a);
    wz_pin_limiter_failed(&a, t);
    wz_pin_limiter_failed(&a, t);
    WZ_CHECK_INT(wz_pin_limiter_save(&a, path, t, wall, &err), 0);
    WZ_CHECK_INT(wz_pin_limiter_load(&b, path, 0, wall, &err), 0);
    WZ_CHECK_INT(b.failures, 2);
    wz_pin_limiter_failed(&b, 0); /* the third after a restart: the pause, as without one */
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&b, 0), 30000);
    wz_pin_limiter_succeeded(&b);
    WZ_CHECK_INT(wz_pin_limiter_save(&b, path, 0, wall, &err), 0);
    WZ_CHECK_INT(wz_pin_limiter_load(&a, path, 0, wall, &err), 0);
    WZ_CHECK_INT(a.failures, 0);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&a, 0), 0);

    WZ_TEST("lock file: a broken file locks for the first wait and says so");
    const char *broken[] = {
        "",
        "failures = 7\n",
        "failures = 7\nlast_failure = x\n",
        "failures = -7\nlast_failure = 1\n",
        "failures = 99999999999999999999\nlast_failure = 1\n",
        "failures = 7\nlast_failure = 1\nopen = yes\n",
        "\x7f\x45LF\x02\x01",
    };
    for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
        put(path, broken[i]);
        WZ_CHECK_INT(wz_pin_limiter_load(&b, path, 9000, wall, &err), -1);
        WZ_CHECK(err && strstr(err, path) && strstr(err, "30 seconds"));
        free(err);
        err = NULL;
        WZ_CHECK_INT(wz_pin_limiter_wait_ms(&b, 9000), WZ_PIN_FIRST_WAIT_MS);
        wz_pin_limiter_failed(&b, 9000 + WZ_PIN_FIRST_WAIT_MS); /* and it grows from there */
        WZ_CHECK_INT(wz_pin_limiter_wait_ms(&b, 9000 + WZ_PIN_FIRST_WAIT_MS), 60000);
    }
    /* a NUL byte hidden in the file */
    {
        FILE *f = fopen(path, "w");
        fwrite("failures = 0\0\nlast_failure = 1\n", 1, 32, f);
        fclose(f);
        WZ_CHECK_INT(wz_pin_limiter_load(&b, path, 0, wall, NULL), -1);
        WZ_CHECK_INT(wz_pin_limiter_wait_ms(&b, 0), WZ_PIN_FIRST_WAIT_MS);
    }
    unlink(path);

    WZ_TEST("lock file: an unwritable folder is an error, and the lock in memory holds");
    if (geteuid() != 0) { /* root writes anywhere */
        WZ_CHECK(chmod(dir, 0500) == 0);
        WZ_CHECK_INT(wz_pin_limiter_save(&a, path, 0, wall, &err), -1);
        WZ_CHECK(err && strstr(err, path) && strstr(err, "restart"));
        free(err);
        err = NULL;
        /* and a file that is there but cannot be read locks too */
        WZ_CHECK(chmod(dir, 0700) == 0);
        put(path, "failures = 0\nlast_failure = 0\n");
        WZ_CHECK(chmod(path, 0) == 0);
        WZ_CHECK_INT(wz_pin_limiter_load(&b, path, 0, wall, &err), -1);
        WZ_CHECK_INT(wz_pin_limiter_wait_ms(&b, 0), WZ_PIN_FIRST_WAIT_MS);
        free(err);
        err = NULL;
    }
    char *missing = wz_path_join(dir, "no-such-folder/kiosk.db.pin-lock");
    WZ_CHECK_INT(wz_pin_limiter_save(&a, missing, 0, wall, &err), -1);
    WZ_CHECK(err != NULL);
    free(err);
    free(missing);
    unlink(path);
    rmdir(dir);
    free(path);
    free(db);
}

int main(void)
{
    const char *why = NULL;

    WZ_TEST("what counts as a PIN");
    WZ_CHECK(wz_pin_valid("123456", NULL));
    WZ_CHECK(wz_pin_valid("123456789012", NULL));
    WZ_CHECK(!wz_pin_valid("12345", &why) && why && strstr(why, "at least 6"));
    WZ_CHECK(!wz_pin_valid("1234", &why) && why && strstr(why, "at least 6"));
    WZ_CHECK(!wz_pin_valid("1234567890123", &why) && why && strstr(why, "at most 12"));
    WZ_CHECK(!wz_pin_valid("12a4", &why) && why && strstr(why, "digits only"));
    WZ_CHECK(!wz_pin_valid("", NULL));
    WZ_CHECK(!wz_pin_valid(NULL, NULL));

    WZ_TEST("hash and verify");
    char h1[WZ_PIN_HASH_MAX], h2[WZ_PIN_HASH_MAX];
    WZ_CHECK_INT(wz_pin_hash("482100", h1, sizeof(h1), &why), 0);
    WZ_CHECK_INT(wz_pin_hash("482100", h2, sizeof(h2), &why), 0);
    WZ_CHECK(wz_str_starts(h1, "min6$argon2id$")); /* tagged: made under the 6-digit rule */
    WZ_CHECK(wz_pin_hash_tagged(h1));
    WZ_CHECK_INT(wz_pin_verify(h1 + 4, "482100"), 1); /* an untagged one still verifies */
    WZ_CHECK(strstr(h1, "482100") == NULL);
    WZ_CHECK(strcmp(h1, h2) != 0); /* salted: the same PIN never gives the same line */
    WZ_CHECK_INT(wz_pin_verify(h1, "482100"), 1);
    WZ_CHECK_INT(wz_pin_verify(h2, "482100"), 1);
    WZ_CHECK_INT(wz_pin_verify(h1, "482200"), 0);
    WZ_CHECK_INT(wz_pin_verify(h1, "4821000"), 0);
    WZ_CHECK_INT(wz_pin_verify(h1, ""), 0);
    WZ_CHECK_INT(wz_pin_verify(NULL, "482100"), 0);
    WZ_CHECK_INT(wz_pin_verify("$argon2id$garbage", "482100"), 0);
    WZ_CHECK_INT(wz_pin_verify("482100", "482100"), 0); /* a bare PIN in the config never opens */
    WZ_CHECK_INT(wz_pin_hash("12", h2, sizeof(h2), &why), -1);
    WZ_CHECK_INT(wz_pin_hash("123456", h2, 16, &why), -1);

    WZ_TEST("the hash is accepted by the configuration reader");
    {
        wz_config cfg;
        wz_diags d;
        wz_config_defaults(&cfg);
        wz_diags_init(&d);
        char *text = wz_xasprintf("[admin]\npin_hash = %s\n", h1);
        wz_config_load_string(&cfg, text, strlen(text), "k.ini", &d);
        WZ_CHECK_INT(d.count, 0);
        WZ_CHECK_STR(cfg.admin_pin_hash, h1);
        free(text);
        wz_config_free(&cfg);
        wz_diags_free(&d);
    }

    WZ_TEST("a hash from before the 6-digit rule is kept, with a warning that says what to do");
    {
        wz_config cfg;
        wz_diags d;
        wz_config_defaults(&cfg);
        wz_diags_init(&d);
        char *text = wz_xasprintf("[admin]\npin_hash = %s\n", h1 + 4);
        wz_config_load_string(&cfg, text, strlen(text), "k.ini", &d);
        WZ_CHECK_INT(d.errors, 0);
        WZ_CHECK_INT(d.warnings, 1);
        WZ_CHECK(d.count == 1 && strstr(d.items[0].message, "6 digits") &&
                 strstr(d.items[0].message, "--hash-pin"));
        WZ_CHECK_STR(cfg.admin_pin_hash, h1 + 4);
        free(text);
        wz_config_free(&cfg);
        wz_diags_free(&d);
    }

    WZ_TEST("limiter: three free tries, then 30 s doubling, capped at 1 h");
    wz_pin_limiter l;
    wz_pin_limiter_init(&l);
    long long t = 1000000;
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&l, t), 0);
    wz_pin_limiter_failed(&l, t);
    wz_pin_limiter_failed(&l, t);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&l, t), 0);
    wz_pin_limiter_failed(&l, t);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&l, t), 30000);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&l, t + 29999), 1);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&l, t + 30000), 0);
    t += 30000;
    wz_pin_limiter_failed(&l, t);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&l, t), 60000);
    t += 60000;
    wz_pin_limiter_failed(&l, t);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&l, t), 120000);
    for (int i = 0; i < 2000; i++)
        wz_pin_limiter_failed(&l, t);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&l, t), WZ_PIN_MAX_WAIT_MS);
    wz_pin_limiter_succeeded(&l);
    WZ_CHECK_INT(wz_pin_limiter_wait_ms(&l, t), 0);
    WZ_CHECK_INT(l.failures, 0);

    WZ_TEST("one try at the pad");
    long long wait = -1;
    wz_pin_limiter_init(&l);
    t = 5000;
    WZ_CHECK_INT(wz_pin_try(&l, NULL, "482100", t, &wait), WZ_PIN_DISABLED);
    WZ_CHECK_INT(wz_pin_try(&l, "", "482100", t, &wait), WZ_PIN_DISABLED);
    WZ_CHECK_INT(wz_pin_try(&l, h1, "482100", t, &wait), WZ_PIN_OK);
    WZ_CHECK_INT(wz_pin_try(&l, h1, "000000", t, &wait), WZ_PIN_WRONG);
    WZ_CHECK_INT(wait, 0);
    WZ_CHECK_INT(wz_pin_try(&l, h1, "000000", t, &wait), WZ_PIN_WRONG);
    WZ_CHECK_INT(wz_pin_try(&l, h1, "000000", t, &wait), WZ_PIN_WRONG);
    WZ_CHECK_INT(wait, 30000);
    /* while locked even the right PIN is refused, and refusals do not lengthen the wait */
    WZ_CHECK_INT(wz_pin_try(&l, h1, "482100", t + 10000, &wait), WZ_PIN_LOCKED);
    WZ_CHECK_INT(wait, 20000);
    WZ_CHECK_INT(l.failures, 3);
    WZ_CHECK_INT(wz_pin_try(&l, h1, "482100", t + 30000, &wait), WZ_PIN_OK);
    WZ_CHECK_INT(l.failures, 0);
    WZ_CHECK_INT(wz_pin_try(&l, h1, "000000", t + 30000, NULL), WZ_PIN_WRONG);

    WZ_TEST("wz-kiosk --hash-pin");
    {
        char out[512], err[512];
        WZ_CHECK_INT(run_cli("258014\n", out, sizeof(out), err, sizeof(err)), 0);
        WZ_CHECK(wz_str_starts(out, "pin_hash = min6$argon2id$"));
        WZ_CHECK(wz_str_ends(out, "\n"));
        out[strlen(out) - 1] = '\0';
        WZ_CHECK_INT(wz_pin_verify(out + strlen("pin_hash = "), "258014"), 1);
        WZ_CHECK(strstr(err, "258014") == NULL);

        WZ_CHECK_INT(run_cli("258014\r\n", out, sizeof(out), err, sizeof(err)), 0);
        WZ_CHECK_INT(run_cli("25\n", out, sizeof(out), err, sizeof(err)), 1);
        WZ_CHECK_STR(out, "");
        WZ_CHECK(strstr(err, "at least 6") != NULL);
        WZ_CHECK_INT(run_cli("2580\n", out, sizeof(out), err, sizeof(err)), 1); /* 4 digits */
        WZ_CHECK_STR(out, "");
        WZ_CHECK_INT(run_cli("", out, sizeof(out), err, sizeof(err)), 1);
        WZ_CHECK(strstr(err, "no PIN") != NULL);
        char big[200];
        memset(big, '1', sizeof(big) - 2);
        big[sizeof(big) - 2] = '\n';
        big[sizeof(big) - 1] = '\0';
        WZ_CHECK_INT(run_cli(big, out, sizeof(out), err, sizeof(err)), 1);
        WZ_CHECK_STR(out, "");
    }

    test_lock_file();

    WZ_TEST("wipe");
    {
        char buf[8] = "482100";
        wz_pin_wipe(buf, sizeof(buf));
        WZ_CHECK_INT(buf[0] + buf[1] + buf[2] + buf[3], 0);
    }

    WZ_TEST_END();
}
