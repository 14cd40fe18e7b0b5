package io.warden.sim.rtsp;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.onvif.rtsp.RtspMessage;
import io.warden.adapter.onvif.rtsp.RtspReader;
import io.warden.sim.onvif.OnvifCameraFaults;
import io.warden.sim.onvif.SimulatedRecording;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's RTSP answers to requests a replay client may get wrong, over a plain socket (no authentication). */
class RtspServerRequestsTest {
    final Vertx vertx = Vertx.vertx();
    final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    final OnvifCameraFaults faults = new OnvifCameraFaults();
    RtspReplayServer server;
    int cseq;
    final RtspReader reader = new RtspReader(); // one per test: one connection each

    @BeforeEach
    void setUp() {
        server = new RtspReplayServer(vertx, Clock.systemUTC(),
                Map.of("rec-1", new SimulatedRecording("rec-1", "src-1", "Door", start, null, List.of())), null, null, faults);
        await(server.listen("127.0.0.1", 0));
    }

    @AfterEach
    void tearDown() {
        await(server.close());
        await(vertx.close());
    }

    RtspMessage.Response send(Socket s, String method, String uri, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(method + " " + uri + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\n");
        for (String h : headers) sb.append(h).append("\r\n");
        s.getOutputStream().write(sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        while (true) {
            RtspMessage m = reader.next();
            if (m instanceof RtspMessage.Response r) return r;
            if (m != null) continue; // media before the answer
            int n = in.read(buf);
            if (n < 0) throw new IOException("closed");
            reader.feed(Buffer.buffer().appendBytes(buf, 0, n));
        }
    }

    Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", Integer.parseInt(server.replayUri("x").split(":")[2].split("/")[0]));
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void describeGivesTheSharedSpecSdp() throws IOException {
        try (Socket s = connect()) {
            RtspMessage.Response r = send(s, "DESCRIBE", server.replayUri("rec-1"), "Accept: application/sdp");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("Content-Base")).isEqualTo(server.replayUri("rec-1") + "/");
            String sdp = r.body().toString(StandardCharsets.UTF_8);
            assertThat(sdp).contains("a=control:track1", "a=x-onvif-track:VIDEO001", "a=rtpmap:96 H264/90000", "packetization-mode=1",
                    "sprop-parameter-sets=", "a=range:clock=" + io.warden.adapter.onvif.rtsp.RtspClockRange.format(start) + "-\r\n");
            assertThat(send(s, "DESCRIBE", server.replayUri("other")).status()).isEqualTo(404);
            assertThat(send(s, "OPTIONS", "*").headers().get("Public")).contains("GET_PARAMETER");
        }
    }

    @Test
    void onlyInterleavedTcpAndForwardPlayAtScaleOne() throws IOException {
        try (Socket s = connect()) {
            String base = server.replayUri("rec-1");
            assertThat(send(s, "SETUP", base + "/track1", "Transport: RTP/AVP;unicast;client_port=5000-5001").status()).isEqualTo(461);
            RtspMessage.Response setup = send(s, "SETUP", base + "/track1", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(setup.status()).isEqualTo(200);
            assertThat(setup.headers().get("Session")).endsWith(";timeout=60");
            String session = "Session: " + setup.headers().get("Session").split(";")[0];
            RtspMessage.Response reverse = send(s, "PLAY", base, session, "Scale: -1.0", "Rate-Control: no");
            assertThat(reverse.status()).isEqualTo(551);
            assertThat(reverse.reason()).contains("Reverse");
            assertThat(send(s, "PLAY", base, "Session: nope").status()).isEqualTo(454);
            assertThat(send(s, "PLAY", base, session, "Require: something-else").status()).isEqualTo(551);
            // no Require: onvif-replay, as GStreamer sends it
            RtspMessage.Response play = send(s, "PLAY", base, session, "Range: clock=" + io.warden.adapter.onvif.rtsp.RtspClockRange
                    .format(start.plusMillis(1550)) + "-", "Rate-Control: no");
            assertThat(play.status()).isEqualTo(200);
            assertThat(play.headers().get("Range")).startsWith("clock=" + io.warden.adapter.onvif.rtsp.RtspClockRange.format(start.plusSeconds(1)));
            assertThat(send(s, "GET_PARAMETER", base, session).status()).isEqualTo(200);
            assertThat(send(s, "TEARDOWN", base, session).status()).isEqualTo(200);
        }
    }

    @Test
    void anOfflineCameraClosesConnectionsAtOnce() throws IOException {
        faults.offline = true;
        try (Socket s = connect()) {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void garbageGetsA400AndTheConnectionCloses() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(new byte[] {0, 1, 2, 3, '\r', '\n', '\r', '\n'});
            byte[] all = s.getInputStream().readAllBytes();
            assertThat(new String(all, StandardCharsets.US_ASCII)).startsWith("RTSP/1.0 400");
        }
    }
}
