package dev.jaffa.spmc;

/**
 * A partition as the SPMC lists and addresses it: an SP running at S-EL0, or a logical one in
 * Java. Partitions are callers too (only S-EL0 ones make calls).
 */
abstract class Endpoint extends Caller {
    /** The FF-A UUID as the four little-endian words of its RFC 4122 bytes. */
    @dev.jaffa.interp.snapshot.NotState("configuration: the manifest (or the logical partition's own)")
    final int[] uuid;

    Endpoint(String name, int id, int[] uuid, int version) {
        super(name, id, PARTITION, version);
        this.uuid = uuid;
    }

    /** Partition properties (FF-A partition information descriptor): messaging bits, ID type, AArch64. */
    abstract int properties();

    abstract int executionContexts();

    boolean matches(int[] u) {
        return u[0] == uuid[0] && u[1] == uuid[1] && u[2] == uuid[2] && u[3] == uuid[3];
    }

    static boolean isNil(int[] u) { return (u[0] | u[1] | u[2] | u[3]) == 0; }

    /** The UUID in its canonical text form, for listings. */
    String uuidText() {
        byte[] b = new byte[16];
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 4; k++) b[4 * i + k] = (byte) (uuid[i] >>> 8 * k);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) sb.append('-');
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }

    /** Parses "xxxxxxxx-xxxx-..." into the register words. */
    static int[] uuidWords(String text) {
        String hex = text.replace("-", "");
        if (hex.length() != 32) throw new IllegalArgumentException("not a UUID: " + text);
        int[] w = new int[4];
        for (int i = 0; i < 16; i++) {
            int b = Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            w[i / 4] |= b << 8 * (i % 4);
        }
        return w;
    }
}
