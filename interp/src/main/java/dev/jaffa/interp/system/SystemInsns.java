package dev.jaffa.interp.system;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.ExceptionTaken;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.SysRegHook;

/** System register moves and system instructions (Arm ARM C5); their rows are {@link SystemRows}. */
public final class SystemInsns {
    private SystemInsns() {}

    /** Traps an EL0 access that the SCTLR_EL1 bit {@code sctlrBit} has not opened to EL0. */
    private static void checkEl0(Cpu c, long sctlrBit, int insn) {
        if (c.el == 0 && (c.sctlr[1] & sctlrBit) == 0) throw trapEl0(c, insn);
    }

    /**
     * The EC 0x18 trap of the executing MSR/MRS/SYS word {@code i} at EL0 that an SCTLR_EL1 control
     * disables (UMA, DZE, UCT, UCI; MSR DAIFSet/DAIFClr): to EL1, or to EL2 when HCR_EL2.TGE routes
     * EL0's exceptions there (the Arm ARM's AArch64.SystemAccessTrap; QEMU does the same).
     */
    public static ExceptionTaken trapEl0(Cpu c, int i) { return trapTo(c, i, c.syncTargetEl()); }

    /** The EC 0x18 trap of the executing MSR/MRS/SYS instruction to {@code target}. */
    private static ExceptionTaken trapTo(Cpu c, int i, int target) {
        int iss = ((i >>> 19) & 3) << 20 | ((i >>> 5) & 7) << 17 | ((i >>> 16) & 7) << 14
                | ((i >>> 12) & 15) << 10 | (i & 31) << 5 | ((i >>> 8) & 15) << 1 | ((i >>> 21) & 1);
        return c.takeSync(target, Esr.EC_SYSREG, iss, c.curPc);
    }

    private static final long SCTLR_UMA = 1L << 9, SCTLR_DZE = 1L << 14, SCTLR_UCT = 1L << 15, SCTLR_UCI = 1L << 26;
    private static final long SCTLR_EE = 1L << 25, SCTLR_E0E = 1L << 24;

    /**
     * The system registers an MRS (READ) or MSR (WRITE) may access inside a translated region:
     * their access changes nothing a region keeps to itself (general registers and the current SP
     * in locals, NZCV, the FP enable, the EL, the TLB, interrupt masking) and reads nothing the
     * region has not written back (the instruction count behind PMCCNTR_EL0). Registers served by
     * a device ({@link SysRegHook}: timers, the GIC's CPU interface) are not {@link SysReg}s and
     * are never listed. Any other MRS or MSR ends a region (its row is {@link dev.jaffa.interp.isa.Row#ENDS_BLOCK}).
     */
    private static final boolean[] READ_IN_REGION = new boolean[SysReg.values().length],
            WRITE_IN_REGION = new boolean[SysReg.values().length];
    static {
        for (SysReg r : SysReg.values()) READ_IN_REGION[r.ordinal()] = r != SysReg.PMCCNTR_EL0;
        for (SysReg r : new SysReg[] {SysReg.TPIDR_EL0, SysReg.TPIDR_EL1, SysReg.TPIDR_EL2, SysReg.TPIDRRO_EL0,
                SysReg.ELR_EL1, SysReg.ELR_EL2, SysReg.SPSR_EL1, SysReg.SPSR_EL2, SysReg.ESR_EL1, SysReg.ESR_EL2,
                SysReg.FAR_EL1, SysReg.FAR_EL2, SysReg.VBAR_EL1, SysReg.VBAR_EL2, SysReg.SP_EL0, SysReg.SP_EL1,
                SysReg.CONTEXTIDR_EL1, SysReg.PAR_EL1, SysReg.AFSR0_EL1, SysReg.AMAIR_EL1, SysReg.MDSCR_EL1}) {
            WRITE_IN_REGION[r.ordinal()] = true;   // plain storage (SP_EL0/SP_EL1: never the current SP when accessible)
        }
    }

    /** Whether the MRS ({@code write} false) or MSR (register) word {@code i} may run inside a region. */
    public static boolean accessibleInRegion(int i, boolean write) {
        SysReg r = SysReg.byKey((i >>> 5) & 0xFFFF);
        return r != null && (write ? WRITE_IN_REGION : READ_IN_REGION)[r.ordinal()];
    }

    public static void mrs(Cpu c, int i) {
        int key = (i >>> 5) & 0xFFFF;
        c.setX(i & 31, read(c, key, i));
    }

