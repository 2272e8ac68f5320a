package dev.jaffa.interp;

/**
 * Runs a CPU: the interpreter, or the JIT. The contract is {@link Interpreter#run}'s: execute until
 * {@code budget} more instructions have been attempted, the guest stops, or someone sets
 * {@link Cpu#exitRequest}; return the number of instructions attempted. Every engine leaves the CPU
 * in the state the interpreter would have after the same number of instructions.
 */
@FunctionalInterface
public interface ExecutionEngine {
    long run(Cpu cpu, long budget, InsnTracer tracer);
}
