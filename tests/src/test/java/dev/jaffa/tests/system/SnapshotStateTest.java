package dev.jaffa.tests.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.StopReason;
import dev.jaffa.monitor.Semihosting;
import dev.jaffa.platform.Board;
import dev.jaffa.platform.ElfFile;
import dev.jaffa.platform.Machine;
import dev.jaffa.platform.RunResult;
import dev.jaffa.platform.Snapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snapshot, restore into a freshly built machine, and compare every field of every component
 * (CPUs, GIC, timers, UART, RTC, virtio, flash, TRNG, semihosting, SPMC, RAM, the scheduler) with
 * the machine that was saved: a field that save/restore does not carry, and that is not marked
 * {@code @NotState} with its reason, makes this fail. Then both machines run on and must print the
 * same rest. The guest is the two-CPU GIC system test at EL2 (SGIs, PPIs, active and pending
 * state, both CPU interfaces busy), stopped in the middle of its output, on a board with a drive
 * and a share besides the RNG. The machine restored into is first scrambled (every state field
 * given a value a fresh machine would not hold), so a field the restore forgets is found even when
 * the saved machine held its initial value.
 */
class SnapshotStateTest {
    @TempDir Path tmp;

    /** A console that calls the machine's requestSnapshot when it first sees {@code text}. */
    private static final class Watch extends OutputStream {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] text;
        Machine machine;
        boolean hit;

        Watch(String text) { this.text = text == null ? null : text.getBytes(StandardCharsets.UTF_8); }

