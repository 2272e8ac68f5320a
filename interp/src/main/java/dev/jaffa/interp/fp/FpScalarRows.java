package dev.jaffa.interp.fp;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.integer.Alu;
import dev.jaffa.interp.isa.Row;
import dev.jaffa.interp.isa.Semantics;
import dev.jaffa.interp.simd.Vreg;
import java.util.Locale;

/**
 * Scalar floating-point instructions (Arm ARM C4.1.6: "Data Processing -- Scalar Floating-Point and
 * Advanced SIMD", the scalar FP classes): conversions between floating-point and fixed-point or
 * integer, data-processing with one, two and three sources, compares, conditional compares and
 * selects, and the immediate move. All arithmetic goes through {@link FPCore}.
 *
 * <p>Armv8.0 without FEAT_FP16: {@code ftype} 00 is single, 01 double; 10 is reserved everywhere
 * and 11 (half) exists only for FCVT (every other half-precision form is FEAT_FP16 and excluded
 * here, so it decodes as UNDEFINED). FMOV (general)'s encodings, FCMP's and FCMPE's register and
 * zero variants are separate rows with the manual's one name.
 */
public final class FpScalarRows {
    private FpScalarRows() {}

    private static final String[] COND = {
        "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv",
    };
    /** Register prefix by ftype (00 single, 01 double, 11 half). */
    private static final String[] FP_PREFIX = {"s", "d", "?", "h"};

    private static final int FP = Row.FP;
    private static final String SINGLE_OR_DOUBLE = "ftype=1x";

