package io.warden.sim.onvif.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.warden.adapter.onvif.soap.OnvifHttp;
import io.warden.adapter.onvif.soap.OnvifNs;
import io.warden.adapter.onvif.soap.OnvifSoapClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Starts a door-controller simulator on 127.0.0.1 (port 0) and talks to it through the gateway's own
 * {@link OnvifSoapClient}, so every call also proves WS-Security interop.
 */
abstract class OnvifDoorControllerSimTestBase {
    static final String USER = "admin";
    static final String PASSWORD = "s3cret";

    Vertx vertx;
    WebClient web;
    OnvifDoorControllerSimulator sim;
    OnvifSoapClient soap;

    /** The config under test (port and clock are the test's); subclasses may override. */
    OnvifDoorControllerSimulator.Config config() {
        return OnvifDoorControllerSimulator.Config.of("127.0.0.1", USER, PASSWORD, 2);
    }

    @BeforeEach
    void startSimulator() {
        vertx = Vertx.vertx();
        sim = new OnvifDoorControllerSimulator(vertx, config());
        await(sim.start());
        web = WebClient.create(vertx);
        soap = client(PASSWORD);
    }

    @AfterEach
    void stopSimulator() {
        await(sim.stop());
        web.close();
        await(vertx.close());
    }

    OnvifSoapClient client(String password) {
        return new OnvifSoapClient(vertx, new OnvifHttp(vertx, web, Clock.systemUTC()), URI.create(sim.deviceServiceUri()), USER, password,
                new OnvifSoapClient.Options(Duration.ofSeconds(15), 1 << 20));
    }

    Future<Element> send(String service, String ns, String op, String inner) {
        return send(URI.create(sim.xaddr(service)), ns, op, inner);
    }

    Future<Element> send(URI to, String ns, String op, String inner) {
        String body = "<x:" + op + " xmlns:x=\"" + ns + "\">" + inner + "</x:" + op + ">";
        return soap.call(to, ns + "/" + op, body, Instant.now().plusSeconds(20));
    }

    /** An authenticated door-control call; the response element. */
    Element tdc(String op, String inner) {
        return await(send("doorcontrol_service", OnvifNs.TDC, op, inner));
    }

    /** A door-control call that must fail; the client's message (names the fault's subcodes and reason). */
    String tdcFault(String op, String inner) {
        return awaitFailure(send("doorcontrol_service", OnvifNs.TDC, op, inner)).getMessage();
    }

    static String token(String door) {
        return "<x:Token>" + door + "</x:Token>";
    }

    static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) out.add(e);
        }
        return out;
    }

    static List<String> childNames(Element parent) {
        List<String> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.add(e.getLocalName());
        }
        return out;
    }

    static String text(Element parent, String ns, String local) {
        List<Element> l = children(parent, ns, local);
        return l.isEmpty() ? null : l.get(0).getTextContent().strip();
    }
}
