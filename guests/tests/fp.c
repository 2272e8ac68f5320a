/*
 * Scalar floating point: arithmetic, fused multiply-add, square root, conversions between
 * half/single/double and to and from integers, rounding to integral, min/max, comparisons and
 * conditional selects, under every rounding mode and with FZ and DN set, printing results as bit
 * patterns (hashed per group) and the cumulative FPSR flags. QEMU is the reference: the output
 * must be identical under Jaffa; a few known answers are also checked here.
 */
#include "libc.h"
#include "test.h"

static const uint64_t dvals[] = {
    0x0000000000000000ULL, 0x8000000000000000ULL, 0x3ff0000000000000ULL, 0xbff0000000000000ULL,
    0x3fe0000000000000ULL, 0x3ff8000000000000ULL, 0x4004000000000000ULL, 0xc004000000000000ULL,
    0x7ff0000000000000ULL, 0xfff0000000000000ULL, 0x7ff8000000000000ULL, 0x7ff4000000000123ULL,
    0xfff8000000000abcULL, 0x0000000000000001ULL, 0x000fffffffffffffULL, 0x0010000000000000ULL,
    0x7fefffffffffffffULL, 0x41e0000000000000ULL, 0xc1e0000000000000ULL, 0x41dfffffffc00000ULL,
    0x41f0000000000000ULL, 0x43e0000000000000ULL, 0xc3e0000000000000ULL, 0x43f0000000000000ULL,
    0x43efffffffffffffULL, 0x3fb999999999999aULL, 0x400921fb54442d18ULL, 0x3fd5555555555555ULL,
    0x47efffffe0000000ULL, 0x36a0000000000000ULL, 0x3f10000000000000ULL, 0x40effc0000000000ULL,
    0xc0e0000100000000ULL, 0x41dfffffffe00000ULL, 0x3fefffffffffffffULL, 0x3ff0000000000001ULL,
};
#define ND (sizeof dvals / sizeof dvals[0])

static const uint32_t svals[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000,
    0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00123, 0xffc00abc, 0x00000001, 0x007fffff, 0x00800000,
    0x7f7fffff, 0x4f000000, 0xcf000000, 0x4effffff, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000,
    0x5f7fffff, 0x3dcccccd, 0x40490fdb, 0x3eaaaaab, 0x477fe000, 0x477ff000, 0x33800000, 0x387fc000,
    0x38800000, 0x3f7fffff, 0x3f800001, 0x46fffe00, 0xc7000080,
};
#define NS (sizeof svals / sizeof svals[0])

static inline double d_of(uint64_t b) { double d; __builtin_memcpy(&d, &b, 8); return d; }
static inline uint64_t d_bits(double d) { uint64_t b; __builtin_memcpy(&b, &d, 8); return b; }
static inline float s_of(uint32_t b) { float f; __builtin_memcpy(&f, &b, 4); return f; }
static inline uint32_t s_bits(float f) { uint32_t b; __builtin_memcpy(&b, &f, 4); return b; }

static inline uint64_t get_fpsr(void) { uint64_t v; __asm__ volatile("mrs %0, fpsr" : "=r"(v)); return v; }
static inline void set_fpsr(uint64_t v) { __asm__ volatile("msr fpsr, %0" : : "r"(v)); }
static inline uint64_t get_fpcr(void) { uint64_t v; __asm__ volatile("mrs %0, fpcr" : "=r"(v)); return v; }
static inline void set_fpcr(uint64_t v) { __asm__ volatile("msr fpcr, %0" : : "r"(v)); }

struct group { const char *name; uint64_t hash; unsigned count; };
static struct group g;
static void g_start(const char *name) { g.name = name; g.hash = HASH_INIT; g.count = 0; set_fpsr(0); }
static void g_add(uint64_t v) { g.hash = hmix(g.hash, v); g.count++; }
static void g_end(void)
{
    printf("%-12s fpcr=%08llx n=%-5u hash=%016llx fpsr=%08llx\n", g.name, (unsigned long long)get_fpcr(),
           g.count, (unsigned long long)g.hash, (unsigned long long)get_fpsr());
}

/* Barriers so the compiler neither folds the operations nor moves them across FPCR writes. */
#define OPAQUE(x) __asm__ volatile("" : "+w"(x))

