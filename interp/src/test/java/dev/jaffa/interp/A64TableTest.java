package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Disassembler;
import dev.jaffa.interp.isa.Row;
import dev.jaffa.interp.isa.Template;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The row table: its decoder against a plain scan, rows that never overlap, and well-formed rows. */
class A64TableTest {
    private static Row scan(Row[] rows, int w) {
        for (Row r : rows) if (r.matches(w)) return r;
        return null;
    }

    /** A random word of {@code r}: its fixed bits, random fields, redrawn until no reserved value. */
    static int sample(Row r, SplittableRandom rnd) {
        for (int t = 0; t < 1000; t++) {
            int w = r.value | (rnd.nextInt() & ~r.mask);
            if (r.matches(w)) return w;
        }
        throw new AssertionError(r.name + ": no encoding found outside its exclusions");
    }

    @Test
    void knownEncodings() {
        assertEquals("ADD (immediate)", A64Table.decode(0x91000420).name);   // add x0, x1, #1
        assertEquals("LDR (immediate)", A64Table.decode(0xF9400020).name);   // ldr x0, [x1]
        assertEquals("STP", A64Table.decode(0xA9BF7BFD).name);               // stp x29, x30, [sp, #-16]!
        assertEquals("NOP", A64Table.decode(0xD503201F).name);
        assertEquals("RET", A64Table.decode(0xD65F03C0).name);
        assertEquals("B.cond", A64Table.decode(0x54000040).name);             // b.eq .+8
        assertEquals(null, A64Table.decode(0x00000000));                      // udf #0
        assertEquals(null, A64Table.decode(0xF8200020));                      // ldadd (LSE, Armv8.1)
        assertEquals(-1, A64Table.decodeId(0xF8200020));
    }

    @Test
    void decoderAgreesWithATableOrderScan() {
        Row[] rows = A64Table.rows();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n = 0; n < 2_000_000; n++) {
            // Half the words from the SIMD&FP encoding space (bits 28:25 = x111), half anywhere.
            int r = rnd.nextInt();
            int w = (n & 1) == 0 ? r & ~(7 << 25) | 7 << 25 : r;
            assertEquals(scan(rows, w), A64Table.decode(w), () -> String.format("0x%08x", w));
        }
        for (Row r : rows) {
            for (int n = 0; n < 200; n++) {
                int w = sample(r, rnd);
                assertEquals(r, A64Table.decode(w), String.format("0x%08x", w));
            }
        }
    }

    @Test
    void noWordIsTwoInstructions() {
        Row[] rows = A64Table.rows();
        SplittableRandom rnd = new SplittableRandom(11);
        List<String> overlaps = new ArrayList<>();
        for (Row r : rows) {
            for (int n = 0; n < 300; n++) {
                int w = sample(r, rnd);
                for (Row o : rows) {
                    if (o != r && o.matches(w)) {
                        overlaps.add(String.format("%s / %s at 0x%08x", r.name, o.name, w));
                        break;
                    }
                }
                if (!overlaps.isEmpty() && overlaps.get(overlaps.size() - 1).startsWith(r.name + " /")) break;
            }
        }
        assertTrue(overlaps.isEmpty(), String.join("\n", overlaps));
    }

    /**
     * The JIT calls a row without MEM or TRAPS with only its register fields written back, so
     * such a row must never raise an exception: run each on random state and encodings.
     */
    @Test
    void rowsWithoutMemOrTrapsNeverRaiseExceptions() {
        SplittableRandom rnd = new SplittableRandom(5);
        TestMachine m = new TestMachine();
        Cpu c = m.cpu;
        c.sysregStore[dev.jaffa.interp.system.SysReg.CPACR_EL1.ordinal()] = 3L << 20;
        for (Row r : A64Table.rows()) {
            if ((r.flags() & (Row.MEM | Row.TRAPS)) != 0) continue;
            for (int n = 0; n < 200; n++) {
                int w = sample(r, rnd);
                for (int k = 0; k < 31; k++) c.x[k] = rnd.nextLong();
                for (int k = 0; k < 64; k++) c.v[k] = rnd.nextLong();
                c.fpcr = rnd.nextInt() & Cpu.FPCR_MASK;
                c.nzcv = rnd.nextInt(16);
                long before = c.exceptionCount;
                c.curPc = TestMachine.CODE;
                r.sem.exec(c, w);
                assertEquals(before, c.exceptionCount, () -> r.name + String.format(" raised an exception at 0x%08x", w));
            }
        }
    }

    @Test
    void rowsAreWellFormedAndDisassemble() {
        Set<String> names = new HashSet<>();
        SplittableRandom rnd = new SplittableRandom(3);
        for (Row r : A64Table.rows()) {
            assertTrue(names.add(r.name + "|" + r.pattern), "duplicate row " + r.name);
            assertNotNull(r.sem, r.name);
            assertTrue((r.flags() & Row.FP) != 0 || !r.name.isEmpty(), r.name);
            for (int n = 0; n < 50; n++) {
                int w = sample(r, rnd);
                String s = Template.format(r, w, 0x4000_0000L);
                assertTrue(!s.isEmpty() && !s.matches(".*\\{[A-Z#].*"), r.name + ": unresolved template token in " + s);
                assertEquals(s, Disassembler.disassemble(w, 0x4000_0000L));
            }
        }
    }
}
