package io.warden.gateway.footage;

import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A Vert.x instance and one sealed {@link EvidenceFixture} package under a temporary data directory, for tests that zip it. */
abstract class SealedPackageTestBase {
    /** The package's id: its directory's name and the folder its files stand in inside the zip. */
    static final String ID = "20260302T100200Z-4a1b2c";

    @TempDir
    Path data;

    Vertx vertx;
    EvidenceKey key;
    Path dir;

    @BeforeEach
    void sealPackage() throws IOException {
        vertx = Vertx.vertx();
        key = EvidenceKey.loadOrCreate(data);
        dir = data.resolve("evidence").resolve(ID);
        EvidenceFixture.sealed(dir, key);
    }

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Zips the package as it is now (ZIP64 headers if {@code zip64}) into {@code name} under the data directory, replacing it. */
    Path zipTo(String name, boolean zip64) throws Exception {
        return writeTo(vertx.executeBlocking(() -> EvidenceZip.plan(vertx, dir, zip64)).await(20, TimeUnit.SECONDS), name);
    }

    /** Writes {@code zip} into {@code name} under the data directory, replacing it. */
    Path writeTo(EvidenceZip zip, String name) throws Exception {
        Path file = data.resolve(name);
        Files.deleteIfExists(file);
        AsyncFile f = vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setCreate(true)).await(10, TimeUnit.SECONDS);
        zip.writeTo(f).await(30, TimeUnit.SECONDS);
        return file;
    }
}
