/*
 * check_json: wz-check --format=json, the machine-readable verdict.
 *
 * The shape is the one in docs/interfaces.md: {"scenarios":[...], "diagnostics":[...]}, with
 * every file that was read listed even when it has errors. Special passages (StoryTitle,
 * StoryData, ScenarioInfo, script and stylesheet) are left out of "passages": their
 * content is the scenario's own fields, and the Twee and HTML forms of one story keep
 * them differently, while the story passages must come out identical from both.
 * Built with cJSON so escaping is never our problem.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "wz_check.h"
#include "wz_util.h"

/* Passages are listed by name, as Twine's own Twee export orders them: a published HTML
 * file keeps Twine's creation order and a Twee file the author's, so ordering by name is
 * what lets the two forms of one story compare equal. */
static int passage_name_cmp(const void *a, const void *b)
{
    const wz_passage *const *pa = a, *const *pb = b;
    return strcmp((*pa)->name, (*pb)->name);
}

static void add_str(cJSON *obj, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(obj, key, value);
    else
        cJSON_AddNullToObject(obj, key);
}

static cJSON *passage_json(const wz_passage *p)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", p->name);
    cJSON *tags = cJSON_AddArrayToObject(o, "tags");
    for (int t = 0; t < p->ntags; t++)
        cJSON_AddItemToArray(tags, cJSON_CreateString(p->tags[t]));
    cJSON_AddNumberToObject(o, "line", p->line);
    cJSON_AddStringToObject(o, "role", wz_role_name(p->role));
    cJSON_AddStringToObject(o, "class", wz_class_name(p->cls));
    cJSON *links = cJSON_AddArrayToObject(o, "links");
    cJSON *choices = cJSON_AddArrayToObject(o, "choices");
    for (int k = 0; k < p->nchoices; k++) {
        const wz_choice *c = &p->choices[k];
        cJSON_AddItemToArray(links, cJSON_CreateString(c->target));
        cJSON *co = cJSON_CreateObject();
        cJSON_AddStringToObject(co, "label", c->label);
        cJSON_AddStringToObject(co, "target", c->target);
        cJSON_AddStringToObject(co, "class", wz_class_name(c->cls));
        cJSON_AddItemToArray(choices, co);
    }
    return o;
}

static cJSON *scenario_json(const wz_check_item *it)
{
    cJSON *o = cJSON_CreateObject();
    const wz_scenario *sc = it->sc;
    cJSON_AddStringToObject(o, "file", it->file);
    cJSON_AddNumberToObject(o, "story", sc ? sc->story + 1 : 1); /* of "stories" in the file */
    cJSON_AddNumberToObject(o, "stories", sc ? sc->nstories : 1);
    char *foreign = wz_check_foreign(sc);
    add_str(o, "not_for_kiosk", foreign); /* why, when it was not written for the kiosk */
    free(foreign);
    add_str(o, "title", sc ? sc->title : NULL);
    add_str(o, "ifid", sc ? sc->ifid : NULL);
    add_str(o, "start", sc ? sc->start : NULL);
    cJSON_AddBoolToObject(o, "read", sc != NULL);
    cJSON_AddBoolToObject(o, "playable", sc != NULL && it->diags->errors == 0);
    cJSON_AddNumberToObject(o, "errors", it->diags->errors);
    cJSON_AddNumberToObject(o, "warnings", it->diags->warnings);
    if (sc) {
        add_str(o, "summary", sc->summary);
        cJSON *aud = cJSON_AddArrayToObject(o, "audiences");
        for (unsigned bit = 1; bit <= WZ_AUD_PARENTS; bit <<= 1)
            if (sc->audiences & bit)
                cJSON_AddItemToArray(aud, cJSON_CreateString(wz_audience_name(bit)));
        add_str(o, "topic", sc->topic);
        add_str(o, "language", sc->language);
        cJSON_AddNumberToObject(o, "minutes", sc->minutes);
        cJSON_AddBoolToObject(o, "easy_read", sc->easy_read);
        add_str(o, "variant_of", sc->variant_of);
    }
    cJSON *passages = cJSON_AddArrayToObject(o, "passages");
    int n = 0;
    const wz_passage **order = wz_xcalloc(sc ? (size_t)sc->npassages : 1, sizeof *order);
    for (int i = 0; sc && i < sc->npassages; i++)
        if (sc->passages[i].role != WZ_ROLE_SPECIAL) order[n++] = &sc->passages[i];
    qsort(order, (size_t)n, sizeof *order, passage_name_cmp);
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(passages, passage_json(order[i]));
    free(order);
    return o;
}

static void add_diags(cJSON *arr, const wz_diags *d)
{
    for (int i = 0; d && i < d->count; i++) {
        const wz_diag *g = &d->items[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "file", g->file);
        cJSON_AddNumberToObject(o, "line", g->line);
        cJSON_AddNumberToObject(o, "column", g->column);
        cJSON_AddStringToObject(o, "severity", wz_severity_name(g->severity));
        cJSON_AddStringToObject(o, "message", g->message);
        cJSON_AddItemToArray(arr, o);
    }
}

int wz_check_json_write(FILE *out, const wz_check_item *items, int n, const wz_diags *extra)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *scs = cJSON_AddArrayToObject(root, "scenarios");
    cJSON *diags = cJSON_AddArrayToObject(root, "diagnostics");
    for (int i = 0; i < n; i++) {
        cJSON_AddItemToArray(scs, scenario_json(&items[i]));
        add_diags(diags, items[i].diags);
    }
    add_diags(diags, extra);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) return -1;
    int rc = fputs(text, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
    cJSON_free(text);
    return rc;
}
