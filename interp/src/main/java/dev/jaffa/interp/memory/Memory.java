package dev.jaffa.interp.memory;

import static dev.jaffa.interp.memory.Ram.LE16;
import static dev.jaffa.interp.memory.Ram.LE32;
import static dev.jaffa.interp.memory.Ram.LE64;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.ExceptionTaken;

/**
 * Virtual memory access for one PE, with a direct-mapped software TLB (VA page -> RAM page) per
 * access kind and per translation context (EL0 and EL1 of the EL1&0 regime, EL2), so a change of
 * EL switches arrays instead of flushing. A hit costs one compare: the tag test
 * {@code (va & (PAGE_MASK | size-1)) == tag} also rejects accesses that are not size-aligned,
 * which sends them to the slow path where the memory type decides whether they fault (Device,
 * SCTLR.A) or are performed (Normal). Entries are only filled for accesses the translation
 * permits, so a hit never needs a permission check; TLB maintenance and any change to the
 * translation registers flush them all (over-invalidation is always allowed).
 *
 * <p>With stage 1 disabled, data accesses are Device-nGnRnE and instruction fetches Normal
 * (Arm ARM D8.2.10); an address above the physical address size is an address size fault.
 */
public final class Memory {
    /** Physical address size advertised in ID_AA64MMFR0_EL1.PARange (0b0100 = 44 bits). */
    public static final int PA_BITS = 44;

    /** Entries per software-TLB array (direct-mapped by VA bits 19:12); the JIT inlines the same lookup. */
    public static final int TLB_SIZE = 256, TLB_MASK = TLB_SIZE - 1;
    /** Masks of a VA's page and offset, as the TLB tags and the fast paths use them. */
    public static final long PAGE_MASK = ~(long) (PhysicalBus.PAGE_SIZE - 1);
    public static final int OFFSET_MASK = PhysicalBus.PAGE_SIZE - 1;
    /** A tag no masked address can equal: bit 4 is never part of an access's compare mask. */
    private static final long INVALID = 0x10;
    /**
     * Translation contexts: EL0 and EL1 of the Non-secure EL1&0 regime, EL2, and Secure EL0 (the
     * partitions), so a world switch needs no flush of the normal world's entries.
     */
    private static final int CONTEXTS = 4;
    public static final int CONTEXT_SECURE_EL0 = 3;

    // Access-kind flags for the slow path.
    public static final int ACC_WRITE = 1;
    /** The instruction requires natural alignment whatever the memory type (exclusives, acquire/release). */
    public static final int ACC_ALIGNED = 2;
    /** LDTR/STTR: checked with EL0 permissions. */
    public static final int ACC_UNPRIV = 4;
    /** Cache maintenance by VA: translation faults only, reported with ISS.CM. */
    public static final int ACC_CMO = 8;

    private final Cpu cpu;
    private final PhysicalBus bus;
    private final TranslationTableWalk walk;
    private final long[][] rdTags = new long[CONTEXTS][TLB_SIZE], wrTags = new long[CONTEXTS][TLB_SIZE],
            exTags = new long[CONTEXTS][TLB_SIZE];
    private final byte[][][] rdPages = new byte[CONTEXTS][TLB_SIZE][], wrPages = new byte[CONTEXTS][TLB_SIZE][],
            exPages = new byte[CONTEXTS][TLB_SIZE][];
    // Per entry of the read and write TLBs, for the slow paths that need more than the page: the
    // page's physical address (the exclusive monitor's key) and whether it takes accesses of any
    // alignment (Normal memory and SCTLR.A = 0), so an unaligned access within the page, DC ZVA and
    // an exclusive need no table walk when the page is cached.
    private final long[][] rdPas = new long[CONTEXTS][TLB_SIZE], wrPas = new long[CONTEXTS][TLB_SIZE];
    private final boolean[][] rdAnyAligns = new boolean[CONTEXTS][TLB_SIZE], wrAnyAligns = new boolean[CONTEXTS][TLB_SIZE];
    // Per entry of every TLB: log2 of the size of the mapping it came from (a TLBI by VA drops it
    // when that mapping covers the VA), with NON_GLOBAL set for an nG mapping.
    private final byte[][] rdSpans = new byte[CONTEXTS][TLB_SIZE], wrSpans = new byte[CONTEXTS][TLB_SIZE],
            exSpans = new byte[CONTEXTS][TLB_SIZE];
    // The current context's arrays.
    private long[] rdTag, wrTag, exTag;
    private byte[][] rdPage, wrPage, exPage;
    /** The current context: the slow paths index the per-entry arrays with it (a world switch sets one field); -1 before the first. */
    private int ctx = -1;

