package io.warden.gateway.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.auth.Principal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Server-side console sessions (STUB: part "sessions" implements it; signatures are fixed).
 *
 * <p>The browser holds only a random session id in an HttpOnly cookie; the store keys sessions by its
 * SHA-256, and keeps them in {@code file} so that a restart of the gateway does not sign everyone out.
 * Thread-safe: every API instance shares one.
 */
public final class ConsoleSessions {
    /**
     * @param principal   who acts: its name is the audit actor, e.g. {@code "Jane Smith (oidc accounts.google.com/1098)"}
     * @param displayName what the console shows, e.g. {@code "Jane Smith"}
     * @param subject     who the provider says it is, e.g. {@code "oidc accounts.google.com/1098"} or {@code "demo"}
     * @param csrf        the token every state-changing request of this session must carry in {@code X-CSRF-Token}
     */
    public record Session(Principal principal, String displayName, String subject, String csrf, Instant created, Instant lastSeen) {}

    /** A new session and the cookie value that names it (shown once, never stored). */
    public record Ticket(String cookieValue, Session session) {}

    /** @param file where sessions are kept across restarts (0600); null keeps them in memory only */
    public ConsoleSessions(Path file, Clock clock, Duration idle, Duration absolute) {
        throw new UnsupportedOperationException("stub");
    }

    /** Reads the file (on a worker); sessions already expired are dropped. */
    public Future<Void> load(Vertx vertx) {
        throw new UnsupportedOperationException("stub");
    }

    public Ticket create(Principal principal, String displayName, String subject) {
        throw new UnsupportedOperationException("stub");
    }

    /** The live session the cookie names, touched; empty when unknown, idle too long or past its absolute limit. */
    public Optional<Session> find(String cookieValue) {
        throw new UnsupportedOperationException("stub");
    }

    public void end(String cookieValue) {
        throw new UnsupportedOperationException("stub");
    }
}
