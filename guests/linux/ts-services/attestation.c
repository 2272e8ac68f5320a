/*
 * Attestation partition, TS packed-c protocol (protocols/service/attestation/packed-c):
 * get_token_size takes {u32 challenge size}; get_token takes the challenge as TLV record 1 and
 * answers the token as TLV record 1. The token is an EAT signed with t_cose: a tagged COSE_Sign1
 * (CBOR tag 18, then a 4-element array), whose payload holds the challenge as the nonce claim.
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "cases.h"

#define AT_OP_GET_TOKEN 0x101
#define AT_OP_GET_TOKEN_SIZE 0x102

static const uint8_t ATTESTATION_UUID[16] = { 0xa1, 0xba, 0xf1, 0x55, 0x88, 0x76, 0x46, 0x95,
                                              0x8f, 0x7c, 0x54, 0x95, 0x5e, 0x8d, 0xb9, 0x74 };

static int token_size(struct ts_session *s, uint32_t challenge_size, uint32_t *size, int32_t expected,
                      char *why)
{
    memcpy(s->buf, &challenge_size, 4);
    size_t resp;
    if (invoke_expect(s, AT_OP_GET_TOKEN_SIZE, 4, &resp, expected, why))
        return -1;
    if (expected != PSA_SUCCESS)
        return 0;
    if (resp != 4) {
        snprintf(why, WHY_LEN, "get_token_size answered %zu bytes, expected 4", resp);
        return -1;
    }
    memcpy(size, s->buf, 4);
    return 0;
}

static enum case_result token_for(struct ts_session *s, char *why, uint32_t n)
{
    uint8_t challenge[64];
    for (uint32_t i = 0; i < n; i++)
        challenge[i] = (uint8_t)(0x3c + 11 * i + n);

    uint32_t expected_size;
    if (token_size(s, n, &expected_size, PSA_SUCCESS, why))
        return CASE_FAILED;

    size_t len = tlv_put(s->buf, 1, challenge, (uint16_t)n), resp;
    if (invoke_expect(s, AT_OP_GET_TOKEN, len, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;
    const uint8_t *token;
    size_t size;
    if (!tlv_find(s->buf, resp, 1, &token, &size))
        FAIL("get_token: no token record in %zu response bytes", resp);
    char h[40];
    note("get_token_size(%u) = %u; get_token: %zu bytes, starting %s", n, expected_size, size,
         hex(token, size < 12 ? size : 12, h, sizeof h));
    if (size != expected_size)
        FAIL("token of %zu bytes, get_token_size(%u) said %u", size, n, expected_size);
    /* 0xd2 = major type 6 (tag), value 18 (COSE_Sign1); 0x84 = array of 4 (protected header,
     * unprotected header, payload, signature). */
    if (size < 2 || token[0] != 0xd2 || token[1] != 0x84)
        FAIL("token starts %02x %02x, expected d2 84 (COSE_Sign1 tag, 4-element array)",
             size > 0 ? token[0] : 0, size > 1 ? token[1] : 0);
    if (!memmem(token, size, challenge, n))
        FAIL("the %u-byte challenge is not in the %zu-byte token", n, size);
    return CASE_OK;
}

static enum case_result token32(struct ts_session *s, char *why) { return token_for(s, why, 32); }
static enum case_result token48(struct ts_session *s, char *why) { return token_for(s, why, 48); }
static enum case_result token64(struct ts_session *s, char *why) { return token_for(s, why, 64); }

static enum case_result bad_challenge(struct ts_session *s, char *why)
{
    uint32_t size;
    if (token_size(s, 33, &size, PSA_ERROR_INVALID_ARGUMENT, why))
        return CASE_FAILED;
    uint8_t challenge[33] = { 0 };
    size_t len = tlv_put(s->buf, 1, challenge, sizeof challenge), resp;
    if (invoke_expect(s, AT_OP_GET_TOKEN, len, &resp, PSA_ERROR_INVALID_ARGUMENT, why))
        return CASE_FAILED;
    return CASE_OK;
}

static const struct ts_case CASES[] = {
    { 1001, "get_token_size and get_token with a 32-byte challenge: COSE_Sign1 holding it", token32 },
    { 1002, "get_token_size and get_token with a 48-byte challenge: COSE_Sign1 holding it", token48 },
    { 1003, "get_token_size and get_token with a 64-byte challenge: COSE_Sign1 holding it", token64 },
    { 1004, "a 33-byte challenge answers PSA_ERROR_INVALID_ARGUMENT", bad_challenge },
};

int run_attestation(void)
{
    return run_service("attest", "attestation", ATTESTATION_UUID, CASES, sizeof CASES / sizeof *CASES);
}
