/*
 * Block-storage partition, TS packed-c protocol (protocols/service/block_storage/packed-c). The
 * default opteesp build stacks a partitioned store over a 200-block RAM store of 256-byte
 * blocks (config/ref: ITS, PS and the two FWU metadata partitions, unused by the other
 * partitions, which keep their own stores). These cases use the ITS-named partition: LBAs 0..95.
 */
#include <string.h>

#include "cases.h"

#define BS_OP_GET_PARTITION_INFO 0x101
#define BS_OP_OPEN 0x102
#define BS_OP_CLOSE 0x103
#define BS_OP_READ 0x104
#define BS_OP_WRITE 0x105
#define BS_OP_ERASE 0x106

struct __attribute__((packed)) bs_info_out {
    uint64_t num_blocks;
    uint32_t block_size;
    uint8_t partition_guid[16];
    uint8_t parent_guid[16];
};

struct __attribute__((packed)) bs_read_in {
    uint64_t handle;
    uint64_t lba;
    uint32_t offset;
    uint32_t len;
};

struct __attribute__((packed)) bs_write_in {
    uint64_t handle;
    uint64_t lba;
    uint32_t offset;
    uint8_t data[];
};

struct __attribute__((packed)) bs_erase_in {
    uint64_t handle;
    uint64_t begin_lba;
    uint32_t num_blocks;
};

static const uint8_t BLOCK_STORAGE_UUID[16] = { 0x63, 0x64, 0x6e, 0x80, 0xeb, 0x52, 0x46, 0x2f,
                                                0xac, 0x4f, 0x8c, 0xdf, 0x39, 0x87, 0x51, 0x9c };
/* 92f7d53b-127e-432b-815c-9a95b80d69b7 in GUID octet order (first three fields little-endian),
 * as TS's partitioned store keeps and compares it. */
static const uint8_t ITS_PARTITION_GUID[16] = { 0x3b, 0xd5, 0xf7, 0x92, 0x7e, 0x12, 0x2b, 0x43,
                                                0x81, 0x5c, 0x9a, 0x95, 0xb8, 0x0d, 0x69, 0xb7 };

#define NUM_BLOCKS 96
#define BLOCK_SIZE 256
#define TEST_LBA 7

static uint64_t handle;
static bool opened;
static uint8_t block[BLOCK_SIZE];

