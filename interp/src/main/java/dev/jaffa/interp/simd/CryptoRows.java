package dev.jaffa.interp.simd;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.isa.Row;

/**
 * The Cryptographic Extension of Armv8.0 as a Cortex-A57 has it: AES (AESE, AESD, AESMC, AESIMC),
 * SHA-1 and SHA-256 (SHA1C/P/M/H/SU0/SU1, SHA256H/H2/SU0/SU1), and PMULL/PMULL2 (8x8 -> 16 of the
 * base Advanced SIMD, and 64x64 -> 128 of the extension). Written from the Arm ARM's pseudocode
 * (shared/functions/crypto): the AES state is the 128-bit register with byte i at row i % 4,
 * column i / 4 (FIPS-197's column-major order); SHA words are the 32-bit elements.
 * SHA512, SHA3, SM3 and SM4 (Armv8.2) are not here, so their encodings stay UNDEFINED.
 */
public final class CryptoRows {
    private CryptoRows() {}

    public static Row[] rows() {
        int fp = Row.FP;
        return new Row[] {
            Row.of("AESE", "01001110 00 10100 00100 10 Vn:5 Vd:5", "aese {Vd.16b}, {Vn.16b}", CryptoRows::aese)
                .flags(fp).title("AES single round encryption"),
            Row.of("AESD", "01001110 00 10100 00101 10 Vn:5 Vd:5", "aesd {Vd.16b}, {Vn.16b}", CryptoRows::aesd)
                .flags(fp).title("AES single round decryption"),
            Row.of("AESMC", "01001110 00 10100 00110 10 Vn:5 Vd:5", "aesmc {Vd.16b}, {Vn.16b}", CryptoRows::aesmc)
                .flags(fp).title("AES mix columns"),
            Row.of("AESIMC", "01001110 00 10100 00111 10 Vn:5 Vd:5", "aesimc {Vd.16b}, {Vn.16b}", CryptoRows::aesimc)
                .flags(fp).title("AES inverse mix columns"),
            Row.of("SHA1C", "01011110 00 0 Vm:5 0 000 00 Vn:5 Vd:5", "sha1c {Qd}, {Sn}, {Vm.4s}", CryptoRows::sha1c)
                .flags(fp).title("SHA1 hash update (choose)"),
            Row.of("SHA1P", "01011110 00 0 Vm:5 0 001 00 Vn:5 Vd:5", "sha1p {Qd}, {Sn}, {Vm.4s}", CryptoRows::sha1p)
                .flags(fp).title("SHA1 hash update (parity)"),
            Row.of("SHA1M", "01011110 00 0 Vm:5 0 010 00 Vn:5 Vd:5", "sha1m {Qd}, {Sn}, {Vm.4s}", CryptoRows::sha1m)
                .flags(fp).title("SHA1 hash update (majority)"),
            Row.of("SHA1SU0", "01011110 00 0 Vm:5 0 011 00 Vn:5 Vd:5", "sha1su0 {Vd.4s}, {Vn.4s}, {Vm.4s}", CryptoRows::sha1su0)
                .flags(fp).title("SHA1 schedule update 0"),
            Row.of("SHA256H", "01011110 00 0 Vm:5 0 100 00 Vn:5 Vd:5", "sha256h {Qd}, {Qn}, {Vm.4s}", CryptoRows::sha256h)
                .flags(fp).title("SHA256 hash update (part 1)"),
            Row.of("SHA256H2", "01011110 00 0 Vm:5 0 101 00 Vn:5 Vd:5", "sha256h2 {Qd}, {Qn}, {Vm.4s}", CryptoRows::sha256h2)
                .flags(fp).title("SHA256 hash update (part 2)"),
            Row.of("SHA256SU1", "01011110 00 0 Vm:5 0 110 00 Vn:5 Vd:5", "sha256su1 {Vd.4s}, {Vn.4s}, {Vm.4s}", CryptoRows::sha256su1)
                .flags(fp).title("SHA256 schedule update 1"),
            Row.of("SHA1H", "01011110 00 10100 00000 10 Vn:5 Vd:5", "sha1h {Sd}, {Sn}", CryptoRows::sha1h)
                .flags(fp).title("SHA1 fixed rotate"),
            Row.of("SHA1SU1", "01011110 00 10100 00001 10 Vn:5 Vd:5", "sha1su1 {Vd.4s}, {Vn.4s}", CryptoRows::sha1su1)
                .flags(fp).title("SHA1 schedule update 1"),
            Row.of("SHA256SU0", "01011110 00 10100 00010 10 Vn:5 Vd:5", "sha256su0 {Vd.4s}, {Vn.4s}", CryptoRows::sha256su0)
                .flags(fp).title("SHA256 schedule update 0"),
            Row.of("PMULL, PMULL2", "0 Q:1 0 01110 size:2 1 Vm:5 1110 00 Vn:5 Vd:5", "pmull{2} {Vd.Ta}, {Vn.Tb}, {Vm.Tb}", CryptoRows::pmull)
                .excluding("size=01", "size=10").flags(fp).formatter(CryptoRows::formatPmull).title("Polynomial Multiply Long"),
        };
    }

