package dev.jaffa.interp.memory;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.system.SysReg;

/**
 * Stage 1 translation for the EL1&0 and EL2 regimes (Arm ARM D8, VMSAv8-64): 4K, 16K and 64K
 * granules, 16..39-bit TxSZ, TTBR0/TTBR1, top-byte ignore, hierarchical table permissions, and
 * the Armv8.0 permission model. No hardware access-flag or dirty-state management (not advertised),
 * so AF = 0 is an Access flag fault. Stage 2 would wrap {@link #walk}'s descriptor reads and output.
 *
 * <p>One walker per PE; results come back in fields so a walk allocates nothing. A fault comes
 * back as a fault status code (ESR DFSC/IFSC encoding) in {@link #fault}.
 */
public final class TranslationTableWalk {
    /** Translation regimes (Arm ARM D8.1.2). */
    public static final int REGIME_EL10 = 0, REGIME_EL2 = 1;

    // Results of the last walk.
    /** Physical address, when {@link #fault} is {@link #NO_FAULT}. */
    long pa;
    /** The MAIR_ELx attribute byte of the mapping (0x00 Device-nGnRnE for MMU-off data). */
    int attr;
    /** Shareability SH[1:0] from the descriptor (2 = Outer Shareable for Device and MMU off). */
    int shareability;
    /** Permissions at the EL the walk was made for. */
    boolean readable, writable, executable;
    /** Fault status code, or NO_FAULT. */
    int fault;
    /** log2 of the size of the mapping that translated the address (a page or a block). */
    int mappingBits;
    /** The mapping is non-global (nG = 1 in the EL1&0 regime): it belongs to the current ASID. */
    boolean nonGlobal;
    public static final int NO_FAULT = -1;

    private final Cpu cpu;
    private final PhysicalBus bus;

    public TranslationTableWalk(Cpu cpu, PhysicalBus bus) {
        this.cpu = cpu;
        this.bus = bus;
    }

    // TCR fields (TCR_EL1 / TCR_EL2 share the TxSZ/TG0 positions, Arm ARM D17.2.131/132).
    private static final long TCR_EPD0 = 1L << 7, TCR_EPD1 = 1L << 23, TCR_TBI0 = 1L << 37, TCR_TBI1 = 1L << 38,
            TCR_EL2_TBI = 1L << 20;
    private static final int[] PA_SIZE = {32, 36, 40, 42, 44, 48, 52, 52};

    /** True when the regime's stage 1 is enabled. */
    boolean enabled(int regime) {
        if (regime == REGIME_EL2) return (cpu.sctlr[2] & 1) != 0;
        return (cpu.sctlr[1] & 1) != 0 && !cpu.tgeActive();
    }

    /** The regime serving an access from {@code el}. */
    public static int regimeOf(int el) { return el == 2 ? REGIME_EL2 : REGIME_EL10; }

    /**
     * Translates {@code va} for an access made at {@code el} (0 for EL0 or unprivileged). Fills the
     * result fields. The caller turns {@link #fault} into an abort and checks permissions.
     */
    void translate(long va, int el) {
        int regime = regimeOf(el);
        fault = NO_FAULT;
        if (!enabled(regime)) {
            flat(va);
            return;
        }
        walk(va, el, regime);
    }

    /** Stage 1 disabled (Arm ARM D8.2.10): flat, data Device-nGnRnE, all access allowed. */
    private void flat(long va) {
        if (va >>> Memory.PA_BITS != 0) {
            fault = Esr.FSC_ADDR_SIZE_L0;
            return;
        }
        pa = va;
        mappingBits = PhysicalBus.PAGE_SHIFT;
        nonGlobal = false;
        attr = 0;
        shareability = 2;
        readable = writable = executable = true;
    }

