package dev.jaffa.platform;

import dev.jaffa.spmc.LoadException;
import dev.jaffa.spmc.TestLogicalPartition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The partitions {@code --sp} names: one the project bundles (the spm-test SPs built in
 * guests/build/sp, the test logical partition), an SP package file, or an {@code image,manifest}
 * pair.
 */
final class Partitions {
    private Partitions() {}

    /** The bundled test SPs, in the order xtest loads them. */
    static final List<String> BUNDLED = List.of("spm-test1", "spm-test2", "spm-test3", "spm-test4");
    static final String TEST_LSP = "test-lsp";
    /** OP-TEE's own endpoint, for Linux's optee driver (first, as OP-TEE's ID 0x8001 on the FVP). */
    static final String OPTEE = "optee";

    static Path bundledDir() {
        return Paths.get(System.getProperty("jaffa.home", "."), "guests", "build", "sp");
    }

    /** Adds the partition {@code spec} names; problems are one-line usage errors. */
    static void add(Machine m, String spec) {
        try {
            if (spec.equals(TEST_LSP)) {
                m.spmc.addLogicalPartition(new TestLogicalPartition(m.spmc.nextFreeId()));
                return;
            }
            if (spec.equals(OPTEE)) {
                m.spmc.addLogicalPartition(new dev.jaffa.spmc.OpteeEndpoint(m.spmc.nextFreeId()));
                return;
            }
            if (BUNDLED.contains(spec)) {
                Path dir = bundledDir();
                Path image = dir.resolve(spec + ".elf"), manifest = dir.resolve(spec + ".dtb");
                if (!Files.isRegularFile(image) || !Files.isRegularFile(manifest)) {
                    throw new Main.UsageException("bundled SP " + spec + " is not built (" + image + "): run 'make -C guests'");
                }
                m.spmc.addPartition(spec, Files.readAllBytes(image), Files.readAllBytes(manifest), image.toString());
                return;
            }
            int comma = spec.indexOf(',');
            if (comma > 0) {
                Path image = Paths.get(spec.substring(0, comma)), manifest = Paths.get(spec.substring(comma + 1));
                String name = nameOf(image);
                m.spmc.addPartition(name, read(image), read(manifest), image.toString());
                return;
            }
            Path pkg = Paths.get(spec);
            if (!Files.isRegularFile(pkg)) {
                throw new Main.UsageException("--sp " + spec + ": not a bundled SP (" + String.join(", ", BUNDLED) + ", "
                        + TEST_LSP + ", " + OPTEE + "), an SP package or an image,manifest pair");
            }
            m.spmc.addPartition(nameOf(pkg), read(pkg), null, pkg.toString());
        } catch (LoadException e) {
            throw new Main.UsageException(e.getMessage());
        } catch (IOException e) {
            throw new Main.UsageException(spec + ": " + e.getMessage());
        }
    }

    private static byte[] read(Path p) throws IOException {
        if (!Files.isRegularFile(p)) throw new Main.UsageException(p + ": no such file");
        return Files.readAllBytes(p);
    }

    private static String nameOf(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
