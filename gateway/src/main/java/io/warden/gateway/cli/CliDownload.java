package io.warden.gateway.cli;

import io.warden.gateway.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Saves a download to a file a buffer at a time (never the whole body in memory): written as FILE.part,
 * renamed when complete, so nothing half-written ever carries the real name. The first bytes must match
 * one of the expected signatures, or nothing is written. Blocking; for the CLI's own thread.
 */
final class CliDownload {
    private static final int BUFFER = 64 * 1024;

    /** What was written: the file, its size in bytes and the SHA-256 of its bytes (lower-case hex). */
    record Saved(Path file, long bytes, String sha256) {}

    private CliDownload() {}

    /**
     * Copies {@code in} to {@code target} and closes {@code in}.
     *
     * @param what       what the body should be ("JPEG", "zip"), for the messages
     * @param signatures accepted first bytes; the body must start with one of them
     * @throws CliFailure exit 5 when the body breaks off, 7 when it is not a {@code what} or the file cannot be written
     */
    static Saved save(InputStream in, Path target, String what, List<byte[]> signatures) throws CliFailure {
        MessageDigest sha = sha256();
        Path part = target.resolveSibling(target.getFileName() + ".part");
        String shown = CliText.clean(target.toString());
        boolean done = false;
        long total = 0;
        try (InputStream body = in) {
            byte[] head = read(body, signatures.stream().mapToInt(s -> s.length).max().orElse(0), 0);
            if (signatures.stream().noneMatch(s -> startsWith(head, s))) {
                throw new CliFailure(ExitCodes.OTHER, "the gateway's answer is not a " + what + "; nothing written to " + shown);
            }
            try (OutputStream file = PrivateFiles.newOutputStream(part)) {
                write(file, head, head.length, part);
                sha.update(head);
                total = head.length;
                byte[] buf = new byte[BUFFER];
                while (true) {
                    int n;
                    try {
                        n = body.read(buf);
                    } catch (IOException e) {
                        throw new CliFailure(ExitCodes.UNAVAILABLE, "the download broke off after " + total + " bytes: " + why(e));
                    }
                    if (n < 0) break;
                    write(file, buf, n, part);
                    sha.update(buf, 0, n);
                    total += n;
                }
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.OTHER, "cannot write " + CliText.clean(part.toString()) + ": " + why(e));
            }
            move(part, target);
            done = true;
        } catch (IOException e) {
            // closing the response stream failed: the file is already complete, or the failure is reported
            if (!done) throw new CliFailure(ExitCodes.OTHER, "cannot write " + shown + ": " + why(e));
        } finally {
            if (!done) deleteQuietly(part);
        }
        return new Saved(target, total, HexFormat.of().formatHex(sha.digest()));
    }

    /** Up to {@code n} bytes: fewer only at the end of the body. */
    private static byte[] read(InputStream in, int n, long offset) throws CliFailure {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.UNAVAILABLE, "the download broke off after " + offset + " bytes: " + why(e));
        }
    }

    private static void write(OutputStream file, byte[] buf, int n, Path part) throws CliFailure {
        try {
            file.write(buf, 0, n);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.OTHER, "cannot write " + CliText.clean(part.toString()) + ": " + why(e));
        }
    }

    private static String why(IOException e) {
        if (e instanceof NoSuchFileException) return "no such directory";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) return CliText.clean(f.getReason());
        return e.getMessage() == null ? e.getClass().getSimpleName() : CliText.clean(e.getMessage());
    }

    private static boolean startsWith(byte[] head, byte[] signature) {
        return head.length >= signature.length && Arrays.equals(head, 0, signature.length, signature, 0, signature.length);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the .part name already says it is incomplete
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
