package dev.jaffa.platform.gdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The socket side of the stub, on a thread of its own: accepts one debugger at a time, frames
 * {@code $payload#checksum} packets (acknowledging each with {@code +}, or {@code -} when the
 * checksum is wrong, as the remote protocol's "Packet acknowledgment" section says), and hands
 * complete payloads to the emulation thread through a queue. A 0x03 byte between packets is an
 * interrupt request and goes to the stub at once. Nothing a client sends can end this thread:
 * garbage is skipped, a disconnect just waits for the next client.
 */
final class GdbConnection {
    /** Queued when the client went away (the stub detaches). */
    static final String DISCONNECTED = "\u0000disconnected";
    /** Longest payload accepted; longer packets are dropped (and NAKed). */
    static final int MAX_PACKET = 1 << 16;

    private final ServerSocket server;
    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final Runnable onInterrupt, onConnect;
    private volatile Socket client;
    private volatile OutputStream out;
    /** The last packet sent, resent when the client NAKs it. */
    private byte[] lastSent;

    GdbConnection(String host, int port, Runnable onConnect, Runnable onInterrupt) throws IOException {
        this.onConnect = onConnect;
        this.onInterrupt = onInterrupt;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(host, port));
        Thread t = new Thread(this::serve, "jaffa-gdb");
        t.setDaemon(true);
        t.start();
    }

    /** The port listened on (the one chosen when 0 was asked for). */
    int port() { return server.getLocalPort(); }

    String address() { return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort(); }

    boolean connected() { return client != null; }

    /** True when a packet (or a disconnect) waits. */
    boolean hasInput() { return !inbox.isEmpty(); }

    /** The next payload, waiting up to {@code millis}; null when none came. */
    String take(long millis) {
        try {
            return inbox.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sends {@code payload} (already escaped where binary) as one packet; a dead client is ignored. */
    synchronized void send(String payload) {
        byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
        int sum = 0;
        for (byte b : p) sum += b & 0xFF;
        byte[] frame = new byte[p.length + 4];
        frame[0] = '$';
        System.arraycopy(p, 0, frame, 1, p.length);
        frame[p.length + 1] = '#';
        frame[p.length + 2] = (byte) Character.forDigit(sum >> 4 & 0xF, 16);
        frame[p.length + 3] = (byte) Character.forDigit(sum & 0xF, 16);
        lastSent = frame;
        write(frame);
    }

    private synchronized void resend() {
        if (lastSent != null) write(lastSent);
    }

    private synchronized void write(byte[] b) {
        OutputStream o = out;
        if (o == null) return;
        try {
            o.write(b);
            o.flush();
        } catch (IOException e) {
            drop();
        }
    }

    /** Closes the client connection (after a kill or detach, or when it broke). */
    synchronized void drop() {
        Socket s = client;
        if (s != null) {
            try { s.close(); } catch (IOException ignored) { }
        }
    }

    private void serve() {
        while (true) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) return;
                continue;
            }
            try {
                s.setTcpNoDelay(true);
                synchronized (this) {
                    out = s.getOutputStream();
                    client = s;
                    lastSent = null;
                }
                onConnect.run();
                read(s.getInputStream());
            } catch (IOException ignored) {
                // The client went away: detach below.
            } finally {
                synchronized (this) {
                    client = null;
                    out = null;
                }
                try { s.close(); } catch (IOException ignored) { }
                inbox.add(DISCONNECTED);
            }
        }
    }

    /** The framing state machine over the client's bytes, until end of stream. */
    private void read(InputStream in) throws IOException {
        StringBuilder packet = new StringBuilder();
        int state = 0;   // 0: between packets, 1: in a payload, 2/3: the two checksum digits
        int sum = 0, given = 0;
        boolean overflow = false;
        int b;
        while ((b = in.read()) >= 0) {
            switch (state) {
                case 0:
                    if (b == '$') {
                        packet.setLength(0);
                        sum = 0;
                        overflow = false;
                        state = 1;
                    } else if (b == 3) {
                        onInterrupt.run();
                    } else if (b == '-') {
                        resend();
                    }
                    // '+' acknowledges our last packet; anything else is noise and skipped.
                    break;
                case 1:
                    if (b == '#') {
                        state = 2;
                    } else if (b == '$') {
                        // A new packet started before this one ended: drop the broken one.
                        packet.setLength(0);
                        sum = 0;
                        overflow = false;
                    } else {
                        sum += b;
                        if (packet.length() < MAX_PACKET) packet.append((char) b); else overflow = true;
                    }
                    break;
                case 2:
                    given = Character.digit(b, 16) << 4;
                    state = Character.digit(b, 16) < 0 ? -1 : 3;
                    if (state < 0) { ack('-'); state = 0; }
                    break;
                default:
                    int low = Character.digit(b, 16);
                    state = 0;
                    if (low < 0 || (given | low) != (sum & 0xFF) || overflow) {
                        ack('-');
                    } else {
                        ack('+');
                        inbox.add(packet.toString());
                    }
                    break;
            }
        }
    }

    private synchronized void ack(char c) {
        write(new byte[] {(byte) c});
    }
}
