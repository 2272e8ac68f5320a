package dev.jaffa.devices;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.SysRegHook;
import dev.jaffa.interp.system.SysReg;


/**
 * The GICv3 CPU interface system registers, ICC_*_EL1 and ICC_SRE_EL2 (IHI 0069 12.2), and, when
 * the PE has EL2, the virtual interface's ICH_*_EL2 (12.4) with the ICV_*_EL1 view of it (12.3)
 * that Non-secure EL1 gets instead of ICC_* when HCR_EL2.FMO (Group 0 registers), IMO (Group 1
 * registers) or either (CTLR, PMR, RPR, DIR) is set; SGI writes then trap to EL2, and
 * ICH_HCR_EL2.TC/TALL0/TALL1/TDIR trap their registers from EL1 to EL2 (EC 0x18), as the
 * registers' pseudocode orders the checks. The accessing CPU's index selects its state.
 *
 * <p>ICC_* are UNDEFINED at EL0, ICC_SRE_EL2 and ICH_* below EL2. The EL3 registers are not
 * implemented (no EL3 in guest code), nor are the list registers beyond ICH_LR3_EL2 and the
 * active-priority registers beyond AP0R0/AP1R0 (5 preemption bits). Reads of write-only and
 * writes of read-only registers are UNDEFINED, as the encodings are.
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
    // The virtual interface control registers (op0 3, op1 4, CRn 12).
    static final int ICH_AP0R0 = SysReg.key(3, 4, 12, 8, 0), ICH_AP1R0 = SysReg.key(3, 4, 12, 9, 0);
    static final int ICH_HCR = SysReg.key(3, 4, 12, 11, 0), ICH_VTR = SysReg.key(3, 4, 12, 11, 1),
            ICH_MISR = SysReg.key(3, 4, 12, 11, 2), ICH_EISR = SysReg.key(3, 4, 12, 11, 3),
            ICH_ELRSR = SysReg.key(3, 4, 12, 11, 5), ICH_VMCR = SysReg.key(3, 4, 12, 11, 7);
    /** ICH_LR<n>_EL2: CRm 12 holds LR0..7 (op2 = n); only the first {@link GicVirtualInterface#LIST_REGS} exist. */
    static final int ICH_LR0 = SysReg.key(3, 4, 12, 12, 0);

    private static final int[] KEYS = {PMR, IAR0, EOIR0, HPPIR0, BPR0, AP0R0, AP1R0, DIR, RPR, SGI1R, ASGI1R, SGI0R,
            IAR1, EOIR1, HPPIR1, BPR1, CTLR, SRE_EL1, IGRPEN0, IGRPEN1, SRE_EL2,
            ICH_AP0R0, ICH_AP1R0, ICH_HCR, ICH_VTR, ICH_MISR, ICH_EISR, ICH_ELRSR, ICH_VMCR};
    private static final boolean[] IMPLEMENTED = new boolean[1 << 16];
    static {
        for (int k : KEYS) IMPLEMENTED[k] = true;
        for (int n = 0; n < GicVirtualInterface.LIST_REGS; n++) IMPLEMENTED[ICH_LR0 + n] = true;
    }

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
    public boolean implementsKey(int key) { return IMPLEMENTED[key & 0xFFFF]; }

    private static boolean isIch(int key) { return (key >>> 11 & 7) == 4 && key != SRE_EL2; }

    private void check(Cpu cpu, int key) {
        if (key == SRE_EL2 || isIch(key)) {
            if (cpu.el < 2) throw cpu.undefined();
        } else if (cpu.el < 1) {
            throw cpu.undefined();
        }
    }

    /**
     * For an ICC_* access from Non-secure EL1 with EL2: takes the ICH_HCR_EL2 or HCR_EL2 trap the
     * register has, and returns true when the access goes to the ICV_* register instead.
     */
    private boolean virtualAccess(Cpu cpu, int key) {
        if (cpu.el != 1 || !cpu.haveEl2 || cpu.secure) return false;
        long hcr = cpu.hcr, ichHcr = g.virt.ich[cpu.index].hcr;
        long route, trap;
        if (key == IAR0 || key == EOIR0 || key == HPPIR0 || key == BPR0 || key == AP0R0 || key == IGRPEN0) {
            route = Cpu.HCR_FMO; trap = GicVirtualInterface.HCR_TALL0;
        } else if (key == IAR1 || key == EOIR1 || key == HPPIR1 || key == BPR1 || key == AP1R0 || key == IGRPEN1) {
            route = Cpu.HCR_IMO; trap = GicVirtualInterface.HCR_TALL1;
        } else if (key == SGI0R || key == SGI1R || key == ASGI1R) {
            if ((hcr & (Cpu.HCR_IMO | Cpu.HCR_FMO)) != 0) throw SysRegTrap.trap(cpu, 2);
            if ((ichHcr & GicVirtualInterface.HCR_TC) != 0) throw SysRegTrap.trap(cpu, 2);
            return false;
        } else if (key == DIR) {
            route = Cpu.HCR_IMO | Cpu.HCR_FMO; trap = GicVirtualInterface.HCR_TDIR | GicVirtualInterface.HCR_TC;
        } else if (key == CTLR || key == PMR || key == RPR) {
            route = Cpu.HCR_IMO | Cpu.HCR_FMO; trap = GicVirtualInterface.HCR_TC;
        } else {
            return false;                                   // ICC_SRE_EL1
        }
        if ((ichHcr & trap) != 0) throw SysRegTrap.trap(cpu, 2);
        return (hcr & route) != 0;
    }

    @Override
    public long read(Cpu cpu, int key) {
        check(cpu, key);
        int c = cpu.index;
        if (isIch(key)) return readIch(cpu, key);
        if (virtualAccess(cpu, key)) return readIcv(cpu, key);
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
        if (isIch(key)) { writeIch(cpu, key, v); return; }
        if (virtualAccess(cpu, key)) { writeIcv(cpu, key, v); return; }
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

    // ---- ICH_*_EL2 -----------------------------------------------------------------------------

    private long readIch(Cpu cpu, int key) {
        GicVirtualInterface vi = g.virt;
        int c = cpu.index;
        GicVirtualInterface.IchState s = vi.ich[c];
        if (key >= ICH_LR0 && key < ICH_LR0 + GicVirtualInterface.LIST_REGS) return s.lr[key - ICH_LR0];
        if (key == ICH_HCR) return s.hcr;
        if (key == ICH_VTR) return GicVirtualInterface.VTR;
        if (key == ICH_VMCR) return s.vmcr;
        if (key == ICH_MISR) return vi.misr(c);
        if (key == ICH_EISR) return vi.eisr(c);
        if (key == ICH_ELRSR) return vi.elrsr(c);
        if (key == ICH_AP0R0) return s.apr0 & 0xFFFF_FFFFL;
        if (key == ICH_AP1R0) return s.apr1 & 0xFFFF_FFFFL;
        throw cpu.undefined();
    }

    private void writeIch(Cpu cpu, int key, long v) {
        GicVirtualInterface vi = g.virt;
        int c = cpu.index;
        if (key >= ICH_LR0 && key < ICH_LR0 + GicVirtualInterface.LIST_REGS) vi.writeLr(c, key - ICH_LR0, v);
        else if (key == ICH_HCR) vi.writeHcr(c, v);
        else if (key == ICH_VMCR) vi.writeVmcr(c, v);
        else if (key == ICH_AP0R0) vi.writeApr(c, false, (int) v);
        else if (key == ICH_AP1R0) vi.writeApr(c, true, (int) v);
        else throw cpu.undefined();                           // VTR, MISR, EISR, ELRSR: read-only
    }

    // ---- ICV_*_EL1 (the ICC_* encodings, redirected) ---------------------------------------------

    private long readIcv(Cpu cpu, int key) {
        GicVirtualInterface vi = g.virt;
        int c = cpu.index;
        if (key == IAR1) return vi.acknowledge(c, true);
        if (key == IAR0) return vi.acknowledge(c, false);
        if (key == HPPIR1) return vi.highestPending(c, true);
        if (key == HPPIR0) return vi.highestPending(c, false);
        if (key == PMR) return vi.vpmr(c);
        if (key == BPR0) return vi.readBpr(c, false);
        if (key == BPR1) return vi.readBpr(c, true);
        if (key == AP0R0) return vi.ich[c].apr0 & 0xFFFF_FFFFL;
        if (key == AP1R0) return vi.ich[c].apr1 & 0xFFFF_FFFFL;
        if (key == RPR) return vi.runningPriority(c);
        if (key == CTLR) return vi.readCtlr(c);
        if (key == IGRPEN0) return vi.readIgrpen(c, false);
        if (key == IGRPEN1) return vi.readIgrpen(c, true);
        throw cpu.undefined();                               // EOIRn, DIR: write-only
    }

    private void writeIcv(Cpu cpu, int key, long v) {
        GicVirtualInterface vi = g.virt;
        int c = cpu.index;
        if (key == EOIR1) vi.endOfInterrupt(c, true, (int) v & 0xFF_FFFF);
        else if (key == EOIR0) vi.endOfInterrupt(c, false, (int) v & 0xFF_FFFF);
        else if (key == DIR) vi.deactivate(c, (int) v & 0xFF_FFFF);
        else if (key == PMR) vi.writePmr(c, v);
        else if (key == BPR0) vi.writeBpr(c, false, v);
        else if (key == BPR1) vi.writeBpr(c, true, v);
        else if (key == AP0R0) vi.writeApr(c, false, (int) v);
        else if (key == AP1R0) vi.writeApr(c, true, (int) v);
        else if (key == CTLR) vi.writeCtlr(c, v);
        else if (key == IGRPEN0) vi.writeIgrpen(c, false, v);
        else if (key == IGRPEN1) vi.writeIgrpen(c, true, v);
        else throw cpu.undefined();                           // IARn, HPPIRn, RPR: read-only
    }
}
