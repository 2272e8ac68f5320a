package dev.jaffa.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jaffa linux}: Debian's arm64 kernel and a glibc userspace built from Debian's packages
 * (scripts/fetch-linux.sh, cached), booted to a shell, or running one command whose output and
 * exit status become Jaffa's.
 */
@Command(name = "linux", description = {
        "Boot Debian's arm64 Linux with a Debian userspace (glibc, coreutils, bash, python3, busybox) to a shell, "
                + "or run COMMAND (after --) in it and exit with its status.",
        "The kernel and packages are fetched with apt-get download on first use and cached under $JAFFA_CACHE "
                + "(default ~/.cache/jaffa); --kernel and --initrd boot your own."})
final class Linux extends Main.RunOptions implements Callable<Integer> {
    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "A command line for the guest's bash (words joined with spaces, as ssh does).")
    List<String> command = new ArrayList<>();

    @Option(names = "--ts", description = "Trusted Services on Linux: the bundled spm-test1..4 and OP-TEE's test LSP "
            + "(unless --sp/--sp-dir name partitions), with the FF-A kernel and drivers as for --sp.")
    boolean ts;

    @Override
    public Integer call() {
        // With partitions, Debian 13's kernel and Linux's own FF-A drivers built for it
        // (scripts/build-ffa-modules.sh), and OP-TEE's endpoint first, as on the FVP.
        boolean ffa = ts || !sps.isEmpty() || !spDirs.isEmpty();
        if (ts && sps.isEmpty() && spDirs.isEmpty()) {
            sps.add(Partitions.TEST_LSP);
            sps.addAll(Partitions.BUNDLED);
        }
        if (ffa && !sps.contains(Partitions.OPTEE)) sps.add(0, Partitions.OPTEE);
        if (kernel == null || initrd == null) {
            Path cache = run("fetch-linux.sh");
            if (initrd == null) initrd = cache.resolve("rootfs.gz");
            if (ffa && kernel == null) {
                Path drivers = run("build-ffa-modules.sh");
                kernel = drivers.resolve("Image");
                initrdAppendix.add(read(run("linux/ffa-rootfs-modules.sh", drivers.toString())));
            }
            if (kernel == null) kernel = cache.resolve("Image");
        }
        // The current directory at /mnt/host (tag "host", which /init mounts), unless --share says otherwise.
        if (shares.isEmpty()) shares.add(System.getProperty("user.dir").replace(",", ",,"));
        boolean scripted = !command.isEmpty();
        // Quiet boot for a command, so its output is what the user sees; the console of each board.
        String console = "console=ttyAMA0";
        append = (console + (scripted ? " quiet" : "") + " " + append).trim();
        ExitStatusFilter filter = null;
        if (scripted) {
            String script = String.join(" ", command) + "\n";
            initrdAppendix.add(new Cpio().directory("jaffa", 0755)
                    .file("jaffa/command", 0644, script.getBytes(StandardCharsets.UTF_8)).finish());
            filter = new ExitStatusFilter(System.out);
            this.console = filter;
        }
        int status = runGuest(null);
        if (filter == null || status != 0) return status;
        if (filter.status() < 0) {
            System.err.println("jaffa: the guest powered off without reporting COMMAND's exit status");
            return 1;
        }
        return filter.status();
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new Main.UsageException(p + ": " + e.getMessage());
        }
    }

    /** Runs a project script (progress on stderr) and returns the path it prints last. */
    private static Path run(String name, String... args) {
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
