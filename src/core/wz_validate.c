/*
 * wz_validate: the checks an author needs, worded for a teacher.
 *
 * Each check points at the exact place (the link, the message, the ScenarioInfo line)
 * and says what to do. Errors are things the kiosk cannot play safely (a link to
 * nowhere, a dead end, an ending without an outcome, a picture outside the folder);
 * warnings are things that play but probably are not what the author meant.
 *
 * The readers already report what belongs to the file syntax (empty file, duplicate
 * passage names, invalid UTF-8, size limits); here we judge the interpreted story.
 * Asset paths are resolved with realpath and compared with the scenario folder's own
 * realpath, so neither "../", an absolute path nor a symbolic link can make the kiosk
 * show a file from outside the folder an author handed in.
 */
#include "wz_validate.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "wz_fair.h"
#include "wz_picture.h"
#include "wz_discuss.h"
#include "wz_i18n.h"
#include "wz_quiz.h"
#include "wz_sound.h"
#include "wz_util.h"

/* Bounds, so that a hostile or broken file cannot make validation slow: each picture
 * costs a few small reads of its header (an SVG drawing, at most 1 MB, is read whole),
 * each "did you mean" hint a pass over the passages. */
#define WZ_VALIDATE_MAX_PICTURES 500
#define WZ_VALIDATE_MAX_HINTS 100

/* Per-run counters for those bounds. */
typedef struct vstate {
    int pictures;
    int hints;
} vstate;

/* ---- where things are ---- */

static int find_passage_line(const wz_scenario *sc, const char *name)
{
    int i = wz_scenario_find(sc, name);
    return i >= 0 ? sc->passages[i].line : 1;
}

/* Finds the ScenarioInfo line "key: ..." whose value contains `value` (NULL: any). Sets
 * line and the column of the value. Returns 0 when there is none, 1 when the line's value
 * is empty, 2 when it has one. */
static int info_find(const wz_scenario *sc, const char *key, const char *value, int *line, int *col)
{
    int idx = wz_scenario_find(sc, "ScenarioInfo");
    if (idx < 0) return 0;
    const wz_passage *p = &sc->passages[idx];
    const char *s = p->text ? p->text : "";
    size_t klen = strlen(key);
    int lineno = p->text_line;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        size_t k = i;
        while (k < n && s[k] != ':')
            k++;
        size_t kend = k;
        while (kend > i && (s[kend - 1] == ' ' || s[kend - 1] == '\t'))
            kend--;
        if (k < n && kend - i == klen && strncasecmp(s + i, key, klen) == 0) {
            size_t v = k + 1;
            while (v < n && (s[v] == ' ' || s[v] == '\t'))
                v++;
            char *rest = wz_xstrndup(s + v, n - v);
            const char *at = value ? strstr(rest, value) : rest;
            size_t off = at ? v + (size_t)(at - rest) : 0;
            free(rest);
            if (at) {
                *line = lineno;
                *col = (int)wz_utf8_len(s, off) + 1; /* of the value itself */
                wz_passage_source_pos(p, line, col);
                size_t end = n;
                while (end > v && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
                    end--;
                return end > v ? 2 : 1;
            }
        }
        if (!nl) break;
        s = nl + 1;
        lineno++;
    }
    return 0;
}

/* ---- assets ---- */

static int has_dotdot(const char *rel)
{
    const char *s = rel;
    while (*s) {
        const char *slash = strchr(s, '/');
        size_t n = slash ? (size_t)(slash - s) : strlen(s);
        if (n == 2 && s[0] == '.' && s[1] == '.') return 1;
        if (!slash) break;
        s = slash + 1;
    }
    return 0;
}

/* NULL, with a copy of msg in *err (when err is not NULL). */
static char *refuse(char **err, const char *msg)
{
    if (err) *err = wz_xstrdup(msg);
    return NULL;
}

