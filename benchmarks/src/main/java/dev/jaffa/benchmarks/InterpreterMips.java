package dev.jaffa.benchmarks;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.StopReason;
import dev.jaffa.monitor.Semihosting;
import dev.jaffa.platform.Board;
import dev.jaffa.platform.ElfFile;
import dev.jaffa.platform.Machine;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Interpreter throughput in guest instructions per second on the compute benchmark guest
 * ({@code guests/build/bench.elf}). One operation is one guest instruction, so JMH's ops/s is
 * guest IPS; divide by 10^6 for MIPS.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InterpreterMips {
    static final int SLICE = 10_000_000;

    private Machine machine;

    /** Finds guests/build/NAME from -Djaffa.home or by walking up from the working directory. */
    static Path guest(String name) {
        String home = System.getProperty("jaffa.home");
        Path dir = home != null ? Paths.get(home) : Paths.get("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path p = d.resolve("guests/build").resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new IllegalStateException("guests/build/" + name + " not found; build with 'make -C guests' or set -Djaffa.home");
    }

    /**
     * A virt machine with guests/build/NAME loaded, its semihosting command line asking for 10^8
     * iterations (far more than a measurement runs) and its output discarded.
     */
    static Machine computeGuest(String name) throws Exception {
        Semihosting sh = new Semihosting(null, InputStream.nullInputStream(), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        sh.setCommandLine("100000000");
        Machine m = new Machine(Board.VIRT, 256L << 20, sh);
        m.loadElf(ElfFile.read(guest(name)));
        return m;
    }

    @Setup
    public void setUp() throws Exception {
        machine = computeGuest("bench.elf");
    }

    @Benchmark
    @OperationsPerInvocation(SLICE)
    public long interpretCompute() {
        Cpu cpu = machine.cpu;
        long n = Interpreter.run(cpu, SLICE, null);
        if (cpu.stopReason != StopReason.NONE) throw new IllegalStateException("guest stopped: " + cpu.stopReason);
        return n;
    }
}
