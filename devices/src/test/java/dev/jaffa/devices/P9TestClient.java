package dev.jaffa.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A 9P2000.L client for tests, sending each message as one chain through {@link VirtioTestDriver}. */
final class P9TestClient {
    /** Field wrappers for {@link #rpc}: Integer is u32, Long u64, String a 9P string, byte[] raw. */
    record U8(int v) { }
    record U16(int v) { }

    /** A reply: its type and the body after the 7-byte header. */
    static final class R {
        final int type;
        final ByteBuffer body;
        R(int type, ByteBuffer body) { this.type = type; this.body = body; }
        boolean isError() { return type == P9Server.RLERROR; }
        int errno() { return isError() ? body.getInt(P9Server.HEADER) : 0; }
        int u8() { return body.get() & 0xFF; }
        int u16() { return body.getShort() & 0xFFFF; }
        int u32() { return body.getInt(); }
        long u64() { return body.getLong(); }
        String str() {
            byte[] b = new byte[u16()];
            body.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }
        /** Skips a qid and returns its path. */
        long qidPath() { body.get(); body.getInt(); return body.getLong(); }
    }

    final VirtioTestDriver d;
    int replyRoom = 16384;
    private int tag = 1;

    P9TestClient(VirtioTestDriver d) {
        this.d = d;
    }

    static byte[] message(int type, int tag, Object... fields) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object f : fields) {
            if (f instanceof U8 u) b.write(u.v());
            else if (f instanceof U16 u) le(b, u.v(), 2);
            else if (f instanceof Integer i) le(b, i, 4);
            else if (f instanceof Long l) le(b, l, 8);
            else if (f instanceof String s) {
                byte[] sb = s.getBytes(StandardCharsets.UTF_8);
                le(b, sb.length, 2);
                b.writeBytes(sb);
            } else b.writeBytes((byte[]) f);
        }
        byte[] body = b.toByteArray();
        ByteBuffer m = ByteBuffer.allocate(7 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(7 + body.length).put((byte) type).putShort((short) tag).put(body);
        return m.array();
    }

    private static void le(ByteArrayOutputStream b, long v, int n) {
        for (int i = 0; i < n; i++) b.write((int) (v >>> (8 * i)));
    }

    /** Sends a raw message; the reply, checked for a matching tag and a consistent size. */
    R send(byte[] msg, int expectTag) {
        VirtioTestDriver.Reply r = d.request(new byte[][] {msg}, replyRoom);
        assertNotNull(r, "the device answered");
        ByteBuffer b = ByteBuffer.wrap(r.data, 0, r.len).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(r.len, b.getInt(0), "size field = used len");
        assertEquals(expectTag, b.getShort(5) & 0xFFFF, "tag");
        R reply = new R(b.get(4) & 0xFF, b);
        b.position(P9Server.HEADER);
        return reply;
    }

    R rpc(int type, Object... fields) {
        int t = tag++ & 0x7FFF;
        R r = send(message(type, t, fields), t);
        if (!r.isError()) assertEquals(type + 1, r.type, "reply type");
        return r;
    }

    /** The reply, which must be a success. */
    R ok(int type, Object... fields) {
        R r = rpc(type, fields);
        assertEquals(0, r.errno(), "errno of message " + type);
        return r;
    }

    int errno(int type, Object... fields) {
        return rpc(type, fields).errno();
    }

    void handshake(int rootFid) {
        R v = ok(P9Server.TVERSION, 8192, "9P2000.L");
        assertEquals(8192, v.u32());
        assertEquals("9P2000.L", v.str());
        ok(P9Server.TATTACH, rootFid, -1, "root", "", 0);
    }

    /** Twalk; returns the number of qids (an error reply as minus the errno). */
    int walk(int fid, int newfid, String... names) {
        Object[] f = new Object[3 + names.length];
        f[0] = fid;
        f[1] = newfid;
        f[2] = new U16(names.length);
        System.arraycopy(names, 0, f, 3, names.length);
        R r = rpc(P9Server.TWALK, f);
        return r.isError() ? -r.errno() : r.u16();
    }

    byte[] read(int fid, long offset, int count) {
        R r = ok(P9Server.TREAD, fid, offset, count);
        byte[] b = new byte[r.u32()];
        r.body.get(b);
        return b;
    }

    int write(int fid, long offset, byte[] data) {
        return ok(P9Server.TWRITE, fid, offset, data.length, data).u32();
    }

    /** Tgetattr: {mode, uid, gid, nlink, size} and the qid path last. */
    long[] getattr(int fid) {
        R r = ok(P9Server.TGETATTR, fid, 0x7FFL);
        r.u64();
        long qid = r.qidPath();
        long mode = r.u32() & 0xFFFF_FFFFL, uid = r.u32(), gid = r.u32(), nlink = r.u64();
        r.u64();
        long size = r.u64();
        return new long[] {mode, uid, gid, nlink, size, qid};
    }

    /** Treaddir from offset 0 to the end: the names. */
    java.util.List<String> readdir(int fid) {
        java.util.List<String> names = new java.util.ArrayList<>();
        long off = 0;
        while (true) {
            R r = ok(P9Server.TREADDIR, fid, off, 200);      // small counts: several round trips
            int n = r.u32();
            if (n == 0) return names;
            int end = r.body.position() + n;
            while (r.body.position() < end) {
                r.qidPath();
                off = r.u64();
                r.u8();
                names.add(r.str());
            }
        }
    }
}
