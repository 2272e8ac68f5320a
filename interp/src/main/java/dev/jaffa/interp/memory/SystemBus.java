package dev.jaffa.interp.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * A physical address map of RAM regions and device windows. Lookups are linear over a handful of
 * regions; the software TLB keeps this off the fast path.
 */
public final class SystemBus implements PhysicalBus {
    /** A memory-mapped device window. Offsets are relative to the window's base. */
    public interface Device {
        long read(long offset, int size);
        void write(long offset, int size, long value);
    }

    /** Read-only pages a device exposes for direct reads and fetches while it allows them (flash). */
    public interface ReadOnlyPages {
        /** The page at {@code offset} in the window, or null while direct reads are not allowed. */
        byte[] page(long offset);
    }

    private Ram[] rams = new Ram[0];
    @dev.jaffa.interp.snapshot.NotState("configuration: the board")
    private long secureBase = -1, secureSize;
    @dev.jaffa.interp.snapshot.NotState("configuration: the board")
    private long[] romBase = new long[0], romSize = new long[0];
    @dev.jaffa.interp.snapshot.NotState("wiring: flash views")
    private ReadOnlyPages[] roms = new ReadOnlyPages[0];
    @dev.jaffa.interp.snapshot.NotState("configuration: the board's device windows")
    private final List<long[]> windows = new ArrayList<>();
    @dev.jaffa.interp.snapshot.NotState("wiring: each device is a snapshot component of its own")
    private final List<Device> devices = new ArrayList<>();

    public Ram addRam(long base, long size) {
        Ram r = new Ram(base, size);
        Ram[] n = java.util.Arrays.copyOf(rams, rams.length + 1);
        n[rams.length] = r;
        rams = n;
        return r;
    }

    public void addDevice(long base, long size, Device d) {
        windows.add(new long[] {base, size});
        devices.add(d);
    }

    public Ram[] rams() { return rams.clone(); }

    /** Marks {@code [base, base + size)} Secure-only, as a TrustZone address space controller would. */
    public void setSecureOnly(long base, long size) {
        secureBase = base;
        secureSize = size;
    }

    /** Pages made Secure-only at run time (memory the normal world lent or donated to partitions). */
    private final PageSet lockedPages = new PageSet();

    /** Makes the 4 KiB page at {@code pa} Secure-only ({@code locked}) or Non-secure again. */
    public void setPageSecureOnly(long pa, boolean locked) {
        if (locked) lockedPages.add(pa >>> PAGE_SHIFT);
        else lockedPages.remove(pa >>> PAGE_SHIFT);
    }

    /** The pages made Secure-only at run time, by page number, sorted (for snapshots). */
    public long[] secureOnlyPages() {
        return lockedPages.toSortedArray();
    }

    /** Replaces the run-time Secure-only pages (a snapshot restore). */
    public void setSecureOnlyPages(long[] pageNumbers) {
        lockedPages.clear();
        for (long p : pageNumbers) lockedPages.add(p);
    }

    @Override
    public boolean isSecureOnly(long pa) {
        if (pa - secureBase >= 0 && pa - secureBase < secureSize && secureBase >= 0) return true;
        return !lockedPages.isEmpty() && lockedPages.contains(pa >>> PAGE_SHIFT);
    }

    /** Makes a device window's content directly readable (it must also be added with {@link #addDevice}). */
    public void addReadOnlyPages(long base, long size, ReadOnlyPages pages) {
        int n = roms.length;
        romBase = java.util.Arrays.copyOf(romBase, n + 1);
        romSize = java.util.Arrays.copyOf(romSize, n + 1);
        roms = java.util.Arrays.copyOf(roms, n + 1);
        romBase[n] = base;
        romSize[n] = size;
        roms[n] = pages;
    }

    @Override
    public byte[] readablePage(long pa) {
        byte[] p = ramPage(pa);
        if (p != null) return p;
        for (int i = 0; i < roms.length; i++) {
            if (pa - romBase[i] >= 0 && pa - romBase[i] < romSize[i]) return roms[i].page(pa - romBase[i]);
        }
        return null;
    }

    /** The RAM region containing {@code pa}, or null. */
    public Ram ramAt(long pa) {
        for (Ram r : rams) if (r.contains(pa)) return r;
        return null;
    }

    @Override
    public byte[] ramPage(long pa) {
        for (Ram r : rams) if (r.contains(pa)) return r.page(pa);
        return null;
    }

    /** True when every page of {@code [pa, pa + size)} belongs to a device window (for checking manifests' device regions). */
    public boolean isDeviceRange(long pa, long size) {
        if (size <= 0 || pa + size < pa) return false;
        for (long p = pa & -PAGE_SIZE; p < pa + size; p += PAGE_SIZE) if (deviceAt(p) < 0) return false;
        return true;
    }

    /** True when {@code [pa, pa + size)} lies in one RAM region (Secure or not). */
    public boolean isRamRange(long pa, long size) {
        Ram r = ramAt(pa);
        return r != null && size > 0 && pa + size > pa && r.contains(pa + size - 1);
    }

    private int deviceAt(long pa) {
        for (int i = 0; i < windows.size(); i++) {
            long[] w = windows.get(i);
            if (pa - w[0] >= 0 && pa - w[0] < w[1]) return i;
        }
        return -1;
    }

    @Override
    public long read(long pa, int size) {
        int i = deviceAt(pa);
        if (i < 0) throw BusError.INSTANCE;
        return devices.get(i).read(pa - windows.get(i)[0], size);
    }

    @Override
    public void write(long pa, int size, long value) {
        int i = deviceAt(pa);
        if (i < 0) throw BusError.INSTANCE;
        devices.get(i).write(pa - windows.get(i)[0], size, value);
    }

    /** Loader access: copies {@code len} bytes to RAM at {@code pa}; false if not all of it is RAM. */
    public boolean load(long pa, byte[] src, int off, int len) {
        Ram r = ramAt(pa);
        if (r == null || len > 0 && !r.contains(pa + len - 1)) return false;
        r.load(pa, src, off, len);
        return true;
    }

    /** Loader access: copies {@code src}'s remaining bytes to RAM at {@code pa}; false if not all of it is RAM. */
    public boolean load(long pa, java.nio.ByteBuffer src) {
        Ram r = ramAt(pa);
        if (r == null || src.hasRemaining() && !r.contains(pa + src.remaining() - 1)) return false;
        r.load(pa, src);
        return true;
    }
}
