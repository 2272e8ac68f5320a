package dev.jaffa.platform;

import dev.jaffa.devices.CfiFlash;
import dev.jaffa.devices.ConsoleInput;
import dev.jaffa.devices.GenericTimer;
import dev.jaffa.devices.Gicv3;
import dev.jaffa.devices.JunoTrng;
import dev.jaffa.devices.Pl011;
import dev.jaffa.devices.Pl031;
import dev.jaffa.devices.SysRegHooks;
import dev.jaffa.devices.VirtioMmio;
import dev.jaffa.devices.VirtioRng;
import dev.jaffa.devices.VirtualClock;
import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.ExecutionEngine;
import dev.jaffa.interp.InsnTracer;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.SysRegHook;
import dev.jaffa.interp.TrapSink;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.interp.system.SysReg;
import dev.jaffa.monitor.El3Monitor;
import dev.jaffa.monitor.PowerController;
import dev.jaffa.monitor.Semihosting;
import dev.jaffa.monitor.Spmd;
import dev.jaffa.spmc.FfaTrace;
import dev.jaffa.spmc.Spmc;
import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;
import java.io.OutputStream;

/**
 * The composition root of one emulated system: bus, RAM, CPUs, devices and the firmware in Java,
 * and the scheduler that runs the CPUs round-robin in fixed quanta on one host thread, so every
 * run of the same inputs is the same run.
 *
 * <p>Time: one executed instruction is one nanosecond of virtual time. A round of quanta lasts as
 * long as the longest quantum executed in it; when every CPU waits (WFI/WFE, or powered off),
 * time jumps to the next timer deadline, so an idle guest costs no host time. Quanta end at the
 * next deadline, so a timer interrupt fires at exactly its virtual time.
 */
public final class Machine implements PowerController, Snapshottable {
    /** Everything a machine is built from. */
    public static final class Config {
        public Board board = Board.FVP;
        public long ramSize = 512L << 20;
        public int smp = 1;
        /** The EL the boot CPU starts at (1 or 2). On virt, EL2 exists only when this is 2. */
        public int entryEl = 1;
        public OutputStream console = System.out;
        /** Semihosting (HLT #0xF000), or TrapSink.NONE. */
        public TrapSink semihosting = TrapSink.NONE;
        public long rngSeed = 0x6a61_6666_61L;
        /** virtio backends (--drive, --share), in the slots from the lowest address up; the RNG takes the last slot. */
        public java.util.List<dev.jaffa.devices.VirtioDevice> virtioDevices = new java.util.ArrayList<>();
        /** PL031's time at counter zero, in seconds since the epoch (fixed: runs repeat). */
        public long rtcEpochSeconds = 1_767_225_600L;   // 2026-01-01T00:00:00Z
        /** Contents of the first flash bank (--bios), or null. */
        public byte[] flashImage;
        /** Where the FF-A trace goes, or null. */
        public java.io.PrintStream ffaTrace;
        /** Console input for the UART, attached at the guest's first UART access. */
        public ConsoleInput consoleInput = ConsoleInput.NONE;
        /** Where MMIO accesses are traced, or null; {@link #mmioTraceDevices} null means every device. */
        public java.io.PrintStream mmioTrace;
        public java.util.Set<String> mmioTraceDevices;
        /** What runs the CPUs: the JIT (dev.jaffa.jit.JitEngine, the default) or the interpreter ({@link Interpreter#ENGINE}). */
        public ExecutionEngine engine = new dev.jaffa.jit.JitEngine();
        /** A warm PSCI reset is the kernel's panic reboot (see {@link KernelPanic}): it ends the run as a panic. */
        public boolean warmResetIsPanic;
    }

    /** The FF-A schedule receiver interrupt the SPMC raises in the normal world. */
    public static final int SCHEDULE_RECEIVER_SGI = 8;

    /** Quantum with one CPU: long, since nothing else needs the host thread. */
    static final long QUANTUM_UP = 1L << 20;
    /** Quantum per CPU per round with several CPUs. */
    static final long QUANTUM_SMP = 1L << 13;

