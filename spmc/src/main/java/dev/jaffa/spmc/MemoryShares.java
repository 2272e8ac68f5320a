package dev.jaffa.spmc;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;

import dev.jaffa.interp.Cpu;
import dev.jaffa.monitor.Ffa;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FF-A memory management (reference ffa.md §1.3, §1.4, §1.6, §2.6): FFA_MEM_SHARE as OP-TEE's SPMC
 * does it, and beyond OP-TEE, as the FF-A specification and Hafnium do, FFA_MEM_LEND (the owner
 * loses access until it reclaims) and FFA_MEM_DONATE (ownership passes to the one receiver when it
 * retrieves), from the normal world or a partition to one or more partitions, in one fragment or
 * several (FFA_MEM_FRAG_RX/TX); FFA_MEM_RETRIEVE_REQ/RESP with reference counts,
 * FFA_MEM_RELINQUISH and FFA_MEM_RECLAIM (DENIED while any receiver still holds the memory).
 * Descriptors are read through typed views ({@link MemoryRegionDescriptor},
 * {@link EndpointMemoryAccessDescriptor}, {@link CompositeMemoryRegion}, {@link RelinquishDescriptor})
 * in the caller's layout (v1.0 32-byte header, v1.1+ 48-byte header), and validated whole by
 * {@link MemoryDescriptorChecks} before anything changes. Normal-world memory that is lent or
 * donated becomes Secure-only, as a TrustZone controller reprogrammed by the SPMC would make it.
 */
final class MemoryShares {
    /** Handles of partition shares: index | bit 45 (OP-TEE's sp_mem.c convention). */
    static final long HANDLE_BIT = 1L << 45;
    /** Data access read-write in access permissions (v1.1 Table 10.15). */
    static final int PERM_RW = EndpointMemoryAccessDescriptor.DATA_RW;
    /** Transaction types (retrieve flags bits [4:3]). */
    static final int TYPE_SHARE = 1, TYPE_LEND = 2, TYPE_DONATE = 3;
    /** The largest descriptor accepted in fragments. */
    static final int MAX_TRANSACTION = 1 << 20;
    /** A retrieve response: the v1.1+ header, one v1.2 access descriptor, the composite region with one constituent. */
    static final int RETRIEVE_RESPONSE_MAX = MemoryRegionDescriptor.HEADER_V1_1 + EndpointMemoryAccessDescriptor.SIZE_V1_2
            + CompositeMemoryRegion.HEADER + CompositeMemoryRegion.CONSTITUENT;

    /** One receiver of a share. */
    static final class Receiver {
        /** A partition, or a logical partition that takes memory ({@link LogicalPartition#receivesMemory}). */
        Endpoint sp;
        int perms;
        int retrieved;
        long va;
    }

    /**
     * A live share. Shares, their page arrays and their receivers are recycled through a pool
     * ({@link #acquire}, {@link #release}), so a transaction cycle allocates nothing once warm.
     */
    static final class Share {
        long handle;
        int owner, type;
        /** A lending partition's own VA of each page ({@link #pageCount} of them, when {@link #lent}) and its permissions, restored at reclaim. */
        long[] lenderVa = new long[1];
        boolean lent;
        int lenderPerms;
        long tag;
        int attributes;
        boolean nonSecure;
        /** Physical address of each 4 KiB page: the first {@link #pageCount}. */
        long[] pages = new long[1];
        int pageCount;
        /** The first {@link #receiverCount} are this share's. */
        Receiver[] receivers = new Receiver[1];
        int receiverCount;

        Receiver receiver(int id) {
            for (int i = 0; i < receiverCount; i++) if (receivers[i].sp.id == id) return receivers[i];
            return null;
        }

        boolean retrievedByAnyone() {
            for (int i = 0; i < receiverCount; i++) if (receivers[i].retrieved > 0) return true;
            return false;
        }

        /** A new receiver slot (recycled when there is one). */
        Receiver addReceiver(Endpoint sp, int perms) {
            if (receiverCount == receivers.length) receivers = java.util.Arrays.copyOf(receivers, 2 * receiverCount);
            Receiver r = receivers[receiverCount];
            if (r == null) receivers[receiverCount] = r = new Receiver();
            receiverCount++;
            r.sp = sp;
            r.perms = perms;
            r.retrieved = 0;
            r.va = 0;
            return r;
        }

