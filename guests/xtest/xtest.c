/*
 * Normal-world FF-A client: what OP-TEE's `xtest -t ffa_spmc` 1001..1006
 * do (reference ffa.md 3.4), with the FF-A ABIs called directly (smc #0,
 * SMCCC 1.2) instead of through Linux's arm-ffa-user debugfs ioctls (the
 * cases themselves are ../ffa/spmc_cases.c, shared with Linux's ffa-spmc;
 * this file is their SMC transport), plus
 * negative tests of every normal-world ABI with the error codes of
 * reference 1.3/2.2/2.4.  Runs at NS-EL1 with the MMU off (PA == VA).
 *
 * Output: one line per case, "<name> <title> ... ok" or "... FAILED: why"
 * or "... skipped (no such partition)" (counted as passed, as xtest does),
 * then "N passed, M failed".  Exit status 0 only when M == 0.
 */
#define FFA_CONDUIT "smc #0"
#include "ffa_call.h"
#include "libc.h"
#include "spmc_cases.h"

#define PAGE 4096

static uint8_t tx_buf[PAGE] __attribute__((aligned(PAGE)));
static uint8_t rx_buf[PAGE] __attribute__((aligned(PAGE)));
static uint8_t share_page[PAGE] __attribute__((aligned(PAGE)));

/* Secure DRAM on the fvp board (Trusted DRAM 0x0600_0000..0x0800_0000). */
#define SECURE_PA 0x06248000ull

static const struct ffa_uuid uuid_nil = { { 0 } };
/* Not a partition anywhere: 01234567-89ab-4def-8123-456789abcdef */
static const struct ffa_uuid uuid_unknown =
    FFA_UUID(0x01234567, 0x89ab, 0x4def, 0x81, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef);

static int rxtx_mapped, lend_advertised;

/* ---- Case bookkeeping ------------------------------------------------------ */

/* Short names of the case results (test_case.h). */
#define OK CASE_OK
#define FAILED CASE_FAILED
#define SKIPPED CASE_SKIPPED
static int n_passed, n_failed;
static char why[320];

void spmc_t_vfail(const char *fmt, va_list ap)
{
    if (!why[0])        /* keep the first reason */
        vsnprintf(why, sizeof(why), fmt, ap);
}

#define fail spmc_fail  /* fail(fmt, ...): spmc_t_vfail, returns CASE_FAILED */

/* Printed as "skipped (no such partition)", as before the cases were shared. */
enum case_result spmc_t_skip(const char *reason)
{
    (void)reason;
    return CASE_SKIPPED;
}

static void run_case(const char *name, const char *title, enum case_result (*fn)(void))
{
    int rc;

    why[0] = '\0';
    rc = fn();
    if (rc == OK) {
        printf("%s %s ... ok\n", name, title);
        n_passed++;
    } else if (rc == SKIPPED) {
        printf("%s %s ... skipped (%s)\n", name, title, why[0] ? why : "no such partition");
        n_passed++;
    } else {
        printf("%s %s ... FAILED: %s\n", name, title, why);
        n_failed++;
    }
}

static enum case_result skip(const char *reason)
{
    snprintf(why, sizeof(why), "%s", reason);
    return SKIPPED;
}

/* ---- Calls and expectations ------------------------------------------------ */

static struct ffa_regs R;   /* result of the last call */

static struct ffa_regs *call_n(uint32_t fid, const uint64_t *args, size_t n)
{
    memset(&R, 0, sizeof(R));
    R.x[0] = fid;
    for (size_t i = 0; i < n && i < 17; i++)
        R.x[1 + i] = args[i];
    ffa_call(&R);
    return &R;
}

/* call(fid, x1, x2, ...): unnamed registers are 0. */
#define call(fid, ...)                                                       \
    call_n(fid, (const uint64_t[]){ __VA_ARGS__ },                           \
           sizeof((const uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t))

static const char *fid_name(uint32_t fid)
{
    switch (fid) {
    case FFA_ERROR: return "FFA_ERROR";
    case FFA_SUCCESS_32: return "FFA_SUCCESS_32";
    case FFA_SUCCESS_64: return "FFA_SUCCESS_64";
    case FFA_INTERRUPT: return "FFA_INTERRUPT";
    case FFA_MSG_SEND_DIRECT_RESP_32: return "DIRECT_RESP_32";
    case FFA_MSG_SEND_DIRECT_RESP_64: return "DIRECT_RESP_64";
    case FFA_MEM_FRAG_RX: return "MEM_FRAG_RX";
    case FFA_MEM_RETRIEVE_RESP: return "MEM_RETRIEVE_RESP";
    default: return "?";
    }
}

static void describe(char *buf, size_t n, const struct ffa_regs *r)
{
    uint32_t fid = (uint32_t)r->x[0];

    if (fid == FFA_ERROR)
        snprintf(buf, n, "FFA_ERROR %s (w2=%08x)", ffa_error_name(ffa_status(r)),
                 (uint32_t)r->x[2]);
    else
        snprintf(buf, n, "x0=%08x (%s) w1=%08x w2=%08x w3=%08x", fid, fid_name(fid),
                 (uint32_t)r->x[1], (uint32_t)r->x[2], (uint32_t)r->x[3]);
}

static int want_success(const char *what, const struct ffa_regs *r)
{
    char got[96];

    if (ffa_is_success(r))
        return 1;
    describe(got, sizeof(got), r);
    fail("%s: expected FFA_SUCCESS, got %s", what, got);
    return 0;
}

static int want_error(const char *what, const struct ffa_regs *r, int32_t code)
{
    char got[96];

    if ((uint32_t)r->x[0] == FFA_ERROR && ffa_status(r) == code)
        return 1;
    describe(got, sizeof(got), r);
    fail("%s: expected FFA_ERROR %s, got %s", what, ffa_error_name(code), got);
    return 0;
}

/* Any FFA_ERROR is acceptable (the reference names no code); the code is reported. */
static int want_some_error(const char *what, const struct ffa_regs *r)
{
    char got[96];

    if ((uint32_t)r->x[0] == FFA_ERROR) {
        printf("# %s: FFA_ERROR %s\n", what, ffa_error_name(ffa_status(r)));
        return 1;
    }
    describe(got, sizeof(got), r);
    fail("%s: expected FFA_ERROR, got %s", what, got);
    return 0;
}

/*
 * The transport's direct request, as arm-ffa-user's FFA_IOC_MSG_SEND: x3..x7 =
 * args, answered by DIRECT_RESP_64 (FFA_INTERRUPT is resumed with FFA_RUN as
 * Linux's driver does).  Returns 1 and args = x3..x7 of the answer.
 */
int spmc_t_send(uint16_t dst, uint64_t args[5], const char *what)
{
    char got[96];
    struct ffa_regs *r = call(FFA_MSG_SEND_DIRECT_REQ_64, FFA_ENDPOINTS(FFA_NW_ID, dst), 0,
                              args[0], args[1], args[2], args[3], args[4]);

    while ((uint32_t)r->x[0] == FFA_INTERRUPT)
        r = call(FFA_RUN, r->x[1], 0, 0, 0, 0, 0, 0, 0);
    if ((uint32_t)r->x[0] != FFA_MSG_SEND_DIRECT_RESP_64 ||
        (uint32_t)r->x[1] != FFA_ENDPOINTS(dst, FFA_NW_ID)) {
        describe(got, sizeof(got), r);
        fail("%s: DIRECT_REQ_64 to %04x: expected DIRECT_RESP_64 from %04x, got %s", what,
             dst, dst, got);
        return 0;
    }
    for (int i = 0; i < 5; i++)
        args[i] = r->x[3 + i];
    return 1;
}

/* ---- Discovery helpers ----------------------------------------------------- */

static struct ffa_regs *part_info(const struct ffa_uuid *u, uint32_t flags)
{
    return call(FFA_PARTITION_INFO_GET, ffa_uuid_word(u, 0), ffa_uuid_word(u, 1),
                ffa_uuid_word(u, 2), ffa_uuid_word(u, 3), flags, 0, 0);
}

static const struct ffa_partition_info_v1_1 *rx_desc(uint32_t i)
{
    return (const struct ffa_partition_info_v1_1 *)(rx_buf + 24 * i);
}

/* The transport's lookup: the index-th partition with this UUID. */
int spmc_t_find(const struct ffa_uuid *u, unsigned index, uint16_t *id, unsigned *count)
{
    struct ffa_regs *r = part_info(u, 0);
    int rc = -1;

    if (!ffa_is_success(r))
        return -1;
    *count = (uint32_t)r->x[2];
    if (index < *count && (uint32_t)r->x[3] == 24) {
        *id = rx_desc(index)->id;
        rc = 0;
    }
    call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0);
    return rc;
}

