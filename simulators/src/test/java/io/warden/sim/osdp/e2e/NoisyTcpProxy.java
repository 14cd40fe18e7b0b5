package io.warden.sim.osdp.e2e;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback between the control panel and a simulated line that can flip bytes in
 * both directions (line noise, seeded so a failure can be replayed) and cut the connection.
 */
final class NoisyTcpProxy {
    private final Vertx vertx;
    private final int targetPort;
    private final Random random;
    private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger corrupted = new AtomicInteger();
    private volatile double byteErrorRate;
    private NetServer server;

    NoisyTcpProxy(Vertx vertx, int targetPort, long seed) {
        this.vertx = vertx;
        this.targetPort = targetPort;
        this.random = new Random(seed);
    }

    Future<Integer> start() {
        server = vertx.createNetServer().connectHandler(this::relay);
        return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
    }

    /** Each relayed byte is replaced by a different random value with this probability. */
    void noise(double rate) {
        byteErrorRate = rate;
    }

    /** Close every relayed connection, as a cut cable or a rebooting serial server would. */
    void cut() {
        sockets.forEach(NetSocket::close);
    }

    Future<Void> close() {
        cut();
        return server.close();
    }

    private void relay(NetSocket cp) {
        cp.pause();
        vertx.createNetClient().connect(targetPort, "127.0.0.1").onSuccess(line -> {
            sockets.add(cp);
            sockets.add(line);
            cp.handler(b -> line.write(noisy(b)));
            line.handler(b -> cp.write(noisy(b)));
            cp.closeHandler(v -> line.close());
            line.closeHandler(v -> cp.close());
            cp.resume();
        }).onFailure(e -> cp.close());
    }

    private Buffer noisy(Buffer in) {
        if (byteErrorRate == 0) return in;
        byte[] b = in.getBytes();
        synchronized (random) {
            for (int i = 0; i < b.length; i++) {
                if (random.nextDouble() < byteErrorRate) {
                    b[i] = (byte) (b[i] ^ (1 + random.nextInt(255)));
                    corrupted.incrementAndGet();
                }
            }
        }
        return Buffer.buffer(b);
    }
}