    @NotState("configuration")
    public final Board board;
    public final SystemBus bus = new SystemBus();
    public final Cpu[] cpus;
    /** The boot CPU. */
    @NotState("the boot CPU, also in cpus")
    public final Cpu cpu;
    public final Gicv3 gic;
    public final GenericTimer[] timers;
    public final Pl011 uart;
    public final Pl031 rtc;
    public final VirtioMmio[] virtio;
    public final CfiFlash[] flash;
    /** The FVP's TRNG, or null. */
    public final JunoTrng trng;
    @NotState("stateless apart from semihosting, which is saved on its own")
    public final El3Monitor monitor;
    /** The FF-A SPMC in Java (behind the monitor's SPMD); partitions are added before {@link #bootSecureWorld}. */
    public final Spmc spmc;
    @NotState("configuration")
    public final boolean el2;
    private final Clock clock;
    @NotState("host input; attachment is saved as consoleAttached")
    private ConsoleInput consoleInput = ConsoleInput.NONE;

    private void attachConsole() {
        if (consoleInput == ConsoleInput.NONE && cfg.consoleInput != ConsoleInput.NONE) {
            consoleInput = cfg.consoleInput;
            uart.setInput(consoleInput);
        }
    }
    @NotState("wiring: --trace")
    private InsnTracer tracer;
    private long executed;
    @NotState("a cache: translations are never saved")
    private ExecutionEngine engine;

    /** A single-CPU machine with default devices and semihosting, for tests and benchmarks. */
    public Machine(Board board, long ramSize, TrapSink semihosting) {
        this(config(board, ramSize, semihosting));
    }

    private static Config config(Board board, long ramSize, TrapSink semihosting) {
        Config c = new Config();
        c.board = board;
        c.ramSize = ramSize;
        c.semihosting = semihosting;
        return c;
    }

    /** Loads a bare-metal ELF and enters it at EL1h with the MMU off (like qemu -kernel file.elf). */
    public void loadElf(ElfFile elf) throws ElfFile.FormatException {
        try {
            Boot.elf(this, elf, 1, null, null);
        } catch (Boot.BootException e) {
            throw new ElfFile.FormatException(e.getMessage());
        }
    }

    /** Loads a bare-metal ELF and enters it at {@code el} (1 or 2) with the MMU off, as {@code jaffa run --entry-el}. */
    public void loadElf(ElfFile elf, int el) throws ElfFile.FormatException {
        try {
            Boot.elf(this, elf, el, null, "");
        } catch (Boot.BootException e) {
            throw new ElfFile.FormatException(e.getMessage());
        }
    }

