package dev.jaffa.interp.simd;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.integer.LoadStoreRows;
import dev.jaffa.interp.isa.Row;

/**
 * Loads and stores of SIMD&FP registers (Arm ARM C3.2, C4.1.4 and the instruction pages of C7):
 * single registers (immediate, unscaled, register and literal offsets), pairs, and the structure
 * loads and stores LD1-LD4 / ST1-ST4 (multiple structures, single lane) and LD1R-LD4R.
 *
 * <p>Rules every row here follows:
 * <ul>
 * <li>The base is {@code Xn} or SP (checked for 16-byte alignment when SCTLR_ELx.SA/SA0 ask, as
 *     the general-register loads do); a base update (pre- or post-index) is the last thing done,
 *     so a faulting access leaves Rn unchanged.
 * <li>Loads read every byte into locals before writing any destination register, so a fault
 *     leaves all SIMD&FP registers unchanged too (the Arm ARM would allow them to be UNKNOWN).
 *     Stores may have written part of their bytes when a later access faults (their memory is
 *     UNKNOWN then, as the Arm ARM allows).
 * <li>Each access is made with the element size the Arm ARM gives it (Mem[address, ebytes]),
 *     through {@link dev.jaffa.interp.memory.Memory}, which raises the architectural faults (Device memory
 *     and SCTLR.A alignment, translation, permission, external). Contiguous elements are merged
 *     into 64-bit reads where that cannot change which fault happens: at 8-byte aligned
 *     addresses, or where the first element is misaligned anyway. A 128-bit register access is two
 *     64-bit accesses (single-copy atomic per half, as in Armv8.0); with SCTLR.A set it must be
 *     16-byte aligned.
 * <li>Register lists wrap modulo 32 (V31 is followed by V0).
 * </ul>
 */
public final class SimdLoadStoreRows {
    private SimdLoadStoreRows() {}

    private static final int F = Row.FP | Row.MEM | Row.RN_SP;
    private static final int WB = F | Row.WRITEBACK;

