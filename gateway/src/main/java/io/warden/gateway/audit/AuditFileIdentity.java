package io.warden.gateway.audit;

import io.warden.gateway.audit.AuditHealth.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The audit database file as it was opened, and the one check of whether its path still names that
 * file. An open SQLite connection in WAL mode keeps committing into a file that was deleted or replaced
 * underneath it, so the writer asks before each commit and the health probe asks on every check. One
 * stat call; the inode cannot be reused for another file while our connection holds it open.
 */
final class AuditFileIdentity {
    private final Path file;
    private final Object key;

    private AuditFileIdentity(Path file, Object key) {
        this.file = file;
        this.key = key;
    }

    /** The identity (device and inode where the platform has them) of the file at {@code file} now. */
    static AuditFileIdentity of(Path file) throws IOException {
        return new AuditFileIdentity(file, key(file));
    }

    Path file() {
        return file;
    }

    /**
     * OK when the path still names the opened file; else FILE_MISSING, FILE_REPLACED or READ_FAILED
     * (attributes unreadable) with a detail naming the path.
     */
    AuditHealth check(long committed) {
        Object now;
        try {
            now = key(file);
        } catch (NoSuchFileException e) {
            return AuditHealth.failed(Reason.FILE_MISSING, "audit file " + file
                    + " no longer exists (deleted or moved while the gateway ran)", committed);
        } catch (IOException e) {
            return AuditHealth.failed(Reason.READ_FAILED, "cannot read the attributes of audit file " + file + ": " + e.getMessage(), committed);
        }
        if (!Objects.equals(now, key)) {
            return AuditHealth.failed(Reason.FILE_REPLACED, "audit file " + file
                    + " is not the file opened at start (replaced while the gateway ran)", committed);
        }
        return AuditHealth.ok(committed);
    }

    private static Object key(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
