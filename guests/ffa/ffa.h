/*
 * FF-A definitions shared by the S-EL0 SP runtime (guests/sp) and the
 * normal-world client (guests/xtest).  Values from FF-A v1.0-v1.2 as
 * collected in shared/reference/ffa.md sections 2.3-2.6.
 *
 * Every descriptor field sits at a naturally aligned offset, so these are
 * plain (unpacked) structs; the static asserts pin the layouts.
 */
#ifndef JAFFA_FFA_H
#define JAFFA_FFA_H

#include <stdint.h>
#include <stddef.h>

/* ---- Function IDs (section 2.3) ---------------------------------------- */
#define FFA_ERROR                       0x84000060u
#define FFA_SUCCESS_32                  0x84000061u
#define FFA_SUCCESS_64                  0xC4000061u
#define FFA_INTERRUPT                   0x84000062u
#define FFA_VERSION                     0x84000063u
#define FFA_FEATURES                    0x84000064u
#define FFA_RX_RELEASE                  0x84000065u
#define FFA_RXTX_MAP_32                 0x84000066u
#define FFA_RXTX_MAP_64                 0xC4000066u
#define FFA_RXTX_UNMAP                  0x84000067u
#define FFA_PARTITION_INFO_GET          0x84000068u
#define FFA_ID_GET                      0x84000069u
#define FFA_MSG_POLL                    0x8400006Au
#define FFA_MSG_WAIT                    0x8400006Bu
#define FFA_YIELD                       0x8400006Cu
#define FFA_RUN                         0x8400006Du
#define FFA_MSG_SEND                    0x8400006Eu
#define FFA_MSG_SEND_DIRECT_REQ_32      0x8400006Fu
#define FFA_MSG_SEND_DIRECT_REQ_64      0xC400006Fu
#define FFA_MSG_SEND_DIRECT_RESP_32     0x84000070u
#define FFA_MSG_SEND_DIRECT_RESP_64     0xC4000070u
#define FFA_MEM_DONATE_32               0x84000071u
#define FFA_MEM_DONATE_64               0xC4000071u
#define FFA_MEM_LEND_32                 0x84000072u
#define FFA_MEM_LEND_64                 0xC4000072u
#define FFA_MEM_SHARE_32                0x84000073u
#define FFA_MEM_SHARE_64                0xC4000073u
#define FFA_MEM_RETRIEVE_REQ_32         0x84000074u
#define FFA_MEM_RETRIEVE_REQ_64         0xC4000074u
#define FFA_MEM_RETRIEVE_RESP           0x84000075u
#define FFA_MEM_RELINQUISH              0x84000076u
#define FFA_MEM_RECLAIM                 0x84000077u
#define FFA_MEM_FRAG_RX                 0x8400007Au
#define FFA_MEM_FRAG_TX                 0x8400007Bu
#define FFA_NORMAL_WORLD_RESUME         0x8400007Cu
#define FFA_NOTIFICATION_BITMAP_CREATE  0x8400007Du
#define FFA_NOTIFICATION_SET            0x84000081u
#define FFA_RX_ACQUIRE                  0x84000084u
#define FFA_SPM_ID_GET                  0x84000085u
#define FFA_MSG_SEND2                   0x84000086u
#define FFA_MEM_PERM_GET_32             0x84000088u
#define FFA_MEM_PERM_GET_64             0xC4000088u
#define FFA_MEM_PERM_SET_32             0x84000089u
#define FFA_MEM_PERM_SET_64             0xC4000089u
#define FFA_CONSOLE_LOG_32              0x8400008Au
#define FFA_CONSOLE_LOG_64              0xC400008Au
#define FFA_MSG_SEND_DIRECT_REQ2        0xC400008Du
#define FFA_MSG_SEND_DIRECT_RESP2       0xC400008Eu

/* ---- Versions ---------------------------------------------------------- */
#define FFA_VERSION_1_0                 0x00010000u
#define FFA_VERSION_1_1                 0x00010001u
#define FFA_VERSION_1_2                 0x00010002u
#define FFA_VERSION_MAJOR(v)            (((v) >> 16) & 0x7fffu)
#define FFA_VERSION_MINOR(v)            ((v) & 0xffffu)

