package io.warden.adapter.api;

import java.util.Optional;

/**
 * Makes adapters of one type. Found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.warden.adapter.api.DeviceAdapterFactory}); see
 * {@link DeviceAdapterFactories}.
 */
public interface DeviceAdapterFactory {

    /** The {@code type:} string this factory serves, e.g. "osdp". Unique across the classpath. */
    String type();

    /**
     * Validate {@code spec} and build an adapter; does no I/O (that is {@link DeviceAdapter#start()}).
     *
     * @throws WardenException with {@link ErrorCode#BAD_CONFIG} and a message that names the config
     *                         path and the problem, e.g. {@code controllers[1].options.port: missing}
     */
    DeviceAdapter create(AdapterSpec spec, AdapterContext context);

    /**
     * The declared {@code options:} of this type, which {@link #create} reads with
     * {@link AdapterOptions#read}; the gateway's config schema is generated from it. Empty when a
     * factory declares nothing (its options stay open in the schema).
     */
    default Optional<AdapterOptions> options() {
        return Optional.empty();
    }

    /** The declared {@code doors[].point} wiring of a door on a controller of this type; empty when the type drives no doors. */
    default Optional<AdapterOptions> pointOptions() {
        return Optional.empty();
    }
}
