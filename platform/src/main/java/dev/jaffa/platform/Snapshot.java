package dev.jaffa.platform;

import dev.jaffa.interp.memory.PhysicalBus;
import dev.jaffa.interp.memory.Ram;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The snapshot file (docs/snapshots.md): magic, format version, then sections, each named, with
 * its stored length, its raw length, a CRC-32 of the stored bytes and a Deflate-compressed payload.
 * The first section, {@code header}, says which Jaffa wrote it, the machine options it needs and
 * the host files it refers to; the last, {@code end}, counts the sections before it, so a
 * truncated file is recognised. RAM is saved in chunks of {@link #CHUNK_PAGES} pages, only the
 * pages that hold something other than zeros. A restore reads and checks the whole file before
 * anything of the machine is changed.
 */
public final class Snapshot {
    static final byte[] MAGIC = "JAFFASNP".getBytes(StandardCharsets.US_ASCII);
    /** Bumped whenever any section's layout changes. */
    static final int FORMAT_VERSION = 1;
    static final int CHUNK_PAGES = 8192;   // 32 MiB of address space per RAM section
    private static final byte[] ZERO_PAGE = new byte[PhysicalBus.PAGE_SIZE];

    /** What a snapshot needs of the machine it is restored into; equal headers mean compatible machines. */
    public static final class Header {
        public String jaffaVersion;
        /** Option name to value: --machine, -m (bytes), --smp, --entry-el. */
        public final Map<String, String> options = new LinkedHashMap<>();
        /** Host files: "--drive PATH" etc. to "size=N mtime=T". */
        public final Map<String, String> hostFiles = new LinkedHashMap<>();

        /** The first difference from {@code saved} as one line, or null. */
        String mismatch(Header saved) {
            if (!saved.jaffaVersion.equals(jaffaVersion)) {
                return "written by jaffa " + saved.jaffaVersion + ", this is jaffa " + jaffaVersion;
            }
            for (Map.Entry<String, String> e : saved.options.entrySet()) {
                String mine = options.get(e.getKey());
                if (!e.getValue().equals(mine)) {
                    return "saved with " + e.getKey() + " " + e.getValue() + ", but this run has " + e.getKey() + " " + mine
                            + " (give the options the snapshot was taken with)";
                }
            }
            if (!saved.options.keySet().equals(options.keySet())) return "the snapshot names other machine options";
            for (Map.Entry<String, String> e : saved.hostFiles.entrySet()) {
                String now = hostFiles.get(e.getKey());
                if (now == null) return "saved with " + e.getKey() + ", which this run does not have";
                if (!now.equals(e.getValue())) return e.getKey() + " changed since the snapshot (" + e.getValue() + ", now " + now + ")";
            }
            for (String k : hostFiles.keySet()) {
                if (!saved.hostFiles.containsKey(k)) return "this run has " + k + ", which the snapshot was not taken with";
            }
            return null;
        }

        byte[] encode() {
            SnapshotOutput o = new SnapshotOutput();
            o.writeString(jaffaVersion);
            o.writeInt(options.size());
            options.forEach((k, v) -> { o.writeString(k); o.writeString(v); });
            o.writeInt(hostFiles.size());
            hostFiles.forEach((k, v) -> { o.writeString(k); o.writeString(v); });
            return o.toByteArray();
        }

        static Header decode(byte[] b) throws SnapshotFormatException {
            SnapshotInput in = new SnapshotInput("header", b);
            Header h = new Header();
            h.jaffaVersion = in.readString();
            for (int n = in.readInt(0, 1000); n > 0; n--) h.options.put(in.readString(), in.readString());
            for (int n = in.readInt(0, 1000); n > 0; n--) h.hostFiles.put(in.readString(), in.readString());
            in.end();
            return h;
        }

        /** Names a host file: its size and modification time are checked on restore. */
        public void hostFile(String role, Path p) throws IOException {
            Path real = p.toAbsolutePath().normalize();
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(real, java.nio.file.attribute.BasicFileAttributes.class);
            hostFiles.put(role + " " + real, (a.isDirectory() ? "directory" : "size=" + a.size()) + " mtime=" + a.lastModifiedTime().toMillis());
        }
    }

    /** The components of a machine, by section name, in save and restore order. */
    static Map<String, Snapshottable> components(Machine m) {
        Map<String, Snapshottable> c = new LinkedHashMap<>();
        c.put("machine", m);
        for (int i = 0; i < m.cpus.length; i++) c.put("cpu" + i, m.cpus[i]);
        c.put("gic", m.gic);
        for (int i = 0; i < m.timers.length; i++) c.put("timer" + i, m.timers[i]);
        c.put("pl011", m.uart);
        c.put("pl031", m.rtc);
        for (int i = 0; i < m.virtio.length; i++) c.put("virtio" + i, m.virtio[i]);
        for (int i = 0; i < m.flash.length; i++) c.put("flash" + i, m.flash[i]);
        if (m.trng != null) c.put("trng", m.trng);
        if (m.monitorSemihosting() != null) c.put("semihosting", m.monitorSemihosting());
        c.put("spmc", m.spmc);
        c.put("bus", new Snapshottable() {
            @Override public void save(SnapshotOutput o) { o.writeLongs(m.bus.secureOnlyPages()); }
            @Override public void restore(SnapshotInput in) throws SnapshotFormatException {
                int n = in.readInt(0, Integer.MAX_VALUE);
                long[] pages = new long[n];
                for (int i = 0; i < n; i++) pages[i] = in.readLong();
                m.bus.setSecureOnlyPages(pages);
            }
        });
        return c;
    }

    // ---- saving --------------------------------------------------------------------------------

    /** Saves {@code m} (stopped at a snapshot point) to {@code file}; throws with a one-line reason if it cannot. */
    public static void save(Machine m, Header header, Path file) throws IOException {
        String why = m.unsavable();
        if (why != null) throw new SnapshotFormatException(why);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            DataOutputStream out = new DataOutputStream(os);
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            int count = 0;
            writeSection(out, "header", header.encode());
            count++;
            for (Map.Entry<String, Snapshottable> e : components(m).entrySet()) {
                SnapshotOutput o = new SnapshotOutput();
                e.getValue().save(o);
                writeSection(out, e.getKey(), o.toByteArray());
                count++;
            }
            for (Ram r : m.bus.rams()) {
                for (int first = 0; first < r.pageCount(); first += CHUNK_PAGES) {
                    byte[] chunk = ramChunk(r, first, Math.min(r.pageCount(), first + CHUNK_PAGES));
                    if (chunk == null) continue;
                    writeSection(out, ramSection(r, first), chunk);
                    count++;
                }
            }
            writeSection(out, "end", ByteBuffer.allocate(4).putInt(count).array());
            out.flush();
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String ramSection(Ram r, int firstPage) {
        return "ram@" + Long.toHexString(r.base) + "+" + Long.toHexString((long) firstPage * PhysicalBus.PAGE_SIZE);
    }

    /** Non-zero pages of {@code [from, to)}: index, 4 KiB, ..., -1; null when every page reads zero. */
    private static byte[] ramChunk(Ram r, int from, int to) {
        ByteArrayOutputStream b = null;
        for (int i = from; i < to; i++) {
            byte[] p = r.pageIfPresent(i);
            if (p == null || java.util.Arrays.equals(p, ZERO_PAGE)) continue;
            if (b == null) b = new ByteArrayOutputStream(1 << 16);
            b.write(i >>> 24); b.write(i >>> 16); b.write(i >>> 8); b.write(i);
            b.write(p, 0, p.length);
        }
        if (b == null) return null;
        b.write(0xFF); b.write(0xFF); b.write(0xFF); b.write(0xFF);
        return b.toByteArray();
    }

    private static void writeSection(DataOutputStream out, String name, byte[] raw) throws IOException {
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) z.write(buf, 0, d.deflate(buf));
        d.end();
        byte[] stored = z.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(stored);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        out.writeShort(n.length);
        out.write(n);
        out.writeInt(raw.length);
        out.writeInt(stored.length);
        out.writeInt((int) crc.getValue());
        out.write(stored);
    }

    // ---- restoring -----------------------------------------------------------------------------

    /** A whole snapshot file, read, checked and decompressed. */
    public static final class Loaded {
        public final Header header;
        final Map<String, byte[]> sections;
        /** RAM sections, inflated straight into pages (no copy of the whole chunk). */
        final Map<String, RamChunk> ram;

        Loaded(Header header, Map<String, byte[]> sections, Map<String, RamChunk> ram) {
            this.header = header;
            this.sections = sections;
            this.ram = ram;
        }
    }

    /** The pages of one RAM section: page numbers in the region and their contents. */
    static final class RamChunk {
        final int[] index;
        final byte[][] pages;

        RamChunk(int[] index, byte[][] pages) { this.index = index; this.pages = pages; }
    }

    /** Reads and checks every byte of {@code file}: magic, version, every section's CRC, the end marker. */
    public static Loaded read(Path file) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SnapshotFormatException("no such file");
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        if (all.length < MAGIC.length + 4 || !java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new SnapshotFormatException("not a Jaffa snapshot");
        }
        b.position(MAGIC.length);
        int version = b.getInt();
        if (version != FORMAT_VERSION) {
            throw new SnapshotFormatException("snapshot format version " + version + ", this Jaffa reads version " + FORMAT_VERSION);
        }
        List<String> names = new ArrayList<>();
        List<byte[]> stored = new ArrayList<>();
        List<Integer> rawLengths = new ArrayList<>();
        boolean ended = false;
        while (b.hasRemaining()) {
            if (ended) throw new SnapshotFormatException("bytes after the end of the snapshot");
            if (b.remaining() < 2) throw truncated();
            int nl = b.getShort() & 0xFFFF;
            if (b.remaining() < nl + 12) throw truncated();
            byte[] n = new byte[nl];
            b.get(n);
            String name = new String(n, StandardCharsets.UTF_8);
            int raw = b.getInt(), len = b.getInt(), crc = b.getInt();
            if (raw < 0 || len < 0) throw new SnapshotFormatException("section '" + name + "' is corrupted");
            if (b.remaining() < len) throw truncated();
            byte[] s = new byte[len];
            b.get(s);
            CRC32 c = new CRC32();
            c.update(s);
            if ((int) c.getValue() != crc) throw new SnapshotFormatException("section '" + name + "' is corrupted (CRC mismatch)");
            if (name.equals("end")) {
                ended = true;
                byte[] e = inflate(name, s, raw);
                if (e.length != 4 || ByteBuffer.wrap(e).getInt() != names.size()) throw new SnapshotFormatException("the end marker does not match the sections");
                continue;
            }
            names.add(name);
            stored.add(s);
            rawLengths.add(raw);
        }
        if (!ended) throw truncated();
        if (names.isEmpty() || !names.get(0).equals("header")) throw new SnapshotFormatException("the header is missing");
        // Inflate on every core: a booted Linux holds hundreds of MiB of RAM pages.
        byte[][] raw = new byte[names.size()][];
        RamChunk[] chunks = new RamChunk[names.size()];
        IOException[] failure = new IOException[1];
        java.util.stream.IntStream.range(0, names.size()).parallel().forEach(i -> {
            try {
                if (names.get(i).startsWith("ram@")) chunks[i] = inflatePages(names.get(i), stored.get(i), rawLengths.get(i));
                else raw[i] = inflate(names.get(i), stored.get(i), rawLengths.get(i));
            } catch (IOException e) {
                synchronized (failure) { failure[0] = e; }
            }
        });
        if (failure[0] != null) throw failure[0];
        Map<String, byte[]> sections = new LinkedHashMap<>();
        Map<String, RamChunk> ram = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            boolean twice = chunks[i] != null ? ram.put(names.get(i), chunks[i]) != null : sections.put(names.get(i), raw[i]) != null;
            if (twice) throw new SnapshotFormatException("section '" + names.get(i) + "' appears twice");
        }
        return new Loaded(Header.decode(sections.remove("header")), sections, ram);
    }

    private static SnapshotFormatException truncated() { return new SnapshotFormatException("the snapshot is truncated"); }

    /** A RAM section (page number, 4 KiB, ..., -1) inflated page by page into its own arrays. */
    private static RamChunk inflatePages(String name, byte[] stored, int rawLength) throws SnapshotFormatException {
        if (rawLength < 4 || (rawLength - 4) % (4 + PhysicalBus.PAGE_SIZE) != 0) throw new SnapshotFormatException("section '" + name + "' is corrupted");
        int n = (rawLength - 4) / (4 + PhysicalBus.PAGE_SIZE);
        int[] index = new int[n];
        byte[][] pages = new byte[n][];
        byte[] word = new byte[4];
        Inflater inf = new Inflater();
        try {
            inf.setInput(stored);
            for (int i = 0; i < n; i++) {
                fill(inf, word, name);
                index[i] = ByteBuffer.wrap(word).getInt();
                byte[] p = new byte[PhysicalBus.PAGE_SIZE];
                fill(inf, p, name);
                pages[i] = p;
            }
            fill(inf, word, name);
            if (ByteBuffer.wrap(word).getInt() != -1 || inf.inflate(word) != 0 || !inf.finished()) {
                throw new SnapshotFormatException("section '" + name + "' is corrupted");
            }
            return new RamChunk(index, pages);
        } catch (DataFormatException e) {
            throw new SnapshotFormatException("section '" + name + "' is corrupted");
        } finally {
            inf.end();
        }
    }

    private static void fill(Inflater inf, byte[] b, String name) throws DataFormatException, SnapshotFormatException {
        int n = 0;
        while (n < b.length) {
            int k = inf.inflate(b, n, b.length - n);
            if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) throw new SnapshotFormatException("section '" + name + "' is corrupted");
            n += k;
        }
    }

    private static byte[] inflate(String name, byte[] stored, int rawLength) throws SnapshotFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(stored);
            byte[] out = new byte[rawLength];
            int n = 0;
            while (n < rawLength) {
                int k = inf.inflate(out, n, rawLength - n);
                if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) break;
                n += k;
            }
            if (n != rawLength || !inf.finished()) throw new SnapshotFormatException("section '" + name + "' is corrupted");
            return out;
        } catch (DataFormatException e) {
            throw new SnapshotFormatException("section '" + name + "' is corrupted");
        } finally {
            inf.end();
        }
    }

    /**
     * Checks {@code s} against the machine {@code m} was built as ({@code mine}) and installs it.
     * {@code m} must be freshly built and never run. Every section must be present and fully read.
     */
    public static void restore(Machine m, Header mine, Loaded s) throws SnapshotFormatException {
        String mismatch = mine.mismatch(s.header);
        if (mismatch != null) throw new SnapshotFormatException(mismatch);
        Map<String, Snapshottable> parts = components(m);
        Map<String, Ram> ramSections = new LinkedHashMap<>();
        for (Ram r : m.bus.rams()) {
            for (int first = 0; first < r.pageCount(); first += CHUNK_PAGES) ramSections.put(ramSection(r, first), r);
        }
        for (String name : s.sections.keySet()) {
            if (!parts.containsKey(name)) throw new SnapshotFormatException("section '" + name + "' has no place in this machine");
        }
        for (String name : s.ram.keySet()) {
            if (!ramSections.containsKey(name)) throw new SnapshotFormatException("section '" + name + "' has no place in this machine");
        }
        for (String name : parts.keySet()) {
            if (!s.sections.containsKey(name)) throw new SnapshotFormatException("section '" + name + "' is missing");
        }
        // Check the RAM sections' structure before installing anything.
        for (Map.Entry<String, RamChunk> e : s.ram.entrySet()) {
            Ram r = ramSections.get(e.getKey());
            for (int i : e.getValue().index) {
                if (i < 0 || i >= r.pageCount()) throw new SnapshotFormatException("section '" + e.getKey() + "' holds a page outside its RAM");
            }
        }
        for (Map.Entry<String, Snapshottable> e : parts.entrySet()) {
            SnapshotInput in = new SnapshotInput(e.getKey(), s.sections.get(e.getKey()));
            e.getValue().restore(in);
            in.end();
        }
        for (Ram r : m.bus.rams()) r.clear();
        for (Map.Entry<String, RamChunk> e : s.ram.entrySet()) {
            Ram r = ramSections.get(e.getKey());
            RamChunk c = e.getValue();
            for (int k = 0; k < c.index.length; k++) r.setPage(c.index[k], c.pages[k]);
        }
        for (dev.jaffa.interp.Cpu c : m.cpus) c.mem.flushTlb();
    }
}
