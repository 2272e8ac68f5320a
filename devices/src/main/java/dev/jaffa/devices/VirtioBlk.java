package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * virtio block device (virtio v1.2 §5.2) over a raw image: one request queue; requests are a
 * 16-byte header (type, reserved, sector), data, and a status byte the device writes last.
 * IN, OUT, FLUSH and GET_ID are served; any other type gets VIRTIO_BLK_S_UNSUPP. A failing host
 * operation (a file that shrank under us, a full disk, an fsync error) or a request outside the
 * disk or not a whole number of sectors gets VIRTIO_BLK_S_IOERR. A chain too short to hold a
 * header and a status byte cannot be answered at all: that is a device error (DEVICE_NEEDS_RESET).
 *
 * <p>Read-only drives offer VIRTIO_BLK_F_RO and fail writes with IOERR. Snapshot drives keep
 * written 4 KiB pages in host memory and never write the file. FLUSH forces the file to disk
 * (fsync), so a guest's {@code sync} survives a host crash.
 */
public final class VirtioBlk implements VirtioDevice {
    public static final int DEVICE_ID = 2;
    static final int QUEUE_SIZE = 256;
    static final int SECTOR = 512;

    // Feature bits, §5.2.3.
    static final long VIRTIO_BLK_F_SEG_MAX = 1L << 2;
    static final long VIRTIO_BLK_F_RO = 1L << 5;
    static final long VIRTIO_BLK_F_BLK_SIZE = 1L << 6;
    static final long VIRTIO_BLK_F_FLUSH = 1L << 9;

    // Request types and status values, §5.2.6.
    static final int VIRTIO_BLK_T_IN = 0;
    static final int VIRTIO_BLK_T_OUT = 1;
    static final int VIRTIO_BLK_T_FLUSH = 4;
    static final int VIRTIO_BLK_T_GET_ID = 8;
    static final int VIRTIO_BLK_S_OK = 0;
    static final int VIRTIO_BLK_S_IOERR = 1;
    static final int VIRTIO_BLK_S_UNSUPP = 2;
    static final int VIRTIO_BLK_ID_BYTES = 20;

    /** virtio_blk_config up to and including the topology fields (§5.2.4). */
    static final int CONFIG_SIZE = 0x24;
    static final int PAGE = 4096;

    @NotState("host file: named in the snapshot and checked on restore")
    private final BlockFile file;
    @NotState("configuration")
    private final boolean readOnly, snapshot;
    @NotState("configuration: the file's size")
    private final long capacity;                       // in 512-byte sectors
    @NotState("configuration")
    private final byte[] id = new byte[VIRTIO_BLK_ID_BYTES];
    @NotState("configuration")
    private final byte[] config = new byte[CONFIG_SIZE];
    /** Pages written to a snapshot drive, by page number. */
    private final HashMap<Long, byte[]> overlay = new HashMap<>();

    @NotState("scratch")
    private final byte[] header = new byte[16];
    @NotState("scratch")
    private final byte[] status = new byte[1];
    @NotState("scratch")
    private final byte[] buf = new byte[64 * 1024];
    @NotState("scratch")
    private final ByteBuffer bb = ByteBuffer.wrap(buf);

