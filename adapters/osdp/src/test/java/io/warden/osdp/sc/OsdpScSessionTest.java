package io.warden.osdp.sc;

import static io.warden.osdp.sc.OsdpScHandshakeTest.CUID;
import static io.warden.osdp.sc.OsdpScHandshakeTest.SCBK;
import static io.warden.osdp.sc.OsdpScHandshakeTest.encode;
import static io.warden.osdp.sc.OsdpScTestFrames.bytes;
import static io.warden.osdp.sc.OsdpScTestFrames.hex;
import static io.warden.osdp.sc.OsdpScTestFrames.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.sc.OsdpScTestFrames.Captured;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Captured secure-session chains (vectors §4-§6), sealed and opened byte-exact from both roles. */
class OsdpScSessionTest {
    static final String S5_CCRYPT = "FF 53 81 2B 00 0C 03 12 01 76 C3 B2 99 00 04 03 02 01 E3 BE 3A 3F 99 89 2F 2A"
            + " 77 28 05 16 CD 22 B3 02 60 C9 B6 82 DA B5 BA 1D 38 2D";
    static final String S6_CCRYPT = "FF 53 81 2B 00 0D 03 12 00 76 C3 B2 99 00 04 03 02 01 4B B6 F0 AB 29 D6 A7 52"
            + " 49 81 F5 7B 23 A0 BE C6 54 9A B9 2F E0 7D EB 14 3E CC";
    static final String S6_SCRYPT = "FF 53 01 1B 00 0E 03 13 00 77 15 C7 9D C1 41 49 07 7B 5A F9 A5 69 92 F1 AA FD 86 23";
    static final String S6_RMAC_I = "FF 53 81 1B 00 0E 03 14 01 78 8D 1C 21 3B 7A 8E 26 A2 B8 82 8F 9D 2C 01 54 BB E1 A6";

    static final String S4_OUT = "FF 53 01 1E 00 0E 02 17 68 A6 23 D4 04 90 1A A4 A1 52 8E 25 6E EB 36 AD D9 CA DC 05 23 98 04";
    static final String S4_ACK = "FF 53 81 0E 00 0E 02 16 40 76 26 22 76 52 79";
    static final String S4_POLL3 = "FF 53 01 0E 00 0F 02 15 60 1A 64 BD 6D DD BF";
    static final String S4_OSTATR = "FF 53 81 1E 00 0F 02 18 4A FC A8 00 65 12 47 D0 F3 87 C0 62 4E 10 45 42 17 8F 1F 1D C6 71 F8";
    static final String S4_POLL1 = "FF 53 01 0E 00 0D 02 15 60 C9 E4 15 93 F8 A2";

    /** One command/reply exchange: plaintext and captured wire bytes for both directions. */
    record Exchange(OsdpFrame command, String commandWire, OsdpFrame reply, String replyWire) {}

    static OsdpFrame cmd(int sqn, int code, String data) {
        return OsdpFrame.plain(1, false, sqn, true, code, bytes(data));
    }

    static OsdpFrame rep(int sqn, int code, String data) {
        return OsdpFrame.plain(1, true, sqn, true, code, bytes(data));
    }

    static final List<Exchange> S4 = List.of(
            new Exchange(cmd(2, OsdpCodes.Command.OUT.value(), "00 05 1E 00"), S4_OUT, rep(2, OsdpCodes.Reply.ACK.value(), ""), S4_ACK),
            new Exchange(cmd(3, OsdpCodes.Command.POLL.value(), ""), S4_POLL3, rep(3, OsdpCodes.Reply.OSTATR.value(), "01 00 00 00"), S4_OSTATR));

    static final List<Exchange> S5 = List.of(
            new Exchange(cmd(2, OsdpCodes.Command.OUT.value(), "00 05 1E 00"),
                    "FF 53 01 1E 00 0E 02 17 68 80 3F 4A 54 1E 56 88 16 26 F5 78 66 45 4A 63 F7 3C 44 D7 3E 60 C4",
                    rep(2, OsdpCodes.Reply.ACK.value(), ""), "FF 53 81 0E 00 0E 02 16 40 E5 B3 9B 54 6D 17"),
            new Exchange(cmd(3, OsdpCodes.Command.POLL.value(), ""), "FF 53 01 0E 00 0F 02 15 60 4B 41 E9 93 CE 1D",
                    rep(3, OsdpCodes.Reply.ACK.value(), ""), "FF 53 81 0E 00 0F 02 16 40 B6 01 36 2E 39 9A"),
            new Exchange(cmd(1, OsdpCodes.Command.POLL.value(), ""), "FF 53 01 0E 00 0D 02 15 60 F2 96 6D 81 E5 95",
                    rep(1, OsdpCodes.Reply.RAW.value(), "00 01 1A 00 0A 1B 2C 40"),
                    "FF 53 81 1E 00 0D 02 18 50 44 15 BE 5F AA 67 52 28 F0 EA 44 B5 DF 19 90 29 59 FA 01 A8 90 DD"));

