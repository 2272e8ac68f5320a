package dev.jaffa.spmc;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.monitor.CpuContext;
import dev.jaffa.monitor.Ffa;
import dev.jaffa.monitor.FfaTrace;
import dev.jaffa.monitor.Spmd;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The FF-A Secure Partition Manager Core, in Java, behaving like OP-TEE's S-EL1 SPMC at FF-A v1.1
 * (reference ffa.md §1): the normal world reaches it through the SPMD's forwarding, partitions
 * through SVC from Secure EL0 ({@link Cpu.SecureEl1}). It owns the partitions' address spaces,
 * their boot, the world switches between the normal world and partitions (saving and restoring
 * EL1/EL0 context), direct messaging, RX/TX buffers, partition discovery and memory sharing.
 *
 * <p>Every input is untrusted: a bad call gets the FF-A error OP-TEE returns and changes nothing.
 * The direct-message path allocates nothing.
 */
public final class Spmc implements Spmd.SecureWorld, Cpu.SecureEl1 {
    public static final int VERSION = Ffa.VERSION_1_2;
    public static final int ID = Ffa.SPMC_ENDPOINT_ID;

    // Partition virtual address layout (39-bit VA space).
    static final long BOOT_INFO_VA = 0x0010_0000L, FDT_VA = 0x0020_0000L, STACK_TOP = 0x0080_0000L,
            IMAGE_VA = 0x0100_0000L, REGION_VA = 0x2000_0000L, SHARE_VA = 0x4000_0000L;

    private final SystemBus bus;
    private final SecureMemory secure;
    private final PrintStream console;
    private FfaTrace trace;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<Partition> partitions = new ArrayList<>();
    final MemoryShares shares;

    /** The normal world's state while a partition has the CPU. */
    private final CpuContext normalWorld = new CpuContext();
    private final Mailbox nwMailbox = new Mailbox();
    private int nwVersion = Ffa.VERSION_1_0;
    /** The partition executing now, or null when the normal world runs. */
    private Partition running;
    /** The partition whose tables the Secure EL0 TLB context holds. */
    private Partition tlbOwner;
    /** Partitions in boot order; index of the one initialising, or -1 once all are done. */
    private List<Partition> bootQueue = List.of();
    private int booting = -1;
    /** x0..x17 of the message or status being delivered (SMCCC 1.2 register set). */
    private final long[] regs = new long[18];
    private final StringBuilder[] consoleLines = new StringBuilder[0x8000];
    /** Notifications and indirect messaging (beyond OP-TEE, as Hafnium has them). */
    final Notifications notifications = new Notifications(this);
    private final IndirectMessaging indirect = new IndirectMessaging(this);

    public Spmc(SystemBus bus, long secureBase, long secureSize, PrintStream console) {
        this.bus = bus;
        this.secure = new SecureMemory(bus, secureBase, secureSize);
        this.console = console;
        this.shares = new MemoryShares(this);
    }

    public void setTrace(FfaTrace t) { trace = t; }

    // ---- partitions ----------------------------------------------------------------------------

    /** Registers a logical partition (it gets the next free ID when {@code id} is 0). */
    public void addLogicalPartition(LogicalPartition lsp) {
        lsp.spmc = this;
        endpoints.add(lsp);
    }

    /** The next free endpoint ID from 0x8001 up (0x8000 is the SPMC). */
    public int nextFreeId() {
        for (int id = ID + 1; id <= 0xFFFF; id++) if (endpoint(id) == null) return id;
        return -1;
    }

    /**
     * Loads a partition from an image (PIE ELF with .sp_head, or raw binary) and its manifest blob,
     * or from an SP package when {@code manifest} is null. {@code name} (e.g. the file name) names it
     * until the manifest is read; from then on the manifest's {@code description} does.
     */
    public void addPartition(String name, byte[] image, byte[] manifest, String source) throws LoadException {
        if (manifest == null) {
            byte[][] parts = SpLoader.unpack(name, image);
            image = parts[0];
            manifest = parts[1];
        }
        Manifest m = new Manifest(name, manifest);
        name = m.description;   // logs, traces and listings name a partition as its manifest does
        int id = m.id;
        if (id >= 0 && ((id & 0x8000) == 0 || id > 0xFFFF || id == ID || endpoint(id) != null)) {
            id = -1;   // an unusable pre-assigned ID: take the next free one, as OP-TEE does
        }
        if (id < 0) id = nextFreeId();
        if (id < 0) throw new LoadException("SP " + name + ": no free endpoint ID");
        Partition p = SpLoader.load(name, id, image, m, secure, source);
        partitions.add(p);
        endpoints.add(p);
    }

    /** Name, ID, UUID and FF-A version of every endpoint, for listings. */
    public List<String[]> describe() {
        List<String[]> out = new ArrayList<>();
        for (Endpoint e : endpoints) {
            String version = e instanceof Partition ? versionText(((Partition) e).manifest.ffaVersion) : versionText(VERSION);
            out.add(new String[] {e.name, String.format("0x%04x", e.id), e.uuidText(), version,
                e instanceof Partition ? "S-EL0 SP" : "logical (Java)"});
        }
        return out;
    }

    /**
     * The Non-secure memory regions partitions' manifests fix (base, size), which the normal world
     * must not use as its own RAM: the FVP's device tree reserves them (smm-gateway's buffer).
     */
    public List<long[]> nonSecureRegions() {
        List<long[]> out = new ArrayList<>();
        for (Partition p : partitions) {
            for (Manifest.Region r : p.manifest.memoryRegions) {
                if (r.base >= 0 && (r.attributes & 8) != 0) out.add(new long[] {r.base, (long) r.pages * SecureMemory.PAGE});
            }
        }
        return out;
    }

    static String versionText(int v) { return (v >>> 16) + "." + (v & 0xFFFF); }

