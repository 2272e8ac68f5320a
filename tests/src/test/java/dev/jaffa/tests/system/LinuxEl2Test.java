package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * Debian 12's arm64 kernel entered at EL2, as TF-A enters it on the FVP: the hyp stub, KVM's
 * initialisation (which probes the GICv3 virtual CPU interface, ICH_VTR_EL2) and every secondary
 * started at EL2 through PSCI, on both boards with two CPUs; and a kernel panic ending the run with
 * status 6. The initramfs is the cached one (scripts/fetch-linux.sh) with a second cpio archive
 * appended whose /init replaces the first's (the kernel unpacks concatenated archives in order).
 * Skipped when the kernel and initramfs are not in the cache, as {@link LinuxBusyboxTest} is.
 */
class LinuxEl2Test {
    /** What the EL2 boots run: facts about the boot that must equal QEMU's, then power-off. */
    static final String EL2_INIT = String.join("\n",
            "#!/bin/busybox sh",
            "/bin/busybox --install -s /bin",
            "mount -t proc proc /proc",
            "mount -t sysfs sys /sys",
            "echo \"jaffa-init: userspace up\"",
            "uname -srm",
            "echo \"cpus online: $(cat /sys/devices/system/cpu/online)\"",
            "dmesg | grep -o 'CPU: All CPU(s) started at EL[0-9]'",
            "dmesg | grep -o 'kvm \\[1\\]: \\(GIC system register CPU interface enabled\\|vgic interrupt IRQ9\\|Hyp mode initialized successfully\\)'",
            "echo \"shell arithmetic: $((6 * 7)) $((1 << 40))\"",
            "echo \"jaffa-init: done\"",
            "poweroff -f", "");

    static final List<String> EL2_FACTS = List.of(
            "jaffa-init: userspace up",
            "cpus online: 0-1",
            "CPU: All CPU(s) started at EL2",
            "kvm [1]: GIC system register CPU interface enabled",
            "kvm [1]: vgic interrupt IRQ9",
            "kvm [1]: Hyp mode initialized successfully",
            "jaffa-init: done");

    @TempDir
    Path tmp;

    private static Path image() {
        Path dir = LinuxBusyboxTest.linuxDir(), image = dir.resolve("Image"), initrd = dir.resolve("initrd.gz");
        Assumptions.assumeTrue(Files.isRegularFile(image) && Files.isRegularFile(initrd),
                "no kernel and initramfs in " + dir + " (scripts/fetch-linux.sh fetches them)");
        return image;
    }

    /** The cached initramfs followed by a newc archive holding {@code init} as /init. */
    private Path initramfsWithInit(String init) throws IOException {
        byte[] base = Files.readAllBytes(LinuxBusyboxTest.linuxDir().resolve("initrd.gz"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(base);
        while (out.size() % 4 != 0) out.write(0);           // the next archive's header is 4-byte aligned
        out.write(new dev.jaffa.platform.Cpio().file("init", 0755, init.getBytes(StandardCharsets.UTF_8)).finish());
        Path p = tmp.resolve("initrd.img");
        Files.write(p, out.toByteArray());
        return p;
    }

    private static ProcessRun jaffa(Path image, Path initrd, String append, String... options) {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "run"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-m", "1G", "--kernel", image.toString(), "--initrd", initrd.toString(), "--append", append,
                "--max-insns", "40000000000"));
        ProcessRun r = ProcessRun.run(cmd, new byte[0], 900);
        assertEquals(null, r.problem, r.stdout + r.stderr);
        return r;
    }

    /** The lines of {@code out} that are among {@code facts}, in their order. */
    private static List<String> facts(List<String> out) {
        List<String> f = new ArrayList<>();
        for (String l : out) if (EL2_FACTS.contains(l)) f.add(l);
        return f;
    }

    @Test
    void virtAtEl2WithTwoCpusInitialisesKvmAndPrintsWhatQemuPrints() throws IOException {
        Path image = image(), initrd = initramfsWithInit(EL2_INIT);
        String append = "console=ttyAMA0 panic=-1";
        ProcessRun j = jaffa(image, initrd, append, "--machine", "virt", "--entry-el", "2", "--smp", "2");
        assertEquals(0, j.exitStatus, "poweroff ends the run with status 0\n" + j.stdout + j.stderr);
        List<String> ours = LinuxBusyboxTest.userspace(j.stdout);
        assertEquals(EL2_FACTS, facts(ours), j.stdout);

        List<String> qemu = List.of("qemu-system-aarch64", "-M", "virt,gic-version=3,virtualization=on", "-cpu", "cortex-a57",
                "-smp", "2", "-m", "1G", "-kernel", image.toString(), "-initrd", initrd.toString(), "-append", append,
                "-nographic", "-no-reboot", "-nic", "none");
        ProcessRun q = ProcessRun.run(qemu, new byte[0], 300);
        assertEquals(null, q.problem, q.stdout + q.stderr);
        List<String> theirs = LinuxBusyboxTest.userspace(q.stdout);
        assertTrue(theirs.contains("jaffa-init: done"), "QEMU ran the init script:\n" + q.stdout);
        assertEquals(String.join("\n", theirs), String.join("\n", ours), "userspace output equals QEMU's");
        System.out.printf("LinuxEl2Test virt EL2 smp 2: Jaffa %.1f s, QEMU %.1f s%n", j.millis / 1000.0, q.millis / 1000.0);
    }

    /** The fvp board's default entry for a kernel is EL2; Jaffa's panic detection is armed (no panic=). */
    @Test
    void fvpEntersAtEl2ByDefaultStartsEverySecondaryAtEl2AndPowersOff() throws IOException {
        Path image = image(), initrd = initramfsWithInit(EL2_INIT);
        ProcessRun j = jaffa(image, initrd, "console=ttyAMA0", "--machine", "fvp", "--smp", "2");
        assertEquals(0, j.exitStatus, "poweroff ends the run with status 0\n" + j.stdout + j.stderr);
        assertEquals(EL2_FACTS, facts(LinuxBusyboxTest.userspace(j.stdout)), j.stdout);
        assertTrue(!j.stdout.contains("CPUs started in inconsistent modes"), j.stdout);
        System.out.printf("LinuxEl2Test fvp EL2 smp 2: Jaffa %.1f s%n", j.millis / 1000.0);
    }

    @Test
    void aKernelPanicEndsTheRunWithStatus6AndThePanicOnTheConsole() throws IOException {
        Path image = image(), initrd = initramfsWithInit("#!/bin/busybox sh\n/bin/busybox echo 'init exits'\nexit 3\n");
        ProcessRun j = jaffa(image, initrd, "console=ttyAMA0", "--machine", "virt");
        assertEquals(6, j.exitStatus, j.stdout + j.stderr);
        assertTrue(j.stdout.contains("Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000300"), j.stdout);
        assertTrue(j.stdout.contains("Kernel command line: console=ttyAMA0 panic=-1 reboot=panic_warm"), j.stdout);
        assertTrue(j.stderr.contains("the kernel panicked"), j.stderr);
        System.out.printf("LinuxEl2Test panic: Jaffa %.1f s%n", j.millis / 1000.0);
    }
}
