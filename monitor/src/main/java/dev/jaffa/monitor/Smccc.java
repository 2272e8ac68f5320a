package dev.jaffa.monitor;

/**
 * SMC Calling Convention v1.2 (Arm DEN 0028) function identifiers and the Arm Architecture Service
 * calls the monitor answers itself.
 */
public final class Smccc {
    private Smccc() {}

    public static final int VERSION = 0x8000_0000, ARCH_FEATURES = 0x8000_0001, ARCH_SOC_ID = 0x8000_0002,
            ARCH_WORKAROUND_1 = 0x8000_8000, ARCH_WORKAROUND_2 = 0x8000_7FFF, ARCH_WORKAROUND_3 = 0x8000_3FFF;

    /** SMCCC 1.2. */
    public static final int VERSION_1_2 = 0x1_0002;
    public static final int SUCCESS = 0, NOT_SUPPORTED = -1, NOT_REQUIRED = -2, INVALID_PARAMETER = -3;
    /** The value of every unknown function ID (SMC_UNKNOWN, 0xFFFFFFFF in W0). */
    public static final int UNKNOWN = -1;

    /** Bit 31: fast call; bit 30: SMC64; bits 29:24: owning entity. */
    public static boolean isFast(int fid) { return fid < 0; }
    public static boolean is64(int fid) { return (fid & 0x4000_0000) != 0; }
    public static int owner(int fid) { return (fid >>> 24) & 0x3F; }

    public static final int OWNER_ARCH = 0, OWNER_STANDARD = 4;

    /**
     * SMCCC_ARCH_FEATURES answers (DEN 0028 §7.4.3 and the CVE notes): the emulated PE is not
     * affected by the speculation issues, so each workaround is "not required on this PE" (1),
     * which is what TF-A answers on unaffected cores.
     */
    static long archFeatures(int queried) {
        switch (queried) {
            case VERSION:
            case ARCH_FEATURES:
                return SUCCESS;
            case ARCH_WORKAROUND_1:
            case ARCH_WORKAROUND_2:
            case ARCH_WORKAROUND_3:
                return 1;
            default:
                return NOT_SUPPORTED;
        }
    }
}
