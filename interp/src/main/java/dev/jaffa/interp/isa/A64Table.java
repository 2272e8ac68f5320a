package dev.jaffa.interp.isa;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.fp.FpScalarRows;
import dev.jaffa.interp.integer.DataProcessingImmRows;
import dev.jaffa.interp.simd.CryptoRows;
import dev.jaffa.interp.simd.SimdFpRows;
import dev.jaffa.interp.simd.SimdIntRows;
import dev.jaffa.interp.simd.SimdLoadStoreRows;
import dev.jaffa.interp.simd.SimdPermuteRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The instruction rows and their decoder. Each group (an Arm ARM chapter: data processing
 * (immediate), scalar FP, AdvSIMD integer, AdvSIMD FP, permutes and moves, SIMD&FP loads and stores, cryptography) lists its rows
 * in its own class; this table concatenates them in a fixed order, and the first row that {@link
 * Row#matches} a word decodes it.
 *
 * <p>Decoding: bits 31..21 and 15..10 of a word select a bucket listing, in table order, the rows
 * whose fixed bits agree with them, so a lookup tests one to a few rows.
 */
public final class A64Table {
    private A64Table() {}

    private static final Row[] ROWS;
    private static final int KEY_BITS = 17;
    private static final int[] START = new int[(1 << KEY_BITS) + 1];
    private static final Row[] BUCKETED;

    static {
        List<Row> all = new ArrayList<>();
        all.addAll(Arrays.asList(DataProcessingImmRows.rows()));
        all.addAll(Arrays.asList(FpScalarRows.rows()));
        all.addAll(Arrays.asList(SimdIntRows.rows()));
        all.addAll(Arrays.asList(SimdFpRows.rows()));
        all.addAll(Arrays.asList(SimdPermuteRows.rows()));
        all.addAll(Arrays.asList(SimdLoadStoreRows.rows()));
        all.addAll(Arrays.asList(CryptoRows.rows()));
        ROWS = all.toArray(new Row[0]);
        // Per-bucket lists, built by enumerating each row's compatible keys.
        int buckets = 1 << KEY_BITS;
        int[] counts = new int[buckets];
        List<int[]> keysOf = new ArrayList<>();
        for (Row r : ROWS) {
            int km = key(r.mask), kv = key(r.value) & km;
            int free = ~km & (buckets - 1);
            int n = Integer.bitCount(free);
            int[] keys = new int[1 << n];
            int sub = 0, i = 0;
            do { keys[i++] = kv | sub; sub = (sub - free) & free; } while (sub != 0);
            keysOf.add(keys);
            for (int k : keys) counts[k]++;
        }
        int total = 0;
        for (int b = 0; b < buckets; b++) { START[b] = total; total += counts[b]; }
        START[buckets] = total;
        BUCKETED = new Row[total];
        int[] fill = Arrays.copyOf(START, buckets);
        for (int r = 0; r < ROWS.length; r++) for (int k : keysOf.get(r)) BUCKETED[fill[k]++] = ROWS[r];
    }

    private static int key(int insn) { return (insn >>> 21) << 6 | (insn >>> 10) & 63; }

    /** Every row, in table order. */
    public static Row[] rows() { return ROWS.clone(); }

    /** The row {@code insn} decodes to, or null (UNDEFINED). */
    public static Row decode(int insn) {
        int k = key(insn);
        for (int i = START[k], end = START[k + 1]; i < end; i++) {
            Row r = BUCKETED[i];
            if (r.matches(insn)) return r;
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