    private void walk(long va, int el, int regime) {
        long tcr, ttbr;
        int tsz, grainBits, outputBits;
        boolean upper;
        if (regime == REGIME_EL2) {
            tcr = cpu.sysregStore[SysReg.TCR_EL2.ordinal()];
            ttbr = cpu.sysregStore[SysReg.TTBR0_EL2.ordinal()];
            upper = false;
            tsz = (int) tcr & 0x3F;
            grainBits = tg0Bits(tcr);
            outputBits = Math.min(PA_SIZE[(int) (tcr >>> 16) & 7], Memory.PA_BITS);
            tsz = clampTsz(tsz);
            if ((tcr & TCR_EL2_TBI) != 0) va &= 0x00FF_FFFF_FFFF_FFFFL;   // top byte ignored
            if (va >>> (64 - tsz) != 0) {   // one VA range, from zero
                fault = Esr.FSC_TRANSLATION_L0;
                return;
            }
        } else {
            tcr = cpu.sysregStore[SysReg.TCR_EL1.ordinal()];
            upper = (va >>> 55 & 1) != 0;
            boolean tbi = (tcr & (upper ? TCR_TBI1 : TCR_TBI0)) != 0;
            tsz = clampTsz((int) (tcr >>> (upper ? 16 : 0)) & 0x3F);
            // The VA's bits above the input size must all equal bit 55 (bits 63:56 too unless TBI).
            long checked = tbi ? (va << 8) >> 8 : va;
            long high = checked >> (64 - tsz);
            if (high != (upper ? -1L : 0L) || (tcr & (upper ? TCR_EPD1 : TCR_EPD0)) != 0) {
                fault = Esr.FSC_TRANSLATION_L0;
                return;
            }
            ttbr = cpu.sysregStore[(upper ? SysReg.TTBR1_EL1 : SysReg.TTBR0_EL1).ordinal()];
            grainBits = upper ? tg1Bits(tcr) : tg0Bits(tcr);
            outputBits = Math.min(PA_SIZE[(int) (tcr >>> 32) & 7], Memory.PA_BITS);
        }
        int inputBits = 64 - tsz;
        int stride = grainBits - 3;
        int startLevel = 4 - (inputBits - grainBits + stride - 1) / stride;
        int level = startLevel;
        // The table base: TTBR.BADDR, aligned to the size of the start-level table.
        int topBits = inputBits - (grainBits + (3 - level) * stride);   // index bits at the start level
        long tableAlign = Math.max(topBits + 3, 6);
        long base = ttbr & 0x0000_FFFF_FFFF_FFFEL & -(1L << tableAlign);
        if (base >>> outputBits != 0) {
            fault = Esr.FSC_ADDR_SIZE_L0;
            return;
        }
        boolean apTableNoEl0 = false, apTableRo = false, pxnTable = false, uxnTable = false;
        long desc;
        int blockBits;
        while (true) {
            int shift = grainBits + (3 - level) * stride;
            int bits = level == startLevel ? inputBits - shift : stride;
            long index = (va >>> shift) & ((1L << bits) - 1);
            long descAddr = base + index * 8;
            byte[] page = bus.ramPage(descAddr);
            if (page == null || !cpu.secure && bus.isSecureOnly(descAddr)) {
                fault = Esr.FSC_SYNC_EXTERNAL_WALK_L0 + level;
                return;
            }
            desc = (long) Ram.LE64.get(page, (int) descAddr & (PhysicalBus.PAGE_SIZE - 1));
            if ((desc & 1) == 0) {
                fault = Esr.FSC_TRANSLATION_L0 + level;
                return;
            }
            boolean table = (desc & 2) != 0;
            if (level == 3) {
                if (!table) {   // 0b01 at level 3 is reserved: invalid
                    fault = Esr.FSC_TRANSLATION_L0 + level;
                    return;
                }
                blockBits = grainBits;
                break;
            }
            if (!table) {
                // Blocks: level 1 and 2 with 4K, level 2 only with 16K and 64K (no 52-bit PA).
                if (level == 0 || level == 1 && grainBits != 12) {
                    fault = Esr.FSC_TRANSLATION_L0 + level;
                    return;
                }
                blockBits = shift;
                break;
            }
            long next = desc & 0x0000_FFFF_FFFF_F000L & -(1L << grainBits);
            if (next >>> outputBits != 0) {
                fault = Esr.FSC_ADDR_SIZE_L0 + level;
                return;
            }
            if (regime == REGIME_EL10) {
                pxnTable |= (desc & 1L << 59) != 0;
                uxnTable |= (desc & 1L << 60) != 0;
                apTableNoEl0 |= (desc & 1L << 61) != 0;
            } else {
                uxnTable |= (desc & 1L << 60) != 0;   // XNTable
            }
            apTableRo |= (desc & 1L << 62) != 0;
            base = next;
            level++;
        }
        long out = desc & 0x0000_FFFF_FFFF_F000L & -(1L << blockBits);
        if (out >>> outputBits != 0) {
            fault = Esr.FSC_ADDR_SIZE_L0 + level;
            return;
        }
        if ((desc & 1L << 10) == 0) {
            fault = Esr.FSC_ACCESS_FLAG_L0 + level;
            return;
        }
        pa = out | (va & ((1L << blockBits) - 1));
        mappingBits = blockBits;
        nonGlobal = regime == REGIME_EL10 && (desc & 1L << 11) != 0;
        long mair = cpu.sysregStore[(regime == REGIME_EL2 ? SysReg.MAIR_EL2 : SysReg.MAIR_EL1).ordinal()];
        attr = (int) (mair >>> (8 * ((desc >>> 2) & 7))) & 0xFF;
        shareability = (attr & 0xF0) == 0 ? 2 : (int) (desc >>> 8) & 3;
        permissions(desc, el, regime, apTableNoEl0, apTableRo, pxnTable, uxnTable);
        outputLevel = level;
    }

