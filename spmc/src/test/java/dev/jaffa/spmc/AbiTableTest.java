package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jaffa.monitor.Ffa;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The answers the ABI table gives, pinned ABI by ABI: what FFA_FEATURES advertises to each caller
 * at each negotiated version (OP-TEE's answers, plus what Jaffa adds beyond OP-TEE), and the
 * refusal every function ID the caller may not use gets (normal world NOT_SUPPORTED, as TF-A's
 * SPMD and OP-TEE answer; partitions INVALID_PARAMETERS, OP-TEE's default).
 */
class AbiTableTest {

    /** Every function ID of the SMCCC FF-A range, both widths. */
    static int[] allFids() {
        int[] out = new int[2 * 0x90];
        for (int i = 0; i < 0x90; i++) {
            out[2 * i] = 0x8400_0060 + i;
            out[2 * i + 1] = 0xC400_0060 + i;
        }
        return out;
    }

    static final Set<Integer> NW_V1_0 = Set.of(Ffa.ERROR, Ffa.SUCCESS_32, Ffa.SUCCESS_64, Ffa.INTERRUPT, Ffa.VERSION, Ffa.FEATURES,
            Ffa.RX_RELEASE, Ffa.RXTX_MAP_32, Ffa.RXTX_MAP_64, Ffa.RXTX_UNMAP, Ffa.PARTITION_INFO_GET, Ffa.ID_GET, Ffa.RUN,
            Ffa.MSG_SEND_DIRECT_REQ_32, Ffa.MSG_SEND_DIRECT_REQ_64, Ffa.MEM_DONATE_32, Ffa.MEM_DONATE_64, Ffa.MEM_LEND_32,
            Ffa.MEM_LEND_64, Ffa.MEM_SHARE_32, Ffa.MEM_SHARE_64, Ffa.MEM_RECLAIM, Ffa.MEM_FRAG_TX, Ffa.SPM_ID_GET);
    static final Set<Integer> V1_1_BOTH = Set.of(Ffa.NOTIFICATION_BIND, Ffa.NOTIFICATION_UNBIND, Ffa.NOTIFICATION_SET,
            Ffa.NOTIFICATION_GET, Ffa.MSG_SEND2);
    static final Set<Integer> V1_1_NW = Set.of(Ffa.NOTIFICATION_BITMAP_CREATE, Ffa.NOTIFICATION_BITMAP_DESTROY,
            Ffa.NOTIFICATION_INFO_GET_64);
    static final Set<Integer> V1_2_BOTH = Set.of(Ffa.PARTITION_INFO_GET_REGS, Ffa.MSG_SEND_DIRECT_REQ2, Ffa.MSG_SEND_DIRECT_RESP2);
    static final Set<Integer> SP_V1_0 = Set.of(Ffa.RXTX_MAP_32, Ffa.RXTX_MAP_64, Ffa.MEM_LEND_32, Ffa.MEM_LEND_64,
            Ffa.MEM_DONATE_32, Ffa.MEM_DONATE_64, Ffa.MEM_FRAG_TX);

    static Set<Integer> union(Set<?>... sets) {
        Set<Integer> out = new TreeSet<>();
        for (Set<?> s : sets) for (Object o : s) out.add((Integer) o);
        return out;
    }

    static String hex(Set<Integer> s) {
        StringBuilder sb = new StringBuilder();
        for (int f : new TreeSet<>(s)) sb.append(String.format("%08x ", f));
        return sb.toString();
    }

    @Test
    void featuresAdvertiseExactlyWhatEachCallerMayUseAtItsVersion() throws Exception {
        SpmcHarness h = new SpmcHarness(new int[] {Ffa.VERSION_1_0, 3}, new int[] {Ffa.VERSION_1_1, 3}, new int[] {Ffa.VERSION_1_2, 3});
        int[][] nw = {{Ffa.VERSION_1_0}, {Ffa.VERSION_1_1}, {Ffa.VERSION_1_2}};
        Object[] nwExpected = {NW_V1_0, union(NW_V1_0, V1_1_BOTH, V1_1_NW), union(NW_V1_0, V1_1_BOTH, V1_1_NW, V1_2_BOTH)};
        for (int v = 0; v < 3; v++) {
            h.nwVersion(nw[v][0]);
            Set<Integer> yes = new TreeSet<>();
            for (int f : allFids()) {
                long[] r = h.smc(Ffa.FEATURES, f & 0xFFFF_FFFFL);
                if ((int) r[0] == Ffa.SUCCESS_32) {
                    assertEquals(0, r[2], "w2 of FFA_FEATURES");
                    yes.add(f);
                } else {
                    assertEquals(Ffa.ERROR, (int) r[0]);
                    assertEquals(Ffa.NOT_SUPPORTED, (int) r[2]);
                }
            }
            assertEquals(hex(union((Set<?>) nwExpected[v])), hex(yes), "normal world at " + Spmc.versionText(nw[v][0]));
            // Feature IDs (w1 bit 31 clear): no NPI, SRI (no SGI on this board) or MEI.
            for (int id = 0; id < 4; id++) assertEquals(Ffa.ERROR, (int) h.smc(Ffa.FEATURES, id)[0]);
        }
        Object[] spExpected = {SP_V1_0, union(SP_V1_0, V1_1_BOTH), union(SP_V1_0, V1_1_BOTH, V1_2_BOTH)};
        for (int v = 0; v < 3; v++) {
            Set<Integer> yes = new TreeSet<>();
            for (int f : allFids()) {
                long[] r = h.sp(0x8001 + v, Ffa.FEATURES, f & 0xFFFF_FFFFL);
                if ((int) r[0] == Ffa.SUCCESS_32) yes.add(f);
                else assertEquals(Ffa.NOT_SUPPORTED, (int) r[2]);
            }
            assertEquals(hex(union((Set<?>) spExpected[v])), hex(yes), "partition at v1." + v);
            for (int id = 0; id < 4; id++) assertEquals(Ffa.ERROR, (int) h.sp(0x8001 + v, Ffa.FEATURES, id)[0]);
        }
    }

    /** What each caller may call at all; the rest is refused. */
    static final Set<Integer> NW_SERVED = Set.of(Ffa.VERSION, Ffa.ID_GET, Ffa.SPM_ID_GET, Ffa.FEATURES, Ffa.RXTX_MAP_32,
            Ffa.RXTX_MAP_64, Ffa.RXTX_UNMAP, Ffa.RX_RELEASE, Ffa.PARTITION_INFO_GET, Ffa.PARTITION_INFO_GET_REGS,
            Ffa.NOTIFICATION_BITMAP_CREATE, Ffa.NOTIFICATION_BITMAP_DESTROY, Ffa.NOTIFICATION_BIND, Ffa.NOTIFICATION_UNBIND,
            Ffa.NOTIFICATION_SET, Ffa.NOTIFICATION_GET, Ffa.NOTIFICATION_INFO_GET_64, Ffa.MSG_SEND2, Ffa.MSG_SEND_DIRECT_REQ_32,
            Ffa.MSG_SEND_DIRECT_REQ_64, Ffa.MSG_SEND_DIRECT_REQ2, Ffa.RUN, Ffa.MEM_SHARE_32, Ffa.MEM_SHARE_64, Ffa.MEM_LEND_32,
            Ffa.MEM_LEND_64, Ffa.MEM_DONATE_32, Ffa.MEM_DONATE_64, Ffa.MEM_FRAG_TX, Ffa.MEM_FRAG_RX, Ffa.MEM_RECLAIM);
    static final Set<Integer> SP_SERVED = Set.of(Ffa.VERSION, Ffa.ID_GET, Ffa.SPM_ID_GET, Ffa.FEATURES, Ffa.RXTX_MAP_32,
            Ffa.RXTX_MAP_64, Ffa.RXTX_UNMAP, Ffa.RX_RELEASE, Ffa.PARTITION_INFO_GET, Ffa.PARTITION_INFO_GET_REGS,
            Ffa.NOTIFICATION_BIND, Ffa.NOTIFICATION_UNBIND, Ffa.NOTIFICATION_SET, Ffa.NOTIFICATION_GET, Ffa.MSG_SEND2,
            Ffa.MSG_WAIT, Ffa.MSG_SEND_DIRECT_REQ_32, Ffa.MSG_SEND_DIRECT_REQ_64, Ffa.MSG_SEND_DIRECT_REQ2,
            Ffa.MSG_SEND_DIRECT_RESP_32, Ffa.MSG_SEND_DIRECT_RESP_64, Ffa.MSG_SEND_DIRECT_RESP2, Ffa.ERROR, Ffa.CONSOLE_LOG_32,
            Ffa.CONSOLE_LOG_64, Ffa.MEM_PERM_GET_32, Ffa.MEM_PERM_GET_64, Ffa.MEM_PERM_SET_32, Ffa.MEM_PERM_SET_64,
            Ffa.MEM_SHARE_32, Ffa.MEM_SHARE_64, Ffa.MEM_LEND_32, Ffa.MEM_LEND_64, Ffa.MEM_DONATE_32, Ffa.MEM_DONATE_64,
            Ffa.MEM_FRAG_TX, Ffa.MEM_FRAG_RX, Ffa.MEM_RETRIEVE_REQ_32, Ffa.MEM_RETRIEVE_REQ_64, Ffa.MEM_RELINQUISH, Ffa.MEM_RECLAIM);

    @Test
    void everyOtherFunctionIdIsRefusedWithTheCallersCode() throws Exception {
        SpmcHarness h = new SpmcHarness(new int[] {Ffa.VERSION_1_2, 3});
        h.nwVersion(Ffa.VERSION_1_2);
        for (int f : allFids()) {
            if (NW_SERVED.contains(f)) continue;
            h.nwError(Ffa.NOT_SUPPORTED, f & 0xFFFF_FFFFL);
        }
        for (int f : allFids()) {
            if (SP_SERVED.contains(f)) continue;
            h.spError(Ffa.INVALID_PARAMETERS, 0x8001, f & 0xFFFF_FFFFL);
        }
        // Outside the FF-A range: SMC_UNKNOWN from the monitor; a partition's SVC is still the SPMC's.
        assertEquals(-1, (int) h.smc(0x8400_0100L)[0]);
        h.spError(Ffa.INVALID_PARAMETERS, 0x8001, 0x8400_0100L);
        h.spError(Ffa.INVALID_PARAMETERS, 0x8001, 0x1234_5678L);
    }

    @Test
    void abisNewerThanTheCallersVersionAreNotSupported() throws Exception {
        SpmcHarness h = new SpmcHarness(new int[] {Ffa.VERSION_1_0, 3}, new int[] {Ffa.VERSION_1_1, 3});
        for (int f : new int[] {Ffa.NOTIFICATION_BITMAP_CREATE, Ffa.NOTIFICATION_BITMAP_DESTROY, Ffa.NOTIFICATION_BIND,
            Ffa.NOTIFICATION_UNBIND, Ffa.NOTIFICATION_SET, Ffa.NOTIFICATION_GET, Ffa.NOTIFICATION_INFO_GET_64, Ffa.MSG_SEND2,
            Ffa.PARTITION_INFO_GET_REGS}) {
            h.nwError(Ffa.NOT_SUPPORTED, f & 0xFFFF_FFFFL);
        }
        for (int f : new int[] {Ffa.NOTIFICATION_BIND, Ffa.NOTIFICATION_UNBIND, Ffa.NOTIFICATION_SET, Ffa.NOTIFICATION_GET,
            Ffa.MSG_SEND2, Ffa.PARTITION_INFO_GET_REGS}) {
            h.spError(Ffa.NOT_SUPPORTED, 0x8001, f & 0xFFFF_FFFFL);
        }
        h.nwVersion(Ffa.VERSION_1_1);
        h.nwError(Ffa.NOT_SUPPORTED, Ffa.PARTITION_INFO_GET_REGS & 0xFFFF_FFFFL);
        h.nwError(Ffa.NOT_SUPPORTED, Ffa.MSG_SEND_DIRECT_REQ2 & 0xFFFF_FFFFL, 0x8002);
        // The order of checks is OP-TEE's and TF-A's: a secure sender from the normal world is refused first ...
        h.nwError(Ffa.INVALID_PARAMETERS, Ffa.MSG_SEND_DIRECT_REQ2 & 0xFFFF_FFFFL, 0x8001L << 16 | 0x8002);
        // ... and a partition naming another sender hears that before the version.
        h.spError(Ffa.INVALID_PARAMETERS, 0x8002, Ffa.MSG_SEND_DIRECT_REQ2 & 0xFFFF_FFFFL, 0x8001L << 16 | 0x8001);
        h.spError(Ffa.NOT_SUPPORTED, 0x8002, Ffa.MSG_SEND_DIRECT_REQ2 & 0xFFFF_FFFFL, 0x8002L << 16 | 0x8001);
    }

    /** Trace names come from the table: the row's name, "_64" for the SMC64 form, hex for what no row names. */
    @Test
    void traceNamesComeFromTheTable() {
        assertEquals("FFA_MSG_SEND_DIRECT_REQ_64", AbiTable.name(Ffa.MSG_SEND_DIRECT_REQ_64));
        assertEquals("FFA_MSG_SEND_DIRECT_REQ", AbiTable.name(Ffa.MSG_SEND_DIRECT_REQ_32));
        assertEquals("FFA_RXTX_MAP", AbiTable.name(Ffa.RXTX_MAP_32));
        assertEquals("FFA_MSG_SEND_DIRECT_REQ2_64", AbiTable.name(Ffa.MSG_SEND_DIRECT_REQ2));
        assertEquals("FFA_NOTIFICATION_INFO_GET", AbiTable.name(Ffa.NOTIFICATION_INFO_GET_32), "named, though not served");
        assertEquals("FFA_ERROR", AbiTable.name(Ffa.ERROR));
        assertEquals("0x8400008f", AbiTable.name(0x8400_008F));
        assertEquals("0x12345678", AbiTable.name(0x1234_5678));
        // Every row's function IDs lead back to it, and every function number 0x60..0x8E has a row.
        for (AbiTable.Abi a : AbiTable.ROWS) {
            if (a.fid32 != 0) assertEquals(a, AbiTable.lookup(a.fid32), a.name);
            if (a.fid64 != 0) assertEquals(a, AbiTable.lookup(a.fid64), a.name);
        }
        for (int f = 0x8400_0060; f <= 0x8400_008E; f++) assertEquals(true, AbiTable.byNumber(f) != null, Integer.toHexString(f));
        assertEquals(null, AbiTable.lookup(Ffa.NOTIFICATION_INFO_GET_32), "only the 64-bit INFO_GET is served");
    }
}
