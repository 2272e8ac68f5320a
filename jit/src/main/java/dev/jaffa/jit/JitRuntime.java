package dev.jaffa.jit;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.integer.Alu;
import dev.jaffa.interp.memory.Memory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Small static methods the generated code calls; HotSpot inlines them. The memory accessors are
 * the hit paths of {@link Memory}'s read8..write64 (same slot, same tag test including alignment,
 * little-endian accesses); a miss enters the page in the TLB where that cannot fault ({@link
 * #lookupOrFill}), anything else is handled by the caller leaving the block so the interpreter
 * performs the access through Memory's slow path.
 */
public final class JitRuntime {
    private JitRuntime() {}

    static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static int slot(long va) { return (int) (va >>> 12) & Memory.TLB_MASK; }

    // The hit paths read the TLB arrays and the page with Unsafe, without the JVM's index checks
    // (and without touching a page's array header), where that is known to be in bounds: the TLB
    // arrays are Memory's, always TLB_SIZE long, and the slot is masked to TLB_SIZE - 1; a tag hit
    // means the slot's page is non-null and (Memory only enters pages of at least PAGE_SIZE bytes)
    // holds the naturally aligned access at (va & OFFSET_MASK). Unsafe accesses are in native byte
    // order, so a big-endian host takes the VarHandle path instead (a constant: C2 folds it). So
    // does JDK 23 and later, where sun.misc.Unsafe's memory access is deprecated for removal and
    // warns on first use (JEP 471, JEP 498): Jaffa must run cleanly on 21 and 25 too.
    private static final sun.misc.Unsafe U;
    private static final long LONGS, REFS, REF_SCALE, BYTES;
    private static final boolean FAST = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            && Runtime.version().feature() < 23;

    static {
        sun.misc.Unsafe u = null;
        long longs = 0, refs = 0, refScale = 0, bytes = 0;
        if (FAST) {
            try {
                java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                u = (sun.misc.Unsafe) f.get(null);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
            longs = u.arrayBaseOffset(long[].class);
            refs = u.arrayBaseOffset(byte[][].class);
            refScale = u.arrayIndexScale(byte[][].class);
            bytes = u.arrayBaseOffset(byte[].class);
            if (u.arrayIndexScale(long[].class) != 8 || u.arrayIndexScale(byte[].class) != 1) throw new ExceptionInInitializerError("array layout");
        }
        U = u;
        LONGS = longs;
        REFS = refs;
        REF_SCALE = refScale;
        BYTES = bytes;
    }

    /**
     * As {@link #lookup}, but a naturally aligned access that misses asks Memory to enter its page
     * ({@link Memory#probeData}): the block leaves only when the access must fault or take the slow
     * path, not each time a page is not cached.
     */
    public static byte[] lookupOrFill(Memory m, long[] tags, byte[][] pages, long va, long mask, boolean write) {
        byte[] p = lookup(tags, pages, va, mask);
        if (p != null || (va & mask & ~Memory.PAGE_MASK) != 0) return p;
        return m.probeData(va, write);
    }

    /** The page of the access at va when it hits the TLB (compare mask {@code PAGE_MASK | size-1}), else null. */
    public static byte[] lookup(long[] tags, byte[][] pages, long va, long mask) {
        int i = slot(va);
        if (!FAST) return (va & mask) == tags[i] ? pages[i] : null;
        if ((va & mask) != U.getLong(tags, LONGS + ((long) i << 3))) return null;
        return (byte[]) U.getObject(pages, REFS + i * REF_SCALE);
    }

    private static long off(long va) { return BYTES + ((int) va & Memory.OFFSET_MASK); }

    // Loads and stores at va in the page of a hit (at least PAGE_SIZE bytes, access naturally aligned).
    public static long ld8(byte[] p, long va) {
        if (!FAST) return p[(int) va & Memory.OFFSET_MASK] & 0xFF;
        return U.getByte(p, off(va)) & 0xFF;
    }
    public static long ld16(byte[] p, long va) {
        if (!FAST) return (short) LE16.get(p, (int) va & Memory.OFFSET_MASK) & 0xFFFF;
        return U.getShort(p, off(va)) & 0xFFFF;
    }
    public static long ld32(byte[] p, long va) {
        if (!FAST) return (int) LE32.get(p, (int) va & Memory.OFFSET_MASK) & 0xFFFF_FFFFL;
        return U.getInt(p, off(va)) & 0xFFFF_FFFFL;
    }
    public static long ld64(byte[] p, long va) {
        if (!FAST) return (long) LE64.get(p, (int) va & Memory.OFFSET_MASK);
        return U.getLong(p, off(va));
    }

    public static void st8(byte[] p, long va, long v) {
        if (!FAST) p[(int) va & Memory.OFFSET_MASK] = (byte) v;
        else U.putByte(p, off(va), (byte) v);
    }
    public static void st16(byte[] p, long va, long v) {
        if (!FAST) LE16.set(p, (int) va & Memory.OFFSET_MASK, (short) v);
        else U.putShort(p, off(va), (short) v);
    }
    public static void st32(byte[] p, long va, long v) {
        if (!FAST) LE32.set(p, (int) va & Memory.OFFSET_MASK, (int) v);
        else U.putInt(p, off(va), (int) v);
    }
    public static void st64(byte[] p, long va, long v) {
        if (!FAST) LE64.set(p, (int) va & Memory.OFFSET_MASK, v);
        else U.putLong(p, off(va), v);
    }

    // ---- lazy NZCV --------------------------------------------------------------------------
    // Inside a block the flags live as (kind, a, b, r): the operands and result of the last
    // flag-setting instruction. They become the 4-bit NZCV value only where something reads them
    // as such (exits, conditions the translator cannot evaluate from the operands directly).

    /** NZCV already computed, in r. */
    public static final int K_NZCV = 0;
    /** a + b + carry = r (b already inverted for SBC); 64- and 32-bit. */
    public static final int K_ADD64 = 1, K_ADD32 = 2;
    /** a - b = r (SUBS, CMP, CCMP); 64- and 32-bit. */
    public static final int K_SUB64 = 3, K_SUB32 = 4;
    /** Logical result r (ANDS, BICS, TST): C = V = 0. */
    public static final int K_LOGIC64 = 5, K_LOGIC32 = 6;

    /** The NZCV value of a lazy flag state, with the interpreter's flag functions. */
    public static int nzcv(int kind, long a, long b, long r) {
        switch (kind) {
            case K_ADD64: return Alu.addFlags64(a, b, r);
            case K_ADD32: return Alu.addFlags32((int) a, (int) b, (int) r);
            case K_SUB64: return Alu.addFlags64(a, ~b, r);
            case K_SUB32: return Alu.addFlags32((int) a, ~(int) b, (int) r);
            case K_LOGIC64: return Alu.logicFlags64(r);
            case K_LOGIC32: return Alu.logicFlags32((int) r);
            default: return (int) r;
        }
    }

    // ---- division: the interpreter's results for a zero divisor (0) and for MIN / -1 (MIN) -----

    public static long udiv64(long a, long b) { return b == 0 ? 0 : Long.divideUnsigned(a, b); }
    public static long sdiv64(long a, long b) { return b == 0 ? 0 : a / b; }
    public static long udiv32(long a, long b) { return (int) b == 0 ? 0 : Integer.divideUnsigned((int) a, (int) b) & 0xFFFF_FFFFL; }
    public static long sdiv32(long a, long b) { return (int) b == 0 ? 0 : ((int) a / (int) b) & 0xFFFF_FFFFL; }

    /**
     * The bookkeeping of a region exit: sets insnCount, curPc and curInsn, and records the exit so
     * {@link Cpu#recentPcs()} can show the region's instructions ({@link RegionExits}). The current
     * run executed {@code xj} instructions ending before slot {@code xg}; {@code p1}/{@code p2} is
     * the path history of the jumps before it; {@code cnt} counts the instructions before the
     * current run, {@code entryCount} those before the region was entered.
     */
    public static void leave(Cpu c, RegionInfo info, int xg, int xj, long p1, long p2, long entryCount, long cnt) {
        long n = cnt + xj;
        c.insnCount = n;
        int last = xj > 0 ? xg - 1 : (int) (p1 & 0xFF) - 1;
        c.curPc = info.pcs[last];
        c.curInsn = info.words[last];
        if (n != entryCount) ((RegionExits) c.deferredRecentPcs).record(info, xg, xj, p1, p2, entryCount, n);
    }
}
