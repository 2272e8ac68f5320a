package dev.jaffa.interp.memory;

/**
 * The physical address space as one CPU sees it. RAM is handed out as 4 KiB pages that the
 * software TLB points straight into; everything else (devices) goes through {@link #read} and
 * {@link #write}, which throw {@link BusError} where nothing is mapped.
 */
public interface PhysicalBus {
    int PAGE_SHIFT = 12;
    int PAGE_SIZE = 1 << PAGE_SHIFT;

    /** The RAM page containing {@code pa}, or null when {@code pa} is not RAM. */
    byte[] ramPage(long pa);

    /**
     * A page that may be read and executed directly but not written (RAM, or ROM such as flash in
     * read-array mode), or null. Writes always go through {@link #ramPage} or {@link #write}.
     */
    default byte[] readablePage(long pa) { return ramPage(pa); }

    /**
     * True when {@code pa} is Secure-only memory (a TrustZone carve-out): Non-secure accesses to it
     * are refused with an external abort.
     */
    default boolean isSecureOnly(long pa) { return false; }

    /** A device read of 1, 2, 4 or 8 bytes, zero-extended. */
    long read(long pa, int size);

    /** A device write of the low {@code size} bytes of {@code value}. */
    void write(long pa, int size, long value);
}
