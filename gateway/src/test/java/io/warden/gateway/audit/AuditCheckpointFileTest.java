package io.warden.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCheckpointFileTest {
    @TempDir
    Path dir;

    @Test
    void aCheckpointAppendedAfterALineTornByAPowerCutIsStillReadable() throws Exception {
        AuditSigningKey key = AuditSigningKey.loadOrCreate(dir.resolve("audit-signing.key"));
        AuditCheckpointFile file = new AuditCheckpointFile(dir.resolve("checkpoints.jsonl"));
        file.append(key.sign(new AuditCheckpoint(10, "a".repeat(64), 10, Instant.parse("2026-12-01T10:00:00Z"), null)));
        String torn = key.sign(new AuditCheckpoint(20, "b".repeat(64), 20, Instant.parse("2026-12-01T10:01:00Z"), null)).toLine();
        Files.writeString(file.path(), torn.substring(0, torn.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        file.append(key.sign(new AuditCheckpoint(30, "c".repeat(64), 30, Instant.parse("2026-12-01T10:02:00Z"), null)));

        AuditCheckpointFile.Contents read = AuditCheckpointFile.read(file.path(), key.publicKey());
        assertThat(read.checkpoints()).extracting(AuditCheckpoint::seq).containsExactly(10L, 30L);
        assertThat(read.bad()).singleElement().satisfies(b -> assertThat(b.detail()).contains("line 2"));
    }
}
