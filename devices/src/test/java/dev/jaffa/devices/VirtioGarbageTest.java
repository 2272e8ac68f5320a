package dev.jaffa.devices;

import static dev.jaffa.devices.VirtioMmio.*;
import static dev.jaffa.devices.VirtioTestDriver.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver writing garbage into a virtqueue gets the device's error state (DEVICE_NEEDS_RESET),
 * never a Java exception, and the device works again after a reset: for every device type.
 */
class VirtioGarbageTest {
    @TempDir Path tmp;

    interface Device { VirtioDevice make() throws IOException; }

    VirtioDevice blk() throws IOException {
        Path img = tmp.resolve("g.img");
        if (!Files.exists(img)) Files.write(img, new byte[64 * 1024]);
        return new VirtioBlk(BlockFile.of(FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE)), false, false, "g");
    }

    VirtioDevice ninep() throws IOException {
        return new Virtio9p(Files.createDirectories(tmp.resolve("share")), "host", false);
    }

    void eachDevice(java.util.function.BiConsumer<VirtioTestDriver, Integer> test) throws IOException {
        Device[] devices = {() -> new VirtioRng(3), this::blk, this::ninep};
        for (Device dv : devices) {
            VirtioDevice b = dv.make();
            test.accept(new VirtioTestDriver(b), b.deviceId());
        }
    }

    /** A request the device serves, to show it works (again). */
    static void serves(VirtioTestDriver d, int id) {
        byte[] req = id == VirtioBlk.DEVICE_ID ? VirtioBlkTest.header(VirtioBlk.VIRTIO_BLK_T_IN, 0)
                : P9TestClient.message(P9Server.TVERSION, 1, 8192, "9P2000.L");
        VirtioTestDriver.Reply r = d.request(id == VirtioRng.DEVICE_ID ? new byte[0][] : new byte[][] {req}, 512, 32);
        assertNotNull(r, "served");
        assertFalse(d.needsReset());
    }

    static void needsResetThenRecovers(VirtioTestDriver d, int id, String what) {
        int before = d.usedIdx();
        d.offer(0);
        d.w(QUEUE_NOTIFY, 0);
        assertEquals(before, d.usedIdx(), what + ": nothing used");
        assertTrue(d.needsReset(), what + ": DEVICE_NEEDS_RESET");
        d.init(id);
        serves(d, id);
    }

    @Test
    void malformedChains() throws IOException {
        eachDevice((d, id) -> {
            d.init(id);
            serves(d, id);
            d.init(id);
            d.desc(0, DATA, 64, VIRTQ_DESC_F_NEXT, 9999);                       // next beyond the table
            needsResetThenRecovers(d, id, "bad next index");
            d.desc(0, DATA, 64, VIRTQ_DESC_F_NEXT, 1);
            d.desc(1, DATA, 64, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 0);      // 0 -> 1 -> 0 ...
            needsResetThenRecovers(d, id, "loop");
            d.desc(0, DATA, 0xFFFF_FFF0, VIRTQ_DESC_F_WRITE, 0);                // beyond RAM
            needsResetThenRecovers(d, id, "length beyond RAM");
            d.desc(0, -16L, 64, VIRTQ_DESC_F_WRITE, 0);                        // wraps the address space
            needsResetThenRecovers(d, id, "wrapping address");
            d.desc(0, DATA, 64, VIRTQ_DESC_F_INDIRECT, 0);                     // INDIRECT not negotiated
            needsResetThenRecovers(d, id, "indirect");
            d.desc(0, DATA, 64, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
            d.desc(1, DATA, 64, 0, 0);                                        // readable after writable
            needsResetThenRecovers(d, id, "readable after writable");
            // The head index itself beyond the queue.
            int idx = (int) d.ram(AVAIL + 2, 2);
            d.ram(AVAIL + 4 + 2L * (idx % d.qsize), 2, 0xFFFF);
            d.ram(AVAIL + 2, 2, idx + 1);
            d.w(QUEUE_NOTIFY, 0);
            assertTrue(d.needsReset(), "bad head");
            // More available than the ring holds.
            d.init(id);
            d.ram(AVAIL + 2, 2, d.qsize + 5);
            d.w(QUEUE_NOTIFY, 0);
            assertTrue(d.needsReset(), "avail.idx too far ahead");
            d.init(id);
            serves(d, id);
        });
    }

    @Test
    void randomRingsNeverThrow() throws IOException {
        SplittableRandom rnd = new SplittableRandom(2026);
        eachDevice((d, id) -> {
            for (int round = 0; round < 300; round++) {
                d.init(id);
                // Random descriptors, mostly pointing into RAM so that some chains get served.
                for (int i = 0; i < d.qsize; i++) {
                    long addr = rnd.nextInt(4) == 0 ? rnd.nextLong() : DATA + rnd.nextInt(0x10000);
                    int len = rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(600);
                    d.desc(i, addr, len, rnd.nextInt(8), rnd.nextInt(4) == 0 ? rnd.nextInt(0x10000) : rnd.nextInt(d.qsize));
                }
                for (int k = 0; k < 0x400; k += 8) d.ram(DATA + rnd.nextInt(0x10000), 8, rnd.nextLong());
                int n = 1 + rnd.nextInt(4);
                for (int k = 0; k < n; k++) d.offer(rnd.nextInt(d.qsize));
                d.w(QUEUE_NOTIFY, 0);                     // must not throw, whatever happens
                int s = d.r(STATUS);
                assertTrue((s & DRIVER_OK) != 0);
            }
            d.init(id);
            serves(d, id);
        });
    }

    @Test
    void randomNinePMessagesNeverThrow() throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        VirtioTestDriver d = new VirtioTestDriver(ninep());
        d.init(Virtio9p.DEVICE_ID);
        P9TestClient c = new P9TestClient(d);
        c.handshake(1);
        int[] types = {P9Server.TSTATFS, P9Server.TLOPEN, P9Server.TLCREATE, P9Server.TSYMLINK, P9Server.TMKNOD,
            P9Server.TRENAME, P9Server.TREADLINK, P9Server.TGETATTR, P9Server.TSETATTR, P9Server.TXATTRWALK,
            P9Server.TREADDIR, P9Server.TFSYNC, P9Server.TLOCK, P9Server.TGETLOCK, P9Server.TLINK, P9Server.TMKDIR,
            P9Server.TRENAMEAT, P9Server.TUNLINKAT, P9Server.TATTACH, P9Server.TFLUSH, P9Server.TWALK,
            P9Server.TREAD, P9Server.TWRITE, P9Server.TCLUNK, P9Server.TREMOVE, 0, 255};
        for (int i = 0; i < 3000; i++) {
            int type = types[rnd.nextInt(types.length)];
            byte[] body = new byte[rnd.nextInt(40)];
            rnd.nextBytes(body);
            // Small fids and short strings now and then, so that some requests get past decoding.
            if (body.length >= 4 && rnd.nextBoolean()) { body[0] = (byte) rnd.nextInt(4); body[1] = body[2] = body[3] = 0; }
            if (body.length >= 10 && rnd.nextBoolean()) { body[8] = (byte) rnd.nextInt(3); body[9] = 0; }
            P9TestClient.R r = c.send(P9TestClient.message(type, 5, body), 5);
            assertTrue(r.isError() || r.type == type + 1, "reply type " + r.type + " to " + type);
            assertFalse(d.needsReset());
        }
    }
}
