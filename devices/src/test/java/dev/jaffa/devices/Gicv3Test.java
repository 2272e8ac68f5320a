package dev.jaffa.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.ExceptionTaken;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.SysRegHook;
import dev.jaffa.interp.memory.SystemBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Gicv3Test {
    static final int NCPU = 4;
    static final long RAM = 0x4000_0000L;
    // GICD offsets
    static final int CTLR = 0, TYPER = 4, ISENABLER = 0x100, ISPENDR = 0x200, ICPENDR = 0x280,
            ISACTIVER = 0x300, IPRIORITYR = 0x400, ICFGR = 0xC00, IGROUPR = 0x80, IGRPMODR = 0xD00, IROUTER = 0x6000;
    static final int SGI_BASE = 0x10000;

    SystemBus bus;
    Cpu[] cpus;
    Gicv3 gic;
    SysRegHook icc;

    @BeforeEach
    void setUp() {
        bus = new SystemBus();
        bus.addRam(RAM, 1 << 20);
        cpus = new Cpu[NCPU];
        for (int i = 0; i < NCPU; i++) cpus[i] = new Cpu(i, bus);
        gic = new Gicv3(cpus, 64);
        icc = gic.cpuInterface();
        for (Cpu c : cpus) c.sysRegHook = icc;
    }

    // ---- helpers -----------------------------------------------------------------------------

    long gicd(int off) { return gic.distributor().read(off, 4); }

    void gicd(int off, long v) { gic.distributor().write(off, 4, v); }

    long gicr(int cpu, int off) { return gic.redistributors().read(cpu * 0x20000L + off, 4); }

    void gicr(int cpu, int off, long v) { gic.redistributors().write(cpu * 0x20000L + off, 4, v); }

    long icc(int cpu, int key) { return icc.read(cpus[cpu], key); }

    void icc(int cpu, int key, long v) { icc.write(cpus[cpu], key, v); }

    boolean irq(int cpu) { return (cpus[cpu].interruptLines & Cpu.LINE_IRQ) != 0; }

    boolean fiq(int cpu) { return (cpus[cpu].interruptLines & Cpu.LINE_FIQ) != 0; }

    /** Distributor and every CPU interface on, nothing masked by the PMR. */
    void enableAll() {
        gicd(CTLR, 3);
        for (int c = 0; c < NCPU; c++) {
            icc(c, GicCpuInterface.IGRPEN0, 1);
            icc(c, GicCpuInterface.IGRPEN1, 1);
            icc(c, GicCpuInterface.PMR, 0xFF);
        }
    }

    void setPriority(int intid, int prio) {
        gic.distributor().write(IPRIORITYR + intid, 1, prio);
    }

    void enableSpi(int intid, int prio, int targetCpu) {
        gic.distributor().write(IROUTER + 8L * intid, 8, targetCpu);
        setPriority(intid, prio);
        gicd(ISENABLER + intid / 32 * 4, 1L << (intid % 32));
    }

    void pend(int intid) { gicd(ISPENDR + intid / 32 * 4, 1L << (intid % 32)); }

    boolean isPending(int intid) { return (gicd(ISPENDR + intid / 32 * 4) >>> (intid % 32) & 1) != 0; }

    boolean isActive(int intid) { return (gicd(ISACTIVER + intid / 32 * 4) >>> (intid % 32) & 1) != 0; }

    // ---- identification and reset ------------------------------------------------------------

    @Test
    void identificationRegisters() {
        Gicv3 big = new Gicv3(cpus, 256);
        assertEquals(8, big.distributor().read(TYPER, 4) & 0x1F, "ITLinesNumber");
        assertEquals(15, gicd(TYPER) >>> 19 & 0x1F, "IDbits: 16-bit INTIDs");
        assertEquals(0, gicd(TYPER) >>> 10 & 1, "SecurityExtn: one security state");
        assertEquals(0x50, gicd(CTLR), "ARE and DS RAO, groups disabled at reset");
        gicd(CTLR, 0);
        assertEquals(0x50, gicd(CTLR), "ARE and DS are RAO/WI");
        assertEquals(3, gicd(0xFFE8) >>> 4 & 0xF, "GICD_PIDR2.ArchRev");
        assertEquals(3, gicr(1, 0xFFE8) >>> 4 & 0xF, "GICR_PIDR2.ArchRev");
        assertEquals(0x43B, gicd(8));
    }

    @Test
    void redistributorTyperAndWakerHandshake() {
        for (int c = 0; c < NCPU; c++) {
            long typer = gic.redistributors().read(c * 0x20000L + 8, 8);
            assertEquals(c, typer >>> 32, "affinity 0.0.0." + c);
            assertEquals(c, typer >>> 8 & 0xFFFF, "Processor_Number");
            assertEquals(c == NCPU - 1, (typer & 0x10) != 0, "Last");
            assertEquals(typer >>> 32, gicr(c, 0xC), "upper half by a 32-bit read");
        }
        assertEquals(6, gicr(2, 0x14), "ProcessorSleep and ChildrenAsleep at reset");
        gicr(2, 0x14, 0);
        assertEquals(0, gicr(2, 0x14), "awake: ChildrenAsleep clears with ProcessorSleep");
        assertEquals(6, gicr(1, 0x14), "other redistributors untouched");
        gicr(2, 0x14, 2);
        assertEquals(6, gicr(2, 0x14));
        assertEquals(0, gicr(0, 0), "GICR_CTLR: no LPIs, RWP 0");
    }

    @Test
    void cpuInterfaceResetValuesAndRaoWiBits() {
        long ctlr = icc(0, GicCpuInterface.CTLR);
        assertEquals(4, ctlr >>> 8 & 7, "PRIbits: 5 bits");
        assertEquals(0, ctlr >>> 11 & 7, "IDbits: 16");
        icc(0, GicCpuInterface.CTLR, 3);
        assertEquals(3, icc(0, GicCpuInterface.CTLR) & 3, "CBPR and EOImode are writable");
        assertEquals(7, icc(0, GicCpuInterface.SRE_EL1));
        icc(0, GicCpuInterface.SRE_EL1, 0);
        assertEquals(7, icc(0, GicCpuInterface.SRE_EL1), "RAO/WI");
        icc(0, GicCpuInterface.PMR, 0xFF);
        assertEquals(0xF8, icc(0, GicCpuInterface.PMR), "5 priority bits");
        icc(0, GicCpuInterface.BPR0, 0);
        assertEquals(2, icc(0, GicCpuInterface.BPR0), "BPR0 minimum with 5 priority bits");
        assertEquals(3, icc(1, GicCpuInterface.BPR1), "BPR1 resets to its minimum");
        assertEquals(0xFF, icc(0, GicCpuInterface.RPR), "idle");
        assertEquals(0, gic.distributor().read(IGRPMODR + 4, 4));
        gicd(IGRPMODR + 4, -1);
        assertEquals(0, gicd(IGRPMODR + 4), "IGRPMODR is RAZ/WI with DS = 1");
    }

    @Test
    void el0AccessIsUndefinedAndSreEl2NeedsEl2() {
        cpus[0].vbar[1] = RAM;
        cpus[0].el = 0;
        assertThrows(ExceptionTaken.class, () -> icc(0, GicCpuInterface.IAR1));
        assertEquals(1, cpus[0].el);
        assertEquals(Esr.EC_UNKNOWN, Esr.ec(cpus[0].esr[1]));
        assertThrows(ExceptionTaken.class, () -> icc(0, GicCpuInterface.SRE_EL2));
        cpus[0].el = 2;
        assertEquals(0xF, icc(0, GicCpuInterface.SRE_EL2));
        cpus[0].el = 1;
        assertThrows(ExceptionTaken.class, () -> icc(0, GicCpuInterface.EOIR1), "write-only");
        assertThrows(ExceptionTaken.class, () -> icc(0, GicCpuInterface.IAR1, 0), "read-only");
    }

    @Test
    void priorityBytesAndRouterHalves() {
        gic.distributor().write(IPRIORITYR + 41, 1, 0xA8);
        gic.distributor().write(IPRIORITYR + 42, 1, 0x17);
        assertEquals(0x0017_A800L, gicd(IPRIORITYR + 40), "byte writes, word read");
        assertEquals(0x17, gic.distributor().read(IPRIORITYR + 42, 1));
        gicd(IPRIORITYR + 40, 0x1122_3344L);
        assertEquals(0x22, gic.distributor().read(IPRIORITYR + 42, 1));
        gicd(IPRIORITYR, -1);
        assertEquals(0, gicd(IPRIORITYR), "GICD copies of INTIDs 0-31 are RAZ/WI with ARE");
        gicd(IROUTER + 8 * 40 + 4, 0x12);                    // Aff3
        gicd(IROUTER + 8 * 40, 0x8003_0201L);                // IRM, Aff2.Aff1.Aff0
        assertEquals(0x12_8003_0201L, gic.distributor().read(IROUTER + 8 * 40, 8));
        gic.distributor().write(IROUTER + 8 * 40, 8, -1L);
        assertEquals(0xFF_80FF_FFFFL, gic.distributor().read(IROUTER + 8 * 40, 8), "reserved bits RES0");
        assertEquals(0, gicd(IROUTER + 8 * 31), "no IROUTER below INTID 32");
    }

    // ---- SPI delivery ------------------------------------------------------------------------

    @Test
    void spiGoesToTheRoutedCpuOnly() {
        enableAll();
        enableSpi(40, 0x80, 2);
        InterruptLine line = gic.spi(40);
        line.set(true);
        for (int c = 0; c < NCPU; c++) assertEquals(c == 2, irq(c), "IRQ of CPU " + c);
        assertFalse(fiq(2), "Group 1 is IRQ");
        assertEquals(40, icc(2, GicCpuInterface.HPPIR1));
        assertEquals(Gicv3.SPURIOUS, icc(1, GicCpuInterface.IAR1), "not routed to CPU 1");
        line.set(false);
        assertFalse(irq(2), "level interrupt withdrawn");
        assertFalse(isPending(40));
    }

    @Test
    void disabledOrUngroupedInterruptIsNotSignalled() {
        enableSpi(40, 0x80, 0);
        pend(40);
        assertFalse(irq(0), "distributor groups disabled");
        gicd(CTLR, 2);
        assertFalse(irq(0), "CPU interface group 1 disabled");
        icc(0, GicCpuInterface.IGRPEN1, 1);
        icc(0, GicCpuInterface.PMR, 0xFF);
        assertTrue(irq(0));
        gicd(0x180 + 4, 1L << 8);                          // ICENABLER1
        assertFalse(irq(0));
    }

    @Test
    void oneOfNRoutingPicksTheLowestCpuAcceptingTheGroup() {
        enableAll();
        enableSpi(50, 0x80, 0);
        gic.distributor().write(IROUTER + 8L * 50, 8, 1L << 31);
        assertEquals(1L << 31, gic.distributor().read(IROUTER + 8L * 50, 8));
        icc(0, GicCpuInterface.IGRPEN1, 0);
        pend(50);
        assertFalse(irq(0));
        assertTrue(irq(1));
        assertFalse(irq(2));
    }

    @Test
    void group0SignalsFiqAndIsAcknowledgedThroughIar0() {
        enableAll();
        enableSpi(33, 0x10, 1);
        gicd(IGROUPR + 4, 0xFFFF_FFFDL);                    // INTID 33 in Group 0
        pend(33);
        assertTrue(fiq(1));
        assertFalse(irq(1));
        assertEquals(Gicv3.SPURIOUS, icc(1, GicCpuInterface.HPPIR1));
        assertEquals(Gicv3.SPURIOUS, icc(1, GicCpuInterface.IAR1), "IAR1 does not take Group 0");
        assertEquals(33, icc(1, GicCpuInterface.IAR0));
        assertFalse(fiq(1));
        assertEquals(1, icc(1, GicCpuInterface.AP0R0) >>> 2 & 1, "priority 0x10 is active");
        icc(1, GicCpuInterface.EOIR1, 33);
        assertTrue(isActive(33), "EOIR1 does not drop a Group 0 priority");
        icc(1, GicCpuInterface.EOIR0, 33);
        assertFalse(isActive(33));
        assertEquals(0, icc(1, GicCpuInterface.AP0R0));
    }

    // ---- acknowledge, priority, end of interrupt ---------------------------------------------

    @Test
    void iarTakesTheHighestPriorityWithLowestIntidTieBreak() {
        enableAll();
        enableSpi(40, 0x80, 0);
        enableSpi(41, 0x40, 0);
        enableSpi(44, 0x20, 0);
        enableSpi(45, 0x20, 0);
        pend(45);
        pend(44);
        pend(41);
        pend(40);
        assertTrue(irq(0));
        assertEquals(44, icc(0, GicCpuInterface.IAR1), "equal priority: lowest INTID");
        assertFalse(irq(0), "nothing pending preempts priority 0x20");
        assertEquals(0x20, icc(0, GicCpuInterface.RPR));
        assertTrue(isActive(44));
        assertFalse(isPending(44));
        assertEquals(Gicv3.SPURIOUS, icc(0, GicCpuInterface.IAR1), "45 cannot preempt its equal");
        icc(0, GicCpuInterface.EOIR1, 44);
        assertFalse(isActive(44), "EOImode 0: EOIR deactivates");
        assertEquals(0xFF, icc(0, GicCpuInterface.RPR));
        assertTrue(irq(0));
        assertEquals(45, icc(0, GicCpuInterface.IAR1));
        icc(0, GicCpuInterface.EOIR1, 45);
        assertEquals(41, icc(0, GicCpuInterface.IAR1));
        icc(0, GicCpuInterface.EOIR1, 41);
        assertEquals(40, icc(0, GicCpuInterface.IAR1));
        icc(0, GicCpuInterface.EOIR1, 40);
        assertFalse(irq(0));
        assertEquals(Gicv3.SPURIOUS, icc(0, GicCpuInterface.IAR1));
        icc(0, GicCpuInterface.EOIR1, Gicv3.SPURIOUS);      // ignored
    }

    @Test
    void priorityMaskMasks() {
        enableAll();
        enableSpi(40, 0x80, 0);
        icc(0, GicCpuInterface.PMR, 0x80);
        pend(40);
        assertFalse(irq(0), "priority must be strictly higher than the mask");
        assertEquals(40, icc(0, GicCpuInterface.HPPIR1), "still the highest pending");
        assertEquals(Gicv3.SPURIOUS, icc(0, GicCpuInterface.IAR1));
        icc(0, GicCpuInterface.PMR, 0x88);
        assertTrue(irq(0));
        assertEquals(40, icc(0, GicCpuInterface.IAR1));
    }

    @Test
    void preemptionNeedsAHigherGroupPriority() {
        enableAll();
        enableSpi(40, 0x80, 0);
        enableSpi(41, 0x88, 0);
        enableSpi(42, 0x40, 0);
        pend(40);
        assertEquals(40, icc(0, GicCpuInterface.IAR1));
        pend(41);
        assertFalse(irq(0), "lower priority does not preempt");
        pend(42);
        assertTrue(irq(0), "higher priority preempts");
        assertEquals(42, icc(0, GicCpuInterface.IAR1));
        assertEquals(0x40, icc(0, GicCpuInterface.RPR));
        icc(0, GicCpuInterface.EOIR1, 42);
        assertEquals(0x80, icc(0, GicCpuInterface.RPR), "back to the preempted interrupt");
        icc(0, GicCpuInterface.EOIR1, 40);
        assertEquals(41, icc(0, GicCpuInterface.IAR1));
        icc(0, GicCpuInterface.EOIR1, 41);

        // Binary point 7 for Group 1: group priority is bit 7 only, so 0x90 cannot preempt 0x80
        // (same group priority), while 0x40 can.
        icc(0, GicCpuInterface.BPR1, 7);
        setPriority(41, 0x90);
        pend(40);
        assertEquals(40, icc(0, GicCpuInterface.IAR1));
        assertEquals(0x80, icc(0, GicCpuInterface.RPR));
        setPriority(42, 0x00);
        pend(41);
        assertFalse(irq(0), "same group priority does not preempt");
        setPriority(41, 0x10);
        assertTrue(irq(0), "group priority 0x00 preempts 0x80");
        assertEquals(41, icc(0, GicCpuInterface.IAR1));
    }

    @Test
    void eoiModeSplitsPriorityDropFromDeactivation() {
        enableAll();
        icc(0, GicCpuInterface.CTLR, 2);
        enableSpi(40, 0x80, 0);
        pend(40);
        assertEquals(40, icc(0, GicCpuInterface.IAR1));
        icc(0, GicCpuInterface.EOIR1, 40);
        assertEquals(0xFF, icc(0, GicCpuInterface.RPR), "priority dropped");
        assertTrue(isActive(40), "but still active");
        pend(40);
        assertFalse(irq(0), "an active interrupt is not signalled again");
        icc(0, GicCpuInterface.DIR, 40);
        assertFalse(isActive(40));
        assertTrue(irq(0));
    }

    // ---- trigger modes ------------------------------------------------------------------------

    @Test
    void levelInterruptStaysPendingWhileTheLineIsHigh() {
        enableAll();
        enableSpi(40, 0x80, 0);
        InterruptLine line = gic.spi(40);
        line.set(true);
        assertEquals(40, icc(0, GicCpuInterface.IAR1));
        assertTrue(isPending(40), "active and pending: the input is still high");
        assertFalse(irq(0));
        icc(0, GicCpuInterface.EOIR1, 40);
        assertTrue(irq(0), "still asserted after EOI: signalled again");
        line.set(false);
        assertFalse(irq(0));
        gicd(ICPENDR + 4, 1L << 8);
        pend(40);
        assertTrue(irq(0), "software pending of a level interrupt");
        gicd(ICPENDR + 4, 1L << 8);
        assertFalse(irq(0));
    }

    @Test
    void edgeInterruptLatchesARisingEdge() {
        enableAll();
        enableSpi(40, 0x80, 0);
        gicd(ICFGR + 8, 2L << 16);                          // INTID 40 edge-triggered
        assertEquals(2L << 16, gicd(ICFGR + 8));
        InterruptLine line = gic.spi(40);
        line.set(true);
        line.set(false);
        assertTrue(irq(0), "the edge was latched");
        assertEquals(40, icc(0, GicCpuInterface.IAR1));
        assertFalse(isPending(40));
        line.set(true);
        assertTrue(isPending(40), "a new edge while active");
        icc(0, GicCpuInterface.EOIR1, 40);
        assertEquals(40, icc(0, GicCpuInterface.IAR1));
        icc(0, GicCpuInterface.EOIR1, 40);
        assertFalse(irq(0), "a held line is not a new edge");
    }

    // ---- private interrupts ------------------------------------------------------------------

    @Test
    void ppiIsPrivateToItsCpu() {
        enableAll();
        gic.redistributors().write(1 * 0x20000L + SGI_BASE + IPRIORITYR + 27, 1, 0xA0);
        gicr(1, SGI_BASE + ISENABLER, 1L << 27);
        assertEquals(1L << 27, gicr(1, SGI_BASE + ISENABLER));
        assertEquals(0, gicr(0, SGI_BASE + ISENABLER));
        gic.ppi(1, 27).set(true);
        assertTrue(irq(1));
        assertFalse(irq(0));
        assertEquals(0xAAAA_AAAAL, gicr(1, SGI_BASE + ICFGR), "SGIs are edge-triggered");
        assertEquals(27, icc(1, GicCpuInterface.IAR1));
        assertEquals(0xA0, icc(1, GicCpuInterface.RPR));
        assertEquals(0, gicd(ISENABLER), "GICD copies of INTIDs 0-31 are RAZ with ARE");
    }

    @Test
    void sgi1rTargetListAndBroadcast() {
        enableAll();
        for (int c = 0; c < NCPU; c++) gicr(c, SGI_BASE + ISENABLER, 0xFFFF);
        // INTID 5 to CPUs 1 and 3 (Aff3.Aff2.Aff1 = 0.0.0)
        icc(0, GicCpuInterface.SGI1R, 5L << 24 | 0b1010);
        assertFalse(irq(0));
        assertTrue(irq(1));
        assertFalse(irq(2));
        assertTrue(irq(3));
        assertEquals(5, icc(1, GicCpuInterface.IAR1));
        icc(1, GicCpuInterface.EOIR1, 5);
        assertEquals(5, icc(3, GicCpuInterface.IAR1));
        icc(3, GicCpuInterface.EOIR1, 5);
        // Aff1 = 1 names no PE
        icc(0, GicCpuInterface.SGI1R, 1L << 16 | 0xFFFF);
        for (int c = 0; c < NCPU; c++) assertFalse(irq(c));
        // IRM = 1: every PE but the sender
        icc(2, GicCpuInterface.SGI1R, 1L << 40 | 9L << 24);
        for (int c = 0; c < NCPU; c++) assertEquals(c != 2, irq(c), "CPU " + c);
        assertEquals(9, icc(0, GicCpuInterface.IAR1));
        icc(0, GicCpuInterface.EOIR1, 9);
        // SGI0R only reaches SGIs configured as Group 0
        icc(1, GicCpuInterface.SGI0R, 3L << 24 | 1);
        assertEquals(0, gicr(0, SGI_BASE + ISPENDR) >>> 3 & 1);
        gicr(0, SGI_BASE + IGROUPR, ~(1L << 3) & 0xFFFF_FFFFL);
        icc(1, GicCpuInterface.SGI0R, 3L << 24 | 1);
        assertEquals(1, gicr(0, SGI_BASE + ISPENDR) >>> 3 & 1);
        assertTrue(fiq(0));
    }

    // ---- through the interpreter --------------------------------------------------------------

    @Test
    void mrsIar1ThroughTheInterpreter() {
        enableAll();
        enableSpi(40, 0x80, 0);
        pend(40);
        Cpu c = cpus[0];
        long code = RAM + 0x1000;
        int mrsIar1 = 0xD5200000 | GicCpuInterface.IAR1 << 5 | 7;    // MRS X7, ICC_IAR1_EL1
        int msrEoir1 = 0xD5000000 | GicCpuInterface.EOIR1 << 5 | 7;  // MSR ICC_EOIR1_EL1, X7
        c.mem.write32(code, mrsIar1);
        c.mem.write32(code + 4, msrEoir1);
        c.resetTo(code, 1);
        c.exitRequest = 0;
        Interpreter.run(c, 2, null);
        assertEquals(40, c.x[7]);
        assertFalse(isActive(40));
        assertFalse(irq(0));
    }
}
