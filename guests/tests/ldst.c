/* Load/store addressing modes.  All accesses are naturally aligned (the MMU
 * is off, so unaligned accesses would fault). */
#include "libc.h"
#include "test.h"

#define MEMSZ 2048
static uint8_t mem[MEMSZ] __attribute__((aligned(64)));   /* load source */
static uint8_t smem[MEMSZ] __attribute__((aligned(64)));  /* store target */
static uint8_t emem[MEMSZ] __attribute__((aligned(64)));  /* expected store target */

static uint64_t rd(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void wr(uint8_t *p, unsigned size, uint64_t v)
{
    for (unsigned i = 0; i < size; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t sext(uint64_t v, unsigned bits)
{
    v &= (1ULL << bits) - 1;
    if (v >> (bits - 1))
        v |= ~0ULL << bits;
    return v;
}

/* Sign-extended loads: into x (64) or w (32, upper half zero). */
static uint64_t sx64(const uint8_t *p, unsigned size) { return sext(rd(p, size), size * 8); }
static uint64_t sx32(const uint8_t *p, unsigned size) { return sext(rd(p, size), size * 8) & 0xffffffffULL; }

static uint64_t group_hash;
static char msg[80];

static void chk(const char *grp, const char *what, unsigned k, uint64_t got, uint64_t exp)
{
    group_hash = hmix(group_hash, got);
    if (got != exp) {
        snprintf(msg, sizeof msg, "%s %s k=%u", grp, what, k);
        check_eq(msg, got, exp);
    }
}

static void show(const char *grp, const uint64_t *v, unsigned n)
{
    printf("%s:", grp);
    for (unsigned i = 0; i < n; i++)
        printf("%s%016llx", (i && i % 4 == 0) ? "\n    " : " ", (unsigned long long)v[i]);
    printf("\n");
}

static void group_begin(void)
{
    group_hash = HASH_INIT;
}

static void group_end(const char *grp)
{
    printf("%s: hash=%016llx\n", grp, (unsigned long long)group_hash);
}

/* ------------------------------------------------------------------------ */

static void test_unsigned_offset(void)
{
    uint64_t r[12];

    group_begin();
    for (unsigned k = 0; k < 16; k++) {
        uint8_t *p = mem + 512 + 8 * k;
        __asm__ volatile(
            "ldrb  %w[r0], [%[p], #5]\n\t"
            "ldrh  %w[r1], [%[p], #6]\n\t"
            "ldr   %w[r2], [%[p], #12]\n\t"
            "ldr   %[r3], [%[p], #16]\n\t"
            "ldrsb %w[r4], [%[p], #1]\n\t"
            "ldrsb %[r5], [%[p], #2]\n\t"
            "ldrsh %w[r6], [%[p], #10]\n\t"
            "ldrsh %[r7], [%[p], #14]\n\t"
            "ldrsw %[r8], [%[p], #20]\n\t"
            "ldr   %[r9], [%[p]]\n\t"
            "ldrb  %w[r10], [%[p], #255]\n\t"
            "ldr   %[r11], [%[p], #1016]\n\t"
            : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
              [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
              [r8] "=&r"(r[8]), [r9] "=&r"(r[9]), [r10] "=&r"(r[10]), [r11] "=&r"(r[11])
            : [p] "r"(p)
            : "memory");
        if (k == 0)
            show("uoff", r, 12);
        chk("uoff", "ldrb", k, r[0], rd(p + 5, 1));
        chk("uoff", "ldrh", k, r[1], rd(p + 6, 2));
        chk("uoff", "ldr w", k, r[2], rd(p + 12, 4));
        chk("uoff", "ldr x", k, r[3], rd(p + 16, 8));
        chk("uoff", "ldrsb w", k, r[4], sx32(p + 1, 1));
        chk("uoff", "ldrsb x", k, r[5], sx64(p + 2, 1));
        chk("uoff", "ldrsh w", k, r[6], sx32(p + 10, 2));
        chk("uoff", "ldrsh x", k, r[7], sx64(p + 14, 2));
        chk("uoff", "ldrsw", k, r[8], sx64(p + 20, 4));
        chk("uoff", "ldr x [p]", k, r[9], rd(p, 8));
        chk("uoff", "ldrb #255", k, r[10], rd(p + 255, 1));
        chk("uoff", "ldr x #1016", k, r[11], rd(p + 1016, 8));
    }
    /* Maximum scaled offsets (base below the buffer). */
    {
        uintptr_t p = (uintptr_t)(mem + 1000);
        uintptr_t b0 = p - 4095, b1 = p - 8190, b2 = p - 16380, b3 = p - 32760;
        __asm__ volatile(
            "ldrb %w[r0], [%[b0], #4095]\n\t"
            "ldrh %w[r1], [%[b1], #8190]\n\t"
            "ldr  %w[r2], [%[b2], #16380]\n\t"
            "ldr  %[r3], [%[b3], #32760]\n\t"
            "ldrsh %[r4], [%[b1], #8190]\n\t"
            "ldrsw %[r5], [%[b2], #16380]\n\t"
            : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
              [r4] "=&r"(r[4]), [r5] "=&r"(r[5])
            : [b0] "r"(b0), [b1] "r"(b1), [b2] "r"(b2), [b3] "r"(b3)
            : "memory");
        show("maxoff", r, 6);
        chk("maxoff", "ldrb #4095", 0, r[0], rd(mem + 1000, 1));
        chk("maxoff", "ldrh #8190", 0, r[1], rd(mem + 1000, 2));
        chk("maxoff", "ldr w #16380", 0, r[2], rd(mem + 1000, 4));
        chk("maxoff", "ldr x #32760", 0, r[3], rd(mem + 1000, 8));
        chk("maxoff", "ldrsh x #8190", 0, r[4], sx64(mem + 1000, 2));
        chk("maxoff", "ldrsw #16380", 0, r[5], sx64(mem + 1000, 4));
    }
    group_end("uoff");
}

static void test_unscaled(void)
{
    uint64_t r[12];

    group_begin();
    for (unsigned k = 0; k < 16; k++) {
        uint8_t *p = mem + 1024 + 8 * k;
        __asm__ volatile(
            "ldurb  %w[r0], [%[p], #-1]\n\t"
            "ldurh  %w[r1], [%[p], #-2]\n\t"
            "ldur   %w[r2], [%[p], #-4]\n\t"
            "ldur   %[r3], [%[p], #-8]\n\t"
            "ldursb %w[r4], [%[p], #-3]\n\t"
            "ldursb %[r5], [%[p], #-5]\n\t"
            "ldursh %w[r6], [%[p], #-6]\n\t"
            "ldursh %[r7], [%[p], #-10]\n\t"
            "ldursw %[r8], [%[p], #-12]\n\t"
            "ldur   %[r9], [%[p], #-256]\n\t"
            "ldur   %[r10], [%[p], #248]\n\t"
            "ldurb  %w[r11], [%[p], #255]\n\t"
            : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
              [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
              [r8] "=&r"(r[8]), [r9] "=&r"(r[9]), [r10] "=&r"(r[10]), [r11] "=&r"(r[11])
            : [p] "r"(p)
            : "memory");
        if (k == 0)
            show("unscaled", r, 12);
        chk("unscaled", "ldurb", k, r[0], rd(p - 1, 1));
        chk("unscaled", "ldurh", k, r[1], rd(p - 2, 2));
        chk("unscaled", "ldur w", k, r[2], rd(p - 4, 4));
        chk("unscaled", "ldur x", k, r[3], rd(p - 8, 8));
        chk("unscaled", "ldursb w", k, r[4], sx32(p - 3, 1));
        chk("unscaled", "ldursb x", k, r[5], sx64(p - 5, 1));
        chk("unscaled", "ldursh w", k, r[6], sx32(p - 6, 2));
        chk("unscaled", "ldursh x", k, r[7], sx64(p - 10, 2));
        chk("unscaled", "ldursw", k, r[8], sx64(p - 12, 4));
        chk("unscaled", "ldur #-256", k, r[9], rd(p - 256, 8));
        chk("unscaled", "ldur #248", k, r[10], rd(p + 248, 8));
        chk("unscaled", "ldurb #255", k, r[11], rd(p + 255, 1));
    }
    group_end("unscaled");
}

static void test_index(void)
{
    uint64_t r[10], q[10];

    group_begin();
    for (unsigned k = 0; k < 16; k++) {
        uint8_t *p = mem + 1024 + 16 * k;
        uintptr_t b[10];
        for (unsigned i = 0; i < 10; i++)
            b[i] = (uintptr_t)p;
        __asm__ volatile(
            "ldr   %[r0], [%[b0], #8]!\n\t"
            "ldrb  %w[r1], [%[b1], #-1]!\n\t"
            "ldrsh %[r2], [%[b2], #2]!\n\t"
            "ldr   %w[r3], [%[b3], #-256]!\n\t"
            "ldrsb %w[r4], [%[b4], #255]!\n\t"
            "ldr   %[r5], [%[b5]], #16\n\t"
            "ldrh  %w[r6], [%[b6]], #-2\n\t"
            "ldrsw %[r7], [%[b7]], #4\n\t"
            "ldrsb %w[r8], [%[b8]], #255\n\t"
            "ldrsh %w[r9], [%[b9]], #-256\n\t"
            : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
              [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
              [r8] "=&r"(r[8]), [r9] "=&r"(r[9]),
              [b0] "+r"(b[0]), [b1] "+r"(b[1]), [b2] "+r"(b[2]), [b3] "+r"(b[3]),
              [b4] "+r"(b[4]), [b5] "+r"(b[5]), [b6] "+r"(b[6]), [b7] "+r"(b[7]),
              [b8] "+r"(b[8]), [b9] "+r"(b[9])
            :
            : "memory");
        for (unsigned i = 0; i < 10; i++)
            q[i] = b[i] - (uintptr_t)p;
        if (k == 0) {
            show("index", r, 10);
            show("index wb", q, 10);
        }
        uintptr_t P = (uintptr_t)p;
        chk("index", "pre ldr x", k, r[0], rd(p + 8, 8));
        chk("index", "pre ldr x wb", k, b[0], P + 8);
        chk("index", "pre ldrb", k, r[1], rd(p - 1, 1));
        chk("index", "pre ldrb wb", k, b[1], P - 1);
        chk("index", "pre ldrsh", k, r[2], sx64(p + 2, 2));
        chk("index", "pre ldrsh wb", k, b[2], P + 2);
        chk("index", "pre ldr w", k, r[3], rd(p - 256, 4));
        chk("index", "pre ldr w wb", k, b[3], P - 256);
        chk("index", "pre ldrsb w", k, r[4], sx32(p + 255, 1));
        chk("index", "pre ldrsb w wb", k, b[4], P + 255);
        chk("index", "post ldr x", k, r[5], rd(p, 8));
        chk("index", "post ldr x wb", k, b[5], P + 16);
        chk("index", "post ldrh", k, r[6], rd(p, 2));
        chk("index", "post ldrh wb", k, b[6], P - 2);
        chk("index", "post ldrsw", k, r[7], sx64(p, 4));
        chk("index", "post ldrsw wb", k, b[7], P + 4);
        chk("index", "post ldrsb w", k, r[8], sx32(p, 1));
        chk("index", "post ldrsb w wb", k, b[8], P + 255);
        chk("index", "post ldrsh w", k, r[9], sx32(p, 2));
        chk("index", "post ldrsh w wb", k, b[9], P - 256);
    }
    group_end("index");
}

static void test_regoff(void)
{
    uint64_t r[16];

    group_begin();
    for (unsigned k = 0; k < 16; k++) {
        uint8_t *p = mem + 1024 + 8 * k;
        uint64_t idx = 3 + k;                                  /* 64-bit index */
        uint64_t widx = 0x1234567800000000ULL + 2 + k;         /* w index, garbage upper */
        uint64_t w8i = 0xabcdef0100000000ULL + 8 * k;          /* w byte offset, 8-aligned */
        uint64_t wneg = 0xdeadbeef00000000ULL | (uint32_t)(-(int32_t)(2 + k)); /* w = -(2+k) */
        uint64_t xneg = (uint64_t)-(int64_t)(8 + 8 * k);       /* 64-bit negative */
        __asm__ volatile(
            "ldr   %[r0], [%[p], %[idx], lsl #3]\n\t"
            "ldr   %[r1], [%[p], %w[widx], uxtw #3]\n\t"
            "ldr   %[r2], [%[p], %w[wneg], sxtw #3]\n\t"
            "ldr   %[r3], [%[p], %[xneg], sxtx #3]\n\t"
            "ldr   %[r4], [%[p], %[xneg]]\n\t"
            "ldr   %w[r5], [%[p], %[idx], lsl #2]\n\t"
            "ldr   %w[r6], [%[p], %w[wneg], sxtw #2]\n\t"
            "ldrh  %w[r7], [%[p], %[idx], lsl #1]\n\t"
            "ldrsh %[r8], [%[p], %w[wneg], sxtw #1]\n\t"
            "ldrb  %w[r9], [%[p], %[idx]]\n\t"
            "ldrb  %w[r10], [%[p], %w[widx], uxtw]\n\t"
            "ldrsb %[r11], [%[p], %w[wneg], sxtw]\n\t"
            "ldrb  %w[r12], [%[p], %[idx], lsl #0]\n\t"
            "ldrsw %[r13], [%[p], %[idx], lsl #2]\n\t"
            "ldr   %[r14], [%[p], %w[w8i], uxtw]\n\t"
            "ldrsh %w[r15], [%[p], %[xneg], sxtx]\n\t"
            : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
              [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
              [r8] "=&r"(r[8]), [r9] "=&r"(r[9]), [r10] "=&r"(r[10]), [r11] "=&r"(r[11]),
              [r12] "=&r"(r[12]), [r13] "=&r"(r[13]), [r14] "=&r"(r[14]), [r15] "=&r"(r[15])
            : [p] "r"(p), [idx] "r"(idx), [widx] "r"(widx), [wneg] "r"(wneg), [xneg] "r"(xneg),
              [w8i] "r"(w8i)
            : "memory");
        if (k == 0)
            show("regoff", r, 16);
        int64_t wi = (int32_t)(uint32_t)wneg, xi = (int64_t)xneg;
        uint64_t wu = (uint32_t)widx;
        chk("regoff", "ldr lsl3", k, r[0], rd(p + idx * 8, 8));
        chk("regoff", "ldr uxtw3", k, r[1], rd(p + wu * 8, 8));
        chk("regoff", "ldr sxtw3", k, r[2], rd(p + wi * 8, 8));
        chk("regoff", "ldr sxtx3", k, r[3], rd(p + xi * 8, 8));
        chk("regoff", "ldr reg", k, r[4], rd(p + xi, 8));
        chk("regoff", "ldr w lsl2", k, r[5], rd(p + idx * 4, 4));
        chk("regoff", "ldr w sxtw2", k, r[6], rd(p + wi * 4, 4));
        chk("regoff", "ldrh lsl1", k, r[7], rd(p + idx * 2, 2));
        chk("regoff", "ldrsh x sxtw1", k, r[8], sx64(p + wi * 2, 2));
        chk("regoff", "ldrb reg", k, r[9], rd(p + idx, 1));
        chk("regoff", "ldrb uxtw", k, r[10], rd(p + wu, 1));
        chk("regoff", "ldrsb x sxtw", k, r[11], sx64(p + wi, 1));
        chk("regoff", "ldrb lsl0", k, r[12], rd(p + idx, 1));
        chk("regoff", "ldrsw lsl2", k, r[13], sx64(p + idx * 4, 4));
        chk("regoff", "ldr uxtw", k, r[14], rd(p + (uint32_t)w8i, 8));
        chk("regoff", "ldrsh w sxtx", k, r[15], sx32(p + xi, 2));
    }
    group_end("regoff");
}

static void test_literal(void)
{
    uint64_t r[7];

    group_begin();
    __asm__ volatile(
        "ldr   %[r0], =0x123456789abcdef0\n\t"
        "ldr   %w[r1], =0x89abcdef\n\t"
        "ldr   %w[r2], 1f\n\t"
        "ldrsw %[r3], 2f\n\t"
        "ldr   %[r4], 3f\n\t"
        "ldrsw %[r5], 1f\n\t"
        "prfm  pldl1keep, 3f\n\t"
        "adr   %[r6], 3f\n\t"
        "b     4f\n\t"
        ".balign 8\n"
        "3:     .quad 0xfedcba9876543210\n"
        "1:     .word 0x13579bdf\n"
        "2:     .word 0x80000001\n"
        "4:\n\t"
        : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
          [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6])
        :
        : "memory");
    show("literal", r, 6);
    chk("literal", "ldr x =", 0, r[0], 0x123456789abcdef0ULL);
    chk("literal", "ldr w =", 0, r[1], 0x89abcdefULL);
    chk("literal", "ldr w label", 0, r[2], 0x13579bdfULL);
    chk("literal", "ldrsw label", 0, r[3], 0xffffffff80000001ULL);
    chk("literal", "ldr x label", 0, r[4], 0xfedcba9876543210ULL);
    chk("literal", "ldrsw label pos", 0, r[5], 0x13579bdfULL);
    chk("literal", "literal aligned", 0, r[6] & 7, 0);
    group_end("literal");
}

static void test_pair_loads(void)
{
    uint64_t r[20], q[6];

    group_begin();
    for (unsigned k = 0; k < 8; k++) {
        uint8_t *p = mem + 1024 + 16 * k;
        uintptr_t b[6];
        for (unsigned i = 0; i < 6; i++)
            b[i] = (uintptr_t)p;
        __asm__ volatile(
            "ldp   %w[r0], %w[r1], [%[p], #8]\n\t"
            "ldp   %[r2], %[r3], [%[p], #16]\n\t"
            "ldp   %[r4], %[r5], [%[b0], #-16]!\n\t"
            "ldp   %[r6], %[r7], [%[b1]], #32\n\t"
            "ldp   %w[r8], %w[r9], [%[b2], #8]!\n\t"
            "ldp   %w[r10], %w[r11], [%[b3]], #-8\n\t"
            "ldpsw %[r12], %[r13], [%[p], #24]\n\t"
            "ldnp  %[r16], %[r17], [%[p], #32]\n\t"
            "ldnp  %w[r18], %w[r19], [%[p], #-8]\n\t"
            : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
              [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
              [r8] "=&r"(r[8]), [r9] "=&r"(r[9]), [r10] "=&r"(r[10]), [r11] "=&r"(r[11]),
              [r12] "=&r"(r[12]), [r13] "=&r"(r[13]),
              [r16] "=&r"(r[16]), [r17] "=&r"(r[17]), [r18] "=&r"(r[18]), [r19] "=&r"(r[19]),
              [b0] "+r"(b[0]), [b1] "+r"(b[1]), [b2] "+r"(b[2]), [b3] "+r"(b[3])
            : [p] "r"(p)
            : "memory");
        /* ldpsw post-index and the extreme offsets in a second block */
        uint64_t s[6];
        __asm__ volatile(
            "ldpsw %[s0], %[s1], [%[b5]], #8\n\t"
            "ldpsw %[r14], %[r15], [%[b4], #-8]!\n\t"
            "ldp   %[s2], %[s3], [%[p], #504]\n\t"
            "ldp   %[s4], %[s5], [%[p], #-512]\n\t"
            : [s0] "=&r"(s[0]), [s1] "=&r"(s[1]), [s2] "=&r"(s[2]), [s3] "=&r"(s[3]),
              [s4] "=&r"(s[4]), [s5] "=&r"(s[5]), [r14] "=&r"(r[14]), [r15] "=&r"(r[15]),
              [b4] "+r"(b[4]), [b5] "+r"(b[5])
            : [p] "r"(p)
            : "memory");
        uintptr_t P = (uintptr_t)p;
        for (unsigned i = 0; i < 6; i++)
            q[i] = b[i] - P;
        if (k == 0) {
            show("pair", r, 20);
            show("pair2", s, 6);
            show("pair wb", q, 6);
        }
        chk("pair", "ldp w", k, r[0], rd(p + 8, 4));
        chk("pair", "ldp w 2", k, r[1], rd(p + 12, 4));
        chk("pair", "ldp x", k, r[2], rd(p + 16, 8));
        chk("pair", "ldp x 2", k, r[3], rd(p + 24, 8));
        chk("pair", "ldp pre", k, r[4], rd(p - 16, 8));
        chk("pair", "ldp pre 2", k, r[5], rd(p - 8, 8));
        chk("pair", "ldp pre wb", k, b[0], P - 16);
        chk("pair", "ldp post", k, r[6], rd(p, 8));
        chk("pair", "ldp post 2", k, r[7], rd(p + 8, 8));
        chk("pair", "ldp post wb", k, b[1], P + 32);
        chk("pair", "ldp w pre", k, r[8], rd(p + 8, 4));
        chk("pair", "ldp w pre 2", k, r[9], rd(p + 12, 4));
        chk("pair", "ldp w pre wb", k, b[2], P + 8);
        chk("pair", "ldp w post", k, r[10], rd(p, 4));
        chk("pair", "ldp w post 2", k, r[11], rd(p + 4, 4));
        chk("pair", "ldp w post wb", k, b[3], P - 8);
        chk("pair", "ldpsw", k, r[12], sx64(p + 24, 4));
        chk("pair", "ldpsw 2", k, r[13], sx64(p + 28, 4));
        chk("pair", "ldpsw pre", k, r[14], sx64(p - 8, 4));
        chk("pair", "ldpsw pre 2", k, r[15], sx64(p - 4, 4));
        chk("pair", "ldpsw pre wb", k, b[4], P - 8);
        chk("pair", "ldnp x", k, r[16], rd(p + 32, 8));
        chk("pair", "ldnp x 2", k, r[17], rd(p + 40, 8));
        chk("pair", "ldnp w", k, r[18], rd(p - 8, 4));
        chk("pair", "ldnp w 2", k, r[19], rd(p - 4, 4));
        chk("pair", "ldpsw post", k, s[0], sx64(p, 4));
        chk("pair", "ldpsw post 2", k, s[1], sx64(p + 4, 4));
        chk("pair", "ldpsw post wb", k, b[5], P + 8);
        chk("pair", "ldp #504", k, s[2], rd(p + 504, 8));
        chk("pair", "ldp #504 2", k, s[3], rd(p + 512, 8));
        chk("pair", "ldp #-512", k, s[4], rd(p - 512, 8));
        chk("pair", "ldp #-512 2", k, s[5], rd(p - 504, 8));
    }
    group_end("pair");
}

static void test_unpriv(void)
{
    uint64_t r[10];

    group_begin();
    for (unsigned k = 0; k < 8; k++) {
        uint8_t *p = mem + 1024 + 8 * k;
        __asm__ volatile(
            "ldtr   %[r0], [%[p], #8]\n\t"
            "ldtr   %w[r1], [%[p], #-4]\n\t"
            "ldtrb  %w[r2], [%[p], #3]\n\t"
            "ldtrh  %w[r3], [%[p], #-2]\n\t"
            "ldtrsb %w[r4], [%[p], #5]\n\t"
            "ldtrsb %[r5], [%[p], #-7]\n\t"
            "ldtrsh %w[r6], [%[p], #6]\n\t"
            "ldtrsh %[r7], [%[p], #-256]\n\t"
            "ldtrsw %[r8], [%[p], #252]\n\t"
            "ldtr   %[r9], [%[p]]\n\t"
            : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3]),
              [r4] "=&r"(r[4]), [r5] "=&r"(r[5]), [r6] "=&r"(r[6]), [r7] "=&r"(r[7]),
              [r8] "=&r"(r[8]), [r9] "=&r"(r[9])
            : [p] "r"(p)
            : "memory");
        if (k == 0)
            show("unpriv", r, 10);
        chk("unpriv", "ldtr x", k, r[0], rd(p + 8, 8));
        chk("unpriv", "ldtr w", k, r[1], rd(p - 4, 4));
        chk("unpriv", "ldtrb", k, r[2], rd(p + 3, 1));
        chk("unpriv", "ldtrh", k, r[3], rd(p - 2, 2));
        chk("unpriv", "ldtrsb w", k, r[4], sx32(p + 5, 1));
        chk("unpriv", "ldtrsb x", k, r[5], sx64(p - 7, 1));
        chk("unpriv", "ldtrsh w", k, r[6], sx32(p + 6, 2));
        chk("unpriv", "ldtrsh x", k, r[7], sx64(p - 256, 2));
        chk("unpriv", "ldtrsw", k, r[8], sx64(p + 252, 4));
        chk("unpriv", "ldtr [p]", k, r[9], rd(p, 8));
    }
    group_end("unpriv");
}

/* ------------------------------------------------------------------------ */
/* Stores: run the asm on smem, mirror in C on emem, compare. */

static void compare_stores(const char *grp)
{
    uint64_t h = HASH_INIT;
    for (unsigned i = 0; i < MEMSZ; i += 8)
        h = hmix(h, rd(smem + i, 8));
    for (unsigned i = 0; i < MEMSZ; i++) {
        if (smem[i] != emem[i]) {
            snprintf(msg, sizeof msg, "%s store byte %u", grp, i);
            check_eq(msg, smem[i], emem[i]);
            break;
        }
    }
    printf("%s: memhash=%016llx\n", grp, (unsigned long long)h);
}

static void test_stores(void)
{
    const uint64_t v0 = 0x0123456789abcdefULL, v1 = 0xfedcba9876543210ULL,
                   v2 = 0x8899aabbccddeeffULL, v3 = 0x1122334455667788ULL;
    uint8_t *p = smem + 1024;
    uint8_t *e = emem + 1024;
    uintptr_t P = (uintptr_t)p;

    memset(smem, 0x5a, MEMSZ);
    memset(emem, 0x5a, MEMSZ);

    /* unsigned offset and unscaled */
    __asm__ volatile(
        "strb  %w[v0], [%[p], #3]\n\t"
        "strh  %w[v1], [%[p], #6]\n\t"
        "str   %w[v2], [%[p], #12]\n\t"
        "str   %[v3], [%[p], #16]\n\t"
        "sturb %w[v1], [%[p], #-1]\n\t"
        "sturh %w[v2], [%[p], #-4]\n\t"
        "stur  %w[v3], [%[p], #-8]\n\t"
        "stur  %[v0], [%[p], #-24]\n\t"
        "str   %[v1], [%[p], #1016]\n\t"
        "strb  %w[v2], [%[p], #255]\n\t"
        "stur  %[v2], [%[p], #-256]\n\t"
        "str   xzr, [%[p], #24]\n\t"
        "strh  wzr, [%[p], #32]\n\t"
        :
        : [p] "r"(p), [v0] "r"(v0), [v1] "r"(v1), [v2] "r"(v2), [v3] "r"(v3)
        : "memory");
    wr(e + 3, 1, v0);
    wr(e + 6, 2, v1);
    wr(e + 12, 4, v2);
    wr(e + 16, 8, v3);
    wr(e - 1, 1, v1);
    wr(e - 4, 2, v2);
    wr(e - 8, 4, v3);
    wr(e - 24, 8, v0);
    wr(e + 1016, 8, v1);
    wr(e + 255, 1, v2);
    wr(e - 256, 8, v2);
    wr(e + 24, 8, 0);
    wr(e + 32, 2, 0);
    compare_stores("st-uoff");

    /* pre/post index */
    uintptr_t b[6];
    for (unsigned i = 0; i < 6; i++)
        b[i] = P;
    __asm__ volatile(
        "str   %[v0], [%[b0], #-32]!\n\t"
        "str   %w[v1], [%[b1]], #8\n\t"
        "strb  %w[v2], [%[b2], #41]!\n\t"
        "strh  %w[v3], [%[b3], #48]!\n\t"
        "str   %[v1], [%[b3]], #-40\n\t"
        "strh  %w[v0], [%[b4], #-64]!\n\t"
        "strb  %w[v3], [%[b5], #-255]!\n\t"
        :
        [b0] "+r"(b[0]), [b1] "+r"(b[1]), [b2] "+r"(b[2]), [b3] "+r"(b[3]), [b4] "+r"(b[4]),
        [b5] "+r"(b[5])
        : [v0] "r"(v0), [v1] "r"(v1), [v2] "r"(v2), [v3] "r"(v3)
        : "memory");
    wr(e - 32, 8, v0);
    wr(e, 4, v1);
    wr(e + 41, 1, v2);
    wr(e + 48, 2, v3);
    wr(e + 48, 8, v1);
    wr(e - 64, 2, v0);
    wr(e - 255, 1, v3);
    chk("st-index", "wb0", 0, b[0], P - 32);
    chk("st-index", "wb1", 0, b[1], P + 8);
    chk("st-index", "wb2", 0, b[2], P + 41);
    chk("st-index", "wb3", 0, b[3], P + 8);
    chk("st-index", "wb4", 0, b[4], P - 64);
    chk("st-index", "wb5", 0, b[5], P - 255);
    compare_stores("st-index");

    /* register offset */
    uint64_t idx = 9, widx = 0xabcdef0000000005ULL, wneg = 0x77777777fffffff3ULL,
             xneg = (uint64_t)-40;
    __asm__ volatile(
        "str   %[v0], [%[p], %[idx], lsl #3]\n\t"
        "str   %w[v1], [%[p], %w[wneg], sxtw #2]\n\t"
        "strh  %w[v2], [%[p], %w[widx], uxtw #1]\n\t"
        "strb  %w[v3], [%[p], %[xneg], sxtx]\n\t"
        "str   %[v2], [%[p], %[xneg]]\n\t"
        "strb  %w[v1], [%[p], %w[wneg], sxtw]\n\t"
        "str   %w[v0], [%[p], %[idx], lsl #2]\n\t"
        "strh  %w[v1], [%[p], %[xneg], sxtx #1]\n\t"
        :
        : [p] "r"(p), [v0] "r"(v0), [v1] "r"(v1), [v2] "r"(v2), [v3] "r"(v3),
          [idx] "r"(idx), [widx] "r"(widx), [wneg] "r"(wneg), [xneg] "r"(xneg)
        : "memory");
    wr(e + 72, 8, v0);
    wr(e - 52, 4, v1);
    wr(e + 10, 2, v2);
    wr(e - 40, 1, v3);
    wr(e - 40, 8, v2);
    wr(e - 13, 1, v1);
    wr(e + 36, 4, v0);
    wr(e - 80, 2, v1);
    compare_stores("st-regoff");

    /* pairs, non-temporal, zero register, unprivileged */
    for (unsigned i = 0; i < 3; i++)
        b[i] = P;
    __asm__ volatile(
        "stp   %w[v0], %w[v1], [%[p], #40]\n\t"
        "stp   %[v2], %[v3], [%[p], #48]\n\t"
        "stp   %[v1], %[v0], [%[b0], #-16]!\n\t"
        "stp   %w[v3], %w[v2], [%[b1]], #8\n\t"
        "stp   %[v0], %[v3], [%[b2], #504]!\n\t"
        "stnp  %[v1], %[v2], [%[p], #64]\n\t"
        "stnp  %w[v3], %w[v0], [%[p], #80]\n\t"
        "stp   xzr, xzr, [%[p], #96]\n\t"
        "stp   %[v2], xzr, [%[p], #-512]\n\t"
        "sttr  %[v3], [%[p], #112]\n\t"
        "sttr  %w[v2], [%[p], #-36]\n\t"
        "sttrb %w[v1], [%[p], #121]\n\t"
        "sttrh %w[v0], [%[p], #-254]\n\t"
        : [b0] "+r"(b[0]), [b1] "+r"(b[1]), [b2] "+r"(b[2])
        : [p] "r"(p), [v0] "r"(v0), [v1] "r"(v1), [v2] "r"(v2), [v3] "r"(v3)
        : "memory");
    wr(e + 40, 4, v0);
    wr(e + 44, 4, v1);
    wr(e + 48, 8, v2);
    wr(e + 56, 8, v3);
    wr(e - 16, 8, v1);
    wr(e - 8, 8, v0);
    wr(e, 4, v3);
    wr(e + 4, 4, v2);
    wr(e + 504, 8, v0);
    wr(e + 512, 8, v3);
    wr(e + 64, 8, v1);
    wr(e + 72, 8, v2);
    wr(e + 80, 4, v3);
    wr(e + 84, 4, v0);
    wr(e + 96, 16, 0);
    wr(e + 104, 8, 0);
    wr(e - 512, 8, v2);
    wr(e - 504, 8, 0);
    wr(e + 112, 8, v3);
    wr(e - 36, 4, v2);
    wr(e + 121, 1, v1);
    wr(e - 254, 2, v0);
    chk("st-pair", "wb0", 0, b[0], P - 16);
    chk("st-pair", "wb1", 0, b[1], P + 8);
    chk("st-pair", "wb2", 0, b[2], P + 504);
    compare_stores("st-pair");
}

/* Stack-pointer based addressing and prefetches (which must have no effect). */
static void test_sp_prfm(void)
{
    uint64_t r[4];
    const uint64_t v0 = 0x1111111122222222ULL, v1 = 0x3333333344444444ULL;

    group_begin();
    __asm__ volatile(
        "mov   %[r3], sp\n\t"
        "str   %[v0], [sp, #-16]!\n\t"
        "stp   %[v1], %[v0], [sp, #-16]!\n\t"
        "ldr   %[r0], [sp, #16]\n\t"
        "ldp   %[r1], %[r2], [sp], #32\n\t"
        "sub   %[r3], sp, %[r3]\n\t"
        "prfm  pldl1keep, [%[p]]\n\t"
        "prfm  pstl2strm, [%[p], #64]\n\t"
        "prfm  plil3keep, [%[p], %[v0]]\n\t"
        "prfum pldl1strm, [%[p], #-3]\n\t"
        "prfm  #0x1f, [%[p], #8]\n\t"
        "prfm  pldl3strm, [sp]\n\t"
        : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2]), [r3] "=&r"(r[3])
        : [v0] "r"(v0), [v1] "r"(v1), [p] "r"(mem)
        : "memory");
    show("sp", r, 4);
    chk("sp", "str pre", 0, r[0], v0);
    chk("sp", "ldp post 1", 0, r[1], v1);
    chk("sp", "ldp post 2", 0, r[2], v0);
    chk("sp", "sp restored", 0, r[3], 0);
    group_end("sp");
}

int main(void)
{
    for (unsigned i = 0; i < MEMSZ; i++)
        mem[i] = (uint8_t)(i * 0x9d + 0x35 + (i >> 8) * 0x11);

    test_unsigned_offset();
    test_unscaled();
    test_index();
    test_regoff();
    test_literal();
    test_pair_loads();
    test_unpriv();
    test_stores();
    test_sp_prfm();
    return test_finish("ldst");
}
