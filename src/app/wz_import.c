/*
 * wz_import: check on the stick, build beside, swap in one rename.
 *
 * Why a full staging copy rather than copying new files straight into the scenarios
 * folder: a copy that fails half-way (stick pulled out, disk full, power cut) must leave
 * the set that is playing untouched, and the kiosk may scan the folder at any moment.
 * The staging folder is a hidden sibling of the scenarios folder (same file system, so
 * rename is atomic) that the library walker never sees. It is checked as a whole before
 * the swap; files are fsync'd before it and the parent folder after it, so after a power
 * cut the folder holds the old set or the new one, never a mixture.
 *
 * A file is imported only when it passes the checker on the stick and again in the
 * staging set; when an import would stop a scenario that played before from playing,
 * nothing is imported at all and the staff are told which one and why. A file whose
 * story would disappear (its file replaced by another story) is swapped only when the
 * staff confirm it. Files on the stick are copied only if they are still the very
 * regular files that were checked (wz_fs), and the pictures are checked again in place.
 *
 * An import is two steps: import_prepare (read, check, copy, check again: slow on a big
 * stick) and import_commit (the swap: quick). wz_import_run does both; wz_import_job runs
 * the first on a pthread so the kiosk's frame keeps drawing, and the second on the thread
 * that finishes the job. Since the staging set starts as a copy of the folder, the commit
 * is refused when the folder's signature changed in between. Each import keeps its state
 * (options, counters, clock, cancel flag) in its own `run`, so nothing is shared between
 * imports, including one left behind on a dead stick.
 */
#define _GNU_SOURCE /* renameat2 */
#include "wz_import.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wz_fs.h"
#include "wz_i18n.h"
#include "wz_library.h"
#include "wz_log.h"
#include "wz_picture.h"
#include "wz_sound.h"
#include "wz_util.h"
#include "wz_validate.h"

#define LOG "import"

static int is_dir(const char *path)
{
    return wz_fs_is_dir(path);
}

/* ---- one import's own state ---- */

/* Everything one import needs besides its inputs: its options (defaults filled in), the
 * count of file operations for the fault hook, its clock, and the flag its owner sets from
 * another thread to stop it. */
typedef struct run {
    wz_import_opts o;
    int ops;
    long long started_ms;
    atomic_llong heartbeat_ms; /* last sign of progress, read by the owner */
    atomic_int cancelled;      /* set by the owner */
    const char *source_dir;    /* the stick's folder, to name its files in messages */
    char *source_real;         /* the same without links (pictures are copied from there) */
    char *current;             /* the file being copied, for messages */
} run;

static void run_init(run *r, const wz_import_opts *opts)
{
    memset(r, 0, sizeof(*r));
    if (opts) r->o = *opts;
    if (r->o.stall_ms <= 0) r->o.stall_ms = WZ_IMPORT_STALL_MS;
    if (r->o.total_ms <= 0) r->o.total_ms = WZ_IMPORT_TOTAL_MS;
    if (r->o.cancel_wait_ms <= 0) r->o.cancel_wait_ms = WZ_IMPORT_CANCEL_WAIT_MS;
    r->started_ms = wz_now_ms();
    atomic_init(&r->heartbeat_ms, r->started_ms);
    atomic_init(&r->cancelled, 0);
}

/* Counts one file operation; -1 (errno EIO) when the test asked this one to fail. */
static int fault(run *r)
{
    if (++r->ops == r->o.fail_at) {
        errno = EIO;
        return -1;
    }
    return 0;
}

/* A sign of progress (op: a file operation, counted for the fault hook). Returns -1 with
 * errno set when the owner cancelled, the import has run past its total time, or the
 * test asked this operation to fail. */
static int tick(run *r, int op)
{
    long long now = wz_now_ms();
    atomic_store(&r->heartbeat_ms, now);
    if (atomic_load(&r->cancelled)) {
        errno = ECANCELED;
        return -1;
    }
    if (now - r->started_ms > r->o.total_ms) {
        errno = ETIMEDOUT;
        return -1;
    }
    return op ? fault(r) : 0;
}

/* 1 when no step has shown progress for the stall time: the thread is stuck. */
static int stalled(run *r)
{
    return wz_now_ms() - atomic_load(&r->heartbeat_ms) > r->o.stall_ms;
}

/* wz_fs's step function: remembers the file, calls the test hook, ticks. */
static int copy_step(void *ctx, wz_fs_step what, const char *src)
{
    run *r = ctx;
    if (what == WZ_FS_STEP_FILE) {
        free(r->current);
        r->current = wz_xstrdup(src);
        if (r->o.on_copy) r->o.on_copy(r->o.ctx, src);
    }
    return tick(r, what != WZ_FS_STEP_PROGRESS);
}

/* ---- finding sticks ---- */

typedef struct strlist {
    char **items;
    int count, cap;
} strlist;

static void strlist_add(strlist *l, char *s)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = wz_xrealloc(l->items, (size_t)l->cap * sizeof(char *));
    }
    l->items[l->count++] = s;
}

static void strlist_free(strlist *l)
{
    for (int i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when dir directly holds a scenario file. */
static int holds_scenarios(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !wz_scenario_is_file_name(e->d_name)) continue;
        char *p = wz_path_join(dir, e->d_name);
        struct stat st;
        found = stat(p, &st) == 0 && S_ISREG(st.st_mode);
        free(p);
    }
    closedir(d);
    return found;
}

/* 1 when a sub-folder of dir directly holds a scenario file. */
static int children_hold_scenarios(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int found = 0;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char *p = wz_path_join(dir, e->d_name);
        found = is_dir(p) && holds_scenarios(p);
        free(p);
    }
    closedir(d);
    return found;
}

