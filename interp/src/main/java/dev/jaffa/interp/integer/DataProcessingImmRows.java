package dev.jaffa.interp.integer;

import static dev.jaffa.interp.isa.Disassembler.addr;
import static dev.jaffa.interp.isa.Disassembler.hex;
import static dev.jaffa.interp.isa.Disassembler.op;
import static dev.jaffa.interp.isa.Disassembler.r;
import static dev.jaffa.interp.isa.Disassembler.rsp;

import dev.jaffa.interp.isa.Row;

/**
 * Data processing -- immediate (Arm ARM C4.1.2): PC-relative addressing, add/subtract, logical,
 * move wide, bitfield and extract, one row per instruction, with semantics written once against
 * {@link IntOps} for both engines. Reserved field values are excluded in the rows, so the
 * semantics need no UNDEFINED checks. Formatters print objdump's preferred aliases (MOV, CMP,
 * TST, LSL, UBFX, SXTW, ...).
 */
public final class DataProcessingImmRows {
    private DataProcessingImmRows() {}

    /**
     * DecodeBitMasks(N, imms, immr, TRUE) rejects N:NOT(imms) without a set bit (no element size)
     * and an element of all ones (imms = levels): N:imms = 1 111111, 0 011111, 0 101111, 0 110111,
     * 0 111011, 0 111101 and 0 11111x.
     */
    private static final String[] BITMASK_RESERVED = {
        "N:imms=1111111", "N:imms=0011111", "N:imms=0101111", "N:imms=0110111", "N:imms=0111011",
        "N:imms=0111101", "N:imms=011111x",
    };

    private static final String LOGICAL = "sf:1 opc:2 100100 N:1 immr:6 imms:6 Rn:5 Rd:5";
    private static final String MOVE_WIDE = "sf:1 opc:2 100101 hw:2 imm16:16 Rd:5";
    private static final String BITFIELD = "sf:1 opc:2 100110 N:1 immr:6 imms:6 Rn:5 Rd:5";
    private static final String ADD_SUB = "sf:1 op:1 S:1 100010 sh:1 imm12:12 Rn:5 Rd:5";

    /** Bitfield moves: N must equal sf; immr and imms are below 32 in the 32-bit form. */
    private static final String[] BITFIELD_RESERVED = {"sf:N=01", "sf:N=10", "sf:immr=01xxxxx", "sf:imms=01xxxxx"};

    public static Row[] rows() {
        return new Row[] {
            Row.integer("ADR", "0 immlo:2 10000 immhi:19 Rd:5", "adr {Xd}, {adr}", DataProcessingImmRows::adr)
                    .flags(Row.READS_PC | Row.WRITES_GPR).title("Form PC-relative address"),
            Row.integer("ADRP", "1 immlo:2 10000 immhi:19 Rd:5", "adrp {Xd}, {adr}", DataProcessingImmRows::adr)
                    .flags(Row.READS_PC | Row.WRITES_GPR).title("Form PC-relative address to 4KB page"),

            addSub("ADD (immediate)", "Add (immediate)", 0, 0),
            addSub("ADDS (immediate)", "Add (immediate), setting flags", 0, 1),
            addSub("SUB (immediate)", "Subtract (immediate)", 1, 0),
            addSub("SUBS (immediate)", "Subtract (immediate), setting flags", 1, 1),

            logical("AND (immediate)", "Bitwise AND (immediate)", 0),
            logical("ORR (immediate)", "Bitwise OR (immediate)", 1),
            logical("EOR (immediate)", "Bitwise Exclusive OR (immediate)", 2),
            logical("ANDS (immediate)", "Bitwise AND (immediate), setting flags", 3),

            moveWide("MOVN", "Move wide with NOT", 0),
            moveWide("MOVZ", "Move wide with zero", 2),
            moveWide("MOVK", "Move wide with keep", 3),

            bitfield("SBFM", "Signed Bitfield Move", 0),
            bitfield("BFM", "Bitfield Move", 1),
            bitfield("UBFM", "Unsigned Bitfield Move", 2),

            Row.integer("EXTR", "sf:1 00 100111 N:1 0 Rm:5 imms:6 Rn:5 Rd:5", "extr {Rd}, {Rn}, {Rm}, {#d:imms}",
                    DataProcessingImmRows::extr)
                    .excluding("sf:N=01", "sf:N=10", "sf:imms=01xxxxx")
                    .formatter(DataProcessingImmRows::formatExtr).flags(Row.WRITES_GPR).title("Extract register"),
        };
    }

