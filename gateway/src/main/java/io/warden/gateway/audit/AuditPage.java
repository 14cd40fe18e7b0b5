package io.warden.gateway.audit;

import java.util.List;

/** One page of a query; {@code next} is the cursor for the following page, or null at the end. */
public record AuditPage(List<AuditRecord> items, Long next) {}