static void find_in(const char *dir, dev_t parent_dev, int depth, strlist *out)
{
    DIR *d = opendir(dir);
    if (!d) return;
    strlist subs = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL && subs.count < 256) {
        if (e->d_name[0] == '.') continue;
        char *p = wz_path_join(dir, e->d_name);
        if (is_dir(p))
            strlist_add(&subs, p);
        else
            free(p);
    }
    closedir(d);
    if (subs.count > 1) qsort(subs.items, (size_t)subs.count, sizeof(char *), cmp_str);
    for (int i = 0; i < subs.count && out->count < WZ_IMPORT_MAX_SOURCES; i++) {
        const char *p = subs.items[i];
        struct stat st;
        if (lstat(p, &st) != 0) continue;
        char *wz = wz_path_join(p, "warning-zone");
        if (is_dir(wz)) {
            strlist_add(out, wz);
            continue;
        }
        free(wz);
        int mount_point = st.st_dev != parent_dev;
        if (holds_scenarios(p) || (mount_point && children_hold_scenarios(p))) {
            strlist_add(out, wz_xstrdup(p));
            continue;
        }
        if (depth < 3) find_in(p, st.st_dev, depth + 1, out);
    }
    strlist_free(&subs);
}

int wz_import_find_sources(const char *mount_root, char ***out)
{
    *out = NULL;
    struct stat st;
    if (!mount_root || stat(mount_root, &st) != 0 || !S_ISDIR(st.st_mode)) return 0;
    strlist l = {0};
    find_in(mount_root, st.st_dev, 1, &l);
    if (l.count > 1) qsort(l.items, (size_t)l.count, sizeof(char *), cmp_str);
    *out = l.items;
    return l.count;
}

static int strlist_has(const strlist *l, const char *s)
{
    for (int i = 0; i < l->count; i++)
        if (!strcmp(l->items[i], s)) return 1;
    return 0;
}

/* Mount points directly in dir (another device than dir_dev), or one level further down
 * in folders on dir's own device (/media/<user>/<label>, /media/wz-kiosk/sdb1). */
static void drives_in(const char *dir, dev_t dir_dev, int depth, strlist *out)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL && out->count < WZ_IMPORT_MAX_SOURCES) {
        if (e->d_name[0] == '.') continue;
        char *p = wz_path_join(dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && !strlist_has(out, p)) {
            if (st.st_dev != dir_dev) {
                strlist_add(out, p);
                continue;
            }
            if (depth < 2) drives_in(p, st.st_dev, depth + 1, out);
        }
        free(p);
    }
    if (d) closedir(d);
}

int wz_import_find_drives(const char *mount_root, char ***out)
{
    *out = NULL;
    struct stat rs;
    if (!mount_root || stat(mount_root, &rs) != 0) return 0;
    strlist l = {0};
    char **srcs = NULL;
    int ns = wz_import_find_sources(mount_root, &srcs);
    for (int i = 0; i < ns && l.count < WZ_IMPORT_MAX_SOURCES; i++) /* the drive above it */
        if (wz_str_ends(srcs[i], "/warning-zone")) strlist_add(&l, wz_path_dirname(srcs[i]));
    wz_import_free_sources(srcs, ns);
    drives_in(mount_root, rs.st_dev, 1, &l);
    *out = l.items;
    return l.count;
}

void wz_import_free_sources(char **sources, int n)
{
    for (int i = 0; sources && i < n; i++)
        free(sources[i]);
    free(sources);
}

/* ---- importing ---- */

/* The pictures and recordings a scenario uses, as written (relative to its folder): the
 * pictures first, *npictures of them. */
static void scenario_assets(const wz_scenario *sc, strlist *out, int *npictures)
{
    if (sc->thumbnail) strlist_add(out, wz_xstrdup(sc->thumbnail));
    for (int i = 0; i < sc->ncharacters; i++)
        if (sc->characters[i].avatar) strlist_add(out, wz_xstrdup(sc->characters[i].avatar));
    for (int i = 0; i < sc->npassages; i++)
        for (int j = 0; j < sc->passages[i].nparts; j++)
            if (sc->passages[i].parts[j].kind == WZ_PART_IMAGE && sc->passages[i].parts[j].image)
                strlist_add(out, wz_xstrdup(sc->passages[i].parts[j].image));
    *npictures = out->count;
    /* its recordings too, those that are there: a missing one is only a warning */
    for (int i = 0; i < sc->npassages; i++) {
        for (int j = 0; j < sc->passages[i].nclips; j++) {
            const char *rel = sc->passages[i].clips[j].path;
            char *real = wz_asset_resolve(sc, rel, NULL);
            struct stat st;
            if (real && stat(real, &st) == 0 && S_ISREG(st.st_mode))
                strlist_add(out, wz_xstrdup(rel));
            free(real);
        }
    }
}

/* What one good file brings: its own path and its pictures, relative to the source. */
typedef struct payload {
    strlist rel;            /* relative destination paths; the scenario file first */
    strlist src;            /* absolute source paths, same order */
    struct stat *st;        /* same order, as checked: the copy must read these very files */
    unsigned char *picture; /* same order: 1 for a picture, checked again once copied */
} payload;

static void payload_add(payload *p, char *rel, char *src, int picture)
{
    p->picture = wz_xrealloc(p->picture, (size_t)p->rel.count + 1);
    p->picture[p->rel.count] = (unsigned char)picture;
    strlist_add(&p->rel, rel);
    strlist_add(&p->src, src);
}

static void payload_of(const wz_library_entry *e, const char *rel, payload *p)
{
    payload_add(p, wz_xstrdup(rel), wz_xstrdup(e->path), 0);
    strlist assets = {0};
    int npictures = 0;
    scenario_assets(e->sc, &assets, &npictures);
    char *reldir = wz_path_dirname(rel);
    for (int i = 0; i < assets.count; i++) {
        char *real = wz_asset_resolve(e->sc, assets.items[i], NULL);
        if (!real) continue; /* the checker already refused such a file */
        char *dst = strcmp(reldir, ".") ? wz_path_join(reldir, assets.items[i])
                                        : wz_xstrdup(assets.items[i]);
        int dup = 0;
        for (int k = 0; k < p->rel.count && !dup; k++)
            dup = strcmp(p->rel.items[k], dst) == 0;
        if (dup) {
            free(dst);
            free(real);
        } else {
            payload_add(p, dst, real, i < npictures);
        }
    }
    free(reldir);
    strlist_free(&assets);
}

/* Records each source's device and inode. Returns 0, or -1 with *why (new string) when
 * one is not an ordinary file (a link, a pipe, a device). */
