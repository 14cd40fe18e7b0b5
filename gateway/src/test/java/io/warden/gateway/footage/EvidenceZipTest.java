package io.warden.gateway.footage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.streams.WriteStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The package as a zip, streamed: read back by Java, by Info-ZIP's unzip, and by the verifier. */
class EvidenceZipTest extends SealedPackageTestBase {
    @Test
    void downloadedOverHttpTheZipHasTheAnnouncedLengthAndVerifies() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> EvidenceZip.prepare(vertx, dir).onComplete(ar -> {
            if (ar.failed()) {
                req.response().setStatusCode(500).end();
                return;
            }
            req.response().putHeader("content-type", "application/zip").putHeader("content-length", Long.toString(ar.result().size()));
            ar.result().writeTo(req.response());
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        Path zip = data.resolve("download.zip");
        HttpResponse<Path> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/")).build(), HttpResponse.BodyHandlers.ofFile(zip));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValueAsLong("content-length")).hasValue(Files.size(zip));

        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(Collections.list(z.entries())).extracting(ZipEntry::getName).containsExactly(ID + "/manifest.json",
                    ID + "/manifest.json.sig", ID + "/evidence-key.pem", ID + "/SHA256SUMS",
                    ID + "/cam-back-1.mp4", ID + "/cam-front-1.mp4", ID + "/cam-front-2.mp4");
            assertThat(Collections.list(z.entries())).allMatch(e -> e.getMethod() == ZipEntry.STORED);
        }
        assertThat(unzipTest(zip)).contains("No errors detected");
        EvidenceVerification v = EvidenceVerifier.verify(zip, key.publicKey());
        assertThat(v.problems()).isEmpty();
        assertThat(v.ok()).isTrue();
        assertThat(v.files()).isEqualTo(7);

        // unzipped, the package checks with coreutils alone
        Path out = Files.createDirectories(data.resolve("unzipped"));
        Process p = new ProcessBuilder("unzip", "-q", zip.toString(), "-d", out.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        Process sums = new ProcessBuilder("sha256sum", "-c", "SHA256SUMS").directory(out.resolve(ID).toFile())
                .redirectErrorStream(true).start();
        assertThat(sums.waitFor()).as(new String(sums.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void aSlowReaderHoldsTheStreamBackAndNothingLikeThePackageIsBuffered() throws Exception {
        byte[] big = new byte[8 << 20];
        new Random(3).nextBytes(big);
        Files.write(dir.resolve("cam-side-1.mp4"), big);
        EvidencePackage.sealNow(dir, new io.vertx.core.json.JsonObject(Files.readString(dir.resolve("manifest.json")))
                .put("cameras", new io.vertx.core.json.JsonArray()), key);
        EvidenceZip zip = EvidenceZip.prepare(vertx, dir).await(20, TimeUnit.SECONDS);
        SlowSink sink = new SlowSink();
        Promise<Void> done = Promise.promise();
        vertx.runOnContext(v -> {
            sink.start(vertx);
            zip.writeTo(sink).onComplete(done);
        });
        done.future().await(60, TimeUnit.SECONDS);
        assertThat(sink.total).isEqualTo(zip.size()).isGreaterThan(8 << 20);
        assertThat(sink.ended).isTrue();
        assertThat(sink.maxQueued).as("bytes written ahead of the reader").isLessThan(512 << 10);
        assertThat(sink.pauses).isGreaterThan(10);

        // the same bytes as a zip written to a file, which the verifier reads (the manifest does not name the side clip)
        Path file = writeTo(zip, "p.zip");
        assertThat(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))).isEqualTo(sink.digest.digest());
        assertThat(EvidenceVerifier.verify(file, null).problems()).containsExactlyInAnyOrder(
                new EvidenceVerification.Problem("cam-back-1.mp4", "not named in the signed manifest"),
                new EvidenceVerification.Problem("cam-front-1.mp4", "not named in the signed manifest"),
                new EvidenceVerification.Problem("cam-front-2.mp4", "not named in the signed manifest"),
                new EvidenceVerification.Problem("cam-side-1.mp4", "not named in the signed manifest"));
    }

    @Test
    void zip64HeadersAreReadByJavaAndUnzip() throws Exception {
        Path file = zipTo("z64.zip", true);
        assertThat(Files.size(file)).isEqualTo(EvidenceZip.plan(vertx, dir, true).size());
        assertThat(unzipTest(file)).contains("No errors detected");
        assertThat(EvidenceVerifier.verify(file, key.publicKey()).ok()).isTrue();
    }

    private static String unzipTest(Path zip) throws Exception {
        Process p = new ProcessBuilder("unzip", "-t", zip.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    /** A reader that takes 128 KiB per millisecond and says "full" beyond 64 KiB queued. */
    static final class SlowSink implements WriteStream<Buffer> {
        final MessageDigest digest;
        long total;
        long queued;
        long maxQueued;
        int pauses;
        boolean ended;
        Handler<Void> drain;

        SlowSink() throws Exception {
            digest = MessageDigest.getInstance("SHA-256");
        }

        void start(Vertx vertx) {
            vertx.setPeriodic(1, id -> {
                queued = Math.max(0, queued - (128 << 10));
                if (!writeQueueFull() && drain != null) {
                    Handler<Void> d = drain;
                    drain = null;
                    d.handle(null);
                }
                if (ended) vertx.cancelTimer(id);
            });
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            digest.update(data.getBytes());
            total += data.length();
            queued += data.length();
            maxQueued = Math.max(maxQueued, queued);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            ended = true;
            return Future.succeededFuture();
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            boolean full = queued >= 64 << 10;
            return full;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            if (handler != null) pauses++;
            drain = handler;
            return this;
        }
    }
}
