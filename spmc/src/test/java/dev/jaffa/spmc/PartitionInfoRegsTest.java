package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jaffa.monitor.Ffa;
import org.junit.jupiter.api.Test;

/** FFA_PARTITION_INFO_GET_REGS (v1.2): partition information in x3..x17, five partitions per call. */
class PartitionInfoRegsTest {
    static final long REGS = Ffa.PARTITION_INFO_GET_REGS & 0xFFFF_FFFFL;

    final SpmcHarness h = new SpmcHarness(6);

    PartitionInfoRegsTest() throws LoadException { }

    /** One call with x0..x3 set; the whole x0..x17 after it. */
    long[] call(long start) {
        h.smc(REGS, 0, 0, start);
        return java.util.Arrays.copyOf(h.cpu.x, 18);
    }

    @Test
    void sixPartitionsInTwoCalls() {
        assertEquals(Ffa.NOT_SUPPORTED, (int) call(0)[2], "v1.2 only (the normal world has not negotiated)");
        h.smc(Ffa.VERSION, Ffa.VERSION_1_2);
        long[] r = call(0);
        assertEquals(Ffa.SUCCESS_64, (int) r[0]);
        assertEquals(5, r[2] & 0xFFFF, "last index");
        assertEquals(4, (r[2] >>> 16) & 0xFFFF, "this call ends at index 4");
        assertEquals(24, r[2] >>> 48, "descriptor size");
        for (int i = 0; i < 5; i++) {
            assertEquals(0x8001 + i, r[3 + 3 * i] & 0xFFFF);
            assertEquals(1, (r[3 + 3 * i] >>> 16) & 0xFFFF, "one execution context");
            assertEquals(0x103, r[3 + 3 * i] >>> 32, "direct messages, AArch64");
            assertEquals(0x2222_0000_1111L, r[4 + 3 * i], "UUID words 0 and 1");
            assertEquals(0x4444_0000_3333L, r[5 + 3 * i], "UUID words 2 and 3");
        }
        r = call(5);
        assertEquals(5, (r[2] >>> 16) & 0xFFFF);
        assertEquals(0x8006, r[3] & 0xFFFF);
        assertEquals(0, r[6], "nothing beyond the last partition");
        assertEquals(Ffa.INVALID_PARAMETERS, (int) call(6)[2], "start past the end");
        assertEquals(Ffa.RETRY, (int) call(1L << 16)[2], "a stale information tag");
        h.smc(REGS, 0x1234, 0x5678, 0);
        assertEquals(Ffa.INVALID_PARAMETERS, (int) h.cpu.x[2], "unknown UUID");
        h.smc(REGS, 0x0000_2222_0000_1111L, 0x0000_4444_0000_3333L, 0);
        assertEquals(5, h.cpu.x[2] & 0xFFFF, "by UUID: all six share it");
        assertEquals(4, (h.cpu.x[2] >>> 16) & 0xFFFF, "five per call");
    }
}
