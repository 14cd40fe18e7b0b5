package io.warden.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/** The checks of the {@code console:} section; each problem is a {@code path: problem} line, as {@link ConfigValidator}'s. */
final class ConsoleValidator {
    private final ConfigValidator base;
    private final List<String> problems;

    ConsoleValidator(ConfigValidator base, List<String> problems) {
        this.base = base;
        this.problems = problems;
    }

    void check(ConsoleConfig c) {
        if (c.publicUrl() != null) {
            URI u = url("console.publicUrl", c.publicUrl(), false);
            if (u != null && u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
                problems.add("console.publicUrl: must be scheme://host[:port] without a path (the console is served at /), not '" + c.publicUrl() + "'");
            }
        }
        base.range("console.sessionIdleMinutes", c.sessionIdleMinutes(), 1, 1440);
        base.range("console.sessionAbsoluteMinutes", c.sessionAbsoluteMinutes(), 1, 10_080);
        if (c.sessionAbsoluteMinutes() < c.sessionIdleMinutes()) {
            problems.add("console.sessionAbsoluteMinutes: must be at least sessionIdleMinutes (" + c.sessionIdleMinutes() + "), not "
                    + c.sessionAbsoluteMinutes());
        }
        if (c.oidc() != null) oidc(c.oidc());
    }

    private void oidc(ConsoleConfig.Oidc o) {
        String at = "console.oidc";
        if (o.issuer() == null || o.issuer().isBlank()) problems.add(at + ".issuer: missing (e.g. https://accounts.google.com)");
        else url(at + ".issuer", o.issuer(), true);
        if (o.clientId() == null || o.clientId().isBlank()) problems.add(at + ".clientId: missing (the client id the provider issued)");
        if (o.clientSecret() != null && o.clientSecret().isBlank()) problems.add(at + ".clientSecret: must not be empty (a secret's name)");
        if (o.providerName() != null && o.providerName().isBlank()) problems.add(at + ".providerName: must not be empty");
        for (int i = 0; i < o.scopes().size(); i++) {
            String s = o.scopes().get(i);
            if (s == null || s.isBlank() || s.chars().anyMatch(ch -> ch <= ' ' || ch == '"' || ch == '\\' || ch > '~')) {
                problems.add(at + ".scopes[" + i + "]: '" + s + "' is not a scope (printable ASCII, no spaces)");
            }
        }
        if (!o.scopes().contains("openid")) problems.add(at + ".scopes: must include openid (it is what makes an ID token)");
        if (o.roles().isEmpty()) {
            problems.add(at + ".roles: at least one rule is needed (without one nobody can sign in), e.g. {claim: email, value: you@district.org, role: admin}");
        }
        for (int i = 0; i < o.roles().size(); i++) {
            ConsoleConfig.RoleRule r = o.roles().get(i);
            String rule = at + ".roles[" + i + "]";
            if (r == null) {
                problems.add(rule + ": empty entry");
                continue;
            }
            if (r.claim() == null || r.claim().isBlank()) problems.add(rule + ".claim: missing (e.g. email, hd, groups, roles)");
            if (r.value() == null || r.value().isEmpty()) problems.add(rule + ".value: missing");
            base.role(rule + ".role", r.role());
        }
    }

    /**
     * An absolute http(s) URL with a host and no user, query or fragment; null (problem recorded) otherwise.
     * {@code httpsUnlessLoopback}: plain http only for a provider on this machine (a test's).
     */
    private URI url(String at, String text, boolean httpsUnlessLoopback) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            problems.add(at + ": '" + text + "' is not a URL (" + e.getReason() + ")");
            return null;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
            problems.add(at + ": '" + text + "' must be an absolute http or https URL with a host");
            return null;
        }
        if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
            problems.add(at + ": '" + text + "' must not have a user, query or fragment");
            return null;
        }
        if (httpsUnlessLoopback && scheme.equals("http") && !new HttpConfig(u.getHost(), null, null).loopback()) {
            problems.add(at + ": '" + text + "' must be https (plain http only for a provider on this machine)");
            return null;
        }
        return u;
    }
}