static int payload_stat(payload *p, char **why)
{
    p->st = wz_xcalloc((size_t)p->src.count, sizeof(*p->st));
    for (int k = 0; k < p->src.count; k++) {
        if (lstat(p->src.items[k], &p->st[k]) == 0 && S_ISREG(p->st[k].st_mode)) continue;
        char *name = wz_str_escape_controls(p->rel.items[k]);
        *why =
            wz_xasprintf("\"%s\" is %s; put the file itself on the stick", name,
                         S_ISLNK(p->st[k].st_mode) ? "a link to a file" : "not an ordinary file");
        free(name);
        return -1;
    }
    return 0;
}

static void payload_free(payload *p)
{
    strlist_free(&p->rel);
    strlist_free(&p->src);
    free(p->st);
    p->st = NULL;
    free(p->picture);
    p->picture = NULL;
}

static const char *rel_of(const char *path, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(path, base, n) == 0 && path[n] == '/') return path + n + 1;
    return path;
}

/* A hidden sibling of scenarios_dir: "<parent>/.<name>.<what>-<pid>-<random>", unique to
 * one import, so an import left behind on a dead stick never shares it with a new one. */
static char *sibling(const char *scenarios_dir, const char *what)
{
    char *parent = wz_path_dirname(scenarios_dir);
    const char *base = strrchr(scenarios_dir, '/');
    base = base ? base + 1 : scenarios_dir;
    char rnd[9];
    wz_random_hex(rnd, 4);
    char *name = wz_xasprintf(".%s.%s-%ld-%s", base, what, (long)getpid(), rnd);
    char *p = wz_path_join(parent, name);
    free(name);
    free(parent);
    return p;
}

/* Removes staging and set-aside folders that an earlier import left behind when the
 * power went or the program was killed mid-way (they are hidden siblings; only the kiosk
 * imports, one import at a time). */
static void remove_leftovers(const char *scenarios_dir)
{
    char *parent = wz_path_dirname(scenarios_dir);
    const char *base = strrchr(scenarios_dir, '/');
    base = base ? base + 1 : scenarios_dir;
    char *p1 = wz_xasprintf(".%s.import-", base), *p2 = wz_xasprintf(".%s.old-", base);
    DIR *d = opendir(parent);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (!wz_str_starts(e->d_name, p1) && !wz_str_starts(e->d_name, p2)) continue;
        char *p = wz_path_join(parent, e->d_name);
        if (wz_fs_rm_rf(p, NULL) == 0)
            wz_log_info(LOG, "removed %s, left over from an interrupted import", p);
        free(p);
    }
    if (d) closedir(d);
    free(p1);
    free(p2);
    free(parent);
}

static int swap_in(run *r, const char *staging, const char *scenarios_dir)
{
    char *parent = wz_path_dirname(scenarios_dir);
    int rc = -1;
    if (fault(r) != 0) goto out;
    if (!is_dir(scenarios_dir)) {
        rc = rename(staging, scenarios_dir);
        goto out;
    }
    if (renameat2(AT_FDCWD, staging, AT_FDCWD, scenarios_dir, RENAME_EXCHANGE) == 0) {
        rc = 0; /* staging now holds the old set */
        goto out;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) goto out;
    /* No exchange on this file system: move the old set aside, the new one in. */
    char *aside = sibling(scenarios_dir, "old");
    if (rename(scenarios_dir, aside) == 0) {
        if (rename(staging, scenarios_dir) == 0) {
            rc = 0; /* the new set is in place; hand the old one back as "staging" so the
                       caller removes it (or remove it here if even that fails) */
            if (rename(aside, staging) != 0) wz_fs_rm_rf(aside, NULL);
        } else {
            int saved = errno;
            if (rename(aside, scenarios_dir) != 0)
                wz_log_error(LOG, "could not put %s back as %s: %s", aside, scenarios_dir,
                             strerror(errno));
            errno = saved;
        }
    }
    free(aside);
out:
    if (rc == 0) wz_fs_fsync_path(parent, NULL);
    free(parent);
    return rc;
}

