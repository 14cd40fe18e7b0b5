package io.warden.gateway.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.door.DurableJsonFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side console sessions.
 *
 * <p>The browser holds only a random session id in an HttpOnly cookie; the store keys sessions by its
 * SHA-256, and keeps them in {@code file} so that a restart of the gateway does not sign everyone out.
 * The file holds no cookie value, so reading it does not give a session. Thread-safe: every API
 * instance shares one; nothing here blocks (the file is written on a worker, saves coalesced, and a
 * session's last use is written at most once a {@link #TOUCH_SAVE_EVERY}, so after a restart a
 * session may end up to that much earlier than it would have).
 *
 * <p>At most {@link #MAX_SESSIONS} are kept: past that the least recently used is dropped (an unbounded
 * demo sign-in loop must not grow memory and the file without limit).
 *
 * <p>Use: {@link #find} counts as use (it moves the idle limit on); {@link #peek} only looks. Whoever
 * holds on to a session beyond one request (an open event stream) {@link #watch}es it, to stop as soon
 * as it is signed out, replaced by a new sign-in, dropped, or found expired.
 */
public final class ConsoleSessions {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSessions.class);
    static final Duration TOUCH_SAVE_EVERY = Duration.ofMinutes(1);
    static final int MAX_SESSIONS = 10_000;
    private static final int ID_BYTES = 32;
    /** 32 random bytes in base64url without padding. */
    private static final Pattern COOKIE_VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param principal   who acts: its name is the audit actor, e.g. {@code "Jane Smith (oidc accounts.google.com/1098)"}
     * @param displayName what the console shows, e.g. {@code "Jane Smith"}
     * @param subject     who the provider says it is, e.g. {@code "oidc accounts.google.com/1098"} or {@code "demo"}
     * @param csrf        the token every state-changing request of this session must carry in {@code X-CSRF-Token}
     */
    public record Session(Principal principal, String displayName, String subject, String csrf, Instant created, Instant lastSeen) {}

    /** A new session and the cookie value that names it (shown once, never stored). */
    public record Ticket(String cookieValue, Session session) {}

    /** A {@link #watch} of one session; {@link #cancel} when no longer interested. */
    public interface Watch {
        /** Idempotent; after it, {@code ended} does not run. */
        void cancel();
    }

    /** What the file holds per session: the id's hash, never the id. */
    record Stored(String key, Session session) {}

    /** A live session and when its last use was last written to the file. */
    private record Entry(Session session, Instant savedSeen) {}

    private final Path file;
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    /** Watchers by session key; a key's set goes when its session ends or its last watcher cancels. */
    private final Map<String, Set<Watcher>> watchers = new ConcurrentHashMap<>();
    private final AtomicBoolean savePending = new AtomicBoolean();
    private volatile DurableJsonFile<Stored> durable;

    /** @param file where sessions are kept across restarts (0600); null keeps them in memory only */
    public ConsoleSessions(Path file, Clock clock, Duration idle, Duration absolute) {
        if (idle == null || idle.isNegative() || idle.isZero()) throw new IllegalArgumentException("session idle timeout must be positive");
        if (absolute == null || absolute.compareTo(idle) < 0) {
            throw new IllegalArgumentException("session absolute timeout must be at least the idle timeout");
        }
        this.file = file;
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
    }

    /**
     * Reads the file (on a worker); sessions already expired are dropped. Call once, before serving:
     * until then nothing is written. A file that cannot be read is logged and set aside in effect
     * (everyone signs in again; the next save replaces it): a damaged session file must not keep the
     * doors' API from starting.
     */
    public Future<Void> load(Vertx vertx) {
        if (file == null) return Future.succeededFuture();
        DurableJsonFile<Stored> f = new DurableJsonFile<>(vertx, file, Stored[].class);
        return f.load().otherwise(t -> {
            LOG.warn("event=console_sessions_unreadable file=\"{}\" error=\"{}\" detail=\"starting with no sessions: everyone signs in again\"",
                    file, t.getMessage());
            return List.of();
        }).map(stored -> {
            Instant now = clock.instant();
            for (Stored s : stored) {
                if (s != null && s.key() != null && valid(s.session()) && live(s.session(), now)) {
                    sessions.putIfAbsent(s.key(), new Entry(s.session(), s.session().lastSeen()));
                }
            }
            durable = f;
            LOG.info("event=console_sessions_loaded sessions={} dropped={}", sessions.size(), stored.size() - sessions.size());
            return null;
        });
    }

    public Ticket create(Principal principal, String displayName, String subject) {
        String cookie = random();
        Instant now = clock.instant();
        Session s = new Session(principal, displayName, subject, random(), now, now);
        sessions.put(key(cookie), new Entry(s, now));
        if (sessions.size() > MAX_SESSIONS) prune(now);
        save();
        return new Ticket(cookie, s);
    }

    /** The live session the cookie names, touched; empty when unknown, idle too long or past its absolute limit. */
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || !COOKIE_VALUE.matcher(cookieValue).matches()) return Optional.empty();
        String key = key(cookieValue);
        Instant now = clock.instant();
        boolean[] changed = {false};
        boolean[] expired = {false};
        Entry e = sessions.computeIfPresent(key, (k, old) -> {
            if (!live(old.session(), now)) {
                changed[0] = expired[0] = true;
                return null;
            }
            Session s = old.session();
            Session touched = new Session(s.principal(), s.displayName(), s.subject(), s.csrf(), s.created(),
                    now.isAfter(s.lastSeen()) ? now : s.lastSeen());
            boolean write = !now.isBefore(old.savedSeen().plus(TOUCH_SAVE_EVERY));
            changed[0] |= write;
            return new Entry(touched, write ? now : old.savedSeen());
        });
        if (expired[0]) ended(key);
        if (changed[0]) save();
        return e == null ? Optional.empty() : Optional.of(e.session());
    }

    /**
     * The live session the cookie names, as {@link #find} but not touched: looking is not use, so the
     * idle limit stays where it was. Changes nothing.
     */
    public Optional<Session> peek(String cookieValue) {
        if (cookieValue == null || !COOKIE_VALUE.matcher(cookieValue).matches()) return Optional.empty();
        Entry e = sessions.get(key(cookieValue));
        return e == null || !live(e.session(), clock.instant()) ? Optional.empty() : Optional.of(e.session());
    }

    /**
     * Runs {@code ended} once when the session the cookie names ends: signed out ({@link #end}), dropped
     * to make room, or seen expired by {@link #find}. An expiry nobody looks at is not noticed here:
     * a watcher also {@link #peek}s now and then. Runs at once when the session is already gone or
     * expired. {@code ended} runs on the thread that ended the session (any event loop): it must not
     * block, nor throw.
     */
    public Watch watch(String cookieValue, Runnable ended) {
        Watcher w = new Watcher(cookieValue != null && COOKIE_VALUE.matcher(cookieValue).matches() ? key(cookieValue) : null, ended);
        if (w.key == null) {
            w.fire();
            return w;
        }
        watchers.compute(w.key, (k, set) -> {
            Set<Watcher> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(w);
            return s;
        });
        // Ended before the watcher was in: end() took the set (or found none) without it.
        if (peek(cookieValue).isEmpty()) {
            w.unlist();
            w.fire();
        }
        return w;
    }

    public void end(String cookieValue) {
        if (cookieValue == null || !COOKIE_VALUE.matcher(cookieValue).matches()) return;
        String key = key(cookieValue);
        if (sessions.remove(key) != null) {
            ended(key);
            save();
        }
    }

    /** When {@code s} ends if not used again: its idle limit or its absolute one, whichever is first. */
    public Instant idleExpiresAt(Session s) {
        Instant byIdle = s.lastSeen().plus(idle);
        Instant byAge = expiresAt(s);
        return byIdle.isBefore(byAge) ? byIdle : byAge;
    }

    /** When {@code s} ends however it is used. */
    public Instant expiresAt(Session s) {
        return s.created().plus(absolute);
    }

    /** How many live sessions are held (expired ones may count until they are next looked at). */
    int size() {
        return sessions.size();
    }

    /** Completes once every save asked for so far is on disk (tests, and a clean stop). */
    public Future<Void> flush() {
        DurableJsonFile<Stored> f = durable;
        return f == null ? Future.succeededFuture() : f.save(this::snapshot);
    }

    /** Tells the session's watchers it ended; call after taking it out of {@link #sessions}. */
    private void ended(String key) {
        Set<Watcher> ws = watchers.remove(key);
        if (ws != null) ws.forEach(Watcher::fire);
    }

    private final class Watcher implements Watch {
        private final String key;
        private final Runnable ended;
        private final AtomicBoolean done = new AtomicBoolean();

        Watcher(String key, Runnable ended) {
            this.key = key;
            this.ended = ended;
        }

        void fire() {
            if (!done.compareAndSet(false, true)) return;
            try {
                ended.run();
            } catch (RuntimeException e) {
                LOG.warn("event=console_session_watcher_failed error=\"{}\"", e.toString());
            }
        }

        @Override
        public void cancel() {
            done.set(true);
            unlist();
        }

        void unlist() {
            if (key == null) return;
            watchers.computeIfPresent(key, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** How many sessions are watched (tests: a cancelled or fired watch leaves nothing behind). */
    int watched() {
        return watchers.size();
    }

    private boolean live(Session s, Instant now) {
        return now.isBefore(s.lastSeen().plus(idle)) && now.isBefore(s.created().plus(absolute));
    }

    private static boolean valid(Session s) {
        return s != null && s.principal() != null && s.principal().name() != null && s.principal().role() != null && s.csrf() != null
                && s.created() != null && s.lastSeen() != null;
    }

    /** Drops expired sessions, then the least recently used until there is room for one more. */
    private void prune(Instant now) {
        sessions.forEach((k, e) -> {
            if (!live(e.session(), now) && sessions.remove(k, e)) ended(k);
        });
        int over = sessions.size() - MAX_SESSIONS;
        if (over <= 0) return;
        List<Map.Entry<String, Entry>> oldest = new ArrayList<>(sessions.entrySet());
        oldest.sort(Comparator.comparing(en -> en.getValue().session().lastSeen()));
        for (int i = 0; i < over; i++) {
            if (sessions.remove(oldest.get(i).getKey()) != null) ended(oldest.get(i).getKey());
        }
        LOG.warn("event=console_sessions_full max={} dropped={} detail=\"least recently used sessions ended\"", MAX_SESSIONS, over);
    }

    /** Asks for a write unless one is already waiting: it will take the state current when it runs. */
    private void save() {
        DurableJsonFile<Stored> f = durable;
        if (f == null || !savePending.compareAndSet(false, true)) return;
        f.save(() -> {
            savePending.set(false);
            return snapshot();
        }).onFailure(t -> LOG.warn("event=console_sessions_save_failed file=\"{}\" error=\"{}\"", file, t.toString()));
    }

    private List<Stored> snapshot() {
        Instant now = clock.instant();
        List<Stored> out = new ArrayList<>();
        sessions.forEach((k, e) -> {
            if (!live(e.session(), now)) return;
            Session s = e.session();
            // the last use as last decided worth writing, so the file changes at most once a minute per session
            out.add(new Stored(k, new Session(s.principal(), s.displayName(), s.subject(), s.csrf(), s.created(), e.savedSeen())));
        });
        return out;
    }

    private static String random() {
        byte[] b = new byte[ID_BYTES];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String key(String cookieValue) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(cookieValue.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
