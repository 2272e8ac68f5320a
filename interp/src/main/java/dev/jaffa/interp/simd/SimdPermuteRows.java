package dev.jaffa.interp.simd;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.isa.Row;

/**
 * Advanced SIMD moves, permutes, table lookups, shifts by immediate and modified immediates: the
 * Arm ARM's "Advanced SIMD copy", "scalar copy", "permute", "extract", "table lookup", "three
 * same" (logical), "modified immediate" and "(scalar) shift by immediate" encoding classes.
 *
 * <p>Instructions the manual gives a scalar and a vector encoding on one page (SSHR, SQSHRN, ...,
 * DUP (element)) have two rows of the same name bound to one semantics method, which tells the
 * forms apart by bit 28 (1 in the scalar classes). The shift semantics live in {@link
 * SimdShiftImm}, the disassembly in {@link SimdPermuteFormat}.
 */
public final class SimdPermuteRows {
    private SimdPermuteRows() {}

    private static final int FP = Row.FP;

    public static Row[] rows() {
        java.util.List<Row> r = new java.util.ArrayList<>();
        // ---- Advanced SIMD copy, scalar copy -------------------------------------------------
        r.add(Row.of("DUP (element)", "0 Q:1 0 01110000 imm5:5 0 0000 1 Vn:5 Vd:5", "dup", SimdPermuteRows::dupElement)
                .excluding("imm5=x0000", "Q:imm5=0x1000").flags(FP).title("Duplicate vector element to vector or scalar")
                .formatter(SimdPermuteFormat::dupElement));
        r.add(Row.of("DUP (element)", "01 0 11110000 imm5:5 0 0000 1 Vn:5 Vd:5", "mov", SimdPermuteRows::dupElement)
                .excluding("imm5=x0000").flags(FP).title("Duplicate vector element to vector or scalar")
                .formatter(SimdPermuteFormat::dupElement));
        r.add(Row.of("DUP (general)", "0 Q:1 0 01110000 imm5:5 0 0001 1 Rn:5 Vd:5", "dup", SimdPermuteRows::dupGeneral)
                .excluding("imm5=x0000", "Q:imm5=0x1000").flags(FP).title("Duplicate general-purpose register to vector")
                .formatter(SimdPermuteFormat::dupGeneral));
        r.add(Row.of("SMOV", "0 Q:1 0 01110000 imm5:5 0 0101 1 Vn:5 Rd:5", "smov", SimdPermuteRows::smov)
                .excluding("imm5=x0000", "imm5=x1000", "Q:imm5=0xx100").flags(FP | Row.WRITES_GPR)
                .title("Signed Move vector element to general-purpose register").formatter(SimdPermuteFormat::movToGeneral));
        r.add(Row.of("UMOV", "0 Q:1 0 01110000 imm5:5 0 0111 1 Vn:5 Rd:5", "umov", SimdPermuteRows::umov)
                .excluding("imm5=x0000", "Q:imm5=0x1000", "Q:imm5=1xxxx1", "Q:imm5=1xxx10", "Q:imm5=1xx100").flags(FP | Row.WRITES_GPR)
                .title("Unsigned Move vector element to general-purpose register").formatter(SimdPermuteFormat::movToGeneral));
        r.add(Row.of("INS (general)", "0 1 0 01110000 imm5:5 0 0011 1 Rn:5 Vd:5", "mov", SimdPermuteRows::insGeneral)
                .excluding("imm5=x0000").flags(FP).title("Insert vector element from general-purpose register")
                .formatter(SimdPermuteFormat::insGeneral));
        r.add(Row.of("INS (element)", "0 1 1 01110000 imm5:5 0 imm4:4 1 Vn:5 Vd:5", "mov", SimdPermuteRows::insElement)
                .excluding("imm5=x0000").flags(FP).title("Insert vector element from another vector element")
                .formatter(SimdPermuteFormat::insElement));
        // ---- permute, extract, table lookup ---------------------------------------------------
        String[] perm = {null, "UZP1", "TRN1", "ZIP1", null, "UZP2", "TRN2", "ZIP2"};
        String[] permTitle = {null, "Unzip vectors (primary)", "Transpose vectors (primary)", "Zip vectors (primary)", null,
            "Unzip vectors (secondary)", "Transpose vectors (secondary)", "Zip vectors (secondary)"};
        dev.jaffa.interp.isa.Semantics[] permSem = {null, SimdPermuteRows::uzp1, SimdPermuteRows::trn1, SimdPermuteRows::zip1, null,
            SimdPermuteRows::uzp2, SimdPermuteRows::trn2, SimdPermuteRows::zip2};
        for (int op = 1; op < 8; op++) {
            if (perm[op] == null) continue;
            String opc = Integer.toBinaryString(8 | op).substring(1);
            r.add(Row.of(perm[op], "0 Q:1 0 01110 size:2 0 Vm:5 0 " + opc + " 10 Vn:5 Vd:5",
                    perm[op].toLowerCase(java.util.Locale.ROOT) + " {Vd.T}, {Vn.T}, {Vm.T}", permSem[op])
                    .excluding("size:Q=110").flags(FP).title(permTitle[op]));
        }
        r.add(Row.of("EXT", "0 Q:1 10 1110 00 0 Vm:5 0 imm4:4 0 Vn:5 Vd:5", "ext", SimdPermuteRows::ext)
                .excluding("Q:imm4=01xxx").flags(FP).title("Extract vector from pair of vectors").formatter(SimdPermuteFormat::ext));
        r.add(Row.of("TBL", "0 Q:1 001110 00 0 Vm:5 0 len:2 0 00 Vn:5 Vd:5", "tbl", SimdPermuteRows::tbl)
                .flags(FP).title("Table vector Lookup").formatter(SimdPermuteFormat::table));
        r.add(Row.of("TBX", "0 Q:1 001110 00 0 Vm:5 0 len:2 1 00 Vn:5 Vd:5", "tbx", SimdPermuteRows::tbx)
                .flags(FP).title("Table vector lookup extension").formatter(SimdPermuteFormat::table));
        // ---- three same, logical ---------------------------------------------------------------
        r.add(logical("AND (vector)", "0 00", SimdPermuteRows::andVector, "Bitwise AND (vector)"));
        r.add(logical("BIC (vector, register)", "0 01", SimdPermuteRows::bicVector, "Bitwise bit Clear (vector, register)"));
        r.add(logical("ORR (vector, register)", "0 10", SimdPermuteRows::orrVector, "Bitwise inclusive OR (vector, register)"));
        r.add(logical("ORN (vector)", "0 11", SimdPermuteRows::ornVector, "Bitwise inclusive OR NOT (vector)"));
        r.add(logical("EOR (vector)", "1 00", SimdPermuteRows::eorVector, "Bitwise Exclusive OR (vector)"));
        r.add(logical("BSL", "1 01", SimdPermuteRows::bsl, "Bitwise Select"));
        r.add(logical("BIT", "1 10", SimdPermuteRows::bit, "Bitwise Insert if True"));
        r.add(logical("BIF", "1 11", SimdPermuteRows::bif, "Bitwise Insert if False"));
        // ---- modified immediate ----------------------------------------------------------------
        String modImm = " 0111100000 a:1 b:1 c:1 cmode:4 0 1 d:1 e:1 f:1 g:1 h:1 Vd:5";
        r.add(Row.of("MOVI", "0 Q:1 op:1" + modImm, "movi", SimdPermuteRows::movi)
                .excluding("op:cmode=00xx1", "op:cmode=010x1", "op:cmode=01111", "op:cmode=10xxx", "op:cmode=110xx", "op:cmode=1110x", "op:cmode=11111")
                .flags(FP).title("Move Immediate (vector)").formatter(SimdPermuteFormat::modImm));
        r.add(Row.of("MVNI", "0 Q:1 1" + modImm, "mvni", SimdPermuteRows::mvni)
                .excluding("cmode=0xx1", "cmode=10x1", "cmode=111x")
                .flags(FP).title("Move inverted Immediate (vector)").formatter(SimdPermuteFormat::modImm));
        r.add(Row.of("ORR (vector, immediate)", "0 Q:1 0" + modImm, "orr", SimdPermuteRows::orrImm)
                .excluding("cmode=0xx0", "cmode=10x0", "cmode=11xx")
                .flags(FP).title("Bitwise inclusive OR (vector, immediate)").formatter(SimdPermuteFormat::modImm));
        r.add(Row.of("BIC (vector, immediate)", "0 Q:1 1" + modImm, "bic", SimdPermuteRows::bicImm)
                .excluding("cmode=0xx0", "cmode=10x0", "cmode=11xx")
                .flags(FP).title("Bitwise bit Clear (vector, immediate)").formatter(SimdPermuteFormat::modImm));
        // o2 = 1 (the half-precision FMOV) is FEAT_FP16: not matched, so UNDEFINED.
        r.add(Row.of("FMOV (vector, immediate)", "0 Q:1 op:1 0111100000 a:1 b:1 c:1 1111 0 1 d:1 e:1 f:1 g:1 h:1 Vd:5", "fmov",
                SimdPermuteRows::fmovImm)
                .excluding("Q:op=01").flags(FP).title("Floating-point move immediate (vector)").formatter(SimdPermuteFormat::modImm));
        // ---- shift by immediate (vector and scalar) ----------------------------------------------
        SimdShiftImm.addRows(r);
        return r.toArray(new Row[0]);
    }

