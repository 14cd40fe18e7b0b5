package io.warden.osdp.sc;

import static io.warden.osdp.sc.OsdpScHandshakeTest.SCBK;
import static io.warden.osdp.sc.OsdpScHandshakeTest.encode;
import static io.warden.osdp.sc.OsdpScSessionTest.S4_ACK;
import static io.warden.osdp.sc.OsdpScSessionTest.S4_OUT;
import static io.warden.osdp.sc.OsdpScSessionTest.S4_POLL3;
import static io.warden.osdp.sc.OsdpScSessionTest.cmd;
import static io.warden.osdp.sc.OsdpScSessionTest.rep;
import static io.warden.osdp.sc.OsdpScSessionTest.s4Cp;
import static io.warden.osdp.sc.OsdpScSessionTest.s4Pd;
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
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Rejections (vectors §7), the libosdp status-reply quirk (§8) and hostile ciphertext. */
class OsdpScSessionErrorsTest {
    private static final OsdpScKeys KEYS = OsdpScCrypto.deriveKeys(SCBK, hex("DF A3 07 1C AC 8C CA E3"));
    private static final byte[] RMAC_I = hex("67 FC 8C FC E1 25 3D AF C7 BC F1 06 CF 03 26 09");
    /** Full MAC of the §4 OUT, the IV of its reply. */
    private static final byte[] OUT_CMAC = hex("CA DC 05 23 98 7C 41 78 87 67 5B 5E 9A 69 1E 78");

    @Test
    void flippedReplyMacIsRejectedAndChainStays() throws Exception {
        OsdpScSession cp = s4Cp();
        cp.sealCommand(cmd(2, OsdpCodes.Command.OUT.value(), "00 05 1E 00"));
        OsdpFrame ack = parse(S4_ACK).frame();
        byte[] mac = ack.mac().toArray();
        mac[0] ^= 0x01;
        OsdpFrame forged = ack.withMac(Bytes.of(mac));

        assertReason(() -> cp.openReply(forged, wire(forged, false)), Reason.MAC_MISMATCH);
        openAckAndPollOnward(cp);
    }

    @Test
    void flippedCommandMacIsRejectedAndChainStays() throws Exception {
        OsdpScSession pd = s4Pd();
        OsdpFrame out = parse(S4_OUT).frame();
        byte[] mac = out.mac().toArray();
        mac[3] ^= 0x80;
        OsdpFrame forged = out.withMac(Bytes.of(mac));

        assertReason(() -> pd.openCommand(forged, wire(forged, true)), Reason.MAC_MISMATCH);
        // The wire may still carry the 0xFF mark; it is skipped.
        assertThat(pd.openCommand(parse(S4_OUT).frame(), bytes(S4_OUT)).data()).isEqualTo(bytes("00 05 1E 00"));
        assertThat(encode(pd.sealReply(rep(2, OsdpCodes.Reply.ACK.value(), "")))).isEqualTo(hex(S4_ACK));
    }

    @Test
    void plaintextNakAndBusyPassThroughWithoutMovingTheChain() throws Exception {
        OsdpScSession cp = s4Cp();
        cp.sealCommand(cmd(2, OsdpCodes.Command.OUT.value(), "00 05 1E 00"));
        Captured nak = parse("FF 53 81 09 00 07 41 06 30 C8");
        OsdpFrame busy = OsdpFrame.plain(1, true, 0, true, OsdpCodes.Reply.BUSY.value(), Bytes.EMPTY);

        assertThat(cp.openReply(nak.frame(), nak.wire())).isSameAs(nak.frame());
        assertThat(nak.frame().data()).isEqualTo(Bytes.of((byte) OsdpCodes.NakReason.SC_REQUIRED.value()));
        assertThat(cp.openReply(busy, wire(busy, false))).isSameAs(busy);
        openAckAndPollOnward(cp);
    }

