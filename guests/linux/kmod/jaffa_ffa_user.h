/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * /dev/jaffa-ffa: FF-A direct requests and memory sharing from Linux userspace to the secure
 * partitions jaffa-ffa-user.ko is bound to (its `uuids` module parameter), for Jaffa's tests.
 * Usable from userspace C and from the module. Every structure is made of fixed-size fields with
 * explicit padding, the same layout for 32- and 64-bit callers; reserved fields must be zero.
 *
 * Errors (errno): EINVAL a bad argument (reserved bits set, a size out of range, a handle this
 * file did not create), ENODEV no partition bound to this module with that ID or UUID, EFAULT a
 * bad user pointer, ENOMEM, EINTR; an FF-A error from the SPMC as Linux's arm_ffa driver maps it
 * (NOT_SUPPORTED EOPNOTSUPP, INVALID_PARAMETERS EINVAL, NO_MEMORY ENOMEM, BUSY EBUSY,
 * DENIED EACCES, RETRY EAGAIN, ABORTED ECANCELED; an unexpected reply EINVAL).
 */
#ifndef JAFFA_FFA_USER_H
#define JAFFA_FFA_USER_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define JAFFA_FFA_DEVICE "/dev/jaffa-ffa"

/* Free in Documentation/userspace-api/ioctl/ioctl-number.rst (arm-ffa-user uses 0xF0). */
#define JAFFA_FFA_IOC_MAGIC 0xFA

/*
 * JAFFA_FFA_IOC_PARTITION: the endpoint ID of a bound partition by FF-A UUID. Several partitions
 * may share one UUID (spm-test3 and spm-test4 do): index picks the index-th of them in ascending
 * ID order, count says how many there are. ENODEV when there is no index-th.
 */
struct jaffa_ffa_partition {
	__u8 uuid[16];		/* in: RFC 4122 byte order (as uuid_parse() and sysfs print it) */
	__u32 index;		/* in */
	__u16 id;		/* out: endpoint ID */
	__u16 count;		/* out: bound partitions with this UUID */
	__u32 properties;	/* out: partition properties (FF-A partition information) */
	__u32 reserved;		/* MBZ */
};

/*
 * JAFFA_FFA_IOC_MSG_SEND: FFA_MSG_SEND_DIRECT_REQ_64 (or _32 with JAFFA_FFA_MSG_32BIT) from the
 * normal world to dst_id; args[0..4] go in x3..x7 and come back from the DIRECT_RESP's x3..x7.
 * With _32 every argument must fit in 32 bits, and the results are their low 32 bits.
 */
#define JAFFA_FFA_MSG_32BIT (1u << 0)

struct jaffa_ffa_msg {
	__u16 dst_id;		/* in: a bound partition */
	__u16 flags;		/* in: JAFFA_FFA_MSG_32BIT, other bits MBZ */
	__u32 reserved;		/* MBZ */
	__u64 args[5];		/* in/out: x3..x7 */
};

/*
 * JAFFA_FFA_IOC_SHARE: allocates size bytes (rounded up to whole pages, at most
 * JAFFA_FFA_SHARE_MAX) of zeroed kernel pages and shares them with one bound partition
 * (FFA_MEM_SHARE through the RX/TX buffers, normal write-back inner-shareable memory). perm is the
 * FF-A access permission byte: bits[1:0] data access (1 RO, 2 RW), bits[3:2] instruction access
 * (1 NX, 2 X); 0 means RW. The region belongs to this open file: read and written with
 * JAFFA_FFA_IOC_SHM_READ/WRITE, reclaimed with JAFFA_FFA_IOC_RECLAIM or when the file is closed.
 * At most JAFFA_FFA_SHARES_PER_FILE regions per open file.
 */
#define JAFFA_FFA_SHARE_MAX (64u * 4096u)
#define JAFFA_FFA_SHARES_PER_FILE 32

struct jaffa_ffa_share {
	__u64 size;		/* in: bytes; out: the rounded size */
	__u64 handle;		/* out: the FF-A memory handle */
	__u16 dst_id;		/* in: the receiver, a bound partition */
	__u8 perm;		/* in */
	__u8 reserved[5];	/* MBZ */
};

/*
 * JAFFA_FFA_IOC_RECLAIM: FFA_MEM_RECLAIM of a region this file shared. flags is FFA_MEM_RECLAIM's
 * (bit 0 zero the memory, bit 1 time slicing). On failure (e.g. EACCES: the partition still has
 * it retrieved) the region stays shared and usable.
 */
struct jaffa_ffa_reclaim {
	__u64 handle;		/* in */
	__u32 flags;		/* in: bits [1:0] only */
	__u32 reserved;		/* MBZ */
};

/*
 * JAFFA_FFA_IOC_SHM_READ / SHM_WRITE: copies len bytes between buf and offset of a region this
 * file shared (offset + len within its size).
 */
struct jaffa_ffa_shm_io {
	__u64 handle;		/* in */
	__u64 offset;		/* in */
	__u64 buf;		/* in: user pointer */
	__u64 len;		/* in */
};

/*
 * JAFFA_FFA_IOC_NWMEM_READ / NWMEM_WRITE: copies len bytes (at most JAFFA_FFA_NWMEM_MAX) between
 * buf and physical address addr, which must lie in one `no-map` node of the device tree's
 * /reserved-memory: memory the kernel does not own, such as a partition's fixed normal-world
 * buffer (smm-gateway's MM communicate buffer). Mapped normal write-back, as the partition maps it.
 */
#define JAFFA_FFA_NWMEM_MAX (1u << 20)

struct jaffa_ffa_nwmem_io {
	__u64 addr;		/* in: physical address */
	__u64 buf;		/* in: user pointer */
	__u64 len;		/* in */
};

#define JAFFA_FFA_IOC_PARTITION   _IOWR(JAFFA_FFA_IOC_MAGIC, 0, struct jaffa_ffa_partition)
#define JAFFA_FFA_IOC_MSG_SEND    _IOWR(JAFFA_FFA_IOC_MAGIC, 1, struct jaffa_ffa_msg)
#define JAFFA_FFA_IOC_SHARE       _IOWR(JAFFA_FFA_IOC_MAGIC, 2, struct jaffa_ffa_share)
#define JAFFA_FFA_IOC_RECLAIM     _IOW(JAFFA_FFA_IOC_MAGIC, 3, struct jaffa_ffa_reclaim)
#define JAFFA_FFA_IOC_SHM_READ    _IOW(JAFFA_FFA_IOC_MAGIC, 4, struct jaffa_ffa_shm_io)
#define JAFFA_FFA_IOC_SHM_WRITE   _IOW(JAFFA_FFA_IOC_MAGIC, 5, struct jaffa_ffa_shm_io)
#define JAFFA_FFA_IOC_NWMEM_READ  _IOW(JAFFA_FFA_IOC_MAGIC, 6, struct jaffa_ffa_nwmem_io)
#define JAFFA_FFA_IOC_NWMEM_WRITE _IOW(JAFFA_FFA_IOC_MAGIC, 7, struct jaffa_ffa_nwmem_io)

#endif
