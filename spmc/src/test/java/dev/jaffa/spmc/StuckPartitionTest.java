package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.StopReason;
import dev.jaffa.monitor.Ffa;
import org.junit.jupiter.api.Test;

/**
 * A partition repeating the same failing call (as the real spm-test re-sends a DIRECT_RESP_64 the
 * SPMC refuses) stops the run with a diagnostic naming it, instead of hanging; calls that differ,
 * or fail fewer times in a row, do not.
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
}
