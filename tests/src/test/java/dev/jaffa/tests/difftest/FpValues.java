package dev.jaffa.tests.difftest;

import java.util.SplittableRandom;

/**
 * Initial SIMD&FP state for the differential test: V registers filled lane by lane with values
 * that exercise the corner cases of FP and saturating integer arithmetic, and FPCR settings.
 *
 * <p>Each register gets one element size (B, H, S or D), chosen at random, and each lane a special
 * value of that size (signalling and quiet NaNs of either sign with random payloads, +-0, +-inf,
 * subnormals, the smallest and largest normals, values next to the integer conversion limits 2^15,
 * 2^16, 2^31, 2^32, 2^63 and 2^64, halfway cases 0.5, 1.5, 2.5, ..., +-1, integer limits of the
 * lane size) or random bits.
 */
final class FpValues {
    private FpValues() {}

    /** FPCR.AHP (26), DN (25), FZ (24) and RMode (23:22): 32 combinations. */
    static final int FPCR_FIELDS_SHIFT = 22, FPCR_COMBINATIONS = 32;

    /** One of the 32 AHP x DN x FZ x RMode settings, uniformly. */
    static int fpcr(SplittableRandom rnd) { return rnd.nextInt(FPCR_COMBINATIONS) << FPCR_FIELDS_SHIFT; }

    /** V0..V31 as {low, high} pairs. */
    static long[] vregs(SplittableRandom rnd) {
        long[] v = new long[64];
        for (int r = 0; r < 32; r++) {
            int sz = rnd.nextInt(5);   // 0 B, 1 H, 2 S, 3 D, 4 random bits
            for (int half = 0; half < 2; half++) {
                long w = 0;
                if (sz == 4) w = rnd.nextLong();
                else for (int bit = 0; bit < 64; bit += 8 << sz) w |= (lane(rnd, sz) & mask(sz)) << bit;
                v[2 * r + half] = w;
            }
        }
        return v;
    }

    private static long mask(int sz) { return sz == 3 ? -1L : (1L << (8 << sz)) - 1; }

    /** A value for one lane of size 8 << sz bits (zero-extended). */
    static long lane(SplittableRandom rnd, int sz) {
        int k = rnd.nextInt(10);
        if (k < 3) return rnd.nextLong() & mask(sz);                // random bits
        if (k < 5 || sz == 0) return intEdge(rnd, sz);                // integer limits
        switch (sz) {
            case 1: return half(rnd);
            case 2: return single(rnd);
            default: return dbl(rnd);
        }
    }

    private static long intEdge(SplittableRandom rnd, int sz) {
        int bits = 8 << sz;
        long min = 1L << (bits - 1), max = min - 1;
        long[] e = {0, 1, 2, mask(sz), mask(sz) - 1, min, max, min + 1, max - 1,
                    0x5555_5555_5555_5555L, 0xAAAA_AAAA_AAAA_AAAAL, bits - 1, bits, bits + 1, 0x80, 0x7F, 0xFF};
        return e[rnd.nextInt(e.length)] & mask(sz);
    }

    /** An IEEE value of {@code ebits} exponent bits and {@code mbits} fraction bits. */
    private static long special(SplittableRandom rnd, int ebits, int mbits) {
        long sign = rnd.nextBoolean() ? 1L << (ebits + mbits) : 0;
        long expMax = (1L << ebits) - 1, fracMask = (1L << mbits) - 1, quiet = 1L << (mbits - 1);
        long exp, frac;
        switch (rnd.nextInt(9)) {
            case 0: exp = 0; frac = 0; break;                                                 // +-0
            case 1: exp = expMax; frac = 0; break;                                            // +-inf
            case 2: exp = expMax; frac = quiet | (rnd.nextBoolean() ? 0 : rnd.nextLong() & (quiet - 1)); break;   // qNaN
            case 3: exp = expMax; frac = 1 + (rnd.nextLong() & (quiet - 1)) % (quiet - 1); break;                 // sNaN
            case 4: {                                                                          // subnormal
                long[] f = {1, fracMask, quiet, rnd.nextLong() & fracMask | 1};
                exp = 0; frac = f[rnd.nextInt(f.length)];
                break;
            }
            case 5: {                                                                          // min/max normal, near 1
                long[][] ef = {{1, 0}, {expMax - 1, fracMask}, {1, fracMask}, {expMax - 1, 0},
                               {(expMax >> 1), 1}, {(expMax >> 1) - 1, fracMask}};
                long[] p = ef[rnd.nextInt(ef.length)];
                exp = p[0]; frac = p[1];
                break;
            }
            default: {                                                                         // random finite
                int bias = (int) (expMax >> 1);
                int spread = rnd.nextInt(4) == 0 ? bias : Math.min(bias, 70);
                exp = bias + rnd.nextInt(-spread, spread + 1);
                if (exp <= 0) exp = 1;
                if (exp >= expMax) exp = expMax - 1;
                frac = rnd.nextBoolean() ? rnd.nextLong() & fracMask
                        : (rnd.nextLong() & fracMask) & ~((1L << rnd.nextInt(mbits)) - 1);   // short fractions
            }
        }
        return sign | exp << mbits | frac;
    }

