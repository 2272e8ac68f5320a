package dev.jaffa.devices;

/**
 * The SplitMix64 generator of {@link java.util.SplittableRandom} (same seed, same outputs), with its
 * one word of state open so a snapshot can save and restore it.
 */
final class SeededRandom {
    private static final long GOLDEN_GAMMA = 0x9e37_79b9_7f4a_7c15L;
    /** The generator's state: advanced by the gamma before every output. */
    long seed;

    SeededRandom(long seed) { this.seed = seed; }

    long nextLong() {
        long z = seed += GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }

    int nextInt() {
        long z = seed += GOLDEN_GAMMA;
        z = (z ^ (z >>> 33)) * 0x62a9_d9ed_7997_05f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24_d0a5_c88c_35b3L) >>> 32);
    }

    /** Eight bytes per output, least significant first, as SplittableRandom.nextBytes. */
    void nextBytes(byte[] b) {
        int i = 0, len = b.length;
        for (int words = len >> 3; words-- > 0; ) {
            long r = nextLong();
            for (int n = 8; n-- > 0; r >>>= 8) b[i++] = (byte) r;
        }
        if (i < len) {
            for (long r = nextLong(); i < len; r >>>= 8) b[i++] = (byte) r;
        }
    }
}