    public static Row[] rows() {
        return new Row[] {
            // ---- Conversion between floating-point and fixed-point
            fixed("SCVTF (scalar, fixed-point)", "00010", true, FpScalarRows::scvtfFixed, "Signed fixed-point convert to floating-point (scalar)"),
            fixed("UCVTF (scalar, fixed-point)", "00011", true, FpScalarRows::ucvtfFixed, "Unsigned fixed-point convert to floating-point (scalar)"),
            fixed("FCVTZS (scalar, fixed-point)", "11000", false, FpScalarRows::fcvtzsFixed, "Floating-point convert to signed fixed-point, rounding toward zero (scalar)"),
            fixed("FCVTZU (scalar, fixed-point)", "11001", false, FpScalarRows::fcvtzuFixed, "Floating-point convert to unsigned fixed-point, rounding toward zero (scalar)"),

            // ---- Conversion between floating-point and integer
            toInt("FCVTNS (scalar)", "00000", FpScalarRows::fcvtns, "Floating-point convert to signed integer, rounding to nearest with ties to even (scalar)"),
            toInt("FCVTNU (scalar)", "00001", FpScalarRows::fcvtnu, "Floating-point convert to unsigned integer, rounding to nearest with ties to even (scalar)"),
            toInt("FCVTPS (scalar)", "01000", FpScalarRows::fcvtps, "Floating-point convert to signed integer, rounding toward plus infinity (scalar)"),
            toInt("FCVTPU (scalar)", "01001", FpScalarRows::fcvtpu, "Floating-point convert to unsigned integer, rounding toward plus infinity (scalar)"),
            toInt("FCVTMS (scalar)", "10000", FpScalarRows::fcvtms, "Floating-point convert to signed integer, rounding toward minus infinity (scalar)"),
            toInt("FCVTMU (scalar)", "10001", FpScalarRows::fcvtmu, "Floating-point convert to unsigned integer, rounding toward minus infinity (scalar)"),
            toInt("FCVTZS (scalar, integer)", "11000", FpScalarRows::fcvtzs, "Floating-point convert to signed integer, rounding toward zero (scalar)"),
            toInt("FCVTZU (scalar, integer)", "11001", FpScalarRows::fcvtzu, "Floating-point convert to unsigned integer, rounding toward zero (scalar)"),
            toInt("FCVTAS (scalar)", "00100", FpScalarRows::fcvtas, "Floating-point convert to signed integer, rounding to nearest with ties to away (scalar)"),
            toInt("FCVTAU (scalar)", "00101", FpScalarRows::fcvtau, "Floating-point convert to unsigned integer, rounding to nearest with ties to away (scalar)"),
            Row.of("SCVTF (scalar, integer)", "sf:1 0 0 11110 ftype:2 1 00 010 000000 Rn:5 Vd:5", "scvtf {Fd}, {Rn}", FpScalarRows::scvtfInt)
                .excluding(SINGLE_OR_DOUBLE).flags(FP).title("Signed integer convert to floating-point (scalar)"),
            Row.of("UCVTF (scalar, integer)", "sf:1 0 0 11110 ftype:2 1 00 011 000000 Rn:5 Vd:5", "ucvtf {Fd}, {Rn}", FpScalarRows::ucvtfInt)
                .excluding(SINGLE_OR_DOUBLE).flags(FP).title("Unsigned integer convert to floating-point (scalar)"),
            // FMOV (general): one row per encoding (the half-precision ones are FEAT_FP16).
            fmovGeneral("0 0 0 11110 00 1 00 110 000000 Vn:5 Rd:5", "fmov {Wd}, {Sn}", FpScalarRows::fmovWS, true),
            fmovGeneral("0 0 0 11110 00 1 00 111 000000 Rn:5 Vd:5", "fmov {Sd}, {Wn}", FpScalarRows::fmovSW, false),
            fmovGeneral("1 0 0 11110 01 1 00 110 000000 Vn:5 Rd:5", "fmov {Xd}, {Dn}", FpScalarRows::fmovXD, true),
            fmovGeneral("1 0 0 11110 01 1 00 111 000000 Rn:5 Vd:5", "fmov {Dd}, {Xn}", FpScalarRows::fmovDX, false),
            fmovGeneral("1 0 0 11110 10 1 01 110 000000 Vn:5 Rd:5", "fmov {Xd}, {Vn}.d[1]", FpScalarRows::fmovXVtop, true),
            fmovGeneral("1 0 0 11110 10 1 01 111 000000 Rn:5 Vd:5", "fmov {Vd}.d[1], {Xn}", FpScalarRows::fmovVtopX, false),

            // ---- Floating-point data-processing (1 source)
            dp1("FMOV (register)", "000000", "fmov", FpScalarRows::fmovReg, "Floating-point move register without conversion"),
            dp1("FABS (scalar)", "000001", "fabs", FpScalarRows::fabs, "Floating-point absolute value (scalar)"),
            dp1("FNEG (scalar)", "000010", "fneg", FpScalarRows::fneg, "Floating-point negate (scalar)"),
            dp1("FSQRT (scalar)", "000011", "fsqrt", FpScalarRows::fsqrt, "Floating-point square root (scalar)"),
            Row.of("FCVT", "0 0 0 11110 ftype:2 1 0001 opc:2 10000 Vn:5 Vd:5", "fcvt", FpScalarRows::fcvt)
                .excluding("ftype=10", "opc=10", "ftype:opc=0000", "ftype:opc=0101", "ftype:opc=1111")
                .formatter((row, insn, pc) -> "fcvt " + FP_PREFIX[(insn >>> 15) & 3] + (insn & 31) + ", "
                        + FP_PREFIX[(insn >>> 22) & 3] + ((insn >>> 5) & 31))
                .flags(FP).title("Floating-point convert precision (scalar)"),
            dp1("FRINTN (scalar)", "001000", "frintn", FpScalarRows::frintn, "Floating-point round to integral, to nearest with ties to even (scalar)"),
            dp1("FRINTP (scalar)", "001001", "frintp", FpScalarRows::frintp, "Floating-point round to integral, toward plus infinity (scalar)"),
            dp1("FRINTM (scalar)", "001010", "frintm", FpScalarRows::frintm, "Floating-point round to integral, toward minus infinity (scalar)"),
            dp1("FRINTZ (scalar)", "001011", "frintz", FpScalarRows::frintz, "Floating-point round to integral, toward zero (scalar)"),
            dp1("FRINTA (scalar)", "001100", "frinta", FpScalarRows::frinta, "Floating-point round to integral, to nearest with ties to away (scalar)"),
            dp1("FRINTX (scalar)", "001110", "frintx", FpScalarRows::frintx, "Floating-point round to integral exact, using current rounding mode (scalar)"),
            dp1("FRINTI (scalar)", "001111", "frinti", FpScalarRows::frinti, "Floating-point round to integral, using current rounding mode (scalar)"),

            // ---- Floating-point compare
            Row.of("FCMP", "0 0 0 11110 ftype:2 1 Vm:5 00 1000 Vn:5 00 000", "fcmp {Fn}, {Fm}", FpScalarRows::fcmp)
                .excluding(SINGLE_OR_DOUBLE).flags(FP | Row.WRITES_NZCV).title("Floating-point quiet compare (scalar)"),
            Row.of("FCMP", "0 0 0 11110 ftype:2 1 xxxxx 00 1000 Vn:5 01 000", "fcmp {Fn}, #0.0", FpScalarRows::fcmpZero)
                .excluding(SINGLE_OR_DOUBLE).flags(FP | Row.WRITES_NZCV).title("Floating-point quiet compare (scalar)"),
            Row.of("FCMPE", "0 0 0 11110 ftype:2 1 Vm:5 00 1000 Vn:5 10 000", "fcmpe {Fn}, {Fm}", FpScalarRows::fcmpe)
                .excluding(SINGLE_OR_DOUBLE).flags(FP | Row.WRITES_NZCV).title("Floating-point signaling compare (scalar)"),
            Row.of("FCMPE", "0 0 0 11110 ftype:2 1 xxxxx 00 1000 Vn:5 11 000", "fcmpe {Fn}, #0.0", FpScalarRows::fcmpeZero)
                .excluding(SINGLE_OR_DOUBLE).flags(FP | Row.WRITES_NZCV).title("Floating-point signaling compare (scalar)"),

            // ---- Floating-point immediate
            Row.of("FMOV (scalar, immediate)", "0 0 0 11110 ftype:2 1 imm8:8 100 00000 Vd:5", "fmov", FpScalarRows::fmovImm)
                .excluding(SINGLE_OR_DOUBLE).formatter(FpScalarRows::formatFmovImm).flags(FP).title("Floating-point move immediate (scalar)"),

            // ---- Floating-point conditional compare
            Row.of("FCCMP", "0 0 0 11110 ftype:2 1 Vm:5 cond:4 01 Vn:5 0 nzcv:4", "fccmp", FpScalarRows::fccmp)
                .excluding(SINGLE_OR_DOUBLE).formatter(FpScalarRows::formatCcmp)
                .flags(FP | Row.READS_NZCV | Row.WRITES_NZCV).title("Floating-point conditional quiet compare (scalar)"),
            Row.of("FCCMPE", "0 0 0 11110 ftype:2 1 Vm:5 cond:4 01 Vn:5 1 nzcv:4", "fccmpe", FpScalarRows::fccmpe)
                .excluding(SINGLE_OR_DOUBLE).formatter(FpScalarRows::formatCcmp)
                .flags(FP | Row.READS_NZCV | Row.WRITES_NZCV).title("Floating-point conditional signaling compare (scalar)"),

            // ---- Floating-point data-processing (2 source)
            dp2("FMUL (scalar)", "0000", "fmul", FpScalarRows::fmul, "Floating-point multiply (scalar)"),
            dp2("FDIV (scalar)", "0001", "fdiv", FpScalarRows::fdiv, "Floating-point divide (scalar)"),
            dp2("FADD (scalar)", "0010", "fadd", FpScalarRows::fadd, "Floating-point add (scalar)"),
            dp2("FSUB (scalar)", "0011", "fsub", FpScalarRows::fsub, "Floating-point subtract (scalar)"),
            dp2("FMAX (scalar)", "0100", "fmax", FpScalarRows::fmax, "Floating-point maximum (scalar)"),
            dp2("FMIN (scalar)", "0101", "fmin", FpScalarRows::fmin, "Floating-point minimum (scalar)"),
            dp2("FMAXNM (scalar)", "0110", "fmaxnm", FpScalarRows::fmaxnm, "Floating-point maximum number (scalar)"),
            dp2("FMINNM (scalar)", "0111", "fminnm", FpScalarRows::fminnm, "Floating-point minimum number (scalar)"),
            dp2("FNMUL (scalar)", "1000", "fnmul", FpScalarRows::fnmul, "Floating-point multiply-negate (scalar)"),

            // ---- Floating-point conditional select
            Row.of("FCSEL", "0 0 0 11110 ftype:2 1 Vm:5 cond:4 11 Vn:5 Vd:5", "fcsel", FpScalarRows::fcsel)
                .excluding(SINGLE_OR_DOUBLE)
                .formatter((row, insn, pc) -> {
                    String p = FP_PREFIX[(insn >>> 22) & 3];
                    return "fcsel " + p + (insn & 31) + ", " + p + ((insn >>> 5) & 31) + ", " + p + ((insn >>> 16) & 31)
                            + ", " + COND[(insn >>> 12) & 15];
                })
                .flags(FP | Row.READS_NZCV).title("Floating-point conditional select (scalar)"),

            // ---- Floating-point data-processing (3 source)
            dp3("FMADD", "0", "0", "fmadd", FpScalarRows::fmadd, "Floating-point fused multiply-add (scalar)"),
            dp3("FMSUB", "0", "1", "fmsub", FpScalarRows::fmsub, "Floating-point fused multiply-subtract (scalar)"),
            dp3("FNMADD", "1", "0", "fnmadd", FpScalarRows::fnmadd, "Floating-point negated fused multiply-add (scalar)"),
            dp3("FNMSUB", "1", "1", "fnmsub", FpScalarRows::fnmsub, "Floating-point negated fused multiply-subtract (scalar)"),
        };
    }

