package dev.jaffa.jit;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.IntSemantics;
import dev.jaffa.interp.isa.Row;
import java.io.InputStream;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The integer rows' semantics as the translator runs them: the same methods, in a copy of each
 * integer group class loaded from the same class file by a class loader of its own (so a group
 * class may use only public members of other classes: the copy is in another runtime package).
 *
 * <p>Why a copy: HotSpot profiles the receiver classes at each call site of a method. Were the
 * translator to run the interpreter's own methods on {@link EmitOps}, every {@code o.add(...)} in
 * them would see two receivers; C2 compiles the interpreter's semantics for the one it sees 99.9%
 * of the time ({@code InterpOps}), the next translation fails that class check, and the method is
 * deoptimised and recompiled, over and over (a Linux boot: 29 such traps, 400 more compile events,
 * the emulation thread about 6% slower). With a copy, each set of call sites sees one class.
 */
final class EmitSemantics {
    private EmitSemantics() {}

    private static final Map<Row, IntSemantics> COPIES = build();

    /** The translator's copy of {@code row}'s semantics (an integer row of {@link A64Table}). */
    static IntSemantics of(Row row) {
        IntSemantics s = COPIES.get(row);
        if (s == null) throw new IllegalStateException("no copy of the semantics of " + row);
        return s;
    }

    /** Loads one group class (and its nested classes) afresh; everything else from its own loader. */
    private static final class CopyLoader extends ClassLoader {
        private final Class<?> group;

        CopyLoader(Class<?> group) {
            super(group.getClassLoader());
            this.group = group;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(group.getName()) && !name.startsWith(group.getName() + "$")) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c != null) return c;
                try (InputStream in = group.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) throw new ClassNotFoundException(name);
                    byte[] b = in.readAllBytes();
                    return defineClass(name, b, 0, b.length);
                } catch (java.io.IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }

    private static Map<Row, IntSemantics> build() {
        Map<String, IntSemantics> byKey = new HashMap<>();
        for (Class<?> group : A64Table.integerGroups()) {
            try {
                Class<?> copy = Class.forName(group.getName(), true, new CopyLoader(group));
                for (Row r : (Row[]) copy.getMethod("rows").invoke(null)) {
                    if (r.intSem != null) byKey.put(r.name + "|" + r.pattern, r.intSem);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot copy " + group.getName() + " for the translator", e);
            }
        }
        Map<Row, IntSemantics> m = new IdentityHashMap<>();
        for (Row r : A64Table.rows()) {
            if (r.intSem == null) continue;
            IntSemantics s = byKey.get(r.name + "|" + r.pattern);
            if (s == null) throw new IllegalStateException("the translator's copy has no row " + r);
            m.put(r, s);
        }
        return m;
    }
}
