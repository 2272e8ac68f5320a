package dev.jaffa.spmc;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.monitor.Ffa;
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
 * <p>Every call, from either world, is dispatched through the {@link AbiTable}: one row per ABI,
 * one handler per ABI serving every {@link Caller}. Every input is untrusted: a bad call gets the
 * FF-A error OP-TEE returns and changes nothing. The direct-message path allocates nothing.
 */
public final class Spmc implements Spmd.SecureWorld, Cpu.SecureEl1, Snapshottable {
    public static final int VERSION = Ffa.VERSION_1_2;
    public static final int ID = Ffa.SPMC_ENDPOINT_ID;

    // Partition virtual address layout (39-bit VA space).
    static final long BOOT_INFO_VA = 0x0010_0000L, FDT_VA = 0x0020_0000L, STACK_TOP = 0x0080_0000L,
            IMAGE_VA = 0x0100_0000L, REGION_VA = 0x2000_0000L, SHARE_VA = 0x4000_0000L;

    @NotState("wiring")
    private final SystemBus bus;
    private final SecureMemory secure;
    @NotState("wiring")
    private final PrintStream console;
    @NotState("wiring: --trace ffa")
    private FfaTrace trace;
    private final List<Endpoint> endpoints = new ArrayList<>();
    @NotState("the partitions among endpoints")
    private final List<Partition> partitions = new ArrayList<>();
    final MemoryShares shares;

