package dev.jaffa.interp.isa;

/**
 * Decodes a 32-bit A64 word to its {@link Insn} form. Built once from the encoding table: the top
 * 12 bits select a bucket holding, in table order, the forms whose fixed bits agree with them, so a
 * lookup checks one to a few mask/value pairs. First match wins, as in the table.
 */
public final class Decoder {
    private static final int BUCKET_BITS = 12;
    private static final int[] BUCKET_START = new int[(1 << BUCKET_BITS) + 1];
    private static final int[] MASKS, VALUES;
    private static final Insn[] FORMS;

    static {
        Insn[] all = Insn.values();
        int[] masks = new int[4096 * 4], values = new int[4096 * 4];
        Insn[] forms = new Insn[4096 * 4];
        int n = 0;
        for (int b = 0; b < (1 << BUCKET_BITS); b++) {
            BUCKET_START[b] = n;
            int top = b << (32 - BUCKET_BITS), topMask = -1 << (32 - BUCKET_BITS);
            for (Insn f : all) {
                if (f == Insn.UNALLOCATED) continue;
                if (((top ^ f.value) & f.mask & topMask) != 0) continue;
                if (n == masks.length) {
                    masks = java.util.Arrays.copyOf(masks, n * 2);
                    values = java.util.Arrays.copyOf(values, n * 2);
                    forms = java.util.Arrays.copyOf(forms, n * 2);
                }
                masks[n] = f.mask; values[n] = f.value; forms[n] = f; n++;
            }
        }
        BUCKET_START[1 << BUCKET_BITS] = n;
        MASKS = java.util.Arrays.copyOf(masks, n);
        VALUES = java.util.Arrays.copyOf(values, n);
        FORMS = java.util.Arrays.copyOf(forms, n);
    }

    private Decoder() {}

    public static Insn decode(int insn) {
        int b = insn >>> (32 - BUCKET_BITS);
        for (int i = BUCKET_START[b], end = BUCKET_START[b + 1]; i < end; i++) {
            if ((insn & MASKS[i]) == VALUES[i]) return FORMS[i];
        }
        return Insn.UNALLOCATED;
    }
}
