package dev.jaffa.interp.integer;

import dev.jaffa.interp.isa.Disassembler;
import dev.jaffa.interp.isa.Row;

/**
 * Branches (Arm ARM C4.1.3 "Branches, Exception Generating and System instructions", the branches;
 * exception generation and system instructions are {@code system.SystemRows}): conditional branch
 * (immediate), unconditional branch (register) and (immediate), compare and branch, test and
 * branch. One row per instruction page of the manual, with semantics written once against {@link
 * IntOps}: {@link IntOps#branch}, {@link IntOps#branchIf} and {@link IntOps#branchIfZero}.
 *
 * <p>Armv8.0 only: the pointer-authentication forms (BRAA, BLRAA, RETAA, ..., op3 or Rm not 0),
 * the unconditional branch (register) opc values of ERET's neighbours and BC.cond (bit 4 of
 * B.cond) match no row, so they are UNDEFINED as on a Cortex-A57.
 *
 * <p>This class is also copied for the translator (integer rows, docs/isa.md): it refers only to
 * public members of other classes.
 */
public final class BranchRows {
    private BranchRows() {}

    public static Row[] rows() {
        int relative = Row.BRANCH | Row.READS_PC;
        return new Row[] {
            Row.integer("B.cond", "01010100 imm19:19 0 cond:4", "b.{cond} {label}", BranchRows::bCond)
                    .flags(relative | Row.READS_NZCV).title("Branch conditionally"),
            Row.integer("B", "0 00101 imm26:26", "b {label}", BranchRows::b)
                    .flags(relative).title("Branch"),
            Row.integer("BL", "1 00101 imm26:26", "bl {label}", BranchRows::bl)
                    .flags(relative).title("Branch with Link"),
            Row.integer("BR", "1101011 0000 11111 000000 Rn:5 00000", "br {Xn}", BranchRows::br)
                    .flags(Row.BRANCH).title("Branch to Register"),
            Row.integer("BLR", "1101011 0001 11111 000000 Rn:5 00000", "blr {Xn}", BranchRows::blr)
                    .flags(relative).title("Branch with Link to Register"),
            Row.integer("RET", "1101011 0010 11111 000000 Rn:5 00000", "ret {Xn}", BranchRows::br)
                    .formatter((r, i, pc) -> rn(i) == 30 ? "ret" : "ret " + Disassembler.r(rn(i), true))
                    .flags(Row.BRANCH).title("Return from subroutine"),
            Row.integer("CBZ", "sf:1 0110100 imm19:19 Rt:5", "cbz {Rt}, {label}", BranchRows::compareAndBranch)
                    .flags(relative).title("Compare and Branch on Zero"),
            Row.integer("CBNZ", "sf:1 0110101 imm19:19 Rt:5", "cbnz {Rt}, {label}", BranchRows::compareAndBranch)
                    .flags(relative).title("Compare and Branch on Nonzero"),
            Row.integer("TBZ", "b5:1 0110110 b40:5 imm14:14 Rt:5", "tbz {Rt}, {#bit}, {label}", BranchRows::testAndBranch)
                    .flags(relative).title("Test bit and Branch if Zero"),
            Row.integer("TBNZ", "b5:1 0110111 b40:5 imm14:14 Rt:5", "tbnz {Rt}, {#bit}, {label}", BranchRows::testAndBranch)
                    .flags(relative).title("Test bit and Branch if Nonzero"),
        };
    }

    private static int rn(int i) { return (i >>> 5) & 31; }

    /** PC + SignExtend(imm19:'00'), bits 23..5 (B.cond, CBZ, CBNZ). */
    private static long label19(IntOps o, int i) { return o.add(o.pc(), o.constant((long) (i << 8) >> 11 & ~3L)); }

    static void bCond(IntOps o, int i) { o.branchIf(i & 15, label19(o, i)); }

    static void b(IntOps o, int i) { o.branch(o.add(o.pc(), o.constant((long) (i << 6) >> 4))); }   // sext(imm26) * 4

    static void bl(IntOps o, int i) {
        o.branch(o.add(o.pc(), o.constant((long) (i << 6) >> 4)));
        o.setX(30, o.add(o.pc(), o.constant(4)));
    }

    /** BR and RET (RET differs only in the hint to branch prediction). */
    static void br(IntOps o, int i) { o.branch(o.x(rn(i))); }

    /** The target is read (by {@code branch}) before X30 is written: BLR X30 branches to the old X30. */
    static void blr(IntOps o, int i) {
        o.branch(o.x(rn(i)));
        o.setX(30, o.add(o.pc(), o.constant(4)));
    }

    /** CBZ, CBNZ (op, bit 24): Xt or Wt compared with zero. */
    static void compareAndBranch(IntOps o, int i) {
        o.branchIfZero(o.x(i & 31), i < 0 ? -1L : 0xFFFF_FFFFL, (i & 1 << 24) != 0, label19(o, i));
    }

    /** TBZ, TBNZ (op, bit 24): bit b5:b40 of Xt. */
    static void testAndBranch(IntOps o, int i) {
        int bit = (i >>> 31) << 5 | (i >>> 19) & 31;
        o.branchIfZero(o.x(i & 31), 1L << bit, (i & 1 << 24) != 0, o.add(o.pc(), o.constant((long) (i << 13) >> 16 & ~3L)));
    }
}