    public static Row[] rows() {
        Row.Formatter single = SimdLoadStoreRows::formatSingle, pair = SimdLoadStoreRows::formatPair;
        Row.Formatter multi = SimdLoadStoreRows::formatMultiple, lane = SimdLoadStoreRows::formatLane,
                rep = SimdLoadStoreRows::formatReplicate;
        // opc here is opc<1> (bit 23); opc<0> (bit 22) is L and fixed by each row. size:opc<1> = 001
        // is the 128-bit form; opc<1> = 1 with any other size is unallocated.
        String[] bigOpc = {"size:opc=x11", "size:opc=1x1"};
        return new Row[] {
            // ---- single register, immediate offset ----
            Row.of("STR (immediate, SIMD&FP)", "size:2 111 1 00 opc:1 0 0 imm9:9 01 Rn:5 Vt:5", "str {Vt}, [{XnSP}], #imm9", SimdLoadStoreRows::imm9)
                .excluding(bigOpc).flags(WB).formatter(single).title("Store SIMD&FP register (immediate offset), post-index"),
            Row.of("STR (immediate, SIMD&FP)", "size:2 111 1 00 opc:1 0 0 imm9:9 11 Rn:5 Vt:5", "str {Vt}, [{XnSP}, #imm9]!", SimdLoadStoreRows::imm9)
                .excluding(bigOpc).flags(WB).formatter(single).title("Store SIMD&FP register (immediate offset), pre-index"),
            Row.of("STR (immediate, SIMD&FP)", "size:2 111 1 01 opc:1 0 imm12:12 Rn:5 Vt:5", "str {Vt}, [{XnSP}, #pimm]", SimdLoadStoreRows::unsignedOffset)
                .excluding(bigOpc).flags(F).formatter(single).title("Store SIMD&FP register (immediate offset), unsigned offset"),
            Row.of("LDR (immediate, SIMD&FP)", "size:2 111 1 00 opc:1 1 0 imm9:9 01 Rn:5 Vt:5", "ldr {Vt}, [{XnSP}], #imm9", SimdLoadStoreRows::imm9)
                .excluding(bigOpc).flags(WB).formatter(single).title("Load SIMD&FP Register (immediate offset), post-index"),
            Row.of("LDR (immediate, SIMD&FP)", "size:2 111 1 00 opc:1 1 0 imm9:9 11 Rn:5 Vt:5", "ldr {Vt}, [{XnSP}, #imm9]!", SimdLoadStoreRows::imm9)
                .excluding(bigOpc).flags(WB).formatter(single).title("Load SIMD&FP Register (immediate offset), pre-index"),
            Row.of("LDR (immediate, SIMD&FP)", "size:2 111 1 01 opc:1 1 imm12:12 Rn:5 Vt:5", "ldr {Vt}, [{XnSP}, #pimm]", SimdLoadStoreRows::unsignedOffset)
                .excluding(bigOpc).flags(F).formatter(single).title("Load SIMD&FP Register (immediate offset), unsigned offset"),
            Row.of("STUR (SIMD&FP)", "size:2 111 1 00 opc:1 0 0 imm9:9 00 Rn:5 Vt:5", "stur {Vt}, [{XnSP}, #simm]", SimdLoadStoreRows::imm9)
                .excluding(bigOpc).flags(F).formatter(single).title("Store SIMD&FP register (unscaled offset)"),
            Row.of("LDUR (SIMD&FP)", "size:2 111 1 00 opc:1 1 0 imm9:9 00 Rn:5 Vt:5", "ldur {Vt}, [{XnSP}, #simm]", SimdLoadStoreRows::imm9)
                .excluding(bigOpc).flags(F).formatter(single).title("Load SIMD&FP Register (unscaled offset)"),
            // ---- single register, register offset (option<1> = 0 is reserved) ----
            Row.of("STR (register, SIMD&FP)", "size:2 111 1 00 opc:1 0 1 Rm:5 option:3 S:1 10 Rn:5 Vt:5", "str {Vt}, [{XnSP}, {Rm}, extend]", SimdLoadStoreRows::registerOffset)
                .excluding(bigOpc).excluding("option=x0x").flags(F).formatter(single).title("Store SIMD&FP register (register offset)"),
            Row.of("LDR (register, SIMD&FP)", "size:2 111 1 00 opc:1 1 1 Rm:5 option:3 S:1 10 Rn:5 Vt:5", "ldr {Vt}, [{XnSP}, {Rm}, extend]", SimdLoadStoreRows::registerOffset)
                .excluding(bigOpc).excluding("option=x0x").flags(F).formatter(single).title("Load SIMD&FP Register (register offset)"),
            // ---- literal ----
            Row.of("LDR (literal, SIMD&FP)", "opc:2 011 1 00 imm19:19 Vt:5", "ldr {Vt}, label", SimdLoadStoreRows::literal)
                .excluding("opc=11").flags(Row.FP | Row.MEM | Row.READS_PC).formatter(SimdLoadStoreRows::formatLiteral)
                .title("Load SIMD&FP Register (PC-relative literal)"),
            // ---- pairs (opc = 11 reserved; LDP/LDNP with Vt == Vt2 is UNDEFINED, see pair()) ----
            Row.of("STNP (SIMD&FP)", "opc:2 101 1 000 0 imm7:7 Vt2:5 Rn:5 Vt:5", "stnp {Vt}, {Vt2}, [{XnSP}, #imm]", SimdLoadStoreRows::pair)
                .excluding("opc=11").flags(F).formatter(pair).title("Store Pair of SIMD&FP registers, with Non-temporal hint"),
            Row.of("LDNP (SIMD&FP)", "opc:2 101 1 000 1 imm7:7 Vt2:5 Rn:5 Vt:5", "ldnp {Vt}, {Vt2}, [{XnSP}, #imm]", SimdLoadStoreRows::pair)
                .excluding("opc=11").flags(F | Row.TRAPS).formatter(pair).title("Load Pair of SIMD&FP registers, with Non-temporal hint"),
            Row.of("STP (SIMD&FP)", "opc:2 101 1 001 0 imm7:7 Vt2:5 Rn:5 Vt:5", "stp {Vt}, {Vt2}, [{XnSP}], #imm", SimdLoadStoreRows::pair)
                .excluding("opc=11").flags(WB).formatter(pair).title("Store Pair of SIMD&FP registers, post-index"),
            Row.of("STP (SIMD&FP)", "opc:2 101 1 010 0 imm7:7 Vt2:5 Rn:5 Vt:5", "stp {Vt}, {Vt2}, [{XnSP}, #imm]", SimdLoadStoreRows::pair)
                .excluding("opc=11").flags(F).formatter(pair).title("Store Pair of SIMD&FP registers, signed offset"),
            Row.of("STP (SIMD&FP)", "opc:2 101 1 011 0 imm7:7 Vt2:5 Rn:5 Vt:5", "stp {Vt}, {Vt2}, [{XnSP}, #imm]!", SimdLoadStoreRows::pair)
                .excluding("opc=11").flags(WB).formatter(pair).title("Store Pair of SIMD&FP registers, pre-index"),
            Row.of("LDP (SIMD&FP)", "opc:2 101 1 001 1 imm7:7 Vt2:5 Rn:5 Vt:5", "ldp {Vt}, {Vt2}, [{XnSP}], #imm", SimdLoadStoreRows::pair)
                .excluding("opc=11").flags(WB | Row.TRAPS).formatter(pair).title("Load Pair of SIMD&FP registers, post-index"),
            Row.of("LDP (SIMD&FP)", "opc:2 101 1 010 1 imm7:7 Vt2:5 Rn:5 Vt:5", "ldp {Vt}, {Vt2}, [{XnSP}, #imm]", SimdLoadStoreRows::pair)
                .excluding("opc=11").flags(F | Row.TRAPS).formatter(pair).title("Load Pair of SIMD&FP registers, signed offset"),
            Row.of("LDP (SIMD&FP)", "opc:2 101 1 011 1 imm7:7 Vt2:5 Rn:5 Vt:5", "ldp {Vt}, {Vt2}, [{XnSP}, #imm]!", SimdLoadStoreRows::pair)
                .excluding("opc=11").flags(WB | Row.TRAPS).formatter(pair).title("Load Pair of SIMD&FP registers, pre-index"),
            // ---- multiple structures: no offset, then post-index (Rm = 31: by the transfer size) ----
            multiple("ST1 (multiple structures)", false, false, "st1", null).formatter(multi)
                .title("Store multiple single-element structures from one, two, three, or four registers"),
            multiple("ST1 (multiple structures)", false, true, "st1", null).formatter(multi)
                .title("Store multiple single-element structures from one, two, three, or four registers, post-index"),
            multiple("ST2 (multiple structures)", false, false, "st2", "1000").formatter(multi).title("Store multiple 2-element structures from two registers"),
            multiple("ST2 (multiple structures)", false, true, "st2", "1000").formatter(multi).title("Store multiple 2-element structures from two registers, post-index"),
            multiple("ST3 (multiple structures)", false, false, "st3", "0100").formatter(multi).title("Store multiple 3-element structures from three registers"),
            multiple("ST3 (multiple structures)", false, true, "st3", "0100").formatter(multi).title("Store multiple 3-element structures from three registers, post-index"),
            multiple("ST4 (multiple structures)", false, false, "st4", "0000").formatter(multi).title("Store multiple 4-element structures from four registers"),
            multiple("ST4 (multiple structures)", false, true, "st4", "0000").formatter(multi).title("Store multiple 4-element structures from four registers, post-index"),
            multiple("LD1 (multiple structures)", true, false, "ld1", null).formatter(multi)
                .title("Load multiple single-element structures to one, two, three, or four registers"),
            multiple("LD1 (multiple structures)", true, true, "ld1", null).formatter(multi)
                .title("Load multiple single-element structures to one, two, three, or four registers, post-index"),
            multiple("LD2 (multiple structures)", true, false, "ld2", "1000").formatter(multi).title("Load multiple 2-element structures to two registers"),
            multiple("LD2 (multiple structures)", true, true, "ld2", "1000").formatter(multi).title("Load multiple 2-element structures to two registers, post-index"),
            multiple("LD3 (multiple structures)", true, false, "ld3", "0100").formatter(multi).title("Load multiple 3-element structures to three registers"),
            multiple("LD3 (multiple structures)", true, true, "ld3", "0100").formatter(multi).title("Load multiple 3-element structures to three registers, post-index"),
            multiple("LD4 (multiple structures)", true, false, "ld4", "0000").formatter(multi).title("Load multiple 4-element structures to four registers"),
            multiple("LD4 (multiple structures)", true, true, "ld4", "0000").formatter(multi).title("Load multiple 4-element structures to four registers, post-index"),
            // ---- single structure (one lane) ----
            lane("ST1 (single structure)", false, 0, 0, false).formatter(lane).title("Store a single-element structure from one lane of one register"),
            lane("ST1 (single structure)", false, 0, 0, true).formatter(lane).title("Store a single-element structure from one lane of one register, post-index"),
            lane("ST2 (single structure)", false, 1, 0, false).formatter(lane).title("Store single 2-element structure from one lane of two registers"),
            lane("ST2 (single structure)", false, 1, 0, true).formatter(lane).title("Store single 2-element structure from one lane of two registers, post-index"),
            lane("ST3 (single structure)", false, 0, 1, false).formatter(lane).title("Store single 3-element structure from one lane of three registers"),
            lane("ST3 (single structure)", false, 0, 1, true).formatter(lane).title("Store single 3-element structure from one lane of three registers, post-index"),
            lane("ST4 (single structure)", false, 1, 1, false).formatter(lane).title("Store single 4-element structure from one lane of four registers"),
            lane("ST4 (single structure)", false, 1, 1, true).formatter(lane).title("Store single 4-element structure from one lane of four registers, post-index"),
            lane("LD1 (single structure)", true, 0, 0, false).formatter(lane).title("Load one single-element structure to one lane of one register"),
            lane("LD1 (single structure)", true, 0, 0, true).formatter(lane).title("Load one single-element structure to one lane of one register, post-index"),
            lane("LD2 (single structure)", true, 1, 0, false).formatter(lane).title("Load single 2-element structure to one lane of two registers"),
            lane("LD2 (single structure)", true, 1, 0, true).formatter(lane).title("Load single 2-element structure to one lane of two registers, post-index"),
            lane("LD3 (single structure)", true, 0, 1, false).formatter(lane).title("Load single 3-element structure to one lane of three registers"),
            lane("LD3 (single structure)", true, 0, 1, true).formatter(lane).title("Load single 3-element structure to one lane of three registers, post-index"),
            lane("LD4 (single structure)", true, 1, 1, false).formatter(lane).title("Load single 4-element structure to one lane of four registers"),
            lane("LD4 (single structure)", true, 1, 1, true).formatter(lane).title("Load single 4-element structure to one lane of four registers, post-index"),
            // ---- single structure, replicated to all lanes ----
            replicate("LD1R", 0, 0, false).formatter(rep).title("Load one single-element structure and Replicate to all lanes (of one register)"),
            replicate("LD1R", 0, 0, true).formatter(rep).title("Load one single-element structure and Replicate to all lanes (of one register), post-index"),
            replicate("LD2R", 1, 0, false).formatter(rep).title("Load single 2-element structure and Replicate to all lanes of two registers"),
            replicate("LD2R", 1, 0, true).formatter(rep).title("Load single 2-element structure and Replicate to all lanes of two registers, post-index"),
            replicate("LD3R", 0, 1, false).formatter(rep).title("Load single 3-element structure and Replicate to all lanes of three registers"),
            replicate("LD3R", 0, 1, true).formatter(rep).title("Load single 3-element structure and Replicate to all lanes of three registers, post-index"),
            replicate("LD4R", 1, 1, false).formatter(rep).title("Load single 4-element structure and Replicate to all lanes of four registers"),
            replicate("LD4R", 1, 1, true).formatter(rep).title("Load single 4-element structure and Replicate to all lanes of four registers, post-index"),
        };
    }