    /**
     * Watches RAM pages that hold translated code (the JIT's), or null. Such pages are never entered
     * in the write TLB, so every store to them takes the slow path, which reports it after writing
     * (QEMU's TLB_NOTDIRTY idea).
     */
    public CodePageWatch codeWatch;

    /** Told of stores into pages that hold translated code. */
    public interface CodePageWatch {
        /** True when {@code page} holds translated code (stores to it must be reported). */
        boolean isCode(byte[] page);

        /** {@code size} bytes at {@code offset} of {@code page} were written by {@code cpu}. */
        void written(Cpu cpu, byte[] page, int offset, int size);
    }

    /**
     * A debugger's watchpoints, or null (always null without a debugger: the fast paths never look
     * at it). Pages it covers are kept out of the data TLBs, so every access to them takes the slow
     * path, which calls {@link AccessWatch#check} after translating and before accessing.
     */
    public AccessWatch accessWatch;

    /** Data watchpoints by virtual address (the gdb stub's Z2..Z4). */
    public interface AccessWatch {
        /** True when the page at {@code vaPage} holds a watched byte (it must stay out of the TLBs). */
        boolean coversPage(long vaPage);

        /**
         * An access of {@code size} bytes at {@code va} is about to happen; throws (an unchecked
         * throwable of the debugger's) to abandon the instruction before the access when it hits.
         */
        void check(Cpu cpu, long va, int size, boolean write);
    }

    // The current context's TLB arrays, for the JIT's inline hit paths (valid until the next change
    // of EL; flushes refill the same arrays). A hit is exactly the fast-path test of read8..write64.
    public long[] readTags() { return rdTag; }
    public byte[][] readPages() { return rdPage; }
    public long[] writeTags() { return wrTag; }
    public byte[][] writePages() { return wrPage; }

    /** Removes {@code page} from every context's write TLB, so stores to it take the slow path. */
    public void dropWriteMappings(byte[] page) {
        for (int c = 0; c < CONTEXTS; c++) {
            for (int i = 0; i < TLB_SIZE; i++) {
                if (wrPages[c][i] == page) {
                    wrTags[c][i] = INVALID;
                    wrPages[c][i] = null;
                }
            }
        }
    }

    public Memory(Cpu cpu, PhysicalBus bus) {
        this.cpu = cpu;
        this.bus = bus;
        this.walk = new TranslationTableWalk(cpu, bus);
        flushTlb();
        contextChanged();
    }

    public PhysicalBus bus() { return bus; }

    /** Drops every cached translation (TLBI, SCTLR/TCR/TTBR/MAIR/HCR changes). */
    public void flushTlb() {
        spanned2M.clear();
        spanned1G.clear();
        for (int c = 0; c < CONTEXTS; c++) {
            java.util.Arrays.fill(rdTags[c], INVALID);
            java.util.Arrays.fill(wrTags[c], INVALID);
            java.util.Arrays.fill(exTags[c], INVALID);
            java.util.Arrays.fill(rdPages[c], null);
            java.util.Arrays.fill(wrPages[c], null);
            java.util.Arrays.fill(exPages[c], null);
        }
    }

    /** The page just translated takes accesses of any alignment: Normal memory, SCTLR_ELx.A = 0. */
    private boolean anyAlignment() { return !TranslationTableWalk.isDevice(walk.attr) && !strictAlignment(); }