    public Machine(Config cfg) {
        this.board = cfg.board;
        this.engine = cfg.engine;
        Board b = cfg.board;
        el2 = b.alwaysEl2 || cfg.entryEl == 2;
        ramSize = cfg.ramSize;
        bus.addRam(b.ramBase, cfg.ramSize);
        long alt = b.altRamBase;
        boolean overlaps = alt < b.ramBase + cfg.ramSize && b.ramBase < alt + Board.ALT_RAM_SIZE;
        if (!overlaps) bus.addRam(alt, Board.ALT_RAM_SIZE);
        if (hasDram2()) bus.addRam(b.dram2Base, b.dram2Size);

        clock = new Clock(b.counterHz);
        cpus = new Cpu[cfg.smp];
        for (int i = 0; i < cpus.length; i++) {
            Cpu c = new Cpu(i, bus);
            c.haveEl2 = el2;
            c.haveEl3 = b == Board.FVP;
            c.poweredOn = i == 0;
            cpus[i] = c;
        }
        cpu = cpus[0];
        for (Cpu c : cpus) c.innerShareable = cpus;

        gic = new Gicv3(cpus, Board.SPI_COUNT);
        this.cfg = cfg;
        addDevice("gicd", b.gicdBase, Gicv3.DISTRIBUTOR_SIZE, gic.distributor());
        addDevice("gicr", b.gicrBase, gic.redistributorsSize(), gic.redistributors());
        timers = new GenericTimer[cpus.length];
        for (int i = 0; i < cpus.length; i++) {
            GenericTimer t = new GenericTimer(cpus[i], clock, gic.ppi(i, GenericTimer.PPI_PHYS_NS), gic.ppi(i, GenericTimer.PPI_VIRT),
                    gic.ppi(i, GenericTimer.PPI_HYP_PHYS), gic.ppi(i, GenericTimer.PPI_SECURE_PHYS));
            timers[i] = t;
            cpus[i].sysRegHook = SysRegHooks.of(gic.cpuInterface(), yieldAfterWrite(t.timerRegisters()));
        }

        uart = new Pl011(cfg.console, gic.spi(32 + b.uartSpi));
        // The UART takes over stdin only once the guest touches it, so a guest that reads stdin
        // through semihosting keeps it.
        addDevice("pl011", b.uartBase, 0x1000, new SystemBus.Device() {
            @Override public long read(long off, int size) { attachConsole(); return uart.read(off, size); }
            @Override public void write(long off, int size, long v) { attachConsole(); uart.write(off, size, v); }
        });
        rtc = new Pl031(clock, cfg.rtcEpochSeconds, gic.spi(32 + b.rtcSpi));
        addDevice("pl031", b.rtcBase, 0x1000, rtc);
        // More devices than the board has slots get more slots at the same stride (fvp has 4).
        virtio = new VirtioMmio[Math.max(b.virtioSlots, cfg.virtioDevices.size() + 1)];
        for (int i = 0; i < virtio.length; i++) {
            // The last slot holds the RNG, as the first device QEMU's virt creates lands in the
            // highest-addressed transport; drives and shares fill the slots from the lowest, the
            // order Linux probes them in (the first --drive is vda).
            VirtioMmio v = i == virtio.length - 1
                    ? new VirtioMmio(bus, gic.spi(32 + b.virtioFirstSpi + i), new VirtioRng(cfg.rngSeed))
                    : i < cfg.virtioDevices.size()
                    ? new VirtioMmio(bus, gic.spi(32 + b.virtioFirstSpi + i), cfg.virtioDevices.get(i))
                    : VirtioMmio.empty(bus);
            virtio[i] = v;
            addDevice("virtio" + i, b.virtioBase + i * Board.VIRTIO_STRIDE, Board.VIRTIO_STRIDE, v);
        }
        trng = b.trngBase >= 0 ? new JunoTrng(cfg.rngSeed ^ TRNG_SEED_SALT) : null;
        if (trng != null) {
            addDevice("trng", b.trngBase, JunoTrng.SIZE, trng);
            bus.setPageSecureOnly(b.trngBase, true);   // a Secure peripheral, as TZC/TZPC make it on the FVP
        }
        flash = new CfiFlash[b.flashBanks];
        for (int i = 0; i < flash.length; i++) {
            CfiFlash f = i == 0 && cfg.flashImage != null ? new CfiFlash(b.flashBankSize, cfg.flashImage) : new CfiFlash(b.flashBankSize);
            flash[i] = f;
            long base = b.flashBase + i * b.flashBankSize;
            addDevice("flash" + i, base, b.flashBankSize, f);
            bus.addReadOnlyPages(base, b.flashBankSize, off -> f.inReadArrayMode() ? f.page(off) : null);
            // Leaving read-array mode invalidates direct mappings of the array in every TLB.
            f.setModeListener(on -> { for (Cpu c : cpus) c.mem.flushTlb(); });
        }

        // The FVP serves semihosting at every EL; Trusted Services' fwu partition keeps its flash in a file through it.
        if (b == Board.FVP && cfg.semihosting instanceof Semihosting) ((Semihosting) cfg.semihosting).setAllowFromSecureEl0(true);
        monitor = new El3Monitor(this, cfg.semihosting);
        monitor.setPsciViaHvc(!el2);
        for (Cpu c : cpus) c.traps = monitor;

        // The secure world: Trusted DRAM refused to the normal world, the SPMC behind the SPMD.
        bus.addRam(b.secureRamBase, b.secureRamSize);
        bus.setSecureOnly(b.secureRamBase, b.secureRamSize);
        java.io.PrintStream out = cfg.console instanceof java.io.PrintStream ? (java.io.PrintStream) cfg.console
                : new java.io.PrintStream(cfg.console, true);
        spmc = new Spmc(bus, b.secureRamBase, b.secureRamSize, out);
        FfaTrace ffaTrace = cfg.ffaTrace != null ? new FfaTrace(cfg.ffaTrace) : null;
        spmc.setTrace(ffaTrace);
        monitor.setService(new Spmd(spmc));
        for (Cpu c : cpus) c.secureEl1 = spmc;
        spmc.setNormalWorldTlbFlush(caller -> { for (Cpu c : cpus) c.mem.flushTlb(); });
        // SGI 8, the first one Linux leaves to firmware (it uses 0..7 for its own IPIs).
        spmc.setScheduleReceiverInterrupt(SCHEDULE_RECEIVER_SGI, gic::raiseSgi);
    }

