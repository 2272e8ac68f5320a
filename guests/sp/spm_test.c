/*
 * The Trusted Services spm-test partition behaviour (reference ffa.md 3.3),
 * written for Jaffa: the boot sequence before the first FFA_MSG_WAIT and
 * the EP_* command protocol, replies 0xAA (SP_TEST_OK) or 0xFF + error.
 * One source for spm-test1..4; the image's FF-A version (sp_ffa_version)
 * selects v1.0 or v1.1 descriptor layouts.
 */
#include "sp_rt.h"

static uint8_t my_buf[SP_PAGE_SIZE] __attribute__((aligned(SP_PAGE_SIZE)));
static volatile uint8_t *shared_buffer;
static uint64_t shared_buffer_size;

static const uint32_t uuid_sp3[4] = { 0x0001eb23, 0x97442ae3, 0x112f5290, 0xa6af84e5 };
static const uint32_t uuid_nil[4] = { 0, 0, 0, 0 };

#define LOG(...)   printf(__VA_ARGS__)
/* Per-request progress lines: off by default, so a benchmark measures the protocol, not printf. */
#ifdef SPM_TEST_VERBOSE
#define TRACE(...) printf(__VA_ARGS__)
#else
#define TRACE(...) do { } while (0)
#endif
/* The SPMC labels console lines with the partition; lines need no prefix. */
#define FAIL(fmt, ...) printf("FAILED " fmt "\n", ##__VA_ARGS__)

static void reply_ok(uint64_t resp[5])
{
    resp[0] = SP_TEST_OK;
}

static void reply_err(uint64_t resp[5], uint32_t err)
{
    resp[0] = SP_TEST_ERROR;
    resp[1] = err;
}

/* ---- Discovery tests (boot and EP_TEST_SP) -------------------------------- */

static int part_info(const uint32_t uuid[4], const char *what, uint32_t min_count)
{
    uint32_t count = 0, size = 0, stride;
    int32_t rc = sp_partition_info_get(uuid, &count, &size);

    if (rc != FFA_OK) {
        FAIL("PARTITION_INFO_GET(%s): %s", what, ffa_error_name(rc));
        return 0;
    }
    /* v1.0 callers get 8-byte descriptors and w3 = 0. */
    stride = sp_ffa_version == FFA_VERSION_1_0 ? 8 : size;
    if (stride != 8 && stride != 24) {
        FAIL("PARTITION_INFO_GET(%s): descriptor size %u", what, size);
        sp_rx_release();
        return 0;
    }
    {
        char line[128];
        int n = snprintf(line, sizeof(line), "partitions(%s): %u:", what, count);
        for (uint32_t i = 0; i < count && (i + 1) * stride <= SP_PAGE_SIZE; i++) {
            const struct ffa_partition_info_v1_0 *p =
                (const void *)(sp_rx_buffer + (uint64_t)i * stride);
            if (n < (int)sizeof(line))
                n += snprintf(line + n, sizeof(line) - (size_t)n, " %04x/%03x", p->id,
                              p->properties);
        }
        LOG("%s\n", line);
    }
    rc = sp_rx_release();
    if (rc != FFA_OK) {
        FAIL("RX_RELEASE: %s", ffa_error_name(rc));
        return 0;
    }
    if (count < min_count) {
        FAIL("PARTITION_INFO_GET(%s): count %u < %u", what, count, min_count);
        return 0;
    }
    return 1;
}

static int test_partition_info(void)
{
    return part_info(uuid_nil, "nil", 1) && part_info(uuid_sp3, "23eb0100", 2);
}

/* FFA_MEM_PERM_GET/SET on the manifest's test-region (TS test_mem_get_set). */

