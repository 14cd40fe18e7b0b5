package io.warden.sim.onvif;

import io.warden.adapter.onvif.soap.OnvifNs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * XML for the simulated ONVIF device: a hardened parser (no DTD, no external entities), the reply envelope
 * (prefixes bound to the {@link OnvifNs} namespaces, onvif.md §2), and xs:dateTime / xs:duration conversion.
 * Stateless and thread-safe.
 */
public final class OnvifSimXml {
    /** WS-ResourceFramework: the fault of a subscription that does not exist (any more). */
    public static final String WSRF_RW = "http://docs.oasis-open.org/wsrf/rw-2";
    public static final String WSRF_R = "http://docs.oasis-open.org/wsrf/r-2";
    public static final String WSRF_BF = "http://docs.oasis-open.org/wsrf/bf-2";
    private static final String PREFIXES = " xmlns:env=\"" + OnvifNs.SOAP + "\" xmlns:ter=\"" + OnvifNs.TER
            + "\" xmlns:tt=\"" + OnvifNs.TT + "\" xmlns:tds=\"" + OnvifNs.TDS + "\" xmlns:trt=\"" + OnvifNs.TRT
            + "\" xmlns:tr2=\"" + OnvifNs.TR2 + "\" xmlns:tse=\"" + OnvifNs.TSE + "\" xmlns:trc=\"" + OnvifNs.TRC
            + "\" xmlns:trp=\"" + OnvifNs.TRP + "\" xmlns:tev=\"" + OnvifNs.TEV + "\" xmlns:wsnt=\"" + OnvifNs.WSNT
            + "\" xmlns:wsa=\"" + OnvifNs.WSA + "\" xmlns:tns1=\"" + OnvifNs.TNS1 + "\" xmlns:tdc=\"" + OnvifNs.TDC
            + "\" xmlns:tac=\"" + OnvifNs.TAC + "\" xmlns:pt=\"" + OnvifNs.PT + "\" xmlns:wsrf-rw=\"" + WSRF_RW
            + "\" xmlns:wsrf-r=\"" + WSRF_R + "\" xmlns:wsrf-bf=\"" + WSRF_BF + "\"";
    static final int MAX_DEPTH = 64;
    private static final DatatypeFactory DATATYPES;

    static {
        try {
            DATATYPES = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private OnvifSimXml() {}

    /**
     * Parses a request body. Refuses any DOCTYPE (so no entity expansion of any kind) and external resources.
     *
     * @throws OnvifSoapFault Sender/WellFormed naming the parser's complaint
     */
    public static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            // Deep nesting would make DOM walks recurse without bound; no SOAP message here nests beyond ~10.
            f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(body));
        } catch (SAXException e) {
            throw OnvifSoapFault.sender("Malformed XML: " + e.getMessage(), "WellFormed");
        } catch (ParserConfigurationException | IOException | IllegalArgumentException e) {
            throw OnvifSoapFault.receiver("XML parser unavailable: " + e.getMessage(), "Action");
        }
    }

    /** A complete SOAP 1.2 reply with the usual prefixes declared on the envelope. */
    public static String envelope(String header, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope" + PREFIXES + ">"
                + (header.isEmpty() ? "" : "<env:Header>" + header + "</env:Header>")
                + "<env:Body>" + body + "</env:Body></env:Envelope>";
    }

    public static String esc(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code <prefixed>text</prefixed>}, text escaped. */
    public static String el(String name, Object text) {
        return "<" + name + ">" + esc(String.valueOf(text)) + "</" + name + ">";
    }

    public static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.add(e);
        }
        return out;
    }

    public static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Element e : children(parent)) {
            if (is(e, ns, local)) out.add(e);
        }
        return out;
    }

    /** The first child with that namespace and local name, or null. */
    public static Element child(Element parent, String ns, String local) {
        if (parent == null) return null;
        for (Element e : children(parent)) {
            if (is(e, ns, local)) return e;
        }
        return null;
    }

    /** Trimmed text of the first such child, or null when absent. */
    public static String childText(Element parent, String ns, String local) {
        Element e = child(parent, ns, local);
        return e == null ? null : e.getTextContent().strip();
    }

    public static boolean is(Element e, String ns, String local) {
        return ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    /** xs:dateTime in UTC with Z, milliseconds only when not zero. */
    public static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Parses an xs:dateTime that carries a zone (Z or an offset); seconds and fractions optional.
     *
     * @throws OnvifSoapFault Sender/InvalidArgVal naming the field
     */
    public static Instant parseTime(String field, String text) {
        try {
            return OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw OnvifSoapFault.sender(field + ": not an xs:dateTime with a zone: " + clip(text), "InvalidArgVal");
        }
    }

    /**
     * Parses an xs:duration (PT10S, PT1M, P0D, PT0.5S …) without years or months.
     *
     * @throws OnvifSoapFault Sender/InvalidArgVal naming the field
     */
    public static Duration parseDuration(String field, String text) {
        try {
            javax.xml.datatype.Duration d = DATATYPES.newDuration(text.strip());
            if (d.getYears() != 0 || d.getMonths() != 0 || d.getSign() < 0) throw new IllegalArgumentException();
            return Duration.ofMillis(d.getTimeInMillis(new java.util.Date(0)));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw OnvifSoapFault.sender(field + ": not a positive xs:duration: " + clip(text), "InvalidArgVal");
        }
    }

    /** xs:duration of whole or fractional seconds, e.g. PT10S. */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? "PT" + ms / 1000 + "S" : "PT" + ms / 1000 + "." + String.format("%03d", ms % 1000) + "S";
    }

    /** Bounded echo of client text in fault reasons. */
    public static String clip(String s) {
        return s == null ? "null" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