    /**
     * The 2 MiB and the 1 GiB regions of VA (TLBI_VA_BITS >>> 21 or 30) holding entries from
     * mappings larger than a page, of up to 2 MiB and larger, since the last full flush. The TLB
     * holds 4K pages, so a block or a 16K/64K page is cached as several entries, in any slots, all
     * of which a TLBI by VA of any address in it must drop; elsewhere only the VA's slot can.
     */
    private final PageSet spanned2M = new PageSet(), spanned1G = new PageSet();

    private static final int SPAN_BITS = 0x3F, NON_GLOBAL = 0x40;

    /** The span of the mapping that {@link #walk} just translated {@code va} by, for a new TLB entry. */
    private byte span(long va) {
        int b = walk.mappingBits;
        if (b > PhysicalBus.PAGE_SHIFT) {
            if (b <= 21) spanned2M.add((va & TLBI_VA_BITS) >>> 21); else spanned1G.add((va & TLBI_VA_BITS) >>> 30);
        }
        return (byte) (walk.nonGlobal ? b | NON_GLOBAL : b);
    }

    /**
     * A write to TTBR0_EL1 or TTBR1_EL1 (which may change the ASID): drops the entries of non-global
     * mappings, which belong to an ASID, and keeps the global ones, which hold under every ASID and
     * whatever the TTBRs until a TLBI (the Arm ARM's TLB maintenance rules: software that changes
     * a global mapping invalidates it, as Linux does around every TTBR1 switch). The TLB does not
     * tag ASIDs, so an ASID switch loses the process's pages but no longer the kernel's, which it
     * used to re-walk after each of Linux's context switches.
     */
    public void flushNonGlobal() {
        for (int c = 0; c < CONTEXTS; c++) {
            dropNonGlobal(rdTags[c], rdPages[c], rdSpans[c]);
            dropNonGlobal(wrTags[c], wrPages[c], wrSpans[c]);
            dropNonGlobal(exTags[c], exPages[c], exSpans[c]);
        }
    }

    private static void dropNonGlobal(long[] tags, byte[][] pages, byte[] spans) {
        for (int i = 0; i < TLB_SIZE; i++) {
            if ((spans[i] & NON_GLOBAL) != 0) {
                tags[i] = INVALID;
                pages[i] = null;
            }
        }
    }

    /** VA bits a TLBI by VA names (Xt[43:0] = VA[55:12]); the top byte may be a tag (TBI). */
    private static final long TLBI_VA_BITS = 0x00FF_FFFF_FFFF_F000L;

    /**
     * TLBI by VA (VAE1, VALE1, VAAE1, VAALE1, VAE2, VALE2; Arm ARM C5.5): drops every entry, in
     * every context, that the mapping of {@code va} may have produced, whatever its ASID (dropping
     * more than the operation names is allowed; a TLB may lose entries at any time). Linux issues
     * these for each page it unmaps or remaps, often thousands of times in a boot, where a whole
     * flush would throw away the kernel's and the process's working set each time.
     */
    public void flushTlbVa(long va) {
        // Unless a larger mapping covered the VA, only its own slot can hold an entry for it.
        int from = slot(va), to = from + 1;
        long v = va & TLBI_VA_BITS;
        if (spanned2M.contains(v >>> 21) || spanned1G.contains(v >>> 30)) { from = 0; to = TLB_SIZE; }
        for (int c = 0; c < CONTEXTS; c++) {
            dropCovering(rdTags[c], rdPages[c], rdSpans[c], va, from, to);
            dropCovering(wrTags[c], wrPages[c], wrSpans[c], va, from, to);
            dropCovering(exTags[c], exPages[c], exSpans[c], va, from, to);
        }
    }

    /** Drops the entries in slots [from, to) whose mapping covers {@code va}. */
    private static void dropCovering(long[] tags, byte[][] pages, byte[] spans, long va, int from, int to) {
        for (int i = from; i < to; i++) {
            if (((tags[i] ^ va) & TLBI_VA_BITS & -(1L << (spans[i] & SPAN_BITS))) == 0) {
                tags[i] = INVALID;
                pages[i] = null;
            }
        }
    }

