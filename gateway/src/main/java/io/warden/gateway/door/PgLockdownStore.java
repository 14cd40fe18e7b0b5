package io.warden.gateway.door;

import java.util.List;

/** STUB (issue 12, helper "shared-state"): lockdowns and timed relocks in PostgreSQL, migration 3 of {@code PgSchema}. */
public final class PgLockdownStore {
    private PgLockdownStore() {}

    public static final List<String> DDL = List.of();
}
