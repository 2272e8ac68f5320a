package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Disassembler;
import dev.jaffa.interp.isa.Row;
import dev.jaffa.interp.simd.SimdLoadStoreRows;
import dev.jaffa.interp.system.SysReg;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIMD&FP loads and stores ({@link SimdLoadStoreRows}): every addressing mode, write-back,
 * structure interleaving (checked against QEMU 7.2 user mode), lanes and replication, faults that
 * must leave the base register and the destinations unchanged, the alignment rules, the FP access
 * trap, and the disassembly against objdump.
 */
class SimdLoadStoreRowsTest {
    static final long DATA = TestMachine.DATA;

    /** A machine with FP enabled and bytes DATA + k = k * 7 + 3 for k < 4096. */
    static TestMachine machine() {
        TestMachine m = new TestMachine();
        m.cpu.sysregStore[SysReg.CPACR_EL1.ordinal()] = 3L << 20;
        for (int k = 0; k < 4096; k++) m.cpu.mem.write8(DATA + k, k * 7 + 3);
        return m;
    }

    /** The 8 pattern bytes at DATA + off, little-endian. */
    static long pat(long off) {
        long v = 0;
        for (int k = 7; k >= 0; k--) v = v << 8 | ((off + k) * 7 + 3) & 0xFF;
        return v;
    }

    static long pat(long off, int bytes) { return bytes == 8 ? pat(off) : pat(off) & ((1L << (8 * bytes)) - 1); }

    /** Executes one instruction word at CODE. */
    static void exec(TestMachine m, int insn) {
        m.cpu.mem.write32(TestMachine.CODE, insn);
        m.cpu.pc = TestMachine.CODE;
        m.step(1);
    }

    static void fillV(TestMachine m, long seed) {
        Random r = new Random(seed);
        for (int k = 0; k < 64; k++) m.cpu.v[k] = r.nextLong();
    }

    static void assertV(TestMachine m, int reg, long lo, long hi) {
        assertEquals(lo, m.cpu.v[2 * reg], () -> String.format("v%d lo", reg));
        assertEquals(hi, m.cpu.v[2 * reg + 1], () -> String.format("v%d hi", reg));
    }

    static void assertTookException(TestMachine m, int ec) {
        assertEquals(TestMachine.VBAR + 0x200, m.cpu.pc, "went to the current-EL synchronous vector");
        assertEquals(ec, Esr.ec(m.cpu.esr[1]), () -> "EC of ESR 0x" + Long.toHexString(m.cpu.esr[1]));
        assertEquals(TestMachine.CODE, m.cpu.elr[1]);
    }

    // ---------------------------------------------------------------- single registers

    @Test
    void unsignedOffsetLoadsEveryScaleAndZeroesTheRest() {
        TestMachine m = machine();
        m.cpu.x[1] = DATA;
        int[] words = {0x3d401420, 0x7d400c20, 0xbd400820, 0xfd400820};   // ldr b0,[x1,#5]; h0,#6; s0,#8; d0,#16
        int[] offs = {5, 6, 8, 16}, bytes = {1, 2, 4, 8};
        for (int k = 0; k < 4; k++) {
            m.cpu.v[0] = -1; m.cpu.v[1] = -1;
            exec(m, words[k]);
            assertV(m, 0, pat(offs[k], bytes[k]), 0);
        }
        exec(m, 0x3dc00820);                                                   // ldr q0, [x1, #32]
        assertV(m, 0, pat(32), pat(40));
        assertEquals(DATA, m.cpu.x[1]);
    }

    @Test
    void unsignedOffsetStoresWriteOnlyTheirBytes() {
        TestMachine m = machine();
        m.cpu.x[1] = DATA + 256;
        m.cpu.v[0] = 0x1122_3344_5566_7788L; m.cpu.v[1] = 0x99AA_BBCC_DDEE_FF00L;
        exec(m, 0x3d001420);                                                   // str b0, [x1, #5]
        assertEquals(0x88, m.cpu.mem.read8(DATA + 261));
        assertEquals(pat(262, 1), m.cpu.mem.read8(DATA + 262));
        exec(m, 0x7d000c20);                                                   // str h0, [x1, #6]
        assertEquals(0x7788, m.cpu.mem.read16(DATA + 262));
        exec(m, 0xbd000820);                                                   // str s0, [x1, #8]
        assertEquals(0x5566_7788, m.cpu.mem.read32(DATA + 264));
        assertEquals(pat(268, 4), m.cpu.mem.read32(DATA + 268) & 0xFFFF_FFFFL);
        exec(m, 0xfd000820);                                                   // str d0, [x1, #16]
        assertEquals(0x1122_3344_5566_7788L, m.cpu.mem.read64(DATA + 272));
        exec(m, 0x3d800820);                                                   // str q0, [x1, #32]
        assertEquals(0x1122_3344_5566_7788L, m.cpu.mem.read64(DATA + 288));
        assertEquals(0x99AA_BBCC_DDEE_FF00L, m.cpu.mem.read64(DATA + 296));
    }

    @Test
    void preAndPostIndexWriteBack() {
        TestMachine m = machine();
        m.cpu.x[1] = DATA + 64;
        exec(m, 0x3cc10c21);                                                   // ldr q1, [x1, #16]!
        assertV(m, 1, pat(80), pat(88));
        assertEquals(DATA + 80, m.cpu.x[1]);
        exec(m, 0xfc5f8421);                                                   // ldr d1, [x1], #-8
        assertV(m, 1, pat(80), 0);
        assertEquals(DATA + 72, m.cpu.x[1]);
        m.cpu.v[4] = 0x0102_0304_0506_0708L; m.cpu.v[5] = 0x1112_1314_1516_1718L;
        m.cpu.x[1] = DATA + 512;
        exec(m, 0x3c9e0c22);                                                   // str q2, [x1, #-32]!
        assertEquals(DATA + 480, m.cpu.x[1]);
        assertEquals(0x0102_0304_0506_0708L, m.cpu.mem.read64(DATA + 480));
        assertEquals(0x1112_1314_1516_1718L, m.cpu.mem.read64(DATA + 488));
        exec(m, 0xbc004422);                                                   // str s2, [x1], #4
        assertEquals(DATA + 484, m.cpu.x[1]);
        assertEquals(0x0506_0708, m.cpu.mem.read32(DATA + 480));
        assertEquals(0x0102_0304, m.cpu.mem.read32(DATA + 484), "the word after is unchanged");
    }

    @Test
    void unscaledOffsets() {
        TestMachine m = machine();
        m.cpu.x[1] = DATA + 97;
        exec(m, 0x3cdff023);                                                   // ldur q3, [x1, #-1]
        assertV(m, 3, pat(96), pat(104));
        exec(m, 0x7c003023);                                                   // stur h3, [x1, #3] (h3 = pattern bytes 96, 97)
        assertEquals(pat(96, 2), m.cpu.mem.read16(DATA + 100));
        assertEquals(DATA + 97, m.cpu.x[1]);
    }

