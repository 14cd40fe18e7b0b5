package io.warden.adapter.onvif;

import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterOptions;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactory;
import java.util.Optional;

/**
 * {@code type: onvif}: under {@code cameras:}, one ONVIF camera (and optionally the recorder that holds
 * its footage); under {@code controllers:}, one Profile C door controller. No I/O at create.
 */
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
    public Optional<AdapterOptions> pointOptions() {
        return Optional.of(OnvifDoorControllerAdapter.POINT);
    }

    @Override
    public DeviceAdapter create(AdapterSpec spec, AdapterContext context) {
        if (spec.role() == AdapterSpec.Role.CAMERA) return new OnvifCameraAdapter(spec.id(), context, OnvifCameraOptions.parse(spec, context));
        return new OnvifDoorControllerAdapter(spec, context);
    }
}
