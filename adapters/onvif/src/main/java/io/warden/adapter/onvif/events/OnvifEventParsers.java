package io.warden.adapter.onvif.events;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.soap.OnvifNs;
import io.warden.adapter.onvif.soap.OnvifSearchParsers;
import io.warden.adapter.onvif.soap.OnvifXml;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Reads the event service's answers (onvif.md §5): CreatePullPointSubscriptionResponse, PullMessagesResponse,
 * RenewResponse. Pure and thread-safe; failures are PROTOCOL_ERROR naming what is wrong. A bad notification
 * message is skipped with a log line, never failing the rest of the reply.
 */
public final class OnvifEventParsers {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifEventParsers.class);
    private static final Set<String> OPERATIONS = Set.of("Initialized", "Changed", "Deleted");
    private static final int MAX_TOPIC_CHARS = 512;
    /** Bad messages logged one by one per reply; the rest only counted. */
    private static final int LOGGED_SKIPS = 3;

    private OnvifEventParsers() {}

    /** The times of a reply (device clock); either may be null when the device left it out. */
    public record Times(Instant current, Instant termination) {}

    /** A PullMessagesResponse: its times (tev namespace) and the readable messages in document order. */
    public record Pulled(Times times, List<OnvifNotification> messages, int skipped) {
        public Pulled {
            messages = List.copyOf(messages);
        }
    }

    /**
     * A CreatePullPointSubscriptionResponse's subscription reference.
     *
     * @param address             the wsa:Address as the device wrote it (trimmed; query kept): PullMessages' wsa:To
     * @param referenceParameters each wsa:ReferenceParameters child serialized with the namespaces in scope and
     *                            {@code wsa:IsReferenceParameter="true"}, ready to be a SOAP header
     * @param times               CurrentTime and TerminationTime (wsnt namespace here)
     */
    public record Reference(String address, List<String> referenceParameters, Times times) {
        public Reference {
            referenceParameters = List.copyOf(referenceParameters);
        }

        /** The address as a URI, resolved against {@code base} when relative. */
        public URI uri(URI base) {
            try {
                URI u = new URI(address);
                return u.isAbsolute() ? u : base.resolve(u);
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new WardenException(ErrorCode.PROTOCOL_ERROR,
                        "CreatePullPointSubscription: subscription address is not a URI: " + cut(address, 120));
            }
        }
    }

    /** CreatePullPointSubscriptionResponse: SubscriptionReference/Address (required), ReferenceParameters, wsnt times. */
    public static Reference subscription(Element response) {
        Element ref = OnvifXml.child(response, OnvifNs.TEV, "SubscriptionReference")
                .orElseThrow(() -> missing("CreatePullPointSubscription", "tev:SubscriptionReference"));
        String address = OnvifXml.childText(ref, OnvifNs.WSA, "Address").filter(a -> !a.isEmpty())
                .orElseThrow(() -> missing("CreatePullPointSubscription", "wsa:Address in the SubscriptionReference"));
        List<String> params = new ArrayList<>();
        OnvifXml.child(ref, OnvifNs.WSA, "ReferenceParameters")
                .ifPresent(rp -> OnvifXml.elements(rp).forEach(p -> params.add(referenceHeader(p))));
        Reference r = new Reference(address, params, times(response, OnvifNs.WSNT, OnvifNs.TEV, "CreatePullPointSubscription"));
        r.uri(URI.create("http://base.invalid/")); // a bad address fails here, named, rather than at the first pull
        return r;
    }

    /** RenewResponse: wsnt:TerminationTime (required by WS-BaseNotification; null when missing), wsnt:CurrentTime. */
    public static Times renewed(Element response) {
        return times(response, OnvifNs.WSNT, OnvifNs.TEV, "Renew");
    }

    /** PullMessagesResponse: tev:CurrentTime, tev:TerminationTime and every wsnt:NotificationMessage that can be read. */
    public static Pulled pullMessages(Element response) {
        Times times = times(response, OnvifNs.TEV, OnvifNs.WSNT, "PullMessages");
        List<OnvifNotification> out = new ArrayList<>();
        int skipped = 0;
        for (Element m : OnvifXml.children(response, OnvifNs.WSNT, "NotificationMessage")) {
            try {
                out.add(notification(m));
            } catch (WardenException e) {
                skipped++;
                if (skipped <= LOGGED_SKIPS) LOG.warn("event=onvif.event_skipped reason=\"{}\"", e.getMessage());
            }
        }
        if (skipped > LOGGED_SKIPS) LOG.warn("event=onvif.events_skipped count={} (first {} logged)", skipped, LOGGED_SKIPS);
        return new Pulled(times, out, skipped);
    }

    /** One wsnt:NotificationMessage; PROTOCOL_ERROR when its topic or UtcTime is missing or unreadable. */
    public static OnvifNotification notification(Element message) {
        Element topicEl = OnvifXml.child(message, OnvifNs.WSNT, "Topic").orElseThrow(() -> bad("no wsnt:Topic"));
        String topic = topic(topicEl);
        Element tt = OnvifXml.child(message, OnvifNs.WSNT, "Message").flatMap(w -> OnvifXml.child(w, OnvifNs.TT, "Message"))
                .orElseThrow(() -> bad("no wsnt:Message/tt:Message under topic " + topic));
        String utc = tt.getAttribute("UtcTime").strip();
        if (utc.isEmpty()) throw bad("no UtcTime on topic " + topic);
        Instant time;
        try {
            time = OnvifSearchParsers.dateTime(utc);
        } catch (WardenException e) {
            throw bad("UtcTime on topic " + topic + ": " + e.getMessage());
        }
        String op = tt.getAttribute("PropertyOperation").strip();
        return new OnvifNotification(topic, time, OPERATIONS.contains(op) ? op : null,
                items(OnvifXml.child(tt, OnvifNs.TT, "Source")), items(OnvifXml.child(tt, OnvifNs.TT, "Data")));
    }

    /**
     * The topic text trimmed, its prefix resolved against the namespaces in scope at the Topic element: the ONVIF
     * topic set gives the bare path, another namespace {@code {ns}path}, an undeclared prefix the text after it.
     */
    static String topic(Element topicEl) {
        String text = OnvifXml.text(topicEl);
        if (text.isEmpty()) throw bad("empty wsnt:Topic");
        if (text.length() > MAX_TOPIC_CHARS) throw bad("wsnt:Topic longer than " + MAX_TOPIC_CHARS + " characters");
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) || Character.isISOControl(text.charAt(i))) {
                throw bad("wsnt:Topic is not a topic path: \"" + cut(text, 60) + "\"");
            }
        }
        int colon = text.indexOf(':');
        int slash = text.indexOf('/');
        if (colon < 0 || (slash >= 0 && slash < colon)) return text;
        String path = text.substring(colon + 1);
        if (path.isEmpty()) throw bad("wsnt:Topic has a prefix and no path: \"" + cut(text, 60) + "\"");
        String ns = topicEl.lookupNamespaceURI(text.substring(0, colon));
        if (ns == null || OnvifNs.TNS1.equals(ns)) return path;
        return "{" + ns + "}" + path;
    }

    private static Map<String, String> items(Optional<Element> parent) {
        Map<String, String> out = new LinkedHashMap<>();
        parent.ifPresent(p -> {
            for (Element item : OnvifXml.children(p, OnvifNs.TT, "SimpleItem")) {
                String name = item.getAttribute("Name").strip();
                if (!name.isEmpty()) out.putIfAbsent(name, item.getAttribute("Value"));
            }
        });
        return out;
    }

    private static Times times(Element response, String ns, String otherNs, String op) {
        // read from the namespace the schema puts them in; a device that uses the other one is still understood
        return new Times(time(response, ns, otherNs, "CurrentTime", op), time(response, ns, otherNs, "TerminationTime", op));
    }

    private static Instant time(Element response, String ns, String otherNs, String local, String op) {
        Optional<String> t = OnvifXml.childText(response, ns, local).or(() -> OnvifXml.childText(response, otherNs, local));
        if (t.isEmpty() || t.get().isEmpty()) return null;
        try {
            return OnvifSearchParsers.dateTime(t.get());
        } catch (WardenException e) {
            throw new WardenException(ErrorCode.PROTOCOL_ERROR, op + ": " + local + ": " + e.getMessage());
        }
    }

    /** A reference parameter as a header: its subtree with every namespace in scope, marked IsReferenceParameter. */
    private static String referenceHeader(Element param) {
        Element copy = (Element) param.cloneNode(true);
        for (Node n = param.getParentNode(); n instanceof Element anc; n = n.getParentNode()) {
            NamedNodeMap attrs = anc.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                Attr a = (Attr) attrs.item(i);
                if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) continue;
                if (!copy.hasAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getLocalName())) {
                    copy.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, a.getName(), a.getValue());
                }
            }
        }
        String inScope = param.lookupNamespaceURI("wsa");
        String wsa = inScope == null || OnvifNs.WSA.equals(inScope) ? "wsa" : "wsa-ref";
        copy.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + wsa, OnvifNs.WSA);
        copy.setAttributeNS(OnvifNs.WSA, wsa + ":IsReferenceParameter", "true");
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(copy), new StreamResult(w));
            return w.toString();
        } catch (TransformerException e) {
            throw new WardenException(ErrorCode.PROTOCOL_ERROR, "CreatePullPointSubscription: unreadable ReferenceParameters: " + e.getMessage());
        }
    }

    private static WardenException bad(String what) {
        return new WardenException(ErrorCode.PROTOCOL_ERROR, "notification message: " + what);
    }

    private static WardenException missing(String op, String what) {
        return new WardenException(ErrorCode.PROTOCOL_ERROR, op + ": response lacks " + what);
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "..." : s;
    }
}
