package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jaffa linux -- COMMAND} on the Debian root file system scripts/fetch-linux.sh builds
 * (glibc, coreutils, bash, python3): dynamically linked Debian programs run, their output equals
 * QEMU's on the same kernel and initramfs, and COMMAND's exit status is Jaffa's.
 */
class JaffaLinuxTest {
    /** Dynamically linked glibc programs, FP-heavy python and SIMD-heavy compressors; ends with status 3. */
    private static final String SCRIPT = "echo ==begin; uname -srm; ls --version | head -1; bash -c 'echo bash $BASH_VERSION'; "
            + "python3 -c 'import math; print(sum(1.0/(i*i) for i in range(1, 3001)), math.sqrt(2), 10**30 // 7, 2.5e-310 / 3)'; "
            + "seq 1 20000 | gzip -9 | gzip -dc | sha256sum; seq 1 5000 | xz -6 | xz -dc | tail -1; "
            + "printf 'The quick brown fox' | sha512sum; stat -c '%A %U' /usr/bin/bash; echo ==end; exit 3";

    private static List<String> between(String console) {
        List<String> out = new ArrayList<>();
        boolean on = false;
        for (String line : console.split("\r?\n")) {
            if (line.equals("==end")) break;
            if (on) out.add(line);
            if (line.equals("==begin")) on = true;
        }
        return out;
    }

    /**
     * A script piped into an interactive run reaches the guest's shell: the pipe waits for the
     * PL011's RTS, which Linux raises once the port is open (before that it drains the receiver),
     * and the shell's poweroff ends the run.
     */
    @Test
    void aScriptPipedIntoTheConsoleRunsInTheShell() {
        Path dir = LinuxBusyboxTest.linuxDir(), image = dir.resolve("Image"), rootfs = dir.resolve("rootfs.gz");
        Assumptions.assumeTrue(Files.isRegularFile(image) && Files.isRegularFile(rootfs),
                "no kernel and root file system in " + dir + " (scripts/fetch-linux.sh fetches them)");
        List<String> jaffa = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "linux", "--machine", "virt",
                "--kernel", image.toString(), "--initrd", rootfs.toString(), "--max-insns", "20000000000");
        ProcessRun j = ProcessRun.run(jaffa, "echo piped-$((6 * 7))\nuname -m\npoweroff\n".getBytes(StandardCharsets.UTF_8), 900);
        String out = j.stdout + j.stderr;
        assertEquals(null, j.problem, out);
        assertEquals(0, j.exitStatus, "poweroff ends the run with status 0\n" + out);
        assertTrue(out.contains("\npiped-42") && out.contains("\naarch64"), "the piped commands ran\n" + out);
    }

    @Test
    void commandRunsInDebianUserspaceAsOnQemu(@TempDir Path tmp) throws Exception {
        Path dir = LinuxBusyboxTest.linuxDir(), image = dir.resolve("Image"), rootfs = dir.resolve("rootfs.gz");
        Assumptions.assumeTrue(Files.isRegularFile(image) && Files.isRegularFile(rootfs),
                "no kernel and root file system in " + dir + " (scripts/fetch-linux.sh fetches them)");
        List<String> jaffa = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "linux", "--machine", "virt",
                "-m", "1G", "--kernel", image.toString(), "--initrd", rootfs.toString(), "--max-insns", "40000000000",
                "--", SCRIPT);
        ProcessRun j = ProcessRun.run(jaffa, new byte[0], 900);
        assertEquals(null, j.problem, j.stdout + j.stderr);
        assertEquals(3, j.exitStatus, "COMMAND's status is Jaffa's\n" + j.stdout + j.stderr);
        assertTrue(!j.stdout.contains("jaffa-linux-exit-status"), "the status line is not shown:\n" + j.stdout);
        List<String> ours = between(j.stdout);
        assertTrue(ours.size() == 8 && ours.get(1).startsWith("ls (GNU coreutils)"), String.join("\n", ours) + j.stderr);

        // QEMU boots the same kernel with the same initramfs plus the same command archive.
        Path initrd = tmp.resolve("initrd");
        byte[] extra = new dev.jaffa.platform.Cpio().directory("jaffa", 0755)
                .file("jaffa/command", 0644, (SCRIPT + "\n").getBytes(StandardCharsets.UTF_8)).finish();
        try (OutputStream o = Files.newOutputStream(initrd)) {
            byte[] base = Files.readAllBytes(rootfs);
            o.write(base);
            o.write(new byte[-base.length & 3]);   // Linux aligns cpio fields to the offset in the whole initrd
            o.write(extra);
        }
        List<String> qemu = List.of("qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-m", "1G",
                "-kernel", image.toString(), "-initrd", initrd.toString(), "-append", "console=ttyAMA0 quiet",
                "-nographic", "-no-reboot", "-nic", "none");
        ProcessRun q = ProcessRun.run(qemu, new byte[0], 300);
        assertEquals(null, q.problem, q.stdout + q.stderr);
        assertTrue(q.stdout.contains("jaffa-linux-exit-status=3"), "QEMU ran the command:\n" + q.stdout);
        assertEquals(String.join("\n", between(q.stdout)), String.join("\n", ours), "the command's output equals QEMU's");
        System.out.printf("JaffaLinuxTest: Jaffa %.1f s, QEMU %.1f s%n", j.millis / 1000.0, q.millis / 1000.0);
    }
}
