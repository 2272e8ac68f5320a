package dev.jaffa.devices;

/**
 * The per-INTID registers that the distributor (INTIDs 32 and up) and each redistributor's SGI_base
 * frame (INTIDs 0-31 of its PE) lay out at the same offsets (IHI 0069 12.9, 12.10): IGROUPR,
 * IS/ICENABLER, IS/ICPENDR, IS/ICACTIVER, IPRIORITYR, ICFGR, IGRPMODR, NSACR. INTIDs outside the
 * frame's range read as zero and ignore writes: with affinity routing the GICD copies of INTIDs
 * 0-31 are RAZ/WI.
 */
final class GicIrqRegisters {
    private GicIrqRegisters() {}

    static final int IGROUPR = 0x080, ISENABLER = 0x100, ICENABLER = 0x180, ISPENDR = 0x200, ICPENDR = 0x280,
            ISACTIVER = 0x300, ICACTIVER = 0x380, IPRIORITYR = 0x400, ICFGR = 0xC00, IGRPMODR = 0xD00, NSACR = 0xE00;

    /** True if {@code off} is one of these registers. */
    static boolean covers(int off) {
        return off >= IGROUPR && off < 0x800 || off >= ICFGR && off < 0xF00;
    }

    private static boolean valid(Gicv3 g, int intid, boolean redist) {
        return redist ? intid < 32 : intid >= 32 && intid < g.nIrq;
    }

    static long read(Gicv3 g, int cpu, int off, int size, boolean redist) {
        if (off >= IPRIORITYR && off < 0x800) {
            long v = 0;
            for (int b = 0; b < size; b++) {
                int intid = off - IPRIORITYR + b;
                if (valid(g, intid, redist)) v |= (long) g.priority[g.slot(cpu, intid)] << (8 * b);
            }
            return v;
        }
        if (size == 8) return word(g, cpu, off, redist) & 0xFFFF_FFFFL | (long) word(g, cpu, off + 4, redist) << 32;
        int w = word(g, cpu, off & ~3, redist);
        return (w >>> (8 * (off & 3))) & (size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1);
    }

    private static int word(Gicv3 g, int cpu, int off, boolean redist) {
        if (off < IPRIORITYR) {
            int first = ((off - IGROUPR) & 0x7F) * 8;
            int v = 0;
            for (int i = 0; i < 32; i++) {
                int intid = first + i;
                if (!valid(g, intid, redist)) continue;
                int s = g.slot(cpu, intid);
                boolean bit;
                switch (off & ~0x7F) {
                    case IGROUPR: bit = g.group[s] != Gicv3.G0; break;
                    case ISENABLER: case ICENABLER: bit = g.enabled[s]; break;
                    case ISPENDR: case ICPENDR: bit = g.pending(s); break;
                    default: bit = g.active[s]; break;    // IS/ICACTIVER
                }
                if (bit) v |= 1 << i;
            }
            return v;
        }
        if (off >= ICFGR && off < IGRPMODR) {
            // Two bits per INTID, Int_config[1] = 1 for edge-triggered.
            int first = (off - ICFGR) * 4;
            int v = 0;
            for (int i = 0; i < 16; i++) {
                int intid = first + i;
                if (valid(g, intid, redist) && g.edge[g.slot(cpu, intid)]) v |= 2 << (2 * i);
            }
            return v;
        }
        return 0;   // IGRPMODR, NSACR: RAZ/WI with GICD_CTLR.DS = 1 (IHI 0069 12.9.16, 12.9.21)
    }

    static void write(Gicv3 g, int cpu, int off, int size, long value, boolean redist) {
        if (off >= IPRIORITYR && off < 0x800) {
            // Byte-accessible; all 8 priority bits are kept, as QEMU's distributor keeps them.
            for (int b = 0; b < size; b++) {
                int intid = off - IPRIORITYR + b;
                if (valid(g, intid, redist)) g.priority[g.slot(cpu, intid)] = (int) (value >>> (8 * b)) & 0xFF;
            }
            return;
        }
        if (size == 8) {
            writeWord(g, cpu, off, (int) value, redist);
            writeWord(g, cpu, off + 4, (int) (value >>> 32), redist);
        } else if (size == 4) {
            writeWord(g, cpu, off, (int) value, redist);
        }
        // Narrower writes to word-only registers are ignored.
    }

    private static void writeWord(Gicv3 g, int cpu, int off, int v, boolean redist) {
        if (off < IPRIORITYR) {
            int first = ((off - IGROUPR) & 0x7F) * 8;
            int reg = off & ~0x7F;
            for (int i = 0; i < 32; i++) {
                int intid = first + i;
                if (!valid(g, intid, redist)) continue;
                boolean bit = (v >>> i & 1) != 0;
                int s = g.slot(cpu, intid);
                switch (reg) {
                    case IGROUPR: g.group[s] = (byte) (bit ? Gicv3.G1NS : Gicv3.G0); break;
                    case ISENABLER: if (bit) g.enabled[s] = true; break;
                    case ICENABLER: if (bit) g.enabled[s] = false; break;
                    case ISPENDR: if (bit) g.latch[s] = true; break;
                    case ICPENDR: if (bit) g.latch[s] = false; break;
                    case ISACTIVER: if (bit) g.active[s] = true; break;
                    default: if (bit) g.active[s] = false; break;   // ICACTIVER
                }
            }
            return;
        }
        if (off >= ICFGR && off < IGRPMODR) {
            int first = (off - ICFGR) * 4;
            for (int i = 0; i < 16; i++) {
                int intid = first + i;
                // SGIs are always edge-triggered (GICR_ICFGR0 is RO); PPIs are configurable, as in QEMU.
                if (!valid(g, intid, redist) || intid < 16) continue;
                g.edge[g.slot(cpu, intid)] = (v >>> (2 * i + 1) & 1) != 0;
            }
        }
    }
}
