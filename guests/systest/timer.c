/*
 * systest-timer: the generic timer (Arm ARM D11) through the GICv3.
 * EL2 physical timer (PPI 26) taken at EL2 with HCR_EL2.IMO=1; EL1
 * physical (PPI 30) and virtual (PPI 27) timers taken at EL1.  Prints
 * facts only, never counter values or frequencies.
 */
#include "gic.h"

#define CTL_ENABLE  1
#define CTL_IMASK   2
#define CTL_ISTATUS 4

static volatile uint32_t taken_id[8];
static volatile uint64_t taken_el[8];
static volatile int ntaken;

static int irq_hook(struct st_frame *f)
{
    uint32_t id = icc_iar1();

    if (id == SPURIOUS)
        return 1;
    /* Silence the (level) timer output before the EOI. */
    if (id == 26)
        write_sysreg(cnthp_ctl_el2, 0);
    else if (id == 30)
        write_sysreg(cntp_ctl_el0, 0);
    else if (id == 27)
        write_sysreg(cntv_ctl_el0, 0);
    isb();
    if (ntaken < 8) {
        taken_id[ntaken] = id;
        taken_el[ntaken] = f->el;
    }
    ntaken++;
    icc_eoir1(id);
    return 1;
}

static uint64_t cntpct(void) { isb(); return read_sysreg(cntpct_el0); }
static uint64_t cntvct(void) { isb(); return read_sysreg(cntvct_el0); }

/* Waits (WFI, IRQs masked) until PPI `id` is pending; 1 if it became pending. */
static int wfi_until_pending(unsigned id)
{
    uint64_t freq = read_sysreg(cntfrq_el0);
    uint64_t end = cntpct() + freq;          /* give up after one second of counter */
    while (!gic_pending(0, id)) {
        if (cntpct() > end)
            return 0;
        __asm__ volatile("wfi" ::: "memory");
    }
    return 1;
}

static void expect_taken(const char *what, unsigned id, unsigned el)
{
    char name[80];
    irq_enable();
    for (int i = 0; i < 1000000 && ntaken == 0; i++)
        __asm__ volatile("" ::: "memory");
    irq_disable();
    printf("%s: taken %d interrupt(s), INTID %u at EL%lu\n", what, ntaken, taken_id[0],
           (unsigned long)taken_el[0]);
    snprintf(name, sizeof name, "%s count", what);
    check_eq(name, ntaken, 1);
    snprintf(name, sizeof name, "%s INTID", what);
    check_eq(name, taken_id[0], id);
    snprintf(name, sizeof name, "%s EL", what);
    check_eq(name, taken_el[0], el);
    ntaken = 0;
}

/* ---- EL1 ----------------------------------------------------------------- */

