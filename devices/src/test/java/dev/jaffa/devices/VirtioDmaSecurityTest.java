package dev.jaffa.devices;

import static dev.jaffa.devices.VirtioMmio.*;
import static dev.jaffa.devices.VirtioTestDriver.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Normal-world devices must not reach Secure-only memory (as a TZC-400 filters their DMA on the
 * FVP): for every device, a descriptor pointing into the secure carve-out, or at a page the normal
 * world lent to a partition, is a device error; secure memory is neither read into the device
 * (exfiltration: to a disk, to a host file) nor written (corruption).
 */
class VirtioDmaSecurityTest {
    @TempDir Path tmp;

    static final long LENT = RAM + 0x20_0000;   // a Non-secure page lent to a partition (made Secure-only)

    static void fillSecret(VirtioTestDriver d, long pa, int n) {
        for (int i = 0; i < n; i++) d.ram(pa + i, 1, 0x5A ^ i);
    }

    static void assertSecretIntact(VirtioTestDriver d, long pa, int n) {
        for (int i = 0; i < n; i++) assertEquals((0x5A ^ i) & 0xFF, d.ram(pa + i, 1), "secure byte " + i);
    }

    /** Runs one request, whose buffer {@code bad} is Secure-only, and checks the device refused it. */
    static void refused(VirtioTestDriver d, int deviceId, long[] addr, int[] len, boolean[] writable, int bad) {
        for (long target : new long[] {SECURE + 0x800, LENT}) {
            d.init(deviceId);
            d.bus.setPageSecureOnly(LENT, true);
            addr[bad] = target;
            fillSecret(d, target, len[bad]);
            assertFalse(d.requestAt(addr, len, writable), "no used buffer");
            assertTrue(d.needsReset(), "DEVICE_NEEDS_RESET");
            assertEquals(INT_CONFIG_CHANGE, d.r(INTERRUPT_STATUS) & INT_CONFIG_CHANGE);
            d.bus.setPageSecureOnly(LENT, false);
            assertSecretIntact(d, target, len[bad]);
        }
    }

    @Test
    void rngCannotWriteSecureMemory() {
        VirtioTestDriver d = new VirtioTestDriver(new VirtioRng(1));
        refused(d, VirtioRng.DEVICE_ID, new long[] {DATA, 0}, new int[] {16, 64}, new boolean[] {true, true}, 1);
        // And the same request at Non-secure memory is served.
        d.init(VirtioRng.DEVICE_ID);
        assertTrue(d.requestAt(new long[] {DATA, LENT}, new int[] {16, 64}, new boolean[] {true, true}));
    }

    @Test
    void blkCannotReadOrWriteSecureMemory() throws IOException {
        Path img = tmp.resolve("d.img");
        Files.write(img, new byte[8192]);
        VirtioTestDriver d = new VirtioTestDriver(new VirtioBlk(BlockFile.of(
                FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)), false, false, "s"));
        d.init(VirtioBlk.DEVICE_ID);
        d.put(DATA, VirtioBlkTest.header(VirtioBlk.VIRTIO_BLK_T_OUT, 0));
        // OUT from secure memory: the secret would land on the disk.
        refused(d, VirtioBlk.DEVICE_ID, new long[] {DATA, 0, DATA + 0x100}, new int[] {16, 512, 1},
                new boolean[] {false, false, true}, 1);
        assertArrayEquals(new byte[8192], Files.readAllBytes(img), "nothing reached the disk");
        // IN into secure memory.
        d.put(DATA, VirtioBlkTest.header(VirtioBlk.VIRTIO_BLK_T_IN, 0));
        refused(d, VirtioBlk.DEVICE_ID, new long[] {DATA, 0, DATA + 0x100}, new int[] {16, 512, 1},
                new boolean[] {false, true, true}, 1);
        // The header itself in secure memory.
        refused(d, VirtioBlk.DEVICE_ID, new long[] {0, DATA + 0x100}, new int[] {16, 1}, new boolean[] {false, true}, 0);
    }

    @Test
    void ninePCannotReadOrWriteSecureMemory() throws IOException {
        Path share = Files.createDirectories(tmp.resolve("share"));
        VirtioTestDriver d = new VirtioTestDriver(new Virtio9p(share, "host", false));
        // A Tversion whose reply would go to secure memory.
        d.init(Virtio9p.DEVICE_ID);
        byte[] version = P9TestClient.message(P9Server.TVERSION, 1, 8192, "9P2000.L");
        d.put(DATA, version);
        refused(d, Virtio9p.DEVICE_ID, new long[] {DATA, 0}, new int[] {version.length, 64}, new boolean[] {false, true}, 1);
        // A Twrite whose data would come from secure memory into a host file.
        d.init(Virtio9p.DEVICE_ID);
        P9TestClient c = new P9TestClient(d);
        c.handshake(1);
        assertEquals(0, c.walk(1, 2));
        c.ok(P9Server.TLCREATE, 2, "f", P9Server.O_RDWR | P9Server.O_CREAT, 0644, 0);
        byte[] hdr = P9TestClient.message(P9Server.TWRITE, 9, 2, 0L, 64);
        hdr[0] = (byte) (hdr.length + 64);                  // size covers the data in the next segment
        d.put(DATA, hdr);
        d.bus.setPageSecureOnly(LENT, true);
        fillSecret(d, LENT, 64);
        assertFalse(d.requestAt(new long[] {DATA, LENT, DATA + 0x1000}, new int[] {hdr.length, 64, 64},
                new boolean[] {false, false, true}));
        assertTrue(d.needsReset());
        assertEquals(0, Files.size(share.resolve("f")), "the secret did not reach the host file");
    }

    @Test
    void ringsInSecureMemoryAreRefused() {
        VirtioTestDriver d = new VirtioTestDriver(new VirtioRng(1));
        d.init(VirtioRng.DEVICE_ID);
        d.w(STATUS, 0);
        d.w(STATUS, ACKNOWLEDGE | DRIVER);
        d.w(DRIVER_FEATURES_SEL, 1);
        d.w(DRIVER_FEATURES, 1);
        d.w(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK);
        d.w(QUEUE_NUM, 8);
        d.w(QUEUE_DESC_LOW, (int) DESC);
        d.w(QUEUE_DRIVER_LOW, (int) AVAIL);
        d.w(QUEUE_DEVICE_LOW, (int) SECURE);                // the used ring: the device would write it
        d.w(QUEUE_READY, 1);
        d.w(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
        fillSecret(d, SECURE, 64);
        d.desc(0, DATA, 16, VIRTQ_DESC_F_WRITE, 0);
        d.offer(0);
        d.w(QUEUE_NOTIFY, 0);
        assertTrue(d.needsReset());
        assertSecretIntact(d, SECURE, 64);
    }
}
