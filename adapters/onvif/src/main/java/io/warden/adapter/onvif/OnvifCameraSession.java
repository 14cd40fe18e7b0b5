package io.warden.adapter.onvif;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.onvif.soap.OnvifDeviceOps;
import io.warden.adapter.onvif.soap.OnvifHttp;
import io.warden.adapter.onvif.soap.OnvifMediaOps;
import io.warden.adapter.onvif.soap.OnvifSearchOps;
import io.warden.adapter.onvif.soap.OnvifServiceMap;
import io.warden.adapter.onvif.soap.OnvifSoapClient;
import io.warden.adapter.onvif.soap.OnvifXml;
import java.time.Instant;

/**
 * One ONVIF device (a camera or a recorder) as the adapter talks to it: its SOAP client and its
 * service map, discovered once and kept (discovery is retried after a failure). Non-blocking.
 */
final class OnvifCameraSession {
    private final Vertx vertx;
    private final OnvifCameraOptions.Endpoint endpoint;
    private final boolean preserveAddress;
    private final OnvifSoapClient soap;
    private final OnvifDeviceOps device;
    private volatile Future<OnvifServiceMap> services;

    OnvifCameraSession(Vertx vertx, OnvifHttp http, OnvifCameraOptions.Endpoint endpoint, OnvifCameraOptions options) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.preserveAddress = options.preserveAddress();
        this.soap = new OnvifSoapClient(vertx, http, endpoint.deviceService(), endpoint.username(), endpoint.password(),
                new OnvifSoapClient.Options(options.requestTimeout(), OnvifXml.DEFAULT_MAX_BYTES));
        this.device = new OnvifDeviceOps(soap, preserveAddress);
    }

    OnvifCameraOptions.Endpoint endpoint() {
        return endpoint;
    }

    OnvifSoapClient soap() {
        return soap;
    }

    OnvifDeviceOps device() {
        return device;
    }

    Future<OnvifServiceMap> services(Instant deadline) {
        Future<OnvifServiceMap> f = services;
        if (f == null || f.failed()) {
            f = device.services(deadline);
            services = f;
        }
        return f;
    }

    Future<OnvifMediaOps> media(Instant deadline) {
        return services(deadline).map(s -> new OnvifMediaOps(vertx, soap, s, preserveAddress));
    }

    Future<OnvifSearchOps> search(Instant deadline) {
        return services(deadline).map(s -> new OnvifSearchOps(soap, s, preserveAddress));
    }
}
