package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;

import dev.jaffa.interp.memory.SystemBus;


/**
 * Arm PrimeCell real-time clock (PL031). Time is deterministic: seconds = a base epoch given at
 * construction (the host time at start, or a fixed value for repeatable runs) plus the virtual
 * counter's elapsed whole seconds. Like QEMU, the RTC is always running (RTCCR reads 1, writes
 * are ignored) and the match interrupt fires once per RTCMR/RTCLR write, when RTCDR reaches
 * RTCMR. The platform asks {@link #nextDeadline()} and calls {@link #update()} when the counter
 * gets there; guest reads of the interrupt status also catch up.
 */
public final class Pl031 implements SystemBus.Device, Snapshottable {
    // Register offsets, PL031 TRM Table 3-1.
    static final int RTCDR = 0x000;
    static final int RTCMR = 0x004;
    static final int RTCLR = 0x008;
    static final int RTCCR = 0x00C;
    static final int RTCIMSC = 0x010;
    static final int RTCRIS = 0x014;
    static final int RTCMIS = 0x018;
    static final int RTCICR = 0x01C;
    static final int RTCPERIPHID0 = 0xFE0;

    /** RTCPeriphID0-3 then RTCPCellID0-3. */
    private static final int[] ID = {0x31, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

    static final int RTCINTR = 1; // the only interrupt bit

    /** No deadline pending. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    @NotState("wiring")
    private final VirtualClock clock;
    @NotState("wiring")
    private final InterruptLine irq;
    @NotState("configuration")
    private final long baseEpochSeconds;
    private long offset;          // RTCDR = offset + elapsed counter seconds (mod 2^32)
    private int mr, imsc, ris;
    private long deadline = NO_DEADLINE;
    private boolean lineLevel;

    /**
     * @param clock            the system counter
     * @param baseEpochSeconds RTCDR when the counter reads 0 (seconds since 1970, for Linux)
     * @param irq              RTCINTR
     */
    public Pl031(VirtualClock clock, long baseEpochSeconds, InterruptLine irq) {
        this.clock = clock;
        this.irq = irq;
        this.baseEpochSeconds = baseEpochSeconds;
        reset();
    }

    public void reset() {
        offset = baseEpochSeconds;
        mr = imsc = ris = 0;
        deadline = NO_DEADLINE;
        updateIrq();
    }

    /** The counter value at which the match interrupt is due, or {@link #NO_DEADLINE}. */
    public long nextDeadline() {
        return deadline;
    }

    /** Raises the match interrupt if the counter has reached the deadline. */
    public void update() {
        if (deadline != NO_DEADLINE && clock.counter() >= deadline) {
            deadline = NO_DEADLINE;
            ris = RTCINTR;
        }
        updateIrq();
    }

    @Override
    public long read(long off, int size) {
        if (size != 4 || (off & 3) != 0) return 0; // the PL031 is a 32-bit APB peripheral
        if (off >= RTCPERIPHID0 && off < RTCPERIPHID0 + 4 * ID.length) return ID[(int) (off - RTCPERIPHID0) >> 2];
        switch ((int) off) {
            case RTCDR: return dr() & 0xFFFF_FFFFL;
            case RTCMR: return mr & 0xFFFF_FFFFL;
            case RTCLR: return dr() & 0xFFFF_FFFFL; // reads back the current count, as QEMU does
            case RTCCR: return 1;                    // always started
            case RTCIMSC: return imsc;
            case RTCRIS: update(); return ris;
            case RTCMIS: update(); return ris & imsc;
            default: return 0;
        }
    }

    @Override
    public void write(long off, int size, long value) {
        if (size != 4 || (off & 3) != 0) return;
        int v = (int) value;
        switch ((int) off) {
            case RTCMR -> { mr = v; arm(); }
            case RTCLR -> { offset = (v & 0xFFFF_FFFFL) - seconds(); arm(); }
            case RTCIMSC -> imsc = v & RTCINTR;
            case RTCICR -> ris &= ~(v & RTCINTR);
            default -> { }                           // RTCDR, RTCCR (start is permanent), status: read-only
        }
        updateIrq();
    }

    private long seconds() {
        long f = clock.frequency();
        return f > 0 ? Long.divideUnsigned(clock.counter(), f) : 0;
    }

    private int dr() {
        return (int) (offset + seconds());
    }

    /** Schedules the match for when RTCDR next equals RTCMR (QEMU: at once if equal now). */
    private void arm() {
        long ticks = (mr - dr()) & 0xFFFF_FFFFL;
        if (ticks == 0) {
            deadline = NO_DEADLINE;
            ris = RTCINTR;
            return;
        }
        long f = clock.frequency(), s = seconds();
        if (f <= 0 || s + ticks > Long.MAX_VALUE / f) {
            deadline = NO_DEADLINE;                  // beyond the counter's range: never
        } else {
            deadline = (s + ticks) * f;
        }
    }

    private void updateIrq() {
        boolean level = (ris & imsc) != 0;
        if (level != lineLevel) {
            lineLevel = level;
            irq.set(level);
        }
    }

    // ---- snapshots ----

    @Override
    public void save(SnapshotOutput o) {
        o.writeLong(offset); o.writeInt(mr); o.writeInt(imsc); o.writeInt(ris); o.writeLong(deadline); o.writeBoolean(lineLevel);
    }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        offset = in.readLong(); mr = in.readInt(); imsc = in.readInt(); ris = in.readInt(); deadline = in.readLong(); lineLevel = in.readBoolean();
    }
}
