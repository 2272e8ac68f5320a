package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.devices.BlockFile;
import dev.jaffa.devices.Virtio9p;
import dev.jaffa.devices.VirtioBlk;
import dev.jaffa.interp.StopReason;
import dev.jaffa.monitor.Semihosting;
import dev.jaffa.platform.Board;
import dev.jaffa.platform.ElfFile;
import dev.jaffa.platform.Machine;
import dev.jaffa.platform.RunResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device DMA respects the security of memory, tried from a normal-world guest
 * ({@code guests/virtio/virtio_dma.c}, {@code build/virtio-dma.elf}) on the fvp board with spm-test1
 * to lend a page to: every virtio device (a drive, a share, the RNG) pointed at Trusted DRAM and at
 * a page lent with FFA_MEM_LEND — as a device-writable buffer, a device-readable buffer, the
 * descriptor table, the available ring, the used ring — reports DEVICE_NEEDS_RESET, writes nothing
 * and serves a legitimate request again after a reset. The guest checks what it can see (status,
 * the lent page after reclaim, the disk through the device); this test checks what it cannot: the
 * Trusted DRAM it aimed at, the image file and the shared directory on the host, all unchanged.
 */
class VirtioDmaGuestTest {
    static final Path HOME = Paths.get("..").toAbsolutePath().normalize();
    static final Path GUEST = HOME.resolve("guests/build/virtio-dma.elf");
    static final Path SP = HOME.resolve("guests/build/sp");
    /** The Trusted DRAM page the guest aims at: rings in its first half, buffers in its second. */
    static final long TRUSTED_DRAM = 0x0600_0000L;
    static final int SEC_BUF = 0x800;

    @TempDir Path tmp;

    /** Byte {@code o} of the disk image: the guest's disk_byte(), which it checks on reading. */
    static byte[] diskImage() {
        byte[] b = new byte[8192];
        for (int o = 0; o < b.length; o++) b[o] = (byte) ((o * 7) ^ (o >> 8) ^ 0x5A);
        return b;
    }

    /** Every line the guest prints for its checks, in order: none may be missing, none may fail. */
    static List<String> expectedLines() {
        List<String> out = new ArrayList<>();
        String[][] devices = {{"blk", "0"}, {"9p", "1"}, {"rng", "3"}};
        for (String[] d : devices) {
            out.add("ok " + d[0] + " (slot " + d[1] + "): legitimate request");
            for (String region : new String[] {"Trusted DRAM 0x06000000", "a lent page"}) {
                for (String place : new String[] {"device-writable buffer", "device-readable buffer", "descriptor table",
                        "available ring", "used ring"}) {
                    if (d[0].equals("rng") && place.equals("device-readable buffer")) continue;   // the RNG reads nothing
                    out.add("ok " + d[0] + ": " + place + " in " + region + " refused, device recovers");
                }
            }
        }
        out.add("PASS virtio-dma");
        return out;
    }

    static List<String> checkLines(String console) {
        return console.lines().filter(l -> l.startsWith("ok ") || l.startsWith("FAIL") || l.startsWith("skip ")
                || l.startsWith("PASS")).toList();
    }

    /** Path (relative) to content of every file under dir, directories as empty entries. */
    static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "/" : Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        return m;
    }

    Path disk, share;

    void makeHostFiles() throws IOException {
        disk = tmp.resolve("disk.img");
        Files.write(disk, diskImage());
        share = Files.createDirectories(tmp.resolve("share"));
        Files.writeString(share.resolve("victim.txt"), "a host file the guest opens read-write\n");
        Files.createDirectories(share.resolve("sub"));
        Files.writeString(share.resolve("sub/other.txt"), "untouched\n");
    }

    @Test
    void everyDeviceRefusesSecureMemoryAndRecovers() throws Exception {
        makeHostFiles();
        Map<String, String> shareBefore = tree(share);
        Machine.Config cfg = new Machine.Config();
        cfg.board = Board.FVP;
        cfg.ramSize = 64L << 20;
        ByteArrayOutputStream console = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        cfg.console = new PrintStream(console, true);
        Semihosting sh = new Semihosting(null, new ByteArrayInputStream(new byte[0]), console, err);
        cfg.semihosting = sh;
        try (FileChannel ch = FileChannel.open(disk, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            cfg.virtioDevices.add(new VirtioBlk(BlockFile.of(ch), false, false, "jaffa0"));
            cfg.virtioDevices.add(new Virtio9p(share.toRealPath(), "host", false));
            Machine m = new Machine(cfg);
            m.spmc.addPartition("spm-test1", Files.readAllBytes(SP.resolve("spm-test1.elf")),
                    Files.readAllBytes(SP.resolve("spm-test1.dtb")), SP.resolve("spm-test1.elf").toString());
            // The secret: zeros where the guest puts rings (so a device that read them would find an
            // empty ring rather than garbage), a pattern where it puts buffers.
            byte[] secure = m.bus.ramPage(TRUSTED_DRAM);
            for (int i = SEC_BUF; i < secure.length; i++) secure[i] = (byte) (0xC3 ^ i);
            byte[] secureBefore = secure.clone();
            long[] lockedBefore = m.bus.secureOnlyPages();
            m.loadElf(ElfFile.read(GUEST));
            m.bootSecureWorld();
            RunResult r = m.run(2_000_000_000L);
            sh.flush();
            String out = console.toString(StandardCharsets.UTF_8);
            String ctx = r + "\n" + out + err.toString(StandardCharsets.UTF_8);
            assertEquals(StopReason.GUEST_EXIT, r.reason, ctx);
            assertEquals(0, r.exitCode, ctx);
            assertTrue(out.contains("# lending to partition 8001"), "spm-test1 takes the lent page\n" + ctx);
            assertEquals(String.join("\n", expectedLines()), String.join("\n", checkLines(out)), ctx);
            assertArrayEquals(secureBefore, m.bus.ramPage(TRUSTED_DRAM), "Trusted DRAM unchanged\n" + ctx);
            assertArrayEquals(lockedBefore, m.bus.secureOnlyPages(), "every lent page was reclaimed\n" + ctx);
        }
        assertArrayEquals(diskImage(), Files.readAllBytes(disk), "the disk image is unchanged");
        assertEquals(shareBefore, tree(share), "the shared directory is unchanged");
    }

    /** The same guest as a user runs it: {@code jaffa run --machine fvp --sp spm-test1 --drive --share}. */
    @Test
    void theCommandLineRunPasses() throws Exception {
        makeHostFiles();
        Map<String, String> shareBefore = tree(share);
        ProcessRun j = ProcessRun.run(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djaffa.home=" + HOME, "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "run",
                "--machine", "fvp", "--sp", "spm-test1", "--drive", disk.toString(), "--share", share.toString(),
                "--max-insns", "2000000000", GUEST.toString()), new byte[0], 120);
        String ctx = j.describe("jaffa");
        assertEquals(null, j.problem, ctx);
        assertEquals(0, j.exitStatus, ctx);
        assertEquals(String.join("\n", expectedLines()), String.join("\n", checkLines(j.stdout)), ctx);
        assertArrayEquals(diskImage(), Files.readAllBytes(disk), "the disk image is unchanged");
        assertEquals(shareBefore, tree(share), "the shared directory is unchanged");
    }
}