    private static Row logical(String name, String uOpc, dev.jaffa.interp.isa.Semantics sem, String title) {
        String[] p = uOpc.split(" ");
        return Row.of(name, "0 Q:1 " + p[0] + " 01110 " + p[1] + " 1 Vm:5 00011 1 Vn:5 Vd:5",
                name.substring(0, 3).trim().toLowerCase(java.util.Locale.ROOT), sem)
                .flags(FP).title(title).formatter(SimdPermuteFormat::logical);
    }

    // ================================================================ semantics: copy

    /** The element size log2 given by imm5's lowest set bit (imm5 != x0000). */
    static int imm5Size(int i) { return Integer.numberOfTrailingZeros((i >>> 16) & 15); }

    /** The element index given by imm5 above its lowest set bit. */
    static int imm5Index(int i, int sz) { return ((i >>> 16) & 31) >>> (sz + 1); }

    /** {@code v}'s low 8 << sz bits copied into every lane of a 64-bit word. */
    static long replicate(long v, int sz) {
        switch (sz) {
            case 0: return (v & 0xFFL) * 0x0101010101010101L;
            case 1: return (v & 0xFFFFL) * 0x0001000100010001L;
            case 2: return (v & 0xFFFFFFFFL) * 0x0000000100000001L;
            default: return v;
        }
    }