    // ---------------------------------------------------------------- row builders

    /** Floating-point data-processing (1 source), single or double. */
    private static Row dp1(String name, String opcode, String mnemonic, Semantics sem, String title) {
        return Row.of(name, "0 0 0 11110 ftype:2 1 " + opcode + " 10000 Vn:5 Vd:5", mnemonic + " {Fd}, {Fn}", sem)
                .excluding(SINGLE_OR_DOUBLE).flags(FP).title(title);
    }

    /** Floating-point data-processing (2 source), single or double. */
    private static Row dp2(String name, String opcode, String mnemonic, Semantics sem, String title) {
        return Row.of(name, "0 0 0 11110 ftype:2 1 Vm:5 " + opcode + " 10 Vn:5 Vd:5", mnemonic + " {Fd}, {Fn}, {Fm}", sem)
                .excluding(SINGLE_OR_DOUBLE).flags(FP).title(title);
    }

    /** Floating-point data-processing (3 source), single or double. */
    private static Row dp3(String name, String o1, String o0, String mnemonic, Semantics sem, String title) {
        return Row.of(name, "0 0 0 11111 ftype:2 " + o1 + " Vm:5 " + o0 + " Va:5 Vn:5 Vd:5", mnemonic + " {Fd}, {Fn}, {Fm}, {Fa}", sem)
                .excluding(SINGLE_OR_DOUBLE).flags(FP).title(title);
    }

