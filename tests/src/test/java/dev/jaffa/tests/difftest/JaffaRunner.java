package dev.jaffa.tests.difftest;

import dev.jaffa.interp.StopReason;
import dev.jaffa.monitor.Semihosting;
import dev.jaffa.platform.Board;
import dev.jaffa.platform.ElfFile;
import dev.jaffa.platform.Machine;
import dev.jaffa.platform.RunResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Runs an ELF image in-process on Jaffa's virt board, capturing the semihosting console. */
final class JaffaRunner {
    private JaffaRunner() {}

    /** RAM size, as QEMU's virt default (128 MiB); pages are only allocated when touched. */
    static final long RAM_SIZE = 128L << 20;

    static RunOutput run(byte[] elf, String name, String commandLine, long maxInsns) {
        return run(elf, name, commandLine, maxInsns, m -> { });
    }

    /** As {@link #run(byte[], String, String, long)}, letting {@code setup} attach observers first. */
    static RunOutput run(byte[] elf, String name, String commandLine, long maxInsns,
                         java.util.function.Consumer<Machine> setup) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Semihosting sh = new Semihosting(null, new ByteArrayInputStream(new byte[0]), out, out)) {
            if (commandLine != null) sh.setCommandLine(commandLine);
            Machine m = new Machine(Board.VIRT, RAM_SIZE, sh);
            // The JIT is the default engine; JAFFA_ENGINE=interp runs the comparisons with the
            // interpreter (child JVMs of the CLI honour it too).
            if ("interp".equals(System.getenv("JAFFA_ENGINE"))) m.setEngine(dev.jaffa.interp.Interpreter.ENGINE);
            m.loadElf(ElfFile.parse(elf, name));
            setup.accept(m);
            RunResult r;
            try {
                r = m.run(maxInsns);
            } catch (RuntimeException | StackOverflowError e) {
                // A bug in Jaffa (an unimplemented helper, an index out of bounds, ...): a difference
                // like any other, which the difftest bisects to the instruction that raised it.
                sh.flush();
                StackTraceElement[] st = e.getStackTrace();
                return new RunOutput(out.toString(StandardCharsets.ISO_8859_1), -1, String.format(java.util.Locale.ROOT,
                        "Jaffa threw %s at pc 0x%x%s", e, m.cpu.curPc, st.length > 0 ? " in " + st[0] : ""));
            }
            sh.flush();
            String problem = r.reason == StopReason.GUEST_EXIT ? null : r.toString();
            return new RunOutput(out.toString(StandardCharsets.ISO_8859_1), r.exitCode, problem);
        } catch (ElfFile.FormatException e) {
            return new RunOutput("", -1, e.getMessage());
        }
    }
}