    /** DUP (element): vector (every lane) or scalar (bit 28) copy of Vn[index]. */
    static void dupElement(Cpu c, int i) {
        int sz = imm5Size(i), d = i & 31, n = (i >>> 5) & 31;
        long e = Vreg.elem(c, n, imm5Index(i, sz), sz);
        if ((i & 1 << 28) != 0) { Vreg.setScalar(c, d, sz, e); return; }
        long w = replicate(e, sz);
        Vreg.set(c, d, (i & 1 << 30) != 0, w, w);
    }

    /** DUP (general): every lane from W[n] (or X[n] for doublewords). */
    static void dupGeneral(Cpu c, int i) {
        int sz = imm5Size(i), d = i & 31, n = (i >>> 5) & 31;
        long w = replicate(c.x[n], sz);
        Vreg.set(c, d, (i & 1 << 30) != 0, w, w);
    }

    /** SMOV: sign-extended element to W[d] (Q = 0) or X[d] (Q = 1). */
    static void smov(Cpu c, int i) {
        int sz = imm5Size(i), d = i & 31, n = (i >>> 5) & 31;
        long e = Vreg.selem(c, n, imm5Index(i, sz), sz);
        c.setX(d, (i & 1 << 30) != 0 ? e : e & 0xFFFFFFFFL);
    }

