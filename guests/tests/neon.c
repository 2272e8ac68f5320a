/*
 * Advanced SIMD through arm_neon.h intrinsics: saturating arithmetic and narrowing, rounding and
 * saturating shifts, doubling multiplies, widening and pairwise operations, permutes (ZIP, UZP,
 * TRN, EXT, REV), table lookups (TBL, TBX), bit operations, structure loads and stores, across-lane
 * reductions, by-element multiplies and FP estimates and conversions. Every result vector is hashed
 * together with the FPSR (QC and the FP flags); QEMU is the reference.
 */
#include <arm_neon.h>
#include "libc.h"
#include "test.h"

static uint64_t seed = 0x243f6a8885a308d3ULL;
static uint64_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static uint8_t buf[4][64];

/* Inputs with extreme lanes: random bytes, with some lanes forced to the type's limits. */
static uint8x16_t rvec(void)
{
    uint64_t lo = rnd(), hi = rnd();
    switch (rnd() & 7) {
    case 0: lo = 0x8000800080008000ULL; break;
    case 1: hi = 0x7fffffff80000000ULL; break;
    case 2: lo = 0xffffffffffffffffULL; break;
    case 3: hi = 0x7f7f80807f7f8080ULL; break;
    default: break;
    }
    return vreinterpretq_u8_u64(vcombine_u64(vcreate_u64(lo), vcreate_u64(hi)));
}

static uint64_t h = HASH_INIT;
static unsigned count;
static void add_q(uint8x16_t v)
{
    h = hmix(h, vgetq_lane_u64(vreinterpretq_u64_u8(v), 0));
    h = hmix(h, vgetq_lane_u64(vreinterpretq_u64_u8(v), 1));
    count++;
}
static void add_d(uint8x8_t v) { h = hmix(h, vget_lane_u64(vreinterpret_u64_u8(v), 0)); count++; }
static uint64_t fpsr(void) { uint64_t v; __asm__ volatile("mrs %0, fpsr" : "=r"(v)); return v; }
static void clear_fpsr(void) { __asm__ volatile("msr fpsr, %0" : : "r"(0UL)); }

#define Q8(x) vreinterpretq_u8_s8(x)
#define Q16(x) vreinterpretq_u8_s16(x)
#define QU16(x) vreinterpretq_u8_u16(x)
#define Q32(x) vreinterpretq_u8_s32(x)
#define QU32(x) vreinterpretq_u8_u32(x)
#define Q64(x) vreinterpretq_u8_s64(x)
#define QF(x) vreinterpretq_u8_f32(x)
#define QD(x) vreinterpretq_u8_f64(x)

static void group_end(const char *name)
{
    printf("%-10s n=%-4u hash=%016llx fpsr=%08llx\n", name, count, (unsigned long long)h, (unsigned long long)fpsr());
    h = HASH_INIT;
    count = 0;
    clear_fpsr();
}

#define ITER 40

static void saturating(void)
{
    for (int k = 0; k < ITER; k++) {
        int8x16_t a = vreinterpretq_s8_u8(rvec()), b = vreinterpretq_s8_u8(rvec());
        int16x8_t a16 = vreinterpretq_s16_s8(a), b16 = vreinterpretq_s16_s8(b);
        int32x4_t a32 = vreinterpretq_s32_s8(a), b32 = vreinterpretq_s32_s8(b);
        add_q(Q8(vqaddq_s8(a, b)));
        add_q(vqsubq_u8(vreinterpretq_u8_s8(a), vreinterpretq_u8_s8(b)));
        add_q(Q16(vqdmulhq_s16(a16, b16)));
        add_q(Q32(vqrdmulhq_s32(a32, b32)));
        add_q(Q32(vqdmull_s16(vget_low_s16(a16), vget_high_s16(b16))));
        add_q(Q8(vqabsq_s8(a)));
        add_q(Q8(vqnegq_s8(b)));
        add_d(vreinterpret_u8_s8(vqmovn_s16(a16)));
        add_d(vqmovun_s16(b16));
        add_d(vreinterpret_u8_u16(vqmovn_u32(vreinterpretq_u32_s32(a32))));
        add_q(Q32(vqshlq_s32(a32, vreinterpretq_s32_s8(vandq_s8(b, vdupq_n_s8(0x8f))))));
        add_q(Q16(vqrshlq_s16(a16, vreinterpretq_s16_s8(vandq_s8(b, vdupq_n_s8(0x9f))))));
        add_q(Q16(vqshlq_n_s16(a16, 9)));
        add_q(QU16(vqshluq_n_s16(b16, 3)));
        add_d(vreinterpret_u8_s8(vqrshrn_n_s16(a16, 3)));
        add_d(vqrshrun_n_s16(b16, 5));
        add_q(Q8(vuqaddq_s8(a, vreinterpretq_u8_s8(b))));
        add_q(Q32(vqdmlal_s16(a32, vget_low_s16(a16), vget_low_s16(b16))));
        add_q(Q16(vqdmulhq_laneq_s16(a16, b16, 7)));
    }
    group_end("saturate");
}

