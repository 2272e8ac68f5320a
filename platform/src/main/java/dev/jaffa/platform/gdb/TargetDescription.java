package dev.jaffa.platform.gdb;

/**
 * The target description gdb reads with {@code qXfer:features:read:target.xml}: the features gdb's
 * AArch64 support requires by name ({@code org.gnu.gdb.aarch64.core}: x0..x30, sp, pc, cpsr;
 * {@code org.gnu.gdb.aarch64.fpu}: v0..v31, fpsr, fpcr), numbered 0..67 in that order, which is
 * also the order of the {@code g} packet.
 */
final class TargetDescription {
    private TargetDescription() {}

    /** Register numbers (gdb's regnum and the {@code p}/{@code P} index). */
    static final int SP = 31, PC = 32, CPSR = 33, V0 = 34, FPSR = 66, FPCR = 67, COUNT = 68;

    /** Size in bytes of register {@code n}. */
    static int size(int n) {
        if (n < CPSR) return 8;
        if (n == CPSR || n >= FPSR) return 4;
        return 16;
    }

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
        for (int i = 0; i <= 30; i++) reg(s, "x" + i, 64, "int", i);
        reg(s, "sp", 64, "data_ptr", SP);
        reg(s, "pc", 64, "code_ptr", PC);
        reg(s, "cpsr", 32, "cpsr_flags", CPSR);
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
        for (int i = 0; i < 32; i++) reg(s, "v" + i, 128, "aarch64v", V0 + i);
        reg(s, "fpsr", 32, "int", FPSR);
        reg(s, "fpcr", 32, "int", FPCR);
        s.append("</feature>\n</target>\n");
        return s.toString();
    }

    private static void field(StringBuilder s, String name, int start, int end, String type) {
        s.append("<field name=\"").append(name).append("\" start=\"").append(start).append("\" end=\"").append(end)
         .append("\" type=\"").append(type).append("\"/>\n");
    }

    private static void reg(StringBuilder s, String name, int bits, String type, int regnum) {
        s.append("<reg name=\"").append(name).append("\" bitsize=\"").append(bits).append("\" type=\"").append(type)
         .append("\" regnum=\"").append(regnum).append("\"/>\n");
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
