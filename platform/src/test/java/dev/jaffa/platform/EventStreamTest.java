package dev.jaffa.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.TrapSink;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.interp.system.SysReg;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generic timer's event streams in the scheduler: a PE waiting in WFE with nothing else to
 * wake it resumes at exactly the next trigger of the stream in virtual time (the selected count bit
 * turning 1, or 0 with EVNTDIR), never earlier; without a stream WFE waits for an interrupt as
 * before; WFI is not woken by the stream, which only sets the event register.
 */
class EventStreamTest {
    static final Board B = Board.VIRT;
    static final long CODE = B.ramBase + 0x1000, BUF = B.ramBase + 0x2000;
    /** Entry points in {@link #CODE}. */
    static final int WFE_LOOP = 0, WFI_ONCE = 0x24, WFE_ONCE = 0x38;
    static final int CNTKCTL_EL1 = SysReg.key(3, 0, 14, 1, 0), CNTHCTL_EL2 = SysReg.key(3, 4, 14, 1, 0),
            CNTVOFF_EL2 = SysReg.key(3, 4, 14, 0, 3), CNTV_CVAL_EL0 = SysReg.key(3, 3, 14, 3, 2),
            CNTV_CTL_EL0 = SysReg.key(3, 3, 14, 3, 1);
    static final long EVNTEN = 1 << 2, EVNTDIR = 1 << 3, EL1PCTEN_EL1PCEN = 3;
    static final int LOOPS = 20;

    private static final int[] PROGRAM = {
        // WFE_LOOP: x2 = buffer, x3 = iterations; stores (count before, count after) of each wait
        0xD50320BF,     // sevl
        0xD503205F,     // wfe            (completes: SEVL set the event register)
        0xD53BE021,     // mrs x1, cntpct_el0
        0xD503205F,     // wfe            (waits)
        0xD53BE025,     // mrs x5, cntpct_el0
        0xA8811441,     // stp x1, x5, [x2], #16
        0xF1000463,     // subs x3, x3, #1
        0x54FFFF21,     // b.ne WFE_LOOP
        0xD4000003,     // smc #0         (PSCI SYSTEM_OFF in x0)
        // WFI_ONCE
        0xD53BE021,     // mrs x1, cntpct_el0
        0xD503207F,     // wfi
        0xD53BE025,     // mrs x5, cntpct_el0
        0xA9001441,     // stp x1, x5, [x2]
        0xD4000003,     // smc #0
        // WFE_ONCE
        0xD53BE021,     // mrs x1, cntpct_el0
        0xD503205F,     // wfe
        0xD53BE025,     // mrs x5, cntpct_el0
        0xA9001441,     // stp x1, x5, [x2]
        0xD4000003,     // smc #0
    };

    /** A one-CPU virt machine entered at EL2 at {@code entry}, SYSTEM_OFF in x0. */
    private static Machine machine(String engine, int entry) {
        Machine.Config cfg = new Machine.Config();
        cfg.board = B;
        cfg.ramSize = 64L << 20;
        cfg.entryEl = 2;
        cfg.semihosting = TrapSink.NONE;
        if (engine.equals("interp")) cfg.engine = Interpreter.ENGINE;
        Machine m = new Machine(cfg);
        byte[] image = new byte[4 * PROGRAM.length];
        for (int i = 0; i < PROGRAM.length; i++) {
            for (int k = 0; k < 4; k++) image[4 * i + k] = (byte) (PROGRAM[i] >>> 8 * k);
        }
        m.bus.load(CODE, image, 0, image.length);
        m.start(CODE + entry, 2, 0x8400_0008L);
        m.cpu.x[2] = BUF;
        m.cpu.x[3] = LOOPS;
        return m;
    }

    private static void write(Machine m, int key, long v) { m.cpu.sysRegHook.write(m.cpu, key, v); }

    private static long stored(Machine m, int i) {
        long pa = BUF + 8L * i;
        byte[] page = m.bus.ramPage(pa);
        int at = (int) (pa & (SystemBus.PAGE_SIZE - 1));
        long v = 0;
        for (int k = 7; k >= 0; k--) v = v << 8 | (page[at + k] & 0xFF);
        return v;
    }

    /** Distance from {@code count} to the next count whose bits n:0 are {@code at} (mod 2^(n+1)). */
    private static long toNext(long count, int n, boolean falling) {
        long period = 2L << n, at = falling ? 0 : 1L << n;
        return period - Math.floorMod(count - at, period);
    }

