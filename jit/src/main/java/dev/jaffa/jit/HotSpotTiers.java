package dev.jaffa.jit;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Which of HotSpot's compilers may compile a translation, chosen by its class name. An OS boot
 * translates thousands of regions that each run a few thousand times; C2 compiling every one of
 * them (its default once a method is warm) cost more host CPU than the guest's own execution, and
 * on two cores it competes with the emulation thread. So a first translation ({@link
 * #FIRST_PREFIX}) is left to C1, which compiles it an order of magnitude faster into code about
 * half as fast; one that has run {@link JitEngine.Options#hotInsns} instructions is translated
 * again under {@link #HOT_PREFIX}, which C2 compiles as usual (ARMeilleure's re-JIT of hot code).
 *
 * <p>The rule is a HotSpot compiler directive added at run time through the DiagnosticCommand
 * MBean (what {@code jcmd PID Compiler.directives_add} does), so no command-line flag is needed.
 * Where that is unavailable the directive is missing and C2 simply compiles first translations too.
 */
final class HotSpotTiers {
    static final String FIRST_PREFIX = "Block_", HOT_PREFIX = "Hot_";
    private static boolean installed;

    private HotSpotTiers() {}

    static synchronized void install() {
        if (installed) return;
        installed = true;
        try {
            Path file = Files.createTempFile("jaffa-directives", ".json");
            Files.writeString(file, "[ { match: \"dev/jaffa/jit/" + FIRST_PREFIX + "*.*\", c2: { Exclude: true } } ]\n");
            try {
                ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "compilerDirectivesAdd", new Object[] {new String[] {file.toString()}},
                        new String[] {String[].class.getName()});
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (Exception | LinkageError e) {
            // No management support: HotSpot's default policy (C2 for everything warm) applies.
        }
    }
}
