package dev.jaffa.interp.simd;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.fp.FPCore;
import dev.jaffa.interp.isa.Row;
import dev.jaffa.interp.isa.Semantics;

/**
 * Advanced SIMD floating-point instructions (Arm ARM C4.1.6, the Advanced SIMD classes): three
 * same and scalar three same (FP), two-register miscellaneous and its scalar form (FP and the
 * conversions), across lanes (FP), scalar pairwise (FP), and vector/scalar x indexed element (FP).
 * Single and double elements only: the half-precision arithmetic forms (FEAT_FP16) have encodings of
 * their own that no row here matches, so they are UNDEFINED. FCVTN and FCVTL convert to and from
 * half precision, which Armv8.0 has.
 *
 * <p>Every operation goes through {@link FPCore}, element by element: FPCR.RMode, FZ and DN apply
 * to each element and the FPSR flags accumulate over all of them. Results are built in locals and
 * written last, since Vd may be Vn or Vm.
 */
public final class SimdFpRows {
    private SimdFpRows() {}

    public static Row[] rows() {
        return new Row[] {
            // ---- Advanced SIMD three same (FP): 0 Q U 01110 a sz 1 Rm opcode 1 Rn Rd ----
            v3("FMAXNM (vector)", 0, 0, "11000", "fmaxnm", SimdFpRows::fmaxnmVec, "Floating-point Maximum Number (vector)"),
            v3("FMLA (vector)", 0, 0, "11001", "fmla", SimdFpRows::fmlaVec, "Floating-point fused Multiply-Add to accumulator (vector)"),
            v3("FADD (vector)", 0, 0, "11010", "fadd", SimdFpRows::faddVec, "Floating-point Add (vector)"),
            v3("FMULX", 0, 0, "11011", "fmulx", SimdFpRows::fmulxVec, "Floating-point Multiply extended"),
            v3("FCMEQ (register)", 0, 0, "11100", "fcmeq", SimdFpRows::fcmeqVec, "Floating-point Compare Equal (vector)"),
            v3("FMAX (vector)", 0, 0, "11110", "fmax", SimdFpRows::fmaxVec, "Floating-point Maximum (vector)"),
            v3("FRECPS", 0, 0, "11111", "frecps", SimdFpRows::frecpsVec, "Floating-point Reciprocal Step"),
            v3("FMINNM (vector)", 0, 1, "11000", "fminnm", SimdFpRows::fminnmVec, "Floating-point Minimum Number (vector)"),
            v3("FMLS (vector)", 0, 1, "11001", "fmls", SimdFpRows::fmlsVec, "Floating-point fused Multiply-Subtract from accumulator (vector)"),
            v3("FSUB (vector)", 0, 1, "11010", "fsub", SimdFpRows::fsubVec, "Floating-point Subtract (vector)"),
            v3("FMIN (vector)", 0, 1, "11110", "fmin", SimdFpRows::fminVec, "Floating-point minimum (vector)"),
            v3("FRSQRTS", 0, 1, "11111", "frsqrts", SimdFpRows::frsqrtsVec, "Floating-point Reciprocal Square Root Step"),
            v3("FMAXNMP (vector)", 1, 0, "11000", "fmaxnmp", SimdFpRows::fmaxnmpVec, "Floating-point Maximum Number Pairwise (vector)"),
            v3("FADDP (vector)", 1, 0, "11010", "faddp", SimdFpRows::faddpVec, "Floating-point Add Pairwise (vector)"),
            v3("FMUL (vector)", 1, 0, "11011", "fmul", SimdFpRows::fmulVec, "Floating-point Multiply (vector)"),
            v3("FCMGE (register)", 1, 0, "11100", "fcmge", SimdFpRows::fcmgeVec, "Floating-point Compare Greater than or Equal (vector)"),
            v3("FACGE", 1, 0, "11101", "facge", SimdFpRows::facgeVec, "Floating-point Absolute Compare Greater than or Equal (vector)"),
            v3("FMAXP (vector)", 1, 0, "11110", "fmaxp", SimdFpRows::fmaxpVec, "Floating-point Maximum Pairwise (vector)"),
            v3("FDIV (vector)", 1, 0, "11111", "fdiv", SimdFpRows::fdivVec, "Floating-point Divide (vector)"),
            v3("FMINNMP (vector)", 1, 1, "11000", "fminnmp", SimdFpRows::fminnmpVec, "Floating-point Minimum Number Pairwise (vector)"),
            v3("FABD", 1, 1, "11010", "fabd", SimdFpRows::fabdVec, "Floating-point Absolute Difference (vector)"),
            v3("FCMGT (register)", 1, 1, "11100", "fcmgt", SimdFpRows::fcmgtVec, "Floating-point Compare Greater than (vector)"),
            v3("FACGT", 1, 1, "11101", "facgt", SimdFpRows::facgtVec, "Floating-point Absolute Compare Greater than (vector)"),
            v3("FMINP (vector)", 1, 1, "11110", "fminp", SimdFpRows::fminpVec, "Floating-point Minimum Pairwise (vector)"),

            // ---- Advanced SIMD scalar three same (FP): 01 U 11110 a sz 1 Rm opcode 1 Rn Rd ----
            s3("FMULX", 0, 0, "11011", "fmulx", SimdFpRows::fmulxScalar, "Floating-point Multiply extended"),
            s3("FCMEQ (register)", 0, 0, "11100", "fcmeq", SimdFpRows::fcmeqScalar, "Floating-point Compare Equal (vector)"),
            s3("FRECPS", 0, 0, "11111", "frecps", SimdFpRows::frecpsScalar, "Floating-point Reciprocal Step"),
            s3("FRSQRTS", 0, 1, "11111", "frsqrts", SimdFpRows::frsqrtsScalar, "Floating-point Reciprocal Square Root Step"),
            s3("FCMGE (register)", 1, 0, "11100", "fcmge", SimdFpRows::fcmgeScalar, "Floating-point Compare Greater than or Equal (vector)"),
            s3("FACGE", 1, 0, "11101", "facge", SimdFpRows::facgeScalar, "Floating-point Absolute Compare Greater than or Equal (vector)"),
            s3("FABD", 1, 1, "11010", "fabd", SimdFpRows::fabdScalar, "Floating-point Absolute Difference (vector)"),
            s3("FCMGT (register)", 1, 1, "11100", "fcmgt", SimdFpRows::fcmgtScalar, "Floating-point Compare Greater than (vector)"),
            s3("FACGT", 1, 1, "11101", "facgt", SimdFpRows::facgtScalar, "Floating-point Absolute Compare Greater than (vector)"),

            // ---- Advanced SIMD two-register miscellaneous (FP): 0 Q U 01110 a sz 10000 opcode 10 Rn Rd ----
            v2("FRINTN (vector)", 0, 0, "11000", "frintn", SimdFpRows::frintnVec, "Floating-point Round to Integral, to nearest with ties to even (vector)"),
            v2("FRINTM (vector)", 0, 0, "11001", "frintm", SimdFpRows::frintmVec, "Floating-point Round to Integral, toward Minus infinity (vector)"),
            v2("FCVTNS (vector)", 0, 0, "11010", "fcvtns", SimdFpRows::fcvtnsVec, "Floating-point Convert to Signed integer, rounding to nearest with ties to even (vector)"),
            v2("FCVTMS (vector)", 0, 0, "11011", "fcvtms", SimdFpRows::fcvtmsVec, "Floating-point Convert to Signed integer, rounding toward Minus infinity (vector)"),
            v2("FCVTAS (vector)", 0, 0, "11100", "fcvtas", SimdFpRows::fcvtasVec, "Floating-point Convert to Signed integer, rounding to nearest with ties to Away (vector)"),
            v2("SCVTF (vector, integer)", 0, 0, "11101", "scvtf", SimdFpRows::scvtfVec, "Signed integer Convert to Floating-point (vector)"),
            v2("FRINTP (vector)", 0, 1, "11000", "frintp", SimdFpRows::frintpVec, "Floating-point Round to Integral, toward Plus infinity (vector)"),
            v2("FRINTZ (vector)", 0, 1, "11001", "frintz", SimdFpRows::frintzVec, "Floating-point Round to Integral, toward Zero (vector)"),
            v2("FCVTPS (vector)", 0, 1, "11010", "fcvtps", SimdFpRows::fcvtpsVec, "Floating-point Convert to Signed integer, rounding toward Plus infinity (vector)"),
            v2("FCVTZS (vector, integer)", 0, 1, "11011", "fcvtzs", SimdFpRows::fcvtzsVec, "Floating-point Convert to Signed integer, rounding toward Zero (vector)"),
            v2("URECPE", 0, 1, "11100", "urecpe", SimdFpRows::urecpe, "Unsigned Reciprocal Estimate").excluding("sz=1"),
            v2("FRECPE", 0, 1, "11101", "frecpe", SimdFpRows::frecpeVec, "Floating-point Reciprocal Estimate"),
            v2z("FCMGT (zero)", 0, "01100", "fcmgt", SimdFpRows::fcmgtZeroVec, "Floating-point Compare Greater than zero (vector)"),
            v2z("FCMEQ (zero)", 0, "01101", "fcmeq", SimdFpRows::fcmeqZeroVec, "Floating-point Compare Equal to zero (vector)"),
            v2z("FCMLT (zero)", 0, "01110", "fcmlt", SimdFpRows::fcmltZeroVec, "Floating-point Compare Less than zero (vector)"),
            v2("FABS (vector)", 0, 1, "01111", "fabs", SimdFpRows::fabsVec, "Floating-point Absolute value (vector)"),
            Row.of("FCVTN, FCVTN2", "0 Q:1 0 01110 0 sz:1 10000 10110 10 Vn:5 Vd:5", "fcvtn {Vd.FN}, {Vn.FW}", SimdFpRows::fcvtn)
                .formatter(SimdFpRows::formatNarrowWide).flags(Row.FP)
                .title("Floating-point Convert to lower precision Narrow (vector)"),
            Row.of("FCVTL, FCVTL2", "0 Q:1 0 01110 0 sz:1 10000 10111 10 Vn:5 Vd:5", "fcvtl {Vd.FW}, {Vn.FN}", SimdFpRows::fcvtl)
                .formatter(SimdFpRows::formatNarrowWide).flags(Row.FP)
                .title("Floating-point Convert to higher precision Long (vector)"),
            Row.of("FCVTXN, FCVTXN2", "0 Q:1 1 01110 0 sz:1 10000 10110 10 Vn:5 Vd:5", "fcvtxn {Vd.FN}, {Vn.FW}", SimdFpRows::fcvtxnVec)
                .excluding("sz=0").formatter(SimdFpRows::formatNarrowWide).flags(Row.FP)
                .title("Floating-point Convert to lower precision Narrow, rounding to odd (vector)"),
            v2("FRINTA (vector)", 1, 0, "11000", "frinta", SimdFpRows::frintaVec, "Floating-point Round to Integral, to nearest with ties to Away (vector)"),
            v2("FRINTX (vector)", 1, 0, "11001", "frintx", SimdFpRows::frintxVec, "Floating-point Round to Integral exact, using current rounding mode (vector)"),
            v2("FCVTNU (vector)", 1, 0, "11010", "fcvtnu", SimdFpRows::fcvtnuVec, "Floating-point Convert to Unsigned integer, rounding to nearest with ties to even (vector)"),
            v2("FCVTMU (vector)", 1, 0, "11011", "fcvtmu", SimdFpRows::fcvtmuVec, "Floating-point Convert to Unsigned integer, rounding toward Minus infinity (vector)"),
            v2("FCVTAU (vector)", 1, 0, "11100", "fcvtau", SimdFpRows::fcvtauVec, "Floating-point Convert to Unsigned integer, rounding to nearest with ties to Away (vector)"),
            v2("UCVTF (vector, integer)", 1, 0, "11101", "ucvtf", SimdFpRows::ucvtfVec, "Unsigned integer Convert to Floating-point (vector)"),
            v2("FRINTI (vector)", 1, 1, "11001", "frinti", SimdFpRows::frintiVec, "Floating-point Round to Integral, using current rounding mode (vector)"),
            v2("FCVTPU (vector)", 1, 1, "11010", "fcvtpu", SimdFpRows::fcvtpuVec, "Floating-point Convert to Unsigned integer, rounding toward Plus infinity (vector)"),
            v2("FCVTZU (vector, integer)", 1, 1, "11011", "fcvtzu", SimdFpRows::fcvtzuVec, "Floating-point Convert to Unsigned integer, rounding toward Zero (vector)"),
            v2("URSQRTE", 1, 1, "11100", "ursqrte", SimdFpRows::ursqrte, "Unsigned Reciprocal Square Root Estimate").excluding("sz=1"),
            v2("FRSQRTE", 1, 1, "11101", "frsqrte", SimdFpRows::frsqrteVec, "Floating-point Reciprocal Square Root Estimate"),
            v2z("FCMGE (zero)", 1, "01100", "fcmge", SimdFpRows::fcmgeZeroVec, "Floating-point Compare Greater than or Equal to zero (vector)"),
            v2z("FCMLE (zero)", 1, "01101", "fcmle", SimdFpRows::fcmleZeroVec, "Floating-point Compare Less than or Equal to zero (vector)"),
            v2("FNEG (vector)", 1, 1, "01111", "fneg", SimdFpRows::fnegVec, "Floating-point Negate (vector)"),
            v2("FSQRT (vector)", 1, 1, "11111", "fsqrt", SimdFpRows::fsqrtVec, "Floating-point Square Root (vector)"),

            // ---- Advanced SIMD scalar two-register miscellaneous (FP): 01 U 11110 a sz 10000 opcode 10 Rn Rd ----
            s2("FCVTNS (vector)", 0, 0, "11010", "fcvtns", SimdFpRows::fcvtnsScalar, "Floating-point Convert to Signed integer, rounding to nearest with ties to even (vector)"),
            s2("FCVTMS (vector)", 0, 0, "11011", "fcvtms", SimdFpRows::fcvtmsScalar, "Floating-point Convert to Signed integer, rounding toward Minus infinity (vector)"),
            s2("FCVTAS (vector)", 0, 0, "11100", "fcvtas", SimdFpRows::fcvtasScalar, "Floating-point Convert to Signed integer, rounding to nearest with ties to Away (vector)"),
            s2("SCVTF (vector, integer)", 0, 0, "11101", "scvtf", SimdFpRows::scvtfScalar, "Signed integer Convert to Floating-point (vector)"),
            s2("FCVTPS (vector)", 0, 1, "11010", "fcvtps", SimdFpRows::fcvtpsScalar, "Floating-point Convert to Signed integer, rounding toward Plus infinity (vector)"),
            s2("FCVTZS (vector, integer)", 0, 1, "11011", "fcvtzs", SimdFpRows::fcvtzsScalar, "Floating-point Convert to Signed integer, rounding toward Zero (vector)"),
            s2("FRECPE", 0, 1, "11101", "frecpe", SimdFpRows::frecpeScalar, "Floating-point Reciprocal Estimate"),
            s2("FRECPX", 0, 1, "11111", "frecpx", SimdFpRows::frecpx, "Floating-point Reciprocal exponent (scalar)"),
            s2z("FCMGT (zero)", 0, "01100", "fcmgt", SimdFpRows::fcmgtZeroScalar, "Floating-point Compare Greater than zero (vector)"),
            s2z("FCMEQ (zero)", 0, "01101", "fcmeq", SimdFpRows::fcmeqZeroScalar, "Floating-point Compare Equal to zero (vector)"),
            s2z("FCMLT (zero)", 0, "01110", "fcmlt", SimdFpRows::fcmltZeroScalar, "Floating-point Compare Less than zero (vector)"),
            Row.of("FCVTXN, FCVTXN2", "01 1 11110 0 sz:1 10000 10110 10 Vn:5 Vd:5", "fcvtxn {Sd}, {Dn}", SimdFpRows::fcvtxnScalar)
                .excluding("sz=0").flags(Row.FP)
                .title("Floating-point Convert to lower precision Narrow, rounding to odd (vector)"),
            s2("FCVTNU (vector)", 1, 0, "11010", "fcvtnu", SimdFpRows::fcvtnuScalar, "Floating-point Convert to Unsigned integer, rounding to nearest with ties to even (vector)"),
            s2("FCVTMU (vector)", 1, 0, "11011", "fcvtmu", SimdFpRows::fcvtmuScalar, "Floating-point Convert to Unsigned integer, rounding toward Minus infinity (vector)"),
            s2("FCVTAU (vector)", 1, 0, "11100", "fcvtau", SimdFpRows::fcvtauScalar, "Floating-point Convert to Unsigned integer, rounding to nearest with ties to Away (vector)"),
            s2("UCVTF (vector, integer)", 1, 0, "11101", "ucvtf", SimdFpRows::ucvtfScalar, "Unsigned integer Convert to Floating-point (vector)"),
            s2("FCVTPU (vector)", 1, 1, "11010", "fcvtpu", SimdFpRows::fcvtpuScalar, "Floating-point Convert to Unsigned integer, rounding toward Plus infinity (vector)"),
            s2("FCVTZU (vector, integer)", 1, 1, "11011", "fcvtzu", SimdFpRows::fcvtzuScalar, "Floating-point Convert to Unsigned integer, rounding toward Zero (vector)"),
            s2("FRSQRTE", 1, 1, "11101", "frsqrte", SimdFpRows::frsqrteScalar, "Floating-point Reciprocal Square Root Estimate"),
            s2z("FCMGE (zero)", 1, "01100", "fcmge", SimdFpRows::fcmgeZeroScalar, "Floating-point Compare Greater than or Equal to zero (vector)"),
            s2z("FCMLE (zero)", 1, "01101", "fcmle", SimdFpRows::fcmleZeroScalar, "Floating-point Compare Less than or Equal to zero (vector)"),

            // ---- Advanced SIMD across lanes (FP): 0 Q 1 01110 a sz 11000 opcode 10 Rn Rd; 4S only ----
            across("FMAXNMV", 0, "01100", "fmaxnmv", SimdFpRows::fmaxnmv, "Floating-point Maximum Number across Vector"),
            across("FMAXV", 0, "01111", "fmaxv", SimdFpRows::fmaxv, "Floating-point Maximum across Vector"),
            across("FMINNMV", 1, "01100", "fminnmv", SimdFpRows::fminnmv, "Floating-point Minimum Number across Vector"),
            across("FMINV", 1, "01111", "fminv", SimdFpRows::fminv, "Floating-point Minimum across Vector"),

            // ---- Advanced SIMD scalar pairwise (FP): 01 1 11110 a sz 11000 opcode 10 Rn Rd ----
            pairwise("FMAXNMP (scalar)", 0, "01100", "fmaxnmp", SimdFpRows::fmaxnmpScalar, "Floating-point Maximum Number of Pair of elements (scalar)"),
            pairwise("FADDP (scalar)", 0, "01101", "faddp", SimdFpRows::faddpScalar, "Floating-point Add Pair of elements (scalar)"),
            pairwise("FMAXP (scalar)", 0, "01111", "fmaxp", SimdFpRows::fmaxpScalar, "Floating-point Maximum of Pair of elements (scalar)"),
            pairwise("FMINNMP (scalar)", 1, "01100", "fminnmp", SimdFpRows::fminnmpScalar, "Floating-point Minimum Number of Pair of elements (scalar)"),
            pairwise("FMINP (scalar)", 1, "01111", "fminp", SimdFpRows::fminpScalar, "Floating-point Minimum of Pair of elements (scalar)"),

            // ---- Advanced SIMD (scalar) x indexed element (FP), single and double: size = 1:sz, Rm = M:Rm ----
            byElem("FMLA (by element)", false, 0, "0001", "fmla", SimdFpRows::fmlaElemVec, "Floating-point fused Multiply-Add to accumulator (by element)"),
            byElem("FMLS (by element)", false, 0, "0101", "fmls", SimdFpRows::fmlsElemVec, "Floating-point fused Multiply-Subtract from accumulator (by element)"),
            byElem("FMUL (by element)", false, 0, "1001", "fmul", SimdFpRows::fmulElemVec, "Floating-point Multiply (by element)"),
            byElem("FMULX (by element)", false, 1, "1001", "fmulx", SimdFpRows::fmulxElemVec, "Floating-point Multiply extended (by element)"),
            byElem("FMLA (by element)", true, 0, "0001", "fmla", SimdFpRows::fmlaElemScalar, "Floating-point fused Multiply-Add to accumulator (by element)"),
            byElem("FMLS (by element)", true, 0, "0101", "fmls", SimdFpRows::fmlsElemScalar, "Floating-point fused Multiply-Subtract from accumulator (by element)"),
            byElem("FMUL (by element)", true, 0, "1001", "fmul", SimdFpRows::fmulElemScalar, "Floating-point Multiply (by element)"),
            byElem("FMULX (by element)", true, 1, "1001", "fmulx", SimdFpRows::fmulxElemScalar, "Floating-point Multiply extended (by element)"),
        };
    }

