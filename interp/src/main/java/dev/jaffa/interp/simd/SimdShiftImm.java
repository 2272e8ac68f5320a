package dev.jaffa.interp.simd;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.fp.FPCore;
import dev.jaffa.interp.isa.Row;
import dev.jaffa.interp.isa.Semantics;
import java.util.List;

/**
 * Advanced SIMD shift by immediate and Advanced SIMD scalar shift by immediate. immh:immb gives
 * the element size (the highest set bit of immh) and the shift: right shifts by 2 * esize -
 * immh:immb (1 .. esize), left shifts by immh:immb - esize (0 .. esize - 1). The scalar class
 * (bit 28 set) allows only the forms the manual allows: doublewords for the plain shifts and
 * inserts, B/H/S/D for the saturating left shifts, B/H/S results from H/S/D for the saturating
 * narrows, S/D for the fixed-point conversions. Saturation sets FPSR.QC.
 */
final class SimdShiftImm {
    private SimdShiftImm() {}

    /** Row kinds: how immh:immb reads, which sizes exist, how the row prints. */
    static final int RIGHT = 0, LEFT = 1, QLEFT = 2, NARROW = 3, LONG = 4, FIXED = 5;

    static void addRows(List<Row> r) {
        // name, U, opcode, kind, has a scalar form, semantics, title
        shift(r, "SSHR", 0, "00000", RIGHT, true, SimdShiftImm::sshr, "Signed Shift Right (immediate)");
        shift(r, "SSRA", 0, "00010", RIGHT, true, SimdShiftImm::ssra, "Signed Shift Right and Accumulate (immediate)");
        shift(r, "SRSHR", 0, "00100", RIGHT, true, SimdShiftImm::srshr, "Signed Rounding Shift Right (immediate)");
        shift(r, "SRSRA", 0, "00110", RIGHT, true, SimdShiftImm::srsra, "Signed Rounding Shift Right and Accumulate (immediate)");
        shift(r, "SHL", 0, "01010", LEFT, true, SimdShiftImm::shl, "Shift Left (immediate)");
        shift(r, "SQSHL (immediate)", 0, "01110", QLEFT, true, SimdShiftImm::sqshl, "Signed saturating Shift Left (immediate)");
        shift(r, "SHRN, SHRN2", 0, "10000", NARROW, false, SimdShiftImm::shrn, "Shift Right Narrow (immediate)");
        shift(r, "RSHRN, RSHRN2", 0, "10001", NARROW, false, SimdShiftImm::rshrn, "Rounding Shift Right Narrow (immediate)");
        shift(r, "SQSHRN, SQSHRN2", 0, "10010", NARROW, true, SimdShiftImm::sqshrn, "Signed saturating Shift Right Narrow (immediate)");
        shift(r, "SQRSHRN, SQRSHRN2", 0, "10011", NARROW, true, SimdShiftImm::sqrshrn,
                "Signed saturating Rounded Shift Right Narrow (immediate)");
        shift(r, "SSHLL, SSHLL2", 0, "10100", LONG, false, SimdShiftImm::sshll, "Signed Shift Left Long (immediate)");
        shift(r, "SCVTF (vector, fixed-point)", 0, "11100", FIXED, true, SimdShiftImm::scvtf,
                "Signed fixed-point Convert to Floating-point (vector)");
        shift(r, "FCVTZS (vector, fixed-point)", 0, "11111", FIXED, true, SimdShiftImm::fcvtzs,
                "Floating-point Convert to Signed fixed-point, rounding toward Zero (vector)");
        shift(r, "USHR", 1, "00000", RIGHT, true, SimdShiftImm::ushr, "Unsigned Shift Right (immediate)");
        shift(r, "USRA", 1, "00010", RIGHT, true, SimdShiftImm::usra, "Unsigned Shift Right and Accumulate (immediate)");
        shift(r, "URSHR", 1, "00100", RIGHT, true, SimdShiftImm::urshr, "Unsigned Rounding Shift Right (immediate)");
        shift(r, "URSRA", 1, "00110", RIGHT, true, SimdShiftImm::ursra, "Unsigned Rounding Shift Right and Accumulate (immediate)");
        shift(r, "SRI", 1, "01000", RIGHT, true, SimdShiftImm::sri, "Shift Right and Insert (immediate)");
        shift(r, "SLI", 1, "01010", LEFT, true, SimdShiftImm::sli, "Shift Left and Insert (immediate)");
        shift(r, "SQSHLU", 1, "01100", QLEFT, true, SimdShiftImm::sqshlu, "Signed saturating Shift Left Unsigned (immediate)");
        shift(r, "UQSHL (immediate)", 1, "01110", QLEFT, true, SimdShiftImm::uqshl, "Unsigned saturating Shift Left (immediate)");
        shift(r, "SQSHRUN, SQSHRUN2", 1, "10000", NARROW, true, SimdShiftImm::sqshrun,
                "Signed saturating Shift Right Unsigned Narrow (immediate)");
        shift(r, "SQRSHRUN, SQRSHRUN2", 1, "10001", NARROW, true, SimdShiftImm::sqrshrun,
                "Signed saturating Rounded Shift Right Unsigned Narrow (immediate)");
        shift(r, "UQSHRN, UQSHRN2", 1, "10010", NARROW, true, SimdShiftImm::uqshrn, "Unsigned saturating Shift Right Narrow (immediate)");
        shift(r, "UQRSHRN, UQRSHRN2", 1, "10011", NARROW, true, SimdShiftImm::uqrshrn,
                "Unsigned saturating Rounded Shift Right Narrow (immediate)");
        shift(r, "USHLL, USHLL2", 1, "10100", LONG, false, SimdShiftImm::ushll, "Unsigned Shift Left Long (immediate)");
        shift(r, "UCVTF (vector, fixed-point)", 1, "11100", FIXED, true, SimdShiftImm::ucvtf,
                "Unsigned fixed-point Convert to Floating-point (vector)");
        shift(r, "FCVTZU (vector, fixed-point)", 1, "11111", FIXED, true, SimdShiftImm::fcvtzu,
                "Floating-point Convert to Unsigned fixed-point, rounding toward Zero (vector)");
    }