static void set_error(wz_import_result *res, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void set_error(wz_import_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(res->error);
    res->error = wz_xvasprintf(fmt, ap);
    va_end(ap);
}

static const char *why_failed(int err)
{
    switch (err) {
    case ENOSPC:
    case EDQUOT:
        return "the kiosk's disk is full";
    case EFBIG:
        return "the scenarios are too big to copy (more than 5000 files or 1 GB)";
    case EACCES:
    case EPERM:
    case EROFS:
        return "the kiosk is not allowed to write its scenarios folder";
    case ENOENT:
        return "a file disappeared while it was being copied; was the USB stick taken out?";
    default:
        return "a file could not be copied; was the USB stick taken out?";
    }
}

/* Sets res->error for a copy or a step that failed with err. */
static void step_failed(run *r, wz_import_result *res, int err)
{
    const char *cur = r->current ? r->current : "";
    const char *rel = rel_of(cur, r->source_dir ? r->source_dir : "");
    if (rel == cur && r->source_real) rel = rel_of(cur, r->source_real);
    char *name = wz_str_escape_controls(rel);
    if ((err == ELOOP || err == ESTALE) && rel != cur)
        set_error(res,
                  "\"%s\" on the USB stick changed after it was checked (it is now a link, a "
                  "pipe or another file), so nothing was copied. Nothing was changed.",
                  name);
    else if (err == ETIMEDOUT)
        set_error(res,
                  "The import took longer than %lld minutes and was stopped. Nothing was "
                  "changed. Load fewer scenarios at a time.",
                  r->o.total_ms / 60000);
    else if (err == ECANCELED)
        set_error(res, "The import was stopped. Nothing was changed.");
    else
        set_error(res, "The scenarios could not be copied: %s. Nothing was changed.",
                  why_failed(err));
    free(name);
}

/* Checks a picture again once it is in the staging set, with the rule wz-check and the
 * kiosk use (wz_picture_check): the stick's file may have changed, in place, after the
 * scenario was checked. rel names it as on the stick. Returns 0, or -1 with *why (new
 * string). */
static int check_picture_copy(const char *path, const char *rel, char **why)
{
    char *err = NULL;
    if (wz_picture_check(path, NULL, &err) == 0) return 0;
    char *name = wz_str_escape_controls(rel);
    *why = wz_xasprintf("the picture \"%s\" changed after it was checked and is refused now: %s",
                        name, err ? err : "it cannot be read");
    free(name);
    free(err);
    return -1;
}
/* ---- the plan: which files go in ---- */

typedef struct plan {
    const char *scenarios_dir;
    wz_library *src, *old, *check; /* the stick, the set now, the staging set */
    payload *pl;                   /* per src entry */
    int *take;                     /* per src entry: 1 when it goes into the new set */
    int wanted;                    /* how many are taken */
    char *staging;
} plan;

static void plan_free(plan *p)
{
    for (int i = 0; p->pl && i < p->src->count; i++)
        payload_free(&p->pl[i]);
    free(p->pl);
    free(p->take);
    free(p->staging);
    wz_library_free(p->src);
    wz_library_free(p->old);
    wz_library_free(p->check);
}

/* Leaves file i out of the new set, with why as its error. */
static void reject(plan *p, wz_import_result *res, int i, const char *why)
{
    if (p->take[i]) p->wanted--;
    p->take[i] = 0;
    res->files[i].status = WZ_IMPORT_REJECTED;
    wz_diag_add(&res->files[i].diags, WZ_ERROR, p->src->entries[i].path, 1, 1, "%s", why);
}

/* The story already on the kiosk, other than the one at rel (which the import replaces),
 * that uses the picture pic (relative to the scenarios folder); NULL when none does. */
static const wz_library_entry *picture_owner(const plan *p, const char *rel, const char *pic)
{
    for (int j = 0; j < p->old->count; j++) {
        const wz_library_entry *e = &p->old->entries[j];
        const char *orel = rel_of(e->path, p->old->dir);
        if (!e->sc || !strcmp(orel, rel)) continue;
        payload op = {0};
        payload_of(e, orel, &op);
        int uses = 0;
        for (int k = 1; k < op.rel.count && !uses; k++)
            uses = !strcmp(op.rel.items[k], pic);
        payload_free(&op);
        if (uses) return e;
    }
    return NULL;
}

/* Returns -1 with *why (new string) when a picture of file i would replace a different
 * picture that another story on the kiosk uses; 0 when each story keeps its own. */
static int picture_clash(const plan *p, int i, char **why)
{
    const payload *pl = &p->pl[i];
    for (int k = 1; k < pl->rel.count; k++) {
        char *dst = wz_path_join(p->scenarios_dir, pl->rel.items[k]);
        int differs = access(dst, F_OK) == 0 && !wz_fs_same_file(pl->src.items[k], dst);
        free(dst);
        const wz_library_entry *o =
            differs ? picture_owner(p, pl->rel.items[0], pl->rel.items[k]) : NULL;
        if (!o) continue;
        char *pic = wz_str_escape_controls(pl->rel.items[k]);
        char *title = wz_str_escape_controls(o->sc->title ? o->sc->title : "");
        char *name = wz_str_escape_controls(rel_of(o->path, p->old->dir));
        *why = wz_xasprintf("its picture \"%s\" has the same name as a different picture that "
                            "\"%s\" (%s), already on the kiosk, uses; give this story's picture "
                            "another name (and change the line that shows it) so that each "
                            "story keeps its own",
                            pic, title, name);
        free(pic);
        free(title);
        free(name);
        return -1;
    }
    return 0;
}

/* Fills res->files[i] and decides whether file i goes in. */
static void classify_one(plan *p, int i, wz_import_result *res)
{
    const wz_library_entry *e = &p->src->entries[i];
    wz_import_file *f = &res->files[i];
    const char *rel = rel_of(e->path, p->src->dir);
    f->name = wz_xstrdup(rel);
    f->title = e->sc && e->sc->title ? wz_xstrdup(e->sc->title) : NULL;
    wz_diags_init(&f->diags);
    for (int k = 0; k < e->diags.count; k++) {
        const wz_diag *dg = &e->diags.items[k];
        wz_diag_add(&f->diags, dg->severity, dg->file, dg->line, dg->column, "%s", dg->message);
    }
    if (!e->playable) {
        f->status = WZ_IMPORT_REJECTED;
        return;
    }
    payload_of(e, rel, &p->pl[i]);
    char *why = NULL;
    if (payload_stat(&p->pl[i], &why) != 0 || picture_clash(p, i, &why) != 0) {
        reject(p, res, i, why);
        free(why);
        return;
    }
    char *dst = wz_path_join(p->scenarios_dir, rel);
    int exists = access(dst, F_OK) == 0;
    int same = exists;
    for (int k = 0; same && k < p->pl[i].rel.count; k++) {
        char *d = wz_path_join(p->scenarios_dir, p->pl[i].rel.items[k]);
        same = wz_fs_same_file(p->pl[i].src.items[k], d);
        free(d);
    }
    free(dst);
    f->status = same ? WZ_IMPORT_SAME : exists ? WZ_IMPORT_REPLACED : WZ_IMPORT_ADDED;
    p->take[i] = !same;
    p->wanted += p->take[i];
}

static void classify(plan *p, wz_import_result *res)
{
    int n = p->src->count;
    res->count = n;
    res->files = wz_xcalloc((size_t)n, sizeof(*res->files));
    p->pl = wz_xcalloc((size_t)n, sizeof(*p->pl));
    p->take = wz_xcalloc((size_t)n, sizeof(*p->take));
    for (int i = 0; i < n; i++)
        classify_one(p, i, res);
}

/* Refuses a stick with more scenario files than a library holds (the kiosk would load an
 * arbitrary part of them). Returns 0 or -1 (res->error). */
static int check_stick_count(const char *source, wz_import_result *res)
{
    int n = wz_library_count_files(source);
    if (n <= WZ_LIBRARY_MAX_FILES) return 0;
    set_error(res,
              "The USB stick holds %d scenario files, more than the %d the kiosk can hold. "
              "Nothing was changed. Put at most %d on the stick and try again.",
              n, WZ_LIBRARY_MAX_FILES, WZ_LIBRARY_MAX_FILES);
    return -1;
}

/* Refuses an import after which the scenarios folder would hold more scenario files than
 * a library holds (the newest would push the kiosk's own out). Returns 0 or -1. */
static int check_total_count(const plan *p, wz_import_result *res)
{
    int have = wz_library_count_files(p->scenarios_dir), added = 0;
    for (int i = 0; i < res->count; i++)
        added += p->take[i] && res->files[i].status == WZ_IMPORT_ADDED;
    if (have < 0) have = 0;
    if (have + added <= WZ_LIBRARY_MAX_FILES) return 0;
    set_error(res,
              "With these files the kiosk would have %d scenario files, more than the %d it can "
              "hold. Nothing was changed. Load fewer files, or ask your IT contact to take "
              "old ones off the kiosk.",
              have + added, WZ_LIBRARY_MAX_FILES);
    return -1;
}

/* Builds staging = old set + payloads of the files taken. Returns 0; -1 (errno) when a copy
 * failed; 1 when the copy of a picture of file *bad failed its check (*why, new string). */
static int build_staging(run *r, plan *p, int *bad, char **why)
{
    wz_fs_copy c = {.max_files = WZ_IMPORT_MAX_FILES, .max_bytes = WZ_IMPORT_MAX_BYTES};
    c.step = copy_step;
    c.ctx = r;
    char *err = NULL;
    int rc = 0;
    if (wz_fs_rm_rf(p->staging, &err) != 0) rc = -1;
    if (rc == 0 && is_dir(p->scenarios_dir))
        rc = wz_fs_copy_tree(p->scenarios_dir, p->staging, &c, &err);
    else if (rc == 0 && (tick(r, 1) != 0 || mkdir(p->staging, 0750) != 0))
        rc = -1;
    for (int i = 0; rc == 0 && i < p->src->count; i++) {
        for (int k = 0; rc == 0 && p->take[i] && k < p->pl[i].rel.count; k++) {
            char *dst = wz_path_join(p->staging, p->pl[i].rel.items[k]);
            struct stat st;
            int there = lstat(dst, &st) == 0;
            if (there && S_ISDIR(st.st_mode)) {
                errno = EISDIR;
                rc = -1;
            } else if (there && unlink(dst) != 0) {
                rc = -1;
            }
            if (rc == 0)
                rc = wz_fs_copy_file(p->pl[i].src.items[k], dst, &p->pl[i].st[k], &c, &err);
            /* recordings are not checked again: a broken one only means silence */
            if (rc == 0 && p->pl[i].picture[k] &&
                check_picture_copy(dst, p->pl[i].rel.items[k], why) != 0) {
                *bad = i;
                rc = 1;
            }
            free(dst);
        }
    }
    if (rc < 0) {
        int saved = errno;
        char *text = wz_str_escape_controls(err ? err : strerror(saved));
        wz_log_error(LOG, "copying into %s failed: %s", p->staging, text);
        free(text);
        errno = saved;
    }
    free(err);
    return rc;
}

/* A scenario that played before must still play, unless this import replaces its file.
 * Returns 0, or -1 (res->error) naming the first one that would stop. */
static int old_still_plays(const plan *p, wz_import_result *res)
{
    for (int j = 0; j < p->old->count; j++) {
        if (!p->old->entries[j].playable) continue;
        const char *rel = rel_of(p->old->entries[j].path, p->old->dir);
        for (int k = 0; k < p->check->count; k++) {
            const wz_library_entry *c = &p->check->entries[k];
            if (strcmp(rel_of(c->path, p->check->dir), rel) != 0 || c->playable) continue;
            if (c->sc && p->old->entries[j].sc && c->sc->story != p->old->entries[j].sc->story)
                continue; /* another story of the same archive */
            int replaced = 0;
            for (int i = 0; i < p->src->count; i++)
                replaced |= p->take[i] && !strcmp(res->files[i].name, rel);
            if (replaced) continue; /* by a file that passed on the stick: not "broken by" */
            const wz_scenario *sc = p->old->entries[j].sc;
            char *name = wz_str_escape_controls(sc && sc->title ? sc->title : rel);
            char *why = wz_str_escape_controls(c->diags.count ? c->diags.items[0].message
                                                              : "it has an error");
            set_error(res,
                      "Loading these files would stop \"%s\" from playing (%s). Nothing was "
                      "changed.",
                      name, why);
            free(name);
            free(why);
            return -1;
        }
    }
    return 0;
}

/* Leaves out each taken file that fails in the staging set. Returns how many. */
static int drop_failed(plan *p, wz_import_result *res)
{
    int dropped = 0;
    for (int i = 0; i < p->src->count; i++) {
        for (int k = 0; p->take[i] && k < p->check->count; k++) {
            const wz_library_entry *c = &p->check->entries[k];
            if (strcmp(rel_of(c->path, p->check->dir), res->files[i].name) != 0) continue;
            if (c->sc && p->src->entries[i].sc && c->sc->story != p->src->entries[i].sc->story)
                continue; /* another story of the same archive */
            if (c->playable) continue;
            p->take[i] = 0;
            p->wanted--;
            dropped++;
            res->files[i].status = WZ_IMPORT_REJECTED;
            for (int m = 0; m < c->diags.count; m++) {
                const wz_diag *dg = &c->diags.items[m];
                if (dg->severity == WZ_ERROR)
                    wz_diag_add(&res->files[i].diags, dg->severity, p->src->entries[i].path,
                                dg->line, dg->column, "%s", dg->message);
            }
        }
    }
    return dropped;
}

/* Builds the staging set, checks it as a whole and leaves out any new file that fails
 * there; repeats (each round leaves out at least one file, so this ends). Returns 0, or
 * -1 (res->error). */
static int build_and_check(run *r, plan *p, wz_import_result *res)
{
    while (p->wanted > 0) {
        int bad = -1;
        char *why = NULL;
        int rc = build_staging(r, p, &bad, &why);
        if (rc == 1) {
            reject(p, res, bad, why);
            free(why);
            continue;
        }
        if (rc != 0 || tick(r, 0) != 0) {
            step_failed(r, res, errno);
            return -1;
        }
        wz_library_free(p->check);
        p->check = wz_library_load(p->staging, NULL);
        if (old_still_plays(p, res) != 0) return -1;
        if (drop_failed(p, res) == 0) break;
    }
    return 0;
}

/* Lists the scenarios that play now and would not in the staging set (a translation is
 * its ifid in its language). */
static void find_dropped(const plan *p, wz_import_result *res)
{
    for (int j = 0; j < p->old->count; j++) {
        const wz_library_entry *e = &p->old->entries[j];
        if (!e->playable || !e->sc->ifid) continue;
        const wz_scenario *now = wz_library_find_language(p->check, e->sc->ifid, e->sc->language);
        if (now && wz_i18n_same_language(now->language, e->sc->language)) continue;
        res->dropped =
            wz_xrealloc(res->dropped, (size_t)(res->ndropped + 1) * sizeof(*res->dropped));
        wz_import_drop *d = &res->dropped[res->ndropped++];
        d->name = wz_xstrdup(rel_of(e->path, p->old->dir));
        d->title = wz_xstrdup(e->sc->title ? e->sc->title : "");
    }
    res->needs_confirm = res->ndropped > 0;
}

/* Counts the outcome. Returns 1 when there is a staging set to swap in, 0 when nothing is
 * new, -1 when every file was left out (res->error). */
static int tally(const plan *p, wz_import_result *res)
{
    for (int i = 0; i < res->count; i++) {
        if (res->files[i].status == WZ_IMPORT_REJECTED) res->rejected++;
        if (p->take[i]) res->imported++;
    }
    if (res->imported > 0) return 1;
    if (res->rejected < res->count) return 0; /* all the same as before: nothing to do */
    set_error(res, "None of the scenario files on the USB stick can be used. Nothing was changed.");
    return -1;
}

/* The slow part of an import: reads and checks the stick and builds and checks the
 * staging set beside scenarios_dir, which it does not change. Returns 1 with *staging_out
 * (new string) when the staging set is ready to swap in, 0 when there is nothing new, -1
 * on an error (res->error). Safe on any thread: all its state is in r. */
static int import_prepare(run *r, const char *source, const char *scenarios_dir,
                          wz_import_result *res, char **staging_out)
{
    memset(res, 0, sizeof(*res));
    res->source = wz_xstrdup(source ? source : "");
    r->source_dir = res->source;
    r->source_real = source ? realpath(source, NULL) : NULL;
    *staging_out = NULL;
    plan p = {.scenarios_dir = scenarios_dir};
    int rc = -1;
    if (!source || !is_dir(source)) {
        set_error(res, "The USB stick could not be read. Take it out, put it back in and try "
                       "again. Nothing was changed.");
        goto out;
    }
    if (check_stick_count(source, res) != 0) goto out;
    tick(r, 0); /* reading the stick is one step: its stall time starts now */
    p.src = wz_library_load(source, NULL);
    if (tick(r, 0) != 0) {
        step_failed(r, res, errno);
        goto out;
    }
    if (p.src->count == 0) {
        set_error(res,
                  "There are no scenario files (.twee or .html) on the USB stick. Put them at "
                  "the top of the stick or in a folder called warning-zone. Nothing was changed.");
        goto out;
    }
    p.old = wz_library_load(scenarios_dir, NULL);
    classify(&p, res);
    if (check_total_count(&p, res) != 0) goto out;
    remove_leftovers(scenarios_dir);
    p.staging = sibling(scenarios_dir, "import");
    if (build_and_check(r, &p, res) != 0) goto out;
    rc = tally(&p, res);
    if (rc == 1) {
        find_dropped(&p, res);
        *staging_out = p.staging; /* ready: the caller swaps it in or throws it away */
        p.staging = NULL;
    }
out:
    if (p.staging && wz_fs_rm_rf(p.staging, NULL) != 0)
        wz_log_warn(LOG, "could not remove %s; it can be deleted by hand", p.staging);
    if (rc < 0 && res->error) {
        char *src = wz_str_escape_controls(res->source);
        wz_log_warn(LOG, "import from %s: %s", src, res->error);
        free(src);
    }
    r->source_dir = NULL;
    free(r->source_real);
    r->source_real = NULL;
    plan_free(&p);
    return rc;
}

/* Logs a swap that took scenarios off the kiosk, one line each, as the staff confirmed. */
static void log_dropped(const wz_import_result *res)
{
    for (int i = 0; i < res->ndropped; i++) {
        char *name = wz_str_escape_controls(res->dropped[i].name);
        char *title = wz_str_escape_controls(res->dropped[i].title);
        wz_log_warn(LOG, "took %s (\"%s\") off the kiosk, as confirmed", name, title);
        free(name);
        free(title);
    }
}

/* The quick part: swaps the prepared staging set in (prepared is import_prepare's
 * answer), removes the staging folder whatever happens, and returns as wz_import_run. */
static int import_commit(run *r, int prepared, char *staging, const char *scenarios_dir,
                         long long sig_before, int confirm, wz_import_result *res)
{
    int rc = prepared < 0 ? -1 : 0;
    if (prepared == 1 && res->needs_confirm && !confirm) {
        set_error(res,
                  "Loading these files would take %d scenario%s that play%s now off the kiosk "
                  "(listed below). Nothing was changed.",
                  res->ndropped, res->ndropped == 1 ? "" : "s", res->ndropped == 1 ? "s" : "");
        rc = -1;
    } else if (prepared == 1 && wz_library_scan_signature(scenarios_dir) != sig_before) {
        /* copied in by hand while the stick was being checked: the staging copy of the
         * old set is stale, and swapping it in would lose those files */
        set_error(res, "The scenarios folder changed while the USB stick was being checked. "
                       "Nothing was changed; please try again.");
        rc = -1;
    } else if (prepared == 1 && swap_in(r, staging, scenarios_dir) != 0) {
        set_error(res, "The new scenarios could not be put in place: %s. Nothing was changed.",
                  why_failed(errno));
        wz_log_error(LOG, "swapping %s into %s failed: %s", staging, scenarios_dir,
                     strerror(errno));
        rc = -1;
    } else if (prepared == 1) {
        res->swapped = 1;
        char *src = wz_str_escape_controls(res->source);
        wz_log_info(LOG, "imported %d scenario file(s) from %s, left out %d", res->imported, src,
                    res->rejected);
        free(src);
        log_dropped(res);
    }
    if (prepared == 1 && rc < 0) {
        char *src = wz_str_escape_controls(res->source);
        wz_log_warn(LOG, "import from %s: %s", src, res->error);
        free(src);
    }
    if (staging && wz_fs_rm_rf(staging, NULL) != 0)
        wz_log_warn(LOG, "could not remove %s; it can be deleted by hand", staging);
    free(staging);
    return rc;
}

int wz_import_run(const char *source, const char *scenarios_dir, const wz_import_opts *opts,
                  wz_import_result *res)
{
    run r;
    run_init(&r, opts);
    long long sig = wz_library_scan_signature(scenarios_dir);
    char *staging = NULL;
    int prepared = import_prepare(&r, source, scenarios_dir, res, &staging);
    int rc = import_commit(&r, prepared, staging, scenarios_dir, sig, r.o.confirm, res);
    free(r.current);
    return rc;
}
/* ---- the slow part on a thread ---- */

struct wz_import_job {
    pthread_t thread;
    pthread_mutex_t m;
    pthread_cond_t c;    /* broadcast when the thread's part has ended (monotonic clock) */
    int abandoned;       /* under m: the owner left; the thread frees the job */
    atomic_int finished; /* the thread's part has ended (set under m) */
    run r;
    char *source, *scenarios_dir;
    long long sig_before;
    void (*on_done)(void *);
    void *ctx;
    wz_import_result res;
    char *staging;
    int prepared;
};

static void job_free(wz_import_job *j)
{
    pthread_mutex_destroy(&j->m);
    pthread_cond_destroy(&j->c);
    free(j->r.current);
    free(j->source);
    free(j->scenarios_dir);
    free(j);
}

/* Throws the job's work away (staging folder, result) and frees it. */
static void job_discard(wz_import_job *j)
{
    import_commit(&j->r, -1, j->staging, j->scenarios_dir, j->sig_before, 0, &j->res);
    wz_import_result_free(&j->res);
    job_free(j);
}

static void *job_main(void *arg)
{
    wz_import_job *j = arg;
    j->prepared = import_prepare(&j->r, j->source, j->scenarios_dir, &j->res, &j->staging);
    pthread_mutex_lock(&j->m);
    int abandoned = j->abandoned;
    void (*on_done)(void *) = j->on_done;
    void *ctx = j->ctx;
    atomic_store(&j->finished, 1);
    pthread_cond_broadcast(&j->c);
    pthread_mutex_unlock(&j->m);
    if (abandoned) {
        char *src = wz_str_escape_controls(j->source);
        wz_log_info(LOG, "the import from %s that was left behind has ended; nothing was kept",
                    src);
        free(src);
        job_discard(j);
    } else if (on_done) {
        on_done(ctx);
    }
    return NULL;
}

wz_import_job *wz_import_job_start(const char *source, const char *scenarios_dir,
                                   const wz_import_opts *opts, void (*on_done)(void *), void *ctx)
{
    wz_import_job *j = wz_xcalloc(1, sizeof(*j));
    run_init(&j->r, opts);
    j->source = wz_xstrdup(source ? source : "");
    j->scenarios_dir = wz_xstrdup(scenarios_dir);
    j->sig_before = wz_library_scan_signature(scenarios_dir);
    j->on_done = on_done;
    j->ctx = ctx;
    atomic_init(&j->finished, 0);
    pthread_mutex_init(&j->m, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&j->c, &ca);
    pthread_condattr_destroy(&ca);
    int err = pthread_create(&j->thread, NULL, job_main, j);
    if (err != 0) {
        wz_log_error(LOG, "could not start the import thread: %s", strerror(err));
        job_free(j);
        return NULL;
    }
    return j;
}

/* Waits until the thread's part has ended, it stalls, or ms pass (ms < 0: only those two).
 * Returns 1 when it has ended. */
static int job_wait(wz_import_job *j, long long ms)
{
    long long until = ms >= 0 ? wz_now_ms() + ms : -1;
    pthread_mutex_lock(&j->m);
    while (!atomic_load(&j->finished) && !stalled(&j->r) && (until < 0 || wz_now_ms() < until)) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += 50 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&j->c, &j->m, &ts);
    }
    int done = atomic_load(&j->finished);
    pthread_mutex_unlock(&j->m);
    return done;
}

