package dev.jaffa.interp;

/**
 * What happens when guest code asks for something outside the CPU: firmware calls and semihosting.
 * The CPU is positioned after the instruction (PC = next) when these are called. A handler returns
 * true when it has dealt with the call (editing CPU state as it likes); false makes the CPU take the
 * architectural exception (UNDEFINED where no higher EL implements the instruction).
 */
public interface TrapSink {
    /** HLT #imm16 (semihosting uses 0xF000 in A64). */
    default boolean hlt(Cpu cpu, int imm16) { return false; }

    /** SMC #imm16 from EL1 or above: the EL3 monitor. */
    default boolean smc(Cpu cpu, int imm16) { return false; }

    /** HVC #imm16: handled here only when no EL2 is implemented in guest code. */
    default boolean hvc(Cpu cpu, int imm16) { return false; }

    TrapSink NONE = new TrapSink() {};
}
