package io.warden.gateway.console;

import io.warden.gateway.auth.Role;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The web console's sign-in and sessions, as the config's {@code console:} section gives them.
 *
 * @param publicUrl the address browsers use for the gateway, e.g. {@code https://warden.district.org}
 *                  (the OIDC redirect URI is {@code publicUrl + /auth/oidc/callback}; requests whose
 *                  {@code Origin} is another one are refused); null: the API's own scheme, host and port
 * @param oidc      the district's OpenID Connect provider, or null for none
 * @param demoSignIn a local sign-in as any role, for the demo only (the page says so)
 * @param idle      a session not used for this long ends
 * @param absolute  a session ends this long after sign-in, used or not
 */
public record ConsoleOptions(URI publicUrl, Oidc oidc, boolean demoSignIn, Duration idle, Duration absolute) {
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);
    public static final Duration DEFAULT_ABSOLUTE = Duration.ofHours(12);

    /** No provider, no demo sign-in: the console pages are served, but only API tokens work. */
    public static ConsoleOptions none() {
        return new ConsoleOptions(null, null, false, DEFAULT_IDLE, DEFAULT_ABSOLUTE);
    }

    /**
     * @param issuer       where the discovery document is ({@code issuer + /.well-known/openid-configuration})
     * @param clientSecret the resolved secret (never logged; {@link #toString} leaves it out); null for a public client
     * @param providerName what the sign-in button says, e.g. "Google" or "Microsoft"
     * @param roles        in order: the first rule whose claim holds its value gives the role; none: sign-in refused
     */
    public record Oidc(URI issuer, String clientId, String clientSecret, List<String> scopes, String providerName,
                       List<RoleRule> roles) {
        @Override
        public String toString() {
            return "Oidc[issuer=" + issuer + ", clientId=" + clientId + ", providerName=" + providerName + ", roles=" + roles + "]";
        }
    }

    /** A claim ({@code groups}, {@code roles}, {@code email}, {@code hd}...) that equals, or is a list holding, {@code value}. */
    public record RoleRule(String claim, String value, Role role) {}
}