    /** UMOV: zero-extended element to W[d] or (doubleword) X[d]. */
    static void umov(Cpu c, int i) {
        int sz = imm5Size(i), d = i & 31, n = (i >>> 5) & 31;
        c.setX(d, Vreg.elem(c, n, imm5Index(i, sz), sz));
    }

    /** INS (general): Vd[index] = W[n] / X[n]; the other bits of Vd keep their values. */
    static void insGeneral(Cpu c, int i) {
        int sz = imm5Size(i), d = i & 31, n = (i >>> 5) & 31;
        Vreg.setElem(c, d, imm5Index(i, sz), sz, c.x[n]);
    }

    /** INS (element): Vd[index1] = Vn[imm4 >> size]; the other bits of Vd keep their values. */
    static void insElement(Cpu c, int i) {
        int sz = imm5Size(i), d = i & 31, n = (i >>> 5) & 31;
        long e = Vreg.elem(c, n, ((i >>> 11) & 15) >>> sz, sz);
        Vreg.setElem(c, d, imm5Index(i, sz), sz, e);
    }

    // ================================================================ semantics: permute

    /** Element e (of the whole 2 * elements) of the concatenation Vm:Vn (Vn's elements first). */
    private static long pair(long nlo, long nhi, long mlo, long mhi, int e, int elements, int sz) {
        return e < elements ? Vreg.elem(nlo, nhi, e, sz) : Vreg.elem(mlo, mhi, e - elements, sz);
    }

    /** {@code word} (the half element e falls in, that element still zero) with element e set to v. */
    private static long put(long word, int e, int sz, long v) {
        int bit = (e << (3 + sz)) & 63;
        return word | (v & Vreg.mask(sz)) << bit;
    }

    /** op: 0 UZP, 1 TRN, 2 ZIP; part: 0 or 1. */
    private static void permute(Cpu c, int i, int op, int part) {
        boolean q = (i & 1 << 30) != 0;
        int sz = (i >>> 22) & 3, d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        long nlo = Vreg.lo(c, n), nhi = q ? Vreg.hi(c, n) : 0, mlo = Vreg.lo(c, m), mhi = q ? Vreg.hi(c, m) : 0;
        int elements = (q ? 16 : 8) >>> sz;
        long rlo = 0, rhi = 0;
        for (int e = 0; e < elements; e++) {
            long v;
            if (op == 0) {
                v = pair(nlo, nhi, mlo, mhi, 2 * e + part, elements, sz);
            } else if (op == 1) {
                int p = e & ~1;
                v = (e & 1) == 0 ? Vreg.elem(nlo, nhi, p + part, sz) : Vreg.elem(mlo, mhi, p + part, sz);
            } else {
                int p = (e >>> 1) + part * (elements >>> 1);
                v = (e & 1) == 0 ? Vreg.elem(nlo, nhi, p, sz) : Vreg.elem(mlo, mhi, p, sz);
            }
            if ((e << (3 + sz)) < 64) rlo = put(rlo, e, sz, v); else rhi = put(rhi, e, sz, v);
        }
        Vreg.set(c, d, q, rlo, rhi);
    }

    static void uzp1(Cpu c, int i) { permute(c, i, 0, 0); }
    static void uzp2(Cpu c, int i) { permute(c, i, 0, 1); }
    static void trn1(Cpu c, int i) { permute(c, i, 1, 0); }
    static void trn2(Cpu c, int i) { permute(c, i, 1, 1); }
    static void zip1(Cpu c, int i) { permute(c, i, 2, 0); }
    static void zip2(Cpu c, int i) { permute(c, i, 2, 1); }

