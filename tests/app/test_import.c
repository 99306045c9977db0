/*
 * test_import: USB import and hot reload, against real folders in /tmp.
 *
 * The stick holds one good scenario (with a picture) and one broken one. The good one
 * must arrive with its picture, the broken one must be reported in words and left out,
 * and nothing else in the scenarios folder may change. Then every single file operation
 * of an import is made to fail in turn, and after each failure the scenarios folder must
 * be byte-for-byte what it was, with no staging folder left behind. The import job is
 * held inside a copy to show that the calling (UI) thread runs on meanwhile and that the
 * folder changes only when that thread calls wz_import_job_finish.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_fs.h"
#include "wz_import.h"
#include "wz_library.h"
#include "wz_log.h"
#include "wz_test.h"
#include "wz_util.h"

static char *fixture; /* tests/core/data/gift.twee */
static size_t fixture_len;

static void put(const char *dir, const char *rel, const char *text, size_t len)
{
    char *p = wz_path_join(dir, rel);
    if (wz_fs_make_parents(p, NULL) != 0) fprintf(stderr, "cannot make the folders of %s\n", p);
    FILE *f = fopen(p, "wb"); /* no fsync: hundreds of files are written in a blink */
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
        fprintf(stderr, "cannot write %s\n", p);
    free(p);
}

/* A good scenario: the fixture with its own ifid and title, and a picture. */
static void put_good(const char *dir, const char *rel, const char *ifid, const char *title,
                     const char *image)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    const char *t = fixture;
    const char *title_at = strstr(t, "The Gift in the Game");
    const char *ifid_at = strstr(t, "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E");
    const char *lobby = strstr(t, ":: Lobby");
    wz_buf_append(&b, t, (size_t)(title_at - t));
    wz_buf_puts(&b, title);
    t = title_at + strlen("The Gift in the Game");
    wz_buf_append(&b, t, (size_t)(ifid_at - t));
    wz_buf_puts(&b, ifid);
    t = ifid_at + 36;
    if (image) {
        wz_buf_append(&b, t, (size_t)(lobby - t));
        wz_buf_printf(&b, ":: Intro\n[img[A games console|%s]]\n[[Start->Lobby]]\n\n", image);
        t = lobby;
        /* make Intro the start passage */
    }
    wz_buf_puts(&b, t);
    char *text = wz_buf_steal(&b);
    if (image) {
        char *s = strstr(text, "\"start\": \"Lobby\"");
        if (s) memcpy(s, "\"start\": \"Intro\"", 16);
    }
    put(dir, rel, text, strlen(text));
    if (image) {
        char *reldir = wz_path_dirname(rel);
        char *img = strcmp(reldir, ".") ? wz_path_join(reldir, image) : wz_xstrdup(image);
        const char *svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>";
        put(dir, img, svg, strlen(svg));
        free(img);
        free(reldir);
    }
    free(text);
}

/* A broken scenario: a choice that leads nowhere. */
static void put_broken(const char *dir, const char *rel, const char *ifid)
{
    char *text = wz_xasprintf(":: StoryTitle\nBroken Story\n\n:: StoryData\n{\"ifid\": \"%s\", "
                              "\"start\": \"Start\"}\n\n:: Start [chat]\nSam: hi\n"
                              "[[Reply->Nowhere at all]]\n",
                              ifid);
    put(dir, rel, text, strlen(text));
    free(text);
}

/* A listing of every file under dir with its bytes, to compare folders exactly. */
static void listing(const char *dir, const char *rel, wz_buf *out)
{
    char *path = rel[0] ? wz_path_join(dir, rel) : wz_xstrdup(dir);
    DIR *d = opendir(path);
    if (!d) {
        wz_buf_printf(out, "(no folder %s)\n", rel);
        free(path);
        return;
    }
    struct dirent *e;
    char *names[256];
    int n = 0;
    while ((e = readdir(d)) != NULL && n < 256)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = wz_xstrdup(e->d_name);
    closedir(d);
    for (int i = 0; i < n; i++) /* sort */
        for (int j = i + 1; j < n; j++)
            if (strcmp(names[j], names[i]) < 0) {
                char *t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    for (int i = 0; i < n; i++) {
        char *r = rel[0] ? wz_path_join(rel, names[i]) : wz_xstrdup(names[i]);
        char *p = wz_path_join(dir, r);
        struct stat st;
        lstat(p, &st);
        if (S_ISDIR(st.st_mode)) {
            wz_buf_printf(out, "%s/\n", r);
            listing(dir, r, out);
        } else if (S_ISLNK(st.st_mode)) {
            char l[256];
            ssize_t k = readlink(p, l, sizeof(l) - 1);
            l[k > 0 ? k : 0] = '\0';
            wz_buf_printf(out, "%s -> %s\n", r, l);
        } else {
            char *data = NULL;
            size_t len = 0;
            wz_read_file(p, 1 << 20, &data, &len);
            wz_buf_printf(out, "%s %zu\n", r, len);
            if (data) wz_buf_append(out, data, len);
            free(data);
        }
        free(p);
        free(r);
        free(names[i]);
    }
    free(path);
}

static char *snapshot(const char *dir)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    listing(dir, "", &b);
    return wz_buf_steal(&b);
}

/* Number of entries in dir whose name starts with prefix. */
static int count_prefixed(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += wz_str_starts(e->d_name, prefix);
    closedir(d);
    return n;
}

static int playable(const char *dir, const char *ifid)
{
    wz_library *lib = wz_library_load(dir, NULL);
    int ok = wz_library_find(lib, ifid) != NULL;
    wz_library_free(lib);
    return ok;
}

#define IFID_OLD "11111111-2222-4333-8444-555555555555"
#define IFID_GOOD "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE"
#define IFID_BAD "BBBBBBBB-CCCC-4DDD-8EEE-FFFFFFFFFFFF"

static void quiet(wz_log_level l, const char *m, const char *msg, void *ud) {}

/* Holds the import job's first copy until the test opens the gate (a stick as slow as the
 * test likes, without any timing), and tells the test when the job's thread has ended. */
typedef struct gate {
    pthread_mutex_t m;
    pthread_cond_t c;
    int open, copying, copies, finished;
} gate;