static uint64_t handle_of(const struct ffa_regs *r)
{
    return (uint32_t)r->x[2] | (uint64_t)(uint32_t)r->x[3] << 32;
}

/* Shares share_page with one receiver through a v1.1 descriptor in TX. */
static struct ffa_regs *mem_share_page(uint32_t fid, uint16_t receiver, uint8_t perm,
                                       uint16_t attr)
{
    struct ffa_mem_range range = { (uintptr_t)share_page, 1 };
    uint32_t len = ffa_build_mem_desc(tx_buf, FFA_VERSION_1_1, FFA_NW_ID, attr, 0, 0, 0,
                                      &receiver, 1, perm, &range, 1);

    return call(fid, len, len, 0, 0, 0, 0, 0);
}

static struct ffa_regs *reclaim(uint64_t handle, uint32_t flags)
{
    return call(FFA_MEM_RECLAIM, (uint32_t)handle, handle >> 32, flags, 0, 0, 0, 0);
}

/* The transport's SHM_INIT: FFA_MEM_SHARE_64 of share_page, attributes 0x2F, RW, tag 0. */
int spmc_t_share(uint16_t dst, uint64_t *handle)
{
    struct ffa_regs *r;
    char got[96];

    memset(share_page, 0, PAGE);
    share_page[0] = 0x5;
    r = mem_share_page(FFA_MEM_SHARE_64, dst, FFA_MEM_ACC_RW, FFA_MEM_ATTR_NORMAL_WB_ISH);
    if (!ffa_is_success(r)) {
        describe(got, sizeof(got), r);
        fail("FFA_MEM_SHARE_64 of one NW page to %04x: expected FFA_SUCCESS, got %s", dst, got);
        return 0;
    }
    *handle = handle_of(r);
    printf("# shared page %lx as handle %lx\n", (unsigned long)(uintptr_t)share_page,
           (unsigned long)*handle);
    return 1;
}

enum spmc_reclaim spmc_t_reclaim(uint64_t handle, char *err, unsigned n)
{
    struct ffa_regs *r = reclaim(handle, 0);

    if (ffa_is_success(r))
        return SPMC_RECLAIMED;
    describe(err, n, r);
    return (uint32_t)r->x[0] == FFA_ERROR && ffa_status(r) == FFA_DENIED ? SPMC_DENIED
                                                                        : SPMC_RECLAIM_ERROR;
}

/* ============================================================================
 * Setup and ABI cases before the RX/TX buffers are mapped
 * ========================================================================== */

static enum case_result c_version_bit31(void)
{
    struct ffa_regs *r = call(FFA_VERSION, 0x80000000u | FFA_VERSION_1_1, 0, 0, 0, 0, 0, 0, 0);

    if ((uint32_t)r->x[0] != 0xFFFFFFFFu)
        return fail("FFA_VERSION(0x%08x): expected w0 = NOT_SUPPORTED (0xffffffff), got %08x",
                    0x80000000u | FFA_VERSION_1_1, (uint32_t)r->x[0]);
    return OK;
}

static enum case_result c_version(void)
{
    struct ffa_regs *r = call(FFA_VERSION, FFA_VERSION_1_1, 0, 0, 0, 0, 0, 0, 0);
    uint32_t v = (uint32_t)r->x[0];

    if (v & 0x80000000u)
        return fail("FFA_VERSION(1.1): got %08x (error)", v);
    if (FFA_VERSION_MAJOR(v) != 1 || FFA_VERSION_MINOR(v) < 1)
        return fail("FFA_VERSION(1.1): expected 1.x with x >= 1, got %u.%u",
                    FFA_VERSION_MAJOR(v), FFA_VERSION_MINOR(v));
    printf("# SPMC FF-A version %u.%u\n", FFA_VERSION_MAJOR(v), FFA_VERSION_MINOR(v));
    return OK;
}

static enum case_result c_id_get(void)
{
    struct ffa_regs *r = call(FFA_ID_GET, 0, 0, 0, 0, 0, 0, 0, 0);

    if (!want_success("FFA_ID_GET", r))
        return FAILED;
    if ((uint16_t)r->x[2] != FFA_NW_ID)
        return fail("FFA_ID_GET: expected ID 0, got %04x", (uint16_t)r->x[2]);
    return OK;
}

static enum case_result c_spm_id_get(void)
{
    struct ffa_regs *r = call(FFA_SPM_ID_GET, 0, 0, 0, 0, 0, 0, 0, 0);

