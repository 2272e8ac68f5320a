package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;

/**
 * A virtio device type behind a transport such as {@link VirtioMmio} (virtio v1.2 §5). The
 * transport owns feature negotiation, the virtqueues and interrupts; the backend sees one
 * descriptor chain at a time, already checked to lie in guest RAM.
 */
public interface VirtioDevice extends Snapshottable {
    /** The virtio device ID (§5: 1 network, 2 block, 4 entropy, ...). */
    int deviceId();

    /** Device-type feature bits offered (bits 0-23 and any others the backend implements). */
    long features();

    /** The number of virtqueues. */
    int queueCount();

    /** The largest queue size the device supports for {@code queue} (QueueNumMax). */
    default int queueMaxSize(int queue) { return 256; }

    /** The size of the device configuration space in bytes. */
    default int configSize() { return 0; }

    /** A driver read of {@code size} (1, 2 or 4) bytes of configuration space, within configSize. */
    default long configRead(int offset, int size) { return 0; }

    /** A driver write to configuration space, within configSize. */
    default void configWrite(int offset, int size, long value) { }

    /** The driver set DRIVER_OK having accepted {@code features}. */
    default void driverOk(long features) { }

    /** The device was reset (Status written with 0, or the platform reset). */
    default void reset() { }

    /**
     * Consumes one available descriptor chain of {@code queue} and returns the number of bytes
     * written into its device-writable part (the used element's len), or a negative value if the
     * request is malformed for this device type, which marks the device DEVICE_NEEDS_RESET.
     */
    int handle(int queue, VirtqChain chain);
}
