package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jaffa.monitor.Ffa;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * OP-TEE's endpoint as Linux's optee driver probes it (drivers/tee/optee/ffa_abi.c): 32-bit direct
 * requests for the API and OS versions and the capabilities, then a yielding call whose
 * struct optee_msg_arg lies in memory the normal world shared with the endpoint.
 */
class OpteeEndpointTest {
    static final long REQ_32 = Ffa.MSG_SEND_DIRECT_REQ_32 & 0xFFFF_FFFFL, SHARE_64 = Ffa.MEM_SHARE_64 & 0xFFFF_FFFFL;
    final SpmcHarness h = new SpmcHarness(1);
    final int optee;

    OpteeEndpointTest() throws LoadException {
        optee = h.spmc.nextFreeId();
        h.spmc.addLogicalPartition(new OpteeEndpoint(optee));
    }

    long[] request(long... w3to7) {
        long[] x = new long[8];
        x[0] = REQ_32;
        x[1] = optee;
        System.arraycopy(w3to7, 0, x, 3, w3to7.length);
        long[] r = h.smc(x);
        assertEquals(Ffa.MSG_SEND_DIRECT_RESP_32, (int) r[0], "a direct response");
        assertEquals((long) optee << 16, r[1], "from OP-TEE to the normal world");
        return r;
    }

    /** The normal world shares {@code pages} pages at NW_DATA with OP-TEE; returns the handle. */
    long share(int pages, int perms) {
        h.smc(Ffa.VERSION & 0xFFFF_FFFFL, Ffa.VERSION_1_1);
        h.mapNormalWorldBuffers();
        byte[] d = MemoryTransactionsTest.transaction(0, new int[] {optee}, perms, SpmcHarness.NW_DATA, pages);
        h.bus.load(SpmcHarness.NW_TX, d, 0, d.length);
        long[] r = h.smc(SHARE_64, d.length, d.length);
        assertEquals(Ffa.SUCCESS_32, (int) r[0], "OP-TEE's endpoint receives memory");
        return r[2] | r[3] << 32;
    }

    /** A struct optee_msg_arg with {@code cmd} and no parameters at {@code offset} of NW_DATA. */
    void message(long offset, int cmd, int params) {
        byte[] arg = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putInt(0, cmd).putInt(20, 0x5555)
                .putInt(24, 0x6666).putInt(28, params).array();
        h.bus.load(SpmcHarness.NW_DATA + offset, arg, 0, arg.length);
    }

    int field(long offset, int at) {
        return (int) h.cpu.mem.read32(SpmcHarness.NW_DATA + offset + at);
    }

    @Test
    void versionsAndCapabilitiesAreOpTeesAnswers() {
        long[] r = request(OpteeEndpoint.GET_API_VERSION);
        assertEquals(1, r[3], "OPTEE_FFA_VERSION_MAJOR");
        assertEquals(0, r[4], "OPTEE_FFA_VERSION_MINOR");
        r = request(OpteeEndpoint.GET_OS_VERSION);
        assertEquals(4, r[3]);
        r = request(OpteeEndpoint.EXCHANGE_CAPABILITIES);
        assertEquals(0, r[3], "success");
        assertEquals(4, r[4], "RPC parameters");
        assertEquals(1, r[5], "OPTEE_FFA_SEC_CAP_ARG_OFFSET, no asynchronous notifications");
        assertEquals(Ffa.NOT_SUPPORTED & 0xFFFF_FFFFL, request(OpteeEndpoint.ENABLE_ASYNC_NOTIF)[3]);
        assertEquals(Ffa.INVALID_PARAMETERS & 0xFFFF_FFFFL, request(0x8000_0001L)[3], "nothing to resume");
    }

    @Test
    void openSessionAnswersItemNotFoundInTheSharedArgument() {
        long handle = share(2, MemoryTransactionsTest.RW_NX);
        long offset = 0x1000 - 32;   // the header ends exactly at the first page's end
        message(offset, OpteeEndpoint.CMD_OPEN_SESSION, 0);
        long[] r = request(OpteeEndpoint.YIELDING_CALL_WITH_ARG & 0xFFFF_FFFFL, handle & 0xFFFF_FFFFL, handle >>> 32, offset);
        assertEquals(0, r[3], "the call completed");
        assertEquals(OpteeEndpoint.YIELDING_CALL_RETURN_DONE, r[4]);
        assertEquals(OpteeEndpoint.TEEC_ERROR_ITEM_NOT_FOUND, field(offset, 20), "ret: no such trusted application");
        assertEquals(OpteeEndpoint.TEEC_ORIGIN_TEE, field(offset, 24), "ret_origin");

        message(0, OpteeEndpoint.CMD_CLOSE_SESSION, 1);
        request(OpteeEndpoint.YIELDING_CALL_WITH_ARG & 0xFFFF_FFFFL, handle & 0xFFFF_FFFFL, handle >>> 32, 0);
        assertEquals(OpteeEndpoint.TEEC_ERROR_BAD_PARAMETERS, field(0, 20), "no session to close");

        assertEquals(0, request(OpteeEndpoint.UNREGISTER_SHM, handle & 0xFFFF_FFFFL, handle >>> 32)[3]);
        assertEquals(Ffa.SUCCESS_32, (int) h.smc(Ffa.MEM_RECLAIM & 0xFFFF_FFFFL, handle & 0xFFFF_FFFFL, handle >>> 32)[0],
                "the driver reclaims its memory after unregistering it");
    }

    @Test
    void badHandlesOffsetsAndPermissionsAreRefused() {
        long handle = share(1, MemoryTransactionsTest.RW_NX);
        long lo = handle & 0xFFFF_FFFFL, hi = handle >>> 32, call = OpteeEndpoint.YIELDING_CALL_WITH_ARG & 0xFFFF_FFFFL;
        long invalid = Ffa.INVALID_PARAMETERS & 0xFFFF_FFFFL;
        assertEquals(invalid, request(call, lo + 1, hi, 0)[3], "unknown handle");
        assertEquals(invalid, request(call, lo, hi, 0x1000 - 16)[3], "header beyond the share");
        assertEquals(invalid, request(call, lo, hi, 4)[3], "misaligned");
        message(0, OpteeEndpoint.CMD_OPEN_SESSION, 200);
        assertEquals(invalid, request(call, lo, hi, 0)[3], "parameters beyond the share");
        assertEquals(0x5555, field(0, 20), "nothing written");
        assertEquals(invalid, request(OpteeEndpoint.UNREGISTER_SHM, lo + 1, hi)[3]);
        assertEquals(Ffa.NOT_SUPPORTED & 0xFFFF_FFFFL, request(0x77)[3], "unknown service");
    }

    @Test
    void readOnlyMemoryIsNotWritten() {
        long handle = share(1, 1 | 1 << 2);
        message(0, OpteeEndpoint.CMD_OPEN_SESSION, 0);
        long[] r = request(OpteeEndpoint.YIELDING_CALL_WITH_ARG & 0xFFFF_FFFFL, handle & 0xFFFF_FFFFL, handle >>> 32, 0);
        assertEquals(Ffa.DENIED & 0xFFFF_FFFFL, r[3]);
        assertEquals(0x5555, field(0, 20));
    }
}
