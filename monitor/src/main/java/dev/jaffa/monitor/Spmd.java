package dev.jaffa.monitor;

import dev.jaffa.interp.Cpu;


/**
 * The SPM Dispatcher: the FF-A half of the EL3 monitor (what TF-A's spmd_main.c does). It answers
 * the calls the SPMD owns (FFA_VERSION through the framework VERSION_REQ to the SPMC, FFA_ID_GET,
 * FFA_SPM_ID_GET), refuses what the normal world may not call, and forwards the rest to the SPMC.
 * SPs never reach here: they call the SPMC with SVC.
 */
public final class Spmd implements El3Monitor.Service {
    /** What the SPMD forwards to: the SPMC (an interface the monitor owns, implemented by spmc). */
    public interface SecureWorld {
        int spmcId();

        /** Framework message VERSION_REQ (w3 = the normal world's version); returns VERSION_RESP's w3. */
        int versionRequest(int requested);

        /**
         * A call from the normal world, registers in {@code cpu} (PC after the SMC). The SPMC
         * writes the results, or switches to a partition and answers later.
         */
        void forward(Cpu cpu, int fid);
    }

    private final SecureWorld spmc;
    private final FfaTrace trace;

    public Spmd(SecureWorld spmc, FfaTrace trace) {
        this.spmc = spmc;
        this.trace = trace;
    }

    @Override
    public boolean call(Cpu cpu, int fid) {
        if (!Ffa.isFfa(fid) || cpu.secure) return false;
        if (trace != null) trace.call(cpu, "ns");
        switch (fid) {
            case Ffa.VERSION: {
                int requested = (int) cpu.x[1];
                // Bit 31 must be zero; the answer then comes straight in w0, not as FFA_ERROR.
                cpu.x[0] = requested < 0 ? Ffa.NOT_SUPPORTED & 0xFFFF_FFFFL : spmc.versionRequest(requested) & 0xFFFF_FFFFL;
                break;
            }
            case Ffa.ID_GET:
                Ffa.success(cpu, Ffa.NS_ENDPOINT_ID);
                break;
            case Ffa.SPM_ID_GET:
                Ffa.success(cpu, spmc.spmcId());
                break;
            case Ffa.MSG_WAIT: case Ffa.INTERRUPT: case Ffa.YIELD: case Ffa.CONSOLE_LOG_32: case Ffa.CONSOLE_LOG_64:
            case Ffa.MSG_SEND_DIRECT_RESP_32: case Ffa.MSG_SEND_DIRECT_RESP_64: case Ffa.MSG_SEND_DIRECT_RESP2:
                Ffa.error(cpu, Ffa.NOT_SUPPORTED);
                break;
            case Ffa.MSG_SEND_DIRECT_REQ_32: case Ffa.MSG_SEND_DIRECT_REQ_64: case Ffa.MSG_SEND_DIRECT_REQ2:
                if (((cpu.x[1] >>> 16) & 0x8000) != 0) {   // a secure source ID from the normal world
                    Ffa.error(cpu, Ffa.INVALID_PARAMETERS);
                    break;
                }
                spmc.forward(cpu, fid);
                break;
            default:
                spmc.forward(cpu, fid);
                break;
        }
        if (trace != null) trace.returned(cpu);
        return true;
    }
}
