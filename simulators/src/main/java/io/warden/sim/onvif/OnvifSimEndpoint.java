package io.warden.sim.onvif;

import static io.warden.adapter.onvif.soap.OnvifNs.SOAP;
import static io.warden.adapter.onvif.soap.OnvifNs.WSA;
import static io.warden.adapter.onvif.soap.OnvifNs.WSSE;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The HTTP side of the simulated device: faults (offline, delay), the 1 MB body cap, SOAP 1.2 envelope checks,
 * authentication (WS-Security UsernameToken, or HTTP Digest when an Authorization header is sent), dispatch on
 * the Body child's QName (never the action), and the Digest-protected snapshot.
 *
 * <p>Threading: {@link #handle} runs on the HTTP server's event loop; parsing runs on a worker.
 */
final class OnvifSimEndpoint {
    private static final Logger log = LoggerFactory.getLogger(OnvifSimEndpoint.class);
    static final int MAX_BODY = 1 << 20;
    static final Duration WS_SECURITY_WINDOW = Duration.ofMinutes(5);
    /** Core spec access class PRE_AUTH: answered without credentials, in any ONVIF service namespace. */
    static final Set<String> PRE_AUTH = Set.of("GetSystemDateAndTime", "GetServices", "GetCapabilities", "GetServiceCapabilities", "GetWsdlUrl");
    private static final String SOAP_TYPE = "application/soap+xml; charset=utf-8";

    private final OnvifCameraSimulator sim;
    private final byte[] snapshot;
    private final OnvifSimWsSecurity wsSecurity;
    private final OnvifSimHttpDigest digest;
    private final Map<String, OnvifSimCall.Operation> ops = new HashMap<>();
    private final OnvifSimSearchService search;
    private final OnvifSimEventService events;

    OnvifSimEndpoint(OnvifCameraSimulator sim, byte[] snapshot) {
        this.sim = sim;
        this.snapshot = snapshot;
        OnvifCameraSimulator.Config c = sim.config();
        this.wsSecurity = new OnvifSimWsSecurity(c.username(), c.password(), WS_SECURITY_WINDOW);
        this.digest = new OnvifSimHttpDigest("Warden " + c.device().model(), c.username(), c.password());
        new OnvifSimDeviceService(sim).register(ops);
        new OnvifSimMediaService(sim).register(ops);
        new OnvifSimRecordingService(sim).register(ops);
        search = new OnvifSimSearchService(sim);
        search.register(ops);
        events = new OnvifSimEventService(sim);
        events.register(ops);
    }

    void close() {
        search.close();
        events.close();
    }

    void handle(HttpServerRequest req) {
        if (sim.config().faults().offline) {
            req.connection().close();
            return;
        }
        String path = req.path();
        if (req.method() == HttpMethod.GET && path.startsWith("/snapshot/")) {
            later(() -> snapshot(req));
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
            if (!over[0]) soap(req, body.getBytes());
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
                .onComplete(ar -> later(() -> {
                    if (ar.succeeded()) {
                        reply(req, 200, OnvifSimXml.envelope("", ar.result()), false);
                    } else if (ar.cause() instanceof OnvifSoapFault f) {
                        reply(req, f.httpStatus(), OnvifSimXml.envelope(f.headerXml(), f.toXml()), f.httpStatus() == 401);
                    } else {
                        log.warn("event=onvif_sim_error path={} error=\"{}\"", req.path(), String.valueOf(ar.cause()));
                        OnvifSoapFault f = OnvifSoapFault.receiver("Internal error", "Action");
                        reply(req, 500, OnvifSimXml.envelope("", f.toXml()), false);
                    }
                }));
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
        String name = req.path().substring("/snapshot/".length());
        boolean known = name.endsWith(".jpg") && sim.config().sources().stream()
                .anyMatch(s -> (s.profileToken() + ".jpg").equals(name));
        if (!known) {
            resp.setStatusCode(404).end();
            return;
        }
        resp.putHeader(HttpHeaders.CONTENT_TYPE, "image/jpeg").end(Buffer.buffer(snapshot));
    }

    private void reply(HttpServerRequest req, int status, String xml, boolean challenge) {
        if (sim.config().faults().offline) {
            req.connection().close();
            return;
        }
        HttpServerResponse resp = req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, SOAP_TYPE);
        if (challenge) resp.putHeader("WWW-Authenticate", digest.challenge(false));
        resp.end(Buffer.buffer(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs {@code r} after the responseDelay fault (at once when zero). */
    private void later(Runnable r) {
        long ms = sim.config().faults().responseDelay.toMillis();
        if (ms <= 0) r.run();
        else sim.vertx().setTimer(ms, id -> r.run());
    }
}
