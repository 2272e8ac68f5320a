package dev.jaffa.devices;

import dev.jaffa.interp.memory.SystemBus;


/**
 * The redistributors of all PEs, one after another (IHI 0069 12.10, 12.11): per PE a 64 KiB
 * RD_base frame (control, GICR_TYPER, GICR_WAKER, IDs) followed by a 64 KiB SGI_base frame (the
 * SGI/PPI copies of the distributor's per-INTID registers). No LPIs, so no VLPI frames.
 */
final class GicRedistributors implements SystemBus.Device {
    static final long STRIDE = 0x20000;
    static final int SGI_BASE = 0x10000;
    static final int CTLR = 0x0000, IIDR = 0x0004, TYPER = 0x0008, STATUSR = 0x0010, WAKER = 0x0014;
    static final int WAKER_PROCESSOR_SLEEP = 2, WAKER_CHILDREN_ASLEEP = 4;
    static final long TYPER_LAST = 1 << 4;

    private final Gicv3 g;

    GicRedistributors(Gicv3 g) { this.g = g; }

    /** GICR_TYPER (IHI 0069 12.11.40): affinity 0.0.0.c, Processor_Number c, Last on the final PE; no LPIs. */
    long typer(int c) {
        return (long) c << 32 | (long) c << 8 | (c == g.nCpu - 1 ? TYPER_LAST : 0);
    }

    @Override
    public long read(long offset, int size) {
        int c = (int) (offset / STRIDE);
        if (c >= g.nCpu) return 0;
        int off = (int) (offset % STRIDE);
        if (off >= SGI_BASE) {
            off -= SGI_BASE;
            return GicIrqRegisters.covers(off) ? GicIrqRegisters.read(g, c, off, size, true) : 0;
        }
        if (off >= 0xFFD0) return GicIdRegisters.read(off, GicIdRegisters.PIDR0_REDIST);
        switch (off) {
            case IIDR: return GicDistributor.IIDR_VALUE;
            case TYPER: return size == 8 ? typer(c) : typer(c) & 0xFFFF_FFFFL;
            case TYPER + 4: return typer(c) >>> 32;
            case WAKER: return g.processorSleep[c] ? WAKER_PROCESSOR_SLEEP | WAKER_CHILDREN_ASLEEP : 0;
            default: return 0;   // CTLR (EnableLPIs RAZ, RWP 0), STATUSR, PROPBASER/PENDBASER (no LPIs)
        }
    }

    @Override
    public void write(long offset, int size, long value) {
        int c = (int) (offset / STRIDE);
        if (c >= g.nCpu) return;
        int off = (int) (offset % STRIDE);
        if (off >= SGI_BASE) {
            off -= SGI_BASE;
            if (!GicIrqRegisters.covers(off)) return;
            GicIrqRegisters.write(g, c, off, size, value, true);
            g.updateAll();
        } else if (off == WAKER) {
            // ChildrenAsleep follows ProcessorSleep at once: there is no interface to quiesce.
            // Delivery is not gated on ProcessorSleep, as in QEMU.
            g.processorSleep[c] = (value & WAKER_PROCESSOR_SLEEP) != 0;
        }
    }
}