    /**
     * A multiple-structures row. {@code opcode} fixed for LD2-LD4/ST2-ST4 (whose 64-bit form with
     * 1D elements is reserved); null for LD1/ST1, whose four register counts share one row.
     */
    private static Row multiple(String name, boolean load, boolean post, String mn, String opcode) {
        String l = load ? "1" : "0";
        String head = post ? "0 Q:1 0011001 " + l + " 0 Rm:5 " : "0 Q:1 0011000 " + l + " 000000 ";
        String asm = mn + " {list}, [{XnSP}]" + (post ? ", imm|Xm" : "");
        Row r;
        if (opcode == null) {
            // LD1/ST1: opcode 0111 (1 register), 1010 (2), 0110 (3), 0010 (4); the rest are other rows or unallocated.
            r = Row.of(name, head + "opcode:4 size:2 Rn:5 Vt:5", asm, SimdLoadStoreRows::multipleStructures)
                .excluding("opcode=0000", "opcode=0001", "opcode=0011", "opcode=010x", "opcode=100x", "opcode=1011", "opcode=11xx");
        } else {
            r = Row.of(name, head + opcode + " size:2 Rn:5 Vt:5", asm, SimdLoadStoreRows::multipleStructures).excluding("size:Q=110");
        }
        return r.flags(post ? WB : F);
    }

