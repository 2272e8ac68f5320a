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

    RegionInfo(long[] pcs, int[] words, int[] segStart, int segments) {
        this.pcs = pcs;
        this.words = words;
        this.segStart = segStart;
        this.segments = segments;
    }
}
