package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jaffa.interp.system.SysReg;
import org.junit.jupiter.api.Test;

/**
 * AArch64.CheckFPAdvSIMDEnabled: CPACR_EL1.FPEN and CPTR_EL2.TFP, their targets and syndromes
 * (EC 0x07 with CV = 1, COND = 0b1110; Uncategorized when HCR_EL2.TGE reroutes EL0's trap), and
 * FPCR/FPSR accesses, which the same controls trap.
 */
class FpAccessTrapTest {
    static final int ADD_V = 0x4ea18400;          // add v0.4s, v0.4s, v1.4s
    static final int MRS_FPCR = 0xd53b4400;       // mrs x0, fpcr
    static final int MSR_FPSR = 0xd51b4420;       // msr fpsr, x0
    static final long FP_TRAP = (long) Esr.EC_FP_ACCESS << 26 | Esr.IL | 1L << 24 | 0xEL << 20;

    private static TestMachine machine(int insn, long cpacr) {
        TestMachine m = new TestMachine(insn);
        m.cpu.sysregStore[SysReg.CPACR_EL1.ordinal()] = cpacr;
        m.cpu.v[2] = 5;
        return m;
    }

    @Test
    void fpenZeroTrapsEl1ToEl1() {
        TestMachine m = machine(ADD_V, 0).step(1);
        assertEquals(TestMachine.VBAR + 0x200, m.cpu.pc);
        assertEquals(FP_TRAP, m.cpu.esr[1]);
        assertEquals(TestMachine.CODE, m.cpu.elr[1]);
        assertEquals(0, m.cpu.v[0], "nothing executed");
    }

    @Test
    void fpenOneAllowsEl1AndTrapsEl0() {
        TestMachine m = machine(ADD_V, 1L << 20).step(1);
        assertEquals(5, m.cpu.v[0], "EL1 executes with FPEN = 0b01");
        TestMachine u = machine(ADD_V, 1L << 20).atEl0().step(1);
        assertEquals(TestMachine.VBAR + 0x400, u.cpu.pc);
        assertEquals(FP_TRAP, u.cpu.esr[1]);
    }

    @Test
    void fpenThreeAllowsEl0() {
        TestMachine u = machine(ADD_V, 3L << 20).atEl0().step(1);
        assertEquals(5, u.cpu.v[0]);
        assertEquals(TestMachine.CODE + 4, u.cpu.pc);
    }

    @Test
    void fpcrAndFpsrAccessesAreTrappedAndMasked() {
        TestMachine m = machine(MRS_FPCR, 0).step(1);
        assertEquals(FP_TRAP, m.cpu.esr[1]);
        TestMachine w = machine(MSR_FPSR, 3L << 20);
        w.cpu.x[0] = -1L;
        w.step(1);
        assertEquals(Cpu.FPSR_MASK, w.cpu.fpsr, "only the Armv8.0 FPSR bits are writable");
        TestMachine r = machine(MRS_FPCR, 3L << 20);
        r.cpu.fpcr = Cpu.FPCR_MASK;
        r.step(1);
        assertEquals(Cpu.FPCR_MASK & 0xFFFF_FFFFL, r.cpu.x[0]);
    }

    @Test
    void cptrEl2TfpTrapsEl1ToEl2() {
        TestMachine m = machine(ADD_V, 3L << 20);
        m.cpu.haveEl2 = true;
        m.cpu.vbar[2] = TestMachine.VBAR;
        m.cpu.sysregStore[SysReg.CPTR_EL2.ordinal()] = Cpu.CPTR_TFP;
        m.step(1);
        assertEquals(2, m.cpu.el);
        assertEquals(TestMachine.VBAR + 0x400, m.cpu.pc, "lower EL, AArch64");
        assertEquals(FP_TRAP, m.cpu.esr[2]);
    }

    @Test
    void cpacrTrapFromEl0WithTgeIsUncategorizedAtEl2() {
        TestMachine m = machine(ADD_V, 0).atEl0();
        m.cpu.haveEl2 = true;
        m.cpu.hcr |= Cpu.HCR_TGE;
        m.cpu.vbar[2] = TestMachine.VBAR;
        m.step(1);
        assertEquals(2, m.cpu.el);
        assertEquals((long) Esr.EC_UNKNOWN << 26 | Esr.IL, m.cpu.esr[2]);
    }
}
