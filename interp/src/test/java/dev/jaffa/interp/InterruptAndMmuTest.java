package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.system.SysReg;
import org.junit.jupiter.api.Test;

/** Interrupt routing and masking (Arm ARM D1.3.6) and stage 1 translation details. */
class InterruptAndMmuTest {
    private static final int NOP = 0xD503201F;

    /** The first exception taken: {fromEl, toEl, vector offset, ELR}. */
    private final long[] first = {-1, -1, -1, -1};

    private TestMachine nops() {
        int[] code = new int[16];
        java.util.Arrays.fill(code, NOP);
        TestMachine m = new TestMachine(code);
        m.cpu.exceptionListener = (cpu, from, to, offset) -> {
            if (first[0] < 0) {
                first[0] = from; first[1] = to; first[2] = offset; first[3] = cpu.elr[to];
            }
        };
        return m;
    }

    @Test
    void irqAtCurrentElWaitsForPstateIThenUsesTheIrqVector() {
        TestMachine m = nops();
        Cpu c = m.cpu;
        c.daif = 0x2;                                        // I masked
        c.setInterruptLine(Cpu.LINE_IRQ, true);
        m.step(2);
        assertEquals(TestMachine.CODE + 8, c.pc, "masked: execution goes on");
        c.daif = 0;
        c.exitRequest = 1;                                    // what MSR DAIFClr does
        m.step(1);
        assertEquals(0x280, first[2], "current EL, SP_ELx, IRQ");
        assertEquals(TestMachine.CODE + 8, first[3], "returns to the interrupted instruction");
    }

    @Test
    void pstateIMasksAnIrqFromEl0ToEl1() {
        TestMachine m = nops().atEl0();
        Cpu c = m.cpu;
        c.daif = 0x2;
        c.setInterruptLine(Cpu.LINE_IRQ, true);
        m.step(2);
        assertEquals(0, c.el);
        assertEquals(-1, first[0], "EL1 is higher, but the I bit still masks it");
        c.daif = 0;
        c.exitRequest = 1;
        m.step(1);
        assertEquals(0x480, first[2], "lower EL (AArch64), IRQ");
    }

    @Test
    void imoRoutesIrqToEl2WhateverPstateSays() {
        TestMachine m = nops();
        Cpu c = m.cpu;
        c.haveEl2 = true;
        c.vbar[2] = TestMachine.VBAR;
        c.hcr |= Cpu.HCR_IMO;
        c.daif = 0xF;                                         // masked at EL1, but EL2 is higher
        c.setInterruptLine(Cpu.LINE_IRQ, true);
        m.step(1);
        assertEquals(2, c.el);
        assertEquals(2, first[1]);
        assertEquals(0x480, first[2], "lower EL (AArch64), IRQ");
        assertEquals(TestMachine.CODE, first[3]);
    }

    @Test
    void irqRoutedToEl1IsNotTakenAtEl2() {
        TestMachine m = nops();
        Cpu c = m.cpu;
        c.haveEl2 = true;
        c.el = 2;
        c.updateSpIndex();
        c.daif = 0;
        c.setInterruptLine(Cpu.LINE_IRQ, true);
        m.step(3);
        assertEquals(2, c.el);
        assertEquals(TestMachine.CODE + 12, c.pc);
        assertTrue(c.interruptPending(), "still pending, so WFI would complete");
    }

    @Test
    void virtualIrqReachesEl1OnlyWithImo() {
        TestMachine m = nops();
        Cpu c = m.cpu;
        c.haveEl2 = true;
        c.daif = 0;
        c.hcr |= Cpu.HCR_VI;
        c.exitRequest = 1;
        m.step(1);
        assertEquals(TestMachine.CODE + 4, c.pc, "VI without IMO does nothing");
        assertEquals(-1, first[0]);
        c.hcr |= Cpu.HCR_IMO;
        c.exitRequest = 1;
        m.step(1);
        assertEquals(1, first[1]);
        assertEquals(0x280, first[2]);
    }