static void gate_copy(void *ctx, const char *src)
{
    (void)src;
    gate *g = ctx;
    pthread_mutex_lock(&g->m);
    g->copying = 1;
    g->copies++;
    pthread_cond_broadcast(&g->c);
    while (!g->open)
        pthread_cond_wait(&g->c, &g->m);
    pthread_mutex_unlock(&g->m);
}

static void gate_done(void *ctx)
{
    gate *g = ctx;
    pthread_mutex_lock(&g->m);
    g->finished = 1;
    pthread_cond_broadcast(&g->c);
    pthread_mutex_unlock(&g->m);
}

/* The folder dir is exactly `was`, and no staging folder (parent/prefix*) is left. */
static void check_unchanged(const char *dir, const char *was, const char *parent,
                            const char *prefix, int line)
{
    char *now = snapshot(dir);
    if (strcmp(now, was) != 0) fprintf(stderr, "  %s changed (test line %d)\n", dir, line);
    WZ_CHECK_STR(now, was);
    free(now);
    WZ_CHECK_INT(count_prefixed(parent, prefix), 0);
}
#define CHECK_UNCHANGED(dir, was, parent, prefix)                                                  \
    check_unchanged(dir, was, parent, prefix, __LINE__)

/* Log lines seen: how many hold a line break, and how many show the stick's name with its
 * line break escaped (readable, not replaced). */
static int log_lines_with_newline, log_lines_escaped;

static void count_log(wz_log_level l, const char *m, const char *msg, void *ud)
{
    (void)l, (void)m, (void)ud;
    if (strchr(msg, '\n')) log_lines_with_newline++;
    if (strstr(msg, "stick7\\nimport: FAKE")) log_lines_escaped++;
}

/* Swaps a file on the stick for something else just before the import copies it: the
 * moment between the check and the copy. */
enum { SWAP_SYMLINK, SWAP_FIFO, SWAP_OTHER_FILE, SWAP_BOMB_IN_PLACE };
typedef struct swapper {
    const char *target; /* the source path to swap */
    int kind, fired;
} swapper;

static void swap_copy(void *ctx, const char *src)
{
    swapper *s = ctx;
    if (s->fired || strcmp(src, s->target) != 0) return;
    s->fired = 1;
    if (s->kind == SWAP_BOMB_IN_PLACE) { /* same file (device and inode), new bytes */
        static const char bomb[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                   "viewBox=\"0 0 1 200000\"><rect width=\"1\" "
                                   "height=\"200000\"/></svg>";
        FILE *f = fopen(s->target, "r+b");
        if (!f || fwrite(bomb, 1, sizeof bomb - 1, f) != sizeof bomb - 1 ||
            ftruncate(fileno(f), (off_t)(sizeof bomb - 1)) != 0)
            fprintf(stderr, "cannot rewrite %s\n", s->target);
        if (f) fclose(f);
        return;
    }
    char *orig = wz_xasprintf("%s.orig", s->target);
    if (rename(s->target, orig) != 0) fprintf(stderr, "cannot move %s\n", s->target);
    if (s->kind == SWAP_SYMLINK && symlink(orig, s->target) != 0)
        fprintf(stderr, "cannot link %s\n", s->target);
    if (s->kind == SWAP_FIFO && mkfifo(s->target, 0600) != 0)
        fprintf(stderr, "cannot make a pipe %s\n", s->target);
    if (s->kind == SWAP_OTHER_FILE) {
        char *cmd = wz_xasprintf("cp '%s' '%s'", orig, s->target); /* same bytes, new inode */
        if (system(cmd) != 0) fprintf(stderr, "cannot copy %s\n", orig);
        free(cmd);
    }
    free(orig);
}

static void unswap(const swapper *s)
{
    char *orig = wz_xasprintf("%s.orig", s->target);
    unlink(s->target);
    if (rename(orig, s->target) != 0) fprintf(stderr, "cannot restore %s\n", s->target);
    free(orig);
}

/* Waits (at most ms) until dir holds no entry starting with prefix. Returns 1 if so. */
static int wait_gone(const char *dir, const char *prefix, int ms)
{
    for (int t = 0; t < ms; t += 20) {
        if (count_prefixed(dir, prefix) == 0) return 1;
        usleep(20 * 1000);
    }
    return count_prefixed(dir, prefix) == 0;
}

static gate stuck_gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0};

/* Holds only the copies from the stick (a dead stick), not the kiosk's own files. */
static const char *stuck_prefix;
static void stuck_copy(void *ctx, const char *src)
{
    if (wz_str_starts(src, stuck_prefix)) gate_copy(ctx, src);
}

static void wait_copying(gate *g)
{
    pthread_mutex_lock(&g->m);
    while (!g->copying)
        pthread_cond_wait(&g->c, &g->m);
    pthread_mutex_unlock(&g->m);
}

static void open_gate(gate *g)
{
    pthread_mutex_lock(&g->m);
    g->open = 1;
    pthread_cond_broadcast(&g->c);
    pthread_mutex_unlock(&g->m);
}

/* A stick with narration (tests/app/data/narration, plus a recording that is missing): the
 * recordings come with the scenario, and the missing one (a warning) stops nothing. */
