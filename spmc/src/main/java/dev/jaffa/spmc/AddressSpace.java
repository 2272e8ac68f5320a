package dev.jaffa.spmc;

import dev.jaffa.interp.memory.Ram;
import java.util.Map;

/**
 * A partition's Secure EL1&0 stage 1 address space: 4 KiB granule, 39-bit VA (T0SZ = 25, walks
 * start at level 1), tables in Secure memory written as the Arm ARM's VMSAv8-64 descriptors. The
 * SPMC resolves the VAs partitions pass it by walking those same tables (three reads, nothing to
 * keep in step with them).
 */
final class AddressSpace {
    // Permissions as FF-A manifests and MEM_PERM use them.
    static final int R = 1, W = 2, X = 4;
    /** MAIR_EL1 for partitions: attribute 0 Device-nGnRnE, attribute 1 Normal write-back. */
    static final long MAIR = 0xFF00L;
    /** TCR_EL1: T0SZ 25, inner/outer write-back, inner shareable, 4K, TTBR1 walks disabled, 44-bit IPS. */
    static final long TCR = 25 | 1L << 8 | 1L << 10 | 3L << 12 | 1L << 23 | 4L << 32;
    /** SCTLR_EL1: M, C, SA, SA0, I, nTWI, nTWE and the RES1 bits. */
    static final long SCTLR = dev.jaffa.interp.system.SysReg.SCTLR_EL1_RESET | 1 | 4 | 1 << 12;
    static final long VA_LIMIT = 1L << 39;
    /** A table or page descriptor's output address bits (48-bit PA, 4 KiB granule). */
    private static final long OUTPUT_ADDRESS = 0x0000_FFFF_FFFF_F000L;

    @dev.jaffa.interp.snapshot.NotState("wiring")
    private final SecureMemory mem;
    final long root;

    AddressSpace(SecureMemory mem) {
        this.mem = mem;
        this.root = mem.allocate(1);
        if (root < 0) throw new IllegalStateException("secure memory exhausted");
    }

    /** Maps {@code count} pages at {@code va} to {@code pa} (contiguous). Returns false when out of tables. */
    boolean map(long va, long pa, int count, int perms, boolean device, boolean nonSecure) {
        for (int i = 0; i < count; i++) {
            long v = va + (long) i * SecureMemory.PAGE, p = pa + (long) i * SecureMemory.PAGE;
            long desc = descriptor(p, perms, device, nonSecure);
            if (!install(v, desc)) return false;
        }
        return true;
    }

    void unmap(long va, int count) {
        for (int i = 0; i < count; i++) {
            long v = va + (long) i * SecureMemory.PAGE;
            if (lookup(v) != 0) install(v, 0);
        }
    }

    /** Every mapped page: VA page -> descriptor (a copy, for checks). */
    Map<Long, Long> mappings() {
        java.util.TreeMap<Long, Long> m = new java.util.TreeMap<>();
        for (int i1 = 0; i1 < 512; i1++) {
            long l1 = read(root + 8L * i1);
            if ((l1 & 3) != 3) continue;
            for (int i2 = 0; i2 < 512; i2++) {
                long l2 = read((l1 & OUTPUT_ADDRESS) + 8L * i2);
                if ((l2 & 3) != 3) continue;
                for (int i3 = 0; i3 < 512; i3++) {
                    long d = read((l2 & OUTPUT_ADDRESS) + 8L * i3);
                    if ((d & 3) == 3) m.put((long) i1 << 30 | (long) i2 << 21 | (long) i3 << 12, d);
                }
            }
        }
        return m;
    }

    /** The page descriptor mapping {@code va}'s page, or 0: a walk of the tables. */
    long lookup(long va) {
        if (va < 0 || va >= VA_LIMIT) return 0;
        long table = root;
        for (int level = 1; level < 3; level++) {
            long entry = read(table + 8L * ((va >>> (39 - 9 * level)) & 511));
            if ((entry & 3) != 3) return 0;
            table = entry & OUTPUT_ADDRESS;
        }
        long d = read(table + 8L * ((va >>> 12) & 511));
        return (d & 3) == 3 ? d : 0;
    }

    /** The physical address {@code va} maps to, or -1. */
    long physical(long va) {
        long d = lookup(va);
        return d == 0 ? -1 : (d & 0x0000_FFFF_FFFF_F000L) | (va & (SecureMemory.PAGE - 1));
    }

    /** True when every page of [va, va + bytes) is mapped with at least {@code perms}. */
    boolean mapped(long va, long bytes, int perms) {
        if (bytes <= 0 || va < 0 || va + bytes > VA_LIMIT) return false;
        for (long v = va & ~(long) (SecureMemory.PAGE - 1); v < va + bytes; v += SecureMemory.PAGE) {
            long d = lookup(v);
            if (d == 0 || (permissions(d) & perms) != perms) return false;
        }
        return true;
    }

    static int permissions(long desc) {
        int p = R;
        if ((desc & 1L << 7) == 0) p |= W;
        if ((desc & 1L << 54) == 0) p |= X;
        return p;
    }

    /** Rewrites the permissions of mapped pages (MEM_PERM_SET). */
    void protect(long va, int count, int perms) {
        for (int i = 0; i < count; i++) {
            long v = va + (long) i * SecureMemory.PAGE;
            long d = lookup(v);
            long pa = d & 0x0000_FFFF_FFFF_F000L;
            boolean device = ((d >>> 2) & 7) == 0;
            long nd = descriptor(pa, perms, device, (d & 1L << 5) != 0);
            install(v, nd);
        }
    }

    /**
     * A level 3 page descriptor: AF, inner shareable, not global (nG), never executable at EL1
     * (PXN), EL0 access per {@code perms} (AP = 01 read-write, 11 read-only; UXN unless X).
     */
    static long descriptor(long pa, int perms, boolean device, boolean nonSecure) {
        long d = pa | 3 | (device ? 0 : 1L << 2) | 1L << 10 | 1L << 11 | 3L << 8 | 1L << 53;
        d |= (perms & W) != 0 ? 1L << 6 : 3L << 6;
        if ((perms & X) == 0 || device) d |= 1L << 54;
        if (nonSecure) d |= 1L << 5;
        return d;
    }

    /** Writes the level 3 entry for {@code va}, creating level 2 and 3 tables as needed. */
    private boolean install(long va, long desc) {
        long table = root;
        for (int level = 1; level < 3; level++) {
            int index = (int) (va >>> (39 - 9 * level)) & 511;
            long entry = read(table + 8L * index);
            if ((entry & 3) != 3) {
                if (desc == 0) return true;   // unmapping something never mapped
                long t = mem.allocate(1);
                if (t < 0) return false;
                entry = t | 3;
                write(table + 8L * index, entry);
            }
            table = entry & OUTPUT_ADDRESS;
        }
        write(table + 8L * ((va >>> 12) & 511), desc);
        return true;
    }

    private long read(long pa) {
        return (long) Ram.LE64.get(mem.page(pa), (int) pa & (SecureMemory.PAGE - 1));
    }

    private void write(long pa, long v) {
        Ram.LE64.set(mem.page(pa), (int) pa & (SecureMemory.PAGE - 1), v);
    }
}
