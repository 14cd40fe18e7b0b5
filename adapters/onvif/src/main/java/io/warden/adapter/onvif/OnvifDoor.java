package io.warden.adapter.onvif;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorCommandResult;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.adapter.api.DoorState.Mode;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.events.OnvifNotification;
import io.warden.adapter.onvif.soap.OnvifDoorInfo;
import io.warden.adapter.onvif.soap.OnvifDoorOps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One door on an ONVIF Profile C controller, named by its DoorToken.
 *
 * <p><b>Commands</b> (DoorCommand's composition rules) run one at a time per door, in order, on the
 * adapter's context: lock → LockDoor, unlock → UnlockDoor (until T: and the adapter's own relock at T,
 * which a later pulse may push back but never forward), pulse → AccessDoor with AccessTime (nothing is
 * sent when the door already stays unlocked longer), lockdown → LockDownDoor, release →
 * LockDownReleaseDoor when the door is LockedDown, then LockDoor if the device left it unlocked. Pulses
 * queued behind a command go out as one AccessDoor when it ends. A command succeeds only once
 * GetDoorState or a DoorMode event shows what it asked for; the result carries the state the device
 * reported. Requests carry the command's deadline, so nothing is sent after it.
 *
 * <p><b>State</b>: {@link OnvifDoorState}, which confirmations read.
 */