    /** Drops the cached translations of one context (the SPMC after switching partitions). */
    public void flushContext(int c) {
        java.util.Arrays.fill(rdTags[c], INVALID);
        java.util.Arrays.fill(wrTags[c], INVALID);
        java.util.Arrays.fill(exTags[c], INVALID);
        java.util.Arrays.fill(rdPages[c], null);
        java.util.Arrays.fill(wrPages[c], null);
        java.util.Arrays.fill(exPages[c], null);
    }

    /**
     * Forgets context {@code c}'s entries for {@code pages} pages from {@code va}: the entries
     * whose mapping covers one of them, as {@link #flushTlbVa} finds them, so unrelated pages that
     * share their slots stay (a partition's retrieved memory at 0x4000_0000 shares slot 0 with its
     * image at 0x0100_0000, whose code was re-walked after every share); everything when that is
     * as cheap.
     */
    public void flushPages(int c, long va, int pages) {
        if (pages >= TLB_SIZE || pages < 0) {
            flushContext(c);
            return;
        }
        for (int n = 0; n < pages; n++) {
            long v = va + ((long) n << PhysicalBus.PAGE_SHIFT);
            int from = slot(v), to = from + 1;
            long m = v & TLBI_VA_BITS;
            if (spanned2M.contains(m >>> 21) || spanned1G.contains(m >>> 30)) { from = 0; to = TLB_SIZE; }
            dropCovering(rdTags[c], rdPages[c], rdSpans[c], v, from, to);
            dropCovering(wrTags[c], wrPages[c], wrSpans[c], v, from, to);
            dropCovering(exTags[c], exPages[c], exSpans[c], v, from, to);
        }
    }

    /** Selects the TLB of the current EL and security state; called on every change of either. */
    public void contextChanged() {
        int c = cpu.secure ? CONTEXT_SECURE_EL0 : Math.min(cpu.el, 2);
        // Most calls keep the context (an exception entry to EL1 from EL1, an SMC's EL3 and back):
        // six reference stores, each with its GC barrier, were a sixteenth of an FF-A round trip.
        if (c == ctx) return;
        rdTag = rdTags[c]; wrTag = wrTags[c]; exTag = exTags[c];
        rdPage = rdPages[c]; wrPage = wrPages[c]; exPage = exPages[c];
        ctx = c;
    }

    private static int slot(long va) { return (int) (va >>> PhysicalBus.PAGE_SHIFT) & TLB_MASK; }

    // ---- fast paths ----------------------------------------------------------------------------

    public int read8(long va) {
        int i = slot(va);
        if ((va & PAGE_MASK) == rdTag[i]) return rdPage[i][(int) va & OFFSET_MASK] & 0xFF;
        return (int) slowRead(va, 1, 0);
    }

    public int read16(long va) {
        int i = slot(va);
        if ((va & (PAGE_MASK | 1)) == rdTag[i]) return (short) LE16.get(rdPage[i], (int) va & OFFSET_MASK) & 0xFFFF;
        return (int) slowRead(va, 2, 0);
    }

    public int read32(long va) {
        int i = slot(va);
        if ((va & (PAGE_MASK | 3)) == rdTag[i]) return (int) LE32.get(rdPage[i], (int) va & OFFSET_MASK);
        return (int) slowRead(va, 4, 0);
    }

    public long read64(long va) {
        int i = slot(va);
        if ((va & (PAGE_MASK | 7)) == rdTag[i]) return (long) LE64.get(rdPage[i], (int) va & OFFSET_MASK);
        return slowRead(va, 8, 0);
    }

    public void write8(long va, int v) {
        int i = slot(va);
        if ((va & PAGE_MASK) == wrTag[i]) { wrPage[i][(int) va & OFFSET_MASK] = (byte) v; return; }
        slowWrite(va, 1, v, 0);
    }

    public void write16(long va, int v) {
        int i = slot(va);
        if ((va & (PAGE_MASK | 1)) == wrTag[i]) { LE16.set(wrPage[i], (int) va & OFFSET_MASK, (short) v); return; }
        slowWrite(va, 2, v, 0);
    }

    public void write32(long va, int v) {
        int i = slot(va);
        if ((va & (PAGE_MASK | 3)) == wrTag[i]) { LE32.set(wrPage[i], (int) va & OFFSET_MASK, v); return; }
        slowWrite(va, 4, v, 0);
    }