char *wz_asset_resolve(const wz_scenario *sc, const char *rel, char **err)
{
    if (!rel || !rel[0]) return refuse(err, "the path is empty");
    if (strstr(rel, "://") || wz_str_starts(rel, "data:"))
        return refuse(err, "it is a web address; pictures must be files inside the scenario's "
                           "folder");
    if (rel[0] == '/' || rel[0] == '~' ||
        (isalpha((unsigned char)rel[0]) && rel[1] == ':' && (rel[2] == '\\' || rel[2] == '/')))
        return refuse(err, "it is an absolute path; write the path from the scenario's folder, "
                           "such as images/picture.png");
    if (strchr(rel, '\\'))
        return refuse(err, "it contains \\; write paths with / (images/picture.png)");
    if (has_dotdot(rel))
        return refuse(err, "it uses \"..\" to leave the scenario's folder; keep pictures in the "
                           "folder or below it");
    const char *dir = sc && sc->dir ? sc->dir : ".";
    char *joined = wz_path_join(dir, rel);
    char base[PATH_MAX], real[PATH_MAX];
    if (!realpath(dir, base))
        return joined; /* folder unreadable: the existence check will say so */
    if (!realpath(joined, real))
        return joined; /* does not exist (or a dangling link): reported as missing */
    size_t bl = strlen(base);
    int inside = strncmp(real, base, bl) == 0 && (real[bl] == '/' || (bl == 1 && base[0] == '/'));
    free(joined);
    if (!inside)
        return refuse(err, "it leads outside the scenario's folder through a link; copy the "
                           "picture into the folder instead");
    return wz_xstrdup(real);
}

static int has_image_ext(const char *path)
{
    static const char *const exts[] = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"};
    size_t n = strlen(path);
    for (size_t i = 0; i < WZ_ARRAY_LEN(exts); i++) {
        size_t k = strlen(exts[i]);
        if (n > k && strcasecmp(path + n - k, exts[i]) == 0) return 1;
    }
    return 0;
}

/* The picture's size from its header: one that breaks the limits is refused (decoding it
 * could take the kiosk's memory); one that cannot be read plays, with its description
 * shown instead. */
static void check_picture(const wz_scenario *sc, wz_diags *d, const char *path, const char *rel,
                          int line, int col, const char *what)
{
    wz_picture_info info;
    char *msg = NULL;
    if (wz_picture_check(path, &info, &msg) != 0) {
        if (info.problem == WZ_PICTURE_TOO_BIG)
            wz_diag_add(d, WZ_ERROR, sc->file, line, col,
                        "the %s \"%s\" is too big for the kiosk. %s", what, rel, msg);
        else
            wz_diag_add(d, WZ_WARNING, sc->file, line, col,
                        "the %s \"%s\" cannot be shown, so visitors will read its description "
                        "instead. %s",
                        what, rel, msg);
        free(msg);
    } else if (!has_image_ext(rel)) {
        const char *name = wz_picture_format_name(info.format);
        char ext[8] = "";
        for (size_t i = 0; name[i] && i + 1 < sizeof ext; i++)
            ext[i] = (char)tolower((unsigned char)name[i]);
        wz_diag_add(d, WZ_WARNING, sc->file, line, col,
                    "the %s \"%s\" is in %s format, but its name does not end in .%s; rename it "
                    "so that people and programs know what it is",
                    what, rel, name, ext);
    }
}

