/*
 * wz_text: the text texture cache (see wz_text.h).
 *
 * A small open hash table (FNV-1a over the key) of entries; each entry remembers the
 * frame it was last used in. Eviction scans for the oldest entry not used in this frame:
 * a linear scan over at most WZ_TEXT_CACHE_MAX_ENTRIES, only when the cache is full, which
 * is cheaper than keeping a linked list right on every hit.
 *
 * Font files are mapped into memory once and each size is opened from the mapping:
 * FreeType reads a font through many small seeks and reads, and through a file each of
 * them was a system call (thousands before the first frame). A font file is replaced on
 * upgrade by a new file, never rewritten in place, so the mapping stays valid.
 */
#include "wz_text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "wz_raster.h"
#include "wz_text_int.h"
#include "wz_util.h"

#define WZ_TEXT_MAX_SIDE 16384 /* SDL's own limit for a surface side */

/* The mapping of file (made on first use), or NULL when it cannot be mapped. */
static const font_map *font_mapped(wz_text_cache *tc, const char *file)
{
    for (int i = 0; i < tc->nmaps; i++)
        if (strcmp(tc->maps[i].path, file) == 0) return &tc->maps[i];
    if (tc->nmaps == WZ_FONT_MAPS) return NULL;
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    void *data = MAP_FAILED;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size < INT32_MAX)
        data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (data == MAP_FAILED) return NULL;
    font_map *m = &tc->maps[tc->nmaps++];
    m->path = wz_xstrdup(file);
    m->data = data;
    m->len = (size_t)st.st_size;
    return m;
}

/* Opens file at px pixels: from its mapping, or from the file when it cannot be mapped. */
static TTF_Font *font_open(wz_text_cache *tc, const char *file, int px)
{
    const font_map *m = font_mapped(tc, file);
    if (!m) return TTF_OpenFont(file, px);
    SDL_RWops *rw = SDL_RWFromConstMem(m->data, (int)m->len);
    return rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
}

TTF_Font *wz_text_font(wz_text_cache *tc, int face, int px, int bold)
{
    font_slot *free_slot = NULL, *oldest = NULL;
    tc->font_clock++;
    for (int i = 0; i < WZ_FONT_SLOTS; i++) {
        font_slot *f = &tc->fonts[i];
        if (f->font && f->face == face && f->px == px && f->bold == bold) {
            f->used = tc->font_clock;
            return f->font;
        }
        if (!f->font && !free_slot) free_slot = f;
        if (f->font && (!oldest || f->used < oldest->used)) oldest = f;
    }
    const char *file = face == 0 ? tc->path[bold ? 1 : 0] : wz_text_face_file(tc, face, bold);
    if (!file) return NULL;
    font_slot *slot = free_slot ? free_slot : oldest;
    if (slot->font) TTF_CloseFont(slot->font);
    slot->font = font_open(tc, file, px);
    slot->face = face;
    slot->px = px;
    slot->bold = bold;
    slot->used = tc->font_clock;
    return slot->font;
}

static TTF_Font *font_get(wz_text_cache *tc, int px, int bold)
{
    return wz_text_font(tc, 0, px, bold);
}

wz_text_cache *wz_text_cache_create(SDL_Renderer *r, const char *font_regular,
                                    const char *font_bold)
{
    if (!TTF_WasInit() && TTF_Init() != 0) return NULL;
    wz_text_cache *tc = wz_xcalloc(1, sizeof *tc);
    tc->r = r;
    tc->path[0] = wz_xstrdup(font_regular);
    tc->path[1] = wz_xstrdup(font_bold);
    tc->font_dir = wz_path_dirname(font_regular);
    wz_text_set_language(tc, NULL);
    /* Open both once now, so a missing font fails at start-up, not mid-visit. */
    if (!font_get(tc, 24, 0) || !font_get(tc, 24, 1)) {
        wz_text_cache_destroy(tc);
        return NULL;
    }
    return tc;
}

static void entry_free(wz_text_cache *tc, entry *e)
{
    if (e->tex) {
        SDL_DestroyTexture(e->tex);
        tc->bytes -= (size_t)e->w * (size_t)e->h * 4u;
    }
    tc->count--;
    free(e->text);
    free(e);
}

void wz_text_cache_reset(wz_text_cache *tc)
{
    for (int b = 0; b < WZ_TEXT_BUCKETS; b++) {
        entry *e = tc->buckets[b];
        while (e) {
            entry *next = e->next;
            entry_free(tc, e);
            e = next;
        }
        tc->buckets[b] = NULL;
    }
}