    private static void shift(List<Row> r, String name, int u, String opcode, int kind, boolean scalar, Semantics sem, String title) {
        String tail = " immh:4 immb:3 " + opcode + " 1 Vn:5 Vd:5";
        Row.Formatter vf = (row, insn, pc) -> SimdPermuteFormat.shiftVector(row, insn, kind);
        Row.Formatter sf = (row, insn, pc) -> SimdPermuteFormat.shiftScalar(row, insn, kind);
        Row v = Row.of(name, "0 Q:1 " + u + " 011110" + tail, "", sem).flags(Row.FP).title(title).formatter(vf);
        switch (kind) {
            case NARROW: case LONG: v.excluding("immh=0000", "immh=1xxx"); break;
            // FIXED: immh 001x is the half-precision form (FEAT_FP16), 000x reserved.
            case FIXED: v.excluding("immh=000x", "immh=001x", "Q:immh=01xxx"); break;
            default: v.excluding("immh=0000", "Q:immh=01xxx"); break;
        }
        r.add(v);
        if (!scalar) return;
        Row s = Row.of(name, "01 " + u + " 111110" + tail, "", sem).flags(Row.FP).title(title).formatter(sf);
        switch (kind) {
            case RIGHT: case LEFT: s.excluding("immh=0xxx"); break;
            case QLEFT: s.excluding("immh=0000"); break;
            case NARROW: s.excluding("immh=0000", "immh=1xxx"); break;
            default: s.excluding("immh=000x", "immh=001x"); break;
        }
        r.add(s);
    }

