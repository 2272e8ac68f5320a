package dev.jaffa.tests.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gdb stub driven by a real {@code gdb-multiarch} in batch mode, against Jaffa running
 * {@code guests/build/gdbtarget.elf} on {@code --machine virt} with {@code --gdb 0 -S} (a free port,
 * held at the first instruction): a breakpoint at a symbol, {@code info registers}, stepping round
 * a loop, write and read watchpoints, Ctrl-C, detach (the guest then runs to its end), and the same
 * script against {@code qemu-system-aarch64 -M virt -cpu cortex-a57 -S -gdb ...}: the same
 * registers at the same breakpoint and after the same steps.
 *
 * <p>gdb-multiarch is installed with apt when missing (as root, or with sudo); when that is
 * impossible the tests are skipped with the reason. QEMU's absence fails the comparison unless
 * {@code -Djaffa.difftest.skip=true}, as in the other QEMU comparisons.
 */
class GdbTest {
    static final String GDB = System.getProperty("jaffa.gdb", "gdb-multiarch");
    static final String QEMU = System.getProperty("jaffa.qemu", "qemu-system-aarch64");
    static final long TIMEOUT_S = 120;
    static Path elf;

    @BeforeAll
    static void tools() {
        elf = guest("gdbtarget.elf");
        String why = ensureGdb();
        Assumptions.assumeTrue(why == null, () -> "gdb tests skipped: " + why);
    }

