package dev.jaffa.tests.difftest;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Insn;
import dev.jaffa.interp.InsnTracer;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts, from Jaffa's run of a batch, how many generated instructions of each form were actually
 * executed (not branched over) and how many of those raised an exception.
 */
final class Coverage implements InsnTracer, Cpu.ExceptionListener {
    private final Program program;
    private final long codeVa;
    final Map<Insn, Long> executed = new EnumMap<>(Insn.class), excepted = new EnumMap<>(Insn.class);

    Coverage(Program program, long codeVa) {
        this.program = program;
        this.codeVa = codeVa;
    }

    private Insn formAt(long pc) {
        long i = (pc - codeVa) >> 2;
        return i >= 0 && i < program.length() && (pc & 3) == 0 ? program.forms[(int) i] : null;
    }

    @Override
    public void beforeInsn(Cpu cpu, long pc, int insn) {
        Insn f = formAt(pc);
        if (f != null) executed.merge(f, 1L, Long::sum);
    }

    @Override
    public void taken(Cpu cpu, int fromEl, int toEl, int vectorOffset) {
        Insn f = formAt(cpu.curPc);
        if (f != null) excepted.merge(f, 1L, Long::sum);
    }
}
