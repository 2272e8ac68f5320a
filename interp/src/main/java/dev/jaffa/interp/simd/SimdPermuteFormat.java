package dev.jaffa.interp.simd;

import dev.jaffa.interp.isa.Row;
import java.util.Locale;

/**
 * Disassembly of the {@link SimdPermuteRows} rows whose operands a template cannot express
 * (element indexes, arrangements from imm5 or immh, shift amounts, expanded immediates), in GNU
 * objdump's syntax and with its alias choices (mov, sxtl/uxtl).
 */
final class SimdPermuteFormat {
    private SimdPermuteFormat() {}

    private static final String[] ARR = {"8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"};
    private static final String[] SUFFIX = {"b", "h", "s", "d"};

    static String arr(int sz, boolean q) { return ARR[sz * 2 + (q ? 1 : 0)]; }

    static boolean q(int insn) { return (insn & 1 << 30) != 0; }

    static int rd(int insn) { return insn & 31; }

    static int rn(int insn) { return (insn >>> 5) & 31; }

    static int rm(int insn) { return (insn >>> 16) & 31; }

    static String v(int n, String arr) { return "v" + n + "." + arr; }

    static String gpr(int n, boolean x) { return n == 31 ? (x ? "xzr" : "wzr") : (x ? "x" : "w") + n; }

    static String elem(int n, int sz, int index) { return "v" + n + "." + SUFFIX[sz] + "[" + index + "]"; }

    /** The mnemonic of a row: its name up to the first space or comma, in lower case. */
    static String mnemonic(Row row) {
        String s = row.name;
        int end = s.length();
        for (int k = 0; k < s.length(); k++) if (s.charAt(k) == ' ' || s.charAt(k) == ',') { end = k; break; }
        return s.substring(0, end).toLowerCase(Locale.ROOT);
    }

    // ---- copy

    static String dupElement(Row row, int insn, long pc) {
        int sz = SimdPermuteRows.imm5Size(insn), idx = SimdPermuteRows.imm5Index(insn, sz);
        if ((insn & 1 << 28) != 0) return "mov " + SUFFIX[sz] + rd(insn) + ", " + elem(rn(insn), sz, idx);
        return "dup " + v(rd(insn), arr(sz, q(insn))) + ", " + elem(rn(insn), sz, idx);
    }

    static String dupGeneral(Row row, int insn, long pc) {
        int sz = SimdPermuteRows.imm5Size(insn);
        return "dup " + v(rd(insn), arr(sz, q(insn))) + ", " + gpr(rn(insn), sz == 3);
    }

    /** SMOV, UMOV (mov for a word to W or a doubleword to X). */
    static String movToGeneral(Row row, int insn, long pc) {
        int sz = SimdPermuteRows.imm5Size(insn), idx = SimdPermuteRows.imm5Index(insn, sz);
        boolean x = q(insn), umov = (insn & 1 << 12) != 0;
        String m = umov ? (sz >= 2 ? "mov" : "umov") : "smov";
        return m + " " + gpr(rd(insn), x) + ", " + elem(rn(insn), sz, idx);
    }

    static String insGeneral(Row row, int insn, long pc) {
        int sz = SimdPermuteRows.imm5Size(insn);
        return "mov " + elem(rd(insn), sz, SimdPermuteRows.imm5Index(insn, sz)) + ", " + gpr(rn(insn), sz == 3);
    }

    static String insElement(Row row, int insn, long pc) {
        int sz = SimdPermuteRows.imm5Size(insn);
        return "mov " + elem(rd(insn), sz, SimdPermuteRows.imm5Index(insn, sz)) + ", "
                + elem(rn(insn), sz, ((insn >>> 11) & 15) >>> sz);
    }

    // ---- extract, table lookup, logical

    static String ext(Row row, int insn, long pc) {
        String a = q(insn) ? "16b" : "8b";
        return "ext " + v(rd(insn), a) + ", " + v(rn(insn), a) + ", " + v(rm(insn), a) + ", #" + ((insn >>> 11) & 15);
    }

