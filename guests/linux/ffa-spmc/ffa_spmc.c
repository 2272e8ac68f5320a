/*
 * What OP-TEE's `xtest -t ffa_spmc` 1001..1006 do (reference ffa.md 3.3-3.4), from Linux through
 * /dev/jaffa-ffa (jaffa-ffa-user.ko) instead of arm-ffa-user's debugfs file, against spm-test1..4
 * and OP-TEE's test LSP: the cases of the bare-metal guests/xtest, written once in
 * guests/ffa/spmc_cases.c, with this file as their transport. Then the module's own cases
 * (jaffa_ffa_0xx): argument checks, 32-bit requests, reads and writes of shared memory, reclaim
 * at close.
 *
 * One line per case (common/report.h); a case whose partitions are not bound to the module is
 * skipped. Exit status 0 when no case failed.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jaffa_ffa.h"
#include "report.h"
#include "spmc_cases.h"

#define UUID_SP1 "5c9edbc3-7b3a-4367-9f83-7c191ae86a37"
#define UUID_SP3 "23eb0100-e32a-4497-9052-2f11e584afa6"   /* also spm-test4's FF-A UUID */
#define UUID_NONE "01234567-89ab-4def-8123-456789abcdef"  /* no partition anywhere */

static int fd = -1;

static char why[320];

void spmc_t_vfail(const char *fmt, va_list ap)
{
    if (!why[0])        /* keep the first reason */
        vsnprintf(why, sizeof(why), fmt, ap);
}

#define fail spmc_fail  /* fail(fmt, ...): spmc_t_vfail, returns CASE_FAILED */

__attribute__((format(printf, 1, 2))) static enum case_result skip(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    return CASE_SKIPPED;
}

enum case_result spmc_t_skip(const char *reason)
{
    return skip("%s", reason);
}

/* ---- The transport of the shared ffa_spmc cases (spmc_cases.h) --------------------------- */

/* DIRECT_REQ_64, as arm-ffa-user sends it. */
int spmc_t_send(uint16_t dst, uint64_t args[5], const char *what)
{
    int rc = jffa_send(fd, dst, 0, args);

    if (rc)
        fail("%s: direct request to %04x: %s", what, dst, strerror(-rc));
    return rc == 0;
}

int spmc_t_find(const struct ffa_uuid *uuid, unsigned index, uint16_t *id, unsigned *count)
{
    return jffa_find_uuid(fd, uuid->b, index, id, count);
}

/* arm-ffa-user's SHM_INIT of 0x1000 bytes. */
int spmc_t_share(uint16_t dst, uint64_t *handle)
{
    int rc = jffa_share(fd, dst, 0x1000, 0, handle);

    if (rc)
        fail("JAFFA_FFA_IOC_SHARE of 0x1000 bytes to %04x: %s", dst, strerror(-rc));
    return rc == 0;
}

/* The module answers an FFA_ERROR DENIED with EACCES. */
enum spmc_reclaim spmc_t_reclaim(uint64_t handle, char *err, unsigned n)
{
    int rc = jffa_reclaim(fd, handle);

    if (rc == 0)
        return SPMC_RECLAIMED;
    snprintf(err, n, "%s", strerror(-rc));
    return rc == -EACCES ? SPMC_DENIED : SPMC_RECLAIM_ERROR;
}

static int expect_errno(const char *what, int rc, int want)
{
    if (rc == -want)
        return 1;
    fail("%s: expected %s, got %s", what, strerror(want), rc ? strerror(-rc) : "success");
    return 0;
}

/* ============================================================================================
 * The module's own cases
 * ========================================================================================== */

/* Partition lookup: several partitions per UUID, unknown UUIDs, reserved fields. */
static enum case_result j001(void)
{
    struct jaffa_ffa_partition p;
    uint16_t id, id2;
    unsigned count;
    int rc;

