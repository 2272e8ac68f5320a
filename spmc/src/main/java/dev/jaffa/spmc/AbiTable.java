package dev.jaffa.spmc;

import static dev.jaffa.spmc.Caller.NORMAL_WORLD;
import static dev.jaffa.spmc.Caller.PARTITION;

import dev.jaffa.interp.Cpu;
import dev.jaffa.monitor.Ffa;

/**
 * The SPMC's FF-A ABIs, one row each: function IDs (the SMC32 and SMC64 forms served), the name
 * traces print, the FF-A version that introduced it, which callers may use it, to whom
 * FFA_FEATURES advertises it, and the one handler that serves every caller (as Hafnium's api.c
 * has one function per ABI taking the current VM). Dispatch ({@link Spmc}), FFA_FEATURES and the
 * trace names all read this table; adding an ABI is one row and one handler (docs/ffa.md).
 *
 * <p>A caller that may not use an ABI, or calls a function ID no row serves, is refused with its
 * world's code ({@link #refusal}). A caller whose negotiated version is below the row's gets
 * NOT_SUPPORTED before the handler runs, unless the row says the handler orders that check among
 * its own ({@link #OWN}: direct requests, where OP-TEE and TF-A check the endpoints first).
 */
final class AbiTable {
    private AbiTable() {}

    /** An ABI's handler: reads the call from {@code cpu}, writes the FF-A result registers (or switches endpoints). */
    @FunctionalInterface
    interface Handler {
        void handle(Spmc spmc, Caller caller, Cpu cpu, int fid);
    }

    /** One ABI. */
    static final class Abi {
        /** "FFA_MEM_SHARE"; the SMC64 form is traced with "_64" appended. */
        final String name, name64;
        /** The function IDs served (0: that form is not). */
        final int fid32, fid64;
        /**
         * The lowest negotiated FF-A version (major << 16 | minor) at which a caller may use the
         * ABI and FFA_FEATURES reports it: the version that introduced it, except where OP-TEE
         * serves a newer ABI to older callers (v1.0 for those). Informational for rows no one calls.
         */
        final int since;
        /** True when a caller below {@link #since} is refused before the handler runs. */
        final boolean gated;
        /** Caller kinds ({@link Caller#NORMAL_WORLD}, {@link Caller#PARTITION}) that may call it, and that FFA_FEATURES tells. */
        final int callers, advertised;
        final Handler handler;

        Abi(String name, int fid32, int fid64, int since, boolean gated, int callers, int advertised, Handler handler) {
            this.name = name;
            this.name64 = name + "_64";
            this.fid32 = fid32;
            this.fid64 = fid64;
            this.since = since;
            this.gated = gated;
            this.callers = callers;
            this.advertised = advertised;
            this.handler = handler;
        }

        boolean callableBy(Caller c) { return (callers & c.kind) != 0; }

        /** What FFA_FEATURES answers {@code c}: SUCCESS when it may use the ABI at its negotiated version. */
        boolean advertisedTo(Caller c) { return (advertised & c.kind) != 0 && c.version >= since; }
    }

    static final int NW = NORMAL_WORLD, SP = PARTITION, BOTH = NW | SP, NONE = 0;
    static final int V1_0 = Ffa.VERSION_1_0, V1_1 = Ffa.VERSION_1_1, V1_2 = Ffa.VERSION_1_2;
    /** Version check: by the dispatcher ({@code GATE}) or inside the handler ({@code OWN}). */
    static final boolean GATE = true, OWN = false;

    private static Abi abi(String name, int fid32, int fid64, int since, boolean check, int callers, int advertised, Handler h) {
        return new Abi(name, fid32, fid64, since, check, callers, advertised, h);
    }

