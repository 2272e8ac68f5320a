package dev.jaffa.interp.fp;

import dev.jaffa.interp.Cpu;


/**
 * The Arm ARM's floating-point pseudocode (shared/functions/float: FPAdd, FPMul, FPMulAdd,
 * FPRound, FPProcessNaNs, FPToFixed, ...) on raw IEEE 754 bits, exactly: every rounding mode of
 * FPCR.RMode, FZ (input and output flushing, IDC and UFC), DN, AHP, NaN propagation with payloads,
 * tininess detected before rounding, and the cumulative FPSR flags.
 *
 * <p>Conventions: operands and results are the raw bits in a {@code long} (a single in the low 32
 * bits, a half in the low 16, zero-extended). {@code esize} is 16, 32 or 64. The FPCR is read
 * from {@code c.fpcr} (or given explicitly to the {@code fpcr}-parameter variants); exceptions are
 * accumulated into {@code c.fpsr} (IOC, DZC, OFC, UFC, IXC, IDC). Nothing allocates.
 *
 * <p>How it is computed: every operation that rounds reduces its exact result to a sign, a binary
 * exponent and a 64-bit integer significand whose bit 0 is "jammed" (ORed with every nonzero bit
 * that was shifted out, when the significand has at least 3 bits more than the target format), and
 * {@link #round} is FPRoundBase on that. Products and sums for FPMulAdd are exact in 128 bits;
 * quotients and square roots take the host's correctly rounded double result and decide its
 * exactness and direction with an exact 128-bit integer remainder. Add, sub, mul, div and sqrt
 * first try a host fast path, taken only for normal operands whose round-to-nearest host result
 * lies in [2 × smallest normal, largest power of two / 2): there no flag but IXC can arise, FZ and
 * DN cannot matter, and the other rounding modes are one ulp step decided by the exact error
 * (TwoSum, or an exact integer remainder); {@code FPCoreFastPathTest} compares them with the
 * general code.
 *
 * <p>Negated operands (FMSUB, FNMADD, FMLS, FNMUL...) are the caller's {@link #neg} before the
 * call, as the Arm ARM's FPNeg is: that flips a NaN operand's sign too, and QEMU agrees.
 */
public final class FPCore {
    private FPCore() {}

    // FPSR cumulative flags
    public static final int IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128, QC = 1 << 27;
    // FPCR controls
    public static final int FPCR_AHP = 1 << 26, FPCR_DN = 1 << 25, FPCR_FZ = 1 << 24;

    /** Rounding modes: FPCR.RMode values 0..3, then ties-away (FCVTA*, FRINTA) and round-to-odd (FCVTXN). */
    public static final int RN = 0, RP = 1, RM = 2, RZ = 3, RA = 4, RO = 5;

    /** FPCR.RMode. */
    public static int rmode(Cpu c) { return (c.fpcr >>> 22) & 3; }

    /** FPCR.RMode of an FPCR value. */
    public static int rmodeOf(int fpcr) { return (fpcr >>> 22) & 3; }

    // ---- FPUnpack ---------------------------------------------------------------------------

    /** FPType as returned by FPUnpack; NONZERO is a normal or (not flushed) denormal number. */
    static final int ZERO = 0, NONZERO = 1, INF = 2, QNAN = 3, SNAN = 4;

    static int fracBits(int esize) { return esize == 64 ? 52 : esize == 32 ? 23 : 10; }

    static int expBits(int esize) { return esize == 64 ? 11 : esize == 32 ? 8 : 5; }

    static long mask(int esize) { return esize == 64 ? -1L : (1L << esize) - 1; }

    static int sign(long a, int esize) { return (int) (a >>> (esize - 1)) & 1; }

    /**
     * FPUnpack's type of {@code a} (masked to esize): a single or double denormal with FPCR.FZ is a
     * zero and raises IDC; a half with FPCR.AHP has no infinities or NaNs.
     */
    static int type(long a, int esize, int fpcr, Cpu c) {
        int f = fracBits(esize), eb = expBits(esize);
        int exp = (int) (a >>> f) & ((1 << eb) - 1);
        long frac = a & ((1L << f) - 1);
        if (exp == 0) {
            if (frac == 0) return ZERO;
            if (esize != 16 && (fpcr & FPCR_FZ) != 0) {
                c.fpsr |= IDC;
                return ZERO;
            }
            return NONZERO;
        }
        if (exp == (1 << eb) - 1 && (esize != 16 || (fpcr & FPCR_AHP) == 0)) {
            if (frac == 0) return INF;
            return (frac >>> (f - 1)) != 0 ? QNAN : SNAN;
        }
        return NONZERO;
    }

    /** The integer significand of a finite nonzero operand: value = sig × 2^exp. */
    static long sig(long a, int esize) {
        int f = fracBits(esize);
        long frac = a & ((1L << f) - 1);
        return ((a >>> f) & ((1 << expBits(esize)) - 1)) != 0 ? frac | (1L << f) : frac;
    }

    /** The binary exponent of a finite nonzero operand's integer significand. */
    static int exp(long a, int esize) {
        int f = fracBits(esize), eb = expBits(esize);
        int e = (int) (a >>> f) & ((1 << eb) - 1);
        return (e == 0 ? 1 : e) - ((1 << (eb - 1)) - 1) - f;
    }

    // ---- constants --------------------------------------------------------------------------

    static long defaultNaN(int esize) {
        return esize == 64 ? 0x7FF8000000000000L : esize == 32 ? 0x7FC00000L : 0x7E00L;
    }

    static long zero(int sign, int esize) { return (long) sign << (esize - 1); }

    static long inf(int sign, int esize) {
        int f = fracBits(esize);
        return ((long) sign << (esize - 1)) | (((1L << expBits(esize)) - 1) << f);
    }

    static long maxNormal(int sign, int esize) {
        int f = fracBits(esize);
        return ((long) sign << (esize - 1)) | (((1L << expBits(esize)) - 2) << f) | ((1L << f) - 1);
    }

    /** ±2.0 (FPTwo). */
    static long two(int sign, int esize) {
        return ((long) sign << (esize - 1)) | ((long) ((1 << (expBits(esize) - 1))) << fracBits(esize));
    }

    /** +1.5 (FPOnePointFive). */
    static long onePointFive(int esize) {
        int f = fracBits(esize);
        return ((long) ((1 << (expBits(esize) - 1)) - 1) << f) | (1L << (f - 1));
    }

    // ---- NaNs -------------------------------------------------------------------------------

    /** FPProcessNaN: quiet the NaN (IOC if it was signalling), or the default NaN under FPCR.DN. */
    static long processNaN(int type, long a, int esize, int fpcr, Cpu c) {
        if (type == SNAN) c.fpsr |= IOC;
        if ((fpcr & FPCR_DN) != 0) return defaultNaN(esize);
        return a | (1L << (fracBits(esize) - 1));
    }

    /** FPProcessNaNs, when at least one of the operands is a NaN. */
    static long processNaNs(int t1, int t2, long a, long b, int esize, int fpcr, Cpu c) {
        if (t1 == SNAN) return processNaN(t1, a, esize, fpcr, c);
        if (t2 == SNAN) return processNaN(t2, b, esize, fpcr, c);
        if (t1 == QNAN) return processNaN(t1, a, esize, fpcr, c);
        return processNaN(t2, b, esize, fpcr, c);
    }

