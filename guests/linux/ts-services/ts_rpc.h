/*
 * A Trusted Services RPC client over Linux's tstee driver (drivers/tee/tstee, TEE_IMPL_ID_TSTEE):
 * one /dev/teeN per TS RPC partition; open-session carries the service UUID (TS RPC
 * SERVICE_INFO → interface ID); invoke carries {shm id, request length} in one value
 * parameter and returns the response length in it and the service status in `ret`; the shared
 * buffer is TEE_IOC_SHM_ALLOC memory (tstee lends it with FFA_MEM_SHARE + RETRIEVE_MEM).
 */
#ifndef TS_SERVICES_TS_RPC_H
#define TS_SERVICES_TS_RPC_H

#include <stddef.h>
#include <stdint.h>

/* TS_RPC_UUID-bound devices this client looks at: /dev/tee0../dev/tee15, as libts does. */
#define TS_MAX_DEVICES 16
/* Shared buffer per session: libts's linux service context uses 8 KiB too. */
#define TS_SHM_SIZE 8192

struct ts_device {
    char path[16];
    uint16_t endpoint_id; /* impl_caps: the partition's FF-A ID */
};

/* The tstee devices found by ts_discover. */
extern struct ts_device ts_devices[TS_MAX_DEVICES];
extern int ts_device_count;

/* Lists /dev/teeN whose TEE_IOC_VERSION says TSTEE. Returns the count. */
int ts_discover(void);

struct ts_session {
    int fd;
    uint32_t id;
    const struct ts_device *dev;
    uint8_t *buf; /* TS_SHM_SIZE bytes shared with the partition */
    size_t buf_size;
    int shm_id;
};

/* Opens a session to the service with this UUID (octets in canonical order) on whichever tstee
 * device knows it. 0, or -ENODEV when no device does (the partition is not loaded), or -errno. */
int ts_open(struct ts_session *s, const uint8_t uuid[16]);

/* Opens a session on one device only, without shared memory. 0 or -errno. */
int ts_open_on(struct ts_session *s, const struct ts_device *dev, const uint8_t uuid[16]);

/* One call: request of req_len bytes already in s->buf. On 0, *status holds the service status
 * (sign-extended from the 32-bit register) and *resp_len the response length in s->buf. -errno
 * when the ioctl failed (tstee: EINVAL when the TS RPC status was not OK). */
int ts_call(struct ts_session *s, uint16_t opcode, size_t req_len, size_t *resp_len, int32_t *status);

void ts_close(struct ts_session *s);

/* Formats UUID octets canonically into out (37 bytes). */
const char *ts_uuid_str(const uint8_t uuid[16], char out[37]);

#endif
