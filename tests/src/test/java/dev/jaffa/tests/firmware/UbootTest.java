package dev.jaffa.tests.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Debian's U-Boot for QEMU's virt board (package u-boot-qemu) boots on {@code --machine virt} from
 * flash, reaches its prompt, runs commands typed on the PL011 and powers the machine off through
 * PSCI. Run as a separate process, as a user would, with the commands piped into stdin.
 */
class UbootTest {
    static final Path UBOOT = Paths.get(System.getProperty("jaffa.uboot", "/usr/lib/u-boot/qemu_arm64/u-boot.bin"));

    @Test
    void ubootReachesItsPromptRunsCommandsAndPowersOff() throws Exception {
        assertTrue(Files.isRegularFile(UBOOT), UBOOT + " is missing: install Debian's u-boot-qemu (scripts/ensure-tools.sh does)");
        String out = run(List.of("--machine", "virt"), "\nversion\nbdinfo\npoweroff\n");
        assertTrue(out.contains("U-Boot 20"), out);
        assertTrue(out.contains("DRAM:  512 MiB"), out);
        assertTrue(out.contains("In:    pl011@9000000"), out);
        assertTrue(out.contains("=> version"), "the prompt echoes typed commands:\n" + out);
        assertTrue(out.contains("aarch64-linux-gnu-gcc"), out);
        assertTrue(out.contains("poweroff ..."), out);
    }

    @Test
    void ubootAlsoBootsAtEl2() throws Exception {
        String out = run(List.of("--machine", "virt", "--entry-el", "2", "--smp", "2"), "\npoweroff\n");
        assertTrue(out.contains("=> poweroff"), out);
    }

    private static String run(List<String> args, String input) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "run",
                "--bios", UBOOT.toString(), "--max-insns", "2000000000"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.US_ASCII));
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), buf));
        reader.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        reader.join(5000);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(done, "U-Boot run timed out:\n" + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // the process went away; what we have is what there is
        }
    }
}
