package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.SysRegHook;


/**
 * The Generic Timer of one PE (Arm ARM D11, "The Generic Timer in AArch64 state"): the counter
 * views CNTPCT/CNTVCT and four timers — EL1 physical (CNTP), virtual (CNTV), EL2 physical (CNTHP)
 * and Secure physical (CNTPS) — each driving a level-sensitive PPI.
 *
 * <p>The platform calls {@link #update()} whenever the clock has moved (at least when it reaches
 * {@link #nextDeadline()}); register writes re-evaluate the outputs themselves.
 *
 * <p>EL2 controls (CNTHCTL_EL2, CNTVOFF_EL2) are state of this class, not of the CPU. CNTHCTL_EL2
 * resets with EL1PCTEN = EL1PCEN = 1 so that, without EL2 software, EL1 is never trapped; EL2 traps
 * apply only in Non-secure state (there is no Secure EL2). The Secure physical timer is accessible
 * at EL1 only in Secure state (as with SCR_EL3.ST = 1) and UNDEFINED elsewhere below EL3. With EL3
 * implemented (in Java), CNTFRQ_EL0 is writable only by the platform ({@link #setFrequency}). ECV,
 * VHE (E2H) and the EL2 virtual timer are not implemented.
 *
 * <p>Event streams (Arm ARM D11, "Event streams"): CNTKCTL_EL1 watches bit EVNTI of the virtual count,
 * CNTHCTL_EL2 bit EVNTI of the physical count; while EVNTEN is set, the bit turning 1 (EVNTDIR = 0)
 * or 0 (EVNTDIR = 1) is a WFE wake-up event for the PE. Triggers are found in arrears, on
 * {@link #update()} and on writes to the controls: the PE's event register is read only by WFE, and
 * a PE that waits in WFE is woken at the trigger itself, which the platform takes from
 * {@link #nextEvent()} as a deadline.
 */
public final class GenericTimer implements Snapshottable {
    /** The PPIs the timers drive on the Arm reference platforms (BSA, QEMU virt, FVP). */
    public static final int PPI_HYP_PHYS = 26, PPI_VIRT = 27, PPI_SECURE_PHYS = 29, PPI_PHYS_NS = 30;

    static final int PHYS = 0, VIRT = 1, HYP = 2, SECURE = 3;

    static final long CTL_ENABLE = 1, CTL_IMASK = 2, CTL_ISTATUS = 4;
    // CNTKCTL_EL1 (Arm ARM D19.11.15)
    static final long EL0PCTEN = 1, EL0VCTEN = 2, EL0VTEN = 1 << 8, EL0PTEN = 1 << 9;
    // Event-stream fields, at the same place in CNTKCTL_EL1 and CNTHCTL_EL2 (E2H = 0)
    static final long EVNTEN = 1 << 2, EVNTDIR = 1 << 3;
    static final int EVNTI_SHIFT = 4;
    // CNTHCTL_EL2 with HCR_EL2.E2H = 0 (Arm ARM D19.11.7)
    static final long EL1PCTEN = 1, EL1PCEN = 2;

