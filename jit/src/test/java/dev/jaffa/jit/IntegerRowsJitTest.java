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
 * The integer rows (data processing (immediate)) translated inline by running their semantics on
 * {@link EmitOps}, in lockstep with the interpreter running the same semantics on the CPU.
 */
class IntegerRowsJitTest {
    private static final Row[] ROWS = Arrays.stream(A64Table.rows()).filter(r -> r.intSem != null).toArray(Row[]::new);
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

    private static SelfModifyingCodeTest.Box box(int[] code, long seed) {
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
        for (long seed = 1; seed <= 12; seed++) {
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
        for (Row r : ROWS) {
            if (r.name.equals("HINT")) continue;   // its exclusions are hints of their own (NOP ... SEVL)
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
}
