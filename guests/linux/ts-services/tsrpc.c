/* The TS RPC layer itself, as tstee exposes it: the devices and service discovery. */
#include <errno.h>
#include <string.h>

#include "cases.h"

/* Nobody's service: random octets, not any TS service UUID. */
static const uint8_t UNKNOWN_UUID[16] = { 0x5a, 0x1f, 0xc0, 0x8e, 0x3b, 0x27, 0x4d, 0x61,
                                          0x9e, 0x02, 0x7c, 0xd4, 0x11, 0x86, 0xa9, 0x3f };

int run_tsrpc(void)
{
    const char *skip = "no tstee device (/dev/teeN with TEE_IMPL_ID_TSTEE): no TS partitions";
    int failed = 0;

    /* tstee puts the partition's FF-A ID in impl_caps; secure endpoints have bit 15 set. */
    const char *title = "every tstee device names a distinct secure-partition endpoint";
    if (ts_device_count == 0) {
        report_case("tsrpc_1001", title, CASE_SKIPPED, "%s", skip);
    } else {
        char why[WHY_LEN] = "";
        for (int i = 0; i < ts_device_count && !why[0]; i++) {
            if (!(ts_devices[i].endpoint_id & 0x8000))
                snprintf(why, sizeof why, "%s: endpoint 0x%04x is not a secure endpoint ID",
                         ts_devices[i].path, ts_devices[i].endpoint_id);
            for (int j = 0; j < i && !why[0]; j++)
                if (ts_devices[j].endpoint_id == ts_devices[i].endpoint_id)
                    snprintf(why, sizeof why, "%.15s and %.15s both name endpoint 0x%04x", ts_devices[j].path,
                             ts_devices[i].path, ts_devices[i].endpoint_id);
        }
        failed += report_case("tsrpc_1001", title, why[0] ? CASE_FAILED : CASE_OK, "%s", why) == CASE_FAILED;
    }

    /* SERVICE_INFO answers "not found" for a UUID the partition does not serve; tstee turns
     * that into ENODEV and must not leave a session behind. */
    title = "open-session with an unknown service UUID fails with ENODEV on every device";
    if (ts_device_count == 0) {
        report_case("tsrpc_1002", title, CASE_SKIPPED, "%s", skip);
    } else {
        char why[WHY_LEN] = "";
        for (int i = 0; i < ts_device_count && !why[0]; i++) {
            struct ts_session s;
            int rc = ts_open_on(&s, &ts_devices[i], UNKNOWN_UUID);
            if (rc == 0) {
                snprintf(why, sizeof why, "%s opened session %u", ts_devices[i].path, s.id);
                ts_close(&s);
            } else if (rc != -ENODEV) {
                snprintf(why, sizeof why, "%s: %s, expected ENODEV", ts_devices[i].path, strerror(-rc));
            }
        }
        failed += report_case("tsrpc_1002", title, why[0] ? CASE_FAILED : CASE_OK, "%s", why) == CASE_FAILED;
    }
    return failed;
}
