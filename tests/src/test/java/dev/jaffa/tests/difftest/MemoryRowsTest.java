package dev.jaffa.tests.difftest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.isa.Row;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the generator's set-up for SIMD&FP memory rows without QEMU: rows with the Arm ARM's
 * encodings of the SIMD&FP load/store classes (synthetic: no semantics) are drawn, the set-up
 * MOVZ/MOVN/MOVK are replayed, and an address model written from the Arm ARM (independent of the
 * generator's field heuristics) must find every access inside the scratch area, or (for the few
 * deliberate faults) at an address that cannot be RAM.
 */
class MemoryRowsTest {
    private static final long CODE = 0x4010_2000L, SCRATCH = 0x4011_4000L;
    private static final int M = Row.FP | Row.MEM, WB = M | Row.WRITEBACK | Row.RN_SP;

    private static Row row(String name, String pattern, int flags, String... excluding) {
        return Row.of(name, pattern, "x", (c, i) -> { }).flags(flags).excluding(excluding);
    }

    private static final String[] SCALE_RESERVED = {"size:opc=011x", "size:opc=101x", "size:opc=111x"};
    private static final Row[] ROWS = {
        row("LDR uimm", "size:2 111 1 01 opc:2 imm12:12 Rn:5 Vt:5", M | Row.RN_SP, SCALE_RESERVED),
        row("STR post", "size:2 111 1 00 opc:2 0 imm9:9 01 Rn:5 Vt:5", WB, SCALE_RESERVED),
        row("LDR pre", "size:2 111 1 00 opc:2 0 imm9:9 11 Rn:5 Vt:5", WB, SCALE_RESERVED),
        row("LDUR", "size:2 111 1 00 opc:2 0 imm9:9 00 Rn:5 Vt:5", M | Row.RN_SP, SCALE_RESERVED),
        row("LDR reg", "size:2 111 1 00 opc:2 1 Rm:5 option:3 S:1 10 Rn:5 Vt:5", M | Row.RN_SP,
            "size:opc=011x", "size:opc=101x", "size:opc=111x", "option=x0x"),
        row("LDNP", "opc:2 101 1 000 L:1 imm7:7 Vt2:5 Rn:5 Vt:5", M | Row.RN_SP, "opc=11"),
        row("STP post", "opc:2 101 1 001 L:1 imm7:7 Vt2:5 Rn:5 Vt:5", WB, "opc=11"),
        row("LDP off", "opc:2 101 1 010 L:1 imm7:7 Vt2:5 Rn:5 Vt:5", M | Row.RN_SP, "opc=11"),
        row("LDP pre", "opc:2 101 1 011 L:1 imm7:7 Vt2:5 Rn:5 Vt:5", WB, "opc=11"),
        row("LD1 multiple", "0 Q:1 0011000 L:1 000000 opcode:4 size:2 Rn:5 Vt:5", M | Row.RN_SP,
            "opcode=0001", "opcode=0011", "opcode=0101", "opcode=1001", "opcode=1011", "opcode=11xx"),
        row("LD1 multiple post", "0 Q:1 0011001 L:1 0 Rm:5 opcode:4 size:2 Rn:5 Vt:5", WB,
            "opcode=0001", "opcode=0011", "opcode=0101", "opcode=1001", "opcode=1011", "opcode=11xx"),
        row("LD1 single", "0 Q:1 0011010 L:1 R:1 00000 opcode:3 S:1 size:2 Rn:5 Vt:5", M | Row.RN_SP),
        row("LD1 single post", "0 Q:1 0011011 L:1 R:1 Rm:5 opcode:3 S:1 size:2 Rn:5 Vt:5", WB),
        row("LDR literal", "opc:2 011 1 00 imm19:19 Vt:5", M | Row.READS_PC, "opc=11"),
    };

    private static Row decode(int w) {
        for (Row r : ROWS) if (r.matches(w)) return r;
        return null;
    }

    private static long sext(long v, int bits) { return v << (64 - bits) >> (64 - bits); }

