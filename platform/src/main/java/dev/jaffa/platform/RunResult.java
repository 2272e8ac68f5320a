package dev.jaffa.platform;

import dev.jaffa.interp.StopReason;


/** How a run ended. */
public final class RunResult {
    public final StopReason reason;
    public final int exitCode;
    public final long instructions;
    public final String message;
    /** The CPU whose stop ended the run. */
    public final dev.jaffa.interp.Cpu cpu;

    RunResult(StopReason reason, int exitCode, long instructions, String message, dev.jaffa.interp.Cpu cpu) {
        this.reason = reason; this.exitCode = exitCode; this.instructions = instructions; this.message = message;
        this.cpu = cpu;
    }

    @Override
    public String toString() {
        return reason + " exit=" + exitCode + " insns=" + instructions + (message != null ? " (" + message + ")" : "");
    }
}