    /** {@code pattern} with the fixed value {@code v} in place of field {@code field} (the register rows use it too). */
    public static String fix(String pattern, String field, int width, int v) {
        StringBuilder b = new StringBuilder();
        for (int k = width - 1; k >= 0; k--) b.append(v >>> k & 1);
        return pattern.replace(field + ":" + width, b.toString());
    }

    private static Row addSub(String name, String title, int op, int s) {
        String p = fix(fix(ADD_SUB, "op", 1, op), "S", 1, s);
        String rd = s == 1 ? "{Rd}" : "{RdSP}";
        return Row.integer(name, p, (op == 1 ? "sub" : "add") + (s == 1 ? "s " : " ") + rd + ", {RnSP}, {#x:imm12}{, lsl #12}",
                        DataProcessingImmRows::addSubImmediate)
                .formatter(DataProcessingImmRows::formatAddSub)
                .flags(Row.RN_SP | Row.WRITES_GPR | (s == 1 ? Row.WRITES_NZCV : Row.RD_SP)).title(title);
    }

    private static Row logical(String name, String title, int opc) {
        String mnemonic = name.substring(0, name.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
        Row r = Row.integer(name, fix(LOGICAL, "opc", 2, opc), mnemonic + (opc == 3 ? " {Rd}" : " {RdSP}") + ", {Rn}, {bimm}",
                        DataProcessingImmRows::logicalImmediate)
                .excluding("sf:N=01").excluding(BITMASK_RESERVED)
                .flags(Row.WRITES_GPR | (opc == 3 ? Row.WRITES_NZCV : Row.RD_SP)).title(title);
        // ORR's MOV (bitmask immediate) and ANDS's TST are aliases; AND and EOR print as the template.
        return opc == 1 || opc == 3 ? r.formatter(DataProcessingImmRows::formatLogical) : r;
    }

    private static Row moveWide(String name, String title, int opc) {
        Row r = Row.integer(name, fix(MOVE_WIDE, "opc", 2, opc), name.toLowerCase(java.util.Locale.ROOT) + " {Rd}, {#x:imm16}{, lsl #hw}",
                        DataProcessingImmRows::moveWide)
                .excluding("sf:hw=01x")
                .formatter(DataProcessingImmRows::formatMoveWide).flags(Row.WRITES_GPR).title(title);
        return r;
    }

    private static Row bitfield(String name, String title, int opc) {
        return Row.integer(name, fix(BITFIELD, "opc", 2, opc), name.toLowerCase(java.util.Locale.ROOT) + " {Rd}, {Rn}, {#d:immr}, {#d:imms}",
                        DataProcessingImmRows::bitfield)
                .excluding(BITFIELD_RESERVED)
                .formatter(DataProcessingImmRows::formatBitfield).flags(Row.WRITES_GPR).title(title);
    }

    // ---- semantics ------------------------------------------------------------------------------

    private static int rd(int i) { return i & 31; }

    private static int rn(int i) { return (i >>> 5) & 31; }

    /** SignExtend(immhi:immlo), the byte offset of ADR (ADRP: in 4 KB pages). */
    public static long adrImmediate(int i) { return ((long) (i << 8) >> 11 & ~3L) | ((i >>> 29) & 3); }

    /** ADR, ADRP: X[d] = PC + imm, or ADRP's 4 KB page of the PC + imm * 4096. */
    static void adr(IntOps o, int i) {
        long imm = adrImmediate(i);
        if (i < 0) o.setX(rd(i), o.add(o.and(o.pc(), o.constant(~0xFFFL)), o.constant(imm << 12)));
        else o.setX(rd(i), o.add(o.pc(), o.constant(imm)));
    }

    /** ADD, ADDS, SUB, SUBS (immediate): Rn may be SP, and so may Rd when flags are not set. */
    static void addSubImmediate(IntOps o, int i) {
        boolean sf = i < 0, sub = (i & 1 << 30) != 0, setFlags = (i & 1 << 29) != 0;
        long imm = (long) ((i >>> 10) & 0xFFF) << ((i >>> 22 & 1) * 12);
        long a = o.xSp(rn(i)), b = o.constant(imm);
        long r = sub ? o.sub(a, b) : o.add(a, b);
        long result = sf ? r : o.zeroExtend32(r);
        if (!setFlags) {
            o.setXSp(rd(i), result);
            return;
        }
        if (sub) o.nzcvSub(a, b, r, sf); else o.nzcvAdd(a, b, r, sf);
        o.setX(rd(i), result);
    }

    /** AND, ORR, EOR, ANDS (immediate) by opc; all but ANDS may write SP. */
    static void logicalImmediate(IntOps o, int i) {
        boolean sf = i < 0;
        int opc = (i >>> 29) & 3;
        long imm = Alu.wmask((i >>> 22) & 1, (i >>> 10) & 63, (i >>> 16) & 63);
        long a = o.x(rn(i)), b = o.constant(sf ? imm : imm & 0xFFFF_FFFFL);
        long r;
        switch (opc) {
            case 1: r = o.or(a, b); break;
            case 2: r = o.xor(a, b); break;
            default: r = o.and(a, b); break;
        }
        if (!sf) r = o.zeroExtend32(r);
        if (opc != 3) {
            o.setXSp(rd(i), r);
            return;
        }
        o.nzcvLogic(r, sf);
        o.setX(rd(i), r);
    }

    /** MOVN, MOVZ, MOVK by opc. */
    static void moveWide(IntOps o, int i) {
        boolean sf = i < 0;
        int opc = (i >>> 29) & 3, pos = ((i >>> 21) & 3) * 16, rd = rd(i);
        long imm = (long) ((i >>> 5) & 0xFFFF) << pos, mask = sf ? -1L : 0xFFFF_FFFFL;
        switch (opc) {
            case 0: o.setX(rd, o.constant(~imm & mask)); break;                              // MOVN
            case 2: o.setX(rd, o.constant(imm)); break;                                       // MOVZ
            default:                                                                          // MOVK
                o.setX(rd, o.or(o.and(o.x(rd), o.constant(~(0xFFFFL << pos) & mask)), o.constant(imm)));
                break;
        }
    }

    /**
     * SBFM, BFM, UBFM by opc: the source rotated right by immr, masked with wmask and tmask
     * (DecodeBitMasks, constant per encoding); SBFM fills the bits above the field with src<imms>,
     * BFM keeps the destination's bits outside it.
     */
    static void bitfield(IntOps o, int i) {
        boolean sf = i < 0;
        int opc = (i >>> 29) & 3, n = (i >>> 22) & 1, immr = (i >>> 16) & 63, imms = (i >>> 10) & 63;
        long wmask = Alu.wmask(n, imms, immr), tmask = Alu.tmask(n, imms, immr), size = sf ? -1L : 0xFFFF_FFFFL;
        long src = o.x(rn(i));
        long r = o.and(o.ror(src, immr, sf), o.constant(wmask & tmask & size));
        switch (opc) {
            case 0:   // SBFM: Replicate(src<imms>) outside tmask
                r = o.or(r, o.and(o.asr(o.lsl(src, 63 - imms), 63), o.constant(~tmask & size)));
                break;
            case 1:   // BFM
                r = o.or(r, o.and(o.x(rd(i)), o.constant(~(tmask & wmask) & size)));
                break;
            default:  // UBFM
                break;
        }
        o.setX(rd(i), r);
    }

    /** EXTR: bits lsb+size-1..lsb of Rn:Rm. */
    static void extr(IntOps o, int i) {
        boolean sf = i < 0;
        int lsb = (i >>> 10) & 63;
        long hi = o.x(rn(i)), lo = o.x((i >>> 16) & 31), r;
        if (sf) r = lsb == 0 ? lo : o.or(o.lsr(lo, lsb), o.lsl(hi, 64 - lsb));
        else r = o.zeroExtend32(o.lsr(o.or(o.lsl(hi, 32), o.zeroExtend32(lo)), lsb));
        o.setX(rd(i), r);
    }

    // ---- disassembly: objdump's preferred aliases ---------------------------------------------

    private static boolean bit(int i, int b) { return (i >>> b & 1) != 0; }

    private static int bits(int i, int lsb, int width) { return (i >>> lsb) & ((1 << width) - 1); }

    static String formatAddSub(Row row, int i, long pc) {
        boolean sf = i < 0, sub = bit(i, 30), s = bit(i, 29), sh = bit(i, 22);
        int imm = bits(i, 10, 12), rn = rn(i), rd = rd(i);
        String rnS = rsp(rn, sf), immS = hex(imm) + (sh ? ", lsl #12" : "");
        if (!sub && !s && !sh && imm == 0 && (rd == 31 || rn == 31)) return op("mov", rsp(rd, sf), rnS);
        if (s && rd == 31) return op(sub ? "cmp" : "cmn", rnS, immS);
        return op((sub ? "sub" : "add") + (s ? "s" : ""), s ? r(rd, sf) : rsp(rd, sf), rnS, immS);
    }

    /** The logical immediate at the operation size. */
    public static long bitMaskImmediate(int i) {
        long imm = Alu.wmask(bits(i, 22, 1), bits(i, 10, 6), bits(i, 16, 6));
        return i < 0 ? imm : imm & 0xFFFF_FFFFL;
    }

    static String formatLogical(Row row, int i, long pc) {
        boolean sf = i < 0;
        int opc = bits(i, 29, 2), rn = rn(i), rd = rd(i);
        long imm = bitMaskImmediate(i);
        if (opc == 3 && rd == 31) return op("tst", r(rn, sf), hex(imm));
        if (opc == 1 && rn == 31 && !moveWideCan(imm, sf)) return op("mov", rsp(rd, sf), hex(imm));
        return op(opc == 3 ? "ands" : "orr", opc == 3 ? r(rd, sf) : rsp(rd, sf), r(rn, sf), hex(imm));
    }

    /** Whether MOVZ or MOVN of the given width can produce {@code v} (then objdump prefers those). */
    private static boolean moveWideCan(long v, boolean sf) {
        long mask = sf ? -1L : 0xFFFF_FFFFL;
        for (int hw = 0; hw < (sf ? 4 : 2); hw++) {
            long keep = 0xFFFFL << (16 * hw);
            if ((v & ~keep & mask) == 0 || (~v & ~keep & mask) == 0) return true;
        }
        return false;
    }

    static String formatMoveWide(Row row, int i, long pc) {
        boolean sf = i < 0;
        int opc = bits(i, 29, 2), hw = bits(i, 21, 2), imm16 = bits(i, 5, 16);
        String rdS = r(rd(i), sf);
        int shift = hw * 16;
        boolean zeroShifted = imm16 == 0 && hw != 0;
        if (opc == 3) return hw == 0 ? op("movk", rdS, hex(imm16)) : op("movk", rdS, hex(imm16), "lsl #" + shift);
        if (opc == 2) {
            if (!zeroShifted) return op("mov", rdS, hex((long) imm16 << shift));
            return op("movz", rdS, hex(imm16), "lsl #" + shift);
        }
        if (!zeroShifted && !(!sf && imm16 == 0xFFFF)) {
            long v = ~((long) imm16 << shift);
            if (!sf) v &= 0xFFFF_FFFFL;
            return op("mov", rdS, hex(v));
        }
        return hw == 0 ? op("movn", rdS, hex(imm16)) : op("movn", rdS, hex(imm16), "lsl #" + shift);
    }

    /** BFXPreferred() of the Arm ARM's shared pseudocode: whether SBFX/UBFX is the alias to print. */
    private static boolean bfxPreferred(boolean sf, boolean uns, int imms, int immr) {
        if (imms < immr) return false;
        if (imms == (sf ? 63 : 31)) return false;
        if (immr == 0) {
            if (!sf && (imms == 7 || imms == 15)) return false;
            if (sf && !uns && (imms == 7 || imms == 15 || imms == 31)) return false;
        }
        return true;
    }

    static String formatBitfield(Row row, int i, long pc) {
        boolean sf = i < 0;
        int opc = bits(i, 29, 2), immr = bits(i, 16, 6), imms = bits(i, 10, 6);
        int width = sf ? 64 : 32;
        String rd = r(rd(i), sf), rn = r(rn(i), sf), rnW = r(rn(i), false);
        String lsbIns = "#" + ((width - immr) & (width - 1)), widthIns = "#" + (imms + 1);
        String lsbEx = "#" + immr, widthEx = "#" + (imms - immr + 1);
        switch (opc) {
            case 0:
                if (imms == width - 1) return op("asr", rd, rn, "#" + immr);
                if (imms < immr) return op("sbfiz", rd, rn, lsbIns, widthIns);
                if (bfxPreferred(sf, false, imms, immr)) return op("sbfx", rd, rn, lsbEx, widthEx);
                if (immr == 0 && imms == 7) return op("sxtb", rd, rnW);
                if (immr == 0 && imms == 15) return op("sxth", rd, rnW);
                if (immr == 0 && imms == 31) return op("sxtw", rd, rnW);
                return op("sbfm", rd, rn, "#" + immr, "#" + imms);
            case 1:
                if (imms < immr) {
                    if (rn(i) == 31) return op("bfc", rd, lsbIns, widthIns);
                    return op("bfi", rd, rn, lsbIns, widthIns);
                }
                return op("bfxil", rd, rn, lsbEx, widthEx);
            default:
                if (imms != width - 1 && imms + 1 == immr) return op("lsl", rd, rn, "#" + (width - 1 - imms));
                if (imms == width - 1) return op("lsr", rd, rn, "#" + immr);
                if (imms < immr) return op("ubfiz", rd, rn, lsbIns, widthIns);
                if (bfxPreferred(sf, true, imms, immr)) return op("ubfx", rd, rn, lsbEx, widthEx);
                if (immr == 0 && imms == 7) return op("uxtb", rd, rnW);
                if (immr == 0 && imms == 15) return op("uxth", rd, rnW);
                return op("ubfm", rd, rn, "#" + immr, "#" + imms);
        }
    }

    static String formatExtr(Row row, int i, long pc) {
        boolean sf = i < 0;
        int lsb = bits(i, 10, 6), rn = rn(i), rm = bits(i, 16, 5);
        if (rn == rm) return op("ror", r(rd(i), sf), r(rn, sf), "#" + lsb);
        return op("extr", r(rd(i), sf), r(rn, sf), r(rm, sf), "#" + lsb);
    }

    /** The address ADR or ADRP at {@code pc} forms (for the {adr} template token). */
    public static String adrTarget(int i, long pc) {
        long imm = adrImmediate(i);
        return addr(i < 0 ? (pc & ~0xFFFL) + (imm << 12) : pc + imm);
    }
}
