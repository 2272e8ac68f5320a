/* Trivial bump allocator over the linker-script heap region. */
#include "libc.h"

static char *heap_ptr;

void *malloc(size_t n)
{
    char *p;

    if (!heap_ptr)
        heap_ptr = __heap_start;
    n = (n + 15) & ~(size_t)15;
    if (n > (size_t)(__heap_end - heap_ptr))
        return NULL;
    p = heap_ptr;
    heap_ptr += n;
    return p;
}

void *calloc(size_t n, size_t size)
{
    void *p;
    if (size && n > (size_t)-1 / size)
        return NULL;
    p = malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void free(void *p)
{
    (void)p;
}
