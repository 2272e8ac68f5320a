package dev.jaffa.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jaffa.interp.system.SysReg;
import org.junit.jupiter.api.Test;

/**
 * The TLB as the guest sees it: TLBI by VA (of a page, of a block, broadcast to the Inner Shareable
 * domain) makes a changed descriptor visible, and the slow paths that are served from a cached
 * page (unaligned accesses, DC ZVA) still apply the memory type and SCTLR.A.
 */
class TlbTest {
    private static final int TLBI_VAE1_X0 = 0xd5088720, TLBI_VAE1IS_X0 = 0xd5088320, TLBI_VAALE1IS_X0 = 0xd50883e0;
    private static final int MSR_SCTLR_EL1_X2 = 0xd5181002, DC_ZVA_X0 = 0xd50b7420, MSR_TTBR0_EL1_X2 = 0xd5182002;
    private static final long NG = 1L << 11;

    // Tables (PA) and the mapped pages. VA 0x4000_0000..0x403F_FFFF is identity (code, vectors).
    private static final long L1 = 0x4050_0000L, L2 = L1 + 0x1000, L3 = L1 + 0x2000;
    private static final long PAGES_VA = 0x4060_0000L, P1 = 0x4070_0000L, P2 = P1 + 0x1000, P3 = P1 + 0x2000, DEV = P1 + 0x3000;
    private static final long BLOCK_VA = 0x4080_0000L, B1 = 0x40A0_0000L, B2 = 0x40C0_0000L;
    private static final long AF = 1L << 10, INNER = 3L << 8, DEVICE_ATTR = 1L << 2;

    private static void pwrite(TestMachine m, long pa, long v) {
        byte[] b = new byte[8];
        for (int k = 0; k < 8; k++) b[k] = (byte) (v >>> 8 * k);
        m.bus.load(pa, b, 0, 8);
    }

    /** Stage 1 on at EL1, 4K granule, 39-bit VA: the mappings above, Normal WB except DEV. */
    private static void mmuOn(TestMachine m, Cpu c) {
        pwrite(m, L1 + 8, L2 | 3);
        pwrite(m, L2, TestMachine.RAM | AF | INNER | 1);                  // 2 MiB blocks, identity
        pwrite(m, L2 + 8, TestMachine.RAM + 0x20_0000 | AF | INNER | 1);
        pwrite(m, L2 + 3 * 8, L3 | 3);                                   // VA 0x4060_0000: pages
        pwrite(m, L2 + 4 * 8, B1 | AF | INNER | 1);                        // VA 0x4080_0000: a block
        pwrite(m, L3, P1 | AF | INNER | 3);
        pwrite(m, L3 + 8, P2 | AF | INNER | 3);
        pwrite(m, L3 + 3 * 8, DEV | AF | DEVICE_ATTR | 3);
        c.sysregStore[SysReg.MAIR_EL1.ordinal()] = 0x00FF;                // attr 0 Normal WB, attr 1 Device-nGnRnE
        c.sysregStore[SysReg.TCR_EL1.ordinal()] = 25 | 1L << 23 | 2L << 32;   // T0SZ 25, EPD1, IPS 40 bits
        c.sysregStore[SysReg.TTBR0_EL1.ordinal()] = L1;
        c.sctlr[1] |= 1;
        c.mem.flushTlb();
    }

    private static TestMachine machine() {
        TestMachine m = new TestMachine(0xD503201F);
        for (long[] pv : new long[][] {{P1, 0x11}, {P2, 0x22}, {P3, 0x33}, {B1 + 0x1000, 0xB1}, {B2 + 0x1000, 0xB2}}) {
            pwrite(m, pv[0], pv[1]);
        }
        mmuOn(m, m.cpu);
        return m;
    }

    /** Executes one instruction at CODE. */
    private static void exec(TestMachine m, Cpu c, int insn) {
        m.bus.load(TestMachine.CODE, new byte[] {(byte) insn, (byte) (insn >>> 8), (byte) (insn >>> 16), (byte) (insn >>> 24)}, 0, 4);
        c.pc = TestMachine.CODE;
        Interpreter.step(c, null);
    }

    private static void tlbi(TestMachine m, Cpu c, int insn, long va) {
        c.x[0] = va >>> 12;
        exec(m, c, insn);
    }

    @Test
    void tlbiByVaMakesTheNewPageVisible() {
        TestMachine m = machine();
        Cpu c = m.cpu;
        assertEquals(0x11, c.mem.read64(PAGES_VA));
        assertEquals(0x22, c.mem.read64(PAGES_VA + 0x1000));
        pwrite(m, L3, P3 | AF | INNER | 3);
        pwrite(m, L3 + 8, 0);   // unmapped, but this test issues no TLBI for it
        tlbi(m, c, TLBI_VAE1_X0, PAGES_VA);
        assertEquals(0x33, c.mem.read64(PAGES_VA), "the remapped page after TLBI VAE1");
        assertEquals(0x22, c.mem.read64(PAGES_VA + 0x1000),
                "a TLBI by VA leaves other pages cached (allowed either way; a whole flush would fault here)");
    }

