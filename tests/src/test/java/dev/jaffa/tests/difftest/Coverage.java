package dev.jaffa.tests.difftest;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.InsnTracer;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts, from Jaffa's run of a batch, how many generated instructions of each coverage key
 * ({@link Program#rowKeys}) were actually executed (not branched over) and how many of those
 * raised an exception.
 */
final class Coverage implements InsnTracer, Cpu.ExceptionListener {
    private final Program program;
    private final long codeVa;
    final Map<String, Long> rowsExecuted = new HashMap<>(), rowsExcepted = new HashMap<>();

    Coverage(Program program, long codeVa) {
        this.program = program;
        this.codeVa = codeVa;
    }

    private int indexAt(long pc) {
        long i = (pc - codeVa) >> 2;
        return i >= 0 && i < program.length() && (pc & 3) == 0 ? (int) i : -1;
    }

    @Override
    public void beforeInsn(Cpu cpu, long pc, int insn) {
        int i = indexAt(pc);
        if (i < 0) return;
        if (program.rowKeys[i] != null) rowsExecuted.merge(program.rowKeys[i], 1L, Long::sum);
    }

    @Override
    public void taken(Cpu cpu, int fromEl, int toEl, int vectorOffset) {
        int i = indexAt(cpu.curPc);
        if (i < 0) return;
        if (program.rowKeys[i] != null) rowsExcepted.merge(program.rowKeys[i], 1L, Long::sum);
    }
}
