package dev.jaffa.benchmarks;

import dev.jaffa.format.Fdt;
import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.ExecutionEngine;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.TrapSink;
import dev.jaffa.jit.JitEngine;
import dev.jaffa.platform.Board;
import dev.jaffa.platform.Machine;
import java.nio.file.Files;
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
 * FF-A direct request/response round trips per second, normal world -> S-EL0 SP -> normal world,
 * the whole path emulated: the normal world's SMC, the SPMD, the SPMC's world switch, the
 * partition's code at S-EL0, its SVC with FFA_MSG_SEND_DIRECT_RESP_64 and the switch back.
 * One operation is one round trip. Partitions: {@code echo}, eight instructions of machine code
 * that answer payload + 1 (the SPMC's own cost), and the bundled {@code spm-test1} answering
 * EP_SP_NOP through its C runtime (what a real partition costs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FfaRoundTrip {
    static final int ROUND_TRIPS = 10_000;

    @Param({"echo", "spm-test1"})
    public String partition;

    @Param({"interp", "jit"})
    public String engine;

    private Machine machine;
    private Cpu cpu;
    private ExecutionEngine runner;

    /** FFA_MSG_WAIT, then for each request: x3 += 1 and DIRECT_RESP_64 to the sender. */
    static final int[] ECHO_SP = {
        0xD2800D60, 0xF2B08000, 0xD4000001,
        0x91000463, 0x13814021, 0xD2800E00, 0xF2B88000, 0xD2800002, 0xD4000001, 0x17FFFFFA,
    };

    /** Normal world: DIRECT_REQ_64 to 0x8001 with x3 = 11 (EP_SP_NOP), count in x20, forever. */
    static final int[] CLIENT = {
        0xD2800DE0, 0xF2B88000,   // x0 = FFA_MSG_SEND_DIRECT_REQ_64
        0xD2900021,               // x1 = 0x8001 (NW -> first partition)
        0xD2800002,               // x2 = 0
        0xD2800163,               // x3 = 11
        0xD4000003,               // smc #0
        0x91000694,               // add x20, x20, #1
        0x17FFFFF9,               // b loop
    };

    static byte[] code(int[] words) {
        byte[] b = new byte[4 * words.length];
        for (int i = 0; i < words.length; i++) for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (words[i] >>> 8 * k);
        return b;
    }

    static byte[] echoManifest() {
        Fdt f = new Fdt();
        f.beginNode("");
        f.propertyString("compatible", "arm,ffa-manifest-1.0");
        f.propertyU32("ffa-version", 0x1_0001);
        f.propertyU32("uuid", 0x11111111, 0x22222222, 0x33333333, 0x44444444);
        f.propertyU32("execution-state", 0);
        f.propertyU32("messaging-method", 3);
        f.propertyU32("ns-interrupts-action", 2);
        f.endNode();
        return f.finish();
    }

    @Setup
    public void setUp() throws Exception {
        machine = new Machine(Board.FVP, 64L << 20, TrapSink.NONE);
        runner = engine.equals("jit") ? new JitEngine() : Interpreter.ENGINE;
        if (partition.equals("echo")) {
            machine.spmc.addPartition("echo", code(ECHO_SP), echoManifest(), "benchmark");
        } else {
            machine.spmc.addPartition(partition, Files.readAllBytes(InterpreterMips.guest("sp/" + partition + ".elf")),
                    Files.readAllBytes(InterpreterMips.guest("sp/" + partition + ".dtb")), "bundled");
        }
        long at = Board.FVP.ramBase + 0x1000;
        machine.bus.load(at, code(CLIENT), 0, 4 * CLIENT.length);
        machine.start(at, 1, 0);
        machine.bootSecureWorld();
        cpu = machine.cpu;
        roundTrips(1000);   // boot and warm the path
        // One round trip step by step: right after the increment, x0/x3 hold the partition's answer.
        long n = cpu.x[20];
        while (cpu.secure || cpu.x[20] == n) Interpreter.run(cpu, 1, null);
        if ((int) cpu.x[0] != 0xC400_0070 || cpu.x[3] != (partition.equals("echo") ? 12 : 0xAA)) {
            throw new IllegalStateException(String.format("unexpected answer x0=0x%x x3=0x%x", cpu.x[0], cpu.x[3]));
        }
    }

    private void roundTrips(int n) { runLoops(cpu, runner, n); }

    /**
     * Runs until the normal world's loop counter x20 has gone up by {@code n}. While a partition
     * runs the register file is its own, so x20 counts only in the normal world.
     */
    static void runLoops(Cpu cpu, ExecutionEngine runner, int n) {
        long target = cpu.x[20] + n;
        while (cpu.secure || cpu.x[20] < target) {
            runner.run(cpu, 4096, null);
            if (cpu.stopReason != StopReason.NONE) throw new IllegalStateException("stopped: " + cpu.stopMessage);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long directMessageRoundTrip() {
        roundTrips(ROUND_TRIPS);
        return cpu.x[20];
    }
}
