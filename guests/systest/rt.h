/* Runtime for the Jaffa system tests (EL2 entry, see start.S). */
#ifndef JAFFA_ST_RT_H
#define JAFFA_ST_RT_H

#include "libc.h"
#include "test.h"
#include "st_asm.h"

/* Exception frame built by start.S (layout fixed, see ST_FRAME_SIZE). */
struct st_frame {
    uint64_t x[31];
    uint64_t elr, spsr, esr, far;
    uint64_t kind;      /* vector index 0..15 */
    uint64_t el;        /* EL the handler runs at (1 or 2) */
    uint64_t pad;
};

/* Vector kinds. */
#define VEC_CUR_SP0_SYNC   0
#define VEC_CUR_SP0_IRQ    1
#define VEC_CUR_SPX_SYNC   4
#define VEC_CUR_SPX_IRQ    5
#define VEC_LOWER64_SYNC   8
#define VEC_LOWER64_IRQ    9

#define ESR_EC(esr)   (((esr) >> 26) & 0x3f)
#define ESR_ISS(esr)  ((esr) & 0x1ffffff)
/* An ESR value with IL=1 (32-bit instruction / IL-RES1 classes). */
#define ESR(ec, iss)  (((uint64_t)(ec) << 26) | (1u << 25) | (uint64_t)(iss))

/* One recorded (expected) synchronous exception. */
struct st_exc {
    uint64_t el, kind, esr, elr, far, spsr;
};

#define ST_LOG_MAX 16
extern volatile struct st_exc st_log[ST_MAX_CPUS][ST_LOG_MAX];
extern volatile int st_log_n[ST_MAX_CPUS];
extern volatile int st_armed[ST_MAX_CPUS];       /* expected sync exceptions left */
extern volatile uint64_t st_resume_pc[ST_MAX_CPUS];  /* if set: resume there (one shot) */
extern uint64_t st_boot_el;

/*
 * Optional hooks.  st_sync_hook runs before the default handling of every
 * synchronous exception that is not the st_call_lower return; return 1 when
 * handled (the frame is restored, ERET).  st_irq_hook handles IRQs.
 */
extern int (*volatile st_sync_hook)(struct st_frame *f);
extern int (*volatile st_irq_hook)(struct st_frame *f);

long st_call_lower(long (*fn)(long), long arg, uint64_t spsr);
void st_lower_return(long value) __attribute__((noreturn));
void secondary_entry(void);
void secondary_main(uint64_t context_id, uint64_t entry_currentel);

static inline unsigned cpu_id(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
    return v & 0xff;
}

static inline unsigned current_el(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
    return (v >> 2) & 3;
}

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) do { uint64_t __v = (uint64_t)(v); \
        __asm__ volatile("msr " #r ", %0" : : "r"(__v) : "memory"); } while (0)
#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")

/* Run fn(arg) at EL1h (from EL2), or at EL0t (from EL1), IRQs masked. */
static inline long run_el1(long (*fn)(long), long arg)
{
    return st_call_lower(fn, arg, SPSR_DAIF | SPSR_EL1h);
}
static inline long run_el0(long (*fn)(long), long arg)
{
    return st_call_lower(fn, arg, SPSR_DAIF | SPSR_EL0t);
}

/* Arm the recorder for n expected synchronous exceptions; clears the log. */
void st_expect(int n);
/* Number of exceptions recorded since st_expect (this CPU). */
int st_taken(void);
/*
 * Checks that exactly one exception was recorded since st_expect and that
 * it matches: handled at EL `el` through vector `kind`, ESR `esr`,
 * ELR == insn + elr_off, SPSR_ELx.M[4:0] == spsr_m.  Prints one line.
 */
void st_check_exc(const char *what, unsigned el, unsigned kind, uint64_t esr,
                  uint64_t insn, long elr_off, unsigned spsr_m);
const struct st_exc *st_last(void);
const char *st_vec_name(unsigned kind);

/* SMCCC calls (x0..x3 in, x0 out). */
static inline uint64_t smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fid;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : :
                     "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
                     "x13", "x14", "x15", "x16", "x17", "memory");
    return x0;
}

#define PSCI_VERSION            0x84000000u
#define PSCI_CPU_OFF            0x84000002u
#define PSCI_CPU_ON64           0xC4000003u
#define PSCI_AFFINITY_INFO64    0xC4000004u
#define PSCI_MIGRATE_INFO_TYPE  0x84000006u
#define PSCI_SYSTEM_OFF         0x84000008u
#define PSCI_FEATURES           0x8400000Au
#define SMCCC_VERSION           0x80000000u
#define SMCCC_ARCH_FEATURES     0x80000001u

/* Bring CPU `mpidr` up at secondary_entry with context id `ctx`; returns the PSCI status. */
static inline int64_t psci_cpu_on(uint64_t mpidr, uint64_t ctx)
{
    return (int64_t)smc_call(PSCI_CPU_ON64, mpidr, (uint64_t)(uintptr_t)secondary_entry, ctx);
}

/* Spin-wait helpers for cross-CPU flags (MMU off: all Device memory, no caching issue). */
static inline uint64_t ld_acq(volatile uint64_t *p)
{
    uint64_t v;
    __asm__ volatile("ldar %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}
static inline void st_rel(volatile uint64_t *p, uint64_t v)
{
    __asm__ volatile("stlr %0, [%1]" : : "r"(v), "r"(p) : "memory");
}
/* Waits until *p == v or `limit` iterations pass; returns 1 if seen. */
int wait_eq(volatile uint64_t *p, uint64_t v, unsigned long limit);

#endif
