package dev.jaffa.devices;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.SysRegHook;


/** Combines system-register hooks: the first hook that implements a key handles it. */
public final class SysRegHooks implements SysRegHook {
    private final SysRegHook[] hooks;

    private SysRegHooks(SysRegHook[] hooks) { this.hooks = hooks; }

    public static SysRegHook of(SysRegHook... hooks) {
        for (SysRegHook h : hooks) if (h == null) throw new NullPointerException("hook");
        return new SysRegHooks(hooks.clone());
    }

    private SysRegHook find(int key) {
        for (SysRegHook h : hooks) if (h.implementsKey(key)) return h;
        return null;
    }

    @Override
    public boolean implementsKey(int key) { return find(key) != null; }

    @Override
    public long read(Cpu cpu, int key) {
        SysRegHook h = find(key);
        if (h == null) throw cpu.undefined();
        return h.read(cpu, key);
    }

    @Override
    public void write(Cpu cpu, int key, long value) {
        SysRegHook h = find(key);
        if (h == null) throw cpu.undefined();
        h.write(cpu, key, value);
    }
}
