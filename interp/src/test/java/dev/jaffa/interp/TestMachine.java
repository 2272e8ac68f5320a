package dev.jaffa.interp;

import dev.jaffa.interp.memory.SystemBus;

/** A CPU with RAM at 0x4000_0000 and a program placed at {@link #CODE}, for directed tests. */
final class TestMachine {
    static final long RAM = 0x4000_0000L, CODE = 0x4010_0000L, VBAR = 0x4020_0000L, DATA = 0x4030_0000L;
    final SystemBus bus = new SystemBus();
    final Cpu cpu;

    TestMachine(int... code) {
        bus.addRam(RAM, 16L << 20);
        cpu = new Cpu(0, bus);
        for (int i = 0; i < code.length; i++) cpu.mem.write32(CODE + 4L * i, code[i]);
        // Every vector slot holds BRK #0x7E57 so a test can see where an exception went without looping.
        for (int v = 0; v < 0x800; v += 4) cpu.mem.write32(VBAR + v, 0xD4200000 | 0x7E57 << 5);
        cpu.resetTo(CODE, 1);
        cpu.vbar[1] = VBAR;
        cpu.setSp(DATA + 0x1000);
    }

    /** Drops to EL0 with SP_EL0 selected, as after an ERET to EL0t. */
    TestMachine atEl0() {
        cpu.el = 0;
        cpu.spSel = false;
        cpu.updateSpIndex();
        return this;
    }

    /** Runs n instructions. */
    TestMachine step(int n) {
        Interpreter.run(cpu, n, null);
        return this;
    }
}