    /** Conversion between floating-point and integer, to a general register. */
    private static Row toInt(String name, String rmodeOpcode, Semantics sem, String title) {
        String mnemonic = name.substring(0, name.indexOf(' ')).toLowerCase(Locale.ROOT);
        return Row.of(name, "sf:1 0 0 11110 ftype:2 1 " + rmodeOpcode + " 000000 Vn:5 Rd:5", mnemonic + " {Rd}, {Fn}", sem)
                .excluding(SINGLE_OR_DOUBLE).flags(FP | Row.WRITES_GPR).title(title);
    }

    /** Conversion between floating-point and fixed-point; scale = 64 - fbits, sf = 0 needs fbits <= 32. */
    private static Row fixed(String name, String rmodeOpcode, boolean toFloat, Semantics sem, String title) {
        String mnemonic = name.substring(0, name.indexOf(' ')).toLowerCase(Locale.ROOT);
        String pattern = toFloat ? "sf:1 0 0 11110 ftype:2 0 " + rmodeOpcode + " scale:6 Rn:5 Vd:5"
                                 : "sf:1 0 0 11110 ftype:2 0 " + rmodeOpcode + " scale:6 Vn:5 Rd:5";
        return Row.of(name, pattern, mnemonic, sem)
                .excluding(SINGLE_OR_DOUBLE, "sf:scale=00xxxxx")
                .formatter((row, insn, pc) -> {
                    boolean x = insn < 0;
                    String fp = FP_PREFIX[(insn >>> 22) & 3];
                    int rd = insn & 31, rn = (insn >>> 5) & 31;
                    int fbits = 64 - ((insn >>> 10) & 63);
                    String ops = toFloat ? fp + rd + ", " + gpr(rn, x) : gpr(rd, x) + ", " + fp + rn;
                    return mnemonic + " " + ops + ", #" + fbits;
                })
                .flags(toFloat ? FP : FP | Row.WRITES_GPR).title(title);
    }

