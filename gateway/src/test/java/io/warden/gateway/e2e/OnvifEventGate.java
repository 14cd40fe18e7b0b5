package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1 in front of an ONVIF device: it forwards every request, and while
 * {@link #refuseEvents closed} answers the event service's requests (the SOAP 1.2 action in the
 * Content-Type names {@code /events/wsdl/}) with a Receiver fault, as a device whose event service is
 * broken would, so a test can hold a device unsubscribed for as long as it needs. When the device
 * drops a connection (a restart) the proxy drops the client's too, as the device itself would.
 */
final class OnvifEventGate {
    static final String FAULT_TEXT = "event service unavailable";

    private final HttpClient client;
    private final HttpServer server;
    private volatile boolean refuse;
    private final AtomicInteger refused = new AtomicInteger();

    private OnvifEventGate(Vertx vertx, int target) {
        client = vertx.createHttpClient();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> forward(req, body, target)));
    }

    /** Listens on a free port of 127.0.0.1 and forwards to {@code target} there. */
    static OnvifEventGate start(Vertx vertx, int target) {
        OnvifEventGate g = new OnvifEventGate(vertx, target);
        await(g.server.listen(0, "127.0.0.1"));
        return g;
    }

    int port() {
        return server.actualPort();
    }

    /** Refuse (true) or forward (false) the event service's requests from now on. */
    void refuseEvents(boolean refuse) {
        this.refuse = refuse;
    }

    /** Event-service requests refused so far. */
    int refused() {
        return refused.get();
    }

    private void forward(HttpServerRequest req, Buffer body, int target) {
        String type = req.getHeader("Content-Type");
        if (refuse && type != null && type.contains("/events/wsdl/")) {
            refused.incrementAndGet();
            req.response().setStatusCode(500).putHeader("Content-Type", "application/soap+xml; charset=utf-8")
                    .end("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code>"
                            + "<s:Reason><s:Text xml:lang=\"en\">" + FAULT_TEXT + "</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>");
            return;
        }
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(target).setURI(req.uri());
        req.headers().forEach((k, v) -> {
            if (k.equalsIgnoreCase("Content-Type") || k.equalsIgnoreCase("Authorization")) o.addHeader(k, v);
        });
        client.request(o).compose(r -> r.send(body)).compose(resp -> resp.body().map(b -> Map.entry(resp, b))).onComplete(ar -> {
            if (ar.failed()) {
                req.connection().close(); // the device dropped it: so does the proxy
                return;
            }
            HttpClientResponse resp = ar.result().getKey();
            var out = req.response().setStatusCode(resp.statusCode());
            resp.headers().forEach((k, v) -> {
                if (k.equalsIgnoreCase("Content-Type") || k.equalsIgnoreCase("WWW-Authenticate")) out.putHeader(k, v);
            });
            out.end(ar.result().getValue());
        });
    }

    Future<Void> close() {
        return server.close().eventually(client::close);
    }
}