    public void write64(long va, long v) {
        int i = slot(va);
        if ((va & (PAGE_MASK | 7)) == wrTag[i]) { LE64.set(wrPage[i], (int) va & OFFSET_MASK, v); return; }
        slowWrite(va, 8, v, 0);
    }

    /** Reads 1, 2, 4 or 8 bytes zero-extended, with access flags (exclusive, unprivileged, ...). */
    public long read(long va, int size, int flags) {
        if ((flags & ~ACC_ALIGNED) == 0 && (va & (size - 1)) == 0) {   // aligned: ACC_ALIGNED is met
            switch (size) {
                case 1: return read8(va);
                case 2: return read16(va);
                case 4: return read32(va) & 0xFFFF_FFFFL;
                default: return read64(va);
            }
        }
        return slowRead(va, size, flags);
    }

    public void write(long va, int size, long v, int flags) {
        if ((flags & ~ACC_ALIGNED) == 0 && (va & (size - 1)) == 0) {
            switch (size) {
                case 1: write8(va, (int) v); return;
                case 2: write16(va, (int) v); return;
                case 4: write32(va, (int) v); return;
                default: write64(va, v); return;
            }
        }
        slowWrite(va, size, v, flags | ACC_WRITE);
    }

    /** Fetches the instruction at {@code va}, which the caller has checked is 4-aligned. */
    public int fetch(long va) {
        int i = slot(va);
        if ((va & PAGE_MASK) == exTag[i]) return (int) LE32.get(exPage[i], (int) va & OFFSET_MASK);
        return slowFetch(va);
    }

    // ---- slow paths ----------------------------------------------------------------------------

    /** SCTLR_ELx.A of the regime in use. */
    private boolean strictAlignment() { return (cpu.sctlr[cpu.el == 2 ? 2 : 1] & 2) != 0; }

    /**
     * Translates a data access, raising the abort it causes, and returns the physical address.
     * Fault priority (Arm ARM D8.13): alignment required by the instruction or SCTLR.A first, then
     * the MMU faults, then the alignment fault of an unaligned Device access.
     */
    private long translateData(long va, int size, int flags) {
        boolean write = (flags & ACC_WRITE) != 0;
        boolean unaligned = (va & (size - 1)) != 0;
        if (unaligned && ((flags & ACC_ALIGNED) != 0 || strictAlignment())) throw alignmentFault(va, write);
        int el = (flags & ACC_UNPRIV) != 0 ? 0 : cpu.el;
        TranslationTableWalk w = walk;
        w.translate(va, el);
        int extra = (write ? Esr.WNR : 0) | ((flags & ACC_CMO) != 0 ? Esr.CM | Esr.WNR : 0);
        if (w.fault != TranslationTableWalk.NO_FAULT) throw cpu.abort(false, va, w.fault | extra);
        if ((flags & ACC_CMO) == 0 && !(write ? w.writable : w.readable)) {
            throw cpu.abort(false, va, Esr.FSC_PERMISSION_L0 + w.outputLevel | extra);
        }
        if (unaligned && TranslationTableWalk.isDevice(w.attr)) throw alignmentFault(va, write);
        if (!cpu.secure && bus.isSecureOnly(w.pa)) throw cpu.abort(false, va, Esr.FSC_SYNC_EXTERNAL | extra);
        return w.pa;
    }

    private ExceptionTaken alignmentFault(long va, boolean write) {
        return cpu.abort(false, va, Esr.FSC_ALIGNMENT | (write ? Esr.WNR : 0));
    }

    private static boolean crossesPage(long va, int size) { return ((int) va & OFFSET_MASK) + size > PhysicalBus.PAGE_SIZE; }

