package dev.jaffa.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: one-line errors with status 2, the guest's status otherwise. */
class MainTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream savedErr, savedOut;

    @BeforeEach
    void capture() {
        savedErr = System.err;
        savedOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
        System.setOut(savedOut);
    }

    private String errText() { return err.toString(StandardCharsets.UTF_8); }

    private void assertOneLineUsageError(int status, String fragment) {
        assertEquals(2, status);
        String e = errText();
        assertEquals(1, e.lines().count(), "exactly one line expected, got: " + e);
        assertTrue(e.startsWith("jaffa: ") && e.contains(fragment), e);
        err.reset();
    }

    static Path guest(String name) {
        Path p = Paths.get("..", "guests", "build", name);
        assertTrue(Files.isRegularFile(p), p + " missing: build the guests with 'make -C guests'");
        return p;
    }

    @Test
    void tracesNameCallsExceptionsAndDeviceAccesses() {
        // The PSCI system test: SMCs from EL2, exceptions between ELs, CPU_ON of CPU 1, SYSTEM_OFF.
        int status = Main.execute("run", "--machine", "virt", "--entry-el", "2", "--smp", "2",
                "--trace", "smc,exc,mmio:gicd", guest("systest-psci.elf").toString());
        String e = errText();
        assertEquals(0, status, e);
        assertTrue(e.contains("smc: cpu0 EL2 PSCI_VERSION(0x"), e);
        assertTrue(e.lines().anyMatch(l -> l.startsWith("smc: cpu0 EL2 PSCI_CPU_ON_64(0x1, ") && l.endsWith("-> 0x0")), e);
        assertTrue(e.contains("-> -4 (ALREADY_ON)"), e);
        assertTrue(e.lines().anyMatch(l -> l.startsWith("smc: cpu0 EL2 PSCI_SYSTEM_OFF(") && l.endsWith("(does not return)")), e);
        assertTrue(e.lines().anyMatch(l -> l.startsWith("exc: cpu")), e);
        assertTrue(e.lines().noneMatch(l -> l.startsWith("mmio: pl011")), "only the named device is traced");
    }

    @Test
    void statsReportInstructionsAndJitFigures() {
        assertEquals(0, Main.execute("run", "--engine", "jit", "--stats", "--machine", "virt", guest("bench.elf").toString(),
                "--append", "2"));
        String e = errText();
        assertTrue(e.contains("guest instructions in") && e.contains("MIPS"), e);
        assertTrue(e.contains("jit: blocks translated") && e.contains("of instructions ran translated"), e);
    }

    @Test
    void badTraceAndSmpAreUsageErrors() {
        assertOneLineUsageError(Main.execute("run", "--trace", "everything", guest("hello.elf").toString()), "unknown trace category");
        assertOneLineUsageError(Main.execute("run", "--smp", "0", guest("hello.elf").toString()), "--smp");
        assertOneLineUsageError(Main.execute("run", "--entry-el", "3", guest("hello.elf").toString()), "--entry-el");
        assertOneLineUsageError(Main.execute("run", "--initrd", "x", guest("hello.elf").toString()), "--initrd needs --kernel");
        assertOneLineUsageError(Main.execute("run"), "nothing to run");
    }

    @Test
    void missingFileIsAUsageError() {
        assertOneLineUsageError(Main.execute("run", "/nonexistent/x.elf"), "no such file");
    }

    /** Every command answers --help and -h with its usage on stdout and status 0. */
    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"run", "linux", "ts", "xtest", "sps", "demo"}) {
            for (String flag : new String[] {"--help", "-h"}) {
                out.reset();
                assertEquals(0, Main.execute(cmd, flag), cmd + " " + flag + ": " + errText());
                assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: jaffa " + cmd), cmd + " " + flag + ": " + out);
            }
        }
        // An option of two values reads as it is typed, once.
        out.reset();
        Main.execute("run", "--help");
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.contains("[--snapshot-on TEXT FILE] ") && usage.contains("      --snapshot-on TEXT FILE\n")
                && !usage.contains("TEXT FILE TEXT FILE") && !usage.contains("--snapshot-on="), usage);
        assertEquals("", errText());
    }

    /** The top-level help lists every command and help for each, though a command line builds only the command it names. */
    @Test
    void topLevelHelpListsEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"help"}}) {
            out.reset();
            assertEquals(0, Main.execute(args));
            String usage = out.toString(StandardCharsets.UTF_8);
            for (String cmd : new String[] {"run", "linux", "ts", "xtest", "sps", "demo", "help"}) {
                assertTrue(usage.contains("\n  " + cmd + " "), args[0] + " lists " + cmd + ": " + usage);
            }
        }
        out.reset();
        assertEquals(0, Main.execute("help", "xtest"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: jaffa xtest"), out.toString(StandardCharsets.UTF_8));
        assertOneLineUsageError(Main.execute("frobnicate"), "Unmatched argument");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertOneLineUsageError(Main.execute("run", "--frobnicate", "x.elf"), "Unknown option");
    }

    @Test
    void nonElfIsAUsageError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("junk.elf");
        Files.write(f, new byte[] {1, 2, 3});
        assertOneLineUsageError(Main.execute("run", f.toString()), "not an ELF file");
    }

    @Test
    void wrongArchitectureIsAUsageError(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(guest("hello.elf"));
        b[18] = 62;  // EM_X86_64
        b[19] = 0;
        Path f = dir.resolve("x86.elf");
        Files.write(f, b);
        assertOneLineUsageError(Main.execute("run", f.toString()), "not an AArch64 ELF");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertOneLineUsageError(Main.execute("run", "--machine", "pdp11", guest("hello.elf").toString()), "unknown machine");
        err.reset();
        assertOneLineUsageError(Main.execute("run", "-m", "lots", guest("hello.elf").toString()), "invalid size");
        err.reset();
        assertOneLineUsageError(Main.execute("run", "--engine", "magic", guest("hello.elf").toString()), "unknown engine");
        err.reset();
        assertOneLineUsageError(Main.execute("run", "--trace", "everything", guest("hello.elf").toString()), "unknown trace category");
    }

    @Test
    void guestExitStatusAndConsoleOnBothBoards() {
        for (String board : new String[] {"fvp", "virt"}) {
            out.reset();
            assertEquals(0, Main.execute("run", "--machine", board, guest("hello.elf").toString()));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("Hello from Jaffa!"), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void jitEngineRunsGuestsLikeTheInterpreter() {
        for (String name : new String[] {"hello.elf", "arith.elf", "control.elf"}) {
            out.reset();
            assertEquals(0, Main.execute("run", "--machine", "virt", guest(name).toString()));
            String interp = out.toString(StandardCharsets.UTF_8);
            out.reset();
            assertEquals(0, Main.execute("run", "--machine", "virt", "--engine", "jit", guest(name).toString()));
            assertEquals(interp, out.toString(StandardCharsets.UTF_8), name);
        }
    }

    @Test
    void instructionLimitStopsWithDiagnostic() {
        int status = Main.execute("run", "--max-insns", "2000", guest("bench.elf").toString());
        assertEquals(Main.EXIT_INSN_LIMIT, status);
        String e = errText();
        assertTrue(e.contains("instruction limit of 2000 reached"), e);
        assertTrue(e.contains("PC=0x") && e.contains("EL1") && e.contains("the last ones"), e);
    }

    @Test
    void traceInsnDisassembles() {
        Main.execute("run", "--trace", "insn", "--max-insns", "3", guest("hello.elf").toString());
        String e = errText();
        assertTrue(e.contains("0000000040100000: d5034fdf  msr daifset, #0xf"), e);
    }
}
