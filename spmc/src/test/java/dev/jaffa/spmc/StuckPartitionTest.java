package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.monitor.Ffa;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * A partition repeating the same failing call (as the real spm-test re-sends a DIRECT_RESP_64 the
 * SPMC refuses) stops the run with a diagnostic naming it, instead of hanging; calls that differ,
 * or fail fewer times in a row, do not. A partition that loops at boot without calling the SPMC
 * at all (as TS's attestation does when crypto is missing) is named by the boot watchdog.
 */
class StuckPartitionTest {
    @Test
    void theSameFailingCallRepeatedStopsTheRunWithADiagnostic() throws LoadException {
        SpmcHarness h = new SpmcHarness(1);
        h.enterPartition(0x8001);   // a DIRECT_REQ_64 from the normal world: the partition must answer it
        long wrongDst = 0x8001L << 16 | 0x8002;
        for (int i = 1; i < Spmc.STUCK_CALLS; i++) {
            long[] r = h.spCall(Ffa.MSG_SEND_DIRECT_RESP_64 & 0xFFFF_FFFFL, wrongDst, 0, 0xAA);
            assertEquals(Ffa.ERROR, (int) r[0]);
            assertEquals(StopReason.NONE, h.cpu.stopReason, "not yet after " + i);
        }
        h.spCall(Ffa.MSG_SEND_DIRECT_RESP_64 & 0xFFFF_FFFFL, wrongDst, 0, 0xAA);
        assertEquals(StopReason.EXCEPTION_LOOP, h.cpu.stopReason);
        assertEquals("SP sp1 (ID 0x8001) made the same failing call 10000 times in a row while handling FFA_MSG_SEND_DIRECT_REQ_64 "
                + "from 0x0000: FFA_MSG_SEND_DIRECT_RESP_64 0x8001->0x8002 flags=0x0 args=0xaa,0x0,0x0,0x0,0x0 -> INVALID_PARAMETERS; "
                + "it cannot make progress", h.cpu.stopMessage);
    }

    @Test
    void differentOrSucceedingCallsBreakTheStreak() throws LoadException {
        SpmcHarness h = new SpmcHarness(1);
        h.enterPartition(0x8001);
        for (int i = 0; i < 3 * Spmc.STUCK_CALLS; i++) {
            // The same failing call, but every so often a successful one (FFA_ID_GET) in between.
            if (i % 1000 == 999) assertEquals(Ffa.SUCCESS_32, (int) h.spCall(Ffa.ID_GET)[0]);
            else h.spCall(Ffa.MSG_SEND_DIRECT_RESP_64 & 0xFFFF_FFFFL, 0x8001L << 16 | 0x8002, 0, 0xAA);
        }
        for (int i = 0; i < 2 * Spmc.STUCK_CALLS; i++) {
            h.spCall(Ffa.MSG_SEND_DIRECT_RESP_64 & 0xFFFF_FFFFL, 0x8001L << 16 | 0x8002, 0, i & 1);   // alternating payloads
        }
        assertEquals(StopReason.NONE, h.cpu.stopReason);
        h.leavePartition();
        assertTrue(!h.cpu.secure);
    }

    /** Boots an echo partition, then {@code second} (sp2); runs until the watchdog stops it or the budget is spent. */
    private static Cpu bootWith(byte[] second, long stallBound, long budget, Spmc[] out) throws LoadException {
        SystemBus bus = new SystemBus();
        bus.addRam(SpmcHarness.NS_RAM, 1 << 20);
        bus.addRam(SpmcHarness.SECURE, 4 << 20);
        bus.setSecureOnly(SpmcHarness.SECURE, 4 << 20);
        Spmc spmc = new Spmc(bus, SpmcHarness.SECURE, 4 << 20, new PrintStream(OutputStream.nullOutputStream()));
        out[0] = spmc;
        Cpu cpu = new Cpu(0, bus);
        cpu.traps = SpmcHarness.monitorFor(spmc);
        spmc.addPartition("sp1", SpmcTest.code(SpmcTest.ECHO_SP), SpmcHarness.manifestWithRegion(Ffa.VERSION_1_1, 3), "test");
        spmc.addPartition("sp2", second, SpmcHarness.manifestWithRegion(Ffa.VERSION_1_1, 3), "test");
        bus.load(SpmcHarness.NW_CODE, SpmcTest.code(0xD4000003, 0x14000000), 0, 8);   // smc #0; b .
        cpu.resetTo(SpmcHarness.NW_CODE, 1);
        spmc.bootStallInsns = stallBound;
        spmc.boot(cpu);
        // As the platform's scheduler does: the watchdog looks between slices of execution.
        while (cpu.insnCount < budget && cpu.stopReason == StopReason.NONE && cpu.secure) {
            Interpreter.run(cpu, 1000, null);
            spmc.watchBoot(cpu);
        }
        return cpu;
    }

    @Test
    void aPartitionSpinningAtBootWithoutCallsIsNamedByTheWatchdog() throws LoadException {
        Spmc[] spmc = new Spmc[1];
        // nop; b .-4: never calls the SPMC.
        Cpu cpu = bootWith(SpmcTest.code(0xD503201F, 0x17FFFFFF), 50_000, 1_000_000, spmc);
        assertEquals(StopReason.EXCEPTION_LOOP, cpu.stopReason, "the watchdog stopped the run");
        assertTrue(cpu.secure && cpu.el == 0, "in the partition, at S-EL0");
        assertTrue(cpu.insnCount >= 50_000 && cpu.insnCount < 60_000, "soon after the bound: " + cpu.insnCount);
        assertTrue(cpu.stopMessage.matches("SP sp2 \\(ID 0x8002\\) never reached its first FFA_MSG_WAIT: \\d+ instructions since "
                + "it was entered; it is at PC 0x100000\\d \\(image\\+0x\\d\\); it is stuck"), cpu.stopMessage);
        assertTrue(spmc[0].bootStatus(cpu).startsWith("SP sp2 (ID 0x8002) never reached its first FFA_MSG_WAIT"));
    }

    @Test
    void aPartitionCallingTheSpmcAtBootIsNotStuck() throws LoadException {
        Spmc[] spmc = new Spmc[1];
        // loop: x0 = FFA_ID_GET; svc #0; b loop: a long initialisation, but one that talks to the SPMC.
        Cpu cpu = bootWith(SpmcTest.code(0xD2800D20, 0xF2B08000, 0xD4000001, 0x17FFFFFD), 5_000, 200_000, spmc);
        assertEquals(StopReason.NONE, cpu.stopReason, cpu.stopMessage);
        assertTrue(cpu.insnCount >= 200_000);
        assertEquals("SP sp2 (ID 0x8002) never reached its first FFA_MSG_WAIT: 0 instructions since the last FF-A call "
                + "(FFA_ID_GET by it); it is at PC", spmc[0].bootStatus(cpu).replaceAll(": \\d+ instructions", ": 0 instructions")
                        .replaceAll(" PC 0x.*", " PC"));
    }

    @Test
    void afterBootTheWatchdogIsQuiet() throws LoadException {
        SpmcHarness h = new SpmcHarness(2);
        assertEquals(null, h.spmc.bootStatus(h.cpu));
        h.spmc.bootStallInsns = 1;
        for (int i = 0; i < 100; i++) Interpreter.run(h.cpu, 1, null);   // the normal world spins; no partition boots
        h.spmc.watchBoot(h.cpu);
        assertEquals(StopReason.NONE, h.cpu.stopReason);
    }
}