    @NotState("configuration")
    private final Config cfg;

    /** Gives the TRNG a stream of its own, apart from the virtio-rng's, from the same --seed. */
    private static final long TRNG_SEED_SALT = 0x7472_6e67L;

    /** Whether the board's second DRAM bank is there (it is left out where main RAM would overlap it). */
    public boolean hasDram2() {
        Board b = board;
        return b.dram2Size > 0 && (b.ramBase + ramSize <= b.dram2Base || b.dram2Base + b.dram2Size <= b.ramBase);
    }

    /** Maps a device window, wrapped in an MMIO tracer when --trace mmio asks for it. */
    private void addDevice(String name, long base, long size, SystemBus.Device d) {
        if (cfg.mmioTrace != null && (cfg.mmioTraceDevices == null || cfg.mmioTraceDevices.contains(name))) {
            d = new MmioTracer(name, base, d, cfg.mmioTrace);
        }
        bus.addDevice(base, size, d);
    }

    /** Names of the device windows, for --trace mmio:NAME. */
    public static final java.util.List<String> DEVICE_NAMES =
            java.util.List.of("gicd", "gicr", "pl011", "pl031", "virtioN", "flashN", "trng");

    /** The conduit the device tree advertises for PSCI: HVC only on a board without EL2. */
    public String psciConduit() { return el2 ? "smc" : "hvc"; }

    public VirtualClock clock() { return clock; }

    @NotState("configuration")
    private final long ramSize;

    /** Size of the main RAM (what the device tree's memory node says). */
    public long ramSize() { return ramSize; }

    public void setTracer(InsnTracer t) { tracer = t; }

    /**
     * A debugger's hold on the scheduler (the gdb stub). Without one, the scheduler pays one null
     * check per round.
     */
    public interface RunControl {
        /** Between rounds, on the emulation thread: may serve requests and block while the debugger holds the machine. */
        void safePoint();

        /** True when something outside the guest (a connected debugger) may still wake a machine whose CPUs all wait. */
        boolean canWake();

        /** The run ended (the guest exited or stopped). */
        void ended(RunResult r);
    }

    @NotState("wiring: the debugger")
    private RunControl runControl;

    public void setRunControl(RunControl rc) { runControl = rc; }

    /** Selects the engine that runs the CPUs from the next quantum on. */
    public void setEngine(ExecutionEngine e) { engine = e; }

    public ExecutionEngine engine() { return engine; }

    /** Timer register writes may move a deadline: end the quantum so the scheduler recomputes it. */
    private static SysRegHook yieldAfterWrite(SysRegHook h) {
        return new SysRegHook() {
            @Override public boolean implementsKey(int key) { return h.implementsKey(key); }
            @Override public long read(Cpu c, int key) { return h.read(c, key); }
            @Override public void write(Cpu c, int key, long v) {
                h.write(c, key, v);
                c.yieldQuantum = true;
                c.exitRequest = 1;
            }
        };
    }

