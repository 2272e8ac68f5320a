package dev.jaffa.interp;

/**
 * System registers implemented outside the CPU core: the GIC CPU interface (ICC_*) and the
 * generic timer (CNT*). MRS/MSR consult the hook for any encoding the core does not implement
 * itself, before treating it as UNDEFINED. The hook does its own access checks and throws what
 * the architecture requires ({@link Cpu#undefined()} or a trap built with {@link Cpu#takeSync}).
 */
public interface SysRegHook {
    /** True when this hook implements the register with this key (op0:op1:CRn:CRm:op2, MRS bits 20:5). */
    boolean implementsKey(int key);

    long read(Cpu cpu, int key);

    void write(Cpu cpu, int key, long value);
}
