package dev.jaffa.format;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FdtTest {
    private static final Path DTC = Path.of("/usr/bin/dtc");

    /** A small tree in the shape of QEMU virt's: root cells, memory, a GIC with phandle, a UART, /chosen. */
    static byte[] sample() {
        Fdt f = new Fdt();
        f.addReservation(0x4000_0000L, 0x10_0000L);
        f.beginNode("");
        f.propertyString("compatible", "linux,dummy-virt");
        f.propertyU32("#address-cells", 2);
        f.propertyU32("#size-cells", 2);
        f.beginNode("memory@40000000");
        f.propertyString("device_type", "memory");
        f.propertyU64("reg", 0x4000_0000L, 0x800_0000L);
        f.endNode();
        f.beginNode("intc@8000000");
        int gic = f.phandle();
        f.propertyStrings("compatible", "arm,gic-v3");
        f.propertyEmpty("interrupt-controller");
        f.propertyU32("#interrupt-cells", 3);
        f.endNode();
        f.beginNode("pl011@9000000");
        f.propertyStrings("compatible", "arm,pl011", "arm,primecell");
        f.propertyU64("reg", 0x900_0000L, 0x1000L);
        f.propertyU32("interrupts", 0, 1, 4);
        f.propertyU32("interrupt-parent", gic);
        f.property("raw", new byte[] {1, 2, 3});
        f.endNode();
        f.beginNode("chosen");
        f.propertyString("stdout-path", "/pl011@9000000");
        f.endNode();
        f.endNode();
        return f.finish();
    }

    static final String SAMPLE_DTS = String.join("\n",
            "/dts-v1/;",
            "",
            "/memreserve/\t0x0000000040000000 0x0000000000100000;",
            "/ {",
            "\tcompatible = \"linux,dummy-virt\";",
            "\t#address-cells = <0x02>;",
            "\t#size-cells = <0x02>;",
            "",
            "\tmemory@40000000 {",
            "\t\tdevice_type = \"memory\";",
            "\t\treg = <0x00 0x40000000 0x00 0x8000000>;",
            "\t};",
            "",
            "\tintc@8000000 {",
            "\t\tphandle = <0x01>;",
            "\t\tcompatible = \"arm,gic-v3\";",
            "\t\tinterrupt-controller;",
            "\t\t#interrupt-cells = <0x03>;",
            "\t};",
            "",
            "\tpl011@9000000 {",
            "\t\tcompatible = \"arm,pl011\\0arm,primecell\";",
            "\t\treg = <0x00 0x9000000 0x00 0x1000>;",
            "\t\tinterrupts = <0x00 0x01 0x04>;",
            "\t\tinterrupt-parent = <0x01>;",
            "\t\traw = [01 02 03];",
            "\t};",
            "",
            "\tchosen {",
            "\t\tstdout-path = \"/pl011@9000000\";",
            "\t};",
            "};",
            "");

    private static String dtc(Path dir, byte[] blob) throws IOException, InterruptedException {
        Path in = dir.resolve("t.dtb");
        Files.write(in, blob);
        Process p = new ProcessBuilder(DTC.toString(), "-q", "-I", "dtb", "-O", "dts", in.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void headerFields() {
        byte[] b = sample();
        assertEquals(0xd00dfeed, Fdt.getBe32(b, 0));
        assertEquals(b.length, Fdt.getBe32(b, 4));
        assertEquals(17, Fdt.getBe32(b, 20));
        assertEquals(16, Fdt.getBe32(b, 24));
        assertEquals(40, Fdt.getBe32(b, 16)); // reservation map straight after the header
        // Strings deduplicated: "compatible", "reg", ... each once.
        int strOff = Fdt.getBe32(b, 12), strSize = Fdt.getBe32(b, 32);
        String strs = new String(b, strOff, strSize, StandardCharsets.UTF_8);
        assertEquals(strs.indexOf("compatible\0"), strs.lastIndexOf("compatible\0"));
        assertEquals(strs.indexOf("\0reg\0"), strs.lastIndexOf("\0reg\0"));
    }

    @Test
    void decompilesWithDtc(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(DTC), "dtc not installed");
        assertEquals(SAMPLE_DTS, dtc(dir, sample()));
    }

    @Test
    void roundTripsThroughParse(@TempDir Path dir) throws Exception {
        byte[] blob = sample();
        FdtNode root = Fdt.parse(blob);
        assertArrayEquals(blob, root.toBlob());
        assertEquals(1, root.reservations().size());
        assertEquals(0x4000_0000L, root.reservations().get(0)[0]);
        FdtNode uart = root.find("/pl011@9000000");
        assertNotNull(uart);
        assertArrayEquals(new int[] {0, 1, 4}, uart.propertyU32("interrupts"));
        assertEquals("/pl011@9000000", root.find("/chosen").propertyString("stdout-path"));
        assertTrue(root.sameAs(Fdt.parse(root.toBlob())));
    }

    @Test
    void patchChosenLikeThePlatform(@TempDir Path dir) throws Exception {
        FdtNode root = Fdt.parse(sample());
        FdtNode chosen = root.childOrAdd("chosen");
        chosen.setPropertyString("bootargs", "console=ttyAMA0");
        chosen.setPropertyU64("linux,initrd-start", 0x4800_0000L);
        chosen.setPropertyU64("linux,initrd-end", 0x4810_0000L);
        FdtNode again = Fdt.parse(root.toBlob());
        assertEquals("console=ttyAMA0", again.find("/chosen").propertyString("bootargs"));
        assertArrayEquals(new int[] {0, 0x4810_0000}, again.find("/chosen").propertyU32("linux,initrd-end"));
        Assumptions.assumeTrue(Files.isExecutable(DTC), "dtc not installed");
        String dts = dtc(dir, root.toBlob());
        assertTrue(dts.contains("\t\tbootargs = \"console=ttyAMA0\";\n\t\tlinux,initrd-start = <0x00 0x48000000>;\n"), dts);
    }

    @Test
    void builderMisuseAndBadBlobs() {
        assertThrows(IllegalStateException.class, () -> new Fdt().finish());
        assertThrows(IllegalStateException.class, () -> new Fdt().propertyU32("x", 1));
        assertThrows(IllegalArgumentException.class, () -> Fdt.parse(new byte[8]));
        byte[] b = sample();
        Fdt.putBe32(b, 8, b.length - 4); // structure block pointing past the end
        assertThrows(IllegalArgumentException.class, () -> Fdt.parse(b));
        Fdt f = new Fdt();
        f.reservePhandle(7);
        assertEquals(8, f.allocatePhandle());
    }
}
