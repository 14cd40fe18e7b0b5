package io.warden.adapter.onvif.soap;

import io.vertx.core.Future;
import io.warden.adapter.api.CameraInfo;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.time.Instant;
import java.net.URI;
import java.util.Map;

/** Device service (tds) operations: device information and service discovery. Non-blocking. */
public final class OnvifDeviceOps {
    private final OnvifSoapClient soap;
    private final boolean preserveAddress;

    public OnvifDeviceOps(OnvifSoapClient soap, boolean preserveAddress) {
        this.soap = soap;
        this.preserveAddress = preserveAddress;
    }

    public Future<CameraInfo> deviceInformation(Instant deadline) {
        return soap.call(soap.deviceService(), OnvifNs.TDS + "/GetDeviceInformation",
                        "<tds:GetDeviceInformation xmlns:tds=\"" + OnvifNs.TDS + "\"/>", deadline)
                .map(OnvifDeviceParsers::deviceInformation);
    }

    /**
     * GetServices (IncludeCapability=false); when it faults or the device answers with an HTTP
     * error (pre-2.x devices), GetCapabilities(All). Authentication failures and timeouts are not
     * hidden by the fallback. Both are PRE_AUTH but many devices want credentials: sent with them.
     */
    public Future<OnvifServiceMap> services(Instant deadline) {
        return soap.call(soap.deviceService(), OnvifNs.TDS + "/GetServices",
                        "<tds:GetServices xmlns:tds=\"" + OnvifNs.TDS + "\"><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>",
                        deadline)
                .map(OnvifDeviceParsers::services)
                .recover(t -> fallback(t) ? capabilities(deadline) : Future.failedFuture(t))
                .map(m -> OnvifServiceMap.of(soap.deviceService(), m, preserveAddress));
    }

    private static boolean fallback(Throwable t) {
        ErrorCode c = WardenException.codeOf(t);
        return c == ErrorCode.UNSUPPORTED || c == ErrorCode.DEVICE_REJECTED || c == ErrorCode.NOT_FOUND || c == ErrorCode.PROTOCOL_ERROR;
    }

    private Future<Map<String, URI>> capabilities(Instant deadline) {
        return soap.call(soap.deviceService(), OnvifNs.TDS + "/GetCapabilities",
                        "<tds:GetCapabilities xmlns:tds=\"" + OnvifNs.TDS + "\"><tds:Category>All</tds:Category></tds:GetCapabilities>",
                        deadline)
                .map(OnvifDeviceParsers::capabilities);
    }
}