    @Test
    void otherPlaintextOrWrongScbIsRejected() throws Exception {
        OsdpScSession cp = s4Cp();
        cp.sealCommand(cmd(2, OsdpCodes.Command.OUT.value(), "00 05 1E 00"));
        OsdpFrame plainAck = rep(2, OsdpCodes.Reply.ACK.value(), "");
        OsdpFrame scs17Reply = forge(OUT_CMAC, OsdpCodes.SCS_17, new byte[16]);

        assertReason(() -> cp.openReply(plainAck, wire(plainAck, false)), Reason.UNEXPECTED_SCB);
        assertReason(() -> cp.openReply(scs17Reply, wire(scs17Reply, false)), Reason.UNEXPECTED_SCB);

        OsdpScSession pd = s4Pd();
        OsdpFrame plainPoll = cmd(2, OsdpCodes.Command.POLL.value(), "");
        assertReason(() -> pd.openCommand(plainPoll, wire(plainPoll, false)), Reason.UNEXPECTED_SCB);
        Captured ack = parse(S4_ACK);
        assertReason(() -> pd.openCommand(ack.frame(), ack.wire()), Reason.UNEXPECTED_SCB);
        assertThatThrownBy(() -> pd.sealCommand(plainPoll)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * §8's capture has no handshake, so its keys are unknown: the quirk reply is built here with
     * the §4 keys, laid out as libosdp master sends it (SCB 02 15, plaintext data, valid MAC).
     */
    @Test
    void libosdpStatusReplyWithScs15IsAcceptedAsPlaintext() throws Exception {
        OsdpScSession cp = s4Cp();
        OsdpFrame istat = cp.sealCommand(cmd(2, OsdpCodes.Command.ISTAT.value(), ""));
        byte[] cmac = OsdpScCrypto.mac(KEYS, RMAC_I, OsdpFrameCodec.macInput(istat));
        OsdpFrame quirk = forge(cmac, OsdpCodes.SCS_15, hex("00 00 00 00"));
        Bytes wire = wire(quirk, false);
        // Same layout as the captured ISTATR up to the MAC: 53 81 12 00 0E 02 15 49 00 00 00 00.
        byte[] captured = parse("FF 53 81 12 00 0E 02 15 49 00 00 00 00 69 15 40 8E 65 CC").wire().toArray();
        assertThat(Arrays.copyOf(wire.toArray(), 12)).isEqualTo(Arrays.copyOf(captured, 12));

        OsdpFrame badMac = quirk.withMac(Bytes.of(new byte[4]));
        assertReason(() -> cp.openReply(badMac, wire(badMac, false)), Reason.MAC_MISMATCH);
        assertThat(cp.openReply(quirk, wire)).isEqualTo(rep(2, OsdpCodes.Reply.ISTATR.value(), "00 00 00 00"));

        // The quirk reply's full MAC became lastRmac: the next command is MACed from it.
        OsdpFrame poll = cp.sealCommand(cmd(3, OsdpCodes.Command.POLL.value(), ""));
        byte[] rmac = OsdpScCrypto.mac(KEYS, cmac, OsdpFrameCodec.macInput(quirk));
        assertThat(poll.mac()).isEqualTo(Bytes.of(OsdpScCrypto.mac(KEYS, rmac, OsdpFrameCodec.macInput(poll)), 0, 4));
    }

    @Test
    void badPaddingUnderAValidMacIsRejectedAndChainStays() throws Exception {
        OsdpScSession cp = s4Cp();
        cp.sealCommand(cmd(2, OsdpCodes.Command.OUT.value(), "00 05 1E 00"));
        byte[] noPadding = rawCbc(KEYS.sEnc().toArray(), OsdpScCrypto.not(OUT_CMAC), new byte[16]);
        OsdpFrame reply = forge(OUT_CMAC, OsdpCodes.SCS_18, noPadding);

        assertReason(() -> cp.openReply(reply, wire(reply, false)), Reason.BAD_PADDING);
        openAckAndPollOnward(cp);
    }

    @Test
    void truncatedOrEmptyCiphertextIsRejected() throws Exception {
        OsdpScSession cp = s4Cp();
        cp.sealCommand(cmd(2, OsdpCodes.Command.OUT.value(), "00 05 1E 00"));
        for (int n : new int[] {0, 15, 17}) {
            OsdpFrame reply = forge(OUT_CMAC, OsdpCodes.SCS_18, new byte[n]);
            assertReason(() -> cp.openReply(reply, wire(reply, false)), Reason.BAD_LENGTH);
        }
        Captured ack = parse(S4_ACK);
        assertReason(() -> cp.openReply(ack.frame(), Bytes.of(ack.wire().toArray(), 0, 8)), Reason.BAD_LENGTH);
        assertReason(() -> cp.openReply(ack.frame(), Bytes.EMPTY), Reason.BAD_LENGTH);
        openAckAndPollOnward(cp);
    }

    @Test
    void wireThatDoesNotCarryTheParsedDataIsRejected() throws Exception {
        OsdpScSession pd = s4Pd();
        Captured out = parse(S4_OUT);
        byte[] otherData = out.frame().data().toArray();
        otherData[0] ^= 1;
        OsdpFrame swapped = new OsdpFrame(1, false, 2, true, out.frame().scb(), OsdpCodes.Command.OUT.value(), Bytes.of(otherData),
                out.frame().mac());

        assertReason(() -> pd.openCommand(swapped, out.wire()), Reason.BAD_LENGTH);
    }

    /** After the §4 OUT: the real ACK opens and the next POLL seals to the captured bytes. */
    private static void openAckAndPollOnward(OsdpScSession cp) throws OsdpSecurityException {
        Captured ack = parse(S4_ACK);
        assertThat(cp.openReply(ack.frame(), ack.wire())).isEqualTo(rep(2, OsdpCodes.Reply.ACK.value(), ""));
        assertThat(encode(cp.sealCommand(cmd(3, OsdpCodes.Command.POLL.value(), "")))).isEqualTo(hex(S4_POLL3));
    }

    /** A reply with SCB {@code 02 type}, {@code data} as given and a correct MAC from {@code iv}. */
    private static OsdpFrame forge(byte[] iv, int scbType, byte[] data) {
        int code = scbType == OsdpCodes.SCS_15 ? OsdpCodes.Reply.ISTATR.value() : OsdpCodes.Reply.RAW.value();
        OsdpFrame f = new OsdpFrame(1, true, 2, true, Bytes.of((byte) 2, (byte) scbType), code, Bytes.of(data), null);
        return f.withMac(Bytes.of(OsdpScCrypto.mac(KEYS, iv, OsdpFrameCodec.macInput(f)), 0, 4));
    }

    private static Bytes wire(OsdpFrame f, boolean mark) {
        return Bytes.of(OsdpFrameCodec.encode(f, mark));
    }

    private static byte[] rawCbc(byte[] key, byte[] iv, byte[] plain) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return c.doFinal(plain);
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OsdpSecurityException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
