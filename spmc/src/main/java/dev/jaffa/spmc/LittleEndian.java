package dev.jaffa.spmc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian fields of FF-A descriptors in byte arrays (FF-A data structures are little-endian). */
final class LittleEndian {
    private LittleEndian() {}

    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN),
            U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN),
            U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static int u8(byte[] b, int at) { return b[at] & 0xFF; }

    static int u16(byte[] b, int at) { return (short) U16.get(b, at) & 0xFFFF; }

    /** A 32-bit field, as Java's signed int (callers compare unsigned where the field is a count). */
    static int i32(byte[] b, int at) { return (int) U32.get(b, at); }

    static long i64(byte[] b, int at) { return (long) U64.get(b, at); }

    static void put8(byte[] b, int at, int v) { b[at] = (byte) v; }

    static void put16(byte[] b, int at, int v) { U16.set(b, at, (short) v); }

    static void put32(byte[] b, int at, int v) { U32.set(b, at, v); }

    static void put64(byte[] b, int at, long v) { U64.set(b, at, v); }
}