void wz_text_cache_destroy(wz_text_cache *tc)
{
    if (!tc) return;
    wz_text_cache_reset(tc);
    for (int i = 0; i < WZ_FONT_SLOTS; i++)
        if (tc->fonts[i].font) TTF_CloseFont(tc->fonts[i].font);
    for (int i = 0; i < tc->nmaps; i++) { /* after the fonts read from them are closed */
        munmap(tc->maps[i].data, tc->maps[i].len);
        free(tc->maps[i].path);
    }
    free(tc->path[0]);
    free(tc->path[1]);
    free(tc->font_dir);
    for (int i = 0; i < tc->nraster_used; i++)
        free(tc->raster_used[i]);
    free(tc->raster_used);
    free(tc->raster_dir);
    for (int i = 0; i < WZ_TEXT_MAX_FACES; i++) {
        free(tc->face_path[i][0]);
        free(tc->face_path[i][1]);
    }
    free(tc);
}

void wz_text_cache_frame(wz_text_cache *tc)
{
    tc->frame++;
}

/* Evicts least recently used entries (never this frame's) until there is room. */
static void make_room(wz_text_cache *tc, size_t need)
{
    while (tc->count >= WZ_TEXT_CACHE_MAX_ENTRIES ||
           (tc->count > 0 && tc->bytes + need > WZ_TEXT_CACHE_MAX_BYTES)) {
        entry **victim = NULL;
        for (int b = 0; b < WZ_TEXT_BUCKETS; b++)
            for (entry **pe = &tc->buckets[b]; *pe; pe = &(*pe)->next)
                if ((*pe)->frame < tc->frame && (!victim || (*pe)->frame < (*victim)->frame))
                    victim = pe;
        if (!victim) return; /* everything is in use this frame: allow the overshoot */
        entry *e = *victim;
        *victim = e->next;
        entry_free(tc, e);
    }
}

/* SDL_ttf draws with one font and has no fallback, and Noto Sans has no emoji: a
 * character the font lacks would show as an empty box. Common emoji become the
 * emoticon a child would type; other missing characters (and joiners and variation
 * selectors) are left out. */
static const struct {
    unsigned cp;
    const char *text;
} emoji[] = {{0x1F602, "haha"},     {0x1F923, "haha"},    {0x1F600, ":D"},     {0x1F601, ":D"},
             {0x1F603, ":D"},       {0x1F604, ":D"},      {0x1F606, ":D"},     {0x1F642, ":)"},
             {0x1F60A, ":)"},       {0x263A, ":)"},       {0x1F609, ";)"},     {0x1F61C, ";P"},
             {0x1F61B, ":P"},       {0x1F641, ":("},      {0x2639, ":("},      {0x1F622, ":'("},
             {0x1F62D, ":'("},      {0x1F62E, ":O"},      {0x1F632, ":O"},     {0x1F620, ">:("},
             {0x1F621, ">:("},      {0x1F60E, "B)"},      {0x2764, "<3"},      {0x1F499, "<3"},
             {0x1F49C, "<3"},       {0x1F44D, "(y)"},     {0x1F44E, "(n)"},    {0x1F44B, "o/"},
             {0x1F64F, "(thanks)"}, {0x1F525, "(fire)"},  {0x1F3AE, "(game)"}, {0x1F381, "(gift)"},
             {0x1F48E, "(gem)"},    {0x1F4F1, "(phone)"}, {0x1F440, "(eyes)"}, {0x1F910, "(shh)"},
             {0x1F92B, "(shh)"}};

unsigned wz_text_utf8_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned cp;
    int n;
    if (s[0] < 0x80)
        cp = s[0], n = 1;
    else if ((s[0] & 0xE0) == 0xC0 && s[1])
        cp = s[0] & 0x1Fu, n = 2;
    else if ((s[0] & 0xF0) == 0xE0 && s[1] && s[2])
        cp = s[0] & 0x0Fu, n = 3;
    else if ((s[0] & 0xF8) == 0xF0 && s[1] && s[2] && s[3])
        cp = s[0] & 0x07u, n = 4;
    else {
        *p = s + 1;
        return 0xFFFD;
    }
    for (int i = 1; i < n; i++)
        cp = (cp << 6) | (s[i] & 0x3Fu);
    *p = s + n;
    return cp;
}

/* A copy of text with the characters no font can draw replaced (caller frees). shaped: the
 * fonts of other scripts are tried too. */
