package dev.jaffa.platform;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.InsnTracer;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.StopReason;
import dev.jaffa.interp.SystemBus;
import dev.jaffa.interp.TrapSink;

/**
 * The composition root of one emulated system: bus, RAM, CPU and the firmware services in Java.
 * A machine is built, loaded, then run to completion (or to an instruction limit).
 */
public final class Machine {
    public final Board board;
    public final SystemBus bus = new SystemBus();
    public final Cpu cpu;
    private InsnTracer tracer;

    public Machine(Board board, long ramSize, TrapSink traps) {
        this.board = board;
        bus.addRam(board.ramBase, ramSize);
        long alt = board.altRamBase;
        boolean overlaps = alt < board.ramBase + ramSize && board.ramBase < alt + Board.ALT_RAM_SIZE;
        if (!overlaps) bus.addRam(alt, Board.ALT_RAM_SIZE);
        cpu = new Cpu(0, bus);
        cpu.traps = traps;
    }

    public void setTracer(InsnTracer t) { tracer = t; }

    /**
     * Loads an ELF's PT_LOAD segments at their physical addresses and points the CPU at the entry
     * in EL1h with the MMU off, as QEMU does for {@code -kernel file.elf}.
     */
    public void loadElf(ElfFile elf) throws ElfFile.FormatException {
        for (ElfFile.Segment s : elf.segments) {
            if (s.memSize == 0) continue;
            dev.jaffa.interp.Ram ram = bus.ramAt(s.paddr);
            // RAM starts zeroed, so the part beyond the file size (.bss) needs no writes.
            if (ram == null || !ram.contains(s.paddr + s.memSize - 1) || !bus.load(s.paddr, elf.bytes, s.fileOffset, s.fileSize)) {
                throw new ElfFile.FormatException(String.format(
                        "segment at 0x%x (0x%x bytes) is not inside RAM on board %s", s.paddr, s.memSize, board.name().toLowerCase()));
            }
        }
        cpu.resetTo(elf.entry, 1);
    }

    /** Runs until the guest stops or {@code maxInsns} instructions have been attempted. */
    public RunResult run(long maxInsns) {
        long remaining = maxInsns;
        while (cpu.stopReason == StopReason.NONE) {
            long slice = Math.min(remaining, 1L << 30);
            remaining -= Interpreter.run(cpu, slice, tracer);
            if (cpu.exitRequest != 0) break;
            if (remaining <= 0) {
                cpu.stopReason = StopReason.INSN_LIMIT;
                cpu.stopMessage = "instruction limit of " + maxInsns + " reached";
            }
        }
        return new RunResult(cpu.stopReason, cpu.exitCode, cpu.insnCount, cpu.stopMessage);
    }
}
