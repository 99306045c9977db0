/*
 * wz_sound: narration clips and the audio file probe.
 *
 * The probe reads a file's structure the way a player would before decoding: for WAV the
 * RIFF chunks (format, then the data's size gives the length); for Ogg Vorbis every page,
 * checking its CRC (a damaged or cut file fails here, where a decoder would stop part way
 * or play noise), the Vorbis identification header (channels, rate) and the last page's
 * granule position (the length). It never decodes audio, so it is fast and bounded by the
 * file size limit, and it is fuzzed (tests/fuzz/fuzz_sound.c). Decoding is the kiosk's
 * (wz_audio: libvorbisfile, SDL's WAV loader), which probes the file again before it
 * decodes it; a file that fails then, or that the decoder refuses, is a log line and
 * silence.
 */
#include "wz_sound.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "wz_scenario.h"
#include "wz_util.h"
#include "wz_validate.h"

/* ---- the probe ---- */

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static int fail(char **err, const char *msg)
{
    if (err) *err = wz_xstrdup(msg);
    return -1;
}

static int wav_fmt_ok(const unsigned char *f, uint32_t n, wz_sound_info *info, unsigned *align)
{
    if (n < 16) return 0;
    unsigned tag = le16(f), ch = le16(f + 2), bits = le16(f + 14);
    uint32_t rate = le32(f + 4);
    *align = le16(f + 12);
    if (tag == 0xFFFE && n >= 26) tag = le16(f + 24); /* WAVE_FORMAT_EXTENSIBLE: its subformat */
    int pcm = tag == 1 && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
    int flt = tag == 3 && bits == 32; /* SDL's WAV loader plays no 64-bit floats */
    if (!(pcm || flt) || ch < 1 || ch > 8 || rate < 8000 || rate > 192000) return 0;
    if (*align != ch * (bits / 8)) return 0;
    info->channels = (int)ch;
    info->rate = (long)rate;
    return 1;
}

static int probe_wav(const unsigned char *d, size_t len, wz_sound_info *info, char **err)
{
    size_t at = 12;
    unsigned align = 0;
    int have_fmt = 0;
    while (at + 8 <= len) {
        uint32_t n = le32(d + at + 4);
        const unsigned char *body = d + at + 8;
        size_t room = len - at - 8;
        if (memcmp(d + at, "fmt ", 4) == 0) {
            if (n > room || !wav_fmt_ok(body, n, info, &align))
                return fail(err, "it is a WAV file in a form the kiosk cannot play; save it as "
                                 "16-bit PCM WAV or as Ogg Vorbis");
            have_fmt = 1;
        } else if (memcmp(d + at, "data", 4) == 0) {
            if (!have_fmt)
                return fail(err, "the WAV file is damaged (its sound comes before its format)");
            if (n > room)
                return fail(err, "the WAV file is cut short (it says it holds more sound than "
                                 "it does); save or copy it again");
            info->format = WZ_SOUND_WAV;
            info->ms = (long long)(n / align) * 1000 / info->rate;
            return 0;
        }
        if (n > room) break;
        at += 8 + (size_t)n + (n & 1);
    }
    return fail(err, "the WAV file is damaged (it has no sound in it)");
}

/* Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, starting at 0. Eight bytes a step
 * ("slicing by 8": table k holds the CRC of a byte followed by k zero bytes), because the
 * loader checks every page of every recording. The library is read on a thread of its
 * own, hence pthread_once for the tables. */
