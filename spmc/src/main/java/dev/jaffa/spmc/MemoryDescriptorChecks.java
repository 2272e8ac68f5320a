package dev.jaffa.spmc;

import dev.jaffa.monitor.Ffa;

/**
 * Whether memory transaction descriptors are well-formed, one named check per part, each citing
 * the FF-A tables it enforces (v1.1 DEN0077A; v1.0 numbers for the v1.0 layout) and applying
 * OP-TEE's checks (reference ffa.md §1.6, PR 6882). Each returns null when the part is valid, or
 * the reason it is not (for the trace); a malformed descriptor is INVALID_PARAMETERS. Lengths are
 * compared in {@code long}, so no field value can make an offset wrap.
 */
final class MemoryDescriptorChecks {
    private MemoryDescriptorChecks() {}

    /** A complete transaction descriptor (FFA_MEM_SHARE/LEND/DONATE): header, access descriptors, composite region. */
    static String transaction(MemoryRegionDescriptor d) {
        String why = header(d);
        if (why == null) why = accessDescriptors(d);
        if (why == null) why = compositeRegion(d, d.access(0).compositeOffset());
        return why;
    }

    /**
     * The header: v1.1 Table 10.20 (48 bytes; the endpoint memory access descriptor size is 16,
     * or 32 from v1.2 as FF-A v1.2 defines it; 12 reserved bytes MBZ) or v1.0 Table 45 (32 bytes,
     * the reserved byte and word MBZ).
     */
    static String header(MemoryRegionDescriptor d) {
        if (d.length() < d.headerSize()) return "shorter than the descriptor header";
        if (d.version >= Ffa.VERSION_1_1) {
            int size = d.accessSize();
            if (size != EndpointMemoryAccessDescriptor.SIZE && !(size == EndpointMemoryAccessDescriptor.SIZE_V1_2 && d.version >= Ffa.VERSION_1_2)) {
                return "endpoint memory access descriptor size " + size;
            }
        }
        if (!d.reservedZero()) return "reserved header fields not zero";
        return null;
    }

    /**
     * The endpoint memory access descriptors (v1.1 Table 10.16): 1..255 of them (OP-TEE's limit),
     * attributes within 8 bits, the array at a 16-byte aligned offset below 64 KiB and inside the
     * descriptor, every receiver pointing at the same composite memory region (OP-TEE describes
     * one region for all receivers).
     */
    static String accessDescriptors(MemoryRegionDescriptor d) {
        int count = d.accessCount(), offset = d.accessOffset();
        if (count <= 0 || count > 0xFF) return "endpoint memory access descriptor count " + count;
        if ((d.attributes() & ~0xFF) != 0) return "memory region attributes beyond bits [7:0]";
        if (offset < 0 || offset > 0xFFFF || offset % 16 != 0) return "endpoint memory access descriptor offset";
        if ((long) count * d.accessSize() + offset > d.length()) return "endpoint memory access descriptors beyond the descriptor";
        int composite = d.access(0).compositeOffset();
        for (int i = 1; i < count; i++) if (d.access(i).compositeOffset() != composite) return "receivers with different memory regions";
        return null;
    }

    /**
     * The composite memory region (v1.1 Table 10.13) at {@code offset} and its constituents
     * (Table 10.14): inside the descriptor, a non-zero total page count that is the sum of the
     * constituents' page counts, at least one constituent, each non-empty and 4 KiB aligned.
     */
    static String compositeRegion(MemoryRegionDescriptor d, int offset) {
        if (offset <= 0 || (long) offset + CompositeMemoryRegion.HEADER > d.length()) return "composite memory region offset";
        CompositeMemoryRegion c = d.composite(offset);
        int total = c.totalPages(), count = c.constituentCount();
        if (total == 0 || count <= 0) return "empty composite memory region";
        if ((long) offset + CompositeMemoryRegion.HEADER + (long) count * CompositeMemoryRegion.CONSTITUENT > d.length()) {
            return "constituents beyond the descriptor";
        }
        long sum = 0;
        for (int i = 0; i < count; i++) {
            if (c.pageCount(i) == 0 || (c.address(i) & 0xFFF) != 0) return "constituent " + i + " empty or not 4 KiB aligned";
            sum += c.pageCount(i) & 0xFFFF_FFFFL;
        }
        if (sum != (total & 0xFFFF_FFFFL)) return "total page count is not the constituents' sum";
        return null;
    }

    /**
     * A retrieve request (FFA_MEM_RETRIEVE_REQ): a whole transaction descriptor, or — what
     * receivers usually send — the header and one endpoint memory access descriptor (its own)
     * with no composite region, at a 16-byte aligned offset inside the descriptor.
     */
    static String retrieveRequest(MemoryRegionDescriptor d) {
        if (transaction(d) == null) return null;
        if (d.length() < d.headerSize() + EndpointMemoryAccessDescriptor.SIZE) return "shorter than a header and an access descriptor";
        int offset = d.accessOffset();
        if (d.accessCount() != 1 || offset < 0 || offset % 16 != 0 || (long) offset + EndpointMemoryAccessDescriptor.SIZE > d.length()) {
            return "not one endpoint memory access descriptor inside the request";
        }
        return null;
    }

    /**
     * Access permissions a sender grants (v1.1 Table 10.15): data access and instruction access
     * not the reserved value 3, bits [7:4] zero. OP-TEE answers bad ones DENIED (reference §1.6).
     */
    static boolean permissionsValid(int permissions) {
        return (permissions & ~0xF) == 0 && EndpointMemoryAccessDescriptor.dataAccess(permissions) != 3
                && EndpointMemoryAccessDescriptor.instructionAccess(permissions) != 3;
    }

    /**
     * The flags of FFA_MEM_SHARE/LEND/DONATE (Table 10.20's flags field for these ABIs): bit 0
     * zeroes the memory, which a share (the owner keeps access) may not ask; bit 1 allows time
     * slicing; the rest is reserved here.
     */
    static String transferFlags(int flags, int type) {
        if ((flags & ~(MemoryRegionDescriptor.FLAG_ZERO | MemoryRegionDescriptor.FLAG_TIME_SLICE)) != 0) return "reserved flags";
        if ((flags & MemoryRegionDescriptor.FLAG_ZERO) != 0 && type == MemoryShares.TYPE_SHARE) return "zeroing shared memory";
        return null;
    }
}
