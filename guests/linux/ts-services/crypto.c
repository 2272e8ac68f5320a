/*
 * Crypto partition, TS packed-c protocol (protocols/service/crypto/packed-c): a fixed
 * little-endian struct, then TLV records for the variable-length parameters; results come back
 * as TLV records. Known answers: FIPS 180-2 (SHA-256 of "abc") and RFC 6979 A.2.5 (the P-256
 * key, its public point and the deterministic ECDSA-SHA-256 signature of "sample").
 */
#include <string.h>

#include "cases.h"

#define CR_OP_DESTROY_KEY 0x102
#define CR_OP_EXPORT_PUBLIC_KEY 0x106
#define CR_OP_IMPORT_KEY 0x107
#define CR_OP_SIGN_HASH 0x108
#define CR_OP_VERIFY_HASH 0x109
#define CR_OP_GENERATE_RANDOM 0x10c
#define CR_OP_HASH_SETUP 0x201
#define CR_OP_HASH_UPDATE 0x202
#define CR_OP_HASH_FINISH 0x203

/* PSA Crypto API encodings (the packed-c protocol passes them through). */
#define PSA_ALG_SHA_256 0x02000009u
#define PSA_ALG_DETERMINISTIC_ECDSA_SHA_256 0x06000709u
#define PSA_KEY_TYPE_ECC_KEY_PAIR_SECP_R1 0x7112u
#define PSA_KEY_USAGE_SIGN_HASH 0x1000u
#define PSA_KEY_USAGE_VERIFY_HASH 0x2000u

struct __attribute__((packed)) cr_key_attributes {
    uint32_t type;
    uint32_t key_bits;
    uint32_t lifetime;
    uint32_t id;
    uint32_t usage;
    uint32_t alg;
};

struct __attribute__((packed)) cr_key_alg_in { /* sign_hash, verify_hash */
    uint32_t id;
    uint32_t alg;
};

static const uint8_t CRYPTO_UUID[16] = { 0xd9, 0xdf, 0x52, 0xd5, 0x16, 0xa2, 0x4b, 0xb2,
                                         0x9a, 0xa4, 0xd2, 0x6d, 0x3b, 0x84, 0xe8, 0xc0 };

static const uint8_t SHA256_ABC[32] = {
    0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
    0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};
/* RFC 6979 A.2.5: private key x, public point U = xG, SHA-256("sample") and its signature. */
static const uint8_t P256_X[32] = {
    0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21, 0x57, 0x67, 0xb1, 0xd6, 0x93,
    0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8, 0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21,
};
static const uint8_t P256_U[65] = {
    0x04, 0x60, 0xfe, 0xd4, 0xba, 0x25, 0x5a, 0x9d, 0x31, 0xc9, 0x61, 0xeb, 0x74, 0xc6, 0x35, 0x6d,
    0x68, 0xc0, 0x49, 0xb8, 0x92, 0x3b, 0x61, 0xfa, 0x6c, 0xe6, 0x69, 0x62, 0x2e, 0x60, 0xf2, 0x9f,
    0xb6, 0x79, 0x03, 0xfe, 0x10, 0x08, 0xb8, 0xbc, 0x99, 0xa4, 0x1a, 0xe9, 0xe9, 0x56, 0x28, 0xbc,
    0x64, 0xf2, 0xf1, 0xb2, 0x0c, 0x2d, 0x7e, 0x9f, 0x51, 0x77, 0xa3, 0xc2, 0x94, 0xd4, 0x46, 0x22,
    0x99,
};
static const uint8_t SHA256_SAMPLE[32] = {
    0xaf, 0x2b, 0xdb, 0xe1, 0xaa, 0x9b, 0x6e, 0xc1, 0xe2, 0xad, 0xe1, 0xd6, 0x94, 0xf4, 0x1f, 0xc7,
    0x1a, 0x83, 0x1d, 0x02, 0x68, 0xe9, 0x89, 0x15, 0x62, 0x11, 0x3d, 0x8a, 0x62, 0xad, 0xd1, 0xbf,
};
static const uint8_t SIG_SAMPLE[64] = {
    0xef, 0xd4, 0x8b, 0x2a, 0xac, 0xb6, 0xa8, 0xfd, 0x11, 0x40, 0xdd, 0x9c, 0xd4, 0x5e, 0x81, 0xd6,
    0x9d, 0x2c, 0x87, 0x7b, 0x56, 0xaa, 0xf9, 0x91, 0xc3, 0x4d, 0x0e, 0xa8, 0x4e, 0xaf, 0x37, 0x16,
    0xf7, 0xcb, 0x1c, 0x94, 0x2d, 0x65, 0x7c, 0x41, 0xd4, 0x36, 0xc7, 0xa1, 0xb6, 0xe2, 0x9f, 0x65,
    0xf3, 0xe9, 0x00, 0xdb, 0xb9, 0xaf, 0xf4, 0x06, 0x4d, 0xc4, 0xab, 0x2f, 0x84, 0x3a, 0xcd, 0xa8,
};

