package dev.jaffa.monitor;

import static dev.jaffa.format.LinuxErrno.*;
import static dev.jaffa.monitor.Semihosting.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.memory.SystemBus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SemihostingTest {
    static final long RAM = 0x4000_0000L, RAM_SIZE = 0x10_0000L;
    static final long BLOCK = RAM + 0x1000, STR = RAM + 0x2000, STR2 = RAM + 0x3000, BUF = RAM + 0x8000;
    /** An address that is not RAM (nor a device). */
    static final long BAD = 0x1000;

    @TempDir Path tmp;
    Path root;
    SystemBus bus;
    Cpu cpu;
    ByteArrayOutputStream out, err;
    Semihosting sh;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        bus = new SystemBus();
        bus.addRam(RAM, RAM_SIZE);
        cpu = new Cpu(0, bus);
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        sh = new Semihosting(root, new ByteArrayInputStream("hello\nworld".getBytes(StandardCharsets.US_ASCII)), out, err);
    }

    long call(int op, long arg) {
        cpu.x[0] = op;
        cpu.x[1] = arg;
        long pc = cpu.pc = 0x4000_0104L;
        assertTrue(sh.hlt(cpu, 0xF000));
        assertEquals(pc, cpu.pc, "semihosting must not redirect the PE");
        return cpu.x[0];
    }

    long errno() { return call(SYS_ERRNO, 0); }

    long block(long... fields) {
        for (int i = 0; i < fields.length; i++) cpu.mem.write64(BLOCK + 8L * i, fields[i]);
        return BLOCK;
    }

    long str(long at, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) cpu.mem.write8(at + i, b[i]);
        cpu.mem.write8(at + b.length, 0);
        return at;
    }

    String guestString(long at, int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) b[i] = (byte) cpu.mem.read8(at + i);
        return new String(b, StandardCharsets.UTF_8);
    }

    long open(String name, int mode) {
        return call(SYS_OPEN, block(str(STR, name), mode, name.getBytes(StandardCharsets.UTF_8).length));
    }

    long write(long h, String s) {
        str(BUF, s);
        return call(SYS_WRITE, block(h, BUF, s.length()));
    }

    long read(long h, long len) { return call(SYS_READ, block(h, BUF, len)); }

    String outText() { return out.toString(StandardCharsets.UTF_8); }

    // ---- trap claiming --------------------------------------------------------------------------

    @Test
    void onlyHltF000IsClaimed() {
        cpu.x[0] = SYS_TICKFREQ;
        assertFalse(sh.hlt(cpu, 0));
        assertFalse(sh.hlt(cpu, 0xF001));
        assertFalse(sh.hlt(cpu, 0x3C));
        assertEquals(SYS_TICKFREQ, cpu.x[0], "unclaimed traps leave registers alone");
        assertFalse(sh.smc(cpu, 0xF000));
    }

    @Test
    void el0RefusedUnlessAllowed() {
        cpu.el = 0;
        cpu.x[0] = SYS_TICKFREQ;
        assertFalse(sh.hlt(cpu, 0xF000));
        sh.setAllowFromEl0(true);
        assertTrue(sh.hlt(cpu, 0xF000));
        assertEquals(DEFAULT_TICK_FREQUENCY, cpu.x[0]);
    }

    @Test
    void callIsUsableWithoutHlt() {
        cpu.x[0] = SYS_TICKFREQ;
        assertTrue(sh.call(cpu));
        assertEquals(100_000_000L, cpu.x[0]);
    }

    // ---- console --------------------------------------------------------------------------------

    @Test
    void writecAndWrite0GoToStdoutFlushedAtNewline() {
        cpu.mem.write8(STR, 'A');
        assertEquals(0, call(SYS_WRITEC, STR));
        assertEquals("", outText(), "buffered until a newline");
        str(STR, "bc\nde");
        assertEquals(0, call(SYS_WRITE0, STR));
        assertEquals("Abc\nde", outText(), "a newline flushes everything written so far");
        sh.flush();
        assertEquals("Abc\nde", outText());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void write0AcrossPageBoundary() {
        long at = RAM + 0x4FFE;
        str(at, "xyz\n");
        assertEquals(0, call(SYS_WRITE0, at));
        assertEquals("xyz\n", outText());
    }

    @Test
    void write0RunningOffRamPrintsNothing() {
        long end = RAM + RAM_SIZE - 3;
        for (int i = 0; i < 3; i++) cpu.mem.write8(end + i, 'q');
        assertEquals(-1L, call(SYS_WRITE0, end));
        assertEquals(EFAULT, errno());
        sh.flush();
        assertEquals("", outText());
    }

    @Test
    void ttOpensStdinStdoutStderr() {
        long hin = open(":tt", 0), hout = open(":tt", 4), herr = open(":tt", 8);
        assertTrue(hin >= 3 && hout >= 3 && herr >= 3);
        assertNotEquals(hin, hout);
        assertNotEquals(hout, herr);
        assertNotEquals(hin, herr);
        for (long h : new long[] {hin, hout, herr}) assertEquals(1, call(SYS_ISTTY, block(h)));

        assertEquals(0, write(hout, "out\n"));
        assertEquals(0, write(herr, "err\n"));
        assertEquals("out\n", outText());
        assertEquals("err\n", err.toString(StandardCharsets.UTF_8));

        // A console read returns what is available, here the whole input (no line discipline).
        assertEquals(100 - 11, read(hin, 100));
        assertEquals("hello\nworld", guestString(BUF, 11));
        assertEquals(100, read(hin, 100), "EOF: nothing read");
        assertEquals(-1L, write(hin, "x"), "stdin is not writable");
        assertEquals(EBADF, errno());
        assertEquals(-1L, read(hout, 4), "stdout is not readable");
        assertEquals(EBADF, errno());
        assertEquals(0, call(SYS_CLOSE, block(hout)));
    }

    @Test
    void stderrWriteFlushesPendingStdoutFirst() {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        sh = new Semihosting(null, new ByteArrayInputStream(new byte[0]), both, both);
        long herr = open(":tt", 9);
        str(STR2, "prompt> ");
        assertEquals(0, call(SYS_WRITE0, STR2));
        assertEquals(0, write(herr, "oops"));
        assertEquals("prompt> oops", both.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readcReturnsBytesThenMinusOne() {
        for (char c : "hello\nworld".toCharArray()) assertEquals(c, call(SYS_READC, 0));
        assertEquals(-1L, call(SYS_READC, 0));
    }

    @Test
    void readcFlushesPrompt() {
        cpu.mem.write8(STR, '?');
        call(SYS_WRITEC, STR);
        assertEquals("", outText());
        call(SYS_READC, 0);
        assertEquals("?", outText());
    }

    // ---- files ----------------------------------------------------------------------------------

    @Test
    void fileRoundTrip() throws IOException {
        long h = open("f.txt", 6); // w+
        assertTrue(h >= 3, "handle " + h);
        assertEquals(0, call(SYS_ISTTY, block(h)));
        assertEquals(0, write(h, "hello world"));
        assertEquals(11, call(SYS_FLEN, block(h)));
        assertEquals(0, call(SYS_SEEK, block(h, 6)));
        assertEquals(0, read(h, 5));
        assertEquals("world", guestString(BUF, 5));
        assertEquals(7, read(h, 7), "at EOF nothing is read");
        assertEquals(0, call(SYS_SEEK, block(h, 0)));
        assertEquals(20 - 11, read(h, 20), "short read returns the bytes not read");
        assertEquals(0, call(SYS_CLOSE, block(h)));
        assertEquals("hello world", Files.readString(root.resolve("f.txt")));

        assertEquals(-1L, call(SYS_CLOSE, block(h)), "double close");
        assertEquals(EBADF, errno());
        assertEquals(-1L, call(SYS_FLEN, block(h)));
        assertEquals(-1L, read(h, 1));

        long h2 = open("f.txt", 1); // rb
        assertNotEquals(h, h2, "a closed handle is not handed out again at once");
        assertEquals(0, read(h2, 11));
        assertEquals("hello world", guestString(BUF, 11));
        assertEquals(-1L, write(h2, "x"), "read-only");
        assertEquals(EBADF, errno());
        assertEquals(0, call(SYS_CLOSE, block(h2)));

        assertEquals(0, call(SYS_REMOVE, block(str(STR, "f.txt"), 5)));
        assertFalse(Files.exists(root.resolve("f.txt")));
        assertEquals(-1L, call(SYS_REMOVE, block(str(STR, "f.txt"), 5)));
        assertEquals(ENOENT, errno());
    }

    @Test
    void writeModeTruncatesAndCreates() throws IOException {
        Files.writeString(root.resolve("t"), "old contents");
        long h = open("t", 4);
        assertEquals(0, call(SYS_FLEN, block(h)));
        assertEquals(0, write(h, "new"));
        assertEquals(-1L, read(h, 1), "w is write-only");
        call(SYS_CLOSE, block(h));
        assertEquals("new", Files.readString(root.resolve("t")));
    }

    @Test
    void readModeNeedsExistingFile() {
        assertEquals(-1L, open("missing", 0));
        assertEquals(ENOENT, errno());
        assertEquals(-1L, open("missing", 2));
        assertEquals(ENOENT, errno());
        assertFalse(Files.exists(root.resolve("missing")));
        assertEquals(-1L, open("nodir/x", 4));
        assertEquals(ENOENT, errno());
    }

    @Test
    void appendModesWriteAtEnd() throws IOException {
        Files.writeString(root.resolve("log"), "one\n");
        long h = open("log", 8); // a
        assertEquals(0, write(h, "two\n"));
        call(SYS_CLOSE, block(h));
        assertEquals("one\ntwo\n", Files.readString(root.resolve("log")));

        h = open("log", 11); // a+b: readable, writes still go to the end
        assertEquals(0, call(SYS_SEEK, block(h, 0)));
        assertEquals(0, read(h, 3));
        assertEquals("one", guestString(BUF, 3));
        assertEquals(0, call(SYS_SEEK, block(h, 0)));
        assertEquals(0, write(h, "three\n"));
        call(SYS_CLOSE, block(h));
        assertEquals("one\ntwo\nthree\n", Files.readString(root.resolve("log")));
    }

    @Test
    void rename() throws IOException {
        Files.writeString(root.resolve("a"), "A");
        Files.writeString(root.resolve("b"), "B");
        str(STR2, "b");
        assertEquals(0, call(SYS_RENAME, block(str(STR, "a"), 1, STR2, 1)));
        assertFalse(Files.exists(root.resolve("a")));
        assertEquals("A", Files.readString(root.resolve("b")), "rename replaces the target");
        str(STR2, "../escaped");
        assertEquals(-1L, call(SYS_RENAME, block(str(STR, "b"), 1, STR2, 10)));
        assertEquals(EACCES, errno());
        assertTrue(Files.exists(root.resolve("b")));
        assertFalse(Files.exists(tmp.resolve("escaped")));
    }

    @Test
    void absoluteNamesInsideRootAreAllowed() throws IOException {
        String abs = root.toRealPath().resolve("abs.txt").toString();
        long h = open(abs, 4);
        assertTrue(h >= 3);
        assertEquals(0, write(h, "x"));
        call(SYS_CLOSE, block(h));
        assertEquals("x", Files.readString(root.resolve("abs.txt")));
        Files.createDirectory(root.resolve("sub"));
        assertTrue(open("sub/../abs.txt", 0) >= 3);
    }

    @Test
    void escapesAreRefused() throws IOException {
        Files.writeString(tmp.resolve("secret"), "s");
        for (String name : new String[] {"../secret", "../x", "/etc/passwd", "sub/../../secret", tmp.resolve("secret").toString()}) {
            for (int mode : new int[] {0, 4, 8}) {
                assertEquals(-1L, open(name, mode), name + " mode " + mode);
                assertEquals(EACCES, errno(), name);
            }
        }
        assertFalse(Files.exists(tmp.resolve("x")));
        assertEquals(-1L, call(SYS_REMOVE, block(str(STR, "../secret"), 9)));
        assertEquals(EACCES, errno());
        assertTrue(Files.exists(tmp.resolve("secret")));
        assertEquals(-1L, call(SYS_REMOVE, block(str(STR, "."), 1)), "the root itself");
        assertTrue(Files.isDirectory(root));
    }

    @Test
    void symlinkEscapesAreRefused() throws IOException {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "s");
        Files.createSymbolicLink(root.resolve("dirlink"), outside);
        Files.createSymbolicLink(root.resolve("filelink"), outside.resolve("secret"));
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("new"));
        Files.writeString(root.resolve("inside"), "in");
        Files.createSymbolicLink(root.resolve("goodlink"), root.resolve("inside"));

        assertEquals(-1L, open("dirlink/secret", 0));
        assertEquals(EACCES, errno());
        assertEquals(-1L, open("dirlink/new", 4));
        assertEquals(EACCES, errno());
        assertEquals(-1L, open("filelink", 0));
        assertEquals(EACCES, errno());
        assertEquals(-1L, open("filelink", 4));
        assertEquals("s", Files.readString(outside.resolve("secret")), "not truncated");
        assertEquals(-1L, open("dangling", 4));
        assertFalse(Files.exists(outside.resolve("new")));
        assertEquals(-1L, call(SYS_REMOVE, block(str(STR, "dirlink/secret"), 14)));
        assertTrue(Files.exists(outside.resolve("secret")));

        long h = open("goodlink", 0);
        assertTrue(h >= 3, "links that stay inside are followed");
        assertEquals(0, read(h, 2));
        assertEquals("in", guestString(BUF, 2));
    }

    @Test
    void noRootRefusesFilesButKeepsConsole() {
        sh = new Semihosting(null, new ByteArrayInputStream(new byte[0]), out, err);
        assertEquals(-1L, open("f", 4));
        assertEquals(EACCES, errno());
        assertEquals(-1L, call(SYS_REMOVE, block(str(STR, "f"), 1)));
        assertEquals(EACCES, errno());
        assertTrue(open(":tt", 4) >= 3);
    }

    @Test
    void badModeAndBadHandles() {
        assertEquals(-1L, open("f", 12));
        assertEquals(EINVAL, errno());
        for (long h : new long[] {0, 1, 2, 3, 99, -1, 1L << 40}) {
            assertEquals(-1L, call(SYS_CLOSE, block(h)), "handle " + h);
            assertEquals(EBADF, errno());
            assertEquals(-1L, call(SYS_ISTTY, block(h)));
        }
    }

    @Test
    void directoriesCannotBeOpened() throws IOException {
        Files.createDirectory(root.resolve("d"));
        assertEquals(-1L, open("d", 0));
        assertEquals(EISDIR, errno());
        assertEquals(-1L, open("d", 4));
    }

    @Test
    void semihostingFeatures() {
        long h = open(":semihosting-features", 0);
        assertTrue(h >= 3);
        assertEquals(5, call(SYS_FLEN, block(h)));
        assertEquals(0, read(h, 5));
        assertEquals("SHFB", guestString(BUF, 4));
        assertEquals(3, cpu.mem.read8(BUF + 4), "EXIT_EXTENDED | STDOUT_STDERR");
        assertEquals(-1L, open(":semihosting-features", 4));
    }

    @Test
    void tmpnam() {
        assertEquals(0, call(SYS_TMPNAM, block(BUF, 7, 64)));
        String name = guestString(BUF, 13);
        assertEquals("jaffa-tmp-007", name);
        assertEquals(0, cpu.mem.read8(BUF + 13));
        assertEquals(-1L, call(SYS_TMPNAM, block(BUF, 7, 5)), "buffer too small");
        long h = open(name, 6);
        assertTrue(h >= 3, "the name is usable");
    }

    // ---- bad parameter blocks -------------------------------------------------------------------

    @Test
    void badBlocksGiveEfaultWithoutAbort() {
        int[] ops = {SYS_OPEN, SYS_CLOSE, SYS_WRITEC, SYS_WRITE0, SYS_WRITE, SYS_READ, SYS_ISERROR, SYS_ISTTY,
                SYS_SEEK, SYS_FLEN, SYS_TMPNAM, SYS_REMOVE, SYS_RENAME, SYS_GET_CMDLINE, SYS_HEAPINFO,
                SYS_EXIT, SYS_EXIT_EXTENDED, SYS_ELAPSED};
        long[] bads = {BAD, 0, -8, 1L << 50, RAM + RAM_SIZE - 8};
        for (long bad : bads) {
            for (int op : ops) {
                if (bad == RAM + RAM_SIZE - 8) {
                    // A block straddling the end of RAM: only the first field is readable.
                    cpu.mem.write64(bad, 0x4000_0000L);
                    boolean oneField = op == SYS_WRITEC || op == SYS_WRITE0 || op == SYS_ISERROR || op == SYS_ELAPSED
                            || op == SYS_CLOSE || op == SYS_ISTTY || op == SYS_FLEN || op == SYS_HEAPINFO;
                    if (oneField) continue;
                }
                long el = cpu.el, pc = cpu.pc;
                assertEquals(-1L, call(op, bad), "op " + op + " block " + Long.toHexString(bad));
                assertEquals(EFAULT, errno(), "op " + op);
                assertEquals(el, cpu.el);
                assertEquals(StopReason.NONE, cpu.stopReason);
                assertEquals(0, cpu.exitRequest);
                assertEquals(0, cpu.esr[1], "no exception taken");
            }
        }
    }

    @Test
    void badPointersInsideBlocks() throws IOException {
        assertEquals(-1L, call(SYS_OPEN, block(BAD, 0, 3)));
        assertEquals(EFAULT, errno());
        assertEquals(-1L, call(SYS_HEAPINFO, block(BAD)));
        assertEquals(EFAULT, errno());
        assertEquals(-1L, call(SYS_GET_CMDLINE, block(BAD, 100)));
        assertEquals(EFAULT, errno());

        Files.writeString(root.resolve("data"), "0123456789");
        long h = open("data", 0);
        // Buffer running off the end of RAM: refused before anything is consumed from the file.
        assertEquals(-1L, call(SYS_READ, block(h, RAM + RAM_SIZE - 4, 8)));
        assertEquals(EFAULT, errno());
        assertEquals(0, read(h, 4));
        assertEquals("0123", guestString(BUF, 4));
        assertEquals(-1L, call(SYS_READ, block(h, BAD, 1)));

        long w = open("w", 4);
        assertEquals(-1L, call(SYS_WRITE, block(w, BAD, 4)));
        assertEquals(EFAULT, errno());
        assertEquals(-1L, call(SYS_WRITE, block(w, BUF, -1)), "huge length");
        assertEquals(EFAULT, errno());
        call(SYS_CLOSE, block(w));
        assertEquals(0, Files.size(root.resolve("w")));
        assertEquals(0, cpu.esr[1]);
    }

    @Test
    void realHltFromGuestCodeReturnsToNextInstruction() {
        // Through the interpreter: HLT #0xF000 then a branch-to-self.
        cpu.traps = sh;
        cpu.mem.write32(RAM, 0xD45E0000); // HLT #0xF000
        cpu.mem.write32(RAM + 4, 0x14000000); // B .
        cpu.resetTo(RAM, 1);
        cpu.x[0] = SYS_WRITE0;
        cpu.x[1] = BAD;
        assertEquals(1, Interpreter.run(cpu, 1, null));
        assertEquals(RAM + 4, cpu.pc);
        assertEquals(-1L, cpu.x[0]);
        assertEquals(EFAULT, sh.errno());
        assertEquals(0, cpu.esr[1]);
    }

    // ---- exit -----------------------------------------------------------------------------------

    @Test
    void exitWithApplicationExitUsesSubcode() {
        str(STR, "bye");
        call(SYS_WRITE0, STR);
        assertEquals("", outText());
        call(SYS_EXIT, block(ADP_STOPPED_APPLICATION_EXIT, 42));
        assertEquals(StopReason.GUEST_EXIT, cpu.stopReason);
        assertEquals(42, cpu.exitCode);
        assertEquals(1, cpu.exitRequest);
        assertEquals("bye", outText(), "flushed at exit");
    }

    @Test
    void exitWithOtherReasonIsFailure() {
        call(SYS_EXIT, block(0x20023, 0)); // ADP_Stopped_RunTimeErrorUnknown
        assertEquals(StopReason.GUEST_EXIT, cpu.stopReason);
        assertEquals(1, cpu.exitCode);
    }

    @Test
    void exitExtended() {
        call(SYS_EXIT_EXTENDED, block(ADP_STOPPED_APPLICATION_EXIT, 3));
        assertEquals(StopReason.GUEST_EXIT, cpu.stopReason);
        assertEquals(3, cpu.exitCode);
    }

    // ---- misc -----------------------------------------------------------------------------------

    @Test
    void cmdline() {
        sh.setCommandLine("prog --flag x");
        assertEquals(0, call(SYS_GET_CMDLINE, block(BUF, 64)));
        assertEquals(13, cpu.mem.read64(BLOCK + 8), "length updated");
        assertEquals("prog --flag x", guestString(BUF, 13));
        assertEquals(0, cpu.mem.read8(BUF + 13));
        assertEquals(-1L, call(SYS_GET_CMDLINE, block(BUF, 13)), "no room for the NUL");
        assertEquals(0, call(SYS_GET_CMDLINE, block(BUF, 14)));
        sh.setCommandLine(null);
        assertEquals(0, call(SYS_GET_CMDLINE, block(BUF, 14)));
        assertEquals(0, cpu.mem.read64(BLOCK + 8));
        assertEquals(0, cpu.mem.read8(BUF));
    }

    @Test
    void heapinfo() {
        long info = RAM + 0x5000;
        for (int i = 0; i < 4; i++) cpu.mem.write64(info + 8 * i, 0xDEAD);
        assertEquals(0, call(SYS_HEAPINFO, block(info)));
        for (int i = 0; i < 4; i++) assertEquals(0, cpu.mem.read64(info + 8 * i), "unknown by default");
        sh.setHeapInfo(0x4100_0000L, 0x4800_0000L, 0x4900_0000L, 0x4880_0000L);
        assertEquals(0, call(SYS_HEAPINFO, block(info)));
        assertEquals(0x4100_0000L, cpu.mem.read64(info));
        assertEquals(0x4800_0000L, cpu.mem.read64(info + 8));
        assertEquals(0x4900_0000L, cpu.mem.read64(info + 16));
        assertEquals(0x4880_0000L, cpu.mem.read64(info + 24));
    }

    @Test
    void timeFollowsInstructionCount() {
        cpu.insnCount = 250_000_000L;
        assertEquals(250, call(SYS_CLOCK, 0));
        assertEquals(100_000_000L, call(SYS_TICKFREQ, 0));
        assertEquals(0, call(SYS_ELAPSED, BUF));
        assertEquals(250_000_000L, cpu.mem.read64(BUF));
        sh.setTickFrequency(1_000_000);
        assertEquals(25_000, call(SYS_CLOCK, 0));
        assertEquals(1_000_000, call(SYS_TICKFREQ, 0));
        cpu.insnCount = Long.MAX_VALUE;
        assertEquals(Long.MAX_VALUE / 10_000, call(SYS_CLOCK, 0), "no overflow");
    }

    @Test
    void wallClockTime() {
        long now = System.currentTimeMillis() / 1000;
        long t = call(SYS_TIME, 0);
        assertTrue(t >= now && t <= now + 2, "time " + t + " now " + now);
    }

    @Test
    void errorsAndErrno() {
        assertEquals(-1L, call(SYS_SYSTEM, block(str(STR, "rm -rf /"), 8)));
        assertEquals(0xFFFF_FFFF_FFFF_FFFFL, cpu.x[0], "sign-extended");
        assertEquals(EPERM, errno());
        assertEquals(-1L, call(0x99, 0));
        assertEquals(ENOSYS, errno());
        assertEquals(-1L, call(0x0B, 0), "0x0B is not an operation");
        call(SYS_TICKFREQ, 0);
        assertEquals(ENOSYS, errno(), "success leaves errno alone");
        assertEquals(ENOSYS, sh.errno());
    }

    @Test
    void isError() {
        assertEquals(1, call(SYS_ISERROR, block(-1)));
        assertEquals(1, call(SYS_ISERROR, block(-5)));
        assertEquals(0, call(SYS_ISERROR, block(0)));
        assertEquals(0, call(SYS_ISERROR, block(7)));
    }

    @Test
    void closeClosesLeftoverFiles() throws IOException {
        long h = open("left", 4);
        assertEquals(0, write(h, "data"));
        sh.close();
        assertEquals("data", Files.readString(root.resolve("left")));
        assertEquals(-1L, write(h, "more"));
        assertEquals(EBADF, errno());
    }

    // ---- snapshots ------------------------------------------------------------------------------

    @Test
    void openFilesSurviveASnapshot() throws Exception {
        Files.writeString(root.resolve("data.txt"), "0123456789");
        long r = open("data.txt", 1);            // rb
        long w = open("log.txt", 4);             // w
        long tt = open(":tt", 4);
        assertEquals(0, read(r, 4));
        assertEquals(0, write(w, "before "));
        dev.jaffa.interp.snapshot.SnapshotOutput o = new dev.jaffa.interp.snapshot.SnapshotOutput();
        sh.save(o);

        Semihosting sh2 = new Semihosting(root, new ByteArrayInputStream(new byte[0]), out, err);
        dev.jaffa.interp.snapshot.SnapshotInput in = new dev.jaffa.interp.snapshot.SnapshotInput("semihosting", o.toByteArray());
        sh2.restore(in);
        in.end();
        sh = sh2;
        assertEquals(0, read(r, 3), "the read handle goes on where it was");
        assertEquals("456", guestString(BUF, 3));
        assertEquals(0, write(w, "after"));
        assertEquals("before after", Files.readString(root.resolve("log.txt")), "reopened without truncation, at its position");
        assertEquals(0, write(tt, "console\n"));
        assertTrue(outText().endsWith("console\n"));
        assertEquals(tt + 1, open("other.txt", 4), "handle numbers go on counting");

        // A file changed since the snapshot is refused.
        Files.writeString(root.resolve("data.txt"), "changed!");
        Semihosting sh3 = new Semihosting(root, new ByteArrayInputStream(new byte[0]), out, err);
        assertThrows(dev.jaffa.interp.snapshot.SnapshotFormatException.class,
                () -> sh3.restore(new dev.jaffa.interp.snapshot.SnapshotInput("semihosting", o.toByteArray())));
    }
}
