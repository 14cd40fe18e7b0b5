package io.warden.adapter.onvif.soap;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.LinePermit;
import io.warden.adapter.api.WardenException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SOAP 1.2 over HTTP to one ONVIF device, with its authentication: WS-Security UsernameToken
 * (PasswordDigest, Created on the device's clock) by default, HTTP Digest when the device answers
 * 401 with a challenge (then digest only). The device clock offset is measured with
 * GetSystemDateAndTime before the first authenticated call and again once when the device says
 * NotAuthorized and the last measurement is older than a minute.
 *
 * <p>Thread-safe enough for Vert.x use: state (offset, digest challenge) is read and written on
 * whatever thread completes the futures; races only cost an extra round trip. Futures fail with
 * {@link WardenException}: faults mapped by {@link OnvifSoapFault}, an HTML or empty 401 as
 * AUTHENTICATION_FAILED, an unparseable body as PROTOCOL_ERROR, transport errors per
 * {@link OnvifHttp}. Never logs passwords, digests, nonces or Authorization headers.
 */
public final class OnvifSoapClient {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifSoapClient.class);
    private static final Duration RESYNC_AFTER = Duration.ofMinutes(1);

    /** Settings: the longest single request, and the cap on a response body. */
    public record Options(Duration requestTimeout, int maxResponseBytes) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), OnvifXml.DEFAULT_MAX_BYTES);
        }
    }

    private final Vertx vertx;
    private final OnvifHttp http;
    private final URI deviceService;
    private final String username;
    private final String password;
    private final Options options;
    private final LinePermit permit;
    private final SecureRandom random = new SecureRandom();

    private volatile Duration offset;
    private volatile Instant syncedAt;
    private volatile OnvifHttpDigest.Challenge digest;
    // several contexts may call at once: a repeated nc is a replay to the device
    private final AtomicInteger nc = new AtomicInteger();

    public OnvifSoapClient(Vertx vertx, OnvifHttp http, URI deviceService, String username, String password, Options options) {
        this(vertx, http, deviceService, username, password, options, LinePermit.ALWAYS);
    }

    /**
     * @param permit asked right before every request is sent (first sends and retries alike): while it
     *               refuses, nothing is sent and the call fails with DEVICE_OFFLINE naming the refusal
     */
    public OnvifSoapClient(Vertx vertx, OnvifHttp http, URI deviceService, String username, String password, Options options,
                           LinePermit permit) {
        this.permit = Objects.requireNonNull(permit, "permit");
        this.vertx = vertx;
        this.http = http;
        this.deviceService = deviceService;
        this.username = username;
        this.password = password;
        this.options = options;
    }

    public URI deviceService() {
        return deviceService;
    }

    /** The clock deadlines for this client are measured on. */
    public java.time.Clock clock() {
        return http.clock();
    }

    /** Device clock minus gateway clock, as last measured; empty before the first sync. */
    public Optional<Duration> clockOffset() {
        return Optional.ofNullable(offset);
    }

    /**
     * GetSystemDateAndTime without credentials (PRE_AUTH); if the device answers 401, again with
     * them. Updates {@link #clockOffset()}.
     */
    public Future<Duration> syncClock(Instant deadline) {
        Instant sent = http.clock().instant();
        String body = "<tds:GetSystemDateAndTime xmlns:tds=\"" + OnvifNs.TDS + "\"/>";
        String action = OnvifNs.TDS + "/GetSystemDateAndTime";
        return post(deviceService, action, body, deadline, Auth.NONE, "GetSystemDateAndTime")
                .recover(t -> WardenException.codeOf(t) == ErrorCode.AUTHENTICATION_FAILED
                        ? post(deviceService, action, body, deadline, digest != null ? Auth.DIGEST : Auth.WSSE, "GetSystemDateAndTime")
                        : Future.failedFuture(t))
                .map(resp -> {
                    Instant received = http.clock().instant();
                    Instant device = OnvifDeviceParsers.systemDateAndTime(resp);
                    Instant local = sent.plus(Duration.between(sent, received).dividedBy(2));
                    Duration d = Duration.between(local, device);
                    offset = d;
                    syncedAt = received;
                    LOG.debug("event=onvif.clock_sync device={} offsetMs={}", deviceService.getHost(), d.toMillis());
                    return d;
                });
    }

    /** An unauthenticated (PRE_AUTH) call; returns the Body's first element. */
    public Future<Element> callPreAuth(URI xaddr, String action, String bodyXml, Instant deadline) {
        return post(xaddr, action, bodyXml, deadline, Auth.NONE, opName(action));
    }

    /**
     * An authenticated call; returns the Body's first element (the operation's response). Syncs the
     * clock first when it was never measured.
     */
    public Future<Element> call(URI xaddr, String action, String bodyXml, Instant deadline) {
        return call(xaddr, action, bodyXml, "", options.requestTimeout(), deadline);
    }

    /**
     * {@link #call(URI, String, String, Instant)} with {@code headerXml} (e.g. WS-Addressing elements,
     * namespaces declared on themselves) added to the SOAP Header after the security header, and
     * {@code timeout} instead of the default request timeout (a long poll outlives it); still bounded
     * by {@code deadline}.
     */
    public Future<Element> call(URI xaddr, String action, String bodyXml, String headerXml, Duration timeout, Instant deadline) {
        String op = opName(action);
        Request r = new Request(xaddr, action, bodyXml, headerXml, timeout);
        Future<?> ready = offset == null ? syncClock(deadline) : Future.succeededFuture();
        return ready.compose(x -> post(r, deadline, digest != null ? Auth.DIGEST : Auth.WSSE, op))
                .recover(t -> {
                    boolean stale = syncedAt == null || Duration.between(syncedAt, http.clock().instant()).compareTo(RESYNC_AFTER) > 0;
                    if (WardenException.codeOf(t) == ErrorCode.AUTHENTICATION_FAILED && stale && digest == null) {
                        return syncClock(deadline).compose(d -> post(r, deadline, Auth.WSSE, op));
                    }
                    return Future.failedFuture(t);
                });
    }

    private enum Auth { NONE, WSSE, DIGEST }

    /** One SOAP request as the caller asked for it. */
    private record Request(URI xaddr, String action, String bodyXml, String headerXml, Duration timeout) {}

    private Future<Element> post(URI xaddr, String action, String bodyXml, Instant deadline, Auth auth, String op) {
        return post(new Request(xaddr, action, bodyXml, "", options.requestTimeout()), deadline, auth, op);
    }

    private Future<Element> post(Request r, Instant deadline, Auth auth, String op) {
        URI xaddr = r.xaddr();
        OnvifHttpDigest.Challenge used = digest;
        return send(r, deadline, auth, op).compose(reply -> {
            if (reply.status() == 401 && auth != Auth.DIGEST) {
                Optional<OnvifHttpDigest.Challenge> c = OnvifHttpDigest.choose(OnvifHttpDigest.parse(reply.all("WWW-Authenticate")), "https".equalsIgnoreCase(xaddr.getScheme()));
                if (c.isPresent() && auth != Auth.NONE) {
                    digest = c.get();
                    nc.set(0);
                    return send(r, deadline, Auth.DIGEST, op).compose(again -> interpret(again, op));
                }
            }
            if (reply.status() == 401 && auth == Auth.DIGEST) {
                // the nonce went stale: answer the fresh challenge once. Many cameras rotate the nonce
                // without saying stale=true, so a nonce other than the one just used counts too.
                Optional<OnvifHttpDigest.Challenge> c = OnvifHttpDigest.choose(OnvifHttpDigest.parse(reply.all("WWW-Authenticate")), "https".equalsIgnoreCase(xaddr.getScheme()));
                String stale = c.map(ch -> ch.param("stale")).orElse("false");
                boolean rotated = c.isPresent() && (used == null || !Objects.equals(used.param("nonce"), c.get().param("nonce")));
                if (c.isPresent() && ("true".equalsIgnoreCase(stale) || rotated)) {
                    digest = c.get();
                    nc.set(0);
                    return send(r, deadline, Auth.DIGEST, op).compose(again -> interpret(again, op));
                }
            }
            return interpret(reply, op);
        });
    }

    private Future<OnvifHttp.Reply> send(Request r, Instant deadline, Auth auth, String op) {
        if (!permit.mayDrive()) {
            return Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE, op + " not sent: " + permit.refusal()));
        }
        URI xaddr = r.xaddr();
        String action = r.action();
        String header = "";
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/soap+xml; charset=utf-8; action=\"" + action + "\"");
        if (auth == Auth.WSSE) {
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            Duration off = offset == null ? Duration.ZERO : offset;
            String created = OnvifWsSecurity.created(http.clock().instant().plus(off));
            header = OnvifWsSecurity.header(username, password, nonce, created);
        } else if (auth == Auth.DIGEST && digest != null) {
            byte[] cn = new byte[8];
            random.nextBytes(cn);
            String target = xaddr.getRawPath() == null || xaddr.getRawPath().isEmpty() ? "/" : xaddr.getRawPath();
            if (xaddr.getRawQuery() != null) target += "?" + xaddr.getRawQuery();
            headers.add("Authorization", OnvifHttpDigest.authorization(digest, "POST", target, username, password,
                    nc.incrementAndGet(), HexFormat.of().formatHex(cn)));
        }
        String envelope = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope xmlns:s=\"" + OnvifNs.SOAP + "\">"
                + "<s:Header>" + header + r.headerXml() + "</s:Header><s:Body>" + r.bodyXml() + "</s:Body></s:Envelope>";
        return http.exchange(HttpMethod.POST, xaddr, headers, Buffer.buffer(envelope.getBytes(StandardCharsets.UTF_8)),
                deadline, r.timeout(), options.maxResponseBytes(), op);
    }

    private Future<Element> interpret(OnvifHttp.Reply reply, String op) {
        int status = reply.status();
        Buffer body = reply.body();
        String type = reply.headers().get("Content-Type");
        boolean xml = body.length() > 0 && (type == null || type.contains("xml") || looksLikeXml(body));
        if (!xml) {
            if (status == 401 || status == 403) {
                return Future.failedFuture(new WardenException(ErrorCode.AUTHENTICATION_FAILED,
                        op + ": the device refused the credentials (HTTP " + status + ")"));
            }
            return Future.failedFuture(new WardenException(status / 100 == 2 ? ErrorCode.PROTOCOL_ERROR : ErrorCode.DEVICE_REJECTED,
                    op + ": HTTP " + status + " without a SOAP body"));
        }
        return vertx.executeBlocking(() -> OnvifXml.parse(body.getBytes(), options.maxResponseBytes()), false)
                .recover(t -> {
                    if (status == 401 || status == 403) {
                        return Future.failedFuture(new WardenException(ErrorCode.AUTHENTICATION_FAILED,
                                op + ": the device refused the credentials (HTTP " + status + ")"));
                    }
                    return Future.failedFuture(new WardenException(ErrorCode.PROTOCOL_ERROR, op + ": " + t.getMessage()));
                })
                .compose(doc -> result(doc, status, op));
    }

    private static Future<Element> result(Document doc, int status, String op) {
        Optional<OnvifSoapFault> fault = OnvifSoapFault.of(doc);
        if (fault.isPresent()) return Future.failedFuture(fault.get().toException(op));
        if (status == 401 || status == 403) {
            return Future.failedFuture(new WardenException(ErrorCode.AUTHENTICATION_FAILED,
                    op + ": the device refused the credentials (HTTP " + status + ")"));
        }
        Element env = doc.getDocumentElement();
        if (!OnvifNs.SOAP.equals(env.getNamespaceURI()) || !"Envelope".equals(env.getLocalName())) {
            return Future.failedFuture(new WardenException(ErrorCode.PROTOCOL_ERROR,
                    op + ": not a SOAP 1.2 envelope: {" + env.getNamespaceURI() + "}" + env.getLocalName()));
        }
        Optional<Element> first = OnvifXml.child(env, OnvifNs.SOAP, "Body").flatMap(b -> OnvifXml.elements(b).stream().findFirst());
        if (first.isEmpty()) return Future.failedFuture(new WardenException(ErrorCode.PROTOCOL_ERROR, op + ": empty SOAP Body"));
        if (status / 100 != 2) {
            return Future.failedFuture(new WardenException(ErrorCode.DEVICE_REJECTED, op + ": HTTP " + status));
        }
        // anything but <Op>Response (a SOAP 1.1 Fault, another operation's answer) is not a success
        String expected = (op.endsWith("Request") ? op.substring(0, op.length() - "Request".length()) : op) + "Response";
        if (!expected.equals(first.get().getLocalName())) {
            return Future.failedFuture(new WardenException(ErrorCode.PROTOCOL_ERROR, op + ": expected " + expected + ", got {"
                    + first.get().getNamespaceURI() + "}" + first.get().getLocalName()));
        }
        return Future.succeededFuture(first.get());
    }

    private static boolean looksLikeXml(Buffer b) {
        for (int i = 0; i < Math.min(b.length(), 64); i++) {
            byte c = b.getByte(i);
            if (c == '<') return true;
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != (byte) 0xEF && c != (byte) 0xBB && c != (byte) 0xBF) return false;
        }
        return false;
    }

    private static String opName(String action) {
        int slash = action.lastIndexOf('/');
        return slash < 0 ? action : action.substring(slash + 1);
    }
}
