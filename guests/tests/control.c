/* Branches, conditions, jump tables, function pointers and exception round trips. */
#include "exc.h"
#include "libc.h"
#include "test.h"

static uint64_t hash = HASH_INIT;
static char msg[80];

static void chk(const char *what, uint64_t got, uint64_t exp)
{
    hash = hmix(hash, got);
    check_eq(what, got, exp);
}

/* ------------------------------------------------------------------------ */
/* b.cond for all 16 conditions and all 16 NZCV values */

#define CONDS(X) X(eq, 0) X(ne, 1) X(cs, 2) X(cc, 3) X(mi, 4) X(pl, 5) X(vs, 6) X(vc, 7) \
                 X(hi, 8) X(ls, 9) X(ge, 10) X(lt, 11) X(gt, 12) X(le, 13) X(al, 14) X(nv, 15)

#define BCOND_FN(cond, n)                                                           \
    static uint64_t bcond_##cond(uint64_t f)                                       \
    {                                                                               \
        uint64_t taken;                                                             \
        __asm__ volatile("msr  nzcv, %[f]\n\t"                                      \
                         "mov  %[t], #1\n\t"                                        \
                         "b." #cond " 1f\n\t"                                       \
                         "mov  %[t], #0\n"                                          \
                         "1:\n\t"                                                   \
                         : [t] "=&r"(taken)                                         \
                         : [f] "r"(f)                                               \
                         : "cc");                                                   \
        return taken;                                                               \
    }
CONDS(BCOND_FN)
#define BCOND_PTR(cond, n) bcond_##cond,
static uint64_t (*const bcond_fns[16])(uint64_t) = { CONDS(BCOND_PTR) };

/* A backward conditional branch: count down with subs/b.ne. */
static uint64_t count_loop(uint64_t n)
{
    uint64_t iters = 0;
    __asm__ volatile("1: add  %[i], %[i], #1\n\t"
                     "subs %[n], %[n], #1\n\t"
                     "b.ne 1b\n\t"
                     : [i] "+r"(iters), [n] "+r"(n)
                     :
                     : "cc");
    return iters;
}

static void test_bcond(void)
{
    for (unsigned cond = 0; cond < 16; cond++) {
        uint64_t bits = 0;
        for (unsigned fi = 0; fi < 16; fi++) {
            uint64_t f = (uint64_t)fi << 28;
            uint64_t t = bcond_fns[cond](f);
            bits |= t << fi;
            if (t != (uint64_t)cond_holds(cond, f)) {
                snprintf(msg, sizeof msg, "b.cond %u nzcv=%x", cond, fi);
                check_eq(msg, t, cond_holds(cond, f));
            }
        }
        printf("b.cond %2u: taken mask %04llx\n", cond, (unsigned long long)bits);
        hash = hmix(hash, bits);
    }
    chk("backward b.ne loop", count_loop(37), 37);
}

/* ------------------------------------------------------------------------ */
/* cbz/cbnz/tbz/tbnz */

static uint64_t cbz_x(uint64_t v)
{
    uint64_t r;
    __asm__ volatile("mov %0, #1\n\tcbz %1, 1f\n\tmov %0, #0\n1:" : "=&r"(r) : "r"(v));
    return r;
}

static uint64_t cbz_w(uint64_t v)
{
    uint64_t r;
    __asm__ volatile("mov %0, #1\n\tcbz %w1, 1f\n\tmov %0, #0\n1:" : "=&r"(r) : "r"(v));
    return r;
}

static uint64_t cbnz_x(uint64_t v)
{
    uint64_t r;
    __asm__ volatile("mov %0, #1\n\tcbnz %1, 1f\n\tmov %0, #0\n1:" : "=&r"(r) : "r"(v));
    return r;
}

static uint64_t cbnz_w(uint64_t v)
{
    uint64_t r;
    __asm__ volatile("mov %0, #1\n\tcbnz %w1, 1f\n\tmov %0, #0\n1:" : "=&r"(r) : "r"(v));
    return r;
}

