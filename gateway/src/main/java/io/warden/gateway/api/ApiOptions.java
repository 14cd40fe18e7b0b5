package io.warden.gateway.api;

import java.time.Clock;
import java.time.Duration;

/**
 * Where and how the HTTP API listens.
 *
 * @param host       address to bind, e.g. "127.0.0.1"
 * @param port       TCP port; 0 picks a free one (tests)
 * @param certPath   PEM certificate chain; with {@code keyPath}, the server speaks TLS only
 * @param keyPath    PEM private key
 * @param heartbeat  interval of the SSE comment heartbeat
 * @param clock      time of audit entries written by the API
 * @param instances  how many verticle instances (event loops) serve the API; 0 for one per core
 * @param refusals   how refused requests are limited per source and summarised in the audit trail
 */
public record ApiOptions(String host, int port, String certPath, String keyPath, Duration heartbeat, Clock clock, int instances,
                         RefusalLimits refusals) {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

    public ApiOptions {
        if (instances < 0) throw new IllegalArgumentException("instances must be 0 (one per core) or more: " + instances);
        instances = instances == 0 ? Runtime.getRuntime().availableProcessors() : instances;
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host must be set");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535: " + port);
        if ((certPath == null) != (keyPath == null)) throw new IllegalArgumentException("TLS needs both certPath and keyPath");
        heartbeat = heartbeat == null ? DEFAULT_HEARTBEAT : heartbeat;
        if (heartbeat.isNegative() || heartbeat.isZero()) throw new IllegalArgumentException("heartbeat must be positive");
        clock = clock == null ? Clock.systemUTC() : clock;
        refusals = refusals == null ? RefusalLimits.DEFAULTS : refusals;
    }

    /** One instance per core, the default refusal limits. */
    public ApiOptions(String host, int port, String certPath, String keyPath, Duration heartbeat, Clock clock) {
        this(host, port, certPath, keyPath, heartbeat, clock, 0, null);
    }

    /** Plain HTTP with the default heartbeat and the system clock. */
    public static ApiOptions plain(String host, int port) {
        return new ApiOptions(host, port, null, null, null, null);
    }

    public ApiOptions withTls(String certPath, String keyPath) {
        return new ApiOptions(host, port, certPath, keyPath, heartbeat, clock, instances, refusals);
    }

    public ApiOptions withHeartbeat(Duration heartbeat) {
        return new ApiOptions(host, port, certPath, keyPath, heartbeat, clock, instances, refusals);
    }

    public ApiOptions withInstances(int instances) {
        return new ApiOptions(host, port, certPath, keyPath, heartbeat, clock, instances, refusals);
    }

    public ApiOptions withRefusals(RefusalLimits refusals) {
        return new ApiOptions(host, port, certPath, keyPath, heartbeat, clock, instances, refusals);
    }

    public boolean tls() {
        return certPath != null;
    }
}
