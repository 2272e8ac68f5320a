/* C side of the system-test runtime: exception dispatch and checks. */
#include "rt.h"
#include "semihost.h"

_Static_assert(sizeof(struct st_frame) == ST_FRAME_SIZE, "frame layout (start.S)");

volatile struct st_exc st_log[ST_MAX_CPUS][ST_LOG_MAX];
volatile int st_log_n[ST_MAX_CPUS];
volatile int st_armed[ST_MAX_CPUS];
volatile uint64_t st_resume_pc[ST_MAX_CPUS];
uint64_t st_boot_el;
uint64_t st_ret_sp[ST_MAX_CPUS * 4];
int (*volatile st_sync_hook)(struct st_frame *f);
int (*volatile st_irq_hook)(struct st_frame *f);

void st_exc_dispatch(struct st_frame *f);

static const char *const vec_names[16] = {
    "cur_sp0_sync", "cur_sp0_irq", "cur_sp0_fiq", "cur_sp0_serr",
    "cur_spx_sync", "cur_spx_irq", "cur_spx_fiq", "cur_spx_serr",
    "lower64_sync", "lower64_irq", "lower64_fiq", "lower64_serr",
    "lower32_sync", "lower32_irq", "lower32_fiq", "lower32_serr",
};

const char *st_vec_name(unsigned kind)
{
    return kind < 16 ? vec_names[kind] : "?";
}

__attribute__((weak)) void secondary_main(uint64_t context_id, uint64_t entry_currentel)
{
    (void)context_id;
    (void)entry_currentel;
}

static void unexpected(struct st_frame *f)
{
    fflush_stdout();
    printf("unexpected exception at EL%lu: %s ESR=%08lx ELR=%016lx FAR=%016lx SPSR=%08lx\n",
           (unsigned long)f->el, st_vec_name(f->kind), (unsigned long)f->esr,
           (unsigned long)f->elr, (unsigned long)f->far, (unsigned long)f->spsr);
    exit(125);
}

void st_exc_dispatch(struct st_frame *f)
{
    unsigned cpu = cpu_id();
    unsigned kind = f->kind & 3;
    unsigned ec = ESR_EC(f->esr);

    if (kind == 1) {                     /* IRQ */
        if (st_irq_hook && st_irq_hook(f))
            return;
        unexpected(f);
    }
    if (kind != 0)                       /* FIQ, SError */
        unexpected(f);

    /* Return from st_call_lower: HVC at EL2 / SVC at EL1 from a lower EL. */
    if (f->kind == VEC_LOWER64_SYNC && ESR_ISS(f->esr) == ST_RET_IMM &&
        ((f->el == 2 && ec == 0x16) || (f->el == 1 && ec == 0x15)))
        st_lower_return((long)f->x[0]);

    if (st_sync_hook && st_sync_hook(f))
        return;
    if (cpu >= ST_MAX_CPUS || st_armed[cpu] <= 0)
        unexpected(f);

    st_armed[cpu]--;
    if (st_log_n[cpu] < ST_LOG_MAX) {
        volatile struct st_exc *e = &st_log[cpu][st_log_n[cpu]];
        e->el = f->el;
        e->kind = f->kind;
        e->esr = f->esr;
        e->elr = f->elr;
        e->far = f->far;
        e->spsr = f->spsr;
    }
    st_log_n[cpu]++;

    /* Where to resume. */
    if (st_resume_pc[cpu]) {
        f->elr = st_resume_pc[cpu];
        st_resume_pc[cpu] = 0;
        return;
    }
    switch (ec) {
    case 0x15:                /* SVC, HVC: preferred return is the next instruction */
    case 0x16:
        break;
    case 0x0e:                /* illegal execution state: clear IL, retry */
        f->spsr &= ~(uint64_t)SPSR_IL;
        break;
    case 0x20:                /* instruction aborts, PC alignment: back to the caller (BLR) */
    case 0x21:
    case 0x22:
        f->elr = f->x[30];
        break;
    default:                  /* everything else: skip the faulting instruction */
        f->elr += 4;
        break;
    }
}

void st_expect(int n)
{
    unsigned cpu = cpu_id();
    st_log_n[cpu] = 0;
    st_armed[cpu] = n;
}

int st_taken(void)
{
    return st_log_n[cpu_id()];
}

const struct st_exc *st_last(void)
{
    unsigned cpu = cpu_id();
    int n = st_log_n[cpu];
    if (n == 0)
        return 0;
    return (const struct st_exc *)&st_log[cpu][(n > ST_LOG_MAX ? ST_LOG_MAX : n) - 1];
}

void st_check_exc(const char *what, unsigned el, unsigned kind, uint64_t esr,
                  uint64_t insn, long elr_off, unsigned spsr_m)
{
    const struct st_exc *e = st_last();
    char name[96];

    if (st_taken() != 1) {
        printf("%s: %d exceptions taken\n", what, st_taken());
        check_eq(what, (uint64_t)st_taken(), 1);
        st_armed[cpu_id()] = 0;
        return;
    }
    printf("%s: EL%lu %s EC=0x%02lx ISS=0x%07lx IL=%lu ELR=insn%+ld SPSR.M=0x%02lx\n", what,
           (unsigned long)e->el, st_vec_name(e->kind), (unsigned long)ESR_EC(e->esr),
           (unsigned long)ESR_ISS(e->esr), (unsigned long)((e->esr >> 25) & 1),
           (long)(e->elr - insn), (unsigned long)(e->spsr & 0x1f));
    snprintf(name, sizeof name, "%s el", what);
    check_eq(name, e->el, el);
    snprintf(name, sizeof name, "%s vector", what);
    check_eq(name, e->kind, kind);
    snprintf(name, sizeof name, "%s ESR", what);
    check_eq(name, e->esr, esr);
    snprintf(name, sizeof name, "%s ELR", what);
    check_eq(name, e->elr, insn + elr_off);
    snprintf(name, sizeof name, "%s SPSR.M", what);
    check_eq(name, e->spsr & 0x1f, spsr_m);
}

int wait_eq(volatile uint64_t *p, uint64_t v, unsigned long limit)
{
    for (unsigned long i = 0; i < limit; i++)
        if (ld_acq(p) == v)
            return 1;
    return ld_acq(p) == v;
}
