package dev.jaffa.interp.fp;

import dev.jaffa.interp.isa.Row;

/** Scalar floating-point instructions (Arm ARM C4.1.6: "Data Processing -- Scalar Floating-Point and Advanced SIMD", the scalar FP classes). */
public final class FpScalarRows {
    private FpScalarRows() {}

    public static Row[] rows() {
        return new Row[] {
        };
    }
}
