/*
 * virtio-dma: a normal-world driver that tries to make every virtio-mmio
 * device of the fvp board reach Secure-only memory, which a TZC-400 would
 * filter (docs/devices.md, "Device errors and the security of memory").
 * Runs at NS-EL1 with the MMU off (PA == VA), linked at 0x40100000 (fvp's
 * secondary RAM window).
 *
 * The devices are found by probing the transports from 0x1C13_0000 (stride
 * 0x200) for magic, version 2 and a device ID: virtio-blk (2), virtio-9p
 * (9), virtio-rng (4).  For each one:
 *   1. one legitimate request proves the driver works (blk: sector 0 holds
 *      the pattern the test wrote; 9p: Tversion; rng: 64 bytes);
 *   2. each Secure place in turn: a device-writable buffer, a device-
 *      readable buffer (blk write data, 9p request), the descriptor table,
 *      the available ring and the used ring, in
 *        (a) Trusted DRAM, the SPMC's carve-out at 0x0600_0000, and
 *        (b) a page of ours lent with FFA_MEM_LEND to the first partition,
 *            which makes it Secure-only until FFA_MEM_RECLAIM;
 *   3. the device must then report DEVICE_NEEDS_RESET; a lent page must be
 *      byte-identical after reclaim (we wrote its content, a valid request,
 *      before lending it, so a device that ignored the refusal would have
 *      served it and written there); blk's sector 1 and 9p's victim file
 *      must be unchanged; then the device is reset (Status = 0),
 *      re-initialised and must serve a legitimate request again.
 * Trusted DRAM itself cannot be read from here: the Java test
 * (VirtioDmaGuestTest) puts a pattern there and checks it afterwards, and
 * checks the disk image and the shared directory on the host.
 *
 * Output: "ok <check>" or "FAIL <check>: why" per check, "skip <check>:
 * why" when no partition takes a lent page, then "PASS virtio-dma" or
 * "FAIL virtio-dma: N of M checks failed"; exit status 0 only on PASS.
 */
#define FFA_CONDUIT "smc #0"
#include "exc.h"
#include "ffa_call.h"
#include "libc.h"

#define PAGE 4096

/* fvp board: virtio-mmio transports, and the Secure-only Trusted DRAM. */
#define VIRTIO_BASE   0x1C130000ul
#define VIRTIO_STRIDE 0x200ul
#define MAX_SLOTS     32
#define TRUSTED_DRAM  0x06000000ul

/* Where things go in a Secure page (the carve-out's first page or the lent
 * page); VirtioDmaGuestTest fills [0, SEC_BUF) with zeros and the rest with
 * a pattern. */
#define SEC_DESC  0x000
#define SEC_AVAIL 0x100
#define SEC_USED  0x200
#define SEC_BUF   0x800

/* virtio-mmio v2 registers (virtio 1.2, 4.2.2). */
#define R_MAGIC        0x000
#define R_VERSION      0x004
#define R_DEVICE_ID    0x008
#define R_DEV_FEAT     0x010
#define R_DEV_FEAT_SEL 0x014
#define R_DRV_FEAT     0x020
#define R_DRV_FEAT_SEL 0x024
#define R_QUEUE_SEL    0x030
#define R_QUEUE_MAX    0x034
#define R_QUEUE_NUM    0x038
#define R_QUEUE_READY  0x044
#define R_QUEUE_NOTIFY 0x050
#define R_INT_STATUS   0x060
#define R_INT_ACK      0x064
#define R_STATUS       0x070
#define R_DESC_LO      0x080
#define R_DESC_HI      0x084
#define R_AVAIL_LO     0x090
#define R_AVAIL_HI     0x094
#define R_USED_LO      0x0a0
#define R_USED_HI      0x0a4

#define MAGIC_VIRT 0x74726976u

#define S_ACK         0x01
#define S_DRIVER      0x02
#define S_DRIVER_OK   0x04
#define S_FEATURES_OK 0x08
#define S_NEEDS_RESET 0x40

#define D_NEXT  1
#define D_WRITE 2

