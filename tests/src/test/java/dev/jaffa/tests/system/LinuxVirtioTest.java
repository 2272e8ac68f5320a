package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian 12's kernel with virtio-blk and virtio-9p: a 9p share of a host directory (a host file
 * read in the guest, guest writes on the host, links, a large sparse file, an outward link that
 * leads nowhere) and an ext4 image made with {@code mkfs.ext4 -d} that is written and synced on
 * {@code --machine virt}, found intact after a second boot on {@code --machine fvp}, and
 * fsck-clean on the host after each. Two more drives ride along in both boots: a
 * {@code readonly=on} one the guest sees read-only and cannot open for writing, and a
 * {@code snapshot=on} one whose guest writes the guest reads back while the host file stays
 * byte-identical (and the second boot sees the original again). The first boot's guest output must
 * equal QEMU 7.2's with {@code virtio-blk-device} and {@code virtio-9p-device}
 * (security_model=none) and the same drive options.
 *
 * <p>The kernel modules (virtio_mmio, virtio_blk, ext4, 9p and what they need) come from the
 * test initramfs ({@code scripts/fetch-linux.sh}); this test appends a second cpio archive with
 * its own /init to it. Skipped when the kernel, the initramfs with those modules, or mkfs.ext4
 * are missing.
 */
class LinuxVirtioTest {
    static final String[] MODULES = {"virtio_mmio", "virtio_blk", "crc16", "mbcache", "jbd2", "crc32c_generic", "ext4",
        "netfs", "fscache", "9pnet", "9pnet_virtio", "9p"};

    @TempDir Path tmp;

    /** Sizes of the extra drives in 512-byte sectors, by which the guest tells them apart. */
    static final int RO_SECTORS = 2048, SNAP_SECTORS = 4096;

    /** /init: loads the modules, exercises the share and the disks; "vt:" lines are the result. */
    static String initScript() {
        return String.join("\n",
            "#!/bin/busybox sh",
            "/bin/busybox --install -s /bin",
            "mount -t proc proc /proc",
            "mount -t sysfs sys /sys",
            "mount -t devtmpfs dev /dev 2>/dev/null",
            "load() {",
            "  modprobe \"$1\" 2>/dev/null && return 0",
            "  f=$(find /lib /usr/lib /modules -name \"$1.ko*\" 2>/dev/null | head -n 1)",
            "  [ -n \"$f\" ] && insmod \"$f\" 2>/dev/null",
            "}",
            "for m in " + String.join(" ", MODULES) + "; do load $m; done",
            "mkdir -p /mnt/host /mnt/disk",
            "echo \"vt: vda sectors $(cat /sys/block/vda/size)\"",
            "for b in /sys/block/vd*; do",
            "  case $(cat $b/size) in " + RO_SECTORS + ") ro=/dev/${b##*/} ;; " + SNAP_SECTORS + ") snap=/dev/${b##*/} ;; esac",
            "  echo \"vt: ${b##*/} sectors $(cat $b/size) ro $(cat $b/ro)\"",
            "done",
            "echo \"vt: ro drive: $(head -c 19 $ro) getro $(blockdev --getro $ro)\"",
            "dd if=/dev/zero of=$ro bs=512 count=1 conv=fsync 2>&1 | sed 's/^/vt: ro write: /'",
            "echo \"vt: snapshot drive: $(head -c 19 $snap)\"",
            "printf 'written in the guest' | dd of=$snap bs=512 seek=1 conv=notrunc,fsync 2>/dev/null",
            "echo 3 > /proc/sys/vm/drop_caches",
            "echo \"vt: snapshot drive reads back: $(dd if=$snap bs=512 skip=1 count=1 2>/dev/null | head -c 20)\"",
            "mount -t 9p -o trans=virtio,version=9p2000.L host /mnt/host && echo 'vt: 9p mounted'",
            "echo \"vt: host says: $(cat /mnt/host/hello.txt)\"",
            "mount -t ext4 /dev/vda /mnt/disk && echo 'vt: ext4 mounted'",
            "if [ -f /mnt/disk/written ]; then",
            "  echo 'vt: second boot'",
            "  sed 's/^/vt: disk: /' /mnt/disk/written",
            "  (cd /mnt/disk && md5sum -c blob.md5) | sed 's/^/vt: /'",
            "  sed 's/^/vt: share: /' /mnt/host/note",
            "else",
            "  echo 'vt: first boot'",
            "  sed 's/^/vt: disk: /' /mnt/disk/seed.txt",
            "  echo 'written in the first boot' > /mnt/disk/written",
            "  seq 1 50000 > /mnt/disk/blob",
            "  (cd /mnt/disk && md5sum blob > blob.md5 && sed 's/^/vt: /' blob.md5)",
            "  echo 'written by the guest' > /mnt/host/from-guest.txt",
            "  chmod 640 /mnt/host/from-guest.txt",
            "  mkdir /mnt/host/gdir && echo nested > /mnt/host/gdir/f && ln -s ../hello.txt /mnt/host/gdir/link",
            "  echo \"vt: through the link: $(cat /mnt/host/gdir/link)\"",
            "  mv /mnt/host/gdir/f /mnt/host/gdir/g && echo \"vt: renamed: $(cat /mnt/host/gdir/g)\"",
            "  echo doomed > /mnt/host/gdir/doomed && rm /mnt/host/gdir/doomed",
            "  dd if=/dev/zero of=/mnt/host/big bs=4096 count=1 seek=1100000 2>/dev/null",
            "  stat -c 'vt: %n %a %s %F' /mnt/host/from-guest.txt /mnt/host/gdir /mnt/host/gdir/link /mnt/host/big",
            "  ls -a /mnt/host/gdir | sed 's/^/vt: gdir: /'",
            "  readlink /mnt/host/gdir/link | sed 's/^/vt: readlink: /'",
            "  cat /mnt/host/out/secret >/dev/null 2>&1 && echo 'vt: LEAK' || echo 'vt: outward link leads nowhere'",
            "  echo 'note from the first boot' > /mnt/host/note",
            "  sync",
            "fi",
            "umount /mnt/disk && echo 'vt: ext4 unmounted'",
            "umount /mnt/host && echo 'vt: 9p unmounted'",
            "echo 'vt: done'",
            "poweroff -f",
            "");
    }