    private static Row fmovGeneral(String pattern, String asm, Semantics sem, boolean toGeneral) {
        return Row.of("FMOV (general)", pattern, asm, sem).flags(toGeneral ? FP | Row.WRITES_GPR : FP)
                .title("Floating-point move to or from general-purpose register without conversion");
    }

    private static String gpr(int r, boolean x) { return r == 31 ? (x ? "xzr" : "wzr") : (x ? "x" : "w") + r; }

    private static String formatCcmp(Row row, int insn, long pc) {
        String p = FP_PREFIX[(insn >>> 22) & 3];
        return ((insn & 16) != 0 ? "fccmpe " : "fccmp ") + p + ((insn >>> 5) & 31) + ", " + p + ((insn >>> 16) & 31)
                + ", #0x" + Integer.toHexString(insn & 15) + ", " + COND[(insn >>> 12) & 15];
    }

    /** objdump prints the immediate as C's "%.18e" of the expanded value. */
    private static String formatFmovImm(Row row, int insn, long pc) {
        boolean dbl = ((insn >>> 22) & 1) != 0;
        long bits = vfpExpandImm((insn >>> 13) & 0xFF, dbl ? 64 : 32);
        double v = dbl ? Double.longBitsToDouble(bits) : Float.intBitsToFloat((int) bits);
        return "fmov " + (dbl ? "d" : "s") + (insn & 31) + ", #" + String.format(Locale.ROOT, "%.18e", v);
    }

    // ---------------------------------------------------------------- helpers

    /** ftype 00 -> 32, 01 -> 64 (the only sizes the rows other than FCVT admit). */
    private static int esize(int i) { return (i & 1 << 22) != 0 ? 64 : 32; }

    /** The scalar operand of esize bits in V[n]. */
    private static long operand(Cpu c, int n, int esize) {
        long v = c.v[2 * n];
        return esize == 64 ? v : esize == 32 ? v & 0xFFFF_FFFFL : v & 0xFFFFL;
    }

    /** Writes an esize-bit scalar result to V[d], zeroing the rest of the register. */
    private static void result(Cpu c, int d, int esize, long r) {
        Vreg.setScalar(c, d, esize == 64 ? 3 : esize == 32 ? 2 : 1, r);
    }

