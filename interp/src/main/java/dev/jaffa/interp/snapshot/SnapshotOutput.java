package dev.jaffa.interp.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One section's payload, big-endian (java.io.DataOutput); arrays are written with their length. */
public final class SnapshotOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(bytes);

    public void writeLong(long v) { try { out.writeLong(v); } catch (IOException e) { throw new UncheckedIOException(e); } }

    public void writeInt(int v) { try { out.writeInt(v); } catch (IOException e) { throw new UncheckedIOException(e); } }

    public void writeBoolean(boolean v) { try { out.writeBoolean(v); } catch (IOException e) { throw new UncheckedIOException(e); } }

    public void writeString(String s) {
        if (s == null) { writeInt(-1); return; }
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        writeBytes(b);
    }

    public void writeBytes(byte[] b) {
        writeInt(b.length);
        try { out.write(b, 0, b.length); } catch (IOException e) { throw new UncheckedIOException(e); }
    }

    public void writeLongs(long[] a) { writeInt(a.length); for (long v : a) writeLong(v); }

    public void writeInts(int[] a) { writeInt(a.length); for (int v : a) writeInt(v); }

    public void writeBooleans(boolean[] a) { writeInt(a.length); for (boolean v : a) writeBoolean(v); }

    /** The payload written so far. */
    public byte[] toByteArray() { return bytes.toByteArray(); }
}
