package dev.jaffa.interp.integer;

import dev.jaffa.interp.Cpu;

/** Branches (Arm ARM C4.1.3; exception generation and system instructions are {@code system.SystemRows}). */
public final class Branches {
    private Branches() {}

    public static void bCond(Cpu c, int i) {
        if (Alu.conditionHolds(i & 15, c.nzcv)) c.pc = c.curPc + ((long) (i << 8) >> 11 & ~3L);
    }

    public static void bBl(Cpu c, int i) {
        if (i < 0) c.x[30] = c.curPc + 4;
        c.pc = c.curPc + ((long) (i << 6) >> 4);  // sext(imm26) * 4
    }

    public static void cbzCbnz(Cpu c, int i) {
        long v = c.x[i & 31];
        if (i >= 0) v &= 0xFFFF_FFFFL;
        boolean zero = v == 0, nonZero = (i & (1 << 24)) != 0;
        if (zero != nonZero) c.pc = c.curPc + ((long) (i << 8) >> 11 & ~3L);
    }

    public static void tbzTbnz(Cpu c, int i) {
        int bit = (i >>> 31) << 5 | (i >>> 19) & 31;
        boolean set = (c.x[i & 31] >>> bit & 1) != 0, wantSet = (i & (1 << 24)) != 0;
        if (set == wantSet) c.pc = c.curPc + ((long) (i << 13) >> 16 & ~3L);  // sext(imm14) * 4
    }

    public static void br(Cpu c, int i) { c.pc = c.x[(i >>> 5) & 31]; }

    public static void blr(Cpu c, int i) {
        long target = c.x[(i >>> 5) & 31];
        c.x[30] = c.curPc + 4;
        c.pc = target;
    }
}
