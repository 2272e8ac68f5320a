/*
 * Firmware-update partition (Arm FWU-A protocol as TS v1.2.0 carries it,
 * protocols/service/fwu/fwu_proto.h): the TS RPC opcode is 0; the request starts with a u32
 * function ID and the response with a u32 status (fwu_provider_shim). DISCOVER (function 0)
 * answers {i16 service status, u8 major, u8 minor, u16 offset of the function list, u16 count,
 * u64 max payload size, u32 flags, u32 vendor flags, u8 function IDs[]} after the status.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "cases.h"

#define FWU_FUNC_DISCOVER 0
#define FWU_FUNC_BEGIN_STAGING 16
#define FWU_FUNC_SELECT_PREVIOUS 24

struct __attribute__((packed)) fwu_discover_out {
    int16_t service_status;
    uint8_t version_major;
    uint8_t version_minor;
    uint16_t off_function_presence;
    uint16_t num_func;
    uint64_t max_payload_size;
    uint32_t flags;
    uint32_t vendor_specific_flags;
    uint8_t function_presence[];
};

static const uint8_t FWU_UUID[16] = { 0x68, 0x23, 0xa8, 0x38, 0x1b, 0x06, 0x47, 0x0e,
                                      0x97, 0x74, 0x0c, 0xce, 0x8b, 0xfb, 0x53, 0xfd };

static enum case_result discover(struct ts_session *s, char *why)
{
    memset(s->buf, 0, 64);
    uint32_t func = FWU_FUNC_DISCOVER;
    memcpy(s->buf, &func, 4);
    size_t resp;
    int32_t status;
    if (invoke(s, 0, 4, &resp, &status, why))
        return CASE_FAILED;
    uint32_t header;
    memcpy(&header, s->buf, 4);
    if (status != 0 || header != 0)
        FAIL("discover: status %d, response header status %d, expected 0", status, (int32_t)header);
    /* v1.2.0's serializer fills the body but does not count it (fwu_serialize_discover_resp
     * leaves data_length alone): the response length covers the status word only. */
    if (resp != 4 && resp != 4 + sizeof(struct fwu_discover_out) + 10)
        FAIL("discover answered %zu bytes, expected 4 (v1.2.0) or the whole body", resp);

    struct fwu_discover_out d;
    memcpy(&d, s->buf + 4, sizeof d);
    const uint8_t *funcs = s->buf + 4 + offsetof(struct fwu_discover_out, function_presence);
    note("discover: response length %zu; service status %d, version %u.%u, function list at %u, "
         "%u functions, max payload %llu, flags 0x%x, vendor flags 0x%x",
         resp, d.service_status, d.version_major, d.version_minor, d.off_function_presence,
         d.num_func, (unsigned long long)d.max_payload_size, d.flags, d.vendor_specific_flags);
    if (d.service_status != 0 || d.version_major != 1 || d.version_minor != 0)
        FAIL("discover: service status %d, version %u.%u, expected 0 and 1.0", d.service_status,
             d.version_major, d.version_minor);
    if (d.off_function_presence != offsetof(struct fwu_discover_out, function_presence))
        FAIL("function list at offset %u, expected %zu", d.off_function_presence,
             offsetof(struct fwu_discover_out, function_presence));
    /* The generic update agent implements all ten: DISCOVER, then BEGIN_STAGING..SELECT_PREVIOUS. */
    if (d.num_func != 10)
        FAIL("%u functions listed, expected 10", d.num_func);
    if (funcs[0] != FWU_FUNC_DISCOVER)
        FAIL("first listed function %u, expected DISCOVER (0)", funcs[0]);
    for (int i = 1; i < 10; i++)
        if (funcs[i] != FWU_FUNC_BEGIN_STAGING + i - 1)
            FAIL("listed function %d is %u, expected %d", i, funcs[i], FWU_FUNC_BEGIN_STAGING + i - 1);
    if (d.max_payload_size != 0 || d.flags != 0 || d.vendor_specific_flags != 0)
        FAIL("max payload %llu, flags 0x%x, vendor flags 0x%x, expected 0 0 0 (generic agent)",
             (unsigned long long)d.max_payload_size, d.flags, d.vendor_specific_flags);
    return CASE_OK;
}

static enum case_result unknown_function(struct ts_session *s, char *why)
{
    uint32_t func = 99;
    memcpy(s->buf, &func, 4);
    size_t resp;
    int32_t status;
    /* No handler: the shim returns the provider's RPC_ERROR_INVALID_VALUE, tstee EINVAL. */
    int rc = ts_call(s, 0, 4, &resp, &status);
    if (rc != -EINVAL)
        FAIL("function 99: %s, expected EINVAL", rc ? strerror(-rc) : "accepted");
    return CASE_OK;
}

static const struct ts_case CASES[] = {
    { 1001, "discover: status 0, protocol 1.0, the ten FWU-A functions, no flags", discover },
    { 1002, "an unknown function ID is refused at the TS RPC level", unknown_function },
};

int run_fwu(void)
{
    return run_service("fwu", "firmware-update", FWU_UUID, CASES, sizeof CASES / sizeof *CASES);
}
