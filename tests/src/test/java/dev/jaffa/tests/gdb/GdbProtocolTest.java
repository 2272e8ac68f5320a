package dev.jaffa.tests.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The stub's protocol over a raw socket, no gdb: malformed packets, wrong checksums, oversized and
 * truncated packets get NAKs or error replies and never disturb the guest; a client that vanishes
 * mid-session leaves the guest running; a second client can connect, stop it, Ctrl-C it and detach.
 * And the command-line checks of {@code --gdb}.
 */
class GdbProtocolTest {
    static final long TIMEOUT_S = 60;

    /** A raw client: writes bytes, reads acks and packets. */
    static final class Client implements AutoCloseable {
        final Socket s;
        final InputStream in;
        final OutputStream out;

        Client(int port) throws IOException {
            s = new Socket("127.0.0.1", port);
            s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        void raw(String bytes) throws IOException {
            out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        static String frame(String payload) {
            int sum = 0;
            for (char c : payload.toCharArray()) sum += c;
            return "$" + payload + "#" + String.format("%02x", sum & 0xFF);
        }

        /** Sends a well-formed packet and returns its reply (after the '+' ack). */
        String ask(String payload) throws IOException {
            raw(frame(payload));
            assertEquals('+', in.read(), "ack of " + payload);
            return packet();
        }

        /** The next packet's payload (acks before it are skipped), acknowledged. */
        String packet() throws IOException {
            int b;
            while ((b = in.read()) != '$') {
                if (b < 0) throw new IOException("connection closed");
            }
            StringBuilder p = new StringBuilder();
            while ((b = in.read()) != '#') {
                if (b < 0) throw new IOException("connection closed");
                p.append((char) b);
            }
            int sum = Integer.parseInt("" + (char) in.read() + (char) in.read(), 16);
            int mine = 0;
            for (char c : p.toString().toCharArray()) mine += c;
            assertEquals(mine & 0xFF, sum, "checksum of the stub's packet " + p);
            raw("+");
            return p.toString();
        }

        /** c: continues, and returns the stop reply once the guest stops. */
        String resume() throws IOException {
            raw(frame("c"));
            assertEquals('+', in.read(), "ack of c");
            return packet();
        }

        /** Output of a monitor command (the O packets before OK). */
        String monitor(String cmd) throws IOException {
            StringBuilder hex = new StringBuilder();
            for (byte b : cmd.getBytes(StandardCharsets.US_ASCII)) hex.append(String.format("%02x", b));
            StringBuilder text = new StringBuilder();
            String r = ask("qRcmd," + hex);
            while (r.startsWith("O") && !r.equals("OK")) {
                for (int i = 1; i + 1 < r.length(); i += 2) text.append((char) Integer.parseInt(r.substring(i, i + 2), 16));
                r = packet();
            }
            assertEquals("OK", r);
            return text.toString();
        }

        @Override
        public void close() throws IOException { s.close(); }
    }

    static Map<String, Long> symbols(Path elf) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("aarch64-linux-gnu-nm", elf.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        p.waitFor();
        Map<String, Long> m = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) m.put(f[2], Long.parseUnsignedLong(f[0], 16));
        }
        return m;
    }

