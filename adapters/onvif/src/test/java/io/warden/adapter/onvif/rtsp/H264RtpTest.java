package io.warden.adapter.onvif.rtsp;

import static io.warden.adapter.onvif.rtsp.RtpCodecTest.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.onvif.rtsp.H264Depacketizer.FormatChange;
import io.warden.adapter.onvif.rtsp.H264Depacketizer.Output;
import io.warden.adapter.onvif.rtsp.H264Depacketizer.Unit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6184 depacketization vectors and the packetizer it must undo. */
class H264RtpTest {
    static final String SPS = "67 42 C0 0D D9 01 41 FB 01 10 00 00 03 00 10 00 00 03 01 40 F1 42 A4 80";
    static final String PPS = "68 CB 83 CB 20";
    static final Instant T0 = Instant.parse("2025-02-16T08:11:12Z");

    final H264Depacketizer depack = new H264Depacketizer(1 << 20);
    int seq = 100;

    RtpPacket packet(String payload, boolean marker, long ts, OnvifReplayExtension ext) {
        return RtpPacket.of(marker, 96, seq++, ts, 1, ext == null ? null : ext.toExtension(), hex(payload));
    }

    static OnvifReplayExtension ext(long ms, boolean clean, boolean end) {
        return new OnvifReplayExtension(T0.plusMillis(ms), clean, end, false, false, 3);
    }

    @Test
    void stapAThenFuAMakeAKeyframeWithItsFormat() {
        List<Output> out = new ArrayList<>();
        // STAP-A: SPS (24 bytes) + PPS (5 bytes), with the extension
        out.addAll(depack.feed(packet("78 00 18 " + SPS + " 00 05 " + PPS, false, 9000, ext(0, true, false))));
        // IDR "65 AA BB CC DD EE" in three FU-A fragments
        out.addAll(depack.feed(packet("7C 85 AA BB", false, 9000, null)));
        out.addAll(depack.feed(packet("7C 05 CC", false, 9000, null)));
        assertThat(out).isEmpty();
        out.addAll(depack.feed(packet("7C 45 DD EE", true, 9000, null)));

        assertThat(out).hasSize(2);
        FormatChange f = (FormatChange) out.get(0);
        assertThat(hex(f.format().sps().get(0))).isEqualTo(SPS);
        assertThat(hex(f.format().pps().get(0))).isEqualTo(PPS);
        AccessUnit u = ((Unit) out.get(1)).unit();
        assertThat(hex(u.data())).isEqualTo("00 00 00 06 65 AA BB CC DD EE");
        assertThat(u.keyframe()).isTrue();
        assertThat(u.time()).isEqualTo(T0);
        assertThat(u.mediaTime()).isEqualTo(9000);
        assertThat(u.endOfSection()).isFalse();

        // a P frame: single NAL unit, AUD dropped, same format not emitted again
        List<Output> next = new ArrayList<>(depack.feed(packet("09 F0", false, 18000, ext(100, false, true))));
        next.addAll(depack.feed(packet("41 9A 01", true, 18000, null)));
        assertThat(next).hasSize(1);
        AccessUnit p = ((Unit) next.get(0)).unit();
        assertThat(hex(p.data())).isEqualTo("00 00 00 03 41 9A 01");
        assertThat(p.keyframe()).isFalse();
        assertThat(p.endOfSection()).isTrue();
        assertThat(p.time()).isEqualTo(T0.plusMillis(100));
    }

    @Test
    void aLostFragmentDropsItsUnitOnlyAndNeverEmitsACorruptOne() {
        depack.initialFormat(new io.warden.adapter.api.VideoFormat(List.of(hex(SPS)), List.of(hex(PPS))));
        List<Output> out = new ArrayList<>();
        out.addAll(depack.feed(packet("7C 85 AA", false, 0, ext(0, true, false))));
        seq++; // the middle fragment is lost
        out.addAll(depack.feed(packet("7C 45 EE", true, 0, null)));
        assertThat(out).isEmpty();
        assertThat(depack.dropped()).isEqualTo(1);
        out.addAll(depack.feed(packet("41 9A 02", true, 9000, ext(100, false, false))));
        assertThat(out).hasSize(2); // the initial format, then the intact unit
        assertThat(hex(((Unit) out.get(1)).unit().data())).isEqualTo("00 00 00 03 41 9A 02");
    }

    @Test
    void aFragmentWithoutItsStartIsDropped() {
        depack.initialFormat(new io.warden.adapter.api.VideoFormat(List.of(hex(SPS)), List.of(hex(PPS))));
        assertThat(depack.feed(packet("7C 05 CC", false, 0, null))).isEmpty();
        assertThat(depack.feed(packet("7C 45 DD", true, 0, null))).isEmpty();
        assertThat(depack.dropped()).isEqualTo(1);
    }

