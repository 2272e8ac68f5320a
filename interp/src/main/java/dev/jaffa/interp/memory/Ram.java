package dev.jaffa.interp.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A contiguous RAM region made of 4 KiB {@code byte[]} pages, allocated on first touch so a large
 * {@code -m} costs nothing until the guest uses it. No array ever exceeds a page.
 */
public final class Ram {
    public static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    public final long base, size;
    private final byte[][] pages;

    public Ram(long base, long size) {
        if ((base | size) % PhysicalBus.PAGE_SIZE != 0 || size <= 0) {
            throw new IllegalArgumentException("RAM base and size must be positive multiples of 4 KiB");
        }
        long n = size >>> PhysicalBus.PAGE_SHIFT;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("RAM region too large");
        this.base = base;
        this.size = size;
        this.pages = new byte[(int) n][];
    }

    public boolean contains(long pa) { return pa - base >= 0 && pa - base < size; }

    /** The page holding {@code pa}, which must be inside this region. */
    public byte[] page(long pa) {
        int i = (int) ((pa - base) >>> PhysicalBus.PAGE_SHIFT);
        byte[] p = pages[i];
        if (p == null) pages[i] = p = new byte[PhysicalBus.PAGE_SIZE];
        return p;
    }

    /** Copies bytes in (used by loaders, not by guest code). */
    public void load(long pa, byte[] src, int off, int len) {
        while (len > 0) {
            int o = (int) (pa & (PhysicalBus.PAGE_SIZE - 1));
            int n = Math.min(len, PhysicalBus.PAGE_SIZE - o);
            System.arraycopy(src, off, page(pa), o, n);
            pa += n; off += n; len -= n;
        }
    }

    /** Number of pages in the region. */
    public int pageCount() { return pages.length; }

    /** Page {@code index} if the guest or a loader ever touched it, else null (it reads as zeros). */
    public byte[] pageIfPresent(int index) { return pages[index]; }

    /** Forgets every page: the region reads as zeros again (a snapshot restore then installs its pages). */
    public void clear() { java.util.Arrays.fill(pages, null); }

    /** Installs a page of exactly {@link PhysicalBus#PAGE_SIZE} bytes (a snapshot restore). */
    public void setPage(int index, byte[] page) {
        if (page.length != PhysicalBus.PAGE_SIZE) throw new IllegalArgumentException("not a page");
        pages[index] = page;
    }
}
