package io.warden.sim.onvif;

import io.warden.adapter.onvif.soap.OnvifNs;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A plain SOAP 1.2 test client: builds envelopes (with or without a UsernameToken) and reads replies by namespace. */
final class OnvifSimTestClient {
    static final String ENV = OnvifNs.SOAP;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    OnvifSimTestClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A reply: status, headers, raw body and its DOM (null when not XML). */
    record Reply(int status, Map<String, List<String>> headers, byte[] raw, Document doc) {
        String body() {
            return new String(raw, StandardCharsets.UTF_8);
        }

        /** Texts of all elements with that local name in that namespace, trimmed, in document order. */
        List<String> texts(String ns, String local) {
            List<String> out = new ArrayList<>();
            NodeList nl = doc.getElementsByTagNameNS(ns, local);
            for (int i = 0; i < nl.getLength(); i++) out.add(nl.item(i).getTextContent().strip());
            return out;
        }

        String text(String ns, String local) {
            List<String> t = texts(ns, local);
            return t.isEmpty() ? null : t.get(0);
        }

        /** The Body's child element. */
        Element op() {
            Element body = (Element) doc.getElementsByTagNameNS(ENV, "Body").item(0);
            return OnvifSimXml.children(body).get(0);
        }

        /** Fault code and subcode values, outermost first (e.g. env:Sender, ter:NotAuthorized). */
        List<String> faultCodes() {
            return texts(ENV, "Value");
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    Reply post(String path, String envelope, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/soap+xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(envelope));
        headers.forEach(b::header);
        return send(b.build());
    }

    Reply post(String envelope) throws Exception {
        return post("/onvif/device_service", envelope, Map.of());
    }

    Reply get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET();
        headers.forEach(b::header);
        return send(b.build());
    }

    private Reply send(HttpRequest req) throws Exception {
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        Document doc = null;
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.contains("xml")) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body()));
        }
        return new Reply(r.statusCode(), r.headers().map(), r.body(), doc);
    }

    static String envelope(String header, String body) {
        return "<s:Envelope xmlns:s=\"" + ENV + "\">" + (header.isEmpty() ? "" : "<s:Header>" + header + "</s:Header>")
                + "<s:Body>" + body + "</s:Body></s:Envelope>";
    }

    /** A UsernameToken header with a fresh nonce and Created = {@code created}. */
    static String token(String user, String password, Instant created) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return token(user, password, nonce, OnvifSimXml.time(created));
    }

    static String token(String user, String password, byte[] nonce, String created) {
        byte[] digest = OnvifSimWsSecurity.digest(nonce, created, password.getBytes(StandardCharsets.UTF_8));
        return "<wsse:Security s:mustUnderstand=\"1\" xmlns:wsse=\"" + OnvifNs.WSSE + "\" xmlns:wsu=\"" + OnvifNs.WSU + "\">"
                + "<wsse:UsernameToken><wsse:Username>" + user + "</wsse:Username>"
                + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">"
                + Base64.getEncoder().encodeToString(digest) + "</wsse:Password>"
                + "<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">"
                + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce><wsu:Created>" + created + "</wsu:Created>"
                + "</wsse:UsernameToken></wsse:Security>";
    }

    /** An Authorization: Digest value answering {@code challenge} (MD5, qop=auth). */
    static String digestAuthorization(String challenge, String user, String password, String method, String uri, int nc) {
        Map<String, String> p = OnvifSimHttpDigest.params(challenge.substring("Digest ".length()));
        String cnonce = Long.toHexString(RANDOM.nextLong());
        String ncText = String.format("%08x", nc);
        String ha1 = OnvifSimHttpDigest.md5(user + ":" + p.get("realm") + ":" + password);
        String ha2 = OnvifSimHttpDigest.md5(method + ":" + uri);
        String response = OnvifSimHttpDigest.md5(ha1 + ":" + p.get("nonce") + ":" + ncText + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + p.get("realm") + "\", nonce=\"" + p.get("nonce") + "\", uri=\"" + uri
                + "\", algorithm=MD5, qop=auth, nc=" + ncText + ", cnonce=\"" + cnonce + "\", response=\"" + response + "\"";
    }
}
