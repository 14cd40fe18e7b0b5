package io.warden.gateway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Blocking calls to the gateway's {@code /api/v1}, for the CLI's own thread. Every failure is a
 * {@link CliFailure} with the exit code for it; problem+json answers become "detail (code)".
 */
final class WardenClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A site-wide lockdown waits for every door's answer; still bounded. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** An import of a district's roster is parsed and written before the answer comes. */
    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final URI origin;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();

    /** The answer to a call that succeeded (2xx): the body as sent and parsed. */
    record Reply(int status, String body, JsonNode json) {}

    WardenClient(URI origin, String token) {
        this.origin = origin;
        this.token = token;
        // HTTP/1.1: no h2c upgrade dance; never follow redirects (the token would go along).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    Reply get(String path, Map<String, String> query) throws CliFailure {
        return json(request(path, query).GET());
    }

    Reply post(String path, JsonNode body) throws CliFailure {
        return json(request(path, Map.of()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    Reply put(String path, JsonNode body) throws CliFailure {
        return json(request(path, Map.of()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    /**
     * Sends a file ({@code type}, e.g. text/csv) and reads the JSON answer. A problem answer whose status
     * is in {@code answered} (an import's 422 with its report) is returned like a 2xx, for the caller to print.
     */
    Reply upload(String path, Map<String, String> query, String type, byte[] body, int... answered) throws CliFailure {
        HttpRequest req = request(path, query).timeout(UPLOAD_TIMEOUT).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> rsp = send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        for (int status : answered) {
            if (rsp.statusCode() == status) return parsed(rsp);
        }
        if (rsp.statusCode() / 100 != 2) throw problem(rsp.statusCode(), rsp.body());
        return parsed(rsp);
    }

    Reply delete(String path) throws CliFailure {
        return json(request(path, Map.of()).DELETE());
    }

    /** A 2xx answer whose body is still to be read: its media type (lower case, no parameters; "" when none). */
    record Download(InputStream body, String contentType) {
        /** Drops the body unread. */
        void discard() {
            try {
                body.close();
            } catch (IOException ignored) {
                // nothing was read, nothing to lose
            }
        }
    }

    /**
     * The body of a 2xx answer as a stream, for exports; the caller closes it. The request timeout
     * covers the status line and headers only: reading the body has none, exports run long.
     */
    InputStream stream(String path, Map<String, String> query) throws CliFailure {
        return download(path, query, "*/*").body();
    }

    /** {@link #stream}, asking for {@code accept} and telling the media type of the answer. */
    Download download(String path, Map<String, String> query, String accept) throws CliFailure {
        HttpRequest req = request(path, query).setHeader("Accept", accept).GET().build();
        HttpResponse<InputStream> rsp = send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (rsp.statusCode() / 100 == 2) {
            String type = rsp.headers().firstValue("Content-Type").orElse("");
            int semi = type.indexOf(';');
            return new Download(rsp.body(), (semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(Locale.ROOT));
        }
        String body;
        try (InputStream in = rsp.body()) {
            body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            body = "";
        }
        throw problem(rsp.statusCode(), body);
    }

    /** A path segment, encoded: ids come from the command line. */
    static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Query parameters from name, value pairs; null values are left out. */
    static Map<String, String> query(String... pairs) {
        Map<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) q.put(pairs[i], pairs[i + 1]);
        }
        return q;
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        StringJoiner qs = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> qs.add(seg(k) + "=" + seg(v)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin + "/api/v1" + path + qs))
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    private Reply json(HttpRequest.Builder req) throws CliFailure {
        HttpResponse<String> rsp = send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (rsp.statusCode() / 100 != 2) throw problem(rsp.statusCode(), rsp.body());
        return parsed(rsp);
    }

    private Reply parsed(HttpResponse<String> rsp) throws CliFailure {
        String body = rsp.body();
        try {
            JsonNode node = body.isBlank() ? NullNode.getInstance() : mapper.readTree(body);
            return new Reply(rsp.statusCode(), body, node);
        } catch (JsonProcessingException e) {
            throw new CliFailure(ExitCodes.OTHER, "the gateway's answer is not JSON (HTTP " + rsp.statusCode() + ")");
        }
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws CliFailure {
        try {
            return http.send(req, handler);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("connection timed out after " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new CliFailure(ExitCodes.UNAVAILABLE, "no answer from the gateway at " + origin + " within "
                    + req.timeout().orElse(REQUEST_TIMEOUT).toSeconds() + " s");
        } catch (ConnectException e) {
            throw unreachable("connection refused");
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.UNAVAILABLE, "interrupted while waiting for the gateway");
        }
    }

    private CliFailure unreachable(String why) {
        return new CliFailure(ExitCodes.UNAVAILABLE, "cannot reach the gateway at " + origin + " (" + CliText.clean(why)
                + "); is it running? set --url or WARDEN_URL");
    }

    /** "detail (code)" from a problem+json body, or the status when the body is something else. */
    private CliFailure problem(int status, String body) {
        String detail = null;
        String code = null;
        try {
            JsonNode p = mapper.readTree(body);
            if (p != null && p.isObject()) {
                detail = CliText.textOrNull(p.get("detail"));
                if (detail == null) detail = CliText.textOrNull(p.get("title"));
                code = CliText.textOrNull(p.get("code"));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not problem+json (a proxy's HTML page, say): the status will do
        }
        StringBuilder msg = new StringBuilder(detail == null ? "HTTP " + status + " from the gateway" : CliText.clean(detail));
        if (code != null) msg.append(" (").append(CliText.clean(code)).append(')');
        if (status == 401 && token == null) msg.append("; set ").append(ApiOptions.TOKEN_ENV);
        return new CliFailure(ExitCodes.forProblem(status, code), msg.toString());
    }
}
