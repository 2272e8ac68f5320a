/*
 * EL2-aware start-up for the Jaffa system tests (QEMU virt,
 * virtualization=on: the ELF is entered at EL2 with the MMU off).
 *
 *  - per-CPU stacks for EL2 (SP_EL2), EL1 (SP_EL1) and EL0 (SP_EL0)
 *  - one vector table used as VBAR_EL2 and VBAR_EL1; the common entry code
 *    reads CurrentEL to pick the ELR/SPSR/ESR/FAR of the level it runs at
 *  - st_call_lower(fn, arg, spsr): run fn(arg) one EL lower (or at EL1t/EL0)
 *    by ERET; fn returns through a trampoline (HVC/SVC #ST_RET_IMM) and
 *    st_call_lower returns fn's x0 to its caller.
 *  - secondary_entry: PSCI CPU_ON entry point (x0 = context id).
 */
#include "vectors.h"
#include "st_asm.h"

    .section .text.boot, "ax"
    .global _start
    .type _start, %function
_start:
    msr     daifset, #0xf
    mrs     x19, CurrentEL
    mov     x20, #0                     /* CPU index 0 */
    bl      st_cpu_init
    /* Zero .bss (16-byte aligned, see link.ld). */
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:  ldr     x0, =st_boot_el
    str     x19, [x0]
    mov     x29, #0
    mov     x30, #0
    bl      main
    bl      exit
3:  b       3b
    .size _start, . - _start

/*
 * PSCI CPU_ON entry.  x0 = context id.  MMU off, state as PSCI defines it.
 */
    .global secondary_entry
    .type secondary_entry, %function
secondary_entry:
    msr     daifset, #0xf
    mov     x21, x0
    mrs     x19, CurrentEL
    mrs     x20, mpidr_el1
    and     x20, x20, #0xff
    cmp     x20, #ST_MAX_CPUS
    b.hs    9f
    bl      st_cpu_init
    mov     x0, x21
    mov     x1, x19
    mov     x29, #0
    mov     x30, #0
    bl      secondary_main              /* (context id, CurrentEL at entry) */
    /* PSCI CPU_OFF; does not return on success. */
    ldr     x0, =0x84000002
    smc     #0
9:  wfi
    b       9b
    .size secondary_entry, . - secondary_entry

/*
 * st_cpu_init: x19 = CurrentEL, x20 = CPU index.  Sets the stacks and the
 * EL2/EL1 control registers.  Clobbers x0-x3.  Uses no stack.
 */
    .type st_cpu_init, %function
st_cpu_init:
    /* SP for the current EL: per CPU, per EL stack tops. */
    ldr     x0, =st_stacks
    mov     x1, #(ST_STACK_SIZE * 3)
    madd    x0, x20, x1, x0             /* base of this CPU's stacks */
    add     x1, x0, #ST_STACK_SIZE      /* EL0 stack top */
    msr     sp_el0, x1
    add     x2, x1, #ST_STACK_SIZE      /* EL1 stack top */
    add     x3, x2, #ST_STACK_SIZE      /* EL2 stack top */
    msr     spsel, #1
    cmp     x19, #8
    b.ne    1f
    mov     sp, x3
    msr     sp_el1, x2

    ldr     x0, =st_vectors
    msr     vbar_el2, x0
    /* SCTLR_EL2: RES1 bits | SA | A, MMU and caches off, little endian. */
    ldr     x0, =(SCTLR_EL2_RES1 | SCTLR_SA | SCTLR_A)
    msr     sctlr_el2, x0
    /* HCR_EL2: only RW (EL1 is AArch64); no traps, no stage 2, IRQs to EL1. */
    ldr     x0, =HCR_RW
    msr     hcr_el2, x0
    /* CPTR_EL2: RES1 bits, no traps. */
    mov     x0, #0x33ff
    msr     cptr_el2, x0
    /* EL1 may use the physical counter and timer; virtual offset 0. */
    mov     x0, #3
    msr     cnthctl_el2, x0
    msr     cntvoff_el2, xzr
    msr     vttbr_el2, xzr
    /* Virtual MPIDR/MIDR for EL1 = the real ones. */
    mrs     x0, midr_el1
    msr     vpidr_el2, x0
    mrs     x0, mpidr_el1
    msr     vmpidr_el2, x0
    /* GICv3 system register interface: ICC_SRE_EL2.{Enable,SRE}. */
    mrs     x0, id_aa64pfr0_el1
    ubfx    x0, x0, #24, #4
    cbz     x0, 2f
    mov     x0, #0x9
    msr     S3_4_C12_C9_5, x0           /* ICC_SRE_EL2 */
    isb
    b       2f
1:  mov     sp, x2                      /* entered at EL1 */
2:  ldr     x0, =st_vectors
    msr     vbar_el1, x0
    ldr     x0, =(SCTLR_EL1_RES1 | SCTLR_SA | SCTLR_A)
    msr     sctlr_el1, x0
    isb
    ret
    .size st_cpu_init, . - st_cpu_init
    .ltorg

/*
 * long st_call_lower(long (*fn)(long), long arg, uint64_t spsr)
 * Runs fn(arg) with PSTATE from spsr (M field chooses EL0t/EL1t/EL1h; when
 * called at EL1, EL0t or EL1t).  SP of the target: EL1h from SP_EL1 as set
 * up (per-CPU EL1 stack top), EL0t/EL1t: SP_EL0 (per-CPU EL0 stack top).
 * Returns fn's result.  Nested calls (EL2 -> EL1 -> EL0) are allowed.
 */
    .text
    .global st_call_lower
    .type st_call_lower, %function
