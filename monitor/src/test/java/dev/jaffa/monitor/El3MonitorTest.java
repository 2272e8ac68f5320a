package dev.jaffa.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.TrapSink;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.interp.system.SysReg;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SMCCC and PSCI answers, straight from the monitor (the system tests cover them end to end). */
class El3MonitorTest {
    private final SystemBus bus = new SystemBus();
    private final Cpu[] cpus = new Cpu[2];
    private final StringBuilder events = new StringBuilder();
    private final El3Monitor monitor;

    El3MonitorTest() {
        bus.addRam(0x4000_0000L, 1 << 20);
        for (int i = 0; i < cpus.length; i++) cpus[i] = new Cpu(i, bus);
        cpus[1].poweredOn = false;
        monitor = new El3Monitor(new PowerController() {
            @Override public Cpu cpuByMpidr(long mpidr) { return mpidr >= 0 && mpidr < cpus.length ? cpus[(int) mpidr] : null; }
            @Override public void powerOn(Cpu t, long entry, int el, long ctx) {
                t.poweredOn = true;
                events.append("on ").append(t.index).append(' ').append(Long.toHexString(entry)).append(' ').append(el).append(';');
            }
            @Override public void powerOff(Cpu c) { c.poweredOn = false; events.append("off ").append(c.index).append(';'); }
            @Override public boolean isExecutableAddress(long pa) { return bus.ramPage(pa) != null; }
            @Override public void systemOff(Cpu c) { events.append("system off;"); }
            @Override public void systemReset(Cpu c, boolean warm) { events.append(warm ? "warm reset;" : "reset;"); }
        }, TrapSink.NONE);
    }

    private long smc(int fid, long... args) {
        Cpu c = cpus[0];
        c.x[0] = fid & 0xFFFF_FFFFL;
        for (int i = 0; i < args.length; i++) c.x[1 + i] = args[i];
        assertTrue(monitor.smc(c, 0));
        return c.x[0];
    }

    @Test
    void smcccVersionAndFeatures() {
        assertEquals(0x1_0002, smc(Smccc.VERSION));
        assertEquals(0, smc(Smccc.ARCH_FEATURES, Smccc.ARCH_FEATURES));
        assertEquals(1, smc(Smccc.ARCH_FEATURES, Smccc.ARCH_WORKAROUND_1), "not required on this PE");
        assertEquals(-1, smc(Smccc.ARCH_FEATURES, Smccc.ARCH_SOC_ID));
        assertEquals(Smccc.ARCH_WORKAROUND_1 & 0xFFFF_FFFFL, smc(Smccc.ARCH_WORKAROUND_1), "no results: x0 preserved");
        assertEquals(-1, smc(0xC700_0000), "unknown service: SMC_UNKNOWN");
        assertEquals(-1, smc(0x8400_001F), "unassigned PSCI function: NOT_SUPPORTED");
    }

    @Test
    void psciVersionFeaturesAndMigrateInfo() {
        assertEquals(0x1_0001, smc(Psci.VERSION));
        assertEquals(0, smc(Psci.FEATURES, Psci.CPU_ON | Psci.SMC64));
        assertEquals(0, smc(Psci.FEATURES, Smccc.VERSION));
        assertEquals(-1, smc(Psci.FEATURES, Psci.MIGRATE));
        assertEquals(-1, smc(Psci.FEATURES, 0xC200_0000));
        assertEquals(2, smc(Psci.MIGRATE_INFO_TYPE));
    }

    @Test
    void cpuOnChecksItsArgumentsAndReportsStates() {
        assertEquals(1, smc(Psci.AFFINITY_INFO | Psci.SMC64, 1, 0), "OFF");
        assertEquals(-2, smc(Psci.AFFINITY_INFO | Psci.SMC64, 1, 1), "only level 0 is tracked");
        assertEquals(-2, smc(Psci.CPU_ON | Psci.SMC64, 7, 0x4000_0000L, 0), "no such CPU");
        assertEquals(-9, smc(Psci.CPU_ON | Psci.SMC64, 1, 0x1000, 0), "entry not in memory");
        cpus[0].el = 2;
        assertEquals(0, smc(Psci.CPU_ON | Psci.SMC64, 1, 0x4000_0100L, 0x55));
        assertEquals("on 1 40000100 2;", events.toString(), "entered at the caller's EL");
        assertEquals(-4, smc(Psci.CPU_ON | Psci.SMC64, 1, 0x4000_0100L, 0));
        assertEquals(-4, smc(Psci.CPU_ON | Psci.SMC64, 0, 0x4000_0100L, 0), "the caller is on");
        assertEquals(0, smc(Psci.AFFINITY_INFO, 1, 0), "ON");
        assertEquals(-4, smc(Psci.CPU_ON, 0xFFFF_FFFF_0000_0000L | 1, 0x4000_0100L, 0), "the 32-bit form reads W1 = 1");
    }

    @Test
    void powerCallsReachThePlatform() {
        assertEquals(-2, smc(Psci.SYSTEM_RESET2, 0x8000_0001L, 0), "vendor reset types are not defined");
        smc(Psci.SYSTEM_RESET2, 0, 0);
        smc(Psci.SYSTEM_RESET);
        smc(Psci.SYSTEM_OFF);
        smc(Psci.CPU_OFF);
        assertEquals("warm reset;reset;system off;off 0;", events.toString());
    }

    @Test
    void hvcIsPsciOnlyWhenConfigured() {
        Cpu c = cpus[0];
        c.x[0] = Psci.VERSION & 0xFFFF_FFFFL;
        assertFalse(monitor.hvc(c, 0));
        monitor.setPsciViaHvc(true);
        assertTrue(monitor.hvc(c, 0));
        assertEquals(0x1_0001, c.x[0]);
    }

