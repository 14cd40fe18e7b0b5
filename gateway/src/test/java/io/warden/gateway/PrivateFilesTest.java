package io.warden.gateway;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the gateway writes under its data directory is its user's alone: files 0600, directories 0700. */
class PrivateFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void posixOnly() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "no POSIX permissions here");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void createsOwnerOnlyFilesAndDirectories() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // like an installer's dataDir
        Path nested = dir.resolve("a/b/c");
        PrivateFiles.createDirectories(nested);
        for (Path p : List.of(dir.resolve("a"), dir.resolve("a/b"), nested)) assertThat(mode(p)).as(p.toString()).isEqualTo("rwx------");
        assertThat(mode(dir)).as("a directory it did not create keeps its mode").isEqualTo("rwxr-xr-x");
        try (FileChannel ch = PrivateFiles.open(nested.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertThat(ch.isOpen()).isTrue();
        }
        PrivateFiles.write(nested.resolve("g"), new byte[] {1});
        for (Path p : List.of(nested.resolve("f"), nested.resolve("g"), PrivateFiles.createFile(nested.resolve("h")),
                PrivateFiles.createTempFile(nested, "t", ".tmp"))) {
            assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void aRunningGatewaysDataIsOwnerOnlySqliteSideFilesIncluded() throws Exception {
        String yaml = """
                sites: [{id: s1, zones: [{id: z1}]}]
                controllers: [{id: c1, type: fake-controller}]
                doors: [{id: d1, site: s1, zone: z1, controller: c1}]
                tokens: [{name: t1, role: admin, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37}]
                """;
        GatewayConfig config = ConfigLoader.parse(yaml, "files-test.yaml", Gateway.factories().keySet(), Map.of(), dir);
        Vertx vertx = Vertx.vertx();
        try {
            Gateway g = await(Gateway.start(vertx, config, Secrets.of(Map.of()), 0, Clock.systemUTC()));
            Path data = config.dataDir();
            assertThat(data.resolve("audit.db-wal")).as("SQLite's side files exist while running").exists();
            assertThat(data.resolve("audit.db-shm")).exists();
            try (Stream<Path> all = Files.walk(data)) {
                for (Path p : all.toList()) {
                    assertThat(mode(p)).as(dir.relativize(p).toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
                }
            }
            await(g.stop());
        } finally {
            await(vertx.close());
        }
    }
}