#define DOP2(name, expr) do {                                                  \
        g_start(name);                                                         \
        for (unsigned i = 0; i < ND; i++)                                      \
            for (unsigned j = 0; j < ND; j++) {                                \
                double a = d_of(dvals[i]), b = d_of(dvals[j]), r;              \
                OPAQUE(a); OPAQUE(b);                                          \
                r = (expr);                                                    \
                OPAQUE(r);                                                     \
                g_add(d_bits(r));                                              \
            }                                                                  \
        g_end();                                                               \
    } while (0)

#define SOP2(name, expr) do {                                                  \
        g_start(name);                                                         \
        for (unsigned i = 0; i < NS; i++)                                      \
            for (unsigned j = 0; j < NS; j++) {                                \
                float a = s_of(svals[i]), b = s_of(svals[j]), r;               \
                OPAQUE(a); OPAQUE(b);                                          \
                r = (expr);                                                    \
                OPAQUE(r);                                                     \
                g_add(s_bits(r));                                              \
            }                                                                  \
        g_end();                                                               \
    } while (0)

#define DOP1(name, type, expr) do {                                            \
        g_start(name);                                                         \
        for (unsigned i = 0; i < ND; i++) {                                    \
            double a = d_of(dvals[i]);                                         \
            type r;                                                            \
            OPAQUE(a);                                                         \
            r = (expr);                                                        \
            g_add((uint64_t)r);                                                \
        }                                                                      \
        g_end();                                                               \
    } while (0)

#define SOP1(name, type, expr) do {                                            \
        g_start(name);                                                         \
        for (unsigned i = 0; i < NS; i++) {                                    \
            float a = s_of(svals[i]);                                          \
            type r;                                                            \
            OPAQUE(a);                                                         \
            r = (expr);                                                        \
            g_add((uint64_t)r);                                                \
        }                                                                      \
        g_end();                                                               \
    } while (0)

static inline int64_t fcvtas(double a) { int64_t r; __asm__ volatile("fcvtas %x0, %d1" : "=r"(r) : "w"(a)); return r; }

static double dfma(double a, double b, double c) { return __builtin_fma(a, b, c); }
static float sfma(float a, float b, float c) { return __builtin_fmaf(a, b, c); }

static void arithmetic(void)
{
    DOP2("fadd.d", a + b);
    DOP2("fsub.d", a - b);
    DOP2("fmul.d", a * b);
    DOP2("fdiv.d", a / b);
    DOP2("fnmul.d", -(a * b));
    DOP2("fmadd.d", dfma(a, b, d_of(dvals[(i + j) % ND])));
    DOP2("fmsub.d", dfma(-a, b, d_of(dvals[(i * 7 + j) % ND])));
    DOP2("fmin.d", __builtin_fmin(a, b));
    DOP2("fmax.d", __builtin_fmax(a, b));
    DOP2("fsel.d", a < b ? a : b);
    SOP2("fadd.s", a + b);
    SOP2("fsub.s", a - b);
    SOP2("fmul.s", a * b);
    SOP2("fdiv.s", a / b);
    SOP2("fmadd.s", sfma(a, b, s_of(svals[(i + j) % NS])));
    SOP2("fnmsub.s", sfma(a, b, -s_of(svals[(i * 5 + j) % NS])));
    SOP2("fmin.s", __builtin_fminf(a, b));
    SOP2("fmax.s", __builtin_fmaxf(a, b));
    SOP2("fcmp.s", s_of((uint32_t)((a < b) | (a == b) << 1 | (a > b) << 2 | (a != a) << 3 | (a <= b) << 4)));
    DOP2("fcmp.d", d_of((uint64_t)((a < b) | (a == b) << 1 | (a > b) << 2 | (b != b) << 3 | (a >= b) << 4)));
}

