package io.warden.sim.onvif;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injecting HTTP proxy on 127.0.0.1 in front of an ONVIF simulator, for tests. It forwards
 * every request, except that on demand it:
 * <ul>
 *   <li>{@link #refuseEvents refuses the event service}: requests whose SOAP 1.2 action (in the
 *       Content-Type) names {@code /events/wsdl/} get a Receiver fault, as from a device whose event
 *       service is broken, so a test can hold a device unsubscribed for as long as it needs;</li>
 *   <li>{@link #holdPullAnswers holds PullMessages answers back} until released, so messages the device
 *       sent earlier arrive after replies it sent later.</li>
 * </ul>
 * When the device drops a connection (a restart) the proxy drops the client's too, as the device would.
 */
public final class OnvifSimProxy {
    /** The reason text of the fault that refuses the event service. */
    public static final String FAULT_TEXT = "event service unavailable";

    private final Vertx vertx;
    private final HttpClient client;
    private final HttpServer server;
    private volatile boolean refuse;
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Runnable> held = new ArrayList<>();
    private boolean hold; // guarded by held

    private OnvifSimProxy(Vertx vertx, int target) {
        this.vertx = vertx;
        client = vertx.createHttpClient();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> forward(req, body, target)));
    }

    /** Listens on a free port of 127.0.0.1 and forwards to {@code target} there. */
    public static Future<OnvifSimProxy> start(Vertx vertx, int target) {
        OnvifSimProxy p = new OnvifSimProxy(vertx, target);
        return p.server.listen(0, "127.0.0.1").map(s -> p);
    }

    public int port() {
        return server.actualPort();
    }

    /** Refuse (true) or forward (false) the event service's requests from now on. */
    public void refuseEvents(boolean refuse) {
        this.refuse = refuse;
    }

    /** Event-service requests refused so far. */
    public int refused() {
        return refused.get();
    }

    /** Hold (true) PullMessages answers from now on, or (false) stop holding and send the held ones, in order. */
    public void holdPullAnswers(boolean hold) {
        List<Runnable> release;
        synchronized (held) {
            this.hold = hold;
            if (hold) return;
            release = List.copyOf(held);
            held.clear();
        }
        vertx.runOnContext(v -> release.forEach(Runnable::run));
    }

    /** PullMessages answers held back now. */
    public int heldPullAnswers() {
        synchronized (held) {
            return held.size();
        }
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
        boolean pull = body.toString().contains("PullMessages");
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
            Runnable answer = () -> {
                var out = req.response().setStatusCode(resp.statusCode());
                resp.headers().forEach((k, v) -> {
                    if (k.equalsIgnoreCase("Content-Type") || k.equalsIgnoreCase("WWW-Authenticate")) out.putHeader(k, v);
                });
                out.end(ar.result().getValue());
            };
            synchronized (held) {
                if (pull && hold) {
                    held.add(answer);
                    return;
                }
            }
            answer.run();
        });
    }

    public Future<Void> close() {
        return server.close().eventually(client::close);
    }
}
