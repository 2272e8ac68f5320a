package dev.jaffa.spmc;

/**
 * An endpoint's RX/TX buffer pair (FF-A §7.2). Addresses are physical for the normal world and
 * virtual for partitions; {@link Spmc} resolves them. The RX buffer is either free (the SPMC may
 * write it) or full (the endpoint owns it until FFA_RX_RELEASE).
 */
final class Mailbox {
    boolean mapped;
    long tx, rx;
    int pages;
    boolean rxFull;

    void map(long tx, long rx, int pages) {
        this.tx = tx;
        this.rx = rx;
        this.pages = pages;
        this.mapped = true;
        this.rxFull = false;
    }

    void unmap() {
        mapped = false;
        rxFull = false;
    }

    int size() { return pages * SecureMemory.PAGE; }
}