    /**
     * A single-structure (one lane) row: R and opcode<0> select LD1-LD4; the 2-bit "opcode" field
     * is opcode<2:1>, the element size (00 B, 01 H, 10 S or D; 11 is the replicate rows' space).
     */
    private static Row lane(String name, boolean load, int r, int o0, boolean post) {
        String head = "0 Q:1 001101 " + (post ? "1 " : "0 ") + (load ? "1 " : "0 ") + r + (post ? " Rm:5 " : " 00000 ");
        String mn = name.substring(0, 3).toLowerCase(java.util.Locale.ROOT);
        return Row.of(name, head + "opcode:2 " + o0 + " S:1 size:2 Rn:5 Vt:5", mn + " {list}[index], [{XnSP}]" + (post ? ", imm|Xm" : ""),
                SimdLoadStoreRows::singleStructure)
            .excluding("opcode=11", "opcode:size=01x1", "opcode:size=101x", "opcode:S:size=10101")
            .flags(post ? WB : F);
    }

    private static Row replicate(String name, int r, int o0, boolean post) {
        String head = "0 Q:1 001101 " + (post ? "1 " : "0 ") + "1 " + r + (post ? " Rm:5 " : " 00000 ");
        String mn = name.toLowerCase(java.util.Locale.ROOT);
        return Row.of(name, head + "11 " + o0 + " 0 size:2 Rn:5 Vt:5", mn + " {list}, [{XnSP}]" + (post ? ", imm|Xm" : ""),
                SimdLoadStoreRows::replicateStructure)
            .flags(post ? WB : F);
    }

    // ================================================================ addressing

    /** The base register: Xn, or SP with the SP alignment check (the general loads' own). */
    static long base(Cpu c, int n) { return LoadStoreRows.base(c, n); }

    /** ExtendReg(m, option, shift) (option<1> is always 1 here): the integer loads' own. */
    private static long extend(long v, int option, int shift) { return dev.jaffa.interp.integer.Alu.extend(v, option, shift); }

    // ================================================================ memory helpers

    /** A 128-bit access with SCTLR_ELx.A set must be 16-byte aligned (Mem[address, 16]). */
    private static void check16(Cpu c, long va, boolean write) {
        if ((va & 15) != 0 && (c.sctlr[c.el == 2 ? 2 : 1] & 2) != 0) {
            throw c.abort(false, va, Esr.FSC_ALIGNMENT | (write ? Esr.WNR : 0));
        }
    }

    /** One element of 1 << sz bytes, zero-extended. */
    private static long read(Cpu c, long va, int sz) {
        switch (sz) {
            case 0: return c.mem.read8(va);
            case 1: return c.mem.read16(va);
            case 2: return c.mem.read32(va) & 0xFFFF_FFFFL;
            default: return c.mem.read64(va);
        }
    }

