/*
 * xtest ffa_spmc 1001..1006 (reference ffa.md 3.3-3.4), the steps and checks of OP-TEE's cases,
 * for both normal-world clients; see spmc_cases.h.
 */
#include "spmc_cases.h"

uint16_t spmc_sp1 = SPMC_NO_ID, spmc_sp2 = SPMC_NO_ID, spmc_sp3 = SPMC_NO_ID, spmc_lsp = SPMC_NO_ID;

const struct ffa_uuid spmc_uuid[4] = {
    FFA_UUID_SPM_TEST1, FFA_UUID_SPM_TEST2, FFA_UUID_SPM_TEST3, FFA_UUID_TEST_LSP,
};

void spmc_find_endpoints(unsigned count[4])
{
    uint16_t *ids[4] = { &spmc_sp1, &spmc_sp2, &spmc_sp3, &spmc_lsp };

    for (int i = 0; i < 4; i++) {
        count[i] = 0;
        if (spmc_t_find(&spmc_uuid[i], 0, ids[i], &count[i]) != 0)
            *ids[i] = SPMC_NO_ID;
    }
}

enum case_result spmc_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    spmc_t_vfail(fmt, ap);
    va_end(ap);
    return CASE_FAILED;
}

int spmc_cmd(uint16_t dst, uint64_t cmd, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
             uint64_t out[5], const char *what)
{
    uint64_t args[5] = { cmd, a1, a2, a3, a4 };

    if (!spmc_t_send(dst, args, what))
        return 0;
    for (int i = 0; i < 5; i++)
        out[i] = args[i];
    return 1;
}

int spmc_ok(uint16_t dst, uint64_t cmd, uint64_t a1, uint64_t a2, uint64_t a3, const char *what)
{
    uint64_t out[5];

    if (!spmc_cmd(dst, cmd, a1, a2, a3, 0, out, what))
        return 0;
    if (out[0] != SP_TEST_OK) {
        spmc_fail("%s: partition %04x replied %#lx (error %lu), expected 0xaa", what, dst,
                  (unsigned long)out[0], (unsigned long)out[1]);
        return 0;
    }
    return 1;
}

enum case_result spmc_1001(void)
{
    if (spmc_sp1 == SPMC_NO_ID)
        return spmc_t_skip("spm-test1 not bound");
    if (!spmc_ok(spmc_sp1, EP_TEST_SP, 0, 0, 0, "SP1 EP_TEST_SP"))
        return CASE_FAILED;
    if (spmc_sp2 == SPMC_NO_ID)
        return CASE_OK;     /* xtest logs "skipping" and passes */
    if (!spmc_ok(spmc_sp2, EP_TEST_SP, 0, 0, 0, "SP2 EP_TEST_SP"))
        return CASE_FAILED;
    if (!spmc_ok(spmc_sp1, EP_TEST_SP_COMMUNICATION, spmc_sp2, 0, 0, "SP1 EP_TEST_SP_COMMUNICATION(SP2)"))
        return CASE_FAILED;
    if (!spmc_ok(spmc_sp2, EP_TEST_SP_COMMUNICATION, spmc_sp1, 0, 0, "SP2 EP_TEST_SP_COMMUNICATION(SP1)"))
        return CASE_FAILED;
    return CASE_OK;
}

enum case_result spmc_1002(void)
{
    uint64_t handle, out[5];
    enum spmc_reclaim rc;
    char err[96];
    int stage = 0;      /* 1 shared, 2 retrieved once, 3 twice */

