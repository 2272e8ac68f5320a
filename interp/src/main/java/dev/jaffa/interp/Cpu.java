package dev.jaffa.interp;

import dev.jaffa.interp.memory.Memory;
import dev.jaffa.interp.memory.PhysicalBus;
import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.system.SysReg;

/**
 * One processing element: the architectural state of an Armv8-A PE in AArch64, as plain fields.
 *
 * <p>General registers live in {@link #x}; index 31 always holds zero so it reads as XZR, and
 * writers clear it again after storing (see {@link #setX}). The stack pointers are banked per EL in
 * {@link #spEl}; {@link #spIndex} selects the one PSTATE.SPSel and the EL make current.
 * Registers banked per exception level ({@code ELR_ELx}, {@code SPSR_ELx}, ...) are arrays indexed
 * by EL so exception entry works the same at every level once EL2 and EL3 exist.
 */
public final class Cpu implements dev.jaffa.interp.snapshot.Snapshottable {
    /** x0..x30; x[31] is kept zero. */
    public final long[] x = new long[32];
    /** The integer semantics' operations on this CPU (the interpreter's {@link dev.jaffa.interp.integer.IntOps}). */
    @NotState("wiring: operations on this CPU")
    public final dev.jaffa.interp.integer.InterpOps ops = new dev.jaffa.interp.integer.InterpOps(this);
    /**
     * The SIMD&FP registers V0..V31, 128 bits each: V[n] bits 63..0 in {@code v[2n]}, bits
     * 127..64 in {@code v[2n + 1]}.
     */
    public final long[] v = new long[64];
    /** FPCR: AHP, DN, FZ, RMode (and the AArch32-only Stride and Len, kept for context switches). */
    public int fpcr;
    /** FPSR: the cumulative exception flags IOC, DZC, OFC, UFC, IXC, IDC and QC (and AArch32's NZCV). */
    public int fpsr;
    /** The bits of FPCR and FPSR that exist in Armv8.0 without FP exception trapping (others RAZ/WI). */
    public static final int FPCR_MASK = 0x07F7_0000, FPSR_MASK = 0xF800_009F;
    /** Address of the instruction being executed. */
    public long curPc;
    /** Address of the next instruction (the executing instruction's address + 4 until a branch). */
    public long pc;
    /** The instruction word being executed (for syndromes that describe it). */
    public int curInsn;

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

    // Implemented exception levels. EL3 is always Java firmware (the monitor), never guest code;
    // haveEl3 only says whether the ID registers advertise it, as TF-A-based systems do.
    @NotState("configuration: the board and --entry-el")
    public boolean haveEl2, haveEl3;

    /** HCR_EL2 (Arm ARM D17.2.48); the bits with behaviour are named below. */
    public long hcr = HCR_RW;
    public static final long HCR_VM = 1, HCR_SWIO = 1 << 1, HCR_TID3 = 1L << 18, HCR_FMO = 1 << 3, HCR_IMO = 1 << 4, HCR_AMO = 1 << 5,
            HCR_VF = 1 << 6, HCR_VI = 1 << 7, HCR_VSE = 1 << 8, HCR_TWI = 1 << 13, HCR_TWE = 1 << 14,
            HCR_TSC = 1L << 19, HCR_TGE = 1L << 27, HCR_RW = 1L << 31;

    /** Core power and wait state, for the platform's scheduler. */
    public boolean poweredOn = true;
    /** Set by WFI/WFE with nothing pending: the CPU sleeps until an interrupt (or, for WFE, an event). */
    public boolean sleeping;
    /** WFE sleep (woken by events as well as interrupts). */
    public boolean waitingForEvent;
    /** Asks the run loop to return at the next boundary so the scheduler can look again (no stop). */
    public boolean yieldQuantum;
    /** The WFE event register (Arm ARM D1.6.1). */
    public boolean eventRegister;
    /** Set by SEV: the platform signals an event to every PE and clears it. */
    public boolean sendEvent;
    /** OSLSR_EL1.OSLK, set through OSLAR_EL1. */
    public boolean osLock = true;
    /** PMCCNTR_EL0 = pmccntrValue + (insnCount - pmccntrBase) while the cycle counter runs. */
    public long pmccntrValue, pmccntrBase;
    /**
     * The PEs of this PE's Inner Shareable domain, itself included: the targets of the broadcast
     * TLB maintenance (TLBI ...IS). Null: this PE alone.
     */
    @NotState("wiring: the board")
    public Cpu[] innerShareable;
    /** Told of instruction-cache invalidation (IC, TLBI): the JIT drops translations. */
    @NotState("wiring: the engine")
    public CodeInvalidationListener codeListener;

