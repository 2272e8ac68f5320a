package dev.jaffa.jit;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * How HotSpot compiles Jaffa, set at run time through compiler directives. An OS boot runs a large
 * cold-code footprint: thousands of translations that each run a few thousand times, and an
 * interpreter and translator whose profile keeps changing. HotSpot's default policy spent more
 * host CPU compiling all that with C2 (and recompiling it after each deoptimisation) than the
 * guest's own execution took, and on two cores its compiler threads compete with the emulation
 * thread (docs/jit.md, "Tiers"). So:
 *
 * <ul>
 *   <li>a first translation ({@link #FIRST_PREFIX}) is left to C1, which compiles it an order of
 *       magnitude faster into code about half as fast; one that has run {@link
 *       JitEngine.Options#hotInsns} instructions is translated again under {@link #HOT_PREFIX},
 *       which C2 compiles as usual (ARMeilleure's re-JIT of hot code);
 *   <li>C2 inlines only the decoder (and its memo) into {@code Interpreter.execute} and {@code A64Table.execute}: the switch over rows
 *       ({@code RowDispatch}) stays a method of its own, and the semantics compile (and deoptimise) with it
 *       instead of making C2 recompile one 45 KB method each time the guest's instruction mix shifts;
 *   <li>the translator (with its {@link EmitOps} and its copy of the integer semantics, {@link
 *       EmitSemantics}) and ASM run C1-compiled: they are warm for a whole boot but C2's repeated
 *       recompilations of them cost more than their faster code saved;
 *   <li>no Jaffa method inlines the slow paths of {@link #notInlined}.
 * </ul>
 *
 * <p>The directives are added through the DiagnosticCommand MBean (what {@code jcmd PID
 * Compiler.directives_add} does), so no command-line flag is needed. Where that is unavailable
 * HotSpot's default policy applies, which is only slower.
 */
final class HotSpotTiers {
    static final String FIRST_PREFIX = "Block_", HOT_PREFIX = "Hot_";
    private static boolean installed, active;

    /** The directives (HotSpot's JSON-like format), one per element. */
    private static final String[] DIRECTIVES = {
        "{ match: [\"dev/jaffa/jit/" + FIRST_PREFIX + "*.*\", \"dev/jaffa/jit/Translator.*\", \"dev/jaffa/jit/EmitOps.*\", \"" + EmitSemantics.PACKAGE + "*.*\", \"org/objectweb/asm/*.*\"], "
                + "c2: { Exclude: true } }",
        "{ match: [\"dev/jaffa/interp/Interpreter.execute\", \"dev/jaffa/interp/isa/A64Table.execute\"], "
                + "inline: [\"+dev/jaffa/interp/isa/A64Table.execute\", \"+dev/jaffa/interp/isa/A64Table.remember\", "
                + "\"+dev/jaffa/interp/isa/A64Table.decodeId\", \"+dev/jaffa/interp/isa/RowDispatch$Switch*.exec\", \"-*.*\"] }",
        "{ match: [\"dev/jaffa/*.*\"], inline: [" + String.join(", ", notInlined()) + "] }",
    };

    private HotSpotTiers() {}

    /**
     * Slow paths no Jaffa method inlines: the MMU's miss and fault paths, TLB maintenance and the
     * dispatcher's translation bookkeeping. Inlined, each made its callers' compiled code larger
     * and, since its branches had rarely run when they were profiled, its uncommon traps sent hot
     * callers (a load/store row, the dispatcher loop) back through the interpreter and C2 again:
     * in a Linux boot {@code LoadStoreRows.single} was compiled by C2 ten times.
     */
    private static String[] notInlined() {
        String mem = "dev/jaffa/interp/memory/", jit = "dev/jaffa/jit/JitEngine.";
        String[] callees = {mem + "Memory.slow*", mem + "Memory.enter*", mem + "Memory.translateData", mem + "Memory.flush*",
            mem + "Memory.drop*", mem + "Memory.zeroBlock", mem + "Memory.cacheMaintenance", mem + "TranslationTableWalk.*",
            jit + "request", jit + "promote", jit + "installFinished", jit + "flush", jit + "markCode"};
        String[] quoted = new String[callees.length];
        for (int i = 0; i < callees.length; i++) quoted[i] = "\"-" + callees[i] + "\"";
        return quoted;
    }

    /** The thread adding them, until it is done. */
    private static Thread installing;

    /** Whether the directives are in force (for tests and --stats); waits for a background install. */
    static boolean active() {
        Thread t;
        synchronized (HotSpotTiers.class) { t = installing; }
        if (t != null) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        synchronized (HotSpotTiers.class) { return active; }
    }

    /**
     * Installs the directives on a thread of their own: starting the platform MBean server takes
     * about 0.1 s, which a boot otherwise spends before its first instruction. Translations start
     * seconds later, and the interpreter's switch reaches C2 long after that.
     */
    static synchronized void installInBackground() {
        if (installed || installing != null) return;
        installing = new Thread(HotSpotTiers::install, "jaffa-hotspot-tiers");
        installing.setDaemon(true);
        installing.start();
    }

    static synchronized void install() {
        if (installed) return;
        installed = true;
        try {
            Path file = Files.createTempFile("jaffa-directives", ".json");
            Files.writeString(file, "[ " + String.join(",\n  ", DIRECTIVES) + " ]\n");
            try {
                Object out = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "compilerDirectivesAdd", new Object[] {new String[] {file.toString()}},
                        new String[] {String[].class.getName()});
                // HotSpot answers "N compiler directives added", or with the parse error.
                active = String.valueOf(out).contains(DIRECTIVES.length + " compiler directives added");
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (Exception | LinkageError e) {
            // No management support: HotSpot's default policy (C2 for everything warm) applies.
        }
    }
}
