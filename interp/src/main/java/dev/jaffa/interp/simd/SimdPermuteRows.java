package dev.jaffa.interp.simd;

import dev.jaffa.interp.isa.Row;

/** Advanced SIMD moves, permutes, table lookups, shifts by immediate and modified immediates. */
public final class SimdPermuteRows {
    private SimdPermuteRows() {}

    public static Row[] rows() {
        return new Row[] {
        };
    }
}
