package io.warden.gateway.config;

import java.time.Duration;
import java.util.List;

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
 * @param allowPlaintext a non-loopback {@code host} carries unencrypted cluster traffic; refused unless true
 * @param leaseSeconds   how long a controller's ownership lease lasts unrenewed (default {@value #DEFAULT_LEASE_SECONDS},
 *                       3..60): a dead node's TCP lines are taken over within about this plus one renewal
 * @param database       the shared PostgreSQL: audit trail, leases, lockdowns, timed relocks
 */
public record ClusterConfig(String node, String host, Integer port, Integer busPort, List<String> members, Boolean allowPlaintext,
                            Integer leaseSeconds, Database database) {
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

    /** This section with another node id ({@code warden serve --node}), to be validated like the file's. */
    public ClusterConfig withNode(String otherNode) {
        return new ClusterConfig(otherNode, host, port, busPort, members, allowPlaintext, leaseSeconds, database);
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
     * @param host           required
     * @param port           default 5432
     * @param name           the database's name; required
     * @param user           required
     * @param passwordSecret the password by secret reference (environment variable or secrets file key), never inline;
     *                       absent: no password (e.g. trust or peer authentication)
     * @param ssl            require TLS to the database (default false on loopback; set it for a remote database)
     */
    public record Database(String host, Integer port, String name, String user, String passwordSecret, Boolean ssl) {
        public static final int DEFAULT_PORT = 5432;

        public Database {
            port = port == null ? DEFAULT_PORT : port;
            ssl = ssl != null && ssl;
        }
    }
}
