package dev.jaffa.interp.snapshot;

/** A snapshot file that cannot be restored: truncated, corrupted, from another version, or for another machine. */
public final class SnapshotFormatException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message) { super(message); }
}