    /**
     * Runs the partitions' initialisation before the normal world, which starts where {@link #start}
     * put the boot CPU once every partition has called FFA_MSG_WAIT.
     */
    public void bootSecureWorld() {
        spmc.boot(cpu);
    }

    /** Points the boot CPU at {@code entry} in {@code el}h with the MMU off and x0..x3 as given. */
    public void start(long entry, int el, long x0) {
        cpu.resetTo(entry, el);
        cpu.x[0] = x0;
    }

    // ---- the scheduler -------------------------------------------------------------------------

    /** Runs until a CPU stops the machine, or {@code maxInsns} instructions have been executed in all. */
    public RunResult run(long maxInsns) {
        RunResult r = schedule(maxInsns);
        if (runControl != null) runControl.ended(r);
        return r;
    }

    private RunResult schedule(long maxInsns) {
        while (true) {
            if (runControl != null) runControl.safePoint();
            spmc.watchBoot(cpu);
            for (Cpu c : cpus) {
                if (c.stopReason != StopReason.NONE) return result(c);
            }
            if (snapshotRequested && !roundOpen) return snapshotPoint(cpu);
            if (executed >= maxInsns) {
                cpu.stopReason = StopReason.INSN_LIMIT;
                String boot = spmc.bootStatus(cpu);
                cpu.stopMessage = "instruction limit of " + maxInsns + " reached" + (boot != null ? "; " + boot : "");
                return result(cpu);
            }
            long quantum, longest, done;
            int first;
            if (roundOpen) {
                // The rest of the round a snapshot interrupted, exactly as it would have gone on.
                roundOpen = false;
                quantum = roundQuantum;
                longest = roundLongest;
                first = roundNext;
                done = roundDone;
            } else {
            boolean anyRunning = wakeSleepers();
            long deadline = nextDeadlineNs();
            if (!anyRunning) {
                if (deadline != Long.MAX_VALUE) {
                    clock.nowNs = Math.max(clock.nowNs, deadline);   // idle: skip ahead
                    updateDevices();
                    continue;
                }
                if (!consoleInput.ended() || runControl != null && runControl.canWake()) {
                    // Only typed input (or a debugger) can wake the machine: wait for it in host time.
                    sleepHost();
                    updateDevices();
                    continue;
                }
                Cpu waiting = firstPoweredOn();
                waiting.requestStop(StopReason.WAIT_FOREVER, 1,
                        "every CPU waits (WFI/WFE) or is off, and no timer or input can wake one");
                return result(waiting);
            }
            quantum = cpus.length == 1 ? QUANTUM_UP : QUANTUM_SMP;
            if (deadline != Long.MAX_VALUE) quantum = Math.max(1, Math.min(quantum, deadline - clock.nowNs));
            quantum = Math.min(quantum, maxInsns - executed);
            longest = 0;
            first = 0;
            done = 0;
            }
            for (int i = first; i < cpus.length; i++) {
                Cpu c = cpus[i];
                if (!c.poweredOn || c.sleeping) { done = 0; continue; }
                clock.running = c;
                clock.runningFrom = c.insnCount - done;
                if (done == 0) c.yieldQuantum = false;
                long ran = engine.run(c, quantum - done, tracer);
                clock.running = null;
                executed += ran;
                longest = Math.max(longest, done + ran);
                if (c.stopReason == StopReason.SNAPSHOT) {
                    // Stopped mid-quantum at the boundary after the console text: keep the round open.
                    c.stopReason = StopReason.NONE;
                    roundOpen = true;
                    roundQuantum = quantum;
                    roundLongest = longest;
                    roundNext = i;
                    roundDone = done + ran;
                    return snapshotPoint(c);
                }
                done = 0;
                // Another CPU runs next and may store to the address this one holds exclusive: with
                // no global monitor, clearing the local one keeps a STXR across the switch from
                // succeeding on stale data (a spurious failure is allowed; the guest retries).
                if (cpus.length > 1) c.exclusiveAddr = -1;
                if (c.sendEvent) signalEvent(c);
                if (c.stopReason != StopReason.NONE) break;
            }
            clock.nowNs += longest;
            updateDevices();
        }
    }

