package dev.jaffa.interp.simd;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.isa.Row;

/** Advanced SIMD integer instructions (vector and scalar forms). */
public final class SimdIntRows {
    private SimdIntRows() {}

    public static Row[] rows() {
        return new Row[] {
            Row.of("ADD (vector)", "0 Q:1 0 01110 size:2 1 Vm:5 10000 1 Vn:5 Vd:5", "add {Vd.T}, {Vn.T}, {Vm.T}", SimdIntRows::addVector)
                .excluding("size:Q=110").flags(Row.FP).title("Add (vector)"),
        };
    }

    /** ADD (vector): lane-wise sum, modulo the element size. */
    static void addVector(Cpu c, int i) {
        boolean q = (i & 1 << 30) != 0;
        int size = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        long rlo = add(Vreg.lo(c, n), Vreg.lo(c, m), size);
        long rhi = q ? add(Vreg.hi(c, n), Vreg.hi(c, m), size) : 0;
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** Lane-wise 64-bit SWAR addition of elements of size 8 << sz. */
    static long add(long a, long b, int sz) {
        if (sz == 3) return a + b;
        long h = SWAR_HIGH[sz];
        return ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
    }

    /** The top bit of every lane, per element size. */
    static final long[] SWAR_HIGH = {0x8080808080808080L, 0x8000800080008000L, 0x8000000080000000L, 0x8000000000000000L};
}
