/*
 * test_validate: one small fixture per diagnostic of wz_validate and wz_validate_set,
 * each asserting the file, line, column and severity an author would see.
 *
 * Every fixture is BASE (a valid title, StoryData, ScenarioInfo and help passage, 16
 * lines) followed by the passages under test, so the line numbers below are 16 plus the
 * line within the fixture. Fixtures with pictures are written into a temporary folder,
 * because asset checks look at real files (and a symbolic link that leads out).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_scenario.h"
#include "wz_test.h"
#include "wz_util.h"
#include "wz_validate.h"

#define IFID "0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11"
#define BASE                                                                                       \
    ":: StoryTitle\n"                                                                              \
    "Test\n"                                                                                       \
    "\n"                                                                                           \
    ":: StoryData\n"                                                                               \
    "{\"ifid\": \"" IFID "\", \"start\": \"Start\"}\n"                                             \
    "\n"                                                                                           \
    ":: ScenarioInfo\n"                                                                            \
    "summary: A test.\n"                                                                           \
    "audience: 8-11\n"                                                                             \
    "topic: general\n"                                                                             \
    "minutes: 2\n"                                                                                 \
    "character: Sam\n"                                                                             \
    "\n"                                                                                           \
    ":: Get help [help]\n"                                                                         \
    "* Ask an adult.\n"                                                                            \
    "\n"
/* Line 17 onwards: an ending with three points, used by many fixtures. */
#define END3 ":: End [ending safe]\nDone.\n\n* One.\n* Two.\n* Three.\n"

static char tmpdir[64];

static wz_scenario *parse(const char *text, wz_diags *d)
{
    wz_diags_init(d);
    return wz_scenario_parse("t.twee", text, strlen(text), 0, d);
}

/* Counts diagnostics whose message contains `needle`. */
static int count_msg(const wz_diags *d, const char *needle)
{
    int n = 0;
    for (int i = 0; i < d->count; i++)
        if (strstr(d->items[i].message, needle)) n++;
    return n;
}

/* True when exactly one diagnostic has this message fragment, and it is at
 * file:line:col with this severity. Prints the list otherwise. */
static int has(const wz_diags *d, const char *file, int line, int col, wz_severity sev,
               const char *needle)
{
    int found = 0, ok = 0;
    for (int i = 0; i < d->count; i++) {
        const wz_diag *g = &d->items[i];
        if (!strstr(g->message, needle)) continue;
        found++;
        ok =
            strcmp(g->file, file) == 0 && g->line == line && g->column == col && g->severity == sev;
    }
    if (found != 1 || !ok) {
        fprintf(stderr, "wanted one \"%s\" at %s:%d:%d (%s); have:\n", needle, file, line, col,
                wz_severity_name(sev));
        wz_diags_print(d, stderr);
    }
    return found == 1 && ok;
}

/* Parses BASE + body and checks for one diagnostic. */
static void expect(const char *body, int line, int col, wz_severity sev, const char *needle)
{
    char *text = wz_xasprintf("%s%s", BASE, body);
    wz_diags d;
    wz_scenario *sc = parse(text, &d);
    WZ_CHECK(sc != NULL);
    WZ_CHECK(has(&d, "t.twee", line, col, sev, needle));
    wz_scenario_free(sc);
    wz_diags_free(&d);
    free(text);
}