/* Leaves the thread behind (it frees the job when it ends) unless it has just ended.
 * Returns 1 when it was left behind; then j must not be touched again. */
static int job_abandon(wz_import_job *j)
{
    pthread_mutex_lock(&j->m);
    int left = !atomic_load(&j->finished);
    if (left) {
        j->abandoned = 1;
        atomic_store(&j->r.cancelled, 1);
    }
    pthread_mutex_unlock(&j->m);
    if (left) pthread_detach(j->thread);
    return left;
}

wz_import_job_state wz_import_job_poll(wz_import_job *j)
{
    if (!atomic_load(&j->finished))
        return stalled(&j->r) ? WZ_IMPORT_JOB_STUCK : WZ_IMPORT_JOB_WORKING;
    return j->prepared == 1 && j->res.needs_confirm ? WZ_IMPORT_JOB_CONFIRM : WZ_IMPORT_JOB_READY;
}

int wz_import_job_done(wz_import_job *j)
{
    return wz_import_job_poll(j) != WZ_IMPORT_JOB_WORKING;
}

const wz_import_result *wz_import_job_result(wz_import_job *j)
{
    return atomic_load(&j->finished) ? &j->res : NULL;
}

int wz_import_job_finish(wz_import_job *j, int confirm, wz_import_result *res)
{
    char *source = wz_xstrdup(j->source);
    int stall_s = (j->r.o.stall_ms + 999) / 1000;
    if (!job_wait(j, -1) && job_abandon(j)) {
        memset(res, 0, sizeof(*res));
        res->source = source;
        set_error(res,
                  "The USB stick stopped answering (nothing happened for %d seconds). Nothing "
                  "was changed. Take the stick out, check it on a computer and try again.",
                  stall_s);
        char *src = wz_str_escape_controls(source);
        wz_log_error(LOG, "import from %s: stuck for %d s; its thread is left behind", src,
                     stall_s);
        free(src);
        return -1;
    }
    free(source);
    pthread_join(j->thread, NULL);
    *res = j->res;
    int rc = import_commit(&j->r, j->prepared, j->staging, j->scenarios_dir, j->sig_before, confirm,
                           res);
    job_free(j);
    return rc;
}

