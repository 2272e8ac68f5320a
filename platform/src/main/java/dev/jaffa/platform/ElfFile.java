package dev.jaffa.platform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A parsed little-endian ELF64 AArch64 executable: loadable segments and the symbol table. */
public final class ElfFile {
    public static final int EM_AARCH64 = 183;
    private static final int PT_LOAD = 1, SHT_SYMTAB = 2;

    /** A PT_LOAD segment: {@code fileSize} bytes from the file, zero-filled up to {@code memSize}. */
    public static final class Segment {
        public final long paddr, vaddr, memSize;
        public final int fileOffset, fileSize;
        public final boolean executable;

        Segment(long paddr, long vaddr, int fileOffset, int fileSize, long memSize, boolean executable) {
            this.paddr = paddr; this.vaddr = vaddr; this.fileOffset = fileOffset;
            this.fileSize = fileSize; this.memSize = memSize; this.executable = executable;
        }
    }

    /** Why a file could not be used; the message is one line for the user. */
    public static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;
        public FormatException(String m) { super(m); }
    }

    public final byte[] bytes;
    public final long entry;
    public final List<Segment> segments;
    private final Map<String, Long> symbols;

    private ElfFile(byte[] bytes, long entry, List<Segment> segments, Map<String, Long> symbols) {
        this.bytes = bytes; this.entry = entry; this.segments = segments; this.symbols = symbols;
    }

    public static ElfFile read(Path path) throws IOException, FormatException {
        return parse(Files.readAllBytes(path), path.toString());
    }

    public static ElfFile parse(byte[] b, String name) throws FormatException {
        if (b.length < 64 || b[0] != 0x7F || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
            throw new FormatException(name + ": not an ELF file");
        }
        if (b[4] != 2 || b[5] != 1) throw new FormatException(name + ": not a little-endian 64-bit ELF file");
        ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int machine = h.getShort(18) & 0xFFFF;
        if (machine != EM_AARCH64) throw new FormatException(name + ": not an AArch64 ELF file (e_machine " + machine + ")");
        long entry = h.getLong(24);
        long phoff = h.getLong(32), shoff = h.getLong(40);
        int phentsize = h.getShort(54) & 0xFFFF, phnum = h.getShort(56) & 0xFFFF;
        int shentsize = h.getShort(58) & 0xFFFF, shnum = h.getShort(60) & 0xFFFF;
        List<Segment> segs = new ArrayList<>();
        try {
            for (int i = 0; i < phnum; i++) {
                int p = Math.toIntExact(phoff + (long) i * phentsize);
                if (h.getInt(p) != PT_LOAD) continue;
                int flags = h.getInt(p + 4);
                long off = h.getLong(p + 8), vaddr = h.getLong(p + 16), paddr = h.getLong(p + 24);
                long filesz = h.getLong(p + 32), memsz = h.getLong(p + 40);
                if (off < 0 || filesz < 0 || off + filesz > b.length || memsz < filesz) {
                    throw new FormatException(name + ": PT_LOAD segment " + i + " lies outside the file");
                }
                segs.add(new Segment(paddr, vaddr, (int) off, (int) filesz, memsz, (flags & 1) != 0));
            }
            Map<String, Long> syms = new HashMap<>();
            for (int i = 0; i < shnum && shoff != 0; i++) {
                int s = Math.toIntExact(shoff + (long) i * shentsize);
                if (h.getInt(s + 4) != SHT_SYMTAB) continue;
                long symOff = h.getLong(s + 24), symSize = h.getLong(s + 32), entSize = h.getLong(s + 56);
                int link = h.getInt(s + 40);
                int strSec = Math.toIntExact(shoff + (long) link * shentsize);
                long strOff = h.getLong(strSec + 24);
                for (long e = symOff; e + entSize <= symOff + symSize && entSize > 0; e += entSize) {
                    int nameOff = h.getInt((int) e);
                    long value = h.getLong((int) e + 8);
                    String sym = cString(b, (int) (strOff + nameOff));
                    if (!sym.isEmpty()) syms.putIfAbsent(sym, value);
                }
            }
            if (segs.isEmpty()) throw new FormatException(name + ": no loadable segments");
            return new ElfFile(b, entry, Collections.unmodifiableList(segs), syms);
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw new FormatException(name + ": truncated or corrupt ELF headers");
        }
    }

    private static String cString(byte[] b, int off) {
        int end = off;
        while (end < b.length && b[end] != 0) end++;
        return new String(b, off, end - off, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The value of a symbol, or null. */
    public Long symbol(String name) { return symbols.get(name); }

    /** The file offset holding virtual address {@code va} in a loaded segment, or -1. */
    public int fileOffsetOf(long va) {
        for (Segment s : segments) {
            if (va - s.vaddr >= 0 && va - s.vaddr < s.fileSize) return (int) (s.fileOffset + (va - s.vaddr));
        }
        return -1;
    }
}