    public static void msr(Cpu c, int i) {
        int key = (i >>> 5) & 0xFFFF;
        write(c, key, c.x[i & 31], i);
    }

    private static SysReg lookup(Cpu c, int key) {
        SysReg r = SysReg.byKey(key);
        if (r == null) return null;
        if (c.el < r.minEl || r.minEl == 2 && !c.haveEl2) throw c.undefined();
        if (r.minEl == 0 && c.el == 0 && r.key >>> 7 == (3 << 7 | 3 << 4 | 9) && !pmuEl0Allowed(c, r)) throw trapEl0(c, c.curInsn);
        return r;
    }

    public static long read(Cpu c, int key, int insn) {
        SysReg r = lookup(c, key);
        if (r == null) {
            SysRegHook h = c.sysRegHook;
            if (h != null && h.implementsKey(key)) return h.read(c, key);
            if (SysReg.isRazIdSpace(key) && c.el >= 1) {
                if (hcrTraps(c, Cpu.HCR_TID3)) throw trapTo(c, insn, 2);
                return 0;
            }
            throw c.undefined();
        }
        if (hcrTraps(c, HCR_READ_TRAPS[r.ordinal()])) throw trapTo(c, insn, 2);
        switch (r) {
            case NZCV: return (long) c.nzcv << 28;
            case FPCR: c.checkFpEnabled(); return c.fpcr & 0xFFFF_FFFFL;
            case FPSR: c.checkFpEnabled(); return c.fpsr & 0xFFFF_FFFFL;
            case DAIF: checkEl0(c, SCTLR_UMA, insn); return (long) c.daif << 6;
            case CURRENTEL: return (long) c.el << 2;
            case SPSEL: return c.spSel ? 1 : 0;
            case SP_EL0: if (!c.spSel) throw c.undefined(); return c.spEl[0];
            case SPSR_EL1: return c.spsr[1];
            case ELR_EL1: return c.elr[1];
            case ESR_EL1: return c.esr[1];
            case FAR_EL1: return c.far[1];
            case VBAR_EL1: return c.vbar[1];
            case SCTLR_EL1: return c.sctlr[1];
            case TPIDR_EL0: return c.tpidr[0];
            case TPIDR_EL1: return c.tpidr[1];
            case TPIDRRO_EL0: return c.tpidrroEl0;
            case MIDR_EL1: return c.el == 1 && c.haveEl2 ? c.sysregStore[SysReg.VPIDR_EL2.ordinal()] : SysReg.MIDR;
            case MPIDR_EL1: return c.el == 1 && c.haveEl2 ? c.sysregStore[SysReg.VMPIDR_EL2.ordinal()] : c.mpidr();
            case REVIDR_EL1: return 0;
            case ID_AA64PFR0_EL1: return SysReg.idAa64Pfr0(c.haveEl2, c.haveEl3);
            case ID_AA64DFR0_EL1: return SysReg.ID_AA64DFR0;
            case ID_AA64ISAR0_EL1: return SysReg.ID_AA64ISAR0;
            case ID_AA64MMFR0_EL1: return SysReg.ID_AA64MMFR0;
            case CTR_EL0: checkEl0(c, SCTLR_UCT, insn); return SysReg.CTR;
            case DCZID_EL0: return SysReg.DCZID | ((c.el == 0 && (c.sctlr[1] & SCTLR_DZE) == 0 || hcrTraps(c, HCR_TDZ)) ? 1 << 4 : 0);
            case CLIDR_EL1: return 0x0A20_0023L;   // L1 separate I/D, L2 unified; LoUU=1, LoC=2
            case CCSIDR_EL1: return 0x700F_E01AL;  // 32 KiB, 64-byte lines, 2-way (a plausible geometry)
            case AIDR_EL1: return 0;
            case SPSR_EL2: return c.spsr[2];
            case ELR_EL2: return c.elr[2];
            case ESR_EL2: return c.esr[2];
            case FAR_EL2: return c.far[2];
            case VBAR_EL2: return c.vbar[2];
            case SCTLR_EL2: return c.sctlr[2];
            case HCR_EL2: return c.hcr;
            case TPIDR_EL2: return c.tpidr[2];
            case SP_EL1: return c.spEl[1];
            case PMCR_EL0: return c.sysregStore[r.ordinal()] & PMCR_RW;
            case PMCNTENSET_EL0: case PMCNTENCLR_EL0: return c.sysregStore[SysReg.PMCNTENSET_EL0.ordinal()];
            case PMINTENSET_EL1: case PMINTENCLR_EL1: return c.sysregStore[SysReg.PMINTENSET_EL1.ordinal()];
            case PMOVSSET_EL0: case PMOVSCLR_EL0: return c.sysregStore[SysReg.PMOVSSET_EL0.ordinal()];
            case PMCEID0_EL0: return 1L << 0x11;   // CPU_CYCLES
            case PMCCNTR_EL0: return cycleCounter(c);
            case PMXEVTYPER_EL0: case PMXEVCNTR_EL0: case PMSWINC_EL0: return 0;   // no event counters: RAZ
            case OSLSR_EL1: return 0b1000 | (c.osLock ? 2 : 0);   // OSLM = 0b10 (lock implemented), OSLK
            case DBGAUTHSTATUS_EL1: return 0;    // no debug authentication: all debug disabled
            default: return c.sysregStore[r.ordinal()];
        }
    }

