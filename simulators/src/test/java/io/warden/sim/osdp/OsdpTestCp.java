package io.warden.sim.osdp;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.codec.OsdpFramer;
import io.warden.osdp.sc.OsdpScHandshake;
import io.warden.osdp.sc.OsdpScSession;
import io.warden.osdp.sc.OsdpSecurityException;
import io.warden.osdp.transport.OsdpTransport;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal CP for tests, built on the codec and the CP-side secure-channel classes: sends frames
 * through any {@link OsdpTransport} and waits for reply outcomes (frames and rejections).
 */
final class OsdpTestCp implements AutoCloseable {
    static final Duration REPLY_DEADLINE = Duration.ofSeconds(5);
    /** How long "no reply" is waited for. Only used where silence is the expected result. */
    static final Duration SILENCE = Duration.ofMillis(300);
    static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private final OsdpTransport transport;
    private final OsdpFramer framer = new OsdpFramer(OsdpFramer.Accept.REPLIES, 1440);
    private final LinkedBlockingQueue<OsdpFramer.Outcome> outcomes = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    OsdpScSession session;

    OsdpTestCp(OsdpTransport transport) {
        this.transport = transport;
        transport.handler(bytes -> {
            chunks.add(bytes);
            framer.feed(bytes, 0, bytes.length);
            for (OsdpFramer.Outcome o = framer.next(); !(o instanceof OsdpFramer.NeedMore); o = framer.next()) outcomes.add(o);
        });
    }

    OsdpTestCp open() {
        await(transport.open());
        return this;
    }

    static OsdpFrame cmd(int address, int sqn, int code, byte[] data) {
        return OsdpFrame.plain(address, false, sqn, true, code, Bytes.of(data));
    }

    static OsdpFrame cmd(int address, int sqn, int code) {
        return cmd(address, sqn, code, new byte[0]);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    void write(byte[] wire) {
        await(transport.write(wire));
    }

    /** Sends {@code cmd} with the 0xFF mark and returns the next valid reply frame. */
    OsdpFramer.Frame send(OsdpFrame cmd) {
        write(OsdpFrameCodec.encode(cmd, true));
        return reply();
    }

    /** Sends raw wire bytes and returns the reply's wire bytes, mark included when present. */
    String exchangeHex(String commandHex) {
        write(hex(commandHex));
        OsdpFramer.Frame f = reply();
        return (f.marked() ? "FF " : "") + HEX.formatHex(f.wire().toArray());
    }

    OsdpFramer.Frame reply() {
        OsdpFramer.Outcome o = next(REPLY_DEADLINE);
        assertThat(o).as("reply within %s", REPLY_DEADLINE).isInstanceOf(OsdpFramer.Frame.class);
        return (OsdpFramer.Frame) o;
    }

    /** The next outcome, or null when none comes within {@code wait}. */
    OsdpFramer.Outcome next(Duration wait) {
        try {
            return outcomes.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void expectSilence() {
        assertThat(next(SILENCE)).as("no reply expected").isNull();
    }

    /** Runs CHLNG (SQN 0) / SCRYPT (SQN 1) and keeps the session; the next SQN is 2. */
    OsdpScSession handshake(int address, byte[] scbk, boolean useDefaultKey) throws OsdpSecurityException {
        OsdpScHandshake.Cp hs = OsdpScHandshake.start(scbk, useDefaultKey, hex("0102030405060708"));
        OsdpFrame chlng = new OsdpFrame(address, false, 0, true, hs.scb(), OsdpCodes.Command.CHLNG.value(), hs.payload(), null);
        OsdpFramer.Frame ccrypt = send(chlng);
        assertThat(ccrypt.frame().code()).isEqualTo(OsdpCodes.Reply.CCRYPT.value());
        byte[] serverCryptogram = hs.acceptCcrypt(ccrypt.frame());
        OsdpFrame scrypt = new OsdpFrame(address, false, 1, true, hs.scryptScb(), OsdpCodes.Command.SCRYPT.value(), Bytes.of(serverCryptogram), null);
        OsdpFramer.Frame rmacI = send(scrypt);
        session = hs.acceptRmacI(rmacI.frame());
        return session;
    }

    /** Seals {@code plain} in the session, sends it and opens the reply. */
    OsdpFrame sendSecure(OsdpFrame plain) throws OsdpSecurityException {
        OsdpFramer.Frame reply = send(session.sealCommand(plain));
        return session.openReply(reply.frame(), reply.wire());
    }

    @Override
    public void close() {
        await(transport.close());
    }
}
