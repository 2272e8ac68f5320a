package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.format.Fdt;
import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.monitor.Ffa;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The SPMC end to end on a bare CPU: a raw-binary partition written in machine code (it answers
 * every direct request with payload + 1), called from normal-world code through SMC.
 */
class SpmcTest {
    static final long NS_RAM = 0x4000_0000L, SECURE = 0x0600_0000L, NW_CODE = NS_RAM + 0x1000;
    static final long NW_TX = NS_RAM + 0x10000, NW_RX = NS_RAM + 0x11000;

    /** FFA_MSG_WAIT, then for each request: x3 += 1, reply with the response of the same width to the sender. */
    static final int[] ECHO_SP = {
        0xD2800D60, 0xF2B08000, 0xD4000001,       // x0 = FFA_MSG_WAIT; svc #0
        0x91000463,                               // loop: add x3, x3, #1
        0x13814021,                               // ror w1, w1, #16 (swap sender and receiver)
        0x91000400, 0xD503201F,                   // x0 += 1: DIRECT_REQ_32/64 -> DIRECT_RESP_32/64; nop
        0xD2800002,                               // x2 = 0
        0xD4000001,                               // svc #0
        0x17FFFFFA,                               // b loop
    };

    /** Like ECHO_SP, but the first request makes it load from address 0 (unmapped): a fault. */
    static final int[] FAULTING_SP = {
        0xD2800D60, 0xF2B08000, 0xD4000001,       // FFA_MSG_WAIT
        0xF94003E0,                               // ldr x0, [sp] (SP_EL0 = 0: unmapped)
    };

    final SystemBus bus = new SystemBus();
    final Cpu cpu = new Cpu(0, bus);
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final Spmc spmc;

    SpmcTest() {
        bus.addRam(NS_RAM, 1 << 20);
        bus.addRam(SECURE, 4 << 20);
        bus.setSecureOnly(SECURE, 4 << 20);
        spmc = new Spmc(bus, SECURE, 4 << 20, new PrintStream(console, true, StandardCharsets.UTF_8));
        cpu.traps = SpmcHarness.monitorFor(spmc);
        cpu.secureEl1 = spmc;
    }

    static byte[] code(int... words) {
        byte[] b = new byte[4 * words.length];
        for (int i = 0; i < words.length; i++) for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (words[i] >>> 8 * k);
        return b;
    }

    static byte[] manifest(String uuid, int version, int messaging) {
        Fdt f = new Fdt();
        f.beginNode("");
        f.propertyString("compatible", "arm,ffa-manifest-1.0");
        f.propertyU32("ffa-version", version);
        f.propertyU32("uuid", Endpoint.uuidWords(uuid));
        f.propertyU32("execution-state", 0);
        f.propertyU32("messaging-method", messaging);
        f.propertyU32("ns-interrupts-action", 2);
        f.endNode();
        return f.finish();
    }

    /** Boots the partitions, then runs normal-world code: one SMC with x0..x7 = {@code args}, then a loop. */
    long[] call(long... args) {
        bus.load(NW_CODE, code(0xD4000003, 0x14000000), 0, 8);   // smc #0; b .
        cpu.resetTo(NW_CODE, 1);
        if (!spmc.secureWorldRunning() && cpu.secureEl1 != null && !booted) {
            spmc.boot(cpu);
            booted = true;
            for (int i = 0; i < 1000 && cpu.secure; i++) Interpreter.run(cpu, 1, null);   // initialisation, up to FFA_MSG_WAIT
            assertTrue(!cpu.secure && cpu.pc == NW_CODE, "back in the normal world after boot: secure=" + cpu.secure + " pc=" + Long.toHexString(cpu.pc) + " el=" + cpu.el + " stop=" + cpu.stopReason + " " + cpu.stopMessage + " esr=" + Long.toHexString(cpu.recentExc[0]) + " elr=" + Long.toHexString(cpu.recentExc[1]) + " insns=" + cpu.insnCount);
        }
        for (int i = 0; i < args.length; i++) cpu.x[i] = args[i];
        Interpreter.run(cpu, 1, null);   // the SMC
        for (int i = 0; i < 100_000 && cpu.secure; i++) Interpreter.run(cpu, 1, null);
        assertTrue(!cpu.secure, "the call returns to the normal world");
        return java.util.Arrays.copyOf(cpu.x, 8);
    }

    boolean booted;

