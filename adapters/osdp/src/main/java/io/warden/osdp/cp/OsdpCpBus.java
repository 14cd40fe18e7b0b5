package io.warden.osdp.cp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DeviceHealth;
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
 * offline PDs every {@code probeInterval} (with back-off for a PD that answers but fails its
 * start-up, e.g. with a wrong key). A timed-out operator command is re-sent byte for byte (same
 * SQN, same MAC) up to {@code commandRetries} times, never past its deadline; a timed-out poll is
 * re-sent at that PD's next turn so one silent PD does not stall the others. A reply counts only
 * when its SQN and type answer the request in flight. A PD with no valid reply for
 * {@code offlineAfter}, or that leaves a command (or the request ahead of one) unanswered through
 * every retry, is offline; commands to it fail at once and are never queued.
 *
 * <p>Inside a secure session, replies must carry a valid MAC (plaintext NAK and BUSY excepted, as
 * the protocol has them). Status, ACK, NAK and identification replies may come MAC-only (SCS_16, or
 * libosdp's SCS_15); card data and keypad digits (RAW, FMT, KEYPAD) must come encrypted (SCS_18):
 * sent otherwise they are logged ({@code event=cleartext_credential_refused}) and never delivered.
 * All state lives
 * on one Vert.x context; public methods may be called from any thread.
 */
public final class OsdpCpBus {
    private static final Logger log = LoggerFactory.getLogger(OsdpCpBus.class);
    /** The longest a PD that answers but fails its start-up waits between attempts. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Time a frame may spend in OS buffers, USB adapters or serial servers before the PD has it. */
    private static final Duration DELIVERY_GUARD = Duration.ofMillis(20);

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
     *
     * <p>The command is never transmitted, first time or again, once {@code deadlineNanos}
     * ({@link System#nanoTime()}) is too close to put its frame on the wire; the future fails with
     * DEVICE_TIMEOUT at the deadline at the latest, saying whether the PD may have acted.
     */
    public Future<OsdpReply> send(int address, OsdpCommand command, long deadlineNanos) {
        return onContext(() -> {
            if (stopped) return Future.failedFuture(new WardenException(ErrorCode.CONNECTION_CLOSED, transport.describe() + ": line stopped"));
            OsdpCpDevice d = devices.get(address);
            if (d == null) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no PD 0x%02X on %s".formatted(address, transport.describe())));
            Promise<OsdpReply> p = Promise.promise();
            OsdpCpRequest r = new OsdpCpRequest(d, command, null, p, deadlineNanos);
            if (!beforeDeadline(r)) return Future.failedFuture(deadlineMissed(r));
            if (!d.online) return Future.failedFuture(offline(d));
            commands.add(r);
            long ms = Math.max(1, (deadlineNanos - System.nanoTime() + 999_999) / 1_000_000);
            long timer = vertx.setTimer(ms, id -> deadlineReached(r));
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
        for (OsdpCpDevice d : order) {
            d.restart(now);
            d.lastValidReplyNanos = now; // silence is counted from here
        }
        log.info("event=link_up line=\"{}\" pds={}", transport.describe(), order.size());
        pump();
    }

    /**
     * The link dropped, or could not be opened: pending commands fail with CONNECTION_CLOSED and every
     * PD is offline (reported once, not on every reconnect attempt). A stop closes the link too; that
     * is a stop, not a failure, and is not reported here. Any thread.
     */
    public void linkLost(Throwable cause) {
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
        for (OsdpCpDevice d : order) markOffline(d, DeviceHealth.Reason.LINK_DOWN, why);
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
        for (OsdpCpRequest c = nextCommand(now); c != null; c = nextCommand(now)) {
            if (beforeDeadline(c)) {
                transmit(c);
                return;
            }
            c.promise.tryFail(deadlineMissed(c));
        }
        OsdpCpRequest next = nextRoutine(now);
        if (next == null) {
            scheduleWake(now);
            return;
        }
        transmit(next);
    }

    /**
     * An operator command to send now: first one a PD answered BUSY to, once its pause is over; then
     * the oldest queued one whose PD is online with nothing of its own to re-send. Commands whose
     * caller gave up are dropped.
     */
    private OsdpCpRequest nextCommand(long now) {
        for (OsdpCpDevice d : order) {
            OsdpCpRequest r = d.retry;
            if (r != null && r.isOperatorCommand() && (!r.wanted() || d.nextDueNanos - now <= 0)) {
                d.retry = null;
                if (r.wanted()) return r;
            }
        }
        for (var it = commands.iterator(); it.hasNext(); ) {
            OsdpCpRequest r = it.next();
            if (!r.wanted()) {
                it.remove();
            } else if (r.device.phase == OsdpCpDevice.Phase.ONLINE && r.device.retry == null) {
                it.remove();
                return r;
            }
        }
        return null;
    }

    /**
     * The next PD whose turn it is: a retry, a start-up step, a poll or a probe. A PD that a command
     * waits for has its turn at once. A PD holding a command it must re-send after BUSY gets nothing
     * else: any other frame would take that command's SQN.
     */
    private OsdpCpRequest nextRoutine(long now) {
        for (int i = 0; i < order.size(); i++) {
            OsdpCpDevice d = order.get((roundRobin + i) % order.size());
            if (d.retry != null && d.retry.isOperatorCommand()) continue;
            if (d.nextDueNanos - now > 0 && !(d.retry != null && commandWaiting(d))) continue;
            roundRobin = (roundRobin + i + 1) % order.size();
            if (d.retry != null) return d.retry;
            if (d.phase == OsdpCpDevice.Phase.OFFLINE) d.restart(now);
            return startup.nextStep(d);
        }
        return null;
    }

    private boolean commandWaiting(OsdpCpDevice d) {
        for (OsdpCpRequest r : commands) {
            if (r.device == d && r.wanted()) return true;
        }
        return false;
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
        r.refusedLast = false;
        replyTimer = vertx.setTimer(options.attemptMillis(r.wire.length), id -> timedOut(r));
        transport.write(r.wire).onFailure(e -> {
            if (inFlight == r) finishInFlight(r, new WardenException(ErrorCode.CONNECTION_CLOSED, "write failed on " + transport.describe() + ": " + e.getMessage()));
        });
    }

    // ---- deadlines ----

    /**
     * Whether the request's frame can still be put on the wire and reach the PD before its deadline:
     * its transmit time at the baud rate plus {@link #DELIVERY_GUARD} for the OS and converters.
     */
    private boolean beforeDeadline(OsdpCpRequest r) {
        if (r.deadlineNanos == Long.MAX_VALUE) return true;
        long onWire = options.transmitMillis(r.wire != null ? r.wire.length : OsdpCpOptions.DOOR_COMMAND_BYTES) * 1_000_000L;
        return r.deadlineNanos - System.nanoTime() > onWire + DELIVERY_GUARD.toNanos();
    }

    /**
     * The caller's deadline: the future fails now. A queued command is dropped, one waiting to be
     * re-sent after BUSY is never re-sent; one in flight is not sent again, and its reply (or
     * silence) still moves the line's state but no longer reaches the caller.
     */
    private void deadlineReached(OsdpCpRequest r) {
        if (!r.wanted()) return;
        commands.remove(r);
        if (r.device.retry == r) r.device.retry = null;
        r.promise.tryFail(deadlineMissed(r));
        pump();
    }

    private WardenException deadlineMissed(OsdpCpRequest r) {
        String state;
        if (r.attempts == 0) {
            state = "it was never sent, the PD did not act";
        } else if (r.refusedLast && inFlight != r) {
            state = "the PD refused it (BUSY, or out of step) and did not act";
        } else {
            state = "it was sent %d time(s) without a reply: it reached the PD or not, the PD may have acted".formatted(r.attempts);
        }
        return new WardenException(ErrorCode.DEVICE_TIMEOUT, "deadline passed for %s to PD %s on %s; %s"
                .formatted(commandName(r), r.device.name(), transport.describe(), state));
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
        if (!r.answeredBy(frame)) {
            log.info("event=reply_mismatch pd={} line=\"{}\" expected_sqn={} got_sqn={} command=0x{} reply=0x{} action=dropped",
                    d.name(), transport.describe(), r.sqn, frame.sqn(), Integer.toHexString(r.command.code()), Integer.toHexString(frame.code()));
            return;
        }
        OsdpFrame plain = frame;
        if (d.session != null) {
            try {
                plain = d.session.openReply(frame, wire);
            } catch (OsdpSecurityException e) {
                // Never taken as the answer; the request's own reply may still follow, else its timer resyncs.
                log.info("event=reply_rejected pd={} line=\"{}\" reason=\"{}\"", d.name(), transport.describe(), e.getMessage());
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
            busy(r);
            return;
        }
        if (reply instanceof OsdpReply.Nak n && handleNak(r, n, plain.scb() == null)) return;
        d.advanceSqn();
        d.retry = null;
        inFlight = null;
        boolean deliver = !(d.session != null && frame.scbType() != OsdpCodes.SCS_18 && OsdpCpRequest.carriesCredential(reply));
        if (!deliver) {
            log.warn("event=cleartext_credential_refused pd={} line=\"{}\" reply=0x{} scb={}", d.name(), transport.describe(),
                    Integer.toHexString(frame.code()), frame.scbType());
        }
        // An operator's own status read answers its caller only; reports of the line's own requests
        // (POLL, start-up reads) go to the listener.
        if (deliver && isReport(reply) && !r.isOperatorCommand()) listener.onReport(d.address(), reply);
        if (r.isOperatorCommand()) {
            if (reply instanceof OsdpReply.Nak n) {
                r.promise.tryFail(new WardenException(ErrorCode.DEVICE_REJECTED, "PD %s refused %s: %s".formatted(d.name(), commandName(r), nakText(n))));
            } else if (!deliver) {
                r.promise.tryFail(new WardenException(ErrorCode.SECURE_CHANNEL_FAILED, "PD %s sent card or keypad data without encryption".formatted(d.name())));
            } else {
                r.promise.tryComplete(reply);
            }
        } else {
            startup.stepDone(d, plain, reply, listener);
        }
        if (d.phase == OsdpCpDevice.Phase.ONLINE && !d.online) online(d);
        if (d.phase == OsdpCpDevice.Phase.OFFLINE) {
            startupFailed(d);
        } else if (!r.isOperatorCommand() || d.phase != OsdpCpDevice.Phase.ONLINE) {
            d.nextDueNanos = System.nanoTime() + (d.phase == OsdpCpDevice.Phase.ONLINE ? options.pollInterval().toNanos() : 0);
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
        if (r.isOperatorCommand() && r.busies > options.busyRetries()) {
            r.promise.tryFail(new WardenException(ErrorCode.DEVICE_BUSY, "PD %s answered BUSY %d times to %s; it did not act"
                    .formatted(d.name(), r.busies, commandName(r))));
        } else if (r.wanted()) {
            d.retry = r;
            d.nextDueNanos = System.nanoTime() + options.busyDelay().toNanos();
        }
        pump();
    }

    /** NAKs that end the exchange differently; returns true when handled here. */
    private boolean handleNak(OsdpCpRequest r, OsdpReply.Nak n, boolean plaintext) {
        OsdpCpDevice d = r.device;
        if (n.error() == OsdpCodes.NAK_SEQUENCE) {
            resyncAndRetry(r, "PD %s reported a sequence error".formatted(d.name()));
            return true;
        }
        if (plaintext && d.session != null && (n.error() == OsdpCodes.NAK_SC_REQUIRED || n.error() == OsdpCodes.NAK_SC_UNSUPPORTED)) {
            resyncAndRetry(r, "PD %s dropped the secure channel: %s".formatted(d.name(), nakText(n)));
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
        commands.addFirst(r);
        restart(r.device, why + "; command 0x%02X sent again once it is back".formatted(r.command.code()));
    }

    private void timedOut(OsdpCpRequest r) {
        replyTimer = -1;
        if (inFlight != r) return;
        framer.reset();
        r.unanswered++;
        if (r.isOperatorCommand()) {
            commandTimedOut(r);
            return;
        }
        OsdpCpDevice d = r.device;
        long now = System.nanoTime();
        boolean silentTooLong = now - d.lastValidReplyNanos >= options.offlineAfter().toNanos();
        inFlight = null;
        if (d.online && silentTooLong) {
            markOffline(d, DeviceHealth.Reason.COMMUNICATION_ERROR, "no valid reply for %.1f s".formatted((now - d.lastValidReplyNanos) / 1e9));
        } else if (!d.online) {
            // Start-up or probe unanswered: try again from ID at the next probe. A PD is called
            // offline only after the same grace period as an online one (a cold start's first reply
            // may be slow), and only once.
            if (silentTooLong) {
                markOffline(d, DeviceHealth.Reason.COMMUNICATION_ERROR, "no answer from PD " + d.name());
            } else {
                d.phase = OsdpCpDevice.Phase.OFFLINE;
                d.nextDueNanos = now + options.probeInterval().toNanos();
            }
        } else if (commandWaiting(d) && r.unanswered > options.commandRetries()) {
            // A command waits behind this request, which a PD that just died will never answer: the
            // command fails after as many attempts as its own would get, and the PD is offline now.
            // Offline first, so that whoever sees the failure also sees the PD offline.
            String why = "no answer to %d attempts".formatted(r.unanswered);
            List<OsdpCpRequest> waiting = commands.stream().filter(c -> c.device == d).toList();
            commands.removeAll(waiting);
            markOffline(d, DeviceHealth.Reason.COMMUNICATION_ERROR, why);
            for (OsdpCpRequest c : waiting) {
                c.promise.tryFail(new WardenException(ErrorCode.DEVICE_TIMEOUT, "PD %s on %s: %s; %s was never sent, the PD did not act"
                        .formatted(d.name(), transport.describe(), why, commandName(c))));
            }
        } else {
            d.retry = r;
            d.nextDueNanos = now + options.pollInterval().toNanos();
        }
        pump();
    }

    /**
     * An operator command went unanswered: the same bytes again while retries and the deadline
     * allow; then it fails with DEVICE_TIMEOUT. Nobody knows whether the PD ran it, so the PD is
     * restarted from ID (its SQN is unknown) and, when every retry went unanswered, marked offline.
     */
    private void commandTimedOut(OsdpCpRequest r) {
        OsdpCpDevice d = r.device;
        boolean retriesLeft = r.unanswered <= options.commandRetries();
        if (r.wanted() && retriesLeft && beforeDeadline(r)) {
            transmit(r);
            return;
        }
        inFlight = null;
        if (!retriesLeft) {
            String why = "no answer to %s after %d attempts".formatted(commandName(r), r.unanswered);
            markOffline(d, DeviceHealth.Reason.COMMUNICATION_ERROR, why);
            r.promise.tryFail(new WardenException(ErrorCode.DEVICE_TIMEOUT, "PD %s on %s: %s; the PD may have acted"
                    .formatted(d.name(), transport.describe(), why)));
            pump();
        } else {
            r.promise.tryFail(deadlineMissed(r));
            resync(r, ErrorCode.DEVICE_TIMEOUT, "PD %s left %s unanswered at its deadline".formatted(d.name(), commandName(r)));
        }
    }

    /**
     * The PD lost step with us (sequence error, secure channel dropped, a command abandoned without
     * a reply): fail the request, restart the PD from ID with SQN 0 and, where configured, a new
     * secure session.
     */
    private void resync(OsdpCpRequest r, ErrorCode code, String why) {
        if (r.isOperatorCommand()) r.promise.tryFail(new WardenException(code, why + "; command not confirmed"));
        restart(r.device, why);
    }

    private void restart(OsdpCpDevice d, String why) {
        cancelReplyTimer();
        inFlight = null;
        log.info("event=pd_resync pd={} line=\"{}\" reason=\"{}\"", d.name(), transport.describe(), why);
        d.restart(System.nanoTime());
        pump();
    }

    /** The PD answered but its start-up failed (a wrong key, say): offline, tried again with back-off. */
    private void startupFailed(OsdpCpDevice d) {
        d.failedStartups++;
        markOffline(d, d.problemReason == null ? DeviceHealth.Reason.COMMUNICATION_ERROR : d.problemReason, d.problem);
        long backoff = options.probeInterval().toNanos() << Math.min(d.failedStartups - 1, 5);
        d.nextDueNanos = System.nanoTime() + Math.min(backoff, Math.max(options.probeInterval().toNanos(), MAX_BACKOFF.toNanos()));
    }

    private void online(OsdpCpDevice d) {
        d.online = true;
        d.reportedOffline = false;
        d.failedStartups = 0;
        String detail = d.session != null ? "secure channel established" : "plaintext" + (d.plaintextReason == null ? "" : " (" + d.plaintextReason + ")");
        log.info("event=pd_online pd={} line=\"{}\" detail=\"{}\"", d.name(), transport.describe(), detail);
        listener.onOnline(d.address(), detail);
    }

    private void markOffline(OsdpCpDevice d, DeviceHealth.Reason reason, String why) {
        boolean wasOnline = d.online;
        d.online = false;
        d.phase = OsdpCpDevice.Phase.OFFLINE;
        d.session = null;
        if (d.retry != null && d.retry.isOperatorCommand()) d.retry.promise.tryFail(offline(d));
        d.retry = null;
        d.nextDueNanos = System.nanoTime() + options.probeInterval().toNanos();
        for (var it = commands.iterator(); it.hasNext(); ) {
            OsdpCpRequest r = it.next();
            if (r.device == d) { // never kept for later: a stale unlock is dangerous
                it.remove();
                r.promise.tryFail(offline(d));
            }
        }
        if (wasOnline || !d.reportedOffline) {
            d.reportedOffline = true;
            log.warn("event=pd_offline pd={} line=\"{}\" reason={} detail=\"{}\"", d.name(), transport.describe(), reason, why);
            listener.onOffline(d.address(), reason, why);
        }
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
        for (OsdpCpRequest r : commands) r.promise.tryFail(new WardenException(code, why));
        commands.clear();
        for (OsdpCpDevice d : order) {
            if (d.retry != null && d.retry.isOperatorCommand()) d.retry.promise.tryFail(new WardenException(code, why));
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
        return OsdpCpRequest.isReport(reply.code());
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
