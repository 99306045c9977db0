/*
 * Tests of the scenario model's basic functions (wz_scenario.c) and of loading a Twee file
 * through the front door: building and freeing, look-ups, role/class/audience names, the
 * text checks done before any reader runs (binary data, invalid UTF-8), choosing the
 * reader by extension, file errors, and the end-to-end promise that a Twee file and the
 * same story published from Twine load to the same interpreted scenario.
 * (The Twee syntax itself is covered rule by rule in test_twee_conformance.c.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wz_scenario.h"
#include "wz_util.h"
#include "wz_test.h"

static wz_diags diags;

static void reset(void)
{
    wz_diags_free(&diags);
    wz_diags_init(&diags);
}

static int has_diag(wz_severity sev, int line, int col, const char *part)
{
    for (int i = 0; i < diags.count; i++) {
        const wz_diag *d = &diags.items[i];
        if (d->severity == sev && (!line || d->line == line) && (!col || d->column == col) &&
            strstr(d->message, part))
            return 1;
    }
    return 0;
}

static wz_scenario *parse(const char *text, size_t n)
{
    reset();
    char *copy = wz_xmalloc(n ? n : 1);
    memcpy(copy, text, n);
    wz_scenario *sc = wz_scenario_parse("dir/t.twee", copy, n, 0, &diags);
    free(copy);
    return sc;
}

int main(void)
{
    wz_diags_init(&diags);
    wz_scenario *sc;

    WZ_TEST("Building: new, add_passage (copies), add_tag, find, has_tag, free");
    sc = wz_scenario_new("some/where/x.twee");
    WZ_CHECK_STR(sc->file, "some/where/x.twee");
    WZ_CHECK_STR(sc->dir, "some/where");
    WZ_CHECK_INT(sc->start_index, -1);
    WZ_CHECK_INT(sc->help_index, -1);
    {
        char name[32];
        for (int i = 0; i < 100; i++) {
            snprintf(name, sizeof name, "P%d", i);
            wz_passage *p = wz_scenario_add_passage(sc, name, "text", i + 1, i + 2);
            for (int t = 0; t < i % 7; t++)
                wz_passage_add_tag(p, t % 2 ? "odd" : "even");
        }
        WZ_CHECK_INT(sc->npassages, 100);
        WZ_CHECK_INT(wz_scenario_find(sc, "P0"), 0);
        WZ_CHECK_INT(wz_scenario_find(sc, "P99"), 99);
        WZ_CHECK_INT(wz_scenario_find(sc, "P100"), -1);
        WZ_CHECK_INT(wz_scenario_find(sc, ""), -1);
        WZ_CHECK_INT(wz_scenario_find(sc, NULL), -1);
        WZ_CHECK_INT(sc->passages[42].pid, 43);
        WZ_CHECK_INT(sc->passages[42].line, 43);
        WZ_CHECK_INT(sc->passages[42].text_line, 44);
        WZ_CHECK_INT(sc->passages[6].ntags, 6);
        WZ_CHECK(wz_passage_has_tag(&sc->passages[6], "odd"));
        WZ_CHECK(!wz_passage_has_tag(&sc->passages[1], "odd"));
        WZ_CHECK(!wz_passage_has_tag(&sc->passages[0], "even"));
        WZ_CHECK(!wz_passage_has_tag(NULL, "even"));
        WZ_CHECK_INT(sc->passages[5].role, WZ_ROLE_NARRATION);
        WZ_CHECK_INT(sc->passages[5].cls, WZ_CLASS_NONE);
    }
    wz_scenario_free(sc);
    wz_scenario_free(NULL);
    sc = wz_scenario_new(NULL);
    WZ_CHECK(sc->file != NULL);
    wz_scenario_free(sc);

    WZ_TEST("Names: roles, classes, audiences (and parsing audiences back)");
    WZ_CHECK_STR(wz_role_name(WZ_ROLE_NARRATION), "narration");
    WZ_CHECK_STR(wz_role_name(WZ_ROLE_CHAT), "chat");
    WZ_CHECK_STR(wz_role_name(WZ_ROLE_SPOT), "spot");
    WZ_CHECK_STR(wz_role_name(WZ_ROLE_FEEDBACK), "feedback");
    WZ_CHECK_STR(wz_role_name(WZ_ROLE_ENDING), "ending");
    WZ_CHECK_STR(wz_role_name(WZ_ROLE_HELP), "help");
    WZ_CHECK_STR(wz_role_name(WZ_ROLE_SPECIAL), "special");
    WZ_CHECK_STR(wz_class_name(WZ_CLASS_NONE), "none");
    WZ_CHECK_STR(wz_class_name(WZ_CLASS_SAFE), "safe");
    WZ_CHECK_STR(wz_class_name(WZ_CLASS_RISKY), "risky");
    WZ_CHECK_STR(wz_class_name(WZ_CLASS_MIXED), "mixed");
    WZ_CHECK_STR(wz_class_name(WZ_CLASS_NEUTRAL), "neutral");
    WZ_CHECK_STR(wz_audience_name(WZ_AUD_8_11), "8-11");
    WZ_CHECK_STR(wz_audience_name(WZ_AUD_12_15), "12-15");
    WZ_CHECK_STR(wz_audience_name(WZ_AUD_16_PLUS), "16+");
    WZ_CHECK_STR(wz_audience_name(WZ_AUD_PARENTS), "parents");
    WZ_CHECK(wz_audience_name(WZ_AUD_ALL) == NULL);
    WZ_CHECK(wz_audience_name(0) == NULL);
    WZ_CHECK_INT(wz_audience_parse("8-11"), WZ_AUD_8_11);
    WZ_CHECK_INT(wz_audience_parse(" 12-15 "), WZ_AUD_12_15);
    WZ_CHECK_INT(wz_audience_parse("16+"), WZ_AUD_16_PLUS);
    WZ_CHECK_INT(wz_audience_parse("Parents"), WZ_AUD_PARENTS);
    WZ_CHECK_INT(wz_audience_parse("adults"), 0);
    WZ_CHECK_INT(wz_audience_parse(""), 0);
    WZ_CHECK_INT(wz_audience_parse(NULL), 0);
    for (unsigned bit = 1; bit < WZ_AUD_ALL; bit <<= 1)
        WZ_CHECK_INT(wz_audience_parse(wz_audience_name(bit)), bit);

    WZ_TEST("Text check: invalid UTF-8 is an error at the first bad byte (line:col in "
            "characters), and the rest is still read");
    {
        const char bad[] = ":: Caf\xC3\xA9\n\xC3\xA9t\xE9 \xFF\n:: B\n";
        sc = parse(bad, sizeof bad - 1);
        WZ_CHECK(has_diag(WZ_ERROR, 2, 3, "not valid UTF-8"));
        WZ_CHECK_INT(sc->npassages, 2);
        WZ_CHECK_STR(sc->passages[0].text, "\xC3\xA9t\xEF\xBF\xBD \xEF\xBF\xBD");
        WZ_CHECK_STR(sc->passages[1].name, "B");
        wz_scenario_free(sc);
        /* overlong encodings and surrogates are invalid too */
        sc = parse(":: A\n\xC0\xAF", 7);
        WZ_CHECK(has_diag(WZ_ERROR, 2, 1, "not valid UTF-8"));
        wz_scenario_free(sc);
        sc = parse(":: A\nok \xED\xA0\x80", 11);
        WZ_CHECK(has_diag(WZ_ERROR, 2, 4, "not valid UTF-8"));
        wz_scenario_free(sc);
    }

    WZ_TEST("Text check: a NUL byte means binary data, not a scenario (NULL and an error)");
    sc = parse(":: A\nx\0y", 9);
    WZ_CHECK(sc == NULL);
    WZ_CHECK(has_diag(WZ_ERROR, 2, 2, "binary"));

    WZ_TEST("Text check: a UTF-16 file (Windows \"Unicode\") is named as such, not read");
    sc = parse("\xFF\xFE:\0:\0 \0A\0", 10);
    WZ_CHECK(sc == NULL);
    WZ_CHECK(has_diag(WZ_ERROR, 1, 1, "UTF-16"));
    sc = parse("\xFE\xFF\0:\0:", 6);
    WZ_CHECK(sc == NULL);
    WZ_CHECK(has_diag(WZ_ERROR, 1, 1, "UTF-16"));

    WZ_TEST("Parse: reader, conventions and validation in one call; sc->dir from the name");
    sc = parse(":: Start\nHello\n", 15);
    WZ_CHECK(sc != NULL);
    WZ_CHECK_STR(sc->dir, "dir");
    WZ_CHECK_INT(sc->start_index, 0);
    wz_scenario_free(sc);
    reset();
    sc = wz_scenario_parse(NULL, NULL, 0, 1, &diags);
    WZ_CHECK(sc != NULL);
    WZ_CHECK(has_diag(WZ_ERROR, 1, 1, "empty"));
    wz_scenario_free(sc);

    WZ_TEST("Load: the reader is chosen by extension; a folder is the file's folder");
    {
        char *twee_path = wz_path_join(WZ_TEST_DATA, "gift.twee");
        char *html_path = wz_path_join(WZ_TEST_DATA, "gift.html");
        wz_diags d2;
        wz_diags_init(&d2);
        reset();
        wz_scenario *a = wz_scenario_load(twee_path, &diags);
        wz_scenario *b = wz_scenario_load(html_path, &d2);
        WZ_CHECK(a && b);
        if (a && b) {
            WZ_CHECK(!a->from_html);
            WZ_CHECK(b->from_html);
            WZ_CHECK_STR(a->dir, WZ_TEST_DATA);
            WZ_CHECK_STR(b->dir, WZ_TEST_DATA);
            WZ_CHECK_STR(a->title, "The Gift in the Game");

            WZ_TEST("Same story as Twee and as HTML: the same interpreted scenario (roles, "
                    "classes, choices, parts) and the same number of problems");
            WZ_CHECK_STR(a->ifid, b->ifid);
            WZ_CHECK_STR(a->start, b->start);
            WZ_CHECK_INT(a->start_index, b->start_index);
            WZ_CHECK_INT(a->help_index, b->help_index);
            WZ_CHECK_INT(a->audiences, b->audiences);
            WZ_CHECK_INT(a->ncharacters, b->ncharacters);
            WZ_CHECK_INT(a->npassages, b->npassages);
            for (int i = 0; i < a->npassages && i < b->npassages; i++) {
                const wz_passage *p = &a->passages[i], *q = &b->passages[i];
                WZ_CHECK_STR(p->name, q->name);
                WZ_CHECK_STR(p->text, q->text);
                WZ_CHECK_INT(p->role, q->role);
                WZ_CHECK_INT(p->cls, q->cls);
                WZ_CHECK_INT(p->nparts, q->nparts);
                WZ_CHECK_INT(p->nchoices, q->nchoices);
                for (int c = 0; c < p->nchoices && c < q->nchoices; c++) {
                    WZ_CHECK_STR(p->choices[c].target, q->choices[c].target);
                    WZ_CHECK_STR(p->choices[c].label, q->choices[c].label);
                    WZ_CHECK_INT(p->choices[c].target_index, q->choices[c].target_index);
                }
            }
            WZ_CHECK_INT(diags.errors, d2.errors);
            WZ_CHECK_INT(diags.warnings, d2.warnings);
            if (diags.errors || d2.errors) {
                wz_diags_print(&diags, stderr);
                wz_diags_print(&d2, stderr);
            }
        }
        wz_scenario_free(a);
        wz_scenario_free(b);
        wz_diags_free(&d2);
        free(twee_path);
        free(html_path);
    }

    WZ_TEST("Load: missing file, unknown extension, too big: NULL and an error saying why");
    reset();
    WZ_CHECK(wz_scenario_load("/nonexistent/nowhere.twee", &diags) == NULL);
    WZ_CHECK(has_diag(WZ_ERROR, 0, 0, "cannot read"));
    reset();
    WZ_CHECK(wz_scenario_load("/nonexistent/notes.txt", &diags) == NULL);
    WZ_CHECK(has_diag(WZ_ERROR, 0, 0, ".twee, .tw, .html or .htm"));
    {
        char path[] = "/tmp/wz_test_twee_XXXXXX";
        int fd = mkstemp(path);
        WZ_CHECK(fd >= 0);
        char *big_path = wz_xasprintf("%s.tw", path);
        FILE *f = fopen(big_path, "wb");
        WZ_CHECK(f != NULL);
        if (f) {
            fputs(":: Start\n", f);
            for (unsigned i = 0; i <= WZ_MAX_FILE_BYTES / 64; i++)
                fputs("0123456789012345678901234567890123456789012345678901234567890123", f);
            fclose(f);
        }
        reset();
        WZ_CHECK(wz_scenario_load(big_path, &diags) == NULL);
        WZ_CHECK(has_diag(WZ_ERROR, 0, 0, "larger than 4 MB"));
        /* An empty file is readable: a scenario with an error, not NULL. */
        f = fopen(big_path, "wb");
        if (f) fclose(f);
        reset();
        sc = wz_scenario_load(big_path, &diags);
        WZ_CHECK(sc != NULL);
        WZ_CHECK(has_diag(WZ_ERROR, 1, 1, "empty"));
        wz_scenario_free(sc);
        unlink(big_path);
        free(big_path);
        /* The extension is matched in any case. */
        char *mixed = wz_xasprintf("%s.HtMl", path);
        const char page[] = "<tw-storydata name=M><tw-passagedata pid=1 name=Start>Hi"
                            "</tw-passagedata></tw-storydata>";
        WZ_CHECK_INT(wz_write_file_atomic(mixed, page, sizeof page - 1), 0);
        reset();
        sc = wz_scenario_load(mixed, &diags);
        WZ_CHECK(sc != NULL && sc->from_html && sc->npassages == 1);
        wz_scenario_free(sc);
        unlink(mixed);
        free(mixed);
        if (fd >= 0) {
            close(fd);
            unlink(path);
        }
    }

    wz_diags_free(&diags);
    WZ_TEST_END();
}
