package dev.jaffa.platform;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.InsnTracer;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.isa.Disassembler;
import dev.jaffa.monitor.Semihosting;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** The {@code jaffa} command line. Exit status: the guest's, or 2 for bad usage, 3..5 for a stuck guest. */
@Command(name = "jaffa", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A fast Arm platform emulator for secure firmware and FF-A development.")
public final class Main implements Callable<Integer> {
    /** Exit statuses of the emulator itself (guests choose their own through semihosting). */
    static final int EXIT_USAGE = 2, EXIT_STUCK = 3, EXIT_INSN_LIMIT = 4, EXIT_UNSUPPORTED = 5;

    @Override
    public Integer call() {
        System.err.println("jaffa: missing command (try 'jaffa run FILE.elf' or 'jaffa --help')");
        return EXIT_USAGE;
    }

    /** A one-line problem with the user's input. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        UsageException(String m) { super(m); }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jaffa " + (v != null ? v : "development build") + " (Java " + System.getProperty("java.version") + ")"};
        }
    }

    /** Options shared by the commands that run a guest. */
    static class RunOptions {
        @Option(names = "--engine", defaultValue = "${env:JAFFA_ENGINE:-jit}",
                description = "Execution engine: jit (default; hot blocks translated to JVM bytecode) or interp (the interpreter only); the environment variable JAFFA_ENGINE changes the default.")
        String engine;

        @Option(names = "--machine", defaultValue = "fvp", description = "Board: fvp (default) or virt.")
        String machine;

        @Option(names = "-m", defaultValue = "512M", paramLabel = "SIZE", description = "Main RAM size (K/M/G suffix, default 512M).")
        String memory;

        @Option(names = "--smp", defaultValue = "1", paramLabel = "N", description = "Number of CPUs (1..8); secondaries start with PSCI CPU_ON.")
        int smp;

        @Option(names = "--entry-el", paramLabel = "1|2",
                description = "EL the boot CPU starts at (default: 1 for ELF; for --kernel/--bios 2 on fvp, 1 on virt). On virt, 2 also gives the board an EL2.")
        Integer entryEl;

        @Option(names = "--kernel", paramLabel = "Image", description = "Boot a Linux arm64 Image (x0 = device tree).")
        Path kernel;

        @Option(names = "--initrd", paramLabel = "FILE", description = "Initial ramdisk for --kernel.")
        Path initrd;

        @Option(names = "--dtb", paramLabel = "FILE", description = "Use this device tree instead of the generated one (/chosen is updated).")
        Path dtb;

        @Option(names = "--bios", paramLabel = "FILE", description = "Raw firmware put in flash at the board's reset address (e.g. U-Boot for QEMU virt).")
        Path bios;

        @Option(names = "--dump-dtb", paramLabel = "FILE", description = "Write the device tree the guest would get to FILE and exit.")
        Path dumpDtb;

        @Option(names = "--stats", description = "At exit, print guest instructions executed, MIPS, and the JIT's translation figures.")
        boolean stats;

        @Option(names = "--max-insns", paramLabel = "N", description = "Stop after N instructions (exit status 4).")
        Long maxInsns;

        @Option(names = "--trace", split = ",", paramLabel = "CATEGORY",
                description = "Trace categories: insn, exc (exceptions), irq (interrupts taken), smc (SMC/HVC calls), ffa (FF-A calls decoded), mmio or mmio:DEVICE (gicd, gicr, pl011, pl031, virtioN, flashN, trng).")
        List<String> trace = List.of();

        @Option(names = "--sp", paramLabel = "NAME|FILE",
                description = "Load a secure partition before the normal world: a bundled one (see 'jaffa sps'), test-lsp or optee (OP-TEE's test and own endpoints, in Java), an SP package, or IMAGE,MANIFEST. Repeatable.")
        List<String> sps = new java.util.ArrayList<>();

        @Option(names = "--sp-dir", paramLabel = "DIR",
                description = "Load every partition of a Trusted Services install tree (opteesp/bin/*.elf with opteesp/manifest/*.dts), in manifest boot order.")
        List<Path> spDirs = new java.util.ArrayList<>();

        @Option(names = "--semihosting-root", paramLabel = "DIR", description = "Directory the guest may open files in via semihosting (default: none).")
        Path semihostingRoot;

        @Option(names = "--drive", paramLabel = "FILE[,format=raw][,readonly=on][,snapshot=on]",
                description = "A virtio-blk disk on a raw image (format=raw); readonly=on refuses writes, snapshot=on keeps them in memory. Repeatable: the first is /dev/vda.")
        List<String> drives = new java.util.ArrayList<>();

        @Option(names = "--share", paramLabel = "DIR[,tag=NAME][,readonly=on]",
                description = "Share a host directory over virtio-9p (9P2000.L; mount tag 'host' unless tag= is given): mount -t 9p -o trans=virtio,version=9p2000.L host /mnt/host. Repeatable.")
        List<String> shares = new java.util.ArrayList<>();

        @Option(names = "--append", paramLabel = "CMDLINE", description = "Kernel command line (/chosen/bootargs) and semihosting SYS_GET_CMDLINE.")
        String append = "";

        @Option(names = "--gdb", paramLabel = "[HOST:]PORT",
                description = "Serve the gdb remote protocol on HOST:PORT (HOST defaults to 127.0.0.1; PORT 0 picks a free one): target remote HOST:PORT in gdb-multiarch.")
        String gdb;

        @Option(names = "-s", description = "Shorthand for --gdb 1234 (as QEMU's -s).")
        boolean gdbDefaultPort;

        @Option(names = {"--gdb-wait", "-S"}, description = "With --gdb or -s: hold every CPU at its first instruction until the debugger continues.")
        boolean gdbWait;

        // ---- snapshots (SnapshotOptions, docs/snapshots.md) ----
        @CommandLine.Mixin
        SnapshotOptions snapshots = new SnapshotOptions();

        /** Where the guest's console goes, and a cpio archive appended to the initrd (jaffa linux). */
        java.io.OutputStream console = System.out;
        final List<byte[]> initrdAppendix = new java.util.ArrayList<>();
        /** The initrd is Jaffa's own (jaffa linux's cached root file system): give it to the kernel inflated. */
        boolean inflateInitrd;

        int runGuest(Path file) {
            if (!engine.equals("interp") && !engine.equals("jit")) {
                throw new UsageException("unknown engine '" + engine + "' (available: interp, jit)");
            }
            Machine.Config cfg = new Machine.Config();
            if (engine.equals("interp")) cfg.engine = dev.jaffa.interp.Interpreter.ENGINE;
            try {
                cfg.board = Board.valueOf(machine.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown machine '" + machine + "' (available: fvp, virt)");
            }
            try {
                cfg.ramSize = SizeParser.parse(memory);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (smp < 1 || smp > 8) throw new UsageException("--smp must be between 1 and 8");
            cfg.smp = smp;
            if (entryEl != null && entryEl != 1 && entryEl != 2) throw new UsageException("--entry-el must be 1 or 2");
            int images = (file != null ? 1 : 0) + (kernel != null ? 1 : 0) + (bios != null ? 1 : 0);
            if (images > 1) throw new UsageException("give one of FILE.elf, --kernel and --bios");
            if (images == 0 && dumpDtb == null) throw new UsageException("nothing to run: give FILE.elf, --kernel or --bios");
            if (initrd != null && kernel == null) throw new UsageException("--initrd needs --kernel");
            boolean firmware = kernel != null || bios != null;
            int el = entryEl != null ? entryEl : (firmware && cfg.board.alwaysEl2 ? 2 : 1);
            cfg.entryEl = el;

            PrintStream traceOut = new PrintStream(new BufferedOutputStream(System.err, 1 << 16), false);
            boolean traceInsn = false, traceExc = false, traceIrq = false, traceSmc = false;
            for (String t : trace) {
                switch (t) {
                    case "insn": traceInsn = true; break;
                    case "exc": traceExc = true; break;
                    case "irq": traceIrq = true; break;
                    case "smc": traceSmc = true; break;
                    case "ffa": cfg.ffaTrace = traceOut; break;
                    case "mmio": cfg.mmioTrace = traceOut; cfg.mmioTraceDevices = null; break;
                    default:
                        if (t.startsWith("mmio:") && t.length() > 5) {
                            cfg.mmioTrace = traceOut;
                            if (cfg.mmioTraceDevices == null) cfg.mmioTraceDevices = new java.util.HashSet<>();
                            cfg.mmioTraceDevices.add(t.substring(5));
                            break;
                        }
                        throw new UsageException("unknown trace category '" + t + "' (available: insn, exc, irq, smc, ffa, mmio, mmio:DEVICE)");
                }
            }
            if (maxInsns != null && maxInsns <= 0) throw new UsageException("--max-insns must be positive");
            if (semihostingRoot != null && !Files.isDirectory(semihostingRoot)) {
                throw new UsageException(semihostingRoot + ": not a directory");
            }
            String[] gdbAddress = gdbAddress();
            cfg.virtioDevices = VirtioOptions.devices(drives, shares);
            snapshots.check();
            ElfFile elf = null;
            if (file != null) {
                if (!Files.isRegularFile(file)) throw new UsageException(file + ": no such file");
                try {
                    elf = ElfFile.read(file);
                } catch (IOException e) {
                    throw new UsageException(file + ": " + e.getMessage());
                } catch (ElfFile.FormatException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            // The kernel and initrd go from the page cache straight into guest RAM (mapped).
            java.nio.ByteBuffer kernelImage = kernel == null ? null : mapped(kernel);
            List<java.nio.ByteBuffer> initrdParts = new java.util.ArrayList<>();
            if (initrd != null) initrdParts.add(inflateInitrd ? LinuxBoot.inflatedCopy(initrd) : mapped(initrd));
            byte[] dtbBytes = readOptional(dtb);
            cfg.flashImage = readOptional(bios);
            if (cfg.flashImage != null && cfg.flashImage.length > cfg.board.flashBankSize) {
                throw new UsageException(bios + ": larger than the " + (cfg.board.flashBankSize >> 20) + " MiB flash bank");
            }

            cfg.console = snapshots.console(console);
            Snapshot.Header snapshotHeader = SnapshotOptions.header(cfg, append, drives, shares);
            Semihosting sh = new Semihosting(semihostingRoot, System.in, snapshots.console(System.out), System.err);
            sh.setCommandLine(append);
            cfg.semihosting = sh;
            LazyStdin stdin = new LazyStdin();
            stdin.linuxGuest = kernel != null;
            cfg.consoleInput = stdin;
            Machine m = new Machine(cfg);
            stdin.onQuit = () -> m.cpu.requestStop(StopReason.GUEST_EXIT, 0, "quit with Ctrl-A x");
            // On a terminal, a prompt and the echo of each key are output without a newline: they
            // must show at once, as on QEMU's stdio console, not when a line ends.
            if (stdin.typed) m.uart.setFlushEveryByte(true);
            if (traceInsn) m.setTracer(insnTracer(traceOut));
            if (traceSmc) m.monitor.setTrace(traceOut);
            if (traceExc || traceIrq) Traces.exceptions(m, traceOut, traceExc, traceIrq);
            for (String sp : sps) Partitions.add(m, sp);
            for (Path d : spDirs) Partitions.addDir(m, d);
            partitionsLoaded(m);
            for (byte[] more : initrdAppendix) initrdParts.add(java.nio.ByteBuffer.wrap(more));
            try {
                if (dumpDtb != null) {
                    byte[] blob = Boot.deviceTree(m, dtbBytes, kernel != null ? kernelCommandLine(cfg) : append, 0, 0);
                    Files.write(dumpDtb, blob);
                    return 0;
                }
                if (elf != null) Boot.elf(m, elf, el, dtbBytes, append);
                else if (kernelImage != null) Boot.kernel(m, kernelImage, initrdParts, el, dtbBytes, kernelCommandLine(cfg), cfg.ramSize);
                else Boot.bios(m, el, dtbBytes, append);
                if (!snapshots.restoring()) m.bootSecureWorld();
                else snapshots.attach(m, snapshotHeader);   // before a debugger can look at the machine
                if (gdbAddress != null) {
                    // After the boot set-up, before the first instruction (a partition's, when there are any).
                    dev.jaffa.platform.gdb.GdbStub stub;
                    try {
                        stub = dev.jaffa.platform.gdb.GdbStub.attach(m, gdbAddress[0], Integer.parseInt(gdbAddress[1]), gdbWait);
                    } catch (IOException e) {
                        throw new UsageException("--gdb: cannot listen on " + gdbAddress[0] + ":" + gdbAddress[1] + ": " + e.getMessage());
                    }
                    System.err.println("jaffa: gdb stub on " + stub.address() + (gdbWait ? "; waiting for the debugger to continue" : ""));
                }
            } catch (Boot.BootException e) {
                throw new UsageException((file != null ? file + ": " : "") + e.getMessage());
            } catch (IOException e) {
                throw new UsageException(dumpDtb + ": " + e.getMessage());
            }
            snapshots.attach(m, snapshotHeader);   // no-op when attached above
            long startNanos = System.nanoTime(), startMillis = System.currentTimeMillis();
            RunResult r = m.run(maxInsns != null ? maxInsns : Long.MAX_VALUE);
            if (r.reason == StopReason.SNAPSHOT || snapshots.snapshotOn != null) {
                sh.flush();
                m.uart.flush();
                int status = snapshots.finish(m, r, snapshotHeader);
                if (status >= 0) return status;
            }
            if (stats) printStats(r, System.nanoTime() - startNanos, cfg.engine, startMillis);
            if (stats && snapshots.restoring()) {
                System.err.printf("jaffa: snapshot restored in %.3f s before the guest ran on (read and checked in %.3f s, beside building the machine)%n",
                        snapshots.installNanos / 1e9, snapshots.readNanos / 1e9);
            }
            sh.flush();
            m.uart.flush();
            traceOut.flush();
            return exitStatus(r.cpu, r);
        }

        /** Hook for {@code jaffa ts}: the partitions are loaded, the initrd not yet assembled. */
        void partitionsLoaded(Machine m) { }

        /** {HOST, PORT} of --gdb or -s, or null; a bad value is a usage error. */
        private String[] gdbAddress() {
            if (gdb != null && gdbDefaultPort) throw new UsageException("give --gdb or -s, not both");
            if (gdb == null && !gdbDefaultPort) {
                if (gdbWait) throw new UsageException("--gdb-wait (-S) needs --gdb [HOST:]PORT or -s");
                return null;
            }
            String spec = gdb != null ? gdb : "1234";
            if (spec.startsWith("tcp:")) spec = spec.substring(4);   // QEMU's -gdb tcp::PORT spelling
            int colon = spec.lastIndexOf(':');
            String host = colon > 0 ? spec.substring(0, colon) : "127.0.0.1", port = spec.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            int p;
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 0 || p > 65535 || !port.matches("[0-9]+")) {
                throw new UsageException("--gdb: bad port '" + port + "' (expected [HOST:]PORT with PORT 0..65535)");
            }
            return new String[] {host, Integer.toString(p)};
        }

        /** --append for a Linux kernel, with the panic detection of {@link KernelPanic} when it has room for it. */
        private String kernelCommandLine(Machine.Config cfg) {
            String detecting = KernelPanic.detecting(append);
            cfg.warmResetIsPanic = detecting != null;
            return detecting != null ? detecting : append;
        }

        /** {@code --stats}: what ran, how fast, and what the JIT did, on stderr. */
        private static void printStats(RunResult r, long nanos, dev.jaffa.interp.ExecutionEngine engine, long startMillis) {
            double seconds = nanos / 1e9;
            // Start-up (the JVM, the command line, building the machine, loading the images) is part
            // of what a user waits for: QEMU's whole boot of the same kernel takes 2.5 s.
            System.err.printf("jaffa: the guest started %.3f s after the JVM%n",
                    (startMillis - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3);
            System.err.printf("jaffa: %d guest instructions in %.3f s of host time (%.1f MIPS)%n", r.instructions, seconds,
                    r.instructions / seconds / 1e6);
            if (engine instanceof dev.jaffa.jit.JitEngine) {
                dev.jaffa.jit.JitEngine.Stats s = ((dev.jaffa.jit.JitEngine) engine).stats;
                long insns = Math.max(1, r.instructions);
                System.err.printf("jaffa: jit: %s; %.1f%% of instructions ran translated; HotSpot tier directives %s%n", s,
                        100.0 * Math.max(0, insns - s.interpretedInsns) / insns,
                        dev.jaffa.jit.JitEngine.hotSpotTiersActive() ? "active" : "inactive");
            }
            // Where the host's CPU went: the emulation thread (this one), the JIT's translator thread,
            // and the rest of the process (mostly HotSpot compiling the translations, and GC).
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long emulation = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
            long process = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
            long translator = engine instanceof dev.jaffa.jit.JitEngine jit ? jit.stats.translationCpuNanos : 0;
            System.err.printf("jaffa: host CPU: process %.1f s = emulation thread %.1f s + translator %.1f s + other "
                            + "(HotSpot compilers, GC) %.1f s%n", process / 1e9, emulation / 1e9, translator / 1e9,
                    (process - emulation - translator) / 1e9);
        }

        /** A whole file, mapped read-only (a kernel or an initrd: tens of MB loaded without a heap copy). */
        static java.nio.ByteBuffer mapped(Path p) {
            if (Files.isDirectory(p)) throw new UsageException(p + ": a directory, not a file");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p)) {
                long size = ch.size();
                if (size > Integer.MAX_VALUE) throw new UsageException(p + ": larger than 2 GiB");
                return ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, size);
            } catch (IOException e) {
                throw new UsageException(p + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }

        private static byte[] readOptional(Path p) {
            if (p == null) return null;
            try {
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new UsageException(p + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
    }

    /**
     * Standard input for the UART, opened (a reader thread started) only when the guest first reads
     * it. On a terminal, the terminal goes into raw mode so keys reach the guest one by one (Ctrl-C
     * included), and, as in QEMU, Ctrl-A x quits (Ctrl-A Ctrl-A sends one Ctrl-A).
     */
    static final class LazyStdin implements dev.jaffa.devices.ConsoleInput {
        private static final int CTRL_A = 1;
        private dev.jaffa.devices.ConsoleInput in;
        private boolean terminal, escape;
        Runnable onQuit = () -> { };
        /**
         * The guest is a Linux kernel, whose serial driver raises RTS when a port is opened and
         * drains the receiver just before: input that is not typed (a pipe) waits for RTS rather
         * than being thrown away during boot.
         */
        boolean linuxGuest;

        /** Stdin and stdout are a terminal: someone types at the guest and watches it. */
        final boolean typed = System.console() != null;

        @Override
        public boolean flowControlled() { return linuxGuest && !typed; }

        @Override
        public int read() {
            if (in == null) {
                terminal = dev.jaffa.devices.TerminalMode.raw();
                if (terminal) System.err.print("jaffa: console attached; Ctrl-A x quits\r\n");
                in = dev.jaffa.devices.ConsoleInput.of(System.in);
            }
            int b = in.read();
            if (!terminal || b < 0) return b;
            if (escape) {
                escape = false;
                if (b == 'x' || b == 'X') {
                    onQuit.run();
                    return -1;
                }
                return b == CTRL_A ? CTRL_A : b;
            }
            if (b == CTRL_A) {
                escape = true;
                return -1;
            }
            return b;
        }

        @Override
        public boolean ended() { return in != null && in.ended(); }
    }

    static InsnTracer insnTracer(PrintStream to) {
        return (cpu, pc, insn) -> to.printf("%016x: %08x  %s%n", pc, insn, Disassembler.disassemble(insn, pc));
    }

    static int exitStatus(Cpu cpu, RunResult r) {
        if (r.reason == StopReason.GUEST_EXIT) return r.exitCode;
        if (r.reason == StopReason.GUEST_PANIC) {
            System.err.println("jaffa: " + r.message);
            return r.exitCode;
        }
        System.err.print(Diagnostics.report(cpu, r));
        switch (r.reason) {
            case INSN_LIMIT: return EXIT_INSN_LIMIT;
            case UNSUPPORTED: return EXIT_UNSUPPORTED;
            default: return EXIT_STUCK;
        }
    }

    @Command(name = "run", description = "Run a bare-metal AArch64 ELF (like qemu -kernel file.elf), a Linux Image (--kernel) or firmware (--bios).")
    static final class Run extends RunOptions implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.elf", arity = "0..1", description = "A bare-metal guest image.")
        Path file;

        @Override
        public Integer call() { return runGuest(file); }
    }

    @Command(name = "xtest", description = "Boot fvp with the test partitions (spm-test1..4 and the test LSP) and run the "
            + "normal-world FF-A suite (xtest -t ffa_spmc and negative tests); exit status 0 only when every case passes.")
    static final class Xtest extends RunOptions implements Callable<Integer> {
        @Override
        public Integer call() {
            String home = System.getProperty("jaffa.home", ".");
            if (sps.isEmpty() && spDirs.isEmpty()) {
                sps.add(Partitions.TEST_LSP);
                sps.addAll(Partitions.BUNDLED);
            }
            return runGuest(Paths.get(home, "guests", "build", "xtest.elf"));
        }
    }

    @Command(name = "sps", description = "List the secure partitions the project bundles, with endpoint ID, UUID and FF-A version.")
    static final class Sps implements Callable<Integer> {
        @Override
        public Integer call() {
            Machine m = new Machine(Board.FVP, 64L << 20, dev.jaffa.interp.TrapSink.NONE);
            Partitions.add(m, Partitions.TEST_LSP);
            for (String sp : Partitions.BUNDLED) Partitions.add(m, sp);
            System.out.printf("%-12s %-7s %-37s %-6s %s%n", "NAME", "ID", "FF-A UUID", "FF-A", "KIND");
            for (String[] row : m.spmc.describe()) System.out.printf("%-12s %-7s %-37s %-6s %s%n", (Object[]) row);
            return 0;
        }
    }

    @Command(name = "demo", description = "Run the bundled demo guest (guests/build/hello.elf).")
    static final class Demo extends RunOptions implements Callable<Integer> {
        @Override
        public Integer call() {
            String home = System.getProperty("jaffa.home", ".");
            return runGuest(Paths.get(home, "guests", "build", "hello.elf"));
        }
    }

    /**
     * Usage help in which an option of several values reads as it is typed ({@code --snapshot-on
     * TEXT FILE}), not with picocli's separator and the label once per value.
     */
    private static final class SpacedLabels extends CommandLine.Help {
        SpacedLabels(CommandLine.Model.CommandSpec spec, ColorScheme colors) { super(spec, colors); }

        @Override
        public IParamLabelRenderer parameterLabelRenderer() {
            IParamLabelRenderer plain = super.parameterLabelRenderer();
            return new IParamLabelRenderer() {
                @Override
                public Ansi.Text renderParameterLabel(CommandLine.Model.ArgSpec arg, Ansi ansi, List<Ansi.IStyle> styles) {
                    if (arg.isOption() && arg.hideParamSyntax()) return ansi.apply(" " + arg.paramLabel(), styles);
                    return plain.renderParameterLabel(arg, ansi, styles);
                }

                @Override
                public String separator() { return plain.separator(); }
            };
        }

        @Override
        public String detailedSynopsis(int headingLength, java.util.Comparator<CommandLine.Model.OptionSpec> sort, boolean cluster) {
            String s = super.detailedSynopsis(headingLength, sort, cluster);
            // Such an option takes its values once (picocli marks every option of several values repeatable).
            for (CommandLine.Model.OptionSpec o : commandSpec().options()) {
                if (o.hideParamSyntax()) s = s.replace("[" + o.longestName() + " " + o.paramLabel() + "]...", "[" + o.longestName() + " " + o.paramLabel() + "]");
            }
            return s;
        }
    }

    public static void main(String[] args) {
        // The instruction table's rows (a lambda class each) take about 0.15 s to build: build them
        // on the other core while the command line is parsed and the images load, rather than at
        // the guest's first row instruction.
        Thread table = new Thread(() -> dev.jaffa.interp.isa.A64Table.decode(0), "jaffa-a64table");
        table.setDaemon(true);
        table.start();
        System.exit(execute(args));
    }

    /** The commands, in the order help lists them (names as their {@code @Command} annotations give them). */
    private static final String[] COMMANDS = {"run", "linux", "ts", "xtest", "sps", "demo"};

    private static Object command(String name) {
        switch (name) {
            case "run": return new Run();
            case "linux": return new Linux();
            case "ts": return new TrustedServices();
            case "xtest": return new Xtest();
            case "sps": return new Sps();
            default: return new Demo();
        }
    }

    static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // Picocli reads each command's options by reflection, a fifth of a second for all of them:
        // when the first word names a command, only that one is built.
        String first = args.length > 0 ? args[0] : "";
        boolean one = java.util.Arrays.asList(COMMANDS).contains(first);
        for (String name : COMMANDS) if (!one || name.equals(first)) cl.addSubcommand(name, command(name));
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        // -h/--help and -V/--version on every command, as on jaffa itself ('jaffa run --help').
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions() && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
                sub.getCommandSpec().versionProvider(new Version());
            }
        }
        cl.setHelpFactory(SpacedLabels::new);
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("jaffa: " + ex.getMessage().lines().findFirst().orElse("bad command line"));
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UsageException) {
                System.err.println("jaffa: " + ex.getMessage());
                return EXIT_USAGE;
            }
            if (ex instanceof java.io.UncheckedIOException u && u.getCause() instanceof dev.jaffa.interp.snapshot.SnapshotFormatException) {
                // A restored RAM chunk that passed its CRC but does not inflate (Snapshot.LazyRam).
                System.err.println("jaffa: " + u.getCause().getMessage());
                return EXIT_USAGE;
            }
            System.err.println("jaffa: internal error: " + ex);
            if (System.getenv("JAFFA_DEBUG") != null) ex.printStackTrace();
            return 70;
        });
        return cl.execute(args);
    }
}
