package dev.jaffa.interp.integer;

import static dev.jaffa.interp.integer.DataProcessingImmRows.fix;
import static dev.jaffa.interp.isa.Disassembler.hex;
import static dev.jaffa.interp.isa.Disassembler.op;
import static dev.jaffa.interp.isa.Disassembler.r;
import static dev.jaffa.interp.isa.Disassembler.rsp;

import dev.jaffa.interp.isa.Row;

/**
 * Data processing -- register (Arm ARM C4.1.5): logical and add/subtract (shifted register),
 * add/subtract (extended register), add/subtract with carry, conditional compare, conditional
 * select, and the 1-, 2- and 3-source groups, one row per instruction, with semantics written once
 * against {@link IntOps} for both engines. Reserved values and the encodings of later extensions
 * (v8.3 PAuth and v8.9 CSSC 1- and 2-source forms, v8.4 RMIF/SETF, v8.5 MTE) match no row, so they
 * are UNDEFINED. CRC32 is Armv8.0 optional and the Cortex-A57 has it. Formatters print objdump's
 * aliases (MOV, MVN, NEG, CMP, TST, NGC, CSET, CINC, MUL, SMULL, ...).
 */
public final class DataProcessingRegRows {
    private DataProcessingRegRows() {}

    private static final String LOGICAL = "sf:1 opc:2 01010 shift:2 N:1 Rm:5 imm6:6 Rn:5 Rd:5";
    private static final String ADD_SUB_SHIFTED = "sf:1 op:1 S:1 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5";
    private static final String ADD_SUB_EXTENDED = "sf:1 op:1 S:1 01011 opt:2 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5";
    private static final String ADD_SUB_CARRY = "sf:1 op:1 S:1 11010000 Rm:5 000000 Rn:5 Rd:5";
    private static final String CCMP_REGISTER = "sf:1 op:1 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4";
    private static final String CCMP_IMMEDIATE = "sf:1 op:1 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4";
    private static final String CSEL = "sf:1 op:1 0 11010100 Rm:5 cond:4 0 o2:1 Rn:5 Rd:5";
    private static final String ONE_SOURCE = "sf:1 1 0 11010110 00000 opcode:6 Rn:5 Rd:5";
    private static final String TWO_SOURCE = "sf:1 0 0 11010110 Rm:5 opcode:6 Rn:5 Rd:5";
    private static final String THREE_SOURCE = "sf:1 00 11011 op31:3 Rm:5 o0:1 Ra:5 Rn:5 Rd:5";

    /** The 32-bit forms take shift amounts below 32 only. */
    private static final String IMM6_RESERVED = "sf:imm6=01xxxxx";

