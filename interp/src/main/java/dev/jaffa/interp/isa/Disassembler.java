package dev.jaffa.interp.isa;

import dev.jaffa.interp.integer.Alu;
import dev.jaffa.interp.system.SysReg;
import java.util.Locale;

/**
 * A64 disassembler for {@code --trace insn} and diagnostics. Output follows GNU objdump's syntax
 * (lower case, preferred aliases, hex immediates where objdump prints hex, branch targets as
 * absolute addresses), with a single space between mnemonic and operands and without objdump's
 * trailing comments.
 *
 * <p>Each instruction prints through its row ({@link Row}'s template or formatter); a word that
 * matches no row (UNDEFINED whatever the CPU state) prints as {@code .inst 0x%08x ; undefined}.
 * The disassembler never throws: should a formatter fail, the row's name and the word are printed.
 */
public final class Disassembler {
    private Disassembler() {}

    static final String[] COND = {
        "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv",
    };

    /** Disassembles {@code insn} located at {@code pc}: its row's template or formatter. */
    public static String disassemble(int insn, long pc) {
        Row row = A64Table.decode(insn);
        if (row == null) return undefined(insn);
        try {
            return Template.format(row, insn, pc);
        } catch (RuntimeException e) {
            return row.name + String.format(Locale.ROOT, " ; 0x%08x", insn);
        }
    }

    /** True when {@link #disassemble} prints the instruction as undefined. */
    public static boolean isUndefined(int insn) {
        return disassemble(insn, 0).startsWith(".inst");
    }

    private static String undefined(int insn) {
        return String.format(Locale.ROOT, ".inst 0x%08x ; undefined", insn);
    }

    // ---------------------------------------------------------------- operand helpers

    private static int bits(int insn, int lsb, int width) { return (insn >>> lsb) & ((1 << width) - 1); }

    /** General register or the zero register. */
    public static String r(int n, boolean x) {
        if (n == 31) return x ? "xzr" : "wzr";
        return (x ? "x" : "w") + n;
    }

    /** General register or the stack pointer. */
    public static String rsp(int n, boolean x) {
        if (n == 31) return x ? "sp" : "wsp";
        return (x ? "x" : "w") + n;
    }

    public static String hex(long v) { return "#0x" + Long.toHexString(v); }

    public static String addr(long a) { return "0x" + Long.toHexString(a); }

    public static String op(String mnemonic, String... operands) {
        if (operands.length == 0) return mnemonic;
        StringBuilder sb = new StringBuilder(mnemonic).append(' ');
        for (int i = 0; i < operands.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(operands[i]);
        }
        return sb.toString();
    }

