package dev.jaffa.interp.integer;

/** Arithmetic shared by the instruction semantics: flags, conditions, bit masks, CRC. */
public final class Alu {
    private Alu() {}

    /** For each condition code, a 16-bit set of the NZCV values that satisfy it (Arm ARM C1.2.4). */
    private static final int[] CONDITION_SETS = new int[16];
    static {
        for (int f = 0; f < 16; f++) {
            boolean n = (f & 8) != 0, z = (f & 4) != 0, c = (f & 2) != 0, v = (f & 1) != 0;
            boolean[] base = {z, c, n, v, c && !z, n == v, !z && n == v, true};
            for (int cond = 0; cond < 16; cond++) {
                boolean r = base[cond >>> 1];
                if ((cond & 1) != 0 && cond != 15) r = !r;
                if (r) CONDITION_SETS[cond] |= 1 << f;
            }
        }
    }

    public static boolean conditionHolds(int cond, int nzcv) {
        return (CONDITION_SETS[cond] >>> nzcv & 1) != 0;
    }

    /** NZCV of a 64-bit a + b + carryIn whose result is r. */
    public static int addFlags64(long a, long b, long r) {
        int c = (int) (((a & b) | ((a | b) & ~r)) >>> 63);
        int v = (int) ((((a ^ r) & (b ^ r)) >>> 63));
        return (int) (r >>> 63) << 3 | (r == 0 ? 4 : 0) | c << 1 | v;
    }

    /** NZCV of a 32-bit a + b + carryIn whose result is r. */
    public static int addFlags32(int a, int b, int r) {
        int c = ((a & b) | ((a | b) & ~r)) >>> 31;
        int v = (((a ^ r) & (b ^ r)) >>> 31);
        return (r >>> 31) << 3 | (r == 0 ? 4 : 0) | c << 1 | v;
    }

    /** NZCV for logical results: N and Z from the value, C = V = 0. */
    public static int logicFlags64(long r) { return (int) (r >>> 63) << 3 | (r == 0 ? 4 : 0); }

    public static int logicFlags32(int r) { return (r >>> 31) << 3 | (r == 0 ? 4 : 0); }

    /** Shifts for the shifted-register forms: 0 LSL, 1 LSR, 2 ASR, 3 ROR. */
    public static long shift64(long v, int type, int amount) {
        switch (type) {
            case 0: return v << amount;
            case 1: return v >>> amount;
            case 2: return v >> amount;
            default: return Long.rotateRight(v, amount);
        }
    }

    public static int shift32(int v, int type, int amount) {
        switch (type) {
            case 0: return v << amount;
            case 1: return v >>> amount;
            case 2: return v >> amount;
            default: return Integer.rotateRight(v, amount);
        }
    }

    /** ROR(v, n) at 64 bits, or of the low 32 bits (zero-extended) when !sf. */
    public static long ror(long v, int n, boolean sf) {
        return sf ? Long.rotateRight(v, n) : Integer.rotateRight((int) v, n) & 0xFFFF_FFFFL;
    }

    /** ExtendReg: option 0-3 UXTB/H/W/X, 4-7 SXTB/H/W/X, then shifted left. */
    public static long extend(long v, int option, int shift) {
        switch (option) {
            case 0: v &= 0xFF; break;
            case 1: v &= 0xFFFF; break;
            case 2: v &= 0xFFFF_FFFFL; break;
            case 4: v = (byte) v; break;
            case 5: v = (short) v; break;
            case 6: v = (int) v; break;
            default: break;
        }
        return v << shift;
    }

    /**
     * Whether (N, imms) is a valid DecodeBitMasks input (Arm ARM shared pseudocode): an element
     * size exists, and for logical immediates the run of ones is not the whole element.
     */
    public static boolean bitMaskValid(int n, int imms, boolean immediate) {
        int len = highestSetBit((n << 6) | (~imms & 0x3F));
        if (len < 1) return false;
        int levels = (1 << len) - 1;
        return !(immediate && (imms & levels) == levels);
    }

