package io.warden.osdp.codec;

import static io.warden.osdp.codec.OsdpGoldenVectorTest.bytes;
import static io.warden.osdp.codec.OsdpGoldenVectorTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.osdp.codec.OsdpCommand.BuzzerControl;
import io.warden.osdp.codec.OsdpCommand.LedControl;
import io.warden.osdp.codec.OsdpCommand.OutputControl;
import io.warden.osdp.codec.OsdpReply.Capability;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Command and reply payloads: field values from the captures, round trips, and length errors. */
class OsdpMessageTest {

    @Test
    void capturedCommandFields() throws Exception {
        assertThat(OsdpCommand.decode(0x68, bytes("0005 1E00"))).isEqualTo(new OsdpCommand.Out(List.of(OutputControl.pulse(0, 30))));
        assertThat(OsdpCommand.decode(0x68, bytes("0102 0000"))).isEqualTo(new OsdpCommand.Out(List.of(OutputControl.permanentOn(1))));
        assertThat(OsdpCommand.decode(0x68, bytes("0101 0000"))).isEqualTo(new OsdpCommand.Out(List.of(OutputControl.permanentOff(1))));
        assertThat(OsdpCommand.decode(0x69, bytes("00 00 02 05 05 02 00 1E 00 01 01 00 01 00"))).isEqualTo(new OsdpCommand.Led(List.of(
                new LedControl(0, 0, LedControl.TEMP_SET, 5, 5, 2, 0, 30, LedControl.PERM_SET, 1, 0, 1, 0))));
        assertThat(OsdpCommand.decode(0x6A, bytes("00 02 02 02 02"))).isEqualTo(new OsdpCommand.Buz(List.of(new BuzzerControl(0, 2, 2, 2, 2))));
        assertThat(OsdpCommand.decode(0x6B, bytes("00 01 00 01 01 05 48454C4C4F"))).isEqualTo(new OsdpCommand.Text(0, 1, 0, 1, 1, "HELLO"));
        assertThat(OsdpCommand.decode(0x6E, bytes("01 80250000"))).isEqualTo(new OsdpCommand.ComSet(1, 9600));
        assertThat(OsdpCommand.decode(0x80, bytes("C3B2A1 010203"))).isEqualTo(new OsdpCommand.Mfg(bytes("C3B2A1"), bytes("010203")));
        assertThat(OsdpCommand.decode(0x7E, Bytes.EMPTY)).isEqualTo(new OsdpCommand.Unknown(0x7E, Bytes.EMPTY));
    }

    @Test
    void capturedReplyFields() throws Exception {
        OsdpReply.PdId id = (OsdpReply.PdId) OsdpReply.decode(0x45, bytes("C3 B2 A1 99 01 04 03 02 01 01 02 03"));
        assertThat(id).isEqualTo(new OsdpReply.PdId(bytes("C3B2A1"), 0x99, 1, 0x01020304L, 1, 2, 3));
        assertThat(OsdpReply.decode(0x45, bytes("C3B2A1 99 01 FFFFFFFF 010203"))).extracting("serial").isEqualTo(0xFFFF_FFFFL);

        OsdpReply.PdCap cap = (OsdpReply.PdCap) OsdpReply.decode(0x46,
                bytes("010104 020104 030100 040101 050101 060101 080100 090100 0A0001 0D0001 100200"));
        assertThat(cap.capabilities()).hasSize(11);
        assertThat(cap.find(OsdpCodes.CAP_RECEIVE_BUFFER)).contains(new Capability(10, 0, 1));
        assertThat(cap.find(OsdpCodes.CAP_OUTPUT_CONTROL).orElseThrow().items()).isEqualTo(4);
        assertThat(cap.find(OsdpCodes.CAP_BIOMETRICS)).isEmpty();

        assertThat(OsdpReply.decode(0x50, bytes("00 01 1A00 0A1B2C40"))).isEqualTo(new OsdpReply.Raw(0, 1, 26, bytes("0A1B2C40")));
        assertThat(OsdpReply.decode(0x53, bytes("00 04 31323334"))).isEqualTo(new OsdpReply.Keypad(0, "1234"));
        assertThat(OsdpReply.decode(0x49, bytes("01000000"))).isEqualTo(new OsdpReply.IStatR(new int[] {1, 0, 0, 0}));
        assertThat(OsdpReply.decode(0x4A, bytes("01000000"))).isEqualTo(new OsdpReply.OStatR(new int[] {1, 0, 0, 0}));
        assertThat(OsdpReply.decode(0x4B, bytes("00"))).isEqualTo(new OsdpReply.RStatR(new int[] {0}));
        assertThat(OsdpReply.decode(0x48, bytes("0001"))).isEqualTo(new OsdpReply.LStatR(false, true));
        assertThat(OsdpReply.decode(0x54, bytes("01 80250000"))).isEqualTo(new OsdpReply.Com(1, 9600));
        assertThat(OsdpReply.decode(0x41, bytes("04"))).isEqualTo(new OsdpReply.Nak(OsdpCodes.NakReason.SEQUENCE.value(), Bytes.EMPTY));
    }

