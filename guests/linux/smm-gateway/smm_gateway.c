/*
 * UEFI variables through Trusted Services' smm-gateway partition, from Linux: the MM communicate
 * protocol over FF-A direct requests, as TS's own Linux caller speaks it (TS v1.2.0
 * components/rpc/mm_communicate, components/service/uefi/smm_variable), through /dev/jaffa-ffa
 * (jaffa-ffa-user.ko): direct requests to smm-gateway, and reads and writes of its normal-world
 * buffer at 0x8_8100_0000 (a no-map reserved-memory region of the device tree).
 *
 * The protocol: the request sits at offset x3 of that buffer (0 here) as an
 *   EFI_MM_COMMUNICATE_HEADER { EFI_GUID service (SMM variable's), u64 MessageLength, data },
 * whose data is an SMM_VARIABLE_COMMUNICATE_HEADER { u64 Function, u64 ReturnStatus, data }
 * followed by the function's parameters. smm-gateway answers DIRECT_RESP_64 with x3 = an MM return
 * code (0, or -1 not supported, -2 invalid parameter, -3 denied, -5 no memory), the response in
 * place, MessageLength = the response's length and ReturnStatus = an EFI_STATUS.
 *
 * One line per case (common/report.h); every case is skipped when smm-gateway is not bound.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jaffa_ffa.h"
#include "report.h"

#define UUID_SMM_GATEWAY "ed32d533-99e6-4209-9cc0-2d72cdd998a7"

/* smm-gateway's manifest: mm-comm-buffer, 8 pages at 0x8_8100_0000, normal-world memory. */
#define COMM_BUFFER 0x881000000ull
#define COMM_BUFFER_SIZE 0x8000u

struct efi_guid {
    uint32_t data1;
    uint16_t data2, data3;
    uint8_t data4[8];
};

static const struct efi_guid smm_variable_guid =
    { 0xed32d533, 0x99e6, 0x4209, { 0x9c, 0xc0, 0x2d, 0x72, 0xcd, 0xd9, 0x98, 0xa7 } };
/* Our test variables' vendor GUID (made up). */
static const struct efi_guid test_guid =
    { 0x6a616666, 0x6666, 0x4175, { 0x80, 0x01, 0x6a, 0x61, 0x66, 0x66, 0x61, 0x21 } };

/* Sizes and offsets of the protocol structures (all little-endian). */
#define MM_HDR_SIZE 24          /* EFI_MM_COMMUNICATE_HEADER: GUID, u64 MessageLength */
#define SMM_VAR_HDR_SIZE 16     /* SMM_VARIABLE_COMMUNICATE_HEADER: u64 Function, u64 ReturnStatus */
#define ACCESS_NAME_OFFSET 36   /* ACCESS_VARIABLE: GUID, u64 DataSize, u64 NameSize, u32 Attributes, Name */
#define NEXT_NAME_OFFSET 24     /* GET_NEXT_VARIABLE_NAME: GUID, u64 NameSize, Name */
#define QUERY_INFO_SIZE 32      /* QUERY_VARIABLE_INFO: 3 x u64, u32 Attributes (+ padding) */

enum {
    SMM_VARIABLE_FUNCTION_GET_VARIABLE = 1,
    SMM_VARIABLE_FUNCTION_GET_NEXT_VARIABLE_NAME = 2,
    SMM_VARIABLE_FUNCTION_SET_VARIABLE = 3,
    SMM_VARIABLE_FUNCTION_QUERY_VARIABLE_INFO = 4,
    SMM_VARIABLE_FUNCTION_GET_PAYLOAD_SIZE = 11,
};

#define EFI_VARIABLE_NON_VOLATILE 0x1u
#define EFI_VARIABLE_BOOTSERVICE_ACCESS 0x2u
#define EFI_VARIABLE_RUNTIME_ACCESS 0x4u

#define EFI_ERR(n) ((1ull << 63) | (n))
#define EFI_SUCCESS 0ull
#define EFI_INVALID_PARAMETER EFI_ERR(2)
#define EFI_BUFFER_TOO_SMALL EFI_ERR(5)
#define EFI_NOT_FOUND EFI_ERR(14)

