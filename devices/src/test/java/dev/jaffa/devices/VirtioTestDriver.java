package dev.jaffa.devices;

import static dev.jaffa.devices.VirtioMmio.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jaffa.interp.memory.SystemBus;
import java.io.ByteArrayOutputStream;

/**
 * A small virtio-mmio driver for device tests: it probes and negotiates as Linux does, lays out
 * one split virtqueue in guest RAM, and submits requests as descriptor chains (readable buffers
 * first, then writable ones), one descriptor per buffer, with the data in RAM after the rings.
 * There is also Secure-only RAM, to check that devices cannot reach it.
 */
final class VirtioTestDriver {
    static final long RAM = 0x4000_0000L, RAM_SIZE = 16L << 20;
    static final long SECURE = 0x0E00_0000L, SECURE_SIZE = 1L << 20;
    static final long DESC = RAM, AVAIL = RAM + 0x4000, USED = RAM + 0x8000, DATA = RAM + 0x10000;

    final SystemBus bus = new SystemBus();
    final RecordingLine irq = new RecordingLine();
    final VirtioMmio dev;
    int qsize;
    private long heap = DATA;

    VirtioTestDriver(VirtioDevice backend) {
        bus.addRam(RAM, RAM_SIZE);
        bus.addRam(SECURE, SECURE_SIZE);
        bus.setSecureOnly(SECURE, SECURE_SIZE);
        dev = new VirtioMmio(bus, irq, backend);
    }

    int r(int off) { return (int) dev.read(off, 4); }

    void w(int off, int v) { dev.write(off, 4, v); }

    long ram(long pa, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) v |= (bus.ramPage(pa + i)[(int) (pa + i) & 0xFFF] & 0xFFL) << (8 * i);
        return v;
    }

    void ram(long pa, int size, long v) {
        for (int i = 0; i < size; i++) bus.ramPage(pa + i)[(int) (pa + i) & 0xFFF] = (byte) (v >>> (8 * i));
    }

    void put(long pa, byte[] b) {
        for (int i = 0; i < b.length; i++) bus.ramPage(pa + i)[(int) (pa + i) & 0xFFF] = b[i];
    }

    byte[] get(long pa, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = bus.ramPage(pa + i)[(int) (pa + i) & 0xFFF];
        return b;
    }

    void desc(int i, long addr, int len, int flags, int next) {
        long d = DESC + 16L * i;
        ram(d, 8, addr);
        ram(d + 8, 4, len);
        ram(d + 12, 2, flags);
        ram(d + 14, 2, next);
    }

    void offer(int head) {
        int idx = (int) ram(AVAIL + 2, 2);
        ram(AVAIL + 4 + 2L * (idx % qsize), 2, head);
        ram(AVAIL + 2, 2, idx + 1);
    }

    int usedIdx() { return (int) ram(USED + 2, 2); }

    long configRead(int off, int size) { return dev.read(CONFIG + off, size); }

    boolean needsReset() { return (r(STATUS) & DEVICE_NEEDS_RESET) != 0; }

    /** Probe, feature negotiation (all offered features) and queue 0 setup; DRIVER_OK. Returns the features. */
    long init(int expectDeviceId) {
        assertEquals(MAGIC, r(MAGIC_VALUE));
        assertEquals(2, r(VERSION));
        assertEquals(expectDeviceId, r(DEVICE_ID));
        w(STATUS, 0);
        w(STATUS, ACKNOWLEDGE);
        w(STATUS, ACKNOWLEDGE | DRIVER);
        w(DEVICE_FEATURES_SEL, 0);
        long f = r(DEVICE_FEATURES) & 0xFFFF_FFFFL;
        w(DEVICE_FEATURES_SEL, 1);
        f |= (r(DEVICE_FEATURES) & 0xFFFF_FFFFL) << 32;
        f &= ~VIRTIO_F_INDIRECT_DESC;
        w(DRIVER_FEATURES_SEL, 0);
        w(DRIVER_FEATURES, (int) f);
        w(DRIVER_FEATURES_SEL, 1);
        w(DRIVER_FEATURES, (int) (f >>> 32));
        w(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK);
        assertEquals(FEATURES_OK, r(STATUS) & FEATURES_OK);
        for (long a = DESC; a < DATA; a += 8) ram(a, 8, 0);   // fresh rings, as a driver allocates them
        w(QUEUE_SEL, 0);
        qsize = Math.min(256, r(QUEUE_NUM_MAX));
        w(QUEUE_NUM, qsize);
        w(QUEUE_DESC_LOW, (int) DESC);
        w(QUEUE_DESC_HIGH, 0);
        w(QUEUE_DRIVER_LOW, (int) AVAIL);
        w(QUEUE_DRIVER_HIGH, 0);
        w(QUEUE_DEVICE_LOW, (int) USED);
        w(QUEUE_DEVICE_HIGH, 0);
        w(QUEUE_READY, 1);
        w(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
        return f;
    }

    /**
     * Submits one chain of explicit buffers (readable ones must come first) and notifies; true
     * when the device used it.
     */
    boolean requestAt(long[] addr, int[] len, boolean[] writable) {
        for (int i = 0; i < addr.length; i++) {
            int flags = (writable[i] ? VIRTQ_DESC_F_WRITE : 0) | (i + 1 < addr.length ? VIRTQ_DESC_F_NEXT : 0);
            desc(i, addr[i], len[i], flags, i + 1);
        }
        int before = usedIdx();
        offer(0);
        w(QUEUE_NOTIFY, 0);
        return usedIdx() != before;
    }

    /** What the device answered: the used element's len and the writable buffers' contents. */
    static final class Reply {
        final int len;
        final byte[] data;
        Reply(int len, byte[] data) { this.len = len; this.data = data; }
    }

    /**
     * Submits one chain (readable {@code out} buffers, then writable buffers of {@code inLens}
     * bytes, pre-filled with 0xEE) and notifies; returns the reply, or null when the device
     * used nothing.
     */
    Reply request(byte[][] out, int... inLens) {
        heap = DATA;
        int n = out.length + inLens.length;
        long[] addr = new long[n];
        for (int i = 0; i < n; i++) {
            int len = i < out.length ? out[i].length : inLens[i - out.length];
            addr[i] = heap;
            if (i < out.length) put(heap, out[i]);
            else for (int k = 0; k < len; k++) ram(heap + k, 1, 0xEE);
            heap = (heap + len + 15) & ~15L;
            int flags = (i >= out.length ? VIRTQ_DESC_F_WRITE : 0) | (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
            desc(i, addr[i], len, flags, i + 1);
        }
        int before = usedIdx();
        offer(0);
        w(QUEUE_NOTIFY, 0);
        if (usedIdx() == before) return null;
        long elem = USED + 4 + 8L * (before % qsize);
        assertEquals(0, ram(elem, 4), "used id is the head");
        int len = (int) ram(elem + 4, 4);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = out.length; i < n; i++) b.writeBytes(get(addr[i], inLens[i - out.length]));
        w(INTERRUPT_ACK, r(INTERRUPT_STATUS));
        return new Reply(len, b.toByteArray());
    }
}
