package dev.jaffa.platform;

/** Parses memory sizes as QEMU's {@code -m} does: a number with an optional K, M, G suffix (default M). */
final class SizeParser {
    private SizeParser() {}

    static long parse(String s) {
        String t = s.trim().toUpperCase(java.util.Locale.ROOT);
        if (t.endsWith("B")) t = t.substring(0, t.length() - 1);
        long unit = 1L << 20;
        if (!t.isEmpty()) {
            char last = t.charAt(t.length() - 1);
            int shift = "KMGT".indexOf(last);
            if (shift >= 0) {
                unit = 1L << (10 * (shift + 1));
                t = t.substring(0, t.length() - 1);
            }
        }
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid size '" + s + "' (use e.g. 512M or 2G)");
        }
        if (n <= 0 || n > (64L << 30) / unit) throw new IllegalArgumentException("size '" + s + "' out of range (4K..64G)");
        long bytes = n * unit;
        if (bytes % 4096 != 0) throw new IllegalArgumentException("size '" + s + "' is not a multiple of 4 KiB");
        return bytes;
    }
}
