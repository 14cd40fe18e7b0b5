package io.warden.adapter.onvif;

import io.vertx.core.Future;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.DoorState.ContactState;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.adapter.api.DoorState.Mode;
import io.warden.adapter.onvif.OnvifDoorEvents.Field;
import io.warden.adapter.onvif.events.OnvifNotification;
import io.warden.adapter.onvif.soap.OnvifDoorStatus;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one ONVIF door is, as its controller reported it: GetDoorState replies and {@code Door/State/*}
 * messages applied through one place ({@link #change}) that emits an event only when the state changes,
 * so an Initialized burst or a re-read never repeats one. Replies carry no device time, so which word
 * is newest follows {@link OnvifDoorOrder}: a reply does not overwrite a field a message set while it
 * was on its way, and a message that may be older than what it contradicts is applied only once a fresh
 * read agrees. The lock is LockPhysicalState when the door has a lock monitor, else what its mode
 * implies. Access decisions at the door's access points pass through as events.
 *
 * <p>{@link #state()} may be read from any thread; everything else runs on the adapter's context.
 */
final class OnvifDoorState {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifDoorState.class);

    private final OnvifDoor door;
    private final String deviceId;
    private final OnvifDoorControllerAdapter owner;
    private final AdapterContext ctx;
    private volatile DoorState state = DoorState.UNKNOWN;
    // on the adapter's context
    private final OnvifDoorOrder order = new OnvifDoorOrder();
    private Instant openedAt;
    private Mode awaited;
    private DoorState awaitedState;

    OnvifDoorState(OnvifDoor door, String deviceId, OnvifDoorControllerAdapter owner, AdapterContext ctx) {
        this.door = door;
        this.deviceId = deviceId;
        this.owner = owner;
        this.ctx = ctx;
    }

    DoorState state() {
        return state;
    }

    /** Online or not with its controller (no event: the controller's health says it). */
    void online(boolean online) {
        state = state.withOnline(online, ctx.clock().instant());
    }

    /** A command waits for {@code mode} (null: none): a state showing it is kept for {@link #awaitedState}. */
    void await(Mode mode) {
        awaited = mode;
        awaitedState = null;
    }

    /** The state that showed the awaited mode since {@link #await}, or null. */
    DoorState awaitedState() {
        return awaitedState;
    }

    /** GetDoorState, applied as the newest word on every field no event set meanwhile. */
    Future<DoorState> read(Instant deadline) {
        long sentAt = order.mark();
        return owner.ops().state(door.token(), deadline).map(status -> {
            applyRead(status, sentAt);
            return state;
        });
    }

    private void applyRead(OnvifDoorStatus r, long sentAt) {
        Instant at = ctx.clock().instant();
        DoorState old = state;
        DoorState fresh = OnvifDoorEvents.read(old, r, door.lockFromMode(), at);
        DoorState s = old.withOnline(old.online(), at); // confirmed as of now
        for (Field f : Field.values()) {
            if (!order.readMay(f, sentAt) || OnvifDoorEvents.value(fresh, f).equals(OnvifDoorEvents.value(old, f))) continue;
            s = OnvifDoorEvents.with(s, f, fresh, at);
            order.read(f);
        }
        change(s, null, r.faultReason());
    }

    /**
     * A {@code Door/State/*} notification for this door. One that contradicts a value it may be older
     * than ({@link OnvifDoorOrder#newer}) waits for the device's word: a stale message must not flip the
     * door and back.
     */
    void property(OnvifNotification n) {
        Field f = OnvifDoorEvents.field(n.topic());
        if (f == null || "Deleted".equals(n.operation())) return;
        DoorState next = OnvifDoorEvents.apply(state, f, n, door.lockFromMode(), ctx.clock().instant());
        if (!OnvifDoorEvents.value(next, f).equals(OnvifDoorEvents.value(state, f)) && !order.newer(f, n.utcTime())) {
            recheck(f, n);
            return;
        }
        accept(f, n);
    }

    private void accept(Field f, OnvifNotification n) {
        order.message(f, n.utcTime());
        if (f == Field.MODE && door.lockFromMode()) order.message(Field.LOCK, n.utcTime());
        DoorState next = OnvifDoorEvents.apply(state, f, n, door.lockFromMode(), ctx.clock().instant());
        change(next, n.utcTime(), f == Field.FAULT ? n.data().get("Reason") : null);
    }

    /** Reads the door: the message is applied when the device agrees (and nothing newer came meanwhile), else dropped as stale. */
    private void recheck(Field f, OnvifNotification n) {
        long sentAt = order.mark();
        owner.ops().state(door.token(), ctx.clock().instant().plus(owner.requestTimeout())).onComplete(ar -> {
            if (door.stopped()) return;
            if (ar.failed()) {
                // the device's own message is the best word there is; the health check reads again
                LOG.debug("event=onvif_door_recheck_failed door={} topic={} reason=\"{}\"", door.doorId(), n.topic(), ar.cause().getMessage());
                if (order.readMay(f, sentAt)) accept(f, n);
                return;
            }
            DoorState claimed = OnvifDoorEvents.apply(state, f, n, door.lockFromMode(), ctx.clock().instant());
            DoorState device = OnvifDoorEvents.read(state, ar.result(), door.lockFromMode(), ctx.clock().instant());
            if (order.readMay(f, sentAt) && OnvifDoorEvents.value(device, f).equals(OnvifDoorEvents.value(claimed, f))) {
                accept(f, n);
            } else {
                LOG.debug("event=onvif_door_stale_message door={} topic={} utcTime={} action=dropped", door.doorId(), n.topic(), n.utcTime());
            }
            applyRead(ar.result(), sentAt);
        });
    }

    /** An access decision the controller reported at one of this door's access points. */
    void access(OnvifNotification n) {
        DeviceEvent e = OnvifDoorEvents.access(deviceId, door.doorId(), ctx.clock().instant(), n);
        if (e != null) ctx.emit(e, n.utcTime());
    }

    /** The one place the door's state changes: events for what changed, none for what did not. */
    private void change(DoorState next, Instant deviceTime, String faultReason) {
        DoorState old = state;
        state = next;
        Instant at = ctx.clock().instant();
        if (awaited != null && next.mode() == awaited) awaitedState = next;
        if (next.mode() != old.mode() && old.mode() != Mode.UNKNOWN && next.mode() != Mode.UNKNOWN) {
            emit(new DeviceEvent.DoorModeChanged(deviceId, door.doorId(), at, next.mode()), deviceTime);
            if (next.mode() != Mode.ACCESSED && next.mode() != Mode.UNLOCKED) door.accessOver();
        }
        if (next.lock() != old.lock() && old.lock() != LockState.UNKNOWN && next.lock() != LockState.UNKNOWN) {
            emit(new DeviceEvent.LockChanged(deviceId, door.doorId(), at, next.lock()), deviceTime);
        }
        if (next.contact() != old.contact() && next.contact() != ContactState.UNKNOWN) {
            if (next.contact() == ContactState.OPEN) openedAt = at;
            if (old.contact() != ContactState.UNKNOWN) {
                emit(next.contact() == ContactState.OPEN ? new DeviceEvent.DoorOpened(deviceId, door.doorId(), at)
                        : new DeviceEvent.DoorClosed(deviceId, door.doorId(), at), deviceTime);
            }
            if (next.contact() == ContactState.CLOSED) openedAt = null;
        }
        if (next.alarm() != old.alarm()) {
            if (next.alarm() == DoorState.Alarm.FORCED_OPEN) emit(new DeviceEvent.DoorForced(deviceId, door.doorId(), at), deviceTime);
            if (next.alarm() == DoorState.Alarm.OPEN_TOO_LONG) {
                long secs = openedAt == null ? 0 : Math.max(0, Duration.between(openedAt, at).toSeconds());
                emit(new DeviceEvent.DoorHeldOpen(deviceId, door.doorId(), at, secs), deviceTime);
            }
        }
        if (flagChanged(old.tamper(), next.tamper())) {
            emit(new DeviceEvent.Tamper(deviceId, door.doorId(), at, next.tamper() == DoorState.Flag.ACTIVE), deviceTime);
        }
        if (flagChanged(old.fault(), next.fault())) {
            emit(new DeviceEvent.DoorFault(deviceId, door.doorId(), at, next.fault() == DoorState.Flag.ACTIVE, faultReason), deviceTime);
        }
    }

    /** On from anything else, or off after on. */
    private static boolean flagChanged(DoorState.Flag old, DoorState.Flag next) {
        return next != old && (next == DoorState.Flag.ACTIVE || old == DoorState.Flag.ACTIVE) && next != DoorState.Flag.UNKNOWN;
    }

    private void emit(DeviceEvent e, Instant deviceTime) {
        if (deviceTime != null) ctx.emit(e, deviceTime);
        else ctx.emit(e);
    }
}
