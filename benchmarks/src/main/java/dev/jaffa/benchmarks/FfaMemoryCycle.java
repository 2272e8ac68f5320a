package dev.jaffa.benchmarks;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.ExecutionEngine;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.TrapSink;
import dev.jaffa.jit.JitEngine;
import dev.jaffa.platform.Board;
import dev.jaffa.platform.Machine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The full FF-A memory cycle per second, as xtest ffa_spmc_1002 drives it: the normal world
 * shares a page with spm-test1 (FFA_MEM_SHARE_64, v1.1 descriptor in its TX buffer), asks it to
 * retrieve it (EP_RETRIEVE: the partition's FFA_MEM_RETRIEVE_REQ and RX_RELEASE) and to
 * relinquish it (EP_RELINQUISH), then reclaims it (FFA_MEM_RECLAIM). One operation is one cycle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FfaMemoryCycle {
    static final int CYCLES = 1_000;
    static final long BASE = Board.FVP.ramBase, CODE = BASE + 0x1000, TX = BASE + 0x10000, RX = BASE + 0x11000,
            SHARED = BASE + 0x20000;
    static final int SP = 0x8001, DESCRIPTOR_LENGTH = 48 + 16 + 16 + 16;

    @Param({"interp", "jit"})
    public String engine;

    private Machine machine;
    private Cpu cpu;
    private ExecutionEngine runner;

    /** A few A64 encodings, enough for a straight-line client. */
    static final class Code {
        final List<Integer> words = new ArrayList<>();

        Code mov(int rd, long value) {   // movz + movk for a 32-bit value
            words.add(0xD2800000 | (int) (value & 0xFFFF) << 5 | rd);
            words.add(0xF2A00000 | (int) (value >>> 16 & 0xFFFF) << 5 | rd);
            return this;
        }

        Code movReg(int rd, int rm) { words.add(0xAA0003E0 | rm << 16 | rd); return this; }

        Code smc() { words.add(0xD4000003); return this; }

        Code word(int w) { words.add(w); return this; }

        int here() { return words.size(); }

        byte[] bytes() {
            byte[] b = new byte[4 * words.size()];
            for (int i = 0; i < words.size(); i++) for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (words.get(i) >>> 8 * k);
            return b;
        }
    }

    static byte[] client() {
        Code c = new Code();
        c.mov(0, 0x8400_0063L).mov(1, 0x1_0001).smc();                              // FFA_VERSION(1.1)
        c.mov(0, 0xC400_0066L).mov(1, TX).mov(2, RX).mov(3, 1).smc();               // FFA_RXTX_MAP_64
        int loop = c.here();
        c.mov(0, 0xC400_0073L).mov(1, DESCRIPTOR_LENGTH).mov(2, DESCRIPTOR_LENGTH).mov(3, 0).mov(4, 0).smc();   // MEM_SHARE_64
        c.movReg(21, 2).movReg(22, 3);                                               // the handle
        c.mov(0, 0xC400_006FL).mov(1, SP).mov(2, 0).mov(3, 5).movReg(4, 21).movReg(5, 22).mov(6, 0).smc();     // EP_RETRIEVE
        c.mov(0, 0xC400_006FL).mov(1, SP).mov(2, 0).mov(3, 6).movReg(4, 21).movReg(5, 22).mov(6, 0).smc();     // EP_RELINQUISH
        c.mov(0, 0x8400_0077L).movReg(1, 21).movReg(2, 22).mov(3, 0).smc();        // MEM_RECLAIM
        c.word(0x91000694);                                                           // add x20, x20, #1
        c.word(0x14000000 | (loop - c.here()) & 0x03FF_FFFF);                         // b loop
        return c.bytes();
    }

    /** A v1.1 share of one page, normal write-back inner shareable, RW for the partition. */
    static byte[] descriptor() {
        ByteBuffer b = ByteBuffer.allocate(DESCRIPTOR_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 0).putShort(2, (short) 0x2F).putInt(24, 16).putInt(28, 1).putInt(32, 48);
        b.putShort(48, (short) SP).put(50, (byte) 0x2).putInt(52, 64);
        b.putInt(64, 1).putInt(68, 1).putLong(80, SHARED).putInt(88, 1);
        return b.array();
    }

    @Setup
    public void setUp() throws Exception {
        machine = new Machine(Board.FVP, 64L << 20, TrapSink.NONE);
        runner = engine.equals("jit") ? new JitEngine() : Interpreter.ENGINE;
        machine.spmc.addPartition("spm-test1", Files.readAllBytes(InterpreterMips.guest("sp/spm-test1.elf")),
                Files.readAllBytes(InterpreterMips.guest("sp/spm-test1.dtb")), "bundled");
        byte[] code = client(), d = descriptor();
        machine.bus.load(CODE, code, 0, code.length);
        machine.bus.load(TX, d, 0, d.length);
        machine.start(CODE, 1, 0);
        machine.bootSecureWorld();
        cpu = machine.cpu;
        cycles(100);
        // One cycle step by step: right after the increment, x0 holds the reclaim's answer.
        long n = cpu.x[20];
        while (cpu.secure || cpu.x[20] == n) Interpreter.run(cpu, 1, null);
        if ((int) cpu.x[0] != 0x8400_0061) throw new IllegalStateException(String.format("reclaim answered x0=0x%x w2=0x%x", cpu.x[0], cpu.x[2]));
    }

    private void cycles(int n) { FfaRoundTrip.runLoops(cpu, runner, n); }

    @Benchmark
    @OperationsPerInvocation(CYCLES)
    public long shareRetrieveRelinquishReclaim() {
        cycles(CYCLES);
        return cpu.x[20];
    }
}
