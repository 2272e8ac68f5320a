/*
 * Differential-test harness template.
 *
 * A Java test patches this ELF (by file offset, located through the symbol
 * table): the initial register values in dt_init_regs, the initial contents
 * of dt_scratch, and a prefix of dt_code with a generated instruction
 * sequence.  Execution falls through the remaining NOPs (or an explicit
 * branch) to dt_code_end, which records the final state and prints it via
 * semihosting (see harness_report.c for the format).
 *
 * Exported symbols:
 *   dt_init_regs   32 x 8 bytes: x0..x30 at 0..240, NZCV (bits 31:28) at 248
 *   dt_init_vregs  32 x 16 bytes: V0..V31 (little-endian, low half first)
 *   dt_init_fpcr   8 bytes: FPCR (FPSR starts 0)
 *   dt_scratch     4096 bytes, 4096-aligned, in .data
 *   dt_code        65536 bytes of NOP, 4096-aligned, executable
 *   dt_code_end    = dt_code + 65536: the return path
 *   dt_exc_log     64 records of {ESR_EL1, FAR_EL1, ELR_EL1 - dt_code}
 *   dt_exc_count   number of synchronous exceptions taken (8 bytes)
 *   dt_final_regs  x0..x30, NZCV, SP as saved at dt_code_end
 *   dt_final_vregs V0..V31, then FPSR and FPCR (8 bytes each), as saved at dt_code_end
 *   dt_fp_via_host 8 bytes, normally 0.  When set, _start does not load
 *                  V0..V31 and dt_code_end does not store them: the emulator's
 *                  host side does (Jaffa before its SIMD&FP loads and stores
 *                  exist: the V registers set directly, and copied to
 *                  dt_final_vregs when the PC reaches dt_vsave_host).
 *
 * SIMD&FP is enabled (CPACR_EL1.FPEN = 0b11) before anything else.  Only
 * _start and dt_code_end touch the SIMD&FP registers (check-no-fp.sh is told
 * so); the report code is built with -mgeneral-regs-only.
 */

#define DT_CODE_SIZE    65536
#define DT_EXC_MAX      64
#define DT_RUNAWAY      10000

/* ------------------------------------------------------------------------ */
    .section .text.boot, "ax"
    .global _start
    .type _start, %function
