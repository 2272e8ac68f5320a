/*
 * One FF-A call through the SMCCC 1.2 register convention: x0 = function
 * ID, x1..x17 arguments, x0..x17 results.  The conduit is an instruction
 * string chosen by the includer: "svc #0" (S-EL0 SPs) or "smc #0" (NW).
 */
#ifndef JAFFA_FFA_CALL_H
#define JAFFA_FFA_CALL_H

#include "ffa.h"

#ifndef FFA_CONDUIT
#error "define FFA_CONDUIT (\"svc #0\" or \"smc #0\") before including ffa_call.h"
#endif

static inline void ffa_call(struct ffa_regs *r)
{
    /* x0..x17 in and out through *r; the pointer sits in a register the
     * clobber list keeps out of x0..x17 (SMCCC 1.2 preserves x18..x30). */
    __asm__ volatile("ldp x0, x1, [%0, #0]\n\t"
                     "ldp x2, x3, [%0, #16]\n\t"
                     "ldp x4, x5, [%0, #32]\n\t"
                     "ldp x6, x7, [%0, #48]\n\t"
                     "ldp x8, x9, [%0, #64]\n\t"
                     "ldp x10, x11, [%0, #80]\n\t"
                     "ldp x12, x13, [%0, #96]\n\t"
                     "ldp x14, x15, [%0, #112]\n\t"
                     "ldp x16, x17, [%0, #128]\n\t"
                     FFA_CONDUIT "\n\t"
                     "stp x0, x1, [%0, #0]\n\t"
                     "stp x2, x3, [%0, #16]\n\t"
                     "stp x4, x5, [%0, #32]\n\t"
                     "stp x6, x7, [%0, #48]\n\t"
                     "stp x8, x9, [%0, #64]\n\t"
                     "stp x10, x11, [%0, #80]\n\t"
                     "stp x12, x13, [%0, #96]\n\t"
                     "stp x14, x15, [%0, #112]\n\t"
                     "stp x16, x17, [%0, #128]"
                     :
                     : "r"(r)
                     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
                       "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
}

/* Convenience: a call with up to 7 arguments; the full result lands in *out. */
static inline void ffa_call7(struct ffa_regs *out, uint64_t fid, uint64_t a1, uint64_t a2,
                             uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7)
{
    for (int i = 0; i < 18; i++)
        out->x[i] = 0;
    out->x[0] = fid;
    out->x[1] = a1;
    out->x[2] = a2;
    out->x[3] = a3;
    out->x[4] = a4;
    out->x[5] = a5;
    out->x[6] = a6;
    out->x[7] = a7;
    ffa_call(out);
}

#endif
