package io.warden.gateway.integrations.webhook;

import io.warden.gateway.audit.AuditEntry;
import java.util.List;

/**
 * Which records a webhook subscription wants.
 *
 * @param prefixes event type prefixes ({@code door.}, {@code lockdown.}); empty: every type
 * @param site     only records of this site (records without a site, such as {@code config.loaded}, are left
 *                 out), or null for all
 */
record WebhookFilter(List<String> prefixes, String site) {
    WebhookFilter {
        prefixes = List.copyOf(prefixes);
    }

    boolean accepts(AuditEntry e) {
        if (site != null && !site.equals(e.site())) return false;
        return prefixes.isEmpty() || prefixes.stream().anyMatch(e.type()::startsWith);
    }
}
