package dev.jaffa.tests.ffa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code jaffa xtest} as a user runs it: the fvp board with spm-test1..4 and the test logical
 * partition, and the normal-world client running xtest's ffa_spmc cases and the negative ABI
 * cases. Every case must pass, and the bundled partitions must be listed by {@code jaffa sps}.
 */
class XtestTest {
    static final Path HOME = Paths.get("..").toAbsolutePath().normalize();

    static String jaffa(List<String> args, int expectedStatus) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djaffa.home=" + HOME, "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException e) {
                // process gone
            }
        });
        reader.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        reader.join(5000);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(done, "timed out:\n" + text);
        assertEquals(expectedStatus, p.exitValue(), text);
        return text;
    }

    @Test
    void everyXtestCasePasses() throws Exception {
        String out = jaffa(List.of("xtest"), 0);
        for (String c : new String[] {"ffa_spmc_1001", "ffa_spmc_1002", "ffa_spmc_1003", "ffa_spmc_1004", "ffa_spmc_1005", "ffa_spmc_1006"}) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(c) && l.endsWith("... ok")), c + " did not pass:\n" + out);
        }
        Matcher m = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed$").matcher(out);
        assertTrue(m.find(), "no summary line:\n" + out);
        assertEquals("0", m.group(2), out);
        assertTrue(Integer.parseInt(m.group(1)) >= 60, "fewer cases than expected:\n" + out);
    }

    @Test
    void spsListsTheBundledPartitions() throws Exception {
        String out = jaffa(List.of("sps"), 0);
        assertTrue(out.contains("spm-test1    0x8002  5c9edbc3-7b3a-4367-9f83-7c191ae86a37  1.1"), out);
        assertTrue(out.contains("spm-test2    0x8003  7817164c-c40c-4d1a-867a-9bb2278cf41a  1.0"), out);
        assertTrue(out.contains("test-lsp     0x8001  54b5440e-a3d2-48d1-872a-7b6cbfc34855"), out);
    }

    @Test
    void theFfaTraceDecodesCalls() throws Exception {
        String out = jaffa(List.of("xtest", "--trace", "ffa"), 0);
        assertTrue(out.contains("-> FFA_MSG_SEND_DIRECT_REQ_64 0x0000->0x8002"), out.substring(0, Math.min(out.length(), 4000)));
        assertTrue(out.contains("FFA_ERROR INVALID_PARAMETERS"), "error names decoded");
        assertTrue(out.contains("ffa:   share handle=0x"), "descriptor summaries");
    }

    /**
     * A partition that faults at boot (a load through SP_EL0 = 0 in a raw binary) is reported with
     * its name, PC, ESR and FAR and marked dead; the other partitions boot and the normal world
     * runs to completion.
     */
    @Test
    void aFaultingPartitionIsReportedAndThePlatformKeepsRunning(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path image = dir.resolve("crash.bin"), manifest = dir.resolve("crash.dtb");
        java.nio.file.Files.write(image, new byte[] {(byte) 0xE0, 0x03, 0x40, (byte) 0xF9});   // ldr x0, [sp]
        dev.jaffa.format.Fdt f = new dev.jaffa.format.Fdt();
        f.beginNode("");
        f.propertyString("compatible", "arm,ffa-manifest-1.0");
        f.propertyU32("ffa-version", 0x1_0001);
        f.propertyU32("uuid", 1, 2, 3, 4);
        f.propertyU32("execution-state", 0);
        f.propertyU32("messaging-method", 3);
        f.propertyU32("ns-interrupts-action", 2);
        f.propertyU32("boot-order", 0);
        f.endNode();
        java.nio.file.Files.write(manifest, f.finish());
        String out = jaffa(List.of("run", "--sp", image + "," + manifest, "--sp", "spm-test1",
                HOME.resolve("guests/build/hello.elf").toString()), 0);
        assertTrue(out.contains("SP crash (ID 0x8001) faulted at S-EL0 and is now dead"), out);
        assertTrue(out.contains("PC=0x1000000 (image+0x0)") && out.contains("data abort"), out);
        assertTrue(out.contains("spm-test1: id 8002"), "the next partition still boots:\n" + out);
        assertTrue(out.contains("PASS hello"), "the normal world runs:\n" + out);
    }

    @Test
    void aMissingPartitionIsAOneLineUsageError() throws Exception {
        String out = jaffa(List.of("run", "--sp", "no-such-sp", "--machine", "fvp", HOME.resolve("guests/build/xtest.elf").toString()), 2);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("jaffa: --sp no-such-sp: not a bundled SP"), out);
    }
}
