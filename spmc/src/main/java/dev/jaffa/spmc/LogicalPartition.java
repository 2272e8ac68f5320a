package dev.jaffa.spmc;

/**
 * A logical partition: an endpoint implemented in Java inside the SPMC (OP-TEE's LSPs). It answers
 * direct requests synchronously.
 */
public abstract class LogicalPartition extends Endpoint {
    protected LogicalPartition(String name, int id, String uuid) {
        super(name, id, uuidWords(uuid), Spmc.VERSION);
    }

    /** Receives direct requests; runs on every PE (OP-TEE reports one context per core). */
    @Override
    int properties() { return Manifest.MSG_RECV_DIRECT | 1 << 8; }

    @Override
    int executionContexts() { return 1; }

    /** The SPMC this endpoint lives in, set when it is added. */
    Spmc spmc;

    /** Whether memory may be shared or lent to this endpoint (OP-TEE's own endpoint takes it). */
    boolean receivesMemory() { return false; }

    /**
     * Handles a direct request whose payload is {@code args[0..4]} (x3..x7) and leaves the response
     * payload in the same array.
     */
    public abstract void directRequest(long[] args, boolean is64);
}
