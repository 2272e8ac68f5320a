package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.SysRegHook;
import dev.jaffa.interp.memory.SystemBus;


/**
 * A GICv3 interrupt controller (Arm IHI 0069): distributor, one redistributor per PE and the
 * system-register CPU interfaces, for SGIs, PPIs and SPIs (no LPIs, no ITS), with the virtual CPU
 * interface of each PE ({@link GicVirtualInterface}: list registers, ICV_* view, maintenance PPI 25).
 *
 * <p>Configuration, as QEMU's {@code virt} board presents the GIC to software when it has no EL3:
 * affinity routing is always on (GICD_CTLR.ARE RAO/WI) and there is ONE security state
 * (GICD_CTLR.DS RAO/WI, GICD_TYPER.SecurityExtn = 0). Group 0 interrupts are signalled as FIQ and
 * Group 1 as IRQ. Interrupt groups are kept as {@link #G0}/{@link #G1NS}/{@link #G1S} values rather
 * than one bit so that a model with two security states (GICD_IGRPMODR, the Secure banks of the
 * CPU interface) can be added without changing the state layout.
 *
 * <p>All interrupt state lives in flat arrays indexed by a slot: INTIDs 0-31 of PE {@code c} at
 * {@code c * 32 + intid}, SPIs after all the private banks. Every state change recomputes the
 * highest-priority pending interrupt of each PE and drives its IRQ/FIQ inputs; all of this runs
 * on the single emulation thread, so there is no locking and the result is deterministic.
 *
 * <p>Choices where the architecture leaves room (or QEMU is followed): interrupts reset as Group 1;
 * the distributor keeps all 8 priority bits while the CPU interface implements 5 (PMR, binary
 * points, active priorities); an interrupt whose group is disabled in a PE's ICC_IGRPENn_EL1 is
 * not forwarded to that PE (so it cannot hide a lower-priority interrupt of an enabled group);
 * GICR_WAKER.ProcessorSleep is a handshake only and does not gate delivery, as in QEMU; 1-of-N
 * SPIs go to the lowest-numbered PE accepting their group.
 *
 * <p>Wiring: map {@link #distributor()} ({@link #DISTRIBUTOR_SIZE}) and {@link #redistributors()}
 * ({@link #redistributorsSize()}), give each PE {@link #cpuInterface()} as (part of) its
 * {@code sysRegHook}, connect devices to {@link #spi} and the timers to {@link #ppi}.
 */
public final class Gicv3 implements Snapshottable {
    /** Interrupt groups. With GICD_CTLR.DS = 1 only G0 and G1NS ("Group 1") occur. */
    static final int G0 = 0, G1NS = 1, G1S = 2;
    /** The special INTID returned when there is nothing to acknowledge. */
    public static final int SPURIOUS = 1023;
    /** The CPU interface implements 5 priority bits (32 levels), as QEMU does. */
    static final int PRI_BITS = 5;
    static final int PRI_MASK = (0xFF << (8 - PRI_BITS)) & 0xFF;
    /** Lowest legal ICC_BPR0_EL1 (group priority = all implemented bits); ICC_BPR1_EL1's is one more. */
    static final int MIN_BPR0 = 7 - PRI_BITS, MIN_BPR1 = MIN_BPR0 + 1;

    /** Size of the GICD window. */
    public static final long DISTRIBUTOR_SIZE = 0x10000;
    /** Size of one PE's redistributor (RD_base + SGI_base frames); PE i's starts at i times this. */
    public static final long REDISTRIBUTOR_STRIDE = GicRedistributors.STRIDE;

    @NotState("wiring")
    final Cpu[] cpus;
    @NotState("configuration")
    final int nCpu, spiCount, nIrq;

    // Per-slot interrupt state.
    final boolean[] enabled, latch, level, active, edge;
    /** Software/edge pending latch is {@link #latch}; a level interrupt is also pending while its input is high. */
    final byte[] group;
    final int[] priority;
    /** GICD_IROUTER<n> for SPI n (index intid - 32). */
    final long[] irouter;

