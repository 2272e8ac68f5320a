package dev.jaffa.interp.snapshot;

/**
 * A component whose run-time state a snapshot saves and restores field by field. {@link #restore}
 * reads exactly what {@link #save} wrote, into a component built from the same configuration.
 */
public interface Snapshottable {
    void save(SnapshotOutput out);

    void restore(SnapshotInput in) throws SnapshotFormatException;

    /** Why the component's current state cannot be saved (a one-line reason), or null when it can. */
    default String unsavable() { return null; }
}
