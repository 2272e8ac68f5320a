package dev.jaffa.tests.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential test of Jaffa's instruction semantics against QEMU (cortex-a57): random instruction
 * sequences drawn from the encoding table run in the harness ELF on both, and the final registers,
 * flags, exception log and scratch memory must agree.
 *
 * <p>System properties (pass with -D on the mvn command line):
 * <ul>
 *   <li>{@code jaffa.difftest.insns} random instructions to check (default 100000)</li>
 *   <li>{@code jaffa.difftest.seed} run seed (default 20240501)</li>
 *   <li>{@code jaffa.difftest.batchSize} instructions per harness run (default 400; the harness logs
 *       the first 64 exceptions of a run, about 45 are expected in 400 instructions)</li>
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
    @Test
    void jaffaAgreesWithQemu() throws Exception {
        if (Boolean.getBoolean("jaffa.difftest.skip")) {
            Assumptions.abort("jaffa.difftest.skip=true");
        }
        assertTrue(QemuRunner.available(), QemuRunner.QEMU + " is not installed (Debian: apt-get install "
                + "qemu-system-arm); it is required for the differential test, or pass -Djaffa.difftest.skip=true");
        long seed = Long.getLong("jaffa.difftest.seed", 20240501L);
        int batchSize = Integer.getInteger("jaffa.difftest.batchSize", 400);
        long insns = Long.getLong("jaffa.difftest.insns", 100_000L);
        int threads = Integer.getInteger("jaffa.difftest.threads", 2);
        int maxMismatches = Integer.getInteger("jaffa.difftest.maxMismatches", 3);
        Integer only = Integer.getInteger("jaffa.difftest.batch");

        HarnessImage harness = HarnessImage.load(GuestBuild.require("difftest-harness.elf"));
        Path failures = Path.of("target", "difftest-failures").toAbsolutePath();
        DiffTestDriver driver = new DiffTestDriver(harness, batchSize, failures);
        int first = only != null ? only : 0;
        int count = only != null ? 1 : (int) Math.max(1, (insns + batchSize - 1) / batchSize);

        long t0 = System.nanoTime();
        DiffTestDriver.Summary s = driver.run(seed, first, count, threads, maxMismatches);
        System.out.println(s.line());
        System.out.printf("difftest: seed %d, %.1f s%n", seed, (System.nanoTime() - t0) / 1e9);
        assertEquals(0, s.mismatches, () -> s.mismatches + " mismatching batch(es):\n" + String.join("\n", s.reports));
    }
}
