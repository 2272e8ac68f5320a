/*
 * The gdb stub's test guest (tests/.../GdbTest): a function with a loop to break in and step
 * through, a variable to watch, and a spin loop for the debugger to interrupt (entered only when
 * the debugger sets `spin`, left when it sets `release`), and a hot loop for the JIT to translate
 * while breakpoints are set (`tick` runs every round, `halfway` once, `never` not at all). Run
 * alone it just prints its result.
 */
#include "libc.h"
#include "test.h"

volatile uint64_t watched;
volatile uint32_t spin, release;
volatile uint64_t spins;

/* A loop GCC cannot replace by a closed form, so stepping really goes round it. */
__attribute__((noinline)) uint64_t mix(uint64_t n)
{
    uint64_t h = HASH_INIT;
    for (uint64_t i = 1; i <= n; i++)
        h = hmix(h, i);
    return h;
}

__attribute__((noinline)) void record(uint64_t v)
{
    watched = v;
}

#define HOT_ROUNDS 2000000

__attribute__((noinline)) uint64_t tick(uint64_t i, uint64_t h)
{
    return hmix(h, i);
}

__attribute__((noinline)) void halfway(void)
{
    watched++;
}

__attribute__((noinline)) void never(void)
{
    watched = 0;
}

__attribute__((noinline)) uint64_t hot(void)
{
    uint64_t h = HASH_INIT;
    for (uint64_t i = 1; i <= HOT_ROUNDS; i++) {
        h = tick(i, h);
        if (i == HOT_ROUNDS / 2)
            halfway();
        if (h == 0)
            never();
    }
    return h;
}

int main(void)
{
    uint64_t total = 0;

    for (unsigned k = 1; k <= 4; k++) {
        total += mix(k * 10);
        record(total);
    }
    while (spin && !release)
        spins++;
    printf("total %lx watched %lx\n", (unsigned long)total, (unsigned long)watched);
    check_eq("watched", watched, total);
    uint64_t h = hot();
    printf("hot %lx\n", (unsigned long)h);
    check_eq("halfway", watched, total + 1);
    return test_finish("gdbtarget");
}
