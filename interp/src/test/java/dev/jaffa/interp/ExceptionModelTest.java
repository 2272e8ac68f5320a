package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Exception entry and return at EL0/EL1 (Arm ARM D1.10, D1.11) and the syndromes raised. */
class ExceptionModelTest {
    static final int NOP = 0xD503201F, UDF = 0x00000000, ERET = 0xD69F03E0;

    @Test
    void undefinedInstructionEntersCurrentElSpxVector() {
        TestMachine m = new TestMachine(NOP, UDF).step(2);
        Cpu c = m.cpu;
        assertEquals(TestMachine.VBAR + 0x200, c.pc);
        assertEquals(0x0200_0000L, c.esr[1]);                 // EC 0, IL 1
        assertEquals(TestMachine.CODE + 4, c.elr[1]);
        assertEquals(0x3C5L, c.spsr[1]);                      // DAIF masked, EL1h
        assertEquals(1, c.el);
        assertEquals(0xF, c.daif);
    }

    @Test
    void svcFromEl0GoesToLowerElVectorWithReturnAfterIt() {
        TestMachine m = new TestMachine(0xD4000001 | 0x1234 << 5);  // SVC #0x1234
        Cpu c = m.atEl0().cpu;
        c.daif = 0;
        m.step(1);
        assertEquals(TestMachine.VBAR + 0x400, c.pc);
        assertEquals(0x5600_1234L, c.esr[1]);
        assertEquals(TestMachine.CODE + 4, c.elr[1]);
        assertEquals(0x000L, c.spsr[1]);                      // EL0t, nothing masked
        assertEquals(1, c.spIndex);
    }

    @Test
    void eretReturnsToEl0AndRestoresPstate() {
        TestMachine m = new TestMachine(ERET);
        Cpu c = m.cpu;
        c.elr[1] = TestMachine.CODE + 0x100;
        c.spsr[1] = 0x9000_0000L;                             // N, V; EL0t
        c.exclusiveAddr = 0x1234;
        m.step(1);
        assertEquals(0, c.el);
        assertEquals(TestMachine.CODE + 0x100, c.pc);
        assertEquals(0b1001, c.nzcv);
        assertEquals(0, c.daif);
        assertEquals(0, c.spIndex);
        assertEquals(-1, c.exclusiveAddr, "exception return clears the local monitor");
    }

    @Test
    void illegalReturnToHigherElSetsIlAndFaultsNextInstruction() {
        TestMachine m = new TestMachine(ERET);
        Cpu c = m.cpu;
        c.elr[1] = TestMachine.CODE + 0x100;
        c.spsr[1] = 0x9;                                      // EL2h: not implemented
        m.step(1);
        assertEquals(1, c.el);
        assertTrue(c.illegalState);
        m.step(1);
        assertEquals(0x3A00_0000L, c.esr[1]);                 // EC 0x0E illegal execution state, IL
        assertEquals(TestMachine.CODE + 0x100, c.elr[1]);
        assertFalse(c.illegalState);
        assertTrue((c.spsr[1] & (1L << 20)) != 0, "SPSR.IL records the illegal state");
    }

    @Test
    void eretAtEl0IsUndefined() {
        TestMachine m = new TestMachine(ERET);
        m.atEl0().step(1);
        assertEquals(0x0200_0000L, m.cpu.esr[1]);
        assertEquals(1, m.cpu.el);
    }

    @Test
    void pcAlignmentFault() {
        TestMachine m = new TestMachine(0xD61F0000);         // BR X0
        m.cpu.x[0] = TestMachine.CODE + 2;
        m.step(2);
        assertEquals((long) Esr.EC_PC_ALIGN << 26 | Esr.IL, m.cpu.esr[1]);
        assertEquals(TestMachine.CODE + 2, m.cpu.far[1]);
        assertEquals(TestMachine.CODE + 2, m.cpu.elr[1]);
    }

