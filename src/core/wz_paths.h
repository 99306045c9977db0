/*
 * wz_paths: where the kiosk finds its read-only files (fonts, images, bundled scenarios)
 * whether it runs from the build folder, from `make install`, or from the Debian package.
 *
 * The same binary must work in all three places, so nothing is fixed at one path: the
 * candidates are tried in order and the first that holds the file wins:
 *   1. $WZ_DATA_DIR (tests, unusual installs)
 *   2. <folder of the executable>/../share/wz-kiosk    (installed: /usr/bin -> /usr/share)
 *   3. <folder of the executable>/..                   (the build folder: build/ -> repo)
 *   4. the current folder                              (`make run` from the repository)
 *   5. WZ_INSTALL_DATADIR, set by cmake/packaging.cmake (the configured install prefix)
 */
#ifndef WZ_PATHS_H
#define WZ_PATHS_H

/* Returns a new path to rel (e.g. "assets/fonts/NotoSans-Regular.ttf") in the first data
 * folder that holds it, or NULL when none does. rel must be relative and not climb with "..".
 * The caller frees the result. */
char *wz_paths_find(const char *rel);

/* Shorthands: wz_paths_find("assets/<rel>") and the bundled scenarios folder. */
char *wz_paths_asset(const char *rel);
char *wz_paths_bundled_scenarios(void);

/* The folder for files the kiosk can make again but keeps to start faster (icon rasters):
 * $WZ_CACHE_DIR (empty: none), else systemd's $CACHE_DIRECTORY (the unit's
 * CacheDirectory=, /var/cache/wz-kiosk), else $XDG_CACHE_HOME/wz-kiosk, else
 * ~/.cache/wz-kiosk. Returns a new path (not made here), or NULL when there is none. */
char *wz_paths_cache_dir(void);

/* Returns a new copy of the folder holding the running executable, or NULL. */
char *wz_paths_exe_dir(void);

#endif