static long el1_timer(long arg)
{
    uint64_t freq = read_sysreg(cntfrq_el0), c, v;
    int64_t tval;
    (void)arg;

    icc_init();
    gic_set_prio(0, 30, 0x80);
    gic_set_prio(0, 27, 0x80);
    gic_enable(0, 30);
    gic_enable(0, 27);

    /* TVAL write: CVAL = CNTPCT + TVAL (sign-extended); condition not met. */
    write_sysreg(cntp_ctl_el0, CTL_ENABLE | CTL_IMASK);
    c = cntpct();
    write_sysreg(cntp_tval_el0, 0x7fffffff);
    isb();
    v = read_sysreg(cntp_cval_el0);
    tval = (int32_t)read_sysreg(cntp_tval_el0);
    printf("phys TVAL=0x7fffffff: ISTATUS=%lu, CVAL-CNTPCT in range: %s, TVAL positive: %s\n",
           (unsigned long)((read_sysreg(cntp_ctl_el0) >> 2) & 1),
           (v >= c + 0x7fffffff && v <= cntpct() + 0x7fffffff) ? "yes" : "no",
           (tval > 0 && tval <= 0x7fffffff) ? "yes" : "no");
    check_eq("TVAL: ISTATUS 0", read_sysreg(cntp_ctl_el0) & CTL_ISTATUS, 0);
    check_true("TVAL: CVAL = CNTPCT + TVAL", v >= c + 0x7fffffff && v <= cntpct() + 0x7fffffff);
    check_true("TVAL readback", tval > 0);

    /* CVAL in the past, IMASK=1: ISTATUS=1 but no interrupt; TVAL negative. */
    write_sysreg(cntp_cval_el0, cntpct() - 1000);
    isb();
    tval = (int32_t)read_sysreg(cntp_tval_el0);
    printf("phys CVAL past, IMASK=1: ISTATUS=%lu, TVAL negative: %s, PPI 30 pending=%u\n",
           (unsigned long)((read_sysreg(cntp_ctl_el0) >> 2) & 1), tval < 0 ? "yes" : "no",
           gic_pending(0, 30));
    check_eq("past: ISTATUS 1", read_sysreg(cntp_ctl_el0) & CTL_ISTATUS, CTL_ISTATUS);
    check_true("past: TVAL negative", tval < 0);
    check_eq("IMASK: not pending", gic_pending(0, 30), 0);

    /* IMASK=0: the interrupt is asserted (level) and taken at EL1. */
    write_sysreg(cntp_ctl_el0, CTL_ENABLE);
    isb();
    for (int i = 0; i < 100000 && !gic_pending(0, 30); i++)
        ;
    printf("phys IMASK=0: PPI 30 pending=%u\n", gic_pending(0, 30));
    check_eq("unmasked: pending", gic_pending(0, 30), 1);
    expect_taken("EL1 physical timer", 30, 1);
    check_eq("handler disabled timer: PPI 30 pending", gic_pending(0, 30), 0);

    /* WFI woken by the timer (IRQs masked at PSTATE: WFI still wakes). */
    write_sysreg(cntp_tval_el0, freq / 1000 + 1);
    write_sysreg(cntp_ctl_el0, CTL_ENABLE);
    isb();
    int woke = wfi_until_pending(30);
    printf("WFI woken by EL1 physical timer: %s, ISTATUS=%lu\n", woke ? "yes" : "no",
           (unsigned long)((read_sysreg(cntp_ctl_el0) >> 2) & 1));
    check_true("WFI woken", woke);
    expect_taken("EL1 physical timer after WFI", 30, 1);

    /* Virtual timer.  EL2 set CNTVOFF_EL2 = -2^40, so CNTVCT = CNTPCT + 2^40. */
    write_sysreg(cntv_ctl_el0, CTL_ENABLE | CTL_IMASK);
    write_sysreg(cntv_cval_el0, cntpct() + (1ULL << 20));
    isb();
    printf("virt CVAL = CNTPCT + 2^20: ISTATUS=%lu (offset makes it past)\n",
           (unsigned long)((read_sysreg(cntv_ctl_el0) >> 2) & 1));
    check_eq("virt offset: met", read_sysreg(cntv_ctl_el0) & CTL_ISTATUS, CTL_ISTATUS);
    write_sysreg(cntv_cval_el0, cntvct() + (1ULL << 39));
    isb();
    printf("virt CVAL = CNTVCT + 2^39: ISTATUS=%lu\n", (unsigned long)((read_sysreg(cntv_ctl_el0) >> 2) & 1));
    check_eq("virt future: not met", read_sysreg(cntv_ctl_el0) & CTL_ISTATUS, 0);
    c = cntvct();
    write_sysreg(cntv_tval_el0, freq / 1000 + 1);
    isb();
    v = read_sysreg(cntv_cval_el0);
    check_true("virt TVAL relative to CNTVCT", v >= c + freq / 1000 + 1 && v <= cntvct() + freq / 1000 + 1);
    write_sysreg(cntv_ctl_el0, CTL_ENABLE);
    isb();
    woke = wfi_until_pending(27);
    printf("WFI woken by virtual timer: %s\n", woke ? "yes" : "no");
    check_true("virt WFI woken", woke);
    expect_taken("EL1 virtual timer", 27, 1);
    return 0;
}

/* EL1/EL0 timer access traps. */
static volatile uint64_t g_pc;
static long el1_cntp_ctl(long a) { uint64_t pc; __asm__ volatile("adr %0, 1f\n1: mrs x5, cntp_ctl_el0" : "=&r"(pc) : : "x5", "memory"); g_pc = pc; return a; }
static long el1_cntpct(long a) { uint64_t pc; __asm__ volatile("adr %0, 1f\n1: mrs x5, cntpct_el0" : "=&r"(pc) : : "x5", "memory"); g_pc = pc; return a; }
static long el0_cntvct(long a) { uint64_t pc; __asm__ volatile("adr %0, 1f\n1: mrs x5, cntvct_el0" : "=&r"(pc) : : "x5", "memory"); g_pc = pc; return a; }

