package io.warden.gateway.door;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.ReaderSignal;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.EventBusAddresses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Door commands over the event bus: the owning node {@link #serve serves} its doors, any node
 * {@link #send sends}. Messages are JSON so they cross a cluster without custom codecs; a failure
 * travels as the {@link ErrorCode}'s name and the message, and comes back as the same
 * {@link WardenException}.
 *
 * <pre>
 * request  {"command":"lock","deadline":"2026-11-28T14:00:02.5Z"} | {"command":"unlock","until":"...","deadline":"..."}
 *          | {"command":"pulse","seconds":5,"deadline":"..."}
 *          | {"command":"lockdown","deadline":"..."} | {"command":"release","deadline":"..."}
 *          | {"signal":"granted","ledMillis":1000,"deadline":"..."}   (the door's reader, {@link #signal})
 * reply    {"lock":"locked","detail":"output 0 off (locked), PD line/1 confirmed","latencyMs":31}  | {} for a signal
 *          ("mode":"locked_down" too when the device reports door modes)
 * failure  {"code":"DEVICE_TIMEOUT","message":"..."}
 * </pre>
 *
 * <p>Deadlines: every command carries the absolute instant after which nothing may be sent to the
 * device, {@link #deadline now plus the door's command timeout}. The adapter owns that timeout; every
 * node creates every adapter object (only the owner starts it), so each node knows every door's
 * timeout from construction and computes the deadline without holding the controller, whichever
 * node serves the door now. The nodes' clocks must agree (NTP) since the deadline is absolute. The
 * sender waits until the deadline plus {@link #REPLY_MARGIN}, so the adapter's own answer
 * (DEVICE_TIMEOUT saying whether the command reached the device) always arrives first; the owning
 * node refuses a command already past its deadline without handing it to the adapter. A command to a
 * door no node serves finds no consumer and fails DEVICE_OFFLINE at once, with the reason when one is
 * known (e.g. the node its serial line is wired to is not running).
 */
public final class DoorBus {
    private static final Logger LOG = LoggerFactory.getLogger(DoorBus.class);
    /** Time for the adapter's answer to cross the bus after the deadline; the bus wait is never the first to expire. */
    public static final Duration REPLY_MARGIN = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final Clock clock;
    private final Map<String, Duration> timeouts = new ConcurrentHashMap<>();
    private final Function<String, String> unserved;

    /** A bus that learns a door's command timeout when this node serves it (a single node, tests). */
    public DoorBus(Vertx vertx, Clock clock) {
        this(vertx, clock, Map.of(), door -> null);
    }

    /**
     * @param commandTimeouts every door's command timeout, by door id, whichever node serves it
     * @param unserved        why nobody serves a door (by door id), for DEVICE_OFFLINE's message; null when unknown.
     *                        Called on the sender's context; must not block
     */
    public DoorBus(Vertx vertx, Clock clock, Map<String, Duration> commandTimeouts, Function<String, String> unserved) {
        this.vertx = vertx;
        this.clock = clock;
        this.timeouts.putAll(commandTimeouts);
        this.unserved = unserved;
    }

    /** Consume commands for {@code door} on this node (its command timeout is the one its adapter gives). */
    public MessageConsumer<JsonObject> serve(DoorController door) {
        timeouts.put(door.doorId(), door.commandTimeout());
        return vertx.eventBus().consumer(EventBusAddresses.door(door.doorId()), msg -> handle(door, msg));
    }

    private void handle(DoorController door, Message<JsonObject> msg) {
        if (msg.body().containsKey("signal")) {
            handleSignal(door, msg);
            return;
        }
        DoorCommand command;
        Instant deadline;
        try {
            command = decode(msg.body());
            String d = msg.body().getString("deadline");
            if (d == null) throw new IllegalArgumentException("no deadline");
            deadline = Instant.parse(d);
        } catch (RuntimeException e) {
            fail(msg, ErrorCode.BAD_REQUEST, "bad door command: " + e.getMessage());
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(deadline)) {
            LOG.warn("event=door_command_expired door={} command={} late_ms={}", door.doorId(), command.name(),
                    Duration.between(deadline, now).toMillis());
            fail(msg, ErrorCode.DEVICE_TIMEOUT, "door " + door.doorId() + ": the command's deadline passed before it reached the door's "
                    + "node; it was not sent to the device");
            return;
        }
        door.execute(command, deadline).onComplete(ar -> {
            if (ar.succeeded()) {
                var r = ar.result();
                JsonObject reply = new JsonObject().put("lock", r.state().lock().name().toLowerCase())
                        .put("detail", r.detail()).put("latencyMs", r.latency().toMillis());
                if (r.state().mode() != DoorState.Mode.UNKNOWN) reply.put("mode", r.state().mode().name().toLowerCase());
                msg.reply(reply);
            } else {
                fail(msg, WardenException.codeOf(ar.cause()), String.valueOf(ar.cause().getMessage()));
            }
        });
    }

    private void handleSignal(DoorController door, Message<JsonObject> msg) {
        ReaderSignal signal;
        Duration ledFor;
        Instant deadline;
        try {
            signal = ReaderSignal.valueOf(msg.body().getString("signal").toUpperCase(java.util.Locale.ROOT));
            ledFor = Duration.ofMillis(msg.body().getLong("ledMillis", 0L));
            deadline = Instant.parse(msg.body().getString("deadline"));
        } catch (RuntimeException e) {
            fail(msg, ErrorCode.BAD_REQUEST, "bad reader signal: " + e.getMessage());
            return;
        }
        if (!clock.instant().isBefore(deadline)) {
            fail(msg, ErrorCode.DEVICE_TIMEOUT, "door " + door.doorId() + ": the signal's deadline passed before it reached the door's node");
            return;
        }
        door.signal(signal, ledFor, deadline).onComplete(ar -> {
            if (ar.succeeded()) msg.reply(new JsonObject());
            else fail(msg, WardenException.codeOf(ar.cause()), String.valueOf(ar.cause().getMessage()));
        });
    }

    /**
     * Show {@code signal} at the reader of {@code doorId}, on whichever node owns the door, before
     * {@code deadline} (see {@link DoorController#signal}); fails as {@link #send} does, and with
     * UNSUPPORTED for a door whose reader cannot be signalled.
     */
    public Future<Void> signal(String doorId, ReaderSignal signal, Duration ledFor, Instant deadline) {
        if (deadline == null) return Future.failedFuture(noNode(doorId));
        long wait = Math.max(0, Duration.between(clock.instant(), deadline).toMillis()) + REPLY_MARGIN.toMillis();
        JsonObject body = new JsonObject().put("signal", signal.name().toLowerCase(java.util.Locale.ROOT))
                .put("ledMillis", ledFor.toMillis()).put("deadline", deadline.toString());
        return vertx.eventBus().<JsonObject>request(EventBusAddresses.door(doorId), body, new DeliveryOptions().setSendTimeout(wait))
                .<Void>mapEmpty()
                .recover(e -> Future.failedFuture(toWarden(doorId, e)));
    }

    /**
     * The deadline for a command to {@code doorId} issued now: now plus the door's command timeout, or
     * null for a door this bus was not told about (no adapter drives it anywhere).
     */
    public Instant deadline(String doorId) {
        Duration timeout = timeouts.get(doorId);
        return timeout == null ? null : clock.instant().plus(timeout);
    }

    /**
     * Send a command to whichever node owns the door, to be executed before {@code deadline}; the
     * reply JSON as above. A null deadline (a door no adapter drives), or a door no node serves now,
     * fails with DEVICE_OFFLINE.
     */
    public Future<JsonObject> send(String doorId, DoorCommand command, Instant deadline) {
        if (deadline == null) return Future.failedFuture(noNode(doorId));
        long wait = Math.max(0, Duration.between(clock.instant(), deadline).toMillis()) + REPLY_MARGIN.toMillis();
        return vertx.eventBus().<JsonObject>request(EventBusAddresses.door(doorId), encode(command).put("deadline", deadline.toString()),
                        new DeliveryOptions().setSendTimeout(wait))
                .map(m -> m.body())
                .recover(e -> Future.failedFuture(toWarden(doorId, e)));
    }

    private static void fail(Message<JsonObject> msg, ErrorCode code, String message) {
        msg.fail(0, new JsonObject().put("code", code.name()).put("message", message).encode());
    }

    static JsonObject encode(DoorCommand c) {
        JsonObject j = new JsonObject().put("command", c.name());
        if (c instanceof DoorCommand.Unlock u && u.until() != null) j.put("until", u.until().toString());
        if (c instanceof DoorCommand.Pulse p && p.duration() != null) j.put("seconds", p.duration().toMillis() / 1000.0);
        return j;
    }

    static DoorCommand decode(JsonObject j) {
        String name = j.getString("command");
        return switch (name == null ? "" : name) {
            case "lock" -> new DoorCommand.Lock();
            case "lockdown" -> new DoorCommand.Lockdown();
            case "release" -> new DoorCommand.Release();
            case "unlock" -> new DoorCommand.Unlock(j.getString("until") == null ? null : Instant.parse(j.getString("until")));
            case "pulse" -> new DoorCommand.Pulse(j.getValue("seconds") == null ? null
                    : Duration.ofMillis(Math.round(j.getDouble("seconds") * 1000)));
            default -> throw new IllegalArgumentException("unknown command '" + name + "'");
        };
    }

    private WardenException noNode(String doorId) {
        String why = unserved.apply(doorId);
        return new WardenException(ErrorCode.DEVICE_OFFLINE, "door " + doorId + ": " + (why == null ? "no node serves its controller" : why));
    }

    private WardenException toWarden(String doorId, Throwable e) {
        if (e instanceof ReplyException re) {
            switch (re.failureType()) {
                case RECIPIENT_FAILURE:
                    return fromReply(doorId, re.getMessage());
                case NO_HANDLERS:
                    return noNode(doorId);
                case TIMEOUT:
                    // Only when the serving node or its adapter broke its promise to answer by the deadline.
                    return new WardenException(ErrorCode.DEVICE_TIMEOUT, "door " + doorId + ": no answer from the door's node by the "
                            + "command's deadline; the command may have reached the device");
                default:
                    break;
            }
        }
        return new WardenException(ErrorCode.INTERNAL, "door " + doorId + ": " + e.getMessage());
    }

    /** A failure by code name; a name this node does not know (a newer node) is INTERNAL, never another code. */
    private static WardenException fromReply(String doorId, String body) {
        try {
            JsonObject j = new JsonObject(body);
            return new WardenException(ErrorCode.valueOf(j.getString("code")), j.getString("message"));
        } catch (RuntimeException e) {
            return new WardenException(ErrorCode.INTERNAL, "door " + doorId + ": a failure the door's node sent with a code this node does not know: " + body);
        }
    }
}
