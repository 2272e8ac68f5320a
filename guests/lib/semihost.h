/* Arm semihosting (AArch64: HLT #0xF000) for Jaffa guest programs. */
#ifndef JAFFA_SEMIHOST_H
#define JAFFA_SEMIHOST_H

#include <stddef.h>
#include <stdint.h>

#define SYS_OPEN            0x01
#define SYS_CLOSE           0x02
#define SYS_WRITEC          0x03
#define SYS_WRITE0          0x04
#define SYS_WRITE           0x05
#define SYS_READ            0x06
#define SYS_READC           0x07
#define SYS_ISERROR         0x08
#define SYS_ISTTY           0x09
#define SYS_SEEK            0x0a
#define SYS_FLEN            0x0c
#define SYS_CLOCK           0x10
#define SYS_TIME            0x11
#define SYS_ERRNO           0x13
#define SYS_GET_CMDLINE     0x15
#define SYS_HEAPINFO        0x16
#define SYS_EXIT            0x18
#define SYS_EXIT_EXTENDED   0x20
#define SYS_ELAPSED         0x30
#define SYS_TICKFREQ        0x31

#define ADP_Stopped_ApplicationExit 0x20026

/* SYS_OPEN modes (ISO C fopen mode index). */
#define SH_OPEN_R   0
#define SH_OPEN_RB  1
#define SH_OPEN_W   4
#define SH_OPEN_WB  5
#define SH_OPEN_A   8

struct sh_heapinfo {
    uint64_t heap_base;
    uint64_t heap_limit;
    uint64_t stack_base;
    uint64_t stack_limit;
};

/* Raw semihosting call: w0 = op, x1 = parameter (block address), result in x0. */
static inline long semihost_call(unsigned long op, const void *param)
{
    register unsigned long x0 __asm__("x0") = op;
    register const void *x1 __asm__("x1") = param;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return (long)x0;
}

void sys_writec(char c);
void sys_write0(const char *s);
long sys_write(long fd, const void *buf, size_t len);   /* returns bytes NOT written */
long sys_open(const char *name, long mode);
long sys_close(long fd);
long sys_read(long fd, void *buf, size_t len);          /* returns bytes NOT read */
long sys_readc(void);
long sys_istty(long fd);
long sys_seek(long fd, long pos);
long sys_flen(long fd);
long sys_clock(void);                                   /* centiseconds */
long sys_time(void);                                    /* seconds since epoch */
long sys_elapsed(uint64_t *ticks);                      /* 0 on success */
long sys_tickfreq(void);
long sys_errno(void);
void sys_heapinfo(struct sh_heapinfo *info);
/* Fills buf (NUL-terminated); returns length, or -1 on failure. */
long sys_get_cmdline(char *buf, size_t size);
__attribute__((noreturn)) void sys_exit(long code);
__attribute__((noreturn)) void sys_exit_extended(long code);

#endif
