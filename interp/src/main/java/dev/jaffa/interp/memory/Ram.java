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
    /** Saved pages not installed yet (a restored snapshot's RAM), or null. */
    @dev.jaffa.interp.snapshot.NotState("pages not installed yet: pageIfPresent installs them, so compare pages through it")
    private PageSource source;

    /**
     * Pages a region holds without having installed them: a restored snapshot keeps its RAM
     * compressed and inflates a chunk when the guest first touches one of its pages.
     */
    public interface PageSource {
        /** Installs ({@link Ram#setPage}) the saved pages around page {@code index}, if not done already. */
        void fill(Ram into, int index);
    }

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
        return p != null ? p : absent(i);
    }

    /** First touch of a page: the saved one if there is one, else a new page of zeros. */
    private synchronized byte[] absent(int i) {
        if (source != null && pages[i] == null) source.fill(this, i);
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

    /** Copies {@code src}'s remaining bytes in, leaving its position alone (a loader's mapped file). */
    public void load(long pa, java.nio.ByteBuffer src) {
        for (int off = src.position(), end = src.limit(); off < end; ) {
            int o = (int) (pa & (PhysicalBus.PAGE_SIZE - 1));
            int n = Math.min(end - off, PhysicalBus.PAGE_SIZE - o);
            src.get(off, page(pa), o, n);
            pa += n; off += n;
        }
    }

    /** Number of pages in the region. */
    public int pageCount() { return pages.length; }

    /** Page {@code index} if the guest or a loader ever touched it or a snapshot holds it, else null (it reads as zeros). */
    public byte[] pageIfPresent(int index) {
        byte[] p = pages[index];
        if (p != null || source == null) return p;
        synchronized (this) {
            if (pages[index] == null) source.fill(this, index);
            return pages[index];
        }
    }

    /**
     * Forgets every page and reads the saved ones from {@code from} (null: none) as they are first
     * touched; until then the region reads as zeros where {@code from} holds nothing.
     */
    public synchronized void replacePages(PageSource from) {
        java.util.Arrays.fill(pages, null);
        source = from;
    }

    /** Installs a page of exactly {@link PhysicalBus#PAGE_SIZE} bytes (a snapshot restore). */
    public void setPage(int index, byte[] page) {
        if (page.length != PhysicalBus.PAGE_SIZE) throw new IllegalArgumentException("not a page");
        pages[index] = page;
    }
}
