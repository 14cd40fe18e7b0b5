package io.warden.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback between a client under test and a real server (e.g. the machine's PostgreSQL),
 * to cut the connection the way a network or a server dies. Each accepted connection is relayed over a
 * connection of its own to the target, both ways, chunk by chunk; {@link Tap}s may look at each chunk and
 * cut the link at a chosen moment. {@link #cut()} drops every open link and refuses new ones (accepted,
 * then closed at once, so the client sees the connection end before any byte) until {@link #restore()}.
 */
public final class TcpProxy {
    /** Looks at one chunk on its way; returns whether to forward it. It may close the link instead. */
    public interface Tap {
        boolean forward(Buffer chunk, Link link);
    }

    /** One relayed connection: the client's side and the target's. */
    public static final class Link {
        private final NetSocket client;
        private final NetSocket server;
        private volatile boolean keepServer;

        private Link(NetSocket client, NetSocket server) {
            this.client = client;
            this.server = server;
        }

        /** Closes both sides. */
        public void drop() {
            client.close();
            server.close();
        }

        /** Closes the client's side only; the target's stays open and hears nothing more (e.g. a backend left in its transaction). */
        public void dropClientKeepServer() {
            keepServer = true;
            client.close();
        }
    }

    private static final Tap PASS = (chunk, link) -> true;

    private final Vertx vertx;
    private final String targetHost;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile Tap upstream = PASS;
    private volatile Tap downstream = PASS;
    private volatile boolean cut;
    private NetServer server;

    private TcpProxy(Vertx vertx, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Listens on 127.0.0.1 on a free port, relaying to {@code targetHost:targetPort}. */
    public static Future<TcpProxy> start(Vertx vertx, String targetHost, int targetPort) {
        TcpProxy p = new TcpProxy(vertx, targetHost, targetPort);
        return vertx.createNetServer().connectHandler(p::accept).listen(0, "127.0.0.1").map(s -> {
            p.server = s;
            return p;
        });
    }

    public int port() {
        return server.actualPort();
    }

    /** What the client sends, before it reaches the target. */
    public TcpProxy upstream(Tap tap) {
        this.upstream = tap;
        return this;
    }

    /** What the target answers, before it reaches the client. */
    public TcpProxy downstream(Tap tap) {
        this.downstream = tap;
        return this;
    }

    /** Drops every open link and refuses new connections until {@link #restore()}. */
    public void cut() {
        cut = true;
        links.forEach(Link::drop);
    }

    /** Relays new connections again. */
    public void restore() {
        cut = false;
    }

    /** Links open now. */
    public int openLinks() {
        return links.size();
    }

    /** Stops listening and drops every link. */
    public Future<Void> close() {
        cut();
        return server.close();
    }

    private void accept(NetSocket client) {
        if (cut) {
            client.close();
            return;
        }
        client.pause();
        vertx.createNetClient().connect(targetPort, targetHost).onSuccess(target -> {
            Link link = new Link(client, target);
            if (cut) {
                link.drop();
                return;
            }
            links.add(link);
            client.handler(b -> {
                if (upstream.forward(b, link)) target.write(b);
            });
            target.handler(b -> {
                if (downstream.forward(b, link)) client.write(b);
            });
            client.closeHandler(v -> {
                links.remove(link);
                if (!link.keepServer) target.close();
            });
            target.closeHandler(v -> {
                links.remove(link);
                client.close();
            });
            client.resume();
        }).onFailure(e -> client.close());
    }
}