st_call_lower:
    stp     x29, x30, [sp, #-112]!
    mov     x29, sp
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    mrs     x3, daif
    str     x3, [sp, #96]
    /* ctx slot: st_ret_sp[cpu][el] */
    mrs     x4, mpidr_el1
    and     x4, x4, #0xff
    mrs     x5, CurrentEL
    lsr     x5, x5, #2
    add     x4, x5, x4, lsl #2          /* cpu * 4 + el */
    ldr     x6, =st_ret_sp
    mov     x7, sp
    str     x7, [x6, x4, lsl #3]
    /* Fresh stacks for the target: SP_EL0 = this CPU's EL0 stack top; when
     * at EL2 also SP_EL1 = EL1 stack top. */
    mrs     x4, mpidr_el1
    and     x4, x4, #0xff
    ldr     x6, =st_stacks
    mov     x7, #(ST_STACK_SIZE * 3)
    madd    x6, x4, x7, x6
    add     x6, x6, #ST_STACK_SIZE
    msr     sp_el0, x6
    cmp     x5, #2
    b.ne    1f
    add     x6, x6, #ST_STACK_SIZE
    msr     sp_el1, x6
    msr     elr_el2, x0
    msr     spsr_el2, x2
    ldr     x30, =st_ret_hvc
    b       2f
1:  msr     elr_el1, x0
    msr     spsr_el1, x2
    ldr     x30, =st_ret_svc
2:  mov     x0, x1
    mov     x29, #0
    isb
    eret
    .size st_call_lower, . - st_call_lower

    .global st_ret_hvc
st_ret_hvc:
    hvc     #ST_RET_IMM
    b       .
    .global st_ret_svc
st_ret_svc:
    svc     #ST_RET_IMM
    b       .

/* void st_lower_return(long value)  -- called from the exception handler of
 * the EL that ran st_call_lower, on its stack; unwinds to st_call_lower's
 * caller. */
    .global st_lower_return
    .type st_lower_return, %function
st_lower_return:
    mrs     x4, mpidr_el1
    and     x4, x4, #0xff
    mrs     x5, CurrentEL
    lsr     x5, x5, #2
    add     x4, x5, x4, lsl #2
    ldr     x6, =st_ret_sp
    ldr     x7, [x6, x4, lsl #3]
    mov     sp, x7
    ldr     x3, [sp, #96]
    msr     daif, x3
    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     x29, x30, [sp], #112
    ret
    .size st_lower_return, . - st_lower_return
    .ltorg

/* ------------------------------------------------------------------------ */
/* Exception vectors (VBAR_EL2 and VBAR_EL1).                               */

    .macro  VENTRY kind
    .balign 0x80
    sub     sp, sp, #ST_FRAME_SIZE
    stp     x0, x1, [sp, #0x00]
    mov     x0, #\kind
    b       st_exc_common
    .endm

    .balign 2048
    .global st_vectors
st_vectors:
    VECTOR_TABLE

    .balign 0x80
    .type st_exc_common, %function
st_exc_common:
    SAVE_X2_TO_X29
    mrs     x9, CurrentEL
    lsr     x9, x9, #2
    cmp     x9, #2
    b.ne    1f
    mrs     x1, elr_el2
    mrs     x2, spsr_el2
    mrs     x3, esr_el2
    mrs     x4, far_el2
    b       2f
1:  mrs     x1, elr_el1
    mrs     x2, spsr_el1
    mrs     x3, esr_el1
    mrs     x4, far_el1
2:  stp     x30, x1, [sp, #0xf0]
    stp     x2, x3, [sp, #0x100]
    stp     x4, x0, [sp, #0x110]
    str     x9, [sp, #0x120]
    mov     x0, sp
    bl      st_exc_dispatch             /* returns if handled */
    ldr     x9, [sp, #0x120]
    ldp     x1, x2, [sp, #0xf8]
    cmp     x9, #2
    b.ne    3f
    msr     elr_el2, x1
    msr     spsr_el2, x2
    b       4f
3:  msr     elr_el1, x1
    msr     spsr_el1, x2
4:  ldp     x0, x1, [sp, #0x00]
    ldp     x2, x3, [sp, #0x10]
    ldp     x4, x5, [sp, #0x20]
    ldp     x6, x7, [sp, #0x30]
    ldp     x8, x9, [sp, #0x40]
    ldp     x10, x11, [sp, #0x50]
    ldp     x12, x13, [sp, #0x60]
    ldp     x14, x15, [sp, #0x70]
    ldp     x16, x17, [sp, #0x80]
    ldp     x18, x19, [sp, #0x90]
    ldp     x20, x21, [sp, #0xa0]
    ldp     x22, x23, [sp, #0xb0]
    ldp     x24, x25, [sp, #0xc0]
    ldp     x26, x27, [sp, #0xd0]
    ldp     x28, x29, [sp, #0xe0]
    ldr     x30, [sp, #0xf0]
    add     sp, sp, #ST_FRAME_SIZE
    eret
    .size st_exc_common, . - st_exc_common

    .bss
    .balign 16
    .global st_stacks
st_stacks:
    .space  ST_STACK_SIZE * 3 * ST_MAX_CPUS
