package dev.jaffa.devices;

import dev.jaffa.interp.memory.SystemBus;


/** The GICv3 distributor's register frame, GICD_* (IHI 0069 12.9), 64 KiB. */
final class GicDistributor implements SystemBus.Device {
    static final int CTLR = 0x0000, TYPER = 0x0004, IIDR = 0x0008, IROUTER = 0x6000;
    static final int CTLR_ENABLE_GRP0 = 1, CTLR_ENABLE_GRP1 = 2, CTLR_ARE = 1 << 4, CTLR_DS = 1 << 6;
    static final long IROUTER_IRM = 1L << 31;
    /** Implementer Arm (0x43B), as QEMU reports it. */
    static final int IIDR_VALUE = 0x43B;

    private final Gicv3 g;

    GicDistributor(Gicv3 g) { this.g = g; }

    /** GICD_TYPER (IHI 0069 12.9.38). */
    int typer() {
        return g.spiCount / 32                       // ITLinesNumber: 32 * (N + 1) INTIDs
                | (Math.min(g.nCpu, 8) - 1) << 5     // CPUNumber (legacy; as QEMU reports it)
                | 15 << 19                           // IDbits: 16-bit INTIDs
                | 1 << 24;                           // A3V: Aff3 is supported
        // SecurityExtn = 0 (one security state), MBIS = LPIS = 0, No1N = 0 (1 of N supported), RSS = 0.
    }

    @Override
    public long read(long offset, int size) {
        int off = (int) offset;
        if (GicIrqRegisters.covers(off)) return GicIrqRegisters.read(g, 0, off, size, false);
        if (off >= IROUTER + 8 * 32 && off < IROUTER + 8 * g.nIrq) {
            long r = g.irouter[(off - IROUTER) / 8 - 32];
            if (size == 8) return r;
            return (off & 4) != 0 ? r >>> 32 : r & 0xFFFF_FFFFL;
        }
        if (off >= 0xFFD0 && off < 0x10000) return GicIdRegisters.read(off, GicIdRegisters.PIDR0_DIST);
        switch (off) {
            case CTLR:
                return (g.enableGrp0 ? CTLR_ENABLE_GRP0 : 0) | (g.enableGrp1 ? CTLR_ENABLE_GRP1 : 0) | CTLR_ARE | CTLR_DS;
            case TYPER: return typer();
            case IIDR: return IIDR_VALUE;
            default: return 0;   // TYPER2, STATUSR, ITARGETSR and SGIR-family (RAZ/WI with ARE), reserved
        }
    }

    @Override
    public void write(long offset, int size, long value) {
        int off = (int) offset;
        if (GicIrqRegisters.covers(off)) {
            GicIrqRegisters.write(g, 0, off, size, value, false);
        } else if (off >= IROUTER + 8 * 32 && off < IROUTER + 8 * g.nIrq) {
            int n = (off - IROUTER) / 8 - 32;
            long r = g.irouter[n];
            if (size == 8) r = value;
            else if ((off & 4) != 0) r = r & 0xFFFF_FFFFL | (value & 0xFFFF_FFFFL) << 32;
            else r = r & ~0xFFFF_FFFFL | value & 0xFFFF_FFFFL;
            g.irouter[n] = r & (0xFF_00FF_FFFFL | IROUTER_IRM);
        } else if (off == CTLR && size >= 4) {
            // ARE and DS are RAO/WI; RWP reads 0 because every write takes effect at once.
            g.enableGrp0 = (value & CTLR_ENABLE_GRP0) != 0;
            g.enableGrp1 = (value & CTLR_ENABLE_GRP1) != 0;
        } else {
            return;
        }
        g.updateAll();
    }
}