    // Register keys, op0:op1:CRn:CRm:op2 (constant expressions so they can label a switch).
    static final int CNTFRQ_EL0 = 3 << 14 | 3 << 11 | 14 << 7 | 0 << 3 | 0;
    static final int CNTPCT_EL0 = 3 << 14 | 3 << 11 | 14 << 7 | 0 << 3 | 1;
    static final int CNTVCT_EL0 = 3 << 14 | 3 << 11 | 14 << 7 | 0 << 3 | 2;
    static final int CNTP_TVAL_EL0 = 3 << 14 | 3 << 11 | 14 << 7 | 2 << 3 | 0;
    static final int CNTP_CTL_EL0 = 3 << 14 | 3 << 11 | 14 << 7 | 2 << 3 | 1;
    static final int CNTP_CVAL_EL0 = 3 << 14 | 3 << 11 | 14 << 7 | 2 << 3 | 2;
    static final int CNTV_TVAL_EL0 = 3 << 14 | 3 << 11 | 14 << 7 | 3 << 3 | 0;
    static final int CNTV_CTL_EL0 = 3 << 14 | 3 << 11 | 14 << 7 | 3 << 3 | 1;
    static final int CNTV_CVAL_EL0 = 3 << 14 | 3 << 11 | 14 << 7 | 3 << 3 | 2;
    static final int CNTKCTL_EL1 = 3 << 14 | 0 << 11 | 14 << 7 | 1 << 3 | 0;
    static final int CNTHCTL_EL2 = 3 << 14 | 4 << 11 | 14 << 7 | 1 << 3 | 0;
    static final int CNTVOFF_EL2 = 3 << 14 | 4 << 11 | 14 << 7 | 0 << 3 | 3;
    static final int CNTHP_TVAL_EL2 = 3 << 14 | 4 << 11 | 14 << 7 | 2 << 3 | 0;
    static final int CNTHP_CTL_EL2 = 3 << 14 | 4 << 11 | 14 << 7 | 2 << 3 | 1;
    static final int CNTHP_CVAL_EL2 = 3 << 14 | 4 << 11 | 14 << 7 | 2 << 3 | 2;
    static final int CNTPS_TVAL_EL1 = 3 << 14 | 7 << 11 | 14 << 7 | 2 << 3 | 0;
    static final int CNTPS_CTL_EL1 = 3 << 14 | 7 << 11 | 14 << 7 | 2 << 3 | 1;
    static final int CNTPS_CVAL_EL1 = 3 << 14 | 7 << 11 | 14 << 7 | 2 << 3 | 2;

    @NotState("wiring")
    private final Cpu cpu;
    @NotState("wiring")
    private final VirtualClock clock;
    @NotState("wiring")
    private final InterruptLine[] lines;
    private final long[] ctl = new long[4], cval = new long[4];
    private final boolean[] output = new boolean[4];
    private long frequency;
    private long cntkctl;
    private long cnthctl = EL1PCTEN | EL1PCEN;
    private long cntvoff;
    /** The physical count up to which event-stream triggers have been delivered. */
    private long eventsTo;
    @NotState("wiring: a register view")
    private final SysRegHook registers = new Registers();

    public GenericTimer(Cpu cpu, VirtualClock clock, InterruptLine physNs, InterruptLine virt,
                        InterruptLine hypPhys, InterruptLine securePhys) {
        this.cpu = cpu;
        this.clock = clock;
        this.lines = new InterruptLine[] {physNs, virt, hypPhys, securePhys};
        this.frequency = clock.frequency();
    }

    /** CNTFRQ_EL0 as the highest EL (the platform) sets it. */
    public void setFrequency(long hz) { frequency = hz & 0xFFFF_FFFFL; }

    public long frequency() { return frequency; }

    /** The MRS/MSR hook for this PE's timer registers. */
    public SysRegHook timerRegisters() { return registers; }

    public Cpu cpu() { return cpu; }

    private long count(int t, long physical) { return t == VIRT ? physical - cntvoff : physical; }

    private boolean met(int t, long physical) {
        return Long.compareUnsigned(count(t, physical), cval[t]) >= 0;
    }

    private boolean firing(int t, long physical) {
        return (ctl[t] & (CTL_ENABLE | CTL_IMASK)) == CTL_ENABLE && met(t, physical);
    }

    /** Re-evaluates the four outputs at the current count and drives the lines that changed. */
    public void update() {
        long now = clock.counter();
        for (int t = 0; t < 4; t++) {
            boolean f = firing(t, now);
            if (f != output[t]) {
                output[t] = f;
                lines[t].set(f);
            }
        }
        if (((cntkctl | cnthctl) & EVNTEN) != 0) deliverEvents(now);
    }

    /**
     * How far after {@code count} the stream of {@code ctl} (a CNTKCTL/CNTHCTL value) next triggers:
     * 1 to 2^(EVNTI+1) counts, to the next count whose bits EVNTI:0 are 1 followed by zeros
     * (EVNTDIR = 0: the bit becomes 1) or all zeros (EVNTDIR = 1: it becomes 0).
     */
    static long toNextTrigger(long ctl, long count) {
        int n = (int) (ctl >>> EVNTI_SHIFT) & 15;
        long period = 2L << n, at = (ctl & EVNTDIR) == 0 ? 1L << n : 0;
        return period - ((count - at) & (period - 1));
    }

