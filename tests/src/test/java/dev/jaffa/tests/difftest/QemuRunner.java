package dev.jaffa.tests.difftest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an ELF image under {@code qemu-system-aarch64 -M virt -cpu cortex-a57} with semihosting. */
final class QemuRunner {
    private QemuRunner() {}

    static final String QEMU = System.getProperty("jaffa.qemu", "qemu-system-aarch64");

    /** The QEMU command line for {@code elf}, optionally with a semihosting command line. */
    static List<String> command(Path elf, String commandLine) {
        // QEMU 7.2 writes the semihosting console to stderr unless it is given a chardev.
        List<String> cmd = new ArrayList<>(List.of(QEMU, "-M", "virt", "-cpu", "cortex-a57",
                "-display", "none", "-serial", "none", "-monitor", "none", "-nodefaults",
                "-chardev", "stdio,id=semihosting", "-semihosting-config", "enable=on,target=native,chardev=semihosting",
                "-kernel", elf.toString()));
        // With -append, QEMU's SYS_GET_CMDLINE is "<kernel file name> <append text>".
        if (commandLine != null) cmd.addAll(List.of("-append", commandLine));
        return cmd;
    }

    /** True when a usable QEMU is on the PATH (or at -Djaffa.qemu). */
    static boolean available() {
        try {
            Process p = new ProcessBuilder(QEMU, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static RunOutput run(byte[] elf, String commandLine, long timeoutSeconds) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("jaffa-difftest-", ".elf");
            Files.write(tmp, elf);
            return run(tmp, commandLine, timeoutSeconds);
        } catch (IOException e) {
            return new RunOutput("", -1, "cannot write temporary ELF: " + e.getMessage());
        } finally {
            if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
        }
    }

    static RunOutput run(Path elf, String commandLine, long timeoutSeconds) {
        Process p;
        try {
            p = new ProcessBuilder(command(elf, commandLine)).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            return new RunOutput("", -1, "cannot start " + QEMU + ": " + e.getMessage());
        }
        try {
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            Thread t1 = drain(p.getInputStream(), out), t2 = drain(p.getErrorStream(), err);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                t1.join();
                t2.join();
                return new RunOutput(out.toString(StandardCharsets.ISO_8859_1), -1,
                        "QEMU timed out after " + timeoutSeconds + " s");
            }
            t1.join();
            t2.join();
            String stderr = err.toString(StandardCharsets.ISO_8859_1).trim();
            return new RunOutput(out.toString(StandardCharsets.ISO_8859_1), p.exitValue(),
                    stderr.isEmpty() ? null : "QEMU stderr: " + stderr);
        } catch (IOException | InterruptedException e) {
            p.destroyForcibly();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return new RunOutput("", -1, "QEMU: " + e);
        }
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try { in.transferTo(to); } catch (IOException ignored) { }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