    /** FPProcessNaNs3, when at least one of the operands is a NaN. */
    static long processNaNs3(int t1, int t2, int t3, long a, long b, long d, int esize, int fpcr, Cpu c) {
        if (t1 == SNAN) return processNaN(t1, a, esize, fpcr, c);
        if (t2 == SNAN) return processNaN(t2, b, esize, fpcr, c);
        if (t3 == SNAN) return processNaN(t3, d, esize, fpcr, c);
        if (t1 == QNAN) return processNaN(t1, a, esize, fpcr, c);
        if (t2 == QNAN) return processNaN(t2, b, esize, fpcr, c);
        return processNaN(t3, d, esize, fpcr, c);
    }

    static boolean isNaN(int t) { return t >= QNAN; }

    // ---- FPRoundBase ------------------------------------------------------------------------

    /**
     * FPRoundBase of the nonzero value (-1)^sign × mant × 2^exp into esize, in {@code rmode}
     * (RN, RP, RM, RZ, RA, RO). {@code mant} is an unsigned integer; its bit 0 may be a jammed
     * sticky bit provided it has at least esize's precision + 2 bits above bit 0. FPCR.FZ flushes
     * a result tiny before rounding (single and double); FPCR.AHP selects the alternative half
     * format for esize 16 (callers implementing FPRound, not FPRoundCV, clear it).
     */
    static long round(int sign, int exp, long mant, int esize, int rmode, int fpcr, Cpu c) {
        final int f, eb, minExp;
        if (esize == 64) { f = 52; eb = 11; minExp = -1022; }
        else if (esize == 32) { f = 23; eb = 8; minExp = -126; }
        else { f = 10; eb = 5; minExp = -14; }
        int lead = 63 - Long.numberOfLeadingZeros(mant);
        int e = exp + lead; // 2^e <= |value| < 2^(e+1)
        if (esize != 16 && (fpcr & FPCR_FZ) != 0 && e < minExp) {
            c.fpsr |= UFC;
            return zero(sign, esize);
        }
        int biased, lsb;
        if (e < minExp) { biased = 0; lsb = minExp - f; }
        else { biased = e - minExp + 1; lsb = e - f; }
        int sh = lsb - exp;
        long im;
        int rb; // the discarded part: 0 none, 1 below half an ulp, 2 exactly half, 3 above half
        if (sh <= 0) {
            im = mant << -sh;
            rb = 0;
        } else if (sh >= 64) {
            im = 0;
            rb = (sh == 64 && mant < 0) ? ((mant << 1) != 0 ? 3 : 2) : 1;
        } else {
            im = mant >>> sh;
            long rem = mant & ((1L << sh) - 1), half = 1L << (sh - 1);
            rb = rem == 0 ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
        }
        boolean inexact = rb != 0;
        if (biased == 0 && inexact) c.fpsr |= UFC;
        boolean up, ovfInf;
        switch (rmode) {
            case RN: up = rb == 3 || (rb == 2 && (im & 1) != 0); ovfInf = true; break;
            case RP: up = inexact && sign == 0; ovfInf = sign == 0; break;
            case RM: up = inexact && sign != 0; ovfInf = sign != 0; break;
            case RA: up = rb >= 2; ovfInf = true; break;
            default: up = false; ovfInf = false; break; // RZ, RO
        }
        if (up) {
            im++;
            if (im == 1L << f) biased = 1; // a denormal rounded up to the smallest normal
            if (im == 1L << (f + 1)) { biased++; im >>>= 1; }
        }
        if (rmode == RO && inexact) im |= 1;
        long result;
        if (esize != 16 || (fpcr & FPCR_AHP) == 0) {
            if (biased >= (1 << eb) - 1) {
                result = ovfInf ? inf(sign, esize) : maxNormal(sign, esize);
                c.fpsr |= OFC;
                inexact = true;
            } else {
                result = ((long) sign << (esize - 1)) | ((long) biased << f) | (im & ((1L << f) - 1));
            }
        } else {
            if (biased >= 1 << eb) {
                result = ((long) sign << 15) | 0x7FFF;
                c.fpsr |= IOC;
                inexact = false;
            } else {
                result = ((long) sign << 15) | ((long) biased << f) | (im & ((1L << f) - 1));
            }
        }
        if (inexact) c.fpsr |= IXC;
        return result;
    }

    // ---- 128-bit helpers (hi:lo unsigned) -----------------------------------------------------

    static int nlz128(long hi, long lo) {
        return hi != 0 ? Long.numberOfLeadingZeros(hi) : 64 + Long.numberOfLeadingZeros(lo);
    }

    /** Bits 63..0 of hi:lo shifted right by s (1..127) with the shifted-out bits ORed into bit 0. */
    static long shrJamLo(long hi, long lo, int s) {
        if (s >= 64) {
            long r = s == 64 ? hi : hi >>> (s - 64);
            long lost = lo | (s == 64 ? 0 : hi << (128 - s));
            return r | (lost != 0 ? 1 : 0);
        }
        long r = (lo >>> s) | (hi << (64 - s));
        return r | ((lo << (64 - s)) != 0 ? 1 : 0);
    }

    static long shrJamHi(long hi, long lo, int s) { return s >= 64 ? 0 : hi >>> s; }

    /** Rounds the nonzero 128-bit magnitude hi:lo × 2^exp (bit 0 may be jammed if it has >= 66 bits). */
    static long round128(int sign, int exp, long hi, long lo, int esize, int rmode, int fpcr, Cpu c) {
        int lead = 127 - nlz128(hi, lo);
        if (lead <= 63) {
            // fits in 64 bits (as unsigned)
            return round(sign, exp, lo, esize, rmode, fpcr, c);
        }
        int s = lead - 62;
        return round(sign, exp + s, shrJamLo(hi, lo, s), esize, rmode, fpcr, c);
    }

    /**
     * Rounds X + Y with a single rounding, X = (-1)^sx × (xh:xl) × 2^ex and Y likewise, both
     * nonzero and exact 128-bit magnitudes below 2^126; the result exponent is adjusted by
     * {@code adj} before rounding. An exactly zero sum is +0, or -0 when rounding to -∞.
     */
    static long sumRound(int sx, long xh, long xl, int ex, int sy, long yh, long yl, int ey, int adj,
                         int esize, int rmode, int fpcr, Cpu c) {
        // normalize both to a leading one at bit 125
        int nx = nlz128(xh, xl) - 2;
        if (nx > 0) {
            if (nx >= 64) { xh = xl << (nx - 64); xl = 0; }
            else { xh = (xh << nx) | (xl >>> (64 - nx)); xl <<= nx; }
            ex -= nx;
        }
        int ny = nlz128(yh, yl) - 2;
        if (ny > 0) {
            if (ny >= 64) { yh = yl << (ny - 64); yl = 0; }
            else { yh = (yh << ny) | (yl >>> (64 - ny)); yl <<= ny; }
            ey -= ny;
        }
        if (ex < ey) {
            int ts = sx; sx = sy; sy = ts;
            long t = xh; xh = yh; yh = t;
            t = xl; xl = yl; yl = t;
            int te = ex; ex = ey; ey = te;
        }
        int d = ex - ey;
        if (d >= 128) {
            yh = 0;
            yl = 1;
        } else if (d > 0) {
            long l = shrJamLo(yh, yl, d);
            yh = shrJamHi(yh, yl, d);
            yl = l;
        }
        long rh, rl;
        int rs;
        if (sx == sy) {
            rl = xl + yl;
            rh = xh + yh + (Long.compareUnsigned(rl, xl) < 0 ? 1 : 0);
            rs = sx;
        } else {
            int cmp = xh != yh ? Long.compareUnsigned(xh, yh) : Long.compareUnsigned(xl, yl);
            if (cmp == 0) return zero(rmode == RM ? 1 : 0, esize);
            if (cmp > 0) {
                rl = xl - yl;
                rh = xh - yh - (Long.compareUnsigned(xl, yl) < 0 ? 1 : 0);
                rs = sx;
            } else {
                rl = yl - xl;
                rh = yh - xh - (Long.compareUnsigned(yl, xl) < 0 ? 1 : 0);
                rs = sy;
            }
        }
        return round128(rs, ex + adj, rh, rl, esize, rmode, fpcr, c);
    }

