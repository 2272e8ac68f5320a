package dev.jaffa.jit;

import dev.jaffa.interp.Cpu;


/**
 * A translated guest region: an instance of a hidden class whose {@link #execute} holds the
 * translation. It runs at most until {@code end} (an {@link Cpu#insnCount} value)
 * and returns {@link #EXIT_BRANCH} when the CPU is at a block boundary, or {@link #EXIT_INTERPRET}
 * when the instruction at {@link Cpu#pc} must be executed by the interpreter (not translated, a
 * software TLB miss, or too little budget left for a pass through the block). An abstract class
 * rather than an interface: the dispatcher's megamorphic call is then a vtable call, not an itable
 * search.
 */
public abstract class CompiledBlock {
    public static final int EXIT_BRANCH = 0, EXIT_INTERPRET = 1;

    public abstract int execute(Cpu cpu, long end);
}