/* MEM_PERM_SET of one page to want, then MEM_PERM_GET must read it back. */
static int perm_set_checked(uint64_t va, uint32_t want)
{
    uint32_t perm = 0;
    int rc = sp_mem_perm_set(va, 1, want);

    if (rc) {
        FAIL("MEM_PERM_SET(test-region, 0x%x): %s", want, ffa_error_name(rc));
        return 0;
    }
    rc = sp_mem_perm_get(va, &perm);
    if (rc || perm != want) {
        FAIL("MEM_PERM_GET after SET: rc %s perm %x, expected 0x%x", ffa_error_name(rc), perm, want);
        return 0;
    }
    return 1;
}

static void boot_mem_perm(void)
{
    const uint32_t rw_nx = FFA_MEM_PERM_RW | FFA_MEM_PERM_NX;   /* 0x5 */
    const uint32_t ro_nx = FFA_MEM_PERM_RO | FFA_MEM_PERM_NX;   /* 0x7 */
    uint64_t va = sp_manifest.test_region_va;
    uint32_t perm = 0;
    int32_t rc;

    if (!sp_manifest.have_test_region)
        return;
    LOG("test-region at VA %lx, %u page(s)\n", (unsigned long)va,
        sp_manifest.test_region_pages);
    rc = sp_mem_perm_get(va, &perm);
    if (rc || perm != rw_nx) {
        FAIL("MEM_PERM_GET(test-region): rc %s perm %x, expected 0x5", ffa_error_name(rc), perm);
        return;
    }
    if (!perm_set_checked(va, ro_nx) || !perm_set_checked(va, rw_nx))
        return;
    LOG("MEM_PERM_GET/SET on test-region ok\n");
}

void sp_boot(void)
{
    int32_t rc;

    rc = sp_id_get(&sp_own_id);
    if (rc)
        FAIL("ID_GET: %s", ffa_error_name(rc));
    LOG("id %04x, FF-A %u.%u image, manifest ffa-version %x\n", sp_own_id,
        FFA_VERSION_MAJOR(sp_ffa_version), FFA_VERSION_MINOR(sp_ffa_version),
        sp_manifest.ffa_version);
    rc = sp_rxtx_map();
    if (rc)
        FAIL("RXTX_MAP: %s", ffa_error_name(rc));
    boot_mem_perm();
    test_partition_info();
}

/* EP_TEST_SP */
static void test_internal(uint64_t resp[5])
{
    uint32_t version = 0, prop = 0;
    uint16_t id = 0;
    int32_t rc;

    if (sp_version(sp_ffa_version, &version) != FFA_OK || FFA_VERSION_MAJOR(version) != 1) {
        FAIL("FFA_VERSION(%x) = %x", sp_ffa_version, version);
        reply_err(resp, ERR_VERSION);
        return;
    }
    if ((rc = sp_id_get(&id)) != FFA_OK || id != sp_own_id) {
        FAIL("ID_GET: %s id %04x", ffa_error_name(rc), id);
        reply_err(resp, ERR_ID_GET);
        return;
    }
    if ((rc = sp_features(FFA_RXTX_MAP_32, &prop)) != FFA_OK) {
        FAIL("FEATURES(RXTX_MAP_32): %s", ffa_error_name(rc));
        reply_err(resp, ERR_FEATURES);
        return;
    }
    TRACE("RX/TX minimum buffer size %s\n",
        (prop & 3) == 0 ? "4K" : (prop & 3) == 1 ? "64K" : (prop & 3) == 2 ? "16K" : "reserved");
    if ((rc = sp_rxtx_unmap()) != FFA_OK) {
        FAIL("RXTX_UNMAP: %s", ffa_error_name(rc));
        reply_err(resp, ERR_RXTX_UNMAP);
        return;
    }
    if ((rc = sp_rxtx_map()) != FFA_OK) {
        FAIL("RXTX_MAP: %s", ffa_error_name(rc));
        reply_err(resp, ERR_RXTX_MAP);
        return;
    }
    if (!test_partition_info()) {
        reply_err(resp, ERR_PARTITION);
        return;
    }
    reply_ok(resp);
}

