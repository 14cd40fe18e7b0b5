package io.warden.osdp.cp;

import io.vertx.core.Promise;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpReply;

/** One command on its way to a PD: an operator's (with a promise) or the line's own (poll, start-up). */
final class OsdpCpRequest {
    final OsdpCpDevice device;
    final OsdpCommand command;
    /** The security block of a handshake command (CHLNG, SCRYPT), else null. */
    final Bytes scb;
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
    /** A reply with this request's SQN and type failed the secure session's checks (MAC, or plaintext). */
    boolean badSecureReply;

    OsdpCpRequest(OsdpCpDevice device, OsdpCommand command, Bytes scb, Promise<OsdpReply> promise, long deadlineNanos) {
        this.device = device;
        this.command = command;
        this.scb = scb;
        this.promise = promise;
        this.deadlineNanos = deadlineNanos;
    }

    /** The line's own request: no caller, no deadline. */
    static OsdpCpRequest internal(OsdpCpDevice device, OsdpCommand command, Bytes scb) {
        return new OsdpCpRequest(device, command, scb, null, Long.MAX_VALUE);
    }

    boolean isOperatorCommand() {
        return promise != null;
    }

    /** Whether the caller still waits for this request (the line's own always "wait"). */
    boolean wanted() {
        return promise == null || !promise.future().isComplete();
    }
}
