package dev.jaffa.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a flattened device tree blob (Devicetree Specification v0.4, chapter 5: version 17,
 * last compatible version 16). Nodes are opened and closed in order, as in a .dts file:
 * <pre>
 *   Fdt f = new Fdt();
 *   f.beginNode("");                       // the root node has an empty name
 *   f.propertyU32("#address-cells", 2);
 *   f.beginNode("memory@40000000"); ... f.endNode();
 *   f.endNode();
 *   byte[] dtb = f.finish();
 * </pre>
 * {@link #parse} reads a blob back into an {@link FdtNode} tree (for --dtb files the platform
 * patches, e.g. /chosen). Host-side input: malformed blobs raise {@link IllegalArgumentException}.
 */
public final class Fdt {
    // Header and structure-block tokens, spec §5.2 and §5.4.1.
    static final int FDT_MAGIC = 0xd00dfeed;
    static final int FDT_BEGIN_NODE = 0x1;
    static final int FDT_END_NODE = 0x2;
    static final int FDT_PROP = 0x3;
    static final int FDT_NOP = 0x4;
    static final int FDT_END = 0x9;
    static final int VERSION = 17;
    static final int LAST_COMP_VERSION = 16;
    static final int HEADER_SIZE = 40;

    private final ByteArrayOutputStream struct = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private final List<long[]> reservations = new ArrayList<>();
    private int depth;
    private boolean rootClosed;
    private int nextPhandle = 1;
    private int bootCpuidPhys;

    /** Adds a /memreserve/ entry (spec §5.3). */
    public Fdt addReservation(long address, long size) {
        reservations.add(new long[] {address, size});
        return this;
    }

    /** The physical ID of the boot CPU (header field boot_cpuid_phys). */
    public Fdt bootCpuidPhys(int id) {
        bootCpuidPhys = id;
        return this;
    }

    /** A fresh phandle value, unique within this tree (spec §2.3.3: any u32 but 0 and ~0). */
    public int allocatePhandle() {
        return nextPhandle++;
    }

    /** Makes sure {@link #allocatePhandle} never returns {@code used} or anything below it. */
    public void reservePhandle(int used) {
        if (Integer.compareUnsigned(used, nextPhandle) >= 0) nextPhandle = used + 1;
    }

    /** Allocates a phandle and writes it as the "phandle" property of the open node. */
    public int phandle() {
        int p = allocatePhandle();
        propertyU32("phandle", p);
        return p;
    }

    public Fdt beginNode(String name) {
        if (rootClosed) throw new IllegalStateException("the root node is already closed");
        if (depth == 0 && !name.isEmpty()) throw new IllegalArgumentException("the root node's name is empty");
        if (depth > 0 && (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("bad node name: " + name);
        }
        token(FDT_BEGIN_NODE);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        struct.write(n, 0, n.length);
        struct.write(0);
        pad4();
        depth++;
        return this;
    }

    public Fdt endNode() {
        if (depth == 0) throw new IllegalStateException("no open node");
        token(FDT_END_NODE);
        if (--depth == 0) rootClosed = true;
        return this;
    }

    public Fdt property(String name, byte[] value) {
        if (depth == 0) throw new IllegalStateException("property outside a node: " + name);
        token(FDT_PROP);
        be32(struct, value.length);
        be32(struct, stringOffset(name));
        struct.write(value, 0, value.length);
        pad4();
        return this;
    }

    /** A property with no value, e.g. "dma-coherent" or "interrupt-controller". */
    public Fdt propertyEmpty(String name) {
        return property(name, new byte[0]);
    }

    /** One or more big-endian 32-bit cells. */
    public Fdt propertyU32(String name, int... cells) {
        return property(name, cells(cells));
    }

    /** One or more 64-bit values, each as two big-endian cells (high, low). */
    public Fdt propertyU64(String name, long... values) {
        int[] c = new int[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            c[2 * i] = (int) (values[i] >>> 32);
            c[2 * i + 1] = (int) values[i];
        }
        return propertyU32(name, c);
    }

    public Fdt propertyString(String name, String value) {
        return propertyStrings(name, value);
    }

    /** A string list (spec §2.2.4): each string NUL-terminated, concatenated. */
    public Fdt propertyStrings(String name, String... values) {
        return property(name, stringList(values));
    }

    /** The finished blob. The root node must have been opened and closed. */
    public byte[] finish() {
        if (!rootClosed) throw new IllegalStateException("the root node is not closed");
        token(FDT_END);
        byte[] st = struct.toByteArray();
        byte[] sp = strings.toByteArray();
        int rsvOff = HEADER_SIZE;                                  // 8-aligned (§5.3)
        int structOff = rsvOff + 16 * (reservations.size() + 1);   // 4-aligned (§5.4)
        int stringsOff = structOff + st.length;
        int total = stringsOff + sp.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        be32(out, FDT_MAGIC);
        be32(out, total);
        be32(out, structOff);
        be32(out, stringsOff);
        be32(out, rsvOff);
        be32(out, VERSION);
        be32(out, LAST_COMP_VERSION);
        be32(out, bootCpuidPhys);
        be32(out, sp.length);
        be32(out, st.length);
        for (long[] r : reservations) {
            be64(out, r[0]);
            be64(out, r[1]);
        }
        be64(out, 0);
        be64(out, 0);
        out.write(st, 0, st.length);
        out.write(sp, 0, sp.length);
        return out.toByteArray();
    }

    // Property names are stored once in the strings block and referred to by offset (§5.5).
    private int stringOffset(String name) {
        Integer off = stringOffsets.get(name);
        if (off == null) {
            off = strings.size();
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            strings.write(b, 0, b.length);
            strings.write(0);
            stringOffsets.put(name, off);
        }
        return off;
    }

    private void token(int t) {
        be32(struct, t);
    }

    private void pad4() {
        while ((struct.size() & 3) != 0) struct.write(0);
    }

    static byte[] cells(int... cells) {
        byte[] b = new byte[cells.length * 4];
        for (int i = 0; i < cells.length; i++) putBe32(b, 4 * i, cells[i]);
        return b;
    }

    static byte[] stringList(String... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) {
            byte[] s = v.getBytes(StandardCharsets.UTF_8);
            b.write(s, 0, s.length);
            b.write(0);
        }
        return b.toByteArray();
    }

