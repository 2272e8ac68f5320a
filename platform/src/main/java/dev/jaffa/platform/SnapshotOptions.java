package dev.jaffa.platform;

import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --snapshot-on TEXT FILE} and {@code --restore FILE} (docs/snapshots.md). A restore needs
 * the options the snapshot was taken with: the machine is built from them as for a fresh run, then
 * the saved state replaces its run-time state. The snapshot names the options and host files it
 * depends on and refuses a run that differs.
 */
final class SnapshotOptions {
    @Option(names = "--snapshot-on", arity = "2", paramLabel = "TEXT FILE", hideParamSyntax = true,
            description = "When the console first prints TEXT, save the whole machine to FILE at the next instruction boundary and exit 0.")
    List<String> snapshotOn;

    @Option(names = "--restore", paramLabel = "FILE",
            description = "Continue the run saved in FILE (give the options it was taken with: --machine, -m, --smp, --entry-el, --append, drives and shares).")
    Path restore;

    /** The snapshot file being read and checked, beside the machine being built. */
    private java.util.concurrent.CompletableFuture<Snapshot.Loaded> loading;
    /** Host time spent reading and checking the file (beside building the machine), and installing it (for --stats). */
    long readNanos, installNanos;
    private Machine machine;
    /** The run ended by saving a snapshot (exit status 0, whatever the guest would have said later). */
    boolean saved;

    /** Before the machine exists: starts reading and checking the whole snapshot file. */
    void check() {
        if (snapshotOn != null && restore != null && snapshotOn.get(1).equals(restore.toString())) {
            throw new Main.UsageException("--snapshot-on and --restore name the same file");
        }
        if (snapshotOn != null && snapshotOn.size() != 2) throw new Main.UsageException("give --snapshot-on once");
        if (snapshotOn != null && snapshotOn.get(0).isEmpty()) throw new Main.UsageException("--snapshot-on needs a non-empty TEXT");
        if (restore == null) return;
        // On another thread: the machine is built and its images loaded meanwhile, and attach waits.
        loading = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                Snapshot.Loaded l = Snapshot.read(restore);
                readNanos = System.nanoTime() - t0;
                loading.complete(l);
            } catch (IOException | RuntimeException | Error e) {
                loading.completeExceptionally(e);   // attach reports it
            }
        }, "jaffa-snapshot-read");
        reader.setDaemon(true);
        reader.start();
    }

    boolean restoring() { return restore != null; }

    private TextWatch watch;

    /**
     * A console stream (the UART's, semihosting's stdout) watched for the snapshot text; the
     * streams share one matcher, so the text is found in whichever the guest prints it to.
     */
    OutputStream console(OutputStream console) {
        if (snapshotOn == null) return console;
        if (watch == null) watch = new TextWatch(snapshotOn.get(0).getBytes(StandardCharsets.UTF_8), () -> machine.requestSnapshot());
        TextWatch w = watch;
        return new OutputStream() {
            @Override public void write(int b) throws IOException { console.write(b); w.feed((byte) b); }
            @Override public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    // Bytes up to the end of the text go out before the snapshot is requested.
                    console.write(b[off + i]);
                    w.feed(b[off + i]);
                }
            }
            @Override public void flush() throws IOException { console.flush(); }
        };
    }

    /** What this run's machine is, for the snapshot header and the restore check. */
    static Snapshot.Header header(Machine.Config cfg, String append, List<String> drives, List<String> shares) {
        Snapshot.Header h = new Snapshot.Header();
        String v = Main.class.getPackage().getImplementationVersion();
        h.jaffaVersion = v != null ? v : "development build";
        h.options.put("--machine", cfg.board.name().toLowerCase(java.util.Locale.ROOT));
        h.options.put("-m", Long.toString(cfg.ramSize));
        h.options.put("--smp", Integer.toString(cfg.smp));
        h.options.put("--entry-el", Integer.toString(cfg.entryEl));
        h.options.put("--append", append);
        try {
            // The paths as VirtioOptions reads them (",," is a comma in a name); they were checked there.
            for (String d : drives) h.hostFile("--drive", Path.of(VirtioOptions.parse("--drive", d, java.util.Set.of("format", "readonly", "snapshot")).get("")));
            for (String s : shares) h.hostFile("--share", Path.of(VirtioOptions.parse("--share", s, java.util.Set.of("tag", "readonly")).get("")));
        } catch (IOException e) {
            throw new Main.UsageException(e.getMessage());
        }
        return h;
    }

    /** After the machine is built and its images loaded: installs the snapshot (waiting for the file to be read). */
    void attach(Machine m, Snapshot.Header mine) {
        machine = m;
        if (loading == null) return;
        long t0 = System.nanoTime();
        try {
            Snapshot.restore(m, mine, loading.join());
        } catch (java.util.concurrent.CompletionException e) {
            Throwable why = e.getCause();
            if (why instanceof OutOfMemoryError) throw new Main.UsageException(restore + ": too large for this JVM's heap");
            if (why instanceof IOException) throw new Main.UsageException(restore + ": " + why.getMessage());
            throw e;
        } catch (SnapshotFormatException e) {
            throw new Main.UsageException(restore + ": " + e.getMessage());
        } finally {
            installNanos = System.nanoTime() - t0;
        }
        loading = null;
    }

    /** After the run: saves the machine if it stopped at the snapshot point. Returns an exit status, or -1 to go on as usual. */
    int finish(Machine m, RunResult r, Snapshot.Header mine) {
        if (r.reason != StopReason.SNAPSHOT) {
            if (snapshotOn != null) System.err.println("jaffa: the console never printed '" + snapshotOn.get(0) + "': no snapshot saved");
            return -1;
        }
        Path file = Path.of(snapshotOn.get(1));
        try {
            Snapshot.save(m, mine, file);
            saved = true;
        } catch (IOException e) {
            System.err.println("jaffa: cannot save a snapshot to " + file + ": " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        return 0;
    }

    /** Calls {@code hit} once, when the bytes fed first contain {@code text}. */
    static final class TextWatch {
        private final byte[] text;
        private final int[] fail;
        private final Runnable hit;
        private int matched;
        private boolean done;

        TextWatch(byte[] text, Runnable hit) {
            this.text = text;
            this.hit = hit;
            fail = new int[text.length + 1];
            // Knuth-Morris-Pratt: where a partial match continues after a mismatch.
            fail[0] = -1;
            for (int i = 1, k = -1; i <= text.length; i++) {
                while (k >= 0 && text[k] != text[i - 1]) k = fail[k];
                fail[i] = ++k;
            }
        }

        void feed(byte c) {
            if (done) return;
            while (matched >= 0 && (matched == text.length || text[matched] != c)) matched = fail[matched];
            matched++;
            if (matched == text.length) {
                done = true;
                hit.run();
            }
        }
    }
}
