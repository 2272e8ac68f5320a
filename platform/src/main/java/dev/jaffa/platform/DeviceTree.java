package dev.jaffa.platform;

import dev.jaffa.format.Fdt;
import dev.jaffa.devices.GenericTimer;
import dev.jaffa.devices.Gicv3;

/**
 * The device tree a board describes itself with, generated from its profile (node names and
 * properties follow what QEMU's virt board generates, so firmware and kernels built for it
 * find what they expect). /chosen is filled by the loader.
 */
final class DeviceTree {
    private DeviceTree() {}

    /** Interrupt specifier types and flags (GICv3 binding). */
    private static final int SPI = 0, PPI = 1, EDGE_RISING = 1, LEVEL_HIGH = 4;

    static byte[] generate(Machine m, long ramSize, String bootargs, long initrdStart, long initrdEnd) {
        Board b = m.board;
        Fdt f = new Fdt();
        f.beginNode("");
        f.propertyU32("#address-cells", 2).propertyU32("#size-cells", 2);
        if (b == Board.VIRT) {
            f.propertyString("compatible", "linux,dummy-virt");
            f.propertyString("model", "Jaffa virt (QEMU virt memory map)");
        } else {
            f.propertyStrings("compatible", "arm,fvp-base", "arm,vexpress");
            f.propertyString("model", "Jaffa FVP (FVP Base RevC memory map)");
        }
        int gicPhandle = 1, clkPhandle = 2;
        f.reservePhandle(gicPhandle);
        f.reservePhandle(clkPhandle);
        f.propertyU32("interrupt-parent", gicPhandle);

        f.beginNode("psci");
        f.propertyStrings("compatible", "arm,psci-1.0", "arm,psci-0.2", "arm,psci");
        f.propertyString("method", m.psciConduit());
        f.endNode();

        f.beginNode(String.format("memory@%x", b.ramBase));
        f.propertyString("device_type", "memory");
        if (m.hasDram2()) f.propertyU64("reg", b.ramBase, ramSize, b.dram2Base, b.dram2Size);
        else f.propertyU64("reg", b.ramBase, ramSize);
        f.endNode();

        java.util.List<long[]> reserved = m.spmc.nonSecureRegions();
        if (!reserved.isEmpty()) {
            // Partitions' fixed Non-secure buffers (smm-gateway's) are the normal world's memory
            // that Linux must neither allocate nor map cacheable on its own.
            f.beginNode("reserved-memory");
            f.propertyU32("#address-cells", 2).propertyU32("#size-cells", 2);
            f.propertyEmpty("ranges");
            for (long[] r : reserved) {
                f.beginNode(String.format("ffa-buffer@%x", r[0]));
                f.propertyU64("reg", r[0], r[1]);
                f.propertyEmpty("no-map");
                f.endNode();
            }
            f.endNode();
        }

        f.beginNode("cpus");
        f.propertyU32("#address-cells", 1).propertyU32("#size-cells", 0);
        for (int i = 0; i < m.cpus.length; i++) {
            f.beginNode("cpu@" + i);
            f.propertyString("device_type", "cpu");
            f.propertyString("compatible", "arm,armv8");
            f.propertyU32("reg", i);
            f.propertyString("enable-method", "psci");
            f.endNode();
        }
        f.endNode();

        f.beginNode("timer");
        f.propertyString("compatible", "arm,armv8-timer");
        f.propertyU32("interrupts",
                PPI, GenericTimer.PPI_SECURE_PHYS - 16, LEVEL_HIGH,
                PPI, GenericTimer.PPI_PHYS_NS - 16, LEVEL_HIGH,
                PPI, GenericTimer.PPI_VIRT - 16, LEVEL_HIGH,
                PPI, GenericTimer.PPI_HYP_PHYS - 16, LEVEL_HIGH);
        f.propertyEmpty("always-on");
        f.endNode();

        f.beginNode(String.format("intc@%x", b.gicdBase));
        f.propertyString("compatible", "arm,gic-v3");
        f.propertyU32("#interrupt-cells", 3);
        f.propertyU32("#address-cells", 2).propertyU32("#size-cells", 2);
        f.propertyEmpty("ranges");
        f.propertyEmpty("interrupt-controller");
        f.propertyU32("#redistributor-regions", 1);
        f.propertyU64("reg", b.gicdBase, Gicv3.DISTRIBUTOR_SIZE, b.gicrBase, m.gic.redistributorsSize());
        f.propertyU32("interrupts", PPI, 9, LEVEL_HIGH);   // maintenance interrupt (no virtual CPU interface yet)
        f.propertyU32("phandle", gicPhandle);
        f.endNode();

        f.beginNode("apb-pclk");
        f.propertyString("compatible", "fixed-clock");
        f.propertyU32("#clock-cells", 0);
        f.propertyU32("clock-frequency", 24_000_000);
        f.propertyString("clock-output-names", "clk24mhz");
        f.propertyU32("phandle", clkPhandle);
        f.endNode();

        String uart = String.format("pl011@%x", b.uartBase);
        f.beginNode(uart);
        f.propertyStrings("compatible", "arm,pl011", "arm,primecell");
        f.propertyU64("reg", b.uartBase, 0x1000);
        f.propertyU32("interrupts", SPI, b.uartSpi, LEVEL_HIGH);
        f.propertyU32("clocks", clkPhandle, clkPhandle);
        f.propertyStrings("clock-names", "uartclk", "apb_pclk");
        f.endNode();

        f.beginNode(String.format("pl031@%x", b.rtcBase));
        f.propertyStrings("compatible", "arm,pl031", "arm,primecell");
        f.propertyU64("reg", b.rtcBase, 0x1000);
        f.propertyU32("interrupts", SPI, b.rtcSpi, LEVEL_HIGH);
        f.propertyU32("clocks", clkPhandle);
        f.propertyString("clock-names", "apb_pclk");
        f.endNode();

        for (int i = 0; i < m.virtio.length; i++) {
            long base = b.virtioBase + i * Board.VIRTIO_STRIDE;
            f.beginNode(String.format("virtio_mmio@%x", base));
            f.propertyString("compatible", "virtio,mmio");
            f.propertyU64("reg", base, Board.VIRTIO_STRIDE);
            f.propertyU32("interrupts", SPI, b.virtioFirstSpi + i, EDGE_RISING);
            f.propertyEmpty("dma-coherent");
            f.endNode();
        }

        f.beginNode(String.format("flash@%x", b.flashBase));
        f.propertyString("compatible", "cfi-flash");
        long[] reg = new long[2 * b.flashBanks];
        for (int i = 0; i < b.flashBanks; i++) {
            reg[2 * i] = b.flashBase + i * b.flashBankSize;
            reg[2 * i + 1] = b.flashBankSize;
        }
        f.propertyU64("reg", reg);
        f.propertyU32("bank-width", 4);
        f.endNode();

        f.beginNode("aliases");
        f.propertyString("serial0", "/" + uart);
        f.endNode();

        f.beginNode("chosen");
        f.propertyString("stdout-path", "/" + uart);
        if (bootargs != null && !bootargs.isEmpty()) f.propertyString("bootargs", bootargs);
        if (initrdEnd > initrdStart) {
            f.propertyU64("linux,initrd-start", initrdStart);
            f.propertyU64("linux,initrd-end", initrdEnd);
        }
        f.endNode();

        f.endNode();
        return f.finish();
    }
}
