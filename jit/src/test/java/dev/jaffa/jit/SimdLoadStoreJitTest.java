package dev.jaffa.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.system.SysReg;
import org.junit.jupiter.api.Test;

/**
 * SIMD&FP loads and stores run translated in lockstep with the interpreter: the rows' flags
 * (MEM, RN_SP, WRITEBACK, the Rm field) make the JIT sync SP and the base and index registers
 * around the call, and a fault leaves the base register unchanged.
 */
class SimdLoadStoreJitTest {
    /**
     * <pre>
     *     mov x21, #100
     * 1:  ld1 {v0.16b-v3.16b}, [x0], #64 ; st1 {v0.16b-v3.16b}, [x1], #64
     *     ldp q4, q5, [x0, #-32] ; stp q4, q5, [sp, #-32]! ; ldr q6, [sp], #32
     *     ld2 {v16.4s, v17.4s}, [x0], x3 ; ld4r {v20.8h-v23.8h}, [x0] ; st1 {v6.d}[1], [x1], #8
     *     ldr d7, [x0, x3] ; add v24.4s, v24.4s, v16.4s ; sub x21, x21, #1 ; cbnz x21, 1b
     *     ldr q8, [x2], #16 ; hlt #0x1234
     * </pre>
     */
    static final int[] LOOP = {0xd2800c95, 0x4cdf2000, 0x4c9f2020, 0xad7f1404, 0xadbf17e4, 0x3cc207e6, 0x4cc38810, 0x4d60e414,
        0x4d9f8426, 0xfc636807, 0x4eb08718, 0xd10006b5, 0xb5fffeb5, 0x3cc10448, SelfModifyingCodeTest.HLT_DONE};

    static final long SRC = SelfModifyingCodeTest.DATA, DST = SelfModifyingCodeTest.DATA + 0x10000;

    private static SelfModifyingCodeTest.Box box() {
        SelfModifyingCodeTest.Box b = new SelfModifyingCodeTest.Box(LOOP);
        b.cpu.sysregStore[SysReg.CPACR_EL1.ordinal()] = 3L << 20;
        for (int k = 0; k < 8192; k++) b.cpu.mem.write8(SRC + k, k * 13 + 5);
        b.cpu.x[0] = SRC;
        b.cpu.x[1] = DST;
        b.cpu.x[2] = 0x1000_0000L;   // nothing there: synchronous external abort
        b.cpu.x[3] = -32;
        b.cpu.setSp(SelfModifyingCodeTest.DATA + 0x80000);
        return b;
    }

    @Test
    void loadsAndStoresRunTranslatedInLockstep() {
        SelfModifyingCodeTest.Box[] boxes = {box(), box()};
        JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        Cpu c = boxes[0].cpu, r = boxes[1].cpu;
        assertEquals(0x4321, c.exitCode, "the final load faulted to the vector");
        assertEquals(Esr.EC_DABT_SAME, Esr.ec(c.esr[1]));
        assertEquals(0x1000_0000L, c.far[1]);
        assertEquals(0x1000_0000L, c.x[2], "the faulting post-index load left its base unchanged");
        assertEquals(SRC + 100 * 32, c.x[0]);
        assertEquals(DST + 100 * 72, c.x[1]);
        assertEquals(SelfModifyingCodeTest.DATA + 0x80000, c.sp());
        for (int k = 0; k < 100 * 72; k += 8) assertEquals(r.mem.read64(DST + k), c.mem.read64(DST + k), "stored word " + k);
        assertEquals(c.mem.read64(SRC + 99 * 32), c.mem.read64(DST + 99 * 72), "ST1 copied the last block");
        assertTrue(jit.stats.blockRuns > 0, jit.stats.toString());
    }
}