    // GICD_CTLR
    boolean enableGrp0, enableGrp1;

    // Per-PE redistributor and CPU interface state.
    final boolean[] processorSleep;
    final IccState[] icc;

    @NotState("wiring: a register view")
    private final GicDistributor distributor;
    @NotState("wiring: a register view")
    private final GicRedistributors redistributors;
    @NotState("wiring: a register view")
    private final GicCpuInterface cpuInterface;
    /** The virtual CPU interfaces (ICH_*_EL2, ICV_*_EL1); reachable only from a PE with EL2. */
    final GicVirtualInterface virt;

    /** The CPU interface registers of one PE (ICC_*_EL1). */
    static final class IccState {
        int pmr;
        int bpr0 = MIN_BPR0, bpr1 = MIN_BPR1;
        boolean cbpr, eoiMode;
        boolean igrpen0, igrpen1;
        /** ICC_AP0R0_EL1 / ICC_AP1R0_EL1: one bit per active group priority (priority >> 3). */
        int apr0, apr1;
        // Highest-priority pending interrupt, recomputed by update().
        int hppi = SPURIOUS, hppiPrio = 0x100, hppiGroup;
    }

    /**
     * @param cpus     the PEs, in redistributor order; PE {@code i} has affinity 0.0.0.i
     * @param spiCount the number of SPIs, a positive multiple of 32 (INTIDs 32 .. 32 + spiCount - 1)
     */
    public Gicv3(Cpu[] cpus, int spiCount) {
        if (spiCount <= 0 || spiCount % 32 != 0 || spiCount > 960) {
            throw new IllegalArgumentException("spiCount must be a positive multiple of 32, at most 960");
        }
        this.cpus = cpus.clone();
        this.nCpu = cpus.length;
        this.spiCount = spiCount;
        this.nIrq = 32 + spiCount;
        int slots = nCpu * 32 + spiCount;
        enabled = new boolean[slots];
        latch = new boolean[slots];
        level = new boolean[slots];
        active = new boolean[slots];
        edge = new boolean[slots];
        group = new byte[slots];
        priority = new int[slots];
        irouter = new long[spiCount];
        processorSleep = new boolean[nCpu];
        icc = new IccState[nCpu];
        for (int c = 0; c < nCpu; c++) {
            icc[c] = new IccState();
            processorSleep[c] = true;                       // GICR_WAKER resets asleep (IHI 0069 12.11.41)
            for (int i = 0; i < 16; i++) edge[c * 32 + i] = true;   // SGIs are always edge-triggered
        }
        // Every interrupt resets as Group 1: with no EL3 in guest code nobody else would make them
        // Non-secure, and QEMU resets them so for a GIC without security extensions.
        java.util.Arrays.fill(group, (byte) G1NS);
        distributor = new GicDistributor(this);
        redistributors = new GicRedistributors(this);
        cpuInterface = new GicCpuInterface(this);
        virt = new GicVirtualInterface(this, nCpu);
    }

    /** The distributor (GICD), a 64 KiB window. */
    public SystemBus.Device distributor() { return distributor; }

    /** Size of the redistributor window: 128 KiB (RD_base + SGI_base frames) per PE, contiguous. */
    public long redistributorsSize() { return (long) nCpu * GicRedistributors.STRIDE; }

    /** The redistributors (GICR) of all PEs, {@link #redistributorsSize()} bytes. */
    public SystemBus.Device redistributors() { return redistributors; }

    /** The ICC_* system registers; install it (combined with the timer's) as each PE's hook. */
    public SysRegHook cpuInterface() { return cpuInterface; }

    /** The input wire of SPI {@code intid} (32 .. 32 + spiCount - 1). */
    public InterruptLine spi(int intid) {
        if (intid < 32 || intid >= nIrq) throw new IllegalArgumentException("no SPI " + intid);
        int s = slot(0, intid);
        return asserted -> setLevel(s, asserted, -1);
    }