    /** The distance from physical count {@code p} to the next trigger of either enabled stream, or MAX_VALUE. */
    private long toNextEvent(long p) {
        long d = Long.MAX_VALUE;
        if ((cntkctl & EVNTEN) != 0) d = toNextTrigger(cntkctl, p - cntvoff);
        if ((cnthctl & EVNTEN) != 0) d = Math.min(d, toNextTrigger(cnthctl, p));
        return d;
    }

    /** Signals the PE if a stream triggered after {@link #eventsTo} and at or before {@code now}. */
    private void deliverEvents(long now) {
        long elapsed = now - eventsTo;
        if (elapsed <= 0) return;       // nothing new (never move back)
        if (toNextEvent(eventsTo) <= elapsed) cpu.signalEvent();
        eventsTo = now;
    }

    /**
     * The physical count of the first event-stream trigger not yet delivered (it may be behind the
     * counter until the next {@link #update()}), or {@link Long#MAX_VALUE} with both streams disabled.
     */
    public long nextEvent() {
        if (((cntkctl | cnthctl) & EVNTEN) == 0) return Long.MAX_VALUE;
        long d = toNextEvent(eventsTo);
        return d <= Long.MAX_VALUE - eventsTo ? eventsTo + d : Long.MAX_VALUE;
    }

    /**
     * The smallest physical count at which an enabled, unmasked timer whose condition is not yet
     * met will fire, or {@link Long#MAX_VALUE} if none will.
     */
    public long nextDeadline() {
        long now = clock.counter(), best = Long.MAX_VALUE;
        for (int t = 0; t < 4; t++) {
            if ((ctl[t] & (CTL_ENABLE | CTL_IMASK)) != CTL_ENABLE || met(t, now)) continue;
            long remaining = cval[t] - count(t, now);       // > 0 unsigned, since not met
            if (remaining > 0 && remaining <= Long.MAX_VALUE - now) best = Math.min(best, now + remaining);
        }
        return best;
    }

    // ---- register access ---------------------------------------------------------------------

    /** An EL0 access allowed by none of the CNTKCTL_EL1 {@code bits} traps to EL1. */
    private static void el0Check(Cpu c, long cntkctl, long bits) {
        if (c.el == 0 && (cntkctl & bits) == 0) throw SysRegTrap.trap(c, 1);
    }

    /** A Non-secure EL0/EL1 access to the physical counter/timer disabled by CNTHCTL_EL2 traps to EL2. */
    private void el2Check(Cpu c, long bit) {
        if (c.el <= 1 && !c.secure && (cnthctl & bit) == 0) throw SysRegTrap.trap(c, 2);
    }

    private static int timerOf(int key) {
        switch (key) {
            case CNTP_TVAL_EL0: case CNTP_CTL_EL0: case CNTP_CVAL_EL0: return PHYS;
            case CNTV_TVAL_EL0: case CNTV_CTL_EL0: case CNTV_CVAL_EL0: return VIRT;
            case CNTHP_TVAL_EL2: case CNTHP_CTL_EL2: case CNTHP_CVAL_EL2: return HYP;
            case CNTPS_TVAL_EL1: case CNTPS_CTL_EL1: case CNTPS_CVAL_EL1: return SECURE;
            default: return -1;
        }
    }

    /** Access checks common to reads and writes of the timer registers (CTL, CVAL, TVAL) of timer t. */
    private void checkTimer(Cpu c, int t) {
        switch (t) {
            case PHYS: el0Check(c, cntkctl, EL0PTEN); el2Check(c, EL1PCEN); break;
            case VIRT: el0Check(c, cntkctl, EL0VTEN); break;
            case HYP: if (c.el < 2) throw c.undefined(); break;
            default: if (!(c.el == 1 && c.secure || c.el == 3)) throw c.undefined(); break;
        }
    }

    private final class Registers implements SysRegHook {
        @Override
        public boolean implementsKey(int key) {
            switch (key) {
                case CNTFRQ_EL0: case CNTPCT_EL0: case CNTVCT_EL0: case CNTKCTL_EL1: case CNTHCTL_EL2: case CNTVOFF_EL2:
                    return true;
                default:
                    return timerOf(key) >= 0;
            }
        }