    // ---------------------------------------------------------------- row builders

    /** Vector three same (FP): 2S, 4S, 2D (sz:Q = 10, "1D", is reserved). */
    private static Row v3(String name, int u, int a, String opcode, String mn, Semantics s, String title) {
        return Row.of(name, "0 Q:1 " + u + " 01110 " + a + " sz:1 1 Vm:5 " + opcode + " 1 Vn:5 Vd:5",
                mn + " {Vd.F}, {Vn.F}, {Vm.F}", s).excluding("sz:Q=10").flags(Row.FP).title(title);
    }

    /** Scalar three same (FP): S or D. */
    private static Row s3(String name, int u, int a, String opcode, String mn, Semantics s, String title) {
        return Row.of(name, "01 " + u + " 11110 " + a + " sz:1 1 Vm:5 " + opcode + " 1 Vn:5 Vd:5",
                mn + " {Fd}, {Fn}, {Fm}", s).flags(Row.FP).title(title);
    }

    /** Vector two-register miscellaneous (FP): 2S, 4S, 2D. */
    private static Row v2(String name, int u, int a, String opcode, String mn, Semantics s, String title) {
        return Row.of(name, "0 Q:1 " + u + " 01110 " + a + " sz:1 10000 " + opcode + " 10 Vn:5 Vd:5",
                mn + " {Vd.F}, {Vn.F}", s).excluding("sz:Q=10").flags(Row.FP).title(title);
    }

