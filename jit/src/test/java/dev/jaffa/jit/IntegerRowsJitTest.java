package dev.jaffa.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The integer rows (data processing (immediate) and (register)) translated inline by running their semantics on
 * {@link EmitOps}, in lockstep with the interpreter running the same semantics on the CPU.
 */
class IntegerRowsJitTest {
    /** The integer rows but the branches (BranchRowsJitTest) and the memory accesses (LoadStoreRowsJitTest): random words of them run straight through. */
    private static final Row[] ROWS = Arrays.stream(A64Table.rows()).filter(r -> r.intSem != null && (r.flags() & (Row.BRANCH | Row.MEM)) == 0).toArray(Row[]::new);
    private static final int SUBS_X21 = 0xf10006b5, MOV_X21_50 = 0xd2800655;

    private static int csinc22(int cond) { return 0x9A800400 | 22 << 16 | cond << 12 | 22 << 5 | 22; }

    private static int bne(int from, int to) { return 0x54000001 | ((to - from) & 0x7FFFF) << 5; }

    /**
     * A loop of 150 random words of the integer rows (both sizes, SP as Rn and as Rd where the row
     * allows it, edge immediates as they fall), each flag-setting one followed by {@code csinc x22,
     * x22, x22, <random cond>}, which counts the conditions that fail: the translator's conditions
     * on the lazy flags EmitOps records are checked too, not only NZCV at the block ends.
     */
    static int[] randomLoop(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Integer> code = new ArrayList<>();
        code.add(MOV_X21_50);
        int loop = code.size();
        for (int n = 0; n < 150; n++) {
            Row r = ROWS[rnd.nextInt(ROWS.length)];
            int w;
            do {
                w = r.value | rnd.nextInt() & ~r.mask;
            } while (A64Table.decode(w) != r || (w & 31) == 21 || (w & 31) == 22);
            code.add(w);
            if ((r.flags() & Row.WRITES_NZCV) != 0) code.add(csinc22(rnd.nextInt(16)));
        }
        code.add(SUBS_X21);
        code.add(bne(code.size(), loop));
        code.add(SelfModifyingCodeTest.HLT_DONE);
        return code.stream().mapToInt(Integer::intValue).toArray();
    }