    /** Null when gdb-multiarch runs (after installing it if needed), else why not. */
    static String ensureGdb() {
        if (runs(GDB, "--version")) return null;
        List<String> cmd = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            if (!runs("sudo", "-n", "true")) return GDB + " is missing and cannot be installed (not root, no password-less sudo): apt-get install gdb-multiarch";
            cmd.addAll(List.of("sudo", "-n"));
        }
        cmd.addAll(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", "--no-install-recommends", "gdb-multiarch"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (IOException | InterruptedException e) {
            return "cannot run apt-get to install gdb-multiarch: " + e.getMessage();
        }
        return runs(GDB, "--version") ? null : GDB + " is missing and apt-get install gdb-multiarch failed";
    }

    static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Path guest(String name) {
        String basedir = System.getProperty("basedir");
        for (Path p = (basedir != null ? Path.of(basedir) : Path.of("")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("guests").resolve("build").resolve(name);
            if (Files.isRegularFile(f)) return f;
        }
        throw new AssertionError("guests/build/" + name + " is missing: build the guest programs first with `make -C guests`");
    }

    // ---- the scripts ---------------------------------------------------------------------------

    /** Break in mix() (second call), registers, then seven instruction steps. Shared with QEMU. */
    static List<String> registersScript() {
        return List.of("file " + elf, "break mix", "continue", "continue", "info registers",
                "stepi 7", "info registers", "kill");
    }

    @Test
    void breakpointStepWatchDetach() throws Exception {
        Jaffa j = Jaffa.start("--machine", "virt", "--gdb", "0", "-S", elf.toString());
        List<String> s = new ArrayList<>(List.of("file " + elf, "target remote 127.0.0.1:" + j.port,
                "info threads", "break mix", "continue", "info registers"));
        // Round the loop in mix(): 40 single instructions, the PC printed after each.
        for (int i = 0; i < 40; i++) { s.add("stepi"); s.add("printf \"PC=%lx\\n\", $pc"); }
        s.addAll(List.of("delete", "watch watched", "continue", "delete", "rwatch watched", "continue",
                "monitor el", "monitor sysreg sctlr_el1", "delete", "detach"));
        Gdb g = Gdb.run(s, null);
        String out = g.output;
        assertTrue(out.contains("Thread 1 (CPU 0 EL1h Non-secure)"), () -> "qThreadExtraInfo names the CPU\n" + out);
        Matcher bp = Pattern.compile("Breakpoint 1 at (0x[0-9a-f]+)").matcher(out);
        assertTrue(bp.find(), out);
        long mix = Long.decode(bp.group(1));
        assertTrue(out.contains("Breakpoint 1, mix (n=n@entry=10)"), () -> "stops at the first call of mix\n" + out);
        Map<String, Long> regs = registers(out, 0);
        assertEquals(mix, regs.get("pc"), out);
        assertEquals(10, regs.get("x0"), "mix's argument\n" + out);
        assertEquals(0x3c5, regs.get("cpsr") & 0xFFFF_FFF, "EL1h, DAIF masked\n" + out);
        // Stepping: every PC in mix() (within 0x100 bytes of its start), and the loop's PCs come round again.
        List<Long> pcs = new ArrayList<>();
        Matcher pm = Pattern.compile("PC=([0-9a-f]+)").matcher(out);
        while (pm.find()) pcs.add(Long.parseLong(pm.group(1), 16));
        assertEquals(40, pcs.size(), out);
        for (long pc : pcs) assertTrue(pc >= mix && pc < mix + 0x100, () -> "step left mix(): " + Long.toHexString(pc) + "\n" + out);
        assertTrue(pcs.stream().distinct().count() < 20, () -> "the steps go round the loop: " + pcs + "\n" + out);
        for (int i = 1; i < pcs.size(); i++) assertFalse(pcs.get(i).equals(pcs.get(i - 1)), "each step moves the PC\n" + out);
        // Write watchpoint: stops in record() with the old and new value; read watchpoint at the final check.
        assertTrue(out.contains("Hardware watchpoint 2: watched\n\nOld value = 0\nNew value = "), () -> "write watchpoint\n" + out);
        assertTrue(Pattern.compile("New value = \\d+\\n0x[0-9a-f]+ in record ").matcher(out).find(), () -> "stops in record()\n" + out);
        assertTrue(out.contains("Hardware read watchpoint 3: watched\n\nValue = "), () -> "read watchpoint\n" + out);
        assertTrue(out.contains("CPU 0 EL1h Non-secure  <- selected"), () -> "monitor el\n" + out);
        assertTrue(Pattern.compile("sctlr_el1 = 0x[0-9a-f]{16}").matcher(out).find(), () -> "monitor sysreg\n" + out);
        assertTrue(out.contains("[Inferior 1 (Remote target) detached]"), out);
        // Detached, the guest runs on to its end.
        j.waitFor();
        assertEquals(0, j.exit, j::describe);
        assertTrue(j.stdout().contains("PASS gdbtarget"), j::describe);
    }

    @Test
    void ctrlCInterruptsARunningGuest() throws Exception {
        Jaffa j = Jaffa.start("--machine", "virt", "--gdb", "0", "-S", elf.toString());
        // spin = 1 makes main() spin after its work until release is set. gdb's piped output is
        // buffered, so a file the script creates just before the continue says when to interrupt.
        Path mark = Files.createTempFile("jaffa-gdb-", ".mark");
        Files.delete(mark);
        List<String> s = List.of("file " + elf, "target remote 127.0.0.1:" + j.port, "break main", "continue", "delete",
                "set var spin = 1", "shell touch " + mark, "continue", "printf \"SPINS=%lu\\n\", spins", "set var release = 1", "detach");
        Gdb g;
        try {
            g = Gdb.run(s, mark);
        } finally {
            Files.deleteIfExists(mark);
        }
        String out = g.output;
        assertTrue(out.contains("Program received signal SIGINT, Interrupt."), () -> "Ctrl-C stops the guest\n" + out);
        Matcher m = Pattern.compile("SPINS=(\\d+)").matcher(out);
        assertTrue(m.find() && Long.parseLong(m.group(1)) > 1000, () -> "the guest was running when interrupted\n" + out);
        j.waitFor();
        assertEquals(0, j.exit, j::describe);
        assertTrue(j.stdout().contains("PASS gdbtarget"), j::describe);
    }

    @Test
    void sameRegistersAsQemu() throws Exception {
        if (Boolean.getBoolean("jaffa.difftest.skip")) Assumptions.abort("jaffa.difftest.skip=true");
        assertTrue(runs(QEMU, "--version"), QEMU + " is not installed (Debian: apt-get install qemu-system-arm); "
                + "pass -Djaffa.difftest.skip=true to skip the QEMU comparisons");
        Jaffa j = Jaffa.start("--machine", "virt", "--gdb", "0", "-S", elf.toString());
        List<String> js = new ArrayList<>(List.of("target remote 127.0.0.1:" + j.port));
        js.addAll(registersScript());
        String jaffa = Gdb.run(js, null).output;
        j.waitFor();
        assertEquals(0, j.exit, () -> "gdb's kill ends Jaffa, as it ends QEMU\n" + j.describe());
        assertFalse(j.stdout().contains("PASS"), () -> "killed before the guest finished\n" + j.describe());

        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) { port = free.getLocalPort(); }
        Process q = new ProcessBuilder(QEMU, "-M", "virt", "-cpu", "cortex-a57", "-nographic", "-nic", "none",
                "-semihosting-config", "enable=on,target=native", "-gdb", "tcp:127.0.0.1:" + port, "-S", "-kernel", elf.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String qemu;
        try {
            List<String> qs = new ArrayList<>(List.of("target remote 127.0.0.1:" + port));
            qs.addAll(registersScript());
            qemu = Gdb.run(qs, null).output;
        } finally {
            q.destroyForcibly().waitFor();
        }
        for (int stop = 0; stop < 2; stop++) {
            Map<String, Long> a = registers(jaffa, stop), b = registers(qemu, stop);
            assertEquals(34, a.size(), "x0-x30, sp, pc, cpsr from Jaffa\n" + jaffa);
            assertEquals(a, b, "stop " + stop + ": Jaffa's registers (first) differ from QEMU's\n--- Jaffa:\n" + jaffa + "\n--- QEMU:\n" + qemu);
        }
        assertTrue(jaffa.contains("Breakpoint 1, mix (n=n@entry=20)"), jaffa);
    }

    /**
     * A breakpoint inside a secure partition while the normal world calls it: {@code jaffa xtest}
     * (the FF-A suite with spm-test1..4), spm-test1's symbols at the offset {@code monitor ffa}
     * gives (spm-test1..4 are one program), and a breakpoint in the request handler for thread 3,
     * which is spm-test2's execution context: gdb resumes past the hits in the other partitions,
     * and stops with the CPU at S-EL0 in spm-test2, on a request from the normal world.
     */
    @Test
    void breakpointInsideASecurePartition() throws Exception {
        Jaffa j = Jaffa.command("xtest", "--gdb", "0", "-S");
        Path sp = guest("sp/spm-test1.elf");
        String out = Gdb.run(List.of("file " + guest("xtest.elf"), "target remote 127.0.0.1:" + j.port, "monitor ffa",
                "info threads", "add-symbol-file " + sp + " -o 0x1000000", "break sp_handle_request thread 3", "continue",
                "monitor el", "printf \"SRC=%x DST=%x\\n\", m->src, m->dst", "info threads", "next", "delete", "detach"), null).output;
        assertTrue(Pattern.compile("0x8002 spm-test1 .* image 0x1000000-0x[0-9a-f]+  add-symbol-file \\S*spm-test1.elf -o 0x1000000")
                .matcher(out).find(), () -> "monitor ffa lists spm-test1 and its symbol offset\n" + out);
        for (String t : List.of("2    Thread 2 (SP spm-test1 0x8002 BUSY on CPU 0)", "3    Thread 3 (SP spm-test2 0x8003 BUSY)",
                "5    Thread 5 (SP spm-test4 0x8005 BUSY)")) {
            assertTrue(out.contains(t), () -> "partition threads, before the first instruction: " + t + "\n" + out);
        }
        assertTrue(out.contains("Thread 3 hit Breakpoint 1, sp_handle_request ("), () -> "stops in spm-test2\n" + out);
        assertTrue(out.contains("CPU 0 S-EL0t Secure partition spm-test2  <- selected"), () -> "at S-EL0 in spm-test2\n" + out);
        assertTrue(out.contains("SRC=0 DST=8003"), () -> "a request from the normal world (ID 0) to spm-test2\n" + out);
        assertTrue(out.contains("* 3    Thread 3 (SP spm-test2 0x8003 BUSY on CPU 0)"), () -> "the stop is on spm-test2's thread\n" + out);
        assertTrue(Pattern.compile("\\n6\\d\\d\\s+(switch|test_|case)").matcher(out).find() || out.contains("\n655\t"),
                () -> "next steps on in the handler\n" + out);
        j.waitFor();
        assertEquals(0, j.exit, j::describe);
        assertTrue(j.stdout().contains(" 0 failed"), j::describe);
    }

    /**
     * The same with Linux as the normal world ({@code jaffa ts}: Debian's kernel with its FF-A
     * drivers runs the FF-A suite from userspace): a breakpoint in spm-test1's request handler,
     * at the symbol offset {@code monitor ffa} gives, stops at S-EL0 in a partition on a request
     * Linux made, and the suite then finishes with nothing failed.
     */
    @Test
    void breakpointInsideASecurePartitionUnderLinux() throws Exception {
        // A Linux boot is minutes with the interpreter; the engine-independent part (the stub and
        // partition threads) is tested by the bare-metal case above under both engines.
        org.junit.jupiter.api.Assumptions.assumeFalse("interp".equals(System.getenv("JAFFA_ENGINE")),
                "Linux under --engine interp: skipped (run-tests' interpreter pass)");
        Jaffa j = Jaffa.command("ts", "--gdb", "0", "-S", "--max-insns", "300000000000");
        Path sp = guest("sp/spm-test1.elf");
        String out = Gdb.run(List.of("target remote 127.0.0.1:" + j.port, "monitor ffa", "add-symbol-file " + sp + " -o 0x1000000",
                "break sp_handle_request", "continue", "monitor el", "printf \"SRC=%x DST=%x\\n\", m->src, m->dst",
                "delete", "detach"), null, 900).output;
        assertTrue(Pattern.compile("0x80[0-9a-f]{2} spm-test1 .* image 0x1000000-0x[0-9a-f]+  add-symbol-file \\S*spm-test1.elf -o 0x1000000")
                .matcher(out).find(), () -> "monitor ffa lists spm-test1 and its symbol offset\n" + out);
        assertTrue(Pattern.compile("Thread \\d+ hit Breakpoint 1, sp_handle_request \\(").matcher(out).find(), () -> "stops in a partition\n" + out);
        assertTrue(Pattern.compile("CPU \\d S-EL0t Secure partition spm-test\\d  <- selected").matcher(out).find(), () -> "at S-EL0\n" + out);
        assertTrue(Pattern.compile("SRC=(0|80[0-9a-f]{2}) DST=80[0-9a-f]{2}\\n").matcher(out).find(), () -> "a request to spm-test1..4\n" + out);
        assertTrue(out.contains("[Inferior 1 (Remote target) detached]"), out);
        j.waitFor(900);
        assertEquals(0, j.exit, j::describe);
        assertTrue(Pattern.compile("(?m)^\\d+ passed, 0 failed").matcher(j.stdout()).find(), j::describe);
    }

    private static final Pattern REG = Pattern.compile("^(x\\d+|sp|pc|cpsr)\\s+(0x[0-9a-f]+)", Pattern.MULTILINE);

    /** x0..x30, sp, pc and cpsr of the {@code n}th {@code info registers} in gdb's output. */
    static Map<String, Long> registers(String out, int n) {
        String[] blocks = out.split("(?m)^(?=x0\\s)");
        assertTrue(blocks.length > n + 1, () -> "no info registers output #" + n + "\n" + out);
        Map<String, Long> r = new LinkedHashMap<>();
        Matcher m = REG.matcher(blocks[n + 1]);
        while (m.find()) {
            if (r.containsKey(m.group(1))) break;
            r.put(m.group(1), Long.parseUnsignedLong(m.group(2).substring(2), 16));
        }
        return r;
    }

    // ---- processes -----------------------------------------------------------------------------

    /** Jaffa's CLI in a child JVM; its stub's port comes from the stderr line it prints. */
    static final class Jaffa {
        final Process p;
        final int port;
        final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        final List<String> cmd;
        int exit = -1;

        private Jaffa(List<String> cmd) throws IOException, InterruptedException {
            this.cmd = cmd;
            p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close();
            drain(p.getInputStream(), out);
            drain(p.getErrorStream(), err);
            Pattern addr = Pattern.compile("gdb stub on [0-9.]+:(\\d+)");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Matcher m;
            while (!(m = addr.matcher(text(err))).find()) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    p.destroyForcibly();
                    throw new AssertionError("Jaffa did not report its gdb port\n" + describe());
                }
                Thread.sleep(20);
            }
            port = Integer.parseInt(m.group(1));
        }

        static Jaffa start(String... args) throws IOException, InterruptedException {
            return command("run", args);
        }

        /** {@code jaffa COMMAND ARGS...}, with jaffa.home at the checkout (where guests/build is). */
        static Jaffa command(String command, String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djaffa.home=" + guest("gdbtarget.elf").getParent().getParent().getParent(), "-cp", System.getProperty("java.class.path"),
                    "dev.jaffa.platform.Main", command));
            cmd.addAll(List.of(args));
            return new Jaffa(cmd);
        }

        void waitFor() throws InterruptedException { waitFor(TIMEOUT_S); }

        void waitFor(long timeoutS) throws InterruptedException {
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("Jaffa did not end\n" + describe());
            }
            exit = p.exitValue();
        }

        String stdout() { return text(out); }

        String describe() {
            return "--- jaffa (exit " + exit + "): " + String.join(" ", cmd.subList(5, cmd.size())) + "\n--- stdout:\n" + text(out)
                    + "--- stderr:\n" + text(err);
        }
    }

    /** A gdb-multiarch -batch run of {@code commands}; with {@code interruptAfter}, SIGINT a second after that file appears. */
    static final class Gdb {
        String output;

        static Gdb run(List<String> commands, Path interruptAfter) throws IOException, InterruptedException {
            return run(commands, interruptAfter, TIMEOUT_S);
        }

        static Gdb run(List<String> commands, Path interruptAfter, long timeoutS) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of(GDB, "-batch", "-nx", "-ex", "set pagination off", "-ex", "set confirm off"));
            for (String c : commands) { cmd.add("-ex"); cmd.add(c); }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            Thread t = drain(p.getInputStream(), buf);
            if (interruptAfter != null) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
                while (!Files.exists(interruptAfter) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
                Thread.sleep(1000);   // gdb continues at once; let the guest spin for a while
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            }
            boolean ended = p.waitFor(timeoutS, TimeUnit.SECONDS);
            if (!ended) p.destroyForcibly().waitFor();
            t.join();
            Gdb g = new Gdb();
            g.output = text(buf);
            assertTrue(ended, () -> "gdb did not finish\n" + g.output);
            assertNotNull(g.output);
            return g;
        }
    }

    static String text(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    static Thread drain(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[4096];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    synchronized (to) { to.write(b, 0, n); }
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
