package io.warden.osdp.cp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpDecodeException;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.codec.OsdpFramer;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.sc.OsdpSecurityException;
import io.warden.osdp.transport.OsdpTransport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control panel side of one OSDP line: one scheduler, one request in flight.
 *
 * <p>Operator commands jump the poll queue; otherwise the PDs are served round-robin: start-up
 * steps for PDs that need them, a POLL for each online PD every {@code pollInterval}, a probe for
 * offline PDs every {@code probeInterval}. A timed-out operator command is re-sent byte for byte
 * (same SQN, same MAC) up to {@code commandRetries} times; a timed-out poll is re-sent at that PD's
 * next turn so one silent PD does not stall the others. A PD with no valid reply for
 * {@code offlineAfter} is offline; commands to it fail at once and are never queued. All state lives
 * on one Vert.x context; public methods may be called from any thread.
 */
public final class OsdpCpBus {
    private static final Logger log = LoggerFactory.getLogger(OsdpCpBus.class);

    private final Vertx vertx;
    /** The line's context, taken in {@link #start()}: every lock-free field below is touched only on it. */
    private volatile Context context;
    private final OsdpTransport transport;
    private final OsdpCpOptions options;
    private final OsdpCpListener listener;
    private final OsdpCpStartup startup;
    private final OsdpFramer framer;
    private final Map<Integer, OsdpCpDevice> devices = new LinkedHashMap<>();
    private final List<OsdpCpDevice> order;
    private final Deque<OsdpCpRequest> commands = new ArrayDeque<>();
    private int roundRobin;
    private OsdpCpRequest inFlight;
    private long replyTimer = -1;
    private long wakeTimer = -1;
    private boolean linkUp;
    private boolean stopped;

    public OsdpCpBus(Vertx vertx, OsdpTransport transport, OsdpCpOptions options, List<OsdpCpDeviceConfig> configs,
                     OsdpCpListener listener, OsdpCpStartup startup) {
        this.vertx = vertx;
        this.transport = transport;
        this.options = options;
        this.listener = listener;
        this.startup = startup;
        this.framer = new OsdpFramer(OsdpFramer.Accept.REPLIES, options.maxFrame());
        for (OsdpCpDeviceConfig c : configs) {
            if (devices.putIfAbsent(c.address(), new OsdpCpDevice(c)) != null) {
                throw new IllegalArgumentException("two PDs with address " + c.address() + " on " + transport.describe());
            }
        }
        this.order = new ArrayList<>(devices.values());
    }

