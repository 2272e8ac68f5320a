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
 * {@code PASS} line). The compute benchmarks ({@code bench}, {@code coremix}) run with a few
 * iterations, and also on the interpreter when the JIT is the engine under test: their checksums
 * must be the same on both engines. Needs QEMU like {@link DifferentialTest}
 * ({@code -Djaffa.difftest.skip=true} skips both).
 */
class GuestProgramsTest {
    private static final String BENCH = "bench.elf", HARNESS = "difftest-harness.elf";
    /** Semihosting command lines (iteration counts) of the benchmarks: short, but past the JIT's thresholds. */
    private static final java.util.Map<String, String> ARGS = java.util.Map.of(BENCH, "1", "coremix.elf", "3");
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
                    .filter(p -> !p.getFileName().toString().equals("virtio-dma.elf")) // fvp's devices and a partition: VirtioDmaGuestTest
                    .sorted().collect(Collectors.toList());
        }
        assertTrue(elfs.stream().anyMatch(p -> !p.getFileName().toString().equals(BENCH)),
                "no guest programs in " + dir + ": build them first with `make -C guests`");
        return elfs.stream().map(elf -> DynamicTest.dynamicTest(elf.getFileName().toString(), () -> check(elf)));
    }

    /**
     * When Jaffa's run stopped at an UNDEFINED instruction (the guest library prints "unexpected
     * exception: ESR=... ELR=..." and exits 125) that QEMU executed, and that word lies in the
     * SIMD&FP encoding space with no row in {@link A64Table} decoding it: a description of that
     * word (address, encoding, objdump's disassembly). Null otherwise (a real difference).
     */
    static String missingRow(Path elf, String jaffaConsole, String qemuConsole) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("unexpected exception: ESR=([0-9a-f]+) ELR=([0-9a-f]+)").matcher(jaffaConsole);
        if (!m.find() || qemuConsole.contains(m.group())) return null;
        long esr = Long.parseUnsignedLong(m.group(1), 16), elr = Long.parseUnsignedLong(m.group(2), 16);
        if ((esr >>> 26 & 0x3F) != 0) return null;                       // not UNDEFINED
        byte[] image = Files.readAllBytes(elf);
        int off;
        try {
            off = dev.jaffa.platform.ElfFile.parse(image, elf.toString()).fileOffsetOf(elr);
        } catch (dev.jaffa.platform.ElfFile.FormatException e) {
            return null;
        }
        if (off < 0 || off + 4 > image.length) return null;
        int w = java.nio.ByteBuffer.wrap(image, off, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        if (!missingSimdFp(w)) return null;
        return String.format(java.util.Locale.ROOT, "the first UNDEFINED word is %08x at 0x%x: %s; %s", w, elr,
                objdump(elf, elr), missingMnemonics(elf));
    }

    /** Whether {@code w} is in the SIMD&FP encoding space and no row decodes it. */
    static boolean missingSimdFp(int w) {
        int op0 = (w >>> 25) & 15;
        boolean simdFp = (op0 & 7) == 7 || (op0 & 5) == 4 && (w & 1 << 26) != 0;
        return simdFp && dev.jaffa.interp.isa.A64Table.decode(w) == null;
    }

    /** The distinct mnemonics (objdump's) of the program's SIMD&FP words that no row decodes. */
    private static String missingMnemonics(Path elf) {
        String objdump = System.getProperty("jaffa.objdump", "aarch64-linux-gnu-objdump");
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        try {
            Process p = new ProcessBuilder(objdump, "-d", elf.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            for (String line : out.split("\n")) {
                String[] cols = line.split("\t");   // "  addr:", "hex word ", "mnemonic", "operands"
                if (cols.length < 3 || !cols[0].trim().endsWith(":") || !cols[1].trim().matches("[0-9a-f]{8}")) continue;
                if (missingSimdFp((int) Long.parseLong(cols[1].trim(), 16))) names.add(cols[2].trim());
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return "(" + objdump + " unavailable to list the others)";
        }
        return names.size() + " mnemonics in its code have no row yet: " + String.join(" ", names);
    }

    /** objdump's disassembly of the word at {@code va} (for naming the missing row), or "?". */
    private static String objdump(Path elf, long va) {
        String objdump = System.getProperty("jaffa.objdump", "aarch64-linux-gnu-objdump");
        try {
            Process p = new ProcessBuilder(objdump, "-d", "--no-show-raw-insn",
                    String.format("--start-address=0x%x", va), String.format("--stop-address=0x%x", va + 4), elf.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            for (String line : out.split("\n")) {
                String[] cols = line.split("\t");
                if (cols.length >= 2 && cols[0].trim().endsWith(":")) {
                    return String.join(" ", java.util.Arrays.copyOfRange(cols, 1, cols.length)).trim();
                }
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
        return "? (" + objdump + " unavailable)";
    }

    private static void check(Path elf) throws IOException {
        String name = elf.getFileName().toString();
        String args = ARGS.get(name);
        // QEMU's semihosting command line is "<kernel file> <-append text>"; give Jaffa the same shape.
        String jaffaCmdline = args == null ? null : elf + " " + args;
        RunOutput jaffa = JaffaRunner.run(Files.readAllBytes(elf), name, jaffaCmdline, MAX_INSNS);
        RunOutput qemu = QemuRunner.run(elf, args, QEMU_TIMEOUT_S);
        if (!jaffa.console.equals(qemu.console)) {
            String missing = missingRow(elf, jaffa.console, qemu.console);
            if (missing != null) {
                System.out.println("GuestProgramsTest: skipping " + name + ": " + missing);
                Assumptions.abort(name + " needs SIMD&FP rows Jaffa does not have yet: " + missing);
            }
        }
        String context = name + "\n--- jaffa (" + jaffa + "):\n" + jaffa.console + "\n--- qemu (" + qemu + "):\n" + qemu.console;
        assertEquals(null, qemu.problem, () -> "QEMU did not run cleanly: " + context);
        assertEquals(null, jaffa.problem, () -> "Jaffa did not run cleanly: " + context);
        assertEquals(qemu.console, jaffa.console, () -> "console output differs: " + context);
        assertEquals(qemu.exitStatus, jaffa.exitStatus, () -> "exit status differs: " + context);
        assertEquals(0, jaffa.exitStatus, () -> "guest failed: " + context);
        assertTrue(jaffa.console.lines().anyMatch(l -> l.startsWith("PASS")), () -> "no PASS line: " + context);
        if (args != null && !"interp".equals(System.getenv("JAFFA_ENGINE"))) {
            RunOutput interp = JaffaRunner.run(Files.readAllBytes(elf), name, jaffaCmdline, MAX_INSNS,
                    m -> m.setEngine(dev.jaffa.interp.Interpreter.ENGINE));
            assertEquals(null, interp.problem, () -> "the interpreter did not run cleanly: " + interp.console);
            assertEquals(jaffa.console, interp.console, () -> name + ": the interpreter's output differs from the JIT's");
            assertEquals(0, interp.exitStatus, () -> name + " failed on the interpreter: " + interp.console);
        }
    }
}
