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