#define BITS64 "63,62,61,60,59,58,57,56,55,54,53,52,51,50,49,48,47,46,45,44,43,42,41,40," \
               "39,38,37,36,35,34,33,32,31,30,29,28,27,26,25,24,23,22,21,20,19,18,17,16," \
               "15,14,13,12,11,10,9,8,7,6,5,4,3,2,1,0"
#define BITS32 "31,30,29,28,27,26,25,24,23,22,21,20,19,18,17,16," \
               "15,14,13,12,11,10,9,8,7,6,5,4,3,2,1,0"

/* Rebuild a value bit by bit from tbnz (taken = 1) and tbz (taken = 0). */
static uint64_t tbnz_rebuild(uint64_t v)
{
    uint64_t r;
    __asm__ volatile("mov %[r], #0\n\t"
                     ".irp bit," BITS64 "\n\t"
                     "lsl  %[r], %[r], #1\n\t"
                     "tbnz %[v], #\\bit, 1f\n\t"
                     "b    2f\n"
                     "1:   orr %[r], %[r], #1\n"
                     "2:\n\t"
                     ".endr\n\t"
                     : [r] "=&r"(r)
                     : [v] "r"(v));
    return r;
}

static uint64_t tbz_rebuild(uint64_t v)
{
    uint64_t r;
    __asm__ volatile("mov %[r], #0\n\t"
                     ".irp bit," BITS64 "\n\t"
                     "lsl  %[r], %[r], #1\n\t"
                     "tbz  %[v], #\\bit, 1f\n\t"
                     "orr  %[r], %[r], #1\n"
                     "1:\n\t"
                     ".endr\n\t"
                     : [r] "=&r"(r)
                     : [v] "r"(v));
    return r;
}

static uint64_t tbz_w_rebuild(uint64_t v)
{
    uint64_t r;
    __asm__ volatile("mov %[r], #0\n\t"
                     ".irp bit," BITS32 "\n\t"
                     "lsl  %[r], %[r], #1\n\t"
                     "tbz  %w[v], #\\bit, 1f\n\t"
                     "orr  %[r], %[r], #1\n"
                     "1:\n\t"
                     ".endr\n\t"
                     : [r] "=&r"(r)
                     : [v] "r"(v));
    return r;
}

static void test_cb_tb(void)
{
    static const uint64_t v[] = { 0, 1, 0x100000000ULL, 0xffffffff, 0x8000000000000000ULL,
                                  0x123456789abcdef0ULL, 0xffffffffffffffffULL, 0xa5a5a5a55a5a5a5aULL };
    for (unsigned i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint64_t x = v[i], r[7];
        r[0] = cbz_x(x);
        r[1] = cbz_w(x);
        r[2] = cbnz_x(x);
        r[3] = cbnz_w(x);
        r[4] = tbnz_rebuild(x);
        r[5] = tbz_rebuild(x);
        r[6] = tbz_w_rebuild(x);
        printf("cb/tb %016llx: cbz=%llu cbz.w=%llu cbnz=%llu cbnz.w=%llu tbnz=%016llx tbz=%016llx tbz.w=%08llx\n",
               (unsigned long long)x, (unsigned long long)r[0], (unsigned long long)r[1],
               (unsigned long long)r[2], (unsigned long long)r[3], (unsigned long long)r[4],
               (unsigned long long)r[5], (unsigned long long)r[6]);
        chk("cbz x", r[0], x == 0);
        chk("cbz w", r[1], (uint32_t)x == 0);
        chk("cbnz x", r[2], x != 0);
        chk("cbnz w", r[3], (uint32_t)x != 0);
        chk("tbnz bits", r[4], x);
        chk("tbz bits", r[5], x);
        chk("tbz w bits", r[6], (uint32_t)x);
    }
}

/* ------------------------------------------------------------------------ */
/* Jump tables, function pointers, computed goto, blr/br/ret in asm */

