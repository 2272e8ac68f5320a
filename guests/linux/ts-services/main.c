/*
 * ts-services: cases against the real Trusted Services partitions (secure storage ITS and PS,
 * crypto, attestation, block storage, firmware update) through Linux's tstee driver, in each
 * service's packed-c protocol (TS v1.2.0). One line per case (common/report.h); a service
 * whose partition is not loaded is skipped. Exit status 1 when a case failed. With -v, lines
 * starting with '#' after a case say what the partition answered.
 */
#include <errno.h>
#include <stdarg.h>
#include <linux/tee.h>
#include <stdio.h>
#include <string.h>

#include "cases.h"

static int verbose;
static char notes[2048];

void note(const char *fmt, ...)
{
    if (!verbose)
        return;
    size_t used = strlen(notes);
    if (used + 4 >= sizeof notes)
        return;
    strcpy(notes + used, "# ");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(notes + used + 2, sizeof notes - used - 3, fmt, ap);
    va_end(ap);
    strcat(notes, "\n");
}

int run_service(const char *prefix, const char *service, const uint8_t uuid[16],
                const struct ts_case *cases, size_t count)
{
    char name[32], why[WHY_LEN], u[37], skip[200] = "";
    struct ts_session s;
    int rc = -ENODEV;

    if (ts_device_count == 0)
        snprintf(skip, sizeof skip, "no tstee device (/dev/teeN with TEE_IMPL_ID_TSTEE): no TS partitions");
    else if ((rc = ts_open(&s, uuid)) == -ENODEV)
        snprintf(skip, sizeof skip, "%s partition not loaded: none of the %d tstee devices knows %s",
                 service, ts_device_count, ts_uuid_str(uuid, u));

    int failed = 0;
    if (skip[0]) {
        /* One line for the service: its partition is not there. */
        char title[96];
        snprintf(name, sizeof name, "%s_*", prefix);
        snprintf(title, sizeof title, "%s, %zu cases", service, count);
        report_case(name, title, CASE_SKIPPED, "%s", skip);
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        snprintf(name, sizeof name, "%s_%d", prefix, cases[i].number);
        if (rc != 0) {
            report_case(name, cases[i].title, CASE_FAILED, "opening a session to %s: %s", service,
                        strerror(-rc));
            failed++;
        } else {
            why[0] = 0;
            enum case_result r = cases[i].run(&s, why);
            report_case(name, cases[i].title, r, "%s", why);
            fputs(notes, stdout);
            notes[0] = 0;
            failed += r == CASE_FAILED;
        }
    }
    if (rc == 0)
        ts_close(&s);
    return failed;
}

int invoke(struct ts_session *s, uint16_t opcode, size_t req_len, size_t *resp_len, int32_t *status,
           char *why)
{
    int rc = ts_call(s, opcode, req_len, resp_len, status);
    if (rc != 0) {
        snprintf(why, WHY_LEN, "opcode 0x%x on %s (endpoint 0x%04x): TEE_IOC_INVOKE failed: %s",
                 opcode, s->dev->path, s->dev->endpoint_id, strerror(-rc));
        return -1;
    }
    return 0;
}

int invoke_expect(struct ts_session *s, uint16_t opcode, size_t req_len, size_t *resp_len,
                  int32_t expected, char *why)
{
    int32_t status;
    if (invoke(s, opcode, req_len, resp_len, &status, why))
        return -1;
    if (status != expected) {
        char a[48];
        snprintf(a, sizeof a, "%s", psa_name(status));
        snprintf(why, WHY_LEN, "opcode 0x%x answered %s, expected %s", opcode, a, psa_name(expected));
        return -1;
    }
    return 0;
}

size_t tlv_put(uint8_t *p, uint16_t tag, const void *value, uint16_t length)
{
    p[0] = tag >> 8;
    p[1] = tag;
    p[2] = length >> 8;
    p[3] = length;
    memcpy(p + 4, value, length);
    return 4 + (size_t)length;
}

bool tlv_find(const uint8_t *p, size_t n, uint16_t tag, const uint8_t **value, size_t *length)
{
    size_t pos = 0;
    while (n - pos >= 4) {
        uint16_t t = (uint16_t)(p[pos] << 8 | p[pos + 1]);
        size_t len = (size_t)(p[pos + 2] << 8 | p[pos + 3]);
        if (len > n - pos - 4)
            return false;
        if (t == tag) {
            *value = p + pos + 4;
            *length = len;
            return true;
        }
        pos += 4 + len;
    }
    return false;
}

const char *psa_name(int32_t status)
{
    static char text[48];
    const char *n;
    switch (status) {
    case PSA_SUCCESS: n = "PSA_SUCCESS"; break;
    case PSA_ERROR_GENERIC_ERROR: n = "PSA_ERROR_GENERIC_ERROR"; break;
    case PSA_ERROR_NOT_PERMITTED: n = "PSA_ERROR_NOT_PERMITTED"; break;
    case PSA_ERROR_NOT_SUPPORTED: n = "PSA_ERROR_NOT_SUPPORTED"; break;
    case PSA_ERROR_INVALID_ARGUMENT: n = "PSA_ERROR_INVALID_ARGUMENT"; break;
    case PSA_ERROR_INVALID_HANDLE: n = "PSA_ERROR_INVALID_HANDLE"; break;
    case PSA_ERROR_BAD_STATE: n = "PSA_ERROR_BAD_STATE"; break;
    case PSA_ERROR_BUFFER_TOO_SMALL: n = "PSA_ERROR_BUFFER_TOO_SMALL"; break;
    case PSA_ERROR_ALREADY_EXISTS: n = "PSA_ERROR_ALREADY_EXISTS"; break;
    case PSA_ERROR_DOES_NOT_EXIST: n = "PSA_ERROR_DOES_NOT_EXIST"; break;
    case PSA_ERROR_INSUFFICIENT_MEMORY: n = "PSA_ERROR_INSUFFICIENT_MEMORY"; break;
    case PSA_ERROR_INSUFFICIENT_STORAGE: n = "PSA_ERROR_INSUFFICIENT_STORAGE"; break;
    case PSA_ERROR_INVALID_SIGNATURE: n = "PSA_ERROR_INVALID_SIGNATURE"; break;
    default: n = "status"; break;
    }
    snprintf(text, sizeof text, "%s (%d)", n, status);
    return text;
}

const char *hex(const uint8_t *p, size_t n, char *out, size_t size)
{
    size_t i = 0;
    out[0] = 0;
    for (; i < n && 2 * i + 3 <= size; i++)
        snprintf(out + 2 * i, 3, "%02x", p[i]);
    return out;
}

int main(int argc, char **argv)
{
    verbose = argc > 1 && !strcmp(argv[1], "-v");
    setvbuf(stdout, NULL, _IOLBF, 0);
    ts_discover();
    printf("ts-services: %d tstee device(s):", ts_device_count);
    for (int i = 0; i < ts_device_count; i++)
        printf(" %s=0x%04x", ts_devices[i].path, ts_devices[i].endpoint_id);
    printf("\n");

    int failed = 0;
    failed += run_tsrpc();
    failed += run_storage();
    failed += run_crypto();
    failed += run_attestation();
    failed += run_block_storage();
    failed += run_fwu();
    return failed ? 1 : 0;
}
