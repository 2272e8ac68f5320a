package dev.jaffa.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.TrapSink;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.interp.system.SysReg;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Self-modifying code, invalidation, precise faults and class unloading, each run in lockstep with
 * the interpreter (state compared after every translated block). Guest code is given as words
 * assembled with aarch64-linux-gnu-as; the source is in the comments.
 */
class SelfModifyingCodeTest {
    static final long RAM = 0x4000_0000L, CODE = 0x4010_0000L, FUNC = 0x4020_0000L, TABLES = 0x4030_0000L,
            DATA = 0x4040_0000L, VBAR = 0x4050_0000L;
    static final int HLT_DONE = 0xd4424680;   // hlt #0x1234

    /**
     * <pre>
     *     mov x20, #0 ; mov x21, #200
     * 1:  blr x28 ; add x20, x20, x0 ; sub x21, x21, #1 ; cmp x21, #100 ; b.ne 2f
     *     str w23, [x22] ; cbz x25, 2f
     *     dc cvau, x22 ; dsb ish ; ic ivau, x28 ; dsb ish ; isb
     * 2:  cbnz x21, 1b ; hlt #0x1234
     * </pre>
     * x22: func as written, x28: func as called, x23: the new first instruction, x25: maintenance.
     */
    static final int[] PATCH = {0xd2800014, 0xd2801915, 0xd63f0380, 0x8b000294, 0xd10006b5, 0xf10192bf, 0x54000101,
        0xb90002d7, 0xb40000d9, 0xd50b7b36, 0xd5033b9f, 0xd50b753c, 0xd5033b9f, 0xd5033fdf, 0xb5fffe95, HLT_DONE};

    /**
     * <pre>
     *     mov x20, #0 ; mov x21, #0 ; movz w23, #0xd280, lsl #16
     * 1:  add x21, x21, #1 ; orr w24, w23, w21, lsl #5 ; str w24, [x22] ; cbz x25, 3f
     *     dc cvau, x22 ; dsb ish ; ic ivau, x22 ; dsb ish ; isb
     * 3:  mov x26, #4
     * 2:  blr x22 ; add x20, x20, x0 ; sub x26, x26, #1 ; cbnz x26, 2b
     *     cmp x21, x27 ; b.ne 1b ; hlt #0x1234
     * </pre>
     * Each of x27 rounds writes "movz x0, #round" into func and calls it 4 times.
     */
    static final int[] REWRITE = {0xd2800014, 0xd2800015, 0x52ba5017, 0x910006b5, 0x2a1516f8, 0xb90002d8, 0xb40000d9,
        0xd50b7b36, 0xd5033b9f, 0xd50b7536, 0xd5033b9f, 0xd5033fdf, 0xd280009a, 0xd63f02c0, 0x8b000294, 0xd100075a,
        0xb5ffffba, 0xeb1b02bf, 0x54fffe21, HLT_DONE};

    /** func: mov x0, #1 ; ret. */
    static final int[] FUNC_CODE = {0xd2800020, 0xd65f03c0};
    static final int MOV_X0_2 = 0xd2800040;

    /**
     * <pre>
     *     mov x21, #200
     * 1:  ldr x0, [x1] ; add x20, x20, x0 ; sub x21, x21, #1 ; cmp x21, #50 ; csel x1, x2, x1, eq
     *     cbnz x21, 1b ; hlt #0x1234
     * </pre>
     */
    static final int[] FAULT = {0xd2801915, 0xf9400020, 0x8b000294, 0xd10006b5, 0xf100cabf, 0x9a810041, 0xb5ffff75, HLT_DONE};

    /** A CPU with 16 MiB of RAM, stopped by any HLT (exit code = its immediate). */
    static final class Box {
        final SystemBus bus = new SystemBus();
        final Cpu cpu;