    static void putBe32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int getBe32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | b[off + 3] & 0xff;
    }

    private static void be32(ByteArrayOutputStream o, int v) {
        o.write(v >>> 24);
        o.write(v >>> 16);
        o.write(v >>> 8);
        o.write(v);
    }

    private static void be64(ByteArrayOutputStream o, long v) {
        be32(o, (int) (v >>> 32));
        be32(o, (int) v);
    }

    // ---- reader ----

    /**
     * Parses a blob (version 16 or later) into its root node; the memory reservations and
     * boot_cpuid_phys are kept on the root so {@link FdtNode#toBlob()} writes them back.
     */
    public static FdtNode parse(byte[] blob) {
        if (blob.length < HEADER_SIZE || getBe32(blob, 0) != FDT_MAGIC) {
            throw new IllegalArgumentException("not a flattened device tree (bad magic)");
        }
        int total = getBe32(blob, 4);
        int structOff = getBe32(blob, 8);
        int stringsOff = getBe32(blob, 12);
        int rsvOff = getBe32(blob, 16);
        int version = getBe32(blob, 20);
        int lastComp = getBe32(blob, 24);
        int stringsSize = getBe32(blob, 32);
        int structSize = getBe32(blob, 36);
        if (lastComp > VERSION || version < 16) {
            throw new IllegalArgumentException("unsupported FDT version " + version + " (last compatible " + lastComp + ")");
        }
        if (total < 0 || total > blob.length) throw new IllegalArgumentException("FDT totalsize beyond the blob");
        if (version < 17) structSize = total - structOff;   // size_dt_struct arrived with v17
        checkRange(structOff, structSize, total, "structure block");
        checkRange(stringsOff, stringsSize, total, "strings block");
        checkRange(rsvOff, 16, total, "memory reservation block");

        List<long[]> rsv = new ArrayList<>();
        for (int p = rsvOff; ; p += 16) {
            checkRange(p, 16, total, "memory reservation block");
            long addr = (long) getBe32(blob, p) << 32 | getBe32(blob, p + 4) & 0xffffffffL;
            long size = (long) getBe32(blob, p + 8) << 32 | getBe32(blob, p + 12) & 0xffffffffL;
            if (addr == 0 && size == 0) break;
            rsv.add(new long[] {addr, size});
        }

        List<FdtNode> stack = new ArrayList<>();
        FdtNode top = null;
        int p = structOff, end = structOff + structSize;
        while (true) {
            if (p + 4 > end) throw new IllegalArgumentException("structure block ends without FDT_END");
            int tok = getBe32(blob, p);
            p += 4;
            switch (tok) {
                case FDT_BEGIN_NODE -> {
                    int z = p;
                    while (z < end && blob[z] != 0) z++;
                    if (z >= end) throw new IllegalArgumentException("unterminated node name");
                    String name = new String(blob, p, z - p, StandardCharsets.UTF_8);
                    p = align4(z + 1);
                    FdtNode n = new FdtNode(name);
                    if (stack.isEmpty()) {
                        if (top != null) throw new IllegalArgumentException("more than one root node");
                        top = n;
                    } else {
                        stack.get(stack.size() - 1).children().add(n);
                    }
                    stack.add(n);
                }
                case FDT_END_NODE -> {
                    if (stack.isEmpty()) throw new IllegalArgumentException("unbalanced FDT_END_NODE");
                    stack.remove(stack.size() - 1);
                }
                case FDT_PROP -> {
                    if (stack.isEmpty() || p + 8 > end) throw new IllegalArgumentException("misplaced FDT_PROP");
                    int len = getBe32(blob, p), nameOff = getBe32(blob, p + 4);
                    p += 8;
                    checkRange(p, len, end, "property value");
                    if (nameOff < 0 || nameOff >= stringsSize) throw new IllegalArgumentException("bad property name offset");
                    int s = stringsOff + nameOff, z = s;
                    while (z < stringsOff + stringsSize && blob[z] != 0) z++;
                    if (z >= stringsOff + stringsSize) throw new IllegalArgumentException("unterminated property name");
                    String name = new String(blob, s, z - s, StandardCharsets.UTF_8);
                    byte[] v = java.util.Arrays.copyOfRange(blob, p, p + len);
                    stack.get(stack.size() - 1).properties().put(name, v);
                    p = align4(p + len);
                }
                case FDT_NOP -> { }
                case FDT_END -> {
                    if (top == null || !stack.isEmpty()) throw new IllegalArgumentException("FDT_END inside a node or before the root");
                    top.reservations().addAll(rsv);
                    top.bootCpuidPhys = getBe32(blob, 28);
                    return top;
                }
                default -> throw new IllegalArgumentException("bad structure token 0x" + Integer.toHexString(tok));
            }
        }
    }

    private static int align4(int x) {
        return (x + 3) & ~3;
    }

    private static void checkRange(int off, int len, int limit, String what) {
        if (off < 0 || len < 0 || (long) off + len > limit) throw new IllegalArgumentException(what + " out of bounds");
    }
}