    private static int highestSetBit(int v) { return 31 - Integer.numberOfLeadingZeros(v); }

    private static long ones(int n) { return n >= 64 ? -1L : (1L << n) - 1; }

    private static long replicate(long elem, int esize) {
        long r = elem;
        for (int s = esize; s < 64; s <<= 1) r |= r << s;
        return r;
    }

    /** The "wmask" of DecodeBitMasks: the rotated run of S+1 ones, replicated. */
    public static long wmask(int n, int imms, int immr) {
        int len = highestSetBit((n << 6) | (~imms & 0x3F));
        int levels = (1 << len) - 1, esize = 1 << len;
        int s = imms & levels, r = immr & levels;
        long welem = ones(s + 1);
        if (r != 0) welem = ((welem >>> r) | (welem << (esize - r))) & ones(esize);
        return replicate(welem, esize);
    }

    /** The "tmask" of DecodeBitMasks: a run of (S-R)+1 ones (mod esize), replicated. */
    public static long tmask(int n, int imms, int immr) {
        int len = highestSetBit((n << 6) | (~imms & 0x3F));
        int levels = (1 << len) - 1, esize = 1 << len;
        int d = ((imms & levels) - (immr & levels)) & (esize - 1);
        return replicate(ones(d + 1), esize);
    }

    // CRC32 (polynomial 0x04C11DB7) and CRC32C (0x1EDC6F41), bit-reflected as the A64 CRC32*
    // instructions compute them, without the initial/final inversion software usually adds.
    private static final int[] CRC32_TABLE = crcTable(0xEDB88320);
    private static final int[] CRC32C_TABLE = crcTable(0x82F63B78);

    private static int[] crcTable(int reflectedPoly) {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ reflectedPoly : c >>> 1;
            t[i] = c;
        }
        return t;
    }

    /** Accumulates the low {@code bytes} bytes of {@code data} into {@code acc}. */
    public static int crc(int acc, long data, int bytes, boolean castagnoli) {
        int[] t = castagnoli ? CRC32C_TABLE : CRC32_TABLE;
        for (int i = 0; i < bytes; i++) {
            acc = (acc >>> 8) ^ t[(acc ^ (int) (data >>> (8 * i))) & 0xFF];
        }
        return acc;
    }

    /** Unsigned high half of a 64x64 product (Math.unsignedMultiplyHigh is Java 18+). */
    public static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** NZCV of a + b, or of a - b when {@code sub}, at 64 or 32 bits (CCMP, CCMN). */
    public static int addSubFlags(long a, long b, boolean sub, boolean sf) {
        if (sf) return sub ? addFlags64(a, ~b, a - b) : addFlags64(a, b, a + b);
        int x = (int) a, y = (int) b;
        return sub ? addFlags32(x, ~y, x - y) : addFlags32(x, y, x + y);
    }

    /** UDIV/SDIV: 0 for a zero divisor, MIN / -1 = MIN; the 32-bit form of the low halves, zero-extended. */
    public static long divide(long a, long b, boolean signed, boolean sf) {
        if (sf) return b == 0 ? 0 : signed ? a / b : Long.divideUnsigned(a, b);
        int x = (int) a, y = (int) b;
        return y == 0 ? 0 : (signed ? x / y : Integer.divideUnsigned(x, y)) & 0xFFFF_FFFFL;
    }

    /** CLS: the number of bits below the sign bit that equal it, at 64 bits or of the low 32 bits. */
    public static long cls(long v, boolean sf) {
        if (sf) return Long.numberOfLeadingZeros(v ^ (v >> 1)) - 1;
        int w = (int) v;
        return Integer.numberOfLeadingZeros(w ^ (w >> 1)) - 1;
    }

    /** REV16: the bytes of each halfword swapped. */
    public static long rev16(long v) {
        return ((v & 0x00FF00FF00FF00FFL) << 8) | ((v >>> 8) & 0x00FF00FF00FF00FFL);
    }

    /** REV32: the bytes of each word reversed. */
    public static long rev32(long v) {
        return Long.reverseBytes(Long.rotateLeft(v, 32));
    }
}
