package dev.jaffa.interp.system;

/**
 * The system registers MRS/MSR reach, by encoding (op0, op1, CRn, CRm, op2) as the Arm ARM's
 * "System register index" gives it, with the lowest EL allowed to access them. Registers whose
 * value has no behaviour yet are stored in {@link Cpu#sysregStore}; the rest are wired in
 * {@link SystemInsns}. Unlisted encodings are UNDEFINED, except the ID register space
 * (op0=3, op1=0, CRn=0, CRm=1..7), whose unassigned entries read as zero.
 */
public enum SysReg {
    // Special-purpose registers
    NZCV          (3, 3, 4, 2, 0, 0, Access.RW),
    DAIF          (3, 3, 4, 2, 1, 0, Access.RW),
    FPCR          (3, 3, 4, 4, 0, 0, Access.RW),
    FPSR          (3, 3, 4, 4, 1, 0, Access.RW),
    CURRENTEL     (3, 0, 4, 2, 2, 1, Access.RO),
    SPSEL         (3, 0, 4, 2, 0, 1, Access.RW),
    SP_EL0        (3, 0, 4, 1, 0, 1, Access.RW),
    SPSR_EL1      (3, 0, 4, 0, 0, 1, Access.RW),
    ELR_EL1       (3, 0, 4, 0, 1, 1, Access.RW),
    // Exception handling and control
    ESR_EL1       (3, 0, 5, 2, 0, 1, Access.RW),
    FAR_EL1       (3, 0, 6, 0, 0, 1, Access.RW),
    VBAR_EL1      (3, 0, 12, 0, 0, 1, Access.RW),
    SCTLR_EL1     (3, 0, 1, 0, 0, 1, Access.RW),
    ACTLR_EL1     (3, 0, 1, 0, 1, 1, Access.RW),
    CPACR_EL1     (3, 0, 1, 0, 2, 1, Access.RW),
    AFSR0_EL1     (3, 0, 5, 1, 0, 1, Access.RW),
    AFSR1_EL1     (3, 0, 5, 1, 1, 1, Access.RW),
    // Memory system (stored; the MMU that uses them arrives with the system issue)
    TTBR0_EL1     (3, 0, 2, 0, 0, 1, Access.RW),
    TTBR1_EL1     (3, 0, 2, 0, 1, 1, Access.RW),
    TCR_EL1       (3, 0, 2, 0, 2, 1, Access.RW),
    MAIR_EL1      (3, 0, 10, 2, 0, 1, Access.RW),
    AMAIR_EL1     (3, 0, 10, 3, 0, 1, Access.RW),
    PAR_EL1       (3, 0, 7, 4, 0, 1, Access.RW),
    CONTEXTIDR_EL1(3, 0, 13, 0, 1, 1, Access.RW),
    // Thread ID registers
    TPIDR_EL0     (3, 3, 13, 0, 2, 0, Access.RW),
    TPIDRRO_EL0   (3, 3, 13, 0, 3, 0, Access.RW_EL1_RO_EL0),
    TPIDR_EL1     (3, 0, 13, 0, 4, 1, Access.RW),
    // Identification
    MIDR_EL1      (3, 0, 0, 0, 0, 1, Access.RO),
    MPIDR_EL1     (3, 0, 0, 0, 5, 1, Access.RO),
    REVIDR_EL1    (3, 0, 0, 0, 6, 1, Access.RO),
    ID_AA64PFR0_EL1 (3, 0, 0, 4, 0, 1, Access.RO),
    ID_AA64DFR0_EL1 (3, 0, 0, 5, 0, 1, Access.RO),
    ID_AA64ISAR0_EL1(3, 0, 0, 6, 0, 1, Access.RO),
    ID_AA64MMFR0_EL1(3, 0, 0, 7, 0, 1, Access.RO),
    CTR_EL0       (3, 3, 0, 0, 1, 0, Access.RO),
    DCZID_EL0     (3, 3, 0, 0, 7, 0, Access.RO),
    CLIDR_EL1     (3, 1, 0, 0, 1, 1, Access.RO),
    CCSIDR_EL1    (3, 1, 0, 0, 0, 1, Access.RO),
    CSSELR_EL1    (3, 2, 0, 0, 0, 1, Access.RW),
    AIDR_EL1      (3, 1, 0, 0, 7, 1, Access.RO),
    // EL2 (Arm ARM D17.2); UNDEFINED below EL2 and when EL2 is not implemented.
    VPIDR_EL2     (3, 4, 0, 0, 0, 2, Access.RW),
    VMPIDR_EL2    (3, 4, 0, 0, 5, 2, Access.RW),
    SCTLR_EL2     (3, 4, 1, 0, 0, 2, Access.RW),
    ACTLR_EL2     (3, 4, 1, 0, 1, 2, Access.RW),
    HCR_EL2       (3, 4, 1, 1, 0, 2, Access.RW),
    MDCR_EL2      (3, 4, 1, 1, 1, 2, Access.RW),
    CPTR_EL2      (3, 4, 1, 1, 2, 2, Access.RW),
    HSTR_EL2      (3, 4, 1, 1, 3, 2, Access.RW),
    HACR_EL2      (3, 4, 1, 1, 7, 2, Access.RW),
    TTBR0_EL2     (3, 4, 2, 0, 0, 2, Access.RW),
    TCR_EL2       (3, 4, 2, 0, 2, 2, Access.RW),
    VTTBR_EL2     (3, 4, 2, 1, 0, 2, Access.RW),
    VTCR_EL2      (3, 4, 2, 1, 2, 2, Access.RW),
    SPSR_EL2      (3, 4, 4, 0, 0, 2, Access.RW),
    ELR_EL2       (3, 4, 4, 0, 1, 2, Access.RW),
    SP_EL1        (3, 4, 4, 1, 0, 2, Access.RW),
    AFSR0_EL2     (3, 4, 5, 1, 0, 2, Access.RW),
    AFSR1_EL2     (3, 4, 5, 1, 1, 2, Access.RW),
    ESR_EL2       (3, 4, 5, 2, 0, 2, Access.RW),
    FAR_EL2       (3, 4, 6, 0, 0, 2, Access.RW),
    HPFAR_EL2     (3, 4, 6, 0, 4, 2, Access.RW),
    MAIR_EL2      (3, 4, 10, 2, 0, 2, Access.RW),
    AMAIR_EL2     (3, 4, 10, 3, 0, 2, Access.RW),
    VBAR_EL2      (3, 4, 12, 0, 0, 2, Access.RW),
    TPIDR_EL2     (3, 4, 13, 0, 2, 2, Access.RW),
    // Performance monitors (PMUv3 with no event counters, PMCR_EL0.N = 0, and the cycle counter).
    PMCR_EL0      (3, 3, 9, 12, 0, 0, Access.RW),
    PMCNTENSET_EL0(3, 3, 9, 12, 1, 0, Access.RW),
    PMCNTENCLR_EL0(3, 3, 9, 12, 2, 0, Access.RW),
    PMOVSCLR_EL0  (3, 3, 9, 12, 3, 0, Access.RW),
    PMSWINC_EL0   (3, 3, 9, 12, 4, 0, Access.RW),
    PMSELR_EL0    (3, 3, 9, 12, 5, 0, Access.RW),
    PMCEID0_EL0   (3, 3, 9, 12, 6, 0, Access.RO),
    PMCEID1_EL0   (3, 3, 9, 12, 7, 0, Access.RO),
    PMCCNTR_EL0   (3, 3, 9, 13, 0, 0, Access.RW),
    PMXEVTYPER_EL0(3, 3, 9, 13, 1, 0, Access.RW),
    PMXEVCNTR_EL0 (3, 3, 9, 13, 2, 0, Access.RW),
    PMUSERENR_EL0 (3, 3, 9, 14, 0, 0, Access.RW_EL1_RO_EL0),
    PMINTENSET_EL1(3, 0, 9, 14, 1, 1, Access.RW),
    PMINTENCLR_EL1(3, 0, 9, 14, 2, 1, Access.RW),
    PMOVSSET_EL0  (3, 3, 9, 14, 3, 0, Access.RW),
    PMCCFILTR_EL0 (3, 3, 14, 15, 7, 0, Access.RW),
    // Debug (accepted and stored, no debug events: Linux saves, restores and unlocks them).
    MDCCINT_EL1   (2, 0, 0, 2, 0, 1, Access.RW),
    MDSCR_EL1     (2, 0, 0, 2, 2, 1, Access.RW),
    OSDTRRX_EL1   (2, 0, 0, 0, 2, 1, Access.RW),
    OSDTRTX_EL1   (2, 0, 0, 3, 2, 1, Access.RW),
    OSECCR_EL1    (2, 0, 0, 6, 2, 1, Access.RW),
    DBGBVR0_EL1 (2, 0, 0, 0, 4, 1, Access.RW),
    DBGBCR0_EL1 (2, 0, 0, 0, 5, 1, Access.RW),
    DBGBVR1_EL1 (2, 0, 0, 1, 4, 1, Access.RW),
    DBGBCR1_EL1 (2, 0, 0, 1, 5, 1, Access.RW),
    DBGBVR2_EL1 (2, 0, 0, 2, 4, 1, Access.RW),
    DBGBCR2_EL1 (2, 0, 0, 2, 5, 1, Access.RW),
    DBGBVR3_EL1 (2, 0, 0, 3, 4, 1, Access.RW),
    DBGBCR3_EL1 (2, 0, 0, 3, 5, 1, Access.RW),
    DBGBVR4_EL1 (2, 0, 0, 4, 4, 1, Access.RW),
    DBGBCR4_EL1 (2, 0, 0, 4, 5, 1, Access.RW),
    DBGBVR5_EL1 (2, 0, 0, 5, 4, 1, Access.RW),
    DBGBCR5_EL1 (2, 0, 0, 5, 5, 1, Access.RW),
    DBGWVR0_EL1 (2, 0, 0, 0, 6, 1, Access.RW),
    DBGWCR0_EL1 (2, 0, 0, 0, 7, 1, Access.RW),
    DBGWVR1_EL1 (2, 0, 0, 1, 6, 1, Access.RW),
    DBGWCR1_EL1 (2, 0, 0, 1, 7, 1, Access.RW),
    DBGWVR2_EL1 (2, 0, 0, 2, 6, 1, Access.RW),
    DBGWCR2_EL1 (2, 0, 0, 2, 7, 1, Access.RW),
    DBGWVR3_EL1 (2, 0, 0, 3, 6, 1, Access.RW),
    DBGWCR3_EL1 (2, 0, 0, 3, 7, 1, Access.RW),
    MDRAR_EL1     (2, 0, 1, 0, 0, 1, Access.RO),
    OSLAR_EL1     (2, 0, 1, 0, 4, 1, Access.RW),
    OSLSR_EL1     (2, 0, 1, 1, 4, 1, Access.RO),
    OSDLR_EL1     (2, 0, 1, 3, 4, 1, Access.RW),
    DBGPRCR_EL1   (2, 0, 1, 4, 4, 1, Access.RW),
    DBGCLAIMSET_EL1(2, 0, 7, 8, 6, 1, Access.RW),
    DBGCLAIMCLR_EL1(2, 0, 7, 9, 6, 1, Access.RW),
    DBGAUTHSTATUS_EL1(2, 0, 7, 14, 6, 1, Access.RO),
    MDCCSR_EL0    (2, 3, 0, 1, 0, 0, Access.RO);