static void test_recordings(void)
{
    WZ_TEST("USB import: a scenario's recordings are copied with it; a missing one is no error");
    char root[] = "/tmp/wz-test-import-audio-XXXXXX";
    if (!mkdtemp(root)) return;
    char *src = wz_path_join(WZ_SOURCE_DIR, "tests/app/data/narration");
    char *cmd = wz_xasprintf("cp -a '%s' '%s/stick'", src, root);
    WZ_CHECK_INT(system(cmd), 0);
    free(cmd);
    char *stick = wz_path_join(root, "stick"), *scen = wz_path_join(root, "scenarios");
    char *story = wz_path_join(stick, "story.twee"), *text = NULL;
    size_t len = 0;
    WZ_CHECK_INT(wz_read_file(story, 1 << 20, &text, &len), 0);
    char *more = wz_xasprintf("%s\n:: Spare\n{audio narration/missing.ogg}\n"
                              "{audio narration/talk.mp3}\nHi.\n[[Next->End]]\n",
                              text ? text : "");
    put(stick, "story.twee", more, strlen(more));
    /* a recording the kiosk cannot play is copied all the same, never checked as a picture */
    put(stick, "narration/talk.mp3", "ID3\3\0\0\0\0\0\0", 10);
    wz_import_result res;
    WZ_CHECK_INT(wz_import_run(stick, scen, NULL, &res), 0);
    WZ_CHECK_INT(res.swapped, 1);
    WZ_CHECK_INT(res.imported, 2);
    const char *copied[] = {"narration/start.ogg", "narration/chat.ogg", "narration/help.ogg",
                            "narration/talk.mp3"};
    for (size_t i = 0; i < sizeof copied / sizeof *copied; i++) {
        char *p = wz_path_join(scen, copied[i]);
        WZ_CHECK_INT(access(p, R_OK), 0);
        free(p);
    }
    wz_import_result_free(&res);
    cmd = wz_xasprintf("rm -rf '%s'", root);
    WZ_CHECK_INT(system(cmd), 0);
    free(cmd);
    free(more);
    free(text);
    free(story);
    free(stick);
    free(scen);
    free(src);
}

