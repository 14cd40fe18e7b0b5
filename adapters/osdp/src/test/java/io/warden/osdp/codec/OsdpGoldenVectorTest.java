package io.warden.osdp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tier 1: the captured frames of ../shared/reference/osdp-vectors.md, parsed from the wire and
 * re-encoded byte for byte. Column "dir": C = CP->PD command, R = PD->CP reply.
 */
class OsdpGoldenVectorTest {

    static Bytes bytes(String s) {
        return Bytes.of(hex(s));
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static OsdpFramer.Frame parseOne(String dir, byte[] wire) {
        OsdpFramer framer = new OsdpFramer(dir.equals("C") ? OsdpFramer.Accept.COMMANDS : OsdpFramer.Accept.REPLIES, 1440);
        framer.feed(wire, 0, wire.length);
        OsdpFramer.Outcome out = framer.next();
        assertThat(out).isInstanceOf(OsdpFramer.Frame.class);
        assertThat(framer.next()).isEqualTo(OsdpFramer.NEED_MORE);
        assertThat(framer.buffered()).isZero();
        return (OsdpFramer.Frame) out;
    }

    /** Sections 2, 3 and 7 (plaintext), then section 1 and SIA Annex E (captured without the mark). */
    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # section 2
            C | Id | FF 53 01 09 00 04 61 00 60 23
            R | PdId | FF 53 81 14 00 04 45 C3 B2 A1 99 01 04 03 02 01 01 02 03 1C 78
            C | Cap | FF 53 01 09 00 05 62 00 03 41
            R | PdCap | FF 53 81 29 00 05 46 01 01 04 02 01 04 03 01 00 04 01 01 05 01 01 06 01 01 08 01 00 09 01 00 0A 00 01 0D 00 01 10 02 00 19 AB
            C | Poll | FF 53 01 08 00 05 60 8B 33
            R | Ack | FF 53 81 08 00 05 40 39 35
            C | Poll | FF 53 01 08 00 06 60 D8 66
            R | Ack | FF 53 81 08 00 06 40 6A 60
            C | Out | FF 53 01 0C 00 06 68 00 05 1E 00 B2 74
            R | Ack | FF 53 81 08 00 06 40 6A 60
            C | Poll | FF 53 01 08 00 07 60 E9 55
            R | OStatR | FF 53 81 0C 00 07 4A 01 00 00 00 AF 7F
            C | Out | FF 53 01 0C 00 07 68 01 02 00 00 4A E2
            C | Out | FF 53 01 0C 00 05 68 01 01 00 00 5A 30
            R | OStatR | FF 53 81 0C 00 07 4A 00 00 00 00 1B 09
            C | Led | FF 53 01 16 00 06 69 00 00 02 05 05 02 00 1E 00 01 01 00 01 00 90 A4
            R | Ack | FF 53 81 08 00 06 40 6A 60
            C | Buz | FF 53 01 0D 00 07 6A 00 02 02 02 02 1E 75
            C | Text | FF 53 01 13 00 07 6B 00 01 00 01 01 05 48 45 4C 4C 4F 3A 0D
            C | IStat | FF 53 01 08 00 05 65 2E 63
            R | IStatR | FF 53 81 0C 00 05 49 00 00 00 00 89 6C
            C | OStat | FF 53 01 08 00 06 66 1E 06
            R | OStatR | FF 53 81 0C 00 06 4A 01 00 00 00 0F 3A
            C | LStat | FF 53 01 08 00 07 64 6D 15
            R | LStatR | FF 53 81 0A 00 07 48 00 00 93 92
            C | RStat | FF 53 01 08 00 05 67 6C 43
            R | RStatR | FF 53 81 09 00 05 4B 00 5D 29
            C | Mfg | FF 53 01 0E 00 05 80 C3 B2 A1 01 02 03 81 A3
            R | Ack | FF 53 81 08 00 05 40 39 35
            C | ComSet | FF 53 01 0D 00 05 6E 01 80 25 00 00 2B CC
            R | Com | FF 53 81 0D 00 05 54 01 80 25 00 00 91 81
            C | Poll | FF 53 01 08 00 06 60 D8 66
            R | Raw | FF 53 81 10 00 06 50 00 01 1A 00 0A 1B 2C 40 7B 46
            C | Poll | FF 53 01 08 00 05 60 8B 33
            R | IStatR | FF 53 81 0C 00 05 49 01 00 00 00 3D 1A
            R | Keypad | FF 53 81 0E 00 06 53 00 04 31 32 33 34 A3 C2
            R | IStatR | FF 53 81 0C 00 07 49 00 00 00 00 C9 E7
            # section 3
            C | Poll | FF 53 01 07 00 00 60 45
            R | Ack | FF 53 81 08 00 04 40 08 06
            C | Id | FF 53 01 08 00 01 61 00 42
            R | PdId | FF 53 81 14 00 05 45 C3 B2 A1 99 01 04 03 02 01 01 02 03 7D 03
            C | Out | FF 53 01 0C 00 07 68 00 05 1E 00 12 31
            R | Ack | FF 53 81 08 00 07 40 5B 53
            C | Out | FF 53 01 0C 00 07 68 00 05 1E 00 12 31
            R | Ack | FF 53 81 08 00 07 40 5B 53
            C | Poll | FF 53 01 08 00 05 60 8B 33
            R | Ack | FF 53 81 08 00 05 40 39 35
            C | Poll | FF 53 01 08 00 07 60 E9 55
            R | Nak | FF 53 81 09 00 06 41 04 42 DF
            C | Poll | FF 53 01 08 00 04 60 BA 00
            R | Ack | FF 53 81 08 00 04 40 08 06
            C | Unknown | FF 53 01 08 00 05 7E 74 C0
            R | Nak | FF 53 81 09 00 05 41 03 F5 F6
            R | Nak | FF 53 81 09 00 06 41 02 84 BF
            C | Poll | FF 53 7F 08 00 04 60 94 D2
            R | Ack | FF 53 FF 08 00 04 40 26 D4
            # section 7
            R | Nak | FF 53 81 09 00 07 41 06 30 C8
            R | Nak | FF 53 81 09 00 05 41 06 50 A6
            R | Nak | FF 53 81 09 00 07 41 06 30 C8
            C | Poll | FF 53 01 08 00 05 60 8B 33
            # section 1 and SIA Annex E, no mark
            C | Poll    | 53 01 08 00 04 60 BA 00
            C | Id      | 53 01 09 00 04 61 00 60 23
            R | Ack     | 53 81 08 00 04 40 08 06
            C | Poll    | 53 01 07 00 00 60 45
            C | Id      | 53 01 08 00 01 61 00 42
            C | ComSet  | 53 7F 0D 00 04 6E 00 80 25 00 00 6E 38
            C | Id      | 53 00 09 00 04 61 00 C0 66
            C | ComSet  | 53 7F 0C 00 00 6E 00 80 25 00 00 0F
            C | Id      | 53 00 08 00 00 61 00 44
            """)
    void plaintextFrameParsesAndReencodesByteExact(String dir, String type, String hexWire) throws Exception {
        byte[] wire = hex(hexWire);
        boolean marked = (wire[0] & 0xFF) == 0xFF;
        OsdpFramer.Frame parsed = parseOne(dir, wire);
        OsdpFrame f = parsed.frame();
        assertThat(parsed.marked()).isEqualTo(marked);
        assertThat(parsed.wire()).isEqualTo(bytes(hexWire.substring(marked ? 3 : 0)));
        assertThat(f.reply()).isEqualTo(dir.equals("R"));
        assertThat(f.scb()).isNull();
        assertThat(f.mac()).isNull();

        int code;
        Bytes data;
        if (f.reply()) {
            OsdpReply r = OsdpReply.decode(f.code(), f.data());
            assertThat(r.getClass().getSimpleName()).isEqualTo(type);
            code = r.code();
            data = r.encode();
        } else {
            OsdpCommand c = OsdpCommand.decode(f.code(), f.data());
            assertThat(c.getClass().getSimpleName()).isEqualTo(type);
            code = c.code();
            data = c.encode();
        }
        byte[] again = OsdpFrameCodec.encode(OsdpFrame.plain(f.address(), f.reply(), f.sqn(), f.crc(), code, data), marked);
        assertThat(again).isEqualTo(wire);
    }

    /** Sections 4-8: SCB and MAC taken apart without any crypto, and the frame re-encoded as is. */
    @ParameterizedTest(name = "{0} scb={1} code={3}")
    @CsvSource(delimiter = '|', textBlock = """
            # section 4
            C | 03 11 01 | - | 76 | DF A3 07 1C AC 8C CA E3 | FF 53 01 13 00 0C 03 11 01 76 DF A3 07 1C AC 8C CA E3 F4 93
            R | 03 12 01 | - | 76 | C3 B2 99 00 04 03 02 01 89 23 57 79 10 9B F2 43 DD BA 28 EC 6A 1B A4 3D F5 A2 39 DC B6 C3 89 67 | FF 53 81 2B 00 0C 03 12 01 76 C3 B2 99 00 04 03 02 01 89 23 57 79 10 9B F2 43 DD BA 28 EC 6A 1B A4 3D F5 A2 39 DC B6 C3 89 67 26 76
            C | 03 13 01 | - | 77 | 64 33 37 F0 FA 66 2A 41 D1 EE 3F 99 25 04 40 78 | FF 53 01 1B 00 0D 03 13 01 77 64 33 37 F0 FA 66 2A 41 D1 EE 3F 99 25 04 40 78 66 E1
            R | 03 14 01 | - | 78 | 67 FC 8C FC E1 25 3D AF C7 BC F1 06 CF 03 26 09 | FF 53 81 1B 00 0D 03 14 01 78 67 FC 8C FC E1 25 3D AF C7 BC F1 06 CF 03 26 09 24 E4
            C | 02 17 | CA DC 05 23 | 68 | A6 23 D4 04 90 1A A4 A1 52 8E 25 6E EB 36 AD D9 | FF 53 01 1E 00 0E 02 17 68 A6 23 D4 04 90 1A A4 A1 52 8E 25 6E EB 36 AD D9 CA DC 05 23 98 04
            R | 02 16 | 76 26 22 76 | 40 | - | FF 53 81 0E 00 0E 02 16 40 76 26 22 76 52 79
            C | 02 15 | 1A 64 BD 6D | 60 | - | FF 53 01 0E 00 0F 02 15 60 1A 64 BD 6D DD BF
            R | 02 18 | 8F 1F 1D C6 | 4A | FC A8 00 65 12 47 D0 F3 87 C0 62 4E 10 45 42 17 | FF 53 81 1E 00 0F 02 18 4A FC A8 00 65 12 47 D0 F3 87 C0 62 4E 10 45 42 17 8F 1F 1D C6 71 F8
            R | 02 18 | D4 B4 0E DF | 50 | 00 39 33 EB 40 C5 2A 3C 31 75 12 E8 D3 6D 7F F4 | FF 53 81 1E 00 0E 02 18 50 00 39 33 EB 40 C5 2A 3C 31 75 12 E8 D3 6D 7F F4 D4 B4 0E DF B9 5B
            R | 02 18 | 55 62 5E 78 | 49 | 94 A0 83 48 61 5C CB 9F C9 58 B2 76 55 11 AA A6 | FF 53 81 1E 00 0D 02 18 49 94 A0 83 48 61 5C CB 9F C9 58 B2 76 55 11 AA A6 55 62 5E 78 2F 5C
            # section 5
            C | 03 11 01 | - | 76 | 01 02 03 04 05 06 07 08 | FF 53 01 13 00 0C 03 11 01 76 01 02 03 04 05 06 07 08 6F 8F
            R | 03 12 01 | - | 76 | C3 B2 99 00 04 03 02 01 E3 BE 3A 3F 99 89 2F 2A 77 28 05 16 CD 22 B3 02 60 C9 B6 82 DA B5 BA 1D | FF 53 81 2B 00 0C 03 12 01 76 C3 B2 99 00 04 03 02 01 E3 BE 3A 3F 99 89 2F 2A 77 28 05 16 CD 22 B3 02 60 C9 B6 82 DA B5 BA 1D 38 2D
            C | 03 13 01 | - | 77 | 64 36 BA 95 71 68 13 05 FE CB 86 00 E1 14 11 FE | FF 53 01 1B 00 0D 03 13 01 77 64 36 BA 95 71 68 13 05 FE CB 86 00 E1 14 11 FE 75 0B
            R | 03 14 01 | - | 78 | 16 47 E6 90 21 E5 4C E1 7B 3C E6 74 39 C6 6C 84 | FF 53 81 1B 00 0D 03 14 01 78 16 47 E6 90 21 E5 4C E1 7B 3C E6 74 39 C6 6C 84 9A 4F
            C | 02 17 | 3C 44 D7 3E | 68 | 80 3F 4A 54 1E 56 88 16 26 F5 78 66 45 4A 63 F7 | FF 53 01 1E 00 0E 02 17 68 80 3F 4A 54 1E 56 88 16 26 F5 78 66 45 4A 63 F7 3C 44 D7 3E 60 C4
            R | 02 16 | E5 B3 9B 54 | 40 | - | FF 53 81 0E 00 0E 02 16 40 E5 B3 9B 54 6D 17
            C | 02 15 | 4B 41 E9 93 | 60 | - | FF 53 01 0E 00 0F 02 15 60 4B 41 E9 93 CE 1D
            R | 02 16 | B6 01 36 2E | 40 | - | FF 53 81 0E 00 0F 02 16 40 B6 01 36 2E 39 9A
            C | 02 15 | F2 96 6D 81 | 60 | - | FF 53 01 0E 00 0D 02 15 60 F2 96 6D 81 E5 95
            R | 02 18 | 59 FA 01 A8 | 50 | 44 15 BE 5F AA 67 52 28 F0 EA 44 B5 DF 19 90 29 | FF 53 81 1E 00 0D 02 18 50 44 15 BE 5F AA 67 52 28 F0 EA 44 B5 DF 19 90 29 59 FA 01 A8 90 DD
            # section 6
            C | 03 11 01 | - | 76 | 16 1C 10 B0 6D 66 BC 4C | FF 53 01 13 00 0C 03 11 01 76 16 1C 10 B0 6D 66 BC 4C A1 8E
            R | 03 12 01 | - | 76 | C3 B2 99 00 04 03 02 01 12 87 4F C2 7F 59 B0 A4 61 AC A7 9F 66 66 74 11 30 B8 D6 1F 6B F0 55 40 | FF 53 81 2B 00 0C 03 12 01 76 C3 B2 99 00 04 03 02 01 12 87 4F C2 7F 59 B0 A4 61 AC A7 9F 66 66 74 11 30 B8 D6 1F 6B F0 55 40 09 84
            C | 03 11 00 | - | 76 | 16 1C 10 B0 6D 66 BC 4C | FF 53 01 13 00 0D 03 11 00 76 16 1C 10 B0 6D 66 BC 4C 87 A4
            R | 03 12 00 | - | 76 | C3 B2 99 00 04 03 02 01 4B B6 F0 AB 29 D6 A7 52 49 81 F5 7B 23 A0 BE C6 54 9A B9 2F E0 7D EB 14 | FF 53 81 2B 00 0D 03 12 00 76 C3 B2 99 00 04 03 02 01 4B B6 F0 AB 29 D6 A7 52 49 81 F5 7B 23 A0 BE C6 54 9A B9 2F E0 7D EB 14 3E CC
            C | 03 13 00 | - | 77 | 15 C7 9D C1 41 49 07 7B 5A F9 A5 69 92 F1 AA FD | FF 53 01 1B 00 0E 03 13 00 77 15 C7 9D C1 41 49 07 7B 5A F9 A5 69 92 F1 AA FD 86 23
            R | 03 14 01 | - | 78 | 8D 1C 21 3B 7A 8E 26 A2 B8 82 8F 9D 2C 01 54 BB | FF 53 81 1B 00 0E 03 14 01 78 8D 1C 21 3B 7A 8E 26 A2 B8 82 8F 9D 2C 01 54 BB E1 A6
            C | 02 17 | CE AD AE E7 | 75 | 40 5C DD 16 8B DD 44 EF 68 47 A0 8A DD 55 B2 42 15 06 EC A9 1C FE 63 DC 93 1C 02 F6 29 80 0A 31 | FF 53 01 2E 00 0F 02 17 75 40 5C DD 16 8B DD 44 EF 68 47 A0 8A DD 55 B2 42 15 06 EC A9 1C FE 63 DC 93 1C 02 F6 29 80 0A 31 CE AD AE E7 BA 6A
            R | 02 16 | BF 69 D1 C2 | 40 | - | FF 53 81 0E 00 0F 02 16 40 BF 69 D1 C2 03 EE
            C | 03 11 01 | - | 76 | 8C C7 4A 3C 11 95 56 60 | FF 53 01 13 00 0C 03 11 01 76 8C C7 4A 3C 11 95 56 60 16 27
            R | 03 12 01 | - | 76 | C3 B2 99 00 04 03 02 01 E6 4C B3 D9 A5 E0 9C B7 81 AD BD 3C 81 25 78 C3 C3 02 40 64 EC 91 5A 1C | FF 53 81 2B 00 0C 03 12 01 76 C3 B2 99 00 04 03 02 01 E6 4C B3 D9 A5 E0 9C B7 81 AD BD 3C 81 25 78 C3 C3 02 40 64 EC 91 5A 1C 97 DF
            C | 03 13 01 | - | 77 | B3 76 85 B7 9D 00 45 E4 85 1B 21 AA 91 8B F4 D6 | FF 53 01 1B 00 0D 03 13 01 77 B3 76 85 B7 9D 00 45 E4 85 1B 21 AA 91 8B F4 D6 EE CD
            R | 03 14 01 | - | 78 | 5E AE 67 A1 AD 33 B0 AE 23 88 CA 7C 3E 66 DE 2D | FF 53 81 1B 00 0D 03 14 01 78 5E AE 67 A1 AD 33 B0 AE 23 88 CA 7C 3E 66 DE 2D DB 4E
            C | 02 15 | 20 B6 F1 40 | 60 | - | FF 53 01 0E 00 0E 02 15 60 20 B6 F1 40 D6 0A
            # section 7
            C | 02 15 | 15 5E 0F 64 | 60 | - | FF 53 01 0E 00 0E 02 15 60 15 5E 0F 64 C2 C7
            R | 02 16 | 6F EA 65 D8 | 40 | - | FF 53 81 0E 00 0E 02 16 40 6F EA 65 D8 6B 02
            C | 02 15 | E1 98 57 CF | 60 | - | FF 53 01 0E 00 0F 02 15 60 E1 98 57 CF 6D C2
            C | 02 15 | 46 08 BA 0D | 60 | - | FF 53 01 0E 00 0D 02 15 60 46 08 BA 0D 49 11
            C | 02 15 | CE DA E9 DA | 60 | - | FF 53 01 0E 00 0E 02 15 60 CE DA E9 DA 45 6A
            R | 02 16 | F8 F4 4B 8D | 40 | - | FF 53 81 0E 00 0E 02 16 40 F8 F4 4B 8D 02 E2
            C | 02 15 | 9E AE D0 5B | 60 | - | FF 53 01 0E 00 0F 02 15 60 9E AE D0 5B C1 62
            R | 02 18 | 03 62 A9 C3 | 41 | 7B 4C D6 BB 66 77 4F 2B 4C 6B 43 68 26 4C C2 1B | FF 53 81 1E 00 0D 02 18 41 7B 4C D6 BB 66 77 4F 2B 4C 6B 43 68 26 4C C2 1B 03 62 A9 C3 AB 72
            # section 8
            C | 02 15 | 28 AF 6A 04 | 65 | - | FF 53 01 0E 00 0E 02 15 65 28 AF 6A 04 E1 BD
            R | 02 15 | 69 15 40 8E | 49 | 00 00 00 00 | FF 53 81 12 00 0E 02 15 49 00 00 00 00 69 15 40 8E 65 CC
            C | 02 15 | 83 DC CD 90 | 66 | - | FF 53 01 0E 00 0F 02 15 66 83 DC CD 90 05 26
            R | 02 15 | 92 0C 60 AB | 4A | 01 00 00 00 | FF 53 81 12 00 0F 02 15 4A 01 00 00 00 92 0C 60 AB 06 8B
            C | 02 15 | 6A 9E 1B 5D | 64 | - | FF 53 01 0E 00 0D 02 15 64 6A 9E 1B 5D 10 5E
            R | 02 15 | 09 59 F0 17 | 48 | 00 00 | FF 53 81 10 00 0D 02 15 48 00 00 09 59 F0 17 5A FA
            C | 02 15 | BD BC FA 76 | 67 | - | FF 53 01 0E 00 0E 02 15 67 BD BC FA 76 B5 DF
            R | 02 15 | 65 48 31 24 | 4B | 00 | FF 53 81 0F 00 0E 02 15 4B 00 65 48 31 24 83 F7
            """)
    void secureFrameParsesStructurally(String dir, String scb, String mac, String code, String data, String hexWire) {
        byte[] wire = hex(hexWire);
        OsdpFramer.Frame parsed = parseOne(dir, wire);
        OsdpFrame f = parsed.frame();
        assertThat(parsed.marked()).isTrue();
        assertThat(f.address()).isEqualTo(1);
        assertThat(f.reply()).isEqualTo(dir.equals("R"));
        assertThat(f.crc()).isTrue();
        assertThat(f.scb()).isEqualTo(bytes(scb));
        assertThat(f.mac()).isEqualTo(mac.equals("-") ? null : bytes(mac));
        assertThat(f.code()).isEqualTo(Integer.parseInt(code, 16));
        assertThat(f.data()).isEqualTo(data.equals("-") ? Bytes.EMPTY : bytes(data));
        assertThat(OsdpFrameCodec.encode(f, true)).isEqualTo(wire);
    }

    @Test
    void handshakePayloadsDecode() throws Exception {
        OsdpFramer.Frame chlng = parseOne("C", hex("FF 53 01 13 00 0C 03 11 01 76 DF A3 07 1C AC 8C CA E3 F4 93"));
        assertThat(OsdpCommand.decode(chlng.frame().code(), chlng.frame().data()))
                .isEqualTo(new OsdpCommand.Chlng(bytes("DFA3071CAC8CCAE3")));
        OsdpFramer.Frame ccrypt = parseOne("R", hex("FF 53 81 2B 00 0C 03 12 01 76 C3 B2 99 00 04 03 02 01 89 23 57 79 10 9B F2 43"
                + " DD BA 28 EC 6A 1B A4 3D F5 A2 39 DC B6 C3 89 67 26 76"));
        assertThat(OsdpReply.decode(ccrypt.frame().code(), ccrypt.frame().data())).isEqualTo(new OsdpReply.CCrypt(
                bytes("C3B2990004030201"), bytes("89235779109BF243"), bytes("DDBA28EC6A1BA43DF5A239DCB6C38967")));
        OsdpFramer.Frame scrypt = parseOne("C", hex("FF 53 01 1B 00 0D 03 13 01 77 64 33 37 F0 FA 66 2A 41 D1 EE 3F 99 25 04 40 78 66 E1"));
        assertThat(OsdpCommand.decode(scrypt.frame().code(), scrypt.frame().data()))
                .isEqualTo(new OsdpCommand.Scrypt(bytes("643337F0FA662A41D1EE3F9925044078")));
        OsdpFramer.Frame rmac = parseOne("R", hex("FF 53 81 1B 00 0D 03 14 01 78 67 FC 8C FC E1 25 3D AF C7 BC F1 06 CF 03 26 09 24 E4"));
        assertThat(rmac.frame().scb()).isEqualTo(bytes("031401"));
        assertThat(OsdpReply.decode(rmac.frame().code(), rmac.frame().data()))
                .isEqualTo(new OsdpReply.RMacI(bytes("67FC8CFCE1253DAFC7BCF106CF032609")));
    }

    @Test
    void corruptedCrcFromSection3IsRejectedWithBothValues() {
        OsdpFramer framer = new OsdpFramer(OsdpFramer.Accept.COMMANDS, 1440);
        byte[] wire = hex("FF 53 01 08 00 07 60 E9 AA");
        framer.feed(wire, 0, wire.length);
        OsdpFramer.Outcome out = framer.next();
        assertThat(out).isEqualTo(new OsdpFramer.Rejected("bad CRC: got 0xAAE9, computed 0x55E9", 8));
        assertThat(framer.next()).isEqualTo(OsdpFramer.NEED_MORE);
    }

    @Test
    void crcCheckValueAndCapturedCrcs() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(OsdpCrc.crc16(check, 0, check.length)).isEqualTo(0xE5CC);
        assertThat(crc("53 01 08 00 04 60")).isEqualTo(0x00BA);
        assertThat(crc("53 01 09 00 04 61 00")).isEqualTo(0x2360);
        assertThat(crc("53 81 08 00 04 40")).isEqualTo(0x0608);
        assertThat(crc("53 7F 0D 00 04 6E 00 80 25 00 00")).isEqualTo(0x386E);
        assertThat(crc("53 00 09 00 04 61 00")).isEqualTo(0x66C0);
    }

    @Test
    void checksumVectors() {
        assertThat(cks("53 01 07 00 00 60")).isEqualTo(0x45);
        assertThat(cks("53 01 08 00 01 61 00")).isEqualTo(0x42);
        assertThat(cks("53 7F 0C 00 00 6E 00 80 25 00 00")).isEqualTo(0x0F);
        assertThat(cks("53 00 08 00 00 61 00")).isEqualTo(0x44);
    }

    private static int crc(String s) {
        byte[] b = hex(s);
        return OsdpCrc.crc16(b, 0, b.length);
    }

    private static int cks(String s) {
        byte[] b = hex(s);
        return OsdpCrc.checksum(b, 0, b.length);
    }
}
