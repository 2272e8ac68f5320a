package dev.jaffa.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Disassembler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exception-generating and system rows (system/SystemRows) after and inside translated loops,
 * in lockstep with the interpreter: encodings Armv8.0 does not have are UNDEFINED in both engines,
 * the hint space runs as NOP, MSR (immediate) changes PSTATE, and SVC/BRK/ERET end a region (the
 * interpreter runs them) with the interpreter's state.
 */
class SystemRowsJitTest {
    private static final int SUBS_X21 = 0xf10006b5, MOV_X21_50 = 0xd2800655, ADD_X0_1 = 0x91000400;
    private static final long ESR_UNDEFINED = 0x0200_0000L;

    private static int bne(int from, int to) { return 0x54000001 | ((to - from) & 0x7FFFF) << 5; }

    /** mov x21, #50 ; 1: add x0, x0, #1 ; subs x21, x21, #1 ; b.ne 1b ; <w> ; hlt #0x1234 */
    private static int[] afterLoop(int w) { return new int[] {MOV_X21_50, ADD_X0_1, SUBS_X21, bne(3, 1), w, SelfModifyingCodeTest.HLT_DONE}; }

    private JitEngine last;

    private Cpu run(int[] code) {
        SelfModifyingCodeTest.Box[] boxes = {new SelfModifyingCodeTest.Box(code), new SelfModifyingCodeTest.Box(code)};
        JitEngine jit = SelfModifyingCodeTest.runLockstep(boxes[0], boxes[1], SelfModifyingCodeTest.eager());
        assertTrue(jit.stats.blockRuns > 0, jit.stats.toString());
        last = jit;
        return boxes[0].cpu;
    }

    /**
     * Encodings of this instruction group that Armv8.0 (Cortex-A57, QEMU -cpu cortex-a57) does not
     * have: each matches no row (SYSL matches its row, whose semantics raise UNDEFINED).
     */
    static final int[] UNDEFINED = {
        0xD500401F, 0xD500403F, 0xD500405F,   // CFINV, XAFLAG, AXFLAG (v8.4, v8.5)
        0xD500407F, 0xD500409F, 0xD500419F,   // MSR UAO, #0; MSR PAN, #0; MSR PAN, #1 (v8.2, v8.1)
        0xD503403F, 0xD503405F, 0xD503409F,   // MSR SSBS, DIT, TCO (v8.5, v8.4, v8.5)
        0xD50140BF, 0xD50440DF, 0xD50740FF,   // MSR (immediate) with op1 = 1, 4, 7
        0xD50330FF, 0xD503301F, 0xD503303F, 0xD503307F, 0xD5033A3F,   // SB, barrier op2 = 0, 1, 3 (DSB nXS, v8.7)
        0xD69F0BFF, 0xD69F0FFF, 0xD6BF03E0,   // ERETAA, ERETAB, DRPS
        0xD4A00001, 0xD4A00002, 0xD4A00003,   // DCPS1, DCPS2, DCPS3 (no halting debug)
        0xD4000000, 0xD4200001, 0xD4600000, 0xD4800000, 0xD4E00000,   // exception generation opc/LL unallocated
        0xD5280000, 0xD52BF03F,               // SYSL: no Armv8.0 operation
        0xD4000004, 0xD500201F,               // SVC with LL bit 2; the hint space with op1 = 0
    };

    @Test
    void excludedEncodingsAreUndefinedInBothEngines() {
        for (int w : UNDEFINED) {
            String what = String.format("0x%08x (%s)", w, Disassembler.disassemble(w, 0));
            boolean sysl = (w & 0xFFF8_0000) == 0xD528_0000;
            if (!sysl) {
                assertNull(A64Table.decode(w), what + " must match no row");
                assertTrue(Disassembler.isUndefined(w), what);
            }
            Cpu c = run(afterLoop(w));
            assertEquals(0x4321, c.exitCode, what + " went to the vector");
            assertEquals(ESR_UNDEFINED, c.esr[1], what + ": UNDEFINED");
            assertEquals(SelfModifyingCodeTest.CODE + 16, c.elr[1], what);
        }
    }

