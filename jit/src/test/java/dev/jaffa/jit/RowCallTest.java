package dev.jaffa.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.system.SysReg;
import org.junit.jupiter.api.Test;

/**
 * Instructions of the row table, and forms with a call row (exclusives, DC by VA, LDTR/STTR), run translated:
 * the JIT calls the semantics the interpreter runs, in lockstep with the interpreter, and their
 * exceptions (the FP access trap, a data abort) are precise.
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

    /**
     * <pre>
     *     mov x21, #200
     * 1:  ldxr x0, [x1] ; add x0, x0, #3 ; stxr w2, x0, [x1] ; cbnz w2, 1b
     * 2:  ldaxp x3, x4, [x5] ; add x3, x3, #1 ; add x4, x4, #2 ; stlxp w6, x3, x4, [x5] ; cbnz w6, 2b
     * 3:  ldxr w10, [sp] ; add w10, w10, #1 ; stxr w11, w10, [sp] ; cbnz w11, 3b
     *     sub x21, x21, #1 ; cbnz x21, 1b
     *     ldxr x0, [x1] ; clrex ; stxr w7, x21, [x1] ; hlt #0x1234
     * </pre>
     */
    static final int[] EXCLUSIVE_LOOP = {0xd2801915, 0xc85f7c20, 0x91000c00, 0xc8027c20, 0x35ffffa2, 0xc87f90a3,
        0x91000463, 0x91000884, 0xc82690a3, 0x35ffff86, 0x885f7fea, 0x1100054a, 0x880b7fea, 0x35ffffab, 0xd10006b5,
        0xb5fffe55, 0xc85f7c20, 0xd5033f5f, 0xc8077c35, SelfModifyingCodeTest.HLT_DONE};

    /**
     * <pre>
     *     mov x21, #64
     * 1:  dc zva, x1 ; dc civac, x1 ; dc cvau, x1 ; add x1, x1, #64 ; sub x21, x21, #1 ; cbnz x21, 1b
     *     hlt #0x1234
     * </pre>
     */
    static final int[] ZVA_LOOP = {0xd2800815, 0xd50b7421, 0xd50b7e21, 0xd50b7b21, 0x91010021, 0xd10006b5, 0xb5ffff75,
        SelfModifyingCodeTest.HLT_DONE};

    /**
     * <pre>
     *     mov x21, #100
     * 1:  rev16 x2, x1 ; rev16 w3, w1 ; rev32 x4, x1 ; cls x5, x1 ; cls w6, w1
     *     add x20, x20, x2 ; ... x3 ; ... x4 ; ... x5 ; ... x6 ; ror x1, x1, #7
     *     sub x21, x21, #1 ; cbnz x21, 1b ; hlt #0x1234
     * </pre>
     */
    static final int[] REV_CLS_LOOP = {0xd2800c95, 0xdac00422, 0x5ac00423, 0xdac00824, 0xdac01425, 0x5ac01426,
        0x8b020294, 0x8b030294, 0x8b040294, 0x8b050294, 0x8b060294, 0x93c11c21, 0xd10006b5, 0xb5fffe95,
        SelfModifyingCodeTest.HLT_DONE};

    /**
     * <pre>
     *     mov x21, #100
     * 1:  mrs x0, tpidr_el1 ; add x0, x0, #3 ; msr tpidr_el1, x0
     *     mrs x1, tpidr_el0 ; add x1, x1, x0 ; msr tpidr_el0, x1
     *     cmp x21, #40 ; mrs x2, nzcv ; add x20, x20, x2, lsr #28
     *     b.ne 2f ; cbz x22, 2f ; mrs x3, sp_el1          // UNDEFINED at EL1
     * 2:  subs x21, x21, #1 ; b.ne 1b ; hlt #0x1234
     * </pre>
     */
    static final int[] SYSREG_LOOP = {0xd2800c95, 0xd538d080, 0x91000c00, 0xd518d080, 0xd53bd041, 0x8b000021,
        0xd51bd041, 0xf100a2bf, 0xd53b4202, 0x8b427294, 0x54000061, 0xb4000056, 0xd53c4103, 0xf10006b5, 0x54fffe61,
        SelfModifyingCodeTest.HLT_DONE};

    /**
     * <pre>
     *     mov x21, #100
     * 1:  ldtr x0, [x1] ; add x0, x0, #3 ; sttr x0, [x1]
     *     ldtrb w2, [x1, #1] ; ldtrsh x3, [x1, #2] ; ldtrsw x4, [x1, #4]
     *     sttrb w21, [x1, #8] ; sttrh w21, [x1, #10] ; ldtrh w5, [x1, #8] ; ldtrsb w6, [x1, #10]
     *     ldtrsh w7, [x1, #-2] ; sttr w20, [sp, #16] ; ldtr w8, [sp, #16]
     *     add x20, x20, x2 ; ... x3 ; ... x4 ; ... x5 ; ... x6 ; ... x7 ; ... x8
     *     sub x21, x21, #1 ; cmp x21, #50 ; csel x1, x22, x1, eq
     *     cbnz x21, 1b ; hlt #0x1234
     * </pre>
     */
    static final int[] UNPRIV_LOOP = {0xd2800c95, 0xf8400820, 0x91000c00, 0xf8000820, 0x38401822, 0x78802823,
        0xb8804824, 0x38008835, 0x7800a835, 0x78408825, 0x38c0a826, 0x78dfe827, 0xb8010bf4, 0xb8410be8, 0x8b020294,
        0x8b030294, 0x8b040294, 0x8b050294, 0x8b060294, 0x8b070294, 0x8b080294, 0xd10006b5, 0xf100cabf, 0x9a8102c1,
        0xb5fffd35, SelfModifyingCodeTest.HLT_DONE};

    /** VA 0x8000_0000 maps RAM as EL0 read/write (AP = 01); VA 0x4000_0000, holding the code, is EL1 only. */
    private static final long EL0_ALIAS = 0x4000_0000L;

    private static SelfModifyingCodeTest.Box unprivBox(boolean fault) {
        SelfModifyingCodeTest.Box b = new SelfModifyingCodeTest.Box(UNPRIV_LOOP);
        b.mmuWithAlias();
        long el0Block = SelfModifyingCodeTest.RAM | 1 | 1L << 10 | 3L << 8 | 1L << 6;
        b.cpu.mem.write64(SelfModifyingCodeTest.TABLES + 16, el0Block);
        b.cpu.mem.flushTlb();
        long d = SelfModifyingCodeTest.DATA + 0x100;
        b.cpu.mem.write64(d - 8, 0x8F8E_8D8C_8B8A_8988L);
        b.cpu.mem.write64(d, 0x8081_8283_8485_8687L);
        b.cpu.x[1] = d + EL0_ALIAS;
        b.cpu.x[22] = fault ? d : d + EL0_ALIAS;   // at x21 = 50 the base becomes one EL0 may not access
        b.cpu.spEl[1] = d + EL0_ALIAS + 0x100;
        return b;
    }

    @Test
    void unprivilegedLoadsAndStoresRunTranslatedInLockstep() {
        SelfModifyingCodeTest.Box[] boxes = {unprivBox(false), unprivBox(false)};
        JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        // The loop on a little-endian model of the data around x1 and of [sp, #16].
        java.nio.ByteBuffer m = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        m.putLong(0, 0x8F8E_8D8C_8B8A_8988L).putLong(8, 0x8081_8283_8485_8687L);
        long x20 = 0;
        for (int n = 100; n > 0; n--) {
            m.putLong(8, m.getLong(8) + 3);
            long x2 = m.get(9) & 0xFF, x3 = m.getShort(10), x4 = m.getInt(12);
            m.put(16, (byte) n).putShort(18, (short) n);
            long x5 = m.getShort(16) & 0xFFFF, x6 = m.get(18) & 0xFFFF_FFFFL, x7 = m.getShort(6) & 0xFFFF_FFFFL;
            long x8 = x20 & 0xFFFF_FFFFL;
            x20 += x2 + x3 + x4 + x5 + x6 + x7 + x8;
        }
        Cpu c = boxes[0].cpu;
        assertEquals(0x1234, c.exitCode);
        assertEquals(x20, c.x[20]);
        assertEquals(m.getLong(8), c.mem.read64(SelfModifyingCodeTest.DATA + 0x100));
        assertEquals(0, jit.stats.failed, jit.stats.toString());
        assertTrue(jit.stats.firstTierInsns + jit.stats.hotTierInsns > 2000, "the loop ran translated: " + jit.stats);
    }

    @Test
    void unprivilegedLoadOfAnEl1OnlyPageAbortsInTranslatedCode() {
        SelfModifyingCodeTest.Box[] boxes = {unprivBox(true), unprivBox(true)};
        JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        Cpu c = boxes[0].cpu;
        assertEquals(0x4321, c.exitCode, "the abort went to the vector");
        // EC 0x25, IL, no instruction syndrome (ISV = 0 in ESR_EL1, as QEMU), WnR = 0, DFSC = permission fault, level 1
        assertEquals(0x9600_000DL, c.esr[1]);
        assertEquals(SelfModifyingCodeTest.DATA + 0x100, c.far[1]);
        assertEquals(SelfModifyingCodeTest.CODE + 4, c.elr[1], "ELR is the LDTR");
        assertEquals(50, c.x[21]);
        assertTrue(jit.stats.firstTierInsns + jit.stats.hotTierInsns > 1000, "the loop ran translated: " + jit.stats);
    }

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

    @Test
    void exclusivesRunTranslatedInLockstep() {
        long d = SelfModifyingCodeTest.DATA;
        SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(EXCLUSIVE_LOOP), new SelfModifyingCodeTest.Box(EXCLUSIVE_LOOP)};
        for (SelfModifyingCodeTest.Box b : boxes) {
            b.cpu.x[1] = d;
            b.cpu.x[5] = d + 0x40;
            b.cpu.spEl[1] = d + 0x80;   // the exclusives' base may be SP
        }
        JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        Cpu c = boxes[0].cpu;
        assertEquals(0x1234, c.exitCode);
        assertEquals(600, c.mem.read64(d));
        assertEquals(200, c.mem.read64(d + 0x40));
        assertEquals(400, c.mem.read64(d + 0x48));
        assertEquals(200, c.mem.read64(d + 0x80));
        assertEquals(1, c.x[7], "a STXR after CLREX fails");
        assertEquals(0, jit.stats.failed, jit.stats.toString());
        assertTrue(jit.stats.firstTierInsns + jit.stats.hotTierInsns > 2900, "the loop ran translated: " + jit.stats);
    }

    @Test
    void dataCacheOperationsByVaRunTranslatedInLockstep() {
        long d = SelfModifyingCodeTest.DATA;
        SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(ZVA_LOOP), new SelfModifyingCodeTest.Box(ZVA_LOOP)};
        for (SelfModifyingCodeTest.Box b : boxes) {
            b.mmuWithAlias();   // DC ZVA needs Normal memory (with the MMU off it is Device: an alignment fault)
            for (long a = d; a < d + 64 * 64 + 64; a += 8) b.cpu.mem.write64(a, -1L);
            b.cpu.x[1] = d + 5;   // DC ZVA zeroes the aligned block holding the address
        }
        JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        Cpu c = boxes[0].cpu;
        assertEquals(0x1234, c.exitCode);
        for (long a = d; a < d + 64 * 64; a += 8) assertEquals(0, c.mem.read64(a), Long.toHexString(a));
        assertEquals(-1L, c.mem.read64(d + 64 * 64), "the block after the last is untouched");
        assertEquals(0, jit.stats.failed, jit.stats.toString());
        assertTrue(jit.stats.firstTierInsns + jit.stats.hotTierInsns > 350, "the loop ran translated: " + jit.stats);
    }

    @Test
    void dcZvaAbortInTranslatedCodeIsPrecise() {
        long end = SelfModifyingCodeTest.RAM + (16L << 20);
        SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(ZVA_LOOP), new SelfModifyingCodeTest.Box(ZVA_LOOP)};
        for (SelfModifyingCodeTest.Box b : boxes) {
            b.mmuWithAlias();
            b.cpu.x[1] = end - 32 * 64;   // the 33rd block is past the end of RAM: a synchronous external abort
        }
        SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        Cpu c = boxes[0].cpu;
        assertEquals(0x4321, c.exitCode, "the abort went to the vector");
        assertEquals(Esr.EC_DABT_SAME, Esr.ec(c.esr[1]));
        assertEquals(end, c.far[1]);
        assertEquals(SelfModifyingCodeTest.CODE + 4, c.elr[1], "ELR is the DC ZVA");
        assertEquals(64 - 32, c.x[21], "32 blocks were zeroed before it");
    }

    @Test
    void dataProcessingOneSourceRunsTranslatedInLockstep() {
        long seed = 0x8123_4567_89AB_CDEFL;
        SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(REV_CLS_LOOP), new SelfModifyingCodeTest.Box(REV_CLS_LOOP)};
        for (SelfModifyingCodeTest.Box b : boxes) b.cpu.x[1] = seed;
        JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        long x1 = seed, sum = 0;
        for (int n = 0; n < 100; n++) {
            long halves = 0x00FF_00FF_00FF_00FFL;
            sum += (x1 & halves) << 8 | (x1 >>> 8) & halves;                                    // REV16 (X)
            sum += ((x1 & halves) << 8 | (x1 >>> 8) & halves) & 0xFFFF_FFFFL;                   // REV16 (W)
            sum += Long.reverseBytes(x1) >>> 32 | Long.reverseBytes(x1) << 32;                 // REV32
            sum += Long.numberOfLeadingZeros(x1 ^ (x1 >> 1)) - 1;                               // CLS (X)
            sum += Integer.numberOfLeadingZeros((int) x1 ^ ((int) x1 >> 1)) - 1;                // CLS (W)
            x1 = Long.rotateRight(x1, 7);
        }
        Cpu c = boxes[0].cpu;
        assertEquals(0x1234, c.exitCode);
        assertEquals(sum, c.x[20]);
        assertTrue(jit.stats.firstTierInsns + jit.stats.hotTierInsns > 1200, "the loop ran translated: " + jit.stats);
    }

    private static JitEngine sysregLoop(SelfModifyingCodeTest.Box[] boxes, long x22) {
        for (SelfModifyingCodeTest.Box b : boxes) b.cpu.x[22] = x22;
        return SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
    }

    @Test
    void plainSystemRegistersAreAccessedInsideARegion() {
        SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(SYSREG_LOOP), new SelfModifyingCodeTest.Box(SYSREG_LOOP)};
        JitEngine jit = sysregLoop(boxes, 0);
        Cpu c = boxes[0].cpu;
        assertEquals(0x1234, c.exitCode);
        assertEquals(300, c.tpidr[1]);
        assertEquals(3 * 5050, c.tpidr[0]);
        assertEquals(60 * 2 + 6 + 39 * 8, c.x[20], "MRS NZCV sees the flags of the CMP before it");
        assertTrue(jit.stats.firstTierInsns + jit.stats.hotTierInsns > 1100, "the loop ran translated: " + jit.stats);
    }

    @Test
    void anUndefinedMrsInsideARegionIsPrecise() {
        SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(SYSREG_LOOP), new SelfModifyingCodeTest.Box(SYSREG_LOOP)};
        sysregLoop(boxes, 1);
        Cpu c = boxes[0].cpu;
        assertEquals(0x4321, c.exitCode, "the exception went to the vector");
        assertEquals(0, Esr.ec(c.esr[1]), "SP_EL1 is UNDEFINED at EL1");
        assertEquals(SelfModifyingCodeTest.CODE + 0x30, c.elr[1]);
        assertEquals(3 * 61, c.tpidr[1], "61 iterations ran before it");
    }
}
