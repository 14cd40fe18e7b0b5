package io.warden.osdp.cp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.LinePermit;
import io.warden.adapter.api.WardenException;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCodes.NakReason;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.codec.OsdpFramer;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.transport.OsdpTransport;
import java.time.Duration;
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
 * offline PDs every {@code probeInterval} (with back-off for a PD that answers but fails its
 * start-up, e.g. with a wrong key). A timed-out operator command is re-sent byte for byte (same
 * SQN, same MAC) up to {@code commandRetries} times, never past its deadline; a timed-out poll is
 * re-sent at that PD's next turn so one silent PD does not stall the others. A reply counts only
 * when its SQN and type answer the request in flight. A PD with no valid reply for
 * {@code offlineAfter}, or that leaves a command (or the request ahead of one) unanswered through
 * every retry, is offline; commands to it fail at once and are never queued.
 *
 * <p>The bus is the line's state machine; it asks {@link OsdpCpSchedule} what goes next,
 * {@link OsdpCpReplyCheck} whether a frame answers the request in flight (and whether a secure
 * session's reply may be delivered), {@link OsdpCpCommandPolicy} whether an operator command may
 * still be sent and what its caller is told when not, and has {@link OsdpCpHealth} move PDs online
 * and offline. All state lives on one Vert.x context; public methods may be called from any thread.
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
    private final OsdpCpSchedule schedule;
    private final OsdpCpReplyCheck replies;
    private final OsdpCpCommandPolicy policy;
    private final OsdpCpHealth health;
    private final LinePermit permit;
    /** The permit refused the last time it was asked: logged once per episode. */
    private boolean refused;
    private OsdpCpRequest inFlight;
    private long replyTimer = -1;
    private long wakeTimer = -1;
    private boolean linkUp;
    private boolean stopped;

    public OsdpCpBus(Vertx vertx, OsdpTransport transport, OsdpCpOptions options, List<OsdpCpDeviceConfig> configs,
                     OsdpCpListener listener, OsdpCpStartup startup) {
        this(vertx, transport, options, configs, listener, startup, LinePermit.ALWAYS);
    }

    /**
     * @param permit asked right before every frame is written: while it refuses, nothing is written,
     *               operator commands fail with DEVICE_OFFLINE and polling skips its turns
     */
    public OsdpCpBus(Vertx vertx, OsdpTransport transport, OsdpCpOptions options, List<OsdpCpDeviceConfig> configs,
                     OsdpCpListener listener, OsdpCpStartup startup, LinePermit permit) {
        this.permit = java.util.Objects.requireNonNull(permit, "permit");
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
        this.schedule = new OsdpCpSchedule(devices.values(), startup, options);
        this.replies = new OsdpCpReplyCheck(transport::describe);
        this.policy = new OsdpCpCommandPolicy(options, transport::describe);
        this.health = new OsdpCpHealth(options, listener, schedule, policy, transport::describe);
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
            transport.restoredHandler(this::linkRestored);
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
     *
     * <p>The command is never transmitted, first time or again, once {@code deadlineNanos}
     * ({@link System#nanoTime()}) is too close to put its frame on the wire; the future fails with
     * DEVICE_TIMEOUT at the deadline at the latest, saying whether the PD may have acted.
     */
    public Future<OsdpReply> send(int address, OsdpCommand command, long deadlineNanos) {
        return onContext(() -> {
            if (stopped) return Future.failedFuture(new WardenException(ErrorCode.CONNECTION_CLOSED, transport.describe() + ": line stopped"));
            if (!permit.mayDrive()) return Future.failedFuture(notPermitted());
            OsdpCpDevice d = devices.get(address);
            if (d == null) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no PD 0x%02X on %s".formatted(address, transport.describe())));
            Promise<OsdpReply> p = Promise.promise();
            OsdpCpRequest r = new OsdpCpRequest(d, command, null, p, deadlineNanos);
            if (!policy.beforeDeadline(r)) return Future.failedFuture(deadlineMissed(r));
            if (!d.online) return Future.failedFuture(policy.offline(d));
            schedule.add(r);
            long timer = vertx.setTimer(OsdpCpCommandPolicy.millisToDeadline(r), id -> deadlineReached(r));
            p.future().onComplete(ar -> vertx.cancelTimer(timer));
            pump();
            return p.future();
        });
    }

    /**
     * The longest one door command (an OUT, then an OSTAT read) may take on this line when the PD
     * answers as the options allow: the request in flight ahead of each, every retry and BUSY wait.
     */
    public Duration commandTimeout() {
        return options.doorCommandTimeout();
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
        for (OsdpCpDevice d : devices.values()) {
            d.restart(now);
            d.lastValidReplyNanos = now; // silence is counted from here
        }
        log.info("event=link_up line=\"{}\" pds={}", transport.describe(), devices.size());
        pump();
    }

    /**
     * The link dropped, or could not be opened: pending commands fail with CONNECTION_CLOSED and every
     * PD is offline (reported once, not on every reconnect attempt). A stop closes the link too; that
     * is a stop, not a failure, and is not reported here. Any thread.
     */
    private void linkLost(Throwable cause) {
        if (Vertx.currentContext() != context) {
            context.runOnContext(v -> linkLost(cause));
            return;
        }
        if (stopped) return;
        boolean wasUp = linkUp;
        linkUp = false;
        String why = "connection closed: " + (cause == null ? "closed" : cause.getMessage());
        if (wasUp) log.warn("event=link_down line=\"{}\" cause=\"{}\"", transport.describe(), why);
        failAll(ErrorCode.CONNECTION_CLOSED, why);
        for (OsdpCpDevice d : devices.values()) health.offline(d, DeviceHealth.Reason.LINK_DOWN, why);
    }

    /** The link is back (a reconnecting transport reopened it): start every PD again. Any thread. */
    private void linkRestored() {
        context.runOnContext(v -> {
            if (!stopped && !linkUp) linkUp();
        });
    }

    // ---- scheduling ----

    private void pump() {
        if (inFlight != null || !linkUp || stopped) return;
        if (!permitted()) return;
        long now = System.nanoTime();
        for (OsdpCpRequest c = schedule.nextCommand(now); c != null; c = schedule.nextCommand(now)) {
            if (policy.beforeDeadline(c)) {
                transmit(c);
                return;
            }
            c.promise.tryFail(deadlineMissed(c));
        }
        OsdpCpRequest next = schedule.nextRoutine(now);
        if (next == null) {
            scheduleWake(now);
            return;
        }
        transmit(next);
    }

    /**
     * Whether this node may drive the line now. When not: queued commands fail with DEVICE_OFFLINE,
     * nothing is sent, and the line looks again a poll interval later (the gateway normally stops the
     * adapter once its lease is lost).
     */
    private boolean permitted() {
        if (permit.mayDrive()) {
            if (refused) log.info("event=line_permitted line=\"{}\"", transport.describe());
            refused = false;
            return true;
        }
        if (!refused) log.warn("event=line_not_permitted line=\"{}\" reason=\"{}\"", transport.describe(), permit.refusal());
        refused = true;
        for (OsdpCpRequest r : schedule.takeAll()) r.promise.tryFail(notPermitted());
        if (wakeTimer == -1) {
            wakeTimer = vertx.setTimer(Math.max(1, options.pollInterval().toMillis()), id -> {
                wakeTimer = -1;
                pump();
            });
        }
        return false;
    }

    private WardenException notPermitted() {
        return new WardenException(ErrorCode.DEVICE_OFFLINE, transport.describe() + ": " + permit.refusal());
    }

    private void scheduleWake(long now) {
        long ms = schedule.millisToNextDue(now);
        if (wakeTimer != -1 || ms < 0) return;
        wakeTimer = vertx.setTimer(ms, id -> {
            wakeTimer = -1;
            pump();
        });
    }

    private void transmit(OsdpCpRequest r) {
        if (!permitted()) {
            // Asked right before the write: a retry or a queued command lapsing here sends nothing.
            if (inFlight == r) inFlight = null;
            if (r.isOperatorCommand()) r.promise.tryFail(notPermitted());
            return;
        }
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
        r.refusedLast = false;
        replyTimer = vertx.setTimer(options.attemptMillis(r.wire.length), id -> timedOut(r));
        transport.write(r.wire).onFailure(e -> {
            if (inFlight == r) finishInFlight(r, new WardenException(ErrorCode.CONNECTION_CLOSED, "write failed on " + transport.describe() + ": " + e.getMessage()));
        });
    }

    // ---- deadlines ----

    /**
     * The caller's deadline: the future fails now. A queued command is dropped, one waiting to be
     * re-sent after BUSY is never re-sent; one in flight is not sent again, and its reply (or
     * silence) still moves the line's state but no longer reaches the caller.
     */
    private void deadlineReached(OsdpCpRequest r) {
        if (!r.wanted()) return;
        schedule.remove(r);
        r.promise.tryFail(deadlineMissed(r));
        pump();
    }

    private WardenException deadlineMissed(OsdpCpRequest r) {
        return policy.deadlineMissed(r, inFlight == r);
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

    private void replyFrame(OsdpFrame frame, Bytes wire) {
        OsdpCpRequest r = inFlight;
        if (OsdpCpReplyCheck.asksForReset(frame, r)) {
            // It may have run the command before it answered: the command is not re-sent, only not confirmed.
            resync(r, ErrorCode.PROTOCOL_ERROR, "PD %s answered %s with SQN 0: it restarted, the PD may have acted"
                    .formatted(r.device.name(), OsdpCpCommandPolicy.commandName(r)));
            return;
        }
        OsdpCpReplyCheck.Answer answer = replies.answer(r, frame, wire);
        if (answer == null) return;
        OsdpCpDevice d = r.device;
        if (answer.malformed() != null) {
            // A start-up step keeps its retries: the PD cannot go online on a reply it cannot use.
            if (r.isOperatorCommand() || d.phase == OsdpCpDevice.Phase.ONLINE) malformed(r, answer.malformed());
            return;
        }
        OsdpFrame plain = answer.plain();
        OsdpReply reply = answer.reply();
        cancelReplyTimer();
        d.lastValidReplyNanos = System.nanoTime();
        if (reply instanceof OsdpReply.Busy) {
            busy(r);
            return;
        }
        if (reply instanceof OsdpReply.Nak n && handleNak(r, n, plain.scb() == null)) return;
        d.advanceSqn();
        d.retry = null;
        inFlight = null;
        boolean deliver = replies.mayDeliver(d, frame, reply);
        // An operator's own status read answers its caller only; reports of the line's own requests
        // (POLL, start-up reads) go to the listener.
        if (deliver && OsdpCpReplyCheck.isReport(reply.code()) && !r.isOperatorCommand()) listener.onReport(d.address(), reply);
        if (r.isOperatorCommand()) {
            if (reply instanceof OsdpReply.Nak n) {
                r.promise.tryFail(policy.refused(r, n));
            } else if (!deliver) {
                r.promise.tryFail(policy.cleartextCredential(d));
            } else {
                r.promise.tryComplete(reply);
            }
        } else {
            startup.stepDone(d, plain, reply, listener);
        }
        if (d.phase == OsdpCpDevice.Phase.ONLINE && !d.online) health.online(d);
        if (d.phase == OsdpCpDevice.Phase.OFFLINE) {
            health.startupFailed(d);
        } else if (!r.isOperatorCommand() || d.phase != OsdpCpDevice.Phase.ONLINE) {
            d.nextDueNanos = System.nanoTime() + (d.phase == OsdpCpDevice.Phase.ONLINE ? options.pollInterval().toNanos() : 0);
        }
        pump();
    }

    /**
     * The PD answered with a payload that does not decode: the exchange is over (its SQN is used),
     * an operator command fails with PROTOCOL_ERROR, a poll is done.
     */
    private void malformed(OsdpCpRequest r, String why) {
        OsdpCpDevice d = r.device;
        cancelReplyTimer();
        d.lastValidReplyNanos = System.nanoTime();
        d.advanceSqn();
        d.retry = null;
        inFlight = null;
        if (r.isOperatorCommand()) {
            r.promise.tryFail(new WardenException(ErrorCode.PROTOCOL_ERROR, "PD %s answered %s with a malformed reply: %s"
                    .formatted(d.name(), OsdpCpCommandPolicy.commandName(r), why)));
        } else {
            d.nextDueNanos = System.nanoTime() + options.pollInterval().toNanos();
        }
        pump();
    }

    /**
     * BUSY: not done; the same frame (same SQN, same MAC) goes again after a pause (osdp.md §5), at
     * most {@code busyRetries} times for an operator command, never after its deadline.
     */
    private void busy(OsdpCpRequest r) {
        OsdpCpDevice d = r.device;
        inFlight = null;
        r.busies++;
        r.refusedLast = true;
        if (policy.busyExhausted(r)) {
            r.promise.tryFail(policy.busy(r));
        } else if (r.wanted()) {
            d.retry = r;
            d.nextDueNanos = System.nanoTime() + options.busyDelay().toNanos();
        }
        pump();
    }

    /** NAKs that end the exchange differently; returns true when handled here. */
    private boolean handleNak(OsdpCpRequest r, OsdpReply.Nak n, boolean plaintext) {
        OsdpCpDevice d = r.device;
        if (NakReason.SEQUENCE.is(n.error())) {
            resyncAndRetry(r, "PD %s reported a sequence error".formatted(d.name()));
            return true;
        }
        if (plaintext && d.session != null && (NakReason.SC_REQUIRED.is(n.error()) || NakReason.SC_UNSUPPORTED.is(n.error()))) {
            resyncAndRetry(r, "PD %s dropped the secure channel: %s".formatted(d.name(), OsdpCpCommandPolicy.nakText(n)));
            return true;
        }
        return false;
    }

    /**
     * The PD refused the request because it lost step (it restarted, or dropped the session): it did
     * not act. The PD starts again from ID; an operator command goes first once it is back, with a
     * new SQN (and MAC), if its deadline still allows.
     */
    private void resyncAndRetry(OsdpCpRequest r, String why) {
        if (!r.isOperatorCommand() || !r.wanted()) {
            resync(r, ErrorCode.PROTOCOL_ERROR, why);
            return;
        }
        r.wire = null;
        r.refusedLast = true;
        schedule.addFirst(r);
        restart(r.device, why + "; " + OsdpCpCommandPolicy.commandName(r) + " sent again once it is back");
    }

    private void timedOut(OsdpCpRequest r) {
        replyTimer = -1;
        if (inFlight != r) return;
        framer.reset();
        r.unanswered++;
        if (r.badSecureReply && r.device.phase == OsdpCpDevice.Phase.ONLINE) {
            // The PD answered, but not inside our session (its MAC chain went astray, or it lost the
            // session): a re-send would get the same reply from its cache. A new session, from ID.
            // Once: a PD that does it again during that start-up is left to its timers (offline, probe).
            resync(r, ErrorCode.PROTOCOL_ERROR, "PD %s answered %s outside the secure session, the PD may have acted"
                    .formatted(r.device.name(), OsdpCpCommandPolicy.commandName(r)));
            return;
        }
        if (r.isOperatorCommand()) {
            commandTimedOut(r);
            return;
        }
        inFlight = null;
        health.ownRequestUnanswered(r, System.nanoTime());
        pump();
    }

    /**
     * An operator command went unanswered: the same bytes again while retries and the deadline
     * allow; then it fails with DEVICE_TIMEOUT. Nobody knows whether the PD ran it, so the PD is
     * restarted from ID (its SQN is unknown) and, when every retry went unanswered, marked offline.
     */
    private void commandTimedOut(OsdpCpRequest r) {
        OsdpCpDevice d = r.device;
        if (policy.resend(r)) {
            transmit(r);
            return;
        }
        inFlight = null;
        if (!policy.retriesLeft(r)) {
            String why = "no answer to %s after %d attempts".formatted(OsdpCpCommandPolicy.commandName(r), r.unanswered);
            health.offline(d, DeviceHealth.Reason.COMMUNICATION_ERROR, why);
            r.promise.tryFail(policy.unanswered(d, why));
            pump();
        } else {
            r.promise.tryFail(deadlineMissed(r));
            resync(r, ErrorCode.DEVICE_TIMEOUT, "PD %s left %s unanswered at its deadline".formatted(d.name(), OsdpCpCommandPolicy.commandName(r)));
        }
    }

    /**
     * The PD lost step with us (sequence error, secure channel dropped, a command abandoned without
     * a reply): fail the request, restart the PD from ID with SQN 0 and, where configured, a new
     * secure session.
     */
    private void resync(OsdpCpRequest r, ErrorCode code, String why) {
        if (r.isOperatorCommand()) r.promise.tryFail(OsdpCpCommandPolicy.notConfirmed(code, why));
        restart(r.device, why);
    }

    private void restart(OsdpCpDevice d, String why) {
        cancelReplyTimer();
        inFlight = null;
        if (d.phase != OsdpCpDevice.Phase.ONLINE) {
            // Out of step again before it was back: a failed start-up, probed again with back-off. At
            // once, a PD that refuses its start-up (a handshake, say) would be restarted at line speed.
            d.problem = why;
            d.problemReason = DeviceHealth.Reason.COMMUNICATION_ERROR;
            health.startupFailed(d);
            pump();
            return;
        }
        log.info("event=pd_resync pd={} line=\"{}\" reason=\"{}\"", d.name(), transport.describe(), why);
        d.restart(System.nanoTime());
        pump();
    }

    private void finishInFlight(OsdpCpRequest r, WardenException e) {
        cancelReplyTimer();
        inFlight = null;
        if (r.isOperatorCommand()) r.promise.tryFail(e);
    }

    private void failAll(ErrorCode code, String why) {
        cancelReplyTimer();
        if (inFlight != null && inFlight.isOperatorCommand()) inFlight.promise.tryFail(new WardenException(code, why));
        inFlight = null;
        for (OsdpCpRequest r : schedule.takeAll()) r.promise.tryFail(new WardenException(code, why));
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

    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
        if (context == null) return Future.failedFuture(new WardenException(ErrorCode.CONNECTION_CLOSED, transport.describe() + ": line not started"));
        if (Vertx.currentContext() == context) return action.get();
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(p));
        return p.future();
    }
}