/* what: "picture", "avatar of Jordan", "thumbnail". */
static void check_asset(const wz_scenario *sc, wz_diags *d, vstate *vs, const char *rel, int line,
                        int col, const char *what)
{
    if (++vs->pictures > WZ_VALIDATE_MAX_PICTURES) {
        if (vs->pictures == WZ_VALIDATE_MAX_PICTURES + 1)
            wz_diag_add(d, WZ_ERROR, sc->file, line, col,
                        "this scenario has more than %d pictures, more than the kiosk "
                        "accepts; the rest are not checked",
                        WZ_VALIDATE_MAX_PICTURES);
        return;
    }
    char *why = NULL;
    char *path = wz_asset_resolve(sc, rel, &why);
    if (!path) {
        wz_diag_add(d, WZ_ERROR, sc->file, line, col, "the %s \"%s\" cannot be used: %s", what,
                    rel ? rel : "", why);
        free(why);
        return;
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        wz_diag_add(d, WZ_ERROR, sc->file, line, col,
                    "the %s \"%s\" does not exist; put the file there (paths are counted from "
                    "the scenario's folder, and capital letters matter)",
                    what, rel);
    } else if (!S_ISREG(st.st_mode)) {
        wz_diag_add(d, WZ_ERROR, sc->file, line, col, "the %s \"%s\" is not a file", what, rel);
    } else {
        check_picture(sc, d, path, rel, line, col, what);
    }
    free(path);
}

/* ---- ifids ---- */

static int is_uuid(const char *s)
{
    if (strlen(s) != 36) return 0;
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return 0;
        } else if (!isxdigit((unsigned char)s[i])) {
            return 0;
        }
    }
    return 1;
}

/* ---- tags ---- */

static int is_role_tag(const char *t)
{
    return !strcmp(t, "narration") || !strcmp(t, "chat") || !strcmp(t, "spot") ||
           !strcmp(t, "feedback") || !strcmp(t, "ending") || !strcmp(t, "help");
}

static int is_class_tag(const char *t)
{
    return !strcmp(t, "safe") || !strcmp(t, "risky") || !strcmp(t, "neutral") ||
           !strcmp(t, "mixed");
}

static void check_tags(const wz_scenario *sc, const wz_passage *p, wz_diags *d)
{
    const char *role = NULL, *cls = NULL;
    for (int t = 0; t < p->ntags; t++) {
        const char *tag = p->tags[t];
        if (is_role_tag(tag)) {
            if (role && strcmp(role, tag) != 0)
                wz_diag_add(d, WZ_WARNING, sc->file, p->line, p->column,
                            "the passage \"%s\" has two kinds, %s and %s; give it one (only %s "
                            "is used)",
                            p->name, role, tag, role);
            else
                role = tag;
        } else if (is_class_tag(tag)) {
            if (cls && strcmp(cls, tag) != 0)
                wz_diag_add(d, WZ_WARNING, sc->file, p->line, p->column,
                            "the passage \"%s\" is tagged both %s and %s; give it one (only %s "
                            "is used)",
                            p->name, cls, tag, cls);
            else
                cls = tag;
        } else if (strcmp(tag, "script") != 0 && strcmp(tag, "stylesheet") != 0 &&
                   strcmp(tag, WZ_DISCUSS_TAG) != 0 && !wz_flags_is_tag(tag) &&
                   !wz_fair_is_tag(tag)) {
            wz_diag_add(d, WZ_WARNING, sc->file, p->line, p->column,
                        "the tag \"%s\" on \"%s\" means nothing to the kiosk; the tags are "
                        "narration, chat, spot, feedback, ending, help, safe, risky, neutral, "
                        "mixed, rate and keep-order",
                        tag, p->name);
        }
    }
    if (!cls) return;
    if (p->role == WZ_ROLE_FEEDBACK && p->cls == WZ_CLASS_MIXED)
        wz_diag_add(d, WZ_WARNING, sc->file, p->line, p->column,
                    "feedback is safe, risky or neutral, not mixed; the choices leading to "
                    "\"%s\" count as neutral",
                    p->name);
    else if (p->role != WZ_ROLE_FEEDBACK && p->role != WZ_ROLE_ENDING)
        wz_diag_add(d, WZ_WARNING, sc->file, p->line, p->column,
                    "the tag \"%s\" only means something on feedback and ending passages; the "
                    "choices leading to \"%s\" count as neutral",
                    cls, p->name);
}

/* ---- links ---- */

