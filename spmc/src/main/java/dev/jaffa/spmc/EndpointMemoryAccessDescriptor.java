package dev.jaffa.spmc;

import static dev.jaffa.spmc.LittleEndian.i32;
import static dev.jaffa.spmc.LittleEndian.put16;
import static dev.jaffa.spmc.LittleEndian.put32;
import static dev.jaffa.spmc.LittleEndian.put8;
import static dev.jaffa.spmc.LittleEndian.u16;
import static dev.jaffa.spmc.LittleEndian.u8;

/**
 * One receiver of a memory transaction, a view over its bytes: the endpoint memory access
 * descriptor, FF-A v1.1 Table 10.16 (v1.0 Table 42): the memory access permissions descriptor
 * (v1.1 Table 10.15: receiver u16, permissions u8, flags u8), the offset of the composite memory
 * region u32, 8 reserved bytes; from v1.2, 16 bytes of implementation-defined data before the
 * reserved ones (32 bytes in all).
 */
final class EndpointMemoryAccessDescriptor {
    static final int SIZE = 16, SIZE_V1_2 = 32;
    private static final int RECEIVER = 0, PERMISSIONS = 2, FLAGS = 3, COMPOSITE_OFFSET = 4;

    /** Permissions (Table 10.15): data access [1:0] and instruction access [3:2]; [7:4] reserved. */
    static final int DATA_RO = 1, DATA_RW = 2, INSTRUCTION_NX = 1, INSTRUCTION_X = 2;

    private byte[] b;
    private int at;

    /** This view, now of the descriptor at {@code offset} in {@code bytes}. */
    EndpointMemoryAccessDescriptor at(byte[] bytes, int offset) {
        this.b = bytes;
        this.at = offset;
        return this;
    }

    int receiver() { return u16(b, at + RECEIVER); }

    int permissions() { return u8(b, at + PERMISSIONS); }

    int flags() { return u8(b, at + FLAGS); }

    /** Offset of the composite memory region descriptor from the start of the transaction descriptor. */
    int compositeOffset() { return i32(b, at + COMPOSITE_OFFSET); }

    static int dataAccess(int permissions) { return permissions & 3; }

    static int instructionAccess(int permissions) { return (permissions >>> 2) & 3; }

    EndpointMemoryAccessDescriptor receiver(int id) {
        put16(b, at + RECEIVER, id);
        return this;
    }

    EndpointMemoryAccessDescriptor permissions(int p) {
        put8(b, at + PERMISSIONS, p);
        return this;
    }

    EndpointMemoryAccessDescriptor compositeOffset(int offset) {
        put32(b, at + COMPOSITE_OFFSET, offset);
        return this;
    }
}
