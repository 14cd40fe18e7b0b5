package io.warden.adapter.onvif;

import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterOptions;
import io.warden.adapter.api.AdapterSpec;
import java.util.Optional;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactory;

/** {@code type: onvif}: one ONVIF camera (and optionally the recorder that holds its footage). No I/O at create. */
public final class OnvifAdapterFactory implements DeviceAdapterFactory {
    public static final String TYPE = "onvif";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<AdapterOptions> options() {
        return Optional.of(OnvifCameraOptions.OPTIONS);
    }

    @Override
    public DeviceAdapter create(AdapterSpec spec, AdapterContext context) {
        return new OnvifCameraAdapter(spec.id(), context, OnvifCameraOptions.parse(spec, context));
    }
}