    /** How a register may be accessed. */
    public enum Access { RO, RW, RW_EL1_RO_EL0 }

    /**
     * SCTLR_EL1 at reset: the Armv8.0 RES1 bits (29, 28, 23, 22, 20, 11) plus SA, SA0, nTWI and
     * nTWE set, as Cortex-A57 (the differential oracle's CPU) resets them.
     */
    public static final long SCTLR_EL1_RESET = 0x30D5_0818L;
    /** SCTLR_EL2 RES1 bits in Armv8.0 (29, 28, 23, 22, 18, 16, 11, 5, 4). */
    public static final long SCTLR_EL2_RES1 = 0x30C5_0830L;

    // Identification values: exactly what is implemented (Armv8.0-A with FP, AdvSIMD, CRC32 and
    // the Cryptographic Extension as a Cortex-A57 has it).
    /** Implementer 0x00 (reserved for software use), architecture 0xF, part 0x0A5 ("Jaffa"). */
    public static final long MIDR = 0x000F_0A50L;
    /**
     * EL0 and EL1 AArch64 only; FP and AdvSIMD implemented without half-precision arithmetic (0);
     * GICv3 system registers (1); CSV2 = 1 and CSV3 = 1 (FEAT_CSV2, FEAT_CSV3, OPTIONAL from
     * Armv8.0): nothing is executed speculatively here, so no branch prediction crosses contexts
     * and no faulting load forwards data. Without CSV3 Linux cannot know that this CPU (its own
     * MIDR, on no list) is not affected by Meltdown and turns on kernel page-table isolation,
     * which QEMU's cortex-a57 (on Linux's list) does not get. The EL2 and EL3 fields are added per
     * machine ({@link #idAa64Pfr0}).
     */
    public static final long ID_AA64PFR0 = 0x1100_0000_0100_0011L;
    /** Debug architecture v8.0 (6), PMUv3 (1), 6 breakpoints, 4 watchpoints (encoded minus one). */
    public static final long ID_AA64DFR0 = 0x0030_5106L;
    /** CRC32 (1), SHA2 (SHA256H..., 1), SHA1 (1), AES with PMULL/PMULL2 of 64-bit elements (2). */
    public static final long ID_AA64ISAR0 = 0x0001_1120L;
    /** 44-bit PA, 16-bit ASIDs, 4K/16K/64K granules, no mixed endian. */
    public static final long ID_AA64MMFR0 = 0x0010_0024L;