    // ---- snapshots -----------------------------------------------------------------------------

    @NotState("a request, consumed by run()")
    private boolean snapshotRequested;
    /** A round of quanta a snapshot interrupted: CPU roundNext had run roundDone of its quantum. */
    private boolean roundOpen;
    private long roundQuantum, roundLongest, roundDone;
    private int roundNext;

    /**
     * Asks run() to return at the next instruction boundary with {@link StopReason#SNAPSHOT} (the
     * machine is then ready to be saved; a further run() continues exactly as if uninterrupted).
     */
    public void requestSnapshot() {
        snapshotRequested = true;
        Cpu c = clock.running;
        if (c != null && c.stopReason == StopReason.NONE) {
            c.stopReason = StopReason.SNAPSHOT;
            c.exitRequest = 1;
        }
    }

    private RunResult snapshotPoint(Cpu c) {
        snapshotRequested = false;
        return new RunResult(StopReason.SNAPSHOT, 0, executed, "snapshot point", c);
    }

    /** Why this machine cannot be saved now (one line), or null. */
    @Override
    public String unsavable() {
        java.util.List<Snapshottable> parts = new java.util.ArrayList<>(java.util.List.of(virtio));
        parts.add(spmc);
        if (monitorSemihosting() != null) parts.add(monitorSemihosting());
        for (Snapshottable s : parts) {
            String why = s.unsavable();
            if (why != null) return why;
        }
        return null;
    }

    /** The semihosting service when it has state of its own, or null. */
    public Snapshottable monitorSemihosting() {
        return cfg.semihosting instanceof Snapshottable ? (Snapshottable) cfg.semihosting : null;
    }

