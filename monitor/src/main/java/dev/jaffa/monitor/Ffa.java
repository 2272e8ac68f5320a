package dev.jaffa.monitor;

/**
 * Arm Firmware Framework for A-profile (FF-A, DEN 0077) function identifiers, status codes and
 * register conventions, shared by the SPMD here and the SPMC. SMC32 IDs are 0x840000NN, SMC64 IDs
 * 0xC40000NN. What each ABI is (its name, who may call it, since which version, its handler) is the
 * SPMC's ABI table ({@code dev.jaffa.spmc.AbiTable}).
 */
public final class Ffa {
    private Ffa() {}

    public static final int ERROR = 0x8400_0060, SUCCESS_32 = 0x8400_0061, SUCCESS_64 = 0xC400_0061,
            INTERRUPT = 0x8400_0062, VERSION = 0x8400_0063, FEATURES = 0x8400_0064, RX_RELEASE = 0x8400_0065,
            RXTX_MAP_32 = 0x8400_0066, RXTX_MAP_64 = 0xC400_0066, RXTX_UNMAP = 0x8400_0067,
            PARTITION_INFO_GET = 0x8400_0068, ID_GET = 0x8400_0069, MSG_POLL = 0x8400_006A, MSG_WAIT = 0x8400_006B,
            YIELD = 0x8400_006C, RUN = 0x8400_006D, MSG_SEND = 0x8400_006E,
            MSG_SEND_DIRECT_REQ_32 = 0x8400_006F, MSG_SEND_DIRECT_REQ_64 = 0xC400_006F,
            MSG_SEND_DIRECT_RESP_32 = 0x8400_0070, MSG_SEND_DIRECT_RESP_64 = 0xC400_0070,
            MEM_DONATE_32 = 0x8400_0071, MEM_DONATE_64 = 0xC400_0071, MEM_LEND_32 = 0x8400_0072, MEM_LEND_64 = 0xC400_0072,
            MEM_SHARE_32 = 0x8400_0073, MEM_SHARE_64 = 0xC400_0073,
            MEM_RETRIEVE_REQ_32 = 0x8400_0074, MEM_RETRIEVE_REQ_64 = 0xC400_0074, MEM_RETRIEVE_RESP = 0x8400_0075,
            MEM_RELINQUISH = 0x8400_0076, MEM_RECLAIM = 0x8400_0077, MEM_OP_PAUSE = 0x8400_0078, MEM_OP_RESUME = 0x8400_0079,
            MEM_FRAG_RX = 0x8400_007A, MEM_FRAG_TX = 0x8400_007B, NORMAL_WORLD_RESUME = 0x8400_007C,
            NOTIFICATION_BITMAP_CREATE = 0x8400_007D, NOTIFICATION_BITMAP_DESTROY = 0x8400_007E,
            NOTIFICATION_BIND = 0x8400_007F, NOTIFICATION_UNBIND = 0x8400_0080, NOTIFICATION_SET = 0x8400_0081,
            NOTIFICATION_GET = 0x8400_0082, NOTIFICATION_INFO_GET_32 = 0x8400_0083, NOTIFICATION_INFO_GET_64 = 0xC400_0083,
            RX_ACQUIRE = 0x8400_0084, SPM_ID_GET = 0x8400_0085, MSG_SEND2 = 0x8400_0086,
            SECONDARY_EP_REGISTER_64 = 0xC400_0087, MEM_PERM_GET_32 = 0x8400_0088, MEM_PERM_GET_64 = 0xC400_0088,
            MEM_PERM_SET_32 = 0x8400_0089, MEM_PERM_SET_64 = 0xC400_0089,
            CONSOLE_LOG_32 = 0x8400_008A, CONSOLE_LOG_64 = 0xC400_008A, PARTITION_INFO_GET_REGS = 0xC400_008B,
            EL3_INTR_HANDLE = 0x8400_008C, MSG_SEND_DIRECT_REQ2 = 0xC400_008D, MSG_SEND_DIRECT_RESP2 = 0xC400_008E;

    // Status codes (FFA_ERROR w2).
    public static final int NOT_SUPPORTED = -1, INVALID_PARAMETERS = -2, NO_MEMORY = -3, BUSY = -4, INTERRUPTED = -5,
            DENIED = -6, RETRY = -7, ABORTED = -8, NO_DATA = -9, NOT_READY = -10;

    /** Versions: major << 16 | minor. */
    public static final int VERSION_1_0 = 0x1_0000, VERSION_1_1 = 0x1_0001, VERSION_1_2 = 0x1_0002;

    /** Endpoint IDs by convention: the normal world, the SPMD, the SPMC. */
    public static final int NS_ENDPOINT_ID = 0, SPMD_ENDPOINT_ID = 0xFFFF, SPMC_ENDPOINT_ID = 0x8000;

    /** Direct message flags (w2): bit 31 framework message, [7:0] its type. */
    public static final int FRAMEWORK = 1 << 31, FRAMEWORK_VERSION_REQ = 0x8, FRAMEWORK_VERSION_RESP = 0x9;

    /**
     * True for the function numbers SMCCC reserves for FF-A in the Standard Secure Service range
     * (0x60..0xEF, fast calls, either width); an unassigned one is answered FFA_ERROR
     * NOT_SUPPORTED, while numbers outside the range stay SMC_UNKNOWN.
     */
    public static boolean isFfa(int fid) {
        int fnum = fid & 0xFFFF;
        return (fid & ~0x4000_0000 & 0xFFFF_0000) == 0x8400_0000 && fnum >= 0x60 && fnum <= 0xEF;
    }

    /** Sets x0..x7 to FFA_ERROR with {@code code}, w2 zero-extended as the spec requires. */
    public static void error(dev.jaffa.interp.Cpu cpu, int code) {
        long[] x = cpu.x;
        x[0] = ERROR & 0xFFFF_FFFFL;
        x[1] = 0;
        x[2] = code & 0xFFFF_FFFFL;
        x[3] = x[4] = x[5] = x[6] = x[7] = 0;
    }

    /** Sets x0..x7 to FFA_SUCCESS_32 with w2 = {@code w2} (zero-extended), the rest zero. */
    public static void success(dev.jaffa.interp.Cpu cpu, long w2) {
        long[] x = cpu.x;
        x[0] = SUCCESS_32 & 0xFFFF_FFFFL;
        x[1] = 0;
        x[2] = w2;
        x[3] = x[4] = x[5] = x[6] = x[7] = 0;
    }

    private static final String[] ERRORS = {"NOT_SUPPORTED", "INVALID_PARAMETERS", "NO_MEMORY", "BUSY", "INTERRUPTED",
        "DENIED", "RETRY", "ABORTED", "NO_DATA", "NOT_READY"};

    public static String errorName(int code) {
        return code <= -1 && code >= -ERRORS.length ? ERRORS[-code - 1] : Integer.toString(code);
    }
}
