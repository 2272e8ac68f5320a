package dev.jaffa.devices;

/** A level-sensitive interrupt wire from a device to the interrupt controller. */
public interface InterruptLine {
    void set(boolean asserted);

    InterruptLine NONE = asserted -> { };
}