    static SelfModifyingCodeTest.Box box(int[] code, long seed) {
        SelfModifyingCodeTest.Box b = new SelfModifyingCodeTest.Box(code);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < 31; k++) b.cpu.x[k] = rnd.nextLong();
        b.cpu.x[22] = 0;
        b.cpu.setSp(rnd.nextLong());
        b.cpu.nzcv = rnd.nextInt(16);
        return b;
    }

    @Test
    void randomIntegerRowsRunTranslatedInLockstep() {
        for (long seed = 1; seed <= 100; seed++) {
            int[] code = randomLoop(seed);
            SelfModifyingCodeTest.Box[] boxes = {box(code, seed), box(code, seed)};
            JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
            Cpu c = boxes[0].cpu;
            assertEquals(0x1234, c.exitCode, "seed " + seed);
            assertEquals(0, jit.stats.failed, jit.stats.toString());
            assertTrue(jit.stats.firstTierInsns + jit.stats.hotTierInsns > 40L * code.length, "seed " + seed + " ran translated: " + jit.stats);
        }
    }

    /** A reserved encoding after a translated loop: not translated, UNDEFINED at its address. */
    @Test
    void reservedEncodingsAreUndefinedAfterTranslatedCode() {
        SplittableRandom rnd = new SplittableRandom(3);
        int checked = 0;
        for (Row r : A64Table.rows()) {
            if (r.intSem == null || r.name.equals("HINT")) continue;   // its exclusions are hints of their own (NOP ... SEVL)
            for (int k = 0; k < r.exclusionCount(); k++) {
                int w = (r.value | rnd.nextInt() & ~r.mask) & ~r.exclusionMask(k) | r.exclusionValue(k);
                // mov x21, #50 ; 1: add x0, x0, #1 ; subs x21, x21, #1 ; b.ne 1b ; <w> ; hlt #0x1234
                int[] code = {MOV_X21_50, 0x91000400, SUBS_X21, bne(3, 1), w, SelfModifyingCodeTest.HLT_DONE};
                SelfModifyingCodeTest.Box[] boxes = {box(code, k), box(code, k)};
                JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
                Cpu c = boxes[0].cpu;
                String what = String.format("%s exclusion %d: 0x%08x", r.name, k, w);
                assertEquals(0x4321, c.exitCode, what + " went to the vector");
                assertEquals(0x0200_0000L, c.esr[1], what + ": UNDEFINED");
                assertEquals(SelfModifyingCodeTest.CODE + 16, c.elr[1], what);
                assertTrue(jit.stats.blockRuns > 0, jit.stats.toString());
                checked++;
            }
        }
        assertTrue(checked >= 30, "exclusions: " + checked);
    }

    /**
     * The data-processing (register) edge cases of the interpreter's IntegerRowsTest (values from
     * QEMU) in a translated loop, x29 counting: SDIV MIN / -1, divide by 0, CLS of 0 and -1, an
     * ADCS chain, CCMP false and true, 32-bit forms zeroing the upper half.
     */
    @Test
    void dataProcessingRegisterEdgesTranslated() {
        int[] edges = {0x9ac20c23, 0x1ac20ca4, 0x9ac70828, 0x1ac608a9, 0x9ac70c2a, 0xdac014eb, 0xdac0144c, 0x5ac014cd, 0x5ac0144e, 0xab02004f, 0xba0700f0, 0x3a0500b1, 0x9a1f03f2, 0xeb02003f, 0xfa440065, 0xd53b4214, 0xfa4068e0, 0xd53b4215, 0x0b820cb7, 0x5a8204b8, 0x1b0218b9, 0x1ac1245a, 0x5ac000bb, 0x2a2703fc, 0x7a0200f3, 0x9b427c36};
        List<Integer> code = new ArrayList<>();
        code.add(0xd280065d);                                   // mov x29, #50
        for (int w : edges) code.add(w);
        code.add(0xf10007bd);                                   // subs x29, x29, #1
        code.add(bne(code.size(), 1));
        code.add(SelfModifyingCodeTest.HLT_DONE);
        int[] words = code.stream().mapToInt(Integer::intValue).toArray();
        SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(words), new SelfModifyingCodeTest.Box(words)};
        for (SelfModifyingCodeTest.Box b : boxes) {
            java.util.Arrays.fill(b.cpu.x, 0, 31, -1L);
            b.cpu.x[1] = Long.MIN_VALUE;
            b.cpu.x[4] = 0x1234;
            b.cpu.x[5] = 0xDEAD_BEEF_8000_0000L;
            b.cpu.x[6] = 1L << 32;
            b.cpu.x[7] = 0;
        }
        JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        Cpu c = boxes[0].cpu;
        assertEquals(0x1234, c.exitCode);
        assertTrue(jit.stats.firstTierInsns + jit.stats.hotTierInsns > 40L * edges.length, jit.stats.toString());
        assertEquals(Long.MIN_VALUE, c.x[3], "sdiv x3 = MIN / -1");
        assertEquals(0x8000_0000L, c.x[4], "sdiv w4 = MIN32 / -1, zero-extended");
        assertEquals(0, c.x[8] | c.x[9] | c.x[10], "divide by 0");
        assertEquals(63, c.x[11]);
        assertEquals(31, c.x[14]);
        assertEquals(1, c.x[16]);
        assertEquals(0, c.x[17]);
        assertEquals(1, c.x[18]);
        assertEquals(0x5000_0000L, c.x[20], "ccmp, condition false: #5");
        assertEquals(0x6000_0000L, c.x[21], "ccmp, condition true");
        assertEquals(0x7FFF_FFFFL, c.x[23]);
        assertEquals(0x8000_0000L, c.x[24]);
        assertEquals(0x8000_0000L, c.x[25]);
        assertEquals(0xFFFF_FFFFL, c.x[26]);
        assertEquals(1, c.x[27]);
        assertEquals(0xFFFF_FFFFL, c.x[28]);
        assertEquals(1, c.x[19]);
        assertEquals(0, c.x[22]);
    }
}