static uint64_t iss_sys(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt, unsigned rd)
{
    return ((uint64_t)op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | rd;
}

static long el1_el0_trap(long a)
{
    write_sysreg(cntkctl_el1, 0);            /* EL0VCTEN=0 ... */
    isb();
    st_expect(1);
    run_el0(el0_cntvct, 0);
    st_check_exc("EL0 CNTVCT_EL0, CNTKCTL_EL1.EL0VCTEN=0", 1, VEC_LOWER64_SYNC,
                 ESR(0x18, iss_sys(3, 3, 14, 0, 2, 5, 1)), g_pc, 0, SPSR_EL0t);
    return a;
}

/*
 * Event streams (Arm ARM D11): with EVNTEN set, bit EVNTI of the count turning 1 (EVNTDIR=0) or
 * 0 (EVNTDIR=1) is a WFE wake-up event, so a WFE with nothing else to wake it returns.  Jaffa
 * wakes it at the trigger; QEMU does not wait in WFE at all, so only "returned" is compared.
 * The exact wake-up times are checked by Jaffa's EventStreamTest.
 */
#define EVNTEN  (1u << 2)
#define EVNTDIR (1u << 3)
#define EVNTI(n) ((uint64_t)(n) << 4)

static void wfe_waits(const char *what, int n)
{
    for (int i = 0; i < n; i++)
        __asm__ volatile("sevl\n\twfe\n\twfe" ::: "memory");
    printf("%s: %d WFE waits returned\n", what, n);
}

static long el1_event_stream(long arg)
{
    uint64_t saved = read_sysreg(cntkctl_el1), v = EVNTI(5) | EVNTDIR | EVNTEN;
    (void)arg;
    write_sysreg(cntkctl_el1, (saved & ~0xfcULL) | v);
    isb();
    printf("CNTKCTL_EL1 event fields read back: %s\n", (read_sysreg(cntkctl_el1) & 0xfc) == v ? "yes" : "no");
    check_eq("CNTKCTL_EL1 event fields", read_sysreg(cntkctl_el1) & 0xfc, v);
    wfe_waits("event stream CNTKCTL_EL1 (virtual count, EVNTI=5, EVNTDIR=1)", 8);
    write_sysreg(cntkctl_el1, saved);
    isb();
    return 0;
}

int main(void)
{
    uint64_t freq = read_sysreg(cntfrq_el0), p1, p2, v;
    uint64_t cnthctl = read_sysreg(cnthctl_el2);

    printf("systest-timer: boot CurrentEL=%lu\n", (unsigned long)(st_boot_el >> 2));
    check_eq("boot at EL2", st_boot_el >> 2, 2);
    printf("CNTFRQ_EL0 non-zero: %s\n", freq ? "yes" : "no");
    check_true("CNTFRQ non-zero", freq != 0);
    p1 = cntpct();
    p2 = cntpct();
    check_true("CNTPCT monotonic", p2 >= p1);

    gicd_init();
    gicr_wake(0);
    st_irq_hook = irq_hook;

    /* EL2 physical timer, IRQ routed to EL2 (HCR_EL2.IMO=1), taken at EL2. */
    write_sysreg(hcr_el2, read_sysreg(hcr_el2) | HCR_IMO);
    isb();
    icc_init();
    gic_set_prio(0, 26, 0x80);
    gic_enable(0, 26);
    write_sysreg(cnthp_tval_el2, freq / 1000 + 1);
    write_sysreg(cnthp_ctl_el2, CTL_ENABLE);
    isb();
    int woke = wfi_until_pending(26);
    printf("WFI woken by EL2 physical timer: %s, ISTATUS=%lu\n", woke ? "yes" : "no",
           (unsigned long)((read_sysreg(cnthp_ctl_el2) >> 2) & 1));
    check_true("EL2 timer WFI", woke);
    expect_taken("EL2 physical timer", 26, 2);
    write_sysreg(hcr_el2, read_sysreg(hcr_el2) & ~(uint64_t)HCR_IMO);
    isb();

    /* CNTVOFF_EL2: CNTVCT = CNTPCT - CNTVOFF. */
    write_sysreg(cntvoff_el2, -(1ULL << 40));
    p1 = cntpct();
    v = cntvct();
    p2 = cntpct();
    printf("CNTVOFF_EL2=-2^40: CNTVCT - CNTPCT == 2^40: %s\n",
           (v >= p1 + (1ULL << 40) && v <= p2 + (1ULL << 40)) ? "yes" : "no");
    check_true("CNTVOFF applied", v >= p1 + (1ULL << 40) && v <= p2 + (1ULL << 40));

    run_el1(el1_timer, 0);

    /* CNTHCTL_EL2.EL1PCEN/EL1PCTEN = 0: EL1 physical timer/counter accesses trap to EL2. */
    write_sysreg(cnthctl_el2, cnthctl & ~3ULL);
    isb();
    st_expect(1);
    run_el1(el1_cntp_ctl, 0);
    st_check_exc("EL1 CNTP_CTL_EL0, CNTHCTL_EL2.EL1PCEN=0", 2, VEC_LOWER64_SYNC,
                 ESR(0x18, iss_sys(3, 3, 14, 2, 1, 5, 1)), g_pc, 0, SPSR_EL1h);
    st_expect(1);
    run_el1(el1_cntpct, 0);
    st_check_exc("EL1 CNTPCT_EL0, CNTHCTL_EL2.EL1PCTEN=0", 2, VEC_LOWER64_SYNC,
                 ESR(0x18, iss_sys(3, 3, 14, 0, 1, 5, 1)), g_pc, 0, SPSR_EL1h);
    write_sysreg(cnthctl_el2, cnthctl);
    isb();
    run_el1(el1_el0_trap, 0);

    /* No timer is armed from here on: only the event streams end the WFE waits. */
    write_sysreg(cnthctl_el2, (cnthctl & ~0xfcULL) | EVNTI(6) | EVNTEN);
    isb();
    printf("CNTHCTL_EL2 event fields read back: %s\n",
           (read_sysreg(cnthctl_el2) & 0xfc) == (EVNTI(6) | EVNTEN) ? "yes" : "no");
    check_eq("CNTHCTL_EL2 event fields", read_sysreg(cnthctl_el2) & 0xfc, EVNTI(6) | EVNTEN);
    wfe_waits("event stream CNTHCTL_EL2 (physical count, EVNTI=6, EVNTDIR=0)", 8);
    write_sysreg(cnthctl_el2, cnthctl);
    isb();
    run_el1(el1_event_stream, 0);

    return test_finish("systest-timer");
}
