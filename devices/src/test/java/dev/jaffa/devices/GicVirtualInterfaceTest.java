package dev.jaffa.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.ExceptionTaken;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.SysRegHook;
import dev.jaffa.interp.memory.SystemBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GICv3 virtual CPU interface: ICH_*_EL2, the ICV_* view from EL1, vIRQ and maintenance (IHI 0069 ch. 6). */
class GicVirtualInterfaceTest {
    static final long RAM = 0x4000_0000L, CODE = RAM + 0x1000, VBAR = RAM + 0x8000;
    static final int MAINT = 25;
    static final long LR_PENDING = 1L << 62, LR_ACTIVE = 1L << 63, LR_HW = 1L << 61, LR_GROUP1 = 1L << 60, LR_EOI = 1L << 41;

    SystemBus bus;
    Cpu[] cpus;
    Gicv3 gic;
    SysRegHook hook;

    @BeforeEach
    void setUp() {
        bus = new SystemBus();
        bus.addRam(RAM, 1 << 20);
        cpus = new Cpu[2];
        for (int i = 0; i < 2; i++) {
            cpus[i] = new Cpu(i, bus);
            cpus[i].haveEl2 = true;
        }
        gic = new Gicv3(cpus, 32);
        hook = gic.cpuInterface();
        for (Cpu c : cpus) c.sysRegHook = hook;
    }

    long read(int key) { return hook.read(cpus[0], key); }

    void write(int key, long v) { hook.write(cpus[0], key, v); }

    /** As the hypervisor: EL2 on CPU 0. */
    void atEl2() { cpus[0].el = 2; }

    /** As the virtual machine: Non-secure EL1 with IRQ and FIQ routed to EL2. */
    void atEl1Routed() {
        cpus[0].el = 1;
        cpus[0].hcr |= Cpu.HCR_IMO | Cpu.HCR_FMO;
    }

    static long lr(long state, boolean group1, int prio, int vintid) {
        return state | (group1 ? LR_GROUP1 : 0) | (long) prio << 48 | vintid;
    }

    boolean virq() { return (cpus[0].interruptLines & Cpu.LINE_VIRQ) != 0; }

    boolean vfiq() { return (cpus[0].interruptLines & Cpu.LINE_VFIQ) != 0; }

    /** The maintenance PPI's level as the redistributor sees it (pending while asserted). */
    boolean maintenance() { return gic.level[gic.slot(0, MAINT)]; }

    /** Virtual interface on, both groups enabled, nothing masked. */
    void enableVirtual() {
        atEl2();
        write(GicCpuInterface.ICH_VMCR, 0xFFL << 24 | 3);
        write(GicCpuInterface.ICH_HCR, 1);
    }

    @Test
    void ichRegistersExistOnlyAtEl2() {
        cpus[0].el = 1;
        assertThrows(ExceptionTaken.class, () -> read(GicCpuInterface.ICH_VTR));
        assertEquals(Esr.EC_UNKNOWN, Esr.ec(cpus[0].esr[1]));
        atEl2();
        // 4 list registers, TDS, nV4, A3V, IDbits 16, PREbits 5, PRIbits 5.
        assertEquals(0x9038_0003L, read(GicCpuInterface.ICH_VTR));
        assertTrue(hook.implementsKey(GicCpuInterface.ICH_LR0 + 3));
        assertFalse(hook.implementsKey(GicCpuInterface.ICH_LR0 + 4), "LR4 is not implemented: UNDEFINED");
        assertFalse(hook.implementsKey(GicCpuInterface.ICH_AP0R0 + 1), "AP0R1 needs 6 preemption bits");
        assertThrows(ExceptionTaken.class, () -> write(GicCpuInterface.ICH_VTR, 0), "read-only");
        assertThrows(ExceptionTaken.class, () -> write(GicCpuInterface.ICH_ELRSR, 0), "read-only");
        assertEquals(0xF, read(GicCpuInterface.ICH_ELRSR), "every list register empty");
        assertEquals(0, read(GicCpuInterface.ICH_EISR));
        assertEquals(0, read(GicCpuInterface.ICH_MISR));
        // VMCR: RES1 VFIQEn, minimum binary points; VPMR keeps the 5 implemented bits.
        assertEquals(1L << 3 | 3L << 18 | 2L << 21, read(GicCpuInterface.ICH_VMCR));
        write(GicCpuInterface.ICH_VMCR, 0xFFL << 24);
        assertEquals(0xF8L << 24 | 1L << 3 | 3L << 18 | 2L << 21, read(GicCpuInterface.ICH_VMCR));
        // LR: unimplemented priority bits and RES0 bits are dropped.
        write(GicCpuInterface.ICH_LR0 + 1, -1L);
        assertEquals(0xF0F8_1FFF_FFFF_FFFFL, read(GicCpuInterface.ICH_LR0 + 1));
        // ICH_HCR_EL2: RES0 bits (TSEI without SEIS) are dropped.
        write(GicCpuInterface.ICH_HCR, -1L);
        assertEquals(0xF800_5CFFL, read(GicCpuInterface.ICH_HCR));
    }

