/*
 * Per-image identity of the spm-test partitions, compiled once per SP with
 * -DSP_NUM=N: the opteesp .sp_head (binary UUID, 64 KiB stack) and the
 * FF-A version the image speaks (spm-test2 is the FF-A v1.0 partition).
 * The FF-A UUIDs live in the manifests (spm-testN.dts).
 */
#include "sp_rt.h"

#if SP_NUM == 1     /* 5c9edbc3-7b3a-4367-9f83-7c191ae86a37 */
#define BIN_UUID 0x5c9edbc3, 0x7b3a, 0x4367, { 0x9f, 0x83, 0x7c, 0x19, 0x1a, 0xe8, 0x6a, 0x37 }
#define VERSION FFA_VERSION_1_1
#elif SP_NUM == 2   /* 7817164c-c40c-4d1a-867a-9bb2278cf41a */
#define BIN_UUID 0x7817164c, 0xc40c, 0x4d1a, { 0x86, 0x7a, 0x9b, 0xb2, 0x27, 0x8c, 0xf4, 0x1a }
#define VERSION FFA_VERSION_1_0
#elif SP_NUM == 3   /* 23eb0100-e32a-4497-9052-2f11e584afa6 */
#define BIN_UUID 0x23eb0100, 0xe32a, 0x4497, { 0x90, 0x52, 0x2f, 0x11, 0xe5, 0x84, 0xaf, 0xa6 }
#define VERSION FFA_VERSION_1_1
#elif SP_NUM == 4   /* binary 423762ed-7772-406f-99d8-0c27da0abbf8 (FF-A UUID as SP3) */
#define BIN_UUID 0x423762ed, 0x7772, 0x406f, { 0x99, 0xd8, 0x0c, 0x27, 0xda, 0x0a, 0xbb, 0xf8 }
#define VERSION FFA_VERSION_1_1
#else
#error "SP_NUM must be 1..4"
#endif

#define STR2(x) #x
#define STR(x) STR2(x)

__attribute__((section(".sp_head"), used))
const struct optee_sp_head sp_head = {
    BIN_UUID,
    .stack_size = 64 * 1024,
    .flags = 0,
    .reserved = UINT64_MAX,
};

const char sp_name[] = "spm-test" STR(SP_NUM);
const uint32_t sp_ffa_version = VERSION;
