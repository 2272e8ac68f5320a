/*
 * Jaffa guest start-up code.  Entered at EL1 with the MMU off, interrupts
 * masked and all registers undefined.
 */
#include "vectors.h"
    .section .text.boot, "ax"
    .global _start
    .type _start, %function
_start:
#ifdef JAFFA_FP
    /* SIMD&FP guests (crt0-fp.o): CPACR_EL1.FPEN = 0b11, no traps at EL1/EL0. */
    mov     x0, #(3 << 20)
    msr     cpacr_el1, x0
    isb
#endif
    msr     daifset, #0xf
    msr     spsel, #1
    ldr     x0, =__stack_top
    mov     sp, x0

    /* Zero .bss (16-byte aligned start and end, see link.ld). */
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:
    ldr     x0, =__vectors
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

    mov     x29, #0
    mov     x30, #0
    bl      main
    bl      exit                /* exit(main's return value); does not return */
3:  b       3b
    .size _start, . - _start
    .ltorg

/* ------------------------------------------------------------------------ */
/* Exception vectors: 16 entries of 0x80 bytes, table 2 KiB aligned.        */

#define FRAME_SIZE 0x120

    .macro  VENTRY kind
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0x00]
    mov     x0, #\kind
    b       exc_common
    .endm

    .text
    .balign 2048
    .global __vectors
__vectors:
    VECTOR_TABLE

    .balign 0x80
    .type exc_common, %function
exc_common:
    SAVE_X2_TO_X29
    mrs     x1, elr_el1
    stp     x30, x1, [sp, #0xf0]
    mrs     x1, spsr_el1
    mrs     x2, esr_el1
    stp     x1, x2, [sp, #0x100]
    mrs     x1, far_el1
    stp     x1, x0, [sp, #0x110]

    mov     x1, x0
    mov     x0, sp
    bl      exc_dispatch        /* returns only if the exception was handled */

    ldp     x1, x2, [sp, #0xf8]
    msr     elr_el1, x1
    msr     spsr_el1, x2
    ldp     x0, x1, [sp, #0x00]
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
    add     sp, sp, #FRAME_SIZE
    eret
    .size exc_common, . - exc_common
