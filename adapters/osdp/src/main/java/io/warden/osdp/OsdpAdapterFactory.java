package io.warden.osdp;

import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterOptions;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactory;
import java.security.SecureRandom;
import java.util.Optional;

/** {@code type: osdp}: an OSDP line, serial (RS-485) or TCP through a serial device server. */
public final class OsdpAdapterFactory implements DeviceAdapterFactory {
    public static final String TYPE = "osdp";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<AdapterOptions> options() {
        return Optional.of(OsdpAdapterConfig.OPTIONS);
    }

    @Override
    public Optional<AdapterOptions> pointOptions() {
        return Optional.of(OsdpAdapterConfig.POINT);
    }

    @Override
    public DeviceAdapter create(AdapterSpec spec, AdapterContext context) {
        return new OsdpAdapter(spec, OsdpAdapterConfig.parse(spec, context), context, new SecureRandom());
    }
}
