package dev.jaffa.devices;

import static dev.jaffa.devices.VirtioMmio.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jaffa.interp.memory.SystemBus;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VirtioMmioTest {
    static final long RAM = 0x4000_0000L;
    static final long DESC = RAM;            // 8 descriptors
    static final long AVAIL = RAM + 0x200;
    static final long USED = RAM + 0x400;
    static final long BUF = RAM + 0x1000;

    final SystemBus bus = new SystemBus();
    final RecordingLine irq = new RecordingLine();
    final VirtioMmio dev;

    VirtioMmioTest() {
        bus.addRam(RAM, 0x10000);
        dev = new VirtioMmio(bus, irq, new VirtioRng(42));
    }

    int r(int off) { return (int) dev.read(off, 4); }
    void w(int off, int v) { dev.write(off, 4, v); }

    long ram(long pa, int size) { // little-endian read of guest RAM
        long v = 0;
        for (int i = 0; i < size; i++) v |= (bus.ramPage(pa + i)[(int) (pa + i) & 0xFFF] & 0xFFL) << (8 * i);
        return v;
    }

    void ram(long pa, int size, long v) {
        for (int i = 0; i < size; i++) bus.ramPage(pa + i)[(int) (pa + i) & 0xFFF] = (byte) (v >>> (8 * i));
    }

    void desc(long table, int i, long addr, int len, int flags, int next) {
        long d = table + 16L * i;
        ram(d, 8, addr);
        ram(d + 8, 4, len);
        ram(d + 12, 2, flags);
        ram(d + 14, 2, next);
    }

    void offer(int head) { // the driver's side of §2.7.13: ring entry, then idx
        int idx = (int) ram(AVAIL + 2, 2);
        ram(AVAIL + 4 + 2L * (idx % 8), 2, head);
        ram(AVAIL + 2, 2, idx + 1);
    }

    /** Linux's probe and queue setup (§3.1.1, §4.2.3.2). */
    void driverInit(long features) {
        assertEquals(MAGIC, r(MAGIC_VALUE));
        assertEquals(2, r(VERSION));
        assertEquals(4, r(DEVICE_ID));
        assertEquals(0x554D4551, r(VENDOR_ID));
        w(STATUS, ACKNOWLEDGE);
        w(STATUS, ACKNOWLEDGE | DRIVER);
        w(DEVICE_FEATURES_SEL, 1);
        assertEquals(1, r(DEVICE_FEATURES));              // VERSION_1 is bit 32
        w(DRIVER_FEATURES_SEL, 0);
        w(DRIVER_FEATURES, (int) features);
        w(DRIVER_FEATURES_SEL, 1);
        w(DRIVER_FEATURES, (int) (features >>> 32));
        w(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK);
        w(QUEUE_SEL, 0);
        assertEquals(0, r(QUEUE_READY));
        assertEquals(8, r(QUEUE_NUM_MAX));
        w(QUEUE_NUM, 8);
        w(QUEUE_DESC_LOW, (int) DESC);
        w(QUEUE_DESC_HIGH, 0);
        w(QUEUE_DRIVER_LOW, (int) AVAIL);
        w(QUEUE_DEVICE_LOW, (int) USED);
        w(QUEUE_READY, 1);
        assertEquals(1, r(QUEUE_READY));
    }

    void driverOk() {
        w(STATUS, r(STATUS) | DRIVER_OK);
    }

    @Test
    void rngRequestThroughARealDescriptorChain() {
        driverInit(VIRTIO_F_VERSION_1);
        assertEquals(ACKNOWLEDGE | DRIVER | FEATURES_OK, r(STATUS));
        driverOk();
        // Two writable buffers; the first straddles a page boundary.
        long a = BUF + 0x1000 - 8, b = BUF + 0x2000;
        desc(DESC, 3, a, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 5);
        desc(DESC, 5, b, 32, VIRTQ_DESC_F_WRITE, 0);
        offer(3);
        assertFalse(irq.level);
        w(QUEUE_NOTIFY, 0);
        assertEquals(1, ram(USED + 2, 2));                // used.idx
        assertEquals(3, ram(USED + 4, 4));                // used.ring[0].id = head
        assertEquals(48, ram(USED + 8, 4));               // used.ring[0].len = bytes written
        assertEquals(INT_USED_BUFFER, r(INTERRUPT_STATUS));
        assertTrue(irq.level);
        byte[] expect = new byte[256];
        new SplittableRandom(42).nextBytes(expect);
        for (int i = 0; i < 16; i++) assertEquals(expect[i], (byte) ram(a + i, 1), "byte " + i);
        for (int i = 0; i < 32; i++) assertEquals(expect[16 + i], (byte) ram(b + i, 1), "byte " + (16 + i));
        w(INTERRUPT_ACK, INT_USED_BUFFER);
        assertFalse(irq.level);
        assertEquals(0, r(INTERRUPT_STATUS));
        assertEquals(0, r(STATUS) & DEVICE_NEEDS_RESET);
    }

    @Test
    void indirectTableAndNoInterruptFlag() {
        driverInit(VIRTIO_F_VERSION_1 | VIRTIO_F_INDIRECT_DESC);
        driverOk();
        long table = RAM + 0x800;
        desc(table, 0, BUF, 4, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
        desc(table, 1, BUF + 0x100, 4, VIRTQ_DESC_F_WRITE, 0);
        desc(DESC, 0, table, 32, VIRTQ_DESC_F_INDIRECT, 0);
        ram(AVAIL, 2, VIRTQ_AVAIL_F_NO_INTERRUPT);
        offer(0);
        w(QUEUE_NOTIFY, 0);
        assertEquals(1, ram(USED + 2, 2));
        assertEquals(8, ram(USED + 8, 4));
        assertFalse(irq.level);                           // suppressed by the driver
    }

    @Test
    void buffersMadeAvailableBeforeDriverOkAreServedAtDriverOk() {
        driverInit(VIRTIO_F_VERSION_1);
        desc(DESC, 0, BUF, 8, VIRTQ_DESC_F_WRITE, 0);
        offer(0);
        w(QUEUE_NOTIFY, 0);
        assertEquals(0, ram(USED + 2, 2));
        driverOk();
        assertEquals(1, ram(USED + 2, 2));
        assertTrue(irq.level);
    }

    @Test
    void bufferOutsideRamNeedsReset() {
        driverInit(VIRTIO_F_VERSION_1);
        driverOk();
        desc(DESC, 0, 0x1000_0000L, 64, VIRTQ_DESC_F_WRITE, 0); // not RAM
        offer(0);
        w(QUEUE_NOTIFY, 0);
        assertEquals(0, ram(USED + 2, 2));
        assertEquals(DEVICE_NEEDS_RESET, r(STATUS) & DEVICE_NEEDS_RESET);
        assertEquals(INT_CONFIG_CHANGE, r(INTERRUPT_STATUS));
        assertTrue(irq.level);
        // Ignored until reset; reset clears everything.
        w(QUEUE_NOTIFY, 0);
        w(STATUS, 0);
        assertEquals(0, r(STATUS));
        assertEquals(0, r(INTERRUPT_STATUS));
        assertEquals(0, r(QUEUE_READY));
        assertFalse(irq.level);
    }

    @Test
    void malformedChainsNeedReset() {
        int[][] cases = {
            {0, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 0},   // loops onto itself
            {0, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 99},  // next beyond the table
            {0, VIRTQ_DESC_F_INDIRECT, 0},                    // INDIRECT not negotiated
        };
        for (int[] c : cases) {
            w(STATUS, 0);
            for (int i = 0; i < 0x800; i += 8) ram(RAM + i, 8, 0);
            driverInit(VIRTIO_F_VERSION_1);
            driverOk();
            desc(DESC, 0, c[1] == VIRTQ_DESC_F_INDIRECT ? RAM + 0x800 : BUF, 16, c[1], c[2]);
            offer(0);
            w(QUEUE_NOTIFY, 0);
            assertEquals(DEVICE_NEEDS_RESET, r(STATUS) & DEVICE_NEEDS_RESET, "case next=" + c[2]);
            assertEquals(0, ram(USED + 2, 2));
        }
        // Readable after writable.
        w(STATUS, 0);
        driverInit(VIRTIO_F_VERSION_1);
        driverOk();
        desc(DESC, 0, BUF, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
        desc(DESC, 1, BUF, 16, 0, 0);
        offer(0);
        w(QUEUE_NOTIFY, 0);
        assertEquals(DEVICE_NEEDS_RESET, r(STATUS) & DEVICE_NEEDS_RESET);
    }

    @Test
    void badQueueSetupNeedsReset() {
        w(STATUS, ACKNOWLEDGE | DRIVER);
        w(DRIVER_FEATURES_SEL, 1);
        w(DRIVER_FEATURES, 1);
        w(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK);
        w(QUEUE_NUM, 6);                                  // not a power of two
        w(QUEUE_READY, 1);
        assertEquals(0, r(QUEUE_READY));
        assertEquals(DEVICE_NEEDS_RESET, r(STATUS) & DEVICE_NEEDS_RESET);
    }

    @Test
    void featuresWithoutVersion1AreRefused() {
        w(STATUS, ACKNOWLEDGE | DRIVER);
        w(DRIVER_FEATURES, 0);                            // legacy-only driver
        w(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK);
        assertEquals(0, r(STATUS) & FEATURES_OK);
        w(DRIVER_FEATURES_SEL, 1);
        w(DRIVER_FEATURES, 1 | 2);                        // VERSION_1 plus an unoffered bit 33
        w(STATUS, ACKNOWLEDGE | DRIVER | FEATURES_OK);
        assertEquals(0, r(STATUS) & FEATURES_OK);
    }

    @Test
    void registerAccessRules() {
        assertEquals(0, dev.read(MAGIC_VALUE, 2));       // 32-bit registers only
        assertEquals(0, r(0x0F0));                        // reserved
        assertEquals(0, r(CONFIG));                       // rng has no config space
        assertEquals(-1, r(SHM_LEN_LOW));                 // no shared memory regions
        w(QUEUE_SEL, 5);                                  // no such queue
        assertEquals(0, r(QUEUE_NUM_MAX));
        w(QUEUE_READY, 1);
        w(QUEUE_NOTIFY, 5);
        w(0x1FC, 0);
        assertEquals(0, r(STATUS));
    }

    @Test
    void emptySlotLooksLikeQemus() {
        VirtioMmio empty = VirtioMmio.empty(bus);
        assertEquals(MAGIC, empty.read(MAGIC_VALUE, 4));
        assertEquals(2, empty.read(VERSION, 4));
        assertEquals(0, empty.read(DEVICE_ID, 4));
        assertEquals(0x554D4551, empty.read(VENDOR_ID, 4));
        empty.write(STATUS, 4, 0xFF);
        assertEquals(0, empty.read(STATUS, 4));
        assertEquals(0, empty.read(QUEUE_NUM_MAX, 4));
    }
}
