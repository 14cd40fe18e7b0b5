package io.warden.sim.osdp;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.sim.osdp.OsdpPdSimulatorTest.nakCode;
import static io.warden.sim.osdp.OsdpTestCp.cmd;
import static io.warden.sim.osdp.OsdpTestCp.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.codec.OsdpFramer;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.sc.OsdpSecurityException;
import io.warden.osdp.transport.OsdpLoopbackTransport;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The secure channel, driven by the CP-side handshake and session classes. */
class OsdpPdSecureChannelTest {
    static final byte[] SCBK = hex("000102030405060708090A0B0C0D0E0F");
    static final byte[] NEW_SCBK = hex("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF");

    Vertx vertx = Vertx.vertx();
    OsdpPdSimulator sim;
    OsdpSimulatedPd pd;
    OsdpTestCp cp;

    void start(OsdpPdConfig config) {
        sim = await(OsdpPdSimulator.start(vertx, OsdpPdSimulator.Options.DEFAULT, List.of(config)));
        pd = sim.pd(config.address());
        OsdpLoopbackTransport.Pair cable = OsdpLoopbackTransport.create(vertx);
        await(sim.serveTransport(cable.a()));
        cp = new OsdpTestCp(cable.b()).open();
    }

    @AfterEach
    void tearDown() {
        if (cp != null) cp.close();
        if (sim != null) await(sim.close());
        await(vertx.close());
    }

    @Test
    void fullSessionFromChallengeToEncryptedOut() throws Exception {
        start(OsdpPdConfig.defaults(1).withScbk(SCBK));
        cp.handshake(1, SCBK, false);
        assertThat(pd.secureSessionActive()).isTrue();
        pd.reportOutputChanges(true);

        OsdpFramer.Frame sealed = cp.send(cp.session.sealCommand(cmd(1, 2, OsdpCodes.Command.OUT.value(), hex("00050A00"))));
        assertThat(sealed.frame().scbType()).isEqualTo(OsdpCodes.SCS_16);
        assertThat(cp.session.openReply(sealed.frame(), sealed.wire()).code()).isEqualTo(OsdpCodes.Reply.ACK.value());
        assertThat(pd.output(0)).isTrue();

        OsdpFramer.Frame ostatr = cp.send(cp.session.sealCommand(cmd(1, 3, OsdpCodes.Command.POLL.value())));
        assertThat(ostatr.frame().scbType()).as("data replies are encrypted").isEqualTo(OsdpCodes.SCS_18);
        OsdpFrame plain = cp.session.openReply(ostatr.frame(), ostatr.wire());
        assertThat(plain.code()).isEqualTo(OsdpCodes.Reply.OSTATR.value());
        assertThat(plain.data()).isEqualTo(Bytes.of((byte) 1, (byte) 0, (byte) 0, (byte) 0));
    }

    @Test
    void plaintextCommandDuringSessionGetsNak06InsideTheSession() throws Exception {
        start(OsdpPdConfig.defaults(1).withScbk(SCBK));
        cp.handshake(1, SCBK, false);
        OsdpFramer.Frame nak = cp.send(cmd(1, 2, OsdpCodes.Command.POLL.value()));
        assertThat(nak.frame().scbType()).isEqualTo(OsdpCodes.SCS_18);
        OsdpFrame opened = cp.session.openReply(nak.frame(), nak.wire());
        assertThat(opened.code()).isEqualTo(OsdpCodes.Reply.NAK.value());
        assertThat(opened.data()).isEqualTo(Bytes.of((byte) OsdpCodes.NakReason.SC_REQUIRED.value()));
        assertThat(pd.secureSessionActive()).isTrue();
    }

    @Test
    void macFailureDropsTheSessionWithPlaintextNak06() throws Exception {
        start(OsdpPdConfig.defaults(1).withScbk(SCBK));
        cp.handshake(1, SCBK, false);
        OsdpFrame poll = cp.session.sealCommand(cmd(1, 2, OsdpCodes.Command.POLL.value()));
        byte[] mac = poll.mac().toArray();
        mac[0] ^= 0x01;
        OsdpFramer.Frame nak = cp.send(poll.withMac(Bytes.of(mac)));
        assertThat(nak.frame().scb()).isNull();
        assertThat(nakCode(nak)).isEqualTo(OsdpCodes.NakReason.SC_REQUIRED.value());
        assertThat(pd.secureSessionActive()).isFalse();
        OsdpFramer.Frame again = cp.send(cp.session.sealCommand(cmd(1, 3, OsdpCodes.Command.POLL.value())));
        assertThat(nakCode(again)).isEqualTo(OsdpCodes.NakReason.SC_REQUIRED.value());
    }