        Box(int[] code) {
            bus.addRam(RAM, 16L << 20);
            cpu = new Cpu(0, bus);
            cpu.traps = new TrapSink() {
                @Override public boolean hlt(Cpu c, int imm) {
                    c.requestStop(StopReason.GUEST_EXIT, imm, null);
                    return true;
                }
            };
            put(CODE, code);
            put(FUNC, FUNC_CODE);
            for (int v = 0; v < 0x800; v += 4) put(VBAR + v, new int[] {0xd4400000 | 0x4321 << 5});   // hlt #0x4321
            cpu.resetTo(CODE, 1);
            cpu.vbar[1] = VBAR;
        }

        void put(long pa, int[] words) {
            byte[] b = new byte[words.length * 4];
            for (int i = 0; i < words.length; i++) {
                for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (words[i] >>> 8 * k);
            }
            bus.load(pa, b, 0, b.length);
        }

        /**
         * Stage 1 on at EL1 with 4K pages and a 39-bit VA: 1 GiB blocks map VA 0x4000_0000 and VA
         * 0x8000_0000 both to PA 0x4000_0000 (Normal memory, EL1 read/write/execute).
         */
        void mmuWithAlias() {
            long block = RAM | 1 | 1L << 10 | 3L << 8;   // valid block, AF, Inner Shareable, AttrIndx 0
            byte[] t = new byte[16];
            for (int k = 0; k < 8; k++) { t[k] = (byte) (block >>> 8 * k); t[8 + k] = (byte) (block >>> 8 * k); }
            bus.load(TABLES + 8, t, 0, 16);               // entries 1 and 2 of the level 1 table
            cpu.sysregStore[SysReg.MAIR_EL1.ordinal()] = 0xFF;
            cpu.sysregStore[SysReg.TCR_EL1.ordinal()] = 25 | 1L << 23 | 2L << 32;   // T0SZ 25, EPD1, IPS 40 bits
            cpu.sysregStore[SysReg.TTBR0_EL1.ordinal()] = TABLES;
            cpu.sctlr[1] |= 1;
            cpu.mem.flushTlb();
        }
    }

    /** Runs {@code jitBox} with the JIT and {@code ref} with the interpreter in lockstep to the end. */
    static JitEngine runLockstep(Box jitBox, Box ref, JitEngine.Options o) {
        JitEngine jit = new JitEngine(o);
        Lockstep lockstep = new Lockstep(ref.cpu);
        jit.observer = lockstep;
        while (jitBox.cpu.stopReason == StopReason.NONE && jitBox.cpu.insnCount < 50_000_000L) jit.run(jitBox.cpu, 1 << 16, null);
        lockstep.catchUp(jitBox.cpu);
        Lockstep.compare(jitBox.cpu, ref.cpu);
        assertTrue(lockstep.comparisons > 0);
        return jit;
    }

    static JitEngine.Options eager() {
        JitEngine.Options o = new JitEngine.Options();
        o.threshold = 2;
        o.synchronous = true;
        return o;
    }

    private void patchTest(boolean alias, boolean maintenance, boolean callThroughAlias) {
        Box[] boxes = {new Box(PATCH), new Box(PATCH)};
        for (Box b : boxes) {
            if (alias) b.mmuWithAlias();
            long write = FUNC, call = FUNC;
            if (alias && callThroughAlias) call = FUNC + 0x4000_0000L;
            if (alias && !callThroughAlias) write = FUNC + 0x4000_0000L;
            b.cpu.x[22] = write;
            b.cpu.x[28] = call;
            b.cpu.x[23] = MOV_X0_2;
            b.cpu.x[25] = maintenance ? 1 : 0;
        }
        JitEngine jit = runLockstep(boxes[0], boxes[1], eager());
        Cpu c = boxes[0].cpu;
        assertEquals(0x1234, c.exitCode, "stopped at the final HLT");
        assertEquals(100 * 1 + 100 * 2, c.x[20], "calls after the patch run the new code");
        assertTrue(jit.stats.invalidations > 0, jit.stats.toString());
    }

    @Test
    void codeWrittenThenExecutedAfterIcIvau() { patchTest(false, true, false); }

