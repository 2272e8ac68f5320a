/* Exclusive and acquire/release accesses, spinlock and C11 atomics. */
#include "libc.h"
#include "test.h"

static uint8_t  b8 __attribute__((aligned(16)));
static uint16_t h16 __attribute__((aligned(16)));
static uint32_t w32 __attribute__((aligned(16)));
static uint64_t x64 __attribute__((aligned(16)));
static uint64_t pair64[2] __attribute__((aligned(16)));
static uint32_t pair32[2] __attribute__((aligned(16)));

static uint64_t hash = HASH_INIT;

static void chk(const char *what, uint64_t got, uint64_t exp)
{
    hash = hmix(hash, got);
    check_eq(what, got, exp);
}

/* One exclusive read-modify-write attempt: returns the status and the loaded value. */
#define XRMW(sfx, reg, addr, add, oldv, status)                                     \
    __asm__ volatile("ldxr" sfx " %" reg "[o], [%[a]]\n\t"                          \
                     "add %w[t], %w[o], %w[d]\n\t"                                  \
                     "stxr" sfx " %w[s], %" reg "[t], [%[a]]\n\t"                   \
                     : [o] "=&r"(oldv), [s] "=&r"(status), [t] "=&r"(tmp)           \
                     : [a] "r"(addr), [d] "r"(add)                                  \
                     : "memory")

static void test_exclusive(void)
{
    uint64_t old, st, tmp;

    b8 = 0xfe;
    h16 = 0xfffe;
    w32 = 0xfffffffe;
    x64 = 0xfffffffffffffffeULL;

    XRMW("b", "w", &b8, 3, old, st);
    printf("ldxrb/stxrb: old=%02llx status=%llu new=%02x\n", (unsigned long long)old,
           (unsigned long long)st, b8);
    chk("ldxrb old", old, 0xfe);
    chk("stxrb status", st, 0);
    chk("stxrb new", b8, 0x01);

    XRMW("h", "w", &h16, 3, old, st);
    printf("ldxrh/stxrh: old=%04llx status=%llu new=%04x\n", (unsigned long long)old,
           (unsigned long long)st, h16);
    chk("ldxrh old", old, 0xfffe);
    chk("stxrh status", st, 0);
    chk("stxrh new", h16, 0x0001);

    XRMW("", "w", &w32, 3, old, st);
    printf("ldxr w/stxr w: old=%08llx status=%llu new=%08x\n", (unsigned long long)old,
           (unsigned long long)st, w32);
    chk("ldxr w old", old, 0xfffffffe);
    chk("stxr w status", st, 0);
    chk("stxr w new", w32, 0x00000001);

    /* 64-bit: the add above is 32 bit, so do this one by hand. */
    __asm__ volatile("ldxr %[o], [%[a]]\n\t"
                     "add  %[t], %[o], #3\n\t"
                     "stxr %w[s], %[t], [%[a]]\n\t"
                     : [o] "=&r"(old), [s] "=&r"(st), [t] "=&r"(tmp)
                     : [a] "r"(&x64)
                     : "memory");
    printf("ldxr x/stxr x: old=%016llx status=%llu new=%016llx\n", (unsigned long long)old,
           (unsigned long long)st, (unsigned long long)x64);
    chk("ldxr x old", old, 0xfffffffffffffffeULL);
    chk("stxr x status", st, 0);
    chk("stxr x new", x64, 1);

    /* Acquire/release exclusives. */
    __asm__ volatile("ldaxr %[o], [%[a]]\n\t"
                     "eor   %[t], %[o], #0xff00\n\t"
                     "stlxr %w[s], %[t], [%[a]]\n\t"
                     : [o] "=&r"(old), [s] "=&r"(st), [t] "=&r"(tmp)
                     : [a] "r"(&x64)
                     : "memory");
    printf("ldaxr/stlxr: old=%016llx status=%llu new=%016llx\n", (unsigned long long)old,
           (unsigned long long)st, (unsigned long long)x64);
    chk("ldaxr old", old, 1);
    chk("stlxr status", st, 0);
    chk("stlxr new", x64, 0xff01);

    __asm__ volatile("ldaxrb %w[o], [%[a]]\n\t"
                     "stlxrb %w[s], %w[t], [%[a]]\n\t"
                     : [o] "=&r"(old), [s] "=&r"(st)
                     : [a] "r"(&b8), [t] "r"(0x1234)
                     : "memory");
    chk("ldaxrb old", old, 1);
    chk("stlxrb status", st, 0);
    chk("stlxrb new", b8, 0x34);
    __asm__ volatile("ldaxrh %w[o], [%[a]]\n\t"
                     "stlxrh %w[s], %w[t], [%[a]]\n\t"
                     : [o] "=&r"(old), [s] "=&r"(st)
                     : [a] "r"(&h16), [t] "r"(0x12345)
                     : "memory");
    chk("ldaxrh old", old, 1);
    chk("stlxrh status", st, 0);
    chk("stlxrh new", h16, 0x2345);
    __asm__ volatile("ldaxr %w[o], [%[a]]\n\t"
                     "stlxr %w[s], %w[t], [%[a]]\n\t"
                     : [o] "=&r"(old), [s] "=&r"(st)
                     : [a] "r"(&w32), [t] "r"(0x123456789ULL)
                     : "memory");
    chk("ldaxr w old", old, 1);
    chk("stlxr w status", st, 0);
    chk("stlxr w new", w32, 0x23456789);
    printf("acq/rel exclusives: b=%02x h=%04x w=%08x\n", b8, h16, w32);
}