    static String table(Row row, int insn, long pc) {
        String a = q(insn) ? "16b" : "8b";
        int regs = ((insn >>> 13) & 3) + 1, n = rn(insn);
        StringBuilder sb = new StringBuilder(mnemonic(row)).append(' ').append(v(rd(insn), a)).append(", {");
        if (regs >= 3 && n + regs - 1 <= 31) sb.append(v(n, "16b")).append('-').append(v(n + regs - 1, "16b"));   // objdump's range form
        else for (int k = 0; k < regs; k++) sb.append(k == 0 ? "" : ", ").append(v((n + k) & 31, "16b"));
        return sb.append("}, ").append(v(rm(insn), a)).toString();
    }

    static String logical(Row row, int insn, long pc) {
        String a = q(insn) ? "16b" : "8b";
        if (row.name.equals("ORR (vector, register)") && rn(insn) == rm(insn)) return "mov " + v(rd(insn), a) + ", " + v(rn(insn), a);
        return mnemonic(row) + " " + v(rd(insn), a) + ", " + v(rn(insn), a) + ", " + v(rm(insn), a);
    }

    // ---- modified immediate

    static String modImm(Row row, int insn, long pc) {
        int cmode = (insn >>> 12) & 15, op = (insn >>> 29) & 1, imm8 = SimdPermuteRows.imm8(insn);
        boolean q = q(insn);
        String m = mnemonic(row), d = v(rd(insn), "");
        String hex = "#0x" + Integer.toHexString(imm8);
        if (cmode == 15) {
            long bits = op == 0 ? SimdPermuteRows.fp32Imm(imm8) : SimdPermuteRows.fp64Imm(imm8);
            double val = op == 0 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
            return m + " " + d + (op == 0 ? arr(2, q) : "2d") + ", #" + String.format(Locale.ROOT, "%.18e", val);
        }
        if (cmode == 14) {
            if (op == 0) return m + " " + d + arr(0, q) + ", " + hex;
            String imm = "#0x" + Long.toHexString(SimdPermuteRows.expandImm(1, 14, imm8));
            return q ? m + " " + d + "2d, " + imm : m + " d" + rd(insn) + ", " + imm;
        }
        if (cmode >= 12) return m + " " + d + arr(2, q) + ", " + hex + ", msl #" + ((cmode & 1) == 0 ? 8 : 16);
        int sz = cmode < 8 ? 2 : 1, shift = 8 * ((cmode >>> 1) & (sz == 2 ? 3 : 1));
        return m + " " + d + arr(sz, q) + ", " + hex + (shift == 0 ? "" : ", lsl #" + shift);
    }

    // ---- shifts by immediate

    static String shiftVector(Row row, int insn, int kind) {
        int sz = SimdShiftImm.size(insn), hb = SimdShiftImm.immhb(insn), esize = 8 << sz;
        boolean q = q(insn);
        String m = mnemonic(row), d = rd(insn) + "", n = rn(insn) + "";
        switch (kind) {
            case SimdShiftImm.NARROW:
                return m + (q ? "2 " : " ") + "v" + d + "." + arr(sz, q) + ", v" + n + "." + arr(sz + 1, true) + ", #" + (2 * esize - hb);
            case SimdShiftImm.LONG: {
                int sh = hb - esize;
                if (sh == 0) m = m.charAt(0) + "xtl";
                return m + (q ? "2 " : " ") + "v" + d + "." + arr(sz + 1, true) + ", v" + n + "." + arr(sz, q)
                        + (sh == 0 ? "" : ", #" + sh);
            }
            default: {
                int sh = kind == SimdShiftImm.LEFT || kind == SimdShiftImm.QLEFT ? hb - esize : 2 * esize - hb;
                String a = arr(sz, q);
                return m + " v" + d + "." + a + ", v" + n + "." + a + ", #" + sh;
            }
        }
    }

    static String shiftScalar(Row row, int insn, int kind) {
        int sz = SimdShiftImm.size(insn), hb = SimdShiftImm.immhb(insn), esize = 8 << sz;
        String m = mnemonic(row);
        if (kind == SimdShiftImm.NARROW)
            return m + " " + SUFFIX[sz] + rd(insn) + ", " + SUFFIX[sz + 1] + rn(insn) + ", #" + (2 * esize - hb);
        int sh = kind == SimdShiftImm.LEFT || kind == SimdShiftImm.QLEFT ? hb - esize : 2 * esize - hb;
        return m + " " + SUFFIX[sz] + rd(insn) + ", " + SUFFIX[sz] + rn(insn) + ", #" + sh;
    }
}
