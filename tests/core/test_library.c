/*
 * test_library: loading a scenario folder the way the kiosk does. A broken file never
 * stops the others and is listed as unplayable with its reasons; duplicate ifids make
 * the later file unplayable; easy-read variants are found; the reload signature changes
 * when a file is added, changed or removed, and not otherwise. Works in a temporary
 * folder it removes afterwards.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_library.h"
#include "wz_test.h"
#include "wz_util.h"

static char root[64];

static void put(const char *rel, const char *text)
{
    char *path = wz_path_join(root, rel);
    FILE *f = fopen(path, "w");
    WZ_CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(path);
}

static char *story(const char *ifid, const char *extra)
{
    return wz_xasprintf(":: StoryTitle\nT %s\n:: StoryData\n{\"ifid\": \"%s\", \"start\": "
                        "\"Start\"}\n:: ScenarioInfo\nsummary: s\naudience: 8-11\n"
                        "topic: general\nminutes: 2\n%s:: Start\n[[End]]\n"
                        ":: End [ending safe]\n* a\n* b\n* c\n:: H [help]\n* x\n",
                        ifid, ifid, extra);
}

#define ID_A "0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11"
#define ID_B "1B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11"
#define ID_E "2B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11"

static const wz_library_entry *entry(const wz_library *lib, const char *suffix)
{
    for (int i = 0; i < lib->count; i++)
        if (wz_str_ends(lib->entries[i].path, suffix)) return &lib->entries[i];
    return NULL;
}

static void rm_tree(const char *dir)
{
    char *cmd = wz_xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
}

int main(void)
{
    snprintf(root, sizeof(root), "/tmp/wz-library-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    char *sub = wz_path_join(root, "group");
    char *deep = wz_path_join(sub, "deeper");
    char *hidden = wz_path_join(root, ".hidden");
    mkdir(sub, 0755);
    mkdir(deep, 0755);
    mkdir(hidden, 0755);

    char *a = story(ID_A, ""), *b = story(ID_B, "");
    char *e = story(ID_E, "easy-read: yes\nvariant-of: " ID_A "\n");
    put("a.twee", a);
    put("group/b.tw", b);
    put("group/easy.twee", e);
    put("z-copy.twee", a); /* same ifid as a.twee */
    put("broken.twee", ":: Start\nno way on\n");
    put("binary.html", "");
    put("notes.txt", "not a scenario");
    put("group/deeper/too-deep.twee", b);
    put(".hidden/h.twee", b);
    {
        /* a NUL byte: not text at all, so it cannot be read */
        char *path = wz_path_join(root, "binary.html");
        FILE *f = fopen(path, "wb");
        fwrite("<html>\0</html>", 1, 14, f);
        fclose(f);
        free(path);
    }

    WZ_TEST("every scenario file one level deep is listed, sorted; others are not");
    wz_diags fd;
    wz_diags_init(&fd);
    wz_library *lib = wz_library_load(root, &fd);
    WZ_CHECK_INT(fd.count, 0);
    WZ_CHECK_INT(lib->count, 6);
    for (int i = 1; i < lib->count; i++)
        WZ_CHECK(strcmp(lib->entries[i - 1].path, lib->entries[i].path) < 0);
    WZ_CHECK(entry(lib, "too-deep.twee") == NULL);
    WZ_CHECK(entry(lib, "h.twee") == NULL);
    WZ_CHECK(entry(lib, "notes.txt") == NULL);

    WZ_TEST("a broken file is listed, unplayable, with its reasons; the others load");
    const wz_library_entry *x = entry(lib, "/broken.twee");
    WZ_CHECK(x && x->sc && !x->playable && x->diags.errors > 0);
    x = entry(lib, "/binary.html");
    WZ_CHECK(x && x->sc == NULL && !x->playable && x->diags.errors == 1);
    x = entry(lib, "/a.twee");
    WZ_CHECK(x && x->playable && x->diags.errors == 0);
    x = entry(lib, "/group/b.tw");
    WZ_CHECK(x && x->playable);

    WZ_TEST("duplicate ifid: the later file is unplayable and told why");
    x = entry(lib, "/z-copy.twee");
    WZ_CHECK(x && !x->playable && x->diags.errors == 1);
    if (x && x->diags.count > 0) WZ_CHECK(strstr(x->diags.items[0].message, "a.twee") != NULL);
    WZ_CHECK_INT(lib->playable, 3);

    WZ_TEST("find by ifid, and the easy-read variant");
    const wz_scenario *main_sc = wz_library_find(lib, ID_A);
    WZ_CHECK(main_sc != NULL && wz_str_ends(main_sc->file, "/a.twee"));
    WZ_CHECK(wz_library_find(lib, "0b6e2d43-58c4-4b8e-a0a1-6d1f3e0c9a11") == main_sc);
    WZ_CHECK(wz_library_find(lib, "FFFFFFFF-58C4-4B8E-A0A1-6D1F3E0C9A11") == NULL);
    const wz_scenario *easy = wz_library_easy_variant(lib, main_sc);
    WZ_CHECK(easy != NULL && wz_str_ends(easy->file, "/easy.twee"));
    WZ_CHECK(wz_library_easy_variant(lib, wz_library_find(lib, ID_B)) == NULL);

    WZ_TEST("the signature is stable, and changes when a file changes, appears or goes");
    long long s0 = wz_library_scan_signature(root);
    WZ_CHECK(s0 != 0);
    WZ_CHECK(s0 == lib->signature);
    WZ_CHECK(wz_library_scan_signature(root) == s0);
    put("notes.txt", "still not a scenario, and not part of the signature");
    WZ_CHECK(wz_library_scan_signature(root) == s0);
    put("group/b.tw", a); /* different size */
    long long s1 = wz_library_scan_signature(root);
    WZ_CHECK(s1 != s0);
    put("new.twee", b);
    long long s2 = wz_library_scan_signature(root);
    WZ_CHECK(s2 != s1);
    char *newp = wz_path_join(root, "new.twee");
    unlink(newp);
    free(newp);
    WZ_CHECK(wz_library_scan_signature(root) == s1);
    wz_library_free(lib);
    wz_diags_free(&fd);

    WZ_TEST("a Twine library archive gives one entry per story, each with its own verdict");
    {
        char *arch = wz_path_join(root, "archive");
        mkdir(arch, 0755);
        char *path = wz_path_join(arch, "all.html");
        FILE *f = fopen(path, "w");
        WZ_CHECK(f != NULL);
        static const char *const ids[] = {ID_A, ID_B, ID_A};
        for (int k = 0; f && k < 3; k++)
            fprintf(f,
                    "<tw-storydata name=\"S%d\" startnode=\"2\" ifid=\"%s\">"
                    "<tw-passagedata pid=\"1\" name=\"ScenarioInfo\">summary: s\n"
                    "audience: 8-11\ntopic: general\nminutes: 2</tw-passagedata>"
                    "<tw-passagedata pid=\"2\" name=\"Start\">[[End]]</tw-passagedata>"
                    "<tw-passagedata pid=\"3\" name=\"End\" tags=\"ending safe\">* a\n* b\n"
                    "* c</tw-passagedata><tw-passagedata pid=\"4\" name=\"H\" tags=\"help\">"
                    "* x</tw-passagedata></tw-storydata>\n\n",
                    k + 1, ids[k]);
        if (f) fclose(f);
        wz_diags_init(&fd);
        lib = wz_library_load(arch, &fd);
        WZ_CHECK_INT(lib->count, 3);
        WZ_CHECK_INT(lib->playable, 2); /* the third repeats the first one's ifid */
        for (int k = 0; k < lib->count && k < 3; k++) {
            const wz_library_entry *en = &lib->entries[k];
            WZ_CHECK_STR(en->path, path);
            WZ_CHECK_INT(en->sc->story, k);
            WZ_CHECK_INT(en->sc->story_line, 1 + 7 * k); /* each story is 7 lines */
            WZ_CHECK_INT(en->playable, k < 2);
        }
        WZ_CHECK(lib->count == 3 && lib->entries[2].diags.count == 1 &&
                 lib->entries[2].diags.items[0].line == 15 &&
                 strstr(lib->entries[2].diags.items[0].message, "(story 1 of 3, \"S1\")"));
        WZ_CHECK(wz_library_find(lib, ID_B) == lib->entries[1].sc);
        wz_library_free(lib);
        wz_diags_free(&fd);
        free(path);
        free(arch);
    }

    WZ_TEST("a missing folder gives an empty library and a diagnostic, never NULL");
    wz_diags_init(&fd);
    char *missing = wz_path_join(root, "no-such-folder");
    lib = wz_library_load(missing, &fd);
    WZ_CHECK(lib != NULL && lib->count == 0 && lib->playable == 0);
    WZ_CHECK_INT(fd.errors, 1);
    WZ_CHECK(wz_library_scan_signature(missing) == 0);
    wz_library_free(lib);
    wz_library_free(NULL);
    wz_diags_free(&fd);
    free(missing);

    WZ_TEST("an empty folder: a warning, nothing to play");
    wz_diags_init(&fd);
    lib = wz_library_load(hidden, &fd); /* h.twee is there but hidden folders... */
    WZ_CHECK_INT(lib->count, 1);        /* ...are only skipped below the root */
    wz_library_free(lib);
    wz_diags_free(&fd);
    wz_diags_init(&fd);
    lib = wz_library_load(deep, &fd);
    WZ_CHECK_INT(lib->count, 1);
    wz_library_free(lib);
    wz_diags_free(&fd);
    char *empty = wz_path_join(root, "empty");
    mkdir(empty, 0755);
    wz_diags_init(&fd);
    lib = wz_library_load(empty, &fd);
    WZ_CHECK(lib->count == 0 && fd.warnings == 1);
    wz_library_free(lib);
    wz_diags_free(&fd);
    free(empty);

    rm_tree(root);
    free(a);
    free(b);
    free(e);
    free(sub);
    free(deep);
    free(hidden);
    WZ_TEST_END();
}
