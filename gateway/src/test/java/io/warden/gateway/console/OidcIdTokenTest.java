package io.warden.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.auth.Role;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ID token's claims: what refuses them, the role they give, the names they yield. */
class OidcIdTokenTest {
    private static final String ISSUER = "https://accounts.google.com";
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private static JsonObject good() {
        return new JsonObject().put("iss", ISSUER).put("aud", "client-1").put("sub", "1098").put("nonce", "n-1")
                .put("iat", NOW.getEpochSecond() - 5).put("exp", NOW.getEpochSecond() + 3600);
    }

    private static String problem(JsonObject claims) {
        return OidcIdToken.problem(claims, ISSUER, "client-1", "n-1", NOW);
    }

    @Test
    void aTokenForThisSignInPasses() {
        assertThat(problem(good())).isNull();
        assertThat(problem(good().put("iss", ISSUER + "/"))).as("a trailing slash is the same issuer").isNull();
        assertThat(problem(good().put("aud", new JsonArray().add("client-1")))).isNull();
        assertThat(problem(good().put("iss", "accounts.google.com"))).as("Google's legacy form of its issuer").isNull();
        assertThat(OidcIdToken.problem(good().put("iss", "login.microsoftonline.com/t/v2.0"), "https://login.microsoftonline.com/t/v2.0",
                "client-1", "n-1", NOW)).as("only Google's").startsWith("ID token from another issuer");
        assertThat(problem(good().put("aud", new JsonArray().add("client-1").add("other")).put("azp", "client-1"))).isNull();
        assertThat(problem(good().put("exp", NOW.getEpochSecond() - 30))).as("within the minute's leeway").isNull();
    }

    @Test
    void eachCheckRefusesNamingWhy() {
        assertThat(problem(good().put("iss", "https://login.microsoftonline.com/t/v2.0"))).startsWith("ID token from another issuer");
        assertThat(problem(good().put("aud", "client-2"))).startsWith("ID token for another client");
        JsonObject noAudience = good();
        noAudience.remove("aud");
        assertThat(problem(noAudience)).startsWith("ID token for another client");
        assertThat(problem(good().put("aud", new JsonArray().add("client-1").add("other")))).contains("without azp");
        assertThat(problem(good().put("exp", NOW.getEpochSecond() - 61))).startsWith("ID token expired at");
        JsonObject noExp = good();
        noExp.remove("exp");
        assertThat(problem(noExp)).isEqualTo("ID token without expiry");
        assertThat(problem(good().put("iat", NOW.getEpochSecond() + 120))).startsWith("ID token issued in the future");
        assertThat(problem(good().put("nonce", "n-2"))).contains("nonce does not match");
        JsonObject noNonce = good();
        noNonce.remove("nonce");
        assertThat(problem(noNonce)).contains("nonce does not match");
        assertThat(problem(good().put("sub", " "))).isEqualTo("ID token without subject");
    }

    @Test
    void theFirstRuleWhoseClaimHoldsItsValueGivesTheRole() {
        List<ConsoleOptions.RoleRule> rules = List.of(new ConsoleOptions.RoleRule("email", "pat@lincoln.example", Role.LOCKDOWN),
                new ConsoleOptions.RoleRule("groups", "g-ops", Role.OPERATOR), new ConsoleOptions.RoleRule("hd", "lincoln.example", Role.VIEWER));
        JsonObject pat = new JsonObject().put("email", "pat@lincoln.example").put("groups", new JsonArray().add("g-ops")).put("hd", "lincoln.example");
        assertThat(OidcIdToken.role(pat, rules)).as("an address the provider does not say it verified matches no rule").contains(Role.OPERATOR);
        pat.put("email_verified", true);
        assertThat(OidcIdToken.role(pat, rules)).contains(Role.LOCKDOWN);
        assertThat(OidcIdToken.role(pat.copy().put("email_verified", "true"), rules)).as("only the boolean true verifies").contains(Role.OPERATOR);
        assertThat(OidcIdToken.role(pat.copy().put("email", "pat2@lincoln.example"), rules)).contains(Role.OPERATOR);
        assertThat(OidcIdToken.role(new JsonObject().put("hd", "lincoln.example"), rules)).contains(Role.VIEWER);
        assertThat(OidcIdToken.role(new JsonObject().put("hd", "other.example").put("groups", "g-ops-x"), rules)).isEmpty();
        assertThat(OidcIdToken.role(new JsonObject().put("groups", new JsonObject().put("g-ops", true)), rules)).as("an object holds nothing").isEmpty();
        assertThat(OidcIdToken.role(pat.copy().put("email_verified", false).put("groups", new JsonArray()), rules))
                .as("an unverified address matches no rule").contains(Role.VIEWER);
        assertThat(OidcIdToken.role(new JsonObject().put("roles", new JsonArray().add("Warden.Admin")),
                List.of(new ConsoleOptions.RoleRule("roles", "Warden.Admin", Role.ADMIN)))).contains(Role.ADMIN);
    }

    @Test
    void namesComeFromTheBestClaimAndCannotForgeALogLine() {
        assertThat(OidcIdToken.displayName(new JsonObject().put("name", "Jane Smith").put("email", "j@x"))).isEqualTo("Jane Smith");
        assertThat(OidcIdToken.displayName(new JsonObject().put("name", " ").put("email", "j@x"))).isEqualTo("j@x");
        assertThat(OidcIdToken.displayName(new JsonObject().put("preferred_username", "jsmith"))).isEqualTo("jsmith");
        assertThat(OidcIdToken.displayName(new JsonObject().put("sub", "1098"))).isEqualTo("1098");
        assertThat(OidcIdToken.displayName(new JsonObject().put("name", "Eve\nevent=console_sign_in actor=admin\u202e"))).isEqualTo("Eveevent=console_sign_in actor=admin");
        assertThat(OidcIdToken.displayName(new JsonObject().put("name", "x".repeat(200)))).hasSize(81).endsWith("…");
        assertThat(OidcIdToken.subject("accounts.google.com", new JsonObject().put("sub", "1098"))).isEqualTo("oidc accounts.google.com/1098");
    }
}