        /** Room for {@code n} pages (and their lender VAs). */
        void ensurePages(int n) {
            if (n > pages.length) {
                int size = Math.max(n, 2 * pages.length);
                pages = java.util.Arrays.copyOf(pages, size);
                lenderVa = java.util.Arrays.copyOf(lenderVa, size);
            }
        }
    }

    @NotState("wiring")
    private final Spmc spmc;
    private final LongMap<Share> shares = new LongMap<>();
    /** Released shares for reuse. */
    @NotState("recycled objects")
    private final java.util.ArrayDeque<Share> free = new java.util.ArrayDeque<>();
    /** The caller's descriptor, copied out of its TX buffer (grown to the largest buffer seen). */
    @NotState("scratch")
    private byte[] tx = new byte[SecureMemory.PAGE];
    /** A retrieve response being written, before it goes to the RX buffer. */
    @NotState("scratch")
    private final byte[] rx = new byte[RETRIEVE_RESPONSE_MAX];
    @NotState("scratch")
    private final MemoryRegionDescriptor view = new MemoryRegionDescriptor(), response = new MemoryRegionDescriptor();
    @NotState("scratch")
    private final RelinquishDescriptor relinquishView = new RelinquishDescriptor();
    /** Transactions arriving in fragments, by the handle FFA_MEM_FRAG_RX announced. */
    private final Map<Long, Fragments> pending = new HashMap<>();

    /** A descriptor being assembled from fragments. */
    static final class Fragments {
        final Caller owner;
        /** The owner's version when it started: the descriptor's format. */
        final int version, type;
        final byte[] data;
        int received;

        Fragments(Caller owner, int version, int type, int total) {
            this.owner = owner;
            this.version = version;
            this.type = type;
            this.data = new byte[total];
        }
    }
    private long nextIndex = 1;

    MemoryShares(Spmc spmc) { this.spmc = spmc; }

    /** Number of live shares (for tests). */
    int count() { return shares.size(); }

    /** Every live share, by handle (a copy, for checks). */
    List<Share> all() {
        List<Share> out = new ArrayList<>();
        for (long h : shares.sortedKeys()) out.add(shares.get(h));
        return out;
    }

    /** A canonical text of every share and its receivers' state, for "a failed call changes nothing" checks. */
    String digest() {
        StringBuilder sb = new StringBuilder();
        for (Share s : all()) {
            sb.append(String.format("%x:%x:%d:%x:%d;", s.handle, s.owner, s.type, s.tag, s.pageCount));
            for (int i = 0; i < s.receiverCount; i++) {
                Receiver r = s.receivers[i];
                sb.append(String.format("%x/%x/%d/%x,", r.sp.id, r.perms, r.retrieved, r.va));
            }
        }
        return sb.toString();
    }

    /** A share from the pool, with no pages and no receivers. */
    private Share acquire(long handle, int owner, int type, long tag, int attributes, boolean nonSecure) {
        Share s = free.poll();
        if (s == null) s = new Share();
        s.handle = handle;
        s.owner = owner;
        s.type = type;
        s.tag = tag;
        s.attributes = attributes;
        s.nonSecure = nonSecure;
        s.pageCount = 0;
        s.receiverCount = 0;
        s.lent = false;
        s.lenderPerms = 0;
        return s;
    }

    /** Back to the pool: no longer in {@link #shares}, and no one keeps it. */
    private void release(Share s) {
        for (int i = 0; i < s.receiverCount; i++) s.receivers[i].sp = null;
        free.push(s);
    }

    /** The caller's TX buffer's first {@code len} bytes, copied into {@link #tx}; false if unreadable. */
    private boolean readTx(Mailbox mb, Partition owner, int len) {
        if (len > tx.length) tx = new byte[Math.max(len, mb.size())];
        return spmc.readTx(mb, owner, len, tx);
    }

    // ---- the transaction descriptor: MemoryRegionDescriptor and MemoryDescriptorChecks -------------

