#include "ts_rpc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/tee.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* Linux 6.10 added it; the cross toolchain's headers may be older. */
#ifndef TEE_IMPL_ID_TSTEE
#define TEE_IMPL_ID_TSTEE 3
#endif

struct ts_device ts_devices[TS_MAX_DEVICES];
int ts_device_count;

int ts_discover(void)
{
    ts_device_count = 0;
    for (int i = 0; i < TS_MAX_DEVICES; i++) {
        char path[16];
        snprintf(path, sizeof path, "/dev/tee%d", i);
        int fd = open(path, O_RDWR);
        if (fd < 0)
            continue;
        struct tee_ioctl_version_data v;
        memset(&v, 0, sizeof v);
        int rc = ioctl(fd, TEE_IOC_VERSION, &v);
        close(fd);
        if (rc == 0 && v.impl_id == TEE_IMPL_ID_TSTEE) {
            struct ts_device *d = &ts_devices[ts_device_count++];
            memcpy(d->path, path, sizeof path);
            d->endpoint_id = (uint16_t)v.impl_caps;
        }
    }
    return ts_device_count;
}

int ts_open_on(struct ts_session *s, const struct ts_device *dev, const uint8_t uuid[16])
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    int fd = open(dev->path, O_RDWR);
    if (fd < 0)
        return -errno;
    /* No parameters: tstee takes only the UUID (and rejects nothing else here). */
    struct tee_ioctl_open_session_arg arg;
    memset(&arg, 0, sizeof arg);
    memcpy(arg.uuid, uuid, 16);
    arg.clnt_login = TEE_IOCTL_LOGIN_PUBLIC;
    struct tee_ioctl_buf_data buf = { .buf_ptr = (uintptr_t)&arg, .buf_len = sizeof arg };
    if (ioctl(fd, TEE_IOC_OPEN_SESSION, &buf) != 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    s->fd = fd;
    s->id = arg.session;
    s->dev = dev;
    return 0;
}

int ts_open(struct ts_session *s, const uint8_t uuid[16])
{
    int result = -ENODEV;
    for (int i = 0; i < ts_device_count; i++) {
        int rc = ts_open_on(s, &ts_devices[i], uuid);
        if (rc == -ENODEV)
            continue; /* tstee: that partition answered SERVICE_INFO with "not found" */
        if (rc != 0) {
            result = rc;
            continue;
        }
        struct tee_ioctl_shm_alloc_data shm = { .size = TS_SHM_SIZE };
        int shm_fd = ioctl(s->fd, TEE_IOC_SHM_ALLOC, &shm);
        if (shm_fd < 0) {
            int e = errno;
            ts_close(s);
            return -e;
        }
        void *p = mmap(NULL, shm.size, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
        int e = errno;
        close(shm_fd); /* the mapping keeps the buffer */
        if (p == MAP_FAILED) {
            ts_close(s);
            return -e;
        }
        s->buf = p;
        s->buf_size = shm.size;
        s->shm_id = shm.id;
        return 0;
    }
    return result;
}

int ts_call(struct ts_session *s, uint16_t opcode, size_t req_len, size_t *resp_len, int32_t *status)
{
    struct {
        struct tee_ioctl_invoke_arg arg;
        struct tee_ioctl_param param[1];
    } inv;
    memset(&inv, 0, sizeof inv);
    inv.arg.func = opcode;
    inv.arg.session = s->id;
    inv.arg.num_params = 1;
    inv.param[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
    inv.param[0].a = s->buf ? (uint64_t)s->shm_id : 0;
    inv.param[0].b = req_len;
    struct tee_ioctl_buf_data buf = { .buf_ptr = (uintptr_t)&inv, .buf_len = sizeof inv };
    if (ioctl(s->fd, TEE_IOC_INVOKE, &buf) != 0)
        return -errno;
    /* tstee writes the response length over `a` only when it fits the buffer. */
    if (s->buf && inv.param[0].a > s->buf_size)
        return -EOVERFLOW;
    *resp_len = s->buf ? (size_t)inv.param[0].a : 0;
    *status = (int32_t)inv.arg.ret;
    return 0;
}

void ts_close(struct ts_session *s)
{
    if (s->buf)
        munmap(s->buf, s->buf_size);
    if (s->fd >= 0) {
        struct tee_ioctl_close_session_arg c = { .session = s->id };
        ioctl(s->fd, TEE_IOC_CLOSE_SESSION, &c);
        close(s->fd);
    }
    memset(s, 0, sizeof *s);
    s->fd = -1;
}

const char *ts_uuid_str(const uint8_t u[16], char out[37])
{
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
             u[14], u[15]);
    return out;
}
