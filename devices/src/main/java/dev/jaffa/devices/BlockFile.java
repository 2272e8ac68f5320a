package dev.jaffa.devices;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The storage behind a {@link VirtioBlk}: positional reads and writes that may fail. A host file
 * through {@link #of(FileChannel)}; tests supply failing ones (a full disk).
 */
public interface BlockFile {
    /** The current size in bytes. */
    long size() throws IOException;

    /** Reads into {@code dst} from {@code position}; returns the count, or -1 at end of file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes {@code src} at {@code position}; returns the count. */
    int write(ByteBuffer src, long position) throws IOException;

    /** Forces written data to the storage device (fsync). */
    void force() throws IOException;

    static BlockFile of(FileChannel ch) {
        return new BlockFile() {
            @Override public long size() throws IOException { return ch.size(); }
            @Override public int read(ByteBuffer dst, long position) throws IOException { return ch.read(dst, position); }
            @Override public int write(ByteBuffer src, long position) throws IOException { return ch.write(src, position); }
            @Override public void force() throws IOException { ch.force(true); }
        };
    }
}
