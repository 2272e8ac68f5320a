package dev.jaffa.tests.difftest;

import dev.jaffa.interp.InsnTracer;
import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.platform.ElfFile;
import dev.jaffa.platform.Machine;
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
    private final int codeOff, scratchOff, initRegsOff, initVregsOff, initFpcrOff, fpViaHostOff;
    private final long vsaveHostVa, finalVregsVa;

    private HarnessImage(byte[] elf) throws ElfFile.FormatException {
        this.elf = elf;
        ElfFile f = ElfFile.parse(elf, "difftest-harness.elf");
        codeVa = symbol(f, "dt_code");
        scratchVa = symbol(f, "dt_scratch");
        codeOff = fileOffset(f, codeVa, CODE_SIZE, "dt_code");
        scratchOff = fileOffset(f, scratchVa, SCRATCH_SIZE, "dt_scratch");
        initRegsOff = fileOffset(f, symbol(f, "dt_init_regs"), 256, "dt_init_regs");
        initVregsOff = fileOffset(f, symbol(f, "dt_init_vregs"), 512, "dt_init_vregs");
        initFpcrOff = fileOffset(f, symbol(f, "dt_init_fpcr"), 8, "dt_init_fpcr");
        fpViaHostOff = fileOffset(f, symbol(f, "dt_fp_via_host"), 8, "dt_fp_via_host");
        vsaveHostVa = symbol(f, "dt_vsave_host");
        finalVregsVa = symbol(f, "dt_final_vregs");
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

    /** {@code LDP q0, q1, [x0]} and {@code STP q0, q1, [x0]}: how the harness loads and saves V0-V31. */
    static final int LDP_Q = 0xAD400400, STP_Q = 0xAD000400;

    /**
     * True when Jaffa cannot run the harness's own SIMD&FP loads and stores (their rows are not in
     * {@link A64Table} yet): Jaffa's runs then set dt_fp_via_host, and the host side sets V0-V31
     * before the run and copies them to dt_final_vregs at dt_vsave_host ({@link #jaffaImage},
     * {@link #hostFp}). QEMU always runs the harness as built.
     */
    static boolean jaffaNeedsHostFp() { return A64Table.decode(LDP_Q) == null || A64Table.decode(STP_Q) == null; }

    /** The image Jaffa runs: {@code image} with dt_fp_via_host set when {@link #jaffaNeedsHostFp}. */
    byte[] jaffaImage(byte[] image) {
        if (!jaffaNeedsHostFp()) return image;
        byte[] b = image.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(fpViaHostOff, 1);
        return b;
    }

    /**
     * The Jaffa machine set-up matching {@link #jaffaImage}: with the host-side V registers, sets
     * V0..V31 to {@code vregs} (null: zeros) and installs a tracer (calling {@code also} first, if
     * not null) that stores them to dt_final_vregs at dt_vsave_host; otherwise just {@code also}.
     */
    java.util.function.Consumer<Machine> hostFp(long[] vregs, InsnTracer also) {
        if (!jaffaNeedsHostFp()) return m -> { if (also != null) m.setTracer(also); };
        return m -> {
            if (vregs != null) System.arraycopy(vregs, 0, m.cpu.v, 0, 64);
            m.setTracer((cpu, pc, insn) -> {
                if (also != null) also.beforeInsn(cpu, pc, insn);
                if (pc != vsaveHostVa) return;
                ByteBuffer out = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < 64; i++) out.putLong(cpu.v[i]);
                if (!m.bus.load(finalVregsVa, out.array(), 0, 512)) throw new IllegalStateException("dt_final_vregs is not RAM");
            });
        };
    }

    /** A copy of the harness with the program in dt_code and the given initial state (V0-V31, FPCR zero). */
    byte[] patch(Program program, long[] regs, int nzcv, byte[] scratch) {
        return patch(program, regs, nzcv, scratch, null, 0);
    }

    /**
     * A copy of the harness with the program in dt_code and the given initial state; {@code vregs}
     * holds V0..V31 as {low, high} pairs (64 longs, or null for zeros), {@code fpcr} the FPCR.
     */
    byte[] patch(Program program, long[] regs, int nzcv, byte[] scratch, long[] vregs, int fpcr) {
        if (program.length() > CODE_SIZE / 4) throw new IllegalArgumentException("program too long");
        byte[] b = elf.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < program.length(); i++) bb.putInt(codeOff + 4 * i, program.words[i]);
        for (int i = 0; i < 31; i++) bb.putLong(initRegsOff + 8 * i, regs[i]);
        bb.putLong(initRegsOff + NZCV_OFFSET, (long) (nzcv & 15) << 28);
        System.arraycopy(scratch, 0, b, scratchOff, SCRATCH_SIZE);
        if (vregs != null) for (int i = 0; i < 64; i++) bb.putLong(initVregsOff + 8 * i, vregs[i]);
        bb.putLong(initFpcrOff, fpcr & 0xFFFF_FFFFL);
        return b;
    }
}