static enum case_result partition_info(struct ts_session *s, char *why)
{
    memcpy(s->buf, ITS_PARTITION_GUID, 16);
    size_t resp;
    if (invoke_expect(s, BS_OP_GET_PARTITION_INFO, 16, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;
    struct bs_info_out info;
    if (resp != sizeof info)
        FAIL("get_partition_info answered %zu bytes, expected %zu", resp, sizeof info);
    memcpy(&info, s->buf, sizeof info);
    static const uint8_t zero[16];
    note("get_partition_info: %llu blocks of %u bytes", (unsigned long long)info.num_blocks,
         info.block_size);
    if (info.num_blocks != NUM_BLOCKS || info.block_size != BLOCK_SIZE)
        FAIL("%llu blocks of %u bytes, expected %d of %d", (unsigned long long)info.num_blocks,
             info.block_size, NUM_BLOCKS, BLOCK_SIZE);
    if (memcmp(info.partition_guid, ITS_PARTITION_GUID, 16))
        FAIL("the answer names another partition GUID");
    if (memcmp(info.parent_guid, zero, 16))
        FAIL("parent GUID is not the RAM back store's nil GUID");
    return CASE_OK;
}

static enum case_result unknown_partition(struct ts_session *s, char *why)
{
    uint8_t guid[16];
    memcpy(guid, ITS_PARTITION_GUID, 16);
    guid[15] ^= 0xff;
    memcpy(s->buf, guid, 16);
    size_t resp;
    if (invoke_expect(s, BS_OP_GET_PARTITION_INFO, 16, &resp, PSA_ERROR_INVALID_ARGUMENT, why))
        return CASE_FAILED;
    memcpy(s->buf, guid, 16);
    if (invoke_expect(s, BS_OP_OPEN, 16, &resp, PSA_ERROR_INVALID_ARGUMENT, why))
        return CASE_FAILED;
    return CASE_OK;
}

static enum case_result open_partition(struct ts_session *s, char *why)
{
    memcpy(s->buf, ITS_PARTITION_GUID, 16);
    size_t resp;
    if (invoke_expect(s, BS_OP_OPEN, 16, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;
    if (resp != 8)
        FAIL("open answered %zu bytes, expected the 8-byte handle", resp);
    memcpy(&handle, s->buf, 8);
    opened = true;
    note("open: handle %llu", (unsigned long long)handle);
    return CASE_OK;
}

static int write_at(struct ts_session *s, uint64_t lba, uint32_t offset, const uint8_t *data, size_t n,
                    int32_t expected, uint64_t *written, char *why)
{
    struct bs_write_in in = { .handle = handle, .lba = lba, .offset = offset };
    memcpy(s->buf, &in, sizeof in);
    memcpy(s->buf + sizeof in, data, n);
    size_t resp;
    if (invoke_expect(s, BS_OP_WRITE, sizeof in + n, &resp, expected, why))
        return -1;
    if (expected == PSA_SUCCESS) {
        if (resp != 8) {
            snprintf(why, WHY_LEN, "write answered %zu bytes, expected the 8-byte count", resp);
            return -1;
        }
        memcpy(written, s->buf, 8);
    }
    return 0;
}

static int read_at(struct ts_session *s, uint64_t lba, uint32_t offset, uint32_t len, int32_t expected,
                   size_t *got, char *why)
{
    struct bs_read_in in = { .handle = handle, .lba = lba, .offset = offset, .len = len };
    memcpy(s->buf, &in, sizeof in);
    return invoke_expect(s, BS_OP_READ, sizeof in, got, expected, why);
}

static enum case_result write_read(struct ts_session *s, char *why)
{
    if (!opened)
        FAIL("not open: open failed");
    for (int i = 0; i < BLOCK_SIZE; i++)
        block[i] = (uint8_t)(i * 13 + 5);
    uint64_t written;
    size_t got;
    if (write_at(s, TEST_LBA, 0, block, BLOCK_SIZE, PSA_SUCCESS, &written, why))
        return CASE_FAILED;
    if (written != BLOCK_SIZE)
        FAIL("write of a block wrote %llu bytes", (unsigned long long)written);
    if (read_at(s, TEST_LBA, 0, BLOCK_SIZE, PSA_SUCCESS, &got, why))
        return CASE_FAILED;
    if (got != BLOCK_SIZE || memcmp(s->buf, block, BLOCK_SIZE))
        FAIL("read back %zu bytes that differ from the block written", got);

    /* 16 bytes inside the block; the rest stays. */
    static const uint8_t patch[16] = "block-storage ok";
    if (write_at(s, TEST_LBA, 100, patch, sizeof patch, PSA_SUCCESS, &written, why))
        return CASE_FAILED;
    if (written != sizeof patch)
        FAIL("write of 16 bytes at offset 100 wrote %llu", (unsigned long long)written);
    memcpy(block + 100, patch, sizeof patch);
    if (read_at(s, TEST_LBA, 0, BLOCK_SIZE, PSA_SUCCESS, &got, why))
        return CASE_FAILED;
    if (got != BLOCK_SIZE || memcmp(s->buf, block, BLOCK_SIZE))
        FAIL("after a 16-byte write at offset 100 the block reads back wrong");
    if (read_at(s, TEST_LBA, 100, 16, PSA_SUCCESS, &got, why))
        return CASE_FAILED;
    if (got != 16 || memcmp(s->buf, patch, 16))
        FAIL("read of 16 bytes at offset 100 answered %zu other bytes", got);
    return CASE_OK;
}

static enum case_result erase(struct ts_session *s, char *why)
{
    if (!opened)
        FAIL("not open: open failed");
    struct bs_erase_in in = { .handle = handle, .begin_lba = TEST_LBA, .num_blocks = 1 };
    memcpy(s->buf, &in, sizeof in);
    size_t resp, got;
    if (invoke_expect(s, BS_OP_ERASE, sizeof in, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;
    if (read_at(s, TEST_LBA, 0, BLOCK_SIZE, PSA_SUCCESS, &got, why))
        return CASE_FAILED;
    for (size_t i = 0; i < got; i++)
        if (s->buf[i] != 0xff)
            FAIL("erased block byte %zu is 0x%02x, expected the RAM store's 0xff", i, s->buf[i]);
    if (got != BLOCK_SIZE)
        FAIL("read of the erased block answered %zu bytes", got);
    return CASE_OK;
}

static enum case_result out_of_range(struct ts_session *s, char *why)
{
    if (!opened)
        FAIL("not open: open failed");
    uint64_t written;
    size_t got;
    if (write_at(s, NUM_BLOCKS, 0, block, 16, PSA_ERROR_INVALID_ARGUMENT, &written, why) ||
        read_at(s, NUM_BLOCKS, 0, 16, PSA_ERROR_INVALID_ARGUMENT, &got, why))
        return CASE_FAILED;
    return CASE_OK;
}

static enum case_result close_partition(struct ts_session *s, char *why)
{
    if (!opened)
        FAIL("not open: open failed");
    memcpy(s->buf, &handle, 8);
    size_t resp;
    if (invoke_expect(s, BS_OP_CLOSE, 8, &resp, PSA_SUCCESS, why))
        return CASE_FAILED;
    return CASE_OK;
}

static const struct ts_case CASES[] = {
    { 1001, "get_partition_info: 96 blocks of 256 bytes, its GUID, the nil parent", partition_info },
    { 1002, "an unknown partition GUID answers PSA_ERROR_INVALID_ARGUMENT", unknown_partition },
    { 1003, "open answers a handle", open_partition },
    { 1004, "write a block and part of it, read both back equal", write_read },
    { 1005, "erase leaves the block at the erased value", erase },
    { 1006, "read and write past the last block answer PSA_ERROR_INVALID_ARGUMENT", out_of_range },
    { 1007, "close", close_partition },
};

int run_block_storage(void)
{
    return run_service("bstore", "block-storage", BLOCK_STORAGE_UUID, CASES, sizeof CASES / sizeof *CASES);
}
