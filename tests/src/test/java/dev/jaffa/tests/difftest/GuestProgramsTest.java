package dev.jaffa.tests.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every guest program in {@code guests/build} under Jaffa and QEMU: the console output must be
 * byte-identical, the exit status identical, and the test programs must pass (exit 0 and a
 * {@code PASS} line). The benchmark runs with one iteration. Needs QEMU like {@link DifferentialTest}
 * ({@code -Djaffa.difftest.skip=true} skips both).
 */
class GuestProgramsTest {
    private static final String BENCH = "bench.elf", HARNESS = "difftest-harness.elf", BENCH_ARGS = "1";
    private static final long MAX_INSNS = 2_000_000_000L, QEMU_TIMEOUT_S = 300;

    @TestFactory
    Stream<DynamicTest> guestsAgreeWithQemu() throws IOException {
        if (Boolean.getBoolean("jaffa.difftest.skip")) Assumptions.abort("jaffa.difftest.skip=true");
        assertTrue(QemuRunner.available(), QemuRunner.QEMU + " is not installed (Debian: apt-get install "
                + "qemu-system-arm); pass -Djaffa.difftest.skip=true to skip the QEMU comparisons");
        Path dir = GuestBuild.dir();
        List<Path> elfs;
        try (Stream<Path> s = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            elfs = s.filter(p -> p.getFileName().toString().endsWith(".elf"))
                    .filter(p -> !p.getFileName().toString().equals(HARNESS))
                    .filter(p -> !p.getFileName().toString().startsWith("systest-"))   // SystemTestsTest runs those
                    .filter(p -> !p.getFileName().toString().equals("xtest.elf"))      // needs the SPMC: XtestTest
                    .sorted().collect(Collectors.toList());
        }
        assertTrue(elfs.stream().anyMatch(p -> !p.getFileName().toString().equals(BENCH)),
                "no guest programs in " + dir + ": build them first with `make -C guests`");
        return elfs.stream().map(elf -> DynamicTest.dynamicTest(elf.getFileName().toString(), () -> check(elf)));
    }

    private static void check(Path elf) throws IOException {
        String name = elf.getFileName().toString();
        String args = name.equals(BENCH) ? BENCH_ARGS : null;
        // QEMU's semihosting command line is "<kernel file> <-append text>"; give Jaffa the same shape.
        String jaffaCmdline = args == null ? null : elf + " " + args;
        RunOutput jaffa = JaffaRunner.run(Files.readAllBytes(elf), name, jaffaCmdline, MAX_INSNS);
        RunOutput qemu = QemuRunner.run(elf, args, QEMU_TIMEOUT_S);
        String context = name + "\n--- jaffa (" + jaffa + "):\n" + jaffa.console + "\n--- qemu (" + qemu + "):\n" + qemu.console;
        assertEquals(null, qemu.problem, () -> "QEMU did not run cleanly: " + context);
        assertEquals(null, jaffa.problem, () -> "Jaffa did not run cleanly: " + context);
        assertEquals(qemu.console, jaffa.console, () -> "console output differs: " + context);
        assertEquals(qemu.exitStatus, jaffa.exitStatus, () -> "exit status differs: " + context);
        assertEquals(0, jaffa.exitStatus, () -> "guest failed: " + context);
        assertTrue(jaffa.console.lines().anyMatch(l -> l.startsWith("PASS")), () -> "no PASS line: " + context);
    }
}
