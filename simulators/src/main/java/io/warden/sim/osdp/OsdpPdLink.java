package io.warden.sim.osdp;

import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpDecodeException;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.codec.OsdpFramer;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.sc.OsdpScHandshake;
import io.warden.osdp.sc.OsdpScSession;
import io.warden.osdp.sc.OsdpSecurityException;
import java.security.SecureRandom;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PD's link layer, answering like libosdp's PD on the wire (osdp.md §4, §9-12, §14):
 *
 * <ul>
 *   <li>SQN 0 resets the PD: the reply cache and any secure session are dropped, then the command
 *       runs. A repeated SQN gets the cached reply byte for byte and nothing runs. Any other SQN than
 *       the next one (1, 2, 3, 1...) gets a plaintext NAK 04 carrying the SQN the PD expected.</li>
 *   <li>Replies always use CRC and copy the command's use of the 0xFF mark.</li>
 *   <li>Secure channel: CHLNG/SCRYPT run {@link OsdpScHandshake}; inside a session every command must
 *       be SCS_15/17 and every reply is sealed. A plaintext command then gets NAK 06 inside the
 *       session; a MAC or padding failure, or a session idle longer than {@code scTimeout}, drops
 *       the session and gets NAK 06 in plaintext. KEYSET stores the key after its sealed ACK and
 *       ends the session.</li>
 * </ul>
 *
 * Line context only, except {@link #sessionActive()}.
 */
final class OsdpPdLink {
    private static final Logger log = LoggerFactory.getLogger(OsdpPdLink.class);
    /** Commands a "secure required" PD answers outside a session. */
    private static final Set<Integer> ALLOWED_PLAIN =
            Set.of(OsdpCodes.Command.ID.value(), OsdpCodes.Command.CAP.value(), OsdpCodes.Command.CHLNG.value(), OsdpCodes.Command.SCRYPT.value());

    private final OsdpSimulatedPd pd;
    private final LongSupplier nanoClock;
    private final SecureRandom random = new SecureRandom();
    private int lastSqn = -1;
    private byte[] lastReply;
    private OsdpScHandshake.Pd handshake;
    private OsdpScSession session;
    private volatile boolean sessionActive;
    private long lastSecureNanos;
    /** The last replies sent, newest last, kept for {@link #restart}. */
    private final java.util.ArrayDeque<byte[]> recentReplies = new java.util.ArrayDeque<>();
    /** Stale replies from before a restart, sent in front of the next reply. */
    private final java.util.ArrayDeque<byte[]> stale = new java.util.ArrayDeque<>();
    private static final int RECENT = 4;

    OsdpPdLink(OsdpSimulatedPd pd, LongSupplier nanoClock) {
        this.pd = pd;
        this.nanoClock = nanoClock;
    }

    boolean sessionActive() {
        return sessionActive;
    }

    /**
     * Handles one frame addressed to this PD (or broadcast).
     *
     * @return the bytes to send back, mark included when the command had one, or null for silence
     */
    byte[] receive(OsdpFramer.Frame in) {
        OsdpPdFaults faults = pd.faults();
        OsdpFrame cmd = in.frame();
        pd.heard(cmd.code());
        if (faults.ignoring()) return null;
        pd.countReceived(cmd.code());
        if (faults.takeBusy()) return out(encode(plain(cmd, cmd.sqn(), new OsdpReply.Busy())), in.marked());
        int sqn = cmd.sqn();
        if (sqn == 0) {
            reset("sqn_zero");
        } else if (sqn == lastSqn && lastReply != null) {
            log.debug("event=pd_repeat address={} sqn={}", pd.address(), sqn);
            return out(lastReply, in.marked());
        } else if (sqn != next(lastSqn)) {
            log.debug("event=pd_sqn_error address={} got={} expected={}", pd.address(), sqn, next(lastSqn));
            return out(encode(plain(cmd, next(lastSqn), OsdpPdApplication.nak(OsdpCodes.NakReason.SEQUENCE))), in.marked());
        }
        Step step = process(in);
        byte[] bytes = encode(step.reply);
        if (step.reply.hasMac() && faults.takeBadMac()) bytes = breakMac(bytes);
        lastSqn = sqn;
        lastReply = bytes;
        if (step.after != null) step.after.run();
        return out(bytes, in.marked());
    }

    /** What one command produced: the finished reply frame and what to do once it is built. */
    private record Step(OsdpFrame reply, Runnable after) {}

    private Step process(OsdpFramer.Frame in) {
        OsdpFrame cmd = in.frame();
        if (session != null && nanoClock.getAsLong() - lastSecureNanos > pd.config().scTimeout().toNanos()) {
            dropSession("expired");
        }
        int scb = cmd.scbType();
        OsdpFrame plainCmd = cmd;
        boolean secure = false;
        if (scb == OsdpCodes.SCS_15 || scb == OsdpCodes.SCS_17) {
            if (session == null) return new Step(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.SC_REQUIRED)), null);
            try {
                plainCmd = session.openCommand(cmd, in.wire());
            } catch (OsdpSecurityException e) {
                dropSession(e.reason().name().toLowerCase());
                return new Step(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.SC_REQUIRED)), null);
            }
            secure = true;
            lastSecureNanos = nanoClock.getAsLong();
        } else if (scb == OsdpCodes.SCS_11 || scb == OsdpCodes.SCS_13) {
            if (!pd.config().secureChannel()) return new Step(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.SC_UNSUPPORTED)), null);
            plainCmd = OsdpFrame.plain(cmd.address(), false, cmd.sqn(), cmd.crc(), cmd.code(), cmd.data());
        } else if (scb >= 0) {
            return new Step(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.SC_UNSUPPORTED)), null);
        } else if (session != null) {
            // libosdp answers a plaintext command during a session with NAK 06 inside the session.
            return new Step(session.sealReply(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.SC_REQUIRED))), null);
        } else if (pd.config().secureRequired() && !ALLOWED_PLAIN.contains(cmd.code())) {
            return new Step(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.SC_REQUIRED)), null);
        }

        OsdpCommand command;
        try {
            command = OsdpCommand.decode(plainCmd.code(), plainCmd.data());
        } catch (OsdpDecodeException e) {
            log.debug("event=pd_decode_error address={} nak={} reason=\"{}\"", pd.address(), e.nak(), e.getMessage());
            return new Step(seal(plain(cmd, OsdpPdApplication.nak(e.nak())), secure), null);
        }
        int injected = pd.faults().takeNak();
        if (injected >= 0) return new Step(seal(plain(cmd, OsdpPdApplication.nak(injected)), secure), null);

        Step step;
        if (command instanceof OsdpCommand.Chlng chlng) {
            step = challenge(cmd, chlng);
        } else if (command instanceof OsdpCommand.Scrypt scrypt) {
            step = scrypt(cmd, scrypt);
        } else if (command instanceof OsdpCommand.KeySet keySet) {
            step = keySet(cmd, keySet, secure);
        } else {
            OsdpReply reply = pd.application().answer(command);
            Runnable after = command instanceof OsdpCommand.ComSet && reply instanceof OsdpReply.Com com
                    ? () -> pd.readdressed(com.address()) : null;
            step = new Step(seal(plain(cmd, reply), secure), after);
        }
        pd.executed(command);
        return step;
    }

    private Step challenge(OsdpFrame cmd, OsdpCommand.Chlng chlng) {
        dropSession("new_challenge");
        if (cmd.scbType() != OsdpCodes.SCS_11 || cmd.scb().length() != 3) {
            return new Step(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.SC_UNSUPPORTED)), null);
        }
        byte[] rndB = new byte[8];
        random.nextBytes(rndB);
        int ks = cmd.scb().u8(2);
        try {
            handshake = OsdpScHandshake.challenge(pd.scbkRaw(), pd.installMode(), ks, chlng.rndA().toArray(), rndB, pd.config().cuid());
        } catch (OsdpSecurityException e) {
            return new Step(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.SC_UNSUPPORTED)), null);
        }
        log.debug("event=pd_chlng address={} key_selector={}", pd.address(), ks);
        return new Step(new OsdpFrame(replyAddress(cmd), true, cmd.sqn(), true, handshake.scb(), OsdpCodes.Reply.CCRYPT.value(),
                handshake.payload(), null), null);
    }

    private Step scrypt(OsdpFrame cmd, OsdpCommand.Scrypt scrypt) {
        OsdpScHandshake.Pd hs = handshake;
        handshake = null;
        if (hs == null || cmd.scbType() != OsdpCodes.SCS_13) {
            return new Step(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.SC_UNSUPPORTED)), null);
        }
        OsdpScSession established;
        try {
            established = hs.verifyScrypt(scrypt.serverCryptogram().toArray());
        } catch (OsdpSecurityException e) {
            log.info("event=pd_sc_failed address={} reason={}", pd.address(), e.reason());
            return new Step(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.SC_UNSUPPORTED)), null);
        }
        OsdpFrame reply = new OsdpFrame(replyAddress(cmd), true, cmd.sqn(), true, hs.rmacIScb(), OsdpCodes.Reply.RMAC_I.value(),
                Bytes.of(hs.rmacI()), null);
        return new Step(reply, () -> {
            session = established;
            sessionActive = true;
            lastSecureNanos = nanoClock.getAsLong();
            log.info("event=pd_sc_established address={}", pd.address());
        });
    }

    private Step keySet(OsdpFrame cmd, OsdpCommand.KeySet keySet, boolean secure) {
        if (!secure) return new Step(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.SC_REQUIRED)), null);
        if (keySet.keyType() != 0x01 || keySet.key().length() != 16) {
            return new Step(seal(plain(cmd, OsdpPdApplication.nak(OsdpCodes.NakReason.RECORD)), true), null);
        }
        byte[] key = keySet.key().toArray();
        return new Step(seal(plain(cmd, new OsdpReply.Ack()), true), () -> {
            pd.storeScbk(key);
            dropSession("keyset");
        });
    }

    /** A restart that leaves the last {@code staleFrames} replies in the transmit buffer. */
    void restart(int staleFrames) {
        reset("restart");
        stale.clear();
        while (recentReplies.size() > staleFrames) recentReplies.poll();
        stale.addAll(recentReplies);
        recentReplies.clear();
        log.info("event=pd_restart address={} stale_frames={}", pd.address(), stale.size());
    }

    private void reset(String why) {
        lastSqn = -1;
        lastReply = null;
        handshake = null;
        dropSession(why);
    }

    private void dropSession(String why) {
        if (session != null) log.info("event=pd_sc_dropped address={} reason={}", pd.address(), why);
        session = null;
        sessionActive = false;
    }

    private OsdpFrame seal(OsdpFrame reply, boolean secure) {
        if (!secure) return reply;
        boolean credential = reply.code() == OsdpCodes.Reply.RAW.value() || reply.code() == OsdpCodes.Reply.FMT.value() || reply.code() == OsdpCodes.Reply.KEYPAD.value();
        return credential && pd.faults().credentialsMacOnly() ? session.sealReplyMacOnly(reply) : session.sealReply(reply);
    }

    private static OsdpFrame plain(OsdpFrame cmd, OsdpReply reply) {
        return plain(cmd, cmd.sqn(), reply);
    }

    private static OsdpFrame plain(OsdpFrame cmd, int sqn, OsdpReply reply) {
        return OsdpFrame.plain(replyAddress(cmd), true, sqn, true, reply.code(), reply.encode());
    }

    /** Same address as the command; a broadcast is answered from 0x7F, i.e. 0xFF on the wire. */
    private static int replyAddress(OsdpFrame cmd) {
        return cmd.address();
    }

    /** The frame with its last MAC byte flipped and its CRC made good again. */
    private static byte[] breakMac(byte[] frame) {
        byte[] b = frame.clone();
        b[b.length - 3] ^= 0x5A;
        int crc = io.warden.osdp.codec.OsdpCrc.crc16(b, 0, b.length - 2);
        b[b.length - 2] = (byte) crc;
        b[b.length - 1] = (byte) (crc >>> 8);
        return b;
    }

    private static byte[] encode(OsdpFrame reply) {
        return OsdpFrameCodec.encode(reply, false);
    }

    private byte[] out(byte[] reply, boolean marked) {
        recentReplies.add(reply);
        if (recentReplies.size() > RECENT) recentReplies.poll();
        byte[] body = reply;
        if (!stale.isEmpty()) {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            stale.forEach(all::writeBytes);
            stale.clear();
            all.writeBytes(reply);
            body = all.toByteArray();
        }
        byte[] wire;
        if (marked) {
            wire = new byte[body.length + 1];
            wire[0] = (byte) OsdpCodes.MARK;
            System.arraycopy(body, 0, wire, 1, body.length);
        } else {
            wire = body.clone();
        }
        if (pd.faults().takeCorrupt()) wire[wire.length - 1] ^= (byte) 0xFF;
        return wire;
    }

    /** The SQN that follows {@code sqn}: 0 after a reset, then 1, 2, 3, 1, ... */
    static int next(int sqn) {
        return sqn < 0 ? 0 : sqn % 3 + 1;
    }
}
