package dev.jaffa.spmc;

import static dev.jaffa.spmc.LittleEndian.i32;
import static dev.jaffa.spmc.LittleEndian.i64;
import static dev.jaffa.spmc.LittleEndian.u16;

/**
 * FFA_MEM_RELINQUISH's descriptor, a view over its bytes: "Descriptor to relinquish a memory
 * region", FF-A v1.1 Table 16.25 (v1.0 Table 150): handle u64, flags u32, endpoint count u32, then
 * the endpoint IDs (u16 each).
 */
final class RelinquishDescriptor {
    /** The bytes read: the header and one endpoint ID, all a partition without a hypervisor names. */
    static final int SIZE_ONE_ENDPOINT = 18;
    private static final int HANDLE = 0, FLAGS = 8, ENDPOINT_COUNT = 12, ENDPOINTS = 16;

    private byte[] b;

    /** This view, now of the descriptor at the start of {@code bytes}. */
    RelinquishDescriptor over(byte[] bytes) {
        this.b = bytes;
        return this;
    }

    long handle() { return i64(b, HANDLE); }

    int flags() { return i32(b, FLAGS); }

    int endpointCount() { return i32(b, ENDPOINT_COUNT); }

    int endpoint(int i) { return u16(b, ENDPOINTS + 2 * i); }
}