    @Test
    void flushPagesDropsTheNamedPagesNotTheirSlotNeighbours() {
        TestMachine m = machine();
        Cpu c = m.cpu;
        long neighbour = 0x4010_0000L;   // TLB slot 0, as PAGES_VA: inside the identity block
        long before = c.mem.read64(neighbour);   // the slot's entry (the TLB is direct-mapped)
        pwrite(m, L3, P3 | AF | INNER | 3);
        pwrite(m, L2, 0);   // the identity block unmapped, with no TLB maintenance for it
        c.mem.flushPages(1, PAGES_VA, 1);   // context 1: Non-secure EL1
        assertEquals(before, c.mem.read64(neighbour), "the entry in PAGES_VA's slot stays (a whole-slot flush would fault here)");
        c.mem.flushPages(1, neighbour, 1);
        assertThrows(ExceptionTaken.class, () -> c.mem.read64(neighbour), "a flushed page is walked again");
        assertEquals(0x33, c.mem.read64(PAGES_VA), "and so is the remapped one");
    }

    @Test
    void tlbiByVaOfAnyAddressInABlockDropsTheWholeBlock() {
        TestMachine m = machine();
        Cpu c = m.cpu;
        assertEquals(0xB1, c.mem.read64(BLOCK_VA + 0x1000));
        pwrite(m, L2 + 4 * 8, B2 | AF | INNER | 1);
        tlbi(m, c, TLBI_VAALE1IS_X0, BLOCK_VA + 0x5000);   // another page of the same 2 MiB block
        assertEquals(0xB2, c.mem.read64(BLOCK_VA + 0x1000));
    }

    @Test
    void tlbiInnerShareableReachesTheOtherPe() {
        TestMachine m = machine();
        Cpu c0 = m.cpu, c1 = new Cpu(1, m.bus);
        c1.resetTo(TestMachine.CODE, 1);
        mmuOn(m, c1);
        Cpu[] domain = {c0, c1};
        c0.innerShareable = domain;
        c1.innerShareable = domain;
        assertEquals(0x11, c1.mem.read64(PAGES_VA));
        pwrite(m, L3, P3 | AF | INNER | 3);
        tlbi(m, c0, TLBI_VAE1IS_X0, PAGES_VA);
        assertEquals(0x33, c1.mem.read64(PAGES_VA), "PE 1 sees the new mapping after PE 0's TLBI VAE1IS");
    }

    @Test
    void unalignedAccessesToACachedPageKeepTheirChecks() {
        TestMachine m = machine();
        Cpu c = m.cpu;
        c.mem.write64(PAGES_VA + 3, 0x0102_0304_0506_0708L);
        assertEquals(0x0102_0304_0506_0708L, c.mem.read64(PAGES_VA + 3), "unaligned within a Normal page");
        assertEquals(0x0506_0708L, c.mem.read32(PAGES_VA + 3) & 0xFFFF_FFFFL);
        long dev = PAGES_VA + 0x3000;
        c.mem.read64(dev);   // aligned: allowed on Device memory, and now cached
        assertThrows(ExceptionTaken.class, () -> c.mem.read64(dev + 4), "unaligned Device access");
        assertEquals(Esr.FSC_ALIGNMENT, (int) c.esr[1] & 0x3F);
        assertThrows(ExceptionTaken.class, () -> c.mem.write32(dev + 2, 0));
        assertEquals(Esr.FSC_ALIGNMENT, (int) c.esr[1] & 0x3F);

        c.x[2] = c.sctlr[1] | 2;   // SCTLR_EL1.A: alignment checking on every access
        exec(m, c, MSR_SCTLR_EL1_X2);
        c.mem.read64(PAGES_VA);
        assertThrows(ExceptionTaken.class, () -> c.mem.read64(PAGES_VA + 3), "SCTLR_EL1.A = 1");
        assertEquals(Esr.FSC_ALIGNMENT, (int) c.esr[1] & 0x3F);
    }

    @Test
    void dcZvaOnACachedPageZeroesNormalMemoryAndFaultsOnDevice() {
        TestMachine m = machine();
        Cpu c = m.cpu;
        c.mem.write64(PAGES_VA + 0x48, -1L);   // caches the page for writing
        c.mem.write64(PAGES_VA + 0x80, -1L);
        c.x[0] = PAGES_VA + 0x45;
        exec(m, c, DC_ZVA_X0);
        assertEquals(0, c.mem.read64(PAGES_VA + 0x48));
        assertEquals(-1L, c.mem.read64(PAGES_VA + 0x80), "only the 64-byte block holding the address");
        long dev = PAGES_VA + 0x3000;
        c.mem.write64(dev, 5);
        c.x[0] = dev;
        assertThrows(ExceptionTaken.class, () -> exec(m, c, DC_ZVA_X0), "DC ZVA to Device memory");
        assertEquals(Esr.FSC_ALIGNMENT, (int) c.esr[1] & 0x3F);
        assertEquals(5, c.mem.read64(dev));
    }

    @Test
    void aTtbrWriteDropsNonGlobalEntriesOnly() {
        TestMachine m = machine();
        Cpu c = m.cpu;
        pwrite(m, L3 + 8, P2 | AF | INNER | NG | 3);   // the second page belongs to the ASID
        c.mem.flushTlb();
        assertEquals(0x11, c.mem.read64(PAGES_VA));
        assertEquals(0x22, c.mem.read64(PAGES_VA + 0x1000));
        pwrite(m, L3, P3 | AF | INNER | 3);
        pwrite(m, L3 + 8, P3 | AF | INNER | NG | 3);
        c.x[2] = L1 | 2L << 48;   // ASID 2
        exec(m, c, MSR_TTBR0_EL1_X2);
        assertEquals(0x33, c.mem.read64(PAGES_VA + 0x1000), "an nG entry of ASID 0 does not hit under ASID 2");
        assertEquals(0x11, c.mem.read64(PAGES_VA),
                "a global entry holds under every ASID until a TLBI (allowed either way; Linux's kernel pages)");
    }
}
