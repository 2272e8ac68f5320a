/*
 * Runtime of Jaffa's S-EL0 secure partitions (Trusted Services "opteesp"
 * image format): SVC wrappers, console over FFA_CONSOLE_LOG_64, boot-info
 * and manifest parsing, RX/TX buffers, the direct-message loop.
 */
#ifndef JAFFA_SP_RT_H
#define JAFFA_SP_RT_H

#define FFA_CONDUIT "svc #0"
#include "ffa_call.h"
#include "libc.h"

/* struct optee_sp_head, the first 32 bytes of the image (section .sp_head). */
struct optee_sp_head {
    uint32_t time_low;
    uint16_t time_mid;
    uint16_t time_hi_and_version;
    uint8_t clock_seq_and_node[8];
    uint32_t stack_size;
    uint32_t flags;
    uint64_t reserved;
};
_Static_assert(sizeof(struct optee_sp_head) == 32, "optee_sp_head");

#define SP_PAGE_SIZE 4096

/* Per-image configuration (sp_config.c, built once per SP). */
extern const char sp_name[];
extern const uint32_t sp_ffa_version;   /* the version this image speaks */

/* Filled by the runtime during init. */
extern uint16_t sp_own_id;
extern uint8_t sp_tx_buffer[SP_PAGE_SIZE];
extern uint8_t sp_rx_buffer[SP_PAGE_SIZE];

/* What init copied out of the manifest FDT (unmapped after the first MSG_WAIT). */
struct sp_manifest_info {
    int have_fdt;
    uint32_t ffa_version;                 /* manifest ffa-version */
    uint32_t uuid[4];                     /* manifest uuid cells */
    int have_test_region;
    uint64_t test_region_va;              /* rewritten base-address */
    uint32_t test_region_pages;
};
extern struct sp_manifest_info sp_manifest;

/* A received direct request. */
struct sp_msg {
    uint32_t fid;           /* FFA_MSG_SEND_DIRECT_REQ_32 or _64 */
    uint16_t src;
    uint16_t dst;
    uint32_t flags;
    uint64_t args[5];       /* x3..x7 (w3..w7 for _32) */
};

/*
 * Implemented by the partition: handles one direct request and fills the
 * five response words (x3..x7) that the runtime sends back.
 */
void sp_handle_request(const struct sp_msg *req, uint64_t resp[5]);
/* Implemented by the partition: boot work before the first FFA_MSG_WAIT. */
void sp_boot(void);

/* Calls. Each returns FFA_OK or the FFA_ERROR code (w2). */
int32_t sp_id_get(uint16_t *id);
int32_t sp_version(uint32_t requested, uint32_t *got);
int32_t sp_features(uint32_t fid, uint32_t *prop2);
int32_t sp_rxtx_map(void);
int32_t sp_rxtx_unmap(void);
int32_t sp_rx_release(void);
/* Partition info into sp_rx_buffer (caller must sp_rx_release on FFA_OK). */
int32_t sp_partition_info_get(const uint32_t uuid[4], uint32_t *count, uint32_t *desc_size);
int32_t sp_mem_perm_get(uint64_t va, uint32_t *perm);
int32_t sp_mem_perm_set(uint64_t va, uint32_t pages, uint32_t perm);
/* Direct request (64-bit) to dst from src; on FFA_OK resp[0..4] = x3..x7. */
int32_t sp_direct_req(uint16_t src, uint16_t dst, const uint64_t args[5], uint64_t resp[5]);
int32_t sp_mem_share_tx(uint32_t len, uint64_t *handle);
int32_t sp_mem_reclaim(uint64_t handle, uint32_t flags);
/* Retrieve request built in TX; on FFA_OK the response is in RX (len in *rlen). */
int32_t sp_mem_retrieve_tx(uint32_t len, uint32_t *rlen);
int32_t sp_mem_relinquish(uint64_t handle, uint32_t flags);

/* Minimal read-only FDT access (fdt.c). */
int fdt_check(const void *fdt);
/* Property of the node at path ("/a/b"; node names match with or without @unit). */
const void *fdt_getprop(const void *fdt, const char *path, const char *prop, uint32_t *len);
uint32_t fdt_be32(const void *p);
uint64_t fdt_be64(const void *p);

#endif
