/*
 * Auto-vectorised loops (built with -O3): integer and floating-point element-wise arithmetic,
 * widening and narrowing, reductions, comparisons and selects, shifts, interleaved (structure)
 * loads and stores, conversions. Each kernel's output array is hashed; QEMU is the reference.
 */
#include "libc.h"
#include "test.h"

#define N 256

static int8_t a8[N], b8[N], r8[N];
static uint8_t ua8[N], ub8[N], ur8[N];
static int16_t a16[N], b16[N], r16[N];
static uint16_t ua16[N], ur16[N];
static int32_t a32[N], b32[N], r32[N];
static uint32_t ua32[N], ur32[N];
static int64_t a64[N], b64[N], r64[N];
static float fa[N], fb[N], fr[N];
static double da[N], db[N], dr[N];
static uint8_t rgb[3 * N], planes[3][N];

static uint64_t seed = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static float rfloat(void)
{
    static const uint32_t special[] = {0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00001,
                                       0x00000001, 0x00800000, 0x7f7fffff, 0x4f000000, 0x3f000000, 0x3fc00000};
    uint64_t r = rnd();
    uint32_t b = (r & 7) == 0 ? special[(r >> 3) % 12] : (uint32_t)((r >> 8) & 0x3fffffff) + 0x30000000u;
    if (r & 0x100000000ULL) b ^= 0x80000000u;
    float f;
    __builtin_memcpy(&f, &b, 4);
    return f;
}

static void fill(void)
{
    for (int i = 0; i < N; i++) {
        uint64_t r = rnd(), s = rnd();
        a8[i] = (int8_t)r; b8[i] = (int8_t)(r >> 8); ua8[i] = (uint8_t)(r >> 16); ub8[i] = (uint8_t)(r >> 24);
        a16[i] = (int16_t)(r >> 32); b16[i] = (int16_t)(r >> 48); ua16[i] = (uint16_t)s;
        a32[i] = (int32_t)s; b32[i] = (int32_t)(s >> 32); ua32[i] = (uint32_t)(s >> 16);
        a64[i] = (int64_t)rnd(); b64[i] = (int64_t)rnd() >> (r & 63);
        fa[i] = rfloat(); fb[i] = rfloat();
        da[i] = (double)fa[i] * 1.000001; db[i] = (double)fb[i] / 3.0;
        if (i % 17 == 0) { a8[i] = -128; a16[i] = -32768; a32[i] = (int32_t)0x80000000; b32[i] = -1; }
    }
    for (int i = 0; i < 3 * N; i++) rgb[i] = (uint8_t)rnd();
}

static uint64_t hash_bytes(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint64_t h = HASH_INIT;
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint64_t w;
        __builtin_memcpy(&w, b + i, 8);
        h = hmix(h, w);
    }
    return h;
}

static void report(const char *name, const void *p, size_t n)
{
    printf("%-14s %016llx\n", name, (unsigned long long)hash_bytes(p, n));
}

#define KERNEL(name, out, body) \
    __attribute__((noinline)) static void k_##name(void) { for (int i = 0; i < N; i++) { body; } } 

KERNEL(add8, r8, r8[i] = a8[i] + b8[i])
KERNEL(sub16, r16, r16[i] = a16[i] - b16[i])
KERNEL(mul32, r32, r32[i] = a32[i] * b32[i])
KERNEL(mla32, r32, r32[i] += a32[i] * b32[i])
KERNEL(add64, r64, r64[i] = a64[i] + b64[i])
KERNEL(min8, r8, r8[i] = a8[i] < b8[i] ? a8[i] : b8[i])
KERNEL(umax8, ur8, ur8[i] = ua8[i] > ub8[i] ? ua8[i] : ub8[i])
KERNEL(abs16, r16, r16[i] = (int16_t)(a16[i] < 0 ? -a16[i] : a16[i]))
KERNEL(absdiff8, ur8, ur8[i] = (uint8_t)(ua8[i] > ub8[i] ? ua8[i] - ub8[i] : ub8[i] - ua8[i]))
KERNEL(avg8, ur8, ur8[i] = (uint8_t)((ua8[i] + ub8[i] + 1) >> 1))
KERNEL(sat8, ur8, { int v = ua8[i] + ub8[i]; ur8[i] = (uint8_t)(v > 255 ? 255 : v); })
KERNEL(ssat16, r16, { int v = a16[i] + b16[i]; r16[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v); })
KERNEL(shl32, r32, r32[i] = a32[i] << 5)
KERNEL(sshr32, r32, r32[i] = a32[i] >> 7)
KERNEL(ushr16, ur16, ur16[i] = ua16[i] >> 3)
KERNEL(vshl32, ur32, ur32[i] = ua32[i] << (b32[i] & 31))
KERNEL(and64, r64, r64[i] = a64[i] & ~b64[i])
KERNEL(xor8, ur8, ur8[i] = ua8[i] ^ ub8[i] ^ 0x5a)
KERNEL(widen16, r32, r32[i] = (int32_t)a16[i] * b16[i])
KERNEL(widenu8, ur16, ur16[i] = (uint16_t)(ua8[i] * ub8[i]))
KERNEL(narrow32, r16, r16[i] = (int16_t)(a32[i] >> 16))
KERNEL(narrow16, ur8, ur8[i] = (uint8_t)ua16[i])
KERNEL(cmpsel32, r32, r32[i] = a32[i] > b32[i] ? a32[i] : b32[i] ^ 1)
KERNEL(cmpeq16, r16, r16[i] = a16[i] == (b16[i] & 0xff) ? -1 : 0)
KERNEL(fadd, fr, fr[i] = fa[i] + fb[i])
KERNEL(fmul, fr, fr[i] = fa[i] * fb[i])
KERNEL(fdiv, fr, fr[i] = fa[i] / fb[i])
KERNEL(fmla, fr, fr[i] = fr[i] + fa[i] * fb[i])
KERNEL(fmax, fr, fr[i] = __builtin_fmaxf(fa[i], fb[i]))
KERNEL(fmin, fr, fr[i] = __builtin_fminf(fa[i], fb[i]))
KERNEL(fabs, fr, fr[i] = __builtin_fabsf(fa[i]) - fb[i])
KERNEL(fsqrt, fr, fr[i] = __builtin_sqrtf(fa[i]))
KERNEL(fcmp, r32, r32[i] = fa[i] < fb[i] ? 3 : fa[i] == fb[i] ? 5 : 7)
KERNEL(fcvt_s2i, r32, r32[i] = (int32_t)fa[i])
KERNEL(fcvt_s2u, ur32, ur32[i] = (uint32_t)fb[i])
KERNEL(fcvt_i2s, fr, fr[i] = (float)a32[i])
KERNEL(fcvt_u2s, fr, fr[i] = (float)ua32[i])
KERNEL(frint, fr, fr[i] = __builtin_floorf(fa[i]) + __builtin_ceilf(fb[i]))
KERNEL(dadd, dr, dr[i] = da[i] + db[i])
KERNEL(dmul, dr, dr[i] = da[i] * db[i] - da[i])
KERNEL(ddiv, dr, dr[i] = da[i] / db[i])
KERNEL(dcvt_sd, dr, dr[i] = (double)fa[i])
KERNEL(dcvt_ds, fr, fr[i] = (float)da[i])
KERNEL(dcvt_d2l, r64, r64[i] = (int64_t)db[i])
KERNEL(dcvt_l2d, dr, dr[i] = (double)a64[i])
KERNEL(deinterleave, planes, { planes[0][i] = rgb[3 * i]; planes[1][i] = rgb[3 * i + 1]; planes[2][i] = rgb[3 * i + 2]; })
KERNEL(interleave, rgb, { rgb[3 * i] = planes[2][i]; rgb[3 * i + 1] = planes[0][i] + 1; rgb[3 * i + 2] = planes[1][i]; })