    if (!want_success("FFA_SPM_ID_GET", r))
        return FAILED;
    if ((uint16_t)r->x[2] != 0x8000)
        return fail("FFA_SPM_ID_GET: expected SPMC ID 0x8000, got %04x", (uint16_t)r->x[2]);
    return OK;
}

static enum case_result c_features(void)
{
    static const uint32_t must[] = {
        FFA_RXTX_MAP_64, FFA_RXTX_MAP_32, FFA_RXTX_UNMAP, FFA_RX_RELEASE,
        FFA_PARTITION_INFO_GET, FFA_MSG_SEND_DIRECT_REQ_32, FFA_MSG_SEND_DIRECT_REQ_64,
        FFA_MEM_SHARE_64, FFA_MEM_SHARE_32, FFA_MEM_RECLAIM, FFA_FEATURES, FFA_VERSION,
    };
    char what[48];
    struct ffa_regs *r;

    for (unsigned i = 0; i < sizeof(must) / sizeof(must[0]); i++) {
        snprintf(what, sizeof(what), "FFA_FEATURES(%08x)", must[i]);
        if (!want_success(what, call(FFA_FEATURES, must[i], 0, 0, 0, 0, 0, 0, 0)))
            return FAILED;
    }
    r = call(FFA_FEATURES, FFA_RXTX_MAP_64, 0, 0, 0, 0, 0, 0, 0);
    if ((r->x[2] & FFA_FEAT_RXTX_MIN_SIZE_MASK) != 0)
        return fail("FFA_FEATURES(RXTX_MAP_64): expected w2[1:0] = 0 (4K), got %x",
                    (uint32_t)r->x[2]);
    r = call(FFA_FEATURES, FFA_MEM_LEND_64, 0, 0, 0, 0, 0, 0, 0);
    lend_advertised = ffa_is_success(r);
    printf("# FFA_MEM_LEND_64 %s\n", lend_advertised ? "advertised" : "not advertised");
    return OK;
}

static enum case_result c_features_unknown(void)
{
    return want_error("FFA_FEATURES(0x840000fe)",
                      call(FFA_FEATURES, 0x840000FEu, 0, 0, 0, 0, 0, 0, 0), FFA_NOT_SUPPORTED)
               ? OK : FAILED;
}

static enum case_result c_rxtx_unmap_unmapped(void)
{
    return want_error("FFA_RXTX_UNMAP without buffers",
                      call(FFA_RXTX_UNMAP, 0, 0, 0, 0, 0, 0, 0, 0), FFA_INVALID_PARAMETERS)
               ? OK : FAILED;
}

static enum case_result c_rxtx_map_zero_pages(void)
{
    return want_error("FFA_RXTX_MAP_64 with 0 pages",
                      call(FFA_RXTX_MAP_64, (uintptr_t)tx_buf, (uintptr_t)rx_buf, 0,
                           0, 0, 0, 0), FFA_INVALID_PARAMETERS) ? OK : FAILED;
}

static enum case_result c_rxtx_map_bad_count(void)
{
    return want_error("FFA_RXTX_MAP_64 with page count bits[63:6] set",
                      call(FFA_RXTX_MAP_64, (uintptr_t)tx_buf, (uintptr_t)rx_buf, 0x41,
                           0, 0, 0, 0), FFA_INVALID_PARAMETERS) ? OK : FAILED;
}

static enum case_result c_rxtx_map_secure(void)
{
    struct ffa_regs *r = call(FFA_RXTX_MAP_64, SECURE_PA, SECURE_PA + PAGE, 1, 0, 0, 0, 0);

    if (ffa_is_success(r)) {
        call(FFA_RXTX_UNMAP, 0, 0, 0, 0, 0, 0, 0, 0);
        return fail("FFA_RXTX_MAP_64 of secure memory %llx succeeded", SECURE_PA);
    }
    return want_error("FFA_RXTX_MAP_64 of secure memory", r, FFA_INVALID_PARAMETERS)
               ? OK : FAILED;
}

static enum case_result c_rxtx_map_unaligned(void)
{
    struct ffa_regs *r = call(FFA_RXTX_MAP_64, (uintptr_t)tx_buf + 0x100, (uintptr_t)rx_buf, 1,
                              0, 0, 0, 0);

    if (ffa_is_success(r)) {
        call(FFA_RXTX_UNMAP, 0, 0, 0, 0, 0, 0, 0, 0);
        return fail("FFA_RXTX_MAP_64 with a TX address not 4K aligned succeeded");
    }
    return want_error("FFA_RXTX_MAP_64 with a TX address not 4K aligned", r,
                      FFA_INVALID_PARAMETERS) ? OK : FAILED;
}

static enum case_result c_rxtx_map(void)
{
    if (!want_success("FFA_RXTX_MAP_64",
                      call(FFA_RXTX_MAP_64, (uintptr_t)tx_buf, (uintptr_t)rx_buf, 1,
                           0, 0, 0, 0)))
        return FAILED;
    rxtx_mapped = 1;
    return OK;
}

static enum case_result c_rxtx_map_twice(void)
{
    return want_error("second FFA_RXTX_MAP_64",
                      call(FFA_RXTX_MAP_64, (uintptr_t)tx_buf, (uintptr_t)rx_buf, 1,
                           0, 0, 0, 0), FFA_DENIED) ? OK : FAILED;
}

static enum case_result c_rx_release_not_owned(void)
{
    return want_error("FFA_RX_RELEASE while the SPMC owns RX",
                      call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0, 0), FFA_DENIED) ? OK : FAILED;
}

/* ============================================================================
 * Partition discovery
 * ========================================================================== */

static uint32_t all_count;
static uint16_t all_ids[64];

static enum case_result c_partition_info_all(void)
{
    struct ffa_regs *r = part_info(&uuid_nil, 0);
    uint32_t count, size;

    if (!want_success("PARTITION_INFO_GET(nil)", r))
        return FAILED;
    count = (uint32_t)r->x[2];
    size = (uint32_t)r->x[3];
    if (size != 24) {
        call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0, 0);
        return fail("PARTITION_INFO_GET(nil): expected descriptor size w3 = 24, got %u", size);
    }
    if (count == 0 || count > PAGE / 24) {
        call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0, 0);
        return fail("PARTITION_INFO_GET(nil): count %u", count);
    }
    all_count = count < 64 ? count : 64;
    for (uint32_t i = 0; i < count; i++) {
        const struct ffa_partition_info_v1_1 *p = rx_desc(i);
        const uint8_t *u = p->uuid;
        if (i < 64)
            all_ids[i] = p->id;
        printf("# partition %04x ctx %u props %03x uuid "
               "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\n",
               p->id, p->exec_ctx_count, p->properties, u[0], u[1], u[2], u[3], u[4], u[5],
               u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
        if (!(p->id & 0x8000)) {
            fail("partition %u has non-secure ID %04x", i, p->id);
        } else if (p->exec_ctx_count == 0) {
            fail("partition %04x has 0 execution contexts", p->id);
        } else if (ffa_uuid_is_nil((const struct ffa_uuid *)p->uuid)) {
            fail("partition %04x is listed with a nil UUID", p->id);
        }
    }
    if (!want_success("FFA_RX_RELEASE", call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0, 0)))
        return FAILED;
    return why[0] ? FAILED : OK;
}

