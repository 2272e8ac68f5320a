/*
 * Expected-value generator for FPCoreTest: runs Armv8.0 FP instructions on chosen and
 * pseudo-random inputs under every FPCR setting that matters and prints, one per line,
 *
 *     op fpcr a b c result fpsr            (all hex, unused operands 0)
 *
 * Build and run (the output is fpcore-vectors.txt.gz):
 *   aarch64-linux-gnu-gcc -static -O1 fpgen.c -o fpgen
 *   qemu-aarch64 -cpu cortex-a57 ./fpgen | gzip -9 > fpcore-vectors.txt.gz
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t u64;

static inline void set_fpcr(u64 v) { asm volatile("msr fpcr, %0" ::"r"(v)); }
static inline void clr_fpsr(void) { asm volatile("msr fpsr, xzr"); }
static inline u64 get_fpsr(void) { u64 v; asm volatile("mrs %0, fpsr" : "=r"(v)); return v; }

typedef u64 (*fn_t)(u64, u64, u64);

/* scalar FP op on S or D registers: result in v2 (v3 for fmadd) */
#define BIN(name, insn, R)                                                                     \
    static u64 name(u64 a, u64 b, u64 c) {                                                     \
        u64 r; (void)c;                                                                        \
        asm volatile("fmov d0, %x1\n fmov d1, %x2\n " insn " " #R "2, " #R "0, " #R "1\n fmov %x0, d2" \
                     : "=r"(r) : "r"(a), "r"(b) : "v0", "v1", "v2");                           \
        return r;                                                                              \
    }
#define UN(name, insn, RD, RN)                                                                 \
    static u64 name(u64 a, u64 b, u64 c) {                                                     \
        u64 r; (void)b; (void)c;                                                               \
        asm volatile("fmov d0, %x1\n " insn " " #RD "2, " #RN "0\n fmov %x0, d2"                \
                     : "=r"(r) : "r"(a) : "v0", "v2");                                         \
        return r;                                                                              \
    }
