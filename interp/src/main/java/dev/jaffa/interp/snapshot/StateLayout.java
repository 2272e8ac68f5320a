package dev.jaffa.interp.snapshot;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.IdentityHashMap;
import java.util.TreeMap;

/**
 * The declared state of a machine as text: for every Jaffa class the state reaches, the names and
 * types of its fields that are not {@link NotState}. A snapshot records it and a restore refuses a
 * file whose layout differs, naming the class, so a build that added, removed, renamed or retyped a
 * saved field never reads another build's sections positionally.
 *
 * <p>The classes are those of the fields' declared types (array components and type arguments
 * included) and, for final fields, of the objects they hold: a final field is set when the machine
 * is built, from its configuration, so a freshly built machine and a running one of the same
 * options have the same objects there (a virtio transport's backend, the CPUs). Values of other
 * fields are never looked at, so the layout does not depend on the machine's run-time state.
 */
public final class StateLayout {
    private final TreeMap<String, String> classes = new TreeMap<>();
    private final IdentityHashMap<Object, Boolean> followed = new IdentityHashMap<>();

    private StateLayout() { }

    /** The layout text of the state reachable from {@code roots}: one line per class, sorted. */
    public static String describe(Object... roots) {
        StateLayout l = new StateLayout();
        for (Object r : roots) l.follow(r);
        StringBuilder b = new StringBuilder();
        l.classes.forEach((name, fields) -> b.append(name).append(" {").append(fields).append("}\n"));
        return b.toString();
    }

    /** The first class whose saved fields differ between two {@link #describe} texts, or null when they are equal. */
    public static String firstDifference(String a, String b) {
        TreeMap<String, String> x = lines(a), y = lines(b);
        TreeMap<String, String> all = new TreeMap<>(x);
        all.putAll(y);
        for (String c : all.keySet()) if (!java.util.Objects.equals(x.get(c), y.get(c))) return c;
        return null;
    }

    private static TreeMap<String, String> lines(String text) {
        TreeMap<String, String> m = new TreeMap<>();
        for (String l : text.split("\n")) {
            int brace = l.indexOf(" {");
            m.put(brace < 0 ? l : l.substring(0, brace), l);
        }
        return m;
    }

    private static boolean ours(Class<?> c) {
        return c.getName().startsWith("dev.jaffa.") && !c.isHidden() && !c.isSynthetic();
    }

    private void follow(Object o) {
        if (o == null || followed.put(o, Boolean.TRUE) != null) return;
        Class<?> c = o.getClass();
        if (c.isArray()) {
            Class<?> e = c.getComponentType();
            // Only arrays that can hold Jaffa objects: RAM's page table, an array of arrays of bytes, cannot.
            if (!e.isArray() && (!Modifier.isFinal(e.getModifiers()) || ours(e))) for (Object x : (Object[]) o) follow(x);
            return;
        }
        if (!ours(c)) return;
        describe(c);
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isFinal(mod) || !isState(f) || f.getType().isPrimitive()) continue;
                try {
                    f.setAccessible(true);
                    follow(f.get(o));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // A field reflection may not open (another module's) is not one of ours.
                }
            }
        }
    }

    private static boolean isState(Field f) {
        return !Modifier.isStatic(f.getModifiers()) && !f.isSynthetic() && !f.isAnnotationPresent(NotState.class);
    }

    private void describe(Class<?> c) {
        if (!ours(c) || c.isEnum() || classes.containsKey(c.getName())) return;
        classes.put(c.getName(), "");
        StringBuilder b = new StringBuilder();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!isState(f)) continue;
                Type t = f.getGenericType();
                b.append(' ').append(k == c ? "" : k.getSimpleName() + ".").append(f.getName()).append(':').append(t.getTypeName()).append(';');
                describeType(t);
            }
        }
        classes.put(c.getName(), b.toString());
    }

    private void describeType(Type t) {
        if (t instanceof Class<?> c) {
            while (c.isArray()) c = c.getComponentType();
            describe(c);
        } else if (t instanceof ParameterizedType p) {
            describeType(p.getRawType());
            for (Type a : p.getActualTypeArguments()) describeType(a);
        } else if (t instanceof GenericArrayType g) {
            describeType(g.getGenericComponentType());
        } else if (t instanceof WildcardType w) {
            for (Type u : w.getUpperBounds()) describeType(u);
        }
    }
}
