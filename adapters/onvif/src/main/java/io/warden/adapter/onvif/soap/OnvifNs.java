package io.warden.adapter.onvif.soap;

/** The XML namespaces of ONVIF, in one place: the client and the simulated device both use these. */
public final class OnvifNs {
    /** SOAP 1.2, the only envelope ONVIF speaks. */
    public static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    /** SOAP 1.1, which ONVIF does not speak: a device answers an envelope in it with a VersionMismatch fault. */
    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public static final String TT = "http://www.onvif.org/ver10/schema";
    public static final String TER = "http://www.onvif.org/ver10/error";
    public static final String TDS = "http://www.onvif.org/ver10/device/wsdl";
    public static final String TRT = "http://www.onvif.org/ver10/media/wsdl";
    public static final String TR2 = "http://www.onvif.org/ver20/media/wsdl";
    public static final String TSE = "http://www.onvif.org/ver10/search/wsdl";
    public static final String TRC = "http://www.onvif.org/ver10/recording/wsdl";
    public static final String TRP = "http://www.onvif.org/ver10/replay/wsdl";
    public static final String TEV = "http://www.onvif.org/ver10/events/wsdl";
    /** Door control (Profile C). */
    public static final String TDC = "http://www.onvif.org/ver10/doorcontrol/wsdl";
    /** Access control (Profile C): access points, areas. */
    public static final String TAC = "http://www.onvif.org/ver10/accesscontrol/wsdl";
    /** PACS common types. */
    public static final String PT = "http://www.onvif.org/ver10/pacs";
    /** The event topic set (the {@code tns1:} prefix of topic expressions). */
    public static final String TNS1 = "http://www.onvif.org/ver10/topics";
    /** WS-BaseNotification (pull-point subscriptions, notification messages). */
    public static final String WSNT = "http://docs.oasis-open.org/wsn/b-2";
    /** WS-Addressing 2005/08. */
    public static final String WSA = "http://www.w3.org/2005/08/addressing";

    private OnvifNs() {}
}
