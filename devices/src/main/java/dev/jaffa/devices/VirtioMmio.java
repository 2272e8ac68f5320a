package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;

import dev.jaffa.interp.memory.PhysicalBus;
import dev.jaffa.interp.memory.SystemBus;


/**
 * The virtio-over-MMIO transport, version 2 ("modern") register layout (virtio v1.2 §4.2.2),
 * with split virtqueues (§2.7) read from guest RAM. Without a backend it is an empty slot, as
 * QEMU's virt board has 32 of: magic, version and vendor read as usual and DeviceID reads 0, so
 * Linux probes it and no driver claims it.
 *
 * <p>Driver mistakes never throw: a bad ring or buffer address (not RAM, or Secure-only memory,
 * which a Non-secure device cannot reach: see {@link GuestMemory}), a looping or
 * out-of-range chain, a misplaced indirect descriptor or a readable-after-writable descriptor
 * sets DEVICE_NEEDS_RESET and, once DRIVER_OK, a configuration-change interrupt (§2.1.2); the
 * device then ignores notifications until it is reset. VIRTIO_F_EVENT_IDX is not offered.
 */
public final class VirtioMmio implements SystemBus.Device, Snapshottable {
    // Register offsets, virtio v1.2 §4.2.2 Table 4.1.
    static final int MAGIC_VALUE = 0x000;
    static final int VERSION = 0x004;
    static final int DEVICE_ID = 0x008;
    static final int VENDOR_ID = 0x00C;
    static final int DEVICE_FEATURES = 0x010;
    static final int DEVICE_FEATURES_SEL = 0x014;
    static final int DRIVER_FEATURES = 0x020;
    static final int DRIVER_FEATURES_SEL = 0x024;
    static final int QUEUE_SEL = 0x030;
    static final int QUEUE_NUM_MAX = 0x034;
    static final int QUEUE_NUM = 0x038;
    static final int QUEUE_READY = 0x044;
    static final int QUEUE_NOTIFY = 0x050;
    static final int INTERRUPT_STATUS = 0x060;
    static final int INTERRUPT_ACK = 0x064;
    static final int STATUS = 0x070;
    static final int QUEUE_DESC_LOW = 0x080;
    static final int QUEUE_DESC_HIGH = 0x084;
    static final int QUEUE_DRIVER_LOW = 0x090;
    static final int QUEUE_DRIVER_HIGH = 0x094;
    static final int QUEUE_DEVICE_LOW = 0x0A0;
    static final int QUEUE_DEVICE_HIGH = 0x0A4;
    static final int SHM_SEL = 0x0AC;
    static final int SHM_LEN_LOW = 0x0B0;
    static final int SHM_LEN_HIGH = 0x0B4;
    static final int SHM_BASE_LOW = 0x0B8;
    static final int SHM_BASE_HIGH = 0x0BC;
    static final int QUEUE_RESET = 0x0C0;
    static final int CONFIG_GENERATION = 0x0FC;
    static final int CONFIG = 0x100;

    /** The size of one transport window (QEMU virt spaces them 0x200 apart). */
    public static final int WINDOW_SIZE = 0x200;

    static final int MAGIC = 0x74726976;          // "virt"
    static final int MMIO_VERSION = 2;
    static final int VENDOR = 0x554D4551;         // "QEMU", as QEMU reports

    // Device status bits, §2.1.
    static final int ACKNOWLEDGE = 1;
    static final int DRIVER = 2;
    static final int DRIVER_OK = 4;
    static final int FEATURES_OK = 8;
    static final int DEVICE_NEEDS_RESET = 0x40;
    static final int FAILED = 0x80;

    // InterruptStatus bits, §4.2.2.
    static final int INT_USED_BUFFER = 1;
    static final int INT_CONFIG_CHANGE = 2;

    // Reserved feature bits, §6.
    static final long VIRTIO_F_INDIRECT_DESC = 1L << 28;
    static final long VIRTIO_F_VERSION_1 = 1L << 32;
    static final long TRANSPORT_FEATURES = VIRTIO_F_INDIRECT_DESC | VIRTIO_F_VERSION_1;