    public static Row[] rows() {
        return new Row[] {
            logical("AND (shifted register)", "Bitwise AND (shifted register)", 0, 0),
            logical("BIC (shifted register)", "Bitwise Bit Clear (shifted register)", 0, 1),
            logical("ORR (shifted register)", "Bitwise OR (shifted register)", 1, 0),
            logical("ORN (shifted register)", "Bitwise OR NOT (shifted register)", 1, 1),
            logical("EOR (shifted register)", "Bitwise Exclusive OR (shifted register)", 2, 0),
            logical("EON (shifted register)", "Bitwise Exclusive OR NOT (shifted register)", 2, 1),
            logical("ANDS (shifted register)", "Bitwise AND (shifted register), setting flags", 3, 0),
            logical("BICS (shifted register)", "Bitwise Bit Clear (shifted register), setting flags", 3, 1),

            addSubShifted("ADD (shifted register)", "Add (shifted register)", 0, 0),
            addSubShifted("ADDS (shifted register)", "Add (shifted register), setting flags", 0, 1),
            addSubShifted("SUB (shifted register)", "Subtract (shifted register)", 1, 0),
            addSubShifted("SUBS (shifted register)", "Subtract (shifted register), setting flags", 1, 1),

            condSelect("CSEL", "Conditional Select", 0, 0),
            condSelect("CSINC", "Conditional Select Increment", 0, 1),
            condSelect("CSINV", "Conditional Select Invert", 1, 0),
            condSelect("CSNEG", "Conditional Select Negation", 1, 1),

            condCompare("CCMN (register)", "Conditional Compare Negative (register)", CCMP_REGISTER, 0, "{Rm}"),
            condCompare("CCMP (register)", "Conditional Compare (register)", CCMP_REGISTER, 1, "{Rm}"),
            condCompare("CCMN (immediate)", "Conditional Compare Negative (immediate)", CCMP_IMMEDIATE, 0, "{#x:imm5}"),
            condCompare("CCMP (immediate)", "Conditional Compare (immediate)", CCMP_IMMEDIATE, 1, "{#x:imm5}"),

            threeSource("MADD", "Multiply-Add", "sf:1", 0, 0),
            threeSource("MSUB", "Multiply-Subtract", "sf:1", 0, 1),
            threeSource("SMADDL", "Signed Multiply-Add Long", "1", 1, 0),
            threeSource("SMSUBL", "Signed Multiply-Subtract Long", "1", 1, 1),
            threeSource("SMULH", "Signed Multiply High", "1", 2, 0),
            threeSource("UMADDL", "Unsigned Multiply-Add Long", "1", 5, 0),
            threeSource("UMSUBL", "Unsigned Multiply-Subtract Long", "1", 5, 1),
            threeSource("UMULH", "Unsigned Multiply High", "1", 6, 0),

            twoSource("UDIV", "Unsigned Divide", 0b000010, DataProcessingRegRows::divide),
            twoSource("SDIV", "Signed Divide", 0b000011, DataProcessingRegRows::divide),
            twoSource("LSLV", "Logical Shift Left Variable", 0b001000, DataProcessingRegRows::shiftVariable),
            twoSource("LSRV", "Logical Shift Right Variable", 0b001001, DataProcessingRegRows::shiftVariable),
            twoSource("ASRV", "Arithmetic Shift Right Variable", 0b001010, DataProcessingRegRows::shiftVariable),
            twoSource("RORV", "Rotate Right Variable", 0b001011, DataProcessingRegRows::shiftVariable),
            crc32("CRC32B, CRC32H, CRC32W, CRC32X", "CRC32 checksum", 0),
            crc32("CRC32CB, CRC32CH, CRC32CW, CRC32CX", "CRC32C checksum", 1),

            oneSource("RBIT", "Reverse Bits", "sf:1", 0b000000, DataProcessingRegRows::rbit),
            oneSource("REV16", "Reverse bytes in 16-bit halfwords", "sf:1", 0b000001, DataProcessingRegRows::rev16),
            oneSource("REV32", "Reverse bytes in 32-bit words", "1", 0b000010, DataProcessingRegRows::rev32),
            oneSource("REV", "Reverse Bytes", "0", 0b000010, DataProcessingRegRows::rev),     // 32-bit: sf = 0, opc = 10
            oneSource("REV", "Reverse Bytes", "1", 0b000011, DataProcessingRegRows::rev),     // 64-bit: sf = 1, opc = 11
            oneSource("CLZ", "Count Leading Zeros", "sf:1", 0b000100, DataProcessingRegRows::clz),
            oneSource("CLS", "Count Leading Sign bits", "sf:1", 0b000101, DataProcessingRegRows::cls),

            addSubCarry("ADC", "Add with Carry", 0, 0),
            addSubCarry("ADCS", "Add with Carry, setting flags", 0, 1),
            addSubCarry("SBC", "Subtract with Carry", 1, 0),
            addSubCarry("SBCS", "Subtract with Carry, setting flags", 1, 1),

            addSubExtended("ADD (extended register)", "Add (extended register)", 0, 0),
            addSubExtended("ADDS (extended register)", "Add (extended register), setting flags", 0, 1),
            addSubExtended("SUB (extended register)", "Subtract (extended register)", 1, 0),
            addSubExtended("SUBS (extended register)", "Subtract (extended register), setting flags", 1, 1),
        };
    }

    private static String lower(String name) {
        int sp = name.indexOf(' ');
        return (sp < 0 ? name : name.substring(0, sp)).toLowerCase(java.util.Locale.ROOT);
    }

