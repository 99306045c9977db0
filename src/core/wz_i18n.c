/*
 * wz_i18n: the current language and the catalogues read so far (see wz_i18n.h).
 *
 * Process-wide on purpose: the kiosk shows one visitor at a time, and wz_tr is called from
 * every screen, so passing a catalogue through every function would touch every line that
 * shows text. The catalogues read are kept in a small table (at most
 * WZ_I18N_MAX_LANGUAGES; a language found missing or broken is kept too, as "none", so it is
 * logged once and never read again) and the current one is an atomic pointer to immutable
 * data: wz_tr never locks and never allocates; switching takes the lock only to find or read
 * a catalogue.
 */
#include "wz_i18n.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <stdio.h>

#include "wz_log.h"
#include "wz_mo.h"
#include "wz_paths.h"
#include "wz_util.h"

#define LOG "i18n"
#define TAG_MAX 36

typedef struct loaded {
    char tag[TAG_MAX];
    wz_mo *mo; /* NULL: this language has no usable catalogue */
} loaded;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static loaded table[WZ_I18N_MAX_LANGUAGES];
static int nloaded;
static char *only_dir;
static _Atomic(const wz_mo *) current;
static char current_tag[TAG_MAX] = "en";

static int is_english(const char *lang)
{
    return !lang || !*lang || wz_i18n_same_language(lang, "en");
}

/* The catalogue file for tag in one folder, or NULL when it is not there. */
static wz_mo *try_dir(const char *dir, const char *tag, int *found, char **why)
{
    char *path = wz_xasprintf("%s/%s/LC_MESSAGES/%s.mo", dir, tag, WZ_I18N_DOMAIN);
    wz_mo *mo = NULL;
    if (access(path, F_OK) == 0) {
        *found = 1;
        mo = wz_mo_load(path, why);
    }
    free(path);
    return mo;
}

/* Looks in every folder of the search order, for the tag and then its language alone. */
static wz_mo *read_catalogue(const char *tag, char **why)
{
    char lang[TAG_MAX];
    snprintf(lang, sizeof lang, "%s", tag);
    lang[strcspn(lang, "-_")] = '\0';
    const char *tags[2] = {tag, strcmp(lang, tag) ? lang : NULL};
    char *dirs[3] = {NULL, NULL, NULL};
    if (only_dir) {
        dirs[0] = wz_xstrdup(only_dir);
    } else {
        const char *env = getenv("WZ_LOCALE_DIR");
        if (env && *env) dirs[0] = wz_xstrdup(env);
        dirs[1] = wz_paths_find("locale");
        char *exe = wz_paths_exe_dir();
        if (exe) dirs[2] = wz_path_join(exe, "locale");
        free(exe);
    }
    wz_mo *mo = NULL;
    int found = 0;
    for (int t = 0; t < 2 && !mo && !found; t++)
        for (int d = 0; d < 3 && tags[t] && !mo && !found; d++)
            if (dirs[d]) mo = try_dir(dirs[d], tags[t], &found, why);
    for (int d = 0; d < 3; d++)
        free(dirs[d]);
    if (!found && why) *why = wz_xasprintf("no catalogue %s.mo for it was found", WZ_I18N_DOMAIN);
    return mo;
}

static const wz_mo *find_or_read(const char *tag, int *ok)
{
    for (int i = 0; i < nloaded; i++)
        if (strcasecmp(table[i].tag, tag) == 0) {
            *ok = table[i].mo != NULL;
            return table[i].mo;
        }
    char *why = NULL;
    wz_mo *mo = read_catalogue(tag, &why);
    if (!mo)
        wz_log_warn(LOG, "the kiosk's words in language %s: %s; showing English instead", tag,
                    why ? why : "the catalogue cannot be read");
    free(why);
    *ok = mo != NULL;
    if (nloaded < WZ_I18N_MAX_LANGUAGES) {
        snprintf(table[nloaded].tag, TAG_MAX, "%s", tag);
        table[nloaded++].mo = mo;
    } else if (mo) {
        wz_log_warn(LOG, "more than %d languages asked for; %s shows English",
                    WZ_I18N_MAX_LANGUAGES, tag);
        wz_mo_free(mo);
        mo = NULL;
        *ok = 0;
    }
    return mo;
}

int wz_i18n_set_language(const char *lang)
{
    pthread_mutex_lock(&lock);
    int rc = 1;
    const wz_mo *mo = NULL;
    if (is_english(lang) || strlen(lang) >= TAG_MAX) {
        snprintf(current_tag, sizeof current_tag, "en");
    } else {
        int ok = 0;
        mo = find_or_read(lang, &ok);
        rc = ok ? 0 : -1;
        snprintf(current_tag, sizeof current_tag, "%s", lang);
    }
    atomic_store(&current, mo);
    pthread_mutex_unlock(&lock);
    return rc;
}

const char *wz_i18n_language(void)
{
    return current_tag;
}

const char *wz_tr(const char *msgid)
{
    const char *s = wz_mo_get(atomic_load(&current), msgid);
    return s ? s : msgid;
}

const char *wz_ntr(const char *one, const char *many, unsigned long n)
{
    const char *s = wz_mo_nget(atomic_load(&current), one, n);
    return s ? s : (n == 1 ? one : many);
}

static void forget_all(void)
{
    atomic_store(&current, NULL);
    snprintf(current_tag, sizeof current_tag, "en");
    for (int i = 0; i < nloaded; i++)
        wz_mo_free(table[i].mo);
    nloaded = 0;
}

void wz_i18n_set_dir(const char *dir)
{
    pthread_mutex_lock(&lock);
    forget_all();
    free(only_dir);
    only_dir = dir ? wz_xstrdup(dir) : NULL;
    pthread_mutex_unlock(&lock);
}

void wz_i18n_shutdown(void)
{
    wz_i18n_set_dir(NULL);
}

static const struct {
    const char *tag, *name;
} native[] = {
    {"en", "English"}, {"ur", "اردو"},    {"gu", "ગુજરાતી"},   {"pa", "ਪੰਜਾਬੀ"},
    {"pl", "Polski"},  {"ar", "العربية"}, {"so", "Soomaali"}, {"cy", "Cymraeg"},
    {"bn", "বাংলা"},   {"hi", "हिन्दी"},   {"ro", "Română"},   {"fr", "Français"},
};

const char *wz_i18n_native_name(const char *lang)
{
    if (!lang || !*lang) return "English";
    for (size_t i = 0; i < sizeof native / sizeof native[0]; i++)
        if (wz_i18n_same_language(lang, native[i].tag)) return native[i].name;
    return lang;
}

int wz_i18n_same_language(const char *a, const char *b)
{
    if (!a || !*a) a = "en";
    if (!b || !*b) b = "en";
    size_t pa = strcspn(a, "-_"), pb = strcspn(b, "-_");
    if (pa != pb || strncasecmp(a, b, pa) != 0) return 0;
    if (!a[pa] || !b[pb]) return 1; /* "en" and "en-GB" */
    return strcasecmp(a + pa + 1, b + pb + 1) == 0;
}
