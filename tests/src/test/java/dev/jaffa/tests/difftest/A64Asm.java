package dev.jaffa.tests.difftest;

import java.util.ArrayList;
import java.util.List;

/** Encoders for the few A64 instructions the generator emits as set-up code. */
final class A64Asm {
    private A64Asm() {}

    static final int NOP = 0xD503201F;
    static final int CLREX = 0xD503305F;
    /** MRS/MSR of NZCV: op0=3 op1=3 CRn=4 CRm=2 op2=0. */
    private static final int MRS_NZCV = 0xD53B4200, MSR_NZCV = 0xD51B4200;

    static int movz(int rd, int imm16, int hw) { return 0xD2800000 | hw << 21 | (imm16 & 0xFFFF) << 5 | rd; }

    static int movn(int rd, int imm16, int hw) { return 0x92800000 | hw << 21 | (imm16 & 0xFFFF) << 5 | rd; }

    static int movk(int rd, int imm16, int hw) { return 0xF2800000 | hw << 21 | (imm16 & 0xFFFF) << 5 | rd; }

    /** ADR Xd, pc + offset (offset within +-1 MiB). */
    static int adr(int rd, long offset) {
        if (offset < -(1 << 20) || offset >= (1 << 20)) throw new IllegalArgumentException("ADR offset " + offset);
        int imm = (int) offset & 0x1FFFFF;
        return 0x10000000 | (imm & 3) << 29 | (imm >>> 2) << 5 | rd;
    }

    /** MRS/MSR of FPCR (op0=3 op1=3 CRn=4 CRm=4 op2=0) and FPSR (op2=1). */
    static final int MRS_FPCR = 0xD53B4400, MSR_FPCR = 0xD51B4400, MRS_FPSR = 0xD53B4420, MSR_FPSR = 0xD51B4420;

    static int mrsNzcv(int rt) { return MRS_NZCV | rt; }

    static int msrNzcv(int rt) { return MSR_NZCV | rt; }

    /** The shortest MOVZ/MOVN + MOVK sequence that sets Xd to {@code value}. */
    static int[] mov64(int rd, long value) {
        int zeros = 0, ones = 0;
        for (int hw = 0; hw < 4; hw++) {
            int h = (int) (value >>> (16 * hw)) & 0xFFFF;
            if (h == 0) zeros++;
            if (h == 0xFFFF) ones++;
        }
        boolean inverted = ones > zeros;
        int skip = inverted ? 0xFFFF : 0;
        List<Integer> out = new ArrayList<>();
        for (int hw = 0; hw < 4; hw++) {
            int h = (int) (value >>> (16 * hw)) & 0xFFFF;
            if (h == skip) continue;
            if (out.isEmpty()) out.add(inverted ? movn(rd, ~h, hw) : movz(rd, h, hw));
            else out.add(movk(rd, h, hw));
        }
        if (out.isEmpty()) out.add(inverted ? movn(rd, 0, 0) : movz(rd, 0, 0));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
