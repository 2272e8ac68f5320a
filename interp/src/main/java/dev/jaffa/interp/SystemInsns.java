package dev.jaffa.interp;

/** Hints, barriers, PSTATE access, system registers and system instructions (Arm ARM C5). */
final class SystemInsns {
    private SystemInsns() {}

    /** HINT space: CRm:op2. Unallocated hints (PAC, BTI, ESB, CSDB, ...) execute as NOP. */
    static void hint(Cpu c, int i) {
        int op = (i >>> 5) & 0x7F;
        switch (op) {
            case 2:                                   // WFE: may complete at any time; the event register is not modelled
                break;
            case 3:                                   // WFI
                if (!c.traps.waitForInterrupt(c)) {
                    c.requestStop(StopReason.WAIT_FOREVER, 1,
                            "WFI with no interrupt source that could wake the CPU");
                }
                break;
            default:                                  // NOP, YIELD, SEV, SEVL and the rest of the hint space
                break;
        }
    }

    /** Traps an EL0 access that the SCTLR_EL1 bit {@code sctlrBit} has not opened to EL0. */
    private static void checkEl0(Cpu c, long sctlrBit, int insn) {
        if (c.el == 0 && (c.sctlr[1] & sctlrBit) == 0) throw trapEl0(c, insn);
    }

    /** EC 0x18 with the ISS describing the MSR/MRS/SYS access (Arm ARM D17.2.37, ISS for EC 0x18). */
    private static ExceptionTaken trapEl0(Cpu c, int i) {
        int iss = ((i >>> 19) & 3) << 20 | ((i >>> 5) & 7) << 17 | ((i >>> 16) & 7) << 14
                | ((i >>> 12) & 15) << 10 | (i & 31) << 5 | ((i >>> 8) & 15) << 1 | ((i >>> 21) & 1);
        return c.takeSync(1, Esr.EC_SYSREG, iss, c.curPc);
    }

    private static final long SCTLR_UMA = 1L << 9, SCTLR_DZE = 1L << 14, SCTLR_UCT = 1L << 15, SCTLR_UCI = 1L << 26;
    private static final long SCTLR_M = 1, SCTLR_EE = 1L << 25, SCTLR_E0E = 1L << 24;

    static void msrImmediate(Cpu c, int i) {
        int op1 = (i >>> 16) & 7, op2 = (i >>> 5) & 7, crm = (i >>> 8) & 15;
        switch (op1 << 3 | op2) {
            case 0b000_101:                           // SPSel
                if (c.el == 0) throw c.undefined();
                c.spSel = (crm & 1) != 0;
                c.updateSpIndex();
                break;
            case 0b011_110:                           // DAIFSet
                checkEl0(c, SCTLR_UMA, i);
                c.daif |= crm;
                break;
            case 0b011_111:                           // DAIFClr
                checkEl0(c, SCTLR_UMA, i);
                c.daif &= ~crm;
                break;
            default:
                throw c.undefined();
        }
    }

    static void mrs(Cpu c, int i) {
        int key = (i >>> 5) & 0xFFFF;
        c.setX(i & 31, read(c, key, i));
    }

    static void msr(Cpu c, int i) {
        int key = (i >>> 5) & 0xFFFF;
        write(c, key, c.x[i & 31], i);
    }

    private static SysReg lookup(Cpu c, int key) {
        SysReg r = SysReg.byKey(key);
        if (r == null) return null;
        if (c.el < r.minEl) throw c.undefined();
        return r;
    }

    static long read(Cpu c, int key, int insn) {
        SysReg r = lookup(c, key);
        if (r == null) {
            SysRegHook h = c.sysRegHook;
            if (h != null && h.implementsKey(key)) return h.read(c, key);
            if (SysReg.isRazIdSpace(key) && c.el >= 1) return 0;
            throw c.undefined();
        }
        switch (r) {
            case NZCV: return (long) c.nzcv << 28;
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
            case MIDR_EL1: return SysReg.MIDR;
            case MPIDR_EL1: return 0x8000_0000L | c.index;
            case REVIDR_EL1: return 0;
            case ID_AA64PFR0_EL1: return SysReg.ID_AA64PFR0;
            case ID_AA64DFR0_EL1: return SysReg.ID_AA64DFR0;
            case ID_AA64ISAR0_EL1: return SysReg.ID_AA64ISAR0;
            case ID_AA64MMFR0_EL1: return SysReg.ID_AA64MMFR0;
            case CTR_EL0: checkEl0(c, SCTLR_UCT, insn); return SysReg.CTR;
            case DCZID_EL0: return SysReg.DCZID | ((c.el == 0 && (c.sctlr[1] & SCTLR_DZE) == 0) ? 1 << 4 : 0);
            case CLIDR_EL1: return 0x0A20_0023L;   // L1 separate I/D, L2 unified; LoUU=1, LoC=2
            case CCSIDR_EL1: return 0x700F_E01AL;  // 32 KiB, 64-byte lines, 2-way (a plausible geometry)
            case AIDR_EL1: return 0;
            default: return c.sysregStore[r.ordinal()];
        }
    }

