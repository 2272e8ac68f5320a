package dev.jaffa.interp;

import dev.jaffa.interp.system.SysReg;
import java.util.ArrayList;
import java.util.List;

/**
 * The architectural state of a PE, declared once: every register (or register array) of {@link
 * Cpu} that the architecture defines, by name, with how to read and write it and whether it belongs
 * to an EL1&0 world context. The monitor's world-switch context ({@code CpuContext}), the JIT's
 * lockstep comparison, snapshots, state dumps and the debugger's register map ({@link
 * DebugRegister}) are derived from this list, so state added here cannot be forgotten in one of them. Run control and diagnostics (stop reasons, the recent-PC ring,
 * instruction counts, hooks) are deliberately not in it.
 */
public final class ArchState {
    private ArchState() {}

    /** One register or register array: {@link #size} 64-bit values. */
    public static final class Item {
        public final String name;
        /** Number of 64-bit values. */
        public final int size;
        /** Part of the EL1&0 context a world switch saves and restores. */
        public final boolean world;
        private final int kind, index;

        Item(String name, int size, boolean world, int kind, int index) {
            this.name = name; this.size = size; this.world = world; this.kind = kind; this.index = index;
        }

        /** Copies the item's values from {@code c} into {@code out} at {@code at}. */
        public void save(Cpu c, long[] out, int at) {
            if (kind == K_V || kind == K_FPCR || kind == K_FPSR) c.settleFp();
            switch (kind) {
                case K_X: System.arraycopy(c.x, 0, out, at, 31); break;
                case K_V: System.arraycopy(c.v, 0, out, at, 64); break;
                default: out[at] = get(c); break;
            }
        }

        /** Installs the item's values from {@code in} at {@code at} into {@code c}. */
        public void restore(Cpu c, long[] in, int at) {
            if (kind == K_V) c.fpWritten();
            switch (kind) {
                case K_X: System.arraycopy(in, at, c.x, 0, 31); c.x[31] = 0; break;
                case K_V: System.arraycopy(in, at, c.v, 0, 64); break;
                default: set(c, in[at]); break;
            }
        }

        /** The value of a single-valued item (element 0 of an array item). */
        public long get(Cpu c) {
            if (kind == K_V || kind == K_FPCR || kind == K_FPSR) c.settleFp();
            switch (kind) {
                case K_X: return c.x[0];
                case K_V: return c.v[0];
                case K_PC: return c.pc;
                case K_PSTATE: return c.pstate();
                case K_FPCR: return c.fpcr & 0xFFFF_FFFFL;
                case K_FPSR: return c.fpsr & 0xFFFF_FFFFL;
                case K_SP: return c.spEl[index];
                case K_ELR: return c.elr[index];
                case K_SPSR: return c.spsr[index];
                case K_ESR: return c.esr[index];
                case K_FAR: return c.far[index];
                case K_VBAR: return c.vbar[index];
                case K_SCTLR: return c.sctlr[index];
                case K_TPIDR: return c.tpidr[index];
                case K_TPIDRRO: return c.tpidrroEl0;
                case K_HCR: return c.hcr;
                case K_SECURE: return c.secure ? 1 : 0;
                default: return c.sysregStore[index];
            }
        }

        public void set(Cpu c, long v) {
            if (kind == K_FPCR || kind == K_FPSR) c.fpWritten();
            switch (kind) {
                case K_PC: c.pc = v; break;
                case K_PSTATE: c.setPstate(v); break;
                case K_FPCR: c.fpcr = (int) v; break;
                case K_FPSR: c.fpsr = (int) v; break;
                case K_SP: c.spEl[index] = v; break;
                case K_ELR: c.elr[index] = v; break;
                case K_SPSR: c.spsr[index] = v; break;
                case K_ESR: c.esr[index] = v; break;
                case K_FAR: c.far[index] = v; break;
                case K_VBAR: c.vbar[index] = v; break;
                case K_SCTLR: c.sctlr[index] = v; break;
                case K_TPIDR: c.tpidr[index] = v; break;
                case K_TPIDRRO: c.tpidrroEl0 = v; break;
                case K_HCR: c.hcr = v; break;
                case K_SECURE: c.secure = v != 0; break;
                case K_SYSREG: c.sysregStore[index] = v; break;
                default: throw new IllegalStateException(name + " is an array");
            }
        }