    /**
     * Open the transport and start serving the PDs, on the caller's context (a verticle's, so that
     * lines spread over the event loops). Fails when the transport cannot be opened.
     */
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        return onContext(() -> {
            transport.handler(this::received);
            transport.closedHandler(this::linkLost);
            return transport.open().onSuccess(v -> linkUp());
        });
    }

    /** Stop polling, fail what is pending with CONNECTION_CLOSED, close the transport. */
    public Future<Void> stop() {
        return onContext(() -> {
            stopped = true;
            failAll(ErrorCode.CONNECTION_CLOSED, "line stopped");
            cancelTimers();
            return transport.close();
        });
    }

    /**
     * Send a command to a PD and complete with its (decrypted, decoded) reply. A NAK fails the future
     * with DEVICE_REJECTED naming the NAK code; an offline PD fails it at once with DEVICE_OFFLINE.
     */
    public Future<OsdpReply> send(int address, OsdpCommand command, long deadlineNanos) {
        return onContext(() -> {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return Future.failedFuture(new WardenException(ErrorCode.DEVICE_TIMEOUT, "deadline passed before " + command.getClass().getSimpleName() + " was sent"));
            }
            if (stopped) return Future.failedFuture(new WardenException(ErrorCode.CONNECTION_CLOSED, transport.describe() + ": line stopped"));
            OsdpCpDevice d = devices.get(address);
            if (d == null) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no PD 0x%02X on %s".formatted(address, transport.describe())));
            if (!d.online) return Future.failedFuture(offline(d));
            Promise<OsdpReply> p = Promise.promise();
            commands.add(new OsdpCpRequest(d, command, null, p));
            pump();
            return p.future();
        });
    }

    /**
     * The longest one door command (an OUT, then an OSTAT read) may take on this line when the PD
     * answers as the options allow: the request in flight ahead of it, every retry and BUSY wait.
     */
    public Duration commandTimeout() {
        long attempt = options.replyTimeout().toMillis() + options.transmitMillis(options.maxFrame()) * 2;
        long one = attempt * (options.commandRetries() + 1) + options.busyDelay().toMillis() * 3;
        return Duration.ofMillis(attempt + 2 * one);
    }

    /** True when the PD is online; safe from any thread (a snapshot). */
    public boolean isOnline(int address) {
        OsdpCpDevice d = devices.get(address);
        return d != null && d.online;
    }

    public String describe() {
        return transport.describe();
    }

    // ---- link ----

    private void linkUp() {
        linkUp = true;
        framer.reset();
        long now = System.nanoTime();
        for (OsdpCpDevice d : order) {
            d.restart(now);
            d.lastValidReplyNanos = now; // silence is counted from here
        }
        log.info("event=link_up line=\"{}\" pds={}", transport.describe(), order.size());
        pump();
    }

    /**
     * The link dropped, or could not be opened: pending commands fail with CONNECTION_CLOSED and every
     * PD is offline (reported once, not on every reconnect attempt). Any thread.
     */
    public void linkLost(Throwable cause) {
        if (Vertx.currentContext() != context) {
            context.runOnContext(v -> linkLost(cause));
            return;
        }
        boolean wasUp = linkUp;
        linkUp = false;
        String why = "connection closed: " + (cause == null ? "closed" : cause.getMessage());
        if (wasUp) log.warn("event=link_down line=\"{}\" cause=\"{}\"", transport.describe(), why);
        failAll(ErrorCode.CONNECTION_CLOSED, why);
        for (OsdpCpDevice d : order) markOffline(d, why);
    }

    /** The link is back (a reconnecting transport reopened it): start every PD again. Any thread. */
    public void linkRestored() {
        context.runOnContext(v -> {
            if (!stopped && !linkUp) linkUp();
        });
    }

    // ---- scheduling ----

    private void pump() {
        if (inFlight != null || !linkUp || stopped) return;
        long now = System.nanoTime();
        OsdpCpRequest next = nextCommand();
        if (next == null) next = nextRoutine(now);
        if (next == null) {
            scheduleWake(now);
            return;
        }
        transmit(next);
    }

    private OsdpCpRequest nextCommand() {
        for (var it = commands.iterator(); it.hasNext(); ) {
            OsdpCpRequest r = it.next();
            if (r.device.phase == OsdpCpDevice.Phase.ONLINE && r.device.retry == null) {
                it.remove();
                return r;
            }
        }
        return null;
    }

    /** The next PD whose turn it is: a retry, a start-up step, a poll or a probe. */
    private OsdpCpRequest nextRoutine(long now) {
        for (int i = 0; i < order.size(); i++) {
            OsdpCpDevice d = order.get((roundRobin + i) % order.size());
            if (d.nextDueNanos - now > 0) continue;
            roundRobin = (roundRobin + i + 1) % order.size();
            if (d.retry != null) return d.retry;
            if (d.phase == OsdpCpDevice.Phase.OFFLINE) d.restart(now);
            return startup.nextStep(d);
        }
        return null;
    }

    private void scheduleWake(long now) {
        if (wakeTimer != -1 || order.isEmpty()) return;
        long earliest = Long.MAX_VALUE;
        for (OsdpCpDevice d : order) earliest = Math.min(earliest, d.nextDueNanos - now);
        long ms = Math.max(1, Duration.ofNanos(Math.max(0, earliest)).toMillis());
        wakeTimer = vertx.setTimer(ms, id -> {
            wakeTimer = -1;
            pump();
        });
    }

    private void transmit(OsdpCpRequest r) {
        OsdpCpDevice d = r.device;
        if (r.wire == null) {
            r.sqn = r.command instanceof OsdpCommand.Id || r.command instanceof OsdpCommand.Chlng ? 0 : d.sqn;
            if (r.sqn == 0) d.sqn = 0;
            OsdpFrame frame = new OsdpFrame(d.address(), false, r.sqn, d.crc, r.scb, r.command.code(), r.command.encode(), null);
            if (d.session != null && r.scb == null) frame = d.session.sealCommand(frame);
            r.wire = OsdpFrameCodec.encode(frame, options.mark());
        }
        inFlight = r;
        r.attempts++;
        long timeout = options.replyTimeout().toMillis() + options.transmitMillis(r.wire.length);
        replyTimer = vertx.setTimer(timeout, id -> timedOut(r));
        transport.write(r.wire).onFailure(e -> {
            if (inFlight == r) finishInFlight(r, new WardenException(ErrorCode.CONNECTION_CLOSED, "write failed on " + transport.describe() + ": " + e.getMessage()));
        });
    }

    // ---- replies ----

    private void received(byte[] bytes) {
        framer.feed(bytes, 0, bytes.length);
        for (OsdpFramer.Outcome o = framer.next(); !(o instanceof OsdpFramer.NeedMore); o = framer.next()) {
            if (o instanceof OsdpFramer.Frame f) {
                replyFrame(f.frame(), f.wire());
            } else if (o instanceof OsdpFramer.Rejected rej) {
                log.debug("event=frame_rejected line=\"{}\" reason=\"{}\" dropped={}", transport.describe(), rej.reason(), rej.droppedBytes());
            }
        }
    }

    private void replyFrame(OsdpFrame frame, byte[] wire) {
        OsdpCpRequest r = inFlight;
        if (r == null || frame.address() != r.device.address()) {
            log.debug("event=stray_reply line=\"{}\" frame=\"{}\"", transport.describe(), frame);
            return;
        }
        OsdpCpDevice d = r.device;
        boolean busy = frame.code() == OsdpCodes.REPLY_BUSY;
        boolean nak = frame.code() == OsdpCodes.REPLY_NAK && frame.scb() == null;
        if (frame.sqn() != r.sqn && !busy && !nak) {
            if (frame.sqn() == 0) {
                resync(r, ErrorCode.PROTOCOL_ERROR, "PD %s answered with SQN 0: it reset".formatted(d.name()));
            } else {
                log.debug("event=reply_sqn_mismatch pd={} expected={} got={}", d.name(), r.sqn, frame.sqn());
            }
            return;
        }
        OsdpFrame plain = frame;
        if (d.session != null) {
            try {
                plain = d.session.openReply(frame, wire);
            } catch (OsdpSecurityException e) {
                resync(r, ErrorCode.SECURE_CHANNEL_FAILED, "secure channel with PD %s lost: %s".formatted(d.name(), e.getMessage()));
                return;
            }
        }
        OsdpReply reply;
        try {
            reply = OsdpReply.decode(plain.code(), plain.data());
        } catch (OsdpDecodeException e) {
            log.debug("event=bad_reply pd={} reason=\"{}\"", d.name(), e.getMessage());
            return; // like a bad CRC: the reply timer re-sends
        }
        cancelReplyTimer();
        d.lastValidReplyNanos = System.nanoTime();
        if (reply instanceof OsdpReply.Busy) {
            // Not done: same SQN, same MAC, same bytes again after a pause (osdp.md §5).
            inFlight = null;
            r.attempts = 0;
            long now = System.nanoTime();
            if (r.firstBusyNanos == 0) r.firstBusyNanos = now;
            if (r.isOperatorCommand() && now - r.firstBusyNanos > options.offlineAfter().toNanos()) {
                d.retry = null;
                r.promise.fail(new WardenException(ErrorCode.DEVICE_BUSY, "PD %s stayed busy for %s".formatted(d.name(), commandName(r))));
                pump();
                return;
            }
            d.retry = r;
            d.nextDueNanos = System.nanoTime() + options.busyDelay().toNanos();
            pump();
            return;
        }
        if (reply instanceof OsdpReply.Nak n && handleNak(r, n, plain.scb() == null)) return;
        d.advanceSqn();
        d.retry = null;
        inFlight = null;
        // An operator's own status read answers its caller only; reports of the line's own requests
        // (POLL, start-up reads) go to the listener.
        if (isReport(reply) && !r.isOperatorCommand()) listener.onReport(d.address(), reply);
        if (r.isOperatorCommand()) {
            if (reply instanceof OsdpReply.Nak n) {
                r.promise.fail(new WardenException(ErrorCode.DEVICE_REJECTED, "PD %s refused %s: %s".formatted(d.name(), commandName(r), nakText(n))));
            } else {
                r.promise.complete(reply);
            }
        } else {
            startup.stepDone(d, r, plain, reply);
        }
        if (d.phase == OsdpCpDevice.Phase.ONLINE && !d.online) online(d);
        if (d.phase == OsdpCpDevice.Phase.OFFLINE) markOffline(d, d.problem);
        if (!r.isOperatorCommand() || d.phase != OsdpCpDevice.Phase.ONLINE) {
            d.nextDueNanos = System.nanoTime() + (d.phase == OsdpCpDevice.Phase.ONLINE ? options.pollInterval().toNanos() : 0);
        }
        pump();
    }

    /** NAKs that end the exchange differently; returns true when handled here. */
    private boolean handleNak(OsdpCpRequest r, OsdpReply.Nak n, boolean plaintext) {
        OsdpCpDevice d = r.device;
        if (n.error() == OsdpCodes.NAK_SEQUENCE) {
            resync(r, ErrorCode.PROTOCOL_ERROR, "PD %s reported a sequence error".formatted(d.name()));
            return true;
        }
        if (plaintext && d.session != null && (n.error() == OsdpCodes.NAK_SC_REQUIRED || n.error() == OsdpCodes.NAK_SC_UNSUPPORTED)) {
            resync(r, ErrorCode.SECURE_CHANNEL_FAILED, "PD %s dropped the secure channel: %s".formatted(d.name(), nakText(n)));
            return true;
        }
        return false;
    }

    private void timedOut(OsdpCpRequest r) {
        replyTimer = -1;
        if (inFlight != r) return;
        framer.reset();
        OsdpCpDevice d = r.device;
        long now = System.nanoTime();
        boolean silentTooLong = now - d.lastValidReplyNanos >= options.offlineAfter().toNanos();
        if (d.online && silentTooLong) {
            inFlight = null;
            String why = "no valid reply for %.1f s".formatted((now - d.lastValidReplyNanos) / 1e9);
            if (r.isOperatorCommand()) r.promise.fail(new WardenException(ErrorCode.DEVICE_TIMEOUT, "PD %s did not answer %s: %s".formatted(d.name(), commandName(r), why)));
            markOffline(d, why);
        } else if (r.isOperatorCommand()) {
            if (r.attempts <= options.commandRetries()) {
                transmit(r);
                return;
            }
            resync(r, ErrorCode.DEVICE_TIMEOUT, "PD %s did not answer %s after %d attempts".formatted(d.name(), commandName(r), r.attempts));
            return;
        } else if (!d.online) {
            // Start-up or probe unanswered: try again from ID at the next probe. A PD is called
            // offline only after the same grace period as an online one (a cold start's first reply
            // may be slow), and only once.
            inFlight = null;
            if (silentTooLong) {
                markOffline(d, "no answer from PD " + d.name());
            } else {
                d.phase = OsdpCpDevice.Phase.OFFLINE;
                d.nextDueNanos = now + options.probeInterval().toNanos();
            }
        } else {
            inFlight = null;
            d.retry = r;
            d.nextDueNanos = now + options.pollInterval().toNanos();
        }
        pump();
    }

    /**
     * The PD lost step with us (sequence error, SQN 0, MAC failure, no answer to a command): fail the
     * request, restart the PD from ID with SQN 0 and, where configured, a new secure session.
     */
    private void resync(OsdpCpRequest r, ErrorCode code, String why) {
        cancelReplyTimer();
        inFlight = null;
        OsdpCpDevice d = r.device;
        log.info("event=pd_resync pd={} line=\"{}\" reason=\"{}\"", d.name(), transport.describe(), why);
        if (r.isOperatorCommand()) r.promise.fail(new WardenException(code, why + "; command not confirmed"));
        d.restart(System.nanoTime());
        pump();
    }

    private void online(OsdpCpDevice d) {
        d.online = true;
        d.reportedOffline = false;
        String detail = d.session != null ? "secure channel established" : "plaintext" + (d.plaintextReason == null ? "" : " (" + d.plaintextReason + ")");
        log.info("event=pd_online pd={} line=\"{}\" detail=\"{}\"", d.name(), transport.describe(), detail);
        listener.onOnline(d.address(), detail);
    }

    private void markOffline(OsdpCpDevice d, String why) {
        boolean wasOnline = d.online;
        d.online = false;
        d.phase = OsdpCpDevice.Phase.OFFLINE;
        d.session = null;
        if (d.retry != null && d.retry.isOperatorCommand()) d.retry.promise.fail(offline(d));
        d.retry = null;
        d.nextDueNanos = System.nanoTime() + options.probeInterval().toNanos();
        for (var it = commands.iterator(); it.hasNext(); ) {
            OsdpCpRequest r = it.next();
            if (r.device == d) { // never kept for later: a stale unlock is dangerous
                it.remove();
                r.promise.fail(offline(d));
            }
        }
        if (wasOnline || !d.reportedOffline) {
            d.reportedOffline = true;
            log.warn("event=pd_offline pd={} line=\"{}\" reason=\"{}\"", d.name(), transport.describe(), why);
            listener.onOffline(d.address(), why);
        }
    }

    private void finishInFlight(OsdpCpRequest r, WardenException e) {
        cancelReplyTimer();
        inFlight = null;
        if (r.isOperatorCommand()) r.promise.fail(e);
    }

    private void failAll(ErrorCode code, String why) {
        cancelReplyTimer();
        if (inFlight != null && inFlight.isOperatorCommand()) inFlight.promise.fail(new WardenException(code, why));
        inFlight = null;
        for (OsdpCpRequest r : commands) r.promise.fail(new WardenException(code, why));
        commands.clear();
        for (OsdpCpDevice d : order) {
            if (d.retry != null && d.retry.isOperatorCommand()) d.retry.promise.fail(new WardenException(code, why));
            d.retry = null;
        }
    }

    private void cancelReplyTimer() {
        if (replyTimer != -1) vertx.cancelTimer(replyTimer);
        replyTimer = -1;
    }

    private void cancelTimers() {
        cancelReplyTimer();
        if (wakeTimer != -1) vertx.cancelTimer(wakeTimer);
        wakeTimer = -1;
    }

    private WardenException offline(OsdpCpDevice d) {
        return new WardenException(ErrorCode.DEVICE_OFFLINE, "PD %s on %s is offline".formatted(d.name(), transport.describe()));
    }

    private static boolean isReport(OsdpReply reply) {
        return reply instanceof OsdpReply.IStatR || reply instanceof OsdpReply.OStatR || reply instanceof OsdpReply.LStatR
                || reply instanceof OsdpReply.RStatR || reply instanceof OsdpReply.Raw || reply instanceof OsdpReply.Fmt
                || reply instanceof OsdpReply.Keypad || reply instanceof OsdpReply.MfgRep;
    }

    static String commandName(OsdpCpRequest r) {
        return "command 0x%02X".formatted(r.command.code());
    }

    static String nakText(OsdpReply.Nak n) {
        return "NAK 0x%02X (%s)".formatted(n.error(), OsdpCodes.nakMeaning(n.error()));
    }

    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
        if (context == null) return Future.failedFuture(new WardenException(ErrorCode.CONNECTION_CLOSED, transport.describe() + ": line not started"));
        if (Vertx.currentContext() == context) return action.get();
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(p));
        return p.future();
    }
}