    private static String formatPmull(Row row, int i, long pc) {
        boolean q = (i & 1 << 30) != 0;
        boolean wide = ((i >>> 22) & 3) == 3;
        String ta = wide ? "1q" : "8h", tb = wide ? (q ? "2d" : "1d") : (q ? "16b" : "8b");
        return (q ? "pmull2" : "pmull") + " v" + (i & 31) + "." + ta + ", v" + ((i >>> 5) & 31) + "." + tb + ", v" + ((i >>> 16) & 31) + "." + tb;
    }

    private static int d(int i) { return i & 31; }
    private static int n(int i) { return (i >>> 5) & 31; }
    private static int m(int i) { return (i >>> 16) & 31; }

    // ================================================================ AES

    /** The AES S-box, its inverse, and the GF(2^8) products the (inverse) MixColumns use. */
    private static final int[] SBOX = new int[256], INV_SBOX = new int[256];
    private static final int[] MUL2 = new int[256], MUL3 = new int[256], MUL9 = new int[256], MUL11 = new int[256],
            MUL13 = new int[256], MUL14 = new int[256];
    /** ShiftRows: result byte i is input byte SHIFT[i]; InvShiftRows likewise with INV_SHIFT. */
    private static final int[] SHIFT = new int[16], INV_SHIFT = new int[16];

    /** GF(2^8) multiplication modulo x^8 + x^4 + x^3 + x + 1. */
    private static int gmul(int a, int b) {
        int p = 0;
        for (int k = 0; k < 8; k++) {
            if ((b & 1) != 0) p ^= a;
            boolean hi = (a & 0x80) != 0;
            a = (a << 1) & 0xFF;
            if (hi) a ^= 0x1B;
            b >>= 1;
        }
        return p;
    }

    static {
        // S-box: multiplicative inverse in GF(2^8) (0 maps to 0), then the affine transformation
        // b ^ rotl(b,1) ^ rotl(b,2) ^ rotl(b,3) ^ rotl(b,4) ^ 0x63 (FIPS-197 5.1.1).
        for (int x = 0; x < 256; x++) {
            int inv = 0;
            if (x != 0) {
                for (int y = 1; y < 256; y++) if (gmul(x, y) == 1) { inv = y; break; }
            }
            int s = inv;
            for (int r = 1; r <= 4; r++) s ^= ((inv << r) | (inv >>> (8 - r))) & 0xFF;
            s ^= 0x63;
            SBOX[x] = s;
            INV_SBOX[s] = x;
        }
        for (int x = 0; x < 256; x++) {
            MUL2[x] = gmul(x, 2);
            MUL3[x] = gmul(x, 3);
            MUL9[x] = gmul(x, 9);
            MUL11[x] = gmul(x, 11);
            MUL13[x] = gmul(x, 13);
            MUL14[x] = gmul(x, 14);
        }
        for (int col = 0; col < 4; col++) {
            for (int row = 0; row < 4; row++) {
                SHIFT[4 * col + row] = 4 * ((col + row) & 3) + row;
                INV_SHIFT[4 * col + row] = 4 * ((col - row) & 3) + row;
            }
        }
    }

