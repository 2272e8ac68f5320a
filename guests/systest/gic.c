/*
 * systest-gic: GICv3 (Arm IHI 0069) on QEMU virt or FVP.  Distributor and
 * redistributor set-up at EL2, interrupts taken at EL1 (HCR_EL2.IMO=0), as
 * Linux without KVM does.  Prints interrupt IDs in the order taken.
 *
 * Priorities are multiples of 0x20 so that they differ in the bits every
 * GICv3 implements (at least 5 priority bits; QEMU has 5), and no two
 * pending interrupts ever share a priority (the order among equal
 * priorities is IMPLEMENTATION DEFINED).
 */
#include "gic.h"

#define LOGMAX 32
#define END(id) (0x1000 | (id))          /* log mark: handler of id returns */

static volatile uint32_t idlog[LOGMAX];
static volatile int nlog;
static volatile uint64_t nested_rpr;

/* Cross-CPU (CPU 1) state. */
static volatile uint64_t c1_ready, c1_got, c1_done;

static void log_id(uint32_t v)
{
    if (nlog < LOGMAX)
        idlog[nlog] = v;
    nlog++;
}

static void log_reset(void) { nlog = 0; }

static void wait_log(int n)
{
    for (long i = 0; i < 10000000 && nlog < n; i++)
        __asm__ volatile("" ::: "memory");
}

static void print_log(const char *what, const uint32_t *want, int nwant)
{
    char name[80];
    printf("%s: taken", what);
    for (int i = 0; i < nlog && i < LOGMAX; i++) {
        if (idlog[i] & 0x1000)
            printf(" end%u", idlog[i] & 0x3ff);
        else
            printf(" %u", idlog[i]);
    }
    printf("\n");
    snprintf(name, sizeof name, "%s: count", what);
    check_eq(name, nlog, nwant);
    for (int i = 0; i < nwant && i < nlog; i++) {
        snprintf(name, sizeof name, "%s: #%d", what, i);
        check_eq(name, idlog[i], want[i]);
    }
}

static int irq_hook(struct st_frame *f)
{
    uint32_t id = icc_iar1();

    (void)f;
    if (cpu_id() == 1) {
        if (id != SPURIOUS) {
            st_rel(&c1_got, id);
            icc_eoir1(id);
        }
        return 1;
    }
    if (id == SPURIOUS)           /* e.g. withdrawn before the acknowledge */
        return 1;
    log_id(id);
    if (id == 8) {
        /* Preemption: re-enable IRQs inside the handler (running priority
         * 0x80), then a higher (0x40) SGI preempts and a lower (0xa0) one
         * waits until this one's EOI. */
        irq_enable();
        icc_sgi1r(10, 1);
        icc_sgi1r(9, 1);
        for (long i = 0; i < 10000000 && nlog < 3; i++)
            __asm__ volatile("" ::: "memory");
        irq_disable();
        log_id(END(8));
    } else if (id == 9) {
        nested_rpr = icc_rpr();
    }
    icc_eoir1(id);
    return 1;
}

static void pend_and_wait(unsigned id)
{
    icc_sgi1r(id, 1);
    for (int i = 0; i < 1000000 && !gic_pending(0, id); i++)
        ;
}

