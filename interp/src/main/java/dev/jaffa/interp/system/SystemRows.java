package dev.jaffa.interp.system;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.integer.IntOps;
import dev.jaffa.interp.isa.Disassembler;
import dev.jaffa.interp.isa.Row;

/**
 * Exception generation and system instructions (Arm ARM C4.1.3 "Branches, Exception Generating and
 * System instructions", without the branches): one row per instruction of Armv8.0.
 *
 * <p>Hints without an effect here (NOP, YIELD, the unallocated hints, which execute as NOP),
 * barriers (one PE at a time, sequentially consistent: they order nothing more) and CLREX are
 * integer rows, so the JIT writes them inline (nothing, or CLREX's store). The rest act on
 * {@link Cpu}; those that take an exception by design, return from one, wait, or change state a
 * translated region keeps to itself (SP selection, interrupt masks, the TLB, the FP enable, ...)
 * carry {@link Row#ENDS_BLOCK}: a translated region ends before them and the interpreter runs
 * them. MRS, MSR (register) and SYS name the words that need not end a region, which the JIT calls
 * inside it ({@link Row#continuesFor}).
 *
 * <p>Excluded (UNDEFINED, as on a Cortex-A57): MSR (immediate) to PSTATE fields of later
 * extensions (PAN, UAO, DIT, SSBS, TCO, CFINV/XAFLAG/AXFLAG), SB and the other op2 values of the
 * barrier space, ERETAA/ERETAB, DCPS1-3 (no halting debug), DRPS. HINT covers the hint space the
 * later extensions allocate (BTI, PACIASP, ESB, CSDB, ...): NOP on Armv8.0.
 *
 * <p>This class is also copied for the translator (integer rows, docs/isa.md): it refers only to
 * public members of other classes.
 */
public final class SystemRows {
    private SystemRows() {}

    public static Row[] rows() {
        int ends = Row.TRAPS | Row.ENDS_BLOCK;
        return new Row[] {
            // Exception generation
            Row.of("SVC", "11010100 000 imm16:16 000 01", "svc {#x:imm16}", SystemRows::svc)
                    .flags(ends).title("Supervisor Call"),
            Row.of("HVC", "11010100 000 imm16:16 000 10", "hvc {#x:imm16}", SystemRows::hvc)
                    .flags(ends).title("Hypervisor Call"),
            Row.of("SMC", "11010100 000 imm16:16 000 11", "smc {#x:imm16}", SystemRows::smc)
                    .flags(ends).title("Secure Monitor Call"),
            Row.of("BRK", "11010100 001 imm16:16 000 00", "brk {#x:imm16}", SystemRows::brk)
                    .flags(ends).title("Breakpoint instruction"),
            Row.of("HLT", "11010100 010 imm16:16 000 00", "hlt {#x:imm16}", SystemRows::hlt)
                    .flags(ends).title("Halt instruction"),
            // Hints (CRm:op2 selects the hint). HINT first: the decoder tests a bucket's rows in table
            // order, and kernels run the hints HINT covers (PACIASP, AUTIASP, BTI) more than any other.
            Row.integer("HINT", "11010101 00000011 0010 CRm:4 op2:3 11111", "hint", SystemRows::nop)
                    .excluding("CRm:op2=00000xx", "CRm:op2=000010x")
                    .formatter((r, i, pc) -> Disassembler.hint((i >>> 5) & 0x7F)).title("Hint instruction"),
            Row.integer("NOP", "11010101 00000011 0010 0000 000 11111", "nop", SystemRows::nop).title("No Operation"),
            Row.integer("YIELD", "11010101 00000011 0010 0000 001 11111", "yield", SystemRows::nop).title("YIELD"),
            Row.of("WFE", "11010101 00000011 0010 0000 010 11111", "wfe", SystemRows::wfe)
                    .flags(ends).title("Wait For Event"),
            Row.of("WFI", "11010101 00000011 0010 0000 011 11111", "wfi", SystemRows::wfi)
                    .flags(ends).title("Wait For Interrupt"),
            Row.of("SEV", "11010101 00000011 0010 0000 100 11111", "sev", SystemRows::sev).title("Send Event"),
            Row.of("SEVL", "11010101 00000011 0010 0000 101 11111", "sevl", SystemRows::sevl).title("Send Event Local"),
            // Barriers and CLREX (CRm: the option; reserved options behave as SY)
            Row.integer("CLREX", "11010101 00000011 0011 CRm:4 010 11111", "clrex", SystemRows::clrex)
                    .formatter((r, i, pc) -> crm(i) == 15 ? "clrex" : "clrex " + Disassembler.hex(crm(i)))
                    .title("Clear Exclusive"),
            Row.integer("DSB", "11010101 00000011 0011 CRm:4 100 11111", "dsb", SystemRows::nop)
                    .formatter((r, i, pc) -> Disassembler.dsb(crm(i))).title("Data Synchronization Barrier"),
            Row.integer("DMB", "11010101 00000011 0011 CRm:4 101 11111", "dmb", SystemRows::nop)
                    .formatter((r, i, pc) -> "dmb " + Disassembler.barrier(crm(i))).title("Data Memory Barrier"),
            Row.integer("ISB", "11010101 00000011 0011 CRm:4 110 11111", "isb", SystemRows::nop)
                    .formatter((r, i, pc) -> crm(i) == 15 ? "isb" : "isb " + Disassembler.hex(crm(i)))
                    .title("Instruction Synchronization Barrier"),
            // PSTATE: op1:op2 = SPSel (000 101), DAIFSet (011 110), DAIFClr (011 111) in Armv8.0
            Row.of("MSR (immediate)", "11010101 00000 op1:3 0100 CRm:4 op2:3 11111", "msr", SystemRows::msrImmediate)
                    .excluding("op1=001", "op1=010", "op1=1xx", "op1:op2=0000xx", "op1:op2=000100", "op1:op2=00011x",
                            "op1:op2=0110xx", "op1:op2=01110x")
                    .formatter(SystemRows::formatMsrImmediate).flags(ends)
                    .title("Move immediate value to Special Register"),
            // System instructions and system register moves
            Row.of("SYS", "11010101 00001 op1:3 CRn:4 CRm:4 op2:3 Rt:5", "sys", SystemInsns::sys)
                    .formatter((r, i, pc) -> Disassembler.sysOperation(i)).flags(Row.MEM | ends)
                    .continuesFor(SystemRows::cacheMaintenanceByVa).title("System instruction"),
            Row.of("SYSL", "11010101 00101 op1:3 CRn:4 CRm:4 op2:3 Rt:5", "sysl", SystemRows::sysl)
                    .formatter((r, i, pc) -> "sysl " + Disassembler.r(i & 31, true) + ", #" + ((i >>> 16) & 7)
                            + ", c" + ((i >>> 12) & 15) + ", c" + crm(i) + ", #" + ((i >>> 5) & 7))
                    .flags(ends).title("System instruction with result"),
            Row.of("MSR (register)", "11010101 0001 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5", "msr", SystemInsns::msr)
                    .formatter((r, i, pc) -> "msr " + Disassembler.sysRegName((i >>> 5) & 0xFFFF) + ", " + Disassembler.r(i & 31, true))
                    .flags(ends).continuesFor(SystemRows::msrInRegion)
                    .title("Move general-purpose register to System Register"),
            Row.of("MRS", "11010101 0011 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5", "mrs", SystemInsns::mrs)
                    .formatter((r, i, pc) -> "mrs " + Disassembler.r(i & 31, true) + ", " + Disassembler.sysRegName((i >>> 5) & 0xFFFF))
                    .flags(ends | Row.WRITES_GPR).continuesFor(SystemRows::mrsInRegion)
                    .title("Move System Register"),
            Row.of("ERET", "11010110 10011111 00000011 11100000", "eret", SystemRows::eret)
                    .flags(ends).title("Exception Return"),
        };
    }

