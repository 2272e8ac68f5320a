/* Integer arithmetic, flags, multiply/divide, shifts, bit manipulation,
 * bitfields, logical immediates, wide moves and CRC32 instructions. */
#include "libc.h"
#include "test.h"

static const uint64_t vals[] = {
    0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
    0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL,
    0xfffffffffffffffeULL, 0x123456789abcdef0ULL, 0xfedcba9876543210ULL,
    0x00000000deadbeefULL, 0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL,
    0x8000000080000000ULL, 0x00000001ffffffffULL,
};
#define NVALS (sizeof vals / sizeof vals[0])

struct group {
    const char *name;
    uint64_t hash;
    unsigned count;
};

static void g_start(struct group *g, const char *name)
{
    g->name = name;
    g->hash = HASH_INIT;
    g->count = 0;
}

static void g_add(struct group *g, uint64_t v)
{
    g->hash = hmix(g->hash, v);
    g->count++;
}

static void g_end(struct group *g)
{
    printf("%-10s n=%-5u hash=%016llx\n", g->name, g->count, (unsigned long long)g->hash);
}

static char msg[96];
static void chk(struct group *g, const char *op, unsigned i, unsigned j, uint64_t got, uint64_t exp)
{
    g_add(g, got);
    if (got != exp) {
        snprintf(msg, sizeof msg, "%s %s [%u,%u]", g->name, op, i, j);
        check_eq(msg, got, exp);
    }
}

/* ------------------------------------------------------------------------ */
/* Reference model: AddWithCarry from the Arm ARM. */

static uint64_t sext(uint64_t v, unsigned bits)
{
    if (bits >= 64)
        return v;
    v &= (1ULL << bits) - 1;
    if (v >> (bits - 1))
        v |= ~0ULL << bits;
    return v;
}

static uint64_t awc(unsigned width, uint64_t a, uint64_t b, unsigned cin, uint64_t *nzcv)
{
    uint64_t mask = width == 64 ? ~0ULL : 0xffffffffULL;
    unsigned __int128 us;
    __int128 ss;
    uint64_t r;
    unsigned n, z, c, v;

    a &= mask;
    b &= mask;
    us = (unsigned __int128)a + b + cin;
    r = (uint64_t)us & mask;
    c = width == 64 ? (unsigned)(us >> 64) : (unsigned)((us >> 32) & 1);
    ss = (__int128)(int64_t)sext(a, width) + (__int128)(int64_t)sext(b, width) + cin;
    v = ss != (__int128)(int64_t)sext(r, width);
    n = (r >> (width - 1)) & 1;
    z = r == 0;
    *nzcv = ((uint64_t)n << 31) | ((uint64_t)z << 30) | ((uint64_t)c << 29) | ((uint64_t)v << 28);
    return r;
}

/* ------------------------------------------------------------------------ */
/* add/sub with flags */

#define FLAGOP(fn, insn, W)                                                         \
    static uint64_t fn(uint64_t a, uint64_t b, uint64_t fin, uint64_t *fout)        \
    {                                                                               \
        uint64_t r, f;                                                              \
        __asm__ volatile("msr nzcv, %[fin]\n\t"                                     \
                         insn " %" W "[r], %" W "[a], %" W "[b]\n\t"                \
                         "mrs %[f], nzcv"                                           \
                         : [r] "=&r"(r), [f] "=&r"(f)                               \
                         : [a] "r"(a), [b] "r"(b), [fin] "r"(fin)                   \
                         : "cc");                                                   \
        *fout = f;                                                                  \
        return r;                                                                   \
    }

FLAGOP(adds64, "adds", "x")
FLAGOP(adcs64, "adcs", "x")
FLAGOP(subs64, "subs", "x")
FLAGOP(sbcs64, "sbcs", "x")
FLAGOP(adds32, "adds", "w")
FLAGOP(adcs32, "adcs", "w")
FLAGOP(subs32, "subs", "w")
FLAGOP(sbcs32, "sbcs", "w")
FLAGOP(adc64, "adc", "x")
FLAGOP(sbc64, "sbc", "x")
FLAGOP(adc32, "adc", "w")
FLAGOP(sbc32, "sbc", "w")

static void test_addsub(void)
{
    struct group g;
    static const uint64_t fins[] = { 0x00000000, 0x20000000, 0xd0000000, 0xf0000000 };

    g_start(&g, "addsub");
    for (unsigned i = 0; i < NVALS; i++) {
        for (unsigned j = 0; j < NVALS; j++) {
            uint64_t a = vals[i], b = vals[j], f, ef, r, e;
            for (unsigned k = 0; k < 4; k++) {
                uint64_t fin = fins[k];
                unsigned c = (fin >> 29) & 1;
                r = adds64(a, b, fin, &f); e = awc(64, a, b, 0, &ef);
                chk(&g, "adds64", i, j, r, e); chk(&g, "adds64.f", i, j, f, ef);
                r = adcs64(a, b, fin, &f); e = awc(64, a, b, c, &ef);
                chk(&g, "adcs64", i, j, r, e); chk(&g, "adcs64.f", i, j, f, ef);
                r = subs64(a, b, fin, &f); e = awc(64, a, ~b, 1, &ef);
                chk(&g, "subs64", i, j, r, e); chk(&g, "subs64.f", i, j, f, ef);
                r = sbcs64(a, b, fin, &f); e = awc(64, a, ~b, c, &ef);
                chk(&g, "sbcs64", i, j, r, e); chk(&g, "sbcs64.f", i, j, f, ef);
                r = adds32(a, b, fin, &f); e = awc(32, a, b, 0, &ef);
                chk(&g, "adds32", i, j, r, e); chk(&g, "adds32.f", i, j, f, ef);
                r = adcs32(a, b, fin, &f); e = awc(32, a, b, c, &ef);
                chk(&g, "adcs32", i, j, r, e); chk(&g, "adcs32.f", i, j, f, ef);
                r = subs32(a, b, fin, &f); e = awc(32, a, ~b, 1, &ef);
                chk(&g, "subs32", i, j, r, e); chk(&g, "subs32.f", i, j, f, ef);
                r = sbcs32(a, b, fin, &f); e = awc(32, a, ~b, c, &ef);
                chk(&g, "sbcs32", i, j, r, e); chk(&g, "sbcs32.f", i, j, f, ef);
                /* Non-flag-setting forms must leave NZCV alone. */
                r = adc64(a, b, fin, &f); e = awc(64, a, b, c, &ef);
                chk(&g, "adc64", i, j, r, e); chk(&g, "adc64.f", i, j, f, fin);
                r = sbc64(a, b, fin, &f); e = awc(64, a, ~b, c, &ef);
                chk(&g, "sbc64", i, j, r, e); chk(&g, "sbc64.f", i, j, f, fin);
                r = adc32(a, b, fin, &f); e = awc(32, a, b, c, &ef);
                chk(&g, "adc32", i, j, r, e);
                r = sbc32(a, b, fin, &f); e = awc(32, a, ~b, c, &ef);
                chk(&g, "sbc32", i, j, r, e); chk(&g, "sbc32.f", i, j, f, fin);
            }
        }
    }
    g_end(&g);
}