    /** Vector compare against zero (a = 1). */
    private static Row v2z(String name, int u, String opcode, String mn, Semantics s, String title) {
        return Row.of(name, "0 Q:1 " + u + " 01110 1 sz:1 10000 " + opcode + " 10 Vn:5 Vd:5",
                mn + " {Vd.F}, {Vn.F}, #0.0", s).excluding("sz:Q=10").flags(Row.FP).title(title);
    }

    /** Scalar two-register miscellaneous (FP). */
    private static Row s2(String name, int u, int a, String opcode, String mn, Semantics s, String title) {
        return Row.of(name, "01 " + u + " 11110 " + a + " sz:1 10000 " + opcode + " 10 Vn:5 Vd:5",
                mn + " {Fd}, {Fn}", s).flags(Row.FP).title(title);
    }

    /** Scalar compare against zero (a = 1). */
    private static Row s2z(String name, int u, String opcode, String mn, Semantics s, String title) {
        return Row.of(name, "01 " + u + " 11110 1 sz:1 10000 " + opcode + " 10 Vn:5 Vd:5",
                mn + " {Fd}, {Fn}, #0.0", s).flags(Row.FP).title(title);
    }

    /** Across lanes (FP): only sz:Q = 01 (4S) exists without FEAT_FP16. */
    private static Row across(String name, int a, String opcode, String mn, Semantics s, String title) {
        return Row.of(name, "0 Q:1 1 01110 " + a + " sz:1 11000 " + opcode + " 10 Vn:5 Vd:5",
                mn + " {Sd}, {Vn.F}", s).excluding("sz:Q=00", "sz:Q=10", "sz:Q=11").flags(Row.FP).title(title);
    }