    @Test
    void wrongKeyFailsTheCryptogramCheck() {
        start(OsdpPdConfig.defaults(1).withScbk(SCBK));
        assertThatThrownBy(() -> cp.handshake(1, NEW_SCBK, false)).isInstanceOf(OsdpSecurityException.class)
                .extracting(e -> ((OsdpSecurityException) e).reason()).isEqualTo(OsdpSecurityException.Reason.CRYPTOGRAM_MISMATCH);
    }

    @Test
    void installModeAcceptsScbkDThenKeysetStoresTheNewKey() throws Exception {
        start(OsdpPdConfig.defaults(1).withInstallMode(true));
        assertThat(pd.currentScbk()).isNull();
        cp.handshake(1, null, true);
        byte[] keyset = new byte[18];
        keyset[0] = 0x01;
        keyset[1] = 16;
        System.arraycopy(NEW_SCBK, 0, keyset, 2, 16);
        OsdpFrame ack = cp.sendSecure(cmd(1, 2, OsdpCodes.Command.KEYSET.value(), keyset));
        assertThat(ack.code()).isEqualTo(OsdpCodes.Reply.ACK.value());
        assertThat(pd.currentScbk()).isEqualTo(NEW_SCBK);
        assertThat(pd.installMode()).isFalse();
        assertThat(pd.secureSessionActive()).as("session discarded after KEYSET").isFalse();

        assertThatThrownBy(() -> cp.handshake(1, null, true)).as("SCBK-D no longer accepted")
                .isInstanceOf(OsdpSecurityException.class);
        cp.handshake(1, NEW_SCBK, false);
        assertThat(cp.sendSecure(cmd(1, 2, OsdpCodes.Command.POLL.value())).code()).isEqualTo(OsdpCodes.Reply.ACK.value());
    }

    @Test
    void keysetOutsideASessionIsRefused() {
        start(OsdpPdConfig.defaults(1).withInstallMode(true));
        cp.send(cmd(1, 0, OsdpCodes.Command.POLL.value()));
        byte[] keyset = new byte[18];
        keyset[0] = 1;
        keyset[1] = 16;
        assertThat(nakCode(cp.send(cmd(1, 1, OsdpCodes.Command.KEYSET.value(), keyset)))).isEqualTo(OsdpCodes.NakReason.SC_REQUIRED.value());
        assertThat(pd.currentScbk()).isNull();
    }

    @Test
    void secureRequiredPdAnswersOnlyIdCapAndHandshakeInPlaintext() throws Exception {
        start(OsdpPdConfig.defaults(1).withScbk(SCBK).withSecureRequired(true));
        assertThat(nakCode(cp.send(cmd(1, 0, OsdpCodes.Command.POLL.value())))).isEqualTo(OsdpCodes.NakReason.SC_REQUIRED.value());
        assertThat(cp.send(cmd(1, 1, OsdpCodes.Command.ID.value(), new byte[1])).frame().code()).isEqualTo(OsdpCodes.Reply.PDID.value());
        cp.handshake(1, SCBK, false);
        assertThat(cp.sendSecure(cmd(1, 2, OsdpCodes.Command.POLL.value())).code()).isEqualTo(OsdpCodes.Reply.ACK.value());
    }

    @Test
    void sqnZeroDropsTheSessionAndRepeatsAreServedFromTheCache() throws Exception {
        start(OsdpPdConfig.defaults(1).withScbk(SCBK));
        cp.handshake(1, SCBK, false);
        byte[] out = OsdpFrameCodec.encode(cp.session.sealCommand(cmd(1, 2, OsdpCodes.Command.OUT.value(), hex("00020000"))), true);
        cp.write(out);
        Bytes first = cp.reply().wire();
        cp.write(out);
        assertThat(cp.reply().wire()).isEqualTo(first);
        assertThat(pd.commandsExecuted(OsdpCodes.Command.OUT.value())).isEqualTo(1);
        OsdpFramer.Frame id = cp.send(cmd(1, 0, OsdpCodes.Command.ID.value(), new byte[1]));
        assertThat(OsdpPdSimulatorTest.decode(id)).isInstanceOf(OsdpReply.PdId.class);
        assertThat(pd.secureSessionActive()).isFalse();
    }

    @Test
    void cuidIsBuiltLikeLibosdp() {
        OsdpPdConfig c = OsdpPdConfig.defaults(4);
        assertThat(c.cuid()).containsExactly(hex("C3B2990004030201"));
        assertThat(c.toString()).doesNotContain("000102").contains("scbk=null");
        assertThat(c.withScbk(SCBK).toString()).contains("scbk=Bytes[16 bytes]").doesNotContain("0001020304");
    }
}
