/*
 * OP-TEE's `xtest -t ffa_spmc` 1001..1006 (reference ffa.md 3.3-3.4) against spm-test1..4 and the
 * test LSP, written once (spmc_cases.c) for two normal-world clients: guests/xtest (bare metal, the
 * FF-A ABIs by SMC) and guests/linux/ffa-spmc (Linux userspace through /dev/jaffa-ffa). Each client
 * implements the transport below, finds the partitions with spmc_find_endpoints() and lists
 * SPMC_CASES in its own case table. spmc_cases.c calls no library function, so it builds both
 * freestanding and against glibc.
 */
#ifndef JAFFA_SPMC_CASES_H
#define JAFFA_SPMC_CASES_H

#include <stdarg.h>
#include <stdint.h>

#include "ffa.h"
#include "test_case.h"

/* The cases in xtest's order, for the clients' tables: SPMC_CASES(ENTRY) with ENTRY(name, title, fn). */
#define SPMC_CASES(X)                                                                          \
    X("ffa_spmc_1001", "Test FF-A communication", spmc_1001)                                   \
    X("ffa_spmc_1002", "Test FF-A memory: share memory from Normal World to SP", spmc_1002)    \
    X("ffa_spmc_1003", "Test FF-A memory: SP to SP", spmc_1003)                                \
    X("ffa_spmc_1004", "Test FF-A memory: Access and flags", spmc_1004)                        \
    X("ffa_spmc_1005", "Test FF-A memory: multiple receiver", spmc_1005)                       \
    X("ffa_spmc_1006", "Test FF-A LSP", spmc_1006)

enum case_result spmc_1001(void);
enum case_result spmc_1002(void);
enum case_result spmc_1003(void);
enum case_result spmc_1004(void);
enum case_result spmc_1005(void);
enum case_result spmc_1006(void);

/*
 * The partitions the cases talk to, set by spmc_find_endpoints(): the first partition with each
 * UUID (spm-test3 and spm-test4 share one FF-A UUID), SPMC_NO_ID when there is none.
 */
#define SPMC_NO_ID 0xFFFFu
extern uint16_t spmc_sp1, spmc_sp2, spmc_sp3, spmc_lsp;

/* Their UUIDs: spmc_uuid[0..3] = spm-test1, spm-test2, spm-test3 (and 4), the test LSP. */
extern const struct ffa_uuid spmc_uuid[4];

/* Looks the four partitions up; count[i] = how many have spmc_uuid[i]. */
void spmc_find_endpoints(unsigned count[4]);

/*
 * A spm-test command (reference 3.3: x3 = command, x4..x7 = arguments) by DIRECT_REQ_64, as
 * arm-ffa-user sends it: 1 and out = x3..x7 of the answer, or 0 with the reason recorded.
 */
int spmc_cmd(uint16_t dst, uint64_t cmd, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
             uint64_t out[5], const char *what);
/* A spm-test command that must answer SP_TEST_OK. */
int spmc_ok(uint16_t dst, uint64_t cmd, uint64_t a1, uint64_t a2, uint64_t a3, const char *what);

/* Records why the case failed through spmc_t_vfail; returns CASE_FAILED. */
__attribute__((format(printf, 1, 2))) enum case_result spmc_fail(const char *fmt, ...);

/* ---- The transport: each client implements these --------------------------------------- */

/* DIRECT_REQ_64 to dst, args = x3..x7 in and out: 1, or 0 with the reason recorded. */
int spmc_t_send(uint16_t dst, uint64_t args[5], const char *what);

/* The index-th partition with this UUID: 0 with its ID and how many there are, else nonzero. */
int spmc_t_find(const struct ffa_uuid *uuid, unsigned index, uint16_t *id, unsigned *count);

/* Shares one page of normal-world memory with dst, read-write: 1 and the handle, or 0 with the
 * reason recorded (xtest's SHM_INIT). */
int spmc_t_share(uint16_t dst, uint64_t *handle);

enum spmc_reclaim { SPMC_RECLAIMED, SPMC_DENIED, SPMC_RECLAIM_ERROR };

/* Reclaims a share; an error (DENIED included) is described in err[n]. */
enum spmc_reclaim spmc_t_reclaim(uint64_t handle, char *err, unsigned n);

/* Records why the case failed; the first reason of a case is the one that counts. */
void spmc_t_vfail(const char *fmt, va_list ap);

/* The case cannot run (its partitions are absent); returns CASE_SKIPPED. */
enum case_result spmc_t_skip(const char *reason);

#endif