    private static Row logical(String name, String title, int opc, int n) {
        return Row.integer(name, fix(fix(LOGICAL, "opc", 2, opc), "N", 1, n), lower(name) + " {Rd}, {Rn}, {Rm}, {shift} #{imm6}",
                        DataProcessingRegRows::logicalShifted)
                .excluding(IMM6_RESERVED).formatter(DataProcessingRegRows::formatLogical)
                .flags(Row.WRITES_GPR | (opc == 3 ? Row.WRITES_NZCV : 0)).title(title);
    }

    private static Row addSubShifted(String name, String title, int op, int s) {
        return Row.integer(name, fix(fix(ADD_SUB_SHIFTED, "op", 1, op), "S", 1, s), lower(name) + " {Rd}, {Rn}, {Rm}, {shift} #{imm6}",
                        DataProcessingRegRows::addSubShifted)
                .excluding("shift=11", IMM6_RESERVED).formatter(DataProcessingRegRows::formatAddSubShifted)
                .flags(Row.WRITES_GPR | (s == 1 ? Row.WRITES_NZCV : 0)).title(title);
    }

    private static Row addSubExtended(String name, String title, int op, int s) {
        String p = fix(fix(fix(ADD_SUB_EXTENDED, "op", 1, op), "S", 1, s), "opt", 2, 0);
        return Row.integer(name, p, lower(name) + " {RdSP}, {RnSP}, {Rm}, {extend} #{imm3}", DataProcessingRegRows::addSubExtended)
                .excluding("imm3=101", "imm3=11x").formatter(DataProcessingRegRows::formatAddSubExtended)
                .flags(Row.RN_SP | Row.WRITES_GPR | (s == 1 ? Row.WRITES_NZCV : Row.RD_SP)).title(title);
    }

    private static Row addSubCarry(String name, String title, int op, int s) {
        return Row.integer(name, fix(fix(ADD_SUB_CARRY, "op", 1, op), "S", 1, s), lower(name) + " {Rd}, {Rn}, {Rm}",
                        DataProcessingRegRows::addSubCarry)
                .formatter(DataProcessingRegRows::formatAddSubCarry)
                .flags(Row.READS_NZCV | Row.WRITES_GPR | (s == 1 ? Row.WRITES_NZCV : 0)).title(title);
    }

    private static Row condCompare(String name, String title, String pattern, int op, String operand) {
        return Row.integer(name, fix(pattern, "op", 1, op), lower(name) + " {Rn}, " + operand + ", {#x:nzcv}, {cond}",
                        DataProcessingRegRows::condCompare)
                .formatter(DataProcessingRegRows::formatCondCompare).flags(Row.READS_NZCV | Row.WRITES_NZCV).title(title);
    }

    private static Row condSelect(String name, String title, int op, int o2) {
        return Row.integer(name, fix(fix(CSEL, "op", 1, op), "o2", 1, o2), lower(name) + " {Rd}, {Rn}, {Rm}, {cond}",
                        DataProcessingRegRows::condSelect)
                .formatter(DataProcessingRegRows::formatCondSelect).flags(Row.READS_NZCV | Row.WRITES_GPR).title(title);
    }

    private static Row oneSource(String name, String title, String sf, int opcode, dev.jaffa.interp.isa.IntSemantics sem) {
        String regs = sf.equals("0") ? " {Wd}, {Wn}" : sf.equals("1") ? " {Xd}, {Xn}" : " {Rd}, {Rn}";
        return Row.integer(name, fix(ONE_SOURCE, "opcode", 6, opcode).replace("sf:1", sf), lower(name) + regs, sem)
                .flags(Row.WRITES_GPR).title(title);
    }

    private static Row twoSource(String name, String title, int opcode, dev.jaffa.interp.isa.IntSemantics sem) {
        return Row.integer(name, fix(TWO_SOURCE, "opcode", 6, opcode), lower(name) + " {Rd}, {Rn}, {Rm}", sem)
                .formatter(DataProcessingRegRows::formatTwoSource).flags(Row.WRITES_GPR).title(title);
    }

