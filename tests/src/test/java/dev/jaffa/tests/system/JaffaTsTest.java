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
 * The main job, {@code jaffa ts}: Linux (Debian 13's kernel with Linux's own FF-A drivers) boots
 * with the partitions and runs the project's Linux-side suite (scripts/linux/ts-suite.sh and the
 * programs of guests/linux) — with the bundled test partitions, the kernel entered at EL1; and
 * with the real Trusted Services v1.2.0 partitions of ../shared/ts, entered at EL2 as on the FVP,
 * plus the user's upstream programs of ../shared/ts-linux ({@code --ts-linux}: ts-demo and
 * {@code xtest -t ffa_spmc} through arm-ffa-user), when present. Every case named must pass: a
 * case that printed "skipped" (say, jaffa-ffa-user missing) fails the test.
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

    /** The cases of guests/linux/ffa-spmc and ffa-bench, which talk to the partitions through jaffa-ffa-user. */
    private static List<String> ffaUserCases() {
        List<String> cases = new ArrayList<>(List.of("ffa_linux_001", "ffa_linux_002", "ffa_linux_003", "ffa_bench_001", "ffa_bench_002"));
        for (int i = 1; i <= 6; i++) cases.add("ffa_spmc_100" + i);
        for (int i = 1; i <= 9; i++) cases.add("jaffa_ffa_00" + i);
        return cases;
    }

    /** The kernel entered at EL1 here: the other run enters it at EL2, the board's default. */
    @Test
    void theBundledPartitionsPassFromLinux() {
        ProcessRun r = jaffaTs("--entry-el", "1");
        String out = r.stdout + r.stderr;
        assertEquals(null, r.problem, out);
        assertEquals(0, r.exitStatus, out);
        List<String> cases = ffaUserCases();
        int passed = assertPassed(out, cases);
        assertEquals(cases.size(), passed, out);
        // No Trusted Services partition: those cases say so instead of passing.
        assertTrue(Pattern.compile("(?m)^its_\\* .* \\.\\.\\. skipped \\(").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^smm_gateway_\\* .* \\.\\.\\. skipped \\(").matcher(out).find(), out);
        System.out.printf("JaffaTsTest (bundled, EL1): %.1f s, %d passed%n", r.millis / 1000.0, passed);
    }

    @Test
    void theRealTrustedServicesPartitionsServeLinux() {
        Path ts = TrustedServicesLinuxTest.SHARED.resolve("ts"), tsLinux = TrustedServicesLinuxTest.SHARED.resolve("ts-linux");
        Assumptions.assumeTrue(Files.isDirectory(ts),
                "the Trusted Services fixtures are not in " + TrustedServicesLinuxTest.SHARED + " (set -Djaffa.shared=DIR): skipped");
        boolean upstream = Files.isRegularFile(tsLinux.resolve("bin/xtest"));
        List<String> args = new ArrayList<>(List.of("--sp", "test-lsp", "--sp-dir", ts.toString()));
        if (upstream) args.addAll(List.of("--ts-linux", tsLinux.toString()));
        else System.out.println("JaffaTsTest: no " + tsLinux + ": the user's upstream programs are not run");
        ProcessRun r = jaffaTs(args.toArray(new String[0]));
        String out = r.stdout + r.stderr;
        assertEquals(null, r.problem, out);
        assertEquals(0, r.exitStatus, out);
        List<String> cases = ffaUserCases();
        cases.addAll(List.of("tsrpc_1001", "tsrpc_1002"));
        for (int i = 1; i <= 8; i++) cases.addAll(List.of("its_100" + i, "ps_100" + i, "crypto_100" + i));
        for (int i = 1; i <= 4; i++) cases.add("attest_100" + i);
        for (int i = 1; i <= 7; i++) cases.add("bstore_100" + i);
        cases.addAll(List.of("fwu_1001", "fwu_1002"));
        for (int i = 1; i <= 11; i++) cases.add(String.format("smm_gateway_%03d", i));
        if (upstream) {
            // ts-demo, and unmodified xtest through arm-ffa-user once jaffa-ffa-user made way for it.
            cases.addAll(List.of("ts_linux_001", "ts_linux_002", "ts_demo", "xtest_ffa_spmc"));
            for (int i = 1; i <= 6; i++) cases.add("xtest_ffa_spmc_100" + i);
            Matcher sub = Pattern.compile("(?m)^xtest_ffa_spmc xtest -t ffa_spmc ran (\\d+) subtests \\.\\.\\. ok").matcher(out);
            assertTrue(sub.find() && Integer.parseInt(sub.group(1)) >= 40, "xtest ran its subtests (0 means it did not run)\n" + out);
        }
        int passed = assertPassed(out, cases);
        assertEquals(cases.size(), passed, out);
        assertFalse(out.contains(" ... skipped ("), out);
        System.out.printf("JaffaTsTest (real TS partitions%s): %.1f s, %d passed%n", upstream ? " and programs" : "", r.millis / 1000.0, passed);
    }
}
