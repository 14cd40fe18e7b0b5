package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every operation of {@code openapi.yaml} (read from the contract, so a new operation is covered
 * without touching this test), spelled canonically and in every way the router would still match,
 * without a token and with each role's token. Without a token only a public operation spelled
 * exactly answers; everything else is a 401, audited. With a token, a non-canonical spelling is a
 * 404 problem and the canonical one answers 403 exactly when the role lacks the permission. Never a
 * 500, never a handler reached through a non-canonical path.
 */
class PathSpellingsApiTest extends ApiTestBase {
    /** Hundreds of refusals from loopback, each to be seen in the trail on its own: no limit, no summaries. */
    @Override
    ApiOptions options() {
        return super.options().withRefusals(new RefusalLimits(1_000_000, 1_000, 100, Duration.ofMinutes(1), 1_000_000, 1_000_000));
    }

    record Op(String id, HttpMethod method, String path, String permission) {}

    record Answer(int status, String contentType, String body) {}

    @Test
    void everyOperationEverySpellingEveryRoleFailsClosed() throws Exception {
        List<Op> ops = operations();
        assertThat(ops).extracting(Op::id).contains("listDoors", "getDoor", "pulseDoor", "getLockdown", "queryAudit", "streamEvents",
                "listPeople", "importPeople", "setPin", "doorEntries", "importCalendar");
        HttpClient http = vertx.createHttpClient();
        int refusals = 0;
        List<String> wrong = new ArrayList<>();
        for (Op op : ops) {
            String path = op.path().replaceAll("\\{[^}]+}", "d1");
            boolean open = op.permission().equals("none");
            for (String spelling : spellings(path)) {
                boolean canonical = spelling.equals(path);
                Answer anonymous = call(http, op.method(), spelling, null);
                if (canonical && open) {
                    expect(wrong, op, spelling, "anonymous", anonymous, anonymous.status() < 400);
                } else {
                    expect(wrong, op, spelling, "anonymous", anonymous, isProblem(anonymous, 401, "UNAUTHORIZED"));
                    refusals++;
                }
                for (Map.Entry<String, Principal> t : TOKENS.entrySet()) {
                    Role role = t.getValue().role();
                    int callsBefore = doors.calls.size();
                    Answer a = call(http, op.method(), spelling, t.getKey());
                    String who = role.id();
                    if (!canonical) {
                        expect(wrong, op, spelling, who, a, isProblem(a, 404, "NOT_FOUND") && a.body().contains("no such resource")
                                && doors.calls.size() == callsBefore);
                    } else if (open || role.allows(Role.Permission.valueOf(op.permission().toUpperCase(Locale.ROOT)))) {
                        expect(wrong, op, spelling, who, a, a.status() != 401 && a.status() != 403 && a.status() < 500);
                    } else {
                        expect(wrong, op, spelling, who, a, isProblem(a, 403, "FORBIDDEN"));
                        refusals++;
                    }
                }
            }
        }
        assertThat(wrong).as("answers that do not fail closed").isEmpty();
        assertThat(audited("auth.refused")).as("every 401 and 403 is audited").hasSize(refusals);
        await(http.close());
    }

    @Test
    void theRefusalIsAuditedWithThePathAsSent() {
        problem(get("/api/v1//doors/", null), 401, "UNAUTHORIZED");
        assertThat(audited("auth.refused")).singleElement()
                .satisfies(r -> assertThat(r.entry().action()).isEqualTo("GET /api/v1//doors/"));
        JsonObject p = problem(get("/api/v1/%64oors", "viewer-token"), 404, "NOT_FOUND");
        assertThat(p.getString("detail")).contains("percent-encoded");
    }

    @Test
    void aMalformedPercentEncodingIsABadRequestForAnyoneNotA500() {
        // Not a path at all: nothing to authenticate against, so a 400 tells a stranger nothing (HttpEdgesApiTest checks the log).
        for (String path : List.of("/api/v1/doors/%", "/api/v1/doors/%zz", "/api/v1/doors/d1%2", "/health%")) {
            assertThat(problem(get(path, null), 400, "BAD_REQUEST").getString("detail")).contains("malformed percent-encoding");
            assertThat(problem(get(path, "admin-token"), 400, "BAD_REQUEST").getString("detail")).contains("malformed percent-encoding");
        }
        assertThat(doors.calls).isEmpty();
    }

    /** The path as the contract spells it, and spellings Vert.x's router would normalise to it. */
    static Set<String> spellings(String path) {
        Set<String> out = new LinkedHashSet<>();
        out.add(path);
        out.add(path + "/");
        out.add("/" + path);
        int last = path.lastIndexOf('/');
        out.add(path.substring(0, last) + "/" + path.substring(last));
        out.add(path.substring(0, last) + "/." + path.substring(last));
        out.add(path.substring(0, last) + "/x/.." + path.substring(last));
        char c = path.charAt(last + 1);
        out.add(path.substring(0, last + 1) + "%" + Integer.toHexString(c) + path.substring(last + 2));
        if (path.startsWith("/api/v1/")) {
            String rest = path.substring("/api/v1/".length());
            out.add("/api/v1//" + rest);
            out.add("/api/v1/%" + Integer.toHexString(rest.charAt(0)) + rest.substring(1));
            out.add("/API/v1/" + rest);
        }
        return out;
    }

    private static boolean isProblem(Answer a, int status, String code) {
        if (a.status() != status || !Problems.CONTENT_TYPE.equals(a.contentType())) return false;
        return code.equals(new JsonObject(a.body()).getString("code"));
    }

    private static void expect(List<String> wrong, Op op, String spelling, String who, Answer a, boolean ok) {
        if (!ok) wrong.add(op.method() + " " + spelling + " (" + op.id() + ") as " + who + " -> " + a.status() + " " + a.body());
    }

    /** The answer's status and body; an event stream is cut once its head arrived. */
    private Answer call(HttpClient http, HttpMethod method, String uri, String token) {
        return await(http.request(method, port, "127.0.0.1", uri).compose(req -> send(req, token)));
    }

    private static Future<Answer> send(HttpClientRequest req, String token) {
        if (token != null) req.putHeader("Authorization", "Bearer " + token);
        return req.send().compose(res -> {
            String type = res.getHeader("Content-Type");
            if (type != null && type.startsWith("text/event-stream")) {
                req.reset();
                return Future.succeededFuture(new Answer(res.statusCode(), type, ""));
            }
            return res.body().map(b -> new Answer(res.statusCode(), type, b.toString()));
        });
    }

    @SuppressWarnings("unchecked")
    static List<Op> operations() throws Exception {
        Map<String, Object> doc = ContractDocument.read();
        List<Op> ops = new ArrayList<>();
        for (var path : ((Map<String, Map<String, Object>>) doc.get("paths")).entrySet()) {
            for (var m : path.getValue().entrySet()) {
                if (!(m.getValue() instanceof Map<?, ?> op) || op.get("operationId") == null) continue;
                ops.add(new Op((String) op.get("operationId"), HttpMethod.valueOf(m.getKey().toUpperCase(Locale.ROOT)), path.getKey(),
                        String.valueOf(op.get(ApiGate.PERMISSION_EXTENSION))));
            }
        }
        return ops;
    }
}
