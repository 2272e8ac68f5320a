package dev.jaffa.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The console stream of {@code jaffa linux -- COMMAND}: passes the guest's output through, except
 * the line {@value #MARKER}N its /init prints after COMMAND, which it swallows and records, so
 * the command's status becomes Jaffa's. Only a line that starts with the marker is held back, and
 * only until it stops matching, so interactive output is never delayed.
 */
final class ExitStatusFilter extends OutputStream {
    static final String MARKER = "jaffa-linux-exit-status=";
    private static final byte[] M = MARKER.getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DIGITS = 4;

    private final OutputStream out;
    private final byte[] held = new byte[M.length + MAX_DIGITS + 2];
    private int heldLength;
    private boolean lineStart = true;
    private int status = -1;

    ExitStatusFilter(OutputStream out) { this.out = out; }

    /** The status the guest reported, or -1 if it reported none. */
    int status() { return status; }

    @Override
    public void write(int b) throws IOException {
        if (heldLength == 0 && !lineStart) {
            out.write(b);
            lineStart = b == '\n';
            return;
        }
        held[heldLength++] = (byte) b;
        if (!stillPossible()) {
            out.write(held, 0, heldLength);
            lineStart = b == '\n';
            heldLength = 0;
        }
    }

    /** Whether the held bytes can still become a marker line; records the status when complete. */
    private boolean stillPossible() {
        int n = heldLength;
        if (n <= M.length) return held[n - 1] == M[n - 1];
        byte b = held[n - 1];
        if (b == '\n' || b == '\r') {
            int end = b == '\n' && held[n - 2] == '\r' ? n - 2 : n - 1;
            if (end == M.length) return false;
            if (b == '\r') return n < held.length; // wait for the '\n' of a CR LF
            status = Integer.parseInt(new String(held, M.length, end - M.length, StandardCharsets.US_ASCII));
            heldLength = 0;
            lineStart = true;
            return true;
        }
        return b >= '0' && b <= '9' && held[n - 2] != '\r' && n - M.length <= MAX_DIGITS;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) write(b[off + i]);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
