package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jaffa.interp.fp.FPCore;
import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Disassembler;
import dev.jaffa.interp.isa.Row;
import dev.jaffa.interp.simd.SimdFpRows;
import dev.jaffa.interp.system.SysReg;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Advanced SIMD floating-point rows ({@link SimdFpRows}): results and FPSR flags against QEMU 7.2
 * ({@code -cpu cortex-a57}, user mode; the cases and how they were made are in
 * {@code src/test/qemu/simdfp/}), disassembly against GNU objdump, and the reserved and
 * post-Armv8.0 encodings (FEAT_FP16 and later) that must stay UNDEFINED.
 */
class SimdFpRowsTest {
    private static final long MARK_LO = 0x5A5A5A5A5A5A5A5AL, MARK_HI = 0xA5A5A5A5A5A5A5A5L;

    /** One QEMU-checked execution: the word, FPCR, V0..V2 before, V0 and FPSR after. */
    private record Case(int line, int insn, int fpcr, long[] in, long rlo, long rhi, int fpsr) {}

    private static List<Case> cases() throws Exception {
        List<Case> list = new ArrayList<>();
        try (InputStream s = SimdFpRowsTest.class.getResourceAsStream("simdfp-qemu.txt")) {
            assertNotNull(s, "simdfp-qemu.txt missing from the test resources");
            BufferedReader r = new BufferedReader(new InputStreamReader(s, StandardCharsets.US_ASCII));
            String l;
            int n = 0;
            while ((l = r.readLine()) != null) {
                n++;
                if (l.isBlank() || l.startsWith("#")) continue;
                String[] f = l.trim().split("\\s+");   // insn fpcr v0 v1 v2 = r fpsr
                long[] in = new long[6];
                for (int k = 0; k < 3; k++) {
                    long[] v = v128(f[2 + k]);
                    in[2 * k] = v[0];
                    in[2 * k + 1] = v[1];
                }
                long[] res = v128(f[6]);
                list.add(new Case(n, (int) Long.parseLong(f[0], 16), (int) Long.parseLong(f[1], 16), in, res[0], res[1],
                        (int) Long.parseLong(f[7], 16)));
            }
        }
        return list;
    }

    private static long[] v128(String s) {
        if (s.equals("M")) return new long[] {MARK_LO, MARK_HI};
        BigInteger b = new BigInteger(s, 16);
        return new long[] {b.longValue(), b.shiftRight(64).longValue()};
    }