static int is_url(const char *t)
{
    const char *s = t;
    while (isalnum((unsigned char)*s) || *s == '_')
        s++;
    return s > t && strncmp(s, "://", 3) == 0;
}

static void check_choice(const wz_scenario *sc, const wz_choice *c, wz_diags *d, vstate *vs)
{
    if (c->target_index >= 0) {
        const wz_passage *t = &sc->passages[c->target_index];
        if (t->role == WZ_ROLE_SPECIAL)
            wz_diag_add(d, WZ_ERROR, sc->file, c->line, c->column,
                        "the choice \"%s\" leads to \"%s\", which is a special passage and "
                        "not part of the story",
                        c->label, c->target);
        return;
    }
    if (is_url(c->target)) {
        wz_diag_add(d, WZ_ERROR, sc->file, c->line, c->column,
                    "the choice \"%s\" leads to a web page; the kiosk cannot open web pages, "
                    "so write the address as ordinary text instead",
                    c->label);
        return;
    }
    /* A near miss is the usual cause: say which passage was probably meant (for the
     * first few broken links; past that the author has bigger problems). */
    char *trimmed = wz_str_trim_dup(c->target, strlen(c->target));
    const char *hint = NULL;
    if (++vs->hints <= WZ_VALIDATE_MAX_HINTS) {
        int t = strcmp(trimmed, c->target) != 0 ? wz_scenario_find(sc, trimmed) : -1;
        if (t >= 0) hint = sc->passages[t].name;
        for (int i = 0; !hint && i < sc->npassages; i++)
            if (wz_str_ieq(sc->passages[i].name, trimmed)) hint = sc->passages[i].name;
    }
    if (hint)
        wz_diag_add(d, WZ_ERROR, sc->file, c->line, c->column,
                    "the choice \"%s\" leads to \"%s\", but there is no passage with exactly "
                    "that name; did you mean \"%s\"? (capital letters and spaces matter)",
                    c->label, c->target, hint);
    else
        wz_diag_add(d, WZ_ERROR, sc->file, c->line, c->column,
                    "the choice \"%s\" leads to \"%s\", but there is no passage with that "
                    "name; check the spelling or add the passage",
                    c->label, c->target);
    free(trimmed);
}

/* ---- chat lines ---- */

/* A note such as "Jordn: hi" is probably a message from a misspelt or undeclared name. */
static int looks_like_message(const char *text, char **name)
{
    const char *colon = strchr(text, ':');
    if (!colon || colon == text || colon - text > 30 || !isalpha((unsigned char)text[0])) return 0;
    int spaces = 0;
    for (const char *s = text; s < colon; s++)
        if (*s == ' ') spaces++;
    if (spaces > 2 || colon[1] == '/') return 0;
    *name = wz_str_trim_dup(text, (size_t)(colon - text));
    return 1;
}

