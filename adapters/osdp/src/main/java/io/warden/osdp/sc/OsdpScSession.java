package io.warden.osdp.sc;

import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.sc.OsdpSecurityException.Reason;
import java.util.Arrays;
import java.util.Objects;

/**
 * One established secure-channel session, seen from one side (osdp.md §11). It holds the session
 * keys and the MAC chain: {@code lastCmac}, the full MAC of the last command, and
 * {@code lastRmac}, the full MAC of the last reply (R-MAC-I until the first reply).
 *
 * <pre>
 *   CP sealCommand:  MAC IV = lastRmac, enc IV = ~lastRmac, SCB 02 15 | 02 17  -> lastCmac
 *   PD sealReply:    MAC IV = lastCmac, enc IV = ~lastCmac, SCB 02 16 | 02 18  -> lastRmac
 * </pre>
 *
 * <p>Opening a frame moves the chain only when the whole frame is good (MAC, then padding);
 * a failed open leaves the state untouched, but the protocol says the session is over anyway.
 * Not thread-safe: one session belongs to one serial-line scheduler.
 *
 * <p>Retries: the CP re-sends the sealed frame it kept, byte for byte; it must not re-seal. A PD
 * must answer a repeated SQN from its reply cache before calling {@link #openCommand}, because
 * the repeat's MAC was made with the previous chain value.
 */
public final class OsdpScSession {
    /** Which end of the link this session serves. */
    public enum Role { CP, PD }

    private static final Bytes SCB_15 = Bytes.of((byte) 2, (byte) OsdpCodes.SCS_15);
    private static final Bytes SCB_16 = Bytes.of((byte) 2, (byte) OsdpCodes.SCS_16);
    private static final Bytes SCB_17 = Bytes.of((byte) 2, (byte) OsdpCodes.SCS_17);
    private static final Bytes SCB_18 = Bytes.of((byte) 2, (byte) OsdpCodes.SCS_18);

    private final Role role;
    private final OsdpScKeys keys;
    private byte[] lastCmac = new byte[OsdpScCrypto.BLOCK];
    private byte[] lastRmac;

    private OsdpScSession(Role role, OsdpScKeys keys, byte[] rmacI) {
        this.role = Objects.requireNonNull(role, "role");
        this.keys = Objects.requireNonNull(keys, "keys");
        if (rmacI == null || rmacI.length != OsdpScCrypto.BLOCK) throw new IllegalArgumentException("R-MAC-I must be 16 bytes");
        this.lastRmac = rmacI.clone();
    }

    /**
     * A session whose handshake has completed. {@link OsdpScHandshake} calls this; it is public
     * so that tests and tools can resume from known values.
     *
     * @param rmacI the R-MAC-I both sides agreed on: the first command's MAC IV
     */
    public static OsdpScSession established(Role role, OsdpScKeys keys, byte[] rmacI) {
        return new OsdpScSession(role, keys, rmacI);
    }

    /** The side this session serves; the other side's methods throw {@link IllegalStateException}. */
    public Role role() {
        return role;
    }

    /**
     * CP: protects a plaintext command. Data, if any, is encrypted (SCS_17); an empty command gets
     * SCS_15. The returned frame carries its MAC and is ready for {@link OsdpFrameCodec#encode}.
     *
     * @param plain a command frame without SCB; its address, SQN and check type are kept
     */
    public OsdpFrame sealCommand(OsdpFrame plain) {
        requireRole(Role.CP);
        requirePlain(plain, false);
        Step step = seal(plain, SCB_15, SCB_17, lastRmac);
        lastCmac = step.mac;
        return step.frame;
    }

    /**
     * CP: checks and opens a reply to the command last sealed.
     *
     * <p>Accepted: SCS_16, SCS_18 (decrypted), and SCS_15 with a valid MAC, whose data is taken
     * as plaintext (libosdp master quirk, osdp.md §14). A plaintext NAK or BUSY is returned as is
     * and leaves the chain where it was; the caller decides what it means (NAK 06 = session lost).
     *
     * @param received the parsed reply
     * @param wire     the reply's exact bytes, SOM through the check characters; a leading 0xFF
     *                 mark is skipped. The MAC is checked over these bytes, not a re-encoding
     * @return a plaintext frame (no SCB, no MAC) with the decrypted data
     * @throws OsdpSecurityException on any other plaintext reply, a wrong SCB type, a MAC
     *         mismatch or bad encryption padding; the chain does not move
     */
    public OsdpFrame openReply(OsdpFrame received, Bytes wire) throws OsdpSecurityException {
        requireRole(Role.CP);
        if (received.scb() == null) {
            if (OsdpCodes.Reply.NAK.is(received.code()) || OsdpCodes.Reply.BUSY.is(received.code())) return received;
            throw new OsdpSecurityException(Reason.UNEXPECTED_SCB,
                    "plaintext reply 0x%02X inside a secure session".formatted(received.code()));
        }
        int type = received.scbType();
        if (type != OsdpCodes.SCS_16 && type != OsdpCodes.SCS_18 && type != OsdpCodes.SCS_15) {
            throw new OsdpSecurityException(Reason.UNEXPECTED_SCB, "SCB type 0x%02X on a reply in a session".formatted(type));
        }
        Step step = open(received, wire, lastCmac, type == OsdpCodes.SCS_18);
        lastRmac = step.mac;
        return step.frame;
    }

