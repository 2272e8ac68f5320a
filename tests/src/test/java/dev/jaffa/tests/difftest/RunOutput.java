package dev.jaffa.tests.difftest;

/** What one run of a guest printed on the semihosting console, and how it ended. */
final class RunOutput {
    final String console;
    final int exitStatus;
    /** Why the run did not end normally (timeout, emulator stop reason), or null. */
    final String problem;

    RunOutput(String console, int exitStatus, String problem) {
        this.console = console;
        this.exitStatus = exitStatus;
        this.problem = problem;
    }

    @Override
    public String toString() {
        String p = problem == null ? "" : problem.length() > 300 ? problem.substring(0, 300) + "..." : problem;
        return "exit " + exitStatus + (problem != null ? " (" + p + ")" : "");
    }
}
