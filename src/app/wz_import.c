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
 * nothing is imported at all and the staff are told which one and why.
 *
 * An import is two steps: import_prepare (read, check, copy, check again: slow on a big
 * stick) and import_commit (the swap: quick). wz_import_run does both; wz_import_job runs
 * the first on a pthread so the kiosk's frame keeps drawing, and the second on the thread
 * that finishes the job. Since the staging set starts as a copy of the folder, the commit
 * is refused when the folder's signature changed in between.
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
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_library.h"
#include "wz_log.h"
#include "wz_util.h"
#include "wz_validate.h"

#define LOG "import"

/* ---- small file-system helpers, with the test fault hook ---- */

static int fail_at, op_count;

void wz_import_test_fail_at(int n)
{
    fail_at = n;
}

/* Counts one file operation; returns -1 (errno EIO) when the test asked this one to fail. */
static int fault(void)
{
    op_count++;
    if (fail_at > 0 && op_count == fail_at) {
        errno = EIO;
        return -1;
    }
    return 0;
}

static int is_dir(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Removes path and everything under it (never follows links). Returns 0 or -1. */
static int rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode)) return unlink(path);
    DIR *d = opendir(path);
    if (!d) return -1;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *p = wz_path_join(path, e->d_name);
        if (rm_rf(p) != 0) rc = -1;
        free(p);
    }
    closedir(d);
    if (rmdir(path) != 0) rc = -1;
    return rc;
}

/* mkdir -p for the folders above path (not path itself). */
static int make_parents(const char *path)
{
    char *p = wz_xstrdup(path);
    int rc = 0;
    for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(p, 0750) != 0 && errno != EEXIST) rc = -1;
        *s = '/';
        if (rc) break;
    }
    free(p);
    return rc;
}

static int fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

typedef struct budget {
    long long files, bytes;
} budget;

static void (*copy_hook)(void *);
static void *copy_hook_ctx;

/* Copies the regular file src to dst (which must not exist), fsync'd. */
static int copy_file(const char *src, const char *dst, budget *b)
{
    if (copy_hook) copy_hook(copy_hook_ctx);
    if (fault() != 0) return -1;
    if (++b->files > WZ_IMPORT_MAX_FILES) {
        errno = EFBIG;
        return -1;
    }
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    if (make_parents(dst) != 0) {
        close(in);
        return -1;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (out < 0) {
        close(in);
        return -1;
    }
    char buf[64 * 1024];
    int rc = 0;
    for (;;) {
        ssize_t n = read(in, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            rc = -1;
            break;
        }
        if (n == 0) break;
        b->bytes += n;
        if (b->bytes > WZ_IMPORT_MAX_BYTES) {
            errno = EFBIG;
            rc = -1;
            break;
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) {
                rc = -1;
                break;
            }
            off += w;
        }
        if (rc) break;
    }
    if (rc == 0 && fsync(out) != 0) rc = -1;
    int saved = errno;
    close(in);
    if (close(out) != 0 && rc == 0) rc = -1;
    if (rc) {
        unlink(dst);
        errno = saved;
    }
    return rc;
}

/* Copies the tree src into dst (created): folders, regular files and symbolic links
 * (as links, unchanged), so the files not being imported stay exactly as they were. */
static int copy_tree(const char *src, const char *dst, budget *b, int depth)
{
    if (depth > 8) {
        errno = ELOOP;
        return -1;
    }
    if (fault() != 0) return -1;
    if (mkdir(dst, 0750) != 0 && errno != EEXIST) return -1;
    DIR *d = opendir(src);
    if (!d) return -1;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *s = wz_path_join(src, e->d_name);
        char *t = wz_path_join(dst, e->d_name);
        struct stat st;
        if (lstat(s, &st) != 0) {
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = copy_tree(s, t, b, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            rc = copy_file(s, t, b);
        } else if (S_ISLNK(st.st_mode)) {
            char link[4096];
            ssize_t n = readlink(s, link, sizeof(link) - 1);
            if (n < 0 || fault() != 0) {
                rc = -1;
            } else {
                link[n] = '\0';
                rc = symlink(link, t);
            }
        } /* sockets, fifos, devices: not scenario material, left out */
        free(s);
        free(t);
    }
    closedir(d);
    return rc;
}