    @Test
    void unalignedLoadWithMmuOffIsAnAlignmentFault() {
        TestMachine m = new TestMachine(0xF9400020);         // LDR X0, [X1]
        m.cpu.x[1] = TestMachine.DATA + 4;
        m.step(1);
        assertEquals(0x9600_0021L, m.cpu.esr[1]);             // EC 0x25, DFSC alignment
        assertEquals(TestMachine.DATA + 4, m.cpu.far[1]);
    }

    @Test
    void storeOutsideRamIsASynchronousExternalAbortWithWnR() {
        TestMachine m = new TestMachine(0xF9000020);         // STR X0, [X1]
        m.cpu.x[1] = 0x1000_0000L;
        m.step(1);
        assertEquals(0x9600_0050L, m.cpu.esr[1]);             // WnR, DFSC 0x10
        assertEquals(0x1000_0000L, m.cpu.far[1]);
    }

    @Test
    void addressAbovePhysicalRangeIsAnAddressSizeFault() {
        TestMachine m = new TestMachine(0xF9400020);
        m.cpu.x[1] = 1L << 50;
        m.step(1);
        assertEquals(0x9600_0000L, m.cpu.esr[1]);
    }

    @Test
    void misalignedSpBaseIsAnSpAlignmentFault() {
        TestMachine m = new TestMachine(0xF94003E0);         // LDR X0, [SP]
        m.cpu.setSp(TestMachine.DATA + 8);
        m.step(1);
        assertEquals((long) Esr.EC_SP_ALIGN << 26 | Esr.IL, m.cpu.esr[1]);
    }

    @Test
    void hvcAndSmcAreUndefinedWithoutHigherLevels() {
        for (int insn : new int[] {0xD4000002, 0xD4000003}) {   // HVC #0, SMC #0
            TestMachine m = new TestMachine(insn).step(1);
            assertEquals(0x0200_0000L, m.cpu.esr[1]);
            assertEquals(TestMachine.CODE, m.cpu.elr[1]);
        }
    }

    @Test
    void el1RegistersAreUndefinedAtEl0() {
        TestMachine m = new TestMachine(0xD5381000);         // MRS X0, SCTLR_EL1
        m.atEl0().step(1);
        assertEquals(0x0200_0000L, m.cpu.esr[1]);
    }

    @Test
    void daifAtEl0TrapsWithSysregSyndromeUnlessUmaIsSet() {
        TestMachine m = new TestMachine(0xD53B4220);         // MRS X0, DAIF
        m.atEl0().step(1);
        // EC 0x18, IL; ISS Op0=3 Op2=1 Op1=3 CRn=4 Rt=0 CRm=2 Direction=read
        assertEquals(0x6232_D005L, m.cpu.esr[1]);
        TestMachine open = new TestMachine(0xD53B4220);
        open.cpu.sctlr[1] |= 1 << 9;                          // SCTLR_EL1.UMA
        open.atEl0().step(1);
        assertEquals(0x3C0L, open.cpu.x[0]);
    }

    /** With HCR_EL2.TGE the UMA trap goes where EL0's exceptions go: EL2 (as QEMU's daif access check routes it). */
    @Test
    void daifTrapsAtEl0GoToEl2WithTge() {
        for (int insn : new int[] {0xD53B4220, 0xD50343DF}) {   // MRS X0, DAIF; MSR DAIFSet, #3
            TestMachine m = new TestMachine(insn).atEl0();
            m.cpu.haveEl2 = true;
            m.cpu.hcr |= Cpu.HCR_TGE;
            m.cpu.vbar[2] = TestMachine.VBAR;
            m.step(1);
            assertEquals(2, m.cpu.el, String.format("%08x", insn));
            assertEquals(0x18, m.cpu.esr[2] >>> 26, String.format("%08x", insn));
            assertEquals(TestMachine.CODE, m.cpu.elr[2]);
            assertEquals(0, m.cpu.esr[1]);
        }
    }

    @Test
    void unknownSystemRegisterIsUndefinedButIdSpaceReadsAsZero() {
        TestMachine m = new TestMachine(0xD53F0000);         // MRS X0, S3_7_C0_C0_0 (unallocated)
        m.step(1);
        assertEquals(0x0200_0000L, m.cpu.esr[1]);
        TestMachine id = new TestMachine(0xD5380760);        // MRS X0, S3_0_C0_C7_3 (reserved ID register)
        id.cpu.x[0] = 99;
        id.step(1);
        assertEquals(0, id.cpu.x[0]);
        assertEquals(TestMachine.CODE + 4, id.cpu.pc);
    }