static void test_monitor(void)
{
    uint64_t st1, st2, st3, st4, old;

    w32 = 100;
    x64 = 200;
    /* clrex between ldxr and stxr: the store must fail (status 1) and not write. */
    __asm__ volatile("ldxr  %w[o], [%[a]]\n\t"
                     "clrex\n\t"
                     "stxr  %w[s], %w[v], [%[a]]\n\t"
                     : [o] "=&r"(old), [s] "=&r"(st1)
                     : [a] "r"(&w32), [v] "r"(555)
                     : "memory");
    /* A successful pair, then a stxr without a new ldxr must fail. */
    __asm__ volatile("ldxr  %[o], [%[a]]\n\t"
                     "stxr  %w[s2], %[v1], [%[a]]\n\t"
                     "stxr  %w[s3], %[v2], [%[a]]\n\t"
                     : [o] "=&r"(old), [s2] "=&r"(st2), [s3] "=&r"(st3)
                     : [a] "r"(&x64), [v1] "r"(201ULL), [v2] "r"(999ULL)
                     : "memory");
    /* clrex on its own, then a lone stxr: fails. */
    __asm__ volatile("clrex #15\n\t"
                     "stxrh %w[s], %w[v], [%[a]]\n\t"
                     : [s] "=&r"(st4)
                     : [a] "r"(&h16), [v] "r"(0x7777)
                     : "memory");
    printf("monitor: clrex-stxr=%llu pair=%llu lone=%llu clrex-lone=%llu w=%u x=%llu h=%04x\n",
           (unsigned long long)st1, (unsigned long long)st2, (unsigned long long)st3,
           (unsigned long long)st4, w32, (unsigned long long)x64, h16);
    chk("stxr after clrex fails", st1, 1);
    chk("failed stxr did not write", w32, 100);
    chk("ldxr/stxr pair succeeds", st2, 0);
    chk("stxr without ldxr fails", st3, 1);
    chk("pair value", x64, 201);
    chk("clrex lone stxrh fails", st4, 1);
    chk("clrex lone stxrh no write", h16, 0x2345);
}

