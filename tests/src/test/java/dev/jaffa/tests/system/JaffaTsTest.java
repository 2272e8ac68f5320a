package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The main job, {@code jaffa ts}: Linux (Debian 13's kernel with Linux's own FF-A drivers, entered
 * at EL2 on fvp) boots with the partitions and runs the project's Linux-side suite
 * (scripts/linux/ts-suite.sh and the programs of guests/linux) — with the bundled test
 * partitions, and with the real Trusted Services v1.2.0 partitions of ../shared/ts when present.
 */
class JaffaTsTest {
    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed(, (\\d+) skipped)?\\r?$");

    private static ProcessRun jaffaTs(String... args) {
        Path home = Paths.get("..").toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djaffa.home=" + home, "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "ts",
                "--max-insns", "300000000000"));
        cmd.addAll(List.of(args));
        return ProcessRun.run(cmd, new byte[0], 1800);
    }

    /** Every named case printed "... ok"; returns the number of passed cases the summary gives. */
    private static int assertPassed(String out, List<String> cases) {
        for (String c : cases) {
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(c) + " .* \\.\\.\\. ok\\r?$").matcher(out).find(), c + " passed\n" + out);
        }
        assertFalse(out.contains(" ... FAILED: "), out);
        Matcher m = SUMMARY.matcher(out);
        assertTrue(m.find(), "the suite printed its summary\n" + out);
        assertEquals("0", m.group(2), out);
        assertTrue(out.contains("jaffa ts: first case passed"), out);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void theBundledPartitionsPassFromLinux() {
        ProcessRun r = jaffaTs();
        String out = r.stdout + r.stderr;
        assertEquals(null, r.problem, out);
        assertEquals(0, r.exitStatus, out);
        int passed = assertPassed(out, List.of("ffa_linux_001", "ffa_linux_002", "ffa_linux_003"));
        assertTrue(passed >= 3, out);
        // No Trusted Services partition: those cases say so instead of passing.
        assertTrue(Pattern.compile("(?m)^its_\\* .* \\.\\.\\. skipped \\(").matcher(out).find(), out);
        System.out.printf("JaffaTsTest (bundled): %.1f s, %d passed%n", r.millis / 1000.0, passed);
    }

    @Test
    void theRealTrustedServicesPartitionsServeLinux() {
        Path ts = TrustedServicesLinuxTest.SHARED.resolve("ts");
        Assumptions.assumeTrue(Files.isDirectory(ts),
                "the Trusted Services fixtures are not in " + TrustedServicesLinuxTest.SHARED + " (set -Djaffa.shared=DIR): skipped");
        ProcessRun r = jaffaTs("--sp", "test-lsp", "--sp-dir", ts.toString());
        String out = r.stdout + r.stderr;
        assertEquals(null, r.problem, out);
        assertEquals(0, r.exitStatus, out);
        List<String> cases = new ArrayList<>(List.of("ffa_linux_001", "ffa_linux_002", "ffa_linux_003", "tsrpc_1001", "tsrpc_1002"));
        for (int i = 1; i <= 8; i++) cases.addAll(List.of("its_100" + i, "ps_100" + i, "crypto_100" + i));
        for (int i = 1; i <= 4; i++) cases.add("attest_100" + i);
        for (int i = 1; i <= 7; i++) cases.add("bstore_100" + i);
        cases.addAll(List.of("fwu_1001", "fwu_1002"));
        int passed = assertPassed(out, cases);
        assertTrue(passed >= cases.size(), out);
        System.out.printf("JaffaTsTest (real TS partitions): %.1f s, %d passed%n", r.millis / 1000.0, passed);
    }
}
