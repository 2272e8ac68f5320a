package dev.jaffa.monitor;

import static dev.jaffa.format.LinuxErrno.*;

import dev.jaffa.format.LinuxErrno;
import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;


import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.TrapSink;
import dev.jaffa.interp.memory.Memory;
import dev.jaffa.interp.memory.PhysicalBus;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Arm semihosting (version 2, AArch64 calling convention) for guests that trap with
 * {@code HLT #0xF000}: the operation number is in W0, X1 holds the address of a parameter block of
 * 64-bit fields (or a plain value for a few operations), and the result goes back in X0.
 *
 * <p><b>Console.</b> Opening {@code ":tt"} gives the console: read modes (0..3) stdin, write modes
 * (4..7) stdout, append modes (8..11) stderr. SYS_WRITEC and SYS_WRITE0 write to stdout. Stdout is
 * buffered and flushed at every newline, before console input is read, before stderr is written,
 * at exit and on {@link #flush()}; stderr is flushed after every write.
 *
 * <p><b>Files.</b> Host files are reachable only inside the directory given as {@code fileRoot}.
 * Guest names are resolved relative to it; absolute names must lie inside it; names that would
 * leave it (lexically with {@code ..}, or through a symbolic link) are refused with EACCES. With no
 * root every file operation fails with EACCES. (The checks are made at open time; a host process
 * racing to replace directories with links meanwhile is outside the threat model.) The pseudo-file
 * {@code ":semihosting-features"} reports SH_EXT_EXIT_EXTENDED and SH_EXT_STDOUT_STDERR.
 *
 * <p><b>Time.</b> So that runs repeat, SYS_CLOCK, SYS_ELAPSED and SYS_TICKFREQ count guest
 * instructions: one tick is one retired instruction of the calling PE ({@link Cpu#insnCount}), and
 * the tick frequency is a nominal instructions-per-second figure, {@link #DEFAULT_TICK_FREQUENCY}
 * (100 MHz) unless the platform sets another. SYS_CLOCK is {@code ticks * 100 / frequency}.
 * SYS_TIME is the host's wall clock.
 *
 * <p><b>Errors.</b> A failing call returns -1 (or the value the specification prescribes, such as
 * the untransferred byte count of SYS_READ/SYS_WRITE) and sets the semihosting errno, which holds
 * Linux errno numbers and is read back with SYS_ERRNO. A parameter block or buffer that is not
 * guest RAM yields -1 with EFAULT: it never becomes a data abort and nothing is thrown from
 * {@link #hlt}.
 *
 * <p>Calls from EL0 are refused (HLT stays UNDEFINED) unless {@link #setAllowFromEl0} enables them,
 * so an operating system's user programs cannot reach host files by default;
 * {@link #setAllowFromSecureEl0} enables them for Secure EL0 alone (partitions, as on the FVP).
 * Guest addresses are virtual: they are translated through the caller's stage 1 tables with its
 * permissions, never faulting (a bad pointer is EFAULT).
 *
 * <p>The class is a {@link TrapSink} on its own; a platform composing several sinks calls
 * {@link #call} for {@code HLT #}{@link #HLT_IMMEDIATE}.
 */
public final class Semihosting implements TrapSink, AutoCloseable, Snapshottable {
    /** The A64 semihosting trap: {@code HLT #0xF000}. */
    public static final int HLT_IMMEDIATE = 0xF000;

    // Operation numbers.
    public static final int SYS_OPEN = 0x01, SYS_CLOSE = 0x02, SYS_WRITEC = 0x03, SYS_WRITE0 = 0x04,
            SYS_WRITE = 0x05, SYS_READ = 0x06, SYS_READC = 0x07, SYS_ISERROR = 0x08, SYS_ISTTY = 0x09,
            SYS_SEEK = 0x0A, SYS_FLEN = 0x0C, SYS_TMPNAM = 0x0D, SYS_REMOVE = 0x0E, SYS_RENAME = 0x0F,
            SYS_CLOCK = 0x10, SYS_TIME = 0x11, SYS_SYSTEM = 0x12, SYS_ERRNO = 0x13,
            SYS_GET_CMDLINE = 0x15, SYS_HEAPINFO = 0x16, SYS_EXIT = 0x18, SYS_EXIT_EXTENDED = 0x20,
            SYS_ELAPSED = 0x30, SYS_TICKFREQ = 0x31;

    /** SYS_EXIT reason for a normal application exit; the subcode is the exit status. */
    public static final long ADP_STOPPED_APPLICATION_EXIT = 0x20026;


    /** Nominal guest instructions per second: the semihosting tick frequency unless configured. */
    public static final long DEFAULT_TICK_FREQUENCY = 100_000_000L;

    /** Longest file name accepted, in bytes. */
    static final int MAX_NAME = 4096;
    /** SYS_WRITE0 stops after this many bytes if no NUL has been found. */
    static final int MAX_WRITE0 = 1 << 20;
    /** Most host files open at once. */
    static final int MAX_HANDLES = 1024;
    private static final int FIRST_HANDLE = 3;
    private static final int CHUNK = 64 * 1024;
    /** Contents of {@code :semihosting-features}: magic "SHFB", then feature byte 0. */
    private static final byte[] FEATURES = {0x53, 0x48, 0x46, 0x42, 0x03};

    private static final String[] FOPEN_MODES =
            {"r", "rb", "r+", "r+b", "w", "wb", "w+", "w+b", "a", "ab", "a+", "a+b"};

    @NotState("configuration")
    private final Path root;
    @NotState("wiring: host streams")
    private final InputStream in;
    @NotState("wiring: host streams")
    private final OutputStream out;
    @NotState("wiring: host streams")
    private final OutputStream err;
    private final Map<Integer, Handle> handles = new HashMap<>();
    private int nextHandle = FIRST_HANDLE;
    private int errno;

    @NotState("configuration: --append")
    private String commandLine = "";
    private long heapBase, heapLimit, stackBase, stackLimit;
    @NotState("configuration")
    private long tickFrequency = DEFAULT_TICK_FREQUENCY;
    @NotState("configuration")
    private boolean allowFromEl0, allowFromSecureEl0;

    /**
     * @param fileRoot directory the guest may open files in, or null to refuse all file access
     * @param in console input
     * @param out console output (stdout); buffered here and flushed as described above
     * @param err console error output (stderr)
     * @throws IllegalArgumentException if {@code fileRoot} is not an existing directory
     */
    public Semihosting(Path fileRoot, InputStream in, OutputStream out, OutputStream err) {
        if (fileRoot != null) {
            try {
                fileRoot = fileRoot.toRealPath();
            } catch (IOException e) {
                throw new IllegalArgumentException("semihosting file root " + fileRoot + ": " + e.getMessage(), e);
            }
            if (!Files.isDirectory(fileRoot)) {
                throw new IllegalArgumentException("semihosting file root " + fileRoot + " is not a directory");
            }
        }
        this.root = fileRoot;
        this.in = in;
        this.out = new BufferedOutputStream(out, 8192);
        this.err = err;
    }

    /** Console on the process's standard streams; no file access. */
    public Semihosting() {
        this(null, System.in, System.out, System.err);
    }

    // ---- configuration --------------------------------------------------------------------------

    /** The string SYS_GET_CMDLINE returns (e.g. from {@code --append}); empty by default. */
    public void setCommandLine(String commandLine) {
        this.commandLine = commandLine == null ? "" : commandLine;
    }

    /** What SYS_HEAPINFO reports; all zero ("unknown", the C library picks its own) by default. */
    public void setHeapInfo(long heapBase, long heapLimit, long stackBase, long stackLimit) {
        this.heapBase = heapBase;
        this.heapLimit = heapLimit;
        this.stackBase = stackBase;
        this.stackLimit = stackLimit;
    }

    /** Nominal instructions per second reported by SYS_TICKFREQ and used by SYS_CLOCK. */
    public void setTickFrequency(long ticksPerSecond) {
        if (ticksPerSecond <= 0) throw new IllegalArgumentException("tick frequency must be positive");
        this.tickFrequency = ticksPerSecond;
    }

    /** Lets EL0 code make semihosting calls (off by default, as in QEMU system emulation). */
    public void setAllowFromEl0(boolean allow) {
        this.allowFromEl0 = allow;
    }

    /**
     * Lets Secure EL0 (partitions under the SPMC) make semihosting calls, as the Arm FVP serves
     * semihosting at every exception level: Trusted Services' fwu partition keeps its flash in a
     * semihosting file. Files stay confined to the root; with none, file calls fail with EACCES.
     */
    public void setAllowFromSecureEl0(boolean allow) {
        this.allowFromSecureEl0 = allow;
    }

    /** The semihosting errno, as SYS_ERRNO would return it. */
    public synchronized int errno() { return errno; }

    // ---- entry points ---------------------------------------------------------------------------

    @Override
    public boolean hlt(Cpu cpu, int imm16) {
        if (imm16 != HLT_IMMEDIATE || cpu.el == 0 && !allowFromEl0 && !(allowFromSecureEl0 && cpu.secure)) return false;
        return call(cpu);
    }

    /**
     * Performs the semihosting call described by the CPU's registers (W0 = operation, X1 =
     * argument) and writes the result to X0. Always returns true: every operation number is
     * handled, unknown ones by failing with ENOSYS. Never throws.
     */
    public synchronized boolean call(Cpu cpu) {
        int op = (int) cpu.x[0];
        long arg = cpu.x[1];
        long result;
        try {
            result = dispatch(cpu, op, arg);
        } catch (Fail f) {
            errno = f.errno;
            result = -1;
        } catch (RuntimeException e) {
            // Defensive: a host-side surprise must not unwind through the interpreter.
            errno = EIO;
            result = -1;
        }
        cpu.setX(0, result);
        return true;
    }

    /** Writes out buffered console output. */
    public synchronized void flush() {
        try {
            out.flush();
            err.flush();
        } catch (IOException ignored) {
            // Nowhere to report it.
        }
    }

    /** Flushes the console and closes every host file the guest left open. */
    @Override
    public synchronized void close() {
        flush();
        for (Handle h : handles.values()) {
            try {
                h.close();
            } catch (IOException ignored) {
                // Closing at shutdown: nothing useful to do.
            }
        }
        handles.clear();
    }

    private long dispatch(Cpu cpu, int op, long a) {
        switch (op) {
            case SYS_OPEN: return open(cpu, a);
            case SYS_CLOSE: return closeHandle(cpu, a);
            case SYS_WRITEC: return writec(cpu, a);
            case SYS_WRITE0: return write0(cpu, a);
            case SYS_WRITE: return write(cpu, a);
            case SYS_READ: return read(cpu, a);
            case SYS_READC: return readc();
            case SYS_ISERROR: return field(cpu, a, 0) < 0 ? 1 : 0;
            case SYS_ISTTY: return handle(field(cpu, a, 0)).isTty() ? 1 : 0;
            case SYS_SEEK: return seek(cpu, a);
            case SYS_FLEN: return flen(cpu, a);
            case SYS_TMPNAM: return tmpnam(cpu, a);
            case SYS_REMOVE: return remove(cpu, a);
            case SYS_RENAME: return rename(cpu, a);
            case SYS_CLOCK: return clock(cpu);
            case SYS_TIME: return System.currentTimeMillis() / 1000;
            case SYS_SYSTEM: throw new Fail(EPERM); // running host commands is never allowed
            case SYS_ERRNO: return errno;
            case SYS_GET_CMDLINE: return getCmdline(cpu, a);
            case SYS_HEAPINFO: return heapinfo(cpu, a);
            case SYS_EXIT:
            case SYS_EXIT_EXTENDED: return exit(cpu, a);
            case SYS_ELAPSED: store64(cpu, a, cpu.insnCount); return 0;
            case SYS_TICKFREQ: return tickFrequency;
            default: throw new Fail(ENOSYS);
        }
    }

    // ---- operations -----------------------------------------------------------------------------

    private long open(Cpu cpu, long a) {
        long namePtr = field(cpu, a, 0), mode = field(cpu, a, 1), len = field(cpu, a, 2);
        String name = guestName(cpu, namePtr, len);
        if (mode < 0 || mode >= FOPEN_MODES.length) throw new Fail(EINVAL);
        int m = (int) mode;
        Handle h;
        if (name.equals(":tt")) {
            h = m < 4 ? new ConsoleIn() : new ConsoleOut(m < 8 ? out : err, m >= 8);
        } else if (name.equals(":semihosting-features")) {
            if (m > 1) throw new Fail(EACCES);
            h = new Features();
        } else {
            h = openFile(resolve(name, true), m);
        }
        return allocate(h);
    }

    private int allocate(Handle h) {
        if (handles.size() >= MAX_HANDLES) {
            try {
                h.close();
            } catch (IOException ignored) {
                // Already failing.
            }
            throw new Fail(EMFILE);
        }
        // Handles count up and are not reused soon after a close, so stale handles fail with EBADF.
        while (handles.containsKey(nextHandle)) nextHandle = nextHandle == Integer.MAX_VALUE ? FIRST_HANDLE : nextHandle + 1;
        int n = nextHandle;
        nextHandle = nextHandle == Integer.MAX_VALUE ? FIRST_HANDLE : nextHandle + 1;
        handles.put(n, h);
        return n;
    }

    private Handle openFile(Path p, int mode) {
        boolean plus = (mode & 2) != 0;
        List<OpenOption> opts = new ArrayList<>();
        opts.add(LinkOption.NOFOLLOW_LINKS); // resolve() has already followed any links
        boolean read, write, append = false;
        if (mode < 4) {                       // r, r+
            read = true;
            write = plus;
        } else if (mode < 8) {                // w, w+
            read = plus;
            write = true;
            opts.add(StandardOpenOption.CREATE);
            opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        } else {                              // a, a+
            read = plus;
            write = true;
            append = true;
            opts.add(StandardOpenOption.CREATE);
        }
        if (read) opts.add(StandardOpenOption.READ);
        if (write) opts.add(StandardOpenOption.WRITE);
        if (Files.isDirectory(p)) throw new Fail(EISDIR);
        try {
            FileChannel ch = FileChannel.open(p, opts.toArray(new OpenOption[0]));
            return new HostFile(ch, p, read, write, append);
        } catch (IOException e) {
            throw new Fail(LinuxErrno.of(e));
        } catch (UnsupportedOperationException | SecurityException e) {
            throw new Fail(EACCES);
        }
    }

    private long closeHandle(Cpu cpu, long a) {
        int n = handleNumber(field(cpu, a, 0));
        Handle h = handles.remove(n);
        if (h == null) throw new Fail(EBADF);
        try {
            h.close();
        } catch (IOException e) {
            throw new Fail(LinuxErrno.of(e));
        }
        return 0;
    }

    private long writec(Cpu cpu, long a) {
        byte[] b = new byte[1];
        copyIn(cpu, a, b, 0, 1);
        consoleOut(b, 0, 1);
        return 0;
    }

    private long write0(Cpu cpu, long a) {
        // First find the end, so a string running into unmapped memory prints nothing.
        int len = 0;
        for (;;) {
            byte[] page = page(cpu, a + len, false);
            int off = (int) (a + len) & (PhysicalBus.PAGE_SIZE - 1);
            int n = Math.min(PhysicalBus.PAGE_SIZE - off, MAX_WRITE0 - len);
            int i = 0;
            while (i < n && page[off + i] != 0) i++;
            len += i;
            if (i < n || len >= MAX_WRITE0) break;
        }
        byte[] s = new byte[len];
        copyIn(cpu, a, s, 0, len);
        consoleOut(s, 0, len);
        return 0;
    }

    private long write(Cpu cpu, long a) {
        long hv = field(cpu, a, 0), buf = field(cpu, a, 1), len = field(cpu, a, 2);
        Handle h = handle(hv);
        checkRange(cpu, buf, len, false);
        if (!h.canWrite()) throw new Fail(EBADF);
        byte[] chunk = new byte[(int) Math.min(len, CHUNK)];
        long done = 0;
        try {
            while (done < len) {
                int n = (int) Math.min(len - done, chunk.length);
                copyIn(cpu, buf + done, chunk, 0, n);
                h.write(chunk, 0, n);
                done += n;
            }
        } catch (IOException e) {
            errno = LinuxErrno.of(e);
        }
        return len - done;
    }

    private long read(Cpu cpu, long a) {
        long hv = field(cpu, a, 0), buf = field(cpu, a, 1), len = field(cpu, a, 2);
        Handle h = handle(hv);
        checkRange(cpu, buf, len, true);
        if (!h.canRead()) throw new Fail(EBADF);
        byte[] chunk = new byte[(int) Math.min(len, CHUNK)];
        long done = 0;
        try {
            while (done < len) {
                int n = h.read(chunk, 0, (int) Math.min(len - done, chunk.length));
                if (n <= 0) break;
                copyOut(cpu, buf + done, chunk, 0, n);
                done += n;
                if (h.isTty()) break; // a console read returns what is available (a line)
            }
        } catch (IOException e) {
            errno = LinuxErrno.of(e);
        }
        return len - done;
    }

    private long readc() {
        try {
            out.flush();
            int c = in.read();
            return c < 0 ? -1 : c;
        } catch (IOException e) {
            throw new Fail(EIO);
        }
    }

    private long seek(Cpu cpu, long a) {
        long hv = field(cpu, a, 0), pos = field(cpu, a, 1);
        Handle h = handle(hv);
        if (pos < 0) throw new Fail(EINVAL);
        try {
            h.seek(pos);
        } catch (IOException e) {
            throw new Fail(LinuxErrno.of(e));
        }
        return 0;
    }

    private long flen(Cpu cpu, long a) {
        Handle h = handle(field(cpu, a, 0));
        try {
            return h.length();
        } catch (IOException e) {
            throw new Fail(LinuxErrno.of(e));
        }
    }

    private long tmpnam(Cpu cpu, long a) {
        long buf = field(cpu, a, 0), id = field(cpu, a, 1), len = field(cpu, a, 2);
        if (root == null) throw new Fail(EACCES);
        if (id < 0 || id > 255) throw new Fail(EINVAL);
        // A name relative to the file root; unique per identifier, as the specification asks.
        byte[] name = String.format("jaffa-tmp-%03d", id).getBytes(StandardCharsets.US_ASCII);
        if (Long.compareUnsigned(len, name.length + 1) < 0) throw new Fail(EINVAL);
        byte[] z = new byte[name.length + 1];
        System.arraycopy(name, 0, z, 0, name.length);
        copyOut(cpu, buf, z, 0, z.length);
        return 0;
    }

    private long remove(Cpu cpu, long a) {
        String name = guestName(cpu, field(cpu, a, 0), field(cpu, a, 1));
        Path p = resolve(name, false);
        if (p.equals(root)) throw new Fail(EACCES);
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new Fail(LinuxErrno.of(e));
        }
        return 0;
    }

    private long rename(Cpu cpu, long a) {
        String from = guestName(cpu, field(cpu, a, 0), field(cpu, a, 1));
        String to = guestName(cpu, field(cpu, a, 2), field(cpu, a, 3));
        Path p = resolve(from, false), q = resolve(to, false);
        if (p.equals(root) || q.equals(root)) throw new Fail(EACCES);
        try {
            // ATOMIC_MOVE is rename(2): it replaces an existing target, as C's rename() does.
            Files.move(p, q, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new Fail(LinuxErrno.of(e));
        }
        return 0;
    }

    private long clock(Cpu cpu) {
        long t = cpu.insnCount, f = tickFrequency;
        return t / f * 100 + t % f * 100 / f; // centiseconds, without overflowing t * 100
    }

    private long getCmdline(Cpu cpu, long a) {
        long buf = field(cpu, a, 0), len = field(cpu, a, 1);
        byte[] s = commandLine.getBytes(StandardCharsets.UTF_8);
        if (Long.compareUnsigned(len, s.length + 1) < 0) throw new Fail(EINVAL);
        byte[] z = new byte[s.length + 1];
        System.arraycopy(s, 0, z, 0, s.length);
        copyOut(cpu, buf, z, 0, z.length);
        store64(cpu, a + 8, s.length);
        return 0;
    }

    private long heapinfo(Cpu cpu, long a) {
        long block = field(cpu, a, 0);
        checkRange(cpu, block, 32, true);
        store64(cpu, block, heapBase);
        store64(cpu, block + 8, heapLimit);
        store64(cpu, block + 16, stackBase);
        store64(cpu, block + 24, stackLimit);
        return 0;
    }

    private long exit(Cpu cpu, long a) {
        long reason = field(cpu, a, 0), subcode = field(cpu, a, 1);
        int code = reason == ADP_STOPPED_APPLICATION_EXIT ? (int) subcode : 1;
        flush();
        cpu.requestStop(StopReason.GUEST_EXIT, code, null);
        return 0;
    }

    // ---- console --------------------------------------------------------------------------------

    /** SYS_WRITEC/SYS_WRITE0 output. An I/O failure on the host console is EIO. */
    private void consoleOut(byte[] b, int off, int len) {
        try {
            writeConsole(out, false, b, off, len);
        } catch (IOException e) {
            throw new Fail(EIO);
        }
    }

    private void writeConsole(OutputStream s, boolean isErr, byte[] b, int off, int len) throws IOException {
        if (isErr) {
            out.flush(); // keep stdout's earlier text ahead of this
            s.write(b, off, len);
            s.flush();
            return;
        }
        s.write(b, off, len);
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                s.flush();
                break;
            }
        }
    }

    // ---- handles --------------------------------------------------------------------------------

    private static int handleNumber(long v) {
        if (v < FIRST_HANDLE || v > Integer.MAX_VALUE) throw new Fail(EBADF);
        return (int) v;
    }

    private Handle handle(long v) {
        Handle h = handles.get(handleNumber(v));
        if (h == null) throw new Fail(EBADF);
        return h;
    }

    private abstract static class Handle {
        boolean isTty() { return false; }
        boolean canRead() { return false; }
        boolean canWrite() { return false; }
        /** Reads up to {@code len} bytes; -1 at end of file. */
        int read(byte[] b, int off, int len) throws IOException { throw new Fail(EBADF); }
        void write(byte[] b, int off, int len) throws IOException { throw new Fail(EBADF); }
        void seek(long pos) throws IOException { throw new Fail(ESPIPE); }
        long length() throws IOException { throw new Fail(EINVAL); }
        void close() throws IOException {}
    }

    private final class ConsoleIn extends Handle {
        @Override boolean isTty() { return true; }
        @Override boolean canRead() { return true; }
        @Override int read(byte[] b, int off, int len) throws IOException {
            out.flush(); // show any prompt first
            return in.read(b, off, len);
        }
    }

    private final class ConsoleOut extends Handle {
        @NotState("wiring: the host stream, chosen by isErr")
        private final OutputStream s;
        private final boolean isErr;
        ConsoleOut(OutputStream s, boolean isErr) { this.s = s; this.isErr = isErr; }
        @Override boolean isTty() { return true; }
        @Override boolean canWrite() { return true; }
        @Override void write(byte[] b, int off, int len) throws IOException { writeConsole(s, isErr, b, off, len); }
        @Override void close() throws IOException { s.flush(); }
    }

    private static final class Features extends Handle {
        private int pos;
        @Override boolean canRead() { return true; }
        @Override int read(byte[] b, int off, int len) {
            if (pos >= FEATURES.length) return -1;
            int n = Math.min(len, FEATURES.length - pos);
            System.arraycopy(FEATURES, pos, b, off, n);
            pos += n;
            return n;
        }
        @Override void seek(long p) { pos = (int) Math.min(p, FEATURES.length); }
        @Override long length() { return FEATURES.length; }
    }

    private static final class HostFile extends Handle {
        @NotState("a host channel: reopened from path on restore, its position saved")
        private final FileChannel ch;
        /** The file, resolved (for snapshots). */
        private final Path path;
        private final boolean read, write, append;
        HostFile(FileChannel ch, Path path, boolean read, boolean write, boolean append) {
            this.ch = ch; this.path = path; this.read = read; this.write = write; this.append = append;
        }
        @Override boolean canRead() { return read; }
        @Override boolean canWrite() { return write; }
        @Override int read(byte[] b, int off, int len) throws IOException {
            return ch.read(ByteBuffer.wrap(b, off, len));
        }
        @Override void write(byte[] b, int off, int len) throws IOException {
            // Append modes write at the end whatever the position, like O_APPEND. (FileChannel
            // refuses READ together with APPEND, so a+ is done by hand.)
            if (append) ch.position(ch.size());
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) ch.write(bb);
        }
        @Override void seek(long pos) throws IOException { ch.position(pos); }
        @Override long length() throws IOException { return ch.size(); }
        @Override void close() throws IOException { ch.close(); }
    }

    // ---- host file names ------------------------------------------------------------------------

    /** Reads a guest file name of {@code len} bytes (the length excludes the terminating NUL). */
    private String guestName(Cpu cpu, long ptr, long len) {
        if (len < 0 || len > MAX_NAME) throw new Fail(ENAMETOOLONG);
        byte[] b = new byte[(int) len];
        copyIn(cpu, ptr, b, 0, b.length);
        for (byte c : b) if (c == 0) throw new Fail(EINVAL);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * The host path for a guest file name, guaranteed to lie inside the file root after following
     * symbolic links in the directories, and also in the last component when {@code followLast}
     * (open follows it; remove and rename act on a link itself). Fails with EACCES otherwise.
     */
    private Path resolve(String name, boolean followLast) {
        if (root == null) throw new Fail(EACCES);
        if (name.isEmpty()) throw new Fail(ENOENT);
        Path p;
        try {
            p = root.getFileSystem().getPath(name);
        } catch (InvalidPathException e) {
            throw new Fail(ENOENT);
        }
        // Lexical normalisation first: "a/../b" means root/b even if a is a link elsewhere.
        Path abs = (p.isAbsolute() ? p : root.resolve(p)).normalize();
        if (!abs.startsWith(root)) throw new Fail(EACCES);
        if (abs.equals(root)) return root;
        Path parent;
        try {
            parent = abs.getParent().toRealPath();
        } catch (IOException e) {
            throw new Fail(LinuxErrno.of(e));
        }
        if (!parent.startsWith(root)) throw new Fail(EACCES);
        Path real = parent.resolve(abs.getFileName());
        if (followLast && Files.isSymbolicLink(real)) {
            try {
                real = real.toRealPath();
            } catch (NoSuchFileException e) {
                // A dangling link: creating through it could make a file anywhere.
                throw new Fail(EACCES);
            } catch (IOException e) {
                throw new Fail(LinuxErrno.of(e));
            }
            if (!real.startsWith(root)) throw new Fail(EACCES);
        }
        return real;
    }


    // ---- guest memory ---------------------------------------------------------------------------

    /**
     * The RAM page holding guest virtual address {@code va}, or null if the caller could not make
     * that access itself. This is the only place guest addresses are translated, and it never
     * faults: the address goes through the calling EL's stage 1 regime as an AT instruction would
     * (flat while the MMU is off), with the access permissions of that EL, so a partition at
     * Secure EL0 reaches only what its own tables map, and the normal world no Secure-only page.
     */
    private static byte[] guestPage(Cpu cpu, long va, boolean write) {
        long par = cpu.mem.addressTranslate(va, cpu.el, write);
        if ((par & 1) != 0) return null;
        long pa = par & 0x0000_FFFF_FFFF_F000L | va & (PhysicalBus.PAGE_SIZE - 1);
        if (!cpu.secure && cpu.mem.bus().isSecureOnly(pa)) return null;
        return cpu.mem.bus().ramPage(pa);
    }

    private static byte[] page(Cpu cpu, long va, boolean write) {
        byte[] p = guestPage(cpu, va, write);
        if (p == null) throw new Fail(EFAULT);
        return p;
    }

    /** Fails with EFAULT unless all of [va, va + len) is guest RAM the caller may read (or write). {@code len} is unsigned. */
    private static void checkRange(Cpu cpu, long va, long len, boolean write) {
        if (len == 0) return;
        if (len < 0 || len > 1L << Memory.PA_BITS) throw new Fail(EFAULT);
        long last = va + len - 1;
        if (Long.compareUnsigned(last, va) < 0) throw new Fail(EFAULT);
        long mask = ~(long) (PhysicalBus.PAGE_SIZE - 1);
        for (long p = va & mask; ; p += PhysicalBus.PAGE_SIZE) {
            page(cpu, p, write);
            if (p == (last & mask)) break;
        }
    }

    private static void copyIn(Cpu cpu, long va, byte[] dst, int off, int len) {
        while (len > 0) {
            byte[] p = page(cpu, va, false);
            int o = (int) va & (PhysicalBus.PAGE_SIZE - 1);
            int n = Math.min(len, PhysicalBus.PAGE_SIZE - o);
            System.arraycopy(p, o, dst, off, n);
            va += n; off += n; len -= n;
        }
    }

    private static void copyOut(Cpu cpu, long va, byte[] src, int off, int len) {
        checkRange(cpu, va, len, true); // all or nothing
        while (len > 0) {
            byte[] p = page(cpu, va, true);
            int o = (int) va & (PhysicalBus.PAGE_SIZE - 1);
            int n = Math.min(len, PhysicalBus.PAGE_SIZE - o);
            System.arraycopy(src, off, p, o, n);
            va += n; off += n; len -= n;
        }
    }

    /** Field {@code i} (64 bits, little-endian) of the parameter block at {@code block}. */
    private static long field(Cpu cpu, long block, int i) {
        byte[] b = new byte[8];
        copyIn(cpu, block + 8L * i, b, 0, 8);
        return ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static void store64(Cpu cpu, long va, long v) {
        byte[] b = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array();
        copyOut(cpu, va, b, 0, 8);
    }

    /** A failed call: unwinds to {@link #call}, which returns -1 and records the errno. */
    private static final class Fail extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int errno;
        Fail(int errno) {
            super(null, null, false, false);
            this.errno = errno;
        }
    }

    // ---- snapshots ----

    private static int handleKind(Handle h) {
        if (h instanceof ConsoleIn) return 0;
        if (h instanceof ConsoleOut) return ((ConsoleOut) h).isErr ? 2 : 1;
        if (h instanceof Features) return 3;
        return 4;   // a host file
    }

    /** A host file's size and modification time, which a restore finds again or refuses. */
    private static String fileStamp(Path p) throws IOException {
        return "size=" + Files.size(p) + " mtime=" + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
    }

    @Override
    public void save(SnapshotOutput o) {
        o.writeInt(nextHandle);
        o.writeInt(errno);
        o.writeLongs(new long[] {heapBase, heapLimit, stackBase, stackLimit});
        Integer[] ns = handles.keySet().toArray(new Integer[0]);
        java.util.Arrays.sort(ns);
        o.writeInt(ns.length);
        for (Integer n : ns) {
            Handle h = handles.get(n);
            o.writeInt(n);
            o.writeInt(handleKind(h));
            o.writeInt(h instanceof Features ? ((Features) h).pos : 0);
            if (h instanceof HostFile) {
                // The file as it is now, open at its position; a restore reopens it without
                // creating or truncating, and refuses a file changed since.
                HostFile f = (HostFile) h;
                o.writeString(f.path.toString());
                o.writeBoolean(f.read); o.writeBoolean(f.write); o.writeBoolean(f.append);
                String stamp;
                long pos;
                try {
                    out.flush();
                    stamp = fileStamp(f.path);
                    pos = f.ch.position();
                } catch (IOException e) {
                    stamp = "unreadable";
                    pos = 0;
                }
                o.writeString(stamp);
                o.writeLong(pos);
            }
        }
    }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        nextHandle = in.readInt();
        errno = in.readInt();
        long[] hs = new long[4];
        in.readLongs(hs);
        heapBase = hs[0]; heapLimit = hs[1]; stackBase = hs[2]; stackLimit = hs[3];
        Map<Integer, Handle> restored = new HashMap<>();
        try {
            int count = in.readInt(0, MAX_HANDLES);
            for (int i = 0; i < count; i++) {
                int n = in.readInt();
                int kind = in.readInt(0, 4);
                int pos = in.readInt(0, FEATURES.length);
                Handle h;
                switch (kind) {
                    case 0: h = new ConsoleIn(); break;
                    case 1: h = new ConsoleOut(out, false); break;
                    case 2: h = new ConsoleOut(err, true); break;
                    case 3: Features f = new Features(); f.pos = pos; h = f; break;
                    default: h = reopen(in); break;
                }
                restored.put(n, h);
            }
        } catch (SnapshotFormatException e) {
            for (Handle h : restored.values()) {
                try {
                    if (h instanceof HostFile) h.close();
                } catch (IOException ignored) {
                    // Failing anyway.
                }
            }
            throw e;
        }
        handles.clear();
        handles.putAll(restored);
    }

    private HostFile reopen(SnapshotInput in) throws SnapshotFormatException {
        Path p = java.nio.file.Paths.get(in.readString());
        boolean read = in.readBoolean(), write = in.readBoolean(), append = in.readBoolean();
        String stamp = in.readString();
        long pos = in.readLong();
        if (root == null || !p.startsWith(root)) throw new SnapshotFormatException("semihosting file " + p + " is outside --semihosting-root");
        List<OpenOption> opts = new ArrayList<>();
        opts.add(LinkOption.NOFOLLOW_LINKS);
        if (read) opts.add(StandardOpenOption.READ);
        if (write) opts.add(StandardOpenOption.WRITE);
        try {
            if (!fileStamp(p).equals(stamp)) throw new SnapshotFormatException("semihosting file " + p + " changed since the snapshot");
            FileChannel ch = FileChannel.open(p, opts.toArray(new OpenOption[0]));
            ch.position(pos);
            return new HostFile(ch, p, read, write, append);
        } catch (IOException e) {
            throw new SnapshotFormatException("semihosting file " + p + ", open at the snapshot, cannot be opened again");
        }
    }
}