        @Override
        public void write(int b) {
            out.write(b);
            if (text == null || hit) return;
            byte[] a = out.toByteArray();
            if (a.length >= text.length && java.util.Arrays.equals(a, a.length - text.length, a.length, text, 0, text.length)) {
                hit = true;
                machine.requestSnapshot();
            }
        }
    }

    private static Machine build(String engine, Watch console) throws Exception {
        return build(engine, console, false);
    }

    /** The GIC test on two CPUs at EL2, or with {@code xtest} the FF-A suite against spm-test1..4 and the test LSP. */
    private static Machine build(String engine, Watch console, boolean xtest) throws Exception {
        Machine.Config cfg = new Machine.Config();
        cfg.board = Board.FVP;
        cfg.ramSize = 64L << 20;
        cfg.smp = xtest ? 1 : 2;
        cfg.entryEl = xtest ? 1 : 2;
        cfg.console = console;
        cfg.semihosting = new Semihosting(null, new ByteArrayInputStream(new byte[0]), console, OutputStream.nullOutputStream());
        if (engine.equals("interp")) cfg.engine = Interpreter.ENGINE;
        if (!xtest) {
            // Every kind of device, so the restore of each is compared (the guest leaves these idle).
            Path dir = Files.createTempDirectory("jaffa-snapstate");
            dir.toFile().deleteOnExit();
            Path image = Files.write(dir.resolve("disk.img"), new byte[64 * 1024]);
            image.toFile().deleteOnExit();
            cfg.virtioDevices.add(new dev.jaffa.devices.VirtioBlk(dev.jaffa.devices.BlockFile.of(
                    java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)),
                    false, false, "jaffa0"));
            cfg.virtioDevices.add(new dev.jaffa.devices.Virtio9p(dir.toRealPath(), "host", false));
        }
        Machine m = new Machine(cfg);
        console.machine = m;
        if (xtest) {
            m.spmc.addLogicalPartition(new dev.jaffa.spmc.TestLogicalPartition(m.spmc.nextFreeId()));
            Path sp = SystemTestsTest.elf("xtest.elf").resolveSibling("sp");
            for (String n : List.of("spm-test1", "spm-test2", "spm-test3", "spm-test4")) {
                m.spmc.addPartition(n, Files.readAllBytes(sp.resolve(n + ".elf")), Files.readAllBytes(sp.resolve(n + ".dtb")), n);
            }
            m.loadElf(ElfFile.read(SystemTestsTest.elf("xtest.elf")), 1);
        } else {
            m.loadElf(ElfFile.read(SystemTestsTest.elf("systest-fvp-gic.elf")), 2);
        }
        return m;
    }

    private static Machine boot(Machine m) {
        m.bootSecureWorld();
        return m;
    }

    private static Snapshot.Header header() {
        Snapshot.Header h = new Snapshot.Header();
        h.jaffaVersion = "test";
        h.options.put("--machine", "fvp");
        return h;
    }

    @ParameterizedTest
    @ValueSource(strings = {"interp", "jit"})
    void restoredMachineEqualsTheSavedOneFieldByField(String engine) throws Exception {
        Watch wa = new Watch("SGI to self");
        Machine a = boot(build(engine, wa));
        RunResult r = a.run(2_000_000_000L);
        assertEquals(StopReason.SNAPSHOT, r.reason, "the machine stops at the snapshot point:\n" + wa.out);
        Path file = tmp.resolve("gic.snap");
        Snapshot.save(a, header(), file);

        Watch wb = new Watch(null);
        Machine b = build(engine, wb);   // not booted: the snapshot has the secure world's state
        StateComparison.scramble(b);     // so a field the restore forgets cannot pass by holding its initial value
        Snapshot.restore(b, header(), Snapshot.read(file));

        StateComparison c = new StateComparison();
        c.walk(a, b, "machine");
        c.walk(a.monitorSemihosting(), b.monitorSemihosting(), "semihosting");
        assertEquals(List.of(), c.differences, "restored state differs from the saved machine");
        assertTrue(c.fields > 300, "the comparison reached the components (" + c.fields + " fields)");

        // Both run on to the end and print the same.
        int before = wa.out.size();
        RunResult ra = a.run(2_000_000_000L), rb = b.run(2_000_000_000L);
        String restOfA = wa.out.toString(StandardCharsets.ISO_8859_1).substring(before);
        assertEquals(StopReason.GUEST_EXIT, ra.reason, restOfA);
        assertEquals(ra.reason, rb.reason);
        assertEquals(ra.exitCode, rb.exitCode);
        assertTrue(restOfA.length() > 100, "the guest printed more after the snapshot point: " + restOfA);
        assertEquals(restOfA, wb.out.toString(StandardCharsets.ISO_8859_1));
        assertEquals(ra.instructions, rb.instructions, "the same number of instructions in all");
        assertEquals(a.cpus[0].insnCount, b.cpus[0].insnCount);
        assertEquals(a.cpus[1].insnCount, b.cpus[1].insnCount);
    }

    /**
     * The same with secure partitions, stopped in the middle of the FF-A suite (after memory
     * sharing between partitions and with the normal world, partitions idle with saved contexts):
     * endpoints, partitions, address spaces, shares, notifications, the allocator compare equal.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ffa_spmc_1003", "spm-test3: id 8004", "ffa_abi_046"})
    void restoredSpmcEqualsTheSavedOneFieldByField(String at) throws Exception {
        Watch wa = new Watch(at);
        Machine a = boot(build("interp", wa, true));
        assertEquals(StopReason.SNAPSHOT, a.run(5_000_000_000L).reason, wa.out.toString());
        Path file = tmp.resolve("xtest.snap");
        Snapshot.save(a, header(), file);
        Watch wb = new Watch(null);
        Machine b = build("interp", wb, true);   // partitions loaded, not booted: the snapshot has their state
        StateComparison.scramble(b);
        Snapshot.restore(b, header(), Snapshot.read(file));
        StateComparison c = new StateComparison();
        c.walk(a, b, "machine");
        assertEquals(List.of(), c.differences, "restored state differs from the saved machine");
        int before = wa.out.size();
        RunResult ra = a.run(5_000_000_000L), rb = b.run(5_000_000_000L);
        assertEquals(StopReason.GUEST_EXIT, ra.reason);
        assertEquals(0, ra.exitCode, wa.out.toString());
        assertEquals(ra.exitCode, rb.exitCode);
        assertEquals(wa.out.toString(StandardCharsets.ISO_8859_1).substring(before), wb.out.toString(StandardCharsets.ISO_8859_1));
    }

    /** The comparison is real: a field left out of a restore is found, by its path. */
    @ParameterizedTest
    @ValueSource(strings = {"uart.ibrd", "gic.priority", "timers.cval", "spmc.nw.mailbox.rxFull", "cpus.osLock", "virtio.queueSel"})
    void aFieldTheRestoreMissedIsReported(String what) throws Exception {
        Watch wa = new Watch("SGI to self");
        Machine a = boot(build("interp", wa));
        assertEquals(StopReason.SNAPSHOT, a.run(2_000_000_000L).reason);
        Path file = tmp.resolve("gic.snap");
        Snapshot.save(a, header(), file);
        Machine b = build("interp", new Watch(null));
        Snapshot.restore(b, header(), Snapshot.read(file));
        perturb(b, what);
        List<String> d = StateComparison.compare(a, b, "machine");
        assertFalse(d.isEmpty(), "a changed " + what + " is found");
        String last = what.substring(what.lastIndexOf('.') + 1);
        assertTrue(d.get(0).contains("." + last), d.toString());
    }

    /**
     * The layout a snapshot records names every saved field of every component with its type and
     * leaves out what is not state; it is the same for both engines (a snapshot moves between
     * them) and for a machine before and after it ran, and changes with the fields.
     */
    @org.junit.jupiter.api.Test
    void theStateLayoutNamesTheSavedFields() throws Exception {
        Machine interp = build("interp", new Watch(null)), jit = build("jit", new Watch("SGI to self"));
        String text = dev.jaffa.interp.snapshot.StateLayout.describe(interp);
        assertTrue(text.contains("dev.jaffa.devices.Pl031 { offset:long; mr:int; imsc:int; ris:int; deadline:long; lineLevel:boolean;}"), text);
        assertTrue(text.contains("dev.jaffa.interp.memory.Ram {") && text.contains("dev.jaffa.spmc.Spmc {"), text);
        assertFalse(text.contains("baseEpochSeconds") || text.contains("jit."), "configuration, wiring and caches are not state:\n" + text);
        assertEquals(Snapshot.layout(interp), Snapshot.layout(jit));
        String before = Snapshot.layout(jit);
        boot(jit).run(2_000_000_000L);
        assertEquals(before, Snapshot.layout(jit), "run-time values do not change the layout");

        class V1 { long a; int b; }
        class V2 { long a; long b; }
        class V3 { long a; int b; @dev.jaffa.interp.snapshot.NotState("a test") int c; }
        assertFalse(dev.jaffa.interp.snapshot.StateLayout.describe(new V1()).replace("V1", "V")
                .equals(dev.jaffa.interp.snapshot.StateLayout.describe(new V2()).replace("V2", "V")), "a retyped field changes the layout");
        assertEquals(dev.jaffa.interp.snapshot.StateLayout.describe(new V1()).replace("V1", "V"),
                dev.jaffa.interp.snapshot.StateLayout.describe(new V3()).replace("V3", "V"), "a field that is not state does not");
    }

    private static void perturb(Machine m, String what) throws ReflectiveOperationException {
        Object o = m;
        String[] parts = what.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            o = field(o, parts[i]);
            if (o.getClass().isArray()) o = java.lang.reflect.Array.get(o, 0);
        }
        java.lang.reflect.Field f = find(o.getClass(), parts[parts.length - 1]);
        f.setAccessible(true);
        Object v = f.get(o);
        if (v instanceof int[]) ((int[]) v)[5] ^= 0x10;
        else if (v instanceof long[]) ((long[]) v)[1] ^= 0x10;
        else if (f.getType() == int.class) f.setInt(o, f.getInt(o) ^ 0x10);
        else if (f.getType() == boolean.class) f.setBoolean(o, !f.getBoolean(o));
        else throw new AssertionError("cannot perturb " + what);
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field f = find(o.getClass(), name);
        f.setAccessible(true);
        return f.get(o);
    }

    private static java.lang.reflect.Field find(Class<?> c, String name) throws NoSuchFieldException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                return k.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

    static byte[] read(Path p) throws IOException { return Files.readAllBytes(p); }
}
