package dev.jaffa.monitor;

import dev.jaffa.interp.ArchState;
import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.system.SysReg;


/**
 * The EL1&0 context of one security state, saved and restored by the monitor's world switch
 * (what TF-A's context management does for the SPMD): exactly the items {@link ArchState}
 * declares as a world's — general and SIMD&FP registers, PC and PSTATE, FPCR/FPSR, the EL0 and
 * EL1 stack pointers and the EL1 system registers.
 */
public final class CpuContext {
    private static final int X = ArchState.worldOffset("x0-x30"), PC = ArchState.worldOffset("pc"),
            PSTATE = ArchState.worldOffset("pstate"), SP_EL0 = ArchState.worldOffset("sp_el0"),
            SECURE = ArchState.worldOffset("secure"), SCTLR_EL1 = ArchState.worldOffset("sctlr_el1");

    final long[] state = new long[ArchState.worldSize()];

    /**
     * A context that starts at {@code pc} in EL0t with SP_EL0 = {@code spEl0}, PSTATE.DAIF =
     * {@code daif}, and the given EL1 translation registers: how the SPMC creates a partition.
     * SIMD&FP is enabled at EL0 (CPACR_EL1.FPEN = 0b11), as OP-TEE gives its partitions.
     */
    public static CpuContext forEl0Entry(long pc, long spEl0, int daif, boolean secure, long sctlr, long ttbr0, long tcr, long mair) {
        CpuContext c = new CpuContext();
        c.state[PC] = pc;
        c.state[PSTATE] = (long) (daif & 0xF) << 6;   // EL0t
        c.state[SP_EL0] = spEl0;
        c.state[SCTLR_EL1] = sctlr;
        c.state[SECURE] = secure ? 1 : 0;
        c.set(SysReg.TTBR0_EL1, ttbr0);
        c.set(SysReg.TCR_EL1, tcr);
        c.set(SysReg.MAIR_EL1, mair);
        c.set(SysReg.CPACR_EL1, 3L << 20);
        return c;
    }

    private void set(SysReg r, long v) {
        state[ArchState.worldOffset(r.name().toLowerCase(java.util.Locale.ROOT))] = v;
    }

    public long pc() { return state[PC]; }

    /** Sets PSTATE.DAIF in the saved state (what the partition resumes with). */
    public void setDaif(int daif) { state[PSTATE] = state[PSTATE] & ~0x3C0L | (long) (daif & 0xF) << 6; }

    public void setX(int n, long v) { state[X + n] = v; }

    public long x(int n) { return state[X + n]; }

    /** Captures {@code cpu}'s current EL1/EL0 context (PC = the address execution resumes at). */
    public void save(Cpu cpu) { ArchState.saveWorld(cpu, state); }

    /** Installs this context on {@code cpu}: the world switch's second half. */
    public void restore(Cpu cpu) { restore(cpu, state, 0); }

    /** {@link #restore(Cpu)}, then x0..x{@code n-1} = {@code args}: the registers a call or a return delivers. */
    public void restore(Cpu cpu, long[] args, int n) {
        ArchState.restoreWorld(cpu, state, args, n);   // setPstate there sets the SP index too
        cpu.exclusiveAddr = -1;   // a world switch clears the local monitor, as an exception return would
        // Each security state has its own TLB context, so the normal world's entries survive a
        // world switch; whoever changes the Secure translation tables flushes its context.
        cpu.mem.contextChanged();
        // Interrupt routing and masking depend on the security state and PSTATE: a pending
        // interrupt may be taken now, as after an exception return (the condition of
        // Cpu.exceptionReturn). Without one, no exit: exitRequest is volatile, and writing it
        // (and clearing it again at the next boundary) drains the store buffer twice per switch.
        if (cpu.interruptLines != 0 || (cpu.hcr & (Cpu.HCR_VI | Cpu.HCR_VF | Cpu.HCR_VSE)) != 0) cpu.exitRequest = 1;
    }

    /** The saved values, in {@code ArchState.saveWorld} order (for snapshots, which save and restore them in place). */
    public long[] values() { return state; }
}
