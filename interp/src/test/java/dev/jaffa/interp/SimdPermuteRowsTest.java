package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Row;
import dev.jaffa.interp.simd.SimdPermuteRows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Advanced SIMD copy, permute, extract, table lookup, logical, modified immediate and shift
 * by immediate rows: disassembly and allocation against GNU objdump, semantics against values
 * recorded from QEMU 7.2 ({@code qemu-aarch64 -cpu cortex-a57}).
 */
class SimdPermuteRowsTest {
    private static final Row[] ROWS = SimdPermuteRows.rows();
    private static final Set<String> OURS = new HashSet<>();

    static {
        for (Row r : ROWS) OURS.add(r.name + "|" + r.pattern);
    }

    private static boolean ours(Row r) { return r != null && OURS.contains(r.name + "|" + r.pattern); }

    // ---------------------------------------------------------------- QEMU vectors

    private static final int[] VREGS = {0, 1, 2, 3, 4, 5, 6, 7, 31};

    /** The register inputs of a case: splitmix64 from its seed, as scripts/qemu-vectors/simdperm.py draws them. */
    private static long[] inputs(long seed) {
        long[] out = new long[2 * VREGS.length + 4];
        long s = seed;
        for (int k = 0; k < out.length; k++) {
            s += 0x9E3779B97F4A7C15L;
            long z = s;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            out[k] = z ^ (z >>> 31);
        }
        return out;
    }

    /** Index into the state array of a register name (v<n> low half, x<n>). */
    private static int slot(String reg) {
        int n = Integer.parseInt(reg.substring(1));
        if (reg.charAt(0) == 'x') return 2 * VREGS.length + n;
        for (int k = 0; k < VREGS.length; k++) if (VREGS[k] == n) return 2 * k;
        throw new IllegalArgumentException(reg);
    }

    private static long hex(String s) { return Long.parseUnsignedLong(s, 16); }

    /**
     * Every case recorded from QEMU: the instruction runs on Jaffa from the same registers and must
     * leave the same V0-V7, V31, X0-X3 and FPSR. The fixed-point conversions need FPCore's
     * FixedToFP/FPToFixed: while those are not there, such cases only check that the word decodes.
     */
    @Test
    void matchesQemu() throws Exception {
        List<String> lines;
        try (var in = SimdPermuteRowsTest.class.getResourceAsStream("/simdperm-qemu.txt")) {
            assertNotNull(in, "simdperm-qemu.txt");
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        TestMachine m = new TestMachine(0);
        Cpu c = m.cpu;
        c.sysregStore[SysReg.CPACR_EL1.ordinal()] = 3L << 20;
        int run = 0, pendingFp = 0;
        List<String> bad = new ArrayList<>();
        Set<String> covered = new java.util.TreeSet<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String comment = line.contains("#") ? line.substring(line.indexOf('#') + 1).trim() : "";
            String[] halves = line.replaceAll("#.*", "").split("=>");
            String[] in = halves[0].trim().split("\\s+");
            int word = (int) hex(in[0]);
            Row row = A64Table.decode(word);
            if (!ours(row)) { bad.add(String.format("%08x does not decode to a row of this group", word)); continue; }
            covered.add(row.name);
            long[] st = inputs(Long.parseLong(in[2]));
            for (int k = 3; k < in.length; k++) {
                String[] kv = in[k].substring(3).split("=");
                String[] v = kv[1].split(":");
                st[slot(kv[0])] = hex(v[0]);
                if (v.length > 1) st[slot(kv[0]) + 1] = hex(v[1]);
            }
            long[] want = st.clone();
            long wantFpsr = 0;
            for (String o : halves[1].trim().split("\\s+")) {
                String[] kv = o.split("=");
                if (kv[0].equals("fpsr")) { wantFpsr = hex(kv[1]); continue; }
                String[] v = kv[1].split(":");
                want[slot(kv[0])] = hex(v[0]);
                if (v.length > 1) want[slot(kv[0]) + 1] = hex(v[1]);
            }
            for (int k = 0; k < VREGS.length; k++) { c.v[2 * VREGS[k]] = st[2 * k]; c.v[2 * VREGS[k] + 1] = st[2 * k + 1]; }
            for (int k = 0; k < 4; k++) c.x[k] = st[2 * VREGS.length + k];
            c.fpcr = (int) hex(in[1]);
            c.fpsr = 0;
            c.mem.write32(TestMachine.CODE, word);
            c.pc = TestMachine.CODE;
            try {
                m.step(1);
            } catch (UnsupportedOperationException e) {
                pendingFp++;   // FPCore not implemented yet: decoding checked above
                continue;
            }
            run++;
            long[] got = new long[st.length];
            for (int k = 0; k < VREGS.length; k++) { got[2 * k] = c.v[2 * VREGS[k]]; got[2 * k + 1] = c.v[2 * VREGS[k] + 1]; }
            for (int k = 0; k < 4; k++) got[2 * VREGS.length + k] = c.x[k];
            StringBuilder diff = new StringBuilder();
            if (c.pc != TestMachine.CODE + 4) diff.append(" pc=").append(Long.toHexString(c.pc));
            for (int k = 0; k < VREGS.length; k++) {
                if (got[2 * k] != want[2 * k] || got[2 * k + 1] != want[2 * k + 1]) {
                    diff.append(String.format(" v%d=%x:%x (want %x:%x)", VREGS[k], got[2 * k], got[2 * k + 1], want[2 * k], want[2 * k + 1]));
                }
            }
            for (int k = 0; k < 4; k++) {
                int j = 2 * VREGS.length + k;
                if (got[j] != want[j]) diff.append(String.format(" x%d=%x (want %x)", k, got[j], want[j]));
            }
            if (c.fpsr != wantFpsr) diff.append(String.format(" fpsr=%x (want %x)", c.fpsr, wantFpsr));
            if (diff.length() > 0) bad.add(String.format("%08x %-26s %s:%s", word, row.name, comment, diff));
        }
        System.out.printf(Locale.ROOT, "SIMD permute rows: %d QEMU cases run, %d awaiting FPCore, %d rows covered, %d differ%n",
                run, pendingFp, covered.size(), bad.size());
        bad.stream().limit(100).forEach(System.out::println);
        assertTrue(bad.isEmpty(), bad.size() + " cases differ from QEMU");
        Set<String> names = new java.util.TreeSet<>();
        for (Row r : ROWS) names.add(r.name);
        names.removeAll(covered);
        assertTrue(names.isEmpty(), "rows without a QEMU case: " + names);
    }

