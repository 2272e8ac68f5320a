package dev.jaffa.jit;

import dev.jaffa.interp.Cpu;

/**
 * The last region exits of one CPU, from which {@link Cpu#recentPc} is filled in when something
 * reads it (a crash report, the lockstep test). Rebuilding the ring at every exit cost more than
 * the recorded exits: it is read almost never. Each exit ran at least one instruction, so the last
 * {@link Cpu#RECENT} exits cover the ring.
 */
final class RegionExits implements Cpu.DeferredRecentPcs {
    private static final int N = Cpu.RECENT;
    private final RegionInfo[] info = new RegionInfo[N];
    /**
     * Per exit, {@link #STRIDE} longs: xg and xj packed, the path history p1 and p2, the entry and
     * exit counts. One array rather than one per field: an exit loads one array reference instead
     * of six, and its bounds checks mostly fold (this runs at every region exit).
     */
    private final long[] exits = new long[N * STRIDE];
    private static final int STRIDE = 5;
    private int next, size;

    /** An exit after {@code exitCount - entryCount > 0} instructions (the arguments of {@link JitRuntime#leave}). */
    void record(RegionInfo r, int g, int j, long h1, long h2, long entry, long exit) {
        int k = next;
        // A reference store pays G1's post-write barrier (a fence when the card is clean): a seventh
        // of an FF-A round trip. A loop's exits keep meeting the same region in the same slot.
        if (info[k] != r) info[k] = r;
        long[] e = exits;
        int b = k * STRIDE;
        e[b + 4] = exit;   // the highest index first: its check covers the others' upper bounds
        e[b] = (long) g << 32 | (j & 0xFFFF_FFFFL);
        e[b + 1] = h1;
        e[b + 2] = h2;
        e[b + 3] = entry;
        next = (k + 1) & (N - 1);
        if (size < N) size++;
    }

    /**
     * Instruction counts of regions and of the interpreter never overlap, so writing each recorded
     * exit's instructions that fall in the last RECENT counts, in any order, leaves the interpreter's
     * own entries (for the other counts) in place.
     */
    @Override
    public void writeInto(Cpu c) {
        long windowStart = c.insnCount - Cpu.RECENT;
        for (int s = 0; s < size; s++) {
            int k = (next - 1 - s) & (N - 1), b = k * STRIDE;
            long n = exits[b + 4];
            long m = Math.min(n - exits[b + 3], n - windowStart);
            if (m > 0) {
                fill(c.recentPc, info[k], (int) (exits[b] >> 32), (int) exits[b], exits[b + 1], exits[b + 2], n,
                        (int) Math.min(m, Cpu.RECENT));
            }
            info[k] = null;
        }
        size = 0;
    }

    /**
     * Writes the last {@code m} instructions of a region run into the ring: the run executed
     * {@code xj} instructions ending before slot {@code xg}; before it, the path history {@code
     * p1} (most recent in the low byte) and {@code p2} holds, for each jump taken inside the
     * region, its slot + 1: a run from that slot's segment start up to the slot. {@code n} is the
     * instruction count at the exit.
     */
    private static void fill(long[] ring, RegionInfo r, int xg, int xj, long p1, long p2, long n, int m) {
        long[] pcs = r.pcs;
        int idx = (int) n - 1, t = 0;
        for (int q = xg - 1; t < m && q >= xg - xj; q--, t++, idx--) ring[idx & (Cpu.RECENT - 1)] = pcs[q];
        int[] seg = r.segStart;
        while (t < m) {
            int g = (int) (p1 & 0xFF) - 1;
            if (g < 0) {
                assert false : "JIT path history too short";
                break;
            }
            p1 = p1 >>> 8 | p2 << 56;
            p2 >>>= 8;
            for (int q = g, s = seg[g]; t < m && q >= s; q--, t++, idx--) ring[idx & (Cpu.RECENT - 1)] = pcs[q];
        }
    }
}
