package dev.jaffa.platform.gdb;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.ExceptionTaken;
import dev.jaffa.interp.ExecutionEngine;
import dev.jaffa.interp.InsnTracer;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.jit.JitEngine;

/**
 * The engine while a debugger is attached: the normal engine as long as the debugger is not
 * stepping and has no watchpoints. Breakpoints alone keep the JIT: it is given their addresses
 * ({@link JitEngine#setStops}), drops the translations of their pages, never translates them again
 * and returns before executing one. Otherwise (watchpoints, a partition awaited, the interpreter
 * as normal engine, tracing) the interpreter runs one instruction at a time with a breakpoint check
 * before each (watchpoints are checked by the memory slow path, see {@link
 * dev.jaffa.interp.memory.Memory#accessWatch}). Only installed with {@code --gdb}: a run without it
 * never sees this class.
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
        if (tracer == null && normal instanceof JitEngine && stub.onlyBreakpoints()) {
            long n = normal.run(c, budget, null);
            // The JIT returns before a breakpoint's instruction (or its budget ended just there).
            if (stub.breakpointAt(c.pc) && c.poweredOn) stub.breakpointHit(c);
            return n;
        }
        return checked(c, budget, tracer);
    }

    /** The debugger's breakpoints changed: the JIT must stop before exactly these addresses. */
    void breakpointsChanged(long[] addresses) {
        if (normal instanceof JitEngine) ((JitEngine) normal).setStops(addresses);
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
