/*
 * One line per test case, as `jaffa xtest` prints them, for the harness that `jaffa ts` runs in
 * the guest (scripts/linux/ts-suite.sh), which counts them:
 *   "<name> <title> ... ok"
 *   "<name> <title> ... FAILED: <why>"
 *   "<name> <title> ... skipped (<why>)"   (not counted: e.g. the partition is not loaded)
 */
#ifndef JAFFA_LINUX_REPORT_H
#define JAFFA_LINUX_REPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "test_case.h"      /* guests/ffa: enum case_result, struct test_case */

/* Prints the case's line; why (printf format) explains a failure or a skip. Returns result. */
static inline enum case_result report_case(const char *name, const char *title, enum case_result result,
                                           const char *why, ...)
{
    char text[512] = "";
    if (why) {
        va_list ap;
        va_start(ap, why);
        vsnprintf(text, sizeof text, why, ap);
        va_end(ap);
    }
    if (result == CASE_OK)
        printf("%s %s ... ok\n", name, title);
    else if (result == CASE_SKIPPED)
        printf("%s %s ... skipped (%s)\n", name, title, text);
    else
        printf("%s %s ... FAILED: %s\n", name, title, text);
    fflush(stdout);
    return result;
}

/*
 * Runs the cases in order, one line each; a case records why it failed or was skipped in why
 * (cleared before each case). Returns how many failed.
 */
static inline int run_cases(const struct test_case *cases, size_t n, char *why)
{
    int failed = 0;

    for (size_t i = 0; i < n; i++) {
        enum case_result r;

        why[0] = '\0';
        r = cases[i].fn();
        report_case(cases[i].name, cases[i].title, r, "%s", why);
        failed += r == CASE_FAILED;
    }
    return failed;
}

#endif