    /** The scheduler: virtual time, instructions executed, an interrupted round, console attachment. */
    @Override
    public void save(SnapshotOutput o) {
        o.writeLong(clock.nowNs);
        o.writeLong(executed);
        o.writeBoolean(roundOpen);
        o.writeLong(roundQuantum);
        o.writeLong(roundLongest);
        o.writeLong(roundDone);
        o.writeInt(roundNext);
        o.writeBoolean(consoleInput != ConsoleInput.NONE);
    }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        clock.nowNs = in.readLong();
        executed = in.readLong();
        roundOpen = in.readBoolean();
        roundQuantum = in.readLong();
        roundLongest = in.readLong();
        roundDone = in.readLong();
        roundNext = in.readInt(0, cpus.length - 1);
        if (in.readBoolean()) attachConsole();
        snapshotRequested = false;
    }

    private RunResult result(Cpu c) {
        return new RunResult(c.stopReason, c.exitCode, executed, c.stopMessage, c);
    }

    private Cpu firstPoweredOn() {
        for (Cpu c : cpus) if (c.poweredOn) return c;
        return cpu;
    }

    /**
     * Wakes sleeping CPUs with an interrupt pending (WFI and WFE), and WFE sleepers whenever some
     * other CPU is running (a spurious wake-up, which the architecture allows, stands in for the
     * event a store by that CPU might send). Returns whether any CPU can run.
     */
    private boolean wakeSleepers() {
        boolean running = false;
        for (Cpu c : cpus) {
            if (!c.poweredOn) continue;
            if (c.sleeping && c.interruptPending()) c.wake();
            if (!c.sleeping) running = true;
        }
        if (running) {
            for (Cpu c : cpus) if (c.poweredOn && c.sleeping && c.waitingForEvent) c.wake();
        }
        return running;
    }

    /** SEV: sets every PE's event register and wakes WFE sleepers. */
    private void signalEvent(Cpu from) {
        from.sendEvent = false;
        for (Cpu c : cpus) c.signalEvent();
    }

    /**
     * The next timer or RTC deadline, and the next event-stream trigger of a PE waiting in WFE
     * (one that runs or waits in WFI gets its events when the round ends, so the stream never
     * shortens a quantum).
     */
    private long nextDeadlineNs() {
        long t = Long.MAX_VALUE;
        for (GenericTimer g : timers) {
            t = Math.min(t, g.nextDeadline());
            Cpu c = g.cpu();
            if (c.sleeping && c.waitingForEvent) t = Math.min(t, g.nextEvent());
        }
        t = Math.min(t, rtc.nextDeadline());
        return t == Long.MAX_VALUE ? Long.MAX_VALUE : clock.ticksToNs(t);
    }

    private void updateDevices() {
        for (GenericTimer g : timers) g.update();
        rtc.update();
        uart.poll();
    }

    private static void sleepHost() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- PowerController -----------------------------------------------------------------------

    @Override
    public Cpu cpuByMpidr(long mpidr) {
        if ((mpidr & 0xFF_00FF_FF00L) != 0) return null;   // Aff1..Aff3 are zero on these boards
        int aff0 = (int) mpidr & 0xFF;
        return aff0 < cpus.length ? cpus[aff0] : null;
    }

    @Override
    public void powerOn(Cpu target, long entry, int el, long contextId) {
        target.sctlr[1] = SysReg.SCTLR_EL1_RESET;
        target.sctlr[2] = SysReg.SCTLR_EL2_RES1 | 8;
        target.mem.flushTlb();
        // Every PE starts at the EL the boot CPU was entered at, as TF-A enters them all at EL2 when
        // there is one (PSCI is called from EL1 once Linux has left EL2; a PE at EL1 while the others
        // started at EL2 is "CPUs started in inconsistent modes" to Linux, and KVM stays off).
        target.resetTo(entry, Math.max(el, cfg.entryEl));
        target.x[0] = contextId;
        target.poweredOn = true;
        target.exitRequest = 0;
    }

    @Override
    public void powerOff(Cpu c) {
        c.poweredOn = false;
        c.sleeping = false;
        c.exitRequest = 1;
    }

    @Override
    public boolean isExecutableAddress(long pa) {
        return bus.readablePage(pa) != null;
    }

    @Override
    public void systemOff(Cpu caller) {
        caller.requestStop(StopReason.GUEST_EXIT, 0, "PSCI SYSTEM_OFF");
    }

    @Override
    public void systemReset(Cpu caller, boolean warm) {
        if (warm && cfg.warmResetIsPanic) {
            caller.requestStop(StopReason.GUEST_PANIC, KernelPanic.EXIT_STATUS,
                    "the kernel panicked (its panic reboot, PSCI SYSTEM_RESET2, as reboot=panic_warm asks)");
            return;
        }
        // Like QEMU with -no-reboot: a reset request ends the run successfully.
        caller.requestStop(StopReason.GUEST_EXIT, 0, warm ? "PSCI SYSTEM_RESET2 (warm reset)" : "PSCI SYSTEM_RESET");
    }

    /** The system counter, driven by the scheduler's virtual time. */
    static final class Clock implements VirtualClock {
        private static final long NS = 1_000_000_000L;
        @NotState("configuration")
        private final long hz;
        /** Virtual time at the start of the current round. */
        long nowNs;
        /** The CPU executing now (its progress in the quantum counts), or null between quanta. */
        @NotState("null between quanta, where snapshots are taken or resumed")
        Cpu running;
        @NotState("meaningful only while running is set")
        long runningFrom;

        Clock(long hz) { this.hz = hz; }

        long timeNs() { return running == null ? nowNs : nowNs + (running.insnCount - runningFrom); }

        @Override
        public long counter() {
            long t = timeNs();
            return t / NS * hz + t % NS * hz / NS;
        }

        @Override
        public long frequency() { return hz; }

        /** The first time at which the counter reads {@code ticks} or more. */
        long ticksToNs(long ticks) {
            if (ticks <= 0) return 0;
            long whole = ticks / hz, rest = ticks % hz;
            long ns = whole * NS + (rest * NS + hz - 1) / hz;
            return ns < 0 ? Long.MAX_VALUE : ns;
        }
    }
}
