/*
 * wz_test_collector: the real wz-collector on loopback for C tests that talk to it (the
 * uploader, admin mode's upload test). It listens on a port the kernel picks and writes
 * it to a file, which is read back; its messages go to /dev/null. The test program
 * defines WZ_COLLECTOR, the path of the wz-collector program.
 */
#ifndef WZ_TEST_COLLECTOR_H
#define WZ_TEST_COLLECTOR_H

#include "wz_util.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Starts the collector with its database db and token file, its port file in dir.
 * Returns its process id with *port set (0 when it did not start within 5 s). */
static inline pid_t wz_test_collector_start(const char *dir, const char *db, const char *token_file,
                                            int *port)
{
    char *port_file = wz_path_join(dir, "collector-port");
    unlink(port_file);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 2);
        execl(WZ_COLLECTOR, "wz-collector", "serve", "--listen", "127.0.0.1:0", "--db", db,
              "--token-file", token_file, "--port-file", port_file, (char *)NULL);
        _exit(127);
    }
    *port = 0;
    for (int i = 0; i < 500 && !*port; i++) {
        char *txt = NULL;
        size_t len;
        if (wz_read_file(port_file, 64, &txt, &len) == 0) *port = (int)strtol(txt, NULL, 10);
        free(txt);
        if (!*port) usleep(10000);
    }
    free(port_file);
    return pid;
}

/* Stops it and waits until it has gone, so its port is free. */
static inline void wz_test_collector_stop(pid_t pid)
{
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

#endif