    @Test
    void anInjectedVirtualIrqIsTakenAtEl1AcknowledgedAndEoiedThroughIcv() {
        enableVirtual();
        write(GicCpuInterface.ICH_LR0 + 2, lr(LR_PENDING, true, 0xA0, 27) | LR_EOI);
        assertTrue(virq(), "a pending Group 1 list register raises vIRQ");
        assertFalse(vfiq());
        assertEquals(0b1011, read(GicCpuInterface.ICH_ELRSR), "LR2 is in use");

        // The VM, at EL1 with PSTATE.I clear: takes the vIRQ at its own vector and handles it there.
        Cpu c = cpus[0];
        atEl1Routed();
        int mrsIar1 = 0xD5200000 | GicCpuInterface.IAR1 << 5 | 7;    // MRS X7, ICC_IAR1_EL1 (ICV_IAR1_EL1)
        int mrsRpr = 0xD5200000 | GicCpuInterface.RPR << 5 | 8;      // MRS X8, ICC_RPR_EL1
        int msrEoir1 = 0xD5000000 | GicCpuInterface.EOIR1 << 5 | 7;  // MSR ICC_EOIR1_EL1, X7
        int nop = 0xD503201F;
        c.mem.write32(CODE, nop);
        c.mem.write32(VBAR + 0x280, mrsIar1);                       // current EL with SP_ELx, IRQ
        c.mem.write32(VBAR + 0x284, mrsRpr);
        c.mem.write32(VBAR + 0x288, msrEoir1);
        c.resetTo(CODE, 1);
        c.vbar[1] = VBAR;
        c.daif = 0;
        c.exitRequest = 1;
        Interpreter.run(c, 2, null);
        assertEquals(1, c.el, "taken at EL1, not EL2");
        assertEquals(CODE, c.elr[1], "before the first instruction");
        assertEquals(27, c.x[7], "ICV_IAR1_EL1 gives the list register's vINTID");
        assertEquals(0xA0, c.x[8], "the running priority is the interrupt's group priority");
        assertFalse(virq(), "acknowledged");
        atEl2();
        assertEquals(lr(LR_ACTIVE, true, 0xA0, 27) | LR_EOI, read(GicCpuInterface.ICH_LR0 + 2), "Active");
        assertEquals(1L << (0xA0 >> 3), read(GicCpuInterface.ICH_AP1R0));
        assertFalse(maintenance());
        c.el = 1;
        Interpreter.run(c, 1, null);                                 // the EOI

        atEl2();
        assertEquals(lr(0, true, 0xA0, 27) | LR_EOI, read(GicCpuInterface.ICH_LR0 + 2), "Invalid after EOI");
        assertFalse(virq());
        assertEquals(0b100, read(GicCpuInterface.ICH_EISR), "EOI maintenance requested by LR2");
        assertEquals(0b1011, read(GicCpuInterface.ICH_ELRSR), "not empty until the hypervisor clears EOI");
        assertEquals(1, read(GicCpuInterface.ICH_MISR), "MISR.EOI");
        assertTrue(maintenance(), "maintenance interrupt asserted");
        assertEquals(0, read(GicCpuInterface.ICH_AP1R0), "priority dropped");
        write(GicCpuInterface.ICH_LR0 + 2, 0);
        assertFalse(maintenance());
        assertEquals(0xF, read(GicCpuInterface.ICH_ELRSR));
    }