    // ---- arithmetic ---------------------------------------------------------------------------

    public static long add(long a, long b, int esize, Cpu c) { return add(a, b, esize, c.fpcr, c); }

    public static long sub(long a, long b, int esize, Cpu c) { return add(a, b ^ (1L << (esize - 1)), esize, c.fpcr, c, true); }

    public static long add(long a, long b, int esize, int fpcr, Cpu c) { return add(a, b, esize, fpcr, c, false); }

    public static long sub(long a, long b, int esize, int fpcr, Cpu c) { return add(a, b ^ (1L << (esize - 1)), esize, fpcr, c, true); }

    /** FPAdd; for FPSub {@code b} comes with its sign flipped and {@code negated} says so (a NaN b keeps its own sign). */
    private static long add(long a, long b, int esize, int fpcr, Cpu c, boolean negated) {
        if (esize == 64) {
            long ea = (a >>> 52) & 0x7FF, eb = (b >>> 52) & 0x7FF;
            if (ea != 0 && ea != 0x7FF && eb != 0 && eb != 0x7FF) {
                double da = Double.longBitsToDouble(a), db = Double.longBitsToDouble(b);
                double x = da + db;
                long xb = Double.doubleToRawLongBits(x), ex = (xb >>> 52) & 0x7FF;
                if (ex >= 2 && ex <= 0x7FD) {
                    double bv = x - da, err = (da - (x - bv)) + (db - bv); // TwoSum: x + err is exact
                    if (err == 0) return xb;
                    return directed(xb, (Double.doubleToRawLongBits(err) ^ xb) < 0 ? -1 : 1, (int) (xb >>> 63), rmodeOf(fpcr), c);
                }
            }
        } else if (esize == 32) {
            int ea = (int) (a >>> 23) & 0xFF, eb = (int) (b >>> 23) & 0xFF;
            if (ea != 0 && ea != 0xFF && eb != 0 && eb != 0xFF) {
                float fa = Float.intBitsToFloat((int) a), fb = Float.intBitsToFloat((int) b);
                float x = fa + fb;
                int xb = Float.floatToRawIntBits(x), ex = (xb >>> 23) & 0xFF;
                if (ex >= 2 && ex <= 0xFD) {
                    float bv = x - fa, err = (fa - (x - bv)) + (fb - bv);
                    if (err == 0) return xb & 0xFFFFFFFFL;
                    return directed(xb & 0xFFFFFFFFL, (Float.floatToRawIntBits(err) ^ xb) < 0 ? -1 : 1, xb >>> 31, rmodeOf(fpcr), c);
                }
            }
        }
        return addSlow(a, b, esize, fpcr, c, negated);
    }

    /**
     * The fast paths' rounding: {@code xb} (normal, at least twice the smallest normal and below
     * half the largest power of two of the format) is the round-to-nearest result and {@code dir}
     * the sign of |exact| - |xb|; returns the result in rmode (RN..RZ) and raises IXC when inexact.
     */
    private static long directed(long xb, int dir, int sign, int rmode, Cpu c) {
        if (dir == 0) return xb;
        c.fpsr |= IXC;
        boolean away, towardZero;
        switch (rmode) {
            case RN: return xb;
            case RP: away = sign == 0; break;
            case RM: away = sign != 0; break;
            default: away = false; break;
        }
        towardZero = !away;
        if (away && dir > 0) return xb + 1;
        if (towardZero && dir < 0) return xb - 1;
        return xb;
    }

    static long addSlow(long a, long b, int esize, int fpcr, Cpu c, boolean negated) {
        long m = mask(esize);
        a &= m;
        b &= m;
        int t1 = type(a, esize, fpcr, c), t2 = type(b, esize, fpcr, c);
        if (isNaN(t1) || isNaN(t2)) {
            long ob = negated ? b ^ (1L << (esize - 1)) : b;
            return processNaNs(t1, t2, a, ob, esize, fpcr, c);
        }
        int s1 = sign(a, esize), s2 = sign(b, esize);
        if (t1 == INF && t2 == INF && s1 != s2) {
            c.fpsr |= IOC;
            return defaultNaN(esize);
        }
        if (t1 == INF) return inf(s1, esize);
        if (t2 == INF) return inf(s2, esize);
        int rmode = rmodeOf(fpcr);
        if (t1 == ZERO && t2 == ZERO) return s1 == s2 ? zero(s1, esize) : zero(rmode == RM ? 1 : 0, esize);
        if (t1 == ZERO) return b; // the other operand exactly (FPRound of a representable value)
        if (t2 == ZERO) return a;
        return sumRound(s1, 0, sig(a, esize), exp(a, esize), s2, 0, sig(b, esize), exp(b, esize), 0,
                esize, rmode, fpcr & ~FPCR_AHP, c);
    }

    public static long mul(long a, long b, int esize, Cpu c) { return mul(a, b, esize, c.fpcr, c, false); }

    /** FMULX: as mul, but 0 × ∞ gives ±2.0. */
    public static long mulX(long a, long b, int esize, Cpu c) { return mul(a, b, esize, c.fpcr, c, true); }

    public static long mul(long a, long b, int esize, int fpcr, Cpu c) { return mul(a, b, esize, fpcr, c, false); }

    public static long mulX(long a, long b, int esize, int fpcr, Cpu c) { return mul(a, b, esize, fpcr, c, true); }

    private static long mul(long a, long b, int esize, int fpcr, Cpu c, boolean x) {
        if (esize == 64) {
            long ea = (a >>> 52) & 0x7FF, eb = (b >>> 52) & 0x7FF;
            if (ea != 0 && ea != 0x7FF && eb != 0 && eb != 0x7FF) {
                double p = Double.longBitsToDouble(a) * Double.longBitsToDouble(b);
                long xb = Double.doubleToRawLongBits(p), ex = (xb >>> 52) & 0x7FF;
                if (ex >= 2 && ex <= 0x7FD) {
                    // compare the exact product ma × mb with xm × 2^k (k is 52 or 53)
                    long ma = (a & 0xFFFFFFFFFFFFFL) | (1L << 52), mb = (b & 0xFFFFFFFFFFFFFL) | (1L << 52);
                    long xm = (xb & 0xFFFFFFFFFFFFFL) | (1L << 52);
                    int k = (int) (ex - ea - eb + 1075);
                    long ph = Math.multiplyHigh(ma, mb), pl = ma * mb;
                    long qh = xm >>> (64 - k), ql = xm << k;
                    int dir = ph != qh ? Long.compare(ph, qh) : Long.compareUnsigned(pl, ql);
                    return directed(xb, dir, (int) (xb >>> 63), rmodeOf(fpcr), c);
                }
            }
        } else if (esize == 32) {
            int ea = (int) (a >>> 23) & 0xFF, eb = (int) (b >>> 23) & 0xFF;
            if (ea != 0 && ea != 0xFF && eb != 0 && eb != 0xFF) {
                double p = (double) Float.intBitsToFloat((int) a) * Float.intBitsToFloat((int) b); // exact
                float r = (float) p;
                int xb = Float.floatToRawIntBits(r), ex = (xb >>> 23) & 0xFF;
                if (ex >= 2 && ex <= 0xFD) {
                    double ap = Math.abs(p), ar = Math.abs((double) r);
                    return directed(xb & 0xFFFFFFFFL, ap > ar ? 1 : ap < ar ? -1 : 0, xb >>> 31, rmodeOf(fpcr), c);
                }
            }
        }
        return mulSlow(a, b, esize, fpcr, c, x);
    }