    // ================================================================ decoding helpers

    /** log2 of the element size in bytes: the highest set bit of immh (bits 22..19). */
    static int size(int i) { return 31 - Integer.numberOfLeadingZeros((i >>> 19) & 15); }

    /** immh:immb. */
    static int immhb(int i) { return (i >>> 16) & 127; }

    static boolean scalar(int i) { return (i & 1 << 28) != 0; }

    // ================================================================ same-size element operations

    static final int SSHR = 0, SSRA = 1, SRSHR = 2, SRSRA = 3, USHR = 4, USRA = 5, URSHR = 6, URSRA = 7, SRI = 8,
            SHL = 9, SLI = 10, SQSHL = 11, UQSHL = 12, SQSHLU = 13;

    static void sshr(Cpu c, int i) { same(c, i, SSHR); }
    static void ssra(Cpu c, int i) { same(c, i, SSRA); }
    static void srshr(Cpu c, int i) { same(c, i, SRSHR); }
    static void srsra(Cpu c, int i) { same(c, i, SRSRA); }
    static void ushr(Cpu c, int i) { same(c, i, USHR); }
    static void usra(Cpu c, int i) { same(c, i, USRA); }
    static void urshr(Cpu c, int i) { same(c, i, URSHR); }
    static void ursra(Cpu c, int i) { same(c, i, URSRA); }
    static void sri(Cpu c, int i) { same(c, i, SRI); }
    static void shl(Cpu c, int i) { same(c, i, SHL); }
    static void sli(Cpu c, int i) { same(c, i, SLI); }
    static void sqshl(Cpu c, int i) { same(c, i, SQSHL); }
    static void uqshl(Cpu c, int i) { same(c, i, UQSHL); }
    static void sqshlu(Cpu c, int i) { same(c, i, SQSHLU); }

    /** Element-wise operation with equal source and result sizes (vector, or scalar: one element). */
    private static void same(Cpu c, int i, int op) {
        boolean sc = scalar(i), q = !sc && (i & 1 << 30) != 0;
        int sz = size(i), d = i & 31, n = (i >>> 5) & 31;
        int sh = op >= SHL ? immhb(i) - (8 << sz) : (16 << sz) - immhb(i);
        int elements = sc ? 1 : (q ? 16 : 8) >>> sz;
        long nlo = Vreg.lo(c, n), nhi = Vreg.hi(c, n), dlo = Vreg.lo(c, d), dhi = Vreg.hi(c, d);
        long rlo = 0, rhi = 0;
        boolean sat = false;
        for (int e = 0; e < elements; e++) {
            long x = Vreg.elem(nlo, nhi, e, sz), dv = Vreg.elem(dlo, dhi, e, sz), r;
            switch (op) {
                case SSHR: r = shiftRight(Vreg.sext(x, sz), sh, false, false); break;
                case SSRA: r = dv + shiftRight(Vreg.sext(x, sz), sh, false, false); break;
                case SRSHR: r = shiftRight(Vreg.sext(x, sz), sh, false, true); break;
                case SRSRA: r = dv + shiftRight(Vreg.sext(x, sz), sh, false, true); break;
                case USHR: r = shiftRight(x, sh, true, false); break;
                case USRA: r = dv + shiftRight(x, sh, true, false); break;
                case URSHR: r = shiftRight(x, sh, true, true); break;
                case URSRA: r = dv + shiftRight(x, sh, true, true); break;
                case SRI: {
                    long m = sh == 64 ? 0 : Vreg.mask(sz) >>> sh;
                    r = sh == 64 ? dv : (dv & ~m) | (x >>> sh);
                    break;
                }
                case SHL: r = x << sh; break;
                case SLI: {
                    long m = Vreg.mask(sz) << sh;
                    r = (dv & ~m) | (x << sh);
                    break;
                }
                case SQSHL: {
                    long xs = Vreg.sext(x, sz), v = xs << sh;
                    if (sz == 3) {
                        if (v >> sh != xs) { v = xs < 0 ? Long.MIN_VALUE : Long.MAX_VALUE; sat = true; }
                        r = v;
                    } else {
                        long max = Vreg.mask(sz) >>> 1, min = ~max;
                        if (v > max) { v = max; sat = true; } else if (v < min) { v = min; sat = true; }
                        r = v;
                    }
                    break;
                }
                case UQSHL: {
                    long v = x << sh;
                    if (sz == 3 ? v >>> sh != x : v > Vreg.mask(sz)) { v = -1L; sat = true; }
                    r = v;
                    break;
                }
                default: { // SQSHLU
                    long xs = Vreg.sext(x, sz), v = xs << sh;
                    if (xs < 0) { v = 0; sat = true; }
                    else if (sz == 3 ? v >>> sh != xs : v > Vreg.mask(sz)) { v = -1L; sat = true; }
                    r = v;
                    break;
                }
            }
            int bit = e << (3 + sz);
            if (bit < 64) rlo |= (r & Vreg.mask(sz)) << bit; else rhi |= (r & Vreg.mask(sz)) << (bit - 64);
        }
        Vreg.set(c, d, q, rlo, rhi);
        if (sat) c.fpsr |= FPCore.QC;
    }

