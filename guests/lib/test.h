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

#endif
