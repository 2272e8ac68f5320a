package dev.jaffa.spmc;

import static dev.jaffa.spmc.LittleEndian.i32;
import static dev.jaffa.spmc.LittleEndian.i64;
import static dev.jaffa.spmc.LittleEndian.put32;
import static dev.jaffa.spmc.LittleEndian.put64;

/**
 * The memory of a transaction, a view over its bytes: the composite memory region descriptor,
 * FF-A v1.1 Table 10.13 (v1.0 Table 39): total page count u32, constituent count u32, 8 reserved
 * bytes; then the constituent memory region descriptors, Table 10.14 (v1.0 Table 40): base address
 * u64 (4 KiB aligned), page count u32, 4 reserved bytes each.
 */
final class CompositeMemoryRegion {
    static final int HEADER = 16, CONSTITUENT = 16;
    private static final int TOTAL_PAGES = 0, CONSTITUENT_COUNT = 4, ADDRESS = 0, PAGE_COUNT = 8;

    private byte[] b;
    private int at;

    /** This view, now of the region at {@code offset} in {@code bytes}. */
    CompositeMemoryRegion at(byte[] bytes, int offset) {
        this.b = bytes;
        this.at = offset;
        return this;
    }

    /** The sum of the constituents' page counts (a 32-bit count: compare unsigned). */
    int totalPages() { return i32(b, at + TOTAL_PAGES); }

    int constituentCount() { return i32(b, at + CONSTITUENT_COUNT); }

    /** Base address of constituent {@code i}: physical for the normal world, a partition's VA for a partition. */
    long address(int i) { return i64(b, at + HEADER + CONSTITUENT * i + ADDRESS); }

    int pageCount(int i) { return i32(b, at + HEADER + CONSTITUENT * i + PAGE_COUNT); }

    CompositeMemoryRegion totalPages(int n) {
        put32(b, at + TOTAL_PAGES, n);
        return this;
    }

    CompositeMemoryRegion constituentCount(int n) {
        put32(b, at + CONSTITUENT_COUNT, n);
        return this;
    }

    CompositeMemoryRegion constituent(int i, long address, int pages) {
        put64(b, at + HEADER + CONSTITUENT * i + ADDRESS, address);
        put32(b, at + HEADER + CONSTITUENT * i + PAGE_COUNT, pages);
        return this;
    }
}
