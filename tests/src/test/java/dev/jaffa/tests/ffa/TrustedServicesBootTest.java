package dev.jaffa.tests.ffa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jaffa.interp.StopReason;
import dev.jaffa.monitor.Semihosting;
import dev.jaffa.platform.Board;
import dev.jaffa.platform.Machine;
import dev.jaffa.platform.RunResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Trusted Services v1.2.0 partitions of {@code ../shared/ts} (see its README) boot on the
 * fvp board to their first FFA_MSG_WAIT, each alone (attestation and smm-gateway need the services
 * they look up at boot, so they come with them), and the service partitions all together in the
 * set OP-TEE's FVP build loads, in boot order; with no fault and no warning from Jaffa. Skipped,
 * with a message, where the fixtures are absent.
 */
class TrustedServicesBootTest {
    static final Path TS = Paths.get(System.getProperty("jaffa.ts", Paths.get("..", "..", "shared", "ts").toString()))
            .toAbsolutePath().normalize();
    /** The set OP-TEE's FVP build loads (its boot order is the manifests'). */
    static final List<String> FVP_SET = List.of("block-storage", "internal-trusted-storage", "protected-storage", "crypto",
            "attestation", "smm-gateway", "fwu");

    @TempDir Path tmp;

    static void assumeFixtures() {
        assumeTrue(Files.isRegularFile(TS.resolve("README.md")),
                "the real Trusted Services partitions are not at " + TS + " (set -Djaffa.ts=DIR): skipped");
    }

