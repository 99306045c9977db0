/*
 * wz_mo: one GNU gettext catalogue (.mo file) read into memory, looked up by msgid.
 *
 * Not libintl: it keys catalogues on the process locale (LANGUAGE, LC_MESSAGES) and caches
 * them out of sight, so a per-visitor switch means changing the process environment and
 * poking a private counter. A .mo file is small and documented, so here a catalogue is a
 * plain read-only value: every length and offset checked, looked up through an index built
 * here (never the file's own order or hash table), freed whole; bad input is refused with a
 * message (fuzzed: tests/fuzz/fuzz_mo.c). Plurals follow its Plural-Forms header, else the
 * English rule (n != 1).
 */
#ifndef WZ_MO_H
#define WZ_MO_H

#include <stddef.h>

#define WZ_MO_MAX_BYTES (8u * 1024u * 1024u) /* a kiosk catalogue is a few kilobytes */
#define WZ_MO_MAX_STRINGS 100000
#define WZ_MO_MAX_PLURALS 6

typedef struct wz_mo wz_mo;

/* Parses a .mo image (copied). NULL with *err on a broken or too large catalogue. */
wz_mo *wz_mo_parse(const void *data, size_t size, char **err);
/* Reads and parses a .mo file. NULL with *err when missing, unreadable or broken. */
wz_mo *wz_mo_load(const char *path, char **err);
void wz_mo_free(wz_mo *mo); /* accepts NULL */

/* The translation of msgid, or NULL when the catalogue has none (or an empty one). */
const char *wz_mo_get(const wz_mo *mo, const char *msgid);
/* The translation of the plural pair (msgid, msgid_plural) for n, by the catalogue's
 * Plural-Forms; NULL when there is none. */
const char *wz_mo_nget(const wz_mo *mo, const char *msgid, unsigned long n);
/* How many messages the catalogue holds (the header included). */
int wz_mo_count(const wz_mo *mo);

/* Evaluates a Plural-Forms expression ("n != 1", "(n==1 ? 0 : n%10>=2 && ...)") for n.
 * Returns the form index, or -1 when the expression cannot be read. */
int wz_mo_plural_eval(const char *expr, unsigned long n);

#endif
