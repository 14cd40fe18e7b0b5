package io.warden.osdp.cp;

import io.warden.adapter.api.DeviceHealth;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each PD of a line is online, and telling the line's owner. A PD is online once its
 * start-up is done; offline after {@code offlineAfter} without a valid reply, when a command (or
 * the request ahead of one) goes unanswered through every retry, when its start-up fails, or when
 * the link drops. Offline is reported once, not on every failed probe.
 *
 * <p>Owned by {@link OsdpCpBus} and called only on its context. Logs under the line's logger,
 * where operators read the rest of the conversation.
 */
final class OsdpCpHealth {
    private static final Logger log = LoggerFactory.getLogger(OsdpCpBus.class);

    private final OsdpCpOptions options;
    private final OsdpCpListener listener;
    private final OsdpCpSchedule schedule;
    private final OsdpCpCommandPolicy policy;
    private final Supplier<String> line;

    OsdpCpHealth(OsdpCpOptions options, OsdpCpListener listener, OsdpCpSchedule schedule, OsdpCpCommandPolicy policy,
                 Supplier<String> line) {
        this.options = options;
        this.listener = listener;
        this.schedule = schedule;
        this.policy = policy;
        this.line = line;
    }

    void online(OsdpCpDevice d) {
        d.online = true;
        d.reportedOffline = false;
        d.failedStartups = 0;
        String detail = d.session != null ? "secure channel established" : "plaintext" + (d.plaintextReason == null ? "" : " (" + d.plaintextReason + ")");
        log.info("event=pd_online pd={} line=\"{}\" detail=\"{}\"", d.name(), line.get(), detail);
        listener.onOnline(d.address(), detail);
    }

    /** Offline: probed again after {@code probeInterval}; its commands fail at once, queued or waiting to be re-sent. */
    void offline(OsdpCpDevice d, DeviceHealth.Reason reason, String why) {
        boolean wasOnline = d.online;
        d.online = false;
        d.phase = OsdpCpDevice.Phase.OFFLINE;
        d.session = null;
        if (d.retry != null && d.retry.isOperatorCommand()) d.retry.promise.tryFail(policy.offline(d));
        d.retry = null;
        d.nextDueNanos = System.nanoTime() + options.probeInterval().toNanos();
        // never kept for later: a stale unlock is dangerous
        for (OsdpCpRequest r : schedule.takeCommands(d)) r.promise.tryFail(policy.offline(d));
        if (wasOnline || !d.reportedOffline) {
            d.reportedOffline = true;
            log.warn("event=pd_offline pd={} line=\"{}\" reason={} detail=\"{}\"", d.name(), line.get(), reason, why);
            listener.onOffline(d.address(), reason, why);
        }
    }

    /** The PD answered but its start-up failed (a wrong key, say): offline, tried again with back-off. */
    void startupFailed(OsdpCpDevice d) {
        d.failedStartups++;
        offline(d, d.problemReason == null ? DeviceHealth.Reason.COMMUNICATION_ERROR : d.problemReason, d.problem);
        schedule.backOff(d);
    }

    /**
     * A request of the line's own (a poll, a start-up step, a probe) went unanswered: the PD is
     * offline when silent too long, else the request is re-sent at the PD's next turn.
     */
    void ownRequestUnanswered(OsdpCpRequest r, long now) {
        OsdpCpDevice d = r.device;
        boolean silentTooLong = now - d.lastValidReplyNanos >= options.offlineAfter().toNanos();
        if (d.online && silentTooLong) {
            offline(d, DeviceHealth.Reason.COMMUNICATION_ERROR, "no valid reply for %.1f s".formatted((now - d.lastValidReplyNanos) / 1e9));
        } else if (!d.online) {
            // Start-up or probe unanswered: try again from ID at the next probe. A PD is called
            // offline only after the same grace period as an online one (a cold start's first reply
            // may be slow), and only once.
            if (silentTooLong) {
                offline(d, DeviceHealth.Reason.COMMUNICATION_ERROR, "no answer from PD " + d.name());
            } else {
                d.phase = OsdpCpDevice.Phase.OFFLINE;
                d.nextDueNanos = now + options.probeInterval().toNanos();
            }
        } else if (schedule.commandWaiting(d) && !policy.retriesLeft(r)) {
            // A command waits behind this request, which a PD that just died will never answer: the
            // command fails after as many attempts as its own would get, and the PD is offline now.
            // Offline first, so that whoever sees the failure also sees the PD offline.
            String why = "no answer to %d attempts".formatted(r.unanswered);
            List<OsdpCpRequest> waiting = schedule.takeCommands(d);
            offline(d, DeviceHealth.Reason.COMMUNICATION_ERROR, why);
            for (OsdpCpRequest c : waiting) c.promise.tryFail(policy.neverSent(c, why));
        } else {
            d.retry = r;
            d.nextDueNanos = now + options.pollInterval().toNanos();
        }
    }
}
