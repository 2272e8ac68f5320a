package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * virtio 9P transport (virtio v1.2 §5.11 is silent on it; this is the device Linux's
 * {@code 9pnet_virtio} and QEMU's {@code virtio-9p-device} agree on): device ID 9, one request
 * queue, VIRTIO_9P_MOUNT_TAG with the tag in configuration space (le16 length, then the bytes).
 * Each chain carries one 9P message in its readable part and receives the reply in its writable
 * part; {@link P9Server} answers it. A chain without room for even a reply header is a device
 * error.
 */
public final class Virtio9p implements VirtioDevice {
    public static final int DEVICE_ID = 9;
    static final long VIRTIO_9P_MOUNT_TAG = 1;
    /** QEMU's MAX_REQ. */
    static final int QUEUE_SIZE = 128;

    @NotState("configuration")
    private final byte[] tag;
    private final P9Server server;
    @NotState("scratch")
    private byte[] request = new byte[8192];
    @NotState("scratch")
    private byte[] reply = new byte[8192];

    /** A share of {@code root} (an existing directory, ideally a real path) under mount tag {@code tag}. */
    public Virtio9p(Path root, String tag, boolean readOnly) {
        this.tag = tag.getBytes(StandardCharsets.UTF_8);
        this.server = new P9Server(root, readOnly);
    }

    @Override public int deviceId() { return DEVICE_ID; }

    @Override public long features() { return VIRTIO_9P_MOUNT_TAG; }

    @Override public int queueCount() { return 1; }

    @Override public int queueMaxSize(int queue) { return QUEUE_SIZE; }

    @Override public int configSize() { return 2 + tag.length; }

    @Override
    public long configRead(int offset, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            int o = offset + i;
            int b = o == 0 ? tag.length & 0xFF : o == 1 ? tag.length >>> 8 : tag[o - 2];
            v |= (b & 0xFFL) << (8 * i);
        }
        return v;
    }

    @Override
    public void reset() {
        server.reset();
    }

    @Override
    public int handle(int queue, VirtqChain c) {
        long readable = c.readableLength(), writable = c.writableLength();
        if (readable < P9Server.HEADER || writable < P9Server.HEADER) return -1;
        c.read(0, request, 0, 4);
        long size = (request[0] & 0xFFL) | (request[1] & 0xFFL) << 8 | (request[2] & 0xFFL) << 16 | (request[3] & 0xFFL) << 24;
        // No message is larger than msize; anything longer is truncated and found malformed.
        int n = (int) Math.min(Math.min(size, readable), P9Server.MAX_MSIZE);
        n = Math.max(n, P9Server.HEADER);
        if (request.length < n) request = new byte[Math.max(n, Math.min(2 * request.length, P9Server.MAX_MSIZE))];
        c.read(0, request, 0, n);
        int room = (int) Math.min(Math.min(writable, server.msize()), P9Server.MAX_MSIZE);
        if (reply.length < room) reply = new byte[Math.max(room, Math.min(2 * reply.length, P9Server.MAX_MSIZE))];
        int len = server.process(request, n, reply, room);
        if (len < 0) return -1;
        c.write(0, reply, 0, len);
        return len;
    }

    // ---- snapshots ----

    @Override public void save(SnapshotOutput o) { server.save(o); }

    @Override public void restore(SnapshotInput in) throws SnapshotFormatException { server.restore(in); }
}
