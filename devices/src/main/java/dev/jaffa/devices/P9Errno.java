package dev.jaffa.devices;

/**
 * A 9P2000.L error: the Linux errno value ({@link dev.jaffa.format.LinuxErrno}) an Rlerror
 * carries. Preallocated-style: no stack trace, no message.
 */
final class P9Errno extends Exception {
    private static final long serialVersionUID = 1L;

    final int errno;

    P9Errno(int errno) {
        super(null, null, false, false);
        this.errno = errno;
    }
}
