package dev.jaffa.interp.integer;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;

/** Branches and exception-generating instructions (Arm ARM C4.1.3). */
public final class Branches {
    private Branches() {}

    public static void bCond(Cpu c, int i) {
        if (Alu.conditionHolds(i & 15, c.nzcv)) c.pc = c.curPc + ((long) (i << 8) >> 11 & ~3L);
    }

    public static void bBl(Cpu c, int i) {
        if (i < 0) c.x[30] = c.curPc + 4;
        c.pc = c.curPc + ((long) (i << 6) >> 4);  // sext(imm26) * 4
    }

    public static void cbzCbnz(Cpu c, int i) {
        long v = c.x[i & 31];
        if (i >= 0) v &= 0xFFFF_FFFFL;
        boolean zero = v == 0, nonZero = (i & (1 << 24)) != 0;
        if (zero != nonZero) c.pc = c.curPc + ((long) (i << 8) >> 11 & ~3L);
    }

    public static void tbzTbnz(Cpu c, int i) {
        int bit = (i >>> 31) << 5 | (i >>> 19) & 31;
        boolean set = (c.x[i & 31] >>> bit & 1) != 0, wantSet = (i & (1 << 24)) != 0;
        if (set == wantSet) c.pc = c.curPc + ((long) (i << 13) >> 16 & ~3L);  // sext(imm14) * 4
    }

    public static void br(Cpu c, int i) { c.pc = c.x[(i >>> 5) & 31]; }

    public static void blr(Cpu c, int i) {
        long target = c.x[(i >>> 5) & 31];
        c.x[30] = c.curPc + 4;
        c.pc = target;
    }

    public static void eret(Cpu c) {
        if (c.el == 0) throw c.undefined();
        c.exceptionReturn();
    }

    public static void svc(Cpu c, int i) {
        // Not thrown: nothing of the instruction is left to abandon, and unwinding compiled frames
        // costs more than the rest of a system call or an FF-A call from a partition.
        c.takeSync(c.syncTargetEl(), Esr.EC_SVC64, (i >>> 5) & 0xFFFF, c.pc);
    }

    /**
     * HVC: UNDEFINED at EL0; with EL2 implemented it is taken to EL2 (SCR_EL3.HCE is set by our
     * monitor) with the return address after the HVC; without EL2 the platform may answer it
     * (PSCI through HVC on QEMU's virt without virtualization), else UNDEFINED.
     */
    public static void hvc(Cpu c, int i) {
        int imm = (i >>> 5) & 0xFFFF;
        if (c.el == 0 || c.secure) throw c.undefined();
        if (c.haveEl2) throw c.takeSync(2, Esr.EC_HVC64, imm, c.pc);
        if (!c.traps.hvc(c, imm)) throw c.undefined();
    }

    /**
     * SMC: UNDEFINED at EL0; HCR_EL2.TSC traps it from EL1 to EL2 (return address: the SMC
     * itself); otherwise it enters the EL3 monitor, which is Java.
     */
    public static void smc(Cpu c, int i) {
        int imm = (i >>> 5) & 0xFFFF;
        if (c.el == 0) throw c.undefined();
        if (c.el == 1 && c.haveEl2 && !c.secure && (c.hcr & Cpu.HCR_TSC) != 0) {
            throw c.takeSync(2, Esr.EC_SMC64, imm, c.curPc);
        }
        if (!c.traps.smc(c, imm)) throw c.undefined();
    }

    public static void brk(Cpu c, int i) {
        throw c.takeSync(c.syncTargetEl(), Esr.EC_BRK64, (i >>> 5) & 0xFFFF, c.curPc);
    }

    /** HLT is UNDEFINED without halting debug; semihosting claims HLT #0xF000. */
    public static void hlt(Cpu c, int i) {
        if (!c.traps.hlt(c, (i >>> 5) & 0xFFFF)) throw c.undefined();
    }
}
