package dev.jaffa.jit;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.IntSemantics;
import dev.jaffa.interp.isa.Row;
import java.io.InputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The integer rows' semantics as the translator runs them: the same methods, in a copy of each
 * integer group class made from the same class file, renamed into {@value #PACKAGE} (so a group
 * class may use only public members of other classes) and loaded by a class loader of its own.
 *
 * <p>Why a copy: HotSpot profiles the receiver classes at each call site of a method. Were the
 * translator to run the interpreter's own methods on {@link EmitOps}, every {@code o.add(...)} in
 * them would see two receivers; C2 compiles the interpreter's semantics for the one it sees 99.9%
 * of the time ({@code InterpOps}), the next translation fails that class check, and the method is
 * deoptimised and recompiled, over and over (a Linux boot: 29 such traps, 400 more compile events,
 * the emulation thread about 6% slower). With a copy, each set of call sites sees one class; and
 * under its own name, {@link HotSpotTiers} can leave it to C1 like the rest of the translator.
 */
final class EmitSemantics {
    private EmitSemantics() {}

    /** The package of the copies. */
    static final String PACKAGE = "dev/jaffa/jit/emit/";

    private static final Map<Row, IntSemantics> COPIES = build();

    /** The translator's copy of {@code row}'s semantics (an integer row of {@link A64Table}). */
    static IntSemantics of(Row row) {
        IntSemantics s = COPIES.get(row);
        if (s == null) throw new IllegalStateException("no copy of the semantics of " + row);
        return s;
    }

    /** Loads one group class (and its nested classes) renamed into {@link #PACKAGE}; everything else from its own loader. */
    private static final class CopyLoader extends ClassLoader {
        private final String original, copy;

        CopyLoader(Class<?> group) {
            super(group.getClassLoader());
            original = group.getName().replace('.', '/');
            copy = PACKAGE + original.substring(original.lastIndexOf('/') + 1);
        }

        String copyName(String name) { return copy.replace('/', '.') + name.substring(original.length()); }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            String internal = name.replace('.', '/');
            if (!internal.equals(copy) && !internal.startsWith(copy + "$")) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c != null) return c;
                String from = original + internal.substring(copy.length());
                try (InputStream in = getParent().getResourceAsStream(from + ".class")) {
                    if (in == null) throw new ClassNotFoundException(name);
                    ClassWriter w = new ClassWriter(0);
                    new ClassReader(in.readAllBytes()).accept(new ClassRemapper(w, new Remapper() {
                        @Override public String map(String n) {
                            return n.equals(original) || n.startsWith(original + "$") ? copy + n.substring(original.length()) : n;
                        }
                    }), 0);
                    byte[] b = w.toByteArray();
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
                CopyLoader loader = new CopyLoader(group);
                Class<?> copy = Class.forName(loader.copyName(group.getName()), true, loader);
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
