/* Minimal freestanding C library for Jaffa guest programs. */
#ifndef JAFFA_LIBC_H
#define JAFFA_LIBC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* stdio-like console output (line buffered, semihosting SYS_WRITE0). */
int putchar(int c);
int puts(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
void fflush_stdout(void);

/* string.h */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *dst, const char *src);

/* stdlib.h */
void *malloc(size_t n);          /* bump allocator, 16-byte aligned, never frees */
void *calloc(size_t n, size_t size);
void free(void *p);              /* no-op */
__attribute__((noreturn)) void exit(int code);   /* flushes stdout, SYS_EXIT */
__attribute__((noreturn)) void abort(void);      /* exit(134) */

/* Linker script symbols. */
extern char __image_start[], __image_end[];
extern char __bss_start[], __bss_end[];
extern char __stack_bottom[], __stack_top[];
extern char __heap_start[], __heap_end[];

#endif