static long el1_gic(long arg)
{
    uint32_t id;
    (void)arg;

    icc_init();
    printf("ICC_SRE_EL1.SRE = %lu\n", (unsigned long)(icc_sre() & 1));
    check_eq("ICC_SRE_EL1.SRE", icc_sre() & 1, 1);

    /* Nothing pending: the acknowledge returns the spurious INTID. */
    id = icc_iar1();
    printf("IAR with nothing pending = %u\n", id);
    check_eq("spurious IAR", id, SPURIOUS);
    check_eq("spurious HPPIR", icc_hppir1(), SPURIOUS);

    /* SGI to self, taken through the EL1 IRQ vector. */
    mmio_w32(gicr_base(0) + GICR_SGI + GICD_ISENABLER, 0xffff);
    for (unsigned i = 0; i < 16; i++)
        gic_set_prio(0, i, 0x80);
    log_reset();
    pend_and_wait(3);
    printf("SGI 3 pending while masked: %u, HPPIR = %u\n", gic_pending(0, 3), icc_hppir1());
    check_eq("SGI 3 pending", gic_pending(0, 3), 1);
    check_eq("SGI 3 HPPIR", icc_hppir1(), 3);
    irq_enable();
    wait_log(1);
    irq_disable();
    { static const uint32_t w[] = { 3 }; print_log("SGI to self", w, 1); }
    check_eq("SGI 3 not pending after", gic_pending(0, 3), 0);

    /* Priority order: 5 (0x80), 7 (0xa0), 6 (0x40) pended while masked. */
    gic_set_prio(0, 5, 0x80);
    gic_set_prio(0, 6, 0x40);
    gic_set_prio(0, 7, 0xa0);
    log_reset();
    pend_and_wait(5);
    pend_and_wait(7);
    pend_and_wait(6);
    check_eq("HPPIR = highest priority", icc_hppir1(), 6);
    irq_enable();
    wait_log(3);
    irq_disable();
    { static const uint32_t w[] = { 6, 5, 7 }; print_log("priority order", w, 3); }

    /* Preemption (see irq_hook). */
    gic_set_prio(0, 8, 0x80);
    gic_set_prio(0, 9, 0x40);
    gic_set_prio(0, 10, 0xa0);
    log_reset();
    pend_and_wait(8);
    irq_enable();
    wait_log(4);
    irq_disable();
    { static const uint32_t w[] = { 8, 9, END(8), 10 }; print_log("preemption", w, 4); }
    printf("running priority in nested handler = 0x%02lx\n", (unsigned long)nested_rpr);
    check_eq("nested RPR", nested_rpr, 0x40);

    /* PMR: an SGI of priority 0xa0 is not signalled with PMR 0x80. */
    gic_set_prio(0, 11, 0xa0);
    icc_pmr(0x80);
    log_reset();
    pend_and_wait(11);
    id = icc_iar1();
    printf("PMR 0x80, SGI 11 (0xa0) pending=%u: IAR = %u\n", gic_pending(0, 11), id);
    check_eq("PMR masks", id, SPURIOUS);
    icc_pmr(0xf0);
    irq_enable();
    wait_log(1);
    irq_disable();
    { static const uint32_t w[] = { 11 }; print_log("PMR raised", w, 1); }

    /* Acknowledge/EOI by polling (IRQs masked): pending -> active -> idle. */
    gic_set_prio(0, 12, 0x60);
    pend_and_wait(12);
    id = icc_iar1();
    printf("poll: IAR = %u, pending=%u active=%u RPR=0x%02lx\n", id, gic_pending(0, 12),
           gic_active(0, 12), (unsigned long)icc_rpr());
    check_eq("poll IAR", id, 12);
    check_eq("poll active", gic_active(0, 12), 1);
    check_eq("poll RPR", icc_rpr(), 0x60);
    icc_eoir1(id);
    printf("poll: after EOIR active=%u RPR=0x%02lx\n", gic_active(0, 12), (unsigned long)icc_rpr());
    check_eq("poll active after EOI", gic_active(0, 12), 0);
    check_eq("poll RPR idle", icc_rpr(), 0xff);

    /* SPIs made pending through GICD_ISPENDR. 40 edge, 41 level. */
    gic_spi_config(40, 1, 0);
    gic_spi_config(41, 0, 0);
    gic_set_prio(0, 40, 0x80);
    gic_set_prio(0, 41, 0x80);
    gic_enable(0, 40);
    gic_enable(0, 41);
    printf("SPI 40 edge=%u, SPI 41 edge=%u\n", gic_spi_is_edge(40), gic_spi_is_edge(41));
    check_eq("SPI 40 edge", gic_spi_is_edge(40), 1);
    check_eq("SPI 41 level", gic_spi_is_edge(41), 0);

    gic_bit_w(0, 40, GICD_ISPENDR);
    id = icc_iar1();
    printf("SPI 40: IAR = %u, pending=%u active=%u\n", id, gic_pending(0, 40), gic_active(0, 40));
    check_eq("SPI 40 IAR", id, 40);
    check_eq("SPI 40 active", gic_active(0, 40), 1);
    check_eq("SPI 40 not pending", gic_pending(0, 40), 0);
    gic_bit_w(0, 40, GICD_ISPENDR);           /* again while active */
    printf("SPI 40 re-pended while active: pending=%u active=%u, IAR = %u\n",
           gic_pending(0, 40), gic_active(0, 40), icc_iar1());
    check_eq("SPI 40 active+pending", gic_pending(0, 40) * 2 + gic_active(0, 40), 3);
    icc_eoir1(40);
    id = icc_iar1();
    printf("SPI 40 after EOI: IAR = %u\n", id);
    check_eq("SPI 40 second IAR", id, 40);
    icc_eoir1(40);

    gic_bit_w(0, 41, GICD_ISPENDR);
    id = icc_iar1();
    printf("SPI 41 (level, software pended): IAR = %u, pending after ack=%u\n", id, gic_pending(0, 41));
    check_eq("SPI 41 IAR", id, 41);
    check_eq("SPI 41 latch cleared by ack", gic_pending(0, 41), 0);
    icc_eoir1(41);
    check_eq("SPI 41 idle", icc_iar1(), SPURIOUS);

    gic_bit_w(0, 40, GICD_ISPENDR);
    gic_bit_w(0, 40, GICD_ICPENDR);
    id = icc_iar1();
    printf("SPI 40 pended then cleared via ICPENDR: pending=%u IAR = %u\n", gic_pending(0, 40), id);
    check_eq("ICPENDR clears", id, SPURIOUS);

    gic_disable(0, 41);
    gic_bit_w(0, 41, GICD_ISPENDR);
    id = icc_iar1();
    printf("SPI 41 disabled+pending: IAR = %u\n", id);
    check_eq("disabled not forwarded", id, SPURIOUS);
    log_reset();
    gic_enable(0, 41);
    irq_enable();
    wait_log(1);
    irq_disable();
    { static const uint32_t w[] = { 41 }; print_log("SPI 41 after enable", w, 1); }

    /* SGIs between CPUs: CPU 1 (woken by PSCI CPU_ON from EL2) waits at EL1. */
    if (!wait_eq(&c1_ready, 1, 100000000UL)) {
        check_true("CPU 1 ready", 0);
        return 0;
    }
    icc_sgi1r(2, 1u << 1);
    int ok = wait_eq(&c1_done, 1, 100000000UL);
    printf("SGI 2 to CPU 1: CPU 1 took INTID %lu (%s)\n", (unsigned long)c1_got, ok ? "done" : "timeout");
    check_eq("CPU 1 INTID", c1_got, 2);
    /* CPU 1 answers with SGI 4 to CPU 0. */
    log_reset();
    irq_enable();
    wait_log(1);
    irq_disable();
    { static const uint32_t w[] = { 4 }; print_log("SGI 4 from CPU 1", w, 1); }
    return 0;
}

