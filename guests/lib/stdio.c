/* printf family and line-buffered console output over semihosting. */
#include "libc.h"
#include "semihost.h"

#define LINEBUF_SIZE 256

static char linebuf[LINEBUF_SIZE + 1];
static size_t linelen;

void fflush_stdout(void)
{
    if (linelen) {
        linebuf[linelen] = '\0';
        sys_write0(linebuf);
        linelen = 0;
    }
}

int putchar(int c)
{
    if (c == 0) {                   /* SYS_WRITE0 cannot carry NUL bytes */
        fflush_stdout();
        sys_writec(0);
        return 0;
    }
    linebuf[linelen++] = (char)c;
    if (c == '\n' || linelen == LINEBUF_SIZE)
        fflush_stdout();
    return (unsigned char)c;
}

int puts(const char *s)
{
    while (*s)
        putchar(*s++);
    putchar('\n');
    return 0;
}

/* ------------------------------------------------------------------------ */

struct out {
    int console;    /* 1: putchar, 0: buffer */
    char *buf;
    size_t size;
    size_t pos;     /* total characters produced */
};

static void out_char(struct out *o, char c)
{
    if (o->console)
        putchar(c);
    else if (o->pos + 1 < o->size)
        o->buf[o->pos] = c;
    o->pos++;
}

static void out_pad(struct out *o, char c, int n)
{
    while (n-- > 0)
        out_char(o, c);
}

#define F_LEFT  1
#define F_ZERO  2
#define F_PLUS  4
#define F_SPACE 8
#define F_ALT   16

static void out_number(struct out *o, unsigned long long v, int negative, unsigned base,
                       int upper, int flags, int width, int prec)
{
    char tmp[24];
    int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char sign = 0;
    const char *prefix = "";
    int plen = 0, zeros, total;

    if (prec >= 0)
        flags &= ~F_ZERO;
    while (v) {
        tmp[n++] = digits[v % base];
        v /= base;
    }
    if (n == 0 && prec != 0)
        tmp[n++] = '0';
    if (negative)
        sign = '-';
    else if (flags & F_PLUS)
        sign = '+';
    else if (flags & F_SPACE)
        sign = ' ';
    if ((flags & F_ALT) && base == 16) {
        prefix = upper ? "0X" : "0x";
        plen = 2;
    }
    zeros = prec > n ? prec - n : 0;
    total = n + zeros + plen + (sign ? 1 : 0);
    if ((flags & F_ZERO) && !(flags & F_LEFT) && width > total) {
        zeros += width - total;
        total = width;
    }
    if (!(flags & F_LEFT))
        out_pad(o, ' ', width - total);
    if (sign)
        out_char(o, sign);
    while (plen--)
        out_char(o, *prefix++);
    out_pad(o, '0', zeros);
    while (n)
        out_char(o, tmp[--n]);
    if (flags & F_LEFT)
        out_pad(o, ' ', width - total);
}

static int do_format(struct out *o, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        int flags = 0, width = 0, prec = -1, lng = 0;
        char c;

        if (*fmt != '%') {
            out_char(o, *fmt);
            continue;
        }
        fmt++;
        for (;; fmt++) {
            if (*fmt == '-')
                flags |= F_LEFT;
            else if (*fmt == '0')
                flags |= F_ZERO;
            else if (*fmt == '+')
                flags |= F_PLUS;
            else if (*fmt == ' ')
                flags |= F_SPACE;
            else if (*fmt == '#')
                flags |= F_ALT;
            else
                break;
        }
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                flags |= F_LEFT;
                width = -width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (*fmt++ - '0');
        }
        if (*fmt == '.') {
            fmt++;
            prec = 0;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9')
                    prec = prec * 10 + (*fmt++ - '0');
            }
        }
        for (;; fmt++) {
            if (*fmt == 'l')
                lng++;
            else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't')
                lng = 2;
            else if (*fmt == 'h')
                ;   /* promoted to int anyway */
            else
                break;
        }
        c = *fmt;
        switch (c) {
        case 'd':
        case 'i': {
            long long v = lng ? va_arg(ap, long long) : va_arg(ap, int);
            unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
            out_number(o, mag, v < 0, 10, 0, flags, width, prec);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            unsigned long long v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
            unsigned base = c == 'u' ? 10 : c == 'o' ? 8 : 16;
            out_number(o, v, 0, base, c == 'X', flags, width, prec);
            break;
        }
        case 'p': {
            unsigned long long v = (unsigned long long)(uintptr_t)va_arg(ap, void *);
            out_number(o, v, 0, 16, 0, flags | F_ALT, width, prec);
            break;
        }
        case 'c': {
            char ch = (char)va_arg(ap, int);
            if (!(flags & F_LEFT))
                out_pad(o, ' ', width - 1);
            out_char(o, ch);
            if (flags & F_LEFT)
                out_pad(o, ' ', width - 1);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = 0;
            if (!s)
                s = "(null)";
            while (s[len] && (prec < 0 || len < prec))
                len++;
            if (!(flags & F_LEFT))
                out_pad(o, ' ', width - len);
            for (int i = 0; i < len; i++)
                out_char(o, s[i]);
            if (flags & F_LEFT)
                out_pad(o, ' ', width - len);
            break;
        }
        case '%':
            out_char(o, '%');
            break;
        case '\0':
            return (int)o->pos;
        default:
            out_char(o, '%');
            out_char(o, c);
            break;
        }
    }
    return (int)o->pos;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { 0, buf, size, 0 };
    int n = do_format(&o, fmt, ap);
    if (size)
        buf[o.pos < size ? o.pos : size - 1] = '\0';
    return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *fmt, va_list ap)
{
    struct out o = { 1, 0, 0, 0 };
    return do_format(&o, fmt, ap);
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}
