/*
 * wz_dynlib: a library the kiosk needs only later (the network's libcurl), opened when it
 * is first needed rather than by the loader at start-up.
 *
 * Each library linked into the program is opened, with everything it needs, before main()
 * runs: libcurl brings some thirty more, and none of them is used before the attract
 * screen shows. A caller lists the functions it uses; they are looked up once
 * and kept in its own table. The library stays open until the program ends.
 */
#ifndef WZ_DYNLIB_H
#define WZ_DYNLIB_H

#include <stddef.h>

/* One function to look up: its name and where its address goes (a function pointer,
 * passed as (void **)&fn). */
typedef struct wz_dynlib_sym {
    const char *name;
    void **slot;
} wz_dynlib_sym;

/* Opens the library soname (e.g. "libcurl.so.4") and fills every slot. Returns 0, or -1
 * with *err in words (which library or which function is missing) and the slots left as
 * they were. Thread-safe; calling it again for the same library is cheap. */
int wz_dynlib_load(const char *soname, const wz_dynlib_sym *syms, size_t n, char **err);

#endif