static uint32_t key_id; /* the imported P-256 key, 0 until import succeeded */
static uint8_t signature[64];
static bool signed_ok;

static int generate_random(struct ts_session *s, uint32_t size, uint8_t *out, char *why)
{
    memcpy(s->buf, &size, 4);
    size_t resp;
    if (invoke_expect(s, CR_OP_GENERATE_RANDOM, 4, &resp, PSA_SUCCESS, why))
        return -1;
    const uint8_t *v;
    size_t n;
    if (!tlv_find(s->buf, resp, 1, &v, &n)) {
        snprintf(why, WHY_LEN, "generate_random: no random-bytes record in %zu response bytes", resp);
        return -1;
    }
    if (n != size) {
        snprintf(why, WHY_LEN, "generate_random(%u) answered %zu bytes", size, n);
        return -1;
    }
    memcpy(out, v, n);
    return 0;
}

static enum case_result random_bytes(struct ts_session *s, char *why)
{
    uint8_t a[32], b[32], c[7];
    if (generate_random(s, sizeof a, a, why) || generate_random(s, sizeof b, b, why) ||
        generate_random(s, sizeof c, c, why))
        return CASE_FAILED;
    char h[80];
    note("generate_random(32): %s", hex(a, sizeof a, h, sizeof h));
    note("generate_random(32): %s", hex(b, sizeof b, h, sizeof h));
    if (!memcmp(a, b, sizeof a))
        FAIL("two generate_random(32) calls answered the same bytes");
    static const uint8_t zero[32];
    if (!memcmp(a, zero, sizeof a))
        FAIL("generate_random(32) answered zeros");
    return CASE_OK;
}

