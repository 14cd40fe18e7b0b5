package io.warden.gateway.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API's meters. Routes are tagged by their OpenAPI template ({@code /api/v1/doors/{id}}), never
 * by the raw path, so door ids do not multiply time series and do not show on /metrics.
 */
final class ApiMetrics {
    /** Context key: the matched OpenAPI path template. */
    static final String ROUTE = "warden.route";
    /** Context key: the problem code of an error response. */
    static final String ERROR_CODE = "warden.errorCode";

    private final MeterRegistry registry;
    private final AtomicInteger sseClients = new AtomicInteger();

    ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("warden.sse.clients", sseClients);
    }

    /** Root handler: times every request and counts it by method, route template and status. */
    void timing(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ar -> {
            String route = ctx.get(ROUTE);
            Timer.builder("warden.http.requests")
                    .description("HTTP requests by route template and status")
                    .tag("method", ctx.request().method().name())
                    .tag("route", route == null ? "unmatched" : route)
                    .tag("status", Integer.toString(ctx.response().getStatusCode()))
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    /** A door command's end: {@code confirmed}, {@code failed}, or the refusal's code in lower case. */
    void doorCommand(String command, String result) {
        Counter.builder("warden.door.commands").description("Door commands by result")
                .tag("command", command).tag("result", result).register(registry).increment();
    }

    void sseOpened() {
        sseClients.incrementAndGet();
    }

    void sseClosed() {
        sseClients.decrementAndGet();
    }

    int sseClients() {
        return sseClients.get();
    }
}