final class OnvifDoor implements DoorController {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifDoor.class);
    /** Confirming reads after a command: the device may take a moment to show the new mode. */
    private static final int CONFIRM_READS = 3;
    private static final long CONFIRM_PAUSE_MS = 100;

    /** A command waiting for its turn; {@code command} null is the adapter's own relock. */
    private record Job(DoorCommand command, Instant deadline, long started, Promise<DoorCommandResult> promise) {}

    private record Outcome(DoorState state, String detail) {}

    private final AdapterSpec.Door spec;
    private final String token;
    private final String deviceId;
    private final OnvifDoorControllerAdapter owner;
    private final AdapterContext ctx;
    private final OnvifDoorState status;
    private volatile OnvifDoorInfo info;
    /** Why the configuration does not fit the device (its token is missing), or null. */
    private volatile String misconfigured;

    // on the adapter's context
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private boolean busy;
    private Instant relockAt;
    private long relockTimer = -1;
    /** When the device's current AccessDoor ends, as far as the adapter knows; null when none is known. */
    private Instant accessEnd;
    private volatile boolean stopped;

    OnvifDoor(AdapterSpec.Door spec, String token, String deviceId, OnvifDoorControllerAdapter owner, AdapterContext ctx) {
        this.spec = spec;
        this.token = token;
        this.deviceId = deviceId;
        this.owner = owner;
        this.ctx = ctx;
        this.status = new OnvifDoorState(this, deviceId, owner, ctx);
    }

    @Override
    public String doorId() {
        return spec.id();
    }

    String token() {
        return token;
    }

    @Override
    public DoorState state() {
        return status.state();
    }

    @Override
    public Duration commandTimeout() {
        return owner.commandTimeout();
    }

    boolean found() {
        return info != null;
    }

    /** The device lists this door (again): its capabilities decide where its lock state comes from. */
    void found(OnvifDoorInfo i) {
        info = i;
        misconfigured = null;
    }

    /** The device has no door with this token. */
    void missing(String problem) {
        info = null;
        misconfigured = problem;
        status.online(false);
    }

    String misconfigured() {
        return misconfigured;
    }

    boolean lockFromMode() {
        OnvifDoorInfo i = info;
        return i == null || !i.can("LockMonitor");
    }

    @Override
    public Future<DoorCommandResult> execute(DoorCommand command, Instant deadline) {
        long started = System.nanoTime();
        WardenException refused = unavailable();
        if (refused != null) return Future.failedFuture(refused);
        Promise<DoorCommandResult> p = Promise.promise();
        owner.context().runOnContext(v -> {
            queue.add(new Job(command, deadline, started, p));
            drain();
        });
        return p.future();
    }

    private WardenException unavailable() {
        String problem = misconfigured;
        if (problem != null) return new WardenException(ErrorCode.BAD_CONFIG, "door %s: %s".formatted(spec.id(), problem));
        if (stopped) return new WardenException(ErrorCode.CONNECTION_CLOSED, "door %s: its controller %s was stopped".formatted(spec.id(), deviceId));
        if (!owner.reachable() || info == null) {
            return new WardenException(ErrorCode.DEVICE_OFFLINE, "door %s: its controller %s is offline".formatted(spec.id(), deviceId));
        }
        return null;
    }

    /**
     * Runs the next command, with the pulses queued right behind a pulse as one. A burst of pulses thus
     * goes out as at most two AccessDoors: the first at once, the rest when it is confirmed (a second
     * AccessDoor restarts the device's release time, so the door stays unlocked between them).
     */
    private void drain() {
        if (busy || queue.isEmpty()) return;
        List<Job> batch = new ArrayList<>();
        batch.add(queue.poll());
        if (batch.get(0).command() instanceof DoorCommand.Pulse) {
            while (!queue.isEmpty() && queue.peek().command() instanceof DoorCommand.Pulse) batch.add(queue.poll());
        }
        busy = true;
        Future<Void> done;
        try {
            done = run(batch);
        } catch (RuntimeException e) {
            // a bug must not leave the door's queue stuck behind a command that never ends
            LOG.error("event=onvif_door_command_crashed door={} device={}", spec.id(), deviceId, e);
            batch.forEach(j -> j.promise().tryFail(new WardenException(ErrorCode.INTERNAL, "door %s: %s".formatted(spec.id(), e))));
            done = Future.succeededFuture();
        }
        done.onComplete(ar -> {
            busy = false;
            drain();
        });
    }

    private Future<Void> run(List<Job> batch) {
        Instant now = ctx.clock().instant();
        List<Job> live = new ArrayList<>();
        for (Job j : batch) {
            WardenException refused = unavailable();
            if (refused != null) {
                j.promise().tryFail(refused);
            } else if (!now.isBefore(j.deadline())) {
                j.promise().tryFail(new WardenException(ErrorCode.DEVICE_TIMEOUT,
                        "door %s: %s not sent: its deadline passed while it waited for the door's earlier commands".formatted(spec.id(), name(j))));
            } else {
                live.add(j);
            }
        }
        if (live.isEmpty()) return Future.succeededFuture();
        Job first = live.get(0);
        Instant deadline = live.stream().map(Job::deadline).min(Instant::compareTo).orElseThrow();
        Future<Outcome> f;
        if (first.command() == null) {
            f = relock(deadline);
        } else if (first.command() instanceof DoorCommand.Pulse) {
            Duration d = live.stream().map(j -> pulseTime((DoorCommand.Pulse) j.command())).max(Duration::compareTo).orElseThrow();
            f = pulse(d, deadline, true);
        } else {
            f = carry(first.command(), deadline);
        }
        return f.andThen(ar -> {
            for (Job j : live) {
                if (ar.failed()) {
                    j.promise().tryFail(ar.cause());
                } else if (j.command() != null) {
                    j.promise().tryComplete(new DoorCommandResult(spec.id(), j.command(), ar.result().state(),
                            Duration.ofNanos(System.nanoTime() - j.started()), ar.result().detail()));
                } else {
                    j.promise().tryComplete(null);
                }
            }
        }).<Void>mapEmpty().otherwiseEmpty();
    }

    private Duration pulseTime(DoorCommand.Pulse p) {
        return p.duration() != null ? p.duration() : spec.pulse();
    }

    private static String name(Job j) {
        return j.command() == null ? "the timed relock" : j.command().name();
    }

    private Future<Outcome> carry(DoorCommand c, Instant deadline) {
        OnvifDoorOps ops = owner.ops();
        if (c instanceof DoorCommand.Lock) {
            cancelRelock();
            accessEnd = null;
            return command("lock", "LockDoor", Mode.LOCKED, d -> ops.lock(token, d), deadline, this::locked);
        }
        if (c instanceof DoorCommand.Unlock u) {
            accessEnd = null;
            return command("unlock", "UnlockDoor", Mode.UNLOCKED, d -> ops.unlock(token, d), deadline, s -> s.mode() == Mode.UNLOCKED && s.lock() == LockState.UNLOCKED)
                    .andThen(ar -> {
                        // the device took it (or may have): the most recent unlock decides the end
                        if (ar.succeeded() || WardenException.codeOf(ar.cause()) == ErrorCode.DEVICE_TIMEOUT) relockAt(u.until());
                    })
                    .map(o -> u.until() == null ? o : new Outcome(o.state(), o.detail() + "; relocked by the adapter at " + u.until()));
        }
        if (c instanceof DoorCommand.Lockdown) {
            cancelRelock();
            accessEnd = null;
            return command("lockdown", "LockDownDoor", Mode.LOCKED_DOWN, d -> ops.lockDown(token, d), deadline, s -> s.mode() == Mode.LOCKED_DOWN);
        }
        if (c instanceof DoorCommand.Release) {
            cancelRelock();
            accessEnd = null;
            return read(deadline).compose(s -> {
                if (s.mode() != Mode.LOCKED_DOWN) {
                    if (locked(s)) return Future.succeededFuture(new Outcome(s, "not LockedDown and locked: nothing sent"));
                    return command("release", "LockDoor", Mode.LOCKED, d -> ops.lock(token, d), deadline, this::locked);
                }
                return command("release", "LockDownReleaseDoor", null, d -> ops.lockDownRelease(token, d), deadline, r -> r.mode() != Mode.LOCKED_DOWN)
                        .compose(o -> locked(o.state()) ? Future.succeededFuture(o)
                                : command("release", "LockDoor", Mode.LOCKED, d -> ops.lock(token, d), deadline, this::locked)
                                        .map(l -> new Outcome(l.state(), o.detail() + ", then " + l.detail())));
            });
        }
        return Future.failedFuture(new WardenException(ErrorCode.UNSUPPORTED, "door %s: %s is not a door command this adapter knows".formatted(spec.id(), c.name())));
    }

    private boolean locked(DoorState s) {
        return s.lock() == LockState.LOCKED && s.mode() != Mode.LOCKED_DOWN && s.mode() != Mode.UNKNOWN;
    }

    /**
     * A pulse of {@code d}: nothing to send when the door stays unlocked at least that long anyway (an
     * unlock without end; an unlock until T, whose relock moves to now + d when that is later; a pulse in
     * progress that lasts longer), confirmed by a fresh read; else AccessDoor.
     */
    private Future<Outcome> pulse(Duration d, Instant deadline, boolean readFirst) {
        Instant now = ctx.clock().instant();
        Instant end = now.plus(d);
        DoorState s = status.state();
        boolean staysUnlocked = s.mode() == Mode.UNLOCKED || (s.mode() == Mode.ACCESSED && accessEnd != null && !end.isAfter(accessEnd));
        if (staysUnlocked && readFirst) {
            // nothing to send as far as the door knows, but the device may have relocked a moment ago: ask it
            return read(deadline).compose(fresh -> pulse(d, deadline, false));
        }
        if (staysUnlocked && s.lock() == LockState.UNLOCKED) {
            if (s.mode() == Mode.UNLOCKED && relockAt != null && end.isAfter(relockAt)) relockAt(end);
            String why = s.mode() == Mode.ACCESSED ? "a pulse until " + accessEnd + " is in progress"
                    : relockAt == null ? "the door is unlocked until a lock" : "the door is unlocked until " + relockAt;
            return Future.succeededFuture(new Outcome(s, why + ": nothing sent"));
        }
        OnvifDoorOps ops = owner.ops();
        return command("pulse", "AccessDoor " + d.toMillis() + " ms", Mode.ACCESSED, x -> ops.access(token, d, x), deadline,
                r -> r.lock() == LockState.UNLOCKED)
                .andThen(ar -> {
                    if (ar.succeeded()) accessEnd = end;
                });
    }

    /** The adapter's timed relock, when it is still due (a later command may have moved or cancelled it). */
    private Future<Outcome> relock(Instant deadline) {
        Instant at = relockAt;
        // a timer may fire a moment early (whole milliseconds): that is due
        if (at == null || ctx.clock().instant().plusMillis(50).isBefore(at)) return Future.succeededFuture(new Outcome(status.state(), "relock no longer due"));
        OnvifDoorOps ops = owner.ops();
        return command("relock", "LockDoor", Mode.LOCKED, d -> ops.lock(token, d), deadline, this::locked).andThen(ar -> {
            if (ar.succeeded()) {
                if (relockAt == at) cancelRelock();
            } else {
                LOG.warn("event=onvif_door_relock_failed door={} device={} reason=\"{}\"", spec.id(), deviceId, ar.cause().getMessage());
            }
        });
    }

    /**
     * Sends one request, then reads the door until {@code confirmed} holds (or a DoorMode event showed
     * {@code awaitedMode} meanwhile). A refusal names the door's mode as last reported.
     */
    private Future<Outcome> command(String what, String request, Mode awaitedMode, java.util.function.Function<Instant, Future<Void>> send,
                                    Instant deadline, Predicate<DoorState> confirmed) {
        Mode before = status.state().mode();
        status.await(awaitedMode);
        boolean goesOut = ctx.clock().instant().isBefore(deadline);
        return send.apply(deadline)
                .recover(t -> Future.failedFuture(refused(what, request, before, goesOut, t)))
                .compose(v -> confirm(what, request, deadline, confirmed, CONFIRM_READS))
                .andThen(ar -> status.await(null));
    }

    private WardenException refused(String what, String request, Mode before, boolean wentOut, Throwable t) {
        ErrorCode code = WardenException.codeOf(t);
        String mode = before == Mode.UNKNOWN ? "" : " (door mode " + OnvifDoorEvents.onvifName(before) + ")";
        // a request that went out and got no answer may have reached the device: the caller must not think nothing happened
        String unanswered = wentOut && (code == ErrorCode.DEVICE_TIMEOUT || code == ErrorCode.CONNECTION_CLOSED)
                ? ": it was sent but not answered, so the door may have acted" : "";
        return new WardenException(code == ErrorCode.INTERNAL ? ErrorCode.PROTOCOL_ERROR : code,
                "door %s: %s (%s) failed%s%s: %s".formatted(spec.id(), what, request, mode, unanswered, t.getMessage()), t);
    }

    private Future<Outcome> confirm(String what, String request, Instant deadline, Predicate<DoorState> confirmed, int reads) {
        return read(deadline).recover(t -> Future.failedFuture(new WardenException(
                        WardenException.codeOf(t) == ErrorCode.DEVICE_OFFLINE ? ErrorCode.DEVICE_TIMEOUT : WardenException.codeOf(t),
                        "door %s: the device accepted %s (%s), so the door may have acted, but its state could not be read back: %s"
                                .formatted(spec.id(), what, request, t.getMessage()), t)))
                .compose(s -> {
                    DoorState seen = status.awaitedState();
                    if (confirmed.test(s)) return Future.succeededFuture(new Outcome(s, request + ", device reports " + describe(s)));
                    if (seen != null && confirmed.test(seen)) return Future.succeededFuture(new Outcome(seen, request + ", device reported " + describe(seen)));
                    long left = Duration.between(ctx.clock().instant(), deadline).toMillis();
                    if (reads > 1 && left > CONFIRM_PAUSE_MS * 2) {
                        Promise<Void> pause = Promise.promise();
                        owner.context().owner().setTimer(CONFIRM_PAUSE_MS, id -> pause.complete());
                        return pause.future().compose(v -> confirm(what, request, deadline, confirmed, reads - 1));
                    }
                    return Future.failedFuture(new WardenException(ErrorCode.DEVICE_REJECTED,
                            "door %s: the device accepted %s (%s) but reports %s".formatted(spec.id(), what, request, describe(s))));
                });
    }

    private static String describe(DoorState s) {
        return "mode " + OnvifDoorEvents.onvifName(s.mode()) + ", lock " + s.lock();
    }

    /** GetDoorState, applied to the door's state. */
    Future<DoorState> read(Instant deadline) {
        return status.read(deadline);
    }

    /** A {@code Door/State/*} notification for this door. */
    void property(OnvifNotification n) {
        status.property(n);
    }

    /** An access decision the controller reported at one of this door's access points. */
    void access(OnvifNotification n) {
        status.access(n);
    }

    /** The door left Accessed/Unlocked: a pulse the adapter knew of is over. */
    void accessOver() {
        accessEnd = null;
    }

    boolean stopped() {
        return stopped;
    }

    // ---- the adapter's own relock (unlock until T) ----

    private void relockAt(Instant at) {
        cancelRelock();
        if (at == null || stopped) return;
        relockAt = at;
        long ms = Math.max(1, Duration.between(ctx.clock().instant(), at).toMillis() + 1);
        relockTimer = owner.context().owner().setTimer(ms, id -> {
            relockTimer = -1;
            enqueueRelock();
        });
    }

    private void enqueueRelock() {
        if (stopped || relockAt == null) return;
        queue.add(new Job(null, ctx.clock().instant().plus(commandTimeout()), System.nanoTime(), Promise.promise()));
        drain();
    }

    private void cancelRelock() {
        if (relockTimer != -1) owner.context().owner().cancelTimer(relockTimer);
        relockTimer = -1;
        relockAt = null;
    }

    /** The controller answers again, or stopped answering. Back online, a relock that fell due meanwhile is sent. */
    void online(boolean online) {
        if (info == null) return;
        status.online(online);
        if (online && relockAt != null && relockTimer == -1) enqueueRelock();
    }

    /** The adapter stops: queued commands fail, no more relocks. */
    void stop() {
        stopped = true;
        cancelRelock();
        Job j;
        while ((j = queue.poll()) != null) {
            j.promise().tryFail(new WardenException(ErrorCode.CONNECTION_CLOSED, "door %s: its controller %s was stopped".formatted(spec.id(), deviceId)));
        }
        status.online(false);
    }
}
