package io.warden.gateway.door;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PolicyException;
import java.util.Locale;

/**
 * Counts every door command where it is issued, whoever issued it: {@code warden_door_commands_total}
 * by {@code command}, {@code result} ({@code confirmed}, or the failure's code in lower case, e.g.
 * {@code device_timeout}, {@code lockdown_active}) and {@link CommandOrigin origin}. Thread-safe (the registry is).
 */
final class DoorCommandMeter {
    static final String NAME = "warden.door.commands";

    private final MeterRegistry registry;

    DoorCommandMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts {@code outcome} once it completes; returns it unchanged. */
    Future<CommandOutcome> count(DoorCommand command, CommandOrigin origin, Future<CommandOutcome> outcome) {
        return outcome.onComplete(ar -> increment(command, origin, ar.succeeded() ? ar.result().result() : resultOf(ar.cause())));
    }

    /** Counts a command whose answer carries no outcome (the quiet re-assert retries). */
    <T> Future<T> countAny(DoorCommand command, CommandOrigin origin, Future<T> answer) {
        return answer.onComplete(ar -> increment(command, origin, ar.succeeded() ? "confirmed" : resultOf(ar.cause())));
    }

    private void increment(DoorCommand command, CommandOrigin origin, String result) {
        Counter.builder(NAME).description("Door commands by command, result and origin")
                .tag("command", command.name()).tag("result", result).tag("origin", origin.tag())
                .register(registry).increment();
    }

    /** A failure by its code: the device's own ({@code device_timeout}) or a refusal's ({@code lockdown_active}). */
    private static String resultOf(Throwable t) {
        String code = t instanceof PolicyException p ? p.code().name() : WardenException.codeOf(t).name();
        return code.toLowerCase(Locale.ROOT);
    }
}
