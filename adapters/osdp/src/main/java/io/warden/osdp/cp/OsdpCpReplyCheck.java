package io.warden.osdp.cp;

import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpDecodeException;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.sc.OsdpSecurityException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which frames from the line answer the request in flight, and which of their contents may be used.
 *
 * <p>A reply counts only when its SQN and type answer the request in flight. Inside a secure
 * session, replies must carry a valid MAC (plaintext NAK and BUSY excepted, as the protocol has
 * them). Status, ACK, NAK and identification replies may come MAC-only (SCS_16, or libosdp's
 * SCS_15); card data and keypad digits (RAW, FMT, KEYPAD) must come encrypted (SCS_18): sent
 * otherwise they are logged ({@code event=cleartext_credential_refused}) and never delivered.
 *
 * <p>Holds no state of the line; used by {@link OsdpCpBus} on its context. Logs under the line's
 * logger, where operators read the rest of the conversation.
 */
final class OsdpCpReplyCheck {
    private static final Logger log = LoggerFactory.getLogger(OsdpCpBus.class);

    /**
     * A valid answer to the request in flight: the frame as opened (decrypted, MAC checked) and its
     * reply; or, with {@code malformed} set and no reply, the PD's answer whose payload does not
     * decode (the PD moved on: a re-send would only get the same bytes from its reply cache).
     */
    record Answer(OsdpFrame plain, OsdpReply reply, String malformed) {}

    private final Supplier<String> line;

    OsdpCpReplyCheck(Supplier<String> line) {
        this.line = line;
    }

    /**
     * The answer {@code frame} gives to the request in flight {@code r} (null when there is none),
     * or null when it gives none: a stray or stale frame, one whose MAC fails. Such a frame is
     * dropped and logged; the request's own reply may still follow.
     */
    Answer answer(OsdpCpRequest r, OsdpFrame frame, byte[] wire) {
        if (r == null || frame.address() != r.device.address()) {
            log.debug("event=stray_reply line=\"{}\" frame=\"{}\"", line.get(), frame);
            return null;
        }
        OsdpCpDevice d = r.device;
        if (!answers(frame, r)) {
            log.info("event=reply_mismatch pd={} line=\"{}\" expected_sqn={} got_sqn={} command=0x{} reply=0x{} action=dropped",
                    d.name(), line.get(), r.sqn, frame.sqn(), Integer.toHexString(r.command.code()), Integer.toHexString(frame.code()));
            return null;
        }
        OsdpFrame plain = frame;
        if (d.session != null) {
            try {
                plain = d.session.openReply(frame, wire);
            } catch (OsdpSecurityException e) {
                // Never taken as the answer; the request's own reply may still follow (this one was stale).
                // If none does, the PD's cache holds this one and a re-send gets it again: the timer resyncs.
                r.badSecureReply = true;
                log.info("event=reply_rejected pd={} line=\"{}\" reason=\"{}\"", d.name(), line.get(), e.getMessage());
                return null;
            }
        }
        try {
            return new Answer(plain, OsdpReply.decode(plain.code(), plain.data()), null);
        } catch (OsdpDecodeException e) {
            log.warn("event=bad_reply pd={} line=\"{}\" reason=\"{}\"", d.name(), line.get(), e.getMessage());
            return new Answer(plain, null, e.getMessage());
        }
    }

    /**
     * Whether the contents of an accepted reply may be passed on: card data and keypad digits only
     * when they came encrypted, if the PD has a secure session. A refused one is logged here.
     */
    boolean mayDeliver(OsdpCpDevice d, OsdpFrame frame, OsdpReply reply) {
        boolean deliver = !(d.session != null && frame.scbType() != OsdpCodes.SCS_18 && carriesCredential(reply));
        if (!deliver) {
            log.warn("event=cleartext_credential_refused pd={} line=\"{}\" reply=0x{} scb={}", d.name(), line.get(),
                    Integer.toHexString(frame.code()), frame.scbType());
        }
        return deliver;
    }

