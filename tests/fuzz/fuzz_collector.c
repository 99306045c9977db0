/*
 * fuzz_collector: libFuzzer harness for the collector's request handling
 * (wz_collect_parse: content type, size, UTF-8, JSON, envelope, every snapshot's bounds
 * and the snapshot contract via wz_snapshot_validate), and the answers it renders.
 *
 * Anyone who can reach the collector can send it any bytes, so parsing must survive all
 * of them: no crash, no leak, no read past the body (an exact-size copy, so ASan sees
 * it), and an accepted request must be one the storage can take. The first input byte
 * picks the Content-Type header; the rest is the body. It links the collector's request
 * library (wz_collect), which the fuzz build makes from tools/wz-collector.
 */
#include "wz_collect.h"
#include "wz_util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const types[] = {"application/json", "application/json; charset=utf-8",
                                        "APPLICATION/JSON;charset=UTF-8", "text/plain", NULL};
    if (size < 1 || size > WZ_COLLECT_MAX_BODY + 1) return 0;
    const char *ct = types[data[0] % 5];
    size_t n = size - 1;
    char *body = wz_xmalloc(n ? n : 1);
    if (n) memcpy(body, data + 1, n);
    wz_collect_request *req = NULL;
    wz_collect_error err = {0};
    /* A fixed "now" (2100-01-01) keeps runs repeatable and every day from 2020 plausible. */
    if (wz_collect_parse(body, n, ct, (time_t)4102444800LL, &req, &err) == 0) {
        if (!req || req->count < 1 || req->count > WZ_COLLECT_MAX_SNAPSHOTS) abort();
        for (int i = 0; i < req->count; i++)
            if (!req->snaps[i].body || req->snaps[i].revision < 1 ||
                !wz_collect_kiosk_id_ok(req->kiosk_id))
                abort();
        char *ok = wz_collect_ok_json(req, NULL);
        free(ok);
        wz_collect_request_free(req);
    } else {
        if (req || err.status < 400 || err.status > 499 || !err.code[0]) abort();
        char *e = wz_collect_error_json(&err);
        free(e);
    }
    free(body);
    return 0;
}