    private static int byteOf(long lo, long hi, int k) { return (int) ((k < 8 ? lo >>> (8 * k) : hi >>> (8 * (k - 8))) & 0xFF); }

    /** AESE: AESSubBytes(AESShiftRows(Vd EOR Vn)). */
    static void aese(Cpu c, int i) {
        int dd = d(i), nn = n(i);
        long lo = Vreg.lo(c, dd) ^ Vreg.lo(c, nn), hi = Vreg.hi(c, dd) ^ Vreg.hi(c, nn);
        long rlo = 0, rhi = 0;
        for (int k = 0; k < 8; k++) {
            rlo |= (long) SBOX[byteOf(lo, hi, SHIFT[k])] << (8 * k);
            rhi |= (long) SBOX[byteOf(lo, hi, SHIFT[k + 8])] << (8 * k);
        }
        Vreg.setQ(c, dd, rlo, rhi);
    }

    /** AESD: AESInvSubBytes(AESInvShiftRows(Vd EOR Vn)). */
    static void aesd(Cpu c, int i) {
        int dd = d(i), nn = n(i);
        long lo = Vreg.lo(c, dd) ^ Vreg.lo(c, nn), hi = Vreg.hi(c, dd) ^ Vreg.hi(c, nn);
        long rlo = 0, rhi = 0;
        for (int k = 0; k < 8; k++) {
            rlo |= (long) INV_SBOX[byteOf(lo, hi, INV_SHIFT[k])] << (8 * k);
            rhi |= (long) INV_SBOX[byteOf(lo, hi, INV_SHIFT[k + 8])] << (8 * k);
        }
        Vreg.setQ(c, dd, rlo, rhi);
    }

    /** MixColumns of one column held as a little-endian 32-bit word (byte r = row r). */
    private static long mixColumn(int w) {
        int a0 = w & 0xFF, a1 = (w >>> 8) & 0xFF, a2 = (w >>> 16) & 0xFF, a3 = w >>> 24;
        int r0 = MUL2[a0] ^ MUL3[a1] ^ a2 ^ a3;
        int r1 = a0 ^ MUL2[a1] ^ MUL3[a2] ^ a3;
        int r2 = a0 ^ a1 ^ MUL2[a2] ^ MUL3[a3];
        int r3 = MUL3[a0] ^ a1 ^ a2 ^ MUL2[a3];
        return (r0 | r1 << 8 | r2 << 16 | (long) r3 << 24) & 0xFFFF_FFFFL;
    }

    private static long invMixColumn(int w) {
        int a0 = w & 0xFF, a1 = (w >>> 8) & 0xFF, a2 = (w >>> 16) & 0xFF, a3 = w >>> 24;
        int r0 = MUL14[a0] ^ MUL11[a1] ^ MUL13[a2] ^ MUL9[a3];
        int r1 = MUL9[a0] ^ MUL14[a1] ^ MUL11[a2] ^ MUL13[a3];
        int r2 = MUL13[a0] ^ MUL9[a1] ^ MUL14[a2] ^ MUL11[a3];
        int r3 = MUL11[a0] ^ MUL13[a1] ^ MUL9[a2] ^ MUL14[a3];
        return (r0 | r1 << 8 | r2 << 16 | (long) r3 << 24) & 0xFFFF_FFFFL;
    }

    /** AESMC: AESMixColumns(Vn). */
    static void aesmc(Cpu c, int i) {
        long lo = Vreg.lo(c, n(i)), hi = Vreg.hi(c, n(i));
        long rlo = mixColumn((int) lo) | mixColumn((int) (lo >>> 32)) << 32;
        long rhi = mixColumn((int) hi) | mixColumn((int) (hi >>> 32)) << 32;
        Vreg.setQ(c, d(i), rlo, rhi);
    }

