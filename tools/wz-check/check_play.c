/*
 * check_play: wz-check --play, a scenario in the terminal.
 *
 * The author sees what a visitor sees, in reading order, driven by the same story runner
 * as the kiosk: chat lines as "Name: text", spot passages followed by their warning
 * signs and reasons, feedback with its class, endings with their outcome and learning
 * points. Choices are numbered and read one line at a time from `in`, so a test can pipe
 * a list of numbers in; end of input always ends the game cleanly. Input lines are
 * bounded: anything past the buffer is read and thrown away.
 *
 * A rating round (a spot passage tagged rate) shows each message with the colour the
 * visitor will be asked for and the authors' answer; a scenario's knowledge check is
 * announced at the start (some visitors answer it there) and shown, right answers marked,
 * after each ending, with a note when the kiosk would leave it out.
 *
 * Story memory: a scenario with flags shows what the visitor remembers under each passage,
 * and "+name" or "-name" at a prompt sets or clears a flag and shows the passage again,
 * so an author can see an ending as a visitor with that flag would without replaying.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_check.h"
#include "wz_fair.h"
#include "wz_quiz.h"
#include "wz_story.h"

/* Reads one line into buf (without the newline). Returns 0 at end of input. */
static int read_line(FILE *in, char *buf, size_t size)
{
    if (!fgets(buf, (int)size, in)) return 0;
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] == '\n') {
        buf[--n] = '\0';
    } else {
        int c;
        while ((c = fgetc(in)) != EOF && c != '\n')
            ;
    }
    while (n > 0 && (buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
        buf[--n] = '\0';
    return 1;
}

static void show_passage(const wz_scenario *sc, const wz_passage *p, FILE *out)
{
    fprintf(out, "\n== %s ==\n", p->name);
    if (p->role == WZ_ROLE_FEEDBACK) {
        if (p->cls == WZ_CLASS_SAFE)
            fputs("[That was a safe choice]\n", out);
        else if (p->cls == WZ_CLASS_RISKY)
            fputs("[That was a risky choice]\n", out);
    }
    int flags = 0, msg = 0;
    for (int i = 0; i < p->nparts; i++) {
        const wz_part *part = &p->parts[i];
        switch (part->kind) {
        case WZ_PART_PARAGRAPH:
            fprintf(out, "%s\n\n", part->text);
            break;
        case WZ_PART_BULLET:
            fprintf(out, "  * %s\n", part->text);
            break;
        case WZ_PART_IMAGE:
            fprintf(out, "[picture: %s]\n", part->text[0] ? part->text : part->image);
            break;
        case WZ_PART_MESSAGE:
            if (p->role == WZ_ROLE_SPOT) fprintf(out, "%2d. ", ++msg);
            fprintf(out, "%s: %s\n", part->from_visitor ? "You" : part->sender, part->text);
            if (wz_passage_is_rate(p) && !part->from_visitor)
                fprintf(out, "    [green, amber or red? The answer: %s%s%s]\n",
                        part->rating ? wz_rating_name(part->rating) : "none given",
                        part->why ? ". Why: " : "", part->why ? part->why : "");
            flags += part->red_flag;
            break;
        case WZ_PART_NOTE:
            fprintf(out, "   (%s)\n", part->text);
            break;
        }
    }
    if (wz_passage_is_rate(p))
        fputs("\n(A rating round: the visitor rates each message green, amber or red, then "
              "sees the answers.)\n",
              out);
    if (p->role == WZ_ROLE_SPOT && flags > 0 && !wz_passage_is_rate(p)) {
        fprintf(out, "\nThe warning signs in this chat:\n");
        msg = 0;
        for (int i = 0; i < p->nparts; i++) {
            const wz_part *part = &p->parts[i];
            if (part->kind != WZ_PART_MESSAGE) continue;
            msg++;
            if (part->red_flag)
                fprintf(out, "%2d. %s: %s\n    Why: %s\n", msg, part->sender, part->text,
                        part->why ? part->why : "(no reason given)");
        }
    }
    (void)sc;
}

/* The knowledge check, right answers marked. */
static void show_quiz(const wz_scenario *sc, FILE *out)
{
    wz_quiz *q = wz_quiz_read(sc, NULL);
    if (!q) return;
    fputs("\n== Knowledge check ==\n", out);
    if (!q->usable)
        fputs("(It has warnings, so the kiosk leaves it out: run wz-check without --play.)\n", out);
    for (int i = 0; i < q->nquestions; i++) {
        const wz_quiz_question *qu = &q->questions[i];
        fprintf(out, "Q%d. %s\n", i + 1, qu->text);
        for (int k = 0; k < qu->nanswers; k++)
            fprintf(out, "    %c %s\n", qu->answers[k].right ? '+' : '-', qu->answers[k].text);
        if (qu->why) fprintf(out, "    Why: %s\n", qu->why);
    }
    wz_quiz_free(q);
}

static void show_flags(const wz_story *st, FILE *out)
{
    const wz_scenario *sc = wz_story_scenario(st);
    if (wz_flag_count(sc) == 0) return;
    char *have = wz_flags_describe(sc, wz_story_flags(st));
    fprintf(out, "[Remembered: %s]\n", have);
    free(have);
}

/* "+name" or "-name": sets or clears that flag. Returns 1 when buf was one (said so). */
static int try_flag(wz_story *st, const char *buf, FILE *out)
{
    const wz_scenario *sc = wz_story_scenario(st);
    if (buf[0] != '+' && buf[0] != '-') return 0;
    int i = wz_flag_find(sc, buf + 1);
    if (i < 0) {
        char *all = wz_flags_describe(sc, ~(wz_flags)0);
        fprintf(out, "This scenario has no flag \"%s\"; its flags are: %s.\n", buf + 1, all);
        free(all);
        return 1;
    }
    wz_flags bit = (wz_flags)1 << i, f = wz_story_flags(st);
    wz_story_set_flags(st, buf[0] == '+' ? f | bit : f & ~bit);
    return 1;
}

int wz_check_play(const wz_scenario *sc, FILE *in, FILE *out)
{
    wz_story *st = wz_story_create(sc);
    if (wz_story_start(st) != 0) {
        fprintf(out, "This scenario has no start passage, so it cannot be played.\n");
        wz_story_destroy(st);
        return -1;
    }
    fprintf(out, "%s\n", sc->title ? sc->title : sc->file);
    if (sc->content_note) fprintf(out, "(Content note: %s)\n", sc->content_note);
    wz_quiz *q = wz_quiz_read(sc, NULL);
    if (q)
        fprintf(out,
                "(A knowledge check of %d questions: some visitors answer it before the "
                "story, the others after the ending, where it is shown.)\n",
                q->nquestions);
    wz_quiz_free(q);
    char buf[256];
    for (;;) {
        const wz_passage *p = wz_story_current(st);
        show_passage(sc, p, out);
        show_flags(st, out);
        int n = p->nchoices;
        if (wz_story_is_ended(st)) {
            wz_class outcome = wz_story_outcome(st);
            if (p->role == WZ_ROLE_ENDING)
                fprintf(out, "\nThe end (%s outcome).\n",
                        outcome == WZ_CLASS_NONE ? "no" : wz_class_name(outcome));
            else if (sc->passages[wz_story_current_index(st)].nchoices > 0)
                fprintf(out, "\nWith what the visitor remembers, this passage shows no "
                             "choice and is not an ending: a dead end.\n");
            else
                fprintf(out, "\nThis passage has no choices and is not an ending: a dead "
                             "end.\n");
            if (sc->help_index >= 0 && sc->help_index != wz_story_current_index(st))
                show_passage(sc, &sc->passages[sc->help_index], out);
            if (p->role == WZ_ROLE_ENDING) show_quiz(sc, out);
            fprintf(out, "\nType r to play again, or q to quit%s.\n> ",
                    wz_flag_count(sc) ? " (+name or -name sets or clears a flag)" : "");
            fflush(out);
            if (!read_line(in, buf, sizeof(buf))) break;
            if (try_flag(st, buf, out)) continue;
            if (strcmp(buf, "r") != 0) break;
            wz_story_restart(st);
            continue;
        }
        for (int k = 0; k < n; k++)
            fprintf(out, "  %d) %s\n", k + 1, p->choices[k].label);
        for (;;) {
            fprintf(out, "> ");
            fflush(out);
            if (!read_line(in, buf, sizeof(buf))) goto done;
            if (strcmp(buf, "q") == 0) goto done;
            if (try_flag(st, buf, out)) break;
            char *end = NULL;
            long pick = strtol(buf, &end, 10);
            if (end != buf && *end == '\0' && pick >= 1 && pick <= n) {
                if (wz_story_choose(st, (int)pick - 1) == 0) break;
                fprintf(out, "That choice leads to \"%s\", which does not exist.\n",
                        p->choices[pick - 1].target);
            } else {
                fprintf(out, "Type a number from 1 to %d (or q to quit%s).\n", n,
                        wz_flag_count(sc) ? "; +name or -name sets or clears a flag" : "");
            }
        }
    }
done:
    fprintf(out, "\nGoodbye.\n");
    wz_story_destroy(st);
    return 0;
}
