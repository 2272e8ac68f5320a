package dev.jaffa.devices;

/**
 * One descriptor chain of a split virtqueue (virtio v1.2 §2.7.5), flattened: the device-readable
 * segments first, then the device-writable ones. Built and checked by the transport (every
 * segment lies in guest RAM), so the copy methods cannot fault. Reused for every request.
 */
public final class VirtqChain {
    private final GuestMemory mem;
    private long[] addr;
    private int[] len;
    private int count, firstWritable, head;
    private long readable, writable;

    VirtqChain(GuestMemory mem, int capacity) {
        this.mem = mem;
        addr = new long[capacity];
        len = new int[capacity];
    }

    void clear(int headIndex) {
        head = headIndex;
        count = 0;
        firstWritable = -1;
        readable = writable = 0;
    }

    /** Appends a segment; false if the chain already holds {@code limit} segments. */
    boolean add(long a, int l, boolean isWritable, int limit) {
        if (count >= limit) return false;
        if (count == addr.length) {
            addr = java.util.Arrays.copyOf(addr, count * 2);
            len = java.util.Arrays.copyOf(len, count * 2);
        }
        if (isWritable) {
            if (firstWritable < 0) firstWritable = count;
            writable += l & 0xFFFF_FFFFL;
        } else {
            readable += l & 0xFFFF_FFFFL;
        }
        addr[count] = a;
        len[count] = l;
        count++;
        return true;
    }

    boolean hasWritable() { return firstWritable >= 0; }

    /** The head descriptor index (the used element's id). */
    public int head() { return head; }

    public int segments() { return count; }

    public long address(int i) { return addr[i]; }

    public long length(int i) { return len[i] & 0xFFFF_FFFFL; }

    public boolean isWritable(int i) { return firstWritable >= 0 && i >= firstWritable; }

    /** Total bytes the device may read. */
    public long readableLength() { return readable; }

    /** Total bytes the device may write. */
    public long writableLength() { return writable; }

    /** Copies up to {@code n} bytes of the readable part, from {@code offset}, into dst; returns the count. */
    public int read(long offset, byte[] dst, int off, int n) {
        int end = firstWritable < 0 ? count : firstWritable;
        return copy(0, end, offset, dst, off, n, false);
    }

    /** Copies up to {@code n} bytes of src into the writable part at {@code offset}; returns the count. */
    public int write(long offset, byte[] src, int off, int n) {
        if (firstWritable < 0) return 0;
        return copy(firstWritable, count, offset, src, off, n, true);
    }

    private int copy(int from, int to, long offset, byte[] buf, int off, int n, boolean toGuest) {
        int done = 0;
        for (int i = from; i < to && done < n; i++) {
            long l = len[i] & 0xFFFF_FFFFL;
            if (offset >= l) {
                offset -= l;
                continue;
            }
            int k = (int) Math.min(l - offset, n - done);
            if (toGuest) mem.copyTo(addr[i] + offset, buf, off + done, k);
            else mem.copyFrom(addr[i] + offset, buf, off + done, k);
            done += k;
            offset = 0;
        }
        return done;
    }
}