void wz_import_job_cancel(wz_import_job *j)
{
    if (!j) return;
    atomic_store(&j->r.cancelled, 1);
    if (!job_wait(j, j->r.o.cancel_wait_ms) && job_abandon(j)) {
        wz_log_warn(LOG, "an import was stopped while its thread was stuck; the thread is left "
                         "behind and cleans up when it ends");
        return;
    }
    pthread_join(j->thread, NULL);
    job_discard(j);
}

void wz_import_result_free(wz_import_result *res)
{
    if (!res) return;
    for (int i = 0; i < res->count; i++) {
        free(res->files[i].name);
        free(res->files[i].title);
        wz_diags_free(&res->files[i].diags);
    }
    for (int i = 0; i < res->ndropped; i++) {
        free(res->dropped[i].name);
        free(res->dropped[i].title);
    }
    free(res->dropped);
    free(res->files);
    free(res->source);
    free(res->error);
    memset(res, 0, sizeof(*res));
}

/* ---- the result in words ---- */

/* Appends before, s escaped so that it stays on its line, and after. */
static void put_escaped(wz_buf *b, const char *before, const char *s, const char *after)
{
    char *e = wz_str_escape_controls(s ? s : "");
    wz_buf_puts(b, before);
    wz_buf_puts(b, e);
    wz_buf_puts(b, after);
    free(e);
}