static char *drawable(wz_text_cache *tc, TTF_Font *font, int shaped, int px, int bold,
                      const char *text, size_t n)
{
    wz_buf b;
    wz_buf_init(&b, WZ_TEXT_MAX_BYTES * 2);
    char *copy = wz_xstrndup(text, n);
    const unsigned char *p = (const unsigned char *)copy;
    while (*p) {
        const unsigned char *start = p;
        unsigned cp = wz_text_utf8_next(&p);
        if (cp < 0x80 || TTF_GlyphIsProvided32(font, cp) ||
            (shaped && wz_text_shape_has_glyph(tc, cp, px, bold))) {
            wz_buf_append(&b, start, (size_t)(p - start));
            continue;
        }
        for (size_t i = 0; i < WZ_ARRAY_LEN(emoji); i++) {
            if (emoji[i].cp == cp) {
                /* isolated left to right, so ":D" stays ":D" in a right-to-left line */
                if (shaped) wz_buf_puts(&b, "\xE2\x81\xA6"); /* LRI */
                wz_buf_puts(&b, emoji[i].text);
                if (shaped) wz_buf_puts(&b, "\xE2\x81\xA9"); /* PDI */
                break;
            }
        }
    }
    free(copy);
    return wz_buf_steal(&b);
}

/* Renders text as lookup keys it (c NULL: measuring, in white). Returns 0 with the size
 * in *w, *h and the pixels in *surf (NULL: nothing drawable, or a shaped text measured),
 * or -1 when it cannot be drawn. */
static int render(wz_text_cache *tc, const char *text, size_t n, int px, int bold, int wrap,
                  int align, const SDL_Color *c, SDL_Surface **surf, int *w, int *h)
{
    TTF_Font *font = font_get(tc, px, bold);
    if (!font) return -1;
    int shaped = wz_text_shape_needed(tc, text, n);
    char *shown = drawable(tc, font, shaped, px, bold, text, n);
    SDL_Color ink = c ? *c : (SDL_Color){255, 255, 255, 255};
    *surf = NULL;
    if (!*shown) {
        /* nothing drawable: an empty entry, so it is not tried again */
    } else if (shaped) {
        wz_text_shape(tc, shown, px, bold, ink, wrap, align < 0 ? WZ_ALIGN_LEFT : align, w, h,
                      c ? surf : NULL);
        tc->shaped++;
    } else if (wrap > 0) {
        TTF_SetFontWrappedAlign(font, align < 0 ? WZ_ALIGN_LEFT : align);
        *surf = TTF_RenderUTF8_Blended_Wrapped(font, shown, ink, (Uint32)wrap);
    } else {
        *surf = TTF_RenderUTF8_Blended(font, shown, ink);
    }
    free(shown);
    tc->renders++;
    return *surf || (shaped && !c && *w > 0) ? 0 : -1;
}

void wz_text_cache_keep_rasters(wz_text_cache *tc, const char *dir)
{
    if (!dir && tc->raster_dir) { /* off: the files this start's texts did not use go */
        wz_raster_prune(tc->raster_dir, "text", tc->raster_used, tc->nraster_used);
        for (int i = 0; i < tc->nraster_used; i++)
            free(tc->raster_used[i]);
        free(tc->raster_used);
        tc->raster_used = NULL;
        tc->nraster_used = 0;
    }
    free(tc->raster_dir);
    tc->raster_dir = dir ? wz_xstrdup(dir) : NULL;
    if (!dir) return;
    /* what the pixels depend on besides the text, its key and the language: the font
     * files and the renderer's libraries */
    SDL_version v[3];
    SDL_TTF_VERSION(&v[0]);
    v[1] = *TTF_Linked_Version();
    int ft[3] = {0}, hb[3] = {0};
    TTF_GetFreeTypeVersion(&ft[0], &ft[1], &ft[2]);
    TTF_GetHarfBuzzVersion(&hb[0], &hb[1], &hb[2]);
    SDL_GetVersion(&v[2]);
    unsigned long long salt = wz_hash(WZ_HASH_INIT, v, sizeof v);
    salt = wz_hash(salt, ft, sizeof ft);
    salt = wz_hash(salt, hb, sizeof hb);
    for (int i = 0; i < 2; i++) {
        struct stat st;
        long long id[2] = {0, 0};
        if (stat(tc->path[i], &st) == 0) {
            id[0] = (long long)st.st_size;
            id[1] = (long long)st.st_mtime;
        }
        salt = wz_hash(salt, tc->path[i], strlen(tc->path[i]));
        salt = wz_hash(salt, id, sizeof id);
    }
    tc->raster_salt = salt;
}

