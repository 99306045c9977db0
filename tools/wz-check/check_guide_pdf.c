/*
 * check_guide_pdf: the guide sheet as a PDF, made by a converter that is already on the
 * machine (Chromium headless, which the kiosk's machines have for the benchmark, or
 * WeasyPrint). The converter is run with its arguments, never through a shell, in a
 * process group of its own with a fresh profile folder, and killed when it takes longer
 * than PDF_SECONDS, so a hung browser never hangs wz-check. The HTML needs nothing from the
 * network, so none is fetched.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_guide.h"
#include "wz_fs.h"

#define PDF_SECONDS 90

char *wz_guide_pdf_tool(void)
{
    static const char *const names[] = {"chromium", "chromium-browser", "google-chrome",
                                        "weasyprint"};
    const char *path = getenv("PATH");
    if (!path || !path[0]) path = "/usr/bin:/bin";
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        for (const char *s = path; *s;) {
            size_t n = strcspn(s, ":");
            char *dir = wz_xstrndup(n ? s : ".", n ? n : 1);
            char *full = wz_path_join(dir, names[k]);
            free(dir);
            if (access(full, X_OK) == 0) return full;
            free(full);
            s += n;
            if (*s == ':') s++;
        }
    }
    return NULL;
}

/* "file://" and the absolute path, with every byte that is not plain percent-encoded. */
static char *file_url(const char *abs)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_puts(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)abs; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p))
            wz_buf_putc(&b, (char)*p);
        else
            wz_buf_printf(&b, "%%%02X", *p);
    }
    return wz_buf_steal(&b);
}

/* An absolute form of path (which need not exist yet). */
static char *absolute(const char *path)
{
    if (path[0] == '/') return wz_xstrdup(path);
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) return wz_xstrdup(path);
    return wz_path_join(cwd, path);
}

/* Runs argv with no input or output; 0 when it exits 0 within the time-out. */
static int run(const char *const argv[], char **err)
{
    pid_t pid = fork();
    if (pid < 0) return wz_fail(err, "cannot start %s: %s", argv[0], strerror(errno));
    if (pid == 0) {
        setpgid(0, 0);
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        size_t n = 0;
        while (argv[n])
            n++;
        char **v = wz_xcalloc(n + 1, sizeof *v); /* execv's own type: copies, not casts */
        for (size_t i = 0; i < n; i++)
            v[i] = wz_xstrdup(argv[i]);
        execv(v[0], v);
        _exit(127);
    }
    setpgid(pid, pid);
    int status = 0;
    for (int waited = 0;; waited += 100) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) return wz_fail(err, "lost %s: %s", argv[0], strerror(errno));
        if (waited >= PDF_SECONDS * 1000) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            return wz_fail(err, "%s took longer than %d seconds and was stopped", argv[0],
                           PDF_SECONDS);
        }
        nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
    }
    kill(-pid, SIGKILL); /* helpers a browser left behind */
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return wz_fail(err, "%s did not finish its work (exit status %d)", argv[0],
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}

int wz_guide_pdf_write(const char *tool, const char *html, const char *pdf, char **err)
{
    char *abs_html = absolute(html), *abs_pdf = absolute(pdf);
    char profile[] = "/tmp/wz-guide-XXXXXX";
    int rc = -1;
    unlink(abs_pdf);
    if (wz_str_ends(tool, "weasyprint")) {
        const char *argv[] = {tool, "--quiet", abs_html, abs_pdf, NULL};
        rc = run(argv, err);
    } else if (!mkdtemp(profile)) {
        wz_fail(err, "cannot make a folder for the browser: %s", strerror(errno));
    } else {
        char *url = file_url(abs_html);
        char *prof = wz_xasprintf("--user-data-dir=%s", profile);
        char *out = wz_xasprintf("--print-to-pdf=%s", abs_pdf);
        const char *argv[] = {tool,
                              "--headless",
                              "--disable-gpu",
                              "--no-first-run",
                              "--no-pdf-header-footer",
                              prof,
                              out,
                              url,
                              geteuid() == 0 ? "--no-sandbox" : NULL,
                              NULL};
        rc = run(argv, err);
        wz_fs_rm_rf(profile, NULL);
        free(url);
        free(prof);
        free(out);
    }
    char head[5] = {0};
    FILE *f = rc == 0 ? fopen(abs_pdf, "rb") : NULL;
    if (rc == 0 && (!f || fread(head, 1, 4, f) != 4 || memcmp(head, "%PDF", 4) != 0))
        rc = wz_fail(err, "%s did not write a PDF", tool);
    if (f) fclose(f);
    free(abs_html);
    free(abs_pdf);
    return rc;
}
