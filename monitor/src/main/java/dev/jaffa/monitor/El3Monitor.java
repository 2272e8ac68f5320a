package dev.jaffa.monitor;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.TrapSink;
import java.io.PrintStream;

/**
 * EL3 in Java: SMC from EL1 or EL2 lands here, never in guest code. Fast calls are dispatched by
 * owning entity (SMCCC §2.5): Arm Architecture calls and PSCI are answered here, everything else
 * returns SMC_UNKNOWN until a service (the SPMD) claims it. HLT #0xF000 goes to semihosting.
 * On a board without EL2, PSCI may also be reached through HVC (QEMU's virt does that).
 */
public final class El3Monitor implements TrapSink {
    /** A further SMC service (the SPMD): returns true if it handled the call in x0. */
    public interface Service {
        boolean call(Cpu cpu, int fid);
    }

    private final Psci psci;
    private final TrapSink semihosting;
    private boolean psciViaHvc;
    private Service service;
    private PrintStream trace;

    public El3Monitor(PowerController power, TrapSink semihosting) {
        this.psci = new Psci(power);
        this.semihosting = semihosting;
    }

    /** Answers PSCI through HVC as well (the conduit of a board with no EL2). */
    public void setPsciViaHvc(boolean on) { psciViaHvc = on; }

    public void setService(Service s) { service = s; }

    /** Traces every call and its results (the {@code smc} trace category), or null for none. */
    public void setTrace(PrintStream out) { trace = out; }

    @Override
    public boolean hlt(Cpu cpu, int imm16) { return semihosting.hlt(cpu, imm16); }

    @Override
    public boolean smc(Cpu cpu, int imm16) {
        dispatch(cpu, "smc");
        return true;
    }

    @Override
    public boolean hvc(Cpu cpu, int imm16) {
        if (!psciViaHvc) return false;
        dispatch(cpu, "hvc");
        return true;
    }

    private void dispatch(Cpu cpu, String conduit) {
        int fid = (int) cpu.x[0];
        long a1 = cpu.x[1], a2 = cpu.x[2], a3 = cpu.x[3];
        int el = cpu.el;
        handle(cpu, fid);
        if (trace != null) {
            String result = cpu.poweredOn && cpu.stopReason == dev.jaffa.interp.StopReason.NONE
                    ? resultName(fid, cpu.x[0]) : "(does not return)";
            trace.printf("%s: cpu%d EL%d %s(0x%x, 0x%x, 0x%x) -> %s%n", conduit, cpu.index, el,
                    SmcNames.name(fid), a1, a2, a3, result);
        }
    }

    private void handle(Cpu cpu, int fid) {
        if (Smccc.owner(fid) == Smccc.OWNER_ARCH && Smccc.isFast(fid) && !Smccc.is64(fid)) {
            switch (fid) {
                case Smccc.VERSION: cpu.x[0] = Smccc.VERSION_1_2; return;
                case Smccc.ARCH_FEATURES: cpu.x[0] = Smccc.archFeatures((int) cpu.x[1]); return;
                case Smccc.ARCH_WORKAROUND_1:
                case Smccc.ARCH_WORKAROUND_2:
                case Smccc.ARCH_WORKAROUND_3:
                    return;   // nothing to mitigate; these calls return no results (x0 is preserved)
                default: break;
            }
        }
        if (Psci.owns(fid)) {
            psci.call(cpu, fid);
            return;
        }
        if (service != null && service.call(cpu, fid)) return;
        cpu.x[0] = Smccc.UNKNOWN;
    }

    private static String resultName(int fid, long x0) {
        if (fid == Smccc.VERSION || fid == Psci.VERSION) return String.format("0x%x", x0);
        return x0 < 0 && x0 >= -9 ? x0 + " (" + SmcNames.psciError((int) x0) + ")" : String.format("0x%x", x0);
    }
}
