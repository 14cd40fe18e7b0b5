package io.warden.gateway.demo;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.WardenMain;
import io.warden.gateway.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The newcomer's footage path, as the README and the banner tell it: the demo of config/demo.yaml
 * (its simulated ONVIF cameras over SOAP and RTSP, the gateway, the people at the doors), footage of
 * the main entrance over the last two minutes requested with the investigator token, the package
 * downloaded, and then checked only with tools outside the gateway: ffprobe, {@code sha256sum -c},
 * and {@code warden evidence verify} as its command line runs it.
 */
@Timeout(180)
class DemoFootageTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String INVESTIGATOR = "demo-investigator-token";
    /** One frame at the simulated cameras' 10 frames/s. */
    private static final double FRAME_SECONDS = 0.1;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> live = new CopyOnWriteArrayList<>();
    private Demo demo;
    private String base;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        if (demo != null) demo.stop().await(30, TimeUnit.SECONDS);
        vertx.close().await(15, TimeUnit.SECONDS);
    }

    @Test
    void footageOfADoorOverTheLastTwoMinutesIsPlayableH264ThatVerifiesWithoutTheGateway() throws Exception {
        GatewayConfig config = DemoTestConfig.in(dir);
        demo = Demo.start(vertx, config, dir, 0, Clock.systemUTC(), live::add).await(60, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + demo.gateway().port();
        assertThat(demo.devices().describeCameras()).hasSize(6).anyMatch(l -> l.startsWith("NVR ") && l.contains("cam-gym"));

        until(() -> {
            JsonObject cams = new JsonObject(get("/api/v1/cameras", "demo-viewer-token").body());
            return cams.getJsonArray("items").stream().map(JsonObject.class::cast)
                    .anyMatch(c -> c.getString("id").equals("cam-main-entrance")
                            && "ONLINE".equals(c.getJsonObject("health").getString("status")));
        }, "cam-main-entrance online", DEADLINE);

        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = to.minus(Duration.ofMinutes(2));
        JsonObject request = new JsonObject().put("doors", new JsonArray().add("main-entrance"))
                .put("from", from.toString()).put("to", to.toString()).put("reason", "demo test: who propped the main entrance");
        String id = post(request);
        // The north building's footage comes from the NVR that records its cameras.
        String gym = post(new JsonObject().put("doors", new JsonArray().add("gym-east")).put("from", to.minusSeconds(30).toString())
                .put("to", to.toString()).put("reason", "demo test: the gym door, from the NVR"));

        JsonObject job = finished(id);
        JsonArray cameras = job.getJsonArray("cameras");
        assertThat(cameras).hasSize(1);
        JsonObject cam = cameras.getJsonObject(0);
        assertThat(cam.getString("id")).isEqualTo("cam-main-entrance");
        assertThat(cam.getString("status")).as(cam.encodePrettily()).isEqualTo("done");
        assertThat(cam.getJsonArray("gaps")).as("the camera has recorded since an hour before the demo started").isEmpty();
        assertThat(cam.getDouble("coveredSeconds")).isCloseTo(120.0, within(FRAME_SECONDS));

        Path zip = dir.resolve("footage-" + id + ".zip");
        HttpResponse<Path> download = http.send(HttpRequest.newBuilder(URI.create(base + job.getString("package")))
                .header("Authorization", "Bearer " + INVESTIGATOR).GET().build(), HttpResponse.BodyHandlers.ofFile(zip));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
        Path unzipped = unzip(zip, dir.resolve("unzipped"));

        JsonArray clips = cam.getJsonArray("clips");
        assertThat(clips).isNotEmpty();
        double total = 0;
        for (int i = 0; i < clips.size(); i++) {
            JsonObject clip = clips.getJsonObject(i);
            Path file = unzipped.resolve(clip.getString("file"));
            assertThat(file).exists();
            JsonObject probe = ffprobe(file);
            JsonObject stream = probe.getJsonArray("streams").getJsonObject(0);
            assertThat(stream.getString("codec_name")).isEqualTo("h264");
            double expected = Duration.between(Instant.parse(clip.getString("from")), Instant.parse(clip.getString("to"))).toMillis() / 1000.0;
            double duration = Double.parseDouble(probe.getJsonObject("format").getString("duration"));
            assertThat(duration).as(clip.encode()).isCloseTo(expected, within(FRAME_SECONDS));
            total += duration;
        }
        assertThat(total).as("the clips cover the two minutes asked for").isCloseTo(120.0, within(FRAME_SECONDS));

        Process sums = new ProcessBuilder("sha256sum", "-c", "SHA256SUMS").directory(unzipped.toFile()).redirectErrorStream(true).start();
        String sumsOut = new String(sums.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sums.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sums.exitValue()).as(sumsOut).isZero();
        assertThat(sumsOut).contains("cam-main-entrance-1.mp4: OK").contains("manifest.json: OK");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = WardenMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("evidence", "verify", zip.toString());
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).startsWith("ok: ");

        JsonObject nvr = finished(gym).getJsonArray("cameras").getJsonObject(0);
        assertThat(nvr.getString("id")).isEqualTo("cam-gym");
        assertThat(nvr.getString("status")).as(nvr.encodePrettily()).isEqualTo("done");
        assertThat(nvr.getDouble("coveredSeconds")).isCloseTo(30.0, within(FRAME_SECONDS));

        // On record: who asked for which footage and why, and who downloaded it.
        for (String type : List.of("footage.requested", "footage.downloaded")) {
            until(() -> new JsonObject(get("/api/v1/audit?type=" + type + "&limit=50", INVESTIGATOR).body())
                    .getJsonArray("items").stream().map(JsonObject.class::cast)
                    .anyMatch(r -> "demo-investigator".equals(r.getString("actor")) && String.valueOf(r.getString("detail")).contains(id)), type + " in the audit trail", DEADLINE);
        }
    }

    /** POSTs a footage request with the investigator token; the job's id. */
    private String post(JsonObject request) throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/footage"))
                .header("Authorization", "Bearer " + INVESTIGATOR).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.encode())).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        return new JsonObject(created.body()).getString("id");
    }

    /** Polls the job until it is finished; asserts it is done. */
    private JsonObject finished(String id) throws Exception {
        JsonObject[] job = new JsonObject[1];
        until(() -> {
            job[0] = new JsonObject(get("/api/v1/footage/" + id, INVESTIGATOR).body());
            return List.of("done", "failed", "cancelled").contains(job[0].getString("status"));
        }, "job " + id + " finished", DEADLINE);
        assertThat(job[0].getString("status")).as(job[0].encodePrettily()).isEqualTo("done");
        return job[0];
    }

    private static JsonObject ffprobe(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name:format=duration", "-of", "json", file.toString()).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ffprobe " + file + ": " + err).isZero();
        assertThat(err).as("ffprobe's complaints about " + file).isBlank();
        return new JsonObject(new String(out, StandardCharsets.UTF_8));
    }

    /** Unzips {@code zip} into {@code to}, refusing entries that would land outside it. */
    private static Path unzip(Path zip, Path to) throws IOException {
        Files.createDirectories(to);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path target = to.resolve(e.getName()).normalize();
                assertThat(target.startsWith(to)).as(e.getName()).isTrue();
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(z, target);
                }
            }
        }
        // The package is one directory or flat: sums and manifest are where SHA256SUMS is.
        try (var files = Files.walk(to)) {
            return files.filter(f -> f.getFileName().toString().equals("SHA256SUMS")).findFirst()
                    .map(Path::getParent).orElseThrow(() -> new AssertionError("no SHA256SUMS in " + zip));
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
