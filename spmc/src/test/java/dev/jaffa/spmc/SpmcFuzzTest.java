package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.monitor.Ffa;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated FF-A calls from the normal world and from a partition. After every call:
 * no Java exception escaped, the caller got an FF-A status, no partition maps memory it was not
 * given, and a call that failed changed nothing. CI runs a bounded number of calls;
 * {@code -Djaffa.fuzz.calls=N -Djaffa.fuzz.seed=S} runs more. The runs are repeatable:
 * {@code -Djaffa.fuzz.record=PREFIX} writes every call with its result registers and the SPMC's
 * state after it to PREFIX-nw.txt and PREFIX-sp.txt, so two builds can be compared call by call
 * (a restructuring of the SPMC must not change a line).
 */
class SpmcFuzzTest {
    static final long NS_RAM = 0x4000_0000L, SECURE = 0x0600_0000L, NW_CODE = NS_RAM, NW_TX = NS_RAM + 0x10000,
            NW_RX = NS_RAM + 0x11000, NW_SHARED = NS_RAM + 0x20000;
    static final int CALLS = Integer.getInteger("jaffa.fuzz.calls", 20_000);
    static final long SEED = Long.getLong("jaffa.fuzz.seed", 20261126L);

    static final int[] FIDS = {
        Ffa.ERROR, Ffa.SUCCESS_32, Ffa.SUCCESS_64, Ffa.INTERRUPT, Ffa.VERSION, Ffa.FEATURES, Ffa.RX_RELEASE, Ffa.RXTX_MAP_32,
        Ffa.RXTX_MAP_64, Ffa.RXTX_UNMAP, Ffa.PARTITION_INFO_GET, Ffa.ID_GET, Ffa.MSG_WAIT, Ffa.YIELD, Ffa.RUN,
        Ffa.MSG_SEND_DIRECT_REQ_32, Ffa.MSG_SEND_DIRECT_REQ_64, Ffa.MSG_SEND_DIRECT_RESP_32, Ffa.MSG_SEND_DIRECT_RESP_64,
        Ffa.MEM_DONATE_64, Ffa.MEM_LEND_32, Ffa.MEM_LEND_64, Ffa.MEM_SHARE_32, Ffa.MEM_SHARE_64, Ffa.MEM_RETRIEVE_REQ_32,
        Ffa.MEM_RETRIEVE_REQ_64, Ffa.MEM_RELINQUISH, Ffa.MEM_RECLAIM, Ffa.MEM_FRAG_TX, Ffa.SPM_ID_GET, Ffa.MEM_PERM_GET_32,
        Ffa.MEM_PERM_SET_32, Ffa.CONSOLE_LOG_32, Ffa.CONSOLE_LOG_64, Ffa.MSG_SEND_DIRECT_REQ2, Ffa.NOTIFICATION_SET,
        Ffa.PARTITION_INFO_GET_REGS, Ffa.MEM_FRAG_TX, Ffa.MEM_FRAG_RX, Ffa.MEM_DONATE_32,
        Ffa.NOTIFICATION_BITMAP_CREATE, Ffa.NOTIFICATION_BITMAP_DESTROY, Ffa.NOTIFICATION_BIND, Ffa.NOTIFICATION_UNBIND,
        Ffa.NOTIFICATION_GET, Ffa.NOTIFICATION_INFO_GET_32, Ffa.NOTIFICATION_INFO_GET_64, Ffa.RX_ACQUIRE, Ffa.MSG_SEND2,
    };

    final SystemBus bus = new SystemBus();
    final Cpu cpu = new Cpu(0, bus);
    final Spmc spmc;
    final SplittableRandom rnd = new SplittableRandom(SEED);
    final long[] handles = new long[8];
    int handleCount;
    static final String RECORD = System.getProperty("jaffa.fuzz.record");
    PrintStream record;