    if (spmc_sp3 == SPMC_NO_ID)
        return skip("spm-test3 not bound");
    if ((rc = jffa_find(fd, UUID_SP3, 0, &id, &count)) != 0)
        return fail("lookup of spm-test3's UUID: %s", strerror(-rc));
    if (count >= 2) {   /* spm-test4 shares spm-test3's FF-A UUID */
        if ((rc = jffa_find(fd, UUID_SP3, 1, &id2, NULL)) != 0)
            return fail("lookup of the second partition with spm-test3's UUID: %s", strerror(-rc));
        if (id2 <= id)
            return fail("second partition with spm-test3's UUID has ID %04x, first %04x", id2, id);
    }
    if (!expect_errno("lookup past the last partition with that UUID",
                      jffa_find(fd, UUID_SP3, count, &id2, NULL), ENODEV))
        return CASE_FAILED;
    if (!expect_errno("lookup of an unknown UUID", jffa_find(fd, UUID_NONE, 0, &id2, NULL), ENODEV))
        return CASE_FAILED;
    memset(&p, 0, sizeof(p));
    jffa_uuid_parse(UUID_SP3, p.uuid);
    p.reserved = 1;
    if (!expect_errno("lookup with reserved != 0", jffa_ioctl(fd, JAFFA_FFA_IOC_PARTITION, &p), EINVAL))
        return CASE_FAILED;
    printf("# spm-test3's UUID: %u partition(s), first %04x\n", count, id);
    return CASE_OK;
}

/* Direct requests: bad arguments are refused before any SMC. */
static enum case_result j002(void)
{
    struct jaffa_ffa_msg m;
    uint64_t args[5] = { EP_SP_NOP, 0, 0, 0, 0 };

    if (!expect_errno("request to an unbound ID", jffa_send(fd, 0x7ffe, 0, args), ENODEV))
        return CASE_FAILED;
    if (!expect_errno("request to the normal world's own ID", jffa_send(fd, FFA_NW_ID, 0, args), ENODEV))
        return CASE_FAILED;
    if (spmc_sp1 == SPMC_NO_ID)
        return skip("spm-test1 not bound");
    memset(&m, 0, sizeof(m));
    m.dst_id = spmc_sp1;
    m.args[0] = EP_SP_NOP;
    m.flags = 2;
    if (!expect_errno("request with unknown flags", jffa_ioctl(fd, JAFFA_FFA_IOC_MSG_SEND, &m), EINVAL))
        return CASE_FAILED;
    m.flags = 0;
    m.reserved = 1;
    if (!expect_errno("request with reserved != 0", jffa_ioctl(fd, JAFFA_FFA_IOC_MSG_SEND, &m), EINVAL))
        return CASE_FAILED;
    m.reserved = 0;
    m.flags = JAFFA_FFA_MSG_32BIT;
    m.args[2] = 1ull << 32;
    if (!expect_errno("32-bit request with a 64-bit argument",
                      jffa_ioctl(fd, JAFFA_FFA_IOC_MSG_SEND, &m), EINVAL))
        return CASE_FAILED;
    if (jffa_ioctl(fd, 0xdeadbeef, &m) != -ENOTTY)
        return fail("unknown ioctl: expected ENOTTY");
    return spmc_ok(spmc_sp1, EP_SP_NOP, 0, 0, 0, "EP_SP_NOP afterwards") ? CASE_OK : CASE_FAILED;
}

/*
 * DIRECT_REQ_32 and _64 to the same partition, alternately: the width is the caller's, and Linux's
 * driver accepts only the DIRECT_RESP of the same width (anything else is EINVAL).
 */
static enum case_result j003(void)
{
    int rc;

    if (spmc_lsp == SPMC_NO_ID)
        return skip("the test LSP not bound");
    for (int i = 0; i < 4; i++) {
        int w32 = i % 2 == 0;
        uint64_t args[5] = { 0, 0x7ffffff0, 0x10 + i, 3, 4 };
        uint64_t want = 0x7ffffff0ull + 0x10 + i + 3 + 4;

        rc = jffa_send(fd, spmc_lsp, w32, args);
        if (rc)
            return fail("DIRECT_REQ_%s to the LSP: %s", w32 ? "32" : "64", strerror(-rc));
        if (args[0] != want)
            return fail("DIRECT_REQ_%s to the LSP: x3 = %#lx, expected %#lx", w32 ? "32" : "64",
                        (unsigned long)args[0], (unsigned long)want);
    }
    return CASE_OK;
}

/* A share the partition writes and the normal world reads back, both ways. */
static enum case_result j004(void)
{
    uint8_t page[4096], back[4096];
    uint64_t handle;
    int rc, retrieved = 0;

