/*
 * S-EL0 SP runtime: entered from sp_entry.S with x0 = boot-info VA
 * (reference ffa.md 1.9), SP_EL0 = top of the loader-allocated stack.
 */
#include "sp_rt.h"
#include "semihost.h"   /* sys_write0/sys_writec, which lib/stdio.c flushes through */

uint16_t sp_own_id;
uint8_t sp_tx_buffer[SP_PAGE_SIZE] __attribute__((aligned(SP_PAGE_SIZE)));
uint8_t sp_rx_buffer[SP_PAGE_SIZE] __attribute__((aligned(SP_PAGE_SIZE)));
struct sp_manifest_info sp_manifest;

/* ---- Console: lib/stdio.c buffers a line and flushes it here ------------ */

#define CONSOLE_MAX 48  /* chars per FFA_CONSOLE_LOG_64 (v1.1): x2..x7 */

static void console_log(const char *s, size_t n)
{
    struct ffa_regs r = { { 0 } };

    r.x[0] = FFA_CONSOLE_LOG_64;
    r.x[1] = n;
    for (size_t i = 0; i < n; i++)
        r.x[2 + i / 8] |= (uint64_t)(uint8_t)s[i] << (8 * (i % 8));
    ffa_call(&r);
}

/*
 * Every line starts with "<sp_name>: " so that interleaved output of several
 * partitions stays readable (an SPMC prints partition output raw, as OP-TEE
 * does).  Characters are staged and sent CONSOLE_MAX at a time.
 */
static char stage[CONSOLE_MAX];
static size_t staged;
static int at_line_start = 1;

static void stage_char(char c)
{
    stage[staged++] = c;
    if (staged == CONSOLE_MAX) {
        console_log(stage, staged);
        staged = 0;
    }
}

static void console_put(char c)
{
    if (at_line_start) {
        for (const char *p = sp_name; *p; p++)
            stage_char(*p);
        stage_char(':');
        stage_char(' ');
        at_line_start = 0;
    }
    stage_char(c);
    if (c == '\n')
        at_line_start = 1;
}

void sys_write0(const char *s)
{
    while (*s)
        console_put(*s++);
    if (staged) {
        console_log(stage, staged);
        staged = 0;
    }
}

void sys_writec(char c)
{
    char s[2] = { c, 0 };

    sys_write0(s);
}

/* exit() is not available to an SP: report and park in FFA_MSG_WAIT forever. */
void exit(int code)
{
    struct ffa_regs r;

    fflush_stdout();
    printf("exit(%d) called; waiting forever\n", code);
    for (;;)
        ffa_call7(&r, FFA_MSG_WAIT, 0, 0, 0, 0, 0, 0, 0);
}

void abort(void)
{
    exit(134);
}

/* ---- Calls --------------------------------------------------------------- */

static int32_t simple(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3, struct ffa_regs *r)
{
    ffa_call7(r, fid, a1, a2, a3, 0, 0, 0, 0);
    if (ffa_is_success(r))
        return FFA_OK;
    if ((uint32_t)r->x[0] == FFA_ERROR)
        return ffa_status(r);
    printf("call %08x returned unexpected %08lx\n", fid,
           (unsigned long)r->x[0]);
    return FFA_ABORTED;
}

int32_t sp_id_get(uint16_t *id)
{
    struct ffa_regs r;
    int32_t rc = simple(FFA_ID_GET, 0, 0, 0, &r);

    if (rc == FFA_OK)
        *id = (uint16_t)r.x[2];
    return rc;
}

int32_t sp_version(uint32_t requested, uint32_t *got)
{
    struct ffa_regs r;

    ffa_call7(&r, FFA_VERSION, requested, 0, 0, 0, 0, 0, 0);
    *got = (uint32_t)r.x[0];
    return (int32_t)(uint32_t)r.x[0] == FFA_NOT_SUPPORTED ? FFA_NOT_SUPPORTED : FFA_OK;
}

int32_t sp_features(uint32_t fid, uint32_t *prop2)
{
    struct ffa_regs r;
    int32_t rc = simple(FFA_FEATURES, fid, 0, 0, &r);

    if (rc == FFA_OK)
        *prop2 = (uint32_t)r.x[2];
    return rc;
}

int32_t sp_rxtx_map(void)
{
    struct ffa_regs r;

    return simple(FFA_RXTX_MAP_64, (uintptr_t)sp_tx_buffer, (uintptr_t)sp_rx_buffer, 1, &r);
}

int32_t sp_rxtx_unmap(void)
{
    struct ffa_regs r;

    /* w1[31:16] = own ID, as TS libsp's ffa_rxtx_unmap(id) passes it. */
    return simple(FFA_RXTX_UNMAP, (uint64_t)sp_own_id << 16, 0, 0, &r);
}

