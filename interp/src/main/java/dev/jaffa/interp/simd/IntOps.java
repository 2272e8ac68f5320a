package dev.jaffa.interp.simd;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.fp.FPCore;

/**
 * Element semantics and loops of the Advanced SIMD integer instructions ({@link SimdIntRows}).
 *
 * <p>Element sizes are {@code sz} = log2(bytes) (0 = B .. 3 = D). Element values travel as
 * {@code long}s, zero-extended from the register unless a comment says sign-extended; results are
 * returned untruncated and masked to the element by the caller. Saturation sets FPSR.QC in place
 * ({@link #sat}). The loops read every operand into locals before they write the destination, so
 * Vd may equal Vn or Vm. Nothing here allocates.
 */
final class IntOps {
    private IntOps() {}

    // ---- "three same" element operations (same()) ----
    static final int SHADD = 0, UHADD = 1, SRHADD = 2, URHADD = 3, SHSUB = 4, UHSUB = 5, SQADD = 6, UQADD = 7,
            SQSUB = 8, UQSUB = 9, CMGT = 10, CMHI = 11, CMGE = 12, CMHS = 13, SSHL = 14, USHL = 15, SQSHL = 16,
            UQSHL = 17, SRSHL = 18, URSHL = 19, SQRSHL = 20, UQRSHL = 21, SMAX = 22, UMAX = 23, SMIN = 24, UMIN = 25,
            SABD = 26, UABD = 27, SABA = 28, UABA = 29, ADD = 30, SUB = 31, CMTST = 32, CMEQ = 33, MLA = 34, MLS = 35,
            MUL = 36, PMUL = 37, SQDMULH = 38, SQRDMULH = 39;

    // ---- one-operand element operations (unary()) ----
    static final int SUQADD = 0, USQADD = 1, CLS = 2, CLZ = 3, SQABS = 4, SQNEG = 5, ABS = 6, NEG = 7, CMGT0 = 8,
            CMEQ0 = 9, CMLT0 = 10, CMGE0 = 11, CMLE0 = 12;

    // ---- long (double-width result) element operations (lng()) ----
    static final int L_ADD = 0, L_SUB = 1, L_ABA = 2, L_ABD = 3, L_MLA = 4, L_MLS = 5, L_MUL = 6, L_QDMLAL = 7,
            L_QDMLSL = 8, L_QDMULL = 9;

    // ---- narrowing (narrow()) ----
    static final int XTN = 0, SQXTN = 1, SQXTUN = 2, UQXTN = 3;

    /** FPSR.QC = 1: a saturating operation saturated. */
    static void sat(Cpu c) { c.fpsr |= FPCore.QC; }

    static long mask(int sz) { return Vreg.mask(sz); }

    static long sext(long v, int sz) { return Vreg.sext(v, sz); }

    /** {@code v} (the low 8 << sz bits) extended: zero when {@code u}, else sign. */
    static long ext(long v, int sz, boolean u) { return u ? v & mask(sz) : sext(v, sz); }

    /** SignedSatQ(v, 8 << sz) for sz < 3 (v any long); sz = 3 returns v. */
    static long satS(Cpu c, long v, int sz) {
        if (sz == 3) return v;
        long max = (1L << ((8 << sz) - 1)) - 1;
        if (v > max) { sat(c); return max; }
        if (v < ~max) { sat(c); return ~max; }
        return v;
    }

    /** UnsignedSatQ(v, 8 << sz) for sz < 3, v a signed long. */
    static long satU(Cpu c, long v, int sz) {
        long max = (1L << (8 << sz)) - 1;
        if (v > max) { sat(c); return max; }
        if (v < 0) { sat(c); return 0; }
        return v;
    }

