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
 * pair (the manifest a .dtb, or a .dts compiled with dtc); and those {@code --sp-dir} finds.
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
                if (!Files.isRegularFile(manifest)) throw new Main.UsageException(manifest + ": no such file");
                m.spmc.addPartition(name, read(image), manifestBlob(manifest), image.toString());
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

    /**
     * {@code --sp-dir DIR}: every partition of a Trusted Services install tree, loaded in manifest
     * boot order (ties by path), as OP-TEE orders them, so endpoint IDs come out as on the FVP. TS
     * installs {@code opteesp/bin/<uuid>.stripped.elf} and {@code opteesp/manifest/<uuid>.dts};
     * accepted too are DIR being that {@code opteesp} directory, and folders holding an image with
     * its manifest beside it (DIR itself or each of its subfolders). A manifest is the {@code .dtb}
     * of the same name, or the {@code .dts} compiled with dtc.
     */
    static void addDir(Machine m, Path dir) {
        if (!Files.isDirectory(dir)) throw new Main.UsageException("--sp-dir " + dir + ": not a directory");
        List<Path[]> found = new java.util.ArrayList<>();
        try {
            Path env = Files.isDirectory(dir.resolve("opteesp")) ? dir.resolve("opteesp") : dir;
            if (Files.isDirectory(env.resolve("bin")) && Files.isDirectory(env.resolve("manifest"))) {
                collect(env.resolve("bin"), env.resolve("manifest"), found);
            } else {
                collect(dir, dir, found);
                if (found.isEmpty()) {
                    try (java.util.stream.Stream<Path> subs = Files.list(dir)) {
                        for (Path sub : (Iterable<Path>) subs.filter(Files::isDirectory).sorted()::iterator) collect(sub, sub, found);
                    }
                }
            }
        } catch (IOException e) {
            throw new Main.UsageException("--sp-dir " + dir + ": " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw new Main.UsageException("--sp-dir " + dir + ": no partition found (expected opteesp/bin/<uuid>.stripped.elf with "
                    + "opteesp/manifest/<uuid>.dts, or <uuid>.stripped.elf with <uuid>.dtb beside it)");
        }
        List<Object[]> loaded = new java.util.ArrayList<>();
        for (Path[] f : found) {
            byte[] manifest = manifestBlob(f[1]);
            long order = Integer.toUnsignedLong(Integer.MAX_VALUE);
            try {
                int[] bo = dev.jaffa.format.Fdt.parse(manifest).propertyU32("boot-order");
                if (bo != null && bo.length > 0) order = Integer.toUnsignedLong(bo[0]);
            } catch (IllegalArgumentException e) {
                // a broken manifest: the SPMC's load reports it with the partition's name
            }
            loaded.add(new Object[] {order, f[0], manifest});
        }
        loaded.sort(java.util.Comparator.<Object[]>comparingLong(o -> (Long) o[0]).thenComparing(o -> o[1].toString()));
        for (Object[] o : loaded) {
            Path image = (Path) o[1];
            try {
                m.spmc.addPartition(nameOf(image), read(image), (byte[]) o[2], image.toString());
            } catch (LoadException e) {
                throw new Main.UsageException(e.getMessage());
            } catch (IOException e) {
                throw new Main.UsageException(image + ": " + e.getMessage());
            }
        }
    }

    /** Images in {@code bin} (a {@code .stripped.elf} preferred over the {@code .elf} of the same UUID) with their manifest in {@code manifests}. */
    private static void collect(Path bin, Path manifests, List<Path[]> out) throws IOException {
        List<Path> images;
        try (java.util.stream.Stream<Path> s = Files.list(bin)) {
            images = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".elf")).sorted()
                    .collect(java.util.stream.Collectors.toList());
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (boolean stripped : new boolean[] {true, false}) {
            for (Path image : images) {
                String n = image.getFileName().toString();
                if (n.endsWith(".stripped.elf") != stripped) continue;
                String stem = n.substring(0, n.length() - (stripped ? ".stripped.elf".length() : ".elf".length()));
                Path dtb = manifests.resolve(stem + ".dtb"), dts = manifests.resolve(stem + ".dts");
                Path manifest = Files.isRegularFile(dtb) ? dtb : Files.isRegularFile(dts) ? dts : null;
                if (manifest != null && taken.add(stem)) out.add(new Path[] {image, manifest});
            }
        }
    }

    /** A manifest as a blob: a {@code .dtb} as it is, a {@code .dts} through dtc (which TS builds need anyway). */
    static byte[] manifestBlob(Path manifest) {
        if (!manifest.toString().endsWith(".dts")) {
            try {
                return Files.readAllBytes(manifest);
            } catch (IOException e) {
                throw new Main.UsageException(manifest + ": " + e.getMessage());
            }
        }
        try {
            Process p = new ProcessBuilder("dtc", "-q", "-I", "dts", "-O", "dtb", manifest.toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            byte[] blob = p.getInputStream().readAllBytes();
            int status = p.waitFor();
            if (status != 0) {
                String msg = new String(err.join(), java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElse("exit status " + status);
                throw new Main.UsageException(manifest + ": dtc cannot compile it: " + msg);
            }
            return blob;
        } catch (IOException e) {
            throw new Main.UsageException(manifest + ": compiling it needs dtc (Debian: device-tree-compiler), or put the .dtb beside it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Main.UsageException(manifest + ": interrupted while compiling");
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
