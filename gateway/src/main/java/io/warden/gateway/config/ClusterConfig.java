package io.warden.gateway.config;

import java.util.List;

/**
 * {@code cluster:}: this node's place in a district of several nodes. Absent on a single node (the
 * embedded default: SQLite, files under the data directory).
 *
 * @param node           this node's id, e.g. {@code hs-north}; controllers name it in {@code node:} / {@code nodes:}
 * @param host           the address this node binds and other members reach it on (cluster membership and event bus)
 * @param port           the cluster membership port (Hazelcast), default 5701
 * @param busPort        the clustered event bus's port, default 0 (any free port, announced through membership)
 * @param members        the other members to join over TCP, {@code host:port} (no multicast)
 * @param allowPlaintext a non-loopback {@code host} carries unencrypted cluster traffic; refused unless true
 * @param leaseSeconds   how long a controller's ownership lease lasts unrenewed (default 10): a dead node's TCP
 *                       lines are taken over within about this plus one renewal
 * @param database       the shared PostgreSQL: audit trail, leases, lockdowns, timed relocks
 */
public record ClusterConfig(String node, String host, Integer port, Integer busPort, List<String> members, Boolean allowPlaintext,
                            Integer leaseSeconds, Database database) {

    /**
     * @param passwordSecret the password by secret reference (environment variable or secrets file key), never inline
     * @param ssl            require TLS to the database (default false on loopback; set it for a remote database)
     */
    public record Database(String host, Integer port, String name, String user, String passwordSecret, Boolean ssl) {}
}
