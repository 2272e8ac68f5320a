package dev.jaffa.tests.difftest;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws instruction sequences from Jaffa's encoding table (the integer rows of {@link A64Table},
 * SIMD&FP rows when asked, and random unallocated words) for the differential test.
 *
 * <p>Every row gets fully random field values, then constraints keep the sequence well defined
 * on any conforming implementation (see the class-level rules below), so that the only way the
 * two emulators can disagree is a semantic difference:
 * <ul>
 *   <li>Random instructions write only x0..x27 (or XZR); x28..x30 and SP are left alone, except
 *       BL/BLR which write x30.</li>
 *   <li>Memory instructions get a set-up of MOVZ/MOVK placing the whole access (pairs and
 *       writeback included) inside the scratch area, naturally aligned (the MMU is off: data
 *       accesses are Device memory, which Jaffa aligns strictly and QEMU 7.2 does not check).
 *       Register 31 is never a base; the CONSTRAINED UNPREDICTABLE register overlaps (writeback
 *       base = transfer register, LDP Rt = Rt2, store-exclusive status = data or base) are avoided.
 *       About 3% of accesses instead get an address that must fault (misaligned, above the PA size,
 *       or unmapped), so the abort syndromes are compared too.</li>
 *   <li>SP as an operand only inside a save/point-at-scratch/restore bracket ({@link #spRelative}).</li>
 *   <li>Exclusives come as LDXR/STXR pairs on one address and size with nothing in between, or as
 *       a lone store-exclusive right after CLREX (it must fail), or as a lone load-exclusive.</li>
 *   <li>Branches only go forward, to the start of a later group (never between a set-up and the
 *       instruction it prepares); BR/BLR/RET get an ADR of their target first.</li>
 *   <li>LDR (literal) reads an aligned word of the code area.</li>
 *   <li>System instructions are limited to hints other than WFI/WFE, barriers, CLREX, MRS/MSR NZCV,
 *       SVC, BRK and HLT other than the semihosting HLT #0xF000 (UNDEFINED without halting debug); random unallocated words are limited to encodings that are UNDEFINED on a
 *       Cortex-A57 (no SIMD&amp;FP space, which traps differently).</li>
 * </ul>
 */
final class RandomInsnGenerator {
    /** Size of the harness scratch area in bytes. */
    static final int SCRATCH_SIZE = 4096;

    private final SplittableRandom rnd;
    private final long codeVa, scratchVa;
    private final int codeWords;

    private final List<Group> groups = new ArrayList<>();

    /** A run of words that is always entered at its start: set-up, then generated instructions. */
    private static final class Group {
        final List<Integer> words = new ArrayList<>();
        final List<Row> rows = new ArrayList<>();
        final List<String> rowKeys = new ArrayList<>();
        /** Fix-ups resolved after layout: {kind, word index in group, target}. */
        final List<int[]> fixups = new ArrayList<>();

        void setup(int... ws) { for (int w : ws) add(w, null, null); }

        /** A generated word with coverage key {@code key}: of {@code row}, or of no row (null). */
        void row(Row row, String key, int w) { add(w, row, key); }

        private void add(int w, Row row, String key) {
            words.add(w); rows.add(row); rowKeys.add(key);
        }

        int generated() {
            int n = 0;
            for (String key : rowKeys) if (key != null) n++;
            return n;
        }
    }

    private static final int FIX_BRANCH = 0, FIX_ADR = 1, FIX_ROW_LITERAL = 3;

    /**
     * The integer instructions drawn and their relative weights, by row name in {@link A64Table}
     * (a name with several rows shares its weight); random unallocated words come on top, with
     * weight {@link #UNALLOCATED_WEIGHT}.
     */
    private static final Object[][] WEIGHTS = {
        {"ADR", 1}, {"ADRP", 1},
        {"ADD (immediate)", 1}, {"ADDS (immediate)", 1}, {"SUB (immediate)", 1}, {"SUBS (immediate)", 1},
        {"AND (immediate)", 1}, {"ORR (immediate)", 1}, {"EOR (immediate)", 1}, {"ANDS (immediate)", 1},
        {"MOVN", 1}, {"MOVZ", 1}, {"MOVK", 1},
        {"SBFM", 4 / 3.0}, {"BFM", 4 / 3.0}, {"UBFM", 4 / 3.0}, {"EXTR", 2},
        {"B.cond", 2}, {"SVC", 0.3}, {"BRK", 0.3}, {"HLT", 0.2},
        {"HINT", 0.42}, {"NOP", 0.02}, {"YIELD", 0.02}, {"SEV", 0.02}, {"SEVL", 0.02}, {"CLREX", 0.3},
        {"DSB", 0.3}, {"DMB", 0.3}, {"ISB", 0.3}, {"MSR (register)", 0.5}, {"MRS", 0.5},
        {"BR", 0.5}, {"BLR", 0.5}, {"RET", 0.5}, {"B", 0.5}, {"BL", 0.5}, {"CBZ", 1}, {"CBNZ", 1},
        {"TBZ", 1}, {"TBNZ", 1},
        // Loads and stores (the weights of the old encoding classes spread over their rows)
        {"STRB (immediate)", 0.6}, {"LDRB (immediate)", 0.6}, {"LDRSB (immediate)", 0.6}, {"STRH (immediate)", 0.6},
        {"LDRH (immediate)", 0.6}, {"LDRSH (immediate)", 0.6}, {"STR (immediate)", 0.6}, {"LDR (immediate)", 0.6},
        {"LDRSW (immediate)", 0.6}, {"PRFM (immediate)", 0.4},
        {"STURB", 0.1}, {"LDURB", 0.1}, {"LDURSB", 0.1}, {"STURH", 0.1}, {"LDURH", 0.1}, {"LDURSH", 0.1},
        {"STUR", 0.1}, {"LDUR", 0.1}, {"LDURSW", 0.1}, {"PRFUM", 0.1},
        {"STTRB", 0.1}, {"LDTRB", 0.1}, {"LDTRSB", 0.1}, {"STTRH", 0.1}, {"LDTRH", 0.1}, {"LDTRSH", 0.1},
        {"STTR", 0.1}, {"LDTR", 0.1}, {"LDTRSW", 0.1},
        {"STRB (register)", 0.4}, {"LDRB (register)", 0.4}, {"LDRSB (register)", 0.4}, {"STRH (register)", 0.4},
        {"LDRH (register)", 0.4}, {"LDRSH (register)", 0.4}, {"STR (register)", 0.4}, {"LDR (register)", 0.4},
        {"LDRSW (register)", 0.4}, {"PRFM (register)", 0.4},
        {"LDR (literal)", 1}, {"LDRSW (literal)", 0.3}, {"PRFM (literal)", 0.2},
        {"STP", 1.2}, {"LDP", 1.2}, {"LDPSW", 0.6}, {"STNP", 0.5}, {"LDNP", 0.5},
        {"LDAR", 0.25}, {"LDARB", 0.25}, {"LDARH", 0.25}, {"STLR", 0.25}, {"STLRB", 0.25}, {"STLRH", 0.25},
        {"LDXR", 0.2}, {"LDXRB", 0.1}, {"LDXRH", 0.1}, {"LDAXR", 0.2}, {"LDAXRB", 0.1}, {"LDAXRH", 0.1},
        {"STXR", 0.3}, {"STXRB", 0.15}, {"STXRH", 0.15}, {"STLXR", 0.3}, {"STLXRB", 0.15}, {"STLXRH", 0.15},
        {"LDXP", 0.25}, {"LDAXP", 0.25}, {"STXP", 0.25}, {"STLXP", 0.25},
        {"AND (shifted register)", 0.5}, {"BIC (shifted register)", 0.5}, {"ORR (shifted register)", 0.5},
        {"ORN (shifted register)", 0.5}, {"EOR (shifted register)", 0.5}, {"EON (shifted register)", 0.5},
        {"ANDS (shifted register)", 0.5}, {"BICS (shifted register)", 0.5},
        {"ADD (shifted register)", 1}, {"ADDS (shifted register)", 1}, {"SUB (shifted register)", 1},
        {"SUBS (shifted register)", 1},
        {"ADD (extended register)", 1}, {"ADDS (extended register)", 1}, {"SUB (extended register)", 1},
        {"SUBS (extended register)", 1},
        {"ADC", 0.75}, {"ADCS", 0.75}, {"SBC", 0.75}, {"SBCS", 0.75},
        {"CCMN (register)", 1}, {"CCMP (register)", 1}, {"CCMN (immediate)", 1}, {"CCMP (immediate)", 1},
        {"CSEL", 0.75}, {"CSINC", 0.75}, {"CSINV", 0.75}, {"CSNEG", 0.75},
        {"RBIT", 0.5}, {"REV16", 0.5}, {"REV32", 0.5}, {"REV", 0.5}, {"CLZ", 0.5}, {"CLS", 0.5},
        {"UDIV", 0.5}, {"SDIV", 0.5}, {"LSLV", 0.5}, {"LSRV", 0.5}, {"ASRV", 0.5}, {"RORV", 0.5},
        {"CRC32B, CRC32H, CRC32W, CRC32X", 0.5}, {"CRC32CB, CRC32CH, CRC32CW, CRC32CX", 0.5},
        {"MADD", 0.5}, {"MSUB", 0.5}, {"SMADDL", 0.5}, {"SMSUBL", 0.5}, {"SMULH", 0.5}, {"UMADDL", 0.5},
        {"UMSUBL", 0.5}, {"UMULH", 0.5},
    };
    /** The relative weight of a random unallocated word ({@link #unallocatedWord}), drawn after the rows. */
    private static final double UNALLOCATED_WEIGHT = 0.7;
    /** The coverage key of random unallocated words. */
    static final String UNALLOCATED = "UNALLOCATED";
    /**
     * The rows of exception generation and system instructions (not integer rows) drawn here. Not
     * drawn, as before they were rows: HVC, SMC, ERET, WFE, WFI, MSR (immediate), SYS, SYSL (they
     * change the harness's own state or wait), nor MRS/MSR (register) of anything but NZCV and
     * FPCR/FPSR, nor the semihosting HLT #0xF000 ({@link #systemRow}).
     */
    private static final java.util.Set<String> SYSTEM_ROWS = java.util.Set.of("SVC", "BRK", "HLT", "SEV", "SEVL",
            "MSR (register)", "MRS");
    private static final Row MRS = systemRow("MRS"), MSR_REG = systemRow("MSR (register)"), CLREX = systemRow("CLREX");

    private static Row systemRow(String name) {
        for (Row r : A64Table.rows()) if (r.name.equals(name)) return r;
        throw new IllegalStateException("no row " + name);
    }

    /** The integer rows drawn (a name with several rows, REV's two sizes, shares its weight). */
    private static final Row[] CHOICES;
    /** Cumulative weights of {@link #CHOICES}, then one more entry: the unallocated words. */
    private static final double[] CUMULATIVE;
    static {
        java.util.Map<String, List<Row>> byName = new java.util.HashMap<>();
        for (Row r : A64Table.rows()) if (r.intSem != null || SYSTEM_ROWS.contains(r.name) || loadStore(r)) byName.computeIfAbsent(r.name, n -> new ArrayList<>()).add(r);
        List<Row> choices = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (Object[] entry : WEIGHTS) {
            double weight = ((Number) entry[1]).doubleValue();
            List<Row> rows = byName.get(entry[0]);
            if (rows == null) throw new IllegalStateException("no integer row " + entry[0]);
            for (Row r : rows) { choices.add(r); weights.add(weight / rows.size()); }
        }
        weights.add(UNALLOCATED_WEIGHT);
        CHOICES = choices.toArray(new Row[0]);
        CUMULATIVE = new double[weights.size()];
        double sum = 0;
        for (int i = 0; i < CUMULATIVE.length; i++) { sum += weights.get(i); CUMULATIVE[i] = sum; }
    }

    /** The integer rows this generator draws (for coverage reports). */
    static Row[] intRows() { return CHOICES.clone(); }

    /** SIMD&FP rows to draw from (uniformly), and the percentage of groups drawn from them. */
    private final Row[] rowChoices;
    private final int rowPercent;
    private final java.util.function.IntFunction<Row> decoder;
    private final java.util.Map<Row, String> labels;

    /**
     * Coverage labels of rows: the name, or for a name several rows share (the scalar and vector
     * forms of SQADD, ...) the name followed by the start of the row's encoding pattern.
     */
    static java.util.Map<Row, String> labels(Row[] rows) {
        java.util.Map<String, Integer> count = new java.util.HashMap<>();
        for (Row r : rows) count.merge(r.name, 1, Integer::sum);
        java.util.Map<Row, String> m = new java.util.IdentityHashMap<>();
        for (Row r : rows) {
            if (count.get(r.name) == 1) { m.put(r, r.name); continue; }
            String[] t = r.pattern.trim().split("\\s+");
            m.put(r, r.name + " <" + String.join(" ", java.util.Arrays.copyOf(t, Math.min(4, t.length))) + ">");
        }
        return m;
    }

    RandomInsnGenerator(long seed, long codeVa, int codeBytes, long scratchVa) {
        this(seed, codeVa, codeBytes, scratchVa, new Row[0], 0);
    }

    /**
     * A generator that draws {@code rowPercent}% of its instructions from {@code rows} (the SIMD&FP
     * row table, {@link A64Table}), uniformly per row, and the rest from the integer rows and
     * unallocated words. With {@code rowPercent} 0 it generates exactly what the integer-only
     * generator does.
     */
    RandomInsnGenerator(long seed, long codeVa, int codeBytes, long scratchVa, Row[] rows, int rowPercent) {
        this(seed, codeVa, codeBytes, scratchVa, rows, rowPercent, A64Table::decode);
    }

    /** As above, with the row decoder given (tests use synthetic rows). */
    RandomInsnGenerator(long seed, long codeVa, int codeBytes, long scratchVa, Row[] rows, int rowPercent,
                        java.util.function.IntFunction<Row> decoder) {
        this.decoder = decoder;
        this.rnd = new SplittableRandom(seed);
        this.codeVa = codeVa;
        this.codeWords = codeBytes / 4;
        this.scratchVa = scratchVa;
        this.rowChoices = rows.clone();
        this.rowPercent = rows.length == 0 ? 0 : rowPercent;
        this.labels = labels(rows);
    }

    /** Generates about {@code count} instructions (fewer if the code area fills up). */
    Program generate(int count) {
        groups.clear();
        int generated = 0, words = 0;
        // Leave room for the largest group and the NOPs branch targets may land on.
        while (generated < count && words < codeWords - 64) {
            Group g = new Group();
            groups.add(g);
            if (rowPercent > 0 && rnd.nextInt(100) < rowPercent) {
                if (chance(FPCR_PERCENT)) fpControl(g);
                else if (chance(NO_ROW_PERCENT)) noRowWord(g);
                else emitRow(rowChoices[rnd.nextInt(rowChoices.length)], g);
            } else {
                Row r = pick();
                if (r == null) g.row(null, UNALLOCATED, unallocatedWord());
                else if (loadStore(r)) memory(r, g);
                else if (!systemRow(r, g) && !branchRow(r, g)) intRow(r, g);
            }
            generated += g.generated();
            words += g.words.size();
        }
        return layout();
    }

    /** An integer row drawn by weight, or null for a random unallocated word (the last choice). */
    private Row pick() {
        double r = rnd.nextDouble() * CUMULATIVE[CUMULATIVE.length - 1];
        for (int i = 0; i < CHOICES.length; i++) if (r < CUMULATIVE[i]) return CHOICES[i];
        return null;
    }

    private Program layout() {
        int[] start = new int[groups.size() + 1];
        for (int g = 0; g < groups.size(); g++) start[g + 1] = start[g] + groups.get(g).words.size();
        int n = start[groups.size()];
        int[] words = new int[n];
        Row[] rows = new Row[n];
        String[] rowKeys = new String[n];
        for (int g = 0; g < groups.size(); g++) {
            Group grp = groups.get(g);
            for (int i = 0; i < grp.words.size(); i++) {
                words[start[g] + i] = grp.words.get(i);
                rows[start[g] + i] = grp.rows.get(i);
                rowKeys[start[g] + i] = grp.rowKeys.get(i);
            }
            for (int[] f : grp.fixups) {
                int at = start[g] + f[1];
                int w = words[at];
                if (f[0] == FIX_ROW_LITERAL) {
                    words[at] = setField(rows[at], w, "imm19", f[2] - at);
                    continue;
                }
                if (f[0] == FIX_BRANCH) {    // a branch row: its offset field to the target group's start
                    Row row = rows[at];
                    String imm = has(row, "imm26") ? "imm26" : has(row, "imm14") ? "imm14" : "imm19";
                    words[at] = setField(row, w, imm, start[Math.min(f[2], groups.size())] - at);
                    continue;
                }
                words[at] = A64Asm.adr(w & 31, 4L * (start[Math.min(f[2], groups.size())] - at));   // FIX_ADR
            }
        }
        return new Program(words, rows, rowKeys);
    }

    // ---- random values -------------------------------------------------------------------------

    /** A destination register: x0..x27, or XZR now and then where 31 means XZR. */
    private int dst(boolean zrAllowed) {
        if (zrAllowed && rnd.nextInt(16) == 0) return 31;
        return rnd.nextInt(28);
    }

    private int dstExcept(int... avoid) {
        while (true) {
            int r = dst(true);
            boolean ok = true;
            for (int a : avoid) if (r == a) ok = false;
            if (ok) return r;
        }
    }

    private int anyExcept(int... avoid) {
        while (true) {
            int r = rnd.nextInt(32);
            boolean ok = true;
            for (int a : avoid) if (r == a) ok = false;
            if (ok) return r;
        }
    }

    private boolean chance(int percent) { return rnd.nextInt(100) < percent; }

    /** A random address inside the scratch area for {@code bytes} bytes aligned to {@code align}. */
    private long scratchAddress(int bytes, int align) {
        int slots = (SCRATCH_SIZE - bytes) / align + 1;
        return scratchVa + (long) rnd.nextInt(slots) * align;
    }

    /** Per mille of memory accesses given an address that must fault. */
    private static final int FAULT_PER_MILLE = 30;
    /** A physical address that is neither RAM nor a device, on QEMU's virt board and on Jaffa's. */
    static final long UNMAPPED = 0x1_0000_0000L;

    /**
     * The address of an access of {@code bytes} bytes: mostly {@link #scratchAddress}, now and then
     * one that must fault: misaligned inside the scratch area (SCTLR_EL1.A is set and the MMU is
     * off, so every misaligned access faults), above the 44-bit physical address size (address size
     * fault, level 0), or in unmapped physical address space (synchronous external abort).
     */
    private long accessAddress(int bytes, int align, boolean faultsAllowed) {
        if (faultsAllowed && rnd.nextInt(1000) < FAULT_PER_MILLE) {
            switch (rnd.nextInt(3)) {
                case 0:
                    if (align > 1) return scratchAddress(bytes + align, align) + 1 + rnd.nextInt(align - 1);
                    break;
                case 1:
                    return scratchAddress(bytes, align) | 1L << (44 + rnd.nextInt(20));
                default:
                    return UNMAPPED + (long) rnd.nextInt(1 << 16) * align;
            }
        }
        return scratchAddress(bytes, align);
    }

    /** A random 64-bit value biased towards small magnitudes, for index registers. */
    private long indexValue() {
        switch (rnd.nextInt(4)) {
            case 0: return rnd.nextInt(64) - 32;
            case 1: return rnd.nextInt(1 << 12);
            case 2: return rnd.nextLong() & 0xFFFF_FFFFL;
            default: return rnd.nextLong();
        }
    }

    // ---- emitting ------------------------------------------------------------------------------

    private static final long[] EDGES = {
        0, 1, -1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, Integer.MAX_VALUE, Integer.MIN_VALUE & 0xFFFF_FFFFL,
        0xFFFF_FFFFL, 0x1_0000_0000L, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 31, 32, 33, 63, 64, 65,
        0x8000_0000_0000_0001L, 0xFFFF_FFFF_7FFF_FFFFL, 0x5555_5555_5555_5555L, 0xAAAA_AAAA_AAAA_AAAAL,
    };

    /** A value for registers and memory: often an edge case, otherwise small, 32-bit or 64-bit. */
    static long edgeValue(SplittableRandom rnd) {
        switch (rnd.nextInt(5)) {
            case 0: case 1: return EDGES[rnd.nextInt(EDGES.length)];
            case 2: return rnd.nextInt(256) - 128;
            case 3: return rnd.nextLong() & 0xFFFF_FFFFL;
            default: return rnd.nextLong();
        }
    }

    /** A random word that decodes to nothing in Jaffa and is UNDEFINED on a Cortex-A57. */
    private int unallocatedWord() {
        while (true) {
            int w = rnd.nextInt();
            if (rnd.nextInt(4) == 0) w &= 0x0000FFFF;                    // UDF space
            int op0 = (w >>> 25) & 15;
            if ((op0 & 7) == 7) continue;                                  // SIMD&FP data processing
            if ((op0 & 5) == 4 && (w & (1 << 26)) != 0) continue;          // SIMD&FP loads and stores
            if (A64Table.decode(w) == null) return w;
        }
    }

    // ---- memory --------------------------------------------------------------------------------

    /** A load or store of general registers (op0 = x1x0, not SIMD&FP): drawn by {@link #memory}. */
    private static boolean loadStore(Row r) {
        return (r.value & 0x0A00_0000) == 0x0800_0000 && (r.mask & 0x0A00_0000) == 0x0A00_0000 && (r.flags() & Row.FP) == 0;
    }

    private static final int ST = 0, LD = 1, PRFM = 2;

    /** The kind of a single-register load/store word by size:opc: a store, a load (sign-extending too) or PRFM. */
    private static int kind(int w) {
        int size = w >>> 30, opc = (w >>> 22) & 3;
        return opc == 0 ? ST : size == 3 && opc == 2 ? PRFM : LD;
    }

    /** {@link #INT_RESERVED_PERCENT}% of the time: adds a word with one of the row's reserved values, if it has any, and returns true. */
    private boolean reservedDraw(Row row, Group g) {
        if (!chance(INT_RESERVED_PERCENT)) return false;
        int w = reservedWord(row);
        if (w == -1) return false;
        g.row(row, row.name + Program.RESERVED, w);
        return true;
    }

    /** A random word of {@code row}: fixed bits from the pattern, the rest at random outside its reserved values. */
    private int randomWord(Row row) {
        int w;
        do { w = row.value | (rnd.nextInt() & ~row.mask); } while (!row.matches(w));
        return w;
    }

    /**
     * A load or store group for {@code row}: the address set-up of the old encoding classes (by the
     * row's fields: imm12, imm9, option, imm19, imm7; LDAR/STLR; the exclusives), now and then SP as
     * the base, 5% a reserved value of the row (register offsets with option<1> = 0).
     */
    private void memory(Row row, Group g) {
        if (reservedDraw(row, g)) return;
        if (!has(row, "Rn")) {
            literal(row, g);
            return;
        }
        if (row.name.contains("X")) {               // LDXR, STLXP, ...: not LDAR/STLR, whose names have no X
            exclusive(row, g);
            return;
        }
        boolean ordered = (row.value >>> 24 & 0x3F) == 0x08;
        if (!ordered && !has(row, "option") && chance(10)) {
            spRelative(row, g);
            return;
        }
        int w = randomWord(row);
        int rn = rnd.nextInt(28);
        w = setField(row, w, "Rn", rn);
        int size = w >>> 30;
        if (has(row, "imm12")) {
            int kind = kind(w);
            w = transferRegs(row, w, kind, rn, false);
            if (kind != PRFM) {
                long t = accessAddress(1 << size, 1 << size, true);
                g.setup(A64Asm.mov64(rn, t - ((long) row.field(w, "imm12") << size)));
            }
        } else if (has(row, "imm9")) {
            int idx = (w >>> 10) & 3, kind = kind(w);
            w = transferRegs(row, w, kind, rn, (idx & 1) != 0);
            if (kind != PRFM) {
                long t = accessAddress(1 << size, 1 << size, true);
                long simm = (long) row.field(w, "imm9") << 55 >> 55;
                g.setup(A64Asm.mov64(rn, idx == 1 ? t : t - simm));
            }
        } else if (has(row, "option")) {
            int kind = kind(w), option = row.field(w, "option");
            int rm = chance(5) ? 31 : anyExcept(rn, 28, 29, 30, 31);
            w = setField(row, w, "Rm", rm);
            w = transferRegs(row, w, kind, rn, false);
            if (kind != PRFM) {
                long index = rm == 31 ? 0 : indexValue();
                int shift = row.field(w, "S") == 1 ? size : 0;
                long t = accessAddress(1 << size, 1 << size, true);
                if (rm != 31) g.setup(A64Asm.mov64(rm, index));
                g.setup(A64Asm.mov64(rn, t - extend(index, option, shift)));
            }
        } else if (has(row, "imm7")) {
            int opc = w >>> 30, idx = (w >>> 23) & 3;
            boolean load = (w & (1 << 22)) != 0;
            boolean writeback = idx == 1 || idx == 3;
            int rt = load ? dstExcept(writeback ? rn : -1) : anyExcept(writeback ? rn : -1);
            int rt2 = load ? dstExcept(rt, writeback ? rn : -1) : anyExcept(writeback ? rn : -1);
            w = setField(row, setField(row, w, "Rt", rt), "Rt2", rt2);
            int bytes = opc == 2 ? 8 : 4;
            long t = accessAddress(2 * bytes, bytes, true);
            long offset = ((long) row.field(w, "imm7") << 57 >> 57) * bytes;
            g.setup(A64Asm.mov64(rn, idx == 1 ? t : t - offset));
        } else {                                     // LDAR, STLR
            w = transferRegs(row, w, (w & (1 << 22)) != 0 ? LD : ST, rn, false);
            g.setup(A64Asm.mov64(rn, accessAddress(1 << size, 1 << size, true)));
        }
        g.row(row, row.name, w);
    }

    /** LDR (literal), LDRSW (literal), PRFM (literal): a target in the code area, now and then misaligned. */
    private void literal(Row row, Group g) {
        int w = randomWord(row);
        int opc = w >>> 30;
        if (opc != 3) w = setField(row, w, "Rt", dst(true));
        int align = opc == 1 ? 8 : 4;
        int target;
        boolean misalign = align == 8 && rnd.nextInt(1000) < FAULT_PER_MILLE;
        do { target = rnd.nextInt(codeWords); } while ((codeVa + 4L * target) % align != (misalign ? 4 : 0));
        g.row(row, row.name, w);
        g.fixups.add(new int[] {FIX_ROW_LITERAL, g.words.size() - 1, target});
    }

    /** Scratch register holding the harness SP while a group points SP elsewhere. */
    private static final int SP_SAVE = 28;
    private static final int ADD_SP_IMM = 0x91000000;   // ADD Xd|SP, Xn|SP, #0

    private static int movSp(int rd, int rn) { return ADD_SP_IMM | rn << 5 | rd; }

    /**
     * A group using SP (register 31) as an operand: the harness SP is saved in x28, SP is pointed
     * at a 16-byte aligned address near the middle of the scratch area, the instruction runs, and
     * SP is restored. Loads and stores use [SP] as their base, with writeback amounts that keep SP
     * 16-byte aligned (an exception handler pushes onto SP, which then lands in scratch memory the
     * same way on both sides).
     */
    private void spRelative(Row row, Group g) {
        long sp = scratchVa + SCRATCH_SIZE / 2 + 16L * (rnd.nextInt(64) - 32);
        g.setup(movSp(SP_SAVE, 31));
        g.setup(A64Asm.mov64(27, sp));
        g.setup(movSp(31, 27));
        int w = setField(row, randomWord(row), "Rn", 31);
        int size = w >>> 30;
        if (has(row, "imm12")) {
            w = setField(row, w, "imm12", rnd.nextInt(1024 >> size));
            w = transferRegs(row, w, kind(w), 31, false);
        } else if (has(row, "imm9")) {
            int idx = (w >>> 10) & 3;
            int simm = idx == 1 || idx == 3 ? 16 * (rnd.nextInt(32) - 16) : (rnd.nextInt(512) - 256) & -(1 << size);
            w = setField(row, w, "imm9", simm);
            w = transferRegs(row, w, kind(w), 31, false);
        } else {                                      // pairs
            int opc = w >>> 30, idx = (w >>> 23) & 3;
            int scale = opc == 2 ? 8 : 4;
            int imm7 = rnd.nextInt(128) - 64;
            if (idx == 1 || idx == 3) imm7 &= scale == 8 ? -2 : -4;    // writeback by a multiple of 16
            w = setField(row, w, "imm7", imm7);
            boolean load = (w & (1 << 22)) != 0;
            int rt = load ? dst(true) : rnd.nextInt(32);
            int rt2 = load ? dstExcept(rt) : rnd.nextInt(32);
            w = setField(row, setField(row, w, "Rt", rt), "Rt2", rt2);
        }
        g.row(row, row.name, w);
        g.setup(movSp(31, SP_SAVE));
    }

    /** Chooses Rt for a single-register transfer: loads write x0..x27/XZR; writeback avoids Rn. */
    private int transferRegs(Row row, int w, int kind, int rn, boolean writeback) {
        if (kind == PRFM) return w;                         // Rt is the prefetch operation
        int rt = kind == LD ? dstExcept(writeback ? rn : -1) : anyExcept(writeback ? rn : -1);
        return setField(row, w, "Rt", rt);
    }

    private static long extend(long v, int option, int shift) {
        switch (option) {
            case 2: v &= 0xFFFF_FFFFL; break;
            case 6: v = (int) v; break;
            default: break;
        }
        return v << shift;
    }

    /** The exclusive rows (LDXR ... STLXP). */
    private static final Row[] EXCLUSIVES = java.util.Arrays.stream(A64Table.rows())
            .filter(r -> loadStore(r) && r.name.contains("X")).toArray(Row[]::new);

    /**
     * An exclusive group of {@code row}'s size: 60% a load-exclusive then {@code row}'s store (or,
     * drawn as a load, the matching store) on the same address, 25% CLREX then a lone
     * store-exclusive (which must fail), 15% a lone load-exclusive; acquire/release at random.
     */
    private void exclusive(Row row, Group g) {
        boolean pair = row.name.endsWith("P");
        int sizeField = pair ? (row.value >>> 30) & 1 : row.value >>> 30;
        int bytes = pair ? 2 * (4 << sizeField) : 1 << sizeField;
        String suffix = row.name.substring(row.name.indexOf('X') + 1);   // R, RB, RH or P
        int top = row.value >>> 30;
        int rn = rnd.nextInt(28);
        int kind = rnd.nextInt(100);
        // Only lone load-exclusives may fault. A faulting LDXR before a STXR would leave the monitor
        // state to chance; and a store-exclusive that fails its monitor check may or may not report
        // an abort (IMPLEMENTATION DEFINED; QEMU 7.2 does not even report alignment faults there,
        // which the architecture requires: see the difftest report).
        g.setup(A64Asm.mov64(rn, accessAddress(bytes, bytes, kind >= 75)));
        if (kind < 75) {
            if (kind < 60 || chance(50)) {
                int rt = dstExcept(rn), rt2 = pair ? dstExcept(rn, rt) : 31;
                exclusiveWord(g, (chance(50) ? "LDAX" : "LDX") + suffix, top, rn, 31, rt, rt2);
            }
            if (kind >= 60) g.row(CLREX, CLREX.name, A64Asm.CLREX | rnd.nextInt(16) << 8);
            int rt = rnd.nextInt(32), rt2 = pair ? rnd.nextInt(32) : 31;
            int rs = dstExcept(rn, rt, pair ? rt2 : rt, 31);
            exclusiveWord(g, (chance(50) ? "STLX" : "STX") + suffix, top, rn, rs, rt, rt2);
        } else {
            int rt = dstExcept(rn), rt2 = pair ? dstExcept(rn, rt) : 31;
            exclusiveWord(g, (chance(50) ? "LDAX" : "LDX") + suffix, top, rn, 31, rt, rt2);
        }
    }

    /** Adds the word of exclusive row {@code name} with bits 31:30 {@code top} (the size) and these registers (31 where the manual wants ones). */
    private void exclusiveWord(Group g, String name, int top, int rn, int rs, int rt, int rt2) {
        for (Row r : EXCLUSIVES) {
            if (!r.name.equals(name) || r.value >>> 30 != top) continue;
            int w = r.value | 31 << 16 | 31 << 10 | rn << 5 | rt;
            if (has(r, "Rs")) w = setField(r, w, "Rs", rs);
            if (has(r, "Rt2")) w = setField(r, w, "Rt2", rt2);
            g.row(r, r.name, w);
            return;
        }
        throw new IllegalStateException("no row " + name);
    }

    // ---- integer rows ---------------------------------------------------------------------------

    /** Percentage of integer-row draws that produce a word with one of the row's reserved values. */
    private static final int INT_RESERVED_PERCENT = 5;
    /** Immediate fields of integer rows and the edge values they get now and then. */
    private static final java.util.Map<String, int[]> EDGE_FIELDS = java.util.Map.of(
            "imm12", new int[] {0, 1, 0xFFF, 0x800},
            "imm16", new int[] {0, 1, 0xFFFF, 0x8000, 0x7FFF},
            "immr", new int[] {0, 1, 31, 32, 63},
            "imms", new int[] {0, 1, 7, 15, 30, 31, 32, 62, 63},
            "immhi", new int[] {0, (1 << 19) - 1, 1 << 18});

    /**
     * The system rows drawn with words of their own: MRS/MSR (register) of NZCV only, HLT other
     * than semihosting's #0xF000 (UNDEFINED on both sides). False for any other row.
     */
    private boolean systemRow(Row row, Group g) {
        switch (row.name) {
            case "MRS":
                g.row(row, row.name, A64Asm.mrsNzcv(dst(true)));
                return true;
            case "MSR (register)":
                g.row(row, row.name, A64Asm.msrNzcv(rnd.nextInt(32)));
                return true;
            case "HLT": {
                int w;
                do { w = row.value | (rnd.nextInt() & ~row.mask); } while (row.field(w, "imm16") == 0xF000);
                g.row(row, row.name, w);
                return true;
            }
            default:
                return false;
        }
    }

    /**
     * A branch row ({@link Row#BRANCH}) with a target at the start of one of the next six groups:
     * B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ with random fields and the offset fixed up at layout; BR,
     * BLR, RET through a register an ADR sets up just before (RET mostly through X30). False for
     * any other row.
     */
    private boolean branchRow(Row row, Group g) {
        if ((row.flags() & Row.BRANCH) == 0) return false;
        int target = groups.size() + rnd.nextInt(6);
        if (has(row, "Rn")) {
            int rn = row.name.equals("RET") && chance(70) || chance(10) ? 30 : rnd.nextInt(28);
            g.setup(A64Asm.adr(rn, 0));
            g.fixups.add(new int[] {FIX_ADR, g.words.size() - 1, target});
            g.row(row, row.name, setField(row, row.value, "Rn", rn));
        } else {
            g.row(row, row.name, row.value | (rnd.nextInt() & ~row.mask));
            g.fixups.add(new int[] {FIX_BRANCH, g.words.size() - 1, target});
        }
        return true;
    }

    /**
     * An integer row's word: random fields (sf drawn once, the rest redrawn until the row decodes
     * it, so both sizes stay equally likely), edge values in immediate fields now and then, Rd in
     * x0..x27 or XZR ({@link Row#RD_SP} rows: never 31, which would be SP), and 30% of the time a
     * source register set to an edge value first; or one of the row's reserved values; or, for
     * ADD/SUB (immediate), SP as the destination inside a save/restore bracket.
     */
    private void intRow(Row row, Group g) {
        if (reservedDraw(row, g)) return;
        boolean rdSp = (row.flags() & Row.RD_SP) != 0;
        boolean spBracket = rdSp && (row.flags() & Row.RN_SP) != 0 && chance(10);
        int sf = rnd.nextInt(2);
        int w = -1;
        for (int tries = 0; tries < 1000 && w == -1; tries++) {
            int x = row.value | (rnd.nextInt() & ~row.mask);
            if (has(row, "sf")) x = setField(row, x, "sf", sf);
            for (Row.Field f : row.fields) {
                int[] edges = EDGE_FIELDS.get(f.name);
                if (edges != null && chance(25)) x = setField(row, x, f.name, edges[rnd.nextInt(edges.length)]);
            }
            if (has(row, "Rd")) x = setField(row, x, "Rd", spBracket ? 31 : dst(!rdSp));
            if (row.name.endsWith("MULH")) x = setField(row, x, "Ra", 31);   // SMULH/UMULH: Ra is (1)(1)(1)(1)(1)
            if (decodesTo(row, x)) w = x;
        }
        if (w == -1) {
            g.setup(A64Asm.NOP);
            return;
        }
        if (spBracket) {
            long sp = scratchVa + SCRATCH_SIZE / 2 + 16L * (rnd.nextInt(64) - 32);
            g.setup(movSp(SP_SAVE, 31));
            g.setup(A64Asm.mov64(27, sp));
            g.setup(movSp(31, 27));
            g.row(row, row.name, w);
            g.setup(movSp(27, 31));
            g.setup(movSp(31, SP_SAVE));
            return;
        }
        if (chance(30)) {
            String[] sources = {"Rn", "Rm", "Ra"};
            String field = sources[rnd.nextInt(sources.length)];
            if (has(row, field) && row.field(w, field) < 28) g.setup(A64Asm.mov64(row.field(w, field), edgeValue(rnd)));
        }
        g.row(row, row.name, w);
    }

    // ---- SIMD&FP rows --------------------------------------------------------------------------

    /** Percentage of SIMD&FP draws that are an FPCR or FPSR access instead of a row ({@link #fpControl}). */
    private static final int FPCR_PERCENT = 2;

    /**
     * An FPCR or FPSR access (MSR/MRS of a general register): mostly a new AHP/DN/FZ/RMode
     * setting, now and then a random FPCR value (the RES0 and trap-enable bits must read back as
     * the CPU keeps them), reading FPSR into a register, or clearing FPSR (so that later flags show
     * again).
     */
    private void fpControl(Group g) {
        int k = rnd.nextInt(100), r = rnd.nextInt(28);
        if (k < 60) {
            g.setup(A64Asm.mov64(r, (long) FpValues.fpcr(rnd)));
            g.row(MSR_REG, MSR_REG.name, A64Asm.MSR_FPCR | r);
        } else if (k < 70) {
            g.setup(A64Asm.mov64(r, rnd.nextLong()));
            g.row(MSR_REG, MSR_REG.name, A64Asm.MSR_FPCR | r);
        } else if (k < 80) {
            g.row(MRS, MRS.name, A64Asm.MRS_FPCR | dst(true));
        } else if (k < 92) {
            g.row(MRS, MRS.name, A64Asm.MRS_FPSR | dst(true));
        } else {
            g.setup(A64Asm.mov64(r, chance(50) ? 0 : rnd.nextLong()));
            g.row(MSR_REG, MSR_REG.name, A64Asm.MSR_FPSR | r);
        }
    }

    /** Percentage of SIMD&FP draws that are a data-processing word no row decodes ({@link #noRowWord}). */
    private static final int NO_ROW_PERCENT = 2;
    /** The coverage key of those words. */
    static final String NO_ROW = "(no row: SIMD&FP data processing)", NO_ROW_MEM = "(no row: SIMD&FP load/store)";

    /**
     * A random word of the SIMD&FP data-processing space (op0 = x111) or load/store space (op0 =
     * x1x0 with bit 26 set) that the row table does not decode: it must be UNDEFINED on QEMU too,
     * so an Armv8.0 instruction without a row (or an exclusion that is too broad) shows up as a
     * mismatch. For the load/store space, Rn (bits 9:5 of every A64 load or
     * store) points into the middle of the scratch area first, in case QEMU does execute it.
     */
    private void noRowWord(Group g) {
        boolean mem = rnd.nextBoolean();
        for (int tries = 0; tries < 1000; tries++) {
            // op0 (bits 28:25) = x1x0 with V (bit 26) set: SIMD&FP loads and stores; x111: data processing.
            int w = mem ? (rnd.nextInt() | 1 << 27 | 1 << 26) & ~(1 << 25) : rnd.nextInt() | 0x0E000000;
            if (mem) w = w & ~(31 << 5) | rnd.nextInt(28) << 5;
            if (decoder.apply(w) == null) {
                if (mem) g.setup(A64Asm.mov64(w >>> 5 & 31, scratchVa + SCRATCH_SIZE / 2));
                g.row(null, mem ? NO_ROW_MEM : NO_ROW, w);
                return;
            }
        }
        g.setup(A64Asm.NOP);
    }

    /** Percentage of row draws that instead produce a word with one of the row's reserved values. */
    private static final int RESERVED_PERCENT = 3;
    /** Fields of a memory row that hold an address offset, handled by {@link #memoryRow}. */
    private static final int MAX_ACCESS = 64;
    /** Percentage of memory rows with {@link Row#RN_SP} that use SP as their base. */
    private static final int SP_BASE_PERCENT = 15;

    /** {@code w} with field {@code name} of {@code row} set to {@code v} (truncated to its width). */
    static int setField(Row row, int w, String name, int v) {
        Row.Field f = row.field(name);
        if (f == null) throw new IllegalArgumentException(row.name + " has no field " + name);
        int mask = (f.width == 32 ? -1 : (1 << f.width) - 1) << f.lsb;
        return (w & ~mask) | ((v << f.lsb) & mask);
    }

    private static boolean has(Row row, String field) { return row.field(field) != null; }

    /** True when {@code w} is executed by {@code row}: the table decodes it to the row. */
    private boolean decodesTo(Row row, int w) {
        return row.matches(w) && decoder.apply(w) == row;
    }

    /**
     * A random word of {@code row}: fixed bits from the pattern, random fields, general-register
     * destinations (Rd, Rt, Rt2) limited to x0..x27 and XZR, Vt2 != Vt for load pairs, re-drawn until the table decodes it
     * to the row; or -1 if that keeps failing (another row shadows this one).
     */
    private int rowWord(Row row) {
        for (int tries = 0; tries < 2000; tries++) {
            int w = row.value | (rnd.nextInt() & ~row.mask);
            for (String f : new String[] {"Rd", "Rt", "Rt2"}) if (has(row, f)) w = setField(row, w, f, dst(true));
            // LDP/LDNP (SIMD&FP) with Vt == Vt2: CONSTRAINED UNPREDICTABLE (Jaffa: UNDEFINED, the
            // Arm ARM's choice; QEMU 7.2 loads both, the second value winning).
            if (has(row, "Vt2") && (row.mask & row.value & 1 << 22) != 0 && row.field(w, "Vt") == row.field(w, "Vt2")) continue;
            if (decodesTo(row, w)) return w;
        }
        return -1;
    }

    /**
     * A word with the row's fixed bits that one of its exclusions (reserved field values) rules
     * out and that no row decodes: it must be UNDEFINED on both sides. -1 if none is found quickly.
     */
    private int reservedWord(Row row) {
        if (row.exclusionCount() == 0) return -1;
        for (int tries = 0; tries < 2000; tries++) {
            int w = row.value | (rnd.nextInt() & ~row.mask);
            if (!row.matches(w) && decoder.apply(w) == null) return w;
        }
        return -1;
    }

    private void emitRow(Row row, Group g) {
        if (chance(RESERVED_PERCENT)) {
            int w = reservedWord(row);
            if (w != -1) {
                g.row(row, labels.get(row) + Program.RESERVED, w);
                return;
            }
        }
        int w = rowWord(row);
        if (w == -1) {
            g.setup(A64Asm.NOP);    // the row cannot be reached (reported by the driver's coverage)
            return;
        }
        if ((row.flags() & Row.MEM) != 0) {
            memoryRow(row, w, g);
            return;
        }
        g.row(row, labels.get(row), w);
    }

    /**
     * A SIMD&FP load or store: the base register (field Rn, never SP) is set up to point into the
     * scratch area with room for {@value #MAX_ACCESS} bytes at the address and at the address plus
     * any offset the word encodes, recognised by the Arm ARM's field names: {@code imm12} (unsigned,
     * scaled by up to 16; limited to 0..127 here), {@code imm9} (signed, unscaled; mostly a
     * multiple of 16), {@code imm7} (signed, scaled by up to 16), {@code Rm} with {@code option}
     * (a register offset, set to a small value) or without (a post-index register, any value; 31
     * is the immediate post-index form). Rows with {@link Row#RN_SP} use SP as the base now and then
     * (in a bracket that saves and restores the harness SP, as {@link #spRelative}). Literal loads ({@code imm19}, no Rn) read an aligned
     * part of the code area. About 3% of accesses get an address that must fault (misaligned,
     * above the physical address size, or unmapped).
     */
    /** Field names of memory rows that do not move the address (or that {@link #memoryRow} handles). */
    static final java.util.Set<String> MEMORY_FIELDS = java.util.Set.of("size", "opc", "imm12", "imm9", "imm7",
            "imm19", "Rn", "Rm", "Vt", "Vt2", "option", "S", "Q", "L", "R", "opcode");

    /** Memory rows with a field {@link #memoryRow} does not know, warned about once each. */
    private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private void memoryRow(Row row, int w, Group g) {
        for (Row.Field f : row.fields) {
            if (!MEMORY_FIELDS.contains(f.name) && WARNED.add(row.name + "/" + f.name)) {
                System.out.println("difftest: memory row \"" + row.name + "\" has field " + f.name + ", which the "
                        + "generator does not know: if it moves the address, accesses may leave the scratch area");
            }
        }
        if (!has(row, "Rn")) {
            if (!has(row, "imm19")) throw new IllegalStateException(row.name + ": a memory row without Rn or imm19");
            int target;
            boolean misalign = rnd.nextInt(1000) < FAULT_PER_MILLE;
            do {
                target = rnd.nextInt(codeWords - 8);
            } while (((codeVa + 4L * target) & 15) != (misalign ? 4 + 4 * rnd.nextInt(3) : 0));
            g.row(row, labels.get(row), w);
            g.fixups.add(new int[] {FIX_ROW_LITERAL, g.words.size() - 1, target});
            return;
        }
        for (int tries = 0; tries < 100; tries++) {
            int rn = rnd.nextInt(28);
            int x = setField(row, w, "Rn", rn);
            long lo = 0, hi = 0;                       // range of offsets from the base
            if (has(row, "imm12")) {
                x = setField(row, x, "imm12", rnd.nextInt(128));
                hi = Math.max(hi, (long) row.field(x, "imm12") << 4);
            }
            if (has(row, "imm9")) {
                if (chance(85)) x = setField(row, x, "imm9", row.field(x, "imm9") & ~15);
                long v = (long) row.field(x, "imm9") << 55 >> 55;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (has(row, "imm7")) {
                long v = ((long) row.field(x, "imm7") << 57 >> 57) * 16;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            int rm = -1;
            long rmValue = 0;
            if (has(row, "Rm")) {
                rm = chance(20) ? 31 : anyExcept(rn, 28, 29, 30, 31);
                x = setField(row, x, "Rm", rm);
                if (has(row, "option")) {
                    boolean scaled = has(row, "S") && row.field(x, "S") == 1;
                    rmValue = scaled ? rnd.nextInt(16) : 16L * rnd.nextInt(16);
                    if (rm != 31) hi = Math.max(hi, rmValue << 4);
                } else {
                    rmValue = chance(50) ? 16L * (rnd.nextInt(64) - 32) : indexValue();
                }
            }
            if (!decodesTo(row, x)) continue;
            long base;
            int fault = rnd.nextInt(1000) < FAULT_PER_MILLE ? 1 + rnd.nextInt(3) : 0;
            long span = SCRATCH_SIZE - MAX_ACCESS - 16 - (hi - lo);
            if (span < 16) continue;
            base = scratchVa - lo + 16 * rnd.nextLong(span / 16);
            if (fault == 1) base += 1 + rnd.nextInt(15);                        // misaligned
            else if (fault == 2) base |= 1L << (44 + rnd.nextInt(20));          // above the PA size
            else if (fault == 3) base = UNMAPPED + 0x10000 + 16L * rnd.nextInt(1 << 12);   // unmapped
            if (rm >= 0 && rm != 31) g.setup(A64Asm.mov64(rm, rmValue));
            if (fault == 0 && (row.flags() & Row.RN_SP) != 0 && rm != 27 && rm != 28 && chance(SP_BASE_PERCENT)) {
                // SP as the base (Rn = 31), 16-byte aligned and at least 64 bytes into the scratch
                // area (an exception handler pushes 48 bytes below it), inside the usual bracket.
                base = Math.max(base & ~15L, scratchVa + 64);
                if (base - scratchVa + hi + MAX_ACCESS > SCRATCH_SIZE) continue;
                x = setField(row, x, "Rn", 31);
                if (!decodesTo(row, x)) continue;
                g.setup(movSp(SP_SAVE, 31));
                g.setup(A64Asm.mov64(27, base));
                g.setup(movSp(31, 27));
                g.row(row, labels.get(row), x);
                g.setup(movSp(31, SP_SAVE));
                return;
            }
            g.setup(A64Asm.mov64(rn, base));
            g.row(row, labels.get(row), x);
            return;
        }
        g.setup(A64Asm.NOP);
    }
}