    @Test
    void traceNamesTheCallAndResult() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        monitor.setTrace(new PrintStream(out, true, StandardCharsets.UTF_8));
        smc(Psci.CPU_ON | Psci.SMC64, 7, 0x4000_0000L, 0);
        assertEquals("smc: cpu0 EL1 PSCI_CPU_ON_64(0x7, 0x40000000, 0x0) -> -2 (INVALID_PARAMETERS)\n",
                out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    /** Writes distinct SIMD&FP values, as an instruction would. */
    private static void fpWrite(Cpu c, long base) {
        c.fpAccess();
        for (int i = 0; i < 64; i++) c.v[i] = base + i;
        c.fpcr = (int) (base >>> 8) & Cpu.FPCR_MASK;
        c.fpsr = (int) base & Cpu.FPSR_MASK;
    }

    private static void assertFp(Cpu c, long base, String what) {
        c.settleFp();
        for (int i = 0; i < 64; i++) assertEquals(base + i, c.v[i], what);
        assertEquals((int) (base >>> 8) & Cpu.FPCR_MASK, c.fpcr, what);
        assertEquals((int) base & Cpu.FPSR_MASK, c.fpsr, what);
    }

    /**
     * The world switch copies SIMD&FP registers lazily; every order of saves, restores and uses —
     * by two worlds, on two CPUs sharing a partition's context — must look exactly as eager copies.
     */
    @Test
    void lazySimdAndFpSwitchingLooksEager() {
        Cpu a = cpus[0], b = cpus[1];
        CpuContext nw = new CpuContext(), sp = new CpuContext(), nwB = new CpuContext();
        fpWrite(b, 0x7000);
        sp.save(b);                 // the partition's initial context
        fpWrite(a, 0x1000);
        nw.save(a);                 // normal world calls the partition
        sp.restore(a);
        assertFp(a, 0x7000, "the partition sees its own registers");
        fpWrite(a, 0x2000);         // the partition uses SIMD&FP
        sp.save(a);
        nw.restore(a);
        assertFp(a, 0x1000, "the normal world gets its registers back");
        nw.save(a);
        sp.restore(a);              // untouched by the normal world in between
        sp.save(a);                 // the partition did not touch them this time
        nw.restore(a);
        sp.restore(a);
        assertFp(a, 0x2000, "the partition's registers survived a round without use");
        sp.save(a);
        nw.restore(a);
        // The same partition context runs on the other CPU and changes its registers there.
        fpWrite(b, 0x3000);
        nwB.save(b);
        sp.restore(b);
        assertFp(b, 0x2000, "the partition's registers on CPU 1");
        fpWrite(b, 0x4000);
        sp.save(b);
        nwB.restore(b);
        assertFp(b, 0x3000, "CPU 1's normal world");
        nw.save(a);
        sp.restore(a);
        assertFp(a, 0x4000, "CPU 0 sees what the partition saved on CPU 1, not its stale copy");
        // A context restored twice without a save in between gets its saved values both times.
        fpWrite(a, 0x5000);
        CpuContext other = new CpuContext();
        other.save(a);
        sp.restore(a);
        assertFp(a, 0x4000, "restored again");
        fpWrite(a, 0x6000);
        other.save(a);
        sp.restore(a);
        assertFp(a, 0x4000, "and again");
    }

    @Test
    void worldSwitchRestoresEverySavedRegister() {
        Cpu c = cpus[0];
        for (int i = 0; i < 31; i++) c.x[i] = 0x1000 + i;
        c.pc = 0x4000_1234L;
        c.el = 1;
        c.nzcv = 0b1010;
        c.daif = 0b0101;
        c.spEl[0] = 0x111;
        c.spEl[1] = 0x222;
        c.vbar[1] = 0x4000_0800L;
        c.sctlr[1] = 0x30D5_0819L;
        c.sysregStore[SysReg.TTBR0_EL1.ordinal()] = 0xABC000;
        for (int i = 0; i < 64; i++) c.v[i] = 0x5151_0000L + i;
        c.fpcr = 0x0340_0000;
        c.fpsr = 0x0800_0011;
        CpuContext normal = new CpuContext();
        normal.save(c);
        java.util.Arrays.fill(c.x, 7);
        c.pc = 0;
        c.nzcv = 0;
        c.daif = 0xF;
        c.el = 0;
        c.spEl[1] = 0;
        c.sysregStore[SysReg.TTBR0_EL1.ordinal()] = 0;
        c.secure = true;
        c.fpAccess();   // as the other world's SIMD&FP instructions do before they write
        java.util.Arrays.fill(c.v, -1);
        c.fpcr = 0;
        c.fpsr = 0;
        normal.restore(c);
        c.settleFp();   // as the next SIMD&FP instruction (or any reader from outside) does
        for (int i = 0; i < 64; i++) assertEquals(0x5151_0000L + i, c.v[i], "SIMD&FP registers belong to the world");
        assertEquals(0x0340_0000, c.fpcr);
        assertEquals(0x0800_0011, c.fpsr);
        for (int i = 0; i < 31; i++) assertEquals(0x1000 + i, c.x[i]);
        assertEquals(0, c.x[31]);
        assertEquals(0x4000_1234L, c.pc);
        assertEquals(1, c.el);
        assertEquals(0b1010, c.nzcv);
        assertEquals(0b0101, c.daif);
        assertEquals(0x222, c.sp());
        assertEquals(0x4000_0800L, c.vbar[1]);
        assertEquals(0xABC000, c.sysregStore[SysReg.TTBR0_EL1.ordinal()]);
        assertFalse(c.secure);
    }
}