/* The file a text's raster is kept in. */
static char *raster_file(const wz_text_cache *tc, const void *key, size_t key_len, const char *text,
                         size_t n)
{
    unsigned long long h = wz_hash(tc->raster_salt, key, key_len);
    h = wz_hash(h, tc->lang, strlen(tc->lang)); /* which glyphs stand in for missing ones */
    return wz_raster_file(tc->raster_dir, "text", wz_hash(h, text, n));
}

/* Notes that this start uses the raster file kept, keeping it first when it was just
 * rendered (surf NULL: the size w x h of a measure). */
static void raster_used(wz_text_cache *tc, const char *kept, int from_file, SDL_Surface *surf,
                        int w, int h)
{
    if (!from_file) wz_raster_write(kept, surf, w, h);
    for (int i = 0; i < tc->nraster_used; i++)
        if (strcmp(tc->raster_used[i], kept) == 0) return;
    tc->raster_used =
        wz_xrealloc(tc->raster_used, (size_t)(tc->nraster_used + 1) * sizeof *tc->raster_used);
    tc->raster_used[tc->nraster_used++] = wz_xstrdup(kept);
}

/* Finds or makes the entry for (text, px, bold, wrap, align, c). measure: only its size
 * is wanted; the surface is rendered and dropped, and the entry holds no texture. */
static wz_text lookup(wz_text_cache *tc, const char *text, int px, int bold, int wrap, int align,
                      SDL_Color c, int measure)
{
    wz_text out = {NULL, 0, 0};
    if (!text || !*text || px <= 0) return out;
    size_t n = strnlen(text, WZ_TEXT_MAX_BYTES);
    bold = bold ? 1 : 0;
    if (wrap < 0) wrap = 0;
    if (measure) { /* sizes do not depend on colour or alignment */
        align = -1;
        c = (SDL_Color){0, 0, 0, 0};
    }
    uint32_t key[6] = {(uint32_t)px,
                       (uint32_t)bold,
                       (uint32_t)wrap,
                       (uint32_t)align,
                       (uint32_t)tc->rtl,
                       ((uint32_t)c.r << 24) | ((uint32_t)c.g << 16) | ((uint32_t)c.b << 8) | c.a};
    uint32_t h = (uint32_t)wz_hash(wz_hash(WZ_HASH_INIT, key, sizeof key), text, n);
    entry **bucket = &tc->buckets[h % WZ_TEXT_BUCKETS];
    for (entry *e = *bucket; e; e = e->next) {
        if (e->hash == h && e->px == px && e->bold == bold && e->wrap == wrap &&
            e->align == align && e->rtl == tc->rtl && e->c.r == c.r && e->c.g == c.g &&
            e->c.b == c.b && e->c.a == c.a && strncmp(e->text, text, n) == 0 &&
            e->text[n] == '\0') {
            e->frame = tc->frame;
            out.tex = e->tex;
            out.w = e->w;
            out.h = e->h;
            return out;
        }
    }
    /* kept on disk (wz_text_cache_keep_rasters): a measure needs only the size. Not a text
     * laid out by runs: its script fonts are found on the system, outside the key. */
    char *kept = tc->raster_dir && !wz_text_shape_needed(tc, text, n)
                     ? raster_file(tc, key, sizeof key, text, n)
                     : NULL;
    wz_raster r = {0};
    int sw = 0, sh = 0, from_file = 0;
    if (kept && measure)
        from_file = wz_raster_size(kept, &sw, &sh) == 0;
    else if (kept)
        from_file = wz_raster_open(kept, WZ_TEXT_MAX_SIDE, WZ_TEXT_MAX_SIDE, &r) == 0;
    SDL_Surface *surf = r.s;
    if (!from_file &&
        render(tc, text, n, px, bold, wrap, align, measure ? NULL : &c, &surf, &sw, &sh) != 0) {
        free(kept);
        return out;
    }
    if (surf) {
        sw = surf->w;
        sh = surf->h;
    }
    if (kept) raster_used(tc, kept, from_file, measure ? NULL : surf, sw, sh);
    free(kept);
    size_t need = measure ? 0 : (size_t)sw * (size_t)sh * 4u;
    make_room(tc, need);
    entry *e = wz_xcalloc(1, sizeof *e);
    e->hash = h;
    e->text = wz_xstrndup(text, n);
    e->px = px;
    e->bold = bold;
    e->wrap = wrap;
    e->align = align;
    e->rtl = tc->rtl;
    e->c = c;
    e->tex = measure || !surf ? NULL : SDL_CreateTextureFromSurface(tc->r, surf);
    e->w = sw;
    e->h = sh;
    e->frame = tc->frame;
    if (r.s)
        wz_raster_close(&r);
    else if (surf)
        SDL_FreeSurface(surf);
    if (e->tex) SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_BLEND);
    e->next = *bucket;
    *bucket = e;
    tc->count++;
    tc->bytes += need;
    out.tex = e->tex;
    out.w = e->w;
    out.h = e->h;
    return out;
}

