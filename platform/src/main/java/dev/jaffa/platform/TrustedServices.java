package dev.jaffa.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jaffa ts}: the Trusted Services flow of the FVP in one command. Boots Linux (Debian 13's
 * kernel with Linux's own FF-A drivers) with OP-TEE's endpoint and the partitions (the bundled
 * test partitions, or a TS install tree), then runs scripts/linux/ts-suite.sh in the guest: it
 * checks the FF-A bus and the TEE devices, loads the project's jaffa-ffa-user module and runs the
 * project's Linux programs (guests/linux); with --ts-linux, then the user's own Trusted Services
 * programs from a host share (scripts/linux/ts-linux.sh). One line per case and "N passed, M
 * failed"; the exit status is 0 only when nothing failed.
 */
@Command(name = "ts", description = {
        "Boot Linux with the FF-A drivers and secure partitions (the bundled spm-test1..4 and OP-TEE's test LSP, "
                + "or --sp/--sp-dir) and run the Linux-side FF-A and Trusted Services suites (and, with --ts-linux, "
                + "your own Trusted Services programs); "
                + "exit status 0 only when every case passes."})
final class TrustedServices extends LinuxBoot implements Callable<Integer> {
    static final String GUEST_DIR = "jaffa/ts";

    @Option(names = "--ffa-user-module", paramLabel = "FILE.ko",
            description = "With --kernel: the jaffa-ffa-user module built for that kernel (guests/linux/kmod), "
                    + "for the cases that talk FF-A directly; without it those are skipped.")
    Path userModule;

    @Option(names = "--ts-linux", paramLabel = "DIR",
            description = "A Trusted Services arm-linux install tree (bin/, lib/, kmod/ with arm-ffa-user.ko, load_module.sh "
                    + "and sp_uuid_list.txt): shared into the guest, installed as on the FVP, and its programs run after the "
                    + "project's (ts-demo, xtest -t ffa_spmc, ts-service-test, psa-*-api-test, those present).")
    Path tsLinux;

    /** The 9p tag of the --ts-linux share (scripts/linux/ts-linux.sh mounts it). */
    static final String TS_LINUX_TAG = "ts-linux";

    /** When this process started (the JVM's start-up included), on System.nanoTime's scale. */
    private final long start = System.nanoTime() - 1_000_000L * Math.max(0,
            System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    private final ResultWatch watch = new ResultWatch(System.out);

    @Override
    public Integer call() {
        if (userModule != null && !Files.isRegularFile(userModule)) throw new Main.UsageException(userModule + ": no such file");
        if (tsLinux != null && !Files.isDirectory(tsLinux.resolve("bin"))) {
            throw new Main.UsageException("--ts-linux " + tsLinux + ": not a Trusted Services install tree (no bin/ directory)");
        }
        consoleSink = watch;
        // Trusted Services' fwu keeps its flash in a semihosting file: a blank one per run unless
        // the user gives a directory.
        Path scratch = null;
        if (semihostingRoot == null) {
            try {
                semihostingRoot = scratch = Files.createTempDirectory("jaffa-ts");
            } catch (IOException e) {
                throw new Main.UsageException("cannot create a temporary directory: " + e.getMessage());
            }
        }
        int status;
        try {
            status = boot(List.of("/bin/bash /" + GUEST_DIR + "/ts-suite.sh"), true);
        } finally {
            if (scratch != null) deleteTree(scratch);
        }
        System.out.flush();
        if (watch.firstOkNanos > 0) {
            System.err.printf("jaffa ts: first case passed %.1f s after start%s; last result at %.1f s%n",
                    (watch.firstOkNanos - start) / 1e9,
                    watch.firstServiceNanos > 0 ? String.format(", first Trusted Services answer at %.1f s",
                            (watch.firstServiceNanos - start) / 1e9) : "",
                    (watch.lastResultNanos - start) / 1e9);
        }
        System.err.print(watch.benchmarks);
        return status;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("jaffa ts: could not remove " + dir + ": " + e.getMessage());
        }
    }

    /**
     * No crypto self-tests at boot (testmgr's {@code cryptomgr.notests}): Debian's kernel builds
     * ECDSA, RSA and SHA-3 in and tests each algorithm as it registers, 0.92 G of the 2.50 G
     * instructions of a run with the eleven real partitions, for a kernel whose crypto this suite
     * does not use (the partitions have their own). {@code jaffa linux} keeps them, and
     * {@code --append cryptomgr.notests=0} brings them back here.
     */
    @Override
    String defaultArguments() { return "cryptomgr.notests"; }

    @Override
    void kernelChosen(Path ffaDrivers) {
        Path module = userModule != null ? userModule
                : ffaDrivers != null ? ffaDrivers.resolve("ffa").resolve("jaffa-ffa-user.ko") : null;
        Path home = Paths.get(System.getProperty("jaffa.home", "."));
        Cpio files = new Cpio().directory("jaffa", 0755).directory(GUEST_DIR, 0755).directory(GUEST_DIR + "/bin", 0755);
        files.file(GUEST_DIR + "/ts-suite.sh", 0755, read(home.resolve("scripts/linux/ts-suite.sh")));
        if (tsLinux != null) {
            shares.add(tsLinux.toString().replace(",", ",,") + ",tag=" + TS_LINUX_TAG + ",readonly=on");
            files.file(GUEST_DIR + "/ts-linux.sh", 0644, read(home.resolve("scripts/linux/ts-linux.sh")));
            files.file(GUEST_DIR + "/ts-linux", 0644, (TS_LINUX_TAG + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (module != null && Files.isRegularFile(module)) files.file(GUEST_DIR + "/jaffa-ffa-user.ko", 0644, read(module));
        Path programs = home.resolve("guests/build/linux");
        try (Stream<Path> list = Files.list(programs)) {
            for (Path p : (Iterable<Path>) list.sorted()::iterator) {
                if (Files.isRegularFile(p)) files.file(GUEST_DIR + "/bin/" + p.getFileName(), 0755, read(p));
            }
        } catch (IOException e) {
            throw new Main.UsageException(programs + ": " + e.getMessage() + " (build the guests: make -C guests)");
        }
        initrdAppendix.add(files.finish());
    }

    @Override
    void partitionsLoaded(Machine m) {
        // What the suite expects on Linux's FF-A bus: every endpoint the SPMC offers, by ID.
        StringBuilder list = new StringBuilder();
        for (String[] row : m.spmc.describe()) list.append(row[1]).append(' ').append(row[2]).append(' ').append(row[0]).append('\n');
        initrdAppendix.add(new Cpio().file(GUEST_DIR + "/partitions", 0644, list.toString().getBytes(StandardCharsets.UTF_8)).finish());
    }

    /**
     * Passes the console through, noting when the first case (and the first Trusted Services
     * service case) passed and the last result came, and timing guest benchmarks on the host:
     * the guest's clock is virtual, so ffa-bench brackets each loop with "# ffa-bench: begin NAME N"
     * and "# ffa-bench: end NAME N" lines.
     */
    static final class ResultWatch extends OutputStream {
        private static final java.util.regex.Pattern BENCH =
                java.util.regex.Pattern.compile("# ffa-bench: (begin|end) (\\S+) (\\d{1,9})");   // guest text: bounded
        /** Case-name prefixes of guests/linux/ts-services and smm-gateway: a partition's service answered. */
        private static final java.util.regex.Pattern SERVICE =
                java.util.regex.Pattern.compile("(its|ps|crypto|attest|bstore|fwu|smm_gateway)_\\d+ .* \\.\\.\\. ok");
        private final OutputStream out;
        private final StringBuilder line = new StringBuilder();
        long firstOkNanos, firstServiceNanos, lastResultNanos, benchBegin;
        private String benchName;
        final StringBuilder benchmarks = new StringBuilder();

        ResultWatch(OutputStream out) { this.out = out; }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (b != '\n') {
                if (line.length() < 512) line.append((char) b);
                return;
            }
            String l = line.toString().strip();
            line.setLength(0);
            long now = System.nanoTime();
            if (l.endsWith(" ... ok") && firstOkNanos == 0) firstOkNanos = now;
            if (firstServiceNanos == 0 && SERVICE.matcher(l).matches()) firstServiceNanos = now;
            java.util.regex.Matcher bench = BENCH.matcher(l);
            if (bench.matches()) {
                if (bench.group(1).equals("begin")) {
                    benchBegin = now;
                    benchName = bench.group(2);
                } else if (benchBegin > 0 && bench.group(2).equals(benchName)) {
                    double seconds = (now - benchBegin) / 1e9;
                    int n = Integer.parseInt(bench.group(3));
                    benchmarks.append(String.format("jaffa ts: %s: %d round trips in %.2f s of host time, %.0f per second%n",
                            bench.group(2), n, seconds, n / seconds));
                    benchBegin = 0;
                }
            }
            if (l.contains(" ... ") || l.matches("\\d+ passed, \\d+ failed.*")) lastResultNanos = now;
        }

        @Override
        public void flush() throws IOException { out.flush(); }
    }
}