    if (spmc_sp1 == SPMC_NO_ID)
        return skip("spm-test1 not bound");
    rc = jffa_share(fd, spmc_sp1, 100, 0, &handle);   /* rounded up to a page */
    if (rc)
        return fail("share to SP1: %s", strerror(-rc));
    rc = jffa_shm_io(fd, 0, handle, 0, back, sizeof(back));
    if (rc)
        return fail("read of the whole rounded page: %s", strerror(-rc));
    for (size_t i = 0; i < sizeof(back); i++)
        if (back[i]) {
            fail("fresh share not zeroed at byte %zu", i);
            goto out;
        }
    for (size_t i = 0; i < sizeof(page); i++)
        page[i] = (uint8_t)(i * 7 + 1);
    rc = jffa_shm_io(fd, 1, handle, 0, page, sizeof(page));
    if (rc) {
        fail("write: %s", strerror(-rc));
        goto out;
    }
    if (!spmc_ok(spmc_sp1, EP_RETRIEVE, (uint32_t)handle, handle >> 32, FFA_NW_ID, "EP_RETRIEVE"))
        goto out;
    retrieved = 1;
    if (!spmc_ok(spmc_sp1, EP_TRY_W_ACCESS, 0, 0, 0, "EP_TRY_W_ACCESS"))
        goto out;
    page[0] = 0xFF;     /* what EP_TRY_W_ACCESS writes */
    memset(back, 0, sizeof(back));
    rc = jffa_shm_io(fd, 0, handle, 1, back + 1, sizeof(back) - 1);     /* unaligned offset */
    if (!rc)
        rc = jffa_shm_io(fd, 0, handle, 0, back, 1);
    if (rc) {
        fail("read back: %s", strerror(-rc));
        goto out;
    }
    for (size_t i = 0; i < sizeof(page); i++)
        if (back[i] != page[i]) {
            fail("byte %zu reads %#x, expected %#x", i, back[i], page[i]);
            goto out;
        }
    if (!spmc_ok(spmc_sp1, EP_RELINQUISH, (uint32_t)handle, handle >> 32, 0, "EP_RELINQUISH"))
        goto out;
    retrieved = 0;
    rc = jffa_reclaim(fd, handle);
    if (rc)
        return fail("reclaim: %s", strerror(-rc));
    if (!expect_errno("read after reclaim", jffa_shm_io(fd, 0, handle, 0, back, 1), EINVAL))
        return CASE_FAILED;
    return CASE_OK;
out:
    if (retrieved) {
        uint64_t out[5];
        spmc_cmd(spmc_sp1, EP_RELINQUISH, (uint32_t)handle, handle >> 32, 0, 0, out, "cleanup");
    }
    jffa_reclaim(fd, handle);
    return CASE_FAILED;
}

/* Shares: every bad argument is refused, handles are per open file. */
static enum case_result j005(void)
{
    struct jaffa_ffa_share s;
    struct jaffa_ffa_reclaim r;
    uint64_t handle, h2;
    uint8_t b[8];
    int fd2, rc;
    enum case_result res = CASE_FAILED;

    if (spmc_sp1 == SPMC_NO_ID)
        return skip("spm-test1 not bound");
    if (!expect_errno("share of 0 bytes", jffa_share(fd, spmc_sp1, 0, 0, &handle), EINVAL) ||
        !expect_errno("share above JAFFA_FFA_SHARE_MAX",
                      jffa_share(fd, spmc_sp1, JAFFA_FFA_SHARE_MAX + 1ull, 0, &handle), EINVAL) ||
        !expect_errno("share with reserved data access 3", jffa_share(fd, spmc_sp1, 4096, 0x3, &handle), EINVAL) ||
        !expect_errno("share with reserved instruction access 3",
                      jffa_share(fd, spmc_sp1, 4096, 0xE, &handle), EINVAL) ||
        !expect_errno("share with permission bits [7:4]", jffa_share(fd, spmc_sp1, 4096, 0x12, &handle), EINVAL) ||
        !expect_errno("share to an unbound ID", jffa_share(fd, 0x7ffe, 4096, 0, &handle), ENODEV))
        return CASE_FAILED;
    memset(&s, 0, sizeof(s));
    s.size = 4096;
    s.dst_id = spmc_sp1;
    s.reserved[4] = 1;
    if (!expect_errno("share with reserved != 0", jffa_ioctl(fd, JAFFA_FFA_IOC_SHARE, &s), EINVAL))
        return CASE_FAILED;
    if (!expect_errno("reclaim of a handle never shared", jffa_reclaim(fd, 0x123456789ull), EINVAL))
        return CASE_FAILED;

