/*
 * Conformance of the Twee reader with the Twee 3 specification
 * (iftechfoundation/twine-specs, twee-3-specification.md), rule by rule, then with the
 * quirks of the Twee that Twine 2.6+ exports (klembot/twinejs src/util/twee.ts), then
 * with the limits and messages our authors rely on.
 *
 * Each WZ_TEST names the section and rule it covers ("§Passage Header: ..."), so a
 * failure says which promise broke. Only wz_twee_read is exercised here: no conventions,
 * no validation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_scenario.h"
#include "wz_util.h"
#include "wz_test.h"

static wz_diags diags;

static wz_scenario *twee(const char *text)
{
    wz_diags_free(&diags);
    wz_diags_init(&diags);
    /* An exact-size copy without a NUL after it: the reader must not need one. */
    size_t n = strlen(text);
    char *copy = wz_xmalloc(n ? n : 1);
    memcpy(copy, text, n);
    wz_scenario *sc = wz_twee_read("t.twee", copy, n, &diags);
    free(copy);
    return sc;
}

/* Is there a diagnostic of this severity at line:col (0 = any) whose message contains
 * `part`? */
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

static void dump_diags(void)
{
    wz_diags_print(&diags, stderr);
}

int main(void)
{
    wz_scenario *sc;
    wz_diags_init(&diags);

    WZ_TEST("§Twee Notation: a file is composed of one or more passages (header + content)");
    sc = twee(":: One\nfirst\n:: Two\nsecond\n");
    WZ_CHECK_INT(sc->npassages, 2);
    WZ_CHECK_STR(sc->passages[0].name, "One");
    WZ_CHECK_STR(sc->passages[0].text, "first");
    WZ_CHECK_STR(sc->passages[1].name, "Two");
    WZ_CHECK_STR(sc->passages[1].text, "second");
    WZ_CHECK_INT(sc->passages[0].pid, 1);
    WZ_CHECK_INT(sc->passages[1].pid, 2);
    WZ_CHECK_INT(diags.count, 0);
    WZ_CHECK(!sc->from_html);
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header 1: the start token '::' must begin the line");
    sc = twee(":: A\n  :: not a header\n\t::nor this\n");
    WZ_CHECK_INT(sc->npassages, 1);
    WZ_CHECK_STR(sc->passages[0].text, "  :: not a header\n\t::nor this");
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header: each header must be a single line");
    sc = twee(":: A [t]\n[u]\n");
    WZ_CHECK_INT(sc->passages[0].ntags, 1);
    WZ_CHECK_STR(sc->passages[0].text, "[u]");
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header 2: the passage name is required");
    sc = twee("::\nlost text\n::    [tag]\nmore\n:: Kept\nok\n");
    WZ_CHECK_INT(sc->npassages, 1);
    WZ_CHECK_STR(sc->passages[0].name, "Kept");
    WZ_CHECK(has_diag(WZ_ERROR, 1, 3, "no name"));
    WZ_CHECK(has_diag(WZ_ERROR, 3, 7, "no name"));
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header 3: an optional tag block directly follows the name");
    sc = twee(":: An overgrown path [forest spooky]\n");
    WZ_CHECK_STR(sc->passages[0].name, "An overgrown path");
    WZ_CHECK_INT(sc->passages[0].ntags, 2);
    WZ_CHECK_STR(sc->passages[0].tags[0], "forest");
    WZ_CHECK_STR(sc->passages[0].tags[1], "spooky");
    WZ_CHECK(sc->passages[0].position == NULL);
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header 4: an optional metadata block follows the name when there are "
            "no tags");
    sc = twee(":: An overgrown path {\"position\":\"600,400\",\"size\":\"100,200\"}\n");
    WZ_CHECK_STR(sc->passages[0].name, "An overgrown path");
    WZ_CHECK_INT(sc->passages[0].ntags, 0);
    WZ_CHECK_STR(sc->passages[0].position, "600,400");
    WZ_CHECK_STR(sc->passages[0].size, "100,200");
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header 4: the metadata block directly follows the tag block");
    sc = twee(":: An overgrown path [forest spooky] {\"position\":\"600,400\",\"size\":\"100,"
              "200\"}\n");
    WZ_CHECK_STR(sc->passages[0].name, "An overgrown path");
    WZ_CHECK_INT(sc->passages[0].ntags, 2);
    WZ_CHECK_STR(sc->passages[0].position, "600,400");
    WZ_CHECK_STR(sc->passages[0].size, "100,200");
    WZ_CHECK_INT(diags.count, 0);
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header NOTE: each component after '::' may be preceded by one or more "
            "spaces (or none)");
    sc = twee("::A[x]{\"position\":\"1,2\"}\n::    B    [y]    {\"size\":\"3,4\"}   \n");
    WZ_CHECK_INT(sc->npassages, 2);
    WZ_CHECK_STR(sc->passages[0].name, "A");
    WZ_CHECK_STR(sc->passages[0].tags[0], "x");
    WZ_CHECK_STR(sc->passages[0].position, "1,2");
    WZ_CHECK_STR(sc->passages[1].name, "B");
    WZ_CHECK_STR(sc->passages[1].tags[0], "y");
    WZ_CHECK_STR(sc->passages[1].size, "3,4");
    WZ_CHECK_INT(diags.count, 0);
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header escaping: '[', ']', '{', '}' in a name are escaped with '\\'");
    sc = twee(":: Level \\[1\\] \\{bonus\\} [t]\n");
    WZ_CHECK_STR(sc->passages[0].name, "Level [1] {bonus}");
    WZ_CHECK_INT(sc->passages[0].ntags, 1);
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header escaping (encoding): a literal backslash is written '\\\\'");
    sc = twee(":: foo\\\\bar\n");
    WZ_CHECK_STR(sc->passages[0].name, "foo\\bar");
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header escaping (decoding): any escaped character yields itself (\\q is "
            "q)");
    sc = twee(":: \\q\\u\\i\\e\\t [\\t\\a\\g]\n");
    WZ_CHECK_STR(sc->passages[0].name, "quiet");
    WZ_CHECK_STR(sc->passages[0].tags[0], "tag");
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header escaping: tag names escape the metacharacters too");
    sc = twee(":: A [a\\]b c\\[d e\\\\f]\n");
    WZ_CHECK_INT(sc->passages[0].ntags, 3);
    WZ_CHECK_STR(sc->passages[0].tags[0], "a]b");
    WZ_CHECK_STR(sc->passages[0].tags[1], "c[d");
    WZ_CHECK_STR(sc->passages[0].tags[2], "e\\f");
    WZ_CHECK_INT(diags.count, 0);
    wz_scenario_free(sc);

    WZ_TEST("§Passage Name: names should not contain '[', ']' or '|' (warning)");
    sc = twee(":: Yes|No\n:: Fine\n");
    WZ_CHECK_INT(sc->npassages, 2);
    WZ_CHECK(has_diag(WZ_WARNING, 1, 4, "'|'"));
    WZ_CHECK_INT(diags.count, 1);
    wz_scenario_free(sc);

    WZ_TEST("§Passage Header escaping: an unescaped ']' in a name is read but warned about");
    sc = twee(":: Odd] name\n");
    WZ_CHECK_STR(sc->passages[0].name, "Odd] name");
    WZ_CHECK(has_diag(WZ_WARNING, 1, 7, "'\\]'"));
    wz_scenario_free(sc);

    WZ_TEST("§Tag Block: a space separated list between '[' and ']' (runs of spaces, tabs)");
    sc = twee(":: A [  one   two\tthree ]\n:: B []\n");
    WZ_CHECK_INT(sc->passages[0].ntags, 3);
    WZ_CHECK_STR(sc->passages[0].tags[0], "one");
    WZ_CHECK_STR(sc->passages[0].tags[1], "two");
    WZ_CHECK_STR(sc->passages[0].tags[2], "three");
    WZ_CHECK_INT(sc->passages[1].ntags, 0);
    WZ_CHECK_INT(diags.count, 0);
    wz_scenario_free(sc);

    WZ_TEST("§Metadata Block: position and size are strings; other properties are ignored");
    sc = twee(":: A {\"position\":\"600,400\",\"size\":\"100,200\",\"other\":[1,2]}\n");
    WZ_CHECK_STR(sc->passages[0].position, "600,400");
    WZ_CHECK_STR(sc->passages[0].size, "100,200");
    WZ_CHECK_INT(diags.count, 0);
    wz_scenario_free(sc);

    WZ_TEST("§Metadata Block COMPILERS: a decoding error gives a warning, the metadata is "
            "discarded and the passage is kept");
    sc = twee(":: A [t] {\"position\":600,400}\ntext\n:: B {nope}\n:: C {\"size\":7}\n");
    WZ_CHECK_INT(sc->npassages, 3);
    WZ_CHECK_STR(sc->passages[0].name, "A");
    WZ_CHECK_INT(sc->passages[0].ntags, 1);
    WZ_CHECK_STR(sc->passages[0].text, "text");
    WZ_CHECK(sc->passages[0].position == NULL);
    WZ_CHECK(has_diag(WZ_WARNING, 1, 0, "not valid JSON"));
    WZ_CHECK_STR(sc->passages[1].name, "B");
    WZ_CHECK(has_diag(WZ_WARNING, 3, 0, "not valid JSON"));
    WZ_CHECK(sc->passages[2].size == NULL);
    WZ_CHECK(has_diag(WZ_WARNING, 4, 0, "\"size\""));
    WZ_CHECK_INT(diags.errors, 0);
    wz_scenario_free(sc);

    WZ_TEST("§Passage Content: begins on the line after the header, runs to the next header or "
            "the end of the file");
    sc = twee(":: A\nline 1\n\nline 3\n:: B\nlast line without newline");
    WZ_CHECK_STR(sc->passages[0].text, "line 1\n\nline 3");
    WZ_CHECK_STR(sc->passages[1].text, "last line without newline");
    WZ_CHECK_INT(sc->passages[0].line, 1);
    WZ_CHECK_INT(sc->passages[0].text_line, 2);
    WZ_CHECK_INT(sc->passages[1].line, 5);
    WZ_CHECK_INT(sc->passages[1].text_line, 6);
    wz_scenario_free(sc);

    WZ_TEST("§Passage Content COMPILERS: trailing blank lines must be ignored (leading ones are "
            "content)");
    sc = twee(":: A\n\n  indented\ntext  \n\n   \n\t\n\n:: B\n\n\n");
    WZ_CHECK_STR(sc->passages[0].text, "\n  indented\ntext  ");
    WZ_CHECK_STR(sc->passages[1].text, "");
    wz_scenario_free(sc);

    WZ_TEST("§StoryTitle: the project's name; not a passage of the story");
    sc = twee(":: StoryTitle\n  The Gift in the Game  \n\n:: A\n");
    WZ_CHECK_STR(sc->title, "The Gift in the Game");
    WZ_CHECK_INT(sc->npassages, 1);
    WZ_CHECK_INT(wz_scenario_find(sc, "StoryTitle"), -1);
    WZ_CHECK_INT(sc->passages[0].pid, 1);
    wz_scenario_free(sc);

    WZ_TEST("§StoryData: ifid, format, format-version, start, tag-colors and zoom (the "
            "specification's example)");
    sc = twee(":: StoryData\n{\n\t\"ifid\": \"D674C58C-DEFA-4F70-B7A2-27742230C0FC\",\n"
              "\t\"format\": \"SugarCube\",\n\t\"format-version\": \"2.28.2\",\n"
              "\t\"start\": \"My Starting Passage\",\n\t\"tag-colors\": {\n"
              "\t\t\"bar\": \"green\",\n\t\t\"foo\": \"red\",\n\t\t\"qaz\": \"blue\"\n\t},\n"
              "\t\"zoom\": 0.25\n}\n\n:: My Starting Passage\nHello\n");
    WZ_CHECK_STR(sc->ifid, "D674C58C-DEFA-4F70-B7A2-27742230C0FC");
    WZ_CHECK_STR(sc->format, "SugarCube");
    WZ_CHECK_STR(sc->format_version, "2.28.2");
    WZ_CHECK_STR(sc->start, "My Starting Passage");
    WZ_CHECK_INT(sc->start_index, 0);
    WZ_CHECK_INT(sc->npassages, 1);
    WZ_CHECK_INT(diags.count, 0);
    if (diags.count) dump_diags();
    wz_scenario_free(sc);

    WZ_TEST("§StoryData ifid: IFIDs use capital letters and compilers must follow suit");
    sc = twee(":: StoryData\n{\"ifid\": \"d674c58c-defa-4f70-b7a2-27742230c0fc\"}\n:: Start\n");
    WZ_CHECK_STR(sc->ifid, "D674C58C-DEFA-4F70-B7A2-27742230C0FC");
    wz_scenario_free(sc);

    WZ_TEST("§StoryData COMPILERS: a decoding error gives a warning (where the JSON broke), is "
            "discarded, and the file is still read");
    sc = twee(":: StoryData\n{\n  \"ifid\": \"D674C58C-DEFA-4F70-B7A2-27742230C0FC\"\n"
              "  \"start\": \"B\"\n}\n:: A\n:: B\n");
    WZ_CHECK(sc->ifid == NULL);
    WZ_CHECK_STR(sc->start, "Start");
    WZ_CHECK_INT(sc->start_index, -1);
    WZ_CHECK_INT(sc->npassages, 2);
    WZ_CHECK(has_diag(WZ_WARNING, 4, 3, "StoryData is not a valid JSON object"));
    WZ_CHECK_INT(diags.errors, 0);
    if (!has_diag(WZ_WARNING, 4, 3, "StoryData")) dump_diags();
    wz_scenario_free(sc);

    WZ_TEST("§StoryData: properties of the wrong type are warned about and ignored");
    sc = twee(":: StoryData\n{\"ifid\": 7, \"start\": [\"A\"], \"tag-colors\": {\"a\": 1}, "
              "\"zoom\": \"big\", \"format\": \"Harlowe\"}\n:: A\n");
    WZ_CHECK(sc->ifid == NULL);
    WZ_CHECK_STR(sc->start, "Start");
    WZ_CHECK_STR(sc->format, "Harlowe");
    WZ_CHECK(has_diag(WZ_WARNING, 1, 0, "\"ifid\""));
    WZ_CHECK(has_diag(WZ_WARNING, 1, 0, "\"start\""));
    WZ_CHECK(has_diag(WZ_WARNING, 1, 0, "tag \"a\""));
    WZ_CHECK(has_diag(WZ_WARNING, 1, 0, "\"zoom\""));
    WZ_CHECK_INT(diags.errors, 0);
    wz_scenario_free(sc);

    WZ_TEST("§StoryData: a JSON value that is not an object is a decoding error");
    sc = twee(":: StoryData\n[\"ifid\"]\n:: A\n");
    WZ_CHECK(has_diag(WZ_WARNING, 0, 0, "StoryData is not a valid JSON object"));
    wz_scenario_free(sc);

    WZ_TEST("§Start: the default starting passage is the one called Start");
    sc = twee(":: Intro\n:: Start\n");
    WZ_CHECK_STR(sc->start, "Start");
    WZ_CHECK_INT(sc->start_index, 1);
    wz_scenario_free(sc);

    WZ_TEST("§Start: the story metadata overrides the default");
    sc = twee(":: StoryData\n{\"ifid\":\"D674C58C-DEFA-4F70-B7A2-27742230C0FC\",\"start\":"
              "\"Intro\"}\n:: Start\n:: Intro\n");
    WZ_CHECK_STR(sc->start, "Intro");
    WZ_CHECK_INT(sc->start_index, 1);
    wz_scenario_free(sc);

    WZ_TEST("§Special Tags: passages tagged script and stylesheet are read like any other");
    sc = twee(":: StoryScript [script]\nwindow.x = 1;\n:: StoryStylesheet [stylesheet]\nbody {}\n");
    WZ_CHECK_INT(sc->npassages, 2);
    WZ_CHECK(wz_passage_has_tag(&sc->passages[0], "script"));
    WZ_CHECK_STR(sc->passages[1].text, "body {}");
    wz_scenario_free(sc);

    WZ_TEST("§Passage Name: names should be unique; a repeat is an error that names the first");
    sc = twee(":: Same\none\n:: Other\n:: Same\ntwo\n");
    WZ_CHECK_INT(sc->npassages, 2);
    WZ_CHECK_STR(sc->passages[0].text, "one");
    WZ_CHECK(has_diag(WZ_ERROR, 4, 0, "already a passage called \"Same\" (line 1)"));
    WZ_CHECK_INT(sc->passages[1].pid, 2);
    wz_scenario_free(sc);

    WZ_TEST("§StoryTitle/§StoryData: a second StoryTitle or StoryData is an error");
    sc = twee(":: StoryTitle\nOne\n:: StoryTitle\nTwo\n:: A\n");
    WZ_CHECK_STR(sc->title, "One");
    WZ_CHECK(has_diag(WZ_ERROR, 3, 4, "already a StoryTitle passage (line 1)"));
    wz_scenario_free(sc);

    WZ_TEST("§Processing Different Versions of Twee: Twee 2's <x,y> position block is read");
    sc = twee(":: A [t] <600,400>\n:: B <10, 20>\n:: C <x> y\n:: D <1,2> [t]\n");
    WZ_CHECK_INT(sc->npassages, 4);
    WZ_CHECK_STR(sc->passages[0].position, "600,400");
    WZ_CHECK_INT(sc->passages[0].ntags, 1);
    WZ_CHECK_STR(sc->passages[1].name, "B");
    WZ_CHECK_STR(sc->passages[1].position, "10,20");
    WZ_CHECK_STR(sc->passages[2].name, "C <x> y"); /* not a position: part of the name */
    WZ_CHECK(sc->passages[2].position == NULL);
    WZ_CHECK_STR(sc->passages[3].name, "D"); /* before the tags too, leniently */
    WZ_CHECK_STR(sc->passages[3].position, "1,2");
    WZ_CHECK_INT(diags.count, 0);
    wz_scenario_free(sc);

    WZ_TEST("§Tag Block: tags must not contain spaces (an escaped space gives a warning)");
    sc = twee(":: A [one\\ two three]\n");
    WZ_CHECK_INT(sc->passages[0].ntags, 2);
    WZ_CHECK_STR(sc->passages[0].tags[0], "one two");
    WZ_CHECK(has_diag(WZ_WARNING, 1, 7, "contains a space"));
    wz_scenario_free(sc);

    /* ---- Twine 2.6+ export quirks ---- */

    WZ_TEST("Twine quirk: leading and trailing spaces of a name are written as '\\ '");
    sc = twee(":: \\ \\ Padded\\  [t]\n::  Plain   \n");
    WZ_CHECK_STR(sc->passages[0].name, "  Padded ");
    WZ_CHECK_STR(sc->passages[1].name, "Plain");
    wz_scenario_free(sc);

    WZ_TEST("Twine quirk: a text line starting '::' is written '\\::' and reads back as '::'");
    sc = twee(":: A\n\\:: not a header\n\\:single stays\n");
    WZ_CHECK_INT(sc->npassages, 1);
    WZ_CHECK_STR(sc->passages[0].text, ":: not a header\n\\:single stays");
    wz_scenario_free(sc);

    WZ_TEST("Twine quirk: a whole Twine 2.6 export (StoryTitle, 2-space StoryData, "
            "metadata blocks, blank lines between passages)");
    sc = twee(":: StoryTitle\nQuirks\n\n\n:: StoryData\n{\n  \"ifid\": "
              "\"606B5476-BA53-4A70-B4F5-F6794AE67744\",\n  \"format\": \"Harlowe\",\n"
              "  \"format-version\": \"3.3.7\",\n  \"start\": \"Untitled Passage\",\n"
              "  \"zoom\": 1\n}\n\n\n:: Untitled Passage [a b] "
              "{\"position\":\"900,400\",\"size\":\"100,100\"}\nDouble-click this passage to "
              "edit it.\n\n\n:: StoryScript [script]\nconsole.log(1)");
    WZ_CHECK_STR(sc->title, "Quirks");
    WZ_CHECK_STR(sc->ifid, "606B5476-BA53-4A70-B4F5-F6794AE67744");
    WZ_CHECK_INT(sc->npassages, 2);
    WZ_CHECK_STR(sc->passages[0].text, "Double-click this passage to edit it.");
    WZ_CHECK_STR(sc->passages[0].position, "900,400");
    WZ_CHECK_INT(sc->start_index, 0);
    WZ_CHECK_INT(sc->passages[0].line, 15);
    WZ_CHECK_INT(diags.count, 0);
    wz_scenario_free(sc);

    /* ---- line endings, BOM, what comes before the first header ---- */

    WZ_TEST("Line endings: CRLF and a lone CR read exactly like LF (lines counted the same)");
    {
        const char *lf = ":: A [t]\none\n\ntwo\n:: B\nthree\n";
        const char *crlf = ":: A [t]\r\none\r\n\r\ntwo\r\n:: B\r\nthree\r\n";
        const char *cr = ":: A [t]\rone\r\rtwo\r:: B\rthree\r";
        const char *mixed = ":: A [t]\r\none\n\rtwo\r:: B\nthree";
        const char *forms[] = {crlf, cr, mixed};
        wz_scenario *ref = twee(lf);
        for (int f = 0; f < 3; f++) {
            sc = twee(forms[f]);
            WZ_CHECK_INT(sc->npassages, 2);
            for (int i = 0; i < 2 && sc->npassages == 2; i++) {
                WZ_CHECK_STR(sc->passages[i].name, ref->passages[i].name);
                WZ_CHECK_STR(sc->passages[i].text, ref->passages[i].text);
                WZ_CHECK_INT(sc->passages[i].line, ref->passages[i].line);
            }
            wz_scenario_free(sc);
        }
        wz_scenario_free(ref);
    }

    WZ_TEST("Encoding: a UTF-8 byte order mark is skipped; columns count characters");
    sc = twee("\xEF\xBB\xBF:: Caf\xC3\xA9 [t\xC3\xA9g]\n:: \xC3\xA9\xC3\xA9 [a [b]\n");
    WZ_CHECK_STR(sc->passages[0].name, "Caf\xC3\xA9");
    WZ_CHECK_STR(sc->passages[0].tags[0], "t\xC3\xA9g");
    /* "::", space, two characters, space: the '[' is column 7, the second '[' column 10 */
    WZ_CHECK(has_diag(WZ_ERROR, 2, 10, "'[' inside the tag list"));
    wz_scenario_free(sc);

    WZ_TEST("Text before the first header: a warning at its line, then the file is read");
    sc = twee("\n\nHello there\nmore\n:: A\n");
    WZ_CHECK(has_diag(WZ_WARNING, 3, 1, "before the first passage header"));
    WZ_CHECK_INT(diags.count, 1);
    WZ_CHECK_INT(sc->npassages, 1);
    wz_scenario_free(sc);

    /* ---- tag block errors an author can act on ---- */

    WZ_TEST("Tag block: a '[' that is never closed is an error at the '['");
    sc = twee(":: Lobby [chat\ntext\n");
    WZ_CHECK(has_diag(WZ_ERROR, 1, 10, "not closed"));
    WZ_CHECK_INT(sc->npassages, 1);
    WZ_CHECK_STR(sc->passages[0].name, "Lobby");
    WZ_CHECK_STR(sc->passages[0].text, "text");
    wz_scenario_free(sc);

    WZ_TEST("Tag block: a second ']' and text after the tags are errors");
    sc = twee(":: A [x]]\n:: B [y] more words\n");
    WZ_CHECK(has_diag(WZ_ERROR, 1, 9, "']' with no '['"));
    WZ_CHECK(has_diag(WZ_ERROR, 2, 10, "after the tag list"));
    WZ_CHECK_INT(sc->npassages, 2);
    wz_scenario_free(sc);

    /* ---- limits ---- */

    WZ_TEST("Limit: more than WZ_MAX_TAGS tags is one error; the first WZ_MAX_TAGS are kept");
    {
        wz_buf b;
        wz_buf_init(&b, 0);
        wz_buf_puts(&b, ":: A [");
        for (int i = 0; i < WZ_MAX_TAGS + 5; i++)
            wz_buf_printf(&b, "t%d ", i);
        wz_buf_puts(&b, "]\n");
        sc = twee(b.data);
        WZ_CHECK_INT(sc->passages[0].ntags, WZ_MAX_TAGS);
        WZ_CHECK_INT(diags.errors, 1);
        /* at the first tag past the limit */
        char past[16];
        snprintf(past, sizeof past, " t%d ", WZ_MAX_TAGS);
        int col = (int)(strstr(b.data, past) - b.data) + 2;
        WZ_CHECK(has_diag(WZ_ERROR, 1, col, "more than 1000 tags, the limit"));
        wz_scenario_free(sc);
        wz_buf_free(&b);
    }

    WZ_TEST("Limit: a name of WZ_MAX_NAME_CHARS characters is fine, one more is an error that "
            "says so, and the passage is kept");
    {
        wz_buf b;
        wz_buf_init(&b, 0);
        wz_buf_puts(&b, ":: ");
        for (int i = 0; i < WZ_MAX_NAME_CHARS; i++)
            wz_buf_puts(&b, "\xC3\xA9"); /* two bytes, one character */
        wz_buf_puts(&b, "\n:: x");
        for (int i = 0; i < WZ_MAX_NAME_CHARS; i++)
            wz_buf_putc(&b, 'y');
        sc = twee(b.data);
        WZ_CHECK_INT(sc->npassages, 2);
        WZ_CHECK(has_diag(WZ_ERROR, 2, 4, "10001 characters long, past the limit"));
        WZ_CHECK_INT(diags.errors, 1);
        wz_scenario_free(sc);
        wz_buf_free(&b);
    }

    WZ_TEST("Limit: more than WZ_MAX_PASSAGES passages is one error and reading stops");
    {
        wz_buf b;
        wz_buf_init(&b, 0);
        for (int i = 0; i < WZ_MAX_PASSAGES + 10; i++)
            wz_buf_printf(&b, ":: P%d\n", i);
        sc = twee(b.data);
        WZ_CHECK_INT(sc->npassages, WZ_MAX_PASSAGES);
        WZ_CHECK_INT(diags.errors, 1);
        WZ_CHECK(has_diag(WZ_ERROR, WZ_MAX_PASSAGES + 1, 0, "more than 5000 passages"));
        wz_scenario_free(sc);
        wz_buf_free(&b);
    }

    WZ_TEST("Empty input: an empty or blank file, or one with no passages, is an error");
    sc = twee("");
    WZ_CHECK(has_diag(WZ_ERROR, 1, 1, "empty"));
    WZ_CHECK_INT(sc->npassages, 0);
    wz_scenario_free(sc);
    sc = twee(" \n\t\r\n");
    WZ_CHECK(has_diag(WZ_ERROR, 1, 1, "empty"));
    wz_scenario_free(sc);
    sc = twee(":: StoryTitle\nOnly a title\n");
    WZ_CHECK(has_diag(WZ_ERROR, 1, 1, "no passages"));
    wz_scenario_free(sc);

    wz_diags_free(&diags);
    WZ_TEST_END();
}