static void check_parts(const wz_scenario *sc, const wz_passage *p, wz_diags *d, vstate *vs)
{
    int flags = 0, bullets = 0;
    size_t chars = 0;
    for (int i = 0; i < p->nparts; i++) {
        const wz_part *part = &p->parts[i];
        chars += wz_utf8_len(part->text, strlen(part->text));
        switch (part->kind) {
        case WZ_PART_IMAGE:
            check_asset(sc, d, vs, part->image, part->line, part->column, "picture");
            if (!part->text[0])
                wz_diag_add(d, WZ_WARNING, sc->file, part->line, part->column,
                            "this picture has no description; write one like "
                            "[img[what the picture shows|%s]] for visitors who cannot see it",
                            part->image ? part->image : "");
            break;
        case WZ_PART_BULLET:
            bullets++;
            break;
        case WZ_PART_MESSAGE:
            if (part->red_flag) {
                flags++;
                if (p->role != WZ_ROLE_SPOT)
                    wz_diag_add(d, WZ_WARNING, sc->file, part->line, part->column,
                                "warning signs marked with ! are only shown in spot passages; "
                                "tag \"%s\" spot, or remove the !",
                                p->name);
                else if (!part->why || !part->why[0])
                    wz_diag_add(d, WZ_WARNING, sc->file, part->line, part->column,
                                "this warning sign has no reason; add a line \"Why: ...\" "
                                "straight after it, saying why it is a warning sign");
            }
            break;
        case WZ_PART_NOTE: {
            char *name = NULL;
            if (looks_like_message(part->text, &name)) {
                wz_diag_add(d, WZ_WARNING, sc->file, part->line, part->column,
                            "\"%s\" is not a character in ScenarioInfo, so this line is shown "
                            "as a note, not a message; fix the spelling or add \"character: "
                            "%s\" to ScenarioInfo",
                            name, name);
                free(name);
            }
            break;
        }
        default:
            break;
        }
    }
    if (chars > WZ_SCREEN_TEXT_CHARS)
        wz_diag_add(d, WZ_WARNING, sc->file, p->line, p->column,
                    "the passage \"%s\" has %zu characters of text, more than fits on one "
                    "screen (about %d); split it into two passages with a [[Next->...]] choice",
                    p->name, chars, WZ_SCREEN_TEXT_CHARS);
    if (p->role == WZ_ROLE_SPOT && flags == 0 && !wz_passage_is_rate(p))
        wz_diag_add(d, WZ_WARNING, sc->file, p->line, p->column,
                    "the spot passage \"%s\" has no warning signs; put ! in front of the "
                    "messages that are warning signs",
                    p->name);
    if (p->role == WZ_ROLE_ENDING && (bullets < 3 || bullets > 5))
        wz_diag_add(d, WZ_WARNING, sc->file, p->line, p->column,
                    "the ending \"%s\" has %d learning point%s; give it 3 to 5, each on a line "
                    "starting with \"* \"",
                    p->name, bullets, bullets == 1 ? "" : "s");
}

/* ---- the whole scenario ---- */

static void check_metadata(const wz_scenario *sc, wz_diags *d, vstate *vs)
{
    int info = wz_scenario_find(sc, "ScenarioInfo");
    int line, col;
    if (info < 0) {
        wz_diag_add(d, WZ_ERROR, sc->file, sc->story_line, sc->story_column,
                    "there is no ScenarioInfo passage; add one with at least summary, "
                    "audience, topic and minutes (see docs/scenario-format.md)");
    } else {
        static const char *const required[] = {"summary", "audience", "topic", "minutes"};
        int have[] = {sc->summary != NULL, sc->audiences != 0, sc->topic != NULL, sc->minutes != 0};
        int iline = sc->passages[info].line;
        for (size_t i = 0; i < WZ_ARRAY_LEN(required); i++) {
            /* A value that is there but wrong was reported where it is written. */
            if (have[i] || info_find(sc, required[i], NULL, &line, &col) == 2) continue;
            wz_diag_add(d, WZ_ERROR, sc->file, iline, sc->passages[info].column,
                        "ScenarioInfo has no \"%s\"; add a line \"%s: ...\" (see "
                        "docs/scenario-format.md)",
                        required[i], required[i]);
        }
    }
    if (sc->thumbnail) {
        if (!info_find(sc, "thumbnail", NULL, &line, &col)) line = col = 1;
        check_asset(sc, d, vs, sc->thumbnail, line, col, "thumbnail");
    }
    for (int i = 0; i < sc->ncharacters; i++) {
        const wz_character *ch = &sc->characters[i];
        if (!ch->avatar) continue;
        if (!info_find(sc, "character", ch->avatar, &line, &col)) line = col = 1;
        char *what = wz_xasprintf("picture of %s", ch->name);
        check_asset(sc, d, vs, ch->avatar, line, col, what);
        free(what);
    }
    if (sc->easy_read && !sc->variant_of) {
        if (!info_find(sc, "easy-read", NULL, &line, &col)) line = col = 1;
        wz_diag_add(d, WZ_WARNING, sc->file, line, col,
                    "an easy-read version should say which scenario it belongs to: add "
                    "\"variant-of:\" with that scenario's ifid");
    }
    if (sc->variant_of) {
        if (!info_find(sc, "variant-of", NULL, &line, &col)) line = col = 1;
        if (!sc->easy_read)
            wz_diag_add(d, WZ_WARNING, sc->file, line, col,
                        "variant-of is only used for easy-read versions; add \"easy-read: yes\" "
                        "or remove it");
        if (!is_uuid(sc->variant_of))
            wz_diag_add(d, WZ_WARNING, sc->file, line, col,
                        "variant-of should be the ifid of the main scenario, like "
                        "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E");
    }
}