    /**
     * {@code x} shifted right by {@code sh} (1 .. 64), arithmetic or logical, rounded (adding
     * 2^(sh-1) before the shift, in unbounded precision) when {@code round}.
     */
    static long shiftRight(long x, int sh, boolean unsigned, boolean round) {
        long r = sh == 64 ? (unsigned ? 0 : x >> 63) : (unsigned ? x >>> sh : x >> sh);
        if (round) r += (x >>> (sh - 1)) & 1;
        return r;
    }

    // ================================================================ narrowing

    static final int N_SHRN = 0, N_RSHRN = 1, N_SQSHRN = 2, N_SQRSHRN = 3, N_SQSHRUN = 4, N_SQRSHRUN = 5, N_UQSHRN = 6,
            N_UQRSHRN = 7;

    static void shrn(Cpu c, int i) { narrow(c, i, N_SHRN); }
    static void rshrn(Cpu c, int i) { narrow(c, i, N_RSHRN); }
    static void sqshrn(Cpu c, int i) { narrow(c, i, N_SQSHRN); }
    static void sqrshrn(Cpu c, int i) { narrow(c, i, N_SQRSHRN); }
    static void sqshrun(Cpu c, int i) { narrow(c, i, N_SQSHRUN); }
    static void sqrshrun(Cpu c, int i) { narrow(c, i, N_SQRSHRUN); }
    static void uqshrn(Cpu c, int i) { narrow(c, i, N_UQSHRN); }
    static void uqrshrn(Cpu c, int i) { narrow(c, i, N_UQRSHRN); }

    /**
     * Shift right narrow: source elements of 2 * esize from all of Vn (vector) or the scalar,
     * results of esize into the low half of Vd (upper half zeroed) or, for the "2" forms (Q = 1),
     * into the upper half (lower half kept).
     */
    private static void narrow(Cpu c, int i, int op) {
        boolean sc = scalar(i), q = !sc && (i & 1 << 30) != 0;
        int sz = size(i), d = i & 31, n = (i >>> 5) & 31;
        int sh = (16 << sz) - immhb(i);
        boolean round = (op & 1) != 0, signedSrc = op >= N_SQSHRN && op <= N_SQRSHRUN;
        int elements = sc ? 1 : 8 >>> sz;
        long nlo = Vreg.lo(c, n), nhi = Vreg.hi(c, n), mask = Vreg.mask(sz);
        long r = 0;
        boolean sat = false;
        for (int e = 0; e < elements; e++) {
            long x = Vreg.elem(nlo, nhi, e, sz + 1);
            if (signedSrc) x = Vreg.sext(x, sz + 1);
            long v = shiftRight(x, sh, !signedSrc, round);
            if (op == N_SQSHRN || op == N_SQRSHRN) {
                long max = mask >>> 1, min = ~max;
                if (v > max) { v = max; sat = true; } else if (v < min) { v = min; sat = true; }
            } else if (op == N_SQSHRUN || op == N_SQRSHRUN) {
                if (v < 0) { v = 0; sat = true; } else if (v > mask) { v = mask; sat = true; }
            } else if (op >= N_UQSHRN) {
                if (Long.compareUnsigned(v, mask) > 0) { v = mask; sat = true; }
            }
            r |= (v & mask) << (e << (3 + sz));
        }
        if (q) Vreg.setQ(c, d, Vreg.lo(c, d), r); else Vreg.setD(c, d, r);
        if (sat) c.fpsr |= FPCore.QC;
    }

