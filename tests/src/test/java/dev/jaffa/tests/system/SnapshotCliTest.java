package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jaffa run --snapshot-on TEXT FILE} then {@code --restore FILE}: the two runs' console
 * output together is byte for byte the uninterrupted run's, with either engine; and every kind of
 * bad snapshot (truncated, corrupted, another format version, not a snapshot, other machine
 * options, a changed drive) is one line on stderr and exit status 2, before the guest runs at all.
 */
class SnapshotCliTest {
    @TempDir static Path tmp;
    static Path snap;
    static final String ELF = "systest-fvp-timer.elf";
    static final List<String> MACHINE = List.of("--smp", "2", "--entry-el", "2");

    static ProcessRun jaffa(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "run"));
        cmd.addAll(args);
        ProcessRun r = ProcessRun.run(cmd, new byte[0], 300);
        assertEquals(null, r.problem, r.stdout + r.stderr);
        return r;
    }

    static List<String> args(String engine, String... more) {
        List<String> a = new ArrayList<>(List.of(SystemTestsTest.elf(ELF).toString(), "--engine", engine));
        a.addAll(MACHINE);
        a.addAll(Arrays.asList(more));
        return a;
    }

    @BeforeAll
    static void takeOne() {
        snap = tmp.resolve("timer.snap");
        ProcessRun s = jaffa(args("interp", "--snapshot-on", "EL2 physical timer: taken", snap.toString()));
        assertEquals(0, s.exitStatus, s.stdout + s.stderr);
        assertTrue(Files.isRegularFile(snap), "the snapshot was written");
    }

    @ParameterizedTest
    @ValueSource(strings = {"interp", "jit"})
    void restoredRunContinuesByteForByte(String engine) {
        ProcessRun full = jaffa(args(engine));
        assertEquals(0, full.exitStatus, full.stdout + full.stderr);
        Path file = tmp.resolve("timer-" + engine + ".snap");
        ProcessRun first = jaffa(args(engine, "--snapshot-on", "CNTVOFF_EL2", file.toString()));
        assertEquals(0, first.exitStatus, first.stderr);
        assertTrue(first.stdout.contains("CNTVOFF_EL2") && first.stdout.length() < full.stdout.length(),
                "the first run stops after the text:\n" + first.stdout);
        ProcessRun rest = jaffa(args(engine, "--restore", file.toString()));
        assertEquals(full.exitStatus, rest.exitStatus, rest.stderr);
        assertEquals(full.stdout, first.stdout + rest.stdout, "saved run + restored run = uninterrupted run");
    }

    /** A snapshot is engine-independent: one taken with the interpreter continues under the JIT. */
    @Test
    void anInterpreterSnapshotContinuesUnderTheJit() {
        ProcessRun full = jaffa(args("jit"));
        ProcessRun first = jaffa(args("interp", "--snapshot-on", "CNTVOFF_EL2", tmp.resolve("cross.snap").toString()));
        ProcessRun rest = jaffa(args("jit", "--restore", tmp.resolve("cross.snap").toString()));
        assertEquals(0, rest.exitStatus, rest.stderr);
        assertEquals(full.stdout, first.stdout + rest.stdout);
    }

    /** {@code jaffa xtest} (spm-test1..4 and the test LSP) saved in the middle of the suite and restored. */
    @ParameterizedTest
    @ValueSource(strings = {"interp", "jit"})
    void xtestWithPartitionsContinuesByteForByte(String engine) {
        Path home = SystemTestsTest.elf("xtest.elf").getParent().getParent().getParent();
        List<String> base = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Djaffa.home=" + home,
                "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "xtest", "--engine", engine);
        ProcessRun full = ProcessRun.run(base, new byte[0], 300);
        assertEquals(0, full.exitStatus, full.stdout + full.stderr);
        Path file = tmp.resolve("xtest-" + engine + ".snap");
        List<String> save = new ArrayList<>(base);
        save.addAll(List.of("--snapshot-on", "ffa_spmc_1003", file.toString()));
        ProcessRun first = ProcessRun.run(save, new byte[0], 300);
        assertEquals(0, first.exitStatus, first.stderr);
        List<String> restore = new ArrayList<>(base);
        restore.addAll(List.of("--restore", file.toString()));
        ProcessRun rest = ProcessRun.run(restore, new byte[0], 300);
        assertEquals(0, rest.exitStatus, rest.stderr);
        assertTrue(rest.stdout.contains("ffa_spmc_1004"), rest.stdout);
        assertEquals(full.stdout, first.stdout + rest.stdout, "saved run + restored run = uninterrupted run");
    }

    private static void rejected(ProcessRun r, String why) {
        assertEquals(2, r.exitStatus, why + ": exit status\n" + r.stdout + r.stderr);
        assertEquals("", r.stdout, why + ": the guest never ran");
        String err = r.stderr.strip();
        assertFalse(err.isEmpty() || err.contains("\n") || err.contains("Exception"), why + ": one line on stderr: " + r.stderr);
        assertTrue(err.startsWith("jaffa: "), r.stderr);
    }

    private static Path variant(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void badFilesAreRefused() throws IOException {
        byte[] good = Files.readAllBytes(snap);
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        ProcessRun r = jaffa(args("interp", "--restore", variant("trunc.snap", truncated).toString()));
        rejected(r, "truncated");
        assertTrue(r.stderr.contains("truncated"), r.stderr);

        byte[] corrupted = good.clone();
        corrupted[good.length / 2] ^= 0x40;
        r = jaffa(args("interp", "--restore", variant("corrupt.snap", corrupted).toString()));
        rejected(r, "corrupted");
        assertTrue(r.stderr.contains("corrupted"), r.stderr);

        byte[] version = good.clone();
        version[11] += 1;   // the format version follows the 8-byte magic
        r = jaffa(args("interp", "--restore", variant("version.snap", version).toString()));
        rejected(r, "other version");
        assertTrue(r.stderr.contains("format version"), r.stderr);

        r = jaffa(args("interp", "--restore", variant("junk.snap", "hello, world".getBytes()).toString()));
        rejected(r, "not a snapshot");
        r = jaffa(args("interp", "--restore", tmp.resolve("absent.snap").toString()));
        rejected(r, "missing file");
        r = jaffa(args("interp", "--restore", variant("empty.snap", new byte[0]).toString()));
        rejected(r, "empty file");
    }

    /**
     * A file whose header records another state layout (a build that added, removed or retyped a
     * saved field) is refused, naming both layouts; the rest of the file is intact and its CRCs good.
     */
    @Test
    void aSnapshotOfAnotherBuildIsRefused() throws Exception {
        byte[] good = Files.readAllBytes(snap);
        // As if Pl031 had gained a saved field.
        byte[] other = withLayout(good, l -> l.replaceFirst("(dev\\.jaffa\\.devices\\.Pl031 \\{[^\\n]*)}", "$1 alarm:long;}"));
        ProcessRun r = jaffa(args("interp", "--restore", variant("other-build.snap", other).toString()));
        rejected(r, "another build");
        assertTrue(r.stderr.contains("written by another build of jaffa: the saved fields of dev.jaffa.devices.Pl031 differ"), r.stderr);
    }

    /**
     * A RAM chunk with a good CRC that does not inflate to what its map says (only a file made so on
     * purpose): found when the guest first touches it, and refused as any bad file, one line and
     * exit status 2.
     */
    @Test
    void aRamChunkMadeInconsistentIsRefusedWhenTouched() throws Exception {
        byte[] bad = rewrite(Files.readAllBytes(snap), (name, raw) -> {
            if (!name.startsWith("ram@")) return raw;
            byte[] r = raw.clone();
            r[0] ^= (byte) 0x80;   // the map claims another page than the chunk holds
            return r;
        });
        ProcessRun r = jaffa(args("interp", "--restore", variant("bad-ram.snap", bad).toString()));
        rejected(r, "inconsistent RAM chunk");
        assertTrue(r.stderr.matches("(?s)jaffa: .*bad-ram\\.snap: section 'ram@[0-9a-f]+\\+[0-9a-f]+' is corrupted\\s*"), r.stderr);
    }

    /** {@code snapshot} with the layout in its header (the Jaffa version, then the layout) changed. */
    private static byte[] withLayout(byte[] snapshot, java.util.function.UnaryOperator<String> change) throws Exception {
        return rewrite(snapshot, (name, raw) -> {
            if (!name.equals("header")) return raw;
            java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(raw);
            h.position(h.position() + 4 + h.getInt());     // the Jaffa version
            int at = h.position(), old = h.getInt();
            String layout = new String(raw, at + 4, old, java.nio.charset.StandardCharsets.UTF_8);
            byte[] l = change.apply(layout).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertFalse(java.util.Arrays.equals(l, layout.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "the layout changed");
            java.io.ByteArrayOutputStream n = new java.io.ByteArrayOutputStream();
            n.write(raw, 0, at);
            n.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(l.length).array());
            n.writeBytes(l);
            n.write(raw, at + 4 + old, raw.length - at - 4 - old);
            return n.toByteArray();
        });
    }

    private interface SectionChange { byte[] apply(String name, byte[] raw); }

    /** {@code snapshot} with every section's payload passed through {@code change}, stored again with a good CRC. */
    private static byte[] rewrite(byte[] snapshot, SectionChange change) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(snapshot);
        java.io.ByteArrayOutputStream f = new java.io.ByteArrayOutputStream();
        f.write(snapshot, 0, 12);                          // magic, format version
        b.position(12);
        while (b.hasRemaining()) {
            byte[] name = new byte[b.getShort()];
            b.get(name);
            int raw = b.getInt(), stored = b.getInt();
            b.getInt();                                    // the CRC
            java.util.zip.Inflater inf = new java.util.zip.Inflater();
            inf.setInput(snapshot, b.position(), stored);
            byte[] payload = new byte[raw];
            assertEquals(raw, inf.inflate(payload));
            inf.end();
            b.position(b.position() + stored);
            byte[] changed = change.apply(new String(name, java.nio.charset.StandardCharsets.UTF_8), payload);
            java.util.zip.Deflater d = new java.util.zip.Deflater();
            d.setInput(changed);
            d.finish();
            byte[] z = new byte[changed.length + 1024];
            int zl = d.deflate(z);
            d.end();
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(z, 0, zl);
            f.writeBytes(java.nio.ByteBuffer.allocate(2).putShort((short) name.length).array());
            f.writeBytes(name);
            f.writeBytes(java.nio.ByteBuffer.allocate(12).putInt(changed.length).putInt(zl).putInt((int) crc.getValue()).array());
            f.write(z, 0, zl);
        }
        return f.toByteArray();
    }

    @Test
    void otherMachineOptionsAreRefused() {
        List<String> elf = List.of(SystemTestsTest.elf(ELF).toString(), "--restore", snap.toString());
        for (List<String> other : List.of(List.of("--smp", "1", "--entry-el", "2"), List.of("--smp", "2", "--entry-el", "2", "-m", "256M"),
                List.of("--smp", "2", "--entry-el", "2", "--machine", "virt"), List.of("--smp", "2", "--entry-el", "1"))) {
            List<String> a = new ArrayList<>(elf);
            a.addAll(other);
            ProcessRun r = jaffa(a);
            rejected(r, other.toString());
            assertTrue(r.stderr.contains("saved with"), r.stderr);
        }
    }

    @Test
    void aChangedDriveIsRefused() throws IOException {
        Path disk = tmp.resolve("disk.img");
        Files.write(disk, new byte[1 << 20]);
        Path file = tmp.resolve("drive.snap");
        ProcessRun s = jaffa(args("interp", "--drive", disk.toString(), "--snapshot-on", "CNTVOFF_EL2", file.toString()));
        assertEquals(0, s.exitStatus, s.stderr);
        ProcessRun ok = jaffa(args("interp", "--drive", disk.toString(), "--restore", file.toString()));
        assertEquals(0, ok.exitStatus, "the same drive restores: " + ok.stderr);
        ProcessRun none = jaffa(args("interp", "--restore", file.toString()));
        rejected(none, "drive missing");
        Files.write(disk, new byte[2 << 20]);
        ProcessRun changed = jaffa(args("interp", "--drive", disk.toString(), "--restore", file.toString()));
        rejected(changed, "drive changed");
        assertTrue(changed.stderr.contains("changed since the snapshot"), changed.stderr);
    }
}