    /**
     * A drive over {@code file}, whose size (rounded down to whole sectors) is the disk's capacity;
     * {@code serial} (at most 20 bytes) answers GET_ID.
     */
    public VirtioBlk(BlockFile file, boolean readOnly, boolean snapshot, String serial) throws IOException {
        this.file = file;
        this.readOnly = readOnly;
        this.snapshot = snapshot;
        this.capacity = file.size() / SECTOR;
        byte[] s = serial.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, id, 0, Math.min(s.length, id.length));
        put(0, 8, capacity);
        put(12, 4, QUEUE_SIZE - 2);                   // seg_max: a chain also holds the header and status
        put(20, 4, SECTOR);                            // blk_size
    }

    private void put(int off, int n, long v) {
        for (int i = 0; i < n; i++) config[off + i] = (byte) (v >>> (8 * i));
    }

    /** The disk size in 512-byte sectors. */
    public long capacity() { return capacity; }

    @Override public int deviceId() { return DEVICE_ID; }

    @Override
    public long features() {
        return VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH | (readOnly ? VIRTIO_BLK_F_RO : 0);
    }

    @Override public int queueCount() { return 1; }

    @Override public int queueMaxSize(int queue) { return QUEUE_SIZE; }

    @Override public int configSize() { return CONFIG_SIZE; }

    @Override
    public long configRead(int offset, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) v |= (config[offset + i] & 0xFFL) << (8 * i);
        return v;
    }

    @Override
    public int handle(int queue, VirtqChain c) {
        long readable = c.readableLength(), writable = c.writableLength();
        if (readable < header.length || writable < 1) return -1;
        c.read(0, header, 0, header.length);
        int type = (int) le(header, 0, 4);
        long sector = le(header, 8, 8);
        int s;
        switch (type) {
            case VIRTIO_BLK_T_IN -> s = transfer(c, sector, 0, writable - 1, true);
            case VIRTIO_BLK_T_OUT -> s = readOnly ? VIRTIO_BLK_S_IOERR : transfer(c, sector, header.length, readable - header.length, false);
            case VIRTIO_BLK_T_FLUSH -> s = flush();
            case VIRTIO_BLK_T_GET_ID -> {
                c.write(0, id, 0, (int) Math.min(id.length, writable - 1));
                s = VIRTIO_BLK_S_OK;
            }
            default -> s = VIRTIO_BLK_S_UNSUPP;
        }
        status[0] = (byte) s;
        c.write(writable - 1, status, 0, 1);
        return (int) Math.min(writable, Integer.MAX_VALUE);
    }

    private static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (b[off + i] & 0xFFL) << (8 * i);
        return v;
    }

    /** Moves {@code len} bytes between the disk at {@code sector} and the chain at {@code chainOff}. */
    private int transfer(VirtqChain c, long sector, long chainOff, long len, boolean toGuest) {
        // Whole sectors inside the disk only (§5.2.6.1: the driver sends multiples of 512).
        if (len % SECTOR != 0 || Long.compareUnsigned(sector, capacity) > 0 || len / SECTOR > capacity - sector) {
            return VIRTIO_BLK_S_IOERR;
        }
        long pos = sector * SECTOR;
        try {
            for (long done = 0; done < len; ) {
                int n = (int) Math.min(buf.length, len - done);
                if (toGuest) {
                    if (!readDisk(pos + done, n)) return VIRTIO_BLK_S_IOERR;
                    c.write(chainOff + done, buf, 0, n);
                } else {
                    c.read(chainOff + done, buf, 0, n);
                    if (!writeDisk(pos + done, n)) return VIRTIO_BLK_S_IOERR;
                }
                done += n;
            }
            return VIRTIO_BLK_S_OK;
        } catch (IOException | RuntimeException e) {
            return VIRTIO_BLK_S_IOERR;
        }
    }

    /** Fills buf[0, n) from the disk at {@code pos}; false when the file ends first. */
    private boolean readDisk(long pos, int n) throws IOException {
        if (!snapshot) return readFile(pos, 0, n);
        for (int off = 0; off < n; ) {
            long page = (pos + off) / PAGE;
            int in = (int) ((pos + off) % PAGE), k = Math.min(n - off, PAGE - in);
            byte[] p = overlay.get(page);
            if (p != null) System.arraycopy(p, in, buf, off, k);
            else if (!readFile(pos + off, off, k)) return false;
            off += k;
        }
        return true;
    }

    private boolean readFile(long pos, int off, int n) throws IOException {
        bb.limit(off + n).position(off);
        while (bb.hasRemaining()) {
            if (file.read(bb, pos + bb.position() - off) <= 0) return false;   // shrank under us
        }
        return true;
    }

    /** Writes buf[0, n) to the disk at {@code pos}. */
    private boolean writeDisk(long pos, int n) throws IOException {
        if (!snapshot) {
            bb.limit(n).position(0);
            while (bb.hasRemaining()) {
                if (file.write(bb, pos + bb.position()) <= 0) return false;
            }
            return true;
        }
        for (int off = 0; off < n; ) {
            long page = (pos + off) / PAGE;
            int in = (int) ((pos + off) % PAGE), k = Math.min(n - off, PAGE - in);
            byte[] p = overlay.get(page);
            if (p == null) {
                p = new byte[PAGE];
                // The rest of the page comes from the file; the disk's last page may be partial.
                long start = page * PAGE;
                int have = (int) Math.min(PAGE, capacity * SECTOR - start);
                ByteBuffer pb = ByteBuffer.wrap(p, 0, have);
                while (pb.hasRemaining()) {
                    if (file.read(pb, start + pb.position()) <= 0) return false;
                }
                overlay.put(page, p);
            }
            System.arraycopy(buf, off, p, in, k);
            off += k;
        }
        return true;
    }

    private int flush() {
        if (snapshot || readOnly) return VIRTIO_BLK_S_OK;
        try {
            file.force();
            return VIRTIO_BLK_S_OK;
        } catch (IOException | RuntimeException e) {
            return VIRTIO_BLK_S_IOERR;
        }
    }

    // ---- snapshots ----

    /** The pages a snapshot=on drive holds in memory; a writable drive's writes are in its file, which a restore checks. */
    @Override
    public void save(SnapshotOutput o) {
        Long[] pages = overlay.keySet().toArray(new Long[0]);
        java.util.Arrays.sort(pages);
        o.writeInt(pages.length);
        for (Long p : pages) { o.writeLong(p); o.writeBytes(overlay.get(p)); }
    }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        overlay.clear();
        int n = in.readInt(0, Integer.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            long p = in.readLong();
            byte[] b = in.readBytes();
            if (b.length != PAGE) throw new SnapshotFormatException("a drive overlay page of " + b.length + " bytes");
            overlay.put(p, b);
        }
    }
}
