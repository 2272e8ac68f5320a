package dev.jaffa.tests.difftest;

import dev.jaffa.interp.Insn;

/**
 * A generated instruction sequence for the harness code area. Every word is either set-up code
 * (MOVZ/MOVK/ADR that prepares addresses, not counted) or a generated instruction drawn from the
 * encoding table, whose form is recorded for coverage counts and reports.
 */
final class Program {
    final int[] words;
    /** The form of each generated instruction, or null for set-up words. */
    final Insn[] forms;

    Program(int[] words, Insn[] forms) {
        this.words = words;
        this.forms = forms;
    }

    int length() { return words.length; }

    /** Number of generated (counted) instructions. */
    int generatedCount() {
        int n = 0;
        for (Insn f : forms) if (f != null) n++;
        return n;
    }

    /** This program with every word from {@code k} on replaced by a NOP. */
    Program prefix(int k) {
        int[] w = words.clone();
        Insn[] f = forms.clone();
        for (int i = k; i < w.length; i++) { w[i] = A64Asm.NOP; f[i] = null; }
        return new Program(w, f);
    }
}
