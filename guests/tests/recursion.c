/* Recursive algorithms with deep stack use. */
#include "libc.h"
#include "test.h"

static __attribute__((noinline)) uint64_t ackermann(uint64_t m, uint64_t n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static __attribute__((noinline)) uint64_t fib(uint64_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint32_t lcg_state = 12345;
static uint32_t lcg(void)
{
    lcg_state = lcg_state * 1103515245u + 12345u;
    return lcg_state >> 1;
}

static unsigned max_depth;

static __attribute__((noinline)) void quicksort(int32_t *a, long lo, long hi, unsigned depth)
{
    if (depth > max_depth)
        max_depth = depth;
    if (lo >= hi)
        return;
    int32_t pivot = a[lo + (hi - lo) / 2];
    long i = lo, j = hi;
    while (i <= j) {
        while (a[i] < pivot)
            i++;
        while (a[j] > pivot)
            j--;
        if (i <= j) {
            int32_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
    }
    quicksort(a, lo, j, depth + 1);
    quicksort(a, i, hi, depth + 1);
}

static uint64_t hanoi_moves;
static uint64_t hanoi_sig;

static __attribute__((noinline)) void hanoi(unsigned n, unsigned from, unsigned to, unsigned via)
{
    if (n == 0)
        return;
    hanoi(n - 1, from, via, to);
    hanoi_moves++;
    hanoi_sig = hanoi_sig * 7 + from * 3 + to;
    hanoi(n - 1, via, to, from);
}

/* Deep recursion with a sizeable frame: sums a local array at each level. */
static __attribute__((noinline)) uint64_t deep(unsigned n, uint64_t seed)
{
    volatile uint64_t local[24];
    uint64_t s = 0;

    for (unsigned i = 0; i < 24; i++)
        local[i] = seed * (i + 1) + n;
    if (n > 0)
        s = deep(n - 1, seed ^ (seed << 3) ^ n);
    for (unsigned i = 0; i < 24; i++)
        s += local[i];
    return s;
}

/* Mutual recursion. */
static __attribute__((noinline)) int is_odd(unsigned n);
static __attribute__((noinline)) int is_even(unsigned n)
{
    return n == 0 ? 1 : is_odd(n - 1);
}
static __attribute__((noinline)) int is_odd(unsigned n)
{
    return n == 0 ? 0 : is_even(n - 1);
}

#define NSORT 3000
static int32_t arr[NSORT];

int main(void)
{
    uint64_t a23 = ackermann(2, 3), a35 = ackermann(3, 5);
    printf("ackermann(2,3)=%llu ackermann(3,5)=%llu\n", (unsigned long long)a23,
           (unsigned long long)a35);
    check_eq("ackermann(2,3)", a23, 9);
    check_eq("ackermann(3,5)", a35, 253);

    uint64_t f25 = fib(25);
    printf("fib(25)=%llu\n", (unsigned long long)f25);
    check_eq("fib(25)", f25, 75025);

    uint64_t sum_before = 0, sum_after = 0, h = HASH_INIT;
    for (unsigned i = 0; i < NSORT; i++) {
        arr[i] = (int32_t)(lcg() % 200001) - 100000;
        sum_before += (uint64_t)(int64_t)arr[i];
    }
    quicksort(arr, 0, NSORT - 1, 0);
    int sorted = 1;
    for (unsigned i = 0; i < NSORT; i++) {
        sum_after += (uint64_t)(int64_t)arr[i];
        h = hmix(h, (uint32_t)arr[i]);
        if (i && arr[i - 1] > arr[i])
            sorted = 0;
    }
    printf("quicksort: n=%d min=%d max=%d median=%d hash=%016llx\n", NSORT, (int)arr[0],
           (int)arr[NSORT - 1], (int)arr[NSORT / 2], (unsigned long long)h);
    check_true("quicksort sorted", sorted);
    check_eq("quicksort sum preserved", sum_after, sum_before);
    check_true("quicksort recursed", max_depth > 10);

    hanoi(16, 1, 3, 2);
    printf("hanoi(16): moves=%llu sig=%016llx\n", (unsigned long long)hanoi_moves,
           (unsigned long long)hanoi_sig);
    check_eq("hanoi moves", hanoi_moves, 65535);

    uint64_t d = deep(200, 0x9e3779b97f4a7c15ULL);
    printf("deep(200)=%016llx\n", (unsigned long long)d);
    {
        /* Iterative reference for deep(). */
        uint64_t seeds[201], ref = 0, seed = 0x9e3779b97f4a7c15ULL;
        for (int n = 200; n >= 0; n--) {
            seeds[n] = seed;
            seed = seed ^ (seed << 3) ^ (uint64_t)n;
        }
        for (int n = 0; n <= 200; n++)
            for (unsigned i = 0; i < 24; i++)
                ref += seeds[n] * (i + 1) + (uint64_t)n;
        check_eq("deep recursion", d, ref);
    }

    int e = is_even(1001), o = is_odd(777);
    printf("mutual: is_even(1001)=%d is_odd(777)=%d\n", e, o);
    check_eq("is_even(1001)", (uint64_t)e, 0);
    check_eq("is_odd(777)", (uint64_t)o, 1);

    return test_finish("recursion");
}
