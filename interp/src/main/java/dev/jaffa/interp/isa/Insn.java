package dev.jaffa.interp.isa;

/**
 * The A64 encoding table: one line per instruction form, as the Arm ARM's "A64 instruction set
 * encoding" index groups them. A pattern reads from bit 31 down to bit 0; literal bits must match,
 * {@code name:width} tokens are operand fields. The {@link Decoder} is built from these lines and
 * the random-instruction generator of the differential tests draws encodings from them.
 *
 * <p>Where an encoding class contains reserved values that a fixed bit cannot express (for example
 * {@code shift == 0b11}), the semantic method raises UNDEFINED itself. Anything that matches no
 * line decodes to {@link #UNALLOCATED}.
 */
public enum Insn {
    // Data processing (immediate) and (register): rows of A64Table (integer/DataProcessingImmRows, DataProcessingRegRows)

    // Branches, exception generation and system instructions: rows of A64Table (integer/BranchRows, system/SystemRows)

    // Loads and stores of general registers: rows of A64Table (integer/LoadStoreRows)

    /** Matches no line above: the architectural UNDEFINED exception. */
    UNALLOCATED    (null);

    /** The pattern text, or null for {@link #UNALLOCATED}. */
    public final String pattern;
    /** Bits that must match, and their required values. */
    public final int mask, value;
    private final String[] fieldNames;
    private final int[] fieldLsb, fieldWidth;

    Insn(String pattern) {
        this.pattern = pattern;
        if (pattern == null) {
            mask = 0; value = 0; fieldNames = new String[0]; fieldLsb = new int[0]; fieldWidth = new int[0];
            return;
        }
        String[] tokens = pattern.trim().split("\\s+");
        int bit = 32, m = 0, v = 0, n = 0;
        String[] names = new String[tokens.length];
        int[] lsbs = new int[tokens.length], widths = new int[tokens.length];
        for (String t : tokens) {
            int colon = t.indexOf(':');
            if (colon >= 0) {
                int w = Integer.parseInt(t.substring(colon + 1));
                bit -= w;
                names[n] = t.substring(0, colon); lsbs[n] = bit; widths[n] = w; n++;
            } else {
                for (int i = 0; i < t.length(); i++) {
                    bit--;
                    char c = t.charAt(i);
                    if (c != '0' && c != '1') throw new IllegalStateException(name() + ": bad bit '" + c + "'");
                    m |= 1 << bit;
                    if (c == '1') v |= 1 << bit;
                }
            }
        }
        if (bit != 0) throw new IllegalStateException(name() + ": pattern covers " + (32 - bit) + " bits, not 32");
        mask = m; value = v;
        fieldNames = java.util.Arrays.copyOf(names, n);
        fieldLsb = java.util.Arrays.copyOf(lsbs, n);
        fieldWidth = java.util.Arrays.copyOf(widths, n);
    }

    public boolean matches(int insn) { return (insn & mask) == value; }

    public int fieldCount() { return fieldNames.length; }
    public String fieldName(int i) { return fieldNames[i]; }
    public int fieldLsb(int i) { return fieldLsb[i]; }
    public int fieldWidth(int i) { return fieldWidth[i]; }

    /** Index of the named field, or -1. */
    public int fieldIndex(String name) {
        for (int i = 0; i < fieldNames.length; i++) if (fieldNames[i].equals(name)) return i;
        return -1;
    }

    /** Value of the named field in {@code insn} (not for hot paths). */
    public int field(int insn, String name) {
        int i = fieldIndex(name);
        if (i < 0) throw new IllegalArgumentException(name() + " has no field " + name);
        return (insn >>> fieldLsb[i]) & ((1 << fieldWidth[i]) - 1);
    }
}