    /** The input wire of PPI {@code intid} (16..31) of PE {@code cpuIndex}. */
    public InterruptLine ppi(int cpuIndex, int intid) {
        if (intid < 16 || intid >= 32 || cpuIndex < 0 || cpuIndex >= nCpu) {
            throw new IllegalArgumentException("no PPI " + intid + " on CPU " + cpuIndex);
        }
        int s = slot(cpuIndex, intid);
        return asserted -> setLevel(s, asserted, cpuIndex);
    }

    /** Recomputes the IRQ/FIQ inputs of one PE (for the platform, e.g. after a world switch). */
    public void update(int cpuIndex) {
        IccState ic = icc[cpuIndex];
        computeHppi(cpuIndex);
        boolean signal = canPreempt(ic);
        Cpu cpu = cpus[cpuIndex];
        boolean irq = signal && ic.hppiGroup != G0, fiq = signal && ic.hppiGroup == G0;
        if (((cpu.interruptLines & Cpu.LINE_IRQ) != 0) != irq) cpu.setInterruptLine(Cpu.LINE_IRQ, irq);
        if (((cpu.interruptLines & Cpu.LINE_FIQ) != 0) != fiq) cpu.setInterruptLine(Cpu.LINE_FIQ, fiq);
    }

    /** Recomputes every PE: SPI targets (1-of-N routing) depend on all of them. */
    public void updateAll() {
        for (int c = 0; c < nCpu; c++) update(c);
    }

    // ---- interrupt state -----------------------------------------------------------------------

    int slot(int cpu, int intid) { return intid < 32 ? cpu * 32 + intid : nCpu * 32 + intid - 32; }

    boolean pending(int s) { return latch[s] || level[s] && !edge[s]; }

    private void setLevel(int s, boolean asserted, int cpuIndex) {
        if (level[s] == asserted) return;
        level[s] = asserted;
        if (asserted && edge[s]) latch[s] = true;           // a rising edge latches an edge-triggered interrupt
        if (cpuIndex >= 0) update(cpuIndex); else updateAll();
    }

    boolean groupEnabled(int g, IccState ic) {
        return g == G0 ? enableGrp0 && ic.igrpen0 : enableGrp1 && ic.igrpen1;
    }

    /**
     * The PE an SPI is delivered to, or -1. IRM = 0: the PE whose affinity matches GICD_IROUTER.
     * IRM = 1 (1 of N): deterministically the lowest-numbered PE that accepts the interrupt's
     * group, so runs repeat.
     */
    int spiTarget(int intid) {
        long r = irouter[intid - 32];
        int g = group[slot(0, intid)];
        if ((r & GicDistributor.IROUTER_IRM) != 0) {
            for (int c = 0; c < nCpu; c++) if (groupEnabled(g, icc[c])) return c;
            return -1;
        }
        long aff = r & 0xFF_00FF_FFFFL;                     // Aff3 [39:32], Aff2..Aff0 [23:0]
        return aff < nCpu ? (int) aff : -1;                 // PE i has affinity 0.0.0.i
    }

    private boolean candidate(int s, IccState ic) {
        return enabled[s] && !active[s] && pending(s) && groupEnabled(group[s], ic);
    }

    /**
     * Highest-priority pending interrupt of a PE: enabled, pending, not active, of a group enabled
     * in both the distributor and this CPU interface; ties go to the lowest INTID.
     */
    private void computeHppi(int c) {
        IccState ic = icc[c];
        int best = SPURIOUS, bestPrio = 0x100, bestGroup = 0;
        for (int i = 0, s = c * 32; i < 32; i++, s++) {
            if (priority[s] < bestPrio && candidate(s, ic)) { best = i; bestPrio = priority[s]; bestGroup = group[s]; }
        }
        for (int i = 32, s = nCpu * 32; i < nIrq; i++, s++) {
            if (priority[s] < bestPrio && candidate(s, ic) && spiTarget(i) == c) {
                best = i; bestPrio = priority[s]; bestGroup = group[s];
            }
        }
        ic.hppi = best;
        ic.hppiPrio = bestPrio;
        ic.hppiGroup = bestGroup;
    }

