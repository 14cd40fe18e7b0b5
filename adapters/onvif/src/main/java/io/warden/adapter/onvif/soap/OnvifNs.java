package io.warden.adapter.onvif.soap;

/** The XML namespaces the ONVIF client reads and writes, in one place. */
public final class OnvifNs {
    public static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
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

    private OnvifNs() {}
}
