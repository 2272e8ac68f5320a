package dev.jaffa.monitor;

import dev.jaffa.interp.Cpu;


/**
 * Power State Coordination Interface 1.1 (Arm DEN 0022) in Java. SMC32 and SMC64 forms are both
 * accepted where the spec defines them; 32-bit arguments are read as W registers.
 */
public final class Psci {
    public static final int VERSION = 0x8400_0000, CPU_SUSPEND = 0x8400_0001, CPU_OFF = 0x8400_0002,
            CPU_ON = 0x8400_0003, AFFINITY_INFO = 0x8400_0004, MIGRATE = 0x8400_0005,
            MIGRATE_INFO_TYPE = 0x8400_0006, MIGRATE_INFO_UP_CPU = 0x8400_0007, SYSTEM_OFF = 0x8400_0008,
            SYSTEM_RESET = 0x8400_0009, FEATURES = 0x8400_000A, SYSTEM_RESET2 = 0x8400_0012;
    /** SMC64 variants differ by bit 30. */
    public static final int SMC64 = 0x4000_0000;

    public static final int SUCCESS = 0, NOT_SUPPORTED = -1, INVALID_PARAMETERS = -2, DENIED = -3, ALREADY_ON = -4,
            ON_PENDING = -5, INTERNAL_FAILURE = -6, NOT_PRESENT = -7, DISABLED = -8, INVALID_ADDRESS = -9;
    /** PSCI 1.1. */
    public static final int VERSION_1_1 = 0x1_0001;
    /** MIGRATE_INFO_TYPE: no Trusted OS that needs migration. */
    static final int TOS_NOT_PRESENT_MP = 2;

    private final PowerController power;

    public Psci(PowerController power) { this.power = power; }

    /** True for the PSCI function IDs in the Standard Secure Service range (0x00..0x1F). */
    public static boolean owns(int fid) {
        return (fid & ~SMC64 & 0xFFFF_FFE0) == 0x8400_0000;
    }

    /** Handles a PSCI call from {@code cpu}; writes the result to x0 (sign-extended, as QEMU does). */
    public void call(Cpu cpu, int fid) {
        long r = dispatch(cpu, fid);
        if (r != Long.MIN_VALUE) cpu.x[0] = r;
    }

    /** Returns the x0 result, or Long.MIN_VALUE when the call does not return (CPU_OFF, SYSTEM_OFF). */
    private long dispatch(Cpu cpu, int fid) {
        boolean is64 = (fid & SMC64) != 0;
        switch (fid & ~SMC64) {
            case VERSION: return is64 ? NOT_SUPPORTED : VERSION_1_1;
            case FEATURES: return is64 ? NOT_SUPPORTED : features((int) cpu.x[1]);
            case MIGRATE_INFO_TYPE: return is64 ? NOT_SUPPORTED : TOS_NOT_PRESENT_MP;
            case CPU_ON: return cpuOn(cpu, arg(cpu, 1, is64), arg(cpu, 2, is64), arg(cpu, 3, is64));
            case AFFINITY_INFO: return affinityInfo(arg(cpu, 1, is64), arg(cpu, 2, is64));
            case CPU_SUSPEND:
                // No retention or power-down states are modelled: suspend is a wait for an
                // interrupt followed by a successful return, as QEMU does.
                cpu.sleeping = !cpu.interruptPending();
                cpu.exitRequest = 1;
                return SUCCESS;
            case CPU_OFF:
                if (is64) return NOT_SUPPORTED;
                power.powerOff(cpu);
                return Long.MIN_VALUE;
            case SYSTEM_OFF:
                if (is64) return NOT_SUPPORTED;
                power.systemOff(cpu);
                return Long.MIN_VALUE;
            case SYSTEM_RESET:
                if (is64) return NOT_SUPPORTED;
                power.systemReset(cpu, false);
                return Long.MIN_VALUE;
            case SYSTEM_RESET2: {
                long type = arg(cpu, 1, is64) & 0xFFFF_FFFFL;
                // Architectural type 0 is SYSTEM_WARM_RESET; vendor types (bit 31) are not defined here.
                if (type != 0) return INVALID_PARAMETERS;
                power.systemReset(cpu, true);
                return Long.MIN_VALUE;
            }
            default:
                return NOT_SUPPORTED;
        }
    }

    private static long arg(Cpu cpu, int n, boolean is64) { return is64 ? cpu.x[n] : cpu.x[n] & 0xFFFF_FFFFL; }

    /** PSCI_FEATURES: 0 for implemented functions (CPU_SUSPEND: original power_state format). */
    static long features(int queried) {
        if (queried == Smccc.VERSION) return SUCCESS;   // SMCCC_VERSION is discoverable through PSCI_FEATURES
        if (!owns(queried)) return NOT_SUPPORTED;
        boolean is64 = (queried & SMC64) != 0;
        switch (queried & ~SMC64) {
            case VERSION: case FEATURES: case MIGRATE_INFO_TYPE: case CPU_OFF: case SYSTEM_OFF: case SYSTEM_RESET:
                return is64 ? NOT_SUPPORTED : SUCCESS;
            case CPU_ON: case AFFINITY_INFO: case CPU_SUSPEND: case SYSTEM_RESET2:
                return SUCCESS;
            default:
                return NOT_SUPPORTED;
        }
    }

    private long cpuOn(Cpu caller, long mpidr, long entry, long contextId) {
        Cpu target = power.cpuByMpidr(mpidr);
        if (target == null) return INVALID_PARAMETERS;
        if (target.poweredOn) return ALREADY_ON;
        if (!power.isExecutableAddress(entry)) return INVALID_ADDRESS;
        power.powerOn(target, entry, caller.el, contextId);
        return SUCCESS;
    }

    private long affinityInfo(long mpidr, long lowestLevel) {
        if (lowestLevel != 0) return INVALID_PARAMETERS;   // only PE-level affinity is tracked
        Cpu target = power.cpuByMpidr(mpidr);
        if (target == null) return INVALID_PARAMETERS;
        return target.poweredOn ? 0 : 1;   // ON, OFF
    }
}
