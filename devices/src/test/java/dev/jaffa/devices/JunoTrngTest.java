package dev.jaffa.devices;

import static dev.jaffa.devices.JunoTrng.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class JunoTrngTest {
    /** What TF-A's juno_getentropy does for one 16-byte collection. */
    static int[] collect(JunoTrng t) {
        t.write(INTMASK, 4, 0);
        t.write(CONFIG, 4, 1);
        t.write(CONTROL, 4, 1);
        assertEquals(1, t.read(STATUS, 4), "outputs valid after a start");
        int[] w = new int[4];
        for (int i = 0; i < 4; i++) w[i] = (int) t.read(OUTPUT_0 + 4 * i, 4);
        t.write(STATUS, 4, 1);
        assertEquals(0, t.read(STATUS, 4), "writing STATUS bit 0 discards the outputs");
        return w;
    }

    @Test
    void theSameSeedGivesTheSameBitsAndCollectionsDiffer() {
        JunoTrng a = new JunoTrng(42), b = new JunoTrng(42), c = new JunoTrng(43);
        int[] a1 = collect(a), a2 = collect(a);
        assertArrayEquals(a1, collect(b));
        assertArrayEquals(a2, collect(b));
        assertFalse(java.util.Arrays.equals(a1, a2), "a new collection gives new bits");
        assertFalse(java.util.Arrays.equals(a1, collect(c)), "another seed, other bits");
    }

    @Test
    void outputsReadZeroWhileInvalidAndRegistersKeepTheirValues() {
        JunoTrng t = new JunoTrng(1);
        assertEquals(0, t.read(STATUS, 4));
        assertEquals(0, t.read(OUTPUT_0, 4));
        t.write(CONFIG, 4, 231);
        t.write(INTMASK, 4, 1);
        assertEquals(231, t.read(CONFIG, 4));
        assertEquals(1, t.read(INTMASK, 4));
        t.write(CONTROL, 4, 0);
        assertEquals(0, t.read(STATUS, 4), "CONTROL without bit 0 starts nothing");
        t.write(CONTROL, 4, 1);
        long word = t.read(OUTPUT_0 + 4, 4);
        assertEquals(word & 0xFF, t.read(OUTPUT_0 + 4, 1), "byte reads see the word's bytes");
        assertEquals(word >>> 8 & 0xFF, t.read(OUTPUT_0 + 5, 1));
        assertEquals(0, t.read(0x40, 4), "unassigned offsets read zero");
        t.write(0x40, 4, -1);   // and ignore writes
    }
}
