/*
 * The Cryptographic Extension (built with -march=armv8-a+crypto): AESE/AESD/AESMC/AESIMC on the
 * FIPS-197 AES-128 example (encrypt and decrypt), SHA1C/P/M/H and SHA1SU0/SU1 on SHA-1("abc"),
 * SHA256H/H2/SU0/SU1 on SHA-256("abc"), PMULL/PMULL2 on 64-bit polynomials; then every
 * instruction on random inputs, hashed (QEMU is the reference for those).
 */
#include <arm_neon.h>
#include "libc.h"
#include "test.h"

static uint8_t sbox[256];

static uint8_t gmul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1) r ^= a;
        a = (uint8_t)(a << 1) ^ (a & 0x80 ? 0x1b : 0);
        b >>= 1;
    }
    return r;
}

/* The AES S-box from its definition: the affine map of the GF(2^8) inverse. */
static void make_sbox(void)
{
    for (int x = 0; x < 256; x++) {
        uint8_t inv = 0;
        for (int y = 1; y < 256 && x; y++)
            if (gmul((uint8_t)x, (uint8_t)y) == 1) { inv = (uint8_t)y; break; }
        uint8_t s = inv;
        for (int k = 1; k <= 4; k++) s ^= (uint8_t)(inv << k | inv >> (8 - k));
        sbox[x] = s ^ 0x63;
    }
}

static void expand_key(const uint8_t key[16], uint8_t rk[11][16])
{
    uint8_t rcon = 1;
    __builtin_memcpy(rk[0], key, 16);
    for (int r = 1; r <= 10; r++) {
        uint8_t t[4] = {sbox[rk[r - 1][13]], sbox[rk[r - 1][14]], sbox[rk[r - 1][15]], sbox[rk[r - 1][12]]};
        t[0] ^= rcon;
        rcon = gmul(rcon, 2);
        for (int i = 0; i < 16; i++) {
            rk[r][i] = rk[r - 1][i] ^ (i < 4 ? t[i] : rk[r][i - 4]);
        }
    }
}

static uint8x16_t aes_encrypt(uint8x16_t s, uint8_t rk[11][16])
{
    for (int r = 0; r < 9; r++) s = vaesmcq_u8(vaeseq_u8(s, vld1q_u8(rk[r])));
    return veorq_u8(vaeseq_u8(s, vld1q_u8(rk[9])), vld1q_u8(rk[10]));
}

static uint8x16_t aes_decrypt(uint8x16_t s, uint8_t rk[11][16])
{
    /* The equivalent inverse cipher: round keys 9..1 through InvMixColumns. */
    s = vaesimcq_u8(vaesdq_u8(s, vld1q_u8(rk[10])));
    for (int r = 9; r > 1; r--) s = vaesimcq_u8(vaesdq_u8(s, vaesimcq_u8(vld1q_u8(rk[r]))));
    return veorq_u8(vaesdq_u8(s, vaesimcq_u8(vld1q_u8(rk[1]))), vld1q_u8(rk[0]));
}

static uint64_t lane(uint8x16_t v, int i) { return vgetq_lane_u64(vreinterpretq_u64_u8(v), i); }

/* SHA-1 of one padded block. */
static void sha1_block(uint32_t st[5], const uint8_t block[64])
{
    static const uint32_t K[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    uint32x4_t w[20], abcd = vld1q_u32(st), abcd0 = abcd;
    uint32_t e = st[4], e0 = e;
    for (int i = 0; i < 4; i++) w[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(block + 16 * i)));
    for (int i = 4; i < 20; i++) w[i] = vsha1su1q_u32(vsha1su0q_u32(w[i - 4], w[i - 3], w[i - 2]), w[i - 1]);
    for (int i = 0; i < 20; i++) {
        uint32x4_t wk = vaddq_u32(w[i], vdupq_n_u32(K[i / 5]));
        uint32_t en = vsha1h_u32(vgetq_lane_u32(abcd, 0));
        if (i < 5) abcd = vsha1cq_u32(abcd, e, wk);
        else if (i < 10 || i >= 15) abcd = vsha1pq_u32(abcd, e, wk);
        else abcd = vsha1mq_u32(abcd, e, wk);
        e = en;
    }
    vst1q_u32(st, vaddq_u32(abcd, abcd0));
    st[4] = e + e0;
}

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_block(uint32_t st[8], const uint8_t block[64])
{
    uint32x4_t w[16], s0 = vld1q_u32(st), s1 = vld1q_u32(st + 4), a0 = s0, a1 = s1;
    for (int i = 0; i < 4; i++) w[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(block + 16 * i)));
    for (int i = 4; i < 16; i++) w[i] = vsha256su1q_u32(vsha256su0q_u32(w[i - 4], w[i - 3]), w[i - 2], w[i - 1]);
    for (int i = 0; i < 16; i++) {
        uint32x4_t wk = vaddq_u32(w[i], vld1q_u32(K256 + 4 * i)), t = s0;
        s0 = vsha256hq_u32(s0, s1, wk);
        s1 = vsha256h2q_u32(s1, t, wk);
    }
    vst1q_u32(st, vaddq_u32(s0, a0));
    vst1q_u32(st + 4, vaddq_u32(s1, a1));
}

