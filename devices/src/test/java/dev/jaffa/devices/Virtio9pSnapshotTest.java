package dev.jaffa.devices;

import static dev.jaffa.devices.P9Server.TLOPEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mounted share saved and restored into a new device: its fids go on working where they were. */
class Virtio9pSnapshotTest {
    static final int ROOT = 1, O_RDONLY = 0, O_RDWR = 2;
    @TempDir Path tmp;

    @Test
    void fidsSurviveARestore() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share")).toRealPath();
        Files.writeString(share.resolve("a.txt"), "hello, snapshot");
        for (int i = 0; i < 6; i++) Files.writeString(share.resolve("f" + i), "x");
        Virtio9p dev = new Virtio9p(share, "host", false);
        VirtioTestDriver d = new VirtioTestDriver(dev);
        d.init(Virtio9p.DEVICE_ID);
        P9TestClient c = new P9TestClient(d);
        c.handshake(ROOT);
        assertEquals(1, c.walk(ROOT, 2, "a.txt"));
        c.ok(TLOPEN, 2, O_RDWR);
        assertEquals("hello", new String(c.read(2, 0, 5), StandardCharsets.UTF_8));
        assertEquals(0, c.walk(ROOT, 3));
        c.ok(TLOPEN, 3, O_RDONLY);

        SnapshotOutput o = new SnapshotOutput();
        dev.save(o);
        Virtio9p dev2 = new Virtio9p(share, "host", false);
        VirtioTestDriver d2 = new VirtioTestDriver(dev2);
        d2.init(Virtio9p.DEVICE_ID);   // a device reset closes fids: restore after it (a machine restore never resets)
        SnapshotInput in = new SnapshotInput("virtio0", o.toByteArray());
        dev2.restore(in);
        in.end();
        P9TestClient c2 = new P9TestClient(d2);
        // No version or attach again: fid 2 is still the open file, fid 3 the open root.
        assertEquals(", snapshot", new String(c2.read(2, 5, 100), StandardCharsets.UTF_8));
        assertEquals(3, c2.write(2, 0, "HEL".getBytes(StandardCharsets.UTF_8)));
        assertEquals("HELlo, snapshot", Files.readString(share.resolve("a.txt")));
        assertEquals(9, c2.readdir(3).size(), "., .., a.txt, f0..f5");

        // A file gone since the snapshot is a restore error, and the device keeps its own state.
        Files.delete(share.resolve("a.txt"));
        Virtio9p dev3 = new Virtio9p(share, "host", false);
        assertThrows(SnapshotFormatException.class, () -> dev3.restore(new SnapshotInput("virtio0", o.toByteArray())));
    }
}
