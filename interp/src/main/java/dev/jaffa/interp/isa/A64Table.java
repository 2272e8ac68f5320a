package dev.jaffa.interp.isa;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.fp.FpScalarRows;
import dev.jaffa.interp.integer.DataProcessingImmRows;
import dev.jaffa.interp.integer.DataProcessingRegRows;
import dev.jaffa.interp.integer.LoadStoreRows;
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
 * (immediate), data processing (register), scalar FP, AdvSIMD integer, AdvSIMD FP, permutes and moves, SIMD&FP loads and stores, cryptography, exception generation and system) lists its rows
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
    private static final int KEY_BITS = 17;
    private static final int[] START = new int[(1 << KEY_BITS) + 1];
    private static final Row[] BUCKETED;
    /** Per bucket entry: whether the row has exclusions beyond the key bits to test at lookup. */
    private static final boolean[] CHECK_EXCLUSIONS;

    // The first level: bits 31..21 alone. Where they leave at most L1_MAX rows (integer code, whose
    // rows fix no bit in 15..10 but the four imm9 forms of a load or store in 11..10), the lookup scans that short list and tests bits 15..10 against a
    // 64-bit map per row, touching a few KB; only the other keys (SIMD&FP) go on to the 17-bit
    // buckets, whose 512 KB START table missed the cache on cold integer code (a Linux boot spent
    // 3% of the emulation thread in decode).
    private static final int L1_MAX = 4;
    /** Per bits 31..21: its list in L1_ROWS (from, to), or from = -1 for "use the 17-bit buckets". */
    private static final int[] L1_FROM = new int[1 << 11], L1_TO = new int[1 << 11];
    private static final Row[] L1_ROWS;
    /** Per L1 entry: bit b set when bits 15..10 = b agree with the row's fixed bits and exclusions on key bits. */
    private static final long[] L1_ALLOWED;
    private static final boolean[] L1_CHECK;

    static {
        List<Row> all = new ArrayList<>();
        all.addAll(Arrays.asList(DataProcessingImmRows.rows()));
        all.addAll(Arrays.asList(DataProcessingRegRows.rows()));
        all.addAll(Arrays.asList(LoadStoreRows.rows()));
        all.addAll(Arrays.asList(FpScalarRows.rows()));
        all.addAll(Arrays.asList(SimdIntRows.rows()));
        all.addAll(Arrays.asList(SimdFpRows.rows()));
        all.addAll(Arrays.asList(SimdPermuteRows.rows()));
        all.addAll(Arrays.asList(SimdLoadStoreRows.rows()));
        all.addAll(Arrays.asList(CryptoRows.rows()));
        all.addAll(Arrays.asList(SystemRows.rows()));
        ROWS = all.toArray(new Row[0]);
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
        BUCKETED = new Row[total];
        CHECK_EXCLUSIONS = new boolean[total];
        int[] fill = Arrays.copyOf(START, buckets);
        for (int r = 0; r < ROWS.length; r++) {
            for (int k : keysOf.get(r)) {
                CHECK_EXCLUSIONS[fill[k]] = residual[r];
                BUCKETED[fill[k]++] = ROWS[r];
            }
        }
        List<Row> l1Rows = new ArrayList<>();
        List<Long> l1Allowed = new ArrayList<>();
        List<Boolean> l1Check = new ArrayList<>();
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
            if (cand.size() > L1_MAX) { L1_FROM[k1] = -1; continue; }
            L1_FROM[k1] = l1Rows.size();
            for (int j = 0; j < cand.size(); j++) {
                l1Rows.add(ROWS[cand.get(j)]);
                l1Allowed.add(allowed.get(j));
                l1Check.add(residual[cand.get(j)]);
            }
            L1_TO[k1] = l1Rows.size();
        }
        L1_ROWS = l1Rows.toArray(new Row[0]);
        L1_ALLOWED = l1Allowed.stream().mapToLong(Long::longValue).toArray();
        L1_CHECK = new boolean[l1Check.size()];
        for (int j = 0; j < L1_CHECK.length; j++) L1_CHECK[j] = l1Check.get(j);
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
    public static Class<?>[] integerGroups() { return new Class<?>[] {DataProcessingImmRows.class, DataProcessingRegRows.class, LoadStoreRows.class, SystemRows.class}; }

    /** Every row, in table order. */
    public static Row[] rows() { return ROWS.clone(); }

    /** The row {@code insn} decodes to, or null (UNDEFINED). */
    public static Row decode(int insn) {
        int k1 = insn >>> 21, from = L1_FROM[k1];
        if (from >= 0) {
            int b = (insn >>> 10) & 63;
            for (int i = from, end = L1_TO[k1]; i < end; i++) {
                Row r = L1_ROWS[i];
                if ((L1_ALLOWED[i] >>> b & 1) != 0 && (insn & r.mask) == r.value && (!L1_CHECK[i] || r.matches(insn))) return r;
            }
            return null;
        }
        int k = key(insn);
        for (int i = START[k], end = START[k + 1]; i < end; i++) {
            Row r = BUCKETED[i];
            if ((insn & r.mask) == r.value && (!CHECK_EXCLUSIONS[i] || r.matches(insn))) return r;
        }
        return null;
    }

    /** Decodes and executes {@code insn}, or raises UNDEFINED. */
    public static void execute(Cpu c, int insn) {
        Row r = decode(insn);
        if (r == null) throw c.undefined();
        IntSemantics is = r.intSem;
        if (is != null) {            // integer rows: straight onto the CPU's operations
            is.exec(c.ops, insn);
            return;
        }
        if ((r.flags() & Row.FP) != 0) c.checkFpEnabled();
        r.sem.exec(c, insn);
    }
}
