package dev.jaffa.devices;

import dev.jaffa.format.LinuxErrno;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A 9P2000.L file server for one host directory: the messages Linux's v9fs sends (as listed in
 * the protocol's Linux documentation, "9p2000.L"), answered from the host file system.
 *
 * <p>Confinement. A fid is a path relative to the root, made of names the server checked (no
 * "/", "." or ".."; ".." is resolved by the server and stops at the root). Every operation
 * re-checks that each directory on the way is a real directory, not a symbolic link (lstat, so a
 * directory swapped for a link since the walk is refused), and acts on the last component
 * without following it (NOFOLLOW_LINKS, O_NOFOLLOW). Symbolic links are created, listed and
 * read as links; the guest resolves them in its own name space, never on the host. Requests are
 * served one at a time on the emulation thread, so the guest cannot race its own checks.
 *
 * <p>Ownership follows QEMU's {@code security_model=none}: files belong to whoever runs Jaffa,
 * and a failing chown is ignored. Extended attributes are not offered (an empty list; a named one
 * is ENODATA). Locks are granted without being kept. Device nodes cannot be made (EPERM).
 */
final class P9Server {
    // Message types (9P2000.L and the 9P2000 ones .L keeps).
    static final int TLERROR = 6, RLERROR = 7, TSTATFS = 8, TLOPEN = 12, TLCREATE = 14, TSYMLINK = 16, TMKNOD = 18,
            TRENAME = 20, TREADLINK = 22, TGETATTR = 24, TSETATTR = 26, TXATTRWALK = 30, TXATTRCREATE = 32,
            TREADDIR = 40, TFSYNC = 50, TLOCK = 52, TGETLOCK = 54, TLINK = 70, TMKDIR = 72, TRENAMEAT = 74,
            TUNLINKAT = 76, TVERSION = 100, TAUTH = 102, TATTACH = 104, TFLUSH = 108, TWALK = 110, TREAD = 116,
            TWRITE = 118, TCLUNK = 120, TREMOVE = 122;

    static final int HEADER = 7;                      // size[4] type[1] tag[2]
    static final int IOHDR = HEADER + 4;              // Rread: header and count[4]
    static final int MAX_MSIZE = 512 * 1024;
    static final int MAX_FIDS = 1 << 16;
    static final int MAX_WALK = 16;
    static final String VERSION = "9P2000.L";

    // Qid types, open flags (Linux generic values, as P9_DOTL_*), setattr and lock constants.
    static final int QTDIR = 0x80, QTSYMLINK = 0x02, QTFILE = 0;
    static final int O_ACCMODE = 3, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_TRUNC = 01000;
    static final int AT_REMOVEDIR = 0x200;
    static final int SETATTR_MODE = 1, SETATTR_UID = 2, SETATTR_GID = 4, SETATTR_SIZE = 8, SETATTR_ATIME = 0x10,
            SETATTR_MTIME = 0x20, SETATTR_ATIME_SET = 0x80, SETATTR_MTIME_SET = 0x100;
    static final long GETATTR_BASIC = 0x7FF;
    static final int LOCK_SUCCESS = 0, F_UNLCK = 2;
    static final int V9FS_MAGIC = 0x01021997;
    static final int S_IFMT = 0170000, S_IFDIR = 0040000, S_IFLNK = 0120000, S_IFREG = 0100000;

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** A request too short for what its type declares. */
    private static final class Malformed extends RuntimeException {
        static final Malformed INSTANCE = new Malformed();
        private Malformed() { super(null, null, false, false); }
    }

    /** A reply that does not fit the driver's buffer. */
    private static final class Overflow extends RuntimeException {
        static final Overflow INSTANCE = new Overflow();
        private Overflow() { super(null, null, false, false); }
    }

    /** What a fid stands for. */
    private static final class Fid {
        String path;                                   // relative to the root, "" for the root
        @dev.jaffa.interp.snapshot.NotState("a host channel: reopened from path, read and write on restore")
        FileChannel channel;                           // an opened file
        boolean open;                                  // channel != null (what a snapshot compares)
        boolean read, write;
        boolean openDir;                               // an opened directory
        List<String> listing;                          // readdir snapshot, taken at offset 0
        boolean xattr;                                 // an (empty) xattr list
        Fid(String path) { this.path = path; }
    }

    @dev.jaffa.interp.snapshot.NotState("configuration")
    private final Path root;
    @dev.jaffa.interp.snapshot.NotState("configuration")
    private final boolean readOnly;
    private final Map<Integer, Fid> fids = new HashMap<>();
    private int msize = MAX_MSIZE;

