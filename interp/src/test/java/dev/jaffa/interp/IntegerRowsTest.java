package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Disassembler;
import dev.jaffa.interp.isa.Row;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The integer rows (data processing (immediate) and (register)): reserved encodings and directed values. */
class IntegerRowsTest {
    /** Encodings of the group with no instruction: MOV wide opc = 01, bitfield opc = 11, EXTR op21 != 00 or o0 = 1. */
    static final int[] UNALLOCATED = {0xB2800000, 0x32800020, 0xF3400000, 0x73000000, 0x93E00000, 0xB3800000, 0xD3C00000};

    private static void assertUndefined(int w, String what) {
        String hex = String.format("0x%08x", w);
        assertNull(A64Table.decode(w), what + ": " + hex + " must match no row");
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

    /**
     * Data processing (register) at its edges, values from QEMU ({@code qemu-system-aarch64 -M virt
     * -cpu cortex-a57}, the same words after the same register set-up): SDIV MIN / -1 at both
     * sizes, UDIV and SDIV by 0 (W divisor 0 with upper bits set), CLS of 0 and -1, an ADCS carry
     * chain, CCMP with a false and a true condition, and 32-bit forms zeroing the upper half.
     */
    static final int[] EDGES = {
        0x9ac20c23, 0x1ac20ca4, 0x9ac70828, 0x1ac608a9, 0x9ac70c2a,   // sdiv x3, x1, x2 ; sdiv w4, w5, w2 ; udiv x8, x1, x7 ; udiv w9, w5, w6 ; sdiv x10, x1, x7
        0xdac014eb, 0xdac0144c, 0x5ac014cd, 0x5ac0144e,               // cls x11, x7 ; cls x12, x2 ; cls w13, w6 ; cls w14, w2
        0xab02004f, 0xba0700f0, 0x3a0500b1, 0x9a1f03f2,               // adds x15, x2, x2 ; adcs x16, x7, x7 ; adcs w17, w5, w5 ; adc x18, xzr, xzr
        0xeb02003f, 0xfa440065, 0xd53b4214, 0xfa4068e0, 0xd53b4215,   // cmp x1, x2 ; ccmp x3, x4, #5, eq ; mrs x20, nzcv ; ccmp x7, #0, #0, vs ; mrs x21, nzcv
        0x0b820cb7, 0x5a8204b8, 0x1b0218b9, 0x1ac1245a, 0x5ac000bb,   // add w23, w5, w2, asr #3 ; csneg w24, w5, w2, eq ; madd w25, w5, w2, w6 ; lsrv w26, w2, w1 ; rbit w27, w5
        0x2a2703fc, 0x7a0200f3, 0x9b427c36,                           // mvn w28, w7 ; sbcs w19, w7, w2 ; smulh x22, x1, x2
    };

    /** The registers EDGES starts from: x1 = MIN, x2 = -1, x5 = 0xdeadbeef80000000, x6 = 1 << 32, x7 = 0, x4 = 0x1234, the destinations all ones. */
    static void edgeInputs(long[] x) {
        java.util.Arrays.fill(x, 0, 31, -1L);
        x[1] = Long.MIN_VALUE;
        x[2] = -1;
        x[4] = 0x1234;
        x[5] = 0xDEAD_BEEF_8000_0000L;
        x[6] = 1L << 32;
        x[7] = 0;
    }

    /** QEMU's X1..X28 after EDGES. */
    static final long[] EDGES_QEMU = {
        0x8000000000000000L, 0xffffffffffffffffL, 0x8000000000000000L, 0x80000000L, 0xdeadbeef80000000L, 0x100000000L, 0,
        0, 0, 0, 63, 63, 31, 31, 0xfffffffffffffffeL, 1, 0, 1, 1, 0x50000000L, 0x60000000L, 0,
        0x7fffffffL, 0x80000000L, 0x80000000L, 0xffffffffL, 1, 0xffffffffL,
    };

    @Test
    void dataProcessingRegisterEdgesAsQemu() {
        TestMachine m = new TestMachine(EDGES);
        edgeInputs(m.cpu.x);
        m.cpu.x[31] = 0;
        m.cpu.nzcv = 0;
        m.step(EDGES.length);
        for (int r = 1; r <= 28; r++) assertEquals(EDGES_QEMU[r - 1], m.cpu.x[r], "x" + r);
        assertEquals(0, m.cpu.nzcv, "after sbcs w19");
    }
}
