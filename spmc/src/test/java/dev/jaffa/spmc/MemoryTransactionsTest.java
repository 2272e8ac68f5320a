package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Esr;
import dev.jaffa.interp.ExceptionTaken;
import dev.jaffa.monitor.Ffa;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Beyond OP-TEE: FFA_MEM_LEND (the owner loses access until it reclaims) and FFA_MEM_DONATE
 * (ownership passes to the single receiver), from the normal world and between partitions.
 */
class MemoryTransactionsTest {
    static final int SP1 = 0x8001, SP2 = 0x8002, RW = 2, RW_NX = 2 | 1 << 2;
    static final long LEND_64 = Ffa.MEM_LEND_64 & 0xFFFF_FFFFL, DONATE_64 = Ffa.MEM_DONATE_64 & 0xFFFF_FFFFL,
            RETRIEVE = Ffa.MEM_RETRIEVE_REQ_32 & 0xFFFF_FFFFL, RECLAIM = Ffa.MEM_RECLAIM & 0xFFFF_FFFFL;

    final SpmcHarness h = new SpmcHarness(2);

    MemoryTransactionsTest() throws LoadException { }

    /** A v1.1 transaction descriptor of {@code pages} pages at {@code base} for {@code receivers}. */
    static byte[] transaction(int sender, int[] receivers, int perms, long base, int pages) {
        int composite = 48 + 16 * receivers.length;
        ByteBuffer b = ByteBuffer.allocate(composite + 32).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) sender).putShort(2, (short) 0x2F).putInt(24, 16).putInt(28, receivers.length).putInt(32, 48);
        for (int i = 0; i < receivers.length; i++) {
            b.putShort(48 + 16 * i, (short) receivers[i]).put(50 + 16 * i, (byte) perms).putInt(52 + 16 * i, composite);
        }
        b.putInt(composite, pages).putInt(composite + 4, 1).putLong(composite + 16, base).putInt(composite + 24, pages);
        return b.array();
    }

    /** A retrieve request: header and one access descriptor, transaction type in flags [4:3]. */
    static byte[] retrieveRequest(int sender, long handle, int receiver, int perms, int type) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) sender).putInt(4, type << 3).putLong(8, handle).putInt(24, 16).putInt(28, 1).putInt(32, 48);
        b.putShort(48, (short) receiver).put(50, (byte) perms);
        return b.array();
    }

    long[] nwTransfer(long fid, byte[] d) {
        h.bus.load(SpmcHarness.NW_TX, d, 0, d.length);
        return h.smc(fid, d.length, d.length);
    }

    static long handle(long[] r) { return r[2] | r[3] << 32; }

    /** Partition {@code id} maps its buffers and retrieves {@code handle}; returns the x0..x7 it got. */
    long[] retrieveAs(int id, int sender, long handle, int type) {
        h.enterPartition(id);
        Partition p = h.partition(id);
        if (!p.mailbox.mapped) h.spCall(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, SpmcHarness.SP_TX, SpmcHarness.SP_RX, 1);
        byte[] req = retrieveRequest(sender, handle, id, RW, type);
        assertTrue(h.spmc.copyOut(p, SpmcHarness.SP_TX, req, 0, req.length));
        long[] r = h.spCall(RETRIEVE, req.length, req.length);
        if ((int) r[0] == Ffa.MEM_RETRIEVE_RESP) h.spCall(Ffa.RX_RELEASE & 0xFFFF_FFFFL);
        h.leavePartition();
        return r;
    }

    long[] relinquishAs(int id, long handle) {
        h.enterPartition(id);
        Partition p = h.partition(id);
        byte[] d = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN).putLong(0, handle).putInt(12, 1).putShort(16, (short) id).array();
        h.spmc.copyOut(p, SpmcHarness.SP_TX, d, 0, d.length);
        long[] r = h.spCall(Ffa.MEM_RELINQUISH & 0xFFFF_FFFFL);
        h.leavePartition();
        return r;
    }

    /** A normal-world load from {@code pa} (MMU off): its value, or an exception. */
    long normalWorldLoad(long pa) {
        try {
            return h.cpu.mem.read64(pa);
        } finally {
            h.cpu.resetTo(SpmcHarness.NW_CODE, 1);
        }
    }

    @Test
    void lentNormalWorldMemoryIsSecureUntilReclaimed() {
        h.smc(Ffa.VERSION & 0xFFFF_FFFFL, Ffa.VERSION_1_1);   // v1.1 descriptors
        h.smc(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, SpmcHarness.NW_TX, SpmcHarness.NW_RX, 1);
        h.bus.load(SpmcHarness.NW_DATA, new byte[] {42}, 0, 1);
        long[] r = nwTransfer(LEND_64, transaction(0, new int[] {SP1}, RW_NX, SpmcHarness.NW_DATA, 1));
        assertEquals(Ffa.SUCCESS_32, (int) r[0]);
        long handle = handle(r);
        assertTrue(h.bus.isSecureOnly(SpmcHarness.NW_DATA), "the lender lost access");
        assertThrows(ExceptionTaken.class, () -> normalWorldLoad(SpmcHarness.NW_DATA));
        assertEquals(Esr.FSC_SYNC_EXTERNAL, (int) h.cpu.esr[1] & 0x3F, "a synchronous external abort");

        assertEquals(Ffa.ERROR, (int) retrieveAs(SP1, 0, handle, MemoryShares.TYPE_SHARE)[0], "wrong transaction type");
        long[] got = retrieveAs(SP1, 0, handle, MemoryShares.TYPE_LEND);
        assertEquals(Ffa.MEM_RETRIEVE_RESP, (int) got[0]);
        byte[] rx = new byte[8];
        h.spmc.copyIn(h.partition(SP1), SpmcHarness.SP_RX, rx);
        assertEquals(MemoryShares.TYPE_LEND << 3, SpLoader.le32(rx, 4), "the response names the transaction type");
        assertEquals(Ffa.DENIED, (int) h.smc(RECLAIM, handle & 0xFFFF_FFFFL, handle >>> 32)[2], "still retrieved");

        assertEquals(Ffa.SUCCESS_32, (int) relinquishAs(SP1, handle)[0]);
        assertEquals(Ffa.SUCCESS_32, (int) h.smc(RECLAIM, handle & 0xFFFF_FFFFL, handle >>> 32)[0]);
        assertFalse(h.bus.isSecureOnly(SpmcHarness.NW_DATA));
        assertEquals(42, normalWorldLoad(SpmcHarness.NW_DATA) & 0xFF, "the owner has its memory back");
        assertTrue(h.spmc.isolationViolations().isEmpty());
    }

    @Test
    void donatedMemoryBelongsToItsReceiver() {
        h.smc(Ffa.VERSION & 0xFFFF_FFFFL, Ffa.VERSION_1_1);   // v1.1 descriptors
        h.smc(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, SpmcHarness.NW_TX, SpmcHarness.NW_RX, 1);
        long[] r = nwTransfer(DONATE_64, transaction(0, new int[] {SP1, SP2}, RW_NX, SpmcHarness.NW_DATA, 1));
        assertEquals(Ffa.INVALID_PARAMETERS, (int) r[2], "a donation has one receiver");
        assertFalse(h.bus.isSecureOnly(SpmcHarness.NW_DATA), "a refused donation changes nothing");
        r = nwTransfer(DONATE_64, transaction(0, new int[] {SP1}, RW_NX, SpmcHarness.NW_DATA, 1));
        long handle = handle(r);
        assertEquals(Ffa.DENIED, (int) h.smc(RECLAIM, handle & 0xFFFF_FFFFL, handle >>> 32)[2], "no reclaim of a donation");
        assertEquals(Ffa.MEM_RETRIEVE_RESP, (int) retrieveAs(SP1, 0, handle, MemoryShares.TYPE_DONATE)[0]);
        assertEquals(Ffa.INVALID_PARAMETERS, (int) relinquishAs(SP1, handle)[2], "owned memory is not relinquished");
        assertEquals(Ffa.INVALID_PARAMETERS, (int) h.smc(RECLAIM, handle & 0xFFFF_FFFFL, handle >>> 32)[2], "the transaction is over");
        assertTrue(h.bus.isSecureOnly(SpmcHarness.NW_DATA), "gone from the normal world for good");
        assertTrue(h.spmc.isolationViolations().isEmpty(), h.spmc.isolationViolations().toString());
    }

    @Test
    void aPartitionLendsItsOwnPageToAnother() {
        h.enterPartition(SP1);
        Partition sp1 = h.partition(SP1);
        h.spCall(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, SpmcHarness.SP_TX, SpmcHarness.SP_RX, 1);
        byte[] d = transaction(SP1, new int[] {SP2}, RW_NX, SpmcHarness.SP_DATA, 1);
        h.spmc.copyOut(sp1, SpmcHarness.SP_TX, d, 0, d.length);
        long[] r = h.spCall(Ffa.MEM_LEND_32 & 0xFFFF_FFFFL, d.length, d.length);
        assertEquals(Ffa.SUCCESS_32, (int) r[0]);
        long handle = handle(r);
        assertEquals(0, sp1.space.lookup(SpmcHarness.SP_DATA), "the lender's mapping is gone while lent");
        h.leavePartition();
        assertEquals(Ffa.MEM_RETRIEVE_RESP, (int) retrieveAs(SP2, SP1, handle, MemoryShares.TYPE_LEND)[0]);
        assertEquals(Ffa.SUCCESS_32, (int) relinquishAs(SP2, handle)[0]);
        h.enterPartition(SP1);
        r = h.spCall(RECLAIM, handle & 0xFFFF_FFFFL, handle >>> 32);
        assertEquals(Ffa.SUCCESS_32, (int) r[0]);
        assertEquals(AddressSpace.R | AddressSpace.W, AddressSpace.permissions(sp1.space.lookup(SpmcHarness.SP_DATA)),
                "the lender's mapping is back as it was");
        h.leavePartition();
        assertTrue(h.spmc.isolationViolations().isEmpty());
    }

    /**
     * Descriptors whose numbers would make the SPMC index or allocate out of range: an access
     * descriptor offset next to 2^31 in a retrieve request, a constituent of 2^31 pages (the
     * total page count matching). Each is INVALID_PARAMETERS and changes nothing.
     */
    @Test
    void descriptorsWithHugeNumbersAreInvalidParameters() {
        h.nwVersion(Ffa.VERSION_1_1);
        h.mapNormalWorldBuffers();
        byte[] d = transaction(0, new int[] {SP1}, RW_NX, SpmcHarness.NW_DATA, 1);
        ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).putInt(48 + 16, 0x8000_0000).putInt(48 + 16 + 24, 0x8000_0000);
        h.bus.load(SpmcHarness.NW_TX, d, 0, d.length);
        h.nwError(Ffa.INVALID_PARAMETERS, Ffa.MEM_SHARE_64 & 0xFFFF_FFFFL, d.length, d.length);
        ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).putInt(48 + 16, 0x7FFF_FFFF).putInt(48 + 16 + 24, 0x7FFF_FFFF);
        h.bus.load(SpmcHarness.NW_TX, d, 0, d.length);
        h.nwError(Ffa.INVALID_PARAMETERS, Ffa.MEM_LEND_64 & 0xFFFF_FFFFL, d.length, d.length);

        long handle = handle(nwTransfer(Ffa.MEM_SHARE_64 & 0xFFFF_FFFFL, transaction(0, new int[] {SP1}, RW_NX, SpmcHarness.NW_DATA, 1)));
        h.mapPartitionBuffers(SP1);
        byte[] req = retrieveRequest(0, handle, SP1, RW, 0);
        ByteBuffer.wrap(req).order(ByteOrder.LITTLE_ENDIAN).putInt(32, 0x7FFF_FFF0);
        assertTrue(h.spmc.copyOut(h.partition(SP1), SpmcHarness.SP_TX, req, 0, req.length));
        h.spError(Ffa.INVALID_PARAMETERS, SP1, RETRIEVE, req.length, req.length);
    }

    /**
     * FFA_MEM_RETRIEVE_RESP in each receiver's layout (FF-A v1.0 Table 45 / v1.1 Table 10.20):
     * the owner, the attributes (with the NS bit, v1.1 §10.10.4.1, from v1.1), the transaction
     * type, handle and tag, one endpoint memory access descriptor (16 bytes, 32 from v1.2) and one
     * constituent: the region at the receiver's VA.
     */
    @Test
    void retrieveResponsesUseTheReceiversLayout() throws LoadException {
        SpmcHarness h3 = new SpmcHarness(new int[] {Ffa.VERSION_1_0, 3}, new int[] {Ffa.VERSION_1_1, 3}, new int[] {Ffa.VERSION_1_2, 3});
        h3.nwVersion(Ffa.VERSION_1_1);
        h3.mapNormalWorldBuffers();
        byte[] d = transaction(0, new int[] {SP1, SP2, 0x8003}, RW_NX, SpmcHarness.NW_DATA, 1);
        ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).putLong(16, 0x7A6);
        h3.bus.load(SpmcHarness.NW_TX, d, 0, d.length);
        long[] r = h3.smc(Ffa.MEM_SHARE_64 & 0xFFFF_FFFFL, d.length, d.length);
        assertEquals(Ffa.SUCCESS_32, (int) r[0]);
        long handle = handle(r);
        for (int id = SP1; id <= 0x8003; id++) {
            int v = id - SP1, header = v == 0 ? 32 : 48, access = v == 2 ? 32 : 16, composite = header + access;
            h3.enterPartition(id);
            Partition p = h3.partition(id);
            h3.spCall(Ffa.RXTX_MAP_64 & 0xFFFF_FFFFL, SpmcHarness.SP_TX, SpmcHarness.SP_RX, 1);
            ByteBuffer q = ByteBuffer.allocate(header + access).order(ByteOrder.LITTLE_ENDIAN);
            q.putLong(8, handle).putLong(16, 0x7A6).putInt(28, 1);
            if (v > 0) q.putInt(24, access).putInt(32, 48);
            q.putShort(header, (short) id).put(header + 2, (byte) RW);
            assertTrue(h3.spmc.copyOut(p, SpmcHarness.SP_TX, q.array(), 0, q.capacity()));
            long[] got = h3.spCall(RETRIEVE, q.capacity(), q.capacity());
            assertEquals(Ffa.MEM_RETRIEVE_RESP, (int) got[0], "v1." + v);
            byte[] rx = new byte[composite + 32];
            h3.spmc.copyIn(p, SpmcHarness.SP_RX, rx);
            ByteBuffer b = ByteBuffer.wrap(rx).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0, b.getShort(0), "sender");
            assertEquals(v == 0 ? 0x2F : 0x2F | 0x40, v == 0 ? b.get(2) & 0xFF : b.getShort(2) & 0xFFFF, "attributes, NS from v1.1");
            assertEquals(MemoryShares.TYPE_SHARE << 3, b.getInt(4));
            assertEquals(handle, b.getLong(8));
            assertEquals(0x7A6, b.getLong(16), "tag");
            assertEquals(v == 0 ? 0 : access, b.getInt(24), "access descriptor size (v1.0: reserved)");
            assertEquals(1, b.getInt(28));
            if (v > 0) assertEquals(48, b.getInt(32), "access descriptor offset");
            assertEquals(id, b.getShort(header) & 0xFFFF);
            assertEquals(RW_NX, b.get(header + 2), "the permissions granted");
            assertEquals(composite, b.getInt(header + 4));
            assertEquals(1, b.getInt(composite), "total pages");
            assertEquals(1, b.getInt(composite + 4), "one constituent");
            long va = b.getLong(composite + 16);
            assertEquals(1, b.getInt(composite + 24));
            assertEquals(SpmcHarness.NW_DATA, p.space.physical(va), "the constituent is the receiver's VA of the page");
            h3.spCall(Ffa.RX_RELEASE & 0xFFFF_FFFFL);
            h3.leavePartition();
        }
    }
}
