package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;

import dev.jaffa.interp.memory.SystemBus;

/**
 * The true random number generator ("Trusted Entropy Source") of the Juno board, which the FVP Base
 * models at the same address (0x7FE6_0000) and Trusted Services' crypto partition reads through
 * its juno_trng driver (taken from TF-A's Juno port). Register interface, 32-bit words:
 *
 * <pre>
 *   0x00..0x0C  OUTPUT_0..3  the 128 bits of the last collection (read only)
 *   0x10        STATUS       bit 0: outputs valid; writing 1 discards them
 *   0x14        INTMASK      kept, no interrupt is raised (drivers poll STATUS)
 *   0x18        CONFIG       sample clocks per collection; kept, collections are immediate
 *   0x1C        CONTROL      writing bit 0 starts a collection
 * </pre>
 *
 * As with {@link VirtioRng}, the bits come from a seeded SplitMix64 generator: a run with the
 * same seed gives the same "entropy" (reproducibility over secrecy, by design). Outputs read as 0
 * while no collection is valid, as they do once discarded.
 */
public final class JunoTrng implements SystemBus.Device, Snapshottable {
    public static final int OUTPUT_0 = 0x00, STATUS = 0x10, INTMASK = 0x14, CONFIG = 0x18, CONTROL = 0x1C;
    /** Size of the register window. */
    public static final long SIZE = 0x1000;
    static final int OUTPUTS = 4;

    private final SeededRandom random;
    private final int[] output = new int[OUTPUTS];
    private boolean valid;
    private int intmask, config;

    public JunoTrng(long seed) {
        this.random = new SeededRandom(seed);
    }

    @Override
    public long read(long offset, int size) {
        long v;
        if (offset >= OUTPUT_0 && offset < OUTPUT_0 + 4 * OUTPUTS) {
            v = valid ? output[(int) (offset - OUTPUT_0) >>> 2] & 0xFFFF_FFFFL : 0;
            v >>>= 8 * (offset & 3);
        } else if (offset == STATUS) {
            v = valid ? 1 : 0;
        } else if (offset == INTMASK) {
            v = intmask & 0xFFFF_FFFFL;
        } else if (offset == CONFIG) {
            v = config & 0xFFFF_FFFFL;
        } else {
            v = 0;   // CONTROL reads as zero (a collection completes at once); unassigned offsets too
        }
        return size >= 8 ? v : v & ((1L << 8 * size) - 1);
    }

    @Override
    public void write(long offset, int size, long value) {
        int v = (int) value;
        if (offset == STATUS) {
            if ((v & 1) != 0) valid = false;
        } else if (offset == INTMASK) {
            intmask = v;
        } else if (offset == CONFIG) {
            config = v;
        } else if (offset == CONTROL && (v & 1) != 0) {
            for (int i = 0; i < OUTPUTS; i++) output[i] = random.nextInt();
            valid = true;
        }
    }

    // ---- snapshots ----

    @Override
    public void save(SnapshotOutput o) { o.writeLong(random.seed); o.writeInts(output); o.writeBoolean(valid); o.writeInt(intmask); o.writeInt(config); }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        random.seed = in.readLong(); in.readInts(output); valid = in.readBoolean(); intmask = in.readInt(); config = in.readInt();
    }
}
