package dev.jaffa.interp.isa;

import dev.jaffa.interp.integer.LoadStore;

/**
 * The A64 encoding table: one line per instruction form, as the Arm ARM's "A64 instruction set
 * encoding" index groups them. A pattern reads from bit 31 down to bit 0; literal bits must match,
 * {@code name:width} tokens are operand fields. The {@link Decoder} is built from these lines and
 * the random-instruction generator of the differential tests draws encodings from them.
 *
 * <p>Where an encoding class contains reserved values that a fixed bit cannot express (for example
 * {@code shift == 0b11}), the semantic method raises UNDEFINED itself. Anything that matches no
 * line decodes to {@link #UNALLOCATED}.
 *
 * <p>A form whose semantics the JIT does not write inline (all of it: exclusives; or some of its
 * instructions: LDTR/STTR) but which need not leave a translated region either carries a {@link #call} row: the JIT calls the same method the interpreter runs, with the
 * state synchronised as the row's flags say.
 */
public enum Insn {
    // Data processing (immediate) and (register): rows of A64Table (integer/DataProcessingImmRows, DataProcessingRegRows)

    // Branches, exception generation and system instructions: rows of A64Table (integer/BranchRows, system/SystemRows)

    // Loads and stores (general registers only; V=1 forms are SIMD&FP and stay unallocated here)
    LDST_EXCL      ("size:2 001000 0 L:1 0 Rs:5 o0:1 Rt2:5 Rn:5 Rt:5",
                    Row.MEM | Row.RN_SP | Row.WRITES_GPR, LoadStore::exclusive),
    LDST_EXCL_PAIR ("1 sz:1 001000 0 L:1 1 Rs:5 o0:1 Rt2:5 Rn:5 Rt:5",
                    Row.MEM | Row.RN_SP | Row.WRITES_GPR, LoadStore::exclusivePair),
    LDAR_STLR      ("size:2 001000 1 L:1 0 Rs:5 1 Rt2:5 Rn:5 Rt:5"),
    LDR_LIT        ("opc:2 011 0 00 imm19:19 Rt:5"),
    LDST_PAIR      ("opc:2 101 0 0 idx:2 L:1 imm7:7 Rt2:5 Rn:5 Rt:5"),
    /** The call row serves the translator for LDTR/STTR and their byte, halfword and signed forms (idx = 2). */
    LDST_IMM9      ("size:2 111 0 00 opc:2 0 imm9:9 idx:2 Rn:5 Rt:5",
                    Row.MEM | Row.RN_SP | Row.WRITES_GPR | Row.WRITEBACK, LoadStore::imm9),
    LDST_REGOFF    ("size:2 111 0 00 opc:2 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5"),
    LDST_UIMM      ("size:2 111 0 01 opc:2 imm12:12 Rn:5 Rt:5"),

    /** Matches no line above: the architectural UNDEFINED exception. */
    UNALLOCATED    (null);

    /**
     * For a form the JIT translates as a call to its semantics: a row with this form's pattern,
     * semantics and JIT flags; null for forms translated inline or ending a region by design.
     */
    public final Row call;
    /** The pattern text, or null for {@link #UNALLOCATED}. */
    public final String pattern;
    /** Bits that must match, and their required values. */
    public final int mask, value;
    private final String[] fieldNames;
    private final int[] fieldLsb, fieldWidth;

    Insn(String pattern) { this(pattern, 0, null); }

    Insn(String pattern, int jitFlags, Semantics sem) {
        this.pattern = pattern;
        this.call = sem == null ? null : Row.of(name(), pattern, name(), sem).flags(jitFlags);
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