static void check_story_data(const wz_scenario *sc, wz_diags *d)
{
    int line = sc->from_html ? sc->story_line : find_passage_line(sc, "StoryData");
    int col = sc->from_html ? sc->story_column : 1;
    if (!sc->ifid || !sc->ifid[0])
        wz_diag_add(d, WZ_ERROR, sc->file, line, col,
                    "this scenario has no ifid (its identity card); add a StoryData passage "
                    "with \"ifid\", and make a new one with wz-check --new-ifid");
    else if (!is_uuid(sc->ifid))
        wz_diag_add(d, WZ_ERROR, sc->file, line, col,
                    "the ifid \"%s\" is not in the right form (like "
                    "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E); make a new one with wz-check "
                    "--new-ifid",
                    sc->ifid);
    if (sc->start_index < 0) {
        if (sc->start && strcmp(sc->start, "Start") != 0)
            wz_diag_add(d, WZ_ERROR, sc->file, line, col,
                        "the start passage \"%s\" does not exist; set \"start\" in StoryData to "
                        "the name of the first passage",
                        sc->start);
        else
            wz_diag_add(d, WZ_ERROR, sc->file, line, col,
                        "there is no start passage; set \"start\" in StoryData to the name of "
                        "the first passage, or call it Start");
    } else if (sc->passages[sc->start_index].role == WZ_ROLE_SPECIAL) {
        wz_diag_add(d, WZ_ERROR, sc->file, line, col,
                    "the start passage \"%s\" is a special passage; start at a story passage",
                    sc->start);
    }
}

static void check_reachable(const wz_scenario *sc, wz_diags *d)
{
    int n = sc->npassages;
    char *seen = wz_xcalloc((size_t)n + 1, 1);
    int *queue = wz_xmalloc(((size_t)n + 1) * sizeof(int));
    int head = 0, tail = 0;
    seen[sc->start_index] = 1;
    queue[tail++] = sc->start_index;
    while (head < tail) {
        const wz_passage *p = &sc->passages[queue[head++]];
        for (int k = 0; k < p->nchoices; k++) {
            int t = p->choices[k].target_index;
            if (t >= 0 && !seen[t]) {
                seen[t] = 1;
                queue[tail++] = t;
            }
        }
    }
    for (int i = 0; i < n; i++) {
        const wz_passage *p = &sc->passages[i];
        if (!seen[i] && p->role != WZ_ROLE_SPECIAL && p->role != WZ_ROLE_HELP)
            wz_diag_add(d, WZ_WARNING, sc->file, p->line, p->column,
                        "no choice leads to \"%s\" from the start, so visitors never see it; "
                        "link to it or remove it",
                        p->name);
    }
    free(queue);
    free(seen);
}

