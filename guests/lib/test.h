/* Self-checking helpers for Jaffa guest test programs. */
#ifndef JAFFA_TEST_H
#define JAFFA_TEST_H

#include "libc.h"

extern int test_failures;

/* Prints "FAIL: what got=… expected=…" when got != expected. */
void check_eq(const char *what, uint64_t got, uint64_t expected);
void check_true(const char *what, int cond);
/* Prints "PASS name" (returns 0) or a failure summary (returns 1). */
int test_finish(const char *name);

/* Order-dependent 64-bit hash (FNV-1a style on whole words). */
static inline uint64_t hmix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x100000001b3ULL;
    h ^= h >> 29;
    return h;
}
#define HASH_INIT 0xcbf29ce484222325ULL

/* Reference model of the A64 condition codes (Arm ARM C1.2.4) on NZCV as MRS NZCV returns it. */
static inline int cond_holds(unsigned cond, uint64_t f)
{
    unsigned n = (f >> 31) & 1, z = (f >> 30) & 1, c = (f >> 29) & 1, v = (f >> 28) & 1;
    int r;

    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: r = 1; break;
    }
    if ((cond & 1) && cond != 15)
        r = !r;
    return r;
}

#endif
