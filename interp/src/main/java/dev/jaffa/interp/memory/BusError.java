package dev.jaffa.interp.memory;

/** Thrown (preallocated) by a {@link PhysicalBus} when nothing answers at a physical address. */
public final class BusError extends RuntimeException {
    public static final BusError INSTANCE = new BusError();
    private static final long serialVersionUID = 1L;

    private BusError() { super(null, null, false, false); }
}