static const char *file_outcome(const wz_import_result *res, const wz_import_file *f)
{
    int pending = res->needs_confirm && !res->swapped && !res->error;
    switch (f->status) {
    case WZ_IMPORT_ADDED:
        return res->swapped ? "added" : pending ? "to be added" : "not loaded";
    case WZ_IMPORT_REPLACED:
        return res->swapped ? "loaded, replacing the old copy"
               : pending    ? "to be loaded, replacing the old copy"
                            : "not loaded";
    case WZ_IMPORT_SAME:
        return "already on the kiosk";
    case WZ_IMPORT_REJECTED:
        return "NOT LOADED, it has errors";
    }
    return "";
}

static void summary_head(wz_buf *b, const wz_import_result *res)
{
    if (res->error) put_escaped(b, "", res->error, "\n");
    if (res->ndropped) {
        if (res->swapped)
            wz_buf_printf(b, "Taken off the kiosk, as you confirmed:\n");
        else if (!res->error)
            wz_buf_printf(b, "Loading these files would take these scenarios, which play now, "
                             "off the kiosk. Nothing has been changed yet; load them only if "
                             "that is what you want:\n");
        for (int i = 0; i < res->ndropped; i++) {
            put_escaped(b, "    \"", res->dropped[i].title, "\" (");
            put_escaped(b, "", res->dropped[i].name, ")\n");
        }
    }
    if (!res->count) return;
    if (res->swapped)
        wz_buf_printf(b, "Loaded %d scenario file%s; left out %d.\n", res->imported,
                      res->imported == 1 ? "" : "s", res->rejected);
    else if (!res->error && !res->needs_confirm)
        wz_buf_printf(b, "Nothing new to load: the scenarios on the stick are already on "
                         "the kiosk.\n");
}

