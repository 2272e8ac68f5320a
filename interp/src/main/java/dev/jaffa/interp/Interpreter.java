package dev.jaffa.interp;

import dev.jaffa.interp.isa.A64Table;

/**
 * The interpreting engine: fetch, decode through the encoding table, dispatch to the semantic
 * methods. Exceptions raised inside an instruction have already redirected the CPU to its vector
 * when {@link ExceptionTaken} unwinds to here.
 */
public final class Interpreter {
    private Interpreter() {}

    /** Executes one already-fetched instruction at {@code cpu.curPc} (with {@code cpu.pc} = next). */
    public static void execute(Cpu c, int i) { A64Table.execute(c, i); }

    /**
     * One instruction boundary to the next, exactly as {@link #run} does it (without looking at
     * {@link Cpu#exitRequest}): record the PC, count, check PC alignment and PSTATE.IL, fetch,
     * advance the PC, execute. Throws {@link ExceptionTaken} when the instruction takes an exception.
     */
    public static void step(Cpu c, InsnTracer tracer) {
        long pc = c.pc;
        c.curPc = pc;
        c.recentPc[(int) c.insnCount & (Cpu.RECENT - 1)] = pc;
        c.insnCount++;
        if ((pc & 3) != 0) {
            c.far[c.syncTargetEl()] = pc;
            throw c.takeSync(c.syncTargetEl(), Esr.EC_PC_ALIGN, 0, pc);
        }
        if (c.illegalState) throw c.takeSync(c.syncTargetEl(), Esr.EC_ILLEGAL_STATE, 0, pc);
        int insn = c.mem.fetch(pc);
        c.curInsn = insn;
        c.pc = pc + 4;
        if (tracer != null) tracer.beforeInsn(c, pc, insn);
        A64Table.execute(c, insn, pc);
    }

    /**
     * Handles a non-zero {@link Cpu#exitRequest} at an instruction boundary: returns false when the
     * run must return (stop, sleep, yield, power-off); otherwise clears the request, takes a pending
     * interrupt if one is unmasked, and returns true. Stops, sleep and interrupts are all looked at
     * only here, between instructions.
     */
    public static boolean exitRequested(Cpu c) {
        if (c.stopReason != StopReason.NONE || c.sleeping || c.yieldQuantum || !c.poweredOn) return false;
        c.exitRequest = 0;
        if (c.interruptLines != 0 || (c.hcr & (Cpu.HCR_VI | Cpu.HCR_VF | Cpu.HCR_VSE)) != 0) {
            c.takePendingInterrupt();
        }
        return true;
    }

    /** The interpreter as an {@link ExecutionEngine}. */
    public static final ExecutionEngine ENGINE = Interpreter::run;

    /**
     * Runs until {@code budget} more instructions have been attempted, the guest stops, or
     * someone sets {@link Cpu#exitRequest}. Returns the number of instructions attempted.
     */
    public static long run(Cpu c, long budget, InsnTracer tracer) {
        long start = c.insnCount, end = budget >= Long.MAX_VALUE - start ? Long.MAX_VALUE : start + budget;
        while (true) {
            try {
                while (c.insnCount < end) {
                    if (c.exitRequest != 0 && !exitRequested(c)) break;
                    step(c, tracer);
                }
                return c.insnCount - start;
            } catch (ExceptionTaken e) {
                // The CPU is at the exception vector; carry on from there.
            }
        }
    }
}