        /** Value {@code k} of the item: an element of X0-X30 or of V0-V31 (as low/high halves), else its value. */
        private long get(Cpu c, int k) {
            if (kind == K_X) return c.x[k];
            if (kind == K_V) { c.settleFp(); return c.v[k]; }
            return get(c);
        }

        private void set(Cpu c, int k, long v) {
            if (kind == K_X) c.x[k] = v;
            else if (kind == K_V) { c.fpWritten(); c.v[k] = v; }
            else set(c, v);
        }

        @Override public String toString() { return name; }
    }

    /**
     * A register as a debugger presents it: a view of an item (an element of an array item, or
     * for {@code sp} the stack pointer PSTATE.SP and the EL select), with gdb's name, width and
     * type. {@link #debugRegisters} lists them in the order of gdb's AArch64 target description,
     * which is also their number in the remote protocol.
     */
    public static final class DebugRegister {
        /** gdb's name ({@code x0}, {@code sp}, {@code cpsr}, {@code v0}, {@code fpsr}, ...). */
        public final String name;
        public final int bits;
        /** gdb's type of the register: {@code int}, {@code data_ptr}, {@code code_ptr}, or a type the description defines. */
        public final String type;
        /** A SIMD&FP register (gdb's feature org.gnu.gdb.aarch64.fpu) rather than a core one. */
        public final boolean fp;
        private final Item item;   // null: the current stack pointer
        private final int element;
        /** The bits a write keeps (FPCR and FPSR have no others). */
        private final long writable;

        DebugRegister(String name, int bits, String type, boolean fp, Item item, int element, long writable) {
            this.name = name; this.bits = bits; this.type = type; this.fp = fp;
            this.item = item; this.element = element; this.writable = writable;
        }

        /** Number of 64-bit words: 2 for a V register (low half first), else 1. */
        public int words() { return (bits + 63) / 64; }

        /** Word {@code w} of the register's value in {@code c}. */
        public long read(Cpu c, int w) {
            long v = item == null ? c.sp() : item.get(c, element + w);
            return bits >= 64 ? v : v & ((1L << bits) - 1);
        }

        /**
         * Writes word {@code w}; false (nothing written) for a PSTATE the PE cannot be in: AArch32,
         * EL3 (firmware is Java) or an EL2 that is not implemented.
         */
        public boolean write(Cpu c, int w, long v) {
            v &= writable;
            if (item == null) { c.setSp(v); return true; }
            if (item.kind == K_PSTATE) {
                int el = (int) (v >>> 2) & 3;
                if ((v & 0x10) != 0 || el == 3 || el == 2 && !c.haveEl2) return false;
                item.set(c, v);
                c.mem.contextChanged();   // the EL, and with it the translation regime, may have changed
                return true;
            }
            item.set(c, element + w, v);
            return true;
        }

        @Override public String toString() { return name; }
    }

    private static final int K_X = 0, K_V = 1, K_PC = 2, K_PSTATE = 3, K_FPCR = 4, K_FPSR = 5, K_SP = 6, K_ELR = 7,
            K_SPSR = 8, K_ESR = 9, K_FAR = 10, K_VBAR = 11, K_SCTLR = 12, K_TPIDR = 13, K_TPIDRRO = 14, K_HCR = 15,
            K_SECURE = 16, K_SYSREG = 17;

    private static final Item[] ALL, WORLD;
    private static final DebugRegister[] DEBUG;
    private static final int WORLD_SIZE;
    /** The world's sysregStore ordinals, copied in one loop after the other world items. */
    private static final int[] WORLD_SYSREGS;