    private static void write(Cpu c, long va, int sz, long v) {
        switch (sz) {
            case 0: c.mem.write8(va, (int) v); break;
            case 1: c.mem.write16(va, (int) v); break;
            case 2: c.mem.write32(va, (int) v); break;
            default: c.mem.write64(va, v); break;
        }
    }

    /**
     * Eight contiguous bytes made of elements of size {@code sz}: one 64-bit access when that
     * raises exactly the faults the element accesses would (an 8-aligned address; or a first
     * element that is itself misaligned, which faults in the same cases as the wider access),
     * else one access per element.
     */
    private static long read8Bytes(Cpu c, long va, int sz) {
        if ((va & 7) == 0 || (va & ((1 << sz) - 1)) != 0) return c.mem.read64(va);
        long v = 0;
        int eb = 1 << sz;
        for (int k = 0; k < 8; k += eb) v |= read(c, va + k, sz) << (8 * k);
        return v;
    }

    private static void write8Bytes(Cpu c, long va, int sz, long v) {
        if ((va & 7) == 0 || (va & ((1 << sz) - 1)) != 0) { c.mem.write64(va, v); return; }
        int eb = 1 << sz;
        for (int k = 0; k < 8; k += eb) write(c, va + k, sz, v >>> (8 * k));
    }

    /** Loads the register-sized value at {@code va} (scale 0..4: B H S D Q) into Vt. */
    private static void loadReg(Cpu c, int t, int scale, long va) {
        if (scale == 4) {
            check16(c, va, false);
            long lo = c.mem.read64(va), hi = c.mem.read64(va + 8);
            Vreg.setQ(c, t, lo, hi);
        } else {
            Vreg.setD(c, t, read(c, va, scale));
        }
    }

    private static void storeReg(Cpu c, int t, int scale, long va) {
        if (scale == 4) {
            check16(c, va, true);
            c.mem.write64(va, Vreg.lo(c, t));
            c.mem.write64(va + 8, Vreg.hi(c, t));
        } else {
            write(c, va, scale, Vreg.lo(c, t));
        }
    }

    // ================================================================ single registers

    /** The access size of the single-register forms: size, or 4 (Q) for size:opc<1> = 001. */
    private static int scale(int i) { return (i >>> 21 & 4) | i >>> 30; }

    /** LDR/STR (immediate, SIMD&FP), unsigned offset: imm12 scaled by the access size. */
    static void unsignedOffset(Cpu c, int i) {
        int scale = scale(i), t = i & 31;
        long va = base(c, (i >>> 5) & 31) + ((long) ((i >>> 10) & 0xFFF) << scale);
        if ((i & 1 << 22) != 0) loadReg(c, t, scale, va); else storeReg(c, t, scale, va);
    }

    /** LDUR/STUR (bits 11:10 = 00) and the post-index (01) and pre-index (11) LDR/STR forms. */
    static void imm9(Cpu c, int i) {
        int scale = scale(i), t = i & 31, n = (i >>> 5) & 31, idx = (i >>> 10) & 3;
        long offset = (long) (i << 11) >> 23;  // SignExtend(imm9)
        long b = base(c, n);
        long va = idx == 1 ? b : b + offset;
        if ((i & 1 << 22) != 0) loadReg(c, t, scale, va); else storeReg(c, t, scale, va);
        if (idx != 0) c.setXOrSp(n, b + offset);
    }

    /** LDR/STR (register, SIMD&FP): Xn + ExtendReg(Rm, option, S ? scale : 0). */
    static void registerOffset(Cpu c, int i) {
        int scale = scale(i), t = i & 31, option = (i >>> 13) & 7;
        int shift = (i & 1 << 12) != 0 ? scale : 0;
        long va = base(c, (i >>> 5) & 31) + extend(c.x[(i >>> 16) & 31], option, shift);
        if ((i & 1 << 22) != 0) loadReg(c, t, scale, va); else storeReg(c, t, scale, va);
    }

    /** LDR (literal, SIMD&FP): S, D or Q (opc 00, 01, 10) at PC + imm19 * 4. */
    static void literal(Cpu c, int i) {
        long va = c.curPc + ((long) (i << 8) >> 11 & ~3L);
        loadReg(c, i & 31, (i >>> 30) + 2, va);
    }

    // ================================================================ pairs