    private long slowRead(long va, int size, int flags) {
        if (flags == 0 && !crossesPage(va, size)) {
            int i = slot(va);
            if ((va & PAGE_MASK) == rdTag[i] && rdAnyAligns[ctx][i]) return get(rdPage[i], (int) va & OFFSET_MASK, size);
        }
        long pa = translateData(va, size, flags);
        AccessWatch aw = accessWatch;
        if (aw != null) aw.check(cpu, va, size, false);
        if (crossesPage(va, size)) {
            // An unaligned Normal access spanning two pages: byte by byte, each byte translated.
            long v = 0;
            for (int k = size - 1; k >= 0; k--) v = v << 8 | slowRead(va + k, 1, flags & ~ACC_ALIGNED);
            return v;
        }
        byte[] page = bus.readablePage(pa);
        if (page == null) {
            try {
                return bus.read(pa, size);
            } catch (BusError e) {
                throw cpu.abort(false, va, Esr.FSC_SYNC_EXTERNAL);
            }
        }
        // Only whole pages enter the TLB: the JIT's hit path reads them without index checks.
        if ((flags & ACC_UNPRIV) == 0 && page.length >= PhysicalBus.PAGE_SIZE && (aw == null || !aw.coversPage(va & PAGE_MASK))) {
            enterRead(va, pa, page);
        }
        return get(page, (int) pa & OFFSET_MASK, size);
    }

    private static long get(byte[] page, int off, int size) {
        switch (size) {
            case 1: return page[off] & 0xFF;
            case 2: return (short) LE16.get(page, off) & 0xFFFF;
            case 4: return (int) LE32.get(page, off) & 0xFFFF_FFFFL;
            default: return (long) LE64.get(page, off);
        }
    }

    private static void set(byte[] page, int off, int size, long v) {
        switch (size) {
            case 1: page[off] = (byte) v; break;
            case 2: LE16.set(page, off, (short) v); break;
            case 4: LE32.set(page, off, (int) v); break;
            default: LE64.set(page, off, v); break;
        }
    }

    private void slowWrite(long va, int size, long v, int flags) {
        if (flags == 0 && !crossesPage(va, size)) {
            int i = slot(va);
            if ((va & PAGE_MASK) == wrTag[i] && wrAnyAligns[ctx][i]) {
                set(wrPage[i], (int) va & OFFSET_MASK, size, v);
                return;
            }
        }
        flags |= ACC_WRITE;
        long pa = translateData(va, size, flags);
        AccessWatch aw = accessWatch;
        if (aw != null) aw.check(cpu, va, size, true);
        if (crossesPage(va, size)) {
            // Check both pages before writing either, so a fault on the second leaves memory unchanged.
            translateData(va + size - 1 & PAGE_MASK, 1, flags & ~ACC_ALIGNED);
            for (int k = 0; k < size; k++) slowWrite(va + k, 1, v >>> 8 * k, flags & ~ACC_ALIGNED);
            return;
        }
        byte[] page = bus.ramPage(pa);
        if (page == null) {
            try {
                bus.write(pa, size, v);
                return;
            } catch (BusError e) {
                throw cpu.abort(false, va, Esr.FSC_SYNC_EXTERNAL | Esr.WNR);
            }
        }
        CodePageWatch watch = codeWatch;
        boolean code = watch != null && watch.isCode(page);
        if ((flags & ACC_UNPRIV) == 0 && !code && page.length >= PhysicalBus.PAGE_SIZE && (aw == null || !aw.coversPage(va & PAGE_MASK))) {
            enterWrite(va, pa, page);
        }
        int off = (int) pa & OFFSET_MASK;
        set(page, off, size, v);
        if (code) watch.written(cpu, page, off, size);
    }

    /** Enters the page {@code va} was just translated to (by {@link #walk}) in the read TLB. */
    private void enterRead(long va, long pa, byte[] page) {
        int i = slot(va);
        rdTag[i] = va & PAGE_MASK;
        rdPage[i] = page;
        rdPas[ctx][i] = pa & PAGE_MASK;
        rdAnyAligns[ctx][i] = anyAlignment();
        rdSpans[ctx][i] = span(va);
    }

    /** Enters the page {@code va} was just translated to (by {@link #walk}) in the fetch TLB. */
    private void enterFetch(long va, byte[] page) {
        int i = slot(va);
        exTag[i] = va & PAGE_MASK;
        exPage[i] = page;
        exSpans[ctx][i] = span(va);
    }

