package io.warden.gateway.config;

/**
 * The audit store.
 *
 * @param store only {@code sqlite} for now (PostgreSQL comes with cluster mode)
 * @param path  the SQLite file, relative to {@code dataDir} unless absolute; default {@code audit.db}
 */
public record AuditConfig(String store, String path) {
    public static final String SQLITE = "sqlite";

    public AuditConfig {
        store = store == null ? SQLITE : store;
        path = path == null ? "audit.db" : path;
    }

    static AuditConfig defaults() {
        return new AuditConfig(null, null);
    }
}
