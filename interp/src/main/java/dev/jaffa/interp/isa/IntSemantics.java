package dev.jaffa.interp.isa;

import dev.jaffa.interp.integer.IntOps;

/**
 * The meaning of one integer instruction row, written once against {@link IntOps}: the interpreter
 * runs it on the CPU ({@code Cpu.ops}), the JIT runs it on its bytecode emitter at translation
 * time, which writes the instruction inline (registers and lazy flags in JVM locals). It must not
 * raise exceptions (reserved encodings are excluded in the row) nor branch on values.
 */
@FunctionalInterface
public interface IntSemantics {
    void exec(IntOps o, int insn);
}
