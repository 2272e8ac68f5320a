package dev.jaffa.platform.gdb;

import java.util.ArrayList;
import java.util.List;

/** The debugger's data watchpoints (Z2 write, Z3 read, Z4 access), by virtual address range. */
final class Watchpoints {
    static final class Watch {
        final int type;
        final long addr;
        final int len;

        Watch(int type, long addr, int len) {
            this.type = type;
            this.addr = addr;
            this.len = len;
        }

        boolean triggers(boolean write) { return type == 4 || (type == 2) == write; }

        /** The stop reply's key for this kind (remote protocol "Stop Reply Packets"). */
        String stopKey() { return type == 2 ? "watch" : type == 3 ? "rwatch" : "awatch"; }

        boolean overlaps(long va, long size) {
            return Long.compareUnsigned(va - addr, len) < 0 || Long.compareUnsigned(addr - va, size) < 0;
        }
    }

    private final List<Watch> list = new ArrayList<>();
    /** The same, as an array, for the memory slow path (no iterator allocation). */
    private Watch[] array = new Watch[0];

    boolean isEmpty() { return array.length == 0; }

    void add(int type, long addr, int len) {
        list.add(new Watch(type, addr, len));
        array = list.toArray(new Watch[0]);
    }

    void remove(int type, long addr, int len) {
        for (int i = 0; i < list.size(); i++) {
            Watch w = list.get(i);
            if (w.type == type && w.addr == addr && w.len == len) {
                list.remove(i);
                break;
            }
        }
        array = list.toArray(new Watch[0]);
    }

    void clear() {
        list.clear();
        array = new Watch[0];
    }

    boolean coversPage(long vaPage) {
        for (Watch w : array) if (w.overlaps(vaPage, 1L << 12)) return true;
        return false;
    }

    /** The watchpoint an access hits, or null. */
    Watch hit(long va, int size, boolean write) {
        for (Watch w : array) if (w.triggers(write) && w.overlaps(va, size)) return w;
        return null;
    }
}