static void summary_problems(wz_buf *b, const wz_import_file *f, int max_problems)
{
    int shown = 0;
    for (int sev = WZ_ERROR; sev >= WZ_WARNING; sev--) {
        for (int k = 0; k < f->diags.count; k++) {
            const wz_diag *dg = &f->diags.items[k];
            if ((int)dg->severity != sev) continue;
            if (shown == max_problems) {
                wz_buf_printf(b, "    ... and more (check the file with wz-check)\n");
                shown++;
            }
            if (shown > max_problems) break;
            wz_buf_printf(b, "    %s, line %d: ", sev == WZ_ERROR ? "Error" : "Warning", dg->line);
            put_escaped(b, "", dg->message, "\n");
            shown++;
        }
    }
}

char *wz_import_summary(const wz_import_result *res, int max_problems)
{
    wz_buf b;
    wz_buf_init(&b, 256 * 1024);
    summary_head(&b, res);
    for (int i = 0; i < res->count; i++) {
        const wz_import_file *f = &res->files[i];
        put_escaped(&b, "", f->name, "");
        if (f->title) put_escaped(&b, " (\"", f->title, "\")");
        wz_buf_printf(&b, ": %s\n", file_outcome(res, f));
        summary_problems(&b, f, max_problems);
    }
    return wz_buf_steal(&b);
}

/* ---- hot reload ---- */

void wz_import_watch_init(wz_import_watch *w, long long loaded_sig, long long now_ms)
{
    w->loaded_sig = loaded_sig;
    w->seen_sig = loaded_sig;
    w->seen_at_ms = now_ms;
    w->checked_ms = now_ms;
}

int wz_import_watch_due(wz_import_watch *w, const char *dir, int between_visitors, long long now_ms)
{
    if (now_ms - w->checked_ms >= WZ_IMPORT_WATCH_EVERY_MS) {
        long long sig = wz_library_scan_signature(dir);
        w->checked_ms = now_ms;
        if (sig != w->seen_sig) {
            w->seen_sig = sig;
            w->seen_at_ms = now_ms;
        }
    }
    /* A folder that vanished (signature 0) is never "reloaded" into an empty kiosk. */
    return between_visitors && w->seen_sig != 0 && w->seen_sig != w->loaded_sig &&
           now_ms - w->seen_at_ms >= WZ_IMPORT_WATCH_SETTLE_MS;
}

void wz_import_watch_loaded(wz_import_watch *w, long long sig)
{
    w->loaded_sig = sig;
    w->seen_sig = sig;
}
