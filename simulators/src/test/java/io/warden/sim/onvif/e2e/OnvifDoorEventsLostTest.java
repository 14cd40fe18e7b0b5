package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A controller that answers every request but its event service's (an HTTP proxy in front of the
 * simulator refuses those): OFFLINE/EVENTS_LOST with the reason, while commands still work; back
 * ONLINE once a subscription is in place again.
 */
class OnvifDoorEventsLostTest {
    private final Vertx vertx = Vertx.vertx();
    private volatile boolean refuseEvents;
    private HttpServer proxy;
    private OnvifDoorFixture f;

    @AfterEach
    void stop() {
        if (f != null) f.close();
        if (proxy != null) await(proxy.close());
        await(vertx.close());
    }

    /** Forwards to the simulator; while {@link #refuseEvents}, event-service requests get a SOAP fault. */
    private int startProxy(int target) {
        HttpClient client = vertx.createHttpClient();
        proxy = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String type = req.getHeader("Content-Type");
            if (refuseEvents && type != null && type.contains("/events/wsdl/")) {
                req.response().setStatusCode(500).putHeader("Content-Type", "application/soap+xml; charset=utf-8")
                        .end("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code>"
                                + "<s:Reason><s:Text xml:lang=\"en\">event service unavailable</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>");
                return;
            }
            RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(target).setURI(req.uri());
            req.headers().forEach((k, v) -> {
                if (k.equalsIgnoreCase("Content-Type") || k.equalsIgnoreCase("Authorization")) o.addHeader(k, v);
            });
            client.request(o).compose(r -> r.send(body)).compose(resp -> resp.body().map(b -> Map.entry(resp, b))).onComplete(ar -> {
                if (ar.failed()) {
                    req.response().setStatusCode(502).end();
                    return;
                }
                HttpClientResponse resp = ar.result().getKey();
                Buffer b = ar.result().getValue();
                var out = req.response().setStatusCode(resp.statusCode());
                resp.headers().forEach((k, v) -> {
                    if (k.equalsIgnoreCase("Content-Type") || k.equalsIgnoreCase("WWW-Authenticate")) out.putHeader(k, v);
                });
                out.end(b);
            });
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return proxy.actualPort();
    }

    @Test
    void aSubscriptionThatCannotBeReEstablishedIsOfflineWithEventsLostThenBackOnline() {
        Map<String, String> doors = new LinkedHashMap<>();
        doors.put("front", "Door_1");
        f = new OnvifDoorFixture(vertx, Clock.systemUTC(), doors, this::startProxy, sim -> {});
        f.awaitReady();
        until(() -> f.health().status() == DeviceHealth.Status.ONLINE, "online");
        int before = f.events().size();

        refuseEvents = true;
        f.sim.restart(); // the subscription vanishes; the proxy refuses every new one
        until(() -> f.health().reason() == DeviceHealth.Reason.EVENTS_LOST, "events lost in health", Duration.ofSeconds(30));
        assertThat(f.health().status()).isEqualTo(DeviceHealth.Status.OFFLINE);
        until(() -> f.events().subList(before, f.events().size()).stream().anyMatch(e -> e instanceof DeviceEvent.DeviceOffline), "the offline event");
        assertThat(f.health().detail()).contains("event service unavailable");
        assertThat(f.events().subList(before, f.events().size())).filteredOn(e -> e instanceof DeviceEvent.DeviceOffline)
                .map(e -> ((DeviceEvent.DeviceOffline) e).reason()).singleElement().asString().startsWith("EVENTS_LOST");
        // the device still answers: a lockdown must not wait for its events
        assertThat(f.door().state().online()).isTrue();
        assertThat(await(f.door().execute(new DoorCommand.Unlock(), Instant.now().plus(f.door().commandTimeout()))).state().lock())
                .isEqualTo(LockState.UNLOCKED);

        refuseEvents = false;
        until(() -> f.health().status() == DeviceHealth.Status.ONLINE, "online again once subscribed");
        until(() -> f.events().subList(before, f.events().size()).stream().anyMatch(e -> e instanceof DeviceEvent.DeviceOnline), "the online event");
        assertThat(f.events().subList(before, f.events().size())).filteredOn(e -> e instanceof DeviceEvent.DeviceOnline).hasSize(1);
    }
}