    /** {first byte, length} of the access of row word {@code w} at word {@code at}, per the Arm ARM. */
    private static long[] access(Row r, int w, int at, long[] x) {
        int size = r.field("size") != null ? r.field(w, "size") : 0;
        int opc = r.field("opc") != null ? r.field(w, "opc") : 0;
        long base = r.field("Rn") != null ? x[r.field(w, "Rn")] : 0;
        int scale = (opc >> 1) << 2 | size;
        switch (r.name) {
            case "LDR uimm": return new long[] {base + ((long) r.field(w, "imm12") << scale), 1L << scale};
            case "STR post": return new long[] {base, 1L << scale};
            case "LDR pre": case "LDUR": return new long[] {base + sext(r.field(w, "imm9"), 9), 1L << scale};
            case "LDR reg": {
                int rm = r.field(w, "Rm"), option = r.field(w, "option");
                long off = rm == 31 ? 0 : x[rm];
                if (option == 2) off &= 0xFFFF_FFFFL;
                else if (option == 6) off = (int) off;
                return new long[] {base + (off << (r.field(w, "S") == 1 ? scale : 0)), 1L << scale};
            }
            case "STP post": return new long[] {base, 2L << (2 + opc)};
            case "LDNP": case "LDP off": case "LDP pre":
                return new long[] {base + (sext(r.field(w, "imm7"), 7) << (2 + opc)), 2L << (2 + opc)};
            case "LD1 multiple": case "LD1 multiple post": {
                int[] regs = {4, 0, 4, 0, 3, 0, 3, 1, 2, 0, 2};
                return new long[] {base, (long) regs[r.field(w, "opcode")] * (r.field(w, "Q") == 1 ? 16 : 8)};
            }
            case "LD1 single": case "LD1 single post": return new long[] {base, 32};
            case "LDR literal": return new long[] {CODE + 4L * at + 4 * sext(r.field(w, "imm19"), 19), 4L << opc};
            default: throw new IllegalStateException(r.name);
        }
    }

    @Test
    void memoryRowsStayInTheScratchAreaOrFault() {
        Map<String, int[]> seen = new HashMap<>();     // name -> {inside, faulting}
        int spBased = 0;
        for (long seed = 1; seed <= 30; seed++) {
            RandomInsnGenerator gen = new RandomInsnGenerator(seed, CODE, HarnessImage.CODE_SIZE, SCRATCH, ROWS, 100,
                    MemoryRowsTest::decode);
            Program p = gen.generate(400);
            long[] x = new long[32];
            for (int i = 0; i < p.length(); i++) {
                int w = p.words[i];
                if ((w & 0xFF800000) == 0xD2800000) x[w & 31] = (long) (w >>> 5 & 0xFFFF) << (16 * (w >>> 21 & 3));
                else if ((w & 0xFF800000) == 0x92800000) x[w & 31] = ~((long) (w >>> 5 & 0xFFFF) << (16 * (w >>> 21 & 3)));
                else if ((w & 0xFF800000) == 0xF2800000) {
                    int sh = 16 * (w >>> 21 & 3);
                    x[w & 31] = x[w & 31] & ~(0xFFFFL << sh) | (long) (w >>> 5 & 0xFFFF) << sh;
                }
                else if ((w & 0xFFFFFC00) == 0x91000000) x[w & 31] = x[w >>> 5 & 31];   // MOV to/from SP (x[31])
                Row r = p.rows[i];
                // The generator's own rows (MRS/MSR of FPCR and FPSR) are not the memory rows under test.
                if (r == null || p.rowKeys[i].endsWith(Program.RESERVED) || !java.util.Arrays.asList(ROWS).contains(r)) continue;
                assertTrue(decode(w) == r, r.name);
                long[] a = access(r, w, i, x);
                boolean literal = r.name.equals("LDR literal");
                long lo = literal ? CODE : SCRATCH, hi = literal ? CODE + HarnessImage.CODE_SIZE : SCRATCH + 4096;
                boolean inside = a[0] >= lo && a[0] + a[1] <= hi;
                boolean faults = Long.compareUnsigned(a[0], 0x1_0000_0000L) >= 0 || (a[0] & 15) != 0;
                int[] c = seen.computeIfAbsent(r.name, k -> new int[2]);
                if (inside) c[0]++; else c[1]++;
                if (r.field("Rn") != null && r.field(w, "Rn") == 31) spBased++;
                String what = String.format("%s %08x at word %d: access [0x%x, +%d)", r.name, w, i, a[0], a[1]);
                assertTrue(inside || faults, what + " is outside the scratch area and not a deliberate fault");
                // A misaligned address inside the area is fine; one outside must not be near RAM.
                if (!inside) assertTrue(Long.compareUnsigned(a[0], 0x1_0000_0000L) >= 0, what + " is outside the area");
            }
        }
        for (Row r : ROWS) {
            int[] c = seen.get(r.name);
            assertTrue(c != null && c[0] > 20, r.name + " generated too rarely: " + (c == null ? 0 : c[0]));
            assertTrue(c[1] <= c[0] / 10 + 3, r.name + ": too many faulting accesses " + c[1] + " of " + (c[0] + c[1]));
        }
        assertTrue(spBased > 100, "SP-based accesses: " + spBased);
        System.out.println("MemoryRowsTest: " + spBased + " SP-based; inside/faulting per row: " + seen.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1]).sorted()
                .reduce((a, b) -> a + ", " + b).orElse(""));
    }
}
