package dev.jaffa.platform;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.Esr;
import dev.jaffa.interp.isa.Disassembler;


/** The report printed when a guest stops abnormally: where it was and what it last did. */
final class Diagnostics {
    private Diagnostics() {}

    static String report(Cpu c, RunResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("jaffa: guest stopped: %s%n", r.message != null ? r.message : r.reason));
        int el = c.el;
        int bank = Math.max(el, 1);
        sb.append(String.format("  PC=0x%016x EL%d%s SP=0x%016x NZCV=%s%n", c.pc, el, c.spSel ? "h" : "t", c.sp(), flags(c.nzcv)));
        sb.append(String.format("  ELR_EL%d=0x%016x FAR_EL%d=0x%016x SPSR_EL%d=0x%08x VBAR_EL%d=0x%016x%n",
                bank, c.elr[bank], bank, c.far[bank], bank, c.spsr[bank], bank, c.vbar[bank]));
        appendExceptions(sb, c);
        for (int i = 0; i < 31; i += 4) {
            sb.append(' ');
            for (int j = i; j < Math.min(i + 4, 31); j++) sb.append(String.format(" x%-2d=0x%016x", j, c.x[j]));
            sb.append(System.lineSeparator());
        }
        // SIMD&FP state: FPCR/FPSR, and the V registers that are not zero (most guests use few).
        c.settleFp();
        sb.append(String.format("  FPCR=0x%08x FPSR=0x%08x%n", c.fpcr, c.fpsr));
        for (int v = 0; v < 32; v++) {
            if ((c.v[2 * v] | c.v[2 * v + 1]) != 0) {
                sb.append(String.format("  v%-2d=0x%016x%016x%n", v, c.v[2 * v + 1], c.v[2 * v]));
            }
        }
        sb.append(String.format("  executed %d instructions; the last ones:%n", c.insnCount));
        long n = Math.min(c.insnCount, Cpu.RECENT);
        long prev = -1;
        int repeats = 0;
        long[] recent = c.recentPcs();
        for (long k = c.insnCount - n; k < c.insnCount; k++) {
            long pc = recent[(int) k & (Cpu.RECENT - 1)];
            if (pc == prev) {
                repeats++;
                continue;
            }
            appendRepeats(sb, repeats);
            repeats = 0;
            prev = pc;
            long word = c.mem.peek32(pc);
            sb.append(word < 0 ? String.format("    0x%016x  <not in RAM>%n", pc)
                    : String.format("    0x%016x  %08x  %s%n", pc, word, Disassembler.disassemble((int) word, pc)));
        }
        appendRepeats(sb, repeats);
        return sb.toString();
    }

    private static void appendRepeats(StringBuilder sb, int repeats) {
        if (repeats > 0) sb.append(String.format("      (the same address %d more time%s)%n", repeats, repeats == 1 ? "" : "s"));
    }

    /** The recent exceptions, oldest first: the first of a fault loop is usually the interesting one. */
    private static void appendExceptions(StringBuilder sb, Cpu c) {
        if (c.exceptionCount == 0) {
            sb.append(String.format("  no exception taken%n"));
            return;
        }
        long n = Math.min(c.exceptionCount, Cpu.RECENT_EXC);
        if (c.nestedEntries() > n) {
            sb.append(String.format("  this run of %d nested exceptions began with:%n", c.nestedEntries()));
            appendException(sb, c.chainStart, 0);
        }
        sb.append(String.format("  %d exception%s taken, the last %d:%n", c.exceptionCount, c.exceptionCount == 1 ? "" : "s", n));
        for (long k = c.exceptionCount - n; k < c.exceptionCount; k++) {
            appendException(sb, c.recentExc, (int) (k & (Cpu.RECENT_EXC - 1)) * 4);
        }
    }

    private static void appendException(StringBuilder sb, long[] e, int r) {
        long levels = e[r + 3];
        int kind = (int) (levels >>> 8) & 3;
        if (kind != 0) {
            sb.append(String.format("    EL%d->EL%d ELR=0x%016x %s%n", (levels >>> 4) & 15, levels & 15, e[r + 1],
                    kind == 1 ? "IRQ" : kind == 2 ? "FIQ" : "SError " + Esr.describe(e[r])));
            return;
        }
        sb.append(String.format("    EL%d->EL%d ELR=0x%016x FAR=0x%016x %s%n",
                (levels >>> 4) & 15, levels & 15, e[r + 1], e[r + 2], Esr.describe(e[r])));
    }

    private static String flags(int nzcv) {
        return "" + ((nzcv & 8) != 0 ? 'N' : 'n') + ((nzcv & 4) != 0 ? 'Z' : 'z') + ((nzcv & 2) != 0 ? 'C' : 'c') + ((nzcv & 1) != 0 ? 'V' : 'v');
    }
}
