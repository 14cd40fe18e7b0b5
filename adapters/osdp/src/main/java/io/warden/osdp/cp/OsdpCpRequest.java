package io.warden.osdp.cp;

import io.vertx.core.Promise;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpReply;

/** One command on its way to a PD: an operator's (with a promise) or the line's own (poll, start-up). */
final class OsdpCpRequest {
    final OsdpCpDevice device;
    final OsdpCommand command;
    /** The security block of a handshake command (CHLNG, SCRYPT), else null. */
    final byte[] scb;
    /** Completed with the PD's reply; null for the line's own requests. */
    final Promise<OsdpReply> promise;
    /** System.nanoTime() after which an operator command is never (re-)transmitted. */
    final long deadlineNanos;
    /** The exact bytes sent, kept for retries: a retry is the same frame with the same SQN. */
    byte[] wire;
    int sqn;
    /** Transmissions so far. */
    int attempts;
    /** Transmissions that got no valid reply. */
    int unanswered;
    /** BUSY answers so far. */
    int busies;
    /** The last transmission was refused (BUSY, or a NAK for being out of step): the PD did not act on it. */
    boolean refusedLast;

    OsdpCpRequest(OsdpCpDevice device, OsdpCommand command, byte[] scb, Promise<OsdpReply> promise, long deadlineNanos) {
        this.device = device;
        this.command = command;
        this.scb = scb;
        this.promise = promise;
        this.deadlineNanos = deadlineNanos;
    }

    /** The line's own request: no caller, no deadline. */
    static OsdpCpRequest internal(OsdpCpDevice device, OsdpCommand command, byte[] scb) {
        return new OsdpCpRequest(device, command, scb, null, Long.MAX_VALUE);
    }

    boolean isOperatorCommand() {
        return promise != null;
    }

    /** Whether the caller still waits for this request (the line's own always "wait"). */
    boolean wanted() {
        return promise == null || !promise.future().isComplete();
    }

    /**
     * Whether a frame can be the answer to this request: its SQN and a reply type that answers the
     * command. BUSY may carry SQN 0; NAK 04 carries the SQN the PD expected. Anything else (a stale
     * frame left in the PD's buffer by a restart, a reply to an earlier request) is not the answer.
     */
    boolean answeredBy(OsdpFrame frame) {
        if (frame.code() == OsdpCodes.REPLY_BUSY) return frame.sqn() == sqn || frame.sqn() == 0;
        boolean sequenceNak = frame.code() == OsdpCodes.REPLY_NAK && frame.scb() == null && frame.data().length > 0
                && (frame.data()[0] & 0xFF) == OsdpCodes.NAK_SEQUENCE;
        return sequenceNak || frame.sqn() == sqn && answeredBy(frame.code());
    }

    /**
     * Whether a reply with this code can be the answer to this command (NAK and BUSY answer anything).
     * A reply of another type is a stale or stray frame, never taken for the answer.
     */
    private boolean answeredBy(int replyCode) {
        if (replyCode == OsdpCodes.REPLY_NAK || replyCode == OsdpCodes.REPLY_BUSY) return true;
        return switch (command.code()) {
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
    static boolean carriesCredential(OsdpReply reply) {
        return reply instanceof OsdpReply.Raw || reply instanceof OsdpReply.Fmt || reply instanceof OsdpReply.Keypad;
    }
}
