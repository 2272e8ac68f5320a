/*
 * Userspace helpers around /dev/jaffa-ffa (guests/linux/kmod/jaffa_ffa_user.h, the UAPI of
 * jaffa-ffa-user.ko). Every function returns 0 or a negative errno.
 */
#ifndef JAFFA_LINUX_FFA_H
#define JAFFA_LINUX_FFA_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "jaffa_ffa_user.h"

static inline int jffa_ioctl(int fd, unsigned long cmd, void *arg)
{
    return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" into RFC 4122 byte order. */
static inline int jffa_uuid_parse(const char *s, uint8_t out[16])
{
    static const int dash[] = { 8, 13, 18, 23 };
    int n = 0;

    if (strlen(s) != 36)
        return -EINVAL;
    for (int i = 0; i < 36; i++) {
        int is_dash = i == dash[0] || i == dash[1] || i == dash[2] || i == dash[3];
        if (is_dash) {
            if (s[i] != '-')
                return -EINVAL;
            continue;
        }
        unsigned v;
        if (sscanf(s + i, "%1x", &v) != 1)
            return -EINVAL;
        if (n % 2 == 0)
            out[n / 2] = (uint8_t)(v << 4);
        else
            out[n / 2] |= (uint8_t)v;
        n++;
    }
    return 0;
}

/*
 * The index-th bound partition with this UUID (RFC 4122 bytes): its ID, and how many there are
 * (count may be NULL).
 */
static inline int jffa_find_uuid(int fd, const uint8_t uuid[16], unsigned index, uint16_t *id,
                                 unsigned *count)
{
    struct jaffa_ffa_partition p;
    int rc;

    memset(&p, 0, sizeof(p));
    memcpy(p.uuid, uuid, sizeof(p.uuid));
    p.index = index;
    if ((rc = jffa_ioctl(fd, JAFFA_FFA_IOC_PARTITION, &p)) != 0)
        return rc;
    *id = p.id;
    if (count)
        *count = p.count;
    return 0;
}

/* jffa_find_uuid of "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
static inline int jffa_find(int fd, const char *uuid, unsigned index, uint16_t *id, unsigned *count)
{
    uint8_t bytes[16];
    int rc = jffa_uuid_parse(uuid, bytes);

    return rc ? rc : jffa_find_uuid(fd, bytes, index, id, count);
}

/* A direct request: args[0..4] = x3..x7 in and out; w32 picks FFA_MSG_SEND_DIRECT_REQ_32. */
static inline int jffa_send(int fd, uint16_t dst, int w32, uint64_t args[5])
{
    struct jaffa_ffa_msg m;
    int rc;

    memset(&m, 0, sizeof(m));
    m.dst_id = dst;
    m.flags = w32 ? JAFFA_FFA_MSG_32BIT : 0;
    memcpy(m.args, args, sizeof(m.args));
    if ((rc = jffa_ioctl(fd, JAFFA_FFA_IOC_MSG_SEND, &m)) != 0)
        return rc;
    memcpy(args, m.args, sizeof(m.args));
    return 0;
}

static inline int jffa_share(int fd, uint16_t dst, uint64_t size, uint8_t perm, uint64_t *handle)
{
    struct jaffa_ffa_share s;
    int rc;

    memset(&s, 0, sizeof(s));
    s.size = size;
    s.dst_id = dst;
    s.perm = perm;
    if ((rc = jffa_ioctl(fd, JAFFA_FFA_IOC_SHARE, &s)) != 0)
        return rc;
    *handle = s.handle;
    return 0;
}

static inline int jffa_reclaim(int fd, uint64_t handle)
{
    struct jaffa_ffa_reclaim r;

    memset(&r, 0, sizeof(r));
    r.handle = handle;
    return jffa_ioctl(fd, JAFFA_FFA_IOC_RECLAIM, &r);
}

static inline int jffa_shm_io(int fd, int write, uint64_t handle, uint64_t offset, void *buf, uint64_t len)
{
    struct jaffa_ffa_shm_io io = { handle, offset, (uintptr_t)buf, len };

    return jffa_ioctl(fd, write ? JAFFA_FFA_IOC_SHM_WRITE : JAFFA_FFA_IOC_SHM_READ, &io);
}

static inline int jffa_nwmem_io(int fd, int write, uint64_t addr, void *buf, uint64_t len)
{
    struct jaffa_ffa_nwmem_io io = { addr, (uintptr_t)buf, len };

    return jffa_ioctl(fd, write ? JAFFA_FFA_IOC_NWMEM_WRITE : JAFFA_FFA_IOC_NWMEM_READ, &io);
}

#endif
