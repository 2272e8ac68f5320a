package dev.jaffa.devices;

import static dev.jaffa.devices.VirtioBlk.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtioBlkTest {
    @TempDir Path tmp;

    static byte[] header(int type, long sector) {
        ByteBuffer b = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(0).putLong(sector);
        return b.array();
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 7 + seed);
        return b;
    }

    Path image(int sectors) throws IOException {
        Path p = tmp.resolve("disk.img");
        Files.write(p, pattern(sectors * SECTOR, 3));
        return p;
    }

    static VirtioBlk open(Path p, boolean ro, boolean snap) throws IOException {
        FileChannel ch = ro ? FileChannel.open(p, StandardOpenOption.READ)
                : FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new VirtioBlk(BlockFile.of(ch), ro, snap, "jaffa-test-serial-0123456789");
    }

    static int status(VirtioTestDriver.Reply r) { return r.data[r.data.length - 1]; }

    @Test
    void configAndFeatures() throws IOException {
        VirtioTestDriver d = new VirtioTestDriver(open(image(64), false, false));
        long f = d.init(DEVICE_ID);
        assertEquals(VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH, f & 0xFFFFFF);
        assertEquals(64, d.configRead(0, 4));           // capacity low
        assertEquals(0, d.configRead(4, 4));            // capacity high
        assertEquals(254, d.configRead(12, 4));         // seg_max
        assertEquals(512, d.configRead(20, 4));         // blk_size
        assertEquals(0, d.configRead(0x40, 4));         // beyond the config space
        VirtioTestDriver ro = new VirtioTestDriver(open(image(8), true, false));
        assertEquals(VIRTIO_BLK_F_RO, ro.init(DEVICE_ID) & VIRTIO_BLK_F_RO);
    }

    @Test
    void writeThenReadAcrossSegmentsReachesTheFile() throws IOException {
        Path img = image(64);
        VirtioTestDriver d = new VirtioTestDriver(open(img, false, false));
        d.init(DEVICE_ID);
        byte[] a = pattern(1024, 9), b = pattern(512, 77);
        VirtioTestDriver.Reply w = d.request(new byte[][] {header(VIRTIO_BLK_T_OUT, 5), a, b}, 1);
        assertEquals(VIRTIO_BLK_S_OK, status(w));
        assertEquals(1, w.len);
        byte[] disk = Files.readAllBytes(img);
        assertArrayEquals(a, Arrays.copyOfRange(disk, 5 * 512, 7 * 512));
        assertArrayEquals(b, Arrays.copyOfRange(disk, 7 * 512, 8 * 512));
        assertEquals(pattern(64 * 512, 3)[4 * 512], disk[4 * 512], "neighbours untouched");
        VirtioTestDriver.Reply r = d.request(new byte[][] {header(VIRTIO_BLK_T_IN, 4)}, 512, 1536, 1);
        assertEquals(VIRTIO_BLK_S_OK, status(r));
        assertEquals(2049, r.len);
        assertArrayEquals(Arrays.copyOfRange(pattern(64 * 512, 3), 4 * 512, 5 * 512), Arrays.copyOfRange(r.data, 0, 512));
        assertArrayEquals(a, Arrays.copyOfRange(r.data, 512, 1536));
        assertArrayEquals(b, Arrays.copyOfRange(r.data, 1536, 2048));
        assertFalse(d.needsReset());
    }

    @Test
    void readOnlyDriveRefusesWritesWithIoErr() throws IOException {
        Path img = image(16);
        byte[] before = Files.readAllBytes(img);
        VirtioTestDriver d = new VirtioTestDriver(open(img, true, false));
        d.init(DEVICE_ID);
        assertEquals(VIRTIO_BLK_S_IOERR, status(d.request(new byte[][] {header(VIRTIO_BLK_T_OUT, 0), pattern(512, 1)}, 1)));
        assertEquals(VIRTIO_BLK_S_OK, status(d.request(new byte[][] {header(VIRTIO_BLK_T_IN, 0)}, 512, 1)));
        assertEquals(VIRTIO_BLK_S_OK, status(d.request(new byte[][] {header(VIRTIO_BLK_T_FLUSH, 0)}, 1)));
        assertArrayEquals(before, Files.readAllBytes(img));
    }

    @Test
    void snapshotDriveKeepsWritesInMemory() throws IOException {
        Path img = image(16);
        byte[] before = Files.readAllBytes(img);
        VirtioTestDriver d = new VirtioTestDriver(open(img, false, true));
        d.init(DEVICE_ID);
        byte[] data = pattern(1024, 50);
        // Sectors 3..4: the second half of page 0 and the first of page 1.
        assertEquals(VIRTIO_BLK_S_OK, status(d.request(new byte[][] {header(VIRTIO_BLK_T_OUT, 7), data}, 1)));
        assertEquals(VIRTIO_BLK_S_OK, status(d.request(new byte[][] {header(VIRTIO_BLK_T_FLUSH, 0)}, 1)));
        VirtioTestDriver.Reply r = d.request(new byte[][] {header(VIRTIO_BLK_T_IN, 6)}, 2048, 1);
        assertEquals(VIRTIO_BLK_S_OK, status(r));
        assertArrayEquals(Arrays.copyOfRange(before, 6 * 512, 7 * 512), Arrays.copyOfRange(r.data, 0, 512));
        assertArrayEquals(data, Arrays.copyOfRange(r.data, 512, 1536));
        assertArrayEquals(Arrays.copyOfRange(before, 9 * 512, 10 * 512), Arrays.copyOfRange(r.data, 1536, 2048));
        assertArrayEquals(before, Files.readAllBytes(img), "the file is untouched");
    }

    @Test
    void getIdUnsupportedAndOutOfRange() throws IOException {
        VirtioTestDriver d = new VirtioTestDriver(open(image(8), false, false));
        d.init(DEVICE_ID);
        VirtioTestDriver.Reply id = d.request(new byte[][] {header(VIRTIO_BLK_T_GET_ID, 0)}, 20, 1);
        assertEquals(VIRTIO_BLK_S_OK, status(id));
        assertEquals("jaffa-test-serial-01", new String(id.data, 0, 20, StandardCharsets.US_ASCII));
        assertEquals(VIRTIO_BLK_S_UNSUPP, status(d.request(new byte[][] {header(11, 0), new byte[16]}, 1)));   // DISCARD
        assertEquals(VIRTIO_BLK_S_UNSUPP, status(d.request(new byte[][] {header(0x7777, 0)}, 1)));
        assertEquals(VIRTIO_BLK_S_IOERR, status(d.request(new byte[][] {header(VIRTIO_BLK_T_IN, 8)}, 512, 1)));        // past the end
        assertEquals(VIRTIO_BLK_S_IOERR, status(d.request(new byte[][] {header(VIRTIO_BLK_T_IN, 7)}, 1024, 1)));       // straddles it
        assertEquals(VIRTIO_BLK_S_IOERR, status(d.request(new byte[][] {header(VIRTIO_BLK_T_IN, -1L)}, 512, 1)));      // sector 2^64-1
        assertEquals(VIRTIO_BLK_S_IOERR, status(d.request(new byte[][] {header(VIRTIO_BLK_T_OUT, 0), new byte[100]}, 1))); // not whole sectors
        assertFalse(d.needsReset());
    }

    @Test
    void fileShrunkUnderUsGivesIoErr() throws IOException {
        Path img = image(64);
        VirtioTestDriver d = new VirtioTestDriver(open(img, false, false));
        d.init(DEVICE_ID);
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
            ch.truncate(10 * 512);
        }
        assertEquals(VIRTIO_BLK_S_OK, status(d.request(new byte[][] {header(VIRTIO_BLK_T_IN, 9)}, 512, 1)));
        assertEquals(VIRTIO_BLK_S_IOERR, status(d.request(new byte[][] {header(VIRTIO_BLK_T_IN, 9)}, 1024, 1)));
        assertEquals(VIRTIO_BLK_S_IOERR, status(d.request(new byte[][] {header(VIRTIO_BLK_T_IN, 40)}, 512, 1)));
        assertFalse(d.needsReset());
    }

    /** A disk whose writes and fsyncs fail as a full host disk's do. */
    static final class FullDisk implements BlockFile {
        int forces;
        @Override public long size() { return 1 << 20; }
        @Override public int read(ByteBuffer dst, long position) {
            int n = dst.remaining();
            dst.position(dst.limit());
            return n;
        }
        @Override public int write(ByteBuffer src, long position) throws IOException {
            throw new IOException("No space left on device");
        }
        @Override public void force() throws IOException {
            forces++;
            throw new IOException("Input/output error");
        }
    }

    @Test
    void fullDiskAndFailingFlushGiveIoErr() throws IOException {
        FullDisk disk = new FullDisk();
        VirtioTestDriver d = new VirtioTestDriver(new VirtioBlk(disk, false, false, "x"));
        d.init(DEVICE_ID);
        assertEquals(VIRTIO_BLK_S_IOERR, status(d.request(new byte[][] {header(VIRTIO_BLK_T_OUT, 0), new byte[4096]}, 1)));
        assertEquals(VIRTIO_BLK_S_IOERR, status(d.request(new byte[][] {header(VIRTIO_BLK_T_FLUSH, 0)}, 1)));
        assertEquals(1, disk.forces, "FLUSH reaches fsync");
        assertEquals(VIRTIO_BLK_S_OK, status(d.request(new byte[][] {header(VIRTIO_BLK_T_IN, 0)}, 4096, 1)));
        assertFalse(d.needsReset());
    }

    @Test
    void flushForcesTheFile() throws IOException {
        int[] forces = {0};
        Path img = image(8);
        FileChannel ch = FileChannel.open(img, StandardOpenOption.READ, StandardOpenOption.WRITE);
        BlockFile f = BlockFile.of(ch);
        BlockFile counting = new BlockFile() {
            @Override public long size() throws IOException { return f.size(); }
            @Override public int read(ByteBuffer dst, long p) throws IOException { return f.read(dst, p); }
            @Override public int write(ByteBuffer src, long p) throws IOException { return f.write(src, p); }
            @Override public void force() throws IOException { forces[0]++; f.force(); }
        };
        VirtioTestDriver d = new VirtioTestDriver(new VirtioBlk(counting, false, false, "x"));
        d.init(DEVICE_ID);
        assertEquals(VIRTIO_BLK_S_OK, status(d.request(new byte[][] {header(VIRTIO_BLK_T_FLUSH, 0)}, 1)));
        assertEquals(1, forces[0]);
    }

    @Test
    void requestsWithoutHeaderOrStatusNeedReset() throws IOException {
        VirtioTestDriver d = new VirtioTestDriver(open(image(8), false, false));
        d.init(DEVICE_ID);
        assertNull(d.request(new byte[][] {new byte[8]}, 1));           // header too short
        assertTrue(d.needsReset());
        d.init(DEVICE_ID);
        assertFalse(d.needsReset());
        assertNull(d.request(new byte[][] {header(VIRTIO_BLK_T_IN, 0), new byte[512]}));   // nowhere to put a status
        assertTrue(d.needsReset());
    }
}
