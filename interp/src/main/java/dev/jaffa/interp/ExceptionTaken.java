package dev.jaffa.interp;

/**
 * Thrown (preallocated, without a stack trace) after the CPU state has already been switched to an
 * exception vector, to abandon the rest of the instruction that raised it. Never escapes the engine.
 */
public final class ExceptionTaken extends RuntimeException {
    public static final ExceptionTaken INSTANCE = new ExceptionTaken();
    private static final long serialVersionUID = 1L;

    private ExceptionTaken() { super(null, null, false, false); }
}
