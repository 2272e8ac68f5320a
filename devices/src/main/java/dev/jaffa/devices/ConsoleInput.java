package dev.jaffa.devices;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * Bytes typed at (or piped into) the emulator, as a UART's receiver sees them. {@link #read()}
 * never blocks: the emulation thread asks between instructions and must not wait on the host.
 */
public interface ConsoleInput {
    /** The next input byte (0-255), or -1 when none is available now (also after end of input). */
    int read();

    /** True when no byte will ever arrive again (end of a pipe, or a fixed script used up). */
    default boolean ended() { return true; }

    /**
     * The sender honours the receiver's flow control: it sends only while the UART asserts RTS
     * (a pipe feeding a guest that drives the modem lines, as Linux's serial driver does from the
     * moment a port is opened), so nothing is sent before the guest listens.
     */
    default boolean flowControlled() { return false; }

    /** No input at all. */
    ConsoleInput NONE = () -> -1;

    /** A fixed script of bytes, for tests and reproducible runs. */
    static ConsoleInput of(byte[] bytes) {
        byte[] b = bytes.clone();
        return new ConsoleInput() {
            private int pos;

            @Override
            public int read() { return pos < b.length ? b[pos++] & 0xff : -1; }

            @Override
            public boolean ended() { return pos >= b.length; }
        };
    }

    /**
     * A host stream (stdin, a terminal or a pipe) read by a daemon thread into a bounded
     * single-producer/single-consumer ring, so a blocking {@code InputStream.read} never stalls
     * the emulation thread. When the ring is full the reader waits, which back-pressures a pipe.
     */
    static ConsoleInput of(InputStream in) {
        return new Stream(in);
    }

    final class Stream implements ConsoleInput {
        private static final int CAPACITY = 4096; // a power of two
        private final byte[] ring = new byte[CAPACITY];
        // Monotonic counters; the producer writes only 'written', the consumer only 'consumed'.
        // Volatile write/read order the ring slot stores before the counter is seen.
        private volatile long written, consumed;
        private volatile boolean eof;
        private final Thread reader;

        Stream(InputStream in) {
            reader = new Thread(() -> pump(in), "jaffa-console-input");
            reader.setDaemon(true);
            reader.start();
        }

        private void pump(InputStream in) {
            byte[] chunk = new byte[256];
            try {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        while (written - consumed == CAPACITY) LockSupport.parkNanos(1_000_000L);
                        ring[(int) written & (CAPACITY - 1)] = chunk[i];
                        written = written + 1;
                    }
                }
            } catch (IOException e) {
                // End of input as far as the guest is concerned: the receiver just stays empty.
            }
            eof = true;
        }

        @Override
        public boolean ended() { return eof && consumed == written; }

        @Override
        public int read() {
            long c = consumed;
            if (c == written) return -1;
            int b = ring[(int) c & (CAPACITY - 1)] & 0xff;
            consumed = c + 1;
            return b;
        }
    }
}
