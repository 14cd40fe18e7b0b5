package io.warden.gateway.audit;

import java.util.List;

/** STUB (issue 12, helper "pg-audit"): the audit trail's tables in PostgreSQL, migration 1 of {@code PgSchema}. */
public final class PgAuditSchema {
    private PgAuditSchema() {}

    public static final List<String> DDL = List.of();
}