static enum case_result sha256_abc(struct ts_session *s, char *why)
{
    size_t resp;
    uint32_t alg = PSA_ALG_SHA_256, op;
    memcpy(s->buf, &alg, 4);
    if (invoke_expect(s, CR_OP_HASH_SETUP, 4, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;
    if (resp != 4)
        FAIL("hash_setup answered %zu bytes, expected the 4-byte operation handle", resp);
    memcpy(&op, s->buf, 4);

    memcpy(s->buf, &op, 4);
    size_t len = 4 + tlv_put(s->buf + 4, 1, "abc", 3);
    if (invoke_expect(s, CR_OP_HASH_UPDATE, len, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;

    memcpy(s->buf, &op, 4);
    if (invoke_expect(s, CR_OP_HASH_FINISH, 4, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;
    const uint8_t *v;
    size_t n;
    if (!tlv_find(s->buf, resp, 1, &v, &n))
        FAIL("hash_finish: no hash record in %zu response bytes", resp);
    char h[80];
    if (n != 32 || memcmp(v, SHA256_ABC, 32))
        FAIL("SHA-256(\"abc\") = %s (%zu bytes), expected ba7816bf...f20015ad", hex(v, n, h, sizeof h), n);
    return CASE_OK;
}

static enum case_result import_key(struct ts_session *s, char *why)
{
    struct cr_key_attributes a = {
        .type = PSA_KEY_TYPE_ECC_KEY_PAIR_SECP_R1,
        .key_bits = 256,
        .lifetime = 0, /* volatile */
        .id = 0,
        .usage = PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH,
        .alg = PSA_ALG_DETERMINISTIC_ECDSA_SHA_256,
    };
    memcpy(s->buf, &a, sizeof a);
    size_t len = sizeof a + tlv_put(s->buf + sizeof a, 1, P256_X, sizeof P256_X);
    size_t resp;
    if (invoke_expect(s, CR_OP_IMPORT_KEY, len, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;
    if (resp != 4)
        FAIL("import_key answered %zu bytes, expected the 4-byte key ID", resp);
    memcpy(&key_id, s->buf, 4);
    note("import_key: key ID 0x%x", key_id);
    if (key_id == 0)
        FAIL("import_key answered key ID 0");
    return CASE_OK;
}

static enum case_result export_public(struct ts_session *s, char *why)
{
    if (!key_id)
        FAIL("no key: import_key failed");
    memcpy(s->buf, &key_id, 4);
    size_t resp;
    if (invoke_expect(s, CR_OP_EXPORT_PUBLIC_KEY, 4, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;
    const uint8_t *v;
    size_t n;
    if (!tlv_find(s->buf, resp, 1, &v, &n))
        FAIL("export_public_key: no key record in %zu response bytes", resp);
    char h[140];
    if (n != sizeof P256_U || memcmp(v, P256_U, n))
        FAIL("public key %s (%zu bytes), expected 04 60fed4ba...d4462299", hex(v, n, h, sizeof h), n);
    return CASE_OK;
}

static enum case_result sign(struct ts_session *s, char *why)
{
    if (!key_id)
        FAIL("no key: import_key failed");
    struct cr_key_alg_in in = { .id = key_id, .alg = PSA_ALG_DETERMINISTIC_ECDSA_SHA_256 };
    memcpy(s->buf, &in, sizeof in);
    size_t len = sizeof in + tlv_put(s->buf + sizeof in, 1, SHA256_SAMPLE, sizeof SHA256_SAMPLE);
    size_t resp;
    if (invoke_expect(s, CR_OP_SIGN_HASH, len, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;
    const uint8_t *v;
    size_t n;
    if (!tlv_find(s->buf, resp, 1, &v, &n))
        FAIL("sign_hash: no signature record in %zu response bytes", resp);
    if (n != sizeof signature)
        FAIL("sign_hash answered a %zu-byte signature, expected r||s of 64", n);
    memcpy(signature, v, n);
    signed_ok = true;
    char h[140];
    note("sign_hash: %s", hex(signature, 64, h, sizeof h));
    if (memcmp(signature, SIG_SAMPLE, sizeof signature))
        FAIL("signature %s, expected RFC 6979's efd48b2a...843acda8", hex(signature, 64, h, sizeof h));
    return CASE_OK;
}

static int verify(struct ts_session *s, const uint8_t *sig, int32_t expected, char *why)
{
    struct cr_key_alg_in in = { .id = key_id, .alg = PSA_ALG_DETERMINISTIC_ECDSA_SHA_256 };
    memcpy(s->buf, &in, sizeof in);
    size_t len = sizeof in;
    len += tlv_put(s->buf + len, 1, SHA256_SAMPLE, sizeof SHA256_SAMPLE);
    len += tlv_put(s->buf + len, 2, sig, 64);
    size_t resp;
    return invoke_expect(s, CR_OP_VERIFY_HASH, len, &resp, expected, why);
}

static enum case_result verify_good(struct ts_session *s, char *why)
{
    if (!signed_ok)
        FAIL("no signature: sign_hash failed");
    return verify(s, signature, PSA_SUCCESS, why) ? CASE_FAILED : CASE_OK;
}

static enum case_result verify_corrupted(struct ts_session *s, char *why)
{
    if (!signed_ok)
        FAIL("no signature: sign_hash failed");
    uint8_t bad[64];
    memcpy(bad, signature, sizeof bad);
    bad[40] ^= 0x01; /* one bit of s */
    if (verify(s, bad, PSA_ERROR_INVALID_SIGNATURE, why))
        return CASE_FAILED;
    memcpy(bad, signature, sizeof bad);
    bad[5] ^= 0x80; /* one bit of r */
    return verify(s, bad, PSA_ERROR_INVALID_SIGNATURE, why) ? CASE_FAILED : CASE_OK;
}

static enum case_result destroy(struct ts_session *s, char *why)
{
    if (!key_id)
        FAIL("no key: import_key failed");
    size_t resp;
    memcpy(s->buf, &key_id, 4);
    if (invoke_expect(s, CR_OP_DESTROY_KEY, 4, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;
    /* Gone: Mbed TLS answers INVALID_HANDLE for a volatile key ID that names no key. */
    memcpy(s->buf, &key_id, 4);
    if (invoke_expect(s, CR_OP_EXPORT_PUBLIC_KEY, 4, &resp, PSA_ERROR_INVALID_HANDLE, why))
        return CASE_FAILED;
    return CASE_OK;
}

static const struct ts_case CASES[] = {
    { 1001, "generate_random answers the asked length, and two calls differ", random_bytes },
    { 1002, "hash (setup, update, finish) SHA-256 of \"abc\" is the FIPS 180-2 value", sha256_abc },
    { 1003, "import_key of the RFC 6979 P-256 key pair", import_key },
    { 1004, "export_public_key is the key's known public point", export_public },
    { 1005, "sign_hash (deterministic ECDSA SHA-256) gives RFC 6979's signature of \"sample\"", sign },
    { 1006, "verify_hash accepts that signature", verify_good },
    { 1007, "verify_hash of a corrupted signature answers PSA_ERROR_INVALID_SIGNATURE", verify_corrupted },
    { 1008, "destroy_key, then the key is gone", destroy },
};

int run_crypto(void)
{
    return run_service("crypto", "crypto", CRYPTO_UUID, CASES, sizeof CASES / sizeof *CASES);
}