static void unary(void)
{
    DOP1("fsqrt.d", uint64_t, d_bits(__builtin_sqrt(a)));
    DOP1("fabs.d", uint64_t, d_bits(__builtin_fabs(a)));
    DOP1("fneg.d", uint64_t, d_bits(-a));
    DOP1("frintn.d", uint64_t, d_bits(__builtin_roundeven(a)));
    DOP1("frinta.d", uint64_t, d_bits(__builtin_round(a)));
    DOP1("frintm.d", uint64_t, d_bits(__builtin_floor(a)));
    DOP1("frintp.d", uint64_t, d_bits(__builtin_ceil(a)));
    DOP1("frintz.d", uint64_t, d_bits(__builtin_trunc(a)));
    DOP1("frintx.d", uint64_t, d_bits(__builtin_rint(a)));
    DOP1("frinti.d", uint64_t, d_bits(__builtin_nearbyint(a)));
    DOP1("fcvt.d.s", uint64_t, s_bits((float)a));
    DOP1("fcvtzs.d.w", int32_t, (int32_t)a);
    DOP1("fcvtzs.d.x", int64_t, (int64_t)a);
    DOP1("fcvtzu.d.w", uint32_t, (uint32_t)a);
    DOP1("fcvtzu.d.x", uint64_t, (uint64_t)a);
    DOP1("fcvtas.d.x", int64_t, fcvtas(a));
    DOP1("fcvtms.d.x", int64_t, (int64_t)__builtin_floor(a));
    DOP1("fcvt.d.h", uint64_t, ({ __fp16 h = (__fp16)a; uint16_t b; __builtin_memcpy(&b, &h, 2); b; }));
    SOP1("fsqrt.s", uint64_t, s_bits(__builtin_sqrtf(a)));
    SOP1("frintx.s", uint64_t, s_bits(__builtin_rintf(a)));
    SOP1("frinta.s", uint64_t, s_bits(__builtin_roundf(a)));
    SOP1("fcvt.s.d", uint64_t, d_bits((double)a));
    SOP1("fcvt.s.h", uint64_t, ({ __fp16 h = (__fp16)a; uint16_t b; __builtin_memcpy(&b, &h, 2); b; }));
    SOP1("fcvtzs.s.w", int32_t, (int32_t)a);
    SOP1("fcvtzu.s.x", uint64_t, (uint64_t)a);
    SOP1("fcvtzs.s.x", int64_t, (int64_t)a);
}

static const uint64_t ivals[] = {
    0, 1, 2, 3, 0x7f, 0xff, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000001ULL, 0x7fffffffffffffffULL,
    0x8000000000000000ULL, 0xffffffffffffffffULL, 0x1fffffffffffffULL, 0x20000000000001ULL, 0xffffff,
    0x1000001, 0x123456789abcdefULL, 0xfedcba9876543210ULL, 0x8000000000000401ULL, 0xfffffffffffff801ULL,
};
#define NI (sizeof ivals / sizeof ivals[0])

static void from_int(void)
{
    g_start("scvtf");
    for (unsigned i = 0; i < NI; i++) {
        uint64_t x = ivals[i];
        __asm__ volatile("" : "+r"(x));
        g_add(d_bits((double)(int64_t)x));
        g_add(d_bits((double)x));
        g_add(s_bits((float)(int64_t)x));
        g_add(s_bits((float)x));
        g_add(d_bits((double)(int32_t)x));
        g_add(s_bits((float)(uint32_t)x));
        __fp16 h = (__fp16)(float)(int32_t)x;
        uint16_t hb;
        __builtin_memcpy(&hb, &h, 2);
        g_add(hb);
    }
    g_end();
    /* Fixed-point conversions: SCVTF/UCVTF/FCVTZS/FCVTZU with #fbits. */
    g_start("fixed");
    for (unsigned i = 0; i < NI; i++) {
        uint64_t x = ivals[i];
        double d;
        float s;
        __asm__ volatile("scvtf %d0, %x1, #16" : "=w"(d) : "r"(x)); g_add(d_bits(d));
        __asm__ volatile("ucvtf %d0, %x1, #63" : "=w"(d) : "r"(x)); g_add(d_bits(d));
        __asm__ volatile("scvtf %s0, %w1, #1" : "=w"(s) : "r"(x)); g_add(s_bits(s));
        __asm__ volatile("ucvtf %s0, %w1, #32" : "=w"(s) : "r"(x)); g_add(s_bits(s));
    }
    for (unsigned i = 0; i < ND; i++) {
        double d = d_of(dvals[i]);
        uint64_t r;
        __asm__ volatile("fcvtzs %x0, %d1, #8" : "=r"(r) : "w"(d)); g_add(r);
        __asm__ volatile("fcvtzu %w0, %d1, #31" : "=r"(r) : "w"(d)); g_add(r);
        __asm__ volatile("fcvtzs %w0, %d1, #1" : "=r"(r) : "w"(d)); g_add(r);
        __asm__ volatile("fcvtnu %x0, %d1" : "=r"(r) : "w"(d)); g_add(r);
        __asm__ volatile("fcvtps %w0, %d1" : "=r"(r) : "w"(d)); g_add(r);
        __asm__ volatile("fcvtmu %w0, %d1" : "=r"(r) : "w"(d)); g_add(r);
        __asm__ volatile("fcvtau %x0, %d1" : "=r"(r) : "w"(d)); g_add(r);
        __asm__ volatile("fcvtns %x0, %d1" : "=r"(r) : "w"(d)); g_add(r);
    }
    g_end();
}

