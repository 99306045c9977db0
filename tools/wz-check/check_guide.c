/*
 * check_guide: wz-check --guide FILE [-o OUT], the facilitator's sheet for one scenario
 * (see check_guide.h). One self-contained HTML page: its own print style (A4), no script,
 * no link, no picture or font fetched from anywhere, so it prints the same on any machine
 * and can be mailed to a school. The sections come in the order a guide reads them before
 * a session. What the scenario does not say (no objectives, no questions) is said plainly
 * on the sheet instead of being made up, so an author sees what to add.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_guide.h"
#include "wz_check.h"
#include "wz_discuss.h"
#include "wz_quiz.h"

static const char css[] =
    "@page{size:A4;margin:16mm 16mm 18mm;@bottom-left{content:'Warning Zone \\B7  "
    "facilitator\\2019s guide';font:8pt "
    "sans-serif;color:#666}@bottom-right{content:counter(page) ' / ' counter(pages);"
    "font:8pt sans-serif;color:#666}}\n"
    "*{box-sizing:border-box}\n"
    "body{font:10.5pt/1.45 'DejaVu Sans','Liberation Sans',Arial,sans-serif;color:#1d2330;"
    "margin:0 auto;max-width:180mm;padding:0;-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}\n"
    "header{border-bottom:3px solid #1f4e79;padding-bottom:3mm;margin-bottom:4mm}\n"
    ".brand{font-size:8.5pt;letter-spacing:.12em;text-transform:uppercase;color:#1f4e79;"
    "font-weight:bold}\n"
    "h1{font-size:20pt;margin:1mm 0 2mm;color:#10253f}\n"
    ".facts{display:flex;flex-wrap:wrap;gap:1.5mm 5mm;font-size:9pt;color:#333;margin:0;"
    "padding:0;list-style:none}\n.facts b{color:#1f4e79}\n"
    "h2{font-size:12.5pt;color:#1f4e79;border-bottom:1px solid #c9d6e3;padding-bottom:1mm;"
    "margin:5mm 0 2mm;break-after:avoid}\n"
    "h3{font-size:10.5pt;margin:3mm 0 1mm;break-after:avoid}\n"
    "p{margin:0 0 2mm}ul,ol{margin:0 0 2mm;padding-left:6mm}li{margin:0 0 1mm}\n"
    ".glance{display:grid;grid-template-columns:1fr 1fr;gap:0 6mm}\n"
    ".box{background:#f3f6fa;border-left:3px solid #1f4e79;padding:2mm 3mm;margin:0 0 2mm;"
    "break-inside:avoid}\n.box h2{margin-top:0;border:0}\n"
    ".care{background:#fff6e5;border-left-color:#c77700}\n"
    ".missing{color:#6b5a00;font-style:italic}\n"
    ".alert{background:#fde8e6;border-left:3px solid #b3261e;padding:2mm 3mm}\n"
    ".tag{display:inline-block;font-size:7.5pt;font-weight:bold;text-transform:uppercase;"
    "letter-spacing:.05em;border-radius:2mm;padding:0 1.6mm;border:1px solid}\n"
    ".tag.safe{color:#1b5e20;background:#e3f3e5}.tag.risky{color:#a31515;background:#fbe4e2}"
    ".tag.neutral{color:#455a64;background:#eceff1}.tag.mixed{color:#8a5a00;"
    "background:#fdf0d5}\n"
    "ol.map{list-style:none;padding:0;counter-reset:none}\n"
    ".step{border:1px solid #d5dde6;border-radius:1.5mm;padding:1.5mm 2.5mm;margin:0 0 1.5mm;"
    "break-inside:avoid}\n.step.ending{background:#f7f4fb}\n"
    ".mapsec{break-before:page}\n"
    ".points{columns:2;column-gap:8mm;font-size:9.5pt}.points li{break-inside:avoid}\n"
    ".head .no{display:inline-block;min-width:6mm;font-weight:bold;color:#fff;"
    "background:#1f4e79;border-radius:1mm;text-align:center;padding:0 1mm}\n"
    ".head .name{font-weight:bold}.head .kind{color:#667;font-size:8.5pt}\n"
    ".gist{font-size:9pt;color:#3a4150;margin:.8mm 0;white-space:pre-line}\n"
    ".choices,.signs{list-style:none;padding-left:3mm;margin:0;font-size:9pt}\n"
    ".choice.next{color:#556}.to{color:#445}.to b{color:#1f4e79}.cond{color:#667}\n"
    ".signs li:before{content:'\\2691  ';color:#a31515}.signs .why{color:#556}\n"
    ".quiz>li{break-inside:avoid;margin-bottom:2mm}.answers{list-style:none;padding-left:2mm}\n"
    ".answers .right{font-weight:bold;color:#1b5e20}.answers .right:before{content:'\\2713  '}"
    ".answers .wrong:before{content:'\\2013  ';color:#889}\n.why{font-size:9pt;color:#445}\n"
    ".disc{break-before:page;font-size:9.5pt;line-height:1.4}\n"
    "footer{margin-top:6mm;font-size:8pt;color:#666;border-top:1px solid #c9d6e3;"
    "padding-top:1.5mm}\n"
    "@media screen{body{padding:10mm}}\n";

static void put_text(wz_buf *b, const char *tag, const char *cls, const char *text)
{
    wz_buf_printf(b, "<%s%s%s%s>", tag, cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    wz_buf_put_html(b, text);
    wz_buf_printf(b, "</%s>\n", tag);
}

/* A paragraph with the field, or a note saying the scenario does not give it. */
static void field(wz_buf *b, const char *value, const char *missing)
{
    if (value && value[0])
        put_text(b, "p", NULL, value);
    else
        put_text(b, "p", "missing", missing);
}

