package dev.jaffa.spmc;

import dev.jaffa.interp.snapshot.NotState;

import dev.jaffa.interp.Cpu;
import dev.jaffa.monitor.Ffa;

/**
 * FF-A indirect messaging (FF-A v1.1 §7): FFA_MSG_SEND2 copies a partition message from the
 * sender's TX buffer into the receiver's RX buffer, which becomes full (the receiver frees it with
 * FFA_RX_RELEASE), and pends the framework notification "RX buffer full" for the receiver. Normal
 * world to partition, partition to partition and partition to normal world, as Hafnium's SPMC
 * does it without a hypervisor. FFA_RX_ACQUIRE is the hypervisor's and is not supported.
 *
 * <p>The message starts with Hafnium's {@code struct ffa_partition_rxtx_header}: u32 flags,
 * u32 reserved, u32 payload offset, u16 receiver, u16 sender, u32 payload size (20 bytes at v1.1);
 * v1.2 adds u32 reserved and a 16-byte UUID (40 bytes). Header and payload fit one 4 KiB page.
 */
final class IndirectMessaging {
    static final int HEADER_V1_1 = 20, HEADER_V1_2 = 40, MESSAGE_MAX = 4096;
    static final int OFF_OFFSET = 8, OFF_RECEIVER = 12, OFF_SENDER = 14, OFF_SIZE = 16;

    @NotState("wiring")
    private final Spmc spmc;
    /** The message being moved: header, then the whole message (no allocation per message). */
    @NotState("scratch")
    private final byte[] message = new byte[MESSAGE_MAX];
    /** Zeros for the rest of the receiver's RX buffer. */
    private static final byte[] ZEROS = new byte[SecureMemory.PAGE];

    IndirectMessaging(Spmc spmc) { this.spmc = spmc; }

    /**
     * FFA_MSG_SEND2 (v1.1; the ABI table refuses older callers) from the normal world or a
     * partition: w1[31:16] the sender VM ID a hypervisor would name (MBZ here), w2 flags (bit 1
     * delay SRI, partitions only). Checks in Hafnium's order; nothing changes unless the message is
     * delivered.
     */
    void send(Caller c, Cpu cpu) {
        Partition sp = c.partition();
        Mailbox tx = c.mailbox;
        int version = c.version, senderId = c.id;
        int flags = (int) cpu.x[2];
        int error = 0;
        byte[] header = message;
        if ((cpu.x[1] >>> 16 & 0xFFFF) != 0) {
            error = Ffa.INVALID_PARAMETERS;              // only a hypervisor names another sender
        } else if (!tx.mapped) {
            error = Ffa.DENIED;                          // no TX buffer
        } else if (!spmc.readTx(tx, sp, HEADER_V1_1, header)) {
            error = Ffa.ABORTED;                         // the TX buffer is not readable (Hafnium: copy fault)
        }
        if (error != 0) {
            Ffa.error(cpu, error);
            return;
        }
        int offset = le32(header, OFF_OFFSET), size = le32(header, OFF_SIZE);
        int receiverId = le16(header, OFF_RECEIVER), headerSender = le16(header, OFF_SENDER);
        Endpoint re = receiverId == Ffa.NS_ENDPOINT_ID ? null : spmc.endpoint(receiverId);
        Partition receiver = re instanceof Partition ? (Partition) re : null;
        Caller to = receiverId == Ffa.NS_ENDPOINT_ID ? spmc.normalWorld() : receiver;
        Mailbox rx = to == null ? null : to.mailbox;
        int receiverVersion = to == null ? 0 : to.version;
        long total = (offset & 0xFFFF_FFFFL) + (size & 0xFFFF_FFFFL);
        if (headerSender != senderId || receiverId == senderId) {
            error = Ffa.INVALID_PARAMETERS;
        } else if (sp == null && flags != 0 || (flags & ~Notifications.FLAG_DELAY_SRI) != 0) {
            error = Ffa.INVALID_PARAMETERS;              // flags are for the secure virtual instance only
        } else if (rx == null) {
            error = Ffa.INVALID_PARAMETERS;              // no such receiver (logical partitions have no RX buffer)
        } else if (receiver != null && receiver.state == Partition.State.DEAD) {
            error = Ffa.ABORTED;
        } else if (receiverVersion < Ffa.VERSION_1_1
                || sp != null && (sp.manifest.messagingMethod & Manifest.MSG_INDIRECT) == 0
                || receiver != null && (receiver.manifest.messagingMethod & Manifest.MSG_INDIRECT) == 0) {
            error = Ffa.DENIED;                          // indirect messaging is not among their methods
        } else if (!rx.mapped || rx.rxFull) {
            error = Ffa.BUSY;                            // the receiver's RX buffer is not free
        } else if (Integer.compareUnsigned(offset, version >= Ffa.VERSION_1_2 ? HEADER_V1_2 : HEADER_V1_1) < 0
                || total > MESSAGE_MAX) {
            error = Ffa.INVALID_PARAMETERS;              // payload over the header, or more than a page
        }
        if (error == 0 && (!spmc.readTx(tx, sp, (int) total, message) || !writable(receiver, rx))) error = Ffa.ABORTED;
        if (error != 0) {
            Ffa.error(cpu, error);
            return;
        }
        // The message, then zeros to the end of the RX buffer (FF-A v1.3 §4.10, as Hafnium does).
        spmc.copyOut(receiver, rx.rx, message, 0, (int) total);
        for (int at = (int) total, end = rx.size(), n; at < end; at += n) {
            n = Math.min(end - at, ZEROS.length);
            spmc.copyOut(receiver, rx.rx + at, ZEROS, 0, n);
        }
        rx.rxFull = true;
        spmc.notifications.rxBufferFull(receiverId);
        spmc.scheduleReceiver(cpu, (flags & 2) != 0);   // flags bit 1: delay the schedule receiver interrupt
        Ffa.success(cpu, 0);
    }

    /** True when the SPMC can write the whole RX buffer (a partition's could be unmapped since RXTX_MAP). */
    private boolean writable(Partition owner, Mailbox rx) {
        if (owner == null) return spmc.normalRam(rx.rx, rx.size());
        return owner.space.mapped(rx.rx, rx.size(), AddressSpace.R | AddressSpace.W);
    }

    private static int le16(byte[] b, int o) { return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8; }

    private static int le32(byte[] b, int o) { return le16(b, o) | le16(b, o + 2) << 16; }
}