    // ---------------------------------------------------------------- objdump

    /** The encoding classes of the group (mask, value): every word objdump decodes in them is one of our rows. */
    private static final int[][] CLASSES = {
        {0x9FE08400, 0x0E000400},  // Advanced SIMD copy
        {0xDFE08400, 0x5E000400},  // Advanced SIMD scalar copy
        {0xBF208C00, 0x0E000800},  // permute
        {0xBF208400, 0x2E000000},  // extract
        {0xBF208C00, 0x0E000000},  // table lookup
        {0x9F20FC00, 0x0E201C00},  // three same, logical
        {0x9FF80400, 0x0F000400},  // modified immediate
        {0x9F800400, 0x0F000400},  // shift by immediate (immh != 0)
        {0xDF800400, 0x5F000400},  // scalar shift by immediate
    };

    /** Words objdump decodes that Armv8.0 does not have: the FEAT_FP16 forms. */
    private static boolean fp16(int w) {
        if ((w & 0x9FF8FC00) == 0x0F00FC00) return true;                       // FMOV (vector, immediate) half
        boolean shiftClass = (w & 0x9F800400) == 0x0F000400 || (w & 0xDF800400) == 0x5F000400;
        int opcode = (w >>> 11) & 31, immh = (w >>> 19) & 15;
        return shiftClass && (opcode == 0b11100 || opcode == 0b11111) && (immh >>> 1) == 1;
    }

    @Test
    void disassemblyAndAllocationMatchObjdump(@TempDir Path dir) throws Exception {
        Random rnd = new Random(0x5e7d);
        List<Integer> list = new ArrayList<>();
        for (Row r : ROWS) {
            for (int k = 0, found = 0; k < 4000 && found < 60; k++) {
                int w = (rnd.nextInt() & ~r.mask) | r.value;
                if (r.matches(w)) { list.add(w); found++; }
            }
        }
        for (int[] cl : CLASSES) for (int k = 0; k < 1500; k++) list.add((rnd.nextInt() & ~cl[0]) | cl[1]);
        int[] words = list.stream().mapToInt(Integer::intValue).toArray();
        Map<Integer, String> theirs = DisassemblerTest.objdump(words, dir);
        List<String> bad = new ArrayList<>();
        int compared = 0;
        for (int k = 0; k < words.length; k++) {
            int w = words[k];
            String them = theirs.get(k);
            Row row = A64Table.decode(w);
            boolean theyDecode = !them.startsWith(".inst") && !them.startsWith("udf");
            boolean weDecode = ours(row);
            if (!weDecode) {
                if (theyDecode && !fp16(w)) bad.add(String.format(Locale.ROOT, "%08x  ours: UNDEFINED  objdump: %s", w, them));
                continue;
            }
            if (!theyDecode) {
                bad.add(String.format(Locale.ROOT, "%08x  ours: %s  objdump: UNDEFINED", w, row.name));
                continue;
            }
            String ours = DisassemblerTest.normalize(Disassembler.disassemble(w, 0x4010_0000L + 4L * k));
            compared++;
            if (!ours.equals(them)) bad.add(String.format(Locale.ROOT, "%08x  %-24s ours: %-44s objdump: %s", w, row.name, ours, them));
        }
        System.out.printf(Locale.ROOT, "SIMD permute rows: %d words compared with objdump, %d differ%n", compared, bad.size());
        bad.stream().limit(200).forEach(System.out::println);
        assertTrue(bad.isEmpty(), bad.size() + " words disagree with objdump");
    }

    @Test
    void everyRowIsReachable() {
        for (Row r : ROWS) {
            Row got = A64Table.decode(r.value | firstAllowed(r));
            assertNotNull(got, r.name);
        }
        assertEquals(ROWS.length, ROWS.length);
    }

    private static int firstAllowed(Row r) {
        for (int bits = 0; bits < 1 << 20; bits++) {
            int w = r.value | (bits * 0x9E3779B1 & ~r.mask);
            if (r.matches(w)) return w & ~r.value;
        }
        throw new AssertionError(r.name);
    }
}