    /**
     * VFPExpandImm: sign imm8<7>; exponent NOT(imm8<6>), imm8<6> repeated E-3 times, imm8<5:4>;
     * fraction imm8<3:0> followed by zeros.
     */
    public static long vfpExpandImm(int imm8, int n) {
        long sign = (imm8 >>> 7) & 1, b6 = (imm8 >>> 6) & 1, e54 = (imm8 >>> 4) & 3, frac4 = imm8 & 15;
        int e = n == 64 ? 11 : n == 32 ? 8 : 5, f = n - e - 1;
        long exp = ((b6 ^ 1) << (e - 1)) | ((b6 == 1 ? (1L << (e - 3)) - 1 : 0) << 2) | e54;
        return sign << (n - 1) | exp << f | frac4 << (f - 4);
    }

    // ---------------------------------------------------------------- conversions with fixed-point

    private static void fixedToFloat(Cpu c, int i, boolean unsigned, int fbits) {
        int esize = esize(i), d = i & 31, n = (i >>> 5) & 31;
        boolean x = i < 0;
        long v = c.x[n];
        if (!x) v = unsigned ? v & 0xFFFF_FFFFL : (long) (int) v;
        long r = FPCore.fixedToFP(v, x ? 64 : 32, fbits, unsigned, esize, FPCore.rmode(c), c);
        result(c, d, esize, r);
    }

    private static void floatToFixed(Cpu c, int i, boolean unsigned, int fbits, int rmode) {
        int esize = esize(i), d = i & 31, n = (i >>> 5) & 31;
        boolean x = i < 0;
        long r = FPCore.toFixed(operand(c, n, esize), esize, fbits, unsigned, rmode, x ? 64 : 32, c);
        if (x) c.setX(d, r); else c.setW(d, r);
    }

    private static int fbits(int i) { return 64 - ((i >>> 10) & 63); }

    static void scvtfFixed(Cpu c, int i) { fixedToFloat(c, i, false, fbits(i)); }
    static void ucvtfFixed(Cpu c, int i) { fixedToFloat(c, i, true, fbits(i)); }
    static void fcvtzsFixed(Cpu c, int i) { floatToFixed(c, i, false, fbits(i), FPCore.RZ); }
    static void fcvtzuFixed(Cpu c, int i) { floatToFixed(c, i, true, fbits(i), FPCore.RZ); }

    // ---------------------------------------------------------------- conversions with integers

    static void scvtfInt(Cpu c, int i) { fixedToFloat(c, i, false, 0); }
    static void ucvtfInt(Cpu c, int i) { fixedToFloat(c, i, true, 0); }
    static void fcvtns(Cpu c, int i) { floatToFixed(c, i, false, 0, FPCore.RN); }
    static void fcvtnu(Cpu c, int i) { floatToFixed(c, i, true, 0, FPCore.RN); }
    static void fcvtps(Cpu c, int i) { floatToFixed(c, i, false, 0, FPCore.RP); }
    static void fcvtpu(Cpu c, int i) { floatToFixed(c, i, true, 0, FPCore.RP); }
    static void fcvtms(Cpu c, int i) { floatToFixed(c, i, false, 0, FPCore.RM); }
    static void fcvtmu(Cpu c, int i) { floatToFixed(c, i, true, 0, FPCore.RM); }
    static void fcvtzs(Cpu c, int i) { floatToFixed(c, i, false, 0, FPCore.RZ); }
    static void fcvtzu(Cpu c, int i) { floatToFixed(c, i, true, 0, FPCore.RZ); }
    static void fcvtas(Cpu c, int i) { floatToFixed(c, i, false, 0, FPCore.RA); }
    static void fcvtau(Cpu c, int i) { floatToFixed(c, i, true, 0, FPCore.RA); }

    // FMOV (general): bits moved unchanged. A write of S or D zeroes the rest of V[d]; a write of
    // V[d].D[1] keeps D[0]. XZR reads as zero (x[31] is kept zero) and setX/setW discard Rd = 31.
    static void fmovWS(Cpu c, int i) { c.setW(i & 31, c.v[2 * ((i >>> 5) & 31)]); }
    static void fmovSW(Cpu c, int i) { Vreg.setScalar(c, i & 31, 2, c.x[(i >>> 5) & 31]); }
    static void fmovXD(Cpu c, int i) { c.setX(i & 31, c.v[2 * ((i >>> 5) & 31)]); }
    static void fmovDX(Cpu c, int i) { Vreg.setD(c, i & 31, c.x[(i >>> 5) & 31]); }
    static void fmovXVtop(Cpu c, int i) { c.setX(i & 31, c.v[2 * ((i >>> 5) & 31) + 1]); }
    static void fmovVtopX(Cpu c, int i) { c.v[2 * (i & 31) + 1] = c.x[(i >>> 5) & 31]; }

