package dev.jaffa.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.TrapSink;
import dev.jaffa.interp.system.SysReg;
import org.junit.jupiter.api.Test;

/**
 * Time is virtual: a CPU waiting in WFI for a timer 100 s away costs a handful of instructions,
 * the counter jumps to the deadline, and the interrupt arrives exactly then.
 */
class VirtualTimeTest {
    @Test
    void sleepingSkipsToTheTimerDeadline() {
        Machine m = new Machine(Board.VIRT, 64L << 20, TrapSink.NONE);
        Board b = Board.VIRT;
        long code = b.ramBase + 0x1000;
        m.bus.load(code, le(0xD503207F,      // wfi
                            0xD4000002), 0, 8);   // hvc #0: PSCI SYSTEM_OFF (virt without EL2)
        m.start(code, 1, 0);
        Cpu c = m.cpu;
        c.x[0] = 0x8400_0008L;
        // The GIC forwards the virtual timer's PPI 27 as a group 1 interrupt; PSTATE.I stays set,
        // which does not stop WFI from completing.
        m.bus.write(b.gicdBase, 4, 0x12);                           // ARE, EnableGrp1
        m.bus.write(b.gicrBase + 0x14, 4, 0);                       // GICR_WAKER: awake
        m.bus.write(b.gicrBase + 0x10000 + 0x100, 4, 1 << 27);      // GICR_ISENABLER0
        c.sysRegHook.write(c, SysReg.key(3, 0, 4, 6, 0), 0xFF);     // ICC_PMR_EL1
        c.sysRegHook.write(c, SysReg.key(3, 0, 12, 12, 7), 1);      // ICC_IGRPEN1_EL1
        long deadline = 100 * b.counterHz;                          // 100 s
        c.sysRegHook.write(c, SysReg.key(3, 3, 14, 3, 2), deadline); // CNTV_CVAL_EL0
        c.sysRegHook.write(c, SysReg.key(3, 3, 14, 3, 1), 1);        // CNTV_CTL_EL0: enabled

        RunResult r = m.run(1_000_000);
        assertEquals(StopReason.GUEST_EXIT, r.reason, r.toString());
        assertTrue(r.instructions <= 3, "the wait costs no instructions: " + r);
        long now = m.clock().counter();
        assertTrue(now >= deadline && now < deadline + b.counterHz / 1000, "counter " + now + " vs deadline " + deadline);
    }

    private static byte[] le(int... words) {
        byte[] out = new byte[4 * words.length];
        for (int i = 0; i < words.length; i++) {
            for (int k = 0; k < 4; k++) out[4 * i + k] = (byte) (words[i] >>> 8 * k);
        }
        return out;
    }
}