wz_text wz_text_cache_get(wz_text_cache *tc, const char *text, int px, int bold, SDL_Color c,
                          int wrap, int align)
{
    if (align != WZ_ALIGN_LEFT && text && *text && px > 0) {
        /* one line looks the same whatever the alignment: share the left-aligned texture */
        SDL_Point sz = wz_text_cache_measure(tc, text, px, bold, wrap);
        if (sz.y < wz_text_line_height(tc, px, bold) * 3 / 2) align = WZ_ALIGN_LEFT;
    }
    return lookup(tc, text, px, bold, wrap, align, c, 0);
}

SDL_Point wz_text_cache_measure(wz_text_cache *tc, const char *text, int px, int bold, int wrap)
{
    SDL_Color none = {0, 0, 0, 0};
    wz_text t = lookup(tc, text, px, bold, wrap, WZ_ALIGN_LEFT, none, 1);
    SDL_Point p = {t.w, t.h};
    return p;
}

int wz_text_line_height(wz_text_cache *tc, int px, int bold)
{
    TTF_Font *f = font_get(tc, px, bold);
    return f ? TTF_FontLineSkip(f) : px;
}

/* Compares a BCP 47 subtag (up to '-' or '_') with name, ignoring case. */
static int subtag_is(const char *tag, size_t n, const char *name)
{
    size_t i = 0;
    for (; i < n && name[i]; i++)
        if (tolower((unsigned char)tag[i]) != tolower((unsigned char)name[i])) return 0;
    return i == n && !name[i];
}

int wz_text_language_is_rtl(const char *bcp47)
{
    static const char *const rtl_langs[] = {"ar", "ur", "fa", "he",  "iw",  "ps",  "sd",
                                            "ug", "yi", "dv", "ckb", "syr", "arc", "ks"};
    static const char *const rtl_scripts[] = {"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm"};
    if (!bcp47 || !*bcp47) return 0;
    size_t n = strcspn(bcp47, "-_");
    int rtl = 0;
    for (size_t i = 0; i < WZ_ARRAY_LEN(rtl_langs); i++)
        if (subtag_is(bcp47, n, rtl_langs[i])) rtl = 1;
    /* a script subtag (four letters) decides: "pa-Arab" is right to left, "ku-Latn" not */
    for (const char *p = bcp47 + n; *p;) {
        p++;
        size_t m = strcspn(p, "-_");
        if (m == 4) {
            rtl = 0;
            for (size_t i = 0; i < WZ_ARRAY_LEN(rtl_scripts); i++)
                if (subtag_is(p, m, rtl_scripts[i])) rtl = 1;
        }
        p += m;
    }
    return rtl;
}

void wz_text_set_language(wz_text_cache *tc, const char *bcp47)
{
    if (!bcp47 || !*bcp47) bcp47 = "en";
    snprintf(tc->lang, sizeof tc->lang, "%s", bcp47);
    tc->rtl = wz_text_language_is_rtl(bcp47);
}

const char *wz_text_language(const wz_text_cache *tc)
{
    return tc->lang;
}

int wz_text_is_rtl(const wz_text_cache *tc)
{
    return tc->rtl;
}

void wz_text_shape_stats(const wz_text_cache *tc, long *shaped, int *script_fonts)
{
    int n = 0;
    for (int i = 0; i < WZ_FONT_SLOTS; i++)
        n += tc->fonts[i].font && tc->fonts[i].face > 0;
    if (shaped) *shaped = tc->shaped;
    if (script_fonts) *script_fonts = n;
}

void wz_text_cache_stats(const wz_text_cache *tc, int *entries, size_t *bytes, long *renders)
{
    if (entries) *entries = tc->count;
    if (bytes) *bytes = tc->bytes;
    if (renders) *renders = tc->renders;
}