    @Test
    void virtualIrqIsMaskedByPstateIAndNeedsImoAndTheInterfaceEnabled() {
        atEl2();
        write(GicCpuInterface.ICH_VMCR, 0xFFL << 24 | 2);
        write(GicCpuInterface.ICH_LR0, lr(LR_PENDING, true, 0x80, 40));
        assertFalse(virq(), "ICH_HCR_EL2.En = 0");
        write(GicCpuInterface.ICH_HCR, 1);
        assertTrue(virq());
        Cpu c = cpus[0];
        c.el = 1;
        c.daif = 2;
        c.hcr |= Cpu.HCR_IMO;
        assertFalse(c.takePendingInterrupt(), "PSTATE.I masks a virtual IRQ");
        c.daif = 0;
        c.hcr &= ~Cpu.HCR_IMO;
        assertFalse(c.takePendingInterrupt(), "without IMO there are no virtual interrupts");
        assertEquals(Gicv3.SPURIOUS, read(GicCpuInterface.IAR1), "and ICC_IAR1_EL1 is the physical one");
        c.el = 2;
        c.hcr |= Cpu.HCR_IMO;
        assertFalse(c.takePendingInterrupt(), "never taken at EL2");
        c.el = 1;
        assertTrue(c.takePendingInterrupt());
        assertEquals(1, c.el);
        assertEquals(Cpu.VECTOR_IRQ + 0x200, c.pc - c.vbar[1]);
    }

    @Test
    void priorityMaskGroupEnableAndPreemptionApplyToVirtualInterrupts() {
        enableVirtual();
        write(GicCpuInterface.ICH_LR0, lr(LR_PENDING, true, 0x80, 40));
        write(GicCpuInterface.ICH_LR0 + 1, lr(LR_PENDING, false, 0x40, 41));
        assertTrue(vfiq(), "Group 0 (higher priority) is a vFIQ");
        assertFalse(virq(), "only the highest-priority one is signalled");
        atEl1Routed();
        assertEquals(41, read(GicCpuInterface.HPPIR0));
        assertEquals(Gicv3.SPURIOUS, read(GicCpuInterface.HPPIR1), "HPPI is Group 0");
        write(GicCpuInterface.IGRPEN0, 0);                          // ICV_IGRPEN0_EL1 = VMCR.VENG0
        assertEquals(40, read(GicCpuInterface.HPPIR1));
        assertTrue(virq());
        write(GicCpuInterface.PMR, 0x80);                           // ICV_PMR_EL1: 0x80 is not below the mask
        assertFalse(virq());
        assertEquals(Gicv3.SPURIOUS, read(GicCpuInterface.IAR1));
        write(GicCpuInterface.PMR, 0xF0);
        assertEquals(40, read(GicCpuInterface.IAR1));
        assertFalse(virq(), "active now");
        assertEquals(0x80, read(GicCpuInterface.RPR));
        write(GicCpuInterface.IGRPEN0, 1);
        assertTrue(vfiq(), "0x40 preempts the running 0x80");
        assertEquals(41, read(GicCpuInterface.IAR0));
        assertEquals(0x40, read(GicCpuInterface.RPR));
        write(GicCpuInterface.EOIR0, 41);
        write(GicCpuInterface.EOIR1, 40);
        assertEquals(0xFF, read(GicCpuInterface.RPR));
        atEl2();
        assertEquals(0xF, read(GicCpuInterface.ICH_ELRSR), "both deactivated");
    }

    @Test
    void hardwareListRegisterDeactivatesThePhysicalInterrupt() {
        // Physical SPI 48 taken by the hypervisor, then handed to the VM with HW = 1.
        gic.distributor().write(0, 4, 3);
        gic.distributor().write(0x6000 + 8L * 48, 8, 0);
        gic.distributor().write(0x100 + 4, 4, 1L << 16);             // enable 48
        gic.distributor().write(0x200 + 4, 4, 1L << 16);             // pend 48
        atEl2();
        write(GicCpuInterface.IGRPEN1, 1);
        write(GicCpuInterface.PMR, 0xFF);
        write(GicCpuInterface.CTLR, GicCpuInterface.CTLR_EOIMODE);  // drop at EL2, deactivate from the VM
        assertEquals(48, read(GicCpuInterface.IAR1));
        write(GicCpuInterface.EOIR1, 48);
        assertTrue(gic.active[gic.slot(0, 48)]);
        write(GicCpuInterface.ICH_VMCR, 0xFFL << 24 | 2);
        write(GicCpuInterface.ICH_HCR, 1);
        write(GicCpuInterface.ICH_LR0, lr(LR_PENDING | LR_HW, true, 0xA0, 33) | 48L << 32);
        atEl1Routed();
        assertEquals(33, read(GicCpuInterface.IAR1));
        write(GicCpuInterface.EOIR1, 33);
        assertFalse(gic.active[gic.slot(0, 48)], "the physical interrupt is deactivated with the virtual one");
        atEl2();
        assertEquals(0, read(GicCpuInterface.ICH_EISR), "HW = 1: no EOI maintenance");
        assertEquals(0xF, read(GicCpuInterface.ICH_ELRSR));
    }