    @Test
    void aTimestampChangeEndsAUnitWithoutMarker() {
        depack.initialFormat(new io.warden.adapter.api.VideoFormat(List.of(hex(SPS)), List.of(hex(PPS))));
        assertThat(depack.feed(packet("41 01", false, 0, ext(0, false, false)))).isEmpty();
        List<Output> out = depack.feed(packet("41 02", false, 9000, ext(100, false, false)));
        assertThat(out).hasSize(2);
        assertThat(hex(((Unit) out.get(1)).unit().data())).isEqualTo("00 00 00 02 41 01");
        assertThat(depack.flush()).hasSize(1);
    }

    @Test
    void changedParameterSetsAreEmittedAgain() {
        List<Output> out = new ArrayList<>(depack.feed(packet("78 00 18 " + SPS + " 00 05 " + PPS, false, 0, ext(0, true, false))));
        out.addAll(depack.feed(packet("65 01", true, 0, null)));
        out.addAll(depack.feed(packet("78 00 18 " + SPS + " 00 05 " + PPS, false, 9000, ext(100, true, false))));
        out.addAll(depack.feed(packet("65 02", true, 9000, null)));
        out.addAll(depack.feed(packet("78 00 18 " + SPS + " 00 05 68 CB 83 CB 21", false, 18000, ext(200, true, false))));
        out.addAll(depack.feed(packet("65 03", true, 18000, null)));
        assertThat(out.stream().filter(o -> o instanceof FormatChange)).hasSize(2);
        assertThat(out.stream().filter(o -> o instanceof Unit)).hasSize(3);
    }

    @Test
    void noUnitBeforeAFormatIsKnown() {
        assertThat(depack.feed(packet("41 9A", true, 0, ext(0, false, false)))).isEmpty();
        assertThat(depack.dropped()).isEqualTo(1);
    }

    @Test
    void mediaTimeUnwrapsPastTwoToThe32() {
        depack.initialFormat(new io.warden.adapter.api.VideoFormat(List.of(hex(SPS)), List.of(hex(PPS))));
        long ts = 0xFFFFFFFFL - 4000;
        Unit a = (Unit) depack.feed(packet("41 01", true, ts, ext(0, false, false))).get(1);
        Unit b = (Unit) depack.feed(packet("41 02", true, (ts + 9000) & 0xFFFFFFFFL, ext(100, false, false))).get(0);
        assertThat(b.unit().mediaTime() - a.unit().mediaTime()).isEqualTo(9000);
        assertThat(b.unit().mediaTime()).isGreaterThan(0xFFFFFFFFL);
    }

    @Test
    void brokenStapAIsDropped() {
        depack.initialFormat(new io.warden.adapter.api.VideoFormat(List.of(hex(SPS)), List.of(hex(PPS))));
        assertThat(depack.feed(packet("78 00 09 41 9A", true, 0, ext(0, false, false)))).isEmpty();
        assertThat(depack.dropped()).isEqualTo(1);
    }

    @Test
    void thePacketizerSplitsBigNalsIntoFuAThatTheDepacketizerJoins() {
        Buffer idr = Buffer.buffer().appendByte((byte) 0x65);
        for (int i = 0; i < 5000; i++) idr.appendByte((byte) i);
        Buffer p = hex("41 9A 42");
        H264Packetizer packetizer = new H264Packetizer(1400);
        List<H264Packetizer.Payload> payloads = packetizer.packetize(List.of(idr, p));
        assertThat(payloads).hasSize(5);
        assertThat(payloads).allSatisfy(x -> assertThat(x.data().length()).isLessThanOrEqualTo(1400));
        assertThat(payloads.stream().filter(H264Packetizer.Payload::marker)).hasSize(1);
        assertThat(payloads.get(4).marker()).isTrue();
        assertThat(hex(payloads.get(0).data().getBuffer(0, 2))).isEqualTo("7C 85");
        assertThat(hex(payloads.get(3).data().getBuffer(0, 2))).isEqualTo("7C 45");

        depack.initialFormat(new io.warden.adapter.api.VideoFormat(List.of(hex(SPS)), List.of(hex(PPS))));
        List<Output> out = new ArrayList<>();
        boolean first = true;
        for (H264Packetizer.Payload x : payloads) {
            out.addAll(depack.feed(RtpPacket.of(x.marker(), 96, seq++, 0, 1, first ? ext(0, true, false).toExtension() : null, x.data())));
            first = false;
        }
        AccessUnit u = ((Unit) out.get(1)).unit();
        Buffer expected = Buffer.buffer().appendInt(idr.length()).appendBuffer(idr).appendInt(3).appendBuffer(p);
        assertThat(u.data()).isEqualTo(expected);
        assertThat(u.keyframe()).isTrue();
    }

    @Test
    void stapAAggregatesParameterSets() {
        Buffer stap = new H264Packetizer(1400).stapA(List.of(hex(SPS), hex(PPS)));
        assertThat(hex(stap)).isEqualTo("78 00 18 " + SPS + " 00 05 " + PPS);
    }
}