    static long mulSlow(long a, long b, int esize, int fpcr, Cpu c, boolean x) {
        long m = mask(esize);
        a &= m;
        b &= m;
        int t1 = type(a, esize, fpcr, c), t2 = type(b, esize, fpcr, c);
        if (isNaN(t1) || isNaN(t2)) return processNaNs(t1, t2, a, b, esize, fpcr, c);
        int s = sign(a, esize) ^ sign(b, esize);
        if ((t1 == INF && t2 == ZERO) || (t1 == ZERO && t2 == INF)) {
            if (x) return two(s, esize);
            c.fpsr |= IOC;
            return defaultNaN(esize);
        }
        if (t1 == INF || t2 == INF) return inf(s, esize);
        if (t1 == ZERO || t2 == ZERO) return zero(s, esize);
        return mulRound(s, a, b, esize, rmodeOf(fpcr), fpcr & ~FPCR_AHP, c);
    }

    /** Rounds the exact product of two finite nonzero operands. */
    private static long mulRound(int s, long a, long b, int esize, int rmode, int fpcr, Cpu c) {
        long ma = sig(a, esize), mb = sig(b, esize);
        int e = exp(a, esize) + exp(b, esize);
        if (esize != 64) return round(s, e, ma * mb, esize, rmode, fpcr, c);
        return round128(s, e, Math.multiplyHigh(ma, mb), ma * mb, esize, rmode, fpcr, c);
    }

    public static long div(long a, long b, int esize, Cpu c) { return div(a, b, esize, c.fpcr, c); }

    public static long div(long a, long b, int esize, int fpcr, Cpu c) {
        if (esize == 64) {
            long ea = (a >>> 52) & 0x7FF, eb = (b >>> 52) & 0x7FF;
            if (ea != 0 && ea != 0x7FF && eb != 0 && eb != 0x7FF) {
                double q = Double.longBitsToDouble(a) / Double.longBitsToDouble(b);
                long xb = Double.doubleToRawLongBits(q), ex = (xb >>> 52) & 0x7FF;
                if (ex >= 2 && ex <= 0x7FD) {
                    // compare ma × 2^k with xm × mb (k is 52 or 53)
                    long ma = (a & 0xFFFFFFFFFFFFFL) | (1L << 52), mb = (b & 0xFFFFFFFFFFFFFL) | (1L << 52);
                    long xm = (xb & 0xFFFFFFFFFFFFFL) | (1L << 52);
                    int k = (int) (ea - eb - ex + 1075);
                    long lh = ma >>> (64 - k), ll = ma << k;
                    long rh = Math.multiplyHigh(xm, mb), rl = xm * mb;
                    int dir = lh != rh ? Long.compare(lh, rh) : Long.compareUnsigned(ll, rl);
                    return directed(xb, dir, (int) (xb >>> 63), rmodeOf(fpcr), c);
                }
            }
        } else if (esize == 32) {
            int ea = (int) (a >>> 23) & 0xFF, eb = (int) (b >>> 23) & 0xFF;
            if (ea != 0 && ea != 0xFF && eb != 0 && eb != 0xFF) {
                float fa = Float.intBitsToFloat((int) a), fb = Float.intBitsToFloat((int) b);
                float q = fa / fb;
                int xb = Float.floatToRawIntBits(q), ex = (xb >>> 23) & 0xFF;
                if (ex >= 2 && ex <= 0xFD) {
                    double n = Math.abs((double) fa), p = Math.abs((double) q * fb); // exact
                    return directed(xb & 0xFFFFFFFFL, n > p ? 1 : n < p ? -1 : 0, xb >>> 31, rmodeOf(fpcr), c);
                }
            }
        }
        return divSlow(a, b, esize, fpcr, c);
    }

    static long divSlow(long a, long b, int esize, int fpcr, Cpu c) {
        long m = mask(esize);
        a &= m;
        b &= m;
        int t1 = type(a, esize, fpcr, c), t2 = type(b, esize, fpcr, c);
        if (isNaN(t1) || isNaN(t2)) return processNaNs(t1, t2, a, b, esize, fpcr, c);
        int s = sign(a, esize) ^ sign(b, esize);
        if ((t1 == INF && t2 == INF) || (t1 == ZERO && t2 == ZERO)) {
            c.fpsr |= IOC;
            return defaultNaN(esize);
        }
        if (t1 == INF || t2 == ZERO) {
            if (t1 != INF) c.fpsr |= DZC;
            return inf(s, esize);
        }
        if (t1 == ZERO || t2 == INF) return zero(s, esize);
        // normalize both significands to 53 bits; the host quotient of the two exact doubles is
        // correctly rounded to 53 bits and never exactly halfway between two 53-bit numbers
        long ma = sig(a, esize), mb = sig(b, esize);
        int na = Long.numberOfLeadingZeros(ma) - 11, nb = Long.numberOfLeadingZeros(mb) - 11;
        ma <<= na;
        mb <<= nb;
        int e = exp(a, esize) - na - exp(b, esize) + nb;
        double q = (double) ma / (double) mb;
        long qb = Double.doubleToRawLongBits(q);
        long qm = (qb & 0xFFFFFFFFFFFFFL) | (1L << 52);
        int k = 1075 - (int) (qb >>> 52); // q = qm × 2^-k, k is 52 or 53
        // compare ma × 2^k with qm × mb exactly
        long lh = ma >>> (64 - k), ll = ma << k;
        long rh = Math.multiplyHigh(qm, mb), rl = qm * mb;
        int cmp = lh != rh ? Long.compare(lh, rh) : Long.compareUnsigned(ll, rl);
        long mant = qm << 9;
        if (cmp > 0) mant |= 1;
        else if (cmp < 0) mant -= 1;
        return round(s, e - k - 9, mant, esize, rmodeOf(fpcr), fpcr & ~FPCR_AHP, c);
    }

    public static long sqrt(long a, int esize, Cpu c) { return sqrt(a, esize, c.fpcr, c); }

    public static long sqrt(long a, int esize, int fpcr, Cpu c) {
        if (esize == 64) {
            long ea = a >>> 52; // with the sign: positive normals only
            if (ea != 0 && ea < 0x7FF) {
                double r = Math.sqrt(Double.longBitsToDouble(a));
                long xb = Double.doubleToRawLongBits(r), ex = xb >>> 52;
                // compare ma × 2^k with xm² (k is 52 or 53)
                long ma = (a & 0xFFFFFFFFFFFFFL) | (1L << 52), xm = (xb & 0xFFFFFFFFFFFFFL) | (1L << 52);
                int k = (int) (ea - 2 * ex + 1075);
                long lh = ma >>> (64 - k), ll = ma << k;
                long ph = Math.multiplyHigh(xm, xm), pl = xm * xm;
                int dir = lh != ph ? Long.compare(lh, ph) : Long.compareUnsigned(ll, pl);
                return directed(xb, dir, 0, rmodeOf(fpcr), c);
            }
        } else if (esize == 32) {
            long ea = a >>> 23;
            if (ea != 0 && ea < 0xFF) {
                double fa = Float.intBitsToFloat((int) a);
                float r = (float) Math.sqrt(fa); // double rounding is innocuous for sqrt (53 >= 2 × 24 + 2)
                double rr = (double) r * r; // exact
                return directed(Float.floatToRawIntBits(r), fa > rr ? 1 : fa < rr ? -1 : 0, 0, rmodeOf(fpcr), c);
            }
        }
        return sqrtSlow(a, esize, fpcr, c);
    }

