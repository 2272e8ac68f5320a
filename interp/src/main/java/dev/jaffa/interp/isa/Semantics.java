package dev.jaffa.interp.isa;

import dev.jaffa.interp.Cpu;


/**
 * The meaning of one instruction row, written once: the interpreter calls it, and the JIT calls the
 * same object from translated code (HotSpot inlines it at each monomorphic call site). It reads
 * and writes architectural state in {@link Cpu} and raises exceptions with {@code throw
 * c.takeSync(...)}, {@code c.undefined()} or a memory access that faults; when it throws, it must
 * not have changed any register (only a load's destination registers may be UNKNOWN).
 */
@FunctionalInterface
public interface Semantics {
    void exec(Cpu c, int insn);
}
