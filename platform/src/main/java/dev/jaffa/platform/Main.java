package dev.jaffa.platform;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Disassembler;
import dev.jaffa.interp.InsnTracer;
import dev.jaffa.interp.StopReason;
import dev.jaffa.monitor.Semihosting;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code jaffa} command line. Exit status: the guest's, or 2 for bad usage, 3..5 for a stuck guest. */
@Command(name = "jaffa", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A fast Arm platform emulator for secure firmware and FF-A development.",
        subcommands = {Main.Run.class, Main.Demo.class, CommandLine.HelpCommand.class})
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
        @Option(names = "--engine", defaultValue = "interp", description = "Execution engine: interp (the JIT arrives later).")
        String engine;

        @Option(names = "--machine", defaultValue = "fvp", description = "Board: fvp (default) or virt.")
        String machine;

        @Option(names = "-m", defaultValue = "512M", paramLabel = "SIZE", description = "Main RAM size (K/M/G suffix, default 512M).")
        String memory;

        @Option(names = "--max-insns", paramLabel = "N", description = "Stop after N instructions (exit status 4).")
        Long maxInsns;

        @Option(names = "--trace", split = ",", paramLabel = "CATEGORY", description = "Trace categories: insn.")
        List<String> trace = List.of();

        @Option(names = "--semihosting-root", paramLabel = "DIR", description = "Directory the guest may open files in via semihosting (default: none).")
        Path semihostingRoot;

        @Option(names = "--append", paramLabel = "CMDLINE", description = "Command line passed to the guest (semihosting SYS_GET_CMDLINE).")
        String append = "";

        int runElf(Path file) {
            if (!engine.equals("interp")) throw new UsageException("unknown engine '" + engine + "' (available: interp)");
            Board board;
            try {
                board = Board.valueOf(machine.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown machine '" + machine + "' (available: fvp, virt)");
            }
            long ram;
            try {
                ram = SizeParser.parse(memory);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            boolean traceInsn = false;
            for (String t : trace) {
                if (t.equals("insn")) traceInsn = true;
                else throw new UsageException("unknown trace category '" + t + "' (available: insn)");
            }
            if (maxInsns != null && maxInsns <= 0) throw new UsageException("--max-insns must be positive");
            if (semihostingRoot != null && !Files.isDirectory(semihostingRoot)) {
                throw new UsageException(semihostingRoot + ": not a directory");
            }
            if (!Files.isRegularFile(file)) throw new UsageException(file + ": no such file");
            ElfFile elf;
            try {
                elf = ElfFile.read(file);
            } catch (IOException e) {
                throw new UsageException(file + ": " + e.getMessage());
            } catch (ElfFile.FormatException e) {
                throw new UsageException(e.getMessage());
            }

            Semihosting sh = new Semihosting(semihostingRoot, System.in, System.out, System.err);
            sh.setCommandLine(append);
            Machine m = new Machine(board, ram, sh);
            PrintStream traceOut = null;
            if (traceInsn) {
                PrintStream to = new PrintStream(new BufferedOutputStream(System.err, 1 << 16), false);
                traceOut = to;
                m.setTracer(insnTracer(to));
            }
            try {
                m.loadElf(elf);
            } catch (ElfFile.FormatException e) {
                throw new UsageException(file + ": " + e.getMessage());
            }
            RunResult r = m.run(maxInsns != null ? maxInsns : Long.MAX_VALUE);
            sh.flush();
            if (traceOut != null) traceOut.flush();
            return exitStatus(m.cpu, r);
        }
    }

    static InsnTracer insnTracer(PrintStream to) {
        return (cpu, pc, insn) -> to.printf("%016x: %08x  %s%n", pc, insn, Disassembler.disassemble(insn, pc));
    }

    static int exitStatus(Cpu cpu, RunResult r) {
        if (r.reason == StopReason.GUEST_EXIT) return r.exitCode;
        System.err.print(Diagnostics.report(cpu, r));
        switch (r.reason) {
            case INSN_LIMIT: return EXIT_INSN_LIMIT;
            case UNSUPPORTED: return EXIT_UNSUPPORTED;
            default: return EXIT_STUCK;
        }
    }

    @Command(name = "run", description = "Run a bare-metal AArch64 ELF at NS-EL1 with the MMU off (like qemu -kernel file.elf).")
    static final class Run extends RunOptions implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.elf", description = "The guest image.")
        Path file;

        @Override
        public Integer call() { return runElf(file); }
    }

    @Command(name = "demo", description = "Run the bundled demo guest (guests/build/hello.elf).")
    static final class Demo extends RunOptions implements Callable<Integer> {
        @Override
        public Integer call() {
            String home = System.getProperty("jaffa.home", ".");
            return runElf(Paths.get(home, "guests", "build", "hello.elf"));
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("jaffa: " + ex.getMessage().lines().findFirst().orElse("bad command line"));
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UsageException) {
                System.err.println("jaffa: " + ex.getMessage());
                return EXIT_USAGE;
            }
            System.err.println("jaffa: internal error: " + ex);
            if (System.getenv("JAFFA_DEBUG") != null) ex.printStackTrace();
            return 70;
        });
        return cl.execute(args);
    }
}