    @Test
    void directRequestsRoundTripThroughAPartition() throws Exception {
        spmc.addPartition("echo", code(ECHO_SP), manifest("11111111-2222-3333-4444-555555555555", Ffa.VERSION_1_1, 3), "test");
        long[] r = call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8001, 0, 41, 7, 8, 9, 10);
        assertEquals(Ffa.MSG_SEND_DIRECT_RESP_64 & 0xFFFF_FFFFL, r[0]);
        assertEquals(0x8001L << 16, r[1], "sender is the SP, receiver the normal world");
        assertEquals(42, r[3]);
        assertEquals(7, r[4]);
        assertEquals("IDLE", spmc.state(0x8001));
        r = call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8001, 0, 99);
        assertEquals(100, r[3], "the partition loops: the response's SVC returned with the next request");
    }

    /**
     * A partition that keeps a running sum in V0 (its own SIMD&FP state) across requests:
     * <pre>
     *     x0 = FFA_MSG_WAIT ; svc #0
     * 1:  fmov d1, x3 ; add v0.2d, v0.2d, v1.2d ; fmov x3, d0
     *     ror w1, w1, #16 ; add x0, x0, #1 ; mov x2, #0 ; svc #0 ; b 1b
     * </pre>
     */
    static final int[] FP_SUM_SP = {0xd2800d60, 0xf2b08000, 0xd4000001, 0x9e670061, 0x4ee18400, 0x9e660003, 0x13814021,
        0x91000400, 0xd2800002, 0xd4000001, 0x17fffff9};

    @Test
    void aPartitionsSimdFpRegistersSurviveTheNormalWorld() throws Exception {
        spmc.addPartition("fpsum", code(FP_SUM_SP), manifest("11111111-2222-3333-4444-555555555555", Ffa.VERSION_1_1, 3), "test");
        // From outside instruction execution the registers are read after settleFp and written
        // after fpWritten, as SIMD&FP instructions do through their access check (lazy switching).
        cpu.fpWritten();
        cpu.v[0] = 0xAAAA;
        cpu.fpcr = 0x0040_0000;
        long[] r = call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8001, 0, 5);
        assertEquals(5, r[3]);
        cpu.settleFp();
        assertEquals(0xAAAA, cpu.v[0], "the normal world's V0 is its own again");
        assertEquals(0x0040_0000, cpu.fpcr, "and so is its FPCR");
        cpu.fpWritten();
        cpu.v[0] = 0x5555;             // the normal world uses V0 between the calls
        r = call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8001, 0, 7);
        assertEquals(12, r[3], "the partition's V0 survived the round trip through the normal world");
        cpu.settleFp();
        assertEquals(0x5555, cpu.v[0]);
    }

    @Test
    void badDirectRequestsGetOpTeesErrors() throws Exception {
        spmc.addPartition("echo", code(ECHO_SP), manifest("11111111-2222-3333-4444-555555555555", Ffa.VERSION_1_1, 3), "test");
        assertError(Ffa.INVALID_PARAMETERS, call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8005, 0, 1));   // no such endpoint
        assertError(Ffa.INVALID_PARAMETERS, call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8001L << 16 | 0x8001, 0, 1));
        assertError(Ffa.INVALID_PARAMETERS, call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8001, 1, 1));   // w2 != 0
        assertError(Ffa.NOT_SUPPORTED, call(Ffa.MSG_WAIT & 0xFFFF_FFFFL));
        assertError(Ffa.NOT_SUPPORTED, call(Ffa.MSG_SEND_DIRECT_RESP_64 & 0xFFFF_FFFFL, 0x8001));
        assertEquals(Ffa.NOT_SUPPORTED & 0xFFFF_FFFFL, call(Ffa.VERSION & 0xFFFF_FFFFL, 0x8000_0000L)[0], "bit 31 set");
        assertEquals(Ffa.VERSION_1_2, call(Ffa.VERSION & 0xFFFF_FFFFL, Ffa.VERSION_1_1)[0], "the SPMC answers its own version");
    }

    @Test
    void partitionInfoAndBuffers() throws Exception {
        spmc.addLogicalPartition(new TestLogicalPartition(spmc.nextFreeId()));
        spmc.addPartition("echo", code(ECHO_SP), manifest("11111111-2222-3333-4444-555555555555", Ffa.VERSION_1_1, 3), "test");
        long info = Ffa.PARTITION_INFO_GET & 0xFFFF_FFFFL;
        assertError(Ffa.BUSY, call(info, 0, 0, 0, 0, 0));   // no RX buffer yet
        assertEquals(Ffa.VERSION_1_2, call(Ffa.VERSION & 0xFFFF_FFFFL, Ffa.VERSION_1_1)[0], "v1.1 descriptors from now on");
        assertError(Ffa.INVALID_PARAMETERS, call(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, NW_TX, NW_RX, 0));
        assertError(Ffa.INVALID_PARAMETERS, call(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, NW_TX, SECURE, 1));   // secure memory
        assertEquals(Ffa.SUCCESS_32 & 0xFFFF_FFFFL, call(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, NW_TX, NW_RX, 1)[0]);
        assertError(Ffa.DENIED, call(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, NW_TX, NW_RX, 1));
        long[] r = call(info, 0, 0, 0, 0, 0);
        assertEquals(Ffa.SUCCESS_32 & 0xFFFF_FFFFL, r[0]);
        assertEquals(2, r[2]);
        assertEquals(24, r[3]);
        byte[] rx = bus.ramPage(NW_RX);
        assertEquals(0x8001, (rx[0] & 0xFF) | (rx[1] & 0xFF) << 8, "the logical partition first");
        assertEquals(0x0e44b554, SpLoader.le32(rx, 8), "UUID words as Linux packs them");
        assertEquals(0x8002, (rx[24] & 0xFF) | (rx[25] & 0xFF) << 8);
        assertError(Ffa.BUSY, call(info, 0, 0, 0, 0, 0));   // RX still full
        assertEquals(Ffa.SUCCESS_32 & 0xFFFF_FFFFL, call(Ffa.RX_RELEASE & 0xFFFF_FFFFL)[0]);
        assertError(Ffa.DENIED, call(Ffa.RX_RELEASE & 0xFFFF_FFFFL));
        int[] u = Endpoint.uuidWords(TestLogicalPartition.UUID);
        r = call(info, u[0] & 0xFFFF_FFFFL, u[1] & 0xFFFF_FFFFL, u[2] & 0xFFFF_FFFFL, u[3] & 0xFFFF_FFFFL, 1);
        assertEquals(1, r[2], "count only");
        assertError(Ffa.INVALID_PARAMETERS, call(info, 1, 2, 3, 4, 0));
        r = call(Ffa.MSG_SEND_DIRECT_REQ_32 & 0xFFFF_FFFFL, 0x8001, 0, 0, 1, 2, 3, 4);
        assertEquals(10, r[3], "the test LSP sums its arguments");
    }

    @Test
    void aFaultingPartitionIsReportedAndDeadAndTheCallerGetsAborted() throws Exception {
        spmc.addPartition("crash", code(FAULTING_SP), manifest("11111111-2222-3333-4444-555555555555", Ffa.VERSION_1_1, 3), "test");
        PrintStream err = System.err;
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        System.setErr(new PrintStream(report, true, StandardCharsets.UTF_8));
        long[] r;
        try {
            r = call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8001, 0, 1);
        } finally {
            System.setErr(err);
        }
        assertError(Ffa.ABORTED, r);
        assertEquals("DEAD", spmc.state(0x8001));
        String text = report.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("SP crash (ID 0x8001) faulted") && text.contains("image+0xc") && text.contains("data abort"), text);
        assertError(Ffa.ABORTED, call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8001, 0, 1));
    }

    /** Counts x9 down from 1000 before answering like ECHO_SP: long enough to be interrupted. */
    static final int[] SLOW_SP = {
        0xD2800D60, 0xF2B08000, 0xD4000001,       // FFA_MSG_WAIT
        0xD2807D09,                               // loop: mov x9, #1000
        0xD1000529, 0xB5FFFFE9,                   // spin: sub x9, x9, #1; cbnz x9, spin
        0x91000463, 0x13814021, 0x91000400, 0xD2800002, 0xD4000001,   // x3 + 1, response of the same width
        0x17FFFFF8,                               // b loop
    };

    @Test
    void aNormalWorldInterruptPreemptsThePartitionAndFfaRunResumesIt() throws Exception {
        spmc.addPartition("slow", code(SLOW_SP), manifest("11111111-2222-3333-4444-555555555555", Ffa.VERSION_1_1, 3), "test");
        bus.load(NW_CODE, code(0xD4000003, 0x14000000), 0, 8);
        cpu.resetTo(NW_CODE, 1);
        spmc.boot(cpu);
        booted = true;
        for (int i = 0; i < 1000 && cpu.secure; i++) Interpreter.run(cpu, 1, null);
        cpu.x[0] = Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL;
        cpu.x[1] = 0x8001;
        cpu.x[2] = 0;
        cpu.x[3] = 5;
        cpu.x[19] = 0x1919;                    // the normal world's own register survives the trip
        Interpreter.run(cpu, 50, null);        // the SMC, then the partition spins
        assertTrue(cpu.secure, "the partition is running");
        cpu.setInterruptLine(Cpu.LINE_IRQ, true);
        Interpreter.run(cpu, 1, null);
        assertTrue(!cpu.secure, "preempted: back in the normal world");
        assertEquals(Ffa.INTERRUPT & 0xFFFF_FFFFL, cpu.x[0]);
        assertEquals(0x8001L << 16, cpu.x[1], "w1 names the preempted partition");
        assertEquals(0x1919, cpu.x[19]);
        assertEquals("PREEMPTED", spmc.state(0x8001));
        assertError(Ffa.BUSY, call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8001, 0, 1));
        cpu.setInterruptLine(Cpu.LINE_IRQ, false);   // the normal world handled it
        long[] r = call(Ffa.RUN & 0xFFFF_FFFFL, 0x8001L << 16);
        assertEquals(Ffa.MSG_SEND_DIRECT_RESP_64 & 0xFFFF_FFFFL, r[0], "FFA_RUN returns with the answer to the request");
        assertEquals(6, r[3]);
        assertEquals("IDLE", spmc.state(0x8001));
        assertError(Ffa.DENIED, call(Ffa.RUN & 0xFFFF_FFFFL, 0x8001L << 16));
    }

    /** A v1.2 partition answering FFA_MSG_SEND_DIRECT_REQ2 with RESP2: x4 + 1 and x17 + 1. */
    static final int[] REQ2_SP = {
        0xD2800D60, 0xF2B08000, 0xD4000001,       // FFA_MSG_WAIT
        0x91000484, 0x91000631,                   // loop: add x4, x4, #1; add x17, x17, #1
        0x13814021,                               // ror w1, w1, #16
        0xD28011C0, 0xF2B88000,                   // x0 = FFA_MSG_SEND_DIRECT_RESP2
        0xD2800002, 0xD2800003,                   // x2 = x3 = 0 (MBZ)
        0xD4000001, 0x17FFFFF8,                   // svc #0; b loop
    };

    @Test
    void directRequest2CarriesX4ToX17BetweenV12Endpoints() throws Exception {
        String uuid = "11111111-2222-3333-4444-555555555555";
        spmc.addPartition("v12", code(REQ2_SP), manifest(uuid, Ffa.VERSION_1_2, 0x603), "test");
        spmc.addPartition("v11", code(ECHO_SP), manifest("66666666-2222-3333-4444-555555555555", Ffa.VERSION_1_1, 3), "test");
        int[] u = Endpoint.uuidWords(uuid);
        long lo = u[0] & 0xFFFF_FFFFL | (long) u[1] << 32, hi = u[2] & 0xFFFF_FFFFL | (long) u[3] << 32;
        long req2 = Ffa.MSG_SEND_DIRECT_REQ2 & 0xFFFF_FFFFL;
        assertError(Ffa.NOT_SUPPORTED, call(req2, 0x8001, lo, hi, 10));   // the normal world has not said v1.2
        assertEquals(Ffa.VERSION_1_2, call(Ffa.VERSION & 0xFFFF_FFFFL, Ffa.VERSION_1_2)[0]);
        assertEquals(Ffa.SUCCESS_32, (int) call(Ffa.FEATURES & 0xFFFF_FFFFL, req2)[0]);
        cpu.x[17] = 20;
        long[] args = new long[18];
        args[0] = req2;
        args[1] = 0x8001;
        args[2] = lo;
        args[3] = hi;
        args[4] = 10;
        for (int i = 5; i < 17; i++) args[i] = i;
        args[17] = 20;
        long[] r = callAll(args);
        assertEquals(Ffa.MSG_SEND_DIRECT_RESP2 & 0xFFFF_FFFFL, r[0]);
        assertEquals(0x8001L << 16, r[1]);
        assertEquals(11, r[4]);
        assertEquals(16, r[16], "x8..x17 travel both ways at v1.2");
        assertEquals(21, r[17]);
        assertError(Ffa.INVALID_PARAMETERS, call(req2, 0x8001, lo + 1, hi, 10));   // a UUID the partition does not have
        assertError(Ffa.NOT_SUPPORTED, call(req2, 0x8002, 0, 0, 10));              // v1.1 partition
        long[] p = call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8002, 0, 1);
        assertEquals(2, p[3], "ordinary requests still work at v1.2");
    }

    /** Like {@link #call} but with x0..x17 set and returned. */
    long[] callAll(long[] args) {
        System.arraycopy(args, 0, cpu.x, 0, 18);
        cpu.pc = NW_CODE;
        Interpreter.run(cpu, 1, null);
        for (int i = 0; i < 100_000 && cpu.secure; i++) Interpreter.run(cpu, 1, null);
        assertTrue(!cpu.secure);
        return java.util.Arrays.copyOf(cpu.x, 18);
    }

    /** An SP package (header v2: magic, version, pm_offset, pm_size, img_offset, img_size). */
    static byte[] spPackage(byte[] image, byte[] manifest) {
        int pmOffset = 0x1000, imgOffset = 0x4000;
        byte[] pkg = new byte[imgOffset + image.length];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(pkg).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, SpLoader.SPKG_MAGIC).putInt(4, 2).putInt(8, pmOffset).putInt(12, manifest.length)
         .putInt(16, imgOffset).putInt(20, image.length);
        System.arraycopy(manifest, 0, pkg, pmOffset, manifest.length);
        System.arraycopy(image, 0, pkg, imgOffset, image.length);
        return pkg;
    }

    @Test
    void spPackagesLoadAndBadOnesAreNamed() throws Exception {
        byte[] pkg = spPackage(code(ECHO_SP), manifest("11111111-2222-3333-4444-555555555555", Ffa.VERSION_1_1, 3));
        spmc.addPartition("pkg", pkg, null, "test");
        assertEquals(42, call(Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL, 0x8001, 0, 41)[3]);
        byte[] bad = pkg.clone();
        bad[12] = (byte) 0xFF;   // pm_size runs into the image
        bad[13] = (byte) 0xFF;
        LoadException e = org.junit.jupiter.api.Assertions.assertThrows(LoadException.class, () -> spmc.addPartition("bad", bad, null, "t"));
        assertEquals("SP bad: SP package offsets are out of bounds or overlap", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(LoadException.class, () -> spmc.addPartition("junk", new byte[100], null, "t"));
        assertEquals("SP junk: not an SP package (no SPKG magic)", e.getMessage());
    }

    @Test
    void notificationSupportInTheManifestShowsInPartitionInfo() throws Exception {
        Fdt f = new Fdt();
        f.beginNode("");
        f.propertyString("compatible", "arm,ffa-manifest-1.0");
        f.propertyU32("ffa-version", Ffa.VERSION_1_1);
        f.propertyU32("uuid", Endpoint.uuidWords("11111111-2222-3333-4444-555555555555"));
        f.propertyU32("execution-state", 0);
        f.propertyU32("messaging-method", 3);
        f.propertyU32("ns-interrupts-action", 2);
        f.propertyEmpty("notification-support");
        f.endNode();
        spmc.addPartition("notified", code(ECHO_SP), f.finish(), "test");
        spmc.addPartition("plain", code(ECHO_SP), manifest("66666666-2222-3333-4444-555555555555", Ffa.VERSION_1_1, 3), "test");
        call(Ffa.VERSION & 0xFFFF_FFFFL, Ffa.VERSION_1_1);
        call(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, NW_TX, NW_RX, 1);
        assertEquals(2, call(Ffa.PARTITION_INFO_GET & 0xFFFF_FFFFL, 0, 0, 0, 0, 0)[2]);
        byte[] rx = bus.ramPage(NW_RX);
        assertEquals(0x10B, SpLoader.le32(rx, 4), "recv/send direct, notifications, AArch64");
        assertEquals(0x103, SpLoader.le32(rx, 24 + 4));
    }

    @Test
    void manifestErrorsNameThePartitionAndProperty() {
        Fdt f = new Fdt();
        f.beginNode("");
        f.propertyString("compatible", "arm,ffa-manifest-1.0");
        f.propertyU32("uuid", 1, 2, 3, 4);
        f.endNode();
        LoadException e = org.junit.jupiter.api.Assertions.assertThrows(LoadException.class,
                () -> spmc.addPartition("broken", code(ECHO_SP), f.finish(), "test"));
        assertEquals("SP broken: manifest lacks the mandatory property 'ffa-version'", e.getMessage());
    }

    static void assertError(int code, long[] r) {
        assertEquals(Ffa.ERROR & 0xFFFF_FFFFL, r[0], "FFA_ERROR expected, got " + Long.toHexString(r[0]));
        assertEquals(code & 0xFFFF_FFFFL, r[2], "error " + Ffa.errorName(code) + " expected, got " + Ffa.errorName((int) r[2]));
    }
}
