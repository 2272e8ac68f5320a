package dev.jaffa.platform;

import dev.jaffa.format.Fdt;
import dev.jaffa.format.FdtNode;
import dev.jaffa.interp.memory.Ram;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Puts images into a built machine and points the boot CPU at them, the way a boot loader
 * would: a bare-metal ELF at its physical addresses; a Linux arm64 Image by the boot protocol
 * (Documentation/arch/arm64/booting.rst) with x0 = the device tree; or raw firmware in flash
 * at the board's reset address with the device tree at the start of RAM (QEMU virt's -bios).
 */
final class Boot {
    private Boot() {}

    /** A problem with the user's images, reported as one line. */
    static final class BootException extends Exception {
        private static final long serialVersionUID = 1L;
        BootException(String m) { super(m); }
    }

    private static final long MIB2 = 2L << 20;
    /** "ARM\x64" at offset 56 of an arm64 Image header. */
    private static final int IMAGE_MAGIC = 0x644D_5241;

    /** Where things went, for messages and tests. */
    static final class Layout {
        long entry, dtb = -1, initrdStart, initrdEnd;
        int el;
    }

    static Layout elf(Machine m, ElfFile elf, int el, byte[] userDtb, String bootargs) throws BootException {
        Layout l = new Layout();
        long lowest = Long.MAX_VALUE;
        for (ElfFile.Segment s : elf.segments) {
            if (s.memSize == 0) continue;
            Ram ram = m.bus.ramAt(s.paddr);
            if (ram == null || !ram.contains(s.paddr + s.memSize - 1) || !m.bus.load(s.paddr, elf.bytes, s.fileOffset, s.fileSize)) {
                throw new BootException(String.format("segment at 0x%x (0x%x bytes) is not inside RAM on board %s",
                        s.paddr, s.memSize, m.board.id()));
            }
            lowest = Math.min(lowest, s.paddr);
        }
        // Like QEMU: the tree goes at the start of RAM when the image leaves room for it.
        byte[] dtb = deviceTree(m, userDtb, bootargs, 0, 0);
        long at = m.board.ramBase;
        if (at + dtb.length <= lowest || lowest < at) {
            m.bus.load(at, dtb, 0, dtb.length);
            l.dtb = at;
        }
        l.entry = elf.entry;
        l.el = el;
        m.start(elf.entry, el, 0);
        return l;
    }

    /**
     * Loads a Linux Image with its initrd, given as parts (each of which a file or an archive
     * Jaffa built) placed one after another at 4-byte boundaries, as one initrd: Linux aligns a
     * cpio archive's fields to the offset in the whole initrd and skips the zeros between archives.
     * The buffers are read from their position to their limit (mapped files need no heap copy).
     */
    static Layout kernel(Machine m, ByteBuffer image, java.util.List<ByteBuffer> initrd, int el, byte[] userDtb, String bootargs, long ramSize)
            throws BootException {
        image = image.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (image.limit() < 64 || image.getInt(56) != IMAGE_MAGIC) {
            throw new BootException("not an arm64 Linux Image (no \"ARM\\x64\" magic at offset 56)");
        }
        long textOffset = image.getLong(8), imageSize = image.getLong(16);
        if (imageSize == 0) textOffset = 0x80000;   // kernels before 3.17: the documented default
        if (imageSize < image.limit()) imageSize = image.limit();
        long base = m.board.ramBase;   // 2 MiB aligned, as close to the start of RAM as allowed
        long load = base + textOffset, ramEnd = base + ramSize;
        if (load + imageSize > ramEnd) throw new BootException("the kernel does not fit in " + (ramSize >> 20) + " MiB of RAM");
        m.bus.load(load, image);
        Layout l = new Layout();
        long next = alignUp(load + imageSize, MIB2);
        if (!initrd.isEmpty()) {
            long end = next;
            for (ByteBuffer part : initrd) end = alignUp(end, 4) + part.remaining();
            if (end > ramEnd) throw new BootException("the initrd does not fit in RAM after the kernel");
            long at = next;
            for (ByteBuffer part : initrd) {
                at = alignUp(at, 4);
                m.bus.load(at, part);
                at += part.remaining();
            }
            l.initrdStart = next;
            l.initrdEnd = end;
            next = alignUp(end, MIB2);
        }
        byte[] dtb = deviceTree(m, userDtb, bootargs, l.initrdStart, l.initrdEnd);
        if (next + dtb.length > ramEnd) throw new BootException("the device tree does not fit in RAM");
        m.bus.load(next, dtb, 0, dtb.length);
        l.dtb = next;
        l.entry = load;
        l.el = el;
        m.start(load, el, next);   // x0 = DTB, x1..x3 = 0
        return l;
    }

    static Layout bios(Machine m, int el, byte[] userDtb, String bootargs) throws BootException {
        byte[] dtb = deviceTree(m, userDtb, bootargs, 0, 0);
        Layout l = new Layout();
        l.dtb = m.board.ramBase;
        m.bus.load(l.dtb, dtb, 0, dtb.length);
        l.entry = m.board.flashBase;
        l.el = el;
        m.start(l.entry, el, 0);
        return l;
    }

    /** The generated tree, or the user's with /chosen updated, as a blob. */
    static byte[] deviceTree(Machine m, byte[] userDtb, String bootargs, long initrdStart, long initrdEnd) throws BootException {
        if (userDtb == null) return DeviceTree.generate(m, m.ramSize(), bootargs, initrdStart, initrdEnd);
        FdtNode root;
        try {
            root = Fdt.parse(userDtb);
        } catch (IllegalArgumentException e) {
            throw new BootException("--dtb: not a valid device tree blob (" + e.getMessage() + ")");
        }
        FdtNode chosen = root.childOrAdd("chosen");
        if (bootargs != null && !bootargs.isEmpty()) chosen.setPropertyString("bootargs", bootargs);
        if (initrdEnd > initrdStart) {
            chosen.setPropertyU64("linux,initrd-start", initrdStart);
            chosen.setPropertyU64("linux,initrd-end", initrdEnd);
        }
        return root.toBlob();
    }

    private static long alignUp(long v, long a) { return (v + a - 1) & -a; }
}