    // Split virtqueue layout, §2.7.5-2.7.8.
    static final int VIRTQ_DESC_F_NEXT = 1;
    static final int VIRTQ_DESC_F_WRITE = 2;
    static final int VIRTQ_DESC_F_INDIRECT = 4;
    static final int VIRTQ_AVAIL_F_NO_INTERRUPT = 1;
    static final int DESC_SIZE = 16;
    static final int MAX_QUEUE_SIZE = 32768;

    private final VirtioDevice backend;        // null: empty slot
    @NotState("wiring")
    private final InterruptLine irq;
    @NotState("wiring")
    private final GuestMemory mem;
    @NotState("scratch: the chain being handled")
    private final VirtqChain chain;
    @NotState("configuration")
    private final int queues;

    private int status, interruptStatus, configGeneration;
    private int deviceFeaturesSel, driverFeaturesSel, queueSel;
    private long driverFeatures;
    private final int[] queueNum, lastAvail, usedIdx;
    private final boolean[] queueReady;
    private final long[] queueDesc, queueDriver, queueDevice;
    private boolean lineLevel;

    /** A transport for {@code backend} (null for an empty slot) using guest RAM from {@code bus}. */
    public VirtioMmio(PhysicalBus bus, InterruptLine irq, VirtioDevice backend) {
        this.backend = backend;
        this.irq = irq;
        this.mem = new GuestMemory(bus);
        this.queues = backend == null ? 0 : backend.queueCount();
        queueNum = new int[queues];
        lastAvail = new int[queues];
        usedIdx = new int[queues];
        queueReady = new boolean[queues];
        queueDesc = new long[queues];
        queueDriver = new long[queues];
        queueDevice = new long[queues];
        int cap = 1;
        for (int q = 0; q < queues; q++) cap = Math.max(cap, maxSize(q));
        chain = new VirtqChain(mem, Math.min(cap, 1024));
        reset();
    }

    /** An empty slot: DeviceID 0, no queues. */
    public static VirtioMmio empty(PhysicalBus bus) {
        return new VirtioMmio(bus, InterruptLine.NONE, null);
    }

    /** Device reset (§2.4): the state a driver finds after writing 0 to Status. */
    public void reset() {
        status = interruptStatus = 0;
        deviceFeaturesSel = driverFeaturesSel = queueSel = 0;
        driverFeatures = 0;
        for (int q = 0; q < queues; q++) {
            queueNum[q] = maxSize(q);
            lastAvail[q] = usedIdx[q] = 0;
            queueReady[q] = false;
            queueDesc[q] = queueDriver[q] = queueDevice[q] = 0;
        }
        if (backend != null) backend.reset();
        updateIrq();
    }

    /** The backend's configuration changed: bump ConfigGeneration and notify the driver. */
    public void configChanged() {
        configGeneration++;
        if ((status & DRIVER_OK) != 0) interruptStatus |= INT_CONFIG_CHANGE;
        updateIrq();
    }

    private int maxSize(int q) {
        return Math.max(0, Math.min(MAX_QUEUE_SIZE, backend.queueMaxSize(q)));
    }

