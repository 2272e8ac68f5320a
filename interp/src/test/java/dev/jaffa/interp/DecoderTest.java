package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.isa.Decoder;
import dev.jaffa.interp.isa.Insn;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decoder agrees with a plain first-match scan of the encoding table. */
class DecoderTest {
    private static Insn linearScan(int insn) {
        for (Insn f : Insn.values()) if (f != Insn.UNALLOCATED && f.matches(insn)) return f;
        return Insn.UNALLOCATED;
    }

    @Test
    void bucketedDecodeEqualsTableOrderScan() {
        Random r = new Random(1);
        for (int n = 0; n < 2_000_000; n++) {
            int insn = r.nextInt();
            assertEquals(linearScan(insn), Decoder.decode(insn), () -> String.format("%08x", insn));
        }
        for (Insn f : Insn.values()) {
            if (f == Insn.UNALLOCATED) continue;
            for (int n = 0; n < 1000; n++) {
                int insn = (r.nextInt() & ~f.mask) | f.value;
                assertEquals(linearScan(insn), Decoder.decode(insn));
            }
        }
    }

    @Test
    void everyFormIsReachable() {
        for (Insn f : Insn.values()) {
            if (f == Insn.UNALLOCATED) continue;
            assertEquals(f, Decoder.decode(f.value), f + " is shadowed by an earlier line");
            int fieldBits = 0;
            for (int i = 0; i < f.fieldCount(); i++) fieldBits |= ((1 << f.fieldWidth(i)) - 1) << f.fieldLsb(i);
            assertEquals(-1, fieldBits | f.mask, f + ": every bit is either fixed or in a field");
            assertEquals(0, fieldBits & f.mask, f + ": fields and fixed bits overlap");
        }
    }

    @Test
    void knownEncodings() {
        assertEquals(Insn.UNALLOCATED, Decoder.decode(0x91000420));    // add x0, x1, #1: a row of A64Table
        assertEquals("ADD (immediate)", dev.jaffa.interp.isa.A64Table.decode(0x91000420).name);
        assertEquals(Insn.UNALLOCATED, Decoder.decode(0xF9400020));    // ldr x0, [x1]: a row of A64Table
        assertEquals("LDR (immediate)", dev.jaffa.interp.isa.A64Table.decode(0xF9400020).name);
        assertEquals(Insn.UNALLOCATED, Decoder.decode(0xD503201F));    // nop: a row of A64Table
        assertEquals("NOP", dev.jaffa.interp.isa.A64Table.decode(0xD503201F).name);
        assertEquals(Insn.RET, Decoder.decode(0xD65F03C0));            // ret
        assertEquals(Insn.UNALLOCATED, Decoder.decode(0x00000000));    // udf #0
        assertEquals(Insn.UNALLOCATED, Decoder.decode(0x4E208400));    // add v0.16b (SIMD)
        assertEquals(Insn.UNALLOCATED, Decoder.decode(0xF8200020));    // ldadd (LSE, Armv8.1)
        assertTrue(dev.jaffa.interp.isa.A64Table.decode(0xA9BF7BFD).field(0xA9BF7BFD, "imm7") == 0x7E);  // stp x29, x30, [sp, #-16]!
    }
}
