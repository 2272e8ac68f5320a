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

    private final SystemBus bus;
    final long base, size;
    private final BitSet used;
    private int next;

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

    /** Allocates {@code pages} contiguous zeroed pages; -1 when the carve-out is full. */
    long allocate(int pages) {
        int start = next;
        while (true) {
            int free = used.nextClearBit(start);
            if ((long) (free + pages) * PAGE > size) return -1;
            int nextUsed = used.nextSetBit(free);
            if (nextUsed < 0 || nextUsed >= free + pages) {
                used.set(free, free + pages);
                next = free + pages;
                long pa = base + (long) free * PAGE;
                for (int i = 0; i < pages; i++) java.util.Arrays.fill(page(pa + (long) i * PAGE), (byte) 0);
                return pa;
            }
            start = nextUsed + 1;
        }
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
}