    /** The image of a fixture folder ({@code <uuid>.stripped.elf}); its manifest is the .dtb of the same UUID. */
    static Path image(String folder) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(TS.resolve(folder))) {
            return s.filter(p -> p.toString().endsWith(".stripped.elf")).findFirst()
                    .orElseThrow(() -> new IOException("no image in " + folder));
        }
    }

    /** The manifest beside an image: {@code <uuid>.dtb} for TS's {@code <uuid>.stripped.elf}, {@code x.dtb} for {@code x.elf}. */
    static Path manifestOf(Path image) {
        String n = image.toString();
        return Paths.get(n.substring(0, n.length() - (n.endsWith(".stripped.elf") ? ".stripped.elf" : ".elf").length()) + ".dtb");
    }

    /** Instruction words as little-endian bytes (a tiny normal world). */
    static byte[] words(int... insns) {
        byte[] code = new byte[4 * insns.length];
        for (int i = 0; i < insns.length; i++) {
            for (int k = 0; k < 4; k++) code[4 * i + k] = (byte) (insns[i] >>> 8 * k);
        }
        return code;
    }

    /** What one boot showed. */
    static final class Boot {
        RunResult result;
        String console, stderr;
        /** Name and state of every partition, in load order. */
        final List<String> states = new ArrayList<>();
    }

    /**
     * Loads the folders' partitions on fvp, boots them, then runs a normal world that only powers
     * the machine off (PSCI SYSTEM_OFF): it runs once every partition has called FFA_MSG_WAIT.
     */
    Boot boot(List<String> folders, Path semihostingRoot) throws Exception {
        List<Path> images = new ArrayList<>();
        for (String f : folders) images.add(image(f));
        // mov w0, #8; movk w0, #0x8400, lsl #16; smc #0
        return boot(images, semihostingRoot, words(0x52800100, 0x72B08000, 0xD4000003), 500_000_000L);
    }

    /** Loads the images' partitions (each with its manifest, see {@link #manifestOf}), then runs the normal world {@code code}. */
    Boot boot(List<Path> images, Path semihostingRoot, byte[] code, long maxInsns) throws Exception {
        Machine.Config cfg = new Machine.Config();
        cfg.board = Board.FVP;
        cfg.ramSize = 64L << 20;
        cfg.engine = dev.jaffa.interp.Interpreter.ENGINE;
        ByteArrayOutputStream console = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        cfg.console = new PrintStream(console, true);
        Semihosting sh = new Semihosting(semihostingRoot, new ByteArrayInputStream(new byte[0]), console, err);
        cfg.semihosting = sh;
        PrintStream oldErr = System.err;
        Boot b = new Boot();
        try {
            System.setErr(new PrintStream(err, true));   // where the SPMC reports faults
            Machine m = new Machine(cfg);
            for (Path image : images) {
                m.spmc.addPartition(image.getFileName().toString(), Files.readAllBytes(image), Files.readAllBytes(manifestOf(image)),
                        image.toString());
            }
            assertTrue(m.bus.load(m.board.ramBase, code, 0, code.length));
            m.start(m.board.ramBase, 1, 0);
            m.bootSecureWorld();
            b.result = m.run(maxInsns);
            sh.flush();
            for (String[] row : m.spmc.describe()) b.states.add(row[0] + "=" + m.spmc.state(Integer.decode(row[1])));
        } finally {
            System.setErr(oldErr);
        }
        b.console = console.toString(StandardCharsets.UTF_8);
        b.stderr = err.toString(StandardCharsets.UTF_8);
        return b;
    }

    static void assertBootedCleanly(Boot b, String what) {
        String all = "console:\n" + b.console + "\nstderr:\n" + b.stderr + "\npartitions: " + b.states;
        assertEquals(StopReason.GUEST_EXIT, b.result.reason, what + ": the normal world never ran (a partition did not reach FFA_MSG_WAIT)\n" + all);
        assertEquals(0, b.result.exitCode, all);
        assertFalse(b.states.isEmpty());
        for (String s : b.states) assertTrue(s.endsWith("=IDLE"), what + ": " + s + " is not waiting for messages\n" + all);
        assertFalse((b.console + b.stderr).contains("jaffa:"), what + ": Jaffa reported something\n" + all);
    }

    /** Jaffa's own suite, {@code jaffa xtest}, with the real spm-test1..4 instead of the bundled ones. */
    @Test
    void jaffaXtestPassesWithTheRealSpmTests() throws Exception {
        assumeFixtures();
        List<String> args = new ArrayList<>(List.of("xtest", "--sp", "test-lsp"));
        for (int i = 1; i <= 4; i++) {
            Path image = image("spm-test" + i);
            args.add("--sp");
            args.add(image + "," + manifestOf(image));
        }
        String out = XtestTest.jaffa(args, 0);
        assertTrue(out.contains("ffa_abi_023 DIRECT_REQ_32 to the LSP is answered with DIRECT_RESP_32 ... ok"), out);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(\\d+) passed, 0 failed$").matcher(out);
        assertTrue(m.find() && Integer.parseInt(m.group(1)) >= 60, out);
    }

    /**
     * The bundled spm-test answers as TS's does: DIRECT_RESP_64 even to a DIRECT_REQ_32, which the
     * SPMC refuses, and then the same answer again, forever; Jaffa stops with the stuck-partition
     * report instead of hanging. The same normal world against the real spm-test1 behaves alike.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bundled", "real"})
    void aThirtyTwoBitRequestToSpmTestIsAnsweredWithRespSixtyFourAndRefused(String which) throws Exception {
        Path image;
        if (which.equals("real")) {
            assumeFixtures();
            image = image("spm-test1");
        } else {
            image = XtestTest.HOME.resolve("guests/build/sp/spm-test1.elf");
        }
        // w0 = FFA_MSG_SEND_DIRECT_REQ_32, w1 = 0 -> 0x8001, x2 = 0, w3 = EP_SP_NOP (11); smc #0; b .
        Boot b = boot(List.of(image), null, words(0x52800DE0, 0x72B08000, 0x52900021, 0xD2800002, 0x52800163, 0xD4000003,
                0x14000000), 200_000_000L);
        String all = b.console + b.stderr + b.result.message;
        assertEquals(StopReason.EXCEPTION_LOOP, b.result.reason, all);
        assertTrue(all.contains("FFA_MSG_SEND_DIRECT_RESP_64 0x8001->0x0000") && all.contains("-> INVALID_PARAMETERS; it cannot make progress"), all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"block-storage", "internal-trusted-storage", "protected-storage", "crypto", "spm-test1", "spm-test2",
        "spm-test3", "spm-test4"})
    void eachPartitionBootsAlone(String folder) throws Exception {
        assumeFixtures();
        Boot b = boot(List.of(folder), null);
        assertBootedCleanly(b, folder);
        assertEquals(1, b.states.size());
    }

    @Test
    void attestationAndSmmGatewayBootWithTheServicesTheyLookUpAtBoot() throws Exception {
        assumeFixtures();
        assertBootedCleanly(boot(List.of("crypto", "attestation"), null), "attestation with crypto");
        Boot b = boot(List.of("protected-storage", "crypto", "smm-gateway"), null);
        assertBootedCleanly(b, "smm-gateway with PS and crypto");
        assertTrue(b.states.contains("SMM Gateway=IDLE"), "named after the manifest's description: " + b.states);
    }

    /**
     * Attestation without crypto prints "Failed to locate crypto service" and then spins, calling
     * nothing: the run names it, where it is and what it last called, at the instruction limit
     * (exit status 4), and without a limit once the boot watchdog's bound has passed (status 3).
     */
    @Test
    void attestationAloneLoopsAtBootAndIsNamed() throws Exception {
        assumeFixtures();
        Boot b = boot(List.of(image("attestation")), null, words(0x52800100, 0x72B08000, 0xD4000003), 50_000_000L);
        String all = b.console + b.stderr + b.result.message;
        assertEquals(StopReason.INSN_LIMIT, b.result.reason, all);
        assertTrue(b.console.contains("Failed to locate crypto service"), all);
        assertTrue(b.result.message.matches("instruction limit of 50000000 reached; SP Attestation \\(ID 0x8001\\) never reached "
                + "its first FFA_MSG_WAIT: \\d+ instructions since the last FF-A call \\(FFA_CONSOLE_LOG_64 by it\\); "
                + "it is at PC 0x[0-9a-f]+ \\(image\\+0x[0-9a-f]+\\)"), all);

        Path image = image("attestation");
        String out = XtestTest.jaffa(List.of("run", "--sp", image + "," + manifestOf(image),
                XtestTest.HOME.resolve("guests/build/hello.elf").toString()), 3);
        assertTrue(out.contains("jaffa: guest stopped: SP Attestation (ID 0x8001) never reached its first FFA_MSG_WAIT: "), out);
        assertTrue(out.contains("; it is stuck\n") && out.contains(" EL0t ") && out.contains("  nop\n"), "PC, EL and the loop\n" + out);
        assertFalse(out.contains("PASS hello"), out);
    }

    @Test
    void fwuKeepsItsFlashInASemihostingFile() throws Exception {
        assumeFixtures();
        Path root = Files.createDirectory(tmp.resolve("root"));
        assertBootedCleanly(boot(List.of("fwu"), root), "fwu");
        assertTrue(Files.isRegularFile(root.resolve("secure-flash.img")), "fwu created its flash file in the semihosting root");
    }

    @Test
    void theFvpSetBootsTogetherInBootOrder() throws Exception {
        assumeFixtures();
        Path root = Files.createDirectory(tmp.resolve("root"));
        List<String> reversed = new ArrayList<>(FVP_SET);
        java.util.Collections.reverse(reversed);   // load order is not boot order
        Boot b = boot(reversed, root);
        assertBootedCleanly(b, "the FVP set");
        assertEquals(7, b.states.size());
        // Boot order shows in the console: each partition's first line comes after the previous one's.
        int last = -1;
        for (String tag : new String[] {"E/BLOCK:", "E/ITS:", "E/PS:", "E/CRYPTO:", "E/ATT:", "FWU:", "E/SMMGW:"}) {
            int at = b.console.indexOf(tag);
            assertTrue(at > last, tag + " out of boot order:\n" + b.console);
            last = at;
        }
    }

    @Test
    void everyPartitionOfTheFixturesBootsTogether() throws Exception {
        assumeFixtures();
        List<String> all = new ArrayList<>(FVP_SET);
        all.addAll(List.of("spm-test1", "spm-test2", "spm-test3", "spm-test4"));   // spm-test1's fixed region after the others
        assertBootedCleanly(boot(all, Files.createDirectory(tmp.resolve("root"))), "all eleven");
    }

    /** As a user runs it: {@code jaffa run --sp-dir} on a TS install tree whose manifests are .dts (compiled with dtc). */
    @Test
    void spDirLoadsATsInstallTree() throws Exception {
        assumeFixtures();
        assumeTrue(new ProcessBuilder("dtc", "--version").start().waitFor() == 0, "dtc is not installed: skipped");
        Path tree = tmp.resolve("install/opteesp"), root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(tree.resolve("bin"));
        Files.createDirectories(tree.resolve("manifest"));
        for (String f : FVP_SET) {
            Path image = image(f);
            Files.copy(image, tree.resolve("bin").resolve(image.getFileName()));
            Path dts = Paths.get(image.toString().replace(".stripped.elf", ".dts"));
            Files.copy(dts, tree.resolve("manifest").resolve(dts.getFileName()));
        }
        String out = XtestTest.jaffa(List.of("run", "--sp-dir", tmp.resolve("install").toString(), "--semihosting-root", root.toString(),
                "--trace", "ffa", XtestTest.HOME.resolve("guests/build/hello.elf").toString()), 0);
        List<String> waits = new ArrayList<>();
        java.util.regex.Matcher w = java.util.regex.Pattern.compile("(?m)^ffa: cpu0 (.+?) +-> FFA_MSG_WAIT ").matcher(out);
        while (w.find()) waits.add(w.group(1));
        assertEquals(List.of("BlockStorage", "ITS", "PS", "Crypto", "Attestation", "FWU", "SMM Gateway"), waits.subList(0, 7), out);
        assertTrue(out.contains("PASS hello"), out);
        assertFalse(out.contains("jaffa:"), out);
    }
}