    rc = jffa_share(fd, spmc_sp1, 2 * 4096, 0, &handle);
    if (rc)
        return fail("share of two pages: %s", strerror(-rc));
    if (!expect_errno("read past the end", jffa_shm_io(fd, 0, handle, 2 * 4096 - 4, b, 8), EINVAL) ||
        !expect_errno("read at an offset that wraps", jffa_shm_io(fd, 0, handle, ~0ull - 2, b, 8), EINVAL) ||
        !expect_errno("write to a bad user pointer", jffa_shm_io(fd, 1, handle, 0, (void *)8, 8), EFAULT))
        goto out;
    memset(&r, 0, sizeof(r));
    r.handle = handle;
    r.flags = 4;
    if (!expect_errno("reclaim with flag bit 2", jffa_ioctl(fd, JAFFA_FFA_IOC_RECLAIM, &r), EINVAL))
        goto out;
    /* Another open file can neither use nor reclaim this handle. */
    fd2 = open(JAFFA_FFA_DEVICE, O_RDWR | O_CLOEXEC);
    if (fd2 < 0) {
        fail("second open: %s", strerror(errno));
        goto out;
    }
    if (!expect_errno("reclaim from another open file", jffa_reclaim(fd2, handle), EINVAL) ||
        !expect_errno("read from another open file", jffa_shm_io(fd2, 0, handle, 0, b, 1), EINVAL)) {
        close(fd2);
        goto out;
    }
    rc = jffa_share(fd2, spmc_sp1, 4096, 0, &h2);
    close(fd2);     /* reclaims h2 */
    if (rc) {
        fail("share from the second file: %s", strerror(-rc));
        goto out;
    }
    /* Reclaimed at close: SP1 cannot retrieve it any more. */
    {
        uint64_t out[5];
        if (!spmc_cmd(spmc_sp1, EP_RETRIEVE, (uint32_t)h2, h2 >> 32, FFA_NW_ID, 0, out, "EP_RETRIEVE after close"))
            goto out;
        if (out[0] == SP_TEST_OK) {
            spmc_cmd(spmc_sp1, EP_RELINQUISH, (uint32_t)h2, h2 >> 32, 0, 0, out, "cleanup");
            fail("a share of a closed file could still be retrieved");
            goto out;
        }
    }
    res = CASE_OK;
out:
    rc = jffa_reclaim(fd, handle);
    if (rc && res == CASE_OK)
        return fail("reclaim: %s", strerror(-rc));
    return res;
}

/* JAFFA_FFA_SHARES_PER_FILE shares per open file, then ENOSPC; closing gives them all back. */
static enum case_result j006(void)
{
    uint64_t h;
    int fd2, rc, i;

    if (spmc_sp1 == SPMC_NO_ID)
        return skip("spm-test1 not bound");
    fd2 = open(JAFFA_FFA_DEVICE, O_RDWR | O_CLOEXEC);
    if (fd2 < 0)
        return fail("open: %s", strerror(errno));
    for (i = 0; i < JAFFA_FFA_SHARES_PER_FILE; i++)
        if ((rc = jffa_share(fd2, spmc_sp1, 4096, 0, &h)) != 0) {
            close(fd2);
            return fail("share %d of %d: %s", i + 1, JAFFA_FFA_SHARES_PER_FILE, strerror(-rc));
        }
    rc = jffa_share(fd2, spmc_sp1, 4096, 0, &h);
    close(fd2);
    if (!expect_errno("one share more than JAFFA_FFA_SHARES_PER_FILE", rc, ENOSPC))
        return CASE_FAILED;
    /* The SPMC's share table has room again. */
    fd2 = open(JAFFA_FFA_DEVICE, O_RDWR | O_CLOEXEC);
    for (i = 0; i < JAFFA_FFA_SHARES_PER_FILE; i++)
        if ((rc = jffa_share(fd2, spmc_sp1, 4096, 0, &h)) != 0) {
            close(fd2);
            return fail("share %d after close: %s", i + 1, strerror(-rc));
        }
    close(fd2);
    return CASE_OK;
}

/* Physical reads and writes only inside no-map reserved memory. */
static enum case_result j007(void)
{
    uint8_t b[16];
    struct jaffa_ffa_nwmem_io io = { 0x80000000ull, (uintptr_t)b, sizeof(b) };

