package dev.jaffa.platform;

import dev.jaffa.interp.StopReason;

/** How a run ended. */
public final class RunResult {
    public final StopReason reason;
    public final int exitCode;
    public final long instructions;
    public final String message;

    RunResult(StopReason reason, int exitCode, long instructions, String message) {
        this.reason = reason; this.exitCode = exitCode; this.instructions = instructions; this.message = message;
    }

    @Override
    public String toString() {
        return reason + " exit=" + exitCode + " insns=" + instructions + (message != null ? " (" + message + ")" : "");
    }
}
