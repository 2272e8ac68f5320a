package dev.jaffa.interp.simd;

import dev.jaffa.interp.isa.Row;

/**
 * Disassembly for the integer rows whose operands {@link dev.jaffa.interp.isa.Template} cannot
 * express: the row's {@code asm} is a template with these extra tokens, expanded by {@link #format}
 * (bound as the row's formatter):
 *
 * <ul>
 * <li>{@code {2}}: "2" when Q = 1 (the upper-half forms SADDL2, XTN2, SMULL2, ...);
 * <li>{@code {Vx.T}}: arrangement from size and Q; {@code {Vx.W}}: size + 1 at 128 bits;
 *     {@code {Vx.WQ}}: size + 1 with Q (SADDLP); {@code {Vx.B}}: 8b or 16b by Q;
 * <li>{@code {Ex}}, {@code {EWx}}: scalar register by size, size + 1;
 * <li>{@code {Vm.i}}: the indexed element {@code v<m>.<h|s>[index]} (Vm, M, H, L by size);
 * <li>{@code {shll}}: SHLL's shift, {@code #} and the element size in bits.
 * </ul>
 */
final class IntFormat {
    private IntFormat() {}

    private static final String[] ARR = {"8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"};
    private static final String[] SCALAR = {"b", "h", "s", "d", "q"};

    static String format(Row row, int insn, long pc) {
        String t = row.asm;
        StringBuilder sb = new StringBuilder(t.length() + 16);
        int q = (insn >>> 30) & 1, size = (insn >>> 22) & 3;
        for (int k = 0; k < t.length(); k++) {
            char ch = t.charAt(k);
            if (ch != '{') { sb.append(ch); continue; }
            int end = t.indexOf('}', k);
            String tok = t.substring(k + 1, end);
            k = end;
            if (tok.equals("2")) {
                if (q == 1) sb.append('2');
            } else if (tok.equals("shll")) {
                sb.append('#').append(8 << size);
            } else if (tok.equals("Vm.i")) {
                sb.append('v').append(IntOps.idxReg(insn)).append('.').append(SCALAR[size]).append('[').append(IntOps.idx(insn)).append(']');
            } else if (tok.charAt(0) == 'V') {
                int dot = tok.indexOf('.');
                sb.append('v').append(reg(insn, tok.charAt(1))).append('.');
                switch (tok.substring(dot + 1)) {
                    case "T": sb.append(ARR[size * 2 + q]); break;
                    case "W": sb.append(ARR[(size + 1) * 2 + 1]); break;
                    case "WQ": sb.append(ARR[(size + 1) * 2 + q]); break;
                    case "B": sb.append(ARR[q]); break;
                    default: sb.append(tok.substring(dot + 1));
                }
            } else if (tok.startsWith("EW")) {
                sb.append(SCALAR[size + 1]).append(reg(insn, tok.charAt(2)));
            } else if (tok.charAt(0) == 'E') {
                sb.append(SCALAR[size]).append(reg(insn, tok.charAt(1)));
            } else {
                throw new IllegalStateException(row.name + ": unknown token {" + tok + "}");
            }
        }
        return sb.toString();
    }

    private static int reg(int insn, char which) {
        switch (which) {
            case 'd': return insn & 31;
            case 'n': return (insn >>> 5) & 31;
            case 'm': return (insn >>> 16) & 31;
            default: throw new IllegalStateException("register " + which);
        }
    }
}
