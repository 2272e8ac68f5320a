package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.format.Fdt;
import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.TrapSink;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.monitor.El3Monitor;
import dev.jaffa.monitor.Ffa;
import dev.jaffa.monitor.PowerController;
import dev.jaffa.monitor.Spmd;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A bare platform for SPMC tests: Non-secure RAM with a one-SMC normal-world program, Secure
 * RAM, the monitor's SPMD and the SPMC. Partitions are machine-code echo SPs with three pages of
 * their own at {@link Spmc#REGION_VA} (TX, RX, data), each with its own FF-A version and
 * messaging method; a test makes a partition "call" the SPMC by putting it on the CPU with a
 * direct request and then raising its SVC from Java.
 */
class SpmcHarness {
    static final long NS_RAM = 0x4000_0000L, SECURE = 0x0600_0000L, NW_CODE = NS_RAM, NW_TX = NS_RAM + 0x10000,
            NW_RX = NS_RAM + 0x11000, NW_DATA = NS_RAM + 0x20000;
    static final long SP_TX = Spmc.REGION_VA, SP_RX = Spmc.REGION_VA + 0x1000, SP_DATA = Spmc.REGION_VA + 0x2000;

    final SystemBus bus = new SystemBus();
    final Cpu cpu = new Cpu(0, bus);
    final Spmc spmc;

    /** {@code partitions} v1.1 echo partitions (direct messages only), IDs 0x8001 up. */
    SpmcHarness(int partitions) throws LoadException {
        this(uniform(partitions));
    }

    private static int[][] uniform(int n) {
        int[][] spec = new int[n][];
        for (int i = 0; i < n; i++) spec[i] = new int[] {Ffa.VERSION_1_1, 3};
        return spec;
    }

    /** {@code spec} is {version, messaging-method} per partition; they get IDs 0x8001 up. */
    SpmcHarness(int[]... spec) throws LoadException {
        bus.addRam(NS_RAM, 1 << 20);
        bus.addRam(SECURE, 4 << 20);
        bus.setSecureOnly(SECURE, 4 << 20);
        spmc = new Spmc(bus, SECURE, 4 << 20, new PrintStream(OutputStream.nullOutputStream()));
        cpu.traps = monitorFor(spmc);
        for (int i = 0; i < spec.length; i++) {
            spmc.addPartition("sp" + (i + 1), SpmcTest.code(SpmcTest.ECHO_SP), manifestWithRegion(spec[i][0], spec[i][1]), "test");
        }
        bus.load(NW_CODE, SpmcTest.code(0xD4000003, 0x14000000), 0, 8);   // smc #0; b .
        cpu.resetTo(NW_CODE, 1);
        spmc.boot(cpu);
        for (int i = 0; i < 1000 && cpu.secure; i++) Interpreter.run(cpu, 1, null);
        assertTrue(!cpu.secure, "boot ends in the normal world");
    }

    /** The monitor with the SPMD in front of {@code spmc}, and no power control (these platforms have one CPU). */
    static El3Monitor monitorFor(Spmc spmc) {
        El3Monitor monitor = new El3Monitor(new PowerController() {
            @Override public Cpu cpuByMpidr(long mpidr) { return null; }
            @Override public void powerOn(Cpu t, long e, int el, long c) { }
            @Override public void powerOff(Cpu c) { }
            @Override public boolean isExecutableAddress(long pa) { return false; }
            @Override public void systemOff(Cpu c) { }
            @Override public void systemReset(Cpu c, boolean w) { }
        }, TrapSink.NONE);
        monitor.setService(new Spmd(spmc));
        return monitor;
    }

    /** An echo partition with three RW pages of its own: TX, RX and data. */
    static byte[] manifestWithRegion(int version, int messaging) {
        Fdt f = new Fdt();
        f.beginNode("");
        f.propertyString("compatible", "arm,ffa-manifest-1.0");
        f.propertyU32("ffa-version", version);
        f.propertyU32("uuid", 0x1111, 0x2222, 0x3333, 0x4444);
        f.propertyU32("execution-state", 0);
        f.propertyU32("messaging-method", messaging);
        f.propertyU32("ns-interrupts-action", 2);
        f.beginNode("memory-regions");
        f.propertyString("compatible", "arm,ffa-manifest-memory-regions");
        f.beginNode("buffers");
        f.propertyU32("pages-count", 3);
        f.propertyU32("attributes", 3);
        f.endNode();
        f.endNode();
        f.endNode();
        return f.finish();
    }

    /**
     * One SMC from the normal world with x0..x7 = {@code x} (an int function ID is zero-extended);
     * runs until the normal world has the CPU again.
     */
    long[] smc(long... x) {
        cpu.pc = NW_CODE;
        for (int i = 0; i < 8; i++) cpu.x[i] = i < x.length ? x[i] : 0;
        cpu.x[0] &= 0xFFFF_FFFFL;
        Interpreter.run(cpu, 1, null);
        for (int i = 0; i < 100_000 && cpu.secure; i++) Interpreter.run(cpu, 1, null);
        assertTrue(!cpu.secure, () -> "a call that never returns to the normal world: " + java.util.Arrays.toString(x));
        return java.util.Arrays.copyOf(cpu.x, 8);
    }

    /** A direct request from the normal world puts partition {@code id} on the CPU, in its message loop. */
    void enterPartition(int id) {
        cpu.pc = NW_CODE;
        cpu.x[0] = Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL;
        cpu.x[1] = id;
        cpu.x[2] = 0;
        Interpreter.run(cpu, 1, null);
        assertTrue(cpu.secure, "the partition runs");
    }

    /** The running partition answers its caller; run until the normal world has the CPU back. */
    void leavePartition() {
        if (cpu.secure) {
            Partition p = current();
            spCall(Ffa.MSG_SEND_DIRECT_RESP_64 & 0xFFFF_FFFFL, (long) p.id << 16 | p.caller);
        }
        for (int i = 0; i < 100_000 && cpu.secure; i++) Interpreter.run(cpu, 1, null);
        assertTrue(!cpu.secure, "back in the normal world");
    }

    /** The running partition executes SVC with these registers; returns x0..x7 after it. */
    long[] spCall(long... x) {
        for (int i = 0; i < 8; i++) cpu.x[i] = i < x.length ? x[i] : 0;
        spmc.exception(cpu, 0, (long) Esr.EC_SVC64 << 26 | Esr.IL, cpu.pc, 0);
        return java.util.Arrays.copyOf(cpu.x, 8);
    }

    /** The partition whose tables are loaded. */
    Partition current() {
        long ttbr = cpu.sysregStore[dev.jaffa.interp.system.SysReg.TTBR0_EL1.ordinal()];
        for (Partition p : spmc.partitions()) if (p.ttbr0() == ttbr) return p;
        return null;
    }

    Partition partition(int id) { return (Partition) spmc.endpoint(id); }

    /** Partition {@code id} makes one SVC with x0..x7 = {@code x} (it is entered with a direct request, then answers). */
    long[] sp(int id, long... x) {
        cpu.pc = NW_CODE;
        cpu.x[0] = Ffa.MSG_SEND_DIRECT_REQ_64 & 0xFFFF_FFFFL;
        cpu.x[1] = id;
        cpu.x[2] = 0;
        Interpreter.run(cpu, 1, null);
        assertTrue(cpu.secure, "the partition runs");
        for (int i = 0; i < 8; i++) cpu.x[i] = i < x.length ? x[i] : 0;
        cpu.x[0] &= 0xFFFF_FFFFL;
        spmc.exception(cpu, 0, (long) Esr.EC_SVC64 << 26 | Esr.IL, cpu.pc, 0);
        long[] r = java.util.Arrays.copyOf(cpu.x, 8);
        assertTrue(cpu.secure, "the partition keeps the CPU after its call");
        // Answer the normal world's request and let it have the CPU back.
        for (int i = 0; i < 8; i++) cpu.x[i] = 0;
        cpu.x[0] = Ffa.MSG_SEND_DIRECT_RESP_64 & 0xFFFF_FFFFL;
        cpu.x[1] = (long) id << 16;
        spmc.exception(cpu, 0, (long) Esr.EC_SVC64 << 26 | Esr.IL, cpu.pc, 0);
        assertTrue(!cpu.secure, "back in the normal world");
        return r;
    }

    /** FFA_VERSION from the normal world (the SPMD asks the SPMC). */
    void nwVersion(int v) { smc(Ffa.VERSION, v); }

    void mapNormalWorldBuffers() { assertEquals(Ffa.SUCCESS_32, (int) smc(Ffa.RXTX_MAP_64, NW_TX, NW_RX, 1)[0]); }

    void mapPartitionBuffers(int id) { assertEquals(Ffa.SUCCESS_32, (int) sp(id, Ffa.RXTX_MAP_64, SP_TX, SP_RX, 1)[0]); }

    /** The 4 KiB page behind a partition VA, or behind a normal-world PA ({@code id} 0). */
    byte[] page(int id, long addr) {
        long pa = id == 0 ? addr : ((Partition) spmc.endpoint(id)).space.physical(addr);
        return bus.ramPage(pa);
    }

    /** An FF-A error with this code from the normal world, and the SPMC's state as it was. */
    void nwError(int code, long... x) {
        String before = spmc.stateDigest();
        long[] r = smc(x);
        assertEquals(Ffa.ERROR, (int) r[0], () -> "expected FFA_ERROR " + Ffa.errorName(code) + ", got 0x" + Long.toHexString(r[0]));
        assertEquals(code, (int) r[2], () -> "expected " + Ffa.errorName(code) + ", got " + Ffa.errorName((int) r[2]));
        assertEquals(before, spmc.stateDigest(), "a failed call changed nothing");
    }

    /** The same from partition {@code id}. */
    void spError(int code, int id, long... x) {
        String before = spmc.stateDigest();
        long[] r = sp(id, x);
        assertEquals(Ffa.ERROR, (int) r[0], () -> "expected FFA_ERROR " + Ffa.errorName(code) + ", got 0x" + Long.toHexString(r[0]));
        assertEquals(code, (int) r[2], () -> "expected " + Ffa.errorName(code) + ", got " + Ffa.errorName((int) r[2]));
        assertEquals(before, spmc.stateDigest(), "a failed call changed nothing");
    }
}
