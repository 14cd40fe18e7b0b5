package io.warden.gateway.audit;

import io.warden.gateway.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The file of signed checkpoints, one JSON line each ({@link AuditCheckpoint}), appended and fsynced,
 * with the public key beside it in {@code <file>.pub} so that a verifier needs no secret. Put it on
 * another disk or a share than the database. Blocking file I/O: call off the event loop.
 */
public final class AuditCheckpointFile {
    private final Path file;

    public AuditCheckpointFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** Where the public key is written: {@code <file>.pub}. */
    public static Path publicKeyFile(Path checkpoints) {
        return checkpoints.resolveSibling(checkpoints.getFileName() + ".pub");
    }

    /** Append one signed checkpoint and fsync; creates the file and its directory when missing. */
    public void append(AuditCheckpoint cp) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) PrivateFiles.createDirectories(parent);
        // READ to look at the last byte (Java forbids READ with APPEND); one writer appends, at the end.
        try (FileChannel ch = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // A line torn by a power cut keeps its own (bad) line; this one must not be glued to it.
            String lead = endsMidLine(ch) ? "\n" : "";
            ByteBuffer line = ByteBuffer.wrap((lead + cp.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
            long at = ch.size();
            while (line.hasRemaining()) at += ch.write(line, at);
            ch.force(true);
        }
    }

    private static boolean endsMidLine(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) return false;
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        return last.get(0) != '\n';
    }

    /**
     * What the file holds.
     *
     * @param checkpoints every line that parses and whose signature verifies, in file order
     * @param bad         one {@link AuditBreak.Kind#SIGNATURE} break per line that does not
     */
    public record Contents(List<AuditCheckpoint> checkpoints, List<AuditBreak> bad) {
        public AuditCheckpoint last() {
            return checkpoints.stream().max(java.util.Comparator.comparingLong(AuditCheckpoint::seq)).orElse(null);
        }
    }

    /** Read and check every line against {@code key}; an absent file holds nothing. */
    public static Contents read(Path file, PublicKey key) throws IOException {
        List<AuditCheckpoint> good = new ArrayList<>();
        List<AuditBreak> bad = new ArrayList<>();
        if (!Files.exists(file)) return new Contents(good, bad);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String where = file.getFileName() + " line " + (i + 1);
            AuditCheckpoint cp;
            try {
                cp = AuditCheckpoint.parse(line);
            } catch (IllegalArgumentException e) {
                bad.add(new AuditBreak(0, AuditBreak.Kind.SIGNATURE, where + ": " + e.getMessage()));
                continue;
            }
            if (AuditSigningKey.verifies(key, cp)) {
                good.add(cp);
            } else {
                bad.add(new AuditBreak(cp.seq(), AuditBreak.Kind.SIGNATURE, where + ": the signature of the checkpoint for seq "
                        + cp.seq() + " does not verify (the line was edited or signed with another key)"));
            }
        }
        return new Contents(good, bad);
    }
}
