package dev.jaffa.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.system.SysReg;
import org.junit.jupiter.api.Test;

/**
 * Instructions of the row table run translated: the JIT calls the row's semantics (the
 * interpreter's), in lockstep with the interpreter, and the FP access trap is precise.
 */
class RowCallTest {
    /**
     * <pre>
     *     mov x21, #200
     * 1:  add v0.4s, v0.4s, v1.4s ; add v2.8b, v0.8b, v2.8b ; subs x21, x21, #1 ; b.ne 1b
     *     hlt #0x1234
     * </pre>
     */
    static final int[] VECTOR_LOOP = {0xd2801915, 0x4ea18400, 0x0e228402, 0xf10006b5, 0x54ffffa1, SelfModifyingCodeTest.HLT_DONE};

    /**
     * <pre>
     *     mov x21, #200
     * 1:  add v0.4s, v0.4s, v1.4s ; add v2.8b, v0.8b, v2.8b ; sub x21, x21, #1
     *     cmp x21, #100 ; b.ne 2f ; msr cpacr_el1, xzr ; isb
     * 2:  cbnz x21, 1b ; hlt #0x1234
     * </pre>
     */
    static final int[] TRAP_LOOP = {0xd2801915, 0x4ea18400, 0x0e228402, 0xd10006b5, 0xf10192bf, 0x54000061, 0xd518105f,
        0xd5033fdf, 0xb5ffff35, SelfModifyingCodeTest.HLT_DONE};

    private static SelfModifyingCodeTest.Box box(int[] code) {
        SelfModifyingCodeTest.Box b = new SelfModifyingCodeTest.Box(code);
        b.cpu.sysregStore[SysReg.CPACR_EL1.ordinal()] = 3L << 20;
        b.cpu.v[2] = 0x0000_0003_0000_0001L;   // v1.4s = {1, 3, 5, 7}
        b.cpu.v[3] = 0x0000_0007_0000_0005L;
        b.cpu.v[4] = -1L;                      // v2: the high half must be cleared by the 64-bit add
        b.cpu.v[5] = -1L;
        return b;
    }

    @Test
    void vectorLoopRunsTranslatedInLockstep() {
        SelfModifyingCodeTest.Box[] boxes = {box(VECTOR_LOOP), box(VECTOR_LOOP)};
        JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        Cpu c = boxes[0].cpu;
        assertEquals(0x1234, c.exitCode);
        assertEquals(600L << 32 | 200L, c.v[0]);
        assertEquals(1400L << 32 | 1000L, c.v[1]);
        assertEquals(0, c.v[5], "a 64-bit vector write clears the high half");
        assertTrue(jit.stats.blockRuns > 0, jit.stats.toString());
    }

    @Test
    void fpAccessTrapIsPreciseInTranslatedCode() {
        SelfModifyingCodeTest.Box[] boxes = {box(TRAP_LOOP), box(TRAP_LOOP)};
        SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        Cpu c = boxes[0].cpu;
        assertEquals(0x4321, c.exitCode, "the trap went to the vector");
        assertEquals(100, c.x[21], "the first iteration with FPEN = 0 traps");
        assertEquals(100L * 3, c.v[0] >>> 32, "100 additions happened");
        assertEquals(Esr.EC_FP_ACCESS, Esr.ec(c.esr[1]));
        assertEquals(0x1FE0_0000L | Esr.IL, c.esr[1], "CV = 1, COND = 0b1110");
        assertEquals(SelfModifyingCodeTest.CODE + 4, c.elr[1]);
    }
}
