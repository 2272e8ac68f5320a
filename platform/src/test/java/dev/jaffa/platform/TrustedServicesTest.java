package dev.jaffa.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code jaffa ts}'s console watch: it passes the guest's output through untouched and times what it should. */
class TrustedServicesTest {
    private static TrustedServices.ResultWatch feed(ByteArrayOutputStream sink, String text) throws IOException {
        TrustedServices.ResultWatch w = new TrustedServices.ResultWatch(sink);
        w.write(text.getBytes(StandardCharsets.ISO_8859_1), 0, text.length());
        return w;
    }

    @Test
    void notesTheFirstCasesAndTimesBenchmarks() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        String text = "boot\r\nffa_linux_001 x ... ok\r\n# ffa-bench: begin ffa_bench_001 20000\r\n"
                + "# ffa-bench: end ffa_bench_001 20000\r\nits_1001 set ... ok\r\n2 passed, 0 failed\r\n";
        TrustedServices.ResultWatch w = feed(sink, text);
        assertEquals(text, sink.toString(StandardCharsets.ISO_8859_1), "the console is passed through untouched");
        assertTrue(w.firstOkNanos > 0 && w.firstServiceNanos >= w.firstOkNanos && w.lastResultNanos >= w.firstServiceNanos);
        assertTrue(w.benchmarks.toString().startsWith("jaffa ts: ffa_bench_001: 20000 round trips in "), w.benchmarks.toString());
    }

    @Test
    void guestTextCannotBreakIt() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        StringBuilder long_ = new StringBuilder();
        for (int i = 0; i < 5000; i++) long_.append('9');
        String text = "# ffa-bench: begin a 1\n# ffa-bench: end a " + long_ + "\n# ffa-bench: end b 5\n" + long_ + " ... ok\n\0\377\n";
        TrustedServices.ResultWatch w = feed(sink, text);
        assertEquals(text.length(), sink.size());
        assertEquals("", w.benchmarks.toString(), "an absurd count or an end without a begin times nothing");
        assertEquals(0, w.firstServiceNanos);
    }
}
