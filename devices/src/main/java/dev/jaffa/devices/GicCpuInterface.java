package dev.jaffa.devices;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.SysRegHook;
import dev.jaffa.interp.system.SysReg;


/**
 * The GICv3 CPU interface system registers, ICC_*_EL1 and ICC_SRE_EL2 (IHI 0069 12.2), for every
 * PE (the accessing CPU's index selects its state). All are UNDEFINED at EL0; ICC_SRE_EL2 is
 * UNDEFINED below EL2. The EL3 registers are not implemented (no EL3 in guest code), nor are the
 * ICH_ and ICV_ virtualization registers. Reads of write-only and writes of read-only registers
 * are UNDEFINED, as the encodings are.
 */
final class GicCpuInterface implements SysRegHook {
    static final int PMR = SysReg.key(3, 0, 4, 6, 0);
    static final int IAR0 = SysReg.key(3, 0, 12, 8, 0), EOIR0 = SysReg.key(3, 0, 12, 8, 1),
            HPPIR0 = SysReg.key(3, 0, 12, 8, 2), BPR0 = SysReg.key(3, 0, 12, 8, 3), AP0R0 = SysReg.key(3, 0, 12, 8, 4);
    static final int AP1R0 = SysReg.key(3, 0, 12, 9, 0);
    static final int DIR = SysReg.key(3, 0, 12, 11, 1), RPR = SysReg.key(3, 0, 12, 11, 3),
            SGI1R = SysReg.key(3, 0, 12, 11, 5), ASGI1R = SysReg.key(3, 0, 12, 11, 6), SGI0R = SysReg.key(3, 0, 12, 11, 7);
    static final int IAR1 = SysReg.key(3, 0, 12, 12, 0), EOIR1 = SysReg.key(3, 0, 12, 12, 1),
            HPPIR1 = SysReg.key(3, 0, 12, 12, 2), BPR1 = SysReg.key(3, 0, 12, 12, 3), CTLR = SysReg.key(3, 0, 12, 12, 4),
            SRE_EL1 = SysReg.key(3, 0, 12, 12, 5), IGRPEN0 = SysReg.key(3, 0, 12, 12, 6), IGRPEN1 = SysReg.key(3, 0, 12, 12, 7);
    static final int SRE_EL2 = SysReg.key(3, 4, 12, 9, 5);

    private static final int[] KEYS = {PMR, IAR0, EOIR0, HPPIR0, BPR0, AP0R0, AP1R0, DIR, RPR, SGI1R, ASGI1R, SGI0R,
            IAR1, EOIR1, HPPIR1, BPR1, CTLR, SRE_EL1, IGRPEN0, IGRPEN1, SRE_EL2};

    /** ICC_CTLR_EL1 read-only fields: PRIbits = 4 (5 bits), IDbits = 0 (16 bits), A3V = 1, SEIS = 0, PMHE = 0. */
    static final long CTLR_RO = (Gicv3.PRI_BITS - 1) << 8 | 1 << 15;
    static final long CTLR_CBPR = 1, CTLR_EOIMODE = 2;
    /** ICC_SRE_EL1: SRE, DFB, DIB all RAO/WI (system-register interface only, no legacy bypass). */
    static final long SRE_EL1_VALUE = 7;
    /** ICC_SRE_EL2: SRE, DFB, DIB and Enable (EL1 may use ICC_SRE_EL1), all RAO/WI. */
    static final long SRE_EL2_VALUE = 0xF;

    private final Gicv3 g;

    GicCpuInterface(Gicv3 g) { this.g = g; }

    @Override
    public boolean implementsKey(int key) {
        if ((key >>> 7 & 15) != 12 && key != PMR) return false;   // all but ICC_PMR_EL1 have CRn = 12
        for (int k : KEYS) if (k == key) return true;
        return false;
    }

    private void check(Cpu cpu, int key) {
        if (cpu.el < (key == SRE_EL2 ? 2 : 1)) throw cpu.undefined();
    }

    @Override
    public long read(Cpu cpu, int key) {
        check(cpu, key);
        int c = cpu.index;
        Gicv3.IccState ic = g.icc[c];
        if (key == PMR) return ic.pmr;
        if (key == IAR0) return g.acknowledge(c, false);
        if (key == IAR1) return g.acknowledge(c, true);
        if (key == HPPIR0) return g.highestPending(c, false);
        if (key == HPPIR1) return g.highestPending(c, true);
        if (key == BPR0) return ic.bpr0;
        if (key == BPR1) return ic.cbpr ? Math.min(ic.bpr0 + 1, 7) : ic.bpr1;
        if (key == AP0R0) return ic.apr0 & 0xFFFF_FFFFL;
        if (key == AP1R0) return ic.apr1 & 0xFFFF_FFFFL;
        if (key == RPR) return Gicv3.runningPriority(ic);
        if (key == CTLR) return CTLR_RO | (ic.cbpr ? CTLR_CBPR : 0) | (ic.eoiMode ? CTLR_EOIMODE : 0);
        if (key == SRE_EL1) return SRE_EL1_VALUE;
        if (key == SRE_EL2) return SRE_EL2_VALUE;
        if (key == IGRPEN0) return ic.igrpen0 ? 1 : 0;
        if (key == IGRPEN1) return ic.igrpen1 ? 1 : 0;
        throw cpu.undefined();                      // EOIRn, DIR, SGInR: write-only
    }

    @Override
    public void write(Cpu cpu, int key, long v) {
        check(cpu, key);
        int c = cpu.index;
        Gicv3.IccState ic = g.icc[c];
        if (key == EOIR0 || key == EOIR1) { g.endOfInterrupt(c, key == EOIR1, (int) v & 0xFF_FFFF); return; }
        if (key == DIR) { g.deactivate(c, (int) v & 0xFF_FFFF); return; }
        // With DS = 1, ASGI1R asks for Secure Group 1 SGIs, which the GIC treats as Group 0 (as QEMU does).
        if (key == SGI1R) { g.generateSgi(c, v, true); return; }
        if (key == SGI0R || key == ASGI1R) { g.generateSgi(c, v, false); return; }
        if (key == PMR) ic.pmr = (int) v & Gicv3.PRI_MASK;
        else if (key == BPR0) ic.bpr0 = Math.max((int) v & 7, Gicv3.MIN_BPR0);
        else if (key == BPR1) { if (!ic.cbpr) ic.bpr1 = Math.max((int) v & 7, Gicv3.MIN_BPR1); }
        else if (key == AP0R0) ic.apr0 = (int) v;
        else if (key == AP1R0) ic.apr1 = (int) v;
        else if (key == CTLR) { ic.cbpr = (v & CTLR_CBPR) != 0; ic.eoiMode = (v & CTLR_EOIMODE) != 0; }
        else if (key == IGRPEN0) ic.igrpen0 = (v & 1) != 0;
        else if (key == IGRPEN1) ic.igrpen1 = (v & 1) != 0;
        else if (key == SRE_EL1 || key == SRE_EL2) return;   // RAO/WI
        else throw cpu.undefined();                           // IARn, HPPIRn, RPR: read-only
        g.updateAll();
    }
}
