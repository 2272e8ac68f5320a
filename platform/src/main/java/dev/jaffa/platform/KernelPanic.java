package dev.jaffa.platform;

/**
 * How a Linux run notices that the kernel panicked, without reading the console.
 *
 * <p>A panicking arm64 kernel tells the firmware nothing unless it reboots: with the default
 * {@code panic=0} it spins forever with interrupts enabled, which cannot be told apart from a busy
 * guest. So when the user's command line has neither a {@code panic=} nor a {@code reboot=}
 * setting, Jaffa appends {@code panic=-1 reboot=panic_warm} (Linux 5.11 and later): a panic then
 * reboots at once with PSCI SYSTEM_RESET2 (a warm reset, PSCI 1.1 being advertised), while
 * {@code reboot} keeps using SYSTEM_RESET and {@code poweroff} SYSTEM_OFF. The warm reset ends
 * the run with {@link #EXIT_STATUS}, after the panic message has reached the console. A user who
 * sets {@code panic=} or {@code reboot=} gets their kernel's behaviour untouched: a reboot after
 * a panic ends the run with status 0, as QEMU's {@code -no-reboot} does, and {@code panic=0}
 * waits forever. The appended words are visible in /proc/cmdline.
 */
final class KernelPanic {
    private KernelPanic() {}

    /** Exit status of a run whose kernel panicked. */
    static final int EXIT_STATUS = 6;

    static final String APPENDED = "panic=-1 reboot=panic_warm";

    /**
     * The command line to boot with: {@code append} plus {@link #APPENDED} when it sets neither
     * {@code panic=} nor {@code reboot=}, or null when it sets one (then nothing is added). The
     * words go before a {@code --}, after which the kernel hands everything to init.
     */
    static String detecting(String append) {
        String[] words = append.trim().isEmpty() ? new String[0] : append.trim().split("\\s+");
        int end = words.length;
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals("--")) { end = i; break; }
            if (words[i].startsWith("panic=") || words[i].startsWith("reboot=")) return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < end; i++) sb.append(words[i]).append(' ');
        sb.append(APPENDED);
        for (int i = end; i < words.length; i++) sb.append(' ').append(words[i]);
        return sb.toString();
    }
}
