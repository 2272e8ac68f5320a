package dev.jaffa.interp.integer;

import dev.jaffa.interp.Cpu;

/**
 * {@link IntOps} for the interpreter: a handle is the value, and each operation acts on the
 * {@link Cpu} at once. One instance per CPU ({@code Cpu.ops}); final and with one-line methods,
 * so that C2 inlines them into each semantics method behind a single class check.
 */
public final class InterpOps extends IntOps {
    private final Cpu c;

    public InterpOps(Cpu c) { this.c = c; }

    @Override public long x(int r) { return c.x[r]; }                    // x[31] is kept zero

    @Override public long xSp(int r) { return c.xOrSp(r); }

    @Override public void setX(int r, long v) { c.setX(r, v); }

    @Override public void setXSp(int r, long v) { c.setXOrSp(r, v); }

    @Override public long constant(long v) { return v; }

    @Override public long pc() { return c.curPc; }

    @Override public long add(long a, long b) { return a + b; }

    @Override public long sub(long a, long b) { return a - b; }

    @Override public long and(long a, long b) { return a & b; }

    @Override public long or(long a, long b) { return a | b; }

    @Override public long xor(long a, long b) { return a ^ b; }

    @Override public long lsl(long a, int n) { return a << n; }

    @Override public long lsr(long a, int n) { return a >>> n; }

    @Override public long asr(long a, int n) { return a >> n; }

    @Override public long ror(long a, int n, boolean sf) { return Alu.ror(a, n, sf); }

    @Override public long zeroExtend32(long a) { return a & 0xFFFF_FFFFL; }

    @Override public void nzcvAdd(long a, long b, long r, boolean sf) {
        c.nzcv = sf ? Alu.addFlags64(a, b, r) : Alu.addFlags32((int) a, (int) b, (int) r);
    }

    @Override public void nzcvSub(long a, long b, long r, boolean sf) {
        c.nzcv = sf ? Alu.addFlags64(a, ~b, r) : Alu.addFlags32((int) a, ~(int) b, (int) r);
    }

    @Override public void nzcvLogic(long r, boolean sf) {
        c.nzcv = sf ? Alu.logicFlags64(r) : Alu.logicFlags32((int) r);
    }

    @Override public long signExtend(long a, int bits) { return a << (64 - bits) >> (64 - bits); }

    @Override public long mul(long a, long b) { return a * b; }

    @Override public long mulHigh(long a, long b, boolean signed) { return signed ? Math.multiplyHigh(a, b) : Alu.unsignedMultiplyHigh(a, b); }

    @Override public long div(long a, long b, boolean signed, boolean sf) { return Alu.divide(a, b, signed, sf); }

    @Override public long shiftV(int type, long a, long n, boolean sf) {
        return sf ? Alu.shift64(a, type, (int) n & 63) : Alu.shift32((int) a, type, (int) n & 31);
    }

    @Override public long clz(long a, boolean sf) { return sf ? Long.numberOfLeadingZeros(a) : Integer.numberOfLeadingZeros((int) a); }

    @Override public long cls(long a, boolean sf) { return Alu.cls(a, sf); }

    @Override public long rbit(long a, boolean sf) { return sf ? Long.reverse(a) : Integer.reverse((int) a); }

    @Override public long rev(long a, boolean sf) { return sf ? Long.reverseBytes(a) : Integer.reverseBytes((int) a); }

    @Override public long rev16(long a) { return Alu.rev16(a); }

    @Override public long rev32(long a) { return Alu.rev32(a); }

    @Override public long crc32(long acc, long data, int bytes, boolean castagnoli) { return Alu.crc((int) acc, data, bytes, castagnoli); }

    @Override public long carry() { return c.nzcv >>> 1 & 1; }

    @Override public long select(int cond, long a, long b) { return Alu.conditionHolds(cond, c.nzcv) ? a : b; }

    @Override public void ccmp(int cond, long a, long b, boolean sub, int nzcv, boolean sf) {
        c.nzcv = Alu.conditionHolds(cond, c.nzcv) ? Alu.addSubFlags(a, b, sub, sf) : nzcv;
    }

    @Override public void clearExclusive() { c.exclusiveAddr = -1; }

    @Override public void branch(long target) { c.pc = target; }

    @Override public void branchIf(int cond, long target) { if (Alu.conditionHolds(cond, c.nzcv)) c.pc = target; }

    @Override public void branchIfZero(long v, long mask, boolean nonZero, long target) { if (((v & mask) != 0) == nonZero) c.pc = target; }

    @Override public long base(int n) { return LoadStoreRows.base(c, n); }

    @Override public long load(long a, int bytes, int access) { return c.mem.read(a, bytes, memoryFlags(access)); }

    @Override public void store(long a, long v, int bytes, int access) { c.mem.write(a, bytes, v, memoryFlags(access)); }

    @Override public void storePair(long a, long v1, long v2, int bytes) {
        c.mem.write(a, bytes, v1, 0);
        c.mem.write(a + bytes, bytes, v2, 0);
    }

    /** Memory's flags for an access kind: LDTR/STTR are unprivileged only at EL1. */
    private int memoryFlags(int access) {
        if (access == 0) return 0;
        if (access == ORDERED) return dev.jaffa.interp.memory.Memory.ACC_ALIGNED;
        return c.el == 1 ? dev.jaffa.interp.memory.Memory.ACC_UNPRIV : 0;
    }
}