    static {
        List<Item> l = new ArrayList<>();
        l.add(new Item("x0-x30", 31, true, K_X, 0));
        l.add(new Item("v0-v31", 64, true, K_V, 0));
        l.add(new Item("pc", 1, true, K_PC, 0));
        l.add(new Item("pstate", 1, true, K_PSTATE, 0));
        l.add(new Item("fpcr", 1, true, K_FPCR, 0));
        l.add(new Item("fpsr", 1, true, K_FPSR, 0));
        l.add(new Item("secure", 1, true, K_SECURE, 0));
        for (int e = 0; e < 4; e++) l.add(new Item("sp_el" + e, 1, e <= 1, K_SP, e));
        for (int e = 1; e < 4; e++) {
            boolean w = e == 1;
            l.add(new Item("elr_el" + e, 1, w, K_ELR, e));
            l.add(new Item("spsr_el" + e, 1, w, K_SPSR, e));
            l.add(new Item("esr_el" + e, 1, w, K_ESR, e));
            l.add(new Item("far_el" + e, 1, w, K_FAR, e));
            l.add(new Item("vbar_el" + e, 1, w, K_VBAR, e));
            l.add(new Item("sctlr_el" + e, 1, w, K_SCTLR, e));
        }
        for (int e = 0; e < 4; e++) l.add(new Item("tpidr_el" + e, 1, e <= 1, K_TPIDR, e));
        l.add(new Item("tpidrro_el0", 1, true, K_TPIDRRO, 0));
        l.add(new Item("hcr_el2", 1, false, K_HCR, 0));
        // Registers without behaviour of their own live in sysregStore. The EL1 translation,
        // control and context registers are a world's (what TF-A's EL1 context holds); the PMU
        // and debug registers belong to the PE and are shared by both worlds.
        java.util.Set<SysReg> world = java.util.EnumSet.of(SysReg.TTBR0_EL1, SysReg.TTBR1_EL1, SysReg.TCR_EL1,
                SysReg.MAIR_EL1, SysReg.AMAIR_EL1, SysReg.PAR_EL1, SysReg.CONTEXTIDR_EL1, SysReg.CPACR_EL1,
                SysReg.ACTLR_EL1, SysReg.AFSR0_EL1, SysReg.AFSR1_EL1, SysReg.CSSELR_EL1, SysReg.MDSCR_EL1);
        for (SysReg r : SysReg.values()) {
            l.add(new Item(r.name().toLowerCase(java.util.Locale.ROOT), 1, world.contains(r), K_SYSREG, r.ordinal()));
        }
        ALL = l.toArray(new Item[0]);
        // The debugger's view: gdb's AArch64 core registers (x0-x30, sp, pc, cpsr), then its SIMD&FP
        // ones (v0-v31, fpsr, fpcr), as its target description numbers them.
        List<DebugRegister> d = new ArrayList<>();
        for (int i = 0; i < 31; i++) d.add(new DebugRegister("x" + i, 64, "int", false, named(l, "x0-x30"), i, -1));
        d.add(new DebugRegister("sp", 64, "data_ptr", false, null, 0, -1));
        d.add(new DebugRegister("pc", 64, "code_ptr", false, named(l, "pc"), 0, -1));
        d.add(new DebugRegister("cpsr", 32, "cpsr_flags", false, named(l, "pstate"), 0, -1));
        for (int i = 0; i < 32; i++) d.add(new DebugRegister("v" + i, 128, "aarch64v", true, named(l, "v0-v31"), 2 * i, -1));
        d.add(new DebugRegister("fpsr", 32, "int", true, named(l, "fpsr"), 0, Cpu.FPSR_MASK & 0xFFFF_FFFFL));
        d.add(new DebugRegister("fpcr", 32, "int", true, named(l, "fpcr"), 0, Cpu.FPCR_MASK));
        DEBUG = d.toArray(new DebugRegister[0]);
        List<Item> w = new ArrayList<>();
        List<Integer> sys = new ArrayList<>();
        int size = 0;
        for (Item i : ALL) {
            if (!i.world) continue;
            if (i.kind == K_SYSREG) sys.add(i.index); else w.add(i);
            size += i.size;
        }
        WORLD = w.toArray(new Item[0]);
        WORLD_SIZE = size;
        WORLD_SYSREGS = sys.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Item named(List<Item> items, String name) {
        for (Item i : items) if (i.name.equals(name)) return i;
        throw new IllegalStateException("no item " + name);
    }

    /** Every item, in declaration order. */
    public static Item[] items() { return ALL.clone(); }

    /** The registers a debugger sees, in gdb's numbering. */
    public static DebugRegister[] debugRegisters() { return DEBUG.clone(); }

    /**
     * Length of a world context array: the values {@link #saveWorld} writes, then the generation of
     * its SIMD&FP values (see {@link Cpu#fpAccess}).
     */
    public static int worldSize() { return WORLD_SIZE + 1; }

    private static final int V = 31, FPCR = 97, FPSR = 98, FP_GENERATION = WORLD_SIZE;
    /** Generations of SIMD&FP values saved into world context arrays; 0 is never one. */
    private static long fpGenerations;

    /**
     * Saves the EL1&0 world context of {@code c} into {@code out} (length {@link #worldSize}).
     * SIMD&FP values are copied only when {@code out} does not hold them already.
     */
    public static void saveWorld(Cpu c, long[] out) {
        // Straight-line copies of the world items in declaration order (FAST_PATH_ORDER, checked
        // against the declaration when the class initialises): every FF-A call switches worlds.
        System.arraycopy(c.x, 0, out, 0, 31);
        long[] pending = c.fpPending;
        if (pending != null) {
            // The running context never touched its SIMD&FP values: they are still in pending.
            if (pending != out) {
                System.arraycopy(pending, V, out, V, 64);
                out[FPCR] = pending[FPCR];
                out[FPSR] = pending[FPSR];
                out[FP_GENERATION] = ++fpGenerations;
            }
        } else if (!c.fpClean || c.fpLoadedFrom != out || out[FP_GENERATION] != c.fpLoadedGeneration) {
            System.arraycopy(c.v, 0, out, V, 64);
            out[FPCR] = c.fpcr & 0xFFFF_FFFFL;
            out[FPSR] = c.fpsr & 0xFFFF_FFFFL;
            out[FP_GENERATION] = c.fpLoadedGeneration = ++fpGenerations;
            c.fpLoadedFrom = out;
            c.fpClean = true;
        }
        out[95] = c.pc;
        out[96] = c.pstate();
        out[99] = c.secure ? 1 : 0;
        out[100] = c.spEl[0];
        out[101] = c.spEl[1];
        out[102] = c.elr[1];
        out[103] = c.spsr[1];
        out[104] = c.esr[1];
        out[105] = c.far[1];
        out[106] = c.vbar[1];
        out[107] = c.sctlr[1];
        out[108] = c.tpidr[0];
        out[109] = c.tpidr[1];
        out[110] = c.tpidrroEl0;
        long[] store = c.sysregStore;
        out[111] = store[S0]; out[112] = store[S1]; out[113] = store[S2]; out[114] = store[S3];
        out[115] = store[S4]; out[116] = store[S5]; out[117] = store[S6]; out[118] = store[S7];
        out[119] = store[S8]; out[120] = store[S9]; out[121] = store[S10]; out[122] = store[S11];
        out[123] = store[S12];
    }

    /**
     * Restores a context saved by {@link #saveWorld}. Its SIMD&FP values are loaded when an
     * instruction first uses them ({@link Cpu#fpAccess}), unless the registers hold them already.
     */
    public static void restoreWorld(Cpu c, long[] in) { restoreWorld(c, in, in, 0); }

    /**
     * {@link #restoreWorld(Cpu, long[])} with x0..x{@code n-1} taken from {@code args} instead:
     * a world switch that delivers a call's or a return's registers (the SPMC's) writes them once.
     */
    public static void restoreWorld(Cpu c, long[] in, long[] args, int n) {
        System.arraycopy(args, 0, c.x, 0, n);
        System.arraycopy(in, n, c.x, n, 31 - n);
        c.x[31] = 0;
        // Whatever the registers hold is saved (or abandoned, as an eager copy would overwrite it).
        boolean holdsIn = c.fpClean && c.fpLoadedFrom == in && in[FP_GENERATION] == c.fpLoadedGeneration;
        c.fpPending = holdsIn ? null : in;
        c.pc = in[95];
        c.setPstate(in[96]);
        c.secure = in[99] != 0;
        c.spEl[0] = in[100];
        c.spEl[1] = in[101];
        c.elr[1] = in[102];
        c.spsr[1] = in[103];
        c.esr[1] = in[104];
        c.far[1] = in[105];
        c.vbar[1] = in[106];
        c.sctlr[1] = in[107];
        c.tpidr[0] = in[108];
        c.tpidr[1] = in[109];
        c.tpidrroEl0 = in[110];
        long[] store = c.sysregStore;
        store[S0] = in[111]; store[S1] = in[112]; store[S2] = in[113]; store[S3] = in[114];
        store[S4] = in[115]; store[S5] = in[116]; store[S6] = in[117]; store[S7] = in[118];
        store[S8] = in[119]; store[S9] = in[120]; store[S10] = in[121]; store[S11] = in[122];
        store[S12] = in[123];
    }

    /** Loads the SIMD&FP values of {@link Cpu#fpPending} into the registers. */
    static void loadPendingFp(Cpu c) {
        long[] in = c.fpPending;
        System.arraycopy(in, V, c.v, 0, 64);
        c.fpcr = (int) in[FPCR];
        c.fpsr = (int) in[FPSR];
        c.fpLoadedFrom = in;
        c.fpLoadedGeneration = in[FP_GENERATION];
        c.fpClean = true;
        c.fpPending = null;
    }

    /** The world items {@link #saveWorld} and {@link #restoreWorld} copy one by one, in order. */
    private static final String[] FAST_PATH_ORDER = {"x0-x30", "v0-v31", "pc", "pstate", "fpcr", "fpsr", "secure",
        "sp_el0", "sp_el1", "elr_el1", "spsr_el1", "esr_el1", "far_el1", "vbar_el1", "sctlr_el1", "tpidr_el0", "tpidr_el1",
        "tpidrro_el0"};
    private static final int FAST_PATH_SIZE = 111;

    static {
        // The declaration is the authority: a world item added without the copies above stops here.
        String[] names = new String[WORLD.length];
        int size = 0;
        for (int i = 0; i < WORLD.length; i++) { names[i] = WORLD[i].name; size += WORLD[i].size; }
        if (!java.util.Arrays.equals(names, FAST_PATH_ORDER) || size != FAST_PATH_SIZE
                || WORLD_SYSREGS.length != 13 || FAST_PATH_SIZE + WORLD_SYSREGS.length != WORLD_SIZE) {
            throw new ExceptionInInitializerError("ArchState's world items " + java.util.Arrays.toString(names)
                    + " differ from the world-switch copies " + java.util.Arrays.toString(FAST_PATH_ORDER)
                    + " and its 13 system registers");
        }
    }

    /**
     * The world's sysregStore ordinals as constants (WORLD_SYSREGS in order), so the copies above
     * are straight-line code with constant indices: the loop over the ordinal table was a tenth of
     * an FF-A round trip.
     */
    private static final int S0 = WORLD_SYSREGS[0], S1 = WORLD_SYSREGS[1], S2 = WORLD_SYSREGS[2], S3 = WORLD_SYSREGS[3],
            S4 = WORLD_SYSREGS[4], S5 = WORLD_SYSREGS[5], S6 = WORLD_SYSREGS[6], S7 = WORLD_SYSREGS[7],
            S8 = WORLD_SYSREGS[8], S9 = WORLD_SYSREGS[9], S10 = WORLD_SYSREGS[10], S11 = WORLD_SYSREGS[11],
            S12 = WORLD_SYSREGS[12];

    /** Offset of the named world item's first value in a {@link #saveWorld} array, or -1. */
    public static int worldOffset(String name) {
        int at = 0;
        for (Item i : WORLD) {
            if (i.name.equals(name)) return at;
            at += i.size;
        }
        for (int r : WORLD_SYSREGS) {
            if (SysReg.values()[r].name().toLowerCase(java.util.Locale.ROOT).equals(name)) return at;
            at++;
        }
        return -1;
    }

    /** Names and values of every item where {@code a} and {@code b} differ, or an empty string. */
    public static String differences(Cpu a, Cpu b) {
        StringBuilder sb = new StringBuilder();
        long[] va = new long[64], vb = new long[64];
        for (Item i : ALL) {
            i.save(a, va, 0);
            i.save(b, vb, 0);
            for (int k = 0; k < i.size; k++) {
                if (va[k] != vb[k]) {
                    String n = i.size == 1 ? i.name : i.kind == K_X ? "x" + k : "v" + (k / 2) + (k % 2 == 0 ? ".lo" : ".hi");
                    sb.append(String.format(" %s 0x%x/0x%x;", n, va[k], vb[k]));
                }
            }
        }
        return sb.toString();
    }
}
