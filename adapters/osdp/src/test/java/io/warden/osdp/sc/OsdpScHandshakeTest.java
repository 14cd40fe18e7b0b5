package io.warden.osdp.sc;

import static io.warden.osdp.sc.OsdpScTestFrames.bytes;
import static io.warden.osdp.sc.OsdpScTestFrames.hex;
import static io.warden.osdp.sc.OsdpScTestFrames.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.sc.OsdpScTestFrames.Captured;
import io.warden.osdp.sc.OsdpSecurityException.Reason;
import org.junit.jupiter.api.Test;

/** Handshakes from vectors §4-§6, driven from both roles with the captured random numbers. */
class OsdpScHandshakeTest {
    static final byte[] SCBK = hex("00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F");
    static final byte[] CUID = hex("C3 B2 99 00 04 03 02 01");

    static final String S4_CHLNG = "FF 53 01 13 00 0C 03 11 01 76 DF A3 07 1C AC 8C CA E3 F4 93";
    static final String S4_CCRYPT = "FF 53 81 2B 00 0C 03 12 01 76 C3 B2 99 00 04 03 02 01 89 23 57 79 10 9B F2 43"
            + " DD BA 28 EC 6A 1B A4 3D F5 A2 39 DC B6 C3 89 67 26 76";
    static final String S4_SCRYPT = "FF 53 01 1B 00 0D 03 13 01 77 64 33 37 F0 FA 66 2A 41 D1 EE 3F 99 25 04 40 78 66 E1";
    static final String S4_RMAC_I = "FF 53 81 1B 00 0D 03 14 01 78 67 FC 8C FC E1 25 3D AF C7 BC F1 06 CF 03 26 09 24 E4";

    @Test
    void section4CpSideProducesCapturedFrames() throws Exception {
        OsdpScHandshake.Cp cp = OsdpScHandshake.start(SCBK, false, hex("DF A3 07 1C AC 8C CA E3"));
        assertThat(encode(new OsdpFrame(1, false, 0, true, cp.scb(), OsdpCodes.Command.CHLNG.value(), cp.payload(), null)))
                .isEqualTo(hex(S4_CHLNG));

        byte[] serverCryptogram = cp.acceptCcrypt(parse(S4_CCRYPT).frame());
        assertThat(encode(new OsdpFrame(1, false, 1, true, cp.scryptScb(), OsdpCodes.Command.SCRYPT.value(), Bytes.of(serverCryptogram), null)))
                .isEqualTo(hex(S4_SCRYPT));

        OsdpScSession session = cp.acceptRmacI(parse(S4_RMAC_I).frame());
        assertThat(session.role()).isEqualTo(OsdpScSession.Role.CP);
    }

    @Test
    void section4PdSideProducesCapturedFrames() throws Exception {
        OsdpFrame chlng = parse(S4_CHLNG).frame();
        OsdpScHandshake.Pd pd = OsdpScHandshake.challenge(SCBK, false, chlng.scb().u8(2), chlng.data().toArray(),
                hex("89 23 57 79 10 9B F2 43"), CUID);
        assertThat(encode(new OsdpFrame(1, true, 0, true, pd.scb(), OsdpCodes.Reply.CCRYPT.value(), pd.payload(), null)))
                .isEqualTo(hex(S4_CCRYPT));

        OsdpScSession session = pd.verifyScrypt(parse(S4_SCRYPT).frame());
        assertThat(session.role()).isEqualTo(OsdpScSession.Role.PD);
        assertThat(encode(new OsdpFrame(1, true, 1, true, pd.rmacIScb(), OsdpCodes.Reply.RMAC_I.value(), Bytes.of(pd.rmacI()), null)))
                .isEqualTo(hex(S4_RMAC_I));
    }

    @Test
    void section5HandshakePayloads() throws Exception {
        byte[] rndA = hex("01 02 03 04 05 06 07 08");
        byte[] rndB = hex("E3 BE 3A 3F 99 89 2F 2A");
        OsdpScHandshake.Cp cp = OsdpScHandshake.start(SCBK, false, rndA);
        OsdpScHandshake.Pd pd = OsdpScHandshake.challenge(SCBK, false, 1, rndA, rndB, CUID);

        assertThat(pd.payload()).isEqualTo(parse(OsdpScSessionTest.S5_CCRYPT).frame().data());
        byte[] server = cp.acceptCcrypt(CUID, rndB, java.util.Arrays.copyOfRange(pd.payload().toArray(), 16, 32));
        assertThat(server).isEqualTo(hex("64 36 BA 95 71 68 13 05 FE CB 86 00 E1 14 11 FE"));
        pd.verifyScrypt(server);
        assertThat(pd.rmacI()).isEqualTo(hex("16 47 E6 90 21 E5 4C E1 7B 3C E6 74 39 C6 6C 84"));
        cp.acceptRmacI(1, pd.rmacI());
    }