    /** AESIMC: AESInvMixColumns(Vn). */
    static void aesimc(Cpu c, int i) {
        long lo = Vreg.lo(c, n(i)), hi = Vreg.hi(c, n(i));
        long rlo = invMixColumn((int) lo) | invMixColumn((int) (lo >>> 32)) << 32;
        long rhi = invMixColumn((int) hi) | invMixColumn((int) (hi >>> 32)) << 32;
        Vreg.setQ(c, d(i), rlo, rhi);
    }

    // ================================================================ SHA-1

    private static int choose(int x, int y, int z) { return ((y ^ z) & x) ^ z; }
    private static int parity(int x, int y, int z) { return x ^ y ^ z; }
    private static int majority(int x, int y, int z) { return (x & y) | ((x | y) & z); }

    /**
     * SHA1C/SHA1P/SHA1M: four rounds on X = Vd (a, b, c, d in elements 0-3), Y = Sn (e) and
     * the schedule words W = Vm: each round Y += ROL(X<31:0>, 5) + f(X<63:32>, X<95:64>,
     * X<127:96>) + W[e]; X<63:32> = ROL(X<63:32>, 30); then Y:X rotates left by 32 bits.
     */
    private static void sha1Rounds(Cpu c, int i, int f) {
        int dd = d(i);
        long xlo = Vreg.lo(c, dd), xhi = Vreg.hi(c, dd);
        int x0 = (int) xlo, x1 = (int) (xlo >>> 32), x2 = (int) xhi, x3 = (int) (xhi >>> 32);
        int y = (int) Vreg.lo(c, n(i));
        long wlo = Vreg.lo(c, m(i)), whi = Vreg.hi(c, m(i));
        for (int e = 0; e < 4; e++) {
            int t = f == 0 ? choose(x1, x2, x3) : f == 1 ? parity(x1, x2, x3) : majority(x1, x2, x3);
            int w = (int) ((e < 2 ? wlo : whi) >>> (32 * (e & 1)));
            y = y + Integer.rotateLeft(x0, 5) + t + w;
            x1 = Integer.rotateLeft(x1, 30);
            // <Y, X> = ROL(Y : X, 32)
            int top = x3;
            x3 = x2; x2 = x1; x1 = x0; x0 = y;
            y = top;
        }
        Vreg.setQ(c, dd, (x0 & 0xFFFF_FFFFL) | (long) x1 << 32, (x2 & 0xFFFF_FFFFL) | (long) x3 << 32);
    }

    static void sha1c(Cpu c, int i) { sha1Rounds(c, i, 0); }
    static void sha1p(Cpu c, int i) { sha1Rounds(c, i, 1); }
    static void sha1m(Cpu c, int i) { sha1Rounds(c, i, 2); }

    /** SHA1SU0: (Vn<63:0> : Vd<127:64>) EOR Vd EOR Vm. */
    static void sha1su0(Cpu c, int i) {
        int dd = d(i);
        long dlo = Vreg.lo(c, dd), dhi = Vreg.hi(c, dd);
        long rlo = dhi ^ dlo ^ Vreg.lo(c, m(i));
        long rhi = Vreg.lo(c, n(i)) ^ dhi ^ Vreg.hi(c, m(i));
        Vreg.setQ(c, dd, rlo, rhi);
    }

    /** SHA1H: ROL(Sn, 30), zero-extended. */
    static void sha1h(Cpu c, int i) {
        int r = Integer.rotateLeft((int) Vreg.lo(c, n(i)), 30);
        Vreg.setQ(c, d(i), r & 0xFFFF_FFFFL, 0);
    }