    public static void write(Cpu c, int key, long v, int insn) {
        SysReg r = lookup(c, key);
        if (r == null) {
            SysRegHook h = c.sysRegHook;
            if (h != null && h.implementsKey(key)) { h.write(c, key, v); return; }
        }
        if (r == null || r.access == SysReg.Access.RO || r.access == SysReg.Access.RW_EL1_RO_EL0 && c.el == 0) {
            throw c.undefined();
        }
        if (hcrTraps(c, HCR_WRITE_TRAPS[r.ordinal()])) throw trapTo(c, insn, 2);
        switch (r) {
            case NZCV: c.nzcv = (int) (v >>> 28) & 15; break;
            case FPCR: c.checkFpEnabled(); c.fpcr = (int) v & Cpu.FPCR_MASK; break;
            case FPSR: c.checkFpEnabled(); c.fpsr = (int) v & Cpu.FPSR_MASK; break;
            case DAIF: checkEl0(c, SCTLR_UMA, insn); c.daif = (int) (v >>> 6) & 15; c.exitRequest = 1; break;
            case SPSEL: c.spSel = (v & 1) != 0; c.updateSpIndex(); break;
            case SP_EL0: if (!c.spSel) throw c.undefined(); c.spEl[0] = v; break;
            case SPSR_EL1: c.spsr[1] = v & 0xF030_03DFL; break;   // NZCV, SS, IL, DAIF, M[4:0]
            case ELR_EL1: c.elr[1] = v; break;
            case ESR_EL1: c.esr[1] = v & 0xFFFF_FFFFL; break;
            case FAR_EL1: c.far[1] = v; break;
            case VBAR_EL1: c.vbar[1] = v & ~0x7FFL; break;
            case SCTLR_EL1: writeSctlr(c, v); break;
            case TPIDR_EL0: c.tpidr[0] = v; break;
            case TPIDR_EL1: c.tpidr[1] = v; break;
            case TPIDRRO_EL0: c.tpidrroEl0 = v; break;
            case TTBR0_EL1: case TTBR1_EL1:
                c.sysregStore[r.ordinal()] = v;
                c.mem.flushNonGlobal();   // ASIDs are honoured by dropping every nG entry
                break;
            case TCR_EL1: case MAIR_EL1: case TTBR0_EL2: case TCR_EL2: case MAIR_EL2:
                c.sysregStore[r.ordinal()] = v;
                c.mem.flushTlb();
                break;
            case SPSR_EL2: c.spsr[2] = v & 0xF030_03DFL; break;
            case ELR_EL2: c.elr[2] = v; break;
            case ESR_EL2: c.esr[2] = v & 0xFFFF_FFFFL; break;
            case FAR_EL2: c.far[2] = v; break;
            case VBAR_EL2: c.vbar[2] = v & ~0x7FFL; break;
            case SCTLR_EL2: c.sctlr[2] = v & ~(SCTLR_EE) | SysReg.SCTLR_EL2_RES1; c.mem.flushTlb(); break;
            case HCR_EL2: writeHcr(c, v); break;
            case TPIDR_EL2: c.tpidr[2] = v; break;
            case SP_EL1: c.spEl[1] = v; break;
            case PMCR_EL0:
                if ((v & 4) != 0) c.pmccntrBase = c.insnCount;   // C: reset the cycle counter
                c.pmccntrValue = cycleCounter(c);
                c.pmccntrBase = c.insnCount;
                c.sysregStore[r.ordinal()] = v & PMCR_RW;
                break;
            case PMCNTENSET_EL0: setPmuEnables(c, c.sysregStore[SysReg.PMCNTENSET_EL0.ordinal()] | v & PMU_CYCLE); break;
            case PMCNTENCLR_EL0: setPmuEnables(c, c.sysregStore[SysReg.PMCNTENSET_EL0.ordinal()] & ~(v & PMU_CYCLE)); break;
            case PMINTENSET_EL1: c.sysregStore[SysReg.PMINTENSET_EL1.ordinal()] |= v & PMU_CYCLE; break;
            case PMINTENCLR_EL1: c.sysregStore[SysReg.PMINTENSET_EL1.ordinal()] &= ~(v & PMU_CYCLE); break;
            case PMOVSSET_EL0: c.sysregStore[SysReg.PMOVSSET_EL0.ordinal()] |= v & PMU_CYCLE; break;
            case PMOVSCLR_EL0: c.sysregStore[SysReg.PMOVSSET_EL0.ordinal()] &= ~(v & PMU_CYCLE); break;
            case PMCCNTR_EL0: c.pmccntrValue = v; c.pmccntrBase = c.insnCount; break;
            case PMXEVTYPER_EL0: case PMXEVCNTR_EL0: case PMSWINC_EL0: break;
            case PMUSERENR_EL0: c.sysregStore[r.ordinal()] = v & 0xF; break;
            case OSLAR_EL1: c.osLock = (v & 1) != 0; break;
            case DBGCLAIMSET_EL1: c.sysregStore[SysReg.DBGCLAIMSET_EL1.ordinal()] |= v & 0xFF; break;
            case DBGCLAIMCLR_EL1: c.sysregStore[SysReg.DBGCLAIMSET_EL1.ordinal()] &= ~(v & 0xFF); break;
            default: c.sysregStore[r.ordinal()] = v; break;
        }
    }