static const char *audience_words(unsigned bit)
{
    switch (bit) {
    case WZ_AUD_8_11:
        return "Children aged 8 to 11";
    case WZ_AUD_12_15:
        return "Young people aged 12 to 15";
    case WZ_AUD_16_PLUS:
        return "Young people aged 16 and over";
    default:
        return "Parents and carers";
    }
}

static void header(wz_buf *b, const wz_scenario *sc, int errors)
{
    wz_buf_puts(b, "<header>\n<div class=\"brand\">Warning Zone &middot; Facilitator&rsquo;s "
                   "guide</div>\n");
    put_text(b, "h1", NULL, sc->title ? sc->title : "(a scenario with no title)");
    wz_buf_puts(b, "<ul class=\"facts\">\n");
    wz_buf_puts(b, "<li><b>Topic</b> ");
    wz_buf_put_html(b, sc->topic ? sc->topic : "not given");
    wz_buf_puts(b, "</li>\n");
    if (sc->minutes > 0) wz_buf_printf(b, "<li><b>Time</b> about %d minutes</li>\n", sc->minutes);
    wz_buf_puts(b, "<li><b>Language</b> ");
    wz_buf_put_html(b, sc->language);
    wz_buf_puts(b, sc->easy_read ? " (easy read)</li>\n" : "</li>\n<li><b>Review</b> ");
    if (!sc->easy_read) wz_buf_put_html(b, sc->review ? sc->review : "not stated");
    if (!sc->easy_read) wz_buf_puts(b, "</li>\n");
    wz_buf_puts(b, "</ul>\n</header>\n");
    if (errors)
        wz_buf_printf(b,
                      "<p class=\"alert\">wz-check found %d error%s in this scenario, so the "
                      "kiosk will not show it until they are fixed.</p>\n",
                      errors, errors == 1 ? "" : "s");
}

static void glance(wz_buf *b, const wz_scenario *sc)
{
    wz_buf_puts(b, "<div class=\"glance\">\n<section class=\"box\"><h2>Summary</h2>\n");
    field(b, sc->summary, "This scenario has no summary (summary: in ScenarioInfo).");
    wz_buf_puts(b, "</section>\n<section class=\"box\"><h2>Audience</h2>\n");
    if (!sc->audiences)
        put_text(b, "p", "missing",
                 "This scenario does not say who it is for (audience: in "
                 "ScenarioInfo).");
    else {
        wz_buf_puts(b, "<ul>\n");
        for (unsigned bit = 1; bit <= WZ_AUD_PARENTS; bit <<= 1)
            if (sc->audiences & bit) put_text(b, "li", NULL, audience_words(bit));
        wz_buf_puts(b, "</ul>\n");
    }
    wz_buf_puts(b, "</section>\n</div>\n<section><h2>Learning objectives</h2>\n");
    if (!sc->objectives || !sc->objectives[0]) {
        field(b, NULL,
              "This scenario does not state its learning objectives yet (objectives: "
              "in ScenarioInfo).");
    } else { /* written as one line, separated by semicolons */
        wz_buf_puts(b, "<ul>\n");
        for (const char *s = sc->objectives; *s;) {
            size_t n = strcspn(s, ";");
            char *one = wz_str_trim_dup(s, n);
            if (one[0]) put_text(b, "li", NULL, one);
            free(one);
            s += n + (s[n] == ';');
        }
        wz_buf_puts(b, "</ul>\n");
    }
    wz_buf_puts(b, "</section>\n<section class=\"box care\"><h2>Content note</h2>\n");
    field(b, sc->content_note,
          "This scenario has no content note (content-note: in "
          "ScenarioInfo); read it through before a session.");
    wz_buf_puts(b, "</section>\n");
}

