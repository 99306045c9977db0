/*
 * check_guide: wz-check --guide, a printable facilitator's sheet for one scenario.
 *
 * check_guide.c writes the page (every section, in the order a guide reads them before a
 * session), check_guide_map.c the decision map, check_guide_text.c the pieces of text that
 * come from elsewhere (the staff guide's disclosure procedure, embedded at build time so
 * the sheet and docs/staff-guide.md never differ), check_guide_pdf.c the PDF through a
 * converter that is installed. Every text from a scenario goes through wz_buf_put_html.
 */
#ifndef CHECK_GUIDE_H
#define CHECK_GUIDE_H

#include "wz_scenario.h"
#include "wz_util.h"

/* The decision map: every story passage in the order a visitor meets them (from the
 * start), numbered, with its choices and where each leads. */
void wz_guide_map(wz_buf *b, const wz_scenario *sc);
/* The passage's first words: up to 5 parts (a message a line, as "Name: words") and max
 * bytes, cut at a space, with "..." when there is more. New string. */
char *wz_guide_gist(const wz_passage *p, size_t max);

/* The staff guide's section on what to do when a child tells you something, as HTML
 * (paragraphs, lists, bold, sub-headings). 0, or -1 when the section is missing. */
int wz_guide_disclosure(wz_buf *b);
/* Markdown-like text s[0..n) (paragraphs, "- " lists with indented continuation lines,
 * "### " headings, **bold**) as HTML, every word escaped. */
void wz_guide_markdown(wz_buf *b, const char *s, size_t n);
/* Appends s escaped, with **bold** as <strong>. */
void wz_guide_inline(wz_buf *b, const char *s, size_t n);

/* The converter found on PATH (chromium, chromium-browser, google-chrome, weasyprint), as
 * a new path, or NULL when none is installed. */
char *wz_guide_pdf_tool(void);
/* Makes pdf from the HTML file html with tool, within a time-out. 0, or -1 with *err. */
int wz_guide_pdf_write(const char *tool, const char *html, const char *pdf, char **err);

#endif