    /** EXT: bytes imm4 .. imm4 + datasize/8 - 1 of Vm:Vn. */
    static void ext(Cpu c, int i) {
        boolean q = (i & 1 << 30) != 0;
        int d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31, pos = (i >>> 11) & 15;
        long nlo = Vreg.lo(c, n), nhi = Vreg.hi(c, n), mlo = Vreg.lo(c, m), mhi = Vreg.hi(c, m);
        long rlo, rhi = 0;
        if (q) {
            // 256-bit Vm:Vn shifted right by pos bytes, low 128 bits: words w0..w3 = nlo nhi mlo mhi.
            rlo = window(nlo, nhi, mlo, mhi, pos, 0);
            rhi = window(nlo, nhi, mlo, mhi, pos, 1);
        } else {
            // 128-bit Vm<63:0>:Vn<63:0> shifted right by pos (< 8) bytes.
            int s = pos * 8;
            rlo = s == 0 ? nlo : nlo >>> s | mlo << (64 - s);
        }
        Vreg.set(c, d, q, rlo, rhi);
    }

    /** 64-bit word k of (w3:w2:w1:w0) >> (8 * pos), with w0 = nlo, w1 = nhi, w2 = mlo, w3 = mhi. */
    private static long window(long w0, long w1, long w2, long w3, int pos, int k) {
        int bits = pos * 8 + 64 * k;
        int word = bits >>> 6, s = bits & 63;
        long a = word == 0 ? w0 : word == 1 ? w1 : w2;
        long b = word == 0 ? w1 : word == 1 ? w2 : w3;
        return s == 0 ? a : a >>> s | b << (64 - s);
    }

    private static void table(Cpu c, int i, boolean tbx) {
        boolean q = (i & 1 << 30) != 0;
        int d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31, regs = ((i >>> 13) & 3) + 1;
        long ilo = Vreg.lo(c, m), ihi = q ? Vreg.hi(c, m) : 0;
        long dlo = Vreg.lo(c, d), dhi = Vreg.hi(c, d);
        long rlo = 0, rhi = 0;
        int bytes = q ? 16 : 8;
        for (int e = 0; e < bytes; e++) {
            int idx = (int) ((e < 8 ? ilo >>> (8 * e) : ihi >>> (8 * (e - 8))) & 0xFF);
            long v;
            if (idx < 16 * regs) {
                int t = (n + (idx >>> 4)) & 31, b = idx & 15;
                v = (c.v[2 * t + (b >>> 3)] >>> (8 * (b & 7))) & 0xFF;
            } else if (tbx) {
                v = ((e < 8 ? dlo >>> (8 * e) : dhi >>> (8 * (e - 8))) & 0xFF);
            } else {
                v = 0;
            }
            if (e < 8) rlo |= v << (8 * e); else rhi |= v << (8 * (e - 8));
        }
        Vreg.set(c, d, q, rlo, rhi);
    }

    static void tbl(Cpu c, int i) { table(c, i, false); }
    static void tbx(Cpu c, int i) { table(c, i, true); }

    // ================================================================ semantics: logical

    static void andVector(Cpu c, int i) { logic(c, i, 0); }
    static void bicVector(Cpu c, int i) { logic(c, i, 1); }
    static void orrVector(Cpu c, int i) { logic(c, i, 2); }
    static void ornVector(Cpu c, int i) { logic(c, i, 3); }
    static void eorVector(Cpu c, int i) { logic(c, i, 4); }
    static void bsl(Cpu c, int i) { logic(c, i, 5); }
    static void bit(Cpu c, int i) { logic(c, i, 6); }
    static void bif(Cpu c, int i) { logic(c, i, 7); }

    private static long logic1(int op, long n, long m, long d) {
        switch (op) {
            case 0: return n & m;
            case 1: return n & ~m;
            case 2: return n | m;
            case 3: return n | ~m;
            case 4: return n ^ m;
            case 5: return m ^ ((m ^ n) & d);   // BSL: Vd selects Vn (1) or Vm (0)
            case 6: return d ^ ((d ^ n) & m);   // BIT: insert Vn where Vm is 1
            default: return d ^ ((d ^ n) & ~m); // BIF: insert Vn where Vm is 0
        }
    }

