package dev.jaffa.interp;

import static dev.jaffa.interp.Ram.LE16;
import static dev.jaffa.interp.Ram.LE32;
import static dev.jaffa.interp.Ram.LE64;

/**
 * Virtual memory access for one PE, with a direct-mapped software TLB (VA page -> RAM page) per
 * access kind. A hit costs one compare: the tag test {@code (va & (PAGE_MASK | size-1)) == tag}
 * also rejects accesses that are not size-aligned, which sends them to the slow path where the
 * memory type decides whether they fault (Device) or are performed (Normal, later with the MMU).
 *
 * <p>With SCTLR_ELx.M = 0 (the only regime implemented so far) addresses are flat, data accesses
 * are Device-nGnRnE and instruction fetches Normal (Arm ARM D8.2.10, "The effects of disabling
 * an address translation stage"), and an address above the physical address size is an address
 * size fault at level 0.
 */
public final class Memory {
    /** Physical address size advertised in ID_AA64MMFR0_EL1.PARange (0b0100 = 44 bits). */
    public static final int PA_BITS = 44;

    private static final int TLB_SIZE = 256, TLB_MASK = TLB_SIZE - 1;
    private static final long PAGE_MASK = ~(long) (PhysicalBus.PAGE_SIZE - 1);
    private static final int OFFSET_MASK = PhysicalBus.PAGE_SIZE - 1;
    /** A tag no masked address can equal: bit 4 is never part of an access's compare mask. */
    private static final long INVALID = 0x10;

    // Access-kind flags for the slow path.
    public static final int ACC_WRITE = 1;
    /** The instruction requires natural alignment whatever the memory type (exclusives, acquire/release). */
    public static final int ACC_ALIGNED = 2;
    /** LDTR/STTR: checked with EL0 permissions. */
    public static final int ACC_UNPRIV = 4;

    private final Cpu cpu;
    private final PhysicalBus bus;
    private final long[] rdTag = new long[TLB_SIZE], wrTag = new long[TLB_SIZE], exTag = new long[TLB_SIZE];
    private final byte[][] rdPage = new byte[TLB_SIZE][], wrPage = new byte[TLB_SIZE][], exPage = new byte[TLB_SIZE][];

    Memory(Cpu cpu, PhysicalBus bus) {
        this.cpu = cpu;
        this.bus = bus;
        flushTlb();
    }

    public PhysicalBus bus() { return bus; }

    /** Drops every cached translation (TLBI, SCTLR/TCR/TTBR changes). */
    public void flushTlb() {
        java.util.Arrays.fill(rdTag, INVALID);
        java.util.Arrays.fill(wrTag, INVALID);
        java.util.Arrays.fill(exTag, INVALID);
        java.util.Arrays.fill(rdPage, null);
        java.util.Arrays.fill(wrPage, null);
        java.util.Arrays.fill(exPage, null);
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
        if (flags == 0) {
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
        if (flags == 0) {
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

    /** Translates a data access, raising the abort it causes. Returns the physical address. */
    private long translateData(long va, int size, int flags) {
        boolean write = (flags & ACC_WRITE) != 0;
        if ((flags & ACC_ALIGNED) != 0 && (va & (size - 1)) != 0) throw alignmentFault(va, write);
        if (va >>> PA_BITS != 0) throw cpu.abort(false, va, Esr.FSC_ADDR_SIZE_L0 | (write ? Esr.WNR : 0));
        // MMU off: every data access is to Device memory, which faults when unaligned.
        if ((va & (size - 1)) != 0) throw alignmentFault(va, write);
        return va;
    }

    private ExceptionTaken alignmentFault(long va, boolean write) {
        return cpu.abort(false, va, Esr.FSC_ALIGNMENT | (write ? Esr.WNR : 0));
    }

    private long slowRead(long va, int size, int flags) {
        long pa = translateData(va, size, flags);
        byte[] page = bus.ramPage(pa);
        if (page == null) {
            try {
                return bus.read(pa, size);
            } catch (BusError e) {
                throw cpu.abort(false, va, Esr.FSC_SYNC_EXTERNAL);
            }
        }
        int i = slot(va);
        rdTag[i] = va & PAGE_MASK;
        rdPage[i] = page;
        int off = (int) pa & OFFSET_MASK;
        switch (size) {
            case 1: return page[off] & 0xFF;
            case 2: return (short) LE16.get(page, off) & 0xFFFF;
            case 4: return (int) LE32.get(page, off) & 0xFFFF_FFFFL;
            default: return (long) LE64.get(page, off);
        }
    }

    private void slowWrite(long va, int size, long v, int flags) {
        flags |= ACC_WRITE;
        long pa = translateData(va, size, flags);
        byte[] page = bus.ramPage(pa);
        if (page == null) {
            try {
                bus.write(pa, size, v);
                return;
            } catch (BusError e) {
                throw cpu.abort(false, va, Esr.FSC_SYNC_EXTERNAL | Esr.WNR);
            }
        }
        int i = slot(va);
        wrTag[i] = va & PAGE_MASK;
        wrPage[i] = page;
        int off = (int) pa & OFFSET_MASK;
        switch (size) {
            case 1: page[off] = (byte) v; break;
            case 2: LE16.set(page, off, (short) v); break;
            case 4: LE32.set(page, off, (int) v); break;
            default: LE64.set(page, off, v); break;
        }
    }

    private int slowFetch(long va) {
        if (va >>> PA_BITS != 0) throw cpu.abort(true, va, Esr.FSC_ADDR_SIZE_L0);
        byte[] page = bus.ramPage(va);
        if (page == null) throw cpu.abort(true, va, Esr.FSC_SYNC_EXTERNAL);
        int i = slot(va);
        exTag[i] = va & PAGE_MASK;
        exPage[i] = page;
        return (int) LE32.get(page, (int) va & OFFSET_MASK);
    }

    /**
     * DC ZVA of the {@code blockSize}-byte block holding {@code va}. The block must be Normal
     * memory; with the MMU off data memory is Device, so after the translation checks it is an
     * alignment fault (Arm ARM D7.4.10). The zeroing itself arrives with the MMU.
     */
    public void zeroBlock(long va, int blockSize) {
        translateData(va & -(long) blockSize, 1, ACC_WRITE);
        throw alignmentFault(va, true);
    }

    /** Physical address of a data access, for the exclusive monitor. Raises the abort it causes. */
    public long physical(long va, int size, int flags) {
        return translateData(va, size, flags);
    }

    /** Diagnostic read that never faults: the 32-bit word at {@code va} (zero-extended), or -1 if it is not RAM. */
    public long peek32(long va) {
        byte[] page = va >>> PA_BITS == 0 ? bus.ramPage(va & ~3L) : null;
        return page == null ? -1L : (int) LE32.get(page, (int) va & OFFSET_MASK & ~3) & 0xFFFF_FFFFL;
    }
}
