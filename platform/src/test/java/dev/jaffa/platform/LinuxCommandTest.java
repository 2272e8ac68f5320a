package dev.jaffa.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of {@code jaffa linux} that do not need a guest: the command archive and the status line. */
class LinuxCommandTest {
    private static String filtered(ExitStatusFilter f, ByteArrayOutputStream sink, String guestOutput) throws IOException {
        for (byte b : guestOutput.getBytes(StandardCharsets.US_ASCII)) f.write(b);
        return sink.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void statusLineIsSwallowedAndRecorded() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ExitStatusFilter f = new ExitStatusFilter(sink);
        String out = filtered(f, sink, "Linux jaffa 6.1\r\njaffa-linux-exit-status=42\r\n[ 1.0] reboot: Power down\r\n");
        assertEquals("Linux jaffa 6.1\r\n[ 1.0] reboot: Power down\r\n", out);
        assertEquals(42, f.status());
    }

    @Test
    void lookalikeLinesPassThroughUnchanged() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ExitStatusFilter f = new ExitStatusFilter(sink);
        String text = "jaffa-linux-exit-status=\njaffa-linux-exit-status=12345\nx jaffa-linux-exit-status=3\n"
                + "jaffa-linux-exit-status=7x\njaffa-linux\n";
        assertEquals(text, filtered(f, sink, text));
        assertEquals(-1, f.status());
    }

    @Test
    void outputIsNotHeldBackWithinALine() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ExitStatusFilter f = new ExitStatusFilter(sink);
        assertEquals("$ ", filtered(f, sink, "$ "));
        assertEquals(-1, f.status());
    }

    @Test
    void cpioArchiveIsReadByCpio(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("sh", "-c", "command -v cpio").start().waitFor() == 0, "cpio is not installed");
        byte[] data = "uname -a\n".getBytes(StandardCharsets.UTF_8);
        Path archive = dir.resolve("a.cpio");
        Files.write(archive, new Cpio().directory("jaffa", 0755).file("jaffa/command", 0644, data).finish());
        Process p = new ProcessBuilder("cpio", "-id", "--quiet", "-F", archive.toString()).directory(dir.toFile()).start();
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("jaffa/command")));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("jaffa/command"))));
    }
}