/* Case bodies differ in code (not just constants) so GCC emits a real jump table. */
static __attribute__((noinline)) int classify(int v, int w)
{
    switch (v) {
    case 0: return w + 11;
    case 1: return w * 23;
    case 2: return w - 5;
    case 3: return w ^ 99;
    case 4: return w << 3;
    case 5: return -w;
    case 6: return w | 64;
    case 7: return w & 3;
    case 8: return w * w;
    case 9: return ~w;
    case 10: return w >> 1;
    case 11: return w + v * 8;
    case 13: return w * 31 - 1;
    case 14: return (w << 4) + 2;
    default: return v * 2;
    }
}

static __attribute__((noinline)) uint64_t op_add(uint64_t a, uint64_t b) { return a + b; }
static __attribute__((noinline)) uint64_t op_sub(uint64_t a, uint64_t b) { return a - b; }
static __attribute__((noinline)) uint64_t op_mul(uint64_t a, uint64_t b) { return a * b; }
static __attribute__((noinline)) uint64_t op_xor(uint64_t a, uint64_t b) { return a ^ b; }
static uint64_t (*volatile ops[4])(uint64_t, uint64_t) = { op_add, op_sub, op_mul, op_xor };

static __attribute__((noinline)) int computed_goto(int sel)
{
    static void *const targets[] = { &&l0, &&l1, &&l2, &&l3 };
    int r = 0;
    goto *targets[sel & 3];
l0:
    r += 1;
l1:
    r += 10;
l2:
    r += 100;
l3:
    r += 1000;
    return r;
}

static void test_indirect(void)
{
    uint32_t sum = 0;
    uint64_t acc = 5;

    for (int v = -2; v < 18; v++) {
        int c = classify(v, v + 100);
        sum = sum * 31 + (uint32_t)c;
    }
    printf("switch: %08x\n", sum);
    chk("jump table", sum, 0xfbeac4bf);

    for (unsigned i = 0; i < 40; i++)
        acc = ops[i & 3](acc, i + 3);
    printf("function pointers: %016llx\n", (unsigned long long)acc);
    chk("function pointers", acc, 0x1645919fb63bULL);

    int g = computed_goto(0) + computed_goto(1) * 10 + computed_goto(2) * 100 + computed_goto(3) * 1000;
    chk("computed goto", (uint64_t)g, 1111 + 11100 + 110000 + 1000000);

    /* bl / blr / br / ret with explicit registers, in assembly. */
    uint64_t r0, r1, r2, r3;
    __asm__ volatile(
        "mov  %[r0], #0\n\t"
        "mov  %[r1], #0\n\t"
        "bl   10f\n\t"              /* subroutine via bl: adds 1 */
        "adr  x16, 10f\n\t"
        "blr  x16\n\t"              /* again via blr */
        "adr  x17, 11f\n\t"
        "br   x17\n\t"              /* skip the next add */
        "add  %[r0], %[r0], #100\n"
        "11:\n\t"
        "adr  x16, 12f\n\t"
        "ret  x16\n\t"              /* ret through a non-x30 register */
        "add  %[r0], %[r0], #1000\n"
        "12:\n\t"
        "adr  %[r2], 13f\n\t"
        "bl   14f\n"
        "13:\n\t"
        "b    20f\n"
        "10:  add %[r0], %[r0], #1\n\t"
        "     ret\n"
        "14:  mov %[r1], x30\n\t"   /* link register holds the return address */
        "     ret\n"
        "20:\n\t"
        "mov  %[r3], #0\n\t"
        : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3)
        :
        : "x16", "x17", "x30", "memory");
    printf("asm branches: count=%llu link-ok=%d\n", (unsigned long long)r0, r1 == r2);
    chk("bl/blr/br/ret count", r0, 2);
    chk("bl link register", r1, r2);
}

/* ------------------------------------------------------------------------ */
/* Exceptions through the crt0 sync hook */

static volatile uint64_t last_esr, last_elr, hook_calls;

int sync_exception_hook(struct exc_frame *f)
{
    unsigned ec = ESR_EC(f->esr);

    hook_calls++;
    last_esr = f->esr;
    last_elr = f->elr;
    switch (ec) {
    case EC_SVC64:
        /* "system call": x0 = x0 + x1 * x2; ELR already points past the svc */
        f->x[0] = f->x[0] + f->x[1] * f->x[2];
        return 1;
    case EC_BRK64:
        f->x[1] = 0xb4b4b4b4;
        f->elr += 4;
        return 1;
    case EC_UNKNOWN:
        f->x[2] = 0x0dd;
        f->elr += 4;
        return 1;
    default:
        return 0;
    }
}