    private static boolean fpCoreImplemented() {
        try {
            FPCore.add(0x3f800000L, 0x3f800000L, 32, new TestMachine().cpu);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static TestMachine fpMachine(int... code) {
        TestMachine m = new TestMachine(code);
        m.cpu.sysregStore[SysReg.CPACR_EL1.ordinal()] = 3L << 20;
        return m;
    }

    /** Every case of simdfp-qemu.txt: V0 and FPSR must equal QEMU's. */
    @Test
    void resultsAndFlagsMatchQemu() throws Exception {
        assumeTrue(fpCoreImplemented(), "FPCore is not implemented yet (branch fpcore): arithmetic cases skipped");
        List<Case> cases = cases();
        int[] code = new int[cases.size()];
        for (int k = 0; k < code.length; k++) code[k] = cases.get(k).insn;
        TestMachine m = fpMachine(code);
        Cpu c = m.cpu;
        Map<String, int[]> perRow = new TreeMap<>();   // name -> {cases, failures}
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < code.length; k++) {
            Case t = cases.get(k);
            Row row = A64Table.decode(t.insn);
            String name = row == null ? "UNDEFINED" : row.name;
            int[] stat = perRow.computeIfAbsent(name, x -> new int[2]);
            stat[0]++;
            for (int j = 0; j < 64; j++) c.v[j] = 0;
            System.arraycopy(t.in, 0, c.v, 0, 6);
            c.fpcr = t.fpcr;
            c.fpsr = 0;
            c.pc = TestMachine.CODE + 4L * k;
            String got;
            try {
                Interpreter.step(c, null);
                got = String.format(Locale.ROOT, "%016x_%016x fpsr %x", c.v[1], c.v[0], c.fpsr);
            } catch (RuntimeException e) {
                got = e.toString();
            }
            String want = String.format(Locale.ROOT, "%016x_%016x fpsr %x", t.rhi, t.rlo, t.fpsr);
            if (!got.equals(want)) {
                stat[1]++;
                if (bad.size() < 200) {
                    bad.add(String.format(Locale.ROOT, "line %d: %08x %-40s fpcr %08x v0 %016x_%016x v1 %016x_%016x v2 %016x_%016x%n    qemu %s%n    ours %s",
                            t.line, t.insn, Disassembler.disassemble(t.insn, 0), t.fpcr, t.in[1], t.in[0], t.in[3], t.in[2], t.in[5], t.in[4], want, got));
                }
            }
        }
        int failed = 0;
        StringBuilder summary = new StringBuilder();
        for (Map.Entry<String, int[]> e : perRow.entrySet()) {
            failed += e.getValue()[1];
            summary.append(String.format(Locale.ROOT, "  %-26s %4d cases, %4d differ%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
        }
        System.out.print("SimdFpRowsTest against QEMU:\n" + summary);
        bad.forEach(System.out::println);
        assertEquals(0, failed, failed + " of " + cases.size() + " cases differ from QEMU:\n" + summary + String.join("\n", bad));
    }

    /** Every SimdFpRows row is exercised by the QEMU cases. */
    @Test
    void everyRowHasQemuCases() throws Exception {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Row r : SimdFpRows.rows()) seen.put(r.name + " / " + r.pattern, 0);
        for (Case t : cases()) {
            Row r = A64Table.decode(t.insn);
            assertNotNull(r, String.format(Locale.ROOT, "line %d: %08x is UNDEFINED", t.line, t.insn));
            seen.computeIfPresent(r.name + " / " + r.pattern, (k, v) -> v + 1);
        }
        List<String> missing = new ArrayList<>();
        seen.forEach((k, v) -> { if (v == 0) missing.add(k); });
        assertTrue(missing.isEmpty(), "rows without QEMU cases: " + missing);
    }

    // ---------------------------------------------------------------- directed cases (values from QEMU)

    /** Runs one word with V1, V2 (and V0) set; returns the machine. */
    private static Cpu run(int insn, int fpcr, long v0lo, long v0hi, long v1lo, long v1hi, long v2lo, long v2hi) {
        TestMachine m = fpMachine(insn);
        Cpu c = m.cpu;
        c.v[0] = v0lo; c.v[1] = v0hi; c.v[2] = v1lo; c.v[3] = v1hi; c.v[4] = v2lo; c.v[5] = v2hi;
        c.fpcr = fpcr;
        m.step(1);
        assertEquals(TestMachine.CODE + 4, c.pc, "no exception");
        return c;
    }

    private static void expect(Cpu c, long hi, long lo, int fpsr) {
        assertEquals(String.format(Locale.ROOT, "%016x_%016x fpsr %x", hi, lo, fpsr),
                String.format(Locale.ROOT, "%016x_%016x fpsr %x", c.v[1], c.v[0], c.fpsr));
    }

    @Test
    void directedCasesFromQemu() {
        assumeTrue(fpCoreImplemented(), "FPCore is not implemented yet (branch fpcore)");
        int fz = FPCore.FPCR_FZ, dn = FPCore.FPCR_DN;
        // fminnmv s0, v1.4s over [qNaN, 1.0, sNaN, 2.0]: Reduce's tree min(min(e0, e1), min(e2, e3)) gives 1.0, IOC
        // (a left-to-right fold would give 2.0)
        expect(run(0x6eb0c820, 0, 0, 0, 0x3f8000007fc00001L, 0x400000007f800002L, 0, 0), 0, 0x3f800000L, FPCore.IOC);
        // fneg v0.4s: a signalling NaN stays signalling, no flags
        expect(run(0x6ea0f820, 0, 0, 0, 0x3f8000007fc00001L, 0x400000007f800002L, 0, 0), 0xc0000000ff800002L, 0xbf800000ffc00001L, 0);
        // fmla v0.4s, v1.4s, v2.s[3]: fused, -1 + (1 + 2^-23)(1 - 2^-23) = -2^-46 (unfused would give 0)
        expect(run(0x4fa21820, 0, 0xbf800000bf800000L, 0xbf800000bf800000L, 0x3f8000013f800001L, 0x3f8000013f800001L, 0, 0x3f7ffffe00000000L),
                0xa8800000a8800000L, 0xa8800000a8800000L, 0);
        // fmls v0.4s, v1.4s, v2.4s: 1 - (1 + 2^-23)(1 - 2^-23) = 2^-46
        expect(run(0x4ea2cc20, 0, 0x3f8000003f800000L, 0x3f8000003f800000L, 0x3f8000013f800001L, 0x3f8000013f800001L,
                0x3f7ffffe3f7ffffeL, 0x3f7ffffe3f7ffffeL), 0x2880000028800000L, 0x2880000028800000L, 0);
        // fcvtxn s0, d1: 1 + 2^-30 rounds to odd (1 + 2^-23), IXC; fcvtn v0.2s, v1.2d rounds to 1.0
        expect(run(0x7e616820, 0, 0, 0, 0x3ff0000004000000L, 0, 0, 0), 0, 0x3f800001L, FPCore.IXC);
        expect(run(0x0e616820, 0, 0, 0, 0x3ff0000004000000L, 0x3ff0000004000000L, 0, 0), 0, 0x3f8000003f800000L, FPCore.IXC);
        // fcvtl2 v0.2d, v1.4s: the high half widened, the signalling NaN quietened with its payload, IOC
        expect(run(0x4e617820, 0, 0, 0, 0, 0x3fc000007f812345L, 0, 0), 0x3ff8000000000000L, 0x7ff82468a0000000L, FPCore.IOC);
        // fcvtn2 keeps the low half of Vd
        expect(run(0x4e616820, 0, 0x1111222233334444L, 0x5555L, 0x3ff0000004000000L, 0xc000000000000000L, 0, 0),
                0xc00000003f800000L, 0x1111222233334444L, FPCore.IXC);
        // faddp v0.4s, v1.4s, v2.4s: pairs of Vm:Vn, Vn's pairs in the low half
        expect(run(0x6e22d420, 0, 0, 0, 0x4000000040800000L, 0x4100000040c00000L, 0x4140000041200000L, 0x4160000041800000L),
                0x41f0000041b00000L, 0x4160000040c00000L, 0);
        // frinti v0.2d, v1.2d on [2.5, -2.5] in each FPCR rounding mode (no IXC: FRINTI is not exact)
        long[][] frinti = {{0xc000000000000000L, 0x4000000000000000L}, {0xc000000000000000L, 0x4008000000000000L},
            {0xc008000000000000L, 0x4000000000000000L}, {0xc000000000000000L, 0x4000000000000000L}};
        for (int mode = 0; mode < 4; mode++) {
            expect(run(0x6ee19820, mode << 22, 0, 0, 0x4004000000000000L, 0xc004000000000000L, 0, 0), frinti[mode][0], frinti[mode][1], 0);
        }
        // fcvtnu v0.2d, v1.2d on [2.5, -2.5]: ties to even 2, negative saturates to 0 with IOC (and IXC from the first)
        expect(run(0x6e61a820, 0, 0, 0, 0x4004000000000000L, 0xc004000000000000L, 0, 0), 0, 2, FPCore.IOC | FPCore.IXC);
        // DN: fadd v0.4s with a quiet NaN and a signalling NaN gives the default NaN in both lanes, IOC
        expect(run(0x4e22d420, dn, 0, 0, 0x7fd234563f800000L, 0, 0x3f8000007f812345L, 0), 0, 0x7fc000007fc00000L, FPCore.IOC);
        // FZ: fmul v0.4s: min normal * 0.5 flushes to +0 (UFC), a denormal input is flushed (IDC)
        expect(run(0x6e22dc20, fz, 0, 0, 0x0001234500800000L, 0x3f800000L, 0x3f0000003f000000L, 0x3f800000L),
                0x3f800000L, 0, FPCore.UFC | FPCore.IDC);
    }

    // ---------------------------------------------------------------- decoding and disassembly

    /** The table's rows that SimdFpRows contributes (the same names and patterns). */
    private static List<Row> tableRows() {
        List<String> keys = new ArrayList<>();
        for (Row r : SimdFpRows.rows()) keys.add(r.name + " / " + r.pattern);
        List<Row> out = new ArrayList<>();
        for (Row r : A64Table.rows()) if (keys.contains(r.name + " / " + r.pattern)) out.add(r);
        assertEquals(keys.size(), out.size(), "every SimdFpRows row is in A64Table");
        return out;
    }

    @Test
    void rowCountAndFlags() {
        List<Row> rows = tableRows();
        assertEquals(105, rows.size());
        for (Row r : rows) {
            assertEquals(Row.FP, r.flags(), r.name + ": flags");
            for (String g : Row.GPR_FIELDS) assertNull(r.field(g), r.name + " names no general register");
        }
    }

    /** Random words of every row decode to that row and print as objdump prints them. */
    @Test
    void disassemblyMatchesObjdump(@TempDir Path dir) throws Exception {
        Random rnd = new Random(0x5FD15A5L);
        List<Row> rows = tableRows();
        List<Integer> words = new ArrayList<>();
        List<Row> owner = new ArrayList<>();
        for (Row r : rows) {
            int got = 0;
            for (int tries = 0; got < 24 && tries < 10000; tries++) {
                int w = (rnd.nextInt() & ~r.mask) | r.value;
                if (!r.matches(w)) continue;
                assertEquals(r, A64Table.decode(w), String.format(Locale.ROOT, "%08x decodes to %s, not %s", w, A64Table.decode(w), r.name));
                words.add(w);
                owner.add(r);
                got++;
            }
            assertEquals(24, got, r.name + ": could not make words");
        }
        // the examples of the brief
        int[] fixed = {0x4fa21820, 0x4e617820, 0x0ea0d820, 0x6e30c820, 0x4fdf1820, 0x5fa21820, 0x7fc29820, 0x0e217820,
            0x4e216820, 0x6e616820, 0x7e616820, 0x7ee0d820, 0x5ee1f841, 0x4ea1c820, 0x7e30d820, 0x7e70d820};
        for (int w : fixed) {
            assertNotNull(A64Table.decode(w), String.format(Locale.ROOT, "%08x", w));
            words.add(w);
            owner.add(A64Table.decode(w));
        }
        int[] all = words.stream().mapToInt(Integer::intValue).toArray();
        Map<Integer, String> theirs = DisassemblerTest.objdump(all, dir);
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < all.length; k++) {
            String ours = DisassemblerTest.normalize(Disassembler.disassemble(all[k], 0x4010_0000L + 4L * k));
            if (!ours.equals(theirs.get(k))) {
                bad.add(String.format(Locale.ROOT, "%08x %-22s ours: %-40s objdump: %s", all[k], owner.get(k).name, ours, theirs.get(k)));
            }
        }
        System.out.printf(Locale.ROOT, "SimdFpRows disassembly: %d/%d words agree with objdump%n", all.length - bad.size(), all.length);
        assertTrue(bad.isEmpty(), bad.size() + " words disagree with objdump:\n" + String.join("\n", bad));
    }

    /** Reserved field values and encodings of later features decode to no row (UNDEFINED). */
    @Test
    void reservedAndLaterFeaturesAreUndefined() {
        int[] undefined = {
            0x0e62d420,              // fadd with sz:Q = 10 ("1D")
            0x0ee1d820,              // scvtf 1D (two-register misc, sz:Q = 10)
            0x0ee0d820,              // fcmeq 1D, #0.0
            0x4fff1820,              // fmla v0.2d, ..., L = 1 (sz:L = 11)
            0x0fdf1820,              // fmla by element, 1D (sz:Q = 10)
            0x5fff1820,              // fmla d0, d1, v31 with L = 1
            0x2e30c820,              // fmaxnmv s0, v1.2s (sz:Q = 00)
            0x6e70c820,              // fmaxnmv over 2D (sz:Q = 11)
            0x2e216820,              // fcvtxn with sz = 0
            0x7e216820,              // fcvtxn scalar with sz = 0
            0x4ee1c820,              // urecpe with sz = 1
            0x6ee1c820,              // ursqrte with sz = 1
            // FEAT_FP16
            0x0e421420,              // fadd v0.4h, v1.4h, v2.4h
            0x0f021020,              // fmla v0.4h, v1.4h, v2.h[0]
            0x4e30c820,              // fmaxnmv h0, v1.8h
            0x5e30d820,              // faddp h0, v1.2h
            0x0ef9d820,              // frecpe v0.4h, v1.4h
            0x7ec21420,              // fabd h0, h1, h2
            0x5ef8d820,              // fcmeq h0, h1, #0.0
            0x5ef9b820,              // fcvtzs h0, h1
            0x7f129020,              // fmulx h0, h1, v2.h[1]
            // later features
            0x4e21e820,              // frint32z (FEAT_FRINTTS)
            0x0e22ec20,              // fmlal (FEAT_FHM)
            0x6e82cc20,              // fcmla (FEAT_FCMA)
            0x6e82e420,              // fcadd (FEAT_FCMA)
            0x0ea16820,              // bfcvtn (FEAT_BF16)
        };
        for (int w : undefined) {
            Row r = A64Table.decode(w);
            assertNull(r, String.format(Locale.ROOT, "%08x must be UNDEFINED, decodes to %s", w, r));
        }
        // and executing one takes the Undefined Instruction exception
        TestMachine m = fpMachine(0x0e421420);
        m.step(1);
        assertEquals(TestMachine.VBAR + 0x200, m.cpu.pc, "UNDEFINED goes to the current-EL synchronous vector");
    }

    /** FABS/FNEG need no FPCore arithmetic: sign bit only, NaNs untouched, no flags even with FZ. */
    @Test
    void fabsAndFnegTouchOnlyTheSign() {
        TestMachine m = fpMachine(0x4ea0f820, 0x6ee0f820);   // fabs v0.4s, v1.4s; fneg v0.2d, v1.2d
        Cpu c = m.cpu;
        c.v[2] = 0xffa00001_00012345L;
        c.v[3] = 0x80000000_7fd23456L;
        c.fpcr = FPCore.FPCR_FZ | FPCore.FPCR_DN;
        m.step(1);
        assertEquals(0x7fa00001_00012345L, c.v[0]);
        assertEquals(0x00000000_7fd23456L, c.v[1]);
        c.v[2] = 0x7ff4000000000001L;
        c.v[3] = 0x000123456789abcdL;
        m.step(1);
        assertEquals(0xfff4000000000001L, c.v[0]);
        assertEquals(0x800123456789abcdL, c.v[1]);
        assertEquals(0, c.fpsr);
    }
}