    /** Instruction-cache maintenance as the translated-code cache sees it. */
    public interface CodeInvalidationListener {
        /** {@code va} of an IC IVAU, or -1 for everything (IC IALLU[IS]). */
        void invalidate(Cpu cpu, long va);

        /**
         * A TLBI: VA-to-PA mappings may have changed. A cache that keys translations on the VA
         * alone must drop them all (the default); one keyed on VA and physical page need not.
         */
        default void translationsInvalidated(Cpu cpu) { invalidate(cpu, -1); }
    }

    /** Signals instruction-cache maintenance to the engine. */
    public void codeInvalidated(long va) {
        if (codeListener != null) codeListener.invalidate(this, va);
    }

    /** Signals a TLB invalidation to the engine. */
    public void translationsInvalidated() {
        if (codeListener != null) codeListener.translationsInvalidated(this);
    }

    /** MPIDR_EL1: U = 0 (multiprocessor), MT = 0, Aff0 = index, RES1 bit 31. */
    public long mpidr() { return 0x8000_0000L | index; }

    /** SP_EL0..SP_EL3. */
    public final long[] spEl = new long[4];
    /** Index into {@link #spEl} of the current stack pointer. */
    @NotState("derived from PSTATE.EL and SPSel")
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
    @NotState("configuration")
    public final int index;
    @NotState("wiring; its TLBs are caches, flushed on restore")
    public final Memory mem;
    @NotState("wiring")
    public TrapSink traps = TrapSink.NONE;
    /** System registers implemented by devices (GIC CPU interface, generic timer), or null. */
    @NotState("wiring")
    public SysRegHook sysRegHook;

    // Interrupt inputs from the interrupt controller, as lines (Arm ARM D1.3): level, not edge.
    public static final int LINE_IRQ = 1, LINE_FIQ = 2, LINE_SERROR = 4;
    /**
     * The virtual IRQ and FIQ the GIC's virtual CPU interface signals (IHI 0069 4.8, from the list
     * registers): like HCR_EL2.VI/VF they reach EL1/EL0 only, when HCR_EL2.IMO/FMO are set.
     */
    public static final int LINE_VIRQ = 8, LINE_VFIQ = 16;
    private static final int PHYSICAL_LINES = LINE_IRQ | LINE_FIQ | LINE_SERROR;
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
    /**
     * Last executed instruction addresses, a ring of {@link #RECENT} entries indexed by insnCount.
     * The interpreter writes it; the JIT only records its region exits ({@link #deferredRecentPcs})
     * and fills them in when someone reads: readers call {@link #recentPcs()}.
     */
    public static final int RECENT = 16;
    public final long[] recentPc = new long[RECENT];
    /** The interpreter's memo of decoded words by PC ({@link dev.jaffa.interp.isa.A64Table#execute(Cpu, int, long)}). */
    @NotState("a cache of a function of the instruction word")
    public final long[] decodeMemo = dev.jaffa.interp.isa.A64Table.newDecodeMemo();
    /** Instructions an engine ran but has not yet written into {@link #recentPc}, or null. */
    @NotState("the engine's; written into recentPc before a save")
    public DeferredRecentPcs deferredRecentPcs;

    /** An engine's record of recent instructions it writes into the ring only on demand. */
    public interface DeferredRecentPcs {
        /** Writes the recorded instructions among the last {@link #RECENT} into {@code c.recentPc} and forgets them. */
        void writeInto(Cpu c);
    }

    /** The ring of the last {@link #RECENT} instruction addresses (slot = insnCount % RECENT), complete. */
    public long[] recentPcs() {
        if (deferredRecentPcs != null) deferredRecentPcs.writeInto(this);
        return recentPc;
    }