    static long sqrtSlow(long a, int esize, int fpcr, Cpu c) {
        a &= mask(esize);
        int t = type(a, esize, fpcr, c);
        if (isNaN(t)) return processNaN(t, a, esize, fpcr, c);
        int s = sign(a, esize);
        if (t == ZERO) return zero(s, esize);
        if (t == INF && s == 0) return a;
        if (s != 0) {
            c.fpsr |= IOC;
            return defaultNaN(esize);
        }
        long m = sig(a, esize);
        int n = Long.numberOfLeadingZeros(m) - 11;
        m <<= n;
        int e = exp(a, esize) - n;
        int odd = e & 1;
        m <<= odd; // < 2^54 with bit 0 clear: exact as a double
        e -= odd;
        double r = Math.sqrt((double) m); // correctly rounded, never halfway
        long rb = Double.doubleToRawLongBits(r);
        long rm = (rb & 0xFFFFFFFFFFFFFL) | (1L << 52);
        int k = 1075 - (int) (rb >>> 52); // r = rm × 2^-k, k is 26
        // compare m × 2^(2k) with rm²
        int sh = 2 * k;
        long lh = m >>> (64 - sh), ll = m << sh;
        long ph = Math.multiplyHigh(rm, rm), pl = rm * rm;
        int cmp = lh != ph ? Long.compare(lh, ph) : Long.compareUnsigned(ll, pl);
        long mant = rm << 9;
        if (cmp > 0) mant |= 1;
        else if (cmp < 0) mant -= 1;
        return round(0, (e >> 1) - k - 9, mant, esize, rmodeOf(fpcr), fpcr & ~FPCR_AHP, c);
    }

    /** FPMulAdd: addend + a × b with a single rounding (FMADD, FMLA; negate operands for the others). */
    public static long mulAdd(long addend, long a, long b, int esize, Cpu c) { return mulAdd(addend, a, b, esize, c.fpcr, c); }