    /** Mask of the group-priority bits of a priority value (the binary point, IHI 0069 4.8.3). */
    static int groupPriorityMask(IccState ic, int g) {
        int bpr = g == G0 || ic.cbpr ? ic.bpr0 : ic.bpr1 - 1;
        return (0xFF << (bpr + 1)) & 0xFF;
    }

    /** The running priority: that of the highest active priority bit, or 0xFF when idle. */
    static int runningPriority(IccState ic) {
        int a = ic.apr0 | ic.apr1;
        return a == 0 ? 0xFF : Integer.numberOfTrailingZeros(a) << (8 - PRI_BITS);
    }

    /** Whether the HPPI is signalled: above the priority mask and preempting the running priority. */
    static boolean canPreempt(IccState ic) {
        if (ic.hppi == SPURIOUS || ic.hppiPrio >= ic.pmr) return false;
        int rpr = runningPriority(ic);
        return rpr == 0xFF || (ic.hppiPrio & groupPriorityMask(ic, ic.hppiGroup)) < rpr;
    }

    // ---- CPU interface operations ----------------------------------------------------------------

    /** ICC_IAR0/1_EL1: acknowledges the HPPI if it is of {@code wantGroup1}'s group and may preempt. */
    int acknowledge(int c, boolean wantGroup1) {
        IccState ic = icc[c];
        computeHppi(c);
        if (!canPreempt(ic) || (ic.hppiGroup != G0) != wantGroup1) return SPURIOUS;
        int intid = ic.hppi, s = slot(c, intid);
        active[s] = true;
        latch[s] = false;                                   // a level input keeps it pending while high
        int bit = 1 << ((priority[s] & groupPriorityMask(ic, group[s])) >> (8 - PRI_BITS));
        if (group[s] == G0) ic.apr0 |= bit; else ic.apr1 |= bit;
        updateAll();
        return intid;
    }

    /** ICC_HPPIR0/1_EL1. */
    int highestPending(int c, boolean wantGroup1) {
        IccState ic = icc[c];
        computeHppi(c);
        if (ic.hppi == SPURIOUS || (ic.hppiGroup != G0) != wantGroup1) return SPURIOUS;
        return ic.hppi;
    }

    /**
     * ICC_EOIR0/1_EL1: drops the running priority if the highest active priority belongs to this
     * group, and deactivates the interrupt unless EOImode splits the two. Writes of special or
     * unimplemented INTIDs are ignored (UNPREDICTABLE; QEMU ignores them too).
     */
    void endOfInterrupt(int c, boolean group1, int intid) {
        IccState ic = icc[c];
        if (intid >= nIrq) return;
        int a = ic.apr0 | ic.apr1;
        if (a == 0) return;
        int bit = Integer.lowestOneBit(a);
        boolean activeIsGroup0 = (ic.apr0 & bit) != 0;
        if (activeIsGroup0 == group1) return;
        if (activeIsGroup0) ic.apr0 &= ~bit; else ic.apr1 &= ~bit;
        if (!ic.eoiMode) active[slot(c, intid)] = false;
        updateAll();
    }

    /** ICC_DIR_EL1: deactivation when EOImode = 1 (ignored otherwise, as the spec leaves it UNPREDICTABLE). */
    void deactivate(int c, int intid) {
        if (!icc[c].eoiMode || intid >= nIrq) return;
        active[slot(c, intid)] = false;
        updateAll();
    }

    /** Drives PE {@code c}'s maintenance interrupt (PPI 25), from its virtual interface. */
    void setMaintenance(int c, boolean asserted) {
        setLevel(slot(c, GicVirtualInterface.MAINTENANCE_INTID), asserted, c);
    }

