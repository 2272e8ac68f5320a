package dev.jaffa.interp.isa;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.fp.FpScalarRows;
import dev.jaffa.interp.integer.BranchRows;
import dev.jaffa.interp.integer.DataProcessingImmRows;
import dev.jaffa.interp.integer.DataProcessingRegRows;
import dev.jaffa.interp.simd.CryptoRows;
import dev.jaffa.interp.simd.SimdFpRows;
import dev.jaffa.interp.simd.SimdIntRows;
import dev.jaffa.interp.simd.SimdLoadStoreRows;
import dev.jaffa.interp.simd.SimdPermuteRows;
import dev.jaffa.interp.system.SystemRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The instruction rows and their decoder. Each group (an Arm ARM chapter: data processing
 * (immediate), data processing (register), scalar FP, AdvSIMD integer, AdvSIMD FP, permutes and moves, SIMD&FP loads and stores, cryptography, branches, exception generation and system) lists its rows
 * in its own class; this table concatenates them in a fixed order, and the first row that {@link
 * Row#matches} a word decodes it.
 *
 * <p>Decoding: bits 31..21 and 15..10 of a word select a bucket listing, in table order, the rows
 * whose fixed bits agree with them and whose exclusions on those bits do not rule them out, so a
 * lookup tests one to a few rows, most without looking at their exclusions.
 */
public final class A64Table {
    private A64Table() {}

    private static final Row[] ROWS;
    private static final RowDispatch DISPATCH;
    private static final int KEY_BITS = 17;
    private static final int[] START = new int[(1 << KEY_BITS) + 1];
    /** The bucket entries, in table order per bucket: mask, value, and the row id (bit 31 set: test its exclusions). */
    private static final int[] BUCKETED;

    // The first level: bits 31..21 alone. Where they leave at most L1_MAX rows (integer code, whose
    // rows fix no bit in 15..10), the lookup scans that short list and tests bits 15..10 against a
    // 64-bit map per row, touching a few KB; only the other keys (SIMD&FP) go on to the 17-bit
    // buckets, whose 512 KB START table missed the cache on cold integer code (a Linux boot spent
    // 3% of the emulation thread in decode). Where bits 31..21 alone decide the row (one candidate
    // that fixes no other bit and excludes nothing: most integer rows), the entry is the row itself.
    private static final int L1_MAX = 3;
    /** L1 entry kinds (bits 31..30): the row id; a list (from << 8 | length); the 17-bit buckets. */
    private static final int L1_ROW = 0x4000_0000, L1_BUCKETS = 0x8000_0000;
    private static final int[] L1 = new int[1 << 11];
    /** The short lists: mask, value, row id (bit 31 set: test its exclusions), per entry. */
    private static final int[] L1_LIST;
    /** Per list entry: bit b set when bits 15..10 = b agree with the row's fixed bits and exclusions on key bits. */
    private static final long[] L1_ALLOWED;
    private static final int CHECK = 0x8000_0000;

    static {
        List<Row> all = new ArrayList<>();
        all.addAll(Arrays.asList(DataProcessingImmRows.rows()));
        all.addAll(Arrays.asList(DataProcessingRegRows.rows()));
        all.addAll(Arrays.asList(FpScalarRows.rows()));
        all.addAll(Arrays.asList(SimdIntRows.rows()));
        all.addAll(Arrays.asList(SimdFpRows.rows()));
        all.addAll(Arrays.asList(SimdPermuteRows.rows()));
        all.addAll(Arrays.asList(SimdLoadStoreRows.rows()));
        all.addAll(Arrays.asList(CryptoRows.rows()));
        all.addAll(Arrays.asList(BranchRows.rows()));
        all.addAll(Arrays.asList(SystemRows.rows()));
        ROWS = all.toArray(new Row[0]);
        DISPATCH = RowDispatch.generate(ROWS);
        // Per-bucket lists, built by enumerating each row's compatible keys. An exclusion that only
        // tests key bits is settled here: the row is left out of the buckets it excludes, and where
        // every exclusion of a row is of that kind (the bitmask, bitfield and move-wide rows) the
        // lookup tests only the fixed bits.
        int buckets = 1 << KEY_BITS;
        int keyBits = unkey(buckets - 1);
        int[] counts = new int[buckets];
        List<int[]> keysOf = new ArrayList<>();
        boolean[] residual = new boolean[ROWS.length];
        for (int r = 0; r < ROWS.length; r++) {
            Row row = ROWS[r];
            int km = key(row.mask), kv = key(row.value) & km;
            int free = ~km & (buckets - 1);
            int n = Integer.bitCount(free);
            int[] keys = new int[1 << n];
            int sub = 0, i = 0;
            do {
                int k = kv | sub;
                if (!excludedByKey(row, k, keyBits)) keys[i++] = k;
                sub = (sub - free) & free;
            } while (sub != 0);
            keys = Arrays.copyOf(keys, i);
            keysOf.add(keys);
            for (int k : keys) counts[k]++;
            for (int x = 0; x < row.exclusionCount(); x++) if ((row.exclusionMask(x) & ~keyBits) != 0) residual[r] = true;
        }
        int total = 0;
        for (int b = 0; b < buckets; b++) { START[b] = total; total += counts[b]; }
        START[buckets] = total;
        BUCKETED = new int[3 * total];
        int[] fill = Arrays.copyOf(START, buckets);
        for (int r = 0; r < ROWS.length; r++) {
            for (int k : keysOf.get(r)) {
                int e = 3 * fill[k]++;
                BUCKETED[e] = ROWS[r].mask;
                BUCKETED[e + 1] = ROWS[r].value;
                BUCKETED[e + 2] = r | (residual[r] ? CHECK : 0);
            }
        }
        int[] l1List = new int[3 * 64];
        long[] l1Allowed = new long[64];
        int l1n = 0;
        for (int k1 = 0; k1 < 1 << 11; k1++) {
            List<Integer> cand = new ArrayList<>();
            List<Long> allowed = new ArrayList<>();
            for (int r = 0; r < ROWS.length; r++) {
                Row row = ROWS[r];
                if (((k1 << 21 ^ row.value) & row.mask & 0xFFE0_0000) != 0) continue;
                long a = 0;
                for (int b = 0; b < 64; b++) {
                    int w = k1 << 21 | b << 10;
                    if (((w ^ row.value) & row.mask & keyBits) == 0 && !excludedByKey(row, key(w), keyBits)) a |= 1L << b;
                }
                if (a != 0) { cand.add(r); allowed.add(a); }
            }
            if (cand.size() > L1_MAX) { L1[k1] = L1_BUCKETS; continue; }
            if (cand.size() == 1 && allowed.get(0) == -1L && !residual[cand.get(0)] && (ROWS[cand.get(0)].mask & ~0xFFE0_0000) == 0) {
                L1[k1] = L1_ROW | cand.get(0);   // bits 31..21 decide: the row needs no test
                continue;
            }
            if (l1n + cand.size() > l1Allowed.length) {
                l1Allowed = Arrays.copyOf(l1Allowed, 2 * l1Allowed.length);
                l1List = Arrays.copyOf(l1List, 3 * l1Allowed.length);
            }
            L1[k1] = l1n << 8 | cand.size();
            for (int j = 0; j < cand.size(); j++, l1n++) {
                int r = cand.get(j);
                l1List[3 * l1n] = ROWS[r].mask;
                l1List[3 * l1n + 1] = ROWS[r].value;
                l1List[3 * l1n + 2] = r | (residual[r] ? CHECK : 0);
                l1Allowed[l1n] = allowed.get(j);
            }
        }
        L1_LIST = Arrays.copyOf(l1List, 3 * l1n);
        L1_ALLOWED = Arrays.copyOf(l1Allowed, l1n);
    }

    /** Whether an exclusion of {@code row} that tests only key bits rules out every word of key {@code k}. */
    private static boolean excludedByKey(Row row, int k, int keyBits) {
        int w = unkey(k);
        for (int x = 0; x < row.exclusionCount(); x++) {
            int m = row.exclusionMask(x);
            if ((m & ~keyBits) == 0 && (w & m) == row.exclusionValue(x)) return true;
        }
        return false;
    }

    /** The word bits of key {@code k} (the inverse of {@link #key} on bits 31..21 and 15..10). */
    private static int unkey(int k) { return (k >>> 6) << 21 | (k & 63) << 10; }

    private static int key(int insn) { return (insn >>> 21) << 6 | (insn >>> 10) & 63; }

    /** The group classes of the integer rows (each has a static {@code rows()}), for the JIT's copies of them. */
    public static Class<?>[] integerGroups() { return new Class<?>[] {DataProcessingImmRows.class, DataProcessingRegRows.class, BranchRows.class, SystemRows.class}; }

    /** Every row, in table order. */
    public static Row[] rows() { return ROWS.clone(); }

    /** The row {@code insn} decodes to, or null (UNDEFINED). */
    public static Row decode(int insn) {
        int id = decodeId(insn);
        return id < 0 ? null : ROWS[id];
    }

    /** The number (table order) of the row {@code insn} decodes to, or -1 (UNDEFINED). */
    public static int decodeId(int insn) {
        int e = L1[insn >>> 21];
        if (e >= 0) {
            if (e >= L1_ROW) return e - L1_ROW;
            int b = (insn >>> 10) & 63;
            for (int i = e >>> 8, end = i + (e & 0xFF); i < end; i++) {
                int id = L1_LIST[3 * i + 2];
                if ((L1_ALLOWED[i] >>> b & 1) != 0 && (insn & L1_LIST[3 * i]) == L1_LIST[3 * i + 1]
                        && (id >= 0 || ROWS[id & ~CHECK].matches(insn))) return id & ~CHECK;
            }
            return -1;
        }
        int k = key(insn);
        for (int i = START[k], end = START[k + 1]; i < end; i++) {
            int id = BUCKETED[3 * i + 2];
            if ((insn & BUCKETED[3 * i]) == BUCKETED[3 * i + 1] && (id >= 0 || ROWS[id & ~CHECK].matches(insn))) return id & ~CHECK;
        }
        return -1;
    }

    /** Decodes and executes {@code insn}, or raises UNDEFINED. */
    public static void execute(Cpu c, int insn) {
        int id = decodeId(insn);
        if (id < 0) throw c.undefined();
        DISPATCH.exec(c, insn, id);
    }
}