/* ---- Error codes (section 2.4), as the 32-bit value in w2 --------------- */
#define FFA_OK                          0
#define FFA_NOT_SUPPORTED               (-1)
#define FFA_INVALID_PARAMETERS          (-2)
#define FFA_NO_MEMORY                   (-3)
#define FFA_BUSY                        (-4)
#define FFA_INTERRUPTED                 (-5)
#define FFA_DENIED                      (-6)
#define FFA_RETRY                       (-7)
#define FFA_ABORTED                     (-8)
#define FFA_NO_DATA                     (-9)
#define FFA_NOT_READY                   (-10)

static inline const char *ffa_error_name(int32_t e)
{
    static const char *const names[] = {
        "OK", "NOT_SUPPORTED", "INVALID_PARAMETERS", "NO_MEMORY", "BUSY",
        "INTERRUPTED", "DENIED", "RETRY", "ABORTED", "NO_DATA", "NOT_READY",
    };
    return (e <= 0 && e >= -10) ? names[-e] : "?";
}

/* ---- Endpoint IDs ------------------------------------------------------ */
#define FFA_NW_ID                       0x0000u
#define FFA_SPMD_ID                     0xFFFFu
#define FFA_SWD_ID_MIN                  0x8000u
#define FFA_ENDPOINTS(src, dst)         (((uint32_t)(src) << 16) | (uint16_t)(dst))
#define FFA_SRC(w1)                     ((uint16_t)((w1) >> 16))
#define FFA_DST(w1)                     ((uint16_t)(w1))

/* ---- Register block of one SMCCC 1.2 call (x0..x17) --------------------- */
struct ffa_regs {
    uint64_t x[18];
};

/* FFA_ERROR's code (w2) as a signed 32-bit value; FFA_OK when x0 is not FFA_ERROR. */
static inline int32_t ffa_status(const struct ffa_regs *r)
{
    return (uint32_t)r->x[0] == FFA_ERROR ? (int32_t)(uint32_t)r->x[2] : FFA_OK;
}

static inline int ffa_is_success(const struct ffa_regs *r)
{
    uint32_t fid = (uint32_t)r->x[0];
    return fid == FFA_SUCCESS_32 || fid == FFA_SUCCESS_64;
}

/* ---- FFA_FEATURES / partition properties -------------------------------- */
#define FFA_FEAT_RXTX_MIN_SIZE_MASK     0x3u    /* 0 = 4K, 1 = 64K, 2 = 16K */
#define FFA_PART_PROP_DIRECT_REQ_RECV   (1u << 0)
#define FFA_PART_PROP_DIRECT_REQ_SEND   (1u << 1)
#define FFA_PART_PROP_INDIRECT_MSG      (1u << 2)
#define FFA_PART_PROP_NOTIFICATIONS     (1u << 3)
#define FFA_PART_PROP_AARCH64           (1u << 8)
#define FFA_PARTITION_INFO_GET_COUNT_FLAG 1u

/* v1.0: 8-byte descriptor; v1.1/v1.2: 24 bytes with the UUID. */
struct ffa_partition_info_v1_0 {
    uint16_t id;
    uint16_t exec_ctx_count;
    uint32_t properties;
};

struct ffa_partition_info_v1_1 {
    uint16_t id;
    uint16_t exec_ctx_count;
    uint32_t properties;
    uint8_t uuid[16];       /* RFC 4122 byte order */
};

