package dev.jaffa.interp.simd;

import dev.jaffa.interp.isa.Row;

/** Advanced SIMD floating-point instructions (vector, scalar-pairwise and by-element forms). */
public final class SimdFpRows {
    private SimdFpRows() {}

    public static Row[] rows() {
        return new Row[] {
        };
    }
}