    static String le64(long v) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) s.append(String.format("%02x", v >>> 8 * i & 0xFF));
        return s.toString();
    }

    static long parseLe(String hex) {
        long v = 0;
        for (int i = hex.length() / 2 - 1; i >= 0; i--) v = v << 8 | Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        return v;
    }

    @Test
    void malformedInputAndDisconnectsNeverStopTheGuest() throws Exception {
        Path elf = GdbTest.guest("gdbtarget.elf");
        Map<String, Long> sym = symbols(elf);
        long main = sym.get("main"), spin = sym.get("spin"), release = sym.get("release"), spins = sym.get("spins");
        assertTrue(sym.containsKey("__vectors"), "the runtime's vector table symbol");
        GdbTest.Jaffa j = GdbTest.Jaffa.start("--machine", "virt", "--gdb", "0", "-S", elf.toString());
        try (Client a = new Client(j.port)) {
            a.raw("garbage\r\n+++");
            a.raw("$?#00");                                   // wrong checksum
            assertEquals('-', a.in.read(), "a bad checksum is NAKed");
            a.raw("$?#zz");                                   // not a checksum at all
            assertEquals('-', a.in.read());
            assertEquals("T05thread:1;", a.ask("?"), "held at the first instruction");
            a.raw("$g$?#3f");                                 // a packet cut short by the next one
            assertEquals('+', a.in.read());
            assertEquals("T05thread:1;", a.packet());
            a.raw("$" + "m".repeat(70_000) + "#00");          // oversized
            assertEquals('-', a.in.read());
            assertEquals("E01", a.ask("m4010zz,4"), "bad hex");
            assertEquals("E01", a.ask("m40100000"), "missing length");
            assertEquals("E01", a.ask("M40100000,2:zz"), "bad data");
            assertEquals("E01", a.ask("M40100000,4:00"), "data shorter than the length");
            assertEquals("E01", a.ask("Z0,zz,4"));
            assertEquals("E01", a.ask("P20=12"), "a register value of the wrong size");
            assertEquals("E45", a.ask("p99"), "no register 0x99");
            assertEquals("E22", a.ask("Hg9"), "no thread 9");
            assertEquals("", a.ask("qNoSuchThing"), "unknown packets get the empty reply");
            assertEquals("", a.ask("vMustReplyEmpty"));
            assertTrue(a.ask("qSupported:multiprocess+;xmlRegisters=i386").contains("qXfer:features:read+"));
            String xml = a.ask("qXfer:features:read:target.xml:0,ffff");
            assertTrue(xml.startsWith("l<?xml") && xml.contains("org.gnu.gdb.aarch64.core") && xml.contains("org.gnu.gdb.aarch64.fpu")
                    && xml.contains("<reg name=\"fpcr\""), xml);
            assertEquals("E14", a.ask("m10000000000,8"), "unmapped physical memory is an error reply");
            assertEquals("E14", a.ask("mffff000000000000,8"), "beyond the PA size with the MMU off");
            assertEquals("0000104000000000", a.ask("p20"), "pc at the entry point");
            // Registers come from ArchState's debugger view: cpsr (0x21) only takes a PSTATE the PE
            // can be in, fpsr (0x42) keeps its defined bits, a V register (0x22 = v0) is 128 bits.
            String all = a.ask("g");
            assertEquals("E01", a.ask("P21=d5030000"), "AArch32 (M[4] = 1)");
            assertEquals("E01", a.ask("P21=cd030000"), "EL3");
            assertEquals("OK", a.ask("P42=ffffffff"));
            assertEquals("9f0000f8", a.ask("p42"), "FPSR: IOC..IDC, QC, V, C, Z, N");
            String v0 = "0123456789abcdeffedcba9876543210";
            assertEquals("OK", a.ask("P22=" + v0));
            assertEquals(v0, a.ask("p22"));
            assertEquals("OK", a.ask("G" + all));
            assertEquals(all, a.ask("g"));
            assertEquals("m1", a.ask("qfThreadInfo"));
            assertEquals("l", a.ask("qsThreadInfo"));
            String phys = a.monitor("phys 0x40100000 16");
            assertTrue(phys.startsWith("000040100000 NS "), phys);
            assertTrue(a.monitor("bogus").startsWith("unknown monitor command"));
            // Run to main() (the C runtime has cleared .bss by then), make the guest spin, and vanish.
            assertEquals("OK", a.ask(String.format("Z0,%x,4", main)));
            a.raw(Client.frame("c"));
            assertEquals('+', a.in.read());
            assertEquals("T05thread:1;", a.packet());
            assertEquals(le64(main), a.ask("p20"));
            assertEquals("OK", a.ask(String.format("M%x,4:01000000", spin)));
            a.raw("$m4010");                                  // and disconnect in the middle of a packet
        }
        // The first client's breakpoint went with it: the guest spins on. A second client stops it.
        Thread.sleep(300);
        try (Client b = new Client(j.port)) {
            assertTrue(b.ask("?").startsWith("T05thread:1;"), "a connecting debugger stops the guest");
            long before = parseLe(b.ask(String.format("m%x,8", spins)));
            assertTrue(before > 0, "the guest ran after the first client went away");
            b.raw(Client.frame("vCont;c"));
            assertEquals('+', b.in.read());
            Thread.sleep(300);
            b.raw("\u0003");                                  // Ctrl-C
            assertEquals("T02thread:1;", b.packet());
            long after = parseLe(b.ask(String.format("m%x,8", spins)));
            assertTrue(after > before, "the guest ran until Ctrl-C: " + before + " -> " + after);
            // One step moves the PC by one instruction inside the spin loop.
            long pc = parseLe(b.ask("p20"));
            b.raw(Client.frame("vCont;s:1"));
            assertEquals('+', b.in.read());
            assertEquals("T05thread:1;", b.packet());
            long stepped = parseLe(b.ask("p20"));
            assertTrue(stepped != pc && Math.abs(stepped - pc) < 0x40, "step from " + Long.toHexString(pc) + " to " + Long.toHexString(stepped));
            // A step across an exception: from a misaligned PC, one step lands on the current-EL
            // synchronous vector with ESR_EL1 saying PC alignment (EC 0x22); then put things back.
            String saved = b.ask("g");
            assertEquals("OK", b.ask("P20=" + le64(stepped | 2)));
            b.raw(Client.frame("vCont;s:1"));
            assertEquals('+', b.in.read());
            assertEquals("T05thread:1;", b.packet());
            assertEquals(sym.get("__vectors") + 0x200, parseLe(b.ask("p20")), "at VBAR_EL1 + 0x200");
            assertTrue(b.monitor("sysreg esr_el1").startsWith("esr_el1 = 0x000000008a000000"), "EC 0x22, IL");
            assertEquals("OK", b.ask("G" + saved));
            assertEquals(stepped, parseLe(b.ask("p20")));
            assertEquals("OK", b.ask(String.format("M%x,4:01000000", release)));
            assertEquals("OK", b.ask("D"));
        }
        j.waitFor();
        assertEquals(0, j.exit, j::describe);
        assertTrue(j.stdout().contains("PASS gdbtarget"), j::describe);
    }

    /**
     * Breakpoints keep the JIT: with a breakpoint set that is never hit, the guest's hot loop still
     * runs translated (before, any breakpoint put every CPU in the checking interpreter); and a
     * breakpoint inserted inside a loop that is already translated stops the CPU exactly before
     * that instruction, on the loop's next round.
     */
    @Test
    void breakpointsInsideTranslatedCode() throws Exception {
        Path elf = GdbTest.guest("gdbtarget.elf");
        Map<String, Long> sym = symbols(elf);
        long tick = sym.get("tick"), halfway = sym.get("halfway"), never = sym.get("never");
        GdbTest.Jaffa j = GdbTest.Jaffa.start("--machine", "virt", "--engine", "jit", "--stats", "--gdb", "0", "-S", elf.toString());
        try (Client a = new Client(j.port)) {
            assertEquals("T05thread:1;", a.ask("?"));
            assertEquals("OK", a.ask(String.format("Z0,%x,4", never)));
            assertEquals("OK", a.ask(String.format("Z0,%x,4", halfway)));
            assertEquals("T05thread:1;", a.resume(), "stops at halfway()");
            assertEquals(le64(halfway), a.ask("p20"));
            // hot()'s loop has run a million rounds by now. Break in tick(), which that loop calls
            // every round: the next call stops, with round HOT_ROUNDS / 2 + 1 as its argument.
            assertEquals("OK", a.ask(String.format("z0,%x,4", halfway)));
            assertEquals("OK", a.ask(String.format("Z0,%x,4", tick)));
            assertEquals("T05thread:1;", a.resume(), "stops at tick()");
            assertEquals(le64(tick), a.ask("p20"));
            assertEquals(le64(1_000_001), a.ask("p0"), "tick's first argument: the round after halfway");
            assertEquals("OK", a.ask(String.format("z0,%x,4", tick)));
            assertEquals("W00", a.resume(), "runs to its end with never()'s breakpoint still set");
        }
        j.waitFor();
        assertEquals(0, j.exit, j::describe);
        assertTrue(j.stdout().contains("hot de3b1954b8b3dc9f") && j.stdout().contains("PASS gdbtarget"), j::describe);
        // Of all guest instructions, those run by translations (--stats).
        String err = j.describe();
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("jaffa: (\\d+) guest instructions").matcher(err);
        java.util.regex.Matcher jit = java.util.regex.Pattern.compile("in first translations (\\d+) / in hot translations (\\d+)").matcher(err);
        assertTrue(total.find() && jit.find(), err);
        double translated = (Double.parseDouble(jit.group(1)) + Double.parseDouble(jit.group(2))) / Double.parseDouble(total.group(1));
        assertTrue(translated > 0.5, () -> "the hot loop ran translated while breakpoints were set: " + translated + "\n" + err);
    }

    @Test
    void badGdbOptionsAreUsageErrors() throws Exception {
        Path elf = GdbTest.guest("gdbtarget.elf");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            List<List<String>> bad = List.of(
                    List.of("--gdb", "abc"), List.of("--gdb", "70000"), List.of("--gdb", "host:"), List.of("-S"),
                    List.of("--gdb", "1234", "-s"), List.of("--gdb", "127.0.0.1:" + taken.getLocalPort()));
            for (List<String> opts : bad) {
                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), "dev.jaffa.platform.Main", "run", "--machine", "virt"));
                cmd.addAll(opts);
                cmd.add(elf.toString());
                Process p = new ProcessBuilder(cmd).start();
                p.getOutputStream().close();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS));
                assertEquals(2, p.exitValue(), opts + ": " + err);
                assertTrue(err.startsWith("jaffa: ") && err.indexOf('\n') == err.length() - 1, opts + ": one line expected: " + err);
            }
        }
    }
}
