package dev.jaffa.devices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Puts the controlling terminal into raw mode so keystrokes (including Ctrl-C) reach the guest
 * one by one, and restores it at JVM exit. The platform decides whether to call {@link #raw()};
 * devices never change the terminal themselves.
 */
public final class TerminalMode {
    private static boolean done;

    private TerminalMode() { }

    /**
     * Switches /dev/tty to raw, no-echo mode when Java has a console (stdin and stdout are a
     * terminal), with output post-processing kept on ("opost") as QEMU's stdio backend does, so a
     * guest's bare "\n" still starts a new line. Returns whether the mode was changed.
     */
    public static synchronized boolean raw() {
        if (done) return true;
        if (System.console() == null) return false;
        try {
            String saved = stty("-g").trim();
            if (saved.isEmpty() || stty("raw -echo opost") == null) return false;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stty(saved), "jaffa-tty-restore"));
            done = true;
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Runs stty on /dev/tty; returns its output, or null if it failed. */
    private static String stty(String args) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty " + args + " < /dev/tty")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