    @Test
    void storeIntoTranslatedCodeWithoutMaintenanceIsSeen() { patchTest(false, false, false); }

    @Test
    void codeCalledThroughAliasAndWrittenThroughIdentityMapping() { patchTest(true, true, true); }

    @Test
    void codeCalledThroughIdentityAndWrittenThroughAlias() { patchTest(true, false, false); }

    @Test
    void codeRewrittenInALoopDoesNotGrowLoadedClasses() {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        System.gc();
        int before = classes.getLoadedClassCount();
        int rounds = 3000;
        Box[] boxes = {new Box(REWRITE), new Box(REWRITE)};
        for (Box b : boxes) {
            b.cpu.x[22] = FUNC;
            b.cpu.x[27] = rounds;
            b.cpu.x[25] = 1;
        }
        JitEngine.Options o = eager();
        o.maxBlocks = 16;
        JitEngine jit = runLockstep(boxes[0], boxes[1], o);
        assertEquals(0x1234, boxes[0].cpu.exitCode);
        assertEquals(4L * rounds * (rounds + 1) / 2, boxes[0].cpu.x[20]);
        assertTrue(jit.stats.translated >= rounds, jit.stats.toString());
        for (int i = 0; i < 3; i++) System.gc();
        int growth = classes.getLoadedClassCount() - before;
        assertTrue(growth < rounds / 4, "loaded classes grew by " + growth + " after " + jit.stats.translated + " translations");
        System.out.printf("rewrite loop: %s; loaded classes +%d%n", jit.stats, growth);
    }

    /**
     * <pre>
     *     mov x21, #3
     * 2:  mov x1, x22 ; mov x2, #300
     * 1:  ldr x0, [x1] ; add x0, x0, #1 ; str x0, [x1] ; add x1, x1, #4096 ; subs x2, x2, #1 ; b.ne 1b
     *     subs x21, x21, #1 ; b.ne 2b ; hlt #0x1234
     * </pre>
     */
    static final int[] STRIDE = {0xd2800075, 0xaa1603e1, 0xd2802582, 0xf9400020, 0x91000400, 0xf9000020, 0x91400421,
        0xf1000442, 0x54ffff61, 0xf10006b5, 0x54fffee1, HLT_DONE};

    @Test
    void pagesMissingFromTheTlbAreEnteredWithoutLeavingTheRegion() {
        Box[] boxes = {new Box(STRIDE), new Box(STRIDE)};
        long base = RAM + 0x60_0000;   // past the vectors; 300 pages: more than the TLB's slots, every access misses
        for (Box b : boxes) b.cpu.x[22] = base;
        JitEngine jit = runLockstep(boxes[0], boxes[1], eager());
        Cpu c = boxes[0].cpu;
        assertEquals(0x1234, c.exitCode);
        for (int p = 0; p < 300; p++) assertEquals(3, c.mem.read64(base + 4096L * p));
        assertTrue(jit.stats.interpretedInsns < 100, "no exit per TLB miss: " + jit.stats);
    }

    @Test
    void dataAbortInsideATranslatedLoopIsPrecise() {
        Box[] boxes = {new Box(FAULT), new Box(FAULT)};
        for (Box b : boxes) {
            b.cpu.x[1] = DATA;
            b.cpu.x[2] = 0x1000_0000L;   // nothing there: synchronous external abort
            b.cpu.mem.write64(DATA, 5);
        }
        JitEngine jit = runLockstep(boxes[0], boxes[1], eager());
        Cpu c = boxes[0].cpu;
        assertEquals(0x4321, c.exitCode, "the abort went to the vector");
        assertEquals(Esr.EC_DABT_SAME, Esr.ec(c.esr[1]));
        assertEquals(0x1000_0000L, c.far[1]);
        assertEquals(CODE + 4, c.elr[1], "ELR is the faulting LDR");
        assertEquals(150 * 5, c.x[20]);
        assertTrue(jit.stats.blockRuns > 0);
    }
}