    @dev.jaffa.interp.snapshot.NotState("scratch: the message being handled")
    private byte[] in, out;
    @dev.jaffa.interp.snapshot.NotState("scratch: the message being handled")
    private int ip, limit, op, cap;

    P9Server(Path root, boolean readOnly) {
        this.root = root;
        this.readOnly = readOnly;
    }

    /**
     * Serves the request in {@code req[0, len)} and writes the reply into {@code rep[0, repCap)};
     * returns the reply's length, or -1 when there is no reply to give (not even a header, or a
     * reply that does not fit): a device error for the transport.
     */
    int process(byte[] req, int len, byte[] rep, int repCap) {
        if (len < HEADER || repCap < HEADER) return -1;
        in = req;
        out = rep;
        cap = Math.min(repCap, rep.length);
        ip = 0;
        limit = len;
        long size = u32() & 0xFFFF_FFFFL;
        int type = u8();
        int tag = u16();
        if (size < limit) limit = (int) Math.max(HEADER, size);
        op = HEADER;
        int rtype = type + 1;
        try {
            try {
                dispatch(type);
            } catch (P9Errno e) {
                op = HEADER;
                w32(e.errno);
                rtype = RLERROR;
            } catch (Malformed e) {
                op = HEADER;
                w32(LinuxErrno.EPROTO);
                rtype = RLERROR;
            } catch (IOException e) {
                op = HEADER;
                w32(LinuxErrno.of(e));
                rtype = RLERROR;
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                op = HEADER;
                w32(LinuxErrno.EINVAL);
                rtype = RLERROR;
            } catch (Overflow e) {
                throw e;
            } catch (RuntimeException e) {
                op = HEADER;
                w32(LinuxErrno.EIO);
                rtype = RLERROR;
            }
        } catch (Overflow e) {
            return -1;
        }
        int n = op;
        op = 0;
        w32(n);
        w8(rtype);
        w16(tag);
        return n;
    }

    /** Clunks every fid, closing what they hold (Tversion, device reset). */
    void reset() {
        for (Fid f : fids.values()) close(f);
        fids.clear();
        msize = MAX_MSIZE;
    }

    int msize() { return msize; }

    void setMsize(int m) { msize = m; }

    /** Number of fids the client holds. */
    int fidCount() { return fids.size(); }

    // ---- request decoding and reply encoding -----------------------------------------------------

    private int u8() {
        if (ip + 1 > limit) throw Malformed.INSTANCE;
        return in[ip++] & 0xFF;
    }

    private int u16() {
        if (ip + 2 > limit) throw Malformed.INSTANCE;
        int v = (in[ip] & 0xFF) | (in[ip + 1] & 0xFF) << 8;
        ip += 2;
        return v;
    }

    private int u32() {
        if (ip + 4 > limit) throw Malformed.INSTANCE;
        int v = 0;
        for (int i = 0; i < 4; i++) v |= (in[ip + i] & 0xFF) << (8 * i);
        ip += 4;
        return v;
    }

    private long u64() {
        if (ip + 8 > limit) throw Malformed.INSTANCE;
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (in[ip + i] & 0xFFL) << (8 * i);
        ip += 8;
        return v;
    }

    private String str() {
        int n = u16();
        if (ip + n > limit) throw Malformed.INSTANCE;
        String s = new String(in, ip, n, StandardCharsets.UTF_8);
        ip += n;
        return s;
    }

    private void room(int n) {
        if (op + n > cap) throw Overflow.INSTANCE;
    }

    private void w8(int v) {
        room(1);
        out[op++] = (byte) v;
    }

    private void w16(int v) {
        room(2);
        out[op++] = (byte) v;
        out[op++] = (byte) (v >>> 8);
    }

    private void w32(int v) {
        room(4);
        for (int i = 0; i < 4; i++) out[op++] = (byte) (v >>> (8 * i));
    }

    private void w64(long v) {
        room(8);
        for (int i = 0; i < 8; i++) out[op++] = (byte) (v >>> (8 * i));
    }