static enum case_result c_partition_info_busy(void)
{
    struct ffa_regs *r = part_info(&uuid_nil, 0);
    int ok;

    if (!want_success("first PARTITION_INFO_GET(nil)", r))
        return FAILED;
    ok = want_error("PARTITION_INFO_GET while the caller owns RX", part_info(&uuid_nil, 0),
                    FFA_BUSY);
    if (!want_success("FFA_RX_RELEASE", call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0, 0)))
        return FAILED;
    return ok ? OK : FAILED;
}

static enum case_result c_partition_info_count_only(void)
{
    struct ffa_regs *r = part_info(&uuid_nil, FFA_PARTITION_INFO_GET_COUNT_FLAG);

    if (!want_success("PARTITION_INFO_GET(nil, count only)", r))
        return FAILED;
    if ((uint32_t)r->x[2] != all_count)
        return fail("count only: expected %u, got %u", all_count, (uint32_t)r->x[2]);
    /* The RX buffer was not used: a full request must not be BUSY. */
    r = part_info(&uuid_nil, 0);
    if (!want_success("PARTITION_INFO_GET(nil) after count only", r))
        return FAILED;
    return want_success("FFA_RX_RELEASE", call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0, 0))
               ? OK : FAILED;
}

static enum case_result c_partition_info_unknown(void)
{
    return want_error("PARTITION_INFO_GET(01234567-89ab-4def-8123-456789abcdef)",
                      part_info(&uuid_unknown, 0), FFA_INVALID_PARAMETERS) ? OK : FAILED;
}

static enum case_result c_rx_release_twice(void)
{
    return want_error("FFA_RX_RELEASE after release",
                      call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0, 0), FFA_DENIED) ? OK : FAILED;
}

static enum case_result c_find_partitions(void)
{
    unsigned n[4];      /* spm-test1, spm-test2, spm-test3/4, LSP */
    struct ffa_regs *r;

