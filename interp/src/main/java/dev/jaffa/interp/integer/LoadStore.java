package dev.jaffa.interp.integer;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.memory.Memory;

/** Loads and stores of general registers (Arm ARM C4.1.4, C3.2). */
public final class LoadStore {
    private LoadStore() {}

    private static int rt(int i) { return i & 31; }
    private static int rn(int i) { return (i >>> 5) & 31; }
    private static int rt2(int i) { return (i >>> 10) & 31; }
    private static int rs(int i) { return (i >>> 16) & 31; }

    /**
     * The base register of every load and store (general and SIMD&FP): Xn, or SP (checked for
     * 16-byte alignment when SCTLR_ELx.SA/SA0 say so).
     */
    public static long base(Cpu c, int rn) {
        if (rn != 31) return c.x[rn];
        long sp = c.sp();
        if ((sp & 15) != 0) {
            long sctlr = c.sctlr[c.el == 2 ? 2 : 1];
            if ((sctlr & (c.el == 0 ? 1 << 4 : 1 << 3)) != 0) {
                throw c.takeSync(c.syncTargetEl(), Esr.EC_SP_ALIGN, 0, c.curPc);
            }
        }
        return sp;
    }

    /**
     * The single-register load/store kinds of the unsigned-offset, unscaled, indexed and
     * register-offset classes, indexed by size:opc (Arm ARM C4.1.4 tables).
     */
    public static final int ST = 0, LD = 1, LDS64 = 2, LDS32 = 3, PRFM = 4, UNDEF = 5;
    private static final int[] KIND = {
        // opc: 00   01   10     11
        ST, LD, LDS64, LDS32,       // size 00 (B)
        ST, LD, LDS64, LDS32,       // size 01 (H)
        ST, LD, LDS64, UNDEF,       // size 10 (W)
        ST, LD, PRFM, UNDEF,        // size 11 (X)
    };

    /**
     * The kind ({@link #ST}, {@link #LD}, {@link #LDS64}, {@link #LDS32}, {@link #PRFM} or
     * {@link #UNDEF}) of a single-register load/store by its size and opc fields; the interpreter,
     * the JIT and the disassembler all read it here.
     */
    public static int kind(int size, int opc) { return KIND[size << 2 | opc]; }

    /** Performs a single-register access of kind {@code kind} at {@code va}. */
    private static void access(Cpu c, int kind, int size, int rt, long va, int flags) {
        int bytes = 1 << size;
        switch (kind) {
            case ST:
                c.mem.write(va, bytes, c.x[rt], flags);
                break;
            case LD:
                c.setX(rt, c.mem.read(va, bytes, flags));
                break;
            case LDS64:
                c.setX(rt, signExtend(c.mem.read(va, bytes, flags), size));
                break;
            case LDS32:
                c.setW(rt, signExtend(c.mem.read(va, bytes, flags), size));
                break;
            default:
                break;  // PRFM: a hint, no access and no fault
        }
    }

    private static long signExtend(long v, int size) {
        int shift = 64 - (8 << size);
        return v << shift >> shift;
    }

    public static void unsignedOffset(Cpu c, int i) {
        int size = i >>> 30, opc = (i >>> 22) & 3;
        int kind = kind(size, opc);
        if (kind == UNDEF) throw c.undefined();
        long va = base(c, rn(i)) + ((long) ((i >>> 10) & 0xFFF) << size);
        access(c, kind, size, rt(i), va, 0);
    }

    public static void registerOffset(Cpu c, int i) {
        int size = i >>> 30, opc = (i >>> 22) & 3, option = (i >>> 13) & 7;
        int kind = kind(size, opc);
        if (kind == UNDEF || (option & 2) == 0) throw c.undefined();
        int shift = (i & (1 << 12)) != 0 ? size : 0;
        long va = base(c, rn(i)) + Alu.extend(c.x[(i >>> 16) & 31], option, shift);
        access(c, kind, size, rt(i), va, 0);
    }

    /** Unscaled (LDUR), post-index, unprivileged (LDTR) and pre-index forms, by bits 11:10. */
    public static void imm9(Cpu c, int i) {
        int size = i >>> 30, opc = (i >>> 22) & 3, idx = (i >>> 10) & 3;
        int kind = kind(size, opc);
        if (kind == UNDEF || kind == PRFM && idx != 0) throw c.undefined();
        long offset = (long) (i << 11) >> 23;  // sext(imm9)
        int rn = rn(i);
        long b = base(c, rn);
        long va = idx == 1 ? b : b + offset;
        int flags = idx == 2 && c.el == 1 ? Memory.ACC_UNPRIV : 0;
        access(c, kind, size, rt(i), va, flags);
        if (idx == 1 || idx == 3) c.setXOrSp(rn, b + offset);
    }

    public static void literal(Cpu c, int i) {
        int opc = i >>> 30;
        long va = c.curPc + ((long) (i << 8) >> 11 & ~3L);  // sext(imm19) * 4
        switch (opc) {
            case 0: c.setX(rt(i), c.mem.read(va, 4, 0)); break;
            case 1: c.setX(rt(i), c.mem.read(va, 8, 0)); break;
            case 2: c.setX(rt(i), (int) c.mem.read(va, 4, 0)); break;
            default: break;  // PRFM (literal)
        }
    }

