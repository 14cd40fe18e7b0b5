package io.warden.adapter.onvif.rtsp;

import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
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
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replay client against a scripted RTSP server: exact requests out, chosen answers in. */
class OnvifReplayClientScriptTest {
    static final Instant T0 = Instant.parse("2025-02-16T08:11:12Z");
    static final String SDP = "v=0\r\ns=x\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=control:trackID=1\r\na=rtpmap:96 H264/90000\r\n"
            + "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LADdkBQfsBEAAAAwAQAAADAUDxQqSA,aMuDyyA=\r\n";

    final Vertx vertx = Vertx.vertx();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<AccessUnit> units = new CopyOnWriteArrayList<>();
    final List<VideoFormat> formats = new CopyOnWriteArrayList<>();
    final ReplaySink sink = new ReplaySink() {
        @Override
        public Future<Void> format(VideoFormat format) {
            formats.add(format);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> accept(AccessUnit unit) {
            units.add(unit);
            return Future.succeededFuture();
        }
    };
    int port;
    int seq = 1;

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Starts a server that records each request and lets {@code script} answer it on the socket. */
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

    static void answer(NetSocket s, Request q, int status, String reason, Headers h, String body) {
        Headers all = Headers.of("CSeq", q.headers().get("CSeq"));
        for (String[] f : h.fields()) all = all.with(f[0], f[1]);
        s.write(new RtspMessage.Response(status, reason, all, body == null ? null : Buffer.buffer(body)).encode());
    }

    Buffer unit(int channel, int frame, String nal, boolean clean, boolean end, boolean terminal) {
        OnvifReplayExtension x = new OnvifReplayExtension(T0.plusMillis(100L * frame), clean, end, false, terminal, 4);
        RtpPacket p = RtpPacket.of(true, 96, seq++, 9000L * frame, 7, x.toExtension(), RtpCodecTest.hex(nal));
        return new RtspMessage.Interleaved(channel, p.encode()).encode();
    }

    /** DESCRIBE and SETUP as a camera answers them: a Content-Base, channels 2-3, a 2 s session timeout. */
    void describeAndSetup(Request q, NetSocket s) {
        if (q.method().equals("DESCRIBE")) {
            answer(s, q, 200, "OK", Headers.of("Content-Base", "rtsp://127.0.0.1:" + port + "/media/rec?x=1/",
                    "Content-Type", "application/sdp"), SDP);
        } else if (q.method().equals("SETUP")) {
            answer(s, q, 200, "OK", Headers.of("Session", "S3SS;timeout=2", "Transport", "RTP/AVP/TCP;unicast;interleaved=2-3"), null);
        } else if (!q.method().equals("PLAY")) {
            answer(s, q, 200, "OK", Headers.of("Session", "S3SS"), null);
        }
    }

    Future<ReplayEnd> replay(Duration idle) {
        OnvifReplayClient client = new OnvifReplayClient(vertx, Clock.systemUTC(), new OnvifReplayClient.Options(idle));
        return client.replay(URI.create("rtsp://127.0.0.1:" + port + "/media/rec?x=1"), "u", "p", T0, T0.plusSeconds(60),
                Instant.now().plusSeconds(10), sink);
    }

    List<String> methods() {
        return requests.stream().map(Request::method).toList();
    }

    @Test
    void aRefusedRateControlPlaysAgainInRealTimeAndTheTBitEndsIt() throws Exception {
        serve((q, s) -> {
            describeAndSetup(q, s);
            if (!q.method().equals("PLAY")) return;
            if (q.headers().get("Rate-Control") != null) {
                answer(s, q, 551, "Option not supported", Headers.of("Unsupported", "Rate-Control"), null);
                return;
            }
            answer(s, q, 200, "OK", Headers.of("Session", "S3SS"), null);
            s.write(unit(2, 0, "65 88 01", true, false, false));
            s.write(new RtspMessage.Interleaved(3, RtpCodecTest.hex("80 C8 00 06 00 00 00 07")).encode()); // RTCP: ignored
            s.write(unit(2, 1, "41 9A 02", false, false, false));
            s.write(unit(2, 2, "41 9A 03", false, true, true));
        });
        ReplayEnd end = replay(Duration.ofSeconds(5)).await(10, TimeUnit.SECONDS);

        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.END_OF_FOOTAGE);
        assertThat(end.lastTime()).isEqualTo(T0.plusMillis(200));
        assertThat(units).hasSize(3);
        assertThat(formats).hasSize(1);
        assertThat(units.get(0).keyframe()).isTrue();
        until(() -> methods().contains("TEARDOWN"), "the TEARDOWN");
        assertThat(methods()).containsExactly("DESCRIBE", "SETUP", "PLAY", "PLAY", "TEARDOWN");
        assertThat(requests.get(1).uri()).isEqualTo("rtsp://127.0.0.1:" + port + "/media/rec?x=1/trackID=1");
        assertThat(requests.get(1).headers().get("Transport")).isEqualTo("RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(requests.get(1).headers().get("Require")).isEqualTo("onvif-replay");
        Request play = requests.get(2);
        assertThat(play.uri()).isEqualTo("rtsp://127.0.0.1:" + port + "/media/rec?x=1/");
        assertThat(play.headers().get("Session")).isEqualTo("S3SS");
        assertThat(play.headers().get("Require")).isEqualTo("onvif-replay");
        assertThat(play.headers().get("Range")).isEqualTo("clock=20250216T081112.000Z-20250216T081214.000Z");
        assertThat(play.headers().get("Rate-Control")).isEqualTo("no");
        assertThat(requests.get(3).headers().get("Rate-Control")).isNull();
        assertThat(requests.get(4).headers().get("Session")).isEqualTo("S3SS");
    }

    @Test
    void theEBitThenSilenceIsTheEndOfFootage() throws Exception {
        serve((q, s) -> {
            describeAndSetup(q, s);
            if (!q.method().equals("PLAY")) return;
            answer(s, q, 200, "OK", Headers.of("Session", "S3SS"), null);
            s.write(unit(2, 0, "65 88 01", true, false, false));
            s.write(unit(2, 1, "41 9A 02", false, true, false));
        });
        long t0 = System.nanoTime();
        ReplayEnd end = replay(Duration.ofSeconds(20)).await(10, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.END_OF_FOOTAGE);
        assertThat(units).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void silenceIsIdleAndTheSessionIsKeptAlive() throws Exception {
        serve((q, s) -> {
            describeAndSetup(q, s);
            if (!q.method().equals("PLAY")) return;
            answer(s, q, 200, "OK", Headers.of("Session", "S3SS"), null);
            s.write(unit(2, 0, "65 88 01", true, false, false));
        });
        ReplayEnd end = replay(Duration.ofMillis(2500)).await(10, TimeUnit.SECONDS);
        assertThat(end.reason()).isEqualTo(ReplayEnd.Reason.IDLE);
        assertThat(end.lastTime()).isEqualTo(T0);
        until(() -> methods().contains("TEARDOWN"), "the TEARDOWN");
        assertThat(methods()).contains("GET_PARAMETER").endsWith("TEARDOWN");
    }

    @Test
    void errorStatusesAreTypedErrors() throws Exception {
        serve((q, s) -> {
            describeAndSetup(q, s);
            if (q.method().equals("PLAY")) answer(s, q, 454, "Session Not Found", Headers.of(), null);
        });
        Throwable err = awaitFailure(replay(Duration.ofSeconds(2)));
        assertThat(WardenException.codeOf(err)).isEqualTo(ErrorCode.DEVICE_REJECTED);
        assertThat(err.getMessage()).contains("RTSP/1.0 454 Session Not Found");
    }

    @Test
    void aSecond401IsAnAuthenticationFailureAndBasicIsUsedWhenOffered() throws Exception {
        serve((q, s) -> answer(s, q, 401, "Unauthorized", Headers.of("WWW-Authenticate", "Basic realm=\"cam\""), null));
        Throwable err = awaitFailure(replay(Duration.ofSeconds(2)));
        assertThat(WardenException.codeOf(err)).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).headers().get("Authorization")).isEqualTo("Basic dTpw");
    }

    @Test
    void aDroppedConnectionDuringSetupIsConnectionClosed() throws Exception {
        serve((q, s) -> s.close());
        assertThat(WardenException.codeOf(awaitFailure(replay(Duration.ofSeconds(2))))).isEqualTo(ErrorCode.CONNECTION_CLOSED);
    }

    @Test
    void garbageFromTheDeviceIsAProtocolError() throws Exception {
        serve((q, s) -> s.write(Buffer.buffer(new byte[] {0, 1, 2, 3})));
        assertThat(WardenException.codeOf(awaitFailure(replay(Duration.ofSeconds(2))))).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    }
}