    /**
     * LDP/STP/LDNP/STNP (SIMD&FP); bits 24:23 give no-allocate (00), post-index (01), signed
     * offset (10), pre-index (11). LDP/LDNP with Vt == Vt2 is CONSTRAINED UNPREDICTABLE; the
     * Arm ARM's ConstrainUnpredictable(Unpredictable_LDPOVERLAP) chooses Constraint_UNDEF, which
     * this follows (QEMU loads both registers instead, the second value winning).
     */
    static void pair(Cpu c, int i) {
        int scale = (i >>> 30) + 2, idx = (i >>> 23) & 3;
        int t = i & 31, t2 = (i >>> 10) & 31, n = (i >>> 5) & 31;
        boolean load = (i & 1 << 22) != 0;
        if (load && t == t2) throw c.undefined();
        long offset = ((long) (i << 10) >> 25) << scale;  // SignExtend(imm7) << scale
        long b = base(c, n);
        long va = idx == 1 ? b : b + offset;
        int bytes = 1 << scale;
        if (load) {
            if (scale == 4) {
                check16(c, va, false);
                long lo1 = c.mem.read64(va), hi1 = c.mem.read64(va + 8);
                check16(c, va + 16, false);
                long lo2 = c.mem.read64(va + 16), hi2 = c.mem.read64(va + 24);
                Vreg.setQ(c, t, lo1, hi1);
                Vreg.setQ(c, t2, lo2, hi2);
            } else {
                long v1 = read(c, va, scale), v2 = read(c, va + bytes, scale);
                Vreg.setD(c, t, v1);
                Vreg.setD(c, t2, v2);
            }
        } else {
            storeReg(c, t, scale, va);
            storeReg(c, t2, scale, va + bytes);
        }
        if (idx == 1 || idx == 3) c.setXOrSp(n, b + offset);
    }

    // ================================================================ multiple structures

    /** Registers (rpt) and structure elements (selem) per opcode (bits 15:12); 0 = unallocated. */
    private static final int[] RPT = {1, 0, 4, 0, 1, 0, 3, 1, 1, 0, 2, 0, 0, 0, 0, 0};
    private static final int[] SELEM = {4, 0, 1, 0, 3, 0, 1, 1, 2, 0, 1, 0, 0, 0, 0, 0};

    /** Word k of the up to eight 64-bit words a structure load read (kept in locals). */
    private static long word(int k, long m0, long m1, long m2, long m3, long m4, long m5, long m6, long m7) {
        switch (k) {
            case 0: return m0;
            case 1: return m1;
            case 2: return m2;
            case 3: return m3;
            case 4: return m4;
            case 5: return m5;
            case 6: return m6;
            default: return m7;
        }
    }

    /**
     * LD1-LD4/ST1-ST4 (multiple structures). Memory holds the structures one after the other:
     * element e of register t+s is at (e * selem + s) * ebytes (LD1 with several registers is rpt
     * consecutive one-register transfers). A load reads all of it (at most 64 bytes, eight words
     * in locals) before writing any register.
     */
    static void multipleStructures(Cpu c, int i) {
        boolean q = (i & 1 << 30) != 0, load = (i & 1 << 22) != 0, post = (i & 1 << 23) != 0;
        int opcode = (i >>> 12) & 15, sz = (i >>> 10) & 3, t = i & 31, n = (i >>> 5) & 31;
        int rpt = RPT[opcode], selem = SELEM[opcode];
        int regWords = q ? 2 : 1, words = rpt * selem * regWords;
        long b = base(c, n);
        if (load) {
            long m0 = read8Bytes(c, b, sz), m1 = 0, m2 = 0, m3 = 0, m4 = 0, m5 = 0, m6 = 0, m7 = 0;
            if (words > 1) m1 = read8Bytes(c, b + 8, sz);
            if (words > 2) m2 = read8Bytes(c, b + 16, sz);
            if (words > 3) m3 = read8Bytes(c, b + 24, sz);
            if (words > 4) m4 = read8Bytes(c, b + 32, sz);
            if (words > 5) m5 = read8Bytes(c, b + 40, sz);
            if (words > 6) m6 = read8Bytes(c, b + 48, sz);
            if (words > 7) m7 = read8Bytes(c, b + 56, sz);
            if (selem == 1) {
                for (int r = 0; r < rpt; r++) {
                    long lo = word(r * regWords, m0, m1, m2, m3, m4, m5, m6, m7);
                    long hi = q ? word(r * regWords + 1, m0, m1, m2, m3, m4, m5, m6, m7) : 0;
                    Vreg.setQ(c, (t + r) & 31, lo, hi);
                }
            } else {
                int elems = (8 * regWords) >>> sz, bits = 8 << sz;
                long mask = Vreg.mask(sz);
                for (int s = 0; s < selem; s++) {
                    long lo = 0, hi = 0;
                    for (int e = 0; e < elems; e++) {
                        int bit = (e * selem + s) * bits;  // bit offset in memory
                        long v = word(bit >>> 6, m0, m1, m2, m3, m4, m5, m6, m7) >>> (bit & 63) & mask;
                        int rb = e * bits;
                        if (rb < 64) lo |= v << rb; else hi |= v << (rb - 64);
                    }
                    Vreg.setQ(c, (t + s) & 31, lo, hi);
                }
            }
        } else {
            if (selem == 1) {
                for (int r = 0; r < rpt; r++) {
                    int v = (t + r) & 31;
                    long a = b + 8L * regWords * r;
                    write8Bytes(c, a, sz, Vreg.lo(c, v));
                    if (q) write8Bytes(c, a + 8, sz, Vreg.hi(c, v));
                }
            } else {
                int bits = 8 << sz, perWord = 64 / bits;
                for (int k = 0; k < words; k++) {
                    long w = 0;
                    for (int j = 0; j < perWord; j++) {
                        int elem = k * perWord + j;  // element index in memory
                        w |= Vreg.elem(c, (t + elem % selem) & 31, elem / selem, sz) << (j * bits);
                    }
                    write8Bytes(c, b + 8L * k, sz, w);
                }
            }
        }
        if (post) {
            int m = (i >>> 16) & 31;
            c.setXOrSp(n, b + (m == 31 ? 8L * words : c.x[m]));
        }
    }

