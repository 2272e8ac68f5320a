package dev.jaffa.devices;

import static dev.jaffa.devices.P9Server.TLOPEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        P9TestClient c = openFileAndRoot(dev, "a.txt", O_RDWR);
        assertEquals("hello", new String(c.read(2, 0, 5), StandardCharsets.UTF_8));

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

    /** A client that mounted {@code dev}'s share and opened {@code file} as fid 2 and the root as fid 3. */
    private static P9TestClient openFileAndRoot(Virtio9p dev, String file, int mode) throws Exception {
        VirtioTestDriver d = new VirtioTestDriver(dev);
        d.init(Virtio9p.DEVICE_ID);
        P9TestClient c = new P9TestClient(d);
        c.handshake(ROOT);
        assertEquals(1, c.walk(ROOT, 2, file));
        c.ok(TLOPEN, 2, mode);
        assertEquals(0, c.walk(ROOT, 3));
        c.ok(TLOPEN, 3, O_RDONLY);
        return c;
    }

    /** A share saved with held.txt and the root open. */
    private byte[] savedWithAnOpenFile(Path share) throws Exception {
        Files.writeString(share.resolve("held.txt"), "0123456789");
        Virtio9p dev = new Virtio9p(share, "host", false);
        openFileAndRoot(dev, "held.txt", O_RDONLY);
        SnapshotOutput o = new SnapshotOutput();
        dev.save(o);
        return o.toByteArray();
    }

    private static String restoreInto(Path share, byte[] saved) {
        Virtio9p dev = new Virtio9p(share, "host", false);
        new VirtioTestDriver(dev).init(Virtio9p.DEVICE_ID);
        try {
            SnapshotInput in = new SnapshotInput("virtio0", saved);
            dev.restore(in);
            in.end();
            return null;
        } catch (SnapshotFormatException e) {
            return e.getMessage();
        }
    }

    /**
     * The shared directory itself may change (a snapshot written into it, a new file): the guest
     * reads directories afresh. A file a fid names may not: its size, modification time and
     * identity are checked, one line naming the file.
     */
    @Test
    void aFileTheGuestHoldsMustBeUnchanged() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("held")).toRealPath();
        byte[] saved = savedWithAnOpenFile(share);
        Files.write(share.resolve("the.snap"), new byte[4096]);
        Files.createDirectory(share.resolve("newdir"));
        assertEquals(null, restoreInto(share, saved), "the directory's own changes do not matter");

        java.nio.file.attribute.FileTime then = Files.getLastModifiedTime(share.resolve("held.txt"));
        Files.writeString(share.resolve("held.txt"), "9876543210");   // same size, other bytes
        Files.setLastModifiedTime(share.resolve("held.txt"), java.nio.file.attribute.FileTime.fromMillis(then.toMillis() + 2000));
        String why = restoreInto(share, saved);
        assertTrue(why != null && why.contains("'held.txt', which the guest holds, changed since the snapshot") && !why.contains("\n"), why);

        Files.writeString(share.resolve("held.txt"), "0123456789 and more");
        Files.setLastModifiedTime(share.resolve("held.txt"), then);   // same time, another size
        why = restoreInto(share, saved);
        assertTrue(why != null && why.contains("size="), why);

        // Another file under the same name, same bytes and time: made while the first exists, so another inode.
        Path other = Files.writeString(share.resolve("other.txt"), "0123456789");
        Files.move(other, share.resolve("held.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(share.resolve("held.txt"), then);
        why = restoreInto(share, saved);
        assertTrue(why != null && why.contains("qid="), "another file under the same name is refused: " + why);
    }
}
