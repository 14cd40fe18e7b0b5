package io.warden.adapter.onvif.rtsp;

import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.adapter.onvif.rtsp.OnvifReplayClientScriptTest.answer;
import static io.warden.adapter.onvif.rtsp.RtpCodecTest.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.ReplayEnd;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.rtsp.RtspMessage.Headers;
import io.warden.adapter.onvif.rtsp.RtspMessage.Request;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Findings of the RTSP review: each test failed before its fix. */
class OnvifReplayReviewTest {
    static final Instant T0 = OnvifReplayClientScriptTest.T0;

    final Vertx vertx = Vertx.vertx();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger accepted = new AtomicInteger();
    Function<AccessUnit, Future<Void>> onUnit = u -> Future.succeededFuture();
    final ReplaySink sink = new ReplaySink() {
        @Override
        public Future<Void> format(VideoFormat format) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> accept(AccessUnit unit) {
            accepted.incrementAndGet();
            return onUnit.apply(unit);
        }
    };
    int port;
    int seq = 1;

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    void serve(BiConsumer<Request, NetSocket> script) throws Exception {
        NetServer server = vertx.createNetServer().connectHandler(s -> {
            RtspReader reader = new RtspReader();
            s.handler(b -> {
                reader.feed(b);
                RtspMessage m;
                while ((m = reader.next()) != null) {
                    if (m instanceof Request q) {
                        requests.add(q);
                        script.accept(q, s);
                    }
                }
            });
        });
        port = server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    }

    Buffer unit(int frame, String nal, boolean terminal) {
        OnvifReplayExtension x = new OnvifReplayExtension(T0.plusMillis(10L * frame), frame == 0, false, false, terminal, 4);
        RtpPacket p = RtpPacket.of(true, 96, seq++, 900L * frame, 7, x.toExtension(), hex(nal));
        return new RtspMessage.Interleaved(0, p.encode()).encode();
    }

    Future<ReplayEnd> replay(String path) {
        OnvifReplayClient client = new OnvifReplayClient(vertx, Clock.systemUTC(), new OnvifReplayClient.Options(Duration.ofSeconds(5)));
        return client.replay(URI.create("rtsp://127.0.0.1:" + port + path), "u", "p", T0, T0.plusSeconds(3600),
                Instant.now().plusSeconds(8), sink);
    }

    void plainSetup(Request q, NetSocket s, String contentBase) {
        if (q.method().equals("DESCRIBE")) {
            answer(s, q, 200, "OK", Headers.of("Content-Base", contentBase, "Content-Type", "application/sdp"),
                    OnvifReplayClientScriptTest.SDP);
        } else if (q.method().equals("SETUP")) {
            answer(s, q, 200, "OK", Headers.of("Session", "S1", "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"), null);
        } else if (!q.method().equals("PLAY")) {
            answer(s, q, 200, "OK", Headers.of("Session", "S1"), null);
        }
    }

    /** Many small frames in one TCP burst and a sink that answers at once: the delivery loop must not recurse per frame. */
    @Test
    void aBurstOfSmallFramesWithASynchronousSinkDoesNotOverflowTheStack() throws Exception {
        int n = 30_000;
        serve((q, s) -> {
            plainSetup(q, s, "rtsp://127.0.0.1:" + port + "/r/");
            if (!q.method().equals("PLAY")) return;
            answer(s, q, 200, "OK", Headers.of("Session", "S1"), null);
            Buffer burst = Buffer.buffer();
            for (int i = 0; i < n; i++) burst.appendBuffer(unit(i, i == 0 ? "65 88" : "41 9A", i == n - 1));
            s.write(burst);
        });
        ReplayEnd end = replay("/r").await(20, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.END_OF_FOOTAGE);
        assertThat(accepted.get()).isEqualTo(n);
    }

    /** A sink that throws instead of returning a failed future must still end the replay, not leave it hanging. */
    @Test
    void aSinkThatThrowsFailsTheReplay() throws Exception {
        onUnit = u -> {
            throw new IllegalStateException("sink bug");
        };
        serve((q, s) -> {
            plainSetup(q, s, "rtsp://127.0.0.1:" + port + "/r/");
            if (!q.method().equals("PLAY")) return;
            answer(s, q, 200, "OK", Headers.of("Session", "S1"), null);
            s.write(unit(0, "65 88", false));
            s.write(unit(1, "41 9A", false));
        });
        Throwable err = awaitFailure(replay("/r"));
        assertThat(err).hasMessageContaining("sink bug");
    }

