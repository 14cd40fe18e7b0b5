package io.warden.osdp;

import io.vertx.core.Future;
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
import io.warden.adapter.api.WardenException;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpCommand.OutputControl;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.cp.OsdpCpBus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One door on an OSDP PD: a strike output, a contact input, a REX input and a reader.
 *
 * <p>Lock and unlock set the strike output permanently (codes 1 and 2, cancelling any timed
 * operation); a pulse, or an unlock with an end the PD can time, sets the permanent state to
 * locked and then a temporary unlock (code 5 or 6), so the PD relocks by itself even if the gateway
 * is gone. A command is confirmed only when the PD ACKed it and an OSTAT read shows the strike as
 * commanded. Forced open: the contact opens while the strike is locked and neither an unlock nor a
 * REX came first. Held open: the door stays open past its allowed time after a legitimate opening.
 * State changes and reports arrive on the line's context.
 */
final class OsdpDoor implements DoorController {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OsdpDoor.class);
    /** OSDP output timers count 100 ms units in 16 bits. */
    static final Duration MAX_DEVICE_TIMER = Duration.ofMillis(65_535 * 100L);

    private final AdapterSpec.Door spec;
    private final OsdpDoorPoint point;
    private final String deviceId;
    private final OsdpCpBus bus;
    private final AdapterContext ctx;
    private volatile DoorState state = DoorState.UNKNOWN;
    /** An opening before this instant is legitimate (an unlock or a REX preceded it). */
    private Instant authorizedUntil = Instant.MIN;
    private long heldOpenTimer = -1;
    private long relockTimer = -1;
    private boolean rexActive;
    /** Lock states our own commands produced and read back, whose POLL report is still to come. */
    private final java.util.ArrayDeque<Echo> echoes = new java.util.ArrayDeque<>();
    /** How long a PD may take to deliver the echo of an output change through POLL. */
    static final Duration ECHO_WINDOW = Duration.ofSeconds(3);

    private record Echo(LockState lock, long deadline) {}

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
        if (!bus.isOnline(point.address())) {
            return Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE,
                    "door %s: its controller %s is offline".formatted(spec.id(), deviceId)));
        }
        List<OutputControl> out;
        LockState expected;
        Duration timed = null;
        try {
            if (command instanceof DoorCommand.Lock) {
                out = List.of(permanent(false));
                expected = LockState.LOCKED;
            } else if (command instanceof DoorCommand.Unlock u && u.until() == null) {
                out = List.of(permanent(true));
                expected = LockState.UNLOCKED;
            } else {
                timed = command instanceof DoorCommand.Pulse p ? (p.duration() == null ? spec.pulse() : p.duration())
                        : Duration.between(ctx.clock().instant(), ((DoorCommand.Unlock) command).until());
                if (timed.isNegative() || timed.isZero()) {
                    return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST, "door %s: unlock until a time already past".formatted(spec.id())));
                }
                out = timed.compareTo(MAX_DEVICE_TIMER) <= 0 ? List.of(permanent(false), temporaryUnlock(timed)) : List.of(permanent(true));
                expected = LockState.UNLOCKED;
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST, "door %s: %s".formatted(spec.id(), e.getMessage())));
        }
        Duration window = timed;
        return bus.send(point.address(), new OsdpCommand.Out(out), deadlineNanos)
                .compose(ack -> bus.send(point.address(), new OsdpCommand.OStat(), deadlineNanos))
                .compose(status -> {
                    if (status instanceof OsdpReply.OStatR o) outputs(o.outputs(), true);
                    return confirm(command, expected, window, started);
                });
    }

    private Future<DoorCommandResult> confirm(DoorCommand command, LockState expected, Duration timed, long started) {
        DoorState now = state;
        if (now.lock() != expected) {
            return Future.failedFuture(new WardenException(ErrorCode.DEVICE_REJECTED,
                    "door %s: %s was ACKed but the PD reports the strike %s".formatted(spec.id(), command.name(), now.lock())));
        }
        cancelRelockTimer();
        Instant at = ctx.clock().instant();
        if (timed != null) {
            authorizedUntil = at.plus(timed);
            if (timed.compareTo(MAX_DEVICE_TIMER) > 0) scheduleRelock(timed);
        }
        String detail = timed == null
                ? "output %d %s, PD %s confirmed".formatted(point.strike(), levelName(expected == LockState.UNLOCKED), deviceId)
                : "output %d %s for %.1f s, PD %s confirmed".formatted(point.strike(), levelName(true), timed.toMillis() / 1000.0, deviceId);
        return Future.succeededFuture(new DoorCommandResult(spec.id(), command, now, Duration.ofNanos(System.nanoTime() - started), detail));
    }

    /** An unlock longer than the PD can time: the adapter relocks. Not persisted; the gateway owns durable schedules. */
    private void scheduleRelock(Duration after) {
        Vertx vertx = ctx.vertx();
        relockTimer = vertx.setTimer(after.toMillis(), id -> {
            relockTimer = -1;
            execute(new DoorCommand.Lock(), ctx.clock().instant().plus(commandTimeout())).onFailure(e ->
                    log.warn("event=relock_failed door={} device={} reason=\"{}\"", spec.id(), deviceId, e.getMessage()));
        });
    }

    private void cancelRelockTimer() {
        if (relockTimer != -1) ctx.vertx().cancelTimer(relockTimer);
        relockTimer = -1;
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
        Instant at = ctx.clock().instant();
        if (reply instanceof OsdpReply.OStatR o) {
            outputs(o.outputs(), false);
        } else if (reply instanceof OsdpReply.IStatR i) {
            inputs(i.inputs(), at);
        } else if (reply instanceof OsdpReply.Raw raw && raw.reader() == point.reader()) {
            ctx.emit(new DeviceEvent.CredentialRead(deviceId, spec.id(), at, raw.reader(), Credential.card(raw.data(), raw.bitCount())));
        } else if (reply instanceof OsdpReply.Keypad k && k.reader() == point.reader()) {
            ctx.emit(new DeviceEvent.CredentialRead(deviceId, spec.id(), at, k.reader(), Credential.pin(k.keys())));
        } else if (reply instanceof OsdpReply.Fmt f && f.reader() == point.reader()) {
            ctx.emit(new DeviceEvent.CredentialRead(deviceId, spec.id(), at, f.reader(), new Credential(Credential.Kind.CARD, f.text(), 0)));
        }
    }

    /**
     * The strike as an output report shows it. A PD that reports output changes on POLL also reports
     * the ones our own commands made, after we already read them back with OSTAT; those echoes are
     * recognised (same state, within {@link #ECHO_WINDOW}) and not taken for news, so an older
     * snapshot never overrides a newer read.
     */
    private void outputs(int[] out, boolean commandRead) {
        if (point.strike() >= out.length) return;
        Instant at = ctx.clock().instant();
        LockState lock = (out[point.strike()] != 0) == point.unlockedLevel() ? LockState.UNLOCKED : LockState.LOCKED;
        long now = System.nanoTime();
        if (commandRead) {
            if (lock != state.lock()) echoes.add(new Echo(lock, now + ECHO_WINDOW.toNanos()));
        } else {
            while (!echoes.isEmpty() && echoes.peek().deadline - now < 0) echoes.poll();
            if (!echoes.isEmpty() && echoes.peek().lock == lock) {
                echoes.poll();
                return;
            }
        }
        boolean changed = lock != state.lock() && state.lock() != LockState.UNKNOWN;
        state = state.withLock(lock, at);
        if (changed) ctx.emit(new DeviceEvent.LockChanged(deviceId, spec.id(), at, lock));
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
            if (state.contact() == ContactState.OPEN && state.lock() == LockState.LOCKED) {
                Instant now = ctx.clock().instant();
                ctx.emit(new DeviceEvent.DoorHeldOpen(deviceId, spec.id(), now, Duration.between(openedAt, now).toSeconds()));
            }
        });
    }

    private void cancelHeldOpenTimer() {
        if (heldOpenTimer != -1) ctx.vertx().cancelTimer(heldOpenTimer);
        heldOpenTimer = -1;
    }

    void online(boolean online) {
        state = state.withOnline(online, ctx.clock().instant());
        if (!online) cancelHeldOpenTimer();
    }
}
