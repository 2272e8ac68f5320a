package dev.jaffa.interp;

/**
 * One processing element: the architectural state of an Armv8-A PE in AArch64, as plain fields.
 *
 * <p>General registers live in {@link #x}; index 31 always holds zero so it reads as XZR, and
 * writers clear it again after storing (see {@link #setX}). The stack pointers are banked per EL in
 * {@link #spEl}; {@link #spIndex} selects the one PSTATE.SPSel and the EL make current.
 * Registers banked per exception level ({@code ELR_ELx}, {@code SPSR_ELx}, ...) are arrays indexed
 * by EL so exception entry works the same at every level once EL2 and EL3 exist.
 */
public final class Cpu {
    /** x0..x30; x[31] is kept zero. */
    public final long[] x = new long[32];
    /** Address of the instruction being executed. */
    public long curPc;
    /** Address of the next instruction (the executing instruction's address + 4 until a branch). */
    public long pc;

    // PSTATE
    /** NZCV as a 4-bit value: N=8, Z=4, C=2, V=1. */
    public int nzcv;
    /** DAIF as a 4-bit value: D=8, A=4, I=2, F=1. */
    public int daif = 0xF;
    /** Current exception level, 0..3. */
    public int el = 1;
    /** PSTATE.SPSel: true selects SP_ELx, false SP_EL0. */
    public boolean spSel = true;
    /** PSTATE.IL: set by an illegal exception return. */
    public boolean illegalState;
    /** Security state: true while executing in Secure state. */
    public boolean secure;

    /** SP_EL0..SP_EL3. */
    public final long[] spEl = new long[4];
    /** Index into {@link #spEl} of the current stack pointer. */
    public int spIndex = 1;

    // Banked exception registers, indexed by EL (index 0 unused).
    public final long[] elr = new long[4];
    public final long[] spsr = new long[4];
    public final long[] esr = new long[4];
    public final long[] far = new long[4];
    public final long[] vbar = new long[4];
    public final long[] sctlr = new long[4];
    /** TPIDR_EL0..TPIDR_EL3. */
    public final long[] tpidr = new long[4];
    public long tpidrroEl0;

    /** Registers without behaviour of their own, stored by {@link SysReg} ordinal. */
    public final long[] sysregStore = new long[SysReg.values().length];

    /** Index of this PE, reported in MPIDR_EL1.Aff0. */
    public final int index;
    public final Memory mem;
    public TrapSink traps = TrapSink.NONE;
    /** System registers implemented by devices (GIC CPU interface, generic timer), or null. */
    public SysRegHook sysRegHook;

    // Interrupt inputs from the interrupt controller, as lines (Arm ARM D1.3): level, not edge.
    public static final int LINE_IRQ = 1, LINE_FIQ = 2, LINE_SERROR = 4;
    /** The asserted {@code LINE_*} inputs. */
    public int interruptLines;

    // Local exclusive monitor (Arm ARM B2.9): physical address and size of the tagged access.
    public long exclusiveAddr = -1;
    public int exclusiveSize;

    // Run control.
    public long insnCount;
    /** Non-zero asks the run loop to return at the next instruction boundary. */
    public volatile int exitRequest;
    public StopReason stopReason = StopReason.NONE;
    public int exitCode;
    public String stopMessage;
    /** Last executed instruction addresses, a ring of {@link #RECENT} entries. */
    public static final int RECENT = 16;
    public final long[] recentPc = new long[RECENT];

    /** Exceptions taken so far. */
    public long exceptionCount;
    /** The last {@link #RECENT_EXC} exceptions: {ESR, ELR, FAR, fromEl << 4 | toEl} each, a ring. */
    public static final int RECENT_EXC = 8;
    public final long[] recentExc = new long[4 * RECENT_EXC];
    /** The same four values for the exception that began the current nesting (no ERET since). */
    public final long[] chainStart = new long[4];

    // Exception-loop detection.
    private long lastExcEsr = -1, lastExcElr = -1, lastExcAt;
    private int sameExcRepeats, entriesWithoutReturn;
    /** Consecutive identical exceptions, with little progress between them, that count as a loop. */
    public int exceptionLoopLimit = 1000;
    /** Observer of exception entries (tracing), or null. */
    public ExceptionListener exceptionListener;

    /** Notified after an exception has been taken. */
    public interface ExceptionListener {
        void taken(Cpu cpu, int fromEl, int toEl, int vectorOffset);
    }

    public Cpu(int index, PhysicalBus bus) {
        this.index = index;
        this.mem = new Memory(this, bus);
        sctlr[1] = SysReg.SCTLR_EL1_RESET;
    }

    // ---- general registers -------------------------------------------------------------------

    /** Writes Xr (r = 31 is XZR: discarded). */
    public void setX(int r, long v) { x[r] = v; x[31] = 0; }

    /** Writes Wr, zero-extending into Xr. */
    public void setW(int r, long v) { x[r] = v & 0xFFFF_FFFFL; x[31] = 0; }

    /** The current stack pointer. */
    public long sp() { return spEl[spIndex]; }

    public void setSp(long v) { spEl[spIndex] = v; }

    /** Xr, or SP when r is 31 (for the operand positions where register 31 means SP). */
    public long xOrSp(int r) { return r == 31 ? spEl[spIndex] : x[r]; }

    public void setXOrSp(int r, long v) {
        if (r == 31) spEl[spIndex] = v; else x[r] = v;
    }

    /** Recomputes the current-SP selection after a change of EL or SPSel. */
    public void updateSpIndex() { spIndex = spSel ? el : 0; }

    // ---- PSTATE as SPSR ------------------------------------------------------------------------

