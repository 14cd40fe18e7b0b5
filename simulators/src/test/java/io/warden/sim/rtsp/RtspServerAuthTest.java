package io.warden.sim.rtsp;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.ReplayEnd;
import io.warden.adapter.onvif.rtsp.OnvifReplayClient;
import io.warden.adapter.onvif.rtsp.RtspDigest;
import io.warden.adapter.onvif.rtsp.RtspMessage;
import io.warden.adapter.onvif.rtsp.RtspReader;
import io.warden.sim.onvif.OnvifCameraFaults;
import io.warden.sim.onvif.SimulatedRecording;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
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

/** The simulator's RTSP digest is as strict as a camera's: the signed URI must be the request's, and nonces expire. */
class RtspServerAuthTest {
    static final String USER = "viewer";
    static final String PASSWORD = "s3cret";
    final Vertx vertx = Vertx.vertx();
    final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
    final OnvifCameraFaults faults = new OnvifCameraFaults();
    final RtspReader reader = new RtspReader();
    RtspReplayServer server;
    int cseq;

    @BeforeEach
    void setUp() {
        server = new RtspReplayServer(vertx, Clock.systemUTC(),
                Map.of("rec-1", new SimulatedRecording("rec-1", "src-1", "Door", start, null, List.of())), USER, PASSWORD, faults);
        await(server.listen("127.0.0.1", 0));
    }

    @AfterEach
    void tearDown() {
        await(server.close());
        await(vertx.close());
    }

    @Test
    void aDigestSignedForAnotherUriIsRefused() throws IOException {
        String uri = server.replayUri("rec-1");
        try (Socket s = new Socket("127.0.0.1", URI.create(uri).getPort())) {
            s.setSoTimeout(10_000);
            RtspMessage.Response challenge = send(s, "DESCRIBE " + uri, null);
            assertThat(challenge.status()).isEqualTo(401);
            RtspDigest.Params c = RtspDigest.parse(challenge.headers().get("WWW-Authenticate"));
            String elsewhere = RtspDigest.authorization(c, USER, PASSWORD, "DESCRIBE", server.replayUri("other"), 1, "abcd");
            assertThat(send(s, "DESCRIBE " + uri, elsewhere).status()).isEqualTo(401);
            String right = RtspDigest.authorization(c, USER, PASSWORD, "DESCRIBE", uri, 2, "abcd");
            assertThat(send(s, "DESCRIBE " + uri, right).status()).isEqualTo(200);
        }
    }

    @Test
    void anExpiredNonceGetsAStaleChallengeThatTheClientAnswers() {
        server.nonceLifetime = Duration.ofMillis(1000);
        faults.responseDelay = Duration.ofMillis(400); // the nonce of DESCRIBE is over a second old by PLAY
        OnvifReplayClient client = new OnvifReplayClient(vertx, Clock.systemUTC(), new OnvifReplayClient.Options(Duration.ofSeconds(5)));
        RtspReplayTestSupport.RecordingSink sink = new RtspReplayTestSupport.RecordingSink(vertx, 0);
        ReplayEnd end = await(client.replay(URI.create(server.replayUri("rec-1")), USER, PASSWORD, start, start.plusSeconds(2),
                Instant.now().plusSeconds(20), sink));
        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.REACHED_END);
        assertThat(sink.units).hasSize(20);
        assertThat(server.staleChallenges.get()).isPositive();
    }

    RtspMessage.Response send(Socket s, String requestLine, String authorization) throws IOException {
        StringBuilder sb = new StringBuilder(requestLine + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\n");
        if (authorization != null) sb.append("Authorization: ").append(authorization).append("\r\n");
        s.getOutputStream().write(sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        while (true) {
            RtspMessage m = reader.next();
            if (m instanceof RtspMessage.Response r) return r;
            int n = in.read(buf);
            if (n < 0) throw new IOException("closed");
            reader.feed(Buffer.buffer().appendBytes(buf, 0, n));
        }
    }
}
