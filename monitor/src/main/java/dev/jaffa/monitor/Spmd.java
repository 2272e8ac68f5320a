package dev.jaffa.monitor;

import dev.jaffa.interp.Cpu;


/**
 * The SPM Dispatcher: the FF-A half of the EL3 monitor (TF-A's spmd_main.c). Every FF-A call of
 * the normal world (a function number of the SMCCC FF-A range, either width) goes to the SPMC,
 * whose ABI table answers it, including what TF-A's SPMD answers itself (FFA_VERSION, FFA_ID_GET,
 * FFA_SPM_ID_GET) and what the normal world may not call; an answer for a world is one row of one
 * table, not split between the two. Partitions never reach here: they call the SPMC with SVC.
 */
public final class Spmd implements El3Monitor.Service {
    /** What the SPMD forwards to: the SPMC (an interface the monitor owns, implemented by spmc). */
    public interface SecureWorld {
        /**
         * A call from the normal world, registers in {@code cpu} (PC after the SMC). The SPMC
         * writes the results, or switches to a partition and answers later.
         */
        void forward(Cpu cpu, int fid);
    }

    private final SecureWorld spmc;

    public Spmd(SecureWorld spmc) { this.spmc = spmc; }

    @Override
    public boolean call(Cpu cpu, int fid) {
        if (!Ffa.isFfa(fid) || cpu.secure) return false;
        spmc.forward(cpu, fid);
        return true;
    }
}