/* ---- Direct messaging ----------------------------------------------------- */

static int expect_err(const char *what, int32_t got, int32_t want)
{
    if (got == want)
        return 1;
    FAIL("%s: expected %s, got %s", what, ffa_error_name(want), ffa_error_name(got));
    return 0;
}

/* A raw call whose result must be FFA_ERROR(want). */
static int expect_raw_err(const char *what, struct ffa_regs *r, int32_t want)
{
    ffa_call(r);
    if ((uint32_t)r->x[0] == FFA_ERROR)
        return expect_err(what, ffa_status(r), want);
    FAIL("%s: expected FFA_ERROR %s, got x0=%08lx", what, ffa_error_name(want),
         (unsigned long)r->x[0]);
    return 0;
}

static int32_t cmd(uint16_t dst, uint64_t c, uint64_t a1, uint64_t a2, uint64_t a3,
                   uint64_t resp[5])
{
    uint64_t args[5] = { c, a1, a2, a3, 0 };

    return sp_direct_req(sp_own_id, dst, args, resp);
}

/* EP_TEST_SP_COMMUNICATION: msg from `caller`, peer in args[1]. */
static void test_communication(const struct sp_msg *m, uint64_t resp[5])
{
    uint16_t caller = m->src, self = m->dst, peer = (uint16_t)m->args[1];
    uint64_t args[5], out[5];
    struct ffa_regs r = { { 0 } };
    int32_t rc;

    args[0] = EP_TEST_SP_INCREASE;
    args[1] = 0x55; args[2] = 0xAA; args[3] = 0xBB; args[4] = 0xCC;
    rc = sp_direct_req(self, peer, args, out);
    if (rc != FFA_OK) {
        FAIL("DIRECT_REQ INCREASE to %04x: %s", peer, ffa_error_name(rc));
        goto err;
    }
    if (out[0] != SP_TEST_OK || out[1] != 0x56 || out[2] != 0xAB || out[3] != 0xBC ||
        out[4] != 0xCD) {
        FAIL("INCREASE reply %lx %lx %lx %lx %lx", (unsigned long)out[0],
             (unsigned long)out[1], (unsigned long)out[2], (unsigned long)out[3],
             (unsigned long)out[4]);
        goto err;
    }

    /* Non-zero flags (w2): INVALID_PARAMETERS. */
    r.x[0] = FFA_MSG_SEND_DIRECT_REQ_64;
    r.x[1] = FFA_ENDPOINTS(self, peer);
    r.x[2] = 1;
    if (!expect_raw_err("DIRECT_REQ w2=1", &r, FFA_INVALID_PARAMETERS))
        goto err;

    memset(args, 0, sizeof(args));
    if (!expect_err("DIRECT_REQ from wrong source", sp_direct_req(self + 1, peer, args, out),
                    FFA_INVALID_PARAMETERS))
        goto err;
    if (!expect_err("DIRECT_REQ to self", sp_direct_req(self, self, args, out),
                    FFA_INVALID_PARAMETERS))
        goto err;
    if (!expect_err("DIRECT_REQ to NW", sp_direct_req(self, 0, args, out), FFA_NOT_SUPPORTED))
        goto err;

    if (caller == FFA_NW_ID) {
        args[0] = EP_TEST_SP_COMMUNICATION_RESPONSE;
        rc = sp_direct_req(self, peer, args, out);
        if (rc != FFA_OK || out[0] != SP_TEST_OK) {
            FAIL("COMMUNICATION_RESPONSE at %04x: rc %s reply %lx", peer, ffa_error_name(rc),
                 (unsigned long)out[0]);
            goto err;
        }
    }
    reply_ok(resp);
    return;
err:
    reply_err(resp, ERR_SP_COMMUNICATION);
}

/*
 * EP_TEST_SP_COMMUNICATION_RESPONSE: wrong DIRECT_RESPs must fail (and
 * leave this SP running), then the real reply.
 */
