package dev.jaffa.interp.simd;

import static dev.jaffa.interp.simd.IntOps.*;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.isa.Row;
import dev.jaffa.interp.isa.Semantics;

/**
 * Advanced SIMD integer instructions (vector and scalar forms): three same, three different,
 * two-register miscellaneous, across lanes, scalar pairwise ADDP and by element, Armv8.0. The
 * logical three-same forms, the shifts by immediate, the moves and permutes, PMULL and the FP forms
 * belong to the other groups; RDM (SQRDMLAH, SQRDMLSH) and the dot products stay UNDEFINED.
 * Element semantics and loops are in {@link IntOps}, disassembly beyond {@code Template} in
 * {@link IntFormat}.
 */
public final class SimdIntRows {
    private SimdIntRows() {}

    // Encoding classes; U and the opcode are substituted per row.
    private static final String SAME = "0 Q:1 U 01110 size:2 1 Vm:5 OPC 1 Vn:5 Vd:5";
    private static final String SAME_S = "01 U 11110 size:2 1 Vm:5 OPC 1 Vn:5 Vd:5";
    private static final String SAME_SD = "01 U 11110 11 1 Vm:5 OPC 1 Vn:5 Vd:5";
    private static final String DIFF = "0 Q:1 U 01110 size:2 1 Vm:5 OPC 00 Vn:5 Vd:5";
    private static final String DIFF_S = "01 U 11110 size:2 1 Vm:5 OPC 00 Vn:5 Vd:5";
    private static final String MISC = "0 Q:1 U 01110 size:2 10000 OPC 10 Vn:5 Vd:5";
    private static final String MISC_S = "01 U 11110 size:2 10000 OPC 10 Vn:5 Vd:5";
    private static final String MISC_SD = "01 U 11110 11 10000 OPC 10 Vn:5 Vd:5";
    private static final String ACROSS = "0 Q:1 U 01110 size:2 11000 OPC 10 Vn:5 Vd:5";
    private static final String ELEM = "0 Q:1 U 01111 size:2 L:1 M:1 Vm:4 OPC H:1 0 Vn:5 Vd:5";
    private static final String ELEM_S = "01 U 11111 size:2 L:1 M:1 Vm:4 OPC H:1 0 Vn:5 Vd:5";

    private static final String NO_D = "size=11", NO_2D1D = "size:Q=110";

    /** A row of an encoding class: the U bit and opcode substituted, flag FP, the manual's title. */
    private static Row r(String name, String cls, int u, String opc, String asm, Semantics s, String title) {
        return Row.of(name, cls.replace("U", Integer.toString(u)).replace("OPC", opc), asm, s).flags(Row.FP).title(title);
    }

    /** As {@link #r}, disassembled by {@link IntFormat} (the "2" forms, element indexes, ...). */
    private static Row f(String name, String cls, int u, String opc, String asm, Semantics s, String title) {
        return r(name, cls, u, opc, asm, s, title).formatter(IntFormat::format);
    }

    private static final String T3 = " {Vd.T}, {Vn.T}, {Vm.T}", E3 = " {Ed}, {En}, {Em}", D3 = " {Dd}, {Dn}, {Dm}";
    private static final String T2 = " {Vd.T}, {Vn.T}", E2 = " {Ed}, {En}", D2 = " {Dd}, {Dn}";

