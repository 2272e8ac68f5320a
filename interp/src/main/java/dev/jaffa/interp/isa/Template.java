package dev.jaffa.interp.isa;

/**
 * Formats a row's disassembly template (GNU objdump's syntax). Literal text is copied; a {@code
 * {token}} is replaced by an operand built from the row's fields:
 *
 * <ul>
 * <li>{@code {Vd.T}}: {@code v<n>.<arrangement>} with the arrangement from fields size and Q
 *     (8b 16b 4h 8h 2s 4s 1d 2d); {@code .W} the doubled element size at 128 bits (8h 4s 2d, from
 *     size); {@code .F} FP from sz and Q (2s 4s - 2d); {@code .FW} FP at 128 bits with element
 *     size sz + 2 (4s 2d); {@code .FN} element size sz + 1 with Q (4h 8h 2s 4s); any other suffix
 *     ({@code .16b}, {@code .2d}) is literal. The register number is field {@code V} + the letter
 *     after it ({@code Vd}, {@code Vn}, {@code Vm}, {@code Vt}, {@code Va}).
 * <li>{@code {Vd}}: {@code v<n>}; {@code {Qd} {Dd} {Sd} {Hd} {Bd}}: the scalar register with that
 *     prefix; {@code {Fd}}: FP scalar by field ftype (00 s, 01 d, 11 h) or else sz (0 s, 1 d);
 *     {@code {Ed}}: SIMD scalar by size (b h s d); {@code {EWd}}: by size + 1.
 * <li>{@code {Xd} {Wd}}: general register from field Rd ({@code xzr}/{@code wzr} for 31);
 *     {@code {XnSP}}: 31 is {@code sp}; {@code {Rd}}: w or x by field sf; {@code {RdSP} {RnSP}}: w or
 *     x by sf, 31 is {@code wsp}/{@code sp}.
 * <li>{@code {adr}}: the address ADR or ADRP forms; {@code {bimm}}: the logical (bitmask)
 *     immediate of fields N, immr, imms at the size sf gives, in hex.
 * <li>{@code {label}}: a branch target, PC + field imm26, imm19 or imm14 sign-extended times 4;
 *     {@code {cond}}: the condition of field cond ({@code eq} ... {@code nv}); {@code {#bit}}: the
 *     bit number b5:b40 of TBZ/TBNZ, whose {@code {Rt}} is w or x by b5 where other rows have sf.
 * <li>{@code {#d:f}} field f in decimal ({@code #5}), {@code {#x:f}} in hex ({@code #0x1f}).
 * </ul>
 */
public final class Template {
    private Template() {}

    private static final String[] ARR = {"8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"};
    private static final String[] SCALAR = {"b", "h", "s", "d", "q"};

    public static String format(Row row, int insn, long pc) {
        if (row.formatter() != null) return row.formatter().format(row, insn, pc);
        String t = row.asm;
        StringBuilder sb = new StringBuilder(t.length() + 16);
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (ch != '{') { sb.append(ch); continue; }
            int end = t.indexOf('}', i);
            sb.append(token(row, insn, pc, t.substring(i + 1, end)));
            i = end;
        }
        return sb.toString();
    }

    private static int f(Row row, int insn, String name) { return row.field(insn, name); }

    private static int opt(Row row, int insn, String name, int dflt) {
        Row.Field fl = row.field(name);
        return fl == null ? dflt : fl.get(insn);
    }

    private static String token(Row row, int insn, long pc, String tok) {
        if (tok.startsWith("#d:")) return "#" + f(row, insn, tok.substring(3));
        if (tok.startsWith("#x:")) return "#0x" + Integer.toHexString(f(row, insn, tok.substring(3)));
        char k = tok.charAt(0);
        if (tok.equals("RdSP") || tok.equals("RnSP")) {
            int r = f(row, insn, tok.substring(0, 2));
            boolean x = opt(row, insn, "sf", 1) == 1;
            return r == 31 ? (x ? "sp" : "wsp") : (x ? "x" : "w") + r;
        }
        if (tok.equals("adr")) return dev.jaffa.interp.integer.DataProcessingImmRows.adrTarget(insn, pc);
        if (tok.equals("label")) {
            Row.Field imm = row.field("imm26") != null ? row.field("imm26") : row.field("imm19") != null ? row.field("imm19") : row.field("imm14");
            return Disassembler.addr(pc + ((long) imm.get(insn) << (64 - imm.width) >> (62 - imm.width)));
        }
        if (tok.equals("cond")) return Disassembler.COND[f(row, insn, "cond")];
        if (tok.equals("#bit")) return "#" + (opt(row, insn, "b5", 0) << 5 | f(row, insn, "b40"));
        if (tok.equals("bimm")) return "#0x" + Long.toHexString(dev.jaffa.interp.integer.DataProcessingImmRows.bitMaskImmediate(insn));
        if (tok.equals("XnSP") || tok.equals("XdSP") || tok.equals("XmSP")) {
            int r = f(row, insn, "R" + tok.charAt(1));
            return r == 31 ? "sp" : "x" + r;
        }
        switch (k) {
            case 'X': case 'W': {
                int r = f(row, insn, "R" + tok.substring(1));
                return r == 31 ? (k == 'X' ? "xzr" : "wzr") : (k == 'X' ? "x" : "w") + r;
            }
            case 'R': {
                int r = f(row, insn, tok);
                boolean x = opt(row, insn, "sf", opt(row, insn, "b5", 1)) == 1;
                return r == 31 ? (x ? "xzr" : "wzr") : (x ? "x" : "w") + r;
            }
            case 'V': {
                int dot = tok.indexOf('.');
                String reg = dot < 0 ? tok : tok.substring(0, dot);
                int n = f(row, insn, reg);
                if (dot < 0) return "v" + n;
                String a = tok.substring(dot + 1);
                int q = opt(row, insn, "Q", 1);
                switch (a) {
                    case "T": return "v" + n + "." + ARR[f(row, insn, "size") * 2 + q];
                    case "W": return "v" + n + "." + ARR[(f(row, insn, "size") + 1) * 2 + 1];
                    case "F": return "v" + n + "." + ARR[(f(row, insn, "sz") + 2) * 2 + q];
                    case "FW": return "v" + n + "." + ARR[(f(row, insn, "sz") + 2) * 2 + 1];
                    case "FN": return "v" + n + "." + ARR[(f(row, insn, "sz") + 1) * 2 + q];
                    default: return "v" + n + "." + a;
                }
            }
            case 'Q': case 'D': case 'S': case 'H': case 'B':
                return Character.toLowerCase(k) + "" + f(row, insn, "V" + tok.substring(1));
            case 'F': {
                int n = f(row, insn, "V" + tok.substring(1));
                Row.Field ft = row.field("ftype");
                String p = ft != null ? new String[] {"s", "d", "?", "h"}[ft.get(insn)] : (f(row, insn, "sz") == 0 ? "s" : "d");
                return p + n;
            }
            case 'E': {
                boolean wide = tok.startsWith("EW");
                int n = f(row, insn, "V" + tok.substring(wide ? 2 : 1));
                return SCALAR[f(row, insn, "size") + (wide ? 1 : 0)] + n;
            }
            default:
                throw new IllegalStateException(row.name + ": unknown template token {" + tok + "}");
        }
    }
}
