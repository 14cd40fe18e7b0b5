package io.warden.sim.onvif;

import static io.warden.adapter.onvif.soap.OnvifNs.SOAP;
import static io.warden.adapter.onvif.soap.OnvifNs.WSA;
import static io.warden.adapter.onvif.soap.OnvifNs.WSSE;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The HTTP side of a simulated device (camera or door controller): faults (offline, silence, delay), the 1 MB body
 * cap, SOAP 1.2 envelope checks, authentication (WS-Security UsernameToken, or HTTP Digest when an Authorization
 * header is sent), dispatch on the Body child's QName (never the action), and, for a camera, the Digest-protected
 * snapshot.
 *
 * <p>Threading: {@link #handle} runs on the device's context; parsing runs on a worker.
 */
public final class OnvifSimEndpoint {
    private static final Logger log = LoggerFactory.getLogger(OnvifSimEndpoint.class);
    static final int MAX_BODY = 1 << 20;
    static final Duration WS_SECURITY_WINDOW = Duration.ofMinutes(5);
    /** Core spec access class PRE_AUTH: answered without credentials, in any ONVIF service namespace. */
    static final Set<String> PRE_AUTH = Set.of("GetSystemDateAndTime", "GetServices", "GetCapabilities", "GetServiceCapabilities", "GetWsdlUrl");
    private static final String SOAP_TYPE = "application/soap+xml; charset=utf-8";

    /** The JPEG served at {@code /snapshot/<name>}, or null when there is no such snapshot. */
    @FunctionalInterface
    public interface Snapshots {
        byte[] jpeg(String name);
    }

    private record Held(HttpConnection connection, Runnable work) {}

    private final OnvifSimDevice sim;
    private final Snapshots snapshots;
    private final OnvifSimWsSecurity wsSecurity;
    private final OnvifSimHttpDigest digest;
    private final Map<String, OnvifSimCall.Operation> ops;
    private final Set<HttpConnection> connections = new HashSet<>();
    /** Work held back while the device is silent; run when it answers again (if its connection is still open). */
    private final List<Held> parked = new ArrayList<>();
    private HttpServer server;

    /**
     * @param ops       the device's operations by {@link OnvifSimCall#key} (read at each request)
     * @param snapshots null when the device serves no snapshots
     */
    public OnvifSimEndpoint(OnvifSimDevice sim, Map<String, OnvifSimCall.Operation> ops, Snapshots snapshots) {
        this.sim = sim;
        this.ops = ops;
        this.snapshots = snapshots;
        this.wsSecurity = new OnvifSimWsSecurity(sim.username(), sim.password(), WS_SECURITY_WINDOW);
        this.digest = new OnvifSimHttpDigest("Warden " + sim.deviceInfo().model(), sim.username(), sim.password());
    }

    /** Binds the HTTP server; call on the device's context (its requests then run there). */
    public Future<HttpServer> listen(String host, int port) {
        server = sim.vertx().createHttpServer(new HttpServerOptions());
        server.connectionHandler(conn -> {
            if (sim.offline()) {
                conn.close();
                return;
            }
            connections.add(conn);
            conn.closeHandler(v -> connections.remove(conn));
        });
        server.requestHandler(req -> {
            // a kept-alive connection must not outlive the power: a device that is off answers nothing
            if (sim.offline()) {
                req.connection().close();
                return;
            }
            handle(req);
        });
        return server.listen(port, host);
    }

    /** Closes the server (and so every connection); parked requests are dropped. */
    public Future<Void> close() {
        parked.clear();
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** Drops every open connection at once (a reboot); parked requests go with them. On the device's context. */
    public void dropConnections() {
        parked.clear();
        for (HttpConnection c : List.copyOf(connections)) c.close();
    }

    /** The device answers again: requests and replies held while it was silent go on. On the device's context. */
    public void resume() {
        List<Held> held = List.copyOf(parked);
        parked.clear();
        for (Held h : held) {
            if (connections.contains(h.connection())) hold(h.connection(), h.work());
        }
    }

    /** Requests held back while silent whose client still waits. On the device's context. */
    public int held() {
        return (int) parked.stream().filter(h -> connections.contains(h.connection())).count();
    }

    void handle(HttpServerRequest req) {
        String path = req.path();
        if (req.method() == HttpMethod.GET && path.startsWith("/snapshot/") && snapshots != null) {
            hold(req, () -> later(() -> snapshot(req)));
        } else if (path.startsWith("/onvif/")) {
            if (req.method() != HttpMethod.POST) {
                req.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "POST").end();
                return;
            }
            collect(req);
        } else {
            req.response().setStatusCode(404).end();
        }
    }

    /** Runs {@code work} now, or, while the device is silent, once it answers again and only if the client still waits. */
    private void hold(HttpServerRequest req, Runnable work) {
        hold(req.connection(), work);
    }

    private void hold(HttpConnection conn, Runnable work) {
        if (sim.answering()) work.run();
        else parked.add(new Held(conn, work));
    }

    private void collect(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredTooLarge(length)) {
            tooLarge(req);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        req.handler(chunk -> {
            if (over[0]) return;
            if (body.length() + chunk.length() > MAX_BODY) {
                over[0] = true;
                tooLarge(req);
            } else {
                body.appendBuffer(chunk);
            }
        });
        req.endHandler(v -> {
            if (!over[0]) hold(req, () -> soap(req, body.getBytes()));
        });
    }

    private static boolean declaredTooLarge(String length) {
        try {
            return Long.parseLong(length.strip()) > MAX_BODY;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void tooLarge(HttpServerRequest req) {
        OnvifSoapFault f = new OnvifSoapFault("Sender", List.of("InvalidArgs"), "Request body larger than " + MAX_BODY + " bytes", 413);
        req.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, SOAP_TYPE).putHeader(HttpHeaders.CONNECTION, "close")
                .end(OnvifSimXml.envelope("", f.toXml())).onComplete(ar -> req.connection().close());
    }

    private void soap(HttpServerRequest req, byte[] body) {
        sim.vertx().executeBlocking(() -> OnvifSimXml.parse(body), false)
                .compose(doc -> dispatch(req, doc))
                .onComplete(ar -> later(() -> hold(req, () -> {
                    if (ar.succeeded()) {
                        reply(req, 200, OnvifSimXml.envelope("", ar.result()), false);
                    } else if (ar.cause() instanceof OnvifSoapFault f) {
                        reply(req, f.httpStatus(), OnvifSimXml.envelope(f.headerXml(), f.toXml()), f.httpStatus() == 401);
                    } else {
                        log.warn("event=onvif_sim_error path={} error=\"{}\"", req.path(), String.valueOf(ar.cause()));
                        OnvifSoapFault f = OnvifSoapFault.receiver("Internal error", "Action");
                        reply(req, 500, OnvifSimXml.envelope("", f.toXml()), false);
                    }
                })));
    }

    private Future<String> dispatch(HttpServerRequest req, Document doc) {
        try {
            Element root = doc.getDocumentElement();
            if (!OnvifSimXml.is(root, SOAP, "Envelope")) throw OnvifSoapFault.versionMismatch();
            Element header = OnvifSimXml.child(root, SOAP, "Header");
            Element body = OnvifSimXml.child(root, SOAP, "Body");
            if (body == null) throw OnvifSoapFault.sender("Envelope has no env:Body", "InvalidArgs");
            List<Element> kids = OnvifSimXml.children(body);
            if (kids.size() != 1) throw OnvifSoapFault.sender("env:Body must hold exactly one operation element, found " + kids.size(), "InvalidArgs");
            Element op = kids.get(0);
            checkMustUnderstand(header);
            String ns = op.getNamespaceURI() == null ? "" : op.getNamespaceURI();
            boolean preAuth = PRE_AUTH.contains(op.getLocalName()) && ns.startsWith("http://www.onvif.org/");
            if (!preAuth) authenticate(req, header);
            OnvifSimCall.Operation handler = ops.get(OnvifSimCall.key(ns, op.getLocalName()));
            if (handler == null) {
                throw OnvifSoapFault.receiver("Optional action not implemented: {" + OnvifSimXml.clip(ns) + "}" + op.getLocalName(),
                        "ActionNotSupported");
            }
            return handler.handle(new OnvifSimCall(op, header, req.path(), req.query()));
        } catch (OnvifSoapFault f) {
            return Future.failedFuture(f);
        }
    }

    private static void checkMustUnderstand(Element header) {
        if (header == null) return;
        for (Element block : OnvifSimXml.children(header)) {
            String mu = block.getAttributeNS(SOAP, "mustUnderstand").strip();
            boolean must = "1".equals(mu) || "true".equals(mu);
            String ns = block.getNamespaceURI();
            if (must && !WSSE.equals(ns) && !WSA.equals(ns)) {
                throw new OnvifSoapFault("MustUnderstand", List.of(), "Header block {" + ns + "}" + block.getLocalName() + " not understood", 500);
            }
        }
    }

    /** HTTP first, then WS (onvif.md §1.4); neither → 401 with a Digest challenge. */
    private void authenticate(HttpServerRequest req, Element header) {
        String authorization = req.getHeader(HttpHeaders.AUTHORIZATION);
        Element security = header == null ? null : OnvifSimXml.child(header, WSSE, "Security");
        if (authorization == null && security == null) {
            throw new OnvifSoapFault("Sender", List.of("NotAuthorized"), "Sender not authorized: no credentials", 401);
        }
        if (authorization != null) {
            OnvifSimHttpDigest.Result r = digest.verify(authorization, "POST", req.uri());
            if (!r.ok()) {
                log.info("event=onvif_sim_auth_refused kind=http_digest reason=\"{}\"", r.reason());
                throw new OnvifSoapFault("Sender", List.of("NotAuthorized"), "Sender not authorized: " + r.reason(), 401);
            }
        }
        if (security != null) {
            try {
                wsSecurity.verify(security, sim.deviceNow());
            } catch (OnvifSoapFault f) {
                log.info("event=onvif_sim_auth_refused kind=ws_security reason=\"{}\"", f.getMessage());
                throw f;
            }
        }
    }

    private void snapshot(HttpServerRequest req) {
        OnvifSimHttpDigest.Result r = digest.verify(req.getHeader(HttpHeaders.AUTHORIZATION), "GET", req.uri());
        HttpServerResponse resp = req.response();
        if (!r.ok()) {
            resp.setStatusCode(401).putHeader("WWW-Authenticate", digest.challenge(r.stale()))
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html")
                    .end("<html><body><h1>401 Unauthorized</h1></body></html>");
            return;
        }
        byte[] jpeg = snapshots.jpeg(req.path().substring("/snapshot/".length()));
        if (jpeg == null) {
            resp.setStatusCode(404).end();
            return;
        }
        resp.putHeader(HttpHeaders.CONTENT_TYPE, "image/jpeg").end(Buffer.buffer(jpeg));
    }

    private void reply(HttpServerRequest req, int status, String xml, boolean challenge) {
        if (sim.offline()) {
            req.connection().close();
            return;
        }
        HttpServerResponse resp = req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, SOAP_TYPE);
        if (challenge) resp.putHeader("WWW-Authenticate", digest.challenge(false));
        resp.end(Buffer.buffer(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs {@code r} after the responseDelay fault (at once when zero). */
    private void later(Runnable r) {
        long ms = sim.responseDelay().toMillis();
        if (ms <= 0) r.run();
        else sim.vertx().setTimer(ms, id -> r.run());
    }
}