int32_t sp_rx_release(void)
{
    struct ffa_regs r;

    return simple(FFA_RX_RELEASE, 0, 0, 0, &r);
}

int32_t sp_partition_info_get(const uint32_t uuid[4], uint32_t *count, uint32_t *desc_size)
{
    struct ffa_regs r;

    ffa_call7(&r, FFA_PARTITION_INFO_GET, uuid[0], uuid[1], uuid[2], uuid[3], 0, 0, 0);
    if (!ffa_is_success(&r))
        return (uint32_t)r.x[0] == FFA_ERROR ? ffa_status(&r) : FFA_ABORTED;
    *count = (uint32_t)r.x[2];
    *desc_size = (uint32_t)r.x[3];
    return FFA_OK;
}

int32_t sp_mem_perm_get(uint64_t va, uint32_t *perm)
{
    struct ffa_regs r;
    int32_t rc = simple(FFA_MEM_PERM_GET_32, va, 0, 0, &r);

    if (rc == FFA_OK)
        *perm = (uint32_t)r.x[2];
    return rc;
}

int32_t sp_mem_perm_set(uint64_t va, uint32_t pages, uint32_t perm)
{
    struct ffa_regs r;

    return simple(FFA_MEM_PERM_SET_32, va, pages, perm, &r);
}

int32_t sp_direct_req(uint16_t src, uint16_t dst, const uint64_t args[5], uint64_t resp[5])
{
    struct ffa_regs r;

    ffa_call7(&r, FFA_MSG_SEND_DIRECT_REQ_64, FFA_ENDPOINTS(src, dst), 0,
              args[0], args[1], args[2], args[3], args[4]);
    if ((uint32_t)r.x[0] == FFA_MSG_SEND_DIRECT_RESP_64) {
        for (int i = 0; i < 5; i++)
            resp[i] = r.x[3 + i];
        return FFA_OK;
    }
    if ((uint32_t)r.x[0] == FFA_ERROR)
        return ffa_status(&r);
    printf("DIRECT_REQ_64 to %04x answered by %08lx\n", dst,
           (unsigned long)r.x[0]);
    return FFA_ABORTED;
}

int32_t sp_mem_share_tx(uint32_t len, uint64_t *handle)
{
    struct ffa_regs r;

    /* Descriptor in the TX buffer: w3 (address) = w4 (page count) = 0. */
    int32_t rc = simple(FFA_MEM_SHARE_32, len, len, 0, &r);

    if (rc == FFA_OK)
        *handle = (uint32_t)r.x[2] | (uint64_t)(uint32_t)r.x[3] << 32;
    return rc;
}

int32_t sp_mem_reclaim(uint64_t handle, uint32_t flags)
{
    struct ffa_regs r;

    return simple(FFA_MEM_RECLAIM, (uint32_t)handle, handle >> 32, flags, &r);
}

int32_t sp_mem_retrieve_tx(uint32_t len, uint32_t *rlen)
{
    struct ffa_regs r;

    ffa_call7(&r, FFA_MEM_RETRIEVE_REQ_32, len, len, 0, 0, 0, 0, 0);
    if ((uint32_t)r.x[0] == FFA_MEM_RETRIEVE_RESP) {
        *rlen = (uint32_t)r.x[2];     /* fragment length (OP-TEE: RX size) */
        return FFA_OK;
    }
    if ((uint32_t)r.x[0] == FFA_ERROR)
        return ffa_status(&r);
    printf("MEM_RETRIEVE_REQ answered by %08lx\n", (unsigned long)r.x[0]);
    return FFA_ABORTED;
}

int32_t sp_mem_relinquish(uint64_t handle, uint32_t flags)
{
    struct ffa_regs r;
    struct ffa_mem_relinquish *d = (struct ffa_mem_relinquish *)sp_tx_buffer;

    d->handle = handle;
    d->flags = flags;
    d->endpoint_count = 1;
    d->endpoint_ids[0] = sp_own_id;
    return simple(FFA_MEM_RELINQUISH, 0, 0, 0, &r);
}

/* ---- Boot info (reference 1.9) ------------------------------------------- */

#define BOOT_INFO_SIG_V1_1  0x00000FFAu
#define BOOT_INFO_MAGIC_V1_0 0x412D4646u     /* "FF-A" */

