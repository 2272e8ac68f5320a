/* Exception frame built by crt0's vector table. */
#ifndef JAFFA_EXC_H
#define JAFFA_EXC_H

#include <stdint.h>

/* Vector kinds (index of the 0x80-byte entry in the table). */
#define EXC_CUR_SP0_SYNC   0
#define EXC_CUR_SPX_SYNC   4
#define EXC_LOWER64_SYNC   8
#define EXC_LOWER32_SYNC  12

#define ESR_EC(esr)   (((esr) >> 26) & 0x3f)
#define ESR_IL(esr)   (((esr) >> 25) & 1)
#define ESR_ISS(esr)  ((esr) & 0x1ffffff)

#define EC_UNKNOWN  0x00
#define EC_SVC64    0x15
#define EC_HVC64    0x16
#define EC_SMC64    0x17
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_BRK64    0x3c

struct exc_frame {
    uint64_t x[31];   /* 0x000: x0..x30 (restored on return) */
    uint64_t elr;     /* 0x0f8: ELR_EL1 (restored on return; hook may change) */
    uint64_t spsr;    /* 0x100: SPSR_EL1 (restored on return) */
    uint64_t esr;     /* 0x108: ESR_EL1 */
    uint64_t far;     /* 0x110: FAR_EL1 */
    uint64_t kind;    /* 0x118: vector index 0..15 */
};

/*
 * Weak hook called for synchronous exceptions taken from the current EL with
 * SP_EL1 (vector offset 0x200).  Return non-zero if handled: the frame (with
 * a possibly modified elr and x[]) is restored and ERET executed.  Return 0
 * to get the default "unexpected exception" report and exit status 125.
 */
int sync_exception_hook(struct exc_frame *f);

#endif
