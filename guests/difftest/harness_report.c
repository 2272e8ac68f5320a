/*
 * Final-state report of the differential-test harness, printed through
 * semihosting SYS_WRITE0:
 *
 *   x00 0123456789abcdef        (x00..x30)
 *   nzcv 60000000
 *   v00 <V0 as 32 hex digits, bit 127 first>   (v00..v31)
 *   fpsr 00000000
 *   fpcr 00000000
 *   sp ok | sp CHANGED
 *   exc N
 *   exc esr=%016x far=%016x off=%016x   (one per logged exception)
 *   mem 000 <32 bytes as 64 hex digits> (128 lines)
 *   end
 */
#include <stdint.h>
#include "semihost.h"

extern uint64_t dt_final_regs[33];
extern uint64_t dt_final_vregs[66];   /* V0..V31 as {lo, hi}, FPSR, FPCR */
extern uint64_t dt_initial_sp;
extern uint64_t dt_exc_count;
extern uint64_t dt_exc_log[64 * 3];
extern uint8_t dt_scratch[4096];

void dt_report(void) __attribute__((noreturn));
void dt_runaway(void) __attribute__((noreturn));
void dt_bad_vector(uint64_t kind) __attribute__((noreturn));

#define OUT_SIZE 4096
static char out[OUT_SIZE + 1];
static unsigned out_len;

static void flush(void)
{
    if (out_len) {
        out[out_len] = '\0';
        sys_write0(out);
        out_len = 0;
    }
}

static void put(char c)
{
    if (out_len == OUT_SIZE)
        flush();
    out[out_len++] = c;
}

static void puts_(const char *s)
{
    while (*s)
        put(*s++);
}

static void hex(uint64_t v, unsigned digits)
{
    static const char hexd[] = "0123456789abcdef";
    while (digits--)
        put(hexd[(v >> (4 * digits)) & 0xf]);
}

static void dec(uint64_t v)
{
    char tmp[24];
    unsigned n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        put(tmp[--n]);
}

void dt_report(void)
{
    uint64_t count = dt_exc_count, logged;

    out_len = 0;
    for (unsigned i = 0; i < 31; i++) {
        put('x');
        put((char)('0' + i / 10));
        put((char)('0' + i % 10));
        put(' ');
        hex(dt_final_regs[i], 16);
        put('\n');
    }
    puts_("nzcv ");
    hex(dt_final_regs[31], 8);
    put('\n');
    for (unsigned i = 0; i < 32; i++) {
        put('v');
        put((char)('0' + i / 10));
        put((char)('0' + i % 10));
        put(' ');
        hex(dt_final_vregs[2 * i + 1], 16);
        hex(dt_final_vregs[2 * i], 16);
        put('\n');
    }
    puts_("fpsr ");
    hex(dt_final_vregs[64], 8);
    puts_("\nfpcr ");
    hex(dt_final_vregs[65], 8);
    put('\n');
    puts_(dt_final_regs[32] == dt_initial_sp ? "sp ok\n" : "sp CHANGED\n");
    puts_("exc ");
    dec(count);
    put('\n');
    logged = count < 64 ? count : 64;
    for (unsigned i = 0; i < logged; i++) {
        puts_("exc esr=");
        hex(dt_exc_log[3 * i], 16);
        puts_(" far=");
        hex(dt_exc_log[3 * i + 1], 16);
        puts_(" off=");
        hex(dt_exc_log[3 * i + 2], 16);
        put('\n');
    }
    for (unsigned off = 0; off < 4096; off += 32) {
        puts_("mem ");
        hex(off, 3);
        put(' ');
        for (unsigned j = 0; j < 32; j++)
            hex(dt_scratch[off + j], 2);
        put('\n');
    }
    puts_("end\n");
    flush();
    sys_exit(0);
}

void dt_runaway(void)
{
    out_len = 0;
    puts_("runaway\n");
    flush();
    sys_exit(126);
}

void dt_bad_vector(uint64_t kind)
{
    uint64_t esr, elr, far;
    __asm__ volatile("mrs %0, esr_el1" : "=r"(esr));
    __asm__ volatile("mrs %0, elr_el1" : "=r"(elr));
    __asm__ volatile("mrs %0, far_el1" : "=r"(far));
    out_len = 0;
    puts_("unexpected exception vector ");
    dec(kind);
    puts_(" esr=");
    hex(esr, 16);
    puts_(" elr=");
    hex(elr, 16);
    puts_(" far=");
    hex(far, 16);
    put('\n');
    flush();
    sys_exit(125);
}