    /** CRC32* and CRC32C*: sz = 11 (the X form) is the 64-bit form, the others are 32-bit. */
    private static Row crc32(String name, String title, int c) {
        String p = TWO_SOURCE.replace("opcode:6", "010 " + c + " sz:2");
        return Row.integer(name, p, "crc32{C}{sz} {Wd}, {Wn}, {Rm}", DataProcessingRegRows::crc32)
                .excluding("sf:sz=011", "sf:sz=10x", "sf:sz=110")
                .formatter(DataProcessingRegRows::formatCrc32).flags(Row.WRITES_GPR).title(title);
    }

    /** SMULH and UMULH ignore Ra (the manual's (1)(1)(1)(1)(1), as the table always has). */
    private static Row threeSource(String name, String title, String sf, int op31, int o0) {
        String p = fix(fix(THREE_SOURCE, "op31", 3, op31), "o0", 1, o0).replace("sf:1", sf);
        boolean high = op31 == 2 || op31 == 6;
        return Row.integer(name, p, lower(name) + (high ? " {Xd}, {Xn}, {Xm}" : " {Rd}, {Rn}, {Rm}, {Ra}"),
                        high ? DataProcessingRegRows::multiplyHigh : DataProcessingRegRows::multiplyAdd)
                .formatter(DataProcessingRegRows::formatThreeSource).flags(Row.WRITES_GPR).title(title);
    }

    // ---- semantics ------------------------------------------------------------------------------

    private static int rd(int i) { return i & 31; }

    private static int rn(int i) { return (i >>> 5) & 31; }

    private static int rm(int i) { return (i >>> 16) & 31; }

    /** X[d] = the result, or its low 32 bits zero-extended in the 32-bit form. */
    private static void put(IntOps o, int i, long r) { o.setX(rd(i), i < 0 ? r : o.zeroExtend32(r)); }

    /** ShiftReg(m, shift, imm6) at the operation size (bits 23:22 LSL LSR ASR ROR); 32 bits: low half valid. */
    private static long shifted(IntOps o, long m, int i, boolean sf) {
        int amount = (i >>> 10) & 63;
        if (amount == 0) return m;
        switch ((i >>> 22) & 3) {
            case 0: return o.lsl(m, amount);
            case 1: return o.lsr(sf ? m : o.zeroExtend32(m), amount);
            case 2: return o.asr(sf ? m : o.signExtend(m, 32), amount);
            default: return o.ror(m, amount, sf);
        }
    }

    /** AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS (shifted register): opc, and N inverts the operand. */
    static void logicalShifted(IntOps o, int i) {
        boolean sf = i < 0;
        int opc = (i >>> 29) & 3;
        long a = o.x(rn(i)), b = shifted(o, o.x(rm(i)), i, sf);
        if ((i & 1 << 21) != 0) b = o.xor(b, o.constant(-1));
        long r;
        switch (opc) {
            case 1: r = o.or(a, b); break;
            case 2: r = o.xor(a, b); break;
            default: r = o.and(a, b); break;
        }
        if (!sf) r = o.zeroExtend32(r);
        if (opc == 3) o.nzcvLogic(r, sf);
        o.setX(rd(i), r);
    }

    /** ADD, ADDS, SUB, SUBS of a and b; Rd is SP when {@code rdSp} and flags are not set. */
    private static void addSub(IntOps o, int i, long a, long b, boolean rdSp) {
        boolean sf = i < 0, sub = (i & 1 << 30) != 0, setFlags = (i & 1 << 29) != 0;
        long r = sub ? o.sub(a, b) : o.add(a, b);
        long result = sf ? r : o.zeroExtend32(r);
        if (!setFlags) {
            if (rdSp) o.setXSp(rd(i), result); else o.setX(rd(i), result);
            return;
        }
        if (sub) o.nzcvSub(a, b, r, sf); else o.nzcvAdd(a, b, r, sf);
        o.setX(rd(i), result);
    }