static uint64_t seed = 0x452821e638d01377ULL;
static uint64_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}
static uint8x16_t rvec(void) { return vreinterpretq_u8_u64(vcombine_u64(vcreate_u64(rnd()), vcreate_u64(rnd()))); }
static uint32x4_t rvec32(void) { return vreinterpretq_u32_u8(rvec()); }

int main(void)
{
    make_sbox();
    check_eq("sbox[0x53]", sbox[0x53], 0xed);

    /* FIPS-197 appendix C.1. */
    static const uint8_t key[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    static const uint8_t pt[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    static uint8_t rk[11][16];
    expand_key(key, rk);
    uint8x16_t ct = aes_encrypt(vld1q_u8(pt), rk);
    printf("aes128 ct %016llx %016llx\n", (unsigned long long)lane(ct, 0), (unsigned long long)lane(ct, 1));
    check_eq("aes ct lo", lane(ct, 0), 0x30047b6ad8e0c469ULL);
    check_eq("aes ct hi", lane(ct, 1), 0x5ac5b47080b7cdd8ULL);
    uint8x16_t back = aes_decrypt(ct, rk);
    check_eq("aes pt lo", lane(back, 0), 0x7766554433221100ULL);
    check_eq("aes pt hi", lane(back, 1), 0xffeeddccbbaa9988ULL);

    static uint8_t block[64] = {'a', 'b', 'c', 0x80};
    block[63] = 24;
    uint32_t s1[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    sha1_block(s1, block);
    printf("sha1 %08x%08x%08x%08x%08x\n", s1[0], s1[1], s1[2], s1[3], s1[4]);
    check_eq("sha1 0", s1[0], 0xa9993e36);
    check_eq("sha1 4", s1[4], 0x9cd0d89d);
    uint32_t s2[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    sha256_block(s2, block);
    printf("sha256 %08x%08x%08x%08x%08x%08x%08x%08x\n", s2[0], s2[1], s2[2], s2[3], s2[4], s2[5], s2[6], s2[7]);
    check_eq("sha256 0", s2[0], 0xba7816bf);
    check_eq("sha256 7", s2[7], 0xf20015ad);

    poly128_t p = vmull_p64(0x8000000000000001ULL, 0xffffffffffffffffULL);
    uint8x16_t pv = vreinterpretq_u8_p128(p);
    check_eq("pmull lo", lane(pv, 0), 0x7fffffffffffffffULL);
    check_eq("pmull hi", lane(pv, 1), 0x7fffffffffffffffULL);
    poly64x2_t pa = vreinterpretq_p64_u64(vcombine_u64(vcreate_u64(1), vcreate_u64(0x123456789abcdef0ULL)));
    poly64x2_t pb = vreinterpretq_p64_u64(vcombine_u64(vcreate_u64(2), vcreate_u64(0xfedcba9876543210ULL)));
    pv = vreinterpretq_u8_p128(vmull_high_p64(pa, pb));
    check_eq("pmull2 lo", lane(pv, 0), 0xa0789828c810f00ULL);
    check_eq("pmull2 hi", lane(pv, 1), 0xe038d8688850b04ULL);

    /* Random inputs: every instruction, results hashed. */
    uint64_t h = HASH_INIT;
    for (int k = 0; k < 500; k++) {
        uint8x16_t a = rvec(), b = rvec();
        uint32x4_t x = rvec32(), y = rvec32(), z = rvec32();
        uint32_t e = (uint32_t)rnd();
        uint8x16_t r[] = {
            vaeseq_u8(a, b), vaesdq_u8(a, b), vaesmcq_u8(a), vaesimcq_u8(b),
            vreinterpretq_u8_u32(vsha1cq_u32(x, e, y)), vreinterpretq_u8_u32(vsha1pq_u32(x, e, y)),
            vreinterpretq_u8_u32(vsha1mq_u32(x, e, y)), vreinterpretq_u8_u32(vsha1su0q_u32(x, y, z)),
            vreinterpretq_u8_u32(vsha1su1q_u32(x, y)), vreinterpretq_u8_u32(vsha256hq_u32(x, y, z)),
            vreinterpretq_u8_u32(vsha256h2q_u32(x, y, z)), vreinterpretq_u8_u32(vsha256su0q_u32(x, y)),
            vreinterpretq_u8_u32(vsha256su1q_u32(x, y, z)),
            vreinterpretq_u8_p128(vmull_p64((poly64_t)rnd(), (poly64_t)rnd())),
            vreinterpretq_u8_p128(vmull_high_p64(vreinterpretq_p64_u8(a), vreinterpretq_p64_u8(b))),
        };
        for (unsigned i = 0; i < sizeof r / sizeof r[0]; i++) h = hmix(hmix(h, lane(r[i], 0)), lane(r[i], 1));
        h = hmix(h, vsha1h_u32(e));
    }
    printf("random %016llx\n", (unsigned long long)h);
    return test_finish("crypto");
}