    /** By index, not for-each: this is on the direct-message path, which allocates nothing. */
    Endpoint endpoint(int id) {
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            if (e.id == id) return e;
        }
        return null;
    }

    /**
     * Starts the secure world before the normal world, as OP-TEE does in its boot_final initcall:
     * the CPU's current (normal world) state is set aside, and partitions run one by one in
     * ascending boot order until each calls FFA_MSG_WAIT; then the normal world starts.
     */
    public void boot(Cpu cpu) {
        cpu.secureEl1 = this;
        List<Partition> order = new ArrayList<>(partitions);
        order.sort((a, b) -> Integer.compareUnsigned(a.manifest.bootOrder, b.manifest.bootOrder));
        bootQueue = order;
        if (order.isEmpty()) return;
        normalWorld.save(cpu);
        booting = 0;
        enter(cpu, order.get(0));
        cpu.daif = 0xF;   // initialisation runs with interrupts masked: no normal world yet
    }

    private void bootNext(Cpu cpu) {
        while (++booting < bootQueue.size()) {
            Partition next = bootQueue.get(booting);
            if (next.state == Partition.State.DEAD) continue;
            enter(cpu, next);
            cpu.daif = 0xF;
            return;
        }
        booting = -1;
        running = null;
        normalWorld.restore(cpu);
    }

    /** Gives the CPU to {@code p} at its saved context. */
    private void enter(Cpu cpu, Partition p) {
        p.context.restore(cpu);
        running = p;
        if (tlbOwner != p) {
            cpu.mem.flushContext(dev.jaffa.interp.memory.Memory.CONTEXT_SECURE_EL0);
            tlbOwner = p;
        }
    }

    // ---- the schedule receiver interrupt (FF-A §10.4) -------------------------------------------

    /** Raises an SGI on a PE for the normal world's scheduler, or null when the board has none. */
    public interface SgiRaiser {
        void raise(int cpuIndex, int intid);
    }

    private SgiRaiser sri;
    private int sriIntid;
    private boolean sriDelayed;

    /**
     * Enables the schedule receiver interrupt: SGI {@code intid}, raised on the PE where a
     * notification (or an indirect message's RX-full notification) becomes pending, so the normal
     * world's scheduler calls FFA_NOTIFICATION_INFO_GET; FFA_FEATURES(SRI) then reports the INTID.
     */
    public void setScheduleReceiverInterrupt(int intid, SgiRaiser raiser) {
        sriIntid = intid;
        sri = raiser;
    }

    /**
     * Notifications became pending: raise the SRI now, or (the sender asked to delay it) when this
     * PE next returns to the normal world.
     */
    void scheduleReceiver(Cpu cpu, boolean delay) {
        if (sri == null) return;
        if (delay && cpu.secure) sriDelayed = true;
        else sri.raise(cpu.index, sriIntid);
    }

    /** Called when Non-secure memory is lent or donated, to drop every CPU's cached Non-secure translations. */
    private java.util.function.Consumer<Cpu> normalWorldTlbFlush = c -> c.mem.flushTlb();

    public void setNormalWorldTlbFlush(java.util.function.Consumer<Cpu> flush) { normalWorldTlbFlush = flush; }

    void flushNormalWorldTlbs(Cpu cpu) { normalWorldTlbFlush.accept(cpu); }

    /** Opens or closes a Non-secure page to the normal world (closed while lent or donated). */
    void setNonSecureAccess(long pa, boolean allowed) { bus.setPageSecureOnly(pa, !allowed); }

    /** The partition's page tables changed: its cached translations go. */
    void tablesChanged(Cpu cpu, Partition p) {
        if (tlbOwner == p) cpu.mem.flushContext(dev.jaffa.interp.memory.Memory.CONTEXT_SECURE_EL0);
    }

    /**
     * Enters {@code p} with x0..x7 = {@link #regs}, and x8..x17 too for a v1.2 partition (SMCCC 1.2:
     * the callee of a v1.2 endpoint sees the whole register set, zero beyond the payload).
     */
    private void enterWith(Cpu cpu, Partition p) {
        enter(cpu, p);
        System.arraycopy(regs, 0, cpu.x, 0, p.version >= Ffa.VERSION_1_2 ? 18 : 8);
        if (trace != null) trace.returned(cpu);
    }

    /** Back to the normal world, whose SMC returns {@link #regs} (x0..x7, or x0..x17 at v1.2). */
    private void returnToNormalWorld(Cpu cpu) {
        running = null;
        normalWorld.restore(cpu);
        if (sriDelayed) {
            sriDelayed = false;
            sri.raise(cpu.index, sriIntid);
        }
        System.arraycopy(regs, 0, cpu.x, 0, nwVersion >= Ffa.VERSION_1_2 ? 18 : 8);
    }

    /** {@link #regs} = FFA_ERROR {@code code}, everything else zero. */
    private void errorRegs(int code) {
        java.util.Arrays.fill(regs, 0);
        regs[0] = Ffa.ERROR & 0xFFFF_FFFFL;
        regs[2] = code & 0xFFFF_FFFFL;
    }

    // ---- the SPMD side ---------------------------------------------------------------------------

    @Override
    public int spmcId() { return ID; }

    @Override
    public int versionRequest(int requested) {
        if (requested >>> 16 == VERSION >>> 16) nwVersion = Math.min(requested, VERSION);
        return VERSION;
    }

    @Override
    public void forward(Cpu cpu, int fid) {
        long[] x = cpu.x;
        switch (fid) {
            case Ffa.FEATURES: features(cpu, (int) x[1], false, nwVersion); break;
            case Ffa.RXTX_MAP_32: case Ffa.RXTX_MAP_64: rxtxMapNormalWorld(cpu, fid == Ffa.RXTX_MAP_32); break;
            case Ffa.RXTX_UNMAP:
                if (!nwMailbox.mapped || (x[1] >>> 16 & 0xFFFF) != 0) {
                    Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
                } else {
                    nwMailbox.unmap();
                    Ffa.success(cpu, 0);
                }
                break;
            case Ffa.RX_RELEASE: rxRelease(cpu, nwMailbox); break;
            case Ffa.PARTITION_INFO_GET: partitionInfo(cpu, nwMailbox, nwVersion, null); break;
            case Ffa.PARTITION_INFO_GET_REGS: partitionInfoRegs(cpu, nwVersion); break;
            case Ffa.NOTIFICATION_BITMAP_CREATE: case Ffa.NOTIFICATION_BITMAP_DESTROY: case Ffa.NOTIFICATION_BIND:
            case Ffa.NOTIFICATION_UNBIND: case Ffa.NOTIFICATION_SET: case Ffa.NOTIFICATION_GET: case Ffa.NOTIFICATION_INFO_GET_64:
                notifications.fromNormalWorld(cpu, fid, nwVersion);
                break;
            case Ffa.MSG_SEND2: indirect.send(cpu, null, nwMailbox, nwVersion); break;
            case Ffa.MSG_SEND_DIRECT_REQ_32: case Ffa.MSG_SEND_DIRECT_REQ_64: case Ffa.MSG_SEND_DIRECT_REQ2:
                directRequestFromNormalWorld(cpu, fid);
                break;
            case Ffa.RUN: run(cpu); break;
            case Ffa.MEM_SHARE_32: case Ffa.MEM_SHARE_64: case Ffa.MEM_LEND_32: case Ffa.MEM_LEND_64:
            case Ffa.MEM_DONATE_32: case Ffa.MEM_DONATE_64:
                shares.transferFromNormalWorld(cpu, nwMailbox, nwVersion, MemoryShares.typeOf(fid));
                break;
            case Ffa.MEM_FRAG_TX: shares.fragTx(cpu, Ffa.NS_ENDPOINT_ID, null, nwMailbox); break;
            case Ffa.MEM_FRAG_RX: shares.fragRxRequest(cpu); break;
            case Ffa.MEM_RECLAIM: shares.reclaim(cpu, Ffa.NS_ENDPOINT_ID, null); break;
            default: Ffa.error(cpu, Ffa.NOT_SUPPORTED); break;
        }
    }

    /** FFA_FEATURES (reference §1.3 for the normal world, §1.4 for partitions). */
    private void features(Cpu cpu, int what, boolean fromSp, int version) {
        boolean supported;
        switch (what) {
            case Ffa.RXTX_MAP_32: case Ffa.RXTX_MAP_64:
                supported = true;   // w2 = 0: 4 KiB minimum buffer size and alignment
                break;
            case Ffa.MSG_SEND_DIRECT_REQ2: case Ffa.MSG_SEND_DIRECT_RESP2: case Ffa.PARTITION_INFO_GET_REGS:
                supported = version >= Ffa.VERSION_1_2;
                break;
            case Notifications.FEATURE_SRI:
                if (!fromSp && version >= Ffa.VERSION_1_1 && sri != null) {
                    Ffa.success(cpu, sriIntid);   // w2: the SGI the normal world's scheduler listens to
                    return;
                }
                supported = false;
                break;
            case Ffa.NOTIFICATION_BITMAP_CREATE: case Ffa.NOTIFICATION_BITMAP_DESTROY: case Ffa.NOTIFICATION_BIND:
            case Ffa.NOTIFICATION_UNBIND: case Ffa.NOTIFICATION_SET: case Ffa.NOTIFICATION_GET: case Ffa.NOTIFICATION_INFO_GET_64:
                supported = Notifications.advertised(what, fromSp, version);
                break;
            case Ffa.MSG_SEND2:
                supported = IndirectMessaging.advertised(what, version);
                break;
            case Ffa.MEM_LEND_32: case Ffa.MEM_LEND_64: case Ffa.MEM_DONATE_32: case Ffa.MEM_DONATE_64: case Ffa.MEM_FRAG_TX:
                supported = true;   // beyond OP-TEE: advertised to everyone, since they work
                break;
            case Ffa.MEM_SHARE_32: case Ffa.MEM_SHARE_64: case Ffa.MEM_RECLAIM:
                supported = !fromSp;   // OP-TEE's answers (partitions get NOT_SUPPORTED, though the calls work)
                break;
            case Ffa.ERROR: case Ffa.SUCCESS_32: case Ffa.SUCCESS_64: case Ffa.VERSION: case Ffa.FEATURES:
            case Ffa.SPM_ID_GET: case Ffa.ID_GET: case Ffa.MSG_SEND_DIRECT_REQ_32: case Ffa.MSG_SEND_DIRECT_REQ_64: case Ffa.INTERRUPT:
            case Ffa.PARTITION_INFO_GET: case Ffa.RXTX_UNMAP: case Ffa.RX_RELEASE: case Ffa.RUN:
                supported = !fromSp;
                break;
            default:
                supported = false;   // feature IDs too: no NPI or SRI (notifications are polled), no managed exit
                break;
        }
        if (supported) Ffa.success(cpu, 0);
        else Ffa.error(cpu, Ffa.NOT_SUPPORTED);
    }

    private void rxtxMapNormalWorld(Cpu cpu, boolean is32) {
        long tx = cpu.x[1], rx = cpu.x[2], count = cpu.x[3];
        if (is32) {
            tx &= 0xFFFF_FFFFL;
            rx &= 0xFFFF_FFFFL;
        }
        if ((count & 0xFFFF_FFFFL) >>> 6 != 0 || (int) count == 0 || ((tx | rx) & 0xFFF) != 0) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        int pages = (int) count;
        long bytes = (long) pages * SecureMemory.PAGE;
        if (!normalRam(tx, bytes) || !normalRam(rx, bytes) || tx < rx + bytes && rx < tx + bytes) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        if (nwMailbox.mapped) {
            Ffa.error(cpu, Ffa.DENIED);
            return;
        }
        nwMailbox.map(tx, rx, pages);
        Ffa.success(cpu, 0);
    }

    /** True when [pa, pa + bytes) is Non-secure RAM. */
    boolean normalRam(long pa, long bytes) {
        dev.jaffa.interp.memory.Ram r = bus.ramAt(pa);
        return r != null && r.contains(pa + bytes - 1) && !bus.isSecureOnly(pa) && !bus.isSecureOnly(pa + bytes - 1);
    }

    private static void rxRelease(Cpu cpu, Mailbox mb) {
        if (!mb.mapped || !mb.rxFull) {
            Ffa.error(cpu, Ffa.DENIED);   // the SPMC already owns the buffer
            return;
        }
        mb.rxFull = false;
        Ffa.success(cpu, 0);
    }

    /**
     * FFA_PARTITION_INFO_GET: w1..w4 the UUID (nil for all), w5 bit 0 count only (v1.1). Logical
     * partitions with a UUID first, then live SPs; v1.0 callers get 8-byte descriptors with the
     * properties masked to bits [2:0], later ones 24 bytes with the UUID.
     */
    private void partitionInfo(Cpu cpu, Mailbox mb, int version, Partition caller) {
        int[] uuid = {(int) cpu.x[1], (int) cpu.x[2], (int) cpu.x[3], (int) cpu.x[4]};
        boolean countOnly = version >= Ffa.VERSION_1_1 && (cpu.x[5] & 1) != 0;
        if (version >= Ffa.VERSION_1_1 && (cpu.x[5] & ~1L & 0xFFFF_FFFFL) != 0) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        List<Endpoint> found = listed(uuid);
        if (found.isEmpty()) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        if (countOnly) {
            Ffa.success(cpu, found.size());
            return;
        }
        int size = version >= Ffa.VERSION_1_1 ? 24 : 8;
        if (!mb.mapped || mb.rxFull) {
            Ffa.error(cpu, Ffa.BUSY);
            return;
        }
        if ((long) found.size() * size > mb.size()) {
            Ffa.error(cpu, Ffa.NO_MEMORY);
            return;
        }
        byte[] out = new byte[found.size() * size];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (Endpoint e : found) {
            int props = e.properties();
            if (version < Ffa.VERSION_1_1) props &= 7;
            else if (version < Ffa.VERSION_1_2) props &= ~0x600;   // the REQ2 bits mean nothing before v1.2
            b.putShort((short) e.id).putShort((short) e.executionContexts()).putInt(props);
            if (size == 24) for (int w : e.uuid) b.putInt(w);
        }
        if (!writeRx(mb, caller, out)) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        mb.rxFull = true;
        Ffa.success(cpu, found.size());
        cpu.x[3] = version >= Ffa.VERSION_1_1 ? size : 0;
    }

    /** The endpoints PARTITION_INFO_GET(_REGS) lists for a UUID (nil: all): logical partitions first, live SPs. */
    private List<Endpoint> listed(int[] uuid) {
        boolean all = Endpoint.isNil(uuid);
        List<Endpoint> found = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (e instanceof Partition && ((Partition) e).state == Partition.State.DEAD) continue;
            if (all || e.matches(uuid)) found.add(e);
        }
        return found;
    }

    /**
     * FFA_PARTITION_INFO_GET_REGS (v1.2, SMC64): the partition information in registers, five
     * partitions per call: x1/x2 the UUID (nil for all), x3 [15:0] the start index, [31:16] the
     * UUID information tag. SUCCESS_64 with x2 = last index | current index << 16 | tag << 32 |
     * descriptor size (24) << 48, then three registers per partition (ID, contexts and properties;
     * UUID low; UUID high). The list never changes after boot, so the tag is always 0.
     */
    private void partitionInfoRegs(Cpu cpu, int version) {
        long[] x = cpu.x;
        if (version < Ffa.VERSION_1_2) {
            Ffa.error(cpu, Ffa.NOT_SUPPORTED);
            return;
        }
        int[] uuid = {(int) x[1], (int) (x[1] >>> 32), (int) x[2], (int) (x[2] >>> 32)};
        int start = (int) x[3] & 0xFFFF, tag = (int) (x[3] >>> 16) & 0xFFFF;
        List<Endpoint> found = listed(uuid);
        if (found.isEmpty() || start >= found.size() || (x[3] & ~0xFFFF_FFFFL) != 0) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        if (tag != 0) {
            Ffa.error(cpu, Ffa.RETRY);   // a tag from a different version of the list
            return;
        }
        int last = found.size() - 1, current = Math.min(last, start + 4);
        java.util.Arrays.fill(x, 0, 18, 0);
        x[0] = Ffa.SUCCESS_64 & 0xFFFF_FFFFL;
        x[2] = last | (long) current << 16 | 24L << 48;
        for (int i = start, r = 3; i <= current; i++, r += 3) {
            Endpoint e = found.get(i);
            x[r] = e.id | (long) e.executionContexts() << 16 | (long) e.properties() << 32;
            x[r + 1] = e.uuid[0] & 0xFFFF_FFFFL | (long) e.uuid[1] << 32;
            x[r + 2] = e.uuid[2] & 0xFFFF_FFFFL | (long) e.uuid[3] << 32;
        }
    }

    // ---- buffers: normal world by PA, partitions by VA -------------------------------------------

    boolean writeRx(Mailbox mb, Partition owner, byte[] data) { return copyOut(owner, mb.rx, data, 0, data.length); }

    /** Reads {@code len} bytes of the TX buffer, or null if they are not all there. */
    byte[] readTx(Mailbox mb, Partition owner, int len) {
        if (len < 0 || len > mb.size()) return null;
        byte[] b = new byte[len];
        return copyIn(owner, mb.tx, b) ? b : null;
    }

    /** Copies into an endpoint's memory (physical for the normal world). */
    boolean copyOut(Partition owner, long addr, byte[] src, int off, int len) {
        for (int i = 0; i < len; ) {
            long pa = owner == null ? addr + i : owner.space.physical(addr + i);
            byte[] page = pa < 0 ? null : bus.ramPage(pa);
            if (page == null) return false;
            int o = (int) pa & (SecureMemory.PAGE - 1), n = Math.min(len - i, SecureMemory.PAGE - o);
            System.arraycopy(src, off + i, page, o, n);
            i += n;
        }
        return true;
    }

    boolean copyIn(Partition owner, long addr, byte[] dst) {
        for (int i = 0; i < dst.length; ) {
            long pa = owner == null ? addr + i : owner.space.physical(addr + i);
            byte[] page = pa < 0 ? null : bus.ramPage(pa);
            if (page == null) return false;
            int o = (int) pa & (SecureMemory.PAGE - 1), n = Math.min(dst.length - i, SecureMemory.PAGE - o);
            System.arraycopy(page, o, dst, i, n);
            i += n;
        }
        return true;
    }

    byte[] physicalPage(long pa) { return bus.ramPage(pa); }

    // ---- direct messaging ------------------------------------------------------------------------

    private static boolean isResponse(int fid) { return fid == Ffa.MSG_SEND_DIRECT_RESP_32 || fid == Ffa.MSG_SEND_DIRECT_RESP_64; }

    /**
     * The message into {@link #regs}: x0 = fid, x1 = ids, then x2 = 0 and x3..x7 (W registers for
     * _32), or for REQ2/RESP2 x2..x17 as given (UUID or MBZ, then the x4..x17 payload).
     */
    private void captureMessage(long[] x, int fid, int src, int dst) {
        boolean is64 = (fid & 0x4000_0000) != 0, v2 = isMessage2(fid);
        regs[0] = fid & 0xFFFF_FFFFL;
        regs[1] = (long) src << 16 | dst;
        regs[2] = v2 ? x[2] : 0;
        for (int i = 3; i < 8; i++) regs[i] = is64 ? x[i] : x[i] & 0xFFFF_FFFFL;
        for (int i = 8; i < 18; i++) regs[i] = v2 ? x[i] : 0;
    }

    private static boolean isMessage2(int fid) { return fid == Ffa.MSG_SEND_DIRECT_REQ2 || fid == Ffa.MSG_SEND_DIRECT_RESP2; }

    private void directRequestFromNormalWorld(Cpu cpu, int fid) {
        long[] x = cpu.x;
        int src = (int) (x[1] >>> 16) & 0xFFFF, dst = (int) x[1] & 0xFFFF;
        boolean v2 = fid == Ffa.MSG_SEND_DIRECT_REQ2;
        if (v2 && nwVersion < Ffa.VERSION_1_2) {
            Ffa.error(cpu, Ffa.NOT_SUPPORTED);   // REQ2 needs v1.2 on both sides
            return;
        }
        Endpoint e = endpoint(dst);
        if (src != Ffa.NS_ENDPOINT_ID || e == null || !v2 && (x[2] & 0xFFFF_FFFFL) != 0) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        if (e instanceof LogicalPartition) {
            if (v2) Ffa.error(cpu, Ffa.NOT_SUPPORTED);
            else callLogical(cpu, (LogicalPartition) e, fid, src);
            return;
        }
        Partition p = (Partition) e;
        int error = refusal(p, fid, x);
        if (error != 0) {
            Ffa.error(cpu, error);
            return;
        }
        captureMessage(x, fid, src, dst);
        normalWorld.save(cpu);
        p.state = Partition.State.BUSY;
        p.caller = Ffa.NS_ENDPOINT_ID;
        p.callerFid = fid;
        enterWith(cpu, p);
    }

    /**
     * Why {@code p} cannot take this request now (an FF-A error), or 0: the receive property for
     * the kind of message (REQ2 needs v1.2 and manifest bit 9), the UUID a REQ2 names, the state.
     */
    private static int refusal(Partition p, int fid, long[] x) {
        if (fid == Ffa.MSG_SEND_DIRECT_REQ2) {
            if (p.version < Ffa.VERSION_1_2 || (p.manifest.messagingMethod & Manifest.MSG_RECV_DIRECT2) == 0) return Ffa.NOT_SUPPORTED;
            int[] u = {(int) x[2], (int) (x[2] >>> 32), (int) x[3], (int) (x[3] >>> 32)};
            if (!Endpoint.isNil(u) && !p.matches(u)) return Ffa.INVALID_PARAMETERS;
        } else if (!p.manifest.receivesDirect()) {
            return Ffa.NOT_SUPPORTED;
        }
        if (p.state != Partition.State.IDLE) return p.state == Partition.State.DEAD ? Ffa.ABORTED : Ffa.BUSY;
        return 0;
    }

    /** A logical partition answers at once: the response replaces the caller's registers. */
    private void callLogical(Cpu cpu, LogicalPartition lsp, int fid, int src) {
        long[] x = cpu.x;
        boolean is64 = (fid & 0x4000_0000) != 0;
        long[] args = lspArgs;
        for (int i = 0; i < 5; i++) args[i] = is64 ? x[3 + i] : x[3 + i] & 0xFFFF_FFFFL;
        lsp.directRequest(args, is64);
        x[0] = (is64 ? Ffa.MSG_SEND_DIRECT_RESP_64 : Ffa.MSG_SEND_DIRECT_RESP_32) & 0xFFFF_FFFFL;
        x[1] = (long) lsp.id << 16 | src;
        x[2] = 0;
        for (int i = 0; i < 5; i++) x[3 + i] = is64 ? args[i] : args[i] & 0xFFFF_FFFFL;
    }

    private final long[] lspArgs = new long[5];

    /** FFA_RUN: resumes a partition preempted by a normal-world interrupt. */
    private void run(Cpu cpu) {
        int target = (int) (cpu.x[1] >>> 16) & 0xFFFF;
        Endpoint e = endpoint(target);
        if (!(e instanceof Partition)) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        Partition p = (Partition) e;
        if (p.state != Partition.State.PREEMPTED) {
            Ffa.error(cpu, p.state == Partition.State.IDLE ? Ffa.DENIED : Ffa.BUSY);
            return;
        }
        normalWorld.save(cpu);
        p.state = Partition.State.BUSY;
        enter(cpu, p);
    }

    // ---- partitions' calls and exceptions --------------------------------------------------------

    @Override
    public void exception(Cpu cpu, int kind, long syndrome, long preferredReturn, long faultAddress) {
        Partition p = running;
        if (p == null) {
            // Secure EL0 without a partition cannot happen; stop rather than guess.
            cpu.requestStop(dev.jaffa.interp.StopReason.UNSUPPORTED, 1, "exception at Secure EL0 with no partition running");
            return;
        }
        if (kind != 0) {
            preempt(cpu, p);
            return;
        }
        if (Esr.ec(syndrome) == Esr.EC_SVC64) {
            cpu.pc = preferredReturn;
            if (trace != null) trace.call(cpu, p.name);
            System.arraycopy(cpu.x, 0, callArgs, 0, 8);
            spCall(cpu, p, (int) cpu.x[0]);
            if (running == p && (int) cpu.x[0] == Ffa.ERROR) failedCall(cpu, p);
            else p.failedStreak = 0;
            return;
        }
        fault(cpu, p, syndrome, preferredReturn, faultAddress);
    }

    /** x0..x7 of the partition call being handled (compared with the partition's last failed one). */
    private final long[] callArgs = new long[8];
    /** Identical failing calls in a row after which a partition is declared stuck. */
    static final int STUCK_CALLS = 10_000;

    /**
     * The call in {@link #callArgs} failed and {@code p} still has the CPU. A partition that makes
     * the same failing call again and again (say a response the SPMC refuses, re-sent forever by a
     * message loop) can never get anywhere: after {@link #STUCK_CALLS} identical failures in a row
     * the run stops with a diagnostic instead of hanging silently.
     */
    private void failedCall(Cpu cpu, Partition p) {
        if (p.failedStreak > 0 && java.util.Arrays.equals(p.lastFailedCall, callArgs)) {
            if (++p.failedStreak < STUCK_CALLS) return;
        } else {
            System.arraycopy(callArgs, 0, p.lastFailedCall, 0, 8);
            p.failedStreak = 1;
            return;
        }
        String handling = p.caller < 0 ? "" : String.format(" while handling %s from 0x%04x", Ffa.name(p.callerFid), p.caller);
        String msg = String.format("SP %s (ID 0x%04x) made the same failing call %d times in a row%s: %s -> %s; it cannot make progress",
                p.name, p.id, p.failedStreak, handling, FfaTrace.decode(p.lastFailedCall), Ffa.errorName((int) cpu.x[2]));
        console.flush();
        cpu.requestStop(dev.jaffa.interp.StopReason.EXCEPTION_LOOP, 1, msg);
    }

    /** A normal-world interrupt while a partition runs: it is preempted and the normal world told (FFA_INTERRUPT). */
    private void preempt(Cpu cpu, Partition p) {
        if (booting >= 0) return;   // cannot happen with interrupts masked during boot; ignore
        p.context.save(cpu);
        p.state = Partition.State.PREEMPTED;
        java.util.Arrays.fill(regs, 0);
        regs[0] = Ffa.INTERRUPT & 0xFFFF_FFFFL;
        regs[1] = (long) p.id << 16;
        returnToNormalWorld(cpu);
        if (trace != null) trace.returned(cpu);
    }

    private void spCall(Cpu cpu, Partition p, int fid) {
        long[] x = cpu.x;
        switch (fid) {
            case Ffa.VERSION: {
                int requested = (int) x[1];
                if (requested >= 0 && requested >>> 16 == VERSION >>> 16) p.version = Math.min(requested, VERSION);
                x[0] = requested < 0 ? Ffa.NOT_SUPPORTED & 0xFFFF_FFFFL : VERSION;
                break;
            }
            case Ffa.ID_GET: Ffa.success(cpu, p.id); break;
            case Ffa.SPM_ID_GET: Ffa.success(cpu, ID); break;
            case Ffa.FEATURES: features(cpu, (int) x[1], true, p.version); break;
            case Ffa.RXTX_MAP_32: case Ffa.RXTX_MAP_64: rxtxMapPartition(cpu, p, fid == Ffa.RXTX_MAP_32); break;
            case Ffa.RXTX_UNMAP:
                if (!p.mailbox.mapped) Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
                else {
                    p.mailbox.unmap();
                    Ffa.success(cpu, 0);
                }
                break;
            case Ffa.RX_RELEASE: rxRelease(cpu, p.mailbox); break;
            case Ffa.PARTITION_INFO_GET: partitionInfo(cpu, p.mailbox, p.version, p); break;
            case Ffa.PARTITION_INFO_GET_REGS: partitionInfoRegs(cpu, p.version); break;
            case Ffa.NOTIFICATION_BIND: case Ffa.NOTIFICATION_UNBIND: case Ffa.NOTIFICATION_SET: case Ffa.NOTIFICATION_GET:
                notifications.fromPartition(cpu, p, fid);
                break;
            case Ffa.MSG_SEND2: indirect.send(cpu, p, p.mailbox, p.version); break;
            case Ffa.MSG_WAIT: msgWait(cpu, p); return;
            case Ffa.MSG_SEND_DIRECT_REQ_32: case Ffa.MSG_SEND_DIRECT_REQ_64: case Ffa.MSG_SEND_DIRECT_REQ2:
                directRequestFromPartition(cpu, p, fid);
                return;
            case Ffa.MSG_SEND_DIRECT_RESP_32: case Ffa.MSG_SEND_DIRECT_RESP_64: case Ffa.MSG_SEND_DIRECT_RESP2: case Ffa.ERROR:
                respond(cpu, p, fid);
                return;
            case Ffa.CONSOLE_LOG_32: case Ffa.CONSOLE_LOG_64: consoleLog(cpu, p, fid == Ffa.CONSOLE_LOG_64); break;
            case Ffa.MEM_PERM_GET_32: case Ffa.MEM_PERM_GET_64: permGet(cpu, p); break;
            case Ffa.MEM_PERM_SET_32: case Ffa.MEM_PERM_SET_64: permSet(cpu, p); break;
            case Ffa.MEM_SHARE_32: case Ffa.MEM_SHARE_64: case Ffa.MEM_LEND_32: case Ffa.MEM_LEND_64:
            case Ffa.MEM_DONATE_32: case Ffa.MEM_DONATE_64:
                shares.transferFromPartition(cpu, p, fid);
                break;
            case Ffa.MEM_FRAG_TX: shares.fragTx(cpu, p.id, p, p.mailbox); break;
            case Ffa.MEM_FRAG_RX: shares.fragRxRequest(cpu); break;
            case Ffa.MEM_RETRIEVE_REQ_32: case Ffa.MEM_RETRIEVE_REQ_64: shares.retrieve(cpu, p, fid); break;
            case Ffa.MEM_RELINQUISH: shares.relinquish(cpu, p); break;
            case Ffa.MEM_RECLAIM: shares.reclaim(cpu, p.id, p); break;
            default: Ffa.error(cpu, Ffa.INVALID_PARAMETERS); break;   // OP-TEE's answer to partitions
        }
        if (trace != null) trace.returned(cpu);
    }

    private void rxtxMapPartition(Cpu cpu, Partition p, boolean is32) {
        long tx = cpu.x[1], rx = cpu.x[2], count = cpu.x[3];
        if (is32) {
            tx &= 0xFFFF_FFFFL;
            rx &= 0xFFFF_FFFFL;
        }
        if ((count & 0xFFFF_FFFFL) >>> 6 != 0 || (int) count == 0 || ((tx | rx) & 0xFFF) != 0) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        long bytes = (long) (int) count * SecureMemory.PAGE;
        if (!p.space.mapped(tx, bytes, AddressSpace.R | AddressSpace.W) || !p.space.mapped(rx, bytes, AddressSpace.R | AddressSpace.W)
                || tx < rx + bytes && rx < tx + bytes) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        if (p.mailbox.mapped) {
            Ffa.error(cpu, Ffa.DENIED);
            return;
        }
        p.mailbox.map(tx, rx, (int) count);
        Ffa.success(cpu, 0);
    }

    /** FFA_MSG_WAIT: the end of initialisation at boot; at run time the partition goes idle. */
    private void msgWait(Cpu cpu, Partition p) {
        p.context.save(cpu);
        if (!p.initialised) {
            p.initialised = true;
            // The boot information and the manifest copy are gone after initialisation (§1.9).
            p.space.unmap(p.bootInfoVa, p.bootInfoPages);
            p.space.unmap(p.fdtVa, p.fdtPages);
            tablesChanged(cpu, p);
            p.context.setDaif(p.manifest.nsInterruptsAction == Manifest.NS_INTR_QUEUED ? 0x3 : 0);
        }
        int caller = p.caller;
        p.state = Partition.State.IDLE;
        p.caller = -1;
        if (booting >= 0 && bootQueue.get(booting) == p) {
            bootNext(cpu);
            return;
        }
        if (caller >= 0) {
            // Waiting instead of answering: the caller learns the request was dropped.
            errorTo(cpu, caller, Ffa.ABORTED);
            return;
        }
        errorRegs(Ffa.ABORTED);
        returnToNormalWorld(cpu);
    }

    /** Delivers FFA_ERROR {@code code} to endpoint {@code target} (the normal world or a waiting SP). */
    private void errorTo(Cpu cpu, int target, int code) {
        errorRegs(code);
        deliverTo(cpu, target);
    }

    /** Gives the CPU, with {@link #regs}, to the waiting endpoint {@code target} (the normal world or an SP). */
    private void deliverTo(Cpu cpu, int target) {
        if (target == Ffa.NS_ENDPOINT_ID) {
            returnToNormalWorld(cpu);
            if (trace != null) trace.returned(cpu);
        } else {
            enterWith(cpu, (Partition) endpoint(target));
        }
    }

    /** SP to SP (or LSP) direct request, with OP-TEE's checks (reference §1.4). */
    private void directRequestFromPartition(Cpu cpu, Partition p, int fid) {
        long[] x = cpu.x;
        int src = (int) (x[1] >>> 16) & 0xFFFF, dst = (int) x[1] & 0xFFFF;
        Endpoint e = endpoint(dst);
        boolean v2 = fid == Ffa.MSG_SEND_DIRECT_REQ2;
        boolean sends = v2 ? p.version >= Ffa.VERSION_1_2 && (p.manifest.messagingMethod & Manifest.MSG_SEND_DIRECT2) != 0
                : p.manifest.sendsDirect();
        int error = 0;
        if (src != p.id || dst == p.id) error = Ffa.INVALID_PARAMETERS;
        else if (e == null || !sends || v2 && e instanceof LogicalPartition) error = Ffa.NOT_SUPPORTED;
        else if (!v2 && (x[2] & 0xFFFF_FFFFL) != 0) error = Ffa.INVALID_PARAMETERS;
        else if (e instanceof Partition) error = refusal((Partition) e, fid, x);
        if (error != 0) {
            Ffa.error(cpu, error);
            if (trace != null) trace.returned(cpu);
            return;
        }
        if (e instanceof LogicalPartition) {
            callLogical(cpu, (LogicalPartition) e, fid, src);
            if (trace != null) trace.returned(cpu);
            return;
        }
        Partition callee = (Partition) e;
        captureMessage(x, fid, src, dst);
        p.context.save(cpu);   // p stays busy, waiting for the answer
        callee.state = Partition.State.BUSY;
        callee.caller = p.id;
        callee.callerFid = fid;
        enterWith(cpu, callee);
    }

    /** A direct response (or FFA_ERROR) from a partition to its caller. */
    private void respond(Cpu cpu, Partition p, int fid) {
        long[] x = cpu.x;
        if (fid != Ffa.ERROR) {
            int src = (int) (x[1] >>> 16) & 0xFFFF, dst = (int) x[1] & 0xFFFF;
            // The response matches the request: _32 to _32, _64 to _64, RESP2 to REQ2 (whose x2/x3 MBZ).
            int expected = p.callerFid == Ffa.MSG_SEND_DIRECT_REQ2 ? Ffa.MSG_SEND_DIRECT_RESP2 : p.callerFid + 1;
            boolean mbz = fid == Ffa.MSG_SEND_DIRECT_RESP2 ? (x[2] | x[3]) == 0 : (x[2] & 0xFFFF_FFFFL) == 0;
            if (p.caller < 0 || !mbz || src != p.id || dst != p.caller || fid != expected) {
                Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
                if (trace != null) trace.returned(cpu);
                return;
            }
            captureMessage(x, fid, src, dst);
        } else {
            if (p.caller < 0) {
                Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
                if (trace != null) trace.returned(cpu);
                return;
            }
            java.util.Arrays.fill(regs, 0);
            System.arraycopy(x, 0, regs, 0, 8);
        }
        int caller = p.caller;
        p.context.save(cpu);   // the next request arrives here
        p.state = Partition.State.IDLE;
        p.caller = -1;
        deliverTo(cpu, caller);
    }

    private void consoleLog(Cpu cpu, Partition p, boolean is64) {
        int count = (int) cpu.x[1] & 0xFF;
        int max = !is64 ? 24 : p.version >= Ffa.VERSION_1_2 ? 128 : 48;
        if (count == 0 || count > max || (cpu.x[1] & 0xFFFF_FF00L) != 0) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        int perReg = is64 ? 8 : 4;
        StringBuilder line = consoleLines[p.id & 0x7FFF];
        if (line == null) line = consoleLines[p.id & 0x7FFF] = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int ch = (int) (cpu.x[2 + i / perReg] >>> 8 * (i % perReg)) & 0xFF;
            if (ch == '\n') {
                console.println(line);   // raw, as OP-TEE prints partitions' console output
                line.setLength(0);
            } else if (ch != '\r') {
                line.append((char) ch);
            }
        }
        Ffa.success(cpu, 0);
    }

    /** FFA_MEM_PERM_GET: w2 bits [1:0] 1 = RW, 3 = RO; bit 2 NX. Initialisation only. */
    private void permGet(Cpu cpu, Partition p) {
        long d = p.space.lookup(cpu.x[1]);
        if (p.initialised) {
            Ffa.error(cpu, Ffa.DENIED);
        } else if (d == 0) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
        } else {
            int perms = AddressSpace.permissions(d);
            Ffa.success(cpu, ((perms & AddressSpace.W) != 0 ? 1 : 3) | ((perms & AddressSpace.X) == 0 ? 4 : 0));
        }
    }

    /** FFA_MEM_PERM_SET: x1 VA, x2 page count, w3 permissions (RWX rejected). Initialisation only. */
    private void permSet(Cpu cpu, Partition p) {
        long va = cpu.x[1], count = cpu.x[2];
        int perm = (int) cpu.x[3];
        int access = perm & 3;
        if (p.initialised) {
            Ffa.error(cpu, Ffa.DENIED);
            return;
        }
        if ((perm & ~7) != 0 || access == 0 || access == 2 || (va & 0xFFF) != 0 || count <= 0 || count > 0x10000
                || access == 1 && (perm & 4) == 0) {   // RW and executable at once is refused
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        if (!p.space.mapped(va, count * SecureMemory.PAGE, AddressSpace.R)) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        int perms = AddressSpace.R | (access == 1 ? AddressSpace.W : 0) | ((perm & 4) == 0 ? AddressSpace.X : 0);
        p.space.protect(va, (int) count, perms);
        tablesChanged(cpu, p);
        Ffa.success(cpu, 0);
    }

    // ---- faults ----------------------------------------------------------------------------------

    /**
     * A partition took an exception it cannot handle: it is reported (name, PC, ESR, FAR, frame
     * pointer backtrace) and marked dead; whoever waited on it gets FFA_ERROR ABORTED. The platform
     * keeps running.
     */
    private void fault(Cpu cpu, Partition p, long esr, long pc, long far) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("jaffa: SP %s (ID 0x%04x) faulted at S-EL0 and is now dead%n", p.name, p.id));
        sb.append(String.format("  PC=0x%x%s %s%n", pc, imageOffset(p, pc), Esr.describe(esr)));
        int ec = Esr.ec(esr);
        if (ec == Esr.EC_DABT_LOWER || ec == Esr.EC_IABT_LOWER || ec == Esr.EC_PC_ALIGN) sb.append(String.format("  FAR=0x%x%n", far));
        sb.append(String.format("  SP_EL0=0x%x LR=0x%x FP=0x%x%n", cpu.spEl[0], cpu.x[30], cpu.x[29]));
        sb.append("  backtrace:").append(System.lineSeparator());
        sb.append(String.format("    #0 0x%x%s%n", pc, imageOffset(p, pc)));
        long fp = cpu.x[29];
        for (int frame = 1; frame < 16 && fp != 0 && (fp & 7) == 0; frame++) {
            long next = readPartition64(p, fp), lr = readPartition64(p, fp + 8);
            if (next == Long.MIN_VALUE || lr == Long.MIN_VALUE || lr == 0) break;
            sb.append(String.format("    #%d 0x%x%s%n", frame, lr, imageOffset(p, lr)));
            if (next <= fp) break;   // frames grow upwards; anything else is a broken chain
            fp = next;
        }
        console.flush();
        System.err.print(sb);
        p.state = Partition.State.DEAD;
        int caller = p.caller;
        p.caller = -1;
        running = null;
        if (booting >= 0 && bootQueue.get(booting) == p) {
            bootNext(cpu);
        } else if (caller >= 0) {
            errorTo(cpu, caller, Ffa.ABORTED);
        } else {
            errorRegs(Ffa.ABORTED);
            returnToNormalWorld(cpu);
        }
    }

    private static String imageOffset(Partition p, long va) {
        return va >= p.imageVa && va < p.imageEnd ? String.format(" (image+0x%x)", va - p.imageVa) : "";
    }

    private long readPartition64(Partition p, long va) {
        byte[] b = new byte[8];
        if (!p.space.mapped(va, 8, AddressSpace.R) || !copyIn(p, va, b)) return Long.MIN_VALUE;
        return SpLoader.le64(b, 0);
    }

    // ---- for tests and tools ---------------------------------------------------------------------

    /** A canonical text of the SPMC's state (mailboxes, partitions, shares, mappings). */
    public String stateDigest() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("nw:%b:%x:%x:%d:%b:v%x;", nwMailbox.mapped, nwMailbox.tx, nwMailbox.rx, nwMailbox.pages, nwMailbox.rxFull, nwVersion));
        for (Partition p : partitions) {
            Mailbox m = p.mailbox;
            sb.append(String.format("%x:%s:%d:%b:%x:%x:%d:%b:v%x:%s;", p.id, p.state, p.caller, m.mapped, m.tx, m.rx, m.pages, m.rxFull,
                    p.version, p.space.mappings()));
        }
        sb.append(notifications.digest());
        return sb.append(shares.digest()).toString();
    }

    /**
     * Isolation checks: every page a partition maps is its own memory (Secure pages handed to it at
     * load, or a region of its manifest), or memory shared with it that it has retrieved. Returns
     * the violations found (empty when all is well).
     */
    public List<String> isolationViolations() {
        List<String> out = new ArrayList<>();
        java.util.Map<Long, Partition> ownerOfSecure = new java.util.HashMap<>();
        for (Partition p : partitions) {
            for (java.util.Map.Entry<Long, Long> e : p.space.mappings().entrySet()) {
                long va = e.getKey(), pa = e.getValue() & 0x0000_FFFF_FFFF_F000L;
                if (va >= SHARE_VA) continue;   // checked against the shares below
                Partition prev = ownerOfSecure.put(pa, p);
                if (prev != null && prev != p) out.add(String.format("page 0x%x is in both %s and %s", pa, prev.name, p.name));
            }
        }
        for (Partition p : partitions) {
            for (java.util.Map.Entry<Long, Long> e : p.space.mappings().entrySet()) {
                long va = e.getKey(), pa = e.getValue() & 0x0000_FFFF_FFFF_F000L;
                if (va < SHARE_VA) continue;
                boolean granted = false;
                for (long[] d : p.donated) if (va >= d[0] && va < d[0] + d[1] * SecureMemory.PAGE) granted = true;
                for (MemoryShares.Share s : shares.all()) {
                    MemoryShares.Receiver r = s.receiver(p.id);
                    if (r == null || r.retrieved == 0 || va < r.va || va >= r.va + (long) s.pages.length * SecureMemory.PAGE) continue;
                    if (s.pages[(int) ((va - r.va) / SecureMemory.PAGE)] == pa) granted = true;
                }
                if (!granted) out.add(String.format("%s maps 0x%x -> 0x%x without a retrieved share", p.name, va, pa));
            }
        }
        return out;
    }

    /** The state of the partition with this ID ("BUSY", "IDLE", "PREEMPTED", "DEAD"), or null. */
    public String state(int id) {
        Endpoint e = endpoint(id);
        return e instanceof Partition ? ((Partition) e).state.name() : null;
    }

    /** True while a partition has the CPU. */
    public boolean secureWorldRunning() { return running != null; }

    List<Partition> partitions() { return partitions; }

    SecureMemory secureMemory() { return secure; }

    FfaTrace trace() { return trace; }

    Mailbox nwMailbox() { return nwMailbox; }

    int nwVersion() { return nwVersion; }
}
