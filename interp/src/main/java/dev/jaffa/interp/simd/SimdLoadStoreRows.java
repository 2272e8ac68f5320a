package dev.jaffa.interp.simd;

import dev.jaffa.interp.isa.Row;

/** Loads and stores of SIMD\&FP registers. */
public final class SimdLoadStoreRows {
    private SimdLoadStoreRows() {}

    public static Row[] rows() {
        return new Row[] {
        };
    }
}