        @Override
        public long read(Cpu c, int key) {
            long now = clock.counter();
            switch (key) {
                case CNTFRQ_EL0:
                    el0Check(c, cntkctl, EL0PCTEN | EL0VCTEN);
                    return frequency;
                case CNTPCT_EL0:
                    el0Check(c, cntkctl, EL0PCTEN);
                    el2Check(c, EL1PCTEN);
                    return now;
                case CNTVCT_EL0:
                    el0Check(c, cntkctl, EL0VCTEN);
                    return now - cntvoff;
                case CNTKCTL_EL1:
                    if (c.el < 1) throw c.undefined();
                    return cntkctl;
                case CNTHCTL_EL2:
                    if (c.el < 2) throw c.undefined();
                    return cnthctl;
                case CNTVOFF_EL2:
                    if (c.el < 2) throw c.undefined();
                    return cntvoff;
                default:
                    break;
            }
            int t = timerOf(key);
            checkTimer(c, t);
            switch (key & 7) {
                case 0:   // TVAL: (CVAL - count)[31:0], a signed 32-bit value; bits 63:32 RES0
                    return (cval[t] - count(t, now)) & 0xFFFF_FFFFL;
                case 1:
                    return ctl[t] | (firingOrMet(t, now) ? CTL_ISTATUS : 0);
                default:
                    return cval[t];
            }
        }

        /** CTL.ISTATUS: the condition is met while the timer is enabled (IMASK does not hide it). */
        private boolean firingOrMet(int t, long now) {
            return (ctl[t] & CTL_ENABLE) != 0 && met(t, now);
        }

        @Override
        public void write(Cpu c, int key, long v) {
            switch (key) {
                case CNTFRQ_EL0:
                    // Writable only at the highest EL, which is EL3 in Java (Arm ARM D19.11.8).
                    if (c.el == 0 && (cntkctl & (EL0PCTEN | EL0VCTEN)) == 0) throw SysRegTrap.trap(c, 1);
                    if (c.el < 3) throw c.undefined();
                    frequency = v & 0xFFFF_FFFFL;
                    return;
                case CNTPCT_EL0:
                case CNTVCT_EL0:
                    throw c.undefined();                     // read-only
                case CNTKCTL_EL1:
                    if (c.el < 1) throw c.undefined();
                    streamsChanging();
                    cntkctl = v & 0x3FF;                     // EL0PTEN, EL0VTEN, EVNTI, EVNTDIR, EVNTEN, EL0VCTEN, EL0PCTEN
                    return;
                case CNTHCTL_EL2:
                    if (c.el < 2) throw c.undefined();
                    streamsChanging();
                    cnthctl = v & 0xFF;                      // EVNTI, EVNTDIR, EVNTEN, EL1PCEN, EL1PCTEN
                    return;
                case CNTVOFF_EL2:
                    if (c.el < 2) throw c.undefined();
                    streamsChanging();
                    cntvoff = v;
                    update();
                    return;
                default:
                    break;
            }
            int t = timerOf(key);
            checkTimer(c, t);
            switch (key & 7) {
                case 0: cval[t] = count(t, clock.counter()) + (int) v; break;   // TVAL: sign-extended
                case 1: ctl[t] = v & (CTL_ENABLE | CTL_IMASK); break;
                default: cval[t] = v; break;
            }
            update();
        }
    }

    /**
     * Before a write that moves a stream (its controls, or the virtual count under CNTKCTL_EL1):
     * triggers so far count under the old settings, later ones under the new (the write itself
     * is no trigger, though it may change the watched bit).
     */
    private void streamsChanging() {
        long now = clock.counter();
        if (((cntkctl | cnthctl) & EVNTEN) != 0) deliverEvents(now);
        else eventsTo = now;            // a stream enabled now counts from now
    }

    // ---- snapshots ----

    @Override
    public void save(SnapshotOutput o) {
        o.writeLongs(ctl); o.writeLongs(cval); o.writeBooleans(output);
        o.writeLong(frequency); o.writeLong(cntkctl); o.writeLong(cnthctl); o.writeLong(cntvoff);
        o.writeLong(eventsTo);
    }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        in.readLongs(ctl); in.readLongs(cval); in.readBooleans(output);
        frequency = in.readLong(); cntkctl = in.readLong(); cnthctl = in.readLong(); cntvoff = in.readLong();
        eventsTo = in.readLong();
    }
}
