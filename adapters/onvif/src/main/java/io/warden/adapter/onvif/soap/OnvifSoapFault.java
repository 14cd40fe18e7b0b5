package io.warden.adapter.onvif.soap;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A SOAP 1.2 fault as a device sent it, and its mapping to Warden's error codes. Devices send
 * faults under HTTP 400, 500 and even 200 or 401, so the body is read whatever the status.
 *
 * @param code     the top-level code ({@code env:Sender}, {@code env:Receiver}, ...)
 * @param subcodes nested subcodes, outermost first; a prefix the device never declared yields a
 *                 QName without namespace (matched by local name)
 * @param reason   the first Reason text, trimmed; may be empty
 */
public record OnvifSoapFault(QName code, List<QName> subcodes, String reason) {
    private static final Set<String> NOT_FOUND = Set.of("NoRecording", "NoProfile", "InvalidToken", "NotFound",
            "NoSource", "InvalidSource");

    public OnvifSoapFault {
        subcodes = List.copyOf(subcodes);
        reason = reason == null ? "" : reason;
    }

    /** The fault in {@code doc}'s Body, if there is one. */
    public static Optional<OnvifSoapFault> of(Document doc) {
        Element env = doc.getDocumentElement();
        Optional<Element> fault = OnvifXml.path(env, OnvifNs.SOAP, "Body", OnvifNs.SOAP, "Fault");
        if (fault.isEmpty()) return Optional.empty();
        Element f = fault.get();
        Optional<Element> codeEl = OnvifXml.child(f, OnvifNs.SOAP, "Code");
        QName code = codeEl.flatMap(c -> OnvifXml.child(c, OnvifNs.SOAP, "Value"))
                .map(v -> OnvifXml.qname(v, OnvifXml.text(v))).orElse(new QName(""));
        List<QName> subs = new ArrayList<>();
        Optional<Element> sub = codeEl.flatMap(c -> OnvifXml.child(c, OnvifNs.SOAP, "Subcode"));
        while (sub.isPresent() && subs.size() < 8) {
            Element s = sub.get();
            OnvifXml.child(s, OnvifNs.SOAP, "Value").ifPresent(v -> subs.add(OnvifXml.qname(v, OnvifXml.text(v))));
            sub = OnvifXml.child(s, OnvifNs.SOAP, "Subcode");
        }
        String reason = OnvifXml.child(f, OnvifNs.SOAP, "Reason")
                .flatMap(r -> OnvifXml.child(r, OnvifNs.SOAP, "Text")).map(OnvifXml::text).orElse("");
        return Optional.of(new OnvifSoapFault(code, subs, truncate(reason)));
    }

    private static String truncate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** True when one of the subcodes is {@code ter:<local>} (or an undeclared prefix with that local name). */
    public boolean has(String local) {
        for (QName q : subcodes) {
            if (local.equals(q.getLocalPart()) && (OnvifNs.TER.equals(q.getNamespaceURI()) || q.getNamespaceURI().isEmpty())) {
                return true;
            }
        }
        return false;
    }

    public boolean notAuthorized() {
        return has("NotAuthorized");
    }

    /** The subcode names, e.g. {@code InvalidArgVal/NoRecording}. */
    public String subcodeNames() {
        return subcodes.stream().map(QName::getLocalPart).collect(Collectors.joining("/"));
    }

    /** The Warden error for this fault, naming the operation, the subcodes and the device's reason. */
    public WardenException toException(String operation) {
        String names = code.getLocalPart() + (subcodes.isEmpty() ? "" : "/" + subcodeNames());
        String msg = operation + " refused by the device: " + names + (reason.isEmpty() ? "" : " (" + reason + ")");
        ErrorCode ec = ErrorCode.DEVICE_REJECTED;
        if (notAuthorized()) ec = ErrorCode.AUTHENTICATION_FAILED;
        else if (subcodes.stream().anyMatch(q -> NOT_FOUND.contains(q.getLocalPart()) && has(q.getLocalPart()))) ec = ErrorCode.NOT_FOUND;
        else if (has("ActionNotSupported")) ec = ErrorCode.UNSUPPORTED;
        return new WardenException(ec, msg, new Carrier(this));
    }

    /**
     * The device's fault behind {@code t}, when {@code t} came from {@link #toException}: callers that
     * react to one subcode (InvalidStartReference) or show the device's reason read it here.
     */
    public static Optional<OnvifSoapFault> in(Throwable t) {
        return t instanceof WardenException && t.getCause() instanceof Carrier c ? Optional.of(c.fault) : Optional.empty();
    }

    /** Carries the fault as the cause of its WardenException; no stack trace. */
    private static final class Carrier extends RuntimeException {
        private final transient OnvifSoapFault fault;

        Carrier(OnvifSoapFault fault) {
            super("SOAP fault " + fault.code().getLocalPart() + "/" + fault.subcodeNames(), null, false, false);
            this.fault = fault;
        }
    }
}