    /** The base initramfs with a second, gzipped archive holding our /init appended. */
    static byte[] initramfs(byte[] base) throws IOException {
        byte[] cpio = new dev.jaffa.platform.Cpio().file("init", 0755, initScript().getBytes(StandardCharsets.US_ASCII)).finish();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(base);
        while (all.size() % 4 != 0) all.write(0);
        try (GZIPOutputStream gz = new GZIPOutputStream(all)) {
            gz.write(cpio);
        }
        return all.toByteArray();
    }

    /** File names in a gzipped newc archive, without their directories. */
    static Set<String> cpioNames(Path initrd) throws IOException {
        Set<String> names = new HashSet<>();
        for (String name : cpioFiles(initrd).keySet()) names.add(name.substring(name.lastIndexOf('/') + 1));
        return names;
    }

    /** The entries of a gzipped newc archive by path ("bin/busybox"); Java's GZIPInputStream reads concatenated members. */
    static Map<String, byte[]> cpioFiles(Path initrd) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(initrd), 1 << 16)) {
            byte[] all = in.readAllBytes();
            int p = 0;
            while (p + 110 <= all.length && new String(all, p, 6, StandardCharsets.US_ASCII).equals("070701")) {
                int size = Integer.parseUnsignedInt(new String(all, p + 54, 8, StandardCharsets.US_ASCII), 16);
                int nlen = Integer.parseUnsignedInt(new String(all, p + 94, 8, StandardCharsets.US_ASCII), 16);
                String name = new String(all, p + 110, Math.max(0, nlen - 1), StandardCharsets.US_ASCII);
                p = (p + 110 + nlen + 3) & ~3;
                files.put(name.startsWith("./") ? name.substring(2) : name, java.util.Arrays.copyOfRange(all, p, p + size));
                p = (p + size + 3) & ~3;
                while (p < all.length && p + 6 <= all.length && all[p] == 0) p++;   // padding between archives
            }
        }
        return files;
    }

    static List<String> marked(String console) {
        return marked(console, "vt: ");
    }

    /** The console lines holding {@code mark}, from the mark on. */
    static List<String> marked(String console, String mark) {
        List<String> out = new ArrayList<>();
        for (String line : console.split("\r?\n")) {
            int i = line.indexOf(mark);
            if (i >= 0) out.add(line.substring(i));
        }
        return out;
    }

    static ProcessRun tool(String... cmd) {
        return ProcessRun.run(List.of(cmd), new byte[0], 120);
    }

    static String sbin(String name) {
        for (String d : new String[] {"/usr/sbin", "/sbin", "/usr/bin"}) {
            if (Files.isExecutable(Paths.get(d, name))) return d + "/" + name;
        }
        return null;
    }

    /** Contents of a drive image of {@code sectors} starting with {@code text}: a pattern, so any change shows. */
    static byte[] driveImage(int sectors, String text) {
        byte[] b = new byte[sectors * 512];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 31 % 251);
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, 0, t.length);
        return b;
    }

    static final byte[] RO_IMAGE = driveImage(RO_SECTORS, "readonly drive data"),
            SNAP_IMAGE = driveImage(SNAP_SECTORS, "snapshot drive data");

    /** A fresh share and disk images in {@code dir}; returns {share, disk, read-only drive, snapshot drive}. */
    Path[] fixtures(Path dir, String mkfs) throws IOException {
        Path share = Files.createDirectories(dir.resolve("share")), seed = Files.createDirectories(dir.resolve("seed"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(share.resolve("hello.txt"), "hello from the host\n");
        Files.writeString(seed.resolve("seed.txt"), "seeded by mkfs.ext4 -d\n");
        Files.writeString(outside.resolve("secret"), "not for the guest\n");
        Files.createSymbolicLink(share.resolve("out"), outside.toRealPath());
        Path disk = dir.resolve("disk.img");
        ProcessRun mk = tool(mkfs, "-q", "-F", "-d", seed.toString(), disk.toString(), "32M");
        assertEquals(0, mk.exitStatus, mk.stdout + mk.stderr);
        Path ro = Files.write(dir.resolve("ro.img"), RO_IMAGE), snap = Files.write(dir.resolve("snap.img"), SNAP_IMAGE);
        return new Path[] {share, disk, ro, snap};
    }

    static void fsckClean(String e2fsck, Path disk, String when) {
        ProcessRun f = ProcessRun.run(List.of(e2fsck, "-fn", disk.toString()), new byte[0], 120);
        assertEquals(0, f.exitStatus, "e2fsck after " + when + ":\n" + f.stdout + f.stderr);
    }

    /** The extra drives' --drive options, format=raw spelled out on one as QEMU users do. */
    static String[] extraDrives(Path[] f) {
        return new String[] {"--drive", f[2] + ",readonly=on,format=raw", "--drive", f[3] + ",snapshot=on"};
    }

    List<String> jaffa(String board, Path image, Path initrd, Path[] f, String... extra) {
        Path share = f[0], disk = f[1];
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "run", "--machine", board,
                "-m", "512M", "--kernel", image.toString(), "--initrd", initrd.toString(),
                "--append", "console=ttyAMA0 panic=-1 quiet", "--drive", disk.toString(), "--share", share.toString(),
                "--max-insns", "40000000000"));
        cmd.addAll(List.of(extraDrives(f)));
        cmd.addAll(List.of(extra));
        ProcessRun j = ProcessRun.run(cmd, new byte[0], 900);
        assertEquals(null, j.problem, j.stdout + j.stderr);
        assertEquals(0, j.exitStatus, "poweroff ends the run with status 0\n" + j.stdout + j.stderr);
        System.out.printf("LinuxVirtioTest: Jaffa %s boot %.1f s%n", board, j.millis / 1000.0);
        return marked(j.stdout);
    }

    @Test
    void blockAndShareDevicesUnderDebianLinux() throws IOException {
        Path dir = LinuxBusyboxTest.linuxDir(), image = dir.resolve("Image"), base = dir.resolve("initrd.gz");
        Assumptions.assumeTrue(Files.isRegularFile(image) && Files.isRegularFile(base),
                "no kernel and initramfs in " + dir + " (scripts/fetch-linux.sh fetches them)");
        Set<String> names = cpioNames(base);
        for (String m : MODULES) {
            Assumptions.assumeTrue(names.contains(m + ".ko") || names.contains(m + ".ko.xz"),
                    "the initramfs in " + dir + " has no " + m + " module (an older scripts/fetch-linux.sh built it)");
        }
        String mkfs = sbin("mkfs.ext4"), e2fsck = sbin("e2fsck");
        Assumptions.assumeTrue(mkfs != null && e2fsck != null, "mkfs.ext4 and e2fsck (e2fsprogs) are needed");

        Path initrd = tmp.resolve("initrd-virtio.gz");
        Files.write(initrd, initramfs(Files.readAllBytes(base)));
        Path[] j = fixtures(Files.createDirectories(tmp.resolve("jaffa")), mkfs);
        Path share = j[0], disk = j[1];

        List<String> first = jaffa("virt", image, initrd, j);
        assertTrue(first.contains("vt: done"), "the script ran to its end: " + first);
        assertTrue(first.contains("vt: host says: hello from the host"), first.toString());
        assertTrue(first.contains("vt: outward link leads nowhere"), first.toString());
        assertFalse(first.contains("vt: LEAK"));
        assertEquals("written by the guest\n", Files.readString(share.resolve("from-guest.txt")));
        assertEquals("nested\n", Files.readString(share.resolve("gdir/g")));
        assertFalse(Files.exists(share.resolve("gdir/f")) || Files.exists(share.resolve("gdir/doomed")));
        assertEquals("../hello.txt", Files.readSymbolicLink(share.resolve("gdir/link")).toString());
        assertEquals(1100001L * 4096, Files.size(share.resolve("big")), "a file beyond 4 GiB");
        fsckClean(e2fsck, disk, "the first boot");
        List<String> drives = List.of("vt: vdb sectors " + RO_SECTORS + " ro 1", "vt: vdc sectors " + SNAP_SECTORS + " ro 0",
                "vt: ro drive: readonly drive data getro 1", "vt: ro write: dd: error writing '/dev/vdb': Operation not permitted", "vt: ro write: 0+0 records out",
                "vt: snapshot drive: snapshot drive data", "vt: snapshot drive reads back: written in the guest");
        assertTrue(first.containsAll(drives), "the read-only and snapshot drives as the guest sees them: " + first);
        assertArrayEquals(RO_IMAGE, Files.readAllBytes(j[2]), "the read-only drive's file is untouched");
        assertArrayEquals(SNAP_IMAGE, Files.readAllBytes(j[3]), "the snapshot drive's file is untouched");

        List<String> second = jaffa("fvp", image, initrd, j);   // entered at EL2, as TF-A enters it
        assertTrue(second.contains("vt: second boot"), second.toString());
        assertTrue(second.contains("vt: disk: written in the first boot"), second.toString());
        assertTrue(second.contains("vt: blob: OK"), second.toString());
        assertTrue(second.contains("vt: share: note from the first boot"), second.toString());
        assertTrue(second.contains("vt: done"), second.toString());
        assertTrue(second.containsAll(drives), "the snapshot drive starts from its file again: " + second);
        assertArrayEquals(SNAP_IMAGE, Files.readAllBytes(j[3]), "the snapshot drive's file is untouched");
        fsckClean(e2fsck, disk, "the second boot");

        // QEMU on fresh copies of the same fixtures: the first boot must print the same.
        Path[] q = fixtures(Files.createDirectories(tmp.resolve("qemu")), mkfs);
        List<String> qemu = List.of("qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-m", "512M",
                "-kernel", image.toString(), "-initrd", initrd.toString(), "-append", "console=ttyAMA0 panic=-1 quiet",
                "-nographic", "-no-reboot", "-nic", "none",
                // QEMU puts the first virtio device at the highest address, which Linux probes last: the
                // drives in reverse order give the names Jaffa's --drive order gives (vda, vdb, vdc).
                "-drive", "file=" + q[3] + ",format=raw,if=none,id=d2,snapshot=on", "-device", "virtio-blk-device,drive=d2",
                "-drive", "file=" + q[2] + ",format=raw,if=none,id=d1,readonly=on", "-device", "virtio-blk-device,drive=d1",
                "-drive", "file=" + q[1] + ",format=raw,if=none,id=d0", "-device", "virtio-blk-device,drive=d0",
                "-fsdev", "local,id=f0,path=" + q[0] + ",security_model=none", "-device", "virtio-9p-device,fsdev=f0,mount_tag=host");
        ProcessRun r = ProcessRun.run(qemu, new byte[0], 300);
        Assumptions.assumeTrue(r.problem == null || !r.problem.startsWith("cannot start"), "QEMU is not installed");
        assertEquals(null, r.problem, r.stdout + r.stderr);
        List<String> theirs = marked(r.stdout);
        assertTrue(theirs.contains("vt: done"), "QEMU ran the script:\n" + r.stdout + r.stderr);
        assertEquals(String.join("\n", theirs), String.join("\n", first), "guest output equals QEMU's");
        assertArrayEquals(SNAP_IMAGE, Files.readAllBytes(q[3]), "QEMU's snapshot drive's file is untouched too");
        System.out.printf("LinuxVirtioTest: QEMU boot %.1f s, %d guest lines equal%n", r.millis / 1000.0, first.size());
    }
}