static void test_clean(void)
{
    WZ_TEST("a complete scenario gives no diagnostics");
    wz_diags d;
    wz_scenario *sc = parse(BASE ":: Start [chat]\n"
                                 "Sam: hello\n"
                                 "[[Be kind->Kind]]\n"
                                 "[[Be rude->Rude]]\n"
                                 "\n"
                                 ":: Kind [feedback safe]\nGood.\n[[Continue->End]]\n\n"
                                 ":: Rude [feedback risky]\nBad.\n[[Continue->End]]\n\n" END3,
                            &d);
    if (d.count) wz_diags_print(&d, stderr);
    WZ_CHECK_INT(d.count, 0);
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static void test_links(void)
{
    WZ_TEST("broken link: error at the [[ of the link");
    expect(":: Start\nGo on: [[Next->Nowhere]]\n\n" END3, 18, 8, WZ_ERROR,
           "leads to \"Nowhere\", but there is no passage");
    WZ_TEST("broken link with a near miss names the passage meant");
    expect(":: Start\n[[Next->end]]\n\n" END3, 18, 1, WZ_ERROR, "did you mean \"End\"");
    expect(":: Start\n[[Next-> End]]\n\n" END3, 18, 1, WZ_ERROR, "did you mean \"End\"");
    WZ_TEST("a link to a web page is an error");
    expect(":: Start\n[[https://example.org]]\n[[End]]\n\n" END3, 18, 1, WZ_ERROR, "web page");
    WZ_TEST("a link to a special passage is an error");
    expect(":: Start\n[[ScenarioInfo]]\n[[End]]\n\n" END3, 18, 1, WZ_ERROR, "special passage");
}

static void test_structure(void)
{
    WZ_TEST("unreachable passage: warning at its header");
    expect(":: Start\n[[End]]\n\n" END3 "\n:: Lost\n[[End]]\n", 27, 1, WZ_WARNING,
           "no choice leads to \"Lost\"");
    WZ_TEST("the help passage is exempt from reachability");
    {
        char *text = wz_xasprintf("%s:: Start\n[[End]]\n\n" END3, BASE);
        wz_diags d;
        wz_scenario *sc = parse(text, &d);
        WZ_CHECK_INT(count_msg(&d, "no choice leads to"), 0);
        wz_scenario_free(sc);
        wz_diags_free(&d);
        free(text);
    }
    WZ_TEST("dead end: error at the passage");
    expect(":: Start\n[[Middle]]\n\n:: Middle\nNothing here.\n\n" END3 "\n:: X\n[[End]]\n", 20, 1,
           WZ_ERROR, "\"Middle\" is a dead end");
    WZ_TEST("ending without an outcome: error");
    expect(":: Start\n[[End]]\n\n:: End [ending]\nDone.\n* a\n* b\n* c\n", 20, 1, WZ_ERROR,
           "has no outcome");
    expect(":: Start\n[[End]]\n\n:: End [ending neutral]\nDone.\n* a\n* b\n* c\n", 20, 1, WZ_ERROR,
           "has no outcome");
    WZ_TEST("ending with choices: warning at the first choice");
    expect(":: Start\n[[End]]\n\n:: End [ending safe]\n* a\n* b\n* c\n[[Start]]\n", 24, 1,
           WZ_WARNING, "has choices");
    WZ_TEST("more than four choices: error at the fifth");
    expect(":: Start\n[[End]]\n[[End]]\n[[End]]\n[[End]]\n  [[Five->End]]\n\n" END3, 22, 3,
           WZ_ERROR, "has 5 choices");
    WZ_TEST("missing start passage");
    {
        const char *t =
            ":: StoryData\n{\"ifid\": \"" IFID "\", \"start\": \"Begin\"}\n\n:: ScenarioInfo\n"
            "summary: s\naudience: 8-11\ntopic: general\nminutes: 2\n\n" END3;
        wz_diags d;
        wz_scenario *sc = parse(t, &d);
        WZ_CHECK(has(&d, "t.twee", 1, 1, WZ_ERROR, "the start passage \"Begin\" does not exist"));
        wz_scenario_free(sc);
        wz_diags_free(&d);
        t = ":: StoryData\n{\"ifid\": \"" IFID "\"}\n\n:: ScenarioInfo\nsummary: s\n"
            "audience: 8-11\ntopic: general\nminutes: 2\n\n" END3;
        sc = parse(t, &d);
        WZ_CHECK(has(&d, "t.twee", 1, 1, WZ_ERROR, "there is no start passage"));
        wz_scenario_free(sc);
        wz_diags_free(&d);
    }
    WZ_TEST("no story passages at all, only special ones");
    {
        const char *t = ":: StoryData\n{\"ifid\": \"" IFID "\"}\n:: ScenarioInfo\nsummary: s\n";
        wz_diags d;
        wz_scenario *sc = parse(t, &d);
        WZ_CHECK(has(&d, "t.twee", 1, 1, WZ_ERROR, "no story passages"));
        wz_scenario_free(sc);
        wz_diags_free(&d);
    }
    WZ_TEST("empty file: reported once (by the reader), not again by validation");
    {
        wz_diags d;
        wz_scenario *sc = parse("\n\n", &d);
        WZ_CHECK_INT(d.errors, 1);
        wz_scenario_free(sc);
        wz_diags_free(&d);
    }
    WZ_TEST("duplicate passage names: reported once");
    {
        char *text =
            wz_xasprintf("%s:: Start\n[[End]]\n\n" END3 "\n:: End [ending safe]\nx\n", BASE);
        wz_diags d;
        wz_scenario *sc = parse(text, &d);
        WZ_CHECK_INT(count_msg(&d, "already a passage called \"End\""), 1);
        WZ_CHECK(d.errors >= 1);
        wz_scenario_free(sc);
        wz_diags_free(&d);
        free(text);
    }
    WZ_TEST("no help passage: warning");
    {
        const char *t = ":: StoryData\n{\"ifid\": \"" IFID "\", \"start\": \"Start\"}\n"
                        ":: ScenarioInfo\nsummary: s\naudience: 8-11\ntopic: general\n"
                        "minutes: 2\n:: Start\n[[End]]\n" END3;
        wz_diags d;
        wz_scenario *sc = parse(t, &d);
        WZ_CHECK(has(&d, "t.twee", 1, 1, WZ_WARNING, "there is no help passage"));
        WZ_CHECK_INT(d.count, 1);
        wz_scenario_free(sc);
        wz_diags_free(&d);
    }
}

static void test_ifid_and_metadata(void)
{
    const char *rest = ":: ScenarioInfo\nsummary: s\naudience: 8-11\ntopic: general\nminutes: 2\n"
                       ":: Start\n[[End]]\n" END3 ":: H [help]\nx\n";
    WZ_TEST("missing ifid: error");
    {
        char *t = wz_xasprintf(":: StoryData\n{\"start\": \"Start\"}\n%s", rest);
        wz_diags d;
        wz_scenario *sc = parse(t, &d);
        WZ_CHECK(has(&d, "t.twee", 1, 1, WZ_ERROR, "has no ifid"));
        wz_scenario_free(sc);
        wz_diags_free(&d);
        free(t);
    }
    WZ_TEST("malformed ifid: error");
    {
        char *t =
            wz_xasprintf(":: StoryData\n{\"ifid\": \"1234\", \"start\": \"Start\"}\n%s", rest);
        wz_diags d;
        wz_scenario *sc = parse(t, &d);
        WZ_CHECK(has(&d, "t.twee", 1, 1, WZ_ERROR, "is not in the right form"));
        wz_scenario_free(sc);
        wz_diags_free(&d);
        free(t);
    }
    WZ_TEST("missing required metadata: one error per key at ScenarioInfo");
    {
        const char *t = ":: StoryData\n{\"ifid\": \"" IFID "\", \"start\": \"Start\"}\n"
                        ":: ScenarioInfo\nsummary: s\naudience: 8-11\n"
                        ":: Start\n[[End]]\n" END3 ":: H [help]\nx\n";
        wz_diags d;
        wz_scenario *sc = parse(t, &d);
        WZ_CHECK(has(&d, "t.twee", 3, 1, WZ_ERROR, "ScenarioInfo has no \"topic\""));
        WZ_CHECK(has(&d, "t.twee", 3, 1, WZ_ERROR, "ScenarioInfo has no \"minutes\""));
        WZ_CHECK_INT(count_msg(&d, "ScenarioInfo has no \"summary\""), 0);
        wz_scenario_free(sc);
        wz_diags_free(&d);
    }
    WZ_TEST("a required key with an empty value is missing too");
    {
        const char *t = ":: StoryData\n{\"ifid\": \"" IFID "\", \"start\": \"Start\"}\n"
                        ":: ScenarioInfo\nsummary:\naudience: 8-11\ntopic: general\nminutes: 2\n"
                        ":: Start\n[[End]]\n" END3 ":: H [help]\nx\n";
        wz_diags d;
        wz_scenario *sc = parse(t, &d);
        WZ_CHECK(has(&d, "t.twee", 3, 1, WZ_ERROR, "ScenarioInfo has no \"summary\""));
        WZ_CHECK(has(&d, "t.twee", 4, 1, WZ_WARNING, "\"summary\" has no value"));
        wz_scenario_free(sc);
        wz_diags_free(&d);
    }
    WZ_TEST("no ScenarioInfo at all: one error");
    {
        const char *t = ":: StoryData\n{\"ifid\": \"" IFID "\", \"start\": \"Start\"}\n"
                        ":: Start\n[[End]]\n" END3 ":: H [help]\nx\n";
        wz_diags d;
        wz_scenario *sc = parse(t, &d);
        WZ_CHECK(has(&d, "t.twee", 1, 1, WZ_ERROR, "there is no ScenarioInfo passage"));
        wz_scenario_free(sc);
        wz_diags_free(&d);
    }
    WZ_TEST("a bad audience is an error at the value; not also reported as missing");
    {
        char *t =
            wz_xasprintf(":: StoryData\n{\"ifid\": \"" IFID "\", \"start\": \"Start\"}\n"
                         ":: ScenarioInfo\nsummary: s\naudience: 8-11, teens\n"
                         "topic: general\nminutes: 2\n:: Start\n[[End]]\n" END3 ":: H [help]\nx\n");
        wz_diags d;
        wz_scenario *sc = parse(t, &d);
        WZ_CHECK(has(&d, "t.twee", 5, 17, WZ_ERROR, "\"teens\" is not an audience"));
        WZ_CHECK_INT(count_msg(&d, "no \"audience\""), 0);
        wz_scenario_free(sc);
        wz_diags_free(&d);
        free(t);
    }
    WZ_TEST("unknown tag and unknown metadata key: warnings");
    expect(":: Start [chat urgent]\n[[End]]\n\n" END3, 17, 1, WZ_WARNING,
           "the tag \"urgent\" on \"Start\" means nothing");
    {
        const char *t = ":: StoryData\n{\"ifid\": \"" IFID "\", \"start\": \"Start\"}\n"
                        ":: ScenarioInfo\nsummary: s\naudience: 8-11\ntopic: general\n"
                        "minutes: 2\n  colour: blue\n:: Start\n[[End]]\n" END3 ":: H [help]\nx\n";
        wz_diags d;
        wz_scenario *sc = parse(t, &d);
        WZ_CHECK(has(&d, "t.twee", 8, 3, WZ_WARNING, "\"colour\" is not a ScenarioInfo key"));
        wz_scenario_free(sc);
        wz_diags_free(&d);
    }
    WZ_TEST("two role tags: warning");
    expect(":: Start [chat spot]\nSam: hi\n[[End]]\n\n" END3, 17, 1, WZ_WARNING, "two kinds");
    WZ_TEST("a class tag on a passage that is neither feedback nor ending: warning");
    expect(":: Start [chat safe]\n[[End]]\n\n" END3, 17, 1, WZ_WARNING,
           "only means something on feedback and ending");
}

static void test_content(void)
{
    WZ_TEST("text too long for one screen: warning at the passage");
    {
        wz_buf b;
        wz_buf_init(&b, 0);
        wz_buf_puts(&b, BASE ":: Start\n");
        for (int i = 0; i < 20; i++)
            wz_buf_puts(&b, "This sentence is fifty characters long, near enough. ");
        wz_buf_puts(&b, "\n[[End]]\n\n" END3);
        wz_diags d;
        wz_scenario *sc = parse(b.data, &d);
        WZ_CHECK(has(&d, "t.twee", 17, 1, WZ_WARNING, "more than fits on one screen"));
        wz_scenario_free(sc);
        wz_diags_free(&d);
        wz_buf_free(&b);
    }
    WZ_TEST("spot passage without a red flag: warning");
    expect(":: Start [spot]\nSam: hi\n[[End]]\n\n" END3, 17, 1, WZ_WARNING, "has no warning signs");
    WZ_TEST("red flag without Why: warning at the message");
    expect(":: Start [spot]\nSam: hi\n  ! Sam: secret\n[[End]]\n\n" END3, 19, 3, WZ_WARNING,
           "this warning sign has no reason");
    WZ_TEST("a Why: line that follows no red flag: warning from the interpreter");
    expect(":: Start [spot]\n! Sam: secret\nWhy: a reason\nWhy: again\n[[End]]\n\n" END3, 20, 1,
           WZ_WARNING, "a \"Why:\" line belongs straight after");
    WZ_TEST("an empty Why: still belongs to the red flag, which then has no reason");
    expect(":: Start [spot]\n! Sam: secret\nwhy:\n[[End]]\n\n" END3, 18, 1, WZ_WARNING,
           "this warning sign has no reason");
    WZ_TEST("red flag outside a spot passage: warning");
    expect(":: Start [chat]\n! Sam: secret\nWhy: r\n[[End]]\n\n" END3, 18, 1, WZ_WARNING,
           "only shown in spot passages");
    WZ_TEST("a chat line from an undeclared name: warning");
    expect(":: Start [chat]\nSam: hi\nSma: typo here\n[[End]]\n\n" END3, 19, 1, WZ_WARNING,
           "\"Sma\" is not a character");
    WZ_TEST("feedback without a class: warning");
    expect(":: Start\n[[Go->F]]\n\n:: F [feedback]\nHm.\n[[End]]\n\n" END3, 20, 1, WZ_WARNING,
           "is not tagged safe, risky or neutral");
    WZ_TEST("ending with too few or too many learning points: warning");
    expect(":: Start\n[[End]]\n\n:: End [ending risky]\nDone.\n* One.\n* Two.\n", 20, 1, WZ_WARNING,
           "has 2 learning points");
    expect(":: Start\n[[End]]\n\n:: End [ending mixed]\n* 1\n* 2\n* 3\n* 4\n* 5\n* 6\n", 20, 1,
           WZ_WARNING, "has 6 learning points");
}

static void write_text(const char *dir, const char *name, const char *text)
{
    char *path = wz_path_join(dir, name);
    FILE *f = fopen(path, "w");
    WZ_CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(path);
}

static void test_assets(void)
{
    WZ_TEST("pictures: existing ones pass; missing, ../, absolute and links out are errors");
    char *scen = wz_path_join(tmpdir, "scen");
    char *images = wz_path_join(scen, "images");
    char *outside = wz_path_join(tmpdir, "outside");
    mkdir(scen, 0755);
    mkdir(images, 0755);
    mkdir(outside, 0755);
    write_text(images, "ok.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    write_text(outside, "secret.png", "x");
    char *link = wz_path_join(images, "out.png");
    char *target = wz_path_join(outside, "secret.png");
    WZ_CHECK(symlink(target, link) == 0);
    char *dirlink = wz_path_join(scen, "up");
    WZ_CHECK(symlink(outside, dirlink) == 0);
    write_text(scen, "s.twee",
               BASE ":: Start\n"                        /* 17 */
                    "[img[fine|images/ok.svg]]\n"       /* 18 */
                    "[img[gone|images/missing.svg]]\n"  /* 19 */
                    "[img[up|../outside/secret.png]]\n" /* 20 */
                    "[img[abs|/etc/hostname]]\n"        /* 21 */
                    "  [img[link|images/out.png]]\n"    /* 22 */
                    "[img[dirlink|up/secret.png]]\n"    /* 23 */
                    "[img[images/ok.svg]]\n"            /* 24 */
                    "[[End]]\n\n" END3);
    char *file = wz_path_join(scen, "s.twee");
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *sc = wz_scenario_load(file, &d);
    WZ_CHECK(sc != NULL);
    WZ_CHECK(has(&d, file, 19, 1, WZ_ERROR, "\"images/missing.svg\" does not exist"));
    WZ_CHECK(has(&d, file, 20, 1, WZ_ERROR, "uses \"..\""));
    WZ_CHECK(has(&d, file, 21, 1, WZ_ERROR, "absolute path"));
    WZ_CHECK_INT(count_msg(&d, "outside the scenario's folder through a link"), 2);
    WZ_CHECK(has(&d, file, 24, 1, WZ_WARNING, "has no description"));
    WZ_CHECK_INT(count_msg(&d, "ok.svg\" does not exist"), 0);
    WZ_CHECK_INT(d.errors, 5);

    WZ_TEST("wz_asset_resolve");
    char *why = NULL;
    char *r = wz_asset_resolve(sc, "images/ok.svg", &why);
    WZ_CHECK(r != NULL && why == NULL);
    WZ_CHECK(r && wz_str_ends(r, "/scen/images/ok.svg"));
    free(r);
    WZ_CHECK(wz_asset_resolve(sc, "", &why) == NULL && why && strstr(why, "empty"));
    free(why);
    static const char *const refused[][2] = {{"images/../images/ok.svg", "\"..\""},
                                             {"http://x/y.png", "web address"},
                                             {"images\\ok.svg", "with /"},
                                             {"C:/pics/a.png", "absolute path"}};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        why = NULL;
        WZ_CHECK(wz_asset_resolve(sc, refused[i][0], &why) == NULL);
        WZ_CHECK(why && strstr(why, refused[i][1]));
        free(why);
    }
    WZ_CHECK(wz_asset_resolve(sc, "", NULL) == NULL); /* err may be NULL */
    why = NULL;
    r = wz_asset_resolve(sc, "images/not-yet.png", &why); /* existence is not its job */
    WZ_CHECK(r != NULL && why == NULL);
    free(r);
    wz_scenario_free(sc);
    wz_diags_free(&d);

    WZ_TEST("pictures are measured: too big is an error, unreadable or misnamed a warning");
    write_text(images, "bomb.svg", "<svg viewBox=\"0 0 1 200000\"><rect/></svg>");
    write_text(images, "broken.png", "not a picture");
    write_text(images, "drawing.dat", "<svg width=\"10\" height=\"10\"/>");
    write_text(scen, "p.twee",
               BASE ":: Start\n"                          /* 17 */
                    "[img[tall|images/bomb.svg]]\n"       /* 18 */
                    "  [img[broken|images/broken.png]]\n" /* 19 */
                    "[img[named|images/drawing.dat]]\n"   /* 20 */
                    "[[End]]\n\n" END3);
    free(file);
    file = wz_path_join(scen, "p.twee");
    wz_diags_init(&d);
    sc = wz_scenario_load(file, &d);
    WZ_CHECK(has(&d, file, 18, 1, WZ_ERROR,
                 "the picture \"images/bomb.svg\" is too big for the kiosk. This picture is 1 × "
                 "200000 pixels; pictures may be at most 4096 pixels on each side."));
    WZ_CHECK(has(&d, file, 19, 3, WZ_WARNING,
                 "\"images/broken.png\" cannot be shown, so visitors will read its description"));
    WZ_CHECK(has(&d, file, 20, 1, WZ_WARNING, "is in SVG format, but its name does not end"));
    WZ_CHECK_INT(d.errors, 1);
    wz_scenario_free(sc);
    wz_diags_free(&d);

    WZ_TEST("avatars and the thumbnail are checked at their ScenarioInfo lines");
    write_text(scen, "a.twee",
               ":: StoryData\n{\"ifid\": \"" IFID "\", \"start\": \"Start\"}\n"
               ":: ScenarioInfo\nsummary: s\naudience: 8-11\ntopic: general\nminutes: 2\n"
               "thumbnail: images/thumb.png\n"                     /* 8 */
               "character: Sam | images/ok.svg\n"                  /* 9 */
               "character: Jo | ../outside/secret.png | #112233\n" /* 10 */
               ":: Start\n[[End]]\n" END3 ":: H [help]\nx\n");
    free(file);
    file = wz_path_join(scen, "a.twee");
    wz_diags_init(&d);
    sc = wz_scenario_load(file, &d);
    WZ_CHECK(has(&d, file, 8, 12, WZ_ERROR, "thumbnail \"images/thumb.png\" does not exist"));
    WZ_CHECK(has(&d, file, 10, 17, WZ_ERROR, "picture of Jo"));
    WZ_CHECK_INT(d.errors, 2);
    wz_scenario_free(sc);
    wz_diags_free(&d);

    free(file);
    free(link);
    free(target);
    free(dirlink);
    free(scen);
    free(images);
    free(outside);
}

static wz_scenario *mk(const char *file, const char *ifid, const char *extra_info, wz_diags *d)
{
    char *t = wz_xasprintf(":: StoryData\n{\"ifid\": \"%s\", \"start\": \"Start\"}\n"
                           ":: ScenarioInfo\nsummary: s\naudience: 8-11\ntopic: general\n"
                           "minutes: 2\n%s:: Start\n[[End]]\n" END3 ":: H [help]\nx\n",
                           ifid, extra_info);
    wz_scenario *sc = wz_scenario_parse(file, t, strlen(t), 0, d);
    free(t);
    return sc;
}

static void test_set(void)
{
    WZ_TEST("duplicate ifid across a folder: error on the later file, naming the first");
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *s[4];
    s[0] = mk("a.twee", IFID, "", &d);
    s[1] = mk("b.twee", IFID, "", &d);
    s[2] = mk("c.twee", "7A1D2C3B-4E5F-4A6B-8C7D-9E0F1A2B3C4D",
              "easy-read: yes\nvariant-of: " IFID "\n", &d);
    s[3] = mk("d.twee", "8A1D2C3B-4E5F-4A6B-8C7D-9E0F1A2B3C4D",
              "easy-read: yes\nvariant-of: 1A1D2C3B-4E5F-4A6B-8C7D-9E0F1A2B3C4D\n", &d);
    WZ_CHECK_INT(d.count, 0);
    int errors = wz_validate_set(s, 4, &d);
    WZ_CHECK_INT(errors, 1);
    WZ_CHECK(has(&d, "b.twee", 1, 1, WZ_ERROR, "is also used by a.twee"));
    WZ_TEST("variant-of naming no scenario in the folder: warning at the variant-of line");
    WZ_CHECK(has(&d, "d.twee", 9, 13, WZ_WARNING, "no scenario in this folder has that ifid"));
    WZ_CHECK_INT(d.count, 2);
    for (int i = 0; i < 4; i++)
        wz_scenario_free(s[i]);
    wz_diags_free(&d);

    WZ_TEST("a translation shares its original's ifid: only the same language clashes");
    wz_diags_init(&d);
    s[0] = mk("a.twee", IFID, "language: en\n", &d);
    s[1] = mk("a.pl.twee", IFID, "language: pl\n", &d);
    s[2] = mk("b.pl.twee", IFID, "language: pl-PL\n", &d);
    s[3] = mk("c.twee", IFID, "", &d); /* no language given: English */
    WZ_CHECK_INT(d.count, 0);
    WZ_CHECK_INT(wz_validate_set(s, 2, &d), 0);
    WZ_CHECK_INT(d.count, 0);
    WZ_CHECK_INT(wz_validate_set(s, 4, &d), 2);
    WZ_CHECK(
        has(&d, "b.pl.twee", 1, 1, WZ_ERROR, "is also used by a.pl.twee in the same language"));
    WZ_CHECK(has(&d, "c.twee", 1, 1, WZ_ERROR, "is also used by a.twee in the same language"));
    for (int i = 0; i < 4; i++)
        wz_scenario_free(s[i]);
    wz_diags_free(&d);

    WZ_TEST("a translation that renames a passage: a warning there (choices would not add up)");
    wz_diags_init(&d);
    s[0] = mk("a.pl.twee", IFID, "language: pl\n", &d);
    char *t = wz_xasprintf(":: StoryData\n{\"ifid\": \"%s\", \"start\": \"Start\"}\n"
                           ":: ScenarioInfo\nsummary: s\naudience: 8-11\ntopic: general\n"
                           "minutes: 2\n:: Start\n[[Koniec]]\n:: Koniec [ending safe]\nDone.\n\n"
                           "* One.\n* Two.\n* Three.\n:: H [help]\nx\n",
                           IFID);
    s[1] = wz_scenario_parse("a.twee", t, strlen(t), 0, &d); /* English: the original */
    free(t);
    WZ_CHECK_INT(wz_validate_set(s, 2, &d), 0);
    WZ_CHECK(has(&d, "a.pl.twee", 11, 1, WZ_WARNING, "passage \"End\" that its original a.twee"));
    WZ_CHECK_INT(d.count, 1);
    wz_scenario_free(s[0]);
    wz_scenario_free(s[1]);
    wz_diags_free(&d);

    WZ_TEST("easy-read without variant-of, and a malformed variant-of: warnings");
    wz_diags_init(&d);
    wz_scenario *e = mk("e.twee", IFID, "easy-read: yes\n", &d);
    WZ_CHECK(has(&d, "e.twee", 8, 12, WZ_WARNING, "should say which scenario"));
    wz_scenario_free(e);
    wz_diags_free(&d);
    wz_diags_init(&d);
    e = mk("f.twee", IFID, "easy-read: yes\nvariant-of: main\n", &d);
    WZ_CHECK(has(&d, "f.twee", 9, 13, WZ_WARNING, "variant-of should be the ifid"));
    wz_scenario_free(e);
    wz_diags_free(&d);
}

static void rm_tree(const char *dir)
{
    char *cmd = wz_xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
}

/* Parses BASE + body; 1 when no diagnostic contains needle (prints them otherwise). */
static int none(const char *body, const char *needle)
{
    char *text = wz_xasprintf("%s%s", BASE, body);
    wz_diags d;
    wz_scenario *sc = parse(text, &d);
    int n = count_msg(&d, needle);
    if (n) wz_diags_print(&d, stderr);
    wz_scenario_free(sc);
    wz_diags_free(&d);
    free(text);
    return n == 0;
}

/* Two decisions (lines 17 and 29), each with the choices a and b in that order, to
 * feedback S (safe) and R (risky). */
#define TWO_DECISIONS(a, b)                                                                        \
    ":: Start\n" a "\n" b "\n\n"                                                                   \
    ":: S [feedback safe]\nGood.\n[[Next->Two]]\n\n"                                               \
    ":: R [feedback risky]\nHm.\n[[Next->Two]]\n\n"                                                \
    ":: Two\n" a "\n" b "\n\n" END3
/* One decision (line 17) with the choices a and b. */
#define ONE_DECISION(a, b)                                                                         \
    ":: Start\n" a "\n" b "\n\n"                                                                   \
    ":: S [feedback safe]\nGood.\n[[End]]\n\n"                                                     \
    ":: R [feedback risky]\nHm.\n[[End]]\n\n" END3
#define SAFE_FIRST TWO_DECISIONS("[[Tell->S]]", "[[Keep it->R]]")

static void test_fair(void)
{
    WZ_TEST("the safe choice first in every decision: warning at the first decision");
    expect(SAFE_FIRST "\n:: S2 [feedback safe]\n[[End]]\n", 18, 1, WZ_WARNING,
           "comes first in all 2 decisions");
    WZ_TEST("... not when it is second somewhere, nor with one decision only");
    WZ_CHECK(none(":: Start\n[[Tell->S]]\n[[Keep it->R]]\n\n"
                  ":: S [feedback safe]\nGood.\n[[Next->Two]]\n\n"
                  ":: R [feedback risky]\nHm.\n[[Next->Two]]\n\n"
                  ":: Two\n[[Keep it->R2]]\n[[Tell->S2]]\n\n"
                  ":: S2 [feedback safe]\nGood.\n[[End]]\n\n"
                  ":: R2 [feedback risky]\nHm.\n[[End]]\n\n" END3,
                  "comes first in all"));
    WZ_CHECK(none(":: Start\n[[Tell->S]]\n[[Keep it->R]]\n\n"
                  ":: S [feedback safe]\nGood.\n[[End]]\n\n"
                  ":: R [feedback risky]\nHm.\n[[End]]\n\n" END3,
                  "comes first in all"));

    WZ_TEST("a safe choice much longer than the others: warning at its [[");
    expect(
        ONE_DECISION("[[Keep it->R]]", "  [[Block them, report them and tell a trusted adult->S]]"),
        19, 3, WZ_WARNING, "(48 characters; the longest other one has 7)");
    WZ_TEST("... not when only one of the two conditions holds (1.5 times, 15 more)");
    /* 30 against 20: 1.5 times but only 10 more */
    WZ_CHECK(
        none(ONE_DECISION("[[Twenty characters here->R]]", "[[Thirty characters in this one->S]]"),
             "much longer"));
    /* 59 against 40: 19 more but under 1.5 times */
    WZ_CHECK(none(ONE_DECISION("[[Forty characters in this one, more or less->R]]",
                               "[[Fifty-nine characters in this one, give or take a few, ok->S]]"),
                  "much longer"));

    WZ_TEST("keep-order and rate are known tags");
    WZ_CHECK(none(":: Start [keep-order]\n[[End]]\n\n" END3, "means nothing"));
    WZ_TEST("rate on a passage that is not spot: warning at the passage");
    expect(":: Start [chat rate]\nSam: hi\n[[End]]\n\n" END3, 17, 1, WZ_WARNING,
           "only means something on a spot passage");
    WZ_TEST("a message of a rate passage without a model rating: error at the message");
    expect(":: Start [spot rate]\n[green] Sam: hi\nWhy: friendly\n  Sam: no rating\n"
           "[[End]]\n\n" END3,
           20, 3, WZ_ERROR, "has no model rating");
    WZ_TEST("a rating on a message from You: warning");
    expect(":: Start [spot rate]\n[green] Sam: hi\n[red] You: me\n[[End]]\n\n" END3, 19, 1,
           WZ_WARNING, "do not rate their own");
    WZ_TEST("a rating outside a rate passage: warning at the message");
    expect(":: Start [spot]\n! Sam: x\nWhy: y\n[amber] Sam: z\n[[End]]\n\n" END3, 20, 1, WZ_WARNING,
           "only used in a spot passage tagged rate");
    WZ_TEST("a rate passage with no red message does not ask for ! (and no reason is fine)");
    WZ_CHECK(none(":: Start [spot rate]\n[green] Sam: hi\n[amber] Sam: hmm\n[[End]]\n\n" END3,
                  "has no warning signs"));
    WZ_CHECK(none(":: Start [spot rate]\n[green] Sam: hi\n[amber] Sam: hmm\n[[End]]\n\n" END3,
                  "no reason"));
    WZ_TEST("a Why: after an OK message of a spot passage is its reason, not a stray line");
    WZ_CHECK(none(":: Start [spot]\n! Sam: x\nWhy: y\nSam: fine\nWhy: it is fine\n[[End]]\n\n" END3,
                  "belongs straight after"));
}

int main(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/wz-validate-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_clean();
    test_links();
    test_structure();
    test_ifid_and_metadata();
    test_content();
    test_assets();
    test_set();
    test_fair();
    rm_tree(tmpdir);
    WZ_TEST_END();
}
