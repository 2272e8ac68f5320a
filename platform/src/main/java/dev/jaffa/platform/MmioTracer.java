package dev.jaffa.platform;

import dev.jaffa.interp.memory.SystemBus;
import java.io.PrintStream;

/** Wraps a device window and prints every access: {@code mmio: pl011 0x9000018 read.4 -> 0x90}. */
final class MmioTracer implements SystemBus.Device {
    private final String name;
    private final long base;
    private final SystemBus.Device inner;
    private final PrintStream out;

    MmioTracer(String name, long base, SystemBus.Device inner, PrintStream out) {
        this.name = name;
        this.base = base;
        this.inner = inner;
        this.out = out;
    }

    @Override
    public long read(long offset, int size) {
        long v = inner.read(offset, size);
        out.printf("mmio: %s 0x%x (+0x%x) read.%d -> 0x%x%n", name, base + offset, offset, size, v);
        return v;
    }

    @Override
    public void write(long offset, int size, long value) {
        out.printf("mmio: %s 0x%x (+0x%x) write.%d 0x%x%n", name, base + offset, offset, size, value);
        inner.write(offset, size, value);
    }
}