    @Test
    void registerOffsetExtendsAndScales() {
        TestMachine m = machine();
        m.cpu.x[1] = DATA + 1024;
        m.cpu.x[2] = 3;
        exec(m, 0x3ce27824);                                                   // ldr q4, [x1, x2, lsl #4]
        assertV(m, 4, pat(1024 + 48), pat(1024 + 56));
        m.cpu.x[2] = 0xFFFF_FFFF_FFFF_FFFEL & 0xFFFF_FFFFL | 0x1234_0000_0000_0000L;   // w2 = -2, junk above
        exec(m, 0xfc62d824);                                                   // ldr d4, [x1, w2, sxtw #3]
        assertV(m, 4, pat(1024 - 16), 0);
        m.cpu.x[2] = 0x7_0000_0010L;                                           // uxtw drops bits 63:32
        exec(m, 0xbc624824);                                                   // ldr s4, [x1, w2, uxtw]
        assertV(m, 4, pat(1024 + 16, 4), 0);
        m.cpu.v[8] = 0x5A;
        m.cpu.x[2] = -7;
        exec(m, 0x3c22e824);                                                   // str b4, [x1, x2, sxtx]
        assertEquals(0x5A, m.cpu.mem.read8(DATA + 1017));
        m.cpu.v[8] = 0xBEEF;
        m.cpu.x[2] = 0xFFFF_FFFFL;                                             // w2 = -1
        exec(m, 0x7c22d824);                                                   // str h4, [x1, w2, sxtw #1]
        assertEquals(0xBEEF, m.cpu.mem.read16(DATA + 1022));
        assertEquals(DATA + 1024, m.cpu.x[1]);
    }

    @Test
    void literalLoads() {
        TestMachine m = machine();
        long lit = TestMachine.CODE + 16;
        m.cpu.mem.write64(lit, 0x0123_4567_89AB_CDEFL);
        m.cpu.mem.write64(lit + 8, 0xFEDC_BA98_7654_3210L);
        exec(m, 0x1c000085);                                                   // ldr s5, .+16
        assertV(m, 5, 0x89AB_CDEFL, 0);
        exec(m, 0x5c000085);                                                   // ldr d5, .+16
        assertV(m, 5, 0x0123_4567_89AB_CDEFL, 0);
        exec(m, 0x9c000085);                                                   // ldr q5, .+16
        assertV(m, 5, 0x0123_4567_89AB_CDEFL, 0xFEDC_BA98_7654_3210L);
        assertNull(A64Table.decode(0xdc000085), "opc = 11 is reserved");
    }

    // ---------------------------------------------------------------- pairs

    @Test
    void pairsEveryFormAndSize() {
        TestMachine m = machine();
        m.cpu.x[1] = DATA + 256;
        exec(m, 0xad410420);                                                   // ldp q0, q1, [x1, #32]
        assertV(m, 0, pat(288), pat(296));
        assertV(m, 1, pat(304), pat(312));
        assertEquals(DATA + 256, m.cpu.x[1]);
        exec(m, 0x6cff0420);                                                   // ldp d0, d1, [x1], #-16
        assertV(m, 0, pat(256), 0);
        assertV(m, 1, pat(264), 0);
        assertEquals(DATA + 240, m.cpu.x[1]);
        exec(m, 0x2dc10420);                                                   // ldp s0, s1, [x1, #8]!
        assertV(m, 0, pat(248, 4), 0);
        assertV(m, 1, pat(252, 4), 0);
        assertEquals(DATA + 248, m.cpu.x[1]);
        exec(m, 0xac421424);                                                   // ldnp q4, q5, [x1, #64]
        assertV(m, 4, pat(312), pat(320));
        assertV(m, 5, pat(328), pat(336));

        m.cpu.v[4] = 1; m.cpu.v[5] = 2; m.cpu.v[6] = 3; m.cpu.v[7] = 4;
        long sp = m.cpu.sp();
        exec(m, 0xadbf0fe2);                                                   // stp q2, q3, [sp, #-32]!
        assertEquals(sp - 32, m.cpu.sp());
        assertEquals(1, m.cpu.mem.read64(sp - 32));
        assertEquals(2, m.cpu.mem.read64(sp - 24));
        assertEquals(3, m.cpu.mem.read64(sp - 16));
        assertEquals(4, m.cpu.mem.read64(sp - 8));
        m.cpu.x[1] = DATA + 2048;
        m.cpu.v[4] = 0x1111_2222_3333_4444L; m.cpu.v[6] = 0x5555_6666_7777_8888L;
        exec(m, 0x6c810c22);                                                   // stp d2, d3, [x1], #16
        assertEquals(DATA + 2064, m.cpu.x[1]);
        assertEquals(0x1111_2222_3333_4444L, m.cpu.mem.read64(DATA + 2048));
        assertEquals(0x5555_6666_7777_8888L, m.cpu.mem.read64(DATA + 2056));
        exec(m, 0x2d3f0c22);                                                   // stp s2, s3, [x1, #-8]
        assertEquals(0x5555_6666_7777_8888L << 32 | 0x3333_4444L, m.cpu.mem.read64(DATA + 2056));
        m.cpu.v[8] = 0xAAAA_AAAAL; m.cpu.v[10] = 0xBBBB_BBBBL;
        exec(m, 0x2c3f9424);                                                   // stnp s4, s5, [x1, #-4]
        assertEquals(0xAAAA_AAAAL, m.cpu.mem.read32(DATA + 2060) & 0xFFFF_FFFFL);
        assertEquals(0xBBBB_BBBBL, m.cpu.mem.read32(DATA + 2064) & 0xFFFF_FFFFL);
        assertEquals(DATA + 2064, m.cpu.x[1]);
        assertNull(A64Table.decode(0xed410420), "opc = 11 is reserved");
    }

    /**
     * LDP/LDNP with Vt == Vt2 is CONSTRAINED UNPREDICTABLE; ConstrainUnpredictable
     * (Unpredictable_LDPOVERLAP) answers Constraint_UNDEF, which Jaffa follows. QEMU 7.2 instead
     * loads both, the second value winning.
     */
    @Test
    void loadPairToOneRegisterIsUndefined() {
        for (int w : new int[] {0xad400000, 0x2d400000, 0xac400000, 0x6cc00000}) {   // ldp q0,q0 / s0,s0 / ldnp q0,q0 / ldp d0,d0 post
            TestMachine m = machine();
            m.cpu.x[0] = DATA;
            m.cpu.v[0] = 42;
            exec(m, w);
            assertTookException(m, Esr.EC_UNKNOWN);
            assertEquals(42, m.cpu.v[0]);
            assertEquals(DATA, m.cpu.x[0]);
        }
        TestMachine m = machine();
        m.cpu.x[0] = DATA;
        exec(m, 0xad000000);                                                   // stp q0, q0, [x0]: allowed
        assertEquals(TestMachine.CODE + 4, m.cpu.pc);
    }

