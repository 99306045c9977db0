/*
 * test_export: the round trip to Twine. Twee and Twine archives written by wz_export read
 * back with the same passages (fuzz/fuzz_roundtrip.h says exactly what is compared), for
 * the fixtures, hand-made hard cases (escapes in names and tags, "::" text lines, Twee 2
 * look-alikes, 500-character names, every entity form) and every saved fuzz input; the
 * writers refuse, in plain words, what their format cannot hold.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/fuzz_roundtrip.h"
#include "wz_export.h"
#include "wz_util.h"
#include "wz_test.h"

static int tried;

static void roundtrip_file(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (wz_read_file(path, WZ_MAX_FILE_BYTES, &data, &len) != 0) return;
    int ok = wz_roundtrip(data, len) == 0;
    WZ_CHECK(ok);
    if (!ok) fprintf(stderr, "  %s\n", path);
    tried++;
    free(data);
}

static void roundtrip_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *path = wz_path_join(dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) roundtrip_file(path);
        free(path);
    }
    if (d) closedir(d);
}

static char *twee_of(const char *text, int html)
{
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *sc = wz_scenario_parse("x", text, strlen(text), html, &d);
    wz_buf b;
    wz_buf_init(&b, 0);
    char *err = NULL;
    if (wz_export_twee(sc, &b, &err) != 0) {
        wz_buf_free(&b);
        b.data = err;
    }
    wz_scenario_free(sc);
    wz_diags_free(&d);
    return b.data;
}

int main(void)
{
    WZ_TEST("The fixtures: HTML, Twee and an archive of two stories");
    static const char *const fixtures[] = {"gift.html", "gift.twee", "gift-archive.html",
                                           "twine-quirks.html", "twine-quirks.twee"};
    for (size_t i = 0; i < WZ_ARRAY_LEN(fixtures); i++) {
        char *path = wz_path_join(WZ_TEST_DATA, fixtures[i]);
        roundtrip_file(path);
        free(path);
    }

    WZ_TEST("Hard cases: escapes, '::' lines, Twee 2 look-alikes, long names, entities");
    static const char *const cases[] = {
        ":: \\ lead and trail\\  [a\\]b c\\\\d e\\[f] {\"position\":\"1,2\"}\n::text\n\\::more\n"
        "\\\\::even\n  x\n\n:: name<1,2\\>\nz\n:: {curly\\} [t]\n:: Start\n[[ lead and trail ]]\n",
        "<tw-storydata name=\"S\" startnode=\"2\"><tw-passagedata pid=\"1\" name=\" sp&amp; "
        "[x] {y} \\z&gt;\" tags=\"a[b] c\\d\" position=\"3.5,4\">::a\n\\::b\n&lt;&eacute;&#150;"
        "&#0;\n\n\n</tw-passagedata><tw-passagedata pid=\"2\" name=\"Start\">[[x]]"
        "</tw-passagedata></tw-storydata><tw-storydata name=\"T\"><tw-passagedata pid=\"1\" "
        "name=\"a&lt;1,2&gt;\">q</tw-passagedata></tw-storydata>",
        ":: StoryData\n{\"ifid\":\"0b6e2d43-58c4-4b8e-a0a1-6d1f3e0c9a11\",\"start\":\"S\"}\n"
        ":: S [script]\nwindow.x = 1;\n:: T\n[[S]]\n:: U [stylesheet]\nbody{}\n",
    };
    for (size_t i = 0; i < WZ_ARRAY_LEN(cases); i++)
        WZ_CHECK(wz_roundtrip(cases[i], strlen(cases[i])) == 0);
    {
        wz_buf b;
        wz_buf_init(&b, 0);
        wz_buf_puts(&b, ":: Start\n[[");
        for (int i = 0; i < 500; i++)
            wz_buf_puts(&b, i % 3 ? "\xC3\xA9" : "[");
        wz_buf_puts(&b, "]]\n");
        WZ_CHECK(wz_roundtrip(b.data, b.len) == 0);
        wz_buf_free(&b);
    }

    WZ_TEST("What a format cannot hold is refused in plain words");
    char *t = twee_of("<tw-storydata><tw-passagedata pid=1 name=\"a&#10;b\">x</tw-passagedata>"
                      "</tw-storydata>",
                      1);
    WZ_CHECK(t && strstr(t, "line break in its name"));
    free(t);
    t = twee_of("<tw-storydata><tw-passagedata pid=1 name=StoryData>x</tw-passagedata>"
                "</tw-storydata>",
                1);
    WZ_CHECK(t && strstr(t, "a name Twee keeps for the story's details"));
    free(t);

    WZ_TEST("Every saved fuzz input of the readers survives the round trip");
    static const char *const dirs[] = {"corpus/fuzz_twee", "corpus/fuzz_html", "corpus/fuzz_export",
                                       "regress"};
    int before = tried;
    for (size_t i = 0; i < WZ_ARRAY_LEN(dirs); i++) {
        char *dir = wz_xasprintf("%s/tests/fuzz/%s", WZ_SOURCE_DIR, dirs[i]);
        roundtrip_dir(dir);
        free(dir);
    }
    WZ_CHECK(tried - before > 20);
    WZ_TEST_END();
}
