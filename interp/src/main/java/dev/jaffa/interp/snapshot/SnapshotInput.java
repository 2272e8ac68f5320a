package dev.jaffa.interp.snapshot;

import java.nio.ByteBuffer;

/**
 * Reads a section written by {@link SnapshotOutput}. Every read is bounds-checked: running past the
 * section's end, or an array whose length differs from the component's, is a {@link
 * SnapshotFormatException} naming the section.
 */
public final class SnapshotInput {
    private final String section;
    private final ByteBuffer b;

    public SnapshotInput(String section, byte[] payload) {
        this.section = section;
        this.b = ByteBuffer.wrap(payload);
    }

    public String section() { return section; }

    private void need(int n) throws SnapshotFormatException {
        if (n < 0 || b.remaining() < n) throw new SnapshotFormatException("section '" + section + "' is shorter than its contents");
    }

    public long readLong() throws SnapshotFormatException { need(8); return b.getLong(); }

    public int readInt() throws SnapshotFormatException { need(4); return b.getInt(); }

    public boolean readBoolean() throws SnapshotFormatException { need(1); return b.get() != 0; }

    /** An int in {@code [min, max]}. */
    public int readInt(int min, int max) throws SnapshotFormatException {
        int v = readInt();
        if (v < min || v > max) throw new SnapshotFormatException("section '" + section + "' holds an out-of-range value " + v);
        return v;
    }

    public String readString() throws SnapshotFormatException {
        int n = readInt();
        if (n == -1) return null;
        need(n);
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    public byte[] readBytes() throws SnapshotFormatException {
        int n = readInt();
        need(n);
        byte[] s = new byte[n];
        b.get(s);
        return s;
    }

    private int length(int expected) throws SnapshotFormatException {
        int n = readInt();
        if (n != expected) {
            throw new SnapshotFormatException("section '" + section + "' holds an array of " + n + " where the machine has " + expected);
        }
        return n;
    }

    public void readLongs(long[] into) throws SnapshotFormatException {
        length(into.length);
        need(8 * into.length);
        for (int i = 0; i < into.length; i++) into[i] = b.getLong();
    }

    public void readInts(int[] into) throws SnapshotFormatException {
        length(into.length);
        need(4 * into.length);
        for (int i = 0; i < into.length; i++) into[i] = b.getInt();
    }

    public void readBooleans(boolean[] into) throws SnapshotFormatException {
        length(into.length);
        need(into.length);
        for (int i = 0; i < into.length; i++) into[i] = b.get() != 0;
    }

    public void readBytesInto(byte[] into) throws SnapshotFormatException {
        length(into.length);
        need(into.length);
        b.get(into);
    }

    /** Fails unless every byte was consumed: a section longer than its reader is from another layout. */
    public void end() throws SnapshotFormatException {
        if (b.hasRemaining()) throw new SnapshotFormatException("section '" + section + "' has " + b.remaining() + " bytes more than this version reads");
    }
}