    /** Every hint but WFE and WFI, every barrier and CLREX option, in a translated loop: NOPs (SEV/SEVL set the event register). */
    @Test
    void hintSpaceAndBarriersRunAsNopInTranslatedLoops() {
        List<Integer> code = new ArrayList<>();
        code.add(MOV_X21_50);
        int loop = code.size();
        code.add(ADD_X0_1);
        for (int op = 0; op < 128; op++) if (op != 2 && op != 3) code.add(0xD503201F | op << 5);
        for (int crm = 0; crm < 16; crm++) {
            for (int op2 : new int[] {2, 4, 5, 6}) code.add(0xD503301F | crm << 8 | op2 << 5);   // CLREX, DSB, DMB, ISB
        }
        code.add(SUBS_X21);
        code.add(bne(code.size(), loop));
        code.add(SelfModifyingCodeTest.HLT_DONE);
        Cpu c = run(code.stream().mapToInt(Integer::intValue).toArray());
        assertEquals(0x1234, c.exitCode);
        assertEquals(50, c.x[0]);
        assertTrue(c.eventRegister, "SEV/SEVL set the event register");
        assertTrue(c.sendEvent, "SEV signals the other PEs");
        assertEquals(-1, c.exclusiveAddr);
        assertTrue(last.stats.firstTierInsns + last.stats.hotTierInsns > 40L * code.size(), "ran translated: " + last.stats);
    }

    /** MSR DAIFSet, DAIFClr and SPSel (the PSTATE fields of Armv8.0) inside a translated loop. */
    @Test
    void msrImmediateChangesPstateInTranslatedLoops() {
        // 1: add x0, x0, #1 ; msr daifset, #0xf ; msr daifclr, #0x5 ; msr spsel, #0 ; mov x1, sp ; add sp, sp, #16 ;
        //    msr spsel, #1 ; add sp, sp, #32 ; subs x21 ; b.ne 1b ; msr spsel, #0 ; hlt
        int[] code = {MOV_X21_50, ADD_X0_1, 0xD5034FDF, 0xD50345FF, 0xD50040BF, 0x910003E1, 0x910043FF, 0xD50041BF,
                0x910083FF, SUBS_X21, bne(10, 1), 0xD50040BF, SelfModifyingCodeTest.HLT_DONE};
        Cpu c = run(code);
        assertEquals(0x1234, c.exitCode);
        assertEquals(0b1010, c.daif, "D and I set, A and F cleared");
        assertFalse(c.spSel);
        assertEquals(50 * 16L, c.spEl[0]);
        assertEquals(50 * 32L, c.spEl[1]);
        assertEquals(49 * 16L, c.x[1]);
        assertEquals(50, c.x[0]);
    }

    /** SVC and BRK after a translated loop take their exceptions; ERET returns to ELR_EL1. */
    @Test
    void exceptionsAndEretEndTranslatedRegions() {
        Cpu c = run(afterLoop(0xD40000A1));   // svc #5
        assertEquals(0x4321, c.exitCode);
        assertEquals(0x15L << 26 | 1L << 25 | 5, c.esr[1]);
        assertEquals(SelfModifyingCodeTest.CODE + 20, c.elr[1], "SVC returns after itself");
        c = run(afterLoop(0xD4200140));       // brk #10
        assertEquals(0x3CL << 26 | 1L << 25 | 10, c.esr[1]);
        assertEquals(SelfModifyingCodeTest.CODE + 16, c.elr[1]);
        // adr x2, done ; msr elr_el1, x2 ; mov x3, #0x3c5 (EL1h) ; msr spsr_el1, x3 ; loop ; eret ; hlt #0x4321 ; done: hlt
        int[] eret = {0x10000142, 0xD5184022, 0xD28078A3, 0xD5184003, MOV_X21_50, ADD_X0_1, SUBS_X21, bne(7, 5),
                0xD69F03E0, 0xD4486420, SelfModifyingCodeTest.HLT_DONE};
        c = run(eret);
        assertEquals(0x1234, c.exitCode, "ERET went to ELR_EL1");
        assertEquals(1, c.el);
    }
}
