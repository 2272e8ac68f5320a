package dev.jaffa.platform;

/**
 * Machine profiles. For now both boards are "RAM and semihosting": DRAM at the board's base plus a
 * second window so bare-metal images linked for either base run on both. The system issue gives
 * each board its real memory map and devices.
 */
public enum Board {
    /** Modelled on the Arm FVP Base RevC: DRAM from 0x8000_0000. */
    FVP(0x8000_0000L, 0x4000_0000L),
    /** Modelled on QEMU's virt board: RAM from 0x4000_0000. */
    VIRT(0x4000_0000L, 0x8000_0000L);

    /** Base of the main RAM, whose size is {@code -m}. */
    public final long ramBase;
    /** Base of the secondary RAM window (see the class comment). */
    public final long altRamBase;

    Board(long ramBase, long altRamBase) {
        this.ramBase = ramBase;
        this.altRamBase = altRamBase;
    }

    /** Size of the secondary window; it is left out where it would overlap the main RAM. */
    public static final long ALT_RAM_SIZE = 256L << 20;
}
