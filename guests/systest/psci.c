/*
 * systest-psci: PSCI 1.x and SMCCC over SMC from EL2 (and once from EL1),
 * Arm DEN0022 (PSCI) and DEN0028 (SMCCC).  Ends with SYSTEM_OFF after the
 * PASS line instead of a semihosting exit (QEMU then exits with status 0).
 */
#include "rt.h"

#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON         (-4)
#define AFF_ON                  0
#define AFF_OFF                 1

/* Shared with CPU 1 (MMU off: Device memory, coherent). */
static volatile uint64_t sec_ctx, sec_el, sec_seen, sec_go_off;

/* Both CPUs add to this with LDXR/STXR at once (the atomic round). */
#define ATOMIC_CTX 0xa70a1c00ULL
#define ATOMIC_ADDS 200000
static volatile uint64_t shared_counter, sec_adds_done;

static void atomic_adds(volatile uint64_t *p, int n)
{
    for (int i = 0; i < n; i++) {
        uint64_t v;
        uint32_t fail;
        __asm__ volatile("1: ldxr %0, [%2]\n"
                         "   add %0, %0, #1\n"
                         "   stxr %w1, %0, [%2]\n"
                         "   cbnz %w1, 1b\n"
                         : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
    }
}

void secondary_main(uint64_t context_id, uint64_t entry_currentel)
{
    if (context_id == ATOMIC_CTX) {
        atomic_adds(&shared_counter, ATOMIC_ADDS);
        st_rel(&sec_adds_done, 1);
    }
    sec_ctx = context_id;
    sec_el = entry_currentel >> 2;
    st_rel(&sec_seen, sec_seen + 1);
    while (!ld_acq(&sec_go_off))
        ;
    st_rel(&sec_go_off, 0);
    /* returning: start.S calls PSCI CPU_OFF */
}

static int64_t affinity_info(uint64_t mpidr)
{
    return (int64_t)smc_call(PSCI_AFFINITY_INFO64, mpidr, 0, 0);
}

/* Waits for AFFINITY_INFO(mpidr) == state; returns the last value. */
static int64_t wait_affinity(uint64_t mpidr, int64_t state)
{
    int64_t v = affinity_info(mpidr);
    for (int i = 0; i < 1000000 && v != state; i++)
        v = affinity_info(mpidr);
    return v;
}

static void cpu1_cycle(uint64_t ctx, int round)
{
    char name[64];
    uint64_t seen = sec_seen;
    int64_t r;

    r = psci_cpu_on(1, ctx);
    printf("round %d: CPU_ON(1) = %ld\n", round, (long)r);
    snprintf(name, sizeof name, "round %d CPU_ON", round);
    check_eq(name, (uint64_t)r, PSCI_SUCCESS);
    int ok = wait_eq(&sec_seen, seen + 1, 100000000UL);
    printf("round %d: CPU 1 reported: %s, context id 0x%lx, entry EL%lu\n", round,
           ok ? "yes" : "no", (unsigned long)sec_ctx, (unsigned long)sec_el);
    snprintf(name, sizeof name, "round %d CPU 1 ran", round);
    check_true(name, ok);
    snprintf(name, sizeof name, "round %d context id", round);
    check_eq(name, sec_ctx, ctx);
    /* PSCI: the CPU starts at the Exception level of the CPU_ON caller. */
    snprintf(name, sizeof name, "round %d entry EL", round);
    check_eq(name, sec_el, 2);

    r = affinity_info(1);
    printf("round %d: AFFINITY_INFO(1) while on = %ld\n", round, (long)r);
    snprintf(name, sizeof name, "round %d AFFINITY_INFO on", round);
    check_eq(name, (uint64_t)r, AFF_ON);

    r = psci_cpu_on(1, ctx + 1);
    printf("round %d: CPU_ON(1) again = %ld\n", round, (long)r);
    snprintf(name, sizeof name, "round %d ALREADY_ON", round);
    check_eq(name, (uint64_t)r, (uint64_t)PSCI_ALREADY_ON);

    st_rel(&sec_go_off, 1);
    r = wait_affinity(1, AFF_OFF);
    printf("round %d: AFFINITY_INFO(1) after CPU_OFF = %ld\n", round, (long)r);
    snprintf(name, sizeof name, "round %d AFFINITY_INFO off", round);
    check_eq(name, (uint64_t)r, AFF_OFF);
}

static long el1_version(long a)
{
    (void)a;
    return (long)smc_call(PSCI_VERSION, 0, 0, 0);
}

int main(void)
{
    static const struct { uint32_t fid; const char *name; } feats[] = {
        { PSCI_VERSION, "PSCI_VERSION" },
        { PSCI_CPU_OFF, "CPU_OFF" },
        { PSCI_CPU_ON64, "CPU_ON64" },
        { PSCI_AFFINITY_INFO64, "AFFINITY_INFO64" },
        { PSCI_SYSTEM_OFF, "SYSTEM_OFF" },
        { PSCI_FEATURES, "PSCI_FEATURES" },
    };
    uint64_t v;
    int64_t r;

    printf("systest-psci: boot CurrentEL=%lu\n", (unsigned long)(st_boot_el >> 2));
    check_eq("boot at EL2", st_boot_el >> 2, 2);

    v = smc_call(PSCI_VERSION, 0, 0, 0);
    printf("PSCI_VERSION = %lu.%lu\n", (unsigned long)((v >> 16) & 0xffff), (unsigned long)(v & 0xffff));
    check_eq("PSCI_VERSION", v, 0x10001);
    check_eq("PSCI_VERSION from EL1", (uint64_t)run_el1(el1_version, 0), v);

    /* PSCI 1.0+: PSCI_FEATURES is mandatory; these functions are mandatory
     * too, so each must report 0 (no feature flags defined for them). */
    for (unsigned i = 0; i < sizeof feats / sizeof feats[0]; i++) {
        r = (int64_t)smc_call(PSCI_FEATURES, feats[i].fid, 0, 0);
        printf("PSCI_FEATURES(%s 0x%08x) = %ld\n", feats[i].name, feats[i].fid, (long)r);
        check_eq(feats[i].name, (uint64_t)r, 0);
    }
    /* A function ID PSCI does not define: NOT_SUPPORTED. */
    r = (int64_t)smc_call(PSCI_FEATURES, 0x8400001f, 0, 0);
    printf("PSCI_FEATURES(0x8400001f) = %ld\n", (long)r);
    check_eq("PSCI_FEATURES unknown", (uint64_t)r, (uint64_t)PSCI_NOT_SUPPORTED);

    r = (int64_t)smc_call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0);
    printf("MIGRATE_INFO_TYPE = %ld\n", (long)r);
    /* 2: no Trusted OS that needs migration (QEMU has none; nor has Jaffa's monitor). */
    check_eq("MIGRATE_INFO_TYPE", (uint64_t)r, 2);

    r = affinity_info(1);
    printf("AFFINITY_INFO(1) before CPU_ON = %ld\n", (long)r);
    check_eq("AFFINITY_INFO before", (uint64_t)r, AFF_OFF);
    r = affinity_info(0);
    printf("AFFINITY_INFO(0) (self) = %ld\n", (long)r);
    check_eq("AFFINITY_INFO self", (uint64_t)r, AFF_ON);

    r = psci_cpu_on(0xff, 0);
    printf("CPU_ON(0xff, no such CPU) = %ld\n", (long)r);
    check_eq("CPU_ON bad mpidr", (uint64_t)r, (uint64_t)PSCI_INVALID_PARAMETERS);

    cpu1_cycle(0x123456789abcdef0ULL, 1);
    cpu1_cycle(0x0fedcba987654321ULL, 2);

    /* Exclusives on two CPUs at once: every increment counts, whatever the
     * interleaving (a STXR after the other CPU's store to the address fails). */
    r = psci_cpu_on(1, ATOMIC_CTX);
    check_eq("atomic round CPU_ON", (uint64_t)r, PSCI_SUCCESS);
    atomic_adds(&shared_counter, ATOMIC_ADDS);
    check_true("atomic round CPU 1 done", wait_eq(&sec_adds_done, 1, 1000000000UL));
    printf("LDXR/STXR increments from 2 CPUs: %lu (expected %d)\n", (unsigned long)shared_counter, 2 * ATOMIC_ADDS);
    check_eq("LDXR/STXR increments", shared_counter, 2 * ATOMIC_ADDS);
    st_rel(&sec_go_off, 1);
    check_eq("atomic round CPU_OFF", (uint64_t)wait_affinity(1, AFF_OFF), AFF_OFF);

    /* SMCCC (DEN0028).  SMCCC_VERSION: v1.0 firmware does not implement it
     * and answers NOT_SUPPORTED; v1.1+ answers the version. */
    r = (int64_t)smc_call(SMCCC_VERSION, 0, 0, 0);
    /* Expected to differ: QEMU 7.2 is SMCCC 1.0 (prints -1), Jaffa 1.2. */
    printf("SMCCC_VERSION = %d\n", (int)(int32_t)r);
    check_true("SMCCC_VERSION NOT_SUPPORTED or >= 1.1",
               (int32_t)r == PSCI_NOT_SUPPORTED || (r >= 0x10001 && r < 0x20000));
    /* SMCCC_ARCH_FEATURES of an undefined ID: NOT_SUPPORTED in v1.1+; a
     * v1.0 implementation does not know the call itself, and answers
     * NOT_SUPPORTED (= SMC_UNKNOWN, -1) as well, so this line is the same. */
    r = (int64_t)smc_call(SMCCC_ARCH_FEATURES, 0x8000ffff, 0, 0);
    printf("SMCCC_ARCH_FEATURES(0x8000ffff) = %d\n", (int)(int32_t)r);
    check_eq("SMCCC_ARCH_FEATURES unknown", (uint64_t)(int32_t)r, (uint64_t)PSCI_NOT_SUPPORTED);
    /* Unknown SMC function: SMC_UNKNOWN, 0xFFFFFFFF in W0. */
    v = smc_call(0xC2001234, 0, 0, 0);
    printf("unknown SMC 0xC2001234: W0 = 0x%08lx\n", (unsigned long)(v & 0xffffffff));
    check_eq("unknown SMC", v & 0xffffffff, 0xffffffff);

    if (test_finish("systest-psci"))
        return 1;
    fflush_stdout();
    smc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    puts("FAIL: SYSTEM_OFF returned");
    return 1;
}
