package io.warden.gateway.config;

/**
 * A bearer token as configured: only its SHA-256 is in the file.
 *
 * @param name   who holds it, e.g. {@code front-office-pc}: the actor in the audit trail
 * @param role   viewer, operator, lockdown, investigator or admin
 * @param sha256 64 hex digits: {@code printf %s "$TOKEN" | sha256sum}
 */
public record TokenConfig(String name, String role, String sha256) {
    @Override
    public String toString() { // the hash of a weak token can be reversed by guessing: keep it out of logs
        return "TokenConfig[name=" + name + ", role=" + role + "]";
    }
}
