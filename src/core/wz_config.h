/*
 * wz_config: the kiosk's settings, from one INI file (docs/configuration.md).
 *
 * Parsed with inih. A setting that is missing takes its default; one with a bad value
 * takes its default too and adds a diagnostic (file:line:col) in words staff understand,
 * so a typo never stops a kiosk from starting. Unknown keys are warnings.
 * The struct is plain data; strings in it are owned by it (wz_config_free).
 */
#ifndef WZ_CONFIG_H
#define WZ_CONFIG_H

#include <stddef.h>

#include "wz_diag.h"

typedef struct wz_config {
    /* [kiosk] */
    char *kiosk_id;       /* "leics-wz-01": letters, digits, '-', '_'; 1..64 chars */
    int idle_timeout_s;   /* no touch for this long: "Are you still there?" (default 90) */
    int idle_countdown_s; /* then back to the attract screen after this (default 15) */
    char *languages;      /* comma-separated, e.g. "en" */
    char *orientation;    /* "auto", "landscape", "portrait" */
    char *local_help;     /* local contact added to every help screen; may be NULL */
    char *site; /* "Leicester Central Library": sent with the statistics and alerts; may be NULL */
    /* Share of visits whose knowledge check comes before the scenario, as written
     * (default "1/3"; wz_config_share reads it). */
    char *knowledge_before_share;
    /* [paths] */
    char *data_dir;       /* default /var/lib/wz-kiosk (or ./data when not root) */
    char *scenarios_dir;  /* default <data_dir>/scenarios */
    char *db_path;        /* default <data_dir>/kiosk.db */
    char *usb_mount_root; /* where removable drives appear, default /media */
    /* [admin] */
    char *admin_pin_hash; /* from wz-kiosk --hash-pin; NULL: admin mode disabled */
    int admin_timeout_s;  /* admin screens close after this much inactivity (default 120) */
    /* [upload] */
    char *upload_url;          /* https://.../v1/snapshots; NULL: uploads off */
    char *token_file;          /* bearer token, must be mode 0600 */
    char *ca_file;             /* extra CA bundle; NULL: the system's */
    char *proxy;               /* NULL: none (libcurl also honours the usual variables) */
    int upload_interval_s;     /* how often to refresh and upload (default 300) */
    int upload_start_jitter_s; /* random delay after start-up, 0..this (default 120) */
    /* [privacy] */
    int retention_days; /* raw events kept this long (default 90) */
    /* [alert]: the "I'm worried" staff alert (docs/configuration.md); it names [kiosk] site */
    char *alert_command;         /* program and arguments ({kiosk} {site} {time} {screen}) */
    int alert_command_timeout_s; /* the command is ended after this (default 5) */
    char *alert_url;             /* https:// staff address that takes a JSON POST; NULL: off */
    char *alert_token_file;      /* bearer token for alert_url, mode 0600; NULL: none */
    char *alert_ca_file;         /* extra CA bundle for alert_url; NULL: the system's */
    int alert_timeout_s;         /* one POST (default 10) */
    int alert_retry_window_s;    /* retries stop this long after the press (default 180) */
    char *safeguarding_contact;  /* who staff tell at once (shown on the admin screen) */
    /* [audio]: narration (docs/narration.md) */
    char *audio_narration; /* "on" (default) or "off" */
    char *audio_autoplay;  /* "easy-read" (default), "always" or "never" */
    int audio_volume;      /* 0..100 per cent (default 80) */
} wz_config;

#define WZ_ALERT_MAX_ARGS 32 /* words in [alert] command */
/* Splits an [alert] command line into words: spaces separate, double quotes group (a \"
 * or \\ inside quotes is a quote or backslash). No shell: nothing else is special. On
 * success *argv (NULL-terminated, caller frees with wz_config_command_free) and *argc;
 * -1 with *err when a quote is not closed, there are no or too many words, or the first
 * word is not an absolute path. */
int wz_config_command_split(const char *cmd, char ***argv, int *argc, char **err);
void wz_config_command_free(char **argv);

/* Fills every field with its default. */
void wz_config_defaults(wz_config *cfg);
/* Reads path over the defaults. Returns 0, or -1 when the file cannot be opened (cfg
 * keeps its defaults and diags says why). Bad values and unknown keys go to diags. */
int wz_config_load(wz_config *cfg, const char *path, wz_diags *diags);
void wz_config_free(wz_config *cfg);

/* Same as wz_config_load, over text[0..len) that came from somewhere named `name` (used in
 * diagnostics). Always returns 0: a text has nothing that can fail to open. */
int wz_config_load_string(wz_config *cfg, const char *text, size_t len, const char *name,
                          wz_diags *diags);
/* Prints the settings in effect, as INI (the PIN hash is shown, a proxy password is not). */
void wz_config_print(const wz_config *cfg, FILE *out);
/* A check of the token file with the uploader's own rules (wz_upload_token_check, which
 * this module cannot call itself): 0, or -1 and *err in words. */
typedef int (*wz_config_token_check)(const char *path, char **err);
/* For `wz-kiosk --check-config`: reads path (NULL: /etc/wz-kiosk/kiosk.ini), prints every
 * diagnostic then the settings in effect to out. When uploads are on and check_token is
 * not NULL, a token file it refuses is an error. Returns the exit status: 0 when there is
 * no error (warnings allowed), 1 otherwise. */
int wz_config_check_cli(const char *path, wz_config_token_check check_token, FILE *out);

/* Reads a share of visitors written "1/3", "0.25" or "25%" into *share (0..1). Returns 0,
 * or -1 when it is not one. */
int wz_config_share(const char *v, double *share);

#endif
