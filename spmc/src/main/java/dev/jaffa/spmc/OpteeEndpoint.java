package dev.jaffa.spmc;

import dev.jaffa.monitor.Ffa;

/**
 * OP-TEE's own FF-A endpoint as Linux's {@code optee} driver (drivers/tee/optee/ffa_abi.c) sees it
 * on the FVP, where OP-TEE is the S-EL1 SPMC: it answers the OP-TEE FF-A protocol (optee_ffa.h) so
 * the driver probes and creates {@code /dev/tee0}, which GlobalPlatform clients such as {@code xtest}
 * open before anything else. There is no trusted-application runtime behind it: opening a session
 * answers TEEC_ERROR_ITEM_NOT_FOUND, which the driver's device enumeration takes as "no devices".
 *
 * <p>Messages are 32-bit direct requests with the service ID in w3. Yielding calls carry a
 * {@code struct optee_msg_arg} in memory the normal world shared with this endpoint (FFA_MEM_SHARE,
 * handle in w4/w5, offset in w6); the answer is written back into it.
 */
public final class OpteeEndpoint extends LogicalPartition {
    public static final String UUID = "486178e0-e7f8-11e3-bc5e-0002a5d5c51b";

    /** Blocking calls (w3), and yielding calls (bit 31 set). */
    static final int GET_API_VERSION = 0, GET_OS_VERSION = 1, EXCHANGE_CAPABILITIES = 2, UNREGISTER_SHM = 3,
            ENABLE_ASYNC_NOTIF = 5;
    static final int YIELDING_CALL_WITH_ARG = 0x8000_0000, YIELDING_CALL_RESUME = 0x8000_0001;
    static final int YIELDING_CALL_RETURN_DONE = 0;
    /** The API version (optee_ffa.h) and the OP-TEE release whose FF-A behaviour this follows. */
    static final int API_MAJOR = 1, API_MINOR = 0, OS_MAJOR = 4, OS_MINOR = 10;
    /** Capabilities: an argument struct may start at an offset in its shared memory. */
    static final int SEC_CAP_ARG_OFFSET = 1;
    /** Parameters OP-TEE reserves for an RPC argument struct (THREAD_RPC_MAX_NUM_PARAMS). */
    static final int RPC_PARAM_COUNT = 4;

    /** optee_msg.h: commands of struct optee_msg_arg. */
    static final int CMD_OPEN_SESSION = 0, CMD_INVOKE_COMMAND = 1, CMD_CLOSE_SESSION = 2, CMD_CANCEL = 3;
    /** struct optee_msg_arg: a 32-byte header, then num_params parameters of 32 bytes. */
    static final int ARG_HEADER = 32, PARAM_SIZE = 32, OFF_CMD = 0, OFF_RET = 20, OFF_RET_ORIGIN = 24, OFF_NUM_PARAMS = 28;
    /** The most parameters accepted (a sanity bound: the driver uses a handful). */
    static final int MAX_PARAMS = 128;
    /** GlobalPlatform TEE client API return codes and origin. */
    static final int TEEC_SUCCESS = 0, TEEC_ERROR_BAD_PARAMETERS = 0xFFFF0006, TEEC_ERROR_ITEM_NOT_FOUND = 0xFFFF0008,
            TEEC_ERROR_NOT_SUPPORTED = 0xFFFF000A, TEEC_ORIGIN_TEE = 3;

    public OpteeEndpoint(int id) { super("optee", id, UUID); }

    @Override
    boolean receivesMemory() { return true; }