    @Override
    public long read(long offset, int size) {
        if (offset >= CONFIG) return readConfig(offset - CONFIG, size);
        if (size != 4 || (offset & 3) != 0) return 0;   // registers are 32-bit only (§4.2.2.2)
        int o = (int) offset;
        if (backend == null) {
            return switch (o) {
                case MAGIC_VALUE -> MAGIC;
                case VERSION -> MMIO_VERSION;
                case VENDOR_ID -> VENDOR;
                default -> 0;
            };
        }
        boolean qok = queueSel < queues;
        long r = switch (o) {
            case MAGIC_VALUE -> MAGIC;
            case VERSION -> MMIO_VERSION;
            case DEVICE_ID -> backend.deviceId();
            case VENDOR_ID -> VENDOR;
            case DEVICE_FEATURES -> deviceFeaturesSel == 0 ? (int) offered()
                    : deviceFeaturesSel == 1 ? (int) (offered() >>> 32) : 0;
            case QUEUE_NUM_MAX -> qok ? maxSize(queueSel) : 0;
            case QUEUE_READY -> qok && queueReady[queueSel] ? 1 : 0;
            case INTERRUPT_STATUS -> interruptStatus;
            case STATUS -> status;
            case QUEUE_DESC_LOW -> qok ? (int) queueDesc[queueSel] : 0;
            case QUEUE_DESC_HIGH -> qok ? (int) (queueDesc[queueSel] >>> 32) : 0;
            case QUEUE_DRIVER_LOW -> qok ? (int) queueDriver[queueSel] : 0;
            case QUEUE_DRIVER_HIGH -> qok ? (int) (queueDriver[queueSel] >>> 32) : 0;
            case QUEUE_DEVICE_LOW -> qok ? (int) queueDevice[queueSel] : 0;
            case QUEUE_DEVICE_HIGH -> qok ? (int) (queueDevice[queueSel] >>> 32) : 0;
            // No shared memory regions: a length (and base) of all ones means "absent" (§4.2.2).
            case SHM_LEN_LOW, SHM_LEN_HIGH, SHM_BASE_LOW, SHM_BASE_HIGH -> -1;
            case CONFIG_GENERATION -> configGeneration;
            default -> 0;
        };
        return r & 0xFFFF_FFFFL;
    }

    @Override
    public void write(long offset, int size, long value) {
        if (backend == null) return;
        if (offset >= CONFIG) {
            writeConfig(offset - CONFIG, size, value);
            return;
        }
        if (size != 4 || (offset & 3) != 0) return;
        int v = (int) value;
        boolean qok = queueSel < queues;
        // Queue layout may change only while the queue is not ready (§4.2.3.2).
        boolean qw = qok && !queueReady[queueSel];
        switch ((int) offset) {
            case DEVICE_FEATURES_SEL -> deviceFeaturesSel = v;
            case DRIVER_FEATURES -> {
                if ((status & FEATURES_OK) != 0) break;    // negotiation is over
                if (driverFeaturesSel == 0) driverFeatures = driverFeatures & ~0xFFFF_FFFFL | v & 0xFFFF_FFFFL;
                else if (driverFeaturesSel == 1) driverFeatures = driverFeatures & 0xFFFF_FFFFL | (long) v << 32;
            }
            case DRIVER_FEATURES_SEL -> driverFeaturesSel = v;
            case QUEUE_SEL -> queueSel = v;
            case QUEUE_NUM -> { if (qw) queueNum[queueSel] = v; }
            case QUEUE_READY -> { if (qok) setQueueReady(queueSel, (v & 1) != 0); }
            case QUEUE_NOTIFY -> notify(v & 0xFFFF);
            case INTERRUPT_ACK -> interruptStatus &= ~v;
            case STATUS -> setStatus(v & 0xFF);
            case QUEUE_DESC_LOW -> { if (qw) queueDesc[queueSel] = low(queueDesc[queueSel], v); }
            case QUEUE_DESC_HIGH -> { if (qw) queueDesc[queueSel] = high(queueDesc[queueSel], v); }
            case QUEUE_DRIVER_LOW -> { if (qw) queueDriver[queueSel] = low(queueDriver[queueSel], v); }
            case QUEUE_DRIVER_HIGH -> { if (qw) queueDriver[queueSel] = high(queueDriver[queueSel], v); }
            case QUEUE_DEVICE_LOW -> { if (qw) queueDevice[queueSel] = low(queueDevice[queueSel], v); }
            case QUEUE_DEVICE_HIGH -> { if (qw) queueDevice[queueSel] = high(queueDevice[queueSel], v); }
            default -> { }                                  // read-only, SHM_SEL, QUEUE_RESET (not offered)
        }
        updateIrq();
    }

    private static long low(long old, int v) { return old & ~0xFFFF_FFFFL | v & 0xFFFF_FFFFL; }

