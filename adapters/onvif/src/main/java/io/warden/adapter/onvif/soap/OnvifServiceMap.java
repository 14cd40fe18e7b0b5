package io.warden.adapter.onvif.soap;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where each ONVIF service of a device lives (namespace → XAddr), from GetServices or
 * GetCapabilities, with the preserve-address rewrite already applied when asked for.
 */
public record OnvifServiceMap(URI deviceService, Map<String, URI> xaddrs) {
    public OnvifServiceMap {
        xaddrs = Map.copyOf(xaddrs);
    }

    public static OnvifServiceMap of(URI deviceService, Map<String, URI> advertised, boolean preserveAddress) {
        Map<String, URI> out = new java.util.LinkedHashMap<>();
        advertised.forEach((ns, u) -> out.put(ns, preserveAddress ? OnvifAddress.rewrite(u, deviceService) : u));
        return new OnvifServiceMap(deviceService, out);
    }

    public Optional<URI> get(String namespace) {
        return Optional.ofNullable(xaddrs.get(namespace));
    }

    public boolean has(String namespace) {
        return xaddrs.containsKey(namespace);
    }
}
