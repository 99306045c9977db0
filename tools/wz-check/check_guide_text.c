/*
 * check_guide_text: the text on a guide sheet that is not the scenario's: the disclosure
 * procedure from docs/staff-guide.md. The document is compiled in (embed.cmake), so the
 * printed procedure is the one staff are trained on, with no second copy to fall behind,
 * and wz-check needs no docs folder when it is installed. Only the Markdown the staff guide
 * uses is understood: paragraphs, "- " lists, "### " headings, **bold** and `code`.
 */
#include <stdlib.h>
#include <string.h>

#include "check_guide.h"

extern const char wz_staff_guide_md[];
extern const size_t wz_staff_guide_md_len;

#define DISCLOSURE_HEADING "## When a child tells you something"

void wz_guide_inline(wz_buf *b, const char *s, size_t n)
{
    int strong = 0, code = 0;
    char *t = wz_xstrndup(s, n);
    for (char *p = t; *p;) {
        if (p[0] == '*' && p[1] == '*' && !code) {
            wz_buf_puts(b, strong ? "</strong>" : "<strong>");
            strong = !strong;
            p += 2;
            continue;
        }
        if (p[0] == '`') {
            wz_buf_puts(b, code ? "</code>" : "<code>");
            code = !code;
            p++;
            continue;
        }
        size_t k = strcspn(p, "*`");
        if (k == 0) k = 1; /* a single '*' */
        char saved = p[k];
        p[k] = '\0';
        wz_buf_put_html(b, p);
        p[k] = saved;
        p += k;
    }
    if (code) wz_buf_puts(b, "</code>");
    if (strong) wz_buf_puts(b, "</strong>");
    free(t);
}

typedef struct md {
    wz_buf *out;
    wz_buf acc; /* the words of the block being read */
    char block; /* 0 none, 'p' paragraph, 'l' list item */
    int in_list;
} md;

static void flush(md *m, int end_list)
{
    if (m->block) {
        wz_buf_puts(m->out, m->block == 'p' ? "<p>" : "<li>");
        wz_guide_inline(m->out, m->acc.data ? m->acc.data : "", m->acc.len);
        wz_buf_puts(m->out, m->block == 'p' ? "</p>\n" : "</li>\n");
        m->acc.len = 0;
        if (m->acc.data) m->acc.data[0] = '\0';
        m->block = 0;
    }
    if (end_list && m->in_list) {
        wz_buf_puts(m->out, "</ul>\n");
        m->in_list = 0;
    }
}

static void add_words(md *m, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        n--;
    if (m->acc.len) wz_buf_putc(&m->acc, ' ');
    wz_buf_append(&m->acc, s, n);
}

void wz_guide_markdown(wz_buf *b, const char *s, size_t n)
{
    md m = {b, {0}, 0, 0};
    wz_buf_init(&m.acc, 0);
    const char *end = s + n;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
        size_t i = strspn(s, " ");
        if (i >= len || (len - i == 1 && s[i] == '\r')) {
            flush(&m, 1);
        } else if (len > 4 && strncmp(s, "### ", 4) == 0) {
            flush(&m, 1);
            wz_buf_puts(b, "<h3>");
            wz_guide_inline(b, s + 4, len - 4);
            wz_buf_puts(b, "</h3>\n");
        } else if (len > 2 && strncmp(s, "- ", 2) == 0) {
            flush(&m, 0);
            if (!m.in_list) wz_buf_puts(b, "<ul>\n");
            m.in_list = 1;
            m.block = 'l';
            add_words(&m, s + 2, len - 2);
        } else {
            if (!m.block) {
                flush(&m, 1);
                m.block = 'p';
            }
            add_words(&m, s, len);
        }
        s = nl ? nl + 1 : end;
    }
    flush(&m, 1);
    wz_buf_free(&m.acc);
}

int wz_guide_disclosure(wz_buf *b)
{
    const char *doc = wz_staff_guide_md, *end = doc + wz_staff_guide_md_len;
    const char *h = strstr(doc, "\n" DISCLOSURE_HEADING "\n");
    if (!h) return -1;
    const char *body = h + 1 + strlen(DISCLOSURE_HEADING) + 1;
    const char *next = strstr(body, "\n## ");
    wz_guide_markdown(b, body, (size_t)((next ? next + 1 : end) - body));
    return 0;
}