    /* The kernel's own RAM (fvp's first DRAM bank), address 0, a wrapping range, a length of 0. */
    if (!expect_errno("read of kernel RAM", jffa_ioctl(fd, JAFFA_FFA_IOC_NWMEM_READ, &io), EINVAL))
        return CASE_FAILED;
    io.addr = 0;
    if (!expect_errno("write at address 0", jffa_ioctl(fd, JAFFA_FFA_IOC_NWMEM_WRITE, &io), EINVAL))
        return CASE_FAILED;
    io.addr = ~0ull - 4;
    if (!expect_errno("read of a wrapping range", jffa_ioctl(fd, JAFFA_FFA_IOC_NWMEM_READ, &io), EINVAL))
        return CASE_FAILED;
    io.addr = 0x881000000ull;
    io.len = 0;
    if (!expect_errno("read of 0 bytes", jffa_ioctl(fd, JAFFA_FFA_IOC_NWMEM_READ, &io), EINVAL))
        return CASE_FAILED;
    io.len = JAFFA_FFA_NWMEM_MAX + 1ull;
    if (!expect_errno("read above JAFFA_FFA_NWMEM_MAX", jffa_ioctl(fd, JAFFA_FFA_IOC_NWMEM_READ, &io), EINVAL))
        return CASE_FAILED;
    return CASE_OK;
}

/* A share still retrieved when its file is closed is kept, and reclaimed at a later close. */
static enum case_result j008(void)
{
    uint64_t h, out[5];
    int fd2, rc;

    if (spmc_sp1 == SPMC_NO_ID)
        return skip("spm-test1 not bound");
    fd2 = open(JAFFA_FFA_DEVICE, O_RDWR | O_CLOEXEC);
    if (fd2 < 0)
        return fail("open: %s", strerror(errno));
    rc = jffa_share(fd2, spmc_sp1, 4096, 0, &h);
    if (rc) {
        close(fd2);
        return fail("share: %s", strerror(-rc));
    }
    if (!spmc_ok(spmc_sp1, EP_RETRIEVE, (uint32_t)h, h >> 32, FFA_NW_ID, "EP_RETRIEVE")) {
        close(fd2);
        return CASE_FAILED;
    }
    close(fd2);     /* the reclaim is DENIED: the module keeps the pages */
    if (!spmc_ok(spmc_sp1, EP_TRY_W_ACCESS, 0, 0, 0, "EP_TRY_W_ACCESS after the close"))
        return CASE_FAILED;
    if (!spmc_ok(spmc_sp1, EP_RELINQUISH, (uint32_t)h, h >> 32, 0, "EP_RELINQUISH"))
        return CASE_FAILED;
    fd2 = open(JAFFA_FFA_DEVICE, O_RDWR | O_CLOEXEC);
    if (fd2 < 0)
        return fail("open: %s", strerror(errno));
    close(fd2);     /* reclaims the kept share */
    if (!spmc_cmd(spmc_sp1, EP_RETRIEVE, (uint32_t)h, h >> 32, FFA_NW_ID, 0, out, "EP_RETRIEVE after the next close"))
        return CASE_FAILED;
    if (out[0] == SP_TEST_OK) {
        spmc_cmd(spmc_sp1, EP_RELINQUISH, (uint32_t)h, h >> 32, 0, 0, out, "cleanup");
        return fail("the kept share was not reclaimed at the next close");
    }
    return CASE_OK;
}

static int sysfs_write(const char *path, const char *text)
{
    int f = open(path, O_WRONLY | O_CLOEXEC), rc = 0;

    if (f < 0)
        return -errno;
    if (write(f, text, strlen(text)) < 0)
        rc = -errno;
    close(f);
    return rc;
}

/* spm-test1 unbound from the module while a share to it is open, then bound again. */
static enum case_result j009(void)
{
    static const char drv[] = "/sys/bus/arm_ffa/drivers/jaffa-ffa-user";
    char dev[64] = "", path[256], want[16];
    uint64_t h, out[5], args[5] = { EP_SP_NOP, 0, 0, 0, 0 };
    uint16_t id = SPMC_NO_ID;
    int rc;

