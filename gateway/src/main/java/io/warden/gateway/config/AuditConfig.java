package io.warden.gateway.config;

import java.time.Duration;

/**
 * The audit store.
 *
 * @param store       {@code sqlite} (one node); a cluster keeps its trail in {@code cluster.database} whatever this says
 * @param path        the SQLite file, relative to {@code dataDir} unless absolute; default {@code audit.db}
 * @param checkpoints where and how often the chain is anchored outside the database
 */
public record AuditConfig(String store, String path, Checkpoints checkpoints) {
    public static final String SQLITE = "sqlite";

    public AuditConfig {
        store = store == null ? SQLITE : store;
        path = path == null ? "audit.db" : path;
        checkpoints = checkpoints == null ? Checkpoints.defaults() : checkpoints;
    }

    static AuditConfig defaults() {
        return new AuditConfig(null, null, null);
    }

    /**
     * Signed checkpoints of the hash chain.
     *
     * @param file         the checkpoint file (its public key goes beside it as {@code <file>.pub}), relative to
     *                     {@code dataDir} unless absolute; put it on another disk or a share; default
     *                     {@code audit-checkpoints.jsonl}
     * @param signingKey   the Ed25519 signing key, created on first start (mode 0600), relative to {@code dataDir}
     *                     unless absolute; move it off the data disk; default {@code audit-signing.key}
     * @param everyRecords checkpoint after this many records, 1..1000000, default 1000
     * @param everySeconds and at least this often while records arrive, 1..86400, default 60
     * @param syslog       also send each checkpoint to this syslog collector, or null
     */
    public record Checkpoints(String file, String signingKey, Integer everyRecords, Integer everySeconds, Syslog syslog) {
        public static final int DEFAULT_EVERY_RECORDS = 1000;
        public static final int DEFAULT_EVERY_SECONDS = 60;

        public Checkpoints {
            file = file == null ? "audit-checkpoints.jsonl" : file;
            signingKey = signingKey == null ? "audit-signing.key" : signingKey;
            everyRecords = everyRecords == null ? DEFAULT_EVERY_RECORDS : everyRecords;
            everySeconds = everySeconds == null ? DEFAULT_EVERY_SECONDS : everySeconds;
        }

        static Checkpoints defaults() {
            return new Checkpoints(null, null, null, null, null);
        }

        public Duration every() {
            return Duration.ofSeconds(everySeconds);
        }
    }

    /**
     * An RFC 5424 syslog collector.
     *
     * @param host     name or address
     * @param port     1..65535, default 514
     * @param protocol {@code udp} (default) or {@code tcp}
     */
    public record Syslog(String host, Integer port, String protocol) {
        public Syslog {
            port = port == null ? 514 : port;
            protocol = protocol == null ? "udp" : protocol;
        }
    }
}
