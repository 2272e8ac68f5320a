package dev.jaffa.interp.simd;

import dev.jaffa.interp.Cpu;


/**
 * Access to the SIMD&FP registers in {@link Cpu#v} (V[n] = {@code v[2n]} low half, {@code
 * v[2n+1]} high half) by element. Element sizes are given as {@code sz} = log2(bytes): 0 = B,
 * 1 = H, 2 = S, 3 = D. Writes of a scalar or a 64-bit vector zero the rest of the 128-bit register,
 * as every AArch64 SIMD&FP write of less than 128 bits does.
 */
public final class Vreg {
    private Vreg() {}

    public static long lo(Cpu c, int n) { return c.v[2 * n]; }

    public static long hi(Cpu c, int n) { return c.v[2 * n + 1]; }

    /** Writes all 128 bits. */
    public static void setQ(Cpu c, int n, long lo, long hi) { c.v[2 * n] = lo; c.v[2 * n + 1] = hi; }

    /** Writes the low 64 bits and zeroes the rest (D register, 64-bit vector). */
    public static void setD(Cpu c, int n, long lo) { c.v[2 * n] = lo; c.v[2 * n + 1] = 0; }

    /** Writes {@code datasize} (64 or 128) bits: a 64-bit write zeroes the high half. */
    public static void set(Cpu c, int n, boolean q, long lo, long hi) { c.v[2 * n] = lo; c.v[2 * n + 1] = q ? hi : 0; }

    /** Writes a scalar of element size {@code sz}, zeroing the rest of the register. */
    public static void setScalar(Cpu c, int n, int sz, long v) { c.v[2 * n] = v & mask(sz); c.v[2 * n + 1] = 0; }

    /** The low {@code sz}-sized element, zero-extended (a scalar operand). */
    public static long scalar(Cpu c, int n, int sz) { return c.v[2 * n] & mask(sz); }

    /** All-ones in the low 8 << sz bits. */
    public static long mask(int sz) { return sz == 3 ? -1L : (1L << (8 << sz)) - 1; }

    /** Element {@code e} of size {@code sz} of V[n], zero-extended. */
    public static long elem(Cpu c, int n, int e, int sz) {
        int bit = e << (3 + sz);
        long w = c.v[2 * n + (bit >>> 6)];
        return (w >>> (bit & 63)) & mask(sz);
    }

    /** Element {@code e} of size {@code sz} of V[n], sign-extended. */
    public static long selem(Cpu c, int n, int e, int sz) {
        int bits = 8 << sz;
        return elem(c, n, e, sz) << (64 - bits) >> (64 - bits);
    }

    /** Sets element {@code e} of V[n] in place; the other bits are unchanged. */
    public static void setElem(Cpu c, int n, int e, int sz, long v) {
        int bit = e << (3 + sz);
        int i = 2 * n + (bit >>> 6);
        long m = mask(sz) << (bit & 63);
        c.v[i] = (c.v[i] & ~m) | ((v << (bit & 63)) & m);
    }

    // ---- elements of a 128-bit value held as two longs (for results built before writing) ----

    /** Element {@code e} of size {@code sz} of (lo, hi), zero-extended. */
    public static long elem(long lo, long hi, int e, int sz) {
        int bit = e << (3 + sz);
        long w = bit < 64 ? lo : hi;
        return (w >>> (bit & 63)) & mask(sz);
    }

    /** Sign-extends the low 8 << sz bits of {@code v}. */
    public static long sext(long v, int sz) {
        int bits = 8 << sz;
        return v << (64 - bits) >> (64 - bits);
    }

    /** {@code word} with the element at bit (e << (3 + sz)) & 63 replaced by v: for one half. */
    public static long insert(long word, int e, int sz, long v) {
        int bit = (e << (3 + sz)) & 63;
        long m = mask(sz) << bit;
        return (word & ~m) | ((v << bit) & m);
    }
}
