package dev.jaffa.spmc;

import java.util.Arrays;

/**
 * A map from long keys to objects without boxing the keys: open addressing with linear probing
 * and backward-shift deletion. The live memory transactions are found by handle on every
 * FFA_MEM_RETRIEVE_REQ, RELINQUISH and RECLAIM.
 */
final class LongMap<V> {
    private long[] keys = new long[16];
    private Object[] values = new Object[16];
    private int size;

    private static int hash(long key, int mask) {
        return (int) ((key * 0x9E37_79B9_7F4A_7C15L) >>> 40) & mask;
    }

    int size() { return size; }

    boolean isEmpty() { return size == 0; }

    @SuppressWarnings("unchecked")
    V get(long key) {
        long[] k = keys;
        Object[] v = values;
        int mask = k.length - 1;
        for (int i = hash(key, mask); ; i = (i + 1) & mask) {
            if (v[i] == null) return null;
            if (k[i] == key) return (V) v[i];
        }
    }

    /** Sets {@code key} to {@code value} (not null). */
    void put(long key, V value) {
        if (value == null) throw new IllegalArgumentException("null is absence");
        int mask = keys.length - 1;
        for (int i = hash(key, mask); ; i = (i + 1) & mask) {
            if (values[i] == null) break;
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
        if (2 * (size + 1) > keys.length) grow();
        insert(keys, values, key, value);
        size++;
    }

    private static void insert(long[] k, Object[] v, long key, Object value) {
        int mask = k.length - 1;
        int i = hash(key, mask);
        while (v[i] != null) i = (i + 1) & mask;
        k[i] = key;
        v[i] = value;
    }

    private void grow() {
        long[] k = new long[2 * keys.length];
        Object[] v = new Object[2 * keys.length];
        for (int i = 0; i < keys.length; i++) if (values[i] != null) insert(k, v, keys[i], values[i]);
        keys = k;
        values = v;
    }

    /** Removes {@code key}; returns its value, or null. */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        long[] k = keys;
        Object[] v = values;
        int mask = k.length - 1;
        int i = hash(key, mask);
        while (true) {
            if (v[i] == null) return null;
            if (k[i] == key) break;
            i = (i + 1) & mask;
        }
        Object old = v[i];
        // Backward shift: pull later entries of the probe run into the hole, so lookups stay correct.
        for (int j = (i + 1) & mask; v[j] != null; j = (j + 1) & mask) {
            int home = hash(k[j], mask);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                k[i] = k[j];
                v[i] = v[j];
                i = j;
            }
        }
        k[i] = 0;
        v[i] = null;
        size--;
        return (V) old;
    }

    void clear() {
        Arrays.fill(keys, 0);
        Arrays.fill(values, null);
        size = 0;
    }

    /** Slots to walk with {@link #valueAt} (null where empty): iteration without an iterator. */
    int slots() { return keys.length; }

    @SuppressWarnings("unchecked")
    V valueAt(int slot) { return (V) values[slot]; }

    /** The keys, sorted (snapshots, digests: not a hot path). */
    long[] sortedKeys() {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) if (values[i] != null) out[n++] = keys[i];
        Arrays.sort(out);
        return out;
    }
}