static void test_pairs(void)
{
    uint64_t lo, hi, st;

    pair64[0] = 0x1111111111111111ULL;
    pair64[1] = 0x2222222222222222ULL;
    __asm__ volatile("ldxp  %[lo], %[hi], [%[a]]\n\t"
                     "stxp  %w[s], %[hi], %[lo], [%[a]]\n\t"
                     : [lo] "=&r"(lo), [hi] "=&r"(hi), [s] "=&r"(st)
                     : [a] "r"(pair64)
                     : "memory");
    printf("ldxp/stxp: lo=%016llx hi=%016llx status=%llu now=%016llx,%016llx\n",
           (unsigned long long)lo, (unsigned long long)hi, (unsigned long long)st,
           (unsigned long long)pair64[0], (unsigned long long)pair64[1]);
    chk("ldxp lo", lo, 0x1111111111111111ULL);
    chk("ldxp hi", hi, 0x2222222222222222ULL);
    chk("stxp status", st, 0);
    chk("stxp swapped 0", pair64[0], 0x2222222222222222ULL);
    chk("stxp swapped 1", pair64[1], 0x1111111111111111ULL);

    __asm__ volatile("ldaxp %[lo], %[hi], [%[a]]\n\t"
                     "add   %[lo], %[lo], #1\n\t"
                     "add   %[hi], %[hi], #2\n\t"
                     "stlxp %w[s], %[lo], %[hi], [%[a]]\n\t"
                     : [lo] "=&r"(lo), [hi] "=&r"(hi), [s] "=&r"(st)
                     : [a] "r"(pair64)
                     : "memory");
    chk("stlxp status", st, 0);
    chk("stlxp 0", pair64[0], 0x2222222222222223ULL);
    chk("stlxp 1", pair64[1], 0x1111111111111113ULL);

    pair32[0] = 0xaaaaaaaa;
    pair32[1] = 0xbbbbbbbb;
    __asm__ volatile("ldxp  %w[lo], %w[hi], [%[a]]\n\t"
                     "stxp  %w[s], %w[hi], %w[lo], [%[a]]\n\t"
                     : [lo] "=&r"(lo), [hi] "=&r"(hi), [s] "=&r"(st)
                     : [a] "r"(pair32)
                     : "memory");
    chk("ldxp w lo", lo, 0xaaaaaaaa);
    chk("ldxp w hi", hi, 0xbbbbbbbb);
    chk("stxp w status", st, 0);
    chk("stxp w 0", pair32[0], 0xbbbbbbbb);
    chk("stxp w 1", pair32[1], 0xaaaaaaaa);
    __asm__ volatile("ldaxp %w[lo], %w[hi], [%[a]]\n\t"
                     "stlxp %w[s], %w[lo], %w[lo], [%[a]]\n\t"
                     : [lo] "=&r"(lo), [hi] "=&r"(hi), [s] "=&r"(st)
                     : [a] "r"(pair32)
                     : "memory");
    chk("stlxp w status", st, 0);
    chk("stlxp w 1", pair32[1], 0xbbbbbbbb);
    /* A stxp after clrex fails. */
    __asm__ volatile("ldxp  %[lo], %[hi], [%[a]]\n\t"
                     "clrex\n\t"
                     "stxp  %w[s], xzr, xzr, [%[a]]\n\t"
                     : [lo] "=&r"(lo), [hi] "=&r"(hi), [s] "=&r"(st)
                     : [a] "r"(pair64)
                     : "memory");
    chk("stxp after clrex fails", st, 1);
    chk("stxp after clrex no write", pair64[0], 0x2222222222222223ULL);
    printf("pairs: %016llx %016llx %08x %08x\n", (unsigned long long)pair64[0],
           (unsigned long long)pair64[1], pair32[0], pair32[1]);
}

static void test_acqrel(void)
{
    uint64_t r[4];

    __asm__ volatile("stlrb %w[v], [%[b]]\n\t"
                     "stlrh %w[v], [%[h]]\n\t"
                     "stlr  %w[v], [%[w]]\n\t"
                     "stlr  %[v], [%[x]]\n\t"
                     "ldarb %w[r0], [%[b]]\n\t"
                     "ldarh %w[r1], [%[h]]\n\t"
                     "ldar  %w[r2], [%[w]]\n\t"
                     "ldar  %[r3], [%[x]]\n\t"
                     : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3])
                     : [v] "r"(0x8877665544332211ULL), [b] "r"(&b8), [h] "r"(&h16),
                       [w] "r"(&w32), [x] "r"(&x64)
                     : "memory");
    printf("ldar/stlr: %02llx %04llx %08llx %016llx\n", (unsigned long long)r[0],
           (unsigned long long)r[1], (unsigned long long)r[2], (unsigned long long)r[3]);
    chk("ldarb", r[0], 0x11);
    chk("ldarh", r[1], 0x2211);
    chk("ldar w", r[2], 0x44332211);
    chk("ldar x", r[3], 0x8877665544332211ULL);
    __asm__ volatile("dmb ish\n\tdmb sy\n\tdsb sy\n\tisb\n\tdmb ishld\n\tdmb ishst" ::: "memory");
}

/* ------------------------------------------------------------------------ */

static uint64_t counter;
static uint32_t lock;
static uint64_t protected_sum;

static void atomic_inc(uint64_t *p)
{
    uint64_t tmp, st;
    __asm__ volatile("1: ldaxr %[t], [%[p]]\n\t"
                     "add   %[t], %[t], #1\n\t"
                     "stlxr %w[s], %[t], [%[p]]\n\t"
                     "cbnz  %w[s], 1b\n\t"
                     : [t] "=&r"(tmp), [s] "=&r"(st)
                     : [p] "r"(p)
                     : "memory");
}

static void spin_lock(uint32_t *l)
{
    uint32_t tmp, st;
    __asm__ volatile("   sevl\n"
                     "1: wfe\n\t"
                     "2: ldaxr %w[t], [%[l]]\n\t"
                     "cbnz  %w[t], 1b\n\t"
                     "stxr  %w[s], %w[one], [%[l]]\n\t"
                     "cbnz  %w[s], 2b\n\t"
                     : [t] "=&r"(tmp), [s] "=&r"(st)
                     : [l] "r"(l), [one] "r"(1)
                     : "memory");
}

