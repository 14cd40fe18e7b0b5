package io.warden.gateway.integrations;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sink's meters, tagged {@code sink=<id>}, set from its {@link IntegrationSink.SinkStatus} every second by
 * {@link Integrations}: {@code warden_integration_delivered_total} (records the far end accepted),
 * {@code warden_integration_dropped_total} (records never delivered: buffer full or dead-lettered),
 * {@code warden_integration_queued} (records waiting) and {@code warden_integration_connected} (1 when the far end
 * is reachable). {@code /metrics} reads plain atomics, so a scrape never touches a sink's (single-threaded) state.
 */
public final class SinkMeters {
    private final MeterRegistry registry;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong connected = new AtomicLong();
    private final List<Meter> meters;

    private SinkMeters(MeterRegistry registry, String sink) {
        this.registry = registry;
        this.meters = List.of(
                FunctionCounter.builder("warden.integration.delivered", delivered, AtomicLong::get)
                        .description("Records the integration's far end accepted").tag("sink", sink).register(registry),
                FunctionCounter.builder("warden.integration.dropped", dropped, AtomicLong::get)
                        .description("Records never delivered to the integration (buffer full, or given up on)").tag("sink", sink).register(registry),
                Gauge.builder("warden.integration.queued", queued, AtomicLong::get).description("Records waiting for the far end")
                        .tag("sink", sink).strongReference(true).register(registry),
                Gauge.builder("warden.integration.connected", connected, AtomicLong::get)
                        .description("1 when the integration's far end is reachable, else 0").tag("sink", sink).strongReference(true).register(registry));
    }

    /** Registers the meters of sink {@code sink} (its {@link IntegrationSink#id()}). */
    public static SinkMeters register(MeterRegistry registry, String sink) {
        return new SinkMeters(registry, sink);
    }

    void update(IntegrationSink.SinkStatus s) {
        delivered.set(s.delivered());
        dropped.set(s.dropped());
        queued.set(s.queued());
        connected.set(s.connected() ? 1 : 0);
    }

    /** Removes the meters (the sink stopped). */
    public void close() {
        meters.forEach(registry::remove);
    }
}
