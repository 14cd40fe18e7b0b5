package io.warden.sim.onvif;

import io.vertx.core.Future;
import org.w3c.dom.Element;

/**
 * One SOAP operation call as a service sees it, after the envelope was checked and the caller authenticated.
 *
 * @param request the Body's only child (the operation element)
 * @param header  env:Header, or null
 * @param path    HTTP path it was posted to
 * @param query   HTTP query string, or null
 */
public record OnvifSimCall(Element request, Element header, String path, String query) {

    /** An operation of a simulated service: answers the response element (placed in env:Body), or fails with an {@link OnvifSoapFault}. */
    @FunctionalInterface
    public interface Operation {
        Future<String> handle(OnvifSimCall call);
    }

    /** Map key of an operation: its QName in Clark notation. */
    public static String key(String ns, String local) {
        return "{" + ns + "}" + local;
    }

    public String text(String ns, String local) {
        return OnvifSimXml.childText(request, ns, local);
    }

    /** The text of a required child, or Sender/InvalidArgs naming it. */
    public String required(String ns, String local) {
        String t = text(ns, local);
        if (t == null || t.isEmpty()) throw OnvifSoapFault.sender(request.getLocalName() + ": " + local + " is required", "InvalidArgs");
        return t;
    }
}
