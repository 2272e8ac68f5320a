package dev.jaffa.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The general-register loads and stores (integer/LoadStoreRows) translated inline by running their
 * semantics on {@link EmitOps} (LDTR/STTR and the exclusives called), in lockstep with the
 * interpreter; memory compared at the end. A miss leaves before the instruction: a faulting access
 * changes nothing (STP's first half is not stored when the second faults).
 */
class LoadStoreRowsJitTest {
    private static final Row[] ROWS = Arrays.stream(A64Table.rows())
            .filter(r -> (r.value & 0x0A00_0000) == 0x0800_0000 && (r.flags() & Row.FP) == 0).toArray(Row[]::new);   // op0 = x1x0
    private static final long DATA = SelfModifyingCodeTest.DATA;
    /** Bases x0..x2 (written back), x3 (exclusives, LDAR/STLR: stays aligned), index x4/x5, copies of the bases x10..x13. */
    private static final long[] BASES = {DATA + 0x10000, DATA + 0x20000, DATA + 0x30000, DATA + 0x40000};

    private static int set(Row r, int w, String field, int v) {
        Row.Field f = r.field(field);
        if (f == null) return w;
        int mask = ((1 << f.width) - 1) << f.lsb;
        return w & ~mask | (v << f.lsb) & mask;
    }

    private static boolean has(Row r, String field) { return r.field(field) != null; }

    /** A word of row r with operands that keep every access aligned inside the data area. */
    static int word(Row r, SplittableRandom rnd) {
        for (int tries = 0; tries < 1000; tries++) {
            int w = r.value | rnd.nextInt() & ~r.mask;
            boolean writeback = (r.flags() & Row.WRITEBACK) != 0;
            boolean ordered = (r.value >>> 24 & 0x3F) == 0x08;
            int rn = ordered ? 3 : writeback ? rnd.nextInt(3) : rnd.nextInt(8) == 0 ? 31 : rnd.nextInt(4);
            w = set(r, w, "Rn", rn);
            w = set(r, w, "Rt", 14 + rnd.nextInt(14));
            w = set(r, w, "Rt2", 14 + rnd.nextInt(14));
            w = set(r, w, "Rs", 14 + rnd.nextInt(14));
            if (has(r, "Rs") && r.field(w, "Rs") == r.field(w, "Rt")) continue;
            w = set(r, w, "imm12", rnd.nextInt(64));
            w = set(r, w, "imm9", (rnd.nextInt(32) - 16) * 16);
            w = set(r, w, "imm7", (rnd.nextInt(16) - 8) * 4);
            w = set(r, w, "Rm", 4 + rnd.nextInt(2));
            w = set(r, w, "imm19", rnd.nextInt(16) * 2);
            if (A64Table.decode(w) == r) return w;
        }
        throw new AssertionError("no word for " + r.name);
    }

    /**
     * A loop of 60 random load/store words: each pass starts with {@code mov x0, x10 ... mov x3, x13}
     * (the bases), {@code ldxr x20, [x3]} (so that some store-exclusives pass) and counts x21 down.
     */
    static int[] randomLoop(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Integer> code = new ArrayList<>();
        code.add(0xd2800655);                                       // mov x21, #50
        int loop = code.size();
        for (int b = 0; b < 4; b++) code.add(0xaa0003e0 | (10 + b) << 16 | b);   // mov xb, x(10+b)
        code.add(0xc85f7c74);                                       // ldxr x20, [x3]
        for (int n = 0; n < 60; n++) {
            Row r = ROWS[rnd.nextInt(ROWS.length)];
            int w = word(r, rnd);
            // literal loads: an 8-byte aligned address in the code (the code starts 16-byte aligned)
            if (r.field("imm19") != null) w = set(r, w, "imm19", (r.field(w, "imm19") & ~1) | code.size() & 1);
            if ((w & 31) == 21 || (r.field("Rt2") != null && r.field(w, "Rt2") == 21) || (r.field("Rs") != null && r.field(w, "Rs") == 21)) continue;
            code.add(w);
        }
        code.add(0xf10006b5);                                       // subs x21, x21, #1
        code.add(0x54000001 | ((loop - code.size()) & 0x7FFFF) << 5);   // b.ne
        code.add(SelfModifyingCodeTest.HLT_DONE);
        return code.stream().mapToInt(Integer::intValue).toArray();
    }

    private static SelfModifyingCodeTest.Box box(int[] code, long seed) {
        SelfModifyingCodeTest.Box b = IntegerRowsJitTest.box(code, seed);
        for (int k = 0; k < 4; k++) b.cpu.x[10 + k] = BASES[k];
        b.cpu.x[4] = 8;
        b.cpu.x[5] = 16;
        b.cpu.setSp(DATA + 0x50000);
        for (long a = DATA; a < DATA + 0x60000; a += 8) b.cpu.mem.write64(a, a * 0x9E3779B97F4A7C15L);
        return b;
    }

    @Test
    void randomLoadsAndStoresRunTranslatedInLockstep() {
        int[] seen = new int[ROWS.length];
        for (long seed = 1; seed <= 60; seed++) {
            int[] code = randomLoop(seed);
            for (int w : code) for (int k = 0; k < ROWS.length; k++) if (A64Table.decode(w) == ROWS[k]) seen[k]++;
            SelfModifyingCodeTest.Box[] boxes = {box(code, seed), box(code, seed)};
            JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
            Cpu c = boxes[0].cpu, r = boxes[1].cpu;
            assertEquals(0x1234, c.exitCode, "seed " + seed + ": esr 0x" + Long.toHexString(c.esr[1]) + " at 0x" + Long.toHexString(c.elr[1]));
            assertEquals(0, jit.stats.failed, jit.stats.toString());
            assertTrue(jit.stats.firstTierInsns + jit.stats.hotTierInsns > 40L * code.length, "seed " + seed + " ran translated: " + jit.stats);
            for (long a = DATA; a < DATA + 0x60000; a += 8) assertEquals(r.mem.read64(a), c.mem.read64(a), "seed " + seed + ": memory at 0x" + Long.toHexString(a));
        }
        for (int k = 0; k < ROWS.length; k++) assertTrue(seen[k] > 0, ROWS[k] + " " + ROWS[k].pattern + " never drawn");
    }

    /** After a translated loop: {@code <w>} faults (x0 points at {@code fault}); nothing changed but the exception. */
    private static Cpu faultAfterLoop(int w, long fault, long sp, boolean sa) {
        // mov x21, #50 ; 1: add x1, x1, #1 ; subs x21, x21, #1 ; b.ne 1b ; <w> ; hlt #0x1234
        int[] code = {0xd2800655, 0x91000421, 0xf10006b5, 0x54ffffc1, w, SelfModifyingCodeTest.HLT_DONE};
        SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(code), new SelfModifyingCodeTest.Box(code)};
        for (SelfModifyingCodeTest.Box b : boxes) {
            b.cpu.x[0] = fault;
            b.cpu.x[2] = 0x1111;
            b.cpu.x[3] = 0x2222;
            b.cpu.setSp(sp);
            if (sa) b.cpu.sctlr[1] |= 1 << 3; else b.cpu.sctlr[1] &= ~(1L << 3);
        }
        JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        assertTrue(jit.stats.blockRuns > 0, jit.stats.toString());
        Cpu c = boxes[0].cpu;
        assertEquals(0x4321, c.exitCode, String.format("0x%08x went to the vector", w));
        assertEquals(SelfModifyingCodeTest.CODE + 16, c.elr[1]);
        return c;
    }

    @Test
    void faultsArePreciseAfterTranslatedCode() {
        long end = SelfModifyingCodeTest.RAM + (16L << 20);
        // stp x2, x3, [x0], #16 with the second half past the end of RAM: nothing stored, x0 unchanged.
        Cpu c = faultAfterLoop(0xa8810c02, end - 8, DATA + 0x50000, false);
        assertEquals(Esr.EC_DABT_SAME, Esr.ec(c.esr[1]));
        assertEquals(end - 8, c.x[0]);
        // ldp x2, x3, [x0, #-8]!: x2, x3 and x0 unchanged.
        c = faultAfterLoop(0xa9ff8c02, end, DATA + 0x50000, false);
        assertEquals(end, c.x[0]);
        assertEquals(0x1111, c.x[2]);
        assertEquals(0x2222, c.x[3]);
        // ldr x2, [sp] with SP misaligned and SCTLR_EL1.SA: SP alignment fault; without SA it loads.
        c = faultAfterLoop(0xf94003e2, 0, DATA + 0x50008, true);
        assertEquals(Esr.EC_SP_ALIGN, Esr.ec(c.esr[1]));
        // ldar x2, [x0] misaligned: alignment fault (Device memory, MMU off, and LDAR).
        c = faultAfterLoop(0xc8dffc02, DATA + 4, DATA + 0x50000, false);
        assertEquals(Esr.EC_DABT_SAME, Esr.ec(c.esr[1]));
        assertEquals(0x1111, c.x[2]);
    }
}