    private static String[] concat(String first, String... rest) {
        return concat(new String[] {first}, rest);
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    // ---------------------------------------------------------------- system

    private static final String[] HINTS = new String[128];
    static {
        String[] low = {"nop", "yield", "wfe", "wfi", "sev", "sevl", null, "xpaclri",
            "pacia1716", null, "pacib1716", null, "autia1716", null, "autib1716", null,
            "esb", "psb csync", "tsb csync", null, "csdb", null, "clearbhb", null,
            "paciaz", "paciasp", "pacibz", "pacibsp", "autiaz", "autiasp", "autibz", "autibsp",
            "bti", null, "bti c", null, "bti j", null, "bti jc"};
        System.arraycopy(low, 0, HINTS, 0, low.length);
    }

    /** The hint CRm:op2 = {@code op}, as objdump names it. */
    public static String hint(int op) {
        return HINTS[op] != null ? HINTS[op] : op("hint", hex(op));
    }

    private static final String[] BARRIER = {
        null, "oshld", "oshst", "osh", null, "nshld", "nshst", "nsh",
        null, "ishld", "ishst", "ish", null, "ld", "st", "sy",
    };

    /** A barrier option. */
    public static String barrier(int crm) {
        return BARRIER[crm] != null ? BARRIER[crm] : String.format(Locale.ROOT, "#0x%02x", crm);
    }

    /** DSB with option {@code crm} (SSBB and PSSBB: the aliases objdump prints). */
    public static String dsb(int crm) {
        if (crm == 0) return "ssbb";
        if (crm == 4) return "pssbb";
        return op("dsb", barrier(crm));
    }

    /** A SYS operation alias: its name and whether it takes a register. */
    private static final class SysOp {
        final String name;
        final boolean hasReg;
        SysOp(String name, boolean hasReg) { this.name = name; this.hasReg = hasReg; }
    }

    private static final java.util.Map<Integer, SysOp> SYS_OPS = new java.util.HashMap<>();

    private static void sysOp(String name, boolean hasReg, int op1, int crn, int crm, int op2) {
        SYS_OPS.put(op1 << 11 | crn << 7 | crm << 3 | op2, new SysOp(name, hasReg));
    }

    static {
        // Instruction and data cache maintenance (CRn = 7)
        sysOp("ic ialluis", false, 0, 7, 1, 0);
        sysOp("ic iallu", false, 0, 7, 5, 0);
        sysOp("ic ivau", true, 3, 7, 5, 1);
        sysOp("dc ivac", true, 0, 7, 6, 1);
        sysOp("dc isw", true, 0, 7, 6, 2);
        sysOp("dc csw", true, 0, 7, 10, 2);
        sysOp("dc cisw", true, 0, 7, 14, 2);
        sysOp("dc zva", true, 3, 7, 4, 1);
        sysOp("dc cvac", true, 3, 7, 10, 1);
        sysOp("dc cvau", true, 3, 7, 11, 1);
        sysOp("dc cvap", true, 3, 7, 12, 1);
        sysOp("dc civac", true, 3, 7, 14, 1);
        // Address translation (CRn = 7, CRm = 8 and 9)
        String[] at0 = {"s1e1r", "s1e1w", "s1e0r", "s1e0w"};
        for (int op2 = 0; op2 < 4; op2++) sysOp("at " + at0[op2], true, 0, 7, 8, op2);
        sysOp("at s1e1rp", true, 0, 7, 9, 0);
        sysOp("at s1e1wp", true, 0, 7, 9, 1);
        sysOp("at s1e2r", true, 4, 7, 8, 0);
        sysOp("at s1e2w", true, 4, 7, 8, 1);
        sysOp("at s12e1r", true, 4, 7, 8, 4);
        sysOp("at s12e1w", true, 4, 7, 8, 5);
        sysOp("at s12e0r", true, 4, 7, 8, 6);
        sysOp("at s12e0w", true, 4, 7, 8, 7);
        sysOp("at s1e3r", true, 6, 7, 8, 0);
        sysOp("at s1e3w", true, 6, 7, 8, 1);
        // TLB maintenance (CRn = 8): CRm 3 is the Inner Shareable variant of CRm 7
        for (int is = 0; is < 2; is++) {
            String sfx = is == 1 ? "is" : "";
            int crm = is == 1 ? 3 : 7;
            sysOp("tlbi vmalle1" + sfx, false, 0, 8, crm, 0);
            sysOp("tlbi vae1" + sfx, true, 0, 8, crm, 1);
            sysOp("tlbi aside1" + sfx, true, 0, 8, crm, 2);
            sysOp("tlbi vaae1" + sfx, true, 0, 8, crm, 3);
            sysOp("tlbi vale1" + sfx, true, 0, 8, crm, 5);
            sysOp("tlbi vaale1" + sfx, true, 0, 8, crm, 7);
            sysOp("tlbi alle2" + sfx, false, 4, 8, crm, 0);
            sysOp("tlbi vae2" + sfx, true, 4, 8, crm, 1);
            sysOp("tlbi alle1" + sfx, false, 4, 8, crm, 4);
            sysOp("tlbi vale2" + sfx, true, 4, 8, crm, 5);
            sysOp("tlbi vmalls12e1" + sfx, false, 4, 8, crm, 6);
            sysOp("tlbi alle3" + sfx, false, 6, 8, crm, 0);
            sysOp("tlbi vae3" + sfx, true, 6, 8, crm, 1);
            sysOp("tlbi vale3" + sfx, true, 6, 8, crm, 5);
            sysOp("tlbi ipas2e1" + sfx, true, 4, 8, is == 1 ? 0 : 4, 1);
            sysOp("tlbi ipas2le1" + sfx, true, 4, 8, is == 1 ? 0 : 4, 5);
        }
        // Later extensions objdump also names: Outer Shareable (CRm 1) and range (CRm 2, 5, 6) TLBI,
        // DC CVADP, and the prediction restriction instructions.
        sysOp("tlbi vmalle1os", false, 0, 8, 1, 0);
        sysOp("tlbi vae1os", true, 0, 8, 1, 1);
        sysOp("tlbi aside1os", true, 0, 8, 1, 2);
        sysOp("tlbi vaae1os", true, 0, 8, 1, 3);
        sysOp("tlbi vale1os", true, 0, 8, 1, 5);
        sysOp("tlbi vaale1os", true, 0, 8, 1, 7);
        sysOp("tlbi alle2os", false, 4, 8, 1, 0);
        sysOp("tlbi vae2os", true, 4, 8, 1, 1);
        sysOp("tlbi alle1os", false, 4, 8, 1, 4);
        sysOp("tlbi vale2os", true, 4, 8, 1, 5);
        sysOp("tlbi vmalls12e1os", false, 4, 8, 1, 6);
        sysOp("tlbi alle3os", false, 6, 8, 1, 0);
        sysOp("tlbi vae3os", true, 6, 8, 1, 1);
        sysOp("tlbi vale3os", true, 6, 8, 1, 5);
        sysOp("tlbi ipas2e1os", true, 4, 8, 4, 0);
        sysOp("tlbi ipas2le1os", true, 4, 8, 4, 4);
        String[] rangeSfx = {"is", "os", ""};
        int[] rangeCrm = {2, 5, 6};
        for (int k = 0; k < 3; k++) {
            String sfx = rangeSfx[k];
            int crm = rangeCrm[k];
            sysOp("tlbi rvae1" + sfx, true, 0, 8, crm, 1);
            sysOp("tlbi rvaae1" + sfx, true, 0, 8, crm, 3);
            sysOp("tlbi rvale1" + sfx, true, 0, 8, crm, 5);
            sysOp("tlbi rvaale1" + sfx, true, 0, 8, crm, 7);
            sysOp("tlbi rvae2" + sfx, true, 4, 8, crm, 1);
            sysOp("tlbi rvale2" + sfx, true, 4, 8, crm, 5);
            sysOp("tlbi rvae3" + sfx, true, 6, 8, crm, 1);
            sysOp("tlbi rvale3" + sfx, true, 6, 8, crm, 5);
        }
        sysOp("tlbi ripas2e1is", true, 4, 8, 0, 2);
        sysOp("tlbi ripas2le1is", true, 4, 8, 0, 6);
        sysOp("tlbi ripas2e1", true, 4, 8, 4, 2);
        sysOp("tlbi ripas2le1", true, 4, 8, 4, 6);
        sysOp("tlbi ripas2e1os", true, 4, 8, 4, 3);
        sysOp("tlbi ripas2le1os", true, 4, 8, 4, 7);
        sysOp("dc cvadp", true, 3, 7, 13, 1);
        sysOp("cfp rctx", true, 3, 7, 3, 4);
        sysOp("dvp rctx", true, 3, 7, 3, 5);
        sysOp("cpp rctx", true, 3, 7, 3, 7);
    }

    /** A SYS word: its DC/IC/AT/TLBI alias as objdump prints it, or the generic form. */
    public static String sysOperation(int i) {
        int key = bits(i, 5, 14), rt = i & 31;
        SysOp o = SYS_OPS.get(key);
        if (o != null) {
            int sp = o.name.indexOf(' ');
            String m = o.name.substring(0, sp), what = o.name.substring(sp + 1);
            return o.hasReg ? op(m, what, r(rt, true)) : op(m, what);
        }
        String s = "sys #" + bits(i, 16, 3) + ", c" + bits(i, 12, 4) + ", c" + bits(i, 8, 4) + ", #" + bits(i, 5, 3);
        return rt == 31 ? s : s + ", " + r(rt, true);
    }

    private static final java.util.Map<Integer, String> EXTRA_SYSREGS = new java.util.HashMap<>();

    private static void reg(String name, int op0, int op1, int crn, int crm, int op2) {
        EXTRA_SYSREGS.put(SysReg.key(op0, op1, crn, crm, op2), name);
    }

    static {
        // Architectural names beyond the registers Jaffa models, so traces of guests probing them read well.
        reg("pan", 3, 0, 4, 2, 3);
        reg("uao", 3, 0, 4, 2, 4);
        reg("dit", 3, 3, 4, 2, 5);
        reg("ssbs", 3, 3, 4, 2, 6);
        reg("tco", 3, 3, 4, 2, 7);
        reg("fpcr", 3, 3, 4, 4, 0);
        reg("fpsr", 3, 3, 4, 4, 1);
        reg("sp_el1", 3, 4, 4, 1, 0);
        reg("spsr_el2", 3, 4, 4, 0, 0);
        reg("elr_el2", 3, 4, 4, 0, 1);
        reg("sp_el2", 3, 6, 4, 1, 0);
        reg("spsr_el3", 3, 6, 4, 0, 0);
        reg("elr_el3", 3, 6, 4, 0, 1);
        reg("cntfrq_el0", 3, 3, 14, 0, 0);
        reg("cntpct_el0", 3, 3, 14, 0, 1);
        reg("cntvct_el0", 3, 3, 14, 0, 2);
        reg("cntp_tval_el0", 3, 3, 14, 2, 0);
        reg("cntp_ctl_el0", 3, 3, 14, 2, 1);
        reg("cntp_cval_el0", 3, 3, 14, 2, 2);
        reg("cntv_tval_el0", 3, 3, 14, 3, 0);
        reg("cntv_ctl_el0", 3, 3, 14, 3, 1);
        reg("cntv_cval_el0", 3, 3, 14, 3, 2);
        reg("cntkctl_el1", 3, 0, 14, 1, 0);
        reg("cntvoff_el2", 3, 4, 14, 0, 3);
        reg("cnthctl_el2", 3, 4, 14, 1, 0);
        String[] id1 = {"id_pfr0_el1", "id_pfr1_el1", "id_dfr0_el1", "id_afr0_el1",
            "id_mmfr0_el1", "id_mmfr1_el1", "id_mmfr2_el1", "id_mmfr3_el1"};
        for (int k = 0; k < 8; k++) reg(id1[k], 3, 0, 0, 1, k);
        for (int k = 0; k < 6; k++) reg("id_isar" + k + "_el1", 3, 0, 0, 2, k);
        reg("id_mmfr4_el1", 3, 0, 0, 2, 6);
        for (int k = 0; k < 3; k++) reg("mvfr" + k + "_el1", 3, 0, 0, 3, k);
        reg("id_aa64pfr1_el1", 3, 0, 0, 4, 1);
        reg("id_aa64dfr1_el1", 3, 0, 0, 5, 1);
        reg("id_aa64afr0_el1", 3, 0, 0, 5, 4);
        reg("id_aa64afr1_el1", 3, 0, 0, 5, 5);
        reg("id_aa64isar1_el1", 3, 0, 0, 6, 1);
        reg("id_aa64mmfr1_el1", 3, 0, 0, 7, 1);
        reg("id_aa64mmfr2_el1", 3, 0, 0, 7, 2);
        reg("rvbar_el1", 3, 0, 12, 0, 1);
        reg("rmr_el1", 3, 0, 12, 0, 2);
        reg("isr_el1", 3, 0, 12, 1, 0);
        reg("mdscr_el1", 2, 0, 0, 2, 2);
        reg("mdccint_el1", 2, 0, 0, 2, 0);
        reg("oslar_el1", 2, 0, 1, 0, 4);
        reg("oslsr_el1", 2, 0, 1, 1, 4);
        reg("osdlr_el1", 2, 0, 1, 3, 4);
        reg("dbgprcr_el1", 2, 0, 1, 4, 4);
        reg("mdrar_el1", 2, 0, 1, 0, 0);
        reg("mdccsr_el0", 2, 3, 0, 1, 0);
        for (int k = 0; k < 16; k++) {
            reg("dbgbvr" + k + "_el1", 2, 0, 0, k, 4);
            reg("dbgbcr" + k + "_el1", 2, 0, 0, k, 5);
            reg("dbgwvr" + k + "_el1", 2, 0, 0, k, 6);
            reg("dbgwcr" + k + "_el1", 2, 0, 0, k, 7);
        }
        String[] pm = {"pmcr_el0", "pmcntenset_el0", "pmcntenclr_el0", "pmovsclr_el0",
            "pmswinc_el0", "pmselr_el0", "pmceid0_el0", "pmceid1_el0"};
        for (int k = 0; k < 8; k++) reg(pm[k], 3, 3, 9, 12, k);
        reg("pmccntr_el0", 3, 3, 9, 13, 0);
        reg("pmxevtyper_el0", 3, 3, 9, 13, 1);
        reg("pmxevcntr_el0", 3, 3, 9, 13, 2);
        reg("pmuserenr_el0", 3, 3, 9, 14, 0);
        reg("pmintenset_el1", 3, 0, 9, 14, 1);
        reg("pmintenclr_el1", 3, 0, 9, 14, 2);
        reg("pmovsset_el0", 3, 3, 9, 14, 3);
        reg("pmccfiltr_el0", 3, 3, 14, 15, 7);
        for (int k = 0; k < 31; k++) {
            reg("pmevcntr" + k + "_el0", 3, 3, 14, 8 + k / 8, k % 8);
            reg("pmevtyper" + k + "_el0", 3, 3, 14, 12 + k / 8, k % 8);
        }
        // GICv3 CPU interface
        reg("icc_pmr_el1", 3, 0, 4, 6, 0);
        String[] icc0 = {"icc_iar0_el1", "icc_eoir0_el1", "icc_hppir0_el1", "icc_bpr0_el1"};
        for (int k = 0; k < 4; k++) reg(icc0[k], 3, 0, 12, 8, k);
        for (int k = 0; k < 4; k++) reg("icc_ap0r" + k + "_el1", 3, 0, 12, 8, 4 + k);
        for (int k = 0; k < 4; k++) reg("icc_ap1r" + k + "_el1", 3, 0, 12, 9, k);
        reg("icc_dir_el1", 3, 0, 12, 11, 1);
        reg("icc_rpr_el1", 3, 0, 12, 11, 3);
        reg("icc_sgi1r_el1", 3, 0, 12, 11, 5);
        reg("icc_asgi1r_el1", 3, 0, 12, 11, 6);
        reg("icc_sgi0r_el1", 3, 0, 12, 11, 7);
        String[] icc1 = {"icc_iar1_el1", "icc_eoir1_el1", "icc_hppir1_el1", "icc_bpr1_el1",
            "icc_ctlr_el1", "icc_sre_el1", "icc_igrpen0_el1", "icc_igrpen1_el1"};
        for (int k = 0; k < 8; k++) reg(icc1[k], 3, 0, 12, 12, k);
        reg("vpidr_el2", 3, 4, 0, 0, 0);
        reg("vmpidr_el2", 3, 4, 0, 0, 5);
        reg("sctlr_el2", 3, 4, 1, 0, 0);
        reg("actlr_el2", 3, 4, 1, 0, 1);
        reg("hcr_el2", 3, 4, 1, 1, 0);
        reg("mdcr_el2", 3, 4, 1, 1, 1);
        reg("cptr_el2", 3, 4, 1, 1, 2);
        reg("hstr_el2", 3, 4, 1, 1, 3);
        reg("hacr_el2", 3, 4, 1, 1, 7);
        reg("ttbr0_el2", 3, 4, 2, 0, 0);
        reg("tcr_el2", 3, 4, 2, 0, 2);
        reg("vttbr_el2", 3, 4, 2, 1, 0);
        reg("vtcr_el2", 3, 4, 2, 1, 2);
        reg("esr_el2", 3, 4, 5, 2, 0);
        reg("far_el2", 3, 4, 6, 0, 0);
        reg("hpfar_el2", 3, 4, 6, 0, 4);
        reg("mair_el2", 3, 4, 10, 2, 0);
        reg("vbar_el2", 3, 4, 12, 0, 0);
        reg("tpidr_el2", 3, 4, 13, 0, 2);
        reg("sctlr_el3", 3, 6, 1, 0, 0);
        reg("scr_el3", 3, 6, 1, 1, 0);
        reg("cptr_el3", 3, 6, 1, 1, 2);
        reg("ttbr0_el3", 3, 6, 2, 0, 0);
        reg("tcr_el3", 3, 6, 2, 0, 2);
        reg("esr_el3", 3, 6, 5, 2, 0);
        reg("far_el3", 3, 6, 6, 0, 0);
        reg("mair_el3", 3, 6, 10, 2, 0);
        reg("vbar_el3", 3, 6, 12, 0, 0);
        reg("tpidr_el3", 3, 6, 13, 0, 2);
    }

    /** MRS/MSR register name: Jaffa's registers, a few more architectural names, else s{op0}_{op1}_c{n}_c{m}_{op2}. */
    public static String sysRegName(int key) {
        if (SysReg.byKey(key) != null) return SysReg.name(key);
        String extra = EXTRA_SYSREGS.get(key);
        return extra != null ? extra : SysReg.name(key);
    }

    /** Every key named here beyond {@link SysReg}'s registers (for tests). */
    public static java.util.Set<Integer> extraSysRegKeys() {
        return java.util.Collections.unmodifiableSet(EXTRA_SYSREGS.keySet());
    }
}
