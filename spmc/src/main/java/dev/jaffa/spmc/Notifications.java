package dev.jaffa.spmc;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;

import dev.jaffa.interp.Cpu;
import dev.jaffa.monitor.Ffa;
import java.util.Map;
import java.util.TreeMap;

/**
 * FF-A notifications (FF-A v1.1/v1.2 chapter 10) as Hafnium's SPMC has them, without a hypervisor:
 * the normal world is the single VM (ID 0), partitions are the other endpoints. 64 global
 * notifications per receiver and per sender kind (from partitions, from VMs), plus the framework
 * bitmap (bit 0: "RX buffer full", set by indirect messaging). Per-vCPU notifications are refused,
 * as Hafnium refuses them.
 *
 * <p>Partitions at v1.1 or later have their bitmaps from load; the normal world gets its own with
 * FFA_NOTIFICATION_BITMAP_CREATE. When a board provides the schedule receiver interrupt
 * ({@link Spmc#setScheduleReceiverInterrupt}), pending notifications raise it (at once, or when the
 * PE returns to the normal world if the sender asked to delay it) and FFA_FEATURES(SRI) reports its
 * INTID; without one the normal world polls FFA_NOTIFICATION_INFO_GET_64. Every check happens
 * before anything changes, so a failed call leaves the state as it was.
 */
final class Notifications {
    static final int FEATURE_NPI = 1, FEATURE_SRI = 2;
    /** Framework notification "RX buffer full", set by the SPM (FF-A v1.1 §10.2, bit 0). */
    static final long FRAMEWORK_RX_FULL = 1;
    /** BIND flags bit 0, SET flags bit 0: per-vCPU. SET flags bit 1: delay the SRI. */
    static final int FLAG_PER_VCPU = 1, FLAG_DELAY_SRI = 2;
    /** GET flags: which bitmaps to read (and clear). */
    static final int GET_SP = 1, GET_VM = 2, GET_SPM = 4, GET_HYP = 8;
    /** FFA_NOTIFICATION_INFO_GET: at most 20 IDs in x3..x7 (4 per register). */
    static final int INFO_MAX_IDS = 20;

    /** Bindings and pending bits of one sender kind for one receiver. */
    static final class Bitmap {
        /** Sender bound to each bit, or -1. */
        final int[] sender = new int[64];
        long pending;
        /** Pending bits already reported by INFO_GET (reported once, until the receiver gets them). */
        long reported;

        Bitmap() { java.util.Arrays.fill(sender, -1); }

        boolean allBoundTo(long bits, int id) {
            for (int i = 0; i < 64; i++) if ((bits >>> i & 1) != 0 && sender[i] != id) return false;
            return true;
        }

        void bind(long bits, int id) {
            for (int i = 0; i < 64; i++) if ((bits >>> i & 1) != 0) sender[i] = id;
        }

        long take() {
            long p = pending;
            pending = 0;
            reported = 0;
            return p;
        }

        boolean unreported() { return (pending & ~reported) != 0; }

        boolean empty() {
            for (int s : sender) if (s >= 0) return false;
            return pending == 0 && reported == 0;
        }

        String digest() {
            StringBuilder sb = new StringBuilder().append(Long.toHexString(pending)).append('/').append(Long.toHexString(reported)).append('[');
            for (int i = 0; i < 64; i++) if (sender[i] >= 0) sb.append(i).append('>').append(Integer.toHexString(sender[i])).append(',');
            return sb.append(']').toString();
        }
    }

    /** A receiver's notification state. */
    static final class Receiver {
        final Bitmap fromSp = new Bitmap(), fromVm = new Bitmap(), framework = new Bitmap();

        boolean empty() { return fromSp.empty() && fromVm.empty() && framework.empty(); }
    }

    @NotState("wiring")
    private final Spmc spmc;
    /** By endpoint ID; a receiver appears when something is bound or pending. */
    private final Map<Integer, Receiver> receivers = new TreeMap<>();
    /** The normal world's bitmap: created by FFA_NOTIFICATION_BITMAP_CREATE, with its vCPU count. */
    private boolean nwCreated;
    private int nwVcpus;

    Notifications(Spmc spmc) { this.spmc = spmc; }

    // ---- who has notifications -------------------------------------------------------------------

    /** True when {@code id} is an endpoint whose notification bitmaps exist. */
    private boolean enabled(int id) {
        if (id == Ffa.NS_ENDPOINT_ID) return nwCreated;
        Endpoint e = spmc.endpoint(id);
        return e instanceof Partition && ((Partition) e).version >= Ffa.VERSION_1_1;
    }