    /**
     * The table. OP-TEE's answers where OP-TEE has the ABI (reference ffa.md §1.3 normal world,
     * §1.4 partitions), FF-A v1.1/v1.2 and Hafnium's beyond it (docs/ffa.md). Rows no caller may
     * use are here for their names and for FFA_FEATURES.
     */
    static final Abi[] ROWS = {
        // name                           SMC32 form                        SMC64 form                        min   check callers FEATURES handler
        abi("FFA_ERROR",                  Ffa.ERROR,                        0,                                V1_0, GATE, SP,   NW,   Spmc::respond),
        abi("FFA_SUCCESS",                Ffa.SUCCESS_32,                   Ffa.SUCCESS_64,                   V1_0, GATE, NONE, NW,   null),
        abi("FFA_INTERRUPT",              Ffa.INTERRUPT,                    0,                                V1_0, GATE, NONE, NW,   null),
        abi("FFA_VERSION",                Ffa.VERSION,                      0,                                V1_0, GATE, BOTH, NW,   Spmc::version),
        abi("FFA_FEATURES",               Ffa.FEATURES,                     0,                                V1_0, GATE, BOTH, NW,   Spmc::features),
        abi("FFA_RX_RELEASE",             Ffa.RX_RELEASE,                   0,                                V1_0, GATE, BOTH, NW,   Spmc::rxRelease),
        abi("FFA_RXTX_MAP",               Ffa.RXTX_MAP_32,                  Ffa.RXTX_MAP_64,                  V1_0, GATE, BOTH, BOTH, Spmc::rxtxMap),
        abi("FFA_RXTX_UNMAP",             Ffa.RXTX_UNMAP,                   0,                                V1_0, GATE, BOTH, NW,   Spmc::rxtxUnmap),
        abi("FFA_PARTITION_INFO_GET",     Ffa.PARTITION_INFO_GET,           0,                                V1_0, GATE, BOTH, NW,   Spmc::partitionInfoGet),
        abi("FFA_ID_GET",                 Ffa.ID_GET,                       0,                                V1_0, GATE, BOTH, NW,   Spmc::idGet),
        abi("FFA_MSG_POLL",               Ffa.MSG_POLL,                     0,                                V1_0, GATE, NONE, NONE, null),
        abi("FFA_MSG_WAIT",               Ffa.MSG_WAIT,                     0,                                V1_0, GATE, SP,   NONE, Spmc::msgWait),
        abi("FFA_YIELD",                  Ffa.YIELD,                        0,                                V1_0, GATE, NONE, NONE, null),
        abi("FFA_RUN",                    Ffa.RUN,                          0,                                V1_0, GATE, NW,   NW,   Spmc::run),
        abi("FFA_MSG_SEND",               Ffa.MSG_SEND,                     0,                                V1_0, GATE, NONE, NONE, null),
        abi("FFA_MSG_SEND_DIRECT_REQ",    Ffa.MSG_SEND_DIRECT_REQ_32,       Ffa.MSG_SEND_DIRECT_REQ_64,       V1_0, GATE, BOTH, NW,   Spmc::directRequest),
        abi("FFA_MSG_SEND_DIRECT_RESP",   Ffa.MSG_SEND_DIRECT_RESP_32,      Ffa.MSG_SEND_DIRECT_RESP_64,      V1_0, GATE, SP,   NONE, Spmc::respond),
        abi("FFA_MEM_DONATE",             Ffa.MEM_DONATE_32,                Ffa.MEM_DONATE_64,                V1_0, GATE, BOTH, BOTH, (s, c, cpu, f) -> s.shares.transfer(c, cpu, f)),
        abi("FFA_MEM_LEND",               Ffa.MEM_LEND_32,                  Ffa.MEM_LEND_64,                  V1_0, GATE, BOTH, BOTH, (s, c, cpu, f) -> s.shares.transfer(c, cpu, f)),
        abi("FFA_MEM_SHARE",              Ffa.MEM_SHARE_32,                 Ffa.MEM_SHARE_64,                 V1_0, GATE, BOTH, NW,   (s, c, cpu, f) -> s.shares.transfer(c, cpu, f)),
        abi("FFA_MEM_RETRIEVE_REQ",       Ffa.MEM_RETRIEVE_REQ_32,          Ffa.MEM_RETRIEVE_REQ_64,          V1_0, GATE, SP,   NONE, (s, c, cpu, f) -> s.shares.retrieve(c, cpu)),
        abi("FFA_MEM_RETRIEVE_RESP",      Ffa.MEM_RETRIEVE_RESP,            0,                                V1_0, GATE, NONE, NONE, null),
        abi("FFA_MEM_RELINQUISH",         Ffa.MEM_RELINQUISH,               0,                                V1_0, GATE, SP,   NONE, (s, c, cpu, f) -> s.shares.relinquish(c, cpu)),
        abi("FFA_MEM_RECLAIM",            Ffa.MEM_RECLAIM,                  0,                                V1_0, GATE, BOTH, NW,   (s, c, cpu, f) -> s.shares.reclaim(c, cpu)),
        abi("FFA_MEM_OP_PAUSE",           Ffa.MEM_OP_PAUSE,                 0,                                V1_0, GATE, NONE, NONE, null),
        abi("FFA_MEM_OP_RESUME",          Ffa.MEM_OP_RESUME,                0,                                V1_0, GATE, NONE, NONE, null),
        abi("FFA_MEM_FRAG_RX",            Ffa.MEM_FRAG_RX,                  0,                                V1_0, GATE, BOTH, NONE, (s, c, cpu, f) -> s.shares.fragRx(c, cpu)),
        abi("FFA_MEM_FRAG_TX",            Ffa.MEM_FRAG_TX,                  0,                                V1_0, GATE, BOTH, BOTH, (s, c, cpu, f) -> s.shares.fragTx(c, cpu)),
        abi("FFA_NORMAL_WORLD_RESUME",    Ffa.NORMAL_WORLD_RESUME,          0,                                V1_0, GATE, NONE, NONE, null),
        abi("FFA_NOTIFICATION_BITMAP_CREATE", Ffa.NOTIFICATION_BITMAP_CREATE, 0,                              V1_1, GATE, NW,   NW,   (s, c, cpu, f) -> s.notifications.bitmapCreate(c, cpu)),
        abi("FFA_NOTIFICATION_BITMAP_DESTROY", Ffa.NOTIFICATION_BITMAP_DESTROY, 0,                            V1_1, GATE, NW,   NW,   (s, c, cpu, f) -> s.notifications.bitmapDestroy(c, cpu)),
        abi("FFA_NOTIFICATION_BIND",      Ffa.NOTIFICATION_BIND,            0,                                V1_1, GATE, BOTH, BOTH, (s, c, cpu, f) -> s.notifications.bind(c, cpu, true)),
        abi("FFA_NOTIFICATION_UNBIND",    Ffa.NOTIFICATION_UNBIND,          0,                                V1_1, GATE, BOTH, BOTH, (s, c, cpu, f) -> s.notifications.bind(c, cpu, false)),
        abi("FFA_NOTIFICATION_SET",       Ffa.NOTIFICATION_SET,             0,                                V1_1, GATE, BOTH, BOTH, (s, c, cpu, f) -> s.notifications.set(c, cpu)),
        abi("FFA_NOTIFICATION_GET",       Ffa.NOTIFICATION_GET,             0,                                V1_1, GATE, BOTH, BOTH, (s, c, cpu, f) -> s.notifications.get(c, cpu)),
        // Only the 64-bit form, as Hafnium: the 32-bit one cannot carry 16-bit IDs for enough endpoints.
        abi("FFA_NOTIFICATION_INFO_GET",  0,                                Ffa.NOTIFICATION_INFO_GET_64,     V1_1, GATE, NW,   NW,   (s, c, cpu, f) -> s.notifications.infoGet(c, cpu)),
        // A hypervisor's, taking a VM's RX buffer from the SPMC; there is none.
        abi("FFA_RX_ACQUIRE",             Ffa.RX_ACQUIRE,                   0,                                V1_1, GATE, NONE, NONE, null),
        // v1.1 ABIs that OP-TEE serves whatever version the caller negotiated: minimum v1.0.
        abi("FFA_SPM_ID_GET",             Ffa.SPM_ID_GET,                   0,                                V1_0, GATE, BOTH, NW,   Spmc::spmIdGet),
        abi("FFA_MSG_SEND2",              Ffa.MSG_SEND2,                    0,                                V1_1, GATE, BOTH, BOTH, (s, c, cpu, f) -> s.indirect.send(c, cpu)),
        abi("FFA_SECONDARY_EP_REGISTER",  0,                                Ffa.SECONDARY_EP_REGISTER_64,     V1_1, GATE, NONE, NONE, null),
        abi("FFA_MEM_PERM_GET",           Ffa.MEM_PERM_GET_32,              Ffa.MEM_PERM_GET_64,              V1_0, GATE, SP,   NONE, Spmc::permGet),
        abi("FFA_MEM_PERM_SET",           Ffa.MEM_PERM_SET_32,              Ffa.MEM_PERM_SET_64,              V1_0, GATE, SP,   NONE, Spmc::permSet),
        abi("FFA_CONSOLE_LOG",            Ffa.CONSOLE_LOG_32,               Ffa.CONSOLE_LOG_64,               V1_0, GATE, SP,   NONE, Spmc::consoleLog),
        abi("FFA_PARTITION_INFO_GET_REGS", 0,                               Ffa.PARTITION_INFO_GET_REGS,      V1_2, GATE, BOTH, BOTH, Spmc::partitionInfoGetRegs),
        abi("FFA_EL3_INTR_HANDLE",        Ffa.EL3_INTR_HANDLE,              0,                                V1_2, GATE, NONE, NONE, null),
        abi("FFA_MSG_SEND_DIRECT_REQ2",   0,                                Ffa.MSG_SEND_DIRECT_REQ2,         V1_2, OWN,  BOTH, BOTH, Spmc::directRequest),
        abi("FFA_MSG_SEND_DIRECT_RESP2",  0,                                Ffa.MSG_SEND_DIRECT_RESP2,        V1_2, OWN,  SP,   BOTH, Spmc::respond),
    };