    spmc_find_endpoints(n);
    printf("# spm-test1 %04x, spm-test2 %04x, spm-test3/4 %04x (%u with that UUID), LSP %04x\n",
           spmc_sp1, spmc_sp2, spmc_sp3, n[2], spmc_lsp);
    if (spmc_sp1 == SPMC_NO_ID && spmc_sp2 == SPMC_NO_ID && spmc_sp3 == SPMC_NO_ID && spmc_lsp == SPMC_NO_ID)
        return skip("no test partitions");
    if (n[0] > 1 || n[1] > 1 || n[3] > 1)
        return fail("UUIDs of spm-test1/2 or the LSP match %u/%u/%u partitions", n[0], n[1], n[3]);
    /* spm-test3 and spm-test4 share an FF-A UUID: both are listed, with that UUID. */
    if (spmc_sp3 != SPMC_NO_ID) {
        if (n[2] != 2)
            return fail("PARTITION_INFO_GET(23eb0100-...): expected 2 partitions, got %u", n[2]);
        r = part_info(&spmc_uuid[2], 0);
        if (!want_success("PARTITION_INFO_GET(23eb0100-...)", r))
            return FAILED;
        for (int i = 0; i < 2; i++)
            if (!ffa_uuid_equal(&spmc_uuid[2], rx_desc(i)->uuid))
                fail("descriptor %d of PARTITION_INFO_GET(23eb0100-...) has another UUID", i);
        if (rx_desc(0)->id == rx_desc(1)->id)
            fail("spm-test3 and spm-test4 have the same ID %04x", rx_desc(0)->id);
        call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    if (spmc_sp1 != SPMC_NO_ID && !why[0]) {
        /* Properties: SPs receive and send direct requests (messaging-method 3). */
        r = part_info(&spmc_uuid[0], 0);
        if (ffa_is_success(r) && (rx_desc(0)->properties & 3) != 3)
            fail("spm-test1 properties %x lack direct request receive/send",
                 rx_desc(0)->properties);
        call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    return why[0] ? FAILED : OK;
}

/* ============================================================================
 * Messaging ABI cases
 * ========================================================================== */

static uint16_t unused_secure_id(void)
{
    for (uint16_t id = 0xFFFE; id > 0x8000; id--) {
        int used = 0;
        for (uint32_t i = 0; i < all_count; i++)
            used |= all_ids[i] == id;
        if (!used)
            return id;
    }
    return 0x8FFE;
}

static enum case_result c_direct_req_unknown(void)
{
    uint16_t id = unused_secure_id();
    char what[64];

    snprintf(what, sizeof(what), "DIRECT_REQ_64 to nonexistent %04x", id);
    return want_error(what, call(FFA_MSG_SEND_DIRECT_REQ_64, FFA_ENDPOINTS(FFA_NW_ID, id), 0,
                                 EP_SP_NOP, 0, 0, 0, 0), FFA_INVALID_PARAMETERS) ? OK : FAILED;
}

static enum case_result c_direct_req_secure_src(void)
{
    if (spmc_sp1 == SPMC_NO_ID)
        return SKIPPED;
    return want_error("DIRECT_REQ_64 from source 8001 (secure) to SP1",
                      call(FFA_MSG_SEND_DIRECT_REQ_64, FFA_ENDPOINTS(0x8001, spmc_sp1), 0,
                           EP_SP_NOP, 0, 0, 0, 0), FFA_INVALID_PARAMETERS) ? OK : FAILED;
}

static enum case_result c_direct_req_32(void)
{
    struct ffa_regs *r;
    char got[96];

    /*
     * Only a partition that answers DIRECT_REQ_32 in kind can be asked: TS's spm-test (and ours,
     * which behaves the same) always answers with DIRECT_RESP_64, which the SPMC refuses for a
     * 32-bit request, as OP-TEE does. The test LSP sums the five 32-bit words modulo 2^32.
     */
    if (spmc_lsp == SPMC_NO_ID)
        return SKIPPED;
    r = call(FFA_MSG_SEND_DIRECT_REQ_32, FFA_ENDPOINTS(FFA_NW_ID, spmc_lsp), 0, 1, 2, 3, 4,
             0xfffffff6u);
    if ((uint32_t)r->x[0] != FFA_MSG_SEND_DIRECT_RESP_32 ||
        (uint32_t)r->x[1] != FFA_ENDPOINTS(spmc_lsp, FFA_NW_ID) || r->x[3] != 0) {
        describe(got, sizeof(got), r);
        return fail("DIRECT_REQ_32 to the LSP: expected DIRECT_RESP_32 w3=0 (sum mod 2^32), got %s", got);
    }
    return OK;
}

static enum case_result c_direct_req_unknown_cmd(void)
{
    uint64_t out[5];

    if (spmc_sp1 == SPMC_NO_ID)
        return SKIPPED;
    if (!spmc_cmd(spmc_sp1, 99, 0, 0, 0, 0, out, "command 99"))
        return FAILED;
    if (out[0] != SP_TEST_ERROR || out[1] != ERR_TEST_NOT_FOUND)
        return fail("command 99: expected 0xff/ERR_TEST_NOT_FOUND, got %lx/%lx",
                    (unsigned long)out[0], (unsigned long)out[1]);
    return OK;
}

/* EP_TEST_SP_INCREASE from NW: x4..x7 travel as full 64-bit values both ways. */
static enum case_result c_direct_req_payload(void)
{
    static const uint64_t in[4] = { 0x0123456789abcdefull, 0xfffffffffffffffeull,
                                    0x8000000000000000ull, 0x00000000ffffffffull };
    uint64_t out[5];

    if (spmc_sp1 == SPMC_NO_ID)
        return SKIPPED;
    if (!spmc_cmd(spmc_sp1, EP_TEST_SP_INCREASE, in[0], in[1], in[2], in[3], out,
                "EP_TEST_SP_INCREASE"))
        return FAILED;
    if (out[0] != SP_TEST_OK)
        return fail("EP_TEST_SP_INCREASE: reply %lx", (unsigned long)out[0]);
    for (int i = 0; i < 4; i++)
        if (out[1 + i] != in[i] + 1)
            return fail("EP_TEST_SP_INCREASE: x%d = %016lx, expected %016lx", 4 + i,
                        (unsigned long)out[1 + i], (unsigned long)(in[i] + 1));
    return OK;
}

#define SIMPLE_ERROR_CASE(fn, desc, fid, code)                                          \
    static enum case_result fn(void)                                                    \
    {                                                                                   \
        return want_error(desc, call(fid, 0, 0, 0, 0, 0, 0, 0), code) ? OK : FAILED;    \
    }

SIMPLE_ERROR_CASE(c_msg_wait_nw, "FFA_MSG_WAIT from NW", FFA_MSG_WAIT, FFA_NOT_SUPPORTED)
SIMPLE_ERROR_CASE(c_yield_nw, "FFA_YIELD from NW", FFA_YIELD, FFA_NOT_SUPPORTED)
SIMPLE_ERROR_CASE(c_direct_resp_nw, "DIRECT_RESP_64 from NW", FFA_MSG_SEND_DIRECT_RESP_64,
                  FFA_NOT_SUPPORTED)
SIMPLE_ERROR_CASE(c_retrieve_nw, "FFA_MEM_RETRIEVE_REQ_64 from NW", FFA_MEM_RETRIEVE_REQ_64,
                  FFA_NOT_SUPPORTED)
SIMPLE_ERROR_CASE(c_relinquish_nw, "FFA_MEM_RELINQUISH from NW", FFA_MEM_RELINQUISH,
                  FFA_NOT_SUPPORTED)
SIMPLE_ERROR_CASE(c_perm_get_nw, "FFA_MEM_PERM_GET_32 from NW", FFA_MEM_PERM_GET_32,
                  FFA_NOT_SUPPORTED)
/*
 * An FNUM nobody defines.  The SPMC answers FFA_ERROR(NOT_SUPPORTED); TF-A's
 * SPMD only treats FNUMs in its FF-A range as FF-A and answers others with
 * SMCCC's SMC_UNK (w0 = 0xffffffff), which is accepted too.
 */
static int unknown_fid(uint32_t fid)
{
    struct ffa_regs *r = call(fid, 0, 0, 0, 0, 0, 0, 0);
    char what[48];

    if ((uint32_t)r->x[0] == 0xFFFFFFFFu) {
        printf("# function %08x: SMCCC SMC_UNK\n", fid);
        return OK;
    }
    snprintf(what, sizeof(what), "unknown function %08x", fid);
    return want_error(what, r, FFA_NOT_SUPPORTED) ? OK : FAILED;
}

static enum case_result c_unknown_fid_32(void)
{
    return unknown_fid(0x840000FEu);
}

static enum case_result c_unknown_fid_64(void)
{
    return unknown_fid(0xC40000FEu);
}

/* An unassigned number inside the FF-A range (0x60..0xEF): strictly FFA_ERROR NOT_SUPPORTED. */
static enum case_result c_unassigned_ffa_fnum(void)
{
    return want_error("unassigned FF-A function 0x840000a0",
                      call(0x840000A0u, 0, 0, 0, 0, 0, 0, 0), FFA_NOT_SUPPORTED) ? OK : FAILED;
}

static enum case_result c_console_log_nw(void)
{
    if (!want_error("FFA_CONSOLE_LOG_64 from NW",
                    call(FFA_CONSOLE_LOG_64, 2, 0x6968, 0, 0, 0, 0, 0), FFA_NOT_SUPPORTED))
        return FAILED;
    return want_error("FFA_CONSOLE_LOG_32 from NW",
                      call(FFA_CONSOLE_LOG_32, 2, 0x6968, 0, 0, 0, 0, 0), FFA_NOT_SUPPORTED)
               ? OK : FAILED;
}

static enum case_result c_notification_set_nw(void)
{
    if (ffa_is_success(call(FFA_FEATURES, FFA_NOTIFICATION_SET, 0, 0, 0, 0, 0, 0, 0)))
        return skip("FFA_NOTIFICATION_SET advertised by FFA_FEATURES");
    return want_error("FFA_NOTIFICATION_SET from NW (not advertised)",
                      call(FFA_NOTIFICATION_SET, FFA_ENDPOINTS(FFA_NW_ID, 0x8001), 0, 1, 0,
                           0, 0, 0), FFA_NOT_SUPPORTED) ? OK : FAILED;
}

/* ============================================================================
 * Memory management ABI cases (NW -> SP share path, reference 1.3 and 1.6)
 * ========================================================================== */

static enum case_result c_mem_lend(void)
{
    struct ffa_regs *r;

    if (spmc_sp1 == SPMC_NO_ID)
        return SKIPPED;
    r = mem_share_page(FFA_MEM_LEND_64, spmc_sp1, FFA_MEM_ACC_RW, 0);
    if (!lend_advertised)
        return want_error("FFA_MEM_LEND_64 to SP1 (LEND not advertised)", r, FFA_DENIED)
                   ? OK : FAILED;
    /* Advertised: lending must work and be reclaimable. */
    if (!want_success("FFA_MEM_LEND_64 to SP1 (advertised)", r))
        return FAILED;
    return want_success("FFA_MEM_RECLAIM of the lent page", reclaim(handle_of(r), 0))
               ? OK : FAILED;
}

/*
 * Builds a valid one-receiver, one-page v1.1 share descriptor for SP1 in TX
 * at the given access-array offset (48 normally) and returns its length;
 * the malformed cases then break one field each.
 */
struct desc_view {
    struct ffa_mem_transaction_v1_1 *t;
    struct ffa_mem_access *acc;
    struct ffa_composite_mem_region *comp;
    struct ffa_mem_region_constituent *rg;
    uint32_t len;
};

static struct desc_view build_share(uint32_t acc_offs, uint32_t nranges)
{
    struct desc_view v;
    uint32_t off;

    memset(tx_buf, 0, PAGE);
    v.t = (struct ffa_mem_transaction_v1_1 *)tx_buf;
    v.t->sender_id = FFA_NW_ID;
    v.t->mem_region_attr = FFA_MEM_ATTR_NORMAL_WB_ISH;
    v.t->mem_access_size = sizeof(struct ffa_mem_access);
    v.t->mem_access_count = 1;
    v.t->mem_access_offs = acc_offs;
    v.acc = (struct ffa_mem_access *)(tx_buf + acc_offs);
    v.acc->endpoint_id = spmc_sp1;
    v.acc->perm = FFA_MEM_ACC_RW;
    off = acc_offs + sizeof(struct ffa_mem_access);
    v.acc->composite_offs = off;
    v.comp = (struct ffa_composite_mem_region *)(tx_buf + off);
    v.comp->total_page_count = nranges;
    v.comp->address_range_count = nranges;
    v.rg = (struct ffa_mem_region_constituent *)(v.comp + 1);
    for (uint32_t i = 0; i < nranges; i++) {
        v.rg[i].address = (uintptr_t)share_page;
        v.rg[i].page_count = 1;
    }
    v.len = off + sizeof(struct ffa_composite_mem_region) +
            nranges * sizeof(struct ffa_mem_region_constituent);
    return v;
}

/* Sends TX with MEM_SHARE_64(len, frag, addr, pages); a success is reclaimed. */
static struct ffa_regs *share_tx(uint32_t len, uint32_t frag, uint64_t addr, uint32_t pages)
{
    struct ffa_regs *r = call(FFA_MEM_SHARE_64, len, frag, addr, pages, 0, 0, 0);

    if (ffa_is_success(r)) {
        struct ffa_regs saved = *r;
        reclaim(handle_of(r), 0);
        R = saved;
    }
    return r;
}

static int malformed(const char *what, struct desc_view v, int32_t code)
{
    char buf[96];

    snprintf(buf, sizeof(buf), "FFA_MEM_SHARE_64 %s", what);
    return want_error(buf, share_tx(v.len, v.len, 0, 0), code) ? OK : FAILED;
}

static enum case_result c_share_valid(void)
{
    struct desc_view v;
    struct ffa_regs *r;

    if (spmc_sp1 == SPMC_NO_ID)
        return SKIPPED;
    /* The well-formed base descriptor of the malformed cases is accepted. */
    v = build_share(48, 1);
    r = call(FFA_MEM_SHARE_64, v.len, v.len, 0, 0, 0, 0, 0);
    if (!want_success("FFA_MEM_SHARE_64 of the base descriptor", r))
        return FAILED;
    return want_success("FFA_MEM_RECLAIM", reclaim(handle_of(r), 0)) ? OK : FAILED;
}

#define MALFORMED_CASE(fn, desc, code, ...)                 \
    static enum case_result fn(void)                        \
    {                                                       \
        struct desc_view v;                                 \
        if (spmc_sp1 == SPMC_NO_ID)                         \
            return SKIPPED;                                 \
        v = build_share(48, 1);                             \
        __VA_ARGS__;                                        \
        return malformed(desc, v, code);                    \
    }

MALFORMED_CASE(c_share_acc_count0, "with access descriptor count 0", FFA_INVALID_PARAMETERS,
               v.t->mem_access_count = 0)
MALFORMED_CASE(c_share_acc_overflow, "with count*size+offset > length", FFA_INVALID_PARAMETERS,
               v.t->mem_access_count = 4)
MALFORMED_CASE(c_share_acc_unaligned, "with access array offset 56 (not 16-aligned)",
               FFA_INVALID_PARAMETERS, v = build_share(56, 1))
MALFORMED_CASE(c_share_acc_offs_big, "with access array offset 4096", FFA_INVALID_PARAMETERS,
               v.t->mem_access_offs = PAGE)
MALFORMED_CASE(c_share_comp_overflow, "with composite offset + 16 > length",
               FFA_INVALID_PARAMETERS, v.acc->composite_offs = v.len - 8)
MALFORMED_CASE(c_share_ranges0, "with address range count 0", FFA_INVALID_PARAMETERS,
               v.comp->address_range_count = 0)
MALFORMED_CASE(c_share_pages0, "with total page count 0", FFA_INVALID_PARAMETERS,
               v.comp->total_page_count = 0; v.rg[0].page_count = 0)
MALFORMED_CASE(c_share_range_pages0, "with a constituent of 0 pages", FFA_INVALID_PARAMETERS,
               v = build_share(48, 2); v.comp->total_page_count = 1; v.rg[1].page_count = 0)
MALFORMED_CASE(c_share_total_mismatch, "with total page count != sum of constituents",
               FFA_INVALID_PARAMETERS, v.comp->total_page_count = 2)
MALFORMED_CASE(c_share_ranges_overflow, "with constituents beyond the length",
               FFA_INVALID_PARAMETERS, v.comp->address_range_count = 2)
MALFORMED_CASE(c_share_perm_reserved, "with access permission bits[7:4] set", FFA_DENIED,
               v.acc->perm = 0x12)

static enum case_result c_share_addr_arg(void)
{
    struct desc_view v;

    if (spmc_sp1 == SPMC_NO_ID)
        return SKIPPED;
    v = build_share(48, 1);
    return want_error("FFA_MEM_SHARE_64 with a buffer address/page count (not in TX)",
                      share_tx(v.len, v.len, (uintptr_t)tx_buf, 1), FFA_INVALID_PARAMETERS)
               ? OK : FAILED;
}

/*
 * OP-TEE refuses fragmented transactions to SPs (NOT_SUPPORTED); an SPMC that advertises
 * FFA_MEM_FRAG_TX must take the rest of the descriptor through it: FFA_MEM_FRAG_RX names the
 * handle and the offset received, the last FFA_MEM_FRAG_TX completes the share.
 */
static enum case_result c_share_fragmented(void)
{
    struct desc_view v;
    struct ffa_regs *r;
    uint64_t handle;
    uint32_t first;

    if (spmc_sp1 == SPMC_NO_ID)
        return SKIPPED;
    v = build_share(48, 1);
    first = v.len - 16;
    if (!ffa_is_success(call(FFA_FEATURES, FFA_MEM_FRAG_TX, 0, 0, 0, 0, 0, 0, 0)))
        return want_error("FFA_MEM_SHARE_64 with fragment length < total length",
                          share_tx(v.len, first, 0, 0), FFA_NOT_SUPPORTED) ? OK : FAILED;
    r = share_tx(v.len, first, 0, 0);
    if ((uint32_t)r->x[0] != FFA_MEM_FRAG_RX || (uint32_t)r->x[3] != first)
        return fail("FFA_MEM_SHARE_64 in fragments: expected FFA_MEM_FRAG_RX at offset %u, got x0=%08x w3=%u",
                    first, (uint32_t)r->x[0], (uint32_t)r->x[3]);
    handle = (uint32_t)r->x[1] | (uint64_t)(uint32_t)r->x[2] << 32;
    memcpy(tx_buf, tx_buf + first, 16);   /* the second fragment goes at the start of TX */
    r = call(FFA_MEM_FRAG_TX, (uint32_t)handle, handle >> 32, 16, 0, 0, 0, 0);
    if (!want_success("FFA_MEM_FRAG_TX of the last fragment", r))
        return FAILED;
    if (handle_of(r) != handle)
        return fail("FFA_MEM_FRAG_TX: the share's handle %llx is not the one FRAG_RX named (%llx)",
                    (unsigned long long)handle_of(r), (unsigned long long)handle);
    if (!want_error("FFA_MEM_FRAG_TX after completion", call(FFA_MEM_FRAG_TX, (uint32_t)handle, handle >> 32,
                                                            16, 0, 0, 0, 0), FFA_INVALID_PARAMETERS))
        return FAILED;
    return want_success("FFA_MEM_RECLAIM of the fragmented share", reclaim(handle, 0)) ? OK : FAILED;
}

static enum case_result c_share_secure(void)
{
    struct desc_view v;

    if (spmc_sp1 == SPMC_NO_ID)
        return SKIPPED;
    v = build_share(48, 1);
    v.rg[0].address = SECURE_PA;
    return want_some_error("FFA_MEM_SHARE_64 of secure memory", share_tx(v.len, v.len, 0, 0))
               ? OK : FAILED;
}

static enum case_result c_share_bad_receiver(void)
{
    struct desc_view v;

    if (spmc_sp1 == SPMC_NO_ID)
        return SKIPPED;
    v = build_share(48, 1);
    v.acc->endpoint_id = unused_secure_id();
    return want_some_error("FFA_MEM_SHARE_64 to a nonexistent endpoint",
                           share_tx(v.len, v.len, 0, 0)) ? OK : FAILED;
}

static enum case_result c_share_bad_sender(void)
{
    struct desc_view v;

    if (spmc_sp1 == SPMC_NO_ID)
        return SKIPPED;
    v = build_share(48, 1);
    v.t->sender_id = spmc_sp1;
    return want_some_error("FFA_MEM_SHARE_64 from NW naming SP1 as sender",
                           share_tx(v.len, v.len, 0, 0)) ? OK : FAILED;
}

static enum case_result c_reclaim_unknown(void)
{
    /* An SP-share style handle (bit 45) that was never handed out. */
    return want_error("FFA_MEM_RECLAIM of an unknown handle",
                      reclaim(0x0000200000007FFFull, 0), FFA_INVALID_PARAMETERS) ? OK : FAILED;
}

static enum case_result c_reclaim_zero_flag(void)
{
    struct ffa_regs *r;
    uint64_t handle;
    int ok;

    if (spmc_sp1 == SPMC_NO_ID)
        return SKIPPED;
    r = mem_share_page(FFA_MEM_SHARE_64, spmc_sp1, FFA_MEM_ACC_RW, FFA_MEM_ATTR_NORMAL_WB_ISH);
    if (!want_success("FFA_MEM_SHARE_64", r))
        return FAILED;
    handle = handle_of(r);
    ok = want_error("FFA_MEM_RECLAIM with flags bit0 (zero memory) of NW memory",
                    reclaim(handle, FFA_MEM_FLAG_ZERO), FFA_DENIED);
    if (!want_success("FFA_MEM_RECLAIM", reclaim(handle, 0)))
        return FAILED;
    if (!want_error("second FFA_MEM_RECLAIM of the same handle", reclaim(handle, 0),
                    FFA_INVALID_PARAMETERS))
        return FAILED;
    return ok ? OK : FAILED;
}

/* ============================================================================
 * Teardown
 * ========================================================================== */

static enum case_result c_rxtx_unmap(void)
{
    if (!want_success("FFA_RXTX_UNMAP", call(FFA_RXTX_UNMAP, 0, 0, 0, 0, 0, 0, 0, 0)))
        return FAILED;
    rxtx_mapped = 0;
    return want_error("second FFA_RXTX_UNMAP", call(FFA_RXTX_UNMAP, 0, 0, 0, 0, 0, 0, 0, 0),
                      FFA_INVALID_PARAMETERS) ? OK : FAILED;
}

/* ========================================================================== */

#define SPMC_CASE(name, title, fn) { name, title, fn },

static const struct test_case cases[] = {
    { "ffa_abi_001", "FFA_VERSION with bit 31 set is NOT_SUPPORTED", c_version_bit31 },
    { "ffa_abi_002", "FFA_VERSION(1.1)", c_version },
    { "ffa_abi_003", "FFA_ID_GET returns 0", c_id_get },
    { "ffa_abi_004", "FFA_SPM_ID_GET returns the SPMC ID", c_spm_id_get },
    { "ffa_abi_005", "FFA_FEATURES of the NW ABIs", c_features },
    { "ffa_abi_006", "FFA_FEATURES of an unknown function", c_features_unknown },
    { "ffa_abi_007", "FFA_RXTX_UNMAP when not mapped", c_rxtx_unmap_unmapped },
    { "ffa_abi_008", "FFA_RXTX_MAP with 0 pages", c_rxtx_map_zero_pages },
    { "ffa_abi_009", "FFA_RXTX_MAP with page count bits[63:6] set", c_rxtx_map_bad_count },
    { "ffa_abi_010", "FFA_RXTX_MAP of secure memory", c_rxtx_map_secure },
    { "ffa_abi_011", "FFA_RXTX_MAP of an unaligned buffer", c_rxtx_map_unaligned },
    { "ffa_abi_012", "FFA_RXTX_MAP", c_rxtx_map },
    { "ffa_abi_013", "FFA_RXTX_MAP twice", c_rxtx_map_twice },
    { "ffa_abi_014", "FFA_RX_RELEASE when the SPMC owns RX", c_rx_release_not_owned },
    { "ffa_abi_015", "FFA_PARTITION_INFO_GET(nil)", c_partition_info_all },
    { "ffa_abi_016", "FFA_PARTITION_INFO_GET while the caller owns RX", c_partition_info_busy },
    { "ffa_abi_017", "FFA_PARTITION_INFO_GET count only", c_partition_info_count_only },
    { "ffa_abi_018", "FFA_PARTITION_INFO_GET of an unknown UUID", c_partition_info_unknown },
    { "ffa_abi_019", "FFA_RX_RELEASE twice", c_rx_release_twice },
    { "ffa_abi_020", "FFA_PARTITION_INFO_GET of the test UUIDs", c_find_partitions },
    SPMC_CASES(SPMC_CASE)
    { "ffa_abi_021", "DIRECT_REQ to a nonexistent ID", c_direct_req_unknown },
    { "ffa_abi_022", "DIRECT_REQ with a secure source ID", c_direct_req_secure_src },
    { "ffa_abi_023", "DIRECT_REQ_32 to the LSP is answered with DIRECT_RESP_32", c_direct_req_32 },
    { "ffa_abi_024", "DIRECT_REQ with an unknown spm-test command", c_direct_req_unknown_cmd },
    { "ffa_abi_056", "DIRECT_REQ_64 carries 64-bit payloads both ways", c_direct_req_payload },
    { "ffa_abi_025", "FFA_MSG_WAIT from NW", c_msg_wait_nw },
    { "ffa_abi_026", "FFA_YIELD from NW", c_yield_nw },
    { "ffa_abi_027", "FFA_CONSOLE_LOG from NW", c_console_log_nw },
    { "ffa_abi_028", "DIRECT_RESP from NW", c_direct_resp_nw },
    { "ffa_abi_029", "FFA_MEM_RETRIEVE_REQ from NW", c_retrieve_nw },
    { "ffa_abi_030", "FFA_MEM_RELINQUISH from NW", c_relinquish_nw },
    { "ffa_abi_031", "FFA_MEM_PERM_GET from NW", c_perm_get_nw },
    { "ffa_abi_032", "FFA_NOTIFICATION_SET from NW", c_notification_set_nw },
    { "ffa_abi_033", "unknown FF-A function (SMC32)", c_unknown_fid_32 },
    { "ffa_abi_034", "unknown FF-A function (SMC64)", c_unknown_fid_64 },
    { "ffa_abi_057", "unassigned FF-A function number in the FF-A range", c_unassigned_ffa_fnum },
    { "ffa_abi_035", "FFA_MEM_LEND to an SP", c_mem_lend },
    { "ffa_abi_036", "FFA_MEM_SHARE of a well-formed descriptor", c_share_valid },
    { "ffa_abi_037", "FFA_MEM_SHARE with 0 access descriptors", c_share_acc_count0 },
    { "ffa_abi_038", "FFA_MEM_SHARE with access descriptors past the end", c_share_acc_overflow },
    { "ffa_abi_039", "FFA_MEM_SHARE with an unaligned access array", c_share_acc_unaligned },
    { "ffa_abi_040", "FFA_MEM_SHARE with access array offset 4096", c_share_acc_offs_big },
    { "ffa_abi_041", "FFA_MEM_SHARE with the composite past the end", c_share_comp_overflow },
    { "ffa_abi_042", "FFA_MEM_SHARE with 0 address ranges", c_share_ranges0 },
    { "ffa_abi_043", "FFA_MEM_SHARE with 0 pages", c_share_pages0 },
    { "ffa_abi_044", "FFA_MEM_SHARE with a 0-page constituent", c_share_range_pages0 },
    { "ffa_abi_045", "FFA_MEM_SHARE with total != sum of pages", c_share_total_mismatch },
    { "ffa_abi_046", "FFA_MEM_SHARE with constituents past the end", c_share_ranges_overflow },
    { "ffa_abi_047", "FFA_MEM_SHARE with reserved permission bits", c_share_perm_reserved },
    { "ffa_abi_048", "FFA_MEM_SHARE with a buffer address", c_share_addr_arg },
    { "ffa_abi_049", "FFA_MEM_SHARE in fragments", c_share_fragmented },
    { "ffa_abi_050", "FFA_MEM_SHARE of secure memory", c_share_secure },
    { "ffa_abi_051", "FFA_MEM_SHARE to a nonexistent endpoint", c_share_bad_receiver },
    { "ffa_abi_052", "FFA_MEM_SHARE with a secure sender ID", c_share_bad_sender },
    { "ffa_abi_053", "FFA_MEM_RECLAIM of an unknown handle", c_reclaim_unknown },
    { "ffa_abi_054", "FFA_MEM_RECLAIM with zero-memory flag, and twice", c_reclaim_zero_flag },
    { "ffa_abi_055", "FFA_RXTX_UNMAP, and twice", c_rxtx_unmap },
};

int main(void)
{
    printf("# Jaffa FF-A normal-world suite (xtest -t ffa_spmc equivalent)\n");
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        /* Cases after the mapping need the buffers; say so instead of cascading. */
        if (i > 11 && !rxtx_mapped && cases[i].fn != c_rxtx_map_twice &&
            cases[i].fn != c_rxtx_unmap) {
            printf("%s %s ... FAILED: RX/TX buffers not mapped\n", cases[i].name,
                   cases[i].title);
            n_failed++;
            continue;
        }
        run_case(cases[i].name, cases[i].title, cases[i].fn);
    }
    printf("%d passed, %d failed\n", n_passed, n_failed);
    return n_failed ? 1 : 0;
}