/* ---- Memory management (section 2.6) ------------------------------------ */
#define FFA_MEM_ATTR_NORMAL_WB_ISH      0x2Fu   /* normal, write-back, inner shareable */
#define FFA_MEM_ACC_RO                  0x1u
#define FFA_MEM_ACC_RW                  0x2u
#define FFA_MEM_ACC_NX                  (0x1u << 2)
#define FFA_MEM_ACC_X                   (0x2u << 2)
#define FFA_MEM_FLAG_ZERO               (1u << 0)
#define FFA_MEM_FLAG_TYPE_SHIFT         3
#define FFA_MEM_FLAG_TYPE_MASK          (3u << FFA_MEM_FLAG_TYPE_SHIFT)
#define FFA_MEM_FLAG_TYPE_SHARE         (1u << FFA_MEM_FLAG_TYPE_SHIFT)
#define FFA_MEM_FLAG_TYPE_LEND          (2u << FFA_MEM_FLAG_TYPE_SHIFT)
#define FFA_MEM_FLAG_TYPE_DONATE        (3u << FFA_MEM_FLAG_TYPE_SHIFT)

/* FFA_MEM_PERM_GET/SET (w2/w3): bits[1:0] 1 = RW, 3 = RO; bit 2 = NX. */
#define FFA_MEM_PERM_RW                 0x1u
#define FFA_MEM_PERM_RO                 0x3u
#define FFA_MEM_PERM_NX                 0x4u

struct ffa_mem_transaction_v1_0 {
    uint16_t sender_id;
    uint8_t mem_region_attr;
    uint8_t reserved0;
    uint32_t flags;
    uint64_t handle;
    uint64_t tag;
    uint32_t reserved1;
    uint32_t mem_access_count;
    /* struct ffa_mem_access[] at offset 32 */
};

struct ffa_mem_transaction_v1_1 {
    uint16_t sender_id;
    uint16_t mem_region_attr;
    uint32_t flags;
    uint64_t handle;
    uint64_t tag;
    uint32_t mem_access_size;
    uint32_t mem_access_count;
    uint32_t mem_access_offs;
    uint32_t reserved[3];
};

struct ffa_mem_access {         /* v1.0 / v1.1 endpoint memory access descriptor */
    uint16_t endpoint_id;
    uint8_t perm;
    uint8_t flags;
    uint32_t composite_offs;
    uint64_t reserved;
};

struct ffa_composite_mem_region {
    uint32_t total_page_count;
    uint32_t address_range_count;
    uint64_t reserved;
    /* struct ffa_mem_region_constituent[] */
};

struct ffa_mem_region_constituent {
    uint64_t address;
    uint32_t page_count;
    uint32_t reserved;
};

struct ffa_mem_relinquish {
    uint64_t handle;
    uint32_t flags;
    uint32_t endpoint_count;
    uint16_t endpoint_ids[];
};

_Static_assert(sizeof(struct ffa_partition_info_v1_0) == 8, "v1.0 partition info");
_Static_assert(sizeof(struct ffa_partition_info_v1_1) == 24, "v1.1 partition info");
_Static_assert(sizeof(struct ffa_mem_transaction_v1_0) == 32, "v1.0 transaction");
_Static_assert(sizeof(struct ffa_mem_transaction_v1_1) == 48, "v1.1 transaction");
_Static_assert(sizeof(struct ffa_mem_access) == 16, "access descriptor");
_Static_assert(sizeof(struct ffa_composite_mem_region) == 16, "composite");
_Static_assert(sizeof(struct ffa_mem_region_constituent) == 16, "constituent");
_Static_assert(offsetof(struct ffa_mem_relinquish, endpoint_ids) == 16, "relinquish");

/*
 * Builds a memory transaction descriptor (share/lend/donate, or a retrieve
 * request when handle != 0 and ranges == NULL) in buf, in the layout of the
 * given FF-A version (v1.0: 32-byte header; v1.1+: 48-byte header, access
 * array at 48).  Receivers all get `perm`; the composite descriptor (if any
 * ranges) follows the access array.  Returns the total length in bytes.
 */
struct ffa_mem_range {
    uint64_t address;
    uint32_t page_count;
};