    // ---- HCR_EL2 traps of EL1 (and EL0) register accesses to EL2 (Arm ARM D17.2.48) ------------

    private static final long HCR_TID1 = 1L << 16, HCR_TID2 = 1L << 17, HCR_TACR = 1L << 21, HCR_TSW = 1L << 22,
            HCR_TPC = 1L << 23, HCR_TPU = 1L << 24, HCR_TTLB = 1L << 25, HCR_TVM = 1L << 26, HCR_TDZ = 1L << 28,
            HCR_TRVM = 1L << 30;
    /** The HCR_EL2 bits that trap a read / a write of each register from EL1 (and EL0), by ordinal. */
    private static final long[] HCR_READ_TRAPS = new long[SysReg.values().length], HCR_WRITE_TRAPS = new long[SysReg.values().length];
    static {
        for (SysReg r : new SysReg[] {SysReg.SCTLR_EL1, SysReg.TTBR0_EL1, SysReg.TTBR1_EL1, SysReg.TCR_EL1, SysReg.ESR_EL1,
                SysReg.FAR_EL1, SysReg.AFSR0_EL1, SysReg.AFSR1_EL1, SysReg.MAIR_EL1, SysReg.AMAIR_EL1, SysReg.CONTEXTIDR_EL1}) {
            HCR_READ_TRAPS[r.ordinal()] = HCR_TRVM;
            HCR_WRITE_TRAPS[r.ordinal()] = HCR_TVM;
        }
        for (SysReg r : new SysReg[] {SysReg.ID_AA64PFR0_EL1, SysReg.ID_AA64DFR0_EL1, SysReg.ID_AA64ISAR0_EL1, SysReg.ID_AA64MMFR0_EL1}) {
            HCR_READ_TRAPS[r.ordinal()] = Cpu.HCR_TID3;
        }
        HCR_READ_TRAPS[SysReg.REVIDR_EL1.ordinal()] = HCR_TID1;
        HCR_READ_TRAPS[SysReg.AIDR_EL1.ordinal()] = HCR_TID1;
        for (SysReg r : new SysReg[] {SysReg.CTR_EL0, SysReg.CCSIDR_EL1, SysReg.CLIDR_EL1, SysReg.CSSELR_EL1}) {
            HCR_READ_TRAPS[r.ordinal()] = HCR_TID2;
            HCR_WRITE_TRAPS[r.ordinal()] = HCR_TID2;
        }
        HCR_READ_TRAPS[SysReg.ACTLR_EL1.ordinal()] = HCR_TACR;
        HCR_WRITE_TRAPS[SysReg.ACTLR_EL1.ordinal()] = HCR_TACR;
    }

    /** True when HCR_EL2 traps this access: from EL0 or EL1, Non-secure, EL2 implemented. */
    private static boolean hcrTraps(Cpu c, long bits) {
        return bits != 0 && c.el <= 1 && c.haveEl2 && !c.secure && (c.hcr & bits) != 0;
    }

