// void oracle_run(struct state *s, void (*code)(void))
// Loads V0-V3, X0-X3, NZCV and FPCR from *s, clears FPSR, calls code (one instruction then RET),
// and stores V0-V3, X0-X3, NZCV and FPSR back. Layout: v[8] (lo, hi per register) at 0,
// x[4] at 64, nzcv at 96, fpcr at 104, fpsr at 112.
    .text
    .global oracle_run
oracle_run:
    stp x29, x30, [sp, #-32]!
    mov x29, sp
    str x19, [sp, #16]
    mov x19, x0
    mov x9, x1
    ldp q0, q1, [x19, #0]
    ldp q2, q3, [x19, #32]
    ldr x10, [x19, #104]
    msr fpcr, x10
    msr fpsr, xzr
    ldr x10, [x19, #96]
    msr nzcv, x10
    ldp x0, x1, [x19, #64]
    ldp x2, x3, [x19, #80]
    blr x9
    stp x0, x1, [x19, #64]
    stp x2, x3, [x19, #80]
    mrs x10, nzcv
    str x10, [x19, #96]
    mrs x10, fpsr
    str x10, [x19, #112]
    msr fpcr, xzr
    stp q0, q1, [x19, #0]
    stp q2, q3, [x19, #32]
    ldr x19, [sp, #16]
    ldp x29, x30, [sp], #32
    ret
