package dev.jaffa.jit;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Interpreter;
import java.util.Arrays;

/**
 * Runs a JIT CPU and an interpreter CPU side by side: after every translated block the interpreter
 * catches up to the same instruction count and the architectural state of both must be equal.
 */
final class Lockstep implements JitEngine.BlockObserver {
    private final Cpu reference;
    long comparisons;

    Lockstep(Cpu reference) { this.reference = reference; }

    @Override
    public void afterBlock(Cpu cpu) {
        catchUp(cpu);
        compare(cpu, reference);
        comparisons++;
    }

    void catchUp(Cpu cpu) {
        long d = cpu.insnCount - reference.insnCount;
        if (d > 0) Interpreter.run(reference, d, null);
    }

    /** Throws an AssertionError naming every field that differs. */
    static void compare(Cpu j, Cpu i) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 32; r++) if (j.x[r] != i.x[r]) diff(sb, "x" + r, j.x[r], i.x[r]);
        for (int e = 0; e < 4; e++) {
            if (j.spEl[e] != i.spEl[e]) diff(sb, "sp_el" + e, j.spEl[e], i.spEl[e]);
            if (j.elr[e] != i.elr[e]) diff(sb, "elr" + e, j.elr[e], i.elr[e]);
            if (j.spsr[e] != i.spsr[e]) diff(sb, "spsr" + e, j.spsr[e], i.spsr[e]);
            if (j.esr[e] != i.esr[e]) diff(sb, "esr" + e, j.esr[e], i.esr[e]);
            if (j.far[e] != i.far[e]) diff(sb, "far" + e, j.far[e], i.far[e]);
        }
        if (j.pc != i.pc) diff(sb, "pc", j.pc, i.pc);
        if (j.curPc != i.curPc) diff(sb, "curPc", j.curPc, i.curPc);
        if (j.curInsn != i.curInsn) diff(sb, "curInsn", j.curInsn, i.curInsn);
        if (j.insnCount != i.insnCount) diff(sb, "insnCount", j.insnCount, i.insnCount);
        if (j.pstate() != i.pstate()) diff(sb, "pstate", j.pstate(), i.pstate());
        if (j.exclusiveAddr != i.exclusiveAddr) diff(sb, "exclusiveAddr", j.exclusiveAddr, i.exclusiveAddr);
        if (j.exceptionCount != i.exceptionCount) diff(sb, "exceptionCount", j.exceptionCount, i.exceptionCount);
        if (!Arrays.equals(j.sysregStore, i.sysregStore)) sb.append(" sysregs");
        if (!Arrays.equals(j.recentPc, i.recentPc)) sb.append(" recentPc");
        if (j.stopReason != i.stopReason) sb.append(" stop ").append(j.stopReason).append('/').append(i.stopReason);
        if (sb.length() > 0) {
            throw new AssertionError(String.format("JIT and interpreter differ after %d instructions (pc 0x%x, last 0x%x):%s",
                    i.insnCount, i.pc, i.curPc, sb));
        }
    }

    private static void diff(StringBuilder sb, String name, long jit, long interp) {
        sb.append(String.format(" %s jit=0x%x interp=0x%x;", name, jit, interp));
    }
}
