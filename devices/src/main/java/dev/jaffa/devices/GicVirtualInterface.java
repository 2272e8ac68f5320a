package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;


import dev.jaffa.interp.Cpu;


/**
 * The GICv3 virtual CPU interface of every PE (IHI 0069 chapter 6, "Virtual interrupt handling and
 * prioritization"): the hypervisor's ICH_*_EL2 registers and the ICV_*_EL1 view a virtual machine
 * has of them when HCR_EL2.IMO/FMO route its ICC_* accesses here.
 *
 * <p>Configuration, as a Cortex-A57-class CPU interface (QEMU's cortex-a57 model has the same
 * figures): 4 list registers, 5 virtual priority and preemption bits (so ICH_AP0R0/AP1R0 only),
 * 16 virtual INTID bits, A3V = 1, no SEIS, ICH_HCR_EL2.TDIR supported (TDS = 1), no direct vLPI
 * injection (nV4 = 1). Group 0 virtual interrupts are signalled as vFIQ (ICH_VMCR_EL2.VFIQEn is
 * RES1 with the system-register interface), Group 1 as vIRQ. No vLPIs and no virtual SError.
 *
 * <p>Every change recomputes the PE's virtual IRQ/FIQ outputs ({@link Cpu#LINE_VIRQ},
 * {@link Cpu#LINE_VFIQ}) and the maintenance interrupt (PPI 25, level-sensitive): asserted while
 * ICH_HCR_EL2.En = 1 and ICH_MISR_EL2 is non-zero. All of this is allocation-free.
 */
final class GicVirtualInterface {
    /** Number of list registers, ICH_LR0..3_EL2. */
    static final int LIST_REGS = 4;
    /** Virtual priority and preemption bits (32 levels, one 32-bit active-priorities register per group). */
    static final int VPRI_BITS = 5, VPRE_BITS = 5;
    static final int VPRI_MASK = (0xFF << (8 - VPRI_BITS)) & 0xFF;
    static final int MIN_VBPR0 = 7 - VPRE_BITS, MIN_VBPR1 = MIN_VBPR0 + 1;
    /** The maintenance interrupt, PPI 9 (INTID 25), as the BSA and the device-tree binding name it. */
    static final int MAINTENANCE_INTID = 25;

    /** ICH_VTR_EL2: ListRegs, TDS (19), nV4 (20), A3V (21), IDbits = 0 (16 bits), PREbits, PRIbits. */
    static final long VTR = (LIST_REGS - 1) | 1L << 19 | 1L << 20 | 1L << 21
            | (long) (VPRE_BITS - 1) << 26 | (long) (VPRI_BITS - 1) << 29;

    // ICH_HCR_EL2 (IHI 0069 12.4.5)
    static final long HCR_EN = 1, HCR_UIE = 1 << 1, HCR_LRENPIE = 1 << 2, HCR_NPIE = 1 << 3,
            HCR_VGRP0EIE = 1 << 4, HCR_VGRP0DIE = 1 << 5, HCR_VGRP1EIE = 1 << 6, HCR_VGRP1DIE = 1 << 7,
            HCR_TC = 1 << 10, HCR_TALL0 = 1 << 11, HCR_TALL1 = 1 << 12, HCR_TDIR = 1 << 14;
    static final int HCR_EOICOUNT_SHIFT = 27;
    static final long HCR_EOICOUNT = 0x1FL << HCR_EOICOUNT_SHIFT;
    /** TSEI is RES0 without SEIS; bits 9:8 and 26:15 are RES0. */
    static final long HCR_WRITABLE = 0xFF | HCR_TC | HCR_TALL0 | HCR_TALL1 | HCR_TDIR | HCR_EOICOUNT;

    // ICH_VMCR_EL2 (IHI 0069 12.4.10)
    static final long VMCR_VENG0 = 1, VMCR_VENG1 = 2, VMCR_VFIQEN = 1 << 3, VMCR_VCBPR = 1 << 4, VMCR_VEOIM = 1 << 9;
    static final int VMCR_VBPR1_SHIFT = 18, VMCR_VBPR0_SHIFT = 21, VMCR_VPMR_SHIFT = 24;

