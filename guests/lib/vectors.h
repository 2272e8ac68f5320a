/*
 * Assembler pieces shared by the start-up files (lib/crt0.S, systest/start.S): the 16-entry
 * vector table built from the including file's VENTRY macro, and the save of x2..x29 into the
 * exception frame both use (x0/x1 are saved by VENTRY itself, x30 and the ELR after).
 */
#ifndef JAFFA_VECTORS_H
#define JAFFA_VECTORS_H

    .macro VECTOR_TABLE
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    VENTRY  \n
    .endr
    .endm

    .macro SAVE_X2_TO_X29
    stp     x2, x3, [sp, #0x10]
    stp     x4, x5, [sp, #0x20]
    stp     x6, x7, [sp, #0x30]
    stp     x8, x9, [sp, #0x40]
    stp     x10, x11, [sp, #0x50]
    stp     x12, x13, [sp, #0x60]
    stp     x14, x15, [sp, #0x70]
    stp     x16, x17, [sp, #0x80]
    stp     x18, x19, [sp, #0x90]
    stp     x20, x21, [sp, #0xa0]
    stp     x22, x23, [sp, #0xb0]
    stp     x24, x25, [sp, #0xc0]
    stp     x26, x27, [sp, #0xd0]
    stp     x28, x29, [sp, #0xe0]
    .endm

#endif
