/*
 * gen_ending_scripts: writes one kiosk script per ending of every playable scenario in a
 * folder: from the attract screen, through the picker (with Easy read for easy-read
 * variants) and the menu, along the shortest path of choices to that ending, checking
 * on the way that spot-the-signs reveals every warning sign, and at the end that the
 * ending's own text and outcome are on screen.
 *
 * Generated, not hand-written, so that every ending of every example stays covered when
 * authors add or rename passages; the paths come from the same model the kiosk plays.
 *
 *   gen_ending_scripts SCENARIO_DIR OUT_DIR     prints the scripts' paths, one a line
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_fair.h"
#include "wz_i18n.h"
#include "wz_library.h"
#include "wz_util.h"

static void put_quoted(FILE *f, const char *s, size_t max)
{
    fputc('"', f);
    size_t n = 0;
    for (const char *p = s; *p && n < max; p++, n++) {
        if (*p == '"' || *p == '\\') fputc('\\', f);
        if (*p == '\n' || *p == '\r') {
            fputc(' ', f);
            continue;
        }
        fputc(*p, f);
    }
    /* do not end inside a UTF-8 sequence */
    fputc('"', f);
}

/* The longest prefix of s, up to max bytes, that ends on a character boundary. */
static size_t utf8_prefix(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static const char *audience_label(unsigned aud)
{
    if (!aud || (aud & WZ_AUD_8_11)) return "Age 8 to 11";
    if (aud & WZ_AUD_12_15) return "Age 12 to 15";
    if (aud & WZ_AUD_16_PLUS) return "Age 16 and over";
    return "Parent or carer";
}

static int is_ending(const wz_passage *p)
{
    return p->role == WZ_ROLE_ENDING || p->nchoices == 0;
}

static const char *outcome_heading(wz_class c)
{
    switch (c) {
    case WZ_CLASS_SAFE:
        return "You stayed safe";
    case WZ_CLASS_RISKY:
        return "This time, things went wrong";
    case WZ_CLASS_MIXED:
        return "Some safe choices, some risky ones";
    default:
        return "You reached the end";
    }
}

static int write_script(FILE *f, const wz_library *lib, const wz_scenario *sc, const int *path,
                        const int *choice, int len)
{
    const wz_scenario *main = sc;
    if (sc->variant_of) main = wz_library_find_language(lib, sc->variant_of, "en");
    if (!main) return -1;
    fprintf(f, "# %s: to the ending \"%s\"\n", sc->file, sc->passages[path[len - 1]].name);
    fprintf(f, "expect \"Touch to start\"\ntap 0.5 0.5\nexpect \"Who is playing?\"\n");
    if (sc->easy_read) fprintf(f, "tap \"Easy read\"\nexpect \"On\"\n");
    fprintf(f, "tap \"%s\"\nexpect \"Choose a story\"\ntap ", audience_label(main->audiences));
    put_quoted(f, main->title, 400);
    fprintf(f, "\n");
    for (int i = 0; i < len; i++) {
        const wz_passage *p = &sc->passages[path[i]];
        if (i == len - 1) {
            fprintf(f, "expect \"%s\"\n", outcome_heading(p->cls));
            for (int j = 0; j < p->nparts; j++) {
                if (p->parts[j].kind != WZ_PART_PARAGRAPH) continue;
                fprintf(f, "expect ");
                put_quoted(f, p->parts[j].text, utf8_prefix(p->parts[j].text, 40));
                fprintf(f, "\n");
                break;
            }
            fprintf(f, "tap \"Choose another\"\nexpect \"Choose a story\"\n");
            break;
        }
        int msgs = 0;
        for (int j = 0; j < p->nparts; j++)
            msgs += p->parts[j].kind != WZ_PART_PARAGRAPH;
        if ((p->role == WZ_ROLE_CHAT || p->role == WZ_ROLE_SPOT) && msgs > 0)
            fprintf(f, "tap \"Show all messages\"\n");
        if (wz_passage_is_rate(p)) {
            static const char *const words[] = {"", "Green: OK", "Amber: not sure", "Red: warning"};
            for (int j = 0; j < p->nparts; j++) {
                const wz_part *pt = &p->parts[j];
                if (pt->kind != WZ_PART_MESSAGE || pt->from_visitor || !pt->rating) continue;
                char *label = wz_xasprintf("%s for: %s", words[pt->rating], pt->text);
                fprintf(f, "tap ");
                put_quoted(f, label, 200);
                fprintf(f, "\n");
                free(label);
            }
            fprintf(f, "tap \"Check my answers\"\nexpect \"You matched\"\n");
        } else if (p->role == WZ_ROLE_SPOT) {
            int flags = 0;
            for (int j = 0; j < p->nparts; j++) {
                if (p->parts[j].kind != WZ_PART_MESSAGE || !p->parts[j].red_flag) continue;
                fprintf(f, "tap ");
                put_quoted(f, p->parts[j].text, 400);
                fprintf(f, "\n");
                flags++;
            }
            fprintf(f, "tap \"Done\"\nexpect \"Well done! You found all %d warning sign%s.\"\n",
                    flags, flags == 1 ? "" : "s");
        }
        fprintf(f, "tap ");
        put_quoted(f, p->choices[choice[i + 1]].label, 400);
        fprintf(f, "\n");
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_ending_scripts SCENARIO_DIR OUT_DIR\n");
        return 2;
    }
    wz_library *lib = wz_library_load(argv[1], NULL);
    int written = 0;
    for (int e = 0; e < lib->count; e++) {
        const wz_scenario *sc = lib->entries[e].sc;
        if (!lib->entries[e].playable || !sc || sc->start_index < 0) continue;
        /* English only: a visit starts in English, and translations have their own plays
         * (ui.play_translated, which chooses the language first) */
        if (!wz_i18n_same_language(sc->language, "en")) continue;
        int n = sc->npassages;
        int *from = wz_xcalloc((size_t)n, sizeof *from), *via = wz_xcalloc((size_t)n, sizeof *via);
        int *queue = wz_xcalloc((size_t)n, sizeof *queue);
        for (int i = 0; i < n; i++)
            from[i] = -2;
        int head = 0, tail = 0;
        queue[tail++] = sc->start_index;
        from[sc->start_index] = -1;
        via[sc->start_index] = -1;
        while (head < tail) {
            int cur = queue[head++];
            const wz_passage *p = &sc->passages[cur];
            if (is_ending(p)) continue;
            for (int c = 0; c < p->nchoices; c++) {
                int t = p->choices[c].target_index;
                if (t < 0 || from[t] != -2) continue;
                from[t] = cur;
                via[t] = c;
                queue[tail++] = t;
            }
        }
        const char *base = strrchr(sc->file, '/');
        base = base ? base + 1 : sc->file;
        for (int end = 0; end < n; end++) {
            if (from[end] == -2 || !is_ending(&sc->passages[end]) ||
                sc->passages[end].role == WZ_ROLE_HELP || sc->passages[end].role == WZ_ROLE_SPECIAL)
                continue;
            int len = 0;
            for (int i = end; i >= 0; i = from[i])
                len++;
            int *path = wz_xcalloc((size_t)len, sizeof *path),
                *ch = wz_xcalloc((size_t)len, sizeof *ch);
            int k = len;
            for (int i = end; i >= 0; i = from[i]) {
                path[--k] = i;
                ch[k] = via[i];
            }
            char *name = wz_xasprintf("%s/%s-%d.script", argv[2], base, end);
            FILE *f = fopen(name, "w");
            if (!f || write_script(f, lib, sc, path, ch, len) != 0) {
                fprintf(stderr, "gen_ending_scripts: cannot write %s\n", name);
                return 1;
            }
            fclose(f);
            printf("%s\n", name);
            written++;
            free(name);
            free(path);
            free(ch);
        }
        free(from);
        free(via);
        free(queue);
    }
    wz_library_free(lib);
    if (!written) {
        fprintf(stderr, "gen_ending_scripts: no playable scenario with an ending in %s\n", argv[1]);
        return 1;
    }
    return 0;
}