static uint32_t crc_table[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t r = i << 24;
        for (int k = 0; k < 8; k++)
            r = r & 0x80000000u ? (r << 1) ^ 0x04C11DB7u : r << 1;
        crc_table[0][i] = r;
    }
    for (int k = 1; k < 8; k++)
        for (int i = 0; i < 256; i++) {
            uint32_t r = crc_table[k - 1][i];
            crc_table[k][i] = (r << 8) ^ crc_table[0][r >> 24];
        }
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint32_t crc_run(uint32_t crc, const unsigned char *p, size_t n)
{
    const uint32_t(*t)[256] = crc_table;
    for (; n >= 8; p += 8, n -= 8) {
        uint32_t a = crc ^ be32(p), b = be32(p + 4);
        crc = t[7][a >> 24] ^ t[6][(a >> 16) & 0xFF] ^ t[5][(a >> 8) & 0xFF] ^ t[4][a & 0xFF] ^
              t[3][b >> 24] ^ t[2][(b >> 16) & 0xFF] ^ t[1][(b >> 8) & 0xFF] ^ t[0][b & 0xFF];
    }
    for (; n > 0; p++, n--)
        crc = (crc << 8) ^ t[0][((crc >> 24) ^ *p) & 0xFF];
    return crc;
}

/* The CRC of a page of n bytes (n > crc_at + 4), its own CRC field counted as zeros. */
static uint32_t ogg_crc(const unsigned char *p, size_t n, size_t crc_at)
{
    static const unsigned char zeros[4];
    pthread_once(&crc_once, crc_init);
    uint32_t crc = crc_run(0, p, crc_at);
    crc = crc_run(crc, zeros, 4);
    return crc_run(crc, p + crc_at + 4, n - crc_at - 4);
}

typedef struct ogg_state {
    int pages;         /* pages of the Vorbis stream */
    uint32_t serial;   /* of the Vorbis stream */
    long long granule; /* last granule position seen in it */
    int comment_seen;  /* its second page starts the comment header */
    int id_seen;       /* its first page held the identification header */
} ogg_state;

/* One page's body of the Vorbis stream. Returns 0, or -1 with *err. */
static int ogg_vorbis_page(ogg_state *o, const unsigned char *pg, const unsigned char *body,
                           size_t blen, wz_sound_info *info, char **err)
{
    long long g = (long long)((uint64_t)le32(pg + 6) | (uint64_t)le32(pg + 10) << 32);
    if (o->pages == 0) {
        if (blen < 30 || body[0] != 1 || memcmp(body + 1, "vorbis", 6) != 0 || le32(body + 7))
            return fail(err, "it is an Ogg file but not Ogg Vorbis (Opus and FLAC are not "
                             "played); save it as Ogg Vorbis or WAV");
        info->channels = body[11];
        info->rate = (long)le32(body + 12);
        if (info->channels < 1 || info->rate < 8000 || info->rate > 192000)
            return fail(err, "the Ogg Vorbis file is damaged (its sound format is not valid)");
        if (info->channels > 8)
            return fail(err, "the Ogg Vorbis file has more than 8 channels; save it as mono or "
                             "stereo");
        o->id_seen = 1;
    } else if (o->pages == 1) {
        o->comment_seen =
            !(pg[5] & 1) && blen >= 7 && body[0] == 3 && memcmp(body + 1, "vorbis", 6) == 0;
        if (!o->comment_seen)
            return fail(err, "the Ogg Vorbis file is damaged (its headers are not complete)");
    }
    if (g >= 0) o->granule = g;
    o->pages++;
    return 0;
}

static int probe_ogg(const unsigned char *d, size_t len, wz_sound_info *info, char **err)
{
    ogg_state o;
    memset(&o, 0, sizeof o);
    size_t at = 0;
    while (at < len) {
        if (len - at < 27 || memcmp(d + at, "OggS", 4) != 0 || d[at + 4] != 0)
            return fail(err, "the Ogg file is damaged or cut short; save or copy it again");
        const unsigned char *pg = d + at;
        size_t nseg = pg[26], hlen = 27 + nseg, blen = 0;
        if (len - at < hlen) return fail(err, "the Ogg file is cut short; save or copy it again");
        for (size_t i = 0; i < nseg; i++)
            blen += pg[27 + i];
        if (len - at - hlen < blen)
            return fail(err, "the Ogg file is cut short; save or copy it again");
        if (ogg_crc(pg, hlen + blen, 22) != le32(pg + 22))
            return fail(err, "the Ogg file is damaged (a checksum does not match); save or copy "
                             "it again");
        uint32_t serial = le32(pg + 14);
        if (at == 0) o.serial = serial;
        if (serial == o.serial && ogg_vorbis_page(&o, pg, pg + hlen, blen, info, err) != 0)
            return -1;
        at += hlen + blen;
    }
    if (!o.id_seen || !o.comment_seen || o.pages < 3 || o.granule <= 0)
        return fail(err, "the Ogg Vorbis file has no sound in it");
    info->format = WZ_SOUND_OGG_VORBIS;
    info->ms = o.granule / info->rate * 1000 + o.granule % info->rate * 1000 / info->rate;
    return 0;
}

