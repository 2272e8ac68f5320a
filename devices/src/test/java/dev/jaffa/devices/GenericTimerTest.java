package dev.jaffa.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.ExceptionTaken;
import dev.jaffa.interp.SysRegHook;
import dev.jaffa.interp.memory.SystemBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenericTimerTest {
    static final long RAM = 0x4000_0000L;

    /** A system counter the test moves by hand. */
    static final class FakeClock implements VirtualClock {
        long count;

        @Override public long counter() { return count; }

        @Override public long frequency() { return 62_500_000; }
    }

    /** Records the level of a wire. */
    static final class Wire implements InterruptLine {
        boolean level;
        int changes;

        @Override public void set(boolean asserted) { level = asserted; changes++; }
    }

    Cpu cpu;
    FakeClock clock;
    Wire phys, virt, hyp, sec;
    GenericTimer timer;
    SysRegHook regs;

    @BeforeEach
    void setUp() {
        SystemBus bus = new SystemBus();
        bus.addRam(RAM, 1 << 20);
        cpu = new Cpu(0, bus);
        cpu.vbar[1] = RAM;
        cpu.vbar[2] = RAM + 0x800;
        clock = new FakeClock();
        phys = new Wire();
        virt = new Wire();
        hyp = new Wire();
        sec = new Wire();
        timer = new GenericTimer(cpu, clock, phys, virt, hyp, sec);
        regs = timer.timerRegisters();
        cpu.sysRegHook = regs;
    }

    long read(int key) { return regs.read(cpu, key); }

    void write(int key, long v) { regs.write(cpu, key, v); }

    static int mrs(int key, int rt) { return 0xD5200000 | key << 5 | rt; }

    @Test
    void frequencyIsSetByThePlatformOnly() {
        assertEquals(62_500_000, read(GenericTimer.CNTFRQ_EL0));
        assertThrows(ExceptionTaken.class, () -> write(GenericTimer.CNTFRQ_EL0, 1));
        assertEquals(Esr.EC_UNKNOWN, Esr.ec(cpu.esr[1]));
        cpu.el = 1;
        timer.setFrequency(24_000_000);
        assertEquals(24_000_000, read(GenericTimer.CNTFRQ_EL0));
    }

    @Test
    void compareValueInTheFutureFiresWhenTheCounterPassesIt() {
        clock.count = 100;
        write(GenericTimer.CNTP_CVAL_EL0, 1000);
        assertEquals(Long.MAX_VALUE, timer.nextDeadline(), "not enabled");
        write(GenericTimer.CNTP_CTL_EL0, 1);
        assertEquals(1000, timer.nextDeadline());
        assertEquals(1, read(GenericTimer.CNTP_CTL_EL0), "ISTATUS clear");
        assertFalse(phys.level);
        clock.count = 999;
        timer.update();
        assertFalse(phys.level);
        clock.count = 1000;
        timer.update();
        assertTrue(phys.level);
        assertEquals(5, read(GenericTimer.CNTP_CTL_EL0), "ENABLE and ISTATUS");
        assertEquals(Long.MAX_VALUE, timer.nextDeadline(), "already firing");
        write(GenericTimer.CNTP_CTL_EL0, 3);
        assertFalse(phys.level, "IMASK drops the output");
        assertEquals(7, read(GenericTimer.CNTP_CTL_EL0), "ISTATUS still shows the condition");
        write(GenericTimer.CNTP_CTL_EL0, 1);
        assertTrue(phys.level);
        write(GenericTimer.CNTP_CVAL_EL0, 5000);
        assertFalse(phys.level, "a later compare value withdraws the interrupt");
        assertEquals(5000, timer.nextDeadline());
        assertFalse(virt.level || hyp.level || sec.level);
    }

    @Test
    void timerValueIsSigned32BitDistance() {
        clock.count = 5000;
        write(GenericTimer.CNTP_TVAL_EL0, 0xFFFF_FF9CL);     // -100: sign-extended from bit 31
        assertEquals(4900, read(GenericTimer.CNTP_CVAL_EL0));
        assertEquals(0xFFFF_FF9CL, read(GenericTimer.CNTP_TVAL_EL0), "(CVAL - count)[31:0]; bits 63:32 RES0");
        write(GenericTimer.CNTP_CTL_EL0, 1);
        assertTrue(phys.level, "already past the compare value");
        write(GenericTimer.CNTP_TVAL_EL0, 250);
        assertEquals(5250, read(GenericTimer.CNTP_CVAL_EL0));
        assertFalse(phys.level);
        clock.count = 5300;
        assertEquals((-50L) & 0xFFFF_FFFFL, read(GenericTimer.CNTP_TVAL_EL0));
        assertEquals((int) -50, (int) read(GenericTimer.CNTP_TVAL_EL0));
        write(GenericTimer.CNTP_TVAL_EL0, 0x1_0000_0010L);   // bits 63:32 ignored
        assertEquals(5316, read(GenericTimer.CNTP_CVAL_EL0));
    }

    @Test
    void virtualTimerCountsFromTheOffset() {
        clock.count = 1000;
        cpu.el = 1;
        assertThrows(ExceptionTaken.class, () -> write(GenericTimer.CNTVOFF_EL2, 300), "EL2 register at EL1");
        cpu.el = 2;
        write(GenericTimer.CNTVOFF_EL2, 300);
        assertEquals(700, read(GenericTimer.CNTVCT_EL0));
        assertEquals(1000, read(GenericTimer.CNTPCT_EL0));
        write(GenericTimer.CNTV_CVAL_EL0, 1000);
        write(GenericTimer.CNTV_CTL_EL0, 1);
        assertEquals(1300, timer.nextDeadline(), "in physical counts");
        clock.count = 1300;
        timer.update();
        assertTrue(virt.level);
        assertFalse(phys.level);
    }

    @Test
    void nextDeadlineIsTheEarliestOfAllTimers() {
        cpu.el = 2;
        write(GenericTimer.CNTP_CVAL_EL0, 900);
        write(GenericTimer.CNTP_CTL_EL0, 1);
        write(GenericTimer.CNTHP_CVAL_EL2, 400);
        write(GenericTimer.CNTHP_CTL_EL2, 1);
        write(GenericTimer.CNTV_CVAL_EL0, 600);
        write(GenericTimer.CNTV_CTL_EL0, 3);                 // masked: not a deadline
        assertEquals(400, timer.nextDeadline());
        clock.count = 400;
        timer.update();
        assertTrue(hyp.level);
        assertEquals(900, timer.nextDeadline());
        write(GenericTimer.CNTP_CVAL_EL0, -1L);              // never reached
        assertEquals(Long.MAX_VALUE, timer.nextDeadline());
    }

    @Test
    void el0AccessTrapsToEl1UnlessCntkctlAllowsIt() {
        cpu.el = 0;
        cpu.curPc = RAM + 0x2000;
        cpu.curInsn = mrs(GenericTimer.CNTVCT_EL0, 3);       // MRS X3, CNTVCT_EL0
        assertThrows(ExceptionTaken.class, () -> read(GenericTimer.CNTVCT_EL0));
        assertEquals(1, cpu.el);
        assertEquals(Esr.EC_SYSREG, Esr.ec(cpu.esr[1]));
        // Op0=3 Op2=2 Op1=3 CRn=14 Rt=3 CRm=0 Direction=read
        int iss = 3 << 20 | 2 << 17 | 3 << 14 | 14 << 10 | 3 << 5 | 0 << 1 | 1;
        assertEquals((long) Esr.EC_SYSREG << 26 | Esr.IL | iss, cpu.esr[1]);
        assertEquals(RAM + 0x2000, cpu.elr[1]);
        assertEquals(RAM + 0x400, cpu.pc, "lower-EL synchronous vector");

        cpu.el = 1;
        write(GenericTimer.CNTKCTL_EL1, GenericTimer.EL0VCTEN);
        assertEquals(GenericTimer.EL0VCTEN, read(GenericTimer.CNTKCTL_EL1));
        cpu.el = 0;
        clock.count = 42;
        assertEquals(42, read(GenericTimer.CNTVCT_EL0));
        cpu.curInsn = 0xD5000000 | GenericTimer.CNTP_CTL_EL0 << 5 | 9;   // MSR CNTP_CTL_EL0, X9
        assertThrows(ExceptionTaken.class, () -> write(GenericTimer.CNTP_CTL_EL0, 1));
        assertEquals(3 << 20 | 1 << 17 | 3 << 14 | 14 << 10 | 9 << 5 | 2 << 1 | 0, cpu.esr[1] & 0x1FF_FFFF,
                "write direction, Rt = 9, CRm = 2");
        cpu.el = 0;
        assertThrows(ExceptionTaken.class, () -> read(GenericTimer.CNTKCTL_EL1), "EL1 register at EL0");
        assertEquals(Esr.EC_UNKNOWN, Esr.ec(cpu.esr[1]));
    }

    @Test
    void cnthctlTrapsEl1PhysicalAccessToEl2() {
        cpu.el = 2;
        assertEquals(3, read(GenericTimer.CNTHCTL_EL2), "EL1PCTEN and EL1PCEN reset open");
        write(GenericTimer.CNTHCTL_EL2, 0);
        cpu.el = 1;
        cpu.curPc = RAM + 0x3000;
        cpu.curInsn = mrs(GenericTimer.CNTPCT_EL0, 0);
        assertThrows(ExceptionTaken.class, () -> read(GenericTimer.CNTPCT_EL0));
        assertEquals(2, cpu.el);
        assertEquals(Esr.EC_SYSREG, Esr.ec(cpu.esr[2]));
        assertEquals(RAM + 0x3000, cpu.elr[2]);
        cpu.el = 1;
        assertThrows(ExceptionTaken.class, () -> read(GenericTimer.CNTP_CTL_EL0));
        assertEquals(2, cpu.el);
        cpu.el = 1;
        assertEquals(0, read(GenericTimer.CNTVCT_EL0), "the virtual counter is not gated");
        cpu.secure = true;
        assertEquals(0, read(GenericTimer.CNTPCT_EL0), "no Secure EL2: no trap in Secure state");
    }

    @Test
    void securePhysicalTimerOnlyInSecureEl1() {
        cpu.el = 1;
        assertThrows(ExceptionTaken.class, () -> read(GenericTimer.CNTPS_CTL_EL1));
        assertEquals(Esr.EC_UNKNOWN, Esr.ec(cpu.esr[1]));
        cpu.el = 1;
        cpu.secure = true;
        write(GenericTimer.CNTPS_TVAL_EL1, 10);
        write(GenericTimer.CNTPS_CTL_EL1, 1);
        assertEquals(10, timer.nextDeadline());
        clock.count = 10;
        timer.update();
        assertTrue(sec.level);
        assertFalse(phys.level);
    }

    @Test
    void combinedHooksDispatchByKey() {
        Cpu[] cpus = {cpu};
        Gicv3 gic = new Gicv3(cpus, 32);
        SysRegHook both = SysRegHooks.of(gic.cpuInterface(), regs);
        cpu.el = 1;
        assertTrue(both.implementsKey(GenericTimer.CNTVCT_EL0));
        assertTrue(both.implementsKey(GicCpuInterface.IAR1));
        assertFalse(both.implementsKey(0));
        clock.count = 77;
        assertEquals(77, both.read(cpu, GenericTimer.CNTVCT_EL0));
        both.write(cpu, GicCpuInterface.PMR, 0xF0);
        assertEquals(0xF0, both.read(cpu, GicCpuInterface.PMR));
    }

    @Test
    void timerDrivesAGicPpi() {
        Cpu[] cpus = {cpu};
        Gicv3 gic = new Gicv3(cpus, 32);
        GenericTimer t = new GenericTimer(cpu, clock, gic.ppi(0, GenericTimer.PPI_PHYS_NS), gic.ppi(0, GenericTimer.PPI_VIRT),
                gic.ppi(0, GenericTimer.PPI_HYP_PHYS), gic.ppi(0, GenericTimer.PPI_SECURE_PHYS));
        cpu.sysRegHook = SysRegHooks.of(gic.cpuInterface(), t.timerRegisters());
        cpu.el = 1;
        gic.distributor().write(0, 4, 2);
        gic.redistributors().write(0x10000 + 0x100, 4, 1L << GenericTimer.PPI_VIRT);
        cpu.sysRegHook.write(cpu, GicCpuInterface.IGRPEN1, 1);
        cpu.sysRegHook.write(cpu, GicCpuInterface.PMR, 0xFF);
        cpu.sysRegHook.write(cpu, GenericTimer.CNTV_TVAL_EL0, 5);
        cpu.sysRegHook.write(cpu, GenericTimer.CNTV_CTL_EL0, 1);
        assertEquals(0, cpu.interruptLines);
        clock.count = t.nextDeadline();
        t.update();
        assertEquals(Cpu.LINE_IRQ, cpu.interruptLines);
        assertEquals(GenericTimer.PPI_VIRT, cpu.sysRegHook.read(cpu, GicCpuInterface.IAR1));
        cpu.sysRegHook.write(cpu, GenericTimer.CNTV_CTL_EL0, 3);
        cpu.sysRegHook.write(cpu, GicCpuInterface.EOIR1, GenericTimer.PPI_VIRT);
        assertEquals(0, cpu.interruptLines);
    }

    // ---- event streams ----

    @Test
    void triggerDistanceFollowsEvntiAndEvntdir() {
        long rising5 = 5L << GenericTimer.EVNTI_SHIFT | GenericTimer.EVNTEN;
        long falling5 = rising5 | GenericTimer.EVNTDIR;
        // Bit 5 rises at 32 mod 64 and falls at 0 mod 64.
        assertEquals(32, GenericTimer.toNextTrigger(rising5, 0));
        assertEquals(1, GenericTimer.toNextTrigger(rising5, 31));
        assertEquals(64, GenericTimer.toNextTrigger(rising5, 32), "the trigger at the count itself is behind");
        assertEquals(63, GenericTimer.toNextTrigger(rising5, 33));
        assertEquals(64, GenericTimer.toNextTrigger(falling5, 0));
        assertEquals(32, GenericTimer.toNextTrigger(falling5, 32));
        assertEquals(1, GenericTimer.toNextTrigger(falling5, -1), "the count wraps: -1 + 1 = 0");
        assertEquals(1, GenericTimer.toNextTrigger(0, 0), "EVNTI = 0, rising: every odd count");
        assertEquals(1L << 16, GenericTimer.toNextTrigger(15L << GenericTimer.EVNTI_SHIFT, 1L << 15));
    }

    @Test
    void streamIsOffUntilEvntenAndThenTriggersOnTheVirtualCount() {
        cpu.el = 2;
        clock.count = 1000;
        write(GenericTimer.CNTVOFF_EL2, 10);                 // CNTVCT = 990
        assertEquals(Long.MAX_VALUE, timer.nextEvent(), "EVNTEN clear");
        write(GenericTimer.CNTKCTL_EL1, 4L << GenericTimer.EVNTI_SHIFT);
        assertEquals(Long.MAX_VALUE, timer.nextEvent(), "EVNTI without EVNTEN");
        clock.count = 5000;
        timer.update();
        assertFalse(cpu.eventRegister, "no stream, no event");
        // Enabled at 5000 (virtual 4990): bit 4 of the virtual count next rises at 5008, physical 5018.
        write(GenericTimer.CNTKCTL_EL1, 4L << GenericTimer.EVNTI_SHIFT | GenericTimer.EVNTEN);
        assertFalse(cpu.eventRegister, "triggers before the stream was enabled are not events");
        assertEquals(5018, timer.nextEvent());
        clock.count = 5017;
        timer.update();
        assertFalse(cpu.eventRegister, "not yet");
        clock.count = 5018;
        timer.update();
        assertTrue(cpu.eventRegister, "the bit rose");
        cpu.eventRegister = false;
        clock.count = 5049;
        timer.update();
        assertFalse(cpu.eventRegister, "next rise at 5050");
        assertEquals(5050, timer.nextEvent());
        clock.count = 9000;
        timer.update();
        assertTrue(cpu.eventRegister, "many triggers in one step are one event");
        assertEquals(4L << GenericTimer.EVNTI_SHIFT | GenericTimer.EVNTEN, read(GenericTimer.CNTKCTL_EL1));
    }

    @Test
    void cnthctlStreamTriggersOnThePhysicalCount() {
        cpu.el = 2;
        write(GenericTimer.CNTVOFF_EL2, 3);
        write(GenericTimer.CNTHCTL_EL2, 2L << GenericTimer.EVNTI_SHIFT | GenericTimer.EVNTDIR | GenericTimer.EVNTEN
                | GenericTimer.EL1PCTEN | GenericTimer.EL1PCEN);
        clock.count = 9;
        assertEquals(8, timer.nextEvent(), "bit 2 of CNTPCT falls at 0 mod 8: at 8, not yet delivered");
        assertFalse(cpu.eventRegister);
        timer.update();
        assertTrue(cpu.eventRegister, "delivered");
        assertEquals(16, timer.nextEvent());
        // With the virtual stream too, the earlier trigger of the two comes first.
        write(GenericTimer.CNTKCTL_EL1, 0L << GenericTimer.EVNTI_SHIFT | GenericTimer.EVNTEN);   // virtual count odd
        assertEquals(10, timer.nextEvent(), "CNTVCT = 9 - 3 = 6: bit 0 next rises at virtual 7, physical 10");
    }

    @Test
    void eventWakesWfeButNotWfi() {
        cpu.el = 1;
        write(GenericTimer.CNTKCTL_EL1, 3L << GenericTimer.EVNTI_SHIFT | GenericTimer.EVNTEN);   // rises at 8 mod 16
        cpu.sleeping = true;                                 // in WFI
        clock.count = 8;
        timer.update();
        assertTrue(cpu.sleeping, "WFI is not woken by an event");
        assertTrue(cpu.eventRegister, "but the event register is set");
        cpu.eventRegister = false;
        cpu.waitingForEvent = true;                          // in WFE
        cpu.exitRequest = 0;
        clock.count = 24;
        timer.update();
        assertFalse(cpu.sleeping, "WFE is woken");
        assertFalse(cpu.waitingForEvent);
        assertEquals(1, cpu.exitRequest);
    }
}
