/*
 * wz_paths: tries a short, fixed list of data folders (see the header for the order).
 *
 * The executable's folder comes from /proc/self/exe (Linux), which stays right however
 * the program was started (systemd, cage, a relative path). Each lookup is a handful of
 * access() calls, done once at start-up by the callers, so nothing is cached here.
 */
#include "wz_paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wz_util.h"

#ifndef WZ_INSTALL_DATADIR
#define WZ_INSTALL_DATADIR "/usr/share/wz-kiosk"
#endif

char *wz_paths_cache_dir(void)
{
    const char *own = getenv("WZ_CACHE_DIR");
    if (own) return *own ? wz_xstrdup(own) : NULL;
    const char *sd = getenv("CACHE_DIRECTORY"); /* may list several, ':'-separated */
    if (sd && *sd == '/') return wz_xstrndup(sd, strcspn(sd, ":"));
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (xdg && *xdg == '/') return wz_path_join(xdg, "wz-kiosk");
    const char *home = getenv("HOME");
    if (home && *home == '/') return wz_path_join(home, ".cache/wz-kiosk");
    return NULL;
}

char *wz_paths_exe_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n <= 0) return NULL;
    buf[n] = '\0';
    return wz_path_dirname(buf);
}

static int safe_rel(const char *rel)
{
    if (!rel || !*rel || rel[0] == '/') return 0;
    const char *p = rel;
    while (*p) {
        size_t seg = strcspn(p, "/");
        if (seg == 2 && p[0] == '.' && p[1] == '.') return 0;
        p += seg;
        if (*p == '/') p++;
    }
    return 1;
}

/* Returns a new path when base/rel exists, else NULL. */
static char *try_base(const char *base, const char *rel)
{
    if (!base || !*base) return NULL;
    char *p = wz_path_join(base, rel);
    if (access(p, F_OK) == 0) return p;
    free(p);
    return NULL;
}

char *wz_paths_find(const char *rel)
{
    if (!safe_rel(rel)) return NULL;
    char *found = try_base(getenv("WZ_DATA_DIR"), rel);
    if (found) return found;
    char *exe = wz_paths_exe_dir();
    if (exe) {
        char *share = wz_path_join(exe, "../share/wz-kiosk");
        found = try_base(share, rel);
        free(share);
        if (!found) {
            char *up = wz_path_join(exe, "..");
            found = try_base(up, rel);
            free(up);
        }
        free(exe);
        if (found) return found;
    }
    found = try_base(".", rel);
    if (found) return found;
    return try_base(WZ_INSTALL_DATADIR, rel);
}

char *wz_paths_asset(const char *rel)
{
    if (!safe_rel(rel)) return NULL;
    char *r = wz_path_join("assets", rel);
    char *p = wz_paths_find(r);
    free(r);
    return p;
}

char *wz_paths_bundled_scenarios(void)
{
    return wz_paths_find("scenarios");
}