    // ---- PMU: the cycle counter counts executed instructions (one cycle each) -------------------

    private static final long PMU_CYCLE = 1L << 31;
    /** PMCR_EL0 bits that hold state: E, LC, DP, X, D (P and C are write-only actions). */
    private static final long PMCR_RW = 0b111_1001;

    private static boolean cycleCounterRunning(Cpu c) {
        return (c.sysregStore[SysReg.PMCR_EL0.ordinal()] & 1) != 0
                && (c.sysregStore[SysReg.PMCNTENSET_EL0.ordinal()] & PMU_CYCLE) != 0;
    }

    private static long cycleCounter(Cpu c) {
        return cycleCounterRunning(c) ? c.pmccntrValue + (c.insnCount - c.pmccntrBase) : c.pmccntrValue;
    }

    private static void setPmuEnables(Cpu c, long enables) {
        c.pmccntrValue = cycleCounter(c);
        c.pmccntrBase = c.insnCount;
        c.sysregStore[SysReg.PMCNTENSET_EL0.ordinal()] = enables;
    }

    /** PMUSERENR_EL0 (Arm ARM D17.5.15): EN opens everything to EL0, CR the cycle counter reads. */
    private static boolean pmuEl0Allowed(Cpu c, SysReg r) {
        long en = c.sysregStore[SysReg.PMUSERENR_EL0.ordinal()];
        if (r == SysReg.PMUSERENR_EL0) return true;
        if ((en & 1) != 0) return true;
        return r == SysReg.PMCCNTR_EL0 && (en & 4) != 0;
    }

    /** HCR_EL2: AArch32 is not implemented at EL1, so RW is RES1; stage 2 (VM) is not implemented yet. */
    private static void writeHcr(Cpu c, long v) {
        v |= Cpu.HCR_RW;
        if ((v & Cpu.HCR_VM) != 0) {
            c.requestStop(StopReason.UNSUPPORTED, 1, "the guest enabled stage 2 translation (HCR_EL2.VM), not implemented yet");
        }
        c.hcr = v;
        c.mem.flushTlb();
        c.exitRequest = 1;   // routing or virtual interrupts may have changed
    }

    private static void writeSctlr(Cpu c, long v) {
        // Mixed-endian support is not advertised (ID_AA64MMFR0.BigEnd = 0): EE and E0E are RES0.
        v &= ~(SCTLR_EE | SCTLR_E0E);
        c.sctlr[1] = v | SysReg.SCTLR_EL1_RESET & 0x30D0_0800L;
        c.mem.flushTlb();
    }

    // SYS instruction keys (op0=1): op1:CRn:CRm:op2.
    private static int sysKey(int op1, int crn, int crm, int op2) { return SysReg.key(1, op1, crn, crm, op2); }

    private static final int DC_ZVA = sysKey(3, 7, 4, 1);
    private static final int DC_CVAC = sysKey(3, 7, 10, 1), DC_CVAU = sysKey(3, 7, 11, 1), DC_CIVAC = sysKey(3, 7, 14, 1);
    private static final int DC_IVAC = sysKey(0, 7, 6, 1), DC_ISW = sysKey(0, 7, 6, 2), DC_CSW = sysKey(0, 7, 10, 2), DC_CISW = sysKey(0, 7, 14, 2);
    private static final int IC_IALLUIS = sysKey(0, 7, 1, 0), IC_IALLU = sysKey(0, 7, 5, 0), IC_IVAU = sysKey(3, 7, 5, 1);

