/*
 * wz_i18n: the kiosk's own words in the visitor's language.
 *
 * Every string the kiosk shows a visitor goes through wz_tr (wz_ntr when it counts); the
 * English text is the msgid, so English is complete by construction. Catalogues are
 * po/<lang>.po compiled to <locale>/<lang>/LC_MESSAGES/wz-kiosk.mo, read by wz_mo.
 * Each language's catalogue is read once and kept (at most WZ_I18N_MAX_LANGUAGES) until
 * wz_i18n_shutdown, so switching per visitor reads and allocates nothing; a missing or
 * broken one is logged once and shows English. Folders searched: $WZ_LOCALE_DIR, "locale"
 * in the data folders (installed: share/wz-kiosk/locale), "locale" beside the executable.
 */
#ifndef WZ_I18N_H
#define WZ_I18N_H

#define WZ_I18N_DOMAIN "wz-kiosk"
#define WZ_I18N_MAX_LANGUAGES 16

/* Marks a string for extraction (xgettext --keyword=WZ_N) where it cannot be translated
 * yet, e.g. in a static table; translate it with wz_tr where it is shown. */
#define WZ_N(s) s

/* Sets the language of the kiosk's words (a BCP 47 tag; NULL or "" means English). Returns
 * 0 when a catalogue is in use, 1 for English (nothing to read), -1 when the language has
 * no usable catalogue (then English shows; the reason was logged). */
int wz_i18n_set_language(const char *lang);
/* The tag last set ("en" at first). */
const char *wz_i18n_language(void);
/* msgid in the current language, or msgid itself when there is no translation. */
const char *wz_tr(const char *msgid) __attribute__((format_arg(1)));
/* The plural pair for n in the current language's plural forms (English: one when n == 1). */
const char *wz_ntr(const char *one, const char *many, unsigned long n)
    __attribute__((format_arg(1), format_arg(2)));
/* Uses only dir for catalogues (tests); NULL goes back to the normal search. Forgets the
 * catalogues read so far and goes back to English. */
void wz_i18n_set_dir(const char *dir);
/* Frees every catalogue; back to English. */
void wz_i18n_shutdown(void);

/* The language's name in its own script ("Polski", "اردو"), for the language choice;
 * the tag itself when it is not known. */
const char *wz_i18n_native_name(const char *lang);
/* 1 when two tags name the same language for scenarios: case-insensitive, and a tag
 * with a region matches one without ("en-GB" and "en"); NULL or "" is "en". */
int wz_i18n_same_language(const char *a, const char *b);

#endif
