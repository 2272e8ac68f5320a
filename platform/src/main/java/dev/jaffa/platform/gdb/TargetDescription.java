package dev.jaffa.platform.gdb;

import dev.jaffa.interp.ArchState;

/**
 * The target description gdb reads with {@code qXfer:features:read:target.xml}: the registers of
 * {@link ArchState#debugRegisters} (the declared architectural state as gdb's AArch64 support names
 * them), the core ones in feature {@code org.gnu.gdb.aarch64.core} (x0..x30, sp, pc, cpsr), the
 * SIMD&FP ones in {@code org.gnu.gdb.aarch64.fpu} (v0..v31, fpsr, fpcr), numbered in that order,
 * which is also the order of the {@code g} packet.
 */
final class TargetDescription {
    private TargetDescription() {}

    /** The registers by gdb's number (regnum, and the {@code p}/{@code P} index). */
    static final ArchState.DebugRegister[] REGS = ArchState.debugRegisters();
    static final int COUNT = REGS.length;

    /** Size in bytes of register {@code n}. */
    static int size(int n) { return REGS[n].bits / 8; }

    static final String XML = build();

    private static String build() {
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n")
         .append("<architecture>aarch64</architecture>\n")
         .append("<feature name=\"org.gnu.gdb.aarch64.core\">\n")
         .append("<flags id=\"cpsr_flags\" size=\"4\">\n");
        // PSTATE as SPSR_ELx holds it (Arm ARM C5.2.18).
        field(s, "SP", 0, 0, "bool");
        field(s, "EL", 2, 3, "uint32");
        field(s, "F", 6, 6, "bool");
        field(s, "I", 7, 7, "bool");
        field(s, "A", 8, 8, "bool");
        field(s, "D", 9, 9, "bool");
        field(s, "IL", 20, 20, "bool");
        field(s, "V", 28, 28, "bool");
        field(s, "C", 29, 29, "bool");
        field(s, "Z", 30, 30, "bool");
        field(s, "N", 31, 31, "bool");
        s.append("</flags>\n");
        regs(s, false);
        s.append("</feature>\n<feature name=\"org.gnu.gdb.aarch64.fpu\">\n");
        // The V registers as gdb's own description shapes them (p $v0.d.u[1], $v0.s.f[2], ...).
        vector(s, "v2d", "ieee_double", 2);
        vector(s, "v2u", "uint64", 2);
        vector(s, "v2i", "int64", 2);
        vector(s, "v4f", "ieee_single", 4);
        vector(s, "v4u", "uint32", 4);
        vector(s, "v4i", "int32", 4);
        vector(s, "v8u", "uint16", 8);
        vector(s, "v8i", "int16", 8);
        vector(s, "v16u", "uint8", 16);
        vector(s, "v16i", "int8", 16);
        vector(s, "v1u", "uint128", 1);
        vector(s, "v1i", "int128", 1);
        union(s, "vnd", "f", "v2d", "u", "v2u", "s", "v2i");
        union(s, "vns", "f", "v4f", "u", "v4u", "s", "v4i");
        union(s, "vnh", "u", "v8u", "s", "v8i");
        union(s, "vnb", "u", "v16u", "s", "v16i");
        union(s, "vnq", "u", "v1u", "s", "v1i");
        union(s, "aarch64v", "d", "vnd", "s", "vns", "h", "vnh", "b", "vnb", "q", "vnq");
        regs(s, true);
        s.append("</feature>\n</target>\n");
        return s.toString();
    }

    private static void field(StringBuilder s, String name, int start, int end, String type) {
        s.append("<field name=\"").append(name).append("\" start=\"").append(start).append("\" end=\"").append(end)
         .append("\" type=\"").append(type).append("\"/>\n");
    }

    /** The core registers, or the SIMD&FP ones; gdb requires each feature's in one block. */
    private static void regs(StringBuilder s, boolean fp) {
        for (int n = 0; n < COUNT; n++) {
            ArchState.DebugRegister r = REGS[n];
            if (r.fp != fp) continue;
            s.append("<reg name=\"").append(r.name).append("\" bitsize=\"").append(r.bits).append("\" type=\"")
             .append(r.type).append("\" regnum=\"").append(n).append("\"/>\n");
        }
    }

    private static void vector(StringBuilder s, String id, String type, int count) {
        s.append("<vector id=\"").append(id).append("\" type=\"").append(type).append("\" count=\"").append(count).append("\"/>\n");
    }

    private static void union(StringBuilder s, String id, String... fields) {
        s.append("<union id=\"").append(id).append("\">\n");
        for (int i = 0; i < fields.length; i += 2) {
            s.append("<field name=\"").append(fields[i]).append("\" type=\"").append(fields[i + 1]).append("\"/>\n");
        }
        s.append("</union>\n");
    }
}