    /**
     * Deactivates physical interrupt {@code intid} of PE {@code c}, for a list register with HW = 1
     * whose virtual interrupt was deactivated. SGIs and unimplemented INTIDs are ignored (UNPREDICTABLE).
     */
    void deactivatePhysical(int c, int intid) {
        if (intid < 16 || intid >= nIrq) return;
        active[slot(c, intid)] = false;
        updateAll();
    }

    /**
     * Makes SGI {@code intid} (0..15) pending on PE {@code cpuIndex}, as firmware writing
     * ICC_SGI1R_EL1 from another world would (the SPMC's schedule receiver interrupt).
     */
    public void raiseSgi(int cpuIndex, int intid) {
        if (cpuIndex < 0 || cpuIndex >= nCpu || intid < 0 || intid > 15) return;
        latch[slot(cpuIndex, intid)] = true;
        updateAll();
    }

    /**
     * ICC_SGI0R/SGI1R/ASGI1R_EL1 (IHI 0069 12.2.19): makes SGI INTID pending on the target PEs whose
     * SGI is configured in the requested group. IRM = 1 targets every PE but the sender; otherwise
     * Aff3.Aff2.Aff1 plus the 16-bit TargetList (RS must be 0: GICD_TYPER.RSS = 0).
     */
    void generateSgi(int sender, long v, boolean group1) {
        int intid = (int) (v >>> 24) & 0xF;
        boolean irm = (v >>> 40 & 1) != 0;
        int targetList = (int) v & 0xFFFF;
        long aff321 = (v >>> 16 & 0xFF) | (v >>> 32 & 0xFF) << 8 | (v >>> 48 & 0xFF) << 16;
        int rs = (int) (v >>> 44) & 0xF;
        for (int t = 0; t < nCpu; t++) {
            if (irm) {
                if (t == sender) continue;
            } else if (aff321 != 0 || rs != 0 || t > 15 || (targetList >>> t & 1) == 0) {
                continue;                                   // PE t has affinity 0.0.0.t
            }
            int s = slot(t, intid);
            if ((group[s] != G0) == group1) latch[s] = true;
        }
        updateAll();
    }

    // ---- snapshots ----

    @Override
    public void save(SnapshotOutput o) {
        o.writeBooleans(enabled); o.writeBooleans(latch); o.writeBooleans(level); o.writeBooleans(active); o.writeBooleans(edge);
        o.writeBytes(group);
        o.writeInts(priority);
        o.writeLongs(irouter);
        o.writeBoolean(enableGrp0); o.writeBoolean(enableGrp1);
        o.writeBooleans(processorSleep);
        for (IccState c : icc) {
            o.writeInt(c.pmr); o.writeInt(c.bpr0); o.writeInt(c.bpr1); o.writeBoolean(c.cbpr); o.writeBoolean(c.eoiMode);
            o.writeBoolean(c.igrpen0); o.writeBoolean(c.igrpen1); o.writeInt(c.apr0); o.writeInt(c.apr1);
            o.writeInt(c.hppi); o.writeInt(c.hppiPrio); o.writeInt(c.hppiGroup);
        }
        virt.save(o);
    }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        in.readBooleans(enabled); in.readBooleans(latch); in.readBooleans(level); in.readBooleans(active); in.readBooleans(edge);
        in.readBytesInto(group);
        in.readInts(priority);
        in.readLongs(irouter);
        enableGrp0 = in.readBoolean(); enableGrp1 = in.readBoolean();
        in.readBooleans(processorSleep);
        for (IccState c : icc) {
            c.pmr = in.readInt(); c.bpr0 = in.readInt(); c.bpr1 = in.readInt(); c.cbpr = in.readBoolean(); c.eoiMode = in.readBoolean();
            c.igrpen0 = in.readBoolean(); c.igrpen1 = in.readBoolean(); c.apr0 = in.readInt(); c.apr1 = in.readInt();
            c.hppi = in.readInt(); c.hppiPrio = in.readInt(); c.hppiGroup = in.readInt();
        }
        virt.restore(in);
    }
}
