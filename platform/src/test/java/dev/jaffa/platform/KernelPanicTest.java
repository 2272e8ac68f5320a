package dev.jaffa.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.TrapSink;
import org.junit.jupiter.api.Test;

class KernelPanicTest {
    @Test
    void panicRebootIsAppendedOnlyWhenTheUserSetNeitherPanicNorReboot() {
        assertEquals("panic=-1 reboot=panic_warm", KernelPanic.detecting(""));
        assertEquals("console=ttyAMA0 oops=panic panic=-1 reboot=panic_warm", KernelPanic.detecting(" console=ttyAMA0  oops=panic "));
        assertEquals("console=ttyAMA0 panic=-1 reboot=panic_warm -- panic=3 x", KernelPanic.detecting("console=ttyAMA0 -- panic=3 x"),
                "words after -- are init's: ours go before");
        assertNull(KernelPanic.detecting("console=ttyAMA0 panic=0"));
        assertNull(KernelPanic.detecting("panic=-1 console=ttyAMA0"));
        assertNull(KernelPanic.detecting("reboot=warm"));
    }

    @Test
    void aWarmResetIsAPanicOnlyWhenDetectionIsArmed() {
        Machine m = new Machine(Board.VIRT, 64L << 20, TrapSink.NONE);
        m.systemReset(m.cpu, true);
        assertEquals(StopReason.GUEST_EXIT, m.cpu.stopReason, "not armed: a reset ends the run like qemu -no-reboot");
        assertEquals(0, m.cpu.exitCode);

        Machine.Config cfg = new Machine.Config();
        cfg.board = Board.VIRT;
        cfg.ramSize = 64L << 20;
        cfg.warmResetIsPanic = true;
        Machine armed = new Machine(cfg);
        armed.systemReset(armed.cpu, false);
        assertEquals(StopReason.GUEST_EXIT, armed.cpu.stopReason, "reboot: SYSTEM_RESET");
        assertEquals(0, armed.cpu.exitCode);
        armed.cpu.stopReason = StopReason.NONE;
        armed.systemReset(armed.cpu, true);
        assertEquals(StopReason.GUEST_PANIC, armed.cpu.stopReason, "the panic reboot: SYSTEM_RESET2");
        assertEquals(6, armed.cpu.exitCode);
    }
}