/* Immediate, shifted-register and extended-register forms. */
static void test_addsub_forms(void)
{
    struct group g;

    g_start(&g, "addsubform");
    for (unsigned i = 0; i < NVALS; i++) {
        for (unsigned j = 0; j < NVALS; j++) {
            uint64_t a = vals[i], b = vals[j], r[12], f[2], ef;

            __asm__ volatile(
                "add  %[r0], %[a], #0xabc\n\t"
                "sub  %[r1], %[a], #0x123, lsl #12\n\t"
                "adds %w[r2], %w[a], #4095\n\t"
                "mrs  %[f0], nzcv\n\t"
                "add  %[r3], %[a], %[b], lsl #7\n\t"
                "sub  %[r4], %[a], %[b], lsr #33\n\t"
                "subs %w[r5], %w[a], %w[b], asr #9\n\t"
                "mrs  %[f1], nzcv\n\t"
                "add  %[r6], %[a], %w[b], uxtb #1\n\t"
                "add  %[r7], %[a], %w[b], sxth #2\n\t"
                "sub  %[r8], %[a], %w[b], sxtw #3\n\t"
                "add  %[r9], %[a], %w[b], uxtw\n\t"
                "sub  %w[r10], %w[a], %w[b], sxtb #4\n\t"
                "add  %[r11], %[a], %[b], sxtx #1\n\t"
                : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
                  [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
                  [r8] "=&r"(r[8]), [r9] "=&r"(r[9]), [r10] "=&r"(r[10]), [r11] "=&r"(r[11]),
                  [f0] "=&r"(f[0]), [f1] "=&r"(f[1])
                : [a] "r"(a), [b] "r"(b)
                : "cc");
            chk(&g, "add imm", i, j, r[0], a + 0xabc);
            chk(&g, "sub imm lsl12", i, j, r[1], a - (0x123ULL << 12));
            chk(&g, "adds w imm", i, j, r[2], awc(32, a, 4095, 0, &ef));
            chk(&g, "adds w imm.f", i, j, f[0], ef);
            chk(&g, "add lsl", i, j, r[3], a + (b << 7));
            chk(&g, "sub lsr", i, j, r[4], a - (b >> 33));
            chk(&g, "subs asr", i, j, r[5],
                awc(32, a, ~(uint64_t)(uint32_t)((int32_t)(uint32_t)b >> 9), 1, &ef));
            chk(&g, "subs asr.f", i, j, f[1], ef);
            chk(&g, "add uxtb", i, j, r[6], a + ((b & 0xff) << 1));
            chk(&g, "add sxth", i, j, r[7], a + (sext(b, 16) << 2));
            chk(&g, "sub sxtw", i, j, r[8], a - (sext(b, 32) << 3));
            chk(&g, "add uxtw", i, j, r[9], a + (b & 0xffffffff));
            chk(&g, "sub w sxtb", i, j, r[10], (uint32_t)(a - (sext(b, 8) << 4)));
            chk(&g, "add sxtx", i, j, r[11], a + (b << 1));
        }
    }
    /* neg/negs/ngc/ngcs/cmn */
    for (unsigned i = 0; i < NVALS; i++) {
        uint64_t a = vals[i], r0, r1, r2, f0, f1, f2, ef;
        __asm__ volatile(
            "negs %[r0], %[a]\n\t"
            "mrs  %[f0], nzcv\n\t"
            "ngc  %w[r1], %w[a]\n\t"
            "cmn  %[a], #1\n\t"
            "mrs  %[f1], nzcv\n\t"
            "msr  nzcv, xzr\n\t"
            "ngcs %[r2], %[a]\n\t"
            "mrs  %[f2], nzcv\n\t"
            : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [f0] "=&r"(f0), [f1] "=&r"(f1),
              [f2] "=&r"(f2)
            : [a] "r"(a)
            : "cc");
        uint64_t fn;
        chk(&g, "negs", i, 0, r0, awc(64, 0, ~a, 1, &fn));
        chk(&g, "negs.f", i, 0, f0, fn);
        chk(&g, "ngc", i, 0, r1, awc(32, 0, ~a, (fn >> 29) & 1, &ef));
        awc(64, a, 1, 0, &ef);
        chk(&g, "cmn.f", i, 0, f1, ef);
        chk(&g, "ngcs", i, 0, r2, awc(64, 0, ~a, 0, &ef));
        chk(&g, "ngcs.f", i, 0, f2, ef);
    }
    g_end(&g);
}

/* ------------------------------------------------------------------------ */
/* Conditional select / compare for all 16 conditions */

#define CONDS(X) X(eq, 0) X(ne, 1) X(cs, 2) X(cc, 3) X(mi, 4) X(pl, 5) X(vs, 6) X(vc, 7) \
                 X(hi, 8) X(ls, 9) X(ge, 10) X(lt, 11) X(gt, 12) X(le, 13) X(al, 14) X(nv, 15)
#define CONDS14(X) X(eq, 0) X(ne, 1) X(cs, 2) X(cc, 3) X(mi, 4) X(pl, 5) X(vs, 6) X(vc, 7) \
                   X(hi, 8) X(ls, 9) X(ge, 10) X(lt, 11) X(gt, 12) X(le, 13)

#define CSEL_FN(cond, n)                                                            \
    static void csel_##cond(uint64_t f, uint64_t a, uint64_t b, uint64_t o[8])     \
    {                                                                               \
        __asm__ volatile("msr nzcv, %[f]\n\t"                                       \
                         "csel  %[o0], %[a], %[b], " #cond "\n\t"                   \
                         "csinc %[o1], %[a], %[b], " #cond "\n\t"                   \
                         "csinv %[o2], %[a], %[b], " #cond "\n\t"                   \
                         "csneg %[o3], %[a], %[b], " #cond "\n\t"                   \
                         "csneg %w[o4], %w[a], %w[b], " #cond "\n\t"                \
                         "ccmp  %[a], %[b], #5, " #cond "\n\t"                      \
                         "mrs   %[o5], nzcv\n\t"                                    \
                         "msr   nzcv, %[f]\n\t"                                     \
                         "ccmn  %w[a], #17, #10, " #cond "\n\t"                     \
                         "mrs   %[o6], nzcv\n\t"                                    \
                         "msr   nzcv, %[f]\n\t"                                     \
                         "ccmp  %w[a], %w[b], #0, " #cond "\n\t"                    \
                         "mrs   %[o7], nzcv\n\t"                                    \
                         : [o0] "=&r"(o[0]), [o1] "=&r"(o[1]), [o2] "=&r"(o[2]),    \
                           [o3] "=&r"(o[3]), [o4] "=&r"(o[4]), [o5] "=&r"(o[5]),    \
                           [o6] "=&r"(o[6]), [o7] "=&r"(o[7])                       \
                         : [f] "r"(f), [a] "r"(a), [b] "r"(b)                       \
                         : "cc");                                                   \
    }
CONDS(CSEL_FN)

#define CSET_FN(cond, n)                                                            \
    static void cset_##cond(uint64_t f, uint64_t a, uint64_t o[5])                 \
    {                                                                               \
        __asm__ volatile("msr nzcv, %[f]\n\t"                                       \
                         "cset  %[o0], " #cond "\n\t"                               \
                         "csetm %w[o1], " #cond "\n\t"                              \
                         "cinc  %[o2], %[a], " #cond "\n\t"                         \
                         "cinv  %[o3], %[a], " #cond "\n\t"                         \
                         "cneg  %[o4], %[a], " #cond "\n\t"                         \
                         : [o0] "=&r"(o[0]), [o1] "=&r"(o[1]), [o2] "=&r"(o[2]),    \
                           [o3] "=&r"(o[3]), [o4] "=&r"(o[4])                       \
                         : [f] "r"(f), [a] "r"(a)                                   \
                         : "cc");                                                   \
    }
CONDS14(CSET_FN)

typedef void (*csel_fn)(uint64_t, uint64_t, uint64_t, uint64_t *);
typedef void (*cset_fn)(uint64_t, uint64_t, uint64_t *);
#define CSEL_PTR(cond, n) csel_##cond,
#define CSET_PTR(cond, n) cset_##cond,
static csel_fn const csel_fns[16] = { CONDS(CSEL_PTR) };
static cset_fn const cset_fns[14] = { CONDS14(CSET_PTR) };

static void test_cond(void)
{
    struct group g;
    static const unsigned pairs[][2] = { { 0, 0 }, { 1, 2 }, { 2, 1 }, { 15, 14 }, { 14, 15 },
                                         { 16, 0 }, { 10, 11 }, { 18, 19 }, { 23, 12 } };

    g_start(&g, "cond");
    for (unsigned cond = 0; cond < 16; cond++) {
        for (unsigned fi = 0; fi < 16; fi++) {
            uint64_t f = (uint64_t)fi << 28;
            int h = cond_holds(cond, f);
            for (unsigned p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
                uint64_t a = vals[pairs[p][0]], b = vals[pairs[p][1]], o[8], ef;
                csel_fns[cond](f, a, b, o);
                chk(&g, "csel", cond, fi, o[0], h ? a : b);
                chk(&g, "csinc", cond, fi, o[1], h ? a : b + 1);
                chk(&g, "csinv", cond, fi, o[2], h ? a : ~b);
                chk(&g, "csneg", cond, fi, o[3], h ? a : 0 - b);
                chk(&g, "csneg w", cond, fi, o[4], (uint32_t)(h ? a : 0 - b));
                awc(64, a, ~b, 1, &ef);
                chk(&g, "ccmp", cond, fi, o[5], h ? ef : 0x50000000);
                awc(32, a, 17, 0, &ef);
                chk(&g, "ccmn", cond, fi, o[6], h ? ef : 0xa0000000);
                awc(32, a, ~b, 1, &ef);
                chk(&g, "ccmp w", cond, fi, o[7], h ? ef : 0);
                if (cond < 14) {
                    cset_fns[cond](f, a, o);
                    chk(&g, "cset", cond, fi, o[0], h);
                    chk(&g, "csetm w", cond, fi, o[1], h ? 0xffffffff : 0);
                    chk(&g, "cinc", cond, fi, o[2], h ? a + 1 : a);
                    chk(&g, "cinv", cond, fi, o[3], h ? ~a : a);
                    chk(&g, "cneg", cond, fi, o[4], h ? 0 - a : a);
                }
            }
        }
    }
    g_end(&g);
}

/* ------------------------------------------------------------------------ */
/* Multiply and divide */

static void test_muldiv(void)
{
    struct group g;

    g_start(&g, "muldiv");
    for (unsigned i = 0; i < NVALS; i++) {
        for (unsigned j = 0; j < NVALS; j++) {
            uint64_t a = vals[i], b = vals[j], c = vals[(i + j) % NVALS], r[16];
            __asm__ volatile(
                "mul    %[r0], %[a], %[b]\n\t"
                "madd   %[r1], %[a], %[b], %[c]\n\t"
                "msub   %[r2], %[a], %[b], %[c]\n\t"
                "mneg   %w[r3], %w[a], %w[b]\n\t"
                "smulh  %[r4], %[a], %[b]\n\t"
                "umulh  %[r5], %[a], %[b]\n\t"
                "smaddl %[r6], %w[a], %w[b], %[c]\n\t"
                "umaddl %[r7], %w[a], %w[b], %[c]\n\t"
                "smsubl %[r8], %w[a], %w[b], %[c]\n\t"
                "umsubl %[r9], %w[a], %w[b], %[c]\n\t"
                "sdiv   %[r10], %[a], %[b]\n\t"
                "udiv   %[r11], %[a], %[b]\n\t"
                "sdiv   %w[r12], %w[a], %w[b]\n\t"
                "udiv   %w[r13], %w[a], %w[b]\n\t"
                "madd   %w[r14], %w[a], %w[b], %w[c]\n\t"
                "smnegl %[r15], %w[a], %w[b]\n\t"
                : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
                  [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
                  [r8] "=&r"(r[8]), [r9] "=&r"(r[9]), [r10] "=&r"(r[10]), [r11] "=&r"(r[11]),
                  [r12] "=&r"(r[12]), [r13] "=&r"(r[13]), [r14] "=&r"(r[14]), [r15] "=&r"(r[15])
                : [a] "r"(a), [b] "r"(b), [c] "r"(c));
            int64_t sa = (int64_t)a, sb = (int64_t)b;
            int32_t sa32 = (int32_t)a, sb32 = (int32_t)b;
            uint32_t ua32 = (uint32_t)a, ub32 = (uint32_t)b;
            uint64_t sdiv64, sdiv32;
            if (b == 0)
                sdiv64 = 0;
            else if (sa == INT64_MIN && sb == -1)
                sdiv64 = (uint64_t)INT64_MIN;
            else
                sdiv64 = (uint64_t)(sa / sb);
            if (ub32 == 0)
                sdiv32 = 0;
            else if (sa32 == INT32_MIN && sb32 == -1)
                sdiv32 = 0x80000000u;
            else
                sdiv32 = (uint32_t)(sa32 / sb32);
            chk(&g, "mul", i, j, r[0], a * b);
            chk(&g, "madd", i, j, r[1], c + a * b);
            chk(&g, "msub", i, j, r[2], c - a * b);
            chk(&g, "mneg w", i, j, r[3], (uint32_t)(0 - ua32 * ub32));
            chk(&g, "smulh", i, j, r[4], (uint64_t)(((__int128)sa * sb) >> 64));
            chk(&g, "umulh", i, j, r[5], (uint64_t)(((unsigned __int128)a * b) >> 64));
            chk(&g, "smaddl", i, j, r[6], c + (uint64_t)((int64_t)sa32 * sb32));
            chk(&g, "umaddl", i, j, r[7], c + (uint64_t)ua32 * ub32);
            chk(&g, "smsubl", i, j, r[8], c - (uint64_t)((int64_t)sa32 * sb32));
            chk(&g, "umsubl", i, j, r[9], c - (uint64_t)ua32 * ub32);
            chk(&g, "sdiv", i, j, r[10], sdiv64);
            chk(&g, "udiv", i, j, r[11], b ? a / b : 0);
            chk(&g, "sdiv w", i, j, r[12], sdiv32);
            chk(&g, "udiv w", i, j, r[13], ub32 ? ua32 / ub32 : 0);
            chk(&g, "madd w", i, j, r[14], (uint32_t)((uint32_t)c + ua32 * ub32));
            chk(&g, "smnegl", i, j, r[15], 0 - (uint64_t)((int64_t)sa32 * sb32));
        }
    }
    g_end(&g);
}

/* ------------------------------------------------------------------------ */
/* Shifts and rotates by register */

static void test_shifts(void)
{
    struct group g;
    static const uint64_t amounts[] = { 0, 1, 4, 7, 15, 31, 32, 33, 47, 63, 64, 65, 95, 127,
                                        0xffffffffffffffc1ULL, 0x1234567800000010ULL };

    g_start(&g, "shift");
    for (unsigned i = 0; i < NVALS; i++) {
        for (unsigned j = 0; j < sizeof amounts / sizeof amounts[0]; j++) {
            uint64_t a = vals[i], s = amounts[j], r[8];
            unsigned s64 = s & 63, s32 = s & 31;
            uint32_t a32 = (uint32_t)a;
            __asm__ volatile(
                "lslv %[r0], %[a], %[s]\n\t"
                "lsrv %[r1], %[a], %[s]\n\t"
                "asrv %[r2], %[a], %[s]\n\t"
                "rorv %[r3], %[a], %[s]\n\t"
                "lsl  %w[r4], %w[a], %w[s]\n\t"
                "lsr  %w[r5], %w[a], %w[s]\n\t"
                "asr  %w[r6], %w[a], %w[s]\n\t"
                "ror  %w[r7], %w[a], %w[s]\n\t"
                : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
                  [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7])
                : [a] "r"(a), [s] "r"(s));
            chk(&g, "lslv", i, j, r[0], a << s64);
            chk(&g, "lsrv", i, j, r[1], a >> s64);
            chk(&g, "asrv", i, j, r[2], (uint64_t)((int64_t)a >> s64));
            chk(&g, "rorv", i, j, r[3], s64 ? (a >> s64) | (a << (64 - s64)) : a);
            chk(&g, "lslv w", i, j, r[4], (uint32_t)(a32 << s32));
            chk(&g, "lsrv w", i, j, r[5], a32 >> s32);
            chk(&g, "asrv w", i, j, r[6], (uint32_t)((int32_t)a32 >> s32));
            chk(&g, "rorv w", i, j, r[7], s32 ? (uint32_t)((a32 >> s32) | (a32 << (32 - s32))) : a32);
        }
    }
    g_end(&g);
}

/* ------------------------------------------------------------------------ */
/* clz/cls/rbit/rev */

static uint64_t ref_clz(uint64_t v, unsigned w)
{
    unsigned n = 0;
    for (int b = (int)w - 1; b >= 0 && !((v >> b) & 1); b--)
        n++;
    return n;
}

static uint64_t ref_cls(uint64_t v, unsigned w)
{
    unsigned top = (v >> (w - 1)) & 1, n = 0;
    for (int b = (int)w - 2; b >= 0 && ((v >> b) & 1) == top; b--)
        n++;
    return n;
}

static uint64_t ref_rbit(uint64_t v, unsigned w)
{
    uint64_t r = 0;
    for (unsigned b = 0; b < w; b++)
        if ((v >> b) & 1)
            r |= 1ULL << (w - 1 - b);
    return r;
}

/* Reverse bytes within each container of 'cbytes' bytes of a 'w'-bit value. */
static uint64_t ref_rev(uint64_t v, unsigned w, unsigned cbytes)
{
    uint64_t r = 0;
    for (unsigned byte = 0; byte < w / 8; byte++) {
        unsigned base = byte / cbytes * cbytes, in = byte % cbytes;
        uint64_t bv = (v >> (8 * byte)) & 0xff;
        r |= bv << (8 * (base + cbytes - 1 - in));
    }
    return r;
}

static void test_bits(void)
{
    struct group g;

    g_start(&g, "bits");
    for (unsigned i = 0; i < NVALS; i++) {
        for (unsigned k = 0; k < 4; k++) {
            uint64_t a = vals[i], r[11];
            if (k == 1)
                a = ~a;
            else if (k == 2)
                a = a >> 7;
            else if (k == 3)
                a = a * 0x9e3779b97f4a7c15ULL;
            __asm__ volatile(
                "clz   %[r0], %[a]\n\t"
                "cls   %[r1], %[a]\n\t"
                "rbit  %[r2], %[a]\n\t"
                "rev   %[r3], %[a]\n\t"
                "rev16 %[r4], %[a]\n\t"
                "rev32 %[r5], %[a]\n\t"
                "clz   %w[r6], %w[a]\n\t"
                "cls   %w[r7], %w[a]\n\t"
                "rbit  %w[r8], %w[a]\n\t"
                "rev   %w[r9], %w[a]\n\t"
                "rev16 %w[r10], %w[a]\n\t"
                : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
                  [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
                  [r8] "=&r"(r[8]), [r9] "=&r"(r[9]), [r10] "=&r"(r[10])
                : [a] "r"(a));
            uint64_t a32 = (uint32_t)a;
            chk(&g, "clz", i, k, r[0], ref_clz(a, 64));
            chk(&g, "cls", i, k, r[1], ref_cls(a, 64));
            chk(&g, "rbit", i, k, r[2], ref_rbit(a, 64));
            chk(&g, "rev", i, k, r[3], ref_rev(a, 64, 8));
            chk(&g, "rev16", i, k, r[4], ref_rev(a, 64, 2));
            chk(&g, "rev32", i, k, r[5], ref_rev(a, 64, 4));
            chk(&g, "clz w", i, k, r[6], ref_clz(a32, 32));
            chk(&g, "cls w", i, k, r[7], ref_cls(a32, 32));
            chk(&g, "rbit w", i, k, r[8], ref_rbit(a32, 32));
            chk(&g, "rev w", i, k, r[9], ref_rev(a32, 32, 4));
            chk(&g, "rev16 w", i, k, r[10], ref_rev(a32, 32, 2));
        }
    }
    g_end(&g);
}

/* ------------------------------------------------------------------------ */
/* Bitfield operations */

static uint64_t maskw(unsigned w)
{
    return w >= 64 ? ~0ULL : (1ULL << w) - 1;
}

#define BF64(X) X(0, 1) X(0, 8) X(3, 5) X(8, 16) X(31, 2) X(32, 32) X(1, 63) X(63, 1) X(0, 63) X(17, 40)
#define BF32(X) X(0, 1) X(0, 8) X(3, 5) X(8, 16) X(31, 1) X(1, 31) X(16, 16) X(0, 31)

#define BF64_FN(lsb, w)                                                             \
    static void bf64_##lsb##_##w(uint64_t a, uint64_t d, uint64_t o[6])            \
    {                                                                               \
        uint64_t t0 = d, t1 = d;                                                    \
        __asm__ volatile("ubfx  %[o0], %[a], #" #lsb ", #" #w "\n\t"                \
                         "sbfx  %[o1], %[a], #" #lsb ", #" #w "\n\t"                \
                         "bfi   %[t0], %[a], #" #lsb ", #" #w "\n\t"                \
                         "bfxil %[t1], %[a], #" #lsb ", #" #w "\n\t"                \
                         "ubfiz %[o4], %[a], #" #lsb ", #" #w "\n\t"                \
                         "sbfiz %[o5], %[a], #" #lsb ", #" #w "\n\t"                \
                         : [o0] "=&r"(o[0]), [o1] "=&r"(o[1]), [t0] "+r"(t0),       \
                           [t1] "+r"(t1), [o4] "=&r"(o[4]), [o5] "=&r"(o[5])        \
                         : [a] "r"(a));                                             \
        o[2] = t0;                                                                  \
        o[3] = t1;                                                                  \
    }
#define BF32_FN(lsb, w)                                                             \
    static void bf32_##lsb##_##w(uint64_t a, uint64_t d, uint64_t o[6])            \
    {                                                                               \
        uint64_t t0 = d, t1 = d;                                                    \
        __asm__ volatile("ubfx  %w[o0], %w[a], #" #lsb ", #" #w "\n\t"              \
                         "sbfx  %w[o1], %w[a], #" #lsb ", #" #w "\n\t"              \
                         "bfi   %w[t0], %w[a], #" #lsb ", #" #w "\n\t"              \
                         "bfxil %w[t1], %w[a], #" #lsb ", #" #w "\n\t"              \
                         "ubfiz %w[o4], %w[a], #" #lsb ", #" #w "\n\t"              \
                         "sbfiz %w[o5], %w[a], #" #lsb ", #" #w "\n\t"              \
                         : [o0] "=&r"(o[0]), [o1] "=&r"(o[1]), [t0] "+r"(t0),       \
                           [t1] "+r"(t1), [o4] "=&r"(o[4]), [o5] "=&r"(o[5])        \
                         : [a] "r"(a));                                             \
        o[2] = t0;                                                                  \
        o[3] = t1;                                                                  \
    }
BF64(BF64_FN)
BF32(BF32_FN)

struct bf_case {
    void (*fn)(uint64_t, uint64_t, uint64_t *);
    unsigned lsb, w, width;
};
#define BF64_ENT(lsb, w) { bf64_##lsb##_##w, lsb, w, 64 },
#define BF32_ENT(lsb, w) { bf32_##lsb##_##w, lsb, w, 32 },
static const struct bf_case bf_cases[] = { BF64(BF64_ENT) BF32(BF32_ENT) };

static void test_bitfield(void)
{
    struct group g;

    g_start(&g, "bitfield");
    for (unsigned c = 0; c < sizeof bf_cases / sizeof bf_cases[0]; c++) {
        const struct bf_case *bc = &bf_cases[c];
        uint64_t wm = maskw(bc->width), m = maskw(bc->w);
        for (unsigned i = 0; i < NVALS; i++) {
            uint64_t a = vals[i], d = vals[(i + 7) % NVALS] ^ 0x0123456789abcdefULL, o[6];
            bc->fn(a, d, o);
            uint64_t aw = a & wm, dw = d & wm;
            chk(&g, "ubfx", c, i, o[0], (aw >> bc->lsb) & m);
            chk(&g, "sbfx", c, i, o[1], sext((aw >> bc->lsb) & m, bc->w) & wm);
            chk(&g, "bfi", c, i, o[2], ((dw & ~(m << bc->lsb)) | ((aw & m) << bc->lsb)) & wm);
            chk(&g, "bfxil", c, i, o[3], (dw & ~m) | ((aw >> bc->lsb) & m));
            chk(&g, "ubfiz", c, i, o[4], ((aw & m) << bc->lsb) & wm);
            chk(&g, "sbfiz", c, i, o[5], (sext(aw & m, bc->w) << bc->lsb) & wm);
        }
    }
    /* Extends and immediate shifts (UBFM/SBFM aliases). */
    for (unsigned i = 0; i < NVALS; i++) {
        uint64_t a = vals[i] ^ 0x8080808080808080ULL, r[10];
        __asm__ volatile(
            "sxtb %[r0], %w[a]\n\t"
            "sxth %[r1], %w[a]\n\t"
            "sxtw %[r2], %w[a]\n\t"
            "uxtb %w[r3], %w[a]\n\t"
            "uxth %w[r4], %w[a]\n\t"
            "sxtb %w[r5], %w[a]\n\t"
            "lsl  %[r6], %[a], #13\n\t"
            "lsr  %[r7], %[a], #61\n\t"
            "asr  %[r8], %[a], #5\n\t"
            "asr  %w[r9], %w[a], #31\n\t"
            : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
              [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
              [r8] "=&r"(r[8]), [r9] "=&r"(r[9])
            : [a] "r"(a));
        chk(&g, "sxtb", i, 0, r[0], sext(a, 8));
        chk(&g, "sxth", i, 0, r[1], sext(a, 16));
        chk(&g, "sxtw", i, 0, r[2], sext(a, 32));
        chk(&g, "uxtb", i, 0, r[3], a & 0xff);
        chk(&g, "uxth", i, 0, r[4], a & 0xffff);
        chk(&g, "sxtb w", i, 0, r[5], sext(a, 8) & 0xffffffff);
        chk(&g, "lsl #13", i, 0, r[6], a << 13);
        chk(&g, "lsr #61", i, 0, r[7], a >> 61);
        chk(&g, "asr #5", i, 0, r[8], (uint64_t)((int64_t)a >> 5));
        chk(&g, "asr w #31", i, 0, r[9], (uint32_t)((int32_t)(uint32_t)a >> 31));
    }
    g_end(&g);
}

/* ------------------------------------------------------------------------ */
/* extr */

#define EXTR64(X) X(0) X(1) X(13) X(31) X(32) X(63)
#define EXTR32(X) X(0) X(1) X(17) X(31)
#define EXTR64_FN(lsb)                                                              \
    static uint64_t extr64_##lsb(uint64_t a, uint64_t b)                           \
    {                                                                               \
        uint64_t r;                                                                 \
        __asm__ volatile("extr %0, %1, %2, #" #lsb : "=r"(r) : "r"(a), "r"(b));     \
        return r;                                                                   \
    }
#define EXTR32_FN(lsb)                                                              \
    static uint64_t extr32_##lsb(uint64_t a, uint64_t b)                           \
    {                                                                               \
        uint64_t r;                                                                 \
        __asm__ volatile("extr %w0, %w1, %w2, #" #lsb : "=r"(r) : "r"(a), "r"(b));  \
        return r;                                                                   \
    }
EXTR64(EXTR64_FN)
EXTR32(EXTR32_FN)
struct extr_case {
    uint64_t (*fn)(uint64_t, uint64_t);
    unsigned lsb, width;
};
#define EXTR64_ENT(lsb) { extr64_##lsb, lsb, 64 },
#define EXTR32_ENT(lsb) { extr32_##lsb, lsb, 32 },
static const struct extr_case extr_cases[] = { EXTR64(EXTR64_ENT) EXTR32(EXTR32_ENT) };

static void test_extr(void)
{
    struct group g;

    g_start(&g, "extr");
    for (unsigned c = 0; c < sizeof extr_cases / sizeof extr_cases[0]; c++) {
        const struct extr_case *ec = &extr_cases[c];
        for (unsigned i = 0; i < NVALS; i++) {
            uint64_t a = vals[i], b = vals[(i * 5 + 3) % NVALS], e;
            if (ec->width == 64) {
                e = ec->lsb ? (b >> ec->lsb) | (a << (64 - ec->lsb)) : b;
            } else {
                uint64_t cat = ((a & 0xffffffff) << 32) | (b & 0xffffffff);
                e = (cat >> ec->lsb) & 0xffffffff;
            }
            chk(&g, "extr", c, i, ec->fn(a, b), e);
        }
    }
    g_end(&g);
}

/* ------------------------------------------------------------------------ */
/* Logical operations: immediates and shifted registers */

#define LIMM64(X) X(0x1) X(0xff) X(0xff00) X(0xffff0000ffff0000) X(0x5555555555555555)     \
    X(0xaaaaaaaaaaaaaaaa) X(0x3333333333333333) X(0x0f0f0f0f0f0f0f0f) X(0x00ff00ff00ff00ff) \
    X(0x0000ffff0000ffff) X(0x00000000ffffffff) X(0xffffffff00000000) X(0x8000000000000000) \
    X(0x7fffffffffffffff) X(0xfffffffffffffffe) X(0xe00000000000001f) X(0x0001000100010001) \
    X(0x8080808080808080) X(0xc3c3c3c3c3c3c3c3) X(0x6666666666666666) X(0x0ffffffffffffff0) \
    X(0x000000000000fff0) X(0x7ffe00007ffe0000)
#define LIMM32(X) X(0xff) X(0xffff0000) X(0x55555555) X(0x7ffffffe) X(0x80000001)           \
    X(0x0f0f0f0f) X(0xfffffff0) X(0x00010001) X(0x1) X(0xc0000003)

#define LIMM64_FN(imm)                                                              \
    static void limm64_##imm(uint64_t a, uint64_t o[5])                            \
    {                                                                               \
        __asm__ volatile("and  %[o0], %[a], #" #imm "\n\t"                          \
                         "orr  %[o1], %[a], #" #imm "\n\t"                          \
                         "eor  %[o2], %[a], #" #imm "\n\t"                          \
                         "ands %[o3], %[a], #" #imm "\n\t"                          \
                         "mrs  %[o4], nzcv\n\t"                                     \
                         : [o0] "=&r"(o[0]), [o1] "=&r"(o[1]), [o2] "=&r"(o[2]),    \
                           [o3] "=&r"(o[3]), [o4] "=&r"(o[4])                       \
                         : [a] "r"(a)                                               \
                         : "cc");                                                   \
    }
#define LIMM32_FN(imm)                                                              \
    static void limm32_##imm(uint64_t a, uint64_t o[5])                            \
    {                                                                               \
        __asm__ volatile("and  %w[o0], %w[a], #" #imm "\n\t"                        \
                         "orr  %w[o1], %w[a], #" #imm "\n\t"                        \
                         "eor  %w[o2], %w[a], #" #imm "\n\t"                        \
                         "msr  nzcv, %[a]\n\t"                                      \
                         "tst  %w[a], #" #imm "\n\t"                                \
                         "mrs  %[o4], nzcv\n\t"                                     \
                         "ands %w[o3], %w[a], #" #imm "\n\t"                        \
                         : [o0] "=&r"(o[0]), [o1] "=&r"(o[1]), [o2] "=&r"(o[2]),    \
                           [o3] "=&r"(o[3]), [o4] "=&r"(o[4])                       \
                         : [a] "r"(a)                                               \
                         : "cc");                                                   \
    }
LIMM64(LIMM64_FN)
LIMM32(LIMM32_FN)
struct limm_case {
    void (*fn)(uint64_t, uint64_t *);
    uint64_t imm;
    unsigned width;
};
#define LIMM64_ENT(imm) { limm64_##imm, imm##ULL, 64 },
#define LIMM32_ENT(imm) { limm32_##imm, imm##ULL, 32 },
static const struct limm_case limm_cases[] = { LIMM64(LIMM64_ENT) LIMM32(LIMM32_ENT) };

static uint64_t logic_flags(uint64_t r, unsigned width)
{
    return (((r >> (width - 1)) & 1) << 31) | ((uint64_t)(r == 0) << 30);
}

static uint64_t ror64(uint64_t v, unsigned s)
{
    return s ? (v >> s) | (v << (64 - s)) : v;
}

static void test_logic(void)
{
    struct group g;

    g_start(&g, "logic");
    for (unsigned c = 0; c < sizeof limm_cases / sizeof limm_cases[0]; c++) {
        const struct limm_case *lc = &limm_cases[c];
        uint64_t wm = maskw(lc->width);
        for (unsigned i = 0; i < NVALS; i++) {
            uint64_t a = vals[i], o[5], aw = a & wm;
            lc->fn(a, o);
            chk(&g, "and #", c, i, o[0], aw & lc->imm);
            chk(&g, "orr #", c, i, o[1], aw | lc->imm);
            chk(&g, "eor #", c, i, o[2], aw ^ lc->imm);
            chk(&g, "ands #", c, i, o[3], aw & lc->imm);
            chk(&g, "ands #.f", c, i, o[4], logic_flags(aw & lc->imm, lc->width));
        }
    }
    for (unsigned i = 0; i < NVALS; i++) {
        for (unsigned j = 0; j < NVALS; j++) {
            uint64_t a = vals[i], b = vals[j], r[10], f0, f1;
            __asm__ volatile(
                "and  %[r0], %[a], %[b], lsl #3\n\t"
                "bic  %[r1], %[a], %[b], lsr #17\n\t"
                "orr  %[r2], %[a], %[b], asr #40\n\t"
                "orn  %[r3], %[a], %[b], ror #13\n\t"
                "eor  %[r4], %[a], %[b]\n\t"
                "eon  %[r5], %[a], %[b], ror #63\n\t"
                "ands %[r6], %[a], %[b]\n\t"
                "mrs  %[f0], nzcv\n\t"
                "bics %w[r7], %w[a], %w[b], ror #5\n\t"
                "mrs  %[f1], nzcv\n\t"
                "mvn  %[r8], %[b], lsl #1\n\t"
                "orn  %w[r9], %w[a], %w[b], asr #31\n\t"
                : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
                  [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
                  [r8] "=&r"(r[8]), [r9] "=&r"(r[9]), [f0] "=&r"(f0), [f1] "=&r"(f1)
                : [a] "r"(a), [b] "r"(b)
                : "cc");
            uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
            uint32_t b32ror5 = (b32 >> 5) | (b32 << 27);
            chk(&g, "and lsl", i, j, r[0], a & (b << 3));
            chk(&g, "bic lsr", i, j, r[1], a & ~(b >> 17));
            chk(&g, "orr asr", i, j, r[2], a | (uint64_t)((int64_t)b >> 40));
            chk(&g, "orn ror", i, j, r[3], a | ~ror64(b, 13));
            chk(&g, "eor", i, j, r[4], a ^ b);
            chk(&g, "eon ror", i, j, r[5], a ^ ~ror64(b, 63));
            chk(&g, "ands", i, j, r[6], a & b);
            chk(&g, "ands.f", i, j, f0, logic_flags(a & b, 64));
            chk(&g, "bics w", i, j, r[7], a32 & ~b32ror5);
            chk(&g, "bics w.f", i, j, f1, logic_flags(a32 & ~b32ror5, 32));
            chk(&g, "mvn", i, j, r[8], ~(b << 1));
            chk(&g, "orn w asr", i, j, r[9], (uint32_t)(a32 | ~(uint32_t)((int32_t)b32 >> 31)));
        }
    }
    g_end(&g);
}

/* ------------------------------------------------------------------------ */
/* Wide moves */

static void test_movewide(void)
{
    struct group g;
    uint64_t r[10];
    uint64_t k = 0x1111222233334444ULL, kw = 0xaaaabbbbccccddddULL;

    __asm__ volatile(
        "movz %[r0], #0x1234, lsl #48\n\t"
        "movk %[r0], #0x5678, lsl #32\n\t"
        "movk %[r0], #0x9abc, lsl #16\n\t"
        "movk %[r0], #0xdef0\n\t"
        "movn %[r1], #0\n\t"
        "movn %[r2], #0x1234, lsl #16\n\t"
        "movn %w[r3], #0x1234\n\t"
        "movz %w[r4], #0xffff, lsl #16\n\t"
        "movk %[k], #0xbeef, lsl #16\n\t"
        "movk %w[kw], #0x5555\n\t"
        "mov  %[r5], #-2\n\t"
        "movz %[r6], #0x8000, lsl #48\n\t"
        "movn %[r7], #0xffff, lsl #48\n\t"
        "mov  %w[r8], #0x7fffffff\n\t"
        "movz %[r9], #0\n\t"
        : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
          [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
          [r8] "=&r"(r[8]), [r9] "=&r"(r[9]), [k] "+r"(k), [kw] "+r"(kw));
    g_start(&g, "movewide");
    chk(&g, "movz/movk", 0, 0, r[0], 0x123456789abcdef0ULL);
    chk(&g, "movn #0", 0, 1, r[1], ~0ULL);
    chk(&g, "movn lsl16", 0, 2, r[2], ~0x12340000ULL);
    chk(&g, "movn w", 0, 3, r[3], 0xffffedcbULL);
    chk(&g, "movz w lsl16", 0, 4, r[4], 0xffff0000ULL);
    chk(&g, "movk keep", 0, 5, k, 0x11112222beef4444ULL);
    chk(&g, "movk w", 0, 6, kw, 0xcccc5555ULL);
    chk(&g, "mov #-2", 0, 7, r[5], 0xfffffffffffffffeULL);
    chk(&g, "movz lsl48", 0, 8, r[6], 0x8000000000000000ULL);
    chk(&g, "movn lsl48", 0, 9, r[7], 0x0000ffffffffffffULL);
    chk(&g, "mov w", 0, 10, r[8], 0x7fffffffULL);
    chk(&g, "movz #0", 0, 11, r[9], 0);
    printf("movewide: %016llx %016llx %016llx %016llx\n", (unsigned long long)r[0],
           (unsigned long long)r[2], (unsigned long long)k, (unsigned long long)kw);
    g_end(&g);
}

/* ------------------------------------------------------------------------ */
/* CRC32 */

static uint32_t ref_crc(uint32_t crc, uint64_t data, unsigned bytes, uint32_t poly)
{
    for (unsigned i = 0; i < bytes * 8; i++) {
        unsigned bit = (crc ^ (unsigned)(data >> i)) & 1;
        crc >>= 1;
        if (bit)
            crc ^= poly;
    }
    return crc;
}

#define CRC_POLY  0xedb88320u
#define CRCC_POLY 0x82f63b78u

static uint32_t hw_crc32_str(const char *s, int castagnoli)
{
    uint32_t crc = 0xffffffff;
    for (; *s; s++) {
        uint32_t d = (unsigned char)*s;
        if (castagnoli)
            __asm__("crc32cb %w0, %w0, %w1" : "+r"(crc) : "r"(d));
        else
            __asm__("crc32b %w0, %w0, %w1" : "+r"(crc) : "r"(d));
    }
    return ~crc;
}

static void test_crc(void)
{
    struct group g;

    g_start(&g, "crc32");
    for (unsigned i = 0; i < NVALS; i++) {
        for (unsigned j = 0; j < NVALS; j++) {
            uint64_t acc = vals[i], d = vals[j], r[8];
            __asm__ volatile(
                "crc32b  %w[r0], %w[c], %w[d]\n\t"
                "crc32h  %w[r1], %w[c], %w[d]\n\t"
                "crc32w  %w[r2], %w[c], %w[d]\n\t"
                "crc32x  %w[r3], %w[c], %[d]\n\t"
                "crc32cb %w[r4], %w[c], %w[d]\n\t"
                "crc32ch %w[r5], %w[c], %w[d]\n\t"
                "crc32cw %w[r6], %w[c], %w[d]\n\t"
                "crc32cx %w[r7], %w[c], %[d]\n\t"
                : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
                  [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7])
                : [c] "r"(acc), [d] "r"(d));
            uint32_t c32 = (uint32_t)acc;
            chk(&g, "crc32b", i, j, r[0], ref_crc(c32, d, 1, CRC_POLY));
            chk(&g, "crc32h", i, j, r[1], ref_crc(c32, d, 2, CRC_POLY));
            chk(&g, "crc32w", i, j, r[2], ref_crc(c32, d, 4, CRC_POLY));
            chk(&g, "crc32x", i, j, r[3], ref_crc(c32, d, 8, CRC_POLY));
            chk(&g, "crc32cb", i, j, r[4], ref_crc(c32, d, 1, CRCC_POLY));
            chk(&g, "crc32ch", i, j, r[5], ref_crc(c32, d, 2, CRCC_POLY));
            chk(&g, "crc32cw", i, j, r[6], ref_crc(c32, d, 4, CRCC_POLY));
            chk(&g, "crc32cx", i, j, r[7], ref_crc(c32, d, 8, CRCC_POLY));
        }
    }
    uint32_t c1 = hw_crc32_str("123456789", 0), c2 = hw_crc32_str("123456789", 1);
    chk(&g, "crc32 check", 0, 0, c1, 0xcbf43926u);
    chk(&g, "crc32c check", 0, 0, c2, 0xe3069283u);
    printf("crc32(\"123456789\")=%08x crc32c=%08x\n", c1, c2);
    g_end(&g);
}

int main(void)
{
    test_addsub();
    test_addsub_forms();
    test_cond();
    test_muldiv();
    test_shifts();
    test_bits();
    test_bitfield();
    test_extr();
    test_logic();
    test_movewide();
    test_crc();
    return test_finish("arith");
}
