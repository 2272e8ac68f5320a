package dev.jaffa.tests.difftest;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code guests/build} from the tests module's directory (Maven runs tests there). */
final class GuestBuild {
    private GuestBuild() {}

    static Path dir() {
        String basedir = System.getProperty("basedir");
        Path start = (basedir != null ? Path.of(basedir) : Path.of("")).toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("guests").resolve("difftest"))) return p.resolve("guests").resolve("build");
        }
        return start.resolveSibling("guests").resolve("build");
    }

    /** The built file {@code name}, or an assertion-style failure telling how to build it. */
    static Path require(String name) {
        Path f = dir().resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new AssertionError(f + " is missing: build the guest programs first with `make -C guests`");
        }
        return f;
    }
}