int wz_sound_probe(const unsigned char *data, size_t len, wz_sound_info *info, char **err)
{
    memset(info, 0, sizeof *info);
    if (len >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WAVE", 4) == 0)
        return probe_wav(data, len, info, err);
    if (len >= 4 && memcmp(data, "OggS", 4) == 0) return probe_ogg(data, len, info, err);
    if (len >= 3 && (memcmp(data, "ID3", 3) == 0 || (data[0] == 0xFF && (data[1] & 0xE0) == 0xE0)))
        return fail(err, "it is an MP3 file, which the kiosk does not play; save it as Ogg Vorbis "
                         "or WAV");
    if (len == 0) return fail(err, "the file is empty");
    return fail(err, "it is not a WAV or Ogg Vorbis sound file");
}

int wz_sound_read_file(const char *path, char **data, size_t *len, wz_sound_info *info, char **err)
{
    *data = NULL;
    *len = 0;
    memset(info, 0, sizeof *info);
    int rc = wz_read_file(path, WZ_SOUND_MAX_BYTES, data, len);
    if (rc == -2)
        return fail(err, "it is larger than 8 MB; make it shorter, or save it as mono Ogg Vorbis");
    if (rc != 0) return fail(err, "it cannot be read");
    rc = wz_sound_probe((const unsigned char *)*data, *len, info, err);
    if (rc == 0 && info->ms > WZ_SOUND_MAX_MS) {
        char *m = wz_xasprintf("it lasts %lld:%02lld minutes; a narration may last at most 5 "
                               "minutes, so split it",
                               info->ms / 60000, info->ms / 1000 % 60);
        if (err)
            *err = m;
        else
            free(m);
        rc = -1;
    }
    if (rc != 0) {
        free(*data);
        *data = NULL;
    }
    return rc;
}

int wz_sound_check_file(const char *path, wz_sound_info *info, char **err)
{
    char *data = NULL;
    size_t len = 0;
    int rc = wz_sound_read_file(path, &data, &len, info, err);
    free(data);
    return rc;
}

const char *wz_sound_format_name(wz_sound_format f)
{
    return f == WZ_SOUND_WAV ? "WAV" : f == WZ_SOUND_OGG_VORBIS ? "Ogg Vorbis" : "unknown";
}

/* ---- reading ---- */

static int is_group(const char *s, size_t n)
{
    return n >= 7 && strncasecmp(s, "{audio", 6) == 0 &&
           (s[6] == ' ' || s[6] == '\t' || s[6] == '}');
}

static void add_clip(wz_scenario *sc, wz_passage *p, wz_diags *diags, char *path, int line, int col,
                     wz_cond cond)
{
    wz_passage_source_pos(p, &line, &col);
    if (!path[0]) {
        wz_diag_add(diags, WZ_WARNING, sc->file, line, col,
                    "this {audio} names no file; write the recording's path, such as "
                    "{audio narration/start.ogg}");
        free(path);
        return;
    }
    if (p->nclips >= WZ_SOUND_MAX_CLIPS) {
        wz_diag_add(diags, WZ_WARNING, sc->file, line, col,
                    "a passage may have at most %d recordings; this one and the ones after it "
                    "are not played",
                    WZ_SOUND_MAX_CLIPS);
        free(path);
        return;
    }
    p->clips = wz_xrealloc(p->clips, (size_t)(p->nclips + 1) * sizeof(*p->clips));
    wz_clip *c = &p->clips[p->nclips++];
    c->path = path;
    c->line = line;
    c->column = col;
    c->cond = cond;
    c->after = -1; /* set by wz_sound_place */
}

char *wz_sound_read_line(wz_scenario *sc, wz_passage *p, wz_diags *diags, const char *s, size_t n,
                         int lineno, wz_cond cond)
{
    char *out = NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '{' || !is_group(s + i, n - i)) continue;
        const char *close = memchr(s + i, '}', n - i);
        int col = (int)wz_utf8_len(s, i) + 1;
        if (!close) {
            int line = lineno;
            wz_passage_source_pos(p, &line, &col);
            wz_diag_add(diags, WZ_WARNING, sc->file, line, col,
                        "this {audio ...} has no closing }; write {audio narration/start.ogg}");
            break;
        }
        size_t end = (size_t)(close - s) + 1;
        if (!out) out = wz_xstrndup(s, n);
        add_clip(sc, p, diags, wz_str_trim_dup(s + i + 6, end - i - 7), lineno, col, cond);
        memset(out + i, ' ', end - i);
        i = end - 1;
    }
    return out;
}

