package dev.jaffa.devices;

import dev.jaffa.format.LinuxErrno;

import static dev.jaffa.format.LinuxErrno.*;
import static dev.jaffa.devices.P9Server.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jaffa.devices.P9TestClient.R;
import dev.jaffa.devices.P9TestClient.U16;
import dev.jaffa.devices.P9TestClient.U8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Virtio9pTest {
    static final int ROOT = 1;
    static final int O_RDONLY = 0;

    @TempDir Path tmp;
    Path share, outside;

    P9TestClient client(boolean readOnly) throws IOException {
        share = Files.createDirectories(tmp.resolve("share")).toRealPath();
        outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
        Files.writeString(outside.resolve("secret"), "the partition's key");
        VirtioTestDriver d = new VirtioTestDriver(new Virtio9p(share, "host", readOnly));
        d.init(Virtio9p.DEVICE_ID);
        return new P9TestClient(d);
    }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void configSpaceHoldsTheMountTag() throws IOException {
        P9TestClient c = client(false);
        assertEquals(Virtio9p.VIRTIO_9P_MOUNT_TAG, c.d.r(VirtioMmio.DEVICE_FEATURES) & 1);
        assertEquals(4, c.d.configRead(0, 2));
        assertEquals('h' | 'o' << 8 | 's' << 16 | 't' << 24, c.d.configRead(2, 4));
    }

    @Test
    void versionAndAttach() throws IOException {
        P9TestClient c = client(false);
        R v = c.ok(TVERSION, 1 << 30, "9P2000.L");
        assertEquals(MAX_MSIZE, v.u32(), "msize is capped");
        v = c.ok(TVERSION, 8192, "9P2000.u");
        v.u32();
        assertEquals("unknown", v.str());
        c.handshake(ROOT);
        long[] a = c.getattr(ROOT);
        assertEquals(S_IFDIR, a[0] & S_IFMT);
        assertEquals(Files.getAttribute(share, "unix:ino"), a[5]);
        assertEquals(EBADF, c.errno(TATTACH, ROOT, -1, "root", "", 0), "fid in use");
        assertEquals(EOPNOTSUPP, c.errno(TAUTH, 9, "root", "", 0));
    }

    @Test
    void filesDirectoriesLinksAndRenames() throws IOException {
        P9TestClient c = client(false);
        c.handshake(ROOT);
        // Create a file the way v9fs does: clone the directory fid, then lcreate on the clone.
        assertEquals(0, c.walk(ROOT, 2));
        R cr = c.ok(TLCREATE, 2, "a.txt", O_RDWR | O_CREAT, 0640, 0);
        assertEquals(QTFILE, cr.u8());
        assertEquals(5, c.write(2, 0, bytes("hello")));
        assertEquals("hello", Files.readString(share.resolve("a.txt")));
        assertEquals("ell", new String(c.read(2, 1, 3), StandardCharsets.UTF_8));
        long[] a = c.getattr(2);
        assertEquals(S_IFREG | 0640, a[0]);
        assertEquals(5, a[4]);
        assertEquals(EEXIST, c.errno(TLCREATE, ROOT, "a.txt", O_RDWR | O_CREAT | O_EXCL, 0600, 0));
        c.ok(TFSYNC, 2, 0);
        c.ok(TCLUNK, 2);
        assertEquals(EBADF, c.errno(TCLUNK, 2));

        // setattr: mode, size, times.
        assertEquals(1, c.walk(ROOT, 3, "a.txt"));
        c.ok(TSETATTR, 3, SETATTR_MODE | SETATTR_SIZE | SETATTR_MTIME | SETATTR_MTIME_SET, 0604, 0, 0, 2L, 0L, 0L, 1_000_000_000L, 5L);
        assertEquals("he", Files.readString(share.resolve("a.txt")));
        assertEquals(S_IFREG | 0604, c.getattr(3)[0]);
        assertEquals(1_000_000_000_000L, Files.getLastModifiedTime(share.resolve("a.txt")).toMillis());
        c.ok(TSETATTR, 3, SETATTR_SIZE, 0, 0, 0, 10L, 0L, 0L, 0L, 0L);
        assertEquals(10, Files.size(share.resolve("a.txt")));

        // Directories and listing.
        R mk = c.ok(TMKDIR, ROOT, "d", 0751, 0);
        assertEquals(QTDIR, mk.u8());
        assertTrue(Files.isDirectory(share.resolve("d")));
        assertEquals("rwxr-x--x", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(share.resolve("d"))));
        for (int i = 0; i < 12; i++) Files.writeString(share.resolve("d").resolve("f" + i), "x".repeat(i));
        assertEquals(1, c.walk(ROOT, 4, "d"));
        c.ok(TLOPEN, 4, O_RDONLY);
        List<String> names = c.readdir(4);
        assertEquals(14, names.size(), names.toString());
        assertEquals(List.of(".", "..", "f0", "f1", "f10", "f11", "f2"), names.subList(0, 7));
        assertEquals(1, c.walk(ROOT, 5, "d"));
        assertEquals(EISDIR, c.errno(TLOPEN, 5, O_WRONLY));

        // Symbolic and hard links.
        R sl = c.ok(TSYMLINK, ROOT, "l", "a.txt", 0);
        assertEquals(QTSYMLINK, sl.u8());
        assertEquals(1, c.walk(ROOT, 6, "l"));
        assertEquals("a.txt", c.ok(TREADLINK, 6).str());
        assertEquals(S_IFLNK, c.getattr(6)[0] & S_IFMT);
        c.ok(TLINK, ROOT, 3, "h");
        assertEquals(2, c.getattr(3)[3], "nlink");

        // Rename: the fid follows its file; a fid under a renamed directory follows too.
        assertEquals(2, c.walk(ROOT, 7, "d", "f3"));
        c.ok(TRENAMEAT, ROOT, "a.txt", 4, "b.txt");
        assertFalse(Files.exists(share.resolve("a.txt")));
        assertEquals(10, c.getattr(3)[4], "fid 3 now names d/b.txt");
        c.ok(TRENAMEAT, ROOT, "d", ROOT, "e");
        assertEquals(3, c.getattr(7)[4], "fid 7 now names e/f3");
        assertEquals(10, c.getattr(3)[4]);
        c.ok(TRENAME, 7, ROOT, "top");
        assertEquals("xxx", Files.readString(share.resolve("top")));
        assertEquals(EINVAL, c.errno(TRENAMEAT, ROOT, "e", 5, "inside"), "a directory into itself");

        // Unlink.
        assertEquals(ENOTEMPTY, c.errno(TUNLINKAT, ROOT, "e", AT_REMOVEDIR));
        assertEquals(ENOTDIR, c.errno(TUNLINKAT, ROOT, "h", AT_REMOVEDIR));
        assertEquals(EISDIR, c.errno(TUNLINKAT, ROOT, "e", 0));
        c.ok(TUNLINKAT, ROOT, "h", 0);
        assertFalse(Files.exists(share.resolve("h")));
        assertEquals(ENOENT, c.errno(TUNLINKAT, ROOT, "h", 0));
        assertEquals(1, c.walk(ROOT, 8, "top"));
        c.ok(TREMOVE, 8);
        assertFalse(Files.exists(share.resolve("top")));
        assertEquals(EBADF, c.errno(TCLUNK, 8), "remove clunks");
    }

    @Test
    void statfsLocksXattrsFlushAndMknod() throws IOException {
        P9TestClient c = client(false);
        c.handshake(ROOT);
        R s = c.ok(TSTATFS, ROOT);
        assertEquals(V9FS_MAGIC, s.u32());
        assertTrue(s.u32() > 0, "bsize");
        assertTrue(s.u64() > 0, "blocks");
        assertEquals(LOCK_SUCCESS, c.ok(TLOCK, ROOT, new U8(1), 0, 0L, 0L, 42, "client").u8());
        R gl = c.ok(TGETLOCK, ROOT, new U8(1), 10L, 20L, 42, "client");
        assertEquals(F_UNLCK, gl.u8());
        assertEquals(10, gl.u64());
        assertEquals(0, c.ok(TXATTRWALK, ROOT, 9, "").u64(), "empty attribute list");
        assertEquals(0, c.read(9, 0, 100).length);
        assertEquals(ENODATA, c.errno(TXATTRWALK, ROOT, 10, "security.selinux"));
        assertEquals(EOPNOTSUPP, c.errno(TXATTRCREATE, ROOT, "user.x", 1L, 0));
        c.ok(TFLUSH, new U16(5));
        assertEquals(EPERM, c.errno(TMKNOD, ROOT, "fifo", 0010644, 0, 0, 0));
        assertFalse(Files.exists(share.resolve("fifo")));
    }

    @Test
    void largeFileOffsetsBeyond4GiB() throws IOException {
        P9TestClient c = client(false);
        c.handshake(ROOT);
        assertEquals(0, c.walk(ROOT, 2));
        c.ok(TLCREATE, 2, "big", O_RDWR | O_CREAT, 0644, 0);
        long off = 5L << 30;
        assertEquals(4, c.write(2, off, bytes("tail")));
        assertEquals(off + 4, c.getattr(2)[4]);
        assertEquals(off + 4, Files.size(share.resolve("big")));
        assertEquals("tail", new String(c.read(2, off, 100), StandardCharsets.UTF_8));
        assertEquals(0, c.read(2, off + 4, 100).length, "end of file");
        assertEquals(EINVAL, c.errno(TREAD, 2, -8L, 10), "offset 2^64-8");
    }

    @Test
    void nothingOutsideTheShareIsReachable() throws IOException {
        P9TestClient c = client(false);
        Files.createSymbolicLink(share.resolve("out"), outside);                       // absolute, to a directory
        Files.createSymbolicLink(share.resolve("rel"), Paths.get("../outside/secret")); // relative, to a file
        Files.createDirectories(share.resolve("d"));
        Files.writeString(share.resolve("d/f"), "inside");
        c.handshake(ROOT);
        long rootQid = c.getattr(ROOT)[5];

        // ".." stops at the root.
        assertEquals(3, c.walk(ROOT, 2, "..", "..", ".."));
        assertEquals(rootQid, c.getattr(2)[5]);
        assertEquals(1, c.walk(ROOT, 3, "..", "outside"), "outside is not in the share: the walk stops after \"..\"");
        assertEquals(EBADF, c.errno(TGETATTR, 3, 0x7FFL));
        assertEquals(-ENOENT, c.walk(ROOT, 3, "outside"));
        assertEquals(-EINVAL, c.walk(ROOT, 3, "../outside"), "a name with a slash");
        assertEquals(-EINVAL, c.walk(ROOT, 3, "d/f"));

        // Symbolic links are walked to but never through, nor opened.
        assertEquals(1, c.walk(ROOT, 3, "out", "secret"), "a partial walk stops at the link");
        assertEquals(EBADF, c.errno(TGETATTR, 3, 0x7FFL), "and makes no fid");
        assertEquals(1, c.walk(ROOT, 4, "out"));
        assertEquals(S_IFLNK, c.getattr(4)[0] & S_IFMT, "the link itself (lstat)");
        assertEquals(outside.toString(), c.ok(TREADLINK, 4).str());
        assertEquals(ELOOP, c.errno(TLOPEN, 4, O_RDONLY));
        assertEquals(-ENOTDIR, c.walk(4, 5, "secret"));
        assertEquals(ENOTDIR, c.errno(TLCREATE, 4, "planted", O_RDWR | O_CREAT, 0644, 0));
        assertEquals(ENOTDIR, c.errno(TMKDIR, 4, "planted", 0755, 0));
        assertFalse(Files.exists(outside.resolve("planted")));
        assertEquals(1, c.walk(ROOT, 6, "rel"));
        assertEquals(ELOOP, c.errno(TLOPEN, 6, O_RDONLY));
        assertEquals(ELOOP, c.errno(TLOPEN, 6, O_RDWR | O_TRUNC));
        assertEquals("the partition's key", Files.readString(outside.resolve("secret")));

        // A guest-made absolute link is stored as text and never followed.
        c.ok(TSYMLINK, ROOT, "abs", outside.resolve("secret").toString(), 0);
        assertEquals(1, c.walk(ROOT, 7, "abs"));
        assertEquals(ELOOP, c.errno(TLOPEN, 7, O_RDONLY));
        assertEquals(ELOOP, c.errno(TLCREATE, ROOT, "abs", O_RDWR | O_CREAT, 0644, 0), "no open through an outward link");
        assertEquals(EEXIST, c.errno(TLCREATE, ROOT, "abs", O_RDWR | O_CREAT | O_EXCL, 0644, 0));
        assertEquals(ELOOP, c.errno(TSETATTR, 7, SETATTR_MODE, 0777, 0, 0, 0L, 0L, 0L, 0L, 0L));
        assertEquals(EINVAL, c.errno(TSETATTR, 7, SETATTR_SIZE, 0, 0, 0, 0L, 0L, 0L, 0L, 0L), "no truncate through a link");
        assertEquals(19, Files.size(outside.resolve("secret")), "the target keeps its size");
        assertEquals(EINVAL, c.errno(TLCREATE, ROOT, "..", O_RDWR | O_CREAT, 0644, 0));
        assertEquals(EINVAL, c.errno(TRENAMEAT, ROOT, "d", ROOT, "../moved"));

        // A directory swapped for an outward link after the walk: the old fid is refused.
        assertEquals(2, c.walk(ROOT, 8, "d", "f"));
        assertEquals(1, c.walk(ROOT, 9, "d"));
        Files.move(share.resolve("d"), share.resolve("d-old"));
        Files.createSymbolicLink(share.resolve("d"), outside);
        Files.writeString(outside.resolve("f"), "outside f");
        assertEquals(ENOTDIR, c.errno(TGETATTR, 8, 0x7FFL));
        assertEquals(ENOTDIR, c.errno(TLOPEN, 8, O_RDONLY));
        assertEquals(ENOTDIR, c.errno(TLCREATE, 9, "planted", O_RDWR | O_CREAT, 0644, 0));
        assertEquals(ENOTDIR, c.errno(TUNLINKAT, 9, "f", 0));
        assertEquals(ELOOP, c.errno(TLOPEN, 9, O_RDONLY), "d itself is now a link");
        assertTrue(Files.exists(outside.resolve("f")));
        assertFalse(Files.exists(outside.resolve("planted")));

        // Hard links to files inside only; a link to the outward link is a link to the link.
        c.ok(TLINK, ROOT, 4, "out2");
        assertTrue(Files.isSymbolicLink(share.resolve("out2")));
    }

    @Test
    void readOnlyShareRefusesWritesWithErofs() throws IOException {
        P9TestClient c = client(true);
        Files.writeString(share.resolve("f"), "data");
        Files.createDirectories(share.resolve("d"));
        c.handshake(ROOT);
        assertEquals(1, c.walk(ROOT, 2, "f"));
        assertEquals(EROFS, c.errno(TLOPEN, 2, O_WRONLY));
        assertEquals(EROFS, c.errno(TLOPEN, 2, O_RDONLY | O_TRUNC));
        c.ok(TLOPEN, 2, O_RDONLY);
        assertEquals("data", new String(c.read(2, 0, 10), StandardCharsets.UTF_8));
        assertEquals(EBADF, c.errno(TWRITE, 2, 0L, 1, new byte[] {1}));
        assertEquals(EROFS, c.errno(TLCREATE, ROOT, "n", O_RDWR | O_CREAT, 0644, 0));
        assertEquals(EROFS, c.errno(TMKDIR, ROOT, "n", 0755, 0));
        assertEquals(EROFS, c.errno(TSYMLINK, ROOT, "n", "f", 0));
        assertEquals(EROFS, c.errno(TLINK, ROOT, 2, "n"));
        assertEquals(EROFS, c.errno(TMKNOD, ROOT, "n", 0010644, 0, 0, 0));
        assertEquals(EROFS, c.errno(TUNLINKAT, ROOT, "f", 0));
        assertEquals(EROFS, c.errno(TUNLINKAT, ROOT, "d", AT_REMOVEDIR));
        assertEquals(EROFS, c.errno(TRENAMEAT, ROOT, "f", ROOT, "g"));
        assertEquals(EROFS, c.errno(TSETATTR, 2, SETATTR_MODE, 0777, 0, 0, 0L, 0L, 0L, 0L, 0L));
        assertEquals(EROFS, c.errno(TSETATTR, 2, SETATTR_SIZE, 0, 0, 0, 0L, 0L, 0L, 0L, 0L));
        assertEquals(1, c.walk(ROOT, 3, "f"));
        assertEquals(EROFS, c.errno(TREMOVE, 3));
        assertEquals(List.of("d", "f"), Files.list(share).map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals("data", Files.readString(share.resolve("f")));
        assertNotEquals(0777, Files.getAttribute(share.resolve("f"), "unix:mode", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void malformedMessagesGetErrorsNotExceptions() throws IOException {
        P9TestClient c = client(false);
        c.handshake(ROOT);
        // Twalk declaring three names but carrying none.
        byte[] m = P9TestClient.message(TWALK, 77, ROOT, 2, new U16(3));
        R r = c.send(m, 77);
        assertEquals(EPROTO, r.errno());
        assertEquals(EOPNOTSUPP, c.errno(200));
        assertEquals(EOPNOTSUPP, c.errno(TLERROR));
        assertEquals(EBADF, c.errno(TGETATTR, 1234, 0x7FFL));
        assertEquals(EPROTO, c.errno(TGETATTR, ROOT));                      // request_mask missing
        // A size field larger than the message, and one smaller than the header.
        byte[] lying = P9TestClient.message(TCLUNK, 78, 1234);
        lying[0] = (byte) 0xFF; lying[1] = (byte) 0xFF;
        assertEquals(EBADF, c.send(lying, 78).errno());
        byte[] tiny = P9TestClient.message(TCLUNK, 79, ROOT);
        tiny[0] = 3;
        assertEquals(EPROTO, c.send(tiny, 79).errno());
        assertTrue(c.d.request(new byte[][] {new byte[3]}, 100) == null && c.d.needsReset(), "no header at all: device error");
        c.d.init(Virtio9p.DEVICE_ID);
        c.handshake(ROOT);
        assertEquals(0, c.walk(ROOT, 2));
        c.ok(TLCREATE, 2, "w", O_RDWR | O_CREAT, 0644, 0);
        assertEquals(EPROTO, c.errno(TWRITE, 2, 0L, 1000, new byte[10]), "count beyond the message");
        // A read larger than the reply buffer is cut to fit.
        c.write(2, 0, new byte[20000]);
        c.replyRoom = 100;
        assertEquals(100 - IOHDR, c.read(2, 0, 20000).length);
        // A reply buffer too small for a reply header: device error.
        assertNull(c.d.request(new byte[][] {P9TestClient.message(TCLUNK, 80, 2)}, 4));
        assertTrue(c.d.needsReset());
    }
}