    // ICH_MISR_EL2 (IHI 0069 12.4.8)
    static final int MISR_EOI = 1, MISR_U = 2, MISR_LRENP = 4, MISR_NP = 8,
            MISR_VGRP0E = 16, MISR_VGRP0D = 32, MISR_VGRP1E = 64, MISR_VGRP1D = 128;

    // ICH_LR<n>_EL2 (IHI 0069 12.4.6)
    static final long LR_PENDING = 1L << 62, LR_ACTIVE = 1L << 63, LR_STATE = LR_PENDING | LR_ACTIVE,
            LR_HW = 1L << 61, LR_GROUP = 1L << 60, LR_EOI = 1L << 41;
    static final int LR_PRIORITY_SHIFT = 48, LR_PINTID_SHIFT = 32;
    /** vINTID, pINTID (or EOI), the implemented priority bits, Group, HW, State; NMI and the rest RES0. */
    static final long LR_WRITABLE = 0xFFFF_FFFFL | 0x1FFFL << LR_PINTID_SHIFT | (long) VPRI_MASK << LR_PRIORITY_SHIFT
            | LR_GROUP | LR_HW | LR_STATE;

    /** The ICH_*_EL2 state of one PE. */
    static final class IchState {
        long hcr;
        /** VMCR resets with the minimum binary points and VFIQEn (RES1), as QEMU does; the rest 0. */
        long vmcr = VMCR_VFIQEN | (long) MIN_VBPR1 << VMCR_VBPR1_SHIFT | (long) MIN_VBPR0 << VMCR_VBPR0_SHIFT;
        /** ICH_AP0R0_EL2 / ICH_AP1R0_EL2: one bit per active virtual group priority. */
        int apr0, apr1;
        final long[] lr = new long[LIST_REGS];
    }

    @NotState("wiring")
    private final Gicv3 g;
    final IchState[] ich;

    GicVirtualInterface(Gicv3 g, int nCpu) {
        this.g = g;
        ich = new IchState[nCpu];
        for (int c = 0; c < nCpu; c++) ich[c] = new IchState();
    }

    // ---- ICH_*_EL2 -----------------------------------------------------------------------------

    void writeHcr(int c, long v) { ich[c].hcr = v & HCR_WRITABLE; update(c); }

    void writeVmcr(int c, long v) {
        IchState s = ich[c];
        int vbpr0 = Math.max((int) (v >>> VMCR_VBPR0_SHIFT) & 7, MIN_VBPR0);
        int vbpr1 = Math.max((int) (v >>> VMCR_VBPR1_SHIFT) & 7, MIN_VBPR1);
        int vpmr = (int) (v >>> VMCR_VPMR_SHIFT) & VPRI_MASK;
        s.vmcr = v & (VMCR_VENG0 | VMCR_VENG1 | VMCR_VCBPR | VMCR_VEOIM) | VMCR_VFIQEN
                | (long) vbpr1 << VMCR_VBPR1_SHIFT | (long) vbpr0 << VMCR_VBPR0_SHIFT | (long) vpmr << VMCR_VPMR_SHIFT;
        update(c);
    }

    void writeLr(int c, int n, long v) { ich[c].lr[n] = v & LR_WRITABLE; update(c); }

    void writeApr(int c, boolean group1, int v) {
        if (group1) ich[c].apr1 = v; else ich[c].apr0 = v;
        update(c);
    }

    /** ICH_EISR_EL2: list registers with State = Invalid, HW = 0 and EOI = 1 (an EOI maintenance is due). */
    long eisr(int c) {
        long[] lr = ich[c].lr;
        long v = 0;
        for (int i = 0; i < LIST_REGS; i++) {
            if ((lr[i] & (LR_STATE | LR_HW | LR_EOI)) == LR_EOI) v |= 1L << i;
        }
        return v;
    }

    /** ICH_ELRSR_EL2: list registers that hold no interrupt and no pending EOI maintenance. */
    long elrsr(int c) {
        long[] lr = ich[c].lr;
        long v = 0;
        for (int i = 0; i < LIST_REGS; i++) {
            if ((lr[i] & LR_STATE) == 0 && (lr[i] & (LR_HW | LR_EOI)) != LR_EOI) v |= 1L << i;
        }
        return v;
    }

