package dev.jaffa.spmc;

/** A secure partition running at S-EL0 on the emulated CPU. */
final class Partition extends Endpoint {
    /** SP states (reference ffa.md §1.5): busy until the first FFA_MSG_WAIT. */
    enum State { BUSY, IDLE, PREEMPTED, DEAD }

    @dev.jaffa.interp.snapshot.NotState("configuration: the manifest")
    final Manifest manifest;
    final AddressSpace space;
    final String source;
    State state = State.BUSY;
    /** The endpoint whose direct request this SP is handling, or -1. */
    int caller = -1;
    /** The request's function ID (its response must have the same width). */
    int callerFid;
    /** True once the first FFA_MSG_WAIT ended initialisation. */
    boolean initialised;
    /** Boot-info and FDT-copy mappings, removed after initialisation. */
    long bootInfoVa, fdtVa;
    int bootInfoPages, fdtPages;
    /** Image range in the SP's address space, for fault reports. */
    long imageVa, imageEnd;
    /** What the image's link addresses are offset by (an ELF's symbols + loadBias = run-time VA; gdb's add-symbol-file -o). */
    @dev.jaffa.interp.snapshot.NotState("set when the image is loaded; a restore loads the same partitions")
    long loadBias = Spmc.IMAGE_VA;
    /** Memory donated to this partition (VA, pages): its own now. */
    final java.util.List<long[]> donated = new java.util.ArrayList<>();
    /** The last call that failed (x0..x7) and how many times in a row it was made (see Spmc.failedCall). */
    final long[] lastFailedCall = new long[8];
    int failedStreak;
    /** Memory regions from the manifest: VA, pages; MEM_PERM_GET/SET may act on them. */
    long[] regionVa = new long[0];

    Partition(String name, int id, Manifest manifest, AddressSpace space, String source) {
        super(name, id, manifest.uuid, manifest.ffaVersion);   // the negotiated version starts as the manifest's
        this.manifest = manifest;
        this.space = space;
        this.source = source;
    }

    @Override
    Partition partition() { return this; }

    @Override
    int properties() {
        int p = manifest.messagingMethod & 7;
        if (manifest.ffaVersion >= 0x1_0002) p |= manifest.messagingMethod & (Manifest.MSG_RECV_DIRECT2 | Manifest.MSG_SEND_DIRECT2);
        if (manifest.notificationSupport && manifest.ffaVersion >= 0x1_0001) p |= 1 << 3;   // receives notifications
        return p | 1 << 8;   // PE endpoint ID, AArch64
    }

    @Override
    int executionContexts() { return 1; }

    long ttbr0() { return space.root | (long) (id & 0xFF) << 48; }
}
