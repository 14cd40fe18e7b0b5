package io.warden.sim.rtsp;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.warden.sim.onvif.OnvifCameraFaults;
import io.warden.sim.onvif.SimulatedRecording;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stock RTSP clients (ffmpeg, GStreamer's ONVIF mode) play the simulator's live and replay URIs. */
class RtspStockClientsTest {
    static final String USER = "admin";
    static final String PASSWORD = "camera-pw";
    static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(40);

    final Vertx vertx = Vertx.vertx();
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    RtspReplayServer server;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        Instant start = now.minus(Duration.ofMinutes(10));
        Map<String, SimulatedRecording> recordings = Map.of(
                "rec-short", new SimulatedRecording("rec-short", "src-1", "Door", start, start.plusSeconds(3), List.of()));
        server = new RtspReplayServer(vertx, Clock.systemUTC(), recordings, USER, PASSWORD, new OnvifCameraFaults());
        await(server.listen("127.0.0.1", 0));
    }

    @AfterEach
    void tearDown() {
        await(server.close());
        await(vertx.close());
    }

    @Test
    void ffmpegRecordsTheLiveView() throws Exception {
        assumeTrue(onPath("ffmpeg") && onPath("ffprobe"), "ffmpeg not installed");
        Path out = dir.resolve("live.mp4");
        String uri = server.liveUri("src-1").replace("rtsp://", "rtsp://" + USER + ":" + PASSWORD + "@");
        Result r = run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-rtsp_transport", "tcp", "-i", uri,
                "-t", "2", "-c", "copy", "-y", out.toString()));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(probe(out)).isEqualTo("h264,320,240");
    }

    /**
     * GStreamer's ONVIF replay client in real time: it takes the range from the SDP, sends Range: clock=, and ends at the
     * T bit (EOS) so that mp4mux writes a whole file. (With onvif-rate-control=false, GStreamer 1.22's jitter buffer hands
     * out buffers without PTS that mp4mux refuses; our own client covers the fast path.)
     */
    @Test
    void gstreamerReplaysARecordingInOnvifMode() throws Exception {
        assumeTrue(onPath("gst-launch-1.0") && onPath("ffprobe"), "GStreamer not installed");
        Path out = dir.resolve("replay.mp4");
        Result r = run(List.of("gst-launch-1.0", "-q", "rtspsrc", "location=" + server.replayUri("rec-short"), "protocols=tcp",
                "onvif-mode=true", "user-id=" + USER, "user-pw=" + PASSWORD, "!", "rtph264depay", "!",
                "h264parse", "!", "mp4mux", "!", "filesink", "location=" + out));
        assertThat(r.exit).as(r.output).isZero();
        assertThat(probe(out)).isEqualTo("h264,320,240");
        assertThat(frames(out)).isBetween(10, 30);
    }

    record Result(int exit, String output) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        File log = File.createTempFile("stock-client", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            if (!p.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, "timed out: " + command + "\n" + Files.readString(log.toPath()));
            }
            return new Result(p.exitValue(), Files.readString(log.toPath()));
        } finally {
            Files.deleteIfExists(log.toPath());
        }
    }

    static String probe(Path file) throws IOException, InterruptedException {
        Result r = run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", file.toString()));
        assertThat(r.exit).as(r.output).isZero();
        return r.output.trim();
    }

    static int frames(Path file) throws IOException, InterruptedException {
        Result r = run(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=nb_read_frames", "-of", "csv=p=0", file.toString()));
        assertThat(r.exit).as(r.output).isZero();
        return Integer.parseInt(r.output.trim());
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(d, tool).canExecute()) return true;
        }
        return false;
    }
}
