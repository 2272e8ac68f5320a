package dev.jaffa.jit;

/**
 * What a translated region's exit code needs to know about its instruction slots (the hidden
 * class's class data): each slot's address and word, and the slot where its segment begins.
 */
public final class RegionInfo {
    final long[] pcs;
    final int[] words;
    final int[] segStart;
    final int segments;
    /** The semantics of the row-table instructions the region calls, as its static fields S0, S1, ... */
    public final dev.jaffa.interp.isa.Semantics[] semantics;

    RegionInfo(long[] pcs, int[] words, int[] segStart, int segments, dev.jaffa.interp.isa.Semantics[] semantics) {
        this.pcs = pcs;
        this.words = words;
        this.segStart = segStart;
        this.segments = segments;
        this.semantics = semantics;
    }
}
