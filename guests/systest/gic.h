/*
 * Minimal GICv3 driver for the system tests (addresses from board.h: QEMU
 * virt by default, FVP with -DBOARD_FVP; redistributors 128 KiB apart).
 * All interrupts are Group 1 (Non-secure view / single security state);
 * affinity routing on.
 */
#ifndef JAFFA_ST_GIC_H
#define JAFFA_ST_GIC_H

#include "rt.h"
#include "board.h"

#define GICD_CTLR       0x0000
#define GICD_TYPER      0x0004
#define GICD_IGROUPR    0x0080
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_ISPENDR    0x0200
#define GICD_ICPENDR    0x0280
#define GICD_ISACTIVER  0x0300
#define GICD_ICACTIVER  0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR      0x0C00
#define GICD_IROUTER    0x6000
#define GICD_PIDR2      0xFFE8

#define GICR_CTLR       0x0000
#define GICR_TYPER      0x0008
#define GICR_WAKER      0x0014
#define GICR_SGI        0x10000     /* SGI_base frame */

#define SPURIOUS        1023

static inline uint32_t mmio_r32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint64_t mmio_r64(uintptr_t a) { return *(volatile uint64_t *)a; }
static inline void mmio_w64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }
static inline void mmio_w8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }

static inline uintptr_t gicr_base(unsigned cpu) { return GICR_BASE + cpu * GICR_STRIDE; }

static inline void gicd_wait_rwp(void)
{
    for (int i = 0; i < 1000000 && (mmio_r32(GICD_BASE + GICD_CTLR) & (1u << 31)); i++)
        ;
}

/* Distributor: affinity routing + both groups enabled.  With one security
 * state (DS=1) bits are EnableGrp0|EnableGrp1|ARE; in the Non-secure view
 * of a two-state GIC the same value means EnableGrp1|EnableGrp1A|ARE_NS. */
static inline void gicd_init(void)
{
    mmio_w32(GICD_BASE + GICD_CTLR, 0x13);
    gicd_wait_rwp();
}

/* Wakes this CPU's redistributor; returns GICR_WAKER.ChildrenAsleep after. */
static inline unsigned gicr_wake(unsigned cpu)
{
    uintptr_t rd = gicr_base(cpu);
    uint32_t w = mmio_r32(rd + GICR_WAKER);
    mmio_w32(rd + GICR_WAKER, w & ~2u);                 /* ProcessorSleep = 0 */
    for (int i = 0; i < 1000000 && (mmio_r32(rd + GICR_WAKER) & 4); i++)
        ;
    /* All SGIs/PPIs Group 1. */
    mmio_w32(rd + GICR_SGI + GICD_IGROUPR, 0xffffffff);
    return (mmio_r32(rd + GICR_WAKER) >> 2) & 1;
}

/* CPU interface at the current EL (EL1, or EL2 for interrupts routed there). */
static inline void icc_init(void)
{
    uint64_t sre;
    __asm__ volatile("mrs %0, S3_0_C12_C12_5" : "=r"(sre));          /* ICC_SRE_EL1 */
    __asm__ volatile("msr S3_0_C12_C12_5, %0" : : "r"(sre | 1));      /* SRE */
    isb();
    __asm__ volatile("msr S3_0_C4_C6_0, %0" : : "r"((uint64_t)0xf0)); /* ICC_PMR_EL1 */
    __asm__ volatile("msr S3_0_C12_C12_3, %0" : : "r"((uint64_t)0));  /* ICC_BPR1_EL1 */
    __asm__ volatile("msr S3_0_C12_C12_7, %0" : : "r"((uint64_t)1));  /* ICC_IGRPEN1_EL1 */
    isb();
}