    /** ADD, ADDS, SUB, SUBS (shifted register). */
    static void addSubShifted(IntOps o, int i) {
        addSub(o, i, o.x(rn(i)), shifted(o, o.x(rm(i)), i, i < 0), false);
    }

    /** ADD, ADDS, SUB, SUBS (extended register): ExtendReg(m, option, imm3); Rn is SP for 31, so is Rd without S. */
    static void addSubExtended(IntOps o, int i) {
        long m = o.x(rm(i));
        switch ((i >>> 13) & 7) {
            case 0: m = o.and(m, o.constant(0xFF)); break;
            case 1: m = o.and(m, o.constant(0xFFFF)); break;
            case 2: m = o.zeroExtend32(m); break;
            case 4: m = o.signExtend(m, 8); break;
            case 5: m = o.signExtend(m, 16); break;
            case 6: m = o.signExtend(m, 32); break;
            default: break;                                   // UXTX, SXTX
        }
        addSub(o, i, o.xSp(rn(i)), o.lsl(m, (i >>> 10) & 7), true);
    }

    /** ADC, ADCS, SBC, SBCS: AddWithCarry(n, m or NOT(m), PSTATE.C). */
    static void addSubCarry(IntOps o, int i) {
        boolean sf = i < 0, sub = (i & 1 << 30) != 0;
        long a = o.x(rn(i)), b = o.x(rm(i));
        if (sub) b = o.xor(b, o.constant(-1));
        long r = o.add(o.add(a, b), o.carry());
        long result = sf ? r : o.zeroExtend32(r);
        if ((i & 1 << 29) != 0) o.nzcvAdd(a, b, r, sf);
        o.setX(rd(i), result);
    }

    /** CCMN, CCMP (register, immediate): the flags of n + m or n - m if cond holds, else #nzcv. */
    static void condCompare(IntOps o, int i) {
        long a = o.x(rn(i)), b = (i & 1 << 11) != 0 ? o.constant(rm(i)) : o.x(rm(i));
        o.ccmp((i >>> 12) & 15, a, b, (i & 1 << 30) != 0, i & 15, i < 0);
    }

    /** CSEL, CSINC, CSINV, CSNEG: n if cond holds, else m, m + 1, NOT(m) or -m. */
    static void condSelect(IntOps o, int i) {
        boolean inv = (i & 1 << 30) != 0, inc = (i & 1 << 10) != 0;
        long n = o.x(rn(i)), m = o.x(rm(i));
        if (inv && inc) m = o.sub(o.constant(0), m);
        else if (inv) m = o.xor(m, o.constant(-1));
        else if (inc) m = o.add(m, o.constant(1));
        put(o, i, o.select((i >>> 12) & 15, n, m));
    }

    /** MADD, MSUB, SMADDL, SMSUBL, UMADDL, UMSUBL: a +/- n * m, the long forms of the extended W registers. */
    static void multiplyAdd(IntOps o, int i) {
        int op31 = (i >>> 21) & 7;
        long n = o.x(rn(i)), m = o.x(rm(i)), a = o.x((i >>> 10) & 31);
        if (op31 == 1) {
            n = o.signExtend(n, 32);
            m = o.signExtend(m, 32);
        } else if (op31 == 5) {
            n = o.zeroExtend32(n);
            m = o.zeroExtend32(m);
        }
        long p = o.mul(n, m);
        put(o, i, (i & 1 << 15) != 0 ? o.sub(a, p) : o.add(a, p));
    }

    /** SMULH, UMULH. */
    static void multiplyHigh(IntOps o, int i) {
        o.setX(rd(i), o.mulHigh(o.x(rn(i)), o.x(rm(i)), (i & 1 << 23) == 0));
    }

    /** UDIV, SDIV (bit 10): a zero divisor gives 0, and MIN / -1 gives MIN. */
    static void divide(IntOps o, int i) {
        o.setX(rd(i), o.div(o.x(rn(i)), o.x(rm(i)), (i & 1 << 10) != 0, i < 0));
    }

    /** LSLV, LSRV, ASRV, RORV: the shift amount is Rm modulo the operation size. */
    static void shiftVariable(IntOps o, int i) {
        put(o, i, o.shiftV((i >>> 10) & 3, o.x(rn(i)), o.x(rm(i)), i < 0));
    }

