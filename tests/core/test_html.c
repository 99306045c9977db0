/*
 * Tests of the Twine 2 HTML reader (twine-2-htmloutput-spec.md, twine-2-archive-spec.md):
 * the published page and the Twee form of the same story give identical passages; story
 * and passage attributes; entity decoding; the ways browsers accept attributes; what is
 * skipped (comments, <script>, <style>); archives; and damaged files, which must give a
 * clear message and never a read past the end (inputs are exact-size copies).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_scenario.h"
#include "wz_util.h"
#include "wz_test.h"

static wz_diags diags;

static wz_scenario *read_mem(const char *text, size_t n, int html)
{
    wz_diags_free(&diags);
    wz_diags_init(&diags);
    char *copy = wz_xmalloc(n ? n : 1);
    memcpy(copy, text, n);
    wz_scenario *sc =
        html ? wz_html_read("t.html", copy, n, &diags) : wz_twee_read("t.twee", copy, n, &diags);
    free(copy);
    return sc;
}

static wz_scenario *html(const char *text)
{
    return read_mem(text, strlen(text), 1);
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

static wz_scenario *read_fixture(const char *name, int is_html)
{
    char *path = wz_path_join(WZ_TEST_DATA, name);
    char *data = NULL;
    size_t len = 0;
    int rc = wz_read_file(path, WZ_MAX_FILE_BYTES, &data, &len);
    WZ_CHECK_INT(rc, 0);
    wz_scenario *sc = read_mem(data ? data : "", len, is_html);
    free(data);
    free(path);
    return sc;
}

/* Same passages, field by field (lines differ between the forms, by nature). */
static void check_same_story(const wz_scenario *a, const wz_scenario *b)
{
    WZ_CHECK_STR(a->title, b->title);
    WZ_CHECK_STR(a->ifid, b->ifid);
    WZ_CHECK_STR(a->format, b->format);
    WZ_CHECK_STR(a->format_version, b->format_version);
    WZ_CHECK_STR(a->start, b->start);
    WZ_CHECK_INT(a->start_index, b->start_index);
    WZ_CHECK_INT(a->npassages, b->npassages);
    for (int i = 0; i < a->npassages && i < b->npassages; i++) {
        const wz_passage *p = &a->passages[i], *q = &b->passages[i];
        WZ_CHECK_STR(p->name, q->name);
        WZ_CHECK_STR(p->text, q->text);
        WZ_CHECK_INT(p->pid, q->pid);
        WZ_CHECK_INT(p->ntags, q->ntags);
        for (int t = 0; t < p->ntags && t < q->ntags; t++)
            WZ_CHECK_STR(p->tags[t], q->tags[t]);
        if (p->position || q->position) WZ_CHECK_STR(p->position, q->position);
        if (p->size || q->size) WZ_CHECK_STR(p->size, q->size);
    }
}

/* Line and column (in characters) of the first `needle` in data after `after` bytes. */
static void find_pos(const char *data, const char *needle, size_t after, int *line, int *col)
{
    const char *at = strstr(data + after, needle);
    WZ_CHECK(at != NULL);
    if (!at) at = data;
    *line = 1;
    const char *start = data;
    for (const char *c = data; c < at; c++)
        if (*c == '\n') {
            (*line)++;
            start = c + 1;
        }
    *col = (int)wz_utf8_len(start, (size_t)(at - start)) + 1;
}

/* Reads data through wz_scenario_parse_all (interpret and validate included) and checks
 * that a diagnostic containing `msg` is at the first `needle` after `after` bytes. */
static int diag_at(const char *data, int is_html, const char *msg, const char *needle, size_t after)
{
    wz_scenario **all = NULL;
    wz_diags *each = NULL, file_diags;
    wz_diags_init(&file_diags);
    int n = wz_scenario_parse_all(is_html ? "p.html" : "p.twee", data, strlen(data), is_html,
                                  &file_diags, &all, &each);
    int line, col, found = 0;
    find_pos(data, needle, after, &line, &col);
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < each[i].count; k++) {
            const wz_diag *d = &each[i].items[k];
            if (strstr(d->message, msg)) {
                if (d->line == line && d->column == col)
                    found = 1;
                else
                    fprintf(stderr, "  \"%s\" at %d:%d, expected %d:%d\n", msg, d->line, d->column,
                            line, col);
            }
        }
        wz_scenario_free(all[i]);
        wz_diags_free(&each[i]);
    }
    free(all);
    free(each);
    wz_diags_free(&file_diags);
    return found;
}

