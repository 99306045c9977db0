/*
 * fuzz_scenario: the body both scenario harnesses share (fuzz_twee.c, fuzz_html.c).
 *
 * Input goes through wz_scenario_parse so that the UTF-8 check, the conventions
 * (wz_scenario_interpret) and validation are fuzzed on whatever the reader makes of the
 * bytes. It is copied to an allocation of exactly its size (no NUL after it), so ASan
 * catches any read past the end. Past the 4 MB file limit the kiosk never parses, so
 * neither does the harness. Afterwards the model must hold together: every passage has a
 * name and text, tag counts are within their limits, names are unique; then the readers
 * that run on a parsed scenario (knowledge check, discussion questions) get it too.
 */
#ifndef WZ_FUZZ_SCENARIO_H
#define WZ_FUZZ_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wz_discuss.h"
#include "wz_quiz.h"
#include "wz_scenario.h"
#include "wz_util.h"

static int wz_fuzz_scenario(const uint8_t *data, size_t size, const char *file, int html)
{
    if (size > WZ_MAX_FILE_BYTES) return 0;
    char *text = wz_xmalloc(size ? size : 1);
    if (size) memcpy(text, data, size);
    wz_diags diags;
    wz_diags_init(&diags);
    wz_scenario *sc = wz_scenario_parse(file, text, size, html, &diags);
    if (sc) {
        if (sc->npassages > WZ_MAX_PASSAGES) abort();
        for (int i = 0; i < sc->npassages; i++) {
            const wz_passage *p = &sc->passages[i];
            if (!p->name || !p->text || p->ntags > WZ_MAX_TAGS || p->line < 1) abort();
            if (wz_scenario_find(sc, p->name) != i) /* names are unique */
                abort();
        }
        wz_quiz_free(wz_quiz_read(sc, &diags));
        wz_discuss_free(wz_discuss_read(sc, &diags));
    }
    wz_scenario_free(sc);
    wz_diags_free(&diags);
    free(text);
    return 0;
}

#endif