    /** Enters the page {@code va} was just translated to (by {@link #walk}) in the write TLB. */
    private void enterWrite(long va, long pa, byte[] page) {
        int i = slot(va);
        wrTag[i] = va & PAGE_MASK;
        wrPage[i] = page;
        wrPas[ctx][i] = pa & PAGE_MASK;
        wrAnyAligns[ctx][i] = anyAlignment();
        wrSpans[ctx][i] = span(va);
    }

    private int slowFetch(long va) {
        TranslationTableWalk w = walk;
        w.translate(va, cpu.el);
        if (w.fault != TranslationTableWalk.NO_FAULT) throw cpu.abort(true, va, w.fault);
        if (!w.executable) throw cpu.abort(true, va, Esr.FSC_PERMISSION_L0 + w.outputLevel);
        if (!cpu.secure && bus.isSecureOnly(w.pa)) throw cpu.abort(true, va, Esr.FSC_SYNC_EXTERNAL);
        byte[] page = bus.readablePage(w.pa);
        if (page == null) throw cpu.abort(true, va, Esr.FSC_SYNC_EXTERNAL);
        enterFetch(va, page);
        return (int) LE32.get(page, (int) w.pa & OFFSET_MASK);
    }

    /**
     * For translated code whose inline TLB test missed: enters the page of an access at {@code va}
     * in the read or write TLB, as the slow path would, and returns it; null (and no change) where
     * the access would fault or must take the slow path (an MMIO page, a page holding translated code
     * for a write, a watched page). Never raises, and changes nothing but a TLB entry, which a
     * region may see change: an entry it replaces still held a valid mapping.
     */
    public byte[] probeData(long va, boolean write) {
        TranslationTableWalk w = walk;
        w.translate(va, cpu.el);
        if (w.fault != TranslationTableWalk.NO_FAULT || !(write ? w.writable : w.readable)) return null;
        if (!cpu.secure && bus.isSecureOnly(w.pa)) return null;
        AccessWatch aw = accessWatch;
        if (aw != null && aw.coversPage(va & PAGE_MASK)) return null;
        byte[] page = write ? bus.ramPage(w.pa) : bus.readablePage(w.pa);
        if (page == null || page.length < PhysicalBus.PAGE_SIZE) return null;
        if (write) {
            CodePageWatch watch = codeWatch;
            if (watch != null && watch.isCode(page)) return null;
            enterWrite(va, w.pa, page);
        } else {
            enterRead(va, w.pa, page);
        }
        return page;
    }

    /**
     * The page an instruction fetch from {@code va} reads, filling the fetch TLB like {@link #fetch};
     * null where the fetch would fault (never raises). The JIT looks blocks up with it.
     */
    public byte[] execPage(long va) {
        int i = slot(va);
        if ((va & PAGE_MASK) == exTag[i]) return exPage[i];
        TranslationTableWalk w = walk;
        w.translate(va, cpu.el);
        if (w.fault != TranslationTableWalk.NO_FAULT || !w.executable) return null;
        if (!cpu.secure && bus.isSecureOnly(w.pa)) return null;   // the interpreter raises the abort
        byte[] page = bus.readablePage(w.pa);
        if (page == null) return null;
        enterFetch(va, page);
        return page;
    }

