package io.warden.adapter.onvif.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.rtsp.RtspMessage.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RTSP framing, digest authentication, SDP and clock ranges. */
class RtspTextTest {

    static Buffer text(String s) {
        return Buffer.buffer(s, "UTF-8");
    }

    @Test
    void requestsResponsesAndInterleavedFramesComeApartByteByByte() {
        String describe = "DESCRIBE rtsp://10.0.0.5/replay/rec-1 RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n";
        String ok = "RTSP/1.0 200 OK\r\nCSeq: 2\r\ncontent-length: 4\r\nContent-Type: application/sdp\r\n\r\nv=0\n";
        Buffer all = text(describe).appendBuffer(text(ok)).appendBuffer(RtpCodecTest.hex("24 00 00 03 80 60 01"))
                .appendBuffer(text("\r\nTEARDOWN * RTSP/1.0\r\nCSeq: 9\r\n\r\n"));
        RtspReader reader = new RtspReader();
        List<RtspMessage> got = new java.util.ArrayList<>();
        for (int i = 0; i < all.length(); i++) {
            reader.feed(all.getBuffer(i, i + 1));
            RtspMessage m;
            while ((m = reader.next()) != null) got.add(m);
        }
        assertThat(got).hasSize(4);
        RtspMessage.Request q = (RtspMessage.Request) got.get(0);
        assertThat(q.method()).isEqualTo("DESCRIBE");
        assertThat(q.uri()).isEqualTo("rtsp://10.0.0.5/replay/rec-1");
        assertThat(q.cseq()).isEqualTo(2);
        assertThat(q.headers().get("accept")).isEqualTo("application/sdp");
        RtspMessage.Response r = (RtspMessage.Response) got.get(1);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().toString(StandardCharsets.UTF_8)).isEqualTo("v=0\n");
        RtspMessage.Interleaved f = (RtspMessage.Interleaved) got.get(2);
        assertThat(f.channel()).isZero();
        assertThat(RtpCodecTest.hex(f.data())).isEqualTo("80 60 01");
        assertThat(((RtspMessage.Request) got.get(3)).method()).isEqualTo("TEARDOWN");
        assertThat(reader.buffered()).isZero();
    }

    @Test
    void encodedMessagesReadBackTheSame() {
        RtspMessage.Request q = new RtspMessage.Request("PLAY", "rtsp://h/replay/r/", Headers.of("CSeq", "5", "Session", "AB12",
                "Range", "clock=20250301T101500.250Z-"), null);
        assertThat(q.encode().toString(StandardCharsets.UTF_8))
                .isEqualTo("PLAY rtsp://h/replay/r/ RTSP/1.0\r\nCSeq: 5\r\nSession: AB12\r\nRange: clock=20250301T101500.250Z-\r\n\r\n");
        RtspReader reader = new RtspReader();
        reader.feed(q.encode());
        RtspMessage.Request back = (RtspMessage.Request) reader.next();
        assertThat(back.headers().get("range")).isEqualTo("clock=20250301T101500.250Z-");
        RtspMessage.Response r = new RtspMessage.Response(200, "OK", Headers.of("CSeq", "1"), text("abc"));
        reader.feed(r.encode());
        assertThat(((RtspMessage.Response) reader.next()).body().toString()).isEqualTo("abc");
    }

    @Test
    void garbageAndOversizeAreProtocolErrors() {
        assertBad(RtpCodecTest.hex("00 01 02 03"), "unexpected byte 0x00");
        assertBad(text("HELLO\r\n\r\n"), "bad request line");
        assertBad(text("RTSP/1.0 2x0 OK\r\n\r\n"), "bad status code");
        assertBad(text("RTSP/1.0 200 OK\r\nno colon here\r\n\r\n"), "header line without a name");
        assertBad(text("RTSP/1.0 200 OK\r\nContent-Length: 70000\r\n\r\n"), "Content-Length 70000");
        assertBad(text("RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n"), "Content-Length -1");
        assertBad(text("RTSP/1.0 200 OK\r\nX: " + "a".repeat(17000)), "longer than 16384");
    }

    @Test
    void aReaderThatFailedStaysFailed() {
        RtspReader reader = new RtspReader();
        reader.feed(RtpCodecTest.hex("00"));
        assertThatThrownBy(reader::next).isInstanceOf(WardenException.class);
        reader.feed(text("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n"));
        assertThatThrownBy(reader::next).isInstanceOf(WardenException.class);
    }

    private static void assertBad(Buffer bytes, String message) {
        RtspReader reader = new RtspReader();
        reader.feed(bytes);
        assertThatThrownBy(reader::next)
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR))
                .hasMessageContaining(message);
    }

    @Test
    void digestMatchesTheRfc2617VectorWithAndWithoutQop() {
        assertThat(RtspDigest.response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth")).isEqualTo("6629fae49393a05397450978507c4ef1");
        assertThat(RtspDigest.response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null)).isEqualTo("670fd8c2df070c60b045671b8b24ff02");
    }

    @Test
    void clientAnswersAChallengeTheServerAccepts() {
        RtspDigest.Params c = RtspDigest.choose(List.of("Basic realm=\"cam\"",
                "Digest realm=\"cam, 1\", nonce=\"n0nce\", qop=\"auth,auth-int\", opaque=\"op\", algorithm=MD5"));
        assertThat(c.isDigest()).isTrue();
        assertThat(c.get("realm")).isEqualTo("cam, 1");
        assertThat(c.qopAuth()).isTrue();
        String auth = RtspDigest.authorization(c, "admin", "pw", "DESCRIBE", "rtsp://h/replay/r", 1, "c1");
        assertThat(auth).contains("qop=auth", "nc=00000001", "cnonce=\"c1\"", "opaque=\"op\"").doesNotContain("pw\"");
        assertThat(RtspDigest.verify(auth, "DESCRIBE", "cam, 1", "admin", "pw", "n0nce"::equals)).isTrue();
        assertThat(RtspDigest.verify(auth, "DESCRIBE", "cam, 1", "admin", "other", "n0nce"::equals)).isFalse();
        assertThat(RtspDigest.verify(auth, "SETUP", "cam, 1", "admin", "pw", "n0nce"::equals)).isFalse();
        assertThat(RtspDigest.verify(auth, "DESCRIBE", "cam, 1", "admin", "pw", "stale"::equals)).isFalse();

        RtspDigest.Params plain = RtspDigest.parse(RtspDigest.challenge("sim", "abc", false));
        String auth2 = RtspDigest.authorization(plain, "u", "p", "PLAY", "rtsp://h/x", 1, "ignored");
        assertThat(auth2).doesNotContain("qop");
        assertThat(RtspDigest.verify(auth2, "PLAY", "sim", "u", "p", "abc"::equals)).isTrue();
    }

    @Test
    void basicIsTheFallback() {
        RtspDigest.Params c = RtspDigest.choose(List.of("Basic realm=\"cam\""));
        assertThat(RtspDigest.authorization(c, "Aladdin", "open sesame", "DESCRIBE", "x", 1, "c"))
                .isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assertThat(RtspDigest.choose(List.of("Digest realm=\"x\", nonce=\"y\", algorithm=SHA-256", "Negotiate"))).isNull();
    }

    @Test
    void sdpOfAnOnvifReplay() {
        String sdp = "v=0\r\no=- 1 1 IN IP4 10.0.0.5\r\ns=Replay\r\nt=0 0\r\na=control:*\r\n"
                + "a=range:clock=20250301T100000Z-20250301T110000Z\r\n"
                + "m=audio 0 RTP/AVP 0\r\na=control:track2\r\n"
                + "m=video 0 RTP/AVP 96\r\na=control:track1\r\na=rtpmap:96 H264/90000\r\n"
                + "a=fmtp:96 packetization-mode=1;profile-level-id=42C00D;sprop-parameter-sets=Z0LADdkBQfsBEAAAAwAQAAADAUDxQqSA,aMuDyyA=\r\n"
                + "a=x-onvif-track:VIDEO001\r\n";
        Sdp s = Sdp.parse(sdp);
        assertThat(s.control()).isEqualTo("*");
        assertThat(s.range()).isEqualTo("clock=20250301T100000Z-20250301T110000Z");
        Sdp.Media v = s.video("h264").orElseThrow();
        assertThat(v.payloadType()).isEqualTo(96);
        assertThat(v.control()).isEqualTo("track1");
        assertThat(v.clockRate()).isEqualTo(90000);
        assertThat(v.onvifTrack()).isEqualTo("VIDEO001");
        assertThat(v.fmtp()).containsEntry("packetization-mode", "1");
        VideoFormat f = v.spropFormat().orElseThrow();
        assertThat(RtpCodecTest.hex(f.sps().get(0))).isEqualTo(H264RtpTest.SPS);
        assertThat(RtpCodecTest.hex(f.pps().get(0))).isEqualTo(H264RtpTest.PPS);
        assertThat(Sdp.parse("v=0\r\nm=video 0 RTP/AVP 96\r\na=fmtp:96 sprop-parameter-sets=!!!\r\na=rtpmap:96 H264/90000\r\n")
                .video("H264").orElseThrow().spropFormat()).isEmpty();
    }

    @Test
    void controlUrlsResolveAgainstTheBase() {
        assertThat(RtspClientHeaders.resolve("rtsp://h:554/replay/r/", "track1")).isEqualTo("rtsp://h:554/replay/r/track1");
        assertThat(RtspClientHeaders.resolve("rtsp://h:554/replay/r", "track1")).isEqualTo("rtsp://h:554/replay/r/track1");
        assertThat(RtspClientHeaders.resolve("rtsp://h/a/b/", "rtsp://other/x")).isEqualTo("rtsp://other/x");
        assertThat(RtspClientHeaders.resolve("rtsp://h/a/b/", "*")).isEqualTo("rtsp://h/a/b/");
        assertThat(RtspClientHeaders.resolve("rtsp://h/a/b/", null)).isEqualTo("rtsp://h/a/b/");
        assertThat(RtspClientHeaders.resolve("rtsp://h/a/play.amp?id=1/", "trackID=1")).isEqualTo("rtsp://h/a/play.amp?id=1/trackID=1");
    }

    @Test
    void sessionAndTransportHeaders() {
        assertThat(RtspClientHeaders.sessionId("12AB;timeout=30")).isEqualTo("12AB");
        assertThat(RtspClientHeaders.sessionTimeoutSeconds("12AB;timeout=30", 60)).isEqualTo(30);
        assertThat(RtspClientHeaders.sessionTimeoutSeconds("12AB", 60)).isEqualTo(60);
        assertThat(RtspClientHeaders.sessionTimeoutSeconds("12AB;timeout=x", 60)).isEqualTo(60);
        assertThat(RtspClientHeaders.rtpChannel("RTP/AVP/TCP;unicast;interleaved=4-5;ssrc=1", 0)).isEqualTo(4);
        assertThat(RtspClientHeaders.rtpChannel("RTP/AVP/TCP;unicast", 0)).isZero();
        assertThat(RtspClientHeaders.rtpChannel(null, 0)).isZero();
    }

    @Test
    void clockRanges() {
        RtspClockRange r = RtspClockRange.parse("clock=20250301T101500.250Z-20250301T102000Z").orElseThrow();
        assertThat(r.from()).isEqualTo(Instant.parse("2025-03-01T10:15:00.250Z"));
        assertThat(r.to()).isEqualTo(Instant.parse("2025-03-01T10:20:00Z"));
        assertThat(r.headerValue()).isEqualTo("clock=20250301T101500.250Z-20250301T102000.000Z");
        RtspClockRange open = RtspClockRange.parse("clock=20250301T101500.123456789Z-").orElseThrow();
        assertThat(open.to()).isNull();
        assertThat(open.from().getNano()).isEqualTo(123456789);
        assertThat(RtspClockRange.parse("npt=0-")).isEmpty();
        assertThat(RtspClockRange.parse("clock=2025-03-01T10:15:00Z-")).isEmpty();
        assertThat(RtspClockRange.parse("clock=20250301T101500.Z-")).isEmpty();
        assertThat(RtspClockRange.parse(null)).isEmpty();
    }
}
