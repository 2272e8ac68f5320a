package dev.jaffa.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Disassembler;
import dev.jaffa.interp.isa.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The branch rows (integer/BranchRows) translated through {@link EmitOps} (direct branches joining
 * the trace or jumping to region heads, conditional side exits, register branches leaving the
 * region), in lockstep with the interpreter running the same semantics.
 */
class BranchRowsJitTest {
    private static final Row[] BRANCHES = Arrays.stream(A64Table.rows()).filter(r -> (r.flags() & Row.BRANCH) != 0).toArray(Row[]::new);
    private static final int MOV_X21_40 = 0xd2800515, SUBS_X21 = 0xf10006b5;

    private static int add20(int imm) { return 0x91000294 | imm << 10; }   // add x20, x20, #imm

    private static int adr(int rd, int words) { int imm = 4 * words; return 0x1000_0000 | (imm & 3) << 29 | (imm >> 2 & 0x7FFFF) << 5 | rd; }

    private static int field(Row r, int w, String name, int v) {
        Row.Field f = r.field(name);
        int m = ((1 << f.width) - 1) << f.lsb;
        return w & ~m | (v << f.lsb) & m;
    }

    private static Row row(String name) {
        for (Row r : BRANCHES) if (r.name.equals(name)) return r;
        throw new IllegalStateException(name);
    }

    /**
     * 300 blocks in a loop run 40 times, each {@code add x20, x20, #i} (the path taken shows in
     * x20), now and then a compare setting the flags, then a random branch row to the start of one of
     * the next three blocks (forward only, so the loop ends): B, BL, B.cond (any condition, after
     * CMP, ADDS, ANDS or flags from a previous block), CBZ/CBNZ and TBZ/TBNZ of x0..x9 (values
     * with a zero low or high word), BR/BLR/RET through a register an ADR sets just before (BLR
     * X30 included), and now and then a BL to a function on another page. The code is longer than a
     * page, so traces cross it.
     */
    static int[] randomBlocks(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 300;
        List<Integer> code = new ArrayList<>();
        List<int[]> fix = new ArrayList<>();        // {at, target block, kind: 0 offset field of row, 1 adr}
        List<Row> fixRow = new ArrayList<>();
        int[] blockStart = new int[n + 1];
        code.add(MOV_X21_40);
        for (int b = 0; b < n; b++) {
            blockStart[b] = code.size();
            code.add(add20(b + 1));
            int a = rnd.nextInt(10), c = rnd.nextInt(10);
            switch (rnd.nextInt(5)) {
                case 0: code.add((rnd.nextBoolean() ? 0xEB00001F : 0x6B00001F) | c << 16 | a << 5); break;   // cmp
                case 1: code.add((rnd.nextBoolean() ? 0xAB00001F : 0x2B00001F) | c << 16 | a << 5); break;   // cmn
                case 2: code.add((rnd.nextBoolean() ? 0xEA00001F : 0x6A00001F) | c << 16 | a << 5); break;   // tst
                default: break;
            }
            int target = b + 1 + rnd.nextInt(3);
            if (rnd.nextInt(40) == 0) {
                code.add(0x94000000 | (int) ((SelfModifyingCodeTest.FUNC - SelfModifyingCodeTest.CODE) / 4 - code.size()));   // bl FUNC (mov x0, #1; ret)
            }
            Row r = BRANCHES[rnd.nextInt(BRANCHES.length)];
            int w = r.value | rnd.nextInt() & ~r.mask;
            if (r.field("Rn") != null) {
                int rn = r.name.equals("RET") || rnd.nextInt(4) == 0 ? 30 : 10 + rnd.nextInt(10);
                fix.add(new int[] {code.size(), target, 1});
                fixRow.add(null);
                code.add(adr(rn, 0));
                code.add(field(r, r.value, "Rn", rn));
                continue;
            }
            if (r.field("Rt") != null) w = field(r, w, "Rt", rnd.nextInt(10));
            fix.add(new int[] {code.size(), target, 0});
            fixRow.add(r);
            code.add(w);
        }
        blockStart[n] = code.size();
        code.add(SUBS_X21);
        code.add(0x54000001 | ((1 - code.size()) & 0x7FFFF) << 5);   // b.ne block 0
        code.add(SelfModifyingCodeTest.HLT_DONE);
        int[] words = code.stream().mapToInt(Integer::intValue).toArray();
        for (int k = 0; k < fix.size(); k++) {
            int at = fix.get(k)[0], delta = blockStart[Math.min(fix.get(k)[1], n)] - at;
            Row r = fixRow.get(k);
            if (r == null) { words[at] = adr(words[at] & 31, delta); continue; }
            String imm = r.field("imm26") != null ? "imm26" : r.field("imm14") != null ? "imm14" : "imm19";
            words[at] = field(r, words[at], imm, delta);
        }
        return words;
    }

    private static final long[] VALUES = {0, 1, -1, 0xFFFF_FFFF_0000_0000L, 0xFFFF_FFFFL, Long.MIN_VALUE, 0x8000_0000L, 0x5555_0000_0000_AAAAL};