    private static boolean isPartition(Endpoint e) { return e instanceof Partition; }

    private Receiver receiver(int id) { return receivers.computeIfAbsent(id, k -> new Receiver()); }

    private Receiver existing(int id) { return receivers.get(id); }

    private void tidy(int id) {
        Receiver r = receivers.get(id);
        if (r != null && r.empty()) receivers.remove(id);
    }

    // ---- the ABIs (rows of AbiTable: v1.1, so a v1.0 caller is refused before these run) ------------

    /** FFA_NOTIFICATION_BITMAP_CREATE (normal world): w1 = VM ID (only 0 exists), w2 = vCPU count. */
    void bitmapCreate(Caller c, Cpu cpu) {
        if ((cpu.x[1] & 0xFFFF_FFFFL) != Ffa.NS_ENDPOINT_ID) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);   // no other VM without a hypervisor
        } else if (nwCreated) {
            Ffa.error(cpu, Ffa.DENIED);               // Hafnium: "bitmap already created"
        } else {
            nwCreated = true;
            nwVcpus = (int) cpu.x[2];
            Ffa.success(cpu, 0);
        }
    }

    /** FFA_NOTIFICATION_BITMAP_DESTROY (normal world): w1 = VM ID. DENIED if never created or notifications from SPs are pending. */
    void bitmapDestroy(Caller c, Cpu cpu) {
        Receiver r = existing(Ffa.NS_ENDPOINT_ID);
        if ((cpu.x[1] & 0xFFFF_FFFFL) != Ffa.NS_ENDPOINT_ID) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
        } else if (!nwCreated || r != null && r.fromSp.pending != 0) {
            Ffa.error(cpu, Ffa.DENIED);
        } else {
            nwCreated = false;
            nwVcpus = 0;
            receivers.remove(Ffa.NS_ENDPOINT_ID);   // bindings go with the bitmap, as in Hafnium
            Ffa.success(cpu, 0);
        }
    }

    /**
     * FFA_NOTIFICATION_BIND/UNBIND: w1 = sender << 16 | receiver, w2 flags (BIND: bit 0 per-vCPU,
     * refused; UNBIND: MBZ), w3/w4 bitmap. Only the receiver binds; the normal world binds
     * partitions as senders. Checks in Hafnium's order.
     */
    void bind(Caller c, Cpu cpu, boolean bind) {
        int caller = c.id;
        long[] x = cpu.x;
        int sender = (int) (x[1] >>> 16) & 0xFFFF, receiver = (int) x[1] & 0xFFFF;
        int flags = (int) x[2];
        long bits = (x[3] & 0xFFFF_FFFFL) | x[4] << 32;
        int error = 0;
        Endpoint se = spmc.endpoint(sender);
        if ((flags & FLAG_PER_VCPU) != 0 || flags != 0) {
            error = Ffa.INVALID_PARAMETERS;
        } else if (sender == receiver || receiver != caller
                || caller == Ffa.NS_ENDPOINT_ID && (sender & 0x8000) == 0) {
            error = Ffa.INVALID_PARAMETERS;   // the receiver binds; the normal world's senders are partitions
        } else if (bits == 0) {
            error = Ffa.INVALID_PARAMETERS;
        } else if (!enabled(receiver)) {
            error = Ffa.NOT_SUPPORTED;        // no bitmap (normal world before BITMAP_CREATE)
        } else if (bind && sender != Ffa.NS_ENDPOINT_ID && !isPartition(se)) {
            error = Ffa.INVALID_PARAMETERS;   // no such sender
        }
        Receiver r = existing(receiver);
        Bitmap b = r == null ? null : sender == Ffa.NS_ENDPOINT_ID ? r.fromVm : r.fromSp;
        if (error == 0) {
            // Bind needs every bit free; unbind needs every bit bound to this sender. Nothing pending.
            boolean ok = bind ? b == null || b.allBoundTo(bits, -1) : b != null && b.allBoundTo(bits, sender);
            if (!ok || b != null && (b.pending & bits) != 0) error = Ffa.DENIED;
        }
        if (error != 0) {
            Ffa.error(cpu, error);
            return;
        }
        if (b == null) {
            r = receiver(receiver);
            b = sender == Ffa.NS_ENDPOINT_ID ? r.fromVm : r.fromSp;
        }
        b.bind(bits, bind ? sender : -1);
        tidy(receiver);
        Ffa.success(cpu, 0);
    }

    /**
     * FFA_NOTIFICATION_SET: w1 = sender << 16 | receiver, w2 flags (bit 0 per-vCPU: refused; bit 1
     * delay SRI: partitions only; [31:16] vCPU ID MBZ), w3/w4 bitmap. Every bit must be bound to the
     * sender. The normal world sets notifications of partitions only.
     */
    void set(Caller c, Cpu cpu) {
        int caller = c.id;
        long[] x = cpu.x;
        int sender = (int) (x[1] >>> 16) & 0xFFFF, receiver = (int) x[1] & 0xFFFF;
        int flags = (int) x[2];
        long bits = (x[3] & 0xFFFF_FFFFL) | x[4] << 32;
        Endpoint re = spmc.endpoint(receiver);
        int error = 0;
        if ((flags & FLAG_PER_VCPU) != 0 || (flags & ~FLAG_DELAY_SRI) != 0) {
            error = Ffa.INVALID_PARAMETERS;
        } else if (sender == receiver || sender != caller
                || caller == Ffa.NS_ENDPOINT_ID && (receiver & 0x8000) == 0) {
            error = Ffa.INVALID_PARAMETERS;
        } else if (bits == 0) {
            error = Ffa.INVALID_PARAMETERS;
        } else if (caller == Ffa.NS_ENDPOINT_ID && (flags & FLAG_DELAY_SRI) != 0) {
            error = Ffa.INVALID_PARAMETERS;   // delay SRI: only at the secure virtual FF-A instance
        } else if (receiver != Ffa.NS_ENDPOINT_ID && !isPartition(re)) {
            error = Ffa.INVALID_PARAMETERS;   // no such receiver
        } else if (!enabled(receiver)) {
            error = Ffa.DENIED;
        } else {
            Receiver r = existing(receiver);
            Bitmap b = r == null ? null : sender == Ffa.NS_ENDPOINT_ID ? r.fromVm : r.fromSp;
            if (b == null || !b.allBoundTo(bits, sender)) error = Ffa.DENIED;   // not bound to this sender
        }
        if (error != 0) {
            Ffa.error(cpu, error);
            return;
        }
        Receiver r = existing(receiver);
        (sender == Ffa.NS_ENDPOINT_ID ? r.fromVm : r.fromSp).pending |= bits;
        spmc.scheduleReceiver(cpu, (flags & FLAG_DELAY_SRI) != 0);
        Ffa.success(cpu, 0);
    }

    /**
     * FFA_NOTIFICATION_GET: w1 = vCPU << 16 | receiver, w2 flags (bit 0 from SPs, bit 1 from VMs,
     * bit 2 SPM framework, bit 3 hypervisor framework; [31:4] MBZ). SUCCESS with w2/w3 the SP bitmap,
     * w4/w5 the VM bitmap, w6 the SPM framework bitmap, w7 the hypervisor's; what is returned is
     * cleared. The normal world, a VM, may not ask for VM or hypervisor bitmaps (Hafnium).
     */
    void get(Caller c, Cpu cpu) {
        int caller = c.id;
        long[] x = cpu.x;
        int receiver = (int) x[1] & 0xFFFF, vcpu = (int) (x[1] >>> 16) & 0xFFFF;
        long flags = x[2] & 0xFFFF_FFFFL;
        int vcpus = receiver == Ffa.NS_ENDPOINT_ID ? nwVcpus : 1;   // partitions have one execution context
        if ((flags & ~0xFL) != 0 || receiver != caller
                || receiver == Ffa.NS_ENDPOINT_ID && (flags & (GET_VM | GET_HYP)) != 0) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        if (!enabled(receiver)) {
            Ffa.error(cpu, Ffa.DENIED);   // no bitmap: the normal world before BITMAP_CREATE, a v1.0 partition
            return;
        }
        if (Integer.compareUnsigned(vcpu, vcpus) >= 0) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        Receiver r = existing(receiver);
        long sp = 0, vm = 0, fw = 0;
        if (r != null) {
            if ((flags & GET_SP) != 0) sp = r.fromSp.take();
            if ((flags & GET_VM) != 0) vm = r.fromVm.take();
            if ((flags & (GET_SPM | GET_HYP)) != 0) {
                long mask = ((flags & GET_SPM) != 0 ? 0xFFFF_FFFFL : 0) | ((flags & GET_HYP) != 0 ? 0xFFFF_FFFF_0000_0000L : 0);
                fw = r.framework.pending & mask;
                r.framework.pending &= ~mask;
                r.framework.reported &= ~mask;
            }
            tidy(receiver);
        }
        Ffa.success(cpu, sp & 0xFFFF_FFFFL);
        x[3] = sp >>> 32;
        x[4] = vm & 0xFFFF_FFFFL;
        x[5] = vm >>> 32;
        x[6] = fw & 0xFFFF_FFFFL;
        x[7] = fw >>> 32;
    }

    /**
     * FFA_NOTIFICATION_INFO_GET_64 (the normal world, the receivers' scheduler): the endpoints with
     * pending notifications not yet reported, partitions first, then the normal world; one list of
     * one ID per endpoint (global notifications: no vCPU IDs). SUCCESS_64 with w2 = bit 0 more
     * pending, [11:7] list count, 2-bit list sizes from bit 12 (all 0: no vCPU IDs); x3..x7 the IDs,
     * four 16-bit IDs per register. NO_DATA when nothing new is pending.
     */
    void infoGet(Caller c, Cpu cpu) {
        int[] ids = new int[INFO_MAX_IDS];
        int count = 0;
        boolean more = false;
        // Partitions first (their IDs have bit 15 set), then the normal world, as Hafnium lists them.
        for (int pass = 0; pass < 2; pass++) {
            for (Map.Entry<Integer, Receiver> e : receivers.entrySet()) {
                if ((e.getKey() == Ffa.NS_ENDPOINT_ID) != (pass == 1) || !unreported(e.getValue())) continue;
                if (count == INFO_MAX_IDS) more = true;
                else ids[count++] = e.getKey();
            }
        }
        if (count == 0) {
            Ffa.error(cpu, Ffa.NO_DATA);
            return;
        }
        for (int i = 0; i < count; i++) {
            Receiver r = receivers.get(ids[i]);
            r.fromSp.reported = r.fromSp.pending;
            r.fromVm.reported = r.fromVm.pending;
            r.framework.reported = r.framework.pending;
        }
        long[] x = cpu.x;
        x[0] = Ffa.SUCCESS_64 & 0xFFFF_FFFFL;
        x[1] = 0;
        x[2] = (more ? 1 : 0) | (long) count << 7;
        for (int i = 3; i < 8; i++) x[i] = 0;
        for (int i = 0; i < count; i++) x[3 + i / 4] |= (long) ids[i] << 16 * (i % 4);
    }

    private static boolean unreported(Receiver r) { return r.fromSp.unreported() || r.fromVm.unreported() || r.framework.unreported(); }

    // ---- for indirect messaging ------------------------------------------------------------------

    /** Pends the framework notification "RX buffer full" for {@code id}, if it has notifications. */
    void rxBufferFull(int id) {
        if (enabled(id)) receiver(id).framework.pending |= FRAMEWORK_RX_FULL;
    }

    /** A canonical text of the notification state, for {@link Spmc#stateDigest()}. */
    String digest() {
        StringBuilder sb = new StringBuilder("notif:").append(nwCreated).append(':').append(nwVcpus).append(';');
        for (Map.Entry<Integer, Receiver> e : receivers.entrySet()) {
            Receiver r = e.getValue();
            sb.append(Integer.toHexString(e.getKey())).append("{sp:").append(r.fromSp.digest()).append(" vm:").append(r.fromVm.digest())
              .append(" fw:").append(r.framework.digest()).append("};");
        }
        return sb.toString();
    }

    // ---- snapshots ----

    /** Whether any notification state exists (bitmaps created, bindings, pending bits). */
    boolean inUse() { return nwCreated || !receivers.isEmpty(); }

    int nwVcpus() { return nwVcpus; }

    void save(SnapshotOutput o) {
        o.writeBoolean(nwCreated);
        o.writeInt(nwVcpus);
        o.writeInt(receivers.size());
        for (java.util.Map.Entry<Integer, Receiver> e : receivers.entrySet()) {
            o.writeInt(e.getKey());
            for (Bitmap b : new Bitmap[] {e.getValue().fromSp, e.getValue().fromVm, e.getValue().framework}) {
                o.writeInts(b.sender); o.writeLong(b.pending); o.writeLong(b.reported);
            }
        }
    }

    void restore(SnapshotInput in) throws SnapshotFormatException {
        nwCreated = in.readBoolean();
        nwVcpus = in.readInt();
        receivers.clear();
        for (int n = in.readInt(0, 1 << 16); n > 0; n--) {
            Receiver r = new Receiver();
            receivers.put(in.readInt(), r);
            for (Bitmap b : new Bitmap[] {r.fromSp, r.fromVm, r.framework}) {
                in.readInts(b.sender); b.pending = in.readLong(); b.reported = in.readLong();
            }
        }
    }
}