static void spin_unlock(uint32_t *l)
{
    __asm__ volatile("stlr wzr, [%0]" : : "r"(l) : "memory");
}

static void test_loops(void)
{
    for (unsigned i = 0; i < 1000; i++)
        atomic_inc(&counter);
    for (unsigned i = 0; i < 200; i++) {
        spin_lock(&lock);
        protected_sum += i * 3;
        spin_unlock(&lock);
    }
    printf("atomic counter=%llu spinlock sum=%llu lock=%u\n", (unsigned long long)counter,
           (unsigned long long)protected_sum, lock);
    chk("atomic counter", counter, 1000);
    chk("spinlock sum", protected_sum, 3 * 199 * 200 / 2);
    chk("lock released", lock, 0);
}

/* C11/GCC __atomic builtins (inline LL/SC loops with -mno-outline-atomics). */
static void test_builtins(void)
{
    uint8_t a8 = 250;
    uint16_t a16 = 65530;
    uint32_t a32 = 7;
    uint64_t a64 = 0x0fffffffffffffffULL, exp64;
    uint64_t r[16];
    int ok1, ok2;

    r[0] = __atomic_fetch_add(&a8, 10, __ATOMIC_SEQ_CST);
    r[1] = __atomic_add_fetch(&a16, 10, __ATOMIC_ACQ_REL);
    r[2] = __atomic_fetch_sub(&a32, 9, __ATOMIC_RELAXED);
    r[3] = __atomic_fetch_or(&a64, 0xf000000000000000ULL, __ATOMIC_SEQ_CST);
    r[4] = __atomic_fetch_and(&a64, 0x00ff00ff00ff00ffULL, __ATOMIC_SEQ_CST);
    r[5] = __atomic_fetch_xor(&a32, 0x55555555u, __ATOMIC_RELEASE);
    r[6] = __atomic_exchange_n(&a64, 0x123456789ULL, __ATOMIC_SEQ_CST);
    exp64 = 0x123456789ULL;
    ok1 = __atomic_compare_exchange_n(&a64, &exp64, 42, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    r[7] = exp64;
    exp64 = 41;
    ok2 = __atomic_compare_exchange_n(&a64, &exp64, 43, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
    r[8] = exp64;
    r[9] = __atomic_load_n(&a64, __ATOMIC_ACQUIRE);
    __atomic_store_n(&a8, 0x99, __ATOMIC_RELEASE);
    r[10] = a8;
    r[11] = a16;
    r[12] = a32;
    r[13] = __atomic_nand_fetch(&a16, 0x0ff0, __ATOMIC_SEQ_CST);
    r[14] = __atomic_fetch_sub(&a8, 0x9a, __ATOMIC_SEQ_CST);
    r[15] = a8;
    printf("builtins: ok1=%d ok2=%d\n", ok1, ok2);
    for (unsigned i = 0; i < 16; i += 4)
        printf("  %016llx %016llx %016llx %016llx\n", (unsigned long long)r[i],
               (unsigned long long)r[i + 1], (unsigned long long)r[i + 2],
               (unsigned long long)r[i + 3]);
    chk("fetch_add u8", r[0], 250);
    chk("add_fetch u16", r[1], 4);
    chk("fetch_sub u32", r[2], 7);
    chk("fetch_or u64", r[3], 0x0fffffffffffffffULL);
    chk("fetch_and u64", r[4], 0xffffffffffffffffULL);
    chk("fetch_xor u32", r[5], 0xfffffffe);
    chk("exchange", r[6], 0x00ff00ff00ff00ffULL);
    chk("cas success", ok1, 1);
    chk("cas success expected", r[7], 0x123456789ULL);
    chk("cas failure", ok2, 0);
    chk("cas failure expected", r[8], 42);
    chk("load", r[9], 42);
    chk("store u8", r[10], 0x99);
    chk("u16 value", r[11], 4);
    chk("u32 value", r[12], 0xaaaaaaab);
    chk("nand_fetch u16", r[13], (uint16_t)~(4 & 0x0ff0));
    chk("fetch_sub u8", r[14], 0x99);
    chk("u8 wrapped", r[15], 0xff);
}

int main(void)
{
    test_exclusive();
    test_monitor();
    test_pairs();
    test_acqrel();
    test_loops();
    test_builtins();
    printf("atomics hash=%016llx\n", (unsigned long long)hash);
    return test_finish("atomics");
}