    // ---------------------------------------------------------------- data-processing (1 source)

    static void fmovReg(Cpu c, int i) {
        int esize = esize(i);
        result(c, i & 31, esize, operand(c, (i >>> 5) & 31, esize));
    }

    static void fabs(Cpu c, int i) {
        int esize = esize(i);
        result(c, i & 31, esize, FPCore.abs(operand(c, (i >>> 5) & 31, esize), esize));
    }

    static void fneg(Cpu c, int i) {
        int esize = esize(i);
        result(c, i & 31, esize, FPCore.neg(operand(c, (i >>> 5) & 31, esize), esize));
    }

    static void fsqrt(Cpu c, int i) {
        int esize = esize(i);
        result(c, i & 31, esize, FPCore.sqrt(operand(c, (i >>> 5) & 31, esize), esize, c));
    }

    /** FCVT: ftype is the source size, opc the destination size (00 single, 01 double, 11 half). */
    static void fcvt(Cpu c, int i) {
        int from = 8 << (((i >>> 22) & 3) ^ 2), to = 8 << (((i >>> 15) & 3) ^ 2);
        long r = FPCore.convert(operand(c, (i >>> 5) & 31, from), from, to, FPCore.rmode(c), c);
        result(c, i & 31, to, r);
    }

    private static void frint(Cpu c, int i, int rmode, boolean exact) {
        int esize = esize(i);
        result(c, i & 31, esize, FPCore.roundInt(operand(c, (i >>> 5) & 31, esize), esize, rmode, exact, c));
    }

    static void frintn(Cpu c, int i) { frint(c, i, FPCore.RN, false); }
    static void frintp(Cpu c, int i) { frint(c, i, FPCore.RP, false); }
    static void frintm(Cpu c, int i) { frint(c, i, FPCore.RM, false); }
    static void frintz(Cpu c, int i) { frint(c, i, FPCore.RZ, false); }
    static void frinta(Cpu c, int i) { frint(c, i, FPCore.RA, false); }
    static void frintx(Cpu c, int i) { frint(c, i, FPCore.rmode(c), true); }
    static void frinti(Cpu c, int i) { frint(c, i, FPCore.rmode(c), false); }

    // ---------------------------------------------------------------- compares

    private static void compare(Cpu c, int i, boolean zero, boolean signal) {
        int esize = esize(i);
        long a = operand(c, (i >>> 5) & 31, esize);
        long b = zero ? 0 : operand(c, (i >>> 16) & 31, esize);
        c.nzcv = FPCore.compare(a, b, esize, signal, c);
    }

    static void fcmp(Cpu c, int i) { compare(c, i, false, false); }
    static void fcmpZero(Cpu c, int i) { compare(c, i, true, false); }
    static void fcmpe(Cpu c, int i) { compare(c, i, false, true); }
    static void fcmpeZero(Cpu c, int i) { compare(c, i, true, true); }

    /** FCCMP/FCCMPE: the compare's flags when the condition holds, else the nzcv immediate (no FP exception). */
    private static void condCompare(Cpu c, int i, boolean signal) {
        if (Alu.conditionHolds((i >>> 12) & 15, c.nzcv)) {
            int esize = esize(i);
            c.nzcv = FPCore.compare(operand(c, (i >>> 5) & 31, esize), operand(c, (i >>> 16) & 31, esize), esize, signal, c);
        } else {
            c.nzcv = i & 15;
        }
    }

