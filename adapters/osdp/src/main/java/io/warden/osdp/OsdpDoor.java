package io.warden.osdp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.Credential;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorCommandResult;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.DoorState.ContactState;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.ReaderSignal;
import io.warden.adapter.api.WardenException;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpCommand.OutputControl;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.cp.OsdpCpBus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One door on an OSDP PD: a strike output, a contact input, a REX input and a reader.
 *
 * <p><b>Commands</b> compose as {@link DoorCommand} says ({@link OsdpDoorIntent} plans them): lock
 * and unlock set the strike output permanently (codes 1 and 2, cancelling any timed operation); a
 * pulse, or an unlock until a time the PD can time, sets the permanent state to locked and then a
 * temporary unlock (code 5 or 6), so the PD relocks by itself even if the gateway is gone. An unlock
 * until a time beyond the PD's timer is a permanent unlock: the gateway relocks at its end. The
 * commands of one door run one after the other, in the order they were given, so the read that
 * confirms a command sees that command's effect and no later one's. A command is confirmed only when
 * the PD ACKed it and an OSTAT read shows the strike as commanded.
 *
 * <p><b>Lock state</b> comes only from OSTAT replies, applied in the order the line received them.
 * With one request in flight per line, that is the order the PD sampled its outputs, so the newest
 * reply is the truth. An OSTATR a PD volunteers in answer to POLL is a snapshot queued when the
 * output changed, possibly before commands and reads the line has completed since: it only triggers a
 * read. Many PDs volunteer nothing, not even when their own timer relocks the strike, so the door
 * reads its output when the PD's timer should have ended and every {@link #STATUS_READ_INTERVAL}
 * otherwise (a change made at the panel is seen too). A relock is never assumed, only read.
 *
 * <p><b>Events.</b> Forced open: the contact opens while the strike is locked and neither an unlock
 * nor a REX came first. Held open: the door stays open past its allowed time after a legitimate
 * opening and the strike is locked (again). Reports, timers and state changes run on the line's
 * context; {@link #execute} may be called from any thread.
 *
 * <p><b>Reader signals</b> ({@link #signal}) drive the LED and buzzer of the door's reader, as
 * {@link OsdpReaderSignal} lays them out; a door wired without a reader cannot show them.
 */
final class OsdpDoor implements DoorController {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OsdpDoor.class);
    /**
     * How often the door reads its strike output when nothing else made it read: a change made at
     * the panel shows within 5 s, for one short OSTAT exchange per door per 5 s on the line.
     */
    static final Duration STATUS_READ_INTERVAL = Duration.ofSeconds(5);
    /** How long after the PD's timer should have ended the door reads the output: PD timers count in 100 ms steps and start late by a poll or two. */
    static final Duration TIMER_END_MARGIN = Duration.ofMillis(250);

    private final AdapterSpec.Door spec;
    private final OsdpDoorPoint point;
    private final String deviceId;
    private final OsdpCpBus bus;
    private final AdapterContext ctx;
    private volatile DoorState state = DoorState.UNKNOWN;
    /** The line's context, known from the first report or health change; commands run on it. */
    private volatile Context line;
    /** The last command of this door, queued or running; the next one starts after it. */
    private Future<?> lastCommand = Future.succeededFuture();
    private OsdpDoorIntent intent = OsdpDoorIntent.LOCKED;
    /** An opening before this instant is legitimate (an unlock or a REX preceded it). */
    private Instant authorizedUntil = Instant.MIN;
    private long heldOpenTimer = -1;
    /** A legitimate opening outlasted its time while the strike was still unlocked: held open once it locks. */
    private Instant heldOpenSince;
    private long timerEndRead = -1;
    private long statusReads = -1;
    private int readsInFlight;
    /** The PD's timer ended while reads were on their way, sent before it maybe: read once they are back. */
    private boolean readWhenBack;
    private boolean rexActive;
    private boolean stopped;

    OsdpDoor(AdapterSpec.Door spec, OsdpDoorPoint point, String deviceId, OsdpCpBus bus, AdapterContext ctx) {
        this.spec = spec;
        this.point = point;
        this.deviceId = deviceId;
        this.bus = bus;
        this.ctx = ctx;
    }

    @Override
    public String doorId() {
        return spec.id();
    }

    @Override
    public DoorState state() {
        return state;
    }

    OsdpDoorPoint point() {
        return point;
    }

    @Override
    public Duration commandTimeout() {
        return bus.commandTimeout();
    }

    @Override
    public Future<DoorCommandResult> execute(DoorCommand command, Instant deadline) {
        long started = System.nanoTime();
        long deadlineNanos = started + Duration.between(ctx.clock().instant(), deadline).toNanos();
        Context c = line;
        if (c == null || !bus.isOnline(point.address())) {
            return Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE,
                    "door %s: its controller %s is offline".formatted(spec.id(), deviceId)));
        }
        Promise<DoorCommandResult> result = Promise.promise();
        c.runOnContext(v -> {
            Future<DoorCommandResult> f = lastCommand.transform(previous -> run(command, started, deadlineNanos));
            lastCommand = f;
            f.onComplete(result);
        });
        return result.future();
    }

    /**
     * osdp_LED, then osdp_BUZ, to the door's reader ({@link OsdpReaderSignal} says what each signal
     * shows). Not queued behind the door's commands; the line sends one request at a time anyway.
     * Neither frame goes out once the deadline has passed; a NAK to the LED means no BUZ.
     */
    @Override
    public Future<Void> signal(ReaderSignal signal, Duration ledFor, Instant deadline) {
        if (point.reader() < 0) {
            return Future.failedFuture(new WardenException(ErrorCode.UNSUPPORTED, "door %s has no reader".formatted(spec.id())));
        }
        long deadlineNanos = System.nanoTime() + Duration.between(ctx.clock().instant(), deadline).toNanos();
        if (line == null || !bus.isOnline(point.address())) {
            return Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE,
                    "door %s: its controller %s is offline".formatted(spec.id(), deviceId)));
        }
        if (signal == null || ledFor == null || ledFor.isNegative()) {
            return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST,
                    "door %s: a reader signal needs a signal and an LED time of 0 or more, not %s for %s".formatted(spec.id(), signal, ledFor)));
        }
        OsdpCommand.Led led = OsdpReaderSignal.led(point.reader(), signal, ledFor);
        OsdpCommand.Buz buz = OsdpReaderSignal.buz(point.reader(), signal);
        return bus.send(point.address(), led, deadlineNanos)
                .compose(ack -> bus.send(point.address(), buz, deadlineNanos))
                .mapEmpty();
    }

    /** One command, on the line's context, once the door's previous command is done. */
    private Future<DoorCommandResult> run(DoorCommand command, long started, long deadlineNanos) {
        OsdpDoorIntent.Plan plan;
        try {
            plan = plan(command);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST, "door %s: %s".formatted(spec.id(), e.getMessage())));
        }
        if (!plan.sendsNothing()) return carryOut(command, plan, started, deadlineNanos);
        // Nothing to send as far as the door knows, but the panel may have relocked the strike a
        // moment ago: read it, and plan again with what the PD says now.
        return readOutputs(deadlineNanos).compose(lock -> {
            OsdpDoorIntent.Plan fresh = plan(command);
            return fresh.sendsNothing() ? confirm(command, fresh, lock, started) : carryOut(command, fresh, started, deadlineNanos);
        });
    }

    private OsdpDoorIntent.Plan plan(DoorCommand command) {
        return intent.plan(command, ctx.clock().instant(), spec.pulse(), state.lock());
    }

    /** Sends what {@code plan} says, then reads the strike back and confirms it. */
    private Future<DoorCommandResult> carryOut(DoorCommand command, OsdpDoorIntent.Plan plan, long started, long deadlineNanos) {
        List<OutputControl> out = new ArrayList<>(2);
        if (plan.permanentUnlocked() != null) out.add(permanent(plan.permanentUnlocked()));
        if (plan.temporaryUnlock() != null) out.add(temporaryUnlock(plan.temporaryUnlock()));
        return bus.send(point.address(), new OsdpCommand.Out(out), deadlineNanos).compose(ack -> {
            intended(plan.next());
            return readOutputs(deadlineNanos).recover(e -> Future.failedFuture(notReadBack(command, e)));
        }).compose(lock -> confirm(command, plan, lock, started));
    }

    private Future<DoorCommandResult> confirm(DoorCommand command, OsdpDoorIntent.Plan plan, LockState reported, long started) {
        LockState expected = plan.expectUnlocked() ? LockState.UNLOCKED : LockState.LOCKED;
        if (reported != expected) {
            intended(OsdpDoorIntent.reported(reported));
            log.warn("event=door_command_not_carried_out door={} device={} command={} reported={}", spec.id(), deviceId, command.name(), reported);
            return Future.failedFuture(new WardenException(ErrorCode.DEVICE_REJECTED,
                    "door %s: %s was ACKed but the PD reports the strike %s".formatted(spec.id(), command.name(), reported)));
        }
        return Future.succeededFuture(new DoorCommandResult(spec.id(), command, state, Duration.ofNanos(System.nanoTime() - started),
                describe(plan) + ", PD " + deviceId + " confirmed"));
    }

    /** The PD ACKed: this is what the door is now told to be; arm the read for when its timer ends. */
    private void intended(OsdpDoorIntent next) {
        intent = next;
        if (!next.unlocked()) authorizedUntil = Instant.MIN;
        else if (next.until() != null && next.until().isAfter(authorizedUntil)) authorizedUntil = next.until();
        if (timerEndRead != -1) ctx.vertx().cancelTimer(timerEndRead);
        timerEndRead = -1;
        if (next.until() != null && next.deviceTimed()) {
            long ms = Duration.between(ctx.clock().instant(), next.until()).plus(TIMER_END_MARGIN).toMillis();
            timerEndRead = ctx.vertx().setTimer(Math.max(1, ms), id -> {
                timerEndRead = -1;
                if (readsInFlight > 0) readWhenBack = true;
                else backgroundRead();
            });
        }
    }

    private String describe(OsdpDoorIntent.Plan plan) {
        OsdpDoorIntent next = plan.next();
        if (plan.sendsNothing()) {
            return "output %d already %s%s, nothing sent".formatted(point.strike(), levelName(true),
                    next.until() == null ? " until a lock" : " until " + next.until() + ", relocked by the gateway");
        }
        if (!next.unlocked()) return "output %d %s".formatted(point.strike(), levelName(false));
        if (plan.permanentUnlocked() == null) {
            return "output %d %s for %.1f s, then as the PD had it".formatted(point.strike(), levelName(true), plan.temporaryUnlock().toMillis() / 1000.0);
        }
        if (next.until() == null) return "output %d %s".formatted(point.strike(), levelName(true));
        if (!next.deviceTimed()) {
            return "output %d %s until %s, beyond the PD's timer: relocked by the gateway".formatted(point.strike(), levelName(true), next.until());
        }
        return "output %d %s for %.1f s, relocked by the PD".formatted(point.strike(), levelName(true), plan.temporaryUnlock().toMillis() / 1000.0);
    }

    private OutputControl permanent(boolean unlocked) {
        return unlocked == point.unlockedLevel() ? OutputControl.permanentOn(point.strike()) : OutputControl.permanentOff(point.strike());
    }

    private OutputControl temporaryUnlock(Duration d) {
        int timer = (int) Math.max(1, (d.toMillis() + 99) / 100);
        int code = point.unlockedLevel() ? OutputControl.TEMPORARY_ON : OutputControl.TEMPORARY_OFF;
        return new OutputControl(point.strike(), code, timer);
    }

    private String levelName(boolean unlocked) {
        return (unlocked == point.unlockedLevel() ? "on" : "off") + (unlocked ? " (unlocked)" : " (locked)");
    }

    // ---- reports from the PD, on the line's context ----

    void onReport(OsdpReply reply) {
        line = Vertx.currentContext();
        Instant at = ctx.clock().instant();
        if (reply instanceof OsdpReply.OStatR) {
            backgroundRead(); // a snapshot of unknown age: read what the outputs are now
        } else if (reply instanceof OsdpReply.IStatR i) {
            inputs(i.inputs(), at);
        } else if (reply instanceof OsdpReply.Raw raw && raw.reader() == point.reader()) {
            ctx.emit(new DeviceEvent.CredentialRead(deviceId, spec.id(), at, raw.reader(), Credential.card(raw.data().toArray(), raw.bitCount())));
        } else if (reply instanceof OsdpReply.Keypad k && k.reader() == point.reader()) {
            ctx.emit(new DeviceEvent.CredentialRead(deviceId, spec.id(), at, k.reader(), Credential.pin(k.keys())));
        } else if (reply instanceof OsdpReply.Fmt f && f.reader() == point.reader()) {
            ctx.emit(new DeviceEvent.CredentialRead(deviceId, spec.id(), at, f.reader(), new Credential(Credential.Kind.CARD, f.text(), 0)));
        }
    }

    /** Reads the outputs unless a read is already on its way (its reply will be newer than anything received so far). */
    private void backgroundRead() {
        if (readsInFlight > 0 || stopped || !bus.isOnline(point.address())) return;
        readOutputs(System.nanoTime() + commandTimeout().toNanos()).onFailure(e ->
                log.debug("event=output_read_failed door={} device={} reason=\"{}\"", spec.id(), deviceId, e.getMessage()));
    }

    /**
     * The PD ACKed the OUT, so the door may have acted, but its output could not be read back: the
     * read's own failure ("never sent, the PD did not act") would say the opposite of the truth.
     */
    private WardenException notReadBack(DoorCommand command, Throwable readFailure) {
        ErrorCode code = WardenException.codeOf(readFailure);
        return new WardenException(code == ErrorCode.DEVICE_OFFLINE ? ErrorCode.DEVICE_TIMEOUT : code,
                "door %s: %s was ACKed by PD %s, so the door may have acted, but its strike could not be read back: %s"
                        .formatted(spec.id(), command.name(), deviceId, readFailure.getMessage()));
    }

    /** OSTAT: applies the reply as the newest report and completes with the strike state it left. */
    private Future<LockState> readOutputs(long deadlineNanos) {
        readsInFlight++;
        return bus.send(point.address(), new OsdpCommand.OStat(), deadlineNanos)
                .andThen(ar -> {
                    if (--readsInFlight == 0 && readWhenBack) {
                        readWhenBack = false;
                        backgroundRead(); // its reply comes after this one and wins
                    }
                })
                .map(reply -> {
                    if (reply instanceof OsdpReply.OStatR o) outputs(o.outputs());
                    return state.lock();
                });
    }

    /** The strike as an OSTAT reply shows it: the PD's newest word, applied as it is. */
    private void outputs(int[] out) {
        if (point.strike() >= out.length) return;
        Instant at = ctx.clock().instant();
        LockState lock = (out[point.strike()] != 0) == point.unlockedLevel() ? LockState.UNLOCKED : LockState.LOCKED;
        boolean changed = lock != state.lock() && state.lock() != LockState.UNKNOWN;
        state = state.withLock(lock, at);
        // Unlocked though never told so, or past the end it was told (at the panel, by a command whose
        // answer was lost, before the gateway started): the PD may be timing it, or not.
        if (lock == LockState.UNLOCKED && !intent.at(at).unlocked()) intent = OsdpDoorIntent.SEEN_UNLOCKED;
        if (!changed) return;
        ctx.emit(new DeviceEvent.LockChanged(deviceId, spec.id(), at, lock));
        if (lock == LockState.LOCKED && heldOpenSince != null && state.contact() == ContactState.OPEN) {
            ctx.emit(new DeviceEvent.DoorHeldOpen(deviceId, spec.id(), at, Duration.between(heldOpenSince, at).toSeconds()));
            heldOpenSince = null;
        }
    }

    private void inputs(int[] in, Instant at) {
        if (point.rex() >= 0 && point.rex() < in.length) {
            boolean pressed = in[point.rex()] != 0;
            if (pressed && !rexActive) {
                authorizedUntil = at.plus(spec.pulse());
                ctx.emit(new DeviceEvent.RequestToExit(deviceId, spec.id(), at));
            }
            rexActive = pressed;
        }
        if (point.contact() < 0 || point.contact() >= in.length) return;
        ContactState contact = in[point.contact()] != 0 ? ContactState.OPEN : ContactState.CLOSED;
        ContactState before = state.contact();
        state = state.withContact(contact, at);
        if (before == contact || before == ContactState.UNKNOWN) return;
        if (contact == ContactState.OPEN) {
            ctx.emit(new DeviceEvent.DoorOpened(deviceId, spec.id(), at));
            boolean legitimate = state.lock() == LockState.UNLOCKED || at.isBefore(authorizedUntil);
            if (legitimate) {
                startHeldOpenTimer(at);
            } else {
                ctx.emit(new DeviceEvent.DoorForced(deviceId, spec.id(), at));
            }
        } else {
            cancelHeldOpenTimer();
            ctx.emit(new DeviceEvent.DoorClosed(deviceId, spec.id(), at));
        }
    }

    private void startHeldOpenTimer(Instant openedAt) {
        cancelHeldOpenTimer();
        heldOpenTimer = ctx.vertx().setTimer(Math.max(1, spec.heldOpen().toMillis()), id -> {
            heldOpenTimer = -1;
            if (state.contact() != ContactState.OPEN) return;
            if (state.lock() == LockState.LOCKED) {
                Instant now = ctx.clock().instant();
                ctx.emit(new DeviceEvent.DoorHeldOpen(deviceId, spec.id(), now, Duration.between(openedAt, now).toSeconds()));
            } else {
                heldOpenSince = openedAt; // still unlocked: held open once a read shows it locked
            }
        });
    }

    private void cancelHeldOpenTimer() {
        if (heldOpenTimer != -1) ctx.vertx().cancelTimer(heldOpenTimer);
        heldOpenTimer = -1;
        heldOpenSince = null;
    }

    /** The PD went online or offline; online, the door reads its output now and every {@link #STATUS_READ_INTERVAL}. */
    void online(boolean online) {
        line = Vertx.currentContext();
        state = state.withOnline(online, ctx.clock().instant());
        if (!online) {
            cancelHeldOpenTimer();
            return;
        }
        if (statusReads == -1 && !stopped) statusReads = ctx.vertx().setPeriodic(STATUS_READ_INTERVAL.toMillis(), id -> backgroundRead());
        backgroundRead();
    }

    /** The line stopped: no more reads. */
    void stop() {
        Context c = line;
        if (c == null) {
            stopped = true;
            return;
        }
        c.runOnContext(v -> {
            stopped = true;
            if (statusReads != -1) ctx.vertx().cancelTimer(statusReads);
            if (timerEndRead != -1) ctx.vertx().cancelTimer(timerEndRead);
            statusReads = timerEndRead = -1;
        });
    }
}