    if (spmc_sp1 == SPMC_NO_ID)
        return spmc_t_skip("spm-test1 not bound");
    if (!spmc_ok(spmc_sp1, EP_TEST_SP, 0, 0, 0, "SP1 EP_TEST_SP"))
        return CASE_FAILED;
    /* "Test memory set-up": arm-ffa-user's SHM_INIT, one page, read-write. */
    if (!spmc_t_share(spmc_sp1, &handle))
        return CASE_FAILED;
    stage = 1;
    if (!spmc_ok(spmc_sp1, EP_RETRIEVE, (uint32_t)handle, handle >> 32, FFA_NW_ID, "EP_RETRIEVE"))
        goto out;
    stage = 2;
    /* "Test retrieve memory second time": retrieves are counted. */
    if (!spmc_ok(spmc_sp1, EP_RETRIEVE, (uint32_t)handle, handle >> 32, FFA_NW_ID, "second EP_RETRIEVE"))
        goto out;
    stage = 3;
    if (!spmc_ok(spmc_sp1, EP_TRY_R_ACCESS, 0, 0, 0, "EP_TRY_R_ACCESS"))
        goto out;
    if (!spmc_ok(spmc_sp1, EP_RELINQUISH, (uint32_t)handle, handle >> 32, 0, "EP_RELINQUISH"))
        goto out;
    stage = 2;
    if (!spmc_ok(spmc_sp1, EP_SP_NOP, 0, 0, 0, "EP_SP_NOP after relinquish"))
        goto out;
    /* "Test incorrect reclaim": SP1 still holds one retrieve (DENIED). */
    rc = spmc_t_reclaim(handle, err, sizeof(err));
    if (rc == SPMC_RECLAIMED)
        return spmc_fail("reclaim while SP1 still holds one retrieve succeeded");
    if (rc != SPMC_DENIED) {
        spmc_fail("reclaim while retrieved: expected DENIED, got %s", err);
        goto out;
    }
    if (!spmc_ok(spmc_sp1, EP_RELINQUISH, (uint32_t)handle, handle >> 32, 0, "second EP_RELINQUISH"))
        goto out;
    stage = 1;
    if (!spmc_ok(spmc_sp1, EP_SP_NOP, 0, 0, 0, "EP_SP_NOP after second relinquish"))
        goto out;
    /* "Test correct reclaim" */
    if (spmc_t_reclaim(handle, err, sizeof(err)) != SPMC_RECLAIMED) {
        spmc_fail("reclaim: %s", err);
        goto out;
    }
    stage = 0;
    if (!spmc_ok(spmc_sp1, EP_SP_NOP, 0, 0, 0, "EP_SP_NOP after reclaim"))
        return CASE_FAILED;
    /* "Test retrieve invalid memory region" */
    if (!spmc_cmd(spmc_sp1, EP_RETRIEVE, (uint32_t)handle, handle >> 32, FFA_NW_ID, 0, out,
                  "EP_RETRIEVE of the reclaimed handle"))
        return CASE_FAILED;
    if (out[0] == SP_TEST_OK)
        return spmc_fail("EP_RETRIEVE of a reclaimed handle answered 0xaa");
    if (!spmc_ok(spmc_sp1, EP_SP_NOP, 0, 0, 0, "EP_SP_NOP at the end"))
        return CASE_FAILED;
    return CASE_OK;
out:
    /* Undo what is left so that later cases start clean. */
    while (stage > 1) {
        spmc_cmd(spmc_sp1, EP_RELINQUISH, (uint32_t)handle, handle >> 32, 0, 0, out, "cleanup");
        stage--;
    }
    if (stage == 1)
        spmc_t_reclaim(handle, err, sizeof(err));
    return CASE_FAILED;
}

enum case_result spmc_1003(void)
{
    if (spmc_sp1 == SPMC_NO_ID || spmc_sp2 == SPMC_NO_ID)
        return spmc_t_skip("spm-test1 or spm-test2 not bound");
    return spmc_ok(spmc_sp1, EP_SP_MEM_SHARING, spmc_sp2, 0, 0, "SP1 EP_SP_MEM_SHARING(SP2)")
               ? CASE_OK : CASE_FAILED;
}

enum case_result spmc_1004(void)
{
    if (spmc_sp1 == SPMC_NO_ID || spmc_sp2 == SPMC_NO_ID)
        return spmc_t_skip("spm-test1 or spm-test2 not bound");
    if (!spmc_ok(spmc_sp1, EP_SP_MEM_SHARING_EXC, spmc_sp2, 0, 0, "SP1 EP_SP_MEM_SHARING_EXC(SP2)"))
        return CASE_FAILED;
    return spmc_ok(spmc_sp1, EP_SP_MEM_INCORRECT_ACCESS, spmc_sp2, 0, 0,
                   "SP1 EP_SP_MEM_INCORRECT_ACCESS(SP2)") ? CASE_OK : CASE_FAILED;
}

enum case_result spmc_1005(void)
{
    if (spmc_sp1 == SPMC_NO_ID || spmc_sp2 == SPMC_NO_ID || spmc_sp3 == SPMC_NO_ID)
        return spmc_t_skip("spm-test1, spm-test2 or spm-test3 not bound");
    return spmc_ok(spmc_sp1, EP_SP_MEM_SHARING_MULTI, spmc_sp2, spmc_sp3, 0,
                   "SP1 EP_SP_MEM_SHARING_MULTI(SP2, SP3)") ? CASE_OK : CASE_FAILED;
}

/* The test LSP answers x3 = x4 + x5 + x6 + x7. */
enum case_result spmc_1006(void)
{
    uint64_t out[5];

    if (spmc_lsp == SPMC_NO_ID)
        return spmc_t_skip("the test LSP not bound");
    if (!spmc_cmd(spmc_lsp, 0, 1, 2, 3, 4, out, "LSP direct request {0,1,2,3,4}"))
        return CASE_FAILED;
    if (out[0] != 10)
        return spmc_fail("LSP: expected x3 = 10, got %lu", (unsigned long)out[0]);
    return CASE_OK;
}
