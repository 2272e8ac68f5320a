package dev.jaffa.benchmarks;

import dev.jaffa.interp.Cpu;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JIT throughput in guest instructions per second on the same guest and slices as
 * {@link InterpreterMips} (one operation is one guest instruction), with the default tiering
 * options: the warm-up iterations include the background translation of the hot blocks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JitMips {
    static final int SLICE = InterpreterMips.SLICE;

    private Machine machine;
    private JitEngine jit;

    @Setup
    public void setUp() throws Exception {
        machine = InterpreterMips.computeGuest("bench.elf");
        jit = new JitEngine();
    }

    @TearDown
    public void tearDown() {
        System.out.println("\n" + jit.stats);
        jit.shutdown();
    }

    @Benchmark
    @OperationsPerInvocation(SLICE)
    public long jitCompute() {
        Cpu cpu = machine.cpu;
        long n = jit.run(cpu, SLICE, null);
        if (cpu.stopReason != StopReason.NONE) throw new IllegalStateException("guest stopped: " + cpu.stopReason);
        return n;
    }
}
