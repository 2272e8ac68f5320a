package dev.jaffa.platform;

/**
 * Machine profiles: memory maps, interrupt numbers and clocks as data; {@link Machine} builds the
 * devices and {@link DeviceTree} the tree from them. SPI numbers are GIC INTIDs minus 32, as the
 * device tree's interrupt specifiers give them.
 */
public enum Board {
    /**
     * Modelled on the Arm FVP Base RevC wherever a device exists there: DRAM from 0x8000_0000,
     * PL011 UART0, GICv3, PL031, NOR flash 0 and 1 at 0x0800_0000 and 0x0C00_0000; four virtio-mmio
     * slots of our own at 0x1C13_0000; EL2 and EL3 (the latter as Java firmware), SMC conduit.
     * The second DRAM bank at 0x8_8000_0000 has the 2 GiB Linux's fvp-base-revc.dts gives it (TF-A's
     * FVP map allows up to 30 GiB there; the model's default 4 GiB of DRAM fills 2 GiB of each
     * bank), and the Juno TRNG sits at 0x7FE6_0000, Secure-only, as Trusted Services expect.
     */
    FVP(0x8000_0000L, 0x4000_0000L,
            0x1C09_0000L, 5, 0x1C17_0000L, 4,
            0x2F00_0000L, 0x2F10_0000L,
            0x1C13_0000L, 4, 42,
            0x0800_0000L, 2, 0x0400_0000L,
            100_000_000L, true, 0x0600_0000L, 32L << 20,
            0x8_8000_0000L, 2L << 30, 0x7FE6_0000L),
    /**
     * QEMU's virt board (hw/arm/virt.c memory map): RAM from 0x4000_0000, PL011 at 0x0900_0000,
     * PL031 at 0x0901_0000, GICv3 at 0x0800_0000 / 0x080A_0000, 32 virtio-mmio slots from
     * 0x0A00_0000, two 64 MiB flash banks at 0, counter at 62.5 MHz. EL2 only with
     * {@code --entry-el 2} (QEMU's virtualization=on); without it PSCI is reached through HVC.
     */
    VIRT(0x4000_0000L, 0x8000_0000L,
            0x0900_0000L, 1, 0x0901_0000L, 2,
            0x0800_0000L, 0x080A_0000L,
            0x0A00_0000L, 32, 16,
            0x0000_0000L, 2, 0x0400_0000L,
            62_500_000L, false, 0x0E00_0000L, 16L << 20,
            0, 0, -1);

    /** Base of the main RAM, whose size is {@code -m}. */
    public final long ramBase;
    /** Base of the secondary RAM window (so images linked for the other board's RAM run too). */
    public final long altRamBase;
    public final long uartBase, rtcBase, gicdBase, gicrBase, virtioBase, flashBase, flashBankSize;
    public final int uartSpi, rtcSpi, virtioSlots, virtioFirstSpi, flashBanks;
    /** CNTFRQ_EL0. */
    public final long counterHz;
    /** EL2 exists whatever the entry EL (true on fvp). */
    public final boolean alwaysEl2;
    /** The Secure-only DRAM the SPMC owns (FVP's Trusted DRAM; QEMU virt's secure RAM). */
    public final long secureRamBase, secureRamSize;
    /** The second DRAM bank (Non-secure RAM, in the device tree), or size 0 where there is none. */
    public final long dram2Base, dram2Size;
    /** The Secure-only Juno TRNG ({@link dev.jaffa.devices.JunoTrng}), or -1 where there is none. */
    public final long trngBase;

    Board(long ramBase, long altRamBase, long uartBase, int uartSpi, long rtcBase, int rtcSpi,
          long gicdBase, long gicrBase, long virtioBase, int virtioSlots, int virtioFirstSpi,
          long flashBase, int flashBanks, long flashBankSize, long counterHz, boolean alwaysEl2,
          long secureRamBase, long secureRamSize, long dram2Base, long dram2Size, long trngBase) {
        this.dram2Base = dram2Base;
        this.dram2Size = dram2Size;
        this.trngBase = trngBase;
        this.secureRamBase = secureRamBase;
        this.secureRamSize = secureRamSize;
        this.ramBase = ramBase;
        this.altRamBase = altRamBase;
        this.uartBase = uartBase;
        this.uartSpi = uartSpi;
        this.rtcBase = rtcBase;
        this.rtcSpi = rtcSpi;
        this.gicdBase = gicdBase;
        this.gicrBase = gicrBase;
        this.virtioBase = virtioBase;
        this.virtioSlots = virtioSlots;
        this.virtioFirstSpi = virtioFirstSpi;
        this.flashBase = flashBase;
        this.flashBanks = flashBanks;
        this.flashBankSize = flashBankSize;
        this.counterHz = counterHz;
        this.alwaysEl2 = alwaysEl2;
    }

    /** Size of the secondary window; it is left out where it would overlap the main RAM. */
    public static final long ALT_RAM_SIZE = 256L << 20;
    /** Stride of the virtio-mmio transports. */
    public static final long VIRTIO_STRIDE = 0x200;
    /** SPIs the distributor implements (INTIDs 32..287). */
    public static final int SPI_COUNT = 256;

    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
}
