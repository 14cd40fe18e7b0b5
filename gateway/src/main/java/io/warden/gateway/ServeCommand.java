package io.warden.gateway;

import io.vertx.core.Vertx;
import io.warden.gateway.cluster.ClusteredVertx;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code warden serve --config FILE [--node ID]}: run a gateway node until stopped (SIGTERM or Ctrl-C). With a
 * {@code cluster:} section the node joins its cluster first ({@link ClusteredVertx}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway with a configuration file.")
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
    private static final long STOP_TIMEOUT_S = 15;

    @Option(names = {"-c", "--config"}, required = true, description = "The gateway's YAML configuration.")
    Path config;

    @Option(names = "--port", description = "Listen on this port instead of the configured one (0: any free port).")
    Integer port;

    @Option(names = "--node", paramLabel = "ID", description = "Cluster mode: serve as this node, in place of cluster.node "
            + "(one district file for every node).")
    String node;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = ConfigLoader.load(config, Gateway.factories().keySet(), System.getenv(), Path.of("").toAbsolutePath(), node);
        // cluster mode: join the other nodes before anything starts, so that the bus addresses are the cluster's
        Vertx vertx = cfg.cluster() == null ? Vertx.vertx() : ClusteredVertx.start(cfg.cluster()).await(60, TimeUnit.SECONDS);
        Gateway gateway;
        try {
            gateway = Gateway.start(vertx, cfg, cfg.secrets(), port, Clock.systemUTC()).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close().await(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            throw e;
        }
        String scheme = cfg.http().tls() == null ? "http" : "https";
        String where = cfg.cluster() == null ? "" : ", node " + cfg.cluster().node() + " of cluster " + ClusteredVertx.CLUSTER_NAME;
        System.out.printf("Warden listening on %s://%s:%d/api/v1 (config %s%s)%n", scheme, cfg.http().host(), gateway.port(), cfg.source(), where);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                gateway.stop().await(STOP_TIMEOUT_S, TimeUnit.SECONDS);
                vertx.close().await(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("serve: stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "warden-shutdown"));
        stopped.await();
        return 0;
    }
}
