package dev.jaffa.platform;

import dev.jaffa.interp.memory.PhysicalBus;
import dev.jaffa.interp.memory.Ram;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;
import dev.jaffa.interp.snapshot.StateLayout;
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
 * The first section, {@code header}, says which Jaffa wrote it, the layout of the state it saved,
 * the machine options it needs and the host files it refers to; the last, {@code end}, counts the
 * sections before it, so a truncated file is recognised. RAM is saved in chunks of {@link
 * #CHUNK_PAGES} pages, each compressed on its own and holding only the pages that are not all
 * zeros. A restore reads and checks the whole file (every CRC) before anything of the machine is
 * changed, and leaves the RAM chunks compressed until the guest first touches one of their pages.
 */
public final class Snapshot {
    static final byte[] MAGIC = "JAFFASNP".getBytes(StandardCharsets.US_ASCII);
    /** Bumped whenever the container or a section's encoding changes (the state layout has its own check). */
    static final int FORMAT_VERSION = 2;
    /** Pages per RAM chunk: the unit inflated on first touch (256 KiB, about half a millisecond). */
    static final int CHUNK_PAGES = Long.SIZE;
    private static final byte[] ZERO_PAGE = new byte[PhysicalBus.PAGE_SIZE];

    /** What a snapshot needs of the machine it is restored into; equal headers mean compatible machines. */
    public static final class Header {
        public String jaffaVersion;
        /** The machine's declared state, {@link StateLayout#describe}: every saved field's class, name and type. */
        public String layout = "";
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
            // After the options: another configuration has other state (a virtio backend), and saying which option differs helps more.
            if (!saved.layout.equals(layout)) {
                return "written by another build of jaffa: the saved fields of " + StateLayout.firstDifference(saved.layout, layout)
                        + " differ from this build's";
            }
            return null;
        }

        byte[] encode() {
            SnapshotOutput o = new SnapshotOutput();
            o.writeString(jaffaVersion);
            o.writeString(layout);
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
            h.layout = in.readString();
            if (h.jaffaVersion == null || h.layout == null) throw new SnapshotFormatException("section 'header' is corrupted");
            for (int n = in.readInt(0, 1000); n > 0; n--) h.options.put(in.readString(), in.readString());
            for (int n = in.readInt(0, 1000); n > 0; n--) h.hostFiles.put(in.readString(), in.readString());
            in.end();
            return h;
        }

        /**
         * Names a host file: a file's size and modification time are checked on restore, a
         * directory's existence (what a share must still hold, the files its guest has open, is
         * checked by the share's own section).
         */
        public void hostFile(String role, Path p) throws IOException {
            Path real = p.toAbsolutePath().normalize();
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(real, java.nio.file.attribute.BasicFileAttributes.class);
            hostFiles.put(role + " " + real, a.isDirectory() ? "directory" : "size=" + a.size() + " mtime=" + a.lastModifiedTime().toMillis());
        }
    }

    /** The layout of {@code m}'s declared state: every component's and the RAM's. */
    public static String layout(Machine m) {
        return StateLayout.describe(components(m).values().toArray());
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
        header.layout = layout(m);
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
            byte[] chunk = new byte[Long.BYTES + CHUNK_PAGES * PhysicalBus.PAGE_SIZE];
            for (Ram r : m.bus.rams()) {
                for (int first = 0; first < r.pageCount(); first += CHUNK_PAGES) {
                    int length = ramChunk(r, first, chunk);
                    if (length == 0) continue;
                    writeSection(out, ramSection(r, first), java.util.Arrays.copyOf(chunk, length));
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

    /**
     * The chunk of {@link #CHUNK_PAGES} pages from {@code first} into {@code into}: a 64-bit map
     * of the pages it holds (bit k: page first + k), then those pages in order; only pages that
     * are not all zeros. Returns its length, 0 when it holds no page.
     */
    private static int ramChunk(Ram r, int first, byte[] into) {
        long map = 0;
        int at = Long.BYTES;
        for (int k = 0; k < CHUNK_PAGES && first + k < r.pageCount(); k++) {
            byte[] p = r.pageIfPresent(first + k);
            if (p == null || java.util.Arrays.equals(p, ZERO_PAGE)) continue;
            map |= 1L << k;
            System.arraycopy(p, 0, into, at, p.length);
            at += p.length;
        }
        if (map == 0) return 0;
        ByteBuffer.wrap(into).putLong(0, map);
        return at;
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

    /** A whole snapshot file, read and checked; device sections inflated, RAM chunks still compressed. */
    public static final class Loaded {
        public final Header header;
        final Map<String, byte[]> sections;
        final Map<String, RamChunk> ram;
        /** The file, for messages about a RAM chunk found corrupted when it is inflated. */
        final Path file;

        Loaded(Header header, Map<String, byte[]> sections, Map<String, RamChunk> ram, Path file) {
            this.header = header;
            this.sections = sections;
            this.ram = ram;
            this.file = file;
        }
    }

    /** A RAM section as stored: its compressed bytes in the file (not copied) and its raw length. */
    record RamChunk(byte[] file, int offset, int length, int rawLength) { }

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
        Map<String, byte[]> sections = new LinkedHashMap<>();
        Map<String, RamChunk> ram = new LinkedHashMap<>();
        boolean ended = false;
        CRC32 c = new CRC32();
        while (b.hasRemaining()) {
            if (ended) throw new SnapshotFormatException("bytes after the end of the snapshot");
            if (b.remaining() < 2) throw truncated();
            int nl = b.getShort() & 0xFFFF;
            if (b.remaining() < nl + 12) throw truncated();
            byte[] n = new byte[nl];
            b.get(n);
            String name = new String(n, StandardCharsets.UTF_8);
            int raw = b.getInt(), len = b.getInt(), crc = b.getInt();
            if (raw < 0 || len < 0) throw corrupted(name);
            if (b.remaining() < len) throw truncated();
            int at = b.position();
            b.position(at + len);
            c.reset();
            c.update(all, at, len);
            if ((int) c.getValue() != crc) throw new SnapshotFormatException("section '" + name + "' is corrupted (CRC mismatch)");
            if (sections.containsKey(name) || ram.containsKey(name)) throw new SnapshotFormatException("section '" + name + "' appears twice");
            if (name.startsWith("ram@")) {
                // A map and whole pages, at most a chunk's: checked here, the rest when it is inflated.
                if (raw < Long.BYTES + PhysicalBus.PAGE_SIZE || raw > Long.BYTES + CHUNK_PAGES * PhysicalBus.PAGE_SIZE
                        || (raw - Long.BYTES) % PhysicalBus.PAGE_SIZE != 0) {
                    throw corrupted(name);
                }
                ram.put(name, new RamChunk(all, at, len, raw));
                continue;
            }
            byte[] payload = inflate(name, all, at, len, raw);
            if (name.equals("end")) {
                ended = true;
                if (payload.length != 4 || ByteBuffer.wrap(payload).getInt() != sections.size() + ram.size()) {
                    throw new SnapshotFormatException("the end marker does not match the sections");
                }
                continue;
            }
            sections.put(name, payload);
        }
        if (!ended) throw truncated();
        if (sections.isEmpty() || !sections.keySet().iterator().next().equals("header")) throw new SnapshotFormatException("the header is missing");
        return new Loaded(Header.decode(sections.remove("header")), sections, ram, file);
    }

    private static SnapshotFormatException truncated() { return new SnapshotFormatException("the snapshot is truncated"); }

    private static SnapshotFormatException corrupted(String section) {
        return new SnapshotFormatException("section '" + section + "' is corrupted");
    }

    private static byte[] inflate(String name, byte[] stored, int offset, int length, int rawLength) throws SnapshotFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(stored, offset, length);
            byte[] out = new byte[rawLength];
            int n = 0;
            while (n < rawLength) {
                int k = inf.inflate(out, n, rawLength - n);
                if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) break;
                n += k;
            }
            if (n != rawLength || !inf.finished()) throw corrupted(name);
            return out;
        } catch (DataFormatException e) {
            throw corrupted(name);
        } finally {
            inf.end();
        }
    }

    /**
     * A region's saved RAM, chunk by chunk, inflated into pages when the guest first touches one of
     * the chunk's pages. Its bytes passed the CRC when the file was read; a chunk that still does not
     * inflate to what its map says was made so on purpose, and stops the run then (one line, exit
     * status 2, as any refused snapshot).
     */
    static final class LazyRam implements Ram.PageSource {
        private final String[] names;
        private final RamChunk[] chunks;
        private final Path file;

        LazyRam(Ram r, Path file) {
            int n = (r.pageCount() + CHUNK_PAGES - 1) / CHUNK_PAGES;
            names = new String[n];
            chunks = new RamChunk[n];
            this.file = file;
        }

        @Override
        public void fill(Ram into, int index) {
            int k = index / CHUNK_PAGES;
            RamChunk c = chunks[k];
            if (c == null) return;
            chunks[k] = null;   // whatever happens next, never again
            Inflater inf = new Inflater();
            try {
                inf.setInput(c.file(), c.offset(), c.length());
                byte[] word = new byte[Long.BYTES];
                read(inf, word, names[k]);
                long map = ByteBuffer.wrap(word).getLong();
                int first = k * CHUNK_PAGES;
                if (Long.bitCount(map) * PhysicalBus.PAGE_SIZE != c.rawLength() - Long.BYTES
                        || first + Long.SIZE - Long.numberOfLeadingZeros(map) > into.pageCount()) {
                    throw corrupted(names[k]);
                }
                for (long m = map; m != 0; m &= m - 1) {
                    byte[] page = new byte[PhysicalBus.PAGE_SIZE];
                    read(inf, page, names[k]);
                    into.setPage(first + Long.numberOfTrailingZeros(m), page);
                }
                if (inf.inflate(word) != 0 || !inf.finished()) throw corrupted(names[k]);
            } catch (DataFormatException e) {
                throw new java.io.UncheckedIOException(new SnapshotFormatException(file + ": " + corrupted(names[k]).getMessage()));
            } catch (SnapshotFormatException e) {
                throw new java.io.UncheckedIOException(new SnapshotFormatException(file + ": " + e.getMessage()));
            } finally {
                inf.end();
            }
        }

        /** Fills {@code b} from {@code inf}; running out first is a corrupted chunk. */
        private static void read(Inflater inf, byte[] b, String name) throws DataFormatException, SnapshotFormatException {
            for (int n = 0; n < b.length; ) {
                int k = inf.inflate(b, n, b.length - n);
                if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) throw corrupted(name);
                n += k;
            }
        }
    }

    /**
     * Checks {@code s} against the machine {@code m} was built as ({@code mine}) and installs it.
     * {@code m} must be freshly built and never run. Every section must be present and fully read.
     */
    public static void restore(Machine m, Header mine, Loaded s) throws SnapshotFormatException {
        mine.layout = layout(m);
        String mismatch = mine.mismatch(s.header);
        if (mismatch != null) throw new SnapshotFormatException(mismatch);
        Map<String, Snapshottable> parts = components(m);
        for (String name : s.sections.keySet()) {
            if (!parts.containsKey(name)) throw new SnapshotFormatException("section '" + name + "' has no place in this machine");
        }
        for (String name : parts.keySet()) {
            if (!s.sections.containsKey(name)) throw new SnapshotFormatException("section '" + name + "' is missing");
        }
        // Place every RAM chunk before installing anything.
        Map<String, Integer> chunkOf = new LinkedHashMap<>();
        Ram[] rams = m.bus.rams();
        LazyRam[] lazy = new LazyRam[rams.length];
        for (int i = 0; i < rams.length; i++) {
            Ram r = rams[i];
            lazy[i] = new LazyRam(r, s.file);
            for (int first = 0; first < r.pageCount(); first += CHUNK_PAGES) chunkOf.put(ramSection(r, first), i);
        }
        for (Map.Entry<String, RamChunk> e : s.ram.entrySet()) {
            Integer i = chunkOf.get(e.getKey());
            if (i == null) throw new SnapshotFormatException("section '" + e.getKey() + "' has no place in this machine");
            int k = (int) (Long.parseLong(e.getKey().substring(e.getKey().indexOf('+') + 1), 16) / PhysicalBus.PAGE_SIZE / CHUNK_PAGES);
            lazy[i].names[k] = e.getKey();
            lazy[i].chunks[k] = e.getValue();
        }
        for (Map.Entry<String, Snapshottable> e : parts.entrySet()) {
            SnapshotInput in = new SnapshotInput(e.getKey(), s.sections.get(e.getKey()));
            e.getValue().restore(in);
            in.end();
        }
        for (int i = 0; i < rams.length; i++) rams[i].replacePages(lazy[i]);
        for (dev.jaffa.interp.Cpu c : m.cpus) c.mem.flushTlb();
    }
}
