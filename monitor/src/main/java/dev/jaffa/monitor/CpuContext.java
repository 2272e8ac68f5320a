package dev.jaffa.monitor;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.SysReg;

/**
 * The EL1/EL0 context of one security state, saved and restored by the monitor's world switch
 * (what TF-A's context management does for the SPMD): general registers, PC and PSTATE, the EL0
 * and EL1 stack pointers, and the EL1 system registers that a world owns.
 */
public final class CpuContext {
    private static final SysReg[] EL1_REGS = {
        SysReg.TTBR0_EL1, SysReg.TTBR1_EL1, SysReg.TCR_EL1, SysReg.MAIR_EL1, SysReg.AMAIR_EL1, SysReg.PAR_EL1,
        SysReg.CONTEXTIDR_EL1, SysReg.CPACR_EL1, SysReg.ACTLR_EL1, SysReg.AFSR0_EL1, SysReg.AFSR1_EL1,
        SysReg.CSSELR_EL1, SysReg.MDSCR_EL1,
    };

    final long[] x = new long[31];
    long pc, pstate, spEl0, spEl1, elr1, spsr1, esr1, far1, vbar1, sctlr1, tpidr0, tpidr1, tpidrro0;
    final long[] regs = new long[EL1_REGS.length];
    boolean secure;

    /**
     * A context that starts at {@code pc} in EL0t with SP_EL0 = {@code spEl0}, PSTATE.DAIF =
     * {@code daif}, and the given EL1 translation registers: how the SPMC creates a partition.
     */
    public static CpuContext forEl0Entry(long pc, long spEl0, int daif, boolean secure, long sctlr, long ttbr0, long tcr, long mair) {
        CpuContext c = new CpuContext();
        c.pc = pc;
        c.pstate = (long) (daif & 0xF) << 6;   // EL0t
        c.spEl0 = spEl0;
        c.sctlr1 = sctlr;
        c.secure = secure;
        c.set(SysReg.TTBR0_EL1, ttbr0);
        c.set(SysReg.TCR_EL1, tcr);
        c.set(SysReg.MAIR_EL1, mair);
        return c;
    }

    private void set(SysReg r, long v) {
        for (int i = 0; i < EL1_REGS.length; i++) {
            if (EL1_REGS[i] == r) regs[i] = v;
        }
    }

    public long pc() { return pc; }

    /** Sets PSTATE.DAIF in the saved state (what the partition resumes with). */
    public void setDaif(int daif) { pstate = pstate & ~0x3C0L | (long) (daif & 0xF) << 6; }

    public void setX(int n, long v) { x[n] = v; }

    public long x(int n) { return x[n]; }

    /** Captures {@code cpu}'s current EL1/EL0 context (PC = the address execution resumes at). */
    public void save(Cpu cpu) {
        System.arraycopy(cpu.x, 0, x, 0, 31);
        pc = cpu.pc;
        pstate = cpu.pstate();
        spEl0 = cpu.spEl[0];
        spEl1 = cpu.spEl[1];
        elr1 = cpu.elr[1];
        spsr1 = cpu.spsr[1];
        esr1 = cpu.esr[1];
        far1 = cpu.far[1];
        vbar1 = cpu.vbar[1];
        sctlr1 = cpu.sctlr[1];
        tpidr0 = cpu.tpidr[0];
        tpidr1 = cpu.tpidr[1];
        tpidrro0 = cpu.tpidrroEl0;
        for (int i = 0; i < EL1_REGS.length; i++) regs[i] = cpu.sysregStore[EL1_REGS[i].ordinal()];
        secure = cpu.secure;
    }

    /** Installs this context on {@code cpu}: the world switch's second half. */
    public void restore(Cpu cpu) {
        System.arraycopy(x, 0, cpu.x, 0, 31);
        cpu.x[31] = 0;
        cpu.pc = pc;
        cpu.nzcv = (int) (pstate >>> 28) & 0xF;
        cpu.daif = (int) (pstate >>> 6) & 0xF;
        cpu.el = (int) (pstate >>> 2) & 3;
        cpu.spSel = (pstate & 1) != 0;
        cpu.illegalState = (pstate & 1L << 20) != 0;
        cpu.spEl[0] = spEl0;
        cpu.spEl[1] = spEl1;
        cpu.elr[1] = elr1;
        cpu.spsr[1] = spsr1;
        cpu.esr[1] = esr1;
        cpu.far[1] = far1;
        cpu.vbar[1] = vbar1;
        cpu.sctlr[1] = sctlr1;
        cpu.tpidr[0] = tpidr0;
        cpu.tpidr[1] = tpidr1;
        cpu.tpidrroEl0 = tpidrro0;
        for (int i = 0; i < EL1_REGS.length; i++) cpu.sysregStore[EL1_REGS[i].ordinal()] = regs[i];
        cpu.secure = secure;
        cpu.exclusiveAddr = -1;   // a world switch clears the local monitor, as an exception return would
        cpu.updateSpIndex();
        // Each security state has its own TLB context, so the normal world's entries survive a
        // world switch; whoever changes the Secure translation tables flushes its context.
        cpu.mem.contextChanged();
        cpu.exitRequest = 1;      // interrupt routing depends on the security state
    }
}