    @Test
    void wfiSleepsOnlyWithNothingPending() {
        TestMachine m = new TestMachine(0xD503207F, NOP);     // WFI
        Cpu c = m.cpu;
        m.step(1);
        assertTrue(c.sleeping);
        c.sleeping = false;
        c.resetTo(TestMachine.CODE, 1);
        c.setInterruptLine(Cpu.LINE_FIQ, true);               // pending though masked: WFI completes
        m.step(1);
        assertFalse(c.sleeping);
    }

    @Test
    void secureOnlyMemoryIsRefusedToNonSecureFetchesAndDataOnEveryPath() {
        TestMachine m = nops();
        Cpu c = m.cpu;
        long page = TestMachine.DATA;
        m.bus.setSecureOnly(page, 4096);
        assertEquals(null, c.mem.execPage(page), "the JIT's fetch probe too (it must not translate Secure code)");
        org.junit.jupiter.api.Assertions.assertThrows(ExceptionTaken.class, () -> c.mem.read64(page));
        assertEquals(Esr.FSC_SYNC_EXTERNAL, (int) c.esr[1] & 0x3F);
        c.resetTo(TestMachine.CODE, 1);
        c.secure = true;
        c.mem.contextChanged();
        assertTrue(c.mem.execPage(page) != null, "Secure state may fetch it");
    }

    // ---- MMU -----------------------------------------------------------------------------------

    private static final long TABLES = 0x4040_0000L;

    /**
     * 64K granule, 42-bit VA through TTBR1 (start level 2): VA 0xFFFF_FC00_0001_0000 maps a 64K page
     * onto DATA, read-only at EL1.
     */
    @Test
    void sixtyFourKGranuleTtbr1ReadOnlyPage() {
        // LDR x1, [x0]; STR x1, [x0]
        TestMachine m = new TestMachine(0xF9400001, 0xF9000001);
        Cpu c = m.cpu;
        long l2 = TABLES, l3 = TABLES + 0x10000;
        long va = 0xFFFF_FC00_0001_0000L;
        // Level 2 index = VA[41:29] = 0, level 3 index = VA[28:16] = 1.
        c.mem.write64(l2, l3 | 3);
        long page = 0x4050_0000L;                            // 64K aligned
        c.mem.write64(l3 + 8, page | 1L << 10 | 1L << 7 | 1L << 2 | 3);   // AF, AP=10 (RO at EL1), AttrIndx 1
        c.mem.write64(page + 0x10, 0x1234_5678L);
        c.sysregStore[SysReg.MAIR_EL1.ordinal()] = 0xFF00;   // attr 1 Normal WB, attr 0 Device
        c.sysregStore[SysReg.TTBR1_EL1.ordinal()] = l2;
        c.sysregStore[SysReg.TCR_EL1.ordinal()] = 22L << 16 | 3L << 30 | 1L << 7 | 4L << 32;  // T1SZ=22, TG1=64K, EPD0, IPS 44
        c.sctlr[1] |= 1;
        c.mem.flushTlb();
        // Exercised through the data path and AT from Java: the walk is what is under test.
        assertEquals(0x1234_5678L, c.mem.read64(va + 0x10));
        assertEquals(0xFFL << 56 | page | 1L << 11 | 1L << 9, c.mem.addressTranslate(va, 1, false) & ~(3L << 7),
                "success: attributes, PA, RES1 bit 11, NS");
        long par = c.mem.addressTranslate(va, 1, true);
        assertEquals(1, par & 1, "write to a read-only page faults");
        assertEquals(1L << 11, par & 1L << 11, "bit 11 is RES1 in the fault format too");
        assertEquals(Esr.FSC_PERMISSION_L0 + 3, (par >>> 1) & 0x3F);
        assertEquals(Esr.FSC_TRANSLATION_L0 + 3, (c.mem.addressTranslate(va + 0x10000, 1, false) >>> 1) & 0x3F);
        assertEquals(Esr.FSC_TRANSLATION_L0, (c.mem.addressTranslate(0x0000_1000L, 1, false) >>> 1) & 0x3F,
                "EPD0: TTBR0 walks disabled");
        assertEquals(1, c.mem.addressTranslate(va, 0, false) & 1, "AP[1] = 0: no EL0 access");
    }
}
