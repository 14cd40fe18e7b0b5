package io.warden.gateway.config;

import static io.warden.gateway.config.GatewayConfigTest.OSDP;
import static io.warden.gateway.config.GatewayConfigTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.WardenException;
import io.warden.gateway.auth.Role;
import io.warden.gateway.console.ConsoleOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code console:} section: bound into {@link ConsoleOptions}, and every problem named by its path. */
class ConsoleConfigTest {
    private static final String GOOGLE = """
            console:
              publicUrl: https://warden.lincoln.example/
              sessionIdleMinutes: 15
              sessionAbsoluteMinutes: 480
              oidc:
                issuer: https://accounts.google.com
                clientId: 1234-abc.apps.googleusercontent.com
                clientSecret: WARDEN_OIDC_CLIENT_SECRET
                providerName: Google
                roles:
                  - {claim: email, value: principal@lincoln.example, role: lockdown}
                  - {claim: groups, value: 6f0c-group, role: operator}
            """;

    @TempDir
    Path dir;

    private ConsoleOptions console(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(minimal(yaml), "t.yaml", OSDP, env, dir).console();
    }

    private List<String> problems(String yaml, Map<String, String> env) {
        try {
            ConfigLoader.parse(minimal(yaml), "bad.yaml", OSDP, env, dir);
        } catch (WardenException e) {
            return e.getMessage().lines().skip(1).toList();
        }
        throw new AssertionError("the config loaded");
    }

    @Test
    void absentSectionIsNone() {
        assertThat(console("", Map.of())).isEqualTo(ConsoleOptions.none());
    }

    @Test
    void demoSignInAloneNeedsNoProvider() {
        ConsoleOptions c = console("console: {demoSignIn: true}\n", Map.of());
        assertThat(c.demoSignIn()).isTrue();
        assertThat(c.oidc()).isNull();
        assertThat(c.idle()).isEqualTo(ConsoleOptions.DEFAULT_IDLE);
        assertThat(c.absolute()).isEqualTo(ConsoleOptions.DEFAULT_ABSOLUTE);
    }

    @Test
    void providerIsBoundWithItsSecretResolvedAndRulesInOrder() {
        ConsoleOptions c = console(GOOGLE, Map.of("WARDEN_OIDC_CLIENT_SECRET", "s3cret-value"));
        assertThat(c.publicUrl()).isEqualTo(URI.create("https://warden.lincoln.example"));
        assertThat(c.idle()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.absolute()).isEqualTo(Duration.ofHours(8));
        assertThat(c.demoSignIn()).isFalse();
        ConsoleOptions.Oidc o = c.oidc();
        assertThat(o.issuer()).isEqualTo(URI.create("https://accounts.google.com"));
        assertThat(o.clientId()).isEqualTo("1234-abc.apps.googleusercontent.com");
        assertThat(o.clientSecret()).isEqualTo("s3cret-value");
        assertThat(o.toString()).doesNotContain("s3cret-value");
        assertThat(o.scopes()).containsExactly("openid", "email", "profile");
        assertThat(o.providerName()).isEqualTo("Google");
        assertThat(o.roles()).containsExactly(new ConsoleOptions.RoleRule("email", "principal@lincoln.example", Role.LOCKDOWN),
                new ConsoleOptions.RoleRule("groups", "6f0c-group", Role.OPERATOR));
    }

    @Test
    void publicClientAndDefaultProviderName() {
        String yaml = "console: {oidc: {issuer: 'https://login.microsoftonline.com/tid/v2.0', clientId: app, scopes: [openid, email],"
                + " roles: [{claim: roles, value: Warden.Admin, role: admin}]}}\n";
        ConsoleOptions.Oidc o = console(yaml, Map.of()).oidc();
        assertThat(o.clientSecret()).isNull();
        assertThat(o.providerName()).isEqualTo("login.microsoftonline.com");
        assertThat(o.scopes()).containsExactly("openid", "email");
        assertThat(console(yaml, Map.of()).publicUrl()).isNull();
    }

    @Test
    void aMissingSecretIsNamedNeverItsValue() {
        assertThat(problems(GOOGLE, Map.of())).containsExactly(
                "console.oidc.clientSecret: no secret 'WARDEN_OIDC_CLIENT_SECRET' (set the environment variable of that name or add it to the secrets file)");
    }

