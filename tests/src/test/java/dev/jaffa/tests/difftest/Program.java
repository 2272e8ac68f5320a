package dev.jaffa.tests.difftest;

import dev.jaffa.interp.isa.Row;

/**
 * A generated instruction sequence for the harness code area. Every word is either set-up code
 * (MOVZ/MOVK/ADR that prepares addresses, not counted) or a generated instruction with a coverage
 * key in {@link #rowKeys}: drawn from a row of {@link dev.jaffa.interp.isa.A64Table} (recorded in
 * {@link #rows}), or a word of no row (random unallocated words, SIMD&FP words no row decodes).
 */
final class Program {
    final int[] words;
    /** The row each generated row word was drawn from, or null. */
    final Row[] rows;
    /**
     * The coverage key of each generated word: the row's name, or the name followed by
     * {@value #RESERVED} for a word with one of the row's reserved field values (which must be
     * UNDEFINED), or the category of a word of no row; null for set-up words.
     */
    final String[] rowKeys;

    static final String RESERVED = " [reserved]";

    Program(int[] words, Row[] rows, String[] rowKeys) {
        this.words = words;
        this.rows = rows;
        this.rowKeys = rowKeys;
    }

    int length() { return words.length; }

    /** Whether word {@code i} is a generated (counted) instruction rather than set-up code. */
    boolean generated(int i) { return rowKeys[i] != null; }

    /**
     * Whether word {@code i} is an instruction of a SIMD&FP row: drawn from a row and not one of its
     * reserved values (set-up, integer row, FPCR/FPSR and no-row words are not).
     */
    boolean rowInstruction(int i) {
        return rows[i] != null && (rows[i].flags() & Row.FP) != 0 && !rowKeys[i].endsWith(RESERVED);
    }

    /** Number of {@link #rowInstruction row instructions}. */
    int rowInstructionCount() {
        int n = 0;
        for (int i = 0; i < words.length; i++) if (rowInstruction(i)) n++;
        return n;
    }

    /** Number of generated (counted) instructions. */
    int generatedCount() {
        int n = 0;
        for (int i = 0; i < words.length; i++) if (generated(i)) n++;
        return n;
    }

    /** This program with every word from {@code k} on replaced by a NOP. */
    Program prefix(int k) {
        int[] w = words.clone();
        Row[] r = rows.clone();
        String[] rk = rowKeys.clone();
        for (int i = k; i < w.length; i++) { w[i] = A64Asm.NOP; r[i] = null; rk[i] = null; }
        return new Program(w, r, rk);
    }
}
