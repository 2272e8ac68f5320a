package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The bare-metal system tests of {@code guests/systest} (EL2 entry, exceptions, MMU, GICv3, generic
 * timer, PSCI, PL011), three checks per program:
 * <ol>
 *   <li><b>virt</b>: {@code build/systest-X.elf} on Jaffa {@code --machine virt --entry-el 2 --smp 2}
 *       exits 0, its stdout ends with {@code PASS systest-X} and has no FAIL line, and the Jaffa
 *       side of every {@link #DEVIATIONS permitted deviation} holds;</li>
 *   <li><b>virt = QEMU</b>: the same ELF on {@code qemu-system-aarch64 -M virt,gic-version=3,virtualization=on
 *       -cpu cortex-a57 -smp 2} exits 0 and prints the same lines as Jaffa, except for the lines of
 *       the {@link #DEVIATIONS table} below (architecture-permitted or feature differences);</li>
 *   <li><b>fvp = virt</b>: {@code build/systest-fvp-X.elf} (the same program built with
 *       {@code -DBOARD_FVP}: FVP device addresses) on Jaffa {@code --machine fvp} passes and prints
 *       exactly what the virt build printed on Jaffa's virt board (the programs print no
 *       addresses, counter values or frequencies, so CNTFRQ 100 MHz vs 62.5 MHz does not show).</li>
 * </ol>
 * Jaffa runs as a child JVM ({@code dev.jaffa.platform.Main run ...} on this test's class path) so
 * that the real CLI, stdin (the PL011 input of systest-uart gets {@code jaffa\n}) and the exit
 * status are exercised. QEMU is needed as in {@code GuestProgramsTest}: when it is missing the
 * QEMU comparisons fail, unless {@code -Djaffa.difftest.skip=true}, which skips them (the Jaffa-only
 * checks still run). The ELFs come from {@code make -C guests}.
 */
class SystemTestsTest {
    static final List<String> PROGRAMS = List.of("el", "mmu", "gic", "timer", "psci", "uart");
    static final String QEMU = System.getProperty("jaffa.qemu", "qemu-system-aarch64");
    static final long MAX_INSNS = 200_000_000L, TIMEOUT_S = 60;
    static final byte[] UART_INPUT = "jaffa\n".getBytes(StandardCharsets.US_ASCII);

    /** How a line that is allowed to differ is compared. */
    enum Kind {
        /** The line is left out of the comparison on both sides (the Jaffa check still looks at it). */
        DROP,
        /** Group 1 of the pattern is replaced by {@code *} on both sides, the rest must be equal. */
        MASK
    }

    /**
     * One permitted difference between Jaffa and QEMU: lines of {@code program} matching {@code line}
     * (whole line; the first matching entry applies), and what Jaffa's own lines must then satisfy.
     */
    record Deviation(String program, Pattern line, Kind kind, String reason, BiConsumer<List<Matcher>, String> jaffaCheck) {
        Deviation(String program, String regex, Kind kind, String reason, BiConsumer<List<Matcher>, String> jaffaCheck) {
            this(program, Pattern.compile(regex), kind, reason, jaffaCheck);
        }
    }

    /** The only lines in which Jaffa's output may differ from QEMU's (also listed in guests/README.md). */
    static final List<Deviation> DEVIATIONS = List.of(
            new Deviation("psci", "SMCCC_VERSION = (-?\\d+)", Kind.MASK,
                    "SMCCC_VERSION (DEN0028): QEMU 7.2 implements SMCCC 1.0, where the call does not exist "
                            + "(NOT_SUPPORTED, -1); Jaffa's monitor implements SMCCC 1.2 and must answer 0x10002 = 65538",
                    (lines, ctx) -> {
                        assertEquals(1, lines.size(), () -> "one SMCCC_VERSION line expected\n" + ctx);
                        assertEquals("65538", lines.get(0).group(1), () -> "Jaffa's SMCCC_VERSION must be 1.2\n" + ctx);
                    }),
            new Deviation("mmu", "\\[16K/.*", Kind.DROP,
                    "16K granule: cortex-a57 has none (ID_AA64MMFR0_EL1.TGran16 = 0), so QEMU prints one 'skipped' "
                            + "line; Jaffa advertises and implements 16K, so it runs the whole 16K/47 suite",
                    (lines, ctx) -> {
                        assertTrue(lines.stream().anyMatch(m -> m.group().matches("\\[16K/\\d+\\] MMU on: .*")),
                                () -> "Jaffa implements the 16K granule: a '[16K/..] MMU on' line is expected\n" + ctx);
                        assertTrue(lines.stream().noneMatch(m -> m.group().contains("FAIL") || m.group().contains("skipped")),
                                () -> "16K lines must not fail nor be skipped on Jaffa\n" + ctx);
                    }),
            new Deviation("mmu", "\\[[^]]+\\] remap: before 0x[0-9a-f]+, without TLBI (0x[0-9a-f]+) \\(either allowed\\), "
                    + "after TLBI 0x[0-9a-f]+", Kind.MASK,
                    "a load through a stale TLB entry (PTE changed, no TLBI yet) may return the old or the new "
                            + "mapping's data (the entry may have been evicted; Arm ARM D8.13 break-before-make); only "
                            + "the value after the TLBI is architecturally fixed, and the program checks it",
                    (lines, ctx) -> {
                        assertTrue(!lines.isEmpty(), () -> "remap lines expected\n" + ctx);
                        for (Matcher m : lines) {
                            assertTrue(m.group(1).equals("0xaaaa") || m.group(1).equals("0xbbbb"),
                                    () -> "stale read must be the old (0xaaaa) or new (0xbbbb) data: " + m.group() + "\n" + ctx);
                        }
                    }));

    /** Jaffa's virt runs, shared by the checks that compare with them. */
    private static final Map<String, ProcessRun> VIRT_RUNS = new ConcurrentHashMap<>();
    private static volatile Boolean qemuAvailable;

    @TestFactory
    Stream<DynamicNode> systemTests() {
        return PROGRAMS.stream().map(p -> DynamicContainer.dynamicContainer("systest-" + p, Stream.of(
                DynamicTest.dynamicTest("virt", () -> checkVirt(p)),
                DynamicTest.dynamicTest("virt = QEMU", () -> checkAgainstQemu(p)),
                DynamicTest.dynamicTest("fvp = virt", () -> checkFvp(p)))));
    }

    private static void checkVirt(String program) {
        ProcessRun jaffa = jaffaVirt(program);
        String ctx = jaffa.describe("jaffa virt");
        checkPassed(program, jaffa, ctx);
        List<String> lines = jaffa.stdout.lines().toList();
        for (Deviation d : DEVIATIONS) {
            if (d.program.equals(program)) d.jaffaCheck.accept(matching(program, lines, d), "(" + d.reason + ")\n" + ctx);
        }
    }

    private static void checkAgainstQemu(String program) {
        if (Boolean.getBoolean("jaffa.difftest.skip")) Assumptions.abort("jaffa.difftest.skip=true");
        assertTrue(qemuAvailable(), QEMU + " is not installed (Debian: apt-get install qemu-system-arm); "
                + "pass -Djaffa.difftest.skip=true to skip the QEMU comparisons");
        Path elf = elf("systest-" + program + ".elf");
        ProcessRun qemu = ProcessRun.run(qemuCommand(program, elf), input(program), TIMEOUT_S);
        ProcessRun jaffa = jaffaVirt(program);
        String ctx = jaffa.describe("jaffa virt") + qemu.describe("qemu");
        assertEquals(null, qemu.problem, () -> "QEMU did not run cleanly\n" + ctx);
        assertEquals(0, qemu.exitStatus, () -> "QEMU (the reference) failed\n" + ctx);
        assertEquals(0, jaffa.exitStatus, () -> "Jaffa failed\n" + ctx);
        assertSameLines(comparable(program, qemu.stdout), comparable(program, jaffa.stdout),
                "QEMU", "Jaffa (virt)", "outputs differ outside the permitted deviations (SystemTestsTest.DEVIATIONS)\n" + ctx);
    }

    private static void checkFvp(String program) {
        ProcessRun fvp = jaffa("fvp", elf("systest-fvp-" + program + ".elf"), input(program));
        ProcessRun virt = jaffaVirt(program);
        String ctx = fvp.describe("jaffa fvp") + virt.describe("jaffa virt");
        checkPassed(program, fvp, ctx);
        assertSameLines(virt.stdout.lines().toList(), fvp.stdout.lines().toList(), "Jaffa (virt)", "Jaffa (fvp)",
                "the fvp build must print what the virt build prints\n" + ctx);
    }

    /** Exit 0, last line {@code PASS systest-X}, no FAIL line. */
    private static void checkPassed(String program, ProcessRun run, String ctx) {
        assertEquals(null, run.problem, () -> "Jaffa did not run cleanly\n" + ctx);
        List<String> lines = run.stdout.lines().toList();
        List<String> failed = lines.stream().filter(l -> l.contains("FAIL")).toList();
        assertTrue(failed.isEmpty(), () -> "FAIL lines: " + failed + "\n" + ctx);
        assertEquals("PASS systest-" + program, lines.isEmpty() ? "<no output>" : lines.get(lines.size() - 1),
                () -> "stdout must end with the PASS line\n" + ctx);
        assertEquals(0, run.exitStatus, () -> "exit status\n" + ctx);
    }

    /** The lines of {@code program}'s output that {@code d} governs (first matching entry wins). */
    private static List<Matcher> matching(String program, List<String> lines, Deviation d) {
        List<Matcher> out = new ArrayList<>();
        for (String l : lines) {
            Deviation first = deviationFor(program, l);
            if (first == d) {
                Matcher m = d.line.matcher(l);
                m.matches();
                out.add(m);
            }
        }
        return out;
    }

    private static Deviation deviationFor(String program, String line) {
        for (Deviation d : DEVIATIONS) {
            if (d.program.equals(program) && d.line.matcher(line).matches()) return d;
        }
        return null;
    }

    /** The output's lines with the permitted deviations dropped or masked. */
    static List<String> comparable(String program, String stdout) {
        List<String> out = new ArrayList<>();
        for (String l : stdout.lines().toList()) {
            Deviation d = deviationFor(program, l);
            if (d == null) {
                out.add(l);
            } else if (d.kind == Kind.MASK) {
                Matcher m = d.line.matcher(l);
                m.matches();
                out.add(l.substring(0, m.start(1)) + "*" + l.substring(m.end(1)));
            }
        }
        return out;
    }

    private static void assertSameLines(List<String> expected, List<String> actual, String expName, String actName, String ctx) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                int line = i + 1;
                fail(String.format("line %d (after dropping/masking permitted lines) differs:%n  %-14s %s%n  %-14s %s%n%s",
                        line, expName + ":", expected.get(i), actName + ":", actual.get(i), ctx));
            }
        }
        if (expected.size() != actual.size()) {
            fail(String.format("%s has %d lines, %s %d (after dropping/masking permitted lines); first extra: %s%n%s",
                    expName, expected.size(), actName, actual.size(),
                    expected.size() > n ? expName + ": " + expected.get(n) : actName + ": " + actual.get(n), ctx));
        }
    }

    private static byte[] input(String program) {
        return program.equals("uart") ? UART_INPUT : new byte[0];
    }

    private static ProcessRun jaffaVirt(String program) {
        return VIRT_RUNS.computeIfAbsent(program, p -> jaffa("virt", elf("systest-" + p + ".elf"), input(p)));
    }

    /** Jaffa's CLI in a child JVM on this test's class path (stdout: semihosting and PL011 output). */
    private static ProcessRun jaffa(String machine, Path elf, byte[] stdin) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main",
                "run", "--machine", machine, "--entry-el", "2", "--smp", "2", "--max-insns", Long.toString(MAX_INSNS),
                elf.toString());
        return ProcessRun.run(cmd, stdin, TIMEOUT_S);
    }

    /** The reference command lines of guests/README.md. */
    static List<String> qemuCommand(String program, Path elf) {
        List<String> cmd = new ArrayList<>(List.of(QEMU, "-M", "virt,gic-version=3,virtualization=on", "-cpu", "cortex-a57",
                "-smp", "2", "-m", "512M", "-display", "none", "-monitor", "none", "-nodefaults"));
        if (program.equals("uart")) {
            // One multiplexed stdio chardev carries the PL011 (input and output) and the semihosting console.
            cmd.addAll(List.of("-chardev", "stdio,id=c0,mux=on", "-serial", "chardev:c0",
                    "-semihosting-config", "enable=on,target=native,chardev=c0"));
        } else {
            cmd.addAll(List.of("-serial", "none", "-chardev", "stdio,id=semihosting",
                    "-semihosting-config", "enable=on,target=native,chardev=semihosting"));
        }
        cmd.addAll(List.of("-kernel", elf.toString()));
        return cmd;
    }

    private static boolean qemuAvailable() {
        Boolean a = qemuAvailable;
        if (a == null) {
            try {
                Process p = new ProcessBuilder(QEMU, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                a = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException | InterruptedException e) {
                a = false;
            }
            qemuAvailable = a;
        }
        return a;
    }

    /** {@code guests/build/<name>}, found from the tests module's directory; fails telling how to build it. */
    static Path elf(String name) {
        String basedir = System.getProperty("basedir");
        Path start = (basedir != null ? Path.of(basedir) : Path.of("")).toAbsolutePath(), build = null;
        for (Path p = start; p != null && build == null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("guests").resolve("systest"))) build = p.resolve("guests").resolve("build");
        }
        if (build == null) build = start.resolveSibling("guests").resolve("build");
        Path f = build.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new AssertionError(f + " is missing: build the guest programs first with `make -C guests`");
        }
        return f;
    }
}
