package io.warden.gateway.door;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.EventBusAddresses;
import java.time.Duration;
import java.time.Instant;

/**
 * Door commands over the event bus: the owning node {@link #serve serves} its doors, any node
 * {@link #send sends}. Messages are JSON so they cross a cluster without custom codecs; a failure
 * travels as the {@link ErrorCode}'s ordinal and the message, and comes back as the same
 * {@link WardenException}.
 *
 * <pre>
 * request  {"command":"lock"} | {"command":"unlock","until":"2026-11-28T15:00:00Z"} | {"command":"pulse","seconds":5}
 * reply    {"lock":"locked","detail":"output 0 off (locked), PD line/1 confirmed","latencyMs":31}
 * </pre>
 */
public final class DoorBus {
    /** Longer than any device retry cycle (3 x 200 ms plus start-up) so the device's own error wins. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final Vertx vertx;

    public DoorBus(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Consume commands for {@code door} on this node. */
    public MessageConsumer<JsonObject> serve(DoorController door) {
        return vertx.eventBus().<JsonObject>consumer(EventBusAddresses.door(door.doorId()), msg -> {
            DoorCommand command;
            try {
                command = decode(msg.body());
            } catch (RuntimeException e) {
                msg.fail(ErrorCode.BAD_REQUEST.ordinal(), "bad door command: " + e.getMessage());
                return;
            }
            door.execute(command, Instant.now().plus(door.commandTimeout())).onComplete(ar -> {
                if (ar.succeeded()) {
                    var r = ar.result();
                    msg.reply(new JsonObject().put("lock", r.state().lock().name().toLowerCase())
                            .put("detail", r.detail()).put("latencyMs", r.latency().toMillis()));
                } else {
                    msg.fail(WardenException.codeOf(ar.cause()).ordinal(), String.valueOf(ar.cause().getMessage()));
                }
            });
        });
    }

    /** Send a command to whichever node owns the door; the reply JSON as above. */
    public Future<JsonObject> send(String doorId, DoorCommand command) {
        return vertx.eventBus().<JsonObject>request(EventBusAddresses.door(doorId), encode(command),
                        new DeliveryOptions().setSendTimeout(SEND_TIMEOUT.toMillis()))
                .map(m -> m.body())
                .recover(e -> Future.failedFuture(toWarden(doorId, e)));
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
            case "unlock" -> new DoorCommand.Unlock(j.getString("until") == null ? null : Instant.parse(j.getString("until")));
            case "pulse" -> new DoorCommand.Pulse(j.getValue("seconds") == null ? null
                    : Duration.ofMillis(Math.round(j.getDouble("seconds") * 1000)));
            default -> throw new IllegalArgumentException("unknown command '" + name + "'");
        };
    }

    private static WardenException toWarden(String doorId, Throwable e) {
        if (e instanceof ReplyException re) {
            if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() >= 0 && re.failureCode() < ErrorCode.values().length) {
                return new WardenException(ErrorCode.values()[re.failureCode()], re.getMessage());
            }
            if (re.failureType() == ReplyFailure.NO_HANDLERS) {
                return new WardenException(ErrorCode.DEVICE_OFFLINE, "door " + doorId + ": no node serves its controller");
            }
            if (re.failureType() == ReplyFailure.TIMEOUT) {
                return new WardenException(ErrorCode.DEVICE_TIMEOUT, "door " + doorId + ": no answer within " + SEND_TIMEOUT.toSeconds() + " s");
            }
        }
        return new WardenException(ErrorCode.INTERNAL, "door " + doorId + ": " + e.getMessage());
    }
}
