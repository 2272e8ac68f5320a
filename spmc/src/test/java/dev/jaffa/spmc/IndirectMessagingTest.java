package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.monitor.Ffa;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FFA_MSG_SEND2 normal world to partition, partition to partition and partition to normal world:
 * the message lands in the receiver's RX buffer (which becomes full), the receiver's framework
 * notification "RX buffer full" is pending, a full buffer gives BUSY, and every error has its
 * exact code and changes nothing.
 */
class IndirectMessagingTest {
    static final int SP1 = 0x8001, SP2 = 0x8002, SP_DIRECT_ONLY = 0x8003, SP_V10 = 0x8004;
    static final int GET_SPM = 4;

    SpmcHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new SpmcHarness(new int[] {Ffa.VERSION_1_1, 7}, new int[] {Ffa.VERSION_1_2, 7}, new int[] {Ffa.VERSION_1_1, 3},
                new int[] {Ffa.VERSION_1_0, 7});
        h.nwVersion(Ffa.VERSION_1_1);
        h.mapNormalWorldBuffers();
        for (int id = SP1; id <= SP_V10; id++) h.mapPartitionBuffers(id);
    }

    /** Writes a partition message into the TX buffer of {@code sender}: a v1.1 header (20 bytes) or v1.2 (40), then the payload. */
    byte[] message(int sender, int receiver, int offset, byte[] payload) { return message(sender, sender, receiver, offset, payload); }

    /** The same, in the TX buffer of {@code owner} (which may name another sender). */
    byte[] message(int owner, int sender, int receiver, int offset, byte[] payload) {
        byte[] tx = owner == 0 ? h.page(0, SpmcHarness.NW_TX) : h.page(owner, SpmcHarness.SP_TX);
        java.util.Arrays.fill(tx, (byte) 0x5A);   // garbage beyond the message must not reach the receiver
        ByteBuffer b = ByteBuffer.wrap(tx).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0).putInt(4, 0).putInt(8, offset).putShort(12, (short) receiver).putShort(14, (short) sender).putInt(16, payload.length);
        if (offset >= 40) {
            b.putInt(20, 0);
            for (int i = 24; i < 40; i++) tx[i] = (byte) i;   // the protocol UUID, carried as given
        }
        System.arraycopy(payload, 0, tx, offset, payload.length);
        return java.util.Arrays.copyOf(tx, offset + payload.length);
    }

    byte[] rx(int id) { return id == 0 ? h.page(0, SpmcHarness.NW_RX) : h.page(id, SpmcHarness.SP_RX); }

    void assertDelivered(byte[] sent, int receiver) {
        byte[] rx = rx(receiver);
        assertArrayEquals(sent, java.util.Arrays.copyOf(rx, sent.length), "header and payload in the receiver's RX buffer");
        for (int i = sent.length; i < rx.length; i++) assertEquals(0, rx[i], "zeros after the message");
    }

    void nwError(int code, long... x) { h.nwError(code, x); }

    void spError(int code, int id, long... x) { h.spError(code, id, x); }

    static final byte[] HELLO = "hello, partition".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Test
    void normalWorldToPartition() {
        byte[] sent = message(0, SP1, 20, HELLO);
        assertEquals(Ffa.SUCCESS_32, (int) h.smc(Ffa.MSG_SEND2, 0, 0)[0]);
        assertDelivered(sent, SP1);
        assertTrue(h.spmc.partitions().get(0).mailbox.rxFull, "the RX buffer is full: the partition owns it");
        long[] r = h.smc(Ffa.NOTIFICATION_INFO_GET_64);
        assertEquals(Ffa.SUCCESS_64, (int) r[0]);
        assertEquals(SP1, r[3], "the receiver has a pending notification");
        r = h.sp(SP1, Ffa.NOTIFICATION_GET, SP1, GET_SPM);
        assertEquals(Ffa.SUCCESS_32, (int) r[0]);
        assertEquals(Notifications.FRAMEWORK_RX_FULL, r[6], "framework bitmap bit 0: RX buffer full");
        // Full: the next message waits for FFA_RX_RELEASE.
        message(0, SP1, 20, HELLO);
        nwError(Ffa.BUSY, Ffa.MSG_SEND2, 0, 0);
        assertEquals(Ffa.SUCCESS_32, (int) h.sp(SP1, Ffa.RX_RELEASE)[0]);
        sent = message(0, SP1, 20, "again".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(Ffa.SUCCESS_32, (int) h.smc(Ffa.MSG_SEND2, 0, 0)[0]);
        assertDelivered(sent, SP1);
    }

    @Test
    void partitionToPartitionWithAV12Header() {
        byte[] sent = message(SP2, SP1, 40, HELLO);   // SP2 is at v1.2: a 40-byte header with a UUID
        assertEquals(Ffa.SUCCESS_32, (int) h.sp(SP2, Ffa.MSG_SEND2, 0, Notifications.FLAG_DELAY_SRI)[0]);
        assertDelivered(sent, SP1);
        assertEquals(Notifications.FRAMEWORK_RX_FULL, h.sp(SP1, Ffa.NOTIFICATION_GET, SP1, GET_SPM)[6]);
        // At v1.2 the payload may not start inside the 40-byte header.
        message(SP2, SP1, 20, HELLO);
        assertEquals(Ffa.SUCCESS_32, (int) h.sp(SP1, Ffa.RX_RELEASE)[0]);
        spError(Ffa.INVALID_PARAMETERS, SP2, Ffa.MSG_SEND2, 0, 0);
    }

    @Test
    void partitionToNormalWorld() {
        assertEquals(Ffa.SUCCESS_32, (int) h.smc(Ffa.NOTIFICATION_BITMAP_CREATE, 0, 1)[0]);
        byte[] sent = message(SP1, 0, 20, HELLO);
        assertEquals(Ffa.SUCCESS_32, (int) h.sp(SP1, Ffa.MSG_SEND2, 0, 0)[0]);
        assertDelivered(sent, 0);
        long[] r = h.smc(Ffa.NOTIFICATION_INFO_GET_64);
        assertEquals(Ffa.SUCCESS_64, (int) r[0]);
        assertEquals(1 << 7, r[2]);
        assertEquals(0, r[3], "the normal world");
        r = h.smc(Ffa.NOTIFICATION_GET, 0, GET_SPM);
        assertEquals(Notifications.FRAMEWORK_RX_FULL, r[6]);
        message(SP2, 0, 40, HELLO);
        spError(Ffa.BUSY, SP2, Ffa.MSG_SEND2, 0, 0);
        assertEquals(Ffa.SUCCESS_32, (int) h.smc(Ffa.RX_RELEASE)[0]);
        sent = message(SP2, 0, 40, HELLO);
        assertEquals(Ffa.SUCCESS_32, (int) h.sp(SP2, Ffa.MSG_SEND2, 0, 0)[0]);
        assertDelivered(sent, 0);
    }

    @Test
    void aNormalWorldWithoutABitmapStillGetsMessages() {
        byte[] sent = message(SP1, 0, 20, HELLO);
        assertEquals(Ffa.SUCCESS_32, (int) h.sp(SP1, Ffa.MSG_SEND2, 0, 0)[0]);
        assertDelivered(sent, 0);
        nwError(Ffa.NO_DATA, Ffa.NOTIFICATION_INFO_GET_64);   // no notification without a bitmap: the RX buffer tells
    }

    @Test
    void errors() {
        message(0, SP1, 20, HELLO);
        nwError(Ffa.INVALID_PARAMETERS, Ffa.MSG_SEND2, 1L << 16, 0);                 // a sender VM ID: hypervisors only
        nwError(Ffa.INVALID_PARAMETERS, Ffa.MSG_SEND2, 0, Notifications.FLAG_DELAY_SRI);   // flags: partitions only
        message(0, SP1, 19, HELLO);
        nwError(Ffa.INVALID_PARAMETERS, Ffa.MSG_SEND2, 0, 0);                       // payload over the header
        message(0, SP1, 20, HELLO);
        ByteBuffer.wrap(h.page(0, SpmcHarness.NW_TX)).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 4096 - 19);
        nwError(Ffa.INVALID_PARAMETERS, Ffa.MSG_SEND2, 0, 0);                       // more than a page
        ByteBuffer.wrap(h.page(0, SpmcHarness.NW_TX)).order(ByteOrder.LITTLE_ENDIAN).putInt(16, -1);
        nwError(Ffa.INVALID_PARAMETERS, Ffa.MSG_SEND2, 0, 0);                       // size overflows
        message(0, SP1, SP2, 20, HELLO);
        nwError(Ffa.INVALID_PARAMETERS, Ffa.MSG_SEND2, 0, 0);                       // the header names another sender
        message(0, 0, 20, HELLO);
        nwError(Ffa.INVALID_PARAMETERS, Ffa.MSG_SEND2, 0, 0);                       // to itself
        message(0, 0x8009, 20, HELLO);
        nwError(Ffa.INVALID_PARAMETERS, Ffa.MSG_SEND2, 0, 0);                       // no such receiver
        message(0, SP_DIRECT_ONLY, 20, HELLO);
        nwError(Ffa.DENIED, Ffa.MSG_SEND2, 0, 0);                                   // no indirect messaging in its manifest
        message(0, SP_V10, 20, HELLO);
        nwError(Ffa.DENIED, Ffa.MSG_SEND2, 0, 0);                                   // a v1.0 receiver
        message(SP1, SP_DIRECT_ONLY, 20, HELLO);
        spError(Ffa.DENIED, SP1, Ffa.MSG_SEND2, 0, 0);
        message(SP_DIRECT_ONLY, SP1, 20, HELLO);
        spError(Ffa.DENIED, SP_DIRECT_ONLY, Ffa.MSG_SEND2, 0, 0);                   // the sender may not send them
        spError(Ffa.NOT_SUPPORTED, SP_V10, Ffa.MSG_SEND2, 0, 0);                    // a v1.1 ABI
        message(SP1, SP2, 20, HELLO);
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.MSG_SEND2, 0, 1);                  // flags other than delay-SRI
        // The receiver's RX buffer: unmapped, then full.
        assertEquals(Ffa.SUCCESS_32, (int) h.sp(SP2, Ffa.RXTX_UNMAP)[0]);
        spError(Ffa.BUSY, SP1, Ffa.MSG_SEND2, 0, 0);
        h.mapPartitionBuffers(SP2);
        assertEquals(Ffa.SUCCESS_32, (int) h.sp(SP2, Ffa.PARTITION_INFO_GET)[0]);   // the RX buffer is now the partition's
        spError(Ffa.BUSY, SP1, Ffa.MSG_SEND2, 0, 0);
        // No TX buffer.
        assertEquals(Ffa.SUCCESS_32, (int) h.smc(Ffa.RXTX_UNMAP)[0]);
        nwError(Ffa.DENIED, Ffa.MSG_SEND2, 0, 0);
    }
}