    private static void logic(Cpu c, int i, int op) {
        boolean q = (i & 1 << 30) != 0;
        int d = i & 31, n = (i >>> 5) & 31, m = (i >>> 16) & 31;
        long rlo = logic1(op, Vreg.lo(c, n), Vreg.lo(c, m), Vreg.lo(c, d));
        long rhi = q ? logic1(op, Vreg.hi(c, n), Vreg.hi(c, m), Vreg.hi(c, d)) : 0;
        Vreg.set(c, d, q, rlo, rhi);
    }

    // ================================================================ semantics: modified immediate

    /** The 8-bit immediate a:b:c:d:e:f:g:h. */
    static int imm8(int i) { return (i >>> 11) & 0xE0 | (i >>> 5) & 0x1F; }

    /** AdvSIMDExpandImm(op, cmode, imm8): the 64-bit pattern (replicated to 128 bits by the user). */
    static long expandImm(int op, int cmode, int imm8) {
        long v = imm8 & 0xFFL;
        switch (cmode >>> 1) {
            case 0: return replicate(v, 2);
            case 1: return replicate(v << 8, 2);
            case 2: return replicate(v << 16, 2);
            case 3: return replicate(v << 24, 2);
            case 4: return replicate(v, 1);
            case 5: return replicate(v << 8, 1);
            case 6: return (cmode & 1) == 0 ? replicate(v << 8 | 0xFF, 2) : replicate(v << 16 | 0xFFFF, 2);
            default:
                if ((cmode & 1) == 0) {
                    if (op == 0) return replicate(v, 0);
                    long r = 0;
                    for (int b = 0; b < 8; b++) if ((imm8 >>> b & 1) != 0) r |= 0xFFL << (8 * b);
                    return r;
                }
                if (op == 0) return replicate(fp32Imm(imm8), 2);
                return fp64Imm(imm8);
        }
    }

    /** VFPExpandImm for single precision: a:NOT(b):bbbbb:cdefgh:Zeros(19). */
    static long fp32Imm(int imm8) {
        long a = imm8 >>> 7 & 1, b = imm8 >>> 6 & 1, cdefgh = imm8 & 0x3F;
        long exp = (b ^ 1) << 7 | (b == 1 ? 0x7C : 0) | cdefgh >>> 4;
        return a << 31 | exp << 23 | (cdefgh & 15) << 19;
    }

    /** VFPExpandImm for double precision: a:NOT(b):bbbbbbbb:cdefgh:Zeros(48). */
    static long fp64Imm(int imm8) {
        long a = imm8 >>> 7 & 1, b = imm8 >>> 6 & 1, cdefgh = imm8 & 0x3F;
        long exp = (b ^ 1) << 10 | (b == 1 ? 0x3FC : 0) | cdefgh >>> 4;
        return a << 63 | exp << 52 | (cdefgh & 15) << 48;
    }

    private static long immOf(int i) { return expandImm((i >>> 29) & 1, (i >>> 12) & 15, imm8(i)); }

    static void movi(Cpu c, int i) {
        long v = immOf(i);
        Vreg.set(c, i & 31, (i & 1 << 30) != 0, v, v);
    }

    static void mvni(Cpu c, int i) {
        long v = ~immOf(i);
        Vreg.set(c, i & 31, (i & 1 << 30) != 0, v, v);
    }

    static void orrImm(Cpu c, int i) {
        long v = immOf(i);
        int d = i & 31;
        Vreg.set(c, d, (i & 1 << 30) != 0, Vreg.lo(c, d) | v, Vreg.hi(c, d) | v);
    }

    static void bicImm(Cpu c, int i) {
        long v = immOf(i);
        int d = i & 31;
        Vreg.set(c, d, (i & 1 << 30) != 0, Vreg.lo(c, d) & ~v, Vreg.hi(c, d) & ~v);
    }

    static void fmovImm(Cpu c, int i) {
        long v = immOf(i);
        Vreg.set(c, i & 31, (i & 1 << 30) != 0, v, v);
    }
}