#define MM_RETURN_CODE_NOT_SUPPORTED (-1)

static int fd = -1;
static uint16_t id_gw;
static char why[320];

__attribute__((format(printf, 1, 2))) static enum case_result fail(const char *fmt, ...)
{
    va_list ap;

    if (why[0])
        return CASE_FAILED;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    return CASE_FAILED;
}

static const char *efi_name(uint64_t s)
{
    static char other[32];

    switch (s) {
    case EFI_SUCCESS: return "EFI_SUCCESS";
    case EFI_INVALID_PARAMETER: return "EFI_INVALID_PARAMETER";
    case EFI_ERR(3): return "EFI_UNSUPPORTED";
    case EFI_ERR(4): return "EFI_BAD_BUFFER_SIZE";
    case EFI_BUFFER_TOO_SMALL: return "EFI_BUFFER_TOO_SMALL";
    case EFI_ERR(7): return "EFI_DEVICE_ERROR";
    case EFI_ERR(8): return "EFI_WRITE_PROTECTED";
    case EFI_ERR(9): return "EFI_OUT_OF_RESOURCES";
    case EFI_NOT_FOUND: return "EFI_NOT_FOUND";
    case EFI_ERR(15): return "EFI_ACCESS_DENIED";
    case EFI_ERR(26): return "EFI_SECURITY_VIOLATION";
    default:
        snprintf(other, sizeof(other), "EFI status %#llx", (unsigned long long)s);
        return other;
    }
}

static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/*
 * One MM communicate call of the SMM variable service (or of service, when not NULL): req (len
 * bytes) in, *resp_len bytes of response into resp (at most cap), *status = ReturnStatus.
 * Returns 0, or fails the case (returning -1) on a transport error or a nonzero MM return code;
 * *mm_rc (when not NULL) receives that code instead of failing.
 */
static int mm_call(const struct efi_guid *service, uint64_t function, const void *req, size_t len,
                   void *resp, size_t cap, size_t *resp_len, uint64_t *status, int64_t *mm_rc)
{
    static uint8_t buf[COMM_BUFFER_SIZE];
    uint64_t args[5] = { 0, 0, 0, 0, 0 };   /* x3 = offset of the request in the buffer */
    uint64_t msg_len;
    int rc;

    if (MM_HDR_SIZE + SMM_VAR_HDR_SIZE + len > sizeof(buf)) {
        fail("request of %zu bytes does not fit the buffer", len);
        return -1;
    }
    memcpy(buf, service ? service : &smm_variable_guid, 16);
    put64(buf + 16, SMM_VAR_HDR_SIZE + len);
    put64(buf + MM_HDR_SIZE, function);
    put64(buf + MM_HDR_SIZE + 8, EFI_SUCCESS);
    if (len)
        memcpy(buf + MM_HDR_SIZE + SMM_VAR_HDR_SIZE, req, len);
    rc = jffa_nwmem_io(fd, 1, COMM_BUFFER, buf, MM_HDR_SIZE + SMM_VAR_HDR_SIZE + len);
    if (rc) {
        fail("write of the request into the buffer at %#llx: %s", COMM_BUFFER, strerror(-rc));
        return -1;
    }
    rc = jffa_send(fd, id_gw, 0, args);
    if (rc) {
        fail("direct request to smm-gateway (%04x): %s", id_gw, strerror(-rc));
        return -1;
    }
    if (mm_rc) {
        *mm_rc = (int64_t)args[0];
        if (args[0])
            return 0;
    } else if (args[0]) {
        fail("function %lu: MM return code %ld", (unsigned long)function, (long)args[0]);
        return -1;
    }
    rc = jffa_nwmem_io(fd, 0, COMM_BUFFER, buf, sizeof(buf));
    if (rc) {
        fail("read of the response: %s", strerror(-rc));
        return -1;
    }
    msg_len = get64(buf + 16);
    if (msg_len < SMM_VAR_HDR_SIZE || msg_len > sizeof(buf) - MM_HDR_SIZE) {
        fail("function %lu: response MessageLength %lu", (unsigned long)function, (unsigned long)msg_len);
        return -1;
    }
    *status = get64(buf + MM_HDR_SIZE + 8);
    *resp_len = msg_len - SMM_VAR_HDR_SIZE;
    if (*resp_len > cap) {
        fail("function %lu: response of %zu bytes, expected at most %zu", (unsigned long)function,
             *resp_len, cap);
        return -1;
    }
    memcpy(resp, buf + MM_HDR_SIZE + SMM_VAR_HDR_SIZE, *resp_len);
    return 0;
}

