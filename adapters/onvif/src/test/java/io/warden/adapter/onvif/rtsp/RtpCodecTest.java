package io.warden.adapter.onvif.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RTP packets and the ONVIF replay extension, byte-exact. */
class RtpCodecTest {
    static Buffer hex(String s) {
        return Buffer.buffer(HexFormat.of().parseHex(s.replace(" ", "")));
    }

    static String hex(Buffer b) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(b.getBytes());
    }

    static final String EXAMPLE_EXT = "AB AC 00 03 EB 5C 1C 20 80 00 00 00 80 04 00 00";

    @Test
    void theOnvifExampleExtensionDecodesAndReEncodes() {
        Buffer pkt = hex("90 E0 12 34 00 00 00 64 DE AD BE EF " + EXAMPLE_EXT + " 65 88 84 00");
        RtpPacket p = RtpPacket.decode(pkt);
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.sequence()).isEqualTo(0x1234);
        assertThat(p.timestamp()).isEqualTo(100);
        assertThat(p.ssrc()).isEqualTo(0xDEADBEEFL);
        assertThat(hex(p.payload())).isEqualTo("65 88 84 00");
        OnvifReplayExtension x = OnvifReplayExtension.from(p.extension());
        assertThat(x.time()).isEqualTo(Instant.parse("2025-02-16T08:11:12.5Z"));
        assertThat(x.cleanPoint()).isTrue();
        assertThat(x.endOfSection() || x.discontinuity() || x.terminal()).isFalse();
        assertThat(x.cseq()).isEqualTo(4);
        assertThat(hex(p.encode())).isEqualTo(hex(pkt));
        RtpPacket.Extension again = x.toExtension();
        assertThat(hex(Buffer.buffer().appendUnsignedShort(again.profile()).appendUnsignedShort(3).appendBuffer(again.data())))
                .isEqualTo(EXAMPLE_EXT);
    }

    @Test
    void everyFlagHasItsBit() {
        Instant t = Instant.parse("2026-03-01T10:15:00.250Z");
        OnvifReplayExtension x = new OnvifReplayExtension(t, false, true, true, true, 0x1ff);
        Buffer d = x.toExtension().data();
        assertThat((int) d.getUnsignedByte(8)).isEqualTo(0x70);
        assertThat((int) d.getUnsignedByte(9)).isEqualTo(0xff);
        OnvifReplayExtension back = OnvifReplayExtension.from(x.toExtension());
        assertThat(back.time()).isEqualTo(t);
        assertThat(back.endOfSection() && back.discontinuity() && back.terminal() && !back.cleanPoint()).isTrue();
    }

    @Test
    void aLongerExtensionIsTolerated() {
        RtpPacket.Extension ext = new RtpPacket.Extension(0xABAC, hex("EB 5C 1C 20 80 00 00 00 40 09 00 00 FF D8 00 00"));
        OnvifReplayExtension x = OnvifReplayExtension.from(ext);
        assertThat(x.endOfSection()).isTrue();
        assertThat(x.cseq()).isEqualTo(9);
    }

    @Test
    void otherProfilesAreNotOurs() {
        assertThat(OnvifReplayExtension.from(new RtpPacket.Extension(0xBEDE, hex("10 AA 00 00")))).isNull();
        assertThat(OnvifReplayExtension.from(null)).isNull();
        assertThatThrownBy(() -> OnvifReplayExtension.from(new RtpPacket.Extension(0xABAC, hex("EB 5C 1C 20"))))
                .isInstanceOf(WardenException.class).hasMessageContaining("at least 3");
    }

    @Test
    void csrcsAndPaddingRoundTrip() {
        Buffer pkt = hex("A2 60 00 01 00 00 00 02 00 00 00 03 11 11 11 11 22 22 22 22 41 9A 00 00 03");
        RtpPacket p = RtpPacket.decode(pkt);
        assertThat(p.csrcs()).containsExactly(0x11111111L, 0x22222222L);
        assertThat(p.padding()).isEqualTo(3);
        assertThat(hex(p.payload())).isEqualTo("41 9A");
        assertThat(p.marker()).isFalse();
        assertThat(p.extension()).isNull();
        assertThat(hex(p.encode())).isEqualTo(hex(pkt));
    }

    @Test
    void brokenPacketsAreProtocolErrorsNamingTheFault() {
        assertBad("80 60 00 01", "shorter than the 12-byte header");
        assertBad("40 60 00 01 00 00 00 02 00 00 00 03 65", "version 1");
        assertBad("83 60 00 01 00 00 00 02 00 00 00 03 11 11 11 11", "CSRCs do not fit");
        assertBad("90 60 00 01 00 00 00 02 00 00 00 03 AB AC 00 05 00 00 00 00", "does not fit");
        assertBad("90 60 00 01 00 00 00 02 00 00 00 03 AB", "header extension does not fit");
        assertBad("A0 60 00 01 00 00 00 02 00 00 00 03 65 88 09", "padding count 9");
        assertBad("A0 60 00 01 00 00 00 02 00 00 00 03 65 88 00", "padding count 0");
    }

    private static void assertBad(String packet, String message) {
        assertThatThrownBy(() -> RtpPacket.decode(hex(packet)))
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR))
                .hasMessageContaining(message);
    }
}