    /**
     * Whether a frame from the request's PD is its answer with SQN 0 to a non-zero command: the PD
     * restarted and wants a reset (osdp.md section 4). Only a reply of a type that answers the command
     * counts, so that a stale frame from an earlier start-up (a PDID, say) does not restart a PD.
     * BUSY may carry SQN 0 and is not a reset; nor is a NAK (NAK 04 carries the SQN the PD expects,
     * 0 after its restart, and is a refusal handled as such). Only from an online PD: one that does
     * it during its start-up is left to its timers (offline, probe), not restarted in a loop.
     */
    static boolean asksForReset(OsdpFrame frame, OsdpCpRequest r) {
        return r != null && frame.address() == r.device.address() && r.device.phase == OsdpCpDevice.Phase.ONLINE
                && r.sqn != 0 && frame.sqn() == 0
                && frame.code() != OsdpCodes.REPLY_BUSY && frame.code() != OsdpCodes.REPLY_NAK
                && answers(frame.code(), r.command.code());
    }

    /**
     * Whether a frame can be the answer to this request: its SQN and a reply type that answers the
     * command. BUSY may carry SQN 0; NAK 04 carries the SQN the PD expected. Anything else (a stale
     * frame left in the PD's buffer by a restart, a reply to an earlier request) is not the answer.
     */
    static boolean answers(OsdpFrame frame, OsdpCpRequest r) {
        if (frame.code() == OsdpCodes.REPLY_BUSY) return frame.sqn() == r.sqn || frame.sqn() == 0;
        boolean sequenceNak = frame.code() == OsdpCodes.REPLY_NAK && frame.scb() == null && frame.data().length > 0
                && (frame.data()[0] & 0xFF) == OsdpCodes.NAK_SEQUENCE;
        return sequenceNak || frame.sqn() == r.sqn && answers(frame.code(), r.command.code());
    }

    /**
     * Whether a reply with this code can be the answer to this command (NAK and BUSY answer anything).
     * A reply of another type is a stale or stray frame, never taken for the answer.
     */
    private static boolean answers(int replyCode, int commandCode) {
        if (replyCode == OsdpCodes.REPLY_NAK || replyCode == OsdpCodes.REPLY_BUSY) return true;
        return switch (commandCode) {
            case OsdpCodes.CMD_ID -> replyCode == OsdpCodes.REPLY_PDID;
            case OsdpCodes.CMD_CAP -> replyCode == OsdpCodes.REPLY_PDCAP;
            case OsdpCodes.CMD_CHLNG -> replyCode == OsdpCodes.REPLY_CCRYPT;
            case OsdpCodes.CMD_SCRYPT -> replyCode == OsdpCodes.REPLY_RMAC_I;
            case OsdpCodes.CMD_ISTAT -> replyCode == OsdpCodes.REPLY_ISTATR;
            case OsdpCodes.CMD_OSTAT -> replyCode == OsdpCodes.REPLY_OSTATR;
            case OsdpCodes.CMD_LSTAT -> replyCode == OsdpCodes.REPLY_LSTATR;
            case OsdpCodes.CMD_RSTAT -> replyCode == OsdpCodes.REPLY_RSTATR;
            case OsdpCodes.CMD_COMSET -> replyCode == OsdpCodes.REPLY_COM;
            case OsdpCodes.CMD_OUT, OsdpCodes.CMD_LED, OsdpCodes.CMD_BUZ, OsdpCodes.CMD_TEXT, OsdpCodes.CMD_KEYSET,
                 OsdpCodes.CMD_ACURXSIZE -> replyCode == OsdpCodes.REPLY_ACK;
            case OsdpCodes.CMD_POLL -> replyCode == OsdpCodes.REPLY_ACK || isReport(replyCode);
            default -> true;
        };
    }

    /** Replies a PD volunteers on POLL: status, card and keypad reports. */
    static boolean isReport(int replyCode) {
        return replyCode == OsdpCodes.REPLY_ISTATR || replyCode == OsdpCodes.REPLY_OSTATR || replyCode == OsdpCodes.REPLY_LSTATR
                || replyCode == OsdpCodes.REPLY_RSTATR || replyCode == OsdpCodes.REPLY_RAW || replyCode == OsdpCodes.REPLY_FMT
                || replyCode == OsdpCodes.REPLY_KEYPAD || replyCode == OsdpCodes.REPLY_MFGREP;
    }

    /** Card data and keypad digits: inside a secure session they must arrive encrypted. */
    private static boolean carriesCredential(OsdpReply reply) {
        return reply instanceof OsdpReply.Raw || reply instanceof OsdpReply.Fmt || reply instanceof OsdpReply.Keypad;
    }
}
