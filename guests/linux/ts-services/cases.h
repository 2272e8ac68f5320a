/*
 * What the per-service case files share: the case table and its runner, checked calls, the
 * packed-c TLV records (TS components/common/tlv: 16-bit tag and length, big-endian, then the
 * value) and the PSA status codes the services answer with.
 */
#ifndef TS_SERVICES_CASES_H
#define TS_SERVICES_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report.h"
#include "ts_rpc.h"

#define WHY_LEN 400

/* One case: fills why (WHY_LEN) and returns CASE_FAILED, or returns CASE_OK. Cases of one
 * service run in table order on one session and may use what earlier ones left behind. */
struct ts_case {
    int number;
    const char *title;
    enum case_result (*run)(struct ts_session *s, char *why);
};

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        snprintf(why, WHY_LEN, __VA_ARGS__);                                                       \
        return CASE_FAILED;                                                                        \
    } while (0)

/* Opens the service by UUID and runs its cases, named PREFIX_NUMBER; when no partition knows
 * the UUID every case is reported skipped. Returns the number of failed cases. */
int run_service(const char *prefix, const char *service, const uint8_t uuid[16],
                const struct ts_case *cases, size_t count);

/* A call whose transport must work: -1 with why filled when the ioctl fails. */
int invoke(struct ts_session *s, uint16_t opcode, size_t req_len, size_t *resp_len, int32_t *status,
           char *why);

/* Like invoke, and the service status must be `expected`. */
int invoke_expect(struct ts_session *s, uint16_t opcode, size_t req_len, size_t *resp_len,
                  int32_t expected, char *why);

/* Appends one TLV record at p; returns its size. */
size_t tlv_put(uint8_t *p, uint16_t tag, const void *value, uint16_t length);
/* Finds the record with this tag among the records in p[0..n). */
bool tlv_find(const uint8_t *p, size_t n, uint16_t tag, const uint8_t **value, size_t *length);

/* With -v: prints "# <text>" after the case's line, saying what the service answered. */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "PSA_ERROR_DOES_NOT_EXIST (-140)" and so on. */
const char *psa_name(int32_t status);

/* Lower-case hex of n bytes, cut to fit out (size bytes). */
const char *hex(const uint8_t *p, size_t n, char *out, size_t size);

/* PSA status codes (PSA Certified Status code API, as TS's psa/error.h). */
#define PSA_SUCCESS 0
#define PSA_ERROR_GENERIC_ERROR (-132)
#define PSA_ERROR_NOT_PERMITTED (-133)
#define PSA_ERROR_NOT_SUPPORTED (-134)
#define PSA_ERROR_INVALID_ARGUMENT (-135)
#define PSA_ERROR_INVALID_HANDLE (-136)
#define PSA_ERROR_BAD_STATE (-137)
#define PSA_ERROR_BUFFER_TOO_SMALL (-138)
#define PSA_ERROR_ALREADY_EXISTS (-139)
#define PSA_ERROR_DOES_NOT_EXIST (-140)
#define PSA_ERROR_INSUFFICIENT_MEMORY (-141)
#define PSA_ERROR_INSUFFICIENT_STORAGE (-142)
#define PSA_ERROR_INVALID_SIGNATURE (-149)

/* The services (each in its own file). */
int run_storage(void);
int run_crypto(void);
int run_attestation(void);
int run_block_storage(void);
int run_fwu(void);
int run_tsrpc(void);

#endif