    @Test
    void idRegistersAdvertiseOnlyWhatIsImplemented() {
        TestMachine m = new TestMachine(0xD5380400, 0xD5380601);  // MRS X0, ID_AA64PFR0_EL1; MRS X1, ID_AA64ISAR0_EL1
        m.step(2);
        assertEquals(0, (m.cpu.x[0] >>> 16) & 0xF, "FP implemented, without half-precision arithmetic");
        assertEquals(0, (m.cpu.x[0] >>> 20) & 0xF, "AdvSIMD implemented, without half-precision arithmetic");
        assertEquals(1, m.cpu.x[0] >>> 60, "CSV3: no speculation, not affected by Meltdown");
        assertEquals(1, (m.cpu.x[0] >>> 56) & 0xF, "CSV2: no branch prediction across contexts");
        // As a Cortex-A57 with the Cryptographic Extension: CRC32, SHA2, SHA1, AES + PMULL; no
        // SHA512, SHA3, SM3, SM4, atomics, RDM or dot product (all UNDEFINED here).
        assertEquals(0x1_1120L, m.cpu.x[1]);
    }

    @Test
    void daifSetClrAndSpSel() {
        TestMachine m = new TestMachine(0xD50343FF, 0xD50342DF, 0xD50040BF);  // DAIFClr #3, DAIFSet #2, SPSel #0
        m.step(3);
        assertEquals(0b1110, m.cpu.daif);
        assertFalse(m.cpu.spSel);
        assertEquals(0, m.cpu.spIndex);
    }

    @Test
    void exclusiveMonitorPassesOnceThenFails() {
        // LDXR X0, [X2]; STXR W1, X3, [X2]; STXR W4, X3, [X2]
        TestMachine m = new TestMachine(0xC85F7C40, 0xC8017C43, 0xC8047C43);
        m.cpu.x[2] = TestMachine.DATA;
        m.cpu.x[3] = 0x55;
        m.cpu.x[4] = 7;
        m.step(3);
        assertEquals(0, m.cpu.x[1]);
        assertEquals(1, m.cpu.x[4]);
        assertEquals(0x55, m.cpu.mem.read64(TestMachine.DATA));
    }

    @Test
    void exceptionLoopIsDetected() {
        TestMachine m = new TestMachine(UDF);
        m.cpu.vbar[1] = 0x1000_0000L;                         // no RAM there: every vector fetch aborts
        Interpreter.run(m.cpu, 1_000_000, null);
        assertEquals(StopReason.EXCEPTION_LOOP, m.cpu.stopReason);
        assertEquals(0x0200_0000L, m.cpu.chainStart[0], "the report keeps the exception that started it");
    }

    @Test
    void svcInATightLoopIsNotAFaultLoop() {
        // SVC #0 with the vector doing ERET straight back: a legitimate hot loop.
        TestMachine m = new TestMachine(0xD4000001, 0x17FFFFFF);  // SVC #0; B .-4
        m.cpu.mem.write32(TestMachine.VBAR + 0x200, ERET);
        Interpreter.run(m.cpu, 100_000, null);
        assertEquals(StopReason.NONE, m.cpu.stopReason);
    }

    /** PSCI CPU_ON resets a PE: a stale event or reservation must not survive into the new run. */
    @Test
    void resetClearsTheEventRegisterAndTheExclusiveMonitor() {
        TestMachine m = new TestMachine(0xD503205F);   // WFE
        Cpu c = m.cpu;
        c.eventRegister = true;
        c.exclusiveAddr = TestMachine.CODE;
        c.resetTo(TestMachine.CODE, 1);
        assertEquals(-1, c.exclusiveAddr);
        m.step(1);
        assertTrue(c.sleeping, "WFE after reset waits: no event is pending");
    }
}