    @Test
    void everyProblemNamesItsPath() {
        String yaml = """
                console:
                  publicUrl: warden.example/console
                  sessionIdleMinutes: 0
                  sessionAbsoluteMinutes: 20000
                  theme: dark
                  oidc:
                    issuer: http://accounts.example.com
                    clientSecret: ""
                    scopes: [email, "has space"]
                    roles:
                      - {claim: email, value: a@b.example, role: boss}
                      - {value: x, role: admin, colour: red}
                """;
        assertThat(problems(yaml, Map.of())).contains(
                "console.publicUrl: 'warden.example/console' must be an absolute http or https URL with a host",
                "console.sessionIdleMinutes: must be between 1 and 1440, not 0",
                "console.sessionAbsoluteMinutes: must be between 1 and 10080, not 20000",
                "console.theme: unknown key",
                "console.oidc.issuer: 'http://accounts.example.com' must be https (plain http only for a provider on this machine)",
                "console.oidc.clientId: missing (the client id the provider issued)",
                "console.oidc.clientSecret: must not be empty (a secret's name)",
                "console.oidc.scopes[1]: 'has space' is not a scope (printable ASCII, no spaces)",
                "console.oidc.scopes: must include openid (it is what makes an ID token)",
                "console.oidc.roles[0].role: unknown role 'boss': must be viewer, operator, lockdown, investigator or admin",
                "console.oidc.roles[1].claim: missing (e.g. email, hd, groups, roles)",
                "console.oidc.roles[1].colour: unknown key");
    }

    @Test
    void urlsWithPathsQueriesOrUsersAreRefused() {
        assertThat(problems("console: {publicUrl: 'https://w.example/console'}\n", Map.of()))
                .containsExactly("console.publicUrl: must be scheme://host[:port] without a path (the console is served at /), not 'https://w.example/console'");
        assertThat(problems("console: {publicUrl: 'https://user@w.example'}\n", Map.of()))
                .containsExactly("console.publicUrl: 'https://user@w.example' must not have a user, query or fragment");
        assertThat(problems("console: {publicUrl: 'https://w.example/?a=1'}\n", Map.of()))
                .containsExactly("console.publicUrl: 'https://w.example/?a=1' must not have a user, query or fragment");
        assertThat(problems("console: {publicUrl: 'http://w ex'}\n", Map.of())).singleElement().asString()
                .startsWith("console.publicUrl: 'http://w ex' is not a URL");
    }

    @Test
    void emptyRulesAndAnAbsoluteLimitShorterThanIdleAreRefused() {
        assertThat(problems("console: {sessionIdleMinutes: 60, sessionAbsoluteMinutes: 30, oidc: {issuer: 'https://idp.example', clientId: c}}\n", Map.of()))
                .containsExactly("console.sessionAbsoluteMinutes: must be at least sessionIdleMinutes (60), not 30",
                        "console.oidc.roles: at least one rule is needed (without one nobody can sign in), e.g. {claim: email, value: you@district.org, role: admin}");
    }

    @Test
    void plainHttpIssuerOnLoopbackIsAllowed() {
        String yaml = "console: {oidc: {issuer: 'http://127.0.0.1:8081/default', clientId: c, roles: [{claim: sub, value: u, role: viewer}]}}\n";
        assertThat(console(yaml, Map.of()).oidc().issuer()).isEqualTo(URI.create("http://127.0.0.1:8081/default"));
        assertThat(console(yaml.replace("127.0.0.1", "localhost"), Map.of()).oidc()).isNotNull();
    }

    @Test
    void wrongTypesAreNamed() {
        assertThat(problems("console: {demoSignIn: yes}\n", Map.of())).containsExactly("console.demoSignIn: must be true or false");
        assertThat(problems("console: {sessionIdleMinutes: 30m}\n", Map.of())).containsExactly("console.sessionIdleMinutes: must be a whole number");
        assertThat(problems("console: {oidc: {issuer: 'https://i.example', clientId: c, roles: [~]}}\n", Map.of()))
                .singleElement().asString().startsWith("console.oidc.roles[0]");
    }
}