static void shifts_and_widening(void)
{
    for (int k = 0; k < ITER; k++) {
        int8x16_t a = vreinterpretq_s8_u8(rvec()), b = vreinterpretq_s8_u8(rvec());
        int16x8_t a16 = vreinterpretq_s16_s8(a), b16 = vreinterpretq_s16_s8(b);
        uint32x4_t ua32 = vreinterpretq_u32_s8(a);
        int64x2_t a64 = vreinterpretq_s64_s8(a);
        add_q(Q16(vrshrq_n_s16(a16, 4)));
        add_q(QU32(vrsraq_n_u32(ua32, vreinterpretq_u32_s8(b), 31)));
        add_q(Q16(vsraq_n_s16(a16, b16, 1)));
        add_q(Q64(vshlq_s64(a64, vreinterpretq_s64_s8(b))));
        add_q(Q64(vrshlq_s64(a64, vreinterpretq_s64_s8(vandq_s8(b, vdupq_n_s8(0xc7))))));
        add_q(Q8(vsliq_n_s8(a, b, 3)));
        add_q(QU32(vsriq_n_u32(ua32, vreinterpretq_u32_s8(b), 17)));
        add_q(Q32(vshll_n_s16(vget_low_s16(a16), 16)));
        add_q(Q16(vmovl_s8(vget_high_s8(b))));
        add_d(vreinterpret_u8_s8(vshrn_n_s16(a16, 5)));
        add_d(vreinterpret_u8_s8(vrshrn_n_s16(b16, 8)));
        add_q(Q32(vmull_s16(vget_low_s16(a16), vget_low_s16(b16))));
        add_q(QU16(vmull_u8(vget_high_u8(vreinterpretq_u8_s8(a)), vget_low_u8(vreinterpretq_u8_s8(b)))));
        add_q(vreinterpretq_u8_p16(vmull_p8(vget_low_p8(vreinterpretq_p8_s8(a)), vget_low_p8(vreinterpretq_p8_s8(b)))));
        add_q(Q16(vaddl_s8(vget_low_s8(a), vget_low_s8(b))));
        add_q(Q16(vsubw_s8(a16, vget_high_s8(b))));
        add_q(Q16(vabdl_s8(vget_low_s8(a), vget_high_s8(b))));
        add_q(Q16(vpaddlq_s8(a)));
        add_q(Q32(vpadalq_s16(vreinterpretq_s32_s8(b), a16)));
        add_q(Q8(vpaddq_s8(a, b)));
        add_q(Q8(vpmaxq_s8(a, b)));
        add_d(vreinterpret_u8_s8(vaddhn_s16(a16, b16)));
        add_d(vreinterpret_u8_s8(vrsubhn_s16(a16, b16)));
        add_q(Q16(vhaddq_s16(a16, b16)));
        add_q(Q16(vrhaddq_s16(a16, b16)));
        add_q(Q16(vhsubq_s16(a16, b16)));
        add_q(Q16(vmlaq_laneq_s16(a16, b16, a16, 3)));
        add_q(Q32(vmlsl_high_s16(vreinterpretq_s32_s8(a), a16, b16)));
        add_q(Q16(vmulq_s16(a16, b16)));
        add_q(Q8(vmlsq_s8(a, b, a)));
    }
    group_end("shiftwide");
}

