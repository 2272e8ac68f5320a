package dev.jaffa.tests.difftest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Line-by-line comparison of two harness reports. FAR is only compared for exceptions that define
 * it (aborts and PC alignment faults); for the rest (UNDEFINED, SVC, BRK) the architecture leaves
 * FAR_EL1 UNKNOWN, so emulators may legitimately differ there.
 */
final class OutputDiff {
    private OutputDiff() {}

    /** The differences between two runs, empty when they agree; each entry is one readable line. */
    static List<String> compare(RunOutput jaffa, RunOutput qemu) {
        List<String> diffs = new ArrayList<>();
        if (jaffa.exitStatus != qemu.exitStatus || jaffa.problem != null || qemu.problem != null) {
            diffs.add("run:  jaffa " + jaffa + " | qemu " + qemu);
        }
        Map<String, String> a = keyed(jaffa.console), b = keyed(qemu.console);
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            String x = a.getOrDefault(k, "<missing>"), y = b.getOrDefault(k, "<missing>");
            if (!normalize(x).equals(normalize(y))) {
                diffs.add(String.format(Locale.ROOT, "%s:%n    jaffa: %s%n    qemu:  %s", k, x, y));
            }
        }
        return diffs;
    }

    /**
     * The report's lines by what they describe, so that one extra exception record does not make
     * every later line differ: "x05", "v17", "nzcv", "fpsr", "exc record 3", "mem 0a0", or "other line 2" (counting only the others).
     */
    static Map<String, String> keyed(String console) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] lines = console.split("\n", -1);
        int records = 0, others = 0;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i], key;
            if (l.startsWith("exc esr=")) key = "exc record " + records++;
            else if (l.startsWith("mem ") && l.length() > 7) key = l.substring(0, 7);
            else if (l.matches("(x\\d\\d|v\\d\\d|nzcv|fpsr|fpcr|sp|exc) .*")) key = l.substring(0, l.indexOf(' '));
            else key = "other line " + others++;
            m.put(key, l);
        }
        return m;
    }

    /** Replaces an UNKNOWN FAR in an {@code exc esr=... far=... off=...} line by "-". */
    static String normalize(String line) {
        if (!line.startsWith("exc esr=")) return line;
        int far = line.indexOf(" far="), off = line.indexOf(" off=");
        if (far < 0 || off < 0) return line;
        long esr = Long.parseUnsignedLong(line.substring(8, far), 16);
        return farValid(esr) ? line : line.substring(0, far) + " far=-" + line.substring(off);
    }

    /** Whether ESR's exception class reports a valid FAR (instruction/data aborts, PC alignment). */
    static boolean farValid(long esr) {
        int ec = (int) (esr >>> 26) & 0x3F;
        return ec == 0x20 || ec == 0x21 || ec == 0x22 || ec == 0x24 || ec == 0x25;
    }
}