int wz_validate(const wz_scenario *sc, wz_diags *diags)
{
    if (!sc || sc->npassages == 0) return 0; /* the reader has said why */
    int before = diags->errors;
    int story = 0;
    for (int i = 0; i < sc->npassages; i++)
        if (sc->passages[i].role != WZ_ROLE_SPECIAL) story++;
    if (story == 0) {
        wz_diag_add(diags, WZ_ERROR, sc->file, sc->story_line, sc->story_column,
                    "this story has no story passages, only special ones such as StoryData; "
                    "add the passages of the story");
        return diags->errors - before;
    }

    check_story_data(sc, diags);
    vstate vs = {0, 0};
    check_metadata(sc, diags, &vs);

    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *p = &sc->passages[i];
        if (p->role == WZ_ROLE_SPECIAL) continue;
        check_tags(sc, p, diags);
        check_parts(sc, p, diags, &vs);
        for (int k = 0; k < p->nchoices; k++)
            check_choice(sc, &p->choices[k], diags, &vs);
        if (p->nchoices > WZ_MAX_CHOICES && !wz_flags_conditional_choices(p))
            wz_diag_add(diags, WZ_ERROR, sc->file, p->choices[WZ_MAX_CHOICES].line,
                        p->choices[WZ_MAX_CHOICES].column,
                        "the passage \"%s\" has %d choices; the screen has room for %d, so "
                        "remove some or split the passage",
                        p->name, p->nchoices, WZ_MAX_CHOICES);
        if (p->role == WZ_ROLE_ENDING) {
            if (p->cls != WZ_CLASS_SAFE && p->cls != WZ_CLASS_RISKY && p->cls != WZ_CLASS_MIXED)
                wz_diag_add(diags, WZ_ERROR, sc->file, p->line, p->column,
                            "the ending \"%s\" has no outcome; tag it safe, risky or mixed as "
                            "well as ending",
                            p->name);
            if (p->nchoices > 0)
                wz_diag_add(diags, WZ_WARNING, sc->file, p->choices[0].line, p->choices[0].column,
                            "the ending \"%s\" has choices, which the kiosk does not show (it "
                            "adds Get help, Play again and Choose another itself)",
                            p->name);
        } else if (p->role == WZ_ROLE_FEEDBACK && p->cls == WZ_CLASS_NONE) {
            wz_diag_add(diags, WZ_WARNING, sc->file, p->line, p->column,
                        "the feedback \"%s\" is not tagged safe, risky or neutral, so the "
                        "choices leading to it count as neutral",
                        p->name);
        }
        if (p->nchoices == 0 && p->role != WZ_ROLE_ENDING && p->role != WZ_ROLE_HELP)
            wz_diag_add(diags, WZ_ERROR, sc->file, p->line, p->column,
                        "the passage \"%s\" is a dead end: it has no choices and is not an "
                        "ending; add a choice such as [[Next->...]] or tag it ending",
                        p->name);
    }
    wz_fair_check(sc, diags);
    if (sc->start_index >= 0) check_reachable(sc, diags);
    wz_flags_check(sc, diags, WZ_FLAGS_MAX_STATES);
    wz_quiz_check(sc, diags);
    wz_sound_check(sc, diags);
    wz_discuss_check(sc, diags);
    if (sc->help_index < 0)
        wz_diag_add(diags, WZ_WARNING, sc->file, sc->story_line, sc->story_column,
                    "there is no help passage; the kiosk will show its general help, but one "
                    "written for this topic is better (tag a passage help)");
    return diags->errors - before;
}

/* ---- across a folder ---- */

typedef struct ifid_ref {
    const char *ifid;
    int index;
} ifid_ref;

static int ifid_ref_cmp(const void *a, const void *b)
{
    const ifid_ref *x = a, *y = b;
    int c = strcmp(x->ifid, y->ifid);
    if (c) return c;
    return (x->index > y->index) - (x->index < y->index);
}

/* A translation keeps its original's passage names (only link texts and passage texts are
 * translated), so that its choices and endings count with the original's under their one
 * ifid: one warning at the first passage the original does not have. */