    /** Runs the WFE loop and checks that each wait ended at the next trigger, a count with the stream's bit pattern. */
    private static void checkWakesAtTriggers(Machine m, int n, boolean falling, long viewOffset) {
        RunResult r = m.run(1_000_000);
        assertEquals(StopReason.GUEST_EXIT, r.reason, r.toString());
        long period = 2L << n;
        for (int i = 0; i < LOOPS; i++) {
            long before = stored(m, 2 * i), after = stored(m, 2 * i + 1);
            long trigger = before + toNext(before - viewOffset, n, falling);
            // The wake-up is at the trigger: the MRS after the WFE runs within a tick (16 ns) of it.
            assertEquals(trigger, after, "wait " + i + ": from " + before + " woke at " + after);
            assertTrue(trigger - before <= period, "a stream triggers once per 2^(EVNTI+1) counts");
        }
        // The waits, not instructions, took the time: about LOOPS periods of virtual time in ~200 instructions.
        assertTrue(r.instructions < 10 * LOOPS, r.toString());
        assertTrue(stored(m, 2 * LOOPS - 1) - stored(m, 0) >= (LOOPS - 1) * period, "each wait lasts until a trigger");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jit", "interp"})
    void cntkctlStreamWatchesTheVirtualCountRising(String engine) {
        Machine m = machine(engine, WFE_LOOP);
        long off = 12_345;                                      // not a multiple of the period: the views differ
        write(m, CNTVOFF_EL2, off);
        write(m, CNTKCTL_EL1, 9L << 4 | EVNTEN);                 // EVNTI = 9, EVNTDIR = 0
        checkWakesAtTriggers(m, 9, false, off);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jit", "interp"})
    void cntkctlStreamFallingEdge(String engine) {
        Machine m = machine(engine, WFE_LOOP);
        long off = -777;
        write(m, CNTVOFF_EL2, off);
        write(m, CNTKCTL_EL1, 4L << 4 | EVNTDIR | EVNTEN);       // EVNTI = 4, EVNTDIR = 1
        checkWakesAtTriggers(m, 4, true, off);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jit", "interp"})
    void cnthctlStreamWatchesThePhysicalCount(String engine) {
        Machine m = machine(engine, WFE_LOOP);
        write(m, CNTVOFF_EL2, 999);                              // ignored by this stream
        write(m, CNTHCTL_EL2, 15L << 4 | EVNTDIR | EVNTEN | EL1PCTEN_EL1PCEN);
        checkWakesAtTriggers(m, 15, true, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jit", "interp"})
    void bothStreamsWakeAtTheEarlierTrigger(String engine) {
        Machine m = machine(engine, WFE_ONCE);
        write(m, CNTKCTL_EL1, 12L << 4 | EVNTEN);               // triggers at 4096 mod 8192 (virtual = physical)
        write(m, CNTHCTL_EL2, 3L << 4 | EVNTDIR | EVNTEN | EL1PCTEN_EL1PCEN);   // at 0 mod 16
        RunResult r = m.run(1_000);
        assertEquals(StopReason.GUEST_EXIT, r.reason, r.toString());
        long before = stored(m, 0), after = stored(m, 1);
        long trigger = before + Math.min(toNext(before, 12, false), toNext(before, 3, true));
        assertEquals(trigger, after, "from " + before);
    }

    /** Arms the virtual timer (PPI 27, through the GIC) for count {@code deadline}. */
    private static void armVirtualTimer(Machine m, long deadline) {
        Cpu c = m.cpu;
        m.bus.write(B.gicdBase, 4, 0x12);                           // ARE, EnableGrp1
        m.bus.write(B.gicrBase + 0x14, 4, 0);                       // GICR_WAKER: awake
        m.bus.write(B.gicrBase + 0x10000 + 0x100, 4, 1 << 27);      // GICR_ISENABLER0
        c.sysRegHook.write(c, SysReg.key(3, 0, 4, 6, 0), 0xFF);     // ICC_PMR_EL1
        c.sysRegHook.write(c, SysReg.key(3, 0, 12, 12, 7), 1);      // ICC_IGRPEN1_EL1
        write(m, CNTV_CVAL_EL0, deadline);
        write(m, CNTV_CTL_EL0, 1);
    }

    /** Runs the one-wait program with the virtual timer 5 ms away: the wait must end exactly then. */
    private static void checkWokenByTheTimer(Machine m) {
        long deadline = 5 * B.counterHz / 1000;
        armVirtualTimer(m, deadline);
        RunResult r = m.run(1_000);
        assertEquals(StopReason.GUEST_EXIT, r.reason, r.toString());
        assertEquals(deadline, stored(m, 1), "woken by the timer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jit", "interp"})
    void withoutAStreamWfeWaitsForTheInterrupt(String engine) {
        Machine m = machine(engine, WFE_ONCE);
        write(m, CNTKCTL_EL1, 4L << 4);                          // EVNTI set, EVNTEN clear
        write(m, CNTHCTL_EL2, 4L << 4 | EL1PCTEN_EL1PCEN);
        checkWokenByTheTimer(m);
        assertFalse(m.cpu.eventRegister, "no event was generated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jit", "interp"})
    void wfiIsNotWokenByTheStreamButTheEventRegisterIsSet(String engine) {
        Machine m = machine(engine, WFI_ONCE);
        write(m, CNTKCTL_EL1, 2L << 4 | EVNTEN);                 // a trigger every 8 counts
        checkWokenByTheTimer(m);
        assertTrue(m.cpu.eventRegister, "the triggers during WFI set the event register");
    }
}