    private static final double[] DOUBLES = {
        0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 1, -1, 2, 0.25, 0.75, 255.5, 256, 65535.5, 65536, 127.5, 128, -128.5,
        32767.5, 32768, -32768.5, 0x1p31, -0x1p31, 0x1p32, 0x1p63, -0x1p63, 0x1p64, 0x1p15, 0x1p16,
        0x1p31 - 0.5, 0x1p32 - 0.5, -0x1p31 - 0.5, -0x1p31 - 1, 0x1p31 - 1, 0x1p32 - 1, 0x1p32 + 1,
        Math.nextDown(0x1p63), Math.nextUp(0x1p63), Math.nextDown(0x1p64), Math.nextUp(0x1p64),
        Math.nextDown(-0x1p63), Math.nextUp(-0x1p63), Math.nextDown(1.0), Math.nextUp(1.0), Math.nextDown(0.5),
        0.1, 1e-300, 1e300, Double.MIN_NORMAL * 0.5, Double.MIN_NORMAL, Math.PI, 3.0, 10.0, 1.0 / 3,
        0x1p-1022 + 0x1p-1074, 0x1p-126, 0x1p-127, 0x1p-149, 0x1p-150, 0x1.fffffep127, 0x1.ffffffp127, 0x1p128,
        0x1p-14, 0x1p-24, 0x1p-25, 65504.0, 65520.0, 0x1.ffcp15, 0x1.ffep15,
    };

    private static final float[] FLOATS = {
        0.5f, 1.5f, 2.5f, 3.5f, -0.5f, -1.5f, -2.5f, 1f, -1f, 2f, 0.25f, 255.5f, 65535.5f, 32767.5f, -32768.5f,
        0x1p31f, -0x1p31f, 0x1p32f, 0x1p63f, -0x1p63f, 0x1p64f, 0x1p15f, 0x1p16f, 0x1p-14f, 0x1p-24f, 0x1p-25f,
        Math.nextDown(0x1p31f), Math.nextUp(0x1p31f), Math.nextDown(0x1p32f), Math.nextDown(-0x1p31f),
        Math.nextUp(-0x1p31f), Math.nextDown(0x1p63f), Math.nextDown(0x1p64f), Math.nextUp(0x1p64f), Math.nextDown(-0x1p63f),
        Math.nextDown(1f), Math.nextUp(1f), 0.1f, 3f, 10f, 65504f, 65520f, 65519.99f, Float.MIN_NORMAL, 0x1p-127f,
        (float) Math.PI, 1f / 3,
    };

    private static final short[] HALVES = {
        0x3800, 0x3E00, 0x4100, 0x4300, (short) 0xB800, (short) 0xBE00, (short) 0xC100, 0x3C00, (short) 0xBC00,
        0x4000, 0x3400, 0x7BFF, (short) 0xFBFF, 0x0400, (short) 0x8400, 0x03FF, 0x0001, 0x3BFF, 0x3C01,
        0x7800, 0x77FF, 0x5BF8, 0x57F8, 0x2E66, 0x4248,
    };

    private static long dbl(SplittableRandom rnd) {
        return rnd.nextBoolean() ? special(rnd, 11, 52)
                : Double.doubleToRawLongBits(DOUBLES[rnd.nextInt(DOUBLES.length)]);
    }

    private static long single(SplittableRandom rnd) {
        return rnd.nextBoolean() ? special(rnd, 8, 23)
                : Float.floatToRawIntBits(FLOATS[rnd.nextInt(FLOATS.length)]) & 0xFFFF_FFFFL;
    }

    private static long half(SplittableRandom rnd) {
        return rnd.nextBoolean() ? special(rnd, 5, 10) : HALVES[rnd.nextInt(HALVES.length)] & 0xFFFFL;
    }
}
