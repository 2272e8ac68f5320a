package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Snapshots of {@code jaffa linux}. It shares the current directory, so a snapshot saved there
 * changes the shared directory: restoring from it works all the same. What a restore checks is what the guest holds:
 * a file it has open on the share, changed since, is refused with one line and exit status 2.
 * Skipped when the kernel and root file system are not in the cache.
 */
class LinuxShareSnapshotTest {
    @TempDir Path share;

    @Test
    void aSnapshotInTheSharedDirectoryRestoresAndAChangedOpenFileIsRefused() throws Exception {
        Path dir = LinuxBusyboxTest.linuxDir(), image = dir.resolve("Image"), rootfs = dir.resolve("rootfs.gz");
        Assumptions.assumeTrue(Files.isRegularFile(image) && Files.isRegularFile(rootfs),
                "no kernel and root file system in " + dir + " (scripts/fetch-linux.sh fetches them)");
        Files.writeString(share.resolve("held.txt"), "first\nsecond\n");
        // The command runs in the share (/mnt/host) and holds held.txt open across the snapshot point.
        String script = "exec 3< held.txt; read -r a <&3; echo \"got $a\"; echo \"snap$((1 + 1))-point\"; "
                + "read -r b <&3; echo \"then $b\"; exit 7";
        List<String> save = command("--snapshot-on", "snap2-point", "sh.snap", "--", script);
        ProcessRun first = ProcessRun.run(save, new byte[0], 900, share.toFile());
        assertEquals(null, first.problem, first.describe("save"));
        assertEquals(0, first.exitStatus, first.describe("save"));
        assertTrue(first.stdout.contains("got first") && !first.stdout.contains("then second"), first.describe("save"));
        assertTrue(Files.isRegularFile(share.resolve("sh.snap")), "the snapshot is in the shared directory");

        List<String> restore = command("--restore", "sh.snap", "--", script);
        ProcessRun rest = ProcessRun.run(restore, new byte[0], 900, share.toFile());
        assertEquals(7, rest.exitStatus, "the restored command goes on and ends with its status\n" + rest.describe("restore"));
        assertTrue(rest.stdout.contains("then second") && !rest.stdout.contains("got first"), rest.describe("restore"));

        Files.writeString(share.resolve("held.txt"), "third\n", java.nio.file.StandardOpenOption.APPEND);
        ProcessRun refused = ProcessRun.run(restore, new byte[0], 900, share.toFile());
        assertEquals(2, refused.exitStatus, refused.describe("restore after a change"));
        assertEquals("", refused.stdout, "the guest never ran");
        String err = refused.stderr.strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.startsWith("jaffa: sh.snap: ") && err.contains("'held.txt', which the guest holds, changed since the snapshot"), err);
    }

    /**
     * The issue's own example: a snapshot at the interactive shell's prompt, restored with the
     * user's next commands on stdin. The restored shell reads them, runs them on the booted
     * userspace and powers off (exit 0) without booting again.
     */
    @Test
    void aSnapshotAtTheShellPromptTakesTheNextCommands() throws Exception {
        Path dir = LinuxBusyboxTest.linuxDir(), image = dir.resolve("Image"), rootfs = dir.resolve("rootfs.gz");
        Assumptions.assumeTrue(Files.isRegularFile(image) && Files.isRegularFile(rootfs),
                "no kernel and root file system in " + dir + " (scripts/fetch-linux.sh fetches them)");
        ProcessRun first = ProcessRun.run(command("--snapshot-on", "bash-5.2# ", "prompt.snap"), new byte[0], 900, share.toFile());
        assertEquals(null, first.problem, first.describe("save"));
        assertEquals(0, first.exitStatus, first.describe("save"));
        assertTrue(first.stdout.endsWith("bash-5.2# "), first.describe("save"));
        byte[] typed = "echo restored-$((6*7)) $(cat /proc/sys/kernel/osrelease)\npoweroff\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ProcessRun rest = ProcessRun.run(command("--restore", "prompt.snap"), typed, 900, share.toFile());
        assertEquals(0, rest.exitStatus, rest.describe("restore"));
        assertTrue(rest.stdout.contains("restored-42 6.1."), rest.describe("restore"));
        assertFalse(rest.stdout.contains("Run /init") || rest.stdout.contains("Booting Linux"), "no second boot\n" + rest.describe("restore"));
        assertTrue(rest.stdout.contains("reboot: Power down"), rest.describe("restore"));
    }

    private static List<String> command(String... more) {
        Path dir = LinuxBusyboxTest.linuxDir();
        List<String> c = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "linux", "--machine", "virt",
                "--kernel", dir.resolve("Image").toString(), "--initrd", dir.resolve("rootfs.gz").toString(), "--max-insns", "40000000000"));
        c.addAll(List.of(more));
        return c;
    }
}
