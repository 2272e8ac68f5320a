package dev.jaffa.devices;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.ExceptionTaken;


/** Traps of MRS/MSR accesses from device system-register hooks (EC 0x18). */
final class SysRegTrap {
    private SysRegTrap() {}

    /** The executing instruction word (the MRS/MSR that reached the hook). */
    static int insnOf(Cpu c) { return c.curInsn; }

    /**
     * Takes the EC 0x18 exception for the current MRS/MSR to {@code targetEl}, with the ISS
     * (Arm ARM D17.2.37, ISS encoding for EC 0x18): Op0, Op2, Op1, CRn, Rt, CRm, Direction (1 = read).
     */
    static ExceptionTaken trap(Cpu c, int targetEl) {
        int i = insnOf(c);
        int iss = ((i >>> 19) & 3) << 20 | ((i >>> 5) & 7) << 17 | ((i >>> 16) & 7) << 14
                | ((i >>> 12) & 15) << 10 | (i & 31) << 5 | ((i >>> 8) & 15) << 1 | ((i >>> 21) & 1);
        return c.takeSync(targetEl, Esr.EC_SYSREG, iss, c.curPc);
    }
}