    /** SHA1SU1: T = Vd EOR LSR(Vn, 32); each word ROL 1, the top one also EOR ROL(T<31:0>, 2). */
    static void sha1su1(Cpu c, int i) {
        int dd = d(i), nn = n(i);
        long nlo = Vreg.lo(c, nn), nhi = Vreg.hi(c, nn);
        long tlo = Vreg.lo(c, dd) ^ (nlo >>> 32 | nhi << 32), thi = Vreg.hi(c, dd) ^ (nhi >>> 32);
        int t0 = (int) tlo, t1 = (int) (tlo >>> 32), t2 = (int) thi, t3 = (int) (thi >>> 32);
        int r0 = Integer.rotateLeft(t0, 1), r1 = Integer.rotateLeft(t1, 1), r2 = Integer.rotateLeft(t2, 1);
        int r3 = Integer.rotateLeft(t3, 1) ^ Integer.rotateLeft(t0, 2);
        Vreg.setQ(c, dd, (r0 & 0xFFFF_FFFFL) | (long) r1 << 32, (r2 & 0xFFFF_FFFFL) | (long) r3 << 32);
    }

    // ================================================================ SHA-256

    private static int sigma0(int x) { return Integer.rotateRight(x, 2) ^ Integer.rotateRight(x, 13) ^ Integer.rotateRight(x, 22); }
    private static int sigma1(int x) { return Integer.rotateRight(x, 6) ^ Integer.rotateRight(x, 11) ^ Integer.rotateRight(x, 25); }

    /**
     * SHA256hash(X, Y, W, part1): four rounds with X = (a, b, c, d) and Y = (e, f, g, h) in
     * elements 0-3; returns X when part1, else Y (as the register value into Vd).
     */
    private static void sha256Hash(Cpu c, int dd, long xlo, long xhi, long ylo, long yhi, long wlo, long whi, boolean part1) {
        int x0 = (int) xlo, x1 = (int) (xlo >>> 32), x2 = (int) xhi, x3 = (int) (xhi >>> 32);
        int y0 = (int) ylo, y1 = (int) (ylo >>> 32), y2 = (int) yhi, y3 = (int) (yhi >>> 32);
        for (int e = 0; e < 4; e++) {
            int chs = choose(y0, y1, y2);
            int maj = majority(x0, x1, x2);
            int w = (int) ((e < 2 ? wlo : whi) >>> (32 * (e & 1)));
            int t = y3 + sigma1(y0) + chs + w;
            x3 = t + x3;
            y3 = t + sigma0(x0) + maj;
            // <Y, X> = ROL(Y : X, 32)
            int xt = x3;
            x3 = x2; x2 = x1; x1 = x0; x0 = y3;
            y3 = y2; y2 = y1; y1 = y0; y0 = xt;
        }
        if (part1) Vreg.setQ(c, dd, (x0 & 0xFFFF_FFFFL) | (long) x1 << 32, (x2 & 0xFFFF_FFFFL) | (long) x3 << 32);
        else Vreg.setQ(c, dd, (y0 & 0xFFFF_FFFFL) | (long) y1 << 32, (y2 & 0xFFFF_FFFFL) | (long) y3 << 32);
    }

    /** SHA256H: SHA256hash(Vd, Vn, Vm, TRUE). */
    static void sha256h(Cpu c, int i) {
        int dd = d(i), nn = n(i), mm = m(i);
        sha256Hash(c, dd, Vreg.lo(c, dd), Vreg.hi(c, dd), Vreg.lo(c, nn), Vreg.hi(c, nn), Vreg.lo(c, mm), Vreg.hi(c, mm), true);
    }

    /** SHA256H2: SHA256hash(Vn, Vd, Vm, FALSE). */
    static void sha256h2(Cpu c, int i) {
        int dd = d(i), nn = n(i), mm = m(i);
        sha256Hash(c, dd, Vreg.lo(c, nn), Vreg.hi(c, nn), Vreg.lo(c, dd), Vreg.hi(c, dd), Vreg.lo(c, mm), Vreg.hi(c, mm), false);
    }