    /** ICH_MISR_EL2: the maintenance conditions ICH_HCR_EL2 enables that hold now. */
    long misr(int c) {
        IchState s = ich[c];
        long hcr = s.hcr, vmcr = s.vmcr;
        int valid = 0;
        boolean pending = false;
        for (long lr : s.lr) {
            if ((lr & LR_STATE) != 0) valid++;
            if ((lr & LR_STATE) == LR_PENDING) pending = true;
        }
        long v = 0;
        if (eisr(c) != 0) v |= MISR_EOI;
        if ((hcr & HCR_UIE) != 0 && valid <= 1) v |= MISR_U;
        if ((hcr & HCR_LRENPIE) != 0 && (hcr & HCR_EOICOUNT) != 0) v |= MISR_LRENP;
        if ((hcr & HCR_NPIE) != 0 && !pending) v |= MISR_NP;
        if ((hcr & HCR_VGRP0EIE) != 0 && (vmcr & VMCR_VENG0) != 0) v |= MISR_VGRP0E;
        if ((hcr & HCR_VGRP0DIE) != 0 && (vmcr & VMCR_VENG0) == 0) v |= MISR_VGRP0D;
        if ((hcr & HCR_VGRP1EIE) != 0 && (vmcr & VMCR_VENG1) != 0) v |= MISR_VGRP1E;
        if ((hcr & HCR_VGRP1DIE) != 0 && (vmcr & VMCR_VENG1) == 0) v |= MISR_VGRP1D;
        return v;
    }

    // ---- priorities ----------------------------------------------------------------------------

    static int priority(long lr) { return (int) (lr >>> LR_PRIORITY_SHIFT) & 0xFF; }

    static boolean group1(long lr) { return (lr & LR_GROUP) != 0; }

    static int vintid(long lr) { return (int) lr; }

    int vbpr0(int c) { return (int) (ich[c].vmcr >>> VMCR_VBPR0_SHIFT) & 7; }

    int vbpr1(int c) { return (int) (ich[c].vmcr >>> VMCR_VBPR1_SHIFT) & 7; }

    int vpmr(int c) { return (int) (ich[c].vmcr >>> VMCR_VPMR_SHIFT) & 0xFF; }

    /** Group-priority mask of a virtual interrupt's priority (VGroupBits: VCBPR makes Group 1 use VBPR0). */
    int groupPriorityMask(int c, boolean group1) {
        int bpr = !group1 || (ich[c].vmcr & VMCR_VCBPR) != 0 ? vbpr0(c) : vbpr1(c) - 1;
        return (0xFF << (bpr + 1)) & 0xFF;
    }

    /** The virtual running priority: the highest active priority (ICH_AP0R0 | ICH_AP1R0), or 0xFF. */
    int runningPriority(int c) {
        int a = ich[c].apr0 | ich[c].apr1;
        return a == 0 ? 0xFF : Integer.numberOfTrailingZeros(a) << (8 - VPRE_BITS);
    }

    /**
     * The list register holding the highest-priority pending virtual interrupt of an enabled group
     * (HighestPriorityVirtualInterrupt; ties go to the lowest register), or -1. Priority 0xFF is
     * never reported.
     */
    int hppvi(int c) {
        IchState s = ich[c];
        if ((s.vmcr & (VMCR_VENG0 | VMCR_VENG1)) == 0) return -1;
        int best = -1, bestPrio = 0xFF;
        for (int i = 0; i < LIST_REGS; i++) {
            long lr = s.lr[i];
            if ((lr & LR_STATE) != LR_PENDING) continue;
            if ((s.vmcr & (group1(lr) ? VMCR_VENG1 : VMCR_VENG0)) == 0) continue;
            if (priority(lr) < bestPrio) { best = i; bestPrio = priority(lr); }
        }
        return best;
    }

    /** CanSignalVirtualInterrupt: the interface is enabled, the VPMR lets it through and it preempts. */
    boolean canSignal(int c, long lr) {
        if ((ich[c].hcr & HCR_EN) == 0) return false;
        int prio = priority(lr);
        if (prio >= vpmr(c)) return false;
        int rpr = runningPriority(c);
        if (rpr == 0xFF) return true;
        int mask = groupPriorityMask(c, group1(lr));
        return (prio & mask) < (rpr & mask);
    }

