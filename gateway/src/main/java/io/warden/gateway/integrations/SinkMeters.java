package io.warden.gateway.integrations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink's meters, tagged {@code sink=<id>}: {@code warden_integration_delivered_total} (records the far end
 * accepted), {@code warden_integration_queued} (records waiting) and {@code warden_integration_connected} (1 when
 * the far end is reachable). The sink sets them on its own context; {@code /metrics} reads plain atomics, so a
 * scrape never touches a sink's (single-threaded) outbox.
 */
public final class SinkMeters {
    private final MeterRegistry registry;
    private final Counter delivered;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger connected = new AtomicInteger();
    private final List<Meter> meters;

    private SinkMeters(MeterRegistry registry, String sink) {
        this.registry = registry;
        this.delivered = Counter.builder("warden.integration.delivered").description("Records the integration's far end accepted")
                .tag("sink", sink).register(registry);
        Gauge q = Gauge.builder("warden.integration.queued", queued, AtomicInteger::get).description("Records waiting for the far end")
                .tag("sink", sink).strongReference(true).register(registry);
        Gauge c = Gauge.builder("warden.integration.connected", connected, AtomicInteger::get)
                .description("1 when the integration's far end is reachable, else 0").tag("sink", sink).strongReference(true).register(registry);
        this.meters = List.of(delivered, q, c);
    }

    /** Registers the meters of sink {@code sink} (its {@link IntegrationSink#id()}). */
    public static SinkMeters register(MeterRegistry registry, String sink) {
        return new SinkMeters(registry, sink);
    }

    public void delivered() {
        delivered.increment();
    }

    public void queued(int n) {
        queued.set(n);
    }

    public void connected(boolean up) {
        connected.set(up ? 1 : 0);
    }

    /** Removes the meters (the sink stopped). */
    public void close() {
        meters.forEach(registry::remove);
    }
}
