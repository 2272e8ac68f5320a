package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jaffa.monitor.Ffa;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FF-A notifications between the normal world (VM 0) and partitions, and between partitions:
 * real normal-world SMCs and partition SVCs, every error with its exact code and no state change.
 */
class NotificationsTest {
    static final int SP1 = 0x8001, SP2 = 0x8002, SP_V10 = 0x8003;
    static final int GET_SP = 1, GET_VM = 2, GET_SPM = 4, GET_HYP = 8;

    SpmcHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new SpmcHarness(new int[] {Ffa.VERSION_1_1, 7}, new int[] {Ffa.VERSION_1_2, 7}, new int[] {Ffa.VERSION_1_0, 3});
        h.nwVersion(Ffa.VERSION_1_1);
    }

    static long ids(int sender, int receiver) { return (long) sender << 16 | receiver; }

    /** An FF-A error with this code, and the SPMC's state as it was. */
    void nwError(int code, long... x) { h.nwError(code, x); }

    void spError(int code, int id, long... x) { h.spError(code, id, x); }

    void nwOk(long... x) { assertEquals(Ffa.SUCCESS_32, (int) h.smc(x)[0]); }

    void spOk(int id, long... x) { assertEquals(Ffa.SUCCESS_32, (int) h.sp(id, x)[0]); }

    void create() { nwOk(Ffa.NOTIFICATION_BITMAP_CREATE, 0, 1); }

    @Test
    void theScheduleReceiverInterruptFollowsPendingNotifications() {
        java.util.List<String> raised = new java.util.ArrayList<>();
        h.spmc.setScheduleReceiverInterrupt(8, (cpu, intid) -> raised.add("cpu" + cpu + ":sgi" + intid));
        long[] f = h.smc(Ffa.FEATURES, 2);
        assertEquals(Ffa.SUCCESS_32, (int) f[0], "FFA_FEATURES(SRI) once the board has one");
        assertEquals(8, f[2], "w2: the SGI");
        create();
        nwOk(Ffa.NOTIFICATION_BIND, ids(SP1, 0), 0, 0b11, 0);
        spOk(SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 0, 0b01, 0);
        assertEquals(java.util.List.of("cpu0:sgi8"), raised, "raised at once");
        raised.clear();
        h.enterPartition(SP1);
        assertEquals(Ffa.SUCCESS_32, (int) h.spCall(Ffa.NOTIFICATION_SET & 0xFFFF_FFFFL, ids(SP1, 0), 2 /* delay SRI */, 0b10, 0)[0]);
        assertEquals(java.util.List.of(), raised, "delayed while the partition runs");
        h.leavePartition();
        assertEquals(java.util.List.of("cpu0:sgi8"), raised, "raised when the normal world has the CPU again");
    }

    @Test
    void featuresAdvertiseExactlyWhatWorks() {
        int[] nwYes = {Ffa.NOTIFICATION_BITMAP_CREATE, Ffa.NOTIFICATION_BITMAP_DESTROY, Ffa.NOTIFICATION_BIND, Ffa.NOTIFICATION_UNBIND,
            Ffa.NOTIFICATION_SET, Ffa.NOTIFICATION_GET, Ffa.NOTIFICATION_INFO_GET_64, Ffa.MSG_SEND2};
        int[] nwNo = {Ffa.NOTIFICATION_INFO_GET_32, Ffa.RX_ACQUIRE, 1 /* NPI */, 2 /* SRI */};
        for (int f : nwYes) assertEquals(Ffa.SUCCESS_32, (int) h.smc(Ffa.FEATURES, f & 0xFFFF_FFFFL)[0], AbiTable.name(f));
        for (int f : nwNo) nwError(Ffa.NOT_SUPPORTED, Ffa.FEATURES, f & 0xFFFF_FFFFL);
        int[] spYes = {Ffa.NOTIFICATION_BIND, Ffa.NOTIFICATION_UNBIND, Ffa.NOTIFICATION_SET, Ffa.NOTIFICATION_GET, Ffa.MSG_SEND2};
        int[] spNo = {Ffa.NOTIFICATION_BITMAP_CREATE, Ffa.NOTIFICATION_BITMAP_DESTROY, Ffa.NOTIFICATION_INFO_GET_64,
            Ffa.NOTIFICATION_INFO_GET_32, Ffa.RX_ACQUIRE, 1, 2};
        for (int f : spYes) assertEquals(Ffa.SUCCESS_32, (int) h.sp(SP1, Ffa.FEATURES, f & 0xFFFF_FFFFL)[0], AbiTable.name(f));
        for (int f : spNo) spError(Ffa.NOT_SUPPORTED, SP1, Ffa.FEATURES, f & 0xFFFF_FFFFL);
        // A v1.0 partition has no v1.1 ABIs.
        for (int f : spYes) spError(Ffa.NOT_SUPPORTED, SP_V10, Ffa.FEATURES, f & 0xFFFF_FFFFL);
    }

    @Test
    void aV10NormalWorldHasNoNotificationsOrIndirectMessages() throws Exception {
        h = new SpmcHarness(new int[] {Ffa.VERSION_1_1, 7});   // the normal world never calls FFA_VERSION: v1.0
        nwError(Ffa.NOT_SUPPORTED, Ffa.FEATURES, Ffa.NOTIFICATION_BITMAP_CREATE);
        nwError(Ffa.NOT_SUPPORTED, Ffa.FEATURES, Ffa.MSG_SEND2);
        nwError(Ffa.NOT_SUPPORTED, Ffa.NOTIFICATION_BITMAP_CREATE, 0, 1);
        nwError(Ffa.NOT_SUPPORTED, Ffa.NOTIFICATION_INFO_GET_64);
        nwError(Ffa.NOT_SUPPORTED, Ffa.MSG_SEND2);
    }

    @Test
    void bitmapCreateAndDestroy() {
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_BITMAP_CREATE, 1, 1);   // only VM 0 exists
        nwError(Ffa.DENIED, Ffa.NOTIFICATION_BITMAP_DESTROY, 0);                 // not created
        create();
        nwError(Ffa.DENIED, Ffa.NOTIFICATION_BITMAP_CREATE, 0, 1);               // already created
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_BITMAP_DESTROY, 5);
        // Pending notifications from a partition keep the bitmap.
        nwOk(Ffa.NOTIFICATION_BIND, ids(SP1, 0), 0, 1, 0);
        spOk(SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 0, 1, 0);
        nwError(Ffa.DENIED, Ffa.NOTIFICATION_BITMAP_DESTROY, 0);
        assertEquals(1, h.smc(Ffa.NOTIFICATION_GET, 0, GET_SP)[2]);
        nwOk(Ffa.NOTIFICATION_BITMAP_DESTROY, 0);
        // The bindings went with it: the partition can no longer signal, and a new bitmap starts clean.
        spError(Ffa.DENIED, SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 0, 1, 0);
        create();
        spError(Ffa.DENIED, SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 0, 1, 0);
        nwOk(Ffa.NOTIFICATION_BIND, ids(SP1, 0), 0, 1, 0);
    }

    @Test
    void partitionToNormalWorldRoundTrip() {
        create();
        nwOk(Ffa.NOTIFICATION_BIND, ids(SP1, 0), 0, 0x5, 0x8000_0000L);   // bits 0, 2 and 63
        nwError(Ffa.NO_DATA, Ffa.NOTIFICATION_INFO_GET_64);
        spOk(SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 0, 0x4, 0x8000_0000L);
        long[] r = h.smc(Ffa.NOTIFICATION_INFO_GET_64);
        assertEquals(Ffa.SUCCESS_64, (int) r[0]);
        assertEquals(1 << 7, r[2], "one list, no vCPU IDs, nothing more pending");
        assertEquals(0, r[3], "the normal world's ID, 0");
        nwError(Ffa.NO_DATA, Ffa.NOTIFICATION_INFO_GET_64);   // reported once
        r = h.smc(Ffa.NOTIFICATION_GET, 0, GET_SP | GET_SPM);
        assertEquals(Ffa.SUCCESS_32, (int) r[0]);
        assertEquals(0x4, r[2]);
        assertEquals(0x8000_0000L, r[3]);
        assertEquals(0, r[4] | r[5] | r[6] | r[7]);
        r = h.smc(Ffa.NOTIFICATION_GET, 0, GET_SP);
        assertEquals(0, r[2] | r[3], "GET cleared them");
        // Set again after GET: reported again.
        spOk(SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), Notifications.FLAG_DELAY_SRI, 0x1, 0);   // partitions may delay the SRI
        assertEquals(Ffa.SUCCESS_64, (int) h.smc(Ffa.NOTIFICATION_INFO_GET_64)[0]);
        assertEquals(1, h.smc(Ffa.NOTIFICATION_GET, 0, GET_SP)[2]);
        nwOk(Ffa.NOTIFICATION_UNBIND, ids(SP1, 0), 0, 0x5, 0x8000_0000L);
        spError(Ffa.DENIED, SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 0, 0x1, 0);
    }

    @Test
    void normalWorldToPartitionRoundTrip() {
        spOk(SP1, Ffa.NOTIFICATION_BIND, ids(0, SP1), 0, 0x10, 0x1);
        nwOk(Ffa.NOTIFICATION_SET, ids(0, SP1), 0, 0x10, 0x1);
        long[] r = h.smc(Ffa.NOTIFICATION_INFO_GET_64);
        assertEquals(Ffa.SUCCESS_64, (int) r[0]);
        assertEquals(1 << 7, r[2]);
        assertEquals(SP1, r[3]);
        r = h.sp(SP1, Ffa.NOTIFICATION_GET, SP1, GET_SP | GET_VM | GET_SPM | GET_HYP);
        assertEquals(Ffa.SUCCESS_32, (int) r[0]);
        assertEquals(0, r[2] | r[3], "nothing from partitions");
        assertEquals(0x10, r[4], "from VMs, low word");
        assertEquals(0x1, r[5], "from VMs, high word");
        assertEquals(0, r[6] | r[7]);
        assertEquals(0, h.sp(SP1, Ffa.NOTIFICATION_GET, SP1, GET_VM)[4]);
    }

    @Test
    void partitionToPartitionAndSeveralReceiversInInfoGet() {
        create();
        spOk(SP2, Ffa.NOTIFICATION_BIND, ids(SP1, SP2), 0, 0x2, 0);
        spOk(SP1, Ffa.NOTIFICATION_BIND, ids(SP2, SP1), 0, 0x2, 0);   // the same bit, other receiver: independent
        spOk(SP1, Ffa.NOTIFICATION_BIND, ids(0, SP1), 0, 0x2, 0);     // the same bit from a VM: independent too
        nwOk(Ffa.NOTIFICATION_BIND, ids(SP2, 0), 0, 0x2, 0);
        spOk(SP1, Ffa.NOTIFICATION_SET, ids(SP1, SP2), 0, 0x2, 0);
        spOk(SP2, Ffa.NOTIFICATION_SET, ids(SP2, SP1), 0, 0x2, 0);
        spOk(SP2, Ffa.NOTIFICATION_SET, ids(SP2, 0), 0, 0x2, 0);
        long[] r = h.smc(Ffa.NOTIFICATION_INFO_GET_64);
        assertEquals(Ffa.SUCCESS_64, (int) r[0]);
        assertEquals(3 << 7, r[2], "three lists of one ID each");
        assertEquals((long) SP2 << 16 | SP1, r[3], "partitions first, 16 bits each from bit 0");
        assertEquals(0, r[4], "then the normal world");
        r = h.sp(SP2, Ffa.NOTIFICATION_GET, SP2, GET_SP | GET_VM);
        assertEquals(0x2, r[2]);
        assertEquals(0, r[4]);
        assertEquals(0x2, h.sp(SP1, Ffa.NOTIFICATION_GET, SP1, GET_SP)[2]);
        assertEquals(0x2, h.smc(Ffa.NOTIFICATION_GET, 0, GET_SP)[2]);
        nwError(Ffa.NO_DATA, Ffa.NOTIFICATION_INFO_GET_64);
    }

    @Test
    void bindAndUnbindErrors() {
        nwError(Ffa.NOT_SUPPORTED, Ffa.NOTIFICATION_BIND, ids(SP1, 0), 0, 1, 0);                // no bitmap yet
        create();
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_BIND, ids(SP1, 0), 1, 1, 0);           // per-vCPU
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_BIND, ids(SP1, 0), 4, 1, 0);           // flags MBZ
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_BIND, ids(0, 0), 0, 1, 0);             // sender is the receiver
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_BIND, ids(SP2, SP1), 0, 1, 0);         // only the receiver binds
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_BIND, ids(SP1, 0), 0, 0, 0);           // no bits
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_BIND, ids(0x8009, 0), 0, 1, 0);        // no such sender
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_BIND, ids(SP1, SP1), 0, 1, 0);
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_BIND, ids(SP1, SP2), 0, 1, 0);    // SP1 is not the receiver
        spError(Ffa.NOT_SUPPORTED, SP_V10, Ffa.NOTIFICATION_BIND, ids(SP1, SP_V10), 0, 1, 0);   // a v1.0 partition
        nwOk(Ffa.NOTIFICATION_BIND, ids(SP1, 0), 0, 0x3, 0);
        nwError(Ffa.DENIED, Ffa.NOTIFICATION_BIND, ids(SP2, 0), 0, 0x2, 0);                     // bound to another sender
        nwError(Ffa.DENIED, Ffa.NOTIFICATION_BIND, ids(SP1, 0), 0, 0x1, 0);                     // already bound
        nwError(Ffa.DENIED, Ffa.NOTIFICATION_UNBIND, ids(SP2, 0), 0, 0x1, 0);                   // not this sender's
        nwError(Ffa.DENIED, Ffa.NOTIFICATION_UNBIND, ids(SP1, 0), 0, 0x4, 0);                   // not bound at all
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_UNBIND, ids(SP1, 0), 1, 0x1, 0);       // UNBIND flags MBZ
        spOk(SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 0, 0x1, 0);
        nwError(Ffa.DENIED, Ffa.NOTIFICATION_UNBIND, ids(SP1, 0), 0, 0x1, 0);                   // pending
        nwOk(Ffa.NOTIFICATION_UNBIND, ids(SP1, 0), 0, 0x2, 0);                                  // the other bit is not
        h.smc(Ffa.NOTIFICATION_GET, 0, GET_SP);
        nwOk(Ffa.NOTIFICATION_UNBIND, ids(SP1, 0), 0, 0x1, 0);
        nwOk(Ffa.NOTIFICATION_BIND, ids(SP2, 0), 0, 0x3, 0);                                    // free again
    }

    @Test
    void setErrors() {
        spError(Ffa.DENIED, SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 0, 1, 0);                    // the normal world has no bitmap
        create();
        spError(Ffa.DENIED, SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 0, 1, 0);                    // not bound
        nwOk(Ffa.NOTIFICATION_BIND, ids(SP1, 0), 0, 1, 0);
        spError(Ffa.DENIED, SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 0, 3, 0);                    // one bit of two bound
        spError(Ffa.DENIED, SP2, Ffa.NOTIFICATION_SET, ids(SP2, 0), 0, 1, 0);                    // bound to another sender
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 1, 1, 0);        // per-vCPU
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 1 << 16, 1, 0);  // a vCPU ID
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 8, 1, 0);        // flags MBZ
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_SET, ids(SP2, 0), 0, 1, 0);        // sender is not the caller
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_SET, ids(SP1, SP1), 0, 1, 0);
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0), 0, 0, 0);        // no bits
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_SET, ids(SP1, 0x8009), 0, 1, 0);   // no such receiver
        spError(Ffa.DENIED, SP1, Ffa.NOTIFICATION_SET, ids(SP1, SP_V10), 0, 1, 0);               // a v1.0 receiver
        spOk(SP1, Ffa.NOTIFICATION_BIND, ids(0, SP1), 0, 1, 0);
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_SET, ids(0, SP1), Notifications.FLAG_DELAY_SRI, 1, 0);
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_SET, ids(SP2, SP1), 0, 1, 0);           // the normal world is VM 0
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_SET, ids(0, 0), 0, 1, 0);
        nwOk(Ffa.NOTIFICATION_SET, ids(0, SP1), 0, 1, 0);
    }

    @Test
    void getErrors() {
        nwError(Ffa.DENIED, Ffa.NOTIFICATION_GET, 0, GET_SP);                                    // no bitmap yet
        create();
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_GET, 0, 0x10);                          // [31:4] MBZ
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_GET, 0, GET_VM);                        // a VM asks for VMs' bitmap
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_GET, 0, GET_HYP);                       // ... or the hypervisor's
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_GET, SP1, GET_SP);                      // not the caller
        nwError(Ffa.INVALID_PARAMETERS, Ffa.NOTIFICATION_GET, 1L << 16, GET_SP);                 // vCPU 1 of 1
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_GET, SP2, GET_SP);
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_GET, 1L << 16 | SP1, GET_SP);       // partitions have one vCPU
        spError(Ffa.NOT_SUPPORTED, SP_V10, Ffa.NOTIFICATION_GET, SP_V10, GET_SP);
        long[] r = h.smc(Ffa.NOTIFICATION_GET, 0, GET_SP | GET_SPM);
        assertEquals(Ffa.SUCCESS_32, (int) r[0]);
        assertEquals(0, r[2] | r[3] | r[4] | r[5] | r[6] | r[7]);
    }

    @Test
    void abisTheNormalWorldAloneMayCall() {
        nwError(Ffa.NOT_SUPPORTED, Ffa.NOTIFICATION_INFO_GET_32);   // Hafnium has only the 64-bit form
        nwError(Ffa.NOT_SUPPORTED, Ffa.RX_ACQUIRE, 0);              // for a hypervisor, and there is none
        // From partitions these are unknown calls: OP-TEE's INVALID_PARAMETERS.
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_BITMAP_CREATE, SP1, 1);
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.NOTIFICATION_INFO_GET_64);
        spError(Ffa.INVALID_PARAMETERS, SP1, Ffa.RX_ACQUIRE, 0);
    }
}