    public static void sys(Cpu c, int i) {
        int key = (i >>> 5) & 0xFFFF;
        int op1 = (key >>> 11) & 7, crn = (key >>> 7) & 15, crm = (key >>> 3) & 15, op2 = key & 7;
        long xt = c.x[i & 31];
        if (key == DC_ZVA) {
            if (c.el == 0 && (c.sctlr[1] & SCTLR_DZE) == 0 && !c.tgeActive()) throw trapEl0(c, i);
            if (hcrTraps(c, HCR_TDZ)) throw trapTo(c, i, 2);
            c.mem.zeroBlock(xt, 64);
            return;
        }
        if (key == DC_CVAC || key == DC_CVAU || key == DC_CIVAC || key == IC_IVAU) {
            if (!c.tgeActive()) checkEl0(c, SCTLR_UCI, i);
            if (hcrTraps(c, key == DC_CVAU || key == IC_IVAU ? HCR_TPU : HCR_TPC)) throw trapTo(c, i, 2);
            c.mem.cacheMaintenance(xt);   // caches are not modelled, but the VA must translate
            if (key == IC_IVAU) c.codeInvalidated(xt);
            return;
        }
        if (c.el == 0) throw c.undefined();
        if (key == DC_IVAC) {
            if (hcrTraps(c, HCR_TPC)) throw trapTo(c, i, 2);
            c.mem.cacheMaintenance(xt);
            return;
        }
        if (key == DC_ISW || key == DC_CSW || key == DC_CISW) {
            if (hcrTraps(c, HCR_TSW)) throw trapTo(c, i, 2);
            return;
        }
        if (key == IC_IALLUIS || key == IC_IALLU) {
            if (hcrTraps(c, HCR_TPU)) throw trapTo(c, i, 2);
            c.codeInvalidated(-1);
            return;
        }
        if (crn == 7 && crm == 8) {                   // AT (Arm ARM C5.5)
            addressTranslate(c, op1, op2);
            return;
        }
        if (crn == 8 && isTlbi(c, op1, crm, op2)) {
            if (op1 == 0 && hcrTraps(c, HCR_TTLB)) throw trapTo(c, i, 2);
            tlbi(c, crm, op2, xt);
            return;
        }
        throw c.undefined();
    }

    /**
     * Performs a TLBI whose encoding {@link #isTlbi} accepted: the by-VA forms (op2 = 1, 3, 5, 7
     * with CRm = 3 or 7: VAE1, VAAE1, VALE1, VAALE1, VAE2, VALE2 and their IS forms) drop the
     * entries of one address, every other form drops everything (always allowed). The IS forms
     * (CRm = 3, and CRm = 0 for IPAS2E1IS) reach every PE of the Inner Shareable domain.
     */
    private static void tlbi(Cpu c, int crm, int op2, long xt) {
        boolean byVa = (crm == 3 || crm == 7) && (op2 & 1) != 0;
        long va = xt << 20 >> 8;   // Xt[43:0] is VA[55:12]; VA[63:56] copy bit 55
        Cpu[] domain = (crm == 3 || crm == 0) && c.innerShareable != null ? c.innerShareable : null;
        if (domain == null) {
            tlbiOne(c, byVa, va);
        } else {
            for (Cpu pe : domain) tlbiOne(pe, byVa, va);
        }
    }

    private static void tlbiOne(Cpu pe, boolean byVa, long va) {
        if (byVa) pe.mem.flushTlbVa(va); else pe.mem.flushTlb();
        pe.translationsInvalidated();   // translated code may depend on the old mapping
    }

    /**
     * The TLBI encodings of Armv8.0 (Arm ARM C5.5): EL1 forms (op1 = 0) from EL1 up, EL2 forms
     * (op1 = 4) at EL2 only; EL3 forms (op1 = 6) do not exist for guest code.
     */
    private static boolean isTlbi(Cpu c, int op1, int crm, int op2) {
        if (op1 == 0) return (crm == 3 || crm == 7) && (0b1010_1111 >>> op2 & 1) != 0;
        if (op1 == 4 && c.el >= 2 && c.haveEl2) {
            if (crm == 0 || crm == 4) return op2 == 1 || op2 == 5;   // IPAS2E1[IS], IPAS2LE1[IS]
            if (crm == 3 || crm == 7) return (0b0111_0011 >>> op2 & 1) != 0;   // ALLE2 VAE2 ALLE1 VALE2 VMALLS12E1
        }
        return false;
    }

    /**
     * AT S1E1R/W, S1E0R/W (op1 = 0) and S1E2R/W, S12E1R/W, S12E0R/W (op1 = 4). Stage 2 is never
     * enabled, so the S12 forms give the stage 1 result. The result goes to PAR_EL1.
     */
    private static void addressTranslate(Cpu c, int op1, int op2) {
        int el;
        if (op1 == 0 && op2 <= 3) {
            el = op2 <= 1 ? 1 : 0;
        } else if (op1 == 4 && c.el >= 2 && c.haveEl2 && (op2 <= 1 || op2 >= 4)) {
            el = op2 <= 1 ? 2 : (op2 <= 5 ? 1 : 0);
        } else {
            throw c.undefined();
        }
        boolean write = (op2 & 1) != 0;
        c.sysregStore[SysReg.PAR_EL1.ordinal()] = c.mem.addressTranslate(c.x[c.curInsn & 31], el, write);
    }
}
