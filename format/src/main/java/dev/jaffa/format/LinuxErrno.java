package dev.jaffa.format;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * Linux (asm-generic) errno values, which guests receive from host file operations (9P2000.L's
 * Rlerror, semihosting's SYS_ERRNO), and the translation of a failed java.nio operation into
 * one. java.nio reports most failures as the C library's strerror text, so a table matches those
 * texts after the exception types it has.
 */
public final class LinuxErrno {
    private LinuxErrno() {}

    public static final int EPERM = 1, ENOENT = 2, EIO = 5, ENXIO = 6, EBADF = 9, EACCES = 13, EFAULT = 14, EBUSY = 16,
            EEXIST = 17, EXDEV = 18, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, EMFILE = 24, ETXTBSY = 26, EFBIG = 27,
            ENOSPC = 28, ESPIPE = 29, EROFS = 30, EMLINK = 31, ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40,
            ENODATA = 61, EPROTO = 71, EOPNOTSUPP = 95, EDQUOT = 122;

    private static final Object[][] STRERROR = {
        {"Operation not permitted", EPERM},
        {"No such file or directory", ENOENT},
        {"No such device or address", ENXIO},
        {"Bad file descriptor", EBADF},
        {"Permission denied", EACCES},
        {"Device or resource busy", EBUSY},
        {"File exists", EEXIST},
        {"Invalid cross-device link", EXDEV},
        {"Not a directory", ENOTDIR},
        {"Is a directory", EISDIR},
        {"Invalid argument", EINVAL},
        {"Too many open files", EMFILE},
        {"Text file busy", ETXTBSY},
        {"File too large", EFBIG},
        {"No space left on device", ENOSPC},
        {"Read-only file system", EROFS},
        {"Too many links", EMLINK},
        {"File name too long", ENAMETOOLONG},
        {"Directory not empty", ENOTEMPTY},
        {"Too many levels of symbolic links", ELOOP},
        {"Operation not supported", EOPNOTSUPP},
        {"Disk quota exceeded", EDQUOT},
    };

    /** The errno for a failed host file operation; EIO when nothing says more. */
    public static int of(IOException e) {
        if (e instanceof NoSuchFileException) return ENOENT;
        if (e instanceof FileAlreadyExistsException) return EEXIST;
        if (e instanceof DirectoryNotEmptyException) return ENOTEMPTY;
        if (e instanceof NotDirectoryException) return ENOTDIR;
        if (e instanceof AccessDeniedException) return EACCES;
        if (e instanceof NotLinkException) return EINVAL;
        if (e instanceof AtomicMoveNotSupportedException) return EXDEV;
        if (e instanceof FileSystemLoopException) return ELOOP;
        String text = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        if (text != null) {
            for (Object[] row : STRERROR) if (text.contains((String) row[0])) return (Integer) row[1];
        }
        return EIO;
    }
}