    static final List<Exchange> S6 = List.of(new Exchange(
            cmd(3, OsdpCodes.Command.KEYSET.value(), "01 10 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F"),
            "FF 53 01 2E 00 0F 02 17 75 40 5C DD 16 8B DD 44 EF 68 47 A0 8A DD 55 B2 42 15 06 EC A9 1C FE 63 DC 93 1C"
                    + " 02 F6 29 80 0A 31 CE AD AE E7 BA 6A",
            rep(3, OsdpCodes.Reply.ACK.value(), ""), "FF 53 81 0E 00 0F 02 16 40 BF 69 D1 C2 03 EE"));

    @Test
    void section4ChainFromTheCp() throws Exception {
        OsdpScSession cp = s4Cp();
        cpRuns(cp, S4);
        // The next POLL in the capture, MACed with the OSTATR's full MAC.
        assertThat(encode(cp.sealCommand(cmd(1, OsdpCodes.Command.POLL.value(), "")))).isEqualTo(hex(S4_POLL1));
    }

    @Test
    void section4ChainFromThePd() throws Exception {
        OsdpScSession pd = s4Pd();
        pdRuns(pd, S4);
        Captured poll = parse(S4_POLL1);
        assertThat(pd.openCommand(poll.frame(), poll.wire())).isEqualTo(cmd(1, OsdpCodes.Command.POLL.value(), ""));
    }

    @Test
    void section5FullChainBothRoles() throws Exception {
        byte[] rndA = hex("01 02 03 04 05 06 07 08");
        byte[] rndB = hex("E3 BE 3A 3F 99 89 2F 2A");
        OsdpScHandshake.Cp hsCp = OsdpScHandshake.start(SCBK, false, rndA);
        OsdpScHandshake.Pd hsPd = OsdpScHandshake.challenge(SCBK, false, 1, rndA, rndB, CUID);
        hsCp.acceptCcrypt(parse(S5_CCRYPT).frame());
        OsdpScSession pd = hsPd.verifyScrypt(hex("64 36 BA 95 71 68 13 05 FE CB 86 00 E1 14 11 FE"));
        OsdpScSession cp = hsCp.acceptRmacI(1, hsPd.rmacI());

        cpRuns(cp, S5);
        pdRuns(pd, S5);
    }

    @Test
    void section6InstallModeKeysetBothRoles() throws Exception {
        byte[] rndA = hex("16 1C 10 B0 6D 66 BC 4C");
        OsdpScHandshake.Cp hsCp = OsdpScHandshake.start(null, true, rndA);
        OsdpScHandshake.Pd hsPd = OsdpScHandshake.challenge(null, true, 0, rndA, hex("4B B6 F0 AB 29 D6 A7 52"), CUID);
        OsdpScSession pd = hsPd.verifyScrypt(hsCp.acceptCcrypt(parse(S6_CCRYPT).frame()));
        OsdpScSession cp = hsCp.acceptRmacI(parse(S6_RMAC_I).frame());

        cpRuns(cp, S6);
        pdRuns(pd, S6);
    }

    static OsdpScSession s4Cp() throws OsdpSecurityException {
        OsdpScHandshake.Cp hs = OsdpScHandshake.start(SCBK, false, hex("DF A3 07 1C AC 8C CA E3"));
        hs.acceptCcrypt(parse(OsdpScHandshakeTest.S4_CCRYPT).frame());
        return hs.acceptRmacI(parse(OsdpScHandshakeTest.S4_RMAC_I).frame());
    }

    static OsdpScSession s4Pd() throws OsdpSecurityException {
        OsdpScHandshake.Pd hs = OsdpScHandshake.challenge(SCBK, false, 1, hex("DF A3 07 1C AC 8C CA E3"),
                hex("89 23 57 79 10 9B F2 43"), CUID);
        return hs.verifyScrypt(parse(OsdpScHandshakeTest.S4_SCRYPT).frame());
    }

    /** CP: each command seals to the captured bytes and each captured reply opens to its plaintext. */
    static void cpRuns(OsdpScSession cp, List<Exchange> exchanges) throws OsdpSecurityException {
        for (Exchange x : exchanges) {
            OsdpFrame sealed = cp.sealCommand(x.command());
            assertThat(OsdpScTestFrames.hex(encode(sealed))).isEqualTo(x.commandWire());
            Captured reply = parse(x.replyWire());
            assertThat(cp.openReply(reply.frame(), reply.wire())).isEqualTo(x.reply());
        }
    }

    /** PD: each captured command opens to its plaintext and each reply seals to the captured bytes. */
    static void pdRuns(OsdpScSession pd, List<Exchange> exchanges) throws OsdpSecurityException {
        for (Exchange x : exchanges) {
            Captured command = parse(x.commandWire());
            assertThat(pd.openCommand(command.frame(), command.wire())).isEqualTo(x.command());
            assertThat(OsdpScTestFrames.hex(encode(pd.sealReply(x.reply())))).isEqualTo(x.replyWire());
        }
    }
}