    /** Drives the PE's vIRQ/vFIQ and its maintenance interrupt from the current state. */
    void update(int c) {
        IchState s = ich[c];
        boolean virq = false, vfiq = false;
        int i = hppvi(c);
        if (i >= 0 && canSignal(c, s.lr[i])) {
            if (group1(s.lr[i])) virq = true; else vfiq = true;
        }
        Cpu cpu = g.cpus[c];
        if (((cpu.interruptLines & Cpu.LINE_VIRQ) != 0) != virq) cpu.setInterruptLine(Cpu.LINE_VIRQ, virq);
        if (((cpu.interruptLines & Cpu.LINE_VFIQ) != 0) != vfiq) cpu.setInterruptLine(Cpu.LINE_VFIQ, vfiq);
        g.setMaintenance(c, (s.hcr & HCR_EN) != 0 && misr(c) != 0);
    }

    // ---- ICV_*_EL1 operations --------------------------------------------------------------------

    /** ICV_IAR0/1_EL1: acknowledges the highest-priority pending virtual interrupt of this group. */
    int acknowledge(int c, boolean wantGroup1) {
        IchState s = ich[c];
        int i = hppvi(c);
        if (i < 0) return Gicv3.SPURIOUS;
        long lr = s.lr[i];
        if (group1(lr) != wantGroup1 || !canSignal(c, lr)) return Gicv3.SPURIOUS;
        int intid = vintid(lr);
        if (intid >= 1020 && intid <= 1023) {
            s.lr[i] = lr & ~LR_PENDING;                     // a special INTID goes Pending -> Invalid
        } else {
            s.lr[i] = lr & ~LR_PENDING | LR_ACTIVE;
            int bit = 1 << ((priority(lr) & groupPriorityMask(c, wantGroup1)) >> (8 - VPRE_BITS));
            if (wantGroup1) s.apr1 |= bit; else s.apr0 |= bit;
        }
        update(c);
        return intid;
    }

    /** ICV_HPPIR0/1_EL1: the highest-priority pending virtual interrupt if of this group (no mask applied). */
    int highestPending(int c, boolean wantGroup1) {
        int i = hppvi(c);
        if (i < 0 || group1(ich[c].lr[i]) != wantGroup1) return Gicv3.SPURIOUS;
        return vintid(ich[c].lr[i]);
    }

    /** The list register holding active virtual interrupt {@code intid}, or -1 (FindActiveVirtualInterrupt). */
    private int findActive(int c, int intid) {
        long[] lr = ich[c].lr;
        for (int i = 0; i < LIST_REGS; i++) {
            if ((lr[i] & LR_ACTIVE) != 0 && vintid(lr[i]) == intid) return i;
        }
        return -1;
    }

    /**
     * Deactivates the interrupt of list register {@code i}: Active -> Invalid, Active+Pending ->
     * Pending; with HW = 1 the physical INTID is deactivated too.
     */
    private void deactivateLr(int c, int i) {
        long lr = ich[c].lr[i];
        if ((lr & LR_HW) != 0) g.deactivatePhysical(c, (int) (lr >>> LR_PINTID_SHIFT) & 0x1FFF);
        ich[c].lr[i] = lr & ~LR_ACTIVE;
    }

    private void incrementEoiCount(int c) {
        IchState s = ich[c];
        long count = ((s.hcr >>> HCR_EOICOUNT_SHIFT) + 1) & 0x1F;
        s.hcr = s.hcr & ~HCR_EOICOUNT | count << HCR_EOICOUNT_SHIFT;
    }

    /**
     * ICV_EOIR0/1_EL1: drops the highest active virtual priority and, unless VEOIM splits the two,
     * deactivates the matching list register; an EOI with no matching list register counts in
     * ICH_HCR_EL2.EOIcount (the LRENP maintenance condition). Special and out-of-range INTIDs are
     * ignored, and so is an EOI with nothing active (CONSTRAINED UNPREDICTABLE; QEMU does the same).
     */
    void endOfInterrupt(int c, boolean group1, int intid) {
        IchState s = ich[c];
        if (intid >= 1020 && intid <= 1023 || intid >= 1 << 16) return;
        int a = s.apr0 | s.apr1;
        if (a == 0) return;
        int bit = Integer.lowestOneBit(a);
        boolean dropGroup0 = (s.apr0 & bit) != 0;           // Group 0 first at equal priority
        if (dropGroup0) s.apr0 &= ~bit; else s.apr1 &= ~bit;
        int dropped = Integer.numberOfTrailingZeros(bit) << (8 - VPRE_BITS);
        int i = findActive(c, intid);
        if (i < 0) {
            incrementEoiCount(c);
        } else if ((s.vmcr & VMCR_VEOIM) == 0 && group1(s.lr[i]) == group1
                && (priority(s.lr[i]) & groupPriorityMask(c, group1)) == dropped) {
            deactivateLr(c, i);
        }
        update(c);
    }

