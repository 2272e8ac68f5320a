package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Trusted Services flow of the FVP, on Jaffa: {@code jaffa linux} boots Debian 13's kernel on
 * {@code fvp} (entered at EL2) with Linux's FF-A drivers, OP-TEE's endpoint, OP-TEE's test LSP and
 * the eleven real TS v1.2.0 partitions of ../shared/ts; the unmodified upstream programs of
 * ../shared/ts-linux, shared from the host, run in the guest: {@code ts-demo} (crypto and ITS
 * services through tstee) and {@code xtest -t ffa_spmc} (through optee's /dev/tee0 and
 * arm-ffa-user against the real spm-test partitions). Skipped when the fixtures are absent;
 * ./run-tests builds the FF-A drivers first (scripts/build-ffa-modules.sh).
 */
class TrustedServicesLinuxTest {
    static final Path SHARED = Paths.get(System.getProperty("jaffa.shared", Paths.get("..", "..", "shared").toString()))
            .toAbsolutePath().normalize();

    private static final String SCRIPT = String.join("\n",
            "cp /mnt/host/bin/* /usr/bin/ && cp /mnt/host/lib/* /usr/lib/aarch64-linux-gnu/",
            "mount -t debugfs debugfs /sys/kernel/debug",
            "insmod /mnt/host/kmod/arm-ffa-user.ko uuid_str_list=$(cat /mnt/host/kmod/sp_uuid_list.txt)",
            "echo \"ffa devices: $(ls /sys/bus/arm_ffa/devices | wc -l)\"",
            "for d in /sys/bus/arm_ffa/devices/*; do echo \"ffa: $(cat $d/partition_id) $(cat $d/uuid)"
                    + " $(basename $(readlink $d/driver 2>/dev/null) 2>/dev/null)\"; done",
            "echo \"tee devices: $(cd /dev && ls -d tee* | tr '\\n' ' ')\"",
            "ts-demo; echo \"ts-demo status $?\"",
            "xtest -t ffa_spmc; echo \"xtest status $?\"",
            "");

    @Test
    void tsDemoAndXtestRunFromLinuxAgainstTheRealPartitions(@TempDir Path tmp) {
        Path ts = SHARED.resolve("ts"), tsLinux = SHARED.resolve("ts-linux");
        Assumptions.assumeTrue(Files.isDirectory(ts) && Files.isRegularFile(tsLinux.resolve("bin/xtest")),
                "the Trusted Services fixtures are not in " + SHARED + " (set -Djaffa.shared=DIR): skipped");
        Path home = Paths.get("..").toAbsolutePath().normalize();
        List<String> jaffa = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djaffa.home=" + home, "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "linux",
                "--sp", "test-lsp", "--sp-dir", ts.toString(), "--semihosting-root", tmp.toString(),
                "--share", tsLinux + ",readonly=on", "--max-insns", "200000000000", "--", SCRIPT);
        ProcessRun j = ProcessRun.run(jaffa, new byte[0], 1800);
        String out = j.stdout + j.stderr;
        assertEquals(null, j.problem, out);
        assertEquals(0, j.exitStatus, out);

        // OP-TEE's endpoint, the test LSP, eleven partitions and Linux's own host endpoint.
        assertTrue(out.contains("ffa devices: 14"), out);
        assertTrue(out.contains("ffa: 0x8001 486178e0-e7f8-11e3-bc5e-0002a5d5c51b optee"), "optee probed OP-TEE's endpoint\n" + out);
        assertEquals(6, count(out, "bdcd76d7-825e-4751-963b-86d4f84943ac arm_tstee"), "tstee binds every TS RPC endpoint\n" + out);
        assertTrue(out.contains("tee devices: tee0 tee1 tee2 tee3 tee4 tee5 tee6 teepriv0"), out);

        assertTrue(out.contains("*** ts-demo was successful ***") && out.contains("ts-demo status 0"), out);

        Matcher m = Pattern.compile("(\\d+) subtests of which (\\d+) failed").matcher(out);
        assertTrue(m.find(), "xtest reported its subtests\n" + out);
        assertTrue(Integer.parseInt(m.group(1)) >= 40, "ffa_spmc ran its subtests (a run with 0 subtests did not run)\n" + out);
        assertEquals("0", m.group(2), out);
        assertTrue(out.contains("6 test cases of which 0 failed") && out.contains("xtest status 0"), out);
        assertFalse(out.contains("Failed to initialise test") || out.contains("Could not contact"), out);
        System.out.printf("TrustedServicesLinuxTest: %.1f s%n", j.millis / 1000.0);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
