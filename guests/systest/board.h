/*
 * Board addresses for the system tests, chosen at compile time:
 *   (default)     QEMU virt (and Jaffa --machine virt): GICv3 at 0x08000000 /
 *                 0x080A0000, PL011 at 0x09000000;
 *   -DBOARD_FVP   Arm FVP Base RevC (and Jaffa --machine fvp): GICD at
 *                 0x2F000000, GICR at 0x2F100000, PL011 UART0 at 0x1C090000.
 * Both boards have RAM at 0x40100000, where lib/link.ld places the program
 * (fvp: Jaffa's 256 MiB secondary window), PSCI over SMC and EL2.
 * The programs never print these addresses, so the output of a program is
 * the same on both boards.
 */
#ifndef JAFFA_ST_BOARD_H
#define JAFFA_ST_BOARD_H

#ifdef BOARD_FVP
#define GICD_BASE       0x2F000000UL
#define GICR_BASE       0x2F100000UL
#define UART_BASE       0x1C090000UL
/* Device region identity-mapped by systest-mmu: UART0 .. GIC. */
#define DEV_MAP_START   0x1C000000UL
#define DEV_MAP_END     0x30000000UL
#else
#define GICD_BASE       0x08000000UL
#define GICR_BASE       0x080A0000UL
#define UART_BASE       0x09000000UL
/* Device region identity-mapped by systest-mmu: GIC .. PL011, PL031. */
#define DEV_MAP_START   0x08000000UL
#define DEV_MAP_END     0x0A000000UL
#endif

/* Redistributor frames (RD_base + SGI_base) are 128 KiB apart on both. */
#define GICR_STRIDE     0x20000UL

#endif
