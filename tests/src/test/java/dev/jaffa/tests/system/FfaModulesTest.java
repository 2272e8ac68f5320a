package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Linux's FF-A drivers built by scripts/build-ffa-modules.sh for Debian 13's kernel
 * 6.12.117+deb13-arm64, in the check initramfs of scripts/linux/ffa-initrd.sh (its /init is
 * scripts/linux/ffa-init.sh, printing "ffa-check:" lines). Under QEMU, which has no FF-A
 * implementation, every module loads except ffa-module, which must fail for want of FF-A
 * ("Operation not supported": SMCCC 1.1), not for a symbol, version or ftrace problem. On Jaffa's
 * fvp board with the bundled partitions, ffa-module finds the SPMC and registers one arm_ffa
 * device per partition with its UUID, plus the host's own (partition 0, nil UUID), as 6.12 does.
 * Opt-in: runs only with JAFFA_FFA_MODULES=1 and when the initramfs has been built
 * ({@code JAFFA_FFA_MODULES=1 ./run-tests} builds it first).
 */
class FfaModulesTest {
    static final String KERNEL = "6.12.117+deb13-arm64";
    static final Path HOME = Paths.get("..").toAbsolutePath().normalize();

    static Path outDir() {
        String cache = System.getenv("JAFFA_CACHE");
        Path base = cache != null ? Paths.get(cache) : Paths.get(System.getProperty("user.home"), ".cache", "jaffa");
        return base.resolve("ffa").resolve(KERNEL);
    }

    /** "insmod NAME: RESULT" lines of the check, by module file name. */
    static Map<String, String> insmods(String console) {
        Map<String, String> r = new TreeMap<>();
        for (String l : console.split("\r?\n")) {
            if (l.startsWith("ffa-check: insmod ")) {
                String rest = l.substring("ffa-check: insmod ".length());
                int colon = rest.indexOf(": ");
                r.put(rest.substring(0, colon), rest.substring(colon + 2));
            }
        }
        return r;
    }

    static List<String> lines(String console, String prefix) {
        List<String> r = new ArrayList<>();
        for (String l : console.split("\r?\n")) if (l.startsWith(prefix)) r.add(l.substring(prefix.length()));
        return r;
    }

    static Path[] inputs() {
        Assumptions.assumeTrue("1".equals(System.getenv("JAFFA_FFA_MODULES")),
                "opt-in: JAFFA_FFA_MODULES=1 (./run-tests then builds the modules first)");
        Path out = outDir(), image = out.resolve("Image"), initrd = out.resolve("ffa-check.gz");
        Assumptions.assumeTrue(Files.isRegularFile(image) && Files.isRegularFile(initrd),
                "no FF-A modules check initramfs in " + out + " (JAFFA_FFA_MODULES=1 ./run-tests, or "
                        + "scripts/build-ffa-modules.sh then scripts/linux/ffa-initrd.sh, builds it)");
        return new Path[] {image, initrd};
    }

    static boolean hasArmFfaUser(Map<String, String> loaded) {
        return loaded.containsKey("arm-ffa-user.ko");
    }

    @Test
    void modulesLoadIntoDebiansKernelUnderQemu() {
        Path[] in = inputs();
        List<String> qemu = List.of("qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-m", "1G",
                "-kernel", in[0].toString(), "-initrd", in[1].toString(), "-append", "console=ttyAMA0 panic=-1",
                "-nographic", "-no-reboot", "-nic", "none");
        ProcessRun q = ProcessRun.run(qemu, new byte[0], 300);
        assertEquals(null, q.problem, q.stdout + q.stderr);
        assertTrue(q.stdout.contains("ffa-check: done"), "the check ran to its end:\n" + q.stdout);
        Map<String, String> loaded = insmods(q.stdout);
        for (String m : new String[] {"tee.ko", "ffa-core.ko", "arm-tstee.ko", "optee.ko"}) {
            assertEquals("ok", loaded.get(m), m + "\n" + q.stdout);
        }
        // No FF-A on QEMU without a secure world: the driver's own refusal, nothing else.
        assertTrue(loaded.get("ffa-module.ko").endsWith("Operation not supported"), q.stdout);
        if (hasArmFfaUser(loaded)) assertEquals("ok", loaded.get("arm-ffa-user.ko"), q.stdout);
        for (String bad : new String[] {"disagrees about version", "Unknown symbol", "Unable to handle", "Internal error",
                "ftrace failed", "invalid module format"}) {
            assertTrue(!q.stdout.contains(bad), bad + "\n" + q.stdout);
        }
    }

    @Test
    void ffaDriverFindsJaffasPartitionsOnFvp() {
        Path[] in = inputs();
        // Entered at EL2, the board's default, as TF-A enters it; JaffaTsTest's bundled run enters at EL1.
        List<String> jaffa = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djaffa.home=" + HOME, "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "run",
                "--machine", "fvp", "-m", "1G", "--sp", "test-lsp", "--sp", "spm-test1", "--sp", "spm-test2",
                "--sp", "spm-test3", "--sp", "spm-test4", "--kernel", in[0].toString(), "--initrd", in[1].toString(),
                "--append", "console=ttyAMA0 panic=-1", "--max-insns", "40000000000");
        ProcessRun j = ProcessRun.run(jaffa, new byte[0], 1800);
        assertEquals(null, j.problem, j.stdout + j.stderr);
        assertEquals(0, j.exitStatus, j.stdout + j.stderr);
        assertTrue(j.stdout.contains("ffa-check: done"), "the check ran to its end:\n" + j.stdout + j.stderr);
        Map<String, String> loaded = insmods(j.stdout);
        for (String m : new String[] {"tee.ko", "ffa-core.ko", "ffa-module.ko", "arm-tstee.ko", "optee.ko"}) {
            assertEquals("ok", loaded.get(m), m + "\n" + j.stdout);
        }
        List<String> devices = lines(j.stdout, "ffa-check: arm-ffa-");
        String all = String.join("\n", devices);
        String[][] expected = {{"0x8001", "54b5440e-a3d2-48d1-872a-7b6cbfc34855"}, {"0x8002", "5c9edbc3-7b3a-4367-9f83-7c191ae86a37"},
                {"0x8003", "7817164c-c40c-4d1a-867a-9bb2278cf41a"}, {"0x8004", "23eb0100-e32a-4497-9052-2f11e584afa6"},
                {"0x8005", "23eb0100-e32a-4497-9052-2f11e584afa6"}, {"0x0000", "00000000-0000-0000-0000-000000000000"}};
        assertEquals(expected.length, devices.size(), all);
        for (String[] e : expected) {
            String driver = hasArmFfaUser(loaded) && !e[0].equals("0x0000") ? "ffa_user" : "none";
            assertTrue(devices.stream().anyMatch(d -> d.contains(" id " + e[0] + " uuid " + e[1] + " driver " + driver)),
                    e[0] + " " + e[1] + " bound to " + driver + ":\n" + all);
        }
        System.out.printf("FfaModulesTest: Jaffa fvp boot and FF-A discovery %.1f s%n", j.millis / 1000.0);
    }
}