    @Test
    void keypadMapsStarAndHash() throws Exception {
        OsdpReply.Keypad k = (OsdpReply.Keypad) OsdpReply.decode(0x53, bytes("01 05 31 7F 32 0D 39"));
        assertThat(k.keys()).isEqualTo("1*2#9");
        assertThat(k.encode()).isEqualTo(bytes("01 05 31 7F 32 0D 39"));
        assertThat(new OsdpReply.Keypad(0, "#*").encode()).isEqualTo(bytes("00 02 0D 7F"));
    }

    static Stream<OsdpCommand> commands() {
        return Stream.of(new OsdpCommand.Poll(), new OsdpCommand.Id(), new OsdpCommand.Cap(), new OsdpCommand.LStat(),
                new OsdpCommand.IStat(), new OsdpCommand.OStat(), new OsdpCommand.RStat(),
                new OsdpCommand.Out(List.of(OutputControl.pulse(3, 0xFFFF), new OutputControl(1, OutputControl.TEMPORARY_OFF, 7))),
                new OsdpCommand.Led(List.of(new LedControl(1, 2, 1, 3, 4, 5, 6, 0xABCD, 0, 1, 0, 7, 0),
                        new LedControl(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 2, 0))),
                new OsdpCommand.Buz(List.of(new BuzzerControl(0, 1, 0, 0, 0))),
                new OsdpCommand.Text(0, 3, 10, 2, 16, ""), new OsdpCommand.ComSet(0x7E, 230400),
                new OsdpCommand.KeySet(1, Bytes.of(OsdpCodes.scbkDefault())), new OsdpCommand.Chlng(bytes("0102030405060708")),
                new OsdpCommand.Scrypt(Bytes.of(OsdpCodes.scbkDefault())), new OsdpCommand.AcuRxSize(1440),
                new OsdpCommand.Mfg(bytes("C3B2A1"), Bytes.EMPTY), new OsdpCommand.Unknown(0xA2, bytes("00")));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void commandRoundTrip(OsdpCommand c) throws Exception {
        assertThat(OsdpCommand.decode(c.code(), c.encode())).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
    }

    static Stream<OsdpReply> replies() {
        return Stream.of(new OsdpReply.Ack(), new OsdpReply.Busy(), new OsdpReply.Nak(0x09, bytes("AB")),
                new OsdpReply.PdId(bytes("0A0B0C"), 1, 2, 0xDEADBEEFL, 3, 4, 5),
                new OsdpReply.PdCap(List.of(new Capability(9, 1, 1))), new OsdpReply.LStatR(true, false),
                new OsdpReply.IStatR(new int[0]), new OsdpReply.OStatR(new int[] {0, 1}), new OsdpReply.RStatR(new int[] {2}),
                new OsdpReply.Raw(1, 0, 0, Bytes.EMPTY), new OsdpReply.Raw(0, 1, 35, bytes("0102030405")),
                new OsdpReply.Fmt(0, 1, "1234"), new OsdpReply.Keypad(0, ""), new OsdpReply.Com(3, 115200),
                new OsdpReply.CCrypt(bytes("0001020304050607"), bytes("1011121314151617"), Bytes.of(OsdpCodes.scbkDefault())),
                new OsdpReply.RMacI(Bytes.of(OsdpCodes.scbkDefault())), new OsdpReply.MfgRep(bytes("C3B2A1"), bytes("FF")),
                new OsdpReply.Unknown(0x7A, bytes("0102")));
    }

    @ParameterizedTest
    @MethodSource("replies")
    void replyRoundTrip(OsdpReply r) throws Exception {
        assertThat(OsdpReply.decode(r.code(), r.encode())).isEqualTo(r).hasSameHashCodeAs(r).hasToString(r.toString());
    }

    @ParameterizedTest(name = "command 0x{0} data [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            60 | 00
            61 | ''
            61 | 0000
            62 | ''
            64 | 01
            65 | 01
            66 | 01
            67 | 01
            68 | ''
            68 | 000102
            68 | 0001020304
            69 | 00000205050200 1E0001010001
            6A | 00020202
            6B | 0001000101
            6B | 000100010105 48454C4C
            6E | 01802500
            75 | 01
            75 | 0110 000102
            76 | 01020304050607
            77 | 000102030405060708090A0B0C0D0E
            7B | 05
            80 | C3B2
            """)
    void commandWithWrongLengthIsNakLength(String code, String data) {
        assertThatThrownBy(() -> OsdpCommand.decode(Integer.parseInt(code, 16), bytes(data)))
                .isInstanceOfSatisfying(OsdpDecodeException.class, e -> assertThat(e.nak()).isEqualTo(OsdpCodes.NakReason.LENGTH))
                .hasMessageContaining("data length " + hex(data).length);
    }

    @ParameterizedTest(name = "reply 0x{0} data [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            40 | 00
            79 | 00
            41 | ''
            45 | C3B2A19901040302010102
            46 | ''
            46 | 01010402
            48 | 00
            50 | 000100
            51 | 0000 05 3132
            53 | 00 04 313233
            54 | 01802500
            76 | 000102030405060708090A0B0C0D0E0F000102030405060708090A0B0C0D0E
            78 | 000102030405060708090A0B0C0D0E
            90 | C3B2
            """)
    void replyWithWrongLengthIsNakLength(String code, String data) {
        assertThatThrownBy(() -> OsdpReply.decode(Integer.parseInt(code, 16), bytes(data)))
                .isInstanceOfSatisfying(OsdpDecodeException.class, e -> assertThat(e.nak()).isEqualTo(OsdpCodes.NakReason.LENGTH));
    }

    @Test
    void rawWithInconsistentBitCountIsRejected() {
        assertThatThrownBy(() -> OsdpReply.decode(0x50, bytes("00 01 1A00 0A1B2C")))
                .isInstanceOf(OsdpDecodeException.class).hasMessage("RAW: bit count 26 needs 4 data bytes, got 3");
        assertThatThrownBy(() -> OsdpReply.decode(0x50, bytes("00 01 1800 0A1B2C40")))
                .isInstanceOf(OsdpDecodeException.class).hasMessage("RAW: bit count 24 needs 3 data bytes, got 4");
        assertThatThrownBy(() -> new OsdpReply.Raw(0, 1, 26, bytes("0A1B2C"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorsRejectValuesThatDoNotFitTheWire() {
        assertThatThrownBy(() -> new OutputControl(256, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutputControl.pulse(0, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OsdpCommand.Out(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OsdpCommand.Chlng(Bytes.of(new byte[7]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OsdpCommand.Text(0, 1, 0, 1, 1, "caf\u00e9\u20ac")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OsdpReply.PdId(bytes("0102"), 0, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OsdpReply.PdId(bytes("010203"), 0, 0, 1L << 32, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsWithBytesAreValues() {
        byte[] rnd = hex("0102030405060708");
        OsdpCommand.Chlng c = new OsdpCommand.Chlng(Bytes.of(rnd));
        rnd[0] = 9;
        assertThat(c.encode().u8(0)).isEqualTo(1);
        assertThat(c).isEqualTo(new OsdpCommand.Chlng(bytes("0102030405060708")))
                .hasSameHashCodeAs(new OsdpCommand.Chlng(bytes("0102030405060708")));
        assertThat(c).isNotEqualTo(new OsdpCommand.Chlng(bytes("0102030405060709")));
    }

    @Test
    void credentialsAndSecretsNeverPrint() throws Exception {
        OsdpReply keypad = OsdpReply.decode(0x53, bytes("01 04 31 39 37 33"));
        assertThat(keypad).hasToString("Keypad[reader=1, digits=4 redacted]");
        OsdpReply card = OsdpReply.decode(0x50, bytes("00 01 1A00 0A1B2C40"));
        assertThat(card.toString()).doesNotContain("0A1B2C40").doesNotContainIgnoringCase("0a1b2c40").contains("Bytes[4 bytes]");
        assertThat(OsdpReply.decode(0x51, bytes("00 00 05 3132333435")).toString()).doesNotContain("12345");
        assertThat(new OsdpCommand.KeySet(1, bytes("000102030405060708090A0B0C0D0E0F")).toString())
                .doesNotContain("000102030405060708090A0B0C0D0E0F").contains("Bytes[16 bytes]");
        OsdpFrame frame = OsdpFrame.plain(1, true, 2, true, 0x50, card.encode());
        assertThat(frame).hasToString("OsdpFrame[addr=0x01 reply sqn=2 crc code=0x50 len=8]");
    }
}