_start:
    /* CPACR_EL1.FPEN = 0b11: no SIMD&FP traps at EL1/EL0. */
    mov     x0, #(3 << 20)
    msr     cpacr_el1, x0
    isb
    msr     daifset, #0xf
    msr     spsel, #1
    ldr     x0, =__stack_top
    mov     sp, x0
    ldr     x1, =dt_initial_sp
    str     x0, [x1]

    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:
    ldr     x0, =dt_vectors
    msr     vbar_el1, x0
    isb

    /* SCTLR_EL1.A = 1: alignment checking for all data accesses.  With the
     * MMU off every access is Device memory and must be aligned anyway;
     * QEMU only enforces that when A is set, so this makes QEMU fault
     * exactly where the architecture (and Jaffa) does. */
    mrs     x0, sctlr_el1
    orr     x0, x0, #(1 << 1)
    msr     sctlr_el1, x0
    isb

    /* V0..V31 and FPCR; FPSR starts 0.  With dt_fp_via_host set, the
     * V registers are left to the emulator's host side (see below). */
    ldr     x0, =dt_fp_via_host
    ldr     x0, [x0]
    cbnz    x0, 4f
    ldr     x0, =dt_init_vregs
    ldp     q0, q1, [x0, #0]
    ldp     q2, q3, [x0, #32]
    ldp     q4, q5, [x0, #64]
    ldp     q6, q7, [x0, #96]
    ldp     q8, q9, [x0, #128]
    ldp     q10, q11, [x0, #160]
    ldp     q12, q13, [x0, #192]
    ldp     q14, q15, [x0, #224]
    ldp     q16, q17, [x0, #256]
    ldp     q18, q19, [x0, #288]
    ldp     q20, q21, [x0, #320]
    ldp     q22, q23, [x0, #352]
    ldp     q24, q25, [x0, #384]
    ldp     q26, q27, [x0, #416]
    ldp     q28, q29, [x0, #448]
    ldp     q30, q31, [x0, #480]
4:  ldr     x1, =dt_init_fpcr
    ldr     x1, [x1]
    msr     fpcr, x1
    msr     fpsr, xzr

    /* NZCV first, then x0..x30; x30 is the base and is loaded last. */
    ldr     x30, =dt_init_regs
    ldr     x0, [x30, #248]
    msr     nzcv, x0
    ldp     x0, x1, [x30, #0]
    ldp     x2, x3, [x30, #16]
    ldp     x4, x5, [x30, #32]
    ldp     x6, x7, [x30, #48]
    ldp     x8, x9, [x30, #64]
    ldp     x10, x11, [x30, #80]
    ldp     x12, x13, [x30, #96]
    ldp     x14, x15, [x30, #112]
    ldp     x16, x17, [x30, #128]
    ldp     x18, x19, [x30, #144]
    ldp     x20, x21, [x30, #160]
    ldp     x22, x23, [x30, #176]
    ldp     x24, x25, [x30, #192]
    ldp     x26, x27, [x30, #208]
    ldp     x28, x29, [x30, #224]
    ldr     x30, [x30, #240]
    b       dt_code
    .size _start, . - _start
    .ltorg

/* ------------------------------------------------------------------------ */
    .section .text.dt_code, "ax"
    .balign 4096
    .global dt_code
    .type dt_code, %function
dt_code:
    .rept   DT_CODE_SIZE / 4
    nop
    .endr
    .size dt_code, . - dt_code

    .global dt_code_end
    .type dt_code_end, %function
dt_code_end:
    str     x0, [sp, #-16]!         /* free x0 without touching NZCV */
    ldr     x0, =dt_final_regs
    stp     x1, x2, [x0, #8]
    stp     x3, x4, [x0, #24]
    stp     x5, x6, [x0, #40]
    stp     x7, x8, [x0, #56]
    stp     x9, x10, [x0, #72]
    stp     x11, x12, [x0, #88]
    stp     x13, x14, [x0, #104]
    stp     x15, x16, [x0, #120]
    stp     x17, x18, [x0, #136]
    stp     x19, x20, [x0, #152]
    stp     x21, x22, [x0, #168]
    stp     x23, x24, [x0, #184]
    stp     x25, x26, [x0, #200]
    stp     x27, x28, [x0, #216]
    stp     x29, x30, [x0, #232]
    mrs     x1, nzcv
    str     x1, [x0, #248]
    ldr     x1, [sp], #16
    str     x1, [x0, #0]
    mov     x1, sp
    str     x1, [x0, #256]
    ldr     x1, =dt_fp_via_host
    ldr     x1, [x1]
    ldr     x0, =dt_final_vregs
    cbnz    x1, dt_vsave_host
    stp     q0, q1, [x0, #0]
    stp     q2, q3, [x0, #32]
    stp     q4, q5, [x0, #64]
    stp     q6, q7, [x0, #96]
    stp     q8, q9, [x0, #128]
    stp     q10, q11, [x0, #160]
    stp     q12, q13, [x0, #192]
    stp     q14, q15, [x0, #224]
    stp     q16, q17, [x0, #256]
    stp     q18, q19, [x0, #288]
    stp     q20, q21, [x0, #320]
    stp     q22, q23, [x0, #352]
    stp     q24, q25, [x0, #384]
    stp     q26, q27, [x0, #416]
    stp     q28, q29, [x0, #448]
    stp     q30, q31, [x0, #480]
    /* With dt_fp_via_host set, the host has stored V0..V31 at dt_final_vregs
     * when execution reaches this label. */
    .global dt_vsave_host
dt_vsave_host:
    mrs     x1, fpsr
    mrs     x2, fpcr
    add     x0, x0, #512
    stp     x1, x2, [x0]
    bl      dt_report               /* prints and exits; does not return */
3:  b       3b
    .size dt_code_end, . - dt_code_end
    .ltorg

/* ------------------------------------------------------------------------ */
/* Vector table.  Only "current EL with SP_ELx, synchronous" is expected.  */

    .macro  DT_BAD kind
    .balign 0x80
    mov     x0, #\kind
    b       dt_bad_vector_entry
    .endm

    .text
    .balign 2048
    .global dt_vectors
dt_vectors:
    DT_BAD  0
    DT_BAD  1
    DT_BAD  2
    DT_BAD  3
    .balign 0x80
    b       dt_sync
    DT_BAD  5
    DT_BAD  6
    DT_BAD  7
    DT_BAD  8
    DT_BAD  9
    DT_BAD  10
    DT_BAD  11
    DT_BAD  12
    DT_BAD  13
    DT_BAD  14
    DT_BAD  15

    .balign 0x80
    .type dt_sync, %function
dt_sync:
    stp     x0, x1, [sp, #-48]!
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    ldr     x0, =dt_exc_count
    ldr     x1, [x0]
    cmp     x1, #DT_EXC_MAX
    b.hs    1f
    ldr     x2, =dt_exc_log
    add     x3, x1, x1, lsl #1      /* x3 = 3 * count */
    add     x2, x2, x3, lsl #3      /* record = log + 24 * count */
    mrs     x3, esr_el1
    mrs     x4, far_el1
    stp     x3, x4, [x2]
    mrs     x3, elr_el1
    ldr     x4, =dt_code
    sub     x3, x3, x4
    str     x3, [x2, #16]
1:  add     x1, x1, #1
    str     x1, [x0]
    mov     x2, #DT_RUNAWAY
    cmp     x1, x2
    b.hi    dt_runaway_entry
    /* SVC/HVC/SMC (EC 0x15..0x17) already return past the instruction. */
    mrs     x3, esr_el1
    ubfx    x3, x3, #26, #6
    sub     x3, x3, #0x15
    cmp     x3, #2
    b.ls    2f
    mrs     x3, elr_el1
    add     x3, x3, #4
    msr     elr_el1, x3
2:  ldp     x4, x5, [sp, #32]
    ldp     x2, x3, [sp, #16]
    ldp     x0, x1, [sp], #48
    eret
    .size dt_sync, . - dt_sync

dt_runaway_entry:
    ldr     x1, =__stack_top
    mov     sp, x1
    bl      dt_runaway              /* does not return */
    b       .

dt_bad_vector_entry:
    ldr     x1, =__stack_top
    mov     sp, x1
    bl      dt_bad_vector           /* x0 = vector index; does not return */
    b       .
    .ltorg

/* ------------------------------------------------------------------------ */
    .data
    .balign 4096
    .global dt_scratch
    .type dt_scratch, %object
dt_scratch:
    .space  4096
    .size dt_scratch, . - dt_scratch

    .balign 16
    .global dt_init_regs
    .type dt_init_regs, %object
dt_init_regs:
    .space  32 * 8
    .size dt_init_regs, . - dt_init_regs

    .balign 16
    .global dt_init_vregs
    .type dt_init_vregs, %object
dt_init_vregs:
    .space  32 * 16
    .size dt_init_vregs, . - dt_init_vregs

    .global dt_init_fpcr
    .type dt_init_fpcr, %object
dt_init_fpcr:
    .quad   0
    .size dt_init_fpcr, . - dt_init_fpcr

    .global dt_fp_via_host
    .type dt_fp_via_host, %object
dt_fp_via_host:
    .quad   0
    .size dt_fp_via_host, . - dt_fp_via_host

    .balign 16
    .global dt_final_vregs
    .type dt_final_vregs, %object
dt_final_vregs:                     /* V0..V31, FPSR, FPCR */
    .space  32 * 16 + 16
    .size dt_final_vregs, . - dt_final_vregs

    .global dt_final_regs
    .type dt_final_regs, %object
dt_final_regs:                      /* x0..x30, NZCV, SP */
    .space  33 * 8
    .size dt_final_regs, . - dt_final_regs

    .balign 8
    .global dt_exc_log
    .type dt_exc_log, %object
dt_exc_log:
    .space  DT_EXC_MAX * 24
    .size dt_exc_log, . - dt_exc_log

    .global dt_exc_count
    .type dt_exc_count, %object
dt_exc_count:
    .quad   0
    .size dt_exc_count, . - dt_exc_count

    .global dt_initial_sp
    .type dt_initial_sp, %object
dt_initial_sp:
    .quad   0
    .size dt_initial_sp, . - dt_initial_sp
