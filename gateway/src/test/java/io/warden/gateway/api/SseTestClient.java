package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads an event stream into a buffer; parses complete events on demand. Public for the end-to-end tests. */
public final class SseTestClient {
    public record Event(long id, String type, JsonObject data) {}

    private final HttpClient http;
    public final HttpClientResponse response;
    private final StringBuffer text = new StringBuffer();
    private volatile boolean ended;

    private SseTestClient(HttpClient http, RequestOptions o) {
        this.http = http;
        // The data handler is set in the callback that delivers the response: data sent with the headers is not lost.
        this.response = await(http.request(o).compose(req -> req.send()).map(res -> {
            res.handler(b -> text.append(b.toString()));
            res.endHandler(v -> ended = true);
            return res;
        }));
    }

    public static SseTestClient open(Vertx vertx, int port, String uri, String token, Long lastEventId) {
        RequestOptions o = request(port, uri).putHeader("Authorization", "Bearer " + token);
        if (lastEventId != null) o.putHeader("Last-Event-ID", Long.toString(lastEventId));
        return new SseTestClient(vertx.createHttpClient(), o);
    }

    /** Opens a stream as a browser does: authenticated by its {@code Cookie} header alone. */
    public static SseTestClient withCookie(Vertx vertx, int port, String uri, String cookie) {
        return new SseTestClient(vertx.createHttpClient(), request(port, uri).putHeader("Cookie", cookie));
    }

    private static RequestOptions request(int port, String uri) {
        return new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(uri)
                .putHeader("Accept", "text/event-stream");
    }

    /** Whether the server ended the stream (its last chunk arrived). */
    public boolean ended() {
        return ended;
    }

    public String raw() {
        return text.toString();
    }

    public List<Event> events() {
        List<Event> out = new ArrayList<>();
        String all = text.toString();
        int end = all.lastIndexOf("\n\n");
        if (end < 0) return out;
        for (String block : all.substring(0, end).split("\n\n")) {
            Long id = null;
            String type = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("id: ")) id = Long.parseLong(line.substring(4));
                else if (line.startsWith("event: ")) type = line.substring(7);
                else if (line.startsWith("data: ")) data = line.substring(6);
            }
            if (id != null) out.add(new Event(id, type, new JsonObject(data)));
        }
        return out;
    }

    public List<Long> ids() {
        return events().stream().map(Event::id).toList();
    }

    public void close() {
        response.request().connection().close();
        http.close();
    }
}