    public static long mulAdd(long addend, long a, long b, int esize, int fpcr, Cpu c) {
        if (esize == 32) {
            int ec = (int) (addend >>> 23) & 0xFF, ea = (int) (a >>> 23) & 0xFF, eb = (int) (b >>> 23) & 0xFF;
            if (ec != 0 && ec != 0xFF && ea != 0 && ea != 0xFF && eb != 0 && eb != 0xFF) {
                // Single precision: the product is exact in double, TwoSum makes p + addend exact as
                // s + e, and (float) s is the round-to-nearest result unless s lies on a midpoint
                // with e != 0 (then the general code decides).
                double p = (double) Float.intBitsToFloat((int) a) * Float.intBitsToFloat((int) b);
                double q = Float.intBitsToFloat((int) addend);
                double sum = p + q;
                double bv = sum - p, e = (p - (sum - bv)) + (q - bv);
                float r = (float) sum;
                int rb = Float.floatToRawIntBits(r), er = (rb >>> 23) & 0xFF;
                if (er >= 2 && er <= 0xFD) {
                    double d = sum - r;                       // exact: r is within half a float ulp of sum
                    double half = Math.ulp(r) * 0.5;
                    double ad = Math.abs(d);
                    if (e == 0 || (ad != half && ad != half * 0.5)) {
                        double err = d != 0 ? d : e;          // the sign of exact - r
                        if (err == 0) return rb & 0xFFFFFFFFL;
                        return directed(rb & 0xFFFFFFFFL, (err < 0) != (rb < 0) ? -1 : 1, rb >>> 31, rmodeOf(fpcr), c);
                    }
                }
            }
        }
        if (esize == 64) {
            long ec = (addend >>> 52) & 0x7FF, ea = (a >>> 52) & 0x7FF, eb = (b >>> 52) & 0x7FF;
            if (ec >= SAFE_EXP && ec != 0x7FF && ea != 0 && ea != 0x7FF && eb != 0 && eb != 0x7FF) {
                // Double precision: r = RN(a*b + c) from the host's fused multiply-add, and its exact
                // error a*b + c - r = alpha + beta by Boldo and Muller's ErrFma (valid without
                // underflow, so every value involved is kept far above the subnormals).
                double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b), z = Double.longBitsToDouble(addend);
                double r = Math.fma(x, y, z);
                double u1 = x * y;
                long rb = Double.doubleToRawLongBits(r);
                long er = (rb >>> 52) & 0x7FF, eu = (Double.doubleToRawLongBits(u1) >>> 52) & 0x7FF;
                if (er >= SAFE_EXP && er <= 0x7FD && eu >= SAFE_EXP && eu <= 0x7FD) {
                    double u2 = Math.fma(x, y, -u1);                          // x*y = u1 + u2
                    double a1 = z + u2, bv = a1 - z, zz = (z - (a1 - bv)) + (u2 - bv);   // TwoSum(z, u2)
                    double b1 = u1 + a1, cv = b1 - u1, b2 = (u1 - (b1 - cv)) + (a1 - cv); // TwoSum(u1, a1)
                    double g = (b1 - r) + b2;
                    double alpha = g + zz, beta = zz - (alpha - g);          // Fast2Sum(g, zz)
                    double err = alpha != 0 ? alpha : beta;                  // the sign of exact - r
                    if (err == 0) return rb;
                    return directed(rb, (err < 0) != (rb < 0) ? -1 : 1, (int) (rb >>> 63), rmodeOf(fpcr), c);
                }
            }
        }
        return mulAddSlow(addend, a, b, esize, fpcr, c);
    }

    /** Smallest biased double exponent the FMA fast path accepts: no error term can underflow. */
    private static final long SAFE_EXP = 0x100;

    static long mulAddSlow(long addend, long a, long b, int esize, int fpcr, Cpu c) {
        long m = mask(esize);
        addend &= m;
        a &= m;
        b &= m;
        int ta = type(addend, esize, fpcr, c), t1 = type(a, esize, fpcr, c), t2 = type(b, esize, fpcr, c);
        boolean inf1 = t1 == INF, inf2 = t2 == INF, zero1 = t1 == ZERO, zero2 = t2 == ZERO;
        boolean infZero = (inf1 && zero2) || (zero1 && inf2);
        if (isNaN(ta) || isNaN(t1) || isNaN(t2)) {
            long r = processNaNs3(ta, t1, t2, addend, a, b, esize, fpcr, c);
            if (ta == QNAN && infZero) {
                c.fpsr |= IOC;
                return defaultNaN(esize);
            }
            return r;
        }
        int sa = sign(addend, esize), sp = sign(a, esize) ^ sign(b, esize);
        boolean infA = ta == INF, zeroA = ta == ZERO, infP = inf1 || inf2, zeroP = zero1 || zero2;
        if (infZero || (infA && infP && sa != sp)) {
            c.fpsr |= IOC;
            return defaultNaN(esize);
        }
        if ((infA && sa == 0) || (infP && sp == 0)) return inf(0, esize);
        if (infA || infP) return inf(1, esize);
        int rmode = rmodeOf(fpcr);
        if (zeroA && zeroP) return zero(sa == sp ? sa : rmode == RM ? 1 : 0, esize);
        if (zeroP) return addend;
        fpcr &= ~FPCR_AHP;
        if (zeroA) return mulRound(sp, a, b, esize, rmode, fpcr, c);
        long ma = sig(a, esize), mb = sig(b, esize);
        return sumRound(sa, 0, sig(addend, esize), exp(addend, esize),
                sp, Math.multiplyHigh(ma, mb), ma * mb, exp(a, esize) + exp(b, esize), 0, esize, rmode, fpcr, c);
    }

    public static long max(long a, long b, int esize, Cpu c) { return minMax(a, b, esize, c.fpcr, c, true); }

    public static long min(long a, long b, int esize, Cpu c) { return minMax(a, b, esize, c.fpcr, c, false); }

    public static long max(long a, long b, int esize, int fpcr, Cpu c) { return minMax(a, b, esize, fpcr, c, true); }

    public static long min(long a, long b, int esize, int fpcr, Cpu c) { return minMax(a, b, esize, fpcr, c, false); }

    /** FMAXNM: a quiet NaN loses against a number. */
    public static long maxNum(long a, long b, int esize, Cpu c) { return minMaxNum(a, b, esize, c.fpcr, c, true); }

    public static long minNum(long a, long b, int esize, Cpu c) { return minMaxNum(a, b, esize, c.fpcr, c, false); }

    public static long maxNum(long a, long b, int esize, int fpcr, Cpu c) { return minMaxNum(a, b, esize, fpcr, c, true); }

    public static long minNum(long a, long b, int esize, int fpcr, Cpu c) { return minMaxNum(a, b, esize, fpcr, c, false); }

    private static long minMaxNum(long a, long b, int esize, int fpcr, Cpu c, boolean isMax) {
        long m = mask(esize);
        a &= m;
        b &= m;
        int t1 = type(a, esize, fpcr, c), t2 = type(b, esize, fpcr, c);
        // a single quiet NaN is treated as -∞ (max) or +∞ (min)
        if (t1 == QNAN && t2 != QNAN) a = inf(isMax ? 1 : 0, esize);
        else if (t1 != QNAN && t2 == QNAN) b = inf(isMax ? 1 : 0, esize);
        return minMax(a, b, esize, fpcr, c, isMax);
    }

    /** Orders non-NaN operands by value (a flushed denormal is zero). */
    private static long key(long a, int t, int esize) {
        if (t == ZERO) return 0;
        long mag = a & (mask(esize) >>> 1);
        return sign(a, esize) != 0 ? -mag : mag;
    }

    private static long minMax(long a, long b, int esize, int fpcr, Cpu c, boolean isMax) {
        long m = mask(esize);
        a &= m;
        b &= m;
        int t1 = type(a, esize, fpcr, c), t2 = type(b, esize, fpcr, c);
        if (isNaN(t1) || isNaN(t2)) return processNaNs(t1, t2, a, b, esize, fpcr, c);
        long k1 = key(a, t1, esize), k2 = key(b, t2, esize);
        boolean first = isMax ? k1 > k2 : k1 < k2;
        long r = first ? a : b;
        int t = first ? t1 : t2;
        if (t == ZERO) {
            int s1 = sign(a, esize), s2 = sign(b, esize);
            return zero(isMax ? s1 & s2 : s1 | s2, esize);
        }
        return r; // an infinity, or a representable number FPRound returns unchanged
    }

    /** Sign flip / clear, no NaN processing and no flags (FNEG, FABS). */
    public static long neg(long a, int esize) { return a ^ (1L << (esize - 1)); }

    public static long abs(long a, int esize) { return a & ~(1L << (esize - 1)); }

    /** FABD: |a - b|, the subtraction rounded once (FPAbs(FPSub(a, b)): a NaN result loses its sign too). */
    public static long absDiff(long a, long b, int esize, Cpu c) { return abs(sub(a, b, esize, c.fpcr, c), esize); }

    public static long absDiff(long a, long b, int esize, int fpcr, Cpu c) { return abs(sub(a, b, esize, fpcr, c), esize); }

    // ---- comparisons ------------------------------------------------------------------------

    /** FCMP/FCMPE: the NZCV result (0b0011 unordered); {@code signalNaNs} for FCMPE (any NaN is IOC). */
    public static int compare(long a, long b, int esize, boolean signalNaNs, Cpu c) { return compare(a, b, esize, signalNaNs, c.fpcr, c); }

    public static int compare(long a, long b, int esize, boolean signalNaNs, int fpcr, Cpu c) {
        long m = mask(esize);
        a &= m;
        b &= m;
        int t1 = type(a, esize, fpcr, c), t2 = type(b, esize, fpcr, c);
        if (isNaN(t1) || isNaN(t2)) {
            if (t1 == SNAN || t2 == SNAN || signalNaNs) c.fpsr |= IOC;
            return 0b0011;
        }
        long k1 = key(a, t1, esize), k2 = key(b, t2, esize);
        return k1 == k2 ? 0b0110 : k1 < k2 ? 0b1000 : 0b0010;
    }

    /** FCMEQ (quiet), FCMGE / FCMGT (signalling): true when the relation holds. */
    public static boolean compareEQ(long a, long b, int esize, Cpu c) { return compareEQ(a, b, esize, c.fpcr, c); }

    public static boolean compareGE(long a, long b, int esize, Cpu c) { return compareGE(a, b, esize, c.fpcr, c); }

    public static boolean compareGT(long a, long b, int esize, Cpu c) { return compareGT(a, b, esize, c.fpcr, c); }

    public static boolean compareEQ(long a, long b, int esize, int fpcr, Cpu c) {
        long m = mask(esize);
        a &= m;
        b &= m;
        int t1 = type(a, esize, fpcr, c), t2 = type(b, esize, fpcr, c);
        if (isNaN(t1) || isNaN(t2)) {
            if (t1 == SNAN || t2 == SNAN) c.fpsr |= IOC;
            return false;
        }
        return key(a, t1, esize) == key(b, t2, esize);
    }

    public static boolean compareGE(long a, long b, int esize, int fpcr, Cpu c) {
        long m = mask(esize);
        a &= m;
        b &= m;
        int t1 = type(a, esize, fpcr, c), t2 = type(b, esize, fpcr, c);
        if (isNaN(t1) || isNaN(t2)) {
            c.fpsr |= IOC;
            return false;
        }
        return key(a, t1, esize) >= key(b, t2, esize);
    }

    public static boolean compareGT(long a, long b, int esize, int fpcr, Cpu c) {
        long m = mask(esize);
        a &= m;
        b &= m;
        int t1 = type(a, esize, fpcr, c), t2 = type(b, esize, fpcr, c);
        if (isNaN(t1) || isNaN(t2)) {
            c.fpsr |= IOC;
            return false;
        }
        return key(a, t1, esize) > key(b, t2, esize);
    }

    // ---- rounding and conversion ------------------------------------------------------------

    /** Whether a magnitude q with discarded part rb (0 none, 1 < half, 2 half, 3 > half) rounds up in rmode. */
    private static boolean roundUp(long q, int rb, int sign, int rmode) {
        switch (rmode) {
            case RN: return rb == 3 || (rb == 2 && (q & 1) != 0);
            case RP: return rb != 0 && sign == 0;
            case RM: return rb != 0 && sign != 0;
            case RA: return rb >= 2;
            default: return false;
        }
    }

    /** The discarded part class of m >>> sh (sh >= 1; m < 2^63). */
    private static int discarded(long m, int sh) {
        if (sh >= 64) return m == 0 ? 0 : 1;
        long rem = m & ((1L << sh) - 1), half = 1L << (sh - 1);
        return rem == 0 ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
    }

    /** FRINT*: round to an integral value in {@code rmode} (RN..RA); {@code exact} (FRINTX) raises IXC when inexact. */
    public static long roundInt(long a, int esize, int rmode, boolean exact, Cpu c) { return roundInt(a, esize, rmode, exact, c.fpcr, c); }

    public static long roundInt(long a, int esize, int rmode, boolean exact, int fpcr, Cpu c) {
        a &= mask(esize);
        int t = type(a, esize, fpcr, c);
        if (isNaN(t)) return processNaN(t, a, esize, fpcr, c);
        int s = sign(a, esize);
        if (t == INF) return a;
        if (t == ZERO) return zero(s, esize);
        long m = sig(a, esize);
        int e = exp(a, esize);
        if (e >= 0) return a; // already integral
        int sh = -e;
        long q = sh >= 64 ? 0 : m >>> sh;
        int rb = discarded(m, sh);
        if (roundUp(q, rb, s, rmode)) q++;
        if (rb != 0 && exact) c.fpsr |= IXC;
        if (q == 0) return zero(s, esize);
        return round(s, 0, q, esize, RZ, fpcr & ~FPCR_AHP, c); // exact
    }

    /**
     * FPToFixed: a (esize 32/64) × 2^fbits rounded in {@code rmode} to a signed or unsigned
     * integer of {@code intBits} (32 or 64), saturating with IOC (NaN gives 0 and IOC). The
     * result is the integer's bits (a 32-bit result zero-extended).
     */
    public static long toFixed(long a, int esize, int fbits, boolean unsigned, int rmode, int intBits, Cpu c) {
        return toFixed(a, esize, fbits, unsigned, rmode, intBits, c.fpcr, c);
    }

    public static long toFixed(long a, int esize, int fbits, boolean unsigned, int rmode, int intBits, int fpcr, Cpu c) {
        a &= mask(esize);
        int t = type(a, esize, fpcr, c);
        if (isNaN(t)) {
            c.fpsr |= IOC;
            return 0;
        }
        if (t == ZERO) return 0;
        int s = sign(a, esize);
        long imask = intBits == 64 ? -1L : (1L << intBits) - 1;
        // saturation limits of the magnitude
        long posMax = unsigned ? imask : imask >>> 1;
        long negMax = unsigned ? 0 : (imask >>> 1) + 1; // magnitude of the most negative value
        boolean ovf = false;
        long q = 0;
        int rb = 0;
        if (t == INF) {
            ovf = true;
        } else {
            long m = sig(a, esize);
            int e = exp(a, esize) + fbits;
            if (e >= 0) {
                if (64 - Long.numberOfLeadingZeros(m) + e > 64) ovf = true;
                else q = m << e;
            } else {
                int sh = -e;
                q = sh >= 64 ? 0 : m >>> sh;
                rb = discarded(m, sh);
                if (roundUp(q, rb, s, rmode)) {
                    q++;
                    if (q == 0) ovf = true; // carried out of 64 bits
                }
            }
            if (!ovf) ovf = Long.compareUnsigned(q, s == 0 ? posMax : negMax) > 0;
        }
        if (ovf) {
            c.fpsr |= IOC;
            return s == 0 ? posMax : (-negMax) & imask;
        }
        if (rb != 0) c.fpsr |= IXC;
        return (s == 0 ? q : -q) & imask;
    }

    /** FixedToFP: the {@code intBits}-bit (32/64) integer v / 2^fbits, rounded in {@code rmode} to esize (16/32/64). */
    public static long fixedToFP(long v, int intBits, int fbits, boolean unsigned, int esize, int rmode, Cpu c) {
        return fixedToFP(v, intBits, fbits, unsigned, esize, rmode, c.fpcr, c);
    }

    public static long fixedToFP(long v, int intBits, int fbits, boolean unsigned, int esize, int rmode, int fpcr, Cpu c) {
        int s = 0;
        long mag;
        if (intBits < 64) v = unsigned ? v & ((1L << intBits) - 1) : (v << (64 - intBits)) >> (64 - intBits);
        if (!unsigned && v < 0) {
            s = 1;
            mag = -v;
        } else {
            mag = v;
        }
        if (mag == 0) return 0; // +0
        int e = -fbits;
        if (mag < 0) { // 2^63 or more as unsigned
            mag = (mag >>> 1) | (mag & 1);
            e++;
        }
        return round(s, e, mag, esize, rmode, fpcr & ~FPCR_AHP, c);
    }

    /**
     * FPConvert between half (16, IEEE or FPCR.AHP's alternative format), single and double,
     * rounding in {@code rmode} (FPCR's for FCVT, RO for FCVTXN).
     */
    public static long convert(long a, int fromSize, int toSize, int rmode, Cpu c) { return convert(a, fromSize, toSize, rmode, c.fpcr, c); }

    public static long convert(long a, int fromSize, int toSize, int rmode, int fpcr, Cpu c) {
        a &= mask(fromSize);
        int t = type(a, fromSize, fpcr, c);
        int s = sign(a, fromSize);
        boolean altHp = toSize == 16 && (fpcr & FPCR_AHP) != 0;
        if (isNaN(t)) {
            if (t == SNAN || altHp) c.fpsr |= IOC;
            if (altHp) return zero(s, 16);
            if ((fpcr & FPCR_DN) != 0) return defaultNaN(toSize);
            return convertNaN(a, fromSize, toSize);
        }
        if (t == INF) {
            if (altHp) {
                c.fpsr |= IOC;
                return ((long) s << 15) | 0x7FFF;
            }
            return inf(s, toSize);
        }
        if (t == ZERO) return zero(s, toSize);
        return round(s, exp(a, fromSize), sig(a, fromSize), toSize, rmode, fpcr, c);
    }

    /** FPConvertNaN: quiet, keep the sign and the top of the payload. */
    static long convertNaN(long a, int fromSize, int toSize) {
        int s = sign(a, fromSize);
        long frac51; // the payload below the quiet bit, as 51 bits
        if (fromSize == 64) frac51 = a & ((1L << 51) - 1);
        else if (fromSize == 32) frac51 = (a & ((1L << 22) - 1)) << 29;
        else frac51 = (a & ((1L << 9) - 1)) << 42;
        if (toSize == 64) return ((long) s << 63) | (0xFFFL << 51) | frac51;
        if (toSize == 32) return ((long) s << 31) | (0x1FFL << 22) | (frac51 >>> 29);
        return ((long) s << 15) | (0x3FL << 9) | (frac51 >>> 42);
    }

    // ---- estimates and Newton-Raphson steps ---------------------------------------------------

    /** RecipEstimate (v8.0, 8-bit): a in 256..511 → 256..511. */
    static int recipEstimateInt(int a) {
        a = a * 2 + 1;
        int b = (1 << 19) / a;
        return (b + 1) >> 1;
    }

    private static final byte[] RSQRT_TABLE = new byte[384];

    static {
        for (int a = 128; a < 512; a++) RSQRT_TABLE[a - 128] = (byte) recipSqrtEstimateSlow(a);
    }

    /** RecipSqrtEstimate (v8.0), computed as the pseudocode does. */
    static int recipSqrtEstimateSlow(int a) {
        if (a < 256) a = a * 2 + 1;
        else {
            a = (a >> 1) << 1;
            a = (a + 1) * 2;
        }
        long b = 512;
        while (a * (b + 1) * (b + 1) < (1L << 28)) b++;
        return (int) ((b + 1) >> 1);
    }

    /** RecipSqrtEstimate: a in 128..511 → 256..511. */
    static int recipSqrtEstimateInt(int a) { return 256 | (RSQRT_TABLE[a - 128] & 0xFF); }

    public static long recipEstimate(long a, int esize, Cpu c) { return recipEstimate(a, esize, c.fpcr, c); }

    public static long recipEstimate(long a, int esize, int fpcr, Cpu c) {
        a &= mask(esize);
        int t = type(a, esize, fpcr, c);
        if (isNaN(t)) return processNaN(t, a, esize, fpcr, c);
        int s = sign(a, esize);
        if (t == INF) return zero(s, esize);
        if (t == ZERO) {
            c.fpsr |= DZC;
            return inf(s, esize);
        }
        long m = sig(a, esize);
        int log2 = exp(a, esize) + 63 - Long.numberOfLeadingZeros(m); // floor(log2 |value|)
        int tinyBelow = esize == 16 ? -16 : esize == 32 ? -128 : -1024;
        if (log2 < tinyBelow) {
            boolean ovfInf;
            switch (rmodeOf(fpcr)) {
                case RN: ovfInf = true; break;
                case RP: ovfInf = s == 0; break;
                case RM: ovfInf = s != 0; break;
                default: ovfInf = false; break;
            }
            c.fpsr |= OFC | IXC;
            return ovfInf ? inf(s, esize) : maxNormal(s, esize);
        }
        int bigFrom = esize == 16 ? 14 : esize == 32 ? 126 : 1022;
        if (esize != 16 && (fpcr & FPCR_FZ) != 0 && log2 >= bigFrom) {
            c.fpsr |= UFC;
            return zero(s, esize);
        }
        int f = fracBits(esize);
        long fraction = (a & ((1L << f) - 1)) << (52 - f); // 52 bits
        int e = (int) (a >>> f) & ((1 << expBits(esize)) - 1);
        if (e == 0) {
            if ((fraction >>> 51) == 0) {
                e = -1;
                fraction = (fraction << 2) & ((1L << 52) - 1);
            } else {
                fraction = (fraction << 1) & ((1L << 52) - 1);
            }
        }
        int scaled = 256 | (int) (fraction >>> 44);
        int resultExp = (esize == 16 ? 29 : esize == 32 ? 253 : 2045) - e;
        long est = recipEstimateInt(scaled);
        fraction = (est & 0xFF) << 44;
        if (resultExp == 0) {
            fraction = (1L << 51) | (fraction >>> 1);
        } else if (resultExp == -1) {
            fraction = (1L << 50) | (fraction >>> 2);
            resultExp = 0;
        }
        return ((long) s << (esize - 1)) | ((long) resultExp << f) | (fraction >>> (52 - f));
    }

    public static long rsqrtEstimate(long a, int esize, Cpu c) { return rsqrtEstimate(a, esize, c.fpcr, c); }

    public static long rsqrtEstimate(long a, int esize, int fpcr, Cpu c) {
        a &= mask(esize);
        int t = type(a, esize, fpcr, c);
        if (isNaN(t)) return processNaN(t, a, esize, fpcr, c);
        int s = sign(a, esize);
        if (t == ZERO) {
            c.fpsr |= DZC;
            return inf(s, esize);
        }
        if (s != 0) {
            c.fpsr |= IOC;
            return defaultNaN(esize);
        }
        if (t == INF) return 0;
        int f = fracBits(esize);
        long fraction = (a & ((1L << f) - 1)) << (52 - f);
        int e = (int) (a >>> f) & ((1 << expBits(esize)) - 1);
        if (e == 0) {
            while ((fraction >>> 51) == 0) {
                fraction <<= 1;
                e--;
            }
            fraction = (fraction << 1) & ((1L << 52) - 1);
        }
        int scaled = (e & 1) == 0 ? 256 | (int) (fraction >>> 44) : 128 | (int) (fraction >>> 45);
        int resultExp = ((esize == 16 ? 44 : esize == 32 ? 380 : 3068) - e) / 2;
        long est = recipSqrtEstimateInt(scaled);
        return ((long) resultExp << f) | ((est & 0xFF) << (f - 8));
    }

    /** FRECPS: 2.0 - a × b, fused (0 × ∞ gives 2.0). */
    public static long recipStepFused(long a, long b, int esize, Cpu c) { return stepFused(a, b, esize, c.fpcr, c, false); }

    /** FRSQRTS: (3.0 - a × b) / 2, fused (0 × ∞ gives 1.5). */
    public static long rsqrtStepFused(long a, long b, int esize, Cpu c) { return stepFused(a, b, esize, c.fpcr, c, true); }

    public static long recipStepFused(long a, long b, int esize, int fpcr, Cpu c) { return stepFused(a, b, esize, fpcr, c, false); }

    public static long rsqrtStepFused(long a, long b, int esize, int fpcr, Cpu c) { return stepFused(a, b, esize, fpcr, c, true); }

    private static long stepFused(long a, long b, int esize, int fpcr, Cpu c, boolean rsqrt) {
        long m = mask(esize);
        a = (a & m) ^ (1L << (esize - 1)); // op1 = FPNeg(op1), before the NaN checks
        b &= m;
        int t1 = type(a, esize, fpcr, c), t2 = type(b, esize, fpcr, c);
        if (isNaN(t1) || isNaN(t2)) return processNaNs(t1, t2, a, b, esize, fpcr, c);
        if ((t1 == INF && t2 == ZERO) || (t1 == ZERO && t2 == INF)) return rsqrt ? onePointFive(esize) : two(0, esize);
        int sp = sign(a, esize) ^ sign(b, esize);
        if (t1 == INF || t2 == INF) return inf(sp, esize);
        int rmode = rmodeOf(fpcr);
        fpcr &= ~FPCR_AHP;
        if (t1 == ZERO || t2 == ZERO) return rsqrt ? onePointFive(esize) : two(0, esize);
        long ma = sig(a, esize), mb = sig(b, esize);
        // 2.0 = 1 × 2^1; 3.0 = 3 × 2^0, the sum halved
        return sumRound(0, 0, rsqrt ? 3 : 1, rsqrt ? 0 : 1, sp, Math.multiplyHigh(ma, mb), ma * mb,
                exp(a, esize) + exp(b, esize), rsqrt ? -1 : 0, esize, rmode, fpcr, c);
    }

    /** FRECPX. */
    public static long recpX(long a, int esize, Cpu c) { return recpX(a, esize, c.fpcr, c); }

    public static long recpX(long a, int esize, int fpcr, Cpu c) {
        a &= mask(esize);
        int t = type(a, esize, fpcr, c);
        if (isNaN(t)) return processNaN(t, a, esize, fpcr, c);
        int f = fracBits(esize), eb = expBits(esize);
        long e = (a >>> f) & ((1L << eb) - 1);
        long maxExp = (1L << eb) - 2;
        long re = e == 0 ? maxExp : ~e & ((1L << eb) - 1);
        return ((long) sign(a, esize) << (esize - 1)) | (re << f);
    }

    /** URECPE on one 32-bit element. */
    public static int unsignedRecipEstimate(int a) {
        if (a >= 0) return -1;
        return recipEstimateInt(a >>> 23) << 23;
    }

    /** URSQRTE on one 32-bit element. */
    public static int unsignedRSqrtEstimate(int a) {
        if ((a >>> 30) == 0) return -1;
        return recipSqrtEstimateInt(a >>> 23) << 23;
    }
}
