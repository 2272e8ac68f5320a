package dev.jaffa.spmc;

import dev.jaffa.format.Fdt;
import dev.jaffa.format.FdtNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An FF-A partition manifest ({@code compatible = "arm,ffa-manifest-1.0"}), with the properties
 * OP-TEE's SPMC reads (reference ffa.md §1.7) checked the way it checks them. UUIDs are kept as the
 * four 32-bit words the manifest, the w1..w4 registers and Linux's arm_ffa driver all use: the
 * little-endian words of the RFC 4122 byte string.
 */
final class Manifest {
    /** A memory or device region. */
    static final class Region {
        final String name;
        final int pages, attributes;
        /** Physical base address, or -1 when the SPMC allocates (memory regions only). */
        final long base;
        final boolean device;

        Region(String name, int pages, int attributes, long base, boolean device) {
            this.name = name;
            this.pages = pages;
            this.attributes = attributes;
            this.base = base;
            this.device = device;
        }
    }

    static final int MSG_RECV_DIRECT = 1, MSG_SEND_DIRECT = 2, MSG_INDIRECT = 4, MSG_RECV_DIRECT2 = 1 << 9, MSG_SEND_DIRECT2 = 1 << 10;
    static final int NS_INTR_QUEUED = 0, NS_INTR_MANAGED_EXIT = 1, NS_INTR_SIGNALED = 2;

    final FdtNode root;
    final byte[] blob;
    final int[] uuid;
    final int ffaVersion, messagingMethod, nsInterruptsAction, gpRegister;
    /** Pre-assigned endpoint ID, or -1. */
    final int id;
    /** Boot order, or Integer.MAX_VALUE when absent (boots last). */
    final int bootOrder;
    final boolean elfFormat;
    /** The manifest's {@code notification-support} property (FF-A manifest binding): partition info bit 3. */
    final boolean notificationSupport;
    final String description;
    final List<Region> memoryRegions = new ArrayList<>(), deviceRegions = new ArrayList<>();

    Manifest(String sp, byte[] blob) throws LoadException {
        this.blob = blob;
        try {
            root = Fdt.parse(blob);
        } catch (IllegalArgumentException e) {
            throw new LoadException("SP " + sp + ": the manifest is not a valid device tree blob (" + e.getMessage() + ")");
        }
        String compatible = root.propertyString("compatible");
        if (compatible == null) throw missing(sp, "compatible");
        if (!compatible.equals("arm,ffa-manifest-1.0")) {
            throw new LoadException("SP " + sp + ": manifest compatible is \"" + compatible + "\", expected \"arm,ffa-manifest-1.0\"");
        }
        int[] u = root.propertyU32("uuid");
        if (u == null) throw missing(sp, "uuid");
        if (u.length < 4) throw new LoadException("SP " + sp + ": manifest property 'uuid' needs 4 cells, has " + u.length);
        uuid = java.util.Arrays.copyOf(u, 4);
        ffaVersion = required(sp, "ffa-version");
        if (ffaVersion >>> 16 != 1 || (ffaVersion & 0xFFFF) > 2) {
            throw new LoadException(String.format("SP %s: manifest ffa-version 0x%x is not 1.0, 1.1 or 1.2", sp, ffaVersion));
        }
        if (required(sp, "execution-state") != 0) throw new LoadException("SP " + sp + ": execution-state must be 0 (AArch64)");
        messagingMethod = required(sp, "messaging-method");
        nsInterruptsAction = required(sp, "ns-interrupts-action");
        if (nsInterruptsAction == NS_INTR_MANAGED_EXIT) {
            throw new LoadException("SP " + sp + ": ns-interrupts-action 1 (managed exit) is not implemented");
        }
        if (nsInterruptsAction != NS_INTR_QUEUED && nsInterruptsAction != NS_INTR_SIGNALED) {
            throw new LoadException("SP " + sp + ": ns-interrupts-action " + nsInterruptsAction + " is not 0 or 2");
        }
        id = optional("id", -1);
        int order = optional("boot-order", Integer.MAX_VALUE);
        if (order != Integer.MAX_VALUE && (order & 0xFFFF_FFFFL) > 0xFFFF) {
            throw new LoadException("SP " + sp + ": boot-order " + (order & 0xFFFF_FFFFL) + " is above 0xFFFF");
        }
        bootOrder = order;
        gpRegister = optional("gp-register-num", 0);
        if (gpRegister < 0 || gpRegister > 3) throw new LoadException("SP " + sp + ": gp-register-num must be 0..3");
        elfFormat = optional("elf-format", 0) != 0;
        notificationSupport = root.property("notification-support") != null;
        String d = root.propertyString("description");
        description = d != null && !d.isBlank() ? printable(d.strip()) : sp;
        regions(description, "memory-regions", false, memoryRegions);
        regions(description, "device-regions", true, deviceRegions);
    }

    /** The description as it may appear in a log line: control characters replaced, at most 64 characters. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) sb.append(s.charAt(i) < 0x20 || s.charAt(i) == 0x7F ? '?' : s.charAt(i));
        return sb.toString();
    }

    private static LoadException missing(String sp, String property) {
        return new LoadException("SP " + sp + ": manifest lacks the mandatory property '" + property + "'");
    }

    private int required(String sp, String property) throws LoadException {
        int[] v = root.propertyU32(property);
        if (v == null || v.length == 0) throw missing(sp, property);
        return v[0];
    }

    private int optional(String property, int dflt) {
        int[] v = root.propertyU32(property);
        return v == null || v.length == 0 ? dflt : v[0];
    }

    private void regions(String sp, String node, boolean device, List<Region> out) throws LoadException {
        FdtNode n = root.child(node);
        if (n == null) return;
        for (FdtNode r : n.children()) {
            int[] pages = r.propertyU32("pages-count"), attrs = r.propertyU32("attributes"), base = r.propertyU32("base-address");
            if (pages == null || pages.length == 0 || pages[0] <= 0) {
                throw new LoadException("SP " + sp + ": " + node + "/" + r.name() + " lacks a positive 'pages-count'");
            }
            if (attrs == null || attrs.length == 0) throw new LoadException("SP " + sp + ": " + node + "/" + r.name() + " lacks 'attributes'");
            long pa = -1;
            if (base != null && base.length >= 2) pa = (base[0] & 0xFFFF_FFFFL) << 32 | (base[1] & 0xFFFF_FFFFL);
            else if (base != null && base.length == 1) pa = base[0] & 0xFFFF_FFFFL;
            if (device && pa < 0) throw new LoadException("SP " + sp + ": device region " + r.name() + " lacks 'base-address'");
            if (pa >= 0 && (pa & 0xFFF) != 0) throw new LoadException("SP " + sp + ": " + r.name() + " base-address is not page aligned");
            int a = attrs[0];
            if (device && (a & 7) != AddressSpace.R && (a & 7) != (AddressSpace.R | AddressSpace.W)) {
                throw new LoadException("SP " + sp + ": device region " + r.name() + " must be RO or RW");
            }
            out.add(new Region(r.name(), pages[0], a, pa, device));
        }
    }

    boolean receivesDirect() { return (messagingMethod & MSG_RECV_DIRECT) != 0; }

    boolean sendsDirect() { return (messagingMethod & MSG_SEND_DIRECT) != 0; }
}
