package dev.jaffa.spmc;

import java.util.Arrays;

/**
 * A map from long keys to non-zero long values without boxing (0 reads as absent): open
 * addressing with linear probing and backward-shift deletion. A partition's page index is looked
 * up on every FF-A call that passes a VA (RX/TX buffers, memory transactions), and
 * {@code HashMap<Long, Long>} boxed both and, with page-aligned keys, hashed them into trees.
 */
final class LongLongMap {
    private long[] keys = new long[16], values = new long[16];
    private int size;

    private static int hash(long key, int mask) {
        return (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> 40) & mask;
    }

    int size() { return size; }

    /** The value of {@code key}, or 0. */
    long get(long key) {
        long[] k = keys, v = values;
        int mask = k.length - 1;
        for (int i = hash(key, mask); ; i = (i + 1) & mask) {
            if (v[i] == 0) return 0;
            if (k[i] == key) return v[i];
        }
    }

    /** Sets {@code key} to {@code value} (non-zero). */
    void put(long key, long value) {
        if (value == 0) throw new IllegalArgumentException("0 is absence");
        int mask = keys.length - 1;
        for (int i = hash(key, mask); ; i = (i + 1) & mask) {
            if (values[i] == 0) break;
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
        if (2 * (size + 1) > keys.length) grow();
        insert(keys, values, key, value);
        size++;
    }

    private static void insert(long[] k, long[] v, long key, long value) {
        int mask = k.length - 1;
        int i = hash(key, mask);
        while (v[i] != 0) i = (i + 1) & mask;
        k[i] = key;
        v[i] = value;
    }

    private void grow() {
        long[] k = new long[2 * keys.length], v = new long[2 * keys.length];
        for (int i = 0; i < keys.length; i++) if (values[i] != 0) insert(k, v, keys[i], values[i]);
        keys = k;
        values = v;
    }

    /** Removes {@code key}; returns its value, or 0 if it had none. */
    long remove(long key) {
        long[] k = keys, v = values;
        int mask = k.length - 1;
        int i = hash(key, mask);
        while (true) {
            if (v[i] == 0) return 0;
            if (k[i] == key) break;
            i = (i + 1) & mask;
        }
        long old = v[i];
        // Backward shift: pull later entries of the probe run into the hole, so lookups stay correct.
        for (int j = (i + 1) & mask; v[j] != 0; j = (j + 1) & mask) {
            int home = hash(k[j], mask);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                k[i] = k[j];
                v[i] = v[j];
                i = j;
            }
        }
        k[i] = 0;
        v[i] = 0;
        size--;
        return old;
    }

    void clear() {
        Arrays.fill(keys, 0);
        Arrays.fill(values, 0);
        size = 0;
    }

    /** Every entry, sorted by key (for checks and snapshots: not a hot path). */
    java.util.TreeMap<Long, Long> toSortedMap() {
        java.util.TreeMap<Long, Long> m = new java.util.TreeMap<>();
        for (int i = 0; i < keys.length; i++) if (values[i] != 0) m.put(keys[i], values[i]);
        return m;
    }
}
