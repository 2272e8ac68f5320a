package dev.jaffa.interp.memory;

import java.util.Arrays;

/**
 * A set of page numbers (non-negative longs) without boxing: open addressing with linear probing
 * and backward-shift deletion. {@link #contains} is on the normal world's TLB-miss and DMA paths
 * once memory has been lent to partitions, so it allocates nothing.
 */
final class PageSet {
    private static final long EMPTY = -1;
    private long[] slots = newTable(16);
    private int size;

    private static long[] newTable(int n) {
        long[] t = new long[n];
        Arrays.fill(t, EMPTY);
        return t;
    }

    private static int hash(long page, int mask) {
        long h = page * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 40) & mask;
    }

    boolean isEmpty() { return size == 0; }

    boolean contains(long page) {
        long[] t = slots;
        int mask = t.length - 1;
        for (int i = hash(page, mask); ; i = (i + 1) & mask) {
            long s = t[i];
            if (s == page) return true;
            if (s == EMPTY) return false;
        }
    }

    void add(long page) {
        if (page < 0) throw new IllegalArgumentException("page number " + page);
        if (contains(page)) return;
        if (2 * (size + 1) > slots.length) grow();
        insert(slots, page);
        size++;
    }

    private static void insert(long[] t, long page) {
        int mask = t.length - 1;
        int i = hash(page, mask);
        while (t[i] != EMPTY) i = (i + 1) & mask;
        t[i] = page;
    }

    private void grow() {
        long[] t = newTable(2 * slots.length);
        for (long s : slots) if (s != EMPTY) insert(t, s);
        slots = t;
    }

    void remove(long page) {
        long[] t = slots;
        int mask = t.length - 1;
        int i = hash(page, mask);
        while (t[i] != page) {
            if (t[i] == EMPTY) return;
            i = (i + 1) & mask;
        }
        // Backward-shift: move later members of the probe run into the hole where they belong.
        int hole = i;
        for (int j = (i + 1) & mask; t[j] != EMPTY; j = (j + 1) & mask) {
            int home = hash(t[j], mask);
            // t[j] may move to the hole when its home is not cyclically in (hole, j].
            boolean between = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (!between) {
                t[hole] = t[j];
                hole = j;
            }
        }
        t[hole] = EMPTY;
        size--;
    }

    void clear() {
        Arrays.fill(slots, EMPTY);
        size = 0;
    }

    /** Equal when the members are (the probe layout depends on the order they came in). */
    @Override
    public boolean equals(Object o) {
        return o instanceof PageSet && Arrays.equals(toSortedArray(), ((PageSet) o).toSortedArray());
    }

    @Override
    public int hashCode() { return Arrays.hashCode(toSortedArray()); }

    @Override
    public String toString() { return Arrays.toString(toSortedArray()); }

    /** The members, sorted. */
    long[] toSortedArray() {
        long[] out = new long[size];
        int n = 0;
        for (long s : slots) if (s != EMPTY) out[n++] = s;
        Arrays.sort(out);
        return out;
    }
}