    private static int ssig0(int x) { return Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3); }
    private static int ssig1(int x) { return Integer.rotateRight(x, 17) ^ Integer.rotateRight(x, 19) ^ (x >>> 10); }

    private static int w32(long lo, long hi, int e) { return (int) ((e < 2 ? lo : hi) >>> (32 * (e & 1))); }

    /** SHA256SU0: T = Vn<31:0> : Vd<127:32>; result[e] = sigma0(T[e]) + Vd[e]. */
    static void sha256su0(Cpu c, int i) {
        int dd = d(i);
        long dlo = Vreg.lo(c, dd), dhi = Vreg.hi(c, dd);
        long tlo = dlo >>> 32 | dhi << 32, thi = dhi >>> 32 | Vreg.lo(c, n(i)) << 32;
        int r0 = ssig0(w32(tlo, thi, 0)) + w32(dlo, dhi, 0);
        int r1 = ssig0(w32(tlo, thi, 1)) + w32(dlo, dhi, 1);
        int r2 = ssig0(w32(tlo, thi, 2)) + w32(dlo, dhi, 2);
        int r3 = ssig0(w32(tlo, thi, 3)) + w32(dlo, dhi, 3);
        Vreg.setQ(c, dd, (r0 & 0xFFFF_FFFFL) | (long) r1 << 32, (r2 & 0xFFFF_FFFFL) | (long) r3 << 32);
    }

    /**
     * SHA256SU1: T0 = Vm<31:0> : Vn<127:32>, T1 = Vm<127:64>; result[0,1] = sigma1(T1[e]) +
     * Vd[e] + T0[e]; then result[2,3] likewise from result[0,1].
     */
    static void sha256su1(Cpu c, int i) {
        int dd = d(i), nn = n(i), mm = m(i);
        long dlo = Vreg.lo(c, dd), dhi = Vreg.hi(c, dd);
        long nlo = Vreg.lo(c, nn), nhi = Vreg.hi(c, nn), mlo = Vreg.lo(c, mm), mhi = Vreg.hi(c, mm);
        long t0lo = nlo >>> 32 | nhi << 32, t0hi = nhi >>> 32 | mlo << 32;
        int r0 = ssig1((int) mhi) + w32(dlo, dhi, 0) + w32(t0lo, t0hi, 0);
        int r1 = ssig1((int) (mhi >>> 32)) + w32(dlo, dhi, 1) + w32(t0lo, t0hi, 1);
        int r2 = ssig1(r0) + w32(dlo, dhi, 2) + w32(t0lo, t0hi, 2);
        int r3 = ssig1(r1) + w32(dlo, dhi, 3) + w32(t0lo, t0hi, 3);
        Vreg.setQ(c, dd, (r0 & 0xFFFF_FFFFL) | (long) r1 << 32, (r2 & 0xFFFF_FFFFL) | (long) r3 << 32);
    }

    // ================================================================ PMULL

    /** Carry-less product of two 8-bit polynomials (16 bits). */
    private static int clmul8(int a, int b) {
        int p = 0;
        for (int k = 0; k < 8; k++) if ((b >>> k & 1) != 0) p ^= a << k;
        return p;
    }

    /**
     * PMULL/PMULL2: the lower (Q = 0) or upper (Q = 1) halves of Vn and Vm multiplied as
     * polynomials over GF(2), element by element: 8 x (8x8 -> 16) for size 00, 1 x (64x64 -> 128)
     * for size 11.
     */
    static void pmull(Cpu c, int i) {
        boolean q = (i & 1 << 30) != 0;
        int size = (i >>> 22) & 3;
        long a = q ? Vreg.hi(c, n(i)) : Vreg.lo(c, n(i)), b = q ? Vreg.hi(c, m(i)) : Vreg.lo(c, m(i));
        long rlo = 0, rhi = 0;
        if (size == 3) {
            for (int k = 0; k < 64; k++) {
                if ((b >>> k & 1) != 0) {
                    rlo ^= a << k;
                    if (k != 0) rhi ^= a >>> (64 - k);
                }
            }
        } else {
            for (int e = 0; e < 8; e++) {
                long p = clmul8((int) (a >>> (8 * e)) & 0xFF, (int) (b >>> (8 * e)) & 0xFF);
                if (e < 4) rlo |= p << (16 * e); else rhi |= p << (16 * (e - 4));
            }
        }
        Vreg.setQ(c, d(i), rlo, rhi);
    }
}