    /** Checks the registers of a retrieve: descriptor in the TX buffer, one fragment. */
    private static int checkTransferRegisters(Cpu cpu, Mailbox mb) {
        long total = cpu.x[1] & 0xFFFF_FFFFL, fragment = cpu.x[2] & 0xFFFF_FFFFL;
        if (cpu.x[3] != 0 || (cpu.x[4] & 0xFFFF_FFFFL) != 0) return Ffa.INVALID_PARAMETERS;   // only the TX buffer
        if (!mb.mapped) return Ffa.INVALID_PARAMETERS;
        if (total != fragment) return Ffa.NOT_SUPPORTED;   // fragmented retrieve requests
        if (total == 0 || total > mb.size()) return Ffa.INVALID_PARAMETERS;
        return 0;
    }

    private static void fail(Cpu cpu, int code, Spmc spmc, String why) {
        Ffa.error(cpu, code);
        if (spmc.trace() != null) spmc.trace().note("rejected: " + why + " -> " + Ffa.errorName(code));
    }

    /** The transaction type of a MEM_SHARE/LEND/DONATE function ID. */
    static int typeOf(int fid) {
        switch (fid & 0xFFFF) {
            case 0x73: return TYPE_SHARE;
            case 0x72: return TYPE_LEND;
            default: return TYPE_DONATE;
        }
    }

