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
 * from {@code c.fpcr}; exceptions are accumulated into {@code c.fpsr} (IOC, DZC, OFC, UFC, IXC,
 * IDC). Nothing allocates.
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

    // ---- arithmetic (esize 32 or 64) ----------------------------------------------------------

    public static long add(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    public static long sub(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    public static long mul(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    /** FMULX: as mul, but 0 × ∞ gives ±2.0. */
    public static long mulX(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    public static long div(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    public static long sqrt(long a, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    /** FPMulAdd: addend + a × b with a single rounding (FMADD, FMLA; negate operands for the others). */
    public static long mulAdd(long addend, long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    public static long max(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    public static long min(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    /** FMAXNM: a quiet NaN loses against a number. */
    public static long maxNum(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    public static long minNum(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    /** Sign flip / clear, no NaN processing and no flags (FNEG, FABS). */
    public static long neg(long a, int esize) { return a ^ (1L << (esize - 1)); }
    public static long abs(long a, int esize) { return a & ~(1L << (esize - 1)); }
    /** FABD: |a - b|, the subtraction rounded once. */
    public static long absDiff(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }

    // ---- comparisons ------------------------------------------------------------------------

    /** FCMP/FCMPE: the NZCV result (0b0011 unordered); {@code signalNaNs} for FCMPE (any NaN is IOC). */
    public static int compare(long a, long b, int esize, boolean signalNaNs, Cpu c) { throw new UnsupportedOperationException(); }
    /** FCMEQ (quiet), FCMGE / FCMGT (signalling): true when the relation holds. */
    public static boolean compareEQ(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    public static boolean compareGE(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    public static boolean compareGT(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }

    // ---- rounding and conversion ------------------------------------------------------------

    /** FRINT*: round to an integral value in {@code rmode} (RN..RA); {@code exact} (FRINTX) raises IXC when inexact. */
    public static long roundInt(long a, int esize, int rmode, boolean exact, Cpu c) { throw new UnsupportedOperationException(); }

    /**
     * FPToFixed: a (esize 32/64) × 2^fbits rounded in {@code rmode} to a signed or unsigned
     * integer of {@code intBits} (32 or 64), saturating with IOC (NaN gives 0 and IOC). The
     * result is the integer's bits (a 32-bit result zero-extended).
     */
    public static long toFixed(long a, int esize, int fbits, boolean unsigned, int rmode, int intBits, Cpu c) { throw new UnsupportedOperationException(); }

    /** FixedToFP: the {@code intBits}-bit (32/64) integer v / 2^fbits, rounded in {@code rmode} to esize (32/64). */
    public static long fixedToFP(long v, int intBits, int fbits, boolean unsigned, int esize, int rmode, Cpu c) { throw new UnsupportedOperationException(); }

    /**
     * FPConvert between half (16, IEEE or FPCR.AHP's alternative format), single and double,
     * rounding in {@code rmode} (FPCR's for FCVT, RO for FCVTXN).
     */
    public static long convert(long a, int fromSize, int toSize, int rmode, Cpu c) { throw new UnsupportedOperationException(); }

    // ---- estimates and Newton-Raphson steps ---------------------------------------------------

    public static long recipEstimate(long a, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    public static long rsqrtEstimate(long a, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    /** FRECPS: 2.0 - a × b, fused (0 × ∞ gives 2.0). */
    public static long recipStepFused(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    /** FRSQRTS: (3.0 - a × b) / 2, fused (0 × ∞ gives 1.5). */
    public static long rsqrtStepFused(long a, long b, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    /** FRECPX. */
    public static long recpX(long a, int esize, Cpu c) { throw new UnsupportedOperationException(); }
    /** URECPE on one 32-bit element. */
    public static int unsignedRecipEstimate(int a) { throw new UnsupportedOperationException(); }
    /** URSQRTE on one 32-bit element. */
    public static int unsignedRSqrtEstimate(int a) { throw new UnsupportedOperationException(); }
}
