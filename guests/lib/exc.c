/* C side of the crt0 exception vectors, plus exit/abort. */
#include "exc.h"
#include "libc.h"
#include "semihost.h"

_Static_assert(sizeof(struct exc_frame) == 0x120, "exc_frame layout must match crt0.S");
_Static_assert(__builtin_offsetof(struct exc_frame, elr) == 0xf8, "exc_frame.elr");
_Static_assert(__builtin_offsetof(struct exc_frame, far) == 0x110, "exc_frame.far");

__attribute__((weak)) int sync_exception_hook(struct exc_frame *f)
{
    (void)f;
    return 0;
}

void exc_dispatch(struct exc_frame *f, uint64_t kind);

void exc_dispatch(struct exc_frame *f, uint64_t kind)
{
    if (kind == EXC_CUR_SPX_SYNC && sync_exception_hook(f))
        return;
    fflush_stdout();
    printf("unexpected exception: ESR=%016lx ELR=%016lx FAR=%016lx SPSR=%016lx (vector %lu)\n",
           (unsigned long)f->esr, (unsigned long)f->elr,
           (unsigned long)f->far, (unsigned long)f->spsr, (unsigned long)kind);
    exit(125);
}

void exit(int code)
{
    fflush_stdout();
    sys_exit(code);
}

void abort(void)
{
    exit(134);
}