    // ================================================================ single structures

    /**
     * LD1-LD4/ST1-ST4 (single structure): selem elements of one lane, consecutive in memory, to
     * or from registers t..t+selem-1; the other lanes are unchanged.
     */
    static void singleStructure(Cpu c, int i) {
        boolean q = (i & 1 << 30) != 0, load = (i & 1 << 22) != 0, post = (i & 1 << 23) != 0;
        int selem = ((i >>> 12 & 2) | (i >>> 21 & 1)) + 1;
        int scale = (i >>> 14) & 3, s = (i >>> 12) & 1, size = (i >>> 10) & 3, qb = q ? 1 : 0;
        int index;
        switch (scale) {
            case 0: index = qb << 3 | s << 2 | size; break;
            case 1: index = qb << 2 | s << 1 | size >>> 1; break;
            default:
                if ((size & 1) == 0) { index = qb << 1 | s; } else { index = qb; scale = 3; }
                break;
        }
        int t = i & 31, n = (i >>> 5) & 31, eb = 1 << scale;
        long b = base(c, n);
        if (load) {
            long e0 = read(c, b, scale), e1 = 0, e2 = 0, e3 = 0;
            if (selem > 1) e1 = read(c, b + eb, scale);
            if (selem > 2) e2 = read(c, b + 2 * eb, scale);
            if (selem > 3) e3 = read(c, b + 3 * eb, scale);
            Vreg.setElem(c, t, index, scale, e0);
            if (selem > 1) Vreg.setElem(c, (t + 1) & 31, index, scale, e1);
            if (selem > 2) Vreg.setElem(c, (t + 2) & 31, index, scale, e2);
            if (selem > 3) Vreg.setElem(c, (t + 3) & 31, index, scale, e3);
        } else {
            for (int k = 0; k < selem; k++) write(c, b + (long) k * eb, scale, Vreg.elem(c, (t + k) & 31, index, scale));
        }
        if (post) {
            int m = (i >>> 16) & 31;
            c.setXOrSp(n, b + (m == 31 ? (long) selem * eb : c.x[m]));
        }
    }

    /** Copies of an element of size 1 << sz filling 64 bits. */
    static long replicate(long v, int sz) {
        switch (sz) {
            case 0: return (v & 0xFF) * 0x0101_0101_0101_0101L;
            case 1: return (v & 0xFFFF) * 0x0001_0001_0001_0001L;
            case 2: return (v & 0xFFFF_FFFFL) * 0x0000_0001_0000_0001L;
            default: return v;
        }
    }

    /** LD1R-LD4R: one structure, each element replicated to every lane of its register. */
    static void replicateStructure(Cpu c, int i) {
        boolean q = (i & 1 << 30) != 0, post = (i & 1 << 23) != 0;
        int selem = ((i >>> 12 & 2) | (i >>> 21 & 1)) + 1, sz = (i >>> 10) & 3, eb = 1 << sz;
        int t = i & 31, n = (i >>> 5) & 31;
        long b = base(c, n);
        long e0 = read(c, b, sz), e1 = 0, e2 = 0, e3 = 0;
        if (selem > 1) e1 = read(c, b + eb, sz);
        if (selem > 2) e2 = read(c, b + 2 * eb, sz);
        if (selem > 3) e3 = read(c, b + 3 * eb, sz);
        long r0 = replicate(e0, sz);
        Vreg.set(c, t, q, r0, r0);
        if (selem > 1) { long r = replicate(e1, sz); Vreg.set(c, (t + 1) & 31, q, r, r); }
        if (selem > 2) { long r = replicate(e2, sz); Vreg.set(c, (t + 2) & 31, q, r, r); }
        if (selem > 3) { long r = replicate(e3, sz); Vreg.set(c, (t + 3) & 31, q, r, r); }
        if (post) {
            int m = (i >>> 16) & 31;
            c.setXOrSp(n, b + (m == 31 ? (long) selem * eb : c.x[m]));
        }
    }

    // ================================================================ disassembly (objdump syntax)

    private static final String[] SCALAR = {"b", "h", "s", "d", "q"};
    private static final String[] ARR = {"8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"};
    private static final String[] EXTEND = {"uxtb", "uxth", "uxtw", "lsl", "sxtb", "sxth", "sxtw", "sxtx"};

    private static String xsp(int n) { return n == 31 ? "sp" : "x" + n; }

    private static String mnemonic(Row row) {
        String s = row.name;
        int sp = s.indexOf(' ');
        return (sp < 0 ? s : s.substring(0, sp)).toLowerCase(java.util.Locale.ROOT);
    }