    /** Opens the record file for one test, when recording. */
    void recordTo(String suffix) throws java.io.IOException {
        if (RECORD != null) record = new PrintStream(new java.io.FileOutputStream(RECORD + suffix), false);
    }

    void record(String what, long[] x) {
        if (record == null) return;
        record.printf("%s -> %x %x %x %x %x %x %x %x | %s%n", what, x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], spmc.stateDigest());
    }

    SpmcFuzzTest() throws Exception {
        bus.addRam(NS_RAM, 1 << 20);
        bus.addRam(SECURE, 4 << 20);
        bus.setSecureOnly(SECURE, 4 << 20);
        spmc = new Spmc(bus, SECURE, 4 << 20, new PrintStream(OutputStream.nullOutputStream()));
        if (Boolean.getBoolean("jaffa.fuzz.trace")) spmc.setTrace(new FfaTrace(System.out));
        cpu.traps = SpmcHarness.monitorFor(spmc);
        spmc.addPartition("sp1", SpmcTest.code(SpmcTest.ECHO_SP), manifestWithRegion(), "fuzz");
        spmc.addPartition("sp2", SpmcTest.code(SpmcTest.ECHO_SP), manifestWithRegion(), "fuzz");
        spmc.addLogicalPartition(new TestLogicalPartition(spmc.nextFreeId()));
        bus.load(NW_CODE, SpmcTest.code(0xD4000003, 0x14000000), 0, 8);   // smc #0; b .
        cpu.resetTo(NW_CODE, 1);
        spmc.boot(cpu);
        for (int i = 0; i < 1000 && cpu.secure; i++) Interpreter.run(cpu, 1, null);
        assertTrue(!cpu.secure, "boot ends in the normal world");
    }

    /** An echo partition, direct and indirect messages (7), with three RW pages of its own. */
    static byte[] manifestWithRegion() { return SpmcHarness.manifestWithRegion(Ffa.VERSION_1_1, 7); }

    // ---- random inputs ---------------------------------------------------------------------------

    long value() {
        switch (rnd.nextInt(12)) {
            case 0: return 0;
            case 1: return 1;
            case 2: return 0x8001 + rnd.nextInt(4);
            case 3: return (0x8001L + rnd.nextInt(4)) << 16 | rnd.nextInt(3) * 0x8001L;
            case 4: return NW_TX;
            case 5: return NW_RX;
            case 6: return SECURE + rnd.nextInt(1 << 22);
            case 7: return Spmc.REGION_VA + rnd.nextInt(4) * 0x1000L;
            case 8: return handleCount > 0 ? handles[rnd.nextInt(handleCount)] & 0xFFFF_FFFFL : 0;
            case 9: return rnd.nextInt(64);
            case 10: return rnd.nextLong() & 0xFFFF_FFFFL;
            default: return rnd.nextLong();
        }
    }

    int fid() {
        int r = rnd.nextInt(10);
        if (r < 7) return FIDS[rnd.nextInt(FIDS.length)];
        if (r < 9) return 0x8400_0060 + rnd.nextInt(0x90) | (rnd.nextBoolean() ? 0x4000_0000 : 0);
        return rnd.nextInt();
    }

    /** A v1.1 share descriptor, valid or with one field or byte broken, in {@code buf}; returns its length. */
    int descriptor(ByteBuffer b, int sender, long base) {
        java.util.Arrays.fill(b.array(), (byte) 0);
        int receivers = 1 + rnd.nextInt(3);
        b.putShort(0, (short) sender).putShort(2, (short) 0x2F).putInt(4, 0).putLong(8, 0).putLong(16, rnd.nextInt(3));
        b.putInt(24, 16).putInt(28, receivers).putInt(32, 48);
        int composite = 48 + 16 * receivers;
        for (int i = 0; i < receivers; i++) {
            b.putShort(48 + 16 * i, (short) (0x8001 + rnd.nextInt(3))).put(48 + 16 * i + 2, (byte) (rnd.nextBoolean() ? 2 : 6));
            b.putInt(48 + 16 * i + 4, composite);
        }
        int pages = 1 + rnd.nextInt(2);
        b.putInt(composite, pages).putInt(composite + 4, 1).putLong(composite + 16, base).putInt(composite + 24, pages);
        int len = composite + 32;
        int mutations = rnd.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = rnd.nextInt(len);
            if (rnd.nextBoolean()) b.put(at, (byte) rnd.nextInt(256));
            else b.putInt(at & ~3, (int) value());
        }
        return rnd.nextInt(8) == 0 ? rnd.nextInt(len + 64) : len;
    }

    /** An indirect message header (FFA_MSG_SEND2), mostly plausible, in {@code b}. */
    void messageHeader(ByteBuffer b, int sender) {
        int offset = rnd.nextInt(4) == 0 ? (int) value() : rnd.nextBoolean() ? 20 : 40;
        int receiver = rnd.nextInt(4) == 0 ? (int) value() : rnd.nextInt(3) == 0 ? 0 : 0x8001 + rnd.nextInt(3);
        b.putInt(0, 0).putInt(4, 0).putInt(8, offset).putShort(12, (short) receiver)
         .putShort(14, (short) (rnd.nextInt(8) == 0 ? (int) value() : sender)).putInt(16, rnd.nextInt(8) == 0 ? (int) value() : rnd.nextInt(64));
    }

    // ---- the checks ------------------------------------------------------------------------------

    static boolean isStatus(int fid, long x0, boolean fromSp) {
        int r = (int) x0;
        if (fid == Ffa.VERSION) return r == Spmc.VERSION || r == Ffa.NOT_SUPPORTED;
        if (!Ffa.isFfa(fid) && !fromSp) return r == -1;   // SMC_UNKNOWN (partitions get FFA_ERROR)
        return r == Ffa.SUCCESS_32 || r == Ffa.SUCCESS_64 || r == Ffa.ERROR || r == Ffa.MSG_SEND_DIRECT_RESP_32
                || r == Ffa.MSG_SEND_DIRECT_RESP_64 || r == Ffa.MEM_RETRIEVE_RESP || r == Ffa.MEM_FRAG_RX;
    }

    void checkAfter(String what, int fid, long x0, String before) {
        if (!isStatus(fid, x0, cpu.secure)) fail(what + ": not an FF-A status: x0=0x" + Long.toHexString(x0));
        if ((int) x0 == Ffa.ERROR) assertEquals(before, spmc.stateDigest(), what + ": a failed call changed SPMC state");
        List<String> v = spmc.isolationViolations();
        if (!v.isEmpty()) fail(what + ": isolation broken: " + v);
        if (cpu.stopReason != StopReason.NONE) fail(what + ": the CPU stopped: " + cpu.stopMessage);
    }

    /** One SMC from the normal world, run until the normal world has the CPU again. */
    long[] smc(long... x) {
        cpu.pc = NW_CODE;
        for (int i = 0; i < 8; i++) cpu.x[i] = i < x.length ? x[i] : 0;
        Interpreter.run(cpu, 1, null);
        for (int i = 0; i < 10_000 && cpu.secure; i++) Interpreter.run(cpu, 1, null);
        assertTrue(!cpu.secure, () -> "a call that never returns to the normal world: " + java.util.Arrays.toString(x));
        return cpu.x;
    }

    @Test
    void randomCallsFromTheNormalWorld() throws Exception {
        recordTo("-nw.txt");
        ByteBuffer tx = ByteBuffer.wrap(bus.ramPage(NW_TX)).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < CALLS; n++) {
            int fid = fid();
            long[] args = new long[8];
            args[0] = fid & 0xFFFF_FFFFL;
            for (int i = 1; i < 8; i++) args[i] = value();
            if ((fid & 0xFFFF) == 0x73 || (fid & 0xFFFF) == 0x72) {   // share/lend: a descriptor in TX
                args[1] = args[2] = descriptor(tx, 0, NW_SHARED + rnd.nextInt(4) * 0x1000L);
                if (rnd.nextInt(4) != 0) args[3] = args[4] = 0;
            }
            if (fid == Ffa.MEM_RECLAIM && rnd.nextBoolean()) args[3] = 0;
            if (fid == Ffa.MSG_SEND2) {
                messageHeader(tx, 0);
                if (rnd.nextInt(4) != 0) args[1] = args[2] = 0;   // mostly well-formed registers: reach the header checks
            }
            if (fid == Ffa.VERSION && rnd.nextInt(4) != 0) args[1] = Ffa.VERSION_1_1 + rnd.nextInt(2);   // mostly v1.1 ABIs on
            if (fid == Ffa.NOTIFICATION_BITMAP_CREATE && rnd.nextBoolean()) args[1] = 0;
            String before = spmc.stateDigest();
            String what = String.format("call %d: %s %s", n, AbiTable.name(fid), java.util.Arrays.toString(args));
            long[] r = smc(args);
            record(what, r);
            checkAfter(what, fid, r[0], before);
            if ((int) r[0] == Ffa.SUCCESS_32 && (fid & 0xFFFF) == 0x73) handles[handleCount++ & 7] = r[2] | r[3] << 32;
            handleCount = Math.min(handleCount, 8);
        }
        if (record != null) record.close();
    }

    @Test
    void randomCallsFromAPartition() throws Exception {
        recordTo("-sp.txt");
        // Give sp1 its buffers so descriptor calls get past the first checks.
        enterPartition();
        spCall(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, Spmc.REGION_VA, Spmc.REGION_VA + 0x1000, 1);
        leavePartition();
        // A v1.1 normal world with a notification bitmap, so partitions can signal it and message it.
        smc(Ffa.VERSION & 0xFFFF_FFFFL, Ffa.VERSION_1_1);
        smc(Ffa.NOTIFICATION_BITMAP_CREATE & 0xFFFF_FFFFL, 0, 1);
        for (int n = 0; n < CALLS; n++) {
            // A share from the normal world now and then, so retrieve and relinquish have something to act on.
            if (rnd.nextInt(8) == 0 && spmc.shares.count() < 32) {   // bounded, so the per-call checks stay cheap
                ByteBuffer tx = ByteBuffer.wrap(bus.ramPage(NW_TX)).order(ByteOrder.LITTLE_ENDIAN);
                smc(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, NW_TX, NW_RX, 1);
                int len = descriptor(tx, 0, NW_SHARED);
                long[] r = smc(Ffa.MEM_SHARE_64 & 0xFFFF_FFFFL, len, len);
                if ((int) r[0] == Ffa.SUCCESS_32) handles[handleCount++ & 7] = r[2] | r[3] << 32;
                handleCount = Math.min(handleCount, 8);
            }
            if (rnd.nextInt(8) == 0) smc(Ffa.RX_RELEASE & 0xFFFF_FFFFL);   // the normal world takes its messages
            enterPartition();
            int fid = fid();
            long[] args = new long[8];
            args[0] = fid & 0xFFFF_FFFFL;
            for (int i = 1; i < 8; i++) args[i] = value();
            ByteBuffer tx = ByteBuffer.wrap(bus.ramPage(physical(Spmc.REGION_VA))).order(ByteOrder.LITTLE_ENDIAN);
            int f = fid & 0xFFFF;
            if (f == 0x73 || f == 0x74) {   // share from the SP's own third page, or a retrieve
                long handle = handleCount > 0 ? handles[rnd.nextInt(handleCount)] : 0;
                int len = descriptor(tx, f == 0x73 ? 0x8001 : 0, Spmc.REGION_VA + 0x2000);
                if (f == 0x74) {
                    tx.putLong(8, handle);
                    tx.putShort(48, (short) 0x8001);
                    tx.putInt(28, 1);
                }
                args[1] = args[2] = len;
                if (rnd.nextInt(4) != 0) args[3] = args[4] = 0;
            } else if (fid == Ffa.MSG_SEND2) {
                messageHeader(tx, 0x8001);
                if (rnd.nextInt(4) != 0) args[1] = args[2] = 0;
                if (rnd.nextBoolean()) spCall(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, Spmc.REGION_VA, Spmc.REGION_VA + 0x1000, 1);
            } else if (f == 0x76) {   // relinquish: {handle, flags, count, ids}
                tx.putLong(0, handleCount > 0 ? handles[rnd.nextInt(handleCount)] : value()).putInt(8, 0)
                  .putInt(12, rnd.nextInt(3)).putShort(16, (short) (rnd.nextBoolean() ? 0x8001 : value()));
            }
            String before = spmc.stateDigest();
            String what = String.format("SP call %d: %s %s", n, AbiTable.name(fid), java.util.Arrays.toString(args));
            boolean stayed = spCall(args);
            record(what + (stayed ? "" : " (left)"), cpu.x);
            if (stayed) {
                checkAfter(what, fid, cpu.x[0], before);
                if ((int) cpu.x[0] == Ffa.MEM_RETRIEVE_RESP) smcRxRelease();
            } else {
                List<String> v = spmc.isolationViolations();
                if (!v.isEmpty()) fail(what + ": isolation broken: " + v);
            }
            leavePartition();
        }
        if (record != null) record.close();
    }

    private void smcRxRelease() {
        assertEquals(Ffa.SUCCESS_32, (int) spCallResult(Ffa.RX_RELEASE & 0xFFFF_FFFFL));
    }

    private long physical(long va) {
        for (Partition p : spmc.partitions()) if (p.name.equals("sp1")) return p.space.physical(va);
        throw new IllegalStateException();
    }

    /** A direct request from the normal world puts sp1 on the CPU (in its message loop). */
    private void enterPartition() {
        cpu.pc = NW_CODE;
        cpu.x[0] = Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL;
        cpu.x[1] = 0x8001;
        cpu.x[2] = 0;
        Interpreter.run(cpu, 1, null);   // the SMC: now in sp1, about to run its loop
        assertTrue(cpu.secure, "sp1 runs");
    }

    /** Whatever sp1 now does, run until the normal world has the CPU back. */
    private void leavePartition() {
        if (cpu.secure) {
            // sp1 answers its caller: a direct response built from its own registers.
            spCall(Ffa.MSG_SEND_DIRECT_RESP_64 & 0xFFFF_FFFFL, 0x8001L << 16);
        }
        for (int i = 0; i < 10_000 && cpu.secure; i++) Interpreter.run(cpu, 1, null);
        assertTrue(!cpu.secure, "back in the normal world");
    }

    /** Makes the running partition execute SVC with these registers; true if it still has the CPU. */
    private boolean spCall(long... x) {
        Partition before = currentPartition();
        for (int i = 0; i < 8; i++) cpu.x[i] = i < x.length ? x[i] : 0;
        spmc.exception(cpu, 0, (long) Esr.EC_SVC64 << 26 | Esr.IL, cpu.pc, 0);
        if (cpu.secure && currentPartition() != before) {
            // A request to the other partition: let it answer, which resumes the caller.
            for (int i = 0; i < 10_000 && cpu.secure && currentPartition() != before; i++) Interpreter.run(cpu, 1, null);
        }
        return cpu.secure && currentPartition() == before;
    }

    private long spCallResult(long... x) {
        spCall(x);
        return cpu.x[0];
    }

    private Partition currentPartition() {
        long ttbr = cpu.sysregStore[dev.jaffa.interp.system.SysReg.TTBR0_EL1.ordinal()];
        for (Partition p : spmc.partitions()) if (p.ttbr0() == ttbr) return p;
        return null;
    }
}