static void test_communication_response(const struct sp_msg *m, uint64_t resp[5])
{
    uint16_t caller = m->src, self = m->dst;
    uint64_t args[5] = { 0 }, out[5];
    struct ffa_regs r = { { 0 } };

    r.x[0] = FFA_MSG_SEND_DIRECT_RESP_64;
    r.x[1] = FFA_ENDPOINTS(self, 0x1000);
    r.x[2] = 1;
    r.x[7] = 1;
    if (!expect_raw_err("DIRECT_RESP w2=1", &r, FFA_INVALID_PARAMETERS))
        goto err;

    memset(&r, 0, sizeof(r));
    r.x[0] = FFA_MSG_SEND_DIRECT_RESP_64;
    r.x[1] = FFA_ENDPOINTS(self + 1, caller);
    r.x[7] = 2;
    if (!expect_raw_err("DIRECT_RESP from wrong source", &r, FFA_INVALID_PARAMETERS))
        goto err;

    memset(&r, 0, sizeof(r));
    r.x[0] = FFA_MSG_SEND_DIRECT_RESP_64;
    r.x[1] = FFA_ENDPOINTS(self, self);
    r.x[7] = 3;
    if (!expect_raw_err("DIRECT_RESP to self", &r, FFA_INVALID_PARAMETERS))
        goto err;

    if (caller != FFA_NW_ID) {
        memset(&r, 0, sizeof(r));
        r.x[0] = FFA_MSG_SEND_DIRECT_RESP_64;
        r.x[1] = FFA_ENDPOINTS(self, 0);
        r.x[7] = 4;
        if (!expect_raw_err("DIRECT_RESP to NW (caller is an SP)", &r, FFA_INVALID_PARAMETERS))
            goto err;

        memset(&r, 0, sizeof(r));
        r.x[0] = FFA_MSG_SEND_DIRECT_RESP_64;
        r.x[1] = FFA_ENDPOINTS(self, 0x1000);
        r.x[7] = 5;
        if (!expect_raw_err("DIRECT_RESP to 0x1000", &r, FFA_INVALID_PARAMETERS))
            goto err;

        args[4] = 6;
        if (!expect_err("DIRECT_REQ to the busy caller", sp_direct_req(self, caller, args, out),
                        FFA_BUSY))
            goto err;
    }
    reply_ok(resp);
    return;
err:
    reply_err(resp, ERR_SP_COMMUNICATION);
}

/* ---- Memory management ---------------------------------------------------- */

/* EP_RETRIEVE: args[1..2] handle, args[3] sender. */
static void test_retrieve(const struct sp_msg *m, uint64_t resp[5])
{
    uint64_t handle = (uint32_t)m->args[1] | (uint64_t)(uint32_t)m->args[2] << 32;
    uint16_t sender = (uint16_t)m->args[3];
    uint16_t self = sp_own_id, receiver = 0;
    uint32_t len, rlen = 0, flags = 0;
    const struct ffa_composite_mem_region *c;
    const struct ffa_mem_region_constituent *rg;
    int32_t rc;

    len = ffa_build_mem_desc(sp_tx_buffer, sp_ffa_version, sender, 0, 0, handle, 0, &self, 1,
                             FFA_MEM_ACC_RW, NULL, 0);
    rc = sp_mem_retrieve_tx(len, &rlen);
    if (rc != FFA_OK) {
        LOG("MEM_RETRIEVE_REQ(handle %lx): %s\n", (unsigned long)handle,
            ffa_error_name(rc));
        reply_err(resp, ERR_MEM_RETRIEVE);
        return;
    }
    if (rlen > SP_PAGE_SIZE)
        rlen = SP_PAGE_SIZE;
    c = ffa_mem_desc_composite(sp_rx_buffer, rlen, sp_ffa_version, &flags, &receiver);
    if (!c || c->address_range_count < 1 ||
        (uint64_t)((const uint8_t *)c - sp_rx_buffer) + 32 > rlen) {
        FAIL("retrieve response malformed (len %u)", rlen);
        sp_rx_release();
        reply_err(resp, ERR_MEM_RETRIEVE);
        return;
    }
    rg = (const struct ffa_mem_region_constituent *)(c + 1);
    if ((flags & FFA_MEM_FLAG_TYPE_MASK) != FFA_MEM_FLAG_TYPE_SHARE || receiver != self) {
        FAIL("retrieve response: flags %x receiver %04x", flags, receiver);
        sp_rx_release();
        reply_err(resp, ERR_MEM_RETRIEVE);
        return;
    }
    shared_buffer = (volatile uint8_t *)(uintptr_t)rg->address;
    shared_buffer_size = (uint64_t)rg->page_count * SP_PAGE_SIZE;
    TRACE("retrieved handle %lx at VA %lx, %lu bytes\n", (unsigned long)handle,
        (unsigned long)rg->address, (unsigned long)shared_buffer_size);
    rc = sp_rx_release();
    if (rc != FFA_OK) {
        FAIL("RX_RELEASE after retrieve: %s", ffa_error_name(rc));
        reply_err(resp, ERR_MEM_RETRIEVE);
        return;
    }
    reply_ok(resp);
}