    /** A Content-Base that is not a URI must fail the replay at once as a protocol error, not wait for the deadline. */
    @Test
    void anUnparsableContentBaseIsAProtocolError() throws Exception {
        serve((q, s) -> {
            if (q.method().equals("DESCRIBE")) {
                answer(s, q, 200, "OK", Headers.of("Content-Base", "rtsp://127.0.0.1/a b|c/", "Content-Type", "application/sdp"),
                        OnvifReplayClientScriptTest.SDP.replace("a=control:trackID=1", "a=control:/abs/track1"));
            }
        });
        long t0 = System.nanoTime();
        Throwable err = awaitFailure(replay("/r"));
        assertThat(WardenException.codeOf(err)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }

    /** A camera that answers SETUP (or PLAY) with a fresh nonce (stale=true) is answered again with it, nonce count from 1. */
    @Test
    void aStaleNonceOnSetupAndPlayIsRetriedWithTheNewChallenge() throws Exception {
        String realm = "cam";
        serve((q, s) -> {
            String auth = q.headers().get("Authorization");
            boolean setupRetry = q.method().equals("SETUP") && auth != null && auth.contains("nonce=\"n2\"");
            boolean playRetry = q.method().equals("PLAY") && auth != null && auth.contains("nonce=\"n3\"");
            if (auth == null) {
                answer(s, q, 401, "Unauthorized", Headers.of("WWW-Authenticate", RtspDigest.challenge(realm, "n1", true)), null);
            } else if (q.method().equals("SETUP") && !setupRetry) {
                answer(s, q, 401, "Unauthorized",
                        Headers.of("WWW-Authenticate", "Digest realm=\"cam\", nonce=\"n2\", qop=\"auth\", stale=TRUE"), null);
            } else if (q.method().equals("PLAY") && !playRetry) {
                answer(s, q, 401, "Unauthorized", Headers.of("WWW-Authenticate", RtspDigest.challenge(realm, "n3", true)), null);
            } else if (q.method().equals("PLAY")) {
                assertThat(RtspDigest.verify(auth, "PLAY", realm, "u", "p", "n3"::equals)).isTrue();
                answer(s, q, 200, "OK", Headers.of("Session", "S1"), null);
                s.write(unit(0, "65 88", false));
                s.write(unit(1, "41 9A", true));
            } else {
                plainSetup(q, s, "rtsp://127.0.0.1:" + port + "/r/");
            }
        });
        ReplayEnd end = replay("/r").await(10, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.END_OF_FOOTAGE);
        assertThat(requests.stream().map(Request::method).toList())
                .startsWith("DESCRIBE", "DESCRIBE", "SETUP", "SETUP", "PLAY", "PLAY");
        assertThat(requests.get(3).headers().get("Authorization")).contains("nonce=\"n2\"").contains("nc=00000001");
        assertThat(requests.get(5).headers().get("Authorization")).contains("nonce=\"n3\"").contains("nc=00000001");
    }

    /** The same nonce refused again is a wrong password: no endless retries. */
    @Test
    void aRefusalWithTheSameNonceOnSetupIsAnAuthenticationFailure() throws Exception {
        serve((q, s) -> {
            if (q.method().equals("DESCRIBE") && q.headers().get("Authorization") != null) {
                plainSetup(q, s, "rtsp://127.0.0.1:" + port + "/r/");
            } else {
                answer(s, q, 401, "Unauthorized", Headers.of("WWW-Authenticate", RtspDigest.challenge("cam", "n1", false)), null);
            }
        });
        Throwable err = awaitFailure(replay("/r"));
        assertThat(WardenException.codeOf(err)).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(requests.stream().map(Request::method).toList()).containsExactly("DESCRIBE", "DESCRIBE", "SETUP");
    }

    /** A nonce that goes stale during the media phase is renewed from the keep-alive's 401, so TEARDOWN still authenticates. */
    @Test
    void aStaleNonceOnAKeepAliveIsRenewedForTeardown() throws Exception {
        serve((q, s) -> {
            String auth = q.headers().get("Authorization");
            if (auth == null) {
                answer(s, q, 401, "Unauthorized", Headers.of("WWW-Authenticate", RtspDigest.challenge("cam", "n1", false)), null);
            } else if (q.method().equals("GET_PARAMETER") && auth.contains("nonce=\"n1\"")) {
                answer(s, q, 401, "Unauthorized", Headers.of("WWW-Authenticate", "Digest realm=\"cam\", nonce=\"n2\", stale=true"), null);
            } else if (q.method().equals("SETUP")) {
                answer(s, q, 200, "OK", Headers.of("Session", "S1;timeout=2", "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"), null);
            } else if (q.method().equals("PLAY")) {
                answer(s, q, 200, "OK", Headers.of("Session", "S1"), null);
                s.write(unit(0, "65 88", false));
            } else {
                plainSetup(q, s, "rtsp://127.0.0.1:" + port + "/r/");
            }
        });
        OnvifReplayClient client = new OnvifReplayClient(vertx, Clock.systemUTC(), new OnvifReplayClient.Options(Duration.ofMillis(2500)));
        ReplayEnd end = client.replay(URI.create("rtsp://127.0.0.1:" + port + "/r"), "u", "p", T0, T0.plusSeconds(60),
                Instant.now().plusSeconds(8), sink).await(10, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.IDLE);
        until(() -> requests.stream().anyMatch(r -> r.method().equals("TEARDOWN")), "the TEARDOWN");
        Request teardown = requests.stream().filter(r -> r.method().equals("TEARDOWN")).findFirst().orElseThrow();
        assertThat(RtspDigest.verify(teardown.headers().get("Authorization"), "TEARDOWN", "cam", "u", "p", "n2"::equals)).isTrue();
    }

    /** An error answer without CSeq (cheap firmware) still answers the one request outstanding: a clear error, not a timeout. */
    @Test
    void anAnswerWithoutCSeqAnswersTheOutstandingRequest() throws Exception {
        serve((q, s) -> s.write(Buffer.buffer("RTSP/1.0 404 Not Found\r\n\r\n")));
        long t0 = System.nanoTime();
        Throwable err = awaitFailure(replay("/r"));
        assertThat(WardenException.codeOf(err)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }
}
