package io.warden.gateway.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.gateway.device.DeviceView;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API's meters. Routes are tagged by their OpenAPI template ({@code /api/v1/doors/{id}}), never
 * by the raw path, so door ids do not multiply time series and do not show on /metrics.
 *
 * <p>One instance for all API instances (a gauge registered twice under one name would follow only the
 * first object): thread-safe, as the registry and the counters are. Door commands are counted by the
 * door service, where they are issued, not here.
 */
final class ApiMetrics {
    /** Context key: the matched OpenAPI path template. */
    static final String ROUTE = "warden.route";
    /** Context key: the problem code of an error response. */
    static final String ERROR_CODE = "warden.errorCode";

    private final MeterRegistry registry;
    private final AtomicInteger sseClients = new AtomicInteger();
    private final MultiGauge deviceUp;
    private final MultiGauge deviceStatus;
    private final MultiGauge clockOffset;
    private final AtomicInteger clusterMembers = new AtomicInteger();
    private final AtomicInteger leasesHeld = new AtomicInteger();

    ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("warden.sse.clients", sseClients);
        deviceUp = MultiGauge.builder("warden.device.up").description("1 when the controller or device is online, else 0")
                .register(registry);
        deviceStatus = MultiGauge.builder("warden.device.status")
                .description("1 for the controller's or device's current status and reason").register(registry);
        clockOffset = MultiGauge.builder("warden.device.clock.offset").baseUnit("seconds")
                .description("The device's clock minus the gateway's, as last measured (devices that measure it)").register(registry);
    }

    /**
     * Sets the device gauges to the current health (called before each scrape): {@code warden_device_up}
     * and {@code warden_device_status} with the status and reason as labels, {@code warden_device_clock_offset_seconds}
     * for the devices whose clock offset was measured; devices gone drop out.
     */
    void devices(List<DeviceView> devices) {
        clockOffset.register(devices.stream().filter(d -> d.health().clockOffset() != null)
                .map(d -> MultiGauge.Row.of(tags(d), d.health().clockOffset().toNanos() / 1e9)).toList(), true);
        deviceUp.register(devices.stream().map(d -> MultiGauge.Row.of(tags(d), d.online() ? 1 : 0)).toList(), true);
        deviceStatus.register(devices.stream().map(d -> MultiGauge.Row.of(tags(d).and("status", d.health().status().name(),
                "reason", d.health().reason().name()), 1)).toList(), true);
    }

    /** Registers {@code warden_cluster_members} and {@code warden_cluster_leases_held} (cluster mode only). */
    void clusterGauges() {
        registry.gauge("warden.cluster.members", clusterMembers);
        registry.gauge("warden.cluster.leases.held", leasesHeld);
    }

    /** Sets the cluster gauges from /health's {@code cluster} summary (called before each scrape). */
    void cluster(JsonObject summary) {
        clusterMembers.set(summary.getInteger("members"));
        leasesHeld.set(summary.getJsonArray("leasesHeld").size());
    }

    private static Tags tags(DeviceView d) {
        return Tags.of("controller", d.controller() == null ? "" : d.controller(), "device", d.id(),
                "type", d.kind().name().toLowerCase(Locale.ROOT));
    }

    /** Root handler: times every request and counts it by method, route template and status. */
    void timing(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ar -> {
            String route = ctx.get(ROUTE);
            Timer.builder("warden.http.requests")
                    .description("HTTP requests by route template and status")
                    .tag("method", methodTag(ctx.request().method()))
                    .tag("route", route == null ? "unmatched" : route)
                    .tag("status", Integer.toString(ctx.response().getStatusCode()))
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    /** The method as a tag: any name is a valid method, so a client must not mint a time series per request. */
    private static String methodTag(HttpMethod m) {
        return HttpMethod.values().contains(m) ? m.name() : "other";
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