/* EP_RELINQUISH: args[1..2] handle, args[3] == 1: zero memory. */
static void test_relinquish(const struct sp_msg *m, uint64_t resp[5])
{
    uint64_t handle = (uint32_t)m->args[1] | (uint64_t)(uint32_t)m->args[2] << 32;
    int32_t rc = sp_mem_relinquish(handle, m->args[3] == 1 ? FFA_MEM_FLAG_ZERO : 0);

    if (rc != FFA_OK) {
        LOG("MEM_RELINQUISH(handle %lx): %s\n", (unsigned long)handle,
            ffa_error_name(rc));
        reply_err(resp, ERR_MEM_RELINQUISH);
        return;
    }
    reply_ok(resp);
}

static int32_t share_my_buf(const uint16_t *receivers, uint32_t n, uint8_t perm, uint64_t *handle)
{
    struct ffa_mem_range range = { (uintptr_t)my_buf, 1 };
    uint32_t len = ffa_build_mem_desc(sp_tx_buffer, sp_ffa_version, sp_own_id,
                                      FFA_MEM_ATTR_NORMAL_WB_ISH, 0, 0, 0, receivers, n, perm,
                                      &range, 1);

    return sp_mem_share_tx(len, handle);
}

/* One receiver: RETRIEVE, TRY_W_ACCESS (checked), RELINQUISH through commands. */
static int drive_receiver(uint16_t target, uint64_t handle, const char *who)
{
    uint64_t out[5];
    int32_t rc;

    rc = cmd(target, EP_RETRIEVE, (uint32_t)handle, handle >> 32, sp_own_id, out);
    if (rc != FFA_OK || out[0] != SP_TEST_OK) {
        FAIL("%s EP_RETRIEVE: rc %s reply %lx/%lx", who, ffa_error_name(rc),
             (unsigned long)out[0], (unsigned long)out[1]);
        return 0;
    }
    rc = cmd(target, EP_TRY_W_ACCESS, 0, 0, 0, out);
    if (rc != FFA_OK || out[0] != SP_TEST_OK) {
        FAIL("%s EP_TRY_W_ACCESS: rc %s reply %lx", who, ffa_error_name(rc),
             (unsigned long)out[0]);
        return 0;
    }
    if (*(volatile uint8_t *)my_buf != 0xff) {
        FAIL("%s did not change the shared buffer (%02x)", who, *(volatile uint8_t *)my_buf);
        return 0;
    }
    rc = cmd(target, EP_RELINQUISH, (uint32_t)handle, handle >> 32, 0, out);
    if (rc != FFA_OK || out[0] != SP_TEST_OK) {
        FAIL("%s EP_RELINQUISH: rc %s reply %lx", who, ffa_error_name(rc),
             (unsigned long)out[0]);
        return 0;
    }
    return 1;
}

