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
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian kernel and busybox initramfs of {@link LinuxBusyboxTest} (1 GiB of RAM), saved when
 * the init script says "userspace up" and restored: the restored run prints the rest of the boot
 * log exactly as the uninterrupted run does, timestamps included, and powers off with status 0.
 * Skipped when the kernel and initramfs are not in the cache.
 */
class LinuxSnapshotTest {
    @TempDir Path tmp;

    @Test
    void restoredLinuxFinishesExactlyAsTheUninterruptedRun() {
        Path dir = LinuxBusyboxTest.linuxDir(), image = dir.resolve("Image"), initrd = dir.resolve("initrd.gz");
        Assumptions.assumeTrue(Files.isRegularFile(image) && Files.isRegularFile(initrd),
                "no kernel and initramfs in " + dir + " (scripts/fetch-linux.sh fetches them)");
        List<String> base = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "run", "--machine", "virt",
                "-m", "1G", "--kernel", image.toString(), "--initrd", initrd.toString(), "--append", "console=ttyAMA0 panic=-1",
                "--max-insns", "20000000000");
        ProcessRun full = ProcessRun.run(base, new byte[0], 900);
        assertEquals(null, full.problem, full.stdout + full.stderr);
        assertEquals(0, full.exitStatus, full.stdout + full.stderr);

        Path snap = tmp.resolve("linux.snap");
        List<String> save = new ArrayList<>(base);
        save.addAll(List.of("--snapshot-on", "jaffa-init: userspace up", snap.toString()));
        ProcessRun first = ProcessRun.run(save, new byte[0], 900);
        assertEquals(0, first.exitStatus, first.stdout + first.stderr);
        assertTrue(first.stdout.contains("jaffa-init: userspace up") && !first.stdout.contains("jaffa-init: done"), first.stdout);

        List<String> restore = new ArrayList<>(base);
        restore.addAll(List.of("--restore", snap.toString(), "--stats"));
        ProcessRun rest = ProcessRun.run(restore, new byte[0], 900);
        assertEquals(0, rest.exitStatus, rest.stdout + rest.stderr);
        assertEquals(full.stdout, first.stdout + rest.stdout, "saved run + restored run = uninterrupted run, byte for byte");
        try {
            System.out.printf("LinuxSnapshotTest: snapshot %d bytes; full run %.1f s, restored run %.1f s; %s%n", Files.size(snap),
                    full.millis / 1000.0, rest.millis / 1000.0, rest.stderr.lines().filter(l -> l.contains("restored in")).findFirst().orElse(""));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
