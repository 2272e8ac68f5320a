package dev.jaffa.devices;

import dev.jaffa.interp.memory.PhysicalBus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Device (DMA) access to guest RAM through {@link PhysicalBus#ramPage}, little-endian, with
 * accesses that may straddle 4 KiB pages. The devices using it are Non-secure bus masters: like a
 * TZC-400 filtering their transactions on the FVP, a Secure-only page ({@link
 * PhysicalBus#isSecureOnly}: the SPMC's carve-out, pages lent or donated to partitions) is refused
 * exactly as a hole in the map is. Either throws the preallocated, stack-trace-free {@link Fault},
 * which the device catches and turns into guest-visible state (e.g. virtio's DEVICE_NEEDS_RESET);
 * it never leaves the device.
 */
final class GuestMemory {
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int PAGE_MASK = PhysicalBus.PAGE_SIZE - 1;

    /** Guest memory that is not Non-secure RAM was addressed. */
    static final class Fault extends RuntimeException {
        static final Fault INSTANCE = new Fault();

        private Fault() {
            super("guest address is not Non-secure RAM", null, false, false);
        }
    }

    private final PhysicalBus bus;

    GuestMemory(PhysicalBus bus) {
        this.bus = bus;
    }

    private byte[] page(long pa) {
        byte[] p = bus.ramPage(pa);
        if (p == null || bus.isSecureOnly(pa)) throw Fault.INSTANCE;
        return p;
    }

    int read16(long pa) {
        int o = (int) pa & PAGE_MASK;
        if (o <= PhysicalBus.PAGE_SIZE - 2 && (o & 1) == 0) return (short) LE16.get(page(pa), o) & 0xFFFF;
        return (int) readSlow(pa, 2);
    }

    int read32(long pa) {
        int o = (int) pa & PAGE_MASK;
        if (o <= PhysicalBus.PAGE_SIZE - 4 && (o & 3) == 0) return (int) LE32.get(page(pa), o);
        return (int) readSlow(pa, 4);
    }

    long read64(long pa) {
        int o = (int) pa & PAGE_MASK;
        if (o <= PhysicalBus.PAGE_SIZE - 8 && (o & 7) == 0) return (long) LE64.get(page(pa), o);
        return readSlow(pa, 8);
    }

    void write16(long pa, int v) {
        int o = (int) pa & PAGE_MASK;
        if (o <= PhysicalBus.PAGE_SIZE - 2 && (o & 1) == 0) LE16.set(page(pa), o, (short) v);
        else writeSlow(pa, 2, v);
    }

    void write32(long pa, int v) {
        int o = (int) pa & PAGE_MASK;
        if (o <= PhysicalBus.PAGE_SIZE - 4 && (o & 3) == 0) LE32.set(page(pa), o, v);
        else writeSlow(pa, 4, v);
    }

    private long readSlow(long pa, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (page(pa + i)[(int) (pa + i) & PAGE_MASK] & 0xFFL) << (8 * i);
        return v;
    }

    private void writeSlow(long pa, int n, long v) {
        for (int i = 0; i < n; i++) page(pa + i)[(int) (pa + i) & PAGE_MASK] = (byte) (v >>> (8 * i));
    }

    /** Copies guest memory [pa, pa+len) into dst. */
    void copyFrom(long pa, byte[] dst, int off, int len) {
        while (len > 0) {
            int o = (int) pa & PAGE_MASK;
            int n = Math.min(len, PhysicalBus.PAGE_SIZE - o);
            System.arraycopy(page(pa), o, dst, off, n);
            pa += n; off += n; len -= n;
        }
    }

    /** Copies src into guest memory at pa. */
    void copyTo(long pa, byte[] src, int off, int len) {
        while (len > 0) {
            int o = (int) pa & PAGE_MASK;
            int n = Math.min(len, PhysicalBus.PAGE_SIZE - o);
            System.arraycopy(src, off, page(pa), o, n);
            pa += n; off += n; len -= n;
        }
    }

    /** Throws {@link Fault} unless every byte of [pa, pa+len) is Non-secure RAM. */
    void checkRam(long pa, long len) {
        if (len == 0) return;
        long last = pa + len - 1;
        if (Long.compareUnsigned(last, pa) < 0) throw Fault.INSTANCE;   // wraps the address space
        for (long p = pa & ~(long) PAGE_MASK; Long.compareUnsigned(p, last) <= 0; p += PhysicalBus.PAGE_SIZE) {
            page(p);
            if (p + PhysicalBus.PAGE_SIZE == 0) break;
        }
    }
}