    /**
     * DC ZVA of the {@code blockSize}-byte block holding {@code va}: a write of the whole block,
     * which must be Normal memory (Device memory gives an alignment fault, Arm ARM D7.4.10).
     */
    public void zeroBlock(long va, int blockSize) {
        long start = va & -(long) blockSize;
        int s = slot(start);
        if ((start & PAGE_MASK) == wrTag[s] && wrAnyAligns[ctx][s]) {   // a cached Normal page (never code, never watched)
            int off = (int) start & OFFSET_MASK;
            java.util.Arrays.fill(wrPage[s], off, off + blockSize, (byte) 0);
            return;
        }
        long pa = translateData(start, 1, ACC_WRITE);
        AccessWatch aw = accessWatch;
        if (aw != null) aw.check(cpu, start, blockSize, true);
        if (TranslationTableWalk.isDevice(walk.attr)) throw alignmentFault(va, true);
        byte[] page = bus.ramPage(pa);
        if (page == null) {
            for (int k = 0; k < blockSize; k += 8) {
                try {
                    bus.write(pa + k, 8, 0);
                } catch (BusError e) {
                    throw cpu.abort(false, va, Esr.FSC_SYNC_EXTERNAL | Esr.WNR);
                }
            }
            return;
        }
        int off = (int) pa & OFFSET_MASK;
        java.util.Arrays.fill(page, off, off + blockSize, (byte) 0);
        CodePageWatch watch = codeWatch;
        if (watch != null && watch.isCode(page)) {
            watch.written(cpu, page, off, blockSize);
        } else if (page.length >= PhysicalBus.PAGE_SIZE && (aw == null || !aw.coversPage(start & PAGE_MASK))) {
            enterWrite(start, pa, page);   // clear_page zeroes a page 64 bytes at a time
        }
    }

    /** Cache maintenance by VA: only translation faults are reported (with ISS.CM), nothing is cached. */
    public void cacheMaintenance(long va) {
        int i = slot(va);
        if ((va & PAGE_MASK) == rdTag[i] || (va & PAGE_MASK) == wrTag[i]) return;   // it translates
        translateData(va, 1, ACC_CMO);
    }

    /** Physical address of a data access, for the exclusive monitor. Raises the abort it causes. */
    public long physical(long va, int size, int flags) {
        if ((va & (size - 1)) == 0 && (flags & ~(ACC_ALIGNED | ACC_WRITE)) == 0) {
            int i = slot(va);
            if ((flags & ACC_WRITE) == 0 ? (va & PAGE_MASK) == rdTag[i] : (va & PAGE_MASK) == wrTag[i]) {
                return ((flags & ACC_WRITE) == 0 ? rdPas[ctx][i] : wrPas[ctx][i]) | (va & OFFSET_MASK);
            }
        }
        return translateData(va, size, flags);
    }

    /**
     * AT S1Ex{R,W}: the stage 1 translation of {@code va} for an access at {@code el}, as the
     * PAR_EL1 value (Arm ARM D17.2.97): on success PA, NS, SH and the MAIR attribute; on a fault
     * F=1 with the fault status code. Never takes an exception.
     */
    public long addressTranslate(long va, int el, boolean write) {
        TranslationTableWalk w = walk;
        w.translate(va, el);
        int fsc = w.fault;
        if (fsc == TranslationTableWalk.NO_FAULT && !(write ? w.writable : w.readable)) {
            fsc = Esr.FSC_PERMISSION_L0 + w.outputLevel;
        }
        if (fsc != TranslationTableWalk.NO_FAULT) return 1L << 11 | (long) fsc << 1 | 1;
        // Bit 11 is RES1 in both PAR_EL1 formats (Arm ARM D17.2.113), as QEMU and hardware read it.
        return (long) w.attr << 56 | w.pa & 0x0000_FFFF_FFFF_F000L | 1L << 11 | (cpu.secure ? 0 : 1L << 9) | (long) w.shareability << 7;
    }

    /**
     * The debugger's translation: the physical address {@code va} maps to in the current context
     * (EL, security state, regime), whatever the permissions, or -1 when the walk faults. Never
     * raises, fills no TLB, touches no guest state.
     */
    public long debugTranslate(long va) {
        TranslationTableWalk w = walk;
        w.translate(va, cpu.el);
        return w.fault == TranslationTableWalk.NO_FAULT ? w.pa : -1;
    }

    /** Diagnostic read that never faults: the 32-bit word at {@code va} (zero-extended), or -1. */
    public long peek32(long va) {
        TranslationTableWalk w = walk;
        w.translate(va & ~3L, cpu.el);
        byte[] page = w.fault == TranslationTableWalk.NO_FAULT ? bus.readablePage(w.pa) : null;
        return page == null ? -1L : (int) LE32.get(page, (int) w.pa & OFFSET_MASK & ~3) & 0xFFFF_FFFFL;
    }
}