/* The bullet points of every ending, each said once, in story order. */
static void learning_points(wz_buf *b, const wz_scenario *sc)
{
    wz_buf_puts(b, "<section><h2>Learning points</h2>\n");
    int n = 0;
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *p = &sc->passages[i];
        if (p->role != WZ_ROLE_ENDING) continue;
        for (int k = 0; k < p->nparts; k++) {
            const wz_part *pt = &p->parts[k];
            if (pt->kind != WZ_PART_BULLET) continue;
            int seen = 0;
            for (int j = 0; j <= i && !seen; j++) {
                const wz_passage *q = &sc->passages[j];
                for (int m = 0; q->role == WZ_ROLE_ENDING && m < (j == i ? k : q->nparts); m++)
                    seen |=
                        q->parts[m].kind == WZ_PART_BULLET && !strcmp(q->parts[m].text, pt->text);
            }
            if (seen) continue;
            if (!n++) wz_buf_puts(b, "<ul class=\"points\">\n");
            put_text(b, "li", NULL, pt->text);
        }
    }
    if (n)
        wz_buf_puts(b, "</ul>\n");
    else
        field(b, NULL, "The endings of this scenario have no learning points (\"* \" lines).");
    wz_buf_puts(b, "</section>\n");
}

static void discussion(wz_buf *b, const wz_scenario *sc)
{
    wz_buf_puts(b, "<section><h2>Discussion questions</h2>\n");
    wz_discuss *d = wz_discuss_read(sc, NULL);
    if (!d) {
        field(b, NULL,
              "This scenario has no discussion questions yet (a passage tagged discuss; "
              "see docs/scenario-format.md).");
    } else {
        wz_buf_puts(b, "<ol>\n");
        for (int i = 0; i < d->nquestions; i++)
            put_text(b, "li", NULL, d->questions[i]);
        wz_buf_puts(b, "</ol>\n");
    }
    wz_discuss_free(d);
    wz_buf_puts(b, "</section>\n");
}

static void knowledge_check(wz_buf *b, const wz_scenario *sc)
{
    wz_buf_puts(b, "<section><h2>Knowledge check, with answers</h2>\n");
    wz_quiz *q = wz_quiz_read(sc, NULL);
    if (!q) {
        field(b, NULL, "This scenario has no knowledge check (a passage tagged quiz).");
        wz_buf_puts(b, "</section>\n");
        return;
    }
    if (!q->usable)
        field(b, NULL,
              "wz-check has warnings about this knowledge check, so the kiosk leaves "
              "it out until they are fixed.");
    wz_buf_puts(b, "<p>Right answers are ticked and in bold.</p>\n<ol class=\"quiz\">\n");
    for (int i = 0; i < q->nquestions; i++) {
        const wz_quiz_question *qu = &q->questions[i];
        wz_buf_puts(b, "<li>");
        put_text(b, "div", "q", qu->text);
        wz_buf_puts(b, "<ul class=\"answers\">\n");
        for (int k = 0; k < qu->nanswers; k++)
            put_text(b, "li", qu->answers[k].right ? "right" : "wrong", qu->answers[k].text);
        wz_buf_puts(b, "</ul>\n");
        if (qu->why) put_text(b, "div", "why", qu->why);
        wz_buf_puts(b, "</li>\n");
    }
    wz_buf_puts(b, "</ol>\n</section>\n");
    wz_quiz_free(q);
}

static void help(wz_buf *b, const wz_scenario *sc)
{
    wz_buf_puts(b, "<section class=\"box\"><h2>Help numbers</h2>\n");
    if (sc->help_index < 0) {
        field(b, NULL,
              "This scenario has no help passage of its own, so the kiosk shows its "
              "general help.");
    } else {
        const wz_passage *p = &sc->passages[sc->help_index];
        int list = 0;
        for (int k = 0; k < p->nparts; k++) {
            const wz_part *pt = &p->parts[k];
            if (pt->kind == WZ_PART_IMAGE) continue;
            int bullet = pt->kind == WZ_PART_BULLET;
            if (bullet != list) wz_buf_puts(b, bullet ? "<ul>\n" : "</ul>\n");
            list = bullet;
            put_text(b, bullet ? "li" : "p", NULL, pt->text);
        }
        if (list) wz_buf_puts(b, "</ul>\n");
    }
    wz_buf_puts(b, "</section>\n");
}

