package dev.jaffa.tests.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One finished child process: what it wrote on stdout and stderr, and how it ended. */
final class ProcessRun {
    final List<String> command;
    final String stdout, stderr;
    /** The exit status, or -1 when the process could not start or timed out. */
    final int exitStatus;
    /** Why the run did not end on its own (could not start, timed out), or null. */
    final String problem;
    final long millis;

    private ProcessRun(List<String> command, String stdout, String stderr, int exitStatus, String problem, long millis) {
        this.command = command;
        this.stdout = stdout;
        this.stderr = stderr;
        this.exitStatus = exitStatus;
        this.problem = problem;
        this.millis = millis;
    }

    /** Runs {@code command} with {@code stdin} as its whole input (then end of file), killing it after the timeout. */
    static ProcessRun run(List<String> command, byte[] stdin, long timeoutSeconds) {
        return run(command, stdin, timeoutSeconds, null);
    }

    /** The same in the working directory {@code dir} (null: this process's). */
    static ProcessRun run(List<String> command, byte[] stdin, long timeoutSeconds, java.io.File dir) {
        long t0 = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir).start();
        } catch (IOException e) {
            return new ProcessRun(command, "", "", -1, "cannot start " + command.get(0) + ": " + e.getMessage(), 0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Thread t1 = drain(p.getInputStream(), out), t2 = drain(p.getErrorStream(), err);
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException ignored) {
            // The child exited (or closed its input) before reading everything: its output says why.
        }
        String problem = null;
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                problem = "timed out after " + timeoutSeconds + " s";
            }
            t1.join();
            t2.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new ProcessRun(command, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1),
                problem == null ? p.exitValue() : -1, problem, millis);
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try { in.transferTo(to); } catch (IOException ignored) { }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A readable account of the run for assertion messages. */
    String describe(String who) {
        return "--- " + who + ": exit " + exitStatus + (problem != null ? " (" + problem + ")" : "") + ", " + millis + " ms\n"
                + "    " + String.join(" ", command).replace(System.getProperty("java.class.path"), "<test class path>") + "\n"
                + "--- " + who + " stdout:\n" + stdout
                + (stderr.isEmpty() ? "" : "--- " + who + " stderr:\n" + stderr);
    }
}