/* UTF-16 of an ASCII name, with its terminator; returns its size in bytes. */
static size_t utf16(const char *s, uint8_t *out)
{
    size_t n = 0;

    do {
        out[n++] = (uint8_t)*s;
        out[n++] = 0;
    } while (*s++);
    return n;
}

/* SetVariable(name, test_guid, attributes, data); *status = its EFI_STATUS. */
static int set_var(const char *name, uint32_t attributes, const void *data, size_t size, uint64_t *status)
{
    uint8_t req[512], resp[64];
    size_t name_size, resp_len;

    memset(req, 0, sizeof(req));
    memcpy(req, &test_guid, 16);
    name_size = utf16(name, req + ACCESS_NAME_OFFSET);
    put64(req + 16, size);
    put64(req + 24, name_size);
    put32(req + 32, attributes);
    if (size)
        memcpy(req + ACCESS_NAME_OFFSET + name_size, data, size);
    return mm_call(NULL, SMM_VARIABLE_FUNCTION_SET_VARIABLE, req, ACCESS_NAME_OFFSET + name_size + size,
                   resp, sizeof(resp), &resp_len, status, NULL);
}

/* GetVariable(name, test_guid) with room for cap data bytes: data, *size, *attributes. */
static int get_var(const char *name, size_t cap, void *data, size_t *size, uint32_t *attributes,
                   uint64_t *status)
{
    uint8_t req[256], resp[1024];
    size_t name_size, resp_len;

    memset(req, 0, sizeof(req));
    memcpy(req, &test_guid, 16);
    name_size = utf16(name, req + ACCESS_NAME_OFFSET);
    put64(req + 16, cap);
    put64(req + 24, name_size);
    if (mm_call(NULL, SMM_VARIABLE_FUNCTION_GET_VARIABLE, req, ACCESS_NAME_OFFSET + name_size,
                resp, sizeof(resp), &resp_len, status, NULL))
        return -1;
    *size = 0;
    *attributes = 0;
    if (resp_len >= ACCESS_NAME_OFFSET) {
        *size = get64(resp + 16);
        *attributes = get32(resp + 32);
    }
    if (*status == EFI_SUCCESS) {
        if (get64(resp + 24) != name_size || resp_len != ACCESS_NAME_OFFSET + name_size + *size ||
            *size > cap) {
            fail("GetVariable: response of %zu bytes, NameSize %lu, DataSize %zu", resp_len,
                 (unsigned long)get64(resp + 24), *size);
            return -1;
        }
        memcpy(data, resp + ACCESS_NAME_OFFSET + name_size, *size);
    }
    return 0;
}

static const char var_nv[] = "JaffaTestNV";
static const char var_vol[] = "JaffaTestVolatile";
static const uint8_t value[] = "jaffa-ffa-user set this through smm-gateway";
#define ATTR_NV (EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS)
#define ATTR_VOL (EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS)

static int want_status(const char *what, uint64_t got, uint64_t want)
{
    if (got == want)
        return 1;
    fail("%s: %s, expected %s", what, efi_name(got), efi_name(want));
    return 0;
}

/* ---- cases ----------------------------------------------------------------------------------- */

static enum case_result c_query(void)
{
    uint8_t req[QUERY_INFO_SIZE], resp[64];
    size_t resp_len;
    uint64_t status, max_storage, remaining, max_var;