    // ---------------------------------------------------------------- structures

    /**
     * Structure loads and stores against QEMU 7.2 ({@code qemu-aarch64 -cpu cortex-a57}): word,
     * V0-V3/V30/V31 before (12 longs), the same after (12), and the 64 bytes at [x0] after (8);
     * memory before is the pattern.
     */
    static final long[][] QEMU_STRUCTURES = {
        {0x4c402800L, 0x856d9c28a9741a02L, 0x86ad14d4430c32b6L, 0xc366ae2c20764753L, 0xce6336ec93771f1dL, 0x1a79312058b39663L, 0x3ca10c145535098fL, 0x9e66e2665154e05cL, 0xba96d597e9fdde9cL, 0xa11665ed06c80221L, 0x480c4fbc1a4b3a65L, 0xb6a11497bd5f9551L, 0x9cefea2e8b1c5e3bL, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, 0xa11665ed06c80221L, 0x480c4fbc1a4b3a65L, 0xb6a11497bd5f9551L, 0x9cefea2e8b1c5e3bL, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4c40601eL, 0xbf1e5a8e8a548847L, 0x5d0032063244d097L, 0xb0ba1fab0cea9cf6L, 0x333d875f5b54b44fL, 0x030a8c607b88eee7L, 0x4e0d0726096ca6faL, 0xc43b009688e68137L, 0xa1331aca8f9be1f5L, 0xfcb19f2b96ae0b76L, 0x468112fb3eaf4ae0L, 0xf79edd7dd2b6ac75L, 0x27a3a789a9ec7c6dL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0xb0ba1fab0cea9cf6L, 0x333d875f5b54b44fL, 0x030a8c607b88eee7L, 0x4e0d0726096ca6faL, 0xc43b009688e68137L, 0xa1331aca8f9be1f5L, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x0c407c01L, 0x3cd6abcb71871fd5L, 0xdc9c50c2ec0d44aaL, 0x5c9a817bab5734a3L, 0x335e4148cb4cd20aL, 0x97a391ce01f3892eL, 0x2ef6453c5b4fe5bcL, 0x3c0f74a626599577L, 0xdd251ab0f9e49b9dL, 0xb9810703599615eaL, 0xc5805ed3fe9f0341L, 0xe542a8d784c4cd07L, 0x60c7ee4249e4e55dL, 0x3cd6abcb71871fd5L, 0xdc9c50c2ec0d44aaL, 0x342d261f18110a03L, 0x0000000000000000L, 0x97a391ce01f3892eL, 0x2ef6453c5b4fe5bcL, 0x3c0f74a626599577L, 0xdd251ab0f9e49b9dL, 0xb9810703599615eaL, 0xc5805ed3fe9f0341L, 0xe542a8d784c4cd07L, 0x60c7ee4249e4e55dL, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4c408400L, 0xec55e9fb9f4bdbd7L, 0xcf85ccd472b959a0L, 0x8effc27ad9184313L, 0x868b3ddacc72d755L, 0xe9ca7bf6b0c347bbL, 0x2e93cfbd9a6c4ff4L, 0x3fd953622763ea6bL, 0xeedcf094e864d77fL, 0x92a9759f004c2111L, 0xfc19f2701340dd13L, 0x7c232e1ec8217869L, 0x743a9330d35000d9L, 0x5e57423b261f0a03L, 0xcec7b2ab968f7a73L, 0x6c655049342d1811L, 0xdcd5c0b9a49d8881L, 0xe9ca7bf6b0c347bbL, 0x2e93cfbd9a6c4ff4L, 0x3fd953622763ea6bL, 0xeedcf094e864d77fL, 0x92a9759f004c2111L, 0xfc19f2701340dd13L, 0x7c232e1ec8217869L, 0x743a9330d35000d9L, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x0c40881fL, 0x4680fd930bddb698L, 0xaa2221383b9eabf5L, 0xb7d7de7ceef9cbe2L, 0xaac9537191c080f5L, 0xdeb00a302bb59cb4L, 0x18f9c97ea0095a8dL, 0x431f59d9e2be4b78L, 0xf3fe4248e45ae9eeL, 0x5b3c4c55f16fe7bdL, 0xec2a649a13e77732L, 0x08ae355d5a43355cL, 0xe5cbb80bdefd6436L, 0x6c655e57342d261fL, 0x0000000000000000L, 0xb7d7de7ceef9cbe2L, 0xaac9537191c080f5L, 0xdeb00a302bb59cb4L, 0x18f9c97ea0095a8dL, 0x431f59d9e2be4b78L, 0xf3fe4248e45ae9eeL, 0x5b3c4c55f16fe7bdL, 0xec2a649a13e77732L, 0x5049423b18110a03L, 0x0000000000000000L, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4c404000L, 0x3f48e36d7c63537eL, 0x2f92ae39c0908a58L, 0x00ae31f7fce03d4cL, 0x18f3b68970d32e36L, 0xd5babbddb8ebc5eaL, 0x9e760d75101428e1L, 0x6335ea6d4bc218f0L, 0xb8e2f608634fa0c1L, 0x9cc515670bf92fc0L, 0x71f51b4a45632d9fL, 0x05bab26334996c04L, 0x21e2cb0e4693dfdcL, 0x96816c57422d1803L, 0x3e2914ffead5c0abL, 0x9d88735e49341f0aL, 0x45301b06f1dcc7b2L, 0xa48f7a65503b2611L, 0x4c37220df8e3ceb9L, 0x6335ea6d4bc218f0L, 0xb8e2f608634fa0c1L, 0x9cc515670bf92fc0L, 0x71f51b4a45632d9fL, 0x05bab26334996c04L, 0x21e2cb0e4693dfdcL, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x0c404401L, 0x73c50ffe9bd48f63L, 0x81e4ad643f569ebdL, 0x61d7586b88d83cc0L, 0xb18b419f172cbcb9L, 0x7c733949a2baeb80L, 0x69653d6e3e9b7e57L, 0x19c53cae51253d6bL, 0x11e391ad78c74dd1L, 0x46806677d44b970aL, 0x4954b6085eaf82a4L, 0xf366bdebfce4f4a1L, 0xcf756c9be6a43508L, 0x73c50ffe9bd48f63L, 0x81e4ad643f569ebdL, 0x88815e57342d0a03L, 0x0000000000000000L, 0x968f6c65423b1811L, 0x0000000000000000L, 0xa49d7a735049261fL, 0x0000000000000000L, 0x46806677d44b970aL, 0x4954b6085eaf82a4L, 0xf366bdebfce4f4a1L, 0xcf756c9be6a43508L, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x0c400800L, 0xdafc21e580013f62L, 0x7ff1c983279aa59cL, 0x1a1909b47c6177d7L, 0x89319d4963cea0f8L, 0xbb482d2ed1cc03b9L, 0xe662d2c9d4e455feL, 0x8248764bb14d22d5L, 0x895da0198a9dadd0L, 0x65f57adb6e4fe28bL, 0x5d422549c826bf8eL, 0x8d33c1a4270ad171L, 0x6372a47286f8b893L, 0x88817a7318110a03L, 0x0000000000000000L, 0xa49d968f342d261fL, 0x0000000000000000L, 0xc0b9b2ab5049423bL, 0x0000000000000000L, 0xdcd5cec76c655e57L, 0x0000000000000000L, 0x65f57adb6e4fe28bL, 0x5d422549c826bf8eL, 0x8d33c1a4270ad171L, 0x6372a47286f8b893L, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4c400c1eL, 0x2d1a98d6d08d0d22L, 0xfa79bdd4c0bb1fb8L, 0x8b48eb9d2b048787L, 0xe7d7b9675e138f48L, 0x58da6f4a91097a56L, 0xa33b896f137b3d22L, 0x5c1eafbbf386c3d8L, 0x8c2b793ccd14385fL, 0x10741448b955e7efL, 0x61117a226e6357e0L, 0x75ca2cad0a08694fL, 0x55d08ca84b95ca5dL, 0xa49d968f88817a73L, 0x847d766f68615a53L, 0xdcd5cec7c0b9b2abL, 0xbcb5aea7a099928bL, 0x58da6f4a91097a56L, 0xa33b896f137b3d22L, 0x5c1eafbbf386c3d8L, 0x8c2b793ccd14385fL, 0x342d261f18110a03L, 0x140d06fff8f1eae3L, 0x6c655e575049423bL, 0x4c453e373029221bL, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4d404802L, 0x596f80a6ea29d689L, 0xfe9985ea19910764L, 0xd1139d4b71db7c6aL, 0xaed27a43de4e9012L, 0x8b4b05218b3049b2L, 0x3e66f02b064005a1L, 0x4e26d6315b2dcdeaL, 0xec95aa0512b7acf1L, 0x1de0238cff37dfe8L, 0x27873e94446d4a57L, 0xfb3ea08e14fbe503L, 0x56dba9c32e993209L, 0x596f80a6ea29d689L, 0xfe9985ea19910764L, 0xd1139d4b71db7c6aL, 0xaed27a43de4e9012L, 0x8b4b05218b3049b2L, 0x3e66f02b0a0305a1L, 0x4e26d6315b2dcdeaL, 0xec95aa0512b7acf1L, 0x1de0238cff37dfe8L, 0x27873e94446d4a57L, 0xfb3ea08e14fbe503L, 0x56dba9c32e993209L, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4d60841fL, 0x34b45a1b6c93a22dL, 0x0d44cc2956b5ae29L, 0x5f8c5c5ec2dc6f35L, 0xc3b5004430f2baabL, 0x99d75b87f954951eL, 0xa58a89a54648bbb4L, 0x4f0a4e16061a47c3L, 0x3954d7372367e38cL, 0x0c8f866df63e4f4bL, 0x840c6b8a69828115L, 0xb08147518f7d6157L, 0xd9fd1e7103bb2e55L, 0x34b45a1b6c93a22dL, 0x6c655e575049423bL, 0x5f8c5c5ec2dc6f35L, 0xc3b5004430f2baabL, 0x99d75b87f954951eL, 0xa58a89a54648bbb4L, 0x4f0a4e16061a47c3L, 0x3954d7372367e38cL, 0x0c8f866df63e4f4bL, 0x840c6b8a69828115L, 0xb08147518f7d6157L, 0x342d261f18110a03L, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4d40b000L, 0xca338d00b02f6d49L, 0xc2821249d49b41d3L, 0xfcdcad3bcef86390L, 0x2f333553e5a17757L, 0xbfe272ce042f0079L, 0x7a0622ffb39a6039L, 0x716eabe113107ab9L, 0xfc7a986fb267d40cL, 0xafd79c103f3f98a4L, 0x3d6d77a6be994e95L, 0xb4d46bff8ef57948L, 0xa3f20a2ae0ebc1baL, 0xca338d00b02f6d49L, 0x18110a03d49b41d3L, 0xfcdcad3bcef86390L, 0x342d261fe5a17757L, 0xbfe272ce042f0079L, 0x5049423bb39a6039L, 0x716eabe113107ab9L, 0xfc7a986fb267d40cL, 0xafd79c103f3f98a4L, 0x3d6d77a6be994e95L, 0xb4d46bff8ef57948L, 0xa3f20a2ae0ebc1baL, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4d603400L, 0x9245d741869f38b9L, 0x504636cb545b0888L, 0x524308b98c129c99L, 0x11a1c134d7febfe0L, 0x832d7979e33cba9fL, 0xaf72d09b40d3842aL, 0x036b1f9ce17269a2L, 0x0532208882fca5f1L, 0xaccc066ab99a00faL, 0x8bafc717de804a7bL, 0x3ed7167f303eb42fL, 0x5e90ef7452782287L, 0x9245d741869f38b9L, 0x504603cb545b0888L, 0x524308b98c129c99L, 0x11a10a34d7febfe0L, 0x832d7979e33cba9fL, 0xaf72119b40d3842aL, 0x036b1f9ce17269a2L, 0x0532188882fca5f1L, 0xaccc066ab99a00faL, 0x8bafc717de804a7bL, 0x3ed7167f303eb42fL, 0x5e90ef7452782287L, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4d40c000L, 0x701ad8f806809302L, 0x8c635a0a618112a4L, 0x42c03cb244503981L, 0xf47cbf1d8082d9b2L, 0x017fb1142101f081L, 0xe80f6101916ff320L, 0x1f336221fe59e4c6L, 0x15339dd85a5aa68fL, 0x6939d69288925002L, 0xf253d6a1ab533422L, 0x518e5895efd8dacaL, 0x22e18e751a9699ffL, 0x0303030303030303L, 0x0303030303030303L, 0x42c03cb244503981L, 0xf47cbf1d8082d9b2L, 0x017fb1142101f081L, 0xe80f6101916ff320L, 0x1f336221fe59e4c6L, 0x15339dd85a5aa68fL, 0x6939d69288925002L, 0xf253d6a1ab533422L, 0x518e5895efd8dacaL, 0x22e18e751a9699ffL, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x0d60cc00L, 0xf5f27f09d0222b0cL, 0x7c687f55d6dd2c5aL, 0xf36f1f64eeb4c082L, 0x1bcca124814fc983L, 0x4c292471cf2f56d0L, 0xcf2848d27544bc7dL, 0x03524c6b03848a45L, 0x6ecdd990c1cbb211L, 0xa801f7e7e68c8135L, 0x7590c5aef0a97577L, 0xcee602fb9d019a5dL, 0x09d631944544ae29L, 0x342d261f18110a03L, 0x0000000000000000L, 0x6c655e575049423bL, 0x0000000000000000L, 0x4c292471cf2f56d0L, 0xcf2848d27544bc7dL, 0x03524c6b03848a45L, 0x6ecdd990c1cbb211L, 0xa801f7e7e68c8135L, 0x7590c5aef0a97577L, 0xcee602fb9d019a5dL, 0x09d631944544ae29L, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x0d40e41eL, 0x2ee6220fb34a8d35L, 0xdceec59dc5f7f56fL, 0x8be73d803fa6a145L, 0x448f90b238d71d47L, 0x7ffbf1958fb302bdL, 0xa40c8295ffcb6bf8L, 0x361a16344dcf032fL, 0x39504b51db23b6e9L, 0x39f1899f112d6bc4L, 0xd6087d37490b4013L, 0x4a61d3a869ed3253L, 0x9ea53f58ddd61cf7L, 0x261f261f261f261fL, 0x0000000000000000L, 0x8be73d803fa6a145L, 0x448f90b238d71d47L, 0x7ffbf1958fb302bdL, 0xa40c8295ffcb6bf8L, 0x361a16344dcf032fL, 0x39504b51db23b6e9L, 0x0a030a030a030a03L, 0x0000000000000000L, 0x1811181118111811L, 0x0000000000000000L, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4d60e400L, 0x486b0c4300686d0eL, 0x7c9d8932ed7a3e54L, 0x8a4980ff2fb5df28L, 0x28a5c7337a547e96L, 0xcf3123f261bbb3ebL, 0x08accac821715e4cL, 0xda21a820994daff0L, 0x0e058daaafb4c8afL, 0xcd16a4745b306afeL, 0x2733faca999575abL, 0xa18df2376c4e5580L, 0x0cf73ee689e5a92bL, 0x0a030a030a030a03L, 0x0a030a030a030a03L, 0x1811181118111811L, 0x1811181118111811L, 0x261f261f261f261fL, 0x261f261f261f261fL, 0x342d342d342d342dL, 0x342d342d342d342dL, 0xcd16a4745b306afeL, 0x2733faca999575abL, 0xa18df2376c4e5580L, 0x0cf73ee689e5a92bL, 0x342d261f18110a03L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x0c002000L, 0x9af6a97719cb48b9L, 0xbaf222a14cedd068L, 0x710e5930ac9d11c8L, 0x83288d48fb6f59ebL, 0xb1a625e461429d98L, 0x4ccfc9b757d27ea3L, 0x1685d567a70a129eL, 0x4afaa2e32ae5613bL, 0x0afa79aff3bd8539L, 0x74ebffeed37a9073L, 0x18950d26b1501993L, 0xc936eeb7d1c6bd60L, 0x9af6a97719cb48b9L, 0xbaf222a14cedd068L, 0x710e5930ac9d11c8L, 0x83288d48fb6f59ebL, 0xb1a625e461429d98L, 0x4ccfc9b757d27ea3L, 0x1685d567a70a129eL, 0x4afaa2e32ae5613bL, 0x0afa79aff3bd8539L, 0x74ebffeed37a9073L, 0x18950d26b1501993L, 0xc936eeb7d1c6bd60L, 0x9af6a97719cb48b9L, 0x710e5930ac9d11c8L, 0xb1a625e461429d98L, 0x1685d567a70a129eL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4c00ac1eL, 0xbd85e46ac852681aL, 0x593e24ad50cf8a4aL, 0x2fc348224779c7deL, 0x5bd34436e2df03d1L, 0x5588821d0b8c6996L, 0x2f140a4df639d4c5L, 0xb0c6bd93b560362cL, 0x22e9bb2c3642fd40L, 0x5e9867edf04d28baL, 0x766e29b62526dc6bL, 0x0bafea650d70eb13L, 0xedb78139da38ae05L, 0xbd85e46ac852681aL, 0x593e24ad50cf8a4aL, 0x2fc348224779c7deL, 0x5bd34436e2df03d1L, 0x5588821d0b8c6996L, 0x2f140a4df639d4c5L, 0xb0c6bd93b560362cL, 0x22e9bb2c3642fd40L, 0x5e9867edf04d28baL, 0x766e29b62526dc6bL, 0x0bafea650d70eb13L, 0xedb78139da38ae05L, 0x5e9867edf04d28baL, 0x766e29b62526dc6bL, 0x0bafea650d70eb13L, 0xedb78139da38ae05L, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4c008800L, 0x2bbfffc5ce55fe19L, 0x44e91668883ff3a5L, 0xf82b1e2e22a3c502L, 0x95445aa1aaa78208L, 0x80792f8c2e4b4f0cL, 0xd2e0215af8019a92L, 0x062a152c848b7d27L, 0x716bbb4514c3c21dL, 0x39d2b35c13eb62d9L, 0xe9e039dd79f7225cL, 0xac9a94c1ecb7db18L, 0xa7f5dff35ca772aeL, 0x2bbfffc5ce55fe19L, 0x44e91668883ff3a5L, 0xf82b1e2e22a3c502L, 0x95445aa1aaa78208L, 0x80792f8c2e4b4f0cL, 0xd2e0215af8019a92L, 0x062a152c848b7d27L, 0x716bbb4514c3c21dL, 0x39d2b35c13eb62d9L, 0xe9e039dd79f7225cL, 0xac9a94c1ecb7db18L, 0xa7f5dff35ca772aeL, 0x22a3c502ce55fe19L, 0xf82b1e2e2bbfffc5L, 0xaaa78208883ff3a5L, 0x95445aa144e91668L, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4c004400L, 0x5a2d5821d20157cbL, 0x918146b6b441c7a4L, 0xc618dc46abfa2d2bL, 0x8e7c122c7ae1f3b1L, 0xd0b4a6775c32fc16L, 0x36277a04596b5c6eL, 0xa543ffcdc22f5156L, 0xbd0143ac0cbd9a74L, 0xc321baa6300cfc40L, 0xd92057e90babf5b8L, 0x4a98579cd550cc53L, 0x75b2582a9355190bL, 0x5a2d5821d20157cbL, 0x918146b6b441c7a4L, 0xc618dc46abfa2d2bL, 0x8e7c122c7ae1f3b1L, 0xd0b4a6775c32fc16L, 0x36277a04596b5c6eL, 0xa543ffcdc22f5156L, 0xbd0143ac0cbd9a74L, 0xc321baa6300cfc40L, 0xd92057e90babf5b8L, 0x4a98579cd550cc53L, 0x75b2582a9355190bL, 0xd201fc162d2b57cbL, 0xdc4658215c32abfaL, 0xd0b4c6185a2da677L, 0xb4415c6ef3b1c7a4L, 0x122c46b6596b7ae1L, 0x36278e7c91817a04L, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x0c00401fL, 0xf663047d93e691f9L, 0x491be9d9466e029aL, 0x3565def4df0f381fL, 0xe89817669122c1afL, 0xb230b5c2535d0fecL, 0x796cacdd3ca3cef3L, 0x27914ab17cab55aeL, 0xd906578b0f38a885L, 0xa3d15c3873345894L, 0x74b275576f9c9525L, 0x6947c0113e5c454fL, 0x484d6b259f924e05L, 0xf663047d93e691f9L, 0x491be9d9466e029aL, 0x3565def4df0f381fL, 0xe89817669122c1afL, 0xb230b5c2535d0fecL, 0x796cacdd3ca3cef3L, 0x27914ab17cab55aeL, 0xd906578b0f38a885L, 0xa3d15c3873345894L, 0x74b275576f9c9525L, 0x6947c0113e5c454fL, 0x484d6b259f924e05L, 0xe65c3891451ff94fL, 0xc0f47d11df933e0fL, 0x35f669656347de04L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4c000000L, 0xf22f789aee4c4bd9L, 0xa735deebcbe5050eL, 0xf161fdfcdc9a4c84L, 0x7a054ee2f81ad91dL, 0x95fa633c77a10befL, 0x74095af162015238L, 0xef518df197eede9cL, 0x1fb6c9381ce72421L, 0x157f8a1635c1c229L, 0x899b95088645ebedL, 0x1b5b8657cdba3b7aL, 0xd178ca9ee8d8d18cL, 0xf22f789aee4c4bd9L, 0xa735deebcbe5050eL, 0xf161fdfcdc9a4c84L, 0x7a054ee2f81ad91dL, 0x95fa633c77a10befL, 0x74095af162015238L, 0xef518df197eede9cL, 0x1fb6c9381ce72421L, 0x157f8a1635c1c229L, 0x899b95088645ebedL, 0x1b5b8657cdba3b7aL, 0xd178ca9ee8d8d18cL, 0xde0b4c4b9cef84d9L, 0x9777dceeeea19a4cL, 0x8d63fd78f13cfc9aL, 0xef95f1f251fa612fL, 0x2452d90521381d0eL, 0x1c62f8cbe7011ae5L, 0xc95a4ede38f1e2ebL, 0x1f747aa7b6090535L, },
        {0x0c000400L, 0x4aeeb3b3ff52832fL, 0x6623c51307bb0de9L, 0x53e3fb3bedae21b2L, 0x33dbe41597295171L, 0x877d5ca7a35b7f93L, 0xdb8ad1fdce684dacL, 0x85774e444a3c7637L, 0x1d7d3e6b0545631bL, 0xc7396296b04e4f1dL, 0x2d51ed4b2ed8b4c3L, 0xe3db49e1b2e4556aL, 0xe97635314cb98740L, 0x4aeeb3b3ff52832fL, 0x6623c51307bb0de9L, 0x53e3fb3bedae21b2L, 0x33dbe41597295171L, 0x877d5ca7a35b7f93L, 0xdb8ad1fdce684dacL, 0x85774e444a3c7637L, 0x1d7d3e6b0545631bL, 0xc7396296b04e4f1dL, 0x2d51ed4b2ed8b4c3L, 0xe3db49e1b2e4556aL, 0xe97635314cb98740L, 0x76377f9321b2832fL, 0x4a3ca35bedaeff52L, 0x4e445ca7fb3bb3b3L, 0x8577877d53e34aeeL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4d008003L, 0x56b1ddcd7835244eL, 0xa98ef42570099d86L, 0xeac458ec55442f3dL, 0xa2dad3e5c944c823L, 0xb566b3d898062973L, 0x54e840bdde5019e1L, 0x5544612cf1f2e192L, 0xa10a2ddac93920d1L, 0xc9503be69b5946d0L, 0xad09e094285e405dL, 0x3690ec7e48af4b9dL, 0x1d0bf61fd20b524aL, 0x56b1ddcd7835244eL, 0xa98ef42570099d86L, 0xeac458ec55442f3dL, 0xa2dad3e5c944c823L, 0xb566b3d898062973L, 0x54e840bdde5019e1L, 0x5544612cf1f2e192L, 0xa10a2ddac93920d1L, 0xc9503be69b5946d0L, 0xad09e094285e405dL, 0x3690ec7e48af4b9dL, 0x1d0bf61fd20b524aL, 0x342d261fc93920d1L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4d205800L, 0x5b83962329ee966eL, 0xd0e4f152e75110c2L, 0x2f9459643005c263L, 0xf8452c6823173127L, 0x2dc61929bdb3b685L, 0x3ebb012955a5d0a8L, 0x71b6bf15b67db109L, 0xe48bc971e40a282bL, 0xe0a83e81ed3b56bbL, 0x00f766e7174feed6L, 0x4bfe3d86fe56048bL, 0x724732fd723eea42L, 0x5b83962329ee966eL, 0xd0e4f152e75110c2L, 0x2f9459643005c263L, 0xf8452c6823173127L, 0x2dc61929bdb3b685L, 0x3ebb012955a5d0a8L, 0x71b6bf15b67db109L, 0xe48bc971e40a282bL, 0xe0a83e81ed3b56bbL, 0x00f766e7174feed6L, 0x4bfe3d86fe56048bL, 0x724732fd723eea42L, 0x342d261ff845d0e4L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x0d00a41eL, 0xce3719d354044716L, 0xfe3d9f0bef6f4a18L, 0xfb00cf63ef38128cL, 0x34eaa28767e141a9L, 0x15b448702b9fc96aL, 0xeeb093b60de7ec78L, 0x406215be9ec83da0L, 0xd906c176ddf8c5dbL, 0x94d2e76e13e92290L, 0x7f1d78f1b87e54d5L, 0x43605563f4793d3cL, 0x2e29a7490af50046L, 0xce3719d354044716L, 0xfe3d9f0bef6f4a18L, 0xfb00cf63ef38128cL, 0x34eaa28767e141a9L, 0x15b448702b9fc96aL, 0xeeb093b60de7ec78L, 0x406215be9ec83da0L, 0xd906c176ddf8c5dbL, 0x94d2e76e13e92290L, 0x7f1d78f1b87e54d5L, 0x43605563f4793d3cL, 0x2e29a7490af50046L, 0x94d2e76e13e92290L, 0x43605563f4793d3cL, 0xce3719d354044716L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
        {0x4d202400L, 0x14c20c4bf2243bc6L, 0x9c373387efd44231L, 0xf9707b5b10b746f5L, 0xa909e84d09e93538L, 0x06edd7c39db4a952L, 0xa3164a224b8fd480L, 0x242c8baec02feb29L, 0x762b376cd64e5ebfL, 0x511b8fbb4c268dc2L, 0x5f4afab80217f059L, 0x8203d2c6da16e9f9L, 0x8685a1d83bf39a6aL, 0x14c20c4bf2243bc6L, 0x9c373387efd44231L, 0xf9707b5b10b746f5L, 0xa909e84d09e93538L, 0x06edd7c39db4a952L, 0xa3164a224b8fd480L, 0x242c8baec02feb29L, 0x762b376cd64e5ebfL, 0x511b8fbb4c268dc2L, 0x5f4afab80217f059L, 0x8203d2c6da16e9f9L, 0x8685a1d83bf39a6aL, 0x342d261f5ed43542L, 0x6c655e575049423bL, 0xa49d968f88817a73L, 0xdcd5cec7c0b9b2abL, 0x140d06fff8f1eae3L, 0x4c453e373029221bL, 0x847d766f68615a53L, 0xbcb5aea7a099928bL, },
    };

    @Test
    void structureLoadsAndStoresMatchQemu() {
        int[] regs = {0, 1, 2, 3, 30, 31};
        for (long[] row : QEMU_STRUCTURES) {
            TestMachine m = machine();
            int w = (int) row[0];
            for (int k = 0; k < 6; k++) {
                m.cpu.v[2 * regs[k]] = row[1 + 2 * k];
                m.cpu.v[2 * regs[k] + 1] = row[2 + 2 * k];
            }
            m.cpu.x[0] = DATA;
            exec(m, w);
            assertEquals(TestMachine.CODE + 4, m.cpu.pc, () -> String.format("%08x ran", w));
            for (int k = 0; k < 6; k++) {
                int r = regs[k], kk = k;
                assertEquals(row[13 + 2 * k], m.cpu.v[2 * r], () -> String.format("%08x v%d lo", w, r));
                assertEquals(row[14 + 2 * k], m.cpu.v[2 * r + 1], () -> String.format("%08x v%d hi", w, r));
            }
            for (int k = 0; k < 8; k++) {
                int kk = k;
                assertEquals(row[25 + k], m.cpu.mem.read64(DATA + 8 * k), () -> String.format("%08x memory word %d", w, kk));
            }
            assertEquals(DATA, m.cpu.x[0]);
        }
    }

    @Test
    void postIndexByImmediateOrRegister() {
        TestMachine m = machine();
        m.cpu.x[1] = DATA;
        exec(m, 0x4cdf2020);                                                   // ld1 {v0.16b-v3.16b}, [x1], #64
        assertEquals(DATA + 64, m.cpu.x[1]);
        for (int r = 0; r < 4; r++) assertV(m, r, pat(16 * r), pat(16 * r + 8));
        m.cpu.x[2] = -40;
        exec(m, 0x4cc22020);                                                   // ld1 {v0.16b-v3.16b}, [x1], x2
        assertEquals(DATA + 24, m.cpu.x[1]);
        assertV(m, 0, pat(64), pat(72));
        long sp = m.cpu.sp();
        m.cpu.mem.write64(sp, 0x0807_0605_0403_0201L);
        exec(m, 0x0cdf73e0);                                                   // ld1 {v0.8b}, [sp], #8
        assertEquals(sp + 8, m.cpu.sp());
        assertV(m, 0, 0x0807_0605_0403_0201L, 0);
        m.cpu.x[1] = DATA + 1024;
        m.cpu.x[2] = 100;
        m.cpu.v[0] = 1; m.cpu.v[1] = 2; m.cpu.v[2] = 3; m.cpu.v[3] = 4;
        exec(m, 0x4c82ac20);                                                   // st1 {v0.2d, v1.2d}, [x1], x2
        assertEquals(DATA + 1124, m.cpu.x[1]);
        assertEquals(3, m.cpu.mem.read64(DATA + 1040));
        m.cpu.x[1] = DATA;
        m.cpu.v[0] = -1; m.cpu.v[1] = -1;
        exec(m, 0x0ddf9020);                                                   // ld1 {v0.s}[1], [x1], #4
        assertEquals(DATA + 4, m.cpu.x[1]);
        assertV(m, 0, pat(0, 4) << 32 | 0xFFFF_FFFFL, -1);
        m.cpu.x[2] = 12;
        exec(m, 0x0dc29020);                                                   // ld1 {v0.s}[1], [x1], x2
        assertEquals(DATA + 16, m.cpu.x[1]);
        assertV(m, 0, pat(4, 4) << 32 | 0xFFFF_FFFFL, -1);
        m.cpu.x[1] = DATA + 2048;
        for (int r = 0; r < 4; r++) { m.cpu.v[2 * r] = 0; m.cpu.v[2 * r + 1] = (0x1000L + r) << 32; }
        exec(m, 0x4dbf7020);                                                   // st4 {v0.h-v3.h}[6], [x1], #8
        assertEquals(DATA + 2056, m.cpu.x[1]);
        assertEquals(0x1003_1002_1001_1000L, m.cpu.mem.read64(DATA + 2048));
        m.cpu.x[1] = DATA;
        m.cpu.x[2] = 4;
        exec(m, 0x4de2e820);                                                   // ld4r {v0.4s-v3.4s}, [x1], x2
        assertEquals(DATA + 4, m.cpu.x[1]);
        for (int r = 0; r < 4; r++) {
            long e = pat(4 * r, 4);
            assertV(m, r, e << 32 | e, e << 32 | e);
        }
        exec(m, 0x4dffe820);                                                   // ld4r {v0.4s-v3.4s}, [x1], #16
        assertEquals(DATA + 20, m.cpu.x[1]);
        m.cpu.v[0] = -1; m.cpu.v[1] = -1;
        exec(m, 0x0d40c820);                                                   // ld1r {v0.2s}, [x1]
        long e = pat(20, 4);
        assertV(m, 0, e << 32 | e, 0);
        assertEquals(DATA + 20, m.cpu.x[1]);
    }

    @Test
    void registerListsWrapAroundV31() {
        TestMachine m = machine();
        m.cpu.x[0] = DATA;
        exec(m, 0x4c402c1f);                                                   // ld1 {v31.2d, v0.2d, v1.2d, v2.2d}, [x0]
        assertV(m, 31, pat(0), pat(8));
        assertV(m, 0, pat(16), pat(24));
        assertV(m, 2, pat(48), pat(56));
    }

    // ---------------------------------------------------------------- faults and alignment

    @Test
    void aFaultingAccessLeavesBaseAndDestinationsUnchanged() {
        long end = TestMachine.RAM + (16L << 20);     // first address past RAM: a synchronous external abort
        // {word, base, which registers must be unchanged}
        long[][] cases = {
            {0x4cdf2020L, end - 48},    // ld1 {v0.16b-v3.16b}, [x1], #64: the last 16 bytes fault
            {0xadff0420L, end + 16},    // ldp q0, q1, [x1, #-32]!: the second Q faults
            {0x3cc10420L, end - 8},     // ldr q0, [x1], #16: the high half faults
            {0x4c9f2020L, end - 32},    // st1 {v0.16b-v3.16b}, [x1], #64
            {0x4dffe820L, end - 8},     // ld4r {v0.4s-v3.4s}, [x1], #16: the third element faults
            {0xfc5f8421L, DATA + 4},    // ldr d1, [x1], #-8: unaligned to Device memory (MMU off)
        };
        for (long[] cs : cases) {
            TestMachine m = machine();
            fillV(m, 7);
            long[] before = m.cpu.v.clone();
            m.cpu.x[1] = cs[1];
            exec(m, (int) cs[0]);
            assertTookException(m, Esr.EC_DABT_SAME);
            assertEquals(cs[1], m.cpu.x[1], () -> String.format("%08x: base unchanged", cs[0]));
            for (int k = 0; k < 64; k++) assertEquals(before[k], m.cpu.v[k], String.format("%08x: v[%d] unchanged", cs[0], k));
        }
    }

    @Test
    void elementAlignmentWithTheMmuOff() {
        // With stage 1 off data is Device memory: an access must be aligned to its element size.
        TestMachine m = machine();
        m.cpu.x[1] = DATA + 1;
        exec(m, 0x4c407020);                                                   // ld1 {v0.16b}, [x1]: byte elements
        assertEquals(TestMachine.CODE + 4, m.cpu.pc);
        assertV(m, 0, pat(1), pat(9));
        m.cpu.x[1] = DATA + 4;
        exec(m, 0x4c407820);                                                   // ld1 {v0.4s}, [x1]: word elements at 4 mod 8
        assertEquals(TestMachine.CODE + 4, m.cpu.pc);
        assertV(m, 0, pat(4), pat(12));
        exec(m, 0x4c407c20);                                                   // ld1 {v0.2d}, [x1]: doublewords at 4 mod 8 fault
        assertTookException(m, Esr.EC_DABT_SAME);
        assertEquals(Esr.FSC_ALIGNMENT, m.cpu.esr[1] & 0x3F);
        assertEquals(DATA + 4, m.cpu.far[1]);
    }

    @Test
    void sctlrAAlignsQAccessesTo16Bytes() {
        TestMachine m = machine();
        m.cpu.sctlr[1] |= 2;                                                   // SCTLR_EL1.A
        m.cpu.x[1] = DATA + 16;
        exec(m, 0x3dc00020);                                                   // ldr q0, [x1]
        assertV(m, 0, pat(16), pat(24));
        m.cpu.x[1] = DATA + 8;
        exec(m, 0x3dc00020);
        assertTookException(m, Esr.EC_DABT_SAME);
        assertEquals(Esr.FSC_ALIGNMENT, m.cpu.esr[1] & 0x3F);
        assertEquals(DATA + 8, m.cpu.far[1]);
    }

    @Test
    void spAlignmentCheck() {
        TestMachine m = machine();                                             // SCTLR_EL1.SA is set at reset
        m.cpu.setSp(DATA + 8);
        exec(m, 0x3dc003e0);                                                   // ldr q0, [sp]
        assertTookException(m, Esr.EC_SP_ALIGN);
        m = machine();
        m.cpu.setSp(DATA + 16);
        exec(m, 0x3dc003e0);
        assertV(m, 0, pat(16), pat(24));
    }

    @Test
    void fpAccessTrapComesFirst() {
        TestMachine m = machine();
        m.cpu.sysregStore[SysReg.CPACR_EL1.ordinal()] = 0;
        m.cpu.x[1] = DATA;
        m.cpu.v[0] = 99;
        exec(m, 0x4cdf7020);                                                   // ld1 {v0.16b}, [x1], #16
        assertTookException(m, Esr.EC_FP_ACCESS);
        assertEquals(Cpu.FP_TRAP_ISS | Esr.IL, (int) m.cpu.esr[1] & 0x3FF_FFFF);
        assertEquals(DATA, m.cpu.x[1]);
        assertEquals(99, m.cpu.v[0]);
        m = machine();
        m.cpu.sysregStore[SysReg.CPACR_EL1.ordinal()] = 0;
        m.cpu.x[1] = TestMachine.RAM + (16L << 20);                            // would fault: the trap wins
        exec(m, 0x3dc00020);
        assertTookException(m, Esr.EC_FP_ACCESS);
    }

    // ---------------------------------------------------------------- decoding and disassembly

    @Test
    void reservedEncodingsAreUndefined() {
        int[] reserved = {
            0x7dc00020,     // ldr with size = 01, opc<1> = 1
            0xfdc00020,     // size = 11, opc<1> = 1
            0x3c608820,     // ldr (register) option = 100
            0x3c602820,     // option = 001
            0x3ca00820,     // ldr ... [x1, #...]  unprivileged (bits 11:10 = 10) has no SIMD&FP form
            0x0c408000 | 3 << 10,  // ld2 {v.1d, ...}: size:Q = 110
            0x0c400000 | 3 << 10,  // ld4 .1d
            0x0c404000 | 3 << 10,  // ld3 .1d
            0x0c401000,     // opcode 0001
            0x0c40b000,     // opcode 1011
            0x0c40c000,     // opcode 1100
            0x0d404400,     // ld1 {v.h}[..] with size<0> = 1
            0x0d408800,     // ld1 {v.s} with size<1> = 1
            0x0d409400,     // ld1 {v.d}[..] with S = 1
            0x0d00c000,     // st1r does not exist
            0x0d40d000,     // ld1r with S = 1
            0x2dc00020 | 3 << 30,  // ldp opc = 11
        };
        for (int w : reserved) assertNull(A64Table.decode(w), () -> String.format("%08x must be UNDEFINED", w));
        assertNotNull(A64Table.decode(0x0c407c00));                            // ld1 {v0.1d}, [x0] is allowed
    }

    /** Random words of every row, disassembled as objdump does. */
    @Test
    void disassemblyMatchesObjdump(@TempDir Path dir) throws Exception {
        Random rnd = new Random(0x5EED);
        List<Integer> list = new ArrayList<>();
        for (Row r : SimdLoadStoreRows.rows()) {
            int got = 0;
            for (int k = 0; k < 20000 && got < 40; k++) {
                int w = (rnd.nextInt() & ~r.mask) | r.value;
                if (k % 3 == 0) w = w & ~(31 << 16) | 31 << 16;          // Rm = 31 (immediate post-index) often
                if (k % 5 == 0) w = w | 31 << 5;                          // base SP often
                if (r.matches(w) && A64Table.decode(w) != null && A64Table.decode(w).pattern.equals(r.pattern)) { list.add(w); got++; }
            }
            assertTrue(got > 0, r.name + " reachable");
        }
        int[] words = list.stream().mapToInt(Integer::intValue).toArray();
        long base = 0x4010_0000L;
        Map<Integer, String> theirs = DisassemblerTest.objdump(words, dir);
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < words.length; k++) {
            String ours = DisassemblerTest.normalize(Disassembler.disassemble(words[k], base + 4L * k));
            String them = theirs.get(k);
            if (!ours.equals(them)) bad.add(String.format(Locale.ROOT, "%08x %-20s ours: %-40s objdump: %s", words[k],
                    A64Table.decode(words[k]).name, ours, them));
        }
        System.out.printf(Locale.ROOT, "SIMD&FP load/store disassembly: %d/%d agree with objdump%n", words.length - bad.size(), words.length);
        bad.forEach(System.out::println);
        assertTrue(bad.isEmpty(), bad.size() + " disagree");
    }
}
