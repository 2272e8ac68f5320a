package dev.jaffa.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.StopReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every guest test program runs identically, block by block, under the JIT and the interpreter. */
class LockstepGuestTest {
    private static final long LIMIT = 500_000_000L;

    @ParameterizedTest
    @ValueSource(strings = {"hello.elf", "arith.elf", "ldst.elf", "atomics.elf", "control.elf", "recursion.elf", "bench.elf",
        "fp.elf", "vec.elf", "neon.elf", "crypto.elf", "coremix.elf"})
    void sameStateAfterEveryBlock(String name) throws Exception {
        run(name, 1 << 16, new JitEngine.Options().regionInsns, 0);
    }

    /** Translations promoted to C2 classes early and often (the hot tier replaces a running first translation). */
    @ParameterizedTest
    @ValueSource(strings = {"control.elf", "recursion.elf", "bench.elf", "neon.elf", "coremix.elf"})
    void sameStateWhenTranslationsArePromoted(String name) throws Exception {
        JitEngine jit = run(name, 1 << 16, new JitEngine.Options().regionInsns, 300);
        assertTrue(jit.stats.promoted > 0, jit.stats.toString());
    }

    /** Single-segment translations (no jumps between segments): a comparison after every trace. */
    @ParameterizedTest
    @ValueSource(strings = {"arith.elf", "ldst.elf", "control.elf", "recursion.elf", "bench.elf", "vec.elf", "neon.elf"})
    void sameStateAfterEveryTrace(String name) throws Exception {
        run(name, 1 << 16, 0, 0);
    }

    /** Nothing reaches the threshold: the dispatcher's cold tier alone must end in exactly the interpreter's state. */
    @ParameterizedTest
    @ValueSource(strings = {"hello.elf", "arith.elf", "ldst.elf", "atomics.elf", "control.elf", "recursion.elf", "bench.elf",
        "fp.elf", "vec.elf", "neon.elf", "crypto.elf", "coremix.elf"})
    void sameStateWhenNothingIsTranslated(String name) throws Exception {
        assertEquals(0, run(name, 1 << 16, new JitEngine.Options().regionInsns, 0, Integer.MAX_VALUE).stats.translated);
    }

    /** A code cache far too small for the program: flushed over and over, still identical. */
    @ParameterizedTest
    @ValueSource(strings = {"control.elf", "bench.elf"})
    void sameStateWithATinyCodeCache(String name) throws Exception {
        assertTrue(run(name, 4, new JitEngine.Options().regionInsns, 0).stats.flushes > 10);
    }

    private static JitEngine run(String name, int maxBlocks, int regionInsns, long hotInsns) throws Exception {
        return run(name, maxBlocks, regionInsns, hotInsns, 2);
    }

    private static JitEngine run(String name, int maxBlocks, int regionInsns, long hotInsns, int threshold) throws Exception {
        String cmdLine = name.equals("bench.elf") || name.equals("coremix.elf") ? "1" : null;
        GuestMachine jm = new GuestMachine(GuestMachine.guest(name), cmdLine);
        GuestMachine im = new GuestMachine(GuestMachine.guest(name), cmdLine);
        JitEngine.Options o = new JitEngine.Options();
        o.threshold = threshold;
        if (threshold == Integer.MAX_VALUE) o.thresholdInsns = Long.MAX_VALUE;
        o.synchronous = true;
        o.maxBlocks = maxBlocks;
        o.regionInsns = regionInsns;
        o.hotInsns = hotInsns;
        JitEngine jit = new JitEngine(o);
        Lockstep lockstep = new Lockstep(im.cpu);
        jit.observer = lockstep;
        while (jm.cpu.stopReason == StopReason.NONE && jm.cpu.insnCount < LIMIT) jit.run(jm.cpu, 1 << 20, null);
        while (im.cpu.stopReason == StopReason.NONE && im.cpu.insnCount < jm.cpu.insnCount) {
            Interpreter.run(im.cpu, jm.cpu.insnCount - im.cpu.insnCount, null);
        }
        Lockstep.compare(jm.cpu, im.cpu);
        assertEquals(StopReason.GUEST_EXIT, jm.cpu.stopReason, jm.cpu.stopMessage);
        assertEquals(im.output(), jm.output());
        assertEquals(im.cpu.exitCode, jm.cpu.exitCode);
        assertEquals(0, jm.cpu.exitCode, jm.output());
        if (threshold < Integer.MAX_VALUE) assertTrue(jit.stats.translated > 0 && lockstep.comparisons > 0, jit.stats.toString());
        else assertTrue(jit.stats.interpretedInsns == jm.cpu.insnCount, jit.stats.toString());
        System.out.printf("%s: %d instructions, %d block comparisons; %s%n", name, jm.cpu.insnCount, lockstep.comparisons, jit.stats);
        return jit;
    }
}