/* EP_SP_MEM_SHARING: args[1] target. */
static void test_mem_sharing(const struct sp_msg *m, uint64_t resp[5])
{
    uint16_t target = (uint16_t)m->args[1];
    uint64_t handle = 0;
    int32_t rc;

    *(volatile uint8_t *)my_buf = 0xa;
    rc = share_my_buf(&target, 1, FFA_MEM_ACC_RW | FFA_MEM_ACC_NX, &handle);
    if (rc != FFA_OK) {
        FAIL("MEM_SHARE to %04x: %s", target, ffa_error_name(rc));
        reply_err(resp, ERR_SP_SHARE);
        return;
    }
    if (!drive_receiver(target, handle, "receiver")) {
        sp_mem_reclaim(handle, 0);
        reply_err(resp, ERR_SP_SHARE);
        return;
    }
    rc = sp_mem_reclaim(handle, 0);
    if (rc != FFA_OK) {
        FAIL("MEM_RECLAIM: %s", ffa_error_name(rc));
        reply_err(resp, ERR_SP_SHARE);
        return;
    }
    reply_ok(resp);
}

/* EP_SP_MEM_SHARING_MULTI: args[1], args[2] the two receivers. */
static void test_mem_sharing_multi(const struct sp_msg *m, uint64_t resp[5])
{
    uint16_t rx[2] = { (uint16_t)m->args[1], (uint16_t)m->args[2] };
    uint64_t handle = 0, out[5];
    int32_t rc;

    *(volatile uint8_t *)my_buf = 0xa;
    rc = share_my_buf(rx, 2, FFA_MEM_ACC_RW | FFA_MEM_ACC_NX, &handle);
    if (rc != FFA_OK) {
        FAIL("MEM_SHARE to %04x,%04x: %s", rx[0], rx[1], ffa_error_name(rc));
        reply_err(resp, ERR_SP_SHARE);
        return;
    }
    if (!drive_receiver(rx[0], handle, "first receiver"))
        goto err;
    *(volatile uint8_t *)my_buf = 0xa;
    /* Second receiver: retrieve and write, then reclaim must be DENIED while it holds it. */
    rc = cmd(rx[1], EP_RETRIEVE, (uint32_t)handle, handle >> 32, sp_own_id, out);
    if (rc != FFA_OK || out[0] != SP_TEST_OK) {
        FAIL("second receiver EP_RETRIEVE: rc %s reply %lx", ffa_error_name(rc),
             (unsigned long)out[0]);
        goto err;
    }
    rc = cmd(rx[1], EP_TRY_W_ACCESS, 0, 0, 0, out);
    if (rc != FFA_OK || out[0] != SP_TEST_OK || *(volatile uint8_t *)my_buf != 0xff) {
        FAIL("second receiver write: rc %s reply %lx buf %02x", ffa_error_name(rc),
             (unsigned long)out[0], *(volatile uint8_t *)my_buf);
        goto err;
    }
    rc = sp_mem_reclaim(handle, 0);
    if (rc != FFA_DENIED) {
        FAIL("MEM_RECLAIM while retrieved: expected DENIED, got %s", ffa_error_name(rc));
        if (rc == FFA_OK)
            goto err_noreclaim;
        goto err;
    }
    rc = cmd(rx[1], EP_RELINQUISH, (uint32_t)handle, handle >> 32, 0, out);
    if (rc != FFA_OK || out[0] != SP_TEST_OK) {
        FAIL("second receiver EP_RELINQUISH: rc %s reply %lx", ffa_error_name(rc),
             (unsigned long)out[0]);
        goto err;
    }
    rc = sp_mem_reclaim(handle, 0);
    if (rc != FFA_OK) {
        FAIL("MEM_RECLAIM: %s", ffa_error_name(rc));
        goto err_noreclaim;
    }
    reply_ok(resp);
    return;
err:
    sp_mem_reclaim(handle, 0);
err_noreclaim:
    reply_err(resp, ERR_SP_SHARE);
}

