package dev.jaffa.jit;

import dev.jaffa.interp.ArchState;
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
        // The architectural state as ArchState declares it, then run control the engines must agree on.
        StringBuilder sb = new StringBuilder(ArchState.differences(j, i));
        if (j.x[31] != 0 || i.x[31] != 0) diff(sb, "x31", j.x[31], i.x[31]);
        if (j.curPc != i.curPc) diff(sb, "curPc", j.curPc, i.curPc);
        if (j.curInsn != i.curInsn) diff(sb, "curInsn", j.curInsn, i.curInsn);
        if (j.insnCount != i.insnCount) diff(sb, "insnCount", j.insnCount, i.insnCount);
        if (j.exclusiveAddr != i.exclusiveAddr) diff(sb, "exclusiveAddr", j.exclusiveAddr, i.exclusiveAddr);
        if (j.exceptionCount != i.exceptionCount) diff(sb, "exceptionCount", j.exceptionCount, i.exceptionCount);
        if (!Arrays.equals(j.recentPcs(), i.recentPcs())) sb.append(" recentPc");
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