    /** ICV_DIR_EL1: deactivation when VEOIM = 1 (ignored otherwise). */
    void deactivate(int c, int intid) {
        IchState s = ich[c];
        if (intid >= 1020 && intid <= 1023 || intid >= 1 << 16 || (s.vmcr & VMCR_VEOIM) == 0) return;
        int i = findActive(c, intid);
        if (i < 0) incrementEoiCount(c); else deactivateLr(c, i);
        update(c);
    }

    // ---- ICV_* register views of ICH_VMCR_EL2 -------------------------------------------------------

    long readBpr(int c, boolean group1) {
        if (group1 && (ich[c].vmcr & VMCR_VCBPR) != 0) return Math.min(vbpr0(c) + 1, 7);
        return group1 ? vbpr1(c) : vbpr0(c);
    }

    void writeBpr(int c, boolean group1, long v) {
        IchState s = ich[c];
        if (group1 && (s.vmcr & VMCR_VCBPR) != 0) return;  // VCBPR: Group 1 writes are ignored
        int shift = group1 ? VMCR_VBPR1_SHIFT : VMCR_VBPR0_SHIFT;
        int bpr = Math.max((int) v & 7, group1 ? MIN_VBPR1 : MIN_VBPR0);
        s.vmcr = s.vmcr & ~(7L << shift) | (long) bpr << shift;
        update(c);
    }

    void writePmr(int c, long v) {
        IchState s = ich[c];
        s.vmcr = s.vmcr & ~(0xFFL << VMCR_VPMR_SHIFT) | (v & VPRI_MASK) << VMCR_VPMR_SHIFT;
        update(c);
    }

    /** ICV_CTLR_EL1: the read-only fields match ICH_VTR_EL2 (PRIbits, IDbits = 16 bits, A3V). */
    long readCtlr(int c) {
        long vmcr = ich[c].vmcr;
        return (VPRI_BITS - 1) << 8 | 1 << 15
                | ((vmcr & VMCR_VCBPR) != 0 ? GicCpuInterface.CTLR_CBPR : 0)
                | ((vmcr & VMCR_VEOIM) != 0 ? GicCpuInterface.CTLR_EOIMODE : 0);
    }

    void writeCtlr(int c, long v) {
        IchState s = ich[c];
        s.vmcr = s.vmcr & ~(VMCR_VCBPR | VMCR_VEOIM)
                | ((v & GicCpuInterface.CTLR_CBPR) != 0 ? VMCR_VCBPR : 0)
                | ((v & GicCpuInterface.CTLR_EOIMODE) != 0 ? VMCR_VEOIM : 0);
        update(c);
    }

    void writeIgrpen(int c, boolean group1, long v) {
        IchState s = ich[c];
        long bit = group1 ? VMCR_VENG1 : VMCR_VENG0;
        s.vmcr = (v & 1) != 0 ? s.vmcr | bit : s.vmcr & ~bit;
        update(c);
    }

    long readIgrpen(int c, boolean group1) {
        return (ich[c].vmcr & (group1 ? VMCR_VENG1 : VMCR_VENG0)) != 0 ? 1 : 0;
    }

    // ---- snapshots ----

    /** The ICH_*_EL2 state of every PE (part of the GIC's section). */
    void save(SnapshotOutput o) {
        for (IchState s : ich) { o.writeLong(s.hcr); o.writeLong(s.vmcr); o.writeInt(s.apr0); o.writeInt(s.apr1); o.writeLongs(s.lr); }
    }

    void restore(SnapshotInput in) throws SnapshotFormatException {
        for (IchState s : ich) { s.hcr = in.readLong(); s.vmcr = in.readLong(); s.apr0 = in.readInt(); s.apr1 = in.readInt(); in.readLongs(s.lr); }
    }
}