    @Test
    void randomBranchRowsRunTranslatedInLockstep() {
        for (long seed = 1; seed <= 40; seed++) {
            int[] code = randomBlocks(seed);
            SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(code), new SelfModifyingCodeTest.Box(code)};
            SplittableRandom rnd = new SplittableRandom(seed);
            long[] init = new long[10];
            for (int k = 0; k < 10; k++) init[k] = rnd.nextBoolean() ? VALUES[rnd.nextInt(VALUES.length)] : rnd.nextLong();
            int nzcv = rnd.nextInt(16);
            for (SelfModifyingCodeTest.Box b : boxes) {
                System.arraycopy(init, 0, b.cpu.x, 0, 10);
                b.cpu.nzcv = nzcv;
            }
            JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
            Cpu c = boxes[0].cpu;
            assertEquals(0x1234, c.exitCode, "seed " + seed);
            assertEquals(0, jit.stats.failed, jit.stats.toString());
            assertTrue(jit.stats.firstTierInsns + jit.stats.hotTierInsns > c.insnCount / 2, "seed " + seed + " ran translated: " + jit.stats);
        }
    }

    /**
     * Directed: BLR X30 branches to the old X30 and links; CBZ/CBNZ of a W register ignore the high
     * word; TBZ/TBNZ of bits 31 and 63; B.cond after CMP at the signed and unsigned edges, and AL/NV.
     * x20 collects one bit per branch taken, in a translated loop.
     */
    @Test
    void directedEdgesTranslated() {
        int[] code = {
            0xd2800515,                 // mov x21, #40
            0xd2800014,                 // 1: mov x20, #0
            0x1000009e,                 // adr x30, 2f
            0xd63f03c0,                 // blr x30
            0xd2800034,                 // mov x20, #1 (not reached)
            0xd503201f,                 // nop
            0xb2400294,                 // 2: orr x20, x20, #1   (x30 = the mov above's address)
            0x34000040,                 // cbz w0, 3f            (x0 = 0xFFFFFFFF00000000: taken)
            0x14000002,                 // b 4f
            0xb27f0294,                 // 3: orr x20, x20, #2
            0xb5000040,                 // 4: cbnz x0, 5f        (taken)
            0x14000002,                 // b 6f
            0xb27e0294,                 // 5: orr x20, x20, #4
            0x37f80041,                 // 6: tbnz w1, #31, 7f   (x1 = 0x80000000: taken)
            0x14000002,                 // b 8f
            0xb27d0294,                 // 7: orr x20, x20, #8
            0xb6f80041,                 // 8: tbz x1, #63, 9f    (taken)
            0x14000002,                 // b 10f
            0xb27c0294,                 // 9: orr x20, x20, #16
            0xeb02003f,                 // 10: cmp x1, x2        (x2 = -1: lo unsigned, gt signed)
            0x5400004c,                 // b.gt 11f              (taken)
            0x14000002,                 // b 12f
            0xb27b0294,                 // 11: orr x20, x20, #32
            0x54000042,                 // 12: b.hs 13f          (not taken)
            0x14000002,                 // b 14f
            0xb27a0294,                 // 13: orr x20, x20, #64
            0x5400004f,                 // 14: b.nv 15f          (taken: NV is always)
            0x14000002,                 // b 16f
            0xb2790294,                 // 15: orr x20, x20, #128
            0xf10006b5,                 // 16: subs x21, x21, #1
            0x54fffc61,                 // b.ne 1b
            SelfModifyingCodeTest.HLT_DONE,
        };
        SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(code), new SelfModifyingCodeTest.Box(code)};
        for (SelfModifyingCodeTest.Box b : boxes) {
            b.cpu.x[0] = 0xFFFF_FFFF_0000_0000L;
            b.cpu.x[1] = 0x8000_0000L;
            b.cpu.x[2] = -1;
        }
        JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        Cpu c = boxes[0].cpu;
        assertEquals(0x1234, c.exitCode);
        assertTrue(jit.stats.firstTierInsns + jit.stats.hotTierInsns > 20L * code.length, jit.stats.toString());
        assertEquals(1 | 2 | 4 | 8 | 16 | 32 | 128, c.x[20]);
        assertEquals(SelfModifyingCodeTest.CODE + 16, c.x[30], "BLR X30 linked after reading the target");
    }

    /**
     * Later extensions' encodings in the branch space: no row, UNDEFINED after a translated loop in
     * both engines (pointer authentication's BRAAZ, BLRAAZ, RETAA, BRAA; BC.cond (v8.8); BR with Rm
     * or op4 nonzero; the unallocated opc 0011 of unconditional branch (register)).
     */
    @Test
    void laterExtensionsAreUndefined() {
        int[] undefined = {0xD61F081F, 0xD63F081F, 0xD65F0BFF, 0xD71F0820, 0x54000010, 0xD61F0001, 0xD61F0400, 0xD67F03C0};
        for (int w : undefined) {
            String what = String.format("0x%08x (%s)", w, Disassembler.disassemble(w, 0));
            assertNull(A64Table.decode(w), what + " must match no row");
            assertTrue(Disassembler.isUndefined(w), what);
            // mov x21, #50 ; 1: add x0, x0, #1 ; subs x21, x21, #1 ; b.ne 1b ; <w> ; hlt #0x1234
            int[] code = {0xd2800655, 0x91000400, SUBS_X21, 0x54ffffc1, w, SelfModifyingCodeTest.HLT_DONE};
            SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(code), new SelfModifyingCodeTest.Box(code)};
            JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
            Cpu c = boxes[0].cpu;
            assertEquals(0x4321, c.exitCode, what + " went to the vector");
            assertEquals(0x0200_0000L, c.esr[1], what + ": UNDEFINED");
            assertEquals(SelfModifyingCodeTest.CODE + 16, c.elr[1], what);
            assertTrue(jit.stats.blockRuns > 0, jit.stats.toString());
        }
    }
}