    private static String formatSingle(Row row, int i, long pc) {
        int scale = scale(i), n = (i >>> 5) & 31;
        String mn = mnemonic(row), rt = SCALAR[scale] + (i & 31);
        String addr;
        if ((i & 1 << 24) != 0) {  // unsigned offset
            long off = (long) ((i >>> 10) & 0xFFF) << scale;
            addr = off == 0 ? "[" + xsp(n) + "]" : "[" + xsp(n) + ", #" + off + "]";
        } else if ((i & 1 << 21) != 0) {  // register offset
            int option = (i >>> 13) & 7, m = (i >>> 16) & 31;
            boolean s = (i & 1 << 12) != 0;
            String rm = (m == 31 ? ((option & 1) != 0 ? "xzr" : "wzr") : ((option & 1) != 0 ? "x" : "w") + m);
            String ext = option == 3 ? (s ? ", lsl #" + scale : "") : ", " + EXTEND[option] + (s ? " #" + scale : "");
            addr = "[" + xsp(n) + ", " + rm + ext + "]";
        } else {
            long off = (long) (i << 11) >> 23;
            switch ((i >>> 10) & 3) {
                case 1: addr = "[" + xsp(n) + "], #" + off; break;
                case 3: addr = "[" + xsp(n) + ", #" + off + "]!"; break;
                default: addr = off == 0 ? "[" + xsp(n) + "]" : "[" + xsp(n) + ", #" + off + "]"; break;
            }
        }
        return mn + " " + rt + ", " + addr;
    }

    private static String formatLiteral(Row row, int i, long pc) {
        long target = pc + ((long) (i << 8) >> 11 & ~3L);
        return "ldr " + SCALAR[(i >>> 30) + 2] + (i & 31) + ", 0x" + Long.toHexString(target);
    }

    private static String formatPair(Row row, int i, long pc) {
        int scale = (i >>> 30) + 2, n = (i >>> 5) & 31;
        String p = SCALAR[scale];
        long off = ((long) (i << 10) >> 25) << scale;
        String addr;
        switch ((i >>> 23) & 3) {
            case 1: addr = "[" + xsp(n) + "], #" + off; break;
            case 3: addr = "[" + xsp(n) + ", #" + off + "]!"; break;
            default: addr = off == 0 ? "[" + xsp(n) + "]" : "[" + xsp(n) + ", #" + off + "]"; break;
        }
        return mnemonic(row) + " " + p + (i & 31) + ", " + p + ((i >>> 10) & 31) + ", " + addr;
    }

    /** A register list as objdump prints it: a range for 3 or 4 registers that do not wrap. */
    private static String list(int t, int count, String suffix) {
        StringBuilder sb = new StringBuilder("{");
        if (count > 2 && t + count - 1 <= 31) {
            sb.append('v').append(t).append(suffix).append('-').append('v').append(t + count - 1).append(suffix);
        } else {
            for (int k = 0; k < count; k++) {
                if (k > 0) sb.append(", ");
                sb.append('v').append((t + k) & 31).append(suffix);
            }
        }
        return sb.append('}').toString();
    }

    /** The post-index operand: ", #imm" when Rm is 31, else ", Xm"; nothing without post-index. */
    private static String postIndex(int i, long imm) {
        if ((i & 1 << 23) == 0) return "";
        int m = (i >>> 16) & 31;
        return m == 31 ? ", #" + imm : ", x" + m;
    }

    private static String formatMultiple(Row row, int i, long pc) {
        int opcode = (i >>> 12) & 15, q = (i >>> 30) & 1, sz = (i >>> 10) & 3;
        int regs = RPT[opcode] * SELEM[opcode];
        return mnemonic(row) + " " + list(i & 31, regs, "." + ARR[sz * 2 + q]) + ", [" + xsp((i >>> 5) & 31) + "]"
                + postIndex(i, (long) regs << (3 + q));
    }

    private static String formatLane(Row row, int i, long pc) {
        int selem = ((i >>> 12 & 2) | (i >>> 21 & 1)) + 1;
        int scale = (i >>> 14) & 3, s = (i >>> 12) & 1, size = (i >>> 10) & 3, qb = (i >>> 30) & 1, index;
        switch (scale) {
            case 0: index = qb << 3 | s << 2 | size; break;
            case 1: index = qb << 2 | s << 1 | size >>> 1; break;
            default:
                if ((size & 1) == 0) { index = qb << 1 | s; } else { index = qb; scale = 3; }
                break;
        }
        return mnemonic(row) + " " + list(i & 31, selem, "." + SCALAR[scale]) + "[" + index + "], [" + xsp((i >>> 5) & 31) + "]"
                + postIndex(i, (long) selem << scale);
    }

    private static String formatReplicate(Row row, int i, long pc) {
        int selem = ((i >>> 12 & 2) | (i >>> 21 & 1)) + 1, sz = (i >>> 10) & 3, q = (i >>> 30) & 1;
        return mnemonic(row) + " " + list(i & 31, selem, "." + ARR[sz * 2 + q]) + ", [" + xsp((i >>> 5) & 31) + "]"
                + postIndex(i, (long) selem << sz);
    }
}