#define ID_BLK 2
#define ID_RNG 4
#define ID_9P  9

#define QSZ 8

struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[QSZ];
};

struct used {
    uint16_t flags;
    uint16_t idx;
    struct { uint32_t id, len; } ring[QSZ];
};

/* Normal-world rings and buffers. */
static struct desc ns_desc[QSZ] __attribute__((aligned(16)));
static struct avail ns_avail __attribute__((aligned(4)));
static struct used ns_used __attribute__((aligned(4)));
static uint8_t ns_hdr[16] __attribute__((aligned(16)));
static uint8_t ns_data[512] __attribute__((aligned(16)));
static uint8_t ns_req[256] __attribute__((aligned(16)));
static uint8_t ns_status[16] __attribute__((aligned(16)));

/* The page lent to a partition, and what we put in it before lending. */
static uint8_t lent[PAGE] __attribute__((aligned(PAGE)));
static uint8_t lent_copy[PAGE];
static uint8_t tx_buf[PAGE] __attribute__((aligned(PAGE)));
static uint8_t rx_buf[PAGE] __attribute__((aligned(PAGE)));
static uint16_t receiver;   /* 0: no partition to lend to */

static int n_checks, n_failed;

static inline void barrier(void) { __asm__ volatile("dsb sy" ::: "memory"); }

static uint32_t rd(uintptr_t base, unsigned off) { return *(volatile uint32_t *)(base + off); }

static void wr(uintptr_t base, unsigned off, uint32_t v)
{
    barrier();
    *(volatile uint32_t *)(base + off) = v;
}

/* ---- Probing ------------------------------------------------------------- */

/* A slot beyond the board's last one may abort: skip the load, remember it. */
static volatile int probing, probe_faulted;

int sync_exception_hook(struct exc_frame *f)
{
    if (!probing || ESR_EC(f->esr) != EC_DABT_CUR)
        return 0;
    probe_faulted = 1;
    f->x[0] = 0;
    f->elr += 4;
    return 1;
}

static uint32_t probe_read(uintptr_t a)
{
    register uint64_t x0 __asm__("x0") = a;
    /* One load into x0, so the hook can zero x0 and step over it. */
    __asm__ volatile("ldr w0, [x0]" : "+r"(x0) :: "memory");
    return (uint32_t)x0;
}

/* ---- The driver ---------------------------------------------------------- */

/* Where the device is told its rings are. */
struct layout {
    uintptr_t desc, avail, used;
};

static const struct layout ns_layout = { (uintptr_t)ns_desc, (uintptr_t)&ns_avail, (uintptr_t)&ns_used };

struct dev {
    uintptr_t base;
    uint32_t id;
    const char *name;
    int slot;
    uint16_t avail_idx;   /* what we offered on the current queue */
};

static char why[200];

static int failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int failf(const char *fmt, ...)
{
    va_list ap;

    if (!why[0]) {
        va_start(ap, fmt);
        vsnprintf(why, sizeof(why), fmt, ap);
        va_end(ap);
    }
    return 0;
}

/*
 * Reset, feature negotiation (VERSION_1 only) and queue 0 with the given
 * rings (virtio 1.2, 3.1.1 and 4.2.3.2).  The rings' content is the
 * caller's: the device reads nothing before the first notification, except
 * the available ring at DRIVER_OK.
 */
