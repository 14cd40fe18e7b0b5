package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.testing.CapturedStderr;
import io.warden.adapter.api.testing.Waits;
import io.warden.gateway.audit.AuditEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP by the book: each edge a careful client or a hostile one meets first gets the status the
 * RFCs give it, as problem+json, and none leaves a stack trace in the log. Requests a client
 * library would refuse to send go out over a plain socket, byte for byte.
 */
class HttpEdgesApiTest extends ApiTestBase {
    private CapturedStderr log;

    @BeforeEach
    void captureLog() {
        log = CapturedStderr.start();
    }

    @AfterEach
    void restoreLog() {
        log.close();
    }

    private String log() {
        return log.text();
    }

    private void assertNoStackTraceLogged() {
        assertThat(log()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("WARN").doesNotContain("ERROR");
    }

    @Test
    void wrongMethodIs405WithTheMethodsThePathHas() {
        var res = send(HttpMethod.DELETE, "/api/v1/doors/d1/unlock", "operator-token", null);
        problem(res, 405, "METHOD_NOT_ALLOWED");
        assertThat(res.getHeader("Allow")).isEqualTo("POST");
        res = send(HttpMethod.PUT, "/api/v1/lockdowns", "operator-token", null);
        problem(res, 405, "METHOD_NOT_ALLOWED");
        assertThat(res.getHeader("Allow")).isEqualTo("GET, POST");
        res = send(HttpMethod.POST, "/health", "viewer-token", null);
        problem(res, 405, "METHOD_NOT_ALLOWED");
        assertThat(res.getHeader("Allow")).isEqualTo("GET");
        assertThat(doors.calls).isEmpty();
    }

    @Test
    void aBodyTooLargeIs413WhetherItsLengthIsDeclaredOrChunked() throws IOException {
        String big = "{\"until\":\"" + "x".repeat(70 * 1024) + "\"}";
        problem(raw(HttpMethod.POST, "/api/v1/doors/d1/unlock", "operator-token", big), 413, "CONTENT_TOO_LARGE");

        Exchange chunked = exchange("POST /api/v1/doors/d1/unlock HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer operator-token\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n");
        chunked.assertProblem(413, "CONTENT_TOO_LARGE");

        // Authentication comes before the body is read: a stranger learns nothing about limits.
        problem(raw(HttpMethod.POST, "/api/v1/doors/d1/unlock", null, big), 401, "UNAUTHORIZED");
        assertThat(doors.calls).isEmpty();
        assertNoStackTraceLogged();
    }

    @Test
    void aUriTooLongIs414AndHeadersTooLargeAre431WithProblemBodies() throws IOException {
        exchange("GET /api/v1/doors/" + "d".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n").assertProblem(414, "URI_TOO_LONG");
        exchange("GET /api/v1/doors HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(9000) + "\r\n\r\n")
                .assertProblem(431, "HEADERS_TOO_LARGE");
        exchange("GET /api/v1/doors HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n").assertProblem(400, "BAD_REQUEST");
        assertNoStackTraceLogged();
    }

    @Test
    void aMultipartBodyIs415AndNoDoorMoves() throws IOException {
        String until = Instant.now().plusSeconds(600).toString();
        String form = "--x\r\nContent-Disposition: form-data; name=\"until\"\r\n\r\n" + until + "\r\n--x--\r\n";
        var res = await(client.request(HttpMethod.POST, "/api/v1/doors/d1/unlock").putHeader("Authorization", "Bearer operator-token")
                .putHeader("Content-Type", "multipart/form-data; boundary=x") // what curl -F until=... sends
                .sendBuffer(Buffer.buffer(form)));
        assertThat(problem(res, 415, "UNSUPPORTED_MEDIA_TYPE").getString("detail")).contains("application/json");

        exchange("POST /api/v1/doors/d1/pulse HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer operator-token\r\n"
                + "Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(form.length()) + "\r\n" + form + "\r\n0\r\n\r\n").assertProblem(415, "UNSUPPORTED_MEDIA_TYPE");
        exchange("POST /api/v1/doors/d1/pulse HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer operator-token\r\n"
                + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 0\r\n\r\n").assertProblem(415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(doors.calls).isEmpty();
    }

    @Test
    void aDuplicateJsonKeyIsRefusedNamingTheKey() {
        String later = Instant.now().plusSeconds(600).toString();
        String body = "{\"until\":\"" + later + "\",\"until\":\"" + Instant.now().plusSeconds(60) + "\"}";
        assertThat(problem(raw(HttpMethod.POST, "/api/v1/doors/d1/unlock", "operator-token", body), 400, "BAD_REQUEST")
                .getString("detail")).contains("'until'").contains("duplicate");
        String nested = "{\"level\":\"lockdown\",\"reason\":\"x\",\"scope\":{\"site\":\"north-hs\",\"site\":\"south-hs\"}}";
        assertThat(problem(raw(HttpMethod.POST, "/api/v1/lockdowns", "lockdown-token", nested), 400, "BAD_REQUEST")
                .getString("detail")).contains("'site'");
        assertThat(doors.calls).isEmpty();
    }

    @Test
    void aBadPercentEscapeIs400WithoutAStackTrace() throws IOException {
        exchange("GET /health%zz HTTP/1.1\r\nHost: x\r\n\r\n").assertProblem(400, "BAD_REQUEST");
        exchange("GET /api/v1/doors/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer viewer-token\r\n\r\n").assertProblem(400, "BAD_REQUEST");
        exchange("GET /api/v1/doors/d1% HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer viewer-token\r\n\r\n").assertProblem(400, "BAD_REQUEST");
        exchange("GET /api/v1/audit?door=%zz HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer admin-token\r\n\r\n").assertProblem(400, "BAD_REQUEST");
        exchange("GET /health?%zz HTTP/1.1\r\nHost: x\r\n\r\n").assertProblem(400, "BAD_REQUEST");
        assertNoStackTraceLogged();
    }

    @Test
    void numericQueryParametersOutOfTheirTypeAre400NamingTheParameter() {
        for (String query : new String[] {"/api/v1/audit?limit=1e3", "/api/v1/audit?limit=99999999999", "/api/v1/audit?cursor=9223372036854775808",
                "/api/v1/audit?cursor=1.5", "/api/v1/footage?limit=1e2", "/api/v1/footage?limit=2.0",
                "/api/v1/events?lastEventId=9223372036854775808", "/api/v1/events?lastEventId=1e3"}) {
            String name = query.substring(query.indexOf('?') + 1, query.indexOf('='));
            assertThat(problem(get(query, "admin-token"), 400, "BAD_REQUEST").getString("detail")).as(query).contains(name);
        }
        var export = get("/api/v1/audit/export?from=2026-01-01T00:00:00Z&to=1e3", "admin-token");
        assertThat(problem(export, 400, "BAD_REQUEST").getString("detail")).contains("to");
        assertNoStackTraceLogged();
    }

    @Test
    void lastEventIdAboveTheNewestIsRefusedSayingTheNewest() {
        long newest = await(audit.append(new AuditEntry(Instant.now(), "door.forced", "osdp-1", null, null, null, "d1", null, null,
                null, "ok", null))).seq();
        var res = await(client.get("/api/v1/events").putHeader("Authorization", "Bearer viewer-token")
                .putHeader("Last-Event-ID", Long.toString(newest + 100)).send());
        assertThat(problem(res, 400, "BAD_REQUEST").getString("detail")).contains("Last-Event-ID").contains("newest is " + newest);
        SseTestClient atNewest = SseTestClient.open(vertx, port, "/api/v1/events", "viewer-token", newest);
        assertThat(atNewest.response.statusCode()).isEqualTo(200);
        atNewest.close();
    }

    @Test
    void releasingAReleasedLockdownIs409() {
        JsonObject body = new JsonObject().put("level", "lockdown").put("scope", new JsonObject().put("site", "north-hs")).put("reason", "x");
        String id = post("/api/v1/lockdowns", "lockdown-token", body).bodyAsJsonObject().getString("id");
        assertThat(post("/api/v1/lockdowns/" + id + "/release", "admin-token", null).statusCode()).isEqualTo(200);
        String detail = problem(post("/api/v1/lockdowns/" + id + "/release", "admin-token", null), 409, "CONFLICT").getString("detail");
        assertThat(detail).contains("already released");
    }

    @Test
    void aSlowEventConsumerIsDisconnectedWithoutAWarning() throws IOException {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.setSoTimeout((int) Waits.DEADLINE.toMillis());
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer viewer-token\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Waits.until(() -> hub.subscriberCount() == 1, "the stream subscribed");
            // The client reads nothing now; the gateway keeps appending until it gives up on it.
            String detail = "x".repeat(4096);
            Waits.until(() -> {
                for (int i = 0; i < 200; i++) {
                    audit.append(new AuditEntry(Instant.now(), "door.forced", "osdp-1", null, null, null, "d1", null, null, null, "ok", detail));
                }
                return hub.subscriberCount() == 0;
            }, "the slow client dropped");
            InputStream in = s.getInputStream();
            byte[] b = new byte[64 * 1024];
            while (in.read(b) >= 0) {
                // drain what was in flight; the gateway has closed the connection, so this ends
            }
        }
        assertThat(log()).contains("event=sse_slow_client");
        assertNoStackTraceLogged();
    }

    /** A raw request and the whole response to it (the server closes or the response ends). */
    private Exchange exchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) Waits.DEADLINE.toMillis());
            OutputStream out = s.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it has read everything: read what it said
            }
            return Exchange.read(s.getInputStream());
        }
    }

    record Exchange(int status, String headers, String body) {
        static Exchange read(InputStream in) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] b = new byte[8192];
            int n;
            while (true) {
                try {
                    n = in.read(b);
                } catch (IOException e) {
                    break; // reset after the answer
                }
                if (n < 0) break;
                all.write(b, 0, n);
                Exchange done = parse(all.toString(StandardCharsets.ISO_8859_1));
                if (done != null) return done;
            }
            Exchange done = parse(all.toString(StandardCharsets.ISO_8859_1));
            if (done == null) throw new AssertionError("no complete response: " + all);
            return done;
        }

        /** The response once its head and Content-Length body are in; null before. */
        private static Exchange parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) return null;
            String head = text.substring(0, end);
            String body = text.substring(end + 4);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
            }
            if (body.length() < length) return null;
            return new Exchange(Integer.parseInt(head.substring(9, 12)), head, body.substring(0, length));
        }

        String header(String name) {
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase().startsWith(name.toLowerCase() + ":")) return line.substring(name.length() + 1).trim();
            }
            return null;
        }

        JsonObject assertProblem(int status, String code) {
            assertThat(this.status).as(headers + "\n" + body).isEqualTo(status);
            assertThat(header("Content-Type")).isEqualTo("application/problem+json");
            JsonObject p = new JsonObject(body);
            assertThat(p.getString("code")).isEqualTo(code);
            assertThat(p.getInteger("status")).isEqualTo(status);
            assertThat(p.getString("detail")).doesNotContain("Exception").doesNotContain("io.vertx");
            return p;
        }
    }
}