    /** Scalar pairwise (FP): S from a 2S pair, D from a 2D pair. */
    private static Row pairwise(String name, int a, String opcode, String mn, Semantics s, String title) {
        return Row.of(name, "01 1 11110 " + a + " sz:1 11000 " + opcode + " 10 Vn:5 Vd:5", mn + " {Fd}, {Vn}", s)
                .formatter(SimdFpRows::formatPairwise).flags(Row.FP).title(title);
    }

    /** (Scalar) x indexed element (FP): index H:L (S) or H (D, L = 1 reserved); vector 1D reserved. */
    private static Row byElem(String name, boolean scalar, int u, String opcode, String mn, Semantics s, String title) {
        String top = scalar ? "01 " + u + " 11111" : "0 Q:1 " + u + " 01111";
        Row r = Row.of(name, top + " 1 sz:1 L:1 Vm:5 " + opcode + " H:1 0 Vn:5 Vd:5", mn, s)
                .formatter(SimdFpRows::formatByElement).flags(Row.FP).title(title);
        return scalar ? r.excluding("sz:L=11") : r.excluding("sz:L=11", "sz:Q=10");
    }

    // ---------------------------------------------------------------- disassembly

    private static final String[] ARR = {"8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"};

    private static String mnemonic(Row row) {
        int sp = row.asm.indexOf(' ');
        return sp < 0 ? row.asm : row.asm.substring(0, sp);
    }