    /** Rows by function number - 0x60 (the SMCCC FF-A range is 0x60..0xEF). */
    private static final Abi[] BY_NUMBER = new Abi[0x90];

    static {
        for (Abi a : ROWS) {
            int fnum = (a.fid32 != 0 ? a.fid32 : a.fid64) & 0xFFFF;
            if (BY_NUMBER[fnum - 0x60] != null) throw new AssertionError("two rows for function 0x" + Integer.toHexString(fnum));
            if (a.callers != NONE && a.handler == null) throw new AssertionError(a.name + " has callers but no handler");
            BY_NUMBER[fnum - 0x60] = a;
        }
    }

    /** The row whose function number {@code fid} has, whichever width, or null. */
    static Abi byNumber(int fid) {
        if (!Ffa.isFfa(fid)) return null;
        int i = (fid & 0xFFFF) - 0x60;
        return i < BY_NUMBER.length ? BY_NUMBER[i] : null;
    }

    /** The row serving exactly {@code fid}, or null. On every call's path: no allocation. */
    static Abi lookup(int fid) {
        Abi a = byNumber(fid);
        return a != null && (fid == a.fid32 || fid == a.fid64) ? a : null;
    }

    /**
     * A caller's answer to a call it may not make: NOT_SUPPORTED to the normal world (TF-A's SPMD
     * and OP-TEE's normal-world dispatcher), INVALID_PARAMETERS to a partition (OP-TEE's
     * spmc_sp_msg_handler default).
     */
    static int refusal(Caller c) { return c.isNormalWorld() ? Ffa.NOT_SUPPORTED : Ffa.INVALID_PARAMETERS; }

    /** "FFA_MSG_SEND_DIRECT_REQ_64" and the like, for traces; "0x%08x" for what no row names. */
    static String name(int fid) {
        Abi a = byNumber(fid);
        if (a == null) return String.format("0x%08x", fid);
        return (fid & 0x4000_0000) != 0 ? a.name64 : a.name;
    }
}