    @Override
    public void directRequest(long[] a, boolean is64) {
        int service = (int) a[0];
        long w3 = 0, w4 = 0, w5 = 0, w6 = 0;
        switch (service) {
            case GET_API_VERSION: w3 = API_MAJOR; w4 = API_MINOR; break;
            case GET_OS_VERSION: w3 = OS_MAJOR; w4 = OS_MINOR; break;
            case EXCHANGE_CAPABILITIES: w4 = RPC_PARAM_COUNT; w5 = SEC_CAP_ARG_OFFSET; break;
            case UNREGISTER_SHM: w3 = unregister(handle(a)); break;
            case YIELDING_CALL_WITH_ARG: w3 = callWithArg(handle(a), a[3]); w4 = YIELDING_CALL_RETURN_DONE; break;
            // No call is ever suspended in an RPC, so there is nothing to resume.
            case YIELDING_CALL_RESUME: w3 = Ffa.INVALID_PARAMETERS; break;
            // Asynchronous notifications are not offered in EXCHANGE_CAPABILITIES.
            default: w3 = Ffa.NOT_SUPPORTED; break;
        }
        a[0] = w3 & 0xFFFF_FFFFL;
        a[1] = w4;
        a[2] = w5;
        a[3] = w6;
        a[4] = 0;
    }

    private static long handle(long[] a) { return (a[1] & 0xFFFF_FFFFL) | (a[2] & 0xFFFF_FFFFL) << 32; }

    /** OPTEE_FFA_UNREGISTER_SHM: OP-TEE forgets the memory; nothing is kept, so only the handle is checked. */
    private int unregister(long handle) {
        return spmc.shares.sharedWith(handle, id) != null ? 0 : Ffa.INVALID_PARAMETERS;
    }

    /** OPTEE_FFA_YIELDING_CALL_WITH_ARG: the message at {@code offset} in the share is answered in place. */
    private int callWithArg(long handle, long offset) {
        MemoryShares.Share s = spmc.shares.sharedWith(handle, id);
        if (s == null) return Ffa.INVALID_PARAMETERS;
        if ((s.receiver(id).perms & 3) != MemoryShares.PERM_RW) return Ffa.DENIED;
        long size = (long) s.pages.length * SecureMemory.PAGE;
        offset &= 0xFFFF_FFFFL;
        if (offset + ARG_HEADER > size || (offset & 7) != 0) return Ffa.INVALID_PARAMETERS;
        int params = read32(s, offset + OFF_NUM_PARAMS);
        if (params < 0 || params > MAX_PARAMS || offset + ARG_HEADER + (long) params * PARAM_SIZE > size) {
            return Ffa.INVALID_PARAMETERS;
        }
        int ret;
        switch (read32(s, offset + OFF_CMD)) {
            case CMD_OPEN_SESSION: ret = TEEC_ERROR_ITEM_NOT_FOUND; break;   // no trusted application exists
            case CMD_CANCEL: ret = TEEC_SUCCESS; break;
            case CMD_INVOKE_COMMAND: case CMD_CLOSE_SESSION: ret = TEEC_ERROR_BAD_PARAMETERS; break;  // no session exists
            default: ret = TEEC_ERROR_NOT_SUPPORTED; break;
        }
        write32(s, offset + OFF_RET, ret);
        write32(s, offset + OFF_RET_ORIGIN, TEEC_ORIGIN_TEE);
        return 0;
    }

    private int read32(MemoryShares.Share s, long offset) {
        byte[] page = spmc.physicalPage(s.pages[(int) (offset / SecureMemory.PAGE)]);
        int o = (int) (offset % SecureMemory.PAGE);
        return (page[o] & 0xFF) | (page[o + 1] & 0xFF) << 8 | (page[o + 2] & 0xFF) << 16 | (page[o + 3] & 0xFF) << 24;
    }

    private void write32(MemoryShares.Share s, long offset, int v) {
        byte[] page = spmc.physicalPage(s.pages[(int) (offset / SecureMemory.PAGE)]);
        int o = (int) (offset % SecureMemory.PAGE);
        page[o] = (byte) v;
        page[o + 1] = (byte) (v >>> 8);
        page[o + 2] = (byte) (v >>> 16);
        page[o + 3] = (byte) (v >>> 24);
    }
}