    @Test
    void section6InstallModeFallsBackToDefaultKey() throws Exception {
        byte[] rndA = hex("16 1C 10 B0 6D 66 BC 4C");
        // First try: the key-less PD answers ks=1 with an all-zero key (first captured CCRYPT).
        OsdpScHandshake.Cp withScbk = OsdpScHandshake.start(SCBK, false, rndA);
        OsdpScHandshake.Pd keyless = OsdpScHandshake.challenge(null, true, 1, rndA, hex("12 87 4F C2 7F 59 B0 A4"), CUID);
        Captured ccrypt1 = parse("FF 53 81 2B 00 0C 03 12 01 76 C3 B2 99 00 04 03 02 01 12 87 4F C2 7F 59 B0 A4"
                + " 61 AC A7 9F 66 66 74 11 30 B8 D6 1F 6B F0 55 40 09 84");
        assertThat(keyless.scb()).isEqualTo(ccrypt1.frame().scb());
        assertThat(keyless.payload()).isEqualTo(ccrypt1.frame().data());
        assertThatThrownBy(() -> withScbk.acceptCcrypt(ccrypt1.frame()))
                .isInstanceOfSatisfying(OsdpSecurityException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CRYPTOGRAM_MISMATCH);
                    assertThat(e.getMessage()).isEqualTo("client cryptogram mismatch: wrong SCBK?");
                });

        // Fallback: SCBK-D, same RND.A. The capture used SQN 1, we only compare SCB and payload.
        OsdpScHandshake.Cp cp = OsdpScHandshake.start(null, true, rndA);
        Captured chlng2 = parse("FF 53 01 13 00 0D 03 11 00 76 16 1C 10 B0 6D 66 BC 4C 87 A4");
        assertThat(cp.scb()).isEqualTo(chlng2.frame().scb());
        OsdpScHandshake.Pd pd = OsdpScHandshake.challenge(null, true, chlng2.frame().scb().u8(2), rndA,
                hex("4B B6 F0 AB 29 D6 A7 52"), CUID);
        Captured ccrypt2 = parse(OsdpScSessionTest.S6_CCRYPT);
        assertThat(encode(new OsdpFrame(1, true, 1, true, pd.scb(), OsdpCodes.Reply.CCRYPT.value(), pd.payload(), null)))
                .isEqualTo(hex(OsdpScSessionTest.S6_CCRYPT));

        byte[] server = cp.acceptCcrypt(ccrypt2.frame());
        assertThat(encode(new OsdpFrame(1, false, 2, true, cp.scryptScb(), OsdpCodes.Command.SCRYPT.value(), Bytes.of(server), null)))
                .isEqualTo(hex(OsdpScSessionTest.S6_SCRYPT));
        pd.verifyScrypt(server);
        assertThat(encode(new OsdpFrame(1, true, 2, true, pd.rmacIScb(), OsdpCodes.Reply.RMAC_I.value(), Bytes.of(pd.rmacI()), null)))
                .isEqualTo(hex(OsdpScSessionTest.S6_RMAC_I));
        cp.acceptRmacI(parse(OsdpScSessionTest.S6_RMAC_I).frame());
    }

    @Test
    void pdRejectsWrongServerCryptogram() throws Exception {
        OsdpScHandshake.Pd pd = OsdpScHandshake.challenge(SCBK, false, 1, hex("DF A3 07 1C AC 8C CA E3"),
                hex("89 23 57 79 10 9B F2 43"), CUID);
        byte[] wrong = parse(S4_SCRYPT).frame().data().toArray();
        wrong[15] ^= 1;

        assertThatThrownBy(() -> pd.verifyScrypt(wrong)).isInstanceOfSatisfying(OsdpSecurityException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CRYPTOGRAM_MISMATCH));
        assertThatThrownBy(() -> pd.verifyScrypt(new byte[15])).isInstanceOf(OsdpSecurityException.class);
        assertThatThrownBy(pd::rmacI).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pdWithoutInstallModeIgnoresDefaultKeyRequest() throws Exception {
        byte[] rndA = hex("16 1C 10 B0 6D 66 BC 4C");
        OsdpScHandshake.Pd pd = OsdpScHandshake.challenge(SCBK, false, 0, rndA, hex("4B B6 F0 AB 29 D6 A7 52"), CUID);
        OsdpScHandshake.Cp cp = OsdpScHandshake.start(null, true, rndA);

        assertThatThrownBy(() -> cp.acceptCcrypt(CUID, hex("4B B6 F0 AB 29 D6 A7 52"),
                java.util.Arrays.copyOfRange(pd.payload().toArray(), 16, 32))).isInstanceOf(OsdpSecurityException.class);
    }

    @Test
    void cpRejectsBadRmacIAndBadStatus() throws Exception {
        OsdpScHandshake.Cp cp = OsdpScHandshake.start(SCBK, false, hex("DF A3 07 1C AC 8C CA E3"));
        assertThatThrownBy(() -> cp.acceptRmacI(1, new byte[16])).isInstanceOf(IllegalStateException.class);
        cp.acceptCcrypt(parse(S4_CCRYPT).frame());
        byte[] rmacI = parse(S4_RMAC_I).frame().data().toArray();

        assertThatThrownBy(() -> cp.acceptRmacI(0, rmacI)).isInstanceOfSatisfying(OsdpSecurityException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.RMAC_I_REJECTED));
        rmacI[0] ^= 1;
        assertThatThrownBy(() -> cp.acceptRmacI(1, rmacI)).isInstanceOfSatisfying(OsdpSecurityException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.RMAC_I_REJECTED));
        assertThatThrownBy(() -> cp.acceptCcrypt(parse(S4_RMAC_I).frame())).isInstanceOfSatisfying(
                OsdpSecurityException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_SCB));
    }

    static byte[] encode(OsdpFrame f) {
        return OsdpFrameCodec.encode(f, true);
    }
}
