package dev.jaffa.platform.gdb;

import dev.jaffa.interp.ArchState;
import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.memory.Memory;
import dev.jaffa.interp.memory.PhysicalBus;
import dev.jaffa.platform.Machine;
import dev.jaffa.platform.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A gdb remote stub (the GDB Remote Serial Protocol, all-stop mode) for a {@link Machine}: every
 * CPU is a thread (thread ID = CPU index + 1). The socket is served by {@link GdbConnection} on its
 * own thread; every request is handled here on the emulation thread, at the scheduler's safe point
 * between rounds ({@link #safePoint}), so guest state is never read while a CPU runs. While the
 * debugger holds the machine, the emulation thread waits in {@link #safePoint} serving requests.
 *
 * <p>Stops: a breakpoint (Z0/Z1, by virtual address of the instruction, checked before it
 * executes), a watchpoint (Z2..Z4, by virtual address, before the access), the end of a single
 * step, an interrupt (Ctrl-C, or a debugger connecting to a running guest, as QEMU does), or the
 * guest ending (W). Memory requests go through the selected CPU's current translation without
 * touching its TLB or raising anything; a fault is an error reply.
 */
public final class GdbStub implements Machine.RunControl {
    /** Thrown by the memory slow path when a watchpoint hits; preallocated, no stack trace. */
    static final class WatchHit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        WatchHit() { super("watchpoint", null, false, false); }
    }

    private static final WatchHit WATCH_HIT = new WatchHit();
    private static final int SIGINT = 2, SIGTRAP = 5;
    static final int PACKET_SIZE = 0x4000;

    final Machine m;
    private final GdbConnection conn;
    private final DebugEngine engine;

    // Set by the socket thread: the signal of a requested stop (SIGINT for Ctrl-C, SIGTRAP for a
    // debugger connecting), or 0.
    private volatile int interruptRequested;

    // Emulation-thread state.
    /** The debugger holds the machine: CPUs do not run. */
    private boolean stopped;
    /** A continue or step is outstanding: its stop reply is owed to the client. */
    private boolean awaitingStop;
    /** A stop found by the engine, reported at the next safe point. */
    private String pendingStop;
    private int pendingTid;
    /** The thread being stepped (with {@link #stepping}). */
    private int steppingTid;
    /** The last stop reply (the answer to '?'). */
    private String lastStop;
    /** The CPU being single-stepped, or null. */
    private Cpu stepping;
    /** Hg and Hc selections, as thread IDs (see {@link #cpuOf}). */
    private int gTid = 1, cTid = 1;
    /** A partition thread was stepped while it did not have the CPU: stop when it next runs. */
    private String waitPartition;
    /** Per partition, a CPU holding its saved context while the debugger looks at it. */
    private Cpu[] scratch;
    private long[] breakpoints = new long[8];
    private int breakpointCount;
    private final Watchpoints watches = new Watchpoints();
    private final MonitorCommands monitor;
    /** The watchpoint that hit (set with WATCH_HIT). */
    private Watchpoints.Watch hitWatch;

    private GdbStub(Machine m, String host, int port, boolean waitForDebugger) throws IOException {
        this.m = m;
        this.engine = new DebugEngine(m.engine(), this);
        this.monitor = new MonitorCommands(this);
        stopped = waitForDebugger;
        lastStop = stopReply(SIGTRAP, m.cpu, "");
        conn = new GdbConnection(host, port, this::clientConnected, () -> interrupt(SIGINT));
    }

    /**
     * Starts listening on {@code host:port} and attaches the stub to the machine; with
     * {@code waitForDebugger}, no CPU executes an instruction before the debugger continues.
     */
    public static GdbStub attach(Machine m, String host, int port, boolean waitForDebugger) throws IOException {
        GdbStub s = new GdbStub(m, host, port, waitForDebugger);
        m.setEngine(s.engine);
        m.setRunControl(s);
        return s;
    }

    /** Where the stub listens, as HOST:PORT. */
    public String address() { return conn.address(); }

    public int port() { return conn.port(); }

    // ---- called by the socket thread ---------------------------------------------------------

    private void clientConnected() {
        // As QEMU does: a debugger connecting to a running guest stops it.
        interrupt(SIGTRAP);
    }

    /** Ctrl-C: every CPU leaves its quantum at the next boundary, and the machine stops. */
    private void interrupt(int signal) {
        interruptRequested = signal;
        for (Cpu c : m.cpus) {
            c.yieldQuantum = true;
            c.exitRequest = 1;
        }
    }

    // ---- called by the engine (emulation thread) ---------------------------------------------

    /** A stop is pending: no CPU may run further. */
    boolean holding() { return pendingStop != null || interruptRequested != 0; }

    Cpu stepping() { return stepping; }

    /** Breakpoints or watchpoints exist (or a partition is awaited): run the checking interpreter. */
    boolean checking() { return breakpointCount > 0 || !watches.isEmpty() || waitPartition != null; }

    /** Breakpoints are the only reason to check: the JIT can stop before them itself. */
    boolean onlyBreakpoints() { return watches.isEmpty() && waitPartition == null; }

    /** True when {@code c} must stop before its next instruction. */
    boolean stopBefore(Cpu c) {
        if (waitPartition != null && c.secure && m.spmc.runningPartition() == waitPartition) return true;
        return breakpointAt(c.pc);
    }

    boolean breakpointAt(long pc) {
        long[] b = breakpoints;
        for (int i = 0, n = breakpointCount; i < n; i++) if (b[i] == pc) return true;
        return false;
    }

    void breakpointHit(Cpu c) { stopAt(c, stopReply(SIGTRAP, c, "")); }

    /**
     * A step ends on the thread that was stepped while {@code c} still runs it (a CPU thread
     * always, a partition's while it keeps the CPU), so gdb sees its step complete; else on the
     * thread {@code c} runs now.
     */
    void stepped(Cpu c) {
        int t = steppingTid;
        int i = partitionIndex(t);
        if (i < 0 ? t != c.index + 1 : runningCpu(i) != c) t = tidOf(c);
        stopAt(c, String.format("T%02xthread:%x;", SIGTRAP, t));
    }

    void watchHit(Cpu c) {
        Watchpoints.Watch w = hitWatch;
        stopAt(c, stopReply(SIGTRAP, c, String.format("%s:%x;", w.stopKey(), w.addr)));
    }

    private void stopAt(Cpu c, String reply) {
        if (pendingStop != null) return;
        pendingStop = reply;
        int at = reply.indexOf("thread:");
        pendingTid = Integer.parseInt(reply.substring(at + 7, reply.indexOf(';', at)), 16);
        c.yieldQuantum = true;
        c.exitRequest = 1;
    }

    /** The memory slow path's hook while watchpoints exist. */
    private final Memory.AccessWatch accessWatch = new Memory.AccessWatch() {
        @Override
        public boolean coversPage(long vaPage) { return watches.coversPage(vaPage); }

        @Override
        public void check(Cpu cpu, long va, int size, boolean write) {
            Watchpoints.Watch w = watches.hit(va, size, write);
            if (w != null) {
                hitWatch = w;
                throw WATCH_HIT;
            }
        }
    };

    // ---- the scheduler's hooks (emulation thread) ----------------------------------------------

    @Override
    public void safePoint() {
        int signal = interruptRequested;
        if (signal != 0) {
            interruptRequested = 0;
            Cpu c = stopCpuForInterrupt();
            if (pendingStop == null && !stopped) stopAt(c, stopReply(signal, c, ""));
        }
        if (pendingStop != null) {
            String reply = pendingStop;
            pendingStop = null;
            stepping = null;
            waitPartition = null;
            stopped = true;
            gTid = cTid = pendingTid;
            lastStop = reply;
            if (awaitingStop) {
                awaitingStop = false;
                conn.send(reply);
            }
        }
        if (!stopped) {
            // Requests that come while the guest runs (only a confused client sends them) are
            // answered between rounds, without stopping.
            while (conn.hasInput()) handle(conn.take(0));
            return;
        }
        while (stopped) {
            String p = conn.take(250);
            if (p != null) handle(p);
        }
    }

    /**
     * A debugger may always come and look: with {@code --gdb}, a machine whose CPUs all wait with
     * nothing to wake them stays up (as QEMU does) instead of ending as stuck.
     */
    @Override
    public boolean canWake() { return true; }

    @Override
    public void ended(RunResult r) {
        if (conn.connected() && awaitingStop) {
            conn.send(String.format("W%02x", r.exitCode & 0xFF));
            awaitingStop = false;
        }
    }

    /** The CPU an interrupt is reported on: the selected thread's, if it runs. */
    private Cpu stopCpuForInterrupt() {
        int i = partitionIndex(cTid);
        Cpu sel = i < 0 ? m.cpus[cTid - 1] : i < m.spmc.partitionCount() ? runningCpu(i) : null;
        if (sel != null && sel.poweredOn) return sel;
        for (Cpu c : m.cpus) if (c.poweredOn) return c;
        return m.cpu;
    }

    // ---- requests ----------------------------------------------------------------------------

    private void handle(String p) {
        if (p == null || p.isEmpty()) {
            if (p != null) conn.send("");
            return;
        }
        if (p.equals(GdbConnection.DISCONNECTED)) {
            detach();
            return;
        }
        String reply;
        try {
            reply = request(p);
        } catch (RuntimeException e) {
            // A malformed request (bad hex, missing fields): an error reply, never a stop.
            reply = "E01";
        }
        if (reply != null) conn.send(reply);
    }

    /** The reply to one request, or null when the reply comes later (a resume) or not at all. */
    private String request(String p) {
        char k = p.charAt(0);
        String a = p.substring(1);
        Cpu g = cpuOf(gTid);
        if (g == null) g = cpuOf(gTid = 1);   // no such thread any more: CPU 0
        switch (k) {
            case '?': return lastStop;
            case 'g': return readRegisters(g);
            case 'G': return written(g, writeRegisters(g, a));
            case 'p': return readRegister(g, Integer.parseInt(a, 16));
            case 'P': {
                int eq = a.indexOf('=');
                return written(g, writeRegister(g, Integer.parseInt(a.substring(0, eq), 16), a.substring(eq + 1)));
            }
            case 'm': {
                int comma = a.indexOf(',');
                return readMemory(g, Long.parseUnsignedLong(a.substring(0, comma), 16), Integer.parseInt(a.substring(comma + 1), 16));
            }
            case 'M': {
                int comma = a.indexOf(','), colon = a.indexOf(':');
                long addr = Long.parseUnsignedLong(a.substring(0, comma), 16);
                int len = Integer.parseInt(a.substring(comma + 1, colon), 16);
                return writeMemory(g, addr, Hex.decode(a.substring(colon + 1), len));
            }
            case 'X': {
                int comma = a.indexOf(','), colon = a.indexOf(':');
                long addr = Long.parseUnsignedLong(a.substring(0, comma), 16);
                int len = Integer.parseInt(a.substring(comma + 1, colon), 16);
                byte[] data = Hex.unescapeBinary(a.substring(colon + 1));
                if (data.length != len) return "E01";
                return writeMemory(g, addr, data);
            }
            case 'c': return resume(0, a);
            case 's': return resume(cTid, a);
            case 'C': return resume(0, "");
            case 'S': return resume(cTid, "");
            case 'H': {
                if (a.length() < 2) return "E22";
                int t = tid(a.substring(1));
                if (t > 0 ? cpuOf(t) == null : !isAnyThread(a.substring(1))) return "E22";
                if (a.charAt(0) == 'g') { if (t > 0) gTid = t; }
                else if (a.charAt(0) == 'c') cTid = t > 0 ? t : gTid;
                else return "E22";
                return "OK";
            }
            case 'T': return tid(a) > 0 && cpuOf(tid(a)) != null ? "OK" : "E22";
            case 'Z': case 'z': return breakOrWatch(k == 'Z', a);
            case 'D': detach(); return "OK";
            case 'k': kill(); return null;
            case 'q': return query(a);
            case 'Q': return "";
            case 'v': return vPacket(a);
            default: return "";   // unsupported: the empty reply
        }
    }

    private String query(String a) {
        if (a.startsWith("Supported")) {
            return "PacketSize=" + Integer.toHexString(PACKET_SIZE) + ";qXfer:features:read+;vContSupported+";
        }
        if (a.startsWith("Xfer:features:read:")) {
            String[] f = a.substring("Xfer:features:read:".length()).split(":");
            if (!f[0].equals("target.xml")) return "E00";
            String[] range = f[1].split(",");
            int off = Integer.parseInt(range[0], 16), len = Integer.parseInt(range[1], 16);
            String xml = TargetDescription.XML;
            if (off >= xml.length()) return "l";
            int end = Math.min(xml.length(), off + len);
            return (end == xml.length() ? "l" : "m") + xml.substring(off, end);
        }
        if (a.equals("C")) return "QC" + Integer.toHexString(gTid);
        if (a.equals("Attached")) return "1";
        if (a.equals("fThreadInfo")) {
            StringBuilder s = new StringBuilder("m");
            for (int t = 1; t <= threadCount(); t++) s.append(t == 1 ? "" : ",").append(Integer.toHexString(t));
            return s.toString();
        }
        if (a.equals("sThreadInfo")) return "l";
        if (a.startsWith("ThreadExtraInfo,")) {
            int t = tid(a.substring("ThreadExtraInfo,".length()));
            return cpuOf(t) == null ? "E22" : Hex.encode(describeThread(t).getBytes(StandardCharsets.UTF_8));
        }
        if (a.startsWith("Rcmd,")) {
            String cmd = new String(Hex.decode(a.substring(5), -1), StandardCharsets.UTF_8);
            String out = monitor.run(cmd.trim());
            for (int i = 0; i < out.length(); i += 1024) {
                conn.send("O" + Hex.encode(out.substring(i, Math.min(out.length(), i + 1024)).getBytes(StandardCharsets.UTF_8)));
            }
            return "OK";
        }
        if (a.equals("Symbol::")) return "OK";
        return "";
    }

    private String vPacket(String a) {
        if (a.equals("Cont?")) return "vCont;c;C;s;S";
        if (a.startsWith("Cont;")) {
            int step = 0;
            boolean any = false;
            for (String action : a.substring(5).split(";")) {
                if (action.isEmpty()) continue;
                char kind = action.charAt(0);
                int colon = action.indexOf(':');
                int target = colon >= 0 ? tid(action.substring(colon + 1)) : 0;
                if (kind == 's' || kind == 'S') {
                    if (step == 0) step = target > 0 ? target : cTid;
                    any = true;
                } else if (kind == 'c' || kind == 'C') {
                    any = true;
                } else {
                    return "E01";   // t, r: not offered by vCont?
                }
            }
            if (!any) return "E01";
            return resume(step, "");
        }
        if (a.startsWith("Kill")) {
            conn.send("OK");
            kill();
            return null;
        }
        return "";   // vMustReplyEmpty and everything else
    }

    /**
     * c/s: the stop reply comes later, from {@link #safePoint}. {@code stepTid} is the thread to
     * step, or 0 to continue. Stepping a partition that does not have the CPU runs the machine
     * until it gets it (the partition's next instruction is where it stops).
     */
    private String resume(int stepTid, String addr) {
        Cpu step = null;
        String wait = null;
        if (stepTid > 0) {
            step = cpuOf(stepTid);
            if (step == null) return "E22";
            int i = partitionIndex(stepTid);
            if (i >= 0 && runningCpu(i) == null) {
                wait = m.spmc.partitionName(i);
                step = null;
            }
        }
        if (!addr.isEmpty()) {
            int t = stepTid > 0 ? stepTid : cTid;
            Cpu c = cpuOf(t);
            c.pc = Long.parseUnsignedLong(addr, 16);
            written(c, "OK");
        }
        if (step != null && !step.poweredOn) {
            // A CPU that is off cannot execute: the step ends at once.
            lastStop = stopReply(SIGTRAP, step, "");
            return lastStop;
        }
        stepping = step;
        steppingTid = stepTid;
        waitPartition = wait;
        awaitingStop = true;
        stopped = false;
        // An interrupt that came while the machine was held (the client connecting to a machine
        // held by --gdb-wait) has nothing left to stop.
        interruptRequested = 0;
        return null;
    }

    /** D, or the client went away: forget breakpoints and watchpoints, and let the guest run. */
    private void detach() {
        breakpointCount = 0;
        engine.breakpointsChanged(new long[0]);
        watches.clear();
        updateAccessWatch();
        stepping = null;
        waitPartition = null;
        awaitingStop = false;
        pendingStop = null;
        stopped = false;
    }

    private void kill() {
        detach();
        m.cpu.requestStop(StopReason.GUEST_EXIT, 0, "killed by the debugger");
        conn.drop();
    }

    private String breakOrWatch(boolean insert, String a) {
        String[] f = a.split(",");
        int type = Integer.parseInt(f[0]);
        long addr = Long.parseUnsignedLong(f[1], 16);
        int kind = Integer.parseInt(f[2].split(";")[0], 16);
        switch (type) {
            case 0: case 1:
                if (insert) addBreakpoint(addr); else removeBreakpoint(addr);
                return "OK";
            case 2: case 3: case 4:
                if (kind <= 0) return "E22";
                if (insert) watches.add(type, addr, kind); else watches.remove(type, addr, kind);
                updateAccessWatch();
                return "OK";
            default:
                return "";
        }
    }

    private void addBreakpoint(long addr) {
        if (breakpointAt(addr)) return;   // gdb may insert the same address twice (Z0 and Z1)
        if (breakpointCount == breakpoints.length) breakpoints = java.util.Arrays.copyOf(breakpoints, breakpointCount * 2);
        breakpoints[breakpointCount++] = addr;
        engine.breakpointsChanged(java.util.Arrays.copyOf(breakpoints, breakpointCount));
    }

    private void removeBreakpoint(long addr) {
        for (int i = 0; i < breakpointCount; i++) {
            if (breakpoints[i] == addr) {
                breakpoints[i] = breakpoints[--breakpointCount];
                engine.breakpointsChanged(java.util.Arrays.copyOf(breakpoints, breakpointCount));
                return;
            }
        }
    }

    /** Installs the memory hook on every CPU while watchpoints exist, and drops the TLB entries they cover. */
    private void updateAccessWatch() {
        Memory.AccessWatch w = watches.isEmpty() ? null : accessWatch;
        for (Cpu c : m.cpus) {
            c.mem.accessWatch = w;
            if (w != null) c.mem.flushTlb();
        }
    }

    // ---- threads -------------------------------------------------------------------------------

    /*
     * Thread IDs: CPU k is thread k + 1; the secure partitions follow in load order (partition i
     * is thread CPUs + 1 + i), so a TS developer can break in one partition (break ... thread N).
     * A partition's thread shows the CPU that runs it while it has one, else its saved context.
     */

    private int threadCount() { return m.cpus.length + m.spmc.partitionCount(); }

    /** The partition index of thread {@code tid}, or a negative number for a CPU thread. */
    private int partitionIndex(int tid) { return tid - m.cpus.length - 1; }

    /** The thread a stop of {@code c} is reported on: the partition's when {@code c} runs one. */
    private int tidOf(Cpu c) {
        if (c.secure && c.el == 0) {
            String running = m.spmc.runningPartition();
            for (int i = 0; running != null && i < m.spmc.partitionCount(); i++) {
                if (m.spmc.partitionName(i) == running) return m.cpus.length + 1 + i;
            }
        }
        return c.index + 1;
    }

    /** The CPU executing partition {@code i} now, or null. */
    private Cpu runningCpu(int i) {
        if (m.spmc.runningPartition() != m.spmc.partitionName(i)) return null;
        for (Cpu c : m.cpus) if (c.poweredOn && c.secure) return c;
        return null;
    }

    /** The state thread {@code tid} shows, or null when there is no such thread. */
    private Cpu cpuOf(int tid) {
        if (tid >= 1 && tid <= m.cpus.length) return m.cpus[tid - 1];
        int i = partitionIndex(tid);
        if (i < 0 || i >= m.spmc.partitionCount()) return null;
        Cpu live = runningCpu(i);
        if (live != null) return live;
        if (scratch == null || scratch.length < m.spmc.partitionCount()) scratch = new Cpu[m.spmc.partitionCount()];
        if (scratch[i] == null) scratch[i] = new Cpu(0, m.bus);
        m.spmc.partitionContext(i).restore(scratch[i]);
        return scratch[i];
    }

    /** After a successful register write: a partition's saved context takes it. */
    private String written(Cpu c, String reply) {
        if (reply.equals("OK") && scratch != null) {
            for (int i = 0; i < scratch.length; i++) if (scratch[i] == c) m.spmc.partitionContext(i).save(c);
        }
        return reply;
    }

    private String describeThread(int tid) {
        int i = partitionIndex(tid);
        if (i < 0) return monitor.describe(m.cpus[tid - 1]);
        Cpu live = runningCpu(i);
        return String.format("SP %s 0x%04x %s", m.spmc.partitionName(i), m.spmc.partitionId(i), m.spmc.partitionState(i))
                + (live != null ? " on CPU " + live.index : "");
    }

    /** A thread ID as the client writes it (hex, maybe p<pid>.<tid>); 0 or -1 mean any/all. */
    private static int tid(String id) {
        if (id.startsWith("p")) id = id.substring(id.indexOf('.') + 1);   // multiprocess form
        long t = Long.parseLong(id, 16);
        return t < -1 || t > Integer.MAX_VALUE ? -2 : (int) t;
    }

    private static boolean isAnyThread(String id) { return id.equals("0") || id.equals("-1"); }

    private String stopReply(int signal, Cpu c, String extra) {
        return String.format("T%02xthread:%x;%s", signal, tidOf(c), extra);
    }

    // ---- registers -----------------------------------------------------------------------------

    private static String readRegisters(Cpu c) {
        StringBuilder s = new StringBuilder();
        for (int n = 0; n < TargetDescription.COUNT; n++) s.append(readRegister(c, n));
        return s.toString();
    }

    private static String readRegister(Cpu c, int n) {
        if (n < 0 || n >= TargetDescription.COUNT) return "E45";
        ArchState.DebugRegister r = TargetDescription.REGS[n];
        int bytes = Math.min(8, r.bits / 8);
        StringBuilder s = new StringBuilder(r.bits / 4);
        for (int w = 0; w < r.words(); w++) s.append(Hex.le(r.read(c, w), bytes));
        return s.toString();
    }

    private static String writeRegisters(Cpu c, String hex) {
        int at = 0;
        for (int n = 0; n < TargetDescription.COUNT && at < hex.length(); n++) {
            int len = 2 * TargetDescription.size(n);
            if (at + len > hex.length()) return "E01";
            String r = writeRegister(c, n, hex.substring(at, at + len));
            if (!r.equals("OK")) return r;
            at += len;
        }
        return "OK";
    }

    private static String writeRegister(Cpu c, int n, String hex) {
        if (n < 0 || n >= TargetDescription.COUNT) return "E45";
        if (hex.length() != 2 * TargetDescription.size(n)) return "E01";
        ArchState.DebugRegister r = TargetDescription.REGS[n];
        int chars = hex.length() / r.words();
        for (int w = 0; w < r.words(); w++) {
            if (!r.write(c, w, Hex.parseLe(hex.substring(w * chars, (w + 1) * chars)))) return "E01";
        }
        return "OK";
    }

    // ---- memory ------------------------------------------------------------------------------

    /**
     * A virtual read as {@code c} would make it now (its EL, security state and translation
     * regime), permissions aside; RAM and ROM only (a device read could have side effects). A
     * Non-secure context never reads Secure-only memory, as its own accesses cannot.
     */
    private String readMemory(Cpu c, long addr, int len) {
        if (len < 0 || len > PACKET_SIZE / 2) return "E01";
        StringBuilder s = new StringBuilder(2 * len);
        PhysicalBus bus = c.mem.bus();
        int done = 0;
        while (done < len) {
            long va = addr + done;
            long pa = c.mem.debugTranslate(va);
            byte[] page = pa < 0 || !c.secure && bus.isSecureOnly(pa) ? null : bus.readablePage(pa);
            if (page == null) break;
            int off = (int) pa & (PhysicalBus.PAGE_SIZE - 1);
            int n = Math.min(len - done, Math.min(PhysicalBus.PAGE_SIZE - off, page.length - off));
            if (n <= 0) break;
            s.append(Hex.encode(page, off, n));
            done += n;
        }
        return done == 0 && len > 0 ? "E14" : s.toString();
    }

    private String writeMemory(Cpu c, long addr, byte[] data) {
        PhysicalBus bus = c.mem.bus();
        // Check every page first, so a write that cannot complete changes nothing.
        for (int done = 0; done < data.length; ) {
            long pa = c.mem.debugTranslate(addr + done);
            if (pa < 0 || !c.secure && bus.isSecureOnly(pa) || bus.ramPage(pa) == null) return "E14";
            done += PhysicalBus.PAGE_SIZE - ((int) pa & (PhysicalBus.PAGE_SIZE - 1));
        }
        for (int done = 0; done < data.length; ) {
            long pa = c.mem.debugTranslate(addr + done);
            byte[] page = bus.ramPage(pa);
            int off = (int) pa & (PhysicalBus.PAGE_SIZE - 1);
            int n = Math.min(data.length - done, PhysicalBus.PAGE_SIZE - off);
            System.arraycopy(data, done, page, off, n);
            // Translated code on that page is stale now: tell the JIT as a guest store would.
            Memory.CodePageWatch w = codeWatch();
            if (w != null && w.isCode(page)) w.written(c, page, off, n);
            done += n;
        }
        return "OK";
    }

    /** The JIT's store watch (every real CPU has it once it ran under the JIT), or null. */
    private Memory.CodePageWatch codeWatch() {
        for (Cpu c : m.cpus) if (c.mem.codeWatch != null) return c.mem.codeWatch;
        return null;
    }

    // ---- for MonitorCommands -------------------------------------------------------------------

    Cpu selectedCpu() {
        Cpu c = cpuOf(gTid);
        return c != null ? c : m.cpu;
    }
}
