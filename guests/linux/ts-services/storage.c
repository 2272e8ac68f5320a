/*
 * Secure storage (internal-trusted-storage and protected-storage partitions), TS packed-c
 * protocol (protocols/service/secure_storage/packed-c): fixed little-endian request structs, the
 * object data after the set request and as the whole get response.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#define SS_OP_SET 0x100
#define SS_OP_GET 0x101
#define SS_OP_GET_INFO 0x102
#define SS_OP_REMOVE 0x103

#define SS_FLAG_WRITE_ONCE (1u << 0)
#define SS_FLAG_NO_CONFIDENTIALITY (1u << 1)

struct __attribute__((packed)) ss_set_in {
    uint64_t uid;
    uint64_t data_length;
    uint32_t create_flags;
    uint8_t data[];
};

struct __attribute__((packed)) ss_get_in {
    uint64_t uid;
    uint64_t data_offset;
    uint64_t data_size;
};

struct __attribute__((packed)) ss_uid_in { /* get_info and remove */
    uint64_t uid;
};

struct __attribute__((packed)) ss_info_out {
    uint64_t capacity;
    uint64_t size;
    uint32_t flags;
};

static const uint8_t ITS_UUID[16] = { 0xdc, 0x1e, 0xef, 0x48, 0xb1, 0x7a, 0x4c, 0xcf,
                                      0xac, 0x8b, 0xdf, 0xcf, 0xf7, 0x71, 0x1b, 0x14 };
static const uint8_t PS_UUID[16] = { 0x75, 0x1b, 0xf8, 0x01, 0x3d, 0xde, 0x47, 0x68,
                                     0xa5, 0x14, 0x0f, 0x10, 0xae, 0xed, 0x17, 0x90 };

/* Objects of this run: write-once ones can never be removed, so each run takes fresh UIDs. */
static uint64_t uid_plain, uid_once;
static uint8_t value[37];

static int set(struct ts_session *s, uint64_t uid, const void *data, size_t n, uint32_t flags,
               int32_t expected, char *why)
{
    struct ss_set_in in = { .uid = uid, .data_length = n, .create_flags = flags };
    memcpy(s->buf, &in, sizeof in);
    memcpy(s->buf + sizeof in, data, n);
    size_t resp;
    return invoke_expect(s, SS_OP_SET, sizeof in + n, &resp, expected, why);
}

static int get(struct ts_session *s, uint64_t uid, uint64_t offset, uint64_t size, size_t *got,
               int32_t expected, char *why)
{
    struct ss_get_in in = { .uid = uid, .data_offset = offset, .data_size = size };
    memcpy(s->buf, &in, sizeof in);
    return invoke_expect(s, SS_OP_GET, sizeof in, got, expected, why);
}

static int get_info(struct ts_session *s, uint64_t uid, struct ss_info_out *info, int32_t expected,
                    char *why)
{
    struct ss_uid_in in = { .uid = uid };
    memcpy(s->buf, &in, sizeof in);
    size_t resp;
    if (invoke_expect(s, SS_OP_GET_INFO, sizeof in, &resp, expected, why))
        return -1;
    if (expected == PSA_SUCCESS) {
        if (resp != sizeof *info) {
            snprintf(why, WHY_LEN, "get_info answered %zu bytes, expected %zu", resp, sizeof *info);
            return -1;
        }
        memcpy(info, s->buf, sizeof *info);
    }
    return 0;
}

static int remove_uid(struct ts_session *s, uint64_t uid, int32_t expected, char *why)
{
    struct ss_uid_in in = { .uid = uid };
    memcpy(s->buf, &in, sizeof in);
    size_t resp;
    return invoke_expect(s, SS_OP_REMOVE, sizeof in, &resp, expected, why);
}

