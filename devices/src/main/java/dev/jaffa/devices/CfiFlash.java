package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;

import dev.jaffa.interp.memory.SystemBus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * One bank of NOR flash with the Intel/Sharp command set (CFI "primary vendor command set"
 * 0x0001), configured as QEMU's virt board configures its pflash_cfi01 banks: two x16 devices
 * side by side on a 32-bit bus (bank width 4, device width 2), 256 KiB erase blocks across the
 * bank, JEDEC IDs 0x89/0x18, and QEMU's CFI query table, so firmware CFI drivers (U-Boot, EDK2,
 * Linux physmap) see the same part they see on QEMU.
 *
 * <p>Differences from QEMU, all towards real flash: programming only clears bits (new = old AND
 * data), a block erases on its 0xD0 confirm rather than on the 0x20 setup, and a bad command
 * sequence sets status SR4|SR5. Locking is accepted and not enforced.
 *
 * <p>In read-array mode the platform may map {@link #page} straight into the guest's address
 * space for reads; it must drop such mappings when the {@link ModeListener} reports that the
 * bank left read-array mode (the array then changes or reads as status/ID/CFI data).
 */
public final class CfiFlash implements SystemBus.Device, Snapshottable {
    /** QEMU virt: 64 MiB per bank, 256 KiB sectors, 4-byte bank of two 2-byte devices. */
    public static final long VIRT_BANK_SIZE = 64L << 20;
    public static final int SECTOR_SIZE = 256 << 10;
    static final int BANK_WIDTH = 4;
    static final int DEVICE_WIDTH = 2;
    static final int DEVICES = BANK_WIDTH / DEVICE_WIDTH;
    static final int PAGE = 4096;

    // Commands (Intel StrataFlash / CFI 0x0001 command set).
    static final int CMD_READ_ARRAY_QEMU = 0x00;   // QEMU's model treats 0x00 as read array
    static final int CMD_PROGRAM_ALT = 0x10;
    static final int CMD_BLOCK_ERASE = 0x20;
    static final int CMD_PROGRAM = 0x40;
    static final int CMD_CLEAR_STATUS = 0x50;
    static final int CMD_LOCK_SETUP = 0x60;
    static final int CMD_READ_STATUS = 0x70;
    static final int CMD_READ_ID = 0x90;
    static final int CMD_CFI_QUERY = 0x98;
    static final int CMD_BUFFERED_PROGRAM = 0xE8;
    static final int CMD_AMD_RESET = 0xF0;          // probes for AMD parts send it; reset here too
    static final int CMD_READ_ARRAY = 0xFF;
    static final int CMD_CONFIRM = 0xD0;            // erase/buffer confirm, unlock block
    static final int CMD_LOCK_BLOCK = 0x01;
    static final int CMD_LOCK_DOWN = 0x2F;

    // Status register bits.
    static final int SR_READY = 0x80;
    static final int SR_ERASE_ERROR = 0x20;
    static final int SR_PROGRAM_ERROR = 0x10;
    static final int SR_SEQUENCE_ERROR = SR_ERASE_ERROR | SR_PROGRAM_ERROR;

    static final int MANUFACTURER_ID = 0x89;        // QEMU virt's id0 (Intel)
    static final int DEVICE_ID = 0x18;              // QEMU virt's id1

    /** Write-buffer size per device is 2^CFI[0x2A] bytes; the bank's is that times the devices. */
    static final int WRITE_BUFFER_LOG2 = 0x0B;
    static final int WRITE_BLOCK = (1 << WRITE_BUFFER_LOG2) * DEVICES;

    /** Told when the bank enters or leaves read-array mode. */
    public interface ModeListener {
        void readArrayMode(boolean on);
    }

    private enum Mode { READ_ARRAY, READ_STATUS, READ_ID, CFI_QUERY }

    private enum Pending { NONE, PROGRAM, ERASE, LOCK, BUFFER_COUNT, BUFFER_DATA, BUFFER_CONFIRM }

    @NotState("configuration")
    private final long size;
    private final byte[][] pages;                   // null page: erased (all 0xFF)
    @NotState("configuration")
    private final byte[] cfi;
    @NotState("host file: named in the snapshot")
    private final Path file;
    @NotState("configuration")
    private final boolean writeBack;
    private boolean dirty;
    @NotState("wiring")
    private ModeListener listener = on -> { };

    private Mode mode = Mode.READ_ARRAY;
    private Pending pending = Pending.NONE;
    private int status = SR_READY;
    private long bufferBase;
    private int bufferWritesLeft;
    private final byte[] buffer = new byte[WRITE_BLOCK];

    /** An erased bank of {@code size} bytes (a power of two, at least one sector). */
    public CfiFlash(long size) {
        this(size, null, null, false);
    }

    /** A bank holding {@code content} (e.g. --bios) at offset 0, erased beyond it. */
    public CfiFlash(long size, byte[] content) {
        this(size, content, null, false);
    }

    /**
     * A bank backed by {@code file} (which may be shorter than the bank: the rest reads erased).
     * The guest may always program and erase; the file is rewritten on {@link #close()} only if
     * {@code writable}.
     */
    public static CfiFlash open(Path file, long size, boolean writable) throws IOException {
        byte[] content = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        return new CfiFlash(size, content, file, writable);
    }

    private CfiFlash(long size, byte[] content, Path file, boolean writeBack) {
        if (size < SECTOR_SIZE || Long.bitCount(size) != 1 || size > (1L << 30)) {
            throw new IllegalArgumentException("flash size must be a power of two from 256 KiB to 1 GiB: " + size);
        }
        if (content != null && content.length > size) {
            throw new IllegalArgumentException("image of " + content.length + " bytes does not fit a flash bank of " + size);
        }
        this.size = size;
        this.pages = new byte[(int) (size / PAGE)][];
        this.file = file;
        this.writeBack = writeBack;
        if (content != null) {
            for (int off = 0; off < content.length; off += PAGE) {
                int n = Math.min(PAGE, content.length - off);
                boolean erased = true;
                for (int i = 0; i < n && erased; i++) erased = content[off + i] == (byte) 0xFF;
                if (!erased) System.arraycopy(content, off, materialise(off / PAGE), 0, n);
            }
        }
        this.cfi = cfiTable(size);
    }

    /** QEMU pflash_cfi01's hard-coded CFI query table, for this bank's geometry (JESD68-01 layout). */
    private static byte[] cfiTable(long size) {
        long deviceLen = size / DEVICES;
        int blocks = (int) (size / SECTOR_SIZE);           // every device has as many blocks as the bank
        int sectorPerDevice = SECTOR_SIZE / DEVICES;
        int[] t = new int[0x52];
        t[0x10] = 'Q'; t[0x11] = 'R'; t[0x12] = 'Y';
        t[0x13] = 0x01; t[0x14] = 0x00;                    // primary command set: Intel/Sharp
        t[0x15] = 0x31; t[0x16] = 0x00;                    // primary extended table at 0x31
        t[0x1B] = 0x45; t[0x1C] = 0x55;                    // Vcc min/max 4.5 V / 5.5 V
        t[0x1F] = 0x07; t[0x20] = 0x07; t[0x21] = 0x0A;    // typical timeouts (2^n us / ms)
        t[0x23] = 0x04; t[0x24] = 0x04; t[0x25] = 0x04;    // max timeouts (2^n times typical)
        t[0x27] = Long.numberOfTrailingZeros(deviceLen);   // device size 2^n bytes
        t[0x28] = 0x02; t[0x29] = 0x00;                    // interface: x8/x16 async
        t[0x2A] = WRITE_BUFFER_LOG2; t[0x2B] = 0x00;       // write buffer 2^n bytes
        t[0x2C] = 0x01;                                    // one erase-block region
        t[0x2D] = (blocks - 1) & 0xFF; t[0x2E] = (blocks - 1) >> 8;
        t[0x2F] = (sectorPerDevice >> 8) & 0xFF; t[0x30] = sectorPerDevice >> 16; // in 256-byte units
        t[0x31] = 'P'; t[0x32] = 'R'; t[0x33] = 'I';       // primary extended query
        t[0x34] = '1'; t[0x35] = '0';                      // version 1.0
        t[0x3F] = 0x01;                                    // protection fields
        byte[] b = new byte[t.length];
        for (int i = 0; i < t.length; i++) b[i] = (byte) t[i];
        return b;
    }

    public long size() { return size; }

    public void setModeListener(ModeListener l) {
        listener = l == null ? on -> { } : l;
    }

    /** Whether reads return array data (and a direct mapping of {@link #page} is valid). */
    public boolean inReadArrayMode() { return mode == Mode.READ_ARRAY; }

    /** The 4 KiB page of the array at {@code offset}, for direct read mapping in read-array mode. */
    public byte[] page(long offset) {
        return materialise((int) (offset / PAGE));
    }

    /** Back to read-array mode with a clean status (power-on/reset). */
    public void reset() {
        pending = Pending.NONE;
        status = SR_READY;
        setMode(Mode.READ_ARRAY);
    }

    /** Writes the array back to the file if the bank is file-backed, writable and was changed. */
    public void close() throws IOException {
        if (file == null || !writeBack || !dirty) return;
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] erased = new byte[PAGE];
        Arrays.fill(erased, (byte) 0xFF);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            for (byte[] p : pages) out.write(p == null ? erased : p);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        dirty = false;
    }

    @Override
    public long read(long offset, int width) {
        if ((width != 1 && width != 2 && width != 4 && width != 8) || offset < 0 || offset + width > size) return 0;
        long v = 0;
        switch (mode) {
            case READ_ARRAY -> {
                for (int i = 0; i < width; i++) v |= (arrayByte(offset + i) & 0xFFL) << (8 * i);
                return v;
            }
            default -> {
                // Status, ID and CFI answers are per bank-width word: build the word(s), then take the bytes asked for.
                for (int i = 0; i < width; i++) {
                    long a = offset + i;
                    v |= ((queryWord(a >>> 2) >>> (8 * (a & 3))) & 0xFFL) << (8 * i);
                }
                return v;
            }
        }
    }

    /** The 32-bit word at bank word {@code index}: each device's 16-bit answer, side by side. */
    private long queryWord(long index) {
        int perDevice = switch (mode) {
            case READ_STATUS -> status;
            case READ_ID -> switch ((int) (index & 0xFF)) {
                case 0 -> MANUFACTURER_ID;
                case 1 -> DEVICE_ID;
                default -> 0;                              // block lock status: unlocked
            };
            case CFI_QUERY -> index < cfi.length ? cfi[(int) index] & 0xFF : 0;
            default -> 0;
        };
        return (perDevice & 0xFFFFL) | (perDevice & 0xFFFFL) << 16;
    }

    @Override
    public void write(long offset, int width, long value) {
        if ((width != 1 && width != 2 && width != 4 && width != 8) || offset < 0 || offset + width > size) return;
        int cmd = (int) value & 0xFF;
        switch (pending) {
            case NONE -> command(offset, cmd);
            case PROGRAM -> {
                program(offset, width, value);
                finish();
            }
            case ERASE -> {
                if (cmd == CMD_CONFIRM) {
                    erase(offset & -(long) SECTOR_SIZE);
                    finish();
                } else {
                    abort(cmd);
                }
            }
            case LOCK -> {
                if (cmd == CMD_LOCK_BLOCK || cmd == CMD_CONFIRM || cmd == CMD_LOCK_DOWN) finish(); // accepted, not enforced
                else abort(cmd);
            }
            case BUFFER_COUNT -> {
                int words = (int) (value & 0xFFFF) + 1;    // one device's count: writes of the bank width
                if (words * BANK_WIDTH > WRITE_BLOCK) {
                    abort(cmd);
                } else {
                    Arrays.fill(buffer, (byte) 0xFF);
                    bufferWritesLeft = words;
                    pending = Pending.BUFFER_DATA;
                }
            }
            case BUFFER_DATA -> {
                long rel = offset - bufferBase;
                if (rel < 0 || rel + width > WRITE_BLOCK) {
                    status |= SR_PROGRAM_ERROR;             // outside the buffer's block
                } else {
                    for (int i = 0; i < width; i++) buffer[(int) rel + i] &= (byte) (value >>> (8 * i));
                }
                if (--bufferWritesLeft == 0) pending = Pending.BUFFER_CONFIRM;
            }
            case BUFFER_CONFIRM -> {
                if (cmd == CMD_CONFIRM) {
                    for (int i = 0; i < WRITE_BLOCK; i++) if (buffer[i] != (byte) 0xFF) andByte(bufferBase + i, buffer[i]);
                    finish();
                } else {
                    abort(cmd);
                }
            }
        }
    }

    private void command(long offset, int cmd) {
        switch (cmd) {
            case CMD_READ_ARRAY, CMD_READ_ARRAY_QEMU, CMD_AMD_RESET -> setMode(Mode.READ_ARRAY);
            case CMD_PROGRAM, CMD_PROGRAM_ALT -> begin(Pending.PROGRAM);
            case CMD_BLOCK_ERASE -> begin(Pending.ERASE);
            case CMD_LOCK_SETUP -> begin(Pending.LOCK);
            case CMD_BUFFERED_PROGRAM -> {
                bufferBase = offset & -(long) WRITE_BLOCK;
                begin(Pending.BUFFER_COUNT);               // status now reads "buffer available"
            }
            case CMD_CLEAR_STATUS -> {
                status = SR_READY;
                setMode(Mode.READ_ARRAY);                  // as QEMU
            }
            case CMD_READ_STATUS -> setMode(Mode.READ_STATUS);
            case CMD_READ_ID -> setMode(Mode.READ_ID);
            case CMD_CFI_QUERY -> setMode(Mode.CFI_QUERY);
            default -> setMode(Mode.READ_ARRAY);           // unknown command: back to array, as QEMU
        }
    }

    private void begin(Pending p) {
        pending = p;
        status |= SR_READY;
        setMode(Mode.READ_STATUS);
    }

    private void finish() {
        pending = Pending.NONE;
        status |= SR_READY;
        setMode(Mode.READ_STATUS);
    }

    private void abort(int cmd) {
        pending = Pending.NONE;
        if (cmd == CMD_READ_ARRAY) {
            setMode(Mode.READ_ARRAY);
        } else {
            status |= SR_SEQUENCE_ERROR | SR_READY;
            setMode(Mode.READ_STATUS);
        }
    }

    private void setMode(Mode m) {
        if (m == mode) return;
        boolean wasArray = mode == Mode.READ_ARRAY;
        mode = m;
        if (wasArray != (m == Mode.READ_ARRAY)) listener.readArrayMode(!wasArray);
    }

    private void program(long offset, int width, long value) {
        for (int i = 0; i < width; i++) andByte(offset + i, (byte) (value >>> (8 * i)));
    }

    private void erase(long base) {
        // Fill rather than drop pages: the platform may hold them for direct reads.
        for (long p = base; p < base + SECTOR_SIZE; p += PAGE) {
            byte[] page = pages[(int) (p / PAGE)];
            if (page != null) Arrays.fill(page, (byte) 0xFF);
        }
        dirty = true;
    }

    private byte arrayByte(long offset) {
        byte[] p = pages[(int) (offset / PAGE)];
        return p == null ? (byte) 0xFF : p[(int) (offset & (PAGE - 1))];
    }

    private void andByte(long offset, byte b) {
        if (b == (byte) 0xFF) return;                      // programming a 1 changes nothing
        byte[] p = materialise((int) (offset / PAGE));
        p[(int) (offset & (PAGE - 1))] &= b;
        dirty = true;
    }

    private byte[] materialise(int index) {
        byte[] p = pages[index];
        if (p == null) {
            p = new byte[PAGE];
            Arrays.fill(p, (byte) 0xFF);
            pages[index] = p;
        }
        return p;
    }

    // ---- snapshots ----

    /** The programmed pages (null ones read erased), the command state machine and the write buffer. */
    @Override
    public void save(SnapshotOutput o) {
        o.writeInt(pages.length);
        for (int i = 0; i < pages.length; i++) {
            if (pages[i] != null) { o.writeInt(i); o.writeBytes(pages[i]); }
        }
        o.writeInt(-1);
        o.writeBoolean(dirty);
        o.writeInt(mode.ordinal()); o.writeInt(pending.ordinal()); o.writeInt(status);
        o.writeLong(bufferBase); o.writeInt(bufferWritesLeft); o.writeBytes(buffer);
    }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        if (in.readInt() != pages.length) throw new SnapshotFormatException("a flash bank of another size");
        java.util.Arrays.fill(pages, null);
        for (int i = in.readInt(); i != -1; i = in.readInt()) {
            if (i < 0 || i >= pages.length) throw new SnapshotFormatException("a flash page outside the bank");
            byte[] p = in.readBytes();
            if (p.length != PAGE) throw new SnapshotFormatException("a flash page of " + p.length + " bytes");
            pages[i] = p;
        }
        dirty = in.readBoolean();
        boolean wasArray = mode == Mode.READ_ARRAY;
        mode = Mode.values()[in.readInt(0, Mode.values().length - 1)];
        pending = Pending.values()[in.readInt(0, Pending.values().length - 1)];
        status = in.readInt();
        bufferBase = in.readLong(); bufferWritesLeft = in.readInt(); in.readBytesInto(buffer);
        if (wasArray != (mode == Mode.READ_ARRAY)) listener.readArrayMode(mode == Mode.READ_ARRAY);
    }
}
