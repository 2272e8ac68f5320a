package dev.jaffa.interp.integer;

import static dev.jaffa.interp.isa.Disassembler.addr;
import static dev.jaffa.interp.isa.Disassembler.op;
import static dev.jaffa.interp.isa.Disassembler.r;
import static dev.jaffa.interp.isa.Disassembler.rsp;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.isa.Row;
import dev.jaffa.interp.memory.Memory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads and stores of general registers (Arm ARM C4.1.4, C3.2), one row per instruction page and
 * encoding (a page such as "LDR (immediate)" has a row per addressing form and register size). The
 * single-register, literal, pair and load-acquire/store-release rows are written once against
 * {@link IntOps}: the interpreter runs them on the CPU, the JIT inline on its TLB fast path. LDTR/STTR
 * are integer rows too, which the JIT calls ({@link Row#NOT_INLINE}); the exclusives act on the
 * {@link Cpu} (the local monitor holds a physical address) and the JIT calls them as well.
 *
 * <p>Armv8.0 only, as the old encoding table accepted it: size:opc = 10:11 and 11:11, PRFM other than
 * the unsigned-offset, unscaled, register and literal forms, register offsets with option<1> = 0, pairs
 * with opc = 11 and LDPSW without writeback or as a store (STGP, MTE) are reserved and match no row;
 * neither do LSE atomics, LDAPR, LDLAR/STLLR or CAS. Kept from the old table, CONSTRAINED
 * UNPREDICTABLE choices: writeback with Rn = Rt (the base gets the written-back address), LDP with
 * Rt = Rt2 (the second value), LDAR and the exclusives with Rs/Rt2 not all ones (executed).
 */
public final class LoadStoreRows {
    private LoadStoreRows() {}

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

    // ---- the rows --------------------------------------------------------------------------------

    private static final String[] SIZE_SUFFIX = {"B", "H", "", ""}, SIZE_TITLE = {" Byte", " Halfword", "", ""};

    /**
     * The mnemonic of a single-register load or store by size and opc (Arm ARM C4.1.4's table), with
     * {@code form} "" for the (immediate) and (register) pages, "U" unscaled, "T" unprivileged:
     * STRB, LDURSH, LDTRSW, ...; PRFM/PRFUM for size:opc = 11:10.
     */
    private static String singleName(int size, int opc, String form) {
        if (size == 3 && opc == 2) return "PRF" + form + "M";
        boolean signed = opc >= 2;
        return (opc == 0 ? "ST" : "LD") + form + "R" + (signed ? "S" : "") + (signed && size == 2 ? "W" : SIZE_SUFFIX[size]);
    }

    /** Its title: "Load Register Signed Halfword", "Prefetch Memory", ... */
    private static String singleTitle(int size, int opc) {
        if (size == 3 && opc == 2) return "Prefetch Memory";
        boolean signed = opc >= 2;
        return (opc == 0 ? "Store" : "Load") + " Register" + (signed ? " Signed" : "") + (signed && size == 2 ? " Word" : SIZE_TITLE[size]);
    }

    public static Row[] rows() {
        List<Row> rows = new ArrayList<>();
        int mem = Row.MEM | Row.RN_SP;
        Row.Formatter single = LoadStoreRows::formatSingle;
        for (int sz = 0; sz < 4; sz++) {
            for (int op = 0; op < 4; op++) {
                if (sz >= 2 && op == 3) continue;                     // size:opc = 1x:11 are unallocated
                String size = (sz >> 1) + "" + (sz & 1), opc = (op >> 1) + "" + (op & 1), title = singleTitle(sz, op);
                boolean store = op == 0, prfm = sz == 3 && op == 2;
                int f = mem | (store || prfm ? 0 : Row.WRITES_GPR);
                String imm = singleName(sz, op, "") + " (immediate)", reg = singleName(sz, op, "") + " (register)";
                rows.add(Row.integer(imm, size + " 111 0 01 " + opc + " imm12:12 Rn:5 Rt:5", "", prfm ? LoadStoreRows::prfm : LoadStoreRows::unsignedOffset)
                        .formatter(single).flags(f).title(title + " (immediate)"));
                if (!prfm) {
                    rows.add(Row.integer(imm, size + " 111 0 00 " + opc + " 0 imm9:9 01 Rn:5 Rt:5", "", LoadStoreRows::imm9)
                            .formatter(single).flags(f | Row.WRITEBACK).title(title + " (immediate)"));
                    rows.add(Row.integer(imm, size + " 111 0 00 " + opc + " 0 imm9:9 11 Rn:5 Rt:5", "", LoadStoreRows::imm9)
                            .formatter(single).flags(f | Row.WRITEBACK).title(title + " (immediate)"));
                    // LDTR/STTR check EL0's permissions at EL1, a path the JIT's inline TLB test lacks: called.
                    rows.add(Row.integer(singleName(sz, op, "T"), size + " 111 0 00 " + opc + " 0 imm9:9 10 Rn:5 Rt:5", "", LoadStoreRows::imm9)
                            .formatter(single).flags(f | Row.NOT_INLINE).title(title + " (unprivileged)"));
                }
                rows.add(Row.integer(singleName(sz, op, "U"), size + " 111 0 00 " + opc + " 0 imm9:9 00 Rn:5 Rt:5", "", prfm ? LoadStoreRows::prfm : LoadStoreRows::imm9)
                        .formatter(single).flags(f).title(title + " (unscaled)"));
                rows.add(Row.integer(reg, size + " 111 0 00 " + opc + " 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5", "",
                        prfm ? LoadStoreRows::prfm : LoadStoreRows::registerOffset)
                        .excluding("option=x0x").formatter(single).flags(f).title(title + " (register)"));
            }
        }
        Row.Formatter literal = LoadStoreRows::formatLiteral;
        int lit = Row.MEM | Row.READS_PC | Row.WRITES_GPR;
        rows.add(Row.integer("LDR (literal)", "00 011 0 00 imm19:19 Rt:5", "", LoadStoreRows::literal).formatter(literal).flags(lit).title("Load Register (literal)"));
        rows.add(Row.integer("LDR (literal)", "01 011 0 00 imm19:19 Rt:5", "", LoadStoreRows::literal).formatter(literal).flags(lit).title("Load Register (literal)"));
        rows.add(Row.integer("LDRSW (literal)", "10 011 0 00 imm19:19 Rt:5", "", LoadStoreRows::literal).formatter(literal).flags(lit).title("Load Register Signed Word (literal)"));
        rows.add(Row.integer("PRFM (literal)", "11 011 0 00 imm19:19 Rt:5", "", LoadStoreRows::prfmLiteral).formatter(literal).title("Prefetch Memory (literal)"));

        // Pairs: bits 24:23 are 00 no-allocate (LDNP/STNP), 01 post-index, 10 signed offset, 11 pre-index.
        Row.Formatter pair = LoadStoreRows::formatPair;
        String[][] pairs = {
            {"STP", "0", "Store Pair of Registers"}, {"LDP", "1", "Load Pair of Registers"},
        };
        for (String[] p : pairs) {
            int f = mem | (p[1].equals("1") ? Row.WRITES_GPR : 0);
            for (String opc : new String[] {"00", "10"}) {
                for (String idx : new String[] {"01", "11", "10"}) {
                    rows.add(Row.integer(p[0], opc + " 101 0 0 " + idx + " " + p[1] + " imm7:7 Rt2:5 Rn:5 Rt:5", "", LoadStoreRows::pair)
                            .formatter(pair).flags(f | (idx.equals("10") ? 0 : Row.WRITEBACK)).title(p[2]));
                }
                String np = p[0].charAt(0) + "" + p[0].charAt(1) + "NP";
                rows.add(Row.integer(np, opc + " 101 0 0 00 " + p[1] + " imm7:7 Rt2:5 Rn:5 Rt:5", "", LoadStoreRows::pair)
                        .formatter(pair).flags(f).title(p[2] + ", with non-temporal hint"));
            }
        }
        for (String idx : new String[] {"01", "11", "10"}) {
            rows.add(Row.integer("LDPSW", "01 101 0 0 " + idx + " 1 imm7:7 Rt2:5 Rn:5 Rt:5", "", LoadStoreRows::pair)
                    .formatter(pair).flags(mem | Row.WRITES_GPR | (idx.equals("10") ? 0 : Row.WRITEBACK)).title("Load Pair of Registers Signed Word"));
        }

        // Load-acquire/store-release (o2 = 1, o1 = 0, o0 = 1); Rs and Rt2 (should be all ones) ignored.
        Row.Formatter ordered = LoadStoreRows::formatOrdered;
        String[][] sizes = {{"00", "B", "Byte"}, {"01", "H", "Halfword"}, {"10", "", ""}, {"11", "", ""}};
        for (String[] s : sizes) {
            String t = s[2].isEmpty() ? "" : " " + s[2];
            rows.add(Row.integer("LDAR" + s[1], s[0] + " 001000 1 1 0 xxxxx 1 xxxxx Rn:5 Rt:5", "", LoadStoreRows::loadAcquire)
                    .formatter(ordered).flags(mem | Row.WRITES_GPR).title("Load-Acquire Register" + t));
            rows.add(Row.integer("STLR" + s[1], s[0] + " 001000 1 0 0 xxxxx 1 xxxxx Rn:5 Rt:5", "", LoadStoreRows::storeRelease)
                    .formatter(ordered).flags(mem).title("Store-Release Register" + t));
        }
        // Exclusives (o2 = 0): act on the CPU's local monitor, called by the JIT.
        int excl = mem | Row.WRITES_GPR;
        for (String[] s : sizes) {
            String t = s[2].isEmpty() ? "" : " " + s[2];
            rows.add(Row.of("LDXR" + s[1], s[0] + " 001000 0 1 0 xxxxx 0 xxxxx Rn:5 Rt:5", "", LoadStoreRows::exclusive)
                    .formatter(ordered).flags(excl).title("Load Exclusive Register" + t));
            rows.add(Row.of("LDAXR" + s[1], s[0] + " 001000 0 1 0 xxxxx 1 xxxxx Rn:5 Rt:5", "", LoadStoreRows::exclusive)
                    .formatter(ordered).flags(excl).title("Load-Acquire Exclusive Register" + t));
            rows.add(Row.of("STXR" + s[1], s[0] + " 001000 0 0 0 Rs:5 0 xxxxx Rn:5 Rt:5", "", LoadStoreRows::exclusive)
                    .formatter(ordered).flags(excl).title("Store Exclusive Register" + t));
            rows.add(Row.of("STLXR" + s[1], s[0] + " 001000 0 0 0 Rs:5 1 xxxxx Rn:5 Rt:5", "", LoadStoreRows::exclusive)
                    .formatter(ordered).flags(excl).title("Store-Release Exclusive Register" + t));
        }
        for (String sz : new String[] {"0", "1"}) {
            rows.add(Row.of("LDXP", "1 " + sz + " 001000 0 1 1 xxxxx 0 Rt2:5 Rn:5 Rt:5", "", LoadStoreRows::exclusivePair)
                    .formatter(ordered).flags(excl).title("Load Exclusive Pair of Registers"));
            rows.add(Row.of("LDAXP", "1 " + sz + " 001000 0 1 1 xxxxx 1 Rt2:5 Rn:5 Rt:5", "", LoadStoreRows::exclusivePair)
                    .formatter(ordered).flags(excl).title("Load-Acquire Exclusive Pair of Registers"));
            rows.add(Row.of("STXP", "1 " + sz + " 001000 0 0 1 Rs:5 0 Rt2:5 Rn:5 Rt:5", "", LoadStoreRows::exclusivePair)
                    .formatter(ordered).flags(excl).title("Store Exclusive Pair of Registers"));
            rows.add(Row.of("STLXP", "1 " + sz + " 001000 0 0 1 Rs:5 1 Rt2:5 Rn:5 Rt:5", "", LoadStoreRows::exclusivePair)
                    .formatter(ordered).flags(excl).title("Store-Release Exclusive Pair of Registers"));
        }
        return rows.toArray(new Row[0]);
    }

    // ---- semantics against IntOps ----------------------------------------------------------------

    /**
     * The single-register access of size:opc at address a (STR*, LDR*, LDRS* to 64 or 32 bits); with
     * writeback the base Rn then becomes wb (and a load to Rt = Rn is not written: the base wins,
     * as the old interpreter did it).
     */
    private static void single(IntOps o, int i, long a, int access, boolean writeback, long wb) {
        int size = i >>> 30, opc = (i >>> 22) & 3, bytes = 1 << size, rt = rt(i);
        if (opc == 0) {
            o.store(a, o.x(rt), bytes, access);
        } else {
            long v = o.load(a, bytes, access);
            if (opc != 1) {
                v = o.signExtend(v, 8 << size);      // LDRS*: to 64 bits (opc 10) or 32 bits (opc 11)
                if (opc == 3) v = o.zeroExtend32(v);
            }
            if (!writeback || rt != rn(i)) o.setX(rt, v);
        }
        if (writeback) o.setXSp(rn(i), wb);
    }

    /** (immediate), unsigned offset: [Xn|SP, #imm12 << size]. */
    static void unsignedOffset(IntOps o, int i) {
        long a = o.add(o.base(rn(i)), o.constant((long) ((i >>> 10) & 0xFFF) << (i >>> 30)));
        single(o, i, a, 0, false, 0);
    }

    /** Bits 11:10: 00 unscaled (LDUR), 01 post-index, 10 unprivileged (LDTR), 11 pre-index; simm9. */
    static void imm9(IntOps o, int i) {
        int idx = (i >>> 10) & 3;
        long b = o.base(rn(i));
        long offsetAddress = o.add(b, o.constant((long) (i << 11) >> 23));
        single(o, i, idx == 1 ? b : offsetAddress, idx == 2 ? IntOps.UNPRIVILEGED : 0, (idx & 1) != 0, offsetAddress);
    }

    /** (register): [Xn|SP, ExtendReg(m, option, S ? size : 0)]. */
    static void registerOffset(IntOps o, int i) {
        int size = i >>> 30, option = (i >>> 13) & 7, shift = (i & (1 << 12)) != 0 ? size : 0;
        long m = o.x((i >>> 16) & 31);
        if (option == 2) m = o.zeroExtend32(m);        // UXTW
        else if (option == 6) m = o.signExtend(m, 32); // SXTW (LSL/UXTX and SXTX: the register as it is)
        single(o, i, o.add(o.base(rn(i)), o.lsl(m, shift)), 0, false, 0);
    }

    /** PRFM and PRFUM: a hint, no access; only the base register's SP alignment check remains. */
    static void prfm(IntOps o, int i) { o.base(rn(i)); }

    /** PRFM (literal): nothing. */
    static void prfmLiteral(IntOps o, int i) {}

    /** LDR (literal), LDRSW (literal): [PC + simm19 * 4]. */
    static void literal(IntOps o, int i) {
        int opc = i >>> 30;
        long v = o.load(o.add(o.pc(), o.constant((long) (i << 8) >> 11 & ~3L)), opc == 1 ? 8 : 4, 0);
        o.setX(rt(i), opc == 2 ? o.signExtend(v, 32) : v);
    }

    /** LDP, STP, LDPSW, LDNP, STNP: two registers at [Xn|SP, #simm7 << scale] (post-index: at Xn). */
    static void pair(IntOps o, int i) {
        int opc = i >>> 30, idx = (i >>> 23) & 3, rn = rn(i), rt = rt(i), rt2 = rt2(i);
        int size = opc == 2 ? 3 : 2, bytes = 1 << size;
        boolean writeback = (idx & 1) != 0;
        long b = o.base(rn);
        long offsetAddress = o.add(b, o.constant(((long) (i << 10) >> 25) << size));
        long a = idx == 1 ? b : offsetAddress;
        if ((i & (1 << 22)) != 0) {
            long v1 = o.load(a, bytes, 0), v2 = o.load(o.add(a, o.constant(bytes)), bytes, 0);
            if (opc == 1) { v1 = o.signExtend(v1, 32); v2 = o.signExtend(v2, 32); }   // LDPSW
            if (!writeback || rt != rn) o.setX(rt, v1);
            if (!writeback || rt2 != rn) o.setX(rt2, v2);
        } else {
            o.storePair(a, o.x(rt), o.x(rt2), bytes);
        }
        if (writeback) o.setXSp(rn, offsetAddress);
    }

    /** LDAR, LDARB, LDARH: an ordered load that must be aligned. */
    static void loadAcquire(IntOps o, int i) {
        o.setX(rt(i), o.load(o.base(rn(i)), 1 << (i >>> 30), IntOps.ORDERED));
    }

    /** STLR, STLRB, STLRH: an ordered store that must be aligned. */
    static void storeRelease(IntOps o, int i) {
        long a = o.base(rn(i));
        o.store(a, o.x(rt(i)), 1 << (i >>> 30), IntOps.ORDERED);
    }

    // ---- exclusives: semantics on the CPU (the local monitor) -------------------------------------

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

    // ---- disassembly (GNU objdump's syntax) --------------------------------------------------------

    private static final String[] EXTEND = {"uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"};
    private static final String[] PRF_TYPE = {"pld", "pli", "pst", null};
    private static final String[] PRF_TARGET = {"l1", "l2", "l3", null};

    /** The mnemonic: the row's name up to its qualifier, in lower case. */
    private static String mnemonic(Row row) {
        int sp = row.name.indexOf(' ');
        return (sp < 0 ? row.name : row.name.substring(0, sp)).toLowerCase(Locale.ROOT);
    }

    private static String prfop(int rt) {
        String type = PRF_TYPE[rt >>> 3 & 3], target = PRF_TARGET[rt >>> 1 & 3];
        if (rt >= 24 || type == null || target == null) return String.format(Locale.ROOT, "#0x%02x", rt);
        return type + target + ((rt & 1) != 0 ? "strm" : "keep");
    }

    private static String mem(int rn, long offset) {
        return offset == 0 ? "[" + rsp(rn, true) + "]" : "[" + rsp(rn, true) + ", #" + offset + "]";
    }

    /** The address of an indexed form: 1 post-index, 3 pre-index, else an offset. */
    private static String indexed(int rn, int idx, long offset) {
        switch (idx) {
            case 1: return "[" + rsp(rn, true) + "], #" + offset;
            case 3: return "[" + rsp(rn, true) + ", #" + offset + "]!";
            default: return mem(rn, offset);
        }
    }

    /** Rt of a single-register access: X for 64-bit loads and stores and sign-extending loads to 64 bits. */
    private static String transferRegister(int i) {
        int size = i >>> 30, opc = (i >>> 22) & 3;
        return r(rt(i), opc < 2 ? size == 3 : opc == 2 && size != 3);
    }

    static String formatSingle(Row row, int i, long pc) {
        String mn = mnemonic(row);
        String rt = mn.startsWith("prf") ? prfop(rt(i)) : transferRegister(i);
        int size = i >>> 30, rn = rn(i);
        String m;
        if ((i & (1 << 24)) != 0) {
            m = mem(rn, (long) ((i >>> 10) & 0xFFF) << size);
        } else if ((i & (1 << 21)) != 0) {
            int option = (i >>> 13) & 7;
            boolean s = (i & (1 << 12)) != 0;
            String ext = option == 3 ? (s ? ", lsl #" + size : "") : ", " + EXTEND[option] + (s ? " #" + size : "");
            m = "[" + rsp(rn, true) + ", " + r((i >>> 16) & 31, (option & 1) != 0) + ext + "]";
        } else {
            m = indexed(rn, (i >>> 10) & 3, (long) (i << 11) >> 23);
        }
        return op(mn, rt, m);
    }

    static String formatLiteral(Row row, int i, long pc) {
        int opc = i >>> 30;
        String target = addr(pc + ((long) (i << 8) >> 11 & ~3L));
        return op(mnemonic(row), opc == 3 ? prfop(rt(i)) : r(rt(i), opc != 0), target);
    }

    static String formatPair(Row row, int i, long pc) {
        int opc = i >>> 30, idx = (i >>> 23) & 3;
        long offset = ((long) (i << 10) >> 25) << (opc == 2 ? 3 : 2);
        boolean x = opc != 0;
        return op(mnemonic(row), r(rt(i), x), r(rt2(i), x), indexed(rn(i), idx, offset));
    }

    /** LDAR/STLR and the exclusives: [Rs,] Rt[, Rt2], [Xn|SP]. */
    static String formatOrdered(Row row, int i, long pc) {
        boolean pair = (i & (1 << 21)) != 0, x = pair ? (i & (1 << 30)) != 0 : (i >>> 30) == 3;
        String m = "[" + rsp(rn(i), true) + "]", rt = r(rt(i), x);
        String[] ops = row.field("Rs") != null
                ? (pair ? new String[] {r(rs(i), false), rt, r(rt2(i), x), m} : new String[] {r(rs(i), false), rt, m})
                : (pair ? new String[] {rt, r(rt2(i), x), m} : new String[] {rt, m});
        return op(mnemonic(row), ops);
    }
}