    /** Signed saturating a + b; a, b sign-extended. */
    static long sqadd(Cpu c, long a, long b, int sz) {
        if (sz < 3) return satS(c, a + b, sz);
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) { sat(c); return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE; }
        return r;
    }

    /** Signed saturating a - b; a, b sign-extended. */
    static long sqsub(Cpu c, long a, long b, int sz) {
        if (sz < 3) return satS(c, a - b, sz);
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) { sat(c); return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE; }
        return r;
    }

    /** Unsigned saturating a + b; a, b zero-extended. */
    static long uqadd(Cpu c, long a, long b, int sz) {
        if (sz < 3) return satU(c, a + b, sz);
        long r = a + b;
        if (Long.compareUnsigned(r, a) < 0) { sat(c); return -1L; }
        return r;
    }

    /** Unsigned saturating a - b; a, b zero-extended. */
    static long uqsub(Cpu c, long a, long b, int sz) {
        if (Long.compareUnsigned(a, b) < 0) { sat(c); return 0; }
        return a - b;
    }

    /** SUQADD: SignedSatQ(SInt(acc) + UInt(x)); acc sign-extended, x zero-extended. */
    static long suqadd(Cpu c, long acc, long x, int sz) {
        if (sz < 3) return satS(c, acc + x, sz);
        long r = acc + x;
        if (x >= 0) {
            if (acc >= 0 && r < 0) { sat(c); return Long.MAX_VALUE; }
            return r;
        }
        // x >= 2^63: the true sum fits only when acc < 0 and the wrapped sum is non-negative.
        if (acc < 0 && r >= 0) return r;
        sat(c);
        return Long.MAX_VALUE;
    }

    /** USQADD: UnsignedSatQ(UInt(acc) + SInt(x)); acc zero-extended, x sign-extended. */
    static long usqadd(Cpu c, long acc, long x, int sz) {
        if (sz < 3) return satU(c, acc + x, sz);
        long r = acc + x;
        if (x >= 0) {
            if (Long.compareUnsigned(r, acc) < 0) { sat(c); return -1L; }
            return r;
        }
        if (Long.compareUnsigned(acc, -x) < 0) { sat(c); return 0; }
        return r;
    }

    /**
     * The register shifts SSHL, USHL, SRSHL, URSHL, SQSHL, UQSHL, SQRSHL, UQRSHL on one element:
     * x (zero-extended) shifted by SInt(y<7:0>), left when positive, right when negative
     * (arithmetic for signed), with the right shift rounded when {@code round} and the left shift
     * saturated when {@code satur} (Arm ARM: (Int(x) + round_const) << shift, unbounded).
     */
    static long shl(Cpu c, long x, long y, int sz, boolean u, boolean round, boolean satur) {
        int bits = 8 << sz;
        if (!u) x = sext(x, sz);
        int shift = (byte) y;
        if (shift < 0) {
            // (x + 2^(a-1)) >> a == (x >> a) + bit (a-1) of x; a right shift never saturates.
            int a = -shift;
            if (u) return (a >= 64 ? 0 : x >>> a) + (round && a <= 64 ? (x >>> (a - 1)) & 1 : 0);
            return (x >> Math.min(a, 63)) + (round ? (x >> Math.min(a - 1, 63)) & 1 : 0);
        }
        if (!satur) return shift >= 64 ? 0 : x << shift;
        if (x == 0) return 0;
        if (shift >= bits) {
            sat(c);
            if (u) return -1L;
            return x < 0 ? Long.MIN_VALUE >> (64 - bits) : Long.MAX_VALUE >>> (64 - bits);
        }
        if (bits < 64) return u ? satU(c, x << shift, sz) : satS(c, x << shift, sz);
        long r = x << shift;
        if (u) {
            if (shift > 0 && (x >>> (64 - shift)) != 0) { sat(c); return -1L; }
            return r;
        }
        if ((r >> shift) != x) { sat(c); return x < 0 ? Long.MIN_VALUE : Long.MAX_VALUE; }
        return r;
    }

    /** SQDMULH / SQRDMULH: SignedSatQ((2·a·b + (round ? 2^(esize-1) : 0)) >> esize); sz 1 or 2. */
    static long sqdmulh(Cpu c, long a, long b, int sz, boolean round) {
        int bits = 8 << sz;
        long p = a * b;                            // |p| <= 2^62: the doubling is folded into the shift
        long r = round ? (p + (1L << (bits - 2))) >> (bits - 1) : p >> (bits - 1);
        return satS(c, r, sz);
    }

    /** SQDMULL: SignedSatQ(2·a·b, 2·esize); a, b sign-extended, sz 1 or 2. */
    static long sqdmull(Cpu c, long a, long b, int sz) {
        long p = a * b;
        int wide = 16 << sz;
        if (p == 1L << (wide - 2)) { sat(c); return wide == 64 ? Long.MAX_VALUE : (1L << (wide - 1)) - 1; }  // only MIN·MIN
        return p << 1;
    }

    /** Polynomial (carry-less) multiply of two bytes, low 8 bits. */
    static long pmul8(long x, long y) {
        long r = 0;
        for (int b = 0; b < 8; b++) if ((y >>> b & 1) != 0) r ^= x << b;
        return r & 0xFF;
    }

    /** One element of a "three same" operation; x, y, z (the old Vd element) zero-extended. */
    static long same(Cpu c, int op, int sz, long x, long y, long z) {
        switch (op) {
            case SHADD: return (sext(x, sz) + sext(y, sz)) >> 1;
            case UHADD: return (x + y) >>> 1;
            case SRHADD: return (sext(x, sz) + sext(y, sz) + 1) >> 1;
            case URHADD: return (x + y + 1) >>> 1;
            case SHSUB: return (sext(x, sz) - sext(y, sz)) >> 1;
            case UHSUB: return (x - y) >> 1;
            case SQADD: return sqadd(c, sext(x, sz), sext(y, sz), sz);
            case UQADD: return uqadd(c, x, y, sz);
            case SQSUB: return sqsub(c, sext(x, sz), sext(y, sz), sz);
            case UQSUB: return uqsub(c, x, y, sz);
            case CMGT: return sext(x, sz) > sext(y, sz) ? -1L : 0;
            case CMHI: return Long.compareUnsigned(x, y) > 0 ? -1L : 0;
            case CMGE: return sext(x, sz) >= sext(y, sz) ? -1L : 0;
            case CMHS: return Long.compareUnsigned(x, y) >= 0 ? -1L : 0;
            case SSHL: return shl(c, x, y, sz, false, false, false);
            case USHL: return shl(c, x, y, sz, true, false, false);
            case SQSHL: return shl(c, x, y, sz, false, false, true);
            case UQSHL: return shl(c, x, y, sz, true, false, true);
            case SRSHL: return shl(c, x, y, sz, false, true, false);
            case URSHL: return shl(c, x, y, sz, true, true, false);
            case SQRSHL: return shl(c, x, y, sz, false, true, true);
            case UQRSHL: return shl(c, x, y, sz, true, true, true);
            case SMAX: return Math.max(sext(x, sz), sext(y, sz));
            case UMAX: return Math.max(x, y);
            case SMIN: return Math.min(sext(x, sz), sext(y, sz));
            case UMIN: return Math.min(x, y);
            case SABD: return Math.abs(sext(x, sz) - sext(y, sz));
            case UABD: return Math.abs(x - y);
            case SABA: return z + Math.abs(sext(x, sz) - sext(y, sz));
            case UABA: return z + Math.abs(x - y);
            case ADD: return x + y;
            case SUB: return x - y;
            case CMTST: return (x & y) != 0 ? -1L : 0;
            case CMEQ: return x == y ? -1L : 0;
            case MLA: return z + x * y;
            case MLS: return z - x * y;
            case MUL: return x * y;
            case PMUL: return pmul8(x, y);
            case SQDMULH: return sqdmulh(c, sext(x, sz), sext(y, sz), sz, false);
            case SQRDMULH: return sqdmulh(c, sext(x, sz), sext(y, sz), sz, true);
            default: throw new IllegalStateException();
        }
    }

    /** One element of a one-operand operation; x the Vn element, z the old Vd element, zero-extended. */
    static long unary(Cpu c, int op, int sz, long x, long z) {
        switch (op) {
            case SUQADD: return suqadd(c, sext(z, sz), x, sz);
            case USQADD: return usqadd(c, z, sext(x, sz), sz);
            case CLS: { long s = sext(x, sz); return Long.numberOfLeadingZeros(s ^ (s >> 1)) - 65 + (8 << sz); }
            case CLZ: return Long.numberOfLeadingZeros(x) - (64 - (8 << sz));
            case SQABS: { long s = sext(x, sz); if (s == sext(1L << ((8 << sz) - 1), sz)) { sat(c); return ~s; } return Math.abs(s); }
            case SQNEG: { long s = sext(x, sz); if (s == sext(1L << ((8 << sz) - 1), sz)) { sat(c); return ~s; } return -s; }
            case ABS: return Math.abs(sext(x, sz));
            case NEG: return -x;
            case CMGT0: return sext(x, sz) > 0 ? -1L : 0;
            case CMEQ0: return x == 0 ? -1L : 0;
            case CMLT0: return sext(x, sz) < 0 ? -1L : 0;
            case CMGE0: return sext(x, sz) >= 0 ? -1L : 0;
            case CMLE0: return sext(x, sz) <= 0 ? -1L : 0;
            default: throw new IllegalStateException();
        }
    }

    /**
     * One element of a long operation (result of size sz + 1): x, y the (extended) narrow
     * operands, or for the wide forms x the wide element; acc the old Vd element (zero-extended).
     */
    static long lng(Cpu c, int op, int sz, long x, long y, long acc) {
        switch (op) {
            case L_ADD: return x + y;
            case L_SUB: return x - y;
            case L_ABA: return acc + Math.abs(x - y);
            case L_ABD: return Math.abs(x - y);
            case L_MLA: return acc + x * y;
            case L_MLS: return acc - x * y;
            case L_MUL: return x * y;
            case L_QDMLAL: { long p = sqdmull(c, x, y, sz); return sqadd(c, sext(acc, sz + 1), p, sz + 1); }
            case L_QDMLSL: { long p = sqdmull(c, x, y, sz); return sqsub(c, sext(acc, sz + 1), p, sz + 1); }
            case L_QDMULL: return sqdmull(c, x, y, sz);
            default: throw new IllegalStateException();
        }
    }

    /** Narrows the element x of size sz + 1 (zero-extended) to size sz. */
    static long narrow(Cpu c, int op, int sz, long x) {
        switch (op) {
            case XTN: return x;
            case SQXTN: return satS(c, sext(x, sz + 1), sz);
            case SQXTUN: {
                long s = sext(x, sz + 1);
                long max = mask(sz);
                if (s < 0) { sat(c); return 0; }
                if (s > max) { sat(c); return max; }
                return s;
            }
            case UQXTN: {
                long max = mask(sz);
                if (Long.compareUnsigned(x, max) > 0) { sat(c); return max; }
                return x;
            }
            default: throw new IllegalStateException();
        }
    }

    // ---------------------------------------------------------------- loops

    /** Applies {@link #same} to each element of one 64-bit half. */
    static long sameHalf(Cpu c, int op, int sz, long a, long b, long acc) {
        int bits = 8 << sz;
        long m = mask(sz), r = 0;
        for (int sh = 0; sh < 64; sh += bits) r |= (same(c, op, sz, a >>> sh & m, b >>> sh & m, acc >>> sh & m) & m) << sh;
        return r;
    }

    /** Advanced SIMD three same (vector). */
    static void sameVector(Cpu c, int i, int op) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        long rlo = sameHalf(c, op, sz, Vreg.lo(c, n), Vreg.lo(c, m), Vreg.lo(c, d));
        long rhi = q ? sameHalf(c, op, sz, Vreg.hi(c, n), Vreg.hi(c, m), Vreg.hi(c, d)) : 0;
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** Advanced SIMD scalar three same. */
    static void sameScalar(Cpu c, int i, int op) {
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        long r = same(c, op, sz, Vreg.scalar(c, n, sz), Vreg.scalar(c, m, sz), Vreg.scalar(c, d, sz));
        Vreg.setScalar(c, d, sz, r);
    }

    /** {@link #same} on the adjacent pairs of the 128 bits (lo, hi), giving 64 bits. */
    static long pairHalf(Cpu c, int op, int sz, long lo, long hi) {
        if (sz == 3) return same(c, op, sz, lo, hi, 0);
        int bits = 8 << sz;
        long m = mask(sz), r = 0;
        int sh = 0;
        for (int s = 0; s < 64; s += 2 * bits, sh += bits) r |= (same(c, op, sz, lo >>> s & m, lo >>> (s + bits) & m, 0) & m) << sh;
        for (int s = 0; s < 64; s += 2 * bits, sh += bits) r |= (same(c, op, sz, hi >>> s & m, hi >>> (s + bits) & m, 0) & m) << sh;
        return r;
    }

    /** Pairwise three same (ADDP, SMAXP, ...): the pairs of Vm:Vn (Vn the low part). */
    static void pairVector(Cpu c, int i, int op) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        long rlo, rhi;
        if (q) {
            rlo = pairHalf(c, op, sz, Vreg.lo(c, n), Vreg.hi(c, n));
            rhi = pairHalf(c, op, sz, Vreg.lo(c, m), Vreg.hi(c, m));
        } else {
            rlo = pairHalf(c, op, sz, Vreg.lo(c, n), Vreg.lo(c, m));
            rhi = 0;
        }
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** The element size sz value v copied into every lane of a 64-bit word. */
    static long dup(long v, int sz) {
        v &= mask(sz);
        switch (sz) {
            case 0: return v * 0x0101010101010101L;
            case 1: return v * 0x0001000100010001L;
            case 2: return v * 0x0000000100000001L;
            default: return v;
        }
    }

    /** Register number of the indexed element's vector: Vm<3:0>, with M above it when size = 10. */
    static int idxReg(int i) { return ((i >>> 22) & 3) == 1 ? (i >>> 16) & 15 : (i >>> 16) & 31; }

    /** Index of the element: H:L:M for size = 01, H:L for size = 10. */
    static int idx(int i) {
        int h = (i >>> 11) & 1, l = (i >>> 21) & 1, mm = (i >>> 20) & 1;
        return ((i >>> 22) & 3) == 1 ? h << 2 | l << 1 | mm : h << 1 | l;
    }

    /** Vector x indexed element, same-size result (MUL, MLA, MLS, SQDMULH, SQRDMULH). */
    static void sameElement(Cpu c, int i, int op) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        long b = dup(Vreg.elem(c, idxReg(i), idx(i), sz), sz);
        long rlo = sameHalf(c, op, sz, Vreg.lo(c, n), b, Vreg.lo(c, d));
        long rhi = q ? sameHalf(c, op, sz, Vreg.hi(c, n), b, Vreg.hi(c, d)) : 0;
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** Scalar x indexed element, same size (SQDMULH, SQRDMULH). */
    static void sameElementScalar(Cpu c, int i, int op) {
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        long r = same(c, op, sz, Vreg.scalar(c, n, sz), Vreg.elem(c, idxReg(i), idx(i), sz), 0);
        Vreg.setScalar(c, d, sz, r);
    }

    /**
     * The long loop: Vd (2·esize elements) = op(x, y, Vd) where y comes from the narrow word
     * {@code mw} and x from the narrow word {@code nw} or, when {@code wide}, from (nlo, nhi).
     */
    static void longLoop(Cpu c, int d, int sz, int op, boolean u, boolean wide, long nw, long nlo, long nhi, long mw) {
        int bits = 8 << sz;
        long wm = mask(sz + 1), dlo = Vreg.lo(c, d), dhi = Vreg.hi(c, d), rlo = 0, rhi = 0;
        for (int e = 0, count = 64 / bits; e < count; e++) {
            int wb = 2 * bits * e;
            long acc = ((wb < 64 ? dlo : dhi) >>> (wb & 63)) & wm;
            long x = wide ? ext(((wb < 64 ? nlo : nhi) >>> (wb & 63)), sz + 1, u) : ext(nw >>> (bits * e), sz, u);
            long y = ext(mw >>> (bits * e), sz, u);
            long r = lng(c, op, sz, x, y, acc) & wm;
            if (wb < 64) rlo |= r << wb; else rhi |= r << (wb - 64);
        }
        Vreg.setQ(c, d, rlo, rhi);
    }

    /** Advanced SIMD three different, long and wide forms (Q selects the upper narrow halves). */
    static void longVector(Cpu c, int i, int op, boolean u, boolean wide) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        long nlo = Vreg.lo(c, n), nhi = Vreg.hi(c, n);
        longLoop(c, d, sz, op, u, wide, q ? nhi : nlo, nlo, nhi, q ? Vreg.hi(c, m) : Vreg.lo(c, m));
    }

    /** Vector x indexed element, long forms. */
    static void longElement(Cpu c, int i, int op, boolean u) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        long b = dup(Vreg.elem(c, idxReg(i), idx(i), sz), sz);
        longLoop(c, d, sz, op, u, false, q ? Vreg.hi(c, n) : Vreg.lo(c, n), 0, 0, b);
    }

    /** Scalar three different (SQDMLAL, SQDMLSL, SQDMULL). */
    static void longScalar(Cpu c, int i, int op) {
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        long r = lng(c, op, sz, sext(Vreg.scalar(c, n, sz), sz), sext(Vreg.scalar(c, m, sz), sz), Vreg.scalar(c, d, sz + 1));
        Vreg.setScalar(c, d, sz + 1, r);
    }

    /** Scalar x indexed element, long forms. */
    static void longElementScalar(Cpu c, int i, int op) {
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        long y = sext(Vreg.elem(c, idxReg(i), idx(i), sz), sz);
        long r = lng(c, op, sz, sext(Vreg.scalar(c, n, sz), sz), y, Vreg.scalar(c, d, sz + 1));
        Vreg.setScalar(c, d, sz + 1, r);
    }

    /** ADDHN, RADDHN, SUBHN, RSUBHN: the high halves of the wide sums or differences. */
    static void highNarrow(Cpu c, int i, boolean sub, boolean round) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        int bits = 8 << sz;
        long nlo = Vreg.lo(c, n), nhi = Vreg.hi(c, n), mlo = Vreg.lo(c, m), mhi = Vreg.hi(c, m), wm = mask(sz + 1), r = 0;
        long rc = round ? 1L << (bits - 1) : 0;
        for (int e = 0, count = 64 / bits; e < count; e++) {
            int wb = 2 * bits * e;
            long x = ((wb < 64 ? nlo : nhi) >>> (wb & 63)) & wm, y = ((wb < 64 ? mlo : mhi) >>> (wb & 63)) & wm;
            long s = (sub ? x - y : x + y) + rc;
            r |= ((s >>> bits) & mask(sz)) << (bits * e);
        }
        if (q) Vreg.setQ(c, d, Vreg.lo(c, d), r); else Vreg.setD(c, d, r);
    }

    /** Applies {@link #unary} to each element of one 64-bit half. */
    static long unaryHalf(Cpu c, int op, int sz, long a, long acc) {
        int bits = 8 << sz;
        long m = mask(sz), r = 0;
        for (int sh = 0; sh < 64; sh += bits) r |= (unary(c, op, sz, a >>> sh & m, acc >>> sh & m) & m) << sh;
        return r;
    }

    /** Two-register miscellaneous (vector), element-wise. */
    static void unaryVector(Cpu c, int i, int op) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        long rlo = unaryHalf(c, op, sz, Vreg.lo(c, n), Vreg.lo(c, d));
        long rhi = q ? unaryHalf(c, op, sz, Vreg.hi(c, n), Vreg.hi(c, d)) : 0;
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** Scalar two-register miscellaneous. */
    static void unaryScalar(Cpu c, int i, int op) {
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        Vreg.setScalar(c, d, sz, unary(c, op, sz, Vreg.scalar(c, n, sz), Vreg.scalar(c, d, sz)));
    }

    /** Narrows the 128 bits (lo, hi) of sz + 1 elements to one 64-bit word of sz elements. */
    static long narrowWord(Cpu c, int op, int sz, long lo, long hi) {
        int bits = 8 << sz;
        long wm = mask(sz + 1), r = 0;
        for (int e = 0, count = 64 / bits; e < count; e++) {
            int wb = 2 * bits * e;
            r |= (narrow(c, op, sz, ((wb < 64 ? lo : hi) >>> (wb & 63)) & wm) & mask(sz)) << (bits * e);
        }
        return r;
    }

    /** XTN, SQXTN, SQXTUN, UQXTN (vector): Q writes the upper half and keeps the lower. */
    static void narrowVector(Cpu c, int i, int op) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        long r = narrowWord(c, op, sz, Vreg.lo(c, n), Vreg.hi(c, n));
        if (q) Vreg.setQ(c, d, Vreg.lo(c, d), r); else Vreg.setD(c, d, r);
    }

    /** SQXTN, SQXTUN, UQXTN (scalar). */
    static void narrowScalar(Cpu c, int i, int op) {
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        Vreg.setScalar(c, d, sz, narrow(c, op, sz, Vreg.scalar(c, n, sz + 1)));
    }

    /** SADDLP, UADDLP, SADALP, UADALP on one 64-bit half: pairs summed to sz + 1 elements. */
    static long addlpHalf(int sz, boolean u, long a, long acc) {
        int bits = 8 << sz;
        long wm = mask(sz + 1), r = 0;
        for (int s = 0; s < 64; s += 2 * bits) {
            long sum = ext(a >>> s, sz, u) + ext(a >>> (s + bits), sz, u) + (acc >>> s & wm);
            r |= (sum & wm) << s;
        }
        return r;
    }

    static void addlp(Cpu c, int i, boolean u, boolean acc) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        long alo = acc ? Vreg.lo(c, d) : 0, ahi = acc ? Vreg.hi(c, d) : 0;
        long rlo = addlpHalf(sz, u, Vreg.lo(c, n), alo);
        long rhi = q ? addlpHalf(sz, u, Vreg.hi(c, n), ahi) : 0;
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** SHLL, SHLL2: each narrow element shifted left by its size into a double-width element. */
    static void shll(Cpu c, int i) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        int bits = 8 << sz;
        long w = q ? Vreg.hi(c, n) : Vreg.lo(c, n), m = mask(sz), rlo = 0, rhi = 0;
        for (int e = 0, count = 64 / bits; e < count; e++) {
            int wb = 2 * bits * e;
            long r = (w >>> (bits * e) & m) << bits;
            if (wb < 64) rlo |= r << wb; else rhi |= r << (wb - 64);
        }
        Vreg.setQ(c, d, rlo, rhi);
    }

    /** Across lanes: 0 ADDV, 1 SMAXV, 2 UMAXV, 3 SMINV, 4 UMINV, 5 SADDLV, 6 UADDLV. */
    static void across(Cpu c, int i, int op) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        int count = (q ? 128 : 64) >>> (3 + sz);
        boolean u = op == 2 || op == 4 || op == 6;
        long lo = Vreg.lo(c, n), hi = Vreg.hi(c, n);
        long r = ext(lo, sz, u);
        for (int e = 1; e < count; e++) {
            long x = ext(Vreg.elem(lo, hi, e, sz), sz, u);
            switch (op) {
                case 1: case 2: r = Math.max(r, x); break;
                case 3: case 4: r = Math.min(r, x); break;
                default: r += x; break;
            }
        }
        Vreg.setScalar(c, d, op >= 5 ? sz + 1 : sz, r);
    }

    // ---------------------------------------------------------------- SWAR one-operand forms

    /** CNT: population count of each byte. */
    static long cnt(long x) {
        x = x - ((x >>> 1) & 0x5555555555555555L);
        x = (x & 0x3333333333333333L) + ((x >>> 2) & 0x3333333333333333L);
        return (x + (x >>> 4)) & 0x0F0F0F0F0F0F0F0FL;
    }

    /** RBIT (vector): bits reversed within each byte. */
    static long rbit(long x) { return Long.reverse(Long.reverseBytes(x)); }

    /** Swaps adjacent fields of {@code bits} bits (8, 16, 32) in a 64-bit word. */
    static long swap(long x, int bits) {
        long m = bits == 8 ? 0x00FF00FF00FF00FFL : bits == 16 ? 0x0000FFFF0000FFFFL : 0x00000000FFFFFFFFL;
        return ((x >>> bits) & m) | ((x & m) << bits);
    }

    /**
     * REV16/REV32/REV64: reverses the elements of size sz within containers of 8 << csz bits
     * (csz = 1, 2, 3 for REV16, REV32, REV64).
     */
    static long rev(long x, int sz, int csz) {
        for (int b = sz; b < csz; b++) x = swap(x, 8 << b);
        return x;
    }
}