    @Test
    void splitEoiDeactivatesThroughDirAndUnmatchedEoisCountForLrenp() {
        enableVirtual();
        write(GicCpuInterface.ICH_HCR, 1 | 1 << 2);                 // En, LRENPIE
        write(GicCpuInterface.ICH_LR0, lr(LR_PENDING, true, 0x80, 50));
        atEl1Routed();
        write(GicCpuInterface.CTLR, GicCpuInterface.CTLR_EOIMODE);  // ICV_CTLR_EL1.EOImode = VMCR.VEOIM
        assertEquals(50, read(GicCpuInterface.IAR1));
        write(GicCpuInterface.EOIR1, 50);
        atEl2();
        assertEquals(LR_ACTIVE, read(GicCpuInterface.ICH_LR0) & (LR_ACTIVE | LR_PENDING), "still active: VEOIM");
        assertEquals(0, read(GicCpuInterface.ICH_AP1R0), "but its priority dropped");
        atEl1Routed();
        write(GicCpuInterface.DIR, 50);
        write(GicCpuInterface.DIR, 51);                             // not in any list register
        atEl2();
        assertEquals(0, read(GicCpuInterface.ICH_LR0) >>> 62);
        assertEquals(1, read(GicCpuInterface.ICH_HCR) >>> 27, "EOIcount");
        assertEquals(4, read(GicCpuInterface.ICH_MISR) & 4, "LRENP");
        assertTrue(maintenance());
        write(GicCpuInterface.ICH_HCR, 1 | 1 << 2);                 // the hypervisor clears EOIcount
        assertFalse(maintenance());
    }

    @Test
    void underflowAndNoPendingMaintenance() {
        enableVirtual();
        write(GicCpuInterface.ICH_LR0, lr(LR_PENDING, true, 0x80, 60));
        write(GicCpuInterface.ICH_LR0 + 1, lr(LR_PENDING, true, 0x80, 61));
        write(GicCpuInterface.ICH_HCR, 1 | 1 << 1 | 1 << 3);        // En, UIE, NPIE
        assertEquals(0, read(GicCpuInterface.ICH_MISR), "two valid, some pending");
        atEl1Routed();
        assertEquals(60, read(GicCpuInterface.IAR1));
        write(GicCpuInterface.EOIR1, 60);
        atEl2();
        assertEquals(2, read(GicCpuInterface.ICH_MISR), "U: at most one valid list register");
        assertTrue(maintenance());
        atEl1Routed();
        assertEquals(61, read(GicCpuInterface.IAR1));
        atEl2();
        assertEquals(2 | 8, read(GicCpuInterface.ICH_MISR), "NP: none pending");
        write(GicCpuInterface.ICH_HCR, 0);
        assertFalse(maintenance(), "only while the interface is enabled");
    }

    @Test
    void ichHcrAndHcrTrapsToEl2() {
        enableVirtual();
        write(GicCpuInterface.ICH_HCR, 1 | 1 << 12);                // TALL1
        atEl1Routed();
        Cpu c = cpus[0];
        c.curInsn = 0xD5200000 | GicCpuInterface.IAR1 << 5 | 3;     // MRS X3, ICC_IAR1_EL1
        assertThrows(ExceptionTaken.class, () -> read(GicCpuInterface.IAR1));
        assertEquals(2, c.el);
        assertEquals(Esr.EC_SYSREG, Esr.ec(c.esr[2]));
        assertEquals(1, c.esr[2] & 1, "a read");
        atEl1Routed();
        assertEquals(Gicv3.SPURIOUS, read(GicCpuInterface.IAR0), "Group 0 registers are not trapped by TALL1");
        c.curInsn = 0xD5000000 | GicCpuInterface.SGI1R << 5 | 3;    // MSR ICC_SGI1R_EL1, X3
        assertThrows(ExceptionTaken.class, () -> write(GicCpuInterface.SGI1R, 1), "SGIs trap with IMO");
        assertEquals(2, c.el);
        assertEquals(0, c.esr[2] & 1, "a write");
        atEl2();
        write(GicCpuInterface.ICH_HCR, 1 | 1 << 10);                // TC
        atEl1Routed();
        assertThrows(ExceptionTaken.class, () -> read(GicCpuInterface.PMR), "common registers trap with TC");
        assertEquals(2, c.el);
    }
}
