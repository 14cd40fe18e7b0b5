package io.warden.gateway;

/**
 * Refusals that are gateway policy, not device failures: adapters cannot raise them (they are not
 * in the adapter SPI's {@link io.warden.adapter.api.ErrorCode}). Their HTTP mapping sits beside
 * the error codes' in {@code api.Problems}.
 */
public enum PolicyCode {
    UNAUTHORIZED("authentication required"),
    FORBIDDEN("not allowed for this role"),
    LOCKDOWN_ACTIVE("the door is locked down"),
    /** The resource is not in a state that allows this (a finished job cancelled, a package not ready yet). */
    CONFLICT("the resource is not in a state that allows this"),
    /** A source sent more refused requests (401, 403) than its limit allows; see {@code api.RefusalLimits}. */
    RATE_LIMITED("too many refused requests");

    private final String description;

    PolicyCode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
