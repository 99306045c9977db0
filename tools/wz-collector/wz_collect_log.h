/*
 * wz_collect_log: the collector's log lines on stderr (journald adds nothing to parse):
 * a UTC time, the program's name and the message. Messages quote what clients sent (a
 * field name in a refusal, a label): every control character and backslash is written
 * as \xNN, so nothing a client sends can start a forged log line.
 */
#ifndef WZ_COLLECT_LOG_H
#define WZ_COLLECT_LOG_H

void wz_collect_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