/* FP to general register */
#define TOINT(name, insn, RD, RN)                                                              \
    static u64 name(u64 a, u64 b, u64 c) {                                                     \
        u64 r; (void)b; (void)c;                                                               \
        asm volatile("fmov d0, %x1\n " insn " %" #RD "0, " #RN "0" : "=r"(r) : "r"(a) : "v0");  \
        return r & (#RD[0] == 'w' ? 0xffffffffull : ~0ull);                                    \
    }
/* general register to FP */
#define FROMINT(name, insn, RD, RN)                                                            \
    static u64 name(u64 a, u64 b, u64 c) {                                                     \
        u64 r; (void)b; (void)c;                                                               \
        asm volatile(insn " " #RD "2, %" #RN "1\n fmov %x0, d2" : "=r"(r) : "r"(a) : "v2");     \
        return r;                                                                              \
    }

#define FMOVS "fmov s0, %w1\n fmov s1, %w2\n fmov s2, %w3\n"
static u64 fmadd_s(u64 a, u64 b, u64 c) {
    u64 r; /* c + a*b */
    asm volatile(FMOVS "fmadd s3, s0, s1, s2\n fmov %x0, d3" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "v0", "v1", "v2", "v3");
    return r;
}
static u64 fmadd_d(u64 a, u64 b, u64 c) {
    u64 r;
    asm volatile("fmov d0, %x1\n fmov d1, %x2\n fmov d2, %x3\n fmadd d3, d0, d1, d2\n fmov %x0, d3"
                 : "=r"(r) : "r"(a), "r"(b), "r"(c) : "v0", "v1", "v2", "v3");
    return r;
}
static u64 fcmp_s(u64 a, u64 b, u64 c) { u64 r; (void)c; asm volatile("fmov s0, %w1\n fmov s1, %w2\n fcmp s0, s1\n mrs %0, nzcv" : "=r"(r) : "r"(a), "r"(b) : "v0", "v1", "cc"); return r >> 28; }
static u64 fcmpe_s(u64 a, u64 b, u64 c) { u64 r; (void)c; asm volatile("fmov s0, %w1\n fmov s1, %w2\n fcmpe s0, s1\n mrs %0, nzcv" : "=r"(r) : "r"(a), "r"(b) : "v0", "v1", "cc"); return r >> 28; }
static u64 fcmp_d(u64 a, u64 b, u64 c) { u64 r; (void)c; asm volatile("fmov d0, %x1\n fmov d1, %x2\n fcmp d0, d1\n mrs %0, nzcv" : "=r"(r) : "r"(a), "r"(b) : "v0", "v1", "cc"); return r >> 28; }
static u64 fcmpe_d(u64 a, u64 b, u64 c) { u64 r; (void)c; asm volatile("fmov d0, %x1\n fmov d1, %x2\n fcmpe d0, d1\n mrs %0, nzcv" : "=r"(r) : "r"(a), "r"(b) : "v0", "v1", "cc"); return r >> 28; }
static u64 urecpe(u64 a, u64 b, u64 c) { u64 r; (void)b; (void)c; asm volatile("fmov s0, %w1\n urecpe v2.2s, v0.2s\n fmov %w0, s2" : "=r"(r) : "r"(a) : "v0", "v2"); return r; }
static u64 ursqrte(u64 a, u64 b, u64 c) { u64 r; (void)b; (void)c; asm volatile("fmov s0, %w1\n ursqrte v2.2s, v0.2s\n fmov %w0, s2" : "=r"(r) : "r"(a) : "v0", "v2"); return r; }

BIN(fadd_s, "fadd", s) BIN(fadd_d, "fadd", d)
BIN(fsub_s, "fsub", s) BIN(fsub_d, "fsub", d)
BIN(fmul_s, "fmul", s) BIN(fmul_d, "fmul", d)
BIN(fmulx_s, "fmulx", s) BIN(fmulx_d, "fmulx", d)
BIN(fdiv_s, "fdiv", s) BIN(fdiv_d, "fdiv", d)
BIN(fabd_s, "fabd", s) BIN(fabd_d, "fabd", d)
BIN(frecps_s, "frecps", s) BIN(frecps_d, "frecps", d)
BIN(frsqrts_s, "frsqrts", s) BIN(frsqrts_d, "frsqrts", d)
BIN(fmax_s, "fmax", s) BIN(fmax_d, "fmax", d)
BIN(fmin_s, "fmin", s) BIN(fmin_d, "fmin", d)
BIN(fmaxnm_s, "fmaxnm", s) BIN(fmaxnm_d, "fmaxnm", d)
BIN(fminnm_s, "fminnm", s) BIN(fminnm_d, "fminnm", d)
BIN(fcmeq_s, "fcmeq", s) BIN(fcmeq_d, "fcmeq", d)
BIN(fcmge_s, "fcmge", s) BIN(fcmge_d, "fcmge", d)
BIN(fcmgt_s, "fcmgt", s) BIN(fcmgt_d, "fcmgt", d)

UN(fsqrt_s, "fsqrt", s, s) UN(fsqrt_d, "fsqrt", d, d)
UN(frintn_s, "frintn", s, s) UN(frintn_d, "frintn", d, d)
UN(frinta_s, "frinta", s, s) UN(frinta_d, "frinta", d, d)
UN(frintp_s, "frintp", s, s) UN(frintp_d, "frintp", d, d)
UN(frintm_s, "frintm", s, s) UN(frintm_d, "frintm", d, d)
UN(frintz_s, "frintz", s, s) UN(frintz_d, "frintz", d, d)
UN(frinti_s, "frinti", s, s) UN(frinti_d, "frinti", d, d)
UN(frintx_s, "frintx", s, s) UN(frintx_d, "frintx", d, d)
UN(frecpe_s, "frecpe", s, s) UN(frecpe_d, "frecpe", d, d)
UN(frsqrte_s, "frsqrte", s, s) UN(frsqrte_d, "frsqrte", d, d)
UN(frecpx_s, "frecpx", s, s) UN(frecpx_d, "frecpx", d, d)
UN(fcvt_sd, "fcvt", d, s) UN(fcvt_ds, "fcvt", s, d)
UN(fcvt_sh, "fcvt", h, s) UN(fcvt_hs, "fcvt", s, h)
UN(fcvt_dh, "fcvt", h, d) UN(fcvt_hd, "fcvt", d, h)
UN(fcvtxn_ds, "fcvtxn", s, d)

TOINT(fcvtzs_sw, "fcvtzs", w, s) TOINT(fcvtzs_sx, "fcvtzs", x, s) TOINT(fcvtzs_dw, "fcvtzs", w, d) TOINT(fcvtzs_dx, "fcvtzs", x, d)
TOINT(fcvtzu_sw, "fcvtzu", w, s) TOINT(fcvtzu_sx, "fcvtzu", x, s) TOINT(fcvtzu_dw, "fcvtzu", w, d) TOINT(fcvtzu_dx, "fcvtzu", x, d)
TOINT(fcvtns_sw, "fcvtns", w, s) TOINT(fcvtns_dx, "fcvtns", x, d) TOINT(fcvtnu_sw, "fcvtnu", w, s) TOINT(fcvtnu_dx, "fcvtnu", x, d)
TOINT(fcvtas_sw, "fcvtas", w, s) TOINT(fcvtas_dx, "fcvtas", x, d) TOINT(fcvtau_sw, "fcvtau", w, s) TOINT(fcvtau_dx, "fcvtau", x, d)
TOINT(fcvtps_sw, "fcvtps", w, s) TOINT(fcvtps_dx, "fcvtps", x, d) TOINT(fcvtpu_dw, "fcvtpu", w, d) TOINT(fcvtpu_sx, "fcvtpu", x, s)
TOINT(fcvtms_sw, "fcvtms", w, s) TOINT(fcvtms_dx, "fcvtms", x, d) TOINT(fcvtmu_dw, "fcvtmu", w, d) TOINT(fcvtmu_sx, "fcvtmu", x, s)
FROMINT(scvtf_ws, "scvtf", s, w) FROMINT(scvtf_xs, "scvtf", s, x) FROMINT(scvtf_wd, "scvtf", d, w) FROMINT(scvtf_xd, "scvtf", d, x)
FROMINT(ucvtf_ws, "ucvtf", s, w) FROMINT(ucvtf_xs, "ucvtf", s, x) FROMINT(ucvtf_wd, "ucvtf", d, w) FROMINT(ucvtf_xd, "ucvtf", d, x)

static u64 fcvtzs_sw_f5(u64 a, u64 b, u64 c) { u64 r; (void)b; (void)c; asm volatile("fmov d0, %x1\n fcvtzs %w0, s0, #5" : "=r"(r) : "r"(a) : "v0"); return r & 0xffffffffull; }
static u64 fcvtzu_dx_f40(u64 a, u64 b, u64 c) { u64 r; (void)b; (void)c; asm volatile("fmov d0, %x1\n fcvtzu %x0, d0, #40" : "=r"(r) : "r"(a) : "v0"); return r; }
static u64 fcvtzs_dx_f64(u64 a, u64 b, u64 c) { u64 r; (void)b; (void)c; asm volatile("fmov d0, %x1\n fcvtzs %x0, d0, #64" : "=r"(r) : "r"(a) : "v0"); return r; }
static u64 scvtf_xd_f64(u64 a, u64 b, u64 c) { u64 r; (void)b; (void)c; asm volatile("scvtf d2, %x1, #64\n fmov %x0, d2" : "=r"(r) : "r"(a) : "v2"); return r; }
static u64 ucvtf_ws_f7(u64 a, u64 b, u64 c) { u64 r; (void)b; (void)c; asm volatile("ucvtf s2, %w1, #7\n fmov %x0, d2" : "=r"(r) : "r"(a) : "v2"); return r; }

/* ---- inputs ---------------------------------------------------------------------------- */

static const u64 S_BIN[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f800001, 0x3fc00000, 0x40400000, 0xc0000000,
    0x33800000, 0xb3800000, 0x33c00000, 0x34400000, 0x3eaaaaab, 0x7f7fffff, 0xff7fffff, 0x7f000000,
    0x00800000, 0x80800000, 0x00800001, 0x007fffff, 0x807fffff, 0x00000001, 0x00400000, 0x1f800000,
    0x20000001, 0x5f800000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc12345, 0x7f800001, 0xff812345,
    0x7fa00000, 0x3f7fffff,
};
static const u64 D_BIN[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x3ff0000000000001ull, 0x3ff8000000000000ull, 0x4008000000000000ull, 0xc000000000000000ull,
    0x3ca0000000000000ull, 0xbca0000000000000ull, 0x3ca8000000000000ull, 0x3cb8000000000000ull,
    0x3fd5555555555555ull, 0x7fefffffffffffffull, 0xffefffffffffffffull, 0x7fe0000000000000ull,
    0x0010000000000000ull, 0x8010000000000000ull, 0x0010000000000001ull, 0x000fffffffffffffull,
    0x800fffffffffffffull, 0x0000000000000001ull, 0x0008000000000000ull, 0x1ff0000000000000ull,
    0x2000000000000001ull, 0x5ff0000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000012345ull, 0x7ff0000000000001ull, 0xfff4000000012345ull,
    0x3fefffffffffffffull, 0x36a0000000000000ull,
};
static const u64 S_FMA[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800001, 0x33800000, 0x3f7fffff, 0x7f7fffff,
    0x00800000, 0x807fffff, 0x1f800000, 0x7f800000, 0xff800000, 0x7fc00001, 0x7f800002,
};
static const u64 D_FMA[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000001ull,
    0x3ca0000000000000ull, 0x3fefffffffffffffull, 0x7fefffffffffffffull, 0x0010000000000000ull,
    0x800fffffffffffffull, 0x1ff0000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000001ull, 0x7ff0000000000002ull,
};
static const u64 S_UN[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000,
    0x40200000, 0xc0200000, 0x3ec00000, 0x3f400000, 0xbf400000, 0x3f800001, 0x4b000001, 0x4affffff,
    0x4b7fffff, 0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f800000, 0x4f7fffff, 0x5effffff,
    0x5f000000, 0xdf000000, 0x5f800000, 0x7f7fffff, 0xff7fffff, 0x00800000, 0x80800000, 0x007fffff,
    0x00000001, 0x80000001, 0x00400000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc12345, 0x7f800001,
    0xff812345, 0x477fe000, 0x477ff000, 0x477fefff, 0x47800000, 0xc77ff000, 0x387fc000, 0x38800000,
    0x33800000, 0x33000000, 0x33000001, 0x337fffff, 0x34000000, 0x33c00000, 0x3f7fffff, 0x40490fdb,
    0x3eaaaaab, 0x7e800000, 0x00200000, 0x00300000, 0x7f000000, 0x0c000000, 0x3f8007ff, 0x3f801000,
    0x3f801001, 0x3f802000, 0x3f803000, 0x47fff000, 0x47ffffff, 0x48000000, 0xc7fff000,
};
static const u64 D_UN[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x3fe0000000000000ull, 0xbfe0000000000000ull, 0x3ff8000000000000ull, 0xbff8000000000000ull,
    0x4004000000000000ull, 0xc004000000000000ull, 0x3fd8000000000000ull, 0xbfe8000000000000ull,
    0x4330000000000001ull, 0x432fffffffffffffull, 0x433fffffffffffffull, 0x41dfffffffc00000ull,
    0x41dfffffffe00000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull, 0xc1e0000000100000ull,
    0xc1e00000001fffffull, 0x41efffffffe00000ull, 0x41f0000000000000ull, 0x43dfffffffffffffull,
    0x43e0000000000000ull, 0xc3e0000000000000ull, 0x43efffffffffffffull, 0x43f0000000000000ull,
    0x7fefffffffffffffull, 0xffefffffffffffffull, 0x0010000000000000ull, 0x000fffffffffffffull,
    0x0000000000000001ull, 0x8000000000000001ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000012345ull, 0x7ff0000000000001ull, 0xfff4000000012345ull,
    0x7ff00000fedcba98ull, 0x7ff8123456789abcull,
    0x47efffffe0000000ull, 0x47efffffefffffffull, 0x47effffff0000000ull, 0x47f0000000000000ull,
    0x3810000000000000ull, 0x380fffffffffffffull, 0x380ffffff0000000ull, 0x380fffffe0000000ull,
    0x36a0000000000000ull, 0x3690000000000000ull, 0x3690000000000001ull, 0x369fffffffffffffull,
    0x3ff0000010000000ull, 0x3ff0000030000000ull, 0x3ff0000010000001ull, 0x3ff0000020000000ull,
    0x3ff0000000000001ull, 0x400921fb54442d18ull, 0x3fd5555555555555ull,
    0x40effc0000000000ull, 0x40effe0000000000ull, 0x40effdffffffffffull, 0x40f0000000000000ull,
    0x3f0ff80000000000ull, 0x3f10000000000000ull, 0x3e70000000000000ull, 0x3e60000000000000ull,
    0x3e60000000000001ull, 0x3e6fffffffffffffull, 0x3e78000000000000ull, 0x40fffe0000000000ull,
    0x40ffffffffffffffull, 0x4100000000000000ull, 0xc0fffe0000000000ull, 0x0008000000000000ull,
    0x0004000000000000ull, 0x0006000000000000ull, 0x5ff0000000000000ull, 0x7fd0000000000000ull,
    0x0000000000001000ull, 0x1ff0000000000000ull,
};
static const u64 H_UN[] = {
    0x0000, 0x8000, 0x3c00, 0xbc00, 0x3c01, 0x7bff, 0xfbff, 0x0400, 0x0001, 0x8001, 0x03ff, 0x0200,
    0x7c00, 0xfc00, 0x7e00, 0xfe01, 0x7c01, 0xfd55, 0x7fff, 0xffff, 0x7d23, 0x4248, 0x5640,
};
static const u64 I_UN[] = {
    0, 1, 2, 3, 0x7f, 0x80, 0xffffffffull, 0x7fffffffull, 0x80000000ull, 0x80000001ull, 0x00ffffffull,
    0x01000000ull, 0x01000001ull, 0x01000003ull, 0x02000002ull, 0x02000006ull, 0xfffffffffffffffful,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull, 0x001fffffffffffffull,
    0x0020000000000001ull, 0x0020000000000003ull, 0x0040000000000006ull, 0x123456789abcdef0ull,
    0xfedcba9876543210ull, 0xffffffff80000000ull, 0xfffffffffffffffeull, 0x00000000ffffff80ull,
    0x4000000000000000ull, 0xc0000000ull, 0x40000000ull, 0x3fffffffull,
};

/* FPCR values: 4 RMode x FZ with DN=0, then DN=1 (RN, FZ=0) and DN=1 + FZ=1 (RZ) */
static const u64 FPCR_ROUND[] = {
    0 << 22, 1 << 22, 2 << 22, 3 << 22,
    (0 << 22) | (1 << 24), (1 << 22) | (1 << 24), (2 << 22) | (1 << 24), (3 << 22) | (1 << 24),
    1 << 25, (3 << 22) | (1 << 24) | (1 << 25),
};
#define NROUND (sizeof FPCR_ROUND / sizeof FPCR_ROUND[0])
/* a shorter list for operations whose rounding shares code with the ones above */
static const u64 FPCR_SEC[] = { 0 << 22, 1 << 22, 2 << 22, 3 << 22, 1 << 24, (3 << 22) | (1 << 24) | (1 << 25) };
#define NSEC (sizeof FPCR_SEC / sizeof FPCR_SEC[0])
/* for operations that do not round: FZ x DN */
static const u64 FPCR_NR[] = { 0, 1 << 24, 1 << 25, (1 << 24) | (1 << 25) };
#define NNR 4

static void run(const char *op, fn_t f, u64 fpcr, u64 a, u64 b, u64 c) {
    set_fpcr(fpcr);
    clr_fpsr();
    u64 r = f(a, b, c);
    u64 s = get_fpsr();
    set_fpcr(0);
    printf("%s %llx %llx %llx %llx %llx %llx\n", op, (unsigned long long)fpcr, (unsigned long long)a,
           (unsigned long long)b, (unsigned long long)c, (unsigned long long)r, (unsigned long long)s);
}

#define N(x) (sizeof(x) / sizeof((x)[0]))

static void bin(const char *op, fn_t f, const u64 *v, int n, const u64 *fp, int nfp) {
    for (int k = 0; k < nfp; k++)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) run(op, f, fp[k], v[i], v[j], 0);
}
static void un(const char *op, fn_t f, const u64 *v, int n, const u64 *fp, int nfp) {
    for (int k = 0; k < nfp; k++)
        for (int i = 0; i < n; i++) run(op, f, fp[k], v[i], 0, 0);
}

/* ---- pseudo-random inputs -------------------------------------------------------------- */

static u64 rs = 0x9E3779B97F4A7C15ull;
static u64 rnd(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }

/* a random value of esize 32/64, biased towards interesting exponents and mantissas */
static u64 rval(int esize) {
    int F = esize == 64 ? 52 : 23, E = esize == 64 ? 11 : 8;
    int bias = (1 << (E - 1)) - 1, emax = (1 << E) - 1;
    u64 r = rnd();
    int e;
    switch (r & 7) {
        case 0: e = (int)(rnd() % 4); break;                       /* denormal / tiny */
        case 1: e = emax - 1 - (int)(rnd() % 3); break;             /* huge */
        case 2: e = (int)(rnd() % emax); break;                     /* anything finite */
        case 3: e = bias / 2 + (int)(rnd() % 4) - 2; break;         /* products near underflow */
        case 4: e = bias + bias / 2 + (int)(rnd() % 4) - 2; break;  /* products near overflow */
        default: e = bias + (int)(rnd() % 8) - 4; break;            /* near 1 */
    }
    u64 m;
    switch ((r >> 3) & 3) {
        case 0: m = rnd() & ((1ull << F) - 1); break;
        case 1: m = (rnd() & ((1ull << F) - 1)) & ~((1ull << (F - 4)) - 1); break; /* few low bits */
        case 2: m = ((1ull << F) - 1) ^ (1ull << (rnd() % F)); break;             /* many ones */
        default: m = (1ull << (rnd() % F)) | (rnd() & 1); break;
    }
    if ((r >> 5 & 63) == 0) { e = emax; m = rnd() & ((1ull << F) - 1); }  /* inf or NaN */
    if ((r >> 11 & 63) == 0) { e = 0; m = 0; }
    return ((r >> 20 & 1) << (esize - 1)) | ((u64)e << F) | m;
}
static u64 rfpcr(void) {
    u64 r = rnd();
    return ((r & 3) << 22) | ((r >> 2 & 3) == 0 ? 1 << 24 : 0) | ((r >> 4 & 7) == 0 ? 1 << 25 : 0);
}

static void rbin(const char *op, fn_t f, int esize, int count) {
    for (int i = 0; i < count; i++) {
        u64 a = rval(esize), b = rval(esize);
        if ((rnd() & 7) == 0) { /* close operands for cancellation */
            b = a ^ (1ull << (esize - 1)) ^ (rnd() & 3);
        }
        run(op, f, rfpcr(), a, b, 0);
    }
}
static void rfma(const char *op, fn_t f, int esize, int count) {
    for (int i = 0; i < count; i++) {
        u64 a = rval(esize), b = rval(esize), c = rval(esize);
        if ((rnd() & 3) == 0) {
            /* addend close to -(a*b) for massive cancellation: c = -(a*b) rounded, with some noise */
            u64 p;
            set_fpcr(0);
            if (esize == 32) {
                float x, y, z;
                memcpy(&x, &a, 4); memcpy(&y, &b, 4);
                z = -(x * y);
                uint32_t zi;
                memcpy(&zi, &z, 4);
                p = zi ^ (rnd() & 1);
            } else {
                double x, y, z;
                memcpy(&x, &a, 8); memcpy(&y, &b, 8);
                z = -(x * y);
                memcpy(&p, &z, 8);
                p ^= rnd() & 1;
            }
            c = p;
        }
        run(op, f, rfpcr(), a, b, c);
    }
}
static void run1(const char *op, fn_t f, int esize, int count) {
    for (int i = 0; i < count; i++) run(op, f, rfpcr() | ((rnd() & 3) == 0 ? 1 << 26 : 0), rval(esize), 0, 0);
}

int main(void) {
    /* binary operations on special values */
#define B2(nm, fs, fd, fp, nfp) bin(nm "_s", fs, S_BIN, N(S_BIN), fp, nfp); bin(nm "_d", fd, D_BIN, N(D_BIN), fp, nfp);
    B2("fadd", fadd_s, fadd_d, FPCR_ROUND, NROUND)
    B2("fsub", fsub_s, fsub_d, FPCR_ROUND, NROUND)
    B2("fmul", fmul_s, fmul_d, FPCR_ROUND, NROUND)
    B2("fmulx", fmulx_s, fmulx_d, FPCR_SEC, NSEC)
    B2("fdiv", fdiv_s, fdiv_d, FPCR_ROUND, NROUND)
    B2("fabd", fabd_s, fabd_d, FPCR_SEC, NSEC)
    B2("frecps", frecps_s, frecps_d, FPCR_SEC, NSEC)
    B2("frsqrts", frsqrts_s, frsqrts_d, FPCR_SEC, NSEC)
    B2("fmax", fmax_s, fmax_d, FPCR_NR, NNR)
    B2("fmin", fmin_s, fmin_d, FPCR_NR, NNR)
    B2("fmaxnm", fmaxnm_s, fmaxnm_d, FPCR_NR, NNR)
    B2("fminnm", fminnm_s, fminnm_d, FPCR_NR, NNR)
    B2("fcmp", fcmp_s, fcmp_d, FPCR_NR, 2)
    B2("fcmpe", fcmpe_s, fcmpe_d, FPCR_NR, 2)
    B2("fcmeq", fcmeq_s, fcmeq_d, FPCR_NR, 2)
    B2("fcmge", fcmge_s, fcmge_d, FPCR_NR, 2)
    B2("fcmgt", fcmgt_s, fcmgt_d, FPCR_NR, 2)
    /* fused multiply-add: c + a*b over all triples */
    for (int k = 0; k < (int)NSEC; k++)
        for (int i = 0; i < (int)N(S_FMA); i++)
            for (int j = 0; j < (int)N(S_FMA); j++)
                for (int l = 0; l < (int)N(S_FMA); l++) {
                    run("fmadd_s", fmadd_s, FPCR_SEC[k], S_FMA[i], S_FMA[j], S_FMA[l]);
                    run("fmadd_d", fmadd_d, FPCR_SEC[k], D_FMA[i], D_FMA[j], D_FMA[l]);
                }
    /* unary operations; the conversions also with AHP */
    static u64 FPCR_CV[2 * NROUND];
    for (int k = 0; k < (int)NROUND; k++) { FPCR_CV[k] = FPCR_ROUND[k]; FPCR_CV[NROUND + k] = FPCR_ROUND[k] | 1 << 26; }
#define U2(nm, fs, fd, fp, nfp) un(nm "_s", fs, S_UN, N(S_UN), fp, nfp); un(nm "_d", fd, D_UN, N(D_UN), fp, nfp);
    U2("fsqrt", fsqrt_s, fsqrt_d, FPCR_ROUND, NROUND)
    U2("frintn", frintn_s, frintn_d, FPCR_ROUND, NROUND)
    U2("frinta", frinta_s, frinta_d, FPCR_ROUND, NROUND)
    U2("frintp", frintp_s, frintp_d, FPCR_ROUND, NROUND)
    U2("frintm", frintm_s, frintm_d, FPCR_ROUND, NROUND)
    U2("frintz", frintz_s, frintz_d, FPCR_ROUND, NROUND)
    U2("frinti", frinti_s, frinti_d, FPCR_ROUND, NROUND)
    U2("frintx", frintx_s, frintx_d, FPCR_ROUND, NROUND)
    U2("frecpe", frecpe_s, frecpe_d, FPCR_ROUND, NROUND)
    U2("frsqrte", frsqrte_s, frsqrte_d, FPCR_ROUND, NROUND)
    U2("frecpx", frecpx_s, frecpx_d, FPCR_ROUND, NROUND)
    un("fcvt_sd", fcvt_sd, S_UN, N(S_UN), FPCR_CV, 2 * NROUND);
    un("fcvt_sh", fcvt_sh, S_UN, N(S_UN), FPCR_CV, 2 * NROUND);
    un("fcvt_ds", fcvt_ds, D_UN, N(D_UN), FPCR_CV, 2 * NROUND);
    un("fcvt_dh", fcvt_dh, D_UN, N(D_UN), FPCR_CV, 2 * NROUND);
    un("fcvtxn_ds", fcvtxn_ds, D_UN, N(D_UN), FPCR_CV, 2 * NROUND);
    un("fcvt_hs", fcvt_hs, H_UN, N(H_UN), FPCR_CV, 2 * NROUND);
    un("fcvt_hd", fcvt_hd, H_UN, N(H_UN), FPCR_CV, 2 * NROUND);
#define T1(nm, fn, v) un(nm, fn, v, N(v), FPCR_ROUND, NROUND);
    T1("fcvtzs_sw", fcvtzs_sw, S_UN) T1("fcvtzs_sx", fcvtzs_sx, S_UN) T1("fcvtzs_dw", fcvtzs_dw, D_UN) T1("fcvtzs_dx", fcvtzs_dx, D_UN)
    T1("fcvtzu_sw", fcvtzu_sw, S_UN) T1("fcvtzu_sx", fcvtzu_sx, S_UN) T1("fcvtzu_dw", fcvtzu_dw, D_UN) T1("fcvtzu_dx", fcvtzu_dx, D_UN)
    T1("fcvtns_sw", fcvtns_sw, S_UN) T1("fcvtns_dx", fcvtns_dx, D_UN) T1("fcvtnu_sw", fcvtnu_sw, S_UN) T1("fcvtnu_dx", fcvtnu_dx, D_UN)
    T1("fcvtas_sw", fcvtas_sw, S_UN) T1("fcvtas_dx", fcvtas_dx, D_UN) T1("fcvtau_sw", fcvtau_sw, S_UN) T1("fcvtau_dx", fcvtau_dx, D_UN)
    T1("fcvtps_sw", fcvtps_sw, S_UN) T1("fcvtps_dx", fcvtps_dx, D_UN) T1("fcvtpu_dw", fcvtpu_dw, D_UN) T1("fcvtpu_sx", fcvtpu_sx, S_UN)
    T1("fcvtms_sw", fcvtms_sw, S_UN) T1("fcvtms_dx", fcvtms_dx, D_UN) T1("fcvtmu_dw", fcvtmu_dw, D_UN) T1("fcvtmu_sx", fcvtmu_sx, S_UN)
    T1("fcvtzs_sw_f5", fcvtzs_sw_f5, S_UN) T1("fcvtzu_dx_f40", fcvtzu_dx_f40, D_UN) T1("fcvtzs_dx_f64", fcvtzs_dx_f64, D_UN)
    T1("scvtf_ws", scvtf_ws, I_UN) T1("scvtf_xs", scvtf_xs, I_UN) T1("scvtf_wd", scvtf_wd, I_UN) T1("scvtf_xd", scvtf_xd, I_UN)
    T1("ucvtf_ws", ucvtf_ws, I_UN) T1("ucvtf_xs", ucvtf_xs, I_UN) T1("ucvtf_wd", ucvtf_wd, I_UN) T1("ucvtf_xd", ucvtf_xd, I_UN)
    T1("scvtf_xd_f64", scvtf_xd_f64, I_UN) T1("ucvtf_ws_f7", ucvtf_ws_f7, I_UN)
    un("urecpe", urecpe, I_UN, N(I_UN), FPCR_ROUND, 1);
    un("ursqrte", ursqrte, I_UN, N(I_UN), FPCR_ROUND, 1);
    /* every 9-bit estimate input */
    for (u64 i = 0; i < 512; i++) {
        run("urecpe", urecpe, 0, (i << 23) | 0x5a5a5, 0, 0);
        run("ursqrte", ursqrte, 0, (i << 23) | 0x12345, 0, 0);
        run("frecpe_s", frecpe_s, 0, 0x3f000000 | (i << 14) | 0x1234, 0, 0);
        run("frsqrte_s", frsqrte_s, 0, 0x3e800000 | (i << 14) | 0x1234, 0, 0);
        run("frecpe_d", frecpe_d, 0, 0x3fe0000000000000ull | (i << 43) | 0x1234, 0, 0);
        run("frsqrte_d", frsqrte_d, 0, 0x3fd0000000000000ull | (i << 43) | 0x1234, 0, 0);
    }
    /* random operands */
    int R = 1500;
    rbin("fadd_s", fadd_s, 32, R); rbin("fadd_d", fadd_d, 64, R);
    rbin("fsub_s", fsub_s, 32, R); rbin("fsub_d", fsub_d, 64, R);
    rbin("fmul_s", fmul_s, 32, R); rbin("fmul_d", fmul_d, 64, R);
    rbin("fdiv_s", fdiv_s, 32, R); rbin("fdiv_d", fdiv_d, 64, R);
    rbin("frecps_s", frecps_s, 32, R / 2); rbin("frecps_d", frecps_d, 64, R / 2);
    rbin("frsqrts_s", frsqrts_s, 32, R / 2); rbin("frsqrts_d", frsqrts_d, 64, R / 2);
    rbin("fmaxnm_s", fmaxnm_s, 32, R / 4); rbin("fminnm_d", fminnm_d, 64, R / 4);
    rfma("fmadd_s", fmadd_s, 32, 2 * R); rfma("fmadd_d", fmadd_d, 64, 2 * R);
    run1("fsqrt_s", fsqrt_s, 32, R); run1("fsqrt_d", fsqrt_d, 64, R);
    run1("fcvt_ds", fcvt_ds, 64, R); run1("fcvt_dh", fcvt_dh, 64, R); run1("fcvt_sh", fcvt_sh, 32, R);
    run1("fcvtxn_ds", fcvtxn_ds, 64, R);
    run1("frecpe_s", frecpe_s, 32, R / 2); run1("frecpe_d", frecpe_d, 64, R / 2);
    run1("frsqrte_s", frsqrte_s, 32, R / 2); run1("frsqrte_d", frsqrte_d, 64, R / 2);
    run1("frintx_d", frintx_d, 64, R / 2); run1("frinta_s", frinta_s, 32, R / 2);
    run1("fcvtzs_dx", fcvtzs_dx, 64, R / 2); run1("fcvtzu_sw", fcvtzu_sw, 32, R / 2);
    run1("fcvtns_sw", fcvtns_sw, 32, R / 2); run1("fcvtzs_sw_f5", fcvtzs_sw_f5, 32, R / 2);
    for (int i = 0; i < R; i++) {
        u64 v = rnd() >> (rnd() % 64);
        run("scvtf_xd", scvtf_xd, rfpcr(), v, 0, 0);
        run("ucvtf_xs", ucvtf_xs, rfpcr(), v, 0, 0);
        run("scvtf_ws", scvtf_ws, rfpcr(), v & 0xffffffff, 0, 0);
    }
    return 0;
}
