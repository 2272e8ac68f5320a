package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jaffa linux} on the Debian root file system scripts/fetch-linux.sh builds (glibc,
 * coreutils, bash, python3): dynamically linked Debian programs run, their output equals QEMU's on
 * the same kernel and initramfs (on {@code virt}, and on {@code fvp} with four CPUs), COMMAND's
 * exit status is Jaffa's; a script piped into the console runs in the shell; an ext4 disk given
 * with {@code root=} becomes the root file system; and on a terminal (a pty) keys reach the guest
 * one by one, Ctrl-C included, and Ctrl-A x quits.
 */
class JaffaLinuxTest {
    /** Dynamically linked glibc programs, FP-heavy python and SIMD-heavy compressors, between markers. */
    private static final String GLIBC = "echo ==begin; uname -srm; ls --version | head -1; bash -c 'echo bash $BASH_VERSION'; "
            + "python3 -c 'import math; print(sum(1.0/(i*i) for i in range(1, 3001)), math.sqrt(2), 10**30 // 7, 2.5e-310 / 3)'; "
            + "seq 1 20000 | gzip -9 | gzip -dc | sha256sum; seq 1 5000 | xz -6 | xz -dc | tail -1; "
            + "printf 'The quick brown fox' | sha512sum; stat -c '%A %U' /usr/bin/bash; echo ==end";
    /** The command of the scripted run: ends with status 3. */
    private static final String SCRIPT = GLIBC + "; exit 3";

    /** QEMU's output between the markers, once per test run (the same for every test here). */
    private static List<String> qemuGlibc;

    @TempDir Path tmp;

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

    /** The cached kernel and root file system, or the test is skipped. */
    private static Path[] kernelAndRootfs() {
        Path dir = LinuxBusyboxTest.linuxDir(), image = dir.resolve("Image"), rootfs = dir.resolve("rootfs.gz");
        Assumptions.assumeTrue(Files.isRegularFile(image) && Files.isRegularFile(rootfs),
                "no kernel and root file system in " + dir + " (scripts/fetch-linux.sh fetches them)");
        return new Path[] {image, rootfs};
    }

