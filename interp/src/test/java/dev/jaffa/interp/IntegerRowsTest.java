package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Decoder;
import dev.jaffa.interp.isa.Disassembler;
import dev.jaffa.interp.isa.Insn;
import dev.jaffa.interp.isa.Row;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The integer rows (data processing (immediate)): reserved encodings and directed values. */
class IntegerRowsTest {
    /** Encodings of the group with no instruction: MOV wide opc = 01, bitfield opc = 11, EXTR op21 != 00 or o0 = 1. */
    static final int[] UNALLOCATED = {0xB2800000, 0x32800020, 0xF3400000, 0x73000000, 0x93E00000, 0xB3800000, 0xD3C00000};

    private static void assertUndefined(int w, String what) {
        String hex = String.format("0x%08x", w);
        assertNull(A64Table.decode(w), what + ": " + hex + " must match no row");
        assertEquals(Insn.UNALLOCATED, Decoder.decode(w), what + ": " + hex);
        assertTrue(Disassembler.isUndefined(w), what + ": " + hex + " disassembles as " + Disassembler.disassemble(w, 0));
        TestMachine m = new TestMachine(w).step(1);
        assertEquals(TestMachine.VBAR + 0x200, m.cpu.pc, what + ": " + hex + " must raise UNDEFINED");
        assertEquals(0x0200_0000L, m.cpu.esr[1], what + ": " + hex);
        assertEquals(TestMachine.CODE, m.cpu.elr[1]);
    }

    /** Every excluded field value of every integer row (sf = 0 with N = 1, invalid bit masks, hw >= 2 at 32 bits, ...). */
    @Test
    void everyReservedValueIsUndefined() {
        SplittableRandom rnd = new SplittableRandom(17);
        int checked = 0;
        for (Row r : A64Table.rows()) {
            if (r.intSem == null) continue;
            for (int k = 0; k < r.exclusionCount(); k++) {
                for (int n = 0; n < 20; n++) {
                    int w = (r.value | rnd.nextInt() & ~r.mask) & ~r.exclusionMask(k) | r.exclusionValue(k);
                    // HINT excludes the hints that are instructions of their own (NOP ... SEVL).
                    if (r.name.equals("HINT")) {
                        assertTrue(A64Table.decode(w) != null && A64Table.decode(w) != r, String.format("0x%08x", w));
                        continue;
                    }
                    assertUndefined(w, r.name + " exclusion " + k);
                    checked++;
                }
            }
        }
        for (int w : UNALLOCATED) assertUndefined(w, "unallocated");
        assertTrue(checked >= 20 * 30, "exclusions checked: " + checked);
    }

    /** Aliases at their edges (words from aarch64-linux-gnu-as; values worked out from the Arm ARM pseudocode). */
    @Test
    void directedValues() {
        // movz x1, #0xffff, lsl #48 ; movk x1, #0x1234 ; movn w2, #0 ; adds w3, w2, #1 ; subs x4, x1, #0xfff, lsl #12
        // ubfx x5, x1, #40, #16 ; sbfx w6, w2, #3, #5 ; bfi x7, x1, #60, #4 ; extr w8, w2, w1, #31 ; orr x9, xzr, #0x5555555555555555
        TestMachine m = new TestMachine(0xd2ffffe1, 0xf2824681, 0x12800002, 0x31000443, 0xf17ffc24,
                0xd368dc25, 0x13031c46, 0xb3440c27, 0x13817c48, 0xb200f3e9);
        m.cpu.x[7] = 0x0123_4567_89AB_CDEFL;
        m.step(10);
        Cpu c = m.cpu;
        assertEquals(0xFFFF_0000_0000_1234L, c.x[1]);
        assertEquals(0xFFFF_FFFFL, c.x[2]);
        assertEquals(0, c.x[3]);
        assertEquals(0xFFFE_FFFF_FF00_2234L, c.x[4]);
        assertEquals(0xFF00L, c.x[5]);
        assertEquals(0xFFFF_FFFFL, c.x[6]);
        assertEquals(0x4123_4567_89AB_CDEFL, c.x[7]);
        assertEquals(0xFFFF_FFFEL, c.x[8]);
        assertEquals(0x5555_5555_5555_5555L, c.x[9]);
        assertEquals(0b1010, c.nzcv, "subs x4, x1, #0xfff000: N, C");
    }
}
