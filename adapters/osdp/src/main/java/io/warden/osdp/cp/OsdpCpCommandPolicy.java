package io.warden.osdp.cp;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpReply;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * When an operator command may still go on the wire, when it is given up, and what its caller is
 * told then. Every failure says whether the PD may have acted: a command that never left, or that
 * the PD refused, did nothing; one sent without a reply may have unlocked a door. Holds no state
 * of the line; used by {@link OsdpCpBus} on its context.
 */
final class OsdpCpCommandPolicy {
    /** Time a frame may spend in OS buffers, USB adapters or serial servers before the PD has it. */
    private static final Duration DELIVERY_GUARD = Duration.ofMillis(20);

    private final OsdpCpOptions options;
    private final Supplier<String> line;

    OsdpCpCommandPolicy(OsdpCpOptions options, Supplier<String> line) {
        this.options = options;
        this.line = line;
    }

    /**
     * Whether the request's frame can still be put on the wire and reach the PD before its deadline:
     * its transmit time at the baud rate plus {@link #DELIVERY_GUARD} for the OS and converters.
     */
    boolean beforeDeadline(OsdpCpRequest r) {
        if (r.deadlineNanos == Long.MAX_VALUE) return true;
        long onWire = options.transmitMillis(r.wire != null ? r.wire.length : OsdpCpOptions.DOOR_COMMAND_BYTES) * 1_000_000L;
        return r.deadlineNanos - System.nanoTime() > onWire + DELIVERY_GUARD.toNanos();
    }

    /** Milliseconds from now to the request's deadline, rounded up, at least 1: when its caller gives up. */
    static long millisToDeadline(OsdpCpRequest r) {
        return Math.max(1, (r.deadlineNanos - System.nanoTime() + 999_999) / 1_000_000);
    }

    /** Whether the request has re-sends left after its unanswered transmissions ({@code commandRetries}). */
    boolean retriesLeft(OsdpCpRequest r) {
        return r.unanswered <= options.commandRetries();
    }

    /** Whether an unanswered operator command goes again: same bytes while retries and its deadline allow. */
    boolean resend(OsdpCpRequest r) {
        return r.wanted() && retriesLeft(r) && beforeDeadline(r);
    }

    /** Whether an operator command has been answered BUSY more often than {@code busyRetries} allows. */
    boolean busyExhausted(OsdpCpRequest r) {
        return r.isOperatorCommand() && r.busies > options.busyRetries();
    }

    // ---- what the caller is told ----

    /** The caller's deadline passed; {@code inFlight} when the request is on the wire right now. */
    WardenException deadlineMissed(OsdpCpRequest r, boolean inFlight) {
        String state;
        if (r.attempts == 0) {
            state = "it was never sent, the PD did not act";
        } else if (r.refusedLast && r.unanswered == 0 && !inFlight) {
            state = "the PD refused it (BUSY, or out of step) and did not act";
        } else {
            state = "it was sent %d time(s) without a reply: it reached the PD or not, the PD may have acted".formatted(r.attempts);
        }
        return new WardenException(ErrorCode.DEVICE_TIMEOUT, "deadline passed for %s to PD %s on %s; %s"
                .formatted(commandName(r), r.device.name(), line.get(), state));
    }

    WardenException offline(OsdpCpDevice d) {
        return new WardenException(ErrorCode.DEVICE_OFFLINE, "PD %s on %s is offline".formatted(d.name(), line.get()));
    }

    WardenException busy(OsdpCpRequest r) {
        return new WardenException(ErrorCode.DEVICE_BUSY, "PD %s answered BUSY %d times to %s; it did not act"
                .formatted(r.device.name(), r.busies, commandName(r)));
    }

    WardenException refused(OsdpCpRequest r, OsdpReply.Nak n) {
        return new WardenException(ErrorCode.DEVICE_REJECTED, "PD %s refused %s: %s".formatted(r.device.name(), commandName(r), nakText(n)));
    }

    WardenException cleartextCredential(OsdpCpDevice d) {
        return new WardenException(ErrorCode.SECURE_CHANNEL_FAILED, "PD %s sent card or keypad data without encryption".formatted(d.name()));
    }

    /** The command itself went unanswered through every retry ({@code why}): nobody knows whether it ran. */
    WardenException unanswered(OsdpCpDevice d, String why) {
        return new WardenException(ErrorCode.DEVICE_TIMEOUT, "PD %s on %s: %s; the PD may have acted".formatted(d.name(), line.get(), why));
    }

    /**
     * The request ahead of the command went unanswered ({@code why}), so the command did not go
     * (again). One sent before without a reply, then refused by a PD that restarted, may have run.
     */
    WardenException neverSent(OsdpCpRequest r, String why) {
        String state = r.unanswered == 0 ? "%s was never sent, the PD did not act".formatted(commandName(r))
                : "%s was sent %d time(s) without a reply before: the PD may have acted".formatted(commandName(r), r.unanswered);
        return new WardenException(ErrorCode.DEVICE_TIMEOUT, "PD %s on %s: %s; %s".formatted(r.device.name(), line.get(), why, state));
    }

    /** The PD lost step with the line while the command was out ({@code why}): it is not confirmed. */
    static WardenException notConfirmed(ErrorCode code, String why) {
        return new WardenException(code, why + "; command not confirmed");
    }

    static String commandName(OsdpCpRequest r) {
        return "command 0x%02X".formatted(r.command.code());
    }

    static String nakText(OsdpReply.Nak n) {
        return "NAK 0x%02X (%s)".formatted(n.error(), OsdpCodes.NakReason.describe(n.error()));
    }
}