    static void write(Cpu c, int key, long v, int insn) {
        SysReg r = lookup(c, key);
        if (r == null) {
            SysRegHook h = c.sysRegHook;
            if (h != null && h.implementsKey(key)) { h.write(c, key, v); return; }
        }
        if (r == null || r.access == SysReg.Access.RO || r.access == SysReg.Access.RW_EL1_RO_EL0 && c.el == 0) {
            throw c.undefined();
        }
        switch (r) {
            case NZCV: c.nzcv = (int) (v >>> 28) & 15; break;
            case DAIF: checkEl0(c, SCTLR_UMA, insn); c.daif = (int) (v >>> 6) & 15; break;
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
            default: c.sysregStore[r.ordinal()] = v; break;
        }
    }

    private static void writeSctlr(Cpu c, long v) {
        // Mixed-endian support is not advertised (ID_AA64MMFR0.BigEnd = 0): EE and E0E are RES0.
        v &= ~(SCTLR_EE | SCTLR_E0E);
        if ((v & SCTLR_M) != 0) {
            c.requestStop(StopReason.UNSUPPORTED, 1, "the guest enabled the stage 1 MMU (SCTLR_EL1.M), not implemented yet");
        }
        c.sctlr[1] = v | SysReg.SCTLR_EL1_RESET & 0x30D0_0800L;
        c.mem.flushTlb();
    }

    // SYS instruction keys (op0=1): op1:CRn:CRm:op2.
    private static int sysKey(int op1, int crn, int crm, int op2) { return SysReg.key(1, op1, crn, crm, op2); }

    private static final int DC_ZVA = sysKey(3, 7, 4, 1);
    private static final int DC_CVAC = sysKey(3, 7, 10, 1), DC_CVAU = sysKey(3, 7, 11, 1), DC_CIVAC = sysKey(3, 7, 14, 1);
    private static final int DC_IVAC = sysKey(0, 7, 6, 1), DC_ISW = sysKey(0, 7, 6, 2), DC_CSW = sysKey(0, 7, 10, 2), DC_CISW = sysKey(0, 7, 14, 2);
    private static final int IC_IALLUIS = sysKey(0, 7, 1, 0), IC_IALLU = sysKey(0, 7, 5, 0), IC_IVAU = sysKey(3, 7, 5, 1);

    static void sys(Cpu c, int i) {
        int key = (i >>> 5) & 0xFFFF;
        int op1 = (key >>> 11) & 7, crn = (key >>> 7) & 15;
        if (key == DC_ZVA) {
            if (c.el == 0 && (c.sctlr[1] & SCTLR_DZE) == 0) throw trapEl0(c, i);
            c.mem.zeroBlock(c.x[i & 31], 64);
            return;
        }
        if (key == DC_CVAC || key == DC_CVAU || key == DC_CIVAC || key == IC_IVAU) {
            checkEl0(c, SCTLR_UCI, i);
            return;   // caches are not modelled; the code cache listens to the engine's own invalidation
        }
        if (c.el == 0) throw c.undefined();
        if (key == DC_IVAC || key == DC_ISW || key == DC_CSW || key == DC_CISW || key == IC_IALLUIS || key == IC_IALLU) {
            return;
        }
        int crm = (key >>> 3) & 15, op2 = key & 7;
        if (op1 == 0 && crn == 8 && (crm == 3 || crm == 7) && (0b1010_1111 >>> op2 & 1) != 0) {
            c.mem.flushTlb();                         // TLBI VMALLE1, VAE1, ASIDE1, VAAE1, VALE1, VAALE1 [IS]
            return;
        }
        throw c.undefined();                          // AT and the rest arrive with the MMU
    }
}