__attribute__((noinline)) static int64_t red_sum8(void) { int s = 0; for (int i = 0; i < N; i++) s += ua8[i]; return s; }
__attribute__((noinline)) static int64_t red_max16(void) { int16_t m = -32768; for (int i = 0; i < N; i++) m = a16[i] > m ? a16[i] : m; return m; }
__attribute__((noinline)) static int64_t red_dot16(void) { int32_t s = 0; for (int i = 0; i < N; i++) s += a16[i] * b16[i]; return s; }
__attribute__((noinline)) static int64_t red_sum64(void) { int64_t s = 0; for (int i = 0; i < N; i++) s += a64[i] ^ b64[i]; return s; }
__attribute__((noinline)) static int64_t red_sad8(void) { int s = 0; for (int i = 0; i < N; i++) s += __builtin_abs(ua8[i] - ub8[i]); return s; }
__attribute__((noinline)) static int64_t red_minu32(void) { uint32_t m = ~0u; for (int i = 0; i < N; i++) m = ua32[i] < m ? ua32[i] : m; return m; }

#define RUN(name, arr) do { k_##name(); report(#name, arr, sizeof arr); } while (0)

int main(void)
{
    fill();
    RUN(add8, r8); RUN(sub16, r16); RUN(mul32, r32); RUN(mla32, r32); RUN(add64, r64); RUN(min8, r8);
    RUN(umax8, ur8); RUN(abs16, r16); RUN(absdiff8, ur8); RUN(avg8, ur8); RUN(sat8, ur8); RUN(ssat16, r16);
    RUN(shl32, r32); RUN(sshr32, r32); RUN(ushr16, ur16); RUN(vshl32, ur32); RUN(and64, r64); RUN(xor8, ur8);
    RUN(widen16, r32); RUN(widenu8, ur16); RUN(narrow32, r16); RUN(narrow16, ur8); RUN(cmpsel32, r32);
    RUN(cmpeq16, r16);
    RUN(fadd, fr); RUN(fmul, fr); RUN(fdiv, fr); RUN(fmla, fr); RUN(fmax, fr); RUN(fmin, fr); RUN(fabs, fr);
    RUN(fsqrt, fr); RUN(fcmp, r32); RUN(fcvt_s2i, r32); RUN(fcvt_s2u, ur32); RUN(fcvt_i2s, fr);
    RUN(fcvt_u2s, fr); RUN(frint, fr);
    RUN(dadd, dr); RUN(dmul, dr); RUN(ddiv, dr); RUN(dcvt_sd, dr); RUN(dcvt_ds, fr); RUN(dcvt_d2l, r64);
    RUN(dcvt_l2d, dr);
    RUN(deinterleave, planes); RUN(interleave, rgb);
    printf("reductions %llx %llx %llx %llx %llx %llx\n", (unsigned long long)red_sum8(),
           (unsigned long long)red_max16(), (unsigned long long)red_dot16(), (unsigned long long)red_sum64(),
           (unsigned long long)red_sad8(), (unsigned long long)red_minu32());
    uint64_t fpsr;
    __asm__ volatile("mrs %0, fpsr" : "=r"(fpsr));
    printf("fpsr %08llx\n", (unsigned long long)fpsr);
    /* A known answer: the sum of 0..255 computed by a vectorised reduction. */
    for (int i = 0; i < N; i++) ua8[i] = (uint8_t)i;
    check_eq("sum 0..255", (uint64_t)red_sum8(), 255 * 256 / 2);
    return test_finish("vec");
}
