/*
 * S-EL0 SP entry (e_entry).  The SPMC enters at EL0t with x0 = boot-info
 * VA, SP_EL0 = top of the stack it allocated (stack_size from .sp_head),
 * all other GPRs 0, relocations already applied.  Zero .bss (the SPMC maps
 * it zeroed, so this only costs a few pages of stores), then run C.
 * Only PC-relative addressing here: nothing needs a relocation.
 */
    .section .text.entry, "ax"
    .global _sp_entry
    .type _sp_entry, %function
_sp_entry:
    mov     x19, x0
    adrp    x1, __bss_start
    add     x1, x1, :lo12:__bss_start
    adrp    x2, __bss_end
    add     x2, x2, :lo12:__bss_end
1:  cmp     x1, x2
    b.hs    2f
    stp     xzr, xzr, [x1], #16
    b       1b
2:  mov     x0, x19
    mov     x29, #0
    mov     x30, #0
    bl      sp_rt_main
3:  b       3b
    .size _sp_entry, . - _sp_entry