/* 1 when both files exist and hold the same bytes. */
static int same_file(const char *a, const char *b)
{
    char *da = NULL, *db = NULL;
    size_t la = 0, lb = 0;
    int same = wz_read_file(a, 64u * 1024 * 1024, &da, &la) == 0 &&
               wz_read_file(b, 64u * 1024 * 1024, &db, &lb) == 0 && la == lb &&
               memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return same;
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

void wz_import_free_sources(char **sources, int n)
{
    for (int i = 0; sources && i < n; i++)
        free(sources[i]);
    free(sources);
}

/* ---- importing ---- */

/* The pictures a scenario uses, as written (relative to its folder). */
static void scenario_assets(const wz_scenario *sc, strlist *out)
{
    if (sc->thumbnail) strlist_add(out, wz_xstrdup(sc->thumbnail));
    for (int i = 0; i < sc->ncharacters; i++)
        if (sc->characters[i].avatar) strlist_add(out, wz_xstrdup(sc->characters[i].avatar));
    for (int i = 0; i < sc->npassages; i++)
        for (int j = 0; j < sc->passages[i].nparts; j++)
            if (sc->passages[i].parts[j].kind == WZ_PART_IMAGE && sc->passages[i].parts[j].image)
                strlist_add(out, wz_xstrdup(sc->passages[i].parts[j].image));
}

/* What one good file brings: its own path and its pictures, relative to the source. */
typedef struct payload {
    strlist rel; /* relative destination paths */
    strlist src; /* absolute source paths, same order */
} payload;

static void payload_of(const wz_library_entry *e, const char *rel, payload *p)
{
    strlist_add(&p->rel, wz_xstrdup(rel));
    strlist_add(&p->src, wz_xstrdup(e->path));
    strlist assets = {0};
    scenario_assets(e->sc, &assets);
    char *reldir = wz_path_dirname(rel);
    for (int i = 0; i < assets.count; i++) {
        const char *why = NULL;
        char *real = wz_asset_resolve(e->sc, assets.items[i], &why);
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
            strlist_add(&p->rel, dst);
            strlist_add(&p->src, real);
        }
    }
    free(reldir);
    strlist_free(&assets);
}

static void payload_free(payload *p)
{
    strlist_free(&p->rel);
    strlist_free(&p->src);
}

static const char *rel_of(const char *path, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(path, base, n) == 0 && path[n] == '/') return path + n + 1;
    return path;
}

/* A hidden sibling of scenarios_dir: "<parent>/.<name>.<what>-<pid>". */
static char *sibling(const char *scenarios_dir, const char *what)
{
    char *parent = wz_path_dirname(scenarios_dir);
    const char *base = strrchr(scenarios_dir, '/');
    base = base ? base + 1 : scenarios_dir;
    char *name = wz_xasprintf(".%s.%s-%ld", base, what, (long)getpid());
    char *p = wz_path_join(parent, name);
    free(name);
    free(parent);
    return p;
}

/* Builds staging = old set + payloads of files[i] with take[i]. Returns 0 or -1 (errno). */
static int build_staging(const char *staging, const char *scenarios_dir, payload *pl, int n,
                         const int *take)
{
    budget b = {0, 0};
    if (rm_rf(staging) != 0) return -1;
    if (is_dir(scenarios_dir)) {
        if (copy_tree(scenarios_dir, staging, &b, 0) != 0) return -1;
    } else {
        if (fault() != 0 || mkdir(staging, 0750) != 0) return -1;
    }
    for (int i = 0; i < n; i++) {
        if (!take[i]) continue;
        for (int k = 0; k < pl[i].rel.count; k++) {
            char *dst = wz_path_join(staging, pl[i].rel.items[k]);
            struct stat st;
            int rc = 0;
            if (lstat(dst, &st) == 0) {
                if (S_ISDIR(st.st_mode)) {
                    errno = EISDIR;
                    rc = -1;
                } else {
                    rc = unlink(dst);
                }
            }
            if (rc == 0) rc = copy_file(pl[i].src.items[k], dst, &b);
            free(dst);
            if (rc != 0) return -1;
        }
    }
    return 0;
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
        if (rm_rf(p) == 0) wz_log_info(LOG, "removed %s, left over from an interrupted import", p);
        free(p);
    }
    if (d) closedir(d);
    free(p1);
    free(p2);
    free(parent);
}

