package dev.jaffa.platform;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import java.io.PrintStream;

/** The exception and interrupt trace categories: one greppable line per exception entry. */
final class Traces {
    private Traces() {}

    private static final String[] KIND = {"sync", "IRQ", "FIQ", "SError"};

    static void exceptions(Machine m, PrintStream out, boolean sync, boolean async) {
        for (Cpu c : m.cpus) {
            c.exceptionListener = (cpu, from, to, offset) -> {
                int kind = (offset >>> 7) & 3;
                if (kind == 0 ? !sync : !async) return;
                if (kind == 0) {
                    out.printf("exc: cpu%d EL%d->EL%d %s FAR=0x%x ELR=0x%x SPSR=0x%x VBAR+0x%03x%n", cpu.index, from, to,
                            Esr.describe(cpu.esr[to]), cpu.far[to], cpu.elr[to], cpu.spsr[to], offset);
                } else {
                    out.printf("irq: cpu%d %s EL%d->EL%d ELR=0x%x SPSR=0x%x lines=%s VBAR+0x%03x%n", cpu.index, KIND[kind],
                            from, to, cpu.elr[to], cpu.spsr[to], lines(cpu.interruptLines), offset);
                }
            };
        }
    }

    private static String lines(int l) {
        if (l == 0) return "none(virtual)";
        StringBuilder sb = new StringBuilder();
        if ((l & Cpu.LINE_IRQ) != 0) sb.append("IRQ ");
        if ((l & Cpu.LINE_FIQ) != 0) sb.append("FIQ ");
        if ((l & Cpu.LINE_SERROR) != 0) sb.append("SError ");
        return sb.toString().trim().replace(' ', '+');
    }
}
