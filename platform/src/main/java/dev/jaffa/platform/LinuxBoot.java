package dev.jaffa.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Booting Linux as {@code jaffa linux} does, shared with {@code jaffa ts}. */
abstract class LinuxBoot extends Main.RunOptions {
    /** Where console output goes before the exit-status filter ({@code jaffa ts} watches it). */
    java.io.OutputStream consoleSink = System.out;

    /**
     * Hook for {@code jaffa ts}: called once the kernel is chosen, with the directory of the FF-A
     * drivers scripts/build-ffa-modules.sh built (null when they are not used); the user's shares
     * are in {@code shares} already, so it can add its own.
     */
    void kernelChosen(Path ffaDrivers) { }

    /**
     * Kernel arguments of this command, put before the user's {@code --append} so that the user's
     * own value of the same parameter wins (the kernel takes the last one).
     */
    String defaultArguments() { return ""; }

    /**
     * Boots; with a command, runs it and returns its exit status. With {@code ts} and no
     * partitions named, loads the bundled test partitions.
     */
    int boot(List<String> command, boolean ts) {
        // With partitions, Debian 13's kernel and Linux's own FF-A drivers built for it
        // (scripts/build-ffa-modules.sh), and OP-TEE's endpoint first, as on the FVP.
        boolean ffa = ts || !sps.isEmpty() || !spDirs.isEmpty();
        if (ts && sps.isEmpty() && spDirs.isEmpty()) {
            sps.add(Partitions.TEST_LSP);
            sps.addAll(Partitions.BUNDLED);
        }
        if (ffa && !sps.contains(Partitions.OPTEE)) sps.add(0, Partitions.OPTEE);
        Path drivers = null;
        if (kernel == null || initrd == null) {
            Path cache = run("fetch-linux.sh");
            if (initrd == null) {
                initrd = cache.resolve("rootfs.gz");
                inflateInitrd = true;
            }
            if (ffa && kernel == null) {
                drivers = run("build-ffa-modules.sh");
                kernel = drivers.resolve("Image");
                initrdAppendix.add(inflated(read(run("linux/ffa-rootfs-modules.sh", drivers.toString()))));
            }
            if (kernel == null) kernel = cache.resolve("Image");
        }
        // The current directory at /mnt/host (tag "host", which /init mounts), unless --share says otherwise.
        if (shares.isEmpty()) shares.add(System.getProperty("user.dir").replace(",", ",,"));
        kernelChosen(drivers);
        boolean scripted = !command.isEmpty();
        // Quiet boot for a command, so its output is what the user sees; the console of each board.
        String console = "console=ttyAMA0";
        StringBuilder args = new StringBuilder(console);
        for (String a : new String[] {scripted ? "quiet" : "", defaultArguments(), append}) {
            if (!a.isBlank()) args.append(' ').append(a.strip());   // the user's own spacing kept
        }
        append = args.toString();
        ExitStatusFilter filter = null;
        if (scripted) {
            String script = String.join(" ", command) + "\n";
            initrdAppendix.add(new Cpio().directory("jaffa", 0755)
                    .file("jaffa/command", 0644, script.getBytes(StandardCharsets.UTF_8)).finish());
            filter = new ExitStatusFilter(consoleSink);
            this.console = filter;
        }
        int status = runGuest(null);
        if (filter == null || status != 0 || snapshots.saved) return status;   // a saved snapshot: COMMAND goes on after a restore
        if (filter.status() < 0) {
            System.err.println("jaffa: the guest powered off without reporting COMMAND's exit status");
            return 1;
        }
        return filter.status();
    }

    /**
     * A gzip archive inflated on the host (anything else as it is). The archives Jaffa builds go to
     * the kernel uncompressed: inflating the 34 MB root file system is a quarter of a boot's
     * guest instructions, and a few hundred milliseconds here.
     */
    static byte[] inflated(byte[] data) {
        if (data.length < 2 || (data[0] & 0xFF) != 0x1F || (data[1] & 0xFF) != 0x8B) return data;
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(data), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new Main.UsageException("a corrupt archive in the cache (" + e.getMessage() + "): remove $JAFFA_CACHE and retry");
        }
    }

    /**
     * Jaffa's gzipped archive {@code gz} (the cached root file system) inflated, mapped from a copy
     * kept beside it ({@code NAME.inflated}, redone when older than {@code gz}): inflating 34 MB at
     * every boot took a fifth of a second. Where the copy cannot be written, inflated in memory.
     */
    static java.nio.ByteBuffer inflatedCopy(Path gz) {
        Path copy = gz.resolveSibling(gz.getFileName() + ".inflated");
        try {
            if (!Files.isRegularFile(copy) || Files.getLastModifiedTime(copy).compareTo(Files.getLastModifiedTime(gz)) < 0) {
                byte[] data = inflated(read(gz));
                Path tmp = Files.createTempFile(gz.getParent(), gz.getFileName() + ".", ".tmp");
                try {
                    Files.write(tmp, data);
                    Files.move(tmp, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                return java.nio.ByteBuffer.wrap(data);
            }
        } catch (IOException e) {
            return java.nio.ByteBuffer.wrap(inflated(read(gz)));   // a read-only cache: as before
        }
        return Main.RunOptions.mapped(copy);
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new Main.UsageException(p + ": " + e.getMessage());
        }
    }

    /** Runs a project script (progress on stderr) and returns the path it prints last. */
    static Path run(String name, String... args) {
        Path script = Paths.get(System.getProperty("jaffa.home", "."), "scripts").resolve(name);
        if (!Files.isRegularFile(script)) {
            throw new Main.UsageException("no " + script + ": give --kernel and --initrd");
        }
        try {
            List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new Main.UsageException("scripts/" + name + " failed (see above)");
            }
            String[] lines = out.split("\n");
            return Paths.get(lines[lines.length - 1].trim());
        } catch (IOException e) {
            throw new Main.UsageException("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Main.UsageException("interrupted while fetching the kernel");
        }
    }
}