    /**
     * PD: checks and opens a command. Accepts SCS_15 and SCS_17 only.
     *
     * @param wire the command's exact bytes, SOM through the check characters (mark skipped)
     * @return a plaintext frame (no SCB, no MAC) with the decrypted data
     * @throws OsdpSecurityException on a plaintext command (libosdp answers NAK 06 inside the
     *         session), a wrong SCB type, a MAC mismatch or bad padding; the chain does not move
     */
    public OsdpFrame openCommand(OsdpFrame received, Bytes wire) throws OsdpSecurityException {
        requireRole(Role.PD);
        int type = received.scbType();
        if (type != OsdpCodes.SCS_15 && type != OsdpCodes.SCS_17) {
            throw new OsdpSecurityException(Reason.UNEXPECTED_SCB, type < 0
                    ? "plaintext command 0x%02X inside a secure session".formatted(received.code())
                    : "SCB type 0x%02X on a command in a session".formatted(type));
        }
        Step step = open(received, wire, lastRmac, type == OsdpCodes.SCS_17);
        lastCmac = step.mac;
        return step.frame;
    }

    /**
     * PD: protects a plaintext reply to the command last opened: SCS_18 with encrypted data, or
     * SCS_16 when there is none.
     *
     * @param plainReply a reply frame without SCB
     */
    public OsdpFrame sealReply(OsdpFrame plainReply) {
        return sealReplyWith(plainReply, SCB_18);
    }

    /**
     * PD: protects a reply with a MAC only (SCS_16), its data in the clear, as some PDs send status
     * replies. A CP must never accept card or keypad data sent this way; simulators use it to test that.
     */
    public OsdpFrame sealReplyMacOnly(OsdpFrame plainReply) {
        return sealReplyWith(plainReply, SCB_16);
    }

    private OsdpFrame sealReplyWith(OsdpFrame plainReply, Bytes scbWithData) {
        requireRole(Role.PD);
        requirePlain(plainReply, true);
        Step step = seal(plainReply, SCB_16, scbWithData, lastCmac);
        lastRmac = step.mac;
        return step.frame;
    }

    @Override
    public String toString() {
        return "OsdpScSession[role=" + role + "]";
    }

    /** A sealed or opened frame and its full MAC, committed to the chain by the caller. */
    private record Step(OsdpFrame frame, byte[] mac) {}

    private Step seal(OsdpFrame plain, Bytes scbEmpty, Bytes scbData, byte[] macIv) {
        boolean hasData = !plain.data().isEmpty();
        boolean encrypt = hasData && scbData != scbEmpty;
        Bytes data = encrypt ? Bytes.of(OsdpScCrypto.encrypt(keys, OsdpScCrypto.not(macIv), plain.data().toArray())) : plain.data();
        OsdpFrame unmaced = new OsdpFrame(plain.address(), plain.reply(), plain.sqn(), plain.crc(),
                encrypt ? scbData : scbEmpty, plain.code(), data, null);
        byte[] mac = OsdpScCrypto.mac(keys, macIv, OsdpFrameCodec.macInput(unmaced));
        return new Step(unmaced.withMac(Bytes.of(mac, 0, OsdpCodes.MAC_SIZE)), mac);
    }

    private Step open(OsdpFrame received, Bytes wireBytes, byte[] macIv, boolean encrypted) throws OsdpSecurityException {
        if (received.mac() == null) throw new OsdpSecurityException(Reason.UNEXPECTED_SCB, "secure frame without a MAC");
        byte[] wire = wireBytes.toArray();
        int off = wire.length > 0 && (wire[0] & 0xFF) == OsdpCodes.MARK ? 1 : 0;
        int macInputLength = OsdpFrameCodec.macInput(received).length;
        byte[] data = received.data().toArray();
        int dataEnd = off + macInputLength;
        // The MAC is checked over the wire; make sure the data we decrypt is the data it covered.
        if (wire.length < dataEnd + OsdpCodes.MAC_SIZE || (wire[off] & 0xFF) != OsdpCodes.SOM
                || !Arrays.equals(wire, dataEnd - data.length, dataEnd, data, 0, data.length)) {
            throw new OsdpSecurityException(Reason.BAD_LENGTH, "wire bytes do not hold the parsed frame");
        }
        byte[] mac = OsdpScCrypto.mac(keys, macIv, Arrays.copyOfRange(wire, off, dataEnd));
        if (!Bytes.of(mac, 0, OsdpCodes.MAC_SIZE).equals(received.mac())) { // constant time
            throw new OsdpSecurityException(Reason.MAC_MISMATCH, "MAC mismatch on code 0x%02X".formatted(received.code()));
        }
        if (encrypted) {
            // An empty SCS_17/18 fails here as BAD_LENGTH: we never accept the libosdp opt-in form.
            data = OsdpScCrypto.decrypt(keys, OsdpScCrypto.not(macIv), data);
        }
        return new Step(OsdpFrame.plain(received.address(), received.reply(), received.sqn(), received.crc(),
                received.code(), Bytes.of(data)), mac);
    }

    private void requireRole(Role expected) {
        if (role != expected) throw new IllegalStateException("operation needs a " + expected + " session, this is " + role);
    }

    private static void requirePlain(OsdpFrame f, boolean reply) {
        if (f.scb() != null) throw new IllegalArgumentException("frame to seal already has an SCB: " + f.scb().length() + " bytes");
        if (f.reply() != reply) throw new IllegalArgumentException(reply ? "expected a reply frame" : "expected a command frame");
    }
}
