package io.warden.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.warden.gateway.door.PgLockdownStore;
import java.util.List;

/**
 * STUB (issue 12, helper "pg-audit" implements {@link #migrate}): the shared database's schema, created
 * and migrated by the gateway itself. Migration N is the statements of entry N-1; applied ones are
 * recorded in {@code warden_schema_version}; each owner keeps its statements beside its code.
 */
public final class PgSchema {
    private PgSchema() {}

    /** In order; never edit an entry that has shipped, add one. */
    static List<List<String>> migrations() {
        return List.of(io.warden.gateway.audit.PgAuditSchema.DDL, ControllerLeases.DDL, PgLockdownStore.DDL);
    }

    /** Bring the database to the latest version; nodes starting together apply each migration once. */
    public static Future<Void> migrate(Pool pool) {
        throw new UnsupportedOperationException("stub");
    }
}