    private void wstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) throw Overflow.INSTANCE;
        w16(b.length);
        room(b.length);
        System.arraycopy(b, 0, out, op, b.length);
        op += b.length;
    }

    private void wqid(Map<String, Object> a) {
        w8(qidType(a));
        w32(0);                                            // version: v9fs (cache=none) does not use it
        w64(qidPath(a));
    }

    // ---- paths: confinement to the root -------------------------------------------------------------

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    private static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    private Path host(String rel) {
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    /** A name a client may create or look up in a directory. */
    private static void checkName(String name) throws P9Errno {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new P9Errno(LinuxErrno.EINVAL);
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) throw new P9Errno(LinuxErrno.ENAMETOOLONG);
    }

    /**
     * The host path of {@code rel} after checking that the root and every directory above the last
     * component are real directories (not symbolic links) now.
     */
    private Path confined(String rel) throws P9Errno, IOException {
        Path p = root;
        if (!Files.isDirectory(root, NOFOLLOW)) throw new P9Errno(LinuxErrno.ENOENT);
        if (rel.isEmpty()) return root;
        int from = 0;
        while (true) {
            int slash = rel.indexOf('/', from);
            if (slash < 0) return p.resolve(rel.substring(from));
            p = p.resolve(rel.substring(from, slash));
            Map<String, Object> a;
            try {
                a = Files.readAttributes(p, "unix:mode", NOFOLLOW);
            } catch (IOException e) {
                throw new P9Errno(LinuxErrno.ENOENT);
            }
            if (((Integer) a.get("mode") & S_IFMT) != S_IFDIR) throw new P9Errno(LinuxErrno.ENOTDIR);
            from = slash + 1;
        }
    }

    /** The host path of {@code name} in the directory fid {@code dir}, which must be a real directory. */
    private Path childOf(Fid dir, String name) throws P9Errno, IOException {
        checkName(name);
        Path d = confined(dir.path);
        if ((mode(attrs(d)) & S_IFMT) != S_IFDIR) throw new P9Errno(LinuxErrno.ENOTDIR);
        return d.resolve(name);
    }

    private static Map<String, Object> attrs(Path p) throws IOException {
        return Files.readAttributes(p, "unix:*", NOFOLLOW);
    }

    private static int mode(Map<String, Object> a) { return (Integer) a.get("mode"); }

    private static int qidType(Map<String, Object> a) {
        int fmt = mode(a) & S_IFMT;
        return fmt == S_IFDIR ? QTDIR : fmt == S_IFLNK ? QTSYMLINK : QTFILE;
    }

    @dev.jaffa.interp.snapshot.NotState("a cache of the share's device number")
    private long rootDev = -1;

    private long qidPath(Map<String, Object> a) {
        long ino = (Long) a.get("ino"), dev = (Long) a.get("dev");
        if (rootDev < 0) {
            try {
                rootDev = (Long) attrs(root).get("dev");
            } catch (IOException e) {
                rootDev = dev;
            }
        }
        // Inode numbers repeat across file systems mounted inside the share: tell them apart.
        return dev == rootDev ? ino : ino ^ Long.rotateLeft(dev * 0x9E3779B97F4A7C15L, 48);
    }

    // ---- fids --------------------------------------------------------------------------------------------

    private Fid fid(int n) throws P9Errno {
        Fid f = fids.get(n);
        if (f == null) throw new P9Errno(LinuxErrno.EBADF);
        return f;
    }

    private void newFid(int n, Fid f) throws P9Errno {
        if (fids.containsKey(n)) throw new P9Errno(LinuxErrno.EBADF);
        if (fids.size() >= MAX_FIDS) throw new P9Errno(LinuxErrno.EMFILE);
        fids.put(n, f);
    }

    private static void close(Fid f) {
        if (f.channel != null) {
            try {
                f.channel.close();
            } catch (IOException ignored) {
                // Nothing to report to: the fid is gone.
            }
            f.channel = null;
        }
        f.open = false;
        f.openDir = false;
        f.listing = null;
    }

    private void refuseIfReadOnly() throws P9Errno {
        if (readOnly) throw new P9Errno(LinuxErrno.EROFS);
    }

    /** Moves the fids at or under {@code from} to {@code to}, as a rename moved their files. */
    private void renamed(String from, String to) {
        String prefix = from + "/";
        for (Fid f : fids.values()) {
            if (f.path.equals(from)) f.path = to;
            else if (f.path.startsWith(prefix)) f.path = to + f.path.substring(from.length());
        }
    }

    // ---- messages ------------------------------------------------------------------------------------------

    private void dispatch(int type) throws P9Errno, IOException {
        switch (type) {
            case TVERSION -> version();
            case TATTACH -> attach();
            case TAUTH, TXATTRCREATE -> throw new P9Errno(LinuxErrno.EOPNOTSUPP);
            case TFLUSH -> u16();                          // requests complete in order: nothing to cancel
            case TWALK -> walk();
            case TCLUNK -> {
                int n = u32();
                close(fid(n));
                fids.remove(n);
            }
            case TGETATTR -> getattr();
            case TSETATTR -> setattr();
            case TLOPEN -> lopen();
            case TLCREATE -> lcreate();
            case TREAD -> read();
            case TWRITE -> write();
            case TREADDIR -> readdir();
            case TMKDIR -> mkdir();
            case TSYMLINK -> symlink();
            case TREADLINK -> {
                Fid f = fid(u32());
                wstr(Files.readSymbolicLink(confined(f.path)).toString());
            }
            case TMKNOD -> {
                fid(u32());
                checkName(str());
                refuseIfReadOnly();
                throw new P9Errno(LinuxErrno.EPERM);
            }
            case TLINK -> link();
            case TUNLINKAT -> unlinkat();
            case TRENAMEAT -> renameat();
            case TRENAME -> rename();
            case TREMOVE -> remove();
            case TSTATFS -> statfs();
            case TFSYNC -> {
                Fid f = fid(u32());
                u32();                                     // datasync: fsync either way
                if (f.channel != null) f.channel.force(true);
            }
            case TXATTRWALK -> xattrwalk();
            case TLOCK -> {
                fid(u32());
                u8(); u32(); u64(); u64(); u32(); str();
                w8(LOCK_SUCCESS);
            }
            case TGETLOCK -> {
                fid(u32());
                u8();
                long start = u64(), length = u64();
                int proc = u32();
                String client = str();
                w8(F_UNLCK);                              // nobody holds a conflicting lock
                w64(start);
                w64(length);
                w32(proc);
                wstr(client);
            }
            default -> throw new P9Errno(LinuxErrno.EOPNOTSUPP);
        }
    }

    private void version() {
        int m = u32();
        String v = str();
        reset();
        msize = (int) Math.min(MAX_MSIZE, m & 0xFFFF_FFFFL);
        w32(msize);
        wstr(v.equals(VERSION) ? VERSION : "unknown");
    }

    private void attach() throws P9Errno, IOException {
        int fid = u32();
        u32();                                              // afid: no authentication
        str();                                              // uname
        str();                                              // aname: the share is the tag's one directory
        u32();                                              // n_uname
        Map<String, Object> a = attrs(confined(""));
        newFid(fid, new Fid(""));
        wqid(a);
    }

    private void walk() throws P9Errno, IOException {
        int fidNo = u32();
        Fid f = fid(fidNo);
        int newfid = u32();
        int n = u16();
        if (n > MAX_WALK) throw new P9Errno(LinuxErrno.EINVAL);
        String[] names = new String[n];
        for (int i = 0; i < n; i++) names[i] = str();
        if (newfid != fidNo && fids.containsKey(newfid)) throw new P9Errno(LinuxErrno.EBADF);
        String cur = f.path;
        int start = op;
        w16(0);
        int done = 0;
        for (String name : names) {
            try {
                Path here = confined(cur);
                if ((mode(attrs(here)) & S_IFMT) != S_IFDIR) throw new P9Errno(LinuxErrno.ENOTDIR);
                String next;
                if (name.equals("..")) next = parent(cur);            // the root is its own parent
                else {
                    checkName(name);
                    next = join(cur, name);
                }
                Map<String, Object> a = attrs(confined(next));
                cur = next;
                wqid(a);
                done++;
            } catch (P9Errno | IOException e) {
                if (done == 0) throw e;
                break;                                     // a partial walk: newfid is not made
            }
        }
        int end = op;
        op = start;
        w16(done);
        op = end;
        if (done == n) {
            if (newfid == fidNo) f.path = cur;
            else newFid(newfid, new Fid(cur));
        }
    }

    private void getattr() throws P9Errno, IOException {
        Fid f = fid(u32());
        u64();                                              // request_mask: the basic set is always given
        Map<String, Object> a = attrs(confined(f.path));
        long size = (Long) a.get("size");
        w64(GETATTR_BASIC);
        wqid(a);
        w32(mode(a));
        w32((Integer) a.get("uid"));
        w32((Integer) a.get("gid"));
        w64((Integer) a.get("nlink"));
        w64((Long) a.get("rdev"));
        w64(size);
        w64(4096);                                          // blksize
        w64((size + 511) / 512);                            // blocks
        time((FileTime) a.get("lastAccessTime"));
        time((FileTime) a.get("lastModifiedTime"));
        time((FileTime) a.get("ctime"));
        w64(0);                                             // btime (not in the basic set)
        w64(0);
        w64(0);                                             // gen
        w64(0);                                             // data_version
    }

    private void time(FileTime t) {
        java.time.Instant i = t.toInstant();
        w64(i.getEpochSecond());
        w64(i.getNano());
    }

    private void setattr() throws P9Errno, IOException {
        Fid f = fid(u32());
        int valid = u32(), mode = u32(), uid = u32(), gid = u32();
        long size = u64(), atimeS = u64(), atimeN = u64(), mtimeS = u64(), mtimeN = u64();
        refuseIfReadOnly();
        Path p = confined(f.path);
        if ((valid & SETATTR_MODE) != 0) Files.setAttribute(p, "unix:mode", mode & 07777, NOFOLLOW);
        if ((valid & (SETATTR_UID | SETATTR_GID)) != 0) {
            try {
                if ((valid & SETATTR_UID) != 0) Files.setAttribute(p, "unix:uid", uid, NOFOLLOW);
                if ((valid & SETATTR_GID) != 0) Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
            } catch (IOException e) {
                // security_model=none: ownership is best effort.
            }
        }
        if ((valid & SETATTR_SIZE) != 0) {
            if (size < 0) throw new P9Errno(LinuxErrno.EFBIG);
            Map<String, Object> a = attrs(p);
            if ((mode(a) & S_IFMT) == S_IFDIR) throw new P9Errno(LinuxErrno.EISDIR);
            if ((mode(a) & S_IFMT) != S_IFREG) throw new P9Errno(LinuxErrno.EINVAL);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, NOFOLLOW)) {
                long now = ch.size();
                if (size < now) ch.truncate(size);
                else if (size > now) ch.write(ByteBuffer.wrap(new byte[1]), size - 1);   // extends, sparse
            }
        }
        if ((valid & (SETATTR_ATIME | SETATTR_MTIME)) != 0) {
            FileTime now = FileTime.from(java.time.Instant.now());
            FileTime at = (valid & SETATTR_ATIME) == 0 ? null
                    : (valid & SETATTR_ATIME_SET) != 0 ? FileTime.from(java.time.Instant.ofEpochSecond(atimeS, atimeN)) : now;
            FileTime mt = (valid & SETATTR_MTIME) == 0 ? null
                    : (valid & SETATTR_MTIME_SET) != 0 ? FileTime.from(java.time.Instant.ofEpochSecond(mtimeS, mtimeN)) : now;
            Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, NOFOLLOW).setTimes(mt, at, null);
        }
        // SETATTR_CTIME alone: the host sets ctime itself on any change.
    }

    /** Opens {@code p} for fid {@code f} with Linux open {@code flags}; returns its attributes. */
    private Map<String, Object> open(Fid f, Path p, int flags) throws P9Errno, IOException {
        if (f.channel != null || f.openDir) throw new P9Errno(LinuxErrno.EBADF);
        int acc = flags & O_ACCMODE;
        boolean write = acc == O_WRONLY || acc == O_RDWR, read = acc != O_WRONLY;
        Map<String, Object> a = attrs(p);
        int fmt = mode(a) & S_IFMT;
        if (fmt == S_IFLNK) throw new P9Errno(LinuxErrno.ELOOP);
        if (fmt == S_IFDIR) {
            if (write || (flags & O_TRUNC) != 0) throw new P9Errno(LinuxErrno.EISDIR);
            f.openDir = true;
            f.listing = null;
            return a;
        }
        // FIFOs, sockets and devices: opening one could block the emulator or reach host hardware.
        if (fmt != S_IFREG) throw new P9Errno(LinuxErrno.ENXIO);
        if (readOnly && (write || (flags & O_TRUNC) != 0)) throw new P9Errno(LinuxErrno.EROFS);
        List<OpenOption> o = new ArrayList<>(4);
        o.add(NOFOLLOW);
        if (read) o.add(StandardOpenOption.READ);
        if (write) o.add(StandardOpenOption.WRITE);
        if ((flags & O_TRUNC) != 0 && write) o.add(StandardOpenOption.TRUNCATE_EXISTING);
        f.channel = FileChannel.open(p, o.toArray(new OpenOption[0]));
        f.open = true;
        f.read = read;
        f.write = write;
        return a;
    }

    private void lopen() throws P9Errno, IOException {
        Fid f = fid(u32());
        int flags = u32();
        if (f.xattr) throw new P9Errno(LinuxErrno.EINVAL);
        wqid(open(f, confined(f.path), flags));
        w32(0);                                             // iounit: msize decides
    }

    private void lcreate() throws P9Errno, IOException {
        Fid f = fid(u32());
        String name = str();
        int flags = u32(), mode = u32();
        u32();                                              // gid
        Path p = childOf(f, name);
        refuseIfReadOnly();
        if (f.channel != null || f.openDir) throw new P9Errno(LinuxErrno.EBADF);
        boolean created = false;
        try {
            Files.createFile(p);                            // O_CREAT|O_EXCL: never through a link
            created = true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if ((flags & O_EXCL) != 0) throw e;
        }
        Fid opened = new Fid(join(f.path, name));
        Map<String, Object> a = open(opened, p, flags & ~(O_CREAT | O_EXCL));
        // The mode is applied after opening, so 0444 still gives the creator a writable file.
        if (created) {
            Files.setAttribute(p, "unix:mode", mode & 07777, NOFOLLOW);
            a = attrs(p);
        }
        f.path = opened.path;
        f.channel = opened.channel;
        f.open = opened.open;
        f.read = opened.read;
        f.write = opened.write;
        f.openDir = opened.openDir;
        wqid(a);
        w32(0);
    }

    private void read() throws P9Errno, IOException {
        Fid f = fid(u32());
        long offset = u64();
        long count = u32() & 0xFFFF_FFFFL;
        if (f.xattr) {
            w32(0);
            return;
        }
        if (f.openDir) throw new P9Errno(LinuxErrno.EISDIR);
        if (f.channel == null || !f.read) throw new P9Errno(LinuxErrno.EBADF);
        if (offset < 0) throw new P9Errno(LinuxErrno.EINVAL);
        int n = (int) Math.min(count, Math.min(msize, cap) - IOHDR);
        if (n < 0) throw Overflow.INSTANCE;
        ByteBuffer b = ByteBuffer.wrap(out, IOHDR, n);
        while (b.hasRemaining()) {
            if (f.channel.read(b, offset + b.position() - IOHDR) <= 0) break;
        }
        w32(b.position() - IOHDR);
        op = b.position();
    }

    private void write() throws P9Errno, IOException {
        Fid f = fid(u32());
        long offset = u64();
        long count = u32() & 0xFFFF_FFFFL;
        if (count > limit - ip) throw Malformed.INSTANCE;
        if (f.channel == null || !f.write) throw new P9Errno(f.openDir ? LinuxErrno.EISDIR : LinuxErrno.EBADF);
        refuseIfReadOnly();
        if (offset < 0 || offset + count < 0) throw new P9Errno(LinuxErrno.EFBIG);
        ByteBuffer b = ByteBuffer.wrap(in, ip, (int) count);
        while (b.hasRemaining()) {
            if (f.channel.write(b, offset + b.position() - ip) <= 0) break;
        }
        w32(b.position() - ip);
    }

    private void readdir() throws P9Errno, IOException {
        Fid f = fid(u32());
        long offset = u64();
        long count = u32() & 0xFFFF_FFFFL;
        if (!f.openDir) throw new P9Errno(LinuxErrno.EBADF);
        Path dir = confined(f.path);
        if (offset == 0 || f.listing == null) {
            // A snapshot, sorted so runs repeat; offsets are positions in it.
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) names.add(p.getFileName().toString());
            } catch (java.nio.file.DirectoryIteratorException e) {
                throw e.getCause();
            }
            Collections.sort(names);
            names.add(0, "..");
            names.add(0, ".");
            f.listing = names;
        }
        int max = (int) Math.min(count, Math.min(msize, cap) - IOHDR);
        int start = op;
        w32(0);
        int end = start + 4 + Math.max(0, max);
        List<String> names = f.listing;
        for (long i = offset; i >= 0 && i < names.size(); i++) {
            String name = names.get((int) i);
            Map<String, Object> a;
            try {
                a = name.equals(".") ? attrs(dir)
                        : name.equals("..") ? attrs(f.path.isEmpty() ? dir : confined(parent(f.path)))
                        : attrs(dir.resolve(name));
            } catch (IOException | P9Errno e) {
                continue;                                   // gone since the snapshot
            }
            byte[] nb = name.getBytes(StandardCharsets.UTF_8);
            int len = 13 + 8 + 1 + 2 + nb.length;
            if (op + len > end) break;
            wqid(a);
            w64(i + 1);
            w8(direntType(mode(a)));
            w16(nb.length);
            System.arraycopy(nb, 0, out, op, nb.length);
            op += nb.length;
        }
        int stop = op;
        op = start;
        w32(stop - start - 4);
        op = stop;
    }

    private static int direntType(int mode) {
        return switch (mode & S_IFMT) {
            case 0010000 -> 1;                              // DT_FIFO
            case 0020000 -> 2;                              // DT_CHR
            case S_IFDIR -> 4;
            case 0060000 -> 6;                              // DT_BLK
            case S_IFREG -> 8;
            case S_IFLNK -> 10;
            case 0140000 -> 12;                             // DT_SOCK
            default -> 0;
        };
    }

    private void mkdir() throws P9Errno, IOException {
        Fid d = fid(u32());
        String name = str();
        int mode = u32();
        u32();
        Path p = childOf(d, name);
        refuseIfReadOnly();
        Files.createDirectory(p);
        Files.setAttribute(p, "unix:mode", mode & 07777, NOFOLLOW);
        wqid(attrs(p));
    }

    private void symlink() throws P9Errno, IOException {
        Fid d = fid(u32());
        String name = str(), target = str();
        u32();
        Path p = childOf(d, name);
        refuseIfReadOnly();
        if (target.isEmpty()) throw new P9Errno(LinuxErrno.ENOENT);
        if (target.indexOf('\0') >= 0) throw new P9Errno(LinuxErrno.EINVAL);
        // Stored as given (absolute or not): it is only ever read back, never followed here.
        Files.createSymbolicLink(p, Paths.get(target));
        wqid(attrs(p));
    }

    private void link() throws P9Errno, IOException {
        Fid d = fid(u32());
        Fid f = fid(u32());
        String name = str();
        Path p = childOf(d, name);
        refuseIfReadOnly();
        Path existing = confined(f.path);
        if ((mode(attrs(existing)) & S_IFMT) == S_IFDIR) throw new P9Errno(LinuxErrno.EPERM);
        Files.createLink(p, existing);
    }

    private void unlinkat() throws P9Errno, IOException {
        Fid d = fid(u32());
        String name = str();
        int flags = u32();
        Path p = childOf(d, name);
        refuseIfReadOnly();
        boolean dir = (mode(attrs(p)) & S_IFMT) == S_IFDIR;
        if ((flags & AT_REMOVEDIR) != 0 && !dir) throw new P9Errno(LinuxErrno.ENOTDIR);
        if ((flags & AT_REMOVEDIR) == 0 && dir) throw new P9Errno(LinuxErrno.EISDIR);
        Files.delete(p);
    }

    private void renameat() throws P9Errno, IOException {
        Fid od = fid(u32());
        String oldName = str();
        Fid nd = fid(u32());
        String newName = str();
        move(childOf(od, oldName), join(od.path, oldName), childOf(nd, newName), join(nd.path, newName));
    }

    private void rename() throws P9Errno, IOException {
        Fid f = fid(u32());
        Fid nd = fid(u32());
        String newName = str();
        if (f.path.isEmpty()) throw new P9Errno(LinuxErrno.EBUSY);
        move(confined(f.path), f.path, childOf(nd, newName), join(nd.path, newName));
    }

    private void move(Path from, String fromRel, Path to, String toRel) throws P9Errno, IOException {
        refuseIfReadOnly();
        if (toRel.equals(fromRel)) return;
        if (toRel.startsWith(fromRel + "/")) throw new P9Errno(LinuxErrno.EINVAL);   // into itself
        attrs(from);                                        // ENOENT before anything else
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);   // rename(2): replaces, follows no link
        renamed(fromRel, toRel);
    }

    private void remove() throws P9Errno, IOException {
        int n = u32();
        Fid f = fid(n);
        // The fid is clunked whether or not the removal succeeds (9P2000 remove).
        close(f);
        fids.remove(n);
        refuseIfReadOnly();
        if (f.path.isEmpty()) throw new P9Errno(LinuxErrno.EBUSY);
        Files.delete(confined(f.path));
    }

    private void statfs() throws P9Errno, IOException {
        Fid f = fid(u32());
        FileStore s = Files.getFileStore(confined(f.path));
        long bsize = 4096;
        try {
            bsize = s.getBlockSize();
        } catch (UnsupportedOperationException e) {
            // keep 4096
        }
        w32(V9FS_MAGIC);
        w32((int) bsize);
        w64(s.getTotalSpace() / bsize);
        w64(s.getUnallocatedSpace() / bsize);
        w64(s.getUsableSpace() / bsize);
        w64(0);                                             // files, ffree: not known through java.nio
        w64(0);
        w64(rootDev < 0 ? 0 : rootDev);                     // fsid
        w32(255);                                           // namelen
    }

    private void xattrwalk() throws P9Errno, IOException {
        int fidNo = u32();
        Fid f = fid(fidNo);
        int newfid = u32();
        String name = str();
        confined(f.path);
        if (!name.isEmpty()) throw new P9Errno(LinuxErrno.ENODATA);
        Fid x = new Fid(f.path);
        x.xattr = true;
        if (newfid == fidNo) {
            close(f);
            f.xattr = true;
        } else {
            newFid(newfid, x);
        }
        w64(0);                                             // an empty attribute list
    }

    /** The fids in use, for tests. */
    Set<Integer> fidNumbers() { return new HashSet<>(fids.keySet()); }

    // ---- snapshots ----

    /**
     * The negotiated msize and every fid: its path, how its file was opened (a snapshot stores no
     * host channel; the restore opens the file again the same way, never truncating or creating),
     * an open directory's listing, an xattr fid, and the {@link #stamp} of its file.
     */
    void save(dev.jaffa.interp.snapshot.SnapshotOutput o) {
        o.writeInt(msize);
        Integer[] ns = fids.keySet().toArray(new Integer[0]);
        java.util.Arrays.sort(ns);
        o.writeInt(ns.length);
        for (Integer n : ns) {
            Fid f = fids.get(n);
            o.writeInt(n);
            o.writeString(f.path);
            o.writeBoolean(f.channel != null);
            o.writeBoolean(f.read);
            o.writeBoolean(f.write);
            o.writeBoolean(f.openDir);
            o.writeBoolean(f.xattr);
            o.writeInt(f.listing == null ? -1 : f.listing.size());
            if (f.listing != null) for (String e : f.listing) o.writeString(e);
            o.writeString(stamp(f.path));
        }
    }

    /**
     * What the guest may remember of the file a fid names: its kind and qid path (its identity),
     * and for anything but a directory its size and modification time; "absent" when it is gone. A
     * restore refuses a share where a fid's stamp differs. A directory's own modification time is
     * not part of it: the guest reads directories afresh (cache=none; an open directory's listing
     * is saved), and a snapshot written into the shared directory changes it.
     */
    private String stamp(String path) {
        try {
            Map<String, Object> a = attrs(confined(path));
            String s = "type=" + qidType(a) + " qid=" + Long.toHexString(qidPath(a));
            if ((mode(a) & S_IFMT) == S_IFDIR) return s;
            return s + " size=" + a.get("size") + " mtime=" + ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException | P9Errno e) {
            return "absent";
        }
    }

    void restore(dev.jaffa.interp.snapshot.SnapshotInput in) throws dev.jaffa.interp.snapshot.SnapshotFormatException {
        int m = in.readInt(1, MAX_MSIZE);
        Map<Integer, Fid> restored = new HashMap<>();
        try {
            for (int k = in.readInt(0, MAX_FIDS); k > 0; k--) {
                int n = in.readInt();
                Fid f = new Fid(in.readString());
                boolean channel = in.readBoolean();
                f.read = in.readBoolean();
                f.write = in.readBoolean();
                f.openDir = in.readBoolean();
                f.xattr = in.readBoolean();
                int entries = in.readInt(-1, Integer.MAX_VALUE);
                if (entries >= 0) {
                    f.listing = new ArrayList<>();
                    for (int i = 0; i < entries; i++) f.listing.add(in.readString());
                }
                restored.put(n, f);
                String then = in.readString(), now = stamp(f.path);
                if (!now.equals(then)) {
                    throw new dev.jaffa.interp.snapshot.SnapshotFormatException("--share " + root + ": '" + f.path
                            + "', which the guest holds, changed since the snapshot (" + then + ", now " + now + ")");
                }
                if (!channel) continue;
                if (f.write && readOnly) throw new dev.jaffa.interp.snapshot.SnapshotFormatException("the share is read-only now");
                List<OpenOption> o = new ArrayList<>(3);
                o.add(NOFOLLOW);
                if (f.read) o.add(StandardOpenOption.READ);
                if (f.write) o.add(StandardOpenOption.WRITE);
                try {
                    f.channel = FileChannel.open(confined(f.path), o.toArray(new OpenOption[0]));
                    f.open = true;
                } catch (IOException | P9Errno e) {
                    throw new dev.jaffa.interp.snapshot.SnapshotFormatException("the share's file '" + f.path + "', open at the snapshot, cannot be opened again");
                }
            }
        } catch (dev.jaffa.interp.snapshot.SnapshotFormatException e) {
            for (Fid f : restored.values()) close(f);
            throw e;
        }
        for (Fid f : fids.values()) close(f);
        fids.clear();
        fids.putAll(restored);
        msize = m;
    }
}