    /** The normal world as a caller: VM ID 0, its buffers, its version, its state while a partition has the CPU. */
    private final Caller nw = Caller.normalWorld();
    /** The partition executing now, or null when the normal world runs. */
    private Partition running;
    /** The partition whose tables the Secure EL0 TLB context holds. */
    @NotState("a TLB cache tag: TLBs are flushed on restore")
    private Partition tlbOwner;
    /** Partitions in boot order; index of the one initialising, or -1 once all are done. */
    @NotState("derived: the partitions in boot order")
    private List<Partition> bootQueue = List.of();
    private int booting = -1;
    /**
     * While partitions boot: the boot CPU's instruction count at the last FF-A call of any
     * partition (or the booting one's entry), and that call; -1 when unknown (after a restore).
     */
    @NotState("watchdog: starts over at restore")
    private long bootCallAt = -1;
    @NotState("watchdog: starts over at restore")
    private long bootCallFid = -1;
    @NotState("watchdog: starts over at restore")
    private Partition bootCaller;
    /** Instructions without an FF-A call after which a booting partition is declared stuck (see {@link #watchBoot}). */
    @NotState("configuration")
    long bootStallInsns = BOOT_STALL_INSNS;
    /** x0..x17 of the message or status being delivered (SMCCC 1.2 register set). */
    private final long[] regs = new long[18];
    @NotState("saved as text: partial console lines of partitions")
    private final StringBuilder[] consoleLines = new StringBuilder[0x8000];
    /** Notifications and indirect messaging (beyond OP-TEE, as Hafnium has them). */
    final Notifications notifications = new Notifications(this);
    @NotState("stateless")
    final IndirectMessaging indirect = new IndirectMessaging(this);

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
        List<Partition> order = bootOrder();
        bootQueue = order;
        if (order.isEmpty()) return;
        nw.context.save(cpu);
        booting = 0;
        enter(cpu, order.get(0));
        cpu.daif = 0xF;   // initialisation runs with interrupts masked: no normal world yet
        bootProgress(cpu, -1, null);
    }

    /** The boot watchdog's mark: a partition entered for its boot ({@code by} null) or an FF-A call it made. */
    private void bootProgress(Cpu cpu, long fid, Partition by) {
        bootCallAt = cpu.insnCount;
        bootCallFid = fid;
        bootCaller = by;
    }

    private List<Partition> bootOrder() {
        List<Partition> order = new ArrayList<>(partitions);
        order.sort((a, b) -> Integer.compareUnsigned(a.manifest.bootOrder, b.manifest.bootOrder));
        return order;
    }

    private void bootNext(Cpu cpu) {
        while (++booting < bootQueue.size()) {
            Partition next = bootQueue.get(booting);
            if (next.state == Partition.State.DEAD) continue;
            enter(cpu, next);
            cpu.daif = 0xF;
            bootProgress(cpu, -1, null);
            return;
        }
        booting = -1;
        running = null;
        nw.context.restore(cpu);
    }

    /** Gives the CPU to {@code p} at its saved context. */
    private void enter(Cpu cpu, Partition p) { enter(cpu, p, 0); }

    /** {@link #enter(Cpu, Partition)} with x0..x{@code args-1} = {@link #regs}. */
    private void enter(Cpu cpu, Partition p, int args) {
        p.context.restore(cpu, regs, args);
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

    @NotState("wiring")
    private SgiRaiser sri;
    @NotState("configuration")
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
    @NotState("wiring")
    private java.util.function.Consumer<Cpu> normalWorldTlbFlush = c -> c.mem.flushTlb();

    public void setNormalWorldTlbFlush(java.util.function.Consumer<Cpu> flush) { normalWorldTlbFlush = flush; }

    void flushNormalWorldTlbs(Cpu cpu) { normalWorldTlbFlush.accept(cpu); }

    /** Opens or closes a Non-secure page to the normal world (closed while lent or donated). */
    void setNonSecureAccess(long pa, boolean allowed) { bus.setPageSecureOnly(pa, !allowed); }

    /** The partition's page tables changed: its cached translations go. */
    void tablesChanged(Cpu cpu, Partition p) {
        if (tlbOwner == p) cpu.mem.flushContext(dev.jaffa.interp.memory.Memory.CONTEXT_SECURE_EL0);
    }

    /** Only {@code pages} pages from {@code va} of {@code p}'s translation changed (memory sharing). */
    void tablesChanged(Cpu cpu, Partition p, long va, int pages) {
        if (tlbOwner == p) cpu.mem.flushPages(dev.jaffa.interp.memory.Memory.CONTEXT_SECURE_EL0, va, pages);
    }

    /**
     * Enters {@code p} with x0..x7 = {@link #regs}, and x8..x17 too for a v1.2 partition (SMCCC 1.2:
     * the callee of a v1.2 endpoint sees the whole register set, zero beyond the payload).
     */
    private void enterWith(Cpu cpu, Partition p) {
        enter(cpu, p, argumentRegisters(p.version));
    }

    /** Back to the normal world, whose SMC returns {@link #regs} (x0..x7, or x0..x17 at v1.2). */
    private void returnToNormalWorld(Cpu cpu) {
        running = null;
        nw.context.restore(cpu, regs, argumentRegisters(nw.version));
        if (sriDelayed) {
            sriDelayed = false;
            sri.raise(cpu.index, sriIntid);
        }
    }

    /** The registers a call or a return delivers to an endpoint of FF-A {@code version}: x0..x7, or x0..x17 at v1.2 (SMCCC 1.2). */
    private static int argumentRegisters(int version) { return version >= Ffa.VERSION_1_2 ? 18 : 8; }

    /** {@link #regs} = FFA_ERROR {@code code}, everything else zero. */
    private void errorRegs(int code) {
        java.util.Arrays.fill(regs, 0);
        regs[0] = Ffa.ERROR & 0xFFFF_FFFFL;
        regs[2] = code & 0xFFFF_FFFFL;
    }

    // ---- dispatch: the ABI table -----------------------------------------------------------------

    /** A call from the normal world, which the SPMD forwards (an SMC in the FF-A range). */
    @Override
    public void forward(Cpu cpu, int fid) {
        if (trace != null) trace.call(cpu, nw.name);
        AbiTable.Abi abi = admit(nw, cpu, fid);
        if (abi != null) abi.handler.handle(this, nw, cpu, fid);
        if (trace != null) trace.returned(cpu);
    }

    /** A partition's call (its SVC): the same table, the same handlers, at a call site of its own (see {@link #admit}). */
    private void partitionCall(Partition p, Cpu cpu, int fid) {
        if (trace != null) trace.call(cpu, p.name);
        AbiTable.Abi abi = admit(p, cpu, fid);
        if (abi != null) abi.handler.handle(this, p, cpu, fid);
        if (trace != null) trace.returned(cpu);
    }

    /**
     * Dispatch of one FF-A call from {@code c}: its row of the {@link AbiTable} and the caller and
     * version checks the row asks for. Returns the row, whose handler then writes the result
     * registers or gives the CPU to another endpoint; or null, the refusal written. The two worlds
     * call the handler from separate call sites so that HotSpot profiles each world's mix of ABIs
     * (a normal world sending direct requests gets that handler inlined, not a megamorphic call).
     */
    private static AbiTable.Abi admit(Caller c, Cpu cpu, int fid) {
        AbiTable.Abi abi = AbiTable.lookup(fid);
        if (abi == null || !abi.callableBy(c)) {
            Ffa.error(cpu, AbiTable.refusal(c));
            return null;
        }
        if (abi.gated && c.version < abi.since) {
            Ffa.error(cpu, Ffa.NOT_SUPPORTED);   // an ABI newer than the version the caller negotiated
            return null;
        }
        return abi;
    }

    // ---- setup and discovery (FF-A v1.1 chapter 13) ------------------------------------------------

    /**
     * FFA_VERSION: w1 the caller's version (bit 31 MBZ). The answer is the SPMC's version in w0,
     * not FFA_SUCCESS; a caller with the same major version gets min(its, ours) as its negotiated
     * version, which selects its register set and descriptor formats from then on. (For the normal
     * world TF-A's SPMD asks the SPMC with the framework message VERSION_REQ; the answer is this.)
     */
    void version(Caller c, Cpu cpu, int fid) {
        int requested = (int) cpu.x[1];
        if (requested < 0) {
            cpu.x[0] = Ffa.NOT_SUPPORTED & 0xFFFF_FFFFL;
            return;
        }
        if (requested >>> 16 == VERSION >>> 16) c.version = Math.min(requested, VERSION);
        cpu.x[0] = VERSION;
    }

    /** FFA_ID_GET: the caller's own endpoint ID (0 for the normal world, as the SPMD answers). */
    void idGet(Caller c, Cpu cpu, int fid) { Ffa.success(cpu, c.id); }

    /** FFA_SPM_ID_GET: the SPMC's endpoint ID. */
    void spmIdGet(Caller c, Cpu cpu, int fid) { Ffa.success(cpu, ID); }

    /**
     * FFA_FEATURES: w1 a function ID (bit 31 set), answered from its row of the ABI table (SUCCESS
     * with w2 = 0 when {@link AbiTable.Abi#advertisedTo} the caller: for RXTX_MAP, 4 KiB minimum
     * buffer size and alignment), or a feature ID (bit 31 clear): only the schedule receiver
     * interrupt, to a v1.1+ normal world when the board has one (w2 its INTID). No NPI (partitions
     * poll notifications), no managed exit.
     */
    void features(Caller c, Cpu cpu, int fid) {
        int what = (int) cpu.x[1];
        if (what >= 0) {
            if (what == Notifications.FEATURE_SRI && c.isNormalWorld() && c.version >= Ffa.VERSION_1_1 && sri != null) {
                Ffa.success(cpu, sriIntid);
            } else {
                Ffa.error(cpu, Ffa.NOT_SUPPORTED);
            }
            return;
        }
        AbiTable.Abi abi = AbiTable.lookup(what);
        if (abi != null && abi.advertisedTo(c)) Ffa.success(cpu, 0);
        else Ffa.error(cpu, Ffa.NOT_SUPPORTED);
    }

    // ---- RX/TX buffers (FF-A v1.1 chapter 13: FFA_RXTX_MAP, FFA_RXTX_UNMAP, FFA_RX_RELEASE) -----------

    /**
     * FFA_RXTX_MAP_32/64: x1 TX, x2 RX (physical for the normal world, virtual for a partition;
     * the 32-bit form uses the W registers), w3 the page count (1..63). Buffers are 4 KiB aligned,
     * each in memory the caller may give ({@link #bufferUsable}), and apart; a second map is DENIED.
     */
    void rxtxMap(Caller c, Cpu cpu, int fid) {
        long tx = cpu.x[1], rx = cpu.x[2], count = cpu.x[3];
        if (fid == Ffa.RXTX_MAP_32) {
            tx &= 0xFFFF_FFFFL;
            rx &= 0xFFFF_FFFFL;
        }
        if ((count & 0xFFFF_FFFFL) >>> 6 != 0 || (int) count == 0 || ((tx | rx) & 0xFFF) != 0) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        long bytes = (long) (int) count * SecureMemory.PAGE;
        if (!bufferUsable(c, tx, bytes) || !bufferUsable(c, rx, bytes) || tx < rx + bytes && rx < tx + bytes) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        if (c.mailbox.mapped) {
            Ffa.error(cpu, Ffa.DENIED);
            return;
        }
        c.mailbox.map(tx, rx, (int) count);
        Ffa.success(cpu, 0);
    }

    /**
     * Whether a buffer may be an RX/TX buffer of {@code c}: Non-secure RAM for the normal world
     * (OP-TEE maps it Non-secure), memory the partition has mapped read-write for a partition.
     */
    private boolean bufferUsable(Caller c, long addr, long bytes) {
        Partition p = c.partition();
        return p == null ? normalRam(addr, bytes) : p.space.mapped(addr, bytes, AddressSpace.R | AddressSpace.W);
    }

    /**
     * FFA_RXTX_UNMAP: w1[31:16] names the endpoint, which only a hypervisor may do for another: the
     * normal world (no hypervisor) must give 0; OP-TEE ignores the field from partitions.
     */
    void rxtxUnmap(Caller c, Cpu cpu, int fid) {
        if (!c.mailbox.mapped || c.isNormalWorld() && (cpu.x[1] >>> 16 & 0xFFFF) != 0) {
            Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
            return;
        }
        c.mailbox.unmap();
        Ffa.success(cpu, 0);
    }

    /** True when [pa, pa + bytes) is Non-secure RAM. */
    boolean normalRam(long pa, long bytes) {
        dev.jaffa.interp.memory.Ram r = bus.ramAt(pa);
        return r != null && r.contains(pa + bytes - 1) && !bus.isSecureOnly(pa) && !bus.isSecureOnly(pa + bytes - 1);
    }

    /** FFA_RX_RELEASE: the caller gives its RX buffer back; DENIED when the SPMC already owns it. */
    void rxRelease(Caller c, Cpu cpu, int fid) {
        Mailbox mb = c.mailbox;
        if (!mb.mapped || !mb.rxFull) {
            Ffa.error(cpu, Ffa.DENIED);
            return;
        }
        mb.rxFull = false;
        Ffa.success(cpu, 0);
    }

    /**
     * FFA_PARTITION_INFO_GET: w1..w4 the UUID (nil for all), w5 bit 0 count only (v1.1). Logical
     * partitions with a UUID first, then live SPs; v1.0 callers get 8-byte descriptors with the
     * properties masked to bits [2:0] (FF-A v1.0 Table 82), later ones 24 bytes with the UUID
     * (FF-A v1.1 Table 13.37), in the caller's RX buffer, which it then owns.
     */
    void partitionInfoGet(Caller c, Cpu cpu, int fid) {
        int version = c.version;
        Mailbox mb = c.mailbox;
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
        if (!writeRx(mb, c.partition(), out)) {
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
    void partitionInfoGetRegs(Caller c, Cpu cpu, int fid) {
        long[] x = cpu.x;
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

    /** Writes the first {@code len} bytes of {@code data} to the RX buffer. */
    boolean writeRx(Mailbox mb, Partition owner, byte[] data, int len) { return copyOut(owner, mb.rx, data, 0, len); }

    /** Reads {@code len} bytes of the TX buffer into the start of {@code into}; false if they are not all there. */
    boolean readTx(Mailbox mb, Partition owner, int len, byte[] into) {
        return len >= 0 && len <= mb.size() && len <= into.length && copyIn(owner, mb.tx, into, len);
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

    boolean copyIn(Partition owner, long addr, byte[] dst) { return copyIn(owner, addr, dst, dst.length); }

    /** Copies {@code len} bytes from an endpoint's memory into the start of {@code dst}. */
    boolean copyIn(Partition owner, long addr, byte[] dst, int len) {
        for (int i = 0; i < len; ) {
            long pa = owner == null ? addr + i : owner.space.physical(addr + i);
            byte[] page = pa < 0 ? null : bus.ramPage(pa);
            if (page == null) return false;
            int o = (int) pa & (SecureMemory.PAGE - 1), n = Math.min(len - i, SecureMemory.PAGE - o);
            System.arraycopy(page, o, dst, i, n);
            i += n;
        }
        return true;
    }

    byte[] physicalPage(long pa) { return bus.ramPage(pa); }

    // ---- direct messaging ------------------------------------------------------------------------

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

    /**
     * FFA_MSG_SEND_DIRECT_REQ_32/64 and (v1.2) REQ2 from either world: w1 sender << 16 |
     * receiver; REQ_32/64 w2 flags (0: no framework messages here), w3..w7 payload; REQ2 x2/x3 the
     * receiver's UUID (nil: any), x4..x17 payload. The checks are the caller's world's
     * ({@link #requestErrorFromNormalWorld}, {@link #requestErrorFromPartition}); then a logical
     * partition answers at once, or the caller waits (its context saved) while the receiver, now
     * busy, runs with the message.
     */
    void directRequest(Caller c, Cpu cpu, int fid) {
        long[] x = cpu.x;
        int src = (int) (x[1] >>> 16) & 0xFFFF, dst = (int) x[1] & 0xFFFF;
        Endpoint e = endpoint(dst);
        Partition p = c.partition();
        int error = p == null ? requestErrorFromNormalWorld(x, fid, src, e) : requestErrorFromPartition(p, x, fid, src, dst, e);
        if (error != 0) {
            Ffa.error(cpu, error);
            return;
        }
        if (e instanceof LogicalPartition) {
            callLogical(cpu, (LogicalPartition) e, fid, src);
            return;
        }
        Partition callee = (Partition) e;
        captureMessage(x, fid, src, dst);
        c.context.save(cpu);   // the caller waits for the answer
        callee.state = Partition.State.BUSY;
        callee.caller = c.id;
        callee.callerFid = fid;
        enterWith(cpu, callee);
    }

    /**
     * A normal-world request, checked in the order TF-A's SPMD and OP-TEE check it (reference
     * §1.3, §2.2): a Secure sender ID (the SPMD's check) → INVALID_PARAMETERS; REQ2 below v1.2 →
     * NOT_SUPPORTED (REQ2 needs v1.2 on both sides); a sender other than 0, no such receiver, or
     * flags → INVALID_PARAMETERS; REQ2 to a logical partition → NOT_SUPPORTED; then the receiver's
     * {@link #receiverError}.
     */
    private int requestErrorFromNormalWorld(long[] x, int fid, int src, Endpoint e) {
        boolean v2 = fid == Ffa.MSG_SEND_DIRECT_REQ2;
        if ((src & 0x8000) != 0) return Ffa.INVALID_PARAMETERS;
        if (v2 && nw.version < Ffa.VERSION_1_2) return Ffa.NOT_SUPPORTED;
        if (src != Ffa.NS_ENDPOINT_ID || e == null || !v2 && (x[2] & 0xFFFF_FFFFL) != 0) return Ffa.INVALID_PARAMETERS;
        if (e instanceof LogicalPartition) return v2 ? Ffa.NOT_SUPPORTED : 0;
        return receiverError((Partition) e, fid, x);
    }

    /**
     * A partition's request, checked as OP-TEE's spmc_sp_handler does (reference §1.4): a sender
     * other than itself or itself as receiver → INVALID_PARAMETERS; no such receiver (the normal
     * world included), no send property for this kind of message (REQ2: v1.2 and manifest bit 10),
     * or REQ2 to a logical partition → NOT_SUPPORTED; flags → INVALID_PARAMETERS; then the
     * receiver's {@link #receiverError}.
     */
    private static int requestErrorFromPartition(Partition p, long[] x, int fid, int src, int dst, Endpoint e) {
        boolean v2 = fid == Ffa.MSG_SEND_DIRECT_REQ2;
        boolean sends = v2 ? p.version >= Ffa.VERSION_1_2 && (p.manifest.messagingMethod & Manifest.MSG_SEND_DIRECT2) != 0
                : p.manifest.sendsDirect();
        if (src != p.id || dst == p.id) return Ffa.INVALID_PARAMETERS;
        if (e == null || !sends || v2 && e instanceof LogicalPartition) return Ffa.NOT_SUPPORTED;
        if (!v2 && (x[2] & 0xFFFF_FFFFL) != 0) return Ffa.INVALID_PARAMETERS;
        return e instanceof Partition ? receiverError((Partition) e, fid, x) : 0;
    }

    /**
     * Why {@code p} cannot take this request now (an FF-A error), or 0: the receive property for
     * the kind of message (REQ2 needs v1.2 and manifest bit 9), the UUID a REQ2 names, the state.
     */
    private static int receiverError(Partition p, int fid, long[] x) {
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

    @NotState("scratch: a logical partition's arguments during one call")
    private final long[] lspArgs = new long[5];

    /** FFA_RUN (normal world): w1[31:16] a partition preempted by a normal-world interrupt, which resumes. */
    void run(Caller c, Cpu cpu, int fid) {
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
        c.context.save(cpu);
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
            System.arraycopy(cpu.x, 0, callArgs, 0, 8);
            if (booting >= 0) bootProgress(cpu, cpu.x[0] & 0xFFFF_FFFFL, p);
            partitionCall(p, cpu, (int) cpu.x[0]);
            if (running == p && (int) cpu.x[0] == Ffa.ERROR) failedCall(cpu, p);
            else p.failedStreak = 0;
            return;
        }
        fault(cpu, p, syndrome, preferredReturn, faultAddress);
    }

    /** x0..x7 of the partition call being handled (compared with the partition's last failed one). */
    @NotState("scratch: set at the start of every partition call, and snapshots fall between instructions")
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
        String handling = p.caller < 0 ? "" : String.format(" while handling %s from 0x%04x", AbiTable.name(p.callerFid), p.caller);
        String msg = String.format("SP %s (ID 0x%04x) made the same failing call %d times in a row%s: %s -> %s; it cannot make progress",
                p.name, p.id, p.failedStreak, handling, FfaTrace.decode(p.lastFailedCall), Ffa.errorName((int) cpu.x[2]));
        console.flush();
        cpu.requestStop(dev.jaffa.interp.StopReason.EXCEPTION_LOOP, 1, msg);
    }

    /**
     * Guest instructions the partitions' boot may run without any FF-A call before the booting
     * one is declared stuck. The eleven real Trusted Services v1.2.0 partitions boot together in
     * about 3 M instructions, at most about 350,000 between two calls (attestation, from its entry
     * to FFA_VERSION); this is over ten thousand times that, yet seconds of host time.
     */
    static final long BOOT_STALL_INSNS = 4_000_000_000L;

    /**
     * Why the boot has not finished, or null when every partition has reached its first
     * FFA_MSG_WAIT: which one is still initialising and how long since the last FF-A call.
     */
    public String bootStatus(Cpu cpu) {
        if (booting < 0 || booting >= bootQueue.size()) return null;
        Partition p = bootQueue.get(booting);
        long since = bootCallAt < 0 ? -1 : cpu.insnCount - bootCallAt;
        String last = bootCaller == null ? "since it was entered"
                : String.format("since the last FF-A call (%s by %s)", AbiTable.name((int) bootCallFid),
                        bootCaller == p ? "it" : "SP " + bootCaller.name);
        String where = running == null ? ""
                : String.format("; %s at PC 0x%x%s", running == p ? "it is" : String.format("SP %s (ID 0x%04x) is", running.name, running.id),
                        cpu.pc, imageOffset(running, cpu.pc));
        return String.format("SP %s (ID 0x%04x) never reached its first FFA_MSG_WAIT: %s instructions %s%s",
                p.name, p.id, since < 0 ? "an unknown number of" : Long.toString(since), last, where);
    }

    /**
     * Called by the platform between scheduling rounds. A partition that loops at boot without
     * calling the SPMC (say attestation spinning after "Failed to locate crypto service") would
     * otherwise keep the normal world from ever starting, silently: after {@link #bootStallInsns}
     * instructions without an FF-A call the run stops with a diagnostic naming it.
     */
    public void watchBoot(Cpu cpu) {
        if (booting < 0) return;
        if (bootCallAt < 0) bootCallAt = cpu.insnCount;
        if (cpu.insnCount - bootCallAt < bootStallInsns) return;
        console.flush();
        cpu.requestStop(dev.jaffa.interp.StopReason.EXCEPTION_LOOP, 1, bootStatus(cpu) + "; it is stuck");
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

    /** FFA_MSG_WAIT (partitions): the end of initialisation at boot; at run time the partition goes idle. */
    void msgWait(Caller c, Cpu cpu, int fid) {
        Partition p = (Partition) c;
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
        if (target == Ffa.NS_ENDPOINT_ID) returnToNormalWorld(cpu);
        else enterWith(cpu, (Partition) endpoint(target));
    }

    /**
     * FFA_MSG_SEND_DIRECT_RESP_32/64, RESP2 or FFA_ERROR (partitions): the answer to the request
     * the partition is handling, to its caller. It must match the request (_32 to _32, _64 to _64,
     * RESP2 to REQ2, whose x2/x3 MBZ; w2 MBZ otherwise), come from the partition and go to the caller
     * (reference §1.4), else INVALID_PARAMETERS and the partition keeps the CPU.
     */
    void respond(Caller c, Cpu cpu, int fid) {
        Partition p = (Partition) c;
        long[] x = cpu.x;
        if (fid != Ffa.ERROR) {
            int src = (int) (x[1] >>> 16) & 0xFFFF, dst = (int) x[1] & 0xFFFF;
            int expected = p.callerFid == Ffa.MSG_SEND_DIRECT_REQ2 ? Ffa.MSG_SEND_DIRECT_RESP2 : p.callerFid + 1;
            boolean mbz = fid == Ffa.MSG_SEND_DIRECT_RESP2 ? (x[2] | x[3]) == 0 : (x[2] & 0xFFFF_FFFFL) == 0;
            if (p.caller < 0 || !mbz || src != p.id || dst != p.caller || fid != expected) {
                Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
                return;
            }
            captureMessage(x, fid, src, dst);
        } else {
            if (p.caller < 0) {
                Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
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

    /** FFA_CONSOLE_LOG_32/64 (partitions): w1[7:0] characters packed from x2 up (at most 24, 48, or 128 at v1.2). */
    void consoleLog(Caller c, Cpu cpu, int fid) {
        Partition p = (Partition) c;
        boolean is64 = fid == Ffa.CONSOLE_LOG_64;
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

    /** FFA_MEM_PERM_GET (partitions): x1 VA; w2 bits [1:0] 1 = RW, 3 = RO; bit 2 NX. Initialisation only. */
    void permGet(Caller c, Cpu cpu, int fid) {
        Partition p = (Partition) c;
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

    /** FFA_MEM_PERM_SET (partitions): x1 VA, x2 page count, w3 permissions (RWX rejected). Initialisation only. */
    void permSet(Caller c, Cpu cpu, int fid) {
        Partition p = (Partition) c;
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
            if (trace != null) trace.returned(cpu);
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
        Mailbox nm = nw.mailbox;
        sb.append(String.format("nw:%b:%x:%x:%d:%b:v%x;", nm.mapped, nm.tx, nm.rx, nm.pages, nm.rxFull, nw.version));
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
                    if (r == null || r.retrieved == 0 || va < r.va || va >= r.va + (long) s.pageCount * SecureMemory.PAGE) continue;
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

    /**
     * For a debugger (gdb's {@code monitor ffa}): one line per endpoint with its ID, name, state,
     * image range and the offset to give gdb's {@code add-symbol-file FILE -o OFFSET}.
     */
    public List<String> debugListing() {
        List<String> out = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (!(e instanceof Partition)) {
                out.add(String.format("0x%04x %-16s logical partition (Java, no guest code)", e.id, e.name));
                continue;
            }
            Partition p = (Partition) e;
            out.add(String.format("0x%04x %-16s %-9s %s image 0x%x-0x%x  add-symbol-file %s -o 0x%x", p.id, p.name, p.state,
                    p == running ? "RUNNING" : "       ", p.imageVa, p.imageEnd,
                    p.source != null && p.source.endsWith(".elf") ? p.source : p.manifest.elfFormat ? "SP.elf" : "SP.bin", p.loadBias));
        }
        return out;
    }

    /** For a debugger: the number of S-EL0 partitions (indexes for the methods below, in load order). */
    public int partitionCount() { return partitions.size(); }

    public String partitionName(int i) { return partitions.get(i).name; }

    public int partitionId(int i) { return partitions.get(i).id; }

    public String partitionState(int i) { return partitions.get(i).state.name(); }

    /**
     * The context partition {@code i} resumes from: its registers while it does not have the CPU
     * (while it runs, the CPU holds them). A debugger may edit it.
     */
    public dev.jaffa.monitor.CpuContext partitionContext(int i) { return partitions.get(i).context; }

    /** The name of the partition that has the CPU, or null when the normal world runs. */
    public String runningPartition() { return running != null ? running.name : null; }

    /** True while a partition has the CPU. */
    public boolean secureWorldRunning() { return running != null; }

    List<Partition> partitions() { return partitions; }

    SecureMemory secureMemory() { return secure; }

    FfaTrace trace() { return trace; }

    /** The normal world as a caller (indirect messages to it land in its RX buffer). */
    Caller normalWorld() { return nw; }

    // ---- snapshots ----

    /**
     * Everything the SPMC changes at run time: each endpoint's version, RX/TX pair and saved
     * context; each partition's state, pending caller, donations, failure streak and mappings; the
     * normal world's; who runs and the boot progress; partitions' unfinished console lines; the
     * secure-memory allocator; live memory shares and fragmented transactions; notifications. The
     * partitions themselves (images, manifests, address-space roots) come from loading the same
     * --sp options, which the section checks by ID and name.
     */
    @Override
    public void save(SnapshotOutput o) {
        o.writeInt(endpoints.size());
        for (Endpoint e : endpoints) { o.writeInt(e.id); o.writeString(e.name); }
        for (Endpoint e : endpoints) {
            saveCaller(o, e);
            if (!(e instanceof Partition)) continue;
            Partition p = (Partition) e;
            o.writeInt(p.state.ordinal());
            o.writeInt(p.caller); o.writeInt(p.callerFid); o.writeBoolean(p.initialised);
            o.writeLongs(new long[] {p.bootInfoVa, p.fdtVa, p.bootInfoPages, p.fdtPages, p.imageVa, p.imageEnd});
            o.writeInt(p.donated.size());
            for (long[] d : p.donated) o.writeLongs(d);
            o.writeLongs(p.lastFailedCall); o.writeInt(p.failedStreak);
            o.writeLongs(p.regionVa);
            java.util.Map<Long, Long> m = p.space.mappings();
            o.writeInt(m.size());
            m.forEach((va, desc) -> { o.writeLong(va); o.writeLong(desc); });
        }
        saveCaller(o, nw);
        o.writeInt(running == null ? -1 : endpoints.indexOf(running));
        o.writeInt(booting);
        o.writeLongs(regs);
        o.writeBoolean(sriDelayed);
        for (int i = 0; i < consoleLines.length; i++) {
            if (consoleLines[i] != null) { o.writeInt(i); o.writeString(consoleLines[i].toString()); }
        }
        o.writeInt(-1);
        o.writeLongs(secure.usedWords());
        shares.save(o);
        notifications.save(o);
    }

    private static void saveCaller(SnapshotOutput o, Caller c) {
        o.writeInt(c.version);
        Mailbox m = c.mailbox;
        o.writeBoolean(m.mapped); o.writeLong(m.tx); o.writeLong(m.rx); o.writeInt(m.pages); o.writeBoolean(m.rxFull);
        o.writeBoolean(c.context != null);
        if (c.context != null) o.writeLongs(c.context.values());
    }

    private static void restoreCaller(SnapshotInput in, Caller c) throws SnapshotFormatException {
        c.version = in.readInt();
        Mailbox m = c.mailbox;
        m.mapped = in.readBoolean(); m.tx = in.readLong(); m.rx = in.readLong(); m.pages = in.readInt(); m.rxFull = in.readBoolean();
        if (in.readBoolean()) {
            if (c.context == null) c.context = new dev.jaffa.monitor.CpuContext();
            in.readLongs(c.context.values());
        } else {
            c.context = null;
        }
    }

    /** The caller with this ID: the normal world or an endpoint. */
    Caller callerById(int id) throws SnapshotFormatException {
        if (id == nw.id) return nw;
        Endpoint e = endpoint(id);
        if (e == null) throw new SnapshotFormatException("the snapshot refers to endpoint 0x" + Integer.toHexString(id) + ", which this machine has not");
        return e;
    }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        int n = in.readInt();
        if (n != endpoints.size()) throw new SnapshotFormatException("saved with " + n + " secure partitions, this machine has " + endpoints.size() + " (give the same --sp options)");
        for (Endpoint e : endpoints) {
            int id = in.readInt();
            String name = in.readString();
            if (id != e.id || !e.name.equals(name)) throw new SnapshotFormatException("saved with partition " + name + " where this machine has " + e.name + " (give the same --sp options)");
        }
        for (Endpoint e : endpoints) {
            restoreCaller(in, e);
            if (!(e instanceof Partition)) continue;
            Partition p = (Partition) e;
            p.state = Partition.State.values()[in.readInt(0, Partition.State.values().length - 1)];
            p.caller = in.readInt(); p.callerFid = in.readInt(); p.initialised = in.readBoolean();
            long[] v = new long[6];
            in.readLongs(v);
            p.bootInfoVa = v[0]; p.fdtVa = v[1]; p.bootInfoPages = (int) v[2]; p.fdtPages = (int) v[3]; p.imageVa = v[4]; p.imageEnd = v[5];
            p.donated.clear();
            for (int k = in.readInt(0, 1 << 20); k > 0; k--) {
                int len = in.readInt(0, 1 << 20);
                long[] d = new long[len];
                for (int j = 0; j < len; j++) d[j] = in.readLong();
                p.donated.add(d);
            }
            in.readLongs(p.lastFailedCall); p.failedStreak = in.readInt();
            int rl = in.readInt(0, 1 << 20);
            p.regionVa = new long[rl];
            for (int j = 0; j < rl; j++) p.regionVa[j] = in.readLong();
            // The mappings are the translation tables, which come back with the RAM (not necessarily
            // before this section is read); the saved list stays in the format for older readers.
            for (int k = in.readInt(0, 1 << 24); k > 0; k--) {
                in.readLong();
                in.readLong();
            }
        }
        restoreCaller(in, nw);
        int r = in.readInt(-1, endpoints.size() - 1);
        if (r >= 0 && !(endpoints.get(r) instanceof Partition)) throw new SnapshotFormatException("the running endpoint is not a partition");
        running = r < 0 ? null : (Partition) endpoints.get(r);
        tlbOwner = null;   // every TLB is flushed on restore
        booting = in.readInt();
        bootQueue = bootOrder();
        bootCallAt = -1;
        bootCaller = null;
        in.readLongs(regs);
        sriDelayed = in.readBoolean();
        java.util.Arrays.fill(consoleLines, null);
        for (int i = in.readInt(); i != -1; i = in.readInt()) {
            if (i < 0 || i >= consoleLines.length) throw new SnapshotFormatException("a console line of no partition");
            consoleLines[i] = new StringBuilder(in.readString());
        }
        int words = in.readInt(0, 1 << 24);
        long[] used = new long[words];
        for (int i = 0; i < words; i++) used[i] = in.readLong();
        secure.restoreUsed(used);
        shares.restore(in);
        notifications.restore(in);
    }
}
