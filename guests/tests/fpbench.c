/*
 * SIMD&FP benchmark: a double-precision kernel (matrix multiply with fused multiply-add, a
 * square-root/divide series), an auto-vectorised single-precision loop (-O3: FMLA on 4S vectors),
 * AES-CE rounds over a buffer (AESE/AESMC), and memcpy/memset in the style of glibc's (LDP/STP of
 * Q registers, DC ZVA-free STP of zeroes), repeated N times. N is the last decimal token of the
 * semihosting command line (QEMU: -append "N"), default 10. Prints bit patterns, so the output is
 * exact and identical on every correct implementation.
 */
#include "libc.h"
#include "semihost.h"
#include "test.h"
#include <arm_neon.h>

#define DEFAULT_ITERS 10

/* ---- double precision: matrix multiply and a series ---- */
#define MD 24
static double ma[MD][MD], mb[MD][MD], mc[MD][MD];

static uint64_t dmatmul(unsigned seed)
{
    for (int i = 0; i < MD; i++)
        for (int j = 0; j < MD; j++) {
            ma[i][j] = (double)((i * 7 + j * 3 + seed) % 23) / 7.0 - 1.5;
            mb[i][j] = (double)((i * 5 + j * 11 + seed) % 19) / 3.0 + 0.25;
        }
    for (int i = 0; i < MD; i++)
        for (int j = 0; j < MD; j++) {
            double s = 0;
            for (int k = 0; k < MD; k++) s = __builtin_fma(ma[i][k], mb[k][j], s);
            mc[i][j] = s;
        }
    double t = 0;
    for (int i = 0; i < MD; i++) t += mc[i][i] * (i & 1 ? -1.0 : 1.0);
    union { double d; uint64_t u; } r = { t };
    return r.u;
}

static uint64_t series(unsigned n)
{
    double s = 0;
    float f = 1.0f;
    for (unsigned i = 1; i <= n; i++) {
        s += __builtin_sqrt((double)i) / (double)(i * i + 1);
        f = f * 0.999f + 1.0f / (float)i;
    }
    union { double d; uint64_t u; } r = { s };
    union { float f; uint32_t u; } q = { f };
    return r.u ^ ((uint64_t)q.u << 17);
}

/* ---- single precision, vectorised by the compiler ---- */
#define NV 1024
static float va[NV], vb[NV], vc[NV];

static __attribute__((noinline)) void saxpy(float a)
{
    for (int i = 0; i < NV; i++) vc[i] = a * va[i] + vb[i];
}

static uint32_t vsum(void)
{
    float32x4_t acc = vdupq_n_f32(0);
    for (int i = 0; i < NV; i += 4) acc = vaddq_f32(acc, vld1q_f32(&vc[i]));
    union { float f; uint32_t u; } r = { vaddvq_f32(acc) };
    return r.u;
}

/* ---- AES-CE ---- */
#define AES_BLOCKS 256
static uint8_t aes_buf[AES_BLOCKS * 16];

static uint64_t aes_rounds(void)
{
    uint8x16_t key = vdupq_n_u8(0x2b);
    for (int b = 0; b < AES_BLOCKS; b++) {
        uint8x16_t s = vld1q_u8(&aes_buf[16 * b]);
        for (int r = 0; r < 9; r++) s = vaesmcq_u8(vaeseq_u8(s, key));
        s = veorq_u8(vaeseq_u8(s, key), key);
        vst1q_u8(&aes_buf[16 * b], s);
    }
    uint64_t h = 0;
    for (int i = 0; i < AES_BLOCKS * 16; i += 8) h = h * 31 + *(uint64_t *)&aes_buf[i];
    return h;
}

/* ---- memcpy / memset with Q registers, as glibc's generic AArch64 versions do ---- */
#define MC 8192
static uint8_t src[MC] __attribute__((aligned(16))), dst[MC] __attribute__((aligned(16)));

static void qcopy(uint8_t *d, const uint8_t *s, unsigned long n)
{
    __asm__ volatile(
        "1: ldp q0, q1, [%1], #32\n"
        "   ldp q2, q3, [%1], #32\n"
        "   stp q0, q1, [%0], #32\n"
        "   stp q2, q3, [%0], #32\n"
        "   subs %2, %2, #64\n"
        "   b.ne 1b\n"
        : "+r"(d), "+r"(s), "+r"(n) : : "v0", "v1", "v2", "v3", "memory", "cc");
}

static void qzero(uint8_t *d, unsigned long n)
{
    __asm__ volatile(
        "   movi v0.16b, #0\n"
        "1: stp q0, q0, [%0], #32\n"
        "   subs %1, %1, #32\n"
        "   b.ne 1b\n"
        : "+r"(d), "+r"(n) : : "v0", "memory", "cc");
}

static uint64_t copies(unsigned it)
{
    for (int i = 0; i < MC; i += 8) *(uint64_t *)&src[i] = (uint64_t)(i + it) * 0x9e3779b97f4a7c15ULL;
    qcopy(dst, src, MC);
    uint64_t h = 0;
    for (int i = 0; i < MC; i += 64) h = h * 1099511628211ULL ^ *(uint64_t *)&dst[i];
    qzero(dst, MC);
    for (int i = 0; i < MC; i += 512) h ^= *(uint64_t *)&dst[i];
    return h;
}

/* ---- Command line: the last decimal token ---- */
static unsigned long parse_iterations(void)
{
    static char cmdline[256];
    unsigned long result = DEFAULT_ITERS;
    long len = sys_get_cmdline(cmdline, sizeof cmdline);
    for (long i = 0; i < len;) {
        while (i < len && (cmdline[i] == ' ' || cmdline[i] == '\t')) i++;
        long start = i;
        unsigned long v = 0;
        int digits = 1;
        while (i < len && cmdline[i] != ' ' && cmdline[i] != '\t') {
            if (cmdline[i] < '0' || cmdline[i] > '9' || i - start >= 9) digits = 0;
            else v = v * 10 + (unsigned long)(cmdline[i] - '0');
            i++;
        }
        if (i > start && digits) result = v;
    }
    return result;
}

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ULL + (h >> 29); }

int main(void)
{
    unsigned long iters = parse_iterations();
    uint64_t sum = 0xcbf29ce484222325ULL;
    for (int i = 0; i < NV; i++) { va[i] = (float)i * 0.5f; vb[i] = 1.0f / (float)(i + 1); }
    for (int i = 0; i < AES_BLOCKS * 16; i++) aes_buf[i] = (uint8_t)(i * 13);

    printf("fpbench: %lu iterations\n", iters);
    for (unsigned long it = 0; it < iters; it++) {
        sum = mix(sum, dmatmul((unsigned)it));
        sum = mix(sum, series(2000));
        saxpy((float)it * 0.25f + 1.0f);
        sum = mix(sum, vsum());
        sum = mix(sum, aes_rounds());
        sum = mix(sum, copies((unsigned)it));
    }
    printf("fpbench checksum iterations=%lu sum=%016llx\n", iters, (unsigned long long)sum);
    return test_finish("fpbench");
}