    /** {@code jaffa linux OPTIONS} in a fresh JVM with the test class path. */
    private static List<String> jaffaLinux(String... options) {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "linux"));
        cmd.addAll(List.of(options));
        return cmd;
    }

    /** QEMU boots the same kernel with the same initramfs plus the same command archive. */
    private List<String> qemuGlibc(Path image, Path rootfs) throws IOException {
        if (qemuGlibc != null) return qemuGlibc;
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
        System.out.printf("JaffaLinuxTest: QEMU %.1f s%n", q.millis / 1000.0);
        qemuGlibc = between(q.stdout);
        return qemuGlibc;
    }

    /**
     * A script piped into an interactive run reaches the guest's shell: the pipe waits for the
     * PL011's RTS, which Linux raises once the port is open (before that it drains the receiver),
     * and the shell's poweroff ends the run. On {@code fvp} (entered at EL2) with four CPUs, all
     * online, the glibc programs print what they print under QEMU.
     */
    @Test
    void aScriptPipedIntoTheConsoleRunsInTheShellOnFourCpus() throws IOException {
        Path[] k = kernelAndRootfs();
        // One line, so that no later input arrives (and is echoed) while the programs print.
        String piped = "echo piped-$((6 * 7)); " + GLIBC + "; echo cpus $(nproc) $(cat /sys/devices/system/cpu/online); poweroff\n";
        ProcessRun j = ProcessRun.run(jaffaLinux("--machine", "fvp", "--smp", "4", "-m", "1G", "--kernel", k[0].toString(),
                "--initrd", k[1].toString(), "--share", tmp.toString(), "--max-insns", "40000000000"),
                piped.getBytes(StandardCharsets.UTF_8), 900);
        String out = j.stdout + j.stderr;
        assertEquals(null, j.problem, out);
        assertEquals(0, j.exitStatus, "poweroff ends the run with status 0\n" + out);
        assertTrue(out.contains("\npiped-42"), "the piped commands ran\n" + out);
        assertTrue(out.contains("\ncpus 4 0-3"), "four CPUs online\n" + out);
        List<String> ours = between(j.stdout);
        assertEquals(String.join("\n", qemuGlibc(k[0], k[1])), String.join("\n", ours), "the programs' output equals QEMU's");
        System.out.printf("JaffaLinuxTest: Jaffa fvp --smp 4 %.1f s%n", j.millis / 1000.0);
    }

    @Test
    void commandRunsInDebianUserspaceAsOnQemu() throws Exception {
        Path[] k = kernelAndRootfs();
        ProcessRun j = ProcessRun.run(jaffaLinux("--machine", "virt", "-m", "1G", "--kernel", k[0].toString(),
                "--initrd", k[1].toString(), "--max-insns", "40000000000", "--", SCRIPT), new byte[0], 900);
        assertEquals(null, j.problem, j.stdout + j.stderr);
        assertEquals(3, j.exitStatus, "COMMAND's status is Jaffa's\n" + j.stdout + j.stderr);
        assertTrue(!j.stdout.contains("jaffa-linux-exit-status"), "the status line is not shown:\n" + j.stdout);
        List<String> ours = between(j.stdout);
        assertTrue(ours.size() == 8 && ours.get(1).startsWith("ls (GNU coreutils)"), String.join("\n", ours) + j.stderr);
        assertEquals(String.join("\n", qemuGlibc(k[0], k[1])), String.join("\n", ours), "the command's output equals QEMU's");
        System.out.printf("JaffaLinuxTest: Jaffa virt %.1f s%n", j.millis / 1000.0);
    }

    /** The disk's /sbin/init: facts about the switched root, then a file that proves it was writable. */
    private static final String DISK_INIT = String.join("\n",
            "#!/bin/sh",
            "echo \"rootdisk: pid $$ runs $0\"",
            "echo \"rootdisk: root $(grep ' / ' /proc/mounts | cut -d' ' -f1-4 | cut -d, -f1)\"",
            "echo \"rootdisk: cpus $(nproc) online $(cat /sys/devices/system/cpu/online)\"",
            "echo \"rootdisk: $(cat /etc/hello)\"",
            "echo \"rootdisk: share: $(cat /mnt/host/hello.txt)\"",
            "echo \"rootdisk: files of the initramfs seen: $(ls -d /init /usr/bin/bash 2>/dev/null | wc -l)\"",
            "echo 'written by the disk init' > /written && echo 'rootdisk: wrote /written'",
            "mount -o remount,ro /",
            "poweroff -f", "");

    /** An ext4 image whose only program is Debian's static busybox (taken from the test initramfs). */
    private Path rootDisk(String mkfs) throws IOException {
        Path busybox = tmp.resolve("busybox");
        byte[] bb = LinuxVirtioTest.cpioFiles(LinuxBusyboxTest.linuxDir().resolve("initrd.gz")).get("bin/busybox");
        Assumptions.assumeTrue(bb != null, "no bin/busybox in the test initramfs");
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        for (String d : new String[] {"bin", "sbin", "etc", "proc", "sys", "dev", "tmp", "mnt/host"}) {
            Files.createDirectories(seed.resolve(d));
        }
        Files.write(seed.resolve("bin/busybox"), bb);
        for (String applet : new String[] {"sh", "cat", "cut", "dmesg", "grep", "ls", "mount", "nproc", "poweroff", "touch", "wc"}) {
            Files.createSymbolicLink(seed.resolve("bin/" + applet), Paths.get("busybox"));
        }
        Files.writeString(seed.resolve("sbin/init"), DISK_INIT);
        Files.writeString(seed.resolve("etc/hello"), "hello from the root disk\n");
        for (Path f : new Path[] {seed.resolve("bin/busybox"), seed.resolve("sbin/init")}) {
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path disk = tmp.resolve("root.img");
        ProcessRun mk = ProcessRun.run(List.of(mkfs, "-q", "-F", "-L", "jaffaroot", "-d", seed.toString(), disk.toString(), "16M"),
                new byte[0], 120);
        assertEquals(0, mk.exitStatus, mk.stdout + mk.stderr);
        return disk;
    }

    /**
     * {@code --drive} with {@code root=} is the root file system, as on QEMU and the FVP: without
     * COMMAND the disk's /sbin/init runs as PID 1 ({@code virt}, three CPUs, mounted read-write
     * as {@code rw} asks); with COMMAND (a second boot, {@code fvp} entered at EL1, the disk named
     * by its label and mounted read-only, the kernel's default) COMMAND runs there and its status
     * is Jaffa's. The image is fsck-clean after each.
     */
    @Test
    void aDiskGivenWithRootIsTheRootFileSystem() throws IOException {
        Path[] k = kernelAndRootfs();
        String mkfs = LinuxVirtioTest.sbin("mkfs.ext4"), e2fsck = LinuxVirtioTest.sbin("e2fsck");
        Assumptions.assumeTrue(mkfs != null && e2fsck != null, "mkfs.ext4 and e2fsck (e2fsprogs) are needed");
        Path disk = rootDisk(mkfs), share = Files.createDirectories(tmp.resolve("share"));
        Files.writeString(share.resolve("hello.txt"), "hello from the host\n");

        ProcessRun init = ProcessRun.run(jaffaLinux("--machine", "virt", "--smp", "3", "--kernel", k[0].toString(),
                "--initrd", k[1].toString(), "--drive", disk.toString(), "--share", share.toString(),
                "--append", "root=/dev/vda rw", "--max-insns", "40000000000"), new byte[0], 900);
        assertEquals(null, init.problem, init.stdout + init.stderr);
        assertEquals(0, init.exitStatus, "the disk's init powers off\n" + init.stdout + init.stderr);
        assertEquals(List.of("rootdisk: pid 1 runs /sbin/init", "rootdisk: root /dev/vda / ext4 rw", "rootdisk: cpus 3 online 0-2",
                "rootdisk: hello from the root disk", "rootdisk: share: hello from the host", "rootdisk: files of the initramfs seen: 0",
                "rootdisk: wrote /written"), LinuxVirtioTest.marked(init.stdout, "rootdisk: "), init.stdout);
        LinuxVirtioTest.fsckClean(e2fsck, disk, "the disk's init ran");

        String command = "echo \"rootdisk: $(grep ' / ' /proc/mounts | cut -d' ' -f1-4 | cut -d, -f1) in $(pwd)\"; cat /written; "
                + "touch /new 2>&1; dmesg | grep -o 'CPU: All CPU(s) started at EL[0-9]\\|kvm \\[1\\]: HYP mode not available'; "
                + "exit 7";
        ProcessRun cmd = ProcessRun.run(jaffaLinux("--machine", "fvp", "--entry-el", "1", "--kernel", k[0].toString(),
                "--initrd", k[1].toString(), "--drive", disk.toString(), "--share", share.toString(),
                "--append", "root=LABEL=jaffaroot", "--max-insns", "40000000000", "--", command), new byte[0], 900);
        assertEquals(null, cmd.problem, cmd.stdout + cmd.stderr);
        assertEquals(7, cmd.exitStatus, "COMMAND's status is Jaffa's\n" + cmd.stdout + cmd.stderr);
        List<String> lines = List.of(cmd.stdout.split("\r?\n"));
        for (String line : new String[] {"rootdisk: /dev/vda / ext4 ro in /mnt/host", "written by the disk init",
                "touch: /new: Read-only file system", "CPU: All CPU(s) started at EL1", "kvm [1]: HYP mode not available"}) {
            assertTrue(lines.contains(line), "'" + line + "' in\n" + cmd.stdout);
        }
        LinuxVirtioTest.fsckClean(e2fsck, disk, "COMMAND ran");
        System.out.printf("JaffaLinuxTest: root disk, virt --smp 3 %.1f s, fvp --entry-el 1 %.1f s%n",
                init.millis / 1000.0, cmd.millis / 1000.0);
    }

    /** A child on a pty: what it printed so far, and its input. */
    private static final class Pty {
        final Process p;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pty(String shellCommand) throws IOException {
            // util-linux's script (bsdutils, essential on Debian) runs the command on a new pty.
            p = new ProcessBuilder("script", "-qfec", shellCommand, "/dev/null").redirectErrorStream(true).start();
            Thread t = new Thread(() -> {
                byte[] b = new byte[4096];
                try (InputStream in = p.getInputStream()) {
                    for (int n; (n = in.read(b)) > 0; ) {
                        synchronized (out) { out.write(b, 0, n); }
                    }
                } catch (IOException ignored) {
                    // The pty closed: the output so far is what there is.
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String text() {
            synchronized (out) { return out.toString(StandardCharsets.ISO_8859_1); }
        }

        /** Waits until {@code what} appears after {@code from}; returns the index after it. */
        int await(String what, int from, long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                int i = text().indexOf(what, from);
                if (i >= 0) return i + what.length();
                if (!p.isAlive() && text().indexOf(what, from) < 0) break;
                Thread.sleep(100);
            }
            throw new AssertionError("no '" + what + "' on the terminal:\n" + text());
        }

        void type(String keys) throws IOException {
            p.getOutputStream().write(keys.getBytes(StandardCharsets.ISO_8859_1));
            p.getOutputStream().flush();
        }
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * {@code jaffa linux} on a terminal, as a user types at it: the terminal goes raw, the guest's
     * readline edits the line (a backspace), Ctrl-C interrupts the foreground job in the guest
     * rather than Jaffa, Ctrl-A x quits with status 0, and the terminal is restored afterwards.
     */
    @Test
    void onATerminalKeysReachTheGuestAndCtrlAxQuits() throws Exception {
        Path[] k = kernelAndRootfs();
        Assumptions.assumeTrue(ProcessRun.run(List.of("script", "--version"), new byte[0], 30).exitStatus == 0,
                "no script(1) (util-linux) to run Jaffa on a pty");
        StringBuilder sh = new StringBuilder();
        for (String a : jaffaLinux("--kernel", k[0].toString(), "--initrd", k[1].toString(), "--share", tmp.toString(),
                "--max-insns", "200000000000")) {
            sh.append(quoted(a)).append(' ');
        }
        sh.append("; echo \"jaffa-exit-status=$?\"; stty -a | grep -o -- '-\\?icanon'");
        Pty t = new Pty(sh.toString());
        long t0 = System.nanoTime();
        try {
            int at = t.await("jaffa: console attached; Ctrl-A x quits", 0, 300);
            at = t.await("'poweroff' ends the run", at, 600);
            at = t.await("# ", at, 120);   // the prompt, shown though no newline follows it
            t.type("echo abx\u007fc-$((6 * 7))\r");
            at = t.await("\nabc-42", at, 120);
            at = t.await("# ", at, 120);
            // A job that cannot end by itself: virtual time skips while the guest idles, so a
            // short sleep would end before the key arrives.
            t.type("sleep 100000\r");
            at = t.await("sleep 100000", at, 120);
            at = t.await("\n", at, 120);
            Thread.sleep(2000);
            t.type("\u0003");
            at = t.await("^C", at, 120);
            at = t.await("# ", at, 120);
            t.type("echo status-$?\r");
            at = t.await("\nstatus-130", at, 120);
            at = t.await("# ", at, 120);
            t.type("\u0001x");
            at = t.await("jaffa-exit-status=", at, 120);
            assertTrue(t.p.waitFor(60, TimeUnit.SECONDS), "script ends\n" + t.text());
        } finally {
            t.p.destroyForcibly();
        }
        String out = t.text();
        assertTrue(out.contains("jaffa-exit-status=0"), "Ctrl-A x ends the run with status 0\n" + out);
        String after = out.substring(out.indexOf("jaffa-exit-status="));
        assertTrue(after.contains("icanon") && !after.contains("-icanon"), "the terminal is back in canonical mode\n" + out);
        assertFalse(out.contains("abxc"), out);
        System.out.printf("JaffaLinuxTest: terminal session %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