    memset(req, 0, sizeof(req));
    put32(req + 24, ATTR_NV);
    if (mm_call(NULL, SMM_VARIABLE_FUNCTION_QUERY_VARIABLE_INFO, req, sizeof(req), resp, sizeof(resp),
                &resp_len, &status, NULL))
        return CASE_FAILED;
    if (!want_status("QueryVariableInfo", status, EFI_SUCCESS))
        return CASE_FAILED;
    if (resp_len != QUERY_INFO_SIZE)
        return fail("QueryVariableInfo: response of %zu bytes", resp_len);
    max_storage = get64(resp);
    remaining = get64(resp + 8);
    max_var = get64(resp + 16);
    printf("# QueryVariableInfo(NV): storage %lu, remaining %lu, max variable %lu\n",
           (unsigned long)max_storage, (unsigned long)remaining, (unsigned long)max_var);
    if (!max_storage || !max_var || remaining > max_storage)
        return fail("QueryVariableInfo: storage %lu, remaining %lu, max variable %lu",
                    (unsigned long)max_storage, (unsigned long)remaining, (unsigned long)max_var);
    /* GetPayloadSize: what fits after the headers in the buffer. */
    if (mm_call(NULL, SMM_VARIABLE_FUNCTION_GET_PAYLOAD_SIZE, NULL, 0, resp, sizeof(resp), &resp_len,
                &status, NULL))
        return CASE_FAILED;
    if (!want_status("GetPayloadSize", status, EFI_SUCCESS))
        return CASE_FAILED;
    if (resp_len != 8 || get64(resp) == 0 || get64(resp) > COMM_BUFFER_SIZE)
        return fail("GetPayloadSize: %zu bytes, %lu", resp_len, (unsigned long)get64(resp));
    printf("# GetPayloadSize: %lu\n", (unsigned long)get64(resp));
    return CASE_OK;
}

static enum case_result c_set(void)
{
    uint64_t status;

    /* A previous run may have left it. */
    if (set_var(var_nv, ATTR_NV, NULL, 0, &status))
        return CASE_FAILED;
    if (set_var(var_nv, ATTR_NV, value, sizeof(value), &status))
        return CASE_FAILED;
    return want_status("SetVariable", status, EFI_SUCCESS) ? CASE_OK : CASE_FAILED;
}

static enum case_result c_get(void)
{
    uint8_t data[256];
    size_t size;
    uint32_t attributes;
    uint64_t status;

    if (get_var(var_nv, sizeof(data), data, &size, &attributes, &status))
        return CASE_FAILED;
    if (!want_status("GetVariable", status, EFI_SUCCESS))
        return CASE_FAILED;
    if (size != sizeof(value) || memcmp(data, value, size))
        return fail("GetVariable: %zu bytes \"%.*s\", expected \"%s\"", size, (int)size, data, value);
    if (attributes != ATTR_NV)
        return fail("GetVariable: attributes %#x, expected %#x", attributes, ATTR_NV);
    return CASE_OK;
}

static enum case_result c_small_buffer(void)
{
    uint8_t data[8];
    size_t size;
    uint32_t attributes;
    uint64_t status;

    if (get_var(var_nv, 4, data, &size, &attributes, &status))
        return CASE_FAILED;
    if (!want_status("GetVariable with room for 4 bytes", status, EFI_BUFFER_TOO_SMALL))
        return CASE_FAILED;
    if (size != sizeof(value))
        return fail("EFI_BUFFER_TOO_SMALL: DataSize %zu, expected the needed %zu", size, sizeof(value));
    return CASE_OK;
}

static enum case_result c_list(void)
{
    uint8_t req[NEXT_NAME_OFFSET + 512], resp[NEXT_NAME_OFFSET + 512], want[128];
    size_t want_size = utf16(var_nv, want), resp_len;
    uint64_t status;
    int n = 0, found = 0;