    private static long high(long old, int v) { return old & 0xFFFF_FFFFL | (long) v << 32; }

    private long offered() {
        return backend.features() | TRANSPORT_FEATURES;
    }

    private long readConfig(long off, int size) {
        if (backend == null || (size != 1 && size != 2 && size != 4) || off + size > backend.configSize()) return 0;
        return backend.configRead((int) off, size) & ((1L << (8 * size)) - 1);
    }

    private void writeConfig(long off, int size, long value) {
        if ((size != 1 && size != 2 && size != 4) || off + size > backend.configSize()) return;
        backend.configWrite((int) off, size, value & ((1L << (8 * size)) - 1));
    }

    private void setStatus(int v) {
        if (v == 0) {
            reset();
            return;
        }
        int was = status;
        // FEATURES_OK sticks only if the driver accepted VERSION_1 and nothing we did not offer (§2.2.1, §3.1.1).
        if ((v & FEATURES_OK) != 0 && (was & FEATURES_OK) == 0
                && ((driverFeatures & VIRTIO_F_VERSION_1) == 0 || (driverFeatures & ~offered()) != 0)) {
            v &= ~FEATURES_OK;
        }
        status = v | (was & DEVICE_NEEDS_RESET);
        if ((status & DRIVER_OK) != 0 && (was & DRIVER_OK) == 0) {
            backend.driverOk(driverFeatures);
            // Buffers made available before DRIVER_OK are processed now (QEMU's virtio-rng does the same).
            for (int q = 0; q < queues; q++) if (queueReady[q]) notify(q);
        }
    }

    private void setQueueReady(int q, boolean on) {
        if (!on) {
            queueReady[q] = false;
            return;
        }
        if (queueReady[q]) return;
        int n = queueNum[q];
        // Split queues: a power-of-two size within QueueNumMax; rings aligned as §2.7 requires.
        if (n <= 0 || n > maxSize(q) || (n & (n - 1)) != 0
                || (queueDesc[q] & 15) != 0 || (queueDriver[q] & 1) != 0 || (queueDevice[q] & 3) != 0) {
            deviceError();
            return;
        }
        queueReady[q] = true;
        lastAvail[q] = usedIdx[q] = 0;
    }

    private void notify(int q) {
        if (q >= queues || !queueReady[q] || (status & DRIVER_OK) == 0 || (status & DEVICE_NEEDS_RESET) != 0) return;
        boolean used = false;
        try {
            int num = queueNum[q];
            long avail = queueDriver[q], usedRing = queueDevice[q];
            while (true) {
                int availIdx = mem.read16(avail + 2);
                int pending = (availIdx - lastAvail[q]) & 0xFFFF;
                if (pending == 0) break;
                if (pending > num) throw GuestMemory.Fault.INSTANCE;  // more available than the ring holds
                int head = mem.read16(avail + 4 + 2L * (lastAvail[q] & (num - 1)));
                buildChain(q, head);
                int len = backend.handle(q, chain);
                if (len < 0) throw GuestMemory.Fault.INSTANCE;
                len = (int) Math.min(len & 0xFFFF_FFFFL, chain.writableLength());
                lastAvail[q] = (lastAvail[q] + 1) & 0xFFFF;
                long elem = usedRing + 4 + 8L * (usedIdx[q] & (num - 1));
                mem.write32(elem, head);
                mem.write32(elem + 4, len);
                usedIdx[q] = (usedIdx[q] + 1) & 0xFFFF;
                mem.write16(usedRing + 2, usedIdx[q]);     // after the element, as the driver reads it
                used = true;
            }
            if (used && (mem.read16(avail) & VIRTQ_AVAIL_F_NO_INTERRUPT) == 0) interruptStatus |= INT_USED_BUFFER;
        } catch (GuestMemory.Fault f) {
            if (used) interruptStatus |= INT_USED_BUFFER;
            deviceError();
        } catch (RuntimeException e) {
            // A backend that failed unexpectedly: the guest sees a broken device, the run goes on.
            if (used) interruptStatus |= INT_USED_BUFFER;
            deviceError();
        }
        updateIrq();
    }

