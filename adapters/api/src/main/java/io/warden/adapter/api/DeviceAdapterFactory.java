package io.warden.adapter.api;

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
}
