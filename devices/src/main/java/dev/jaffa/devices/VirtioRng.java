package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;


/**
 * virtio entropy device (virtio v1.2 §5.4): one request queue whose device-writable buffers are
 * filled with random bytes. The bytes come from a seeded SplitMix64 generator ({@link SeededRandom}), so a run with
 * the same seed gives the guest the same "entropy" (reproducibility over secrecy, by design).
 */
public final class VirtioRng implements VirtioDevice {
    public static final int DEVICE_ID = 4;
    /** QEMU's virtio-rng queue size. */
    static final int QUEUE_SIZE = 8;

    private final SeededRandom random;
    @NotState("scratch")
    private final byte[] scratch = new byte[256];

    public VirtioRng(long seed) {
        this.random = new SeededRandom(seed);
    }

    @Override public int deviceId() { return DEVICE_ID; }

    @Override public long features() { return 0; }

    @Override public int queueCount() { return 1; }

    @Override public int queueMaxSize(int queue) { return QUEUE_SIZE; }

    @Override
    public int handle(int queue, VirtqChain chain) {
        long want = chain.writableLength();
        long done = 0;
        while (done < want) {
            random.nextBytes(scratch);
            int n = (int) Math.min(scratch.length, want - done);
            chain.write(done, scratch, 0, n);
            done += n;
        }
        return (int) Math.min(done, Integer.MAX_VALUE);
    }

    /** The random stream does not restart on a device reset: a driver reset must not replay entropy. */
    @Override public void reset() { }

    // ---- snapshots ----

    @Override public void save(SnapshotOutput o) { o.writeLong(random.seed); }

    @Override public void restore(SnapshotInput in) throws SnapshotFormatException { random.seed = in.readLong(); }
}
