package io.warden.osdp.cp;

import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCodes.Command;
import io.warden.osdp.codec.OsdpCodes.NakReason;
import io.warden.osdp.codec.OsdpCodes.Reply;
import io.warden.osdp.codec.OsdpDecodeException;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.sc.OsdpSecurityException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
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
    private static final Set<Reply> REPORTS = EnumSet.of(Reply.ISTATR, Reply.OSTATR, Reply.LSTATR, Reply.RSTATR, Reply.RAW,
            Reply.FMT, Reply.KEYPAD, Reply.MFGREP);

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
    Answer answer(OsdpCpRequest r, OsdpFrame frame, Bytes wire) {
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
                && !Reply.BUSY.is(frame.code()) && !Reply.NAK.is(frame.code())
                && answers(frame.code(), r.command.code());
    }

    /**
     * Whether a frame can be the answer to this request: its SQN and a reply type that answers the
     * command. BUSY may carry SQN 0; NAK 04 carries the SQN the PD expected. Anything else (a stale
     * frame left in the PD's buffer by a restart, a reply to an earlier request) is not the answer.
     */
    static boolean answers(OsdpFrame frame, OsdpCpRequest r) {
        if (Reply.BUSY.is(frame.code())) return frame.sqn() == r.sqn || frame.sqn() == 0;
        boolean sequenceNak = Reply.NAK.is(frame.code()) && frame.scb() == null && frame.data().length() > 0
                && NakReason.SEQUENCE.is(frame.data().u8(0));
        return sequenceNak || frame.sqn() == r.sqn && answers(frame.code(), r.command.code());
    }

    /**
     * Whether a reply with this code can be the answer to this command (NAK and BUSY answer anything).
     * A reply of another type is a stale or stray frame, never taken for the answer.
     */
    private static boolean answers(int replyCode, int commandCode) {
        Reply reply = Reply.of(replyCode).orElse(null);
        if (reply == Reply.NAK || reply == Reply.BUSY) return true;
        Optional<Command> command = Command.of(commandCode);
        if (command.isEmpty()) return true; // a command this codec does not model: any reply may be its answer
        return switch (command.get()) {
            case ID -> reply == Reply.PDID;
            case CAP -> reply == Reply.PDCAP;
            case CHLNG -> reply == Reply.CCRYPT;
            case SCRYPT -> reply == Reply.RMAC_I;
            case ISTAT -> reply == Reply.ISTATR;
            case OSTAT -> reply == Reply.OSTATR;
            case LSTAT -> reply == Reply.LSTATR;
            case RSTAT -> reply == Reply.RSTATR;
            case COMSET -> reply == Reply.COM;
            case OUT, LED, BUZ, TEXT, KEYSET, ACURXSIZE -> reply == Reply.ACK;
            case POLL -> reply == Reply.ACK || isReport(replyCode);
            case MFG -> true;
        };
    }

    /** Replies a PD volunteers on POLL: status, card and keypad reports. */
    static boolean isReport(int replyCode) {
        return Reply.of(replyCode).map(REPORTS::contains).orElse(false);
    }

    /** Card data and keypad digits: inside a secure session they must arrive encrypted. */
    private static boolean carriesCredential(OsdpReply reply) {
        return reply instanceof OsdpReply.Raw || reply instanceof OsdpReply.Fmt || reply instanceof OsdpReply.Keypad;
    }
}