static inline uint32_t ffa_build_mem_desc(void *buf, uint32_t version, uint16_t sender,
                                          uint16_t attr, uint32_t flags, uint64_t handle,
                                          uint64_t tag, const uint16_t *receivers,
                                          uint32_t nreceivers, uint8_t perm,
                                          const struct ffa_mem_range *ranges,
                                          uint32_t nranges)
{
    uint8_t *b = buf;
    uint32_t acc_offs, len;

    if (version == FFA_VERSION_1_0) {
        struct ffa_mem_transaction_v1_0 *t = buf;
        t->sender_id = sender;
        t->mem_region_attr = (uint8_t)attr;
        t->reserved0 = 0;
        t->flags = flags;
        t->handle = handle;
        t->tag = tag;
        t->reserved1 = 0;
        t->mem_access_count = nreceivers;
        acc_offs = sizeof(*t);
    } else {
        struct ffa_mem_transaction_v1_1 *t = buf;
        t->sender_id = sender;
        t->mem_region_attr = attr;
        t->flags = flags;
        t->handle = handle;
        t->tag = tag;
        t->mem_access_size = sizeof(struct ffa_mem_access);
        t->mem_access_count = nreceivers;
        t->mem_access_offs = sizeof(*t);
        t->reserved[0] = t->reserved[1] = t->reserved[2] = 0;
        acc_offs = sizeof(*t);
    }
    len = acc_offs + nreceivers * (uint32_t)sizeof(struct ffa_mem_access);
    for (uint32_t i = 0; i < nreceivers; i++) {
        struct ffa_mem_access *a = (struct ffa_mem_access *)(b + acc_offs) + i;
        a->endpoint_id = receivers[i];
        a->perm = perm;
        a->flags = 0;
        a->composite_offs = ranges ? len : 0;
        a->reserved = 0;
    }
    if (ranges) {
        struct ffa_composite_mem_region *c = (struct ffa_composite_mem_region *)(b + len);
        struct ffa_mem_region_constituent *r = (struct ffa_mem_region_constituent *)(c + 1);
        uint32_t total = 0;
        for (uint32_t i = 0; i < nranges; i++) {
            r[i].address = ranges[i].address;
            r[i].page_count = ranges[i].page_count;
            r[i].reserved = 0;
            total += ranges[i].page_count;
        }
        c->total_page_count = total;
        c->address_range_count = nranges;
        c->reserved = 0;
        len += (uint32_t)sizeof(*c) + nranges * (uint32_t)sizeof(*r);
    }
    return len;
}

/*
 * Finds, in a received transaction descriptor (e.g. a retrieve response in
 * the RX buffer) of the given version, the first access descriptor and its
 * composite descriptor.  Returns NULL when the offsets do not fit in len.
 */
static inline const struct ffa_composite_mem_region *
ffa_mem_desc_composite(const void *buf, uint32_t len, uint32_t version, uint32_t *flags,
                       uint16_t *receiver)
{
    const uint8_t *b = buf;
    uint32_t acc_offs, count, coffs;
    const struct ffa_mem_access *a;

    if (version == FFA_VERSION_1_0) {
        const struct ffa_mem_transaction_v1_0 *t = buf;
        acc_offs = sizeof(*t);
        count = t->mem_access_count;
        *flags = t->flags;
    } else {
        const struct ffa_mem_transaction_v1_1 *t = buf;
        acc_offs = t->mem_access_offs;
        count = t->mem_access_count;
        *flags = t->flags;
    }
    if (count < 1 || acc_offs > len || len - acc_offs < sizeof(*a) || (acc_offs & 7))
        return NULL;
    a = (const struct ffa_mem_access *)(b + acc_offs);
    *receiver = a->endpoint_id;
    coffs = a->composite_offs;
    if (coffs == 0 || (coffs & 7) || coffs > len ||
        len - coffs < sizeof(struct ffa_composite_mem_region))
        return NULL;
    return (const struct ffa_composite_mem_region *)(b + coffs);
}

/* ---- UUIDs --------------------------------------------------------------
 * An FF-A UUID travels as four 32-bit words (w1..w4, manifest "uuid" cells)
 * that are the little-endian reading of the RFC 4122 bytes, as Linux's
 * arm_ffa driver (export_uuid into u32[4]) and OP-TEE/TS do; partition info
 * descriptors carry the RFC 4122 bytes themselves.
 */