    /** Walks the chain at {@code head} into {@link #chain}, following NEXT and one level of INDIRECT. */
    private void buildChain(int q, int head) {
        int num = queueNum[q];
        long table = queueDesc[q];
        long tableSize = num;
        int limit = num;                                   // a chain never exceeds the queue size (§2.7.5.3.1)
        boolean indirect = false;
        boolean indirectOk = (driverFeatures & VIRTIO_F_INDIRECT_DESC) != 0;
        chain.clear(head);
        long i = head;
        int steps = 0;
        while (true) {
            if (i >= tableSize || ++steps > limit + 1) throw GuestMemory.Fault.INSTANCE;
            long d = table + DESC_SIZE * i;
            long addr = mem.read64(d);
            int len = mem.read32(d + 8);
            int flags = mem.read16(d + 12);
            int next = mem.read16(d + 14);
            if ((flags & VIRTQ_DESC_F_INDIRECT) != 0) {
                // Only once, only at the head, never together with NEXT (§2.7.5.3.1).
                long l = len & 0xFFFF_FFFFL;
                if (indirect || !indirectOk || (flags & VIRTQ_DESC_F_NEXT) != 0 || chain.segments() != 0
                        || l == 0 || l % DESC_SIZE != 0 || (addr & 15) != 0) {
                    throw GuestMemory.Fault.INSTANCE;
                }
                mem.checkRam(addr, l);
                indirect = true;
                table = addr;
                tableSize = l / DESC_SIZE;
                limit = (int) Math.min(tableSize, MAX_QUEUE_SIZE);
                i = 0;
                steps = 0;
                continue;
            }
            boolean w = (flags & VIRTQ_DESC_F_WRITE) != 0;
            if (!w && chain.hasWritable()) throw GuestMemory.Fault.INSTANCE; // readable after writable
            mem.checkRam(addr, len & 0xFFFF_FFFFL);
            if (!chain.add(addr, len, w, limit)) throw GuestMemory.Fault.INSTANCE;
            if ((flags & VIRTQ_DESC_F_NEXT) == 0) return;
            i = next;
        }
    }

    private void deviceError() {
        status |= DEVICE_NEEDS_RESET;
        if ((status & DRIVER_OK) != 0) interruptStatus |= INT_CONFIG_CHANGE;
    }

    private void updateIrq() {
        boolean level = interruptStatus != 0;
        if (level != lineLevel) {
            lineLevel = level;
            irq.set(level);
        }
    }

    // ---- snapshots ----

    /** The transport's registers and queue positions, then the backend's own state. */
    @Override
    public void save(SnapshotOutput o) {
        o.writeInts(new int[] {status, interruptStatus, configGeneration, deviceFeaturesSel, driverFeaturesSel, queueSel});
        o.writeLong(driverFeatures);
        o.writeInts(queueNum); o.writeInts(lastAvail); o.writeInts(usedIdx); o.writeBooleans(queueReady);
        o.writeLongs(queueDesc); o.writeLongs(queueDriver); o.writeLongs(queueDevice);
        o.writeBoolean(lineLevel);
        if (backend != null) backend.save(o);
    }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        int[] r = new int[6];
        in.readInts(r);
        status = r[0]; interruptStatus = r[1]; configGeneration = r[2]; deviceFeaturesSel = r[3]; driverFeaturesSel = r[4]; queueSel = r[5];
        driverFeatures = in.readLong();
        in.readInts(queueNum); in.readInts(lastAvail); in.readInts(usedIdx); in.readBooleans(queueReady);
        in.readLongs(queueDesc); in.readLongs(queueDriver); in.readLongs(queueDevice);
        lineLevel = in.readBoolean();
        if (backend != null) backend.restore(in);
    }

    @Override
    public String unsavable() { return backend == null ? null : backend.unsavable(); }

    /** The backend (null for an empty slot). */
    public VirtioDevice backend() { return backend; }
}