int main(void)
{
    alarm(120); /* a test that hangs (an import blocked on a pipe) fails */
    wz_log_set_sink(quiet, NULL);
    char *fx = wz_path_join(WZ_SOURCE_DIR, "tests/core/data/gift.twee");
    if (wz_read_file(fx, 1 << 20, &fixture, &fixture_len) != 0) {
        fprintf(stderr, "cannot read %s\n", fx);
        return 1;
    }
    free(fx);
    test_recordings();

    char root[] = "/tmp/wz-test-import-XXXXXX";
    if (!mkdtemp(root)) return 1;
    char *media = wz_path_join(root, "media");
    char *data = wz_path_join(root, "data");
    char *scen = wz_path_join(data, "scenarios");
    char *stick = wz_path_join(media, "wz-kiosk/sdb1");
    char *wzdir = wz_path_join(stick, "warning-zone");

    /* The kiosk already has one scenario (with a picture), an unrelated note and a link. */
    put_good(scen, "old/old-story.twee", IFID_OLD, "Old Story", "images/old.svg");
    put(scen, "README.txt", "staff notes\n", 12);
    mkdir(scen, 0750);
    {
        char *l = wz_path_join(scen, "latest");
        WZ_CHECK_INT(symlink("old/old-story.twee", l), 0);
        free(l);
    }
    WZ_CHECK(playable(scen, IFID_OLD));

    /* The stick: a warning-zone folder with a good and a broken scenario. */
    put_good(wzdir, "new-friend/new-friend.twee", IFID_GOOD, "New Friend", "images/console.svg");
    put_broken(wzdir, "broken.twee", IFID_BAD);
    put(stick, "holiday.jpg", "not a scenario", 14);

    WZ_TEST("finding the stick");
    {
        char **src = NULL;
        int n = wz_import_find_sources(media, &src);
        WZ_CHECK_INT(n, 1);
        WZ_CHECK_STR(n ? src[0] : NULL, wzdir);
        wz_import_free_sources(src, n);
        n = wz_import_find_sources("/nonexistent-media", &src);
        WZ_CHECK_INT(n, 0);
        WZ_CHECK(src == NULL);
        /* files straight on a drive, without a warning-zone folder */
        char *other = wz_path_join(media, "alice/KINGSTON");
        put_broken(other, "loose.twee", IFID_BAD);
        n = wz_import_find_sources(media, &src);
        WZ_CHECK_INT(n, 2);
        WZ_CHECK_STR(n == 2 ? src[0] : NULL, other);
        wz_import_free_sources(src, n);
        char *cmd = wz_xasprintf("rm -rf '%s'", other);
        WZ_CHECK_INT(system(cmd), 0);
        free(cmd);
        free(other);
    }

    char *before = snapshot(scen);

    WZ_TEST("every failure before the swap leaves the old set exactly as it was");
    int steps = 0;
    for (int n = 1; n < 200; n++) {
        wz_import_result res;
        wz_import_opts o = {.fail_at = n};
        int rc = wz_import_run(wzdir, scen, &o, &res);
        if (rc == 0 && res.swapped) { /* the n-th operation was past the last one */
            steps = n - 1;
            wz_import_result_free(&res);
            break;
        }
        WZ_CHECK_INT(rc, -1);
        WZ_CHECK(res.error != NULL);
        char *now = snapshot(scen);
        if (strcmp(now, before) != 0) fprintf(stderr, "  changed after failing step %d\n", n);
        WZ_CHECK_STR(now, before);
        free(now);
        WZ_CHECK_INT(count_prefixed(data, ".scenarios."), 0);
        wz_import_result_free(&res);
        /* undo the successful run's swap, if the loop ended: handled below */
    }
    WZ_CHECK(steps > 5);
    fprintf(stderr, "  an import here takes %d file operations; each was made to fail\n", steps);

    /* The loop's last run succeeded: put the old set back to test the plain run. */
    {
        char *cmd = wz_xasprintf("rm -rf '%s/new-friend'", scen);
        WZ_CHECK_INT(system(cmd), 0);
        free(cmd);
        char *now = snapshot(scen);
        WZ_CHECK_STR(now, before);
        free(now);
    }

    WZ_TEST("the import job checks and copies on its own thread; the swap waits for finish");
    {
        gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0};
        wz_import_opts o = {.on_copy = gate_copy, .ctx = &g};
        wz_import_job *j = wz_import_job_start(wzdir, scen, &o, gate_done, &g);
        WZ_CHECK(j != NULL);
        /* the job is now stuck inside its first copy, as on a very slow stick ... */
        pthread_mutex_lock(&g.m);
        while (!g.copying)
            pthread_cond_wait(&g.c, &g.m);
        pthread_mutex_unlock(&g.m);
        /* ... and this (the UI) thread goes on: frames, with the old set in place */
        int frames = 0;
        for (int i = 0; i < 50; i++) {
            WZ_CHECK_INT(wz_import_job_done(j), 0);
            char *now = snapshot(scen);
            frames += strcmp(now, before) == 0;
            free(now);
        }
        WZ_CHECK_INT(frames, 50);
        pthread_mutex_lock(&g.m);
        g.open = 1;
        pthread_cond_broadcast(&g.c);
        while (!g.finished)
            pthread_cond_wait(&g.c, &g.m);
        pthread_mutex_unlock(&g.m);
        WZ_CHECK_INT(wz_import_job_done(j), 1);
        WZ_CHECK(g.copies > 1);
        /* the thread is done, but the folder changes only here, on this thread */
        char *now = snapshot(scen);
        WZ_CHECK_STR(now, before);
        free(now);
        WZ_CHECK_INT(count_prefixed(data, ".scenarios.import-"), 1);
        wz_import_result res;
        WZ_CHECK_INT(wz_import_job_finish(j, 0, &res), 0);
        WZ_CHECK_INT(res.swapped, 1);
        WZ_CHECK_INT(res.imported, 1);
        WZ_CHECK(playable(scen, IFID_GOOD));
        WZ_CHECK_INT(count_prefixed(data, ".scenarios."), 0);
        wz_import_result_free(&res);
        char *cmd = wz_xasprintf("rm -rf '%s/new-friend'", scen);
        WZ_CHECK_INT(system(cmd), 0);
        free(cmd);
    }

    WZ_TEST("a cancelled job, or one whose folder changed meanwhile, changes nothing");
    {
        wz_import_job *j = wz_import_job_start(wzdir, scen, NULL, NULL, NULL);
        WZ_CHECK(j != NULL);
        wz_import_job_cancel(j);
        char *now = snapshot(scen);
        WZ_CHECK_STR(now, before);
        free(now);
        WZ_CHECK_INT(count_prefixed(data, ".scenarios."), 0);

        gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 1, 0, 0, 0};
        j = wz_import_job_start(wzdir, scen, NULL, gate_done, &g);
        pthread_mutex_lock(&g.m);
        while (!g.finished)
            pthread_cond_wait(&g.c, &g.m);
        pthread_mutex_unlock(&g.m);
        /* copied in by hand while the stick was being checked */
        put_broken(scen, "by-hand.twee", "CCCCCCCC-DDDD-4EEE-8FFF-000000000000");
        wz_import_result res;
        WZ_CHECK_INT(wz_import_job_finish(j, 0, &res), -1);
        WZ_CHECK_INT(res.swapped, 0);
        WZ_CHECK(res.error && strstr(res.error, "changed while"));
        WZ_CHECK(!playable(scen, IFID_GOOD));
        WZ_CHECK_INT(count_prefixed(data, ".scenarios."), 0);
        wz_import_result_free(&res);
        char *p = wz_path_join(scen, "by-hand.twee");
        WZ_CHECK_INT(unlink(p), 0);
        free(p);
        now = snapshot(scen);
        WZ_CHECK_STR(now, before);
        free(now);
    }

    WZ_TEST("USB import: the good one plays, the broken one is reported, nothing else changes");
    {
        /* an earlier import was cut short by a power cut: its staging folder is cleared */
        put(data, ".scenarios.import-99999/x/a.twee", "x", 1);
        WZ_CHECK_INT(count_prefixed(data, ".scenarios."), 1);
        wz_import_result res;
        long long sig_before = wz_library_scan_signature(scen);
        WZ_CHECK_INT(wz_import_run(wzdir, scen, NULL, &res), 0);
        WZ_CHECK_INT(res.swapped, 1);
        WZ_CHECK_INT(res.count, 2);
        WZ_CHECK_INT(res.imported, 1);
        WZ_CHECK_INT(res.rejected, 1);
        WZ_CHECK(res.error == NULL);
        WZ_CHECK_STR(res.count == 2 ? res.files[0].name : NULL, "broken.twee");
        WZ_CHECK_INT(res.files[0].status, WZ_IMPORT_REJECTED);
        WZ_CHECK(res.files[0].diags.errors > 0);
        WZ_CHECK_STR(res.files[1].name, "new-friend/new-friend.twee");
        WZ_CHECK_INT(res.files[1].status, WZ_IMPORT_ADDED);
        WZ_CHECK_STR(res.files[1].title, "New Friend");

        char *text = wz_import_summary(&res, 3);
        WZ_CHECK(strstr(text, "Loaded 1 scenario file; left out 1.") != NULL);
        WZ_CHECK(strstr(text, "broken.twee (\"Broken Story\"): NOT LOADED, it has errors") != NULL);
        WZ_CHECK(strstr(text, "Nowhere at all") != NULL);
        WZ_CHECK(strstr(text, "new-friend/new-friend.twee (\"New Friend\"): added") != NULL);
        free(text);

        WZ_CHECK(playable(scen, IFID_GOOD));
        WZ_CHECK(playable(scen, IFID_OLD));
        WZ_CHECK(!playable(scen, IFID_BAD));
        char *bad = wz_path_join(scen, "broken.twee");
        char *img = wz_path_join(scen, "new-friend/images/console.svg");
        WZ_CHECK(access(bad, F_OK) != 0);
        WZ_CHECK(access(img, F_OK) == 0);
        free(bad);
        free(img);
        WZ_CHECK(wz_library_scan_signature(scen) != sig_before);
        WZ_CHECK_INT(count_prefixed(data, ".scenarios."), 0);

        /* nothing else changed: remove what was added and compare with before */
        char *cmd =
            wz_xasprintf("cp -a '%s' '%s/after' && rm -rf '%s/after/new-friend'", scen, root, root);
        WZ_CHECK_INT(system(cmd), 0);
        free(cmd);
        char *after = wz_path_join(root, "after");
        char *now = snapshot(after);
        WZ_CHECK_STR(now, before);
        free(now);
        free(after);
        wz_import_result_free(&res);
    }

    WZ_TEST("the same stick again: nothing new, no swap");
    {
        wz_import_result res;
        char *was = snapshot(scen);
        WZ_CHECK_INT(wz_import_run(wzdir, scen, NULL, &res), 0);
        WZ_CHECK_INT(res.swapped, 0);
        WZ_CHECK_INT(res.files[1].status, WZ_IMPORT_SAME);
        char *text = wz_import_summary(&res, 3);
        WZ_CHECK(strstr(text, "Nothing new to load") != NULL);
        free(text);
        char *now = snapshot(scen);
        WZ_CHECK_STR(now, was);
        free(now);
        free(was);
        wz_import_result_free(&res);
    }

    WZ_TEST("a changed file replaces the old copy");
    {
        put_good(wzdir, "new-friend/new-friend.twee", IFID_GOOD, "New Friend 2",
                 "images/console.svg");
        wz_import_result res;
        WZ_CHECK_INT(wz_import_run(wzdir, scen, NULL, &res), 0);
        WZ_CHECK_INT(res.files[1].status, WZ_IMPORT_REPLACED);
        WZ_CHECK_INT(res.swapped, 1);
        wz_library *lib = wz_library_load(scen, NULL);
        const wz_scenario *sc = wz_library_find(lib, IFID_GOOD);
        WZ_CHECK_STR(sc ? sc->title : NULL, "New Friend 2");
        wz_library_free(lib);
        wz_import_result_free(&res);
    }

    WZ_TEST("an import that would break a playing scenario changes nothing");
    {
        /* A new file with the old scenario's ifid, sorted before it: one of the two copies
         * would be refused. */
        char *stick2 = wz_path_join(root, "stick2");
        put_good(stick2, "aaa-copy.twee", IFID_OLD, "Copy", NULL);
        char *was = snapshot(scen);
        wz_import_result res;
        int rc = wz_import_run(stick2, scen, NULL, &res);
        char *now = snapshot(scen);
        WZ_CHECK_STR(now, was);
        WZ_CHECK(playable(scen, IFID_OLD));
        if (rc == 0) { /* the new copy was the one refused */
            WZ_CHECK_INT(res.swapped, 0);
            WZ_CHECK_INT(res.files[0].status, WZ_IMPORT_REJECTED);
        } else {
            WZ_CHECK(res.error && strstr(res.error, "Nothing was changed"));
        }
        WZ_CHECK_INT(count_prefixed(data, ".scenarios."), 0);
        free(now);
        free(was);
        free(stick2);
        wz_import_result_free(&res);
    }

    WZ_TEST("more scenario files than the kiosk holds: refused, naming the limit, nothing changed");
    {
        char *many = wz_path_join(root, "many-stick");
        for (int i = 0; i <= WZ_LIBRARY_MAX_FILES; i++) { /* one more than the limit */
            char rel[64], ifid[40], title[32];
            snprintf(rel, sizeof(rel), "many/aaa-%03d.twee", i);
            snprintf(ifid, sizeof(ifid), "%08X-0000-4000-8000-000000000000", 0x10000000 + i);
            snprintf(title, sizeof(title), "Many %d", i);
            put_good(many, rel, ifid, title, NULL);
        }
        char *was = snapshot(scen);
        wz_import_result res;
        long long t0 = wz_now_ms();
        WZ_CHECK_INT(wz_import_run(many, scen, NULL, &res), -1);
        fprintf(stderr, "  a stick of %d files refused in %lld ms\n", WZ_LIBRARY_MAX_FILES + 1,
                wz_now_ms() - t0);
        WZ_CHECK(res.error && strstr(res.error, "501 scenario files"));
        WZ_CHECK(res.error && strstr(res.error, "the 500 the kiosk can hold"));
        WZ_CHECK_INT(res.swapped, 0);
        WZ_CHECK_INT(res.count, 0); /* refused before any file was read */
        CHECK_UNCHANGED(scen, was, data, ".scenarios.");
        WZ_CHECK(playable(scen, IFID_OLD));
        wz_import_result_free(&res);

        /* 500 is within the limit, but with the kiosk's own files there would be more */
        char *last = wz_path_join(many, "many/aaa-500.twee");
        WZ_CHECK_INT(unlink(last), 0);
        free(last);
        WZ_CHECK_INT(wz_import_run(many, scen, NULL, &res), -1);
        WZ_CHECK(res.error && strstr(res.error, "more than the 500 it can hold"));
        WZ_CHECK_INT(res.swapped, 0);
        CHECK_UNCHANGED(scen, was, data, ".scenarios.");
        WZ_CHECK(playable(scen, IFID_OLD));
        wz_import_result_free(&res);
        char *cmd = wz_xasprintf("rm -rf '%s'", many);
        WZ_CHECK_INT(system(cmd), 0);
        free(cmd);
        free(many);
        free(was);
    }

    const char *svg8 = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>";
    WZ_TEST("a new story never replaces another story's picture: refused, naming both");
    {
        char *stick3 = wz_path_join(root, "stick3");
        /* a new story beside the old one, whose picture has the old one's path */
        put_good(stick3, "old/other.twee", "DDDDDDDD-EEEE-4FFF-8000-111111111111", "Other Story",
                 "images/old.svg");
        put(stick3, "old/images/old.svg", svg8, strlen(svg8));
        char *was = snapshot(scen);
        wz_import_result res;
        WZ_CHECK_INT(wz_import_run(stick3, scen, NULL, &res), -1);
        WZ_CHECK_INT(res.swapped, 0);
        WZ_CHECK_INT(res.count == 1 ? res.files[0].status : 0, WZ_IMPORT_REJECTED);
        char *text = wz_import_summary(&res, 3);
        WZ_CHECK(strstr(text, "old/other.twee (\"Other Story\"): NOT LOADED") != NULL);
        WZ_CHECK(strstr(text, "\"old/images/old.svg\"") != NULL);
        WZ_CHECK(strstr(text, "\"Old Story\" (old/old-story.twee)") != NULL);
        free(text);
        CHECK_UNCHANGED(scen, was, data, ".scenarios.");
        wz_import_result_free(&res);

        /* the very same picture (same bytes) may be shared */
        put_good(stick3, "old/other.twee", "DDDDDDDD-EEEE-4FFF-8000-111111111111", "Other Story",
                 "images/old.svg");
        WZ_CHECK_INT(wz_import_run(stick3, scen, NULL, &res), 0);
        WZ_CHECK_INT(res.swapped, 1);
        WZ_CHECK_INT(res.files[0].status, WZ_IMPORT_ADDED);
        WZ_CHECK(playable(scen, IFID_OLD));
        wz_import_result_free(&res);
        char *p = wz_path_join(scen, "old/other.twee");
        WZ_CHECK_INT(unlink(p), 0);
        free(p);
        CHECK_UNCHANGED(scen, was, data, ".scenarios.");
        free(was);
        free(stick3);
    }

    WZ_TEST("an import that would take a playing scenario off the kiosk asks first");
    {
        char *scen2 = wz_path_join(root, "scen2");
        char *cmd = wz_xasprintf("cp -a '%s' '%s'", scen, scen2);
        WZ_CHECK_INT(system(cmd), 0);
        free(cmd);
        /* a story's new version may bring a new picture of its own */
        char *stick5 = wz_path_join(root, "stick5");
        put_good(stick5, "old/old-story.twee", IFID_OLD, "Old Story 2", "images/old.svg");
        put(stick5, "old/images/old.svg", svg8, strlen(svg8));
        wz_import_result res;
        WZ_CHECK_INT(wz_import_run(stick5, scen2, NULL, &res), 0);
        WZ_CHECK_INT(res.swapped, 1);
        WZ_CHECK_INT(res.files[0].status, WZ_IMPORT_REPLACED);
        WZ_CHECK_INT(res.ndropped, 0);
        wz_import_result_free(&res);

        /* the old story's file, now holding another story: the old one would go */
        char *stick4 = wz_path_join(root, "stick4");
        put_good(stick4, "old/old-story.twee", "EEEEEEEE-FFFF-4000-8111-222222222222", "Impostor",
                 NULL);
        char *was = snapshot(scen2);
        WZ_CHECK_INT(wz_import_run(stick4, scen2, NULL, &res), -1);
        WZ_CHECK_INT(res.swapped, 0);
        WZ_CHECK_INT(res.needs_confirm, 1);
        WZ_CHECK_INT(res.ndropped, 1);
        WZ_CHECK_STR(res.ndropped ? res.dropped[0].name : NULL, "old/old-story.twee");
        WZ_CHECK_STR(res.ndropped ? res.dropped[0].title : NULL, "Old Story 2");
        char *text = wz_import_summary(&res, 3);
        WZ_CHECK(strstr(text, "would take 1 scenario that plays now off the kiosk") != NULL);
        WZ_CHECK(strstr(text, "    \"Old Story 2\" (old/old-story.twee)\n") != NULL);
        free(text);
        CHECK_UNCHANGED(scen2, was, root, ".scen2.");
        wz_import_result_free(&res);

        /* the job stops and asks; declined, nothing changes */
        for (int confirm = 0; confirm <= 1; confirm++) {
            wz_import_job *j = wz_import_job_start(stick4, scen2, NULL, NULL, NULL);
            long long t0 = wz_now_ms();
            while (wz_import_job_poll(j) == WZ_IMPORT_JOB_WORKING && wz_now_ms() - t0 < 20000)
                usleep(5000);
            WZ_CHECK_INT(wz_import_job_poll(j), WZ_IMPORT_JOB_CONFIRM);
            const wz_import_result *r = wz_import_job_result(j);
            WZ_CHECK(r && r->ndropped == 1 && r->needs_confirm && !r->swapped);
            text = r ? wz_import_summary(r, 3) : wz_xstrdup("");
            WZ_CHECK(strstr(text, "Nothing has been changed yet") != NULL);
            WZ_CHECK(strstr(text, "to be loaded, replacing the old copy") != NULL);
            free(text);
            WZ_CHECK_INT(count_prefixed(root, ".scen2.import-"), 1);
            int rc = wz_import_job_finish(j, confirm, &res);
            WZ_CHECK_INT(rc, confirm ? 0 : -1);
            WZ_CHECK_INT(res.swapped, confirm);
            if (!confirm) CHECK_UNCHANGED(scen2, was, root, ".scen2.");
            WZ_CHECK_INT(count_prefixed(root, ".scen2."), 0);
            if (confirm) {
                text = wz_import_summary(&res, 3);
                WZ_CHECK(strstr(text, "Taken off the kiosk, as you confirmed") != NULL);
                free(text);
            }
            wz_import_result_free(&res);
        }
        WZ_CHECK(!playable(scen2, IFID_OLD));
        WZ_CHECK(playable(scen2, "EEEEEEEE-FFFF-4000-8111-222222222222"));
        free(was);
        free(stick4);
        free(stick5);
        free(scen2);
    }

    WZ_TEST("a translation (same ifid, another language) is imported beside its original");
    {
        char tdir[] = "/tmp/wz-test-import-lang-XXXXXX"; /* apart from the other tests' */
        WZ_CHECK(mkdtemp(tdir) != NULL);
        char *scen3 = wz_path_join(tdir, "scen3");
        char *stick6 = wz_path_join(tdir, "stick6");
        const char *id = "33333333-4444-4555-8666-777777777777";
        put_good(scen3, "t/story.twee", id, "The Story", NULL);
        put_good(stick6, "t/story.pl.twee", id, "Historia", NULL);
        char *pl = wz_path_join(stick6, "t/story.pl.twee");
        char *text = NULL;
        size_t len = 0;
        WZ_CHECK_INT(wz_read_file(pl, 1u << 20, &text, &len), 0);
        char *lang = text ? strstr(text, "language: en") : NULL;
        WZ_CHECK(lang != NULL);
        if (lang) memcpy(lang, "language: pl", 12);
        put(stick6, "t/story.pl.twee", text, len);
        free(text);
        free(pl);
        wz_import_result res;
        WZ_CHECK_INT(wz_import_run(stick6, scen3, NULL, &res), 0);
        WZ_CHECK_INT(res.swapped, 1);
        WZ_CHECK_INT(res.files[0].status, WZ_IMPORT_ADDED);
        wz_import_result_free(&res);
        wz_library *lib = wz_library_load(scen3, NULL);
        WZ_CHECK_INT(lib->playable, 2);
        WZ_CHECK(wz_library_find_language(lib, id, "pl") !=
                 wz_library_find_language(lib, id, "en"));
        wz_library_free(lib);

        WZ_TEST("... and an import that would take the translation off asks, though the original "
                "stays");
        char *stick7 = wz_path_join(tdir, "stick7");
        put_good(stick7, "t/story.pl.twee", "44444444-5555-4666-8777-888888888888", "Other", NULL);
        WZ_CHECK_INT(wz_import_run(stick7, scen3, NULL, &res), -1);
        WZ_CHECK_INT(res.ndropped, 1);
        WZ_CHECK_STR(res.ndropped ? res.dropped[0].title : NULL, "Historia");
        wz_import_result_free(&res);
        free(stick7);
        free(stick6);
        free(scen3);
        char *rm = wz_xasprintf("rm -rf '%s'", tdir);
        WZ_CHECK_INT(system(rm), 0);
        free(rm);
    }

    WZ_TEST("a link, a pipe or another file swapped in between check and copy: refused at once");
    char *stick6 = wz_path_join(root, "stick6");
    put_good(stick6, "swap/swap.twee", "FFFFFFFF-0000-4111-8222-333333333333", "Swap",
             "images/s.svg");
    {
        char *file = wz_path_join(stick6, "swap/swap.twee");
        char *pic0 = wz_path_join(stick6, "swap/images/s.svg");
        char *pic = realpath(pic0, NULL);
        const char *targets[2] = {file, pic};
        char *was = snapshot(scen);
        /* a link on the stick is never followed, even when it passes the checker */
        put_good(stick6, ".hidden/real.twee", "12345678-0000-4111-8222-333333333333", "Linked",
                 NULL);
        char *link = wz_path_join(stick6, "swap/link.twee");
        WZ_CHECK_INT(symlink("../.hidden/real.twee", link), 0);
        wz_import_result res;
        WZ_CHECK_INT(wz_import_run(stick6, scen, NULL, &res), 0);
        WZ_CHECK_INT(res.count, 2);
        WZ_CHECK_STR(res.count == 2 ? res.files[0].name : NULL, "swap/link.twee");
        WZ_CHECK_INT(res.files[0].status, WZ_IMPORT_REJECTED);
        char *text = wz_import_summary(&res, 3);
        WZ_CHECK(strstr(text, "\"swap/link.twee\" is a link to a file") != NULL);
        free(text);
        WZ_CHECK_INT(res.files[1].status, WZ_IMPORT_ADDED);
        WZ_CHECK(!playable(scen, "12345678-0000-4111-8222-333333333333"));
        wz_import_result_free(&res);
        WZ_CHECK_INT(unlink(link), 0);
        free(link);
        char *cmd = wz_xasprintf("rm -rf '%s/swap'", scen);
        WZ_CHECK_INT(system(cmd), 0);
        free(cmd);
        CHECK_UNCHANGED(scen, was, data, ".scenarios.");
        for (int t = 0; t < 2; t++) {
            for (int kind = SWAP_SYMLINK; kind <= SWAP_OTHER_FILE; kind++) {
                swapper s = {targets[t], kind, 0};
                wz_import_opts o = {.on_copy = swap_copy, .ctx = &s};
                long long t0 = wz_now_ms();
                int rc = wz_import_run(stick6, scen, &o, &res);
                long long took = wz_now_ms() - t0;
                WZ_CHECK(s.fired);
                WZ_CHECK_INT(rc, -1);
                WZ_CHECK(took < 3000);
                WZ_CHECK(res.error && strstr(res.error, "changed after it was checked"));
                WZ_CHECK(res.error &&
                         strstr(res.error, t ? "swap/images/s.svg" : "swap/swap.twee"));
                if (!res.error || !strstr(res.error, "changed after"))
                    fprintf(stderr, "  target %d kind %d: %s\n", t, kind,
                            res.error ? res.error : "(no error)");
                CHECK_UNCHANGED(scen, was, data, ".scenarios.");
                wz_import_result_free(&res);
                unswap(&s);
            }
        }

        /* a picture bomb written over the checked picture (same inode) before it is
         * copied: the copy is checked again with wz-check's rule, and its story left out */
        swapper s = {pic, SWAP_BOMB_IN_PLACE, 0};
        wz_import_opts o = {.on_copy = swap_copy, .ctx = &s};
        int rc = wz_import_run(stick6, scen, &o, &res);
        WZ_CHECK(s.fired);
        WZ_CHECK_INT(rc, -1); /* its only new story was left out */
        WZ_CHECK(res.error && strstr(res.error, "None of the scenario files"));
        WZ_CHECK_INT(res.swapped, 0);
        WZ_CHECK_INT(res.imported, 0);
        text = wz_import_summary(&res, 3);
        WZ_CHECK(strstr(text, "\"swap/images/s.svg\" changed after it was checked and is "
                              "refused now") != NULL);
        if (!strstr(text, "refused now")) fprintf(stderr, "%s\n", text);
        free(text);
        WZ_CHECK(!playable(scen, "FFFFFFFF-0000-4111-8222-333333333333"));
        char *copied = wz_path_join(scen, "swap/images/s.svg");
        WZ_CHECK(access(copied, F_OK) != 0);
        free(copied);
        wz_import_result_free(&res);
        CHECK_UNCHANGED(scen, was, data, ".scenarios.");
        free(was);
        put_good(stick6, "swap/swap.twee", "FFFFFFFF-0000-4111-8222-333333333333", "Swap",
                 "images/s.svg"); /* the good picture back, for the tests below */
        free(file);
        free(pic0);
        free(pic);
    }

    WZ_TEST("a dead stick: a stuck step ends the wait within seconds, a cancel never waits long");
    {
        stuck_prefix = stick6;
        wz_import_opts o = {.stall_ms = 300, .cancel_wait_ms = 300};
        o.on_copy = stuck_copy;
        o.ctx = &stuck_gate;
        char *was = snapshot(scen);
        long long t0 = wz_now_ms();
        wz_import_job *j = wz_import_job_start(stick6, scen, &o, NULL, NULL);
        wait_copying(&stuck_gate);
        while (wz_import_job_poll(j) == WZ_IMPORT_JOB_WORKING && wz_now_ms() - t0 < 10000)
            usleep(10 * 1000);
        WZ_CHECK_INT(wz_import_job_poll(j), WZ_IMPORT_JOB_STUCK);
        WZ_CHECK_INT(wz_import_job_done(j), 1);
        WZ_CHECK(wz_import_job_result(j) == NULL);
        wz_import_result res;
        WZ_CHECK_INT(wz_import_job_finish(j, 1, &res), -1);
        long long took = wz_now_ms() - t0;
        fprintf(stderr, "  a stuck import answered after %lld ms\n", took);
        WZ_CHECK(took < 3000);
        WZ_CHECK(res.error && strstr(res.error, "stopped answering"));
        WZ_CHECK_INT(res.swapped, 0);
        wz_import_result_free(&res);

        pthread_mutex_lock(&stuck_gate.m);
        stuck_gate.copying = 0;
        pthread_mutex_unlock(&stuck_gate.m);
        j = wz_import_job_start(stick6, scen, &o, NULL, NULL);
        wait_copying(&stuck_gate);
        t0 = wz_now_ms();
        wz_import_job_cancel(j);
        took = wz_now_ms() - t0;
        fprintf(stderr, "  cancelling a stuck import took %lld ms\n", took);
        WZ_CHECK(took < 1500);
        /* the stick answers again: the threads left behind clean up after themselves */
        open_gate(&stuck_gate);
        WZ_CHECK(wait_gone(data, ".scenarios.", 5000));
        CHECK_UNCHANGED(scen, was, data, ".scenarios.");
        free(was);
    }

    WZ_TEST("a file name with a line break cannot forge a line of the summary or the log");
    {
        char *stick7 = wz_path_join(root, "stick7\nimport: FAKE all fine");
        put_broken(stick7, "evil\nLoaded 99 scenario files; left out 0.\n.twee", IFID_BAD);
        wz_import_result res;
        wz_log_set_sink(count_log, NULL);
        WZ_CHECK_INT(wz_import_run(stick7, scen, NULL, &res), -1);
        wz_log_set_sink(quiet, NULL);
        WZ_CHECK_INT(log_lines_with_newline, 0);
        WZ_CHECK(log_lines_escaped > 0);
        char *text = wz_import_summary(&res, 3);
        WZ_CHECK(strstr(text, "\nLoaded 99") == NULL);
        WZ_CHECK(strstr(text, "evil\\nLoaded 99 scenario files; left out 0.\\n.twee") != NULL);
        free(text);
        wz_import_result_free(&res);
        free(stick7);
    }
    free(stick6);

    WZ_TEST("errors in words: no stick, an empty stick");
    {
        wz_import_result res;
        WZ_CHECK_INT(wz_import_run("/nonexistent/stick", scen, NULL, &res), -1);
        WZ_CHECK(res.error && strstr(res.error, "could not be read"));
        wz_import_result_free(&res);
        char *empty = wz_path_join(root, "empty");
        mkdir(empty, 0700);
        WZ_CHECK_INT(wz_import_run(empty, scen, NULL, &res), -1);
        WZ_CHECK(res.error && strstr(res.error, "no scenario files"));
        char *text = wz_import_summary(&res, 3);
        WZ_CHECK(strstr(text, "warning-zone") != NULL);
        free(text);
        wz_import_result_free(&res);
        free(empty);
    }

    WZ_TEST("a first import creates the scenarios folder");
    {
        char *fresh = wz_path_join(root, "fresh/scenarios");
        char *parent = wz_path_join(root, "fresh");
        mkdir(parent, 0700);
        wz_import_result res;
        WZ_CHECK_INT(wz_import_run(wzdir, fresh, NULL, &res), 0);
        WZ_CHECK_INT(res.swapped, 1);
        WZ_CHECK(playable(fresh, IFID_GOOD));
        wz_import_result_free(&res);
        free(fresh);
        free(parent);
    }

    WZ_TEST("hot reload: only between visitors, only once the folder is quiet");
    {
        wz_library *lib = wz_library_load(scen, NULL);
        wz_import_watch w;
        long long t = 100000;
        wz_import_watch_init(&w, lib->signature, t);
        wz_library_free(lib);
        WZ_CHECK_INT(wz_import_watch_due(&w, scen, 1, t + 5000), 0); /* nothing changed */
        put_good(scen, "later/later.twee", "CCCCCCCC-DDDD-4EEE-8FFF-000000000000", "Later", NULL);
        t += 10000;
        WZ_CHECK_INT(wz_import_watch_due(&w, scen, 1, t), 0);        /* just seen: let it settle */
        WZ_CHECK_INT(wz_import_watch_due(&w, scen, 0, t + 5000), 0); /* a visitor is playing */
        WZ_CHECK_INT(wz_import_watch_due(&w, scen, 1, t + 5000), 1); /* between visitors */
        lib = wz_library_load(scen, NULL);
        WZ_CHECK(wz_library_find(lib, "CCCCCCCC-DDDD-4EEE-8FFF-000000000000") != NULL);
        wz_import_watch_loaded(&w, lib->signature);
        wz_library_free(lib);
        WZ_CHECK_INT(wz_import_watch_due(&w, scen, 1, t + 20000), 0);
        /* a file still being copied keeps changing: no reload until it stops */
        put(scen, "later/notes.twee", ":: A\n", 5);
        WZ_CHECK_INT(wz_import_watch_due(&w, scen, 1, t + 30000), 0);
        put(scen, "later/notes.twee", ":: A\nmore\n", 10);
        WZ_CHECK_INT(wz_import_watch_due(&w, scen, 1, t + 32000), 0);
        WZ_CHECK_INT(wz_import_watch_due(&w, scen, 1, t + 34000), 0);
        WZ_CHECK_INT(wz_import_watch_due(&w, scen, 1, t + 35000), 1);
        /* a vanished folder is never reloaded into an empty kiosk */
        char *cmd = wz_xasprintf("mv '%s' '%s.gone'", scen, scen);
        WZ_CHECK_INT(system(cmd), 0);
        free(cmd);
        wz_import_watch_loaded(&w, 12345);
        WZ_CHECK_INT(wz_import_watch_due(&w, scen, 1, t + 40000), 0);
        WZ_CHECK_INT(wz_import_watch_due(&w, scen, 1, t + 50000), 0);
    }

    char *cmd = wz_xasprintf("rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
    free(cmd);
    free(before);
    free(media);
    free(data);
    free(scen);
    free(stick);
    free(wzdir);
    free(fixture);
    WZ_TEST_END();
}
