package io.warden.gateway.config;

import java.util.List;

/**
 * The web console's section as written ({@code console:}); {@link GatewayConfig#console()} turns it into
 * {@link io.warden.gateway.console.ConsoleOptions} with the client secret resolved.
 *
 * @param publicUrl              the address browsers use, scheme://host[:port] without a path; optional
 * @param sessionIdleMinutes     a session unused this long ends, 1..1440; default 30
 * @param sessionAbsoluteMinutes a session ends this long after sign-in, 1..10080, at least the idle time; default 720
 * @param demoSignIn             a local sign-in as any role, for the demo only; default false
 * @param oidc                   the district's OpenID Connect provider; optional
 */
public record ConsoleConfig(String publicUrl, Integer sessionIdleMinutes, Integer sessionAbsoluteMinutes, Boolean demoSignIn, Oidc oidc) {
    public static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");

    public ConsoleConfig {
        sessionIdleMinutes = sessionIdleMinutes == null ? 30 : sessionIdleMinutes;
        sessionAbsoluteMinutes = sessionAbsoluteMinutes == null ? 720 : sessionAbsoluteMinutes;
        demoSignIn = demoSignIn != null && demoSignIn;
    }

    static ConsoleConfig none() {
        return new ConsoleConfig(null, null, null, null, null);
    }

    /**
     * @param issuer       the provider's issuer URL (its discovery document is under it); https, or http on loopback
     * @param clientId     the client (application) id the provider issued
     * @param clientSecret the name of a secret (environment or secrets file) holding the client secret; optional
     * @param providerName what the sign-in button says; default the issuer's host
     * @param scopes       default openid, email, profile; must hold openid
     * @param roles        first match wins; at least one
     */
    public record Oidc(String issuer, String clientId, String clientSecret, String providerName, List<String> scopes, List<RoleRule> roles) {
        public Oidc {
            scopes = scopes == null ? DEFAULT_SCOPES : ConfigLists.copy(scopes);
            roles = roles == null ? List.of() : ConfigLists.copy(roles);
        }
    }

    /** An ID-token claim (a text or a list of texts) that equals or holds {@code value} gives {@code role}. */
    public record RoleRule(String claim, String value, String role) {}
}
