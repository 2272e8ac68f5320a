package dev.jaffa.tests.difftest;

import dev.jaffa.platform.ElfFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The differential-test harness ELF ({@code guests/build/difftest-harness.elf}) and the patching
 * of its initial registers, scratch memory and code area (see {@code guests/difftest/harness.S}).
 */
final class HarnessImage {
    static final int CODE_SIZE = 65536, SCRATCH_SIZE = 4096, NZCV_OFFSET = 248;

    private final byte[] elf;
    final long codeVa, scratchVa;
    private final int codeOff, scratchOff, initRegsOff;

    private HarnessImage(byte[] elf) throws ElfFile.FormatException {
        this.elf = elf;
        ElfFile f = ElfFile.parse(elf, "difftest-harness.elf");
        codeVa = symbol(f, "dt_code");
        scratchVa = symbol(f, "dt_scratch");
        codeOff = fileOffset(f, codeVa, CODE_SIZE, "dt_code");
        scratchOff = fileOffset(f, scratchVa, SCRATCH_SIZE, "dt_scratch");
        initRegsOff = fileOffset(f, symbol(f, "dt_init_regs"), 256, "dt_init_regs");
        if (symbol(f, "dt_code_end") != codeVa + CODE_SIZE) throw new IllegalStateException("dt_code_end != dt_code + 65536");
    }

    static HarnessImage load(Path path) throws IOException, ElfFile.FormatException {
        return new HarnessImage(Files.readAllBytes(path));
    }

    private static long symbol(ElfFile f, String name) {
        Long v = f.symbol(name);
        if (v == null) throw new IllegalStateException("harness has no symbol " + name);
        return v;
    }

    private static int fileOffset(ElfFile f, long va, int size, String name) {
        int off = f.fileOffsetOf(va), end = f.fileOffsetOf(va + size - 1);
        if (off < 0 || end != off + size - 1) throw new IllegalStateException(name + " is not file-backed");
        return off;
    }

    /** A copy of the harness with the program in dt_code and the given initial state. */
    byte[] patch(Program program, long[] regs, int nzcv, byte[] scratch) {
        if (program.length() > CODE_SIZE / 4) throw new IllegalArgumentException("program too long");
        byte[] b = elf.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < program.length(); i++) bb.putInt(codeOff + 4 * i, program.words[i]);
        for (int i = 0; i < 31; i++) bb.putLong(initRegsOff + 8 * i, regs[i]);
        bb.putLong(initRegsOff + NZCV_OFFSET, (long) (nzcv & 15) << 28);
        System.arraycopy(scratch, 0, b, scratchOff, SCRATCH_SIZE);
        return b;
    }
}
