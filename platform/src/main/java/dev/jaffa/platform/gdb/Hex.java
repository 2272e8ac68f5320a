package dev.jaffa.platform.gdb;

/** The remote protocol's encodings: hex byte strings, little-endian register values, binary escapes. */
final class Hex {
    private Hex() {}

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    static String encode(byte[] b) { return encode(b, 0, b.length); }

    static String encode(byte[] b, int off, int len) {
        char[] out = new char[2 * len];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xFF;
            out[2 * i] = DIGITS[v >>> 4];
            out[2 * i + 1] = DIGITS[v & 0xF];
        }
        return new String(out);
    }

    /** Decodes pairs of hex digits; {@code expected} is the byte count required, or -1 for any. */
    static byte[] decode(String hex, int expected) {
        if ((hex.length() & 1) != 0 || expected >= 0 && hex.length() != 2 * expected) {
            throw new IllegalArgumentException("bad hex length");
        }
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16), lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) throw new IllegalArgumentException("bad hex digit");
            b[i] = (byte) (hi << 4 | lo);
        }
        return b;
    }

    /** The low {@code bytes} bytes of {@code v}, least significant first (target byte order). */
    static String le(long v, int bytes) {
        char[] out = new char[2 * bytes];
        for (int i = 0; i < bytes; i++) {
            int b = (int) (v >>> 8 * i) & 0xFF;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0xF];
        }
        return new String(out);
    }

    /** A little-endian value of up to 8 bytes. */
    static long parseLe(String hex) {
        byte[] b = decode(hex, -1);
        if (b.length > 8) throw new IllegalArgumentException("too long");
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xFF);
        return v;
    }

    /** The X packet's binary data: '}' escapes the next byte, XORed with 0x20. */
    static byte[] unescapeBinary(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '}') {
                if (++i >= s.length()) throw new IllegalArgumentException("dangling escape");
                out.write(s.charAt(i) ^ 0x20);
            } else {
                out.write(ch);
            }
        }
        return out.toByteArray();
    }
}