static void permutes(void)
{
    for (int k = 0; k < ITER; k++) {
        uint8x16_t a = rvec(), b = rvec(), idx = vandq_u8(rvec(), vdupq_n_u8(0x3f));
        uint8x16x2_t t2 = {{a, b}};
        uint8x16x4_t t4 = {{a, b, vrev64q_u8(a), veorq_u8(a, b)}};
        add_q(vzip1q_u8(a, b));
        add_q(vzip2q_u8(a, b));
        add_q(vreinterpretq_u8_u16(vuzp1q_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b))));
        add_q(vreinterpretq_u8_u32(vuzp2q_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b))));
        add_q(vtrn1q_u8(a, b));
        add_q(vreinterpretq_u8_u64(vtrn2q_u64(vreinterpretq_u64_u8(a), vreinterpretq_u64_u8(b))));
        add_q(vextq_u8(a, b, 5));
        add_d(vext_u8(vget_low_u8(a), vget_high_u8(b), 7));
        add_q(vrev16q_u8(a));
        add_q(vrev32q_u8(b));
        add_q(vreinterpretq_u8_u16(vrev64q_u16(vreinterpretq_u16_u8(a))));
        add_q(vqtbl1q_u8(a, vandq_u8(idx, vdupq_n_u8(0x1f))));
        add_q(vqtbl2q_u8(t2, idx));
        add_q(vqtbl4q_u8(t4, vaddq_u8(idx, idx)));
        add_q(vqtbx1q_u8(b, a, idx));
        add_q(vqtbx4q_u8(a, t4, vshlq_n_u8(idx, 1)));
        add_d(vtbl1_u8(vget_low_u8(a), vget_low_u8(vandq_u8(idx, vdupq_n_u8(15)))));
        add_q(vdupq_laneq_u8(a, 13));
        add_q(vreinterpretq_u8_u32(vdupq_n_u32((uint32_t)rnd())));
        add_q(vcopyq_laneq_u8(a, 3, b, 14));
        add_q(vreinterpretq_u8_u64(vsetq_lane_u64(rnd(), vreinterpretq_u64_u8(a), 1)));
        add_q(vbslq_u8(idx, a, b));
        add_q(vbicq_u8(a, b));
        add_q(vornq_u8(a, b));
        add_q(vcntq_u8(a));
        add_q(vclzq_u8(b));
        add_q(vreinterpretq_u8_s16(vclsq_s16(vreinterpretq_s16_u8(a))));
        add_q(vrbitq_u8(a));
        add_q(vmvnq_u8(b));
        add_q(vtstq_u8(a, b));
        add_q(vreinterpretq_u8_u64(vceqzq_s64(vreinterpretq_s64_u8(vandq_u8(a, idx)))));
        add_q(vreinterpretq_u8_u16(vcgtq_s16(vreinterpretq_s16_u8(a), vreinterpretq_s16_u8(b))));
        add_q(vcleq_u8(a, b));
        /* Lane moves to general registers (UMOV, SMOV). */
        h = hmix(h, (uint64_t)vgetq_lane_s8(vreinterpretq_s8_u8(a), 9));
        h = hmix(h, vgetq_lane_u16(vreinterpretq_u16_u8(b), 5));
        h = hmix(h, (uint64_t)(int64_t)vgetq_lane_s32(vreinterpretq_s32_u8(a), 3));
        /* Across lanes. */
        h = hmix(h, vaddvq_u8(a));
        h = hmix(h, (uint64_t)vaddlvq_s16(vreinterpretq_s16_u8(b)));
        h = hmix(h, vmaxvq_u32(vreinterpretq_u32_u8(a)));
        h = hmix(h, (uint64_t)vminvq_s8(vreinterpretq_s8_u8(b)));
    }
    group_end("permute");
}

static void structures(void)
{
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 64; j++) buf[i][j] = (uint8_t)rnd();
    for (int k = 0; k < 8; k++) {
        uint8x16x2_t l2 = vld2q_u8(buf[k & 3]);
        uint16x8x3_t l3 = vld3q_u16((const uint16_t *)buf[(k + 1) & 3]);
        uint32x4x4_t l4 = vld4q_u32((const uint32_t *)buf[(k + 2) & 3]);
        uint8x16_t r = vld1q_dup_u8(&buf[k][k + 3]);
        add_q(l2.val[0]); add_q(l2.val[1]);
        add_q(vreinterpretq_u8_u16(l3.val[0])); add_q(vreinterpretq_u8_u16(l3.val[2]));
        add_q(vreinterpretq_u8_u32(l4.val[1])); add_q(vreinterpretq_u8_u32(l4.val[3]));
        add_q(r);
        uint16x4x2_t lane = vld2_lane_u16((const uint16_t *)&buf[3][8], vld2_u16((const uint16_t *)buf[2]), 2);
        add_d(vreinterpret_u8_u16(lane.val[0])); add_d(vreinterpret_u8_u16(lane.val[1]));
        vst3q_u16((uint16_t *)buf[(k + 3) & 3], l3);
        vst4_u8(buf[k & 3] + 32, (uint8x8x4_t){{vget_low_u8(l2.val[0]), vget_high_u8(l2.val[1]), vget_low_u8(r),
                                                  vget_high_u8(l2.val[0])}});
        vst1q_lane_u32((uint32_t *)&buf[1][4 * k], l4.val[2], 3);
        vst2q_u8(buf[(k + 2) & 3], l2);
    }
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 64; j += 16) add_q(vld1q_u8(&buf[i][j]));
    group_end("struct");
}

static const uint32_t fspecial[] = {0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00001, 0x00000001,
                                    0x00800000, 0x7f7fffff, 0x4f000000, 0xcf000000, 0x3f000000, 0x3fc00000, 0x40200000};

static float32x4_t rfvec(void)
{
    uint32_t l[4];
    for (int i = 0; i < 4; i++) {
        uint64_t r = rnd();
        l[i] = (r & 3) == 0 ? fspecial[(r >> 2) % 14] : (uint32_t)(r >> 32) % 0x20000000u + 0x30000000u;
        if (r & 0x10000) l[i] ^= 0x80000000u;
    }
    return vreinterpretq_f32_u32(vld1q_u32(l));
}