    /** Exceptions taken so far. */
    public long exceptionCount;
    /**
     * The last {@link #RECENT_EXC} exceptions: {ESR, ELR, FAR, kind << 8 | fromEl << 4 | toEl} each,
     * a ring; kind is 0 for synchronous exceptions, else the vector offset / 0x80 (1 IRQ, 2 FIQ, 3 SError).
     */
    public static final int RECENT_EXC = 8;
    public final long[] recentExc = new long[4 * RECENT_EXC];
    /** The same four values for the exception that began the current nesting (no ERET since). */
    public final long[] chainStart = new long[4];

    // Exception-loop detection.
    private long lastExcEsr = -1, lastExcElr = -1, lastExcAt;
    private int sameExcRepeats, entriesWithoutReturn;
    /** Consecutive identical exceptions, with little progress between them, that count as a loop. */
    @NotState("configuration")
    public int exceptionLoopLimit = 1000;
    /** Observer of exception entries (tracing), or null. */
    @NotState("wiring: tracing")
    public ExceptionListener exceptionListener;

    /** Notified after an exception has been taken. */
    public interface ExceptionListener {
        void taken(Cpu cpu, int fromEl, int toEl, int vectorOffset);
    }

    public Cpu(int index, PhysicalBus bus) {
        this.index = index;
        this.mem = new Memory(this, bus);
        sctlr[1] = SysReg.SCTLR_EL1_RESET;
        sctlr[2] = SysReg.SCTLR_EL2_RES1 | 8;
        sysregStore[SysReg.VPIDR_EL2.ordinal()] = SysReg.MIDR;
        sysregStore[SysReg.VMPIDR_EL2.ordinal()] = mpidr();
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

    /** Sets PSTATE from SPSR_ELx format (NZCV, IL, DAIF, EL and SPSel; no legality checks). */
    public void setPstate(long s) {
        nzcv = (int) (s >>> 28) & 0xF;
        daif = (int) (s >>> 6) & 0xF;
        el = (int) (s >>> 2) & 3;
        spSel = (s & 1) != 0;
        illegalState = (s & 1L << 20) != 0;
        updateSpIndex();
    }

    // ---- exceptions ----------------------------------------------------------------------------

    /**
     * Target EL of a synchronous exception from the current EL: EL1 from EL0, unless HCR_EL2.TGE
     * routes EL0's exceptions to EL2 (Arm ARM D1.10.4); otherwise the current EL.
     */
    public int syncTargetEl() { return el == 0 ? (tgeActive() ? 2 : 1) : el; }

    /** HCR_EL2.TGE in effect: Non-secure, EL2 implemented. */
    public boolean tgeActive() { return haveEl2 && !secure && (hcr & HCR_TGE) != 0; }

    /**
     * Takes a synchronous exception to {@code target} and throws {@link ExceptionTaken}. The
     * preferred return address is the current instruction, except where the caller passes another.
     */
    public ExceptionTaken takeSync(int target, int ec, int iss, long preferredReturn) {
        long syndrome = (long) ec << 26 | Esr.IL | (iss & 0x1FFFFFF);
        if (secure && target == 1 && secureEl1 != null) {
            // S-EL1 is the SPMC in Java: the exception is a call into it, not a vector.
            int from = el;
            int r = record(syndrome, preferredReturn, far[1], from << 4 | 1);
            if (entriesWithoutReturn == 0) System.arraycopy(recentExc, r, chainStart, 0, 4);
            secureEl1.exception(this, 0, syndrome, preferredReturn, far[1]);
            return ExceptionTaken.INSTANCE;
        }
        enter(target, syndrome, preferredReturn);
        return ExceptionTaken.INSTANCE;
    }

    /**
     * Secure EL1 when it is Java (the SPMC): receives every exception a Secure EL0 partition takes
     * to EL1 — SVC calls, faults, and interrupts — instead of a vector. It leaves the CPU in the
     * state execution continues from (the same partition, another one, or the normal world).
     */
    public interface SecureEl1 {
        /**
         * {@code kind} is 0 for a synchronous exception (then {@code syndrome} is the ESR value),
         * else {@link #VECTOR_IRQ}, {@link #VECTOR_FIQ} or {@link #VECTOR_SERROR}.
         */
        void exception(Cpu cpu, int kind, long syndrome, long preferredReturn, long faultAddress);
    }

    /** The SPMC, when partitions run at Secure EL0, or null. */
    @NotState("wiring: the SPMC")
    public SecureEl1 secureEl1;

    /** ESR ISS of a trapped SIMD&FP access from AArch64: CV = 1, COND = 0b1110 (Arm ARM D17.2.37). */
    public static final int FP_TRAP_ISS = 1 << 24 | 0xE << 20;

    /**
     * AArch64.CheckFPAdvSIMDEnabled: CPACR_EL1.FPEN at EL0/EL1 (to EL1; as an Uncategorized
     * exception to EL2 when HCR_EL2.TGE routes it there), then CPTR_EL2.TFP at EL0..EL2 in the
     * Non-secure state with EL2 (to EL2). EL3's CPTR is the Java monitor's and never traps.
     */
    public void checkFpEnabled() {
        if (el <= 1) {
            int fpen = (int) (sysregStore[SysReg.CPACR_EL1.ordinal()] >>> 20) & 3;
            if (fpen != 3 && !(fpen == 1 && el == 1)) {
                if (el == 0 && tgeActive()) throw takeSync(2, Esr.EC_UNKNOWN, 0, curPc);
                throw takeSync(1, Esr.EC_FP_ACCESS, FP_TRAP_ISS, curPc);
            }
        }
        if (haveEl2 && !secure && el <= 2 && (sysregStore[SysReg.CPTR_EL2.ordinal()] & CPTR_TFP) != 0) {
            throw takeSync(2, Esr.EC_FP_ACCESS, FP_TRAP_ISS, curPc);
        }
        fpAccess();
    }

    /** CPTR_EL2.TFP (bit 10). */
    public static final long CPTR_TFP = 1L << 10;

    /**
     * True when {@link #checkFpEnabled} would not trap (for the JIT's guard, evaluated once per
     * invocation of a region with SIMD&FP rows); then counts as an access, as that check does.
     */
    public boolean fpEnabled() {
        if (el <= 1) {
            int fpen = (int) (sysregStore[SysReg.CPACR_EL1.ordinal()] >>> 20) & 3;
            if (fpen != 3 && !(fpen == 1 && el == 1)) return false;
        }
        if (haveEl2 && !secure && el <= 2 && (sysregStore[SysReg.CPTR_EL2.ordinal()] & CPTR_TFP) != 0) return false;
        fpAccess();
        return true;
    }

    // ---- lazy SIMD&FP switching ------------------------------------------------------------------
    // A world switch (ArchState.saveWorld/restoreWorld) copies the SIMD&FP registers (66 of its
    // 124 values) only when needed: most FF-A calls switch to a partition and back without either
    // side touching them. Every read or write of v, FPCR or FPSR by an instruction passes
    // checkFpEnabled (or the JIT's fpEnabled guard), which calls fpAccess; everything else that
    // reads or writes them from outside (snapshots, gdb, diagnostics, lockstep) calls settleFp or
    // fpWritten first, so the registers always look exactly as eager copies would leave them.

    /** A world context array whose SIMD&FP values are the architectural ones; v/FPCR/FPSR are stale. */
    @NotState("a cache of the world switch: settled before the registers are saved")
    public long[] fpPending;
    /** The world context array whose SIMD&FP values equal v/FPCR/FPSR while {@link #fpClean}. */
    @NotState("a cache of the world switch")
    public long[] fpLoadedFrom;
    /** The generation of {@link #fpLoadedFrom}'s SIMD&FP values when they were last equal to the registers. */
    @NotState("a cache of the world switch")
    public long fpLoadedGeneration;
    /** No instruction has touched v/FPCR/FPSR since they were last equal to {@link #fpLoadedFrom}'s values. */
    @NotState("a cache of the world switch")
    public boolean fpClean;

    /** An instruction is about to read or write v, FPCR or FPSR. */
    public void fpAccess() {
        if (fpPending != null) ArchState.loadPendingFp(this);
        fpClean = false;
    }

    /** Makes v/FPCR/FPSR the architectural values, for a reader outside instruction execution. */
    public void settleFp() {
        if (fpPending != null) ArchState.loadPendingFp(this);
    }

    /** Before a write to v/FPCR/FPSR from outside instruction execution (snapshots, gdb). */
    public void fpWritten() {
        settleFp();
        fpClean = false;
    }

    /** Forgets the world switch's cache (after the registers were restored from a snapshot). */
    public void resetFpCache() {
        fpPending = null;
        fpLoadedFrom = null;
        fpClean = false;
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

    /** Synchronous exception entry (Arm ARM D1.10.2). */
    private void enter(int target, long syndrome, long preferredReturn) {
        int from = el;
        esr[target] = syndrome;
        int offset = enterVector(target, preferredReturn, 0);
        int r = record(syndrome, preferredReturn, far[target], from << 4 | target);
        if (entriesWithoutReturn == 0) System.arraycopy(recentExc, r, chainStart, 0, 4);
        noteException(syndrome, preferredReturn);
        if (exceptionListener != null) exceptionListener.taken(this, from, target, offset);
    }

    /**
     * Common exception entry: saves PSTATE and the return address, switches EL and stack, masks
     * everything, and jumps to the vector ({@code kind}: 0 sync, 0x80 IRQ, 0x100 FIQ, 0x180 SError).
     */
    private int enterVector(int target, long preferredReturn, int kind) {
        int from = el;
        spsr[target] = pstate();
        elr[target] = preferredReturn;
        int offset = (from == target ? (spSel ? 0x200 : 0) : 0x400) + kind;
        el = target;
        spSel = true;
        daif = 0xF;
        illegalState = false;
        updateSpIndex();
        mem.contextChanged();
        pc = vbar[target] + offset;
        return offset;
    }

    // ---- interrupts ----------------------------------------------------------------------------

    /** Asynchronous exception kinds as the vector table orders them. */
    public static final int VECTOR_IRQ = 0x80, VECTOR_FIQ = 0x100, VECTOR_SERROR = 0x180;

    /**
     * Takes the highest-priority pending, unmasked interrupt, if any (called between instructions).
     * Physical interrupts go to EL2 when HCR_EL2.IMO/FMO/AMO (or TGE) route them there, else EL1;
     * one routed to EL2 from EL0/EL1 is not masked by PSTATE, one targeting a lower EL is not
     * taken (Arm ARM D1.3.6, tables D1-13..15). Virtual interrupts
     * (HCR_EL2.VI/VF/VSE) reach EL1 and EL0 only. Returns true if one was taken.
     */
    public boolean takePendingInterrupt() {
        int lines = interruptLines;
        if ((lines & LINE_FIQ) != 0 && takeIfRouted(HCR_FMO, 1, VECTOR_FIQ)) return true;
        if ((lines & LINE_IRQ) != 0 && takeIfRouted(HCR_IMO, 2, VECTOR_IRQ)) return true;
        if (haveEl2 && !secure && el <= 1 && (hcr & HCR_TGE) == 0) {
            if ((hcr & HCR_IMO) != 0 && ((hcr & HCR_VI) != 0 || (lines & LINE_VIRQ) != 0) && (daif & 2) == 0) return takeAsync(1, VECTOR_IRQ);
            if ((hcr & HCR_FMO) != 0 && ((hcr & HCR_VF) != 0 || (lines & LINE_VFIQ) != 0) && (daif & 1) == 0) return takeAsync(1, VECTOR_FIQ);
            if ((hcr & (HCR_VSE | HCR_AMO)) == (HCR_VSE | HCR_AMO) && (daif & 4) == 0) {
                hcr &= ~HCR_VSE;   // a virtual SError is consumed when taken
                esr[1] = (long) Esr.EC_SERROR << 26 | Esr.IL;
                return takeAsync(1, VECTOR_SERROR);
            }
        }
        if ((lines & LINE_SERROR) != 0 && takeIfRouted(HCR_AMO, 4, VECTOR_SERROR)) {
            return true;
        }
        return false;
    }

    /**
     * A WFE wake-up event (SEV from any PE, the generic timer's event stream): sets the event
     * register and ends a WFE wait. The register stays set after the wait (whether restarting
     * clears it is IMPLEMENTATION DEFINED), so the next WFE completes at once. WFI is not woken.
     */
    public void signalEvent() {
        eventRegister = true;
        if (sleeping && waitingForEvent) wake();
    }

    /** Ends a WFI or WFE wait: the CPU runs again from its next instruction. */
    public void wake() {
        sleeping = false;
        waitingForEvent = false;
        exitRequest = 1;
    }

    /** True when a WFI would complete: any interrupt is pending, masked or not (Arm ARM D1.6.2). */
    public boolean interruptPending() {
        int lines = interruptLines;
        if ((lines & PHYSICAL_LINES) != 0) return true;
        return haveEl2 && !secure && el <= 1 && (hcr & HCR_TGE) == 0
                && ((hcr & HCR_IMO) != 0 && ((hcr & HCR_VI) != 0 || (lines & LINE_VIRQ) != 0)
                    || (hcr & HCR_FMO) != 0 && ((hcr & HCR_VF) != 0 || (lines & LINE_VFIQ) != 0)
                    || (hcr & (HCR_VSE | HCR_AMO)) == (HCR_VSE | HCR_AMO));
    }

    private boolean takeIfRouted(long hcrRoute, int daifBit, int kind) {
        int target = haveEl2 && !secure && (hcr & (hcrRoute | HCR_TGE)) != 0 ? 2 : 1;
        if (target < el) return false;
        // PSTATE masks an interrupt taken to the current EL, and one taken from EL0 to EL1; only
        // routing to EL2 (HCR_EL2.IMO/FMO/AMO or TGE) overrides the mask of a lower EL.
        if ((target == el || target == 1) && (daif & daifBit) != 0) return false;
        if (secure && target == 1 && secureEl1 != null) {
            record(0, pc, 0, (kind >>> 7) << 8 | el << 4 | 1);
            secureEl1.exception(this, kind, 0, pc, 0);
            return true;
        }
        if (kind == VECTOR_SERROR) esr[target] = (long) Esr.EC_SERROR << 26 | Esr.IL;
        return takeAsync(target, kind);
    }

    private boolean takeAsync(int target, int kind) {
        int fromEl = el;
        long ret = pc;
        int offset = enterVector(target, ret, kind);
        record(kind == VECTOR_SERROR ? esr[target] : 0, ret, 0, (kind >>> 7) << 8 | fromEl << 4 | target);
        if (exceptionListener != null) exceptionListener.taken(this, fromEl, target, offset);
        return true;
    }

    private int record(long syndrome, long ret, long faultAddress, long levels) {
        int r = (int) (exceptionCount++ & (RECENT_EXC - 1)) * 4;
        recentExc[r] = syndrome;
        recentExc[r + 1] = ret;
        recentExc[r + 2] = faultAddress;
        recentExc[r + 3] = levels;
        return r;
    }

    /** Exception entries since the last exception return (a nest of faults when large). */
    public int nestedEntries() { return entriesWithoutReturn; }

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
                && newEl != 3                     // EL3 is Java, never guest code
                && (newEl != 2 || haveEl2 && !secure)
                && !(newEl == 1 && cur == 2 && tgeActive())   // HCR_EL2.TGE: no return to EL1
                && (s & 2) == 0                   // M[1] reserved
                && !(newEl == 0 && (s & 1) != 0);
        nzcv = (int) (s >>> 28) & 0xF;
        daif = (int) (s >>> 6) & 0xF;
        if (legal) {
            el = newEl;
            spSel = (s & 1) != 0;
            illegalState = (s & (1L << 20)) != 0;
            updateSpIndex();
            mem.contextChanged();
        } else {
            illegalState = true;
        }
        pc = target;
        if (interruptLines != 0 || (hcr & (HCR_VI | HCR_VF | HCR_VSE)) != 0) exitRequest = 1;
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
        sleeping = false;
        // Both are UNKNOWN after a reset: clear them, so the first WFE of a CPU
        // brought up by CPU_ON waits and a stale reservation cannot make its first STXR pass.
        eventRegister = false;
        exclusiveAddr = -1;
        updateSpIndex();
        mem.contextChanged();
        pc = curPc = entry;
    }

    // ---- snapshots -----------------------------------------------------------------------------

    /**
     * Saves the architectural state as {@link ArchState} declares it (each item named, so a file
     * from a build with another declaration is refused), then the run control that makes a
     * restored PE indistinguishable: counts, wait and power state, interrupt inputs, the exclusive
     * monitor, the exception-loop detector and the diagnostic rings.
     */
    @Override
    public void save(SnapshotOutput o) {
        ArchState.Item[] items = ArchState.items();
        o.writeInt(items.length);
        long[] buf = new long[64];
        for (ArchState.Item i : items) {
            o.writeString(i.name);
            o.writeInt(i.size);
            i.save(this, buf, 0);
            for (int k = 0; k < i.size; k++) o.writeLong(buf[k]);
        }
        o.writeLong(curPc);
        o.writeInt(curInsn);
        o.writeBoolean(poweredOn);
        o.writeBoolean(sleeping);
        o.writeBoolean(waitingForEvent);
        o.writeBoolean(yieldQuantum);
        o.writeBoolean(eventRegister);
        o.writeBoolean(sendEvent);
        o.writeBoolean(osLock);
        o.writeLong(pmccntrValue);
        o.writeLong(pmccntrBase);
        o.writeInt(interruptLines);
        o.writeLong(exclusiveAddr);
        o.writeInt(exclusiveSize);
        o.writeLong(insnCount);
        o.writeInt(exitRequest);
        o.writeInt(stopReason.ordinal());
        o.writeInt(exitCode);
        o.writeString(stopMessage);
        o.writeLongs(recentPcs());
        o.writeLong(exceptionCount);
        o.writeLongs(recentExc);
        o.writeLongs(chainStart);
        o.writeLong(lastExcEsr);
        o.writeLong(lastExcElr);
        o.writeLong(lastExcAt);
        o.writeInt(sameExcRepeats);
        o.writeInt(entriesWithoutReturn);
        // Index 0 of the EL-banked arrays is no register, but keep them whole.
        o.writeLong(elr[0]); o.writeLong(spsr[0]); o.writeLong(esr[0]); o.writeLong(far[0]); o.writeLong(vbar[0]); o.writeLong(sctlr[0]);
    }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        ArchState.Item[] items = ArchState.items();
        if (in.readInt() != items.length) throw new SnapshotFormatException("the CPU state list differs from this version's");
        long[] buf = new long[64];
        for (ArchState.Item i : items) {
            String name = in.readString();
            int size = in.readInt();
            if (!i.name.equals(name) || size != i.size) {
                throw new SnapshotFormatException("CPU state item '" + name + "' where this version declares '" + i.name + "'");
            }
            for (int k = 0; k < size; k++) buf[k] = in.readLong();
            i.restore(this, buf, 0);
        }
        resetFpCache();
        curPc = in.readLong();
        curInsn = in.readInt();
        poweredOn = in.readBoolean();
        sleeping = in.readBoolean();
        waitingForEvent = in.readBoolean();
        yieldQuantum = in.readBoolean();
        eventRegister = in.readBoolean();
        sendEvent = in.readBoolean();
        osLock = in.readBoolean();
        pmccntrValue = in.readLong();
        pmccntrBase = in.readLong();
        interruptLines = in.readInt();
        exclusiveAddr = in.readLong();
        exclusiveSize = in.readInt();
        insnCount = in.readLong();
        exitRequest = in.readInt();
        stopReason = StopReason.values()[in.readInt(0, StopReason.values().length - 1)];
        exitCode = in.readInt();
        stopMessage = in.readString();
        in.readLongs(recentPc);
        exceptionCount = in.readLong();
        in.readLongs(recentExc);
        in.readLongs(chainStart);
        lastExcEsr = in.readLong();
        lastExcElr = in.readLong();
        lastExcAt = in.readLong();
        sameExcRepeats = in.readInt();
        entriesWithoutReturn = in.readInt();
        elr[0] = in.readLong(); spsr[0] = in.readLong(); esr[0] = in.readLong(); far[0] = in.readLong(); vbar[0] = in.readLong(); sctlr[0] = in.readLong();
        in.end();
        updateSpIndex();
        mem.flushTlb();
        mem.contextChanged();
    }
}