    /** LDP/STP/LDPSW/LDNP/STNP; bits 24:23 select no-allocate, post-index, offset, pre-index. */
    public static void pair(Cpu c, int i) {
        int opc = i >>> 30, idx = (i >>> 23) & 3;
        boolean load = (i & (1 << 22)) != 0;
        if (opc == 3 || opc == 1 && (!load || idx == 0)) throw c.undefined();
        int size = opc == 2 ? 3 : 2, bytes = 1 << size;
        long offset = ((long) (i << 10) >> 25) << size;  // sext(imm7) << scale
        int rn = rn(i), rt = rt(i), rt2 = rt2(i);
        long b = base(c, rn);
        long va = idx == 1 ? b : b + offset;
        if (load) {
            long v1 = c.mem.read(va, bytes, 0), v2 = c.mem.read(va + bytes, bytes, 0);
            if (opc == 1) { v1 = (int) v1; v2 = (int) v2; }  // LDPSW
            c.setX(rt, v1);
            c.setX(rt2, v2);
        } else {
            long v1 = c.x[rt], v2 = c.x[rt2];
            c.mem.write(va, bytes, v1, 0);
            c.mem.write(va + bytes, bytes, v2, 0);
        }
        if (idx == 1 || idx == 3) c.setXOrSp(rn, b + offset);
    }

    /** LDXR/LDAXR/STXR/STLXR (bits 31:30 give the size). */
    public static void exclusive(Cpu c, int i) {
        int size = i >>> 30, bytes = 1 << size;
        boolean load = (i & (1 << 22)) != 0;
        long va = base(c, rn(i));
        if (load) {
            long pa = c.mem.physical(va, bytes, Memory.ACC_ALIGNED);
            long v = c.mem.read(va, bytes, Memory.ACC_ALIGNED);
            c.exclusiveAddr = pa;
            c.exclusiveSize = bytes;
            c.setX(rt(i), v);
        } else {
            storeExclusive(c, i, va, bytes, c.x[rt(i)], 0, false);
        }
    }

    /** LDXP/LDAXP/STXP/STLXP: bit 30 selects 64-bit registers; the pair is one 2x-sized access. */
    public static void exclusivePair(Cpu c, int i) {
        int size = (i >>> 30) & 1, bytes = 4 << size;
        boolean load = (i & (1 << 22)) != 0;
        long va = base(c, rn(i));
        if (load) {
            long pa = c.mem.physical(va, 2 * bytes, Memory.ACC_ALIGNED);  // the pair is aligned as a whole
            long v1, v2;
            if (size == 0) {
                long both = c.mem.read(va, 8, Memory.ACC_ALIGNED);
                v1 = both & 0xFFFF_FFFFL;
                v2 = both >>> 32;
            } else {
                v1 = c.mem.read(va, 8, Memory.ACC_ALIGNED);
                v2 = c.mem.read(va + 8, 8, Memory.ACC_ALIGNED);
            }
            c.exclusiveAddr = pa;
            c.exclusiveSize = 2 * bytes;
            c.setX(rt(i), v1);
            c.setX(rt2(i), v2);
        } else {
            storeExclusive(c, i, va, 2 * bytes, c.x[rt(i)], c.x[rt2(i)], true);
        }
    }

    /**
     * The store half of an exclusive pair: performed, with status 0, only while the local monitor
     * holds this address and size; the monitor is cleared either way (Arm ARM B2.9.3).
     */
    private static void storeExclusive(Cpu c, int i, long va, int bytes, long v1, long v2, boolean pair) {
        int flags = Memory.ACC_ALIGNED | Memory.ACC_WRITE;
        long pa = c.mem.physical(va, bytes, flags);
        boolean pass = c.exclusiveAddr == pa && c.exclusiveSize == bytes;
        if (pass) {
            if (!pair) {
                c.mem.write(va, bytes, v1, Memory.ACC_ALIGNED);
            } else if (bytes == 8) {
                c.mem.write(va, 8, (v1 & 0xFFFF_FFFFL) | v2 << 32, Memory.ACC_ALIGNED);
            } else {
                c.mem.write(va, 8, v1, Memory.ACC_ALIGNED);
                c.mem.write(va + 8, 8, v2, Memory.ACC_ALIGNED);
            }
        }
        c.exclusiveAddr = -1;
        c.setX(rs(i), pass ? 0 : 1);
    }

    /** LDAR/STLR: single-copy atomic ordered accesses that must be aligned. */
    public static void acquireRelease(Cpu c, int i) {
        int size = i >>> 30, bytes = 1 << size;
        long va = base(c, rn(i));
        if ((i & (1 << 22)) != 0) c.setX(rt(i), c.mem.read(va, bytes, Memory.ACC_ALIGNED));
        else c.mem.write(va, bytes, c.x[rt(i)], Memory.ACC_ALIGNED);
    }
}