static int swap_in(const char *staging, const char *scenarios_dir)
{
    char *parent = wz_path_dirname(scenarios_dir);
    int rc = -1;
    if (fault() != 0) goto out;
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
    rm_rf(aside);
    if (rename(scenarios_dir, aside) == 0) {
        if (rename(staging, scenarios_dir) == 0) {
            rc = 0; /* the new set is in place; hand the old one back as "staging" so the
                       caller removes it (or remove it here if even that fails) */
            if (rename(aside, staging) != 0) rm_rf(aside);
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
    if (rc == 0) fsync_path(parent);
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

/* The slow part of an import: reads and checks the stick and builds and checks the
 * staging set beside scenarios_dir, which it does not change. Returns 1 with *staging_out
 * (new string) when the staging set is ready to swap in, 0 when there is nothing new, -1
 * on an error (res->error). Safe on any thread (only the test hooks are shared). */
static int import_prepare(const char *source, const char *scenarios_dir, wz_import_result *res,
                          char **staging_out)
{
    memset(res, 0, sizeof(*res));
    res->source = wz_xstrdup(source ? source : "");
    *staging_out = NULL;
    op_count = 0;
    int rc = -1;
    wz_library *src = NULL, *old = NULL, *check = NULL;
    payload *pl = NULL;
    int *take = NULL;
    char *staging = NULL;

    if (!source || !is_dir(source)) {
        set_error(res, "The USB stick could not be read. Take it out, put it back in and try "
                       "again. Nothing was changed.");
        goto out;
    }
    src = wz_library_load(source, NULL);
    if (src->count == 0) {
        set_error(res,
                  "There are no scenario files (.twee or .html) on the USB stick. Put them at "
                  "the top of the stick or in a folder called warning-zone. Nothing was changed.");
        goto out;
    }
    old = wz_library_load(scenarios_dir, NULL);

    res->count = src->count;
    res->files = wz_xcalloc((size_t)src->count, sizeof(*res->files));
    pl = wz_xcalloc((size_t)src->count, sizeof(*pl));
    take = wz_xcalloc((size_t)src->count, sizeof(*take));
    int wanted = 0;
    for (int i = 0; i < src->count; i++) {
        const wz_library_entry *e = &src->entries[i];
        wz_import_file *f = &res->files[i];
        const char *rel = rel_of(e->path, src->dir);
        f->name = wz_xstrdup(rel);
        f->title = e->sc && e->sc->title ? wz_xstrdup(e->sc->title) : NULL;
        wz_diags_init(&f->diags);
        for (int k = 0; k < e->diags.count; k++) {
            const wz_diag *dg = &e->diags.items[k];
            wz_diag_add(&f->diags, dg->severity, dg->file, dg->line, dg->column, "%s", dg->message);
        }
        if (!e->playable) {
            f->status = WZ_IMPORT_REJECTED;
            continue;
        }
        payload_of(e, rel, &pl[i]);
        char *dst = wz_path_join(scenarios_dir, rel);
        int exists = access(dst, F_OK) == 0;
        int same = exists;
        for (int k = 0; same && k < pl[i].rel.count; k++) {
            char *d = wz_path_join(scenarios_dir, pl[i].rel.items[k]);
            same = same_file(pl[i].src.items[k], d);
            free(d);
        }
        free(dst);
        f->status = same ? WZ_IMPORT_SAME : exists ? WZ_IMPORT_REPLACED : WZ_IMPORT_ADDED;
        take[i] = !same;
        wanted += take[i];
    }

    remove_leftovers(scenarios_dir);
    staging = sibling(scenarios_dir, "import");
    /* Build, check the whole set, and drop any new file that fails there; repeat (each
     * round drops at least one file, so this ends). */
    while (wanted > 0) {
        if (build_staging(staging, scenarios_dir, pl, src->count, take) != 0) {
            set_error(res, "The scenarios could not be copied: %s. Nothing was changed.",
                      why_failed(errno));
            wz_log_error(LOG, "copying into %s failed: %s", staging, strerror(errno));
            goto out;
        }
        wz_library_free(check);
        check = wz_library_load(staging, NULL);
        /* A scenario that played before must still play. */
        for (int j = 0; j < old->count; j++) {
            if (!old->entries[j].playable) continue;
            const char *rel = rel_of(old->entries[j].path, old->dir);
            for (int k = 0; k < check->count; k++) {
                const wz_library_entry *c = &check->entries[k];
                if (strcmp(rel_of(c->path, check->dir), rel) != 0 || c->playable) continue;
                if (c->sc && c->sc->story != old->entries[j].sc->story) continue; /* archive */
                /* replaced by an import that passed on the stick: not "broken by" it */
                int replaced = 0;
                for (int i = 0; i < src->count; i++)
                    replaced |= take[i] && !strcmp(res->files[i].name, rel);
                if (replaced) continue;
                set_error(res,
                          "Loading these files would stop \"%s\" from playing (%s). Nothing "
                          "was changed.",
                          old->entries[j].sc && old->entries[j].sc->title
                              ? old->entries[j].sc->title
                              : rel,
                          c->diags.count ? c->diags.items[0].message : "it has an error");
                goto out;
            }
        }
        int dropped = 0;
        for (int i = 0; i < src->count; i++) {
            if (!take[i]) continue;
            for (int k = 0; k < check->count; k++) {
                const wz_library_entry *c = &check->entries[k];
                if (strcmp(rel_of(c->path, check->dir), res->files[i].name) != 0) continue;
                if (c->sc && src->entries[i].sc && c->sc->story != src->entries[i].sc->story)
                    continue; /* another story of the same archive */
                if (!c->playable) {
                    take[i] = 0;
                    wanted--;
                    dropped++;
                    res->files[i].status = WZ_IMPORT_REJECTED;
                    for (int m = 0; m < c->diags.count; m++) {
                        const wz_diag *dg = &c->diags.items[m];
                        if (dg->severity == WZ_ERROR)
                            wz_diag_add(&res->files[i].diags, dg->severity, src->entries[i].path,
                                        dg->line, dg->column, "%s", dg->message);
                    }
                }
            }
        }
        if (!dropped) break;
    }

    for (int i = 0; i < res->count; i++) {
        if (res->files[i].status == WZ_IMPORT_REJECTED) res->rejected++;
        if (take[i]) res->imported++;
    }
    if (res->imported == 0) {
        if (res->rejected == res->count)
            set_error(res, "None of the scenario files on the USB stick can be used. Nothing "
                           "was changed.");
        rc = res->rejected == res->count ? -1 : 0; /* all the same as before: nothing to do */
        goto out;
    }
    *staging_out = staging; /* ready: the caller swaps it in or throws it away */
    staging = NULL;
    rc = 1;

out:
    if (staging && rm_rf(staging) != 0)
        wz_log_warn(LOG, "could not remove %s; it can be deleted by hand", staging);
    if (rc < 0 && res->error) wz_log_warn(LOG, "import from %s: %s", res->source, res->error);
    for (int i = 0; pl && i < src->count; i++)
        payload_free(&pl[i]);
    free(pl);
    free(take);
    free(staging);
    wz_library_free(src);
    wz_library_free(old);
    wz_library_free(check);
    return rc;
}

/* The quick part: swaps the prepared staging set in (prepared is import_prepare's
 * answer), removes the staging folder whatever happens, and returns as wz_import_run. */
static int import_commit(int prepared, char *staging, const char *scenarios_dir,
                         long long sig_before, wz_import_result *res)
{
    int rc = prepared < 0 ? -1 : 0;
    if (prepared == 1 && wz_library_scan_signature(scenarios_dir) != sig_before) {
        /* copied in by hand while the stick was being checked: the staging copy of the
         * old set is stale, and swapping it in would lose those files */
        set_error(res, "The scenarios folder changed while the USB stick was being checked. "
                       "Nothing was changed; please try again.");
        wz_log_warn(LOG, "import from %s: %s", res->source, res->error);
        rc = -1;
    } else if (prepared == 1 && swap_in(staging, scenarios_dir) != 0) {
        set_error(res, "The new scenarios could not be put in place: %s. Nothing was changed.",
                  why_failed(errno));
        wz_log_error(LOG, "swapping %s into %s failed: %s", staging, scenarios_dir,
                     strerror(errno));
        wz_log_warn(LOG, "import from %s: %s", res->source, res->error);
        rc = -1;
    } else if (prepared == 1) {
        res->swapped = 1;
        wz_log_info(LOG, "imported %d scenario file(s) from %s, left out %d", res->imported,
                    res->source, res->rejected);
    }
    if (staging && rm_rf(staging) != 0)
        wz_log_warn(LOG, "could not remove %s; it can be deleted by hand", staging);
    free(staging);
    fail_at = 0;
    return rc;
}

int wz_import_run(const char *source, const char *scenarios_dir, wz_import_result *res)
{
    long long sig = wz_library_scan_signature(scenarios_dir);
    char *staging = NULL;
    int prepared = import_prepare(source, scenarios_dir, res, &staging);
    return import_commit(prepared, staging, scenarios_dir, sig, res);
}

/* ---- the slow part on a thread ---- */

struct wz_import_job {
    pthread_t thread;
    char *source, *scenarios_dir;
    long long sig_before;
    void (*on_done)(void *);
    void *ctx;
    wz_import_result res;
    char *staging;
    int prepared;
    atomic_int done;
};

void wz_import_test_on_copy(void (*hook)(void *), void *ctx)
{
    copy_hook = hook;
    copy_hook_ctx = ctx;
}

static void *job_main(void *arg)
{
    wz_import_job *j = arg;
    j->prepared = import_prepare(j->source, j->scenarios_dir, &j->res, &j->staging);
    atomic_store(&j->done, 1);
    if (j->on_done) j->on_done(j->ctx);
    return NULL;
}

wz_import_job *wz_import_job_start(const char *source, const char *scenarios_dir,
                                   void (*on_done)(void *), void *ctx)
{
    wz_import_job *j = wz_xcalloc(1, sizeof(*j));
    j->source = wz_xstrdup(source ? source : "");
    j->scenarios_dir = wz_xstrdup(scenarios_dir);
    j->sig_before = wz_library_scan_signature(scenarios_dir);
    j->on_done = on_done;
    j->ctx = ctx;
    atomic_init(&j->done, 0);
    int err = pthread_create(&j->thread, NULL, job_main, j);
    if (err != 0) {
        wz_log_error(LOG, "could not start the import thread: %s", strerror(err));
        free(j->source);
        free(j->scenarios_dir);
        free(j);
        return NULL;
    }
    return j;
}

int wz_import_job_done(wz_import_job *j)
{
    return atomic_load(&j->done);
}

int wz_import_job_finish(wz_import_job *j, wz_import_result *res)
{
    pthread_join(j->thread, NULL);
    *res = j->res;
    int rc = import_commit(j->prepared, j->staging, j->scenarios_dir, j->sig_before, res);
    free(j->source);
    free(j->scenarios_dir);
    free(j);
    return rc;
}

void wz_import_job_cancel(wz_import_job *j)
{
    if (!j) return;
    pthread_join(j->thread, NULL);
    import_commit(-1, j->staging, j->scenarios_dir, j->sig_before, &j->res);
    wz_import_result_free(&j->res);
    free(j->source);
    free(j->scenarios_dir);
    free(j);
}

void wz_import_result_free(wz_import_result *res)
{
    if (!res) return;
    for (int i = 0; i < res->count; i++) {
        free(res->files[i].name);
        free(res->files[i].title);
        wz_diags_free(&res->files[i].diags);
    }
    free(res->files);
    free(res->source);
    free(res->error);
    memset(res, 0, sizeof(*res));
}

char *wz_import_summary(const wz_import_result *res, int max_problems)
{
    wz_buf b;
    wz_buf_init(&b, 256 * 1024);
    if (res->error) wz_buf_printf(&b, "%s\n", res->error);
    if (res->count) {
        if (res->swapped)
            wz_buf_printf(&b, "Loaded %d scenario file%s; left out %d.\n", res->imported,
                          res->imported == 1 ? "" : "s", res->rejected);
        else if (!res->error)
            wz_buf_printf(&b, "Nothing new to load: the scenarios on the stick are already on "
                              "the kiosk.\n");
    }
    for (int i = 0; i < res->count; i++) {
        const wz_import_file *f = &res->files[i];
        const char *what = "";
        switch (f->status) {
        case WZ_IMPORT_ADDED:
            what = res->swapped ? "added" : "not loaded";
            break;
        case WZ_IMPORT_REPLACED:
            what = res->swapped ? "loaded, replacing the old copy" : "not loaded";
            break;
        case WZ_IMPORT_SAME:
            what = "already on the kiosk";
            break;
        case WZ_IMPORT_REJECTED:
            what = "NOT LOADED, it has errors";
            break;
        }
        if (f->title)
            wz_buf_printf(&b, "%s (\"%s\"): %s\n", f->name, f->title, what);
        else
            wz_buf_printf(&b, "%s: %s\n", f->name, what);
        int shown = 0;
        for (int sev = WZ_ERROR; sev >= WZ_WARNING; sev--) {
            for (int k = 0; k < f->diags.count; k++) {
                const wz_diag *dg = &f->diags.items[k];
                if ((int)dg->severity != sev) continue;
                if (shown == max_problems) {
                    wz_buf_printf(&b, "    ... and more (check the file with wz-check)\n");
                    shown++;
                }
                if (shown > max_problems) break;
                wz_buf_printf(&b, "    %s, line %d: %s\n", sev == WZ_ERROR ? "Error" : "Warning",
                              dg->line, dg->message);
                shown++;
            }
        }
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