    /** FCVTN/FCVTXN (narrow: Vd has sz + 1, Vn sz + 2) and FCVTL (the reverse), with the "2" suffix when Q. */
    static String formatNarrowWide(Row row, int insn, long pc) {
        int q = (insn >>> 30) & 1, sz = (insn >>> 22) & 1, d = insn & 31, n = (insn >>> 5) & 31;
        String narrow = ARR[(sz + 1) * 2 + q], wide = ARR[(sz + 2) * 2 + 1];
        boolean lengthen = row.name.startsWith("FCVTL");
        return mnemonic(row) + (q == 1 ? "2 " : " ") + "v" + d + "." + (lengthen ? wide : narrow)
                + ", v" + n + "." + (lengthen ? narrow : wide);
    }

    /** Scalar pairwise: {@code faddp s0, v1.2s} / {@code faddp d0, v1.2d}. */
    static String formatPairwise(Row row, int insn, long pc) {
        int sz = (insn >>> 22) & 1, d = insn & 31, n = (insn >>> 5) & 31;
        return mnemonic(row) + " " + (sz == 0 ? "s" : "d") + d + ", v" + n + (sz == 0 ? ".2s" : ".2d");
    }

    /** By element: {@code fmla v0.4s, v1.4s, v2.s[3]} / {@code fmla s0, s1, v2.s[3]}. */
    static String formatByElement(Row row, int insn, long pc) {
        int q = (insn >>> 30) & 1, sz = (insn >>> 22) & 1, d = insn & 31, n = (insn >>> 5) & 31, m = (insn >>> 16) & 31;
        int h = (insn >>> 11) & 1, l = (insn >>> 21) & 1, index = sz == 0 ? h << 1 | l : h;
        String e = sz == 0 ? "s" : "d";
        boolean scalar = (insn & 1 << 28) != 0;
        String ops = scalar ? e + d + ", " + e + n : "v" + d + "." + ARR[(sz + 2) * 2 + q] + ", v" + n + "." + ARR[(sz + 2) * 2 + q];
        return mnemonic(row) + " " + ops + ", v" + m + "." + e + "[" + index + "]";
    }

    // ---------------------------------------------------------------- two-operand operations

    static final int ADD = 0, SUB = 1, MUL = 2, MULX = 3, DIV = 4, MAX = 5, MIN = 6, MAXNM = 7, MINNM = 8,
            ABD = 9, RECPS = 10, RSQRTS = 11, CMEQ = 12, CMGE = 13, CMGT = 14, ACGE = 15, ACGT = 16,
            MLA = 17, MLS = 18;

    /**
     * One element of a two-operand operation: a is element1 (from Vn), b element2 (from Vm), acc
     * the accumulator (Vd's element, for MLA/MLS). A comparison gives all ones or zero; callers
     * mask the result to the element size.
     */
    static long binop(int op, long a, long b, long acc, int esize, Cpu c) {
        switch (op) {
            case ADD: return FPCore.add(a, b, esize, c);
            case SUB: return FPCore.sub(a, b, esize, c);
            case MUL: return FPCore.mul(a, b, esize, c);
            case MULX: return FPCore.mulX(a, b, esize, c);
            case DIV: return FPCore.div(a, b, esize, c);
            case MAX: return FPCore.max(a, b, esize, c);
            case MIN: return FPCore.min(a, b, esize, c);
            case MAXNM: return FPCore.maxNum(a, b, esize, c);
            case MINNM: return FPCore.minNum(a, b, esize, c);
            case ABD: return FPCore.absDiff(a, b, esize, c);
            case RECPS: return FPCore.recipStepFused(a, b, esize, c);
            case RSQRTS: return FPCore.rsqrtStepFused(a, b, esize, c);
            case CMEQ: return FPCore.compareEQ(a, b, esize, c) ? -1L : 0;
            case CMGE: return FPCore.compareGE(a, b, esize, c) ? -1L : 0;
            case CMGT: return FPCore.compareGT(a, b, esize, c) ? -1L : 0;
            case ACGE: return FPCore.compareGE(FPCore.abs(a, esize), FPCore.abs(b, esize), esize, c) ? -1L : 0;
            case ACGT: return FPCore.compareGT(FPCore.abs(a, esize), FPCore.abs(b, esize), esize, c) ? -1L : 0;
            case MLA: return FPCore.mulAdd(acc, a, b, esize, c);
            case MLS: return FPCore.mulAdd(acc, FPCore.neg(a, esize), b, esize, c);
            default: throw new IllegalStateException("binop " + op);
        }
    }

    /** Vector three same: element-wise Vn op Vm (accumulating into Vd for MLA/MLS). */
    static void vec3(Cpu c, int i, int op) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 1, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        int es = 2 + sz, esize = 32 << sz, elems = (q ? 4 : 2) >> sz;
        long mask = Vreg.mask(es), rlo = 0, rhi = 0;
        for (int e = 0; e < elems; e++) {
            long acc = op >= MLA ? Vreg.elem(c, d, e, es) : 0;
            long r = binop(op, Vreg.elem(c, n, e, es), Vreg.elem(c, m, e, es), acc, esize, c) & mask;
            if (e < (2 >> sz)) rlo = Vreg.insert(rlo, e, es, r); else rhi = Vreg.insert(rhi, e, es, r);
        }
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** Vector pairwise: the concatenation Vm:Vn, adjacent elements combined (result e from 2e, 2e + 1). */
    static void vecPair(Cpu c, int i, int op) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 1, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        int es = 2 + sz, esize = 32 << sz, elems = (q ? 4 : 2) >> sz;
        long mask = Vreg.mask(es), rlo = 0, rhi = 0;
        for (int e = 0; e < elems; e++) {
            int k = 2 * e;
            long a = k < elems ? Vreg.elem(c, n, k, es) : Vreg.elem(c, m, k - elems, es);
            long b = k + 1 < elems ? Vreg.elem(c, n, k + 1, es) : Vreg.elem(c, m, k + 1 - elems, es);
            long r = binop(op, a, b, 0, esize, c) & mask;
            if (e < (2 >> sz)) rlo = Vreg.insert(rlo, e, es, r); else rhi = Vreg.insert(rhi, e, es, r);
        }
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** Scalar three same: Sn op Sm or Dn op Dm. */
    static void scalar3(Cpu c, int i, int op) {
        int sz = (i >>> 22) & 1, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        int es = 2 + sz;
        long r = binop(op, Vreg.scalar(c, n, es), Vreg.scalar(c, m, es), 0, 32 << sz, c);
        Vreg.setScalar(c, d, es, r);
    }