    /** ID_AA64PFR0_EL1 for a PE with or without EL2 and EL3 (AArch64 only where present). */
    public static long idAa64Pfr0(boolean el2, boolean el3) {
        return ID_AA64PFR0 | (el2 ? 1L << 8 : 0) | (el3 ? 1L << 12 : 0);
    }
    /** 64-byte lines, PIPT I-cache, CWG/ERG 64 bytes. */
    public static final long CTR = 0x8444_C004L;
    /** DC ZVA block 64 bytes (4 words << 4). */
    public static final long DCZID = 4;

    public final int op0, op1, crn, crm, op2;
    /** The lowest EL that may access the register. */
    public final int minEl;
    public final Access access;
    /** The 16-bit key op0:op1:CRn:CRm:op2 as MRS/MSR encode it in bits 20:5. */
    public final int key;

    SysReg(int op0, int op1, int crn, int crm, int op2, int minEl, Access access) {
        this.op0 = op0; this.op1 = op1; this.crn = crn; this.crm = crm; this.op2 = op2;
        this.minEl = minEl; this.access = access;
        this.key = key(op0, op1, crn, crm, op2);
    }

    public static int key(int op0, int op1, int crn, int crm, int op2) {
        return op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2;
    }

    private static final SysReg[] BY_KEY = new SysReg[1 << 16];
    static {
        for (SysReg r : values()) BY_KEY[r.key] = r;
    }

    /** The register for a 16-bit key, or null. */
    public static SysReg byKey(int key) { return BY_KEY[key & 0xFFFF]; }

    /** True for the ID space whose unassigned encodings read as zero (Arm ARM D17.1.3). */
    public static boolean isRazIdSpace(int key) {
        int crm = (key >>> 3) & 0xF;
        return (key >>> 7) == 3 << 7 && crm >= 1 && crm <= 7;
    }

    /** Name for traces and disassembly, e.g. "s3_0_c1_c0_0" for unknown keys. */
    public static String name(int key) {
        SysReg r = byKey(key);
        if (r != null) return r.name().toLowerCase(java.util.Locale.ROOT);
        return "s" + (key >>> 14) + "_" + ((key >>> 11) & 7) + "_c" + ((key >>> 7) & 15) + "_c" + ((key >>> 3) & 15) + "_" + (key & 7);
    }
}