static const void *boot_info_fdt(const void *bi)
{
    const uint8_t *b = bi;
    uint32_t w0;

    if (!bi)
        return NULL;
    w0 = *(const uint32_t *)b;
    if (w0 == BOOT_INFO_SIG_V1_1) {
        /* header: sig, version, blob_size, desc_size, desc_count, desc_offset, u64 rsvd */
        const uint32_t *h = bi;
        uint32_t blob_size = h[2], dsize = h[3], count = h[4], doff = h[5];
        for (uint32_t i = 0; i < count; i++) {
            const uint8_t *d = b + doff + (uint64_t)i * dsize;
            if (dsize < 32 || doff + (uint64_t)(i + 1) * dsize > blob_size)
                break;
            /* name[16], u8 type (bits[6:0] 0 = FDT, bit7 0 = standard), u8, u16 flags */
            if ((d[16] & 0xff) == 0 && (*(const uint16_t *)(d + 18) & 0x3) == 0)
                return (const void *)(uintptr_t)*(const uint64_t *)(d + 24);
        }
        printf("boot info v1.1 has no FDT descriptor\n");
        return NULL;
    }
    if (w0 == BOOT_INFO_MAGIC_V1_0) {
        /* { u32 magic; u32 count; { u32 name[4]; u64 value; u64 size; }[] } */
        uint32_t count = ((const uint32_t *)b)[1];
        for (uint32_t i = 0; i < count && i < 8; i++) {
            const uint8_t *d = b + 8 + 32 * i;
            if (strncmp((const char *)d, "TYPE_DT", 8) == 0)
                return (const void *)(uintptr_t)*(const uint64_t *)(d + 16);
        }
        printf("boot info v1.0 has no TYPE_DT entry\n");
        return NULL;
    }
    printf("unknown boot info signature %08x\n", w0);
    return NULL;
}

static void read_manifest(const void *fdt)
{
    const void *p;
    uint32_t len;

    if (fdt_check(fdt)) {
        printf("manifest FDT missing or invalid\n");
        return;
    }
    sp_manifest.have_fdt = 1;
    p = fdt_getprop(fdt, "/", "compatible", &len);
    if (!p || strcmp(p, "arm,ffa-manifest-1.0") != 0)
        printf("manifest compatible is not arm,ffa-manifest-1.0\n");
    p = fdt_getprop(fdt, "/", "ffa-version", &len);
    if (p && len == 4)
        sp_manifest.ffa_version = fdt_be32(p);
    p = fdt_getprop(fdt, "/", "uuid", &len);
    if (p && len == 16)
        for (int i = 0; i < 4; i++)
            sp_manifest.uuid[i] = fdt_be32((const uint8_t *)p + 4 * i);
    p = fdt_getprop(fdt, "/memory-regions/test-region", "base-address", &len);
    if (p && (len == 8 || len == 4)) {
        sp_manifest.have_test_region = 1;
        sp_manifest.test_region_va = len == 8 ? fdt_be64(p) : fdt_be32(p);
        p = fdt_getprop(fdt, "/memory-regions/test-region", "pages-count", &len);
        sp_manifest.test_region_pages = p && len == 4 ? fdt_be32(p) : 0;
    }
}

/* ---- Main loop ----------------------------------------------------------- */

static int is_direct_req(uint32_t fid)
{
    return fid == FFA_MSG_SEND_DIRECT_REQ_32 || fid == FFA_MSG_SEND_DIRECT_REQ_64;
}

void sp_rt_main(const void *boot_info) __attribute__((noreturn));

void sp_rt_main(const void *boot_info)
{
    struct ffa_regs r;

    read_manifest(boot_info_fdt(boot_info));
    sp_boot();

    ffa_call7(&r, FFA_MSG_WAIT, 0, 0, 0, 0, 0, 0, 0);
    for (;;) {
        uint32_t fid = (uint32_t)r.x[0];
        struct sp_msg m;
        uint64_t resp[5] = { 0 };
        int w64;

        if (!is_direct_req(fid)) {
            printf("unexpected message %08x (w1=%08x w2=%08x); waiting\n", fid,
                   (uint32_t)r.x[1], (uint32_t)r.x[2]);
            ffa_call7(&r, FFA_MSG_WAIT, 0, 0, 0, 0, 0, 0, 0);
            continue;
        }
        w64 = fid == FFA_MSG_SEND_DIRECT_REQ_64;
        m.fid = fid;
        m.src = FFA_SRC(r.x[1]);
        m.dst = FFA_DST(r.x[1]);
        m.flags = (uint32_t)r.x[2];
        for (int i = 0; i < 5; i++)
            m.args[i] = w64 ? r.x[3 + i] : (uint32_t)r.x[3 + i];
        sp_handle_request(&m, resp);
        /*
         * Answer with DIRECT_RESP_64 whatever the request's width, as TS's spm-test does; the
         * SVC returns with the next request. An SPMC that refuses the answer (a 32-bit request)
         * gets it again, as TS's libsp loop does: the partition cannot make progress, which the
         * SPMC reports.
         */
        do {
            ffa_call7(&r, FFA_MSG_SEND_DIRECT_RESP_64, FFA_ENDPOINTS(m.dst, m.src), 0,
                      resp[0], resp[1], resp[2], resp[3], resp[4]);
        } while ((uint32_t)r.x[0] == FFA_ERROR);
    }
}