    /** The by-element index: H:L for singles, H for doubles. */
    private static int elemIndex(int i, int sz) {
        int h = (i >>> 11) & 1;
        return sz == 0 ? h << 1 | (i >>> 21) & 1 : h;
    }

    /** Vector x indexed element: Vn[e] op Vm[index] (accumulating into Vd[e] for MLA/MLS). */
    static void vecElem(Cpu c, int i, int op) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 1, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        int es = 2 + sz, esize = 32 << sz, elems = (q ? 4 : 2) >> sz;
        long b = Vreg.elem(c, m, elemIndex(i, sz), es);
        long mask = Vreg.mask(es), rlo = 0, rhi = 0;
        for (int e = 0; e < elems; e++) {
            long acc = op >= MLA ? Vreg.elem(c, d, e, es) : 0;
            long r = binop(op, Vreg.elem(c, n, e, es), b, acc, esize, c) & mask;
            if (e < (2 >> sz)) rlo = Vreg.insert(rlo, e, es, r); else rhi = Vreg.insert(rhi, e, es, r);
        }
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** Scalar x indexed element. */
    static void scalarElem(Cpu c, int i, int op) {
        int sz = (i >>> 22) & 1, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        int es = 2 + sz;
        long acc = op >= MLA ? Vreg.scalar(c, d, es) : 0;
        long r = binop(op, Vreg.scalar(c, n, es), Vreg.elem(c, m, elemIndex(i, sz), es), acc, 32 << sz, c);
        Vreg.setScalar(c, d, es, r);
    }

    /** Scalar pairwise: element 0 op element 1 of Vn. */
    static void scalarPair(Cpu c, int i, int op) {
        int sz = (i >>> 22) & 1, d = i & 31, n = (i >>> 5) & 31;
        int es = 2 + sz;
        long r = binop(op, Vreg.elem(c, n, 0, es), Vreg.elem(c, n, 1, es), 0, 32 << sz, c);
        Vreg.setScalar(c, d, es, r);
    }

    /** Across lanes (4S): the Arm ARM's Reduce(), a pairwise tree: op(op(e0, e1), op(e2, e3)). */
    static void acrossLanes(Cpu c, int i, int op) {
        int d = i & 31, n = (i >>> 5) & 31;
        long hi = binop(op, Vreg.elem(c, n, 2, 2), Vreg.elem(c, n, 3, 2), 0, 32, c);
        long lo = binop(op, Vreg.elem(c, n, 0, 2), Vreg.elem(c, n, 1, 2), 0, 32, c);
        Vreg.setScalar(c, d, 2, binop(op, lo, hi, 0, 32, c));
    }

    // ---------------------------------------------------------------- one-operand operations

    /** Rounding-mode ops are laid out as base + FPCore mode (RN, RP, RM, RZ, RA). */
    static final int RINT = 0, /* RINTN..RINTA = 0..4 */ RINTX = 5, RINTI = 6,
            CVTS = 7, /* FCVT{N,P,M,Z,A}S = 7..11 */ CVTU = 12, /* FCVT{N,P,M,Z,A}U = 12..16 */
            SCVTF = 17, UCVTF = 18, RECPE = 19, RSQRTE = 20, RECPX = 21, ABS = 22, NEG = 23, SQRT = 24,
            CMGT0 = 25, CMEQ0 = 26, CMLT0 = 27, CMGE0 = 28, CMLE0 = 29, URECPE = 30, URSQRTE = 31;

    /** One element of a one-operand operation (comparisons give all ones or zero; callers mask). */
    static long unop(int op, long a, int esize, Cpu c) {
        switch (op) {
            case RINT + FPCore.RN: case RINT + FPCore.RP: case RINT + FPCore.RM: case RINT + FPCore.RZ: case RINT + FPCore.RA:
                return FPCore.roundInt(a, esize, op - RINT, false, c);
            case RINTX: return FPCore.roundInt(a, esize, FPCore.rmode(c), true, c);
            case RINTI: return FPCore.roundInt(a, esize, FPCore.rmode(c), false, c);
            case CVTS + FPCore.RN: case CVTS + FPCore.RP: case CVTS + FPCore.RM: case CVTS + FPCore.RZ: case CVTS + FPCore.RA:
                return FPCore.toFixed(a, esize, 0, false, op - CVTS, esize, c);
            case CVTU + FPCore.RN: case CVTU + FPCore.RP: case CVTU + FPCore.RM: case CVTU + FPCore.RZ: case CVTU + FPCore.RA:
                return FPCore.toFixed(a, esize, 0, true, op - CVTU, esize, c);
            case SCVTF: return FPCore.fixedToFP(a, esize, 0, false, esize, FPCore.rmode(c), c);
            case UCVTF: return FPCore.fixedToFP(a, esize, 0, true, esize, FPCore.rmode(c), c);
            case RECPE: return FPCore.recipEstimate(a, esize, c);
            case RSQRTE: return FPCore.rsqrtEstimate(a, esize, c);
            case RECPX: return FPCore.recpX(a, esize, c);
            case ABS: return FPCore.abs(a, esize);
            case NEG: return FPCore.neg(a, esize);
            case SQRT: return FPCore.sqrt(a, esize, c);
            case CMGT0: return FPCore.compareGT(a, 0, esize, c) ? -1L : 0;
            case CMEQ0: return FPCore.compareEQ(a, 0, esize, c) ? -1L : 0;
            case CMLT0: return FPCore.compareGT(0, a, esize, c) ? -1L : 0;
            case CMGE0: return FPCore.compareGE(a, 0, esize, c) ? -1L : 0;
            case CMLE0: return FPCore.compareGE(0, a, esize, c) ? -1L : 0;
            case URECPE: return FPCore.unsignedRecipEstimate((int) a);
            case URSQRTE: return FPCore.unsignedRSqrtEstimate((int) a);
            default: throw new IllegalStateException("unop " + op);
        }
    }