    memset(req, 0, sizeof(req));    /* GUID 0, empty name: from the start */
    for (;;) {
        put64(req + 16, sizeof(req) - NEXT_NAME_OFFSET);    /* NameSize: room for the name */
        if (mm_call(NULL, SMM_VARIABLE_FUNCTION_GET_NEXT_VARIABLE_NAME, req, sizeof(req), resp,
                    sizeof(resp), &resp_len, &status, NULL))
            return CASE_FAILED;
        if (status == EFI_NOT_FOUND)
            break;
        if (!want_status("GetNextVariableName", status, EFI_SUCCESS))
            return CASE_FAILED;
        uint64_t name_size = get64(resp + 16);
        if (name_size < 2 || name_size > sizeof(req) - NEXT_NAME_OFFSET ||
            resp_len != NEXT_NAME_OFFSET + name_size)
            return fail("GetNextVariableName: NameSize %lu, response of %zu bytes",
                        (unsigned long)name_size, resp_len);
        if (!memcmp(resp, &test_guid, 16) && name_size == want_size &&
            !memcmp(resp + NEXT_NAME_OFFSET, want, want_size))
            found = 1;
        if (++n > 256)
            return fail("GetNextVariableName: more than 256 variables, or a loop");
        memset(req, 0, sizeof(req));
        memcpy(req, resp, NEXT_NAME_OFFSET + name_size);
    }
    printf("# GetNextVariableName: %d variable(s)\n", n);
    return found ? CASE_OK : fail("%s not among the %d variables listed", var_nv, n);
}

static enum case_result c_delete(void)
{
    uint8_t data[64];
    size_t size;
    uint32_t attributes;
    uint64_t status;

    if (set_var(var_nv, ATTR_NV, NULL, 0, &status))
        return CASE_FAILED;
    if (!want_status("SetVariable with DataSize 0", status, EFI_SUCCESS))
        return CASE_FAILED;
    if (get_var(var_nv, sizeof(data), data, &size, &attributes, &status))
        return CASE_FAILED;
    return want_status("GetVariable after the delete", status, EFI_NOT_FOUND) ? CASE_OK : CASE_FAILED;
}

static enum case_result c_not_found(void)
{
    uint8_t data[64];
    size_t size;
    uint32_t attributes;
    uint64_t status;

    if (get_var("JaffaNoSuchVariable", sizeof(data), data, &size, &attributes, &status))
        return CASE_FAILED;
    if (!want_status("GetVariable of a variable never set", status, EFI_NOT_FOUND))
        return CASE_FAILED;
    /* Deleting it is EFI_NOT_FOUND too. */
    if (set_var("JaffaNoSuchVariable", ATTR_VOL, NULL, 0, &status))
        return CASE_FAILED;
    return want_status("delete of a variable never set", status, EFI_NOT_FOUND) ? CASE_OK : CASE_FAILED;
}

static enum case_result c_volatile(void)
{
    static const uint8_t v2[] = { 1, 2, 3, 0, 0xff, 0x80 };
    uint8_t data[64];
    size_t size;
    uint32_t attributes;
    uint64_t status;

    set_var(var_vol, ATTR_VOL, NULL, 0, &status);   /* a leftover, if any */
    why[0] = '\0';
    if (set_var(var_vol, ATTR_VOL, v2, sizeof(v2), &status))
        return CASE_FAILED;
    if (!want_status("SetVariable (volatile)", status, EFI_SUCCESS))
        return CASE_FAILED;
    if (get_var(var_vol, sizeof(data), data, &size, &attributes, &status))
        return CASE_FAILED;
    if (!want_status("GetVariable (volatile)", status, EFI_SUCCESS))
        return CASE_FAILED;
    if (size != sizeof(v2) || memcmp(data, v2, size) || attributes != ATTR_VOL)
        return fail("GetVariable (volatile): %zu bytes, attributes %#x", size, attributes);
    /* Rewriting it with other attributes is refused (UEFI: SetVariable). */
    if (set_var(var_vol, ATTR_NV, v2, sizeof(v2), &status))
        return CASE_FAILED;
    if (!want_status("SetVariable with other attributes", status, EFI_INVALID_PARAMETER))
        return CASE_FAILED;
    if (set_var(var_vol, ATTR_VOL, NULL, 0, &status))
        return CASE_FAILED;
    if (!want_status("delete (volatile)", status, EFI_SUCCESS))
        return CASE_FAILED;
    if (get_var(var_vol, sizeof(data), data, &size, &attributes, &status))
        return CASE_FAILED;
    return want_status("GetVariable after the delete", status, EFI_NOT_FOUND) ? CASE_OK : CASE_FAILED;
}

