package dev.jaffa.benchmarks;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.StopReason;
import dev.jaffa.jit.JitEngine;
import dev.jaffa.platform.Machine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Guest instructions per second on the SIMD&FP benchmark guest ({@code guests/tests/fpbench.c}:
 * a double-precision FMA kernel and series, an auto-vectorised saxpy, AES-CE rounds, memcpy and
 * memset with LDP/STP of Q registers), with each engine. One operation is one guest instruction.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FpSimdMips {
    static final int SLICE = 2_000_000;

    @Param({"interp", "jit"})
    public String engine;

    private Machine machine;
    private JitEngine jit;

    @Setup
    public void setUp() throws Exception {
        machine = InterpreterMips.computeGuest("fpbench.elf");
        if (engine.equals("jit")) jit = new JitEngine();
    }

    @TearDown
    public void tearDown() {
        if (jit != null) {
            System.out.println("\n" + jit.stats);
            jit.shutdown();
        }
    }

    @Benchmark
    @OperationsPerInvocation(SLICE)
    public long fpSimd() {
        Cpu cpu = machine.cpu;
        long n = jit != null ? jit.run(cpu, SLICE, null) : Interpreter.run(cpu, SLICE, null);
        if (cpu.stopReason != StopReason.NONE) throw new IllegalStateException("guest stopped: " + cpu.stopReason);
        return n;
    }
}