void wz_sound_place(wz_passage *p)
{
    for (int i = p->nclips; i-- > 0 && p->clips[i].after < 0;)
        p->clips[i].after = p->nparts;
}

void wz_sound_free_clips(wz_passage *p)
{
    for (int i = 0; i < p->nclips; i++)
        free(p->clips[i].path);
    free(p->clips);
    p->clips = NULL;
    p->nclips = 0;
}

int wz_sound_clip_after_shown(const wz_passage *src, const wz_clip *c, wz_flags flags)
{
    int shown = 0;
    for (int i = 0; i < c->after && i < src->nparts; i++)
        shown += wz_cond_holds(src->parts[i].cond, flags);
    return shown;
}

/* ---- checking ---- */

static void check_clip(const wz_scenario *sc, const wz_clip *c, wz_diags *d)
{
    char *why = NULL;
    char *path = wz_asset_resolve(sc, c->path, &why);
    struct stat st;
    wz_sound_info info;
    if (!path) {
        /* wz_asset_resolve's reason speaks of pictures: say it for recordings */
        wz_diag_add(d, WZ_WARNING, sc->file, c->line, c->column,
                    "the recording \"%s\" cannot be used, so the passage plays without sound: "
                    "recordings must be files inside the scenario's folder or below it, named "
                    "from there with / (such as narration/start.ogg), never with \"..\", a "
                    "leading / or a web address",
                    c->path);
    } else if (stat(path, &st) != 0) {
        wz_diag_add(d, WZ_WARNING, sc->file, c->line, c->column,
                    "the recording \"%s\" does not exist, so the passage plays without sound; put "
                    "the file there (paths are counted from the scenario's folder, and capital "
                    "letters matter)",
                    c->path);
    } else if (!S_ISREG(st.st_mode)) {
        wz_diag_add(d, WZ_WARNING, sc->file, c->line, c->column,
                    "the recording \"%s\" is not a file, so the passage plays without sound",
                    c->path);
    } else if (wz_sound_check_file(path, &info, &why) != 0) {
        wz_diag_add(d, WZ_WARNING, sc->file, c->line, c->column,
                    "the recording \"%s\" cannot be played, so the passage plays without sound: "
                    "%s",
                    c->path, why);
    }
    free(why);
    free(path);
}

void wz_sound_check(const wz_scenario *sc, wz_diags *diags)
{
    int checked = 0;
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *p = &sc->passages[i];
        for (int k = 0; k < p->nclips; k++) {
            if (++checked > WZ_SOUND_MAX_CHECKED) {
                wz_diag_add(diags, WZ_WARNING, sc->file, p->clips[k].line, p->clips[k].column,
                            "this scenario names more than %d recordings; the rest are not "
                            "checked",
                            WZ_SOUND_MAX_CHECKED);
                return;
            }
            check_clip(sc, &p->clips[k], diags);
        }
    }
}
