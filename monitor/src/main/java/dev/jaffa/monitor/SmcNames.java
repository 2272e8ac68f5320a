package dev.jaffa.monitor;

/** Names of the function IDs and status codes the monitor knows, for traces. */
final class SmcNames {
    private SmcNames() {}

    private static final int[] IDS = {
        Smccc.VERSION, Smccc.ARCH_FEATURES, Smccc.ARCH_SOC_ID, Smccc.ARCH_WORKAROUND_1, Smccc.ARCH_WORKAROUND_2,
        Smccc.ARCH_WORKAROUND_3, Psci.VERSION, Psci.CPU_SUSPEND, Psci.CPU_OFF, Psci.CPU_ON, Psci.AFFINITY_INFO,
        Psci.MIGRATE, Psci.MIGRATE_INFO_TYPE, Psci.MIGRATE_INFO_UP_CPU, Psci.SYSTEM_OFF, Psci.SYSTEM_RESET,
        Psci.FEATURES, Psci.SYSTEM_RESET2,
    };
    private static final String[] NAMES = {
        "SMCCC_VERSION", "SMCCC_ARCH_FEATURES", "SMCCC_ARCH_SOC_ID", "SMCCC_ARCH_WORKAROUND_1", "SMCCC_ARCH_WORKAROUND_2",
        "SMCCC_ARCH_WORKAROUND_3", "PSCI_VERSION", "PSCI_CPU_SUSPEND", "PSCI_CPU_OFF", "PSCI_CPU_ON", "PSCI_AFFINITY_INFO",
        "PSCI_MIGRATE", "PSCI_MIGRATE_INFO_TYPE", "PSCI_MIGRATE_INFO_UP_CPU", "PSCI_SYSTEM_OFF", "PSCI_SYSTEM_RESET",
        "PSCI_FEATURES", "PSCI_SYSTEM_RESET2",
    };

    static String name(int fid) {
        for (int i = 0; i < IDS.length; i++) {
            if (IDS[i] == fid) return NAMES[i];
            if (Psci.owns(fid) && IDS[i] == (fid & ~Psci.SMC64)) return NAMES[i] + "_64";
        }
        return String.format("0x%08x", fid);
    }

    private static final String[] PSCI_ERRORS = {
        "SUCCESS", "NOT_SUPPORTED", "INVALID_PARAMETERS", "DENIED", "ALREADY_ON", "ON_PENDING",
        "INTERNAL_FAILURE", "NOT_PRESENT", "DISABLED", "INVALID_ADDRESS",
    };

    static String psciError(int code) { return PSCI_ERRORS[-code]; }
}
