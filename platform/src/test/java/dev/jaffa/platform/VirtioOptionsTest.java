package dev.jaffa.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.format.Fdt;
import dev.jaffa.format.FdtNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --drive and --share: the devices on both boards, their device-tree nodes, and one-line errors. */
class VirtioOptionsTest {
    @TempDir Path tmp;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
    }

    private void usageError(String fragment, String... args) {
        err.reset();
        assertEquals(2, Main.execute(args), String.join(" ", args));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertTrue(e.startsWith("jaffa: ") && e.contains(fragment), e);
    }

    /** The virtio_mmio nodes of the dumped device tree: {base, SPI} each, in address order. */
    private List<long[]> virtioNodes(String board, String... options) throws Exception {
        Path dtb = tmp.resolve(board + ".dtb");
        List<String> args = new ArrayList<>(List.of("run", "--machine", board, "--dump-dtb", dtb.toString()));
        args.addAll(List.of(options));
        assertEquals(0, Main.execute(args.toArray(new String[0])), err.toString(StandardCharsets.UTF_8));
        List<long[]> nodes = new ArrayList<>();
        for (FdtNode n : Fdt.parse(Files.readAllBytes(dtb)).children()) {
            if (!n.name().startsWith("virtio_mmio@")) continue;
            assertEquals("virtio,mmio", n.propertyString("compatible"));
            int[] reg = n.propertyU32("reg");
            nodes.add(new long[] {(long) reg[0] << 32 | (reg[1] & 0xFFFF_FFFFL), n.propertyU32("interrupts")[1]});
        }
        return nodes;
    }

    @Test
    void devicesGetSlotsAndNodesOnBothBoards() throws Exception {
        Path img = Files.write(tmp.resolve("a.img"), new byte[4096]);
        Path img2 = Files.write(tmp.resolve("b,c.img"), new byte[4096]);
        Path dir = Files.createDirectories(tmp.resolve("share"));
        String[] opts = {"--drive", img.toString(), "--drive", img2.toString().replace(",", ",,") + ",readonly=on",
            "--share", dir.toString(), "--share", dir + ",tag=second,readonly=on",
            "--drive", img + ",snapshot=on,format=raw"};
        List<long[]> virt = virtioNodes("virt", opts);
        assertEquals(32, virt.size(), "QEMU virt's 32 transports");
        assertEquals(0x0A00_0000L, virt.get(0)[0]);
        assertEquals(16, virt.get(0)[1]);
        // fvp: 4 slots unless more devices are given; 5 here and the RNG.
        List<long[]> fvp = virtioNodes("fvp", opts);
        assertEquals(6, fvp.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(0x1C13_0000L + 0x200L * i, fvp.get(i)[0]);
            assertEquals(42 + i, fvp.get(i)[1]);
        }
        assertEquals(4, virtioNodes("fvp").size());
    }

    @Test
    void theDevicesSitInTheirSlots() throws Exception {
        Path img = Files.write(tmp.resolve("a.img"), new byte[8192]);
        Path dir = Files.createDirectories(tmp.resolve("share"));
        Machine.Config cfg = new Machine.Config();
        cfg.board = Board.FVP;
        cfg.ramSize = 16L << 20;
        cfg.virtioDevices = VirtioOptions.devices(List.of(img.toString()), List.of(dir + ",tag=t"));
        Machine m = new Machine(cfg);
        long base = Board.FVP.virtioBase;
        assertEquals(2, m.bus.read(base + 8, 4), "slot 0: block");
        assertEquals(16, m.bus.read(base + 0x100, 4), "capacity in sectors");
        assertEquals(9, m.bus.read(base + 0x200 + 8, 4), "slot 1: 9p");
        assertEquals(1, m.bus.read(base + 0x200 + 0x100, 2), "tag length");
        assertEquals(0, m.bus.read(base + 0x400 + 8, 4), "slot 2: empty");
        assertEquals(4, m.bus.read(base + 0x600 + 8, 4), "slot 3: the RNG");
    }

    @Test
    void badDriveAndShareOptionsAreOneLineErrors() throws Exception {
        Path img = Files.write(tmp.resolve("a.img"), new byte[4096]);
        Path dir = Files.createDirectories(tmp.resolve("share"));
        String dtb = tmp.resolve("x.dtb").toString();
        usageError("no such file", "run", "--drive", tmp.resolve("missing.img").toString(), "--dump-dtb", dtb);
        usageError("not a regular file", "run", "--drive", dir.toString(), "--dump-dtb", dtb);
        usageError("unknown option 'cache'", "run", "--drive", img + ",cache=none", "--dump-dtb", dtb);
        usageError("raw only", "run", "--drive", img + ",format=qcow2", "--dump-dtb", dtb);
        usageError("readonly=maybe", "run", "--drive", img + ",readonly=maybe", "--dump-dtb", dtb);
        usageError("no file given", "run", "--drive", ",readonly=on", "--dump-dtb", dtb);
        usageError("given twice", "run", "--drive", img + ",readonly=on,readonly=off", "--dump-dtb", dtb);
        usageError("no such directory", "run", "--share", tmp.resolve("nope").toString(), "--dump-dtb", dtb);
        usageError("not a directory", "run", "--share", img.toString(), "--dump-dtb", dtb);
        usageError("unknown option 'security_model'", "run", "--share", dir + ",security_model=none", "--dump-dtb", dtb);
        usageError("already used", "run", "--share", dir.toString(), "--share", dir.toString(), "--dump-dtb", dtb);
        usageError("1 to 255 bytes", "run", "--share", dir + ",tag=", "--dump-dtb", dtb);
        usageError("needs a value", "run", "--share", dir + ",readonly", "--dump-dtb", dtb);
        List<String> many = new ArrayList<>(List.of("run", "--dump-dtb", dtb));
        for (int i = 0; i < 32; i++) many.addAll(List.of("--drive", img + ",readonly=on"));
        usageError("at most 31", many.toArray(new String[0]));
    }
}
