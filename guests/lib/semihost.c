/* Arm semihosting wrappers (AArch64: all parameter block fields are 64 bit). */
#include "semihost.h"

static size_t sh_strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

void sys_writec(char c)
{
    semihost_call(SYS_WRITEC, &c);
}

void sys_write0(const char *s)
{
    semihost_call(SYS_WRITE0, s);
}

long sys_write(long fd, const void *buf, size_t len)
{
    uint64_t blk[3] = { (uint64_t)fd, (uint64_t)(uintptr_t)buf, len };
    return semihost_call(SYS_WRITE, blk);
}

long sys_open(const char *name, long mode)
{
    uint64_t blk[3] = { (uint64_t)(uintptr_t)name, (uint64_t)mode, sh_strlen(name) };
    return semihost_call(SYS_OPEN, blk);
}

long sys_close(long fd)
{
    uint64_t blk[1] = { (uint64_t)fd };
    return semihost_call(SYS_CLOSE, blk);
}

long sys_read(long fd, void *buf, size_t len)
{
    uint64_t blk[3] = { (uint64_t)fd, (uint64_t)(uintptr_t)buf, len };
    return semihost_call(SYS_READ, blk);
}

long sys_readc(void)
{
    return semihost_call(SYS_READC, 0);
}

long sys_istty(long fd)
{
    uint64_t blk[1] = { (uint64_t)fd };
    return semihost_call(SYS_ISTTY, blk);
}

long sys_seek(long fd, long pos)
{
    uint64_t blk[2] = { (uint64_t)fd, (uint64_t)pos };
    return semihost_call(SYS_SEEK, blk);
}

long sys_flen(long fd)
{
    uint64_t blk[1] = { (uint64_t)fd };
    return semihost_call(SYS_FLEN, blk);
}

long sys_clock(void)
{
    return semihost_call(SYS_CLOCK, 0);
}

long sys_time(void)
{
    return semihost_call(SYS_TIME, 0);
}

long sys_elapsed(uint64_t *ticks)
{
    uint64_t blk[1] = { 0 };
    long r = semihost_call(SYS_ELAPSED, blk);
    *ticks = blk[0];
    return r;
}

long sys_tickfreq(void)
{
    return semihost_call(SYS_TICKFREQ, 0);
}

long sys_errno(void)
{
    return semihost_call(SYS_ERRNO, 0);
}

void sys_heapinfo(struct sh_heapinfo *info)
{
    uint64_t blk[1] = { (uint64_t)(uintptr_t)info };
    info->heap_base = info->heap_limit = info->stack_base = info->stack_limit = 0;
    semihost_call(SYS_HEAPINFO, blk);
}

long sys_get_cmdline(char *buf, size_t size)
{
    uint64_t blk[2] = { (uint64_t)(uintptr_t)buf, size };
    long r;

    if (size == 0)
        return -1;
    buf[0] = '\0';
    r = semihost_call(SYS_GET_CMDLINE, blk);
    if (r != 0)
        return -1;
    if (blk[1] >= size)
        blk[1] = size - 1;
    buf[blk[1]] = '\0';
    return (long)blk[1];
}

void sys_exit(long code)
{
    uint64_t blk[2] = { ADP_Stopped_ApplicationExit, (uint64_t)code };
    for (;;)
        semihost_call(SYS_EXIT, blk);
}

void sys_exit_extended(long code)
{
    uint64_t blk[2] = { ADP_Stopped_ApplicationExit, (uint64_t)code };
    for (;;)
        semihost_call(SYS_EXIT_EXTENDED, blk);
}
