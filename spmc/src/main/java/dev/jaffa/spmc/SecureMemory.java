package dev.jaffa.spmc;

import dev.jaffa.interp.memory.SystemBus;
import java.util.BitSet;

/**
 * The Secure-only DRAM carve-out the SPMC owns, handed out in 4 KiB pages: partition images,
 * stacks, translation tables, boot information. Pages a manifest names by physical address are
 * reserved first so the allocator never hands them out.
 */
final class SecureMemory {
    static final int PAGE = 4096;

    @dev.jaffa.interp.snapshot.NotState("wiring")
    private final SystemBus bus;
    final long base, size;
    private final BitSet used;

    SecureMemory(SystemBus bus, long base, long size) {
        this.bus = bus;
        this.base = base;
        this.size = size;
        this.used = new BitSet((int) (size / PAGE));
    }

    boolean contains(long pa, long bytes) { return pa >= base && pa + bytes <= base + size && bytes >= 0; }

    /** Claims pages at a fixed address (a manifest's base-address); false if out of range or taken. */
    boolean reserve(long pa, int pages) {
        if ((pa & (PAGE - 1)) != 0 || !contains(pa, (long) pages * PAGE)) return false;
        int first = (int) ((pa - base) / PAGE);
        if (used.get(first, first + pages).cardinality() != 0) return false;
        used.set(first, first + pages);
        return true;
    }

    /**
     * Allocates {@code pages} contiguous zeroed pages, the highest free ones; -1 when the carve-out
     * is full. Top-down, because manifests place fixed regions near the bottom of the Trusted DRAM
     * (where OP-TEE's own image ends on the FVP), and a partition loaded before the one naming such
     * a region must not have taken it.
     */
    long allocate(int pages) {
        if (pages <= 0) return -1;
        int end = (int) (size / PAGE);
        while (end >= pages) {
            int lastUsed = used.previousSetBit(end - 1);
            if (end - (lastUsed + 1) >= pages) {
                int free = end - pages;
                used.set(free, end);
                long pa = base + (long) free * PAGE;
                for (int i = 0; i < pages; i++) java.util.Arrays.fill(page(pa + (long) i * PAGE), (byte) 0);
                return pa;
            }
            end = lastUsed;
        }
        return -1;
    }

    byte[] page(long pa) { return bus.ramPage(pa); }

    /** The platform's memory map, against which manifests' regions are checked. */
    SystemBus bus() { return bus; }

    /** True when {@code [pa, pa + pages)} is free (not yet handed out or reserved) and inside the carve-out. */
    boolean isFree(long pa, int pages) {
        if ((pa & (PAGE - 1)) != 0 || !contains(pa, (long) pages * PAGE)) return false;
        int first = (int) ((pa - base) / PAGE);
        return used.get(first, first + pages).isEmpty();
    }

    /** The allocation bitmap, for snapshots. */
    long[] usedWords() { return used.toLongArray(); }

    void restoreUsed(long[] words) {
        used.clear();
        used.or(java.util.BitSet.valueOf(words));
    }
}
