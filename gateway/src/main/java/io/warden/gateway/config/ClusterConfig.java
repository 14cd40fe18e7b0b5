package io.warden.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code cluster:}: this node's place in a district of several nodes. Absent on a single node (the
 * embedded default: SQLite, files under the data directory). Defaults are filled in here; the checks
 * are {@code ClusterValidator}'s.
 *
 * @param node           this node's id, e.g. {@code hs-north}; controllers name it in {@code node:} / {@code nodes:}
 * @param host           the address this node binds and other members reach it on (cluster membership and event bus),
 *                       default {@value #DEFAULT_HOST}
 * @param port           the cluster membership port (Hazelcast), default {@value #DEFAULT_PORT}
 * @param busPort        the clustered event bus's port, default 0 (any free port, announced through membership)
 * @param members        the other members to join over TCP, {@code host:port} (no multicast)
 * @param allowPlaintext without {@code tls}, a non-loopback {@code host} or member would carry door commands in plaintext:
 *                       anyone on that network could send them; refused unless true
 * @param leaseSeconds   how long a controller's ownership lease lasts unrenewed (default {@value #DEFAULT_LEASE_SECONDS},
 *                       3..60): a dead node's TCP lines are taken over within about this plus one renewal
 * @param database       the shared PostgreSQL: audit trail, leases, lockdowns, timed relocks
 * @param tls            mutual TLS on the event bus (PEM files; absolute in a loaded {@code GatewayConfig}), or null
 */
public record ClusterConfig(String node, String host, Integer port, Integer busPort, List<String> members, Boolean allowPlaintext,
                            Integer leaseSeconds, Database database, Tls tls) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5701;
    public static final int DEFAULT_LEASE_SECONDS = 10;

    public ClusterConfig {
        host = host == null ? DEFAULT_HOST : host;
        port = port == null ? DEFAULT_PORT : port;
        busPort = busPort == null ? 0 : busPort;
        members = ConfigLists.copy(members); // keeps null entries: the validator names them
        allowPlaintext = allowPlaintext != null && allowPlaintext;
        leaseSeconds = leaseSeconds == null ? DEFAULT_LEASE_SECONDS : leaseSeconds;
    }

    /** Without event bus TLS. */
    public ClusterConfig(String node, String host, Integer port, Integer busPort, List<String> members, Boolean allowPlaintext,
                         Integer leaseSeconds, Database database) {
        this(node, host, port, busPort, members, allowPlaintext, leaseSeconds, database, null);
    }

    /** This section with another node id ({@code warden serve --node}), to be validated like the file's. */
    public ClusterConfig withNode(String otherNode) {
        return new ClusterConfig(otherNode, host, port, busPort, members, allowPlaintext, leaseSeconds, database, tls);
    }

    /** This section with its file paths passed through {@code resolve} (made absolute). */
    public ClusterConfig withPaths(UnaryOperator<String> resolve) {
        Tls t = tls == null ? null : new Tls(resolve.apply(tls.cert()), resolve.apply(tls.key()), resolve.apply(tls.ca()));
        Database d = database == null || database.caFile() == null ? database
                : new Database(database.host(), database.port(), database.name(), database.user(), database.passwordSecret(), database.ssl(),
                        resolve.apply(database.caFile()));
        return new ClusterConfig(node, host, port, busPort, members, allowPlaintext, leaseSeconds, d, t);
    }

    /**
     * Whether door commands would cross a network in plaintext: no {@link #tls}, and this node's host or a member is not
     * loopback (allowed only with {@link #allowPlaintext}, and warned about at start).
     */
    public boolean exposedPlaintext() {
        if (tls != null) return false;
        if (!loopback()) return true;
        return members.stream().anyMatch(m -> {
            int colon = m == null ? -1 : m.lastIndexOf(':');
            String h = colon <= 0 ? m : m.substring(0, colon);
            if (h != null && h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
            return h == null || !loopback(h);
        });
    }

    /** Whether {@link #host} is reachable from this machine only (same rule as {@link HttpConfig#loopback()}). */
    public boolean loopback() {
        return loopback(host);
    }

    static boolean loopback(String host) {
        return new HttpConfig(host, null, null).loopback();
    }

    /** {@link #leaseSeconds} as a duration. */
    public Duration leaseTtl() {
        return Duration.ofSeconds(leaseSeconds);
    }

    /** {@code host:port}, as other members name this one. */
    public String address() {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Mutual TLS on the clustered event bus: every node presents {@code cert} and accepts only peers whose certificate
     * chains to {@code ca}, both as server and as client.
     *
     * @param cert PEM certificate chain of this node, signed by {@code ca}
     * @param key  PEM private key of {@code cert} (PKCS#8 or PKCS#1)
     * @param ca   PEM certificate(s) of the district's own CA: the only issuer a peer is trusted by (not the JVM's store)
     */
    public record Tls(String cert, String key, String ca) {}

    /**
     * @param host           required
     * @param port           default 5432
     * @param name           the database's name; required
     * @param user           required
     * @param passwordSecret the password by secret reference (environment variable or secrets file key), never inline;
     *                       absent: no password (e.g. trust or peer authentication)
     * @param ssl            TLS to the database, the server's certificate verified (chain and host name, libpq's
     *                       {@code verify-full}) against the JVM's trust store or {@code caFile}; default false
     * @param caFile         PEM certificate(s) of a private CA that signed the server's certificate, trusted in place of
     *                       the JVM's store; only with {@code ssl: true}
     */
    public record Database(String host, Integer port, String name, String user, String passwordSecret, Boolean ssl, String caFile) {
        public static final int DEFAULT_PORT = 5432;

        public Database {
            port = port == null ? DEFAULT_PORT : port;
            ssl = ssl != null && ssl;
        }

        /** Without a private CA. */
        public Database(String host, Integer port, String name, String user, String passwordSecret, Boolean ssl) {
            this(host, port, name, user, passwordSecret, ssl, null);
        }
    }
}
