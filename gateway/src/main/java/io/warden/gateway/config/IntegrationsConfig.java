package io.warden.gateway.config;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code integrations:}: where the gateway forwards its events and door states besides its own API: an
 * MQTT broker (with Home Assistant discovery), signed webhooks, SIEM collectors over syslog. Absent or
 * empty: none. Defaults are filled in here; the checks are {@code IntegrationsValidator}'s. Secrets are
 * names ({@link Secrets}), never values.
 *
 * @param node     cluster mode: the node that runs the integrations (every node hears every record, so only
 *                 one may forward them); required in cluster mode, refused on a single node
 * @param mqtt     the MQTT bridge, or null
 * @param webhooks webhook subscriptions (may be empty)
 * @param siem     syslog collectors (may be empty)
 */
public record IntegrationsConfig(String node, Mqtt mqtt, List<Webhook> webhooks, List<Siem> siem) {
    /** Events held for a sink while its far end is away, unless the section says otherwise. */
    public static final int DEFAULT_BUFFER = 10_000;

    public IntegrationsConfig {
        webhooks = ConfigLists.copy(webhooks);
        siem = ConfigLists.copy(siem);
    }

    static IntegrationsConfig none() {
        return new IntegrationsConfig(null, null, null, null);
    }

    public boolean any() {
        return mqtt != null || !webhooks.isEmpty() || !siem.isEmpty();
    }

    /** This section with its {@code caFile} paths passed through {@code resolve} (made absolute). */
    public IntegrationsConfig withPaths(UnaryOperator<String> resolve) {
        Mqtt m = mqtt == null || mqtt.caFile() == null ? mqtt
                : new Mqtt(mqtt.host(), mqtt.port(), mqtt.tls(), resolve.apply(mqtt.caFile()), mqtt.username(), mqtt.passwordSecret(),
                        mqtt.clientId(), mqtt.baseTopic(), mqtt.buffer(), mqtt.homeAssistant(), mqtt.allowPlaintext());
        List<Siem> s = siem.stream().map(x -> x == null || x.caFile() == null ? x
                : new Siem(x.id(), x.host(), x.port(), x.protocol(), x.format(), resolve.apply(x.caFile()), x.events(), x.buffer())).toList();
        return new IntegrationsConfig(node, m, webhooks, s);
    }

    /**
     * @param host           the broker
     * @param port           default 1883, or 8883 with {@code tls}
     * @param tls            TLS to the broker (trusting the JVM's store, or {@code caFile})
     * @param caFile         PEM CA certificate(s) the broker's certificate must chain to; absolute once loaded
     * @param username       broker user, or null
     * @param passwordSecret the secret holding that user's password
     * @param clientId       MQTT client id, default {@code warden-<node or "gateway">}
     * @param baseTopic      the root of every topic Warden publishes, default {@code warden}
     * @param buffer         events held while the broker is away (oldest kept; the overflow is counted and audited)
     * @param homeAssistant  Home Assistant MQTT discovery, or null for none
     * @param allowPlaintext without {@code tls}, a broker that is not on loopback would carry the events (card numbers,
     *                       names), door states and any password readable on the wire: refused unless true
     */
    public record Mqtt(String host, Integer port, Boolean tls, String caFile, String username, String passwordSecret, String clientId,
                       String baseTopic, Integer buffer, HomeAssistant homeAssistant, Boolean allowPlaintext) {
        public Mqtt {
            tls = tls != null && tls;
            port = port == null ? (tls ? 8883 : 1883) : port;
            baseTopic = baseTopic == null ? "warden" : baseTopic;
            buffer = buffer == null ? DEFAULT_BUFFER : buffer;
            allowPlaintext = allowPlaintext != null && allowPlaintext;
        }

        /** Without {@code allowPlaintext}. */
        public Mqtt(String host, Integer port, Boolean tls, String caFile, String username, String passwordSecret, String clientId,
                    String baseTopic, Integer buffer, HomeAssistant homeAssistant) {
            this(host, port, tls, caFile, username, passwordSecret, clientId, baseTopic, buffer, homeAssistant, null);
        }

        /** Whether the broker is reachable from this machine only (same rule as {@link HttpConfig#loopback()}). */
        public boolean loopback() {
            return host != null && ClusterConfig.loopback(host);
        }
    }