    private static int crm(int i) { return (i >>> 8) & 15; }

    // ---- exception generation -------------------------------------------------------------------

    static void svc(Cpu c, int i) {
        // Not thrown: nothing of the instruction is left to abandon, and unwinding compiled frames
        // costs more than the rest of a system call or an FF-A call from a partition.
        c.takeSync(c.syncTargetEl(), Esr.EC_SVC64, (i >>> 5) & 0xFFFF, c.pc);
    }

    /**
     * HVC: UNDEFINED at EL0; with EL2 implemented it is taken to EL2 (SCR_EL3.HCE is set by our
     * monitor) with the return address after the HVC; without EL2 the platform may answer it
     * (PSCI through HVC on QEMU's virt without virtualization), else UNDEFINED.
     */
    static void hvc(Cpu c, int i) {
        int imm = (i >>> 5) & 0xFFFF;
        if (c.el == 0 || c.secure) throw c.undefined();
        if (c.haveEl2) throw c.takeSync(2, Esr.EC_HVC64, imm, c.pc);
        if (!c.traps.hvc(c, imm)) throw c.undefined();
    }

    /**
     * SMC: UNDEFINED at EL0; HCR_EL2.TSC traps it from EL1 to EL2 (return address: the SMC
     * itself); otherwise it enters the EL3 monitor, which is Java.
     */
    static void smc(Cpu c, int i) {
        int imm = (i >>> 5) & 0xFFFF;
        if (c.el == 0) throw c.undefined();
        if (c.el == 1 && c.haveEl2 && !c.secure && (c.hcr & Cpu.HCR_TSC) != 0) {
            throw c.takeSync(2, Esr.EC_SMC64, imm, c.curPc);
        }
        if (!c.traps.smc(c, imm)) throw c.undefined();
    }

    static void brk(Cpu c, int i) {
        throw c.takeSync(c.syncTargetEl(), Esr.EC_BRK64, (i >>> 5) & 0xFFFF, c.curPc);
    }