/* EP_SP_MEM_SHARING_EXC: a second share of the same page must be DENIED. */
static void test_mem_sharing_exc(const struct sp_msg *m, uint64_t resp[5])
{
    uint16_t target = (uint16_t)m->args[1];
    uint64_t handle = 0, handle2 = 0;
    int32_t rc;

    rc = share_my_buf(&target, 1, FFA_MEM_ACC_RW | FFA_MEM_ACC_NX, &handle);
    if (rc != FFA_OK) {
        FAIL("MEM_SHARE: %s", ffa_error_name(rc));
        reply_err(resp, ERR_SP_SHARE_EXC);
        return;
    }
    rc = share_my_buf(&target, 1, FFA_MEM_ACC_RW | FFA_MEM_ACC_NX, &handle2);
    if (rc != FFA_DENIED) {
        FAIL("second MEM_SHARE of the same page: expected DENIED, got %s", ffa_error_name(rc));
        if (rc == FFA_OK)
            sp_mem_reclaim(handle2, 0);
        sp_mem_reclaim(handle, 0);
        reply_err(resp, ERR_SP_SHARE_EXC);
        return;
    }
    rc = sp_mem_reclaim(handle, 0);
    if (rc != FFA_OK) {
        FAIL("MEM_RECLAIM: %s", ffa_error_name(rc));
        reply_err(resp, ERR_SP_SHARE);
        return;
    }
    reply_ok(resp);
}

/* Malformed FFA_MEM_SHARE_32 descriptors in TX: each must be INVALID_PARAMETERS. */
static int share_invalid(uint16_t target)
{
    uint8_t *tx = sp_tx_buffer;
    int v11 = sp_ffa_version != FFA_VERSION_1_0;
    uint32_t hlen = v11 ? sizeof(struct ffa_mem_transaction_v1_1)
                        : sizeof(struct ffa_mem_transaction_v1_0);
    struct ffa_mem_transaction_v1_1 *t11 = (void *)tx;
    struct ffa_mem_transaction_v1_0 *t10 = (void *)tx;
    struct ffa_mem_access *acc;
    struct ffa_composite_mem_region *comp;
    struct ffa_mem_region_constituent *rg;
    uint32_t len = hlen;
    uint64_t handle;

#define SHARE_MUST_FAIL(what)                                                     \
    do {                                                                          \
        if (!expect_err("MEM_SHARE " what, sp_mem_share_tx(len, &handle),         \
                        FFA_INVALID_PARAMETERS))                                  \
            return 0;                                                             \
    } while (0)

    memset(tx, 0, SP_PAGE_SIZE);
    /* sender, attributes 0x24 (as TS), flags/handle/tag 0 */
    t11->sender_id = sp_own_id;     /* same offset in both layouts */
    if (v11)
        t11->mem_region_attr = 0x24;
    else
        t10->mem_region_attr = 0x24;
    SHARE_MUST_FAIL("with zero access count/size/offset");

    if (v11) {
        t11->mem_access_size = sizeof(struct ffa_mem_access);
        t11->mem_access_offs = hlen;
        t11->mem_access_count = SP_PAGE_SIZE;
    } else {
        t10->mem_access_count = SP_PAGE_SIZE;
    }
    SHARE_MUST_FAIL("with access count 4096");

    if (v11) {
        t11->mem_access_count = 1;
        t11->mem_access_offs = SP_PAGE_SIZE;
        SHARE_MUST_FAIL("with access array offset 4096");
        t11->mem_access_offs = hlen;
    } else {
        t10->mem_access_count = 1;
    }

    acc = (struct ffa_mem_access *)(tx + len);
    len += sizeof(*acc);
    acc->endpoint_id = target;
    acc->perm = FFA_MEM_ACC_RW | FFA_MEM_ACC_NX;
    acc->composite_offs = SP_PAGE_SIZE;
    SHARE_MUST_FAIL("with composite offset 4096");

    acc->composite_offs = len;
    comp = (struct ffa_composite_mem_region *)(tx + len);
    len += sizeof(*comp);
    SHARE_MUST_FAIL("with zero pages and ranges");

    rg = (struct ffa_mem_region_constituent *)(tx + len);
    len += sizeof(*rg);
    rg->address = (uintptr_t)my_buf;
    comp->address_range_count = 1;
    SHARE_MUST_FAIL("with a zero-page range");

    comp->total_page_count = 2;
    rg->page_count = 1;
    SHARE_MUST_FAIL("with total != sum of ranges");

    comp->total_page_count = SP_PAGE_SIZE;
    comp->address_range_count = SP_PAGE_SIZE;
    SHARE_MUST_FAIL("with range count 4096");
#undef SHARE_MUST_FAIL
    return 1;
}

