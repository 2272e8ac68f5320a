package dev.jaffa.platform;

import dev.jaffa.devices.BlockFile;
import dev.jaffa.devices.Virtio9p;
import dev.jaffa.devices.VirtioBlk;
import dev.jaffa.devices.VirtioDevice;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --drive FILE[,format=raw][,readonly=on][,snapshot=on]} and
 * {@code --share DIR[,tag=NAME][,readonly=on]}: QEMU-style option strings (",," is a literal
 * comma in the path) turned into virtio backends. Every problem is one line for
 * {@link Main.UsageException}.
 */
final class VirtioOptions {
    /** Slots a board can have: 32, as QEMU virt; the RNG takes one. */
    static final int MAX_DEVICES = 31;

    private VirtioOptions() {}

    static List<VirtioDevice> devices(List<String> drives, List<String> shares) {
        if (drives.size() + shares.size() > MAX_DEVICES) {
            throw new Main.UsageException("at most " + MAX_DEVICES + " --drive and --share options in all");
        }
        List<VirtioDevice> out = new ArrayList<>();
        for (int i = 0; i < drives.size(); i++) out.add(drive(drives.get(i), i));
        Set<String> tags = new HashSet<>();
        for (String s : shares) {
            Virtio9p share = share(s, tags);
            out.add(share);
        }
        return out;
    }

    /** Splits "PATH,key=value,..." into the path (key "") and the options, in order. */
    static Map<String, String> parse(String option, String spec, Set<String> keys) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char ch = spec.charAt(i);
            if (ch == ',' && i + 1 < spec.length() && spec.charAt(i + 1) == ',') {
                cur.append(',');
                i++;
            } else if (ch == ',') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        parts.add(cur.toString());
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            int eq = p.indexOf('=');
            String key = eq < 0 ? (i == 0 ? "" : p) : p.substring(0, eq);
            String value = eq < 0 ? (i == 0 ? p : null) : p.substring(eq + 1);
            if (key.equals("file") || key.equals("path")) key = "";
            if (!key.isEmpty() && !keys.contains(key)) {
                throw new Main.UsageException(option + " " + spec + ": unknown option '" + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
            }
            if (value == null) throw new Main.UsageException(option + " " + spec + ": '" + key + "' needs a value");
            if (m.put(key, value) != null) throw new Main.UsageException(option + " " + spec + ": '" + (key.isEmpty() ? "path" : key) + "' given twice");
        }
        if (m.getOrDefault("", "").isEmpty()) throw new Main.UsageException(option + " " + spec + ": no " + (option.equals("--drive") ? "file" : "directory") + " given");
        return m;
    }

    private static boolean onOff(String option, String spec, Map<String, String> m, String key) {
        String v = m.getOrDefault(key, "off");
        switch (v) {
            case "on": case "true": case "yes": return true;
            case "off": case "false": case "no": return false;
            default: throw new Main.UsageException(option + " " + spec + ": " + key + "=" + v + " (use on or off)");
        }
    }

    static VirtioBlk drive(String spec, int index) {
        Map<String, String> m = parse("--drive", spec, Set.of("format", "readonly", "snapshot"));
        String format = m.getOrDefault("format", "raw");
        if (!format.equals("raw")) throw new Main.UsageException("--drive " + spec + ": format '" + format + "' is not supported (raw only)");
        boolean ro = onOff("--drive", spec, m, "readonly"), snap = onOff("--drive", spec, m, "snapshot");
        Path file = Paths.get(m.get(""));
        if (!Files.exists(file)) throw new Main.UsageException("--drive " + file + ": no such file");
        if (!Files.isRegularFile(file)) throw new Main.UsageException("--drive " + file + ": not a regular file");
        try {
            // A snapshot drive never writes the file, so it only needs reading.
            FileChannel ch = ro || snap ? FileChannel.open(file, StandardOpenOption.READ)
                    : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new VirtioBlk(BlockFile.of(ch), ro, snap, "jaffa" + index);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
            throw new Main.UsageException("--drive " + file + ": " + why + (ro ? "" : " (readonly=on opens it for reading only)"));
        }
    }

    static Virtio9p share(String spec, Set<String> tags) {
        Map<String, String> m = parse("--share", spec, Set.of("tag", "readonly"));
        boolean ro = onOff("--share", spec, m, "readonly");
        String tag = m.getOrDefault("tag", "host");
        int n = tag.getBytes(StandardCharsets.UTF_8).length;
        if (n == 0 || n > 255) throw new Main.UsageException("--share " + spec + ": the tag must be 1 to 255 bytes");
        if (!tags.add(tag)) throw new Main.UsageException("--share " + spec + ": tag '" + tag + "' is already used (give each share its own tag=)");
        Path dir = Paths.get(m.get(""));
        if (!Files.exists(dir)) throw new Main.UsageException("--share " + dir + ": no such directory");
        if (!Files.isDirectory(dir)) throw new Main.UsageException("--share " + dir + ": not a directory");
        try {
            // The real path, once: the share's own ancestors may be links; nothing below it will be followed.
            return new Virtio9p(dir.toRealPath(), tag, ro);
        } catch (IOException e) {
            throw new Main.UsageException("--share " + dir + ": " + e.getMessage());
        }
    }
}