    /** HLT is UNDEFINED without halting debug; semihosting claims HLT #0xF000. */
    static void hlt(Cpu c, int i) {
        if (!c.traps.hlt(c, (i >>> 5) & 0xFFFF)) throw c.undefined();
    }

    static void eret(Cpu c, int i) {
        if (c.el == 0) throw c.undefined();
        c.exceptionReturn();
    }

    // ---- hints ------------------------------------------------------------------------------------

    /** NOP, YIELD, the unallocated hints, the barriers: nothing to do on one sequentially consistent PE. */
    static void nop(IntOps o, int i) {}

    static void clrex(IntOps o, int i) { o.clearExclusive(); }

    static void wfe(Cpu c, int i) {
        if (c.eventRegister) {
            c.eventRegister = false;          // completes at once: nothing to trap
        } else if (!c.interruptPending()) {
            checkWfxTrap(c, 1);
            c.sleeping = true;                // until an event, an interrupt, or the scheduler's next round
            c.waitingForEvent = true;
            c.exitRequest = 1;
        }
    }

    static void wfi(Cpu c, int i) {
        if (!c.interruptPending()) {
            checkWfxTrap(c, 0);
            c.sleeping = true;
            c.exitRequest = 1;
        }
    }

    /** SEV: the platform wakes every PE (when the CPU's run returns). */
    static void sev(Cpu c, int i) {
        c.eventRegister = true;
        c.sendEvent = true;
    }

    static void sevl(Cpu c, int i) { c.eventRegister = true; }

    /**
     * WFI/WFE traps (Arm ARM D1.6.3), taken only when the instruction would wait: SCTLR_EL1.nTWI/nTWE
     * = 0 traps EL0 to EL1, HCR_EL2.TWI/TWE traps EL0 and EL1 to EL2; EC 0x01 with CV = 1,
     * COND = 0b1110 and TI (1 for WFE).
     */
    private static void checkWfxTrap(Cpu c, int ti) {
        int iss = 1 << 24 | 0xE << 20 | ti;
        if (c.el == 0 && (c.sctlr[1] & (ti == 0 ? 1L << 16 : 1L << 18)) == 0 && !c.tgeActive()) {
            throw c.takeSync(1, Esr.EC_WFX, iss, c.curPc);
        }
        if (c.el <= 1 && c.haveEl2 && !c.secure && (c.hcr & (ti == 0 ? Cpu.HCR_TWI : Cpu.HCR_TWE)) != 0) {
            throw c.takeSync(2, Esr.EC_WFX, iss, c.curPc);
        }
    }

    // ---- PSTATE and system instructions ---------------------------------------------------------

    private static final long SCTLR_UMA = 1L << 9;

    /** MSR (immediate) to SPSel, DAIFSet or DAIFClr (the row excludes every other field). */
    static void msrImmediate(Cpu c, int i) {
        int crm = crm(i);
        switch ((i >>> 16) & 7) {
            case 0:                                   // SPSel
                if (c.el == 0) throw c.undefined();
                c.spSel = (crm & 1) != 0;
                c.updateSpIndex();
                break;
            default:                                  // op1 = 3: DAIFSet (op2 = 6), DAIFClr (op2 = 7)
                if (c.el == 0 && (c.sctlr[1] & SCTLR_UMA) == 0) throw SystemInsns.trapEl0(c, i);
                if ((i & 1 << 5) == 0) {
                    c.daif |= crm;
                } else {
                    c.daif &= ~crm;
                    c.exitRequest = 1;                // a pending interrupt may now be taken
                }
                break;
        }
    }

    /**
     * objdump prints SPSel with CRm<3:1> != 0 (whose value Armv8.0 takes from CRm<0> alone, as
     * QEMU does) as the register form of the encoding.
     */
    private static String formatMsrImmediate(Row r, int i, long pc) {
        int op1 = (i >>> 16) & 7, op2 = (i >>> 5) & 7, crm = crm(i);
        if (op1 == 0) return crm > 1 ? "msr s0_0_c4_c" + crm + "_5, xzr" : "msr spsel, " + Disassembler.hex(crm);
        return (op2 == 6 ? "msr daifset, " : "msr daifclr, ") + Disassembler.hex(crm);
    }

    /** No SYSL operation exists in Armv8.0. */
    static void sysl(Cpu c, int i) { throw c.undefined(); }

    /**
     * DC ZVA, DC CVAC, DC CVAU, DC CIVAC and IC IVAU (op1 = 3, CRn = 7, op2 = 1), the EL0-usable
     * cache operations: they need not end a translated region (an IC IVAU that drops translations
     * sets the exit request instead). Any other SYS does.
     */
    public static boolean cacheMaintenanceByVa(int i) { return (i & 0x0007_F0E0) == 0x0003_7020; }

    public static boolean mrsInRegion(int i) { return SystemInsns.accessibleInRegion(i, false); }

    public static boolean msrInRegion(int i) { return SystemInsns.accessibleInRegion(i, true); }
}
