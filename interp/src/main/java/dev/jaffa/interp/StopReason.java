package dev.jaffa.interp;

/** Why {@link Cpu#run} returned. */
public enum StopReason {
    /** Still running (the run loop's budget ran out or an exit was requested). */
    NONE,
    /** The guest asked to exit (semihosting SYS_EXIT, PSCI SYSTEM_OFF); see {@link Cpu#exitCode}. */
    GUEST_EXIT,
    /** The instruction limit was reached. */
    INSN_LIMIT,
    /** The guest takes the same exception over and over without making progress. */
    EXCEPTION_LOOP,
    /** The guest waits for an interrupt that can never come. */
    WAIT_FOREVER,
    /** The guest asked for something the emulator does not implement yet (see {@link Cpu#stopMessage}). */
    UNSUPPORTED,
    /** The guest's kernel panicked (a Linux panic reboot the platform was told to watch for). */
    GUEST_PANIC,
    /** The platform asked for a snapshot at this instruction boundary (the machine then continues or is saved). */
    SNAPSHOT
}
