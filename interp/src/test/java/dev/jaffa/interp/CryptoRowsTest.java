package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Disassembler;
import dev.jaffa.interp.isa.Row;
import dev.jaffa.interp.simd.CryptoRows;
import dev.jaffa.interp.system.SysReg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Cryptographic Extension ({@link CryptoRows}): FIPS-197 round values, whole AES-128
 * encryptions and decryptions and SHA-1/SHA-256 digests computed with the instructions the way
 * real code (Linux's aes-ce, sha1-ce, sha2-ce) uses them, checked against the published test
 * vectors and the JDK's implementations; values from QEMU 7.2 user mode for random inputs;
 * reserved encodings; disassembly against objdump.
 */
class CryptoRowsTest {
    static TestMachine machine() {
        TestMachine m = new TestMachine();
        m.cpu.sysregStore[SysReg.CPACR_EL1.ordinal()] = 3L << 20;
        return m;
    }

    static void exec(TestMachine m, int insn) {
        m.cpu.mem.write32(TestMachine.CODE, insn);
        m.cpu.pc = TestMachine.CODE;
        m.step(1);
        assertEquals(TestMachine.CODE + 4, m.cpu.pc, () -> String.format("%08x executed without an exception", insn));
    }

    static int aese(int d, int n) { return 0x4e284800 | n << 5 | d; }
    static int aesd(int d, int n) { return 0x4e285800 | n << 5 | d; }
    static int aesmc(int d, int n) { return 0x4e286800 | n << 5 | d; }
    static int aesimc(int d, int n) { return 0x4e287800 | n << 5 | d; }
    static int sha3(int opc, int d, int n, int m) { return 0x5e000000 | m << 16 | opc << 12 | n << 5 | d; }
    static int sha2(int opc, int d, int n) { return 0x5e280800 | opc << 12 | n << 5 | d; }
    static int add4s(int d, int n, int m) { return 0x4ea08400 | m << 16 | n << 5 | d; }
    static final int SHA1C = 0, SHA1P = 1, SHA1M = 2, SHA1SU0 = 3, SHA256H = 4, SHA256H2 = 5, SHA256SU1 = 6;
    static final int SHA1H = 0, SHA1SU1 = 1, SHA256SU0 = 2;

    static long[] q(String hex) {
        long lo = 0, hi = 0;
        for (int k = 15; k >= 0; k--) {
            long b = Long.parseLong(hex.substring(2 * k, 2 * k + 2), 16);
            if (k >= 8) hi = hi << 8 | b; else lo = lo << 8 | b;
        }
        return new long[] {lo, hi};
    }

    static void setQ(TestMachine m, int r, long[] v) { m.cpu.v[2 * r] = v[0]; m.cpu.v[2 * r + 1] = v[1]; }

    static long[] getQ(TestMachine m, int r) { return new long[] {m.cpu.v[2 * r], m.cpu.v[2 * r + 1]}; }

    static byte[] bytes(long[] v) {
        byte[] b = new byte[16];
        for (int k = 0; k < 16; k++) b[k] = (byte) ((k < 8 ? v[0] : v[1]) >>> (8 * (k & 7)));
        return b;
    }

    static long[] fromBytes(byte[] b, int off) {
        long lo = 0, hi = 0;
        for (int k = 7; k >= 0; k--) { lo = lo << 8 | (b[off + k] & 0xFF); hi = hi << 8 | (b[off + 8 + k] & 0xFF); }
        return new long[] {lo, hi};
    }

    // ---------------------------------------------------------------- AES

    /** FIPS-197 Appendix B, round 1: SubBytes and ShiftRows, MixColumns, and back. */
    @Test
    void fips197RoundOne() {
        TestMachine m = machine();
        setQ(m, 0, q("3243f6a8885a308d313198a2e0370734"));
        setQ(m, 1, q("2b7e151628aed2a6abf7158809cf4f3c"));
        exec(m, aese(0, 1));
        assertArrayEquals(q("d4bf5d30e0b452aeb84111f11e2798e5"), getQ(m, 0), "after ShiftRows");
        exec(m, aesmc(2, 0));
        assertArrayEquals(q("046681e5e0cb199a48f8d37a2806264c"), getQ(m, 2), "after MixColumns");
        exec(m, aesimc(3, 2));
        assertArrayEquals(q("d4bf5d30e0b452aeb84111f11e2798e5"), getQ(m, 3), "InvMixColumns undoes it");
        setQ(m, 4, new long[2]);
        exec(m, aesd(3, 4));
        assertArrayEquals(q("193de3bea0f4e22b9ac68d2ae9f84808"), getQ(m, 3), "InvShiftRows and InvSubBytes: the round 1 input");
        setQ(m, 5, q("a0fafe1788542cb123a339392a6c7605"));   // round key 1, as the next AESE takes it
        setQ(m, 6, getQ(m, 2));
        exec(m, aese(6, 5));                                 // ShiftRows(SubBytes(round 2 start))
        setQ(m, 7, q("a49c7ff2689f352b6b5bea43026a5049"));   // round[2].start
        setQ(m, 8, new long[2]);
        exec(m, aese(7, 8));
        assertArrayEquals(getQ(m, 7), getQ(m, 6));
    }

    /** The round keys of AES-128, with SubWord done by AESE against zero as Linux's aes-ce-glue does. */
    static long[][] expandKey(TestMachine m, long[] key) {
        int[] w = new int[44];
        for (int k = 0; k < 4; k++) w[k] = (int) ((k < 2 ? key[0] : key[1]) >>> (32 * (k & 1)));
        int rcon = 1;
        setQ(m, 31, new long[2]);
        for (int k = 4; k < 44; k++) {
            int t = w[k - 1];
            if (k % 4 == 0) {
                long dup = (t & 0xFFFF_FFFFL) * 0x1_0000_0001L;    // the word in all four columns: ShiftRows is the identity
                setQ(m, 30, new long[] {dup, dup});
                exec(m, aese(30, 31));
                t = Integer.rotateRight((int) m.cpu.v[60], 8) ^ rcon;   // RotWord after SubWord (they commute)
                rcon = (rcon << 1) ^ ((rcon & 0x80) != 0 ? 0x11B : 0);
            }
            w[k] = w[k - 4] ^ t;
        }
        long[][] rk = new long[11][];
        for (int r = 0; r < 11; r++) {
            rk[r] = new long[] {(w[4 * r] & 0xFFFF_FFFFL) | (long) w[4 * r + 1] << 32, (w[4 * r + 2] & 0xFFFF_FFFFL) | (long) w[4 * r + 3] << 32};
        }
        return rk;
    }

    static long[] encrypt(TestMachine m, long[][] rk, long[] pt) {
        setQ(m, 0, pt);
        for (int r = 0; r < 11; r++) setQ(m, 16 + r, rk[r]);
        for (int r = 0; r < 9; r++) {
            exec(m, aese(0, 16 + r));
            exec(m, aesmc(0, 0));
        }
        exec(m, aese(0, 25));
        return new long[] {m.cpu.v[0] ^ rk[10][0], m.cpu.v[1] ^ rk[10][1]};
    }

    /** The Equivalent Inverse Cipher: decryption keys are InvMixColumns of the middle round keys (AESIMC). */
    static long[] decrypt(TestMachine m, long[][] rk, long[] ct) {
        setQ(m, 16, rk[10]);
        for (int r = 1; r < 10; r++) {
            setQ(m, 1, rk[10 - r]);
            exec(m, aesimc(16 + r, 1));
        }
        setQ(m, 26, rk[0]);
        setQ(m, 0, ct);
        for (int r = 0; r < 9; r++) {
            exec(m, aesd(0, 16 + r));
            exec(m, aesimc(0, 0));
        }
        exec(m, aesd(0, 25));
        return new long[] {m.cpu.v[0] ^ rk[0][0], m.cpu.v[1] ^ rk[0][1]};
    }

    @Test
    void aes128KnownAnswers() {
        TestMachine m = machine();
        long[][] rk = expandKey(m, q("2b7e151628aed2a6abf7158809cf4f3c"));
        assertArrayEquals(q("a0fafe1788542cb123a339392a6c7605"), rk[1]);
        assertArrayEquals(q("d014f9a8c9ee2589e13f0cc8b6630ca6"), rk[10]);
        assertArrayEquals(q("3925841d02dc09fbdc118597196a0b32"), encrypt(m, rk, q("3243f6a8885a308d313198a2e0370734")), "FIPS-197 Appendix B");
        assertArrayEquals(q("3243f6a8885a308d313198a2e0370734"), decrypt(m, rk, q("3925841d02dc09fbdc118597196a0b32")));
        rk = expandKey(m, q("000102030405060708090a0b0c0d0e0f"));
        assertArrayEquals(q("69c4e0d86a7b0430d8cdb78070b4c55a"), encrypt(m, rk, q("00112233445566778899aabbccddeeff")), "FIPS-197 C.1");
        assertArrayEquals(q("00112233445566778899aabbccddeeff"), decrypt(m, rk, q("69c4e0d86a7b0430d8cdb78070b4c55a")));
    }

    @Test
    void aes128AgreesWithTheJdk() throws Exception {
        TestMachine m = machine();
        Random rnd = new Random(197);
        for (int n = 0; n < 20; n++) {
            byte[] key = new byte[16], pt = new byte[16];
            rnd.nextBytes(key);
            rnd.nextBytes(pt);
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            byte[] ct = aes.doFinal(pt);
            long[][] rk = expandKey(m, fromBytes(key, 0));
            assertArrayEquals(ct, bytes(encrypt(m, rk, fromBytes(pt, 0))));
            assertArrayEquals(pt, bytes(decrypt(m, rk, fromBytes(ct, 0))));
        }
    }

    // ---------------------------------------------------------------- SHA

    /** Padded message as big-endian 32-bit words (the state real code has after LD1 and REV32). */
    static int[] pad(byte[] msg) {
        int blocks = (msg.length + 8) / 64 + 1;
        byte[] b = new byte[blocks * 64];
        System.arraycopy(msg, 0, b, 0, msg.length);
        b[msg.length] = (byte) 0x80;
        long bits = 8L * msg.length;
        for (int k = 0; k < 8; k++) b[b.length - 1 - k] = (byte) (bits >>> (8 * k));
        int[] w = new int[b.length / 4];
        for (int k = 0; k < w.length; k++) {
            w[k] = (b[4 * k] & 0xFF) << 24 | (b[4 * k + 1] & 0xFF) << 16 | (b[4 * k + 2] & 0xFF) << 8 | (b[4 * k + 3] & 0xFF);
        }
        return w;
    }

    static void setWords(TestMachine m, int r, int a, int b, int c, int d) {
        m.cpu.v[2 * r] = (a & 0xFFFF_FFFFL) | (long) b << 32;
        m.cpu.v[2 * r + 1] = (c & 0xFFFF_FFFFL) | (long) d << 32;
    }

    static int word(TestMachine m, int r, int e) { return (int) (m.cpu.v[2 * r + (e >> 1)] >>> (32 * (e & 1))); }

    static byte[] digestBytes(int[] h) {
        byte[] out = new byte[4 * h.length];
        for (int k = 0; k < out.length; k++) out[k] = (byte) (h[k / 4] >>> (24 - 8 * (k % 4)));
        return out;
    }

    /** SHA-1 as sha1-ce-core.S does it: four rounds per SHA1C/P/M, SHA1H for the next e, SHA1SU0/SU1 for the schedule. */
    static byte[] sha1(TestMachine m, byte[] msg) {
        int[] w = pad(msg);
        int[] k = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
        for (int g = 0; g < 4; g++) setWords(m, 16 + g, k[g], k[g], k[g], k[g]);
        setWords(m, 0, 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476);   // abcd
        setWords(m, 1, 0xc3d2e1f0, 0, 0, 0);                               // e
        for (int blk = 0; blk < w.length / 16; blk++) {
            for (int g = 0; g < 4; g++) setWords(m, 4 + g, w[16 * blk + 4 * g], w[16 * blk + 4 * g + 1], w[16 * blk + 4 * g + 2], w[16 * blk + 4 * g + 3]);
            m.cpu.v[40] = m.cpu.v[0]; m.cpu.v[41] = m.cpu.v[1];   // v20 = abcd
            m.cpu.v[42] = m.cpu.v[2]; m.cpu.v[43] = m.cpu.v[3];   // v21 = e
            for (int g = 0; g < 20; g++) {
                exec(m, add4s(3, 4 + g % 4, 16 + g / 5));
                int eIn = g % 2 == 0 ? 1 : 2, eOut = 3 - eIn;
                exec(m, sha2(SHA1H, eOut, 0));
                int op = g < 5 ? SHA1C : g < 10 ? SHA1P : g < 15 ? SHA1M : SHA1P;
                exec(m, sha3(op, 0, eIn, 3));
                if (g < 16) {
                    exec(m, sha3(SHA1SU0, 4 + g % 4, 4 + (g + 1) % 4, 4 + (g + 2) % 4));
                    exec(m, sha2(SHA1SU1, 4 + g % 4, 4 + (g + 3) % 4));
                }
            }
            exec(m, add4s(0, 0, 20));
            exec(m, add4s(1, 1, 21));
        }
        return digestBytes(new int[] {word(m, 0, 0), word(m, 0, 1), word(m, 0, 2), word(m, 0, 3), word(m, 1, 0)});
    }

    static final int[] K256 = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    /** SHA-256 as sha2-ce-core.S does it: SHA256H and SHA256H2 per four rounds, SHA256SU0/SU1 for the schedule. */
    static byte[] sha256(TestMachine m, byte[] msg) {
        int[] w = pad(msg);
        for (int g = 0; g < 16; g++) setWords(m, 16 + g, K256[4 * g], K256[4 * g + 1], K256[4 * g + 2], K256[4 * g + 3]);
        setWords(m, 0, 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a);
        setWords(m, 1, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);
        for (int blk = 0; blk < w.length / 16; blk++) {
            for (int g = 0; g < 4; g++) setWords(m, 4 + g, w[16 * blk + 4 * g], w[16 * blk + 4 * g + 1], w[16 * blk + 4 * g + 2], w[16 * blk + 4 * g + 3]);
            long[] save0 = getQ(m, 0), save1 = getQ(m, 1);
            for (int g = 0; g < 16; g++) {
                exec(m, add4s(3, 4 + g % 4, 16 + g));
                setQ(m, 2, getQ(m, 0));                                   // mov v2.16b, v0.16b
                exec(m, sha3(SHA256H, 0, 1, 3));
                exec(m, sha3(SHA256H2, 1, 2, 3));
                if (g < 12) {
                    exec(m, sha2(SHA256SU0, 4 + g % 4, 4 + (g + 1) % 4));
                    exec(m, sha3(SHA256SU1, 4 + g % 4, 4 + (g + 2) % 4, 4 + (g + 3) % 4));
                }
            }
            setQ(m, 8, save0);
            setQ(m, 9, save1);
            exec(m, add4s(0, 0, 8));
            exec(m, add4s(1, 1, 9));
        }
        int[] h = new int[8];
        for (int k = 0; k < 8; k++) h[k] = word(m, k / 4, k % 4);
        return digestBytes(h);
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int k = 0; k < b.length; k++) b[k] = (byte) Integer.parseInt(s.substring(2 * k, 2 * k + 2), 16);
        return b;
    }

    @Test
    void shaStandardMessages() {
        TestMachine m = machine();
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        byte[] two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(hex("a9993e364706816aba3e25717850c26c9cd0d89d"), sha1(m, abc));
        assertArrayEquals(hex("84983e441c3bd26ebaae4aa1f95129e5e54670f1"), sha1(m, two));
        assertArrayEquals(hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), sha256(m, abc));
        assertArrayEquals(hex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"), sha256(m, two));
        assertArrayEquals(hex("da39a3ee5e6b4b0d3255bfef95601890afd80709"), sha1(m, new byte[0]));
        assertArrayEquals(hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), sha256(m, new byte[0]));
    }

    @Test
    void shaAgreesWithTheJdk() throws Exception {
        TestMachine m = machine();
        Random rnd = new Random(180);
        for (int len : new int[] {1, 55, 56, 63, 64, 65, 119, 120, 200, 1000}) {
            byte[] msg = new byte[len];
            rnd.nextBytes(msg);
            assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(msg), sha1(m, msg), "SHA-1 of " + len + " bytes");
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(msg), sha256(m, msg), "SHA-256 of " + len + " bytes");
        }
    }

    // ---------------------------------------------------------------- PMULL

    @Test
    void polynomialMultiplyLong() {
        TestMachine m = machine();
        m.cpu.v[2] = 0x8000_0000_0000_0000L; m.cpu.v[3] = 0x8000_0000_0000_0001L;
        m.cpu.v[4] = 2; m.cpu.v[5] = 0x8000_0000_0000_0001L;
        exec(m, 0x0ee2e020);                                   // pmull v0.1q, v1.1d, v2.1d: x^63 * x = x^64
        assertArrayEquals(new long[] {0, 1}, getQ(m, 0));
        exec(m, 0x4ee2e020);                                   // pmull2: (x^63 + 1)^2 = x^126 + 1
        assertArrayEquals(new long[] {1, 1L << 62}, getQ(m, 0));
        m.cpu.v[2] = 0xFF; m.cpu.v[4] = 0x03FF;
        exec(m, 0x0e22e020);                                   // pmull v0.8h, v1.8b, v2.8b
        assertArrayEquals(new long[] {0x5555, 0}, getQ(m, 0), "0xFF * 0xFF = 0x5555, 0 * 3 = 0");
        m.cpu.v[3] = 0x8000_0000_0000_0000L; m.cpu.v[5] = 0x8100_0000_0000_0000L;
        exec(m, 0x4e22e020);                                   // pmull2 v0.8h, v1.16b, v2.16b
        assertArrayEquals(new long[] {0, 0x4080L << 48}, getQ(m, 0), "x^7 * (x^7 + 1) = x^14 + x^7 in the top lane");
    }

    // ---------------------------------------------------------------- QEMU values for random inputs

    /** {word (d = 0, n = 1, m = 2), V0 lo/hi, V1 lo/hi, V2 lo/hi before, V0 lo/hi after}, from QEMU 7.2 -cpu cortex-a57. */
    static final long[][] QEMU = {
        {0x4e284820L, 0xdc1b77ae0bf34dadL, 0x64f0eeb9026e6076L, 0x7b07ce91e5906136L, 0x305f050c368dcc74L, 0x2ceb16e0a1c54aecL, 0x97101dce4e7bfb79L, 0x2879917520115614L, 0x189c71d55cfbe977L},
        {0x4e284820L, 0x9ad2e144d6e8f2cfL, 0xd9aa792e1af470eaL, 0xddaa4e85b0d6e28bL, 0x8f8ea9d349428d8eL, 0x08f474ffb8e8ab15L, 0x2ead854756d71f03L, 0x33365478b14e791bL, 0xedbcca54a0b27043L},
        {0x4e284820L, 0x55bc79f8ada711fdL, 0x0e1fc49bd63b809eL, 0xb92199e83f5a101fL, 0xc5765079fc5d43ffL, 0x353cfc387dfae6b8L, 0xa32edabf5585bd75L, 0x4ff92eca1f33e198L, 0xe55e7c98ce5422efL},
        {0x4e285820L, 0xfc5639b16b714b4fL, 0x92fb2dcfc8ae9a19L, 0x544b0ec76d00616dL, 0xbcbb9b7e9a319aefL, 0x0f1a50d59c0aa21aL, 0x80ae2120826571deL, 0x4872950f6f6e7994L, 0xa5de5256c32cb2d6L},
        {0x4e285820L, 0x0e1ecd02ed7c0cbdL, 0x0d0981e8c1fa7be4L, 0xdc86b3d3cdbdf613L, 0x6d0844c269e7693fL, 0x3681da7f6993082dL, 0x5b928e2c987d857dL, 0x6f0914517fde07beL, 0x54e2399590dd8a9fL},
        {0x4e285820L, 0x6c716e1e6ced8137L, 0xccb870213498f7f5L, 0x9f07b27a78869b5aL, 0xb0ba91e47f6200ecL, 0xc72b4c36d0db7fedL, 0x35f305b0c0fc9252L, 0xcc6a438c7e14e0b3L, 0x9b0f26070105938eL},
        {0x4e286820L, 0x7ac78fb373ffbff6L, 0x8e39b81de71b7d09L, 0x59a69ba126cd29b3L, 0xbfcbffff0cbcbf20L, 0x2d1ce28856d20e5eL, 0x572a15ed48b3fdc2L, 0x7786241066718bedL, 0x4b57e38b7be8962aL},
        {0x4e286820L, 0x32b911499417aab9L, 0x17a8ec88e0da0bacL, 0x0cc88eab2f9ad4bbL, 0xbc3a5b419a43afd2L, 0x6f0f3414c47c9c0dL, 0xe71a7567edb8c675L, 0xb8bae300c63192bfL, 0xc1b105e9ae4ec88cL},
        {0x4e286820L, 0x63674cf841ee8ab9L, 0xe375837da840d9ecL, 0x578eb22e1ea5a35fL, 0x4efa582ee029dfd9L, 0xf3b363e938295a26L, 0x2e3a4ef3496f4112L, 0xe0628f48db8fe8fbL, 0x4c4bc5005d6fe71aL},
        {0x4e287820L, 0xb809d78e2a2f9b10L, 0x46217f104eb30026L, 0x8947b5fefda6afa6L, 0x4a3ae29b2af0cb79L, 0xbfd0273b10a6d4afL, 0xed0a00eb302b52c6L, 0x56d37b7bece41a40L, 0x24299e9a20481111L},
        {0x4e287820L, 0x3c0a45ad6d0175e3L, 0x5bec25a986aa6fc8L, 0x904bc2dda0ebc917L, 0x459ae6d82ef0bb45L, 0xd8f30b16630d2b73L, 0x7110b72632258de5L, 0xe73626333bf1633cL, 0x76840c1fa18e747bL},
        {0x4e287820L, 0x543b14bc79e21fbeL, 0xb3afb674d263f401L, 0x992a5514fae813a9L, 0x65950d0578f009ceL, 0x5703572bfb805a5dL, 0xf58b6a5f9c786da9L, 0xa68c954d4a4ce846L, 0x6761e41ad1023ea2L},
        {0x5e020020L, 0xa837793e9e8ad732L, 0x50eabc7287dc4e1cL, 0x4dca1d57ff03f180L, 0x4899ff11c2f79663L, 0x16166c76ad45818fL, 0xcb74ca30b3d6894cL, 0x3297af2d70189794L, 0x93a0496ff0a0afafL},
        {0x5e020020L, 0x217355871886f75eL, 0x28a1e2393381ed30L, 0x074c31b6d9efa2eaL, 0xbec4688d35b7872fL, 0xf8fd0016351ac3e1L, 0x2a3e36405bf02e26L, 0x5127284cadaae322L, 0x925ace711e82fe1eL},
        {0x5e020020L, 0x4fa794552d7c87faL, 0x6b65fa68c812c075L, 0xb0d838d4f45658b5L, 0xf088256e71b67944L, 0xb4d1bf49868fc4b6L, 0x7f30634d239b36bfL, 0xcb766777e5a53929L, 0x64ae81cb0e38d91eL},
        {0x5e021020L, 0x9adf073ca7e24f12L, 0xbf023d5f71c40f0cL, 0xf8daff4ab7e1c412L, 0x3bb60a1f6449431aL, 0xe1b6cc3fce8a571cL, 0x974be547500504b2L, 0x8166a9e5a2549a97L, 0x75b3ccbc5acc3a6aL},
        {0x5e021020L, 0x788637bdbb04623bL, 0x78b479878553843fL, 0xf614dc4037d1ccf7L, 0xab5917a81f0fb2aeL, 0x107db970f61ec64bL, 0xa7e591e85a840907L, 0x32bc93b16ce51d02L, 0x84f7a92f195f4da9L},
        {0x5e021020L, 0x42e87faaebb9a0d5L, 0x7cb7d0a0e9b446d4L, 0x93b411557b1e1b59L, 0x17282941775bd12fL, 0x1d6eb56cc3fecd4dL, 0x9cc6d38ebb4dc397L, 0x98efaa273893b3b8L, 0x638f3b503d1f0a0aL},
        {0x5e022020L, 0x93e7f09c76995dd0L, 0x40481181f54f1b6bL, 0xfc10536a39343f9dL, 0x2b59a11006fe10a2L, 0xb25de04b53658403L, 0x482f7b77f3b42fcbL, 0x60deed1e150c52bfL, 0xcc4523cd62844d85L},
        {0x5e022020L, 0xaa19ef48de09d554L, 0xbc1efbb4d09613feL, 0x01640cfd5e7e0059L, 0x2103a6ef6f7bca19L, 0xba59dbbf218e9bcdL, 0x47cfbdd44466d5baL, 0x0973be9c20919e34L, 0x7e5990af1f71e0c2L},
        {0x5e022020L, 0x0f7180ea42ce3691L, 0x1d57d70abe6c2ebcL, 0x3df4865f060ed9e1L, 0x9cc2d942d8ac9c12L, 0x68c29c22e6ec81aaL, 0xa1cd5d166c667229L, 0x692ef73aa5265231L, 0x598ded1733f74964L},
        {0x5e023020L, 0x950c6175be7d148dL, 0x3f3e42bdb31d6de4L, 0xb8e8620efee2ae3fL, 0x6892f24f073504a3L, 0x7faf4d50b83a266aL, 0x36eff6fe424288a6L, 0xd59d6e98b55a5f03L, 0xb139d64d0fbd4b7dL},
        {0x5e023020L, 0x7436a02ab71ee437L, 0x833a63ba9131343fL, 0x992cb64cfdf7b997L, 0xc8b93e004898d324L, 0x645d2dce235dab82L, 0x808a9a75bdabb055L, 0x9351ee5e05727b8aL, 0x9a9c4f83d16d3dfdL},
        {0x5e023020L, 0x995531f7eedc5275L, 0x087d63039379d791L, 0xf3c9caffb024e07eL, 0xea06a464360f763eL, 0x53361012dddd2752L, 0xd66a74b438fd099cL, 0xc21e42e6a078a2b6L, 0x2ddedd481ba03e73L},
        {0x5e280820L, 0x8d5497b6e7e3148fL, 0x00252f2c32b41166L, 0xf4dba3db8471e0c4L, 0xa447b4c07713b205L, 0x58d68ff52d13b421L, 0x7c3d90428332bb09L, 0x00000000211c7831L, 0x0000000000000000L},
        {0x5e280820L, 0x98e09052e5853c3fL, 0xb90814763588d987L, 0x04349ea8330d49f4L, 0x213e49f755c9ae67L, 0xadc15b82753344fbL, 0x69a0dc20acf37cb2L, 0x000000000cc3527dL, 0x0000000000000000L},
        {0x5e280820L, 0x729bfdea5375f6cbL, 0xf8eb32047bbbcfe6L, 0x4b85228ee7b181f9L, 0x41031bc75f55bcbaL, 0x2da461eb41957943L, 0xd74e810a9b826371L, 0x0000000079ec607eL, 0x0000000000000000L},
        {0x5e281820L, 0x1cdd495915ad9bf7L, 0xbaeb7806c59edd00L, 0x3ba89ff13576a0baL, 0x005ca96b1855237bL, 0xc7b1d77110b837fdL, 0x69bcfe5aebcf18d2L, 0x0910d4445c0a080cL, 0xcdc2e0158b84e8d7L},
        {0x5e281820L, 0x6f51d1ecaa02f263L, 0x6d8dc769b3280f47L, 0xb51767a476976e99L, 0x0418c241fa7ac604L, 0xa581230adaef3288L, 0xf1ac9d290f1d4eedL, 0x2a562fd13e2b2b8eL, 0xa74dd9ce6e619a0dL},
        {0x5e281820L, 0x3dabc8a9eded6f30L, 0x55cb59e89b5779eeL, 0x72a54713a9b86c9dL, 0xa3726687db6b9b04L, 0x5fdf2267673f0d32L, 0x68dfe63578c47fa8L, 0xcd80a75b3e905047L, 0xd6b6135e704a3ed2L},
        {0x5e024020L, 0x624e220196711d57L, 0xbe9e598ebfea4aadL, 0xd79af3ca3ba29578L, 0x6f5e5868097b8e52L, 0x5af01374addcadceL, 0x2faaf7e9e83fa715L, 0x39c64977912d3d43L, 0x5179982330c231e8L},
        {0x5e024020L, 0xbb42e4b2bad2bd1bL, 0xd30563d941e93ea1L, 0x1167ea9167c9649cL, 0xb6249a7c39665155L, 0xb3f56e3e83c468b7L, 0xa87bdea4d9832da6L, 0x8ffb6b1303ddebc1L, 0x6251db7c1fcf2994L},
        {0x5e024020L, 0xe437318091b5827dL, 0x59e1b682e1cbd639L, 0x7d32511b3390efd5L, 0x1d70ed6acaa29b4aL, 0x1e71c6a67d004cfcL, 0xa0c0b3f99ebcf365L, 0x9298460b41dded22L, 0x7d03146ada2ac461L},
        {0x5e025020L, 0x498e468dbb57f3c3L, 0x1c54594f126dcce4L, 0x16ba1d39f25cae7dL, 0x67de1f8cd39e2861L, 0x108e0b8ab05d2c71L, 0x96288ccb432aaa69L, 0xf17cdd4adc27fe38L, 0x1b21c8dd51555527L},
        {0x5e025020L, 0x887013f1c0b1457dL, 0xe47a782d96a0d8b7L, 0xc0f1c836d72154c6L, 0x01ea4c72979ce7efL, 0xe58cc45382b7c5e0L, 0x0f265892d429d26bL, 0xec43330084949b00L, 0xff65924f98c6e3faL},
        {0x5e025020L, 0x119be96337a67b0fL, 0xad7f4ee4ff441439L, 0x69765cdf019ab251L, 0x6c83796be9953375L, 0xb30aa29935c26453L, 0x88c5405c130c945bL, 0x50fe28fe12c98a39L, 0xb78d848d3524d52fL},
        {0x5e282820L, 0x9ffcaab00de2fbb3L, 0xf60b6a392f39b284L, 0x34f99df66499e0e1L, 0xb8c6fbae04f4cb60L, 0xddf1a401094ffaf6L, 0x24e629d896fb1883L, 0x0114f9ab664f47afL, 0xac6dc134e6dcb895L},
        {0x5e282820L, 0xe2fd7570a6e4ae72L, 0xc21511f61c10bbaeL, 0x6b4a433781c1b159L, 0xf7b9bb632073447bL, 0x28f350082a0bdc33L, 0x21b037be8db8a74bL, 0x544f267647ab1b6dL, 0x9182e72fcdcbf446L},
        {0x5e282820L, 0xf4827d0343e964c5L, 0x18fd760add37274cL, 0x1cbe96ad55a91a02L, 0x1b376669576888b6L, 0x862f25f826bcb427L, 0x608edfdda646248fL, 0x40523aedca231b3fL, 0x619c5a2827e3f95eL},
        {0x5e026020L, 0xb98511e79e1e6b06L, 0x384ea650b7785650L, 0x9ee03c4ca73132fcL, 0x6facd3230b5e6f99L, 0xb27b8d6c7d2c1506L, 0x9fc9762bf52bccacL, 0x5adacfc0dcfd5615L, 0xf3894bdb29249427L},
        {0x5e026020L, 0x915133d1f1cd3035L, 0x01a2553b894e0715L, 0x1727f4259189fe5bL, 0xe9410ea4b1d01b67L, 0xae5bac1c8afb8291L, 0xc01d77809ef4f1d4L, 0x5821ce88efec85f2L, 0x6b210733450be6e3L},
        {0x5e026020L, 0x131dc70966a1ed37L, 0x8ebed168e7eb032dL, 0x8027b30dd057be6bL, 0x7c80d6befe7bebd7L, 0x285d676d738709c0L, 0xd4a6fbbb463c77d3L, 0xb4396c599bcbe508L, 0x9dd0bde8f26f8650L},
        {0x0e22e020L, 0x6b7252f506af9bfcL, 0x76e7c3b3c3adbbcbL, 0xbeef68cb1cc5727cL, 0x9ddbcc9adadfe798L, 0xe85d4e2fd8cebe57L, 0x49a34268cecc56ebL, 0x0820577632dc19b4L, 0x62b0311b18301d49L},
        {0x0e22e020L, 0x2fa1ca340f951486L, 0x1c68c5ee9e01df2fL, 0x7cd94d5d160df751L, 0x415f292fa04818ffL, 0xf40bf4be400d570eL, 0x82042eb409794e20L, 0x058000513075036eL, 0x28b007a3398423d6L},
        {0x0e22e020L, 0x1255273c7f8434bcL, 0x2ce50c5e474b93d5L, 0xbe08af88f83f51b2L, 0x2d725bb40b0f0391L, 0xc0085237f307d9d6L, 0xa9c57d5561e763e5L, 0x538800bd3b097d0cL, 0x70800040206e1a38L},
        {0x4e22e020L, 0x1bf5b3cab644f462L, 0x5547a5fa668d250aL, 0x914833a9ee283dc0L, 0x7ef314f60b351dbbL, 0x00221d9d7b537940L, 0x60336535e5378fb2L, 0x0607057b0e3b4026L, 0x1040104507c4128eL},
        {0x4e22e020L, 0xe8cc97f0aab24c2dL, 0xb581ba40a91b83f5L, 0xfbb60192cdb3e9b2L, 0x9adaa35dbc26a2e1L, 0x22cdc3a4356277e4L, 0xf488e151ff7fca0bL, 0x6b940ee27dd4062bL, 0x73086bd06d8312cdL},
        {0x4e22e020L, 0xdf756f66d48cd75fL, 0x7f45c76b5299f931L, 0x3ee3c6ab5062a683L, 0xc54654890ca7a30eL, 0xb8275d981ca7efc8L, 0xbe5287885cb25217L, 0x03904c5e23b600caL, 0x72c6156c2bac40c8L},
        {0x0ee2e020L, 0x79729ebc8c3b5373L, 0xa0bb6616a3b39915L, 0x4fe9636427fe1b67L, 0xbbeb4ae36e79de91L, 0x41d653635fd8a96cL, 0x137fb828fc1cc33eL, 0x456a5dc3da5a3c84L, 0x1384f67c4d7b98adL},
        {0x0ee2e020L, 0x407a3783d8c3f538L, 0xb6827a52e88c3cd2L, 0x9620649d499e502bL, 0xcfed170dd20a064bL, 0x05faa3dbcae8e087L, 0xe3456f983a59f086L, 0x749c7a8290918551L, 0x02be5a987277c0b0L},
        {0x0ee2e020L, 0x462e4081e78fa2e7L, 0x8e33e7613b30e462L, 0x0c342c6093a7dd2aL, 0x147bcfcd70f29810L, 0xa7786e7e77f77920L, 0x3461fc042646dfd2L, 0x97f729b19144bf40L, 0x07ba34d4ddc5c598L},
        {0x4ee2e020L, 0x7f8c72b2a99de6edL, 0xd7a5bd1b9baac660L, 0xe722fe3209380becL, 0x554332c123a300fbL, 0x724d72ee194f183aL, 0xfce07bdde4a8c88aL, 0x9c70daa67aa2e3aeL, 0x33c7540a1402cf79L},
        {0x4ee2e020L, 0x13f028439b74fb9bL, 0x41e31784775794acL, 0x5fed0fcf79c39085L, 0x6d8502bfc80c96e4L, 0x70db12824bf7b6c9L, 0x8838c5e2d39ccbe4L, 0x63509f8fa7f94010L, 0x35a681cac0d1eaeeL},
        {0x4ee2e020L, 0xbcf946457e938b73L, 0x8191c98000a810a5L, 0xaddcdb75bb31c9c4L, 0x274842d113a35b57L, 0xa7842014627a2821L, 0x61c683627952f431L, 0x35b43b7b9c2f08c7L, 0x0d06e6ec67dabd96L},
    };

    @Test
    void randomInputsMatchQemu() {
        for (long[] row : QEMU) {
            TestMachine m = machine();
            for (int k = 0; k < 6; k++) m.cpu.v[k] = row[1 + k];
            exec(m, (int) row[0]);
            assertEquals(row[7], m.cpu.v[0], () -> String.format("%08x lo", row[0]));
            assertEquals(row[8], m.cpu.v[1], () -> String.format("%08x hi", row[0]));
            assertEquals(row[3], m.cpu.v[2], "Vn unchanged");
        }
    }

    // ---------------------------------------------------------------- decoding, trap, disassembly

    @Test
    void reservedAndLaterEncodingsAreUndefined() {
        int[] words = {
            0x4e684820,     // aese with size = 01
            0x5e027020,     // SHA three-register opcode 111
            0x5e420020,     // sha1c with size = 01
            0x5e283820,     // SHA two-register opcode 00011
            0x0e62e020,     // pmull size = 01
            0x0ea2e020,     // pmull size = 10
            0xce608000,     // SHA512H (Armv8.2)
            0xcec08000,     // SHA512SU0
            0xce000000,     // EOR3 (SHA3)
            0xce400000,     // SM3SS1
            0xcec08400,     // SM4E
        };
        for (int w : words) assertNull(A64Table.decode(w), () -> String.format("%08x must be UNDEFINED", w));
    }

    @Test
    void fpAccessTrap() {
        TestMachine m = machine();
        m.cpu.sysregStore[SysReg.CPACR_EL1.ordinal()] = 1L << 20;   // EL0 traps, EL1 does not
        m.atEl0();
        m.cpu.mem.write32(TestMachine.CODE, 0x4e284820);
        m.cpu.pc = TestMachine.CODE;
        m.cpu.v[0] = 5;
        m.step(1);
        assertEquals(TestMachine.VBAR + 0x400, m.cpu.pc, "to EL1 from EL0");
        assertEquals(Esr.EC_FP_ACCESS, Esr.ec(m.cpu.esr[1]));
        assertEquals(5, m.cpu.v[0]);
    }

    @Test
    void disassemblyMatchesObjdump(@TempDir Path dir) throws Exception {
        Random rnd = new Random(0xC0FFEE);
        List<Integer> list = new ArrayList<>();
        for (Row r : CryptoRows.rows()) {
            int got = 0;
            for (int k = 0; k < 2000 && got < 40; k++) {
                int w = (rnd.nextInt() & ~r.mask) | r.value;
                if (r.matches(w)) { list.add(w); got++; }
            }
            assertTrue(got > 0, r.name);
        }
        int[] words = list.stream().mapToInt(Integer::intValue).toArray();
        Map<Integer, String> theirs = DisassemblerTest.objdump(words, dir);
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < words.length; k++) {
            String ours = DisassemblerTest.normalize(Disassembler.disassemble(words[k], 0x4010_0000L + 4L * k));
            if (!ours.equals(theirs.get(k))) bad.add(String.format(Locale.ROOT, "%08x ours: %-36s objdump: %s", words[k], ours, theirs.get(k)));
        }
        System.out.printf(Locale.ROOT, "Crypto disassembly: %d/%d agree with objdump%n", words.length - bad.size(), words.length);
        bad.forEach(System.out::println);
        assertTrue(bad.isEmpty(), bad.size() + " disagree");
    }
}