static long cpu1_el1(long arg)
{
    (void)arg;
    icc_init();
    gic_set_prio(1, 2, 0x80);
    gic_enable(1, 2);
    st_rel(&c1_ready, 1);
    irq_enable();
    while (!ld_acq(&c1_got))
        __asm__ volatile("wfi" ::: "memory");
    irq_disable();
    icc_sgi1r(4, 1u << 0);
    st_rel(&c1_done, 1);
    return 0;
}

void secondary_main(uint64_t context_id, uint64_t entry_currentel)
{
    (void)context_id;
    if ((entry_currentel >> 2) != 2)
        return;
    gicr_wake(1);
    run_el1(cpu1_el1, 0);
}

int main(void)
{
    uint32_t pidr2;
    int64_t r;

    printf("systest-gic: boot CurrentEL=%lu\n", (unsigned long)(st_boot_el >> 2));
    check_eq("boot at EL2", st_boot_el >> 2, 2);

    pidr2 = mmio_r32(GICD_BASE + GICD_PIDR2);
    printf("GICD_PIDR2.ArchRev = %u\n", (pidr2 >> 4) & 0xf);
    check_eq("GICv3", (pidr2 >> 4) & 0xf, 3);
    printf("GICR_TYPER(cpu1).Affinity = 0x%lx, Last(cpu1) = %lu\n",
           (unsigned long)(mmio_r64(gicr_base(1) + GICR_TYPER) >> 32),
           (unsigned long)((mmio_r64(gicr_base(1) + GICR_TYPER) >> 4) & 1));
    check_eq("GICR1 affinity", mmio_r64(gicr_base(1) + GICR_TYPER) >> 32, 1);

    gicd_init();
    printf("GICR_WAKER.ChildrenAsleep after wake = %u\n", gicr_wake(0));
    st_irq_hook = irq_hook;

    r = psci_cpu_on(1, 0);
    check_eq("CPU_ON", (uint64_t)r, 0);
    run_el1(el1_gic, 0);
    return test_finish("systest-gic");
}