static enum case_result c_bad_attributes(void)
{
    uint64_t status;

    if (set_var("JaffaRuntimeOnly", EFI_VARIABLE_RUNTIME_ACCESS, value, sizeof(value), &status))
        return CASE_FAILED;
    return want_status("SetVariable RUNTIME_ACCESS without BOOTSERVICE_ACCESS", status,
                       EFI_INVALID_PARAMETER) ? CASE_OK : CASE_FAILED;
}

static enum case_result c_unknown_service(void)
{
    static const struct efi_guid other = { 0x12345678, 0x9abc, 0x4def, { 0x80, 1, 2, 3, 4, 5, 6, 7 } };
    uint8_t resp[64];
    size_t resp_len;
    uint64_t status;
    int64_t mm_rc;

    if (mm_call(&other, 1, NULL, 0, resp, sizeof(resp), &resp_len, &status, &mm_rc))
        return CASE_FAILED;
    if (mm_rc != MM_RETURN_CODE_NOT_SUPPORTED)
        return fail("MM communicate to an unknown service GUID: return code %ld, expected -1 (not supported)",
                    (long)mm_rc);
    return CASE_OK;
}

static enum case_result c_direct_req_32(void)
{
    uint64_t args[5] = { 0, 0, 0, 0, 0 };
    int rc = jffa_send(fd, id_gw, 1, args);

    /* smm-gateway speaks MM communicate over 64-bit requests only. */
    if (rc)
        return fail("DIRECT_REQ_32: %s", strerror(-rc));
    if (args[0] != (uint32_t)MM_RETURN_CODE_NOT_SUPPORTED)
        return fail("DIRECT_REQ_32: w3 = %#lx, expected 0xffffffff (MM not supported)", (unsigned long)args[0]);
    return CASE_OK;
}

static const struct test_case cases[] = {
    { "smm_gateway_001", "QueryVariableInfo and GetPayloadSize", c_query },
    { "smm_gateway_002", "SetVariable (non-volatile)", c_set },
    { "smm_gateway_003", "GetVariable returns the value and attributes", c_get },
    { "smm_gateway_004", "GetVariable with a small buffer is EFI_BUFFER_TOO_SMALL", c_small_buffer },
    { "smm_gateway_005", "GetNextVariableName lists the variable", c_list },
    { "smm_gateway_006", "SetVariable with DataSize 0 deletes the variable", c_delete },
    { "smm_gateway_007", "GetVariable of a variable that does not exist is EFI_NOT_FOUND", c_not_found },
    { "smm_gateway_008", "volatile variable: set, get, other attributes, delete", c_volatile },
    { "smm_gateway_009", "SetVariable RUNTIME without BOOTSERVICE access is EFI_INVALID_PARAMETER", c_bad_attributes },
    { "smm_gateway_010", "MM communicate to an unknown service is not supported", c_unknown_service },
    { "smm_gateway_011", "DIRECT_REQ_32 is answered MM not supported", c_direct_req_32 },
};

int main(void)
{
    size_t n = sizeof(cases) / sizeof(cases[0]);
    const char *skip = NULL;
    char reason[128];
    int failed;

    fd = open(JAFFA_FFA_DEVICE, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        snprintf(reason, sizeof(reason), "no %s: %s (jaffa-ffa-user.ko not loaded)", JAFFA_FFA_DEVICE,
                 strerror(errno));
        skip = reason;
    } else if (jffa_find(fd, UUID_SMM_GATEWAY, 0, &id_gw, NULL) != 0) {
        skip = "smm-gateway not bound to jaffa-ffa-user";
    }
    if (skip) {
        /* One line for the whole program: the partition is not there. */
        char title[64];
        snprintf(title, sizeof(title), "UEFI variables through smm-gateway, %zu cases", n);
        report_case("smm_gateway_*", title, CASE_SKIPPED, "%s", skip);
        if (fd >= 0)
            close(fd);
        return 0;
    }
    printf("# smm-gateway is %04x, its buffer at %#llx\n", id_gw, COMM_BUFFER);
    failed = run_cases(cases, n, why);
    if (fd >= 0)
        close(fd);
    return failed ? 1 : 0;
}
