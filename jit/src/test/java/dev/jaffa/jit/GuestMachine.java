package dev.jaffa.jit;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.monitor.Semihosting;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The part of the virt board a semihosting guest program uses: RAM at 0x4000_0000, one CPU at
 * EL1h with the MMU off, and semihosting (platform's Machine would make a dependency cycle once
 * platform selects the engine).
 */
final class GuestMachine {
    static final long RAM_BASE = 0x4000_0000L, RAM_SIZE = 128L << 20;

    final SystemBus bus = new SystemBus();
    final Cpu cpu;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final Semihosting semihosting;

    GuestMachine(Path elf, String commandLine) throws IOException {
        bus.addRam(RAM_BASE, RAM_SIZE);
        cpu = new Cpu(0, bus);
        semihosting = new Semihosting(null, new ByteArrayInputStream(new byte[0]), out, out);
        if (commandLine != null) semihosting.setCommandLine(commandLine);
        cpu.traps = semihosting;
        long entry = load(Files.readAllBytes(elf));
        cpu.resetTo(entry, 1);
    }

    /** Copies the PT_LOAD segments to their physical addresses (zero-filling the rest); returns the entry. */
    private long load(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long entry = bb.getLong(24), phoff = bb.getLong(32);
        int phentsize = bb.getShort(54) & 0xFFFF, phnum = bb.getShort(56) & 0xFFFF;
        for (int i = 0; i < phnum; i++) {
            int p = (int) phoff + i * phentsize;
            if (bb.getInt(p) != 1) continue;
            long off = bb.getLong(p + 8), paddr = bb.getLong(p + 24), filesz = bb.getLong(p + 32), memsz = bb.getLong(p + 40);
            bus.load(paddr, b, (int) off, (int) filesz);
            if (memsz > filesz) bus.load(paddr + filesz, new byte[(int) (memsz - filesz)], 0, (int) (memsz - filesz));
        }
        return entry;
    }

    String output() {
        semihosting.flush();
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** guests/build/NAME, found by walking up from the working directory. */
    static Path guest(String name) {
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("guests/build").resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        throw new IllegalStateException("guests/build/" + name + " not found; build with 'make -C guests'");
    }
}