    /** CRC32* and CRC32C*: bytes 1 << sz of Rm into the checksum in Wn. */
    static void crc32(IntOps o, int i) {
        o.setX(rd(i), o.zeroExtend32(o.crc32(o.x(rn(i)), o.x(rm(i)), 1 << ((i >>> 10) & 3), (i & 1 << 12) != 0)));
    }

    static void rbit(IntOps o, int i) { put(o, i, o.rbit(o.x(rn(i)), i < 0)); }

    static void rev16(IntOps o, int i) { put(o, i, o.rev16(o.x(rn(i)))); }

    static void rev32(IntOps o, int i) { o.setX(rd(i), o.rev32(o.x(rn(i)))); }

    static void rev(IntOps o, int i) { put(o, i, o.rev(o.x(rn(i)), i < 0)); }

    static void clz(IntOps o, int i) { put(o, i, o.clz(o.x(rn(i)), i < 0)); }

    static void cls(IntOps o, int i) { put(o, i, o.cls(o.x(rn(i)), i < 0)); }

    // ---- disassembly: objdump's preferred aliases ---------------------------------------------

    private static final String[] COND = {
        "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv",
    };
    private static final String[] SHIFT = {"lsl", "lsr", "asr", "ror"};
    private static final String[] EXTEND = {"uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"};
    private static final String[][] LOGICAL_NAMES = {{"and", "bic"}, {"orr", "orn"}, {"eor", "eon"}, {"ands", "bics"}};

    private static boolean bit(int i, int b) { return (i >>> b & 1) != 0; }

    private static int bits(int i, int lsb, int width) { return (i >>> lsb) & ((1 << width) - 1); }

    /** Operands followed by Rm's shift when it is not LSL #0. */
    private static String[] withShift(int i, boolean sf, String... first) {
        int shift = bits(i, 22, 2), amount = bits(i, 10, 6);
        String[] r = java.util.Arrays.copyOf(first, first.length + (shift == 0 && amount == 0 ? 1 : 2));
        r[first.length] = r(rm(i), sf);
        if (r.length > first.length + 1) r[first.length + 1] = SHIFT[shift] + " #" + amount;
        return r;
    }

    static String formatLogical(Row row, int i, long pc) {
        boolean sf = i < 0, n = bit(i, 21);
        int opc = bits(i, 29, 2), rd = rd(i), rn = rn(i);
        if (opc == 1 && rn == 31) {
            if (!n && bits(i, 22, 2) == 0 && bits(i, 10, 6) == 0) return op("mov", r(rd, sf), r(rm(i), sf));
            if (n) return op("mvn", withShift(i, sf, r(rd, sf)));
        }
        if (opc == 3 && !n && rd == 31) return op("tst", withShift(i, sf, r(rn, sf)));
        return op(LOGICAL_NAMES[opc][n ? 1 : 0], withShift(i, sf, r(rd, sf), r(rn, sf)));
    }

    static String formatAddSubShifted(Row row, int i, long pc) {
        boolean sf = i < 0, sub = bit(i, 30), s = bit(i, 29);
        int rd = rd(i), rn = rn(i);
        if (s && rd == 31) return op(sub ? "cmp" : "cmn", withShift(i, sf, r(rn, sf)));
        if (sub && rn == 31) return op(s ? "negs" : "neg", withShift(i, sf, r(rd, sf)));
        return op((sub ? "sub" : "add") + (s ? "s" : ""), withShift(i, sf, r(rd, sf), r(rn, sf)));
    }

