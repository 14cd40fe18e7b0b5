package io.warden.gateway.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a browser scenario may ask of the test beside the browser, over plain HTTP on loopback:
 * {@code POST /restart} restarts the gateway (answered once every door is online again),
 * {@code GET /pd/<door>} tells what the door's simulated PD holds ({@link ConsoleSite#pdState}) and
 * {@code POST /silence/<door>/on|off} makes that PD stop answering or answer again ({@link ConsoleSite#silence}).
 * Each request runs on this server's own thread (a restart blocks), never on an event loop.
 */
final class ConsoleSiteControl implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "console-site-control"));

    private ConsoleSiteControl(ConsoleSite site) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(thread);
        server.createContext("/restart", x -> answer(x, "POST", () -> {
            site.restart();
            return "{\"restarted\":true}";
        }));
        server.createContext("/pd/", x -> answer(x, "GET", () -> site.pdState(x.getRequestURI().getPath().substring("/pd/".length())).encode()));
        server.createContext("/silence/", x -> answer(x, "POST", () -> { // /silence/<door>/on|off
            String[] doorAndSwitch = x.getRequestURI().getPath().substring("/silence/".length()).split("/", 2);
            site.silence(doorAndSwitch[0], doorAndSwitch.length == 2 && doorAndSwitch[1].equals("on"));
            return "{\"silent\":" + (doorAndSwitch.length == 2 && doorAndSwitch[1].equals("on")) + "}";
        }));
        server.start();
    }

    static ConsoleSiteControl start(ConsoleSite site) throws IOException {
        return new ConsoleSiteControl(site);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private interface Action {
        String run() throws Exception;
    }

    private static void answer(HttpExchange x, String method, Action action) throws IOException {
        int status;
        String body;
        if (!x.getRequestMethod().equals(method)) {
            status = 405;
            body = "{\"error\":\"" + method + " only\"}";
        } else {
            try {
                body = action.run();
                status = 200;
            } catch (Exception | AssertionError e) {
                status = 500;
                body = new JsonObject().put("error", String.valueOf(e)).encode();
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (var out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
