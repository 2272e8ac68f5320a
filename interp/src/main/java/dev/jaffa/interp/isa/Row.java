package dev.jaffa.interp.isa;

import java.util.ArrayList;
import java.util.List;

/**
 * One Arm ARM instruction: its name as the manual's index gives it ({@code "FADD (scalar)"}), its
 * encoding pattern with named fields, the field values the manual reserves (excluded here, so a
 * word using them matches no row and is UNDEFINED), a disassembly template, its semantics and
 * what the JIT must know about it ({@link #flags}).
 *
 * <p>Pattern syntax: tokens from bit 31 down to bit 0; {@code 0}/{@code 1} are fixed bits,
 * {@code x} a bit the row ignores, {@code name:width} a field. Exclusions ({@link #excluding}) are
 * {@code "field=bits"} or {@code "f1:f2=bits"} (fields concatenated, most significant first).
 */
public final class Row {
    /** Field names that hold general-register numbers (the JIT keeps those in locals). */
    public static final String[] GPR_FIELDS = {"Rd", "Rn", "Rm", "Ra", "Rt", "Rt2", "Rs"};

    // flags: what the JIT must synchronise around a call to the semantics.
    /** Uses the SIMD&FP register file: checks CPACR_EL1.FPEN / CPTR_EL2.TFP first. */
    public static final int FP = 1;
    /** Accesses memory: may take a data abort; all state must be in Cpu before the call. */
    public static final int MEM = 2;
    /** Reads PSTATE.NZCV (FCSEL, FCCMP). */
    public static final int READS_NZCV = 4;
    /** Writes PSTATE.NZCV (FCMP, FCCMP). */
    public static final int WRITES_NZCV = 8;
    /** Writes the general register in field Rd or Rt (and Rt2) (FMOV to general, UMOV, FCVTZS). */
    public static final int WRITES_GPR = 16;
    /** Writes back the base register Rn (which may be SP) (post-/pre-index addressing). */
    public static final int WRITEBACK = 32;
    /** Field Rn names SP when 31 (a load/store base), not XZR. */
    public static final int RN_SP = 64;
    /** Reads the PC (literal loads). */
    public static final int READS_PC = 128;
    /**
     * Can raise an exception other than the FP access trap (which the engines check before the
     * call). A row without {@link #MEM} or TRAPS must not throw: its reserved encodings are
     * excluded in the row instead.
     */
    public static final int TRAPS = 256;
    /** Field Rd names SP when 31 (ADD (immediate), ORR (immediate), ...), not XZR. */
    public static final int RD_SP = 512;
    /**
     * Takes an exception by design, returns from one, waits, or changes state a translated region
     * keeps to itself or relies on (SP selection, interrupt masks, the TLB, the FP enable, the
     * instruction count): a translated region ends before it and the engine interprets it, with
     * the whole state in the CPU. Words that need not end a region are named by {@link #continuesFor}.
     */
    public static final int ENDS_BLOCK = 1024;
    /**
     * Writes the PC (B, BL, B.cond, BR, BLR, RET, CBZ, CBNZ, TBZ, TBNZ): the next instruction is
     * not always the following word. The JIT learns where from the semantics; test generators give
     * such a word a target of their own.
     */
    public static final int BRANCH = 2048;
    /**
     * An integer row the JIT translates as a call to its semantics (on the CPU's operations) rather
     * than inline: LDTR/STTR, whose EL0 permission check the inline TLB test cannot make.
     */
    public static final int NOT_INLINE = 4096;

    /** A named bit field of the encoding. */
    public static final class Field {
        public final String name;
        public final int lsb, width;

        Field(String name, int lsb, int width) { this.name = name; this.lsb = lsb; this.width = width; }

        public int get(int insn) { return (insn >>> lsb) & ((1 << width) - 1); }
    }

    /** Custom disassembly, for the few rows a template cannot express. */
    @FunctionalInterface
    public interface Formatter {
        String format(Row row, int insn, long pc);
    }

    public final String name;
    public final String pattern;
    public final int mask, value;
    public final Field[] fields;
    public final String asm;
    public final Semantics sem;
    /**
     * For an integer row ({@link #integer}): its semantics against {@link dev.jaffa.interp.integer.IntOps},
     * which the JIT writes inline; {@link #sem} then runs it on a CPU's own operations. Null otherwise.
     */
    public final IntSemantics intSem;
    private int flags;
    private String title;
    private Formatter formatter;
    /** For an {@link #ENDS_BLOCK} row: the words that run inside a region like a TRAPS row, or null. */
    private java.util.function.IntPredicate continues;
    /** Excluded (mask, value) pairs: a word matching any of them is not this row. */
    private int[] exMask = new int[0], exValue = new int[0];