int main(void)
{
    wz_scenario *sc, *tw;
    wz_diags_init(&diags);

    WZ_TEST("Same story: the published page gives exactly the passages of its Twee form");
    tw = read_fixture("gift.twee", 0);
    WZ_CHECK_INT(diags.count, 0);
    sc = read_fixture("gift.html", 1);
    WZ_CHECK_INT(diags.count, 0);
    if (diags.count) wz_diags_print(&diags, stderr);
    WZ_CHECK(sc->from_html);
    WZ_CHECK_INT(sc->npassages, 11);
    check_same_story(sc, tw);
    /* Entities decoded: &amp; &quot; &#39; &lt; in the published text. */
    WZ_CHECK(strstr(sc->passages[0].text, "gifts & asks to keep a \"secret\".") != NULL);
    WZ_CHECK(strstr(sc->passages[1].text, "you're really good") != NULL);
    WZ_CHECK(strstr(sc->passages[1].text, "11 too <3") != NULL);
    /* Line of each <tw-passagedata> (the text starts on the same line here). */
    WZ_CHECK_INT(sc->passages[0].line, 13);
    WZ_CHECK_INT(sc->passages[0].text_line, 13);
    WZ_CHECK_INT(sc->passages[1].line, 21);
    wz_scenario_free(sc);

    WZ_TEST("Same story with Twine's escapes: '\\ ' names, \\[ \\{ \\\\ in names and tags, "
            "'\\::' text lines, entities, StoryScript, a CRLF page");
    {
        wz_scenario *qt = read_fixture("twine-quirks.twee", 0);
        WZ_CHECK_INT(diags.count, 0);
        wz_scenario *qh = read_fixture("twine-quirks.html", 1);
        WZ_CHECK_INT(diags.count, 0);
        check_same_story(qh, qt);
        WZ_CHECK_INT(qh->npassages, 4);
        WZ_CHECK_STR(qh->title, "Quirks & \"Escapes\"");
        WZ_CHECK_STR(qh->passages[0].name, " Leading space");
        WZ_CHECK_STR(qh->passages[0].tags[0], "tag[1]");
        WZ_CHECK_STR(qh->passages[1].name, "Level {2}");
        WZ_CHECK_STR(qh->passages[1].tags[0], "b\\c");
        WZ_CHECK(strstr(qh->passages[0].text, "\n:: a line that starts") != NULL);
        WZ_CHECK_STR(qh->passages[3].name, "StoryScript");
        WZ_CHECK_INT(qh->start_index, 2);
        wz_scenario_free(qt);
        wz_scenario_free(qh);
    }

    WZ_TEST("Archive (twine-2-archive-spec): every story is read, each on its own");
    {
        char *path = wz_path_join(WZ_TEST_DATA, "gift-archive.html");
        char *data = NULL;
        size_t len = 0;
        WZ_CHECK_INT(wz_read_file(path, WZ_MAX_FILE_BYTES, &data, &len), 0);
        wz_diags_free(&diags);
        wz_diags_init(&diags);
        wz_scenario **all = NULL;
        int n = wz_html_read_all("a.html", data, len, &diags, &all);
        WZ_CHECK_INT(n, 2);
        WZ_CHECK_INT(diags.errors, 0);
        check_same_story(all[0], tw);
        WZ_CHECK_INT(all[0]->story, 0);
        WZ_CHECK_INT(all[1]->story, 1);
        WZ_CHECK_INT(all[1]->nstories, 2);
        WZ_CHECK_STR(all[1]->title, "Second story");
        WZ_CHECK_STR(all[1]->ifid, "11111111-2222-4333-8444-555555555555");
        /* the second story starts on its own line, at column 1 */
        const char *second = strstr(data, "<tw-storydata name=\"Second");
        int line = 1;
        for (const char *c = data; c < second; c++)
            line += *c == '\n';
        WZ_CHECK_INT(all[1]->story_line, line);
        WZ_CHECK_INT(all[1]->story_column, 1);
        for (int i = 0; i < n; i++)
            wz_scenario_free(all[i]);
        free(all);
        free(data);
        free(path);
    }
    wz_scenario_free(tw);

    WZ_TEST("Story data: name, ifid (in capitals), format, format-version, startnode");
    sc = html("<tw-storydata name=\"Story &amp; co\" startnode=\"2\" creator=\"Twine\" "
              "ifid=\"6d509890-1ca5-49df-bfb6-5ca35b8de2ac\" zoom=\"1\" format=\"Harlowe\" "
              "format-version=\"3.0.2\"><tw-passagedata pid=\"1\" name=\"One\">1"
              "</tw-passagedata><tw-passagedata pid=\"2\" name=\"Two\">2</tw-passagedata>"
              "</tw-storydata>");
    WZ_CHECK_STR(sc->title, "Story & co");
    WZ_CHECK_STR(sc->ifid, "6D509890-1CA5-49DF-BFB6-5CA35B8DE2AC");
    WZ_CHECK_STR(sc->format, "Harlowe");
    WZ_CHECK_STR(sc->format_version, "3.0.2");
    WZ_CHECK_STR(sc->start, "Two");
    WZ_CHECK_INT(sc->start_index, 1);
    WZ_CHECK_INT(diags.count, 0);
    wz_scenario_free(sc);

    WZ_TEST("Passage data: pid, name, tags (space separated), position, size, escaped text");
    sc = html("<tw-storydata name=\"S\" startnode=\"1\">\n<tw-passagedata pid=\"1\" "
              "name=\"Start\" tags=\"tag1  tag2\" position=\"102,99\" size=\"100,100\">\n"
              "Some content\n</tw-passagedata>\n</tw-storydata>");
    WZ_CHECK_INT(sc->npassages, 1);
    WZ_CHECK_STR(sc->passages[0].name, "Start");
    WZ_CHECK_INT(sc->passages[0].ntags, 2);
    WZ_CHECK_STR(sc->passages[0].tags[1], "tag2");
    WZ_CHECK_STR(sc->passages[0].position, "102,99");
    WZ_CHECK_STR(sc->passages[0].size, "100,100");
    WZ_CHECK_STR(sc->passages[0].text, "\nSome content\n"); /* kept verbatim */
    WZ_CHECK_INT(sc->passages[0].line, 2);
    WZ_CHECK_INT(sc->passages[0].text_line, 2);
    WZ_CHECK_INT(sc->passages[0].pid, 1);
    wz_scenario_free(sc);

    WZ_TEST("Order: passages are ordered by pid, file order on ties");
    sc = html("<tw-storydata><tw-passagedata pid=\"3\" name=\"C\"></tw-passagedata>"
              "<tw-passagedata pid=\"1\" name=\"A\"></tw-passagedata>"
              "<tw-passagedata pid=\"2\" name=\"B\"></tw-passagedata></tw-storydata>");
    WZ_CHECK_INT(sc->npassages, 3);
    WZ_CHECK_STR(sc->passages[0].name, "A");
    WZ_CHECK_STR(sc->passages[1].name, "B");
    WZ_CHECK_STR(sc->passages[2].name, "C");
    WZ_CHECK_STR(sc->start, "Start"); /* no startnode */
    WZ_CHECK_INT(sc->start_index, -1);
    wz_scenario_free(sc);

    WZ_TEST("Entities: named, decimal and hex; bad code points become U+FFFD; unknown stay");
    sc = html("<tw-storydata><tw-passagedata pid=1 name=E>&amp;&lt;&gt;&quot;&#39;&apos;"
              "&nbsp;|&#65;&#x42;&#X43;&#68|&#0;&#xD800;&#x110000;&#99999999999;|&bogus; "
              "&amp &#; &#x;|&hellip;&rsquo;</tw-passagedata></tw-storydata>");
    WZ_CHECK_STR(sc->passages[0].text, "&<>\"''\xC2\xA0|ABCD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF"
                                       "\xBD\xEF\xBF\xBD|&bogus; & &#; &#x;|\xE2\x80\xA6\xE2"
                                       "\x80\x99");
    wz_scenario_free(sc);

    WZ_TEST("Entities: the whole HTML list, the windows-1252 numbers, legacy names without "
            "';' (longest first) in text but not before a letter or '=' in an attribute");
    sc = html("<tw-storydata><tw-passagedata pid=1 name=\"caf&eacute; &#150; &copy x\" "
              "tags=\"a&copyb &copy=1\">&eacute;&Eacute;&#150;&#x80;&#128;&#x9F;&#129;|"
              "&notit;|&notin;|&NotEqualTilde;|&fjlig;|&copyx|&zwj;&ThinSpace;</tw-passagedata>"
              "</tw-storydata>");
    WZ_CHECK_STR(sc->passages[0].name, "caf\xC3\xA9 \xE2\x80\x93 \xC2\xA9 x");
    WZ_CHECK_INT(sc->passages[0].ntags, 2);
    WZ_CHECK_STR(sc->passages[0].tags[0], "a&copyb");
    WZ_CHECK_STR(sc->passages[0].tags[1], "&copy=1");
    WZ_CHECK_STR(sc->passages[0].text, "\xC3\xA9\xC3\x89\xE2\x80\x93\xE2\x82\xAC\xE2\x82\xAC"
                                       "\xC5\xB8\xC2\x81|\xC2\xACit;|\xE2\x88\x89|\xE2\x89\x82"
                                       "\xCC\xB8|fj|\xC2\xA9x|\xE2\x80\x8D\xE2\x80\x89");
    wz_scenario_free(sc);

    WZ_TEST("Attributes: double, single or no quotes; any case; no space after a quoted "
            "value (Twine writes options=\"\"tags=\"\"); the first of a repeat wins");
    sc = html("<TW-STORYDATA NAME='It&#39;s' IFID=abc options=\"\"tags=\"\" startnode = 7 "
              "hidden><Tw-PassageData PID=7 Name=\"X\" name=\"Y\" TAGS='a b'>t"
              "</TW-PASSAGEDATA></tw-storydata>");
    WZ_CHECK_STR(sc->title, "It's");
    WZ_CHECK_STR(sc->ifid, "ABC");
    WZ_CHECK_INT(sc->npassages, 1);
    WZ_CHECK_STR(sc->passages[0].name, "X");
    WZ_CHECK_INT(sc->passages[0].ntags, 2);
    WZ_CHECK_STR(sc->start, "X");
    WZ_CHECK_INT(diags.count, 0);
    wz_scenario_free(sc);

    WZ_TEST("Skipped: comments, <script>, <style>, <title> and tw-tag never give passages");
    sc = html("<title><tw-passagedata pid=1 name=T1></tw-passagedata></title>"
              "<!-- <tw-storydata name=Fake> --><tw-storydata name=Real>"
              "<tw-tag name=\"safe\" color=\"green\"></tw-tag>"
              "<script>var s = '<tw-passagedata pid=\"9\" name=\"Fake\">x</tw-passagedata>';"
              "</script><style>/* <tw-passagedata pid=8 name=F2> */</style>"
              "<tw-passagedata pid=1 name=Real>r</tw-passagedata></tw-storydata>"
              "<script>document.write('</tw-storydata><tw-storydata name=Late>')</script>");
    WZ_CHECK_STR(sc->title, "Real");
    WZ_CHECK_INT(sc->npassages, 1);
    WZ_CHECK_STR(sc->passages[0].name, "Real");
    WZ_CHECK_INT(diags.count, 0);
    wz_scenario_free(sc);

    WZ_TEST("Story JavaScript and stylesheet become StoryScript [script] and StoryStylesheet "
            "[stylesheet] passages, as in Twine's Twee export");
    sc = html("<tw-storydata><style role=\"stylesheet\" id=\"twine-user-stylesheet\" "
              "type=\"text/twine-css\">body {font-size: 1.5em;}\n\n</style><script "
              "role=\"script\" id=\"twine-user-script\" type=\"text/twine-javascript\">if (a "
              "&lt; b &amp;&amp; c < d) {}</script><tw-passagedata pid=\"1\" "
              "name=\"A\">a</tw-passagedata></tw-storydata>");
    WZ_CHECK_INT(sc->npassages, 3);
    WZ_CHECK_STR(sc->passages[1].name, "StoryScript");
    WZ_CHECK(wz_passage_has_tag(&sc->passages[1], "script"));
    WZ_CHECK_STR(sc->passages[1].text, "if (a &lt; b &amp;&amp; c < d) {}"); /* raw text */
    WZ_CHECK_INT(sc->passages[1].pid, 2);
    WZ_CHECK_STR(sc->passages[2].name, "StoryStylesheet");
    WZ_CHECK_STR(sc->passages[2].text, "body {font-size: 1.5em;}");
    wz_scenario_free(sc);
    sc = html("<tw-storydata><style role=\"stylesheet\">  \n</style><script role=\"script\">"
              "</script><tw-passagedata pid=\"1\" name=\"A\">a</tw-passagedata></tw-storydata>");
    WZ_CHECK_INT(sc->npassages, 1); /* empty ones are left out, as Twine's export does */
    wz_scenario_free(sc);

    WZ_TEST("Line endings: CRLF and lone CR in text become LF (as a browser reads them); lines "
            "count all three");
    sc = html("<tw-storydata>\r\n<tw-passagedata pid=1 name=A>a\r\nb\rc</tw-passagedata>\r"
              "<tw-passagedata pid=2 name=B>x</tw-passagedata></tw-storydata>");
    WZ_CHECK_STR(sc->passages[0].text, "a\nb\nc");
    WZ_CHECK_INT(sc->passages[0].line, 2);
    WZ_CHECK_INT(sc->passages[1].line, 5);
    wz_scenario_free(sc);

    WZ_TEST("startnode that matches no pid: a warning, and the passage called Start is used");
    sc = html("<tw-storydata startnode=\"5\"><tw-passagedata pid=\"1\" name=\"Start\">"
              "</tw-passagedata></tw-storydata>");
    WZ_CHECK(has_diag(WZ_WARNING, 1, 1, "matches no passage"));
    WZ_CHECK_STR(sc->start, "Start");
    WZ_CHECK_INT(sc->start_index, 0);
    wz_scenario_free(sc);

    WZ_TEST("Damaged passages: no name is an error, a missing pid or a repeated pid a warning");
    sc = html("<tw-storydata>\n<tw-passagedata pid=1>x</tw-passagedata>\n<tw-passagedata "
              "name=NoPid>y</tw-passagedata>\n<tw-passagedata pid=2 name=A></tw-passagedata>\n"
              "<tw-passagedata pid=2 name=B></tw-passagedata></tw-storydata>");
    WZ_CHECK(has_diag(WZ_ERROR, 2, 1, "no name"));
    WZ_CHECK(has_diag(WZ_WARNING, 3, 1, "no valid pid"));
    WZ_CHECK(has_diag(WZ_WARNING, 5, 1, "same pid 2"));
    WZ_CHECK_INT(sc->npassages, 3);
    WZ_CHECK_STR(sc->passages[0].name, "NoPid"); /* stays in its place in the file */
    WZ_CHECK_INT(sc->passages[0].pid, 3);        /* and gets a pid of its own */
    wz_scenario_free(sc);

    WZ_TEST("Duplicate passage names: an error naming the line of the first");
    sc = html("<tw-storydata>\n<tw-passagedata pid=1 name=A>1</tw-passagedata>\n"
              "<tw-passagedata pid=2 name=A>2</tw-passagedata></tw-storydata>");
    WZ_CHECK_INT(sc->npassages, 1);
    WZ_CHECK_STR(sc->passages[0].text, "1");
    WZ_CHECK(has_diag(WZ_ERROR, 3, 0, "already a passage called \"A\" (line 2)"));
    wz_scenario_free(sc);

    WZ_TEST("Raw '<' in passage text: kept, with a warning that it should be &lt;");
    sc = html("<tw-storydata><tw-passagedata pid=1 name=A>a <b>bold</b> c</tw-passagedata>"
              "</tw-storydata>");
    WZ_CHECK_STR(sc->passages[0].text, "a <b>bold</b> c");
    WZ_CHECK(has_diag(WZ_WARNING, 1, 46, "&lt;"));
    wz_scenario_free(sc);

    WZ_TEST("Cut short: an unclosed passage or story is reported; the rest is still read");
    sc = html("<tw-storydata name=S><tw-passagedata pid=1 name=A>first<tw-passagedata pid=2 "
              "name=B>second</tw-passagedata>");
    WZ_CHECK_INT(sc->npassages, 2);
    WZ_CHECK_STR(sc->passages[0].text, "first");
    WZ_CHECK_STR(sc->passages[1].text, "second");
    WZ_CHECK(has_diag(WZ_ERROR, 1, 22, "not closed with </tw-passagedata>"));
    WZ_CHECK(has_diag(WZ_WARNING, 1, 1, "not closed with </tw-storydata>"));
    wz_scenario_free(sc);
    {
        /* Every prefix of a real page: never a crash or a read past the end (ASan). */
        const char *page = "<html><body><tw-storydata name=\"S\" startnode='1'><script "
                           "role=script>x</script><tw-passagedata pid=\"1\" name=\"A&amp;\" "
                           "tags=\"t u\">a&#x41;&lt;</tw-passagedata><!-- c --></tw-storydata>"
                           "</body></html>";
        size_t n = strlen(page);
        int ok = 1;
        for (size_t k = 0; k <= n; k++) {
            sc = read_mem(page, k, 1);
            if (sc->npassages > 2) /* A, and StoryScript once the script is whole */
                ok = 0;
            wz_scenario_free(sc);
        }
        WZ_CHECK(ok);
    }

    WZ_TEST("Not a Twine story: no <tw-storydata> is an error that says what to do");
    sc = html("<html><body><p>Hello</p></body></html>");
    WZ_CHECK(has_diag(WZ_ERROR, 1, 1, "no <tw-storydata>"));
    WZ_CHECK_INT(diags.errors, 1);
    wz_scenario_free(sc);
    sc = html("");
    WZ_CHECK(has_diag(WZ_ERROR, 1, 1, "empty"));
    wz_scenario_free(sc);
    sc = html("<tw-storydata name=S></tw-storydata>");
    WZ_CHECK(has_diag(WZ_ERROR, 1, 1, "no passages"));
    wz_scenario_free(sc);

    WZ_TEST("Limits: tags per passage and name length, as in Twee");
    {
        wz_buf b;
        wz_buf_init(&b, 0);
        wz_buf_puts(&b, "<tw-storydata><tw-passagedata pid=1 name=A tags=\"");
        for (int i = 0; i < WZ_MAX_TAGS + 1; i++)
            wz_buf_printf(&b, "t%d ", i);
        wz_buf_puts(&b, "\"></tw-passagedata><tw-passagedata pid=2 name=\"");
        for (int i = 0; i < WZ_MAX_NAME_CHARS + 1; i++)
            wz_buf_putc(&b, 'n');
        wz_buf_puts(&b, "\"></tw-passagedata></tw-storydata>");
        sc = html(b.data);
        WZ_CHECK_INT(sc->npassages, 2);
        WZ_CHECK_INT(sc->passages[0].ntags, WZ_MAX_TAGS);
        WZ_CHECK(has_diag(WZ_ERROR, 1, 15, "more than 1000 tags, the limit"));
        int col = (int)(strstr(b.data, "<tw-passagedata pid=2") - b.data) + 1;
        WZ_CHECK(has_diag(WZ_ERROR, 1, col, "10001 characters long, past the limit"));
        wz_scenario_free(sc);
        wz_buf_free(&b);
    }

    WZ_TEST("Positions (HTML): every kind of message at the tag, the [[ or the text, counted "
            "in characters of the file as written, with passages one after another on a line");
    {
        const char *page =
            "<html><body>\n  <tw-storydata name=\"P\" startnode=\"2\" ifid=\"bad\">"
            "<tw-passagedata pid=\"1\" name=\"ScenarioInfo\">summary: s\naudience: 8-11, "
            "nine\ntopic: general\nminutes: 2</tw-passagedata>"
            "<tw-passagedata pid=\"2\" name=\"Start\" tags=\"chat\">&quot;&eacute;&quot; "
            "[[Go&quot;on-&gt;Nowhere]] [[Dead]]\nWhy: stray</tw-passagedata>"
            "<tw-passagedata pid=\"3\" name=\"Dead\">caf&eacute; &amp; [[Start]] "
            "[[M&ouml;rder|Missing]]</tw-passagedata>"
            "<tw-passagedata pid=\"4\" name=\"Lonely\" tags=\"ending\">x</tw-passagedata>"
            "<tw-passagedata pid=\"5\" name=\"Dead\">again</tw-passagedata>"
            "<tw-passagedata pid=\"6\" name=\"Cul\">[[Start]]</tw-passagedata>"
            "</tw-storydata></body></html>\n";
        WZ_CHECK(diag_at(page, 1, "\"nine\" is not an audience", "nine", 0));
        WZ_CHECK(diag_at(page, 1, "leads to \"Nowhere\"", "[[Go", 0));
        WZ_CHECK(diag_at(page, 1, "leads to \"Missing\"", "[[M&ouml;", 0));
        WZ_CHECK(diag_at(page, 1, "\"Why:\" line", "Why:", 0));
        WZ_CHECK(
            diag_at(page, 1, "already a passage called \"Dead\"", "<tw-passagedata pid=\"5\"", 0));
        WZ_CHECK(diag_at(page, 1, "no choice leads to \"Lonely\"", "<tw-passagedata pid=\"4\"", 0));
        WZ_CHECK(diag_at(page, 1, "no choice leads to \"Cul\"", "<tw-passagedata pid=\"6\"", 0));
        WZ_CHECK(diag_at(page, 1, "ifid \"BAD\" is not in the right form", "<tw-storydata", 0));
        WZ_CHECK(diag_at(page, 1, "no help passage", "<tw-storydata", 0));
    }

    WZ_TEST("Positions (Twee): the same messages at the :: header, the [[ or the text");
    {
        const char *twee_text =
            ":: StoryData\n{\"ifid\": \"bad\"}\n\n:: ScenarioInfo\nsummary: s\n"
            "audience: 8-11, nine\ntopic: general\nminutes: 2\n\n:: Start [chat]\n"
            "\"\xC3\xA9\" [[Go\"on->Nowhere]] [[Dead]]\nWhy: stray\n\n:: Dead\n"
            "caf\xC3\xA9 & [[Start]] [[M\xC3\xB6rder|Missing]]\n\n:: Lonely [ending]\nx\n\n"
            ":: Dead\nagain\n\n:: Cul\n[[Start]]\n";
        WZ_CHECK(diag_at(twee_text, 0, "\"nine\" is not an audience", "nine", 0));
        WZ_CHECK(diag_at(twee_text, 0, "leads to \"Nowhere\"", "[[Go", 0));
        WZ_CHECK(diag_at(twee_text, 0, "leads to \"Missing\"", "[[M\xC3\xB6", 0));
        WZ_CHECK(diag_at(twee_text, 0, "\"Why:\" line", "Why:", 0));
        WZ_CHECK(diag_at(twee_text, 0, "already a passage called \"Dead\"", ":: Dead\nagain", 0));
        WZ_CHECK(diag_at(twee_text, 0, "no choice leads to \"Lonely\"", ":: Lonely", 0));
        WZ_CHECK(diag_at(twee_text, 0, "no choice leads to \"Cul\"", ":: Cul", 0));
        WZ_CHECK(diag_at(twee_text, 0, "ifid \"BAD\" is not in the right form", ":: StoryData", 0));
    }

    WZ_TEST("Names of 500 characters are read in both formats, and links to them work");
    {
        wz_buf name, b;
        wz_buf_init(&name, 0);
        for (int i = 0; i < 500; i++)
            wz_buf_puts(&name, i % 2 ? "\xC3\xA9" : "n");
        wz_buf_init(&b, 0);
        wz_buf_printf(&b,
                      "<tw-storydata startnode=1><tw-passagedata pid=1 name=Start>[[%s]]"
                      "</tw-passagedata><tw-passagedata pid=2 name=\"%s\">x"
                      "</tw-passagedata></tw-storydata>",
                      name.data, name.data);
        wz_diags d;
        wz_diags_init(&d);
        sc = wz_scenario_parse("n.html", b.data, b.len, 1, &d);
        WZ_CHECK_INT(sc->npassages, 2);
        WZ_CHECK_STR(sc->passages[1].name, name.data);
        WZ_CHECK_INT(sc->passages[0].choices[0].target_index, 1);
        for (int i = 0; i < d.count; i++)
            WZ_CHECK(strstr(d.items[i].message, "no passage with") == NULL);
        wz_scenario_free(sc);
        wz_diags_free(&d);
        b.len = 0;
        wz_buf_printf(&b, ":: Start\n[[%s]]\n\n:: %s\nx\n", name.data, name.data);
        wz_diags_init(&d);
        sc = wz_scenario_parse("n.twee", b.data, b.len, 0, &d);
        WZ_CHECK_INT(sc->npassages, 2);
        WZ_CHECK_INT(sc->passages[0].choices[0].target_index, 1);
        wz_scenario_free(sc);
        wz_diags_free(&d);
        wz_buf_free(&b);
        wz_buf_free(&name);
    }

    wz_diags_free(&diags);
    WZ_TEST_END();
}
