package io.warden.gateway.config;

import java.util.List;

/**
 * The checks of {@code integrations:}; each problem is a {@code path: problem} line, as {@link ConfigValidator}'s.
 * STUB (issue 13): the config helper writes the checks.
 */
final class IntegrationsValidator {
    private final ConfigValidator base;
    private final List<String> problems;

    IntegrationsValidator(ConfigValidator base, List<String> problems) {
        this.base = base;
        this.problems = problems;
    }

    /**
     * @param cluster        the cluster section as bound (null on a single node, or when it did not bind)
     * @param clusterPresent whether the file has a {@code cluster:} key
     * @param doors          the doors as bound (null elements did not bind)
     */
    void check(IntegrationsConfig c, ClusterConfig cluster, boolean clusterPresent, List<DoorConfig> doors) {
    }

    /** Every secret the section names resolves (named, never shown). */
    static void secretsResolve(IntegrationsConfig c, Secrets secrets, List<String> problems) {
    }
}