static enum case_result set_get(struct ts_session *s, char *why)
{
    uint64_t base = ((uint64_t)time(NULL) << 20) ^ ((uint64_t)getpid() << 4);
    uid_plain = base | 1;
    uid_once = base | 2;
    for (size_t i = 0; i < sizeof value; i++)
        value[i] = (uint8_t)(0xa5 ^ (i * 7));

    if (set(s, uid_plain, value, sizeof value, SS_FLAG_NO_CONFIDENTIALITY, PSA_SUCCESS, why))
        return CASE_FAILED;
    size_t got;
    if (get(s, uid_plain, 0, sizeof value, &got, PSA_SUCCESS, why))
        return CASE_FAILED;
    if (got != sizeof value)
        FAIL("get answered %zu bytes, expected %zu", got, sizeof value);
    if (memcmp(s->buf, value, sizeof value))
        FAIL("get answered other bytes than were set");
    return CASE_OK;
}

static enum case_result info(struct ts_session *s, char *why)
{
    struct ss_info_out i;
    if (get_info(s, uid_plain, &i, PSA_SUCCESS, why))
        return CASE_FAILED;
    note("get_info: capacity %llu, size %llu, flags 0x%x", (unsigned long long)i.capacity,
         (unsigned long long)i.size, i.flags);
    /* Secure flash store: capacity is the length given to set. */
    if (i.size != sizeof value || i.capacity != sizeof value || i.flags != SS_FLAG_NO_CONFIDENTIALITY)
        FAIL("get_info: capacity %llu size %llu flags 0x%x, expected %zu %zu 0x%x",
             (unsigned long long)i.capacity, (unsigned long long)i.size, i.flags, sizeof value,
             sizeof value, SS_FLAG_NO_CONFIDENTIALITY);
    return CASE_OK;
}

static enum case_result get_offset(struct ts_session *s, char *why)
{
    size_t got;
    /* More than is left: the store returns only the bytes up to the object's end. */
    if (get(s, uid_plain, 30, 100, &got, PSA_SUCCESS, why))
        return CASE_FAILED;
    if (got != sizeof value - 30)
        FAIL("get at offset 30 answered %zu bytes, expected %zu", got, sizeof value - 30);
    if (memcmp(s->buf, value + 30, got))
        FAIL("get at offset 30 answered other bytes than the object's tail");
    if (get(s, uid_plain, sizeof value + 1, 4, &got, PSA_ERROR_INVALID_ARGUMENT, why))
        return CASE_FAILED;
    return CASE_OK;
}

static enum case_result replace(struct ts_session *s, char *why)
{
    static const uint8_t shorter[5] = { 1, 2, 3, 4, 5 };
    if (set(s, uid_plain, shorter, sizeof shorter, 0, PSA_SUCCESS, why))
        return CASE_FAILED;
    struct ss_info_out i;
    if (get_info(s, uid_plain, &i, PSA_SUCCESS, why))
        return CASE_FAILED;
    if (i.size != sizeof shorter || i.flags != 0)
        FAIL("after the second set get_info says size %llu flags 0x%x, expected 5 0x0",
             (unsigned long long)i.size, i.flags);
    size_t got;
    if (get(s, uid_plain, 0, 64, &got, PSA_SUCCESS, why))
        return CASE_FAILED;
    if (got != sizeof shorter || memcmp(s->buf, shorter, sizeof shorter))
        FAIL("get after the second set answered %zu bytes, not the new value", got);
    return CASE_OK;
}

static enum case_result remove_then_get(struct ts_session *s, char *why)
{
    if (remove_uid(s, uid_plain, PSA_SUCCESS, why))
        return CASE_FAILED;
    size_t got;
    struct ss_info_out i;
    if (get(s, uid_plain, 0, sizeof value, &got, PSA_ERROR_DOES_NOT_EXIST, why) ||
        get_info(s, uid_plain, &i, PSA_ERROR_DOES_NOT_EXIST, why) ||
        remove_uid(s, uid_plain, PSA_ERROR_DOES_NOT_EXIST, why))
        return CASE_FAILED;
    return CASE_OK;
}