struct ffa_uuid {
    uint8_t b[16];      /* RFC 4122 byte order: "23eb0100-..." -> 23 eb 01 00 ... */
};

#define FFA_UUID(a, b_, c, d0, d1, d2, d3, d4, d5, d6, d7) { {                      \
    (uint8_t)((a) >> 24), (uint8_t)((a) >> 16), (uint8_t)((a) >> 8), (uint8_t)(a), \
    (uint8_t)((b_) >> 8), (uint8_t)(b_), (uint8_t)((c) >> 8), (uint8_t)(c),         \
    d0, d1, d2, d3, d4, d5, d6, d7 } }

static inline uint32_t ffa_uuid_word(const struct ffa_uuid *u, int i)
{
    const uint8_t *p = &u->b[4 * i];
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline int ffa_uuid_equal(const struct ffa_uuid *a, const uint8_t *b)
{
    for (int i = 0; i < 16; i++)
        if (a->b[i] != b[i])
            return 0;
    return 1;
}

static inline int ffa_uuid_is_nil(const struct ffa_uuid *a)
{
    for (int i = 0; i < 16; i++)
        if (a->b[i])
            return 0;
    return 1;
}

/* The partitions of the xtest ffa_spmc suite (reference section 3.1). */
#define FFA_UUID_SPM_TEST1 FFA_UUID(0x5c9edbc3, 0x7b3a, 0x4367, 0x9f, 0x83, 0x7c, 0x19, 0x1a, 0xe8, 0x6a, 0x37)
#define FFA_UUID_SPM_TEST2 FFA_UUID(0x7817164c, 0xc40c, 0x4d1a, 0x86, 0x7a, 0x9b, 0xb2, 0x27, 0x8c, 0xf4, 0x1a)
#define FFA_UUID_SPM_TEST3 FFA_UUID(0x23eb0100, 0xe32a, 0x4497, 0x90, 0x52, 0x2f, 0x11, 0xe5, 0x84, 0xaf, 0xa6)
#define FFA_UUID_SPM_TEST4_BIN FFA_UUID(0x423762ed, 0x7772, 0x406f, 0x99, 0xd8, 0x0c, 0x27, 0xda, 0x0a, 0xbb, 0xf8)
#define FFA_UUID_TEST_LSP  FFA_UUID(0x54b5440e, 0xa3d2, 0x48d1, 0x87, 0x2a, 0x7b, 0x6c, 0xbf, 0xc3, 0x48, 0x55)

/* ---- The Trusted Services spm-test command protocol (reference 3.3) ----- */
enum sp_test_cmd {
    EP_TEST_SP,
    EP_TEST_SP_COMMUNICATION,
    EP_TEST_SP_INCREASE,
    EP_TRY_R_ACCESS,
    EP_TRY_W_ACCESS,
    EP_RETRIEVE,
    EP_RELINQUISH,
    EP_SP_MEM_SHARING,
    EP_SP_MEM_SHARING_MULTI,
    EP_SP_MEM_SHARING_EXC,
    EP_SP_MEM_INCORRECT_ACCESS,
    EP_SP_NOP,
    EP_TEST_SP_COMMUNICATION_RESPONSE,
};

#define SP_TEST_OK      0xAA
#define SP_TEST_ERROR   0xFF

enum sp_test_err {
    ERR_OK,
    ERR_VERSION,
    ERR_ID_GET,
    ERR_FEATURES,
    ERR_SP_COMMUNICATION,
    ERR_RXTX_MAP,
    ERR_PARTITION,
    ERR_RXTX_UNMAP,
    ERR_MEM_INCORRECT_ACCESS,
    ERR_MEM_RETRIEVE,
    ERR_MEM_RELINQUISH,
    ERR_SP_SHARE,
    ERR_SP_SHARE_EXC,
    ERR_TEST_NOT_FOUND,
};

#endif