static void check_translation(const wz_scenario *orig, const wz_scenario *tr, wz_diags *diags)
{
    for (int i = 0; i < tr->npassages; i++) {
        const wz_passage *p = &tr->passages[i];
        if (wz_scenario_find(orig, p->name) >= 0) continue;
        char *other = wz_scenario_label(orig);
        wz_diag_add(diags, WZ_WARNING, tr->file, p->line, p->column,
                    "this translation has a passage \"%s\" that its original %s does not have; "
                    "keep the original's passage names (translate only the texts and the words "
                    "of links, as in [[Powiedz mamie->Told]]) so that choices and endings count "
                    "together in the statistics",
                    p->name, other);
        free(other);
        return;
    }
}

/* Each group of one ifid: the English one (else the first) is the original of the others
 * in another language. refs are sorted by ifid. */
static void check_translations(wz_scenario *const *scenarios, const ifid_ref *refs, int nrefs,
                               wz_diags *diags)
{
    for (int first = 0, end; first < nrefs; first = end) {
        end = first + 1;
        while (end < nrefs && strcmp(refs[end].ifid, refs[first].ifid) == 0)
            end++;
        const wz_scenario *orig = scenarios[refs[first].index];
        for (int k = first; k < end; k++)
            if (wz_i18n_same_language(scenarios[refs[k].index]->language, "en")) {
                orig = scenarios[refs[k].index];
                break;
            }
        for (int k = first; k < end; k++) {
            const wz_scenario *tr = scenarios[refs[k].index];
            if (!wz_i18n_same_language(tr->language, orig->language))
                check_translation(orig, tr, diags);
        }
    }
}

int wz_validate_set(wz_scenario *const *scenarios, int n, wz_diags *diags)
{
    int before = diags->errors;
    ifid_ref *refs = wz_xmalloc(((size_t)n + 1) * sizeof(*refs));
    int nrefs = 0;
    for (int i = 0; i < n; i++)
        if (scenarios[i] && scenarios[i]->ifid && scenarios[i]->ifid[0])
            refs[nrefs++] = (ifid_ref){scenarios[i]->ifid, i};
    if (nrefs > 1) qsort(refs, (size_t)nrefs, sizeof(*refs), ifid_ref_cmp);
    for (int i = 1; i < nrefs; i++) {
        if (strcmp(refs[i].ifid, refs[i - 1].ifid) != 0) continue;
        int first = i - 1;
        while (first > 0 && strcmp(refs[first - 1].ifid, refs[i].ifid) == 0)
            first--;
        /* a translation shares its original's ifid: only two in one language clash */
        const wz_scenario *b = scenarios[refs[i].index], *a = NULL;
        for (int k = first; k < i && !a; k++)
            if (wz_i18n_same_language(scenarios[refs[k].index]->language, b->language))
                a = scenarios[refs[k].index];
        if (!a) continue;
        char *other = wz_scenario_label(a);
        wz_diag_add(diags, WZ_ERROR, b->file,
                    b->from_html ? b->story_line : find_passage_line(b, "StoryData"),
                    b->from_html ? b->story_column : 1,
                    "the ifid %s is also used by %s in the same language; every scenario needs "
                    "its own ifid (a translation keeps its original's ifid but names another "
                    "language in ScenarioInfo), so give this file its language or make a new "
                    "ifid with wz-check --new-ifid",
                    b->ifid, other);
        free(other);
    }
    check_translations(scenarios, refs, nrefs, diags);
    free(refs);

    for (int i = 0; i < n; i++) {
        const wz_scenario *sc = scenarios[i];
        if (!sc || !sc->variant_of) continue;
        int line, col, found = 0;
        if (!info_find(sc, "variant-of", NULL, &line, &col)) line = col = 1;
        for (int j = 0; j < n && !found; j++)
            if (j != i && scenarios[j] && scenarios[j]->ifid &&
                wz_str_ieq(scenarios[j]->ifid, sc->variant_of))
                found = 1;
        if (!found)
            wz_diag_add(diags, WZ_WARNING, sc->file, line, col,
                        "variant-of names %s, but no scenario in this folder has that ifid; "
                        "copy the ifid from the main scenario's StoryData",
                        sc->variant_of);
    }
    return diags->errors - before;
}