    /** Vector two-register miscellaneous: op on every element of Vn. */
    static void vec1(Cpu c, int i, int op) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 1, d = i & 31, n = (i >>> 5) & 31;
        int es = 2 + sz, esize = 32 << sz, elems = (q ? 4 : 2) >> sz;
        long mask = Vreg.mask(es), rlo = 0, rhi = 0;
        for (int e = 0; e < elems; e++) {
            long r = unop(op, Vreg.elem(c, n, e, es), esize, c) & mask;
            if (e < (2 >> sz)) rlo = Vreg.insert(rlo, e, es, r); else rhi = Vreg.insert(rhi, e, es, r);
        }
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** Scalar two-register miscellaneous. */
    static void scalar1(Cpu c, int i, int op) {
        int sz = (i >>> 22) & 1, d = i & 31, n = (i >>> 5) & 31;
        int es = 2 + sz;
        Vreg.setScalar(c, d, es, unop(op, Vreg.scalar(c, n, es), 32 << sz, c));
    }

    /**
     * FCVTN/FCVTXN: each 2×esize element of Vn converted to esize (esize = 16 << sz), into the
     * low half of Vd (upper half zeroed) or, for the "2" form, the high half (low half kept).
     */
    static void narrow(Cpu c, int i, boolean odd) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 1, d = i & 31, n = (i >>> 5) & 31;
        int to = 16 << sz, from = 32 << sz, ts = 1 + sz, fs = 2 + sz, elems = 4 >> sz;
        int rmode = odd ? FPCore.RO : FPCore.rmode(c);
        long mask = Vreg.mask(ts), r = 0;
        for (int e = 0; e < elems; e++) {
            r = Vreg.insert(r, e, ts, FPCore.convert(Vreg.elem(c, n, e, fs), from, to, rmode, c) & mask);
        }
        if (q) Vreg.setQ(c, d, Vreg.lo(c, d), r); else Vreg.setD(c, d, r);
    }

    static void fcvtn(Cpu c, int i) { narrow(c, i, false); }

    static void fcvtxnVec(Cpu c, int i) { narrow(c, i, true); }

    /** FCVTXN (scalar): Dn to Sd, rounding to odd. */
    static void fcvtxnScalar(Cpu c, int i) {
        int d = i & 31, n = (i >>> 5) & 31;
        Vreg.setScalar(c, d, 2, FPCore.convert(Vreg.scalar(c, n, 3), 64, 32, FPCore.RO, c));
    }

    /** FCVTL/FCVTL2: the esize elements of Vn's low (high for "2") half widened to 2×esize. */
    static void fcvtl(Cpu c, int i) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 1, d = i & 31, n = (i >>> 5) & 31;
        int from = 16 << sz, to = 32 << sz, fs = 1 + sz, ts = 2 + sz, elems = 4 >> sz;
        long src = q ? Vreg.hi(c, n) : Vreg.lo(c, n);
        long fmask = Vreg.mask(fs), tmask = Vreg.mask(ts), rlo = 0, rhi = 0;
        int rmode = FPCore.rmode(c);
        for (int e = 0; e < elems; e++) {
            long r = FPCore.convert((src >>> (e * from)) & fmask, from, to, rmode, c) & tmask;
            if (e < (2 >> sz)) rlo = Vreg.insert(rlo, e, ts, r); else rhi = Vreg.insert(rhi, e, ts, r);
        }
        Vreg.setQ(c, d, rlo, rhi);
    }

    // ---------------------------------------------------------------- row semantics

    static void fmaxnmVec(Cpu c, int i) { vec3(c, i, MAXNM); }
    static void fmlaVec(Cpu c, int i) { vec3(c, i, MLA); }
    static void faddVec(Cpu c, int i) { vec3(c, i, ADD); }
    static void fmulxVec(Cpu c, int i) { vec3(c, i, MULX); }
    static void fcmeqVec(Cpu c, int i) { vec3(c, i, CMEQ); }
    static void fmaxVec(Cpu c, int i) { vec3(c, i, MAX); }
    static void frecpsVec(Cpu c, int i) { vec3(c, i, RECPS); }
    static void fminnmVec(Cpu c, int i) { vec3(c, i, MINNM); }
    static void fmlsVec(Cpu c, int i) { vec3(c, i, MLS); }
    static void fsubVec(Cpu c, int i) { vec3(c, i, SUB); }
    static void fminVec(Cpu c, int i) { vec3(c, i, MIN); }
    static void frsqrtsVec(Cpu c, int i) { vec3(c, i, RSQRTS); }
    static void fmaxnmpVec(Cpu c, int i) { vecPair(c, i, MAXNM); }
    static void faddpVec(Cpu c, int i) { vecPair(c, i, ADD); }
    static void fmulVec(Cpu c, int i) { vec3(c, i, MUL); }
    static void fcmgeVec(Cpu c, int i) { vec3(c, i, CMGE); }
    static void facgeVec(Cpu c, int i) { vec3(c, i, ACGE); }
    static void fmaxpVec(Cpu c, int i) { vecPair(c, i, MAX); }
    static void fdivVec(Cpu c, int i) { vec3(c, i, DIV); }
    static void fminnmpVec(Cpu c, int i) { vecPair(c, i, MINNM); }
    static void fabdVec(Cpu c, int i) { vec3(c, i, ABD); }
    static void fcmgtVec(Cpu c, int i) { vec3(c, i, CMGT); }
    static void facgtVec(Cpu c, int i) { vec3(c, i, ACGT); }
    static void fminpVec(Cpu c, int i) { vecPair(c, i, MIN); }

    static void fmulxScalar(Cpu c, int i) { scalar3(c, i, MULX); }
    static void fcmeqScalar(Cpu c, int i) { scalar3(c, i, CMEQ); }
    static void frecpsScalar(Cpu c, int i) { scalar3(c, i, RECPS); }
    static void frsqrtsScalar(Cpu c, int i) { scalar3(c, i, RSQRTS); }
    static void fcmgeScalar(Cpu c, int i) { scalar3(c, i, CMGE); }
    static void facgeScalar(Cpu c, int i) { scalar3(c, i, ACGE); }
    static void fabdScalar(Cpu c, int i) { scalar3(c, i, ABD); }
    static void fcmgtScalar(Cpu c, int i) { scalar3(c, i, CMGT); }
    static void facgtScalar(Cpu c, int i) { scalar3(c, i, ACGT); }

    static void frintnVec(Cpu c, int i) { vec1(c, i, RINT + FPCore.RN); }
    static void frintmVec(Cpu c, int i) { vec1(c, i, RINT + FPCore.RM); }
    static void frintpVec(Cpu c, int i) { vec1(c, i, RINT + FPCore.RP); }
    static void frintzVec(Cpu c, int i) { vec1(c, i, RINT + FPCore.RZ); }
    static void frintaVec(Cpu c, int i) { vec1(c, i, RINT + FPCore.RA); }
    static void frintxVec(Cpu c, int i) { vec1(c, i, RINTX); }
    static void frintiVec(Cpu c, int i) { vec1(c, i, RINTI); }
    static void fcvtnsVec(Cpu c, int i) { vec1(c, i, CVTS + FPCore.RN); }
    static void fcvtmsVec(Cpu c, int i) { vec1(c, i, CVTS + FPCore.RM); }
    static void fcvtasVec(Cpu c, int i) { vec1(c, i, CVTS + FPCore.RA); }
    static void fcvtpsVec(Cpu c, int i) { vec1(c, i, CVTS + FPCore.RP); }
    static void fcvtzsVec(Cpu c, int i) { vec1(c, i, CVTS + FPCore.RZ); }
    static void fcvtnuVec(Cpu c, int i) { vec1(c, i, CVTU + FPCore.RN); }
    static void fcvtmuVec(Cpu c, int i) { vec1(c, i, CVTU + FPCore.RM); }
    static void fcvtauVec(Cpu c, int i) { vec1(c, i, CVTU + FPCore.RA); }
    static void fcvtpuVec(Cpu c, int i) { vec1(c, i, CVTU + FPCore.RP); }
    static void fcvtzuVec(Cpu c, int i) { vec1(c, i, CVTU + FPCore.RZ); }
    static void scvtfVec(Cpu c, int i) { vec1(c, i, SCVTF); }
    static void ucvtfVec(Cpu c, int i) { vec1(c, i, UCVTF); }
    static void urecpe(Cpu c, int i) { vec1(c, i, URECPE); }
    static void ursqrte(Cpu c, int i) { vec1(c, i, URSQRTE); }
    static void frecpeVec(Cpu c, int i) { vec1(c, i, RECPE); }
    static void frsqrteVec(Cpu c, int i) { vec1(c, i, RSQRTE); }
    static void fcmgtZeroVec(Cpu c, int i) { vec1(c, i, CMGT0); }
    static void fcmeqZeroVec(Cpu c, int i) { vec1(c, i, CMEQ0); }
    static void fcmltZeroVec(Cpu c, int i) { vec1(c, i, CMLT0); }
    static void fcmgeZeroVec(Cpu c, int i) { vec1(c, i, CMGE0); }
    static void fcmleZeroVec(Cpu c, int i) { vec1(c, i, CMLE0); }
    static void fabsVec(Cpu c, int i) { vec1(c, i, ABS); }
    static void fnegVec(Cpu c, int i) { vec1(c, i, NEG); }
    static void fsqrtVec(Cpu c, int i) { vec1(c, i, SQRT); }

    static void fcvtnsScalar(Cpu c, int i) { scalar1(c, i, CVTS + FPCore.RN); }
    static void fcvtmsScalar(Cpu c, int i) { scalar1(c, i, CVTS + FPCore.RM); }
    static void fcvtasScalar(Cpu c, int i) { scalar1(c, i, CVTS + FPCore.RA); }
    static void fcvtpsScalar(Cpu c, int i) { scalar1(c, i, CVTS + FPCore.RP); }
    static void fcvtzsScalar(Cpu c, int i) { scalar1(c, i, CVTS + FPCore.RZ); }
    static void fcvtnuScalar(Cpu c, int i) { scalar1(c, i, CVTU + FPCore.RN); }
    static void fcvtmuScalar(Cpu c, int i) { scalar1(c, i, CVTU + FPCore.RM); }
    static void fcvtauScalar(Cpu c, int i) { scalar1(c, i, CVTU + FPCore.RA); }
    static void fcvtpuScalar(Cpu c, int i) { scalar1(c, i, CVTU + FPCore.RP); }
    static void fcvtzuScalar(Cpu c, int i) { scalar1(c, i, CVTU + FPCore.RZ); }
    static void scvtfScalar(Cpu c, int i) { scalar1(c, i, SCVTF); }
    static void ucvtfScalar(Cpu c, int i) { scalar1(c, i, UCVTF); }
    static void frecpeScalar(Cpu c, int i) { scalar1(c, i, RECPE); }
    static void frsqrteScalar(Cpu c, int i) { scalar1(c, i, RSQRTE); }
    static void frecpx(Cpu c, int i) { scalar1(c, i, RECPX); }
    static void fcmgtZeroScalar(Cpu c, int i) { scalar1(c, i, CMGT0); }
    static void fcmeqZeroScalar(Cpu c, int i) { scalar1(c, i, CMEQ0); }
    static void fcmltZeroScalar(Cpu c, int i) { scalar1(c, i, CMLT0); }
    static void fcmgeZeroScalar(Cpu c, int i) { scalar1(c, i, CMGE0); }
    static void fcmleZeroScalar(Cpu c, int i) { scalar1(c, i, CMLE0); }

    static void fmaxnmv(Cpu c, int i) { acrossLanes(c, i, MAXNM); }
    static void fmaxv(Cpu c, int i) { acrossLanes(c, i, MAX); }
    static void fminnmv(Cpu c, int i) { acrossLanes(c, i, MINNM); }
    static void fminv(Cpu c, int i) { acrossLanes(c, i, MIN); }

    static void fmaxnmpScalar(Cpu c, int i) { scalarPair(c, i, MAXNM); }
    static void faddpScalar(Cpu c, int i) { scalarPair(c, i, ADD); }
    static void fmaxpScalar(Cpu c, int i) { scalarPair(c, i, MAX); }
    static void fminnmpScalar(Cpu c, int i) { scalarPair(c, i, MINNM); }
    static void fminpScalar(Cpu c, int i) { scalarPair(c, i, MIN); }

    static void fmlaElemVec(Cpu c, int i) { vecElem(c, i, MLA); }
    static void fmlsElemVec(Cpu c, int i) { vecElem(c, i, MLS); }
    static void fmulElemVec(Cpu c, int i) { vecElem(c, i, MUL); }
    static void fmulxElemVec(Cpu c, int i) { vecElem(c, i, MULX); }
    static void fmlaElemScalar(Cpu c, int i) { scalarElem(c, i, MLA); }
    static void fmlsElemScalar(Cpu c, int i) { scalarElem(c, i, MLS); }
    static void fmulElemScalar(Cpu c, int i) { scalarElem(c, i, MUL); }
    static void fmulxElemScalar(Cpu c, int i) { scalarElem(c, i, MULX); }
}