/* The whole page for sc; errors is how many errors wz-check found in it. */
static char *guide_page(const wz_scenario *sc, int errors)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    const char *slash = strrchr(sc->file, '/');
    const char *base = slash ? slash + 1 : sc->file;
    wz_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"");
    wz_buf_put_html(&b, sc->language);
    wz_buf_puts(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-"
                    "Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                    "\n<title>Guide: ");
    wz_buf_put_html(&b, sc->title ? sc->title : base);
    wz_buf_printf(&b,
                  "</title>\n<style>\n%s</style>\n"
                  "</head>\n<body>\n",
                  css);
    header(&b, sc, errors);
    glance(&b, sc);
    learning_points(&b, sc);
    discussion(&b, sc);
    wz_buf_puts(&b, "<section class=\"mapsec\"><h2>Decision map</h2>\n<p>The passages in the "
                    "order visitors meet them. Each choice shows whether it is safe, risky or "
                    "neutral and the number of the passage it leads to.</p>\n");
    wz_guide_map(&b, sc);
    wz_buf_puts(&b, "</section>\n");
    knowledge_check(&b, sc);
    help(&b, sc);
    wz_buf_puts(&b, "<section class=\"disc\"><h2>If a child tells you something</h2>\n");
    if (wz_guide_disclosure(&b) != 0)
        field(&b, NULL, "See \"When a child tells you something\" in the staff guide.");
    char day[16] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm)) strftime(day, sizeof day, "%Y-%m-%d", &tm);
    wz_buf_puts(&b, "</section>\n<footer>Made with wz-check --guide from ");
    wz_buf_put_html(&b, base);
    wz_buf_printf(&b,
                  " on %s. Check the scenario has not changed since.</footer>\n"
                  "</body>\n</html>\n",
                  day);
    return wz_buf_steal(&b);
}

/* NAME.pdf for NAME.html (or NAME.htm), OUT.pdf for anything else. */
static char *pdf_name(const char *html)
{
    size_t n = strlen(html);
    if (wz_str_ends(html, ".html"))
        n -= 5;
    else if (wz_str_ends(html, ".htm"))
        n -= 4;
    return wz_xasprintf("%.*s.pdf", (int)n, html);
}

/* STEM-guide.html in the current folder, for the scenario file FILE/.../STEM.twee: never
 * beside the scenario, where the kiosk would try to read it as one. */
static char *default_name(const char *file)
{
    const char *slash = strrchr(file, '/');
    const char *base = slash ? slash + 1 : file;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    return wz_xasprintf("%.*s-guide.html", (int)n, base);
}

int wz_check_guide(const wz_scenario *sc, int errors, const char *out, int pdf)
{
    char *page = guide_page(sc, errors);
    int rc = errors ? 1 : 0;
    if (out && strcmp(out, "-") == 0) {
        fputs(page, stdout);
        free(page);
        return fflush(stdout) == 0 && !ferror(stdout) ? rc : 1;
    }
    char *html = out ? wz_xstrdup(out) : default_name(sc->file);
    if (wz_write_file_atomic(html, page, strlen(page)) != 0) {
        fprintf(stderr, "wz-check: cannot write the guide to %s: %s\n", html, strerror(errno));
        rc = 1;
    } else {
        fprintf(stderr, "wz-check: wrote the guide sheet %s\n", html);
        char *tool = pdf ? wz_guide_pdf_tool() : NULL, *err = NULL, *name = pdf_name(html);
        if (pdf && !tool)
            fprintf(stderr,
                    "wz-check: no PDF converter is installed (chromium or weasyprint); "
                    "open %s in a browser and print it\n",
                    html);
        else if (tool && wz_guide_pdf_write(tool, html, name, &err) != 0) {
            fprintf(stderr,
                    "wz-check: could not make the PDF: %s; open %s in a browser and "
                    "print it\n",
                    err, html);
            rc = 1;
        } else if (tool)
            fprintf(stderr, "wz-check: wrote the PDF %s\n", name);
        free(tool);
        free(err);
        free(name);
    }
    free(html);
    free(page);
    return rc;
}
