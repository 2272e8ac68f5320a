package dev.jaffa.platform.gdb;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.ExceptionTaken;
import dev.jaffa.interp.ExecutionEngine;
import dev.jaffa.interp.InsnTracer;
import dev.jaffa.interp.Interpreter;

/**
 * The engine while a debugger is attached: the normal engine (the JIT) as long as the debugger has
 * no breakpoints or watchpoints and is not stepping; otherwise the interpreter, one instruction at a
 * time, with a breakpoint check before each (watchpoints are checked by the memory slow path, see
 * {@link dev.jaffa.interp.memory.Memory#accessWatch}). Only installed with {@code --gdb}: a run
 * without it never sees this class.
 */
final class DebugEngine implements ExecutionEngine {
    private final ExecutionEngine normal;
    private final GdbStub stub;

    DebugEngine(ExecutionEngine normal, GdbStub stub) {
        this.normal = normal;
        this.stub = stub;
    }

    ExecutionEngine normal() { return normal; }

    @Override
    public long run(Cpu c, long budget, InsnTracer tracer) {
        if (stub.holding()) return 0;   // all-stop: once one CPU stopped, no CPU runs on this round
        Cpu stepping = stub.stepping();
        if (stepping != null) return stepping == c ? stepOne(c, tracer) : 0;
        if (!stub.checking()) return normal.run(c, budget, tracer);
        return checked(c, budget, tracer);
    }

    /** One instruction (or the exception it takes), with interrupts held off as QEMU's gdbstub steps. */
    private long stepOne(Cpu c, InsnTracer tracer) {
        long before = c.insnCount;
        try {
            Interpreter.step(c, tracer);
        } catch (ExceptionTaken e) {
            // The step ends at the vector (or wherever the Java firmware left the CPU).
        } catch (GdbStub.WatchHit w) {
            undo(c);
            stub.watchHit(c);
            return 0;
        }
        stub.stepped(c);
        return c.insnCount - before;
    }

    /** {@link Interpreter#run} with a breakpoint check at every instruction boundary. */
    private long checked(Cpu c, long budget, InsnTracer tracer) {
        long start = c.insnCount, end = budget >= Long.MAX_VALUE - start ? Long.MAX_VALUE : start + budget;
        while (true) {
            try {
                while (c.insnCount < end) {
                    if (c.exitRequest != 0 && !Interpreter.exitRequested(c)) break;
                    if (stub.stopBefore(c)) {
                        stub.breakpointHit(c);
                        break;
                    }
                    Interpreter.step(c, tracer);
                }
                return c.insnCount - start;
            } catch (ExceptionTaken e) {
                // The CPU is at the exception vector; carry on (and check for a breakpoint there).
            } catch (GdbStub.WatchHit w) {
                undo(c);
                stub.watchHit(c);
                return c.insnCount - start;
            }
        }
    }

    /**
     * A watchpoint stops before the access, as Arm watchpoints and QEMU's gdbstub do: the
     * instruction is abandoned before its first access to the watched bytes and will run again
     * (loads and stores are restartable: they write registers only after their accesses).
     */
    private static void undo(Cpu c) {
        c.pc = c.curPc;
        c.insnCount--;
    }
}
