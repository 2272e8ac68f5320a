package dev.jaffa.devices;

/**
 * The CoreSight-style identification registers at 0xFFD0-0xFFFC of GICD and GICR RD_base
 * (IHI 0069 12.1.3). PIDR2.ArchRev = 3 (GICv3); the other values are those QEMU reports.
 */
final class GicIdRegisters {
    private GicIdRegisters() {}

    static final int PIDR0_DIST = 0x92, PIDR0_REDIST = 0x93;

    /** PIDR4..PIDR7, PIDR0..PIDR3, CIDR0..CIDR3; PIDR0 is per frame. */
    private static final int[] IDS = {0x44, 0x00, 0x00, 0x00, -1, 0xB4, 0x3B, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

    static long read(int off, int pidr0) {
        if ((off & 3) != 0) return 0;
        int v = IDS[(off - 0xFFD0) / 4];
        return v < 0 ? pidr0 : v;
    }
}