static int dev_init(struct dev *d, const struct layout *l)
{
    wr(d->base, R_STATUS, 0);
    if (rd(d->base, R_STATUS) != 0)
        return failf("%s: Status not 0 after reset", d->name);
    wr(d->base, R_STATUS, S_ACK);
    wr(d->base, R_STATUS, S_ACK | S_DRIVER);
    wr(d->base, R_DEV_FEAT_SEL, 1);
    if (!(rd(d->base, R_DEV_FEAT) & 1))
        return failf("%s: VIRTIO_F_VERSION_1 not offered", d->name);
    wr(d->base, R_DRV_FEAT_SEL, 0);
    wr(d->base, R_DRV_FEAT, 0);
    wr(d->base, R_DRV_FEAT_SEL, 1);
    wr(d->base, R_DRV_FEAT, 1);
    wr(d->base, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    if (!(rd(d->base, R_STATUS) & S_FEATURES_OK))
        return failf("%s: FEATURES_OK refused", d->name);
    wr(d->base, R_QUEUE_SEL, 0);
    if (rd(d->base, R_QUEUE_MAX) < QSZ)
        return failf("%s: QueueNumMax %u < %u", d->name, rd(d->base, R_QUEUE_MAX), QSZ);
    wr(d->base, R_QUEUE_NUM, QSZ);
    wr(d->base, R_DESC_LO, (uint32_t)l->desc);
    wr(d->base, R_DESC_HI, (uint32_t)((uint64_t)l->desc >> 32));
    wr(d->base, R_AVAIL_LO, (uint32_t)l->avail);
    wr(d->base, R_AVAIL_HI, (uint32_t)((uint64_t)l->avail >> 32));
    wr(d->base, R_USED_LO, (uint32_t)l->used);
    wr(d->base, R_USED_HI, (uint32_t)((uint64_t)l->used >> 32));
    wr(d->base, R_QUEUE_READY, 1);
    if (rd(d->base, R_QUEUE_READY) != 1)
        return failf("%s: queue 0 not ready", d->name);
    d->avail_idx = 0;
    wr(d->base, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    return 1;
}

static void set_desc(struct desc *t, int i, uintptr_t addr, uint32_t len, uint16_t flags)
{
    t[i].addr = addr;
    t[i].len = len;
    t[i].flags = flags;
    t[i].next = (uint16_t)(i + 1);
}

/* Offers the chain at descriptor 0 in the available ring at a. */
static void offer(struct dev *d, struct avail *a)
{
    a->flags = 1;   /* VIRTQ_AVAIL_F_NO_INTERRUPT: we poll */
    a->ring[d->avail_idx % QSZ] = 0;
    barrier();
    a->idx = ++d->avail_idx;
}

static void notify(struct dev *d)
{
    wr(d->base, R_QUEUE_NOTIFY, 0);
    barrier();
}

/* After a notification on Normal-world rings: the used element, or 0. */
static int used_one(struct dev *d, uint32_t *len)
{
    barrier();
    if (rd(d->base, R_STATUS) & S_NEEDS_RESET)
        return failf("%s: DEVICE_NEEDS_RESET on a legitimate request", d->name);
    if (ns_used.idx != d->avail_idx)
        return failf("%s: used.idx %u, expected %u (request not served)", d->name, ns_used.idx,
                     d->avail_idx);
    if (ns_used.ring[(d->avail_idx - 1) % QSZ].id != 0)
        return failf("%s: used id %u, expected 0", d->name, ns_used.ring[(d->avail_idx - 1) % QSZ].id);
    *len = ns_used.ring[(d->avail_idx - 1) % QSZ].len;
    wr(d->base, R_INT_ACK, rd(d->base, R_INT_STATUS));
    return 1;
}

/* ---- Requests: each device's chain, written into table t ------------------ */

#define BLK_T_IN  0
#define BLK_T_OUT 1
#define BLK_SECTOR_ATTACKED 1   /* the sector a refused write would have changed */

/* Byte o of the disk image (VirtioDmaGuestTest writes the same). */
static uint8_t disk_byte(uint32_t o) { return (uint8_t)((o * 7u) ^ (o >> 8) ^ 0x5Au); }

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

static void blk_chain(struct desc *t, uint32_t type, uint64_t sector, uintptr_t data)
{
    put32(ns_hdr, type);
    put32(ns_hdr + 4, 0);
    put64(ns_hdr + 8, sector);
    ns_status[0] = 0xff;
    set_desc(t, 0, (uintptr_t)ns_hdr, 16, D_NEXT);
    set_desc(t, 1, data, 512, D_NEXT | (type == BLK_T_IN ? D_WRITE : 0));
    set_desc(t, 2, (uintptr_t)ns_status, 1, D_WRITE);
    t[2].next = 0;
}

/* 9P2000.L messages (size[4] type[1] tag[2] ...), built in buf; returns the size. */
#define P9_TVERSION 100
#define P9_RVERSION 101
#define P9_TATTACH  104
#define P9_TWALK    110
#define P9_TLOPEN   12
#define P9_TWRITE   118
#define P9_RLERROR  7
#define P9_VICTIM   "victim.txt"   /* in the shared directory, made by the test */

static uint32_t p9_str(uint8_t *p, const char *s)
{
    uint32_t n = (uint32_t)strlen(s);

    put16(p, (uint16_t)n);
    memcpy(p + 2, s, n);
    return 2 + n;
}

static uint32_t p9_begin(uint8_t *b, uint8_t type, uint16_t tag)
{
    b[4] = type;
    put16(b + 5, tag);
    return 7;
}

static uint32_t p9_end(uint8_t *b, uint32_t n)
{
    put32(b, n);
    return n;
}

static uint32_t p9_version(uint8_t *b)
{
    uint32_t n = p9_begin(b, P9_TVERSION, 0xffff);

    put32(b + n, 8192);
    n += 4;
    return p9_end(b, n + p9_str(b + n, "9P2000.L"));
}

/* A Twrite of "CORRUPTED" to fid 2 (the victim file, opened read-write). */
static uint32_t p9_write(uint8_t *b)
{
    static const char data[] = "CORRUPTED";
    uint32_t n = p9_begin(b, P9_TWRITE, 9);

    put32(b + n, 2);
    put64(b + n + 4, 0);
    put32(b + n + 12, sizeof(data) - 1);
    memcpy(b + n + 16, data, sizeof(data) - 1);
    return p9_end(b, n + 16 + sizeof(data) - 1);
}

static void p9_chain(struct desc *t, uintptr_t req, uint32_t req_len, uintptr_t reply)
{
    set_desc(t, 0, req, req_len, D_NEXT);
    set_desc(t, 1, reply, 256, D_WRITE);
    t[1].next = 0;
}

static void rng_chain(struct desc *t, uintptr_t buf)
{
    set_desc(t, 0, buf, 64, D_WRITE);
    t[0].next = 0;
    t[0].flags = D_WRITE;
}

/* The harmless request of a device, into buffers at buf (device-writable). */
static void harmless_chain(const struct dev *d, struct desc *t, uintptr_t buf)
{
    switch (d->id) {
    case ID_BLK: blk_chain(t, BLK_T_IN, 0, buf); break;
    case ID_9P: p9_chain(t, (uintptr_t)ns_req, p9_version(ns_req), buf); break;
    default: rng_chain(t, buf); break;
    }
}

/* ---- Legitimate requests --------------------------------------------------- */

static int ns_request(struct dev *d, uint32_t *len)
{
    memset(&ns_used, 0, sizeof(ns_used));
    offer(d, &ns_avail);
    notify(d);
    return used_one(d, len);
}

static int blk_read_check(struct dev *d, uint32_t sector)
{
    uint32_t len;

    memset(ns_data, 0, sizeof(ns_data));
    blk_chain(ns_desc, BLK_T_IN, sector, (uintptr_t)ns_data);
    if (!ns_request(d, &len))
        return 0;
    if (ns_status[0] != 0)
        return failf("blk: read of sector %u: status %u", sector, ns_status[0]);
    for (uint32_t i = 0; i < 512; i++) {
        if (ns_data[i] != disk_byte(sector * 512 + i))
            return failf("blk: sector %u byte %u is %02x, the image has %02x", sector, i, ns_data[i],
                         disk_byte(sector * 512 + i));
    }
    return 1;
}

/* One 9P request from ns_req (n bytes); the reply must be of type want. */
static int p9_call(struct dev *d, uint32_t n, uint8_t want, const char *what)
{
    uint32_t len;

    memset(ns_data, 0, sizeof(ns_data));
    p9_chain(ns_desc, (uintptr_t)ns_req, n, (uintptr_t)ns_data);
    if (!ns_request(d, &len))
        return 0;
    if (len < 7 || ns_data[4] != want)
        return failf("9p: %s: reply type %u (length %u), expected %u", what, ns_data[4], len, want);
    return 1;
}

/* Tversion, then Tattach fid 1 and the victim file opened read-write as fid 2. */
static int p9_session(struct dev *d)
{
    uint32_t n;

    if (!p9_call(d, p9_version(ns_req), P9_RVERSION, "Tversion"))
        return 0;
    if (get32(ns_data + 7) != 8192 || memcmp(ns_data + 11, "\x08\x00" "9P2000.L", 10) != 0)
        return failf("9p: Rversion is not msize 8192, 9P2000.L");
    n = p9_begin(ns_req, P9_TATTACH, 1);
    put32(ns_req + n, 1);
    put32(ns_req + n + 4, 0xffffffffu);
    n += 8;
    n += p9_str(ns_req + n, "");
    n += p9_str(ns_req + n, "");
    put32(ns_req + n, 0);
    if (!p9_call(d, p9_end(ns_req, n + 4), P9_TATTACH + 1, "Tattach"))
        return 0;
    n = p9_begin(ns_req, P9_TWALK, 2);
    put32(ns_req + n, 1);
    put32(ns_req + n + 4, 2);
    put16(ns_req + n + 8, 1);
    n += 10;
    n += p9_str(ns_req + n, P9_VICTIM);
    if (!p9_call(d, p9_end(ns_req, n), P9_TWALK + 1, "Twalk to " P9_VICTIM))
        return 0;
    n = p9_begin(ns_req, P9_TLOPEN, 3);
    put32(ns_req + n, 2);
    put32(ns_req + n + 4, 2);   /* O_RDWR */
    return p9_call(d, p9_end(ns_req, n + 8), P9_TLOPEN + 1, "Tlopen O_RDWR");
}

static int rng_check(struct dev *d)
{
    uint32_t len, nonzero = 0;

    memset(ns_data, 0, sizeof(ns_data));
    rng_chain(ns_desc, (uintptr_t)ns_data);
    if (!ns_request(d, &len))
        return 0;
    if (len != 64)
        return failf("rng: used length %u, expected 64", len);
    for (int i = 0; i < 64; i++)
        nonzero += ns_data[i] != 0;
    if (nonzero < 32)
        return failf("rng: only %u of 64 bytes non-zero", nonzero);
    return 1;
}

/* Re-initialises on Normal-world rings and serves one legitimate request. */
static int legit(struct dev *d)
{
    memset(ns_desc, 0, sizeof(ns_desc));
    memset(&ns_avail, 0, sizeof(ns_avail));
    memset(&ns_used, 0, sizeof(ns_used));
    if (!dev_init(d, &ns_layout))
        return 0;
    switch (d->id) {
    case ID_BLK:
        /* Sector 1 too: a refused write must not have reached the disk. */
        return blk_read_check(d, 0) && blk_read_check(d, BLK_SECTOR_ATTACKED);
    case ID_9P: return p9_session(d);
    default: return rng_check(d);
    }
}

/* ---- FF-A: the lent page ----------------------------------------------------- */

static struct ffa_regs R;

static struct ffa_regs *ffa(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    ffa_call7(&R, fid, a1, a2, a3, 0, 0, 0, 0);
    return &R;
}

/* The first partition the SPMC lists, to lend to; 0 when there is none. */
static void ffa_setup(void)
{
    struct ffa_regs *r = ffa(FFA_VERSION, FFA_VERSION_1_1, 0, 0);

    if ((uint32_t)r->x[0] & 0x80000000u) {
        printf("# no FF-A (FFA_VERSION: %x)\n", (uint32_t)r->x[0]);
        return;
    }
    if (!ffa_is_success(ffa(FFA_RXTX_MAP_64, (uintptr_t)tx_buf, (uintptr_t)rx_buf, 1))) {
        printf("# FFA_RXTX_MAP_64 failed\n");
        return;
    }
    r = ffa(FFA_PARTITION_INFO_GET, 0, 0, 0);
    if (ffa_is_success(r) && (uint32_t)r->x[2] > 0 && (uint32_t)r->x[3] == 24) {
        receiver = ((const struct ffa_partition_info_v1_1 *)rx_buf)->id;
        printf("# lending to partition %04x\n", receiver);
    }
    if (ffa_is_success(r))
        ffa(FFA_RX_RELEASE, 0, 0, 0);
}

static uint64_t lend(void)
{
    struct ffa_mem_range range = { (uintptr_t)lent, 1 };
    uint32_t len = ffa_build_mem_desc(tx_buf, FFA_VERSION_1_1, FFA_NW_ID, 0, 0, 0, 0, &receiver,
                                      1, FFA_MEM_ACC_RW, &range, 1);
    struct ffa_regs *r = ffa(FFA_MEM_LEND_64, len, len, 0);

    if (!ffa_is_success(r)) {
        failf("FFA_MEM_LEND_64 to %04x: x0=%x w2=%d", receiver, (uint32_t)r->x[0], (int32_t)r->x[2]);
        return 0;
    }
    return (uint32_t)r->x[2] | (uint64_t)(uint32_t)r->x[3] << 32;
}

static int reclaim(uint64_t handle)
{
    struct ffa_regs *r = ffa(FFA_MEM_RECLAIM, (uint32_t)handle, handle >> 32, 0);

    return ffa_is_success(r) ? 1 : failf("FFA_MEM_RECLAIM: x0=%x w2=%d", (uint32_t)r->x[0],
                                         (int32_t)r->x[2]);
}

/* ---- The attacks ------------------------------------------------------------- */

enum place { WBUF, RBUF, DESC, AVAIL, USED };

static const char *const place_name[] = {
    "device-writable buffer", "device-readable buffer", "descriptor table", "available ring",
    "used ring",
};

/*
 * One attack: the Secure page sec (Trusted DRAM, or the lent page when
 * lending) holds what place names; everything else is Normal-world memory.
 * In the lent page we write, before lending, exactly what a correct request
 * needs there, so only the refusal tells the outcomes apart.
 */
static int attack(struct dev *d, enum place p, uintptr_t sec, int lending)
{
    struct layout l = ns_layout;
    struct desc *t = ns_desc;                 /* where we write the chain; NULL: Trusted DRAM */
    struct avail *a = &ns_avail;
    int session = d->id == ID_9P && p == RBUF;
    uint64_t handle = 0;
    uint16_t used_before;
    int ok = 1;

    if (lending)
        memset(lent, 0, PAGE);                /* before DRIVER_OK, which reads the available ring */
    if (p == DESC) {
        l.desc = sec + SEC_DESC;
        t = lending ? (struct desc *)(sec + SEC_DESC) : NULL;
    } else if (p == AVAIL) {
        l.avail = sec + SEC_AVAIL;
        a = lending ? (struct avail *)(sec + SEC_AVAIL) : NULL;
    } else if (p == USED) {
        l.used = sec + SEC_USED;
    }
    if (session) {
        /* 9p's Twrite needs an open fid: the session goes first, on Normal-world rings. */
        if (!legit(d))
            return 0;
    } else {
        memset(ns_desc, 0, sizeof(ns_desc));
        memset(&ns_avail, 0, sizeof(ns_avail));
        memset(&ns_used, 0, sizeof(ns_used));
        if (!dev_init(d, &l))
            return 0;
    }

    if (p == WBUF || p == RBUF) {
        if (lending)                          /* a secret, where a request's data would go */
            for (int i = SEC_BUF; i < PAGE; i++)
                lent[i] = (uint8_t)(0xA5 ^ i);
        if (p == WBUF)
            harmless_chain(d, t, sec + SEC_BUF);
        else if (d->id == ID_BLK)
            blk_chain(t, BLK_T_OUT, BLK_SECTOR_ATTACKED, sec + SEC_BUF);
        else                                  /* in Trusted DRAM, whatever is there is the request */
            p9_chain(t, sec + SEC_BUF, lending ? p9_write(lent + SEC_BUF) : 64, (uintptr_t)ns_data);
    } else if (t) {
        harmless_chain(d, t, (uintptr_t)ns_data);
    }
    if (a)
        offer(d, a);
    else
        d->avail_idx++;                       /* Trusted DRAM's ring says what it says */
    used_before = ns_used.idx;
    if (lending) {
        memcpy(lent_copy, lent, PAGE);
        barrier();
        if (!(handle = lend()))
            return 0;
    }
    notify(d);

    if (!(rd(d->base, R_STATUS) & S_NEEDS_RESET))
        ok = failf("Status 0x%x: no DEVICE_NEEDS_RESET", rd(d->base, R_STATUS));
    else if (!(rd(d->base, R_INT_STATUS) & 2))
        ok = failf("no configuration-change interrupt");
    else if (p != USED && ns_used.idx != used_before)
        ok = failf("the request was answered (used.idx %u)", ns_used.idx);
    if (lending) {
        if (!reclaim(handle))
            return 0;
        for (int i = 0; i < PAGE && ok; i++)
            if (lent[i] != lent_copy[i])
                ok = failf("lent page byte 0x%x changed from %02x to %02x", i, lent_copy[i], lent[i]);
    }
    if (!ok)
        return 0;
    wr(d->base, R_STATUS, 0);
    if (rd(d->base, R_STATUS) != 0)
        return failf("Status 0x%x after reset", rd(d->base, R_STATUS));
    if (!legit(d)) {
        char first[sizeof(why)];

        memcpy(first, why, sizeof(first));
        snprintf(why, sizeof(why), "after the reset: %s", first);
        return 0;
    }
    return 1;
}

static void report(const char *what, int ok)
{
    n_checks++;
    if (ok) {
        printf("ok %s\n", what);
    } else {
        printf("FAIL %s: %s\n", what, why);
        n_failed++;
    }
    why[0] = '\0';
}

static void check_device(struct dev *d)
{
    char what[160];
    static const enum place places[] = { WBUF, RBUF, DESC, AVAIL, USED };

    snprintf(what, sizeof(what), "%s (slot %d): legitimate request", d->name, d->slot);
    report(what, legit(d));
    for (int region = 0; region < 2; region++) {
        for (unsigned k = 0; k < sizeof(places) / sizeof(places[0]); k++) {
            enum place p = places[k];
            if (p == RBUF && d->id == ID_RNG)
                continue;                       /* virtio-rng reads nothing */
            snprintf(what, sizeof(what), "%s: %s in %s refused, device recovers", d->name,
                     place_name[p], region == 0 ? "Trusted DRAM 0x06000000" : "a lent page");
            if (region == 1 && !receiver) {
                printf("skip %s: no partition to lend to\n", what);
                continue;
            }
            report(what, attack(d, p, region == 0 ? TRUSTED_DRAM : (uintptr_t)lent, region));
        }
    }
}

int main(void)
{
    struct dev devs[MAX_SLOTS];
    int n = 0;

    ffa_setup();
    probing = 1;
    for (int s = 0; s < MAX_SLOTS; s++) {
        uintptr_t base = VIRTIO_BASE + s * VIRTIO_STRIDE;
        uint32_t magic = probe_read(base + R_MAGIC);

        if (probe_faulted || magic != MAGIC_VIRT)
            break;
        if (probe_read(base + R_VERSION) != 2)
            continue;
        uint32_t id = probe_read(base + R_DEVICE_ID);
        if (id == ID_BLK || id == ID_9P || id == ID_RNG) {
            devs[n].base = base;
            devs[n].id = id;
            devs[n].slot = s;
            devs[n].name = id == ID_BLK ? "blk" : id == ID_9P ? "9p" : "rng";
            n++;
        }
    }
    probing = 0;
    printf("# %d devices\n", n);
    for (int i = 0; i < n; i++)
        check_device(&devs[i]);
    if (n == 0) {
        printf("FAIL virtio-dma: no virtio device found\n");
        return 1;
    }
    if (n_failed) {
        printf("FAIL virtio-dma: %d of %d checks failed\n", n_failed, n_checks);
        return 1;
    }
    printf("PASS virtio-dma\n");
    return 0;
}
