package dev.jaffa.platform;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A writer of "newc" cpio archives, the initramfs format. Linux unpacks archives concatenated
 * after the initrd, later ones over earlier ones, so a small archive appended to a cached root
 * file system adds per-run files without rebuilding it (jaffa linux, and the Linux system tests).
 */
public final class Cpio {
    private static final int S_IFDIR = 0040000, S_IFREG = 0100000;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int inode = 1;

    public Cpio directory(String name, int permissions) {
        entry(name, S_IFDIR | permissions, 2, new byte[0]);
        return this;
    }

    public Cpio file(String name, int permissions, byte[] data) {
        entry(name, S_IFREG | permissions, 1, data);
        return this;
    }

    /** The archive with its trailer. */
    public byte[] finish() {
        entry("TRAILER!!!", 0, 1, new byte[0]);
        return out.toByteArray();
    }

    private void entry(String name, int mode, int links, byte[] data) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("070701");
        int[] fields = {inode++, mode, 0, 0, links, 0, data.length, 0, 0, 0, 0, n.length + 1, 0};
        for (int f : fields) h.append(String.format("%08x", f));
        out.writeBytes(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(n);
        out.write(0);
        pad();
        out.writeBytes(data);
        pad();
    }

    private void pad() {
        while ((out.size() & 3) != 0) out.write(0);
    }
}
