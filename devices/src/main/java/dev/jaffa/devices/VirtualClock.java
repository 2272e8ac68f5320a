package dev.jaffa.devices;

/**
 * The system counter as the generic timer sees it: a count advanced by executed instructions
 * (and skipped forward when every CPU waits), so runs repeat exactly.
 */
public interface VirtualClock {
    /** The current count of the system counter (CNTPCT). */
    long counter();

    /** The counter frequency in Hz (CNTFRQ_EL0). */
    long frequency();
}
