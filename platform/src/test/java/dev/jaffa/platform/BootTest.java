package dev.jaffa.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading: the Linux arm64 boot protocol, the generated device trees (checked with dtc), --dtb. */
class BootTest {
    @TempDir Path tmp;

    /**
     * A minimal arm64 Image: the header branches to code that checks x0 points at a device tree
     * (magic 0xd00dfeed) and powers off through PSCI over HVC; otherwise it spins.
     */
    static byte[] fakeImage() {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x14000010);               // b +64
        b.putLong(8, 0);                        // text_offset
        b.putLong(16, 4096);                    // image_size
        b.putInt(56, 0x644D5241);               // "ARM\x64"
        int[] code = {
            0xB9400001,   // ldr  w1, [x0]
            0x5281BA02,   // movz w2, #0x0dd0
            0x72BDBFC2,   // movk w2, #0xedfe, lsl #16   (0xd00dfeed read little-endian)
            0x6B02003F,   // cmp  w1, w2
            0x54000081,   // b.ne fail
            0x52800100,   // movz w0, #0x0008
            0x72B08000,   // movk w0, #0x8400, lsl #16   (PSCI SYSTEM_OFF)
            0xD4000002,   // hvc  #0
            0x14000000,   // fail: b .
        };
        for (int i = 0; i < code.length; i++) b.putInt(64 + 4 * i, code[i]);
        return b.array();
    }

    private int run(String... args) {
        PrintStream savedErr = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return Main.execute(args);
        } finally {
            System.setErr(savedErr);
        }
    }

    @Test
    void kernelIsEnteredWithTheDeviceTreeInX0() throws Exception {
        Path image = tmp.resolve("Image");
        Files.write(image, fakeImage());
        Path initrd = tmp.resolve("initrd");
        Files.write(initrd, new byte[12345]);
        assertEquals(0, run("run", "--machine", "virt", "--kernel", image.toString(), "--initrd", initrd.toString(),
                "--append", "console=ttyAMA0", "--max-insns", "100000"));
    }

    @Test
    void initrdPartsFollowEachOtherAtFourByteBoundaries() throws Exception {
        Machine m = new Machine(Board.VIRT, 64L << 20, dev.jaffa.interp.TrapSink.NONE);
        byte[] first = {1, 2, 3, 4, 5}, second = {6, 7, 8}, third = {9};
        Boot.Layout l = Boot.kernel(m, ByteBuffer.wrap(fakeImage()),
                java.util.List.of(ByteBuffer.wrap(first), ByteBuffer.wrap(second), ByteBuffer.wrap(third)),
                1, null, "", 64L << 20);
        // 5 bytes, 3 zeros to the boundary, 3 bytes, 1 zero, 1 byte: as if the archives were concatenated.
        assertEquals(13, l.initrdEnd - l.initrdStart);
        int[] expected = {1, 2, 3, 4, 5, 0, 0, 0, 6, 7, 8, 0, 9};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], ramByte(m, l.initrdStart + i), "byte " + i);
        assertEquals(0x41, ramByte(m, l.entry + 56));   // the kernel's header: "ARM\x64"
        assertEquals(0x64, ramByte(m, l.entry + 59));
    }

    private static int ramByte(Machine m, long pa) {
        return m.bus.readablePage(pa)[(int) (pa & 4095)] & 0xFF;
    }

    @Test
    void theRootFileSystemIsInflatedOnceAndRedoneWhenTheArchiveChanges() throws Exception {
        Path gz = tmp.resolve("rootfs.gz");
        writeGzip(gz, "first");
        assertEquals("first", text(LinuxBoot.inflatedCopy(gz)));
        Path copy = tmp.resolve("rootfs.gz.inflated");
        assertEquals("first", Files.readString(copy));
        Files.writeString(copy, "kept!");   // same length; a copy newer than the archive is used as it is
        assertEquals("kept!", text(LinuxBoot.inflatedCopy(gz)));
        writeGzip(gz, "second");
        Files.setLastModifiedTime(gz, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 2000));
        assertEquals("second", text(LinuxBoot.inflatedCopy(gz)));
        assertEquals("second", Files.readString(copy));
    }

    private static void writeGzip(Path p, String s) throws Exception {
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String text(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(b.position(), a);
        return new String(a, StandardCharsets.UTF_8);
    }

    @Test
    void notAnImageIsAUsageError() throws Exception {
        Path image = tmp.resolve("Image");
        Files.write(image, new byte[100]);
        assertEquals(2, run("run", "--kernel", image.toString()));
    }

    @Test
    void generatedTreesDecompileWithDtc() throws Exception {
        for (String board : new String[] {"virt", "fvp"}) {
            Path dtb = tmp.resolve(board + ".dtb");
            assertEquals(0, run("run", "--machine", board, "--smp", "2", "--append", "console=ttyAMA0 quiet",
                    "--dump-dtb", dtb.toString()));
            String dts = dtc(dtb);
            assertTrue(dts.contains("compatible = \"arm,gic-v3\""), dts);
            assertTrue(dts.contains("cpu@1 {"), dts);
            assertTrue(dts.contains("bootargs = \"console=ttyAMA0 quiet\""), dts);
            assertTrue(dts.contains("compatible = \"arm,armv8-timer\""), dts);
            assertTrue(dts.contains("method = \"" + (board.equals("fvp") ? "smc" : "hvc") + "\""), dts);
            assertTrue(dts.contains(board.equals("fvp") ? "pl011@1c090000" : "pl011@9000000"), dts);
        }
    }

    @Test
    void userTreeGetsBootargs() throws Exception {
        Path gen = tmp.resolve("gen.dtb"), out = tmp.resolve("out.dtb");
        assertEquals(0, run("run", "--machine", "virt", "--dump-dtb", gen.toString()));
        assertEquals(0, run("run", "--machine", "virt", "--dtb", gen.toString(), "--append", "root=/dev/vda", "--dump-dtb", out.toString()));
        assertTrue(dtc(out).contains("bootargs = \"root=/dev/vda\""));
    }

    private static String dtc(Path dtb) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dtc")), "dtc not installed");
        Process p = new ProcessBuilder("dtc", "-I", "dtb", "-O", "dts", dtb.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), text);
        return text;
    }
}
