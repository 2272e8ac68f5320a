package dev.jaffa.platform.gdb;

import dev.jaffa.interp.ArchState;
import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.ExceptionTaken;
import dev.jaffa.interp.memory.PhysicalBus;
import dev.jaffa.interp.system.SysReg;
import dev.jaffa.interp.system.SystemInsns;
import java.util.Locale;

/** gdb's {@code monitor} commands (qRcmd): state gdb's own commands cannot show. */
final class MonitorCommands {
    private final GdbStub stub;

    MonitorCommands(GdbStub stub) { this.stub = stub; }

    static final String HELP = "Jaffa monitor commands:\n"
            + "  monitor el                 EL, security state and power state of every CPU\n"
            + "  monitor sysreg NAME        a system register of the selected CPU (e.g. sctlr_el1, ttbr0_el1, esr_el1)\n"
            + "  monitor phys ADDR [LEN]    physical memory (RAM/ROM; LEN bytes, default 64, at most 4096)\n"
            + "  monitor ffa                secure partitions: ID, name, state, image range, add-symbol-file offset\n"
            + "  monitor help               this text\n";

    /** The output of {@code cmd} (ends with a newline). */
    String run(String cmd) {
        String[] w = cmd.split("\\s+");
        try {
            switch (w[0]) {
                case "":
                case "help": return HELP;
                case "el": return el();
                case "sysreg": return w.length == 2 ? sysreg(stub.selectedCpu(), w[1]) : "usage: monitor sysreg NAME\n";
                case "phys":
                    if (w.length < 2 || w.length > 3) return "usage: monitor phys ADDR [LEN]\n";
                    return phys(parse(w[1]), w.length == 3 ? (int) parse(w[2]) : 64);
                case "ffa": return ffa();
                default: return "unknown monitor command '" + w[0] + "'\n" + HELP;
            }
        } catch (NumberFormatException e) {
            return "bad number: " + e.getMessage() + "\n";
        }
    }

    private static long parse(String s) {
        s = s.toLowerCase(Locale.ROOT);
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    /** One line for qThreadExtraInfo and {@code monitor el}: where the CPU is. */
    String describe(Cpu c) {
        StringBuilder s = new StringBuilder("CPU ").append(c.index);
        if (!c.poweredOn) return s.append(" (powered off)").toString();
        s.append(c.secure ? " S-EL" : " EL").append(c.el).append(c.el == 0 ? "t" : c.spSel ? "h" : "t")
         .append(c.secure ? " Secure" : " Non-secure");
        if (c.secure) {
            String sp = stub.m.spmc.runningPartition();
            if (sp != null) s.append(" partition ").append(sp);
        }
        if (c.sleeping) s.append(c.waitingForEvent ? " (WFE)" : " (WFI)");
        return s.toString();
    }

    private String el() {
        StringBuilder s = new StringBuilder();
        for (Cpu c : stub.m.cpus) {
            s.append(describe(c)).append(c == stub.selectedCpu() ? "  <- selected" : "").append('\n');
        }
        return s.toString();
    }

    /**
     * A register by its Arm ARM name: from the declared architectural state when it is there,
     * else as MRS would read it at the CPU's highest implemented guest EL (so no EL or HCR_EL2
     * trap can apply, and nothing is taken). Registers implemented by devices (the GIC CPU
     * interface, whose reads acknowledge interrupts) are not read.
     */
    static String sysreg(Cpu c, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        SysReg r = null;
        try {
            r = SysReg.valueOf(n.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // Not an MRS name: maybe a declared register (sp_el2, elr_el2, pstate, ...).
        }
        // FPCR/FPSR (MRS checks the FP trap controls) and SP_EL0 (MRS needs SPSel = 1) straight from the state.
        if (r == null || r == SysReg.FPCR || r == SysReg.FPSR || r == SysReg.SP_EL0) {
            for (ArchState.Item i : ArchState.items()) {
                if (i.size == 1 && i.name.equals(n)) return String.format("%s = 0x%016x\n", n, i.get(c));
            }
            return "no system register '" + name + "' (or it belongs to a device: not read by the debugger)\n";
        }
        if (r == SysReg.CURRENTEL) return String.format("%s = 0x%016x\n", n, (long) c.el << 2);
        int el = c.haveEl2 ? 2 : 1;
        if (r.minEl > el) {
            return n + (r.minEl == 3 ? ": an EL3 register; EL3 is Jaffa's monitor, in Java, not a CPU state\n"
                    : ": an EL2 register; this machine runs without EL2\n");
        }
        int saved = c.el;
        c.el = el;
        try {
            return String.format("%s = 0x%016x\n", n, SystemInsns.read(c, r.key, 0));
        } catch (ExceptionTaken e) {
            return n + ": not readable\n";   // cannot happen at the EL chosen above
        } finally {
            c.el = saved;
        }
    }

    private String phys(long addr, int len) {
        if (len <= 0 || len > 4096) return "LEN must be 1..4096\n";
        PhysicalBus bus = stub.m.bus;
        StringBuilder s = new StringBuilder();
        for (long line = addr; line < addr + len; line += 16) {
            int n = (int) Math.min(16, addr + len - line);
            boolean secure = bus.isSecureOnly(line);
            s.append(String.format("%012x %s ", line, secure ? "S " : "NS"));
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < n; k++) {
                long pa = line + k;
                byte[] page = bus.readablePage(pa);
                if (page == null) {
                    s.append(" --");
                    text.append(' ');
                    continue;
                }
                int b = page[(int) pa & (PhysicalBus.PAGE_SIZE - 1)] & 0xFF;
                s.append(String.format(" %02x", b));
                text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
            }
            s.append("  ").append(text).append('\n');
        }
        s.append("(S: Secure-only memory, the secure world's PA space; NS: Non-secure; --: not RAM or ROM, devices are not read)\n");
        return s.toString();
    }

    private String ffa() {
        java.util.List<String> lines = stub.m.spmc.debugListing();
        if (lines.isEmpty()) return "no partitions (load some with --sp or --sp-dir)\n";
        StringBuilder s = new StringBuilder("ID     NAME             STATE             IMAGE (S-EL0 VA)                 SYMBOLS\n");
        for (String l : lines) s.append(l).append('\n');
        s.append("Partitions run at S-EL0 on the CPU that called them; each is also a thread (info threads), so\n"
                + "break LOC thread N stops in that one. For a stripped image, give add-symbol-file the unstripped ELF.\n");
        return s.toString();
    }
}
