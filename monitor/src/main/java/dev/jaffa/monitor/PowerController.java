package dev.jaffa.monitor;

import dev.jaffa.interp.Cpu;


/** What PSCI needs from the platform: the PEs, their power states, and system power. */
public interface PowerController {
    /** The PE with this MPIDR affinity (Aff3..Aff0, other bits ignored), or null. */
    Cpu cpuByMpidr(long mpidr);

    /** Powers on an off PE at {@code entry} in {@code el} with x0 = {@code contextId}, MMU and caches off. */
    void powerOn(Cpu target, long entry, int el, long contextId);

    /** Powers off the calling PE (it stops executing until a CPU_ON). */
    void powerOff(Cpu cpu);

    /** True when {@code pa} is memory a PE can start executing from. */
    boolean isExecutableAddress(long pa);

    /** Ends the run: SYSTEM_OFF. */
    void systemOff(Cpu caller);

    /** SYSTEM_RESET / SYSTEM_RESET2: {@code warm} for a warm reset. */
    void systemReset(Cpu caller, boolean warm);
}