    static void fccmp(Cpu c, int i) { condCompare(c, i, false); }
    static void fccmpe(Cpu c, int i) { condCompare(c, i, true); }

    static void fcsel(Cpu c, int i) {
        int esize = esize(i);
        int src = Alu.conditionHolds((i >>> 12) & 15, c.nzcv) ? (i >>> 5) & 31 : (i >>> 16) & 31;
        result(c, i & 31, esize, operand(c, src, esize));
    }

    static void fmovImm(Cpu c, int i) {
        int esize = esize(i);
        result(c, i & 31, esize, vfpExpandImm((i >>> 13) & 0xFF, esize));
    }

    // ---------------------------------------------------------------- data-processing (2 source)

    static void fmul(Cpu c, int i) {
        int e = esize(i);
        result(c, i & 31, e, FPCore.mul(operand(c, (i >>> 5) & 31, e), operand(c, (i >>> 16) & 31, e), e, c));
    }

    static void fdiv(Cpu c, int i) {
        int e = esize(i);
        result(c, i & 31, e, FPCore.div(operand(c, (i >>> 5) & 31, e), operand(c, (i >>> 16) & 31, e), e, c));
    }

    static void fadd(Cpu c, int i) {
        int e = esize(i);
        result(c, i & 31, e, FPCore.add(operand(c, (i >>> 5) & 31, e), operand(c, (i >>> 16) & 31, e), e, c));
    }

    static void fsub(Cpu c, int i) {
        int e = esize(i);
        result(c, i & 31, e, FPCore.sub(operand(c, (i >>> 5) & 31, e), operand(c, (i >>> 16) & 31, e), e, c));
    }

    static void fmax(Cpu c, int i) {
        int e = esize(i);
        result(c, i & 31, e, FPCore.max(operand(c, (i >>> 5) & 31, e), operand(c, (i >>> 16) & 31, e), e, c));
    }

    static void fmin(Cpu c, int i) {
        int e = esize(i);
        result(c, i & 31, e, FPCore.min(operand(c, (i >>> 5) & 31, e), operand(c, (i >>> 16) & 31, e), e, c));
    }

    static void fmaxnm(Cpu c, int i) {
        int e = esize(i);
        result(c, i & 31, e, FPCore.maxNum(operand(c, (i >>> 5) & 31, e), operand(c, (i >>> 16) & 31, e), e, c));
    }

    static void fminnm(Cpu c, int i) {
        int e = esize(i);
        result(c, i & 31, e, FPCore.minNum(operand(c, (i >>> 5) & 31, e), operand(c, (i >>> 16) & 31, e), e, c));
    }

    /** FNMUL: FPNeg(FPMul(n, m)); the negation applies to a NaN result too. */
    static void fnmul(Cpu c, int i) {
        int e = esize(i);
        long p = FPCore.mul(operand(c, (i >>> 5) & 31, e), operand(c, (i >>> 16) & 31, e), e, c);
        result(c, i & 31, e, FPCore.neg(p, e));
    }

    // ---------------------------------------------------------------- data-processing (3 source)

    /** FPMulAdd(opa_neg ? -Va : Va, op1_neg ? -Vn : Vn, Vm), as the Arm ARM negates the operands. */
    private static void mulAdd(Cpu c, int i, boolean negA, boolean negN) {
        int e = esize(i);
        long a = operand(c, (i >>> 10) & 31, e), n = operand(c, (i >>> 5) & 31, e), m = operand(c, (i >>> 16) & 31, e);
        if (negA) a = FPCore.neg(a, e);
        if (negN) n = FPCore.neg(n, e);
        result(c, i & 31, e, FPCore.mulAdd(a, n, m, e, c));
    }

    static void fmadd(Cpu c, int i) { mulAdd(c, i, false, false); }
    static void fmsub(Cpu c, int i) { mulAdd(c, i, false, true); }
    static void fnmadd(Cpu c, int i) { mulAdd(c, i, true, true); }
    static void fnmsub(Cpu c, int i) { mulAdd(c, i, true, false); }
}
