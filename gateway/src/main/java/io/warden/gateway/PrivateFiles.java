package io.warden.gateway;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories the gateway creates under its data directory: files 0600, directories 0700,
 * since the audit trail holds card numbers and the evidence keys sign what the gateway exports. The
 * mode is set at creation (never a window where the file is readable by others; the umask can only
 * remove bits). Java cannot set the process umask, so files created by others are not covered by
 * creation: SQLite's {@code -wal} and {@code -shm} take the database file's mode (SQLite's unix VFS
 * copies it), which is why the database is created here, empty, before SQLite opens it. Existing files
 * and directories the gateway did not create (e.g. a {@code dataDir} made by the installer) keep
 * their mode. On a file system without POSIX permissions nothing is set. Blocking.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /** {@code dir} and its missing parents, each one created 0700. */
    public static Path createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) return dir;
        Path parent = abs.getParent();
        if (parent != null) createDirectories(parent);
        try {
            if (posix(parent)) Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIRECTORY));
            else Files.createDirectory(abs);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) throw e; // made by someone else meanwhile: fine if it is a directory
        }
        return dir;
    }

    /** Opens {@code file} like {@link FileChannel#open(Path, OpenOption...)}; if this creates it, it is 0600. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        return posix(parent) ? FileChannel.open(file, Set.of(options), attribute())
                : FileChannel.open(file, options);
    }

    /** A stream writing {@code file} (created 0600, or truncated), like {@link Files#newOutputStream}. */
    public static java.io.OutputStream newOutputStream(Path file) throws IOException {
        return java.nio.channels.Channels.newOutputStream(open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING));
    }

    /** A new empty file, 0600; fails if it exists. */
    public static Path createFile(Path file) throws IOException {
        return posix(file.toAbsolutePath().getParent()) ? Files.createFile(file, attribute()) : Files.createFile(file);
    }

    /** Writes {@code bytes} to {@code file} (created 0600, or truncated), not forced to disk. */
    public static void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = open(file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
        }
    }

    /** A new temporary file in {@code dir}, 0600. */
    public static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
        return posix(dir) ? Files.createTempFile(dir, prefix, suffix, attribute()) : Files.createTempFile(dir, prefix, suffix);
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    private static boolean posix(Path existing) throws IOException {
        Path p = existing == null ? Path.of("").toAbsolutePath() : existing;
        while (p != null && !Files.exists(p)) p = p.getParent();
        return p != null && Files.getFileStore(p).supportsFileAttributeView("posix");
    }
}
