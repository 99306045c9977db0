/*
 * fuzz_config: libFuzzer harness for the settings reader (wz_config_load_string).
 *
 * kiosk.ini is written by people and copied around on USB sticks, so the reader must
 * survive any bytes: no crash, no leak, no read past the text, and whatever it read must
 * still be a usable configuration (every required field set, numbers inside their
 * ranges). The input is used as-is (it need not be NUL-terminated).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wz_config.h"
#include "wz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    /* an exact-size copy, so any read past the end is caught by ASan */
    char *text = wz_xmalloc(size ? size : 1);
    if (size) memcpy(text, data, size);
    wz_config cfg;
    wz_diags diags;
    wz_config_defaults(&cfg);
    wz_diags_init(&diags);
    wz_config_load_string(&cfg, text, size, "fuzz.ini", &diags);
    if (!cfg.kiosk_id || !cfg.languages || !cfg.orientation || !cfg.data_dir ||
        !cfg.scenarios_dir || !cfg.db_path || !cfg.usb_mount_root)
        abort();
    if (cfg.idle_timeout_s < 10 || cfg.idle_timeout_s > 3600 || cfg.idle_countdown_s < 3 ||
        cfg.admin_timeout_s < 15 || cfg.upload_interval_s < 30 || cfg.retention_days < 1 ||
        cfg.upload_start_jitter_s < 0)
        abort();
    if (cfg.upload_url && strncmp(cfg.upload_url, "https://", 8) != 0 &&
        strncmp(cfg.upload_url, "http://", 7) != 0)
        abort();
    for (int i = 0; i < diags.count; i++)
        if (diags.items[i].line < 0 || !diags.items[i].message) abort();
    wz_diags_free(&diags);
    wz_config_free(&cfg);
    free(text);
    return 0;
}