    // ================================================================ lengthening

    static void sshll(Cpu c, int i) { lengthen(c, i, false); }
    static void ushll(Cpu c, int i) { lengthen(c, i, true); }

    /** SSHLL/USHLL: the elements of one half of Vn (Q selects) extended to 2 * esize and shifted left. */
    private static void lengthen(Cpu c, int i, boolean unsigned) {
        int sz = size(i), d = i & 31, n = (i >>> 5) & 31;
        int sh = immhb(i) - (8 << sz);
        long src = (i & 1 << 30) != 0 ? Vreg.hi(c, n) : Vreg.lo(c, n);
        int elements = 8 >>> sz;
        long rlo = 0, rhi = 0, wmask = Vreg.mask(sz + 1);
        for (int e = 0; e < elements; e++) {
            long x = Vreg.elem(src, 0, e, sz);
            if (!unsigned) x = Vreg.sext(x, sz);
            long v = (x << sh) & wmask;
            int bit = e << (4 + sz);
            if (bit < 64) rlo |= v << bit; else rhi |= v << (bit - 64);
        }
        Vreg.setQ(c, d, rlo, rhi);
    }

    // ================================================================ fixed-point conversions

    static void scvtf(Cpu c, int i) { fixed(c, i, 0); }
    static void ucvtf(Cpu c, int i) { fixed(c, i, 1); }
    static void fcvtzs(Cpu c, int i) { fixed(c, i, 2); }
    static void fcvtzu(Cpu c, int i) { fixed(c, i, 3); }

    /** op 0 SCVTF, 1 UCVTF (FPCR rounding), 2 FCVTZS, 3 FCVTZU (toward zero); fracbits = 2 * esize - immh:immb. */
    private static void fixed(Cpu c, int i, int op) {
        boolean sc = scalar(i), q = !sc && (i & 1 << 30) != 0;
        int sz = size(i), d = i & 31, n = (i >>> 5) & 31, esize = 8 << sz;
        int fbits = 2 * esize - immhb(i);
        int elements = sc ? 1 : (q ? 16 : 8) >>> sz;
        boolean unsigned = (op & 1) != 0;
        int rmode = FPCore.rmode(c);
        long nlo = Vreg.lo(c, n), nhi = Vreg.hi(c, n);
        long rlo = 0, rhi = 0;
        for (int e = 0; e < elements; e++) {
            long x = Vreg.elem(nlo, nhi, e, sz), v;
            if (op < 2) v = FPCore.fixedToFP(unsigned ? x : Vreg.sext(x, sz), esize, fbits, unsigned, esize, rmode, c);
            else v = FPCore.toFixed(x, esize, fbits, unsigned, FPCore.RZ, esize, c);
            v &= Vreg.mask(sz);
            int bit = e << (3 + sz);
            if (bit < 64) rlo |= v << bit; else rhi |= v << (bit - 64);
        }
        Vreg.set(c, d, q, rlo, rhi);
    }
}
