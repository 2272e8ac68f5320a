package dev.jaffa.tests.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential test of Jaffa's instruction semantics against QEMU (cortex-a57): random instruction
 * sequences drawn from the encoding table run in the harness ELF on both, and the final general
 * and SIMD&FP registers, NZCV, FPSR, FPCR, exception log and scratch memory must agree.
 *
 * <p>Two runs: integer rows of {@link A64Table} and unallocated words ({@link #integerInstructions}),
 * and SIMD&FP rows from {@link A64Table} mixed with some integer instructions
 * ({@link #simdFpInstructions}). System properties (pass with -D on the mvn command line):
 * <ul>
 *   <li>{@code jaffa.difftest.mode} which runs: {@code int}, {@code fp} (85% rows), {@code mixed}
 *       (50% rows), or a comma-separated list (default {@code int,fp}; {@code fp} alone when
 *       {@code jaffa.difftest.rows} is given)</li>
 *   <li>{@code jaffa.difftest.insns} random instructions of the integer run (default 100000)</li>
 *   <li>{@code jaffa.difftest.fpInsns} SIMD&FP row instructions of each fp/mixed run (default 200000):
 *       batches are added until they hold that many words drawn from the rows; reserved-value and
 *       no-row words, FPCR/FPSR accesses and the integer instructions mixed in come on top</li>
 *   <li>{@code jaffa.difftest.rows} a regular expression: only rows whose whole name matches
 *       (e.g. {@code "FADD \(scalar\)|FSUB.*"})</li>
 *   <li>{@code jaffa.difftest.seed} run seed (default 20240501)</li>
 *   <li>{@code jaffa.difftest.batchSize} instructions per harness run (default 400; the harness logs
 *       the first 64 exceptions of a run, about 45 are expected in 400 integer instructions)</li>
 *   <li>{@code jaffa.difftest.batch} check only this batch index (to replay a reported mismatch)</li>
 *   <li>{@code jaffa.difftest.threads} parallel batches (default 2)</li>
 *   <li>{@code jaffa.difftest.maxMismatches} stop after this many mismatching batches (default 3)</li>
 *   <li>{@code jaffa.difftest.skip=true} skip when QEMU is not installed (otherwise that fails)</li>
 *   <li>{@code jaffa.qemu} the QEMU binary (default qemu-system-aarch64 on the PATH)</li>
 * </ul>
 * A long run: {@code mvn -q test -pl tests -Dtest=DifferentialTest -Djaffa.difftest.insns=2000000
 * -Djaffa.difftest.seed=7}.
 */
class DifferentialTest {
    static final String ROWS = System.getProperty("jaffa.difftest.rows");

    static List<DiffTestDriver.Mode> modes() {
        String prop = System.getProperty("jaffa.difftest.mode", ROWS != null ? "fp" : "int,fp");
        List<DiffTestDriver.Mode> modes = new ArrayList<>();
        for (String m : prop.split(",")) if (!m.isBlank()) modes.add(DiffTestDriver.Mode.parse(m));
        return modes;
    }

    @Test
    void integerInstructions() throws Exception {
        Assumptions.assumeTrue(modes().contains(DiffTestDriver.Mode.INT), "jaffa.difftest.mode does not include int");
        run(DiffTestDriver.Mode.INT, Long.getLong("jaffa.difftest.insns", 100_000L), new Row[0]);
    }

    @Test
    void simdFpInstructions() throws Exception {
        List<DiffTestDriver.Mode> modes = modes();
        modes.remove(DiffTestDriver.Mode.INT);
        Assumptions.assumeFalse(modes.isEmpty(), "jaffa.difftest.mode has neither fp nor mixed");
        Row[] rows = DiffTestDriver.selectRows(ROWS);
        if (ROWS != null) {
            assertTrue(rows.length > 0, () -> "jaffa.difftest.rows=" + ROWS + " matches no row; the rows are: "
                    + String.join(", ", Arrays.stream(A64Table.rows()).map(r -> r.name).toArray(String[]::new)));
        }
        Assumptions.assumeTrue(rows.length > 0, "the SIMD&FP row table (A64Table) is empty");
        for (DiffTestDriver.Mode m : modes) run(m, Long.getLong("jaffa.difftest.fpInsns", 200_000L), rows);
    }

    private static void run(DiffTestDriver.Mode mode, long insns, Row[] rows) throws Exception {
        if (Boolean.getBoolean("jaffa.difftest.skip")) {
            Assumptions.abort("jaffa.difftest.skip=true");
        }
        assertTrue(QemuRunner.available(), QemuRunner.QEMU + " is not installed (Debian: apt-get install "
                + "qemu-system-arm); it is required for the differential test, or pass -Djaffa.difftest.skip=true");
        long seed = Long.getLong("jaffa.difftest.seed", 20240501L);
        int batchSize = Integer.getInteger("jaffa.difftest.batchSize", 400);
        int threads = Integer.getInteger("jaffa.difftest.threads", 2);
        int maxMismatches = Integer.getInteger("jaffa.difftest.maxMismatches", 3);
        Integer only = Integer.getInteger("jaffa.difftest.batch");

        HarnessImage harness = HarnessImage.load(GuestBuild.require("difftest-harness.elf"));
        Path failures = Path.of("target", "difftest-failures").toAbsolutePath();
        DiffTestDriver driver = new DiffTestDriver(harness, batchSize, failures, mode, rows, ROWS);
        int first = only != null ? only : 0;
        boolean rowTarget = mode != DiffTestDriver.Mode.INT && only == null;
        int count = only != null ? 1
                : rowTarget ? driver.batchesForRows(seed, insns)
                : (int) Math.max(1, (insns + batchSize - 1) / batchSize);

        String what = mode.name().toLowerCase(Locale.ROOT)
                + (mode == DiffTestDriver.Mode.INT ? "" : " (" + rows.length + " rows" + (ROWS != null ? " matching " + ROWS : "") + ")");
        long t0 = System.nanoTime();
        DiffTestDriver.Summary s = driver.run(seed, first, count, threads, maxMismatches);
        System.out.println("difftest " + what + ": " + s.line());
        System.out.printf(Locale.ROOT, "difftest %s: seed %d, %.1f s%n", what, seed, (System.nanoTime() - t0) / 1e9);
        assertEquals(0, s.mismatches, () -> what + ": " + s.mismatches + " mismatching batch(es):\n" + String.join("\n", s.reports));
        if (mode != DiffTestDriver.Mode.INT) {
            System.out.printf(Locale.ROOT, "difftest %s: %d SIMD&FP row instructions checked against QEMU%n", what, s.rowInstructions);
            if (rowTarget) assertTrue(s.rowInstructions >= insns, what + ": only " + s.rowInstructions + " row instructions");
        }
    }
}
