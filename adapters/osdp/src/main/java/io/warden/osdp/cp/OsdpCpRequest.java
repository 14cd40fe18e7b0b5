package io.warden.osdp.cp;

import io.vertx.core.Promise;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpReply;

/** One command on its way to a PD: an operator's (with a promise) or the line's own (poll, start-up). */
final class OsdpCpRequest {
    final OsdpCpDevice device;
    final OsdpCommand command;
    /** The security block of a handshake command (CHLNG, SCRYPT), else null. */
    final byte[] scb;
    /** Completed with the PD's reply; null for the line's own requests. */
    final Promise<OsdpReply> promise;
    /** The exact bytes sent, kept for retries: a retry is the same frame with the same SQN. */
    byte[] wire;
    int sqn;
    int attempts;
    /** When the PD first answered BUSY to this request, or 0. */
    long firstBusyNanos;

    OsdpCpRequest(OsdpCpDevice device, OsdpCommand command, byte[] scb, Promise<OsdpReply> promise) {
        this.device = device;
        this.command = command;
        this.scb = scb;
        this.promise = promise;
    }

    boolean isOperatorCommand() {
        return promise != null;
    }
}