    static String formatAddSubExtended(Row row, int i, long pc) {
        boolean sf = i < 0, sub = bit(i, 30), s = bit(i, 29);
        int option = bits(i, 13, 3), amount = bits(i, 10, 3), rd = rd(i), rn = rn(i);
        String rm = r(rm(i), sf && (option & 3) == 3);
        String ext;
        if ((rn == 31 || !s && rd == 31) && option == (sf ? 3 : 2)) ext = amount == 0 ? null : "lsl #" + amount;
        else ext = EXTEND[option] + (amount == 0 ? "" : " #" + amount);
        String rnS = rsp(rn, sf);
        if (s && rd == 31) return ext == null ? op(sub ? "cmp" : "cmn", rnS, rm) : op(sub ? "cmp" : "cmn", rnS, rm, ext);
        String rdS = s ? r(rd, sf) : rsp(rd, sf), m = (sub ? "sub" : "add") + (s ? "s" : "");
        return ext == null ? op(m, rdS, rnS, rm) : op(m, rdS, rnS, rm, ext);
    }

    static String formatAddSubCarry(Row row, int i, long pc) {
        boolean sf = i < 0, sub = bit(i, 30), s = bit(i, 29);
        if (sub && rn(i) == 31) return op(s ? "ngcs" : "ngc", r(rd(i), sf), r(rm(i), sf));
        return op((sub ? "sbc" : "adc") + (s ? "s" : ""), r(rd(i), sf), r(rn(i), sf), r(rm(i), sf));
    }

    static String formatCondCompare(Row row, int i, long pc) {
        boolean sf = i < 0;
        String m = bit(i, 11) ? hex(rm(i)) : r(rm(i), sf);
        return op(bit(i, 30) ? "ccmp" : "ccmn", r(rn(i), sf), m, hex(i & 15), COND[bits(i, 12, 4)]);
    }

    static String formatCondSelect(Row row, int i, long pc) {
        boolean sf = i < 0, inv = bit(i, 30), inc = bit(i, 10);
        int rd = rd(i), rn = rn(i), rm = rm(i), cond = bits(i, 12, 4);
        String invCond = COND[cond ^ 1];
        if (cond < 14 && rn == rm) {
            if (!inv && inc) return rn == 31 ? op("cset", r(rd, sf), invCond) : op("cinc", r(rd, sf), r(rn, sf), invCond);
            if (inv && !inc) return rn == 31 ? op("csetm", r(rd, sf), invCond) : op("cinv", r(rd, sf), r(rn, sf), invCond);
            if (inv) return op("cneg", r(rd, sf), r(rn, sf), invCond);
        }
        return op(lower(row.name), r(rd, sf), r(rn, sf), r(rm, sf), COND[cond]);
    }

    /** UDIV, SDIV, and LSLV..RORV as objdump prints them: LSL, LSR, ASR, ROR. */
    static String formatTwoSource(Row row, int i, long pc) {
        boolean sf = i < 0;
        int opcode = bits(i, 10, 6);
        String m = opcode >= 8 ? SHIFT[opcode - 8] : lower(row.name);
        return op(m, r(rd(i), sf), r(rn(i), sf), r(rm(i), sf));
    }

    static String formatCrc32(Row row, int i, long pc) {
        int sz = bits(i, 10, 2);
        String m = (bit(i, 12) ? "crc32c" : "crc32") + "bhwx".charAt(sz);
        return op(m, r(rd(i), false), r(rn(i), false), r(rm(i), sz == 3));
    }

    static String formatThreeSource(Row row, int i, long pc) {
        boolean sf = i < 0, o0 = bit(i, 15);
        int op31 = bits(i, 21, 3), ra = bits(i, 10, 5);
        String rd = r(rd(i), sf);
        switch (op31) {
            case 0:
                if (ra == 31) return op(o0 ? "mneg" : "mul", rd, r(rn(i), sf), r(rm(i), sf));
                return op(o0 ? "msub" : "madd", rd, r(rn(i), sf), r(rm(i), sf), r(ra, sf));
            case 1: case 5: {
                String p = op31 == 1 ? "s" : "u";
                if (ra == 31) return op(p + (o0 ? "mnegl" : "mull"), rd, r(rn(i), false), r(rm(i), false));
                return op(p + (o0 ? "msubl" : "maddl"), rd, r(rn(i), false), r(rm(i), false), r(ra, true));
            }
            default:
                return op(op31 == 2 ? "smulh" : "umulh", rd, r(rn(i), true), r(rm(i), true));
        }
    }
}