/* FCCMP / FCSEL / FMOV immediate / FMOV between registers. */
static void misc(void)
{
    g_start("fccmp");
    for (unsigned i = 0; i < ND; i++)
        for (unsigned j = 0; j < ND; j += 3) {
            double a = d_of(dvals[i]), b = d_of(dvals[j]);
            uint64_t f;
            __asm__ volatile("msr nzcv, %3\n\tfccmp %d1, %d2, #5, ne\n\tmrs %0, nzcv"
                             : "=r"(f) : "w"(a), "w"(b), "r"((uint64_t)(i & 1) << 30));
            g_add(f);
            __asm__ volatile("msr nzcv, %3\n\tfccmpe %d1, %d2, #10, eq\n\tmrs %0, nzcv"
                             : "=r"(f) : "w"(a), "w"(b), "r"((uint64_t)(j & 1) << 30));
            g_add(f);
            double r;
            __asm__ volatile("fcmp %d1, %d2\n\tfcsel %d0, %d1, %d2, vs" : "=w"(r) : "w"(a), "w"(b));
            g_add(d_bits(r));
        }
    g_end();
    g_start("fmov");
    {
        double d;
        float s;
        uint64_t x;
        __asm__ volatile("fmov %d0, #1.25" : "=w"(d)); g_add(d_bits(d));
        __asm__ volatile("fmov %d0, #-31.0" : "=w"(d)); g_add(d_bits(d));
        __asm__ volatile("fmov %s0, #0.125" : "=w"(s)); g_add(s_bits(s));
        __asm__ volatile("fmov %s0, #-1.9375" : "=w"(s)); g_add(s_bits(s));
        __asm__ volatile("fmov %d0, %1" : "=w"(d) : "r"(0x123456789abcdef0ULL)); g_add(d_bits(d));
        __asm__ volatile("fmov %0, %d1" : "=r"(x) : "w"(d)); g_add(x);
        __asm__ volatile("fmov %s0, %w1" : "=w"(s) : "r"(0xdeadbeefU)); g_add(s_bits(s));
        __asm__ volatile("fmov %w0, %s1" : "=r"(x) : "w"(s)); g_add(x);

    }
    g_end();
}

static void all_groups(void)
{
    arithmetic();
    unary();
    from_int();
    misc();
}

int main(void)
{
    /* Known answers first. */
    volatile double one = 1.0, two = 2.0, three = 3.0;
    check_eq("1+2", d_bits(one + two), 0x4008000000000000ULL);
    check_eq("1/3", d_bits(one / three), 0x3fd5555555555555ULL);
    check_eq("sqrt2", d_bits(__builtin_sqrt(two)), 0x3ff6a09e667f3bcdULL);
    volatile float f3 = 3.0f;
    check_eq("(float)1/3", s_bits(1.0f / f3), 0x3eaaaaab);
    check_eq("(int)-2.5", (uint64_t)(int64_t)(int)(-2.5 * one), (uint64_t)-2);

    /* Every rounding mode; then flush-to-zero and default NaN; then all three with RMode=RZ. */
    static const uint64_t fpcrs[] = {0, 1u << 22, 2u << 22, 3u << 22, 1u << 24, 1u << 25, 7u << 23 | 1u << 22 | 1u << 26};
    for (unsigned k = 0; k < sizeof fpcrs / sizeof fpcrs[0]; k++) {
        set_fpcr(fpcrs[k]);
        all_groups();
    }
    set_fpcr(0);
    return test_finish("fp");
}
