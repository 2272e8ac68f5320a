package dev.jaffa.interp;

/** Observes each instruction before it executes (the {@code --trace insn} category). */
public interface InsnTracer {
    void beforeInsn(Cpu cpu, long pc, int insn);
}
