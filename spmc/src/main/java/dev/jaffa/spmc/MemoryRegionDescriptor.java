package dev.jaffa.spmc;

import static dev.jaffa.spmc.LittleEndian.i32;
import static dev.jaffa.spmc.LittleEndian.i64;
import static dev.jaffa.spmc.LittleEndian.put16;
import static dev.jaffa.spmc.LittleEndian.put32;
import static dev.jaffa.spmc.LittleEndian.put64;
import static dev.jaffa.spmc.LittleEndian.put8;
import static dev.jaffa.spmc.LittleEndian.u16;
import static dev.jaffa.spmc.LittleEndian.u8;

import dev.jaffa.monitor.Ffa;

/**
 * The memory transaction descriptor, a view over its bytes: "Lend, donate or share memory
 * transaction descriptor", FF-A v1.1 Table 10.20 (a 48-byte header), or FF-A v1.0 Table 45 (a
 * 32-byte header), by the version the endpoint negotiated. FFA_MEM_SHARE/LEND/DONATE send it,
 * FFA_MEM_RETRIEVE_REQ sends it (usually without the composite part), FFA_MEM_RETRIEVE_RESP
 * answers with it. After the header come the endpoint memory access descriptors
 * ({@link EndpointMemoryAccessDescriptor}), then the composite memory region
 * ({@link CompositeMemoryRegion}) they point to.
 *
 * <p>Accessors read the bytes as they are; {@link MemoryDescriptorChecks} says whether they are
 * well-formed, and nothing past the header should be read before it has. A view is re-pointed
 * ({@link #over}) rather than created for each call, and so are the access descriptor and
 * composite region views it hands out: use each before asking for the next one.
 */
final class MemoryRegionDescriptor {
    static final int HEADER_V1_0 = 32, HEADER_V1_1 = 48;
    // v1.1 header: sender u16, attributes u16, flags u32, handle u64, tag u64, access descriptor size u32,
    // access descriptor count u32, access descriptor offset u32, 12 reserved bytes.
    // v1.0 header: sender u16, attributes u8, reserved u8, flags u32, handle u64, tag u64, reserved u32, count u32.
    private static final int SENDER = 0, ATTRIBUTES = 2, RESERVED_V1_0 = 3, FLAGS = 4, HANDLE = 8, TAG = 16,
            ACCESS_SIZE = 24, RESERVED32_V1_0 = 24, ACCESS_COUNT = 28, ACCESS_OFFSET = 32, RESERVED_V1_1 = 36;

    /** Memory region attributes (v1.1 Table 10.18): bit 6 NS, set only in retrieve responses (§10.10.4.1). */
    static final int ATTRIBUTE_NS = 1 << 6;
    /** Flags (Table 10.20 flags field): bit 0 zero the memory, bit 1 time slicing, bit 2 zero after relinquish; [4:3] transaction type. */
    static final int FLAG_ZERO = 1, FLAG_TIME_SLICE = 2, FLAG_ZERO_AFTER_RELINQUISH = 4, TYPE_SHIFT = 3;

    /** The descriptor's bytes: the first {@link #length} of them. */
    byte[] bytes;
    /** The negotiated version whose layout this is. */
    int version;
    private int length;
    private boolean v1_0;
    private final EndpointMemoryAccessDescriptor access = new EndpointMemoryAccessDescriptor();
    private final CompositeMemoryRegion composite = new CompositeMemoryRegion();

    MemoryRegionDescriptor() { }

    MemoryRegionDescriptor(byte[] bytes, int version) { over(bytes, bytes.length, version); }

    /** This view, now of the first {@code length} bytes of {@code bytes}, in {@code version}'s layout. */
    MemoryRegionDescriptor over(byte[] bytes, int length, int version) {
        this.bytes = bytes;
        this.length = length;
        this.version = version;
        this.v1_0 = version < Ffa.VERSION_1_1;
        return this;
    }

    int length() { return length; }

    int headerSize() { return v1_0 ? HEADER_V1_0 : HEADER_V1_1; }

    /** The owner's endpoint ID. */
    int sender() { return u16(bytes, SENDER); }

    /** Memory region attributes: v1.1 u16 (Table 10.18), v1.0 u8 (Table 44). */
    int attributes() { return v1_0 ? u8(bytes, ATTRIBUTES) : u16(bytes, ATTRIBUTES); }

    int flags() { return i32(bytes, FLAGS); }

    /** The transaction type in the flags (retrieve requests and responses): 0 unspecified, 1 share, 2 lend, 3 donate. */
    int transactionType() { return (flags() >>> TYPE_SHIFT) & 3; }

    long handle() { return i64(bytes, HANDLE); }

    long tag() { return i64(bytes, TAG); }

    /** Size of each endpoint memory access descriptor: the v1.1 header's field; 16 at v1.0. */
    int accessSize() { return v1_0 ? EndpointMemoryAccessDescriptor.SIZE : i32(bytes, ACCESS_SIZE); }

    int accessCount() { return i32(bytes, ACCESS_COUNT); }

    /** Where the access descriptors start: the v1.1 header's field; right after the header at v1.0. */
    int accessOffset() { return v1_0 ? HEADER_V1_0 : i32(bytes, ACCESS_OFFSET); }

    /** True when the header's reserved fields are zero (v1.0: byte 3 and bytes 24..27; v1.1: bytes 36..47). */
    boolean reservedZero() {
        if (v1_0) return bytes[RESERVED_V1_0] == 0 && i32(bytes, RESERVED32_V1_0) == 0;
        for (int i = RESERVED_V1_1; i < HEADER_V1_1; i++) if (bytes[i] != 0) return false;
        return true;
    }

    /** The {@code i}th endpoint memory access descriptor. */
    EndpointMemoryAccessDescriptor access(int i) {
        return access.at(bytes, accessOffset() + i * accessSize());
    }

    /** The composite memory region at {@code offset} (an access descriptor's composite offset). */
    CompositeMemoryRegion composite(int offset) { return composite.at(bytes, offset); }

    // ---- writing (retrieve responses) ------------------------------------------------------------

    /**
     * This view, now of a descriptor of {@code length} bytes to fill in {@code into} (zeroed here),
     * in {@code version}'s layout with {@code count} access descriptors of {@code accessSize}
     * bytes right after the header.
     */
    MemoryRegionDescriptor create(byte[] into, int length, int version, int count, int accessSize) {
        java.util.Arrays.fill(into, 0, length, (byte) 0);
        over(into, length, version);
        put32(bytes, ACCESS_COUNT, count);
        if (!v1_0) {
            put32(bytes, ACCESS_SIZE, accessSize);
            put32(bytes, ACCESS_OFFSET, HEADER_V1_1);
        }
        return this;
    }

    MemoryRegionDescriptor sender(int id) {
        put16(bytes, SENDER, id);
        return this;
    }

    MemoryRegionDescriptor attributes(int a) {
        if (v1_0) put8(bytes, ATTRIBUTES, a);
        else put16(bytes, ATTRIBUTES, a);
        return this;
    }

    MemoryRegionDescriptor flags(int f) {
        put32(bytes, FLAGS, f);
        return this;
    }

    MemoryRegionDescriptor handle(long h) {
        put64(bytes, HANDLE, h);
        return this;
    }

    MemoryRegionDescriptor tag(long t) {
        put64(bytes, TAG, t);
        return this;
    }
}