    if (spmc_sp1 == SPMC_NO_ID)
        return skip("spm-test1 not bound");
    snprintf(want, sizeof(want), "0x%04x", spmc_sp1);
    for (int i = 1; i < 64 && !dev[0]; i++) {
        char text[16] = "";
        FILE *f;

        snprintf(path, sizeof(path), "%s/arm-ffa-%d/partition_id", drv, i);
        if (!(f = fopen(path, "r")))
            continue;
        if (fgets(text, sizeof(text), f) && !strncmp(text, want, strlen(want)))
            snprintf(dev, sizeof(dev), "arm-ffa-%d", i);
        fclose(f);
    }
    if (!dev[0])
        return skip("no %s/arm-ffa-N with partition_id %s", drv, want);
    rc = jffa_share(fd, spmc_sp1, 4096, 0, &h);
    if (rc)
        return fail("share: %s", strerror(-rc));
    snprintf(path, sizeof(path), "%s/unbind", drv);
    rc = sysfs_write(path, dev);
    if (rc) {
        jffa_reclaim(fd, h);
        return fail("unbind %s: %s", dev, strerror(-rc));
    }
    /* Each check records the first failure; bind again whatever happened. */
    (void)(expect_errno("lookup after unbind", jffa_find(fd, UUID_SP1, 0, &id, NULL), ENODEV) &&
           expect_errno("request after unbind", jffa_send(fd, spmc_sp1, 0, args), ENODEV) &&
           expect_errno("reclaim after unbind (reclaimed by the module)", jffa_reclaim(fd, h), EINVAL));
    snprintf(path, sizeof(path), "%s/bind", drv);
    rc = sysfs_write(path, dev);
    if (rc)
        return fail("bind %s again: %s", dev, strerror(-rc));
    if (why[0])
        return CASE_FAILED;
    if ((rc = jffa_find(fd, UUID_SP1, 0, &id, NULL)) != 0 || id != spmc_sp1)
        return fail("lookup after bind: %s, ID %04x", rc ? strerror(-rc) : "ok", id);
    if (!spmc_cmd(spmc_sp1, EP_RETRIEVE, (uint32_t)h, h >> 32, FFA_NW_ID, 0, out, "EP_RETRIEVE of the unbound share"))
        return CASE_FAILED;
    if (out[0] == SP_TEST_OK) {
        spmc_cmd(spmc_sp1, EP_RELINQUISH, (uint32_t)h, h >> 32, 0, 0, out, "cleanup");
        return fail("a share reclaimed at unbind could still be retrieved");
    }
    return spmc_ok(spmc_sp1, EP_SP_NOP, 0, 0, 0, "EP_SP_NOP after bind") ? CASE_OK : CASE_FAILED;
}

#define SPMC_CASE(name, title, fn) { name, title, fn },

static const struct test_case cases[] = {
    SPMC_CASES(SPMC_CASE)
    { "jaffa_ffa_001", "partition lookup by UUID and index", j001 },
    { "jaffa_ffa_002", "direct request argument checks", j002 },
    { "jaffa_ffa_003", "DIRECT_REQ_32 and _64 alternately to the LSP", j003 },
    { "jaffa_ffa_004", "shared memory written by the SP, read by Linux", j004 },
    { "jaffa_ffa_005", "share, reclaim and read/write argument checks", j005 },
    { "jaffa_ffa_006", "shares per open file, reclaimed at close", j006 },
    { "jaffa_ffa_007", "physical access only to no-map reserved memory", j007 },
    { "jaffa_ffa_008", "a share still retrieved at close is reclaimed at a later close", j008 },
    { "jaffa_ffa_009", "partition unbound and bound again while a share is open", j009 },
};

int main(void)
{
    size_t n = sizeof(cases) / sizeof(cases[0]);
    unsigned count[4];
    int failed;

    fd = open(JAFFA_FFA_DEVICE, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        for (size_t i = 0; i < n; i++)
            report_case(cases[i].name, cases[i].title, CASE_SKIPPED, "no %s: %s (jaffa-ffa-user.ko not loaded)",
                        JAFFA_FFA_DEVICE, strerror(errno));
        return 0;
    }
    spmc_find_endpoints(count);
    printf("# bound: spm-test1 %04x spm-test2 %04x spm-test3 %04x test-lsp %04x (ffff: not bound)\n",
           spmc_sp1, spmc_sp2, spmc_sp3, spmc_lsp);
    failed = run_cases(cases, n, why);
    close(fd);
    return failed ? 1 : 0;
}
