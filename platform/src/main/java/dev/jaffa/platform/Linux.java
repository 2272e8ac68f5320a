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

    @Override
    public Integer call() {
        if (kernel == null || initrd == null) {
            Path cache = fetch();
            if (kernel == null) kernel = cache.resolve("Image");
            if (initrd == null) initrd = cache.resolve("rootfs.gz");
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
            initrdAppendix = new Cpio().directory("jaffa", 0755)
                    .file("jaffa/command", 0644, script.getBytes(StandardCharsets.UTF_8)).finish();
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

    /** Runs scripts/fetch-linux.sh (progress on stderr) and returns the cache directory it prints. */
    private static Path fetch() {
        Path script = Paths.get(System.getProperty("jaffa.home", "."), "scripts", "fetch-linux.sh");
        if (!Files.isRegularFile(script)) {
            throw new Main.UsageException("no " + script + " to fetch the kernel with: give --kernel and --initrd");
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new Main.UsageException("could not fetch Debian's kernel and packages (see above)");
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
