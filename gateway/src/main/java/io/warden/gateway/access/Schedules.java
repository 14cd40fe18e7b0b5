package io.warden.gateway.access;

import io.warden.gateway.config.AccessConfig;
import java.util.List;
import java.util.Map;

/**
 * The config's schedules compiled for evaluation, by id, {@code always} included.
 * STUB: signatures fixed, bodies to be written (issue 9).
 */
public final class Schedules {
    private Schedules() {}

    /** Compiles validated schedule configs (the config loader has already reported bad ones). */
    public static Map<String, Schedule> compile(List<AccessConfig.Schedule> configs) {
        throw new UnsupportedOperationException("stub");
    }
}