    /** The level of the final descriptor of the last successful walk (permission faults report it). */
    int outputLevel;

    /** Stage 1 permissions (Arm ARM D8.4): AP[2:1], UXN/PXN, table limits, WXN, the EL0-writable PXN rule. */
    private void permissions(long desc, int el, int regime, boolean apNoEl0, boolean apRo, boolean pxnT, boolean uxnT) {
        boolean ap2 = (desc & 1L << 7) != 0 || apRo;
        long sctlr = cpu.sctlr[regime == REGIME_EL2 ? 2 : 1];
        boolean wxn = (sctlr & 1L << 19) != 0;
        if (regime == REGIME_EL2) {
            readable = true;
            writable = !ap2;
            executable = (desc & 1L << 54) == 0 && !uxnT && !(wxn && writable);
            return;
        }
        boolean ap1 = (desc & 1L << 6) != 0 && !apNoEl0;   // EL0 access
        boolean el0Writable = ap1 && !ap2;
        if (el == 0) {
            readable = ap1;
            writable = el0Writable;
            executable = ap1 && (desc & 1L << 54) == 0 && !uxnT && !(wxn && writable);
        } else {
            readable = true;
            writable = !ap2;
            executable = (desc & 1L << 53) == 0 && !pxnT && !el0Writable && !(wxn && writable);
        }
    }

    private static int clampTsz(int tsz) { return Math.max(16, Math.min(39, tsz)); }

    /** TCR.TG0: 00 4K, 01 64K, 10 16K (11 reserved: treated as 4K). */
    private static int tg0Bits(long tcr) {
        switch ((int) (tcr >>> 14) & 3) {
            case 1: return 16;
            case 2: return 14;
            default: return 12;
        }
    }

    /** TCR.TG1: 01 16K, 10 4K, 11 64K (00 reserved: treated as 4K). */
    private static int tg1Bits(long tcr) {
        switch ((int) (tcr >>> 30) & 3) {
            case 1: return 14;
            case 3: return 16;
            default: return 12;
        }
    }

    /** True for a MAIR attribute that is Device memory (0b0000_xx00). */
    public static boolean isDevice(int attr) { return (attr & 0xF0) == 0; }
}
