package dev.jaffa.interp.isa;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.fp.FpScalarRows;
import dev.jaffa.interp.integer.BranchRows;
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
 * (immediate), data processing (register), loads and stores of general registers, scalar FP, AdvSIMD integer, AdvSIMD FP, permutes and moves, SIMD&FP loads and stores, cryptography, branches, exception generation and system) lists its rows
 * in its own class; this table concatenates them in a fixed order, and the first row that {@link
 * Row#matches} a word decodes it.
 *
 * <p>Decoding, in two levels: bits 31..21 of a word select an entry that is either the row itself
 * (where those bits decide it: most integer instructions) or one of the 64-entry second-level
 * tables, indexed by bits 15..10. A second-level entry is the row itself, one row whose other fixed
 * bits and exclusions still have to be tested, or a short list of rows in table order (first match
 * wins). Identical second-level tables are shared, so the whole decoder is a few tens of KB.
 */
public final class A64Table {
    private A64Table() {}

    private static final Row[] ROWS;
    private static final RowDispatch DISPATCH;
    private static final int KEY_BITS = 17;
    /** First level (bits 31..21): {@code ROW | id}, or the offset of a second-level table in {@link #L2}. */
    private static final int[] L1 = new int[1 << 11];
    /** Second-level tables (bits 15..10): {@code id}; {@code VERIFY | id}; {@code LIST | from << 8 | length} in {@link #LIST_IDS}. */
    private static final int[] L2;
    private static final int ROW = 0x4000_0000, VERIFY = 0x4000_0000, LIST = 0x8000_0000;
    /** The lists of rows to test, in table order (ids). */
    private static final int[] LIST_IDS;
    /** Per row id: fixed bits, their values, and whether exclusions remain to test beyond the key bits. */
    private static final int[] MASK, VALUE;
    private static final boolean[] RESIDUAL;

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
        all.addAll(Arrays.asList(BranchRows.rows()));
        all.addAll(Arrays.asList(SystemRows.rows()));
        ROWS = all.toArray(new Row[0]);
        DISPATCH = RowDispatch.generate(ROWS);
        // Per-key candidate lists (key: bits 31..21 and 15..10), built by enumerating each row's
        // compatible keys. An exclusion that tests only key bits is settled here: the row is left
        // out of the keys it excludes, and where every exclusion of a row is of that kind (the
        // bitmask, bitfield and move-wide rows) the lookup tests only the fixed bits, or nothing.
        int keys = 1 << KEY_BITS;
        int keyBits = unkey(keys - 1);
        int n = ROWS.length;
        MASK = new int[n];
        VALUE = new int[n];
        RESIDUAL = new boolean[n];
        List<List<Integer>> cand = new ArrayList<>(keys);
        for (int k = 0; k < keys; k++) cand.add(null);
        for (int r = 0; r < n; r++) {
            Row row = ROWS[r];
            MASK[r] = row.mask;
            VALUE[r] = row.value;
            for (int x = 0; x < row.exclusionCount(); x++) if ((row.exclusionMask(x) & ~keyBits) != 0) RESIDUAL[r] = true;
            int km = key(row.mask), kv = key(row.value) & km;
            int free = ~km & (keys - 1), sub = 0;
            do {
                int k = kv | sub;
                if (!excludedByKey(row, k, keyBits)) {
                    if (cand.get(k) == null) cand.set(k, new ArrayList<>(2));
                    cand.get(k).add(r);
                }
                sub = (sub - free) & free;
            } while (sub != 0);
        }
        // A key whose one candidate fixes no bit outside the key and has nothing left to exclude
        // decodes to it without a test.
        int[] entry = new int[keys];
        List<Integer> lists = new ArrayList<>();
        java.util.Map<List<Integer>, Integer> listAt = new java.util.HashMap<>();
        for (int k = 0; k < keys; k++) {
            List<Integer> c = cand.get(k);
            if (c == null) c = List.of();
            if (c.size() == 1) {
                int r = c.get(0);
                entry[k] = (MASK[r] & ~keyBits) == 0 && !RESIDUAL[r] ? r : VERIFY | r;
                continue;
            }
            entry[k] = LIST | intern(c, lists, listAt) << 8 | c.size();
        }
        LIST_IDS = lists.stream().mapToInt(Integer::intValue).toArray();
        List<Integer> l2 = new ArrayList<>();
        java.util.Map<List<Integer>, Integer> tableAt = new java.util.HashMap<>();
        for (int k1 = 0; k1 < 1 << 11; k1++) {
            List<Integer> t = new ArrayList<>(64);
            for (int b = 0; b < 64; b++) t.add(entry[k1 << 6 | b]);
            int first = t.get(0);
            if (first >= 0 && first < VERIFY && t.stream().allMatch(e -> e == first)) {
                L1[k1] = ROW | first;   // bits 31..21 decide
                continue;
            }
            L1[k1] = intern(t, l2, tableAt);
        }
        L2 = l2.stream().mapToInt(Integer::intValue).toArray();
        if (decodeId(0) != -1) throw new ExceptionInInitializerError("word 0 (UDF #0) decodes to a row: the decode memo's initial entries would lie");
    }

    /** The offset of {@code content} in {@code pool}, appended the first time: identical contents are shared. */
    private static int intern(List<Integer> content, List<Integer> pool, java.util.Map<List<Integer>, Integer> at) {
        Integer from = at.get(content);
        if (from == null) {
            from = pool.size();
            pool.addAll(content);
            at.put(content, from);
        }
        return from;
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
    public static Class<?>[] integerGroups() { return new Class<?>[] {DataProcessingImmRows.class, DataProcessingRegRows.class, LoadStoreRows.class, BranchRows.class, SystemRows.class}; }

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
        if (e >= ROW) return e - ROW;
        e = L2[e + ((insn >>> 10) & 63)];
        if (e >= 0) {
            if (e < VERIFY) return e;
            int id = e - VERIFY;
            return (insn & MASK[id]) == VALUE[id] && (!RESIDUAL[id] || ROWS[id].matches(insn)) ? id : -1;
        }
        for (int i = (e >>> 8) & 0x7F_FFFF, end = i + (e & 0xFF); i < end; i++) {
            int id = LIST_IDS[i];
            if ((insn & MASK[id]) == VALUE[id] && (!RESIDUAL[id] || ROWS[id].matches(insn))) return id;
        }
        return -1;
    }

    /** Decodes and executes {@code insn}, or raises UNDEFINED. */
    public static void execute(Cpu c, int insn) {
        int id = decodeId(insn);
        if (id < 0) throw c.undefined();
        DISPATCH.exec(c, insn, id);
    }

    /** Entries of a CPU's decode memo ({@link #newDecodeMemo}): a power of two. */
    public static final int MEMO_ENTRIES = 1 << 13;

    /**
     * A new decode memo: entry {@code (pc >>> 2) & (MEMO_ENTRIES - 1)} holds the last word decoded
     * at such a PC with its row id ({@code word << 32 | id}). Every entry starts as word 0, which is
     * UDF (permanently UNDEFINED, id -1), so a fresh entry is a true one.
     */
    public static long[] newDecodeMemo() {
        long[] memo = new long[MEMO_ENTRIES];
        Arrays.fill(memo, UDF_ENTRY);
        return memo;
    }

    private static final long UDF_ENTRY = 0xFFFF_FFFFL;   // word 0, id -1

    /**
     * {@link #execute} for the word fetched at {@code pc}, through {@code c}'s decode memo. The
     * memo is keyed by the PC for locality but checked against the word itself, so it needs no
     * invalidation when code changes: decoding is a function of the word alone. Its entry and the
     * word are both loads that depend only on the PC, where the tables' lookups depend on the word
     * and on each other.
     */
    public static void execute(Cpu c, int insn, long pc) {
        long[] memo = c.decodeMemo;
        int k = (int) (pc >>> 2) & (MEMO_ENTRIES - 1);
        long e = memo[k];
        int id = (int) (e >>> 32) == insn ? (int) e : remember(memo, k, insn);
        if (id < 0) throw c.undefined();
        DISPATCH.exec(c, insn, id);
    }

    private static int remember(long[] memo, int k, int insn) {
        int id = decodeId(insn);
        memo[k] = (long) insn << 32 | (id & 0xFFFF_FFFFL);
        return id;
    }
}
