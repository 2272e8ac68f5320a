/* Constants shared by the system-test start-up code (assembly) and C. */
#ifndef JAFFA_ST_ASM_H
#define JAFFA_ST_ASM_H

#define ST_MAX_CPUS     2
#define ST_STACK_SIZE   0x4000          /* per CPU, per EL */
#define ST_FRAME_SIZE   0x130
#define ST_RET_IMM      0xfff0          /* HVC/SVC immediate of "return from st_call_lower" */

/* SCTLR_ELx bits (Arm ARM D17.2.118 / D17.2.119, v8.0 layout). */
#define SCTLR_M         (1 << 0)
#define SCTLR_A         (1 << 1)
#define SCTLR_C         (1 << 2)
#define SCTLR_SA        (1 << 3)
#define SCTLR_SA0       (1 << 4)
#define SCTLR_I         (1 << 12)
#define SCTLR_DZE       (1 << 14)
#define SCTLR_UCT       (1 << 15)
#define SCTLR_nTWI      (1 << 16)
#define SCTLR_nTWE      (1 << 18)
#define SCTLR_WXN       (1 << 19)
#define SCTLR_UCI       (1 << 26)
/* RES1 bits: EL2 (E2H=0): 4,5,11,16,18,22,23,28,29.  EL1: 11,20,22,23,28,29
 * plus nTWI/nTWE set (EL0 WFI/WFE not trapped). */
#define SCTLR_EL2_RES1  0x30C50830
#define SCTLR_EL1_RES1  0x30D50800

#define HCR_VM          (1 << 0)
#define HCR_FMO         (1 << 3)
#define HCR_IMO         (1 << 4)
#define HCR_AMO         (1 << 5)
#define HCR_TWI         (1 << 13)
#define HCR_TWE         (1 << 14)
#define HCR_TID3        (1 << 18)
#define HCR_TSC         (1 << 19)
#define HCR_TVM         (1 << 26)
#define HCR_TGE         (1 << 27)
#define HCR_RW          (1 << 31)

/* SPSR M[3:0] values and masks. */
#define SPSR_EL0t       0x0
#define SPSR_EL1t       0x4
#define SPSR_EL1h       0x5
#define SPSR_EL2t       0x8
#define SPSR_EL2h       0x9
#define SPSR_DAIF       0x3c0
#define SPSR_IL         (1 << 20)

#endif
