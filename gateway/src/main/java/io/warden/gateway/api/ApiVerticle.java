package io.warden.gateway.api;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One instance of the HTTP API: its own router (built on its own event loop) and its own
 * {@link HttpServer} on the shared address. Deployed {@code n} times, Vert.x binds the port once and
 * hands each new connection to the next instance, so requests are served on {@code n} event loops.
 * Undeploying closes the listener and the open connections.
 */
final class ApiVerticle extends VerticleBase {
    private static final AtomicInteger RANDOM_PORT_KEYS = new AtomicInteger();

    private final Supplier<Future<Router>> router;
    private final HttpServerOptions options;
    private volatile HttpServer server;

    private ApiVerticle(Supplier<Future<Router>> router, HttpServerOptions options) {
        this.router = router;
        this.options = options;
    }

    @Override
    public Future<?> start() {
        return router.get()
                .compose(r -> vertx.createHttpServer(options).invalidRequestHandler(HttpLimits::refuse).requestHandler(r).listen())
                .onSuccess(s -> server = s);
    }

    /** A running deployment: its id and the port every instance listens on. */
    record Deployment(Vertx vertx, String id, int port) {
        Future<Void> undeploy() {
            return vertx.undeploy(id);
        }
    }

    /**
     * Deploys {@code instances} instances, each calling {@code router} on its own context. Completes once
     * every instance listens, with their one port (with port 0, Vert.x picks one and shares it); fails,
     * undeployed, when any instance could not start or when they ended up on different ports.
     */
    static Future<Deployment> deploy(Vertx vertx, Supplier<Future<Router>> router, HttpServerOptions options, int instances) {
        HttpServerOptions shared = new HttpServerOptions(options);
        // Vert.x shares a bound port between servers that listen on the same port, but port 0 means "a port
        // of your own" to each. A negative port means "a free port, shared by every server listening on
        // this same negative number": one number per deployment, so two deployments never share.
        if (shared.getPort() == 0) shared.setPort(-RANDOM_PORT_KEYS.incrementAndGet());
        List<ApiVerticle> created = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> {
            ApiVerticle v = new ApiVerticle(router, new HttpServerOptions(shared));
            created.add(v);
            return v;
        }, new DeploymentOptions().setInstances(instances)).compose(id -> {
            Set<Integer> ports = created.stream().map(v -> v.server.actualPort()).collect(Collectors.toSet());
            if (ports.size() == 1) return Future.succeededFuture(new Deployment(vertx, id, ports.iterator().next()));
            return vertx.undeploy(id).transform(x -> Future.failedFuture(
                    new IllegalStateException("the API's " + instances + " instances listen on different ports: " + ports)));
        });
    }
}