/* EP_SP_MEM_INCORRECT_ACCESS: executable share refused, malformed descriptors refused. */
static void test_mem_incorrect_access(const struct sp_msg *m, uint64_t resp[5])
{
    uint16_t target = (uint16_t)m->args[1];
    uint64_t handle = 0;
    int32_t rc;

    rc = share_my_buf(&target, 1, FFA_MEM_ACC_RW | FFA_MEM_ACC_X, &handle);
    if (rc == FFA_OK) {
        FAIL("MEM_SHARE of non-executable memory with X permission succeeded");
        sp_mem_reclaim(handle, 0);
        reply_err(resp, ERR_SP_SHARE);
        return;
    }
    LOG("executable share refused with %s\n", ffa_error_name(rc));
    if (!share_invalid(target)) {
        reply_err(resp, ERR_SP_SHARE);
        return;
    }
    reply_ok(resp);
}

/* ---- Dispatcher ----------------------------------------------------------- */

void sp_handle_request(const struct sp_msg *m, uint64_t resp[5])
{
    switch (m->args[0]) {
    case EP_TEST_SP:
        test_internal(resp);
        break;
    case EP_TEST_SP_COMMUNICATION:
        test_communication(m, resp);
        break;
    case EP_TEST_SP_INCREASE:
        resp[0] = SP_TEST_OK;
        for (int i = 1; i < 5; i++)
            resp[i] = m->args[i] + 1;
        break;
    case EP_TRY_R_ACCESS:
        if (!shared_buffer) {
            reply_err(resp, ERR_MEM_RETRIEVE);
            break;
        }
        (void)shared_buffer[0];
        reply_ok(resp);
        break;
    case EP_TRY_W_ACCESS:
        if (!shared_buffer) {
            reply_err(resp, ERR_MEM_RETRIEVE);
            break;
        }
        shared_buffer[0] = 0xff;
        reply_ok(resp);
        break;
    case EP_RETRIEVE:
        test_retrieve(m, resp);
        break;
    case EP_RELINQUISH:
        test_relinquish(m, resp);
        break;
    case EP_SP_MEM_SHARING:
        test_mem_sharing(m, resp);
        break;
    case EP_SP_MEM_SHARING_MULTI:
        test_mem_sharing_multi(m, resp);
        break;
    case EP_SP_MEM_SHARING_EXC:
        test_mem_sharing_exc(m, resp);
        break;
    case EP_SP_MEM_INCORRECT_ACCESS:
        test_mem_incorrect_access(m, resp);
        break;
    case EP_SP_NOP:
        reply_ok(resp);
        break;
    case EP_TEST_SP_COMMUNICATION_RESPONSE:
        test_communication_response(m, resp);
        break;
    default:
        reply_err(resp, ERR_TEST_NOT_FOUND);
        break;
    }
}
