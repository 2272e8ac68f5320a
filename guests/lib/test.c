#include "test.h"

int test_failures;

void check_eq(const char *what, uint64_t got, uint64_t expected)
{
    if (got != expected) {
        printf("FAIL: %s got=%016llx expected=%016llx\n", what,
               (unsigned long long)got, (unsigned long long)expected);
        test_failures++;
    }
}

void check_true(const char *what, int cond)
{
    if (!cond) {
        printf("FAIL: %s\n", what);
        test_failures++;
    }
}

int test_finish(const char *name)
{
    if (test_failures) {
        printf("FAILED %s (%d checks failed)\n", name, test_failures);
        return 1;
    }
    printf("PASS %s\n", name);
    return 0;
}