static void test_exceptions(void)
{
    uint64_t x0, x1, x2, after, flags;
    uint64_t keep19 = 0x1919191919191919ULL;

    /* svc: ELR is the address after the svc; registers come back as the hook left them. */
    __asm__ volatile(
        "mov  x0, #5\n\t"
        "mov  x1, #6\n\t"
        "mov  x2, #7\n\t"
        "mov  x19, %[k]\n\t"
        "msr  nzcv, %[f]\n\t"
        "adr  %[after], 1f\n\t"
        "svc  #0x1234\n"
        "1:\n\t"
        "mrs  %[flags], nzcv\n\t"
        "mov  %[x0], x0\n\t"
        "mov  %[x1], x19\n\t"
        : [x0] "=&r"(x0), [x1] "=&r"(x1), [after] "=&r"(after), [flags] "=&r"(flags)
        : [k] "r"(keep19), [f] "r"(0x90000000ULL)
        : "x0", "x1", "x2", "x19", "cc", "memory");
    printf("svc: esr=%08llx elr-ok=%d x0=%llu flags=%08llx\n", (unsigned long long)last_esr,
           last_elr == after, (unsigned long long)x0, (unsigned long long)flags);
    chk("svc EC", ESR_EC(last_esr), EC_SVC64);
    chk("svc IL", ESR_IL(last_esr), 1);
    chk("svc imm", ESR_ISS(last_esr) & 0xffff, 0x1234);
    chk("svc ELR", last_elr, after);
    chk("svc result", x0, 5 + 6 * 7);
    chk("svc preserves x19", x1, keep19);
    chk("svc preserves nzcv", flags, 0x90000000ULL);

    /* brk: ELR is the address of the brk itself. */
    __asm__ volatile(
        "mov  x1, #0\n\t"
        "msr  nzcv, %[f]\n\t"
        "adr  %[after], 1f\n"
        "1:   brk #0x42\n\t"
        "mrs  %[flags], nzcv\n\t"
        "mov  %[x1], x1\n\t"
        : [x1] "=&r"(x1), [after] "=&r"(after), [flags] "=&r"(flags)
        : [f] "r"(0x60000000ULL)
        : "x1", "cc", "memory");
    printf("brk: esr=%08llx elr-ok=%d x1=%llx flags=%08llx\n", (unsigned long long)last_esr,
           last_elr == after, (unsigned long long)x1, (unsigned long long)flags);
    chk("brk EC", ESR_EC(last_esr), EC_BRK64);
    chk("brk IL", ESR_IL(last_esr), 1);
    chk("brk imm", ESR_ISS(last_esr) & 0xffff, 0x42);
    chk("brk ELR", last_elr, after);
    chk("brk hook x1", x1, 0xb4b4b4b4);
    chk("brk preserves nzcv", flags, 0x60000000ULL);

    /* undefined instruction (UDF #0): EC=0, IL=1, resume past it. */
    __asm__ volatile(
        "mov  x2, #0\n\t"
        "adr  %[after], 1f\n"
        "1:   .inst 0x00000000\n\t"
        "mov  %[x2], x2\n\t"
        : [x2] "=&r"(x2), [after] "=&r"(after)
        :
        : "x2", "memory");
    printf("udf: esr=%08llx elr-ok=%d x2=%llx\n", (unsigned long long)last_esr,
           last_elr == after, (unsigned long long)x2);
    chk("udf ESR", last_esr, 0x02000000);
    chk("udf ELR", last_elr, after);
    chk("udf hook x2", x2, 0xdd);
    chk("hook calls", hook_calls, 3);
}

int main(void)
{
    test_bcond();
    test_cb_tb();
    test_indirect();
    test_exceptions();
    printf("control hash=%016llx\n", (unsigned long long)hash);
    return test_finish("control");
}
