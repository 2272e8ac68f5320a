package dev.jaffa.platform;

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
                + "(default ~/.cache/jaffa); --kernel and --initrd boot your own, "
                + "--drive IMAGE --append 'root=/dev/vda [rw]' your own root file system."})
final class Linux extends LinuxBoot implements Callable<Integer> {
    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "A command line for the guest's bash (words joined with spaces, as ssh does).")
    List<String> command = new ArrayList<>();

    @Option(names = "--ts", description = "Trusted Services on Linux: the bundled spm-test1..4 and OP-TEE's test LSP "
            + "(unless --sp/--sp-dir name partitions), with the FF-A kernel and drivers as for --sp.")
    boolean ts;

    @Override
    public Integer call() { return boot(command, ts); }
}