static inline uint64_t icc_sre(void) { uint64_t v; __asm__ volatile("mrs %0, S3_0_C12_C12_5" : "=r"(v)); return v; }
static inline uint32_t icc_iar1(void) { uint64_t v; __asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(v) : : "memory"); return (uint32_t)v & 0xffffff; }
static inline uint32_t icc_hppir1(void) { uint64_t v; __asm__ volatile("mrs %0, S3_0_C12_C12_2" : "=r"(v) : : "memory"); return (uint32_t)v & 0xffffff; }
static inline void icc_eoir1(uint32_t id) { __asm__ volatile("msr S3_0_C12_C12_1, %0" : : "r"((uint64_t)id) : "memory"); isb(); }
static inline uint64_t icc_rpr(void) { uint64_t v; __asm__ volatile("mrs %0, S3_0_C12_C11_3" : "=r"(v) : : "memory"); return v & 0xff; }
static inline void icc_pmr(uint64_t v) { __asm__ volatile("msr S3_0_C4_C6_0, %0" : : "r"(v) : "memory"); isb(); }
/* SGI to CPUs (Aff0 bit mask) in Aff3.2.1 = 0.0.0. */
static inline void icc_sgi1r(unsigned intid, unsigned targets)
{
    uint64_t v = ((uint64_t)intid << 24) | targets;
    __asm__ volatile("msr S3_0_C12_C11_5, %0" : : "r"(v) : "memory");
    isb();
}

static inline void irq_enable(void) { __asm__ volatile("msr daifclr, #2" : : : "memory"); }
static inline void irq_disable(void) { __asm__ volatile("msr daifset, #2" : : : "memory"); }

/* Per-interrupt configuration: SGI/PPI in the CPU's redistributor, SPIs in the distributor. */
static inline uintptr_t gic_frame(unsigned cpu, unsigned id)
{
    return id < 32 ? gicr_base(cpu) + GICR_SGI : GICD_BASE;
}
static inline void gic_set_prio(unsigned cpu, unsigned id, uint8_t prio)
{
    mmio_w8(gic_frame(cpu, id) + GICD_IPRIORITYR + id, prio);
}
static inline void gic_bit_w(unsigned cpu, unsigned id, unsigned reg)
{
    mmio_w32(gic_frame(cpu, id) + reg + (id / 32) * 4, 1u << (id % 32));
}
static inline unsigned gic_bit_r(unsigned cpu, unsigned id, unsigned reg)
{
    return (mmio_r32(gic_frame(cpu, id) + reg + (id / 32) * 4) >> (id % 32)) & 1;
}
static inline void gic_enable(unsigned cpu, unsigned id)
{
    gic_bit_w(cpu, id, GICD_ISENABLER);
    if (id >= 32)
        gicd_wait_rwp();
}
static inline void gic_disable(unsigned cpu, unsigned id)
{
    gic_bit_w(cpu, id, GICD_ICENABLER);
    if (id >= 32)
        gicd_wait_rwp();
}
static inline unsigned gic_pending(unsigned cpu, unsigned id) { return gic_bit_r(cpu, id, GICD_ISPENDR); }
static inline unsigned gic_active(unsigned cpu, unsigned id) { return gic_bit_r(cpu, id, GICD_ISACTIVER); }

/* SPI: group 1, edge or level, routed to Aff0 = cpu. */
static inline void gic_spi_config(unsigned id, int edge, unsigned cpu)
{
    uintptr_t cfg = GICD_BASE + GICD_ICFGR + (id / 16) * 4;
    unsigned sh = (id % 16) * 2;
    uint32_t v = mmio_r32(cfg);
    v = (v & ~(3u << sh)) | ((edge ? 2u : 0u) << sh);
    mmio_w32(cfg, v);
    v = mmio_r32(GICD_BASE + GICD_IGROUPR + (id / 32) * 4);
    mmio_w32(GICD_BASE + GICD_IGROUPR + (id / 32) * 4, v | (1u << (id % 32)));
    mmio_w64(GICD_BASE + GICD_IROUTER + id * 8, cpu);
}
static inline unsigned gic_spi_is_edge(unsigned id)
{
    return (mmio_r32(GICD_BASE + GICD_ICFGR + (id / 16) * 4) >> ((id % 16) * 2 + 1)) & 1;
}

#endif