static void fp(void)
{
    for (int k = 0; k < ITER; k++) {
        float32x4_t a = rfvec(), b = rfvec(), c = rfvec();
        float64x2_t da = vcvt_f64_f32(vget_low_f32(a)), db = vcvt_high_f64_f32(b);
        add_q(QF(vfmaq_f32(c, a, b)));
        add_q(QF(vfmsq_laneq_f32(c, a, b, 2)));
        add_q(QF(vmulxq_f32(a, b)));
        add_q(QF(vmulq_lane_f32(a, vget_high_f32(b), 1)));
        add_q(QF(vdivq_f32(a, b)));
        add_q(QF(vsqrtq_f32(a)));
        add_q(QF(vrecpeq_f32(a)));
        add_q(QF(vrsqrteq_f32(b)));
        add_q(QF(vrecpsq_f32(a, b)));
        add_q(QF(vrsqrtsq_f32(a, b)));
        add_q(QU32(vrecpeq_u32(vreinterpretq_u32_f32(a))));
        add_q(QU32(vrsqrteq_u32(vreinterpretq_u32_f32(b))));
        add_q(QF(vpaddq_f32(a, b)));
        add_q(QF(vmaxnmq_f32(a, b)));
        add_q(QF(vminq_f32(a, b)));
        add_q(QF(vpmaxnmq_f32(a, b)));
        add_q(QF(vabdq_f32(a, b)));
        add_q(QU32(vcageq_f32(a, b)));
        add_q(QU32(vcltzq_f32(a)));
        add_q(QU32(vceqq_f32(a, b)));
        add_q(Q32(vcvtq_s32_f32(a)));
        add_q(QU32(vcvtq_u32_f32(b)));
        add_q(Q32(vcvtnq_s32_f32(a)));
        add_q(Q32(vcvtaq_s32_f32(b)));
        add_q(Q32(vcvtmq_s32_f32(c)));
        add_q(Q32(vcvtq_n_s32_f32(a, 12)));
        add_q(QF(vcvtq_n_f32_u32(vreinterpretq_u32_f32(b), 3)));
        add_q(QF(vcvtq_f32_s32(vreinterpretq_s32_f32(c))));
        add_q(QF(vrndnq_f32(a)));
        add_q(QF(vrndxq_f32(b)));
        add_q(QF(vrndaq_f32(c)));
        add_q(QF(vrndiq_f32(a)));
        add_q(QF(vcvtx_high_f32_f64(vget_low_f32(a), da)));
        add_d(vreinterpret_u8_f16(vcvt_f16_f32(b)));
        add_q(QF(vcvt_f32_f16(vreinterpret_f16_f32(vget_high_f32(c)))));
        add_q(QD(vaddq_f64(da, db)));
        add_q(QD(vfmaq_laneq_f64(da, db, da, 1)));
        add_q(QD(vrndmq_f64(db)));
        add_q(Q64(vcvtq_s64_f64(db)));
        add_q(QF(vcvt_high_f32_f64(vget_low_f32(a), db)));
        h = hmix(h, (uint64_t)vreinterpret_u32_f32(vdup_n_f32(vmaxnmvq_f32(a)))[0]);
        h = hmix(h, (uint64_t)vreinterpret_u32_f32(vdup_n_f32(vminvq_f32(b)))[0]);
        h = hmix(h, vreinterpret_u64_f64(vdup_n_f64(vpaddd_f64(db)))[0]);
    }
    group_end("fp");
}

int main(void)
{
    static const uint64_t fpcrs[] = {0, 1u << 22, 3u << 22, 1u << 24, 1u << 25};
    /* A known answer: saturating add of 100 + 100 in int8 lanes is 127 and sets FPSR.QC. */
    clear_fpsr();
    int8x16_t hundred = vdupq_n_s8(100);
    __asm__ volatile("" : "+w"(hundred));
    int8x16_t s = vqaddq_s8(hundred, hundred);
    check_eq("sqadd", (uint64_t)vgetq_lane_s8(s, 0), 127);
    check_eq("QC", fpsr() >> 27 & 1, 1);
    clear_fpsr();
    for (unsigned m = 0; m < sizeof fpcrs / sizeof fpcrs[0]; m++) {
        __asm__ volatile("msr fpcr, %0" : : "r"(fpcrs[m]));
        printf("fpcr %08llx\n", (unsigned long long)fpcrs[m]);
        saturating();
        shifts_and_widening();
        permutes();
        structures();
        fp();
    }
    __asm__ volatile("msr fpcr, %0" : : "r"(0UL));
    return test_finish("neon");
}