    /** PSTATE in SPSR_ELx format for AArch64 (Arm ARM C5.2.18). */
    public long pstate() {
        return (long) nzcv << 28 | (illegalState ? 1L << 20 : 0) | (long) daif << 6 | (long) el << 2 | (spSel ? 1 : 0);
    }

    // ---- exceptions ----------------------------------------------------------------------------

    /** Target EL of a synchronous exception from the current EL (EL1 unless already higher). */
    public int syncTargetEl() { return el == 0 ? 1 : el; }

    /**
     * Takes a synchronous exception to {@code target} and throws {@link ExceptionTaken}. The
     * preferred return address is the current instruction, except where the caller passes another.
     */
    public ExceptionTaken takeSync(int target, int ec, int iss, long preferredReturn) {
        enter(target, (long) ec << 26 | Esr.IL | (iss & 0x1FFFFFF), preferredReturn);
        return ExceptionTaken.INSTANCE;
    }

    /** The UNDEFINED exception for the current instruction. */
    public ExceptionTaken undefined() {
        return takeSync(syncTargetEl(), Esr.EC_UNKNOWN, 0, curPc);
    }

    /** A data or instruction abort with FAR = {@code va}. */
    public ExceptionTaken abort(boolean instruction, long va, int iss) {
        int target = syncTargetEl();
        int ec = instruction ? (target == el ? Esr.EC_IABT_SAME : Esr.EC_IABT_LOWER)
                             : (target == el ? Esr.EC_DABT_SAME : Esr.EC_DABT_LOWER);
        far[target] = va;
        return takeSync(target, ec, iss, curPc);
    }

    /** Synchronous exception entry (Arm ARM D1.10.2); IRQ/FIQ/SError arrive with the GIC. */
    private void enter(int target, long syndrome, long preferredReturn) {
        int from = el;
        spsr[target] = pstate();
        elr[target] = preferredReturn;
        esr[target] = syndrome;
        int offset = (from == target ? (spSel ? 0x200 : 0) : 0x400);
        el = target;
        spSel = true;
        daif = 0xF;
        illegalState = false;
        updateSpIndex();
        pc = vbar[target] + offset;
        int r = (int) (exceptionCount++ & (RECENT_EXC - 1)) * 4;
        recentExc[r] = syndrome;
        recentExc[r + 1] = preferredReturn;
        recentExc[r + 2] = far[target];
        recentExc[r + 3] = from << 4 | target;
        if (entriesWithoutReturn == 0) System.arraycopy(recentExc, r, chainStart, 0, 4);
        noteException(syndrome, preferredReturn);
        if (exceptionListener != null) exceptionListener.taken(this, from, target, offset);
    }

    /**
     * Loop detection: a guest that keeps faulting without ever returning from its handler, or that
     * re-executes the same faulting instruction with almost no progress in between, is stuck.
     * SVC/HVC/SMC/BRK are requests, not faults, and may legitimately repeat in a tight loop.
     */
    private void noteException(long syndrome, long ret) {
        int ec = Esr.ec(syndrome);
        boolean request = ec == Esr.EC_SVC64 || ec == Esr.EC_HVC64 || ec == Esr.EC_SMC64 || ec == Esr.EC_BRK64;
        if (!request && syndrome == lastExcEsr && ret == lastExcElr && insnCount - lastExcAt < 64) {
            sameExcRepeats++;
        } else {
            sameExcRepeats = 0;
        }
        if (sameExcRepeats >= exceptionLoopLimit || ++entriesWithoutReturn >= 100 * exceptionLoopLimit) {
            requestStop(StopReason.EXCEPTION_LOOP, 1, "the guest takes exceptions in a loop without making progress");
        }
        lastExcEsr = syndrome;
        lastExcElr = ret;
        lastExcAt = insnCount;
    }

    /** ERET (Arm ARM D1.11.2, AArch64.ExceptionReturn). */
    public void exceptionReturn() {
        int cur = el;
        long s = spsr[cur];
        long target = elr[cur];
        exclusiveAddr = -1;
        entriesWithoutReturn = 0;
        int newEl = (int) (s >>> 2) & 3;
        boolean legal = (s & 0x10) == 0          // M[4]: AArch32 is not implemented
                && newEl <= cur
                && (newEl != 2 && newEl != 3 || newEl == cur)  // no EL2/EL3 in guest code yet
                && (s & 2) == 0                   // M[1] reserved
                && !(newEl == 0 && (s & 1) != 0);
        nzcv = (int) (s >>> 28) & 0xF;
        daif = (int) (s >>> 6) & 0xF;
        if (legal) {
            el = newEl;
            spSel = (s & 1) != 0;
            illegalState = (s & (1L << 20)) != 0;
            updateSpIndex();
        } else {
            illegalState = true;
        }
        pc = target;
    }

    /** Drives an interrupt input; an assertion makes the run loop look at it at the next boundary. */
    public void setInterruptLine(int line, boolean asserted) {
        if (asserted) {
            interruptLines |= line;
            exitRequest = 1;
        } else {
            interruptLines &= ~line;
        }
    }

    // ---- run control ---------------------------------------------------------------------------

    /** Stops the run loop at the next instruction boundary. */
    public void requestStop(StopReason reason, int code, String message) {
        stopReason = reason;
        exitCode = code;
        stopMessage = message;
        exitRequest = 1;
    }

    /** Architectural reset to the state a boot loader leaves: EL1h, MMU off, interrupts masked. */
    public void resetTo(long entry, int entryEl) {
        java.util.Arrays.fill(x, 0);
        nzcv = 0;
        daif = 0xF;
        el = entryEl;
        spSel = true;
        illegalState = false;
        updateSpIndex();
        pc = curPc = entry;
    }
}