    public static Row[] rows() {
        return new Row[] {
            // ---- Advanced SIMD three same (integer) ----
            r("SHADD", SAME, 0, "00000", "shadd" + T3, SimdIntRows::shadd, "Signed Halving Add").excluding(NO_D),
            r("SQADD", SAME, 0, "00001", "sqadd" + T3, SimdIntRows::sqadd, "Signed saturating Add").excluding(NO_2D1D),
            r("SRHADD", SAME, 0, "00010", "srhadd" + T3, SimdIntRows::srhadd, "Signed Rounding Halving Add").excluding(NO_D),
            r("SHSUB", SAME, 0, "00100", "shsub" + T3, SimdIntRows::shsub, "Signed Halving Subtract").excluding(NO_D),
            r("SQSUB", SAME, 0, "00101", "sqsub" + T3, SimdIntRows::sqsub, "Signed saturating Subtract").excluding(NO_2D1D),
            r("CMGT (register)", SAME, 0, "00110", "cmgt" + T3, SimdIntRows::cmgt, "Compare signed Greater than (vector)").excluding(NO_2D1D),
            r("CMGE (register)", SAME, 0, "00111", "cmge" + T3, SimdIntRows::cmge, "Compare signed Greater than or Equal (vector)").excluding(NO_2D1D),
            r("SSHL", SAME, 0, "01000", "sshl" + T3, SimdIntRows::sshl, "Signed Shift Left (register)").excluding(NO_2D1D),
            r("SQSHL (register)", SAME, 0, "01001", "sqshl" + T3, SimdIntRows::sqshl, "Signed saturating Shift Left (register)").excluding(NO_2D1D),
            r("SRSHL", SAME, 0, "01010", "srshl" + T3, SimdIntRows::srshl, "Signed Rounding Shift Left (register)").excluding(NO_2D1D),
            r("SQRSHL", SAME, 0, "01011", "sqrshl" + T3, SimdIntRows::sqrshl, "Signed saturating Rounding Shift Left (register)").excluding(NO_2D1D),
            r("SMAX", SAME, 0, "01100", "smax" + T3, SimdIntRows::smax, "Signed Maximum (vector)").excluding(NO_D),
            r("SMIN", SAME, 0, "01101", "smin" + T3, SimdIntRows::smin, "Signed Minimum (vector)").excluding(NO_D),
            r("SABD", SAME, 0, "01110", "sabd" + T3, SimdIntRows::sabd, "Signed Absolute Difference").excluding(NO_D),
            r("SABA", SAME, 0, "01111", "saba" + T3, SimdIntRows::saba, "Signed Absolute difference and Accumulate").excluding(NO_D),
            r("ADD (vector)", SAME, 0, "10000", "add" + T3, SimdIntRows::addVector, "Add (vector)").excluding(NO_2D1D),
            r("CMTST", SAME, 0, "10001", "cmtst" + T3, SimdIntRows::cmtst, "Compare bitwise Test bits nonzero (vector)").excluding(NO_2D1D),
            r("MLA (vector)", SAME, 0, "10010", "mla" + T3, SimdIntRows::mla, "Multiply-Add to accumulator (vector)").excluding(NO_D),
            r("MUL (vector)", SAME, 0, "10011", "mul" + T3, SimdIntRows::mul, "Multiply (vector)").excluding(NO_D),
            r("SMAXP", SAME, 0, "10100", "smaxp" + T3, SimdIntRows::smaxp, "Signed Maximum Pairwise").excluding(NO_D),
            r("SMINP", SAME, 0, "10101", "sminp" + T3, SimdIntRows::sminp, "Signed Minimum Pairwise").excluding(NO_D),
            r("SQDMULH (vector)", SAME, 0, "10110", "sqdmulh" + T3, SimdIntRows::sqdmulh, "Signed saturating Doubling Multiply returning High half").excluding("size=00", NO_D),
            r("ADDP (vector)", SAME, 0, "10111", "addp" + T3, SimdIntRows::addp, "Add Pairwise (vector)").excluding(NO_2D1D),
            r("UHADD", SAME, 1, "00000", "uhadd" + T3, SimdIntRows::uhadd, "Unsigned Halving Add").excluding(NO_D),
            r("UQADD", SAME, 1, "00001", "uqadd" + T3, SimdIntRows::uqadd, "Unsigned saturating Add").excluding(NO_2D1D),
            r("URHADD", SAME, 1, "00010", "urhadd" + T3, SimdIntRows::urhadd, "Unsigned Rounding Halving Add").excluding(NO_D),
            r("UHSUB", SAME, 1, "00100", "uhsub" + T3, SimdIntRows::uhsub, "Unsigned Halving Subtract").excluding(NO_D),
            r("UQSUB", SAME, 1, "00101", "uqsub" + T3, SimdIntRows::uqsub, "Unsigned saturating Subtract").excluding(NO_2D1D),
            r("CMHI (register)", SAME, 1, "00110", "cmhi" + T3, SimdIntRows::cmhi, "Compare unsigned Higher (vector)").excluding(NO_2D1D),
            r("CMHS (register)", SAME, 1, "00111", "cmhs" + T3, SimdIntRows::cmhs, "Compare unsigned Higher or Same (vector)").excluding(NO_2D1D),
            r("USHL", SAME, 1, "01000", "ushl" + T3, SimdIntRows::ushl, "Unsigned Shift Left (register)").excluding(NO_2D1D),
            r("UQSHL (register)", SAME, 1, "01001", "uqshl" + T3, SimdIntRows::uqshl, "Unsigned saturating Shift Left (register)").excluding(NO_2D1D),
            r("URSHL", SAME, 1, "01010", "urshl" + T3, SimdIntRows::urshl, "Unsigned Rounding Shift Left (register)").excluding(NO_2D1D),
            r("UQRSHL", SAME, 1, "01011", "uqrshl" + T3, SimdIntRows::uqrshl, "Unsigned saturating Rounding Shift Left (register)").excluding(NO_2D1D),
            r("UMAX", SAME, 1, "01100", "umax" + T3, SimdIntRows::umax, "Unsigned Maximum (vector)").excluding(NO_D),
            r("UMIN", SAME, 1, "01101", "umin" + T3, SimdIntRows::umin, "Unsigned Minimum (vector)").excluding(NO_D),
            r("UABD", SAME, 1, "01110", "uabd" + T3, SimdIntRows::uabd, "Unsigned Absolute Difference (vector)").excluding(NO_D),
            r("UABA", SAME, 1, "01111", "uaba" + T3, SimdIntRows::uaba, "Unsigned Absolute difference and Accumulate").excluding(NO_D),
            r("SUB (vector)", SAME, 1, "10000", "sub" + T3, SimdIntRows::sub, "Subtract (vector)").excluding(NO_2D1D),
            r("CMEQ (register)", SAME, 1, "10001", "cmeq" + T3, SimdIntRows::cmeq, "Compare bitwise Equal (vector)").excluding(NO_2D1D),
            r("MLS (vector)", SAME, 1, "10010", "mls" + T3, SimdIntRows::mls, "Multiply-Subtract from accumulator (vector)").excluding(NO_D),
            r("PMUL", SAME, 1, "10011", "pmul" + T3, SimdIntRows::pmul, "Polynomial Multiply").excluding("size=01", "size=1x"),
            r("UMAXP", SAME, 1, "10100", "umaxp" + T3, SimdIntRows::umaxp, "Unsigned Maximum Pairwise").excluding(NO_D),
            r("UMINP", SAME, 1, "10101", "uminp" + T3, SimdIntRows::uminp, "Unsigned Minimum Pairwise").excluding(NO_D),
            r("SQRDMULH (vector)", SAME, 1, "10110", "sqrdmulh" + T3, SimdIntRows::sqrdmulh, "Signed saturating Rounding Doubling Multiply returning High half").excluding("size=00", NO_D),

            // ---- Advanced SIMD scalar three same ----
            r("SQADD", SAME_S, 0, "00001", "sqadd" + E3, SimdIntRows::sqaddS, "Signed saturating Add"),
            r("SQSUB", SAME_S, 0, "00101", "sqsub" + E3, SimdIntRows::sqsubS, "Signed saturating Subtract"),
            r("CMGT (register)", SAME_SD, 0, "00110", "cmgt" + D3, SimdIntRows::cmgtS, "Compare signed Greater than (vector)"),
            r("CMGE (register)", SAME_SD, 0, "00111", "cmge" + D3, SimdIntRows::cmgeS, "Compare signed Greater than or Equal (vector)"),
            r("SSHL", SAME_SD, 0, "01000", "sshl" + D3, SimdIntRows::sshlS, "Signed Shift Left (register)"),
            r("SQSHL (register)", SAME_S, 0, "01001", "sqshl" + E3, SimdIntRows::sqshlS, "Signed saturating Shift Left (register)"),
            r("SRSHL", SAME_SD, 0, "01010", "srshl" + D3, SimdIntRows::srshlS, "Signed Rounding Shift Left (register)"),
            r("SQRSHL", SAME_S, 0, "01011", "sqrshl" + E3, SimdIntRows::sqrshlS, "Signed saturating Rounding Shift Left (register)"),
            r("ADD (vector)", SAME_SD, 0, "10000", "add" + D3, SimdIntRows::addS, "Add (vector)"),
            r("CMTST", SAME_SD, 0, "10001", "cmtst" + D3, SimdIntRows::cmtstS, "Compare bitwise Test bits nonzero (vector)"),
            r("SQDMULH (vector)", SAME_S, 0, "10110", "sqdmulh" + E3, SimdIntRows::sqdmulhS, "Signed saturating Doubling Multiply returning High half").excluding("size=00", NO_D),
            r("UQADD", SAME_S, 1, "00001", "uqadd" + E3, SimdIntRows::uqaddS, "Unsigned saturating Add"),
            r("UQSUB", SAME_S, 1, "00101", "uqsub" + E3, SimdIntRows::uqsubS, "Unsigned saturating Subtract"),
            r("CMHI (register)", SAME_SD, 1, "00110", "cmhi" + D3, SimdIntRows::cmhiS, "Compare unsigned Higher (vector)"),
            r("CMHS (register)", SAME_SD, 1, "00111", "cmhs" + D3, SimdIntRows::cmhsS, "Compare unsigned Higher or Same (vector)"),
            r("USHL", SAME_SD, 1, "01000", "ushl" + D3, SimdIntRows::ushlS, "Unsigned Shift Left (register)"),
            r("UQSHL (register)", SAME_S, 1, "01001", "uqshl" + E3, SimdIntRows::uqshlS, "Unsigned saturating Shift Left (register)"),
            r("URSHL", SAME_SD, 1, "01010", "urshl" + D3, SimdIntRows::urshlS, "Unsigned Rounding Shift Left (register)"),
            r("UQRSHL", SAME_S, 1, "01011", "uqrshl" + E3, SimdIntRows::uqrshlS, "Unsigned saturating Rounding Shift Left (register)"),
            r("SUB (vector)", SAME_SD, 1, "10000", "sub" + D3, SimdIntRows::subS, "Subtract (vector)"),
            r("CMEQ (register)", SAME_SD, 1, "10001", "cmeq" + D3, SimdIntRows::cmeqS, "Compare bitwise Equal (vector)"),
            r("SQRDMULH (vector)", SAME_S, 1, "10110", "sqrdmulh" + E3, SimdIntRows::sqrdmulhS, "Signed saturating Rounding Doubling Multiply returning High half").excluding("size=00", NO_D),

            // ---- Advanced SIMD three different ----
            f("SADDL, SADDL2", DIFF, 0, "0000", "saddl{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::saddl, "Signed Add Long (vector)").excluding(NO_D),
            f("SADDW, SADDW2", DIFF, 0, "0001", "saddw{2} {Vd.W}, {Vn.W}, {Vm.T}", SimdIntRows::saddw, "Signed Add Wide").excluding(NO_D),
            f("SSUBL, SSUBL2", DIFF, 0, "0010", "ssubl{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::ssubl, "Signed Subtract Long").excluding(NO_D),
            f("SSUBW, SSUBW2", DIFF, 0, "0011", "ssubw{2} {Vd.W}, {Vn.W}, {Vm.T}", SimdIntRows::ssubw, "Signed Subtract Wide").excluding(NO_D),
            f("ADDHN, ADDHN2", DIFF, 0, "0100", "addhn{2} {Vd.T}, {Vn.W}, {Vm.W}", SimdIntRows::addhn, "Add returning High Narrow").excluding(NO_D),
            f("SABAL, SABAL2", DIFF, 0, "0101", "sabal{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::sabal, "Signed Absolute difference and Accumulate Long").excluding(NO_D),
            f("SUBHN, SUBHN2", DIFF, 0, "0110", "subhn{2} {Vd.T}, {Vn.W}, {Vm.W}", SimdIntRows::subhn, "Subtract returning High Narrow").excluding(NO_D),
            f("SABDL, SABDL2", DIFF, 0, "0111", "sabdl{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::sabdl, "Signed Absolute Difference Long").excluding(NO_D),
            f("SMLAL, SMLAL2 (vector)", DIFF, 0, "1000", "smlal{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::smlal, "Signed Multiply-Add Long (vector)").excluding(NO_D),
            f("SQDMLAL, SQDMLAL2 (vector)", DIFF, 0, "1001", "sqdmlal{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::sqdmlal, "Signed saturating Doubling Multiply-Add Long").excluding("size=00", NO_D),
            f("SMLSL, SMLSL2 (vector)", DIFF, 0, "1010", "smlsl{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::smlsl, "Signed Multiply-Subtract Long (vector)").excluding(NO_D),
            f("SQDMLSL, SQDMLSL2 (vector)", DIFF, 0, "1011", "sqdmlsl{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::sqdmlsl, "Signed saturating Doubling Multiply-Subtract Long").excluding("size=00", NO_D),
            f("SMULL, SMULL2 (vector)", DIFF, 0, "1100", "smull{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::smull, "Signed Multiply Long (vector)").excluding(NO_D),
            f("SQDMULL, SQDMULL2 (vector)", DIFF, 0, "1101", "sqdmull{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::sqdmull, "Signed saturating Doubling Multiply Long").excluding("size=00", NO_D),
            f("UADDL, UADDL2", DIFF, 1, "0000", "uaddl{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::uaddl, "Unsigned Add Long (vector)").excluding(NO_D),
            f("UADDW, UADDW2", DIFF, 1, "0001", "uaddw{2} {Vd.W}, {Vn.W}, {Vm.T}", SimdIntRows::uaddw, "Unsigned Add Wide").excluding(NO_D),
            f("USUBL, USUBL2", DIFF, 1, "0010", "usubl{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::usubl, "Unsigned Subtract Long").excluding(NO_D),
            f("USUBW, USUBW2", DIFF, 1, "0011", "usubw{2} {Vd.W}, {Vn.W}, {Vm.T}", SimdIntRows::usubw, "Unsigned Subtract Wide").excluding(NO_D),
            f("RADDHN, RADDHN2", DIFF, 1, "0100", "raddhn{2} {Vd.T}, {Vn.W}, {Vm.W}", SimdIntRows::raddhn, "Rounding Add returning High Narrow").excluding(NO_D),
            f("UABAL, UABAL2", DIFF, 1, "0101", "uabal{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::uabal, "Unsigned Absolute difference and Accumulate Long").excluding(NO_D),
            f("RSUBHN, RSUBHN2", DIFF, 1, "0110", "rsubhn{2} {Vd.T}, {Vn.W}, {Vm.W}", SimdIntRows::rsubhn, "Rounding Subtract returning High Narrow").excluding(NO_D),
            f("UABDL, UABDL2", DIFF, 1, "0111", "uabdl{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::uabdl, "Unsigned Absolute Difference Long").excluding(NO_D),
            f("UMLAL, UMLAL2 (vector)", DIFF, 1, "1000", "umlal{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::umlal, "Unsigned Multiply-Add Long (vector)").excluding(NO_D),
            f("UMLSL, UMLSL2 (vector)", DIFF, 1, "1010", "umlsl{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::umlsl, "Unsigned Multiply-Subtract Long (vector)").excluding(NO_D),
            f("UMULL, UMULL2 (vector)", DIFF, 1, "1100", "umull{2} {Vd.W}, {Vn.T}, {Vm.T}", SimdIntRows::umull, "Unsigned Multiply long (vector)").excluding(NO_D),

            // ---- Advanced SIMD scalar three different ----
            r("SQDMLAL, SQDMLAL2 (vector)", DIFF_S, 0, "1001", "sqdmlal {EWd}, {En}, {Em}", SimdIntRows::sqdmlalS, "Signed saturating Doubling Multiply-Add Long").excluding("size=00", NO_D),
            r("SQDMLSL, SQDMLSL2 (vector)", DIFF_S, 0, "1011", "sqdmlsl {EWd}, {En}, {Em}", SimdIntRows::sqdmlslS, "Signed saturating Doubling Multiply-Subtract Long").excluding("size=00", NO_D),
            r("SQDMULL, SQDMULL2 (vector)", DIFF_S, 0, "1101", "sqdmull {EWd}, {En}, {Em}", SimdIntRows::sqdmullS, "Signed saturating Doubling Multiply Long").excluding("size=00", NO_D),

            // ---- Advanced SIMD two-register miscellaneous (integer) ----
            r("REV64", MISC, 0, "00000", "rev64" + T2, SimdIntRows::rev64, "Reverse elements in 64-bit doublewords (vector)").excluding(NO_D),
            r("REV16 (vector)", MISC, 0, "00001", "rev16" + T2, SimdIntRows::rev16, "Reverse elements in 16-bit halfwords (vector)").excluding("size=01", "size=1x"),
            f("SADDLP", MISC, 0, "00010", "saddlp {Vd.WQ}, {Vn.T}", SimdIntRows::saddlp, "Signed Add Long Pairwise").excluding(NO_D),
            r("SUQADD", MISC, 0, "00011", "suqadd" + T2, SimdIntRows::suqadd, "Signed saturating Accumulate of Unsigned value").excluding(NO_2D1D),
            r("CLS (vector)", MISC, 0, "00100", "cls" + T2, SimdIntRows::cls, "Count Leading Sign bits (vector)").excluding(NO_D),
            r("CNT", MISC, 0, "00101", "cnt" + T2, SimdIntRows::cnt, "Population Count per byte").excluding("size=01", "size=1x"),
            f("SADALP", MISC, 0, "00110", "sadalp {Vd.WQ}, {Vn.T}", SimdIntRows::sadalp, "Signed Add and Accumulate Long Pairwise").excluding(NO_D),
            r("SQABS", MISC, 0, "00111", "sqabs" + T2, SimdIntRows::sqabs, "Signed saturating Absolute value").excluding(NO_2D1D),
            r("CMGT (zero)", MISC, 0, "01000", "cmgt" + T2 + ", #0", SimdIntRows::cmgtZero, "Compare signed Greater than zero (vector)").excluding(NO_2D1D),
            r("CMEQ (zero)", MISC, 0, "01001", "cmeq" + T2 + ", #0", SimdIntRows::cmeqZero, "Compare bitwise Equal to zero (vector)").excluding(NO_2D1D),
            r("CMLT (zero)", MISC, 0, "01010", "cmlt" + T2 + ", #0", SimdIntRows::cmltZero, "Compare signed Less than zero (vector)").excluding(NO_2D1D),
            r("ABS", MISC, 0, "01011", "abs" + T2, SimdIntRows::abs, "Absolute value (vector)").excluding(NO_2D1D),
            f("XTN, XTN2", MISC, 0, "10010", "xtn{2} {Vd.T}, {Vn.W}", SimdIntRows::xtn, "Extract Narrow").excluding(NO_D),
            f("SQXTN, SQXTN2", MISC, 0, "10100", "sqxtn{2} {Vd.T}, {Vn.W}", SimdIntRows::sqxtn, "Signed saturating extract Narrow").excluding(NO_D),
            r("REV32 (vector)", MISC, 1, "00000", "rev32" + T2, SimdIntRows::rev32, "Reverse elements in 32-bit words (vector)").excluding("size=1x"),
            f("UADDLP", MISC, 1, "00010", "uaddlp {Vd.WQ}, {Vn.T}", SimdIntRows::uaddlp, "Unsigned Add Long Pairwise").excluding(NO_D),
            r("USQADD", MISC, 1, "00011", "usqadd" + T2, SimdIntRows::usqadd, "Unsigned saturating Accumulate of Signed value").excluding(NO_2D1D),
            r("CLZ (vector)", MISC, 1, "00100", "clz" + T2, SimdIntRows::clz, "Count Leading Zero bits (vector)").excluding(NO_D),
            f("NOT", "0 Q:1 1 01110 00 10000 00101 10 Vn:5 Vd:5", 1, "", "mvn {Vd.B}, {Vn.B}", SimdIntRows::not, "Bitwise NOT (vector)"),
            f("RBIT (vector)", "0 Q:1 1 01110 01 10000 00101 10 Vn:5 Vd:5", 1, "", "rbit {Vd.B}, {Vn.B}", SimdIntRows::rbit, "Reverse Bit order (vector)"),
            f("UADALP", MISC, 1, "00110", "uadalp {Vd.WQ}, {Vn.T}", SimdIntRows::uadalp, "Unsigned Add and Accumulate Long Pairwise").excluding(NO_D),
            r("SQNEG", MISC, 1, "00111", "sqneg" + T2, SimdIntRows::sqneg, "Signed saturating Negate").excluding(NO_2D1D),
            r("CMGE (zero)", MISC, 1, "01000", "cmge" + T2 + ", #0", SimdIntRows::cmgeZero, "Compare signed Greater than or Equal to zero (vector)").excluding(NO_2D1D),
            r("CMLE (zero)", MISC, 1, "01001", "cmle" + T2 + ", #0", SimdIntRows::cmleZero, "Compare signed Less than or Equal to zero (vector)").excluding(NO_2D1D),
            r("NEG (vector)", MISC, 1, "01011", "neg" + T2, SimdIntRows::neg, "Negate (vector)").excluding(NO_2D1D),
            f("SQXTUN, SQXTUN2", MISC, 1, "10010", "sqxtun{2} {Vd.T}, {Vn.W}", SimdIntRows::sqxtun, "Signed saturating extract Unsigned Narrow").excluding(NO_D),
            f("SHLL, SHLL2", MISC, 1, "10011", "shll{2} {Vd.W}, {Vn.T}, {shll}", SimdIntRows::shll, "Shift Left Long (by element size)").excluding(NO_D),
            f("UQXTN, UQXTN2", MISC, 1, "10100", "uqxtn{2} {Vd.T}, {Vn.W}", SimdIntRows::uqxtn, "Unsigned saturating extract Narrow").excluding(NO_D),

            // ---- Advanced SIMD scalar two-register miscellaneous (integer) ----
            r("SUQADD", MISC_S, 0, "00011", "suqadd" + E2, SimdIntRows::suqaddS, "Signed saturating Accumulate of Unsigned value"),
            r("SQABS", MISC_S, 0, "00111", "sqabs" + E2, SimdIntRows::sqabsS, "Signed saturating Absolute value"),
            r("CMGT (zero)", MISC_SD, 0, "01000", "cmgt" + D2 + ", #0", SimdIntRows::cmgtZeroS, "Compare signed Greater than zero (vector)"),
            r("CMEQ (zero)", MISC_SD, 0, "01001", "cmeq" + D2 + ", #0", SimdIntRows::cmeqZeroS, "Compare bitwise Equal to zero (vector)"),
            r("CMLT (zero)", MISC_SD, 0, "01010", "cmlt" + D2 + ", #0", SimdIntRows::cmltZeroS, "Compare signed Less than zero (vector)"),
            r("ABS", MISC_SD, 0, "01011", "abs" + D2, SimdIntRows::absS, "Absolute value (vector)"),
            r("SQXTN, SQXTN2", MISC_S, 0, "10100", "sqxtn {Ed}, {EWn}", SimdIntRows::sqxtnS, "Signed saturating extract Narrow").excluding(NO_D),
            r("USQADD", MISC_S, 1, "00011", "usqadd" + E2, SimdIntRows::usqaddS, "Unsigned saturating Accumulate of Signed value"),
            r("SQNEG", MISC_S, 1, "00111", "sqneg" + E2, SimdIntRows::sqnegS, "Signed saturating Negate"),
            r("CMGE (zero)", MISC_SD, 1, "01000", "cmge" + D2 + ", #0", SimdIntRows::cmgeZeroS, "Compare signed Greater than or Equal to zero (vector)"),
            r("CMLE (zero)", MISC_SD, 1, "01001", "cmle" + D2 + ", #0", SimdIntRows::cmleZeroS, "Compare signed Less than or Equal to zero (vector)"),
            r("NEG (vector)", MISC_SD, 1, "01011", "neg" + D2, SimdIntRows::negS, "Negate (vector)"),
            r("SQXTUN, SQXTUN2", MISC_S, 1, "10010", "sqxtun {Ed}, {EWn}", SimdIntRows::sqxtunS, "Signed saturating extract Unsigned Narrow").excluding(NO_D),
            r("UQXTN, UQXTN2", MISC_S, 1, "10100", "uqxtn {Ed}, {EWn}", SimdIntRows::uqxtnS, "Unsigned saturating extract Narrow").excluding(NO_D),

            // ---- Advanced SIMD across lanes (integer) ----
            r("SADDLV", ACROSS, 0, "00011", "saddlv {EWd}, {Vn.T}", SimdIntRows::saddlv, "Signed Add Long across Vector").excluding(NO_D, "size:Q=100"),
            r("SMAXV", ACROSS, 0, "01010", "smaxv {Ed}, {Vn.T}", SimdIntRows::smaxv, "Signed Maximum across Vector").excluding(NO_D, "size:Q=100"),
            r("SMINV", ACROSS, 0, "11010", "sminv {Ed}, {Vn.T}", SimdIntRows::sminv, "Signed Minimum across Vector").excluding(NO_D, "size:Q=100"),
            r("ADDV", ACROSS, 0, "11011", "addv {Ed}, {Vn.T}", SimdIntRows::addv, "Add across Vector").excluding(NO_D, "size:Q=100"),
            r("UADDLV", ACROSS, 1, "00011", "uaddlv {EWd}, {Vn.T}", SimdIntRows::uaddlv, "Unsigned sum Long across Vector").excluding(NO_D, "size:Q=100"),
            r("UMAXV", ACROSS, 1, "01010", "umaxv {Ed}, {Vn.T}", SimdIntRows::umaxv, "Unsigned Maximum across Vector").excluding(NO_D, "size:Q=100"),
            r("UMINV", ACROSS, 1, "11010", "uminv {Ed}, {Vn.T}", SimdIntRows::uminv, "Unsigned Minimum across Vector").excluding(NO_D, "size:Q=100"),

            // ---- Advanced SIMD scalar pairwise (integer) ----
            r("ADDP (scalar)", "01 U 11110 11 11000 11011 10 Vn:5 Vd:5", 0, "", "addp {Dd}, {Vn.2d}", SimdIntRows::addpScalar, "Add Pair of elements (scalar)"),

            // ---- Advanced SIMD vector x indexed element (integer) ----
            f("MLA (by element)", ELEM, 1, "0000", "mla {Vd.T}, {Vn.T}, {Vm.i}", SimdIntRows::mlaElem, "Multiply-Add to accumulator (vector, by element)").excluding("size=00", NO_D),
            f("MLS (by element)", ELEM, 1, "0100", "mls {Vd.T}, {Vn.T}, {Vm.i}", SimdIntRows::mlsElem, "Multiply-Subtract from accumulator (vector, by element)").excluding("size=00", NO_D),
            f("MUL (by element)", ELEM, 0, "1000", "mul {Vd.T}, {Vn.T}, {Vm.i}", SimdIntRows::mulElem, "Multiply (vector, by element)").excluding("size=00", NO_D),
            f("SQDMULH (by element)", ELEM, 0, "1100", "sqdmulh {Vd.T}, {Vn.T}, {Vm.i}", SimdIntRows::sqdmulhElem, "Signed saturating Doubling Multiply returning High half (by element)").excluding("size=00", NO_D),
            f("SQRDMULH (by element)", ELEM, 0, "1101", "sqrdmulh {Vd.T}, {Vn.T}, {Vm.i}", SimdIntRows::sqrdmulhElem, "Signed saturating Rounding Doubling Multiply returning High half (by element)").excluding("size=00", NO_D),
            f("SMLAL, SMLAL2 (by element)", ELEM, 0, "0010", "smlal{2} {Vd.W}, {Vn.T}, {Vm.i}", SimdIntRows::smlalElem, "Signed Multiply-Add Long (vector, by element)").excluding("size=00", NO_D),
            f("SQDMLAL, SQDMLAL2 (by element)", ELEM, 0, "0011", "sqdmlal{2} {Vd.W}, {Vn.T}, {Vm.i}", SimdIntRows::sqdmlalElem, "Signed saturating Doubling Multiply-Add Long (by element)").excluding("size=00", NO_D),
            f("SMLSL, SMLSL2 (by element)", ELEM, 0, "0110", "smlsl{2} {Vd.W}, {Vn.T}, {Vm.i}", SimdIntRows::smlslElem, "Signed Multiply-Subtract Long (vector, by element)").excluding("size=00", NO_D),
            f("SQDMLSL, SQDMLSL2 (by element)", ELEM, 0, "0111", "sqdmlsl{2} {Vd.W}, {Vn.T}, {Vm.i}", SimdIntRows::sqdmlslElem, "Signed saturating Doubling Multiply-Subtract Long (by element)").excluding("size=00", NO_D),
            f("SMULL, SMULL2 (by element)", ELEM, 0, "1010", "smull{2} {Vd.W}, {Vn.T}, {Vm.i}", SimdIntRows::smullElem, "Signed Multiply Long (vector, by element)").excluding("size=00", NO_D),
            f("SQDMULL, SQDMULL2 (by element)", ELEM, 0, "1011", "sqdmull{2} {Vd.W}, {Vn.T}, {Vm.i}", SimdIntRows::sqdmullElem, "Signed saturating Doubling Multiply Long (by element)").excluding("size=00", NO_D),
            f("UMLAL, UMLAL2 (by element)", ELEM, 1, "0010", "umlal{2} {Vd.W}, {Vn.T}, {Vm.i}", SimdIntRows::umlalElem, "Unsigned Multiply-Add Long (vector, by element)").excluding("size=00", NO_D),
            f("UMLSL, UMLSL2 (by element)", ELEM, 1, "0110", "umlsl{2} {Vd.W}, {Vn.T}, {Vm.i}", SimdIntRows::umlslElem, "Unsigned Multiply-Subtract Long (vector, by element)").excluding("size=00", NO_D),
            f("UMULL, UMULL2 (by element)", ELEM, 1, "1010", "umull{2} {Vd.W}, {Vn.T}, {Vm.i}", SimdIntRows::umullElem, "Unsigned Multiply Long (vector, by element)").excluding("size=00", NO_D),

            // ---- Advanced SIMD scalar x indexed element (integer) ----
            f("SQDMLAL, SQDMLAL2 (by element)", ELEM_S, 0, "0011", "sqdmlal {EWd}, {En}, {Vm.i}", SimdIntRows::sqdmlalElemS, "Signed saturating Doubling Multiply-Add Long (by element)").excluding("size=00", NO_D),
            f("SQDMLSL, SQDMLSL2 (by element)", ELEM_S, 0, "0111", "sqdmlsl {EWd}, {En}, {Vm.i}", SimdIntRows::sqdmlslElemS, "Signed saturating Doubling Multiply-Subtract Long (by element)").excluding("size=00", NO_D),
            f("SQDMULL, SQDMULL2 (by element)", ELEM_S, 0, "1011", "sqdmull {EWd}, {En}, {Vm.i}", SimdIntRows::sqdmullElemS, "Signed saturating Doubling Multiply Long (by element)").excluding("size=00", NO_D),
            f("SQDMULH (by element)", ELEM_S, 0, "1100", "sqdmulh {Ed}, {En}, {Vm.i}", SimdIntRows::sqdmulhElemS, "Signed saturating Doubling Multiply returning High half (by element)").excluding("size=00", NO_D),
            f("SQRDMULH (by element)", ELEM_S, 0, "1101", "sqrdmulh {Ed}, {En}, {Vm.i}", SimdIntRows::sqrdmulhElemS, "Signed saturating Rounding Doubling Multiply returning High half (by element)").excluding("size=00", NO_D),
        };
    }

    // ---------------------------------------------------------------- three same

    /** ADD (vector): lane-wise sum, modulo the element size. */
    static void addVector(Cpu c, int i) {
        boolean q = (i & 1 << 30) != 0;
        int size = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        long rlo = add(Vreg.lo(c, n), Vreg.lo(c, m), size);
        long rhi = q ? add(Vreg.hi(c, n), Vreg.hi(c, m), size) : 0;
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** Lane-wise 64-bit SWAR addition of elements of size 8 << sz. */
    static long add(long a, long b, int sz) {
        if (sz == 3) return a + b;
        long h = SWAR_HIGH[sz];
        return ((a & ~h) + (b & ~h)) ^ ((a ^ b) & h);
    }

    /** Lane-wise 64-bit SWAR subtraction of elements of size 8 << sz. */
    static long sub(long a, long b, int sz) {
        if (sz == 3) return a - b;
        long h = SWAR_HIGH[sz];
        return ((a | h) - (b & ~h)) ^ ((a ^ ~b) & h);
    }

    /** The top bit of every lane, per element size. */
    static final long[] SWAR_HIGH = {0x8080808080808080L, 0x8000800080008000L, 0x8000000080000000L, 0x8000000000000000L};

    /** SUB (vector): lane-wise difference, modulo the element size. */
    static void sub(Cpu c, int i) {
        boolean q = (i & 1 << 30) != 0;
        int size = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        long rlo = sub(Vreg.lo(c, n), Vreg.lo(c, m), size);
        long rhi = q ? sub(Vreg.hi(c, n), Vreg.hi(c, m), size) : 0;
        Vreg.set(c, d, q, rlo, rhi);
    }

    static void shadd(Cpu c, int i) { sameVector(c, i, SHADD); }
    static void uhadd(Cpu c, int i) { sameVector(c, i, UHADD); }
    static void srhadd(Cpu c, int i) { sameVector(c, i, SRHADD); }
    static void urhadd(Cpu c, int i) { sameVector(c, i, URHADD); }
    static void shsub(Cpu c, int i) { sameVector(c, i, SHSUB); }
    static void uhsub(Cpu c, int i) { sameVector(c, i, UHSUB); }
    static void sqadd(Cpu c, int i) { sameVector(c, i, SQADD); }
    static void uqadd(Cpu c, int i) { sameVector(c, i, UQADD); }
    static void sqsub(Cpu c, int i) { sameVector(c, i, SQSUB); }
    static void uqsub(Cpu c, int i) { sameVector(c, i, UQSUB); }
    static void cmgt(Cpu c, int i) { sameVector(c, i, CMGT); }
    static void cmhi(Cpu c, int i) { sameVector(c, i, CMHI); }
    static void cmge(Cpu c, int i) { sameVector(c, i, CMGE); }
    static void cmhs(Cpu c, int i) { sameVector(c, i, CMHS); }
    static void sshl(Cpu c, int i) { sameVector(c, i, SSHL); }
    static void ushl(Cpu c, int i) { sameVector(c, i, USHL); }
    static void sqshl(Cpu c, int i) { sameVector(c, i, SQSHL); }
    static void uqshl(Cpu c, int i) { sameVector(c, i, UQSHL); }
    static void srshl(Cpu c, int i) { sameVector(c, i, SRSHL); }
    static void urshl(Cpu c, int i) { sameVector(c, i, URSHL); }
    static void sqrshl(Cpu c, int i) { sameVector(c, i, SQRSHL); }
    static void uqrshl(Cpu c, int i) { sameVector(c, i, UQRSHL); }
    static void smax(Cpu c, int i) { sameVector(c, i, SMAX); }
    static void umax(Cpu c, int i) { sameVector(c, i, UMAX); }
    static void smin(Cpu c, int i) { sameVector(c, i, SMIN); }
    static void umin(Cpu c, int i) { sameVector(c, i, UMIN); }
    static void sabd(Cpu c, int i) { sameVector(c, i, SABD); }
    static void uabd(Cpu c, int i) { sameVector(c, i, UABD); }
    static void saba(Cpu c, int i) { sameVector(c, i, SABA); }
    static void uaba(Cpu c, int i) { sameVector(c, i, UABA); }
    static void cmtst(Cpu c, int i) { sameVector(c, i, CMTST); }
    static void cmeq(Cpu c, int i) { sameVector(c, i, CMEQ); }
    static void mla(Cpu c, int i) { sameVector(c, i, MLA); }
    static void mls(Cpu c, int i) { sameVector(c, i, MLS); }
    static void mul(Cpu c, int i) { sameVector(c, i, MUL); }
    static void pmul(Cpu c, int i) { sameVector(c, i, PMUL); }
    static void sqdmulh(Cpu c, int i) { sameVector(c, i, SQDMULH); }
    static void sqrdmulh(Cpu c, int i) { sameVector(c, i, SQRDMULH); }
    static void smaxp(Cpu c, int i) { pairVector(c, i, SMAX); }
    static void umaxp(Cpu c, int i) { pairVector(c, i, UMAX); }
    static void sminp(Cpu c, int i) { pairVector(c, i, SMIN); }
    static void uminp(Cpu c, int i) { pairVector(c, i, UMIN); }
    static void addp(Cpu c, int i) { pairVector(c, i, ADD); }

    static void sqaddS(Cpu c, int i) { sameScalar(c, i, SQADD); }
    static void uqaddS(Cpu c, int i) { sameScalar(c, i, UQADD); }
    static void sqsubS(Cpu c, int i) { sameScalar(c, i, SQSUB); }
    static void uqsubS(Cpu c, int i) { sameScalar(c, i, UQSUB); }
    static void cmgtS(Cpu c, int i) { sameScalar(c, i, CMGT); }
    static void cmhiS(Cpu c, int i) { sameScalar(c, i, CMHI); }
    static void cmgeS(Cpu c, int i) { sameScalar(c, i, CMGE); }
    static void cmhsS(Cpu c, int i) { sameScalar(c, i, CMHS); }
    static void sshlS(Cpu c, int i) { sameScalar(c, i, SSHL); }
    static void ushlS(Cpu c, int i) { sameScalar(c, i, USHL); }
    static void sqshlS(Cpu c, int i) { sameScalar(c, i, SQSHL); }
    static void uqshlS(Cpu c, int i) { sameScalar(c, i, UQSHL); }
    static void srshlS(Cpu c, int i) { sameScalar(c, i, SRSHL); }
    static void urshlS(Cpu c, int i) { sameScalar(c, i, URSHL); }
    static void sqrshlS(Cpu c, int i) { sameScalar(c, i, SQRSHL); }
    static void uqrshlS(Cpu c, int i) { sameScalar(c, i, UQRSHL); }
    static void addS(Cpu c, int i) { sameScalar(c, i, ADD); }
    static void subS(Cpu c, int i) { sameScalar(c, i, SUB); }
    static void cmtstS(Cpu c, int i) { sameScalar(c, i, CMTST); }
    static void cmeqS(Cpu c, int i) { sameScalar(c, i, CMEQ); }
    static void sqdmulhS(Cpu c, int i) { sameScalar(c, i, SQDMULH); }
    static void sqrdmulhS(Cpu c, int i) { sameScalar(c, i, SQRDMULH); }

    // ---------------------------------------------------------------- three different

    static void saddl(Cpu c, int i) { longVector(c, i, L_ADD, false, false); }
    static void uaddl(Cpu c, int i) { longVector(c, i, L_ADD, true, false); }
    static void saddw(Cpu c, int i) { longVector(c, i, L_ADD, false, true); }
    static void uaddw(Cpu c, int i) { longVector(c, i, L_ADD, true, true); }
    static void ssubl(Cpu c, int i) { longVector(c, i, L_SUB, false, false); }
    static void usubl(Cpu c, int i) { longVector(c, i, L_SUB, true, false); }
    static void ssubw(Cpu c, int i) { longVector(c, i, L_SUB, false, true); }
    static void usubw(Cpu c, int i) { longVector(c, i, L_SUB, true, true); }
    static void sabal(Cpu c, int i) { longVector(c, i, L_ABA, false, false); }
    static void uabal(Cpu c, int i) { longVector(c, i, L_ABA, true, false); }
    static void sabdl(Cpu c, int i) { longVector(c, i, L_ABD, false, false); }
    static void uabdl(Cpu c, int i) { longVector(c, i, L_ABD, true, false); }
    static void smlal(Cpu c, int i) { longVector(c, i, L_MLA, false, false); }
    static void umlal(Cpu c, int i) { longVector(c, i, L_MLA, true, false); }
    static void smlsl(Cpu c, int i) { longVector(c, i, L_MLS, false, false); }
    static void umlsl(Cpu c, int i) { longVector(c, i, L_MLS, true, false); }
    static void smull(Cpu c, int i) { longVector(c, i, L_MUL, false, false); }
    static void umull(Cpu c, int i) { longVector(c, i, L_MUL, true, false); }
    static void sqdmlal(Cpu c, int i) { longVector(c, i, L_QDMLAL, false, false); }
    static void sqdmlsl(Cpu c, int i) { longVector(c, i, L_QDMLSL, false, false); }
    static void sqdmull(Cpu c, int i) { longVector(c, i, L_QDMULL, false, false); }
    static void addhn(Cpu c, int i) { highNarrow(c, i, false, false); }
    static void raddhn(Cpu c, int i) { highNarrow(c, i, false, true); }
    static void subhn(Cpu c, int i) { highNarrow(c, i, true, false); }
    static void rsubhn(Cpu c, int i) { highNarrow(c, i, true, true); }

    static void sqdmlalS(Cpu c, int i) { longScalar(c, i, L_QDMLAL); }
    static void sqdmlslS(Cpu c, int i) { longScalar(c, i, L_QDMLSL); }
    static void sqdmullS(Cpu c, int i) { longScalar(c, i, L_QDMULL); }

    // ---------------------------------------------------------------- two-register miscellaneous

    static void rev64(Cpu c, int i) { revVector(c, i, 3); }
    static void rev32(Cpu c, int i) { revVector(c, i, 2); }
    static void rev16(Cpu c, int i) { revVector(c, i, 1); }

    private static void revVector(Cpu c, int i, int csz) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31;
        Vreg.set(c, d, q, IntOps.rev(Vreg.lo(c, n), sz, csz), IntOps.rev(Vreg.hi(c, n), sz, csz));
    }

    static void cnt(Cpu c, int i) {
        int d = i & 31, n = (i >>> 5) & 31;
        Vreg.set(c, d, (i & 1 << 30) != 0, IntOps.cnt(Vreg.lo(c, n)), IntOps.cnt(Vreg.hi(c, n)));
    }

    static void not(Cpu c, int i) {
        int d = i & 31, n = (i >>> 5) & 31;
        Vreg.set(c, d, (i & 1 << 30) != 0, ~Vreg.lo(c, n), ~Vreg.hi(c, n));
    }

    static void rbit(Cpu c, int i) {
        int d = i & 31, n = (i >>> 5) & 31;
        Vreg.set(c, d, (i & 1 << 30) != 0, IntOps.rbit(Vreg.lo(c, n)), IntOps.rbit(Vreg.hi(c, n)));
    }

    static void saddlp(Cpu c, int i) { addlp(c, i, false, false); }
    static void uaddlp(Cpu c, int i) { addlp(c, i, true, false); }
    static void sadalp(Cpu c, int i) { addlp(c, i, false, true); }
    static void uadalp(Cpu c, int i) { addlp(c, i, true, true); }
    static void shll(Cpu c, int i) { IntOps.shll(c, i); }

    static void suqadd(Cpu c, int i) { unaryVector(c, i, SUQADD); }
    static void usqadd(Cpu c, int i) { unaryVector(c, i, USQADD); }
    static void cls(Cpu c, int i) { unaryVector(c, i, CLS); }
    static void clz(Cpu c, int i) { unaryVector(c, i, CLZ); }
    static void sqabs(Cpu c, int i) { unaryVector(c, i, SQABS); }
    static void sqneg(Cpu c, int i) { unaryVector(c, i, SQNEG); }
    static void abs(Cpu c, int i) { unaryVector(c, i, ABS); }
    static void neg(Cpu c, int i) { unaryVector(c, i, NEG); }
    static void cmgtZero(Cpu c, int i) { unaryVector(c, i, CMGT0); }
    static void cmeqZero(Cpu c, int i) { unaryVector(c, i, CMEQ0); }
    static void cmltZero(Cpu c, int i) { unaryVector(c, i, CMLT0); }
    static void cmgeZero(Cpu c, int i) { unaryVector(c, i, CMGE0); }
    static void cmleZero(Cpu c, int i) { unaryVector(c, i, CMLE0); }
    static void xtn(Cpu c, int i) { narrowVector(c, i, XTN); }
    static void sqxtn(Cpu c, int i) { narrowVector(c, i, SQXTN); }
    static void sqxtun(Cpu c, int i) { narrowVector(c, i, SQXTUN); }
    static void uqxtn(Cpu c, int i) { narrowVector(c, i, UQXTN); }

    static void suqaddS(Cpu c, int i) { unaryScalar(c, i, SUQADD); }
    static void usqaddS(Cpu c, int i) { unaryScalar(c, i, USQADD); }
    static void sqabsS(Cpu c, int i) { unaryScalar(c, i, SQABS); }
    static void sqnegS(Cpu c, int i) { unaryScalar(c, i, SQNEG); }
    static void absS(Cpu c, int i) { unaryScalar(c, i, ABS); }
    static void negS(Cpu c, int i) { unaryScalar(c, i, NEG); }
    static void cmgtZeroS(Cpu c, int i) { unaryScalar(c, i, CMGT0); }
    static void cmeqZeroS(Cpu c, int i) { unaryScalar(c, i, CMEQ0); }
    static void cmltZeroS(Cpu c, int i) { unaryScalar(c, i, CMLT0); }
    static void cmgeZeroS(Cpu c, int i) { unaryScalar(c, i, CMGE0); }
    static void cmleZeroS(Cpu c, int i) { unaryScalar(c, i, CMLE0); }
    static void sqxtnS(Cpu c, int i) { narrowScalar(c, i, SQXTN); }
    static void sqxtunS(Cpu c, int i) { narrowScalar(c, i, SQXTUN); }
    static void uqxtnS(Cpu c, int i) { narrowScalar(c, i, UQXTN); }

    // ---------------------------------------------------------------- across lanes, scalar pairwise

    static void addv(Cpu c, int i) { across(c, i, 0); }
    static void smaxv(Cpu c, int i) { across(c, i, 1); }
    static void umaxv(Cpu c, int i) { across(c, i, 2); }
    static void sminv(Cpu c, int i) { across(c, i, 3); }
    static void uminv(Cpu c, int i) { across(c, i, 4); }
    static void saddlv(Cpu c, int i) { across(c, i, 5); }
    static void uaddlv(Cpu c, int i) { across(c, i, 6); }

    /** ADDP (scalar): D[d] = V[n]<63:0> + V[n]<127:64>. */
    static void addpScalar(Cpu c, int i) {
        int d = i & 31, n = (i >>> 5) & 31;
        Vreg.setD(c, d, Vreg.lo(c, n) + Vreg.hi(c, n));
    }

    // ---------------------------------------------------------------- by element

    static void mulElem(Cpu c, int i) { sameElement(c, i, MUL); }
    static void mlaElem(Cpu c, int i) { sameElement(c, i, MLA); }
    static void mlsElem(Cpu c, int i) { sameElement(c, i, MLS); }
    static void sqdmulhElem(Cpu c, int i) { sameElement(c, i, SQDMULH); }
    static void sqrdmulhElem(Cpu c, int i) { sameElement(c, i, SQRDMULH); }
    static void smullElem(Cpu c, int i) { longElement(c, i, L_MUL, false); }
    static void umullElem(Cpu c, int i) { longElement(c, i, L_MUL, true); }
    static void smlalElem(Cpu c, int i) { longElement(c, i, L_MLA, false); }
    static void umlalElem(Cpu c, int i) { longElement(c, i, L_MLA, true); }
    static void smlslElem(Cpu c, int i) { longElement(c, i, L_MLS, false); }
    static void umlslElem(Cpu c, int i) { longElement(c, i, L_MLS, true); }
    static void sqdmullElem(Cpu c, int i) { longElement(c, i, L_QDMULL, false); }
    static void sqdmlalElem(Cpu c, int i) { longElement(c, i, L_QDMLAL, false); }
    static void sqdmlslElem(Cpu c, int i) { longElement(c, i, L_QDMLSL, false); }

    static void sqdmulhElemS(Cpu c, int i) { sameElementScalar(c, i, SQDMULH); }
    static void sqrdmulhElemS(Cpu c, int i) { sameElementScalar(c, i, SQRDMULH); }
    static void sqdmullElemS(Cpu c, int i) { longElementScalar(c, i, L_QDMULL); }
    static void sqdmlalElemS(Cpu c, int i) { longElementScalar(c, i, L_QDMLAL); }
    static void sqdmlslElemS(Cpu c, int i) { longElementScalar(c, i, L_QDMLSL); }
}