    /**
     * FFA_MEM_SHARE, LEND or DONATE from either world, of the caller's own memory: w1 total length,
     * w2 fragment length, the descriptor in the caller's TX buffer. A buffer of its own (an address
     * in x3, a page count in w4) is refused as OP-TEE refuses it: INVALID_PARAMETERS to the normal
     * world (reference §1.3), NOT_SUPPORTED to a partition (§1.4).
     */
    void transfer(Caller c, Cpu cpu, int fid) {
        long total = cpu.x[1] & 0xFFFF_FFFFL, fragment = cpu.x[2] & 0xFFFF_FFFFL;
        if (cpu.x[3] != 0 || (cpu.x[4] & 0xFFFF_FFFFL) != 0) {
            fail(cpu, c.isNormalWorld() ? Ffa.INVALID_PARAMETERS : Ffa.NOT_SUPPORTED, spmc, "a buffer address: only the TX buffer");
            return;
        }
        if (!c.mailbox.mapped) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "no TX buffer");
            return;
        }
        start(cpu, c, typeOf(fid), total, fragment);
    }

    private void start(Cpu cpu, Caller owner, int type, long total, long fragment) {
        Mailbox mb = owner.mailbox;
        if (fragment == 0 || fragment > mb.size() || total < fragment || total > MAX_TRANSACTION) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "lengths");
            return;
        }
        if (!readTx(mb, owner.partition(), (int) fragment)) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "TX buffer unreadable");
            return;
        }
        if (total == fragment) {
            finish(cpu, tx, (int) fragment, owner, owner.version, type, 0);
            return;
        }
        // The rest comes with FFA_MEM_FRAG_TX; the handle names the transaction meanwhile.
        Fragments f = new Fragments(owner, owner.version, type, (int) total);
        System.arraycopy(tx, 0, f.data, 0, (int) fragment);
        f.received = (int) fragment;
        long handle = nextIndex++ | HANDLE_BIT;
        pending.put(handle, f);
        fragRx(cpu, handle, f.received);
    }

    private static void fragRx(Cpu cpu, long handle, int offset) {
        long[] x = cpu.x;
        x[0] = Ffa.MEM_FRAG_RX & 0xFFFF_FFFFL;
        x[1] = handle & 0xFFFF_FFFFL;
        x[2] = handle >>> 32;
        x[3] = offset;
        x[4] = x[5] = x[6] = x[7] = 0;
    }

    /** FFA_MEM_FRAG_TX: w1/w2 the handle, w3 this fragment's length, w4 the sender (0 without a hypervisor). */
    void fragTx(Caller c, Cpu cpu) {
        Mailbox mb = c.mailbox;
        long handle = (cpu.x[1] & 0xFFFF_FFFFL) | (cpu.x[2] & 0xFFFF_FFFFL) << 32;
        long len = cpu.x[3] & 0xFFFF_FFFFL;
        Fragments f = pending.get(handle);
        if (f == null || f.owner != c || (cpu.x[4] & 0xFFFF_FFFFL) != 0 || !mb.mapped) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "no such fragmented transaction");
            return;
        }
        if (len == 0 || len > mb.size() || f.received + len > f.data.length) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "fragment length");
            return;
        }
        if (!readTx(mb, c.partition(), (int) len)) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "TX buffer unreadable");
            return;
        }
        System.arraycopy(tx, 0, f.data, f.received, (int) len);
        f.received += (int) len;
        if (f.received < f.data.length) {
            fragRx(cpu, handle, f.received);
            return;
        }
        // Complete: the whole descriptor is validated now; if it is bad the transaction is aborted.
        pending.remove(handle);
        finish(cpu, f.data, f.data.length, f.owner, f.version, f.type, handle);
    }

    /**
     * A complete descriptor (in the owner's layout, {@code version}): validate everything, then
     * create the transaction. The sender must be the owner, the handle 0 (the SPMC allocates it),
     * the flags valid for the transaction type; a donation has one receiver; every constituent
     * page must be the owner's to give.
     */
    private void finish(Cpu cpu, byte[] bytes, int length, Caller ownerCaller, int version, int type, long handle) {
        int owner = ownerCaller.id;
        Partition ownerSp = ownerCaller.partition();
        MemoryRegionDescriptor d = view.over(bytes, length, version);
        String malformed = MemoryDescriptorChecks.transaction(d);
        if (malformed != null) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "malformed descriptor: " + malformed);
            return;
        }
        String bad = d.sender() != owner ? "sender is not the owner" : d.handle() != 0 ? "a handle in a new transaction"
                : MemoryDescriptorChecks.transferFlags(d.flags(), type);
        if (bad != null) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, bad);
            return;
        }
        int receivers = d.accessCount();
        if (type == TYPE_DONATE && receivers != 1) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "a donation has exactly one receiver");
            return;
        }
        CompositeMemoryRegion region = d.composite(d.access(0).compositeOffset());
        // The pages go into a pooled share, grown as they pass their checks: the page count is the
        // sender's word, not yet a size to allocate.
        Share s = acquire(handle != 0 ? handle : nextIndex | HANDLE_BIT, owner, type, d.tag(), d.attributes(), ownerSp == null);
        int k = 0;
        for (int i = 0; i < region.constituentCount(); i++) {
            long base = region.address(i), count = region.pageCount(i) & 0xFFFF_FFFFL;
            for (long p = 0; p < count; p++) {
                long addr = base + (long) p * SecureMemory.PAGE;
                s.ensurePages(k + 1);
                if (ownerSp == null) {
                    if (!spmc.normalRam(addr, SecureMemory.PAGE)) {
                        release(s);
                        fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "constituent outside Non-secure RAM");
                        return;
                    }
                    if (type != TYPE_SHARE && inAnyTransaction(addr)) {
                        release(s);
                        fail(cpu, Ffa.DENIED, spmc, "lending or donating memory that is already shared");
                        return;
                    }
                    s.pages[k++] = addr;
                    continue;
                }
                long desc = ownerSp.space.lookup(addr);
                if (desc == 0 || (desc & 1L << 5) != 0 || addr >= Spmc.SHARE_VA) {
                    release(s);
                    fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "constituent not owned by the partition");
                    return;
                }
                int have = AddressSpace.permissions(desc);
                for (int r = 0; r < receivers; r++) {
                    int perm = d.access(r).permissions();
                    int data = EndpointMemoryAccessDescriptor.dataAccess(perm), insn = EndpointMemoryAccessDescriptor.instructionAccess(perm);
                    if (data == PERM_RW && (have & AddressSpace.W) == 0 || insn == EndpointMemoryAccessDescriptor.INSTRUCTION_X
                            && (have & AddressSpace.X) == 0) {
                        release(s);
                        fail(cpu, Ffa.DENIED, spmc, "more access than the partition's own mapping");
                        return;
                    }
                }
                long pa = desc & 0x0000_FFFF_FFFF_F000L;
                if (inAnyShare(pa)) {
                    release(s);
                    fail(cpu, Ffa.DENIED, spmc, "pages already shared (exclusive access)");
                    return;
                }
                s.lenderVa[k] = addr;
                s.pages[k++] = pa;
            }
        }
        s.pageCount = k;
        createShare(cpu, d, s, ownerSp, handle);
    }

    /** True when a Non-secure page is part of any live transaction. */
    private boolean inAnyTransaction(long pa) { return inAny(pa, true); }

    private boolean inAnyShare(long pa) { return inAny(pa, false); }

    private boolean inAny(long pa, boolean nonSecure) {
        for (int slot = 0, n = shares.slots(); slot < n; slot++) {
            Share s = shares.valueAt(slot);
            if (s == null || s.nonSecure != nonSecure) continue;
            for (int i = 0; i < s.pageCount; i++) if (s.pages[i] == pa) return true;
        }
        return false;
    }

    /**
     * The receivers (live partitions, or a logical partition that takes memory; not the owner;
     * each once) with valid permissions, then the transaction; a lend or donation takes the
     * owner's access away.
     */
    private void createShare(Cpu cpu, MemoryRegionDescriptor d, Share s, Partition ownerSp, long handle) {
        for (int i = 0; i < d.accessCount(); i++) {
            EndpointMemoryAccessDescriptor a = d.access(i);
            Endpoint e = spmc.endpoint(a.receiver());
            boolean takesMemory = e instanceof Partition ? ((Partition) e).state != Partition.State.DEAD
                    : e instanceof LogicalPartition && ((LogicalPartition) e).receivesMemory();
            if (!takesMemory || e == ownerSp || s.receiver(e.id) != null) {
                release(s);
                fail(cpu, Ffa.INVALID_PARAMETERS, spmc, String.format("receiver 0x%04x", a.receiver()));
                return;
            }
            int perm = a.permissions();
            if (!MemoryDescriptorChecks.permissionsValid(perm)) {
                release(s);
                fail(cpu, Ffa.DENIED, spmc, String.format("access permissions 0x%x", perm));
                return;
            }
            s.addReceiver(e, perm);
        }
        if (handle == 0) nextIndex++;
        shares.put(s.handle, s);
        if (s.type != TYPE_SHARE) {
            // The owner loses access: Non-secure pages become Secure-only, a lender's own mapping goes.
            if (s.nonSecure) {
                for (int i = 0; i < s.pageCount; i++) spmc.setNonSecureAccess(s.pages[i], false);
                spmc.flushNormalWorldTlbs(cpu);
            } else {
                s.lent = true;
                s.lenderPerms = AddressSpace.permissions(ownerSp.space.lookup(s.lenderVa[0]));
                for (int i = 0; i < s.pageCount; i++) {
                    ownerSp.space.unmap(s.lenderVa[i], 1);
                    spmc.tablesChanged(cpu, ownerSp, s.lenderVa[i], 1);
                }
            }
            if ((d.flags() & MemoryRegionDescriptor.FLAG_ZERO) != 0) {
                for (int i = 0; i < s.pageCount; i++) java.util.Arrays.fill(spmc.physicalPage(s.pages[i]), (byte) 0);
            }
        }
        if (spmc.trace() != null) {
            spmc.trace().note(String.format("%s handle=0x%x owner=0x%04x pages=%d receivers=%d tag=0x%x",
                    s.type == TYPE_SHARE ? "share" : s.type == TYPE_LEND ? "lend" : "donate", s.handle, s.owner,
                    s.pageCount, s.receiverCount, s.tag));
        }
        Ffa.success(cpu, s.handle & 0xFFFF_FFFFL);
        cpu.x[3] = s.handle >>> 32;
    }

    /** The live share {@code handle} if {@code receiver} is one of its receivers, else null. */
    Share sharedWith(long handle, int receiver) {
        Share s = shares.get(handle);
        return s != null && s.receiver(receiver) != null ? s : null;
    }

    // ---- retrieve, relinquish, reclaim -------------------------------------------------------------

    /** FFA_MEM_RETRIEVE_REQ from a partition; the answer (FFA_MEM_RETRIEVE_RESP) goes in its RX buffer. */
    void retrieve(Caller c, Cpu cpu) {
        Partition sp = (Partition) c;
        int check = checkTransferRegisters(cpu, sp.mailbox);
        if (check != 0) {
            fail(cpu, check, spmc, "transfer registers");
            return;
        }
        int length = (int) cpu.x[1];
        MemoryRegionDescriptor d = readTx(sp.mailbox, sp, length) ? view.over(tx, length, sp.version) : null;
        String malformed = d == null ? "TX buffer unreadable" : MemoryDescriptorChecks.retrieveRequest(d);
        if (malformed != null) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "malformed retrieve descriptor: " + malformed);
            return;
        }
        Share s = shares.get(d.handle());
        Receiver r = s == null ? null : s.receiver(sp.id);
        if (s == null || r == null || d.accessCount() != 1 || d.access(0).receiver() != sp.id || d.sender() != s.owner) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "handle, sender or receiver");
            return;
        }
        // The caller may name the transaction type (0: whatever it is); it may not ask the SPMC to zero after relinquish (OP-TEE).
        int wantType = d.transactionType();
        if (d.tag() != s.tag || (d.flags() & MemoryRegionDescriptor.FLAG_ZERO_AFTER_RELINQUISH) != 0 || wantType != 0 && wantType != s.type) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "tag, flags or transaction type");
            return;
        }
        int want = d.access(0).permissions();
        int data = EndpointMemoryAccessDescriptor.dataAccess(want), insn = EndpointMemoryAccessDescriptor.instructionAccess(want);
        if ((want & ~0xF) != 0 || data == PERM_RW && (r.perms & 3) != PERM_RW
                || insn == EndpointMemoryAccessDescriptor.INSTRUCTION_X && EndpointMemoryAccessDescriptor.instructionAccess(r.perms) != 2) {
            fail(cpu, Ffa.DENIED, spmc, "more access than granted");
            return;
        }
        if (r.retrieved >= 255) {
            fail(cpu, Ffa.DENIED, spmc, "retrieve count limit");
            return;
        }
        if (sp.mailbox.rxFull) {
            fail(cpu, Ffa.BUSY, spmc, "RX buffer full");
            return;
        }
        if (r.retrieved == 0) {
            int grant = AddressSpace.R | ((r.perms & 3) == PERM_RW ? AddressSpace.W : 0) | (((r.perms >>> 2) & 3) == 2 ? AddressSpace.X : 0);
            long va = freeShareVa(sp, s.pageCount);
            if (va < 0) {
                fail(cpu, Ffa.NO_MEMORY, spmc, "no free virtual address range");
                return;
            }
            for (int i = 0; i < s.pageCount; i++) {
                if (!sp.space.map(va + (long) i * SecureMemory.PAGE, s.pages[i], 1, grant, false, s.nonSecure)) {
                    sp.space.unmap(va, i);
                    fail(cpu, Ffa.NO_MEMORY, spmc, "translation tables");
                    return;
                }
            }
            r.va = va;
            spmc.tablesChanged(cpu, sp, va, s.pageCount);
        }
        r.retrieved++;
        int respLength = retrieveResponse(s, r, sp.version);
        if (respLength > sp.mailbox.size() || !spmc.writeRx(sp.mailbox, sp, rx, respLength)) {
            fail(cpu, Ffa.NO_MEMORY, spmc, "response does not fit the RX buffer");
            return;
        }
        sp.mailbox.rxFull = true;
        if (s.type == TYPE_DONATE) {
            // Ownership has passed: the memory is now the receiver's own, no longer a transaction.
            shares.remove(s.handle);
            sp.donated.add(new long[] {r.va, s.pageCount});
            release(s);
        }
        long[] x = cpu.x;
        x[0] = Ffa.MEM_RETRIEVE_RESP & 0xFFFF_FFFFL;
        x[1] = x[2] = sp.mailbox.size();   // OP-TEE reports the RX buffer size, not the descriptor length
        x[3] = x[4] = x[5] = x[6] = x[7] = 0;
    }

    /**
     * The lowest VA in the partition's window for retrieved memory with {@code pages} free pages,
     * so relinquished ranges (and the translation tables behind them) are reused; -1 if none.
     */
    private static long freeShareVa(Partition sp, int pages) {
        long limit = Spmc.SHARE_VA + (1L << 30);
        long va = Spmc.SHARE_VA;
        while (va + (long) pages * SecureMemory.PAGE <= limit) {
            int i = 0;
            while (i < pages && sp.space.lookup(va + (long) i * SecureMemory.PAGE) == 0) i++;
            if (i == pages) return va;
            va += (long) (i + 1) * SecureMemory.PAGE;
        }
        return -1;
    }

    /**
     * The FFA_MEM_RETRIEVE_RESP descriptor, in the receiver's layout: the owner, the attributes
     * with the NS bit for normal-world memory (v1.1 §10.10.4.1: retrieve responses only; v1.1+),
     * the transaction type in the flags, the handle and tag, one endpoint memory access descriptor
     * (the receiver, its permissions) and one constituent: the whole region at the receiver's VAs.
     */
    private int retrieveResponse(Share s, Receiver r, int version) {
        int accessSize = version >= Ffa.VERSION_1_2 ? EndpointMemoryAccessDescriptor.SIZE_V1_2 : EndpointMemoryAccessDescriptor.SIZE;
        int header = version >= Ffa.VERSION_1_1 ? MemoryRegionDescriptor.HEADER_V1_1 : MemoryRegionDescriptor.HEADER_V1_0;
        int composite = header + accessSize, length = composite + CompositeMemoryRegion.HEADER + CompositeMemoryRegion.CONSTITUENT;
        MemoryRegionDescriptor d = response.create(rx, length, version, 1, accessSize);
        int attributes = version >= Ffa.VERSION_1_1 && s.nonSecure ? s.attributes | MemoryRegionDescriptor.ATTRIBUTE_NS : s.attributes;
        d.sender(s.owner).attributes(attributes).flags(s.type << MemoryRegionDescriptor.TYPE_SHIFT).handle(s.handle).tag(s.tag);
        d.access(0).receiver(r.sp.id).permissions(r.perms).compositeOffset(composite);
        d.composite(composite).totalPages(s.pageCount).constituentCount(1).constituent(0, r.va, s.pageCount);
        return length;
    }

    /** FFA_MEM_RELINQUISH (partitions): {handle, flags, endpoint count = 1, the caller's ID} in the TX buffer. */
    void relinquish(Caller c, Cpu cpu) {
        Partition sp = (Partition) c;
        if (!sp.mailbox.mapped) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "no TX buffer");
            return;
        }
        if (!readTx(sp.mailbox, sp, RelinquishDescriptor.SIZE_ONE_ENDPOINT)) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "descriptor unreadable");
            return;
        }
        RelinquishDescriptor d = relinquishView.over(tx);
        long handle = d.handle();
        int count = d.endpointCount(), id = d.endpoint(0);
        Share s = shares.get(handle);
        Receiver r = s == null ? null : s.receiver(sp.id);
        if (count != 1 || id != sp.id || r == null || r.retrieved == 0) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "handle, endpoint or nothing retrieved");
            return;
        }
        if (--r.retrieved == 0) {
            sp.space.unmap(r.va, s.pageCount);
            spmc.tablesChanged(cpu, sp, r.va, s.pageCount);
        }
        Ffa.success(cpu, 0);
    }

    /** FFA_MEM_RECLAIM (the owner): w1/w2 the handle, w3 flags (bit 0 zero the memory). */
    void reclaim(Caller c, Cpu cpu) {
        int callerId = c.id;
        Partition caller = c.partition();
        long handle = (cpu.x[1] & 0xFFFF_FFFFL) | (cpu.x[2] & 0xFFFF_FFFFL) << 32;
        int flags = (int) cpu.x[3];
        Share s = shares.get(handle);
        if (s == null) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "unknown handle");
            return;
        }
        if (s.owner != callerId || s.type == TYPE_DONATE) {
            fail(cpu, Ffa.DENIED, spmc, s.type == TYPE_DONATE ? "donated memory is never reclaimed" : "not the owner");
            return;
        }
        if (s.retrievedByAnyone()) {
            fail(cpu, Ffa.DENIED, spmc, "still retrieved");
            return;
        }
        if ((flags & ~3) != 0) {
            fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "reserved flags");
            return;
        }
        if ((flags & 1) != 0) {
            if (s.nonSecure) {
                fail(cpu, Ffa.DENIED, spmc, "zeroing normal-world memory");
                return;
            }
            for (int i = 0; i < s.pageCount; i++) java.util.Arrays.fill(spmc.physicalPage(s.pages[i]), (byte) 0);
        }
        shares.remove(handle);
        if (s.type == TYPE_LEND) {
            if (s.nonSecure) {
                for (int i = 0; i < s.pageCount; i++) spmc.setNonSecureAccess(s.pages[i], true);
            } else {
                for (int i = 0; i < s.pageCount; i++) {
                    caller.space.map(s.lenderVa[i], s.pages[i], 1, s.lenderPerms, false, false);
                    spmc.tablesChanged(cpu, caller, s.lenderVa[i], 1);
                }
            }
        }
        release(s);
        Ffa.success(cpu, 0);
    }

    /** FFA_MEM_FRAG_RX: only retrieve responses could come in fragments, and ours always fit. */
    void fragRx(Caller c, Cpu cpu) {
        fail(cpu, Ffa.INVALID_PARAMETERS, spmc, "no fragmented response pending");
    }

    // ---- snapshots ----

    /** Whether any share or fragmented transaction is live. */
    boolean inUse() { return !shares.isEmpty() || !pending.isEmpty(); }

    long nextIndex() { return nextIndex; }

    void setNextIndex(long n) { nextIndex = n; }

    /** Live shares (by handle) with their receivers, and transactions still arriving in fragments. */
    void save(SnapshotOutput o) {
        o.writeLong(nextIndex);
        List<Share> live = all();
        o.writeInt(live.size());
        for (Share s : live) {
            o.writeLong(s.handle); o.writeInt(s.owner); o.writeInt(s.type); o.writeLong(s.tag); o.writeInt(s.attributes);
            o.writeBoolean(s.nonSecure); o.writeLongs(java.util.Arrays.copyOf(s.pages, s.pageCount));
            o.writeBoolean(s.lent);
            if (s.lent) o.writeLongs(java.util.Arrays.copyOf(s.lenderVa, s.pageCount));
            o.writeInt(s.lenderPerms);
            o.writeInt(s.receiverCount);
            for (int i = 0; i < s.receiverCount; i++) {
                Receiver r = s.receivers[i];
                o.writeInt(r.sp.id); o.writeInt(r.perms); o.writeInt(r.retrieved); o.writeLong(r.va);
            }
        }
        Long[] ps = pending.keySet().toArray(new Long[0]);
        java.util.Arrays.sort(ps);
        o.writeInt(ps.length);
        for (Long h : ps) {
            Fragments f = pending.get(h);
            o.writeLong(h); o.writeInt(f.owner.id); o.writeInt(f.version); o.writeInt(f.type); o.writeBytes(f.data); o.writeInt(f.received);
        }
    }

    void restore(SnapshotInput in) throws SnapshotFormatException {
        nextIndex = in.readLong();
        shares.clear();
        for (int n = in.readInt(0, 1 << 20); n > 0; n--) {
            long handle = in.readLong();
            int owner = in.readInt(), type = in.readInt();
            long tag = in.readLong();
            int attributes = in.readInt();
            boolean nonSecure = in.readBoolean();
            long[] pages = longs(in);
            Share s = acquire(handle, owner, type, tag, attributes, nonSecure);
            s.ensurePages(pages.length);
            System.arraycopy(pages, 0, s.pages, 0, pages.length);
            s.pageCount = pages.length;
            s.lent = in.readBoolean();
            if (s.lent) {
                long[] lenderVa = longs(in);
                if (lenderVa.length != pages.length) throw new SnapshotFormatException("a lent share's VAs do not match its pages");
                System.arraycopy(lenderVa, 0, s.lenderVa, 0, lenderVa.length);
            }
            s.lenderPerms = in.readInt();
            for (int k = in.readInt(0, 1 << 16); k > 0; k--) {
                Caller c = spmc.callerById(in.readInt());
                if (!(c instanceof Endpoint)) throw new SnapshotFormatException("a share received by the normal world");
                Receiver r = s.addReceiver((Endpoint) c, in.readInt());
                r.retrieved = in.readInt();
                r.va = in.readLong();
            }
            shares.put(handle, s);
        }
        pending.clear();
        for (int n = in.readInt(0, 1 << 20); n > 0; n--) {
            long h = in.readLong();
            Caller owner = spmc.callerById(in.readInt());
            int version = in.readInt(), type = in.readInt();
            byte[] data = in.readBytes();
            Fragments f = new Fragments(owner, version, type, data.length);
            System.arraycopy(data, 0, f.data, 0, data.length);
            f.received = in.readInt(0, data.length);
            pending.put(h, f);
        }
    }

    private static long[] longs(SnapshotInput in) throws SnapshotFormatException {
        int n = in.readInt(0, 1 << 24);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) a[i] = in.readLong();
        return a;
    }
}