    private Row(String name, String pattern, String asm, Semantics sem, IntSemantics intSem) {
        this.name = name;
        this.pattern = pattern;
        this.asm = asm;
        this.sem = sem != null ? sem : (c, insn) -> intSem.exec(c.ops, insn);
        this.intSem = intSem;
        String[] tokens = pattern.trim().split("\\s+");
        int bit = 32, m = 0, v = 0;
        List<Field> fs = new ArrayList<>();
        for (String t : tokens) {
            int colon = t.indexOf(':');
            if (colon >= 0) {
                int w = Integer.parseInt(t.substring(colon + 1));
                bit -= w;
                fs.add(new Field(t.substring(0, colon), bit, w));
            } else {
                for (int i = 0; i < t.length(); i++) {
                    bit--;
                    char ch = t.charAt(i);
                    if (ch == 'x') continue;
                    if (ch != '0' && ch != '1') throw new IllegalStateException(name + ": bad bit '" + ch + "'");
                    m |= 1 << bit;
                    if (ch == '1') v |= 1 << bit;
                }
            }
        }
        if (bit != 0) throw new IllegalStateException(name + ": pattern covers " + (32 - bit) + " bits, not 32");
        mask = m;
        value = v;
        fields = fs.toArray(new Field[0]);
    }

    /** A row: manual name, encoding pattern, disassembly template ({@link Template}), semantics. */
    public static Row of(String name, String pattern, String asm, Semantics sem) {
        return new Row(name, pattern, asm, sem, null);
    }

    /**
     * An integer row: its semantics are written against {@link dev.jaffa.interp.integer.IntOps}, so
     * that the interpreter executes them and the JIT translates them inline (docs/isa.md).
     */
    public static Row integer(String name, String pattern, String asm, IntSemantics sem) {
        return new Row(name, pattern, asm, null, sem);
    }

    /** Adds JIT flags ({@link #FP}, {@link #MEM}, ...). */
    public Row flags(int f) { flags |= f; return this; }

    public int flags() { return flags; }

    /** The manual's long title, e.g. "Floating-point Add (scalar)". */
    public Row title(String t) { title = t; return this; }

    public String title() { return title != null ? title : name; }

    public Row formatter(Formatter f) { formatter = f; return this; }

    /** For an {@link #ENDS_BLOCK} row: the words that need not end a translated region (MRS of a plain register, DC ZVA). */
    public Row continuesFor(java.util.function.IntPredicate p) { continues = p; return this; }

    /** Whether the JIT must leave its region after word {@code insn} of this row ({@link #ENDS_BLOCK}). */
    public boolean endsBlock(int insn) {
        return (flags & ENDS_BLOCK) != 0 && (continues == null || !continues.test(insn));
    }

    public Formatter formatter() { return formatter; }

    /** Excludes reserved field values: each condition is {@code "f=bits"} or {@code "f1:f2=bits"}. */
    public Row excluding(String... conditions) {
        for (String cond : conditions) {
            int eq = cond.indexOf('=');
            String[] names = cond.substring(0, eq).trim().split(":");
            String bits = cond.substring(eq + 1).trim();
            int m = 0, v = 0, pos = bits.length();
            for (String n : names) {
                Field f = field(n);
                if (f == null) throw new IllegalStateException(name + ": no field " + n);
                for (int b = f.width - 1; b >= 0; b--) {
                    pos--;
                    char ch = bits.charAt(bits.length() - 1 - pos);
                    if (ch == 'x') continue;
                    m |= 1 << (f.lsb + b);
                    if (ch == '1') v |= 1 << (f.lsb + b);
                }
            }
            if (pos != 0) throw new IllegalStateException(name + ": '" + cond + "' has the wrong number of bits");
            exMask = java.util.Arrays.copyOf(exMask, exMask.length + 1);
            exValue = java.util.Arrays.copyOf(exValue, exValue.length + 1);
            exMask[exMask.length - 1] = m;
            exValue[exValue.length - 1] = v;
        }
        return this;
    }

    /** True when {@code insn} is this instruction (fixed bits match, no reserved value). */
    public boolean matches(int insn) {
        if ((insn & mask) != value) return false;
        for (int k = 0; k < exMask.length; k++) if ((insn & exMask[k]) == exValue[k]) return false;
        return true;
    }

    public Field field(String n) {
        for (Field f : fields) if (f.name.equals(n)) return f;
        return null;
    }

    /** Value of the named field (not for hot paths: semantics extract their bits directly). */
    public int field(int insn, String n) {
        Field f = field(n);
        if (f == null) throw new IllegalArgumentException(name + " has no field " + n);
        return f.get(insn);
    }

    public int exclusionCount() { return exMask.length; }

    /** Exclusion {@code k}: a word is reserved for this row when {@code (w & exclusionMask(k)) == exclusionValue(k)}. */
    public int exclusionMask(int k) { return exMask[k]; }

    public int exclusionValue(int k) { return exValue[k]; }

    @Override public String toString() { return name; }
}
