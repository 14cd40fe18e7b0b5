package io.warden.adapter.onvif.soap;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Hardened, namespace-aware DOM parsing of what devices send, and small helpers to read it.
 *
 * <p>Devices are not trusted: a DOCTYPE is refused outright (so no DTD, no external entity, no
 * entity expansion bomb), XInclude is off, nesting is capped at {@link #MAX_DEPTH}, and the size is
 * checked before parsing. Parsing is CPU work proportional to the size: callers on an event loop
 * hand big bodies to a worker.
 * Thread-safe (one builder per call).
 */
public final class OnvifXml {
    /** The default cap on a SOAP body. */
    public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

    /** The deepest element nesting accepted. */
    public static final int MAX_DEPTH = 200;

    private static final DocumentBuilderFactory FACTORY = newFactory();

    private OnvifXml() {}

    private static DocumentBuilderFactory newFactory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            // real answers nest ~15 deep; 100 000 nested elements parse fine but overflow the stack
            // of every recursive DOM walk (getTextContent) afterwards
            f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
    }

    /**
     * Parse {@code bytes} (any encoding the XML declaration names).
     *
     * @throws WardenException PROTOCOL_ERROR when too big, not well-formed, or carrying a DOCTYPE
     */
    public static Document parse(byte[] bytes, int maxBytes) {
        if (bytes.length > maxBytes) {
            throw new WardenException(ErrorCode.PROTOCOL_ERROR,
                    "XML body too large: " + bytes.length + " bytes, limit " + maxBytes);
        }
        if (bytes.length == 0) throw new WardenException(ErrorCode.PROTOCOL_ERROR, "empty XML body");
        try {
            DocumentBuilder b = FACTORY.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler()); // no printing to stderr
            b.setEntityResolver((publicId, systemId) -> new InputSource(new ByteArrayInputStream(new byte[0])));
            return b.parse(new ByteArrayInputStream(bytes));
        } catch (SAXException e) {
            throw new WardenException(ErrorCode.PROTOCOL_ERROR, "malformed XML: " + firstLine(e.getMessage()));
        } catch (IOException | ParserConfigurationException e) {
            throw new WardenException(ErrorCode.PROTOCOL_ERROR, "unreadable XML: " + e.getClass().getSimpleName());
        }
    }

    public static Document parse(byte[] bytes) {
        return parse(bytes, DEFAULT_MAX_BYTES);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    /** The first child element of {@code parent} with this namespace URI and local name. */
    public static Optional<Element> child(Element parent, String ns, String local) {
        if (parent == null) return Optional.empty();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** All child elements of {@code parent} with this namespace URI and local name, in order. */
    public static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        if (parent == null) return out;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) out.add(e);
        }
        return out;
    }

    /** All child elements, any name. */
    public static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.add(e);
        }
        return out;
    }

    /** Follow a path of (namespace, local name) pairs from {@code parent}. */
    public static Optional<Element> path(Element parent, String... nsLocalPairs) {
        Optional<Element> cur = Optional.ofNullable(parent);
        for (int i = 0; i + 1 < nsLocalPairs.length && cur.isPresent(); i += 2) {
            String ns = nsLocalPairs[i];
            String local = nsLocalPairs[i + 1];
            cur = child(cur.get(), ns, local);
        }
        return cur;
    }

    /** The element's text content, trimmed (entities such as {@code &amp;} are already resolved by the parser). */
    public static String text(Element e) {
        return e.getTextContent() == null ? "" : e.getTextContent().strip();
    }

    /** The trimmed text of the first matching child, if there is one. */
    public static Optional<String> childText(Element parent, String ns, String local) {
        return child(parent, ns, local).map(OnvifXml::text);
    }

    /**
     * Resolve a QName written as element text ({@code ter:NotAuthorized}) against the namespaces in
     * scope at {@code context}. A prefix that is not declared (some firmware does that) yields a
     * QName with an empty namespace: compare such names by local part.
     */
    public static QName qname(Element context, String value) {
        String v = value.strip();
        int colon = v.indexOf(':');
        String prefix = colon < 0 ? null : v.substring(0, colon);
        String local = colon < 0 ? v : v.substring(colon + 1);
        String ns = context.lookupNamespaceURI(prefix);
        return new QName(ns == null ? "" : ns, local, prefix == null ? "" : prefix);
    }
}
