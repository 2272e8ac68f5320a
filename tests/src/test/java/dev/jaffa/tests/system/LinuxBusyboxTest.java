package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Debian 12's arm64 kernel with Debian's busybox-static as /init (scripts/fetch-linux.sh builds
 * the initramfs; its /init is scripts/linux/init.sh): userspace, which uses FP/AdvSIMD throughout,
 * must print exactly what it prints under QEMU 7.2 ({@code -M virt,gic-version=3 -cpu cortex-a57}),
 * and the machine must power off with status 0. Skipped when the kernel and initramfs are not in
 * the cache ({@code jaffa.linux}, else $JAFFA_CACHE/linux, else ~/.cache/jaffa/linux);
 * {@code ./run-tests} fetches them.
 */
class LinuxBusyboxTest {
    static Path linuxDir() {
        String p = System.getProperty("jaffa.linux");
        if (p != null) return Paths.get(p);
        String cache = System.getenv("JAFFA_CACHE");
        return cache != null ? Paths.get(cache, "linux") : Paths.get(System.getProperty("user.home"), ".cache", "jaffa", "linux");
    }

    /** The lines from "Run /init" on, without the kernel's timestamps. */
    static List<String> userspace(String console) {
        List<String> out = new ArrayList<>();
        boolean on = false;
        for (String line : console.split("\r?\n")) {
            String l = line.replaceFirst("^\\[ *[0-9]+\\.[0-9]+\\] ", "");
            if (l.startsWith("Run /init")) on = true;
            if (on) out.add(l);
        }
        return out;
    }

    @Test
    void busyboxInitRunsAsOnQemuAndPowersOff() {
        Path dir = linuxDir(), image = dir.resolve("Image"), initrd = dir.resolve("initrd.gz");
        Assumptions.assumeTrue(Files.isRegularFile(image) && Files.isRegularFile(initrd),
                "no kernel and initramfs in " + dir + " (scripts/fetch-linux.sh fetches them)");
        String append = "console=ttyAMA0 panic=-1";
        List<String> jaffa = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "run", "--machine", "virt",
                "-m", "1G", "--kernel", image.toString(), "--initrd", initrd.toString(), "--append", append,
                "--max-insns", "20000000000");
        ProcessRun j = ProcessRun.run(jaffa, new byte[0], 600);
        assertEquals(null, j.problem, j.stdout + j.stderr);
        assertEquals(0, j.exitStatus, "poweroff ends the run with status 0\n" + j.stdout + j.stderr);
        List<String> ours = userspace(j.stdout);
        assertTrue(ours.contains("jaffa-init: done"), "the init script ran to its end:\n" + j.stdout + j.stderr);
        assertTrue(ours.contains("Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid"), String.join("\n", ours));

        List<String> qemu = List.of("qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-m", "1G",
                "-kernel", image.toString(), "-initrd", initrd.toString(), "-append", append, "-nographic", "-no-reboot",
                "-nic", "none");
        ProcessRun q = ProcessRun.run(qemu, new byte[0], 300);
        assertEquals(null, q.problem, q.stdout + q.stderr);
        List<String> theirs = userspace(q.stdout);
        assertTrue(theirs.contains("jaffa-init: done"), "QEMU ran the init script:\n" + q.stdout);
        assertEquals(String.join("\n", theirs), String.join("\n", ours), "userspace output equals QEMU's");
        System.out.printf("LinuxBusyboxTest: Jaffa %.1f s, QEMU %.1f s, %d userspace lines equal%n",
                j.millis / 1000.0, q.millis / 1000.0, ours.size());
    }
}
