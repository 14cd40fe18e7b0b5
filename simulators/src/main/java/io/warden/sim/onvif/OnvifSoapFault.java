package io.warden.sim.onvif;

import java.util.List;

/**
 * A SOAP 1.2 fault the simulated device answers with (onvif.md §1.5): a code, up to two ONVIF subcodes, a
 * reason and the HTTP status of the SOAP 1.2 binding (Sender → 400, Receiver → 500, unless a real device's
 * habit says otherwise). Thrown by the services, rendered by {@link OnvifCameraSimulator}.
 */
public final class OnvifSoapFault extends RuntimeException {
    private final String code;
    private final List<String> subcodes;
    private final int httpStatus;
    private final String detailXml;

    /**
     * @param code     {@code Sender}, {@code Receiver}, {@code VersionMismatch} or {@code MustUnderstand} (env: prefix added)
     * @param subcodes ter: local names, outermost first (e.g. InvalidArgVal, NoRecording); a name with a prefix
     *                 (wsrf-rw:ResourceUnknownFault) is used as it is
     * @param reason   English text naming what is wrong
     */
    public OnvifSoapFault(String code, List<String> subcodes, String reason, int httpStatus) {
        this(code, subcodes, reason, httpStatus, "");
    }

    private OnvifSoapFault(String code, List<String> subcodes, String reason, int httpStatus, String detailXml) {
        super(reason, null, false, false);
        this.code = code;
        this.subcodes = List.copyOf(subcodes);
        this.httpStatus = httpStatus;
        this.detailXml = detailXml;
    }

    /**
     * WS-BaseNotification's answer for a subscription that does not exist (never did, ended, or was lost in a
     * reboot): Sender with the subcode wsrf-rw:ResourceUnknownFault and a wsrf-r:ResourceUnknownFault detail.
     */
    public static OnvifSoapFault resourceUnknown(String reason, java.time.Instant deviceNow) {
        String detail = "<wsrf-r:ResourceUnknownFault>" + OnvifSimXml.el("wsrf-bf:Timestamp", OnvifSimXml.time(deviceNow))
                + "<wsrf-bf:Description xml:lang=\"en\">" + OnvifSimXml.esc(reason) + "</wsrf-bf:Description></wsrf-r:ResourceUnknownFault>";
        return new OnvifSoapFault("Sender", List.of("wsrf-rw:ResourceUnknownFault"), reason, 400, detail);
    }

    public static OnvifSoapFault sender(String reason, String... subcodes) {
        return new OnvifSoapFault("Sender", List.of(subcodes), reason, 400);
    }

    public static OnvifSoapFault receiver(String reason, String... subcodes) {
        return new OnvifSoapFault("Receiver", List.of(subcodes), reason, 500);
    }

    public static OnvifSoapFault notAuthorized(String reason) {
        return sender(reason, "NotAuthorized");
    }

    public static OnvifSoapFault versionMismatch() {
        return new OnvifSoapFault("VersionMismatch", List.of(), "Only SOAP 1.2 envelopes are accepted", 500);
    }

    public String code() {
        return code;
    }

    public List<String> subcodes() {
        return subcodes;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The env:Fault element (prefixes env, ter declared by the envelope). */
    public String toXml() {
        StringBuilder sb = new StringBuilder("<env:Fault><env:Code><env:Value>env:").append(code).append("</env:Value>");
        for (String sub : subcodes) sb.append("<env:Subcode><env:Value>").append(sub.contains(":") ? sub : "ter:" + sub).append("</env:Value>");
        for (int i = 0; i < subcodes.size(); i++) sb.append("</env:Subcode>");
        sb.append("</env:Code><env:Reason><env:Text xml:lang=\"en\">").append(OnvifSimXml.esc(getMessage()))
                .append("</env:Text></env:Reason>");
        if (!detailXml.isEmpty()) sb.append("<env:Detail>").append(detailXml).append("</env:Detail>");
        sb.append("</env:Fault>");
        return sb.toString();
    }

    /** SOAP 1.2 §5.4.7: a VersionMismatch names the envelope version the node supports. */
    public String headerXml() {
        return "VersionMismatch".equals(code)
                ? "<env:Upgrade><env:SupportedEnvelope qname=\"env:Envelope\"/></env:Upgrade>"
                : "";
    }
}