static enum case_result write_once(struct ts_session *s, char *why)
{
    static const uint8_t first[8] = "original", second[8] = "replaced";
    if (set(s, uid_once, first, sizeof first, SS_FLAG_WRITE_ONCE, PSA_SUCCESS, why))
        return CASE_FAILED;
    note("uid 0x%llx set write-once; set again and remove answered PSA_ERROR_NOT_PERMITTED",
         (unsigned long long)uid_once);
    if (set(s, uid_once, second, sizeof second, 0, PSA_ERROR_NOT_PERMITTED, why) ||
        remove_uid(s, uid_once, PSA_ERROR_NOT_PERMITTED, why))
        return CASE_FAILED;
    size_t got;
    if (get(s, uid_once, 0, sizeof first, &got, PSA_SUCCESS, why))
        return CASE_FAILED;
    if (got != sizeof first || memcmp(s->buf, first, sizeof first))
        FAIL("the write-once object changed");
    struct ss_info_out i;
    if (get_info(s, uid_once, &i, PSA_SUCCESS, why))
        return CASE_FAILED;
    if (i.flags != SS_FLAG_WRITE_ONCE)
        FAIL("get_info flags 0x%x, expected 0x%x (write-once)", i.flags, SS_FLAG_WRITE_ONCE);
    return CASE_OK;
}

static enum case_result unknown_opcode(struct ts_session *s, char *why)
{
    size_t resp;
    int32_t status;
    memset(s->buf, 0, 32);
    /* The provider has no handler: RPC_ERROR_INVALID_VALUE, which tstee reports as EINVAL. */
    int rc = ts_call(s, 0x1ff, 32, &resp, &status);
    if (rc != -EINVAL)
        FAIL("opcode 0x1ff: %s, expected EINVAL", rc ? strerror(-rc) : "accepted");
    return CASE_OK;
}

static enum case_result short_request(struct ts_session *s, char *why)
{
    size_t resp;
    int32_t status;
    struct ss_set_in in = { .uid = uid_plain, .data_length = 16, .create_flags = 0 };
    memcpy(s->buf, &in, sizeof in);
    /* Header cut short, then data_length beyond the request: RPC_ERROR_INVALID_REQUEST_BODY. */
    int rc = ts_call(s, SS_OP_SET, 8, &resp, &status);
    if (rc != -EINVAL)
        FAIL("set with an 8-byte request: %s, expected EINVAL", rc ? strerror(-rc) : "accepted");
    rc = ts_call(s, SS_OP_SET, sizeof in + 4, &resp, &status);
    if (rc != -EINVAL)
        FAIL("set with 4 of 16 data bytes: %s, expected EINVAL", rc ? strerror(-rc) : "accepted");
    if (get(s, uid_plain, 0, 16, &resp, PSA_ERROR_DOES_NOT_EXIST, why))
        return CASE_FAILED;
    return CASE_OK;
}

static const struct ts_case CASES[] = {
    { 1001, "set, then get returns the same bytes", set_get },
    { 1002, "get_info reports capacity, size and creation flags", info },
    { 1003, "get from an offset returns the object's tail; beyond its end is refused", get_offset },
    { 1004, "set of an existing object replaces its value and flags", replace },
    { 1005, "remove, then get, get_info and remove answer PSA_ERROR_DOES_NOT_EXIST", remove_then_get },
    { 1006, "a write-once object refuses overwrite and removal and keeps its value", write_once },
    { 1007, "an unknown opcode is refused at the TS RPC level", unknown_opcode },
    { 1008, "truncated set requests are refused and store nothing", short_request },
};

int run_storage(void)
{
    int failed = run_service("its", "internal-trusted-storage", ITS_UUID, CASES, sizeof CASES / sizeof *CASES);
    failed += run_service("ps", "protected-storage", PS_UUID, CASES, sizeof CASES / sizeof *CASES);
    return failed;
}
