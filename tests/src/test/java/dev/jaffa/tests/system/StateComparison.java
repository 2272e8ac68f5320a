package dev.jaffa.tests.system;

import dev.jaffa.interp.memory.Ram;
import dev.jaffa.interp.snapshot.NotState;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares two object graphs field by field, following every field of Jaffa's own classes except
 * those marked {@link NotState}. A field of a type it cannot compare (a host stream, a lambda, a
 * JDK object with hidden state) is reported as a difference too: it must be saved through a
 * comparable type or be marked. A RAM page that is absent equals a page of zeros.
 */
final class StateComparison {
    private final IdentityHashMap<Object, Object> seen = new IdentityHashMap<>();
    final List<String> differences = new ArrayList<>();
    /** Number of fields compared (so a test can see the walk reached the components). */
    int fields;

    private static boolean definesEquals(Class<?> c) {
        try {
            c.getDeclaredMethod("equals", Object.class);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static List<String> compare(Object a, Object b, String root) {
        StateComparison c = new StateComparison();
        c.walk(a, b, root);
        return c.differences;
    }

    void walk(Object a, Object b, String path) {
        if (differences.size() > 50) return;
        if (a == null || b == null) {
            if (a == b) return;
            Object x = a != null ? a : b;
            if (x instanceof byte[] && isZero((byte[]) x)) return;
            differences.add(path + ": " + a + " / " + b);
            return;
        }
        Class<?> c = a.getClass();
        if (c != b.getClass()) {
            differences.add(path + ": class " + c.getName() + " / " + b.getClass().getName());
            return;
        }
        if (c.isEnum() || a instanceof Number || a instanceof Boolean || a instanceof Character || a instanceof String) {
            if (!a.equals(b)) differences.add(path + ": " + a + " / " + b);
            return;
        }
        if (seen.containsKey(a)) return;
        seen.put(a, b);
        if (a instanceof Ram ra) {
            // Through pageIfPresent: a restored region installs its saved pages when they are first asked for.
            Ram rb = (Ram) b;
            if (ra.pageCount() != rb.pageCount()) differences.add(path + ": " + ra.pageCount() + " / " + rb.pageCount() + " pages");
            for (int i = 0; i < ra.pageCount() && i < rb.pageCount(); i++) walk(ra.pageIfPresent(i), rb.pageIfPresent(i), path + ".page[" + i + "]");
            return;
        }
        if (c.isArray()) {
            int n = Array.getLength(a);
            if (n != Array.getLength(b)) {
                differences.add(path + ": length " + n + " / " + Array.getLength(b));
                return;
            }
            if (c.getComponentType().isPrimitive()) {
                for (int i = 0; i < n; i++) {
                    if (!Array.get(a, i).equals(Array.get(b, i))) {
                        differences.add(path + "[" + i + "]: " + Array.get(a, i) + " / " + Array.get(b, i));
                        return;
                    }
                }
                return;
            }
            for (int i = 0; i < n; i++) walk(Array.get(a, i), Array.get(b, i), path + "[" + i + "]");
            return;
        }
        if (a instanceof Map) {
            Map<?, ?> ma = (Map<?, ?>) a, mb = (Map<?, ?>) b;
            if (!ma.keySet().equals(mb.keySet())) {
                differences.add(path + ": keys " + ma.keySet() + " / " + mb.keySet());
                return;
            }
            for (Object k : ma.keySet()) walk(ma.get(k), mb.get(k), path + "{" + k + "}");
            return;
        }
        if (a instanceof Collection) {
            Collection<?> ca = (Collection<?>) a, cb = (Collection<?>) b;
            if (ca.size() != cb.size()) {
                differences.add(path + ": size " + ca.size() + " / " + cb.size());
                return;
            }
            if (a instanceof java.util.Set) {
                if (!a.equals(b)) differences.add(path + ": " + a + " / " + b);
                return;
            }
            Iterator<?> ia = ca.iterator(), ib = cb.iterator();
            for (int i = 0; ia.hasNext(); i++) walk(ia.next(), ib.next(), path + "[" + i + "]");
            return;
        }
        if (a instanceof java.nio.file.Path) {
            if (!a.equals(b)) differences.add(path + ": " + a + " / " + b);
            return;
        }
        if (a instanceof java.util.BitSet) {
            if (!a.equals(b)) differences.add(path + ": " + a + " / " + b);
            return;
        }
        if (c.getName().startsWith("dev.jaffa.") && definesEquals(c)) {
            // A value class says what equal means (e.g. a hash set whose layout depends on order).
            if (!a.equals(b)) differences.add(path + ": " + a + " / " + b);
            return;
        }
        if (!c.getName().startsWith("dev.jaffa.") || c.isSynthetic() || c.getName().contains("$$Lambda")) {
            differences.add(path + ": a " + c.getName() + ", which cannot be compared: save it through plain fields or mark it @NotState");
            return;
        }
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || f.isAnnotationPresent(NotState.class)) continue;
                f.setAccessible(true);
                fields++;
                try {
                    walk(f.get(a), f.get(b), path + "." + f.getName());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    /**
     * Gives every state field reachable from {@code o} (the fields {@link #walk} compares: not
     * static, not {@link NotState}; and not final, which only construction sets) a value a freshly
     * built machine would not have: numbers and the elements of primitive arrays changed, booleans
     * inverted, enums moved to another constant. Restoring a snapshot over such a machine must
     * overwrite all of it, so a field the restore forgets shows up in the comparison even when the
     * saved machine happened to hold its initial value. RAM is left alone (the restore replaces it
     * page by page and the comparison checks it).
     */
    static void scramble(Object o) {
        new Scrambler().visit(o);
    }

    private static final class Scrambler {
        private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();

        void visit(Object o) {
            if (o == null || o instanceof Ram || seen.put(o, Boolean.TRUE) != null) return;
            Class<?> c = o.getClass();
            if (c.isArray()) {
                if (c.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(o); i++) Array.set(o, i, changed(c.getComponentType(), Array.get(o, i)));
                } else {
                    for (int i = 0; i < Array.getLength(o); i++) visit(Array.get(o, i));
                }
                return;
            }
            if (o instanceof Map) {
                for (Object v : ((Map<?, ?>) o).values()) visit(v);
                return;
            }
            if (o instanceof Collection) {
                for (Object v : (Collection<?>) o) visit(v);
                return;
            }
            if (!c.getName().startsWith("dev.jaffa.") || c.isEnum() || c.isSynthetic() || c.getName().contains("$$Lambda")) return;
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    int mod = f.getModifiers();
                    if (Modifier.isStatic(mod) || f.isSynthetic() || f.isAnnotationPresent(NotState.class)) continue;
                    f.setAccessible(true);
                    try {
                        Object v = f.get(o);
                        if (Modifier.isFinal(mod) || !(f.getType().isPrimitive() || f.getType().isEnum())) {
                            visit(v);
                        } else if (f.getType().isEnum()) {
                            Object[] all = f.getType().getEnumConstants();
                            if (all.length > 1) f.set(o, all[v == all[0] ? 1 : 0]);
                        } else {
                            f.set(o, changed(f.getType(), v));
                        }
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }

        private static Object changed(Class<?> t, Object v) {
            if (t == boolean.class) return !(Boolean) v;
            if (t == long.class) return (Long) v ^ 0x5A5A_0000_0000_5A5AL;
            if (t == int.class) return (Integer) v ^ 0x5A00_005A;
            if (t == short.class) return (short) ((Short) v ^ 0x5A5A);
            if (t == byte.class) return (byte) ((Byte) v ^ 0x5A);
            if (t == char.class) return (char) ((Character) v ^ 0x5A);
            if (t == double.class) return (Double) v + 1.5;
            if (t == float.class) return (Float) v + 1.5f;
            throw new AssertionError(t);
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }
}
