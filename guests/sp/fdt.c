/*
 * A tiny read-only flattened device tree walker (devicetree specification
 * v0.4 chapter 5): enough to find one property by node path.  All reads are
 * byte-wise so an oddly aligned blob cannot fault.
 */
#include "sp_rt.h"

#define FDT_MAGIC       0xd00dfeedu
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

uint32_t fdt_be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t fdt_be64(const void *p)
{
    return (uint64_t)fdt_be32(p) << 32 | fdt_be32((const uint8_t *)p + 4);
}

static uint32_t hdr(const void *fdt, int field)
{
    return fdt_be32((const uint8_t *)fdt + 4 * field);
}

int fdt_check(const void *fdt)
{
    uint32_t total;

    if (!fdt || hdr(fdt, 0) != FDT_MAGIC)
        return -1;
    total = hdr(fdt, 1);
    if (total < 40 || hdr(fdt, 2) >= total || hdr(fdt, 3) >= total)   /* struct, strings */
        return -1;
    if (hdr(fdt, 5) < 16)                                              /* version */
        return -1;
    return 0;
}

/* Does node name `name` (NUL-terminated, maybe "x@unit") match component comp[0..n)? */
static int name_matches(const char *name, const char *comp, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (name[i] != comp[i])
            return 0;
    return name[i] == '\0' || name[i] == '@';
}

const void *fdt_getprop(const void *fdt, const char *path, const char *prop, uint32_t *len)
{
    const uint8_t *base = fdt;
    uint32_t total, off, end, strings;
    int depth = 0, matched = 0;     /* matched = depth of the deepest matching ancestor */
    const char *comp[8];
    size_t clen[8];
    int ncomp = 0;

    if (fdt_check(fdt))
        return NULL;
    /* Split the path into components. */
    for (const char *p = path; *p && ncomp < 8;) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        comp[ncomp] = p;
        while (*p && *p != '/')
            p++;
        clen[ncomp] = (size_t)(p - comp[ncomp]);
        ncomp++;
    }
    total = hdr(fdt, 1);
    off = hdr(fdt, 2);
    end = off + hdr(fdt, 9) > total || hdr(fdt, 9) == 0 ? total : off + hdr(fdt, 9);
    strings = hdr(fdt, 3);

    while (off + 4 <= end) {
        uint32_t tok = fdt_be32(base + off);
        off += 4;
        switch (tok) {
        case FDT_BEGIN_NODE: {
            const char *name = (const char *)base + off;
            size_t n = 0;
            while (off + n < end && name[n])
                n++;
            if (off + n >= end)
                return NULL;
            off = (off + (uint32_t)n + 1 + 3) & ~3u;
            /* depth 0 is the root node (empty name). */
            if (depth > 0 && matched == depth && depth <= ncomp &&
                name_matches(name, comp[depth - 1], clen[depth - 1]))
                matched = depth + 1;
            else if (depth == 0)
                matched = 1;
            depth++;
            break;
        }
        case FDT_END_NODE:
            if (depth == 0)
                return NULL;
            if (matched == depth)
                matched = depth - 1;
            depth--;
            break;
        case FDT_PROP: {
            uint32_t plen, nameoff;
            if (off + 8 > end)
                return NULL;
            plen = fdt_be32(base + off);
            nameoff = fdt_be32(base + off + 4);
            off += 8;
            if (plen > end - off)
                return NULL;
            if (matched == depth && depth == ncomp + 1 && strings + nameoff < total &&
                strcmp((const char *)base + strings + nameoff, prop) == 0) {
                if (len)
                    *len = plen;
                return base + off;
            }
            off = (off + plen + 3) & ~3u;
            break;
        }
        case FDT_NOP:
            break;
        case FDT_END:
        default:
            return NULL;
        }
    }
    return NULL;
}
