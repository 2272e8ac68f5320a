package dev.jaffa.spmc;

/** A partition that cannot be loaded; the message names the partition and what is wrong. */
public final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public LoadException(String message) { super(message); }
}
