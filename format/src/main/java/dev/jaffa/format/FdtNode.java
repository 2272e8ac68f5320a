package dev.jaffa.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a parsed device tree: a name ("" for the root), properties in blob order and
 * children in blob order. Mutable, so the platform can add /chosen/bootargs and the initrd
 * range to a user's --dtb and write it back with {@link #toBlob()}.
 */
public final class FdtNode {
    private final String name;
    private final LinkedHashMap<String, byte[]> properties = new LinkedHashMap<>();
    private final List<FdtNode> children = new ArrayList<>();
    private final List<long[]> reservations = new ArrayList<>();
    int bootCpuidPhys;

    public FdtNode(String name) {
        this.name = name;
    }

    public String name() { return name; }

    /** Properties by name, in order; values are the raw big-endian bytes. */
    public Map<String, byte[]> properties() { return properties; }

    public List<FdtNode> children() { return children; }

    /** Memory reservations (meaningful on the root only): {address, size} pairs. */
    public List<long[]> reservations() { return reservations; }

    public byte[] property(String prop) { return properties.get(prop); }

    /** The child called {@code childName} (full name including any unit address), or null. */
    public FdtNode child(String childName) {
        for (FdtNode c : children) if (c.name.equals(childName)) return c;
        return null;
    }

    /** The child called {@code childName}, created (last) if absent. */
    public FdtNode childOrAdd(String childName) {
        FdtNode c = child(childName);
        if (c == null) children.add(c = new FdtNode(childName));
        return c;
    }

    /** The node at an absolute path such as "/chosen" below this (root) node, or null. */
    public FdtNode find(String path) {
        FdtNode n = this;
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            n = n.child(part);
            if (n == null) return null;
        }
        return n;
    }

    public FdtNode setProperty(String prop, byte[] value) {
        properties.put(prop, value.clone());
        return this;
    }

    public FdtNode setPropertyU32(String prop, int... cells) { return setProperty(prop, Fdt.cells(cells)); }

    public FdtNode setPropertyU64(String prop, long... values) {
        int[] c = new int[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            c[2 * i] = (int) (values[i] >>> 32);
            c[2 * i + 1] = (int) values[i];
        }
        return setPropertyU32(prop, c);
    }

    public FdtNode setPropertyString(String prop, String value) { return setProperty(prop, Fdt.stringList(value)); }

    public FdtNode setPropertyStrings(String prop, String... values) { return setProperty(prop, Fdt.stringList(values)); }

    public FdtNode removeProperty(String prop) {
        properties.remove(prop);
        return this;
    }

    /** The property as a single string (without its NUL), or null if absent. */
    public String propertyString(String prop) {
        byte[] v = properties.get(prop);
        if (v == null) return null;
        int n = v.length;
        if (n > 0 && v[n - 1] == 0) n--;
        return new String(v, 0, n, StandardCharsets.UTF_8);
    }

    /** The property as big-endian cells, or null if absent or not a whole number of cells. */
    public int[] propertyU32(String prop) {
        byte[] v = properties.get(prop);
        if (v == null || (v.length & 3) != 0) return null;
        int[] c = new int[v.length / 4];
        for (int i = 0; i < c.length; i++) c[i] = Fdt.getBe32(v, 4 * i);
        return c;
    }

    /** Serialises this node as the root of a new blob (with this node's reservations). */
    public byte[] toBlob() {
        if (!name.isEmpty()) throw new IllegalStateException("only a root node (empty name) can be serialised");
        Fdt f = new Fdt().bootCpuidPhys(bootCpuidPhys);
        for (long[] r : reservations) f.addReservation(r[0], r[1]);
        write(f);
        return f.finish();
    }

    private void write(Fdt f) {
        f.beginNode(name);
        for (Map.Entry<String, byte[]> p : properties.entrySet()) f.property(p.getKey(), p.getValue());
        for (FdtNode c : children) c.write(f);
        f.endNode();
    }

    @Override
    public String toString() {
        return "FdtNode[" + name + ", " + properties.keySet() + ", " + children.size() + " children]";
    }

    /** Structural equality of name, properties (by value, in order) and children. */
    public boolean sameAs(FdtNode o) {
        if (!name.equals(o.name) || properties.size() != o.properties.size() || children.size() != o.children.size()) return false;
        var a = properties.entrySet().iterator();
        var b = o.properties.entrySet().iterator();
        while (a.hasNext()) {
            var x = a.next();
            var y = b.next();
            if (!x.getKey().equals(y.getKey()) || !Arrays.equals(x.getValue(), y.getValue())) return false;
        }
        for (int i = 0; i < children.size(); i++) if (!children.get(i).sameAs(o.children.get(i))) return false;
        return true;
    }
}