    /**
     * @param prefix   the discovery prefix Home Assistant listens on, default {@code homeassistant}
     * @param commands lock/unlock from Home Assistant, or null: every door is then a read-only lock sensor
     */
    public record HomeAssistant(String prefix, Commands commands) {
        public HomeAssistant {
            prefix = prefix == null ? "homeassistant" : prefix;
        }
    }

    /**
     * Door commands from Home Assistant, audited as {@code principal}. Lockdown start and release are never
     * exposed, whatever the role.
     *
     * @param principal the name commands are audited under, e.g. {@code home-assistant}
     * @param role      its role: {@code operator} (the least that may lock and unlock)
     * @param doors     the doors Home Assistant may lock and unlock; a command for any other door is refused and audited
     */
    public record Commands(String principal, String role, List<String> doors) {
        public Commands {
            doors = ConfigLists.copy(doors);
        }
    }

    /**
     * @param id              names the subscription in logs, metrics and audit records
     * @param url             http(s) URL the events are POSTed to
     * @param events          event type prefixes to send (e.g. {@code door.}, {@code lockdown.}); empty: every event
     * @param site            only events of this site, or null for all
     * @param secret          the secret (by name) the payloads are signed with (HMAC-SHA256)
     * @param retryForSeconds how long a failing delivery is retried before it is dead-lettered, default 3600
     * @param timeoutSeconds  how long one delivery attempt may take, default 10
     * @param buffer          events waiting for this endpoint at most (the overflow is counted and audited)
     * @param allowPlaintext  a plain {@code http} URL that is not on loopback would carry the events readable on the wire
     *                        (the signature proves who sent them, it hides nothing): refused unless true
     */
    public record Webhook(String id, String url, List<String> events, String site, String secret, Integer retryForSeconds,
                          Integer timeoutSeconds, Integer buffer, Boolean allowPlaintext) {
        public Webhook {
            events = ConfigLists.copy(events);
            retryForSeconds = retryForSeconds == null ? 3600 : retryForSeconds;
            timeoutSeconds = timeoutSeconds == null ? 10 : timeoutSeconds;
            buffer = buffer == null ? DEFAULT_BUFFER : buffer;
            allowPlaintext = allowPlaintext != null && allowPlaintext;
        }

        /** Without {@code allowPlaintext}. */
        public Webhook(String id, String url, List<String> events, String site, String secret, Integer retryForSeconds,
                       Integer timeoutSeconds, Integer buffer) {
            this(id, url, events, site, secret, retryForSeconds, timeoutSeconds, buffer, null);
        }
    }

    /**
     * @param id       names the collector in logs, metrics and audit records
     * @param host     the collector
     * @param port     default 514 (udp, tcp) or 6514 (tls)
     * @param protocol {@code udp}, {@code tcp} or {@code tls} (default {@code tcp}); TCP and TLS frame by octet counting
     * @param format   {@code kv} (key=value, default) or {@code cef}
     * @param caFile   tls: PEM CA certificate(s) the collector's certificate must chain to (else the JVM's store)
     * @param events   event type prefixes to send; empty: every event
     * @param buffer   events held while the collector is away (the overflow is counted and audited)
     */
    public record Siem(String id, String host, Integer port, String protocol, String format, String caFile, List<String> events,
                       Integer buffer) {
        public Siem {
            protocol = protocol == null ? "tcp" : protocol;
            format = format == null ? "kv" : format;
            port = port == null ? ("tls".equals(protocol) ? 6514 : 514) : port;
            events = ConfigLists.copy(events);
            buffer = buffer == null ? DEFAULT_BUFFER : buffer;
        }
    }
}
